"""One year's holiday arrangement as an officer types it from the State Council notice (pure).

The back office keeps a year as two texts, so that what is stored reads like the notice and can
be checked against it line by line:

放假安排 (holidays), one festival per line — a name, then the day or the span of days off::

    元旦 2027-01-01 至 2027-01-03
    春节 2027-02-06~2027-02-13
    清明节 2027-04-05
    劳动节：5月1日至5日
    国庆节、中秋节 2027年10月1日至10月7日，共7天

调休上班 (make-up working days), one date per line or several separated by commas, 、 or ;::

    2027-02-07（星期日）
    2027年2月20日、4月25日

Accepted: ``YYYY-MM-DD`` (also ``/`` or ``.``), ``YYYY年M月D日``, and ``M月D日`` without the year
(the year being entered; an end date without a year has the start's year, or the next one if it
would otherwise come before the start, as in ``2026年12月31日至1月2日``); an end may be ``D日``
alone (``2月6日至13日``). Spans are joined by 至, 到, ~, —, – or -. Text in brackets is ignored,
except a weekday, which must be right (``2月7日（星期日）``); a trailing ``放假调休，共N天``
is checked against the span. Lines starting with ``#`` and blank lines are skipped. Full-width
digits and punctuation are read as ASCII (NFKC), so text copied from the notice parses.

Every problem found is reported, in Chinese, with the line it is on
(:class:`CalendarInputError`); the checks are those of
:meth:`gongkai.workdays.YearArrangement.validate`, said so that an officer can act on them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from gongkai.workdays import CalendarDataError, Holiday, YearArrangement

# The years the back office accepts (the statutory rules behind provisional years cover them).
YEAR_MIN, YEAR_MAX = 2000, 2099

HOLIDAYS = "holidays"
MAKEUP_DAYS = "makeup_days"
YEAR = "year"
NOTICE = "notice"

WEEKDAYS = "一二三四五六日"
SATURDAY, SUNDAY = 5, 6
NAME_MAX = 30
QUOTE_MAX = 40
EXAMPLE_HOLIDAY = "春节 2027-02-06 至 2027-02-13"
EXAMPLE_MAKEUP = "2027-02-07"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: the field and line it is on, and why (Chinese)."""

    field: str  # HOLIDAYS, MAKEUP_DAYS, YEAR or NOTICE — the model's field names
    line: int | None  # 1-based line of that field's text, None for the whole field
    message: str


