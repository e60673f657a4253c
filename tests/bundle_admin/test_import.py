"""The import page: upload a zipped bundle, see every problem or what changed."""

import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from jsnlearn.bundles.archive import zip_bundle
from lessons.models import Course, Lesson, LessonCompletion
from tests.bundle_admin.helpers import IMPORT_URL, exported, make_zip, post_bundle, staff
from tests.bundles.helpers import copy_example, edit
from tests.factories import LessonCompletionFactory


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def bundle(course, quiz) -> bytes:
    """The `course` fixture (with its quiz) as a bundle."""
    return exported(course)


@pytest.fixture
def new_bundle(bundle, course) -> bytes:
    """A bundle of a course the site does not have (any more)."""
    course.delete()
    return bundle


@pytest.fixture
def example(tmp_path) -> Path:
    """A copy of the example bundle of docs/course-bundles, to edit and zip."""
    return copy_example(tmp_path, "cards-and-chats")


def outline(course) -> list[str]:
    return list(
        Lesson.objects.filter(module__course=course).values_list("module__slug", "slug", "title")
    )


# --- The page -------------------------------------------------------------------------------


def test_the_page_offers_a_zip_and_the_two_options(client, instructor):
    client.force_login(instructor)

    page = client.get(IMPORT_URL)

    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in text(page)
    for label in ("Bundle (.zip)", "Update the existing course", "Check only (dry run)"):
        assert label in text(page)
    assert 'name="csrfmiddlewaretoken"' in text(page)


def test_the_course_list_links_to_the_page_for_those_who_may_import(client, superuser):
    client.force_login(superuser)

    page = client.get(reverse("admin:lessons_course_changelist"))

    assert f'href="{IMPORT_URL}"' in text(page)


def test_the_course_list_hides_the_link_from_those_who_may_not(client, db):
    viewer = staff("viewer@example.com")
    viewer.user_permissions.add(Permission.objects.get(codename="view_course"))
    client.force_login(viewer)

    page = client.get(reverse("admin:lessons_course_changelist"))

    assert page.status_code == 200
    assert IMPORT_URL not in text(page)


# --- Importing ------------------------------------------------------------------------------


def test_a_new_course_is_created_and_its_importer_teaches_it(client, author, new_bundle):
    client.force_login(author)

    response = post_bundle(client, new_bundle)

    assert response.status_code == 200
    course = Course.objects.get(slug="sns-japan")
    assert list(course.instructors.all()) == [author]
    assert len(outline(course)) == 4
    assert course.modules.get(slug="m1").quizzes.get().questions.count() == 6
    page = text(response)
    assert "Imported sns-japan" in page
    assert f'href="{reverse("admin:lessons_course_change", args=[course.pk])}"' in page
    assert "created" in page


def test_the_documented_example_imports_and_reports_each_change(client, author, example):
    client.force_login(author)

    response = post_bundle(client, zip_bundle(example), name="cards-and-chats.zip")

    assert response.status_code == 200
    course = Course.objects.get(slug="cards-and-chats")
    assert [m.slug for m in course.modules.all()] == ["meishi", "line"]
    page = text(response)
    assert "<li>created lesson line/kidoku</li>" in page
    assert '<th scope="row">Lesson</th><td>5</td>' in page


def test_a_superuser_imports_a_new_course(client, superuser, new_bundle):
    client.force_login(superuser)

    response = post_bundle(client, new_bundle)

    assert response.status_code == 200
    assert Course.objects.filter(slug="sns-japan").exists()


def test_a_dry_run_reports_and_writes_nothing(client, author, new_bundle):
    client.force_login(author)

    response = post_bundle(client, new_bundle, dry_run=True)

    assert response.status_code == 200
    assert "Checked sns-japan: nothing was written" in text(response)
    assert not Course.objects.exists()
    assert "Open “" not in text(response)


def test_an_update_restores_the_bundle_and_keeps_a_learners_completion(
    client, instructor, course, bundle, learner
):
    lesson = Lesson.objects.get(module__course=course, module__slug="m1", slug="l1")
    LessonCompletionFactory(user=learner, lesson=lesson)
    before = outline(course)
    Lesson.objects.filter(pk=lesson.pk).update(title="Edited since the export")
    client.force_login(instructor)

    response = post_bundle(client, bundle, update=True)

    assert response.status_code == 200
    assert outline(course) == before
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()
    assert "updated" in text(response)


def test_an_existing_course_is_not_replaced_without_update(client, instructor, course, bundle):
    Course.objects.filter(pk=course.pk).update(title="Edited since the export")
    client.force_login(instructor)

    response = post_bundle(client, bundle)

    assert response.status_code == 400
    assert "course.yaml" in text(response)
    assert Course.objects.get(pk=course.pk).title == "Edited since the export"


