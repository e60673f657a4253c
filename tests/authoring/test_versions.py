"""Every way the admin changes a course's content gives the course a new content version in the
same transaction, so a learner sees the change at once on a page seen before, on any worker;
content moved to another course renews both courses."""

import pytest

from lessons.models import Course, Lesson
from quizzes.models import Attempt, Choice, Question, Quiz
from tests.authoring.helpers import form_of
from tests.factories import build_course, build_quiz
from tests.quizzes.helpers import form_data, paper_of

OUTLINE = "/courses/sns-japan/"


def version(course) -> int:
    return Course.objects.values_list("content_version", flat=True).get(pk=course.pk)


def save_change_page(client, obj, **changes):
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    response = client.post(url, form_of(client.get(url)) | changes)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def learner_seen_outline(learner_client, course):
    """A learner who has seen the course's outline (kept for their session)."""
    learner_client.get("/accounts/")  # a CSRF cookie: their pages are kept
    learner_client.get(OUTLINE)
    return learner_client


@pytest.fixture
def elsewhere(db):
    """Another course, to move content into."""
    other = build_course(modules=1, lessons_per_module=1, slug="other", title="Other course")
    build_quiz(module=other.modules.get(), slug="oq", title="Other quiz")
    return other


CHANGES = {
    "course": (lambda course: course, {"title": "Networking in Japan"}),
    "module": (lambda course: course.modules.get(slug="m1"), {"title": "First steps"}),
    "lesson": (lambda course: Lesson.objects.get(title="Lesson 1.1"), {"title": "Read marks"}),
    "quiz": (lambda course: Quiz.objects.get(slug="q1"), {"title": "A first check"}),
    "question": (lambda course: Question.objects.filter(quiz__slug="q1").first(), {"points": 3}),
}


@pytest.mark.parametrize("what", CHANGES)
def test_a_change_page_gives_the_course_a_new_version(superuser_client, course, quiz, what):
    find, changes = CHANGES[what]
    before = version(course)

    save_change_page(superuser_client, find(course), **changes)

    assert version(course) != before


def test_a_learner_sees_a_renamed_lesson_at_once(superuser_client, learner_seen_outline, course):
    save_change_page(superuser_client, Lesson.objects.get(title="Lesson 1.1"), title="Read marks")

    page = learner_seen_outline.get(OUTLINE).content.decode()
    assert "Read marks" in page
    assert "Lesson 1.1" not in page


def test_a_new_answer_key_grades_the_next_submission(superuser_client, learner_client, quiz):
    """The instructor fixes a key on the question's page while a learner's attempt is open;
    their submission is graded by the new key."""
    question = quiz.questions.get(kind="true_false")
    false = question.choices.get(text="False")
    attempt_url = learner_client.post(quiz.get_absolute_url() + "start/").url
    learner_client.get(attempt_url)  # the questions are read, and kept, under the old version

    url = f"/admin/quizzes/question/{question.pk}/change/"
    form = form_of(superuser_client.get(url))
    flipped = {name: value for name, value in form.items() if not name.endswith("-is_correct")}
    flipped[
        next(n for n, v in form.items() if n.endswith("-id") and v == str(false.pk))[:-3]
        + "-is_correct"
    ] = "on"
    assert superuser_client.post(url, flipped).status_code == 302
    assert Choice.objects.get(pk=false.pk).is_correct

    attempt = Attempt.objects.get()
    data = form_data(paper_of(attempt), {question.pk: false.pk}) | {"confirm_blanks": "1"}
    learner_client.post(attempt_url, data)

    assert attempt.responses.get(question=question).is_correct


def act(client, path, action, *objects):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    return client.post(f"/admin/{path}/", data)


