"""Where each member of a class stands against its due dates (jsnlearn/classrooms/standing.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from jsnlearn.classrooms.standing import Status, class_standing, sorted_members
from jsnlearn.review.deck import review_paper
from jsnlearn.review.models import ReviewCard
from jsnlearn.review.services import answer_card, sync_deck
from lessons.models import LessonCompletion
from lessons.progress import progress_for
from quizzes.models import Attempt
from tests.classrooms.standing_helpers import MEMBERS, cohort
from tests.factories import QuizFactory, UserFactory, content_edited
from tests.reports.helpers import complete, submit


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def klass(course, lessons, now):
    return cohort(course, lessons, now=now)


def by_email(standing) -> dict:
    return {member.email: member for member in standing.members}


def test_each_member_is_on_track_behind_or_overdue_by_the_due_dates(klass, now):
    members = by_email(class_standing(klass["classroom"], now=now))

    assert members["aiko@example.com"].status == Status.ON_TRACK
    assert members["ben@example.com"].status == Status.OVERDUE
    assert [due.title for due in members["ben@example.com"].overdue] == [
        f"Quiz: {klass['quiz'].title}"
    ]
    assert members["chika@example.com"].status == Status.BEHIND
    assert [due.title for due in members["chika@example.com"].behind] == ["Module: Module 2"]
    assert members["key.tanaka@example.com"].status == Status.OVERDUE
    # Overdue wins over behind: Key has module 2 due soon too.
    assert [d.title for d in members["key.suzuki@example.com"].behind] == ["Module: Module 2"]


def test_the_counts_sum_up_the_statuses(klass, now):
    counts = class_standing(klass["classroom"], now=now).counts

    assert (counts.on_track, counts.behind, counts.overdue) == (1, 1, 3)


def test_progress_and_what_each_member_is_on_are_as_on_their_own_pages(klass, course, now):
    members = by_email(class_standing(klass["classroom"], now=now))

    aiko, ben = members["aiko@example.com"], members["ben@example.com"]
    assert (aiko.done, aiko.total, aiko.percent, aiko.working_on) == (5, 5, 100, "Finished")
    assert (ben.done, ben.total, ben.percent) == (1, 5, 20)
    for user in klass["members"][1:]:
        (own,) = progress_for([course], user)  # what their own "Continue" opens
        on = own.next_item
        expected = f"{on.label}: {on.title}" if on.label else on.title
        assert members[user.email].working_on == f"{expected} ({on.module.module.title})"
    assert members["key.tanaka@example.com"].working_on == "Lesson 1.1 (Module 1)"


def test_a_quiz_is_finished_once_passed_and_a_late_finish_is_no_longer_overdue(klass, now):
    ben = klass["members"][1]
    greeting, kidoku, manners = klass["questions"]

    submit(ben, klass["quiz"], {greeting: "Bow", kidoku: "True", manners: {"Reply"}})

    member = by_email(class_standing(klass["classroom"], now=now))["ben@example.com"]
    assert member.overdue == []
    assert member.scores[klass["quiz"].pk].best == 90
    assert member.scores[klass["quiz"].pk].passed


def test_best_scores_are_kept_for_quizzes_tried_only(klass, now):
    members = by_email(class_standing(klass["classroom"], now=now))
    quiz_id = klass["quiz"].pk

    assert members["ben@example.com"].scores[quiz_id].best == 50
    assert not members["ben@example.com"].scores[quiz_id].passed
    assert members["chika@example.com"].scores[quiz_id].best == 70
    assert quiz_id not in members["key.tanaka@example.com"].scores


def test_a_module_is_finished_only_with_every_lesson_and_its_quiz_passed(klass, lessons, now):
    classroom, ben = klass["classroom"], klass["members"][1]
    DueDate.objects.filter(classroom=classroom, quiz__isnull=False).delete()
    DueDate.objects.filter(classroom=classroom, module__slug="m1").update(
        due=now - timedelta(hours=1)
    )
    complete(ben, lessons[:2])  # module 1's lessons, but its quiz is failed

    members = by_email(class_standing(classroom, now=now))
    assert [d.title for d in members["ben@example.com"].overdue] == ["Module: Module 1"]
    assert members["chika@example.com"].overdue == []  # lessons and the quiz passed at 70%


def test_an_item_not_open_yet_does_not_make_anyone_behind(klass, now):
    classroom = klass["classroom"]
    DueDate.objects.filter(classroom=classroom, quiz__isnull=False).delete()
    DueDate.objects.filter(classroom=classroom, module__slug="m2").update(
        opens=now + timedelta(days=1)
    )

    members = by_email(class_standing(classroom, now=now))
    assert {member.status for member in members.values()} == {Status.ON_TRACK}


def test_something_due_later_than_the_window_leaves_members_on_track(klass, now):
    classroom = klass["classroom"]
    DueDate.objects.filter(classroom=classroom, quiz__isnull=False).delete()
    DueDate.objects.filter(classroom=classroom, module__slug="m2").update(
        due=now + timedelta(days=3, minutes=1)
    )

    members = by_email(class_standing(classroom, now=now))
    assert {member.status for member in members.values()} == {Status.ON_TRACK}


def test_a_due_date_for_an_unpublished_quiz_counts_for_nobody(klass, course, now):
    classroom = klass["classroom"]
    draft = QuizFactory(module=course.modules.get(slug="m2"), is_published=False)
    DueDate.objects.filter(classroom=classroom).delete()
    DueDate.objects.create(classroom=classroom, quiz=draft, due=now - timedelta(days=1))
    content_edited(course)
    classroom.course.refresh_from_db()

    standing = class_standing(classroom, now=now)
    assert standing.dues == []
    assert {member.status for member in standing.members} == {Status.ON_TRACK}


def test_last_active_is_the_latest_completion_submission_or_review(klass, now):
    classroom = klass["classroom"]
    aiko, ben, *_ = klass["members"]
    moment = now - timedelta(days=5)
    LessonCompletion.objects.filter(user=aiko).update(completed_at=moment)
    Attempt.objects.filter(user=aiko).update(submitted_at=moment + timedelta(hours=1))
    LessonCompletion.objects.filter(user=ben).update(completed_at=moment + timedelta(hours=3))
    Attempt.objects.filter(user=ben).update(submitted_at=moment + timedelta(hours=2))

    members = by_email(class_standing(classroom, now=now))
    assert members["aiko@example.com"].last_active == moment + timedelta(hours=1)
    assert members["ben@example.com"].last_active == moment + timedelta(hours=3)
    assert members["key.tanaka@example.com"].last_active is None

    aiko.refresh_from_db()
    sync_deck(user=aiko, now=moment + timedelta(hours=1))
    card = ReviewCard.objects.filter(user=aiko).select_related("question__quiz").first()
    reviewed = now - timedelta(minutes=5)
    paper = review_paper(card, card.question.quiz)
    answer_card(user=aiko, card=card, paper=paper, answers={}, seen=card.reps, now=reviewed)

    members = by_email(class_standing(classroom, now=now))
    assert members["aiko@example.com"].last_active == reviewed


def test_work_in_another_course_is_not_this_class_s_activity(klass, now):
    other = QuizFactory()
    key = klass["members"][3]
    Attempt.objects.create(user=key, quiz=other, submitted_at=now, percent=100, passed=True)

    members = by_email(class_standing(klass["classroom"], now=now))
    assert members["key.tanaka@example.com"].last_active is None


def test_only_the_class_s_members_are_counted(klass, course, now):
    another = Classroom.objects.create(course=course, name="Another class")
    Membership.objects.create(classroom=another, user=UserFactory(display_name="Outsider"))

    emails = {member.email for member in class_standing(klass["classroom"], now=now).members}
    assert emails == {email for _, email in MEMBERS}


def test_sorting_puts_members_without_a_value_last_either_way_and_ties_by_name(klass, now):
    standing = class_standing(klass["classroom"], now=now)
    quiz_key = f"quiz-{klass['quiz'].pk}"

    best_first = [m.name for m in sorted_members(standing, quiz_key, True)]
    worst_first = [m.name for m in sorted_members(standing, quiz_key, False)]
    assert best_first == ["Aiko", "Chika", "Ben", "Key", "Key"]
    assert worst_first == ["Ben", "Chika", "Aiko", "Key", "Key"]
    urgent = [m.email for m in sorted_members(standing, "status", True)]
    assert urgent == [
        "ben@example.com",
        "key.suzuki@example.com",
        "key.tanaka@example.com",
        "chika@example.com",
        "aiko@example.com",
    ]


def test_the_quizzes_due_are_those_with_a_due_date_or_in_a_module_with_one(klass, course, now):
    classroom = klass["classroom"]
    in_module_2 = QuizFactory(module=course.modules.get(slug="m2"), title="Module 2 check")
    content_edited(course)
    classroom.course.refresh_from_db()
    DueDate.objects.filter(classroom=classroom).exclude(module__slug="m2").delete()

    standing = class_standing(classroom, now=now)

    assert [column.title for column in standing.quizzes] == [klass["quiz"].title, in_module_2.title]
    assert [column.quiz_id for column in standing.due_quizzes] == [in_module_2.pk]
