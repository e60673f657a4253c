"""The admin's bundle pages: download a course as a zip, upload a zip to import a course.

Both act within what the user teaches (`Course.objects.taught_by`); creating a course takes the
`lessons.add_course` permission as well. Uploads are unpacked into a scratch folder that is
removed whatever happens (jsnlearn/bundles/archive.py).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from jsnlearn.accounts.roles import may_import_bundles
from jsnlearn.bundles.archive import scratch_folder, unpacked_bundle, zip_bundle
from jsnlearn.bundles.errors import BundleInvalid
from jsnlearn.bundles.exporter import export_course
from jsnlearn.bundles.forms import ImportForm
from jsnlearn.bundles.importer import COUNTED, ImportReport, import_bundle, read_course_slug
from lessons.models import Course


@require_GET
def export_bundle(request, course_id):
    """The course as `<slug>.zip`, for its instructors; 404 for anyone else."""
    course = get_object_or_404(Course.objects.taught_by(request.user), pk=course_id)
    with scratch_folder() as folder:
        export_course(course=course, out_dir=folder / course.slug)
        content = zip_bundle(folder / course.slug)
    return HttpResponse(
        content,
        content_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{course.slug}.zip"'},
    )


@require_http_methods(["GET", "POST"])
def import_bundle_page(request):
    """The upload form; a POST imports (or only checks) the zip and shows the report, or every
    problem with a 400, or why this user may not import that course with a 403."""
    if not may_import_bundles(request.user):
        raise PermissionDenied
    if request.method == "GET":
        return _page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        with unpacked_bundle(form.cleaned_data["bundle"]) as root:
            refusal = why_not_import(request.user, read_course_slug(root))
            if refusal:
                form.add_error(None, refusal)
                return _page(request, form, status=403)
            report = import_bundle(
                root=root,
                update=form.cleaned_data["update"],
                dry_run=form.cleaned_data["dry_run"],
                instructor=request.user,
            )
    except BundleInvalid as invalid:
        return _page(request, form, problems=invalid.problems, status=400)
    return _page(request, ImportForm(), report=report)


def why_not_import(user, slug: str) -> str | None:
    """Why `user` may not import the bundle of the course `slug`; None when they may."""
    course = Course.objects.filter(slug=slug).first()
    if course is None:
        if user.has_perm("lessons.add_course"):
            return None
        return (
            f"This bundle is a new course ({slug}), and you may only update courses you teach: "
            "ask an administrator for the “Can add course” permission."
        )
    if course.is_taught_by(user):
        return None
    return (
        f"The course “{course.title}” ({slug}) already exists and you are not one of its "
        "instructors: only they may update it."
    )


def _page(request, form, *, problems=(), report: ImportReport | None = None, status=200):
    context = {
        **admin.site.each_context(request),
        "title": "Import a course bundle",
        "opts": Course._meta,
        "form": form,
        "problems": problems,
        "report": report,
    }
    if report:
        context["columns"] = COUNTED
        context["counts"] = _counts(report)
        if not report.dry_run:
            context["course"] = Course.objects.get(slug=report.course_slug)
    return render(request, "admin/bundles/import.html", context, status=status)


def _counts(report: ImportReport) -> list[tuple[str, list[int]]]:
    """One row per kind of thing the import touched: (noun, its number in each column)."""
    counters = [getattr(report, column) for column in COUNTED]
    nouns = dict.fromkeys(noun for counter in counters for noun in counter)
    return [(noun, [counter[noun] for counter in counters]) for noun in nouns]
