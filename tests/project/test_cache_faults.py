"""With Redis (the shared cache) unreachable, or stopped and started again while the site runs,
every page works and every answer is graded right: only slower. Sign-in and sign-up stay
rate-limited, an admin save that committed says so, and /healthz says the cache is degraded."""

import logging

import pytest
from django.test import Client

from jsnlearn import cache as tolerant_cache
from jsnlearn.accounts.models import User
from lessons.models import Lesson
from quizzes.models import Attempt, Choice
from tests.accounts.helpers import sign_in, sign_up
from tests.authoring.helpers import form_of
from tests.factories import PASSWORD, UserFactory
from tests.helpers import RedisServer, free_port, text
from tests.quizzes.helpers import correct_answers, form_data, paper_of
from tests.reports.helpers import text_of

OUTLINE = "/courses/sns-japan/"


def shared_cache_at(settings, port: int) -> None:
    """The shared cache as settings make it with REDIS_URL set, pointed at `port`."""
    settings.CACHES = {
        **settings.CACHES,
        "figures": {
            "BACKEND": "jsnlearn.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
    }


@pytest.fixture
def redis_down(settings):
    shared_cache_at(settings, free_port())  # nothing listens there


@pytest.fixture
def redis(settings, monkeypatch):
    """A Redis server the test stops and starts; the site tries it again at once after a
    failure, so the test need not wait."""
    monkeypatch.setattr(tolerant_cache, "RETRY_SECONDS", 0)
    server = RedisServer()
    shared_cache_at(settings, server.port)
    yield server
    server.stop()


@pytest.fixture
def editor(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def answer_key_flipped(editor, question) -> None:
    """The instructor makes "False" the right answer to a true/false question, in the admin."""
    false = question.choices.get(text="False")
    url = f"/admin/quizzes/question/{question.pk}/change/"
    form = form_of(editor.get(url))
    form = {name: value for name, value in form.items() if not name.endswith("-is_correct")}
    row = next(
        n[: -len("-id")] for n, v in form.items() if n.endswith("-id") and v == str(false.pk)
    )
    response = editor.post(url, form | {f"{row}-is_correct": "on"}, follow=True)
    assert "was changed successfully" in response.content.decode()  # it says it committed
    assert Choice.objects.get(pk=false.pk).is_correct


def take(client, quiz, answers=correct_answers):
    """Start `quiz` and submit it; the graded attempt."""
    attempt_url = client.post(quiz.get_absolute_url() + "start/").url
    assert client.get(attempt_url).status_code == 200
    attempt = Attempt.objects.get(pk=attempt_url.split("/")[2])
    paper = paper_of(attempt)
    data = form_data(paper, answers(paper)) | {"confirm_blanks": "1"}
    assert client.post(attempt_url, data).status_code == 302
    assert client.get(attempt_url + "result/").status_code == 200
    attempt.refresh_from_db()
    return attempt


@pytest.mark.usefixtures("redis_down")
def test_every_learner_page_works_with_redis_unreachable(learner_client, course, quiz, lessons):
    learner_client.get("/accounts/")
    for url in ("/courses/", OUTLINE, lessons[0].get_absolute_url(), quiz.get_absolute_url()):
        assert learner_client.get(url).status_code == 200, url
    complete = lessons[0].get_absolute_url() + "complete/"
    assert learner_client.post(complete, {"then": "stay"}).status_code == 302

    attempt = take(learner_client, quiz)

    assert (attempt.percent, attempt.passed) == (100, True)
    assert learner_client.get("/dashboard/").status_code == 200


@pytest.mark.usefixtures("redis_down")
def test_the_course_report_works_with_redis_unreachable_and_logs_it(editor, course, quiz, caplog):
    with caplog.at_level(logging.WARNING, logger="jsnlearn.cache"):
        response = editor.get(f"/admin/reports/courses/{course.pk}/")

    assert response.status_code == 200
    assert "The cache (Redis) did not answer" in caplog.text


@pytest.mark.usefixtures("redis_down")
def test_quiz_statistics_work_with_redis_unreachable(editor, quiz):
    page = editor.get(f"/admin/reports/quizzes/{quiz.pk}/statistics/")
    sheet = editor.get(f"/admin/reports/quizzes/{quiz.pk}/statistics.csv")

    assert page.status_code == 200
    assert "How these figures are worked out" in text_of(page, "formulas")
    assert sheet.status_code == 200


@pytest.mark.usefixtures("redis_down")
def test_sign_in_works_and_is_still_limited_with_redis_unreachable(client, db):
    UserFactory(email="sora@example.com")
    assert sign_in(client, "sora@example.com", PASSWORD)["Location"] == "/dashboard/"
    client.logout()

    for attempt in range(5):
        assert sign_in(client, "sora@example.com", f"guess-{attempt}").status_code == 200

    assert sign_in(client, "sora@example.com", PASSWORD).status_code == 429


@pytest.mark.usefixtures("redis_down")
def test_sign_up_works_and_is_still_limited_with_redis_unreachable(client, db):
    response = sign_up(client, "nao@example.com", "Nao")
    assert response.status_code == 302, response.content.decode()
    assert "Welcome, Nao." in text(client.get(response["Location"], follow=True))
    client.logout()

    for n in range(19):  # 20 sign-ups a minute from one address
        assert sign_up(client, f"learner{n}@example.com", f"Learner {n}").status_code == 302
        client.logout()

    assert sign_up(client, "sora@example.com", "Sora").status_code == 429
    assert not User.objects.filter(email="sora@example.com").exists()


def test_an_answer_key_edited_while_redis_is_down_grades_at_once_and_after_it_returns(
    redis, editor, learner_client, course, quiz
):
    question = quiz.questions.get(kind="true_false")
    false = question.choices.get(text="False")
    learner_client.get("/accounts/")
    editor.get(f"/admin/reports/courses/{course.pk}/")  # figures kept in Redis
    take(learner_client, quiz)  # the questions and pages kept under the old key

    redis.stop()
    answer_key_flipped(editor, question)
    during = take(learner_client, quiz, lambda paper: {question.pk: false.pk})
    redis.start()
    after = take(learner_client, quiz, lambda paper: {question.pk: false.pk})

    for attempt in (during, after):
        assert attempt.responses.get(question=question).is_correct
    # The report's figures, kept in Redis before the edit, are computed afresh.
    report = editor.get(f"/admin/reports/courses/{course.pk}/")
    assert "Module 1 quiz Statistics Module 1 3 1" in text_of(report, "quizzes")


def test_nothing_kept_before_an_outage_shows_after_it(redis, editor, learner_client, course):
    learner_client.get("/accounts/")
    assert "Lesson 1.1" in learner_client.get(OUTLINE).content.decode()
    lesson = Lesson.objects.get(title="Lesson 1.1")

    redis.stop()
    editor.post("/admin/lessons/lesson/", {"action": "unpublish", "_selected_action": [lesson.pk]})
    redis.start()

    assert "Lesson 1.1" not in learner_client.get(OUTLINE).content.decode()


def test_healthz_says_the_cache_is_degraded_and_stays_200(redis, client, db):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}

    redis.stop()
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}
