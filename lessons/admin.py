"""Course content in the admin, for superusers and instructors.

Instructors (jsnlearn/accounts/roles.py) see and edit only the courses they teach and what is
inside them: `CourseScoped` narrows every list, change page, inline, foreign-key choice,
autocomplete and list filter to `Course.objects.taught_by(user)`, and anything else answers 404.
Pages open the learner's page ("Preview") with a draft banner while unpublished. Deleting what
learners completed or answered is refused with what depends on it (`LearnerWorkProtected`).

The module page gains its quizzes in quizzes/admin.py, since this app never imports quizzes.
"""

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import CASCADE, Count, Max, QuerySet
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jsnlearn.accounts.roles import may_import_bundles
from jsnlearn.rendering import render_markdown
from lessons.models import Course, Enrollment, Lesson, LessonCompletion, Module
from lessons.pictures import MAX_UPLOAD_BYTES, resize_upload
from lessons.services import move_in_order, store_picture

MARKDOWN_HELP = format_html(
    "Markdown. <code>## Heading</code> starts a section (<code>###</code> a smaller one); "
    "<code>- item</code> or <code>1. item</code> make a list; "
    "<code>[words](https://example.com)</code> a link; <code>**bold**</code>, "
    "<code>*italic*</code>; {} shows a reading above the word. Other HTML is removed.",
    "<ruby>名刺<rt>めいし</rt></ruby>",
)


# ---- Scope: an instructor's courses and everything inside them ----


class CourseScoped:
    """For model admins and inlines: only the objects of courses the user teaches.

    `course_lookup` is the path from the model to its course ("" for Course itself). Foreign
    keys to scoped models (a lesson's module...) offer only the related admin's scoped objects;
    the admin's autocomplete reads the same `get_queryset`, so it is scoped too.
    """

    course_lookup = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        lookup = f"{self.course_lookup}__in" if self.course_lookup else "pk__in"
        return queryset.filter(**{lookup: Course.objects.taught_by(request.user).values("pk")})

    def get_object(self, request, object_id, from_field=None):
        # Django redirects to the list with "doesn't exist"; someone else's object is simply
        # not there, and says so with the 404 a forged address deserves.
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404(f"There is no {self.opts.verbose_name} with this ID.")
        return found

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = self.admin_site._registry.get(db_field.related_model)
        if isinstance(related, CourseScoped):
            kwargs.setdefault("queryset", related.get_queryset(request))
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", IdAutocompleteSelect(db_field, self.admin_site))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        # Django filters by the ticked ids as posted: one that is no id would crash the action.
        ticked = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if len(valid_ids(self.opts.pk, ticked)) != len(ticked):
            raise BadRequest("The selection names rows that do not exist.")
        return super().response_action(request, queryset)


class IdAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, re-showing a posted value that is no id as empty: Django looks
    the posted value up to show it again, and "abc" would crash the form's page."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        ids = [v for v in value if valid_ids(target, [v])]
        return super().optgroups(name, ids, attr)


def course_filter(course_lookup: str):
    """A list filter by course offering only the courses the user may see (RelatedOnly...)."""
    return (course_lookup, admin.RelatedOnlyFieldListFilter)


# ---- Deleting: refused, in words, when learners' work depends on it ----

# How each record of a learner's work reads when it stops a deletion: model -> (what learners
# did, the field naming the content, the path to the learner). Apps add theirs with
# `protects_deletion` (quizzes adds attempts and answers), so this app never imports them.
LEARNER_WORK = {}


def protects_deletion(model, *, did: str, content: str, learner: str = "user") -> None:
    LEARNER_WORK[model] = (did, content, learner)


protects_deletion(Enrollment, did="enrolled in", content="course")
protects_deletion(LessonCompletion, did="completed", content="lesson")


