"""Back office wiring of 意见征集: the two snippet screens, moderation pages, menu and panel."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from gongkai.interaction.consultations import admin_urls, services
from gongkai.interaction.consultations.backoffice import ConsultationViewSet, FeedbackViewSet

register_snippet(ConsultationViewSet)
register_snippet(FeedbackViewSet)


@hooks.register("register_admin_urls")
def consultation_urls():
    return [path("consultations/", include(admin_urls, namespace="consultations_admin"))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("consultations.view_consultation")


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return StaffMenuItem(
        "意见审核与反馈", reverse("consultations_admin:overview"), icon_name="comment", order=261
    )


@hooks.register("register_admin_menu_item")
def feedback_menu_item():
    return StaffMenuItem(
        "意见采纳情况反馈",
        reverse("wagtailsnippets_consultations_feedbacksummary:list"),
        icon_name="tasks",
        order=262,
    )


class ConsultationPanel(Component):
    """A warning on the dashboard: ended consultations of my units with no feedback yet."""

    name = "gongkai_consultations"
    order = 70
    template_name = "consultations/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        return {
            "overdue": list(services.ended_without_feedback(user, timezone.localdate())[:10]),
            "pending": services.moderatable(user).filter(status="pending").count(),
            "url": reverse("consultations_admin:overview"),
        }


# After publishing's hook, which replaces Wagtail's own panels with its own.
@hooks.register("construct_homepage_panels", order=100)
def consultation_panel(request, panels):
    if request.user.has_perm("consultations.view_consultation"):
        panels.append(ConsultationPanel(request))
