"""Positions are never typed: what is added goes last, and rows are put in order by dragging or
moving them on their parent's page, which sends every row's place (renumbered on save)."""

import pytest

from lessons.models import Lesson, Module
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
