"""A course report's figures are computed at most once a minute, and afresh after any edit of
the course's content."""

import time

from django.core.cache import cache

from jsnlearn.reports import views
from lessons.models import Lesson
from lessons.versions import content_version
from quizzes.models import Choice
from tests.reports.helpers import complete, learners_in, text_of
from tests.reports.test_course_report import url

MODULES_BEFORE = (
    "Completion by module Module Published content Learners who finished it "
    "Module 1 2 lessons and 1 quiz 2 of 4 (50%) "
)


def test_learners_work_shows_once_the_minute_is_over(
    sensei_client, course, graded, lessons, monkeypatch
):
    assert text_of(sensei_client.get(url(course)), "modules").startswith(MODULES_BEFORE)
    (newcomer,) = learners_in(course, ["Eri"])
    complete(newcomer, lessons)

    page = sensei_client.get(url(course))
    assert "figures as of" in text_of(page)
    assert text_of(page, "modules").startswith(MODULES_BEFORE)  # computed under a minute ago
    next_period = time.time() + views.REPORT_SECONDS
    monkeypatch.setattr(time, "time", lambda: next_period)  # the minute runs out
    assert "Module 1 2 lessons and 1 quiz 2 of 5 (40%)" in text_of(
        sensei_client.get(url(course)), "modules"
    )


def test_an_instructors_edit_is_shown_at_once(
    sensei_client, course, graded, lessons, django_capture_on_commit_callbacks
):
    sensei_client.get(url(course))
    with django_capture_on_commit_callbacks(execute=True):
        Lesson.objects.filter(pk=lessons[0].pk).get().save()  # any edit, even an unchanged save
        lesson = lessons[1]
        lesson.is_published = False
        lesson.save()

    assert "Module 1 1 lesson and 1 quiz" in text_of(sensei_client.get(url(course)), "modules")


def test_every_kind_of_content_edit_gives_the_course_a_new_version(
    course, graded, django_capture_on_commit_callbacks
):
    choice = Choice.objects.filter(question__quiz=graded["quiz"]).first()
    edits = [
        lambda: course.save(),
        lambda: course.modules.first().save(),
        lambda: graded["quiz"].save(),
        lambda: choice.question.save(),
        lambda: choice.save(),
        lambda: choice.delete(),
    ]
    for edit in edits:
        before = content_version(course.pk)
        with django_capture_on_commit_callbacks(execute=True):
            edit()
        assert content_version(course.pk) != before, edit


def test_while_another_request_computes_new_figures_the_last_ones_show(
    sensei_client, course, graded, lessons, monkeypatch
):
    before = text_of(sensei_client.get(url(course)), "modules")
    (newcomer,) = learners_in(course, ["Eri"])
    complete(newcomer, lessons)
    next_period = time.time() + views.REPORT_SECONDS
    monkeypatch.setattr(time, "time", lambda: next_period)
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)  # it is being computed

    assert text_of(sensei_client.get(url(course)), "modules") == before
