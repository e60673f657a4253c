"""One-click unsubscribe from reminder emails, without signing in.

Each reminder links to /unsubscribe/<token>/ and names it in its List-Unsubscribe header. The
token is signed (django.core.signing, with a salt of its own; it does not expire) and names the
learner and what they stop: one class's due-date reminders, review reminders, or an
instructor's weekly digests. A GET asks to
confirm; a POST from that page (with its CSRF token) or a mail client's one-click POST (RFC
8058: the body `List-Unsubscribe=One-Click`, which cannot carry a CSRF token) turns the
reminders off. A forged or altered token, or one naming a class the learner has left, changes
nothing and gets a 400 page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from jsnlearn.classrooms.models import Membership

SALT = "jsnlearn.classrooms.unsubscribe"
CLASS_REMINDERS, REVIEW_REMINDERS, DIGESTS = "class", "review", "digest"
# What each kind of email a learner may stop is switched by, on their row.
USER_SWITCHES = {REVIEW_REMINDERS: "review_emails", DIGESTS: "digest_emails"}
ONE_CLICK = "One-Click"


def unsubscribe_url(user, what: str, classroom_id: int | None = None) -> str:
    """The address that stops `what` for `user` (CLASS_REMINDERS names the class)."""
    token = signing.Signer(salt=SALT).sign_object([user.pk, what, classroom_id], compress=True)
    return f"{settings.SITE_URL}{reverse('unsubscribe:unsubscribe', args=[token])}"


@dataclass(frozen=True)
class Subscription:
    """What a token stops: `membership`'s due-date reminders, or the email of `user`'s that
    `what` names (review reminders, digests)."""

    user: object
    what: str
    membership: Membership | None = None

    @property
    def is_on(self) -> bool:
        if self.membership is not None:
            return self.membership.reminders_on
        return getattr(self.user, USER_SWITCHES[self.what])


def subscription(token: str) -> Subscription | None:
    """What `token` names, if it is one of ours and names a learner (and class) still there."""
    try:
        user_id, what, classroom_id = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    User = get_user_model()
    if what in USER_SWITCHES and classroom_id is None:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        return user and Subscription(user, what)
    if what == CLASS_REMINDERS:
        membership = (
            Membership.objects.filter(user_id=user_id, classroom_id=classroom_id)
            .select_related("user", "classroom__course")
            .first()
        )
        return membership and Subscription(membership.user, what, membership)
    return None


@transaction.atomic
def stop_reminders(*, subscription: Subscription) -> None:
    if subscription.membership is not None:
        Membership.objects.filter(pk=subscription.membership.pk).update(reminders_on=False)
    else:
        get_user_model().objects.filter(pk=subscription.user.pk).update(
            **{USER_SWITCHES[subscription.what]: False}
        )


@csrf_exempt  # only for the one-click POST: every other request goes through `_page`
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = subscription(token)
    if found is None:
        return render(request, "classrooms/unsubscribe_invalid.html", status=400)
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == ONE_CLICK:
        stop_reminders(subscription=found)
        return render(request, "classrooms/unsubscribe_done.html", {"found": found})
    return _page(request, found)


@csrf_protect
def _page(request, found: Subscription):
    if request.method == "POST":
        stop_reminders(subscription=found)
        return render(request, "classrooms/unsubscribe_done.html", {"found": found})
    return render(request, "classrooms/unsubscribe.html", {"found": found})


app_name = "unsubscribe"
urlpatterns = [path("<str:token>/", unsubscribe, name="unsubscribe")]
