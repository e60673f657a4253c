"""Answer integrity, as a learner's browser meets it: no page gives an answer away before the
attempt is submitted, an attempt is its owner's alone, a submitted attempt is final, and a forged
form gets a 400 page and changes nothing."""

import re
from html.parser import HTMLParser

import pytest
from django.http import HttpResponse
from django.test import Client

from quizzes.grading import Kind
from quizzes.models import Attempt, Choice, Question, Quiz, Response
from quizzes.paper import MAX_TEXT_ANSWER
from tests.authoring.helpers import form_of
from tests.factories import UserFactory, build_quiz, content_edited
from tests.helpers import text
from tests.quizzes.helpers import (
    QUIZ_URL,
    START_URL,
    attempt_url,
    correct_answers,
    form_data,
    paper_of,
    question_of,
    result_url,
    start,
    submit,
)

PREVIEW_URL = QUIZ_URL + "preview/"
SIGN_IN = "/accounts/login/?next="
REAL_EXPLANATION = (
    "Turning down a former manager makes them lose face: **accept**, and keep what you post "
    "professional."
)


@pytest.fixture
def quiz(quiz):
    """The six-kind quiz, its single-choice question explained in Markdown as an author would."""
    single = quiz.questions.get(kind=Kind.SINGLE)
    single.explanation = REAL_EXPLANATION
    single.save()
    return quiz


@pytest.fixture
def attempt(learner_client, quiz):
    """The learner's open attempt at the quiz."""
    return start(learner_client)


@pytest.fixture
def other_client(db):
    """Another learner, signed in."""
    client = Client()
    client.force_login(UserFactory(display_name="Kenji"))
    return client


@pytest.fixture
def staff_client(course):
    """An instructor of the course: its authors preview its drafts."""
    instructor = UserFactory(is_staff=True, display_name="Instructor")
    course.instructors.add(instructor)
    client = Client()
    client.force_login(instructor)
    return client


# ---- Reading a page as a browser does ----


class Page(HTMLParser):
    """A page's tags with their attributes, and what each named choice offers in the order
    shown: a select's options, or a group of radio buttons (by their labels)."""

    def __init__(self, html):
        super().__init__()
        self.tags = []  # (tag, [(attribute, value)])
        self.selects = {}  # name → [(value, text)]
        self.radios = {}  # name → [(value, input id)]
        self.labels = {}  # for → text
        self._select = self._option = self._label = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        attributes = dict(attrs)
        if tag == "select":
            self._select = self.selects.setdefault(attributes["name"], [])
        elif tag == "option" and self._select is not None:
            self._option = [attributes.get("value", ""), ""]
        elif tag == "input" and attributes.get("type") == "radio":
            group = self.radios.setdefault(attributes["name"], [])
            group.append((attributes.get("value", ""), attributes.get("id")))
        elif tag == "label":
            self._label = attributes.get("for")
            self.labels[self._label] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None:
            self._select.append(tuple(self._option))
            self._option = None
        elif tag == "label":
            self._label = None

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._label is not None:
            self.labels[self._label] += data

    def option_values(self) -> list[str]:
        """The value of every radio, checkbox and select option: what naming an option sends."""
        values = [
            dict(attrs).get("value") or ""
            for tag, attrs in self.tags
            if tag == "input" and dict(attrs).get("type") in ("radio", "checkbox")
        ]
        values += [value for options in self.selects.values() for value, _ in options]
        return [value for value in values if value]

    def shown_texts(self, name) -> list[str]:
        """The texts a select or a radio group named `name` offers, in the order shown."""
        if name in self.selects:
            return [label for value, label in self.selects[name] if value]
        return [self.labels[for_id] for value, for_id in self.radios[name] if value]


def seen(response) -> str:
    """All a browser receives: the body, and the headers (a redirect's Location among them)."""
    headers = " ".join(f"{name}: {value}" for name, value in response.headers.items())
    return f"{headers}\n{response.content.decode()}"


