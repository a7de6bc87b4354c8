"""The document screens of the back office, scoped to the user's units and gated at submission."""

from __future__ import annotations

import functools

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
)
from wagtail.models import WorkflowState
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from gongkai.catalog.models import Document
from gongkai.publishing import scope, services
from gongkai.publishing.forms import ReviewedDocumentForm
from gongkai.publishing.widgets import ColumnChoices


class ScopedIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return scope.filter_units(self.request.user, super().get_base_queryset())


class GatedSubmitMixin:
    """Submitting runs the confidentiality gate; a refusal keeps the saved draft."""

    def submit_action(self):
        declaration = self.form.declaration()
        message = services.check_submission(
            self.object, self.request.user, getattr(self, "new_revision", None), declaration
        )
        if message:
            redact_url = reverse("publishing:redact", args=[self.object.pk])
            messages.error(
                self.request,
                format_html(
                    "{}<p>草稿已保存。{}</p>",
                    mark_safe(message),  # noqa: S308 - built with escape() in gate.refusal_html
                    format_html(
                        '<a class="button button-small" href="{}">一键遮盖个人信息</a>', redact_url
                    )
                    if "个人信息" in message
                    else "",
                ),
            )
            return redirect(self.get_edit_url())
        state = getattr(self, "workflow_state", None)
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            # Wagtail would resume at the level that returned it; the county's rule is that
            # a corrected item goes through every level again, from the first.
            state.cancel(user=self.request.user)
            self.workflow.start(self.object, self.request.user)
            return None
        return super().submit_action()

    def get_success_message(self, instance=None):
        # Wagtail's zh-hans catalogue lacks several of these strings; officers read Chinese.
        obj = instance or self.object
        title = f"《{obj.title}》"
        if self.action == "submit":
            return f"{title}已提交审核。"
        if self.action == "publish":
            return f"{title}已发布。"
        if self.action == "cancel-workflow":
            return f"{title}已撤回审核。"
        if self.action == "workflow-action":
            done = {"approve": "审核通过", "reject": "退回修改"}.get(self.workflow_action, "处理")
            return f"{title}已{done}。"
        if self.action == "restart-workflow":
            return f"{title}已重新提交审核。"
        return f"{title}已保存为草稿。"


class DocumentCreateView(GatedSubmitMixin, snippet_views.CreateView):
    def get_edit_url(self):
        return reverse(Document.snippet_viewset.get_url_name("edit"), args=[self.object.pk])


class DocumentEditView(GatedSubmitMixin, snippet_views.EditView):
    def cancel_workflow_action(self):
        # Wagtail lets any reviewer cancel; in gongkai a reviewer returns an item with a
        # comment, and only its author takes a submission back.
        state = self.workflow_state
        if not (self.request.user.is_superuser or state.requested_by_id == self.request.user.pk):
            raise PermissionDenied("只有提交人可以撤回审核；审核人请使用“退回修改”并填写意见。")
        return super().cancel_workflow_action()


def _scoped_object_list(view):
    return scope.filter_units(view.request.user, Document.objects.all())


class ScopedChooseView(snippet_chooser.ChooseView):
    def get_object_list(self):
        return _scoped_object_list(self)


class ScopedChooseResultsView(snippet_chooser.ChooseResultsView):
    def get_object_list(self):
        return _scoped_object_list(self)


class ScopedChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not scope.covers(self.request.user, obj.unit_id):
            raise Http404
        return obj


class ScopedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView


DOCUMENT_PERMISSIONS = {"catalog.view_document", "catalog.change_document", "catalog.add_document"}


def guard_object(view):
    """No document screen without a document permission; 404 for a document outside the
    user's units, before the view runs (some Wagtail views check neither)."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            if not DOCUMENT_PERMISSIONS & request.user.get_all_permissions() and not (
                request.user.is_superuser
            ):
                raise PermissionDenied
            unit_id = (
                Document.objects.filter(pk=unquote(str(pk)))
                .values_list("unit_id", flat=True)
                .first()
            )
            if unit_id is not None and not scope.covers(request.user, unit_id):
                raise Http404("没有这条政府信息")
        return view(request, *args, **kwargs)

    return guarded


class DocumentViewSet(snippet_views.SnippetViewSet):
    model = Document
    icon = "doc-full"
    menu_label = "政府信息"
    menu_order = 100
    add_to_admin_menu = True
    list_display = ["title", "unit", "doc_no", "written_on", "published_on", "validity"]
    list_filter = ["unit", "validity", "form", "disclosure", "topic"]
    search_fields = ["title", "doc_no", "index_no"]
    index_view_class = ScopedIndexView
    add_view_class = DocumentCreateView
    edit_view_class = DocumentEditView
    chooser_viewset_class = ScopedChooserViewSet
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            MultiFieldPanel(
                [
                    # A plain select of the user's own units, not Wagtail's chooser, which
                    # would list every unit of the county.
                    FieldRowPanel([FieldPanel("unit", widget=forms.Select), FieldPanel("doc_no")]),
                    FieldRowPanel([FieldPanel("written_on"), FieldPanel("formed_on")]),
                    FieldPanel("published_on"),
                    FieldPanel("columns", widget=ColumnChoices),
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
                    FieldPanel("interprets", widget=forms.SelectMultiple),
                ],
                heading="有效性与关联",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("secrecy_reviewer"), FieldPanel("secrecy_reviewed_on")]
                    ),
                    FieldPanel("secrecy_result"),
                    FieldPanel("secrecy_confirmed"),
                    FieldPanel("privacy_justification"),
                ],
                heading="保密审查（提交审核时必填）",
            ),
            PublishingPanel(),
        ],
        base_form_class=ReviewedDocumentForm,
    )

    def construct_view(self, view_class, **kwargs):
        return guard_object(super().construct_view(view_class, **kwargs))
