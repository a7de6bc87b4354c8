"""The audit log: who did what, from where, to which object (append-only, see AuditEntry).

Wagtail already records every create/edit/submit/approve/reject/publish/delete of a snippet
as a ModelLogEntry; we mirror each into our log with the unit and the IP address of the
request, and add what Wagtail does not record: logins, failed logins, permission changes,
exports, withdrawals and gate refusals.
"""

from __future__ import annotations

import contextvars
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from gongkai.publishing.models import AuditAction, AuditEntry

_request: contextvars.ContextVar = contextvars.ContextVar("gongkai_audit_request", default=None)

WAGTAIL_ACTIONS = {
    "wagtail.create": AuditAction.CREATE,
    "wagtail.edit": AuditAction.EDIT,
    "wagtail.revert": AuditAction.EDIT,
    "wagtail.copy": AuditAction.CREATE,
    "wagtail.publish": AuditAction.PUBLISH,
    "wagtail.publish.scheduled": AuditAction.SCHEDULE,
    "wagtail.schedule.cancel": AuditAction.EDIT,
    "wagtail.unpublish": AuditAction.UNPUBLISH,
    "wagtail.delete": AuditAction.DELETE,
    "wagtail.workflow.start": AuditAction.SUBMIT,
    "wagtail.workflow.resume": AuditAction.SUBMIT,
    "wagtail.workflow.approve": AuditAction.APPROVE,
    "wagtail.workflow.reject": AuditAction.REJECT,
}


class AuditContextMiddleware:
    """Make the current request (for user and IP) available to signal receivers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_request():
    return _request.get()


def client_ip(request) -> str | None:
    """The visitor's address: REMOTE_ADDR, or behind a proxy the header it sets
    (GONGKAI_CLIENT_IP_HEADER, as the rate limits read it); the first of a list."""
    if request is None:
        return None
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = request.META.get(key) or request.META.get("REMOTE_ADDR") or ""
    return value.split(",")[0].strip() or None


def record(
    action: str,
    *,
    user=None,
    obj=None,
    unit=None,
    request=None,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEntry:
    request = request or _request.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if getattr(candidate, "is_authenticated", False):
            user = candidate
    if unit is None and obj is not None:
        unit = getattr(obj, "unit", None)
        if unit is None and obj.__class__.__name__ == "Unit":
            unit = obj
    if unit is None and user is not None:
        from gongkai.publishing.scope import primary_unit

        unit = primary_unit(user)
    return AuditEntry.objects.create(
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        unit=unit,
        ip=client_ip(request),
        action=action,
        object_type=obj._meta.verbose_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        detail=detail or {},
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(AuditAction.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditAction.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    name = str(credentials.get("username", ""))[:150]
    record(AuditAction.LOGIN_FAILED, request=request, username=name, detail={"username": name})


def _mirror_wagtail_log(sender, instance, created, **kwargs):
    if not created:
        return
    action = WAGTAIL_ACTIONS.get(instance.action, AuditAction.OTHER)
    obj = None
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is not None:
        obj = model._default_manager.filter(pk=instance.object_id).first()
    request = _request.get()
    entry_unit = getattr(obj, "unit", None) if obj is not None else None
    detail = {"wagtail_action": instance.action}
    if instance.revision_id:
        detail["revision"] = instance.revision_id
    comment = (instance.data or {}).get("comment") if isinstance(instance.data, dict) else None
    if comment:
        detail["comment"] = comment
    AuditEntry.objects.create(
        user=instance.user,
        username=instance.user.get_username() if instance.user else "",
        unit=entry_unit,
        ip=client_ip(request),
        action=action,
        object_type=model._meta.verbose_name if model else "",
        object_id=str(instance.object_id),
        object_repr=(instance.label or "")[:300],
        detail=detail,
    )


def connect_wagtail_log() -> None:
    from wagtail.models import ModelLogEntry

    post_save.connect(_mirror_wagtail_log, sender=ModelLogEntry, dispatch_uid="audit_wagtail_log")


User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through)
def _groups_changed(sender, instance, action, pk_set, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    names = sorted(model.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
    if isinstance(instance, User):
        target = instance
    else:
        target = None
    record(
        AuditAction.PERMISSION,
        obj=target if target is not None else instance,
        detail={"change": action.removeprefix("post_"), "groups": names},
    )


@receiver(m2m_changed, sender=User.user_permissions.through)
def _user_permissions_changed(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        record(
            AuditAction.PERMISSION,
            obj=instance,
            detail={"change": action.removeprefix("post_"), "permissions": sorted(pk_set or ())},
        )


def _group_permissions_changed(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        record(
            AuditAction.PERMISSION,
            obj=instance,
            detail={"change": action.removeprefix("post_"), "permissions": sorted(pk_set or ())},
        )


def connect_group_permissions() -> None:
    from django.contrib.auth.models import Group

    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="audit_group_permissions",
    )


@receiver(pre_save, sender=User)
def _remember_flags(sender, instance, **kwargs):
    if instance.pk:
        old = User.objects.filter(pk=instance.pk).values("is_superuser", "is_staff", "is_active")
        instance._audit_old_flags = old.first()


@receiver(post_save, sender=User)
def _flags_changed(sender, instance, created, **kwargs):
    old = getattr(instance, "_audit_old_flags", None)
    if created or not old:
        return
    new = {k: getattr(instance, k) for k in old}
    if new != old:
        record(AuditAction.PERMISSION, obj=instance, detail={"before": old, "after": new})


def _membership_saved(sender, instance, created, **kwargs):
    if created:
        record(
            AuditAction.PERMISSION,
            obj=instance.user,
            unit=instance.unit,
            detail={"change": "add", "unit": instance.unit.name},
        )


def _membership_deleted(sender, instance, **kwargs):
    record(
        AuditAction.PERMISSION,
        obj=instance.user,
        unit=instance.unit,
        detail={"change": "remove", "unit": instance.unit.name},
    )


def connect_memberships() -> None:
    from gongkai.orgs.models import Membership

    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="audit_membership_add")
    post_delete.connect(_membership_deleted, sender=Membership, dispatch_uid="audit_membership_rm")
