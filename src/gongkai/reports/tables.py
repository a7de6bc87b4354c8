"""The tables of the annual report (sections 二, 三 and 四) as pure arithmetic.

The format is 《中华人民共和国政府信息公开工作年度报告格式》 (国办公开办函〔2021〕30号),
required by Art. 49–50 of the 条例; the labels below are its wording, character for character.
This module counts cases and appeals into the tables, reads tables typed by hand (years backfilled
from published reports), checks the identities the format requires, sums the tables of several
units for the county, and gives the JSON the CLI prints. No Django: the value strings of the
request taxonomy are repeated here, and ``tests/reports/test_tables.py`` fails if they ever differ
from :mod:`gongkai.requests.taxonomy`.

Section 三 rows are addressed by a stable key, columns by their label (:data:`SECTION_THREE_ROWS`):

====================== ==================================================================
``new``                一、本年新收政府信息公开申请数量
``carried_in``         二、上年结转政府信息公开申请数量
``results``            三、本年度办理结果 — a heading without figures of its own
``disclosed``          （一）予以公开 (the outcome value; the group has no sub-rows)
``partial``            （二）部分公开（区分处理的，只计这一情形，不计其他情形）
``group_3``            （三）不予公开 — the subtotal of ``withheld_1`` … ``withheld_8``
``withheld_1`` …       1.属于国家秘密 … (every sub-row is keyed by its ``Outcome`` value)
``group_4`` … ``_6``   （四）无法提供, （五）不予处理, （六）其他处理 — subtotals likewise
``total``              （七）总计
``carried_out``        四、结转下年度继续办理
====================== ==================================================================

The official table prints no figure on the （三）–（六） group lines; gongkai keeps their
subtotals as rows (computed, or typed and then checked) because they make a mistake easy to find.

Counting decisions for section 三 (:func:`section_three`), for a report on ``year``:

* 一: cases received in ``year``.
* 二: cases received before 1 January of ``year`` and not answered before it — open at the end of
  the previous year. "Open" means not answered (``answered_on`` is the day the case got its
  办理结果, whatever step gave it): the report counts 办理结果 by the answer, so a case answered
  in a year counts in that year's 三 and is carried neither out of it nor into the next.
* 三: cases answered in ``year``, in the row of their outcome; the subtotals sum their sub-rows,
  （七） sums every outcome.
* 四: cases received by 31 December of ``year`` and not answered by then.

So 一 + 二 = 三（七） + 四 holds in every column by construction. A case answered before it was
received, or with an answer but no outcome (or the reverse), is refused when its
:class:`CaseFacts` is built.

Counting decisions for section 四 (:func:`section_four`): one :class:`AppealFacts` per appeal,
with its latest known result, counted in the year it was filed. It is 尚未审结 if its result is
still pending, or if it was decided (``decided_on``, when known) after the end of that year — the
table states each appeal as it stood on 31 December.

Section 二's fee figure is 万元 kept exactly as a :class:`~decimal.Decimal` with at most six
decimals (one 分 — the records are kept in yuan with 分); the format prescribes no number of
decimals, so the JSON carries the exact amount and a renderer may round for print. Section 二's
item headings (第二十条第（一）项 …) and fee column use full-width brackets, as the official
format prints them.

JSON (:func:`as_json`, read back by :func:`from_json`) is the ``sections`` input of
:mod:`gongkai.reports.render`, so the CLI's output renders as it is::

    {"二": {"rows": [{"group": "第二十条第（一）项", "label": "规章",
                      "columns": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0}}, …,
                     {"group": "第二十条第（八）项", "label": "行政事业性收费",
                      "columns": {"本年收费金额（单位：万元）": "12.5"}}]},
     "三": {"columns": ["自然人", …, "总计"],
            "rows": [{"label": "一、本年新收政府信息公开申请数量", "level": 0,
                      "values": {"自然人": 3, …, "总计": 5}}, …]},
     "四": {"columns": ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
            "rows": [{"label": "行政复议", "values": {…}},
                     {"label": "未经复议直接起诉", "group": "行政诉讼", "values": {…}},
                     {"label": "复议后起诉", "group": "行政诉讼", "values": {…}}]}}

Every row of 三 is there in report order with its depth (``level`` 0/1/2); the heading
三、本年度办理结果 has ``"values": null``, the group lines （三）–（六） carry their subtotals (the
renderer prints no figures on a line with sub-rows); the fee is text, exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


class ReportDataError(ValueError):
    """Figures or facts that no report can be made from; says why in Chinese and English."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        # args are exactly the constructor's, so the error pickles and rebuilds itself.
        super().__init__(code, message_zh, message_en)

    def __str__(self) -> str:
        return f"{self.message_zh} ({self.message_en})"


# ---------------------------------------------------------------------------------------------
# Labels (国办公开办函〔2021〕30号)

SECTION_TITLES = {
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
}
TOTAL = "总计"

# Section 三 columns: (ApplicantType value, label), in report order.
APPLICANT_TYPES: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("public_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
)
LEGAL_PERSON = "法人或其他组织"  # the heading over the five organisation columns
APPLICANT_COLUMNS: tuple[str, ...] = tuple(label for _, label in APPLICANT_TYPES)
SECTION_THREE_COLUMNS: tuple[str, ...] = (*APPLICANT_COLUMNS, TOTAL)
_COLUMN_OF_TYPE = dict(APPLICANT_TYPES)