def answer_key(quiz) -> list[str]:
    """Every text that would tell a learner an answer: each option's feedback, each explanation
    (as written, as rendered and as read), and the answers a short-text question accepts."""
    key = []
    for question in quiz.questions.prefetch_related("choices"):
        rendered = question.explanation_html
        key += [question.explanation, rendered, text(HttpResponse(rendered))]
        key += [choice.feedback for choice in question.choices.all()]
        if question.kind == Kind.SHORT_TEXT:
            key += [choice.text for choice in question.choices.all()]
    return [k for k in key if k]


def leaks(response, quiz) -> list[str]:
    """What in `response` gives answers away: key texts, the test data's feedback and explanation
    markers, and any attribute that names correctness (a class a stylesheet could reveal)."""
    html = seen(response)
    found = [k for k in answer_key(quiz) if re.search(rf"(?<!\w){re.escape(k)}(?!\w)", html)]
    found += [marker for marker in ("FB-", "EXPLAIN-") if marker in html]
    found += [
        f"<{tag} {name}={value!r}>"
        for tag, attrs in Page(response.content.decode()).tags
        for name, value in attrs
        if "correct" in f"{name} {value or ''}".lower()
    ]
    return found


def complete_form(paper) -> dict:
    """Every question answered right, blanks confirmed: a form that would be accepted as is."""
    return {**form_data(paper, correct_answers(paper)), "confirm_blanks": "1"}


# ---- No answer before submitting ----


def pages_before_submitting(client, quiz) -> dict:
    """Each page and response a learner gets from the quiz's intro to confirming blanks."""
    pages = {"intro": client.get(QUIZ_URL), "start": client.post(START_URL)}
    attempt = Attempt.objects.get(quiz=quiz)
    pages["attempt"] = client.get(attempt_url(attempt))
    pages["intro with the attempt open"] = client.get(QUIZ_URL)
    pages["start again, resuming"] = client.post(START_URL)
    # One wrong choice, the rest blank: the form comes back asking to confirm the blanks.
    single = question_of(paper_of(attempt), Kind.SINGLE)
    wrong = next(option for option in single.options if not option.choice.is_correct)
    pages["blanks to confirm"] = client.post(attempt_url(attempt), {single.name: wrong.token})
    return pages


PAGES = {
    "intro": 200,
    "start": 302,
    "attempt": 200,
    "intro with the attempt open": 200,
    "start again, resuming": 302,
    "blanks to confirm": 200,
}


@pytest.mark.parametrize(("step", "status"), PAGES.items(), ids=list(PAGES))
def test_no_page_before_submitting_gives_an_answer_away(learner_client, quiz, step, status):
    response = pages_before_submitting(learner_client, quiz)[step]

    assert response.status_code == status
    assert leaks(response, quiz) == []


def test_the_blanks_page_is_the_form_again_with_the_learners_choice_kept(learner_client, quiz):
    response = pages_before_submitting(learner_client, quiz)["blanks to confirm"]

    assert "You left 5 questions unanswered" in text(response)
    assert Attempt.objects.get().submitted_at is None
    assert len(re.findall(r"<input [^>]*\bchecked\b", response.content.decode())) == 1


def test_the_scan_finds_the_answers_on_a_page_that_shows_them(learner_client, quiz):
    # The result of an "always" quiz shows every kind of key the scan looks for.
    Quiz.objects.filter(pk=quiz.pk).update(reveal_answers=Quiz.Reveal.ALWAYS)
    attempt = start(learner_client)
    single = question_of(paper_of(attempt), Kind.SINGLE).question
    answers = {single.pk: single.choices.get(text="Ignore it for ever").pk}
    response = learner_client.get(result_url(submit(learner_client, attempt, answers)))

    found = leaks(response, quiz)

    assert REAL_EXPLANATION.replace("**", "") in [text(HttpResponse(k)) for k in found]
    assert "FB-ignore-forever" in found
    assert "LINE" in found
    assert "EXPLAIN-" in found
    assert any("tag--correct" in k for k in found)


