"""Who keeps the section 二 records (docs/roles.md): unit staff for their units, 公开办 for all."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DECISION_PERMISSIONS = {
    "信息员": ["view_decisionrecord", "add_decisionrecord"],
    "负责人": ["view_decisionrecord", "add_decisionrecord"],
    "公开办": ["view_decisionrecord", "add_decisionrecord"],
}


def grant(apps, schema_editor):
    config = apps.get_app_config("reports")
    config.models_module = True  # let create_permissions run inside the migration
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in DECISION_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="reports", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_report_sections_and_decisions"),
        ("publishing", "0002_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