# Section 三 outcome groups （一）–（六）: (numeral, label, ((Outcome value, label), ...)),
# the same as taxonomy.OUTCOME_GROUPS.
OUTCOME_GROUPS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("（一）", "予以公开", (("disclosed", "予以公开"),)),
    (
        "（二）",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        (("partial", "部分公开（区分处理的，只计这一情形，不计其他情形）"),),
    ),
    (
        "（三）",
        "不予公开",
        (
            ("withheld_1", "属于国家秘密"),
            ("withheld_2", "其他法律行政法规禁止公开"),
            ("withheld_3", "危及“三安全一稳定”"),
            ("withheld_4", "保护第三方合法权益"),
            ("withheld_5", "属于三类内部事务信息"),
            ("withheld_6", "属于四类过程性信息"),
            ("withheld_7", "属于行政执法案卷"),
            ("withheld_8", "属于行政查询事项"),
        ),
    ),
    (
        "（四）",
        "无法提供",
        (
            ("unavailable_1", "本机关不掌握相关政府信息"),
            ("unavailable_2", "没有现成信息需要另行制作"),
            ("unavailable_3", "补正后申请内容仍不明确"),
        ),
    ),
    (
        "（五）",
        "不予处理",
        (
            ("not_processed_1", "信访举报投诉类申请"),
            ("not_processed_2", "重复申请"),
            ("not_processed_3", "要求提供公开出版物"),
            ("not_processed_4", "无正当理由大量反复申请"),
            ("not_processed_5", "要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    (
        "（六）",
        "其他处理",
        (
            ("other_1", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other_2", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other_3", "其他"),
        ),
    ),
)
OUTCOMES: tuple[tuple[str, str], ...] = tuple(o for _, _, group in OUTCOME_GROUPS for o in group)
_OUTCOME_VALUES = frozenset(value for value, _ in OUTCOMES)

RESULTS_HEADING = "results"


def _section_three_rows() -> tuple[tuple[str, str], ...]:
    rows = [
        ("new", "一、本年新收政府信息公开申请数量"),
        ("carried_in", "二、上年结转政府信息公开申请数量"),
        (RESULTS_HEADING, "三、本年度办理结果"),
    ]
    for number, (numeral, label, outcomes) in enumerate(OUTCOME_GROUPS, start=1):
        if len(outcomes) == 1:
            rows.append((outcomes[0][0], numeral + label))
        else:
            rows.append((f"group_{number}", numeral + label))
            rows.extend((value, f"{i}.{sub}") for i, (value, sub) in enumerate(outcomes, start=1))
    rows += [("total", "（七）总计"), ("carried_out", "四、结转下年度继续办理")]
    return tuple(rows)


# Every row of section 三 in report order: (key, label). RESULTS_HEADING has no figures.
SECTION_THREE_ROWS: tuple[tuple[str, str], ...] = _section_three_rows()
SECTION_THREE_LABELS: dict[str, str] = dict(SECTION_THREE_ROWS)
# The rows that hold figures, in report order.
VALUE_ROWS: tuple[str, ...] = tuple(key for key, _ in SECTION_THREE_ROWS if key != RESULTS_HEADING)
# Subtotal rows and the outcome rows they sum.
GROUP_ROWS: dict[str, tuple[str, ...]] = {
    f"group_{number}": tuple(value for value, _ in outcomes)
    for number, (_, _, outcomes) in enumerate(OUTCOME_GROUPS, start=1)
    if len(outcomes) > 1
}
_ROW_INDEX = {key: i for i, key in enumerate(VALUE_ROWS)}
# Depth of each row in the table: 一、… 0, （一）… 1, the numbered items 2.
_LEVELS = {
    key: 0 if key in ("new", "carried_in", RESULTS_HEADING, "carried_out") else 1
    for key, _ in SECTION_THREE_ROWS
} | {value: 2 for members in GROUP_ROWS.values() for value in members}
_COLUMN_INDEX = {label: i for i, label in enumerate(SECTION_THREE_COLUMNS)}

# Section 四.
APPEAL_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
)
APPEAL_COLUMNS: tuple[str, ...] = (*(label for _, label in APPEAL_RESULTS), TOTAL)
RECONSIDERATION = "行政复议"
LITIGATION = "行政诉讼"
# (key, label) of the three column groups; the last two stand under 行政诉讼.
APPEAL_GROUPS: tuple[tuple[str, str], ...] = (
    ("reconsideration", RECONSIDERATION),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_reconsideration", "复议后起诉"),
)
_APPEAL_KINDS = ("reconsideration", "litigation")
_APPEAL_RESULT_VALUES = tuple(value for value, _ in APPEAL_RESULTS)

# Section 二: (item heading, content columns, ((field, row label), ...)).
FEE_COLUMN = "本年收费金额（单位：万元）"
SECTION_TWO_ITEMS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    (
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        (("rules", "规章"), ("normative", "行政规范性文件")),
    ),
    ("第二十条第（五）项", ("本年处理决定数量",), (("licensing", "行政许可"),)),
    (
        "第二十条第（六）项",
        ("本年处理决定数量",),
        (("penalty", "行政处罚"), ("compulsion", "行政强制")),
    ),
    ("第二十条第（八）项", (FEE_COLUMN,), (("fees", "行政事业性收费"),)),
)
MONEY_PLACES = 6  # 万元 to one 分
_MONEY_QUANTUM = Decimal(1).scaleb(-MONEY_PLACES)


# ---------------------------------------------------------------------------------------------
# Validation helpers