def learner_work_in_words(objs) -> list[str]:
    """What learners did that protects `objs` (objects of one model, or a queryset) from
    deletion: "12 learners completed the lesson “Read marks”"; [] when nothing does.

    Counted by the database, one grouped query per kind of learner record that deleting `objs`
    would reach (and one for the names of what they protect), so it costs the same whatever
    the learners' history. Reading the protected rows themselves, as Django's collection does,
    grew with it: a minute for the delete page of a quiz with 10,000 attempts.
    """
    pks = [obj.pk for obj in objs]
    if not pks:
        return []
    model = objs.model if isinstance(objs, QuerySet) else type(objs[0])
    lines = []
    for work, (did, content, learner) in LEARNER_WORK.items():
        path = cascade_path(work._meta.get_field(content).related_model, model)
        if path is not None:
            lookup = "__".join(part for part in (content, path, "in") if part)
            lines += _work_lines(work.objects.filter(**{lookup: pks}), did, content, learner)
    return lines


def _work_lines(records, did: str, content: str, learner: str) -> list[str]:
    rows = list(
        records.values(content).annotate(learners=Count(learner, distinct=True)).order_by(content)
    )
    if not rows:
        return []
    target_model = records.model._meta.get_field(content).related_model
    names = target_model._default_manager.in_bulk([row[content] for row in rows])
    lines = []
    for row in rows:
        target = names[row[content]]
        noun = "learner" if row["learners"] == 1 else "learners"
        lines.append(f"{row['learners']} {noun} {did} the {target._meta.verbose_name} “{target}”")
    return lines


def cascade_path(model, ancestor, seen=frozenset()) -> str | None:
    """The lookup from `model` up to `ancestor` along foreign keys that cascade ("module__course"
    from a lesson to its course): deleting an ancestor deletes the rows on that path. "" when
    `model` is `ancestor`; None when deleting `ancestor` never reaches `model`."""
    if model is ancestor:
        return ""
    for field in model._meta.concrete_fields:
        parent = field.related_model
        if field.many_to_one and field.remote_field.on_delete is CASCADE and parent not in seen:
            rest = cascade_path(parent, ancestor, seen | {model})
            if rest is not None:
                return "__".join(part for part in (field.name, rest) if part)
    return None


class LearnerWorkProtected:
    """For model admins: a deletion that would lose learners' work says what depends on it.

    Models PROTECT learners' records (completions, enrollments, attempts, answers), so such a
    deletion is refused; this names the work in words and suggests unpublishing instead, on the
    delete page, the bulk "Delete selected" page and when deleting inline.
    """

    delete_confirmation_template = "admin/learner_work/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/learner_work/delete_selected_confirmation.html"

    def get_deleted_objects(self, objs, request):
        # Learners' work first, counted: Django's own collection reads (and names) every
        # protected row, which grows with the history. Only content nobody used is collected.
        work = learner_work_in_words(objs)
        if work:
            return [], {}, set(), work
        return super().get_deleted_objects(objs, request)


class LearnerWorkProtectedInline:
    """For inlines: ticking "Delete" on content learners used is a form error, in words."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Form(formset.form):
            def hand_clean_DELETE(self):
                # Django's check for protected rows, with what learners did in words.
                if self.cleaned_data.get("DELETE") and self.instance.pk:
                    refusal = deletion_refusal(self.instance)
                    if refusal:
                        raise ValidationError(refusal, code="deleting_protected")

        formset.form = Form
        return formset


def deletion_refusal(obj) -> str:
    """Why deleting `obj` would lose learners' work, in words; "" when nothing depends on it."""
    work = "; ".join(learner_work_in_words([obj]))
    if not work:
        return ""
    return (
        f"“{obj}” cannot be deleted: {work}. Unpublish it instead: learners then no longer "
        "see it, and keep what they did."
    )


# ---- What every content page shares ----


def preview_link(url: str, text: str = "Preview"):
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, text)


class MarkdownHelp:
    """What Markdown can do, under each of `markdown_fields`."""

    markdown_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.markdown_fields:
            formfield.help_text = MARKDOWN_HELP
        return formfield


