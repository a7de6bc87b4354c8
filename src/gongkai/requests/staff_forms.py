"""Back-office forms of the request office: registering a paper request, recording a step,
making a letter, editing a letter template. Every message is in Chinese."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.orgs.models import Unit
from gongkai.publishing import scope
from gongkai.requests import fees
from gongkai.requests.deadlines import MAX_EXTENSION_WORKING_DAYS
from gongkai.requests.letter_texts import PLACEHOLDERS
from gongkai.requests.models import RequestCase
from gongkai.requests.taxonomy import (
    OUTCOME_GROUPS,
    AppealResult,
    Channel,
    EventKind,
    IdKind,
    Outcome,
)
from gongkai.requests.validators import clean_id_number, clean_phone

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterCaseForm(forms.ModelForm):
    """A request received in person, by post or fax (or an e-mail typed in by staff)."""

    class Meta:
        model = RequestCase
        fields = [
            "unit",
            "channel",
            "received_on",
            "applicant_type",
            "applicant_name",
            "id_kind",
            "id_number",
            "phone",
            "email",
            "address",
            "description",
            "purpose",
            "preferred_form",
            "delivery",
        ]
        widgets = {
            "received_on": DATE,
            "description": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.filter_units(
            user, Unit.objects.active(), field="pk"
        ).order_by("position", "code")
        self.fields["unit"].empty_label = "请选择受理机关"
        self.fields["channel"].choices = (
            [("", "请选择")]
            + [c for c in Channel.choices if c[0] != Channel.ONLINE]
            + [(Channel.ONLINE, "网上申请（电子邮件等，由工作人员录入）")]
        )
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写“{field.label}”。"
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["received_on"].help_text = (
            "条例第三十一条：当面提交的，以提交之日为收到申请之日；以邮寄方式提交的，"
            "以签收之日为收到申请之日；以平常信函等无需签收的邮寄方式提交的，应当于收到申请"
            "的当日与申请人确认，确认之日为收到申请之日；通过互联网渠道或者传真提交的，"
            "以双方确认之日为收到申请之日。"
        )

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise ValidationError("收到申请的日期不能晚于今天。")
        return received

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        data = super().clean()
        if data.get("id_kind") and data.get("id_number"):
            try:
                data["id_number"] = clean_id_number(
                    data["id_kind"], data["id_number"], data.get("applicant_type", "")
                )
            except ValidationError as error:
                self.add_error("id_number", error)
        return data


def outcome_choices():
    """The outcomes grouped as in section 三 of the annual report."""
    choices: list = [("", "请选择办理结果")]
    for number, label, outcomes in OUTCOME_GROUPS:
        if len(outcomes) == 1:
            choices.append((outcomes[0].value, f"{number}{outcomes[0].label}"))
        else:
            choices.append(
                (
                    f"{number}{label}",
                    [(o.value, f"{i}. {o.label}") for i, o in enumerate(outcomes, 1)],
                )
            )
    return choices


class EventForm(forms.Form):
    """One step on the timeline; the fields below `note` apply to some steps only."""

    kind = forms.ChoiceField(label="办理事项")
    on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # 告知补正 (Art. 30)
    correction_what = forms.CharField(
        label="需要补正的事项", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    correction_by = forms.DateField(label="补正期限", required=False, widget=DATE)
    # 征求第三方 / 其他机关意见 (Art. 32, 33)
    party = forms.CharField(label="征求意见对象", required=False, max_length=100)
    # 批准延期 (Art. 33)
    approver = forms.CharField(label="批准人", required=False, max_length=50)
    extension_days = forms.IntegerField(
        label="延长工作日数",
        required=False,
        min_value=1,
        max_value=MAX_EXTENSION_WORKING_DAYS,
        initial=MAX_EXTENSION_WORKING_DAYS,
    )
    # 收费 (国办函〔2020〕109号)
    fee_method = forms.ChoiceField(
        label="计费方式",
        required=False,
        choices=[("", "请选择"), ("pages", "按量计收（页数）"), ("items", "按件计收（本月件数）")],
    )
    fee_quantity = forms.IntegerField(label="页数或本月累计件数", required=False, min_value=1)
    fee_amount = forms.IntegerField(label="收费金额（元）", required=False, min_value=0)
    pay_by = forms.DateField(label="缴费期限", required=False, widget=DATE)
    # 作出答复 (Art. 36)
    outcome = forms.ChoiceField(label="办理结果", required=False)
    reason = forms.CharField(
        label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    legal_basis = forms.CharField(label="法律依据", required=False, max_length=300)
    # 行政复议 / 行政诉讼
    appeal_organ = forms.CharField(label="复议机关或法院", required=False, max_length=100)
    appeal_number = forms.CharField(label="案号", required=False, max_length=60)
    appeal_result = forms.ChoiceField(
        label="结果", required=False, choices=[("", "请选择")] + AppealResult.choices
    )

    def __init__(self, *args, kinds, done, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Every step is a valid value, so a step that cannot come now gets its reason;
        # the menu offers only those that can.
        self.fields["kind"].choices = [("", "请选择")] + EventKind.choices
        self.fields["kind"].widget.choices = [("", "请选择")] + [(k.value, k.label) for k in kinds]
        self.done = done
        self.fields["outcome"].choices = outcome_choices()
        self.fields["on"].initial = timezone.localdate()
        self.fields["approver"].initial = user.get_full_name() or user.get_username()
        self.user = user

    def clean_kind(self):
        from gongkai.requests.services import order_refusal

        kind = self.cleaned_data["kind"]
        refusal = order_refusal(kind, self.done)
        if refusal:
            raise ValidationError(refusal)
        return kind

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        needs: dict[str, list[str]] = {
            EventKind.CORRECTION_REQUESTED: ["correction_what", "correction_by"],
            EventKind.CONSULTATION_SENT: ["party"],
            EventKind.OTHER_ORGAN_SENT: ["party"],
            EventKind.EXTENSION_APPROVED: ["approver", "extension_days"],
            EventKind.FEE_NOTICE_SENT: ["fee_method", "fee_quantity", "fee_amount", "pay_by"],
            EventKind.FEE_PAID: ["fee_amount"],
            EventKind.ANSWERED: ["outcome"],
            EventKind.RECONSIDERATION: ["appeal_organ", "appeal_result"],
            EventKind.LITIGATION: ["appeal_organ", "appeal_result"],
        }
        for name in needs.get(kind, []):
            if data.get(name) in (None, ""):
                self.add_error(
                    name, f"登记“{EventKind(kind).label}”时须填写“{self.fields[name].label}”。"
                )
        on = data.get("on")
        for name in ("correction_by", "pay_by"):
            if on and data.get(name) and data[name] < on:
                self.add_error(name, "期限不能早于登记日期。")
        if kind == EventKind.EXTENSION_APPROVED and not self.user.has_perm(
            "foi_requests.approve_extension"
        ):
            self.add_error(
                "kind", "条例第三十三条：延期答复须经政府信息公开工作机构负责人同意，您没有此权限。"
            )
        if (
            kind == EventKind.FEE_NOTICE_SENT
            and data.get("fee_method")
            and data.get("fee_quantity")
        ):
            try:
                proposal = fees.propose_fee(data["fee_method"], data["fee_quantity"])
            except fees.FeeError as error:
                self.add_error("fee_quantity", error.message_zh)
            else:
                data["fee_proposal"] = proposal
                amount = data.get("fee_amount")
                if amount is not None and amount > proposal.amount:
                    self.add_error(
                        "fee_amount",
                        f"收费金额不能高于按标准计算的{proposal.amount}元（{proposal.explanation}）",
                    )
                if proposal.amount == 0:
                    self.add_error("fee_quantity", "按标准计算不收费，无需发出收费通知。")
        if kind == EventKind.ANSWERED and data.get("outcome") not in Outcome.values:
            self.add_error("outcome", "请选择办理结果。")
        return data

    def event_data(self) -> dict:
        """What the step records besides its date and note."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == EventKind.CORRECTION_REQUESTED:
            return {"what": data["correction_what"], "by": data["correction_by"].isoformat()}
        if kind in (EventKind.CONSULTATION_SENT, EventKind.OTHER_ORGAN_SENT):
            return {"party": data["party"]}
        if kind == EventKind.EXTENSION_APPROVED:
            return {"approver": data["approver"], "days": data["extension_days"]}
        if kind == EventKind.FEE_NOTICE_SENT:
            proposal = data["fee_proposal"]
            return {
                "method": data["fee_method"],
                "quantity": data["fee_quantity"],
                "amount": data["fee_amount"],
                "proposed": proposal.amount,
                "explanation": proposal.explanation,
                "pay_by": data["pay_by"].isoformat(),
            }
        if kind == EventKind.FEE_PAID:
            return {"amount": data["fee_amount"]}
        if kind == EventKind.ANSWERED:
            return {"reason": data["reason"], "legal_basis": data["legal_basis"]}
        if kind in (EventKind.RECONSIDERATION, EventKind.LITIGATION):
            return {
                "organ": data["appeal_organ"],
                "number": data["appeal_number"],
                "result": data["appeal_result"],
            }
        return {}


class LetterForm(forms.Form):
    """The letter as it will be sent: prefilled from the template and the case, then edited."""

    title = forms.CharField(label="标题", max_length=100)
    number = forms.CharField(label="文号", max_length=60, required=False)
    recipient = forms.CharField(label="收件人", max_length=100)
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=20000,
        help_text="段落之间空一行。",
    )
    issuer = forms.CharField(label="落款机关", max_length=100)
    issued_on = forms.DateField(label="落款日期", widget=DATE)

    def clean_body(self):
        body = self.cleaned_data["body"]
        if "{" in body or "}" in body:
            raise ValidationError("正文中还有花括号，可能是没有替换的占位符，请改为具体内容。")
        return body


class LetterTemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=20000,
        help_text="段落之间空一行。占位符用花括号，如 {申请人}。",
    )

    def clean_body(self):
        from gongkai.requests import letters

        body = self.cleaned_data["body"]
        try:
            letters.fill(body, {name: "" for name in PLACEHOLDERS})
        except letters.TemplateError as error:
            raise ValidationError(error.message_zh) from error
        return body


__all__ = [
    "EventForm",
    "IdKind",
    "LetterForm",
    "LetterTemplateForm",
    "RegisterCaseForm",
    "outcome_choices",
]
