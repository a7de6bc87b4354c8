"""The document form of the back office, with the author's 保密审查 declaration."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from gongkai.catalog.forms import DocumentAdminForm

SECRECY_RESULTS = [
    ("", "请选择"),
    ("经审查，不涉及国家秘密、工作秘密，可以公开", "经审查，不涉及国家秘密、工作秘密，可以公开"),
    (
        "经审查，已删除涉密及敏感内容后可以公开",
        "经审查，已删除涉密及敏感内容后可以公开",
    ),
]


class ReviewedDocumentForm(DocumentAdminForm):
    """Submitting for review requires the 保密审查 declaration; saving a draft does not."""

    secrecy_reviewer = forms.CharField(
        label="保密审查人", max_length=50, required=False, help_text="填写进行保密审查的人员姓名。"
    )
    secrecy_reviewed_on = forms.DateField(label="保密审查日期", required=False)
    secrecy_result = forms.ChoiceField(
        label="保密审查结论", choices=SECRECY_RESULTS, required=False
    )
    secrecy_confirmed = forms.BooleanField(
        label="本人确认：拟公开内容已经保密审查，不含国家秘密、工作秘密，个人信息已按规定处理。",
        required=False,
    )
    privacy_justification = forms.CharField(
        label="保留个人信息的理由",
        required=False,
        max_length=500,
        widget=forms.Textarea({"rows": 2}),
        help_text="系统提示含有身份证号、手机号等个人信息而确需公开时，写明依据（如经本人书面同意、"
        "法律法规要求公示）。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secrecy_reviewed_on"].initial = timezone.localdate()
        if self.for_user is not None and not self.initial.get("secrecy_reviewer"):
            self.initial["secrecy_reviewer"] = (
                self.for_user.get_full_name() or self.for_user.get_username()
            )

    @property
    def submitting(self) -> bool:
        return self.is_bound and "action-submit" in self.data

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            if not (cleaned.get("secrecy_reviewer") or "").strip():
                self.add_error("secrecy_reviewer", "提交审核前请填写保密审查人。")
            if not cleaned.get("secrecy_reviewed_on"):
                self.add_error("secrecy_reviewed_on", "提交审核前请填写保密审查日期。")
            if not cleaned.get("secrecy_result"):
                self.add_error("secrecy_result", "提交审核前请选择保密审查结论。")
            if not cleaned.get("secrecy_confirmed"):
                self.add_error("secrecy_confirmed", "提交审核前请确认已进行保密审查。")
        return cleaned

    def declaration(self):
        from gongkai.publishing.services import Declaration

        data = self.cleaned_data
        return Declaration(
            reviewer=(data.get("secrecy_reviewer") or "").strip(),
            reviewed_on=data.get("secrecy_reviewed_on"),
            result=data.get("secrecy_result") or "",
            privacy_justification=(data.get("privacy_justification") or "").strip(),
        )
