"""Seed the six roles (groups with their permissions) and the three-level review workflow.

Runs on every new database, so a county starts with the review the seed page describes
(三级审核) and with roles a new information officer can be given without knowing Django.
"""

from django.db import migrations

from gongkai.publishing.roles import ROLE_PERMISSIONS, Role

WORKFLOW_NAME = "三级审核"
TASKS = [
    # (name, role, only_important)
    ("责任编辑审核", Role.EDITOR, False),
    ("负责人签发", Role.HEAD, False),
    ("审签领导审签（重要信息）", Role.LEADER, True),
]


def create_permissions_now(apps):
    """Permissions are normally created after migrate; the groups need them now."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for config in global_apps.get_app_configs():
        create_contenttypes(config, verbosity=0, apps=apps)
        create_permissions(config, verbosity=0, apps=apps)


def seed(apps, schema_editor):
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ReviewTask = apps.get_model("publishing", "ReviewTask")

    groups = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        for app_label, codename in perms:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)
        groups[role] = group

    task_type = ContentType.objects.get_or_create(app_label="publishing", model="reviewtask")[0]
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    for order, (name, role, only_important) in enumerate(TASKS):
        task = ReviewTask.objects.filter(name=name).first()
        if task is None:
            task = ReviewTask.objects.create(
                name=name, content_type=task_type, only_important=only_important
            )
        task.groups.add(groups[role])
        WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, sort_order=order)
    document_type = ContentType.objects.get_or_create(app_label="catalog", model="document")[0]
    WorkflowContentType.objects.update_or_create(
        content_type=document_type, defaults={"workflow": workflow}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_initial"),
        ("catalog", "0004_timeliness_withdrawal"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("orgs", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
