"""The learner's own account page, "Download my data" and "Delete my account": each reaches the
signed-in learner's data and nobody else's."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from jsnlearn.accounts.services import delete_account
from jsnlearn.classrooms.models import CalendarFeed, Invitation, Membership
from jsnlearn.mail.models import OutgoingEmail
from jsnlearn.mail.services import queue_email
from jsnlearn.review.models import ReviewCard, ReviewLog
from lessons.models import Enrollment, Lesson, LessonCompletion
from quizzes.models import Attempt, Response
from quizzes.paper import Paper
from quizzes.services import save_draft, start_attempt, submit_attempt
from tests.factories import (
    PASSWORD,
    ClassroomFactory,
    EnrollmentFactory,
    LessonCompletionFactory,
    MembershipFactory,
    UserFactory,
    build_course,
    build_long_quiz,
)
from tests.helpers import answer_in_queries

User = get_user_model()

ACCOUNT, EXPORT, DELETE = "/accounts/", "/accounts/my-data/", "/accounts/delete/"
ISO_SECOND = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # ISO 8601, UTC, to the second


@pytest.fixture
def other_learner(db):
    other = UserFactory(email="other@example.com", display_name="Other")
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    SocialAccount.objects.create(user=other, provider="google", uid="other-google-id")
    return other


@pytest.mark.django_db
@pytest.mark.parametrize("path", [ACCOUNT, EXPORT, DELETE])
def test_visitors_are_sent_to_sign_in_first(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("path", [ACCOUNT, EXPORT, DELETE])
def test_the_pages_answer_only_reads_and_forms(learner_client, path):
    assert learner_client.put(path).status_code == 405
    assert learner_client.delete(path).status_code == 405


def test_the_account_page_shows_the_display_name_and_links_to_the_rest(learner_client):
    html = learner_client.get(ACCOUNT).content.decode()

    assert 'name="display_name" value="Aiko"' in html
    for link in ("/accounts/email/", "/accounts/password/change/", EXPORT, DELETE):
        assert f'href="{link}"' in html
    assert 'href="/accounts/" aria-current="page">Account</a>' in html  # the nav entry


def test_the_learner_changes_their_display_name(learner_client, learner):
    response = learner_client.post(ACCOUNT, {"display_name": "  Aiko   the  Fox "}, follow=True)

    learner.refresh_from_db()
    assert learner.display_name == "Aiko the Fox"
    assert "Your display name is now “Aiko the Fox”." in response.content.decode()


@pytest.mark.parametrize(
    ("display_name", "error"),
    [
        ("aiko@example.com", "don&#x27;t use an email address"),
        ("", "This field is required."),
        ("x" * 41, "at most 40 characters"),
    ],
)
def test_a_bad_display_name_is_refused_and_changes_nothing(
    learner_client, learner, display_name, error
):
    response = learner_client.post(ACCOUNT, {"display_name": display_name})

    assert response.status_code == 400
    assert error in response.content.decode()
    learner.refresh_from_db()
    assert learner.display_name == "Aiko"


def exported(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="jsnlearn-my-data-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


@pytest.mark.usefixtures("other_learner")
def test_download_my_data_holds_the_profile_and_email_addresses(learner_client, learner):
    EmailAddress.objects.create(user=learner, email=learner.email, verified=True, primary=True)
    EmailAddress.objects.create(user=learner, email="aiko.new@example.com")

    data = exported(learner_client.get(EXPORT))

    assert data["site"] == "jsnlearn"
    assert data["profile"]["display_name"] == "Aiko"
    assert data["profile"]["email"] == learner.email
    assert ISO_SECOND.fullmatch(data["profile"]["joined"])
    assert data["profile"]["readings_in_lessons"] == "Show readings above Japanese words"
    assert ISO_SECOND.fullmatch(data["exported"])
    assert data["email_addresses"] == [
        {"email": learner.email, "verified": True, "primary": True},
        {"email": "aiko.new@example.com", "verified": False, "primary": False},
    ]
    assert data["connected_accounts"] == []


def test_download_my_data_holds_accounts_from_other_providers(learner_client, learner):
    SocialAccount.objects.create(
        user=learner, provider="google", uid="1234", extra_data={"email": learner.email}
    )

    (account,) = exported(learner_client.post(EXPORT))["connected_accounts"]

    assert (account["provider"], account["account_id"]) == ("google", "1234")
    assert account["what_the_provider_shared"] == {"email": learner.email}
    assert ISO_SECOND.fullmatch(account["connected"])


def test_a_learner_can_never_download_another_learner_s_data(learner_client, other_learner):
    for attempt in (
        learner_client.get(EXPORT, {"user": other_learner.pk, "user_id": other_learner.pk}),
        learner_client.post(EXPORT, {"user": other_learner.pk, "email": other_learner.email}),
    ):
        text = attempt.content.decode()
        assert json.loads(text)["profile"]["display_name"] == "Aiko"
        assert other_learner.email not in text
        assert "other-google-id" not in text


def test_the_delete_page_says_what_will_be_deleted_and_asks_for_the_password(
    learner_client, learner
):
    EmailAddress.objects.create(user=learner, email=learner.email, verified=True, primary=True)

    html = learner_client.get(DELETE).content.decode()

    assert ">Delete your account</h1>" in html
    assert "Your profile: display name, email address, dates joined and seen" in html
    assert "<li>Email addresses: 1</li>" in html
    assert "<li>Accounts from other sign-in providers: 0</li>" in html
    assert 'type="password" name="password"' in html


@pytest.mark.parametrize("password", ["not-my-password", ""])
def test_without_the_right_password_nothing_is_deleted(learner_client, learner, password):
    response = learner_client.post(DELETE, {"password": password})

    assert response.status_code == 400
    assert User.objects.filter(pk=learner.pk).exists()
    assert learner_client.get("/dashboard/").status_code == 200  # still signed in


def test_guessing_the_password_on_the_delete_page_meets_the_sign_in_limit(learner_client, learner):
    for attempt in range(5):
        assert learner_client.post(DELETE, {"password": f"guess-{attempt}"}).status_code == 400

    response = learner_client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 429
    assert User.objects.filter(pk=learner.pk).exists()


def test_deleting_removes_the_learner_signs_them_out_and_leaves_others_alone(
    learner_client, learner, other_learner
):
    EmailAddress.objects.create(user=learner, email=learner.email, verified=True, primary=True)
    SocialAccount.objects.create(user=learner, provider="google", uid="aiko-google-id")

    response = learner_client.post(DELETE, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Your account and everything in it have been deleted." in response.content.decode()
    assert not User.objects.filter(pk=learner.pk).exists()
    assert not EmailAddress.objects.filter(email=learner.email).exists()
    assert not SocialAccount.objects.filter(uid="aiko-google-id").exists()
    assert learner_client.get("/dashboard/").status_code == 302  # signed out
    # The other learner keeps everything.
    assert User.objects.get(pk=other_learner.pk).display_name == "Other"
    assert EmailAddress.objects.filter(user=other_learner).count() == 1
    assert SocialAccount.objects.filter(user=other_learner).count() == 1


def test_every_row_about_a_learner_is_deleted_with_them():
    """Deletion relies on ON DELETE CASCADE: a new relation to the user that did otherwise would
    keep (or block deleting) a learner's data."""
    relations = [
        relation
        for relation in User._meta.related_objects
        if not relation.many_to_many  # join rows always go with the user
    ]

    assert relations  # email addresses, connected accounts, admin log entries...
    assert {
        f"{relation.related_model._meta.label}.{relation.field.name}"
        for relation in relations
        if relation.on_delete is not models.CASCADE
    } == set()


