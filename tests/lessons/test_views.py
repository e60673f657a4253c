"""The learner's pages and the two progress actions, as a browser without JavaScript sees them."""

import re
from html import unescape
from itertools import pairwise

import pytest
from django.test import Client

from lessons.models import Enrollment, LessonCompletion
from tests.accounts.helpers import sign_in
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LessonCompletionFactory,
    LessonFactory,
    ModuleFactory,
    UserFactory,
    content_edited,
)
from tests.helpers import text
from tests.lessons.helpers import (
    COURSE,
    LESSON_1_1,
    LESSON_1_2,
    LESSON_2_1,
    LESSON_2_2,
    complete_url,
    progress_values,
)

# ---- Catalog ----


def test_the_catalog_lists_published_courses_with_their_size(client, course):
    CourseFactory(title="A draft course", is_published=False)
    LessonFactory(module=course.modules.first(), is_published=False)

    response = client.get("/courses/")

    assert response.status_code == 200
    page = text(response)
    assert "Social networking in Japan" in page
    assert "2 modules · 4 lessons · about 20 min" in page
    assert "A draft course" not in page
    assert progress_values(response) == []  # not enrolled: no progress bar


def test_the_catalog_shows_the_learners_progress_where_enrolled(learner_client, learner, lessons):
    LessonCompletionFactory(user=learner, lesson=lessons[0])
    EnrollmentFactory(user=learner, course=lessons[0].module.course)

    response = learner_client.get("/courses/")

    assert progress_values(response) == [25]
    assert "25% · 1 of 4 done · 3 lessons left in this course" in text(response)
    assert f'href="{LESSON_1_2}">Continue: Lesson 1.2' in response.content.decode()


def test_an_empty_catalog_says_so(client, db):
    assert "No course is published yet" in text(client.get("/courses/"))


# ---- Course outline ----


def test_the_outline_shows_modules_lessons_status_and_progress(learner_client, learner, lessons):
    LessonCompletionFactory(user=learner, lesson=lessons[0])

    response = learner_client.get(COURSE)

    page = text(response)
    assert response.status_code == 200
    assert page.index("Module 1") < page.index("Lesson 1.1") < page.index("Module 2")
    assert "Lesson 1.1 5 min · Done" in page
    assert "Lesson 1.2 5 min · Not started" in page
    assert progress_values(response) == [25, 50, 0]  # course, module 1, module 2
    assert "1 lesson left in this module" in page
    assert "Not started · 0 of 2 done" in page  # module 2, closed
    assert f'href="{LESSON_1_2}">Continue' in response.content.decode()


def test_the_outline_opens_the_module_in_progress_and_lists_only_its_items(
    learner_client, learner, lessons
):
    for lesson in lessons[:3]:
        LessonCompletionFactory(user=learner, lesson=lesson)

    response = learner_client.get(COURSE)

    page, html = text(response), response.content.decode()
    assert "Done · 2 of 2 done" in page  # module 1, closed: only its figures
    assert "Lesson 1.1" not in page
    assert 'href="?module=m1#module-m1"' in html
    assert "Lesson 2.1 5 min · Done" in page
    assert "Lesson 2.2 5 min · Not started" in page
    assert 'href="?module=m2' not in html  # the open module is no link to itself


def test_another_module_is_a_tap_away_and_an_unknown_one_opens_the_current(learner_client, lessons):
    opened = text(learner_client.get(COURSE + "?module=m2"))
    unknown = learner_client.get(COURSE + "?module=nope")

    assert "Lesson 2.1 5 min · Not started" in opened
    assert "Lesson 1.1" not in opened
    assert unknown.status_code == 200
    assert "Lesson 1.1 5 min · Not started" in text(unknown)


def test_a_visitor_sees_start_and_an_invitation_to_sign_in(client, course):
    response = client.get(COURSE)

    html = response.content.decode()
    assert f'href="{LESSON_1_1}">Start' in html
    assert "to save your progress" in text(response)
    assert f"/accounts/login/?next={COURSE}" in html
    assert "Enroll" not in text(response)


def test_a_finished_course_offers_a_review(learner_client, learner, lessons):
    for lesson in lessons:
        LessonCompletionFactory(user=learner, lesson=lesson)

    page = text(learner_client.get(COURSE))

    assert "You've completed this course." in page
    assert "Continue" not in page


