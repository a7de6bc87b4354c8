"""The PostgreSQL search backend (gongkai.search.postgres_fts) against a real server.

Each module run gets a throw-away schema with a random name (so pytest-xdist workers do not meet)
on GONGKAI_TEST_PG_URL, default the local trust-auth server; every test runs in a transaction that
is rolled back. Without a server the module is skipped.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator

import psycopg
import pytest

from gongkai.search import postgres_fts as pg
from gongkai.search import segment, sqlite_fts
from gongkai.search.entries import Entry, Filters, Kind, Results, doc_no_token, plan
from gongkai.search.segment import parse_query

PG_URL = os.environ.get("GONGKAI_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
TODAY = "2025-06-30"
ALWAYS = Filters(today="9999-12-31")


@pytest.fixture(scope="module", params=["server-side binding", "client-side binding"])
def server(request) -> Iterator[psycopg.Connection]:
    """A connection whose search_path is a new schema; both ways psycopg can pass parameters
    (Django's connection.connection binds on the client unless OPTIONS asks otherwise)."""
    cursor_factory = psycopg.ClientCursor if request.param == "client-side binding" else None
    try:
        conn = psycopg.connect(PG_URL, connect_timeout=5, cursor_factory=cursor_factory)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server answers at GONGKAI_TEST_PG_URL={PG_URL}: {exc}")
    schema = f"test_search_{secrets.token_hex(8)}"
    conn.execute(f"CREATE SCHEMA {schema}")
    conn.execute(f"SET search_path TO {schema}")
    conn.commit()  # a SET is undone by a rollback, but not once committed
    try:
        yield conn
    finally:
        conn.rollback()
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        conn.commit()
        conn.close()


@pytest.fixture
def conn(server: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """A connection with empty index tables, made in a transaction that the test's end undoes."""
    pg.create(server)
    try:
        yield server
    finally:
        server.rollback()


def doc(number: int, title: str, body: str = "", **fields: object) -> Entry:
    values: dict[str, object] = {
        "key": f"document:{number}",
        "kind": Kind.DOCUMENT,
        "title": title,
        "url": f"/documents/{number}/",
        "body": body,
    }
    values.update(fields)
    return Entry(**values)  # type: ignore[arg-type]


def found(conn, q: str, filters: Filters = ALWAYS, **kwargs) -> list[str]:
    return [hit.key for hit in pg.search(conn, parse_query(q), filters, limit=100, **kwargs).hits]


def query(*terms: str, phrases: tuple[str, ...] = ()) -> segment.Query:
    """A parsed query with exactly these terms and phrases (bypassing parse_query)."""
    return segment.Query(
        raw=" ".join(terms),
        text=" ".join(terms),
        terms=terms,
        phrases=phrases,
        doc_no=None,
        index_no=None,
        year=None,
    )


# --------------------------------------------------------------------------- tables


def test_create_is_idempotent_and_drop_removes_the_tables(conn):
    pg.create(conn)
    pg.add(conn, [doc(1, "招生简章")])
    pg.create(conn)
    assert pg.count(conn) == 1
    pg.drop(conn)
    tables = conn.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename IN ('search_entry', 'search_meta')"
    ).fetchone()[0]
    assert tables == 0
    pg.drop(conn)  # idempotent too
    pg.create(conn)
    assert pg.count(conn) == 0


def test_meta_values_are_kept_and_replaced(conn):
    assert pg.get_meta(conn, "dictionary_signature") is None
    pg.set_meta(conn, "dictionary_signature", "abc")
    pg.set_meta(conn, "dictionary_signature", "def")
    pg.set_meta(conn, "other", "x")
    assert pg.get_meta(conn, "dictionary_signature") == "def"
    assert pg.get_meta(conn, "other") == "x"


def test_an_entry_with_the_same_key_replaces_the_earlier_one(conn):
    pg.add(conn, [doc(1, "关于招生工作的通知")])
    pg.add(conn, [doc(1, "关于低保工作的通知")])
    assert pg.count(conn) == 1
    assert found(conn, "招生") == []
    assert found(conn, "低保") == ["document:1"]
    # the same key twice in one call: the last one wins
    assert pg.add(conn, [doc(2, "防汛"), doc(2, "抗旱")]) == 2
    assert found(conn, "防汛") == []
    assert found(conn, "抗旱") == ["document:2"]


def test_many_entries_replace_the_earlier_ones_too(conn):
    many = pg.COPY_FROM + 6
    pg.add(conn, [doc(i, "关于招生工作的通知", published_on="2024-01-01") for i in range(many)])
    assert pg.count(conn) == many
    pg.add(conn, [doc(i, "关于低保工作的通知", published_on="2024-01-01") for i in range(5)])
    assert pg.count(conn) == many
    assert len(found(conn, "招生")) == many - 5
    assert found(conn, "低保") == [f"document:{i}" for i in (4, 3, 2, 1, 0)]  # replaced: newest
    again = [doc(i, "防汛", published_on="2024-01-01") for i in range(many)] + [doc(0, "抗旱")]
    assert pg.add(conn, again) == many + 1
    assert pg.count(conn) == many
    assert found(conn, "抗旱") == ["document:0"]
    assert len(found(conn, "防汛")) == many - 1


def test_remove_keys_count_and_clear(conn):
    pg.add(conn, [doc(1, "招生"), doc(2, "招生"), doc(3, "招生")])
    pg.add(conn, [Entry(key="leader:7", kind=Kind.LEADER, title="张晓明 局长", url="/l/7/")])
    assert pg.keys(conn) == {"document:1", "document:2", "document:3", "leader:7"}
    assert pg.keys(conn, "document:") == {"document:1", "document:2", "document:3"}
    assert pg.keys(conn, "leader:") == {"leader:7"}
    assert pg.keys(conn, "%") == set()  # a prefix, not a LIKE pattern
    assert pg.remove(conn, ["document:1", "document:3", "document:99"]) == 2
    assert pg.remove(conn, []) == 0
    assert pg.count(conn) == 2
    assert found(conn, "招生") == ["document:2"]
    pg.set_meta(conn, "dictionary_signature", "abc")
    pg.clear(conn)
    assert pg.count(conn) == 0
    assert pg.keys(conn) == set()
    assert pg.get_meta(conn, "dictionary_signature") == "abc"  # as in SQLite: meta stays


def _settings(conn) -> tuple[str, str, str]:
    row = conn.execute(
        "SELECT current_setting('enable_seqscan'), current_setting('jit'), "
        "current_setting('work_mem')"
    ).fetchone()
    return tuple(row)


def test_searching_leaves_the_planner_settings_as_they_were(conn):
    pg.add(conn, [doc(1, "招生通知", "正文")])
    before = _settings(conn)
    pg.search(conn, parse_query("招生"), ALWAYS)
    pg.search(conn, parse_query("招生"), ALWAYS, facets=False)
    pg.top_keys(conn, parse_query("招生"), TODAY)
    assert _settings(conn) == before
    conn.execute("SAVEPOINT s")
    with pytest.raises(psycopg.errors.UndefinedTable):
        pg.drop(conn)
        pg.search(conn, parse_query("招生"), ALWAYS)
    conn.execute("ROLLBACK TO SAVEPOINT s")
    assert _settings(conn) == before


def test_searching_in_autocommit_mode_as_django_does(server):
    server.rollback()
    server.autocommit = True
    try:
        pg.create(server)
        pg.add(server, [doc(1, "招生通知")])
        before = _settings(server)
        assert found(server, "招生") == ["document:1"]
        assert _settings(server) == before
        pg.drop(server)  # committed: the module's other tests find no tables of this test
        with pytest.raises(psycopg.errors.UndefinedTable):
            pg.search(server, parse_query("招生"), ALWAYS)
        assert _settings(server) == before
    finally:
        pg.drop(server)
        server.autocommit = False


# --------------------------------------------------------------------------- the parts of a plan


def test_every_term_must_be_a_token_of_some_text_field(conn):
    pg.add(
        conn,
        [
            doc(1, "2024年招生简章"),
            doc(2, "关于招聘学生的通知"),
            doc(3, "通知", "城乡低保对象的招生工作"),
            doc(4, "通知", unit="永昌县教育局", columns="招生考试"),
            doc(5, "通知", attachments="附件：招生计划"),
            doc(6, "通知", doc_no="永教发〔2024〕12号"),
        ],
    )
    assert set(found(conn, "招生")) == {"document:1", "document:3", "document:5", "document:4"}
    assert found(conn, "低保 招生") == ["document:3"]  # terms in one field
    assert found(conn, "永昌县 招生") == ["document:4"]  # terms in two fields
    assert found(conn, "招生 防汛") == []
    assert found(conn, "永教发") == ["document:6"]


def test_a_phrase_must_be_adjacent_tokens_of_one_field(conn):
    pg.add(
        conn,
        [
            doc(1, "秋季义务教育阶段学校招生"),
            doc(2, "教育和义务"),  # both words, not as the phrase
            doc(3, "义务", "教育"),  # the phrase would run from the title into the body
            doc(4, "义务。教育"),  # punctuation is not a token: still adjacent
            doc(5, "通知", unit="永昌县义务", columns="教育"),  # two fields of label C
            doc(6, "通知", body="一是义务教育，二是招生"),
        ],
    )
    assert set(found(conn, '"义务教育"')) == {"document:1", "document:4", "document:6"}
    assert set(found(conn, "“义务教育” 招生")) == {"document:1", "document:6"}
    assert set(found(conn, "义务 教育")) == {f"document:{i}" for i in range(1, 7)}
    assert found(conn, "《教育义务》") == []
    assert set(found(conn, '"义"')) == {f"document:{i}" for i in range(1, 7)}  # one token


@pytest.mark.parametrize(
    "typed",
    [
        "永教发〔2024〕12号",
        "永教发[2024]12号",
        "永教发（2024）12号",
        "永教发【2024】12号",
        "永教发 [ 2024 ] 第12号",
        "永教发〔２０２４〕１２号",
        "永教发2024年12号",
    ],
)
def test_a_doc_no_in_any_bracket_style_matches_exactly(conn, typed):
    pg.add(
        conn,
        [
            doc(1, "关于招生的通知", doc_no="永教发〔2024〕12号"),
            doc(2, "关于招生的通知", doc_no="永教发〔2024〕121号"),
            doc(3, "关于招生的通知", doc_no="永教发〔2023〕12号"),
            doc(4, "永教发〔2024〕12号的补充通知"),  # mentions it in the title only
            doc(5, "通知", body="根据永教发〔2024〕12号文件"),
        ],
    )
    assert parse_query(typed).doc_no == "永教发〔2024〕12号"
    assert found(conn, typed) == ["document:1"]
    assert found(conn, typed + " 招生") == ["document:1"]
    assert found(conn, typed + " 防汛") == []


def test_a_doc_no_token_in_another_field_does_not_match(conn):
    token = doc_no_token("永教发〔2024〕12号")
    pg.add(conn, [doc(1, "通知")], segmented=[(token, "", "", "", "", "", "")])
    assert found(conn, "永教发〔2024〕12号") == []


def test_an_index_no_matches_exactly(conn):
    pg.add(
        conn,
        [
            doc(1, "通知", index_no="620321003/2024-00012"),
            doc(2, "通知", index_no="620321003/2024-00013"),
            doc(3, "通知", body="索引号620321003/2024-00012"),
        ],
    )
    assert found(conn, "620321003/2024-00012") == ["document:1"]
    assert found(conn, "620321003/2024-12 通知") == ["document:1"]
    assert found(conn, "620321003/2024-00014") == []


def test_the_year_matches_the_year_field_or_the_year_as_a_token(conn):
    pg.add(
        conn,
        [
            doc(1, "关于招生的通知", year=2024),
            doc(2, "2024年招生简章", year=2023),
            doc(3, "关于招生的通知", body="2024年秋季", year=2022),
            doc(4, "关于招生的通知", year=2023),
            doc(5, "关于低保的通知", year=2024),
            doc(6, "关于招生的通知"),
            doc(7, "关于招生的通知", body="电话20241234"),  # not the token 2024
        ],
    )
    assert parse_query("2024年").year == 2024
    assert set(found(conn, "2024年")) == {"document:1", "document:2", "document:3", "document:5"}
    assert set(found(conn, "2024")) == {"document:1", "document:2", "document:3", "document:5"}
    assert set(found(conn, "2024年 招生")) == {"document:1", "document:2", "document:3"}
    assert found(conn, "2024年 低保") == ["document:5"]
    assert found(conn, "2021年") == []


def test_an_empty_query_asks_for_nothing(conn):
    pg.add(conn, [doc(1, "招生")])
    for typed in ("", "   ", "，。！", '""'):
        assert pg.search(conn, parse_query(typed), ALWAYS) == Results.empty()
        assert pg.top_keys(conn, parse_query(typed), TODAY) == []


def test_a_query_without_matches_has_empty_facets(conn):
    pg.add(conn, [doc(1, "招生")])
    assert pg.search(conn, parse_query("防汛"), ALWAYS) == Results.empty()
    assert pg.search(conn, parse_query("防汛"), ALWAYS, facets=False) == Results(0, [], {})


# --------------------------------------------------------------------------- filters and facets


def _faceted(conn):
    pg.add(
        conn,
        [
            doc(1, "招生通知", unit_code="620321003", column_keys=("art20-01", "guide"), year=2024,
                validity="valid", published_on="2024-03-01"),
            doc(2, "招生通知", unit_code="620321003", column_keys=("art20-01",), year=2023,
                validity="expired", published_on="2023-05-01"),
            doc(3, "招生通知", unit_code="620321004", column_keys=("guide",), year=2024,
                validity="valid", published_on="2024-09-01"),
            doc(4, "招生通知", unit_code="620321004", year=2025, validity="valid",
                published_on="2025-07-01"),  # published after TODAY
            doc(5, "招生通知", unit_code="620321004", year=2025, published_on=TODAY),
            Entry(key="unit:1", kind=Kind.UNIT, title="招生办公室", url="/u/1/",
                  unit_code="620321003"),
            Entry(key="leader:1", kind=Kind.LEADER, title="张三 招生办主任", url="/l/1/",
                  unit_code="620321004", published_on=""),
            doc(6, "防汛通知", unit_code="620321003", column_keys=("art20-01",), year=2024,
                validity="valid"),
        ],
    )  # fmt: skip


def test_entries_are_visible_from_their_publication_day_on(conn):
    _faceted(conn)
    visible = found(conn, "招生", Filters(today=TODAY))
    assert "document:4" not in visible
    assert {"document:5", "unit:1", "leader:1"} <= set(visible)  # that day, or no day at all
    assert "document:4" in found(conn, "招生", Filters(today="2025-07-01"))
    assert set(found(conn, "招生", Filters(today="2000-01-01"))) == {"unit:1", "leader:1"}
    assert "document:4" not in pg.top_keys(conn, parse_query("招生"), TODAY, limit=100)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(today=TODAY, kind="document"), {1, 2, 3, 5}),
        (Filters(today=TODAY, kind="leader"), {"leader:1"}),
        (Filters(today=TODAY, unit_code="620321003"), {1, 2, "unit:1"}),
        (Filters(today=TODAY, column="guide"), {1, 3}),
        (Filters(today=TODAY, column="art20-01"), {1, 2}),
        (Filters(today=TODAY, year=2024), {1, 3}),
        (Filters(today=TODAY, validity="valid"), {1, 3}),
        (Filters(today=TODAY, kind="document", unit_code="620321004", year=2025), {5}),
        (Filters(today=TODAY, column="guide", validity="expired"), set()),
    ],
)
def test_filters_restrict_the_results(conn, filters, expected):
    _faceted(conn)
    keys = {f"document:{k}" if isinstance(k, int) else k for k in expected}
    assert set(found(conn, "招生", filters)) == keys
    assert pg.search(conn, parse_query("招生"), filters).total == len(keys)


