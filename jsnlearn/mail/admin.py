"""The outbox in the admin, for superusers alone: what was sent, what waits, what failed and why.

The mail and the background tasks behind it hold every learner's address and what the site
wrote to them: an instructor neither sees them in the index nor reaches them by address (404).
"""

import django_tasks_db.admin  # noqa: F401 (registers the task results, registered again below)
from django.contrib import admin, messages
from django.http import Http404
from django.urls import URLPattern
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from jsnlearn.mail import services
from jsnlearn.mail.models import OutgoingEmail


def short_moment(moment):
    """ "6 Dec 21:04:37" in the viewer's time zone: the list stays narrow, retries a minute
    apart stay apart."""
    return date_format(timezone.localtime(moment), "j M H:i:s") if moment else None


def superusers_only(view):
    def guarded(request, *args, **kwargs):
        # Anyone not signed in to the admin goes on to its sign-in page as usual.
        if admin.site.has_permission(request) and not request.user.is_superuser:
            raise Http404("There is no such page.")
        return view(request, *args, **kwargs)

    return guarded


class SuperusersOnly:
    """For a model admin: absent from everyone else's index, and 404 at each of its addresses."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_urls(self):
        return [
            URLPattern(url.pattern, superusers_only(url.callback), url.default_args, url.name)
            for url in super().get_urls()
        ]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = (
        "created_at",
        "to",
        "subject",
        "kind",
        "status",
        "attempts",
        "next_attempt",
        "sent",
        "short_error",
    )
    list_display_links = ("created_at", "subject")
    list_filter = ("status", "kind")
    search_fields = ("to", "subject")
    actions = ["send_again"]
    fields = (
        "to",
        "subject",
        "kind",
        "status",
        "attempts",
        "created",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "last_error",
        "message_id",
        "text_body",
        "user",
        "key",
    )
    readonly_fields = fields

    class Media:
        css = {"all": ["css/mail-admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="created", ordering="created")
    def created_at(self, email):
        return short_moment(email.created)

    @admin.display(description="next attempt", ordering="next_attempt_at")
    def next_attempt(self, email):
        return short_moment(email.next_attempt_at)

    @admin.display(description="sent", ordering="sent_at")
    def sent(self, email):
        return short_moment(email.sent_at)

    @admin.display(description="last error")
    def short_error(self, email):
        return Truncator(email.last_error).chars(80)

    @admin.display(description="Message-ID")
    def message_id(self, email):
        return email.message_id

    @admin.display(description="text")
    def text_body(self, email):
        return format_html('<pre class="mail-body">{}</pre>', email.message.get("body", ""))

    @admin.action(description="Send again (failed mails)")
    def send_again(self, request, queryset):
        ticked = queryset.count()
        queued = services.send_again(emails=queryset)
        left = ticked - queued
        self.message_user(request, f"{queued} mail(s) queued to be sent again.", messages.SUCCESS)
        if left:
            self.message_user(
                request, f"{left} mail(s) had not failed and were left alone.", messages.WARNING
            )


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(SuperusersOnly, DBTaskResultAdmin):
    pass