@pytest.mark.parametrize("step", ["attempt", "blanks to confirm"])
def test_options_are_named_by_tokens_of_this_attempt_never_by_database_ids(
    learner_client, quiz, step
):
    response = pages_before_submitting(learner_client, quiz)[step]
    paper = paper_of(Attempt.objects.get())
    tokens = {option.token for shown in paper.questions for option in shown.options}
    tokens |= {target.token for shown in paper.questions for target in shown.targets}
    choice_ids = {str(pk) for pk in Choice.objects.values_list("pk", flat=True)}

    values = Page(response.content.decode()).option_values()

    assert values
    assert not choice_ids & set(values)
    assert set(values) <= tokens
    assert all(re.fullmatch(r"[0-9a-f]{16}", value) for value in values)


ORDER_KINDS = (Kind.ORDERING, Kind.MATCHING)


def order_giveaways(response, attempt) -> list[str]:
    """Slots of `response` (each a group of choices) listing an ordering question's items in the
    correct order, or a matching question's right sides in the order of the items they pair
    with."""
    page = Page(response.content.decode())
    found = []
    for shown in paper_of(attempt).questions:
        choices = list(shown.question.choices.all())
        if shown.kind == Kind.ORDERING:
            key = [choice.text for choice in choices]
        elif shown.kind == Kind.MATCHING:
            match_of = {choice.text: choice.match_text for choice in choices}
            key = [match_of[slot.label] for slot in shown.slots]
        else:
            continue
        found += [slot.name for slot in shown.slots if page.shown_texts(slot.name) == key]
    return found


def test_a_paper_shown_in_the_answers_order_leaves_the_question_unanswered(
    learner_client, quiz, monkeypatch
):
    # Every starting order is as likely as any other, the answer's own included
    # (tests/quizzes/test_paper.py). Shown in that order, nothing is chosen for the learner.
    monkeypatch.setattr("quizzes.paper._random.shuffle", lambda items: None)
    attempt = start(learner_client)
    response = learner_client.get(attempt_url(attempt))
    ordering, matching = (question_of(paper_of(attempt), kind) for kind in ORDER_KINDS)
    assert order_giveaways(response, attempt) == [s.name for s in ordering.slots + matching.slots]

    untouched = learner_client.post(attempt_url(attempt), form_of(response))

    assert "You left 6 questions unanswered" in text(untouched)
    assert Attempt.objects.get().submitted_at is None


def test_a_retake_starts_from_an_empty_form(learner_client, quiz):
    first = start(learner_client)
    submit(learner_client, first, correct_answers(paper_of(first)))

    second = start(learner_client)
    response = learner_client.get(attempt_url(second))

    html = response.content.decode()
    assert second != first
    assert not re.search(r"\b(checked|selected)\b", html)
    assert leaks(response, quiz) == []


# ---- An attempt is its owner's ----