def test_facets_count_every_visible_match(conn):
    _faceted(conn)
    results = pg.search(conn, parse_query("招生"), Filters(today=TODAY), limit=1)
    assert results.total == 6
    assert len(results.hits) == 1
    assert results.facets == {
        "kind": [("document", 4), ("leader", 1), ("unit", 1)],
        "unit_code": [("620321003", 3), ("620321004", 3)],
        "column": [("art20-01", 2), ("guide", 2)],
        "year": [(2025, 1), (2024, 2), (2023, 1)],  # newest first
        "validity": [("valid", 2), ("expired", 1)],
    }
    narrowed = pg.search(conn, parse_query("招生"), Filters(today=TODAY, column="guide"))
    assert narrowed.facets["column"] == [("guide", 2), ("art20-01", 1)]
    assert pg.search(conn, parse_query("招生"), Filters(today=TODAY), facets=False).facets == {}


def test_facets_keep_the_most_common_values(conn):
    entries = [
        doc(i, "招生", unit_code=f"6203210{i % 40:02d}", year=2000 + i % 35) for i in range(1, 121)
    ]
    pg.add(conn, entries)
    facets = pg.search(conn, parse_query("招生"), ALWAYS).facets
    assert len(facets["unit_code"]) == pg.FACET_LIMIT
    assert all(n == 3 for _, n in facets["unit_code"])
    assert len(facets["year"]) == pg.FACET_LIMIT
    years = [year for year, _ in facets["year"]]
    assert years == sorted(years, reverse=True)
    # 120 entries over 35 years: the 15 years with 4 entries are all kept, then 15 with 3
    assert sorted(n for _, n in facets["year"]) == [3] * 15 + [4] * 15


