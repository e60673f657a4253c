"""Quizzes in course progress: the outline, Continue, sequential modules, the dashboard."""

import re

from django.utils.timezone import now

from lessons.models import Course, LessonCompletion
from lessons.progress import progress_for
from quizzes.models import Attempt
from quizzes.paper import make_layout
from tests.factories import EnrollmentFactory, build_quiz, content_edited
from tests.helpers import text
from tests.lessons.helpers import LESSON_1_2, LESSON_2_1, complete_url, progress_values
from tests.quizzes.helpers import QUIZ_URL, START_URL

MODULE_1 = "/courses/sns-japan/?module=m1"  # the outline with module 1 open


def record_attempt(learner, quiz, *, percent, passed=None):
    passed = percent >= quiz.pass_percent if passed is None else passed
    learner.renew_work_version()  # as the services do with every step of a learner's work
    return Attempt.objects.create(
        user=learner,
        quiz=quiz,
        submitted_at=now(),
        score=percent / 100 * 6,
        max_score=6,
        percent=percent,
        passed=passed,
        layout=make_layout(quiz, quiz.questions.prefetch_related("choices")),
    )


def complete(learner, lessons):
    learner.renew_work_version()
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=learner, lesson=lesson) for lesson in lessons
    )


def test_the_outline_lists_the_quiz_after_its_modules_lessons(learner_client, quiz):
    page = text(learner_client.get("/courses/sns-japan/"))

    assert "2 modules · 4 lessons and 1 quiz · about 26 min" in page
    assert re.search(r"Lesson 1\.2 .* Quiz Module 1 quiz 6 min · Not started Module 2", page)


def test_the_outline_shows_the_quiz_status_and_best_score(learner_client, learner, quiz):
    record_attempt(learner, quiz, percent=33)
    assert "Module 1 quiz 6 min · Not passed yet · best score 33%" in text(
        learner_client.get(MODULE_1)
    )

    record_attempt(learner, quiz, percent=83)
    record_attempt(learner, quiz, percent=50)
    assert "Module 1 quiz 6 min · Passed · best score 83%" in text(learner_client.get(MODULE_1))


def test_a_passed_quiz_counts_in_course_and_module_progress(learner_client, learner, quiz, lessons):
    complete(learner, lessons[:2])
    assert progress_values(learner_client.get("/courses/sns-japan/")) == [40, 66, 0]
    assert "1 quiz left in this module" in text(learner_client.get("/courses/sns-japan/"))

    record_attempt(learner, quiz, percent=100)

    page = learner_client.get("/courses/sns-japan/")
    assert progress_values(page) == [60, 100, 0]
    assert "2 lessons left in this course" in text(page)


def test_a_failed_attempt_does_not_complete_the_module(learner_client, learner, quiz, lessons):
    complete(learner, lessons[:2])
    record_attempt(learner, quiz, percent=50)

    assert progress_values(learner_client.get("/courses/sns-japan/")) == [40, 66, 0]


def test_continue_leads_to_the_quiz_once_the_modules_lessons_are_done(
    learner_client, learner, quiz, lessons
):
    complete(learner, lessons[:1])

    response = learner_client.post(complete_url(LESSON_1_2), {"then": "continue"})

    assert response.status_code == 302
    assert response.url == QUIZ_URL
    assert (
        f'href="{QUIZ_URL}">Continue: Module 1 quiz'
        in learner_client.get("/courses/sns-japan/").content.decode()
    )


def test_passing_the_quiz_offers_to_continue_with_the_next_module(learner_client, learner, quiz):
    attempt = record_attempt(learner, quiz, percent=100)

    result = text(learner_client.get(f"/attempts/{attempt.pk}/result/"))

    assert "Continue: Lesson 2.1" in result  # the next unfinished item after the quiz


def test_a_sequential_course_opens_the_next_module_only_once_the_quiz_is_passed(
    learner_client, learner, quiz, lessons
):
    course = quiz.module.course
    course.sequential = True
    course.save()
    complete(learner, lessons[:2])

    assert learner_client.get(LESSON_2_1).status_code == 403
    locked = text(learner_client.get(LESSON_2_1))
    assert "once you finish “Module 1” (1 quiz left there)" in locked
    assert "Go to “Module 1 quiz”" in locked

    record_attempt(learner, quiz, percent=50)
    assert learner_client.get(LESSON_2_1).status_code == 403

    record_attempt(learner, quiz, percent=100)
    assert learner_client.get(LESSON_2_1).status_code == 200


def test_a_quiz_in_a_locked_module_cannot_be_opened_or_started(learner_client, course, quiz):
    course.sequential = True
    course.save()
    build_quiz(module=course.modules.get(slug="m2"), slug="q2", kinds=["single"])
    locked_url = "/courses/sns-japan/m2/quiz/q2/"

    assert learner_client.get(locked_url).status_code == 403
    response = learner_client.post(locked_url + "start/")

    assert response.status_code == 403
    assert "No attempt was started" in text(response)
    assert not Attempt.objects.exists()
    assert learner_client.post(START_URL).status_code == 302  # module 1's quiz is open


def test_unpublished_quizzes_do_not_count(learner_client, learner, quiz, lessons):
    quiz.is_published = False
    quiz.save()
    complete(learner, lessons[:2])

    assert progress_values(learner_client.get("/courses/sns-japan/")) == [50, 100, 0]
    assert "Module 1 quiz" not in text(learner_client.get("/courses/sns-japan/"))


def test_the_dashboard_shows_recent_quiz_results(learner_client, learner, quiz):
    EnrollmentFactory(user=learner, course=quiz.module.course)  # starting a quiz enrolls
    record_attempt(learner, quiz, percent=50)
    passed = record_attempt(learner, quiz, percent=100)

    response = learner_client.get("/dashboard/")

    page = text(response)
    assert "Recent quiz results" in page
    assert "Module 1 quiz 100% · passed · Social networking in Japan" in page
    assert "Module 1 quiz 50% · not passed" in page
    assert f'href="/attempts/{passed.pk}/result/"' in response.content.decode()


def test_the_outline_says_when_a_quiz_is_in_progress_or_out_of_attempts(
    learner_client, learner, quiz
):
    learner_client.post(START_URL)
    assert "Module 1 quiz 6 min · In progress" in text(learner_client.get("/courses/sns-japan/"))

    Attempt.objects.update(submitted_at=now(), score=0, max_score=6, percent=0)
    learner.renew_work_version()
    quiz.max_attempts = 1
    quiz.save()
    content_edited(quiz.module.course_id)
    assert "Module 1 quiz 6 min · Not passed · best score 0%" in text(learner_client.get(MODULE_1))


def test_every_quiz_item_links_to_its_quiz_page(learner, course):
    quizzes = [
        build_quiz(module=module, slug=f"check-{module.slug}") for module in course.modules.all()
    ]
    (progress,) = progress_for([Course.objects.get(pk=course.pk)], learner)

    urls = [item.url for item in progress.items if item.noun == "quiz"]

    assert urls == [quiz.get_absolute_url() for quiz in quizzes]
