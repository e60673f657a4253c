"""Quizzes in the admin: one page per quiz with its questions and each question's options,
dragged into order; the module page with its lessons and quizzes; copies of both.

A question that could not be graded is refused on its own options (the rules are
`grading.problems`, which grading itself follows), and a quiz is only published with questions
that all can be graded. Scope, previews and refused deletions come from lessons/admin.py.
"""

import json

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from lessons import admin as lessons_admin
from lessons.admin import (
    ContentAdmin,
    LearnerWorkAdmin,
    MarkdownHelp,
    SortableInline,
    course_filter,
    preview_link,
    protects_deletion,
    status,
    with_counts,
)
from lessons.models import Lesson, Module
from quizzes import grading
from quizzes.models import Attempt, Choice, Question, Quiz, Response
from quizzes.services import (
    ModuleNotReady,
    duplicate_module,
    duplicate_quiz,
    publish_checklist,
    publish_module,
)

protects_deletion(Attempt, did="took", content="quiz")
protects_deletion(Response, did="answered", content="question", learner="attempt__user")


# ---- A question's options, checked as grading will read them ----


class ChoiceFormSet(nested_admin.NestedInlineFormSet):
    """A question's options; the errors appear above them, next to their question."""

    def clean(self):
        super().clean()
        question = self.instance
        if question.kind not in grading.KINDS or self._question_is_going():
            return  # the question's own form says what is wrong with its kind
        kept = [form for form in self.forms if form.has_changed() or form.instance.pk]
        kept = [form for form in kept if not self._should_delete_form(form)]
        if any(form.errors for form in kept):
            return  # an option's own errors come first
        options = tuple(
            grading.Option(
                id=n,
                text=form.cleaned_data.get("text", ""),
                is_correct=form.cleaned_data.get("is_correct", False),
                match_text=form.cleaned_data.get("match_text", ""),
            )
            for n, form in enumerate(kept)
        )
        # Points have their own field and error: only the options are judged here.
        spec = grading.Spec(kind=question.kind, points=1, options=options)
        problems = grading.problems(spec)
        if problems:
            raise ValidationError(problems)

    def save(self, commit=True):
        # A deleted question takes its options with it: saving an edited one would bring it back.
        if self._question_is_going():
            self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
            return []
        return super().save(commit)

    def _question_is_going(self) -> bool:
        """On the quiz page: the question is being deleted, or is an untouched blank one."""
        parent = getattr(self, "parent_form", None)
        if parent is None:
            return False
        deleted = getattr(parent, "cleaned_data", {}).get("DELETE")
        return bool(deleted) or (parent.instance.pk is None and not parent.has_changed())


class QuestionFormSet(nested_admin.NestedInlineFormSet):
    """A quiz's questions: a published quiz needs at least one, and every one gradable."""

    def clean(self):
        super().clean()
        quiz = self.instance
        if not quiz.is_published:
            return
        kept = [
            form
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and not self._should_delete_form(form)
        ]
        if not kept:
            raise ValidationError(
                "A published quiz needs at least one question: add one, or untick “published” "
                "to keep the quiz a draft."
            )
        broken = [
            form
            for form in kept
            if not all(options.is_valid() for options in getattr(form, "nested_formsets", ()))
        ]
        if broken:
            names = ", ".join(f"“{form.instance}”" for form in broken)
            raise ValidationError(
                f"This quiz cannot be published while a question cannot be graded: {names}. "
                "Fix it below, or untick “published” to keep the quiz a draft."
            )


class ChoiceInline(SortableInline, nested_admin.NestedTabularInline):
    """A question's options. Every field is sent whatever the kind, so the page saves the same
    without JavaScript; static/js/authoring.js shows only the fields the question's kind
    reads, under the kind's own headings (accepted answers, items in order, left and right)."""

    model = Choice
    course_lookup = "question__quiz__module__course"
    formset = ChoiceFormSet
    fields = ("position", "text", "is_correct", "match_text", "feedback")
    extra = 0
    show_change_link = False
    verbose_name, verbose_name_plural = "option", "options"
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"class": "option-field"})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "class": "option-field"})},
    }