# --------------------------------------------------------------------------- ranking


def test_a_title_match_ranks_before_a_body_match(conn):
    pg.add(
        conn,
        [
            doc(1, "通知", "招生招生招生，招生工作"),
            doc(2, "通知", attachments="招生计划"),
            doc(3, "关于招生的通知"),
            doc(4, "通知", doc_no="招生发〔2024〕1号"),
            doc(5, "通知", unit="招生办"),
        ],
    )
    results = pg.search(conn, parse_query("招生"), ALWAYS)
    assert [h.key for h in results.hits][:3] == ["document:3", "document:4", "document:5"]
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True)
    assert pg.top_keys(conn, parse_query("招生"), TODAY, limit=3) == [
        "document:3",
        "document:4",
        "document:5",
    ]


def test_the_query_as_typed_ranks_first(conn):
    pg.add(
        conn,
        [
            doc(1, "张明晓 晓明张"),  # the three characters, not as typed, in the title
            doc(2, "通知", "联系人：张晓明同志"),
            doc(3, "张某晓某明 明晓张"),
        ],
    )
    assert plan(parse_query("张晓明")).boost == ("张", "晓", "明")  # type: ignore[union-attr]
    assert found(conn, "张晓明")[0] == "document:2"


def test_ties_go_to_the_newest_then_the_last_added(conn):
    pg.add(
        conn,
        [
            doc(1, "招生通知", published_on="2024-01-01"),
            doc(2, "招生通知", published_on="2024-03-01"),
            doc(3, "招生通知", published_on="2024-02-01"),
            doc(4, "招生通知", published_on="2024-03-01"),
        ],
    )
    assert found(conn, "招生") == ["document:4", "document:2", "document:3", "document:1"]
    assert pg.top_keys(conn, parse_query("招生"), TODAY) == found(conn, "招生")


