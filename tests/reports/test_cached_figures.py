"""A course report's figures are computed at most once a minute, and afresh after any edit of
the course's content."""

import time

from django.core.cache import caches
from django.test import Client

from jsnlearn.reports import views
from tests.factories import UserFactory
from tests.reports.helpers import complete, learners_in, text_of, url

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


def test_an_edit_in_the_admin_is_shown_at_once(sensei_client, course, graded, lessons):
    sensei_client.get(url(course))
    editor = Client()
    editor.force_login(UserFactory(is_staff=True, is_superuser=True))
    editor.post(
        "/admin/lessons/lesson/", {"action": "unpublish", "_selected_action": [lessons[1].pk]}
    )

    assert "Module 1 1 lesson and 1 quiz" in text_of(sensei_client.get(url(course)), "modules")


def test_while_another_request_computes_new_figures_the_last_ones_show(
    sensei_client, course, graded, lessons, monkeypatch
):
    before = text_of(sensei_client.get(url(course)), "modules")
    (newcomer,) = learners_in(course, ["Eri"])
    complete(newcomer, lessons)
    next_period = time.time() + views.REPORT_SECONDS
    monkeypatch.setattr(time, "time", lambda: next_period)
    shared = caches["figures"]
    monkeypatch.setattr(shared, "add", lambda *args, **kwargs: False)  # it is being computed

    assert text_of(sensei_client.get(url(course)), "modules") == before
