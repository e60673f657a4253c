"""Certificates: claiming one, its page, PDF and credential (its learner's only), the public
verification page, and the site's published key.

A learner's certificate is looked up among their own certificates only: anyone else's (or an id
that is no certificate) is 404, as if it did not exist. The verification page is for anyone and
shows only what the certificate itself says.
"""

import json

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jsnlearn.certificates import credential, signing
from jsnlearn.certificates.forms import ClaimForm, VisibilityForm
from jsnlearn.certificates.linkedin import add_to_profile_url
from jsnlearn.certificates.models import Certificate
from jsnlearn.certificates.pdf import certificate_pdf
from jsnlearn.certificates.services import (
    NotComplete,
    RevokedStays,
    completion,
    delete_certificate,
    is_complete,
    issue_certificate,
    set_public,
)
from lessons.models import course_at


def own_certificate(request, pk) -> Certificate:
    return get_object_or_404(Certificate, pk=pk, user=request.user)


def verify_url(request, certificate) -> str:
    return request.build_absolute_uri(certificate.get_verify_url())


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG: attributes only, no style, so the CSP holds."""
    return segno.make(url, error="m").svg_inline(
        scale=4, svgclass="certificate__qr", lineclass=None, omitsize=True, title=None
    )


@require_http_methods(["GET", "POST"])
@login_required
def claim(request, course_slug):
    """Choose and confirm the name to print, then the certificate is issued. A course not
    finished yet answers 403 with what is left; one already issued opens it."""
    course = course_at(course_slug)
    if course is None or not course.is_published:
        raise Http404("There is no such course.")
    existing = Certificate.objects.filter(user=request.user, course=course).first()
    if existing is not None:
        return redirect(existing)
    progress = completion(user=request.user, course=course)
    if not is_complete(progress):
        context = {"course": course, "progress": progress}
        return render(request, "certificates/certificate_not_yet.html", context, status=403)
    if request.method == "POST":
        form = ClaimForm(request.POST)
        if form.is_valid():
            try:
                certificate, created = issue_certificate(
                    user=request.user, course=course, printed_name=form.cleaned_data["printed_name"]
                )
            except NotComplete as refused:
                context = {"course": course, "progress": refused.progress}
                return render(request, "certificates/certificate_not_yet.html", context, status=403)
            except ValidationError as error:  # the form checked the same rules already
                form.add_error("printed_name", error)
            else:
                if created:
                    messages.success(request, "Your certificate is issued. Congratulations!")
                return redirect(certificate)
    else:
        form = ClaimForm(initial={"printed_name": request.user.display_name})
    context = {"course": course, "progress": progress, "form": form}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "certificates/certificate_claim.html", context, status=status)


@require_safe
@login_required
def detail(request, pk):
    certificate = own_certificate(request, pk)
    url = verify_url(request, certificate)
    context = {
        "certificate": certificate,
        "verify_url": url,
        "qr": qr_svg(url),
        "linkedin_url": add_to_profile_url(certificate, verify_url=url),
    }
    return render(request, "certificates/certificate_detail.html", context)


@require_safe
@login_required
def pdf(request, pk):
    certificate = own_certificate(request, pk)
    content = certificate_pdf(certificate, verify_url=verify_url(request, certificate))
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"jsnlearn-certificate-{certificate.pk}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


def _credential_urls(request, certificate) -> dict:
    host = request.get_host()
    return {
        "origin": f"{request.scheme}://{host}",
        "host": host,
        "verify_url": verify_url(request, certificate),
        "course_url": request.build_absolute_uri(certificate.course.get_absolute_url()),
    }


@require_safe
@login_required
def open_badge(request, pk):
    """The Open Badges 3.0 credential as a signed VC-JWT, to download."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("course"), pk=pk, user=request.user
    )
    if certificate.is_revoked:
        context = {"certificate": certificate}
        return render(request, "certificates/certificate_revoked.html", context, status=410)
    token = credential.signed_credential(certificate, **_credential_urls(request, certificate))
    response = HttpResponse(token, content_type="application/vc+jwt")
    filename = f"jsnlearn-open-badge-{certificate.pk}.jwt"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_POST
@login_required
def visibility(request, pk):
    certificate = own_certificate(request, pk)
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        raise BadRequest("Choose public or not public.")
    public = form.cleaned_data["public"]
    set_public(certificate=certificate, public=public)
    if public:
        messages.success(request, "Your verification page is public again.")
    else:
        messages.success(request, "Your verification page now says “not public”.")
    return redirect(certificate)


@require_http_methods(["GET", "POST"])
@login_required
def delete(request, pk):
    certificate = own_certificate(request, pk)
    if request.method == "POST":
        try:
            delete_certificate(certificate=certificate)
        except RevokedStays:
            messages.error(
                request,
                "A revoked certificate stays, so its verification page keeps saying why. "
                "You can make it not public.",
            )
            return redirect(certificate)
        messages.success(request, "Your certificate is deleted. Its link now says “not found”.")
        return redirect("accounts:account")
    context = {"certificate": certificate}
    return render(request, "certificates/certificate_confirm_delete.html", context)


@require_safe
def verify(request, pk):
    """For anyone: valid, revoked (with the date and reason), or not public. Nothing of the
    learner but what the certificate says."""
    certificate = Certificate.objects.filter(pk=pk).first()
    if certificate is None:
        response = render(request, "certificates/certificate_not_found.html", status=404)
    else:
        context = {"certificate": certificate, "verify_url": verify_url(request, certificate)}
        response = render(request, "certificates/certificate_verify.html", context)
    response["X-Robots-Tag"] = "noindex"  # a learner's name is not for search engines
    return response


@require_safe
def jwks(request):
    return JsonResponse(signing.jwks())


@require_safe
def did_document(request):
    document = signing.did_document(request.get_host())
    return HttpResponse(json.dumps(document, indent=2), content_type="application/did+json")
