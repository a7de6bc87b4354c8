"""The SQLite search backend: segmented text in an FTS5 table of the same database file, so a
backup stays one file.

Pure DB-API code on a ``sqlite3`` connection (Django's ``connection.connection`` or a plain one,
as the bench uses); no Django import. Two tables:

* ``search_entry`` — one row per Entry: key, kind, what a hit shows (title, url, attachment text
  for snippets) and the facet values (unit, columns, year, validity, publication date);
* ``search_fts`` — an FTS5 table whose rowid is the entry's id: the text fields, segmented by
  segment.index_text (tokens separated by spaces; FTS5's unicode61 tokenizer then splits on the
  spaces only, since CJK characters are token characters), and a ``meta`` field of facet tokens
  (``kdocument u620321003 c6775696465 y2024 vvalid``) so that filters are part of the full-text match.

Ranking is FTS5's BM25 with per-field weights (entries.TEXT_FIELDS); entries holding the query
text as typed come first (Plan.boost); newer entries break ties. The total and the facet counts
come from one pass over every match.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence

from gongkai.search import segment
from gongkai.search.entries import (
    FACETS,
    TEXT_FIELDS,
    Entry,
    Filters,
    Hit,
    Plan,
    Results,
    column_token,
    meta_tokens,
    plan,
    text_fields,
)

ENTRY, FTS, META = "search_entry", "search_fts", "search_meta"
FACET_LIMIT = 30  # values shown per facet
_TEXT = [name for name, _ in TEXT_FIELDS]
_WEIGHTS = ", ".join(str(w) for _, w in TEXT_FIELDS) + ", 0"  # meta does not rank


def create(conn: sqlite3.Connection) -> None:
    """Create the tables if they are missing (idempotent)."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {ENTRY} ("
        "id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
        "title TEXT NOT NULL, url TEXT NOT NULL, unit_code TEXT NOT NULL, year INTEGER, "
        "validity TEXT NOT NULL, published_on TEXT NOT NULL, column_keys TEXT NOT NULL, "
        "attachments TEXT NOT NULL)"
    )
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
        f"{', '.join(_TEXT)}, meta, tokenize='unicode61 remove_diacritics 0')"
    )
    conn.execute(f"CREATE TABLE IF NOT EXISTS {META} (name TEXT PRIMARY KEY, value TEXT NOT NULL)")


def drop(conn: sqlite3.Connection) -> None:
    for table in (FTS, ENTRY, META):
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def clear(conn: sqlite3.Connection) -> None:
    """Empty the index (keeping the tables)."""
    conn.execute(f"DELETE FROM {FTS}")
    conn.execute(f"DELETE FROM {ENTRY}")


