"""The example bundle of docs/course-bundles.md: what importing it makes, and its exports."""

import pytest

from jsnlearn.bundles.exporter import export_course
from jsnlearn.bundles.importer import import_bundle, read_course_slug
from lessons.models import Course, Lesson
from quizzes import grading
from quizzes.grading import Kind
from quizzes.models import Question
from quizzes.paper import Paper
from quizzes.services import start_attempt, submit_attempt
from tests.bundles.helpers import EXAMPLE, SLUG, files_of, import_example
from tests.factories import UserFactory, build_course, build_quiz

pytestmark = pytest.mark.django_db


def test_importing_the_example_creates_the_course_as_written():
    report = import_example()

    course = Course.objects.get(slug=SLUG)
    assert course.title == "Cards and chats at work in Japan"
    assert (course.is_published, course.sequential) == (True, False)
    assert "<strong>business card</strong>" in course.description_html
    assert [m.slug for m in course.modules.all()] == ["meishi", "line"]
    assert [(m.position, m.title) for m in course.modules.all()] == [
        (1, "Business cards"),
        (2, "LINE groups at work"),
    ]
    line = course.modules.get(slug="line")
    assert line.objective_list == [
        "join a team's LINE group with a greeting that fits",
        "answer a message you have read but cannot answer yet",
    ]
    assert [(lesson.position, lesson.slug) for lesson in line.lessons.all()] == [
        (1, "work-groups"),
        (2, "kidoku"),
        (3, "stamps"),
    ]
    assert line.lessons.get(slug="kidoku").title == "Kidoku: the read mark"
    assert report.summary() == (
        "created 1 course, 2 modules, 5 lessons, 2 quizzes, 6 questions, 19 options"
    )
    assert "created lesson line/kidoku" in report.lines
    assert not report.dry_run


def test_the_example_quizzes_use_all_six_kinds_and_can_be_graded():
    import_example()

    questions = Question.objects.filter(quiz__module__course__slug=SLUG)
    assert sorted(questions.values_list("kind", flat=True)) == sorted(Kind.values)
    for question in questions.prefetch_related("choices"):
        assert grading.problems(question.spec()) == []
    short_text = questions.get(kind=Kind.SHORT_TEXT)
    assert [c.text for c in short_text.choices.all()] == ["kidoku", "きどく", "既読"]
    matching = questions.get(kind=Kind.MATCHING)
    assert (matching.points, matching.choices.first().match_text) == (
        3,
        "the mark that a message was read",
    )
    quiz = matching.quiz
    assert (quiz.max_attempts, quiz.reveal_answers, quiz.shuffle_questions) == (
        None,
        "always",
        True,
    )
    assert "<p>Answer as you would on a weekday afternoon.</p>" in quiz.intro_html


def test_a_lesson_is_rendered_from_its_markdown(client):
    import_example()

    lesson = Lesson.objects.get(slug="exchanging")
    assert (lesson.title, lesson.estimated_minutes, lesson.is_published) == (
        "Exchanging cards",
        5,
        True,
    )
    assert lesson.body.startswith("## Before you meet\n")
    assert "<h2>Before you meet</h2>" in lesson.body_html  # the page title is the only h1
    assert "<ruby>名刺<rt>めいし</rt></ruby>" in lesson.body_html
    page = client.get(lesson.get_absolute_url())
    assert page.status_code == 200
    assert "Stand up, even if the other person is still sitting." in page.content.decode()


def test_a_learner_can_take_an_imported_quiz():
    import_example()
    learner = UserFactory()
    quiz = Question.objects.get(kind=Kind.MATCHING).quiz

    attempt = start_attempt(user=learner, quiz=quiz).attempt
    paper = Paper(attempt, quiz.questions.prefetch_related("choices"))
    answers = {s.question.pk: grading.correct_answer(s.question.spec()) for s in paper.questions}
    submitted = submit_attempt(paper=paper, answers=answers)

    assert (submitted.score, submitted.max_score, submitted.passed) == (6, 6, True)


def test_the_instructor_who_imports_a_course_teaches_it():
    teacher = UserFactory()

    import_bundle(root=EXAMPLE, instructor=teacher)

    assert list(Course.objects.taught_by(teacher)) == [Course.objects.get(slug=SLUG)]


def test_exporting_the_imported_example_gives_back_its_very_bytes(tmp_path):
    import_example()

    export_course(course=Course.objects.get(slug=SLUG), out_dir=tmp_path / "out")

    assert files_of(tmp_path / "out") == files_of(EXAMPLE)


def test_export_import_export_is_byte_identical(tmp_path):
    import_example()
    course = Course.objects.get(slug=SLUG)
    course.title = 'A "new" title: with quotes'
    course.description = "Windows line breaks\r\nfrom the admin\r\n"
    course.save()
    export_course(course=course, out_dir=tmp_path / "first")
    course.delete()

    import_bundle(root=tmp_path / "first")
    export_course(course=Course.objects.get(slug=SLUG), out_dir=tmp_path / "second")

    first, second = files_of(tmp_path / "first"), files_of(tmp_path / "second")
    assert first == second
    assert b"\r" not in first["course.yaml"]
    assert Course.objects.get(slug=SLUG).description == "Windows line breaks\nfrom the admin\n"


def test_export_refuses_a_folder_that_holds_other_files(tmp_path):
    import_example()
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(FileExistsError):
        export_course(course=Course.objects.get(slug=SLUG), out_dir=tmp_path)

    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_read_course_slug_reads_course_yaml_alone(tmp_path):
    assert read_course_slug(EXAMPLE) == SLUG


@pytest.mark.parametrize("modules", [1, 4])
def test_an_export_runs_one_query_per_level_whatever_the_size(
    tmp_path, modules, django_assert_num_queries
):
    course = build_course(modules=modules, lessons_per_module=3)
    for module in course.modules.all():
        build_quiz(module=module, slug=f"check-{module.slug}")

    with django_assert_num_queries(6):  # course, modules, lessons, quizzes, questions, options
        export_course(course=course, out_dir=tmp_path / "out")

    assert len(files_of(tmp_path / "out")) == 1 + modules * (1 + 3 + 1)
