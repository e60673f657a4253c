"""The "Instructors" group: write course content, read what learners did, nothing else.

Delete is granted on what an instructor must be able to remove while writing (an option, a
question, a draft lesson, quiz or module) but not on courses; whatever learners completed or
answered is protected from deletion anyway (docs/architecture.md, "Authoring and roles").
Permissions are normally created after `migrate` (post_migrate), too late for this migration
on a fresh database, so it creates those of the apps it needs first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTORS = "Instructors"  # jsnlearn.accounts.roles.INSTRUCTORS, frozen here

PERMISSIONS = {
    "lessons": {
        "course": ("add", "change", "view"),
        "module": ("add", "change", "delete", "view"),
        "lesson": ("add", "change", "delete", "view"),
        "enrollment": ("view",),
        "lessoncompletion": ("view",),
    },
    "quizzes": {
        "quiz": ("add", "change", "delete", "view"),
        "question": ("add", "change", "delete", "view"),
        "choice": ("add", "change", "delete", "view"),
        "attempt": ("view",),
        "response": ("view",),
    },
}


def create_instructors_group(apps, schema_editor):
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        models_module = getattr(app_config, "models_module", None)
        # create_permissions skips an app it thinks has no models, as migration states do.
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    wanted = {
        (app_label, f"{action}_{model}")
        for app_label, models in PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    }
    permissions = [
        permission
        for permission in Permission.objects.filter(
            content_type__app_label__in=PERMISSIONS
        ).select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    assert len(permissions) == len(wanted), "a permission of the Instructors group is missing"
    group.permissions.set(permissions)


def delete_instructors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=INSTRUCTORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_create_cache_table"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("lessons", "0002_course_instructors"),
        ("quizzes", "0002_attempt_draft_answers"),
    ]

    operations = [
        migrations.RunPython(create_instructors_group, delete_instructors_group),
    ]