def test_beyond_the_rank_window_the_cheap_order_decides(conn, monkeypatch):
    # Ranks divide by the log of the length (as BM25 does, so a short unit entry beats the long
    # documents that name it): the once-only bodies are long, so density decides.
    once = "招生工作安排报名时间说明材料"
    bodies = {1: once, 2: once, 3: "招生招生招生招生", 4: "招生招生报名", 5: once, 6: once}
    pg.add(
        conn,
        [doc(i, "通知", body, published_on=f"2024-01-0{i}") for i, body in bodies.items()],
    )
    assert found(conn, "招生") == ["document:3", "document:4", "document:6", "document:5",
                                   "document:2", "document:1"]  # fmt: skip
    monkeypatch.setattr(pg, "RANK_WINDOW", 3)
    # the three newest (no head matches) are re-ranked with their bodies, the rest by date
    expected = ["document:4", "document:6", "document:5", "document:3", "document:2", "document:1"]
    assert found(conn, "招生") == expected
    pages = [pg.search(conn, parse_query("招生"), ALWAYS, limit=2, offset=o) for o in (0, 2, 4)]
    assert [h.key for page in pages for h in page.hits] == expected
    assert pg.search(conn, parse_query("招生"), ALWAYS, facets=False, limit=2, offset=2).hits == (
        pages[1].hits
    )
    assert pg.top_keys(conn, parse_query("招生"), TODAY, limit=6) == expected


