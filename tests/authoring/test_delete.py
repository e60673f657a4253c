"""Deleting what learners completed or answered is refused, saying what depends on it; content
nobody used goes, with everything inside it."""

import re

import pytest

from lessons.models import Course, Lesson, LessonCompletion, Module
from quizzes.models import Attempt, Question, Quiz
from tests.authoring.helpers import errors_of, form_of, learner_history, take_quiz
from tests.factories import EnrollmentFactory, LessonCompletionFactory, UserFactory


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def used(course, quiz):
    """Two learners completed Lesson 1.1; one took the quiz; both enrolled."""
    lesson = Lesson.objects.get(module__course=course, title="Lesson 1.1")
    aiko, ren = UserFactory(), UserFactory()
    for learner in (aiko, ren):
        EnrollmentFactory(user=learner, course=course)
        LessonCompletionFactory(user=learner, lesson=lesson)
    take_quiz(aiko, quiz)
    return lesson


def test_deleting_a_completed_lesson_is_refused_naming_the_learners(instructor_client, used):
    url = f"/admin/lessons/lesson/{used.pk}/delete/"

    page = instructor_client.get(url)
    instructor_client.post(url, {"post": "yes"})

    assert "Learners' work depends on the lesson “Lesson 1.1”, so it cannot be deleted" in text(
        page
    )
    assert "2 learners completed the lesson “Lesson 1.1”" in text(page)
    assert "Unpublish it instead" in text(page)
    assert (
        f'href="/admin/lessons/lesson/{used.pk}/change/">Unpublish it</a>' in page.content.decode()
    )
    assert 'name="post"' not in page.content.decode()  # no button to confirm
    assert Lesson.objects.filter(pk=used.pk).exists()
    assert LessonCompletion.objects.count() == 2


def test_deleting_used_quizzes_in_bulk_is_refused_naming_what_learners_did(
    instructor_client, used, quiz
):
    data = {"action": "delete_selected", "_selected_action": [quiz.pk]}

    page = instructor_client.post("/admin/quizzes/quiz/", data)
    instructor_client.post("/admin/quizzes/quiz/", data | {"post": "yes"})

    assert "Learners' work depends on the selected quiz, so nothing was deleted" in text(page)
    assert "1 learner took the quiz “Module 1 quiz”" in text(page)
    assert f"1 learner answered the question “{quiz.questions.first()}”" in text(page)
    assert Quiz.objects.filter(pk=quiz.pk).exists()
    assert Attempt.objects.count() == 1


def test_deleting_a_module_or_course_cascades_to_nothing_learners_used(
    instructor_client, superuser_client, used, course
):
    module = used.module
    module_page = instructor_client.get(f"/admin/lessons/module/{module.pk}/delete/")
    course_page = superuser_client.get(f"/admin/lessons/course/{course.pk}/delete/")
    superuser_client.post(f"/admin/lessons/course/{course.pk}/delete/", {"post": "yes"})

    assert "2 learners completed the lesson “Lesson 1.1”" in text(module_page)
    assert "1 learner took the quiz “Module 1 quiz”" in text(module_page)
    assert "2 learners enrolled in the course “Social networking in Japan”" in text(course_page)
    assert Course.objects.filter(pk=course.pk).exists()
    assert Module.objects.filter(pk=module.pk).exists()


