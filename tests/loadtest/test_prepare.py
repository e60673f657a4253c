"""The benchmark's request lines, made from a tiny seeded dataset: each page's first views are
pairs never repeated, its repeat pairs others, and every session asks only for what its own
learner may see."""

from io import StringIO

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.accounts.roles import INSTRUCTORS
from jsnlearn.loadtest import bench
from jsnlearn.loadtest.seed import SLUG
from jsnlearn.loadtest.visits import pair_of
from jsnlearn.review.deck import Today
from jsnlearn.review.models import ReviewCard, ReviewLog
from lessons.models import Course
from quizzes.models import Attempt

pytestmark = pytest.mark.django_db

SIZING = bench.Sizing(seconds=1, warm_up_seconds=1, max_rate=60, repeat_pairs=20)


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """Prepared once for the module; afterwards the data is removed, and the group a migration
    makes is made again, as after a transactional test."""
    with django_db_blocker.unblock():
        Group.objects.get_or_create(name=INSTRUCTORS)
        call_command(
            "seed_load_data",
            *["--learners", "30", "--modules", "3", "--lessons", "4", "--questions", "7"],
            "--force",
            stdout=StringIO(),
        )
        yield {page.name: page for page in bench.prepare(Course.objects.get(slug=SLUG), SIZING)}
        call_command("flush", "--noinput")
        Group.objects.get_or_create(name=INSTRUCTORS)


def user_of(request_line: str) -> int:
    _, _, cookie = pair_of(request_line)
    key = cookie.split(";")[0].split("=")[1]
    return int(Session.objects.get(session_key=key).get_decoded()[SESSION_KEY])


ONCE = ("quiz submit (POST)", "review page", "review answer (POST)")  # first views only


def test_every_page_has_its_first_views_and_repeat_pairs(pages):
    for name, page in pages.items():
        if name in ONCE:
            continue
        firsts = [pair_of(line) for line in page.warm_up + page.first]
        repeats = {pair_of(line) for line in page.repeat}
        assert len(page.warm_up) == 60, name
        assert len(page.first) == 60, name
        assert len(set(firsts)) == len(firsts), name
        assert 0 < len(repeats) <= 20, name
        assert not repeats & set(firsts), name


def test_attempt_and_result_pages_are_asked_for_by_their_own_learner(pages):
    for name in ("quiz attempt page", "quiz result"):
        page = pages[name]
        for request_line in page.warm_up + page.first + page.repeat:
            attempt_id = pair_of(request_line)[1].split("/")[2]
            owner = Attempt.objects.get(pk=attempt_id).user_id
            assert user_of(request_line) == owner, name


def test_each_open_attempt_is_submitted_once_by_its_owner(pages):
    page = pages["quiz submit (POST)"]
    lines = page.warm_up + page.first
    open_attempts = Attempt.objects.filter(submitted_at__isnull=True)

    assert len(lines) == open_attempts.count() == len(page.attempt_ids)
    assert len({pair_of(line)[1] for line in lines}) == len(lines)
    for request_line in lines[:20]:
        attempt_id = pair_of(request_line)[1].split("/")[2]
        assert user_of(request_line) == Attempt.objects.get(pk=attempt_id).user_id


def test_the_statistics_page_reads_the_first_quiz_everyone_took_as_its_instructor(pages):
    page = pages["instructor quiz statistics"]
    course = Course.objects.get(slug=SLUG)
    quiz = course.modules.order_by("position").first().quizzes.get()
    paths = {pair_of(line)[1] for line in page.warm_up + page.first + page.repeat}
    statistics = f"/admin/reports/quizzes/{quiz.pk}/statistics/"
    assert paths == {statistics, statistics + "?attempts=all"}
    assert page.own_target == 0.5
    assert not page.learner_page
    takers = quiz.attempts.submitted().values_list("user_id", flat=True)
    learners = course.enrollments.exclude(user__email__startswith=bench.BENCH_EMAIL_START)
    assert set(takers) == set(learners.values_list("user_id", flat=True))


def test_the_review_page_is_asked_for_only_by_learners_with_a_card_to_review_now(pages):
    page = pages["review page"]
    lines = page.warm_up + page.first

    assert len(lines) == 120
    assert len({pair_of(line) for line in lines}) == len(lines)
    assert not page.repeat
    assert page.learner_page
    for request_line in lines[:20]:
        assert pair_of(request_line)[1] == "/review/"
        assert Today(User.objects.get(pk=user_of(request_line)), timezone.now()).left > 0


def test_each_review_answer_answers_a_card_due_today_once_by_its_learner(pages):
    page = pages["review answer (POST)"]
    lines = page.warm_up + page.first

    assert len(lines) == len(page.card_ids) == len(set(page.card_ids)) == 120
    assert [int(pair_of(line)[1].split("/")[3]) for line in lines] == list(page.card_ids)
    assert page.expect == 302
    for request_line in lines[:20]:
        card = ReviewCard.objects.get(pk=pair_of(request_line)[1].split("/")[3])
        assert user_of(request_line) == card.user_id
        assert card.due < Today(card.user, timezone.now()).day.end


def send(request_line: str):
    """The request line as wrk sends it: its cookies, its origin, and its form with the CSRF
    token."""
    _, path, cookie, body = request_line.split("\t")
    client = Client(enforce_csrf_checks=True)
    for pair in cookie.split("; "):
        name, value = pair.split("=")
        client.cookies[name] = value
    return client.post(
        path,
        body,
        content_type="application/x-www-form-urlencoded",
        headers={"Origin": "https://testserver"},
        secure=True,
    )


def test_a_review_answer_rates_its_card_and_sent_again_changes_nothing(pages):
    request_line = pages["review answer (POST)"].first[0]
    card_id = int(pair_of(request_line)[1].split("/")[3])
    reps = ReviewCard.objects.get(pk=card_id).reps

    first, again = send(request_line), send(request_line)

    log = ReviewLog.objects.get(card_id=card_id, seq=reps + 1)
    assert first.status_code == again.status_code == 302
    assert first.url == f"/review/answers/{log.pk}/"
    assert ReviewCard.objects.get(pk=card_id).reps == reps + 1
    assert ReviewLog.objects.filter(card_id=card_id, seq__gt=reps).count() == 1


def test_the_class_report_is_read_by_the_big_class_s_instructor_in_two_orders(pages):
    page = pages["instructor class report"]
    course = Course.objects.get(slug=SLUG)
    classroom = course.classrooms.get(name="Load-test cohort A")
    paths = {pair_of(line)[1] for line in page.warm_up + page.first + page.repeat}
    report = f"/admin/reports/classes/{classroom.pk}/"
    assert paths == {report, report + "?sort=-active"}
    assert page.own_target == 0.5
    assert not page.learner_page
    instructor = User.objects.get(email="instructor@load.test")
    assert {user_of(line) for line in page.first[:20]} == {instructor.pk}
