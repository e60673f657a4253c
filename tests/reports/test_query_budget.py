"""Every report runs the same number of SQL queries for 3 learners and for 40."""

import pytest
from django.urls import reverse

from quizzes.grading import Kind
from tests.factories import add_question, build_course
from tests.helpers import answer_in_queries
from tests.reports.helpers import complete, graded_quiz, learners_in, submit

SIZES = (3, 40)
# Every admin page reads the session and the user (the reports leave out the admin's sidebar
# and the two permission sets it reads). A course report reads the course (within the instructor's
# scope); its figures are computed once a period (the outline, enrollments, completions,
# attempts, responses...) and kept for the session until then; the certificates issued are
# read with the page (one query), not with the figures.
QUERIES = {
    "index": 3,
    "course, figures computed": 15,
    "course, seen again": 3,
    "course by progress, figures computed": 12,  # the outline is in memory by then
    "learners CSV": 6,
    "quiz": 10,
    # The quiz (within the instructor's scope); its statistics are computed once a period (the
    # questions, their options, the submitted attempts, their responses) and kept for the
    # session until then.
    "statistics, figures computed": 7,
    "statistics, seen again": 3,
    "statistics of best attempts, figures computed": 7,
    "statistics CSV, figures kept": 3,
}


def _course_with(learners: int, instructor):
    """A course of 3 modules x 3 lessons and a quiz, where each learner has done something
    different: lessons completed, a quiz attempt submitted, passed or not."""
    course = build_course(modules=3, lessons_per_module=3)
    course.instructors.add(instructor)
    quiz, greeting, kidoku, manners = graded_quiz(course.modules.first())
    typed = add_question(quiz, Kind.SHORT_TEXT, "Which app?", [("LINE", True, "", "")], position=4)
    lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    for n, user in enumerate(learners_in(course, [f"Learner {n}" for n in range(learners)])):
        complete(user, lessons[: n % len(lessons)])
        picks = {greeting: ["Bow", "Wave"][n % 2], kidoku: "True", manners: {"Reply"}}
        submit(user, quiz, {**picks, typed: f"App {n % 7}"})
        if n % 3 == 0:  # some learners try again
            submit(user, quiz, {**picks, typed: "LINE"})
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
    statistics_url = reverse("reports:quiz_statistics", kwargs={"quiz_id": quiz.pk})
    answer("statistics, figures computed", statistics_url)
    answer("statistics, seen again", statistics_url)
    answer("statistics of best attempts, figures computed", statistics_url + "?attempts=best")
    csv_statistics = reverse("reports:quiz_statistics_csv", kwargs={"quiz_id": quiz.pk})
    answer("statistics CSV, figures kept", csv_statistics)
