"""Due dates and open dates as members see them on the course, quiz and dashboard pages, in
their own time zone; a quiz their class has not opened yet cannot be started."""

import html
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from jsnlearn.classrooms.schedule import Due
from jsnlearn.classrooms.services import renew_classes_version
from quizzes.models import Attempt
from tests.factories import (
    ClassroomFactory,
    DueDateFactory,
    EnrollmentFactory,
    MembershipFactory,
    QuizFactory,
    UserFactory,
)
from tests.quizzes.helpers import QUIZ_URL, START_URL

pytestmark = pytest.mark.django_db
COURSE_URL = "/courses/sns-japan/"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def classroom(course):
    return ClassroomFactory(course=course, name="Tokyo onboarding")


@pytest.fixture
def member(learner, classroom):
    """A member of the class, enrolled in its course as joining makes them."""
    MembershipFactory(user=learner, classroom=classroom)
    EnrollmentFactory(user=learner, course=classroom.course)
    return learner


# ---- The words, at a fixed moment (Wednesday 10 December 2026, 10:00 in UTC) ----

NOW = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)


def words(due, *, opens=None, done=False, zone="UTC"):
    date = DueDateFactory.build(due=due, opens=opens, classroom=ClassroomFactory.build())
    with timezone.override(ZoneInfo(zone)):
        return Due(date, NOW, done).words


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (datetime(2026, 12, 12, 17, 0, tzinfo=UTC), "Due Sat 12 Dec"),
        (datetime(2026, 12, 11, 9, 0, tzinfo=UTC), "Due tomorrow"),
        (datetime(2026, 12, 10, 17, 30, tzinfo=UTC), "Due today, 17:30"),
        (datetime(2026, 12, 10, 9, 0, tzinfo=UTC), "Overdue"),
        (datetime(2026, 12, 9, 9, 0, tzinfo=UTC), "1 day overdue"),
        (datetime(2026, 12, 7, 23, 0, tzinfo=UTC), "3 days overdue"),
        (datetime(2027, 1, 8, 12, 0, tzinfo=UTC), "Due Fri 8 Jan 2027"),
    ],
)
def test_due_dates_in_words(due, expected):
    assert words(due) == expected


def test_an_item_not_yet_open_says_when_it_opens():
    opens = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)

    assert words(opens + timedelta(days=4), opens=opens) == "Opens Mon 14 Dec"


def test_a_finished_item_is_done_not_overdue():
    assert words(NOW - timedelta(days=3), done=True) == "Done · was due Mon 7 Dec"


def test_the_day_is_the_learners_own():
    # 20:00 in UTC on Friday 11 December is already Saturday 12 December, 05:00, in Tokyo.
    due = datetime(2026, 12, 11, 20, 0, tzinfo=UTC)

    assert words(due, zone="UTC") == "Due tomorrow"
    assert words(due, zone="Asia/Tokyo") == "Due Sat 12 Dec"


# ---- The course page ----


def test_members_see_a_quizs_and_a_modules_due_dates_with_the_class_name(
    learner_client, member, classroom, quiz
):
    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))
    DueDateFactory(
        classroom=classroom,
        module=quiz.module,
        due=timezone.now() - timedelta(days=3),
    )

    page = text(learner_client.get(COURSE_URL))

    assert 'Due tomorrow</time></span> <span class="due__class">Tokyo onboarding' in page
    assert '3 days overdue</time></span> <span class="due__class">Tokyo onboarding' in page
    assert "css/classes.css" in page


def test_a_learner_in_tokyo_sees_the_date_of_tokyo(client, course, classroom, quiz):
    tokyo = UserFactory(time_zone="Asia/Tokyo")
    MembershipFactory(user=tokyo, classroom=classroom)
    due = (timezone.now() + timedelta(days=20)).replace(hour=20, minute=0, second=0)
    DueDateFactory(classroom=classroom, quiz=quiz, due=due)
    client.force_login(tokyo)

    page = text(client.get(COURSE_URL))

    in_tokyo = due.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"Due {in_tokyo:%a} {in_tokyo.day} {in_tokyo:%b}" in page
    assert in_tokyo.day != due.day