def test_the_query_as_typed_ranks_first_beyond_the_window_too(conn, monkeypatch):
    monkeypatch.setattr(pg, "RANK_WINDOW", 2)
    pg.add(
        conn,
        [
            doc(1, "通知", "联系人张晓明", published_on="2020-01-01"),
            *(doc(i, "明晓张", published_on=f"2024-01-0{i}") for i in range(2, 6)),
        ],
    )
    assert found(conn, "张晓明")[0] == "document:1"
    assert found(conn, "张晓明", facets=False)[0] == "document:1"


def test_pages_follow_the_ranking(conn):
    pg.add(conn, [doc(i, "招生通知", published_on=f"2024-01-{i:02d}") for i in range(1, 8)])
    page = pg.search(conn, parse_query("招生"), ALWAYS, limit=3, offset=3)
    assert page.total == 7
    assert [h.key for h in page.hits] == ["document:4", "document:3", "document:2"]
    assert pg.search(conn, parse_query("招生"), ALWAYS, offset=7).hits == []
    hit = pg.search(conn, parse_query("招生"), ALWAYS, limit=1).hits[0]
    assert (hit.key, hit.kind, hit.title, hit.url, hit.published_on) == (
        "document:7",
        "document",
        "招生通知",
        "/documents/7/",
        "2024-01-07",
    )
    assert hit.score > 0


