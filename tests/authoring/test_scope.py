"""An instructor of course A sees and edits A and everything in it, and nothing of course B:
B's objects are absent from lists, choices, autocompletes and filters, and 404 everywhere."""

import pytest
from django.contrib.auth.models import Group

from lessons.models import Course, Enrollment, Lesson, LessonCompletion, Module
from quizzes.models import Attempt, Question, Quiz, Response
from tests.authoring.helpers import form_of, take_quiz
from tests.factories import (
    EnrollmentFactory,
    LessonCompletionFactory,
    UserFactory,
    build_course,
    build_quiz,
)

MODELS = {
    "lessons/course": Course,
    "lessons/module": Module,
    "lessons/lesson": Lesson,
    "quizzes/quiz": Quiz,
    "quizzes/question": Question,
    "lessons/enrollment": Enrollment,
    "lessons/lessoncompletion": LessonCompletion,
    "quizzes/attempt": Attempt,
    "quizzes/response": Response,
}
COURSE_OF = {
    Course: "pk",
    Module: "course",
    Lesson: "module__course",
    Quiz: "module__course",
    Question: "quiz__module__course",
    Enrollment: "course",
    LessonCompletion: "lesson__module__course",
    Attempt: "quiz__module__course",
    Response: "question__quiz__module__course",
}


def in_course(model, course):
    return model.objects.filter(**{COURSE_OF[model]: course.pk})


@pytest.fixture
def both_courses(course, quiz, other_course):
    """Learners' work in course A too, so every list has something of each course."""
    learner = UserFactory(display_name="Aiko")
    EnrollmentFactory(user=learner, course=course)
    LessonCompletionFactory(user=learner, lesson=Lesson.objects.filter(module__course=course)[0])
    take_quiz(learner, quiz)
    return course, other_course


@pytest.mark.parametrize("path", MODELS)
def test_lists_show_only_the_instructors_courses(instructor_client, both_courses, path):
    mine, theirs = both_courses
    model = MODELS[path]

    response = instructor_client.get(f"/admin/{path}/")

    assert response.status_code == 200
    shown = set(response.context["cl"].queryset)
    assert shown == set(in_course(model, mine))
    assert shown
    assert not shown & set(in_course(model, theirs))


@pytest.mark.parametrize("path", MODELS)
def test_another_courses_objects_are_not_found_on_any_of_their_pages(
    instructor_client, both_courses, path
):
    _, theirs = both_courses
    obj = in_course(MODELS[path], theirs).first()
    before = {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields}

    for page in ("change", "delete", "history"):
        url = f"/admin/{path}/{obj.pk}/{page}/"
        assert instructor_client.get(url).status_code == 404, url
        assert instructor_client.post(url, {"post": "yes", "title": "Taken"}).status_code == 404

    obj.refresh_from_db()
    assert {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields} == before


@pytest.mark.parametrize("path", ["lessons/module", "lessons/lesson", "quizzes/quiz"])
def test_another_courses_objects_cannot_be_deleted_in_bulk(instructor_client, both_courses, path):
    _, theirs = both_courses
    model = MODELS[path]
    obj = in_course(model, theirs).first()

    instructor_client.post(
        f"/admin/{path}/",
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )

    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    ("path", "field", "related"),
    [
        ("lessons/module", "course", Course),
        ("lessons/lesson", "module", Module),
        ("quizzes/quiz", "module", Module),
        ("quizzes/question", "quiz", Quiz),
    ],
)
def test_foreign_keys_and_autocompletes_offer_only_the_instructors_courses(
    instructor_client, both_courses, path, field, related
):
    mine, _ = both_courses
    app_label, model_name = path.split("/")

    form = instructor_client.get(f"/admin/{path}/add/").context["adminform"].form
    completions = instructor_client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field, "term": ""},
    ).json()["results"]

    expected = set(in_course(related, mine))
    assert set(form.fields[field].queryset) == expected
    assert {int(result["id"]) for result in completions} == {obj.pk for obj in expected}


