"""A large course with thousands of learners' progress, inserted in bulk.

Everything a learner could have done is made the way the site would have made it: attempts get
a paper from `make_layout`, every answer is graded by `quizzes.grading`, and each attempt's
score, percent and pass are worked out from its responses as `submit_attempt` does. So pages,
reports and the benchmark see data the site itself could have written.

Each learner also has a review deck (jsnlearn/review): a card for each of the course's first
questions, most of them due on later days and a few dozen today, and the review log of a streak
of days, each rating made by the scheduler from an answer graded as review grades it.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.accounts.roles import make_instructor
from jsnlearn.rendering import render_markdown
from jsnlearn.review.deck import Days, day_of
from jsnlearn.review.models import ReviewCard, ReviewLog
from jsnlearn.review.services import rated_answer
from lessons.models import Course, Enrollment, Lesson, LessonCompletion, Module
from quizzes import grading
from quizzes.grading import Kind
from quizzes.models import Attempt, Choice, Question, Quiz, Response
from quizzes.paper import make_layout, to_json
from quizzes.services import record_score

SLUG = "load-test"
OUTLINE_SLUG = "load-test-outline"  # a larger course, made only to weigh its outline page
EMAIL_DOMAIN = "load.test"
INSTRUCTOR_EMAIL = f"instructor@{EMAIL_DOMAIN}"
PASSWORD = "load-test-password"  # noqa: S105 (a throwaway dataset's accounts)
BATCH = 2000

LESSON_BODY = """## What to do

Reply to a colleague's LINE message within the working day, even briefly: a 既読
(*kidoku*, "read") mark without an answer reads as being ignored.

- Thank them first.
- Say when you will answer properly.
- Use a stamp only once the tone is set.
"""

# Options per kind: (text, is_correct, match_text). Ordering items are in the correct order.
OPTIONS = {
    Kind.SINGLE: [("Bow slightly", True, ""), ("Wave", False, ""), ("Hug", False, "")],
    Kind.MULTIPLE: [
        ("Reply the same day", True, ""),
        ("Use polite forms", True, ""),
        ("Send only stamps", False, ""),
        ("Leave the group", False, ""),
    ],
    Kind.TRUE_FALSE: [("True", True, ""), ("False", False, "")],
    Kind.SHORT_TEXT: [("meishi", True, ""), ("名刺", True, "")],
    Kind.ORDERING: [
        ("Stand up", True, ""),
        ("Offer your card", True, ""),
        ("Receive theirs", True, ""),
        ("Lay it on the table", True, ""),
    ],
    Kind.MATCHING: [
        ("meishi", True, "a business card"),
        ("kidoku", True, "a read receipt"),
        ("shukatsu", True, "the student job hunt"),
    ],
}
KINDS = list(OPTIONS)


@dataclass(frozen=True)
class Scale:
    learners: int = 5000
    modules: int = 20
    lessons_per_module: int = 15
    questions_per_quiz: int = 20
    mean_modules_done: float = 2.0  # how far a learner gets, on average (exponential)
    review_cards: int = 200  # each learner's deck: the course's first questions, at most
    review_due: tuple[int, int] = (20, 40)  # cards due today, at least and at most
    seed: int = 2026


@dataclass(frozen=True)
class Seeded:
    course: Course
    learners: int
    enrollments: int
    completions: int
    attempts: int
    responses: int
    cards: int = 0
    logs: int = 0


class AlreadySeeded(Exception):
    """The load-test course is in the database already: nothing was changed."""


@transaction.atomic
def seed(scale: Scale) -> Seeded:
    """Write the load-test course and its learners' work; AlreadySeeded if it is there."""
    if Course.objects.filter(slug=SLUG).exists():
        raise AlreadySeeded(SLUG)
    rng = random.Random(scale.seed)
    course = _course(scale)
    lessons_by_module, quizzes = _content(course, scale)
    learners = _learners(scale)
    enrollments = Enrollment.objects.bulk_create(
        (Enrollment(user=learner, course=course) for learner in learners), batch_size=BATCH
    )
    work = [_work_of(learner, rng, scale, lessons_by_module, quizzes) for learner in learners]
    completions = LessonCompletion.objects.bulk_create(
        (c for completions, _, _ in work for c in completions), batch_size=BATCH
    )
    attempts = Attempt.objects.bulk_create(
        (a for _, attempts, _ in work for a in attempts), batch_size=BATCH
    )
    responses = Response.objects.bulk_create(
        (r for _, _, responses in work for r in responses), batch_size=BATCH
    )
    cards, logs = _review_decks(learners, quizzes, rng, scale)
    return Seeded(
        course=course,
        learners=len(learners),
        enrollments=len(enrollments),
        completions=len(completions),
        attempts=len(attempts),
        responses=len(responses),
        cards=cards,
        logs=logs,
    )