def _count(value: object, where_zh: str, where_en: str) -> int:
    """A figure of a table: a whole number ≥ 0 (bool is refused although it is an int)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReportDataError(
            "not_a_count",
            f"{where_zh}须为整数，现为“{value!r}”。",
            f"{where_en} must be a whole number, got {value!r}.",
        )
    if value < 0:
        raise ReportDataError(
            "negative",
            f"{where_zh}不能为负数（{value}）。",
            f"{where_en} cannot be negative ({value}).",
        )
    return value


def _money(value: object, where_zh: str, where_en: str) -> Decimal:
    """An amount in 万元: Decimal, int or text, ≥ 0, at most MONEY_PLACES decimals; never float."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ReportDataError(
            "not_money",
            f"{where_zh}须以十进制数填写（不接受浮点数{value!r}）。",
            f"{where_en} must be a Decimal, an int or text, not the float {value!r}.",
        )
    try:
        amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise ReportDataError(
            "not_money",
            f"{where_zh}“{value!r}”不是金额。",
            f"{where_en}: {value!r} is not an amount.",
        ) from None
    if not amount.is_finite():
        raise ReportDataError(
            "not_money", f"{where_zh}不是有限数。", f"{where_en} is not a finite number."
        )
    if amount < 0:
        raise ReportDataError(
            "negative",
            f"{where_zh}不能为负数（{amount}）。",
            f"{where_en} cannot be negative ({amount}).",
        )
    try:
        exact = amount == amount.quantize(_MONEY_QUANTUM)
    except InvalidOperation:  # more digits than the decimal context holds
        raise ReportDataError(
            "too_large", f"{where_zh}过大（{amount}）。", f"{where_en} is too large ({amount})."
        ) from None
    if not exact:
        raise ReportDataError(
            "too_precise",
            f"{where_zh}最多保留{MONEY_PLACES}位小数（精确到分），现为{amount}。",
            f"{where_en} has at most {MONEY_PLACES} decimals (one fen), got {amount}.",
        )
    return amount


def wan_yuan(yuan: Decimal) -> Decimal:
    """An amount in yuan as 万元, exactly (the records keep yuan; the table shows 万元)."""
    return Decimal(yuan).scaleb(-4)


def _money_text(amount: Decimal) -> str:
    """The exact amount in fixed-point notation without trailing zeros: 12.5, 0.0389, 0."""
    text = f"{amount:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


# ---------------------------------------------------------------------------------------------
# Section 三


@dataclass(frozen=True)
class CaseFacts:
    """What section 三 needs of one disclosure request.

    ``applicant_type`` and ``outcome`` are taxonomy values (``ApplicantType``, ``Outcome``);
    ``outcome`` is "" while the case is not answered. ``ref`` (a tracking code, say) only names
    the case in error messages.
    """

    applicant_type: str
    received_on: date
    answered_on: date | None
    outcome: str
    ref: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        name = f"申请{self.ref}" if self.ref else "申请"
        name_en = f"case {self.ref}" if self.ref else "a case"
        if self.applicant_type not in _COLUMN_OF_TYPE:
            raise ReportDataError(
                "applicant_type",
                f"{name}的申请人类型“{self.applicant_type}”不是年度报告的一列。",
                f"{name_en}: applicant type {self.applicant_type!r} is not a report column.",
            )
        if self.answered_on is None and self.outcome:
            raise ReportDataError(
                "outcome_without_answer",
                f"{name}有办理结果但没有答复日期。",
                f"{name_en} has an outcome but no answer date.",
            )
        if self.answered_on is not None and self.outcome not in _OUTCOME_VALUES:
            raise ReportDataError(
                "answer_without_outcome",
                f"{name}已于{self.answered_on:%Y-%m-%d}答复，但办理结果“{self.outcome}”"
                "不是年度报告的一项。",
                f"{name_en} was answered on {self.answered_on} but its outcome "
                f"{self.outcome!r} is not a report row.",
            )
        if self.answered_on is not None and self.answered_on < self.received_on:
            raise ReportDataError(
                "answered_before_received",
                f"{name}的答复日期（{self.answered_on:%Y-%m-%d}）早于收到日期"
                f"（{self.received_on:%Y-%m-%d}），数据有误。",
                f"{name_en} was answered ({self.answered_on}) before it was received "
                f"({self.received_on}).",
            )


