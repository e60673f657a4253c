"""Who may open which report: staff who teach the course, and superusers; anyone else gets the
admin's sign-in, or a 404 for a course or quiz they do not teach."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, build_course, build_quiz
from tests.reports.helpers import instructor_of, text_of


def report_urls(course, quiz) -> list[str]:
    return [
        reverse("reports:course", kwargs={"course_id": course.pk}),
        reverse("reports:course_learners_csv", kwargs={"course_id": course.pk}),
        reverse("reports:quiz", kwargs={"quiz_id": quiz.pk}),
        reverse("reports:quiz_statistics", kwargs={"quiz_id": quiz.pk}),
        reverse("reports:quiz_statistics_csv", kwargs={"quiz_id": quiz.pk}),
    ]


@pytest.fixture
def other_course(db):
    """Course B, with a quiz, taught by somebody else."""
    course = build_course(modules=1, lessons_per_module=1, slug="b", title="Keigo at work")
    quiz = build_quiz(module=course.modules.get(), slug="b-quiz")
    instructor_of(course, display_name="Other sensei")
    return course, quiz


def test_an_instructor_opens_the_reports_of_their_course(sensei_client, course, quiz):
    for url in report_urls(course, quiz):
        assert sensei_client.get(url).status_code == 200, url


def test_an_instructor_gets_404_for_every_report_of_a_course_they_do_not_teach(
    sensei_client, course, other_course
):
    for url in report_urls(*other_course):
        assert sensei_client.get(url).status_code == 404, url


def test_a_report_of_nothing_is_404(sensei_client):
    for number in ("999999", "9" * 30):  # the second is beyond any database integer
        assert sensei_client.get(f"/admin/reports/courses/{number}/").status_code == 404
        assert sensei_client.get(f"/admin/reports/courses/{number}/learners.csv").status_code == 404
        assert sensei_client.get(f"/admin/reports/quizzes/{number}/").status_code == 404


def test_the_index_lists_only_the_courses_the_instructor_teaches(
    sensei_client, course, other_course
):
    listed = text_of(sensei_client.get(reverse("reports:index")))

    assert "Social networking in Japan 0 Yes" in listed
    assert "Keigo at work" not in listed


def test_a_superuser_sees_every_course_and_its_reports(client, course, quiz, other_course):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listed = text_of(client.get(reverse("reports:index")))
    assert "Social networking in Japan" in listed
    assert "Keigo at work" in listed
    for url in report_urls(course, quiz) + report_urls(*other_course):
        assert client.get(url).status_code == 200, url


def test_a_visitor_is_sent_to_sign_in(client, course, quiz):
    for url in [*report_urls(course, quiz), reverse("reports:index")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login")), response.url


def test_a_learner_who_is_not_staff_is_refused_even_as_the_course_instructor(client, course, quiz):
    learner = UserFactory(display_name="Not staff")
    course.instructors.add(learner)
    client.force_login(learner)

    for url in report_urls(course, quiz):
        response = client.get(url, follow=True)
        assert response.status_code == 403, url
        assert b"Social networking in Japan" not in response.content


def test_staff_who_teach_nothing_see_an_empty_index(client, course):
    client.force_login(UserFactory(is_staff=True))

    listed = text_of(client.get(reverse("reports:index")))

    assert "You do not teach any course yet" in listed
    assert "Social networking in Japan" not in listed


def test_reports_only_answer_reads(sensei_client, course):
    response = sensei_client.post(reverse("reports:course", kwargs={"course_id": course.pk}))
    assert response.status_code == 405


def test_the_admin_links_to_the_reports_from_its_home_and_change_pages(client, course, quiz):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    home = client.get(reverse("admin:index"))
    assert text_of(home, "reports-module") == "Reports Learners' progress and quiz results"
    assert reverse("reports:index") in home.content.decode()
    # The app list is still there.
    assert "Courses" in text_of(home, "content-main")

    course_page = client.get(reverse("admin:lessons_course_change", args=[course.pk]))
    assert f'href="{reverse("reports:course", kwargs={"course_id": course.pk})}"' in (
        course_page.content.decode()
    )
    quiz_page = client.get(reverse("admin:quizzes_quiz_change", args=[quiz.pk]))
    assert f'href="{reverse("reports:quiz", kwargs={"quiz_id": quiz.pk})}"' in (
        quiz_page.content.decode()
    )