@pytest.mark.parametrize(
    ("path", "action", "find"),
    [
        ("lessons/lesson", "unpublish", lambda course: Lesson.objects.filter(title="Lesson 1.1")),
        ("lessons/module", "unpublish", lambda course: course.modules.filter(slug="m1")),
        ("lessons/module", "duplicate", lambda course: course.modules.filter(slug="m1")),
        ("quizzes/quiz", "unpublish", lambda course: Quiz.objects.filter(slug="q1")),
        ("quizzes/quiz", "duplicate", lambda course: Quiz.objects.filter(slug="q1")),
        ("lessons/lesson", "delete_selected", lambda course: Lesson.objects.filter(slug="l2")),
    ],
)
def test_every_list_action_gives_the_course_a_new_version(
    superuser_client, course, quiz, path, action, find
):
    before = version(course)
    data = {"post": "yes"} if action == "delete_selected" else {}
    objects = list(find(course))
    superuser_client.post(
        f"/admin/{path}/",
        {"action": action, "_selected_action": [o.pk for o in objects], **data},
    )

    assert version(course) != before


def test_an_unpublished_lesson_leaves_the_outline_at_once(
    superuser_client, learner_seen_outline, course
):
    act(superuser_client, "lessons/lesson", "unpublish", Lesson.objects.get(title="Lesson 1.1"))

    assert "Lesson 1.1" not in learner_seen_outline.get(OUTLINE).content.decode()


def test_publishing_renews_the_version_with_the_update_or_not_at_all(
    superuser_client, course, monkeypatch
):
    """The new version and the change commit together: were the version renewed on its own,
    another worker could keep the old outline under the new version."""
    lesson = Lesson.objects.get(title="Lesson 1.1")
    before = version(course)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(type(Lesson.objects.all()), "update", fail)
    with pytest.raises(RuntimeError):
        act(superuser_client, "lessons/lesson", "unpublish", lesson)

    assert version(course) == before


def test_deleting_on_the_delete_page_gives_the_course_a_new_version(superuser_client, course):
    lesson = Lesson.objects.get(slug="l2", module__slug="m2")
    before = version(course)

    response = superuser_client.post(f"/admin/lessons/lesson/{lesson.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert version(course) != before


def test_a_row_deleted_on_its_parents_page_renews_the_version(superuser_client, course):
    module = course.modules.get(slug="m1")
    url = f"/admin/lessons/module/{module.pk}/change/"
    form = form_of(superuser_client.get(url))
    row = next(n[: -len("-id")] for n, v in form.items() if n.endswith("-id") and v)
    before = version(course)

    response = superuser_client.post(url, form | {f"{row}-DELETE": "on"})

    assert response.status_code == 302
    assert version(course) != before


MOVES = {
    "a module to another course": (
        lambda course: course.modules.get(slug="m2"),
        lambda other: {"course": other.pk},
        "Module 2",
    ),
    "a lesson to another course's module": (
        lambda course: Lesson.objects.get(title="Lesson 2.2"),
        lambda other: {"module": other.modules.get().pk},
        "Lesson 2.2",
    ),
    "a quiz to another course's module": (
        lambda course: Quiz.objects.get(slug="q1"),
        lambda other: {"module": other.modules.get().pk},
        "Module 1 quiz",
    ),
}


@pytest.mark.parametrize("move", MOVES)
def test_content_moved_to_another_course_leaves_the_old_outline_at_once(
    superuser_client, learner_seen_outline, course, quiz, elsewhere, move
):
    find, where, title = MOVES[move]
    learner_seen_outline.get(elsewhere.get_absolute_url())
    before = (version(course), version(elsewhere))

    save_change_page(superuser_client, find(course), **where(elsewhere))

    assert version(course) != before[0]
    assert version(elsewhere) != before[1]
    assert title not in learner_seen_outline.get(OUTLINE).content.decode()
    assert title in learner_seen_outline.get(elsewhere.get_absolute_url()).content.decode()


def test_a_question_moved_to_another_courses_quiz_renews_both(
    superuser_client, course, quiz, elsewhere
):
    question = quiz.questions.first()
    before = (version(course), version(elsewhere))

    save_change_page(superuser_client, question, quiz=Quiz.objects.get(slug="oq").pk)

    assert version(course) != before[0]
    assert version(elsewhere) != before[1]
