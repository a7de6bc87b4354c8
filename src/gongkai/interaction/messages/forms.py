"""The public forms of 留言: the message, the e-mail code, the look-up by 查询码.

Every field has a limit, and going over it is an error with the count, never a silent cut
(requests.public_forms' fields: no ``maxlength``, control characters dropped, full-width
digits folded). A phone number or an e-mail address is required so the unit can answer.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from gongkai.interaction.messages.models import (
    NAME_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    MessageKind,
)
from gongkai.orgs.models import Unit, UnitKind
from gongkai.requests.public_forms import (
    AccessibleForm,
    CompactField,
    FoldedEmailField,
    TextField,
    normalize_phone,
    radios,
)

# Every unit of the platform answers messages, communities and public enterprises included.
ANSWERING_KINDS = (
    UnitKind.COUNTY,
    UnitKind.DEPARTMENT,
    UnitKind.TOWNSHIP,
    UnitKind.COMMUNITY,
    UnitKind.ENTERPRISE,
)
PUBLIC_CHOICES = [("1", "同意公开（姓名和联系方式不公开）"), ("0", "不公开")]


def unit_choices() -> list:
    units = Unit.objects.active().filter(kind__in=ANSWERING_KINDS).order_by("position", "code")
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for unit in units:
        by_kind.setdefault(unit.kind, []).append((unit.code, unit.name))
    groups = [(UnitKind(k).label, by_kind[k]) for k in ANSWERING_KINDS if k in by_kind]
    return [("", "请选择留言对象"), *groups]


class MessageForm(AccessibleForm):
    RADIO_FIELDS = ("kind", "public")

    unit = forms.ChoiceField(
        label="留言对象",
        error_messages={
            "required": "请选择向哪个机构留言。",
            "invalid_choice": "请从列表中选择留言对象。",
        },
    )
    kind = radios(MessageKind.choices, "请选择留言类型：咨询、建议或投诉。")
    subject = TextField(
        label="标题",
        min_chars=4,
        max_chars=SUBJECT_MAX,
        error_messages={"required": "请填写标题，用一句话概括留言内容。"},
        help_text=f"一句话概括，4至{SUBJECT_MAX}字。",
    )
    text = TextField(
        label="留言内容",
        min_chars=10,
        max_chars=TEXT_MAX,
        multiline=True,
        error_messages={
            "required": "请填写留言内容。",
            "min_chars": "请至少写{limit}个字，把事情说清楚；您写了{count}个字。",
            "max_chars": "留言内容最多{limit}个字，您写了{count}个字。请精简后再提交。",
        },
        help_text=f"写清楚时间、地点、事情经过和您的诉求，10至{TEXT_MAX}字。",
    )
    name = TextField(
        label="姓名",
        min_chars=2,
        max_chars=NAME_MAX,
        error_messages={"required": "请填写您的姓名。"},
        help_text="公开时只显示姓氏，如“王**”。",
    )
    phone = CompactField(
        label="手机号码",
        required=False,
        max_chars=20,
        help_text="手机号码或电子邮箱至少填一项，用于答复和查询；不会公开。",
    )
    email = FoldedEmailField(
        label="电子邮箱",
        required=False,
        error_messages={"invalid": "电子邮箱格式不正确，应类似 name@example.com。"},
    )
    public = radios(PUBLIC_CHOICES, "请选择答复后是否同意公开您的留言。")

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices()
        if unit is not None and not self.is_bound:
            self.initial["unit"] = unit.code
        self.fields["kind"].label = "留言类型"
        self.fields["public"].label = "答复后是否公开"
        for name, auto in (("name", "name"), ("phone", "tel"), ("email", "email")):
            self.fields[name].widget.attrs["autocomplete"] = auto
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        self.fields["email"].widget.input_type = "email"
        self._describe()

    def clean_unit(self) -> Unit:
        code = self.cleaned_data["unit"]
        try:
            return Unit.objects.active().filter(kind__in=ANSWERING_KINDS).get(code=code)
        except Unit.DoesNotExist:
            raise ValidationError("请从列表中选择留言对象。") from None

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return normalize_phone(phone) if phone else ""

    def clean(self):
        data = super().clean()
        if not self.errors.get("phone") and not self.errors.get("email"):
            if not data.get("phone") and not data.get("email"):
                self.add_error("phone", "请至少留下一种联系方式：手机号码或电子邮箱。")
        return data

    def message_fields(self) -> dict:
        d = self.cleaned_data
        return {
            "unit": d["unit"],
            "kind": d["kind"],
            "subject": d["subject"],
            "text": d["text"],
            "name": d["name"],
            "phone": d["phone"],
            "email": d["email"] or "",
            "public": d["public"] == "1",
        }


class CodeForm(AccessibleForm):
    code = CompactField(
        label="验证码",
        max_chars=10,
        error_messages={"required": "请填写邮件中的6位验证码。"},
        help_text="请查看电子邮箱（含垃圾邮件箱）中的6位数字。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code"}
        )


class LookupForm(AccessibleForm):
    code = CompactField(
        label="查询码",
        max_chars=20,
        error_messages={"required": "请填写提交留言后得到的查询码。"},
        help_text="9位，如 7KQ4-M2XR-P。",
    )
    verifier = TextField(
        label="手机号码后4位或电子邮箱",
        max_chars=254,
        error_messages={"required": "请填写留言时所填手机号码的后4位，或所填电子邮箱。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocapitalize": "characters", "spellcheck": "false"}
        )
