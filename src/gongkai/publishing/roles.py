"""The six back-office roles (Django groups named in Chinese) and what each may do.

The groups are created by migration 0002 from ROLE_PERMISSIONS, so a fresh database has
them; docs/roles.md explains them to an operator. A user's *role* says what they may do,
their *units* (orgs.Membership) say where (see scope.py).
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    OFFICER = "信息员", "信息员"
    EDITOR = "责任编辑", "责任编辑"
    HEAD = "负责人", "负责人"
    LEADER = "审签领导", "审签领导"
    OFFICE = "公开办", "公开办"
    ADMIN = "系统管理员", "系统管理员"


ADMIN_ACCESS = ("wagtailadmin", "access_admin")

# (app_label, codename) pairs per role. Nobody gets catalog.publish_document: every
# publication goes through the review workflow (publishing.workflow.publish_approved).
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    Role.OFFICER: [
        ADMIN_ACCESS,
        ("catalog", "add_document"),
        ("catalog", "change_document"),
        ("catalog", "view_document"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
    Role.EDITOR: [
        ADMIN_ACCESS,
        ("catalog", "change_document"),
        ("catalog", "view_document"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
    Role.HEAD: [
        ADMIN_ACCESS,
        ("catalog", "change_document"),
        ("catalog", "view_document"),
        ("wagtaildocs", "choose_document"),
    ],
    Role.LEADER: [
        ADMIN_ACCESS,
        ("catalog", "view_document"),
    ],
    Role.OFFICE: [
        ADMIN_ACCESS,
        ("catalog", "view_document"),
        ("catalog", "view_column"),
        ("orgs", "view_unit"),
    ],
    Role.ADMIN: [
        ADMIN_ACCESS,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("auth", "view_user"),
        ("orgs", "add_unit"),
        ("orgs", "change_unit"),
        ("orgs", "view_unit"),
        ("catalog", "add_column"),
        ("catalog", "change_column"),
        ("catalog", "view_column"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
    ],
}

# Roles whose scope is the whole county, whatever their memberships say.
COUNTY_WIDE = {Role.LEADER, Role.OFFICE, Role.ADMIN}
# Roles that see the audit log and the timeliness report (通报).
OVERSIGHT = {Role.OFFICE, Role.ADMIN}


def roles_of(user) -> set[str]:
    """The role names of a user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_gongkai_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) & set(Role.values)
        user._gongkai_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(getattr(user, "is_superuser", False) or roles_of(user) & set(roles))
