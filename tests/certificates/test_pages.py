"""The certificate's pages: its learner's (page, PDF, credential, visibility, deletion), the
public verification page, and where learners find them."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jsnlearn.accounts.services import delete_account
from jsnlearn.certificates.models import Certificate
from jsnlearn.certificates.services import revoke_certificate
from tests.certificates.helpers import issue, url
from tests.factories import UserFactory
from tests.helpers import answer_in_queries, text

PRIVATE = ["detail", "pdf", "open_badge", "delete"]


def test_the_certificate_page_says_what_the_certificate_says(learner_client, certificate):
    response = learner_client.get(url("detail", certificate))

    page = text(response)
    assert response.status_code == 200
    assert "Aiko Sato" in page
    assert "Social networking in Japan" in page
    assert "2 modules, about 0.5 hours: Module 1 · Module 2" in page
    assert f"http://testserver/verify/{certificate.pk}/" in page
    assert 'class="certificate__qr"' in response.content.decode()
    assert "style=" not in response.content.decode()  # the QR code too: the CSP allows none


@pytest.mark.parametrize("name", PRIVATE)
def test_another_learners_certificate_is_404(other_client, certificate, name):
    assert other_client.get(url(name, certificate)).status_code == 404


@pytest.mark.parametrize("name", ["visibility", "delete"])
def test_another_learner_cannot_change_it(other_client, certificate, name):
    response = other_client.post(url(name, certificate), {"public": "0"})

    assert response.status_code == 404
    assert Certificate.objects.get().public is True


def test_a_visitor_is_sent_to_sign_in(client, certificate):
    response = client.get(url("detail", certificate))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "path",
    [
        "/verify/00000000-0000-4000-8000-000000000000/",
        "/verify/not-a-certificate/",
        "/certificates/00000000-0000-4000-8000-000000000000/",
        "/certificates/new/no-such-course/",
    ],
)
def test_forged_or_unknown_ids_are_404(learner_client, certificate, path):
    assert learner_client.get(path).status_code == 404


def test_the_pdf_is_one_a4_landscape_page_with_the_name_in_kanji(learner_client, learner, finished):
    certificate = issue(learner, finished, "山田 花子")

    response = learner_client.get(url("pdf", certificate))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    (page,) = reader.pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    words = page.extract_text()
    assert "山田 花子" in words
    assert "Social networking in Japan" in words
    assert str(certificate.pk) in words
    fonts = {str(font) for font in page["/Resources"]["/Font"].values()}
    assert fonts  # embedded: the font's file is in the PDF
    assert any(
        "/FontFile2" in (descendant.get_object().get("/FontDescriptor") or {})
        for font in page["/Resources"]["/Font"].values()
        for descendant in font.get_object().get("/DescendantFonts", [])
    )


def test_the_linkedin_link_fills_in_the_add_certification_form(learner_client, certificate):
    response = learner_client.get(url("detail", certificate))
    link = response.context["linkedin_url"]

    parts = urlsplit(link)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    issued = certificate.issued_at
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    assert query == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Social networking in Japan",
        "organizationName": "jsnlearn",
        "issueYear": str(issued.year),
        "issueMonth": str(issued.month),
        "certUrl": f"http://testserver/verify/{certificate.pk}/",
        "certId": str(certificate.pk),
    }


def test_the_verification_page_says_valid_to_anyone(client, certificate):
    response = client.get(url("verify", certificate))

    page = text(response)
    assert response.status_code == 200
    assert "Valid" in page
    assert "Aiko Sato" in page
    assert "Social networking in Japan" in page
    assert certificate.user.email not in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"  # a name, not for search engines


def test_a_hidden_certificate_says_not_public_and_nothing_else(learner_client, client, certificate):
    learner_client.post(url("visibility", certificate), {"public": "0"})

    page = text(client.get(url("verify", certificate)))
    assert "Not public" in page
    assert "Aiko Sato" not in page
    assert "Social networking in Japan" not in page

    learner_client.post(url("visibility", certificate), {"public": "1"})
    assert "Aiko Sato" in text(client.get(url("verify", certificate)))


def test_a_visibility_that_is_no_choice_is_400(learner_client, certificate):
    assert learner_client.post(url("visibility", certificate), {"public": "x"}).status_code == 400


def test_a_revoked_certificate_says_so_with_the_date_and_reason(client, certificate):
    instructor = UserFactory(is_staff=True)
    revoke_certificate(certificate=certificate, by=instructor, reason="Answers were copied.")

    page = text(client.get(url("verify", certificate)))
    assert "Revoked" in page
    assert f"{certificate.revoked_at:%-d %B %Y}" in page
    assert "Answers were copied." in page


def test_the_learner_deletes_it_then_its_link_is_not_found(learner_client, client, certificate):
    assert learner_client.get(url("delete", certificate)).status_code == 200

    response = learner_client.post(url("delete", certificate))

    assert response.status_code == 302
    assert not Certificate.objects.exists()
    gone = client.get(url("verify", certificate))
    assert gone.status_code == 404
    assert "Certificate not found" in text(gone)
    assert gone["X-Robots-Tag"] == "noindex"


def test_a_revoked_certificate_gets_no_signed_credential_and_its_pdf_says_revoked(
    learner_client, certificate
):
    revoke_certificate(certificate=certificate, by=UserFactory(is_staff=True), reason="Copied.")

    assert learner_client.get(url("open_badge", certificate)).status_code == 410
    pdf = PdfReader(io.BytesIO(learner_client.get(url("pdf", certificate)).content))
    assert "REVOKED on" in pdf.pages[0].extract_text()


def test_a_name_in_japanese_is_marked_as_japanese(learner_client, learner, finished):
    certificate = issue(learner, finished, "山田 花子")

    page = learner_client.get(url("detail", certificate)).content.decode()

    assert '<p class="certificate__name" lang="ja">山田 花子</p>' in page


def test_a_revoked_certificate_stays(learner_client, certificate):
    revoke_certificate(certificate=certificate, by=UserFactory(is_staff=True), reason="Copied.")

    learner_client.post(url("delete", certificate))

    assert Certificate.objects.exists()


def test_deleting_the_account_deletes_its_certificates(client, learner, certificate):
    delete_account(user=learner)

    assert client.get(url("verify", certificate)).status_code == 404


def test_the_data_export_holds_the_certificates(learner_client, certificate):
    data = learner_client.get(reverse("accounts:export")).json()

    (exported,) = data["certificates"]
    assert exported["credential_id"] == str(certificate.pk)
    assert exported["printed_name"] == "Aiko Sato"
    assert exported["course"] == "Social networking in Japan"
    assert exported["issued"].endswith("Z")


def test_the_account_page_lists_the_certificates(learner_client, certificate):
    response = learner_client.get(reverse("accounts:account"))

    assert certificate.get_absolute_url() in response.content.decode()
    assert "Your certificates" in text(response)


def test_the_course_page_and_dashboard_offer_the_certificate_once_complete(
    learner_client, learner, course, lessons, graded
):
    claim = reverse("certificates:claim", kwargs={"course_slug": course.slug})
    assert claim not in learner_client.get(course.get_absolute_url()).content.decode()

    from tests.certificates.helpers import finish

    finish(learner, course, lessons, graded)

    assert claim in learner_client.get(course.get_absolute_url()).content.decode()
    assert claim in learner_client.get(reverse("lessons:dashboard")).content.decode()


# The claim page: the session, the user, the course (by its address), the learner's certificate
# in it (none yet), then their progress as every course page reads it: completions, attempts
# (the outline is kept in memory after a first view).
@pytest.mark.parametrize("modules", [2, 12])
def test_the_claim_page_runs_a_fixed_number_of_queries(
    django_assert_num_queries, client_factory, modules
):
    from tests.certificates.helpers import add_graded_quiz, claim_url, finish
    from tests.factories import build_course

    course = build_course(modules=modules, lessons_per_module=3, slug="big", title="Big")
    lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    learner = UserFactory()
    finish(learner, course, lessons, add_graded_quiz(course))
    own = client_factory(learner)
    own.get(claim_url(course))  # the outline is read once per content version

    answer_in_queries(django_assert_num_queries, 6, own, claim_url(course))


# The session, the user, the certificate: whatever the course's size (the certificate says
# everything it shows itself). A visitor's verification page reads the certificate only.
@pytest.mark.parametrize("modules", [2, 12])
def test_the_pages_run_a_fixed_number_of_queries(
    django_assert_num_queries, client_factory, modules
):
    from tests.certificates.helpers import add_graded_quiz, finish
    from tests.factories import build_course

    course = build_course(modules=modules, lessons_per_module=3, slug="big", title="Big")
    lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    learner = UserFactory()
    finish(learner, course, lessons, add_graded_quiz(course))
    certificate = issue(learner, course)
    assert len(certificate.module_titles) == modules
    own = client_factory(learner)
    visitor = client_factory(UserFactory())
    visitor.logout()

    answer_in_queries(django_assert_num_queries, 3, own, url("detail", certificate))
    # The account page lists the certificates: one query more than its session and user.
    answer_in_queries(django_assert_num_queries, 3, own, reverse("accounts:account"))
    answer_in_queries(django_assert_num_queries, 1, visitor, url("verify", certificate))
    answer_in_queries(django_assert_num_queries, 3, own, url("verify", certificate))