def test_a_forged_choice_of_another_courses_module_is_refused(instructor_client, both_courses):
    _, theirs = both_courses
    data = {"module": theirs.modules.get().pk, "title": "Taken", "slug": "taken", "body": "x"}
    data |= {"estimated_minutes": 5, "position": 1}

    response = instructor_client.post("/admin/lessons/lesson/add/", data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Lesson.objects.filter(slug="taken").exists()


def test_course_filters_name_only_the_instructors_courses(
    instructor_client, instructor, both_courses
):
    mine, theirs = both_courses
    # A filter shows once there is a choice: a second course of the instructor's, with a quiz.
    second = build_course(modules=1, lessons_per_module=1, slug="second", title="Second course")
    second.instructors.add(instructor)
    take_quiz(UserFactory(), build_quiz(module=second.modules.get(), kinds=["single"]))
    EnrollmentFactory(course=second)
    for path in ("lessons/lesson", "quizzes/quiz", "quizzes/attempt", "lessons/enrollment"):
        page = instructor_client.get(f"/admin/{path}/").content.decode()
        assert mine.title in page, path
        assert theirs.title not in page, path

    lookup = f"?module__course__id__exact={theirs.pk}"
    assert not instructor_client.get(f"/admin/lessons/lesson/{lookup}").context["cl"].result_count


def test_a_course_an_instructor_adds_is_theirs(instructor_client, instructor):
    data = {"title": "Business LINE", "slug": "business-line", "summary": "Chat at work."}
    data |= {"position": 2, "modules-TOTAL_FORMS": 0, "modules-INITIAL_FORMS": 0}

    response = instructor_client.post("/admin/lessons/course/add/", data)

    assert response.status_code == 302
    assert Course.objects.get(slug="business-line").instructors.get() == instructor


def test_instructors_never_see_who_teaches_a_course(instructor_client, course):
    page = instructor_client.get(f"/admin/lessons/course/{course.pk}/change/").content.decode()

    assert 'name="instructors"' not in page


@pytest.mark.parametrize(
    "path", ["/admin/accounts/user/", "/admin/auth/group/", "/admin/accounts/user/add/"]
)
def test_instructors_cannot_reach_users_or_groups(instructor_client, instructor, path):
    assert instructor_client.get(path).status_code == 403
    group = Group.objects.get(name="Instructors")
    assert instructor_client.get(f"/admin/auth/group/{group.pk}/change/").status_code == 403
    assert instructor_client.get(f"/admin/accounts/user/{instructor.pk}/change/").status_code == 403


def test_learners_work_is_read_only_for_instructors(instructor_client, both_courses):
    mine, _ = both_courses
    attempt = in_course(Attempt, mine).get()
    url = f"/admin/quizzes/attempt/{attempt.pk}/change/"

    page = instructor_client.get(url)

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert instructor_client.post(url, {"percent": 100}).status_code == 403
    assert instructor_client.get("/admin/quizzes/attempt/add/").status_code == 403


def test_superusers_see_every_course(superuser_client, both_courses):
    response = superuser_client.get("/admin/lessons/lesson/")

    assert set(response.context["cl"].queryset) == set(Lesson.objects.all())


def _values(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields}


def _their_rows(theirs):
    """Course B's rows, by the inline form field that a forged post would name them in."""
    module = theirs.modules.get()
    question = Question.objects.filter(quiz__module__course=theirs).first()
    return {
        "modules-0": module,
        "lessons-0": module.lessons.get(),
        "quizzes-0": module.quizzes.get(),
        "questions-0": question,
        "questions-0-choices-0": question.choices.first(),
    }


@pytest.mark.parametrize(
    ("page", "prefix"),
    [
        ("course", "modules-0"),
        ("module", "lessons-0"),
        ("module", "quizzes-0"),
        ("quiz", "questions-0"),
        ("quiz", "questions-0-choices-0"),
    ],
)
@pytest.mark.parametrize("delete", [False, True])
def test_an_inline_row_posted_with_another_courses_id_changes_nothing_of_it(
    instructor_client, both_courses, quiz, page, prefix, delete
):
    mine, theirs = both_courses
    url = {
        "course": f"/admin/lessons/course/{mine.pk}/change/",
        "module": f"/admin/lessons/module/{quiz.module.pk}/change/",
        "quiz": f"/admin/quizzes/quiz/{quiz.pk}/change/",
    }[page]
    target = _their_rows(theirs)[prefix]
    before = _values(target)
    data = form_of(instructor_client.get(url))
    data[f"{prefix}-id"] = target.pk
    data[f"{prefix}-title" if "choices" not in prefix else f"{prefix}-text"] = "Taken"
    if delete:
        data[f"{prefix}-DELETE"] = "on"

    response = instructor_client.post(url, data)

    assert response.status_code == 200  # the form again, with the error
    assert "not ones you may edit here" in response.content.decode()
    target.refresh_from_db()
    assert _values(target) == before


@pytest.mark.parametrize("forged", ["abc", "99999999999999999999999", "-1"])
def test_an_inline_row_posted_with_an_id_that_is_no_number_is_a_form_error(
    instructor_client, quiz, forged
):
    url = f"/admin/lessons/module/{quiz.module.pk}/change/"
    data = form_of(instructor_client.get(url))
    data["lessons-0-id"] = forged
    data["quizzes-0-id"] = forged

    response = instructor_client.post(url, data)

    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()


@pytest.mark.parametrize("forged", ["abc", "99999999999999999999999"])
def test_a_chosen_module_that_is_no_id_is_a_form_error(instructor_client, course, forged):
    lesson = Lesson.objects.filter(module__course=course).first()
    url = f"/admin/lessons/lesson/{lesson.pk}/change/"
    data = form_of(instructor_client.get(url)) | {"module": forged, "title": "Taken"}

    response = instructor_client.post(url, data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.title != "Taken"


@pytest.mark.parametrize("path", ["lessons/course", "lessons/lesson", "quizzes/quiz"])
def test_a_bulk_action_on_ids_that_are_no_numbers_is_a_bad_request(instructor_client, quiz, path):
    ticked = ["abc", "99999999999999999999999"]
    response = instructor_client.post(
        f"/admin/{path}/", {"action": "unpublish", "_selected_action": ticked}
    )

    assert response.status_code == 400
    assert Course.objects.get(pk=quiz.module.course.pk).is_published
