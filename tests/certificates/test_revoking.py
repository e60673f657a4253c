"""The course report lists the certificates issued; the course's instructors revoke them."""

import pytest
from django.urls import reverse

from jsnlearn.certificates.models import Certificate
from tests.helpers import text
from tests.reports.helpers import instructor_of


@pytest.fixture
def sensei(course):
    return instructor_of(course, email="sensei@example.com", display_name="Sensei")


@pytest.fixture
def sensei_client(client_factory, sensei):
    return client_factory(sensei)


def revoke_url(certificate) -> str:
    return reverse("certificate_reports:revoke", kwargs={"pk": certificate.pk})


def report_url(course) -> str:
    return reverse("reports:course", kwargs={"course_id": course.pk})


def test_the_report_lists_the_certificates_issued(sensei_client, certificate, finished):
    page = text(sensei_client.get(report_url(finished)))

    assert "Certificates issued" in page
    assert "Aiko Sato" in page
    assert "Valid" in page


def test_an_instructor_revokes_with_a_reason_the_report_and_verification_page_show(
    sensei_client, client, certificate, finished
):
    sensei_client.get(report_url(finished))  # seen (and kept) before
    assert sensei_client.get(revoke_url(certificate)).status_code == 200

    response = sensei_client.post(revoke_url(certificate), {"reason": "Answers were copied."})

    assert response["Location"] == report_url(finished) + "#certificates"
    assert Certificate.objects.get().revoked_at is not None
    assert "Revoked" in text(sensei_client.get(report_url(finished)))
    assert "Answers were copied." in text(client.get(certificate.get_verify_url()))


def test_a_reason_is_required(sensei_client, certificate):
    response = sensei_client.post(revoke_url(certificate), {"reason": ""})

    assert response.status_code == 400
    assert Certificate.objects.get().revoked_at is None


def test_an_instructor_of_another_course_gets_404(client_factory, certificate):
    other = client_factory(instructor_of(email="other@example.com"))

    response = other.post(revoke_url(certificate), {"reason": "No."})

    assert response.status_code == 404
    assert Certificate.objects.get().revoked_at is None


def test_a_learner_cannot_revoke(learner_client, certificate):
    response = learner_client.post(revoke_url(certificate), {"reason": "No."})

    assert response.status_code in (302, 403)
    assert Certificate.objects.get().revoked_at is None
