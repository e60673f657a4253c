"""A course's outline is read once per content version and shared by every request of the
worker (lessons/progress.py): its course, modules, lessons and quizzes are the same objects for
every learner, so no page or action may change them."""

from django.test import Client

from lessons.models import Course
from lessons.progress import outlines
from quizzes.models import Attempt
from tests.factories import UserFactory
from tests.quizzes.helpers import correct_answers, form_data, paper_of

OUTLINE = "/courses/sns-japan/"


def kept_objects(course):
    """Every model object the outline of `course` kept in memory holds (learners' outline, at
    the course's content version)."""
    course.refresh_from_db()
    outline = outlines._kept[(course.pk, False, course.content_version)]
    found = {}
    for module_outline in outline.modules:
        module = module_outline.module
        objects = [module, module.course, *(content for _, content in module_outline.contents)]
        for obj in objects:
            found[(obj._meta.label, obj.pk)] = obj
    return found


def state_of(obj) -> dict:
    fields = {name: value for name, value in vars(obj).items() if name != "_state"}
    return fields | {"cached relations": dict(obj._state.fields_cache)}


def test_no_page_or_action_changes_the_outline_every_learner_shares(
    learner_client, course, quiz, lessons
):
    Course.objects.filter(pk=course.pk).update(sequential=True)
    Course.objects.filter(pk=course.pk).renew_content_version()
    learner_client.get("/accounts/")
    assert learner_client.get(OUTLINE).status_code == 200
    kept = kept_objects(course)
    before = {key: state_of(obj) for key, obj in kept.items()}
    assert {"lessons.Course", "lessons.Module", "lessons.Lesson", "quizzes.Quiz"} == {
        label for label, _ in kept
    }

    for lesson in lessons[:2]:
        assert learner_client.get(lesson.get_absolute_url()).status_code == 200
        learner_client.post(lesson.get_absolute_url() + "complete/", {"then": "stay"})
    assert learner_client.get(lessons[2].get_absolute_url()).status_code == 403  # locked
    assert learner_client.get(quiz.get_absolute_url()).status_code == 200
    attempt_url = learner_client.post(quiz.get_absolute_url() + "start/").url
    assert learner_client.get(attempt_url).status_code == 200
    attempt = Attempt.objects.get(pk=attempt_url.split("/")[2])
    answers = form_data(paper_of(attempt), correct_answers(paper_of(attempt)))
    learner_client.post(attempt_url, answers | {"save": "1"})
    learner_client.post(attempt_url, answers)
    assert learner_client.get(attempt_url + "result/").status_code == 200
    for url in ("/courses/", OUTLINE, lessons[2].get_absolute_url(), "/dashboard/"):
        assert learner_client.get(url).status_code == 200, url
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert staff.get(quiz.get_absolute_url() + "preview/").status_code == 200

    still_kept = kept_objects(course)
    assert all(still_kept[key] is obj for key, obj in kept.items())  # the same objects
    assert {key: state_of(kept[key]) for key in kept} == before
