"""A submitted attempt's result page, under each of the quiz's reveal policies: what a learner
reads there about their score, each question, and the answers."""

import re
from decimal import Decimal

from django.http import HttpResponse

from quizzes import grading
from quizzes.grading import Kind
from quizzes.models import Choice, Quiz, Response
from tests.factories import SIX_KINDS
from tests.helpers import text
from tests.quizzes.helpers import attempt_url, result_url, start, submit

EXPLANATIONS = [f"EXPLAIN-{kind}: why this answer fits." for kind in SIX_KINDS]
# What the failing answers below pick, and the feedback on everything else.
CHOSEN_FEEDBACK = ["FB-ignore-forever", "FB-working-hours", "FB-false-read-mark"]
OTHER_FEEDBACK = [
    "FB-accept-professional",
    "FB-ask-why",
    "FB-polite-language",
    "FB-late-stamps",
    "FB-leave-silently",
    "FB-true-read-mark",
]
WAIT_FOR_ANSWERS = (
    "The correct answers and explanations appear once you pass this quiz or have used all "
    "your attempts."
)
SCORE_ONLY = "This quiz shows your score only, not the answers."
MARKS = re.compile(r"\b(Right|Wrong|Partly right|Not answered)\b")


def set_quiz(quiz, **fields):
    Quiz.objects.filter(pk=quiz.pk).update(**fields)


def question(quiz, kind):
    return quiz.questions.get(kind=kind)


def option(quiz, text_):
    return Choice.objects.get(question__quiz=quiz, text=text_).pk


def failing_answers(quiz) -> dict:
    """1.5 of 6 points (25%): question 1 (single) wrong, 2 (multiple) one of its two right
    options, 3 (true/false) wrong, 4 (short text) and 5 (ordering) blank, 6 (matching) right."""
    matching = question(quiz, Kind.MATCHING)
    return {
        question(quiz, Kind.SINGLE).pk: option(quiz, "Ignore it for ever"),
        question(quiz, Kind.MULTIPLE).pk: frozenset({option(quiz, "Reply within working hours")}),
        question(quiz, Kind.TRUE_FALSE).pk: option(quiz, "False"),
        matching.pk: {choice.pk: choice.pk for choice in matching.choices.all()},
    }


def passing_answers(quiz) -> dict:
    return {q.pk: grading.correct_answer(q.spec()) for q in quiz.questions.all()}


def take(client, quiz, answers=failing_answers):
    """Start an attempt at `quiz` and submit `answers(quiz)`; the submitted attempt."""
    return submit(client, start(client), answers(quiz))


def result(client, attempt):
    response = client.get(result_url(attempt))
    assert response.status_code == 200
    return response


def section(response, number) -> str:
    """The words of question `number`'s part of the result."""
    html = response.content.decode()
    part = html.split(f'<li id="question-{number}"', 1)[1]
    part = part.split('<li id="question-', 1)[0].split("</ol>", 1)[0]
    return text(HttpResponse(f"<li{part}"))


def stats(response) -> dict:
    """The score card's figures, by label: {"Best score": "25%", "Attempts": "1 used"}."""
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", response.content.decode())
    return {dt: text(HttpResponse(dd)) for dt, dd in pairs}


def assert_explains(response) -> str:
    """Every explanation and the feedback on the options chosen, none on the others; the
    page's words."""
    page = text(response)
    for explanation in EXPLANATIONS:
        assert explanation in page
    for feedback in CHOSEN_FEEDBACK:
        assert feedback in page
    for feedback in OTHER_FEEDBACK:
        assert feedback not in page
    return page


def assert_reveals_answers(response):
    page = assert_explains(response)
    first = section(response, 1)
    assert "Accept it and keep what you post professional Correct" in first
    assert "Ignore it for ever Your answer Wrong FB-ignore-forever" in first
    second = section(response, 2)
    assert "Reply within working hours Your answer Correct FB-working-hours" in second
    assert "Use polite language with your manager Correct" in second
    third = section(response, 3)
    assert "True Correct" in third
    assert "False Your answer Wrong FB-false-read-mark" in third
    assert "Your answer: none Accepted: LINE" in section(response, 4)
    assert "Place 1 none ✗(wrong) Correct: Stand up to face them" in section(response, 5)
    assert "meishi a business card ✓(right)" in section(response, 6)
    assert WAIT_FOR_ANSWERS not in page


