"""Where a learner stands: what is done, what is locked, what comes next, what is left.

`progress_for` answers for any number of courses with a fixed number of queries, whatever their
size, so every page that shows progress keeps a fixed query count. Everything else here is
plain Python over what those queries loaded.

A module's items come from item sources: lessons first (`LessonSource`), then each source named
in `settings.PROGRESS_ITEM_SOURCES` (the quizzes app adds each module's quizzes), so this app
never imports those apps. A source loads a course's content once (`contents`), which is kept in
memory per course and content version (jsnlearn/versions.py) and shared by every request, then
the learner's own results on every request (`results`, a fixed number of queries).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.text import slugify

from jsnlearn.versions import KeptInMemory
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
    def status_class(self) -> str:
        """The status as a CSS class name: "done" for every kind of finished item."""
        return "done" if self.done else slugify(self.status)

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

    def activity(self) -> list["Activity"]:
        """What the learner did here, for the dashboard's recent lists."""
        return []


@dataclass(frozen=True, eq=False)
class Activity:
    """Something a learner did on an item: a lesson completed, a quiz attempt submitted."""

    item: Item
    when: datetime
    kind: str  # "completion" or "result"

    @property
    def url(self) -> str:
        return self.item.url


@dataclass(eq=False)
class LessonItem(Item):
    completed_at: datetime | None = None

    @property
    def minutes(self) -> int:
        return LessonSource.minutes(self.content)

    @property
    def url(self) -> str:
        return f"{self.module.url_prefix}{self.content.slug}/"

    def activity(self) -> list[Activity]:
        return [Activity(self, self.completed_at, "completion")] if self.done else []


def describe_items(items) -> str:
    """Items in words, by kind in order of appearance: "3 lessons and 1 quiz", "" for none."""
    counts = Counter((item.noun, item.plural) for item in items)
    words = [f"{n} {noun if n == 1 else plural}" for (noun, plural), n in counts.items()]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


class Tally:
    """Done / total / percent / what is left, over `entries()`: (source, content, done) for each
    item in order, worked out without making the items (most pages show only a few)."""

    def entries(self):
        raise NotImplementedError

    @property
    def done_count(self) -> int:
        return sum(1 for _, _, done in self.entries() if done)

    @property
    def total(self) -> int:
        return sum(1 for _ in self.entries())

    @property
    def percent(self) -> int:
        # Rounded down, so 99.6% never reads as finished.
        return self.done_count * 100 // self.total if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.done_count == self.total

    @property
    def left(self) -> str:
        """What is still to do: "3 lessons", "1 lesson and 1 quiz", or "" when nothing is."""
        return describe_items(source.item_class for source, _, done in self.entries() if not done)

    @property
    def contents(self) -> str:
        return describe_items(source.item_class for source, _, _ in self.entries())


@dataclass(eq=False)
class ModuleProgress(Tally):
    module: Module
    # Where the addresses of its lessons and quizzes start: "/courses/<course>/<module>/".
    url_prefix: str = ""
    steps: list[tuple] = field(default_factory=list)  # (source, content, done), in order
    results: tuple = ()  # the learner's results, by source, to make the items from
    # In a sequential course: the first earlier module still unfinished, which locks this one.
    blocked_by: "ModuleProgress | None" = None

    def entries(self):
        return self.steps

    @cached_property
    def items(self) -> list[Item]:
        return [
            source.item(content, self, self.results[source.index])
            for source, content, _ in self.steps
        ]

    @property
    def next_item(self) -> Item | None:
        """Where "Continue" goes: the first unfinished item. In a course that is never a locked
        one, since a module only locks while an earlier one has something unfinished."""
        return next((item for item in self.items if not item.done), None)

    @property
    def locked(self) -> bool:
        return self.blocked_by is not None

    @property
    def is_draft(self) -> bool:
        return not self.module.is_published

    def mark_done(self, item: Item) -> None:
        """Count `item` done from now on: the learner has just finished it."""
        item.done = True
        self.steps = [(s, c, done or c is item.content) for s, c, done in self.steps]

    def state(self) -> tuple:
        """What in this module is the learner's own (the rest is content): learners in the same
        state see the same module card."""
        blocker = self.blocked_by.module.pk if self.blocked_by else None
        return blocker, tuple(
            (item.noun, item.content.pk, item.status, item.note) for item in self.items
        )


