"""The SQLite search backend: segmented text in a contentless FTS5 table of the same database
file, so a backup stays one file.

Pure DB-API code on a ``sqlite3`` connection (Django's ``connection.connection`` or a plain one,
as the bench uses); no Django import.

Tables
------
* ``search_fts`` — a contentless FTS5 table (``content=''``): only the index of the segmented
  fields (segment.index_text: tokens separated by spaces, which FTS5's unicode61 tokenizer then
  splits on, CJK characters being token characters) and a ``meta`` field of facet tokens
  (``kdocument u620321003 c6775696465 y2024 vvalid``), so that filters are part of the match.
* ``search_entry`` — one row per entry, whose id is the FTS rowid: key, kind, what a hit shows,
  the facet values, and the entry's text fields, zlib-compressed. The stored text gives the
  snippets, and it is what a removal needs: SQLite 3.40 deletes from a contentless table only
  through the 'delete' command given the indexed values, which are segmented again from it. A
  row also records the dictionary signature it was segmented with; when that is not the current
  one, a precise removal is impossible and the index is marked stale (``needs_rebuild``), so
  the site knows to run ``gongkai reindex``. Not storing the segmented text in FTS5 itself (the
  default content table) makes the database about 2.5 times smaller.
* ``search_meta`` — name/value pairs (the signature the index was built with, staleness).

The rowid encodes the publication day (``day << 20 | n``, day 0 for entries without a date), so
"published by today" is a rowid range FTS5 applies inside the match, and "newest first" is the
order in which FTS5 reads its lists anyway, with no sorting.

Ranking
-------
A result comes in tiers: the query as typed, when it is a short one with one-character terms
(a name: 张晓明); then the entries with every word in the title; then the rest. Within a tier,
a query matching at most RANK_LIMIT entries is ranked by BM25 with field weights
(entries.TEXT_FIELDS), newer first on ties, and its total and facet counts are exact. BM25
costs about 2 µs per match, so a query matching more (通知, 工作 at a million documents) is
ordered newest first within each tier, which FTS5 delivers without reading every match; its
total is exact up to COUNT_LIMIT and its facets are counted over the newest FACET_SAMPLE
matches (Results says so).

A small result costs one pass of the match (_probe gives its rowids): its total, facets and
tiers are then read off search_entry by rowid, since a second pass of an AND of ten terms
costs as much as the first.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
import zlib
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
RANK_LIMIT = 5_000  # matches ranked by BM25 (up to ~30 ms); more are ordered by tier and date
COUNT_LIMIT = 100_000  # matches counted exactly; more are reported as "more than"
FACET_SAMPLE = 5_000  # newest matches counted for the facets of a larger result
DAY_SHIFT = 20  # rowid = day << 20 | n: a million entries per publication day
STALE = "needs_rebuild"

_TEXT = [name for name, _ in TEXT_FIELDS]
_WEIGHTS = ", ".join(str(w) for _, w in TEXT_FIELDS) + ", 0"  # meta does not rank
_COLUMNS = ", ".join(_TEXT)


def create(conn: sqlite3.Connection) -> None:
    """Create the tables if they are missing (idempotent)."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {ENTRY} ("
        "id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
        "title TEXT NOT NULL, url TEXT NOT NULL, unit_code TEXT NOT NULL, year INTEGER, "
        "validity TEXT NOT NULL, published_on TEXT NOT NULL, column_keys TEXT NOT NULL, "
        "fields BLOB NOT NULL, signature TEXT NOT NULL)"
    )
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
        f"{_COLUMNS}, meta, content='', tokenize='unicode61 remove_diacritics 0')"
    )
    conn.execute(f"CREATE TABLE IF NOT EXISTS {META} (name TEXT PRIMARY KEY, value TEXT NOT NULL)")


def drop(conn: sqlite3.Connection) -> None:
    for table in (FTS, ENTRY, META):
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def clear(conn: sqlite3.Connection) -> None:
    """Empty the index (keeping the tables); it is no longer stale."""
    conn.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('delete-all')")
    conn.execute(f"DELETE FROM {ENTRY}")
    conn.execute(f"DELETE FROM {META} WHERE name = ?", (STALE,))


def optimize(conn: sqlite3.Connection) -> None:
    """Merge the FTS5 index into one b-tree (after a rebuild: fewer pages per query)."""
    conn.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")


