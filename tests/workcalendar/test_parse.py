"""Reading a year as an officer types it: round trips, the accepted spellings, Chinese errors."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.workcalendar.parse import (
    HOLIDAYS,
    MAKEUP_DAYS,
    CalendarInputError,
    format_holidays,
    format_makeup_days,
    parse_holidays,
    parse_makeup_days,
    parse_year,
)
from gongkai.workdays import Holiday, YearArrangement
from gongkai.workdays.notices import ARRANGEMENTS

D = date
CJK = re.compile(r"[\u4e00-\u9fff]")
WEEKDAYS = "一二三四五六日"


# -- strategies --------------------------------------------------------------------------------

FESTIVALS = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "国庆节、中秋节"]
names = st.one_of(
    st.sampled_from(FESTIVALS),
    st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=10
    ),
)


@st.composite
def arrangements(draw) -> YearArrangement:
    """A year no notice would contradict: disjoint spans inside the year, weekend make-up days."""
    year = draw(st.integers(2000, 2099))
    first_day = D(year, 1, 1)
    length = (D(year, 12, 31) - first_day).days + 1
    marks = sorted(draw(st.lists(st.integers(0, length - 1), min_size=2, max_size=16, unique=True)))
    holidays = []
    for i in range(0, len(marks) - 1, 2):
        a, b = marks[i], marks[i + 1]
        if draw(st.booleans()):
            b = a  # a single day
        holidays.append(Holiday(draw(names), first_day + timedelta(a), first_day + timedelta(b)))
    off = {d for h in holidays for d in h.days}
    weekend = [
        first_day + timedelta(i)
        for i in range(length)
        if (first_day + timedelta(i)).weekday() >= 5 and first_day + timedelta(i) not in off
    ]
    makeup = draw(st.lists(st.sampled_from(weekend), max_size=10, unique=True)) if weekend else []
    return YearArrangement.build(year, holidays, makeup, notices=("国办发明电〔2026〕7号",))


def spelled(h: Holiday, style: int) -> str:
    """One holiday line in one of the spellings the form accepts."""
    f, last = h.first, h.last
    weekday = f"（星期{WEEKDAYS[f.weekday()]}）"
    single = f == last
    if style == 0:
        return f"{h.name} {f:%Y-%m-%d}" + ("" if single else f"~{last:%Y-%m-%d}")
    if style == 1:
        return f"{h.name}：{f.year}/{f.month}/{f.day}" + (
            "" if single else f" 到 {last.year}/{last.month}/{last.day}"
        )
    if style == 2:
        start = f"{f.year}年{f.month}月{f.day}日{weekday}"
        end = "" if single else f"至{last.year}年{last.month}月{last.day}日"
        return f"{h.name} {start}{end}，共{h.length}天"
    # yearless, as the notices write it: "2月15日（农历腊月二十八）至23日放假调休"
    start = f"{f.month}月{f.day}日（农历某日）"
    if single:
        return f"{h.name}：{start}放假"
    end = f"{last.day}日" if last.month == f.month else f"{last.month}月{last.day}日"
    return f"{h.name}：{start}至{end}放假调休，共{h.length}天。"


# -- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("arrangement", ARRANGEMENTS, ids=lambda a: str(a.year))
def test_every_built_in_year_reads_back_from_its_own_text(arrangement):
    text = format_holidays(arrangement.holidays)
    makeup = format_makeup_days(arrangement.makeup_days)
    assert parse_year(arrangement.year, text, makeup, arrangement.notices) == arrangement


@given(arrangements())
def test_formatting_then_parsing_gives_back_the_arrangement(arrangement):
    text = format_holidays(arrangement.holidays)
    makeup = format_makeup_days(arrangement.makeup_days)
    assert parse_year(arrangement.year, text, makeup, arrangement.notices) == arrangement


@given(arrangements(), st.data())
def test_every_accepted_spelling_reads_as_the_same_year(arrangement, data):
    lines = [spelled(h, data.draw(st.integers(0, 3))) for h in arrangement.holidays]
    makeup = "、".join(
        f"{d.month}月{d.day}日（周{WEEKDAYS[d.weekday()]}）" for d in arrangement.makeup_days
    )
    if makeup:
        makeup += "上班"
    text = "\n# 对照国办发明电〔2026〕7号\n\n".join(lines)
    assert parse_year(arrangement.year, text, makeup, arrangement.notices) == arrangement


def test_the_notice_text_pasted_line_by_line_reads_as_the_built_in_2026():
    holidays = """一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。