class ContentAdmin(MarkdownHelp, CourseScoped, LearnerWorkProtected, nested_admin.NestedModelAdmin):
    """Course content: scoped, publish and unpublish actions, Markdown help, preview links.

    Every write renews the content version of the courses it touches (jsnlearn/versions.py),
    in its own transaction: Django's change and delete pages run in one, actions here open
    theirs. An object moved to another course (a module's course, a lesson's or quiz's
    module, a question's quiz) renews both courses' versions."""

    actions = ["publish", "unpublish"]
    # The foreign key to what the object is ordered within ("course" for a module): a new
    # object, or one moved to another parent, goes last there. Positions are never typed.
    parent_field = ""

    def courses_of(self, queryset) -> set[int]:
        """The ids of the courses the rows of `queryset` are in, as the database has them."""
        return set(queryset.values_list(self.course_lookup or "pk", flat=True))

    def renew_versions(self, course_ids) -> None:
        Course.objects.filter(pk__in=course_ids).renew_content_version()

    def save_model(self, request, obj, form, change):
        rows = type(obj).objects.filter(pk=obj.pk)
        before = self.courses_of(rows) if change else set()
        if self.parent_field and (not change or self.parent_field in form.changed_data):
            parent_id = getattr(obj, f"{self.parent_field}_id")
            siblings = type(obj).objects.filter(**{f"{self.parent_field}_id": parent_id})
            obj.position = last_position(siblings.exclude(pk=obj.pk))
        super().save_model(request, obj, form, change)
        self.renew_versions(before | self.courses_of(rows))

    def delete_model(self, request, obj):
        courses = self.courses_of(type(obj).objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        self.renew_versions(courses)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # "Delete selected" runs outside the change pages' one
            courses = self.courses_of(queryset)
            super().delete_queryset(request, queryset)
            self.renew_versions(courses)

    class Media:
        css = {"all": ["css/authoring.css"]}
        js = ["js/authoring.js"]

    def publish_problems(self, obj) -> list[str]:
        """Why `obj` cannot be published: a lesson needs its text, a quiz gradable questions."""
        check = getattr(obj, "publish_problems", None)
        return check() if check else []

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["change"])
    def publish(self, request, queryset):
        ready = []
        for obj in queryset:
            problems = self.publish_problems(obj)
            if problems:
                self.message_user(
                    request, f"“{obj}” was not published: {' '.join(problems)}", messages.ERROR
                )
            else:
                ready.append(obj.pk)
        if ready:
            self._set_published(request, queryset.filter(pk__in=ready), True)

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s (learners keep their work)",
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool):
        with transaction.atomic():
            self.renew_versions(self.courses_of(queryset))
            count = queryset.update(is_published=published)
        noun = self.opts.verbose_name if count == 1 else self.opts.verbose_name_plural
        done = "Published" if published else "Unpublished"
        self.message_user(request, f"{done} {count} {noun}.", messages.SUCCESS)

    def get_urls(self):
        urls = super().get_urls()
        if not self.parent_field:
            return urls
        name = f"{self.opts.app_label}_{self.opts.model_name}_move"
        move = self.admin_site.admin_view(self.move_view)
        return [path("<path:object_id>/move/", move, name=name), *urls]

    def move_view(self, request, object_id):
        """Put an object in order among its siblings without JavaScript: GET lists them with
        Move up / Move down buttons, POST `direction` moves this one (a service, renewing
        the course's version) and comes back. Someone else's object is 404, a direction
        that is neither "up" nor "down" 400; either way nothing changes."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        obj = self.get_object(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            direction = request.POST.get("direction")
            if direction not in ("up", "down"):
                raise BadRequest("Move “up” or “down”.")
            rows = type(obj).objects.filter(pk=obj.pk)
            place = move_in_order(
                obj=obj,
                parent_field=self.parent_field,
                direction=direction,
                courses=Course.objects.filter(pk__in=self.courses_of(rows)),
            )
            if place is None:
                edge = "first" if direction == "up" else "last"
                self.message_user(request, f"“{obj}” is already {edge}.", messages.WARNING)
            else:
                self.message_user(request, f"Moved “{obj}” to place {place + 1}.")
            return HttpResponseRedirect(request.path)
        parent = getattr(obj, self.parent_field)
        siblings = (
            type(obj).objects.filter(**{self.parent_field: parent}).order_by("position", "pk")
        )
        parent_opts = parent._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "parent": parent,
            "parent_url": reverse(
                f"admin:{parent_opts.app_label}_{parent_opts.model_name}_change", args=[parent.pk]
            ),
            "parent_noun": parent_opts.verbose_name,
            "siblings": [
                (
                    row,
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_move", args=[row.pk]
                    ),
                )
                for row in siblings
            ],
            "title": f"Order of the {self.opts.verbose_name_plural} in “{parent}”",
        }
        return TemplateResponse(request, "admin/move.html", context)

    @admin.display(description="status", ordering="is_published")
    def status(self, obj):
        return status(obj)

    @admin.display(description="preview")
    def preview(self, obj):
        return preview_link(obj.get_absolute_url())

    @admin.display(description="preview")
    def preview_on_site(self, obj):
        """The change page's link to the learner's page (drafts show under a banner)."""
        if obj is None or obj.pk is None:
            return "Save first, then preview the page as learners will see it."
        return preview_link(obj.get_absolute_url(), "Open the learner's page")


def reorder_link(obj):
    """Without JavaScript rows cannot be dragged or moved in place: a link to their order."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_move", args=[obj.pk])
    return format_html(' <noscript><a href="{}">Reorder</a></noscript>', url)