# --------------------------------------------------------------------------- hostile text


HOSTILE = ["it's", "back\\slash", "x:y", "&|!()<>:*", "a:*", "'", "\\", "b:a", "c d"]


def test_lexemes_with_quotes_backslashes_and_operators_survive_the_literals(conn):
    vector = " ".join(pg._lexeme(t) for t in HOSTILE)
    row = conn.execute("SELECT tsvector_to_array(%s::tsvector)", (vector,)).fetchone()
    assert sorted(row[0]) == sorted(HOSTILE)
    for token in HOSTILE:
        matches = conn.execute(
            "SELECT %s::tsvector @@ %s::tsquery, %s::tsvector @@ %s::tsquery",
            (vector, pg._lexeme(token), vector, pg._lexeme("a")),
        ).fetchone()
        assert matches == (True, False)


def test_hostile_tokens_are_matched_exactly_and_never_alter_the_query(conn):
    pg.add(conn, [doc(1, "通知")], segmented=[(" ".join(HOSTILE[:5]), "", "", "", "", "", "")])
    pg.add(conn, [doc(2, "通知")], segmented=[("x y a", "", "", "", "", "", "")])
    for token in HOSTILE[:5]:
        assert [h.key for h in pg.search(conn, query(token), ALWAYS).hits] == ["document:1"]
    assert [h.key for h in pg.search(conn, query("x"), ALWAYS).hits] == ["document:2"]
    assert pg.search(conn, query("x:y", "&|!()<>:*", "it's"), ALWAYS).total == 1
    assert pg.search(conn, query("x:y", "y"), ALWAYS).total == 0
    assert pg.search(conn, query("a:*"), ALWAYS).total == 1  # the lexeme, not a prefix query


@pytest.mark.parametrize(
    "typed",
    ["O'Brien", "a\\b", "x:y", "&|!()<>:*", "招生 & 低保", "!招生", "招生:*", "'; DROP TABLE x; --",
     '"a\'b:c"', '"said a\\b"', "(招生 | 低保)", "<->", "\\'", "招生:A", "《》", "'招生'"],
)  # fmt: skip
def test_hostile_queries_match_as_in_sqlite(conn, typed):
    entries = [doc(1, "O'Brien said a\\b x:y &|!()<>:* 招生"), doc(2, "低保 a b")]
    lite = sqlite3.connect(":memory:")
    sqlite_fts.create(lite)
    sqlite_fts.add(lite, entries)
    pg.add(conn, entries)
    q = parse_query(typed)
    expected = {h.key for h in sqlite_fts.search(lite, q, ALWAYS).hits}
    assert {h.key for h in pg.search(conn, q, ALWAYS).hits} == expected
    assert set(pg.top_keys(conn, q, TODAY)) == expected
    assert pg.count(conn) == 2


# --------------------------------------------------------------------------- limits


def test_a_huge_body_is_indexed_and_its_start_found(conn):
    body = "义务教育招生简章。" + "城乡居民最低生活保障对象认定办法，" * 12_000 + "棚户区改造"
    assert len(body) > 200_000
    pg.add(conn, [doc(1, "通知", body), doc(2, "通知", "棚户区")])
    assert found(conn, "招生简章") == ["document:1"]
    assert found(conn, '"义务教育招生简章"') == ["document:1"]
    assert found(conn, "认定办法") == ["document:1"]
    assert set(found(conn, "棚户区")) == {"document:1", "document:2"}  # a term past 16383
    size = conn.execute("SELECT pg_column_size(tsv) FROM search_entry WHERE key = 'document:1'")
    assert size.fetchone()[0] < 1_048_576


def test_phrases_stay_right_up_to_the_last_position():
    # 16380 tokens before the phrase: 甲 at 16381, 乙 at 16382, 丙 at 16383, 丁 after the limit
    filler = " ".join(["x"] * 16380)
    head, tsv = pg.vectors(("", "", "", "", "", f"{filler} 甲 乙 丙 丁 戊", ""))
    assert head == ""
    assert "'甲':16381" in tsv and "'丙':16383" in tsv
    assert "'丁'" in tsv and "'丁':" not in tsv  # kept as a term, without a position


