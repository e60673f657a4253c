"""Writes that span models: enrolling and completing lessons. One function per action."""

from dataclasses import dataclass

from django.db import transaction

from lessons.models import Course, Enrollment, Lesson, LessonCompletion, Picture
from lessons.pictures import Resized
from lessons.progress import CourseProgress, Item, ModuleProgress, progress_for


class NotPublished(Exception):
    """The course, or the lesson, its module or its course, is a draft learners cannot use."""


class ModuleLocked(Exception):
    """A sequential course's earlier module is unfinished, so this one's lessons and quizzes
    are closed; `blocked_by` says which."""

    def __init__(self, blocked_by: ModuleProgress):
        super().__init__(f"Finish {blocked_by.module} first")
        self.blocked_by = blocked_by


@dataclass(frozen=True)
class Completed:
    newly_completed: bool
    newly_enrolled: bool
    progress: CourseProgress  # the learner's progress in the course, this lesson now done
    item: Item  # the lesson's, in `progress`


@transaction.atomic
def enroll(*, user, course: Course) -> bool:
    """Enroll `user` in a published `course`; True if they were not enrolled before."""
    if not course.is_published:
        raise NotPublished(course)
    _, created = Enrollment.objects.get_or_create(user=user, course=course)
    if created:
        user.renew_work_version()
    return created


@transaction.atomic
def complete_lesson(*, user, lesson: Lesson) -> Completed:
    """Mark `lesson` done for `user`, enrolling them in its course on their first completion.

    Idempotent: completing a lesson twice (a double click, two tabs) leaves one completion.
    Refuses a lesson learners cannot see or have not unlocked, and then changes nothing.
    """
    course = lesson.module.course
    if not lesson.is_visible_to_learners:
        raise NotPublished(lesson)
    (progress,) = progress_for([course], user)
    item = progress.item_for(lesson)
    if item.locked:
        raise ModuleLocked(item.module.blocked_by)
    newly_enrolled = enroll(user=user, course=course)
    completion, newly_completed = LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    if newly_completed:
        user.renew_work_version()
    progress.lesson_completed(item, completion.completed_at)
    return Completed(
        newly_completed=newly_completed,
        newly_enrolled=newly_enrolled,
        progress=progress,
        item=item,
    )


@transaction.atomic
def move_in_order(*, obj, parent_field: str, direction: str, courses) -> int | None:
    """Move `obj` one place up or down among the rows that share its parent (`parent_field`,
    "module" for a lesson), renumbering them 0, 1, 2... and renewing `courses`' content
    versions (jsnlearn/versions.py) in the same transaction. Returns its new place (from 0),
    or None when it is already first or last (nothing changes)."""
    if direction not in ("up", "down"):
        raise ValueError(f"Move up or down, not {direction!r}.")
    model = type(obj)
    parent = {f"{parent_field}_id": getattr(obj, f"{parent_field}_id")}
    rows = list(model.objects.select_for_update().filter(**parent).order_by("position", "pk"))
    ids = [row.pk for row in rows]
    here = ids.index(obj.pk)
    there = here - 1 if direction == "up" else here + 1
    if not 0 <= there < len(ids):
        return None
    ids[here], ids[there] = ids[there], ids[here]
    place = {pk: n for n, pk in enumerate(ids)}
    changed = [row for row in rows if row.position != place[row.pk]]
    for row in changed:
        row.position = place[row.pk]
    model.objects.bulk_update(changed, ["position"])
    courses.renew_content_version()
    return there


def store_picture(resized: Resized) -> Picture:
    """The stored picture with these bytes: the same upload twice is kept once."""
    picture, _ = Picture.objects.get_or_create(
        digest=resized.digest, defaults={"large": resized.large, "small": resized.small}
    )
    return picture
