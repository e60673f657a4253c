"""The learner's own account pages. Each acts on request.user alone: no URL names a user."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jsnlearn.accounts.data import learner_data, learner_data_summary
from jsnlearn.accounts.forms import (
    DeleteAccountForm,
    DigestEmailsForm,
    DisplayNameForm,
    ReadingsForm,
    TimeZoneForm,
)
from jsnlearn.accounts.services import delete_account
from jsnlearn.review.services import renew_review_settings


@require_http_methods(["GET", "POST"])
@login_required
def account(request):
    if request.method == "POST":
        form = DisplayNameForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, f"Your display name is now “{form.instance.display_name}”.")
            return redirect("accounts:account")
    else:
        form = DisplayNameForm(instance=request.user)
    return _account_page(request, form=form)


def _account_page(request, **forms):
    """The account page with its forms, any of them given as sent (400 if it has errors)."""
    user = request.user
    context = {
        "form": DisplayNameForm(instance=user),
        "readings_form": ReadingsForm(instance=user),
        "time_zone_form": TimeZoneForm(instance=user),
        "digest_form": DigestEmailsForm(instance=user),
        "has_providers": bool(settings.SOCIALACCOUNT_PROVIDERS),
        **forms,
    }
    status = max(status_for(form) for form in forms.values())
    return render(request, "accounts/user_detail.html", context, status=status)


@require_POST
@login_required
def readings(request):
    """Show readings (furigana) above Japanese words, or hide them until tapped; then back to
    the page the form was on (a lesson's or the account page)."""
    form = ReadingsForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _account_page(request, readings_form=form)
    form.save()
    messages.success(request, f"Saved: {form.instance.get_readings_display().lower()}.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("accounts:account")


@require_POST
@login_required
def time_zone(request):
    """The learner's time zone: their days (what review counts as today) start at its
    midnight, and their pages show its times."""
    form = TimeZoneForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _account_page(request, time_zone_form=form)
    renew_review_settings(user=form.instance, fields=["time_zone"])
    messages.success(request, f"Your time zone is now {form.instance.zone}.")
    return redirect("accounts:account")


@require_POST
@login_required
def digests(request):
    """Whether an instructor gets the weekly digest of each class they run."""
    form = DigestEmailsForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _account_page(request, digest_form=form)
    form.save()
    on = form.instance.digest_emails
    messages.success(
        request, "Weekly class digests are on." if on else "Weekly class digests are off."
    )
    return redirect("accounts:account")


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def export(request):
    response = JsonResponse(
        learner_data(user=request.user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    filename = f"jsnlearn-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def delete(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=request.user)
        if form.is_valid():
            delete_account(user=request.user)
            logout(request)
            messages.success(request, "Your account and everything in it have been deleted.")
            return redirect("home")
    else:
        form = DeleteAccountForm(user=request.user)
    context = {"form": form, "summary": learner_data_summary(user=request.user)}
    return render(request, "accounts/user_confirm_delete.html", context, status=status_for(form))


def status_for(form) -> int:
    """400 for a form sent with errors (nothing was changed), 200 otherwise."""
    return 400 if form.is_bound and form.errors else 200
