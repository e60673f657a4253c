"""Publishing, unpublishing and duplicating from the lists; a copy is deep, a draft, and new."""

import pytest
from django.contrib.messages import get_messages

from lessons.models import Lesson, Module
from quizzes.models import Choice, Question, Quiz
from tests.factories import add_question


def act(client, path, action, *objects):
    return client.post(
        f"/admin/{path}/",
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("path", "model"),
    [("lessons/course", None), ("lessons/module", Module), ("lessons/lesson", Lesson)],
)
def test_publish_and_unpublish_from_the_list(instructor_client, course, path, model):
    objects = [course] if model is None else list(model.objects.filter(**_in(model, course)))

    unpublished = act(instructor_client, path, "unpublish", *objects)
    states = {type(o).objects.get(pk=o.pk).is_published for o in objects}
    published = act(instructor_client, path, "publish", *objects)

    assert states == {False}
    assert {type(o).objects.get(pk=o.pk).is_published for o in objects} == {True}
    noun = (
        objects[0]._meta.verbose_name if len(objects) == 1 else objects[0]._meta.verbose_name_plural
    )
    assert said(unpublished) == [f"Unpublished {len(objects)} {noun}."]
    assert said(published) == [f"Published {len(objects)} {noun}."]


def _in(model, course):
    return {"course": course} if model is Module else {"module__course": course}


def test_a_quiz_is_published_only_when_every_question_can_be_graded(instructor_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(is_published=False)
    single = quiz.questions.get(kind="single")
    single.choices.update(is_correct=True)
    empty = Quiz.objects.create(module=quiz.module, slug="empty", title="Empty quiz")

    response = act(instructor_client, "quizzes/quiz", "publish", quiz, empty)

    assert set(said(response)) == {
        f"“Module 1 quiz” was not published: “{single}” cannot be graded: A single-choice "
        "question needs exactly one correct option; it has 3.",
        "“Empty quiz” was not published: It has no questions yet.",
    }
    assert not Quiz.objects.filter(is_published=True).exists()

    single.choices.exclude(pk=single.choices.first().pk).update(is_correct=False)
    response = act(instructor_client, "quizzes/quiz", "publish", quiz)

    assert said(response) == ["Published 1 quiz."]
    quiz.refresh_from_db()
    assert quiz.is_published


def test_a_lesson_without_text_is_not_published_from_the_list(instructor_client, quiz):
    written = quiz.module.lessons.first()
    blank = Lesson.objects.create(module=quiz.module, position=9, slug="blank", title="Blank")
    Lesson.objects.filter(pk=written.pk).update(is_published=False)

    response = act(instructor_client, "lessons/lesson", "publish", written, blank)

    assert set(said(response)) == {
        "“Blank” was not published: It has no text yet.",
        "Published 1 lesson.",
    }
    assert Lesson.objects.get(pk=written.pk).is_published
    assert not Lesson.objects.get(pk=blank.pk).is_published


FIELDS = {
    Lesson: ["position", "title", "body", "body_html", "estimated_minutes"],
    Quiz: ["position", "title", "intro", "intro_html", "pass_percent", "max_attempts"],
    Question: ["position", "kind", "prompt", "prompt_html", "explanation", "points"],
    Choice: ["position", "text", "is_correct", "feedback", "match_text"],
}


def contents(objects, model):
    return [tuple(getattr(obj, name) for name in FIELDS[model]) for obj in objects]


def quiz_contents(quiz):
    questions = list(quiz.questions.all())
    choices = [contents(q.choices.all(), Choice) for q in questions]
    return contents(questions, Question), choices


def test_duplicating_a_module_copies_its_lessons_and_quizzes_deeply_as_drafts(
    instructor_client, course, quiz
):
    module = quiz.module
    add_question(quiz, "single", "A second?", [("Yes", True, "", ""), ("No", False, "", "")])
    before = (contents(module.lessons.all(), Lesson), quiz_contents(quiz), module.is_published)

    response = act(instructor_client, "lessons/module", "duplicate", module)

    copy = Module.objects.get(course=course, slug="m1-copy")
    assert copy.title == "Module 1 (copy)"
    assert not copy.is_published
    assert copy.position > max(m.position for m in course.modules.exclude(pk=copy.pk))
    assert contents(copy.lessons.all(), Lesson) == before[0]
    (quiz_copy,) = copy.quizzes.all()
    assert (quiz_copy.slug, quiz_copy.title) == (quiz.slug, quiz.title)
    assert quiz_contents(quiz_copy) == before[1]
    assert not copy.lessons.filter(is_published=True).exists()
    assert not quiz_copy.is_published
    assert Question.objects.filter(quiz=quiz_copy).count() == 7
    # The original is untouched, and keeps its own rows.
    module.refresh_from_db()
    assert (
        contents(module.lessons.all(), Lesson),
        quiz_contents(quiz),
        module.is_published,
    ) == before
    assert not set(copy.lessons.values_list("pk", flat=True)) & set(
        module.lessons.values_list("pk", flat=True)
    )
    assert said(response) == [
        f'Copied “Module 1” as a draft: <a href="/admin/lessons/module/{copy.pk}/change/">'
        "Module 1 (copy)</a>."
    ]


def test_duplicating_a_quiz_twice_gives_two_drafts_with_their_own_slugs(instructor_client, quiz):
    before = quiz_contents(quiz)

    act(instructor_client, "quizzes/quiz", "duplicate", quiz)
    act(instructor_client, "quizzes/quiz", "duplicate", quiz)

    copies = Quiz.objects.filter(module=quiz.module).exclude(pk=quiz.pk).order_by("position")
    assert [(q.slug, q.title, q.is_published) for q in copies] == [
        ("q1-copy", "Module 1 quiz (copy)", False),
        ("q1-copy-2", "Module 1 quiz (copy)", False),
    ]
    assert [quiz_contents(copy) for copy in copies] == [before, before]
    assert quiz_contents(quiz) == before
    quiz.refresh_from_db()
    assert (quiz.slug, quiz.is_published) == ("q1", True)


def test_a_copy_of_a_long_slug_still_fits(instructor_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(slug="s" * 50, title="T" * 160)

    act(instructor_client, "quizzes/quiz", "duplicate", quiz)

    copy = Quiz.objects.exclude(pk=quiz.pk).get()
    assert copy.slug == "s" * 45 + "-copy"
    assert copy.title == "T" * 153 + " (copy)"