@dataclass(frozen=True)
class SectionThree:
    """三、收到和处理政府信息公开申请情况: ``cells[row][column]`` in the order of
    :data:`VALUE_ROWS` and :data:`SECTION_THREE_COLUMNS`. Build it with :func:`section_three`
    or :meth:`from_values`; a table typed by hand may break the identities —
    :func:`check_section_three` says where."""

    cells: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if len(self.cells) != len(VALUE_ROWS) or any(
            len(row) != len(SECTION_THREE_COLUMNS) for row in self.cells
        ):
            raise ReportDataError(
                "shape",
                "第三部分表格的行列数不对。",
                f"Section 三 needs {len(VALUE_ROWS)} rows of {len(SECTION_THREE_COLUMNS)} cells.",
            )
        for key, row in zip(VALUE_ROWS, self.cells, strict=True):
            for column, value in zip(SECTION_THREE_COLUMNS, row, strict=True):
                _count(value, _cell_zh(key, column), f"Section 三 {key}/{column}")

    @classmethod
    def from_values(cls, values: Mapping[str, Mapping[str, int]]) -> SectionThree:
        """A table from ``values[row key][column label]``, as typed.

        Every row of :data:`VALUE_ROWS` and every column (总计 too) is required, except the
        subtotal rows ``group_3`` … ``group_6``, which the official table does not print: when
        absent they are the sums of their sub-rows. Unknown rows or columns, missing cells and
        anything but a whole number ≥ 0 are refused.
        """
        unknown = [key for key in values if key not in _ROW_INDEX]
        if unknown:
            raise ReportDataError(
                "unknown_row",
                f"第三部分没有“{unknown[0]}”这一行。",
                f"Section 三 has no row {unknown[0]!r}.",
            )
        rows: dict[str, dict[str, int]] = {}
        for key in VALUE_ROWS:
            if key not in values:
                if key in GROUP_ROWS:
                    continue
                raise ReportDataError(
                    "missing_row",
                    f"第三部分缺少“{SECTION_THREE_LABELS[key]}”一行。",
                    f"Section 三 is missing the row {key!r}.",
                )
            given = values[key]
            extra = [column for column in given if column not in _COLUMN_INDEX]
            if extra:
                raise ReportDataError(
                    "unknown_column",
                    f"第三部分没有“{extra[0]}”这一列。",
                    f"Section 三 has no column {extra[0]!r}.",
                )
            missing = [column for column in SECTION_THREE_COLUMNS if column not in given]
            if missing:
                raise ReportDataError(
                    "missing_cell",
                    f"{_cell_zh(key, missing[0])}未填写。",
                    f"Section 三 {key}/{missing[0]} is missing.",
                )
            rows[key] = {
                column: _count(given[column], _cell_zh(key, column), f"Section 三 {key}/{column}")
                for column in SECTION_THREE_COLUMNS
            }
        for group, members in GROUP_ROWS.items():
            if group not in rows:
                rows[group] = {
                    column: sum(rows[m][column] for m in members)
                    for column in SECTION_THREE_COLUMNS
                }
        return cls(tuple(tuple(rows[key][c] for c in SECTION_THREE_COLUMNS) for key in VALUE_ROWS))

    @classmethod
    def zero(cls) -> SectionThree:
        return cls(tuple((0,) * len(SECTION_THREE_COLUMNS) for _ in VALUE_ROWS))

    def get(self, row: str, column: str) -> int:
        """The figure in row ``row`` (a key) and column ``column`` (a label)."""
        return self.cells[_ROW_INDEX[row]][_COLUMN_INDEX[column]]

    def values(self) -> dict[str, dict[str, int]]:
        """``{row key: {column label: n}}``; :meth:`from_values` reads it back."""
        return {
            key: dict(zip(SECTION_THREE_COLUMNS, row, strict=True))
            for key, row in zip(VALUE_ROWS, self.cells, strict=True)
        }

    def __add__(self, other: SectionThree) -> SectionThree:
        return SectionThree(
            tuple(
                tuple(a + b for a, b in zip(mine, theirs, strict=True))
                for mine, theirs in zip(self.cells, other.cells, strict=True)
            )
        )

    def as_json(self) -> dict[str, Any]:
        """``{"columns": [...], "rows": [{"label", "level", "values"}, ...]}``: every row in
        report order; ``level`` is the depth (0 一、…, 1 （一）…, 2 1.…); the heading
        三、本年度办理结果 has ``"values": None``, the subtotal lines （三）–（六） their sums."""
        rows: list[dict[str, Any]] = []
        for key, label in SECTION_THREE_ROWS:
            level = _LEVELS[key]
            if key == RESULTS_HEADING:
                rows.append({"label": label, "level": level, "values": None})
            else:
                row = self.cells[_ROW_INDEX[key]]
                values = dict(zip(SECTION_THREE_COLUMNS, row, strict=True))
                rows.append({"label": label, "level": level, "values": values})
        return {"columns": list(SECTION_THREE_COLUMNS), "rows": rows}


def _cell_zh(row: str, column: str) -> str:
    return f"“{SECTION_THREE_LABELS.get(row, row)}”行“{column}”列"


