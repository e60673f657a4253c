"""Updating a course from an edited bundle keeps every learner's history."""

import pytest

from jsnlearn.bundles.errors import BundleInvalid, Problem
from jsnlearn.bundles.importer import import_bundle
from lessons.models import Course, Lesson, LessonCompletion, Module
from lessons.services import complete_lesson
from quizzes import grading
from quizzes.grading import Kind
from quizzes.models import Attempt, Choice, Question, Quiz, Response
from quizzes.paper import Paper
from quizzes.services import save_draft, start_attempt, submit_attempt
from tests.bundles.helpers import SLUG, edit, import_example, snapshot

pytestmark = pytest.mark.django_db

MEISHI_QUIZ = "meishi/meishi-check.quiz.yaml"
FIRST_PROMPT = "A client hands you their card across the table. What do you do first?"
WALLET = "Put it straight into your wallet"


def take_meishi_quiz(learner) -> Attempt:
    """Submit the business-card quiz: the wallet (wrong) for question 1, the rest right."""
    quiz = Quiz.objects.get(slug="meishi-check")
    attempt = start_attempt(user=learner, quiz=quiz).attempt
    paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
    answers = {s.question.pk: grading.correct_answer(s.question.spec()) for s in paper.questions}
    first = quiz.questions.get(position=1)
    answers[first.pk] = first.choices.get(text=WALLET).pk
    return submit_attempt(paper=paper, answers=answers)


def complete(learner, module: str, lesson: str) -> None:
    complete_lesson(user=learner, lesson=Lesson.objects.get(module__slug=module, slug=lesson))


@pytest.fixture
def history(learner):
    """The example imported; a learner completed two lessons and submitted the first quiz."""
    import_example()
    complete(learner, "meishi", "exchanging")
    complete(learner, "line", "kidoku")
    return take_meishi_quiz(learner)


def test_an_edited_bundle_updates_the_course_and_keeps_the_learners_history(
    bundle, history, learner_client
):
    before = snapshot()
    edit(bundle / "course.yaml", "title: Cards and chats at work in Japan", "title: Cards and LINE")
    edit(
        bundle / "meishi/module.yaml",
        "  - exchanging.md\n  - after-the-meeting.md\n",
        "  - after-the-meeting.md\n  - exchanging.md\n",
    )
    edit(bundle / "line/module.yaml", "  - kidoku.md\n  - stamps.md\n", "")
    (bundle / "line/kidoku.md").unlink()  # completed by the learner
    (bundle / "line/stamps.md").unlink()  # never used
    quiz_file = bundle / MEISHI_QUIZ
    edit(quiz_file, FIRST_PROMPT, "A client offers you their card. What do you do first?")
    edit(quiz_file, "  - kind: single\n    points: 1", "  - kind: single\n    points: 2")
    edit(quiz_file, f"text: {WALLET}", "text: Slip it into your wallet")

    report = import_bundle(root=bundle, update=True)

    assert report.summary() == (
        "updated 1 course, 2 lessons, 1 question, 1 option; unpublished 1 lesson; deleted 1 lesson"
    )
    assert "updated course cards-and-chats (title)" in report.lines
    assert "updated lesson meishi/after-the-meeting (order)" in report.lines
    assert "updated question meishi/meishi-check#1 (points, prompt, options)" in report.lines
    assert (
        "unpublished lesson line/kidoku (not in the bundle; kept for its 1 completion)"
        in report.lines
    )
    assert "deleted lesson line/stamps (not in the bundle; never used)" in report.lines

    after = snapshot()
    for table in ("LessonCompletion", "Attempt", "Response"):
        assert after[table] == before[table], table  # same rows, same points, same answers
    kidoku = Lesson.objects.get(slug="kidoku")
    assert not kidoku.is_published
    assert LessonCompletion.objects.filter(user=history.user, lesson=kidoku).exists()
    assert not Lesson.objects.filter(slug="stamps").exists()
    assert Course.objects.get(slug=SLUG).title == "Cards and LINE"
    meishi = Module.objects.get(slug="meishi")
    assert [lesson.slug for lesson in meishi.lessons.all()] == ["after-the-meeting", "exchanging"]
    first = Question.objects.get(quiz__slug="meishi-check", position=1)
    response = history.responses.get(question=first)
    assert (first.points, first.prompt_html) == (
        2,
        "<p>A client offers you their card. What do you do first?</p>",
    )
    assert Choice.objects.get(pk=response.answer).text == "Slip it into your wallet"
    assert (response.awarded_points, history.score, history.max_score) == (0, 3, 4)

    result = learner_client.get(history.get_absolute_url())
    assert result.status_code == 200
    assert "A client offers you their card." in result.content.decode()


