"""A quiz's report: its attempts in figures, and each question with the options learners pick."""

from django.urls import reverse

from quizzes.grading import Kind
from tests.factories import SIX_KINDS, add_question, build_quiz
from tests.reports.helpers import learners_in, submit, text_of


def url(quiz) -> str:
    return reverse("reports:quiz", kwargs={"quiz_id": quiz.pk})


def test_the_attempts_in_figures(sensei_client, graded):
    figures = text_of(sensei_client.get(url(graded["quiz"])), "figures")

    assert figures == (
        "Submitted attempts Submitted attempts 4 Learners who attempted 3 "
        "Mean score 62.5% Median score 60% Pass rate 50% 2 of 4 attempts "
        "Learners who passed 2 of 3 (66%)"
    )


def test_questions_come_most_missed_first_with_their_option_picks(sensei_client, graded):
    response = sensei_client.get(url(graded["quiz"]))
    greeting, kidoku, manners = graded["quiz"].questions.all()

    page = text_of(response, "content-main")
    assert page.index("Question 3 ·") < page.index("Question 2 ·") < page.index("Question 1 ·")
    assert text_of(response, f"question-{manners.pk}") == (
        "Question 3 · Multiple choice (select all that apply) · 2 points Missed by most "
        "Which are good manners in a team chat? "
        "Fully correct in 1 of 4 responses (25%) · average 1.00 of 2 points "
        "Option Picked in Mark "
        "Reply 3 of 4 (75%) Correct "
        "Polite 1 of 4 (25%) Correct "
        "Stamps 1 of 4 (25%) Most picked wrong option "
        "Leave 0 of 4 (0%)"
    )
    assert text_of(response, f"question-{kidoku.pk}") == (
        "Question 2 · True or false · 3 points "
        "A kidoku mark shows that you have read a message. "
        "Fully correct in 2 of 4 responses (50%) · average 1.50 of 3 points "
        "Option Picked in Mark "
        "True 2 of 4 (50%) Correct False 2 of 4 (50%) Most picked wrong option"
    )
    assert text_of(response, f"question-{greeting.pk}") == (
        "Question 1 · Single choice · 5 points How do you greet a new client? "
        "Fully correct in 3 of 4 responses (75%) · average 3.75 of 5 points "
        "Option Picked in Mark "
        "Bow 3 of 4 (75%) Correct Wave 1 of 4 (25%) Most picked wrong option Hug 0 of 4 (0%)"
    )


def test_the_most_picked_wrong_option_is_highlighted_and_the_correct_ones_marked(
    sensei_client, graded
):
    html = sensei_client.get(url(graded["quiz"])).content.decode()

    assert html.count('class="correct-option"') == 4  # Bow, True, Reply, Polite
    assert html.count('class="most-picked-wrong"') == 3  # Wave, False, Stamps


def test_blanks_count_as_missed_and_are_counted(sensei_client, course, graded):
    quiz = graded["quiz"]
    greeting, _, manners = quiz.questions.all()
    (eri,) = learners_in(course, ["Eri"])
    submit(eri, quiz, {greeting: "Bow"})  # two questions left blank

    page = text_of(sensei_client.get(url(quiz)), f"question-{manners.pk}")

    assert "Fully correct in 1 of 5 responses (20%)" in page
    assert "left blank 1 time" in page
    assert "Reply 3 of 5 (60%)" in page


def test_questions_without_options_show_their_tally_alone(sensei_client, course):
    quiz = build_quiz(module=course.modules.get(slug="m2"), kinds=[Kind.SHORT_TEXT, Kind.ORDERING])
    typed, ordered = quiz.questions.all()
    aiko, ben = learners_in(course, ["Aiko", "Ben"])
    submit(aiko, quiz, {typed: "line"})
    submit(ben, quiz, {typed: "WhatsApp"})

    response = sensei_client.get(url(quiz))

    assert text_of(response, f"question-{typed.pk}") == (
        f"Question 1 · Short text · 1 point {SIX_KINDS[Kind.SHORT_TEXT][0]} "
        "Fully correct in 1 of 2 responses (50%) · average 0.50 of 1 point "
        "Most common wrong answers Answer given Responses “WhatsApp” 1"
    )
    assert text_of(response, f"question-{ordered.pk}").endswith(
        "Fully correct in 0 of 2 responses (0%) · average 0.00 of 1 point "
        "Every response that missed it was left blank."
    )


STEPS = [text for text, *_ in SIX_KINDS[Kind.ORDERING][1]]


