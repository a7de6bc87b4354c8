"""The form a county officer fills from the State Council notice (validated in Chinese)."""

from __future__ import annotations

from django import forms

from gongkai.catalog.docno import DocNoError, parse_doc_no
from gongkai.workcalendar import services
from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.parse import (
    NOTICE,
    CalendarInputError,
    parse_year,
    split_notices,
)

NOTICE_EXAMPLE = "国办发明电〔2026〕7号"


class CalendarYearForm(forms.ModelForm):
    """Create or correct one year. ``year`` is fixed when editing an existing row.

    After ``is_valid()``, ``arrangement`` holds the parsed year and ``calendar`` the official
    calendar as it would be once saved (for the preview grid).
    """

    class Meta:
        model = CalendarYear
        fields = ["year", "notice", "holidays", "makeup_days", "note"]
        widgets = {
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2099, "inputmode": "numeric"}),
            "notice": forms.TextInput(attrs={"placeholder": NOTICE_EXAMPLE}),
            "holidays": forms.Textarea(
                attrs={"rows": 9, "spellcheck": "false", "class": "gk-code"}
            ),
            "makeup_days": forms.Textarea(
                attrs={"rows": 6, "spellcheck": "false", "class": "gk-code"}
            ),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "year": {"required": "请填写年份。", "invalid": "年份请填写四位数字，如 2027。"},
            "notice": {"required": "请填写国务院办公厅通知的文号，如“国办发明电〔2026〕7号”。"},
            "holidays": {"required": "请填写放假安排，每行一个节日。"},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.arrangement = None
        self.calendar = None
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.fields["year"].help_text = "年份不能修改；录错年份的，请删除后重新录入。"

    def clean_notice(self) -> str:
        numbers = []
        for part in split_notices(self.cleaned_data["notice"]):
            try:
                numbers.append(parse_doc_no(part).normalized)
            except DocNoError as error:
                raise forms.ValidationError(
                    f"文号“{part}”有误：{error.message_zh}。", code="notice"
                ) from None
        if not numbers:
            raise forms.ValidationError(f"请填写通知文号，如“{NOTICE_EXAMPLE}”。")
        return "、".join(numbers)

    def clean(self) -> dict:
        data = super().clean()
        year = data.get("year")
        if year is None or "holidays" not in data:
            return data
        notices = split_notices(data.get("notice", ""))
        for number in notices:
            issued = parse_doc_no(number).year
            if issued not in (year - 1, year):
                self.add_error(
                    NOTICE,
                    f"文号“{number}”是{issued}年的通知；{year}年的放假安排由{year - 1}年底"
                    f"（或{year}年内调整）的通知公布，请核对年份。",
                )
        try:
            arrangement = parse_year(year, data["holidays"], data.get("makeup_days", ""), notices)
            calendar = services.calendar_with(arrangement)
        except CalendarInputError as error:
            for problem in error.problems:
                field = problem.field if problem.field in self.fields else None
                if field == "year" and self.fields["year"].disabled:
                    field = None
                self.add_error(field, problem.message)
            return data
        self.arrangement, self.calendar = arrangement, calendar
        return data
