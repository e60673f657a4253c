"""Courses are made of modules, modules of lessons; learners enroll and complete lessons.

Deleting content a learner has completed or enrolled in is refused (PROTECT): instructors
unpublish it instead, so a learner's history is never lost by editing a course.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.urls import reverse

from jsnlearn.prepared import PreparedRead
from jsnlearn.rendering import render_markdown
from jsnlearn.versions import new_version
from lessons.pictures import GENERATED_VERSION, title_code


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible(self, *, include_drafts: bool):
        """What a page may show: everything for staff previewing drafts, else the published."""
        return self if include_drafts else self.published()


class CourseQuerySet(PublishableQuerySet):
    def taught_by(self, user):
        """The courses `user` may author and report on: all for a superuser, else their own."""
        if user.is_superuser:
            return self
        return self.filter(instructors=user) if user.is_authenticated else self.none()

    def renew_content_version(self) -> None:
        """A new content version for these courses (jsnlearn/versions.py): called by whatever
        changes their content, inside the transaction that changes it."""
        self.update(content_version=new_version())


class Picture(models.Model):
    """A course's or module's picture, as lessons/pictures.py resized it: the bytes are kept in
    the database, since a PaaS dyno's disk does not survive a restart. The key is a digest of
    the bytes, so a picture's address changes with its content and may be cached for a year."""

    digest = models.CharField(max_length=32, primary_key=True, editable=False)
    large = models.BinaryField(editable=False)
    small = models.BinaryField(editable=False)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Picture {self.digest[:8]}"


class Pictured(models.Model):
    """A course or module: its own picture when an instructor gave one, else one drawn from
    its title. Both addresses come from columns of the row itself: showing them reads nothing."""

    picture = models.ForeignKey(
        Picture,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    picture_alt = models.CharField(
        "picture description",
        max_length=200,
        blank=True,
        help_text="What the picture shows, for people who can't see it. Leave empty when it "
        "only decorates (the title beside it says everything).",
    )

    class Meta:
        abstract = True

    def picture_url(self, size: str = "large") -> str:
        if self.picture_id:
            return reverse("lessons:picture", kwargs={"digest": self.picture_id, "size": size})
        return reverse(
            "lessons:generated_picture",
            kwargs={"version": GENERATED_VERSION, "code": title_code(self.title)},
        )

    @property
    def picture_large_url(self) -> str:
        return self.picture_url("large")

    @property
    def picture_small_url(self) -> str:
        return self.picture_url("small")


class Course(Pictured):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, help_text="One or two sentences for the catalog.")
    description = models.TextField(blank=True, help_text="Markdown, shown on the course page.")
    description_html = models.TextField(blank=True, editable=False)
    position = models.PositiveIntegerField(default=0, help_text="Order in the catalog.")
    is_published = models.BooleanField("published", default=False)
    sequential = models.BooleanField(
        default=False,
        help_text="Learners must finish each module before the next one opens.",
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="taught_courses",
        help_text="Who may edit this course and see its learners' results in the admin.",
    )
    # Renewed with every change to the course or its content (jsnlearn/versions.py): what is
    # kept of the course (its outline, its quizzes' questions, pages) is kept under it.
    content_version = models.BigIntegerField(default=new_version, editable=False)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("lessons:course", kwargs={"course_slug": self.slug})

    def is_taught_by(self, user) -> bool:
        """The row-level twin of `CourseQuerySet.taught_by()`."""
        return user.is_superuser or self.instructors.filter(pk=user.pk).exists()


MAX_OBJECTIVES = 6
MAX_OBJECTIVE_LENGTH = 200


def objective_lines(text: str) -> list[str]:
    """A module's objectives as written, one per line: each stripped, blank lines left out.
    Lines end at line feeds and carriage returns only, as a bundle's list items do."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.strip() for line in lines if line.strip()]


def validate_objectives(text: str) -> None:
    lines = objective_lines(text)
    if len(lines) > MAX_OBJECTIVES:
        raise ValidationError(
            f"Write at most {MAX_OBJECTIVES} objectives (this has {len(lines)}); "
            "two to four say best what a module is for."
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_OBJECTIVE_LENGTH:
            raise ValidationError(
                f"Objective {number} has {len(line)} characters; keep each to "
                f"{MAX_OBJECTIVE_LENGTH}."
            )


def course_at(slug: str) -> "Course | None":
    """The course with this address, read by a query built once (jsnlearn/prepared.py): every
    course, lesson and quiz page reads it."""
    rows = _course_by_slug.rows(slug)
    return Course.from_db(DEFAULT_DB_ALIAS, COURSE_COLUMNS, rows[0]) if rows else None


def published_courses() -> list["Course"]:
    """The catalog's courses, in its order, read likewise."""
    return [Course.from_db(DEFAULT_DB_ALIAS, COURSE_COLUMNS, row) for row in _published.rows()]


def enrolled_course_ids(user) -> list[int]:
    """The courses `user` is enrolled in, the latest first, read likewise."""
    return [course_id for (course_id,) in _enrolled.rows(user.pk)]


