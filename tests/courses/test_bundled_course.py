"""The course that ships with the site: its size and shape, its facts and their sources, its own
words, quizzes that test judgement rather than test-taking, and that every lesson and quiz works
once `make run` has loaded it.

Everything here reads the repository alone: the course's sources are in `SOURCES.md`, and the
copy check works from `article_runs.txt` (hashes, not the article's text).
"""

import io
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from jsnlearn.bundles.exporter import export_course
from jsnlearn.bundles.reader import read_bundle
from lessons.models import MAX_OBJECTIVE_LENGTH, Course
from quizzes import grading
from quizzes.grading import Kind
from quizzes.models import Quiz
from quizzes.paper import Paper
from quizzes.services import start_attempt, submit_attempt
from tests.bundles.helpers import files_of
from tests.courses import copycheck
from tests.courses.measures import (
    absolute_shares,
    correct_options,
    correct_positions,
    longest_is_correct,
    of_kind,
    questions,
    shortest_is_correct,
    statement_is_true,
    words,
)
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "jsnlearn" / "courses" / "social-networking-in-japan"
SOURCES = Path(__file__).with_name("SOURCES.md")
SLUG = "social-networking-in-japan"

CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def numbers(text: str) -> set[str]:
    """The figures a text states: numbers of two or more digits, decimals and percentages
    (single digits, as in "both hands" or "step 3", are not figures)."""
    found = set()
    for match in re.finditer(r"\d+(?:[.,]\d+)*(%?)", unicodedata.normalize("NFKC", text)):
        number = match.group(0).rstrip("%")
        if len(number) > 1 or match.group(1):
            found.add(number)
    return found


def table(heading: str) -> list[list[str]]:
    """The rows of the Markdown table under `heading` in SOURCES.md, as lists of cells."""
    text = SOURCES.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


@pytest.fixture(scope="module")
def course():
    return read_bundle(BUNDLE)


def lessons(course):
    return [(module, lesson) for module in course.modules for lesson in module.lessons]


def module_checks(course):
    return [(module, quiz) for module in course.modules for quiz in module.quizzes]


def texts(course):
    """Every piece of text a learner reads, with where it is written."""
    yield "course.yaml", " ".join(course.values[k] for k in ("title", "summary", "description"))
    for module in course.modules:
        values = module.values
        yield (
            f"{module.name}/module.yaml",
            " ".join((values["title"], values["summary"], values["objectives"])),
        )
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


def accepts(question, answer: str) -> bool:
    spec = grading.Spec(
        kind=question.kind,
        points=question.values["points"],
        options=tuple(
            grading.Option(id=n, text=o.values["text"], is_correct=o.values["is_correct"])
            for n, o in enumerate(question.options, start=1)
        ),
    )
    return grading.grade(spec, answer).is_correct


# ---- Size and shape ----


def test_the_course_has_nine_modules_of_lessons_each_closed_by_one_quiz(course):
    assert len(course.modules) >= 9
    assert len(lessons(course)) >= 27
    for module in course.modules:
        assert len(module.lessons) >= 2, module.name
        assert len(module.quizzes) == 1, f"{module.name} needs one quiz, after its lessons"


def test_work_chat_email_and_safety_is_a_module_of_its_own(course):
    (module,) = [m for m in course.modules if m.slug == "work-chat-email-and-safety"]
    assert module.values["title"] == "Work chat, email and staying safe"
    body = " ".join(lesson.values["body"] for lesson in module.lessons)
    for subject in ("Teams", "Chatwork", "LINE WORKS", "お世話になっております", "sonkeigo",
                    "kenjōgo", "1 October 2022", "yami baito", "enjō", "mibare", "kagiaka",
                    "uraaka", "shūgyō kisoku"):  # fmt: skip
        assert subject.lower() in body.lower(), subject


def test_every_module_states_two_to_four_objectives_that_finish_the_sentence(course):
    for module in course.modules:
        objectives = module.values["objectives"].split("\n")
        assert 2 <= len(objectives) <= 4, module.name
        for objective in objectives:
            # "After this module you can ...": a verb in lower case, no full stop.
            assert re.match(r"[a-z]", objective), (module.name, objective)
            assert not objective.endswith("."), (module.name, objective)
            assert len(objective) <= MAX_OBJECTIVE_LENGTH


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


def test_every_module_ends_its_reading_with_dated_sources(course):
    for module in course.modules:
        last = module.lessons[-1].values["body"]
        heading = re.search(r"^## Sources for this module\n+((?:- .+\n?)+)", last, re.MULTILINE)
        assert heading, f"{module.name}: its last lesson must end with its sources"
        assert last.rstrip().endswith(heading.group(1).rstrip())
        for source in heading.group(1).strip().split("\n"):
            assert re.search(r"\b(19|20)\d\d\b", source), f"{module.name}: undated {source!r}"


def test_japanese_sentences_end_with_full_width_marks(course):
    half_width = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff][?!]")
    for where, text in texts(course):
        assert not half_width.findall(text), where


# ---- Facts and their sources ----