@transaction.atomic
def outline_course(scale: Scale) -> Course:
    """A published course of `scale`'s modules, lessons and quizzes, without learners, under
    OUTLINE_SLUG (an earlier one is replaced): the benchmark weighs its outline page, then
    deletes it, so that it never shows in the pages measured."""
    remove_outline_course()
    course = _new_course(OUTLINE_SLUG, "Working with LINE in Japan (outline size)")
    _content(course, scale)
    return course


@transaction.atomic
def remove_outline_course() -> None:
    Enrollment.objects.filter(course__slug=OUTLINE_SLUG).delete()  # they protect the course
    Course.objects.filter(slug=OUTLINE_SLUG).delete()


def _new_course(slug: str, title: str) -> Course:
    return Course.objects.create(
        slug=slug,
        title=title,
        summary="A large course for measuring the site: many modules, lessons and learners.",
        description="Every module ends with a quiz of every kind of question.",
        is_published=True,
    )


def _course(scale: Scale) -> Course:
    course = _new_course(SLUG, "Working with LINE in Japan (load test)")
    instructor = User.objects.create_user(
        INSTRUCTOR_EMAIL, password=PASSWORD, display_name="Load-test instructor"
    )
    make_instructor(user=instructor, course=course)
    return course


def _content(course: Course, scale: Scale):
    """Modules with their lessons, and one quiz per module; returns the lessons by module and
    the quizzes with their questions (choices prefetched), in module order."""
    modules = Module.objects.bulk_create(
        Module(
            course=course,
            position=m,
            slug=f"module-{m}",
            title=f"Module {m}: messages at work",
            summary="Lessons, then the module's quiz.",
            is_published=True,
        )
        for m in range(1, scale.modules + 1)
    )
    body_html = render_markdown(LESSON_BODY)
    lessons = Lesson.objects.bulk_create(
        Lesson(
            module=module,
            position=n,
            slug=f"lesson-{n}",
            title=f"Lesson {module.position}.{n}: answering in time",
            body=LESSON_BODY,
            body_html=body_html,
            estimated_minutes=5,
            is_published=True,
        )
        for module in modules
        for n in range(1, scale.lessons_per_module + 1)
    )
    lessons_by_module = {module.pk: [] for module in modules}
    for lesson in lessons:
        lessons_by_module[lesson.module_id].append(lesson)
    quizzes = Quiz.objects.bulk_create(
        Quiz(
            module=module,
            slug="check",
            title=f"Module {module.position} check",
            intro="Twenty questions on the module.",
            intro_html=render_markdown("Twenty questions on the module."),
            is_published=True,
        )
        for module in modules
    )
    _questions(quizzes, scale)
    by_module = {
        quiz.module_id: quiz
        for quiz in Quiz.objects.filter(pk__in=[q.pk for q in quizzes]).select_related("module")
    }
    questions = Question.objects.filter(quiz__in=quizzes).prefetch_related("choices")
    quiz_questions = {quiz.pk: [] for quiz in quizzes}
    for question in questions:
        quiz_questions[question.quiz_id].append(question)
    return lessons_by_module, [
        (by_module[module.pk], quiz_questions[by_module[module.pk].pk]) for module in modules
    ]


def _questions(quizzes, scale: Scale) -> None:
    prompts = {kind: f"Question of the kind “{kind.label}”." for kind in KINDS}
    prompt_html = {kind: render_markdown(prompt) for kind, prompt in prompts.items()}
    questions = Question.objects.bulk_create(
        Question(
            quiz=quiz,
            position=n,
            kind=KINDS[n % len(KINDS)],
            prompt=prompts[KINDS[n % len(KINDS)]],
            prompt_html=prompt_html[KINDS[n % len(KINDS)]],
            points=1 + n % 3,
        )
        for quiz in quizzes
        for n in range(scale.questions_per_quiz)
    )
    Choice.objects.bulk_create(
        (
            Choice(question=question, position=p, text=text, is_correct=ok, match_text=match)
            for question in questions
            for p, (text, ok, match) in enumerate(OPTIONS[question.kind], start=1)
        ),
        batch_size=BATCH,
    )


