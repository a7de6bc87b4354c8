"""The annual report's tables (国办公开办函〔2021〕30号): counting, identities, the county sum, JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.reports.tables import (
    APPEAL_RESULTS,
    APPLICANT_TYPES,
    OUTCOME_GROUPS,
    OUTCOMES,
    SECTION_THREE_COLUMNS,
    VALUE_ROWS,
    AnnualTables,
    AppealFacts,
    CaseFacts,
    ReportDataError,
    SectionFour,
    SectionThree,
    SectionTwo,
    aggregate,
    as_json,
    check,
    check_section_four,
    check_section_three,
    from_json,
    section_four,
    section_three,
    wan_yuan,
)

YEAR = 2024

# The labels as REGULATION.md ("Annual report (年度报告)") writes them, copied character for
# character; section 二's item headings and fee column use full-width brackets as the official
# format does (REGULATION.md has half-width ones there).
SECTION_THREE_COLUMN_LABELS = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
]
SECTION_THREE_ROW_LABELS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
APPEAL_COLUMN_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

OUTCOME_VALUES = [value for value, _ in OUTCOMES]


def case(kind, received, answered=None, outcome="", ref=""):
    return CaseFacts(kind, received, answered, outcome, ref)


def a_year_of_cases() -> list[CaseFacts]:
    d = date
    cases = [
        # 自然人: one case of every outcome, received and answered in the year; one open since 2022.
        *(case("natural_person", d(2024, 3, 1), d(2024, 3, 20), o) for o in OUTCOME_VALUES),
        case("natural_person", d(2022, 5, 1)),
        # 商业企业: carried in and answered; carried in and still open; closed last year;
        # new and open; new and answered next year; received next year.
        case("business", d(2023, 12, 20), d(2024, 1, 5), "disclosed"),
        case("business", d(2023, 11, 1)),
        case("business", d(2023, 6, 1), d(2023, 7, 1), "disclosed"),
        case("business", d(2024, 12, 30)),
        case("business", d(2024, 12, 20), d(2025, 1, 3), "partial"),
        case("business", d(2025, 1, 2)),
        # 科研机构: two of one outcome.
        case("research", d(2024, 5, 5), d(2024, 5, 6), "withheld_3"),
        case("research", d(2024, 5, 5), d(2024, 5, 6), "withheld_3"),
        # 社会公益组织: the year's first and last days.
        case("public_welfare", d(2023, 12, 31), d(2024, 1, 1), "unavailable_2"),
        case("public_welfare", d(2024, 1, 1), d(2024, 12, 31), "not_processed_4"),
        # 法律服务机构: answered the day it came, on 31 December; and a year earlier.
        case("legal_service", d(2024, 12, 31), d(2024, 12, 31), "other_2"),
        case("legal_service", d(2023, 12, 31), d(2023, 12, 31), "other_3"),
    ]
    return cases


# Worked out by hand from a_year_of_cases, column by column (其他 has no case).
#            自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
EXPECTED = {
    "new": (21, 2, 2, 1, 1, 0, 27),
    "carried_in": (1, 2, 0, 1, 0, 0, 4),
    "disclosed": (1, 1, 0, 0, 0, 0, 2),
    "partial": (1, 0, 0, 0, 0, 0, 1),
    "group_3": (8, 0, 2, 0, 0, 0, 10),
    "withheld_1": (1, 0, 0, 0, 0, 0, 1),
    "withheld_2": (1, 0, 0, 0, 0, 0, 1),
    "withheld_3": (1, 0, 2, 0, 0, 0, 3),
    "withheld_4": (1, 0, 0, 0, 0, 0, 1),
    "withheld_5": (1, 0, 0, 0, 0, 0, 1),
    "withheld_6": (1, 0, 0, 0, 0, 0, 1),
    "withheld_7": (1, 0, 0, 0, 0, 0, 1),
    "withheld_8": (1, 0, 0, 0, 0, 0, 1),
    "group_4": (3, 0, 0, 1, 0, 0, 4),
    "unavailable_1": (1, 0, 0, 0, 0, 0, 1),
    "unavailable_2": (1, 0, 0, 1, 0, 0, 2),
    "unavailable_3": (1, 0, 0, 0, 0, 0, 1),
    "group_5": (5, 0, 0, 1, 0, 0, 6),
    "not_processed_1": (1, 0, 0, 0, 0, 0, 1),
    "not_processed_2": (1, 0, 0, 0, 0, 0, 1),
    "not_processed_3": (1, 0, 0, 0, 0, 0, 1),
    "not_processed_4": (1, 0, 0, 1, 0, 0, 2),
    "not_processed_5": (1, 0, 0, 0, 0, 0, 1),
    "group_6": (3, 0, 0, 0, 1, 0, 4),
    "other_1": (1, 0, 0, 0, 0, 0, 1),
    "other_2": (1, 0, 0, 0, 1, 0, 2),
    "other_3": (1, 0, 0, 0, 0, 0, 1),
    "total": (21, 1, 2, 2, 1, 0, 27),
    "carried_out": (1, 3, 0, 0, 0, 0, 4),
}


def typed(rows: dict[str, tuple[int, ...]]) -> dict[str, dict[str, int]]:
    """A hand-typed table: every row of EXPECTED's shape, zero unless given."""
    return {
        key: dict(zip(SECTION_THREE_COLUMNS, rows.get(key, (0,) * 7), strict=True))
        for key in VALUE_ROWS
    }