def test_every_row_of_the_sources_says_what_when_and_who():
    rows = table("Dates and figures")
    assert len(rows) >= 60
    for row in rows:
        assert len(row) == 4, row
        assert all(row), row
        assert re.search(r"\b(19|20)\d\d\b|each year", row[2]), f"no year: {row}"


def test_every_figure_taught_is_in_the_courses_sources(course):
    known = set().union(*(numbers(" ".join(row)) for row in table("Dates and figures")))
    unsourced = {where: numbers(text) - known for where, text in texts(course)}
    assert {where: found for where, found in unsourced.items() if found} == {}


def test_the_figure_check_catches_a_figure_without_a_source():
    known = set().union(*(numbers(" ".join(row)) for row in table("Dates and figures")))
    assert {"94.9", "24.71", "1,500"} <= known
    assert numbers("LINE reached 97.3% of people in 2031") - known == {"97.3", "2031"}


def test_usage_shares_say_whose_share_they_are(course):
    """A share of people is a share of those aged 13-69 in the government survey, never of
    "all people" or "the population"."""
    for where, text in texts(course):
        assert not re.search(r"of all people|of the population", text), where


def test_no_quiz_asks_about_an_unconfirmed_report(course):
    unconfirmed = [w.strip().lower() for _, found in table("Reported, not confirmed")
                   for w in found.split(";")]  # fmt: skip
    assert "petition" in unconfirmed
    for module, quiz in module_checks(course):
        text = quiz_text(quiz).lower()
        assert not [w for w in unconfirmed if w in text], module.path(quiz)


# ---- Own words ----


def test_no_run_of_eight_words_is_copied_from_the_article(course):
    runs, quotes = copycheck.read_runs()
    assert len(runs) > 500, "the article's runs should be there to compare with"
    copied = {}
    for path in sorted(BUNDLE.rglob("*")):
        if path.is_file():
            found = copycheck.copied_runs(path.read_text(encoding="utf-8"), runs, quotes)
            if found:
                copied[path.relative_to(BUNDLE).as_posix()] = len(found)
    sources = copycheck.copied_runs(SOURCES.read_text(encoding="utf-8"), runs, quotes)
    assert (copied, len(sources)) == ({}, 0)


def test_the_copy_check_catches_a_copied_sentence_but_not_a_marked_quotation():
    original = "The quick brown fox of Osaka jumps over the lazy dog of Kyoto at noon."
    advice = "Always bow a little lower than the person who is older than you are."
    runs, quotes = copycheck.run_digests(original + " " + advice), {copycheck.digest(words(advice))}

    assert copycheck.copied_runs(
        "In our own words: THE QUICK, BROWN fox of osaka jumps over the lazy", runs, quotes
    )
    assert not copycheck.copied_runs("A fox from Osaka jumped; the dog stayed lazy.", runs, quotes)
    assert not copycheck.copied_runs(f"The advice: “{advice}” It is dated.", runs, quotes)
    assert copycheck.copied_runs(f"The advice: {advice} It is dated.", runs, quotes)
    assert copycheck.copied_runs(f"“{original}”", runs, quotes)  # only the one allowed sentence


def test_the_capstone_quotes_the_articles_advice_where_it_judges_it(course):
    runs, quotes = copycheck.read_runs()
    (judging,) = [m for m in course.modules if m.slug == "judging-the-2011-advice"]
    body = judging.lessons[0].values["body"]
    assert copycheck.run_digests(body) & runs, "the advice is quoted"
    assert not copycheck.copied_runs(body, runs, quotes), "and only inside quotation marks"


# ---- Quizzes that test judgement ----


def test_the_quizzes_ask_eighty_questions_of_all_six_kinds_mostly_scenarios(course):
    asked = questions(course)
    assert len(asked) >= 80
    assert {q.kind for q in asked} == set(Kind.values)
    in_a_situation = [q for q in asked if {"you", "your"} & set(words(q.values["prompt"]))]
    assert len(in_a_situation) >= len(asked) * 2 / 3


def test_every_module_check_shows_answers_and_explanations_after_every_attempt(course):
    for module, quiz in module_checks(course):
        assert quiz.values["reveal_answers"] == Quiz.Reveal.ALWAYS, module.path(quiz)
        assert "after every attempt" in quiz.values["intro"], module.path(quiz)


def test_every_question_explains_why_and_every_choice_says_why(course):
    for module, quiz in module_checks(course):
        for question in quiz.questions:
            where = f"{module.path(quiz)} {question.at}"
            explanation = question.values["explanation"]
            assert len(words(explanation)) >= 12, f"{where}: explain why, in a sentence or two"
            assert not re.search(r"this module|the module says|from the lessons", explanation), (
                where
            )
            assert not re.search(r"what does (this|the) module", question.values["prompt"], re.I)
            if question.kind in CHOICE_KINDS:
                for option in question.options:
                    text = option.values["text"]
                    assert option.values["feedback"].strip(), f"{where} {text!r}: no feedback"


