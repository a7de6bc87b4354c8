"""Who handles disclosure requests (docs/roles.md): the model permissions per role.

Unit staff act on the cases of their units (scope.py); 公开办 and 审签领导 see the whole
county. 系统管理员 gets none: running the platform does not need applicants' personal data.
Approving an extension (Art. 33: by the head of the disclosure office) is its own permission.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CASE_PERMISSIONS = {
    "信息员": ["view_requestcase", "add_requestcase", "change_requestcase"],
    "责任编辑": ["view_requestcase", "change_requestcase"],
    "负责人": ["view_requestcase", "change_requestcase", "approve_extension"],
    "审签领导": ["view_requestcase"],
    "公开办": [
        "view_requestcase",
        "add_requestcase",
        "change_requestcase",
        "approve_extension",
        "view_lettertemplate",
        "change_lettertemplate",
    ],
}


def grant(apps, schema_editor):
    config = apps.get_app_config("foi_requests")
    config.models_module = True  # let create_permissions run inside the migration
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in CASE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="foi_requests", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("foi_requests", "0002_letters_reminders"),
        ("publishing", "0002_roles_and_review_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