def test_a_learner_enrolls_with_the_enroll_button_and_sees_it(learner_client, learner, course):
    assert "Enroll" in text(learner_client.get(COURSE))

    response = learner_client.post(COURSE + "enroll/", follow=True)

    assert Enrollment.objects.filter(user=learner, course=course).exists()
    page = text(response)
    assert "You're enrolled in Social networking in Japan" in page
    assert "You're enrolled: this course is on your dashboard" in page
    assert "Social networking in Japan" in text(learner_client.get("/dashboard/"))


def test_enrolling_twice_keeps_one_enrollment(learner_client, learner, course):
    learner_client.post(COURSE + "enroll/")
    learner_client.post(COURSE + "enroll/")

    assert Enrollment.objects.filter(user=learner).count() == 1


def test_enrolling_needs_an_account_and_a_post(client, course):
    response = client.post(COURSE + "enroll/")

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={COURSE}"
    assert client.get(COURSE + "enroll/").status_code == 405
    assert not Enrollment.objects.exists()


# ---- Lesson ----


def test_the_lesson_page_has_breadcrumbs_minutes_body_and_neighbours(client, lessons):
    response = client.get(LESSON_1_2)

    html = response.content.decode()
    page = text(response)
    assert response.status_code == 200
    assert "Courses Social networking in Japan Module 1 Lesson 1.2" in page
    assert "<h1" in html
    assert "Lesson 1.2" in page
    assert "5 min read" in page
    assert "<h2>What to do</h2>" in html
    # Previous and next cross the module boundary.
    assert f'href="{LESSON_1_1}"' in html
    assert f'href="{LESSON_2_1}"' in html


@pytest.mark.parametrize("path", [LESSON_1_1, LESSON_1_2])  # with and without the module's start
def test_a_lessons_headings_go_down_one_level_at_a_time(learner_client, lessons, path):
    html = learner_client.get(path).content.decode()

    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels


def test_a_modules_objectives_show_in_the_outline_and_at_its_start_as_plain_text(
    client, course, lessons
):
    module = course.modules.get(slug="m1")
    module.objectives = "explain what a <b>meishi</b> is\nexchange cards in the right order"
    module.save()
    content_edited(course)

    outline = client.get(COURSE)
    first, second, next_module = (client.get(url) for url in (LESSON_1_1, LESSON_1_2, LESSON_2_1))

    expected = (
        "After this module you can: explain what a <b>meishi</b> is "
        "exchange cards in the right order"
    )
    assert expected in text(outline)
    assert "&lt;b&gt;meishi&lt;/b&gt;" in outline.content.decode()
    assert f"This module: Module 1 {expected}" in text(first)
    assert "After this module you can" not in text(second)
    assert "After this module you can" not in text(next_module)  # module 2 has none


def test_a_visitor_reads_a_lesson_and_is_invited_to_sign_in_to_track_it(client, lessons):
    response = client.get(LESSON_1_1)

    assert "Complete and continue" not in text(response)
    assert f"/accounts/login/?next={LESSON_1_1}" in response.content.decode()


def test_the_lesson_offers_both_completion_buttons_in_a_csrf_protected_form(
    learner_client, lessons
):
    html = learner_client.get(LESSON_1_1).content.decode()

    assert f'action="{complete_url(LESSON_1_1)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="continue"' in html
    assert 'value="stay"' in html


def test_completing_without_the_csrf_token_is_refused(learner, lessons):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    response = client.post(complete_url(LESSON_1_1), {"then": "stay"})

    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()


# ---- Completing lessons ----


def test_mark_complete_stays_where_the_button_was_and_enrolls_on_the_first_completion(
    learner_client, learner, lessons, course
):
    response = learner_client.post(complete_url(LESSON_1_1), {"then": "stay"}, follow=True)

    assert response.redirect_chain == [(LESSON_1_1 + "#completion", 302)]
    assert 'id="completion"' in response.content.decode()
    assert LessonCompletion.objects.filter(user=learner, lesson=lessons[0]).exists()
    assert Enrollment.objects.filter(user=learner, course=course).exists()
    page = text(response)
    assert "“Lesson 1.1” is marked complete" in page
    assert "You're enrolled in Social networking in Japan" in page
    assert "You've completed this lesson" in page
    assert "Complete and continue" not in page


def test_complete_and_continue_goes_to_the_next_unfinished_lesson(learner_client, learner, lessons):
    LessonCompletionFactory(user=learner, lesson=lessons[1])

    response = learner_client.post(complete_url(LESSON_1_1), {"then": "continue"})

    assert response.url == LESSON_2_1  # 1.2 is already done


