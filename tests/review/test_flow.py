"""Reviewing without JavaScript: the deck a quiz makes, a card answered and taught, the day's
end, the dashboard's card and the header's link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from jsnlearn.review.deck import Days, days_reviewed, review_paper
from jsnlearn.review.models import ReviewCard, ReviewLog
from jsnlearn.review.services import answer_card, sync_deck
from lessons.progress import progress_for
from quizzes.grading import Kind
from quizzes.models import Attempt, Response
from tests.factories import UserFactory
from tests.helpers import text
from tests.review.helpers import (
    REVIEW_URL,
    answer_url,
    card_of,
    log_id_of,
    make_due,
    review_form,
    right_answer,
    take_quiz,
)

DAY = timedelta(days=1)


@pytest.fixture
def deck(learner_client, learner, quiz):
    """Aiko took the quiz three days ago, right on single choice only: six cards, all due."""
    take_quiz(learner_client, learner, right={Kind.SINGLE}, at=timezone.now() - 3 * DAY)
    return learner


def test_every_question_answered_in_a_quiz_joins_the_deck_due_by_how_it_went(
    learner_client, learner, quiz
):
    attempt = take_quiz(learner_client, learner, right={Kind.SINGLE, Kind.ORDERING})

    cards = {card.kind: card for card in ReviewCard.objects.filter(user=learner)}
    assert set(cards) == set(Kind)
    submitted = attempt.submitted_at
    # A miss (blank) comes back the next day, a right answer the day after.
    assert cards[Kind.MATCHING].due == submitted + DAY
    assert cards[Kind.SINGLE].due == submitted + 2 * DAY
    assert cards[Kind.ORDERING].due == submitted + 2 * DAY
    assert {card.reps for card in cards.values()} == {1}


def test_a_second_attempt_adds_no_card_twice(learner_client, learner, quiz):
    take_quiz(learner_client, learner)
    take_quiz(learner_client, learner, right=set(Kind))

    assert ReviewCard.objects.filter(user=learner).count() == 6


def test_the_review_page_asks_the_most_overdue_card_and_holds_nothing_of_the_key(
    learner_client, deck
):
    oldest = card_of(deck, Kind.MATCHING)
    ReviewCard.objects.filter(pk=oldest.pk).update(due=timezone.now() - 10 * DAY)

    page = learner_client.get(REVIEW_URL)

    words = text(page)
    assert page.status_code == 200
    assert "Question 1 of 6" in words
    assert "Match each Japanese term with its meaning." in words
    html = page.content.decode()
    assert "EXPLAIN-" not in html
    assert "FB-" not in html
    assert "Correct" not in words
    assert "Right" not in words
    # Options are named by tokens, never by database ids.
    ids = {str(pk) for pk in oldest.question.choices.values_list("pk", flat=True)}
    values = set(re.findall(r'<input type="radio"[^>]*value="([^"]*)"', html))
    assert values
    assert not values & ids
    assert all(re.fullmatch(r"[0-9a-f]{16}", value) for value in values)


@pytest.mark.parametrize("kind", list(Kind))
def test_a_right_answer_of_each_kind_is_marked_taught_and_comes_back_later(
    learner_client, deck, kind
):
    card = card_of(deck, kind)
    make_due(card)  # the only card due: the page asks it
    ReviewCard.objects.filter(user=deck).exclude(pk=card.pk).update(due=timezone.now() + 30 * DAY)
    assert f'action="{answer_url(card)}"' in learner_client.get(REVIEW_URL).content.decode()

    response = learner_client.post(answer_url(card), review_form(card, right_answer(card)))

    assert response.status_code == 302
    page = text(learner_client.get(response.url))
    assert "Right" in page
    assert f"EXPLAIN-{kind}" in page
    card.refresh_from_db()
    assert card.reps == 2
    assert card.due > timezone.now() + DAY


def test_a_wrong_answer_shows_the_feedback_on_it_and_the_correct_answer(learner_client, deck):
    card = card_of(deck, Kind.SINGLE)
    wrong = card.question.choices.get(text="Ignore it for ever").pk

    response = learner_client.post(answer_url(card), review_form(card, wrong))

    page = text(learner_client.get(response.url))
    assert "Not quite" in page
    assert "FB-ignore-forever" in page  # the feedback on what they chose
    assert "Accept it and keep what you post professional Correct" in page
    assert "EXPLAIN-single" in page
    assert "comes back tomorrow" in page
    log = ReviewLog.objects.get(card=card)
    assert (log.rating, log.is_correct, log.awarded_points) == (ReviewLog.Rating.AGAIN, False, 0)


def test_checking_without_an_answer_shows_the_answer_and_rates_it_again(learner_client, deck):
    card = card_of(deck, Kind.SHORT_TEXT)

    response = learner_client.post(answer_url(card), review_form(card))

    page = text(learner_client.get(response.url))
    assert "Here's the answer" in page
    assert "Accepted: LINE" in page
    assert ReviewLog.objects.get(card=card).rating == ReviewLog.Rating.AGAIN


def test_a_partly_right_answer_rates_hard(learner_client, deck):
    card = card_of(deck, Kind.MULTIPLE)
    one_right = {card.question.choices.get(text="Reply within working hours").pk}

    response = learner_client.post(answer_url(card), review_form(card, frozenset(one_right)))

    assert "Partly right" in text(learner_client.get(response.url))
    assert ReviewLog.objects.get(card=card).rating == ReviewLog.Rating.HARD


def test_that_was_easy_brings_a_right_answer_back_later(learner_client, deck):
    card = card_of(deck, Kind.TRUE_FALSE)
    response = learner_client.post(answer_url(card), review_form(card, right_answer(card)))
    log_id = log_id_of(response)
    good_due = ReviewLog.objects.get(pk=log_id).due_after
    assert "That was easy" in text(learner_client.get(response.url))

    learner_client.post(f"/review/answers/{log_id}/easy/")

    log = ReviewLog.objects.get(pk=log_id)
    card.refresh_from_db()
    assert log.rating == ReviewLog.Rating.EASY
    assert card.due == log.due_after > good_due
    assert ReviewLog.objects.filter(card=card).count() == 1
    assert "That was easy" not in text(learner_client.get(response.url))


def test_easy_is_refused_for_a_wrong_answer(learner_client, deck):
    card = card_of(deck, Kind.SHORT_TEXT)
    response = learner_client.post(answer_url(card), review_form(card, "WhatsApp"))
    log_id = log_id_of(response)

    learner_client.post(f"/review/answers/{log_id}/easy/")

    assert ReviewLog.objects.get(pk=log_id).rating == ReviewLog.Rating.AGAIN


def test_review_never_changes_attempts_scores_or_progress(learner_client, deck, quiz):
    (before,) = progress_for([quiz.module.course], deck)
    attempts = list(Attempt.objects.values_list("pk", "score", "percent", "passed"))
    responses = list(Response.objects.values_list("pk", "awarded_points", "is_correct"))

    for card in ReviewCard.objects.filter(user=deck):
        learner_client.post(answer_url(card), review_form(card, right_answer(card)))

    (after,) = progress_for([quiz.module.course], deck)
    assert list(Attempt.objects.values_list("pk", "score", "percent", "passed")) == attempts
    assert list(Response.objects.values_list("pk", "awarded_points", "is_correct")) == responses
    assert (after.done_count, after.percent) == (before.done_count, before.percent)


def test_once_all_are_done_the_page_says_when_the_next_is_due(learner_client, deck):
    for card in ReviewCard.objects.filter(user=deck):
        learner_client.post(answer_url(card), review_form(card, right_answer(card)))

    page = text(learner_client.get(REVIEW_URL))

    assert "All caught up" in page
    assert "You reviewed 6 questions today." in page
    assert "Your next question is due in " in page
    assert "1-day streak" in page


def test_the_daily_limit_stops_the_day_and_review_more_goes_on(learner_client, deck):
    deck.review_daily_limit = 2
    deck.save(update_fields=["review_daily_limit"])
    for _ in range(2):
        card = ReviewCard.objects.filter(user=deck).order_by("due", "id").first()
        learner_client.post(answer_url(card), review_form(card, right_answer(card)))

    page = text(learner_client.get(REVIEW_URL))
    assert "That's your 2 for today" in page
    assert "4 more questions are due." in page

    more = learner_client.get(REVIEW_URL + "?more=1")
    assert "Question 3 of 6" in text(more)
    card = ReviewCard.objects.filter(user=deck, reps=1).order_by("due", "id").first()
    response = learner_client.post(answer_url(card), review_form(card, None, more="1"))
    assert response.url.endswith("?more=1")
    assert ReviewLog.objects.filter(user=deck).count() == 3


def test_reviewing_ahead_brings_the_soonest_card_early(learner_client, deck):
    ReviewCard.objects.filter(user=deck).update(due=timezone.now() + 5 * DAY)

    assert "All caught up" in text(learner_client.get(REVIEW_URL))
    page = text(learner_client.get(REVIEW_URL + "?more=1"))

    assert "Reviewing ahead" in page


def test_a_learner_with_no_deck_is_told_how_one_starts(learner_client, learner):
    page = text(learner_client.get(REVIEW_URL))

    assert "Nothing to review yet" in page
    assert "Every question you answer in a quiz joins your review deck" in page


def test_the_dashboard_counts_todays_questions_and_the_header_links_to_review(learner_client, deck):
    dashboard = text(learner_client.get("/dashboard/"))

    assert "6 questions to review today" in dashboard
    assert "Review (questions are due)" in dashboard

    for card in ReviewCard.objects.filter(user=deck):
        learner_client.post(answer_url(card), review_form(card, right_answer(card)))
    dashboard = text(learner_client.get("/dashboard/"))
    assert "Review: all caught up" in dashboard
    assert "1-day streak" in dashboard
    assert "Review (questions are due)" not in dashboard


def test_a_streak_counts_days_in_a_row_with_a_review(learner_client, deck):
    now = timezone.now()
    cards = list(ReviewCard.objects.filter(user=deck).order_by("pk"))
    for card, days_ago in zip(cards, (4, 2, 1), strict=False):  # a gap, then two days in a row
        answer_card(
            user=deck,
            card=card,
            paper=review_paper(card, card.question.quiz),
            answers={},
            seen=card.reps,
            now=now - days_ago * DAY,
        )

    assert "2-day streak" in text(learner_client.get(REVIEW_URL))
    last = cards[-1]
    learner_client.post(answer_url(last), review_form(last))
    assert "3-day streak" in text(learner_client.get(REVIEW_URL))
    deck.refresh_from_db()
    assert (deck.review_day_count, deck.review_streak) == (1, 3)
    assert days_reviewed(deck, timezone.now()) == Days(deck.review_day, 1, 3)  # as the log says


def test_a_new_time_zone_counts_the_days_with_a_review_in_its_own_days(learner_client, deck):
    now = (timezone.now() - 2 * DAY).replace(hour=12, minute=0)  # noon UTC
    cards = list(ReviewCard.objects.filter(user=deck).order_by("pk"))
    for card, hours_ago in zip(cards, (13, 11), strict=False):  # 23:00 yesterday, 01:00 today
        answer_card(
            user=deck,
            card=card,
            paper=review_paper(card, card.question.quiz),
            answers={},
            seen=card.reps,
            now=now - timedelta(hours=hours_ago),
        )
    deck.refresh_from_db()
    assert (deck.review_day_count, deck.review_streak) == (1, 2)  # in UTC's days

    learner_client.post("/accounts/time-zone/", {"time_zone": "Asia/Tokyo"})  # both on one day

    deck.refresh_from_db()
    assert (deck.review_day_count, deck.review_streak) == (2, 1)


def test_the_learner_can_switch_review_off_and_on(learner_client, deck):
    response = learner_client.post(
        "/review/settings/", {"review_daily_limit": "20"}
    )  # the box unticked
    assert response.status_code == 302
    deck.refresh_from_db()
    assert not deck.reviews_on
    assert "Review is off" in text(learner_client.get(REVIEW_URL))
    assert "questions to review" not in text(learner_client.get("/dashboard/"))
    assert "Review (questions are due)" not in text(learner_client.get("/dashboard/"))

    learner_client.post("/review/settings/", {"reviews_on": "on", "review_daily_limit": "20"})

    assert "Question 1 of 6" in text(learner_client.get(REVIEW_URL))
    assert ReviewCard.objects.filter(user=deck).count() == 6  # kept while off


def test_resetting_a_courses_deck_brings_its_cards_back_today_as_new(learner_client, deck, quiz):
    for card in ReviewCard.objects.filter(user=deck):
        learner_client.post(answer_url(card), review_form(card, right_answer(card)))
    assert "All caught up" in text(learner_client.get(REVIEW_URL))

    response = learner_client.post(f"/review/settings/{quiz.module.course.slug}/reset/")

    assert response.status_code == 302
    assert "6 cards of Social networking in Japan will start again today" in text(
        learner_client.get(response.url)
    )
    assert ReviewLog.objects.filter(user=deck).count() == 6  # the history stays
    assert set(ReviewCard.objects.filter(user=deck).values_list("stability", flat=True)) == {None}
    assert "Question 7 of 12" in text(learner_client.get(REVIEW_URL))


def test_the_settings_page_lists_each_courses_cards(learner_client, deck):
    page = text(learner_client.get("/review/settings/"))

    assert "Social networking in Japan 6 cards" in page
    assert "Start again…" in page


def test_another_learners_deck_is_their_own(client, deck):
    other = UserFactory()
    client.force_login(other)

    assert "Nothing to review yet" in text(client.get(REVIEW_URL))
    assert "questions to review" not in text(client.get("/dashboard/"))


def test_the_deck_reads_quiz_answers_only_after_a_quiz_step(
    learner_client, deck, django_assert_num_queries
):
    deck.refresh_from_db()
    with django_assert_num_queries(0):  # up to date since the quiz: nothing to read
        assert sync_deck(user=deck) == 0

    card = card_of(deck, Kind.SINGLE)
    learner_client.post(answer_url(card), review_form(card, right_answer(card)))
    deck.refresh_from_db()
    with django_assert_num_queries(0):  # a review adds no quiz answer
        assert sync_deck(user=deck) == 0

    deck.renew_work_version()  # any other step of theirs, a quiz submitted among them
    with django_assert_num_queries(2):  # the answers since, none new; then the mark
        assert sync_deck(user=deck) == 0
