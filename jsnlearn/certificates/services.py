"""Writes on certificates: issuing, revoking, hiding and deleting. One function per action, each
inside a transaction. Completion is the course page's own rule (`lessons.progress`)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from jsnlearn.certificates.models import Certificate, clean_printed_name
from lessons.models import Course
from lessons.progress import CourseProgress, progress_for


class NotComplete(Exception):
    """The learner has something left in the course: `progress.left` says what."""

    def __init__(self, progress: CourseProgress):
        super().__init__(f"{progress.left or 'nothing published'} left in {progress.course}")
        self.progress = progress


def completion(*, user, course: Course) -> CourseProgress:
    """The learner's progress in the course as its page shows it: complete when every
    published lesson is completed and every published quiz passed."""
    (progress,) = progress_for([course], user)
    return progress


def is_complete(progress: CourseProgress) -> bool:
    return bool(progress.total) and progress.is_complete


@transaction.atomic
def issue_certificate(*, user, course: Course, printed_name: str) -> tuple[Certificate, bool]:
    """The learner's certificate for `course`, issued now if they have none: (it, whether it is
    new). Refuses (`NotComplete`) a course with anything left, and a printed name the rules
    refuse (ValidationError); then nothing is written. What the certificate says (the course's
    title, modules, length and instructors) is stored now, so later edits never change it."""
    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing, False
    name = clean_printed_name(printed_name)
    if not course.is_published:
        raise NotComplete(completion(user=user, course=course))
    progress = completion(user=user, course=course)
    if not is_complete(progress):
        raise NotComplete(progress)
    instructors = course.instructors.order_by("display_name").values_list("display_name", flat=True)
    try:
        # A savepoint: under a double click the second insert fails on the unique constraint,
        # and the first one's certificate is the answer.
        with transaction.atomic():
            certificate = Certificate.objects.create(
                user=user,
                course=course,
                printed_name=name,
                issued_at=timezone.now(),
                course_title=course.title,
                module_titles=[module.module.title for module in progress.modules if module.total],
                minutes=progress.minutes,
                instructor_names=list(instructors),
            )
    except IntegrityError:
        return Certificate.objects.get(user=user, course=course), False
    user.renew_work_version()  # the course page and dashboard link to it
    return certificate, True


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by, reason: str) -> bool:
    """Revoke `certificate` with `reason`, which its verification page shows; False if it was
    revoked already (the first reason stands)."""
    updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoke_reason=reason
    )
    certificate.refresh_from_db()
    # The instructor's kept pages (the course report lists the certificate) are made again.
    by.renew_work_version()
    return bool(updated)


@transaction.atomic
def set_public(*, certificate: Certificate, public: bool) -> None:
    Certificate.objects.filter(pk=certificate.pk).update(public=public)
    certificate.public = public


class RevokedStays(Exception):
    """A revoked certificate is not deleted by its learner: its verification page keeps saying
    it was revoked (deleting the account deletes it)."""


@transaction.atomic
def delete_certificate(*, certificate: Certificate) -> None:
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.is_revoked:
        raise RevokedStays(certificate)
    locked.delete()
    certificate.user.renew_work_version()
