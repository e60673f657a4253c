"""A course finished through the real services, and the certificates' addresses."""

from django.urls import reverse

from jsnlearn.certificates.services import issue_certificate
from tests.reports.helpers import complete, graded_quiz, submit


def finish(user, course, lessons, quiz_and_questions) -> None:
    """Complete every lesson of `course` and pass its quiz (90%), as `user`."""
    quiz, greeting, kidoku, manners = quiz_and_questions
    complete(user, lessons)
    submit(user, quiz, {greeting: "Bow", kidoku: "True", manners: {"Reply"}})


def add_graded_quiz(course):
    return graded_quiz(course.modules.get(slug="m1"), slug="graded", title="Module 1 quiz")


def issue(user, course, name="Aiko Sato"):
    certificate, _ = issue_certificate(user=user, course=course, printed_name=name)
    return certificate


def claim_url(course) -> str:
    return reverse("certificates:claim", kwargs={"course_slug": course.slug})


def url(name: str, certificate) -> str:
    return reverse(f"certificates:{name}", kwargs={"pk": certificate.pk})
