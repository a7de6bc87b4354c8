"""The back office of 留言: the unit's queue (overdue first), one message with its timeline,
and the steps: transfer (转办), reply (a reviewed MessageReply), 不予公开, 转信访, and conversion
into a disclosure request (the request office's register form, prefilled).

Every screen is limited to the user's units (publishing/scope.py): a message of another unit
is a 404, so its existence is not confirmed. Reading needs ``view_message``; every step needs
``change_message``; all steps are POSTs with CSRF.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList, PublishingPanel
from wagtail.snippets.views import snippets as snippet_views

from gongkai.interaction.backoffice import guard_object, scoped_views
from gongkai.interaction.messages import services
from gongkai.interaction.messages.models import (
    REPLY_MAX,
    Message,
    MessageKind,
    MessageReply,
    MessageState,
)
from gongkai.orgs.models import Unit
from gongkai.publishing import audit, scope
from gongkai.publishing.models import AuditAction

STATES = {
    "open": "办理中",
    "overdue": "已逾期",
    "long": "超过3个月未答复",
    "closed": "已办结",
    "withheld": "不予公开",
    "all": "全部",
}
MISSING = "没有这条留言"


def _require(request: HttpRequest, action: str) -> None:
    if not (request.user.is_superuser or request.user.has_perm(f"citizen_messages.{action}")):
        raise PermissionDenied


def _message(request: HttpRequest, pk: int) -> Message:
    _require(request, "view_message")
    return get_object_or_404(
        services.scoped(request.user).select_related("unit", "addressed_to"), pk=pk
    )


def rows_with_status(queryset, today):
    cal = services.calendar()
    return [(m, services.status(m, on=today, cal=cal)) for m in queryset]


def message_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view_message")
    today = timezone.localdate()
    qs = services.scoped(request.user).select_related("unit")
    state = request.GET.get("state", "open")
    if state not in STATES:
        state = "open"
    qs = {
        "open": qs.open(),
        "overdue": services.overdue(qs, today),
        "long": services.long_unanswered(qs, today),
        "closed": qs.closed(),
        "withheld": qs.exclude(withheld_reason=""),
        "all": qs,
    }[state]
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        qs = qs.filter(unit_id=int(unit))
    kind = request.GET.get("kind", "")
    if kind in MessageKind.values:
        qs = qs.filter(kind=kind)
    order = ["due_on", "pk"] if state in ("open", "overdue", "long") else ["-submitted_at", "-pk"]
    page = Paginator(qs.order_by(*order), 50).get_page(request.GET.get("page"))
    units = scope.filter_units(request.user, Unit.objects.active(), field="pk")
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return render(
        request,
        "messages/admin/list.html",
        {
            "page_title": "留言办理",
            "header_title": "留言办理",
            "page": page,
            "rows": rows_with_status(page.object_list, today),
            "states": STATES,
            "kinds": MessageKind.choices,
            "units": units.order_by("position", "code"),
            "chosen": {"state": state, "unit": unit, "kind": kind},
            "query": query,
        },
    )


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label="转至机构",
        queryset=Unit.objects.none(),
        error_messages={"required": "请选择转至哪个机构。"},
    )
    reason = forms.CharField(
        label="转办理由", max_length=500, widget=forms.Textarea({"rows": 2}),
        error_messages={"required": "请填写转办理由。"},
    )  # fmt: skip

    def __init__(self, *args, message: Message, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = Unit.objects.active().exclude(pk=message.unit_id)


class NoteForm(forms.Form):
    note = forms.CharField(
        label="说明", max_length=2000, widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "请填写说明。"},
    )  # fmt: skip


def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    return _detail_page(request, message)


def _detail_page(request, message: Message, *, forms_=None, status: int = 200) -> HttpResponse:
    forms_ = forms_ or {}
    reply = MessageReply.objects.filter(message=message).first()
    can_change = request.user.is_superuser or request.user.has_perm(
        "citizen_messages.change_message"
    )
    context = {
        "page_title": f"留言：{message.subject}",
        "header_title": f"留言：{message.subject}",
        "m": message,
        "code": services.tracking.display(message.code),
        "status": services.status(message),
        "events": message.events.select_related("from_unit", "to_unit"),
        "reply": reply,
        "reply_in_review": bool(reply and reply.workflow_in_progress),
        "can_change": can_change,
        "transfer_form": forms_.get("transfer") or TransferForm(message=message),
        "withhold_form": forms_.get("withhold") or NoteForm(),
        "refer_form": forms_.get("refer") or NoteForm(initial={"note": REFER_NOTE}),
        "convert_url": reverse("foi_admin:register") + f"?from_message={message.pk}",
        "can_convert": request.user.has_perm("foi_requests.add_requestcase")
        and message.state == MessageState.OPEN,
        "publicly_listed": Message.objects.public().filter(pk=message.pk).exists(),
    }
    return render(request, "messages/admin/detail.html", context, status=status)


REFER_NOTE = (
    "您反映的问题属于信访事项。根据《信访工作条例》，已转至县信访局按信访程序办理，"
    "您也可以直接到县信访局（县政府办公楼一楼）或通过“人民网上信访”反映。"
)


def _step(request, pk: int, form_class, name: str, act, done: str, form_kwargs=None):
    """Check, take and record one step; on a refusal, the page again with the reason."""
    _require(request, "change_message")
    message = _message(request, pk)
    form = form_class(request.POST, **(form_kwargs(message) if form_kwargs else {}))
    if not form.is_valid():
        return _detail_page(request, message, forms_={name: form}, status=400)
    try:
        act(message, form.cleaned_data)
    except services.Refused as refusal:
        form.add_error(None, str(refusal))
        return _detail_page(request, message, forms_={name: form}, status=409)
    audit.record(AuditAction.EDIT, obj=message, request=request, detail={"what": done})
    flash.success(request, f"留言“{message.subject}”{done}。")
    return redirect("messages_admin:detail", message.pk)


@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    def act(message, data):
        services.transfer(message, data["to_unit"], user=request.user, reason=data["reason"])

    response = _step(
        request, pk, TransferForm, "transfer", act, "已转办",
        form_kwargs=lambda m: {"message": m},
    )  # fmt: skip
    # After a transfer out of the user's units, the message is no longer theirs to open.
    if response.status_code == 302 and not services.scoped(request.user).filter(pk=pk).exists():
        return redirect("messages_admin:list")
    return response


@require_POST
def withhold(request: HttpRequest, pk: int) -> HttpResponse:
    def act(message, data):
        services.withhold(message, user=request.user, reason=data["note"])

    return _step(request, pk, NoteForm, "withhold", act, "已设为不予公开")


@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    def act(message, data):
        services.refer(message, user=request.user, note=data["note"])

    return _step(request, pk, NoteForm, "refer", act, "已转信访渠道办理")


@require_http_methods(["POST"])
def start_reply(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "change_message")
    message = _message(request, pk)
    try:
        reply = services.start_reply(message, user=request.user)
    except services.Refused as refusal:
        flash.error(request, str(refusal))
        return redirect("messages_admin:detail", message.pk)
    return redirect(reverse("wagtailsnippets_citizen_messages_messagereply:edit", args=[reply.pk]))


# -- the reply: a reviewed snippet ------------------------------------------------------------

ReplyIndex, _ReplyCreate, ReplyEdit = scoped_views("message__unit")


class ReplyCreate(_ReplyCreate):
    """A reply belongs to a message: it is started from the message's page, never here."""

    def dispatch(self, request, *args, **kwargs):
        flash.info(request, "请在留言页面点击“撰写答复”。")
        return redirect("messages_admin:list")


class ReplyViewSet(snippet_views.SnippetViewSet):
    model = MessageReply
    icon = "comment"
    menu_label = "留言答复"
    add_to_admin_menu = False
    list_display = ["__str__", "replied_on"]
    index_view_class = ReplyIndex
    add_view_class = ReplyCreate
    edit_view_class = ReplyEdit
    edit_handler = ObjectList(
        [
            HelpPanel(
                content="<p>答复经责任编辑审核、负责人签发后告知留言人；留言人同意公开的，"
                "同时在网站公开（姓名只显示姓氏，电话、证件号码、住址自动遮盖）。"
                f"答复不超过{REPLY_MAX}字。</p>"
            ),
            FieldPanel("text"),
            PublishingPanel(),
        ]
    )

    def construct_view(self, view_class, **kwargs):
        return guard_object(
            super().construct_view(view_class, **kwargs), MessageReply, "message__unit_id", MISSING
        )
