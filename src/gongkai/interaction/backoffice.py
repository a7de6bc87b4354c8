"""The back-office screens shared by 与民互动's reviewed objects (surveys, consultations,
feedback summaries, replies to messages): Wagtail snippet views limited to the user's units.

Every screen is limited to the user's units (publishing/scope.py): an object of another unit
is a 404 before any snippet view runs, so its existence is not confirmed. Only the author of a
submission takes it back; a reviewer returns it with a comment (publishing.InteractionReviewTask).
"""

from __future__ import annotations

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.views import snippets as snippet_views

from gongkai.orgs.models import Unit
from gongkai.publishing import scope

# Wagtail's zh-hans catalogue lacks several of these strings; officers read Chinese.
_DONE = {
    "submit": "已提交审核",
    "publish": "已发布",
    "cancel-workflow": "已撤回审核",
    "restart-workflow": "已重新提交审核",
}
_DECIDED = {"approve": "已审核通过", "reject": "已退回修改"}


def success_message(view, instance=None) -> str:
    obj = instance or view.object
    done = _DONE.get(view.action)
    if view.action == "workflow-action":
        done = _DECIDED.get(view.workflow_action, "已处理")
    return f"《{obj}》{done or '已保存为草稿'}。"


class UnitScopedForm(WagtailAdminModelForm):
    """The unit field offers only the user's own units (and picks the only one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "unit" in self.fields:
            units = scope.filter_units(self.for_user, Unit.objects.all(), field="pk")
            self.fields["unit"].queryset = units
            if not self.instance.unit_id and units.count() == 1:
                self.initial["unit"] = units.get().pk


def scoped_views(unit_field: str = "unit"):
    """Index, Create and Edit view classes for a model whose unit is at ``unit_field``."""

    class Index(snippet_views.IndexView):
        def get_base_queryset(self):
            return scope.filter_units(self.request.user, super().get_base_queryset(), unit_field)

    class Create(snippet_views.CreateView):
        get_success_message = success_message

    class Edit(snippet_views.EditView):
        get_success_message = success_message

        def cancel_workflow_action(self):
            state = self.workflow_state
            if not (
                self.request.user.is_superuser or state.requested_by_id == self.request.user.pk
            ):
                raise PermissionDenied("只有提交人可以撤回审核；审核人请使用“退回修改”并填写意见。")
            return super().cancel_workflow_action()

    return Index, Create, Edit


def guard_object(view, model, unit_field: str, missing: str):
    """``view``, answering 404 (``missing``) for an object outside the user's units."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            unit_id = (
                model.objects.filter(pk=unquote(str(pk))).values_list(unit_field, flat=True).first()
            )
            if unit_id is not None and not scope.covers(request.user, unit_id):
                raise Http404(missing)
        return view(request, *args, **kwargs)

    return guarded