def test_phrase_matching_near_the_position_limit(conn):
    filler = " ".join(["x"] * 16380)
    pg.add(conn, [doc(1, "通知")], segmented=[("", "", "", "", "", f"{filler} 甲 乙 丙 丁 戊", "")])
    assert pg.search(conn, query(phrases=("甲乙丙",)), ALWAYS).total == 1
    assert pg.search(conn, query("丁", "戊"), ALWAYS).total == 1
    assert pg.search(conn, query(phrases=("丙丁",)), ALWAYS).total == 0  # past the limit
    assert pg.search(conn, query(phrases=("丁戊",)), ALWAYS).total == 0  # never clamped together
    assert pg.search(conn, query(phrases=("甲丙",)), ALWAYS).total == 0


def test_a_vector_stays_under_postgresqls_limits(conn):
    numbers = " ".join(str(n) for n in range(200_000))  # 200,000 distinct lexemes: over 1 MB
    long_run = "x" * 3000  # over 2 KB: cannot be a lexeme
    common = " ".join(["的"] * 400)  # over 256 positions of one lexeme
    fields = ("标 题", "", "", "", "", f"{long_run} {common} {numbers}", "附 件")
    pg.add(conn, [doc(1, "标题")], segmented=[fields])
    size, lexemes = conn.execute(
        "SELECT pg_column_size(tsv), length(tsv) FROM search_entry"
    ).fetchone()
    assert lexemes > 50_000
    assert size < 1_048_576  # the whole value, not only the part PostgreSQL limits to 1 MB
    assert pg.search(conn, query("0"), ALWAYS).total == 1
    assert pg.search(conn, query("的"), ALWAYS).total == 1
    assert pg.search(conn, query("标"), ALWAYS).total == 1


# --------------------------------------------------------------------------- parity with SQLite


UNITS = ("永昌县教育局", "永昌县民政局", "山丹县财政局", "民乐县住房和城乡建设局")
SUBJECTS = ("义务教育招生入学", "城乡低保对象认定", "棚户区改造", "秸秆禁烧", "防汛抗旱")


def _parity_entries() -> list[Entry]:
    entries = []
    for i in range(30):
        unit = UNITS[i % len(UNITS)]
        subject = SUBJECTS[i % len(SUBJECTS)]
        year = 2020 + i % 6
        other = SUBJECTS[(i * 7 + 3) % len(SUBJECTS)]
        entries.append(
            Entry(
                key=f"document:{i}",
                kind=Kind.DOCUMENT if i % 5 else Kind.UNIT,
                title=f"{unit}关于做好{year}年{subject}工作的通知",
                url=f"/d/{i}/",
                unit_code=f"62032100{i % len(UNITS)}",
                unit=unit,
                doc_no=f"{unit[0]}{unit[3]}发〔{year}〕{i + 1}号" if i % 3 else "",
                index_no=f"62032100{i % len(UNITS)}/{year}-{i + 1:05d}",
                columns="通知公告" if i % 2 else "政策文件 规范性文件",
                column_keys=("notice", "art20_01") if i % 2 else ("policy",),
                body=(
                    f"各乡镇：为做好{other}工作，联系人{'张晓明' if i % 3 else '张某'}，"
                    f"电话0935-75{i:05d}。"
                    f"O'Brien 的 x:y 邮箱 ycx{i}@163.com。{'晓张明' if i % 4 else ''}"
                ),
                attachments=f"附件{i}：{SUBJECTS[(i + 1) % len(SUBJECTS)]}计划表",
                year=year,
                validity=("valid", "expired", "")[i % 3],
                published_on=f"{year}-0{1 + i % 9}-15" if i % 7 else "",
            )
        )
    return entries


PARITY_QUERIES = (
    "招生",
    "义务教育",
    "低保 认定",
    "棚户区改造 永昌县",
    '"城乡低保"',
    "“义务教育” 2022年",
    "《防汛抗旱》",
    "2023年",
    "2024",
    "2021年 秸秆",
    "张晓明",
    "张 晓 明",
    "“张晓明”",
    "永民发〔2021〕2号",
    "山财发[2022]3号",
    "永教发（2024）5号 通知",
    "永教发〔2024〕6号",
    "620321001/2021-00002",
    "620321002/2022-00015 通知",
    "民乐县住房和城乡建设局",
    "通知公告 2023年",
    "163",
    "ycx7",
    "0935",
    "O'Brien",
    "x:y",
    "计划表 附件",
    "政策文件",
    "量子通信",
    "工作 通知 各乡镇",
)


