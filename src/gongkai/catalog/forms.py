"""Back-office forms of the catalog: attachments are checked for type and size on upload."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from wagtail.documents.forms import BaseDocumentForm


class AttachmentForm(BaseDocumentForm):
    """Wagtail's document form, with a size limit (the extension whitelist is WAGTAILDOCS_EXTENSIONS)."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
        if file is not None and getattr(file, "size", 0) > limit:
            raise forms.ValidationError(
                f"附件过大：{filesizeformat(file.size)}，单个附件不能超过 {filesizeformat(limit)}。"
            )
        return file