def test_a_learner_in_two_classes_sees_each_date_with_its_class(
    learner_client, member, classroom, quiz
):
    evening = ClassroomFactory(course=classroom.course, name="Evening class")
    MembershipFactory(user=member, classroom=evening)
    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))
    DueDateFactory(classroom=evening, quiz=quiz, due=timezone.now() + timedelta(days=30))

    page = text(learner_client.get(COURSE_URL))

    assert 'Due tomorrow</time></span> <span class="due__class">Tokyo onboarding' in page
    assert '</time></span> <span class="due__class">Evening class' in page


def test_a_passed_quiz_shows_as_done_not_overdue(learner_client, member, classroom, quiz):
    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() - timedelta(days=3))
    Attempt.objects.create(
        user=member,
        quiz=quiz,
        submitted_at=timezone.now(),
        score=6,
        max_score=6,
        percent=100,
        passed=True,
    )
    member.renew_work_version()

    page = text(learner_client.get(COURSE_URL + "?module=m1"))

    assert "Done · was due" in page
    assert "overdue" not in page


def test_someone_not_in_the_class_sees_no_dates(client, classroom, quiz):
    DueDateFactory(classroom=classroom, quiz=quiz)
    MembershipFactory(classroom=classroom)  # someone else
    outsider = UserFactory()
    client.force_login(outsider)

    page = text(client.get(COURSE_URL))

    assert "Due " not in page
    assert 'class="dues"' not in page
    assert "classes.css" not in page


def test_a_kept_course_page_shows_a_new_due_date_and_forgets_it_on_leaving(
    learner_client, member, classroom, quiz
):
    learner_client.get("/accounts/")  # the CSRF cookie: from now on pages are kept
    assert "Due tomorrow" not in text(learner_client.get(COURSE_URL))

    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))
    assert "Due tomorrow" in text(learner_client.get(COURSE_URL))

    membership = member.memberships.get()
    learner_client.post(f"/classes/{membership.pk}/leave/")
    assert "Due tomorrow" not in text(learner_client.get(COURSE_URL))


def test_a_moved_due_date_shows_on_a_kept_page(learner_client, member, classroom, quiz):
    learner_client.get("/accounts/")
    date = DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))
    assert "Due tomorrow" in text(learner_client.get(COURSE_URL))

    date.due = timezone.now() + timedelta(days=3)
    date.save()
    renew_classes_version(classroom_ids=[classroom.pk])  # as the instructors' admin does

    page = text(learner_client.get(COURSE_URL))
    assert "Due tomorrow" not in page
    assert f"Due {timezone.localtime(date.due):%a}" in page


# ---- The quiz page and opening ----


def test_the_quiz_page_shows_its_due_date(learner_client, member, classroom, quiz):
    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))

    page = text(learner_client.get(QUIZ_URL))

    assert 'Due tomorrow</time></span> <span class="due__class">Tokyo onboarding' in page
    assert "Start the quiz" in page


def test_a_quiz_not_yet_open_says_when_and_cannot_be_started(
    learner_client, member, classroom, quiz
):
    opens = timezone.now() + timedelta(days=2)
    DueDateFactory(classroom=classroom, quiz=quiz, opens=opens, due=opens + timedelta(days=5))

    page = text(learner_client.get(QUIZ_URL))
    response = learner_client.post(START_URL)

    local = timezone.localtime(opens)
    assert f"Opens {local:%a} {local.day} {local:%b}" in page
    assert "Your class opens this quiz on" in page
    assert "Start the quiz" not in page
    assert response.status_code == 403
    assert "Your class opens this quiz on" in text(response)
    assert not Attempt.objects.exists()


def test_a_modules_open_date_holds_its_quiz_back(learner_client, member, classroom, quiz):
    opens = timezone.now() + timedelta(hours=5)
    DueDateFactory(
        classroom=classroom, module=quiz.module, opens=opens, due=opens + timedelta(days=5)
    )

    assert learner_client.post(START_URL).status_code == 403
    assert not Attempt.objects.exists()


def test_a_quiz_opens_at_its_open_date(learner_client, member, classroom, quiz):
    opened = timezone.now() - timedelta(minutes=1)
    DueDateFactory(classroom=classroom, quiz=quiz, opens=opened, due=opened + timedelta(days=5))

    response = learner_client.post(START_URL)

    assert response.status_code == 302
    assert Attempt.objects.filter(user=member).count() == 1


