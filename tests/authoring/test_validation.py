"""A question that could not be graded is refused on its own options, with the rule in words,
and a quiz is published only with questions, every one of them gradable."""

import pytest

from quizzes.grading import Kind
from quizzes.models import Choice, Question, Quiz
from tests.authoring.helpers import errors_of, form_of

ADD_QUESTION = "/admin/quizzes/question/add/"


def question_form(quiz, kind, options) -> dict:
    """The question page's form for a new question; options are (text, correct, match text)."""
    data = {"quiz": quiz.pk, "position": 9, "kind": kind, "points": 1, "prompt": "Which?"}
    data |= {"explanation": "", "choices-TOTAL_FORMS": len(options), "choices-INITIAL_FORMS": 0}
    for n, (text, correct, match_text) in enumerate(options):
        prefix = f"choices-{n}-"
        data |= {prefix + "position": n, prefix + "text": text, prefix + "match_text": match_text}
        data |= {prefix + "feedback": ""} | ({prefix + "is_correct": "on"} if correct else {})
    return data


RIGHT, WRONG = ("Bow", True, ""), ("Wave", False, "")

RULES = [
    (Kind.SINGLE, [RIGHT, ("Nod", True, "")], "needs exactly one correct option; it has 2."),
    (Kind.SINGLE, [WRONG, ("Nod", False, "")], "needs exactly one correct option; it has none."),
    (Kind.SINGLE, [RIGHT], "A single-choice question needs at least 2 options; it has 1."),
    (Kind.TRUE_FALSE, [RIGHT, WRONG, ("Maybe", False, "")], "needs exactly 2 options; it has 3."),
    (Kind.TRUE_FALSE, [RIGHT, ("Nod", True, "")], "needs exactly one correct option; it has 2."),
    (Kind.MULTIPLE, [WRONG, ("Nod", False, "")], "needs at least one correct option; it has none."),
    (Kind.SHORT_TEXT, [], "A short-text question needs at least one accepted answer"),
    (Kind.ORDERING, [RIGHT], "An ordering question needs at least 2 items; it has 1."),
    (Kind.MATCHING, [("meishi", True, "a card")], "A matching question needs at least 2 pairs"),
    (
        Kind.MATCHING,
        [("meishi", True, "a card"), ("kidoku", True, "A card")],
        "The right sides of a matching question must differ; 'a card' appears more than once.",
    ),
    (
        Kind.MATCHING,
        [("meishi", True, "a card"), ("kidoku", True, "")],
        "Every pair in a matching question needs a match text; 'kidoku' has none.",
    ),
]


@pytest.mark.parametrize(("kind", "options", "message"), RULES)
def test_a_question_that_cannot_be_graded_is_refused_with_the_rule(
    instructor_client, quiz, kind, options, message
):
    before = Question.objects.count()

    response = instructor_client.post(ADD_QUESTION, question_form(quiz, kind, options))

    assert response.status_code == 200
    assert any(message in error for error in errors_of(response)), errors_of(response)
    assert Question.objects.count() == before


VALID = [
    (Kind.SINGLE, [RIGHT, WRONG]),
    (Kind.TRUE_FALSE, [("True", True, ""), ("False", False, "")]),
    (Kind.MULTIPLE, [RIGHT, ("Nod", True, ""), WRONG]),
    (Kind.SHORT_TEXT, [("LINE", False, "")]),
    (Kind.ORDERING, [("Stand up", False, ""), ("Bow", False, "")]),
    (Kind.MATCHING, [("meishi", False, "a card"), ("kidoku", False, "read")]),
]


@pytest.mark.parametrize(("kind", "options"), VALID)
def test_a_gradable_question_of_each_kind_is_saved(instructor_client, quiz, kind, options):
    response = instructor_client.post(ADD_QUESTION, question_form(quiz, kind, options))

    assert response.status_code == 302, errors_of(response)
    saved = Question.objects.get(quiz=quiz, prompt="Which?")
    assert [c.text for c in saved.choices.all()] == [text for text, _, _ in options]


# ---- On the quiz's page, where the questions and options are written ----


def quiz_page(client, quiz):
    return client.get(f"/admin/quizzes/quiz/{quiz.pk}/change/")


