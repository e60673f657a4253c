"""A module is published in one step with its lessons and quizzes, from a checklist naming what
stops it; all or nothing, its course's content version renewed with it."""

import pytest

from lessons.models import Course, Lesson, Module
from quizzes.models import Quiz
from quizzes.services import ModuleNotReady, publish_checklist, publish_module
from tests.authoring.helpers import form_of


def url(module) -> str:
    return f"/admin/lessons/module/{module.pk}/publish/"


def version(course) -> int:
    return Course.objects.values_list("content_version", flat=True).get(pk=course.pk)


def states(module) -> dict:
    return {
        "module": Module.objects.get(pk=module.pk).is_published,
        "lessons": sorted(
            Lesson.objects.filter(module=module).values_list("is_published", flat=True)
        ),
        "quizzes": sorted(
            Quiz.objects.filter(module=module).values_list("is_published", flat=True)
        ),
    }


@pytest.fixture
def draft_module(quiz):
    """Module 1, its lessons and its quiz all drafts, everything in it ready to publish."""
    module = quiz.module
    Module.objects.filter(pk=module.pk).update(is_published=False)
    Lesson.objects.filter(module=module).update(is_published=False)
    Quiz.objects.filter(module=module).update(is_published=False)
    return module


@pytest.fixture
def blocked_module(draft_module, quiz):
    """The draft module with a lesson without text, an ungradable question and an empty quiz."""
    Lesson.objects.filter(module=draft_module, slug="l2").update(body="  ")
    quiz.questions.get(kind="single").choices.update(is_correct=True)
    Quiz.objects.create(module=draft_module, slug="empty", title="Empty quiz", position=999)
    return draft_module


def test_the_module_page_links_to_its_checklist(instructor_client, draft_module):
    page = instructor_client.get(f"/admin/lessons/module/{draft_module.pk}/change/")

    assert f'href="{url(draft_module)}">Publish…' in page.content.decode()


def test_the_checklist_names_what_stops_the_module(instructor_client, blocked_module, quiz):
    page = instructor_client.get(url(blocked_module))

    assert page.status_code == 200
    html = page.content.decode()
    assert "It has no text yet." in html
    single = quiz.questions.get(kind="single")
    assert (
        f"“{single}” cannot be graded: A single-choice question needs exactly one correct "
        "option; it has 3." in html
    )
    assert "It has no questions yet." in html
    assert "Publish the module with its lessons and quizzes" not in html  # no button yet


def test_publishing_a_ready_module_publishes_it_with_its_lessons_and_quizzes(
    instructor_client, draft_module, course
):
    before = version(course)
    page = instructor_client.get(url(draft_module))
    assert "Everything is ready" in page.content.decode()

    response = instructor_client.post(url(draft_module))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/lessons/module/{draft_module.pk}/change/"
    assert states(draft_module) == {"module": True, "lessons": [True, True], "quizzes": [True]}
    assert version(course) != before
    # The other module is untouched.
    other = course.modules.exclude(pk=draft_module.pk).get()
    assert Lesson.objects.filter(module=other).count() == 2


def test_a_module_that_is_not_ready_is_refused_and_nothing_changes(
    instructor_client, blocked_module, course
):
    before, version_before = states(blocked_module), version(course)

    response = instructor_client.post(url(blocked_module))

    assert response.status_code == 400
    assert "It has no text yet." in response.content.decode()
    assert states(blocked_module) == before
    assert version(course) == version_before


def test_another_courses_module_is_not_found(instructor_client, other_course):
    theirs = other_course.modules.get()
    Module.objects.filter(pk=theirs.pk).update(is_published=False)

    assert instructor_client.get(url(theirs)).status_code == 404
    assert instructor_client.post(url(theirs)).status_code == 404
    assert not Module.objects.get(pk=theirs.pk).is_published


@pytest.mark.parametrize("forged", ["abc", "99999999999999999999", "-1"])
def test_a_forged_module_id_is_not_found(instructor_client, draft_module, forged):
    assert instructor_client.post(f"/admin/lessons/module/{forged}/publish/").status_code == 404
    assert states(draft_module)["module"] is False


def test_only_get_and_post(instructor_client, draft_module):
    assert instructor_client.put(url(draft_module)).status_code == 405


def test_the_service_refuses_an_empty_module_and_names_each_part(course):
    empty = Module.objects.create(course=course, slug="empty", title="Empty", position=9)

    with pytest.raises(ModuleNotReady) as refused:
        publish_module(module=empty)

    assert [item.problems for item in refused.value.checklist] == [
        ("It has no lessons or quizzes yet.",)
    ]
    assert not Module.objects.get(pk=empty.pk).is_published


def test_the_checklist_lists_the_module_then_its_lessons_then_its_quizzes(blocked_module):
    checklist = publish_checklist(blocked_module)

    assert [(item.noun, str(item.obj), item.ready) for item in checklist] == [
        ("module", "Module 1", True),
        ("lesson", "Lesson 1.1", True),
        ("lesson", "Lesson 1.2", False),
        ("quiz", "Module 1 quiz", False),
        ("quiz", "Empty quiz", False),
    ]


def test_the_module_page_says_what_stops_it_or_that_it_is_ready(
    instructor_client, blocked_module, quiz
):
    page = instructor_client.get(f"/admin/lessons/module/{blocked_module.pk}/change/")
    html = page.content.decode()
    assert "3 things to finish before it can be published" in html
    assert "lesson “Lesson 1.2”, quiz “Module 1 quiz”, quiz “Empty quiz”." in html

    Quiz.objects.filter(slug="empty").delete()
    Lesson.objects.filter(module=blocked_module, slug="l2").update(body="Text.")
    quiz.questions.get(kind="single").delete()
    page = instructor_client.get(f"/admin/lessons/module/{blocked_module.pk}/change/")
    assert "Ready to publish." in page.content.decode()

    publish_module(module=blocked_module)
    page = instructor_client.get(f"/admin/lessons/module/{blocked_module.pk}/change/")
    assert "Published</strong> with all its lessons and quizzes." in page.content.decode()


def test_a_refused_save_of_the_module_page_does_not_claim_it_is_ready(
    instructor_client, draft_module
):
    url = f"/admin/lessons/module/{draft_module.pk}/change/"
    assert "Ready to publish" in instructor_client.get(url).content.decode()
    data = form_of(instructor_client.get(url)) | {"title": ""}

    response = instructor_client.post(url, data)

    assert response.status_code == 200  # the form again, with its error
    assert "Ready to publish" not in response.content.decode()
