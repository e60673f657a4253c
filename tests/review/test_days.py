"""The learner's day: due cards, the daily limit and the streak follow their own time zone's
midnight, not the server's."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from jsnlearn.review.models import ReviewCard
from quizzes.grading import Kind
from tests.helpers import text
from tests.review.helpers import REVIEW_URL, answer_url, card_of, review_form, take_quiz

TOKYO = ZoneInfo("Asia/Tokyo")


def at(monkeypatch, moment: datetime) -> None:
    """The site's clock reads `moment`."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def tokyo_deck(learner_client, learner, quiz):
    learner.time_zone = "Asia/Tokyo"
    learner.save(update_fields=["time_zone"])
    take_quiz(learner_client, learner, at=datetime(2026, 12, 1, 12, tzinfo=TOKYO))
    # One card comes due ten minutes into 7 December, Tokyo time; the rest much later.
    ReviewCard.objects.filter(user=learner).update(due=datetime(2027, 1, 1, tzinfo=TOKYO))
    card = card_of(learner, Kind.SINGLE)
    ReviewCard.objects.filter(pk=card.pk).update(due=datetime(2026, 12, 7, 0, 10, tzinfo=TOKYO))
    return learner


def test_a_card_due_tomorrow_is_not_due_at_half_past_eleven(
    monkeypatch, learner_client, tokyo_deck
):
    at(monkeypatch, datetime(2026, 12, 6, 23, 30, tzinfo=TOKYO))

    page = text(learner_client.get(REVIEW_URL))

    assert "All caught up" in page
    assert "Your next question is due tomorrow" in page


def test_the_same_card_is_due_at_half_past_midnight(monkeypatch, learner_client, tokyo_deck):
    at(monkeypatch, datetime(2026, 12, 7, 0, 30, tzinfo=TOKYO))

    page = text(learner_client.get(REVIEW_URL))

    assert "Question 1 of 1" in page
    assert "Your former manager sends you a Facebook friend request" in page


def test_the_server_day_does_not_count_when_the_learner_has_a_zone(
    monkeypatch, learner_client, tokyo_deck
):
    # 00:30 in Tokyo is still 6 December in UTC, the site's zone: the learner's day decides.
    moment = datetime(2026, 12, 7, 0, 30, tzinfo=TOKYO)
    assert moment.astimezone(ZoneInfo("UTC")).day == 6
    at(monkeypatch, moment)

    assert "Question 1 of 1" in text(learner_client.get(REVIEW_URL))


def test_the_daily_limit_starts_again_at_the_learners_midnight(
    monkeypatch, learner_client, tokyo_deck
):
    tokyo_deck.review_daily_limit = 1
    tokyo_deck.save(update_fields=["review_daily_limit"])
    ReviewCard.objects.filter(user=tokyo_deck).update(due=datetime(2026, 12, 5, tzinfo=TOKYO))
    at(monkeypatch, datetime(2026, 12, 6, 23, 30, tzinfo=TOKYO))
    card = card_of(tokyo_deck, Kind.SINGLE)
    learner_client.post(answer_url(card), review_form(card))
    assert "That's your 1 for today" in text(learner_client.get(REVIEW_URL))

    at(monkeypatch, datetime(2026, 12, 7, 0, 30, tzinfo=TOKYO))

    page = text(learner_client.get(REVIEW_URL))
    assert "Question 1 of 1" in page
    assert "1-day streak" in page  # yesterday's review, and today's may still join it


def test_the_header_link_shows_from_the_learners_midnight(monkeypatch, learner_client, tokyo_deck):
    at(monkeypatch, datetime(2026, 12, 6, 23, 30, tzinfo=TOKYO))
    learner_client.get(REVIEW_URL)  # nothing due: the header learns when something will be
    assert "Review (questions are due)" not in text(learner_client.get("/dashboard/"))

    at(monkeypatch, datetime(2026, 12, 7, 0, 0, 1, tzinfo=TOKYO))
    assert "Review (questions are due)" in text(learner_client.get("/dashboard/"))


def test_the_time_zone_is_chosen_on_the_account_page(learner_client, learner):
    page = text(learner_client.get("/accounts/"))
    assert "Your time zone" in page

    response = learner_client.post("/accounts/time-zone/", {"time_zone": "Asia/Tokyo"})

    assert response.status_code == 302
    learner.refresh_from_db()
    assert str(learner.zone) == "Asia/Tokyo"
    assert "Your time zone is now Asia/Tokyo." in text(learner_client.get(response.url))


def test_without_a_choice_the_day_is_the_sites(learner, settings):
    assert str(learner.zone) == settings.TIME_ZONE


def test_times_on_the_learners_pages_read_in_their_zone(learner_client, learner, quiz):
    learner.time_zone = "Asia/Tokyo"
    learner.save(update_fields=["time_zone"])
    attempt = take_quiz(learner_client, learner, at=datetime(2026, 12, 1, 23, 0, tzinfo=TOKYO))

    page = text(learner_client.get(f"/attempts/{attempt.pk}/result/"))

    assert "Submitted 1 Dec 2026, 23:00" in page