# --- the labels and the taxonomy ------------------------------------------------------------


def test_the_tables_use_the_taxonomys_values_and_labels():
    from gongkai.requests.taxonomy import OUTCOME_GROUPS as TAXONOMY_GROUPS
    from gongkai.requests.taxonomy import AppealResult, ApplicantType, Outcome

    assert APPLICANT_TYPES == tuple(ApplicantType.choices)
    assert OUTCOMES == tuple(Outcome.choices)
    assert APPEAL_RESULTS == tuple(AppealResult.choices)
    assert OUTCOME_GROUPS == tuple(
        (numeral, label, tuple((o.value, o.label) for o in outcomes))
        for numeral, label, outcomes in TAXONOMY_GROUPS
    )


def test_every_row_and_column_label_of_section_three_is_the_regulations():
    rendered = as_json(AnnualTables())["三"]
    assert rendered["columns"] == SECTION_THREE_COLUMN_LABELS
    assert [row["label"] for row in rendered["rows"]] == SECTION_THREE_ROW_LABELS


def test_every_row_of_section_three_has_its_depth_in_the_table():
    rows = as_json(AnnualTables())["三"]["rows"]
    levels = {row["label"]: row["level"] for row in rows}
    assert [label for label, level in levels.items() if level == 0] == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
    ]
    assert [label for label, level in levels.items() if level == 1] == [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
        "（七）总计",
    ]
    assert all(label[0].isdigit() for label, level in levels.items() if level == 2)


def test_section_four_and_section_two_labels_are_the_formats():
    rendered = as_json(AnnualTables())
    assert list(rendered) == ["二", "三", "四"]
    four = rendered["四"]
    assert four["columns"] == APPEAL_COLUMN_LABELS
    assert [(row["label"], row.get("group")) for row in four["rows"]] == [
        ("行政复议", None),
        ("未经复议直接起诉", "行政诉讼"),
        ("复议后起诉", "行政诉讼"),
    ]
    assert all(list(row["values"]) == APPEAL_COLUMN_LABELS for row in four["rows"])
    two = [(row["group"], row["label"], list(row["columns"])) for row in rendered["二"]["rows"]]
    counts = ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert two == [
        ("第二十条第（一）项", "规章", counts),
        ("第二十条第（一）项", "行政规范性文件", counts),
        ("第二十条第（五）项", "行政许可", ["本年处理决定数量"]),
        ("第二十条第（六）项", "行政处罚", ["本年处理决定数量"]),
        ("第二十条第（六）项", "行政强制", ["本年处理决定数量"]),
        ("第二十条第（八）项", "行政事业性收费", ["本年收费金额（单位：万元）"]),
    ]


