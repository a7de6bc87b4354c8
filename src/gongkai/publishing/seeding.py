"""Seeding, from a data migration, the roles' permissions and a review workflow of the
与民互动 services (surveys, consultations, messages): the same few steps for each app.

Called with the migration's historical ``apps``; the levels are publishing.InteractionReviewTask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from gongkai.publishing.roles import Role

# The usual shape of a service's permissions: officers write, reviewers edit, others read.
ALL = ("add", "change", "view")
EDIT = ("change", "view")
VIEW = ("view",)


def create_permissions_now(apps, app_label: str) -> None:
    """Permissions are normally created after migrate; the groups need them now."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    config = global_apps.get_app_config(app_label)
    create_contenttypes(config, verbosity=0, apps=apps)
    create_permissions(config, verbosity=0, apps=apps)


def seed_review(
    apps,
    *,
    app_label: str,
    permissions: Mapping[Role, Mapping[str, Iterable[str]]],
    workflow_name: str,
    levels: Sequence[tuple[str, Role]],
    reviewed: Iterable[str],
) -> None:
    """Give each role ``permissions`` ({model: actions}) on the app's models, and make the
    workflow ``workflow_name`` of ``levels`` (task name, role) the review of the ``reviewed``
    models. Safe to run again: nothing is created twice."""
    create_permissions_now(apps, app_label)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Task = apps.get_model("publishing", "InteractionReviewTask")

    groups = {}
    for role, models in permissions.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        groups[role] = group
        for model, actions in models.items():
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )
    for _, role in levels:
        if role not in groups:
            groups[role] = Group.objects.get_or_create(name=str(role))[0]

    task_type = ContentType.objects.get_or_create(
        app_label="publishing", model="interactionreviewtask"
    )[0]
    workflow, _ = Workflow.objects.get_or_create(name=workflow_name)
    for order, (name, role) in enumerate(levels):
        task = Task.objects.filter(name=name).first()
        if task is None:
            task = Task.objects.create(name=name, content_type=task_type)
        task.groups.add(groups[role])
        WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, sort_order=order)
    for model in reviewed:
        content_type = ContentType.objects.get_or_create(app_label=app_label, model=model)[0]
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