@dataclass(eq=False)
class CourseProgress(Tally):
    course: Course
    modules: list[ModuleProgress]
    minutes: int  # of every item, read with the outline
    enrolled_in: "Enrolled"

    def entries(self):
        return (step for module in self.modules for step in module.steps)

    @property
    def enrolled(self) -> bool:
        return self.enrolled_in(self.course)

    @property
    def items(self) -> list[Item]:
        """Every item, in order (made module by module, as each module's are asked for)."""
        return [item for module in self.modules for item in module.items]

    @property
    def next_item(self) -> Item | None:
        return next((m.next_item for m in self.modules if not m.is_complete), None)

    @property
    def started(self) -> bool:
        return self.done_count > 0

    def item_for(self, content) -> Item | None:
        """The item of `content` (a lesson, a quiz...), by model and primary key."""
        module = next((m for m in self.modules if m.module.pk == content.module_id), None)
        found = module.items if module else ()
        return next((item for item in found if item.content == content), None)

    def neighbours(self, item: Item) -> tuple[Item | None, Item | None]:
        """The items before and after `item`, across module boundaries."""
        modules = [module for module in self.modules if module.steps]
        at = modules.index(item.module)
        own = item.module.items
        index = own.index(item)
        before = own[index - 1] if index else (modules[at - 1].items[-1] if at else None)
        after = own[index + 1] if index + 1 < len(own) else None
        if after is None and at + 1 < len(modules):
            after = modules[at + 1].items[0]
        return before, after


class Enrolled:
    """Whether the learner is enrolled in a course: their enrollments, read once, when first
    asked (pages of a lesson or a quiz never ask)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def course_ids(self) -> set[int]:
        if not self.user.is_authenticated:
            return set()
        # All of them, by the user's index alone (a learner is in a handful of courses).
        enrollments = Enrollment.objects.for_learner(self.user).order_by()
        return set(enrollments.values_list("course_id", flat=True))

    def __call__(self, course) -> bool:
        return course.pk in self.course_ids


class LessonSource:
    """Lessons as items: done once completed."""

    item_class = LessonItem

    @staticmethod
    def contents(modules, *, include_drafts: bool):
        lessons = Lesson.objects.filter(module__in=modules).outline_only()
        return lessons if include_drafts else lessons.filter(is_published=True)

    @staticmethod
    def results(user) -> dict[int, datetime]:
        """When `user` completed each lesson, by id: none, without a query, for a visitor."""
        if not user.is_authenticated:
            return {}
        # All of them, by the user's index alone: items only ask about their own lessons.
        completed = LessonCompletion.objects.for_learner(user).order_by()
        return dict(completed.values_list("lesson_id", "completed_at"))

    @staticmethod
    def is_done(lesson, completed: dict[int, datetime]) -> bool:
        return lesson.id in completed

    @staticmethod
    def minutes(lesson) -> int:
        return lesson.estimated_minutes

    @staticmethod
    def item(lesson, module: "ModuleProgress", completed: dict[int, datetime]) -> LessonItem:
        when = completed.get(lesson.id)
        return LessonItem(content=lesson, module=module, done=when is not None, completed_at=when)


@cache
def item_sources() -> tuple:
    sources = (LessonSource, *(import_string(path) for path in settings.PROGRESS_ITEM_SOURCES))
    for index, source in enumerate(sources):
        source.index = index  # where its results are, among every source's
    return sources


@dataclass(frozen=True)
class Outline:
    """A course's modules and, per module, its contents from each source in order: read once
    per content version, then shared read-only by every request (never change its objects)."""

    modules: list[Module]
    contents: dict[int, list[tuple[int, object]]]  # module id -> (source index, content)
    url_prefixes: dict[int, str]  # module id -> where its items' addresses start
    minutes: int  # of every item


outlines = KeptInMemory(size=64)  # by course, drafts shown and content version


def _outlines_of(courses, *, include_drafts: bool) -> list[Outline]:
    """Each course's outline under the content version the course was read with."""
    keys = {course.pk: (course.pk, include_drafts, course.content_version) for course in courses}
    by_id = {course.pk: course for course in courses}

    def read(course_ids):
        return _read_outlines([by_id[pk] for pk in course_ids], include_drafts=include_drafts)

    found = outlines.get_many(keys, read)
    return [found[course.pk] for course in courses]