def section_three(cases: Iterable[CaseFacts], year: int) -> SectionThree:
    """Section 三 for ``year`` from every case of the unit (see the module docstring)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counts = [[0] * len(SECTION_THREE_COLUMNS) for _ in VALUE_ROWS]

    def add(row: str, column: int) -> None:
        counts[_ROW_INDEX[row]][column] += 1

    for case in cases:
        column = _COLUMN_INDEX[_COLUMN_OF_TYPE[case.applicant_type]]
        answered = case.answered_on
        if case.received_on > end:
            continue
        if case.received_on >= start:
            add("new", column)
        elif answered is None or answered >= start:
            add("carried_in", column)
        if answered is not None and start <= answered <= end:
            add(case.outcome, column)
        elif answered is None or answered > end:
            add("carried_out", column)
    for group, members in GROUP_ROWS.items():
        counts[_ROW_INDEX[group]] = [
            sum(counts[_ROW_INDEX[m]][c] for m in members) for c in range(len(APPLICANT_COLUMNS))
        ] + [0]
    counts[_ROW_INDEX["total"]] = [
        sum(counts[_ROW_INDEX[value]][c] for value, _ in OUTCOMES)
        for c in range(len(APPLICANT_COLUMNS))
    ] + [0]
    for row in counts:
        row[-1] = sum(row[:-1])
    return SectionThree(tuple(tuple(row) for row in counts))


@dataclass(frozen=True)
class IdentityError:
    """One identity of the format that a table breaks.

    ``column`` is the column's label (``总计`` when the 总计 column disagrees with its row),
    ``row`` the key of the row the identity is stated for (``new`` for 一 + 二 = 三（七） + 四,
    ``total`` for （七）, ``group_3`` … for a subtotal, any row for its 总计; in section 四 the
    key of the column group), and ``numbers`` every figure involved as (row key or column
    label, figure).
    """

    section: str
    identity: str  # "balance", "outcome_total", "group_total", "column_total", "appeal_total"
    column: str
    row: str
    numbers: tuple[tuple[str, int], ...]
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return self.message_zh


def check_section_three(table: SectionThree) -> list[IdentityError]:
    """Every identity of section 三 that ``table`` breaks, in table order (empty = sound).

    Per column (总计 included): 一 + 二 = 三（七） + 四; （七） = （一）+（二）+ every sub-row of
    （三）…（六）; each subtotal = the sum of its sub-rows. Per row: 总计 = the sum of the six
    applicant columns.
    """
    errors: list[IdentityError] = []
    for column in SECTION_THREE_COLUMNS:
        v = {key: table.get(key, column) for key in VALUE_ROWS}
        if v["new"] + v["carried_in"] != v["total"] + v["carried_out"]:
            errors.append(
                IdentityError(
                    "三",
                    "balance",
                    column,
                    "new",
                    tuple((k, v[k]) for k in ("new", "carried_in", "total", "carried_out")),
                    f"“{column}”列：一（{v['new']}）+ 二（{v['carried_in']}）≠ "
                    f"三（七）（{v['total']}）+ 四（{v['carried_out']}）",
                    f"column {column}: I ({v['new']}) + II ({v['carried_in']}) ≠ "
                    f"III(7) ({v['total']}) + IV ({v['carried_out']})",
                )
            )
        outcome_sum = sum(v[value] for value, _ in OUTCOMES)
        if v["total"] != outcome_sum:
            errors.append(
                IdentityError(
                    "三",
                    "outcome_total",
                    column,
                    "total",
                    (("total", v["total"]), *((value, v[value]) for value, _ in OUTCOMES)),
                    f"“{column}”列：三（七）总计（{v['total']}）≠ （一）至（六）各项之和"
                    f"（{outcome_sum}）",
                    f"column {column}: III(7) total ({v['total']}) ≠ the sum of the outcomes "
                    f"(1)–(6) ({outcome_sum})",
                )
            )
        for group, members in GROUP_ROWS.items():
            member_sum = sum(v[m] for m in members)
            if v[group] != member_sum:
                label = SECTION_THREE_LABELS[group]
                errors.append(
                    IdentityError(
                        "三",
                        "group_total",
                        column,
                        group,
                        ((group, v[group]), *((m, v[m]) for m in members)),
                        f"“{column}”列：{label}（{v[group]}）≠ 其下1至{len(members)}项之和"
                        f"（{member_sum}）",
                        f"column {column}: {group} ({v[group]}) ≠ the sum of its "
                        f"{len(members)} items ({member_sum})",
                    )
                )
    for key in VALUE_ROWS:
        by_column = {column: table.get(key, column) for column in SECTION_THREE_COLUMNS}
        column_sum = sum(by_column[c] for c in APPLICANT_COLUMNS)
        if by_column[TOTAL] != column_sum:
            errors.append(
                IdentityError(
                    "三",
                    "column_total",
                    TOTAL,
                    key,
                    tuple(by_column.items()),
                    f"“{SECTION_THREE_LABELS[key]}”行：总计（{by_column[TOTAL]}）≠ "
                    f"各类申请人之和（{column_sum}）",
                    f"row {key}: 总计 ({by_column[TOTAL]}) ≠ the sum of the six applicant "
                    f"columns ({column_sum})",
                )
            )
    return errors


# ---------------------------------------------------------------------------------------------
# Section 四


@dataclass(frozen=True)
class AppealFacts:
    """One 行政复议 or 行政诉讼 about the unit's disclosure work.

    ``kind`` is "reconsideration" or "litigation"; ``result`` an ``AppealResult`` value
    ("upheld", "corrected", "other", "pending") — the latest known; ``after_reconsideration``
    marks a suit brought after a reconsideration (复议后起诉); ``on`` is the day it was filed;
    ``decided_on``, when known, the day of the result.
    """

    kind: str
    result: str
    after_reconsideration: bool
    on: date
    decided_on: date | None = None
    ref: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        name = f"复议或诉讼{self.ref}" if self.ref else "复议或诉讼"
        name_en = f"appeal {self.ref}" if self.ref else "an appeal"
        if self.kind not in _APPEAL_KINDS:
            raise ReportDataError(
                "appeal_kind",
                f"{name}的类别“{self.kind}”既不是行政复议也不是行政诉讼。",
                f"{name_en}: kind {self.kind!r} is neither reconsideration nor litigation.",
            )
        if self.result not in _APPEAL_RESULT_VALUES:
            raise ReportDataError(
                "appeal_result",
                f"{name}的结果“{self.result}”不是年度报告的一列。",
                f"{name_en}: result {self.result!r} is not a report column.",
            )
        if self.after_reconsideration and self.kind != "litigation":
            raise ReportDataError(
                "reconsideration_after_reconsideration",
                f"{name}：只有行政诉讼才分“复议后起诉”。",
                f"{name_en}: only a suit can follow a reconsideration.",
            )
        if self.decided_on is not None and self.result == "pending":
            raise ReportDataError(
                "pending_with_decision",
                f"{name}尚未审结，却有审结日期。",
                f"{name_en} is pending but has a decision date.",
            )
        if self.decided_on is not None and self.decided_on < self.on:
            raise ReportDataError(
                "decided_before_filed",
                f"{name}的审结日期（{self.decided_on:%Y-%m-%d}）早于提起日期"
                f"（{self.on:%Y-%m-%d}）。",
                f"{name_en} was decided ({self.decided_on}) before it was filed ({self.on}).",
            )

    @property
    def group(self) -> str:
        """The column group of section 四 the appeal is counted in."""
        if self.kind == "reconsideration":
            return "reconsideration"
        return (
            "litigation_after_reconsideration"
            if self.after_reconsideration
            else "litigation_direct"
        )


_APPEAL_GROUP_INDEX = {key: i for i, (key, _) in enumerate(APPEAL_GROUPS)}
_APPEAL_GROUP_LABELS = dict(APPEAL_GROUPS)
_APPEAL_COLUMN_INDEX = {label: i for i, label in enumerate(APPEAL_COLUMNS)}
_APPEAL_COLUMN_OF_RESULT = dict(APPEAL_RESULTS)


def _appeal_group_zh(group: str) -> str:
    label = _APPEAL_GROUP_LABELS.get(group, group)
    return label if group == "reconsideration" else f"{LITIGATION}（{label}）"


@dataclass(frozen=True)
class SectionFour:
    """四、政府信息公开行政复议、行政诉讼情况: ``cells[group][column]`` in the order of
    :data:`APPEAL_GROUPS` and :data:`APPEAL_COLUMNS`."""

    cells: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if len(self.cells) != len(APPEAL_GROUPS) or any(
            len(row) != len(APPEAL_COLUMNS) for row in self.cells
        ):
            raise ReportDataError(
                "shape",
                "第四部分表格的行列数不对。",
                f"Section 四 needs {len(APPEAL_GROUPS)} groups of {len(APPEAL_COLUMNS)} cells.",
            )
        for (key, _), row in zip(APPEAL_GROUPS, self.cells, strict=True):
            for column, value in zip(APPEAL_COLUMNS, row, strict=True):
                _count(value, f"{_appeal_group_zh(key)}“{column}”", f"Section 四 {key}/{column}")

    @classmethod
    def from_values(cls, values: Mapping[str, Mapping[str, int]]) -> SectionFour:
        """A table from ``values[group key][column label]``, every cell required (总计 too)."""
        unknown = [key for key in values if key not in _APPEAL_GROUP_INDEX]
        if unknown:
            raise ReportDataError(
                "unknown_row",
                f"第四部分没有“{unknown[0]}”这一组。",
                f"Section 四 has no group {unknown[0]!r}.",
            )
        cells = []
        for key, _ in APPEAL_GROUPS:
            if key not in values:
                raise ReportDataError(
                    "missing_row",
                    f"第四部分缺少“{_appeal_group_zh(key)}”。",
                    f"Section 四 is missing the group {key!r}.",
                )
            given = values[key]
            extra = [column for column in given if column not in _APPEAL_COLUMN_INDEX]
            if extra:
                raise ReportDataError(
                    "unknown_column",
                    f"第四部分没有“{extra[0]}”这一列。",
                    f"Section 四 has no column {extra[0]!r}.",
                )
            missing = [column for column in APPEAL_COLUMNS if column not in given]
            if missing:
                raise ReportDataError(
                    "missing_cell",
                    f"{_appeal_group_zh(key)}“{missing[0]}”未填写。",
                    f"Section 四 {key}/{missing[0]} is missing.",
                )
            cells.append(tuple(given[column] for column in APPEAL_COLUMNS))
        return cls(tuple(cells))

    @classmethod
    def zero(cls) -> SectionFour:
        return cls(tuple((0,) * len(APPEAL_COLUMNS) for _ in APPEAL_GROUPS))

    def get(self, group: str, column: str) -> int:
        return self.cells[_APPEAL_GROUP_INDEX[group]][_APPEAL_COLUMN_INDEX[column]]

    def values(self) -> dict[str, dict[str, int]]:
        return {
            key: dict(zip(APPEAL_COLUMNS, row, strict=True))
            for (key, _), row in zip(APPEAL_GROUPS, self.cells, strict=True)
        }

    def __add__(self, other: SectionFour) -> SectionFour:
        return SectionFour(
            tuple(
                tuple(a + b for a, b in zip(mine, theirs, strict=True))
                for mine, theirs in zip(self.cells, other.cells, strict=True)
            )
        )

    def as_json(self) -> dict[str, Any]:
        """``{"columns": [...], "rows": [{"label", "values"}, ...]}``: 行政复议, then
        未经复议直接起诉 and 复议后起诉 with ``"group": "行政诉讼"``, each keyed by the column
        labels."""
        rows: list[dict[str, Any]] = []
        for (key, label), row in zip(APPEAL_GROUPS, self.cells, strict=True):
            entry: dict[str, Any] = {"label": label}
            if key != "reconsideration":
                entry["group"] = LITIGATION
            entry["values"] = dict(zip(APPEAL_COLUMNS, row, strict=True))
            rows.append(entry)
        return {"columns": list(APPEAL_COLUMNS), "rows": rows}


def section_four(appeals: Iterable[AppealFacts], year: int) -> SectionFour:
    """Section 四 for ``year``: the appeals filed in it, as they stood on 31 December."""
    end = date(year, 12, 31)
    counts = [[0] * len(APPEAL_COLUMNS) for _ in APPEAL_GROUPS]
    for appeal in appeals:
        if appeal.on.year != year:
            continue
        decided_later = appeal.decided_on is not None and appeal.decided_on > end
        result = "pending" if decided_later else appeal.result
        row = counts[_APPEAL_GROUP_INDEX[appeal.group]]
        row[_APPEAL_COLUMN_INDEX[_APPEAL_COLUMN_OF_RESULT[result]]] += 1
        row[-1] += 1
    return SectionFour(tuple(tuple(row) for row in counts))


def check_section_four(table: SectionFour) -> list[IdentityError]:
    """Each group's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (empty = sound)."""
    errors = []
    for key, _ in APPEAL_GROUPS:
        v = {column: table.get(key, column) for column in APPEAL_COLUMNS}
        parts = APPEAL_COLUMNS[:-1]
        part_sum = sum(v[c] for c in parts)
        if v[TOTAL] != part_sum:
            errors.append(
                IdentityError(
                    "四",
                    "appeal_total",
                    TOTAL,
                    key,
                    tuple(v.items()),
                    f"{_appeal_group_zh(key)}：总计（{v[TOTAL]}）≠ "
                    + "+ ".join(f"{c}（{v[c]}）" for c in parts),
                    f"{key}: 总计 ({v[TOTAL]}) ≠ the sum of the four results ({part_sum})",
                )
            )
    return errors


