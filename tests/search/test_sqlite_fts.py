"""The SQLite FTS5 backend on its own (a plain sqlite3 connection, as the bench uses it)."""

from __future__ import annotations

import sqlite3

import pytest

from gongkai.search import sqlite_fts as backend
from gongkai.search.entries import Entry, Filters, Kind
from gongkai.search.segment import parse_query

TODAY = Filters(today="2026-06-30")


def doc(n: int, title: str, body: str = "", **fields) -> Entry:
    defaults = dict(
        key=f"document:{n}",
        kind=Kind.DOCUMENT,
        title=title,
        url=f"/d/{n}/",
        unit_code="620321003",
        unit="永昌县教育局",
        index_no=f"620321003/2024-{n:05d}",
        columns="法定主动公开内容",
        column_keys=("art20-01", "proactive"),
        body=body,
        year=2024,
        validity="valid",
        published_on=f"2024-03-{n:02d}",
    )
    return Entry(**{**defaults, **fields})


@pytest.fixture
def conn():
    connection = sqlite3.connect(":memory:")
    backend.create(connection)
    backend.create(connection)  # idempotent
    return connection


def hits(conn, text: str, filters: Filters = TODAY) -> list[str]:
    return [h.key for h in backend.search(conn, parse_query(text), filters, limit=50).hits]


def test_the_title_outranks_the_body_and_ties_go_to_the_newest(conn):
    backend.add(
        conn,
        [
            doc(1, "关于秸秆禁烧的通知"),
            doc(2, "关于春耕的通知", body="做好秸秆禁烧工作。"),
            doc(3, "关于秸秆禁烧的通知"),
        ],
    )
    assert hits(conn, "秸秆禁烧") == ["document:3", "document:1", "document:2"]


def test_a_name_typed_whole_ranks_the_documents_holding_it_first(conn):
    backend.add(
        conn,
        [doc(1, "人事任免", body="张明晓同志任职。"), doc(2, "人事任免", body="张晓明同志任职。")],
    )
    assert hits(conn, "张晓明") == ["document:2", "document:1"]


def test_a_phrase_in_quotes_must_be_as_written(conn):
    backend.add(conn, [doc(1, "城乡居民低保"), doc(2, "城乡低保")])
    assert hits(conn, "“城乡低保”") == ["document:2"]
    assert sorted(hits(conn, "城乡 低保")) == ["document:1", "document:2"]


def test_numbers_match_exactly_and_a_year_also_matches_the_year_field(conn):
    backend.add(
        conn,
        [
            doc(1, "甲", doc_no="永教发〔2024〕12号"),
            doc(2, "乙", doc_no="永教发〔2024〕1号", year=2023, published_on="2023-01-02"),
        ],
    )
    assert hits(conn, "永教发（2024）12号") == ["document:1"]
    assert hits(conn, "620321003/2024-00002") == ["document:2"]
    assert sorted(hits(conn, "2024")) == ["document:1", "document:2"]  # field or text
    assert hits(conn, "2023") == ["document:2"]


def test_filters_and_the_publication_day(conn):
    backend.add(
        conn,
        [
            doc(1, "学校安全", unit_code="620321004", column_keys=("guide",)),
            doc(2, "学校安全", validity="repealed"),
            doc(3, "学校安全", kind=Kind.LEADER, published_on=""),
            doc(4, "学校安全", published_on="2026-07-01"),
        ],
    )
    assert sorted(hits(conn, "学校安全")) == ["document:1", "document:2", "document:3"]
    assert hits(conn, "学校安全", Filters(today="2026-06-30", unit_code="620321004")) == [
        "document:1"
    ]
    assert hits(conn, "学校安全", Filters(today="2026-06-30", column="guide")) == ["document:1"]
    assert hits(conn, "学校安全", Filters(today="2026-06-30", validity="repealed")) == [
        "document:2"
    ]
    assert hits(conn, "学校安全", Filters(today="2026-06-30", kind="leader")) == ["document:3"]
    assert "document:4" in hits(conn, "学校安全", Filters(today="2026-07-01"))


def test_facets_count_every_match(conn):
    backend.add(conn, [doc(n, "学校安全", year=2020 + n % 3) for n in range(1, 8)])
    results = backend.search(conn, parse_query("学校安全"), TODAY, limit=2)
    assert results.total == 7 and len(results.hits) == 2
    assert results.facets["year"] == [(2022, 2), (2021, 3), (2020, 2)]
    assert results.facets["column"] == [("art20-01", 7), ("proactive", 7)]


def test_adding_again_replaces_and_remove_takes_out(conn):
    backend.add(conn, [doc(1, "旧标题")])
    backend.add(conn, [doc(1, "新标题")])
    assert hits(conn, "旧标题") == [] and hits(conn, "新标题") == ["document:1"]
    assert backend.count(conn) == 1 and backend.keys(conn, "document:") == {"document:1"}
    assert backend.remove(conn, ["document:1", "document:9"]) == 1
    assert backend.count(conn) == 0


@pytest.mark.parametrize(
    "text", ['"', "'", "a:b", "title : x", "NEAR(a b)", "*", "a OR b", "^x", "-x", "\\", "()"]
)
def test_query_syntax_in_the_box_is_only_text(conn, text):
    backend.add(conn, [doc(1, "学校安全")])
    backend.search(conn, parse_query(text), TODAY)  # no sqlite3.OperationalError


def test_an_empty_box_finds_nothing(conn):
    assert backend.search(conn, parse_query("   "), TODAY).total == 0


def test_meta_stores_the_dictionary_signature(conn):
    assert backend.get_meta(conn, "x") is None
    backend.set_meta(conn, "x", "1")
    backend.set_meta(conn, "x", "2")
    assert backend.get_meta(conn, "x") == "2"


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(backend, "RANK_LIMIT", 3)
    monkeypatch.setattr(backend, "COUNT_LIMIT", 5)
    monkeypatch.setattr(backend, "FACET_SAMPLE", 4)


def test_a_large_result_comes_by_tier_newest_first_across_pages(conn, small_limits):
    backend.add(
        conn,
        [
            doc(1, "关于学校安全的通知"),  # both words in the title
            doc(2, "其他", body="学校安全"),  # only in the body
            doc(3, "学校安全检查"),
            doc(4, "安全的学校"),
            doc(5, "学校安全"),
            doc(6, "其他", body="学校的安全"),
        ],
    )
    query = parse_query("学校安全")
    order = ["document:5", "document:4", "document:3", "document:1", "document:6", "document:2"]
    results = backend.search(conn, query, TODAY, limit=10)
    assert not results.ranked and [h.key for h in results.hits] == order
    paged = [
        h.key
        for offset in (0, 2, 4)
        for h in backend.search(conn, query, TODAY, limit=2, offset=offset).hits
    ]
    assert paged == order
    assert backend.top_keys(conn, query, TODAY.today, limit=3) == order[:3]
    assert results.total == 5 and results.total_is_floor  # six, counted up to five
    assert results.facets_sample == 4 and results.facets["kind"] == [("document", 4)]


def test_a_removal_after_the_dictionary_changed_marks_the_index_stale(conn, monkeypatch):
    backend.add(conn, [doc(1, "学校安全")])
    monkeypatch.setattr(backend.segment, "dictionary_signature", lambda: "another")
    assert backend.remove(conn, ["document:1"]) == 1
    assert backend.get_meta(conn, backend.STALE) == "1" and backend.count(conn) == 0
    assert hits(conn, "学校安全") == []  # the stale tokens find no entry to show
    backend.clear(conn)
    assert backend.get_meta(conn, backend.STALE) is None
