"""Instructors' reports, in the admin: the courses a user teaches, a course, a quiz.

urls.py wraps every view in `admin.site.admin_view` (staff only, else the admin's sign-in).
Each view then looks its course up among `Course.objects.taught_by(request.user)`, so an
instructor asking for another course's report gets a 404, as if it did not exist.
"""

import csv
import hashlib
import time
from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.core.cache import caches
from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from jsnlearn.classrooms import standing as standings
from jsnlearn.classrooms.models import Classroom, class_due_dates
from jsnlearn.pagecache import kept_page
from jsnlearn.reports import figures, item_analysis
from lessons.models import Course
from quizzes.models import Quiz

LEARNERS_PER_PAGE = 50
# A course's figures are aggregates over every learner's work (seconds with thousands of
# learners), so they are computed at most once a minute per page of the report; an edit of the
# course's content starts afresh at once (the key holds its version).
REPORT_SECONDS = 60
# The course report's sections, in order: each a template given the report's context.
REPORT_SECTIONS = [
    "admin/reports/course/modules.html",
    "admin/reports/course/quizzes.html",
    "admin/reports/course/most_missed.html",
    "admin/reports/course/learners.html",
]
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class LearnerTableForm(forms.Form):
    order = forms.ChoiceField(
        choices=[(key, key) for key in figures.LEARNER_ORDERS],
        required=False,
    )
    page = forms.IntegerField(min_value=1, required=False)

    def read(self) -> tuple[str, int]:
        """The order and page asked for; BadRequest (400) for anything a link could not send."""
        if not self.is_valid():
            raise BadRequest("Unknown order or page.")
        return self.cleaned_data["order"] or "active", self.cleaned_data["page"] or 1


def _page(request, title: str, template: str, **context):
    context = {**_admin_layout(request), "title": title, **context}
    return render(request, f"admin/reports/{template}", context)


def _admin_layout(request) -> dict:
    """What the admin's layout needs (`AdminSite.each_context`) but its sidebar of every
    model: a report is reached from the reports' index and left by its breadcrumbs, and the
    sidebar's list of apps costs two permission queries and a third of a report's time."""
    site = admin.site
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": site.site_url,
        "has_permission": site.has_permission(request),
        "available_apps": [],
        "is_popup": False,
        "is_nav_sidebar_enabled": False,
    }


def _course(request, course_id: int) -> Course:
    return get_object_or_404(figures.taught_courses(request.user), pk=course_id)


@require_safe
def index(request):
    courses = figures.taught_courses(request.user)
    return _page(request, "Reports", "index.html", courses=courses)


@require_safe
def course_report(request, course_id: int):
    course = _course(request, course_id)
    order, number = LearnerTableForm(request.GET).read()

    def page():
        report = _shared_report(request, course, order, number)
        title = f"Report: {course.title}"
        return _page(request, title, "course.html", course=course, report=report)

    versions = (course.pk, course.content_version)
    return kept_page(request, page, versions=versions, period=REPORT_SECONDS)


def _shared_report(request, course, order: str, number: int) -> str:
    """The report's tables, rendered (see `_once_a_period`)."""
    key = f"report:{course.pk}:{course.content_version}:{order}:{number}"
    return _once_a_period(key, lambda: _report(request, course, order, number))


def _once_a_period(latest: str, compute):
    """`compute()`, worked out at most once a period whoever asks, and afresh after an edit of
    the course (`latest` holds its version). While one request computes a period's figures,
    the others show the last ones. Kept in the shared cache: without it (down, flushed), each
    request computes them."""
    cache = caches["figures"]
    fresh = f"{latest}:{int(time.time() // REPORT_SECONDS)}"
    value = cache.get(fresh)
    if value is None:
        computing = not cache.add(f"{fresh}:computing", True, REPORT_SECONDS)
        value = cache.get(latest) if computing else None
        if value is None:
            value = compute()
            cache.set(fresh, value, REPORT_SECONDS)
            cache.set(latest, value, 10 * REPORT_SECONDS)
    return value


def _report(request, course, order: str, number: int) -> str:
    """The report's figures and tables, rendered; 404 for a page of learners there is not."""
    outline = figures.outline(course)
    paginator = Paginator(figures.learners(course, outline, order), LEARNERS_PER_PAGE)
    paginator.count = course.enrolled  # counted already, by `taught_courses`
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise Http404("There is no such page of learners.") from None
    context = {
        "course": course,
        "outline": outline,
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number),
        "order": order,
        "report_seconds": REPORT_SECONDS,
        "modules": figures.module_completion(course, outline),
        "rows": figures.learner_rows(page, outline),
        "quizzes": figures.quiz_rows(outline),
        "missed": figures.most_missed(outline),
        "as_of": timezone.now(),
        "sections": REPORT_SECTIONS,
    }
    return render_to_string("admin/reports/course.html#report", context, request)