def test_short_text_wrong_answers_are_counted_as_graded_the_most_common_first(
    sensei_client, course
):
    quiz = build_quiz(module=course.modules.get(slug="m2"), kinds=[Kind.SHORT_TEXT])
    (typed,) = quiz.questions.all()
    typing = ["WhatsApp", "whatsapp.", "Kakao", "LINE", " WhatsApp ", "Kakao", "Viber", ""]
    for learner, text in zip(learners_in(course, [f"L{n}" for n in range(8)]), typing, strict=True):
        submit(learner, quiz, {typed: text})

    assert text_of(sensei_client.get(url(quiz)), f"question-{typed.pk}").endswith(
        "Most common wrong answers Answer given Responses “WhatsApp” 3 “Kakao” 2 “Viber” 1"
    )


def test_ordering_lists_the_most_common_wrong_orders(sensei_client, course):
    quiz = build_quiz(module=course.modules.get(slug="m2"), kinds=[Kind.ORDERING])
    (ordered,) = quiz.questions.all()
    a, b, c, d = STEPS
    orders = [[b, a, c, d], [b, a, c, d], [a, b, d, c], [a, b, c, d]]
    for learner, order in zip(learners_in(course, ["P", "Q", "R", "S"]), orders, strict=True):
        submit(learner, quiz, {ordered: order})

    page = text_of(sensei_client.get(url(quiz)), f"question-{ordered.pk}")
    assert page.endswith(
        f"Most common wrong orders Order given Responses {b} {a} {c} {d} 2 {a} {b} {d} {c} 1"
    )


def test_matching_lists_the_pairs_confused(sensei_client, course):
    quiz = build_quiz(module=course.modules.get(slug="m2"), kinds=[Kind.MATCHING])
    (matched,) = quiz.questions.all()
    swapped = {"meishi": "kidoku", "kidoku": "meishi", "shukatsu": "shukatsu"}
    one_wrong = {"meishi": "meishi", "kidoku": "shukatsu", "shukatsu": "kidoku"}
    right = {"meishi": "meishi", "kidoku": "kidoku", "shukatsu": "shukatsu"}
    answers = [swapped, swapped, one_wrong, right]
    for learner, answer in zip(learners_in(course, ["P", "Q", "R", "S"]), answers, strict=True):
        submit(learner, quiz, {matched: answer})

    page = text_of(sensei_client.get(url(quiz)), f"question-{matched.pk}")
    assert page.endswith(
        "Pairs most often confused Item → matched with (should be) Responses "
        "meishi → a read receipt (should be a business card) 2 "
        "kidoku → a business card (should be a read receipt) 2 "
        "kidoku → the student job hunt (should be a read receipt) 1 "
        "shukatsu → a read receipt (should be the student job hunt) 1"
    )


def test_a_question_added_after_the_attempts_says_it_was_not_answered(sensei_client, graded):
    quiz = graded["quiz"]
    late = add_question(
        quiz, Kind.SINGLE, "Added later?", [("Yes", True, "", ""), ("No", False, "", "")]
    )

    page = text_of(sensei_client.get(url(quiz)), f"question-{late.pk}")

    assert page.endswith(
        "Added later? Not answered yet: it was added after the attempts so far began."
    )


def test_a_quiz_nobody_has_submitted_says_so(sensei_client, quiz):
    response = sensei_client.get(url(quiz))

    assert "No attempt has been submitted yet." in text_of(response)
    assert "Mean score" not in text_of(response)


def test_the_quiz_page_names_its_pass_mark_and_links_back_to_its_course(sensei_client, graded):
    quiz = graded["quiz"]
    response = sensei_client.get(url(quiz))

    assert "Module 1 · pass mark 70% · unlimited attempts" in text_of(response)
    course_report = reverse("reports:course", kwargs={"course_id": quiz.module.course_id})
    assert f'href="{course_report}"' in response.content.decode()


def test_answers_kept_from_before_a_question_changed_kind_pick_nothing(sensei_client, course):
    quiz = build_quiz(module=course.modules.get(slug="m2"), kinds=[Kind.SHORT_TEXT, Kind.MATCHING])
    typed, matched = quiz.questions.all()
    (aiko,) = learners_in(course, ["Aiko"])
    submit(aiko, quiz, {typed: "LINE"})
    quiz.questions.update(kind=Kind.SINGLE)  # the typed and the matching answers stay as they were

    response = sensei_client.get(url(quiz))

    assert response.status_code == 200
    assert "Fully correct in 1 of 1 responses (100%)" in text_of(response, f"question-{typed.pk}")
    assert "left blank 1 time" in text_of(response, f"question-{matched.pk}")
