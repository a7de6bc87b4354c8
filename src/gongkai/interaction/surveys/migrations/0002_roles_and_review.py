"""Give the six roles their 网上调查 permissions and seed the review of surveys.

The review mirrors documents' 三级审核 without its 重要信息 step: the information centre's
责任编辑 checks (审核) and its 负责人 signs off (签发), each within their units. Nobody gets
the publish permission: completing the review publishes (publishing.workflow).
"""

from django.db import migrations

from gongkai.publishing.roles import Role
from gongkai.publishing.seeding import ALL, EDIT, VIEW, seed_review


def seed(apps, schema_editor):
    seed_review(
        apps,
        app_label="surveys",
        permissions={
            Role.OFFICER: {"survey": ALL},
            Role.EDITOR: {"survey": EDIT},
            Role.HEAD: {"survey": EDIT},
            Role.LEADER: {"survey": VIEW},
            Role.OFFICE: {"survey": VIEW},
        },
        workflow_name="网上调查审核",
        levels=[("网上调查·责任编辑审核", Role.EDITOR), ("网上调查·负责人签发", Role.HEAD)],
        reviewed=["survey"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("publishing", "0004_interactionreviewtask"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
