from datetime import timedelta

import factory
from django.utils import timezone

from jsnlearn.accounts.models import User
from jsnlearn.classrooms.models import Classroom, DueDate, Membership
from jsnlearn.classrooms.services import renew_classes_version
from jsnlearn.rendering import render_markdown
from jsnlearn.versions import new_version
from lessons.models import Course, Enrollment, Lesson, LessonCompletion, Module
from quizzes.grading import Kind
from quizzes.models import Choice, Question, Quiz

PASSWORD = "kidoku-stamp-42"  # every factory user signs in with this


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Learner {n}")
    password = factory.django.Password(PASSWORD)


def content_edited(course_or_id) -> None:
    """What the admin, the importer and the services do with every change to a course's content:
    give the course a new content version. Factories do it for what they make; a test that
    edits content itself calls it."""
    course_id = getattr(course_or_id, "pk", course_or_id)
    Course.objects.filter(pk=course_id).renew_content_version()


class ContentFactory(factory.django.DjangoModelFactory):
    """Content made as an instructor adds it: its course gets a new content version."""

    class Meta:
        abstract = True

    _course_path = ""  # from the model to its course id

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        made = super()._create(model_class, *args, **kwargs)
        if cls._course_path:
            content_edited(model_class.objects.values_list(cls._course_path).get(pk=made.pk)[0])
        return made


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "How people in Japan use social networks at work."
    is_published = True


class ModuleFactory(ContentFactory):
    class Meta:
        model = Module

    _course_path = "course_id"

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(lambda n: n)
    slug = factory.Sequence(lambda n: f"module-{n}")
    title = factory.Sequence(lambda n: f"Module {n}")
    is_published = True


class LessonFactory(ContentFactory):
    class Meta:
        model = Lesson

    _course_path = "module__course_id"

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n)
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    title = factory.Sequence(lambda n: f"Lesson {n}")
    body = "## What to do\n\nBow slightly and offer your 名刺 (*meishi*) with both hands."
    estimated_minutes = 5
    is_published = True


