"""A learner who finished a course gets a certificate, opens it and its verification page; an
instructor revokes it. Every page meets WCAG 2.1 AA (axe-core) with no CSP violation, on a
phone and on a desktop."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.steps import sign_in
from tests.certificates.helpers import add_graded_quiz, finish
from tests.factories import UserFactory
from tests.reports.helpers import instructor_of

pytestmark = pytest.mark.browser

REFUSED_FORM = "the server responded with a status of 400"  # the claim sent unconfirmed, above


def problems_besides_the_refused_form(page_problems) -> list[str]:
    return [problem for problem in page_problems.all() if REFUSED_FORM not in problem]


@pytest.mark.parametrize("width", [360, 1280])
def test_issue_then_open_the_certificate_and_verify_it(
    page, site, wcag_violations, page_problems, course, lessons, width
):
    learner = UserFactory(email="hana@example.com", display_name="Hana")
    finish(learner, course, lessons, add_graded_quiz(course))
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site, learner.email, lands_on="/dashboard/")

    page.get_by_role("link", name="Get your certificate").click()
    expect(page.get_by_role("heading", name="Get your certificate")).to_be_visible()
    assert wcag_violations(page) == [], "claim"
    page.get_by_role("button", name="Issue my certificate").click()
    expect(page.get_by_text("Tick the box to confirm the name.")).to_be_visible()
    assert wcag_violations(page) == [], "claim, with an error"
    page.get_by_label("Name to print on the certificate").fill("山田 花子")
    page.get_by_label("I confirm").check()
    page.get_by_role("button", name="Issue my certificate").click()

    expect(page.get_by_role("heading", name="Your certificate")).to_be_visible()
    expect(page.locator(".certificate__name")).to_have_text("山田 花子")
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by our script
    assert wcag_violations(page) == [], "certificate"
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    (sheet,) = printed.pages  # the print stylesheet: one A4 landscape page
    assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (842, 595)
    assert "Certificate of Completion" in sheet.extract_text()
    assert "Download PDF" not in sheet.extract_text()
    linkedin = page.get_by_role("link", name="Add to LinkedIn profile")
    assert linkedin.get_attribute("href").startswith("https://www.linkedin.com/profile/add?")

    page.get_by_role("link", name="Verification page").click()
    expect(page.get_by_role("status")).to_contain_text("Valid")
    assert wcag_violations(page) == [], "verification"
    page.go_back()
    page.get_by_role("button", name="Make it not public").click()
    expect(page.get_by_text("now says “not public”")).to_be_visible()
    assert problems_besides_the_refused_form(page_problems) == []

    page.context.clear_cookies()
    page.goto(site + learner.certificates.get().get_verify_url())
    expect(page.get_by_role("status")).to_contain_text("Not public")
    assert wcag_violations(page) == [], "verification, not public"
    assert problems_besides_the_refused_form(page_problems) == []


def test_an_instructor_revokes_from_the_course_report(page, site, page_problems, course, lessons):
    learner = UserFactory(display_name="Hana")
    finish(learner, course, lessons, add_graded_quiz(course))
    from jsnlearn.certificates.services import issue_certificate

    certificate, _ = issue_certificate(user=learner, course=course, printed_name="Hana Yamada")
    sensei = instructor_of(course, email="sensei@example.com", display_name="Sensei")
    sign_in(page, site, sensei.email)

    page.goto(f"{site}/admin/reports/courses/{course.pk}/")
    page.get_by_role("link", name="Revoke the certificate of Hana Yamada").click()
    page.get_by_label("Reason").fill("Answers were copied.")
    page.get_by_role("button", name="Revoke the certificate").click()
    expect(page.get_by_role("region", name="Certificates issued")).to_contain_text("Revoked")

    page.goto(site + certificate.get_verify_url())
    expect(page.get_by_text("Answers were copied.")).to_be_visible()
    assert page_problems.all() == []


@pytest.mark.parametrize("width", [360, 1280])
def test_the_other_certificate_pages_meet_wcag_21_aa(
    page, site, wcag_violations, page_problems, course, lessons, width
):
    from jsnlearn.certificates.services import issue_certificate, revoke_certificate

    learner = UserFactory(email="hana@example.com", display_name="Hana")
    finish(learner, course, lessons, add_graded_quiz(course))
    certificate, _ = issue_certificate(user=learner, course=course, printed_name="やまだ はなこ")
    starter = UserFactory(email="ken@example.com", display_name="Ken")
    page.set_viewport_size({"width": width, "height": 800})

    sign_in(page, site, starter.email, lands_on="/dashboard/")
    page.goto(f"{site}/certificates/new/{course.slug}/")
    expect(page.get_by_role("heading", name="Finish the course first")).to_be_visible()
    assert wcag_violations(page) == [], "not finished yet"
    page.context.clear_cookies()

    sign_in(page, site, learner.email, lands_on="/dashboard/")
    for path in ["/accounts/", certificate.get_absolute_url() + "delete/"]:
        page.goto(site + path)
        assert wcag_violations(page) == [], path
    revoke_certificate(certificate=certificate, by=learner, reason="Answers were shared.")
    page.goto(site + certificate.get_absolute_url())
    assert wcag_violations(page) == [], "certificate, revoked"
    page.goto(site + certificate.get_verify_url())
    expect(page.get_by_role("status")).to_contain_text("Revoked")
    assert wcag_violations(page) == [], "verification, revoked"
    page.goto(site + "/verify/00000000-0000-4000-8000-000000000000/")
    expect(page.get_by_role("heading", name="Certificate not found")).to_be_visible()
    assert wcag_violations(page) == [], "verification, not found"
    expected = ["403 (Forbidden)", "404 (Not Found)"]  # the two refusals visited above
    assert [p for p in page_problems.all() if not any(code in p for code in expected)] == []