def test_continue_goes_forward_from_the_lesson_not_back_to_the_first_gap(
    learner_client, learner, lessons
):
    # A learner who starts at module 2: Continue goes on to 2.2, not back to 1.1.
    response = learner_client.post(complete_url(LESSON_2_1), {"then": "continue"})
    assert response.url == LESSON_2_2
    assert f'href="{LESSON_2_2}">Continue: Lesson 2.2' in dashboard_html(learner_client)
    assert f'href="{LESSON_2_2}">Continue: Lesson 2.2' in course_html(learner_client)

    # At the end of the course, Continue wraps round to the earliest gap.
    response = learner_client.post(complete_url(LESSON_2_2), {"then": "continue"})
    assert response.url == LESSON_1_1
    assert f'href="{LESSON_1_1}">Continue: Lesson 1.1' in course_html(learner_client)


def test_continue_after_a_lesson_completed_earlier_goes_on_from_that_lesson(
    learner_client, learner, lessons
):
    LessonCompletionFactory(user=learner, lesson=lessons[0])  # 1.1, done again below
    LessonCompletionFactory(user=learner, lesson=lessons[2])  # 2.1, the latest

    response = learner_client.post(complete_url(LESSON_1_1), {"then": "continue"})

    assert response.url == LESSON_1_2  # not 2.2, after the latest


def dashboard_html(client) -> str:
    return client.get("/dashboard/").content.decode()


def course_html(client) -> str:
    return client.get(COURSE).content.decode()


def test_completing_the_last_lesson_returns_to_the_finished_course(
    learner_client, learner, lessons
):
    for lesson in lessons[:3]:
        LessonCompletionFactory(user=learner, lesson=lesson)

    response = learner_client.post(
        complete_url("/courses/sns-japan/m2/l2/"), {"then": "continue"}, follow=True
    )

    assert response.redirect_chain == [(COURSE, 302)]
    assert "You've completed every lesson in Social networking in Japan" in text(response)
    assert progress_values(response)[0] == 100


def test_a_double_post_leaves_one_completion_and_no_error(learner_client, learner, lessons):
    first = learner_client.post(complete_url(LESSON_1_1), {"then": "stay"})
    second = learner_client.post(complete_url(LESSON_1_1), {"then": "stay"})

    assert first.status_code == second.status_code == 302
    assert LessonCompletion.objects.filter(user=learner).count() == 1
    assert Enrollment.objects.filter(user=learner).count() == 1


def test_get_on_the_completion_url_is_405_with_a_page_that_explains(learner_client, lessons):
    response = learner_client.get(complete_url(LESSON_1_1))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "This address only takes a form" in text(response)
    assert not LessonCompletion.objects.exists()


def test_an_unknown_next_step_is_a_bad_request_and_changes_nothing(learner_client, lessons):
    response = learner_client.post(complete_url(LESSON_1_1), {"then": "../../admin"})

    assert response.status_code == 400
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize(
    "draft", ["lesson", "module", "course"], ids=["draft lesson", "draft module", "draft course"]
)
def test_unpublished_lessons_are_404_to_learners_and_cannot_be_completed(
    learner_client, lessons, draft
):
    lesson = lessons[0]
    target = {"lesson": lesson, "module": lesson.module, "course": lesson.module.course}[draft]
    target.is_published = False
    target.save()

    assert learner_client.get(LESSON_1_1).status_code == 404
    assert learner_client.post(complete_url(LESSON_1_1), {"then": "stay"}).status_code == 404
    assert not LessonCompletion.objects.exists()
    assert not Enrollment.objects.exists()


def test_anonymous_completion_goes_to_sign_in_and_comes_back_to_the_lesson(client, lessons):
    UserFactory(email="ren@example.com")

    response = client.post(complete_url(LESSON_1_1), {"then": "stay"})

    assert response.url == f"/accounts/login/?next={LESSON_1_1}"
    assert sign_in(client, "ren@example.com", path=response.url).url == LESSON_1_1
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/courses/nope/",
        "/courses/sns-japan/nope/l1/",
        "/courses/sns-japan/m1/nope/",
        "/courses/sns-japan/m2/l9/complete/",
    ],
)
def test_unknown_slugs_are_404(learner_client, lessons, path):
    method = learner_client.post if path.endswith("complete/") else learner_client.get
    assert method(path).status_code == 404


