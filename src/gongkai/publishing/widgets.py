"""The column picker, with the classifier's suggestion next to it (归类不准确 is a named problem)."""

from __future__ import annotations

from django import forms
from django.urls import reverse


class ColumnChoices(forms.CheckboxSelectMultiple):
    template_name = "publishing/widgets/column_choices.html"

    class Media:
        js = ["publishing/suggest.js"]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-column-key"] = instance.key
            option["attrs"]["data-unit"] = instance.unit_id
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["suggest_url"] = reverse("publishing:suggest_columns")
        return context
