"""Back office wiring: the scoped document screens, review pages, dashboard and guards."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet

from gongkai.catalog.models import Document, DocumentAttachment
from gongkai.publishing import scope, urls
from gongkai.publishing.backoffice import DocumentViewSet
from gongkai.publishing.dashboard import PublishingPanel
from gongkai.publishing.roles import OVERSIGHT, Role, has_role

register_snippet(DocumentViewSet)


@hooks.register("register_admin_urls")
def publishing_urls():
    return [path("publishing/", include(urls, namespace="publishing"))]


class OversightMenuItem(MenuItem):
    def is_shown(self, request):
        return has_role(request.user, *OVERSIGHT)


@hooks.register("register_admin_menu_item")
def timeliness_menu_item():
    return OversightMenuItem(
        "时效通报", reverse("publishing:timeliness"), icon_name="time", order=300
    )


@hooks.register("register_admin_menu_item")
def audit_menu_item():
    return OversightMenuItem(
        "审计日志", reverse("publishing:audit"), icon_name="list-ul", order=310
    )


class WithdrawMenuItem(ActionMenuItem):
    label = "撤稿"
    name = "action-withdraw"
    icon_name = "cross"
    order = 90

    def is_shown(self, context):
        instance = context.get("instance")
        request = context["request"]
        return (
            context.get("view") == "edit"
            and instance is not None
            and instance.live
            and has_role(request.user, Role.HEAD)
            and scope.covers(request.user, instance.unit_id)
        )

    def get_url(self, parent_context):
        return reverse("publishing:withdraw", args=[parent_context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")
def withdraw_menu_item(model):
    return WithdrawMenuItem() if model is Document else None


@hooks.register("construct_homepage_panels")
def publishing_dashboard(request, panels):
    # Wagtail's page panels count pages, which gongkai does not serve; ours cover documents.
    panels[:] = [p for p in panels if p.name in ("upgrade_notification",)]
    panels.append(PublishingPanel(request))


@hooks.register("before_serve_document")
def only_staff_of_the_unit_reach_uploaded_files(document, request):
    """Wagtail's /documents/ URLs are for the back office. The public use attachment links on
    published documents, which the portal checks; staff reach a file they uploaded, or one
    attached to a document of their units."""
    user = request.user
    if not (user.is_authenticated and user.is_staff or has_role(user, *Role.values)):
        raise PermissionDenied
    if scope.unit_ids(user) is None or document.uploaded_by_user_id == user.pk:
        return
    units = set(
        Document.objects.filter(attachments__file=document).values_list("unit_id", flat=True)
    )
    if not any(scope.covers(user, u) for u in units):
        raise PermissionDenied


@hooks.register("construct_snippet_action_menu")
def review_menu_wording(menu_items, request, context):
    """Only the author takes a submission back (a reviewer returns it, with a comment), and
    the last level's button says plainly that it publishes."""
    instance = context.get("instance")
    state = getattr(instance, "current_workflow_state", None) if instance else None
    if state is not None and not request.user.is_superuser and state.requested_by != request.user:
        menu_items[:] = [item for item in menu_items if item.name != "action-cancel-workflow"]
    for item in menu_items:
        label = str(getattr(item, "label", ""))
        if label.endswith(" 和发布"):
            item.label = label.removesuffix(" 和发布") + "并发布"


@hooks.register("construct_document_chooser_queryset")
def only_files_of_my_units_in_the_chooser(documents, request):
    """Collection permissions are per role, not per unit: narrow the attachment chooser to
    files the user uploaded or that are attached to documents of their units."""
    ids = scope.unit_ids(request.user)
    if ids is None:
        return documents
    from django.db.models import Q

    return documents.filter(
        Q(uploaded_by_user=request.user)
        | Q(pk__in=DocumentAttachment.objects.filter(document__unit__in=ids).values("file"))
    )
