"""Classes in the admin: an instructor runs classes of the courses they teach.

A class's page holds its details, its due dates (an inline, one per module or quiz of its
course), how learners join (the link and short code, a new code on demand, invitations by
email) and its members, each of whom can be removed. Scope follows lessons/admin.py: an
instructor sees only the classes they run, of courses they teach, and any other class's pages
answer 404, its invitation and member pages included.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Now
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from jsnlearn.classrooms import services
from jsnlearn.classrooms.admin_forms import (
    ClassroomForm,
    DueDateForm,
    DueDateFormSet,
    InviteForm,
    item_choices,
)
from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from lessons.admin import CourseScoped, course_filter
from lessons.models import Course


class DueDateInline(admin.TabularInline):
    model = DueDate
    form = DueDateForm
    formset = DueDateFormSet
    fields = ("item", "opens", "due")
    extra = 1
    verbose_name = "due date"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module", "quiz").order_by("due", "pk")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The course's modules and quizzes, read once for every row of the page.
        return type(formset.__name__, (formset,), {"choices": item_choices(obj.course)})


@admin.register(Classroom)
class ClassroomAdmin(CourseScoped, admin.ModelAdmin):
    course_lookup = "course"
    form = ClassroomForm
    list_display = ("name", "course", "starts", "ends", "member_count", "next_due")
    list_filter = (course_filter("course"),)
    list_select_related = ("course",)
    search_fields = ("name", "course__title")
    inlines = [DueDateInline]

    class Media:
        css = {"all": ["css/classrooms-admin.css"]}
        js = ["js/classrooms-admin.js"]

    def get_queryset(self, request):
        members = (
            Membership.objects.filter(classroom=OuterRef("pk"))
            .order_by()
            .values("classroom")
            .annotate(n=Count("pk"))
            .values("n")
        )
        next_due = DueDate.objects.filter(classroom=OuterRef("pk"), due__gte=Now()).order_by("due")
        return (
            super()
            .get_queryset(request)
            .taught_by(request.user)
            .annotate(
                member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
                next_due=Subquery(next_due.values("due")[:1]),
            )
        )

    @admin.display(description="members", ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    @admin.display(description="next due", ordering="next_due")
    def next_due(self, obj):
        return obj.next_due

    def get_fields(self, request, obj=None):
        fields = ["course", "name", "starts", "ends", "reminder_days"]
        return [*fields, "instructors"] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        # Its due dates and members belong to its course: a class never moves to another.
        return ["course"] if obj else []

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # due dates come once the course is known

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "course":
            kwargs["queryset"] = Course.objects.taught_by(request.user).order_by("title")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "course":
            # A class is of a course that exists: no links to add or edit one from here.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = widget.can_view_related = False
            formfield.help_text = (
                "One of the courses you teach. Once the class is saved, its page gives you the "
                "link and code to join it, and its due dates."
            )
        return formfield

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            form.instance.instructors.add(request.user)  # or they could not see their class
        # Its members' pages show its name and due dates (in this transaction, as the admin's).
        services.renew_classes_version(classroom_ids=[form.instance.pk])

    def delete_model(self, request, obj):
        services.renew_classes_version(classroom_ids=[obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        services.renew_classes_version(classroom_ids=queryset.values("pk"))
        super().delete_queryset(request, queryset)

    def response_post_save_add(self, request, obj):
        # Straight to its page: the link to share and the due dates are there.
        return HttpResponseRedirect(reverse("admin:classrooms_classroom_change", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context = {
                **context,
                **self._sharing_context(request, obj),
                "members": obj.memberships.select_related("user").order_by(
                    "user__display_name", "user__email"
                ),
                "report_url": reverse("reports:classroom", args=[obj.pk]),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _sharing_context(self, request, classroom) -> dict:
        return {
            "join_url": request.build_absolute_uri(classroom.join_path),
            "invite_form": InviteForm(),
            "pending_count": classroom.invitations.filter(accepted_at__isnull=True).count(),
        }

    # ---- The class's own pages: a new code, invitations, removing a member ----

    def get_urls(self):
        def view(function, suffix):
            name = f"classrooms_classroom_{suffix}"
            return path(
                f"<path:object_id>/{suffix.replace('_', '-')}/",
                self.admin_site.admin_view(function),
                name=name,
            )

        remove = path(
            "<path:object_id>/members/<int:user_id>/remove/",
            self.admin_site.admin_view(self.remove_member_view),
            name="classrooms_classroom_remove_member",
        )
        return [
            view(self.reset_code_view, "reset_code"),
            view(self.invite_view, "invite"),
            remove,
            *super().get_urls(),
        ]

    def _classroom_to_change(self, request, object_id):
        """The class, if the user runs it (else 404) and may change it (else 403)."""
        classroom = self.get_object(request, object_id)
        if not self.has_change_permission(request, classroom):
            raise PermissionDenied
        return classroom

    def _change_url(self, classroom) -> str:
        return reverse("admin:classrooms_classroom_change", args=[classroom.pk])

    def reset_code_view(self, request, object_id):
        classroom = self._classroom_to_change(request, object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        code = services.reset_invite_code(classroom=classroom)
        self.message_user(
            request,
            f"The class's new code is {code}. The old link and code no longer work.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(classroom) + "#joining")

    def invite_view(self, request, object_id):
        """GET: the invitation form and who is invited. POST: invite the addresses; those that
        are no address are shown again with an error, and nothing is sent to them."""
        classroom = self._classroom_to_change(request, object_id)
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        form = InviteForm(request.POST if request.method == "POST" else None)
        status = 200
        if form.is_bound and not form.is_valid():
            status = 400
        elif form.is_bound:
            outcome = services.invite_by_email(
                classroom=classroom,
                emails=form.cleaned_data["emails"],
                by=request.user,
                site_url=request.build_absolute_uri("/"),
            )
            self._report_invitations(request, outcome)
            if not form.invalid:
                return HttpResponseRedirect(request.path)
            self.message_user(
                request,
                f"Not sent, since these are no email addresses: {', '.join(form.invalid)}. "
                "Correct them below and send again.",
                messages.ERROR,
            )
            form = InviteForm(initial={"emails": "\n".join(form.invalid)})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": classroom,
            "title": f"Invite learners to “{classroom.name}”",
            "invite_form": form,
            "join_url": request.build_absolute_uri(classroom.join_path),
            "invitations": classroom.invitations.select_related("accepted_by"),
            "media": self.media,
        }
        return TemplateResponse(
            request, "admin/classrooms/classroom/invite.html", context, status=status
        )

    def _report_invitations(self, request, outcome) -> None:
        if outcome.sent:
            self.message_user(
                request,
                f"Invitation sent to {len(outcome.sent)}: {', '.join(outcome.sent)}.",
                messages.SUCCESS,
            )
        if outcome.already_invited:
            self.message_user(
                request,
                "Already invited, so not sent again (their first invitation still works): "
                f"{', '.join(outcome.already_invited)}.",
                messages.WARNING,
            )
        if outcome.already_members:
            self.message_user(
                request,
                f"Already in the class: {', '.join(outcome.already_members)}.",
                messages.INFO,
            )

    def remove_member_view(self, request, object_id, user_id):
        """GET: are you sure? POST: the member leaves the class (their work stays theirs)."""
        classroom = self._classroom_to_change(request, object_id)
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        membership = get_object_or_404(
            Membership.objects.select_related("user"), classroom=classroom, user_id=user_id
        )
        member = membership.user
        if request.method == "POST":
            if not services.remove_member(classroom=classroom, user=member, by=request.user):
                raise Http404("This learner is no longer in the class.")
            self.message_user(
                request,
                f"{member.display_name} ({member.email}) is no longer in “{classroom.name}”.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(classroom) + "#members")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": classroom,
            "membership": membership,
            "member": member,
            "title": f"Remove {member.display_name} from “{classroom.name}”?",
            "media": self.media,
        }
        return TemplateResponse(request, "admin/classrooms/classroom/remove_member.html", context)
