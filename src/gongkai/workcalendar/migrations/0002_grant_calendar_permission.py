"""Who keeps the working-day calendar: 公开办 and 系统管理员 (docs/calendar.md).

The calendar decides every statutory deadline of the county, so it is county-wide data and
unit staff never change it. Other groups can be given the permission on the group's page.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CALENDAR_PERMISSIONS = {
    "公开办": ["change_calendaryear"],
    "系统管理员": ["change_calendaryear"],
}


def grant(apps, schema_editor):
    config = apps.get_app_config("workcalendar")
    config.models_module = True  # let create_permissions run inside the migration
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in CALENDAR_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="workcalendar", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in CALENDAR_PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="workcalendar", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("workcalendar", "0001_initial"),
        ("publishing", "0002_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