def _read_outlines(courses, *, include_drafts: bool) -> dict[int, Outline]:
    """One query for the modules, then one per item source, whatever the courses' sizes."""
    course_by_id = {course.pk: course for course in courses}
    modules = list(Module.objects.filter(course__in=courses).visible(include_drafts=include_drafts))
    by_id = {}
    for module in modules:
        module.course = course_by_id[module.course_id]  # spares a query per module
        by_id[module.pk] = module
    contents = {module.pk: [] for module in modules}
    sources = item_sources()
    for index, source in enumerate(sources):
        for content in source.contents(modules, include_drafts=include_drafts):
            content.module = by_id[content.module_id]  # spares a query per item for its URL
            contents[content.module_id].append((index, content))
    outlines = {}
    for course in courses:
        own = [module for module in modules if module.course_id == course.pk]
        own_contents = {module.pk: contents[module.pk] for module in own}
        outlines[course.pk] = Outline(
            modules=own,
            contents=own_contents,
            minutes=sum(
                sources[index].minutes(content)
                for entries in own_contents.values()
                for index, content in entries
            ),
            # Reversing once per module rather than once per lesson: a reverse costs ~75 µs.
            url_prefixes={m.pk: f"{course.get_absolute_url()}{m.slug}/" for m in own},
        )
    return outlines


def progress_for(courses, user, *, include_drafts: bool = False) -> list[CourseProgress]:
    """Progress in each of `courses` (in their order) for `user`, who may be anonymous.

    A fixed number of queries whatever the number and size of the courses: the learner's
    enrollments and each source's results (none for a visitor), and, once per content version
    (read with each course), the outline's own. With `include_drafts`, unpublished
    modules and lessons are part of the outline, for staff previewing them.
    """
    courses = list(courses)
    sources = item_sources()
    results = tuple(source.results(user) for source in sources)
    enrolled_in = Enrolled(user)
    progresses = []
    outlines = _outlines_of(courses, include_drafts=include_drafts)
    for course, outline in zip(courses, outlines, strict=True):
        modules = []
        for module in outline.modules:
            steps = [
                (sources[index], content, sources[index].is_done(content, results[index]))
                for index, content in outline.contents[module.pk]
            ]
            url_prefix = outline.url_prefixes[module.pk]
            modules.append(ModuleProgress(module, url_prefix, steps, results))
        progress = CourseProgress(course, modules, outline.minutes, enrolled_in)
        progresses.append(_lock_in_sequence(progress))
    return progresses


def recent_activity(progresses, kind: str, count: int) -> list[Activity]:
    """The learner's latest `count` activities of `kind` in these courses, newest first."""
    found = (
        activity
        for progress in progresses
        for item in progress.items
        for activity in item.activity()
        if activity.kind == kind
    )
    return sorted(found, key=lambda activity: activity.when, reverse=True)[:count]


def _lock_in_sequence(progress: CourseProgress) -> CourseProgress:
    """In a sequential course, each module waits for the first unfinished one before it."""
    if progress.course.sequential:
        blocker = None
        for module in progress.modules:
            module.blocked_by = blocker
            if blocker is None and not module.is_complete:
                blocker = module
    return progress
