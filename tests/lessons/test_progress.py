"""Progress is worked out the same way for every page: done, locked, next, what is left."""

import pytest
from django.contrib.auth.models import AnonymousUser

from lessons.models import Course, Lesson, LessonCompletion
from lessons.progress import progress_for
from tests.factories import (
    EnrollmentFactory,
    LessonCompletionFactory,
    LessonFactory,
    build_course,
)


def _progress(course, user, **options):
    (progress,) = progress_for([course], user, **options)
    return progress


def test_a_new_learner_has_everything_ahead(course, learner):
    progress = _progress(course, learner)

    assert (progress.done_count, progress.total, progress.percent) == (0, 4, 0)
    assert progress.left == "4 lessons"
    assert progress.next_item.title == "Lesson 1.1"
    assert not progress.started
    assert not progress.enrolled


def test_completions_move_progress_and_continue(course, lessons, learner):
    for lesson in lessons[:3]:
        LessonCompletionFactory(user=learner, lesson=lesson)
    EnrollmentFactory(user=learner, course=course)

    progress = _progress(course, learner)

    assert (progress.done_count, progress.percent) == (3, 75)
    assert progress.left == "1 lesson"
    assert progress.next_item.title == "Lesson 2.2"
    assert progress.enrolled
    first, second = progress.modules
    assert (first.percent, first.left, first.is_complete) == (100, "", True)
    assert (second.percent, second.left) == (50, "1 lesson")


def test_continue_goes_to_the_first_unfinished_lesson_even_when_later_ones_are_done(
    course, lessons, learner
):
    LessonCompletionFactory(user=learner, lesson=lessons[0])
    LessonCompletionFactory(user=learner, lesson=lessons[3])

    assert _progress(course, learner).next_item.title == "Lesson 1.2"


def test_a_finished_course_has_no_next_item(course, lessons, learner):
    for lesson in lessons:
        LessonCompletionFactory(user=learner, lesson=lesson)

    progress = _progress(course, learner)

    assert progress.next_item is None
    assert progress.is_complete
    assert progress.percent == 100


def test_only_published_lessons_count(course, lessons, learner):
    LessonFactory(module=lessons[0].module, is_published=False)
    LessonCompletionFactory(user=learner, lesson=lessons[0])

    progress = _progress(course, learner)
    assert (progress.done_count, progress.total) == (1, 4)
    assert _progress(course, learner, include_drafts=True).total == 5


def test_percent_rounds_down_so_unfinished_never_reads_100(learner):
    course = build_course(modules=1, lessons_per_module=200)
    lessons = Lesson.objects.filter(module__course=course)
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=learner, lesson=lesson) for lesson in lessons[:199]
    )

    progress = _progress(course, learner)
    assert (progress.done_count, progress.total) == (199, 200)
    assert progress.percent == 99  # 99.5 would round to 100
    assert progress.left == "1 lesson"


def test_sequential_courses_lock_later_modules_until_earlier_ones_are_complete(
    course, lessons, learner
):
    course.sequential = True
    course.save()
    LessonCompletionFactory(user=learner, lesson=lessons[0])

    first, second = _progress(course, learner).modules
    assert not first.locked
    assert second.locked
    assert second.blocked_by is first
    assert [item.status for item in second.items] == ["locked", "locked"]

    LessonCompletionFactory(user=learner, lesson=lessons[1])
    assert not _progress(course, learner).modules[1].locked


def test_other_courses_lock_nothing(course, learner):
    assert not any(module.locked for module in _progress(course, learner).modules)


def test_neighbours_cross_module_boundaries(course, lessons, learner):
    progress = _progress(course, learner)
    items = progress.items

    assert progress.neighbours(items[1]) == (items[0], items[2])
    assert progress.neighbours(items[0]) == (None, items[1])
    assert progress.neighbours(items[3]) == (items[2], None)
    assert items[2].url == "/courses/sns-japan/m2/l1/"


def test_every_item_links_to_its_lessons_page(learner):
    course = build_course(modules=3, lessons_per_module=4)
    lessons = Lesson.objects.filter(module__course=course).select_related("module__course")

    urls = [item.url for item in _progress(course, learner).items]

    assert urls == [lesson.get_absolute_url() for lesson in lessons]


def test_a_visitor_sees_the_outline_with_nothing_done(course, django_assert_num_queries):
    with django_assert_num_queries(3):  # modules, lessons, quizzes
        progress = _progress(course, AnonymousUser())
    with django_assert_num_queries(0):  # the outline is read once per content version
        _progress(course, AnonymousUser())

    assert progress.total == 4
    assert not progress.enrolled


@pytest.mark.parametrize("size", [(1, 1), (5, 8)])
def test_any_number_of_courses_costs_a_fixed_number_of_queries(
    learner, size, django_assert_num_queries
):
    courses = [build_course(modules=size[0], lessons_per_module=size[1]) for _ in range(3)]

    # The learner's completions and attempts; the outline's modules, lessons and quizzes, read
    # once per content version. Their enrollments only when asked for.
    with django_assert_num_queries(5):
        progresses = progress_for(courses, learner)
        [item.url for progress in progresses for item in progress.items]
    with django_assert_num_queries(2):
        progresses = progress_for(courses, learner)
    with django_assert_num_queries(1):
        assert [p.enrolled for p in progresses] == [False] * 3
    assert [p.total for p in progresses] == [size[0] * size[1]] * 3


def _edited(course):
    """`course` as read after an edit of its content, which renews its version."""
    Course.objects.filter(pk=course.pk).renew_content_version()
    return Course.objects.get(pk=course.pk)


def test_an_edit_of_the_content_shows_at_once(course, learner):
    _progress(course, learner)
    lesson = Lesson.objects.get(title="Lesson 1.1")
    lesson.title = "Exchanging cards"
    lesson.save()
    LessonFactory(module=lesson.module, title="Stamps", position=9)

    progress = _progress(_edited(course), learner)

    assert progress.next_item.title == "Exchanging cards"
    assert "Stamps" in [item.title for item in progress.items]
    lesson.delete()
    items = _progress(_edited(course), learner).items
    assert "Exchanging cards" not in [item.title for item in items]


def test_what_a_learner_did_shows_at_once_and_only_for_them(course, learner):
    other = EnrollmentFactory(course=course).user
    _progress(course, learner)
    _progress(course, other)

    LessonCompletionFactory(user=learner, lesson=Lesson.objects.get(title="Lesson 1.1"))

    assert _progress(course, learner).done_count == 1
    assert _progress(course, other).done_count == 0
