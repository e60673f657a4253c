"""Review: each learner's deck of the questions they answered in quizzes, one card per learner
and question, scheduled by FSRS (jsnlearn/review/scheduling.py), and the log of their reviews.

A review is practice: it never changes an attempt, a score or a course's progress. A card
whose question is no longer published, or has changed kind, is out of the deck (its learner
never sees it) until its question is back as it was; deleting a question deletes its cards.
"""

from django.conf import settings
from django.db import models
from django.db.models import F

from quizzes.grading import Kind
from quizzes.models import Question


class ReviewCardQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(user=user)

    def in_deck(self):
        """Cards whose question learners can see, of the kind it had when the card was made.
        Joins, read with the card (the due-card query walks the (user, due) index first)."""
        return self.filter(
            question__quiz__is_published=True,
            question__quiz__module__is_published=True,
            question__quiz__module__course__is_published=True,
            kind=F("question__kind"),
        )

    def due_before(self, moment):
        return self.filter(due__lt=moment)


class ReviewCard(models.Model):
    """What FSRS knows of one learner's memory of one question (py-fsrs's Card, stored)."""

    class State(models.IntegerChoices):
        # py-fsrs's State values. Learning and relearning steps are off (scheduling.py), so a
        # card is in Learning only before its first rating.
        LEARNING = 1, "learning"
        REVIEW = 2, "review"
        RELEARNING = 3, "relearning"

    # Found through the indexes below, which lead with it: an index of its own would only be
    # smaller, and PostgreSQL would then read it and filter every card by due date.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_cards",
        db_index=False,
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="review_cards")
    # The question's course, kept with the card: a course's deck is reset by it.
    course = models.ForeignKey("lessons.Course", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)  # the question's, when made
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    # Ratings it has had, its quiz answer included: the review form names the count it showed,
    # so an answer sent twice is recorded once.
    reps = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_card_per_question")
        ]
        indexes = [models.Index(fields=["user", "due"], name="review_card_user_due")]

    def __str__(self):
        return f"{self.user}: {self.question}"


class ReviewLog(models.Model):
    """One answer in review and the rating it gave the card. (The quiz answer that made the
    card is its attempt's response.)"""

    class Rating(models.IntegerChoices):  # py-fsrs's Rating values
        AGAIN = 1, "Again"
        HARD = 2, "Hard"
        GOOD = 3, "Good"
        EASY = 4, "Easy"

    # The card's learner, kept with each rating: a day's reviews are found by learner and time,
    # through the index below (none of its own, which PostgreSQL would read instead).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_logs",
        db_index=False,
    )
    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="logs")
    seq = models.PositiveIntegerField()  # the card's reps once rated (the quiz answer was 1)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField()
    # The answer, in grading's JSON shape (quizzes/paper.py `to_json`).
    answer = models.JSONField(null=True, blank=True)
    awarded_points = models.DecimalField(max_digits=6, decimal_places=2)
    is_correct = models.BooleanField(default=False)
    # The card as it was before this rating (py-fsrs's Card.to_dict): "that was easy" rates
    # it again from there.
    card_before = models.JSONField(default=dict)
    due_after = models.DateTimeField()

    class Meta:
        ordering = ["card_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["card", "seq"], name="one_log_per_rating"),
        ]
        indexes = [
            # A learner's reviews of a day (the daily limit) and of recent days (the streak).
            models.Index(fields=["user", "reviewed_at"], name="review_log_user_time"),
        ]

    def __str__(self):
        return f"{self.card} #{self.seq}: {self.get_rating_display()}"