# --- section 三 from cases ------------------------------------------------------------------


def test_every_cell_of_a_year_of_cases_is_counted_as_worked_out_by_hand():
    table = section_three(a_year_of_cases(), YEAR)
    for key in VALUE_ROWS:
        got = tuple(table.get(key, column) for column in SECTION_THREE_COLUMNS)
        assert got == EXPECTED[key], key
    assert table == SectionThree.from_values(typed(EXPECTED))


def test_a_year_of_cases_satisfies_every_identity():
    assert check_section_three(section_three(a_year_of_cases(), YEAR)) == []


def test_what_is_carried_out_of_a_year_is_carried_into_the_next():
    cases = a_year_of_cases()
    this_year, next_year = section_three(cases, YEAR), section_three(cases, YEAR + 1)
    for column in SECTION_THREE_COLUMNS:
        assert this_year.get("carried_out", column) == next_year.get("carried_in", column)


def test_a_case_answered_before_it_was_received_is_refused_by_its_reference():
    with pytest.raises(ReportDataError) as error:
        case("business", date(2024, 3, 2), date(2024, 3, 1), "disclosed", ref="7KQ4-M2XR-P")
    assert error.value.code == "answered_before_received"
    assert "7KQ4-M2XR-P" in error.value.message_zh and "早于收到日期" in error.value.message_zh


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (("business", date(2024, 3, 1), date(2024, 3, 2), ""), "answer_without_outcome"),
        (("business", date(2024, 3, 1), date(2024, 3, 2), "granted"), "answer_without_outcome"),
        (("business", date(2024, 3, 1), None, "disclosed"), "outcome_without_answer"),
        (("company", date(2024, 3, 1), None, ""), "applicant_type"),
    ],
)
def test_case_facts_no_report_can_count_are_refused(facts, code):
    with pytest.raises(ReportDataError) as error:
        CaseFacts(*facts)
    assert error.value.code == code


def test_no_cases_give_a_table_of_zeros():
    assert section_three([], YEAR) == SectionThree.zero()


# --- identities of typed tables ---------------------------------------------------------------


def test_a_sound_typed_table_has_no_identity_errors():
    assert check_section_three(SectionThree.from_values(typed(EXPECTED))) == []


def test_a_broken_balance_names_the_column_and_the_numbers():
    table = SectionThree.from_values(
        typed(
            {
                "new": (0, 3, 0, 0, 0, 0, 3),
                "carried_in": (0, 1, 0, 0, 0, 0, 1),
                "disclosed": (0, 2, 0, 0, 0, 0, 2),
                "total": (0, 2, 0, 0, 0, 0, 2),
                "carried_out": (0, 1, 0, 0, 0, 0, 1),
            }
        )
    )
    errors = check_section_three(table)
    assert [(e.identity, e.column) for e in errors] == [
        ("balance", "商业企业"),
        ("balance", "总计"),
    ]
    first = errors[0]
    assert first.message_zh == "“商业企业”列：一（3）+ 二（1）≠ 三（七）（2）+ 四（1）"
    assert first.message_en == "column 商业企业: I (3) + II (1) ≠ III(7) (2) + IV (1)"
    assert first.section == "三" and first.row == "new"
    assert first.numbers == (("new", 3), ("carried_in", 1), ("total", 2), ("carried_out", 1))


def test_a_total_that_is_not_the_sum_of_the_outcomes_is_named():
    rows = dict(EXPECTED)
    rows["total"] = (22, 1, 2, 2, 1, 0, 28)
    rows["carried_out"] = (0, 3, 0, 0, 0, 0, 3)  # keeps 一 + 二 = 三 + 四
    errors = check_section_three(SectionThree.from_values(typed(rows)))
    assert [(e.identity, e.column) for e in errors] == [
        ("outcome_total", "自然人"),
        ("outcome_total", "总计"),
    ]
    assert errors[0].message_zh == "“自然人”列：三（七）总计（22）≠ （一）至（六）各项之和（21）"