def test_another_learners_attempt_is_not_found(learner_client, other_client, quiz):
    submitted = submit(learner_client, start(learner_client), {})
    attempt = start(learner_client)
    paper = paper_of(attempt)

    assert other_client.get(attempt_url(attempt)).status_code == 404
    assert other_client.get(attempt_url(submitted)).status_code == 404
    assert other_client.post(attempt_url(attempt), complete_form(paper)).status_code == 404
    assert other_client.get(result_url(submitted)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not attempt.responses.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_changes(learner_client, quiz):
    submitted = submit(learner_client, start(learner_client), {})
    attempt = start(learner_client)
    paper = paper_of(attempt)
    visitor = Client()

    for response, back_to in [
        (visitor.get(attempt_url(attempt)), attempt_url(attempt)),
        (visitor.post(attempt_url(attempt), complete_form(paper)), attempt_url(attempt)),
        (visitor.get(result_url(submitted)), result_url(submitted)),
        (visitor.post(START_URL), QUIZ_URL),
    ]:
        assert response.status_code == 302
        assert response.url == SIGN_IN + back_to
    assert Attempt.objects.count() == 2
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not attempt.responses.exists()


# ---- A submitted attempt is final ----


def snapshot(attempt):
    attempt.refresh_from_db()
    responses = attempt.responses.order_by("question_id")
    rows = list(responses.values_list("question_id", "answer", "awarded_points", "is_correct"))
    return (attempt.submitted_at, attempt.score, attempt.percent, attempt.passed, rows)


def test_a_submitted_attempts_form_leads_to_its_result(learner_client, attempt):
    submit(learner_client, attempt, {})

    response = learner_client.get(attempt_url(attempt))

    assert response.status_code == 302
    assert response.url == result_url(attempt)


def test_posting_a_submitted_attempt_again_changes_nothing(learner_client, attempt):
    paper = paper_of(attempt)
    submit(learner_client, attempt, correct_answers(paper))
    before = snapshot(attempt)
    other_answers = {
        shown.question.pk: shown.options[-1].choice.pk
        for shown in paper.questions
        if shown.kind in (Kind.SINGLE, Kind.TRUE_FALSE)
    }

    response = learner_client.post(
        attempt_url(attempt), {**form_data(paper, other_answers), "confirm_blanks": "1"}
    )

    assert response.status_code == 302
    assert response.url == result_url(attempt)
    assert snapshot(attempt) == before
    assert before[1:4] == (6, 100, True)
    assert Response.objects.count() == 6
    result = text(learner_client.get(response.url))
    assert "This attempt was already submitted: here is its result." in result
    assert "Passed: 100%" in result


# ---- Forged input: a 400 page, nothing saved ----


def assert_refused(response, attempt):
    assert response.status_code == 400
    page = text(response)
    assert "These answers could not be accepted" in page
    assert "Nothing was saved and your attempt is still open." in page
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.score is None
    assert not Response.objects.exists()


def test_the_complete_form_is_accepted(learner_client, attempt):
    # The forms below are this one with one thing changed.
    response = learner_client.post(attempt_url(attempt), complete_form(paper_of(attempt)))

    assert response.status_code == 302
    assert snapshot(attempt)[1:4] == (6, 100, True)


def _kinds(paper):
    return {kind: question_of(paper, kind) for kind in Kind.values}


def _token_of_another_question(paper, data):
    q = _kinds(paper)
    data[q[Kind.SINGLE].name] = q[Kind.TRUE_FALSE].options[0].token


def _raw_choice_id(paper, data):
    single = question_of(paper, Kind.SINGLE)
    data[single.name] = str(next(o.choice.pk for o in single.options if o.choice.is_correct))


def _garbage(paper, data):
    data[question_of(paper, Kind.TRUE_FALSE).name] = "1 OR 1=1"


def _unknown_field(paper, data):
    data["bonus_points"] = "6"


def _single_choice_twice(paper, data):
    data[question_of(paper, Kind.SINGLE).name] = [
        option.token for option in question_of(paper, Kind.SINGLE).options[:2]
    ]


def _the_same_choice_twice(paper, data):
    true_false = question_of(paper, Kind.TRUE_FALSE)
    data[true_false.name] = [true_false.options[0].token] * 2


def _picks_with_another_questions_token(paper, data):
    q = _kinds(paper)
    picks = [q[Kind.MULTIPLE].options[0].token, q[Kind.SINGLE].options[0].token]
    data[q[Kind.MULTIPLE].name] = picks


def _overlong_text(paper, data):
    data[question_of(paper, Kind.SHORT_TEXT).name] = "L" * (MAX_TEXT_ANSWER + 1)


def _text_with_a_nul_character(paper, data):
    # PostgreSQL cannot store U+0000 in a JSON value: unrefused, this would be a 500 there.
    data[question_of(paper, Kind.SHORT_TEXT).name] = "LI\x00NE"


def _ordering_slot_with_a_matching_token(paper, data):
    q = _kinds(paper)
    data[q[Kind.ORDERING].slots[0].name] = q[Kind.MATCHING].targets[0].token


def _matching_slot_with_an_ordering_token(paper, data):
    q = _kinds(paper)
    data[q[Kind.MATCHING].slots[0].name] = q[Kind.ORDERING].options[0].token


def _ordering_answered_without_its_slots(paper, data):
    ordering = question_of(paper, Kind.ORDERING)
    data[ordering.name] = ordering.options[0].token


FORGERIES = {
    "an option token of another question": _token_of_another_question,
    "a raw Choice id": _raw_choice_id,
    "non-numeric garbage": _garbage,
    "an unknown field": _unknown_field,
    "a single-choice field sent twice": _single_choice_twice,
    "the same choice sent twice": _the_same_choice_twice,
    "multiple picks with another question's token": _picks_with_another_questions_token,
    f"a short text over {MAX_TEXT_ANSWER} characters": _overlong_text,
    "a short text with a NUL character": _text_with_a_nul_character,
    "an ordering slot with a matching token": _ordering_slot_with_a_matching_token,
    "a matching slot with an ordering token": _matching_slot_with_an_ordering_token,
    "an ordering question posted under its own name": _ordering_answered_without_its_slots,
}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=list(FORGERIES))
def test_a_forged_form_is_refused_with_a_400_page(learner_client, attempt, forge):
    paper = paper_of(attempt)
    data = complete_form(paper)
    forge(paper, data)

    response = learner_client.post(attempt_url(attempt), data)

    assert_refused(response, attempt)
    assert learner_client.get(attempt_url(attempt)).status_code == 200


