"""The demo county 永昌县 (gongkai.ops.demo_data): shape, determinism and statutory consistency.

Pure data tests: no database, no Django.
"""

from __future__ import annotations

import ast
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from gongkai.ops import demo_data
from gongkai.ops.demo_data import COUNTY_CODE, TOPICS, UNITS, DocumentSpec

END = date(2026, 11, 20)
COLUMNS = {
    "guide",
    "system",
    "annual_report",
    "request",
    "art21",
    *(f"art20-{n:02d}" for n in range(1, 16)),
}
KINDS = {"county", "department", "township", "community", "enterprise"}
DOC_NO = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
REPORT_YEAR = re.compile(r"(\d{4})年(?:政府)?信息公开工作年度报告$")
BY_CODE = {u.code: u for u in UNITS}


@pytest.fixture(autouse=True)
def _isolated_media():
    """Overrides the autouse fixture of tests/conftest.py: these tests need neither Django nor media."""


@pytest.fixture(scope="module")
def docs() -> list[DocumentSpec]:
    return demo_data.documents()


# --------------------------------------------------------------------------- module


def test_module_imports_only_the_standard_library():
    tree = ast.parse(Path(demo_data.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "random", "re", "collections", "dataclasses", "datetime"}, (
        imported
    )


def test_topics_are_the_first_level_categories():
    assert len(TOPICS) == 21
    assert TOPICS[0] == "综合政务" and TOPICS[-1] == "其他"
    assert "人口与计划生育、妇女儿童工作" in TOPICS and "港澳台侨工作" in TOPICS


# --------------------------------------------------------------------------- units


def test_thirty_eight_units_with_unique_nine_digit_codes():
    assert len(UNITS) == 38
    codes = [u.code for u in UNITS]
    assert len(set(codes)) == 38
    assert all(len(c) == 9 and c.isdigit() and c.startswith("620321") for c in codes)
    assert UNITS[0].code == COUNTY_CODE == "620321000"
    assert UNITS[0].name == "永昌县人民政府" and UNITS[0].short_name == "永政"
    assert len({u.name for u in UNITS}) == 38
    assert len({u.short_name for u in UNITS}) == 38


def test_kinds_and_counts():
    kinds = Counter(u.kind for u in UNITS)
    assert set(kinds) == KINDS
    assert kinds["county"] == 1
    assert kinds["township"] == 10
    assert kinds["community"] == 4
    assert kinds["enterprise"] == 3
    assert kinds["department"] == 20


def test_the_real_townships():
    towns = {u.name for u in UNITS if u.kind == "township"}
    assert towns == {
        "城关镇人民政府",
        "河西堡镇人民政府",
        "新城子镇人民政府",
        "朱王堡镇人民政府",
        "东寨镇人民政府",
        "水源镇人民政府",
        "红山窑镇人民政府",
        "焦家庄镇人民政府",
        "六坝镇人民政府",
        "南坝乡人民政府",
    }


def test_parents_exist_come_first_and_follow_the_hierarchy():
    seen: set[str] = set()
    for unit in UNITS:
        if unit.kind == "county":
            assert unit.parent is None
        else:
            assert unit.parent in seen, f"{unit.name}: parent must exist and come earlier"
            parent = BY_CODE[unit.parent]
            expected = "township" if unit.kind == "community" else "county"
            assert parent.kind == expected, unit.name
        seen.add(unit.code)
    for unit in UNITS:
        if unit.kind == "community":
            assert unit.name.startswith(BY_CODE[unit.parent].name.removesuffix("人民政府"))


def test_contact_details():
    for unit in UNITS:
        assert "永昌县" in unit.address, unit.name
        assert re.fullmatch(r"0935-75\d{5}", unit.phone), unit.phone
        assert re.fullmatch(r"yc-[a-z]+@yongchang\.gov\.cn", unit.email), unit.email
        assert re.fullmatch(r"7372\d\d", unit.postcode), unit.postcode
        assert "工作日" in unit.office_hours and "8:30" in unit.office_hours
        assert unit.disclosure_office
    assert len({u.email for u in UNITS}) == 38


def test_leaders_and_bodies():
    names = [leader.name for u in UNITS for leader in u.leaders]
    assert len(names) == len(set(names)), "leader names are unique"
    for unit in UNITS:
        assert 2 <= len(unit.leaders) <= 4, unit.name
        assert 2 <= len(unit.bodies) <= 6, unit.name
        assert len({b.name for b in unit.bodies}) == len(unit.bodies)
        for leader in unit.leaders:
            assert 2 <= len(leader.name) <= 3
            assert leader.post and leader.duties
            assert leader.resume.count("\n") >= 2, leader.resume
            assert f"{unit.name}{leader.post}" in leader.resume
        for body in unit.bodies:
            assert body.duties and re.fullmatch(r"0935-75\d{5}", body.phone)
    posts = {u.kind: {leader.post for leader in u.leaders} for u in UNITS}
    assert posts["county"] == {"县长", "副县长"}
    assert UNITS[0].leaders[0].post == "县长"
    for unit in UNITS:
        if unit.kind == "township":
            assert unit.leaders[0].post in ("镇长", "乡长")
        if unit.kind == "community":
            assert unit.leaders[0].post == "主任"


# --------------------------------------------------------------------------- documents


def test_deterministic(docs):
    again = demo_data.documents()
    assert again == docs
    assert again is not docs


def test_total(docs):
    assert 1500 <= len(docs) <= 2500


def test_fields(docs):
    for doc in docs:
        assert doc.unit in BY_CODE
        assert doc.column in COLUMNS, doc.column
        assert doc.topic in TOPICS, doc.topic
        assert doc.form in ("rule", "normative", "other")
        assert doc.validity in ("valid", "expired", "repealed")
        assert doc.title and len(doc.title) <= 300
        assert 2 <= len(doc.keywords) <= 4, doc.keywords
        assert all(k and " " not in k for k in doc.keywords)
        assert len(set(doc.keywords)) == len(doc.keywords)
        assert isinstance(doc.important, bool)


def test_dates(docs):
    for doc in docs:
        assert doc.written_on <= doc.published_on <= END, doc.title
        assert date(2015, 1, 1) <= doc.written_on
        assert (doc.published_on - doc.written_on).days <= 31, doc.title
    assert docs == sorted(
        docs, key=lambda d: (d.published_on, d.written_on, d.unit, d.column, d.title)
    )


def test_bodies(docs):
    for doc in docs:
        assert 3 <= len(doc.body) <= 8, doc.title
        assert all(isinstance(p, str) and p.strip() for p in doc.body), doc.title
        assert not any("<" in p and ">" in p for p in doc.body), "plain text, no HTML"
        assert not any("{" in p or "}" in p for p in doc.body), f"unfilled template in {doc.title}"
        assert not any("None" in p for p in doc.body), doc.title
    # Bodies are varied, not one text stamped everywhere.
    first = Counter(doc.body[1] for doc in docs)
    assert first.most_common(1)[0][1] < len(docs) / 20


def test_titles_unique_per_unit_and_column(docs):
    keys = Counter((d.unit, d.column, d.title) for d in docs)
    assert keys.most_common(1)[0][1] == 1
    assert not any("{" in d.title or "}" in d.title for d in docs)


def test_every_column_used(docs):
    assert {d.column for d in docs} == COLUMNS


def test_every_unit_has_guide_system_request_and_organisation(docs):
    per_unit = defaultdict(Counter)
    for doc in docs:
        per_unit[doc.unit][doc.column] += 1
    for unit in UNITS:
        columns = per_unit[unit.code]
        assert columns["guide"] >= 1, unit.name
        assert columns["system"] >= 1, unit.name
        assert columns["request"] == 1, unit.name
        assert columns["art20-02"] >= 1, unit.name


def test_one_valid_guide_per_unit(docs):
    for unit in UNITS:
        guides = [d for d in docs if d.unit == unit.code and d.column == "guide"]
        assert sum(d.validity == "valid" for d in guides) == 1, unit.name
        for guide in guides:
            if guide.validity != "valid":
                assert guide.replaced_by is not None


def test_annual_reports(docs):
    reports = defaultdict(list)
    for doc in docs:
        if doc.column == "annual_report":
            match = REPORT_YEAR.search(doc.title)
            assert match, doc.title
            reports[doc.unit].append((int(match.group(1)), doc))
    for unit in UNITS:
        years = Counter(year for year, _ in reports[unit.code])
        for year in range(2019, 2026):
            assert years[year] == 1, f"{unit.name} {year}"
        assert years.most_common(1)[0][1] == 1
        for year, doc in reports[unit.code]:
            if unit.kind == "county":
                deadline = date(year + 1, 3, 31)
            else:
                deadline = date(year + 1, 1, 31)
            assert date(year + 1, 1, 1) <= doc.written_on <= doc.published_on <= deadline, doc.title
    county_years = {year for year, _ in reports[COUNTY_CODE]}
    assert 2014 not in county_years  # the real 2014 report comes from the seed page


def test_replaced_by(docs):
    for i, doc in enumerate(docs):
        if doc.replaced_by is None:
            continue
        assert doc.validity != "valid", doc.title
        assert 0 <= doc.replaced_by < len(docs) and doc.replaced_by != i
        newer = docs[doc.replaced_by]
        assert newer.unit == doc.unit, doc.title
        assert newer.written_on > doc.published_on, doc.title
        assert doc.replaced_by > i, "the successor comes later in the list"


def test_no_replacement_cycles(docs):
    for i in range(len(docs)):
        seen = set()
        current: int | None = i
        while current is not None:
            assert current not in seen
            seen.add(current)
            current = docs[current].replaced_by


def test_validity_mix(docs):
    validity = Counter(d.validity for d in docs)
    assert validity["repealed"] >= 30 and validity["expired"] >= 30
    normative = [d for d in docs if d.form == "normative"]
    assert len(normative) >= 100
    assert sum(d.validity == "repealed" for d in normative) >= 20
    assert any(d.validity == "expired" and d.replaced_by is None for d in normative)


def test_interpretations(docs):
    interpretations = [d for d in docs if d.interprets is not None]
    assert 0.03 <= len(interpretations) / len(docs) <= 0.08
    for doc in interpretations:
        policy = docs[doc.interprets]
        assert policy.form == "normative", doc.title
        assert policy.unit == doc.unit
        assert policy.written_on <= doc.written_on and policy.published_on <= doc.published_on
        assert doc.title.startswith("关于《") and doc.title.endswith("》的政策解读")
        assert doc.form == "other" and doc.doc_no is None
        if policy.validity != "valid":
            assert doc.validity != "valid"


def test_doc_nos(docs):
    numbered = [d for d in docs if d.doc_no is not None]
    assert len(numbered) >= 300
    assert len({d.doc_no for d in numbered}) == len(numbered)
    prefixes: dict[str, set[str]] = defaultdict(set)
    for doc in numbered:
        match = DOC_NO.match(doc.doc_no)
        assert match, doc.doc_no
        assert int(match.group("year")) == doc.written_on.year, doc.doc_no
        unit = BY_CODE[doc.unit]
        assert match.group("prefix").startswith(unit.short_name), doc.doc_no
        prefixes[match.group("prefix")].add(doc.unit)
    assert all(len(units) == 1 for units in prefixes.values()), "a prefix belongs to one unit"
    # Numbers grow with the date within a prefix and year.
    groups = defaultdict(list)
    for doc in numbered:
        match = DOC_NO.match(doc.doc_no)
        groups[(match.group("prefix"), match.group("year"))].append(
            (doc.written_on, int(match.group("seq")))
        )
    for items in groups.values():
        items.sort()
        seqs = [seq for _, seq in items]
        assert seqs == sorted(seqs)
    assert any(d.doc_no.startswith("永政发〔") for d in numbered)
    assert all(d.doc_no for d in docs if d.form == "normative")


def test_normative_documents_mostly_in_art20_01(docs):
    normative = [d for d in docs if d.form == "normative"]
    assert all(d.column == "art20-01" for d in normative)
    county = [d for d in normative if d.unit == COUNTY_CODE]
    assert len(county) >= 20
    assert "永昌县人民政府关于印发《永昌县城乡居民最低生活保障实施办法》的通知" in {
        d.title for d in county
    }
    rules = [d for d in docs if d.form == "rule"]
    assert rules and all(
        d.unit == COUNTY_CODE and d.column == "art20-01" and d.doc_no is None for d in rules
    )


def test_budgets_and_final_accounts(docs):
    budgets = defaultdict(set)
    for doc in docs:
        if doc.column == "art20-07":
            budgets[doc.unit].add(doc.written_on.year)
    for unit in UNITS:
        if unit.kind in ("county", "department", "township"):
            assert len(budgets[unit.code]) >= 4, unit.name


def test_recruitment_and_statistics(docs):
    recruit = [d for d in docs if d.column == "art20-14"]
    assert any("公开招聘" in d.title for d in recruit)
    assert any("公务员" in d.title for d in recruit)
    assert any("统计公报" in d.title for d in docs if d.column == "art20-04")


def test_more_documents_for_bigger_units_and_recent_years(docs):
    per_unit = Counter(d.unit for d in docs)
    county = per_unit[COUNTY_CODE]
    communities = [per_unit[u.code] for u in UNITS if u.kind == "community"]
    departments = [per_unit[u.code] for u in UNITS if u.kind == "department"]
    assert county > max(departments) > max(communities)
    assert sum(departments) / len(departments) > 1.5 * sum(communities) / len(communities)
    years = Counter(d.written_on.year for d in docs)
    assert sum(years[y] for y in range(2022, 2026)) > 2 * sum(years[y] for y in range(2015, 2019))
    assert set(years) == set(range(2015, 2027))


def test_units_publish_over_several_years(docs):
    years = defaultdict(set)
    for doc in docs:
        years[doc.unit].add(doc.written_on.year)
    assert len(years[COUNTY_CODE]) >= 10
    for unit in UNITS:
        assert len(years[unit.code]) >= 5, unit.name


def test_topics_spread(docs):
    topics = Counter(d.topic for d in docs)
    assert len(topics) >= 15
    assert topics.most_common(1)[0][1] < len(docs) / 2


def test_established_units_start_after_reform(docs):
    """Units created in the 2019 institutional reform have nothing earlier."""
    reformed = {
        u.code
        for u in UNITS
        if u.name in ("永昌县自然资源局", "永昌县应急管理局", "永昌县医疗保障局")
    }
    for doc in docs:
        if doc.unit in reformed:
            assert doc.written_on.year >= 2019, doc.title
