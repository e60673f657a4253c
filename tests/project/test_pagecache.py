"""Pages a learner has seen are served again from memory, but never once they are out of date,
and never to anyone else."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import Client, RequestFactory

from jsnlearn.pagecache import kept_page
from lessons.models import Lesson
from quizzes.models import Attempt
from tests.authoring.helpers import form_of
from tests.factories import UserFactory, build_quiz
from tests.helpers import text
from tests.quizzes.helpers import correct_answers, form_data, paper_of

OUTLINE = "/courses/sns-japan/"


def take(client, quiz) -> Attempt:
    """Start `quiz` and submit it, every answer right; the submitted attempt."""
    attempt_url = client.post(quiz.get_absolute_url() + "start/").url
    attempt = Attempt.objects.get(pk=attempt_url.split("/")[2])
    paper = paper_of(attempt)
    client.post(attempt_url, form_data(paper, correct_answers(paper)) | {"confirm_blanks": "1"})
    attempt.refresh_from_db()
    assert attempt.is_submitted
    return attempt


def seen_twice(client, url):
    """A page as a learner back on the site sees it: with a CSRF cookie, kept from before."""
    client.get(url)
    return client.get(url).content.decode()


def test_an_instructors_edit_shows_at_once_on_a_page_seen_before(learner_client, course):
    assert "Lesson 1.1" in seen_twice(learner_client, OUTLINE)
    lesson = Lesson.objects.get(title="Lesson 1.1")
    editor = Client()
    editor.force_login(UserFactory(is_staff=True, is_superuser=True))
    change_page = f"/admin/lessons/lesson/{lesson.pk}/change/"

    form = form_of(editor.get(change_page)) | {"title": "Exchanging cards"}
    assert editor.post(change_page, form).status_code == 302

    page = learner_client.get(OUTLINE).content.decode()
    assert "Exchanging cards" in page
    assert "Lesson 1.1" not in page


def test_a_completed_lesson_shows_at_once(learner_client, course):
    seen_twice(learner_client, OUTLINE)

    learner_client.post("/courses/sns-japan/m1/l1/complete/")

    assert 'value="25" aria-label="Your progress in this course"' in seen_twice(
        learner_client, OUTLINE
    )


def test_a_page_is_never_served_to_another_learner(learner_client, course):
    seen_twice(learner_client, "/dashboard/")
    other = Client()
    other.force_login(UserFactory(display_name="Kenji"))

    page = seen_twice(other, "/dashboard/")

    assert "Welcome, Kenji." in page
    assert "Aiko" not in page


def test_a_message_is_shown_once_even_on_a_page_seen_before(learner_client, course):
    seen_twice(learner_client, OUTLINE)

    response = learner_client.post(OUTLINE + "enroll/", follow=True)

    assert "enrolled in Social networking in Japan." in response.content.decode()
    assert (
        "enrolled in Social networking in Japan."
        not in learner_client.get(OUTLINE).content.decode()
    )


def test_answers_saved_for_later_show_on_an_attempt_page_seen_before(learner_client, course):
    quiz = build_quiz(module=course.modules.first())
    learner_client.post(quiz.get_absolute_url() + "start/")
    attempt = Attempt.objects.get(quiz=quiz)
    url = f"/attempts/{attempt.pk}/"
    seen_twice(learner_client, url)
    paper = paper_of(attempt)
    short_text = next(s.question for s in paper.questions if s.question.kind == "short_text")

    data = form_data(paper, {short_text.pk: "kidoku"}) | {"save": "1"}
    learner_client.post(url, data)

    assert 'value="kidoku"' in seen_twice(learner_client, url)


def test_module_cards_show_each_learner_their_own_progress(learner_client, course):
    other = Client()
    other.force_login(UserFactory(display_name="Kenji"))
    seen_twice(other, OUTLINE)

    learner_client.post("/courses/sns-japan/m1/l1/complete/")

    mine, theirs = seen_twice(learner_client, OUTLINE), seen_twice(other, OUTLINE)
    assert 'value="50" aria-label="Progress in Module 1"' in mine
    assert 'value="0" aria-label="Progress in Module 1"' in theirs


def test_a_kept_page_is_the_first_answer_with_every_header_the_view_set(learner):
    session = SessionStore()
    session.create()
    made = []

    def make_page():
        response = HttpResponse("<p>Lesson 1.1</p>", content_type="text/html; charset=utf-8")
        response["X-Test"] = f"made {len(made) + 1}"
        response["Content-Language"] = "ja"
        response["Vary"] = "Accept-Language"
        made.append(response)
        return response

    def answer():
        request = RequestFactory().get("/courses/sns-japan/m1/l1/")
        request.user, request.session = learner, session
        request.COOKIES[settings.CSRF_COOKIE_NAME] = "a-csrf-token"
        return kept_page(request, make_page, versions=(1, 2))

    first, kept = answer(), answer()

    assert len(made) == 1  # the second answer is the kept one
    assert kept is not first
    assert (kept.status_code, kept.content) == (200, b"<p>Lesson 1.1</p>")
    assert (
        dict(kept.items())
        == dict(first.items())
        == {
            "Content-Type": "text/html; charset=utf-8",
            "X-Test": "made 1",
            "Content-Language": "ja",
            "Vary": "Accept-Language",
        }
    )


def test_signed_in_pages_are_private_and_forms_with_answers_never_stored(
    learner_client, client, course, quiz
):
    learner_client.get("/accounts/")  # a CSRF cookie: the pages are kept, headers and all
    attempt = take(learner_client, quiz)
    learner_pages = (
        "/courses/",
        OUTLINE,
        "/courses/sns-japan/m1/l1/",
        quiz.get_absolute_url(),
        "/dashboard/",
    )
    for url in learner_pages:
        for view in ("first", "kept"):
            assert learner_client.get(url)["Cache-Control"] == "private", (url, view)
    unfinished = learner_client.post(quiz.get_absolute_url() + "start/").url
    private = (unfinished, f"/attempts/{attempt.pk}/result/", "/accounts/", "/accounts/my-data/")
    for url in (*private, "/accounts/password/change/"):
        for view in ("first", "kept"):
            response = learner_client.get(url)
            assert response.status_code == 200, (url, view)
            assert "no-store" in response["Cache-Control"], (url, view)
    assert "Cache-Control" not in Client().get(OUTLINE)  # a visitor's page is the same for all


def test_module_cards_tell_apart_learners_whose_quiz_results_differ(learner, course, quiz):
    """Two learners with the same lessons done but other quiz results see their own card."""
    scores = {}
    for name, answers in (("Aiko", correct_answers), ("Kenji", lambda paper: {})):
        user = learner if name == "Aiko" else UserFactory(display_name=name)
        client = Client()
        client.force_login(user)
        client.get("/accounts/")
        attempt_url = client.post(quiz.get_absolute_url() + "start/").url
        attempt = Attempt.objects.get(pk=attempt_url.split("/")[2])
        data = form_data(paper_of(attempt), answers(paper_of(attempt))) | {"confirm_blanks": "1"}
        client.post(attempt_url, data)
        scores[name] = text(client.get(OUTLINE + "?module=m1"))  # the quiz's module open

    assert "Module 1 quiz 6 min · Passed · best score 100%" in scores["Aiko"]
    assert "Module 1 quiz 6 min · Not passed yet · best score 0%" in scores["Kenji"]
