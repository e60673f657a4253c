"""Every lesson and quiz address leads to its own page, whatever its slug: a lesson's pages and
a quiz's share `courses/<course>/<module>/`, where `quiz/` begins the quizzes' addresses."""

import pytest
from django.urls import resolve, reverse

from lessons.models import RESERVED_LESSON_SLUGS
from quizzes.models import Quiz
from tests.factories import build_quiz
from tests.quizzes.helpers import start

# Slugs that are also the last part of some address, or begin the quizzes'.
AWKWARD_SLUGS = ["complete", "start", "preview", "enroll", "result", "quiz"]
MODULE = {"course_slug": "sns-japan", "module_slug": "m1"}


def resolved(name: str, **kwargs):
    match = resolve(reverse(name, kwargs=kwargs))
    return match.view_name, match.kwargs


@pytest.mark.parametrize("slug", AWKWARD_SLUGS)
@pytest.mark.parametrize("name", ["quizzes:quiz", "quizzes:start", "quizzes:preview"])
def test_every_quiz_slug_leads_to_the_quiz(name, slug):
    kwargs = {**MODULE, "quiz_slug": slug}
    assert resolved(name, **kwargs) == (name, kwargs)


@pytest.mark.parametrize(
    "slug", [slug for slug in AWKWARD_SLUGS if slug not in RESERVED_LESSON_SLUGS]
)
@pytest.mark.parametrize("name", ["lessons:lesson", "lessons:complete"])
def test_every_lesson_slug_a_lesson_may_have_leads_to_the_lesson(name, slug):
    kwargs = {**MODULE, "lesson_slug": slug}
    assert resolved(name, **kwargs) == (name, kwargs)


def test_the_reserved_lesson_slug_is_where_the_quizzes_addresses_begin():
    module = reverse("lessons:lesson", kwargs={**MODULE, "lesson_slug": "x"}).removesuffix("x/")
    quiz = reverse("quizzes:quiz", kwargs={**MODULE, "quiz_slug": "x"})

    assert quiz.removeprefix(module).split("/")[0] in RESERVED_LESSON_SLUGS


def test_a_quiz_called_complete_opens_and_starts(learner_client, course):
    build_quiz(module=course.modules.get(slug="m1"), slug="complete", title="Completing a profile")
    url = "/courses/sns-japan/m1/quiz/complete/"

    page = learner_client.get(url)
    attempt = start(learner_client, url + "start/")

    assert page.status_code == 200
    assert "<h1>Completing a profile</h1>" in page.content.decode()
    assert attempt.quiz == Quiz.objects.get(slug="complete")
