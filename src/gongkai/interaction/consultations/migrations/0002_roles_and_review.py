"""Give the six roles their 意见征集 permissions and seed the review of consultations and of
their feedback summaries.

The review mirrors documents' 三级审核 without its 重要信息 step: the information centre's
责任编辑 checks (审核) and its 负责人 signs off (签发), each within their units. Nobody gets
the publish permissions: completing the review publishes (publishing.workflow).
"""

from django.db import migrations

from gongkai.publishing.roles import Role
from gongkai.publishing.seeding import ALL, EDIT, VIEW, seed_review


def seed(apps, schema_editor):
    seed_review(
        apps,
        app_label="consultations",
        permissions={
            Role.OFFICER: {"consultation": ALL, "feedbacksummary": ALL, "comment": EDIT},
            Role.EDITOR: {"consultation": EDIT, "feedbacksummary": EDIT, "comment": EDIT},
            Role.HEAD: {"consultation": EDIT, "feedbacksummary": EDIT, "comment": EDIT},
            Role.LEADER: {"consultation": VIEW, "feedbacksummary": VIEW, "comment": VIEW},
            Role.OFFICE: {"consultation": VIEW, "feedbacksummary": VIEW, "comment": VIEW},
        },
        workflow_name="意见征集审核",
        levels=[("意见征集·责任编辑审核", Role.EDITOR), ("意见征集·负责人签发", Role.HEAD)],
        reviewed=["consultation", "feedbacksummary"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("publishing", "0004_interactionreviewtask"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
