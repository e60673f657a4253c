"""Positions are never typed: what is added goes last, and rows are put in order by dragging or
moving them on their parent's page, which sends every row's place (renumbered on save)."""

import pytest
from django.test import Client

from lessons.models import Course, Lesson, Module
from quizzes.models import Question, Quiz
from tests.authoring.helpers import errors_of, form_of


def positions(queryset) -> list[int]:
    return list(queryset.values_list("position", flat=True))


@pytest.mark.parametrize("path", ["lessons/module", "lessons/lesson", "quizzes/quiz"])
def test_no_page_has_a_position_to_type(instructor_client, quiz, path):
    obj = {"lessons/module": quiz.module, "lessons/lesson": quiz.module.lessons.first()}.get(
        path, quiz
    )
    for url in (f"/admin/{path}/add/", f"/admin/{path}/{obj.pk}/change/"):
        fields = form_of(instructor_client.get(url))
        assert "position" not in fields, url


def test_a_module_added_on_its_page_goes_last_whatever_position_is_posted(
    instructor_client, course
):
    before = max(positions(course.modules.all()))

    response = instructor_client.post(
        "/admin/lessons/module/add/",
        {
            "course": course.pk,
            "title": "Stamps",
            "slug": "stamps",
            "position": 0,  # forged: the page has no such field
            "lessons-TOTAL_FORMS": 0,
            "lessons-INITIAL_FORMS": 0,
            "quizzes-TOTAL_FORMS": 0,
            "quizzes-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, errors_of(response)
    added = Module.objects.get(slug="stamps")
    assert added.position == before + 1
    assert list(course.modules.all())[-1] == added


def test_a_lesson_a_quiz_and_a_question_added_on_their_pages_go_last(instructor_client, quiz):
    module = quiz.module
    lesson_page = form_of(instructor_client.get("/admin/lessons/lesson/add/"))
    lesson_page |= {"module": module.pk, "title": "New", "slug": "new", "body": "Text."}
    assert instructor_client.post("/admin/lessons/lesson/add/", lesson_page).status_code == 302
    quiz_page = form_of(instructor_client.get("/admin/quizzes/quiz/add/"))
    quiz_page |= {"module": module.pk, "title": "Second quiz", "slug": "second", "position": 0}
    assert instructor_client.post("/admin/quizzes/quiz/add/", quiz_page).status_code == 302
    question_page = form_of(instructor_client.get("/admin/quizzes/question/add/"))
    question_page |= {"quiz": quiz.pk, "kind": "short_text", "points": 1, "prompt": "Say it."}
    question_page |= {"choices-TOTAL_FORMS": 1, "choices-0-text": "はい"}
    response = instructor_client.post("/admin/quizzes/question/add/", question_page)
    assert response.status_code == 302, errors_of(response)

    assert list(module.lessons.all())[-1].slug == "new"
    assert list(module.quizzes.all())[-1].slug == "second"
    assert list(quiz.questions.all())[-1].prompt == "Say it."


def test_a_lesson_moved_to_another_module_goes_last_there(instructor_client, course):
    lesson = Lesson.objects.get(module__slug="m1", slug="l1")
    target = course.modules.get(slug="m2")
    url = f"/admin/lessons/lesson/{lesson.pk}/change/"

    data = form_of(instructor_client.get(url)) | {"module": target.pk, "slug": "moved"}
    response = instructor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    assert list(target.lessons.all())[-1] == lesson


def module_page(client, module):
    url = f"/admin/lessons/module/{module.pk}/change/"
    return url, form_of(client.get(url))


def test_a_row_added_without_the_pages_script_goes_last_not_first(instructor_client, course):
    """The script gives a new row its place; sent without one (no JavaScript), it goes last."""
    module = course.modules.get(slug="m1")
    url, data = module_page(instructor_client, module)
    assert data["lessons-1-position"] != ""
    data |= {
        "lessons-TOTAL_FORMS": 3,
        "lessons-2-title": "Stamps",
        "lessons-2-slug": "stamps",
        "lessons-2-estimated_minutes": 3,
        "lessons-2-position": "",
        "lessons-2-module": module.pk,
    }

    response = instructor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    assert [lesson.slug for lesson in module.lessons.all()] == ["l1", "l2", "stamps"]


def test_rows_are_saved_in_the_order_their_places_were_sent(instructor_client, quiz):
    """Dragging or Move up/down renumbers the rows' hidden places; any numbers keep their order."""
    url = f"/admin/quizzes/quiz/{quiz.pk}/change/"
    data = form_of(instructor_client.get(url))
    kinds = list(quiz.questions.values_list("kind", flat=True))
    data |= {f"questions-{n}-position": str(1000 - n) for n in range(len(kinds))}  # reversed

    response = instructor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    assert list(quiz.questions.values_list("kind", flat=True)) == kinds[::-1]
    assert positions(quiz.questions.all()) == list(range(len(kinds)))


@pytest.mark.parametrize("forged", ["-1", "x", "99999999999999999999"])
def test_a_forged_place_is_a_bad_request_and_changes_nothing(instructor_client, course, forged):
    module = course.modules.get(slug="m1")
    url, data = module_page(instructor_client, module)
    before = positions(module.lessons.all()), list(module.lessons.values_list("title", flat=True))
    data |= {"lessons-0-position": forged, "lessons-0-title": "Renamed", "title": "Renamed"}

    response = instructor_client.post(url, data)

    assert response.status_code == 400
    after = positions(module.lessons.all()), list(module.lessons.values_list("title", flat=True))
    assert after == before
    assert Module.objects.get(pk=module.pk).title == module.title


def test_another_courses_rows_dragged_into_a_page_change_nothing(
    instructor_client, quiz, other_course
):
    theirs = Question.objects.filter(quiz__module__course=other_course).first()
    before = (theirs.quiz_id, theirs.position)
    url = f"/admin/quizzes/quiz/{quiz.pk}/change/"
    data = form_of(instructor_client.get(url)) | {"questions-0-id": theirs.pk}

    response = instructor_client.post(url, data)

    assert response.status_code == 200
    assert any("not ones you may edit here" in error for error in errors_of(response))
    theirs.refresh_from_db()
    assert (theirs.quiz_id, theirs.position) == before
    assert Quiz.objects.get(pk=quiz.pk).questions.count() == 6


# ---- Without JavaScript: a page of the rows in order, each moved by a button ----


def move_url(obj) -> str:
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/move/"


def course_version(course) -> int:
    return Course.objects.values_list("content_version", flat=True).get(pk=course.pk)


def test_the_module_page_links_to_the_order_of_its_lessons_without_javascript(
    instructor_client, quiz
):
    lesson = quiz.module.lessons.first()
    page = instructor_client.get(f"/admin/lessons/module/{quiz.module_id}/change/")

    html = page.content.decode()
    assert f'<noscript><a href="{move_url(lesson)}">Reorder</a></noscript>' in html
    assert f'<noscript><a href="{move_url(quiz)}">Reorder</a></noscript>' in html


@pytest.mark.parametrize("kind", ["lesson", "question", "module"])
def test_a_row_moved_up_or_down_renumbers_its_siblings_and_renews_the_version(
    instructor_client, quiz, course, kind
):
    obj, siblings = {
        "lesson": lambda: (
            quiz.module.lessons.last(),
            lambda: list(quiz.module.lessons.all()),
        ),
        "question": lambda: (
            quiz.questions.get(kind="ordering"),
            lambda: list(quiz.questions.all()),
        ),
        "module": lambda: (course.modules.last(), lambda: list(course.modules.all())),
    }[kind]()
    before, version = siblings(), course_version(course)
    assert instructor_client.get(move_url(obj)).status_code == 200

    response = instructor_client.post(move_url(obj), {"direction": "up"})

    assert response.status_code == 302
    after = siblings()
    at = before.index(obj)
    assert after[at - 1] == obj
    assert after[at] == before[at - 1]
    assert [row.position for row in after] == list(range(len(after)))
    assert course_version(course) != version


def test_the_first_row_moved_up_stays_first_and_nothing_changes(instructor_client, quiz, course):
    first = quiz.questions.first()
    before, version = positions(quiz.questions.all()), course_version(course)

    response = instructor_client.post(move_url(first), {"direction": "up"}, follow=True)

    assert "is already first" in response.content.decode()
    assert positions(quiz.questions.all()) == before
    assert course_version(course) == version


@pytest.mark.parametrize("direction", ["", "sideways", "UP"])
def test_a_move_that_is_neither_up_nor_down_is_a_bad_request(instructor_client, quiz, direction):
    before = positions(quiz.questions.all())
    question = quiz.questions.last()

    response = instructor_client.post(move_url(question), {"direction": direction})

    assert response.status_code == 400
    assert positions(quiz.questions.all()) == before


def test_another_courses_row_cannot_be_moved(instructor_client, other_course):
    theirs = Lesson.objects.get(module__course=other_course)
    Lesson.objects.create(module=theirs.module, slug="second", title="Second", position=5)
    before = positions(theirs.module.lessons.all())

    assert instructor_client.get(move_url(theirs)).status_code == 404
    assert instructor_client.post(move_url(theirs), {"direction": "down"}).status_code == 404
    assert positions(theirs.module.lessons.all()) == before


def test_a_move_needs_its_csrf_token(instructor, quiz):
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    before = positions(quiz.questions.all())

    assert client.post(move_url(quiz.questions.last()), {"direction": "up"}).status_code == 403
    assert positions(quiz.questions.all()) == before