def test_a_token_from_another_learners_attempt_is_refused(
    learner_client, other_client, quiz, attempt
):
    theirs = question_of(paper_of(start(other_client)), Kind.SINGLE)
    paper = paper_of(attempt)
    data = complete_form(paper)
    data[theirs.name] = next(o.token for o in theirs.options if o.choice.is_correct)

    assert_refused(learner_client.post(attempt_url(attempt), data), attempt)


def test_a_token_from_another_quiz_is_refused(learner_client, course, quiz, attempt):
    build_quiz(module=course.modules.get(slug="m2"), slug="q2")
    other = start(learner_client, "/courses/sns-japan/m2/quiz/q2/start/")
    theirs = question_of(paper_of(other), Kind.SINGLE)
    data = complete_form(paper_of(attempt))
    data[question_of(paper_of(attempt), Kind.SINGLE).name] = theirs.options[0].token

    assert_refused(learner_client.post(attempt_url(attempt), data), attempt)


def test_a_short_text_answer_of_exactly_the_limit_is_accepted(learner_client, attempt):
    paper = paper_of(attempt)
    data = complete_form(paper)
    data[question_of(paper, Kind.SHORT_TEXT).name] = "L" * MAX_TEXT_ANSWER

    response = learner_client.post(attempt_url(attempt), data)

    assert response.status_code == 302
    assert Response.objects.get(question__kind=Kind.SHORT_TEXT).answer == "L" * MAX_TEXT_ANSWER


def test_the_refusal_page_shows_a_forged_field_name_as_text(learner_client, attempt):
    data = {**complete_form(paper_of(attempt)), "<b>bonus</b>": "1"}

    response = learner_client.post(attempt_url(attempt), data)

    assert_refused(response, attempt)
    assert "<b>bonus</b>" not in response.content.decode()
    assert "Unexpected field '<b>bonus</b>'." in text(response)


# ---- Drafts: 404 to learners, a preview for staff ----


def unpublish(quiz, what):
    model = {"quiz": Quiz, "module": type(quiz.module), "course": type(quiz.module.course)}[what]
    pk = {"quiz": quiz.pk, "module": quiz.module_id, "course": quiz.module.course_id}[what]
    model.objects.filter(pk=pk).update(is_published=False)
    content_edited(quiz.module.course_id)  # as the admin's unpublish does