def test_the_correct_option_is_the_longest_in_at_most_a_third_of_single_choices(course):
    singles = of_kind(course, Kind.SINGLE)
    assert sum(map(longest_is_correct, singles)) <= len(singles) / 3
    # Nor the shortest: a cue turned round is still a cue.
    assert sum(map(shortest_is_correct, singles)) <= len(singles) / 3


def test_absolute_words_are_no_more_a_mark_of_wrong_options_than_of_right_ones(course):
    in_correct, in_wrong, correct, wrong = absolute_shares(course)
    assert correct > 40
    assert wrong > 80
    assert abs(in_correct - in_wrong) <= 0.10, (in_correct, in_wrong)


def test_between_forty_and_sixty_percent_of_true_false_statements_are_true(course):
    statements = of_kind(course, Kind.TRUE_FALSE)
    assert len(statements) >= 10
    assert 0.4 <= sum(map(statement_is_true, statements)) / len(statements) <= 0.6


def test_multiple_choice_questions_have_from_one_to_all_options_correct(course):
    spread = Counter(
        (len(correct_options(q)), len(q.options)) for q in of_kind(course, Kind.MULTIPLE)
    )
    counts = {correct for correct, _ in spread}
    assert 1 in counts
    assert any(correct == total for correct, total in spread)
    assert len(counts) >= 4
    assert max(spread.values()) <= sum(spread.values()) / 3


def test_the_correct_option_sits_anywhere_in_the_files(course):
    singles = of_kind(course, Kind.SINGLE)
    places = Counter(correct_positions(q)[0] for q in singles)
    assert set(places) >= {1, 2, 3, 4}
    assert max(places.values()) <= len(singles) * 0.4


def test_no_ordering_item_prints_its_date(course):
    for question in of_kind(course, Kind.ORDERING):
        for item in question.options:
            text = item.values["text"]
            assert not re.search(rf"\b(19|20)\d\d\b|\b({MONTHS})\b", text), text


@pytest.mark.parametrize(
    ("accepted", "also"),
    [
        ("kidoku surū", ["既読無視", "kidoku mushi", "既読スルー", "KIDOKU SURU"]),
        ("ashiato", ["footprint", "footprints", "asiato", "ashi-ato", "足跡"]),
        ("tenshoku", ["tensyoku", "転職", "テンショク"]),
        ("meishi", ["meisi", "名刺", "メイシ"]),
        ("Eight", ["Eight app", "エイト", "eight"]),
        ("baito tero", ["バカッター", "bakattā", "baito-tero"]),
        ("enjō", ["enjou", "炎上", "えんじょう"]),
        ("dōki", ["douki", "同期"]),
        ("jitsumei", ["jitumei", "実名"]),
    ],
)
def test_short_answers_accept_what_a_knowledgeable_learner_writes(course, accepted, also):
    (question,) = [
        q
        for q in of_kind(course, Kind.SHORT_TEXT)
        if accepted in [o.values["text"] for o in q.options]
    ]
    assert [answer for answer in also if not accepts(question, answer)] == []
    assert not accepts(question, "I don't know")


def test_no_question_prints_the_answer_to_another_in_its_quiz(course):
    """A short answer must not be readable in another question of the same quiz."""
    for module, quiz in module_checks(course):
        for question in quiz.questions:
            if question.kind != Kind.SHORT_TEXT:
                continue
            others = "\n".join(
                quiz_text_of(other) for other in quiz.questions if other is not question
            ).lower()
            shown = [
                o.values["text"] for o in question.options if o.values["text"].lower() in others
            ]
            assert shown == [], f"{module.path(quiz)} {question.at}"


def quiz_text_of(question) -> str:
    parts = [question.values["prompt"]]
    for option in question.options:
        parts += [option.values["text"], option.values.get("match_text", "")]
    return "\n".join(parts)


# ---- Loaded into the site ----


@pytest.mark.django_db
def test_make_run_loads_the_course_and_every_lesson_page_opens(client):
    call_command("load_courses", stdout=io.StringIO())

    course = Course.objects.get(slug=SLUG)
    assert course.is_published
    assert course.title in client.get(reverse("lessons:catalog")).content.decode()
    for module in course.modules.all():
        outline = client.get(f"{course.get_absolute_url()}?module={module.slug}").content.decode()
        for objective in module.objective_list:
            assert escape(objective) in outline, (module.slug, objective)
        for number, lesson in enumerate(module.lessons.all()):
            page = client.get(lesson.get_absolute_url())
            assert page.status_code == 200, lesson.slug
            html = page.content.decode()
            assert escape(lesson.title) in html
            starts_the_module = escape(module.objective_list[0]) in html
            assert starts_the_module == (number == 0), lesson.slug


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


@pytest.mark.django_db
def test_the_bundle_is_what_exporting_the_loaded_course_writes(tmp_path):
    """Hand edits keep the exporter's form, so an export after editing in the admin changes
    only what the admin changed."""
    call_command("load_courses", stdout=io.StringIO())

    export_course(course=Course.objects.get(slug=SLUG), out_dir=tmp_path / "out")

    assert files_of(tmp_path / "out") == files_of(BUNDLE)