def assert_hides_answers(response):
    page = text(response)
    assert "EXPLAIN-" not in page
    assert "FB-" not in page
    assert "Accepted:" not in page
    for number in range(1, 7):
        assert "Correct" not in section(response, number)
    assert not re.search("[✓✗]", page)
    assert "--correct" not in response.content.decode()


# ---- "always" ----


def test_always_reveals_explanations_the_correct_options_and_the_chosen_options_feedback(
    learner_client, quiz
):
    set_quiz(quiz, reveal_answers=Quiz.Reveal.ALWAYS)

    response = result(learner_client, take(learner_client, quiz))

    assert "Not passed: 25%" in text(response)
    assert_reveals_answers(response)


# ---- "each_attempt", the default: taught after every attempt ----


def assert_teaches_without_the_key(response):
    """Each pick marked right or wrong with its feedback, every explanation; not the options,
    accepted answers or places the learner missed."""
    page = assert_explains(response)
    first = section(response, 1)
    assert "Ignore it for ever Your answer Wrong FB-ignore-forever" in first
    assert "Accept it and keep what you post professional" not in first  # the key it missed
    second = section(response, 2)
    assert "Reply within working hours Your answer Right FB-working-hours" in second
    assert "Use polite language with your manager" not in second
    third = section(response, 3)
    assert "False Your answer Wrong FB-false-read-mark" in third
    assert "True" not in third.split("False Your answer")[1]
    assert "Accepted:" not in page
    assert "Correct:" not in page  # no right place or right match shown
    assert "meishi a business card ✓(right)" in section(response, 6)
    options = re.findall(r'class="(review-option[^"]*)"', response.content.decode())
    assert [o for o in options if "--correct" in o and "--chosen" not in o] == []


def test_new_quizzes_teach_after_each_attempt():
    assert Quiz().reveal_answers == Quiz.Reveal.EACH_ATTEMPT


def test_each_attempt_a_failed_attempt_shows_picks_feedback_and_explanations_not_the_key(
    learner_client, quiz
):
    response = result(learner_client, take(learner_client, quiz))

    assert_teaches_without_the_key(response)
    assert (
        "Each of your answers is marked right or wrong, with why. The answers you missed "
        "appear once you pass this quiz or have used all your attempts." in text(response)
    )
    assert "Read why each answer was right or wrong below, then try again" in text(response)


def test_each_attempt_marks_each_place_of_an_ordering_without_the_right_item(learner_client, quiz):
    ordering = question(quiz, Kind.ORDERING)
    items = list(ordering.choices.order_by("position"))

    def swapped(quiz):  # the first two places swapped, the rest right
        order = [choice.pk for choice in items]
        order[0], order[1] = order[1], order[0]
        return {ordering.pk: order}

    response = result(learner_client, take(learner_client, quiz, swapped))

    fifth = section(response, 5)
    assert f"Place 1 {items[1].text} ✗(wrong)" in fifth
    assert f"Place 3 {items[2].text} ✓(right)" in fifth
    assert "Correct:" not in fifth
    assert "1 of 1 point" not in fifth


def test_each_attempt_shows_the_key_once_the_learner_passes_or_runs_out(learner_client, quiz):
    set_quiz(quiz, max_attempts=2)
    first = take(learner_client, quiz)
    assert_teaches_without_the_key(result(learner_client, first))

    last = take(learner_client, quiz)

    assert_reveals_answers(result(learner_client, last))
    assert_reveals_answers(result(learner_client, first))


def test_each_attempt_an_open_attempt_keeps_the_key_hidden(learner_client, quiz):
    first = take(learner_client, quiz)
    start(learner_client)  # a retake, still open
    set_quiz(quiz, max_attempts=1)

    assert_teaches_without_the_key(result(learner_client, first))