def get_meta(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute(f"SELECT value FROM {META} WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, name: str, value: str) -> None:
    conn.execute(
        f"INSERT INTO {META} (name, value) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def add(
    conn: sqlite3.Connection,
    entries: Iterable[Entry],
    segmented: Iterable[tuple[str, ...]] | None = None,
) -> int:
    """Index entries, replacing any earlier entry with the same key; return how many.

    ``segmented`` may give each entry's text_fields() computed elsewhere (the bench segments in
    worker processes); it must then be in the same order as ``entries``.
    """
    entries = list(entries)
    if not entries:
        return 0
    texts = list(segmented) if segmented is not None else [text_fields(e) for e in entries]
    remove(conn, [e.key for e in entries])
    for entry, text in zip(entries, texts, strict=True):
        cursor = conn.execute(
            f"INSERT INTO {ENTRY} (key, kind, title, url, unit_code, year, validity, "
            "published_on, column_keys, attachments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.key,
                str(entry.kind),
                entry.title,
                entry.url,
                entry.unit_code,
                entry.year,
                entry.validity,
                entry.published_on,
                " ".join(entry.column_keys),
                entry.attachments,
            ),
        )
        conn.execute(
            f"INSERT INTO {FTS} (rowid, {', '.join(_TEXT)}, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (cursor.lastrowid, *text, meta_tokens(entry)),
        )
    return len(entries)


def remove(conn: sqlite3.Connection, keys: Sequence[str]) -> int:
    """Drop the entries with these keys; return how many there were."""
    removed = 0
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        ids = [
            row[0] for row in conn.execute(f"SELECT id FROM {ENTRY} WHERE key IN ({marks})", chunk)
        ]
        if ids:
            id_marks = ", ".join("?" for _ in ids)
            conn.execute(f"DELETE FROM {FTS} WHERE rowid IN ({id_marks})", ids)
            conn.execute(f"DELETE FROM {ENTRY} WHERE id IN ({id_marks})", ids)
            removed += len(ids)
    return removed


def keys(conn: sqlite3.Connection, prefix: str = "") -> set[str]:
    """Every key in the index (starting with prefix)."""
    rows = conn.execute(
        f"SELECT key FROM {ENTRY} WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
    )
    return {row[0] for row in rows}


def count(conn: sqlite3.Connection) -> int:
    return conn.execute(f"SELECT count(*) FROM {ENTRY}").fetchone()[0]


# --------------------------------------------------------------------------- queries


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _text(expression: str) -> str:
    return f"{{{' '.join(_TEXT)}}} : ({expression})"


def match_expression(p: Plan, filters: Filters | None = None) -> str:
    """The FTS5 MATCH expression of a plan, with the filters as meta tokens."""
    parts: list[str] = []
    if p.doc_no:
        parts.append(f"doc_no : {_quote(p.doc_no)}")
    if p.index_no:
        parts.append(f"index_no : {_quote(p.index_no)}")
    parts += [_text(_quote(term)) for term in p.terms]
    parts += [_text(_quote(" ".join(tokens))) for tokens in p.phrases]
    if p.year:
        parts.append(f"(meta : {_quote(f'y{p.year}')} OR {_text(_quote(str(p.year)))})")
    if filters is not None:
        for token in _filter_tokens(filters):
            parts.append(f"meta : {_quote(token)}")
    return " AND ".join(parts)


def _filter_tokens(filters: Filters) -> list[str]:
    tokens = []
    if filters.kind:
        tokens.append(f"k{filters.kind}")
    if filters.unit_code:
        tokens.append(f"u{filters.unit_code}")
    if filters.column:
        tokens.append(column_token(filters.column))
    if filters.year:
        tokens.append(f"y{filters.year}")
    if filters.validity:
        tokens.append(f"v{filters.validity}")
    return tokens


def search(
    conn: sqlite3.Connection,
    query: segment.Query,
    filters: Filters,
    *,
    limit: int = 10,
    offset: int = 0,
    facets: bool = True,
) -> Results:
    """The total, the hits of one page best first, and (if asked) facet counts of every match."""
    p = plan(query)
    if p is None:
        return Results.empty()
    expression = match_expression(p, filters)
    visible = f"{FTS} MATCH ? AND e.published_on <= ?"
    params: list[object] = [expression, filters.today]
    total, counts = _count(conn, visible, params, facets)
    if total == 0 or offset >= total or limit <= 0:
        return Results(total, [], counts)
    order = "rank, e.published_on DESC, e.id DESC"
    boost_params: list[object] = []
    if p.boost:
        order = f"{FTS}.rowid IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ?) DESC, " + order
        boost_params = [_text(_quote(" ".join(p.boost)))]
    rows = conn.execute(
        f"SELECT e.key, e.kind, e.title, e.url, e.unit_code, e.year, e.validity, "
        f"e.published_on, e.attachments, bm25({FTS}, {_WEIGHTS}) AS rank "
        f"FROM {FTS} JOIN {ENTRY} e ON e.id = {FTS}.rowid WHERE {visible} "
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, *boost_params, limit, offset],
    ).fetchall()
    hits = [Hit(*row[:9], score=-float(row[9])) for row in rows]
    return Results(total, hits, counts)


def top_keys(
    conn: sqlite3.Connection, query: segment.Query, today: str, limit: int = 10
) -> list[str]:
    """Only the keys of the best `limit` entries: the bench's question, without counting."""
    p = plan(query)
    if p is None:
        return []
    rows = conn.execute(
        f"SELECT e.key FROM {FTS} JOIN {ENTRY} e ON e.id = {FTS}.rowid "
        f"WHERE {FTS} MATCH ? AND e.published_on <= ? "
        f"ORDER BY bm25({FTS}, {_WEIGHTS}), e.published_on DESC, e.id DESC LIMIT ?",
        (match_expression(p), today, limit),
    )
    return [row[0] for row in rows]


def _count(
    conn: sqlite3.Connection, visible: str, params: list[object], facets: bool
) -> tuple[int, dict[str, list[tuple[object, int]]]]:
    if not facets:
        sql = f"SELECT count(*) FROM {FTS} JOIN {ENTRY} e ON e.id = {FTS}.rowid WHERE {visible}"
        return conn.execute(sql, params).fetchone()[0], {}
    counters: dict[str, Counter] = {name: Counter() for name in FACETS}
    total = 0
    rows = conn.execute(
        f"SELECT e.kind, e.unit_code, e.column_keys, e.year, e.validity "
        f"FROM {FTS} JOIN {ENTRY} e ON e.id = {FTS}.rowid WHERE {visible}",
        params,
    )
    kind_c, unit_c, column_c, year_c, validity_c = (counters[name] for name in FACETS)
    for kind, unit_code, column_keys, year, validity in rows:
        total += 1
        kind_c[kind] += 1
        if unit_code:
            unit_c[unit_code] += 1
        if column_keys:
            column_c.update(column_keys.split())
        if year:
            year_c[year] += 1
        if validity:
            validity_c[validity] += 1
    result = {name: counter.most_common(FACET_LIMIT) for name, counter in counters.items()}
    result["year"] = sorted(result["year"], key=lambda item: -int(item[0]))  # type: ignore[call-overload]
    return total, result
