"""Taking a quiz without JavaScript: start, answer, confirm blanks, submit, result, retake."""

import re

import pytest
from django.test import Client

from quizzes.grading import Kind
from quizzes.models import Attempt, Response
from quizzes.paper import make_layout
from tests.factories import QuizFactory, build_quiz
from tests.helpers import text
from tests.quizzes.helpers import (
    QUIZ_URL,
    START_URL,
    attempt_url,
    correct_answers,
    form_data,
    paper_of,
    question_of,
    start,
    submit,
)


def post_answers(client, attempt, answers, **extra):
    """Post `answers` to the attempt's form as they are: blanks not confirmed unless `extra`."""
    return client.post(attempt_url(attempt), form_data(paper_of(attempt), answers) | extra)


def shown_order(page) -> list[str]:
    """The page's questions and options in the order shown: field names and option values."""
    # The CSRF token is masked afresh on every page, and may itself start with "q".
    html = re.sub(r'<input[^>]*name="csrfmiddlewaretoken"[^>]*>', "", page.content.decode())
    return re.findall(r'(?:name|value)="(q[^"]*|[0-9a-f]{16})"', html)


def all_correct(attempt) -> dict:
    return correct_answers(paper_of(attempt))


def test_a_learner_takes_the_quiz_and_passes(learner_client, quiz):
    attempt = start(learner_client)
    page = learner_client.get(f"/attempts/{attempt.pk}/")
    assert page.status_code == 200
    assert "Question 6" in text(page)

    response = post_answers(learner_client, attempt, all_correct(attempt))

    assert response.status_code == 302
    assert response.url == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (6, 6, 100, True)
    assert Response.objects.filter(attempt=attempt, is_correct=True).count() == 6
    result = text(learner_client.get(response.url))
    assert "Passed: 100%" in result
    assert "You scored 6 of 6 points" in result


def test_starting_needs_an_account_and_comes_back_to_the_quiz(client, quiz):
    response = client.post(START_URL)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={QUIZ_URL}"
    assert not Attempt.objects.exists()


def test_the_intro_invites_visitors_to_sign_in_and_learners_to_start(learner_client, quiz):
    visitor_page = text(Client().get(QUIZ_URL))
    assert "6 questions" in visitor_page
    assert "pass with 70%" in visitor_page
    assert "Sign in or create a free account to take this quiz" in visitor_page

    learner_page = text(learner_client.get(QUIZ_URL))
    assert "Start the quiz" in learner_page
    assert re.search(r"Best score\s*—", learner_page)


def test_starting_again_resumes_the_unfinished_attempt_with_the_same_paper(learner_client, quiz):
    first = start(learner_client)
    shown = shown_order(learner_client.get(f"/attempts/{first.pk}/"))

    again = start(learner_client)

    assert again.pk == first.pk
    assert Attempt.objects.count() == 1
    assert shown_order(learner_client.get(f"/attempts/{first.pk}/")) == shown
    assert "Resume your attempt" in text(learner_client.get(QUIZ_URL))


def test_each_attempt_gets_its_own_shuffled_order(course):
    quiz = build_quiz(module=course.modules.first(), shuffle_questions=True, shuffle_choices=True)
    questions = list(quiz.questions.prefetch_related("choices"))

    layouts = [make_layout(quiz, questions) for _ in range(20)]

    assert len({tuple(layout["questions"]) for layout in layouts}) > 1
    multiple = str(questions[1].pk)
    assert len({tuple(layout["options"][multiple]) for layout in layouts}) > 1


def test_without_shuffling_questions_and_options_keep_the_authored_order(course):
    quiz = build_quiz(module=course.modules.first(), shuffle_choices=False)
    questions = list(quiz.questions.prefetch_related("choices"))

    layout = make_layout(quiz, questions)

    assert layout["questions"] == [question.pk for question in questions]
    single = questions[0]
    assert layout["options"][str(single.pk)] == [choice.pk for choice in single.choices.all()]


def test_blank_answers_are_confirmed_before_anything_is_graded(learner_client, quiz):
    attempt = start(learner_client)
    paper = paper_of(attempt)
    answers = all_correct(attempt)
    del answers[question_of(paper, Kind.SHORT_TEXT).question.pk]
    del answers[question_of(paper, Kind.MATCHING).question.pk]

    response = post_answers(learner_client, attempt, answers)

    assert response.status_code == 200
    page = text(response)
    assert "You left 2 questions unanswered: Question 4, Question 6" in page
    assert "Submit anyway" in page
    # Enter in a text box presses the form's first button: the one that checks blanks again.
    buttons = re.findall(r"<button[^>]*>[^<]*</button>", response.content.decode())
    submit_buttons = [b for b in buttons if 'type="submit"' in b and "link-button" not in b]
    assert submit_buttons[0] == '<button type="submit" class="button">Submit answers</button>'
    assert "checked" in response.content.decode()  # what was answered is still there
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not Response.objects.exists()


def test_confirmed_blanks_score_zero_and_are_listed_on_the_result(learner_client, quiz):
    attempt = start(learner_client)
    answers = all_correct(attempt)
    del answers[question_of(paper_of(attempt), Kind.SHORT_TEXT).question.pk]

    response = post_answers(learner_client, attempt, answers, confirm_blanks="1")

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.score, attempt.percent, attempt.passed) == (5, 83, True)
    blank = Response.objects.get(attempt=attempt, question__kind=Kind.SHORT_TEXT)
    assert (blank.awarded_points, blank.is_correct, blank.answer) == (0, False, "")
    assert "Left blank (0 points): Question 4" in text(learner_client.get(response.url))


