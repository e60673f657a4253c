import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_page_renders_without_errors_or_csp_violations(page, page_problems, site):
    response = page.goto(site + "/")

    assert response.status == 200
    expect(page).to_have_title(re.compile("jsnlearn"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("social networks")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Courses")
    # The stylesheet really applied: the page has its own background, not the default.
    page_background = page.locator("body").evaluate("el => getComputedStyle(el).backgroundColor")
    assert page_background == "rgb(246, 246, 251)"  # --bg, the light theme
    assert page_problems.all() == []


def test_phone_width_has_no_sideways_scrolling(page, site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site + "/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    expect(page.get_by_role("link", name="Browse courses")).to_be_visible()
    # All four navigation items share one row under the brand.
    boxes = page.locator(".site-nav li").evaluate_all(
        "items => items.map(item => item.getBoundingClientRect().toJSON())"
    )
    assert len(boxes) == 4
    assert max(box["top"] for box in boxes) < min(box["bottom"] for box in boxes), boxes


def test_skip_link_is_first_and_moves_focus_to_the_content(page, site):
    page.goto(site + "/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_a_visitor_signs_up_and_lands_on_their_dashboard(page, page_problems, site):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()

    page.get_by_label("Email").fill("kenji@example.com")
    page.get_by_label("Display name").fill("Kenji")
    page.get_by_label("Password").fill("meishi-exchange-2026")
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(site + "/dashboard/")
    expect(page.get_by_text("Welcome, Kenji")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page_problems.all() == []
