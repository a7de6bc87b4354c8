"""The back-office screens of 意见征集: consultations and feedback summaries as scoped snippets
with review, comment moderation, and the list of ended consultations still owing feedback.

Every screen is limited to the user's units (publishing/scope.py): an object of another unit
is a 404, so its existence is not confirmed.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
)
from wagtail.snippets.views import snippets as snippet_views

from gongkai.catalog.models import Document
from gongkai.interaction.backoffice import UnitScopedForm, guard_object, scoped_views
from gongkai.interaction.consultations import services
from gongkai.interaction.consultations.models import (
    CommentStatus,
    Consultation,
    FeedbackSummary,
)
from gongkai.publishing import scope


class ConsultationAdminForm(UnitScopedForm):
    """Only the user's own units, and only published documents of the unit as final document."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "final_document" in self.fields:
            docs = scope.filter_units(self.for_user, Document.objects.published())
            if self.instance.unit_id:
                docs = docs.filter(unit_id=self.instance.unit_id)
            self.fields["final_document"].queryset = docs.order_by("-published_on")


class FeedbackAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "consultation" in self.fields:
            self.fields["consultation"].queryset = scope.filter_units(
                self.for_user, Consultation.objects.public()
            )


_c_index, _c_create, _c_edit = scoped_views("unit")


class ConsultationViewSet(snippet_views.SnippetViewSet):
    model = Consultation
    icon = "comment"
    menu_label = "意见征集"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "unit", "starts_on", "ends_on"]
    list_filter = ["unit"]
    search_fields = ["title"]
    index_view_class = _c_index
    add_view_class = _c_create
    edit_view_class = _c_edit
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("unit", widget=forms.Select),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("draft"),
            FieldPanel("explanation"),
            InlinePanel("attachments", heading="附件", label="附件"),
            MultiFieldPanel(
                [
                    FieldPanel("postal_address"),
                    FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                ],
                heading="线下提交意见的方式",
            ),
            FieldPanel("final_document", widget=forms.Select),
            PublishingPanel(),
        ],
        base_form_class=ConsultationAdminForm,
    )

    def construct_view(self, view_class, **kwargs):
        return guard_object(
            super().construct_view(view_class, **kwargs),
            Consultation,
            "unit_id",
            "没有这条意见征集",
        )


_f_index, _f_create, _f_edit = scoped_views("consultation__unit")


class FeedbackViewSet(snippet_views.SnippetViewSet):
    model = FeedbackSummary
    icon = "tasks"
    menu_label = "意见采纳情况反馈"
    add_to_admin_menu = False
    list_display = ["__str__", "received_count"]
    index_view_class = _f_index
    add_view_class = _f_create
    edit_view_class = _f_edit
    edit_handler = ObjectList(
        [
            FieldPanel("consultation", widget=forms.Select),
            FieldPanel("received_count"),
            FieldPanel("summary"),
            InlinePanel("items", heading="意见及采纳情况", label="意见"),
            PublishingPanel(),
        ],
        base_form_class=FeedbackAdminForm,
    )

    def construct_view(self, view_class, **kwargs):
        return guard_object(
            super().construct_view(view_class, **kwargs),
            FeedbackSummary,
            "consultation__unit_id",
            "没有这条意见征集",
        )


# -- moderation and oversight ------------------------------------------------------------------


def _require_staff(request: HttpRequest) -> None:
    if not (
        request.user.is_superuser
        or request.user.has_perm("consultations.change_consultation")
        or request.user.has_perm("consultations.view_consultation")
    ):
        raise PermissionDenied


@require_http_methods(["GET", "HEAD"])
def overview(request: HttpRequest) -> HttpResponse:
    """Comments waiting for moderation, and ended consultations without published feedback."""
    _require_staff(request)
    on = services.today()
    pending = services.moderatable(request.user).filter(status=CommentStatus.PENDING)
    return render(
        request,
        "consultations/admin/overview.html",
        {
            "page_title": "意见征集：待审核意见与待反馈",
            "header_title": "意见征集：待审核意见与待反馈",
            "pending": pending.order_by("submitted_at")[:200],
            "overdue": services.ended_without_feedback(request.user, on),
            "consultations": scope.filter_units(request.user, Consultation.objects.all())
            .select_related("unit")
            .annotate(received=Count("comments"))
            .order_by("-starts_on", "-pk")[:100],
            "can_moderate": request.user.has_perm("consultations.change_comment"),
        },
    )


@require_http_methods(["GET", "HEAD"])
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    consultation = get_object_or_404(scope.filter_units(request.user, Consultation.objects), pk=pk)
    return render(
        request,
        "consultations/admin/comments.html",
        {
            "page_title": f"《{consultation.title}》收到的意见",
            "header_title": f"《{consultation.title}》收到的意见",
            "consultation": consultation,
            "comments": consultation.comments.all(),
            "can_moderate": request.user.has_perm("consultations.change_comment"),
        },
    )


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("consultations.change_comment"):
        raise PermissionDenied
    comment = get_object_or_404(services.moderatable(request.user), pk=pk)
    approve = request.POST.get("decision") == "approve"
    services.moderate(comment, request.user, approve=approve)
    if not approve:
        text = "意见已设为不予展示。"
    elif comment.public:
        text = "意见已审核通过，将遮盖个人信息后公开展示。"
    else:
        text = "意见已审核通过；提出人选择不公开，不会展示。"
    messages.success(request, text)
    # Back to the page the officer came from, only if it is on this site: an unchecked "next"
    # was an open redirect (https://evil.example/, //evil.example/).
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "consultations_admin:overview"
    return redirect(back)


@require_POST
def start_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("consultations.add_feedbacksummary"):
        raise PermissionDenied
    consultation = get_object_or_404(
        scope.filter_units(request.user, Consultation.objects.public()), pk=pk
    )
    feedback = services.start_feedback(consultation)
    return redirect(FeedbackSummary.snippet_viewset.get_url_name("edit"), feedback.pk)