def test_importing_the_same_bundle_again_changes_nothing(history):
    before = snapshot()

    report = import_example(update=True)

    assert report.summary() == "no changes"
    assert report.lines == []
    assert snapshot() == before


def test_an_update_shows_at_once_on_a_learners_page_seen_before(bundle, history, learner_client):
    learner_client.get("/accounts/")  # a CSRF cookie: the learner's pages are kept
    outline = Course.objects.get(slug=SLUG).get_absolute_url() + "?module=line"
    assert "Stamps" in learner_client.get(outline).content.decode()
    (bundle / "line/stamps.md").unlink()
    edit(bundle / "line/module.yaml", "  - stamps.md\n", "")

    import_bundle(root=bundle, update=True)

    assert "Stamps" not in learner_client.get(outline).content.decode()


def test_a_dry_run_reports_the_plan_and_writes_nothing(bundle, history):
    before = snapshot()
    (bundle / "line/stamps.md").unlink()
    edit(bundle / "line/module.yaml", "  - stamps.md\n", "")

    report = import_bundle(root=bundle, update=True, dry_run=True)

    assert report.dry_run
    assert report.lines == ["deleted lesson line/stamps (not in the bundle; never used)"]
    assert report.summary() == "deleted 1 lesson"
    assert snapshot() == before


def test_reordered_options_keep_the_ids_past_answers_name(bundle, history, learner_client):
    edit(
        bundle / MEISHI_QUIZ,
        "      - text: Put it straight into your wallet\n"
        "        correct: false\n"
        "        feedback: A back pocket or a wallet is where the card should never go.\n",
        "",
    )
    edit(
        bundle / MEISHI_QUIZ,
        "    options:\n      - text: Take it",
        "    options:\n"
        "      - text: Put it straight into your wallet\n"
        "        correct: false\n"
        "      - text: Take it",
    )
    chosen = history.responses.get(question__position=1).answer

    import_bundle(root=bundle, update=True)

    wallet = Choice.objects.get(pk=chosen)
    assert (wallet.text, wallet.position, wallet.feedback) == (WALLET, 1, "")
    assert learner_client.get(history.get_absolute_url()).status_code == 200


def test_results_of_past_attempts_still_show_after_options_are_removed(
    bundle, history, learner_client
):
    edit(bundle / MEISHI_QUIZ, "      - Lay their card on the table in front of you\n", "")
    edit(
        bundle / MEISHI_QUIZ,
        "      - text: Write the date of the meeting on it\n"
        "        correct: false\n"
        "        feedback: Never write on a card in front of the person who gave it.\n",
        "",
    )

    report = import_bundle(root=bundle, update=True)

    assert report.deleted["option"] == 2
    page = learner_client.get(history.get_absolute_url())
    assert page.status_code == 200
    assert "Put the steps of an exchange in order." in page.content.decode()


def test_a_new_question_before_answered_ones_leaves_them_attached(bundle, history):
    before = {q.prompt: q.pk for q in Question.objects.filter(quiz__slug="meishi-check")}
    edit(
        bundle / MEISHI_QUIZ,
        "questions:\n",
        "questions:\n"
        "  - kind: true_false\n"
        "    points: 1\n"
        "    prompt: A card goes in your back pocket.\n"
        "    options:\n"
        "      - text: 'True'\n"
        "      - text: 'False'\n"
        "        correct: true\n",
    )

    report = import_bundle(root=bundle, update=True)

    first, *others = Question.objects.filter(quiz__slug="meishi-check")
    assert first.prompt == "A card goes in your back pocket."
    assert {q.prompt: q.pk for q in others} == before
    assert set(history.responses.values_list("question", flat=True)) == set(before.values())
    assert report.summary() == "created 1 question, 2 options; updated 3 questions"


