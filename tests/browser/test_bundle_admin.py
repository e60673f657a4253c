import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from jsnlearn.bundles.archive import zip_bundle
from lessons.models import Course
from tests.browser.quiz_steps import no_sideways_scrolling
from tests.browser.steps import sign_in
from tests.bundle_admin.helpers import IMPORT_URL, staff

pytestmark = pytest.mark.browser

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "course-bundles" / "example"


def test_an_instructor_checks_imports_then_reimports_a_zipped_bundle(
    page, page_problems, site, tmp_path, wcag_violations
):
    author = staff("author@example.com", display_name="Author", may_add_courses=True)
    bundle = tmp_path / "cards-and-chats.zip"
    bundle.write_bytes(zip_bundle(Path(shutil.copytree(EXAMPLE, tmp_path / "cards-and-chats"))))
    sign_in(page, site, author.email)
    page.goto(site + IMPORT_URL)

    page.get_by_label("Bundle (.zip)").set_input_files(bundle)
    page.get_by_label("Check only (dry run)").check()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Checked cards-and-chats")).to_contain_text(
        "nothing was written"
    )
    assert not Course.objects.exists()

    page.get_by_label("Bundle (.zip)").set_input_files(bundle)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Imported cards-and-chats")).to_be_visible()
    lessons = page.get_by_role("row", name="Lesson")
    expect(lessons.get_by_role("cell")).to_have_text(["5", "0", "0", "0"])
    page.get_by_text("Every change").click()
    expect(
        page.get_by_role("listitem").filter(has_text="created lesson line/kidoku")
    ).to_be_visible()
    assert list(Course.objects.get(slug="cards-and-chats").instructors.all()) == [author]
    page.set_viewport_size({"width": 360, "height": 800})
    assert no_sideways_scrolling(page, 360)
    # Before axe runs: axe copies the page's stylesheets into inline styles, which the CSP blocks.
    assert page_problems.all() == []
    assert wcag_violations(page) == []
    page.goto(site + IMPORT_URL)
    assert wcag_violations(page) == []

    # The same course again, without "Update the existing course": refused, with the reason.
    page.get_by_label("Bundle (.zip)").set_input_files(bundle)
    page.get_by_role("button", name="Import").click()
    problem = page.get_by_role("row").filter(has_text="course.yaml")
    expect(problem).to_contain_text("slug")
    assert no_sideways_scrolling(page, 360)
    assert wcag_violations(page) == []
