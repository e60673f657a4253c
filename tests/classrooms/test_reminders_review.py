"""The daily review reminder: to learners who asked for it, on their own day, in their morning."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from jsnlearn.classrooms.reminders import send_review_reminders
from tests.classrooms.reminder_helpers import TOKYO_DAY_END, TOKYO_MIDNIGHT, TOKYO_MORNING, deal
from tests.factories import UserFactory, content_edited


@pytest.fixture
def reader(db):
    return UserFactory(display_name="Yui", time_zone="Asia/Tokyo", review_emails=True)


def test_a_learner_with_cards_due_today_gets_one_email_in_their_morning(reader, quiz):
    # Due at the day's last minute, earlier, and just after the day (tomorrow's).
    deal(reader, quiz, [TOKYO_DAY_END - timedelta(minutes=1), TOKYO_MIDNIGHT, TOKYO_DAY_END])

    assert send_review_reminders(now=TOKYO_MORNING) == 1

    (sent,) = mail.outbox
    assert sent.to == [reader.email]
    assert sent.subject == "2 questions to review today"
    assert "http://127.0.0.1:8000/review/" in sent.body
    assert "Review now" in sent.alternatives[0][0]
    assert sent.extra_headers["List-Unsubscribe"][1:-1] in sent.body


def test_one_email_per_local_day(reader, quiz):
    deal(reader, quiz, [TOKYO_MIDNIGHT - timedelta(days=3)])

    assert send_review_reminders(now=TOKYO_MORNING) == 1
    assert send_review_reminders(now=TOKYO_MORNING + timedelta(hours=4)) == 0
    next_morning = TOKYO_MORNING + timedelta(days=1)
    assert send_review_reminders(now=next_morning) == 1
    assert send_review_reminders(now=next_morning + timedelta(minutes=10)) == 0
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("local_time", "sent"),
    [
        (timedelta(hours=0, minutes=5), False),  # a midnight run wakes nobody
        (timedelta(hours=7, minutes=59), False),
        (timedelta(hours=8), True),
        (timedelta(hours=20, minutes=59), True),
        (timedelta(hours=21), False),  # too late: tomorrow morning's will come
    ],
)
def test_only_from_eight_in_the_morning_to_nine_at_night_their_time(reader, quiz, local_time, sent):
    deal(reader, quiz, [TOKYO_MIDNIGHT])

    assert send_review_reminders(now=TOKYO_MIDNIGHT + local_time) == int(sent)


def test_the_day_and_the_hour_are_the_learners_own(reader, quiz):
    # At 08:30 in Tokyo it is 23:30 the day before in London (the site's zone here is UTC).
    london = UserFactory(time_zone="", review_emails=True)
    deal(reader, quiz, [TOKYO_MIDNIGHT])
    deal(london, quiz, [TOKYO_MIDNIGHT])

    assert send_review_reminders(now=TOKYO_MORNING) == 1
    assert mail.outbox[0].to == [reader.email]
    london_morning = datetime(2026, 12, 12, 8, 0, tzinfo=UTC)
    assert send_review_reminders(now=london_morning) == 1
    assert mail.outbox[1].to == [london.email]


def test_learners_who_did_not_ask_or_switched_review_off_get_none(reader, quiz):
    not_asked = UserFactory(time_zone="Asia/Tokyo")
    review_off = UserFactory(time_zone="Asia/Tokyo", review_emails=True, reviews_on=False)
    for user in (not_asked, review_off):
        deal(user, quiz, [TOKYO_MIDNIGHT])

    assert send_review_reminders(now=TOKYO_MORNING) == 0


def test_nothing_due_today_sends_nothing(reader, quiz):
    deal(reader, quiz, [TOKYO_DAY_END, TOKYO_DAY_END + timedelta(days=2)])

    assert send_review_reminders(now=TOKYO_MORNING) == 0


def test_cards_out_of_the_deck_are_not_counted(reader, quiz):
    deal(reader, quiz, [TOKYO_MIDNIGHT, TOKYO_MIDNIGHT])
    quiz.is_published = False
    quiz.save()
    content_edited(quiz.module.course_id)

    assert send_review_reminders(now=TOKYO_MORNING) == 0


def test_the_number_is_what_the_daily_limit_leaves_today(reader, quiz):
    tokyo_today = date(2026, 12, 12)
    deal(reader, quiz, [TOKYO_MIDNIGHT] * 5)
    reader.review_daily_limit, reader.review_day, reader.review_day_count = 3, tokyo_today, 2
    reader.save()
    done_for_today = UserFactory(time_zone="Asia/Tokyo", review_emails=True)
    deal(done_for_today, quiz, [TOKYO_MIDNIGHT] * 5)
    done_for_today.review_daily_limit, done_for_today.review_day = 3, tokyo_today
    done_for_today.review_day_count = 3
    done_for_today.save()

    assert send_review_reminders(now=TOKYO_MORNING) == 1
    assert mail.outbox[0].to == [reader.email]
    assert mail.outbox[0].subject == "1 question to review today"