def test_a_typed_subtotal_that_is_not_the_sum_of_its_items_is_named():
    rows = dict(EXPECTED)
    rows["group_4"] = (3, 0, 0, 2, 0, 0, 5)
    errors = check_section_three(SectionThree.from_values(typed(rows)))
    assert [(e.identity, e.column, e.row) for e in errors] == [
        ("group_total", "社会公益组织", "group_4"),
        ("group_total", "总计", "group_4"),
    ]
    assert errors[0].message_zh == "“社会公益组织”列：（四）无法提供（2）≠ 其下1至3项之和（1）"


def test_a_total_column_that_is_not_the_sum_of_the_row_is_named():
    rows = dict(EXPECTED)
    rows["withheld_8"] = (1, 0, 0, 0, 0, 0, 2)
    rows["group_3"] = (8, 0, 2, 0, 0, 0, 11)
    rows["total"] = (21, 1, 2, 2, 1, 0, 28)
    rows["new"] = (21, 2, 2, 1, 1, 0, 28)
    errors = check_section_three(SectionThree.from_values(typed(rows)))
    assert [(e.identity, e.column, e.row) for e in errors] == [
        ("column_total", "总计", "new"),
        ("column_total", "总计", "group_3"),
        ("column_total", "总计", "withheld_8"),
        ("column_total", "总计", "total"),
    ]
    assert (
        errors[0].message_zh
        == "“一、本年新收政府信息公开申请数量”行：总计（28）≠ 各类申请人之和（27）"
    )


def test_subtotal_rows_may_be_left_out_of_a_typed_table_as_the_official_table_prints_none():
    values = typed(EXPECTED)
    for group in ("group_3", "group_4", "group_5", "group_6"):
        del values[group]
    assert SectionThree.from_values(values) == SectionThree.from_values(typed(EXPECTED))


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        (lambda v: v["new"].update({"商业企业": -1}), "negative", "不能为负数"),
        (lambda v: v["new"].update({"商业企业": 1.0}), "not_a_count", "须为整数"),
        (lambda v: v["new"].update({"商业企业": True}), "not_a_count", "须为整数"),
        (lambda v: v["new"].pop("总计"), "missing_cell", "未填写"),
        (lambda v: v.pop("carried_out"), "missing_row", "四、结转下年度继续办理"),
        (lambda v: v.update({"withheld_9": v["new"]}), "unknown_row", "withheld_9"),
        (lambda v: v["new"].update({"个体工商户": 0}), "unknown_column", "个体工商户"),
    ],
)
def test_a_typed_table_with_impossible_figures_is_refused(change, code, words):
    values = typed(EXPECTED)
    change(values)
    with pytest.raises(ReportDataError) as error:
        SectionThree.from_values(values)
    assert error.value.code == code and words in error.value.message_zh


def test_a_negative_figure_is_refused_naming_its_cell():
    values = typed(EXPECTED)
    values["withheld_2"]["科研机构"] = -2
    with pytest.raises(ReportDataError) as error:
        SectionThree.from_values(values)
    assert error.value.message_zh == "“2.其他法律行政法规禁止公开”行“科研机构”列不能为负数（-2）。"


# --- properties -----------------------------------------------------------------------------

applicant_types = st.sampled_from([value for value, _ in APPLICANT_TYPES])
outcomes = st.sampled_from(OUTCOME_VALUES)


@st.composite
def cases_st(draw) -> CaseFacts:
    received = draw(st.dates(min_value=date(2021, 1, 1), max_value=date(2025, 12, 31)))
    if draw(st.booleans()):
        answered = received + timedelta(days=draw(st.integers(min_value=0, max_value=500)))
        return case(draw(applicant_types), received, answered, draw(outcomes))
    return case(draw(applicant_types), received)


years = st.integers(min_value=2020, max_value=2026)


@settings(max_examples=200)
@given(st.lists(cases_st(), max_size=60), years)
def test_any_consistent_cases_give_a_table_with_every_identity(cases, year):
    assert check_section_three(section_three(cases, year)) == []


