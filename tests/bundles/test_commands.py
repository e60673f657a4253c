"""import_course, export_course and load_courses: what they print and how they exit."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lessons.models import Course
from tests.bundles.helpers import EXAMPLE, SLUG, copy_example, edit, files_of, snapshot

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args) -> tuple[CommandError, str]:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(*args, stdout=StringIO(), stderr=err)
    return raised.value, err.getvalue()


def test_import_course_prints_what_it_created():
    out, err = run("import_course", str(EXAMPLE))

    assert out.splitlines()[0] == "  created course cards-and-chats"
    assert out.splitlines()[-1] == (
        "Imported cards-and-chats: created 1 course, 2 modules, 5 lessons, 2 quizzes, "
        "6 questions, 19 options."
    )
    assert err == ""
    assert Course.objects.filter(slug=SLUG).exists()


def test_import_course_lists_the_problems_on_stderr_and_exits_with_1(bundle):
    edit(bundle / "course.yaml", "sequential: false", "sequentail: false")
    edit(bundle / "meishi/exchanging.md", "minutes: 5", "minutes: five")

    error, err = fails("import_course", str(bundle))

    assert error.returncode == 1
    assert str(error) == f"{bundle}: 2 problems, so nothing was written"
    assert err.splitlines() == [
        "course.yaml: sequentail: is not a key here (did you mean sequential?) (line 5)",
        "meishi/exchanging.md: minutes: must be a whole number, not text (line 4)",
    ]
    assert not Course.objects.exists()


def test_import_course_updates_only_when_asked():
    run("import_course", str(EXAMPLE))

    error, err = fails("import_course", str(EXAMPLE))
    assert "exists already" in err
    assert str(error).endswith("1 problem, so nothing was written")

    out, _ = run("import_course", str(EXAMPLE), "--update")
    assert out == "Imported cards-and-chats: no changes.\n"


def test_a_dry_run_prints_the_plan_and_writes_nothing():
    out, _ = run("import_course", str(EXAMPLE), "--dry-run")

    lines = out.splitlines()
    assert lines[0] == "Dry run: what importing cards-and-chats would do."
    assert "  created lesson meishi/exchanging" in lines
    assert lines[-1].startswith("Dry run of cards-and-chats, nothing written: created 1 course")
    assert snapshot() == {table: [] for table in snapshot()}


def test_export_course_writes_the_bundle(tmp_path):
    run("import_course", str(EXAMPLE))

    out, _ = run("export_course", SLUG, str(tmp_path / "out"))

    assert out == f"Wrote {SLUG} to {tmp_path / 'out'} (10 files).\n"
    assert files_of(tmp_path / "out") == files_of(EXAMPLE)


def test_export_course_refuses_an_unknown_course_and_a_full_folder(tmp_path):
    error, _ = fails("export_course", "nope", str(tmp_path))
    assert str(error) == "No course has the slug 'nope'."

    run("import_course", str(EXAMPLE))
    (tmp_path / "mine.txt").write_text("keep me")
    error, _ = fails("export_course", SLUG, str(tmp_path))
    assert "is not empty" in str(error)
    error, _ = fails("export_course", SLUG, str(tmp_path), "--replace")
    assert "does not hold a course bundle, so --replace leaves it alone" in str(error)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_export_course_replace_rewrites_the_bundle_and_keeps_dot_files(tmp_path):
    run("import_course", str(EXAMPLE))
    bundle = copy_example(tmp_path)
    (bundle / ".git").mkdir()
    (bundle / "meishi/old-lesson.md").write_text("gone after the export")
    Course.objects.filter(slug=SLUG).update(title="Edited in the admin")

    run("export_course", SLUG, str(bundle), "--replace")

    assert (bundle / ".git").is_dir()
    assert not (bundle / "meishi/old-lesson.md").exists()
    assert b"title: Edited in the admin\n" in (bundle / "course.yaml").read_bytes()


def test_export_course_replace_refuses_another_courses_bundle(tmp_path):
    run("import_course", str(EXAMPLE))
    Course.objects.create(slug="other", title="Other", summary="Another course.")
    bundle = copy_example(tmp_path)

    error, _ = fails("export_course", "other", str(bundle), "--replace")

    assert str(error) == f"{bundle} holds the bundle of {SLUG!r}, not of 'other'."
    assert files_of(bundle) == files_of(EXAMPLE)


@pytest.fixture
def courses_dir(tmp_path, settings):
    settings.COURSE_BUNDLES_DIR = tmp_path / "courses"
    settings.COURSE_BUNDLES_DIR.mkdir()
    return settings.COURSE_BUNDLES_DIR


def test_load_courses_with_no_bundles_says_so(courses_dir):
    (courses_dir / "README.md").write_text("What goes here.")

    out, _ = run("load_courses")

    assert out == f"No course bundles in {courses_dir}: nothing to load.\n"


def test_the_sites_own_courses_load(settings):
    folder = settings.COURSE_BUNDLES_DIR
    bundles = [path for path in folder.iterdir() if (path / "course.yaml").is_file()]

    out, _ = run("load_courses")

    if bundles:  # the course the site ships imports without a problem
        assert Course.objects.count() == len(bundles)
    else:
        assert out == f"No course bundles in {folder}: nothing to load.\n"


def test_load_courses_imports_new_courses_once_and_leaves_edits_alone(courses_dir):
    copy_example(courses_dir, "cards")
    (courses_dir / "drafts").mkdir()

    out, _ = run("load_courses")
    assert "drafts: no course.yaml, so not a bundle; skipped." in out
    assert out.splitlines()[-1].startswith("Imported cards-and-chats: created 1 course")

    Course.objects.filter(slug=SLUG).update(title="Edited in the admin")
    before = snapshot()
    out, _ = run("load_courses")
    assert "cards: in the database already, left as it is." in out
    assert snapshot() == before

    out, _ = run("load_courses", "--update")
    assert "Imported cards-and-chats: updated 1 course." in out
    assert Course.objects.get(slug=SLUG).title == "Cards and chats at work in Japan"


def test_load_courses_prints_a_line_per_course_unless_asked_for_each_object(courses_dir):
    copy_example(courses_dir, "cards")

    out, _ = run("load_courses")
    assert out == (
        "Imported cards-and-chats: "
        "created 1 course, 2 modules, 5 lessons, 2 quizzes, 6 questions, 19 options.\n"
    )

    Course.objects.filter(slug=SLUG).update(title="Edited in the admin")
    out, _ = run("load_courses", "--update", "-v", "2")
    assert out.splitlines() == [
        "  updated course cards-and-chats (title)",
        "Imported cards-and-chats: updated 1 course.",
    ]


def test_load_courses_loads_the_good_bundles_and_names_the_bad(courses_dir):
    copy_example(courses_dir, "a-broken")
    edit(courses_dir / "a-broken/course.yaml", "slug: cards-and-chats", "slug: broken")
    edit(courses_dir / "a-broken/meishi/exchanging.md", "minutes: 5", "minutes: five")
    copy_example(courses_dir, "b-good")

    error, err = fails("load_courses")

    assert str(error) == "Not loaded, see above: a-broken."
    assert "meishi/exchanging.md: minutes: must be a whole number, not text (line 4)" in err
    assert f"{courses_dir / 'a-broken'}: 1 problem, so nothing was written" in err
    assert list(Course.objects.values_list("slug", flat=True)) == [SLUG]