def test_a_failed_attempt_can_be_retaken_and_the_best_score_counts(learner_client, quiz):
    first = start(learner_client)
    answers = all_correct(first)
    wrong = question_of(paper_of(first), Kind.SINGLE)
    answers[wrong.question.pk] = next(o.choice.pk for o in wrong.options if not o.choice.is_correct)
    for shown in paper_of(first).questions[2:]:
        answers.pop(shown.question.pk)
    submit(learner_client, first, answers)
    first.refresh_from_db()
    assert (first.percent, first.passed) == (16, False)
    assert "Not passed: 16%" in text(learner_client.get(f"/attempts/{first.pk}/result/"))

    second = start(learner_client)
    assert second.pk != first.pk
    submit(learner_client, second, all_correct(second))

    response = learner_client.get(QUIZ_URL)
    intro, html = text(response), response.content.decode()
    assert re.search(r"Best score\s*100%", intro)
    assert "2 used" in intro
    assert "Retake the quiz" in intro
    # Its attempts, newest first, each linking to its result.
    assert intro.index("100% Passed") < intro.index("16% Not passed")
    assert html.index(f"/attempts/{second.pk}/result/") < html.index(
        f"/attempts/{first.pk}/result/"
    )


def test_the_pass_mark_is_compared_exactly_and_the_percent_rounds_down(learner_client, course):
    quiz = build_quiz(
        module=course.modules.first(),
        slug="q1",
        kinds=[Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE],
    )
    quiz.pass_percent = 50
    quiz.save()
    attempt = start(learner_client)
    paper = paper_of(attempt)
    answers = {
        question_of(paper, Kind.SINGLE).question.pk: all_correct(attempt)[
            paper.questions[0].question.pk
        ]
    }
    multiple = question_of(paper, Kind.MULTIPLE)
    answers[multiple.question.pk] = frozenset(
        [next(o.choice.pk for o in multiple.options if o.choice.is_correct)]
    )

    submit(learner_client, attempt, answers)

    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (
        pytest.approx(1.5),
        3,
        50,
        True,
    )


def test_max_attempts_is_enforced_by_the_server(learner_client, quiz):
    quiz.max_attempts = 1
    quiz.save()
    attempt = start(learner_client)
    submit(learner_client, attempt, {})

    response = learner_client.post(START_URL)

    assert response.status_code == 403
    assert "You have used your only attempt" in text(response)
    assert Attempt.objects.count() == 1
    assert "You have used all your attempts" in text(learner_client.get(QUIZ_URL))


def test_a_quiz_with_no_questions_cannot_be_started(learner_client, course):
    QuizFactory(module=course.modules.first(), slug="q1")

    assert "This quiz has no questions yet" in text(learner_client.get(QUIZ_URL))
    response = learner_client.post(START_URL)
    assert response.status_code == 403
    assert not Attempt.objects.exists()


def test_the_first_attempt_enrolls_the_learner(learner_client, learner, quiz):
    attempt = start(learner_client)

    assert learner.enrollments.filter(course=quiz.module.course).exists()
    page = text(learner_client.get(attempt_url(attempt)))
    assert "You're enrolled in Social networking in Japan" in page


def test_answers_saved_for_later_come_back_and_nothing_is_graded(learner_client, quiz):
    attempt = start(learner_client)
    answers = all_correct(attempt)
    shown_text = question_of(paper_of(attempt), Kind.SHORT_TEXT)
    answers[shown_text.question.pk] = "Line."
    del answers[question_of(paper_of(attempt), Kind.MATCHING).question.pk]

    response = post_answers(learner_client, attempt, answers, save="1")

    assert response.status_code == 302
    assert response.url == attempt_url(attempt)
    page = learner_client.get(attempt_url(attempt))
    assert "Your answers are saved" in text(page)
    html = page.content.decode()
    assert 'value="Line."' in html
    # Single, both of multiple, true/false, and the four places of the ordering question.
    assert html.count(" checked") == 8
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not Response.objects.exists()

    # Submitting later grades what was saved plus what was added.
    submit(learner_client, attempt, all_correct(attempt))
    assert attempt.percent == 100


def test_saving_a_submitted_attempt_changes_nothing(learner_client, quiz):
    attempt = submit(learner_client, start(learner_client), {})

    response = post_answers(learner_client, attempt, all_correct(attempt), save="1")

    assert response.url == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert (attempt.draft, attempt.score) == ({}, 0)


def test_forged_answers_are_not_saved_either(learner_client, quiz):
    attempt = start(learner_client)

    response = learner_client.post(attempt_url(attempt), {"save": "1", "q999999": "x"})

    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.draft == {}


def test_the_intro_dates_each_attempt_to_the_second_as_html_allows(learner_client, quiz):
    attempt = start(learner_client)
    submit(learner_client, attempt, all_correct(attempt))
    attempt.refresh_from_db()
    assert attempt.submitted_at.microsecond  # a fraction HTML's datetime cannot hold in full

    html = learner_client.get(QUIZ_URL).content.decode()

    moment = attempt.submitted_at.replace(microsecond=0).isoformat()
    assert re.findall(r'<time datetime="([^"]*)"', html) == [moment]
