"""The Instructors group as migrated; sending an admin form as a browser would; a course's
learner history in bulk."""

import html
import importlib
import re
from html.parser import HTMLParser

from django.apps import apps
from django.utils import timezone

from jsnlearn.accounts.models import User
from lessons.models import Enrollment, Lesson, LessonCompletion
from quizzes.models import Attempt, Question, Quiz, Response
from quizzes.services import start_attempt, submit_attempt
from tests.quizzes.helpers import paper_of


def restore_instructors_group():
    """Make the Instructors group as `migrate` does. Tests need it because the flush after
    each transactional (browser) test empties every table, the data migrations' rows too."""
    migration = importlib.import_module("jsnlearn.accounts.migrations.0003_instructors_group")
    migration.create_instructors_group(apps, None)
    classes = importlib.import_module("jsnlearn.classrooms.migrations.0002_instructors_run_classes")
    classes.grant_classes(apps, None)


class _Fields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            else:
                self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, text = self._textarea
            self.data.append((name, text.removeprefix("\n")))
            self._textarea = None


def form_of(response) -> dict:
    """The change form's fields and values as the page shows them (the first value of each)."""
    parser = _Fields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        if "__prefix__" not in name and name != "csrfmiddlewaretoken":
            data.setdefault(name, value)
    return data


def errors_of(response) -> list[str]:
    """Every error message the admin shows on a form page, as text."""
    page = response.content.decode()
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.DOTALL)
    items = [item for ul in lists for item in re.findall(r"<li>(.*?)</li>", ul, re.DOTALL)]
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def learner_history(course, *, learners: int, attempts_each: int = 1) -> None:
    """`learners` new learners, each enrolled in `course`, with every lesson completed and
    `attempts_each` submitted attempts at every quiz, every question answered: a course's
    history, inserted in bulk (10,000 attempts in a few seconds)."""
    first = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"history{first + n}@example.com", display_name=f"History {n}", password="!")
        for n in range(learners)
    )
    lessons = Lesson.objects.filter(module__course=course)
    quizzes = Quiz.objects.filter(module__course=course)
    Enrollment.objects.bulk_create(Enrollment(user=user, course=course) for user in users)
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=user, lesson=lesson) for user in users for lesson in lessons
    )
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        (
            Attempt(user=user, quiz=quiz, submitted_at=now, score=0, max_score=1, percent=0)
            for user in users
            for quiz in quizzes
            for _ in range(attempts_each)
        ),
        batch_size=2000,
    )
    questions = {}
    for question in Question.objects.filter(quiz__in=quizzes):
        questions.setdefault(question.quiz_id, []).append(question)
    Response.objects.bulk_create(
        (
            Response(attempt=attempt, question=question, answer=None, awarded_points=0)
            for attempt in attempts
            for question in questions.get(attempt.quiz_id, [])
        ),
        batch_size=2000,
    )


def take_quiz(user, quiz):
    """`user` submits an attempt at `quiz`, answering nothing: an attempt and its responses."""
    attempt = start_attempt(user=user, quiz=quiz).attempt
    return submit_attempt(paper=paper_of(attempt), answers={})
