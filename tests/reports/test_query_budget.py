"""Every report runs the same number of SQL queries for 3 learners and for 40."""

import pytest
from django.urls import reverse

from tests.factories import build_course
from tests.helpers import answer_in_queries
from tests.reports.helpers import complete, graded_quiz, learners_in, submit

SIZES = (3, 40)
# Every admin page reads the session and the user; those drawn in the admin's layout also its
# sidebar's two permission sets. A course report reads the course (within the instructor's
# scope); its figures are computed once a period (the outline, enrollments, completions,
# attempts, responses...) and kept for the session until then; the certificates issued are
# read with the page (one query), not with the figures.
QUERIES = {
    "index": 5,
    "course, figures computed": 17,
    "course, seen again": 3,
    "course by progress, figures computed": 14,  # the outline is in memory by then
    "learners CSV": 6,
    "quiz": 11,
}


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


@pytest.mark.parametrize("learners", SIZES)
def test_reports_cost_the_same_queries_for_3_or_40_learners(
    sensei_client, sensei, django_assert_num_queries, learners
):
    def answer(step, url):
        return answer_in_queries(django_assert_num_queries, QUERIES[step], sensei_client, url)

    sensei_client.get(reverse("reports:index"))  # an instructor back in the admin
    course, quiz = _course_with(learners, sensei)
    course_url = reverse("reports:course", kwargs={"course_id": course.pk})
    csv_url = reverse("reports:course_learners_csv", kwargs={"course_id": course.pk})

    answer("index", reverse("reports:index"))
    answer("course, figures computed", course_url)
    answer("course, seen again", course_url)
    answer("course by progress, figures computed", course_url + "?order=progress")
    answer("learners CSV", csv_url)
    answer("quiz", reverse("reports:quiz", kwargs={"quiz_id": quiz.pk}))