二、春节：2月15日（农历腊月二十八）至23日（农历正月初七）放假调休，共9天。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。"""
    makeup = """1月4日（周日）上班
2月14日（周六）、2月28日（周六）上班
5月9日（周六）上班
9月20日（周日）、10月10日（周六）上班"""
    assert parse_year(2026, holidays, makeup, ("国办发明电〔2025〕7号",)) == ARRANGEMENTS[-1]


def test_a_new_year_holiday_may_begin_in_the_previous_december():
    arrangement = parse_year(2023, "元旦 2022年12月31日至1月2日", "")
    assert arrangement.holidays == (Holiday("元旦", D(2022, 12, 31), D(2023, 1, 2)),)


def test_full_width_digits_and_punctuation_are_read_as_ascii():
    [h] = parse_holidays("春节　２０２７－０２－０６～２０２７－０２－１３", 2027)
    assert (h.name, h.first, h.last) == ("春节", D(2027, 2, 6), D(2027, 2, 13))


def test_make_up_days_may_be_separated_by_commas_semicolons_and_new_lines():
    days = parse_makeup_days("2027-02-07, 2027-02-20；\n春节：2027年4月25日、5月8日", 2027)
    assert [m.day for m in days] == [D(2027, 2, 7), D(2027, 2, 20), D(2027, 4, 25), D(2027, 5, 8)]
    assert [m.line for m in days] == [1, 1, 2, 2]


# -- garbage ---------------------------------------------------------------------------------

DATEISH = "0123456789-/.~年月日号至到 （）()星期周一二三四五六天共,，、;；\n#春节元旦上班放假调休"


def assert_only_chinese_errors(year, holidays, makeup):
    try:
        result = parse_year(year, holidays, makeup)
    except CalendarInputError as error:
        assert error.problems
        for problem in error.problems:
            assert CJK.search(problem.message), problem
            if problem.line is not None:
                assert problem.message.startswith(f"第{problem.line}行"), problem
    else:
        assert isinstance(result, YearArrangement)


@given(st.integers(1990, 2110), st.text(), st.text())
def test_any_text_is_read_or_refused_with_chinese_messages_never_crashes(year, holidays, makeup):
    assert_only_chinese_errors(year, holidays, makeup)


@given(
    st.integers(2000, 2099),
    st.text(alphabet=DATEISH, max_size=120),
    st.text(alphabet=DATEISH, max_size=80),
)
def test_date_like_garbage_is_read_or_refused_with_chinese_messages(year, holidays, makeup):
    assert_only_chinese_errors(year, holidays, makeup)


@given(st.integers(2000, 2099), st.text(alphabet=DATEISH, max_size=60))
def test_a_date_like_line_after_a_name_is_read_or_refused(year, tail):
    assert_only_chinese_errors(year, f"春节 {year}-02-06{tail}", "")


@given(arrangements())
def test_a_correct_year_with_one_line_broken_names_that_line(arrangement):
    lines = format_holidays(arrangement.holidays).splitlines()
    assume(lines)
    broken = len(lines)  # the last line
    lines[-1] = lines[-1].replace("-", "/", 1) + " 至 十三日"
    with pytest.raises(CalendarInputError) as error:
        parse_year(arrangement.year, "\n".join(lines), "")
    assert [p.line for p in error.value.problems if p.field == HOLIDAYS] == [broken]


# -- what each message says ----------------------------------------------------------------------


def problems_of(holidays: str, makeup: str = "", year: int = 2027) -> list[str]:
    with pytest.raises(CalendarInputError) as error:
        parse_year(year, holidays, makeup)
    return [p.message for p in error.value.problems]


def test_an_unparsable_date_names_its_line_and_the_date():
    [message] = problems_of("元旦 2027-01-01\n清明节 2027-04-31")
    assert message == "第2行“清明节 2027-04-31”：日期“2027-04-31”不存在。"


def test_an_inverted_range_says_which_date_comes_first():
    [message] = problems_of("春节 2027-02-13 至 2027-02-06")
    assert "第1行" in message and "结束日期2027年2月6日早于开始日期2027年2月13日" in message


def test_a_line_without_a_date_shows_an_example():
    [message] = problems_of("中秋节")
    assert message.startswith("第1行“中秋节”：没有找到日期") and "春节 2027-02-06" in message


def test_a_line_without_a_name_asks_for_one():
    [message] = problems_of("2027-02-06 至 2027-02-13")
    assert "缺少节日名称" in message


def test_a_make_up_day_on_a_weekday_is_refused_with_its_weekday():
    [message] = problems_of("春节 2027-02-06 至 2027-02-13", "2027-02-20\n2027-02-08")
    assert message.startswith("第2行2027年2月8日是星期一") and "只能是星期六或星期日" in message


def test_a_day_both_off_and_working_names_both_lines():
    [message] = problems_of("元旦 2027-01-01\n春节 2027-02-06 至 2027-02-13", "2027-02-07")
    assert "第1行2027年2月7日" in message and "放假安排第2行“春节”" in message
    assert "既放假又上班" in message


def test_a_holiday_outside_the_year_is_refused_except_new_year_from_december():
    [message] = problems_of("国庆节 2026-10-01 至 2026-10-07")
    assert "第1行“国庆节”" in message and "不在2027年内" in message
    problems_of_new_year = parse_year(2027, "元旦 2026-12-31 至 2027-01-02", "")
    assert problems_of_new_year.holidays[0].first == D(2026, 12, 31)


def test_overlapping_holidays_name_both_lines():
    [message] = problems_of("春节 2027-02-06 至 2027-02-13\n元宵 2027-02-13")
    assert message.startswith("第2行“元宵”") and "与第1行“春节”" in message


def test_a_wrong_weekday_in_brackets_is_caught():
    [message] = problems_of("端午节 2027年6月9日（星期一）")
    assert "2027年6月9日是星期三，不是括号里写的星期一" in message


def test_a_wrong_day_count_is_caught():
    [message] = problems_of("国庆节 2027-10-01 至 2027-10-07，共8天")
    assert "写的是共8天，但10月1日至7日是7天" in message


def test_make_up_days_written_among_the_holidays_are_sent_to_their_field():
    [message] = problems_of("劳动节 2027-05-01 至 2027-05-05 放假，4月25日上班")
    assert "请填在“调休上班日期”一栏" in message


def test_every_problem_is_reported_at_once_in_line_order():
    with pytest.raises(CalendarInputError) as error:
        parse_year(2027, "春节 2027-02-30\n清明节\n国庆节 2027-10-01", "abc\n2027-02-08")
    found = [(p.field, p.line) for p in error.value.problems]
    assert found == [(HOLIDAYS, 1), (HOLIDAYS, 2), (MAKEUP_DAYS, 1), (MAKEUP_DAYS, 2)]


def test_an_empty_year_needs_at_least_one_holiday():
    assert problems_of("", "") == [
        "请至少填写一个节日的放假安排，例如“春节 2027-02-06 至 2027-02-13”。"
    ]


def test_comments_and_blank_lines_are_skipped_but_keep_the_line_numbers():
    [message] = problems_of("# 国办发明电〔2026〕x号\n\n春节 2027-02-31")
    assert message.startswith("第3行")
