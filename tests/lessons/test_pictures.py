"""Pictures for courses and modules: uploads checked and resized, kept in the database and served
at an address that changes with the bytes; a picture drawn from the title otherwise, served
without reading anything. Pages show them without a query more."""

import io

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from PIL import Image

from lessons.models import Course, Lesson, Module, Picture
from lessons.pictures import (
    MAX_UPLOAD_BYTES,
    generated_svg,
    parse_title_code,
    resize_upload,
    title_code,
)
from lessons.services import store_picture
from quizzes.models import Attempt
from tests.factories import (
    EnrollmentFactory,
    LessonCompletionFactory,
    QuizFactory,
    UserFactory,
    build_course,
)
from tests.helpers import answer_in_queries
from tests.lessons.helpers import QUERIES, image_bytes


def decoded(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


# ---- Checking and resizing an upload ----


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_an_accepted_picture_is_cropped_to_both_sizes_as_webp(image_format):
    resized = resize_upload(image_bytes((1600, 1200), image_format))
    large, small = decoded(resized.large), decoded(resized.small)
    assert (large.format, large.size) == ("WEBP", (1200, 600))
    assert (small.format, small.size) == ("WEBP", (320, 160))


def test_the_digest_follows_the_bytes():
    red, blue = image_bytes(colour=(200, 0, 0)), image_bytes(colour=(0, 0, 200))
    assert resize_upload(red).digest == resize_upload(red).digest
    assert resize_upload(red).digest != resize_upload(blue).digest


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"GIF89a but not really a picture at all", "not a picture"),
        (b"%PDF-1.4 a document", "not a picture"),
        (image_bytes((400, 400)), "needs at least 600 x 300"),
        (image_bytes((1200, 200)), "needs at least 600 x 300"),
        (image_bytes(image_format="BMP"), "must be JPEG, PNG, WebP, GIF; this file is BMP"),
        (image_bytes(image_format="PNG")[:200], "damaged or incomplete"),
        (b"\0" * (MAX_UPLOAD_BYTES + 1), "the most it can be is 5 MB"),
    ],
    ids=["empty", "fake gif", "pdf", "too small", "too short", "bmp", "truncated", "too big"],
)
def test_an_unusable_file_is_refused_in_words(data, words):
    with pytest.raises(ValidationError) as refused:
        resize_upload(data)
    assert words in refused.value.messages[0]


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")  # small as a file, huge once decoded
    with pytest.raises(ValidationError) as refused:
        resize_upload(out.getvalue())
    assert "too many to process" in refused.value.messages[0]


# ---- Pictures drawn from a title ----


def test_a_title_always_draws_the_same_picture_and_another_title_another():
    assert title_code("Business cards") == title_code("Business cards")
    assert title_code("Business cards") != title_code("Business card")
    seed, letter = parse_title_code(title_code("business cards"))
    assert letter == "B"
    assert parse_title_code(title_code("名刺の渡し方"))[1] == "名"
    assert ">B</text>" in generated_svg(seed, letter)


@pytest.mark.parametrize("code", ["zz", "1234567-41", "123456789-41", "abcdefgh-41", "1234abcd-2f"])
def test_a_code_that_is_not_one_is_refused(code):
    assert parse_title_code(code) is None


@pytest.mark.django_db
def test_a_drawn_picture_is_served_without_a_query_and_kept_a_year(django_assert_num_queries):
    url = Module(title="LINE at work").picture_url()
    with django_assert_num_queries(0):
        response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert b">L</text>" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/pictures/drawn/v1/nothing.svg", "/pictures/drawn/v9/1234abcd-41.svg"],
    ids=["bad code", "old drawing"],
)
def test_a_drawn_picture_that_does_not_exist_is_a_404(url):
    assert Client().get(url).status_code == 404


# ---- Stored pictures ----


@pytest.mark.django_db
def test_a_stored_picture_is_served_from_the_database_in_each_size():
    picture = store_picture(resize_upload(image_bytes()))
    course = build_course(modules=1, lessons_per_module=1)
    course.picture = picture
    course.save()
    for size, width in [("large", 1200), ("small", 320)]:
        response = Client().get(course.picture_url(size))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert "immutable" in response["Cache-Control"]
        assert decoded(response.content).size[0] == width


@pytest.mark.django_db
def test_the_same_upload_twice_is_stored_once():
    data = image_bytes()
    assert store_picture(resize_upload(data)).pk == store_picture(resize_upload(data)).pk
    assert Picture.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/pictures/0123456789abcdef/large.webp", "/pictures/{digest}/huge.webp"]
)
def test_an_unknown_picture_or_size_is_a_404(url):
    picture = store_picture(resize_upload(image_bytes()))
    assert Client().get(url.format(digest=picture.pk)).status_code == 404


