"""Steps many browser tests take, by what the page shows (labels and buttons)."""

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, site, email, password=PASSWORD, *, lands_on=None):
    """Sign in through the site's form; with `lands_on` (a path), wait until the page is there."""
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if lands_on:
        expect(page).to_have_url(site + lands_on)