class KindRules:
    """A question's kind carries every kind's grading rule; static/js/authoring.js shows the
    chosen kind's under it (rather than all six) and fits the options to the kind."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "kind":
            formfield.widget.attrs["data-rules"] = json.dumps(grading.RULES)
            formfield.help_text = ""
        return formfield


class QuestionInline(KindRules, MarkdownHelp, SortableInline, nested_admin.NestedStackedInline):
    model = Question
    course_lookup = "quiz__module__course"
    formset = QuestionFormSet
    fields = ("position", ("kind", "points"), "prompt", "explanation")
    inlines = [ChoiceInline]
    show_change_link = False
    markdown_fields = ("prompt",)
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}}


# ---- Quizzes and questions ----


@admin.register(Quiz)
class QuizAdmin(ContentAdmin):
    course_lookup = "module__course"
    parent_field = "module"
    list_display = ("title", "module", "status", "question_count", "pass_percent", "preview")
    list_filter = (course_filter("module__course"), "is_published")
    list_select_related = ("module__course",)
    search_fields = ("title", "intro", "module__title")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("module",)
    markdown_fields = ("intro",)
    fieldsets = (
        (None, {"fields": ("module", "title", "slug", "intro", "is_published")}),
        (
            "Marking",
            {"fields": ("pass_percent", "max_attempts", "reveal_answers")},
        ),
        ("Order", {"fields": ("shuffle_questions", "shuffle_choices")}),
        ("Preview", {"fields": ("preview_on_site",)}),
    )
    readonly_fields = ("preview_on_site",)
    inlines = [QuestionInline]
    actions = ["publish", "unpublish", "duplicate"]

    question_count = lessons_admin.counted("question_count", "questions")

    def get_queryset(self, request):
        return with_counts(super().get_queryset(request), question_count="questions")

    @admin.display(description="preview")
    def preview_on_site(self, obj):
        if obj is None or obj.pk is None:
            return "Save first, then preview the quiz as learners will see it."
        questions = reverse(
            "quizzes:preview", kwargs={**obj.module.url_kwargs(), "quiz_slug": obj.slug}
        )
        return format_html(
            "{} · {}",
            preview_link(obj.get_absolute_url(), "Open the quiz's page"),
            preview_link(questions, "See its questions as learners will"),
        )

    @admin.action(description="Duplicate selected quizzes (as drafts)", permissions=["add"])
    def duplicate(self, request, queryset):
        for quiz in queryset.select_related("module"):
            announce_copy(self, request, quiz, duplicate_quiz(quiz=quiz))


@admin.register(Question)
class QuestionAdmin(KindRules, ContentAdmin):
    """One question with its options; most questions are written on their quiz's page."""

    course_lookup = "quiz__module__course"
    parent_field = "quiz"
    list_display = ("__str__", "quiz", "kind", "points", "option_count")
    list_filter = (course_filter("quiz__module__course"), "kind")
    list_select_related = ("quiz",)
    search_fields = ("prompt",)
    autocomplete_fields = ("quiz",)
    fields = ("quiz", ("kind", "points"), "prompt", "explanation")
    markdown_fields = ("prompt", "explanation")
    inlines = [ChoiceInline]
    actions = []

    option_count = lessons_admin.counted("option_count", "options")

    def get_queryset(self, request):
        return with_counts(super().get_queryset(request), option_count="choices")


# ---- The module page, with its quizzes ----


class QuizInline(SortableInline, nested_admin.NestedTabularInline):
    """A module's quizzes. Published on the quiz's page or by the list's action, where their
    questions are checked, so here the status is only shown."""

    model = Quiz
    course_lookup = "module__course"
    fields = ("position", "title", "slug", "pass_percent", "questions", "status")
    readonly_fields = ("questions", "status")
    prepopulated_fields = {"slug": ("title",)}

    def get_queryset(self, request):
        return with_counts(
            super().get_queryset(request).select_related("module__course"),  # for the status
            question_count="questions",
        )

    @admin.display(description="status")
    def status(self, obj):
        return status(obj)  # a new row is a draft, and says so without its module

    @admin.display(description="questions")
    def questions(self, obj):
        """The quiz's editor, one click away, with how many questions it has."""
        if obj is None or obj.pk is None:
            return "Save, then write its questions"
        url = reverse("admin:quizzes_quiz_change", args=[obj.pk])
        count = obj.question_count
        label = "Write its questions" if not count else "Edit its questions"
        return format_html(
            '<a class="write-link{}" href="{}">{}<span class="visually-hidden"> of “{}”'
            '</span></a> <span class="quiet">{}</span>{}',
            "" if count else " needs-text",
            url,
            label,
            obj.title,
            f"{count} question{'' if count == 1 else 's'}" if count else "",
            lessons_admin.reorder_link(obj),
        )


