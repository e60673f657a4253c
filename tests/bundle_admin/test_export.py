"""Export as bundle: the course as a zip download, for its instructors."""

import io
import zipfile

from django.urls import reverse

from jsnlearn.bundles.exporter import export_course
from tests.bundle_admin.helpers import staff


def export_url(course):
    return reverse("bundles:export", kwargs={"course_id": course.pk})


def test_an_instructor_downloads_their_course_as_the_exporters_files(
    client, instructor, course, quiz, tmp_path
):
    client.force_login(instructor)

    response = client.get(export_url(course))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="sns-japan.zip"'
    export_course(course=course, out_dir=tmp_path / "sns-japan")
    expected = {
        path.relative_to(tmp_path).as_posix(): path.read_bytes()
        for path in (tmp_path / "sns-japan").rglob("*")
        if path.is_file()
    }
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == expected
    assert "sns-japan/course.yaml" in expected


def test_the_same_course_downloads_as_the_same_bytes(client, superuser, course):
    client.force_login(superuser)

    assert client.get(export_url(course)).content == client.get(export_url(course)).content


def test_a_superuser_exports_any_course(client, superuser, other_course):
    client.force_login(superuser)

    assert client.get(export_url(other_course)).status_code == 200


def test_an_instructor_cannot_export_a_course_they_do_not_teach(client, instructor, other_course):
    client.force_login(instructor)

    assert client.get(export_url(other_course)).status_code == 404


def test_a_staff_member_who_teaches_nothing_cannot_export(client, course):
    client.force_login(staff("clerk@example.com", may_add_courses=True))

    assert client.get(export_url(course)).status_code == 404


def test_a_missing_course_is_not_found(client, superuser):
    client.force_login(superuser)

    assert client.get(reverse("bundles:export", kwargs={"course_id": 999_999})).status_code == 404


def test_a_learner_is_sent_to_sign_in(learner_client, course):
    response = learner_client.get(export_url(course))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_export_answers_gets_only(client, superuser, course):
    client.force_login(superuser)

    response = client.post(export_url(course))

    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_the_course_page_offers_the_download(client, superuser, course):
    client.force_login(superuser)

    page = client.get(reverse("admin:lessons_course_change", args=[course.pk]))

    assert f'href="{export_url(course)}"' in page.content.decode()
    assert "Export as bundle" in page.content.decode()


def test_a_course_not_yet_saved_has_nothing_to_export(client, superuser):
    client.force_login(superuser)

    page = client.get(reverse("admin:lessons_course_add"))

    assert page.status_code == 200
    assert "Export as bundle" not in page.content.decode()