def get_meta(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute(f"SELECT value FROM {META} WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, name: str, value: str) -> None:
    conn.execute(
        f"INSERT INTO {META} (name, value) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def day_of(published_on: str) -> int:
    return dt.date.fromisoformat(published_on).toordinal() if published_on else 0


def visible_bound(today: str) -> int:
    """The largest rowid of an entry published on or before today."""
    return ((day_of(today) + 1) << DAY_SHIFT) - 1


def _fields_blob(entry: Entry) -> bytes:
    values = [getattr(entry, name) for name in _TEXT]
    return zlib.compress(json.dumps(values, ensure_ascii=False).encode(), 6)


def _fields(blob: bytes) -> list[str]:
    return json.loads(zlib.decompress(blob))


def _next_id(conn: sqlite3.Connection, day: int, taken: dict[int, int]) -> int:
    if day not in taken:
        low = day << DAY_SHIFT
        row = conn.execute(
            f"SELECT max(id) FROM {ENTRY} WHERE id BETWEEN ? AND ?",
            (low, low + (1 << DAY_SHIFT) - 1),
        ).fetchone()
        taken[day] = row[0] if row[0] is not None else low - 1
    taken[day] += 1
    if taken[day] >> DAY_SHIFT != day:
        raise OverflowError(f"more than {1 << DAY_SHIFT} search entries on one day")
    return taken[day]


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
    last = {e.key: i for i, e in enumerate(entries)}  # a key given twice: the last one counts
    if len(last) < len(entries):
        keep = sorted(last.values())
        entries, texts = [entries[i] for i in keep], [texts[i] for i in keep]
    remove(conn, [e.key for e in entries])
    signature = segment.dictionary_signature()
    taken: dict[int, int] = {}
    entry_rows, fts_rows = [], []
    for entry, text in zip(entries, texts, strict=True):
        rowid = _next_id(conn, day_of(entry.published_on), taken)
        meta = meta_tokens(entry)
        entry_rows.append(
            (
                rowid,
                entry.key,
                str(entry.kind),
                entry.title,
                entry.url,
                entry.unit_code,
                entry.year,
                entry.validity,
                entry.published_on,
                " ".join(entry.column_keys),
                _fields_blob(entry),
                signature,
            )
        )
        fts_rows.append((rowid, *text, meta))
    conn.executemany(
        f"INSERT INTO {ENTRY} (id, key, kind, title, url, unit_code, year, validity, "
        "published_on, column_keys, fields, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entry_rows,
    )
    conn.executemany(
        f"INSERT INTO {FTS} (rowid, {_COLUMNS}, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        fts_rows,
    )
    return len(entries)


def remove(conn: sqlite3.Connection, keys: Sequence[str]) -> int:
    """Drop the entries with these keys; return how many there were.

    Each entry's tokens are taken out of the contentless index by segmenting its stored text
    again. An entry segmented with another dictionary cannot be taken out precisely: it is
    dropped from search_entry (so it is never shown) and the index is marked stale.
    """
    removed = 0
    signature = None
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        rows = conn.execute(
            f"SELECT id, kind, unit_code, column_keys, year, validity, fields, signature "
            f"FROM {ENTRY} WHERE key IN ({marks})",
            chunk,
        ).fetchall()
        if not rows:
            continue
        signature = signature or segment.dictionary_signature()
        deletes = []
        for rowid, kind, unit_code, column_keys, year, validity, blob, stored in rows:
            if stored != signature:
                set_meta(conn, STALE, "1")
                continue
            old = Entry(
                key="",
                kind=kind,
                url="",
                unit_code=unit_code,
                column_keys=tuple(column_keys.split()),
                year=year,
                validity=validity,
                **dict(zip(_TEXT, _fields(blob), strict=True)),
            )
            deletes.append((rowid, *text_fields(old), meta_tokens(old)))
        conn.executemany(
            f"INSERT INTO {FTS} ({FTS}, rowid, {_COLUMNS}, meta) "
            "VALUES ('delete', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            deletes,
        )
        conn.execute(
            f"DELETE FROM {ENTRY} WHERE id IN ({', '.join('?' for _ in rows)})",
            [row[0] for row in rows],
        )
        removed += len(rows)
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


def _in(columns: str, expression: str) -> str:
    return f"{{{columns}}} : ({expression})"


def _text(expression: str) -> str:
    return _in(" ".join(_TEXT), expression)


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
        parts += [f"meta : {_quote(token)}" for token in _filter_tokens(filters)]
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


PHRASE_TIER_CHARS = 6  # a query this short with single characters (a name) ranks as typed first


def _tiers(p: Plan, expression: str) -> list[str]:
    """The match expressions of the tiers of a result, best first, not overlapping.

    The query as typed, when it is short and has one-character terms (张晓明: names are rarely
    dictionary words), then every word in the title, then the rest. A phrase costs more than
    its words (FTS5 reads the positions of common characters), so longer queries skip it.
    """
    in_title = [_in("title", _quote(t)) for t in p.terms]
    in_title += [_in("title", _quote(" ".join(tokens))) for tokens in p.phrases]
    tiers: list[str] = []
    rest = f"({expression})"
    if _typed_tier(p):
        assert p.boost is not None
        typed = _text(_quote(" ".join(p.boost)))
        tiers.append(f"{expression} AND {typed}")
        rest = f"({rest} NOT {typed})"
    if in_title:
        words = f"({' AND '.join(in_title)})"
        tiers.append(f"{rest} AND {words}")
        rest = f"({rest} NOT {words})"
    tiers.append(rest)
    return tiers


def _hit(row: tuple) -> Hit:
    fields = dict(zip(_TEXT, _fields(row[8]), strict=True))
    key, kind, title, url, unit_code, year, validity, published_on = row[:8]
    return Hit(
        key=key,
        kind=kind,
        title=title,
        url=url,
        unit_code=unit_code,
        year=year,
        validity=validity,
        published_on=published_on,
        attachments=fields["attachments"],
        score=float(row[9]),
        body=fields["body"],
    )


COMMON = 20_000  # a term in more entries than this adds little to BM25 and costs a lot


_common_cache: dict[tuple[int, str], tuple[float, bool]] = {}
COMMON_TTL = 600.0  # seconds a term's verdict is kept: frequencies move slowly


def _is_common(conn: sqlite3.Connection, term: str, bound: int) -> bool:
    """Whether more than COMMON entries hold the term (kept for COMMON_TTL per connection)."""
    now = time.monotonic()
    key = (id(conn), term)
    cached = _common_cache.get(key)
    if cached and now - cached[0] < COMMON_TTL:
        return cached[1]
    common = _count(conn, _text(_quote(term)), bound, COMMON + 1) > COMMON
    if len(_common_cache) > 10_000:
        _common_cache.clear()
    _common_cache[key] = (now, common)
    return common


def _rank_expression(conn: sqlite3.Connection, p: Plan, bound: int) -> str | None:
    """What to score a small result by: its terms without the common ones, or None.

    FTS5's bm25() first counts, for each term of the expression, every entry holding it; for 的
    or 关于 in a long title typed whole, that costs more than the rest of the query. Every
    result also matches the expression without those terms (and without the phrases, which
    are costlier still), so it is scored by that instead: common terms have nearly no weight in
    BM25 anyway. None when every term is common: the result is then ordered by date.
    """
    parts = []
    if p.doc_no:
        parts.append(f"doc_no : {_quote(p.doc_no)}")
    if p.index_no:
        parts.append(f"index_no : {_quote(p.index_no)}")
    for term in p.terms:
        if not _is_common(conn, term, bound):
            parts.append(_text(_quote(term)))
    if not parts and not p.terms:
        return match_expression(p)  # phrases or a year only: score by them
    return " AND ".join(parts) or None


def _rowids(conn: sqlite3.Connection, expression: str, bound: int) -> list[int]:
    sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? AND rowid <= ? ORDER BY rowid DESC"
    return [row[0] for row in conn.execute(sql, (expression, bound))]


def _typed_tier(p: Plan) -> bool:
    """Whether the query as typed is a tier of its own (a short query with one-character terms)."""
    return bool(p.boost and len(p.boost) <= PHRASE_TIER_CHARS and any(len(t) == 1 for t in p.terms))


def _compact(text: str) -> str:
    return "".join(c for c in segment.normalize(text) if c.isalnum())


def _tier_of(p: Plan, title: str, typed: bool) -> int:
    """The tier of one match, as _tiers() defines them: typed says whether it holds the query
    as typed (found by FTS5), the title is read here (every term and phrase in it)."""
    n = 0
    if _typed_tier(p):
        if typed:
            return 0
        n = 1
    if p.terms or p.phrases:
        normal, compact = segment.normalize(title), _compact(title)
        if all(t in normal for t in p.terms) and all("".join(t) in compact for t in p.phrases):
            return n
        n += 1
    return n


def _probe(conn: sqlite3.Connection, expression: str, bound: int) -> list[int] | None:
    """Every match's rowid, newest first, when there are at most RANK_LIMIT; else None.

    One pass of the match serves a small result whole: its total, its facets and its tiers
    are then read off search_entry by rowid, where each used to cost another pass (an AND
    of ten terms reads every term's list: 40-190 ms at a million entries).
    """
    # One row back, the rowids joined in C: a large result (通知) then costs what a count does,
    # where fetching 5,001 rows into Python took 3 ms more.
    size, joined = conn.execute(
        f"SELECT count(*), group_concat(rowid) FROM (SELECT rowid FROM {FTS} "
        f"WHERE {FTS} MATCH ? AND rowid <= ? LIMIT ?)",
        (expression, bound, RANK_LIMIT + 1),
    ).fetchone()
    if size > RANK_LIMIT:
        return None
    return sorted(map(int, joined.split(",")), reverse=True) if size else []


_ROW = "id, title, kind, unit_code, column_keys, year, validity"


def _entry_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, tuple]:
    """search_entry's title and facet values of these rowids (id -> row without the id)."""
    found: dict[int, tuple] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        sql = f"SELECT {_ROW} FROM {ENTRY} WHERE id IN ({', '.join('?' for _ in chunk)})"
        found.update((row[0], row[1:]) for row in conn.execute(sql, chunk))
    return found


def _ranked_ids(
    conn: sqlite3.Connection, p: Plan, bound: int, tier_of: dict[int, int], need: int
) -> list[tuple[int, float]] | None:
    """The first `need` (rowid, score) of a small result, tier by tier, by BM25 within a tier;
    None when there is nothing to score by (every term common: the caller orders by date)."""
    rank = _rank_expression(conn, p, bound)
    if rank is None:
        return None
    sizes = Counter(tier_of.values())
    quotas, left = {}, need
    for n in sorted(sizes):
        quotas[n] = min(sizes[n], left)
        left -= quotas[n]
    picked: dict[int, list[tuple[int, float]]] = {n: [] for n in quotas}
    missing = sum(quotas.values())
    stream = conn.execute(
        f"SELECT rowid, bm25({FTS}, {_WEIGHTS}) AS score FROM {FTS} "
        f"WHERE {FTS} MATCH ? AND rowid <= ? ORDER BY score, rowid DESC",
        (rank, bound),
    )
    for rowid, score in stream:
        if missing == 0:
            break
        tier = tier_of.get(rowid)
        if tier is not None and len(picked[tier]) < quotas[tier]:
            picked[tier].append((rowid, -score))
            missing -= 1
    return [item for n in sorted(picked) for item in picked[n]]


def _small_ids(
    conn: sqlite3.Connection,
    p: Plan,
    expression: str,
    bound: int,
    ids: list[int],
    rows: dict[int, tuple],
    need: int,
) -> list[tuple[int, float]]:
    """The first `need` (rowid, score) of a small result, whose rowids (newest first) and
    entry rows are known: tier by tier, by BM25 within a tier, or newest first when there is
    nothing to score by. A match's tier is read off its stored title (_tier_of)."""
    typed: set[int] = set()
    if _typed_tier(p):
        assert p.boost is not None
        typed = set(_rowids(conn, f"{expression} AND {_text(_quote(' '.join(p.boost)))}", bound))
    tier_of = {rowid: _tier_of(p, rows[rowid][0], rowid in typed) for rowid in ids if rowid in rows}
    ranked = _ranked_ids(conn, p, bound, tier_of, need)
    if ranked is not None:
        return ranked
    tiers = len(_tiers(p, expression))
    newest = sorted(tier_of, key=lambda rowid: (tier_of[rowid], -rowid))[:need]
    return [(rowid, float(tiers - tier_of[rowid])) for rowid in newest]  # the score says the order


def _dated_ids(
    conn: sqlite3.Connection, tiers: list[str], bound: int, limit: int, offset: int
) -> list[tuple[int, float]]:
    """A page of rowids tier by tier, newest first within each, without reading every match."""
    found: list[tuple[int, float]] = []
    sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? AND rowid <= ? ORDER BY rowid DESC LIMIT ? OFFSET ?"
    for n, tier in enumerate(tiers):
        if len(found) >= limit:
            break
        if offset and n < len(tiers) - 1:
            size = _count(conn, tier, bound, offset + 1)
            if size <= offset:
                offset -= size
                continue
        rows = conn.execute(sql, (tier, bound, limit - len(found), offset)).fetchall()
        offset = 0
        found += [(row[0], float(len(tiers) - n)) for row in rows]  # the score says the order
    return found


def _hits(conn: sqlite3.Connection, ids: list[tuple[int, float]]) -> list[Hit]:
    """The hits of these (rowid, score), in this order."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = {
        row[0]: row[1:]
        for row in conn.execute(
            f"SELECT id, key, kind, title, url, unit_code, year, validity, published_on, fields "
            f"FROM {ENTRY} WHERE id IN ({marks})",
            [rowid for rowid, _ in ids],
        )
    }
    return [_hit((*rows[rowid], score)) for rowid, score in ids if rowid in rows]


def _count(conn: sqlite3.Connection, expression: str, bound: int, cap: int) -> int:
    """How many entries match, counting no further than cap."""
    return conn.execute(
        f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? AND rowid <= ? "
        "LIMIT ?)",
        (expression, bound, cap),
    ).fetchone()[0]


def search(
    conn: sqlite3.Connection,
    query: segment.Query,
    filters: Filters,
    *,
    limit: int = 10,
    offset: int = 0,
    facets: bool = True,
) -> Results:
    """The total, the hits of one page best first, and (if asked) facet counts of the matches."""
    p = plan(query)
    if p is None:
        return Results.empty()
    expression = match_expression(p, filters)
    bound = visible_bound(filters.today)
    ids = _probe(conn, expression, bound)
    if ids is not None:  # small: one pass of the match, the rest read by rowid
        rows = _entry_rows(conn, ids) if ids else {}
        results = Results(
            total=len(ids),
            hits=[],
            facets=_count_facets(row[1:] for row in rows.values()) if facets else {},
            total_is_floor=False,
            facets_sample=0,
            ranked=True,
        )
        if ids and offset < len(ids) and limit > 0:
            page = _small_ids(conn, p, expression, bound, ids, rows, offset + limit)[offset:]
            results.hits = _hits(conn, page)
        return results
    total = _count(conn, expression, bound, COUNT_LIMIT + 1)
    results = Results(
        total=min(total, COUNT_LIMIT),
        hits=[],
        facets=_sampled_facets(conn, expression, bound, FACET_SAMPLE) if facets else {},
        total_is_floor=total > COUNT_LIMIT,
        facets_sample=min(FACET_SAMPLE, total) if facets else 0,
        ranked=False,
    )
    if offset < total and limit > 0:
        results.hits = _hits(conn, _dated_ids(conn, _tiers(p, expression), bound, limit, offset))
    return results


def top_keys(
    conn: sqlite3.Connection, query: segment.Query, today: str, limit: int = 10
) -> list[str]:
    """Only the keys of the best `limit` entries, in search()'s order: no total, no facets."""
    p = plan(query)
    if p is None:
        return []
    expression, bound = match_expression(p), visible_bound(today)
    ids = _probe(conn, expression, bound)
    if ids is None:
        page = _dated_ids(conn, _tiers(p, expression), bound, limit, 0)
    else:
        rows = _entry_rows(conn, ids) if ids else {}
        page = _small_ids(conn, p, expression, bound, ids, rows, limit) if ids else []
    return [hit.key for hit in _hits(conn, page)]


def _sampled_facets(
    conn: sqlite3.Connection, expression: str, bound: int, sample: int
) -> dict[str, list[tuple[object, int]]]:
    """Facet counts over the newest `sample` matches of a large result."""
    rows = conn.execute(
        f"SELECT e.kind, e.unit_code, e.column_keys, e.year, e.validity "
        f"FROM {FTS} JOIN {ENTRY} e ON e.id = {FTS}.rowid "
        f"WHERE {FTS} MATCH ? AND {FTS}.rowid <= ? ORDER BY {FTS}.rowid DESC LIMIT ?",
        (expression, bound, int(sample)),
    )
    return _count_facets(rows)


def _count_facets(rows: Iterable[tuple]) -> dict[str, list[tuple[object, int]]]:
    """Facet counts of entry rows (kind, unit_code, column_keys, year, validity)."""
    counters: dict[str, Counter] = {name: Counter() for name in FACETS}
    kind_c, unit_c, column_c, year_c, validity_c = (counters[name] for name in FACETS)
    for kind, unit_code, column_keys, year, validity in rows:
        kind_c[kind] += 1
        if unit_code:
            unit_c[unit_code] += 1
        if column_keys:
            column_c.update(column_keys.split())
        if year:
            year_c[year] += 1
        if validity:
            validity_c[validity] += 1
    result = {
        name: sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))[:FACET_LIMIT]
        for name, counter in counters.items()
    }
    result["year"] = sorted(result["year"], key=lambda item: -int(item[0]))  # type: ignore[call-overload]
    return result
