"""Back-office forms of the catalog: attachments are checked for type and size on upload."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents.forms import BaseDocumentForm

from gongkai.catalog import filetypes


def check_upload(upload) -> None:
    """Refuse an uploaded file whose content is not what its extension says (filetypes.py)."""
    upload.seek(0)
    head = upload.read(filetypes.HEAD_BYTES)
    upload.seek(0)
    why = filetypes.problem(upload.name, head)
    if why:
        raise forms.ValidationError(why)


class AttachmentForm(BaseDocumentForm):
    """Wagtail's document form, with a size limit and a content check (the extension whitelist
    is WAGTAILDOCS_EXTENSIONS)."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        limit = settings.GONGKAI_MAX_ATTACHMENT_BYTES
        if file is not None and getattr(file, "size", 0) > limit:
            raise forms.ValidationError(
                f"附件过大：{filesizeformat(file.size)}，单个附件不能超过 {filesizeformat(limit)}。"
            )
        if file is not None and hasattr(file, "content_type"):  # a new upload, not the kept file
            check_upload(file)
        return file


class DocumentAdminForm(WagtailAdminModelForm):
    """The document form offers only what fits: the unit's own columns, policies to interpret.

    Listing every column of every unit (about 800 in the demo county) would invite exactly
    the misfiling the seed report complains of (信息发布内容归类不准确).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.catalog.models import Column, Document, DocumentForm
        from gongkai.orgs.models import Unit
        from gongkai.publishing import scope

        unit_id = self.instance.unit_id or self.initial.get("unit")
        columns = Column.objects.select_related("unit", "parent").order_by(
            "unit__position", "position"
        )
        policies = Document.objects.filter(form__in=[DocumentForm.RULE, DocumentForm.NORMATIVE])
        if self.for_user is not None:
            # A user picks only among the units they work for, and sees only their columns
            # and policies; the same scope is enforced again on every admin view.
            units = scope.filter_units(self.for_user, Unit.objects.all(), field="pk")
            columns = scope.filter_units(self.for_user, columns)
            policies = scope.filter_units(self.for_user, policies)
            if "replaced_by" in self.fields:
                self.fields["replaced_by"].queryset = scope.filter_units(
                    self.for_user, Document.objects.all()
                )
            if "unit" in self.fields:
                self.fields["unit"].queryset = units
                if not unit_id and units.count() == 1:
                    unit_id = units.get().pk
                    self.initial["unit"] = unit_id
        if unit_id:
            columns = columns.filter(unit_id=unit_id)
            policies = policies.filter(unit_id=unit_id)
        if self.instance.pk:
            policies = policies.exclude(pk=self.instance.pk)
        if "columns" in self.fields:
            self.fields["columns"].queryset = columns
            self.fields["columns"].label_from_instance = _column_label
        if "interprets" in self.fields:
            self.fields["interprets"].queryset = policies.order_by("-written_on")


def _column_label(column) -> str:
    prefix = f"{column.parent.name} › " if column.parent_id else ""
    return f"{column.unit.name}：{prefix}{column.name}"
