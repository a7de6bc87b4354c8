"""The back-office screens of 网上调查: surveys as a unit-scoped snippet with review and
preview, the staff results page (with the free-text answers) and the CSV/XLSX exports.

Every screen is limited to the user's units (publishing/scope.py): a survey of another unit
is a 404, so its existence is not confirmed.
"""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    ObjectList,
    PublishingPanel,
)
from wagtail.snippets.views import snippets as snippet_views

from gongkai.interaction.backoffice import UnitScopedForm, guard_object, scoped_views
from gongkai.interaction.surveys import services, views
from gongkai.interaction.surveys.models import Survey
from gongkai.publishing import scope

LOCKED_MESSAGE = "本调查已收到答卷，题目不能再修改、增加或删除（标题、说明和时间仍可修改）。"


class SurveyAdminForm(UnitScopedForm):
    """Only the user's own units; questions frozen once the survey has responses."""

    def is_valid(self):
        # The question formset is cleaned only inside modelcluster's is_valid, after clean().
        valid = super().is_valid()
        formset = self.formsets.get("questions")
        if formset is None or not services.questions_locked(self.instance):
            return valid
        changed = (
            any(
                f.has_changed() or (formset.can_delete and formset._should_delete_form(f))
                for f in formset.forms
                if hasattr(f, "cleaned_data")
            )
            or formset.total_form_count() != self.instance.questions.count()
        )
        if changed:
            self.add_error(None, LOCKED_MESSAGE)
            return False
        return valid


Index, Create, _Edit = scoped_views("unit")


class Edit(_Edit):
    def get(self, request, *args, **kwargs):
        from django.contrib import messages

        if services.questions_locked(self.object):
            messages.warning(request, LOCKED_MESSAGE)
        return super().get(request, *args, **kwargs)


class SurveyViewSet(snippet_views.SnippetViewSet):
    model = Survey
    icon = "list-ul"
    menu_label = "网上调查"
    menu_order = 263
    add_to_admin_menu = True
    list_display = ["title", "unit", "opens_at", "closes_at"]
    list_filter = ["unit"]
    search_fields = ["title"]
    index_view_class = Index
    add_view_class = Create
    edit_view_class = Edit
    edit_handler = ObjectList(
        [
            HelpPanel(
                content="<p>调查须经审核后发布。发布后一旦收到答卷，题目即不能再修改、"
                "增加或删除；请在提交审核前用“预览”核对问卷。</p>"
            ),
            FieldPanel("title"),
            FieldPanel("unit", widget=forms.Select),
            FieldPanel("introduction"),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldPanel("results_shown", widget=forms.RadioSelect),
            InlinePanel("questions", heading="题目", label="题目", min_num=1),
            PublishingPanel(),
        ],
        base_form_class=SurveyAdminForm,
    )

    def construct_view(self, view_class, **kwargs):
        return guard_object(
            super().construct_view(view_class, **kwargs), Survey, "unit_id", "没有这项调查"
        )


# -- results and exports -------------------------------------------------------------------


def _survey(request, pk: int) -> Survey:
    if not (request.user.is_superuser or request.user.has_perm("surveys.view_survey")):
        raise PermissionDenied
    return get_object_or_404(scope.filter_units(request.user, Survey.objects.all()), pk=pk)


@require_safe
def results(request, pk: int):
    survey = _survey(request, pk)
    context = views.results_context(survey, staff=True)
    context.update(
        {
            "page_title": f"调查结果：{survey.title}",
            "header_title": f"调查结果：{survey.title}",
        }
    )
    return render(request, "surveys/admin/results.html", context)


def _download(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store, private"
    return response


@require_safe
def export_csv(request, pk: int):
    survey = _survey(request, pk)
    return _download(
        services.export_csv(survey), f"调查答卷-{survey.pk}.csv", "text/csv; charset=utf-8"
    )


@require_safe
def export_xlsx(request, pk: int):
    survey = _survey(request, pk)
    return _download(
        services.export_xlsx(survey),
        f"调查答卷-{survey.pk}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
