"""A quiz's statistics page and its CSV: which attempts count, what the page says, who may see it.

`graded` (tests/reports/conftest.py) holds four attempts at a 10-point quiz: Aiko 4 then 9
points, Ben 5, Chika 7."""

import csv
import io
import time

import pytest
from django.urls import reverse

from jsnlearn.reports import views
from lessons.models import Course
from quizzes.grading import Kind
from quizzes.models import Quiz
from tests.factories import SIX_KINDS, add_question, build_quiz
from tests.reports.helpers import learners_in, submit, text_of


def url(quiz, **query) -> str:
    path = reverse("reports:quiz_statistics", kwargs={"quiz_id": quiz.pk})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def csv_url(quiz, **query) -> str:
    path = reverse("reports:quiz_statistics_csv", kwargs={"quiz_id": quiz.pk})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(
    ("attempts", "counted", "mean", "median"),
    [
        (None, 3, "53.3%", "50.0%"),  # first: 4, 5 and 7 of 10
        ("first", 3, "53.3%", "50.0%"),
        ("best", 3, "70.0%", "70.0%"),  # Aiko's 9 instead of her 4
        ("last", 3, "70.0%", "70.0%"),  # her last is her best
        ("all", 4, "62.5%", "60.0%"),  # 4, 5, 7, 9
    ],
)
def test_the_attempts_counted_are_each_learners_first_best_last_or_all(
    sensei_client, graded, attempts, counted, mean, median
):
    query = {"attempts": attempts} if attempts else {}
    figures = text_of(sensei_client.get(url(graded["quiz"], **query)), "quiz-figures")
    assert figures.startswith(
        f"The quiz Attempts counted {counted} Mean score {mean} Median score {median} "
        "Standard deviation"
    )


@pytest.mark.parametrize("attempts", ["worst", "FIRST", "1", "first%00"])
def test_an_unknown_choice_of_attempts_is_a_400(sensei_client, graded, attempts):
    assert sensei_client.get(url(graded["quiz"], attempts=attempts)).status_code == 400
    assert sensei_client.get(csv_url(graded["quiz"], attempts=attempts)).status_code == 400


def test_an_empty_choice_counts_first_attempts(sensei_client, graded):
    figures = text_of(sensei_client.get(url(graded["quiz"], attempts="")), "quiz-figures")
    assert figures.startswith("The quiz Attempts counted 3 Mean score 53.3%")


def test_with_few_attempts_the_page_says_the_threshold_and_why(sensei_client, graded):
    note = text_of(sensei_client.get(url(graded["quiz"])), "few-attempts")
    assert note.startswith("Too few attempts to trust these figures. 3 attempts counted; below 30")
    assert "1/√N" in note


def test_the_formulas_are_on_the_page(sensei_client, graded):
    formulas = text_of(sensei_client.get(url(graded["quiz"])), "formulas")
    for words in (
        "\u03b1 = k \u2044 (k \u2212 1) \u00d7 (1 \u2212 \u03a3 var(x j ) \u2044 var(T))",
        "SD \u00d7 \u221a(1 \u2212 \u03b1)",
        "100 \u00d7 r(x j , R j )",
        "Point-biserial of an option",
        "Under 30 attempts the page warns",
    ):
        assert words in formulas


def test_each_question_and_option_is_listed_with_its_figures(sensei_client, graded):
    response = sensei_client.get(url(graded["quiz"]))
    greeting = graded["quiz"].questions.first()
    table = text_of(response, "questions")
    # First attempts: Greeting 0, 5, 5 of 5 points; Kidoku 3, 0, 0 of 3; Manners 1, 0, 2 of 2.
    assert "1. How do you greet a new client? Single choice 66.7%" in table
    assert "2. A kidoku mark shows that you have read a message. True or false 33.3%" in table
    assert "3. Which are good manners in a team chat? Multiple choice" in table
    options = text_of(response, f"question-{greeting.pk}")
    assert "A. Bow 2 of 3 (67%)" in options
    assert "B. Wave 1 of 3 (33%)" in options
    assert "C. Hug 0 of 3 (0%) —" in options  # nobody picked it: no correlation