# ---- Partial credit in words ----


def test_partial_credit_reads_in_words(learner_client, quiz):
    matching = question(quiz, Kind.MATCHING)
    meishi, kidoku, shukatsu = (option(quiz, t) for t in ("meishi", "kidoku", "shukatsu"))
    multiple = question(quiz, Kind.MULTIPLE)
    wrong_pick = next(c.pk for c in multiple.choices.all() if not c.is_correct)

    def answers(quiz):
        return {
            # One of the two right options and one wrong: 1 - 1 = nothing.
            multiple.pk: frozenset({option(quiz, "Reply within working hours"), wrong_pick}),
            matching.pk: {meishi: meishi, kidoku: shukatsu, shukatsu: kidoku},
        }

    response = result(learner_client, take(learner_client, quiz, answers))

    assert section(response, 2).startswith(
        "Question 2 Wrong 0 of 1 point 1 of 2 right picks, 1 wrong"
    )
    assert section(response, 6).startswith(
        "Question 6 Partly right 0.3 of 1 point 1 of 3 pairs right"
    )


def test_points_show_one_decimal_at_most_rounded_down():
    from quizzes.results import points_text

    assert [points_text(Decimal(p)) for p in ("5.36", "0.33", "0.5", "1.00", "12.99", "0")] == [
        "5.3",
        "0.3",
        "0.5",
        "1",
        "12.9",
        "0",
    ]


# ---- The moment: what a pass, a fail and a finished module mean ----


def test_passing_the_quiz_that_finishes_a_module_says_so_and_what_comes_next(
    learner_client, learner, quiz, lessons
):
    for lesson in lessons[:2]:
        learner_client.post(f"{lesson.get_absolute_url()}complete/", {"then": "stay"})

    page = text(result(learner_client, take(learner_client, quiz, passing_answers)))

    assert "Module complete: Module 1. 1 of 2 modules done in this course." in page
    assert "Up next: Lesson 2.1, about" in page
    assert "Continue: Lesson 2.1" in page


def test_finishing_the_course_says_so(learner_client, learner, quiz, lessons):
    for lesson in lessons:
        learner_client.post(f"{lesson.get_absolute_url()}complete/", {"then": "stay"})

    page = text(result(learner_client, take(learner_client, quiz, passing_answers)))

    assert "You've finished Social networking in Japan. Every lesson and quiz is done." in page
    assert "Back to the course" in page


def test_a_failed_attempt_points_back_to_the_module_and_to_a_retake(learner_client, quiz):
    response = result(learner_client, take(learner_client, quiz))

    html = response.content.decode()
    slug = quiz.module.slug
    assert f'href="/courses/sns-japan/?module={slug}#module-{slug}">Review the module' in html
    assert "Retake the quiz" in text(response)


def test_a_practice_attempt_after_a_pass_says_the_pass_still_counts(learner_client, quiz):
    take(learner_client, quiz, passing_answers)

    page = text(result(learner_client, take(learner_client, quiz)))

    assert "You passed this quiz before, so the module counts it as done" in page


# ---- "when_done" ----


def test_when_done_a_failed_attempt_with_attempts_left_shows_marks_not_answers(
    learner_client, quiz
):
    set_quiz(quiz, reveal_answers=Quiz.Reveal.WHEN_DONE)
    response = result(learner_client, take(learner_client, quiz))

    assert section(response, 1).startswith("Question 1 Wrong 0 of 1 point")
    assert section(response, 2).startswith("Question 2 Partly right")
    assert section(response, 3).startswith("Question 3 Wrong 0 of 1 point")
    assert section(response, 4).startswith("Question 4 Not answered 0 of 1 point")
    assert section(response, 5).startswith("Question 5 Not answered 0 of 1 point")
    assert section(response, 6).startswith("Question 6 Right 1 of 1 point")
    assert "Ignore it for ever Your answer" in section(response, 1)
    assert "False Your answer" in section(response, 3)
    assert_hides_answers(response)
    assert WAIT_FOR_ANSWERS in text(response)


