import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from lessons.models import Course, Lesson, LessonCompletion, Module
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LessonCompletionFactory,
    LessonFactory,
    ModuleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _violates_a_constraint(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_slugs_are_unique_within_their_parent_only():
    module = ModuleFactory(slug="basics")
    LessonFactory(module=module, slug="intro")

    _violates_a_constraint(lambda: ModuleFactory(course=module.course, slug="basics"))
    _violates_a_constraint(lambda: LessonFactory(module=module, slug="intro"))
    # The same slugs under another parent are fine.
    other = ModuleFactory(slug="basics")
    LessonFactory(module=other, slug="intro")


def test_a_learner_completes_a_lesson_and_enrolls_in_a_course_once_at_most(learner):
    completion = LessonCompletionFactory(user=learner)
    enrollment = EnrollmentFactory(user=learner)

    _violates_a_constraint(lambda: LessonCompletionFactory(user=learner, lesson=completion.lesson))
    _violates_a_constraint(lambda: EnrollmentFactory(user=learner, course=enrollment.course))


def test_modules_and_lessons_come_in_position_order():
    course = CourseFactory()
    late = ModuleFactory(course=course, position=2)
    early = ModuleFactory(course=course, position=1)
    second = LessonFactory(module=early, position=20)
    first = LessonFactory(module=early, position=10)

    assert list(course.modules.all()) == [early, late]
    assert list(early.lessons.all()) == [first, second]


def test_the_body_is_rendered_to_safe_html_on_save():
    lesson = LessonFactory(body="## Read marks\n\n既読 means *read*.<script>alert(1)</script>")

    assert lesson.body_html == "<h2>Read marks</h2>\n<p>既読 means <em>read</em>.</p>"
    lesson.body = "Changed."
    lesson.save()
    lesson.refresh_from_db()
    assert lesson.body_html == "<p>Changed.</p>"


def test_published_lessons_need_their_module_and_course_published_too():
    visible = LessonFactory()
    LessonFactory(is_published=False)
    LessonFactory(module=ModuleFactory(is_published=False))
    draft_course = CourseFactory(is_published=False)
    LessonFactory(module=ModuleFactory(course=draft_course))

    assert list(Lesson.objects.published()) == [visible]
    assert visible.module.course in Course.objects.published()
    assert draft_course not in Course.objects.published()


def test_for_learner_reads_only_that_learners_rows(learner):
    mine = LessonCompletionFactory(user=learner)
    LessonCompletionFactory()

    assert list(LessonCompletion.objects.for_learner(learner)) == [mine]


def test_deleting_content_a_learner_completed_is_refused(learner):
    completion = LessonCompletionFactory(user=learner)
    module = completion.lesson.module

    with pytest.raises(ProtectedError):
        completion.lesson.delete()
    with pytest.raises(ProtectedError):
        module.course.delete()
    assert Module.objects.filter(pk=module.pk).exists()


def test_deleting_a_learner_deletes_their_progress(learner):
    LessonCompletionFactory(user=learner)
    EnrollmentFactory(user=learner)

    learner.delete()

    assert not LessonCompletion.objects.exists()
    assert Lesson.objects.count() == 1


def test_instructors_author_only_the_courses_they_teach(learner):
    mine, theirs = CourseFactory(), CourseFactory()
    mine.instructors.add(learner)
    boss = UserFactory(is_superuser=True, is_staff=True)

    assert list(Course.objects.taught_by(learner)) == [mine]
    assert set(Course.objects.taught_by(boss)) == {mine, theirs}
    assert mine.is_taught_by(learner)
    assert not theirs.is_taught_by(learner)
    assert theirs.is_taught_by(boss)
