"""Back office wiring of 留言: the queue in the menu, the reply snippet, the dashboard panel."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from gongkai.interaction.messages import admin_urls, backoffice, services
from gongkai.interaction.messages.backoffice import ReplyViewSet

DASHBOARD_LIMIT = 10

register_snippet(ReplyViewSet)


@hooks.register("register_admin_urls")
def message_urls():
    return [path("messages/", include(admin_urls, namespace="messages_admin"))]


class MessagesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("citizen_messages.view_message")


@hooks.register("register_admin_menu_item")
def messages_menu_item():
    return MessagesMenuItem("留言办理", reverse("messages_admin:list"), icon_name="mail", order=255)


class MessagesPanel(Component):
    """Open messages of my units, most urgent first, with the overdue and 3-month counts."""

    name = "gongkai_messages"
    order = 65
    template_name = "messages/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        mine = services.scoped(self.request.user)
        open_ = mine.open().select_related("unit").order_by("due_on", "pk")
        return {
            "rows": backoffice.rows_with_status(open_[:DASHBOARD_LIMIT], today),
            "open_count": open_.count(),
            "overdue_count": services.overdue(mine, today).count(),
            "long_count": services.long_unanswered(mine, today).count(),
        }


@hooks.register("construct_homepage_panels", order=12)
def messages_dashboard(request, panels):
    if request.user.has_perm("citizen_messages.view_message"):
        panels.append(MessagesPanel(request))