def enrolled_courses(user) -> list["Course"]:
    """The published courses `user` is enrolled in, the latest first."""
    published = {course.pk: course for course in published_courses()}
    return [published[pk] for pk in enrolled_course_ids(user) if pk in published]


COURSE_COLUMNS = [field.attname for field in Course._meta.concrete_fields]
_course_by_slug = PreparedRead(
    lambda slug: Course.objects.filter(slug=slug).values_list(*COURSE_COLUMNS)
)
_published = PreparedRead(lambda: Course.objects.published().values_list(*COURSE_COLUMNS))
# By the user's index alone: a learner is in a handful of courses.
_enrolled = PreparedRead(
    lambda user_id: (
        Enrollment.objects.filter(user_id=user_id).order_by("-created").values_list("course_id")
    )
)


class Module(Pictured):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveIntegerField(default=0)
    slug = models.SlugField()
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, blank=True)
    objectives = models.TextField(
        blank=True,
        validators=[validate_objectives],
        help_text="One per line, each finishing the sentence “After this module you can …” "
        "(“explain why most people on X use a nickname”). Plain text: learners see them on the "
        "course page and at the start of the module's first lesson. Two to four is best.",
    )
    is_published = models.BooleanField("published", default=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        # By the column, not the relation: "course" would join courses to order by theirs.
        ordering = ["course_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="module_slug_unique_in_course")
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # One objective a line, with nothing around it, however it was typed.
        self.objectives = "\n".join(objective_lines(self.objectives))
        super().save(*args, **kwargs)

    @property
    def objective_list(self) -> list[str]:
        """What a learner can do after this module, one sentence ending each."""
        return objective_lines(self.objectives)

    def url_kwargs(self) -> dict:
        """What the address of anything in this module starts with (its lessons, its quizzes)."""
        return {"course_slug": self.course.slug, "module_slug": self.slug}


class InModuleQuerySet(PublishableQuerySet):
    """Lessons and quizzes: content that lives in a module."""

    def published(self):
        """What a learner can open: the content, its module and its course all published."""
        return self.filter(
            is_published=True, module__is_published=True, module__course__is_published=True
        )


class InModule:
    """Behaviour of content that lives in a module (a `module` foreign key): lessons, quizzes."""

    @property
    def is_visible_to_learners(self) -> bool:
        """The row-level twin of `InModuleQuerySet.published()`."""
        return self.is_published and self.module.is_published and self.module.course.is_published


class LessonQuerySet(InModuleQuerySet):
    def outline_only(self):
        """Leave the bodies behind: outlines and progress need titles, not text."""
        return self.defer("body", "body_html")


# A module's quizzes live at `courses/<course>/<module>/quiz/<quiz>/`: a lesson called "quiz"
# would have its completion at the address of the quiz called "complete".
RESERVED_LESSON_SLUGS = frozenset({"quiz"})


def validate_lesson_slug(value: str) -> None:
    if value in RESERVED_LESSON_SLUGS:
        raise ValidationError(
            f"“{value}” is kept for the module's quizzes, whose addresses are …/{value}/<quiz>/: "
            f"choose another slug for the lesson, such as “{value}-practice”.",
            code="reserved_slug",
        )


class Lesson(InModule, models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveIntegerField(default=0)
    slug = models.SlugField(validators=[validate_lesson_slug])
    title = models.CharField(max_length=160)
    body = models.TextField(help_text="Markdown. Start sections at ##; <ruby> gives readings.")
    body_html = models.TextField(editable=False)
    estimated_minutes = models.PositiveSmallIntegerField(default=5)
    is_published = models.BooleanField("published", default=False)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["module_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["module", "slug"], name="lesson_slug_unique_in_module")
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "lessons:lesson", kwargs={**self.module.url_kwargs(), "lesson_slug": self.slug}
        )

    def clean(self):
        # The module page's inline adds lessons without their text: they stay drafts.
        if self.is_published and self.publish_problems():
            raise ValidationError(
                {"is_published": "A published lesson needs its text: write it, then publish."}
            )

    def publish_problems(self) -> list[str]:
        """Why this lesson cannot be published, in words for its instructor; [] when it can."""
        return [] if self.body.strip() else ["It has no text yet."]


class LearnerQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(user=user)


class Enrollment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments")
    created = models.DateTimeField(auto_now_add=True)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="enrollment_unique")]

    def __str__(self):
        return f"{self.user} in {self.course}"


class LessonCompletionQuerySet(LearnerQuerySet):
    def in_courses(self, courses):
        return self.filter(lesson__module__course__in=courses)

    def of_published_lessons(self):
        # Joins rather than `lesson__in=<published lessons>`, which reads every lesson there is.
        return self.filter(
            lesson__is_published=True,
            lesson__module__is_published=True,
            lesson__module__course__is_published=True,
        )


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField(auto_now_add=True)

    objects = LessonCompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_completion_unique")
        ]

    def __str__(self):
        return f"{self.user} completed {self.lesson}"
