"""Back office: annual report figures."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.reports.models import AnnualReport


class AnnualReportViewSet(SnippetViewSet):
    model = AnnualReport
    icon = "table"
    menu_label = "年度报告"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["unit", "year", "source", "proactive_items", "requests_received"]
    list_filter = ["unit", "year"]


register_snippet(AnnualReportViewSet)