def csv_cell(value):
    """A value as a CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    """A CSV download and its writer. UTF-8 with a byte order mark, so spreadsheets read
    Japanese names right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, csv.writer(response)


CSV_HEADER = [
    "Learner",
    "Email",
    "Progress (%)",
    "Items done",
    "Items",
    "Module",
    "Working on",
    "Last active",
    "Enrolled",
]


@require_safe
def course_learners_csv(request, course_id: int):
    """Every learner of the course, one row each, in the table's order."""
    course = _course(request, course_id)
    order, _ = LearnerTableForm(request.GET).read()
    outline = figures.outline(course)
    rows = figures.learner_rows(figures.learners(course, outline, order), outline)
    stamp = timezone.localdate().isoformat()
    response, writer = csv_response(f"{course.slug}-learners-{stamp}.csv")
    writer.writerow(CSV_HEADER)
    for row in rows:
        module = row.on.module.module.title if row.on else ""
        cells = [row.name, row.email, row.percent, row.done, row.total, module, row.working_on]
        last_active = timezone.localtime(row.last_active).strftime("%Y-%m-%d %H:%M")
        cells += [last_active, timezone.localdate(row.enrolled)]
        writer.writerow([csv_cell(cell) for cell in cells])
    return response


@require_safe
def quiz_report(request, quiz_id: int):
    quiz = _taught_quiz(request, quiz_id)
    return _page(
        request,
        f"Report: {quiz.title}",
        "quiz.html",
        quiz=quiz,
        course=quiz.module.course,
        summary=figures.quiz_summary(quiz),
        questions=figures.question_reports(quiz),
    )


class SelectionForm(forms.Form):
    attempts = forms.ChoiceField(
        label="Count",
        choices=list(figures.SELECTIONS.items()),
        required=False,
    )

    def read(self) -> str:
        """The attempts to count; BadRequest (400) for anything the form could not send."""
        if not self.is_valid():
            raise BadRequest("Unknown choice of attempts.")
        return self.cleaned_data["attempts"] or "first"


def _taught_quiz(request, quiz_id: int) -> Quiz:
    return get_object_or_404(
        Quiz.objects.select_related("module__course"),
        pk=quiz_id,
        module__course__in=Course.objects.taught_by(request.user),
    )


def _statistics(quiz, selection: str) -> figures.QuizStatistics:
    """The quiz's statistics, computed at most once a period (as a course's report) for each
    choice of attempts, and afresh after an edit of the course's content."""
    course = quiz.module.course
    key = f"statistics:{quiz.pk}:{course.content_version}:{selection}"
    return _once_a_period(key, lambda: figures.quiz_statistics(quiz, selection))


@require_safe
def quiz_statistics(request, quiz_id: int):
    quiz = _taught_quiz(request, quiz_id)
    form = SelectionForm(request.GET)
    selection = form.read()
    course = quiz.module.course

    def page():
        body = _once_a_period(
            f"statistics-page:{quiz.pk}:{course.content_version}:{selection}",
            lambda: _statistics_body(request, quiz, form, selection),
        )
        return _page(
            request,
            f"Statistics: {quiz.title}",
            "statistics.html",
            body=body,
            quiz=quiz,
            course=course,
        )

    versions = (course.pk, course.content_version)
    return kept_page(request, page, versions=versions, period=REPORT_SECONDS)


def _statistics_body(request, quiz, form, selection: str) -> str:
    """The statistics, rendered: shared by every instructor of the course for the period."""
    context = {
        "quiz": quiz,
        "form": form,
        "stats": _statistics(quiz, selection),
        "report_seconds": REPORT_SECONDS,
        "thresholds": {
            "few": item_analysis.FEW_ATTEMPTS,
            "hard": item_analysis.TOO_HARD,
            "easy": item_analysis.TOO_EASY,
            "weak": item_analysis.WEAK_DISCRIMINATION,
            "upper": round(100 * item_analysis.UPPER_GROUP),
        },
    }
    return render_to_string("admin/reports/statistics.html#statistics", context, request)


STATISTICS_HEADER = [
    "Question",
    "Option",
    "Text",
    "Kind",
    "Correct",
    "Facility index (%)",
    "Standard deviation (%)",
    "Discrimination index (%)",
    "Discriminative efficiency (%)",
    "Picked (%)",
    "Point-biserial (%)",
    "Flags",
]