admin.site.unregister(Module)


@admin.register(Module)
class ModuleAdmin(lessons_admin.ModuleAdmin):
    list_display = (
        "title",
        "course",
        "status",
        "lesson_count",
        "quiz_count",
        "position",
        "preview",
    )
    inlines = [lessons_admin.LessonInline, QuizInline]
    actions = ["publish", "unpublish", "duplicate"]

    quiz_count = lessons_admin.counted("quiz_count", "quizzes")

    def get_queryset(self, request):
        return with_counts(super().get_queryset(request), quiz_count="quizzes")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Above the form: whether the module is published, or what stops it being so (read from
        # the module the change page found, not a second time; not over a refused save).
        if change and obj is not None and request.method == "GET":
            checklist = publish_checklist(obj)
            context.update(
                show_publish_state=True,
                blocked=[item for item in checklist if not item.ready],
                everything_published=all(item.obj.is_published for item in checklist),
            )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def get_urls(self):
        publish = self.admin_site.admin_view(self.publish_view)
        urls = [path("<path:object_id>/publish/", publish, name="lessons_module_publish")]
        return urls + super().get_urls()

    def publish_view(self, request, object_id):
        """The module's publish checklist (GET) and publishing it with its lessons and quizzes
        in one step (POST, `quizzes.services.publish_module`). Someone else's module is 404;
        a module that is not ready is refused with its checklist (400), nothing changed."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        module = self.get_object(request, object_id)
        if not self.may_publish_all(request, module):
            raise PermissionDenied
        status_code = 200
        if request.method == "POST":
            try:
                publish_module(module=module)
            except ModuleNotReady as refused:
                checklist, status_code = refused.checklist, 400
            else:
                self.message_user(
                    request,
                    f"Published “{module}” with its lessons and quizzes.",
                    messages.SUCCESS,
                )
                url = reverse("admin:lessons_module_change", args=[module.pk])
                return HttpResponseRedirect(url)
        else:
            checklist = publish_checklist(module)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": module,
            "title": f"Publish “{module}”",
            "checklist": checklist,
            "ready": all(item.ready for item in checklist),
            "lessons": sum(isinstance(item.obj, Lesson) for item in checklist),
            "quizzes": sum(isinstance(item.obj, Quiz) for item in checklist),
            "course_is_draft": not module.course.is_published,
        }
        return TemplateResponse(
            request, "admin/lessons/module/publish.html", context, status=status_code
        )

    def may_publish_all(self, request, module) -> bool:
        user = request.user
        return self.has_change_permission(request, module) and user.has_perms(
            ["lessons.change_lesson", "quizzes.change_quiz"]
        )

    @admin.action(
        description="Duplicate selected modules with their lessons and quizzes (as drafts)",
        permissions=["add"],
    )
    def duplicate(self, request, queryset):
        for module in queryset:
            announce_copy(self, request, module, duplicate_module(module=module))


def announce_copy(model_admin, request, original, copy):
    opts = copy._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[copy.pk])
    model_admin.message_user(
        request,
        format_html('Copied “{}” as a draft: <a href="{}">{}</a>.', original, url, copy),
        messages.SUCCESS,
    )


# ---- What learners did, to read ----


@admin.register(Attempt)
class AttemptAdmin(LearnerWorkAdmin):
    course_lookup = "quiz__module__course"
    list_display = ("quiz", "user", "started_at", "submitted_at", "percent", "passed")
    list_filter = ("passed",)
    list_select_related = ("quiz", "user")
    search_fields = ("user__display_name", "quiz__title")


@admin.register(Response)
class ResponseAdmin(LearnerWorkAdmin):
    course_lookup = "question__quiz__module__course"
    list_display = ("question", "attempt", "awarded_points", "is_correct")
    list_filter = ("is_correct",)
    list_select_related = ("question", "attempt__user", "attempt__quiz")
    search_fields = ("attempt__user__display_name",)
