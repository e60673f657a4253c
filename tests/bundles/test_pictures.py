"""Pictures in a bundle: `picture: <file>` in course.yaml or module.yaml, checked and resized as
an upload in the admin is; exported as the stored picture, so export -> import changes nothing."""

import pytest

from jsnlearn.bundles.errors import BundleInvalid
from jsnlearn.bundles.exporter import export_course
from jsnlearn.bundles.importer import import_bundle
from lessons.models import Course, Module, Picture
from tests.bundles.helpers import SLUG, edit, files_of
from tests.lessons.helpers import image_bytes

pytestmark = pytest.mark.django_db


def with_pictures(bundle):
    (bundle / "cover.jpg").write_bytes(image_bytes((1600, 900), "JPEG"))
    (bundle / "meishi" / "cards.png").write_bytes(image_bytes((900, 450), "PNG", (20, 90, 160)))
    edit(bundle / "course.yaml", "modules:", "picture: cover.jpg\npicture_alt: Two cards\nmodules:")
    module = bundle / "meishi" / "module.yaml"
    edit(module, "published: true", "published: true\npicture: cards.png")
    return bundle


def test_a_bundle_gives_its_course_and_a_module_their_pictures(bundle):
    import_bundle(root=with_pictures(bundle))
    course = Course.objects.get(slug=SLUG)
    meishi, line = course.modules.get(slug="meishi"), course.modules.get(slug="line")
    assert course.picture_id
    assert course.picture_alt == "Two cards"
    assert meishi.picture_id
    assert meishi.picture_id != course.picture_id
    assert line.picture_id is None  # drawn from its title
    assert Picture.objects.count() == 2


def test_an_exported_picture_imports_again_unchanged(bundle, tmp_path):
    import_bundle(root=with_pictures(bundle))
    course = Course.objects.get(slug=SLUG)
    exported = tmp_path / "exported"
    export_course(course=course, out_dir=exported)
    files = files_of(exported)
    assert "picture: picture.webp" in files["course.yaml"].decode()
    assert files["picture.webp"].startswith(b"RIFF")
    assert "picture: picture.webp" in files["meishi/module.yaml"].decode()
    assert "picture" not in files["line/module.yaml"].decode()

    report = import_bundle(root=exported, update=True)
    assert report.lines == []  # nothing changed, pictures included
    again = tmp_path / "again"
    export_course(course=Course.objects.get(slug=SLUG), out_dir=again)
    assert files_of(again) == files


def test_a_bundle_without_the_picture_key_goes_back_to_the_drawn_picture(bundle, tmp_path):
    import_bundle(root=with_pictures(bundle))
    edit(bundle / "meishi" / "module.yaml", "picture: cards.png\n", "")
    (bundle / "meishi" / "cards.png").unlink()
    report = import_bundle(root=bundle, update=True)
    assert "updated module meishi (picture)" in report.lines
    assert Module.objects.get(slug="meishi").picture_id is None


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        (lambda b: (b / "cover.jpg").write_bytes(b"just text"), "not a picture we can read"),
        (lambda b: (b / "cover.jpg").write_bytes(image_bytes((300, 300))), "at least 600 x 300"),
        (lambda b: (b / "cover.jpg").unlink(), "which is not in the bundle"),
    ],
    ids=["not a picture", "too small", "missing"],
)
def test_an_unusable_picture_is_a_problem_and_nothing_is_written(bundle, setup, words):
    with_pictures(bundle)
    setup(bundle)
    with pytest.raises(BundleInvalid) as invalid:
        import_bundle(root=bundle)
    assert any(
        problem.file == "course.yaml" and problem.field == "picture" and words in problem.message
        for problem in invalid.value.problems
    ), invalid.value.problems
    assert not Course.objects.exists()
    assert not Picture.objects.exists()


def test_a_picture_key_must_name_a_picture_file(bundle):
    edit(bundle / "course.yaml", "modules:", "picture: meishi/module.yaml\nmodules:")
    with pytest.raises(BundleInvalid) as invalid:
        import_bundle(root=bundle)
    assert "not a path" in str(invalid.value)
    edit(bundle / "course.yaml", "picture: meishi/module.yaml", "picture: course.yaml")
    with pytest.raises(BundleInvalid) as invalid:
        import_bundle(root=bundle)
    assert "a picture is a file ending in .jpg" in str(invalid.value)


def test_a_picture_file_no_key_names_is_reported_like_any_stray_file(bundle):
    (bundle / "cover.jpg").write_bytes(image_bytes())
    with pytest.raises(BundleInvalid) as invalid:
        import_bundle(root=bundle)
    assert "cover.jpg" in str(invalid.value)