def test_the_csv_has_the_quizs_figures_then_a_row_per_question_and_option(sensei_client, graded):
    quiz = graded["quiz"]
    quiz.title = "=Greetings"  # a title a spreadsheet would run as a formula
    quiz.save()
    response = sensei_client.get(csv_url(quiz, attempts="all"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "statistics-all" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Quiz", "Attempts counted", "Mean (%)", "Median (%)"]
    assert rows[1][:4] == ["'=Greetings (all attempts)", "4", "62.5", "60.0"]
    assert rows[3] == views.STATISTICS_HEADER
    questions = [row for row in rows[4:] if row[1] == ""]
    assert [row[0] for row in questions] == ["1", "2", "3"]
    assert questions[0][5] == "75.0"  # Greeting: 0, 5, 5, 5 of 5 over all four
    options = [row[:5] for row in rows[4:] if row[0] == "1" and row[1]]
    assert options == [
        ["1", "A", "Bow", "", "yes"],
        ["1", "B", "Wave", "", "no"],
        ["1", "C", "Hug", "", "no"],
    ]


def test_figures_are_kept_for_the_period_then_computed_again(
    sensei_client, graded, course, monkeypatch
):
    quiz = graded["quiz"]
    (eri,) = learners_in(course, ["Eri"])
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)  # no minute ends mid-test
    before = text_of(sensei_client.get(url(quiz)), "quiz-figures")
    greeting, kidoku, manners = quiz.questions.all()
    submit(eri, quiz, {greeting: "Bow", kidoku: "True", manners: {"Reply", "Polite"}})
    assert text_of(sensei_client.get(url(quiz)), "quiz-figures") == before
    next_period = now + views.REPORT_SECONDS
    monkeypatch.setattr(time, "time", lambda: next_period)
    assert "Attempts counted 4" in text_of(sensei_client.get(url(quiz)), "quiz-figures")


def test_an_edit_of_the_course_computes_them_afresh(sensei_client, graded, course):
    quiz = graded["quiz"]
    (eri,) = learners_in(course, ["Eri"])
    sensei_client.get(url(quiz))
    greeting, kidoku, manners = quiz.questions.all()
    submit(eri, quiz, {greeting: "Bow", kidoku: "True", manners: {"Reply", "Polite"}})
    Course.objects.filter(pk=course.pk).renew_content_version()
    assert "Attempts counted 4" in text_of(sensei_client.get(url(quiz)), "quiz-figures")


def test_with_no_attempt_the_page_says_so(sensei_client, quiz):
    page = text_of(sensei_client.get(url(quiz)), "content-main")
    assert "No attempt has been submitted yet." in page
    assert "How these figures are worked out" in page


def test_the_quiz_report_links_to_its_statistics(sensei_client, graded):
    quiz = graded["quiz"]
    page = sensei_client.get(reverse("reports:quiz", kwargs={"quiz_id": quiz.pk}))
    assert f'href="{url(quiz)}"' in page.content.decode()


def test_a_question_added_after_most_attempts_is_left_out_not_the_attempts(
    sensei_client, graded, course
):
    quiz = graded["quiz"]
    late = add_question(quiz, Kind.SHORT_TEXT, "Added later?", [("yes", True, "", "")], position=9)
    quiz = Quiz.objects.get(pk=quiz.pk)  # read again, with the course's new content version
    (eri,) = learners_in(course, ["Eri"])
    greeting = quiz.questions.first()
    submit(eri, quiz, {greeting: "Bow", late: "yes"})  # the only paper with it
    response = sensei_client.get(url(quiz))

    assert "4 attempts counted" in text_of(response)
    assert "set aside" not in text_of(response)
    assert "4. Added later? Short text Left out: added after most" in text_of(response, "questions")


def test_attempts_without_a_question_most_papers_had_are_set_aside(sensei_client, graded, course):
    quiz = graded["quiz"]
    late = add_question(quiz, Kind.SHORT_TEXT, "Added later?", [("yes", True, "", "")], position=9)
    quiz = Quiz.objects.get(pk=quiz.pk)  # read again, with the course's new content version
    greeting = quiz.questions.first()
    for learner in learners_in(course, ["Eri", "Fumi", "Goro", "Hana"]):
        submit(learner, quiz, {greeting: "Bow", late: "no"})
    response = sensei_client.get(url(quiz))

    # Seven first attempts; Aiko's, Ben's and Chika's lack the question the other four had.
    assert "4 attempts counted" in text_of(response)
    assert "3 set aside: a question was added after they began" in text_of(response)


def test_every_kind_of_question_is_analysed_and_only_choice_questions_list_options(
    sensei_client, course
):
    quiz = build_quiz(module=course.modules.get(slug="m2"))  # one question of each kind
    questions = list(quiz.questions.all())
    (single, multiple, true_false, typed, ordered, matched) = questions
    steps = [text for text, *_ in SIX_KINDS[Kind.ORDERING][1]]
    right_pairs = {left: left for left in ("meishi", "kidoku", "shukatsu")}
    for n, learner in enumerate(learners_in(course, ["P", "Q", "R"])):
        submit(
            learner,
            quiz,
            {
                typed: ["LINE", "Kakao", "line"][n],
                ordered: steps if n else list(reversed(steps)),
                matched: right_pairs,
            },
        )
    response = sensei_client.get(url(quiz))
    table = text_of(response, "questions")

    assert (
        "4. Which messaging app do most people in Japan use? Answer in one word. Short text 66.7%"
        in table
    )
    assert "5. Put the steps of exchanging business cards in order. Ordering 66.7%" in table
    assert "6. Match each Japanese term with its meaning. Matching 100.0%" in table
    html = response.content.decode()
    for question in (single, multiple, true_false):
        assert f'id="question-{question.pk}"' in html
    for question in (typed, ordered, matched):
        assert f'id="question-{question.pk}"' not in html


def test_the_best_of_equal_attempts_is_the_earliest(sensei_client, graded):
    quiz = graded["quiz"]
    ben = graded["learners"][1]
    greeting, kidoku, manners = quiz.questions.all()
    # Ben scores 50% again, with other answers; his first 50% counts as his best.
    submit(ben, quiz, {greeting: "Wave", kidoku: "True", manners: {"Reply", "Polite"}})
    rows = list(
        csv.reader(
            io.StringIO(
                sensei_client.get(csv_url(quiz, attempts="best")).content.decode("utf-8-sig")
            )
        )
    )
    greeting_row = next(row for row in rows[4:] if row[0] == "1" and row[1] == "")
    # Best: Aiko's 9 (Bow), Ben's first 5 (Bow), Chika's 7 (Bow): all three right on Greeting.
    assert greeting_row[5] == "100.0"
