"""Where a learner stands: what is done, what is locked, what comes next, what is left.

`progress_for` answers for any number of courses with a fixed number of queries, whatever their
size, so every page that shows progress keeps a fixed query count. Everything else here is
plain Python over what those queries loaded.

A module's items are its lessons, then what other apps add: each path in
`settings.PROGRESS_ITEM_SOURCES` names a function `(modules, user, *, include_drafts)` returning
`Item`s (the quizzes app adds each module's quizzes). So this app never imports those apps.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

from lessons.models import Course, Enrollment, Lesson, LessonCompletion, Module


@dataclass(eq=False)
class Item:
    """One step of a course a learner works through: a lesson here, a quiz in the quizzes app."""

    content: object  # the Lesson, Quiz... this step is
    module: "ModuleProgress"
    done: bool = False

    noun, plural = "lesson", "lessons"
    done_status, pending_status = "done", "not started"
    label = ""  # a word the outline puts before the title ("Quiz"); lessons need none

    @property
    def title(self) -> str:
        return self.content.title

    @property
    def locked(self) -> bool:
        return self.module.locked

    @property
    def is_draft(self) -> bool:
        return not self.content.is_published

    @property
    def status(self) -> str:
        if self.done:
            return self.done_status
        return "locked" if self.locked else self.pending_status

    @property
    def note(self) -> str:
        """A word more for the outline, after the status (a quiz's best score)."""
        return ""

    @property
    def minutes(self) -> int:
        raise NotImplementedError

    @property
    def url(self) -> str:
        raise NotImplementedError


@dataclass(eq=False)
class LessonItem(Item):
    @property
    def minutes(self) -> int:
        return self.content.estimated_minutes

    @property
    def url(self) -> str:
        return f"{self.module.lesson_url_prefix}{self.content.slug}/"


def describe_items(items) -> str:
    """Items in words, by kind in order of appearance: "3 lessons and 1 quiz", "" for none."""
    counts = Counter((item.noun, item.plural) for item in items)
    words = [f"{n} {noun if n == 1 else plural}" for (noun, plural), n in counts.items()]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


class Tally:
    """Done / total / percent / what is left, over `self.items`."""

    items: list[Item]

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        # Rounded down, so 99.6% never reads as finished.
        return self.done_count * 100 // self.total if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.done_count == self.total

    @property
    def next_item(self) -> Item | None:
        """Where "Continue" goes: the first unfinished item. In a course that is never a locked
        one, since a module only locks while an earlier one has something unfinished."""
        return next((item for item in self.items if not item.done), None)

    @property
    def left(self) -> str:
        """What is still to do: "3 lessons", "1 lesson and 1 quiz", or "" when nothing is."""
        return describe_items(item for item in self.items if not item.done)

    @property
    def contents(self) -> str:
        return describe_items(self.items)


@dataclass(eq=False)
class ModuleProgress(Tally):
    module: Module
    items: list[Item] = field(default_factory=list)
    # In a sequential course: the first earlier module still unfinished, which locks this one.
    blocked_by: "ModuleProgress | None" = None

    @property
    def locked(self) -> bool:
        return self.blocked_by is not None

    @property
    def is_draft(self) -> bool:
        return not self.module.is_published

    @cached_property
    def lesson_url_prefix(self) -> str:
        """Lesson URLs nest under their course's (lessons/urls.py). Reversing once per module
        rather than once per lesson keeps a 600-lesson outline cheap: a reverse costs ~75 µs."""
        return f"{self.module.course.get_absolute_url()}{self.module.slug}/"


@dataclass(eq=False)
class CourseProgress(Tally):
    course: Course
    modules: list[ModuleProgress]
    enrolled: bool

    @cached_property
    def items(self) -> list[Item]:
        return [item for module in self.modules for item in module.items]

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def started(self) -> bool:
        return self.done_count > 0

    def item_for(self, content) -> Item | None:
        """The item of `content` (a lesson, a quiz...), by model and primary key."""
        return next((item for item in self.items if item.content == content), None)

    def neighbours(self, item: Item) -> tuple[Item | None, Item | None]:
        """The items before and after `item`, across module boundaries."""
        index = self.items.index(item)
        before = self.items[index - 1] if index > 0 else None
        after = self.items[index + 1] if index + 1 < len(self.items) else None
        return before, after


def progress_for(courses, user, *, include_drafts: bool = False) -> list[CourseProgress]:
    """Progress in each of `courses` (in their order) for `user`, who may be anonymous.

    Four queries whatever the number and size of the courses: modules, lessons, the user's
    completions and enrollments (the last two skipped for a visitor), plus each item source's
    own fixed number. With `include_drafts`, unpublished modules and lessons are part of the
    outline, for staff previewing them.
    """
    courses = list(courses)
    modules = list(Module.objects.filter(course__in=courses).visible(include_drafts=include_drafts))
    lessons = Lesson.objects.filter(module__in=modules).outline_only()
    if not include_drafts:
        lessons = lessons.filter(is_published=True)
    completed, enrolled = set(), set()
    if user.is_authenticated:
        completed = set(
            LessonCompletion.objects.for_learner(user)
            .in_courses(courses)
            .values_list("lesson_id", flat=True)
        )
        enrolled = set(
            Enrollment.objects.for_learner(user)
            .filter(course__in=courses)
            .values_list("course_id", flat=True)
        )

    by_course = {course.pk: [] for course in courses}
    by_module = {}
    course_by_id = {course.pk: course for course in courses}
    for module in modules:
        module.course = course_by_id[module.course_id]  # spares a query per module
        by_module[module.pk] = ModuleProgress(module=module)
        by_course[module.course_id].append(by_module[module.pk])
    for lesson in lessons:
        module_progress = by_module[lesson.module_id]
        lesson.module = module_progress.module
        module_progress.items.append(
            LessonItem(content=lesson, module=module_progress, done=lesson.pk in completed)
        )
    for source in settings.PROGRESS_ITEM_SOURCES:
        for item in import_string(source)(by_module, user, include_drafts=include_drafts):
            item.module.items.append(item)

    return [
        _lock_in_sequence(
            CourseProgress(
                course=course, modules=by_course[course.pk], enrolled=course.pk in enrolled
            )
        )
        for course in courses
    ]


def _lock_in_sequence(progress: CourseProgress) -> CourseProgress:
    """In a sequential course, each module waits for the first unfinished one before it."""
    if progress.course.sequential:
        blocker = None
        for module in progress.modules:
            module.blocked_by = blocker
            if blocker is None and not module.is_complete:
                blocker = module
    return progress