@settings(max_examples=200)
@given(st.lists(st.tuples(cases_st(), st.integers(min_value=0, max_value=3)), max_size=60), years)
def test_the_county_sum_of_units_tables_is_the_table_of_all_their_cases(tagged, year):
    units: dict[int, list[CaseFacts]] = {0: [], 1: [], 2: [], 3: []}
    for facts, unit in tagged:
        units[unit].append(facts)
    parts = [AnnualTables(three=section_three(cases, year)) for cases in units.values()]
    everything = section_three([facts for facts, _ in tagged], year)
    assert aggregate(parts).three == everything


@settings(max_examples=100)
@given(st.lists(cases_st(), max_size=40), years)
def test_the_new_cases_are_the_cases_received_in_the_year(cases, year):
    table = section_three(cases, year)
    assert table.get("new", "总计") == sum(c.received_on.year == year for c in cases)
    answered = [c for c in cases if c.answered_on and c.answered_on.year == year]
    assert table.get("total", "总计") == len(answered)


# --- section 四 -----------------------------------------------------------------------------


def appeal(kind, result, on, after=False, decided=None):
    return AppealFacts(kind, result, after, on, decided)


def test_section_four_counts_the_appeals_filed_in_the_year_as_they_stood_at_its_end():
    appeals = [
        appeal("reconsideration", "upheld", date(2024, 2, 1), decided=date(2024, 4, 1)),
        appeal("reconsideration", "corrected", date(2024, 3, 1)),
        appeal("reconsideration", "other", date(2024, 5, 1)),
        appeal("reconsideration", "pending", date(2024, 11, 1)),
        # decided in January: on 31 December it was still pending
        appeal("reconsideration", "upheld", date(2024, 12, 1), decided=date(2025, 1, 10)),
        appeal("litigation", "upheld", date(2024, 6, 1)),
        appeal("litigation", "upheld", date(2024, 7, 1)),
        appeal("litigation", "corrected", date(2024, 8, 1), after=True),
        appeal("litigation", "pending", date(2024, 9, 1), after=True),
        # filed in other years
        appeal("reconsideration", "upheld", date(2023, 12, 31)),
        appeal("litigation", "other", date(2025, 1, 1)),
    ]
    table = section_four(appeals, YEAR)
    assert table.values() == {
        "reconsideration": {"结果维持": 1, "结果纠正": 1, "其他结果": 1, "尚未审结": 2, "总计": 5},
        "litigation_direct": {
            "结果维持": 2,
            "结果纠正": 0,
            "其他结果": 0,
            "尚未审结": 0,
            "总计": 2,
        },
        "litigation_after_reconsideration": {
            "结果维持": 0,
            "结果纠正": 1,
            "其他结果": 0,
            "尚未审结": 1,
            "总计": 2,
        },
    }
    assert check_section_four(table) == []
    assert as_json(AnnualTables(four=table))["四"]["rows"][2] == {
        "label": "复议后起诉",
        "group": "行政诉讼",
        "values": {"结果维持": 0, "结果纠正": 1, "其他结果": 0, "尚未审结": 1, "总计": 2},
    }


def test_a_typed_section_four_whose_total_is_not_the_sum_is_named():
    values = SectionFour.zero().values()
    values["reconsideration"] = {
        "结果维持": 1,
        "结果纠正": 1,
        "其他结果": 1,
        "尚未审结": 1,
        "总计": 5,
    }
    errors = check_section_four(SectionFour.from_values(values))
    assert len(errors) == 1 and errors[0].row == "reconsideration" and errors[0].column == "总计"
    assert errors[0].message_zh == (
        "行政复议：总计（5）≠ 结果维持（1）+ 结果纠正（1）+ 其他结果（1）+ 尚未审结（1）"
    )


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (
            ("reconsideration", "upheld", True, date(2024, 1, 1), None),
            "reconsideration_after_reconsideration",
        ),
        (("petition", "upheld", False, date(2024, 1, 1), None), "appeal_kind"),
        (("litigation", "won", False, date(2024, 1, 1), None), "appeal_result"),
        (
            ("litigation", "pending", False, date(2024, 1, 1), date(2024, 2, 1)),
            "pending_with_decision",
        ),
        (
            ("litigation", "upheld", False, date(2024, 1, 2), date(2024, 1, 1)),
            "decided_before_filed",
        ),
    ],
)
def test_appeal_facts_that_cannot_be_are_refused(facts, code):
    with pytest.raises(ReportDataError) as error:
        AppealFacts(*facts)
    assert error.value.code == code


