"""seed_load_data's classes: most of the load learners in one class, the rest in another, with
due dates around now that give each status its members."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.accounts.roles import INSTRUCTORS
from jsnlearn.classrooms.models import Classroom, Membership
from jsnlearn.classrooms.standing import class_standing
from jsnlearn.loadtest.classes import BIG_CLASS_NAME, SMALL_CLASS_NAME
from jsnlearn.loadtest.seed import INSTRUCTOR_EMAIL, SLUG
from lessons.models import Enrollment

pytestmark = pytest.mark.django_db

TINY = ["--learners", "50", "--modules", "4", "--lessons", "3", "--questions", "5", "--force"]


@pytest.fixture(autouse=True)
def _instructors_group():
    Group.objects.get_or_create(name=INSTRUCTORS)


def seed_tiny() -> str:
    out = StringIO()
    call_command("seed_load_data", *TINY, stdout=out)
    return out.getvalue()


def test_the_learners_are_split_into_two_classes_run_by_the_load_test_instructor():
    printed = seed_tiny()

    big = Classroom.objects.get(name=BIG_CLASS_NAME)
    small = Classroom.objects.get(name=SMALL_CLASS_NAME)
    assert big.memberships.count() == 30
    assert small.memberships.count() == 20
    learners = set(Enrollment.objects.filter(course__slug=SLUG).values_list("user_id", flat=True))
    assert set(Membership.objects.values_list("user_id", flat=True)) == learners
    # their pages show their classes' due dates, as a member's who joined
    assert not User.objects.filter(pk__in=learners, classes_version__isnull=True).exists()
    for classroom in (big, small):
        assert list(classroom.instructors.values_list("email", flat=True)) == [INSTRUCTOR_EMAIL]
        assert classroom.due_dates.count() == 4
    assert f"“{BIG_CLASS_NAME}” of 30 and “{SMALL_CLASS_NAME}” of 20" in printed


def test_the_due_dates_give_each_status_its_members():
    seed_tiny()

    counts = class_standing(Classroom.objects.get(name=BIG_CLASS_NAME), now=timezone.now()).counts

    assert counts.overdue > 0
    assert counts.on_track + counts.behind > 0
    assert counts.on_track + counts.behind + counts.overdue == 30


def test_a_database_seeded_before_classes_gets_them_and_then_nothing_changes():
    seed_tiny()
    Classroom.objects.all().delete()

    assert "Two classes of its 50 learners" in seed_tiny()
    assert "already in the database: nothing changed" in seed_tiny()
    assert Classroom.objects.count() == 2