# ---------------------------------------------------------------------------------------------
# Section 二


@dataclass(frozen=True)
class SectionTwo:
    """二、主动公开政府信息情况. Counts are whole numbers ≥ 0; ``fees_wan_yuan`` is the
    行政事业性收费 of the year in 万元, exact (see the module docstring)."""

    rules_issued: int = 0  # 规章 本年制发件数
    rules_repealed: int = 0  # 规章 本年废止件数
    rules_in_force: int = 0  # 规章 现行有效件数
    normative_issued: int = 0  # 行政规范性文件 …
    normative_repealed: int = 0
    normative_in_force: int = 0
    licensing_decisions: int = 0  # 行政许可 本年处理决定数量
    penalty_decisions: int = 0  # 行政处罚 本年处理决定数量
    compulsion_decisions: int = 0  # 行政强制 本年处理决定数量
    fees_wan_yuan: Decimal = Decimal(0)  # 行政事业性收费 本年收费金额（单位：万元）

    def __post_init__(self) -> None:
        for name, (row_label, column) in _SECTION_TWO_CELLS.items():
            where_zh = f"“{row_label}”{column}"
            if name == "fees_wan_yuan":
                object.__setattr__(self, name, _money(getattr(self, name), where_zh, name))
            else:
                _count(getattr(self, name), where_zh, f"Section 二 {name}")

    @classmethod
    def from_values(cls, values: Mapping[str, object]) -> SectionTwo:
        """A table from ``{field name: figure}``, every field required; the fee may be given as
        Decimal, int or text ("12.5"), never as float."""
        names = list(_SECTION_TWO_CELLS)
        unknown = [key for key in values if key not in _SECTION_TWO_CELLS]
        if unknown:
            raise ReportDataError(
                "unknown_row",
                f"第二部分没有“{unknown[0]}”这一项。",
                f"Section 二 has no field {unknown[0]!r}.",
            )
        missing = [name for name in names if name not in values]
        if missing:
            row_label, column = _SECTION_TWO_CELLS[missing[0]]
            raise ReportDataError(
                "missing_cell",
                f"第二部分“{row_label}”{column}未填写。",
                f"Section 二 {missing[0]} is missing.",
            )
        return cls(**{name: values[name] for name in names})  # type: ignore[arg-type]

    @classmethod
    def zero(cls) -> SectionTwo:
        return cls()

    def values(self) -> dict[str, int | Decimal]:
        return {name: getattr(self, name) for name in _SECTION_TWO_CELLS}

    def __add__(self, other: SectionTwo) -> SectionTwo:
        return SectionTwo(**{n: getattr(self, n) + getattr(other, n) for n in _SECTION_TWO_CELLS})

    def as_json(self) -> dict[str, Any]:
        """``{"rows": [{"group": item heading, "label", "columns": {column: figure}}, ...]}`` in
        report order; the fee is text with the exact amount (``"12.5"``), so no float ever
        touches it."""
        return {
            "rows": [
                {
                    "group": heading,
                    "label": label,
                    "columns": {
                        column: self._json_figure(_FIELD_OF_CELL[(key, column)])
                        for column in columns
                    },
                }
                for heading, columns, rows in SECTION_TWO_ITEMS
                for key, label in rows
            ]
        }

    def _json_figure(self, name: str) -> int | str:
        value = getattr(self, name)
        return _money_text(value) if isinstance(value, Decimal) else int(value)