def test_a_negative_appeal_figure_is_refused():
    values = SectionFour.zero().values()
    values["litigation_direct"]["尚未审结"] = -1
    with pytest.raises(ReportDataError) as error:
        SectionFour.from_values(values)
    assert (
        error.value.code == "negative" and "行政诉讼（未经复议直接起诉）" in error.value.message_zh
    )


# --- section 二 -----------------------------------------------------------------------------

SECTION_TWO_VALUES = {
    "rules_issued": 0,
    "rules_repealed": 0,
    "rules_in_force": 0,
    "normative_issued": 3,
    "normative_repealed": 1,
    "normative_in_force": 42,
    "licensing_decisions": 1250,
    "penalty_decisions": 37,
    "compulsion_decisions": 2,
    "fees_wan_yuan": "12.5",
}


def test_section_two_from_typed_values_and_its_json():
    two = SectionTwo.from_values(SECTION_TWO_VALUES)
    assert two.fees_wan_yuan == Decimal("12.5") and two.normative_in_force == 42
    assert as_json(AnnualTables(two=two))["二"]["rows"][1:] == [
        {
            "group": "第二十条第（一）项",
            "label": "行政规范性文件",
            "columns": {"本年制发件数": 3, "本年废止件数": 1, "现行有效件数": 42},
        },
        {"group": "第二十条第（五）项", "label": "行政许可", "columns": {"本年处理决定数量": 1250}},
        {"group": "第二十条第（六）项", "label": "行政处罚", "columns": {"本年处理决定数量": 37}},
        {"group": "第二十条第（六）项", "label": "行政强制", "columns": {"本年处理决定数量": 2}},
        {
            "group": "第二十条第（八）项",
            "label": "行政事业性收费",
            "columns": {"本年收费金额（单位：万元）": "12.5"},
        },
    ]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("penalty_decisions", -1, "negative"),
        ("penalty_decisions", 2.0, "not_a_count"),
        ("fees_wan_yuan", "-0.01", "negative"),
        ("fees_wan_yuan", 0.1, "not_money"),
        ("fees_wan_yuan", "十万", "not_money"),
        ("fees_wan_yuan", "NaN", "not_money"),
        ("fees_wan_yuan", "0.0000001", "too_precise"),
    ],
)
def test_section_two_refuses_impossible_figures(field, value, code):
    with pytest.raises(ReportDataError) as error:
        SectionTwo.from_values({**SECTION_TWO_VALUES, field: value})
    assert error.value.code == code


def test_section_two_needs_every_figure_and_knows_only_its_own():
    values = dict(SECTION_TWO_VALUES)
    del values["licensing_decisions"]
    with pytest.raises(ReportDataError) as error:
        SectionTwo.from_values(values)
    assert error.value.message_zh == "第二部分“行政许可”本年处理决定数量未填写。"
    with pytest.raises(ReportDataError):
        SectionTwo.from_values({**SECTION_TWO_VALUES, "subsidies": 1})


def test_fees_kept_in_yuan_become_exact_wan_yuan_and_sum_exactly():
    assert wan_yuan(Decimal("1234.56")) == Decimal("0.123456")
    parts = [
        AnnualTables(two=SectionTwo(fees_wan_yuan=wan_yuan(Decimal(y))))
        for y in ("1000.10", "2000.20")
    ]
    county = aggregate(parts).two
    assert county.fees_wan_yuan == Decimal("0.30003")
    assert as_json(AnnualTables(two=county))["二"]["rows"][-1]["columns"] == {
        "本年收费金额（单位：万元）": "0.30003"
    }