def _figure(value):
    return "" if value is None else round(value, 2)


@require_safe
def quiz_statistics_csv(request, quiz_id: int):
    """The statistics page's figures as a spreadsheet: a row per question, then one per option
    of a choice question; the quiz's own figures in the first rows."""
    quiz = _taught_quiz(request, quiz_id)
    selection = SelectionForm(request.GET).read()
    stats = _statistics(quiz, selection)
    quiz_figures = stats.figures
    stamp = timezone.localdate().isoformat()
    name = f"{quiz.module.course.slug}-{quiz.slug}-statistics-{selection}-{stamp}.csv"
    response, writer = csv_response(name)
    writer.writerow(
        [
            "Quiz",
            "Attempts counted",
            "Mean (%)",
            "Median (%)",
            "Standard deviation (%)",
            "Cronbach's alpha",
            "Standard error (%)",
        ]
    )
    writer.writerow(
        [
            csv_cell(cell)
            for cell in [
                f"{quiz.title} ({stats.selection_label.lower()})",
                quiz_figures.attempts,
                _figure(quiz_figures.mean),
                _figure(quiz_figures.median),
                _figure(quiz_figures.sd),
                "" if quiz_figures.alpha is None else round(quiz_figures.alpha, 4),
                _figure(quiz_figures.sem),
            ]
        ]
    )
    writer.writerow([])
    writer.writerow(STATISTICS_HEADER)
    for row in stats.questions:
        item = row.figures
        kind = row.question.get_kind_display()
        if item is None:
            writer.writerow([csv_cell(c) for c in [row.number, "", row.prompt, kind]])
            continue
        cells = [
            row.number,
            "",
            row.prompt,
            kind,
            "",
            _figure(item.facility),
            _figure(item.sd),
            _figure(item.discrimination),
            _figure(item.efficiency),
            "",
            "",
            " ".join(item.flags),
        ]
        writer.writerow([csv_cell(cell) for cell in cells])
        for option in row.options:
            cells = [
                row.number,
                option.letter,
                option.choice.text,
                "",
                "yes" if option.figures.correct else "no",
                "",
                "",
                "",
                "",
                _figure(option.figures.picked_percent),
                _figure(option.figures.point_biserial),
                "",
            ]
            writer.writerow([csv_cell(cell) for cell in cells])
    return response


# --- A class ----------------------------------------------------------------------------------

MEMBERS_PER_PAGE = 50


class ClassTableForm(forms.Form):
    sort = forms.CharField(required=False, max_length=40)
    page = forms.IntegerField(min_value=1, max_value=999_999, required=False)

    def read(self) -> tuple[str, int]:
        """The order and page asked for. Anything else is ignored (the most urgent first, page
        1): an order is a way of looking at the same table, never a wrong request."""
        self.is_valid()
        found = self.cleaned_data
        return standings.spelled_sort(found.get("sort")), found.get("page") or 1


def _classroom(request, classroom_id: int) -> Classroom:
    """A class `request.user` runs (any, for a superuser), with its course."""
    return get_object_or_404(
        Classroom.objects.taught_by(request.user).select_related("course"), pk=classroom_id
    )


def _class_versions(classroom, due_dates) -> str:
    """What a class's standing is worked out from, but its members' work: the course's content,
    who is a member and the due dates. A member's work shows within a period
    (`_once_a_period`), as on a course's report."""
    read = (
        classroom.course.content_version,
        classroom.members_version,
        [(d.pk, d.module_id, d.quiz_id, d.opens, d.due) for d in due_dates],
    )
    return hashlib.sha256(repr(read).encode()).hexdigest()[:20]


class ClassReadings:
    """A class's due dates, read with every request, and its standing, read from the shared
    cache (worked out at most once a period, as a course's figures) when first asked for."""

    def __init__(self, classroom):
        self.classroom = classroom
        self.due_dates = class_due_dates(classroom)
        self.versions = _class_versions(classroom, self.due_dates)

    @cached_property
    def standing(self) -> standings.ClassStanding:
        classroom, due_dates = self.classroom, self.due_dates
        return _once_a_period(
            f"class:{classroom.pk}:{self.versions}",
            lambda: standings.class_standing(classroom, now=timezone.now(), due_dates=due_dates),
        )


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sorted: str = ""  # "ascending", "descending" or "" (the table is not sorted by it)

    @property
    def quiz(self) -> bool:
        return self.key.startswith("quiz-")

    @property
    def link(self) -> str:
        """The `?sort=` a click asks for: the other way round, if sorted by it already."""
        if self.sorted:
            return self.key if self.sorted == "descending" else f"-{self.key}"
        return standings.first_click(self.key)


