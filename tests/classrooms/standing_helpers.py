"""A class with known results for the class report's, the standing's and the digest's tests."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from jsnlearn.review.models import ReviewCard, ReviewLog
from lessons.models import Lesson, LessonCompletion
from quizzes.models import Attempt
from tests.factories import UserFactory, build_course
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


def class_of(size: int, instructor) -> Classroom:
    """A class of `size` members of a 3 x 3 course with a quiz per module, each member with
    different work: lessons completed, attempts passed or not, a review; due dates past and
    coming."""
    course = build_course(modules=3, lessons_per_module=3)
    modules = list(course.modules.all())
    quizzes = [graded_quiz(module, slug=f"check-{module.pk}")[0] for module in modules]
    classroom = Classroom.objects.create(course=course, name=f"Class of {size}")
    classroom.instructors.add(instructor)
    users = User.objects.bulk_create(
        User(email=f"member{n}@example.com", display_name=f"Member {n % 97}") for n in range(size)
    )
    Membership.objects.bulk_create(Membership(classroom=classroom, user=user) for user in users)
    lessons = list(Lesson.objects.filter(module__course=course).order_by("module", "position"))
    now = timezone.now()
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=user, lesson=lesson, completed_at=now - timedelta(hours=n))
        for n, user in enumerate(users)
        for lesson in lessons[: n % (len(lessons) + 1)]
    )
    Attempt.objects.bulk_create(
        Attempt(
            user=user,
            quiz=quizzes[n % len(quizzes)],
            submitted_at=now - timedelta(minutes=n),
            percent=(n * 7) % 101,
            passed=(n * 7) % 101 >= 70,
        )
        for n, user in enumerate(users)
    )
    question = quizzes[0].questions.first()
    cards = ReviewCard.objects.bulk_create(
        ReviewCard(user=user, question=question, course=course, kind=question.kind, due=now)
        for user in users[::3]
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user_id=card.user_id,
            card=card,
            seq=2,
            rating=ReviewLog.Rating.GOOD,
            reviewed_at=now,
            awarded_points=1,
            due_after=now,
        )
        for card in cards
    )
    DueDate.objects.create(classroom=classroom, quiz=quizzes[0], due=now - timedelta(days=1))
    DueDate.objects.create(classroom=classroom, module=modules[1], due=now + timedelta(days=1))
    DueDate.objects.create(classroom=classroom, quiz=quizzes[2], due=now + timedelta(days=9))
    return classroom
