"""Every report runs the same number of SQL queries for 3 learners and for 40."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import build_course
from tests.reports.helpers import complete, graded_quiz, learners_in, submit

SIZES = (3, 40)
BUDGET = 17  # the admin's own included: session, user, and the sidebar's two permission reads
# The first view of a course report also stores its figures (for this period, and as the latest)
# and marks them being computed, in the cache: in the tests' database cache, a write is four
# queries (count, cull, read, insert).
FIRST_VIEW_BUDGET = 36


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def _course_with(learners: int, instructor):
    """A course of 3 modules x 3 lessons and a quiz, where each learner has done something
    different: lessons completed, a quiz attempt submitted, passed or not."""
    course = build_course(modules=3, lessons_per_module=3)
    course.instructors.add(instructor)
    quiz, greeting, kidoku, manners = graded_quiz(course.modules.first())
    lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    for n, user in enumerate(learners_in(course, [f"Learner {n}" for n in range(learners)])):
        complete(user, lessons[: n % len(lessons)])
        picks = {greeting: ["Bow", "Wave"][n % 2], kidoku: "True", manners: {"Reply"}}
        submit(user, quiz, picks)
    return course, quiz


def _measure(client, instructor, learners: int, committed) -> dict[str, int]:
    course, quiz = _course_with(learners, instructor)
    committed()  # the course and the learners' work were made by earlier requests
    course_url = reverse("reports:course", kwargs={"course_id": course.pk})
    csv_url = reverse("reports:course_learners_csv", kwargs={"course_id": course.pk})
    first_views = {
        "course": _count(client, course_url),
        "course by progress": _count(client, course_url + "?order=progress"),
    }
    return first_views, {
        "index": _count(client, reverse("reports:index")),
        "course": _count(client, course_url),
        "course by progress": _count(client, course_url + "?order=progress"),
        "learners CSV": _count(client, csv_url),
        "quiz": _count(client, reverse("reports:quiz", kwargs={"quiz_id": quiz.pk})),
    }


def test_reports_cost_the_same_queries_for_3_or_40_learners(sensei_client, sensei, committed):
    for _ in range(2):  # an instructor back in the admin: a CSRF cookie, then the site's version
        sensei_client.get(reverse("reports:index"))
    (small_first, small), (large_first, large) = (
        _measure(sensei_client, sensei, size, committed) for size in SIZES
    )

    assert small == large
    assert max(small.values()) <= BUDGET, small
    assert small_first == large_first
    assert max(small_first.values()) <= FIRST_VIEW_BUDGET, small_first