def test_download_my_data_holds_enrollments_and_completed_lessons(
    learner_client, learner, other_learner, lessons
):
    EnrollmentFactory(user=learner, course=lessons[0].module.course)
    LessonCompletionFactory(user=learner, lesson=lessons[1])
    LessonCompletionFactory(user=other_learner, lesson=lessons[2])

    data = exported(learner_client.get(EXPORT))

    (enrollment,) = data["enrollments"]
    assert enrollment["course"] == "Social networking in Japan"
    assert ISO_SECOND.fullmatch(enrollment["enrolled"])
    (completion,) = data["lesson_completions"]
    assert {k: v for k, v in completion.items() if k != "completed"} == {
        "course": "Social networking in Japan",
        "module": "Module 1",
        "lesson": "Lesson 1.2",
    }
    assert ISO_SECOND.fullmatch(completion["completed"])


def test_deleting_removes_the_learners_progress_and_keeps_everyone_elses(
    learner_client, learner, other_learner, lessons
):
    for user in (learner, other_learner):
        EnrollmentFactory(user=user, course=lessons[0].module.course)
        LessonCompletionFactory(user=user, lesson=lessons[0])
    page = learner_client.get(DELETE).content.decode()
    assert "<li>Courses you enrolled in: 1</li>" in page
    assert "<li>Lessons you completed: 1</li>" in page

    learner_client.post(DELETE, {"password": PASSWORD})

    assert list(LessonCompletion.objects.values_list("user", flat=True)) == [other_learner.pk]
    assert list(Enrollment.objects.values_list("user", flat=True)) == [other_learner.pk]
    assert Lesson.objects.count() == 4  # the course itself is untouched


