"""An instructor builds a module in the admin from scratch, end to end in Chromium: a lesson
written beside its live preview, a quiz with a question of every kind (each kind's own option
fields), rows put in order by dragging and by keyboard; the module published in one step from
its checklist; then a learner reads the lesson and passes the quiz."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lessons.models import Module
from quizzes.models import Question
from tests.authoring.helpers import restore_instructors_group
from tests.browser.quiz_steps import reach_number, submit
from tests.browser.steps import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

SHOTS = "test-results/authoring"


@pytest.fixture(autouse=True)
def instructors_group(transactional_db):
    restore_instructors_group()


DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def add_row(group, link):
    """Click a nested inline's "Add another ..." link and return the new row."""
    rows = group.locator(":scope > .djn-fieldset > .djn-items > .djn-item:not(.djn-no-drag)")
    if not rows.count():
        rows = group.locator(".djn-items > .djn-item:not(.djn-no-drag)")
    before = rows.count()
    group.get_by_role("link", name=link).last.click()
    expect(rows).to_have_count(before + 1)
    return rows.nth(before)


def options_of(question):
    return question.locator(".djn-group-nested")


def add_option(question, link, text, *, correct=False, match=None):
    row = add_row(options_of(question), link)
    row.locator("input[name$='-text']").fill(text)
    if correct:
        row.locator("input[name$='-is_correct']").check()
    if match is not None:
        row.locator("input[name$='-match_text']").fill(match)
    return row


def add_question(page, kind, prompt):
    question = add_row(page.locator("#questions-group"), "Add another Question")
    question.locator("select[name$='-kind']").first.select_option(label=kind)
    question.locator("textarea[name$='-prompt']").first.fill(prompt)
    return question


def questions(page):
    return page.locator("#questions-group > .djn-fieldset > .djn-items > .djn-item.djn-inline-form")


def saved_kinds(page) -> list[str]:
    selects = page.locator("#questions-group select[name$='-kind']:not([name*='__prefix__'])")
    return [selects.nth(n).input_value() for n in range(selects.count())]


