"""The course that ships with the site: its size and shape, its facts, its own words, and that
every lesson and quiz works once `make run` has loaded it."""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from jsnlearn.bundles.reader import read_bundle
from lessons.models import Course
from quizzes import grading
from quizzes.grading import Kind
from quizzes.models import Quiz
from quizzes.paper import Paper
from quizzes.services import start_attempt, submit_attempt
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "jsnlearn" / "courses" / "social-networking-in-japan"
CONTENT = ROOT.parent / "shared" / "content"
ARTICLE = CONTENT / "000_127e1abc9933cc7e.txt"
FACTS = CONTENT / "FACTS.md"
SLUG = "social-networking-in-japan"

CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE}
COPIED_RUN = 8  # this many words in a row, as in the article, count as copied
# Facts FACTS.md marks as unconfirmed, which a quiz must never ask about.
UNCONFIRMED = ("17,000", "petition", "real-time", "realtime")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).lower())


def runs(text: str, length: int = COPIED_RUN) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + length]) for i in range(len(tokens) - length + 1)}


def numbers(text: str) -> set[str]:
    """The figures a text states: numbers of two or more digits, decimals and percentages
    (single digits, as in "both hands" or "step 3", are not figures)."""
    found = set()
    for match in re.finditer(r"\d+(?:[.,]\d+)*(%?)", unicodedata.normalize("NFKC", text)):
        number = match.group(0).rstrip("%")
        if len(number) > 1 or match.group(1):
            found.add(number)
    return found


@pytest.fixture(scope="module")
def course():
    return read_bundle(BUNDLE)


def lessons(course):
    return [(module, lesson) for module in course.modules for lesson in module.lessons]


def questions(course):
    return [q for module in course.modules for quiz in module.quizzes for q in quiz.questions]


def texts(course):
    """Every piece of text a learner reads, with where it is written."""
    yield "course.yaml", " ".join(course.values[k] for k in ("title", "summary", "description"))
    for module in course.modules:
        yield f"{module.name}/module.yaml", f"{module.values['title']} {module.values['summary']}"
        for lesson in module.lessons:
            yield module.path(lesson), f"{lesson.values['title']}\n{lesson.values['body']}"
        for quiz in module.quizzes:
            yield module.path(quiz), quiz_text(quiz)


def quiz_text(quiz) -> str:
    parts = [quiz.values["title"], quiz.values["intro"]]
    for question in quiz.questions:
        parts += [question.values["prompt"], question.values["explanation"]]
        for option in question.options:
            parts += [option.values.get(key, "") for key in ("text", "feedback", "match_text")]
    return "\n".join(parts)


def test_the_course_has_at_least_six_modules_of_three_lessons_and_a_quiz_last(course):
    assert len(course.modules) >= 6
    assert len(lessons(course)) >= 18
    for module in course.modules:
        assert len(module.lessons) >= 2, module.name
        assert len(module.quizzes) == 1, f"{module.name} needs one quiz, after its lessons"


def test_every_lesson_is_a_short_read_with_sections_and_a_scenario(course):
    for module, lesson in lessons(course):
        body, where = lesson.values["body"], module.path(lesson)
        count = len(words(body))
        assert 300 <= count <= 900, f"{where} has {count} words"
        headings = re.findall(r"^## (.+)$", body, re.MULTILINE)
        assert len(headings) >= 2, f"{where} needs headed sections"
        assert any(re.match(r"(scenario|example)\b", h, re.I) for h in headings), (
            f"{where} needs a '## Scenario: ...' or '## Example: ...' section"
        )
        assert not re.search(r"^# ", body, re.MULTILINE), f"{where}: sections start at ##"


def test_every_module_ends_its_reading_with_its_sources(course):
    for module in course.modules:
        last = module.lessons[-1].values["body"]
        heading = re.search(r"^## Sources for this module\n+((?:- .+\n?)+)", last, re.MULTILINE)
        assert heading, f"{module.name}: its last lesson must end with its sources"
        assert last.rstrip().endswith(heading.group(1).rstrip())


def test_the_quizzes_ask_sixty_questions_of_all_six_kinds_mostly_scenarios(course):
    asked = questions(course)
    assert len(asked) >= 60
    assert {q.kind for q in asked} == set(Kind.values)
    in_a_situation = [q for q in asked if {"you", "your"} & set(words(q.values["prompt"]))]
    assert len(in_a_situation) >= len(asked) * 2 / 3


def test_every_question_explains_itself_and_every_choice_says_why(course):
    for module in course.modules:
        for quiz in module.quizzes:
            for question in quiz.questions:
                where = f"{module.path(quiz)} {question.at}"
                assert question.values["explanation"].strip(), f"{where} has no explanation"
                if question.kind in CHOICE_KINDS:
                    for option in question.options:
                        text = option.values["text"]
                        assert option.values["feedback"].strip(), f"{where} {text!r}: no feedback"


def test_no_quiz_asks_about_an_unconfirmed_fact(course):
    for module in course.modules:
        for quiz in module.quizzes:
            text = quiz_text(quiz).lower()
            assert not [u for u in UNCONFIRMED if u in text], module.path(quiz)


def test_every_figure_taught_is_in_the_facts_brief(course):
    known = numbers(FACTS.read_text(encoding="utf-8"))
    unsourced = {where: numbers(text) - known for where, text in texts(course)}
    assert {where: found for where, found in unsourced.items() if found} == {}


def test_no_run_of_eight_words_is_copied_from_the_article(course):
    article = runs(ARTICLE.read_text(encoding="utf-8"))
    assert len(article) > 100, "the article should be there to compare with"
    copied = {}
    for path in sorted(BUNDLE.rglob("*")):
        if path.is_file():
            found = runs(path.read_text(encoding="utf-8")) & article
            if found:
                copied[path.relative_to(BUNDLE).as_posix()] = sorted(" ".join(r) for r in found)
    assert copied == {}


def test_the_copy_check_catches_a_copied_sentence():
    sentence = " ".join(words(ARTICLE.read_text(encoding="utf-8"))[40:50])
    assert runs(f"In our own words: {sentence.upper()}!") & runs(ARTICLE.read_text("utf-8"))


@pytest.mark.django_db
def test_make_run_loads_the_course_and_every_lesson_page_opens(client):
    call_command("load_courses", stdout=io.StringIO())

    course = Course.objects.get(slug=SLUG)
    assert course.is_published
    assert course.title in client.get(reverse("lessons:catalog")).content.decode()
    assert client.get(course.get_absolute_url()).status_code == 200
    for module in course.modules.all():
        for lesson in module.lessons.all():
            page = client.get(lesson.get_absolute_url())
            assert page.status_code == 200, lesson.slug
            assert escape(lesson.title) in page.content.decode()


@pytest.mark.django_db
def test_a_learner_can_take_and_pass_every_quiz_of_the_course(client):
    call_command("load_courses", stdout=io.StringIO())
    learner = UserFactory()
    client.force_login(learner)

    for quiz in Quiz.objects.filter(module__course__slug=SLUG):
        assert client.get(quiz.get_absolute_url()).status_code == 200, quiz.slug
        attempt = start_attempt(user=learner, quiz=quiz).attempt
        paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
        answers = {
            s.question.pk: grading.correct_answer(s.question.spec()) for s in paper.questions
        }
        submitted = submit_attempt(paper=paper, answers=answers)
        assert (submitted.percent, submitted.passed) == (100, True), quiz.slug
