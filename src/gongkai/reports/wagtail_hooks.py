"""Back office: annual report figures."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.reports import admin_urls
from gongkai.reports.models import AnnualReport


class AnnualReportViewSet(SnippetViewSet):
    """The raw records (also for superusers' repairs); staff use the 年度报告 pages."""

    model = AnnualReport
    icon = "table"
    menu_label = "年度报告记录"
    menu_order = 230
    add_to_admin_menu = False
    list_display = ["unit", "year", "source", "proactive_items", "requests_received"]
    list_filter = ["unit", "year"]


register_snippet(AnnualReportViewSet)


@hooks.register("register_admin_urls")
def report_urls():
    return [path("reports/", include(admin_urls, namespace="reports_admin"))]


class DecisionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("reports.add_decisionrecord")


@hooks.register("register_admin_menu_item")
def decisions_menu_item():
    return DecisionsMenuItem(
        "执法决定及收费", reverse("reports_admin:decisions"), icon_name="table", order=225
    )


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("reports.view_annualreport")


@hooks.register("register_admin_menu_item")
def reports_menu_item():
    return ReportsMenuItem(
        "年度报告", reverse("reports_admin:reports"), icon_name="doc-full", order=220
    )