# ---- Sequential courses ----


@pytest.fixture
def sequential(course):
    course.sequential = True
    course.save()
    return course


def test_a_locked_lesson_explains_what_to_finish_first(
    learner_client, learner, lessons, sequential
):
    LessonCompletionFactory(user=learner, lesson=lessons[0])

    response = learner_client.get(LESSON_2_1)

    assert response.status_code == 403
    page = text(response)
    assert "“Lesson 2.1” isn't open yet" in page
    assert "once you finish “Module 1” (1 lesson left there)" in page
    assert f'href="{LESSON_1_2}">Go to “Lesson 1.2”' in response.content.decode()


def test_completing_a_locked_lesson_is_refused_and_changes_nothing(
    learner_client, lessons, sequential
):
    response = learner_client.post(complete_url(LESSON_2_1), {"then": "stay"})

    assert response.status_code == 403
    assert "Nothing was marked complete" in text(response)
    assert not LessonCompletion.objects.exists()
    assert not Enrollment.objects.exists()


def test_the_outline_shows_the_lock_and_its_reason(client, lessons, sequential):
    response = client.get(COURSE + "?module=m2")

    page = text(response)
    assert "Locked: finish “Module 1” first." in page
    assert "Lesson 2.1 5 min · Locked" in page
    assert f'href="{LESSON_2_1}"' not in response.content.decode()


def test_finishing_a_module_unlocks_the_next(learner_client, learner, lessons, sequential):
    for lesson in lessons[:2]:
        LessonCompletionFactory(user=learner, lesson=lesson)

    assert learner_client.get(LESSON_2_1).status_code == 200


# ---- Drafts ----


@pytest.fixture
def staff_client(client, course):
    """An instructor of the course: its authors preview its drafts."""
    instructor = UserFactory(is_staff=True)
    course.instructors.add(instructor)
    client.force_login(instructor)
    return client


def test_staff_preview_drafts_under_a_banner(staff_client, lessons):
    draft = ModuleFactory(
        course=lessons[0].module.course, slug="m3", position=3, is_published=False
    )
    LessonFactory(module=draft, slug="l1", title="Draft lesson", is_published=False)

    outline = text(staff_client.get(COURSE + "?module=m3"))
    response = staff_client.get("/courses/sns-japan/m3/l1/")

    assert "Draft lesson" in outline
    assert response.status_code == 200
    assert "Draft preview. Learners can't see this lesson until it is published." in text(response)
    assert "Complete and continue" not in text(response)


def test_drafts_are_hidden_from_learners_everywhere(learner_client, lessons):
    CourseFactory(slug="secret", title="Secret course", is_published=False)
    ModuleFactory(course=lessons[0].module.course, title="Draft module", is_published=False)

    assert learner_client.get("/courses/secret/").status_code == 404
    assert "Secret course" not in text(learner_client.get("/courses/"))
    assert "Draft module" not in text(learner_client.get(COURSE))


# ---- Dashboard ----


def test_the_dashboard_lists_my_courses_with_progress_continue_and_recent_completions(
    learner_client, learner, lessons, course
):
    LessonCompletionFactory(user=learner, lesson=lessons[0])
    EnrollmentFactory(user=learner, course=course)
    LessonCompletionFactory(lesson=lessons[1])  # someone else's

    response = learner_client.get("/dashboard/")

    page = text(response)
    assert progress_values(response) == [25]
    assert "3 lessons left in this course" in page
    assert f'href="{LESSON_1_2}">Continue' in response.content.decode()
    assert "Recently completed ✓ Lesson 1.1 Social networking in Japan" in page
    assert "Lesson 1.2 Social" not in page


def test_an_empty_dashboard_points_to_the_catalog(learner_client):
    response = learner_client.get("/dashboard/")

    assert "You haven't started a course yet" in text(response)
    assert 'href="/courses/">Browse courses' in response.content.decode()


def test_the_dashboard_needs_an_account(client, db):
    assert client.get("/dashboard/").url == "/accounts/login/?next=/dashboard/"


def test_signing_in_from_a_lesson_returns_to_it(client, lessons):
    UserFactory(email="ren@example.com")
    html = client.get(LESSON_1_1).content.decode()
    nav_link = re.search(r'href="(/accounts/login/[^"]*)">Sign in</a></li>', html).group(1)

    response = sign_in(client, "ren@example.com", path=unescape(nav_link))

    assert response.url == LESSON_1_1
