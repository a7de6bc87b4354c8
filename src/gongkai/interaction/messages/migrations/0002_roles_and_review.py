"""Give the six roles their 留言 permissions and seed the review of replies.

Officers of a unit handle its messages (transfer, reply, withhold, refer); a reply is public
only after the information centre's 责任编辑 checks it (审核) and its 负责人 signs it off
(签发), each within their units, like documents without their 重要信息 step.
"""

from django.db import migrations

from gongkai.publishing.roles import Role
from gongkai.publishing.seeding import ALL, EDIT, VIEW, seed_review


def seed(apps, schema_editor):
    seed_review(
        apps,
        app_label="citizen_messages",
        permissions={
            Role.OFFICER: {"message": EDIT, "messagereply": ALL},
            Role.EDITOR: {"message": EDIT, "messagereply": EDIT},
            Role.HEAD: {"message": EDIT, "messagereply": EDIT},
            Role.LEADER: {"message": VIEW, "messagereply": VIEW},
            Role.OFFICE: {"message": VIEW, "messagereply": VIEW},
        },
        workflow_name="留言答复审核",
        levels=[("留言答复·责任编辑审核", Role.EDITOR), ("留言答复·负责人签发", Role.HEAD)],
        reviewed=["messagereply"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("citizen_messages", "0001_initial"),
        ("publishing", "0004_interactionreviewtask"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
