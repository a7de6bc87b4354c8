"""Who writes and submits the annual report (docs/roles.md): unit staff for their units,
公开办 for the whole county; 审签领导 read them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORT_PERMISSIONS = {
    "信息员": ["view_annualreport", "change_annualreport"],
    "负责人": ["view_annualreport", "change_annualreport"],
    "审签领导": ["view_annualreport"],
    "公开办": ["view_annualreport", "change_annualreport", "add_annualreport"],
}


def grant(apps, schema_editor):
    config = apps.get_app_config("reports")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in REPORT_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="reports", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_decision_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