def _columns(standing, key: str, descending: bool, zone: str) -> list[Column]:
    named = [
        ("name", "Name"),
        ("email", "Email"),
        ("progress", "Progress"),
        ("on", "Working on"),
        ("status", "Status"),
        ("active", f"Last active ({zone})"),
    ]
    named += [
        (standings.quiz_sort_key(column.quiz_id), column.title) for column in standing.due_quizzes
    ]
    direction = "descending" if descending else "ascending"
    return [Column(name, label, direction if name == key else "") for name, label in named]


def _scores(member, standing) -> list:
    """(score or None, column) for each quiz column of the report."""
    return list(zip(member.scores_in(standing.due_quizzes), standing.due_quizzes, strict=True))


def _invitation_url(request, classroom) -> str:
    return request.build_absolute_uri(classroom.join_path)


@require_safe
def classroom_report(request, classroom_id: int):
    """Every member of a class: progress, what they are on, whether they keep up with the due
    dates, when last active (in the viewer's time zone), their best scores at the quizzes due;
    sorted by any column (`?sort=`; anything else sorts by status), a page of them at a time.
    The report's body is rendered at most once a period for each order, page and time zone,
    and shared by the class's instructors: reading thousands of members' standing costs more
    than the rest of the page."""
    classroom = _classroom(request, classroom_id)
    readings = ClassReadings(classroom)
    sort, number = ClassTableForm(request.GET).read()
    zone = timezone.get_current_timezone_name()

    def page():
        key = f"class-report:{classroom.pk}:{readings.versions}:{sort}:{number}:{zone}"
        body = _once_a_period(key, lambda: _class_body(request, readings, sort, number, zone))
        return _page(
            request,
            f"Class report: {classroom.name}",
            "classroom.html",
            classroom=classroom,
            course=classroom.course,
            body=body,
        )

    versions = (classroom.pk, readings.versions)
    return kept_page(request, page, versions=versions, period=REPORT_SECONDS)


def _class_body(request, readings, sort: str, number: int, zone: str) -> str:
    classroom, standing = readings.classroom, readings.standing
    key, descending = standings.read_sort(sort, standing)
    members = standings.sorted_members(standing, key, descending)
    shown = Paginator(members, MEMBERS_PER_PAGE).get_page(number)
    context = {
        "classroom": classroom,
        "course": classroom.course,
        "standing": standing,
        "page": shown,
        "page_range": shown.paginator.get_elided_page_range(shown.number),
        "sort": f"-{key}" if descending else key,
        "rows": [(member, _scores(member, standing)) for member in shown],
        "columns": _columns(standing, key, descending, zone),
        "zone": zone,
        "behind_days": standings.BEHIND_DAYS,
        "report_seconds": REPORT_SECONDS,
        "invitation_url": "" if standing.members else _invitation_url(request, classroom),
    }
    return render_to_string("admin/reports/classroom.html#report", context, request)


@require_safe
def classroom_csv(request, classroom_id: int):
    """Every member of the class, one row each, in the report's order; times in the viewer's
    time zone."""
    classroom = _classroom(request, classroom_id)
    standing = ClassReadings(classroom).standing
    sort, _ = ClassTableForm(request.GET).read()
    key, descending = standings.read_sort(sort, standing)
    stamp = timezone.localdate().isoformat()
    response, writer = csv_response(f"class-{classroom.pk}-members-{stamp}.csv")
    zone = timezone.get_current_timezone_name()
    header = [
        "Name",
        "Email",
        "Progress (%)",
        "Items done",
        "Items",
        "Working on",
        "Status",
        "Overdue",
        f"Due in the next {standings.BEHIND_DAYS} days",
        f"Last active ({zone})",
        f"Joined ({zone})",
    ]
    header += [f"Best score (%): {column.title}" for column in standing.due_quizzes]
    writer.writerow([csv_cell(cell) for cell in header])
    for member in standings.sorted_members(standing, key, descending):
        cells = [
            member.name,
            member.email,
            member.percent,
            member.done,
            member.total,
            member.working_on,
            member.status,
            "; ".join(due.title for due in member.overdue),
            "; ".join(due.title for due in member.behind),
            _local(member.last_active),
            _local(member.joined),
        ]
        for column in standing.due_quizzes:
            score = member.scores.get(column.quiz_id)
            cells.append("" if score is None else score.best)
        writer.writerow([csv_cell(cell) for cell in cells])
    return response


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
