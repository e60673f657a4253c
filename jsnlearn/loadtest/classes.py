"""Classes of the load-test course's learners, for the class report's benchmark: a big class
of most of them (3,000 of the default 5,000) and a class of the rest, both run by the load-test
instructor, with due dates around now, so that some members are overdue, some behind and some
on track."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from jsnlearn.loadtest import seed
from jsnlearn.versions import new_version
from lessons.models import Course

BIG_CLASS_SHARE = 0.6  # of the course's learners
BIG_CLASS_NAME = "Load-test cohort A"
SMALL_CLASS_NAME = "Load-test cohort B"


@dataclass(frozen=True)
class Classes:
    big: Classroom
    small: Classroom
    members: int


def big_class(course: Course) -> Classroom:
    return Classroom.objects.get(course=course, name=BIG_CLASS_NAME)


@transaction.atomic
def seed_classes(course: Course, *, now=None) -> Classes | None:
    """The two classes of `course`'s learners (the benchmark's own quiz takers left out);
    None, changing nothing, if the course has classes already."""
    if course.classrooms.exists():
        return None
    now = now or timezone.now()
    instructor = User.objects.get(email=seed.INSTRUCTOR_EMAIL)
    learners = list(
        User.objects.filter(enrollments__course=course, email__startswith="learner")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    split = round(len(learners) * BIG_CLASS_SHARE)
    big = Classroom.objects.create(course=course, name=BIG_CLASS_NAME)
    small = Classroom.objects.create(course=course, name=SMALL_CLASS_NAME)
    for classroom, members in ((big, learners[:split]), (small, learners[split:])):
        classroom.instructors.add(instructor)
        Membership.objects.bulk_create(
            (Membership(classroom=classroom, user_id=pk) for pk in members),
            batch_size=seed.BATCH,
        )
        _due_dates(classroom, course, now)
    # As joining does: members' pages show their classes' due dates from now on.
    User.objects.filter(pk__in=learners).update(classes_version=new_version())
    return Classes(big, small, len(learners))


def _due_dates(classroom: Classroom, course: Course, now) -> None:
    """Module 1 due a week ago, module 2's quiz yesterday, module 3 in two days, module 4's quiz
    in ten days (opening in three): most learners have finished the first module or so
    (seed.Scale.mean_modules_done), so each status has its members."""
    modules = list(course.modules.order_by("position")[:4])
    quizzes = [module.quizzes.order_by("position").first() for module in modules]
    days = timedelta(days=1)
    wanted = [
        {"module": modules[0], "due": now - 7 * days},
        {"quiz": quizzes[1], "due": now - days} if len(quizzes) > 1 else None,
        {"module": modules[2], "due": now + 2 * days} if len(modules) > 2 else None,
        {"quiz": quizzes[3], "opens": now + 3 * days, "due": now + 10 * days}
        if len(quizzes) > 3
        else None,
    ]
    DueDate.objects.bulk_create(
        DueDate(classroom=classroom, **fields)
        for fields in wanted
        if fields and fields.get("quiz", fields.get("module")) is not None
    )