def drag(page, source, target):
    """Drag `source` (a question's heading, its handle) onto `target`'s place, in steps."""
    start, end = source.bounding_box(), target.bounding_box()
    x = start["x"] + start["width"] / 2
    page.mouse.move(x, start["y"] + start["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x, start["y"] + (end["y"] - start["y"] - 10) * step / 10)
    page.mouse.up()


def save_and_continue(page, said="successfully"):
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text(said)


def audit(page, page_problems, wcag_violations) -> list[str]:
    """What went wrong in the page so far, then what axe finds against WCAG 2.1 AA. axe's own
    injected styles break the CSP, which is its doing: what it reports is forgotten."""
    problems = page_problems.all()
    violations = wcag_violations(page)
    page_problems.errors.clear()
    page.evaluate("window.__cspViolations = []")
    return problems + violations


def visible_headings(options) -> list[str]:
    headings = options.locator("thead th")
    return [
        headings.nth(n).inner_text().strip()
        for n in range(headings.count())
        if headings.nth(n).is_visible() and headings.nth(n).inner_text().strip()
    ]


def test_an_instructor_builds_and_publishes_a_module_in_one_step_a_learner_then_takes_it(
    page, page_problems, site, course, wcag_violations
):
    UserFactory(email="sensei@example.com", display_name="Sensei")
    UserFactory(email="aiko@example.com", display_name="Aiko")
    call_command("make_instructor", "sensei@example.com", "--course", course.slug)
    page.set_viewport_size(DESKTOP)
    sign_in(page, site, "sensei@example.com")

    # The module, with two lessons and a quiz, on one page; no position to type anywhere.
    page.goto(site + "/admin/lessons/module/add/")
    expect(page.get_by_label("Position:")).to_have_count(0)
    page.locator(".field-course .select2-selection").click()
    page.locator(".select2-search__field").fill("Social")
    page.get_by_role("option", name="Social networking in Japan").click()
    page.get_by_label("Title:").fill("LINE at work")
    page.get_by_label("Title:").press("Tab")
    expect(page.get_by_label("Slug:")).to_have_value("line-at-work")
    lessons = page.locator("#lessons-group")
    for title, slug in (("Stickers", "stickers"), ("Read receipts", "read-receipts")):
        lesson = add_row(lessons, "Add another Lesson")
        lesson.locator("input[name$='-title']").fill(title)
        lesson.locator("input[name$='-title']").press("Tab")  # the slug follows the title
        expect(lesson.locator("input[name$='-slug']")).to_have_value(slug)
    # "Read receipts" should come first: moved up by keyboard, the move announced.
    second = lessons.locator(".djn-item.djn-inline-form").nth(1)
    second.get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="moved")).to_have_text(
        "“Read receipts” moved to place 1 of 2. Save to keep it."
    )
    quiz_row = add_row(page.locator("#quizzes-group"), "Add another Quiz")
    quiz_row.locator("input[name$='-title']").fill("LINE quiz")
    quiz_row.locator("input[name$='-title']").press("Tab")
    expect(quiz_row.locator("input[name$='-slug']")).to_have_value("line-quiz")
    save_and_continue(page, "was added successfully")
    module = Module.objects.get(slug="line-at-work")
    assert list(course.modules.all())[-1] == module  # last in its course, not first
    assert [lesson.title for lesson in module.lessons.all()] == ["Read receipts", "Stickers"]
    page.screenshot(path=f"{SHOTS}-1-module.png", full_page=True)
    assert audit(page, page_problems, wcag_violations) == []

    # Each lesson's text, one click away, written beside its live preview.
    for title, body in (
        ("Read receipts", "# 既読\n\nA <ruby>既読<rt>きどく</rt></ruby> mark means *read*."),
        ("Stickers", "Stickers (スタンプ) soften a short reply."),
    ):
        page.get_by_role("link", name=f"Write the text of “{title}”").click()
        page.get_by_label("Body:").fill(body)
        preview = page.locator(".lesson-preview")
        if title == "Read receipts":
            expect(preview.locator("h2")).to_have_text("既読")  # demoted: the title is the h1
            expect(preview.locator("ruby rt")).to_have_text("きどく")
            expect(preview.locator("em")).to_have_text("read")
            page.get_by_role("button", name="Phone width").click()
            expect(page.get_by_role("button", name="Phone width")).to_have_attribute(
                "aria-pressed", "true"
            )
            assert preview.bounding_box()["width"] <= 390
            page.screenshot(path=f"{SHOTS}-2-lesson-preview.png", full_page=True)
            assert audit(page, page_problems, wcag_violations) == []
        else:
            expect(preview).to_contain_text("soften a short reply")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        page.goto(site + f"/admin/lessons/module/{module.pk}/change/")

    # The quiz's questions, one of every kind, each with the option fields its kind reads.
    page.get_by_role("link", name="Write its questions of “LINE quiz”").click()
    single = add_question(page, "Single choice", "Your manager adds you on LINE. You...")
    expect(single.locator(".kind-rule")).to_contain_text("Mark exactly one option as correct")
    assert visible_headings(options_of(single)) == [
        "OPTION",
        "CORRECT",
        "FEEDBACK (OPTIONAL)",
        "DELETE?",
    ]
    add_option(single, "Add another Option", "Greet the group", correct=True)
    add_option(single, "Add another Option", "Stay silent", correct=True)
    multiple = add_question(page, "Multiple choice (select all that apply)", "Polite replies?")
    add_option(multiple, "Add another Option", "Thank you", correct=True)
    add_option(multiple, "Add another Option", "Noted, with thanks", correct=True)
    add_option(multiple, "Add another Option", "k")
    true_false = add_question(page, "True or false", "A read mark means the message was read.")
    # Its two options come with it, and no more can be added.
    tf_options = options_of(true_false).locator("input[name$='-text']:not([name*='__prefix__'])")
    expect(tf_options).to_have_count(2)
    expect(tf_options.nth(0)).to_have_value("True")
    expect(tf_options.nth(1)).to_have_value("False")
    expect(options_of(true_false).get_by_role("link", name="Add another Option")).to_be_hidden()
    options_of(true_false).locator("input[name$='-0-is_correct']").check()
    short = add_question(page, "Short text", "Which app shows 既読?")
    assert visible_headings(options_of(short)) == ["ACCEPTED ANSWER", "DELETE?"]
    add_option(short, "Add another accepted answer", "LINE")
    add_option(short, "Add another accepted answer", "ライン")
    ordering = add_question(page, "Ordering", "Put a first message in order.")
    assert visible_headings(options_of(ordering)) == [
        "ITEM (LIST THEM IN THE CORRECT ORDER)",
        "DELETE?",
    ]
    for item in ("Greet", "Say who you are", "Ask"):
        add_option(ordering, "Add another item", item)
    matching = add_question(page, "Matching", "Match each word to its meaning.")
    assert visible_headings(options_of(matching)) == [
        "LEFT SIDE",
        "MATCHES (RIGHT SIDE)",
        "DELETE?",
    ]
    add_option(matching, "Add another pair", "既読", match="read")
    add_option(matching, "Add another pair", "スタンプ", match="sticker")
    page.screenshot(path=f"{SHOTS}-3-questions.png", full_page=True)
    page.get_by_role("button", name="Save and continue editing").click()
    # Two right answers to a single-choice question: told at once, beside the question.
    first = questions(page).nth(0)
    expect(first.locator(".errorlist")).to_contain_text(
        "A single-choice question needs exactly one correct option; it has 2."
    )
    first.locator("input[name$='-1-is_correct']").uncheck()
    save_and_continue(page, "was changed successfully")
    assert saved_kinds(page) == [
        "single",
        "multiple",
        "true_false",
        "short_text",
        "ordering",
        "matching",
    ]

    # Drag the multiple-choice question above the first; move the matching one up by keyboard.
    headings = questions(page).locator(":scope > h3")
    page.set_viewport_size({"width": 1366, "height": 1600})  # both questions in view
    headings.nth(0).evaluate("heading => heading.scrollIntoView({block: 'start'})")
    drag(page, headings.nth(1), headings.nth(0))
    expect(questions(page).nth(0).locator("select[name$='-kind']").first).to_have_value("multiple")
    page.set_viewport_size(DESKTOP)
    questions(page).nth(5).get_by_role("button", name="Move up").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="moved")).to_contain_text(
        "“Match each word to its meaning.” moved to place 5 of 6."
    )
    save_and_continue(page, "was changed successfully")
    order = ["multiple", "single", "true_false", "short_text", "matching", "ordering"]
    assert saved_kinds(page) == order
    assert list(Question.objects.filter(quiz__slug="line-quiz").values_list("kind", flat=True)) == (
        order
    )
    page.screenshot(path=f"{SHOTS}-4-quiz.png", full_page=True)
    assert audit(page, page_problems, wcag_violations) == []

    # Publish the module with its lessons and quiz, in one step, from its checklist.
    page.goto(site + f"/admin/lessons/module/{module.pk}/change/")
    page.get_by_role("link", name="Publish…").click()
    expect(page.locator(".checklist-summary")).to_contain_text("Everything is ready")
    expect(page.locator(".checklist > li")).to_have_count(4)  # module, 2 lessons, quiz
    page.screenshot(path=f"{SHOTS}-5-publish.png", full_page=True)
    assert audit(page, page_problems, wcag_violations) == []
    page.get_by_role("button", name="Publish the module with its lessons and quizzes").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Published “LINE at work” with its lessons and quizzes."
    )
    assert page_problems.all() == []

    # A learner reads the lesson and passes the quiz, on a phone.
    page.context.clear_cookies()  # the instructor's session ends
    page.set_viewport_size(PHONE)
    sign_in(page, site, "aiko@example.com")
    page.goto(site + "/courses/sns-japan/")
    expect(page.get_by_role("heading", name="LINE at work")).to_be_visible()  # listed last
    page.goto(site + "/courses/sns-japan/line-at-work/read-receipts/")
    expect(page.locator(".prose ruby rt")).to_have_text("きどく")
    expect(page.get_by_role("note")).to_have_count(0)  # no draft banner
    page.goto(site + "/courses/sns-japan/line-at-work/quiz/line-quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    number = {kind: n for n, kind in enumerate(order, start=1)}

    def question(kind):
        """`kind`'s question, brought into view with Next or Back (one shows at a time)."""
        return reach_number(page, number[kind])

    question("true_false").get_by_label("True", exact=True).check()
    question("single").get_by_label("Greet the group").check()
    question("multiple").get_by_label("Thank you").check()
    question("multiple").get_by_label("Noted, with thanks").check()
    question("short_text").get_by_label("Your answer").fill("line")
    matching = question("matching")
    for left, right in (("既読", "read"), ("スタンプ", "sticker")):
        matching.get_by_role("button", name=re.compile(rf"^{re.escape(left)}, ")).click()
        matching.get_by_role("button", name=re.compile(rf"^{re.escape(right)}(, |$)")).click()
    ordering = question("ordering")
    items = ordering.locator(".sortable__text")
    expect(items.first).to_be_attached()
    answer = ["Greet", "Say who you are", "Ask"]
    if items.all_text_contents() == answer:  # untouched is unanswered: move one and back
        ordering.get_by_role("button", name="Move “Greet” down").click()
    for place, text in enumerate(answer):
        for _ in range(items.all_text_contents().index(text) - place):
            ordering.get_by_role("button", name=f"Move “{text}” up").click()
    assert items.all_text_contents() == answer
    reach_number(page, len(order))
    submit(page)
    expect(page.locator("#score-title")).to_contain_text("Passed: 100%")
    assert page_problems.all() == []