def test_an_answered_question_cannot_be_removed(bundle, history):
    before = snapshot()
    text = (bundle / MEISHI_QUIZ).read_text()
    (bundle / MEISHI_QUIZ).write_text(text[: text.index("  - kind: ordering")])

    with pytest.raises(BundleInvalid) as raised:
        import_bundle(root=bundle, update=True)

    assert raised.value.problems == [
        Problem(
            MEISHI_QUIZ,
            "questions",
            "the question 'Put the steps of an exchange in order.' has learners' answers, so it "
            "cannot be removed; keep it in the quiz, or give the quiz a new slug (the old quiz "
            "and its attempts are kept as a draft)",
        )
    ]
    assert snapshot() == before


def test_an_answered_question_keeps_its_kind(bundle, history):
    before = snapshot()
    edit(bundle / MEISHI_QUIZ, "  - kind: true_false", "  - kind: single")

    with pytest.raises(BundleInvalid) as raised:
        import_bundle(root=bundle, update=True, dry_run=True)

    (problem,) = raised.value.problems
    assert (problem.file, problem.field) == (MEISHI_QUIZ, "questions[2].kind")
    assert "answered this question as true_false, so its kind cannot change" in problem.message
    assert snapshot() == before


def test_answers_saved_for_later_count_as_answers(bundle, learner):
    import_example()
    quiz = Quiz.objects.get(slug="line-check")
    attempt = start_attempt(user=learner, quiz=quiz).attempt
    paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
    short_text = quiz.questions.get(kind=Kind.SHORT_TEXT)
    save_draft(paper=paper, answers={short_text.pk: "kidoku"})
    edit(
        bundle / "line/line-check.quiz.yaml",
        "  - kind: short_text\n    points: 1\n    prompt: What is the Japanese word for the "
        "read mark LINE shows? Answer in rōmaji or kana.\n    answers:\n",
        "  - kind: ordering\n    points: 1\n    prompt: Put these in order.\n    items:\n",
    )

    with pytest.raises(BundleInvalid) as raised:
        import_bundle(root=bundle, update=True)

    assert [p.field for p in raised.value.problems] == ["questions[2].kind"]


def test_unanswered_questions_may_change_kind_or_go(bundle, history):
    quiz_file = bundle / "line/line-check.quiz.yaml"
    text = quiz_file.read_text()
    quiz_file.write_text(text[: text.index("  - kind: matching")])
    edit(quiz_file, "  - kind: multiple", "  - kind: ordering")
    edit(quiz_file, "    options:\n", "    items:\n")
    for flag in ("        correct: true\n", "        correct: false\n"):
        quiz_file.write_text(quiz_file.read_text().replace(flag, ""))
    for feedback in (
        "        feedback: A stamp can thank, but it does not answer.\n",
        "        feedback: Keep the group for work; private chats are for the rest.\n",
    ):
        edit(quiz_file, feedback, "")
    quiz_file.write_text(quiz_file.read_text().replace("      - text: ", "      - "))

    report = import_bundle(root=bundle, update=True)

    quiz = Quiz.objects.get(slug="line-check")
    assert list(quiz.questions.values_list("kind", flat=True)) == [Kind.ORDERING, Kind.SHORT_TEXT]
    assert report.deleted["question"] == 1
    assert "updated question line/line-check#1 (kind, options)" in report.lines