class LearnerWorkFactory(factory.django.DjangoModelFactory):
    """A step of a learner's work, recorded as the services record it: the learner gets a new
    work version."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        made = super()._create(model_class, *args, **kwargs)
        made.user.renew_work_version()
        return made


class EnrollmentFactory(LearnerWorkFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)


class LessonCompletionFactory(LearnerWorkFactory):
    class Meta:
        model = LessonCompletion

    user = factory.SubFactory(UserFactory)
    lesson = factory.SubFactory(LessonFactory)


def build_course(*, modules: int, lessons_per_module: int, **course_fields) -> Course:
    """A published course of `modules` x `lessons_per_module`, inserted in bulk (fast)."""
    course = CourseFactory(**course_fields)
    made = Module.objects.bulk_create(
        Module(course=course, position=m, slug=f"m{m}", title=f"Module {m}", is_published=True)
        for m in range(1, modules + 1)
    )
    body = LessonFactory.body
    Lesson.objects.bulk_create(
        Lesson(
            module=module,
            position=n,
            slug=f"l{n}",
            title=f"Lesson {module.position}.{n}",
            body=body,
            body_html=render_markdown(body),
            is_published=True,
        )
        for module in made
        for n in range(1, lessons_per_module + 1)
    )
    return course  # made with a version of its own: nothing read it before


class QuizFactory(ContentFactory):
    class Meta:
        model = Quiz

    _course_path = "module__course_id"

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n)
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    title = factory.Sequence(lambda n: f"Quiz {n}")
    intro = "Scenarios from a first month at work in Tokyo."
    pass_percent = 70
    is_published = True


class QuestionFactory(ContentFactory):
    class Meta:
        model = Question

    _course_path = "quiz__module__course_id"

    quiz = factory.SubFactory(QuizFactory)
    position = factory.Sequence(lambda n: n)
    kind = Kind.SINGLE
    prompt = "Your new team adds you to a LINE group. What do you do first?"
    explanation = "A short greeting shows you have joined; silence reads as distance."
    points = 1


# Option tuples: (text, is_correct, feedback, match_text). Texts are distinct across the quiz so
# a test can look for any of them in a page.
SIX_KINDS = {
    Kind.SINGLE: (
        "Your former manager sends you a Facebook friend request on a Sunday. What do you do?",
        [
            ("Accept it and keep what you post professional", True, "FB-accept-professional", ""),
            ("Ignore it for ever", False, "FB-ignore-forever", ""),
            ("Reply asking why they want to connect", False, "FB-ask-why", ""),
        ],
    ),
    Kind.MULTIPLE: (
        "In a chat group with colleagues, which of these are good manners?",
        [
            ("Reply within working hours", True, "FB-working-hours", ""),
            ("Use polite language with your manager", True, "FB-polite-language", ""),
            ("Send stamps at two in the morning", False, "FB-late-stamps", ""),
            ("Leave the group without a word", False, "FB-leave-silently", ""),
        ],
    ),
    Kind.TRUE_FALSE: (
        "A kidoku mark tells the sender that you have read the message.",
        [("True", True, "FB-true-read-mark", ""), ("False", False, "FB-false-read-mark", "")],
    ),
    Kind.SHORT_TEXT: (
        "Which messaging app do most people in Japan use? Answer in one word.",
        [("LINE", True, "", "")],
    ),
    Kind.ORDERING: (
        "Put the steps of exchanging business cards in order.",
        [
            ("Stand up to face them", True, "", ""),
            ("Offer your card with both hands", True, "", ""),
            ("Receive theirs with both hands", True, "", ""),
            ("Lay their card on the table in front of you", True, "", ""),
        ],
    ),
    Kind.MATCHING: (
        "Match each Japanese term with its meaning.",
        [
            ("meishi", True, "", "a business card"),
            ("kidoku", True, "", "a read receipt"),
            ("shukatsu", True, "", "the student job hunt"),
        ],
    ),
}


def add_question(quiz, kind, prompt, options, *, points=1, position=None) -> Question:
    question = QuestionFactory(
        quiz=quiz,
        kind=kind,
        prompt=prompt,
        explanation=f"EXPLAIN-{kind}: why this answer fits.",
        points=points,
        **({} if position is None else {"position": position}),
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=n,
            text=text,
            is_correct=is_correct,
            feedback=feedback,
            match_text=match_text,
        )
        for n, (text, is_correct, feedback, match_text) in enumerate(options, start=1)
    )
    content_edited(quiz.module.course_id)
    return question


def build_quiz(*, kinds=tuple(SIX_KINDS), **quiz_fields) -> Quiz:
    """A quiz with one question of each of `kinds` (SIX_KINDS' content), in that order."""
    quiz = QuizFactory(**quiz_fields)
    for position, kind in enumerate(kinds, start=1):
        prompt, options = SIX_KINDS[kind]
        add_question(quiz, kind, prompt, options, position=position)
    return quiz


def build_long_quiz(*, questions: int, **quiz_fields) -> Quiz:
    """A quiz of `questions` questions cycling through SIX_KINDS, inserted in bulk (fast)."""
    quiz = QuizFactory(**quiz_fields)
    kinds = [list(SIX_KINDS)[n % len(SIX_KINDS)] for n in range(questions)]
    made = Question.objects.bulk_create(
        Question(
            quiz=quiz,
            position=n,
            kind=kind,
            prompt=SIX_KINDS[kind][0],
            prompt_html=render_markdown(SIX_KINDS[kind][0]),
        )
        for n, kind in enumerate(kinds)
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=p,
            text=text,
            is_correct=correct,
            feedback=feedback,
            match_text=match_text,
        )
        for question in made
        for p, (text, correct, feedback, match_text) in enumerate(SIX_KINDS[question.kind][1])
    )
    content_edited(quiz.module.course_id)
    return quiz


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Spring cohort {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member, as joining makes one: the learner gets a new classes version, the class a
    new members version."""

    class Meta:
        model = Membership

    classroom = factory.SubFactory(ClassroomFactory)
    user = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        made = super()._create(model_class, *args, **kwargs)
        Classroom.objects.filter(pk=made.classroom_id).renew_members_version()
        made.user.classes_version = new_version()
        User.objects.filter(pk=made.user.pk).update(classes_version=made.user.classes_version)
        return made


class DueDateFactory(factory.django.DjangoModelFactory):
    """A quiz's due date a week from now, unless told the module or the moment."""

    class Meta:
        model = DueDate

    classroom = factory.SubFactory(ClassroomFactory)
    due = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """As an instructor sets it: the class's members get a new classes version."""
        made = super()._create(model_class, *args, **kwargs)
        renew_classes_version(classroom_ids=[made.classroom_id])
        return made
