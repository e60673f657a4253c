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
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.text import slugify

from jsnlearn.prepared import PreparedRead
from jsnlearn.versions import KeptInMemory
from lessons.models import Course, Lesson, LessonCompletion, Module, enrolled_course_ids


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
    return _describe(Counter((item.noun, item.plural) for item in items))


def _describe(kinds: Counter) -> str:
    words = [f"{n} {noun if n == 1 else plural}" for (noun, plural), n in kinds.items() if n]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass(frozen=True)
class Counts:
    """How many items there are and how many are done, by kind ((noun, plural) -> n)."""

    done: Counter
    all: Counter

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.done + other.done, self.all + other.all)


class Tally:
    """Done / total / percent / what is left, over `counts`, worked out from the learner's
    `results` and the ids of its `outline` (a module's or a course's) without making the items:
    most pages show only a few."""

    outline: "ModuleOutline | Outline"
    results: tuple  # the learner's results, by source

    @cached_property
    def counts(self) -> Counts:
        # Over the outline's ids at once, a course's too: summing every module's Counters cost
        # more than the rest of a first view's progress.
        sources, done = item_sources(), Counter()
        for index, ids in self.outline.ids.items():
            kind = (sources[index].item_class.noun, sources[index].item_class.plural)
            done[kind] = sources[index].done_among(ids, self.results[index])
        return Counts(done, self.outline.kinds)

    @property
    def done_count(self) -> int:
        return self.counts.done.total()

    @property
    def total(self) -> int:
        return self.counts.all.total()

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
        return _describe(self.counts.all - self.counts.done)

    @property
    def contents(self) -> str:
        return _describe(self.counts.all)


