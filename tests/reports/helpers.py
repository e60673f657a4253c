"""Learners, instructors and submitted attempts for the reports' tests, made through the real
services (enrolling, completing lessons, starting and submitting attempts); a course report's
address."""

from html.parser import HTMLParser

from django.urls import reverse

from lessons.services import complete_lesson, enroll
from quizzes.grading import Kind
from quizzes.models import Choice
from quizzes.paper import Paper
from quizzes.services import start_attempt, submit_attempt
from tests.factories import QuizFactory, UserFactory, add_question


def instructor_of(*courses, **fields):
    """A staff user who teaches `courses` (and has no permission beyond being staff)."""
    user = UserFactory(is_staff=True, **fields)
    for course in courses:
        course.instructors.add(user)
    return user


def learners_in(course, names) -> list:
    """A learner per display name, each enrolled in `course`."""
    users = [UserFactory(display_name=name) for name in names]
    for user in users:
        enroll(user=user, course=course)
    return users


def complete(user, lessons) -> None:
    for lesson in lessons:
        complete_lesson(user=user, lesson=lesson)


def submit(user, quiz, picks: dict):
    """Submit an attempt at `quiz` for `user`; `picks` maps a question to the text of the option
    chosen (single, true/false), a set of texts (multiple), a typed answer (short text), a list
    of item texts in the order given (ordering), or {left text: left text of the pair whose
    right side was chosen} (matching). Questions left out are blank."""
    attempt = start_attempt(user=user, quiz=quiz).attempt
    answers = {question.pk: _answer(question, picked) for question, picked in picks.items()}
    paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
    return submit_attempt(paper=paper, answers=answers)


def _answer(question, picked):
    if question.kind == Kind.SHORT_TEXT:
        return picked
    ids = dict(Choice.objects.filter(question=question).values_list("text", "pk"))
    if question.kind == Kind.MULTIPLE:
        return frozenset(ids[text] for text in picked)
    if question.kind == Kind.ORDERING:
        return tuple(ids[text] for text in picked)
    if question.kind == Kind.MATCHING:
        return {ids[left]: ids[right] for left, right in picked.items()}
    return ids[picked]


def graded_quiz(module, **fields):
    """A quiz worth 10 points: "Greeting" (single choice, 5 points: Bow is right, Wave and Hug
    are not), "Kidoku" (true/false, 3 points: True is right), "Manners" (multiple choice,
    2 points: Reply and Polite are right, Stamps and Leave are not). Passes at 70%."""
    quiz = QuizFactory(module=module, pass_percent=70, **fields)
    greeting = add_question(
        quiz,
        Kind.SINGLE,
        "How do you greet a new client?",
        [("Bow", True, "", ""), ("Wave", False, "", ""), ("Hug", False, "", "")],
        points=5,
        position=1,
    )
    kidoku = add_question(
        quiz,
        Kind.TRUE_FALSE,
        "A *kidoku* mark shows that you have read a message.",
        [("True", True, "", ""), ("False", False, "", "")],
        points=3,
        position=2,
    )
    manners = add_question(
        quiz,
        Kind.MULTIPLE,
        "Which are good manners in a team chat?",
        [
            ("Reply", True, "", ""),
            ("Polite", True, "", ""),
            ("Stamps", False, "", ""),
            ("Leave", False, "", ""),
        ],
        points=2,
        position=3,
    )
    return quiz, greeting, kidoku, manners


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _TextOf(HTMLParser):
    """The text inside the element with a given id, as a reader sees it (whitespace folded)."""

    def __init__(self, element_id):
        super().__init__()
        self.element_id, self.depth, self.parts = element_id, 0, []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth or dict(attrs).get("id") == self.element_id:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(response, element_id: str = "content") -> str:
    parser = _TextOf(element_id)
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def url(course, **query) -> str:
    path = reverse("reports:course", kwargs={"course_id": course.pk})
    return path + (
        "?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else ""
    )