def _learners(scale: Scale) -> list[User]:
    password = make_password(PASSWORD)  # one hash for every account: hashing is slow on purpose
    width = len(str(scale.learners))
    return User.objects.bulk_create(
        (
            User(
                email=f"learner{n:0{width}}@{EMAIL_DOMAIN}",
                display_name=f"Learner {n}",
                password=password,
            )
            for n in range(1, scale.learners + 1)
        ),
        batch_size=BATCH,
    )


def _work_of(learner, rng, scale: Scale, lessons_by_module, quizzes):
    """One learner's completions, attempts and responses: the lessons and quiz of the first
    few modules, part of the next module's lessons; one attempt per quiz, a second if failed.
    Everyone has taken the first module's quiz, even before its lessons: with 5,000 learners
    its statistics page reads 5,000 first attempts at 20 questions."""
    done = min(scale.modules, int(rng.expovariate(1 / scale.mean_modules_done)))
    module_ids = list(lessons_by_module)
    lessons = [lesson for pk in module_ids[:done] for lesson in lessons_by_module[pk]]
    if done < scale.modules:
        lessons += lessons_by_module[module_ids[done]][: rng.randrange(scale.lessons_per_module)]
    completions = [LessonCompletion(user=learner, lesson=lesson) for lesson in lessons]
    attempts, responses = [], []
    skill = rng.uniform(0.4, 0.95)
    for quiz, questions in quizzes[: max(1, done)]:
        for _ in range(2):
            attempt, graded = _attempt(learner, quiz, questions, rng, skill)
            attempts.append(attempt)
            responses += graded
            if attempt.passed:
                break
            skill = min(1.0, skill + 0.2)  # they read the feedback
    return completions, attempts, responses


def _attempt(learner, quiz, questions, rng, skill: float):
    """A submitted attempt at `quiz`, each question answered right with probability `skill`,
    graded as `submit_attempt` grades."""
    submitted = timezone.now() - timedelta(minutes=rng.randrange(60 * 24 * 90))
    attempt = Attempt(
        user=learner,
        quiz=quiz,
        layout=make_layout(quiz, questions),
        submitted_at=submitted,
    )
    responses = []
    for question in questions:
        spec = question.spec()
        answer = answer_for(spec, rng, skill)
        result = grading.grade(spec, answer)
        responses.append(
            Response(
                attempt=attempt,
                question=question,
                answer=to_json(question.kind, answer),
                awarded_points=result.points,
                is_correct=result.is_correct,
            )
        )
    max_score = sum(question.points for question in questions)
    record_score(attempt, sum(r.awarded_points for r in responses), max_score)
    return attempt, responses


def answer_for(spec: grading.Spec, rng, skill: float):
    """A learner's answer: right with probability `skill`, else a plausible wrong one."""
    return grading.correct_answer(spec) if rng.random() < skill else _wrong(spec, rng)


def _wrong(spec: grading.Spec, rng):
    """A plausible wrong (or partly right) answer of the question's shape."""
    ids = [option.id for option in spec.options]
    match spec.kind:
        case Kind.SINGLE | Kind.TRUE_FALSE:
            return rng.choice([o.id for o in spec.options if not o.is_correct])
        case Kind.MULTIPLE:
            return frozenset(rng.sample(ids, 2))
        case Kind.SHORT_TEXT:
            return rng.choice(["", "business card", "meishi card"])
        case Kind.ORDERING:
            return tuple(reversed(ids))
        case _:  # matching: the right sides shifted by one
            return dict(zip(ids, ids[1:] + ids[:1], strict=True))


# ---- Review decks ----

STREAKS = (0, 0, 1, 2, 3, 5, 8, 13)  # days in a row with reviews, up to yesterday
DONE_TODAY = (0, 0, 0, 1, 2, 3, 5)  # reviews already made today (the limit is 20)


