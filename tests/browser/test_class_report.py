"""An instructor reads a class's report in a real browser: under the strict CSP, with no
console errors, sortable, and (as far as axe-core can tell) meeting WCAG 2.1 AA on a phone and
a desktop, in the light theme and the dark one."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import sign_in
from tests.classrooms.standing_helpers import cohort

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [360, 1280])
def test_an_instructor_reads_and_sorts_their_class_s_report(
    page, page_problems, site, wcag_violations, course, lessons, width
):
    classroom = cohort(course, lessons)["classroom"]
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, site, "sensei@example.com", lands_on="/dashboard/")

    page.goto(f"{site}/admin/reports/classes/{classroom.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Class report: Tokyo spring cohort")
    expect(page.locator("#standing-counts")).to_contain_text("3 overdue")
    expect(page.locator("#member-rows tr")).to_have_count(5)
    expect(page.locator("#member-rows tr").last).to_contain_text("aiko@example.com")
    sort_links = page.locator(".phone-sort" if width < 768 else "#members thead")
    sort_links.get_by_role("link", name="Name", exact=True).click()
    expect(page.locator("#member-rows tr").first).to_contain_text("aiko@example.com")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
        assert wcag_violations(page) == [], scheme
    assert page_problems.all() == []
