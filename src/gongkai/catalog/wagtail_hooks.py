"""Back office: columns and documents; staff-only serving of uploaded files."""

from django import forms
from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.catalog.forms import DocumentAdminForm
from gongkai.catalog.models import Column, Document


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


class DocumentViewSet(SnippetViewSet):
    model = Document
    icon = "doc-full"
    menu_label = "政府信息"
    menu_order = 100
    add_to_admin_menu = True
    list_display = ["title", "unit", "doc_no", "written_on", "published_on", "validity"]
    list_filter = ["unit", "validity", "form", "disclosure", "topic"]
    search_fields = ["title", "doc_no", "index_no"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("unit"), FieldPanel("doc_no")]),
                    FieldRowPanel([FieldPanel("written_on"), FieldPanel("published_on")]),
                    FieldPanel("columns", widget=forms.CheckboxSelectMultiple),
                    FieldRowPanel([FieldPanel("topic"), FieldPanel("form")]),
                    FieldPanel("keywords"),
                    FieldRowPanel([FieldPanel("disclosure"), FieldPanel("important")]),
                ],
                heading="目录信息",
            ),
            FieldPanel("body"),
            InlinePanel("attachments", heading="附件", label="附件"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("validity"), FieldPanel("repealed_on")]),
                    FieldPanel("replaced_by"),
                    FieldPanel("interprets"),
                ],
                heading="有效性与关联",
            ),
        ],
        base_form_class=DocumentAdminForm,
    )


register_snippet(ColumnViewSet)
register_snippet(DocumentViewSet)


@hooks.register("before_serve_document")
def only_staff_reach_uploaded_files(document, request):
    """Wagtail's /documents/ URLs are for the back office; the public use attachment links
    on published documents, which the portal checks."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise PermissionDenied


@hooks.register("construct_main_menu")
def hide_page_explorer(request, menu_items):
    """gongkai serves no Wagtail pages; an empty 页面 menu only confuses new officers."""
    menu_items[:] = [item for item in menu_items if item.name != "explorer"]
