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
