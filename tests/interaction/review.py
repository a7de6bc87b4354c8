"""Acting on the review of a reviewed snippet (survey, consultation, feedback, reply) over HTTP."""

from __future__ import annotations

from django.urls import reverse


def act(client, obj, action: str, comment: str = ""):
    """POST a workflow action (approve/reject) on the object's current review level."""
    obj.refresh_from_db()
    state = obj.current_workflow_task_state
    namespace = f"wagtailsnippets_{obj._meta.app_label}_{obj._meta.model_name}"
    url = reverse(f"{namespace}:workflow_action", args=[obj.pk, action, state.pk])
    return client.post(url, {"comment": comment})


def current_task(obj) -> str | None:
    """The name of the review level the object waits at; None when not in review."""
    obj.refresh_from_db()
    state = obj.current_workflow_task_state
    return state.task.name if state else None