def test_download_my_data_holds_the_classes_joined(learner_client, learner, other_learner, course):
    spring = ClassroomFactory(course=course, name="Spring cohort")
    MembershipFactory(user=learner, classroom=spring, reminders_on=False)
    MembershipFactory(user=other_learner, classroom=ClassroomFactory(course=course))

    (membership,) = exported(learner_client.get(EXPORT))["class_memberships"]

    assert {k: v for k, v in membership.items() if k != "joined"} == {
        "class": "Spring cohort",
        "course": "Social networking in Japan",
        "due_date_reminders": "off",
    }
    assert ISO_SECOND.fullmatch(membership["joined"])


def test_deleting_removes_the_learners_classes_calendar_and_mail_and_keeps_everyone_elses(
    learner_client, learner, other_learner, course
):
    classroom = ClassroomFactory(course=course)
    for user in (learner, other_learner):
        MembershipFactory(user=user, classroom=classroom)
        CalendarFeed.objects.create(user=user)
        queue_email(to=user.email, subject="Due Friday", body="…", user=user, kind="due")
        Invitation.objects.create(classroom=classroom, email=user.email.upper())
    Invitation.objects.create(classroom=classroom, email="someone@example.com", accepted_by=learner)
    assert "<li>Classes you joined: 1</li>" in learner_client.get(DELETE).content.decode()

    learner_client.post(DELETE, {"password": PASSWORD})

    assert list(Membership.objects.values_list("user", flat=True)) == [other_learner.pk]
    assert list(CalendarFeed.objects.values_list("user", flat=True)) == [other_learner.pk]
    assert list(OutgoingEmail.objects.values_list("user", flat=True)) == [other_learner.pk]
    assert list(Invitation.objects.values_list("email", flat=True)) == [other_learner.email.upper()]
    assert classroom.memberships.count() == 1  # the class itself is untouched


def test_download_my_data_holds_quiz_attempts_with_every_answer(
    learner_client, learner, other_learner, quiz
):
    for user in (learner, other_learner):
        attempt = start_attempt(user=user, quiz=quiz).attempt
        paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
        submit_attempt(paper=paper, answers={paper.questions[3].question.pk: "Line."})

    data = exported(learner_client.get(EXPORT))

    (attempt,) = data["quiz_attempts"]
    assert (attempt["quiz"], attempt["score"], attempt["out_of"], attempt["percent"]) == (
        "Module 1 quiz",
        "1",
        "6",
        16,
    )
    assert attempt["passed"] is False
    assert ISO_SECOND.fullmatch(attempt["submitted"])
    answers = data["quiz_answers"]
    assert len(answers) == 6
    assert {a["attempt"] for a in answers} == {attempt["attempt"]}
    short_text = next(a for a in answers if a["kind"] == "Short text")
    assert (short_text["your_answer"], short_text["points"], short_text["right"]) == (
        "Line.",
        "1",
        True,
    )
    assert short_text["question"] == quiz.questions.get(kind="short_text").prompt


def test_deleting_removes_the_learners_quiz_attempts_and_keeps_everyone_elses(
    learner_client, learner, other_learner, quiz
):
    for user in (learner, other_learner):
        attempt = start_attempt(user=user, quiz=quiz).attempt
        submit_attempt(paper=Paper(attempt, quiz.questions.all()), answers={})
    page = learner_client.get(DELETE).content.decode()
    assert "<li>Quiz attempts, with their scores: 1</li>" in page
    assert "<li>Your answers to quiz questions: 6</li>" in page

    learner_client.post(DELETE, {"password": PASSWORD})

    assert list(Attempt.objects.values_list("user", flat=True)) == [other_learner.pk]
    assert Response.objects.count() == 6
    assert quiz.questions.count() == 6  # the quiz itself is untouched


