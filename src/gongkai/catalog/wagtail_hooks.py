"""Back office: columns. (The document screens live in publishing, with review and scope.)"""

from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.catalog.models import Column


class ColumnViewSet(SnippetViewSet):
    model = Column
    icon = "list-ul"
    menu_label = "栏目"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "unit", "key", "parent", "update_cycle_days"]
    list_filter = ["unit"]
    search_fields = ["name", "key"]
    panels = [
        FieldRowPanel([FieldPanel("unit"), FieldPanel("parent")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("key")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("position"), FieldPanel("update_cycle_days")]),
    ]


register_snippet(ColumnViewSet)


@hooks.register("construct_main_menu")
def hide_page_explorer(request, menu_items):
    """gongkai serves no Wagtail pages; an empty 页面 menu only confuses new officers."""
    menu_items[:] = [item for item in menu_items if item.name != "explorer"]