@pytest.mark.parametrize("filters", [ALWAYS, Filters(today="2023-06-30"), Filters(
    today=TODAY, kind="document", validity="valid")])  # fmt: skip
def test_the_same_entries_match_as_in_sqlite(conn, filters):
    entries = _parity_entries()
    lite = sqlite3.connect(":memory:")
    sqlite_fts.create(lite)
    sqlite_fts.add(lite, entries)
    pg.add(conn, entries)
    nonempty = 0
    for typed in PARITY_QUERIES:
        q = parse_query(typed)
        theirs = sqlite_fts.search(lite, q, filters, limit=1000)
        ours = pg.search(conn, q, filters, limit=1000)
        assert ours.total == theirs.total, typed
        assert {h.key for h in ours.hits} == {h.key for h in theirs.hits}, typed
        assert {k: sorted(v, key=repr) for k, v in ours.facets.items()} == {
            k: sorted(v, key=repr) for k, v in theirs.facets.items()
        }, typed
        top = set(pg.top_keys(conn, q, filters.today, limit=1000))
        assert top == set(sqlite_fts.top_keys(lite, q, filters.today, limit=1000)), typed
        nonempty += ours.total > 0
    assert nonempty >= 15  # the queries do find things


def test_a_repeated_word_keeps_each_position():
    _, tsv = pg.vectors(("", "", "", "", "", segment.index_text("招生，招生简章招生"), ""))
    assert "'招生':1,3,7 " in tsv and "'招生简章':3 " in tsv and "'简章':5" in tsv


def test_the_quick_path_and_the_careful_path_build_the_same_vector(monkeypatch):
    entry = doc(
        1,
        "永昌县教育局关于2024年秋季学期义务教育招生入学工作的通知",
        "各乡镇中心学校：现将有关事项通知如下。一、招生范围。二、GB/T 9704-2012 格式。" * 20,
        doc_no="永教发〔2024〕12号",
        index_no="620321003/2024-00012",
        unit="永昌县教育局",
        attachments="附件1：招生计划表",
    )
    fields = pg.text_fields(entry)
    quick = pg.vectors(fields)
    vector = pg._Vector()
    for text, label in zip(fields, pg._FIELD_LABELS, strict=True):
        vector.add(text, label)
    size = vector._measure()
    monkeypatch.setattr(pg, "MAX_VECTOR_BYTES", size + 8)  # every field must count its bytes
    assert pg.vectors(fields) == quick


def test_words_take_the_position_of_their_first_character():
    title, body = segment.index_text("招生简章"), segment.index_text("2024年招生")
    assert (title, body) == ("招 生 简 章 招生 招生简章 简章", "2024 年 招 生 招生")
    head, tsv = pg.vectors((title, "", "", "", "", body, ""))
    # title: 招1 生2 简3 章4, gap 5; body: 2024 at 6, 年7 招8 生9
    assert head == "'招':1A '生':2A '简':3A '章':4A '招生':1A '招生简章':1A '简章':3A"
    assert tsv == (
        "'招':1A,8 '生':2A,9 '简':3A '章':4A '招生':1A,8 '招生简章':1A '简章':3A '2024':6 '年':7"
    )


def test_nul_characters_from_extracted_text_are_dropped(conn):
    pg.add(conn, [doc(1, "招生\x00通知", attachments="附件\x00招生计划")])
    hit = pg.search(conn, parse_query("招生计划"), ALWAYS).hits[0]
    assert (hit.title, hit.attachments) == ("招生通知", "附件招生计划")


def test_two_transactions_indexing_one_key_wait_for_each_other(server):
    server.rollback()
    pg.create(server)
    server.commit()
    schema = server.execute("SELECT current_schema()").fetchone()[0]
    other = psycopg.connect(PG_URL, options=f"-c search_path={schema}")
    try:
        pg.add(server, [doc(1, "招生")])  # not committed yet
        result: list[object] = []
        worker = threading.Thread(
            target=lambda: result.append(pg.add(other, [doc(1, "低保")]) and other.commit())
        )
        worker.start()
        worker.join(0.5)
        assert worker.is_alive()  # waits for the row lock on the key
        server.commit()
        worker.join(10)
        assert result == [None]  # added, committed, no unique violation
        assert found(server, "低保") == ["document:1"]
        assert pg.count(server) == 1
    finally:
        other.rollback()
        other.close()
        server.rollback()
        pg.drop(server)
        server.commit()
