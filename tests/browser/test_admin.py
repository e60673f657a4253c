import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_admin_works_under_the_strict_content_security_policy(page, page_problems, site):
    UserFactory(email="ops@example.com", display_name="Ops", is_staff=True, is_superuser=True)

    page.goto(site + "/admin/")
    # The admin signs in through the site's own sign-in page, and comes back.
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill("ops@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Courses, learners and settings")).to_be_visible()

    page.goto(site + "/admin/accounts/user/")
    page.get_by_role("link", name="ops@example.com").click()
    expect(page.get_by_label("Display name")).to_have_value("Ops")
    # The admin's own scripts ran: the permissions widget turned into its two-pane filter.
    expect(page.locator("#id_user_permissions_filter")).to_be_visible()
    assert page_problems.all() == []


def test_staff_write_a_draft_lesson_and_preview_it_as_learners_will_see_it(
    page, page_problems, site, course
):
    UserFactory(email="sensei@example.com", display_name="Sensei", is_staff=True, is_superuser=True)
    page.goto(site + "/admin/lessons/lesson/add/")
    page.get_by_label("Email").fill("sensei@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.locator(".field-module .select2-selection").click()  # the module's autocomplete
    page.locator(".select2-search__field").fill("Module 1")
    page.get_by_role("option", name="Module 1").click()
    page.get_by_label("Title").fill("Read marks on LINE")
    page.get_by_label("Title").press("Tab")  # the slug follows the title on change
    expect(page.get_by_label("Slug")).to_have_value("read-marks-on-line")
    page.get_by_label("Body").fill(
        "## 既読\n\nA <ruby>既読<rt>きどく</rt></ruby> mark means *read*."
    )
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="View on site").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Read marks on LINE")
    expect(page.get_by_role("note")).to_contain_text("Draft preview")
    expect(page.locator(".prose ruby rt")).to_have_text("きどく")
    assert page_problems.all() == []