def test_dropped_quizzes_and_modules_go_unless_learners_used_them(bundle, history):
    edit(bundle / "course.yaml", "  - line\n", "")
    edit(bundle / "meishi/module.yaml", "quizzes:\n  - meishi-check.quiz.yaml\n", "quizzes: []\n")
    (bundle / MEISHI_QUIZ).unlink()
    for path in sorted((bundle / "line").iterdir()):
        path.unlink()
    (bundle / "line").rmdir()

    report = import_bundle(root=bundle, update=True)

    assert report.summary() == ("unpublished 1 module, 1 lesson, 1 quiz; deleted 2 lessons, 1 quiz")
    line = Module.objects.get(slug="line")
    assert not line.is_published
    assert list(line.lessons.values_list("slug", "is_published")) == [("kidoku", False)]
    assert not line.quizzes.exists()
    quiz = Quiz.objects.get(slug="meishi-check")
    assert not quiz.is_published
    assert quiz.attempts.get() == history
    assert Response.objects.filter(attempt=history).count() == 3


def test_a_module_nobody_used_is_deleted(bundle):
    import_example()
    edit(bundle / "course.yaml", "  - line\n", "")
    for path in sorted((bundle / "line").iterdir()):
        path.unlink()
    (bundle / "line").rmdir()

    report = import_bundle(root=bundle, update=True)

    assert not Module.objects.filter(slug="line").exists()
    assert report.summary() == "deleted 1 module, 3 lessons, 1 quiz"


def test_a_dropped_lesson_comes_back_when_the_bundle_has_it_again(bundle, history):
    edit(bundle / "line/module.yaml", "  - kidoku.md\n", "")
    (bundle / "line/kidoku.md").rename(bundle.parent / "kidoku.md")
    import_bundle(root=bundle, update=True)
    (bundle.parent / "kidoku.md").rename(bundle / "line/kidoku.md")
    edit(bundle / "line/module.yaml", "  - work-groups.md\n", "  - work-groups.md\n  - kidoku.md\n")

    report = import_bundle(root=bundle, update=True)

    kidoku = Lesson.objects.get(slug="kidoku")
    assert (kidoku.is_published, kidoku.position) == (True, 2)
    assert kidoku.completions.count() == 1
    assert "updated lesson line/kidoku (published, order)" in report.lines


def test_reworded_questions_that_swap_places_keep_their_answers(bundle, history):
    """Rewording a question and moving it past one of another kind, as rebuilding a quiz
    does: each pairs with the answered question of its own kind, not the one in its place."""
    quiz_file = bundle / MEISHI_QUIZ
    text = quiz_file.read_text()
    single = text[text.index("  - kind: single") : text.index("  - kind: true_false")]
    true_false = text[text.index("  - kind: true_false") : text.index("  - kind: ordering")]
    swapped = text.replace(single + true_false, true_false + single)
    swapped = swapped.replace(FIRST_PROMPT, "A client offers you a card. What comes first?")
    quiz_file.write_text(
        swapped.replace(
            "You may stay seated while you exchange cards, as long as you smile.",
            "You may stay seated for the exchange if you smile.",
        )
    )
    answered = {r.question.kind: r.question.pk for r in history.responses.all()}
    before = snapshot()

    report = import_bundle(root=bundle, update=True)

    questions = list(Question.objects.filter(quiz__slug="meishi-check"))
    assert [(q.position, q.kind) for q in questions] == [
        (1, Kind.TRUE_FALSE),
        (2, Kind.SINGLE),
        (3, Kind.ORDERING),
    ]
    assert {q.kind: q.pk for q in questions} == answered
    assert questions[1].prompt == "A client offers you a card. What comes first?"
    assert "updated question meishi/meishi-check#1 (prompt, order)" in report.lines
    after = snapshot()
    for table in ("Attempt", "Response"):
        assert after[table] == before[table], table
    assert (history.score, history.max_score) == (3, 4)


def test_objectives_edited_in_the_bundle_update_the_module(bundle, history):
    edit(
        bundle / "meishi/module.yaml",
        "  - look after the cards you receive, during the meeting and after it\n",
        "  - look after the cards you receive\n  - follow up the same day\n",
    )

    report = import_bundle(root=bundle, update=True)

    assert report.lines == ["updated module meishi (objectives)"]
    assert Module.objects.get(slug="meishi").objective_list == [
        "exchange business cards at a first meeting, in the order people expect",
        "look after the cards you receive",
        "follow up the same day",
    ]
    assert import_bundle(root=bundle, update=True).summary() == "no changes"
