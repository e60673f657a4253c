"""A class with known results for the class report's, the standing's and the digest's tests."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from tests.factories import UserFactory
from tests.reports.helpers import complete, graded_quiz, instructor_of, submit

# (display name, email) of each member, in the order they join.
MEMBERS = [
    ("Aiko", "aiko@example.com"),
    ("Ben", "ben@example.com"),
    ("Chika", "chika@example.com"),
    ("Key", "key.tanaka@example.com"),
    ("Key", "key.suzuki@example.com"),
]


def cohort(course, lessons, *, now=None) -> dict:
    """A class of `course` (two modules of two lessons; module 1 ends with a 10-point quiz that
    passes at 70%) run by "Sensei", with due dates around `now`:

    - the quiz was due yesterday; module 2 is due in 2 days; module 1 in 10 days.
    - Aiko: every lesson, quiz 90%: finished everything, on track.
    - Ben: lesson 1.1, quiz 50% (failed): the quiz is overdue.
    - Chika: lessons 1.1 and 1.2, quiz 70%: module 2 is due soon and not finished, behind.
    - Key Tanaka and Key Suzuki: nothing done, the quiz overdue.
    """
    now = now or timezone.now()
    quiz, greeting, kidoku, manners = graded_quiz(course.modules.get(slug="m1"), slug="check")
    sensei = instructor_of(course, email="sensei@example.com", display_name="Sensei")
    classroom = Classroom.objects.create(course=course, name="Tokyo spring cohort")
    classroom.instructors.add(sensei)
    users = [UserFactory(display_name=name, email=email) for name, email in MEMBERS]
    for user in users:
        Membership.objects.create(classroom=classroom, user=user)
    aiko, ben, chika, *_ = users
    complete(aiko, lessons)
    submit(aiko, quiz, {greeting: "Bow", kidoku: "True", manners: {"Reply"}})  # 90%
    complete(ben, lessons[:1])
    submit(ben, quiz, {greeting: "Bow", kidoku: "False", manners: {"Stamps"}})  # 50%
    complete(chika, lessons[:2])
    submit(chika, quiz, {greeting: "Bow", kidoku: "False", manners: {"Reply", "Polite"}})  # 70%
    m1, m2 = course.modules.get(slug="m1"), course.modules.get(slug="m2")
    DueDate.objects.create(classroom=classroom, quiz=quiz, due=now - timedelta(days=1))
    DueDate.objects.create(classroom=classroom, module=m2, due=now + timedelta(days=2))
    DueDate.objects.create(classroom=classroom, module=m1, due=now + timedelta(days=10))
    return {
        "classroom": classroom,
        "quiz": quiz,
        "sensei": sensei,
        "members": users,
        "questions": (greeting, kidoku, manners),
    }


def report_url(classroom, **query) -> str:
    path = reverse("reports:classroom", kwargs={"classroom_id": classroom.pk})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def csv_url(classroom, **query) -> str:
    path = reverse("reports:classroom_csv", kwargs={"classroom_id": classroom.pk})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