def test_when_done_earlier_results_show_the_answers_once_the_learner_passes(learner_client, quiz):
    set_quiz(quiz, reveal_answers=Quiz.Reveal.WHEN_DONE)
    failed = take(learner_client, quiz)
    assert_hides_answers(result(learner_client, failed))

    passed = take(learner_client, quiz, passing_answers)

    assert passed.passed
    earlier = result(learner_client, failed)
    assert "Not passed: 25%" in text(earlier)
    assert_reveals_answers(earlier)


def test_when_done_running_out_of_attempts_shows_the_answers(learner_client, quiz):
    set_quiz(quiz, reveal_answers=Quiz.Reveal.WHEN_DONE)
    set_quiz(quiz, max_attempts=2)
    first = take(learner_client, quiz)
    page = result(learner_client, first)
    assert_hides_answers(page)
    assert "Retake the quiz" in text(page)

    last = take(learner_client, quiz)

    page = result(learner_client, last)
    assert_reveals_answers(page)
    assert "You have used all your attempts at this quiz." in text(page)
    assert "Retake the quiz" not in text(page)
    assert_reveals_answers(result(learner_client, first))


def test_when_done_an_open_attempt_keeps_the_answers_hidden_even_with_no_attempts_left(
    learner_client, quiz
):
    set_quiz(quiz, reveal_answers=Quiz.Reveal.WHEN_DONE)
    first = take(learner_client, quiz)
    start(learner_client)  # a retake, still open
    set_quiz(quiz, max_attempts=1)  # the instructor lowers the limit meanwhile

    assert_hides_answers(result(learner_client, first))


# ---- "never" ----


def assert_score_only(response):
    page = text(response)
    assert SCORE_ONLY in page
    assert "Your answers" not in page
    assert MARKS.findall(page) == []
    assert 'id="question-' not in response.content.decode()
    assert "EXPLAIN-" not in page
    assert "FB-" not in page
    assert "Correct" not in page
    assert "LINE" not in page


def test_never_shows_the_score_only_even_after_passing(learner_client, quiz):
    set_quiz(quiz, reveal_answers=Quiz.Reveal.NEVER)
    failed = take(learner_client, quiz)
    page = result(learner_client, failed)
    assert "Not passed: 25%" in text(page)
    assert_score_only(page)

    passed = take(learner_client, quiz, passing_answers)

    page = result(learner_client, passed)
    assert "Passed: 100%" in text(page)
    assert_score_only(page)
    assert_score_only(result(learner_client, failed))


def test_never_still_lists_the_blank_questions_without_links_to_hidden_marks(learner_client, quiz):
    set_quiz(quiz, reveal_answers=Quiz.Reveal.NEVER)

    response = result(learner_client, take(learner_client, quiz))

    assert "Left blank (0 points): Question 4, Question 5." in text(response)
    assert 'href="#question-' not in response.content.decode()


# ---- Partial credit, blanks, best score and attempts ----


def test_a_multiple_choice_with_one_of_its_two_right_options_earns_half_its_point(
    learner_client, quiz
):
    attempt = take(learner_client, quiz)

    response = result(learner_client, attempt)

    assert section(response, 2).startswith("Question 2 Partly right")
    multiple = Response.objects.get(attempt=attempt, question__kind=Kind.MULTIPLE)
    assert (multiple.awarded_points, multiple.is_correct) == (Decimal("0.5"), False)
    assert attempt.score == Decimal("1.5")


def test_partial_points_read_as_a_learner_writes_them(learner_client, quiz):
    response = result(learner_client, take(learner_client, quiz))

    assert section(response, 2).startswith("Question 2 Partly right 0.5 of 1 point")
    assert "You scored 1.5 of 6 points." in text(response)


def test_blank_questions_are_listed_as_left_blank_for_no_points(learner_client, quiz):
    response = result(learner_client, take(learner_client, quiz))

    assert "Left blank (0 points): Question 4, Question 5." in text(response)
    assert '<a href="#question-4">Question 4</a>' in response.content.decode()