@dataclass(eq=False)
class ModuleProgress(Tally):
    outline: "ModuleOutline"
    results: tuple  # the learner's results, by source
    # In a sequential course: the first earlier module still unfinished, which locks this one.
    blocked_by: "ModuleProgress | None" = None

    @property
    def module(self) -> Module:
        return self.outline.module

    @property
    def url_prefix(self) -> str:
        """Where the addresses of its lessons and quizzes start: "/courses/<c>/<m>/"."""
        return self.outline.url_prefix

    @cached_property
    def items(self) -> list[Item]:
        sources = item_sources()
        return [
            sources[index].item(content, self, self.results[index])
            for index, content in self.outline.contents
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
    def status(self) -> str:
        """ "done", "in progress", "not started" or "locked", as the outline's card says it."""
        if self.locked:
            return "locked"
        if self.total and self.is_complete:
            return "done"
        return "in progress" if self.done_count else "not started"

    @property
    def status_class(self) -> str:
        return slugify(self.status)

    @property
    def is_draft(self) -> bool:
        return not self.module.is_published

    @property
    def has_activity(self) -> bool:
        """Whether the learner did anything here (its state is theirs, not the empty one)."""
        return any(self.state()[1])

    def summary_state(self) -> tuple:
        """What a closed module card shows of the learner (its status and figures): many
        learners share it, where few share every item's status (`state`)."""
        blocker = self.blocked_by.module.pk if self.blocked_by else None
        return blocker, self.done_count, self.total

    def state(self) -> tuple:
        """What in this module is the learner's own (the rest is content): learners in the same
        state see the same module card. Read from their results, without making the items."""
        sources = item_sources()
        blocker = self.blocked_by.module.pk if self.blocked_by else None
        return blocker, tuple(
            sources[index].state_of(ids, self.results[index])
            for index, ids in sorted(self.outline.ids.items())
        )


@dataclass(eq=False)
class CourseProgress(Tally):
    course: Course
    outline: "Outline"
    modules: list[ModuleProgress]
    results: tuple  # the learner's results, by source (its modules share them)
    enrolled_in: "Enrolled"

    @property
    def minutes(self) -> int:
        """Of every item, read with the outline."""
        return self.outline.minutes

    def lesson_completed(self, item: "LessonItem", when: datetime) -> None:
        """Count the lesson of `item` done from now on: the learner has just completed it."""
        item.done, item.completed_at = True, when
        item.module.results[LessonSource.index][item.content.id] = when
        for tally in (item.module, self):
            tally.__dict__.pop("counts", None)
        for worked_out in ("current_item", "next_item"):
            self.__dict__.pop(worked_out, None)
        _lock_in_sequence(self)  # finishing a module opens the next

    @property
    def enrolled(self) -> bool:
        return self.enrolled_in(self.course)

    @property
    def items(self) -> list[Item]:
        """Every item, in order (made module by module, as each module's are asked for)."""
        return [item for module in self.modules for item in module.items]

    @cached_property
    def next_item(self) -> Item | None:
        """Where "Continue" goes: the next unfinished item after where the learner last was
        (`current_item`), or the first one for someone who has not started."""
        current = self.current_item
        if current is not None:
            return self.next_after(current)
        return next((m.next_item for m in self.modules if self._open(m)), None)

    @cached_property
    def current_item(self) -> Item | None:
        """The item the learner last worked on (a lesson completed, an attempt submitted), by
        when; None before they start. Found from their results, making one module's items."""
        sources, latest = item_sources(), None
        for index, ids in self.outline.ids.items():
            found = sources[index].latest(ids, self.results[index])
            if found is not None and (latest is None or found[0] > latest[0]):
                latest = (*found, index)
        if latest is None:
            return None
        _, content_id, index = latest
        module = next(m for m in self.modules if content_id in m.outline.ids.get(index, ()))
        return next(
            item
            for (source, content), item in zip(module.outline.contents, module.items, strict=True)
            if source == index and content.id == content_id
        )

    def next_after(self, item: Item) -> Item | None:
        """The first unfinished item after `item` that the learner may open, in course order;
        at the end of the course, wrapping to the earliest gap (`item` itself last of all)."""
        at = self.modules.index(item.module)
        own = item.module.items
        index = own.index(item)
        later = next((i for i in own[index + 1 :] if not i.done and not i.locked), None)
        if later is not None:
            return later
        for module in (*self.modules[at + 1 :], *self.modules[:at]):
            if self._open(module):
                return module.next_item
        return next((i for i in own[: index + 1] if not i.done and not i.locked), None)

    @staticmethod
    def _open(module: ModuleProgress) -> bool:
        """Whether `module` has something left the learner may open."""
        return not module.is_complete and not module.locked

    @property
    def modules_done(self) -> int:
        return sum(1 for module in self.modules if module.total and module.is_complete)

    @property
    def started(self) -> bool:
        return self.done_count > 0

    def module_to_open(self, slug: str | None) -> ModuleProgress | None:
        """The module the outline shows open: the one at `slug` if there is one, else the one
        "Continue" goes to (the first module, for someone who has not started)."""
        chosen = next((m for m in self.modules if m.module.slug == slug), None)
        if chosen is None and self.next_item is not None:
            chosen = self.next_item.module
        return chosen

    def find(self, noun: str, module_slug: str, slug: str) -> Item | None:
        """The item of kind `noun` ("lesson", "quiz") at this address in the course."""
        module = next((m for m in self.modules if m.module.slug == module_slug), None)
        found = module.items if module else ()
        return next((i for i in found if i.noun == noun and i.content.slug == slug), None)

    def item_for(self, content) -> Item | None:
        """The item of `content` (a lesson, a quiz...), by model and primary key."""
        module = next((m for m in self.modules if m.module.pk == content.module_id), None)
        found = module.items if module else ()
        return next((item for item in found if item.content == content), None)

    def neighbours(self, item: Item) -> tuple[Item | None, Item | None]:
        """The items before and after `item`, across module boundaries."""
        modules = [module for module in self.modules if module.outline.contents]
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
        return set(enrolled_course_ids(self.user))

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
        return dict(_completions.rows(user.pk))

    @staticmethod
    def done_among(ids: frozenset, completed: dict[int, datetime]) -> int:
        return len(ids & completed.keys())

    @staticmethod
    def state_of(ids: frozenset, completed: dict[int, datetime]) -> tuple:
        """Everything the learner's items of `ids` show: which are done."""
        return tuple(sorted(ids & completed.keys()))

    @staticmethod
    def latest(ids: frozenset, completed: dict[int, datetime]) -> tuple | None:
        """(when, lesson id) of the lesson among `ids` completed last; None if none is."""
        return max(((completed[pk], pk) for pk in ids & completed.keys()), default=None)

    @staticmethod
    def minutes(lesson) -> int:
        return lesson.estimated_minutes

    @staticmethod
    def item(lesson, module: "ModuleProgress", completed: dict[int, datetime]) -> LessonItem:
        when = completed.get(lesson.id)
        return LessonItem(content=lesson, module=module, done=when is not None, completed_at=when)


# All of a learner's completions, by the user's index alone: items only ask about their own.
_completions = PreparedRead(
    lambda user_id: (
        LessonCompletion.objects.filter(user_id=user_id)
        .order_by()
        .values_list("lesson_id", "completed_at")
    )
)


@cache
def item_sources() -> tuple:
    sources = (LessonSource, *(import_string(path) for path in settings.PROGRESS_ITEM_SOURCES))
    for index, source in enumerate(sources):
        source.index = index  # where its results are, among every source's
    return sources


@dataclass(frozen=True)
class ModuleOutline:
    """A module's contents from each source in order, with what tallies need of them."""

    module: Module
    url_prefix: str  # where its items' addresses start
    contents: list[tuple[int, object]]  # (source index, content)
    ids: dict[int, frozenset]  # source index -> its contents' ids
    kinds: Counter  # (noun, plural) -> how many items of that kind

    @classmethod
    def of(cls, module, url_prefix: str, contents) -> "ModuleOutline":
        sources, ids, kinds = item_sources(), {}, Counter()
        for index, content in contents:
            ids.setdefault(index, set()).add(content.id)
            kinds[(sources[index].item_class.noun, sources[index].item_class.plural)] += 1
        frozen = {index: frozenset(found) for index, found in ids.items()}
        return cls(module, url_prefix, contents, frozen, kinds)


@dataclass(frozen=True)
class Outline:
    """A course's modules and their contents: read once per content version, then shared
    read-only by every request (never change its objects)."""

    modules: list[ModuleOutline]
    minutes: int  # of every item
    ids: dict[int, frozenset]  # source index -> the ids of every module's contents
    kinds: Counter  # (noun, plural) -> how many items of that kind in every module

    @classmethod
    def of(cls, modules: list[ModuleOutline], minutes: int) -> "Outline":
        ids, kinds = {}, Counter()
        for module in modules:
            for index, found in module.ids.items():
                ids[index] = ids.get(index, frozenset()) | found
            kinds.update(module.kinds)
        return cls(modules, minutes, ids, kinds)


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
        own = [
            # Reversing once per module rather than once per lesson: a reverse costs ~75 µs.
            ModuleOutline.of(m, f"{course.get_absolute_url()}{m.slug}/", contents[m.pk])
            for m in modules
            if m.course_id == course.pk
        ]
        minutes = sum(sources[index].minutes(content) for m in own for index, content in m.contents)
        outlines[course.pk] = Outline.of(own, minutes)
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
        progresses.append(progress_of(course, outline, results, enrolled_in))
    return progresses


def progress_of(course, outline: Outline, results: tuple, enrolled_in=None) -> CourseProgress:
    """A learner's progress in `course` from their `results` (one per item source, as each
    source's `results` reads them), over `outline`: no query."""
    modules = [ModuleProgress(module, results) for module in outline.modules]
    return _lock_in_sequence(CourseProgress(course, outline, modules, results, enrolled_in))


def content_in(course, noun: str, pk: int):
    """The lesson or quiz (`noun`) `pk` of `course`, as its published outline holds it (kept in
    memory, long texts left behind); None when learners cannot see it or it is not there."""
    (outline,) = _outlines_of([course], include_drafts=False)
    sources = item_sources()
    for module in outline.modules:
        for index, content in module.contents:
            if content.id == pk and sources[index].item_class.noun == noun:
                return content
    return None


def recent_activity(progresses, kind: str, count: int) -> list[Activity]:
    """The learner's latest `count` activities of `kind` in these courses, newest first."""
    found = (
        activity
        for progress in progresses
        for module in progress.modules
        if module.has_activity  # spares making the items of modules not started
        for item in module.items
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