def last_position(siblings) -> int:
    """The position after every one of `siblings` (0 for the first)."""
    last = siblings.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def status(obj) -> str:
    """Published, draft, or published but hidden by the draft module or course it is in."""
    if not obj.is_published:
        return "Draft"
    module = getattr(obj, "module", None)  # lessons and quizzes
    course = module.course if module else getattr(obj, "course", None)  # and modules
    hidden = next((c for c in (module, course) if c is not None and not c.is_published), None)
    return f"Hidden: its {hidden._meta.verbose_name} is a draft" if hidden else "Published"


def with_counts(queryset, **relations):
    """`queryset` with the number of related rows per relation (name=relation path), in one
    query. GROUP BY drops the model's default order, so it is put back."""
    counts = {name: Count(path, distinct=True) for name, path in relations.items()}
    return queryset.annotate(**counts).order_by(*queryset.model._meta.ordering)


def counted(name: str, description: str):
    """A list column showing the annotation `name`, sortable by it."""

    @admin.display(description=description, ordering=name)
    def column(self, obj):
        return getattr(obj, name)

    return column


# ---- Courses, modules, lessons ----


class ScopedRows:
    """For nested formsets: the rows a form posts by id are only those the user may edit.

    nested_admin reads posted ids from the whole table (so a row may be dragged to another
    parent), and deletes a ticked row by its posted id unchecked: a forged id of another
    course's lesson would be saved into, or deleted from, this page. Here posted rows are read
    from `scope`, the inline's scoped queryset, and a posted id found there is a form error, so
    nothing is saved; so is an id that is not a number."""

    scope = None  # the inline's queryset for this request (SortableInline.get_formset)
    noun = ""  # what the inline calls its rows ("options")

    def get_queryset(self):
        if not self.is_bound:
            return super().get_queryset()
        if not hasattr(self, "_posted_rows"):
            pk = self.model._meta.pk
            count = min(self.initial_form_count(), self.total_form_count())
            ids = [self.data.get(f"{self.add_prefix(i)}-{pk.name}") for i in range(count)]
            self._posted_rows = self.scope.filter(pk__in=valid_ids(pk, ids)).order_by(pk.name)
        return self._posted_rows

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A new row's place is set by the page's script (last, or where it was dragged or
        # moved). Sent without one, it goes last (process_forms_pre_save), never first.
        field = form.fields.get("position")
        if field is not None and form.instance.pk is None:
            field.required = False
            form.initial["position"] = None

    def process_forms_pre_save(self, forms):
        placed = [
            form.cleaned_data.get("position")
            for form in forms
            if getattr(form, "cleaned_data", None) and form.cleaned_data.get("position") is not None
        ]
        after = max(placed, default=0) + 1
        for form in forms:
            data = getattr(form, "cleaned_data", None)
            if data is not None and "position" in form.fields and data.get("position") is None:
                data["position"] = after
                after += 1
        return super().process_forms_pre_save(forms)

    def clean(self):
        # A place the page could not have sent (its script numbers the rows 0, 1, 2...) is a
        # forged request, not a mistake to show again: 400, and the whole save rolls back.
        field = self.model._meta.get_field("position")
        for form in self.forms:
            posted = form.data.get(form.add_prefix("position"))
            if posted not in (None, "") and not valid_ids(field, [posted]):
                raise BadRequest(f"The order of these {self.noun} was not sent by this page.")
        # Then: a form for an existing row whose id is not among the rows found (forged, or
        # deleted meanwhile in another tab) makes every other check of these rows moot.
        if any(form.instance.pk is None for form in self.initial_forms):
            raise ValidationError(
                f"Some of these {self.noun} are not ones you may "
                "edit here (or were deleted meanwhile): reload the page and try again.",
                code="unknown_row",
            )
        super().clean()


def valid_ids(pk, values) -> list:
    """The values that can be ids of `pk`'s model (numbers in the column's range); for any
    integer column, the values that fit it."""
    ids = []
    for value in values:
        try:
            ids.append(pk.to_python(value))
        except ValidationError:
            continue
    low, high = connection.ops.integer_field_range(pk.get_internal_type())
    return [i for i in ids if i is not None and low <= i <= high]


class SortableInline(CourseScoped, LearnerWorkProtectedInline, nested_admin.SortableHiddenMixin):
    """Ordered children, dragged into place by their handle (`position` is hidden)."""

    sortable_field_name = "position"
    extra = 0
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        scoped = {"scope": self.get_queryset(request), "noun": self.verbose_name_plural}
        return type(formset.__name__, (ScopedRows, formset), scoped)


class ModuleInline(SortableInline, nested_admin.NestedTabularInline):
    model = Module
    course_lookup = "course"
    fields = ("position", "title", "slug", "summary", "is_published")
    prepopulated_fields = {"slug": ("title",)}


class LessonInline(SortableInline, nested_admin.NestedTabularInline):
    model = Lesson
    course_lookup = "module__course"
    fields = ("position", "title", "slug", "estimated_minutes", "text", "is_published")
    readonly_fields = ("text",)
    prepopulated_fields = {"slug": ("title",)}

    @admin.display(description="text")
    def text(self, obj):
        """The lesson's editor, one click away, saying whether the text is written yet."""
        if obj is None or obj.pk is None:
            return "Save, then write its text"
        url = reverse("admin:lessons_lesson_change", args=[obj.pk])
        words = len(obj.body.split())
        return format_html("{}{}", self._text_link(obj, url, words), reorder_link(obj))

    def _text_link(self, obj, url, words):
        if not words:
            return format_html(
                '<a class="write-link needs-text" href="{}">Write the text'
                '<span class="visually-hidden"> of “{}”</span></a>',
                url,
                obj.title,
            )
        return format_html(
            '<a class="write-link" href="{}">Edit the text'
            '<span class="visually-hidden"> of “{}”</span></a> <span class="quiet">{} words</span>',
            url,
            obj.title,
            words,
        )


class PictureForm(forms.ModelForm):
    """A course's or module's form with its picture: upload one (checked and resized by
    lessons/pictures.py, refused in words when unusable) or go back to the drawn one."""

    picture_file = forms.FileField(
        label="Picture",
        required=False,
        help_text="JPEG, PNG, WebP or GIF, at least 600 x 300 pixels, at most 5 MB. It is "
        "cropped to 2:1 (1200 x 600). Without one, a picture is drawn from the title.",
    )
    remove_picture = forms.BooleanField(
        label="Use the picture drawn from the title instead", required=False
    )

    def clean_picture_file(self):
        upload = self.cleaned_data.get("picture_file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The picture is {upload.size / 1024 / 1024:.1f} MB; the most it can be is "
                f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB."
            )
        return resize_upload(upload.read())


class PicturedAdmin:
    """For the course and module admins: the picture fields, saved with the row."""

    form = PictureForm
    picture_fields = ("picture_preview", "picture_file", "remove_picture", "picture_alt")

    @admin.display(description="Current picture")
    def picture_preview(self, obj):
        if obj is None or obj.pk is None:
            return "Drawn from the title until you upload one."
        source = "uploaded" if obj.picture_id else "drawn from the title"
        return format_html(
            '<img src="{}" alt="" width="240" height="120"> <span>({})</span>',
            obj.picture_url("small"),
            source,
        )

    def save_model(self, request, obj, form, change):
        resized = form.cleaned_data.get("picture_file")
        if resized is not None:
            obj.picture = store_picture(resized)
        elif form.cleaned_data.get("remove_picture"):
            obj.picture = None
        super().save_model(request, obj, form, change)


@admin.register(Course)
class CourseAdmin(PicturedAdmin, ContentAdmin):
    list_display = (
        "title",
        "status",
        "module_count",
        "lesson_count",
        "quiz_count",
        "sequential",
        "preview",
    )
    list_filter = ("is_published",)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("preview_on_site", "picture_preview")
    autocomplete_fields = ("instructors",)
    markdown_fields = ("description",)
    inlines = [ModuleInline]

    module_count = counted("module_count", "modules")
    lesson_count = counted("lesson_count", "lessons")
    quiz_count = counted("quiz_count", "quizzes")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_import_bundles": may_import_bundles(request.user),
        }
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        return with_counts(
            super().get_queryset(request),
            module_count="modules",
            lesson_count="modules__lessons",
            quiz_count="modules__quizzes",
        )

    def get_fields(self, request, obj=None):
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "position",
            "sequential",
            "is_published",
            "preview_on_site",
            *self.picture_fields,
        ]
        # Who teaches a course is the operators' choice: instructors never see the user list.
        return [*fields, "instructors"] if request.user.is_superuser else fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not request.user.is_superuser:
            form.instance.instructors.add(request.user)  # or they could not see their course


