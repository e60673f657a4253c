"""The "Instructors" group runs classes: creates, edits and deletes classes and their due dates.

Members and invitations are handled on a class's own pages (its change permission), so the
group needs no permission on them. Like accounts.0003, permissions are created here first,
since on a fresh database they are otherwise made only after `migrate`.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTORS = "Instructors"  # jsnlearn.accounts.roles.INSTRUCTORS, frozen here

PERMISSIONS = {
    "classroom": ("add", "change", "delete", "view"),
    "duedate": ("add", "change", "delete", "view"),
}


def grant_classes(apps, schema_editor):
    app_config = apps.get_app_config("classrooms")
    models_module = getattr(app_config, "models_module", None)
    # create_permissions skips an app it thinks has no models, as migration states do.
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS)
    wanted = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label="classrooms", codename__in=wanted
    )
    assert len(permissions) == len(wanted), "a permission on classes is missing"
    group.permissions.add(*permissions)


def revoke_classes(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=INSTRUCTORS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="classrooms"))


class Migration(migrations.Migration):
    dependencies = [
        ("classrooms", "0001_classes_members_due_dates"),
        ("accounts", "0003_instructors_group"),
    ]

    operations = [
        migrations.RunPython(grant_classes, revoke_classes),
    ]
