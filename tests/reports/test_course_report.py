"""A course's report: who is where, module by module, learner by learner, and what they miss."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from jsnlearn.reports import figures
from lessons.models import Enrollment, LessonCompletion
from lessons.progress import progress_for
from tests.factories import UserFactory, build_course, content_edited
from tests.reports.helpers import learners_in, text_of, url


def learner_lines(response) -> list[str]:
    """The learners table's rows as text, top to bottom (ending in the last active date and
    time and the enrolment date, on `one_day`)."""
    rows = re.split(r"1 Dec 2026, \d\d:\d\d 1 Dec 2026", text_of(response, "learner-rows"))
    return [row.strip() for row in rows if row.strip()]


def test_the_report_shows_enrolled_learners_and_the_completion_of_each_module(
    sensei_client, course, graded
):
    response = sensei_client.get(url(course))

    assert "4 enrolled learners · 4 lessons and 1 quiz published" in text_of(response)
    assert text_of(response, "modules") == (
        "Completion by module Module Published content Learners who finished it "
        "Module 1 2 lessons and 1 quiz 2 of 4 (50%) "
        "Module 2 2 lessons 1 of 4 (25%)"
    )


def test_each_quiz_shows_its_attempts_and_links_to_its_report(sensei_client, course, graded):
    response = sensei_client.get(url(course))

    assert text_of(response, "quizzes").endswith(
        "Quiz 0 Statistics Module 1 4 3 2 of 3 (66%)".replace("Quiz 0", graded["quiz"].title)
    )
    html = response.content.decode()
    assert reverse("reports:quiz", kwargs={"quiz_id": graded["quiz"].pk}) in html
    assert reverse("reports:quiz_statistics", kwargs={"quiz_id": graded["quiz"].pk}) in html


def test_the_most_missed_questions_come_first(sensei_client, course, graded):
    missed = text_of(sensei_client.get(url(course)), "most-missed")
    title = graded["quiz"].title

    assert missed == (
        "Most missed questions Question Quiz Responses not fully correct "
        f"3. Which are good manners in a team chat? {title} 3 of 4 (75%) "
        f"2. A kidoku mark shows that you have read a message. {title} 2 of 4 (50%) "
        f"1. How do you greet a new client? {title} 1 of 4 (25%)"
    )


@pytest.mark.parametrize(
    ("order", "names"),
    [
        ("name", ["=Dai", "Aiko", "Ben", "Chika"]),
        ("progress", ["Aiko", "Chika", "Ben", "=Dai"]),
    ],
)
def test_learners_can_be_ordered_by_name_or_progress(sensei_client, course, one_day, order, names):
    lines = learner_lines(sensei_client.get(url(course, order=order)))

    assert [line.split(" ")[0] for line in lines] == names


def test_each_learner_shows_their_address_progress_and_what_they_are_on(
    sensei_client, course, one_day
):
    aiko, ben, chika, dai = (user.email for user in one_day["learners"])
    response = sensei_client.get(url(course, order="name"))

    assert learner_lines(response) == [
        f"=Dai {dai} 0 of 5 (0%) Lesson 1.1 (Module 1)",
        f"Aiko {aiko} 5 of 5 (100%) Finished",
        f"Ben {ben} 1 of 5 (20%) Lesson 1.2 (Module 1)",
        f"Chika {chika} 3 of 5 (60%) Lesson 2.1 (Module 2)",
    ]


def test_learners_with_the_same_name_are_told_apart_by_address(sensei_client, course):
    keys = learners_in(course, ["Keys", "Keys", "Keys"])

    rows = text_of(sensei_client.get(url(course, order="name")), "learner-rows")

    for key in keys:
        assert f"Keys {key.email} " in rows


def test_last_active_gives_the_date_and_the_time(sensei_client, course, one_day):
    _, ben, _, _ = one_day["learners"]
    LessonCompletion.objects.filter(user=ben).update(
        completed_at=datetime(2026, 12, 1, 17, 42, tzinfo=UTC)
    )
    response = sensei_client.get(url(course, order="name"))

    assert "Last active (UTC)" in text_of(response, "learners")
    assert f"Ben {ben.email} 1 of 5 (20%) Lesson 1.2 (Module 1) 1 Dec 2026, 17:42 1 Dec 2026" in (
        text_of(response, "learner-rows")
    )


def test_the_latest_active_learner_comes_first_by_default(sensei_client, course, one_day):
    _, ben, chika, dai = one_day["learners"]
    Enrollment.objects.filter(user=dai).update(created=datetime(2026, 12, 1, 12, tzinfo=UTC))
    LessonCompletion.objects.filter(user=ben).update(
        completed_at=datetime(2026, 12, 1, 11, tzinfo=UTC)
    )
    one_day["quiz"].attempts.filter(user=chika).update(
        submitted_at=datetime(2026, 12, 1, 10, tzinfo=UTC)
    )

    lines = learner_lines(sensei_client.get(url(course)))

    assert [line.split(" ")[0] for line in lines] == ["=Dai", "Ben", "Chika", "Aiko"]


def test_progress_agrees_with_the_learners_own_pages(course, graded):
    outline = figures.outline(course)
    rows = figures.learner_rows(figures.learners(course, outline, "name"), outline)

    learners = sorted(graded["learners"], key=lambda user: user.display_name.lower())
    for row, learner in zip(rows, learners, strict=True):
        (own,) = progress_for([course], learner)
        assert row.name == learner.display_name
        assert row.percent == own.percent
        assert row.done == own.done_count
        assert (row.on.content if row.on else None) == (
            own.next_item.content if own.next_item else None
        )


def test_unpublished_content_counts_for_nothing(sensei_client, course, one_day, lessons):
    lessons[3].is_published = False
    lessons[3].save()
    content_edited(course)  # as the admin does with every edit

    lines = learner_lines(sensei_client.get(url(course, order="name")))

    assert lines[1] == f"Aiko {one_day['learners'][0].email} 4 of 4 (100%) Finished"


def test_fifty_learners_a_page_and_the_rest_on_the_next(sensei_client, course):
    users = UserFactory.create_batch(51)
    Enrollment.objects.bulk_create(Enrollment(user=user, course=course) for user in users)

    first = sensei_client.get(url(course, order="name"))
    second = sensei_client.get(url(course, order="name", page=2))

    assert text_of(first, "learners").endswith("1 2 51 learners, showing 1 to 50")
    last = max((user.display_name for user in users), key=str.lower)
    assert last in text_of(second, "learners")
    assert last not in text_of(first, "learners")
    assert text_of(second, "learners").endswith("51 learners, showing 51 to 51")
    assert sensei_client.get(url(course, page=3)).status_code == 404


@pytest.mark.parametrize("query", [{"order": "email"}, {"page": "two"}, {"page": "0"}])
def test_an_order_or_page_no_link_offers_is_a_bad_request(sensei_client, course, query):
    assert sensei_client.get(url(course, **query)).status_code == 400


def test_a_course_nobody_has_joined_says_so(sensei_client, sensei):
    empty = build_course(modules=1, lessons_per_module=1, slug="empty", title="Empty")
    empty.instructors.add(sensei)

    response = sensei_client.get(url(empty))

    assert "0 enrolled learners" in text_of(response)
    assert "No learner has enrolled yet." in text_of(response, "learners")
    assert "No quiz is published yet." in text_of(response, "quizzes")
    assert "No question has been missed yet: there is no published quiz." in text_of(
        response, "most-missed"
    )
    assert text_of(response, "modules").endswith("Module 1 1 lesson —")


def test_a_course_with_nothing_published_says_so(sensei_client, course):
    course.modules.update(is_published=False)
    learners_in(course, ["Aiko"])

    response = sensei_client.get(url(course))

    assert "1 enrolled learner · nothing published yet" in text_of(response)
    assert "No module is published yet." in text_of(response, "modules")


def test_bars_that_count_misses_are_marked_as_such_and_no_other(sensei_client, course, graded):
    html = sensei_client.get(url(course)).content.decode()
    missed_section = html[html.index('id="most-missed"') : html.index('id="learners"')]

    assert missed_section.count('class="share share--missed"') == 3  # the three questions
    assert html.count("share--missed") == 3  # progress and completion bars are not