def test_a_quiz_open_in_one_of_two_classes_can_be_started(learner_client, member, classroom, quiz):
    later = timezone.now() + timedelta(days=2)
    DueDateFactory(classroom=classroom, quiz=quiz, opens=later, due=later + timedelta(days=5))
    MembershipFactory(user=member, classroom=ClassroomFactory(course=classroom.course))

    assert learner_client.post(START_URL).status_code == 302  # the other class sets no date


def test_someone_not_in_the_class_is_not_held_back(client, classroom, quiz):
    later = timezone.now() + timedelta(days=2)
    DueDateFactory(classroom=classroom, quiz=quiz, opens=later, due=later + timedelta(days=5))
    client.force_login(UserFactory())

    assert client.post(START_URL).status_code == 302


# ---- The dashboard ----


def test_the_dashboard_lists_what_is_due_across_classes_with_class_names(
    learner_client, member, classroom, quiz, course
):
    other_course_class = ClassroomFactory(name="Business Japanese")
    other_quiz = QuizFactory(module__course=other_course_class.course, title="Keigo check")
    learner_client.post(f"/classes/join/{other_course_class.invite_code}/")
    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))
    DueDateFactory(
        classroom=other_course_class, quiz=other_quiz, due=timezone.now() - timedelta(days=2)
    )

    page = text(learner_client.get("/dashboard/"))

    assert "Due in your classes" in page
    overdue, tomorrow = page.index("2 days overdue"), page.index("Due tomorrow")
    assert overdue < tomorrow  # overdue first
    assert "Keigo check" in page
    assert "Quiz · Business Japanese" in page
    assert "Module 1 quiz" in page
    assert "Quiz · Tokyo onboarding" in page


def test_the_dashboard_leaves_out_what_is_done(learner_client, member, classroom, quiz):
    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))
    Attempt.objects.create(
        user=member,
        quiz=quiz,
        submitted_at=timezone.now(),
        score=6,
        max_score=6,
        percent=100,
        passed=True,
    )
    member.renew_work_version()

    page = text(learner_client.get("/dashboard/"))

    assert "Nothing is due in your classes right now" in page
    assert "Due tomorrow" not in page


# ---- The classes page ----


def test_the_classes_page_shows_each_classs_next_unfinished_dates(
    learner_client, member, classroom, quiz
):
    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))
    DueDateFactory(classroom=classroom, module=quiz.module, due=timezone.now() + timedelta(days=20))

    page = text(learner_client.get("/classes/"))

    assert 'Due tomorrow</time></span> <span class="class-card__item">Module 1 quiz' in page
    assert '<span class="class-card__item">Module 1</span>' in page


@pytest.mark.parametrize("classes", [1, 4])
def test_the_classes_page_costs_the_same_queries_for_any_number_of_classes(
    learner_client, learner, course, quiz, django_assert_num_queries, classes
):
    for n in range(classes):
        classroom = ClassroomFactory(**({"course": course} if n == 0 else {}))
        classroom.instructors.add(UserFactory())
        MembershipFactory(user=learner, classroom=classroom)
        EnrollmentFactory(user=learner, course=classroom.course)
        DueDateFactory(classroom=classroom, quiz=QuizFactory(module__course=classroom.course))
    learner_client.post("/classes/calendar/link/")

    # The session, the user; the memberships with classes and courses, their instructors; the
    # due dates; the progress in those courses; the calendar link.
    with django_assert_num_queries(11):
        response = learner_client.get("/classes/")

    assert text(response).count('class="card class-card"') == classes


def test_a_closed_modules_card_shows_its_quizzes_dates_by_name(
    learner_client, member, classroom, quiz
):
    DueDateFactory(classroom=classroom, quiz=quiz, due=timezone.now() + timedelta(days=1))

    page = text(learner_client.get(COURSE_URL + "?module=m2"))  # module 1 closed

    assert (
        'Due tomorrow</time></span> <span class="due__what">Module 1 quiz</span> '
        '<span class="due__class">Tokyo onboarding' in page
    )