def save_quiz(client, quiz, data):
    return client.post(f"/admin/quizzes/quiz/{quiz.pk}/change/", data)


def test_the_quiz_page_refuses_a_question_with_two_right_answers_and_names_it(
    instructor_client, quiz
):
    data = form_of(quiz_page(instructor_client, quiz))
    data["questions-0-choices-1-is_correct"] = "on"  # the single-choice question's 2nd option

    response = save_quiz(instructor_client, quiz, data)

    errors = errors_of(response)
    assert "A single-choice question needs exactly one correct option; it has 2." in errors
    single = quiz.questions.get(kind=Kind.SINGLE)
    assert any(
        error.startswith("This quiz cannot be published while a question cannot be graded")
        and f"“{single}”" in error
        for error in errors
    ), errors
    assert Choice.objects.filter(question=single, is_correct=True).count() == 1


def test_a_draft_quiz_is_only_told_about_the_question(instructor_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(is_published=False)
    data = form_of(quiz_page(instructor_client, quiz))
    data["questions-5-choices-1-match_text"] = "a business card"  # same right side twice

    errors = errors_of(save_quiz(instructor_client, quiz, data))

    assert errors == [
        "The right sides of a matching question must differ; 'a business card' appears more "
        "than once."
    ]


def test_a_quiz_without_questions_cannot_be_published(instructor_client, quiz):
    data = form_of(quiz_page(instructor_client, quiz))
    for n in range(6):
        data[f"questions-{n}-DELETE"] = "on"

    errors = errors_of(save_quiz(instructor_client, quiz, data))

    assert errors == [
        "A published quiz needs at least one question: add one, or untick “published” to keep "
        "the quiz a draft."
    ]
    assert quiz.questions.count() == 6


def test_deleting_a_question_skips_its_options_checks(instructor_client, quiz):
    data = form_of(quiz_page(instructor_client, quiz))
    data["questions-0-choices-1-is_correct"] = "on"
    data["questions-0-DELETE"] = "on"

    response = save_quiz(instructor_client, quiz, data)

    assert response.status_code == 302, errors_of(response)
    assert not quiz.questions.filter(kind=Kind.SINGLE).exists()


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        ("101", "Ensure this value is less than or equal to 100."),
        ("-1", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_the_pass_mark_is_a_percentage(instructor_client, quiz, percent, message):
    data = form_of(quiz_page(instructor_client, quiz)) | {"pass_percent": percent}

    assert errors_of(save_quiz(instructor_client, quiz, data)) == [message]
    quiz.refresh_from_db()
    assert quiz.pass_percent == 70


def test_questions_and_options_are_reordered_and_written_on_one_page(instructor_client, quiz):
    data = form_of(quiz_page(instructor_client, quiz))
    data["questions-0-position"], data["questions-1-position"] = "2", "1"  # dragged
    data["questions-0-choices-0-position"], data["questions-0-choices-2-position"] = "3", "1"
    data["questions-0-choices-TOTAL_FORMS"] = "4"  # "Add another option", filled in
    data |= {"questions-0-choices-3-text": "Block them", "questions-0-choices-3-position": "4"}
    data |= {"questions-0-choices-3-match_text": "", "questions-0-choices-3-feedback": "Harsh."}

    response = save_quiz(instructor_client, quiz, data)

    assert response.status_code == 302, errors_of(response)
    kinds = list(quiz.questions.values_list("kind", flat=True))
    assert kinds[:2] == [Kind.MULTIPLE, Kind.SINGLE]
    single = quiz.questions.get(kind=Kind.SINGLE)
    assert [c.text for c in single.choices.all()] == [
        "Reply asking why they want to connect",
        "Ignore it for ever",
        "Accept it and keep what you post professional",
        "Block them",
    ]


def test_a_refused_question_is_shown_again_whatever_positions_its_options_posted(
    instructor_client, quiz
):
    data = question_form(quiz, Kind.SINGLE, [RIGHT, ("Nod", True, "")])
    data |= {"choices-0-position": "1", "choices-1-position": "1"}

    response = instructor_client.post(ADD_QUESTION, data)

    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()
    assert not Question.objects.filter(quiz=quiz, prompt="Which?").exists()


@pytest.mark.parametrize("position", ["abc", "-1", "99999999999999999999"])
def test_a_place_the_page_could_not_have_sent_is_a_bad_request(instructor_client, quiz, position):
    data = question_form(quiz, Kind.SINGLE, [RIGHT, ("Nod", False, "")])
    data |= {"choices-0-position": position, "choices-1-position": "2"}

    response = instructor_client.post(ADD_QUESTION, data)

    assert response.status_code == 400
    assert not Question.objects.filter(quiz=quiz, prompt="Which?").exists()


@pytest.mark.parametrize("published", [True, False])
def test_a_lesson_added_on_the_module_page_is_published_only_once_it_has_text(
    instructor_client, quiz, published
):
    module = quiz.module
    url = f"/admin/lessons/module/{module.pk}/change/"
    data = form_of(instructor_client.get(url))
    row = int(data["lessons-TOTAL_FORMS"])
    data["lessons-TOTAL_FORMS"] = row + 1
    new = {"position": row + 1, "title": "Stamps", "slug": "stamps", "estimated_minutes": 3}
    data |= {f"lessons-{row}-{name}": value for name, value in new.items()}
    if published:
        data[f"lessons-{row}-is_published"] = "on"

    response = instructor_client.post(url, data)

    added = module.lessons.filter(slug="stamps")
    if published:
        assert "A published lesson needs its text: write it, then publish." in errors_of(response)
        assert not added.exists()
    else:
        assert response.status_code == 302
        assert added.get().is_published is False


RESERVED_SLUG = (
    "“quiz” is kept for the module's quizzes, whose addresses are …/quiz/<quiz>/: choose "
    "another slug for the lesson, such as “quiz-practice”."
)


def test_a_lesson_cannot_take_the_slug_that_begins_the_quizzes_addresses(instructor_client, quiz):
    data = {"module": quiz.module_id, "position": 9, "title": "Quiz", "slug": "quiz"}
    data |= {"body": "Quizzes and how to take them.", "estimated_minutes": 3}

    response = instructor_client.post("/admin/lessons/lesson/add/", data)

    assert response.status_code == 200
    assert errors_of(response) == [RESERVED_SLUG]
    assert not quiz.module.lessons.filter(slug="quiz").exists()


def test_a_lesson_added_on_the_module_page_cannot_take_that_slug_either(instructor_client, quiz):
    url = f"/admin/lessons/module/{quiz.module_id}/change/"
    data = form_of(instructor_client.get(url))
    row = int(data["lessons-TOTAL_FORMS"])
    data["lessons-TOTAL_FORMS"] = row + 1
    new = {"position": row + 1, "title": "Quiz", "slug": "quiz", "estimated_minutes": 3}
    data |= {f"lessons-{row}-{name}": value for name, value in new.items()}

    response = instructor_client.post(url, data)

    assert RESERVED_SLUG in errors_of(response)
    assert not quiz.module.lessons.filter(slug="quiz").exists()


def test_a_modules_objectives_are_written_on_its_page_one_per_line(instructor_client, quiz):
    module = quiz.module
    url = f"/admin/lessons/module/{module.pk}/change/"
    page = instructor_client.get(url)
    assert 'name="objectives"' in page.content.decode()
    data = form_of(page)
    data["objectives"] = "  explain why a nickname is normal\r\n\r\nanswer a boss's request  \r\n"

    response = instructor_client.post(url, data)

    assert response.status_code == 302
    module.refresh_from_db()
    assert module.objectives == "explain why a nickname is normal\nanswer a boss's request"
    outline = instructor_client.get(module.course.get_absolute_url()).content.decode()
    assert "answer a boss&#x27;s request" in outline


def test_more_objectives_than_a_module_takes_are_refused_with_the_rule(instructor_client, quiz):
    module = quiz.module
    url = f"/admin/lessons/module/{module.pk}/change/"
    data = form_of(instructor_client.get(url))
    data["objectives"] = "\n".join(f"do thing {n}" for n in range(1, 8))

    response = instructor_client.post(url, data)

    assert (
        "Write at most 6 objectives (this has 7); two to four say best what a module is for."
        in errors_of(response)
    )
    module.refresh_from_db()
    assert module.objectives == ""
