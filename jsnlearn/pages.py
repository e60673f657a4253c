"""What the learner pages of the lessons and quizzes apps share: opening a course by its address
(`open_course`) and a lesson or quiz of it (`CoursePage`, `published_content`), the page of a
locked one, who previews drafts, and the message for a learner's first step into a course.

Reading is open to everyone. Those who author a course (its instructors, superusers) also see
its drafts, under a banner, so they can preview exactly what learners will get; to everyone
else a draft does not exist (404).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property

from jsnlearn.versions import KeptInMemory
from lessons.models import Course, course_at
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


def open_course(request, course_slug) -> tuple[Course, bool]:
    """The course at this address and whether its pages show its drafts to this user. A draft
    course is 404 to anyone who may not preview it."""
    course = course_at(course_slug)
    if course is None:
        raise Http404("There is no such course.")
    include_drafts = previews_drafts(request, course)
    if not (course.is_published or include_drafts):
        raise Http404("Nothing published is here.")
    return course, include_drafts


def published_content(model, *, course_slug, module_slug, slug):
    """The published lesson or quiz (`model`) at this address, with its module and course, for
    the actions taken on it (completing, starting); 404 if learners cannot see it."""
    return get_object_or_404(
        model.objects.published().select_related("module__course"),
        module__course__slug=course_slug,
        module__slug=module_slug,
        slug=slug,
    )


@dataclass
class CoursePage:
    """A lesson's or quiz's page: its course, read by the address, then the learner's progress
    in it, where the lesson or quiz is found among the course's outline (kept in memory) rather
    than read again."""

    request: object
    course: Course
    include_drafts: bool
    noun: str  # "lesson", "quiz": which kind of item the address names
    module_slug: str
    slug: str

    @classmethod
    def open(cls, request, noun: str, *, course_slug, module_slug, slug) -> "CoursePage":
        """The page of the `noun` at this address. A draft course is 404 to anyone who may not
        preview it; so is a draft in it, or anything not there (`item`)."""
        course, include_drafts = open_course(request, course_slug)
        return cls(request, course, include_drafts, noun, module_slug, slug)

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
        item = self.progress.find(self.noun, self.module_slug, self.slug)
        if item is None:
            raise Http404(f"There is no such {self.noun} here.")
        return item

    @property
    def content(self):
        """The Lesson or Quiz, as the outline holds it: shared, its long texts left behind
        (`text_of` reads them)."""
        return self.item.content

    @property
    def locked(self) -> bool:
        """Closed to this learner: a sequential course's earlier module is unfinished. Those
        who preview drafts open it anyway, under a note."""
        return self.item.locked and not self.include_drafts


_texts = KeptInMemory(size=1000)  # by content, field and its course's content version


def text_of(content, field: str) -> str:
    """A long text of `content` (a lesson's body, a quiz's intro, as rendered HTML), read once
    per content version of its course and kept in memory."""
    key = (content._meta.label, content.pk, field, content.module.course.content_version)
    return _texts.get(
        key, lambda: type(content).objects.values_list(field, flat=True).get(pk=content.pk)
    )


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
