"""The public comment form of 意见征集: who (optional unless the setting asks), how to reach
them (a phone number or an e-mail address), the comment (at most 2000 characters), and whether
it may be shown publicly after moderation."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gongkai.interaction.consultations.services import COMMENT_MAX_CHARS, CommentInput
from gongkai.requests.public_forms import CompactField, TextField, fold_width, normalize_phone


def name_required() -> bool:
    """GONGKAI_CONSULT_NAME_REQUIRED (default False): whether a comment needs a name."""
    return bool(getattr(settings, "GONGKAI_CONSULT_NAME_REQUIRED", False))


class CommentForm(forms.Form):
    name = TextField(label="姓名", max_chars=50, required=False)
    contact = CompactField(
        label="联系方式",
        max_chars=100,
        help_text="手机号、带区号的固定电话或电子邮箱，仅供工作人员联系您，不会公开。",
        error_messages={"required": "请填写联系方式（电话或电子邮箱）。"},
    )
    text = TextField(
        label="意见内容",
        max_chars=COMMENT_MAX_CHARS,
        multiline=True,
        error_messages={"required": "请填写意见内容。"},
    )
    public = forms.TypedChoiceField(
        label="是否公开",
        choices=[("1", "同意公开（经审核后展示，姓名和个人信息会遮盖）"), ("0", "不公开")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
        error_messages={"required": "请选择是否公开。", "invalid_choice": "请选择是否公开。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if name_required():
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = "请填写姓名。"

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"]
        if "@" in value:
            email = fold_width(value).lower()
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError("电子邮箱格式不正确，请检查。") from None
            return email
        try:
            return normalize_phone(value)
        except ValidationError as error:
            raise ValidationError(f"{'；'.join(error.messages)}（也可以填写电子邮箱）") from None

    @property
    def error_links(self) -> list[tuple[str, str]]:
        """The error summary: (anchor, message) in the order of the form."""
        links = [("#comment-form", str(e)) for e in self.non_field_errors()]
        for name in self.fields:
            if name in self.errors:
                anchor = "#id_public_0" if name == "public" else f"#id_{name}"
                links.append((anchor, str(self.errors[name][0])))
        return links

    def comment_input(self) -> CommentInput:
        data = self.cleaned_data
        return CommentInput(
            name=data.get("name") or "",
            contact=data["contact"],
            text=data["text"],
            public=bool(data["public"]),
        )