def test_an_invalid_bundle_lists_its_problems_and_writes_nothing(client, author, db):
    content = make_zip({"sns/course.yaml": "- a list\n- not a course\n", "sns/x.md": "# x"})
    client.force_login(author)

    response = post_bundle(client, content)

    assert response.status_code == 400
    assert "The bundle was not imported" in text(response)
    assert "<code>course.yaml</code>" in text(response)
    assert not Course.objects.exists()


def test_every_problem_is_listed_by_file_and_field_and_nothing_is_written(client, author, example):
    edit(example / "line" / "kidoku.md", "minutes: 3", "minutes: lots")
    edit(example / "line" / "line-check.quiz.yaml", "points: 2", "points: -2")
    client.force_login(author)

    response = post_bundle(client, zip_bundle(example))

    assert response.status_code == 400
    page = text(response)
    assert "2 problems to fix. Nothing was written." in page
    assert "<td><code>line/kidoku.md</code></td><td><code>minutes</code></td>" in page
    assert (
        "<td><code>line/line-check.quiz.yaml</code></td><td><code>questions[1].points</code></td>"
        in page
    )
    assert not Course.objects.exists()


def test_an_unsafe_zip_is_refused_by_member(client, author, db):
    content = make_zip({"course.yaml": "slug: x\n", "../escape.md": "# out"})
    client.force_login(author)

    response = post_bundle(client, content)

    assert response.status_code == 400
    assert "<code>../escape.md</code>" in text(response)
    assert "climbs out of the bundle" in text(response)


def test_the_upload_leaves_nothing_behind(client, author, new_bundle, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client.force_login(author)

    assert post_bundle(client, new_bundle).status_code == 200
    assert post_bundle(client, b"not a zip").status_code == 400

    assert list(tmp_path.iterdir()) == []


def test_a_large_upload_leaves_nothing_behind_either(
    client, author, example, tmp_path, monkeypatch
):
    """Over 2.5 MB, Django keeps the upload in a temporary file rather than in memory."""
    for name in ("one.bin", "two.bin", "three.bin"):
        (example / "line" / name).write_bytes(os.urandom(1_000_000))
    content = zip_bundle(example)
    assert len(content) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    client.force_login(author)

    response = post_bundle(client, content)

    assert response.status_code == 400
    assert "<code>line/one.bin</code>" in text(response)
    assert list(scratch.iterdir()) == []


# --- Bad requests ---------------------------------------------------------------------------


def test_a_missing_file_is_a_form_error(client, author):
    client.force_login(author)

    response = client.post(IMPORT_URL, {"dry_run": "on"})

    assert response.status_code == 400
    assert "This field is required." in text(response)


def test_a_file_that_is_not_a_zip_by_name_is_a_form_error(client, author):
    client.force_login(author)

    response = post_bundle(client, b"slug: x\n", name="course.yaml")

    assert response.status_code == 400
    assert "Choose a .zip file: “course.yaml” is not one." in text(response)


def test_a_file_named_zip_that_is_not_one_is_a_problem(client, author):
    client.force_login(author)

    response = post_bundle(client, b"%PDF-1.7", name="course.zip")

    assert response.status_code == 400
    assert "This is not a zip file, or it is cut short" in text(response)


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(client, author, method):
    client.force_login(author)

    response = getattr(client, method)(IMPORT_URL)

    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


def test_a_post_without_the_csrf_token_is_refused(author, new_bundle):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)

    assert post_bundle(client, new_bundle).status_code == 403
    assert not Course.objects.exists()


# --- Who may import what --------------------------------------------------------------------


def test_an_instructor_may_not_update_a_course_they_do_not_teach(client, instructor, other_course):
    bundle = exported(other_course)
    Course.objects.filter(pk=other_course.pk).update(title="Edited since the export")
    client.force_login(instructor)

    response = post_bundle(client, bundle, update=True)

    assert response.status_code == 403
    assert "you are not one of its instructors" in text(response)
    assert Course.objects.get(pk=other_course.pk).title == "Edited since the export"


def test_an_instructor_without_the_add_permission_may_not_create_a_course(
    client, instructor, other_course
):
    bundle = exported(other_course)
    other_course.delete()
    client.force_login(instructor)

    response = post_bundle(client, bundle)

    assert response.status_code == 403
    assert "“Can add course” permission" in text(response)
    assert not Course.objects.filter(slug="line-etiquette").exists()


def test_staff_who_neither_teach_nor_may_add_courses_are_forbidden(client, new_bundle):
    client.force_login(staff("clerk@example.com"))

    assert client.get(IMPORT_URL).status_code == 403
    assert post_bundle(client, new_bundle).status_code == 403
    assert not Course.objects.exists()


def test_learners_are_sent_to_sign_in(learner_client, new_bundle):
    response = post_bundle(learner_client, new_bundle)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not Course.objects.exists()


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
