"""An instructor builds a module in the admin, end to end in Chromium, and a learner takes it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.authoring.helpers import restore_instructors_group
from tests.browser.steps import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def instructors_group(transactional_db):
    restore_instructors_group()


DESKTOP = {"width": 1366, "height": 900}


def add_row(group, name):
    """Click a nested inline's "Add another ..." and return the new row."""
    before = group.locator(".djn-item:not(.djn-no-drag)").count()
    group.get_by_role("link", name=f"Add another {name}").last.click()
    rows = group.locator(".djn-item:not(.djn-no-drag)")
    expect(rows).to_have_count(before + 1)
    return rows.nth(before)


def add_option(question, text, *, correct=False):
    options = question.locator(".djn-group-nested")
    row = add_row(options, "Option")
    row.locator("input[name$='-text']").fill(text)
    if correct:
        row.locator("input[name$='-is_correct']").check()


def add_question(page, kind, prompt):
    questions = page.locator("#questions-group")
    question = add_row(questions, "Question")
    question.locator("select[name$='-kind']").first.select_option(label=kind)
    question.locator("textarea[name$='-prompt']").first.fill(prompt)
    return question


def drag(page, source, target):
    """Drag `source` by its handle onto `target`'s place, moving in steps as a hand would."""
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 20, start["y"] + start["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(start["x"] + 20, start["y"] + (end["y"] - start["y"] - 10) * step / 10)
    page.mouse.up()


def test_an_instructor_builds_previews_and_publishes_a_module_a_learner_then_takes(
    page, page_problems, site, course
):
    UserFactory(email="sensei@example.com", display_name="Sensei")
    UserFactory(email="aiko@example.com", display_name="Aiko")
    call_command("make_instructor", "sensei@example.com", "--course", course.slug)
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, "sensei@example.com")

    # The module, with a lesson and a quiz, on one page.
    page.goto(site + "/admin/lessons/module/add/")
    page.locator(".field-course .select2-selection").click()
    page.locator(".select2-search__field").fill("Social")
    page.get_by_role("option", name="Social networking in Japan").click()
    page.get_by_label("Title:").fill("LINE at work")
    page.get_by_label("Title:").press("Tab")
    expect(page.get_by_label("Slug:")).to_have_value("line-at-work")
    lesson = add_row(page.locator("#lessons-group"), "Lesson")
    lesson.locator("input[name$='-title']").fill("Read receipts")
    lesson.locator("input[name$='-title']").press("Tab")  # the slug follows the title
    expect(lesson.locator("input[name$='-slug']")).to_have_value("read-receipts")
    quiz_row = add_row(page.locator("#quizzes-group"), "Quiz")
    quiz_row.locator("input[name$='-title']").fill("LINE quiz")
    quiz_row.locator("input[name$='-title']").press("Tab")
    expect(quiz_row.locator("input[name$='-slug']")).to_have_value("line-quiz")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.screenshot(path="test-results/authoring-1-module.png", full_page=True)

    # The lesson's body, on its own page.
    page.locator("#lessons-group").get_by_role("link", name="Change").click()
    page.get_by_label("Body:").fill(
        "## 既読\n\nA <ruby>既読<rt>きどく</rt></ruby> mark means *read*."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # The quiz's questions and options, on the quiz's page.
    page.goto(site + "/admin/quizzes/quiz/")
    page.get_by_role("link", name="LINE quiz").click()
    first = add_question(page, "Single choice", "Your manager adds you on LINE. You...")
    expect(first.locator(".kind-rule")).to_contain_text("Mark exactly one option as correct")
    add_option(first, "Greet the group", correct=True)
    add_option(first, "Stay silent", correct=True)
    second = add_question(page, "True or false", "A read mark means the message was read.")
    add_option(second, "True", correct=True)
    add_option(second, "False")
    page.get_by_role("button", name="Save and continue editing").click()
    # Two right answers to a single-choice question: told at once, beside the question.
    expect(page.locator("#questions-0 .errorlist")).to_contain_text(
        "A single-choice question needs exactly one correct option; it has 2."
    )
    page.locator("#questions-0").screenshot(path="test-results/authoring-3-refused-question.png")
    page.locator("#questions-0").locator("input[name$='-1-is_correct']").uncheck()
    # Drag the true-or-false question above the single-choice one.
    handles = page.locator("#questions-group > .djn-fieldset > .djn-items > .djn-item > h3")
    drag(page, handles.nth(1), handles.nth(0))
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    # Saved in the order dragged: the true-or-false question comes first.
    kinds = page.locator("#questions-group select[name$='-kind']:not([name*='__prefix__'])")
    expect(kinds.nth(0)).to_have_value("true_false")
    expect(kinds.nth(1)).to_have_value("single")
    page.screenshot(path="test-results/authoring-2-quiz.png", full_page=True)

    # Preview the draft as learners will see it.
    with page.context.expect_page() as preview_page:
        page.get_by_role("link", name="Open the quiz's page").click()
    preview = preview_page.value
    expect(preview.get_by_role("heading", level=1)).to_have_text("LINE quiz")
    expect(preview.get_by_role("note")).to_contain_text("Draft preview")
    preview.close()

    # Publish the quiz, then the module with its lesson.
    page.get_by_label("Published").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(site + "/admin/lessons/module/")
    page.get_by_role("link", name="LINE at work").click()
    page.get_by_label("Published").first.check()
    page.locator("#id_lessons-0-is_published").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert page_problems.all() == []

    # A learner sees it on the site.
    page.context.clear_cookies()  # the instructor's session ends
    sign_in(page, site, "aiko@example.com")
    page.goto(site + "/courses/sns-japan/")
    page.get_by_role("link", name="Read receipts").click()
    expect(page.locator(".prose ruby rt")).to_have_text("きどく")
    expect(page.get_by_role("note")).to_have_count(0)  # no draft banner
    page.goto(site + "/courses/sns-japan/")
    page.get_by_role("link", name="LINE quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LINE quiz")
    expect(page.get_by_role("button", name="Start the quiz")).to_be_visible()
    assert page_problems.all() == []