def test_instructors_cannot_delete_courses(instructor_client, course):
    response = instructor_client.post(f"/admin/lessons/course/{course.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Course.objects.filter(pk=course.pk).exists()


def test_a_module_nobody_used_is_deleted_with_its_lessons_and_quizzes(instructor_client, quiz):
    module = quiz.module

    response = instructor_client.post(f"/admin/lessons/module/{module.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Module.objects.filter(pk=module.pk).exists()
    assert not Lesson.objects.filter(module_id=module.pk).exists()
    assert not Question.objects.filter(quiz_id=quiz.pk).exists()


def test_deleting_a_completed_lesson_on_its_module_page_is_a_form_error(instructor_client, used):
    url = f"/admin/lessons/module/{used.module_id}/change/"
    data = form_of(instructor_client.get(url))
    data["lessons-0-DELETE"] = "on"  # Lesson 1.1

    errors = errors_of(instructor_client.post(url, data))

    assert errors == [
        "“Lesson 1.1” cannot be deleted: 2 learners completed the lesson “Lesson 1.1”. "
        "Unpublish it instead: learners then no longer see it, and keep what they did."
    ]
    assert Lesson.objects.filter(pk=used.pk).exists()


def test_deleting_an_answered_question_on_its_quiz_page_is_a_form_error(
    instructor_client, used, quiz
):
    url = f"/admin/quizzes/quiz/{quiz.pk}/change/"
    data = form_of(instructor_client.get(url))
    data["questions-0-DELETE"] = "on"

    errors = errors_of(instructor_client.post(url, data))

    question = quiz.questions.get(kind="single")
    assert f"“{question}” cannot be deleted: 1 learner answered the question “{question}”." in (
        " ".join(errors)
    )
    assert Question.objects.filter(pk=question.pk).exists()


# ---- The refusal costs the same whatever the learners' history ----


def delete_page(kind, course, quiz) -> str:
    """The delete page of the course's first lesson, module, quiz, question, or the course."""
    objects = {
        "lesson": Lesson.objects.filter(module__course=course).order_by("pk").first(),
        "module": course.modules.order_by("pk").first(),
        "quiz": quiz,
        "question": quiz.questions.order_by("pk").first(),
        "course": course,
    }
    found = objects[kind]
    return f"/admin/{found._meta.app_label}/{found._meta.model_name}/{found.pk}/delete/"


# Queries of each refused page: the session, the user, the object and the user's permissions
# (an instructor's: 2), then per kind of learner record that deleting it reaches, one grouped
# count and one read of the names of what they protect (a module: completions, attempts and
# answers; a course: enrollments and certificates too).
DELETE_PAGE_QUERIES = {"lesson": 7, "module": 11, "quiz": 9, "question": 7, "course": 12}


@pytest.mark.parametrize("learners", [2, 30])
@pytest.mark.parametrize("kind", list(DELETE_PAGE_QUERIES))
def test_a_refused_delete_page_runs_the_same_queries_whatever_the_history(
    request, course, quiz, django_assert_num_queries, kind, learners
):
    client = request.getfixturevalue(
        "superuser_client" if kind == "course" else "instructor_client"
    )
    learner_history(course, learners=learners, attempts_each=2)
    url = delete_page(kind, course, quiz)

    with django_assert_num_queries(DELETE_PAGE_QUERIES[kind]):
        page = client.get(url)

    assert "so it cannot be deleted" in text(page)
    assert f"{learners} learners" in text(page)
    assert "Unpublish it instead" in text(page)


@pytest.mark.parametrize("learners", [2, 30])
def test_deleting_used_lessons_in_bulk_runs_the_same_queries_whatever_the_history(
    instructor_client, course, quiz, django_assert_num_queries, learners
):
    learner_history(course, learners=learners, attempts_each=2)
    lessons = Lesson.objects.filter(module__course=course).values_list("pk", flat=True)
    data = {"action": "delete_selected", "_selected_action": list(lessons)}

    with django_assert_num_queries(11):  # the changelist's own reads, then as on a lesson's page
        page = instructor_client.post("/admin/lessons/lesson/", data)
    instructor_client.post("/admin/lessons/lesson/", data | {"post": "yes"})

    assert "Learners' work depends on the selected lessons, so nothing was deleted" in text(page)
    assert f"{learners} learners completed the lesson “Lesson 2.2”" in text(page)
    assert Lesson.objects.filter(module__course=course).count() == 4


@pytest.mark.parametrize(
    ("learners", "attempts_each", "says"),
    [(1, 2, "1 learner took the quiz"), (1000, 10, "1000 learners took the quiz")],
)
def test_a_quiz_is_refused_in_the_same_queries_with_2_attempts_or_10_000(
    instructor_client, course, quiz, django_assert_num_queries, learners, attempts_each, says
):
    learner_history(course, learners=learners, attempts_each=attempts_each)
    assert Attempt.objects.filter(quiz=quiz).count() == learners * attempts_each
    url = delete_page("quiz", course, quiz)

    with django_assert_num_queries(DELETE_PAGE_QUERIES["quiz"]):
        page = instructor_client.get(url)

    assert page.status_code == 200
    assert f"{says} “Module 1 quiz”" in text(page)
    assert "Unpublish it instead" in text(page)