# --- the county and the JSON ------------------------------------------------------------------


def test_aggregate_sums_every_section_cell_by_cell():
    one = AnnualTables(
        SectionTwo.from_values(SECTION_TWO_VALUES),
        section_three(a_year_of_cases(), YEAR),
        section_four([appeal("litigation", "upheld", date(2024, 6, 1))], YEAR),
    )
    two = aggregate([one, one])
    assert two.two.licensing_decisions == 2500 and two.two.fees_wan_yuan == Decimal("25")
    assert two.three.get("new", "总计") == 54 and two.three.get("withheld_3", "科研机构") == 4
    assert two.four.get("litigation_direct", "结果维持") == 2
    assert check(two) == []
    assert aggregate([]) == AnnualTables()


def test_the_json_lists_every_row_in_report_order_with_its_figures():
    rendered = as_json(AnnualTables(three=section_three(a_year_of_cases(), YEAR)))["三"]
    rows = rendered["rows"]
    assert rows[0] == {
        "label": "一、本年新收政府信息公开申请数量",
        "level": 0,
        "values": dict(zip(SECTION_THREE_COLUMN_LABELS, EXPECTED["new"], strict=True)),
    }
    assert rows[2] == {"label": "三、本年度办理结果", "level": 0, "values": None}
    figures = [row["values"] for row in rows if row["values"] is not None]
    assert [tuple(v.values()) for v in figures] == [EXPECTED[key] for key in VALUE_ROWS]


def test_the_json_reads_back_into_the_same_tables():
    report = AnnualTables(
        SectionTwo.from_values(SECTION_TWO_VALUES),
        section_three(a_year_of_cases(), YEAR),
        section_four([appeal("reconsideration", "pending", date(2024, 6, 1))], YEAR),
    )
    text = json.dumps(as_json(report), ensure_ascii=False)
    assert from_json(json.loads(text)) == report


def test_typed_json_may_leave_out_the_subtotals_but_not_change_a_label():
    data = as_json(AnnualTables(three=section_three(a_year_of_cases(), YEAR)))
    data["三"]["rows"] = [r for r in data["三"]["rows"] if r["label"] != "（三）不予公开"]
    del data["三"]["rows"][13]["values"]  # （四）无法提供 as printed: a line without figures
    assert data["三"]["rows"][13]["label"] == "（四）无法提供"
    assert from_json(data).three.get("group_3", "总计") == 10
    assert from_json(data).three.get("group_4", "总计") == 4
    data["三"]["rows"][0]["label"] = "一、本年新收申请数量"
    with pytest.raises(ReportDataError) as error:
        from_json(data)
    assert error.value.code == "unknown_row" and "一、本年新收申请数量" in error.value.message_zh


def test_a_typed_section_with_an_unknown_row_is_refused():
    data = as_json(AnnualTables())
    data["四"]["rows"][1]["group"] = "行政复议"
    with pytest.raises(ReportDataError) as error:
        from_json(data)
    assert error.value.code == "unknown_row"
    data = as_json(AnnualTables())
    data["二"]["rows"][0]["group"] = "第二十条第(一)项"  # half-width brackets
    with pytest.raises(ReportDataError):
        from_json(data)


def test_the_json_is_what_the_report_renderer_lays_out():
    render = pytest.importorskip("gongkai.reports.render")
    report = AnnualTables(
        SectionTwo.from_values(SECTION_TWO_VALUES),
        section_three(a_year_of_cases(), YEAR),
        section_four([appeal("litigation", "corrected", date(2024, 6, 1), after=True)], YEAR),
    )
    laid_out = render.grids({"sections": as_json(report)})
    assert [grid.key for grid in laid_out] == ["二", "三", "四"]
    texts = {cell.text for grid in laid_out for cell in grid.cells}
    assert set(SECTION_THREE_ROW_LABELS) <= texts


def test_a_report_error_says_why_in_both_languages():
    error = ReportDataError("negative", "不能为负数。", "cannot be negative")
    assert str(error) == "不能为负数。 (cannot be negative)"
