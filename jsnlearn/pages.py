"""What the learner pages of the lessons and quizzes apps share: opening a lesson or quiz of a
course (`CoursePage`), the page of a locked one, who previews drafts, and the message for a
learner's first step into a course.

Reading is open to everyone. Those who author a course (its instructors, superusers) also see
its drafts, under a banner, so they can preview exactly what learners will get; to everyone
else a draft does not exist (404).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property

from lessons.progress import CourseProgress, Item, progress_for


def announce_enrollment(request, course) -> None:
    """The message for a learner's first step into `course`, however they took it."""
    messages.success(
        request, f"You're enrolled in {course}. It's on your dashboard, with your progress."
    )


def previews_drafts(request, course) -> bool:
    """Whether the user sees `course`'s drafts (under a banner): they may author it. Only staff
    can, which spares learners the query."""
    return request.user.is_staff and course.is_taught_by(request.user)


def drafts_shown_or_404(request, course, *, published: bool) -> bool:
    """Whether a page of `course` shows its drafts. A page that learners cannot see
    (`published` false) is 404 to anyone who may not preview it."""
    include_drafts = previews_drafts(request, course)
    if not (published or include_drafts):
        raise Http404("Nothing published is here.")
    return include_drafts


@dataclass
class CoursePage:
    """A lesson's or quiz's page: the content, found by its address, and the learner's progress
    in its course, read once when first asked for."""

    request: object
    content: object  # a Lesson or a Quiz, with its module and course
    include_drafts: bool

    @classmethod
    def open(cls, request, content_objects, *, course_slug, module_slug, slug) -> "CoursePage":
        """The content of `content_objects` (lessons, quizzes) at this address, drafts included
        for those who preview them; 404 for anyone else, and for what is not there."""
        found = content_objects.select_related("module__course")
        content = get_object_or_404(
            found, module__course__slug=course_slug, module__slug=module_slug, slug=slug
        )
        published = content.is_visible_to_learners
        include_drafts = drafts_shown_or_404(request, content.module.course, published=published)
        return cls(request, content, include_drafts)

    @property
    def course(self):
        return self.content.module.course

    @property
    def versions(self) -> tuple:
        """What a kept copy of this page is keyed by (jsnlearn/pagecache.py)."""
        return (self.course.pk, self.course.content_version, self.include_drafts)

    @cached_property
    def progress(self) -> CourseProgress:
        (progress,) = progress_for(
            [self.course], self.request.user, include_drafts=self.include_drafts
        )
        return progress

    @cached_property
    def item(self) -> Item:
        item = self.progress.item_for(self.content)
        if item is None:  # read under another version than the content (an edit in between)
            raise Http404("This page changed as it was opened: reload it.")
        return item

    @property
    def locked(self) -> bool:
        """Closed to this learner: a sequential course's earlier module is unfinished. Those
        who preview drafts open it anyway, under a note."""
        return self.item.locked and not self.include_drafts


def locked_page(
    request, blocked_by, *, content, noun="lesson", refused="Nothing was marked complete."
):
    """403: `content` (a lesson, a quiz) waits for `blocked_by`, the module to finish first.
    `refused` says what a refused POST did not do."""
    context = {
        "content": content,
        "course": content.module.course,
        "blocked_by": blocked_by,
        "noun": noun,
        "refused": refused,
    }
    return render(request, "lessons/locked.html", context, status=403)