_FIELD_OF_CELL: dict[tuple[str, str], str] = {
    ("rules", "本年制发件数"): "rules_issued",
    ("rules", "本年废止件数"): "rules_repealed",
    ("rules", "现行有效件数"): "rules_in_force",
    ("normative", "本年制发件数"): "normative_issued",
    ("normative", "本年废止件数"): "normative_repealed",
    ("normative", "现行有效件数"): "normative_in_force",
    ("licensing", "本年处理决定数量"): "licensing_decisions",
    ("penalty", "本年处理决定数量"): "penalty_decisions",
    ("compulsion", "本年处理决定数量"): "compulsion_decisions",
    ("fees", FEE_COLUMN): "fees_wan_yuan",
}
_ROW_LABELS_TWO = {key: label for _, _, rows in SECTION_TWO_ITEMS for key, label in rows}
# field name -> (row label, column label), in report order.
_SECTION_TWO_CELLS: dict[str, tuple[str, str]] = {
    name: (_ROW_LABELS_TWO[row], column) for (row, column), name in _FIELD_OF_CELL.items()
}
#: Section 二's fields with their (row label, column label): the cells staff type in a backfill.
SECTION_TWO_CELLS = _SECTION_TWO_CELLS


# ---------------------------------------------------------------------------------------------
# The three tables together


@dataclass(frozen=True)
class AnnualTables:
    """The tables of one report (a unit's, or the county's sum)."""

    two: SectionTwo = field(default_factory=SectionTwo.zero)
    three: SectionThree = field(default_factory=SectionThree.zero)
    four: SectionFour = field(default_factory=SectionFour.zero)