def _review_decks(learners, quizzes, rng, scale: Scale) -> tuple[int, int]:
    """Every learner's deck and review log, written a few learners at a time (a million cards
    would not fit in memory at once); how many cards and logs. Each learner's header says
    review is ready from the start of today, and their deck is up to date with their quizzes."""
    questions = [q for _, quiz_questions in quizzes for q in quiz_questions][: scale.review_cards]
    if not learners or not questions:
        return 0, 0
    specs = {question.pk: question.spec() for question in questions}
    course_id = quizzes[0][0].module.course_id
    now = timezone.now()
    per_batch = max(1, BATCH * 5 // len(questions))
    cards_made = logs_made = 0
    for start in range(0, len(learners), per_batch):
        decks = [
            _deck_of(learner, questions, specs, course_id, rng, scale, now)
            for learner in learners[start : start + per_batch]
        ]
        cards = ReviewCard.objects.bulk_create(
            (card for deck, _ in decks for card in deck), batch_size=BATCH
        )
        for _, logs in decks:
            for log in logs:
                log.card_id = log.card.pk
        logs = ReviewLog.objects.bulk_create(
            (log for _, logs in decks for log in logs), batch_size=BATCH
        )
        cards_made, logs_made = cards_made + len(cards), logs_made + len(logs)
        batch = learners[start : start + per_batch]
        for learner, (_, logs) in zip(batch, decks, strict=True):
            _count_days(learner, logs)
        User.objects.bulk_update(batch, ["review_day", "review_day_count", "review_streak"])
    User.objects.filter(pk__in=[learner.pk for learner in learners]).update(
        review_ready_at=day_of(learners[0], now).start,
        review_synced_until=now,
        review_synced_version=F("work_version"),
    )
    return cards_made, logs_made


def _count_days(learner, logs) -> None:
    """What the review services keep on the learner's row of their days with a review."""
    per_day = Counter(log.reviewed_at.astimezone(learner.zone).date() for log in logs)
    Days.of(dict(per_day)).put_on(learner)


def _deck_of(learner, questions, specs, course_id, rng, scale: Scale, now):
    """One learner's cards, one per question, and the logs of their recent reviews. Cards
    reviewed in the streak's days (and today) are rated by the scheduler from an answer graded
    as review grades it; the due ones came due over the last fortnight; the others are due on
    some day in the next two months."""
    day = day_of(learner, now)
    order = rng.sample(range(len(questions)), len(questions))
    due_today = min(len(order) // 2, rng.randint(*scale.review_due))  # a small deck: half
    reviews = [day.start + (now - day.start) * rng.random() for _ in range(rng.choice(DONE_TODAY))]
    for days_ago in range(1, rng.choice(STREAKS) + 1):
        start = day.start - timedelta(days=days_ago)
        reviews += [start + timedelta(hours=rng.uniform(7, 23)) for _ in range(rng.randint(2, 6))]
    reviews = [moment.astimezone(UTC) for moment in reviews[: len(order) - due_today]]
    skill = rng.uniform(0.5, 0.95)
    cards, logs = [], []
    for n, index in enumerate(order):
        question = questions[index]
        card = ReviewCard(
            user=learner,
            question=question,
            course_id=course_id,
            kind=question.kind,
            state=ReviewCard.State.REVIEW,
            stability=rng.uniform(1, 40),
            difficulty=rng.uniform(2, 8),
            reps=rng.randint(1, 5),
        )
        if n < due_today:
            card.due = now - timedelta(minutes=rng.randrange(60 * 24 * 14))
        elif n - due_today < len(reviews):
            reviewed_at = reviews[n - due_today]
            card.due = reviewed_at - timedelta(hours=rng.uniform(0, 48))
            logs.append(_review(card, specs[question.pk], rng, skill, reviewed_at))
        else:
            card.due = day.end + timedelta(minutes=rng.randrange(60 * 24 * 60))
        if card.last_review is None:
            card.last_review = card.due - timedelta(days=card.stability)
        cards.append(card)
    return cards, logs


def _review(card: ReviewCard, spec, rng, skill: float, reviewed_at) -> ReviewLog:
    """`card` answered in review at `reviewed_at` and rated by the scheduler; its log."""
    card.last_review = card.due - timedelta(days=card.stability)
    return rated_answer(card, spec, answer_for(spec, rng, skill), reviewed_at)
