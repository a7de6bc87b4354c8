from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from gongkai.requests import admin_urls, backoffice, services

DASHBOARD_LIMIT = 15


@hooks.register("insert_global_admin_css")
def request_office_css():
    return format_html('<link rel="stylesheet" href="{}">', static("foi_admin/admin.css"))


@hooks.register("register_admin_urls")
def request_urls():
    return [path("requests/", include(admin_urls, namespace="foi_admin"))]


class CasesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("foi_requests.view_requestcase")


@hooks.register("register_admin_menu_item")
def cases_menu_item():
    return CasesMenuItem("依申请公开", reverse("foi_admin:list"), icon_name="mail", order=250)


class CasesPanel(Component):
    """Open requests of my units by working days left: overdue first, due this week next."""

    name = "gongkai_requests"
    order = 60
    template_name = "requests/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        cases = (
            backoffice.scoped_cases(self.request.user)
            .filter(answered_on__isnull=True)
            .select_related("unit")
            .prefetch_related("events")
        )
        rows = backoffice.rows_with_status(cases, today)
        rows.sort(key=lambda r: (r[1].days_left is None, r[1].days_left or 0))
        return {
            "rows": rows[:DASHBOARD_LIMIT],
            "open_count": len(rows),
            "overdue_count": sum(1 for _, s in rows if s.overdue),
            "week_count": sum(
                1 for _, s in rows if s.days_left is not None and 0 <= s.days_left <= 5
            ),
        }


@hooks.register("construct_homepage_panels", order=10)
def requests_dashboard(request, panels):
    if request.user.has_perm("foi_requests.view_requestcase"):
        panels.append(CasesPanel(request))


__all__ = ["services"]
