"""Where a staff user may act: their units (orgs.Membership) and every unit below them.

An information officer of 县教育局 is a member of that unit; the editors and the head of
the county information centre are members of the county government, whose subtree is the
whole county. County-wide roles (roles.COUNTY_WIDE) and superusers see every unit.
Every admin view, list, chooser and file check goes through `unit_ids`.
"""

from __future__ import annotations

from collections import defaultdict

from gongkai.publishing.roles import COUNTY_WIDE, roles_of


def unit_ids(user) -> frozenset[int] | None:
    """The ids of the units the user may act on; None means every unit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser or roles_of(user) & COUNTY_WIDE:
        return None
    cached = getattr(user, "_gongkai_units", None)
    if cached is not None:
        return cached
    from gongkai.orgs.models import Membership, Unit

    roots = set(Membership.objects.filter(user=user).values_list("unit_id", flat=True))
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk not in seen:
            seen.add(pk)
            stack.extend(children.get(pk, ()))
    result = frozenset(seen)
    user._gongkai_units = result
    return result


def covers(user, unit_id: int | None) -> bool:
    ids = unit_ids(user)
    return ids is None or unit_id in ids


def filter_units(user, queryset, field: str = "unit"):
    """Restrict a queryset of rows belonging to a unit (via `field`) to the user's scope."""
    ids = unit_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def primary_unit(user):
    """The unit an action is logged against: the user's first membership, if any."""
    from gongkai.orgs.models import Membership

    membership = Membership.objects.filter(user=user).select_related("unit").first()
    return membership.unit if membership else None