@admin.register(Module)
class ModuleAdmin(PicturedAdmin, ContentAdmin):
    """A module with its lessons; quizzes/admin.py registers it again with its quizzes."""

    course_lookup = "course"
    parent_field = "course"
    list_display = ("title", "course", "status", "lesson_count", "preview")
    list_filter = (course_filter("course"), "is_published")
    list_select_related = ("course",)
    search_fields = ("title", "course__title")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("course",)
    fields = (
        "course",
        "title",
        "slug",
        "summary",
        "objectives",
        "is_published",
        "preview_on_site",
        *PicturedAdmin.picture_fields,
    )
    readonly_fields = ("preview_on_site", "picture_preview")
    inlines = [LessonInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "objectives":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 4, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    lesson_count = counted("lesson_count", "lessons")

    def get_queryset(self, request):
        return with_counts(super().get_queryset(request), lesson_count="lessons")

    @admin.display(description="preview")
    def preview(self, obj):
        return preview_link(obj.course.get_absolute_url())  # a module shows in its outline

    @admin.display(description="preview")
    def preview_on_site(self, obj):
        if obj is None or obj.pk is None:
            return "Save first, then preview the course outline as learners will see it."
        return preview_link(obj.course.get_absolute_url(), "Open the course outline")


@admin.register(Lesson)
class LessonAdmin(ContentAdmin):
    """A lesson's editor: its text beside a live preview, rendered by the server as learners
    will see it (`preview_view`, through jsnlearn/rendering.py), at a phone's width or not."""

    course_lookup = "module__course"
    parent_field = "module"
    list_display = ("title", "module", "status", "estimated_minutes", "preview")
    list_filter = (course_filter("module__course"), "is_published")
    list_select_related = ("module__course",)
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("module",)
    fields = (
        "module",
        "title",
        "slug",
        ("body", "body_preview"),
        "estimated_minutes",
        "is_published",
        "preview_on_site",
    )
    readonly_fields = ("preview_on_site", "body_preview")
    markdown_fields = ("body",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = forms.Textarea(
                attrs={"rows": 24, "class": "lesson-body", "aria-describedby": "lesson-preview"}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="preview")
    def body_preview(self, obj):
        """The text as learners will see it: as saved without JavaScript, live with it."""
        url = (
            reverse("admin:lessons_lesson_preview", args=[obj.pk])
            if obj is not None and obj.pk
            else reverse("admin:lessons_lesson_preview_new")
        )
        saved = obj.body_html if obj is not None and obj.pk else ""
        return format_html(
            '<div class="lesson-preview-tools" hidden>'
            '<button type="button" class="button preview-width" aria-pressed="false">'
            "Phone width</button>"
            '<span class="preview-status quiet" role="status"></span></div>'
            '<div class="lesson-preview" id="lesson-preview" data-url="{}" tabindex="0" '
            'aria-label="Preview of the lesson as learners will see it">'
            '<div class="prose">{}</div></div>',
            url,
            mark_safe(saved),  # noqa: S308 - render_markdown's sanitized output, stored
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("preview/", preview, name="lessons_lesson_preview_new"),
            path("<path:object_id>/preview/", preview, name="lessons_lesson_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id=None):
        """POST `body`: the HTML learners would see, from the one sanitizer. A lesson of a
        course the user does not teach is 404; text over PREVIEW_LIMIT is refused (413)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
        elif not self.has_change_permission(request, self.get_object(request, object_id)):
            raise PermissionDenied
        if len(request.body) > PREVIEW_LIMIT * 4 + 4096:  # before parsing it (UTF-8, escaped)
            return HttpResponse("This text is too long to preview.", status=413)
        body = request.POST.get("body")
        if body is None:
            raise BadRequest("Send the lesson's text as “body”.")
        if len(body) > PREVIEW_LIMIT:
            return HttpResponse("This text is too long to preview.", status=413)
        response = HttpResponse(render_markdown(body), content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response


# A lesson's text may be as long as this (characters) to be previewed: a long chapter is
# 30,000; a request much larger is refused before it is read.
PREVIEW_LIMIT = 100_000


# ---- What learners did, to read ----


class LearnerWorkAdmin(CourseScoped, admin.ModelAdmin):
    """Learners' records, read-only: what they did is their history, never edited here.
    Each list filters by course, after the admin's own `list_filter`."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.opts.fields]

    def get_list_filter(self, request):
        return (*self.list_filter, course_filter(self.course_lookup))


@admin.register(Enrollment)
class EnrollmentAdmin(LearnerWorkAdmin):
    course_lookup = "course"
    list_display = ("user", "course", "created")
    list_select_related = ("user", "course")
    search_fields = ("user__display_name",)


@admin.register(LessonCompletion)
class LessonCompletionAdmin(LearnerWorkAdmin):
    course_lookup = "lesson__module__course"
    list_display = ("user", "lesson", "completed_at")
    list_select_related = ("user", "lesson")
    search_fields = ("user__display_name", "lesson__title")