class CalendarInputError(ValueError):
    """The text of a year cannot be read or contradicts itself; ``problems`` says where."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("；".join(p.message for p in self.problems))

    def by_field(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.field, []).append(problem.message)
        return grouped


@dataclass(frozen=True)
class HolidayLine:
    """A holiday as read from line ``line`` of the holidays text."""

    line: int
    name: str
    first: date
    last: date

    @property
    def holiday(self) -> Holiday:
        return Holiday(self.name, self.first, self.last)


@dataclass(frozen=True)
class MakeupLine:
    """A make-up working day as read from line ``line`` of the make-up days text."""

    line: int
    day: date


# -- formatting --------------------------------------------------------------------------------


def format_holidays(holidays: Iterable[Holiday]) -> str:
    """The holidays as the back office shows them to be edited: ``春节 2027-02-06 至 2027-02-13``."""
    lines = []
    for h in holidays:
        span = h.first.isoformat()
        if h.last != h.first:
            span += f" 至 {h.last.isoformat()}"
        lines.append(f"{h.name} {span}")
    return "\n".join(lines)


def format_makeup_days(days: Iterable[date]) -> str:
    """One make-up day per line with its weekday (checked when read back): ``2027-02-07（星期日）``."""
    return "\n".join(f"{d.isoformat()}（星期{WEEKDAYS[d.weekday()]}）" for d in sorted(set(days)))


def zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def zh_weekday(d: date) -> str:
    return f"星期{WEEKDAYS[d.weekday()]}"


def zh_span(first: date, last: date) -> str:
    """``2月6日至13日`` — the way the notices write a span (years only when they differ)."""
    if first == last:
        return f"{first.month}月{first.day}日"
    if first.year != last.year:
        return f"{zh_date(first)}至{zh_date(last)}"
    if first.month != last.month:
        return f"{first.month}月{first.day}日至{last.month}月{last.day}日"
    return f"{first.month}月{first.day}日至{last.day}日"


def split_notices(text: str) -> tuple[str, ...]:
    """The document numbers in the notice field (several separated by 、 , ; or new lines)."""
    return tuple(p.strip() for p in re.split(r"[、,，;；\n]+", text) if p.strip())


# -- reading -----------------------------------------------------------------------------------

_ISO = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])")
_CN = re.compile(r"(?:([0-9]{4})\s*年\s*)?([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?(?![0-9])")
_DAY_ONLY = re.compile(r"([0-9]{1,2})\s*[日号]")
# Where a date may begin: a four-digit year, or a month before 月. Names may contain other
# digits (抗战胜利70周年纪念日).
_DATE_START = re.compile(r"(?<![0-9])(?:[0-9]{4}\s*(?:[-/.]|年)|[0-9]{1,2}\s*月)")
_RANGE_SEP = re.compile(r"\s*(?:至|到|~|〜|—|–|-|\.\.)\s*")
_NOTE = re.compile(r"\(([^()]*)\)")
_WEEKDAY_NOTE = re.compile(r"\s*(?:星期|周|礼拜)([一二三四五六日天])\s*")
_PUNCT = " \t,.;:、。"
_TAIL = re.compile(
    r"[,.;。、\s]*(?:放假调休|调休放假|放假|补休|调休)?[,.;。、\s]*"
    r"(?:共\s*([0-9]{1,3})\s*天)?[,.;。、\s]*"
)
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+|[0-9]{1,2})[、.]")
_MAKEUP_SEP = re.compile(r"(?:[\s,;、。和及]|调休上班|上班)*")


class _LineError(Exception):
    """A line cannot be read; the message says why (Chinese)."""


@dataclass(frozen=True)
class _Line:
    number: int
    raw: str
    text: str  # NFKC, brackets taken out
    notes: dict[int, list[str]]  # bracketed text, by the position in ``text`` it stood at

    @property
    def quoted(self) -> str:
        raw = self.raw.strip()
        return f"“{raw[:QUOTE_MAX]}…”" if len(raw) > QUOTE_MAX else f"“{raw}”"

    def notes_after(self, end: int) -> list[str]:
        stop = end
        while stop < len(self.text) and self.text[stop].isspace():
            stop += 1
        return [n for i in range(end, stop + 1) for n in self.notes.get(i, ())]


def _lines(text: str) -> list[_Line]:
    result = []
    for number, raw in enumerate(text.splitlines(), start=1):
        folded = unicodedata.normalize("NFKC", raw).strip()
        if not folded or folded.startswith("#"):
            continue
        parts: list[str] = []
        notes: dict[int, list[str]] = {}
        position = length = 0
        for match in _NOTE.finditer(folded):
            chunk = folded[position : match.start()]
            parts.append(chunk)
            length += len(chunk)
            notes.setdefault(length, []).append(match.group(1))
            position = match.end()
        parts.append(folded[position:])
        result.append(_Line(number, raw, "".join(parts), notes))
    return result


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        raise _LineError(f"日期“{shown}”不存在") from None


def _read_date(line: _Line, at: int, default_year: int) -> tuple[date, int, bool]:
    """The full date starting at ``at`` (with or without its year): the date, where it ends,
    and whether the year was written."""
    text = line.text
    match = _ISO.match(text, at) or _CN.match(text, at)
    if match is None:
        raise _LineError(f"无法识别日期“{_fragment(text, at)}”")
    year_text, month, day = match.groups()
    year = int(year_text) if year_text else default_year
    found = _make_date(year, int(month), int(day), match.group(0).strip())
    _check_weekday_note(line, match.end(), found)
    return found, match.end(), bool(year_text)


def _read_end(line: _Line, at: int, first: date) -> tuple[date, int]:
    text = line.text
    match = _ISO.match(text, at) or _CN.match(text, at)
    if match is not None:
        year_text, month, day = match.groups()
        shown = match.group(0).strip()
        if year_text:
            last = _make_date(int(year_text), int(month), int(day), shown)
        else:
            last = _make_date(first.year, int(month), int(day), shown)
            if last < first:  # 12月31日至1月2日
                last = _make_date(first.year + 1, int(month), int(day), shown)
        end = match.end()
    else:
        match = _DAY_ONLY.match(text, at)
        if match is None:
            raise _LineError(f"无法识别结束日期“{_fragment(text, at)}”")
        last = _make_date(first.year, first.month, int(match.group(1)), match.group(0).strip())
        end = match.end()
    _check_weekday_note(line, end, last)
    return last, end


def _check_weekday_note(line: _Line, end: int, day: date) -> None:
    for note in line.notes_after(end):
        match = _WEEKDAY_NOTE.fullmatch(note)
        if match is None:
            continue  # (农历腊月二十八) and other remarks
        written = "日" if match.group(1) == "天" else match.group(1)
        if written != WEEKDAYS[day.weekday()]:
            raise _LineError(
                f"{zh_date(day)}是{zh_weekday(day)}，不是括号里写的星期{written}，请核对日期"
            )


def _fragment(text: str, at: int) -> str:
    rest = text[at:].strip()
    return rest[:20] + ("…" if len(rest) > 20 else "")


def _read_holiday(line: _Line, year: int) -> HolidayLine:
    text = line.text
    start = _DATE_START.search(text)
    if start is None:
        raise _LineError(f"没有找到日期。每行写一个节日，例如“{EXAMPLE_HOLIDAY}”")
    name = _ENUMERATION.sub("", text[: start.start()].strip(_PUNCT)).strip(_PUNCT)
    if not name:
        raise _LineError(f"缺少节日名称，例如“{EXAMPLE_HOLIDAY}”")
    if len(name) > NAME_MAX:
        raise _LineError(f"节日名称“{name[:NAME_MAX]}…”太长（最多{NAME_MAX}个字）")
    first, at, _ = _read_date(line, start.start(), year)
    last = first
    separator = _RANGE_SEP.match(text, at)
    if separator is not None and separator.end() > at and text[at:].strip():
        last, at = _read_end(line, separator.end(), first)
    tail = text[at:]
    tail_match = _TAIL.fullmatch(tail)
    if tail_match is None:
        if "上班" in tail:
            raise _LineError("调休上班的日期请填在“调休上班日期”一栏，不要写在放假安排里")
        raise _LineError(f"日期后面的“{_fragment(tail, 0)}”无法识别")
    if last < first:
        raise _LineError(f"结束日期{zh_date(last)}早于开始日期{zh_date(first)}")
    stated = tail_match.group(1)
    length = (last - first).days + 1
    if stated is not None and int(stated) != length:
        raise _LineError(f"写的是共{int(stated)}天，但{zh_span(first, last)}是{length}天")
    return HolidayLine(line.number, name, first, last)


def _read_makeup(line: _Line, year: int) -> list[MakeupLine]:
    text = line.text
    start = _DATE_START.search(text)
    if start is None:
        raise _LineError(f"没有找到日期，例如“{EXAMPLE_MAKEUP}”")
    label = text[: start.start()]
    if re.search(r"[0-9]", label):
        raise _LineError(f"无法识别“{_fragment(label, 0)}”，日期请写成“{EXAMPLE_MAKEUP}”")
    days = []
    at = start.start()
    while True:
        day, at, _ = _read_date(line, at, year)
        days.append(MakeupLine(line.number, day))
        separator = _MAKEUP_SEP.match(text, at)
        at = separator.end() if separator else at
        if at >= len(text):
            return days
        if _DATE_START.match(text, at) is None:
            raise _LineError(f"无法识别“{_fragment(text, at)}”，多个日期请用逗号或顿号分隔")


def parse_holidays(text: str, year: int) -> list[HolidayLine]:
    """The holidays of ``text`` (see the module docstring); raises :class:`CalendarInputError`
    naming every line that cannot be read. Nothing is checked across lines here."""
    holidays, problems = _parse_holidays(text, year)
    if problems:
        raise CalendarInputError(problems)
    return holidays


def parse_makeup_days(text: str, year: int) -> list[MakeupLine]:
    """The make-up working days of ``text``; raises :class:`CalendarInputError` like
    :func:`parse_holidays`."""
    days, problems = _parse_makeup(text, year)
    if problems:
        raise CalendarInputError(problems)
    return days


def _parse_holidays(text: str, year: int) -> tuple[list[HolidayLine], list[Problem]]:
    holidays, problems = [], []
    for line in _lines(text):
        try:
            holidays.append(_read_holiday(line, year))
        except _LineError as error:
            problems.append(
                Problem(HOLIDAYS, line.number, f"第{line.number}行{line.quoted}：{error}。")
            )
    return holidays, problems


def _parse_makeup(text: str, year: int) -> tuple[list[MakeupLine], list[Problem]]:
    days, problems = [], []
    for line in _lines(text):
        try:
            days.extend(_read_makeup(line, year))
        except _LineError as error:
            problems.append(
                Problem(MAKEUP_DAYS, line.number, f"第{line.number}行{line.quoted}：{error}。")
            )
    return days, problems


def check_year(
    year: int, holidays: Sequence[HolidayLine], makeup_days: Sequence[MakeupLine]
) -> list[Problem]:
    """What :meth:`YearArrangement.validate` refuses, said per line in Chinese."""
    problems: list[Problem] = []
    december_before = date(year - 1, 12, 1)
    off: dict[date, HolidayLine] = {}
    for h in holidays:
        in_year = h.first.year == year and h.last.year == year
        new_year_from_december = (
            h.name == "元旦" and h.first >= december_before and h.last.year == year
        )
        if not (in_year or new_year_from_december):
            problems.append(
                Problem(
                    HOLIDAYS,
                    h.line,
                    f"第{h.line}行“{h.name}”：{zh_span(h.first, h.last)}不在{year}年内"
                    f"（只有元旦可以从{year - 1}年12月开始，跨年时请写明年份，"
                    f"如“元旦 {year - 1}-12-31 至 {year}-01-02”）。",
                )
            )
            continue
        clash = next((off[d] for d in Holiday(h.name, h.first, h.last).days if d in off), None)
        if clash is not None:
            problems.append(
                Problem(
                    HOLIDAYS,
                    h.line,
                    f"第{h.line}行“{h.name}”{zh_span(h.first, h.last)}与第{clash.line}行"
                    f"“{clash.name}”{zh_span(clash.first, clash.last)}有重叠的日期。",
                )
            )
            continue
        for d in Holiday(h.name, h.first, h.last).days:
            off[d] = h
    seen: dict[date, int] = {}
    for m in makeup_days:
        d, n = m.day, m.line
        where = f"第{n}行{zh_date(d)}"
        if d in seen:
            message = f"{where}：与第{seen[d]}行重复。" if seen[d] != n else f"{where}：重复。"
            problems.append(Problem(MAKEUP_DAYS, n, message))
            continue
        seen[d] = n
        if d.weekday() not in (SATURDAY, SUNDAY):
            problems.append(
                Problem(
                    MAKEUP_DAYS,
                    n,
                    f"{where}是{zh_weekday(d)}：调休上班日只能是星期六或星期日"
                    "（平日本来就上班），请核对通知。",
                )
            )
        elif not (december_before <= d <= date(year, 12, 31)):
            problems.append(
                Problem(
                    MAKEUP_DAYS,
                    n,
                    f"{where}不在{year}年内（只有元旦的调休上班日可以在{year - 1}年12月）。",
                )
            )
        elif d in off:
            h = off[d]
            problems.append(
                Problem(
                    MAKEUP_DAYS,
                    n,
                    f"{where}已在放假安排第{h.line}行“{h.name}”"
                    f"（{zh_span(h.first, h.last)}）中，一天不能既放假又上班。",
                )
            )
    return problems


def parse_year(
    year: int, holidays_text: str, makeup_text: str = "", notices: Iterable[str] = ()
) -> YearArrangement:
    """The arrangement of ``year`` from the two texts, or :class:`CalendarInputError` listing
    every problem (unreadable lines first, then what no notice could contain)."""
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise CalendarInputError([Problem(YEAR, None, f"年份应在{YEAR_MIN}至{YEAR_MAX}之间。")])
    holidays, problems = _parse_holidays(holidays_text, year)
    makeup, makeup_problems = _parse_makeup(makeup_text, year)
    problems += makeup_problems
    if not holidays and not problems:
        problems.append(
            Problem(HOLIDAYS, None, f"请至少填写一个节日的放假安排，例如“{EXAMPLE_HOLIDAY}”。")
        )
    problems += check_year(year, holidays, makeup)
    if problems:
        order = {YEAR: 0, NOTICE: 1, HOLIDAYS: 2, MAKEUP_DAYS: 3}
        problems.sort(key=lambda p: (order.get(p.field, 4), p.line or 0))
        raise CalendarInputError(problems)
    try:
        return YearArrangement.build(
            year,
            holidays=[h.holiday for h in holidays],
            makeup_days=[m.day for m in makeup],
            notices=tuple(notices),
        )
    except CalendarDataError as error:  # a rule added to validate() and not yet mirrored above
        raise CalendarInputError([Problem(HOLIDAYS, None, f"数据不一致：{error}")]) from None


__all__ = [
    "HOLIDAYS",
    "MAKEUP_DAYS",
    "NOTICE",
    "YEAR",
    "YEAR_MAX",
    "YEAR_MIN",
    "CalendarInputError",
    "HolidayLine",
    "MakeupLine",
    "Problem",
    "check_year",
    "format_holidays",
    "format_makeup_days",
    "parse_holidays",
    "parse_makeup_days",
    "parse_year",
    "split_notices",
    "zh_date",
    "zh_span",
    "zh_weekday",
]
