"""Roles: who may do what in the admin, beyond the superuser.

An instructor is a staff user in the "Instructors" group and among a course's `instructors`: the
group (created by migration accounts.0003) says which kinds of objects they may write or read,
`Course.instructors` which courses (the admins in lessons/ and quizzes/ scope every list, page
and choice to them).
"""

from django.contrib.auth.models import Group
from django.db import transaction

INSTRUCTORS = "Instructors"


@transaction.atomic
def make_instructor(*, user, course) -> None:
    """Let `user` author `course` in the admin: staff, in the Instructors group, its instructor."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=INSTRUCTORS))
    course.instructors.add(user)


def may_import_bundles(user) -> bool:
    """Who may open the bundle import page: whoever may create courses, or teaches one."""
    return user.has_perm("lessons.add_course") or user.taught_courses.exists()