@pytest.mark.parametrize("what", ["quiz", "module", "course"])
def test_a_quiz_whose_quiz_module_or_course_is_unpublished_is_not_found_by_learners(
    learner_client, quiz, what
):
    submitted = submit(learner_client, start(learner_client), {})
    attempt = start(learner_client)
    paper = paper_of(attempt)
    unpublish(quiz, what)

    assert learner_client.get(QUIZ_URL).status_code == 404
    assert learner_client.post(START_URL).status_code == 404
    assert learner_client.get(attempt_url(attempt)).status_code == 404
    assert learner_client.post(attempt_url(attempt), complete_form(paper)).status_code == 404
    assert learner_client.get(result_url(submitted)).status_code == 404
    assert learner_client.get(PREVIEW_URL).status_code == 404
    assert Attempt.objects.count() == 2
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not attempt.responses.exists()


@pytest.mark.parametrize("what", ["quiz", "module", "course"])
def test_staff_see_an_unpublished_quiz_under_a_draft_banner_and_preview_its_questions(
    staff_client, quiz, what
):
    unpublish(quiz, what)

    intro = staff_client.get(QUIZ_URL)
    preview = staff_client.get(PREVIEW_URL)

    assert intro.status_code == 200
    assert "Draft preview. Learners can't see this quiz until it is published." in text(intro)
    assert f'href="{PREVIEW_URL}"' in intro.content.decode()
    assert START_URL not in intro.content.decode()
    assert preview.status_code == 200
    page, html = text(preview), preview.content.decode()
    assert "Preview. This is the quiz as learners see it" in page
    for question in Question.objects.filter(quiz=quiz):
        assert question.prompt in page
    assert "Submit answers" not in page
    (questions,) = re.findall(r'<div class="quiz-form">.*?</main>', html, re.DOTALL)
    assert "<button" not in questions
    assert 'class="quiz-form"' not in re.sub(r"<div[^>]*>", "", html)  # no form to send
    assert leaks(preview, quiz) == []
    assert not Attempt.objects.exists()


def test_learners_and_visitors_cannot_open_a_preview(learner_client, quiz):
    assert learner_client.get(PREVIEW_URL).status_code == 404
    assert Client().get(PREVIEW_URL).status_code == 404


# ---- Methods and attempt limits ----


def test_start_only_takes_a_form(learner_client, quiz):
    assert learner_client.get(START_URL).status_code == 405
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_an_attempt_only_takes_get_and_post(learner_client, attempt, method):
    response = getattr(learner_client, method)(attempt_url(attempt))

    assert response.status_code == 405
    assert Attempt.objects.get() == attempt
    assert Attempt.objects.get().submitted_at is None


def test_a_result_cannot_be_posted_to(learner_client, attempt):
    submit(learner_client, attempt, {})

    assert learner_client.post(result_url(attempt)).status_code == 405


def test_the_server_refuses_to_start_beyond_max_attempts(learner_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(max_attempts=1)
    submit(learner_client, start(learner_client), {})

    response = learner_client.post(START_URL)

    assert response.status_code == 403
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = text(response)
    assert "You can't start this quiz" in page
    assert "You have used your only attempt at this quiz. No attempt was started." in page
    assert Attempt.objects.count() == 1
    intro = learner_client.get(QUIZ_URL)
    assert "You have used all your attempts at this quiz." in text(intro)
    assert START_URL not in intro.content.decode()


def test_the_refusal_counts_the_attempts_allowed(learner_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(max_attempts=2)
    for _ in range(2):
        submit(learner_client, start(learner_client), {})

    response = learner_client.post(START_URL)

    assert response.status_code == 403
    assert "You have used all 2 attempts at this quiz." in text(response)
    assert Attempt.objects.count() == 2
