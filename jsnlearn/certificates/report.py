"""Certificates in the course report: the list of those issued (the report's one section of
ours, `{% certificates_issued course %}`), and revoking one, for the course's instructors.

The list is read on every view of the report, not with its figures (computed once a minute),
so a revocation shows at once; revoking renews the instructor's work version, so their kept
copy of the report is made again (jsnlearn/pagecache.py).
"""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jsnlearn.certificates.forms import RevokeForm
from jsnlearn.certificates.models import Certificate
from jsnlearn.certificates.services import revoke_certificate
from lessons.models import Course

LISTED = 100  # the latest ones


def issued_in(course) -> dict:
    """The course's latest certificates, latest first: one query whatever their number."""
    found = list(
        Certificate.objects.filter(course=course).order_by("-issued_at", "pk")[: LISTED + 1]
    )
    return {"certificates": found[:LISTED], "more": len(found) > LISTED}


@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    certificate = get_object_or_404(
        Certificate.objects.select_related("course"),
        pk=pk,
        course__in=Course.objects.taught_by(request.user),
    )
    report_url = reverse("reports:course", kwargs={"course_id": certificate.course_id})
    if certificate.is_revoked:
        messages.info(request, "This certificate was revoked already.")
        return redirect(report_url + "#certificates")
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        revoke_certificate(
            certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"The certificate of {certificate.printed_name} is revoked.")
        return redirect(report_url + "#certificates")
    context = {
        **admin.site.each_context(request),
        "title": "Revoke a certificate",
        "certificate": certificate,
        "form": form,
        "report_url": report_url,
    }
    status = 400 if form.is_bound else 200
    return render(request, "admin/certificates/revoke.html", context, status=status)
