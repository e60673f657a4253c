"""The Instructors group holds exactly what authoring needs; make_instructor grants it."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from tests.factories import CourseFactory, UserFactory

EXPECTED = {
    "lessons": {
        "course": {"add", "change", "view"},
        "module": {"add", "change", "delete", "view"},
        "lesson": {"add", "change", "delete", "view"},
        "enrollment": {"view"},
        "lessoncompletion": {"view"},
    },
    "quizzes": {
        "quiz": {"add", "change", "delete", "view"},
        "question": {"add", "change", "delete", "view"},
        "choice": {"add", "change", "delete", "view"},
        "attempt": {"view"},
        "response": {"view"},
    },
    "classrooms": {
        "classroom": {"add", "change", "delete", "view"},
        "duedate": {"add", "change", "delete", "view"},
    },
}


def test_the_instructors_group_has_exactly_the_authoring_permissions(db):
    group = Group.objects.get(name="Instructors")

    granted = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert granted == {
        (app, f"{action}_{model}")
        for app, models in EXPECTED.items()
        for model, actions in models.items()
        for action in actions
    }


def make_instructor(*args):
    out = io.StringIO()
    call_command("make_instructor", *args, stdout=out)
    return out.getvalue()


def test_make_instructor_makes_a_learner_staff_in_the_group_and_an_instructor(db):
    user = UserFactory(email="kenji@example.com")
    first, second = CourseFactory(slug="line"), CourseFactory(slug="x-etiquette")

    out = make_instructor("Kenji@Example.com", "--course", "line", "--course", "x-etiquette")

    user.refresh_from_db()
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Instructors"]
    assert set(user.taught_courses.all()) == {first, second}
    assert "kenji@example.com is now an instructor of" in out
    make_instructor("kenji@example.com", "--course", "line")  # twice changes nothing
    assert user.taught_courses.count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.com", "--course", "line"], "No account has the address"),
        (["kenji@example.com", "--course", "nope"], "No course has the slug 'nope'"),
        (["kenji@example.com", "--course", "line", "--course", "nope"], "'nope'"),
    ],
)
def test_make_instructor_refuses_an_unknown_address_or_course_and_changes_nothing(
    db, args, message
):
    user = UserFactory(email="kenji@example.com")
    CourseFactory(slug="line")

    with pytest.raises(CommandError, match=message):
        make_instructor(*args)

    user.refresh_from_db()
    assert not user.is_staff
    assert not user.taught_courses.exists()


def test_make_instructor_exits_non_zero_from_the_shell(db, tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PATH": "/usr/bin:/bin"}
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)

    result = subprocess.run(
        [*manage, "make_instructor", "nobody@example.com", "--course", "line"],
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "No account has the address 'nobody@example.com'" in result.stderr


def test_make_instructor_says_so_when_the_group_is_missing(db):
    UserFactory(email="kenji@example.com")
    CourseFactory(slug="line")
    Group.objects.filter(name="Instructors").delete()

    with pytest.raises(CommandError, match="The Instructors group is missing"):
        make_instructor("kenji@example.com", "--course", "line")