def test_download_my_data_holds_answers_saved_for_later(learner_client, learner, quiz):
    attempt = start_attempt(user=learner, quiz=quiz).attempt
    paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
    save_draft(paper=paper, answers={paper.questions[3].question.pk: "Line."})

    (exported_attempt,) = exported(learner_client.get(EXPORT))["quiz_attempts"]

    assert exported_attempt["submitted"] is None
    assert "score" not in exported_attempt
    assert exported_attempt["answers_saved_for_later"] == [
        {"question": quiz.questions.get(kind="short_text").prompt, "your_answer": "Line."}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("completions", [50, 5000])
def test_deleting_an_account_runs_the_same_queries_whatever_its_history(
    completions, django_assert_num_queries
):
    """Every row about the learner goes by a cascading delete of the user: no query per row."""
    learner = UserFactory()
    course = build_course(modules=completions // 50, lessons_per_module=50)
    Enrollment.objects.create(user=learner, course=course)
    for classroom in ClassroomFactory.create_batch(completions // 500 + 1, course=course):
        MembershipFactory(user=learner, classroom=classroom)
    CalendarFeed.objects.create(user=learner)
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(user=learner, to=learner.email, subject=f"Reminder {n}", message={})
        for n in range(completions // 50)
    )
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=learner, lesson=lesson)
        for lesson in Lesson.objects.filter(module__course=course)
    )
    questions = build_long_quiz(module=course.modules.first(), questions=completions // 10)
    now = timezone.now()
    cards = ReviewCard.objects.bulk_create(
        ReviewCard(user=learner, question=q, course=course, kind=q.kind, due=now)
        for q in questions.questions.all()
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=learner,
            card=card,
            seq=2,
            rating=1,
            reviewed_at=now,
            awarded_points=0,
            due_after=now,
        )
        for card in cards
    )

    with django_assert_num_queries(DELETION_QUERIES):
        delete_account(user=learner)

    assert not LessonCompletion.objects.exists()
    assert not ReviewCard.objects.exists()
    assert not ReviewLog.objects.exists()
    assert not Membership.objects.exists()
    assert not OutgoingEmail.objects.exists()


# Within a savepoint: the review log and the review cards, one DELETE each; then finding the
# learner's attempts, email addresses, connected accounts and review cards (none by then: they
# have rows of their own), and one DELETE per table: groups, permissions, courses taught,
# enrollments, completions, certificates, review log, classes taught, class memberships, the
# calendar feed, mail, admin log entries; invitations sent or accepted keep their row without
# the user (two UPDATEs), and the user.
DELETION_QUERIES = 25
# The session and user; then the profile's sections, the attempts and the questions their saved
# answers are to, the answers and their questions' options, the classes joined, the
# certificates, the review cards and the review log.
EXPORT_QUERIES = 15


def test_every_answer_reads_as_the_options_text_never_as_database_ids(
    learner_client, learner, quiz
):
    attempt = start_attempt(user=learner, quiz=quiz).attempt
    paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
    choices = {q.kind: list(q.choices.order_by("position")) for q in quiz.questions.all()}
    single, multiple = choices["single"], choices["multiple"]
    ordering, matching = choices["ordering"], choices["matching"]
    by_kind = {q.question.kind: q.question.pk for q in paper.questions}
    submit_attempt(
        paper=paper,
        answers={
            by_kind["single"]: single[1].pk,
            by_kind["multiple"]: frozenset({multiple[0].pk, multiple[2].pk}),
            by_kind["true_false"]: choices["true_false"][0].pk,
            by_kind["ordering"]: tuple(c.pk for c in reversed(ordering)),
            by_kind["matching"]: {matching[0].pk: matching[1].pk, matching[1].pk: None},
        },
    )

    data = exported(learner_client.get(EXPORT))

    said = {answer["kind"]: answer["your_answer"] for answer in data["quiz_answers"]}
    assert said == {
        "Single choice": single[1].text,
        "Multiple choice (select all that apply)": sorted([multiple[0].text, multiple[2].text]),
        "True or false": choices["true_false"][0].text,
        "Short text": None,
        "Ordering": [c.text for c in reversed(ordering)],
        "Matching": [
            {"item": matching[0].text, "matched_with": matching[1].match_text},
            {"item": matching[1].text, "matched_with": None},
        ],
    }
    # No field paths and no database ids anywhere: the only numbers are the percents and the
    # learner's own daily number of review questions.
    assert "__" not in json.dumps(data)
    assert {key for key, _ in numbers_in(data)} == {"percent", "review_questions_a_day"}


def numbers_in(value, key=None) -> set:
    """(key, number) of every number in an exported file, however deep."""
    if isinstance(value, dict):
        return set().union(*(numbers_in(v, k) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(numbers_in(v, key) for v in value))
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return {(key, value)} if is_number else set()


@pytest.mark.parametrize("attempts", [2, 12])
def test_download_my_data_runs_the_same_queries_whatever_its_history(
    attempts, learner_client, learner, quiz, django_assert_num_queries
):
    """Titles, prompts and option texts come with the rows, not a query per answer."""
    for number in range(attempts):
        attempt = start_attempt(user=learner, quiz=quiz).attempt
        paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
        answers = {paper.questions[3].question.pk: "Line."}
        if number == attempts - 1:  # the last one still open, its answers saved for later
            save_draft(paper=paper, answers=answers)
        else:
            submit_attempt(paper=paper, answers=answers)

    data = exported(
        answer_in_queries(django_assert_num_queries, EXPORT_QUERIES, learner_client, EXPORT)
    )

    assert len(data["quiz_attempts"]) == attempts