def check(report: AnnualTables) -> list[IdentityError]:
    """Every identity the report breaks, section 三 first; a report is produced only when empty."""
    return check_section_three(report.three) + check_section_four(report.four)


def aggregate(reports: Iterable[AnnualTables]) -> AnnualTables:
    """The county's tables: every cell summed over ``reports`` (money exactly). The sum of sound
    tables is sound — every identity is a sum — so check the parts, not only the whole."""
    total = AnnualTables()
    for report in reports:
        total = AnnualTables(
            total.two + report.two, total.three + report.three, total.four + report.four
        )
    return total


def as_json(report: AnnualTables) -> dict[str, Any]:
    """``{"二": …, "三": …, "四": …}`` as the CLI prints it (see each section's ``as_json``)."""
    return {"二": report.two.as_json(), "三": report.three.as_json(), "四": report.four.as_json()}


def from_json(data: Mapping[str, Any]) -> AnnualTables:
    """The tables back from the shape :func:`as_json` gives — how a backfilled year's typed
    tables are stored. Labels must be exactly the format's; figures are validated as by each
    section's ``from_values`` (the subtotal rows of 三 may be left out); identities are not
    checked here (:func:`check`)."""
    document = _mapping(data, "年度报告表格", "the report tables")
    missing = [section for section in ("二", "三", "四") if section not in document]
    if missing:
        raise ReportDataError(
            "missing_section",
            f"缺少第{missing[0]}部分的表格。",
            f"The table of section {missing[0]} is missing.",
        )
    return AnnualTables(
        _two_from_json(document["二"]),
        _three_from_json(document["三"]),
        _four_from_json(document["四"]),
    )


def _mapping(value: object, where_zh: str, where_en: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ReportDataError(
            "shape", f"{where_zh}的格式不对。", f"{where_en} should be a JSON object."
        )
    return value


def _rows(item: object, where_zh: str, where_en: str) -> list[Mapping[str, Any]]:
    """The entries of ``item["rows"]``, each an object with a text ``label``."""
    rows = _mapping(item, where_zh, where_en).get("rows")
    if not isinstance(rows, list):
        raise ReportDataError("shape", f"{where_zh}缺少各行。", f"{where_en} has no rows list.")
    out = []
    for row in rows:
        row = _mapping(row, where_zh, where_en)
        if not isinstance(row.get("label"), str):
            raise ReportDataError(
                "shape", f"{where_zh}的每一行须有名称。", f"Each row of {where_en} needs a label."
            )
        out.append(row)
    return out


def _three_from_json(item: object) -> SectionThree:
    key_of_label = {label: key for key, label in SECTION_THREE_ROWS}
    values: dict[str, Mapping[str, int]] = {}
    seen: set[str] = set()
    for row in _rows(item, "第三部分", "section 三"):
        label = row["label"]
        key = key_of_label.get(label)
        if key is None:
            raise ReportDataError(
                "unknown_row", f"第三部分没有“{label}”这一行。", f"Section 三 has no row {label!r}."
            )
        if key in seen:
            raise ReportDataError(
                "duplicate_row", f"第三部分“{label}”一行重复。", f"Section 三 repeats {label!r}."
            )
        seen.add(key)
        if key == RESULTS_HEADING or (key in GROUP_ROWS and row.get("values") is None):
            continue  # a heading, or a group line typed without its subtotal, as printed
        values[key] = _mapping(row.get("values"), f"第三部分“{label}”", f"section 三 {label!r}")
    return SectionThree.from_values(values)


def _two_from_json(item: object) -> SectionTwo:
    cells: dict[tuple[str | None, str], str] = {
        (heading, label): key for heading, _, rows in SECTION_TWO_ITEMS for key, label in rows
    }
    values: dict[str, object] = {}
    for row in _rows(item, "第二部分", "section 二"):
        label = row["label"]
        key = cells.get((row.get("group"), label))
        if key is None:
            raise ReportDataError(
                "unknown_row",
                f"第二部分“{row.get('group')}”没有“{label}”这一行。",
                f"Section 二 {row.get('group')!r} has no row {label!r}.",
            )
        figures = _mapping(row.get("columns"), f"第二部分“{label}”", f"section 二 {label!r}")
        for column, figure in figures.items():
            name = _FIELD_OF_CELL.get((key, column))
            if name is None:
                raise ReportDataError(
                    "unknown_column",
                    f"第二部分“{label}”没有“{column}”这一列。",
                    f"Section 二 {label!r} has no column {column!r}.",
                )
            if name in values:
                raise ReportDataError(
                    "duplicate_row",
                    f"第二部分“{label}”一行重复。",
                    f"Section 二 repeats {label!r}.",
                )
            values[name] = figure
    return SectionTwo.from_values(values)


def _four_from_json(item: object) -> SectionFour:
    key_of_row: dict[tuple[str | None, str], str] = {
        (None if key == "reconsideration" else LITIGATION, label): key
        for key, label in APPEAL_GROUPS
    }
    values: dict[str, Mapping[str, int]] = {}
    for row in _rows(item, "第四部分", "section 四"):
        key = key_of_row.get((row.get("group"), row["label"]))
        if key is None:
            raise ReportDataError(
                "unknown_row",
                f"第四部分没有“{row['label']}”这一组。",
                f"Section 四 has no group {row['label']!r}.",
            )
        if key in values:
            raise ReportDataError(
                "duplicate_row",
                f"第四部分“{row['label']}”重复。",
                f"Section 四 repeats {row['label']!r}.",
            )
        values[key] = _mapping(
            row.get("values"), f"第四部分“{_appeal_group_zh(key)}”", f"section 四 {key}"
        )
    return SectionFour.from_values(values)