def test_the_result_shows_the_best_score_and_the_attempts_used_and_left(learner_client, quiz):
    set_quiz(quiz, max_attempts=3)
    first = take(learner_client, quiz)
    assert stats(result(learner_client, first)) == {
        "Best score": "25%",
        "Attempts": "1 used, 2 left",
    }

    take(learner_client, quiz, passing_answers)

    # An earlier result shows the learner's standing now.
    assert stats(result(learner_client, first)) == {
        "Best score": "100%",
        "Attempts": "2 used, 1 left",
    }


def test_with_unlimited_attempts_the_result_counts_only_those_used(learner_client, quiz):
    response = result(learner_client, take(learner_client, quiz))

    assert stats(response) == {"Best score": "25%", "Attempts": "1 used"}
    assert "Retake the quiz" in text(response)


# ---- What else a learner reads there ----


def test_a_failing_result_says_what_passing_takes_and_offers_a_retake(learner_client, quiz):
    page = text(result(learner_client, take(learner_client, quiz)))

    assert "Not passed: 25%" in page
    assert "You need 70% to pass." in page
    assert "Retake the quiz" in page
    assert "Continue:" not in page


def test_a_passing_result_says_the_quiz_is_done_and_points_to_what_is_next(learner_client, quiz):
    page = text(result(learner_client, take(learner_client, quiz, passing_answers)))

    assert "Passed: 100%" in page
    assert "You scored 6 of 6 points. The pass mark is 70%: this module's quiz is done." in page
    assert "Still to do in this module: 2 lessons." in page
    assert "Continue: Lesson 2.1" in page  # the next unfinished item after the quiz


def test_the_percent_is_rounded_down_so_a_near_miss_never_reads_as_the_pass_mark(
    learner_client, quiz
):
    # 3 right, half of the multiple choice and a third of the matching: 3.83 of 6, 63.8%.
    set_quiz(quiz, pass_percent=64)
    matching = question(quiz, Kind.MATCHING)
    meishi, kidoku, shukatsu = (option(quiz, t) for t in ("meishi", "kidoku", "shukatsu"))

    def near_miss(quiz):
        answers = passing_answers(quiz)
        multiple = question(quiz, Kind.MULTIPLE).pk
        answers[multiple] = failing_answers(quiz)[multiple]  # one of the two right options
        answers[question(quiz, Kind.ORDERING).pk] = None
        answers[matching.pk] = {meishi: meishi, kidoku: shukatsu, shukatsu: kidoku}
        return answers

    attempt = take(learner_client, quiz, near_miss)

    assert (attempt.score, attempt.percent, attempt.passed) == (Decimal("3.83"), 63, False)
    page = text(result(learner_client, attempt))
    assert "Not passed: 63%" in page
    assert "You need 64% to pass." in page


def test_what_the_learner_typed_is_shown_as_text(learner_client, quiz):
    typed = '<b onmouseover="alert(1)">LINE</b>'

    def answers(quiz):
        return {question(quiz, Kind.SHORT_TEXT).pk: typed}

    response = result(learner_client, take(learner_client, quiz, answers))

    assert typed not in response.content.decode()
    assert f"Your answer: {typed}" in section(response, 4)
    assert section(response, 4).startswith("Question 4 Wrong 0 of 1 point")


def test_a_typed_answer_is_judged_as_written_loosely(learner_client, quiz):
    def answers(quiz):
        return {question(quiz, Kind.SHORT_TEXT).pk: "  line. "}

    response = result(learner_client, take(learner_client, quiz, answers))

    assert section(response, 4).startswith("Question 4 Right 1 of 1 point Which messaging app")
    assert "Your answer: line." in section(response, 4)


def test_the_result_of_an_open_attempt_is_its_form(learner_client, quiz):
    attempt = start(learner_client)

    response = learner_client.get(result_url(attempt))

    assert response.status_code == 302
    assert response.url == attempt_url(attempt)
