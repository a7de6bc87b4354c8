"""The year form's messages: per field, per line, in Chinese; and checks across years."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.workcalendar.forms import CalendarYearForm
from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.parse import CalendarInputError

pytestmark = pytest.mark.django_db


def errors(**data) -> dict[str, list[str]]:
    base = {"year": 2027, "notice": "国办发明电〔2026〕9号", "holidays": "春节 2027-02-06"}
    form = CalendarYearForm({**base, **data})
    assert not form.is_valid()
    return form.errors


def test_line_problems_go_to_the_field_they_are_in():
    found = errors(holidays="春节 2027-02-13 至 2027-02-06", makeup_days="2027-02-10")
    assert found["holidays"] == [
        "第1行“春节 2027-02-13 至 2027-02-06”：结束日期2027年2月6日早于开始日期2027年2月13日。"
    ]
    assert found["makeup_days"][0].startswith("第1行2027年2月10日是星期三")


def test_a_year_outside_2000_to_2099_is_refused():
    assert errors(year=2100)["year"] == ["年份应在2000至2099之间。"]


def test_a_notice_number_that_is_not_one_says_why():
    [message] = errors(notice="国办发明电2026-9")["notice"]
    assert message.startswith("文号“国办发明电2026-9”有误：发文字号的年份应写在括号〔〕中")


def test_a_day_claimed_by_the_neighbouring_year_is_refused():
    # The 2019 notice made Saturday 2018-12-29 a working day; a 2018 correction cannot make
    # it a day off.
    found = errors(
        year=2018,
        notice="国办发明电〔2017〕12号",
        holidays="元旦 2018-01-01\n测试 2018-12-29",
    )
    assert found["holidays"] == ["“测试”中的2018年12月29日在2019年的安排中是调休上班日。"]


def test_a_valid_form_holds_the_arrangement_and_the_calendar_it_would_make():
    form = CalendarYearForm(
        {
            "year": 2027,
            "notice": "国办发明电〔2026〕9号",
            "holidays": "春节 2027-02-06 至 2027-02-13",
        }
    )
    assert form.is_valid(), form.errors
    assert form.arrangement.year == 2027
    assert form.calendar.holiday_name(date(2027, 2, 8)) == "春节"


def test_a_row_reads_as_an_arrangement_or_says_what_is_wrong():
    row = CalendarYear(year=2027, notice="国办发明电〔2026〕9号", holidays="春节 2027-02-06")
    assert row.arrangement().notices == ("国办发明电〔2026〕9号",)
    row.holidays = "春节 2027-02-30"
    with pytest.raises(CalendarInputError, match="不存在"):
        row.arrangement()