# ---- The admin's picture field ----


def _admin_form(model, obj, files, data):
    admin = site._registry[model]
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = admin.get_form(request, obj, change=True)
    columns = {field.name: field.attname for field in model._meta.concrete_fields}
    fields = {
        name: getattr(obj, columns[name]) for name in form_class.base_fields if name in columns
    }
    return admin, request, form_class({**fields, **data}, files, instance=obj)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Course, Module])
def test_an_instructor_uploads_a_picture_in_the_admin(model):
    course = build_course(modules=1, lessons_per_module=1)
    obj = course if model is Course else course.modules.get()
    upload = SimpleUploadedFile("cover.png", image_bytes(image_format="PNG"), "image/png")
    admin, request, form = _admin_form(model, obj, {"picture_file": upload}, {})
    assert form.is_valid(), form.errors
    admin.save_model(request, form.save(commit=False), form, change=True)
    obj.refresh_from_db()
    assert obj.picture_id
    assert obj.picture_url().endswith(f"/{obj.picture_id}/large.webp")

    admin, request, form = _admin_form(model, obj, {}, {"remove_picture": "on"})
    assert form.is_valid(), form.errors
    admin.save_model(request, form.save(commit=False), form, change=True)
    obj.refresh_from_db()
    assert obj.picture_id is None
    assert "/pictures/drawn/" in obj.picture_url()


@pytest.mark.django_db
def test_a_bad_upload_is_a_form_error_and_changes_nothing():
    course = build_course(modules=1, lessons_per_module=1)
    upload = SimpleUploadedFile("cover.jpg", b"not a picture", "image/jpeg")
    _, _, form = _admin_form(Course, course, {"picture_file": upload}, {})
    assert not form.is_valid()
    assert "not a picture" in form.errors["picture_file"][0]
    course.refresh_from_db()
    assert course.picture_id is None
    assert not Picture.objects.exists()


# ---- Pages ----


def _learner(course):
    learner = UserFactory()
    EnrollmentFactory(user=learner, course=course)
    LessonCompletionFactory(user=learner, lesson=Lesson.objects.filter(module__course=course)[0])
    client = Client()
    client.force_login(learner)
    return client


@pytest.mark.django_db
def test_pages_show_every_picture_with_its_size_and_without_a_query_more(
    django_assert_num_queries,
):
    course = build_course(modules=3, lessons_per_module=2)
    for module in course.modules.all():
        QuizFactory(module=module)
    url = course.get_absolute_url()
    drawn = _learner(course).get(url).content.decode()
    assert drawn.count('src="/pictures/drawn/v1/') == 4  # the course and its three modules
    assert 'width="160" height="80"' in drawn
    assert 'width="1200" height="600"' in drawn
    assert 'loading="lazy"' in drawn  # the third module's, below the fold

    picture = store_picture(resize_upload(image_bytes()))
    Course.objects.filter(pk=course.pk).update(picture=picture, picture_alt="A meishi on a desk")
    Module.objects.filter(course=course).update(picture=picture)
    course.refresh_from_db()
    Course.objects.filter(pk=course.pk).renew_content_version()
    # The pages' budgets: after an edit, then first views.
    budgets = [
        (url, QUERIES["outline"][0]),
        ("/courses/", QUERIES["catalog"][1]),
        ("/dashboard/", QUERIES["dashboard"][1]),
    ]
    for url_of, queries in budgets:
        response = answer_in_queries(django_assert_num_queries, queries, _learner(course), url_of)
        assert f"/pictures/{picture.pk}/" in response.content.decode()
    page = _learner(course).get(url).content.decode()
    assert page.count(f"/pictures/{picture.pk}/small.webp") == 3
    assert 'alt="A meishi on a desk"' in page


@pytest.mark.django_db
def test_the_course_page_stays_under_60_kb_at_80_modules_of_15_lessons():
    course = build_course(modules=80, lessons_per_module=15)
    for module in course.modules.all():
        QuizFactory(module=module)
    quiz = course.modules.last().quizzes.get()
    client = _learner(course)
    Attempt.objects.create(
        user=UserFactory(), quiz=quiz, score=1, max_score=1, percent=100, passed=True
    )
    for page in [client, Client()]:
        response = page.get(course.get_absolute_url())
        assert response.status_code == 200
        assert len(response.content) < 60_000, len(response.content)
