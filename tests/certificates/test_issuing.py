"""Claiming a certificate: only once the course is complete, with a name the learner confirms,
issued once, and saying what the course was when it was issued."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from jsnlearn.certificates.models import Certificate
from jsnlearn.certificates.services import NotComplete, issue_certificate
from lessons.models import Module
from tests.certificates.helpers import claim_url, issue, url
from tests.factories import content_edited
from tests.helpers import text
from tests.reports.helpers import complete, submit

CONFIRMED = {"printed_name": "山田 花子", "confirm": "on"}


def test_a_course_not_finished_answers_403_with_what_is_left(
    learner_client, learner, course, lessons, graded
):
    complete(learner, lessons)  # the quiz is left

    response = learner_client.get(claim_url(course))

    assert response.status_code == 403
    assert "1 quiz left" in text(response)
    assert learner_client.post(claim_url(course), CONFIRMED).status_code == 403
    assert not Certificate.objects.exists()


def test_a_failed_quiz_is_not_complete(learner, course, lessons, graded):
    quiz, greeting, kidoku, manners = graded
    complete(learner, lessons)
    submit(learner, quiz, {greeting: "Wave", kidoku: "True", manners: {"Reply"}})  # 40%

    with pytest.raises(NotComplete):
        issue_certificate(user=learner, course=course, printed_name="Aiko")


def test_the_claim_page_offers_the_display_name_then_issues_the_name_confirmed(
    learner_client, learner, finished
):
    page = learner_client.get(claim_url(finished))
    assert page.status_code == 200
    assert 'value="Aiko"' in page.content.decode()

    response = learner_client.post(claim_url(finished), CONFIRMED)

    certificate = Certificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == certificate.get_absolute_url()
    assert (certificate.user, certificate.printed_name) == (learner, "山田 花子")
    assert learner_client.get(claim_url(finished))["Location"] == certificate.get_absolute_url()


def test_a_double_click_issues_one_certificate(learner_client, finished):
    first = learner_client.post(claim_url(finished), CONFIRMED)
    second = learner_client.post(claim_url(finished), {**CONFIRMED, "printed_name": "Other"})

    assert first["Location"] == second["Location"]
    assert Certificate.objects.get().printed_name == "山田 花子"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Type the name to print on the certificate."),
        ("   ", "Type the name to print on the certificate."),
        ("A" * 101, "at most 100 characters"),
        ("aiko@example.com", "looks like an email address"),
        ("aiko\uff20example.com", "looks like an email address"),
        ("Aiko\x07Sato", "control characters"),
        ("Aiko\u200bSato", "control characters"),
    ],
)
def test_a_name_that_cannot_be_printed_is_refused_in_words(learner_client, finished, name, error):
    response = learner_client.post(claim_url(finished), {"printed_name": name, "confirm": "on"})

    assert response.status_code == 400
    assert error in text(response)
    assert not Certificate.objects.exists()


def test_the_name_must_be_confirmed(learner_client, finished):
    response = learner_client.post(claim_url(finished), {"printed_name": "Aiko"})

    assert response.status_code == 400
    assert "Tick the box to confirm the name." in text(response)
    assert not Certificate.objects.exists()


def test_the_service_refuses_the_same_names(learner, finished):
    with pytest.raises(ValidationError):
        issue_certificate(user=learner, course=finished, printed_name="a@b.example")
    assert not Certificate.objects.exists()


def test_a_name_of_100_characters_in_kana_is_printed_whole(learner, finished):
    certificate = issue(learner, finished, "か" * 100)

    assert certificate.printed_name == "か" * 100


def test_what_a_certificate_says_is_stored_and_edits_never_change_it(
    learner_client, learner, finished
):
    finished.instructors.add(
        learner.__class__.objects.create_user(
            email="sensei@example.com", display_name="Tanaka Sensei"
        )
    )
    certificate = issue(learner, finished)
    assert certificate.module_titles == ["Module 1", "Module 2"]
    assert certificate.instructor_names == ["Tanaka Sensei"]

    finished.title = "A new title"
    finished.save()
    Module.objects.filter(course=finished).update(title="Renamed")
    finished.instructors.clear()
    content_edited(finished)

    page = text(learner_client.get(url("detail", certificate)))
    assert "Social networking in Japan" in page
    assert "Module 1 · Module 2" in page
    assert "Tanaka Sensei" in page
    assert "A new title" not in page
    assert "Renamed" not in page


def test_a_certificate_id_is_a_random_uuid(learner, finished, course):
    certificate = issue(learner, finished)

    assert certificate.pk.version == 4


def test_a_course_with_certificates_is_not_deleted_and_the_admin_says_why(learner, certificate):
    from lessons.admin import learner_work_in_words

    words = learner_work_in_words([certificate.course])

    assert "1 learner earned a certificate in the course “Social networking in Japan”" in words
    with pytest.raises(ProtectedError):
        certificate.course.delete()
