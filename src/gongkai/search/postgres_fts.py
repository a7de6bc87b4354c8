"""The PostgreSQL search backend: segmented text in tsvector columns with a GIN index.

Pure DB-API code on a psycopg 3 connection (Django's ``connection.connection`` or one made with
``psycopg.connect``); no Django import. The same contract and the same matches as sqlite_fts
(tests/search/test_postgres_fts.py compares the two), over two tables:

* ``search_entry`` — one row per Entry: key, kind, what a hit shows (title, url, attachment text
  for snippets), the facet values as ordinary columns (filters are plain SQL predicates; column
  keys are a text array with a GIN index), and two tsvectors: ``tsv`` holds every text field,
  each with its weight label (title A; 发文字号, 索引号 B; unit, columns C; body, attachments D),
  and is what queries match (GIN index); ``head`` holds the fields up to the columns only, a few
  hundred bytes kept in the row, for a first ranking that does not open the bodies.
* ``search_meta`` — name/value pairs (the dictionary signature the index was built with).

No text goes through PostgreSQL's parser: Debian's has no Chinese one, and the default parser
would re-split our tokens, depending on the locale. Vectors and queries are built here from
segment's tokens as tsvector/tsquery literals with quoted lexemes (_lexeme), and passed as
parameters, so that no query text can change a query's structure. _Vector tells how positions
are laid out and how PostgreSQL's limits (16383 positions, 256 per lexeme, 1 MB) are kept.

Queries force the GIN index (_index_scans): the planner does not know that a sequential scan
opens every row's vector. Ranking is ts_rank with the label weights of entries.TEXT_FIELDS, in
two stages so that a common word does not open tens of thousands of bodies (_ranked); entries
holding the query text as typed (Plan.boost) come first, newer entries break ties.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from gongkai.search import segment
from gongkai.search.entries import (
    FACETS,
    TEXT_FIELDS,
    Entry,
    Filters,
    Hit,
    Plan,
    Results,
    plan,
    text_fields,
)

ENTRY, META = "search_entry", "search_meta"
FACET_LIMIT = 30  # values shown per facet, as in sqlite_fts

# PostgreSQL's weight label of each text field (entries.TEXT_FIELDS order), and the weights that
# ts_rank gives the labels: each label's highest field weight, relative to the title's (ts_rank
# wants values in 0..1). Its weight array is ordered {D, C, B, A}.
LABELS = {
    "title": "A",
    "doc_no": "B",
    "index_no": "B",
    "unit": "C",
    "columns": "C",
    "body": "D",
    "attachments": "D",
}
_FIELD_LABELS = tuple(LABELS[name] for name, _ in TEXT_FIELDS)
_HEAD_FIELDS = 5  # title, doc_no, index_no, unit, columns: the fields of the head vector
_TOP = max(weight for _, weight in TEXT_FIELDS)
_LABEL_WEIGHTS = {
    label: max(w for name, w in TEXT_FIELDS if LABELS[name] == label) / _TOP for label in "ABCD"
}
RANK_WEIGHTS = "{" + ",".join(f"{_LABEL_WEIGHTS[label]:g}" for label in "DCBA") + "}"

# PostgreSQL's limits (src/include/tsearch/ts_type.h).
MAX_POSITION = 16383  # MAXENTRYPOS - 1: larger positions are silently clamped to it
MAX_POSITIONS = 256  # MAXNUMPOS: positions kept per lexeme; later ones are silently dropped
MAX_LEXEME_BYTES = 2046  # MAXSTRLEN is 2047
# MAXSTRPOS is 1 MB - 1 for lexemes and positions; we keep the whole value (with its 4-byte
# entry per lexeme) under 1 MB, with a margin.
MAX_VECTOR_BYTES = 1_000_000

# Matches re-ranked with the full vector (see _ranked): 1,000 vectors take about 10 ms to read.
RANK_WINDOW = 1000
# Memory for the sorts and the list of every match: enough for 100,000 matches without temporary
# files (PostgreSQL's default of 4 MB spills at about 40,000).
WORK_MEM = "32MB"


def create(conn: psycopg.Connection[Any]) -> None:
    """Create the tables and indexes if they are missing (idempotent).

    Runs DDL on the caller's transaction and does not commit: PostgreSQL's DDL is transactional,
    and the migration that calls this owns its transaction.
    """
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {ENTRY} ("
        "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        'key text COLLATE "C" NOT NULL UNIQUE, kind text NOT NULL, title text NOT NULL, '
        "url text NOT NULL, unit_code text NOT NULL, year integer, validity text NOT NULL, "
        'published_on text COLLATE "C" NOT NULL, column_keys text[] NOT NULL, '
        "attachments text NOT NULL, head tsvector NOT NULL, tsv tsvector NOT NULL)"
    )
    conn.execute(f"CREATE INDEX IF NOT EXISTS {ENTRY}_tsv ON {ENTRY} USING gin (tsv)")
    conn.execute(f"CREATE INDEX IF NOT EXISTS {ENTRY}_columns ON {ENTRY} USING gin (column_keys)")
    conn.execute(f"CREATE INDEX IF NOT EXISTS {ENTRY}_year ON {ENTRY} (year)")
    conn.execute(f"CREATE TABLE IF NOT EXISTS {META} (name text PRIMARY KEY, value text NOT NULL)")


def drop(conn: psycopg.Connection[Any]) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {ENTRY}, {META}")


def clear(conn: psycopg.Connection[Any]) -> None:
    """Empty the index (keeping the tables).

    DELETE, not TRUNCATE: a rebuild clears and refills in one transaction, and TRUNCATE's lock
    would block every search until it commits; with DELETE searches see the old index meanwhile.
    """
    conn.execute(f"DELETE FROM {ENTRY}")


def get_meta(conn: psycopg.Connection[Any], name: str) -> str | None:
    row = conn.execute(f"SELECT value FROM {META} WHERE name = %s", (name,)).fetchone()
    return row[0] if row else None


def set_meta(conn: psycopg.Connection[Any], name: str, value: str) -> None:
    conn.execute(
        f"INSERT INTO {META} (name, value) VALUES (%s, %s) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def optimize(conn: psycopg.Connection[Any]) -> None:
    """Refresh the planner's statistics after a rebuild (VACUUM cannot run in a transaction)."""
    conn.execute(f"ANALYZE {ENTRY}")


# --------------------------------------------------------------------------- vectors


def _lexeme(token: str) -> str:
    """A token as a quoted lexeme of a tsvector or tsquery literal.

    Inside quotes PostgreSQL's input functions read every character literally except the quote,
    written '' , and the backslash, which escapes the next character: so spaces, colons, & | ! ( )
    < > * stay part of the lexeme and cannot change the query.
    """
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class _Vector:
    """Builds the tsvector literal of an entry's fields, position by position.

    Positions. Each field's base stream (single characters, runs of letters or digits, then the
    发文字号/索引号 token) gets consecutive positions, so a phrase is ``a <-> b <-> c``; one
    position is left unused between fields, so a phrase cannot run from one field into the next.
    A dictionary word takes the position of its first character (index_text lists the words after
    the base stream, in text order): words never take part in phrases (phrase_tokens gives base
    tokens only, and no base token is a word), so they need no positions of their own, and
    ranking sees them where they are. Every position carries its field's weight label.

    Limits, all handled so that indexing never fails:

    * positions stop at 16383 (PostgreSQL would clamp later ones to 16383, which could make false
      phrase matches). Tokens after that are stored without a position: they still match as
      terms (ranked as weight D), but a phrase through one of them is not found. Fields are laid
      out short ones first, so only a body plus attachment text of more than about 16,000 base
      tokens (characters, numbers, Latin words) is affected.
    * a lexeme keeps its first 256 positions (PostgreSQL would drop the others): in a very long
      text a phrase through, say, the 300th 的 is not found. Terms are unaffected.
    * a lexeme of more than 2046 bytes (a run of over 2,000 letters or digits) is left out; it
      takes its position all the same. No query token is that long (queries are cut to 256
      characters), so nothing findable is lost.
    * a vector holds at most about 1 MB of lexemes and positions: once MAX_VECTOR_BYTES would be
      exceeded, further new lexemes are left out (the text's later distinct tokens: the start of
      a huge attachment stays searchable) and known ones get no more positions.
    """

    def __init__(self) -> None:
        self.positions: dict[str, list[str]] = {}  # lexeme -> ["3A", "17", ...]
        self.size = 0  # bytes of the value: lexemes, their entries and positions
        self.next = 1  # the next free position

    def _put(self, token: str, position: int, suffix: str) -> None:
        """Add one occurrence, within the limits (see the class)."""
        entry = self.positions.get(token)
        if entry is None:
            length = len(token.encode())
            grow = length + (length & 1) + 4  # SHORTALIGNed, and its 4-byte WordEntry
            if length > MAX_LEXEME_BYTES or self.size + grow + 4 > MAX_VECTOR_BYTES:
                return
            entry = self.positions[token] = []
            self.size += grow
        if position > MAX_POSITION or len(entry) >= MAX_POSITIONS:
            return
        grow = 2 if entry else 4  # a position, plus the count before the first one
        if self.size + grow > MAX_VECTOR_BYTES:
            return
        self.size += grow
        entry.append(f"{position}{suffix}")

    def add(self, text: str, label: str) -> None:
        """Add one field's index_text (tokens separated by spaces) with its weight label."""
        tokens = text.split()
        if not tokens:
            return
        suffix = "" if label == "D" else label  # D is the default label: shorter literals
        start = self.next
        # The usual case, in a tight loop: no position can pass the limit and, at most
        # 9 bytes a token, the value cannot reach MAX_VECTOR_BYTES (self.size is then an upper
        # bound, made exact again when a later field needs it).
        bound = len(text.encode()) + 9 * len(tokens)
        if self.size + bound > MAX_VECTOR_BYTES:
            self.size = self._measure()
        fast = start + len(tokens) <= MAX_POSITION and self.size + bound <= MAX_VECTOR_BYTES
        stream: list[str] = []  # the base stream, one character per token, to find words in
        words: list[str] = []
        positions, put, is_han = self.positions, self._put, segment.is_han
        position = start
        for i, token in enumerate(tokens):
            if len(token) > 1 and is_han(token):
                # The first dictionary word: the rest are words too, but for the ASCII
                # 发文字号/索引号 token that text_fields() appends.
                words = [t for t in tokens[i:] if not t.isascii()]
                tokens = [t for t in tokens[i:] if t.isascii()]
                break
            if not fast:
                put(token, position, suffix)
            elif (entry := positions.get(token)) is None:
                if len(token) * 3 <= MAX_LEXEME_BYTES or len(token.encode()) <= MAX_LEXEME_BYTES:
                    positions[token] = [f"{position}{suffix}"]
            elif len(entry) < MAX_POSITIONS:
                entry.append(f"{position}{suffix}")
            stream.append(token if len(token) == 1 else "\0")
            position += 1
        else:
            tokens = []
        for token in tokens:  # after the words: the 发文字号/索引号 token
            put(token, position, suffix)
            stream.append("\0")
            position += 1
        # Words come in the order of where they start, so each is looked for from where the
        # previous one started, and after its own previous occurrence.
        chars = "".join(stream)
        where = 0
        after: dict[str, int] = {}
        for word in words:
            found = chars.find(word, max(where, after.get(word, 0)))
            if found < 0:
                found = chars.find(word)  # not in text order after all: look from the start
            if found < 0:
                found = 0  # not in the base stream (cannot happen for index_text output)
            else:
                where, after[word] = found, found + 1
            if not fast:
                put(word, start + found, suffix)
            elif (entry := positions.get(word)) is None:
                positions[word] = [f"{start + found}{suffix}"]
            elif len(entry) < MAX_POSITIONS:
                entry.append(f"{start + found}{suffix}")
        if fast:
            self.size += bound
        self.next = position + 1  # and one unused position between fields

    def _measure(self) -> int:
        """The exact size of the value so far (see _put)."""
        return sum(
            (length := len(token.encode())) + (length & 1) + 4 + (2 + 2 * len(p) if p else 0)
            for token, p in self.positions.items()
        )

    def literal(self) -> str:
        """The tsvector literal: quoted lexemes, each with its positions and labels if any."""
        return " ".join(
            f"{_lexeme(token)}:{','.join(positions)}" if positions else _lexeme(token)
            for token, positions in self.positions.items()
        )


def vectors(fields: Sequence[str]) -> tuple[str, str]:
    """(head, tsv) literals of text_fields() output: the short fields, and every field."""
    vector = _Vector()
    head = ""
    for i, (text, label) in enumerate(zip(fields, _FIELD_LABELS, strict=True)):
        if i == _HEAD_FIELDS:
            head = vector.literal()
        vector.add(text, label)
    return head, vector.literal()


# --------------------------------------------------------------------------- writing


_COLUMNS = (
    "key",
    "kind",
    "title",
    "url",
    "unit_code",
    "year",
    "validity",
    "published_on",
    "column_keys",
    "attachments",
    "head",
    "tsv",
)


_UPSERT = (
    f"INSERT INTO {ENTRY} ({', '.join(_COLUMNS)}) VALUES ({', '.join(['%s'] * len(_COLUMNS))}) "
    "ON CONFLICT (key) DO UPDATE SET id = DEFAULT, "
    + ", ".join(f"{column} = excluded.{column}" for column in _COLUMNS[1:])
)
COPY_FROM = 64  # entries from which add() uses COPY rather than INSERT


def add(
    conn: psycopg.Connection[Any],
    entries: Iterable[Entry],
    segmented: Iterable[tuple[str, ...]] | None = None,
) -> int:
    """Index entries, replacing any earlier entry with the same key; return how many.

    ``segmented`` may give each entry's text_fields() computed elsewhere (the bench segments in
    worker processes); it must then be in the same order as ``entries``. A key given twice keeps
    its last entry. A replaced entry counts as added last (a new id), as in SQLite.

    A few entries (the live updates) go in with INSERT … ON CONFLICT, so that two transactions
    indexing the same key do not fail on the unique key but wait for each other; many (a
    rebuild) with DELETE and COPY, several times faster.
    """
    entries = list(entries)
    if not entries:
        return 0
    texts = list(segmented) if segmented is not None else [text_fields(e) for e in entries]
    if len(texts) != len(entries):
        raise ValueError("segmented must give one tuple of texts per entry")
    last = {entry.key: i for i, entry in enumerate(entries)}
    rows = (
        _row(entry, text)
        for i, (entry, text) in enumerate(zip(entries, texts, strict=True))
        if last[entry.key] == i
    )
    with conn.cursor() as cursor:
        if len(last) < COPY_FROM:
            cursor.executemany(_UPSERT, list(rows))
        else:
            remove(conn, list(last))
            with cursor.copy(f"COPY {ENTRY} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    return len(entries)


def _row(entry: Entry, texts: Sequence[str]) -> tuple[object, ...]:
    """The values of _COLUMNS for an entry and its text_fields()."""
    head, tsv = vectors(texts)
    return (
        entry.key,
        str(entry.kind),
        _no_nul(entry.title),
        _no_nul(entry.url),
        entry.unit_code,
        entry.year,
        entry.validity,
        entry.published_on,
        list(entry.column_keys),
        _no_nul(entry.attachments),
        head,
        tsv,
    )


def _no_nul(text: str) -> str:
    """text without NUL characters, which PostgreSQL's text cannot hold (PDF text may have them;
    they are never part of a token)."""
    return text.replace("\0", "") if "\0" in text else text


def remove(conn: psycopg.Connection[Any], keys: Sequence[str]) -> int:
    """Drop the entries with these keys; return how many there were."""
    if not keys:
        return 0
    cursor = conn.execute(f"DELETE FROM {ENTRY} WHERE key = ANY(%s)", (list(keys),))
    return int(cursor.rowcount)


def keys(conn: psycopg.Connection[Any], prefix: str = "") -> set[str]:
    """Every key in the index (starting with prefix)."""
    rows = conn.execute(f"SELECT key FROM {ENTRY} WHERE starts_with(key, %s)", (prefix,))
    return {row[0] for row in rows}


def count(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute(f"SELECT count(*) FROM {ENTRY}").fetchone()
    return int(row[0]) if row else 0


# --------------------------------------------------------------------------- queries


def _phrase(tokens: Sequence[str]) -> str:
    return "(" + " <-> ".join(_lexeme(t) for t in tokens) + ")"


def tsquery(p: Plan) -> str | None:
    """The tsquery literal every match must satisfy (the year aside), or None if only a year.

    Terms are single lexemes (any field: a lexeme without a label matches every weight), phrases
    chains of <->, and the 发文字号/索引号 tokens are restricted to label B (only those fields
    hold such tokens).
    """
    parts = [f"{_lexeme(p.doc_no)}:B"] if p.doc_no else []
    if p.index_no:
        parts.append(f"{_lexeme(p.index_no)}:B")
    parts += [_lexeme(term) for term in p.terms]
    parts += [_phrase(tokens) for tokens in p.phrases]
    return " & ".join(parts) or None


def _too_long(p: Plan) -> bool:
    """True if some token cannot be a lexeme, so that nothing can match (and tsquery would fail)."""
    tokens = [*p.terms, *(t for phrase in p.phrases for t in phrase)]
    return any(len(t.encode()) > MAX_LEXEME_BYTES for t in tokens)


def _where(p: Plan, filters: Filters | None, today: str) -> tuple[str, list[object]]:
    """The WHERE clause of the visible matches of a plan, and its parameters."""
    clauses: list[str] = []
    params: list[object] = []
    query = tsquery(p)
    year = _lexeme(str(p.year)) if p.year else None
    # The year as (query & year token) OR (year field AND query): both halves are exact GIN
    # matches. "query AND (year = Y OR tsv @@ Y)" would test the token on every match of the
    # query outside that year, opening its vector (0.2 s for a word and a year).
    if year is not None and query is not None:
        clauses.append("(e.tsv @@ %s::tsquery OR (e.year = %s AND e.tsv @@ %s::tsquery))")
        params += [f"{query} & {year}", p.year, query]
    elif year is not None:
        clauses.append("(e.year = %s OR e.tsv @@ %s::tsquery)")
        params += [p.year, year]
    elif query is not None:
        clauses.append("e.tsv @@ %s::tsquery")
        params.append(query)
    clauses.append("e.published_on <= %s")
    params.append(today)
    if filters is not None:
        for column, value in (
            ("kind", filters.kind),
            ("unit_code", filters.unit_code),
            ("year", filters.year),
            ("validity", filters.validity),
        ):
            if value:
                clauses.append(f"e.{column} = %s")
                params.append(value)
        if filters.column:
            clauses.append("e.column_keys @> ARRAY[%s]::text[]")
            params.append(filters.column)
    return " AND ".join(clauses), params


def _rank_query(p: Plan) -> str:
    """What ranking weighs: the plan's terms and phrases, or the year when that is all."""
    return tsquery(p) or _lexeme(str(p.year))


@contextmanager
def _index_scans(conn: psycopg.Connection[Any]) -> Iterator[None]:
    """Run the statements inside with sequential scans and JIT off and more work_mem, then put
    the three settings back.

    The planner prices ``tsv @@ query`` as one cheap operator call, so for a common word it picks
    a sequential scan that opens (de-TOASTs) every row's vector: 0.6 s at 100,000 documents,
    against 0.07 s for the GIN bitmap, whose exact matches never need the vector. JIT would add
    its compile time once a table is large enough to pass jit_above_cost; WORK_MEM keeps the
    list of every match in memory. Session settings (SET LOCAL does nothing in autocommit mode,
    Django's default), put back afterwards; after an error inside a transaction, its rollback
    (or the savepoint's) puts them back.
    """
    names = ("enable_seqscan", "jit", "work_mem")
    previous = conn.execute(
        "SELECT current_setting('enable_seqscan'), current_setting('jit'), "
        "current_setting('work_mem'), set_config('enable_seqscan', 'off', false), "
        f"set_config('jit', 'off', false), set_config('work_mem', '{WORK_MEM}', false)"
    ).fetchone()
    assert previous is not None
    try:
        yield
    finally:
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.INERROR:
            conn.execute(
                "SELECT " + ", ".join(f"set_config('{name}', %s, false)" for name in names),
                previous[:3],
            )


_RANK = f"ts_rank('{RANK_WEIGHTS}', e.%s, %%s::tsquery, 1)"
_CHEAP_ORDER = "boosted DESC, titled DESC, cheap DESC, published_on DESC, id DESC"
_PAGE_ORDER = "w DESC, b DESC, t DESC, score DESC, d DESC, i DESC"
_HITS = "key, kind, title, url, unit_code, year, validity, published_on, attachments, score"
_FACET_VALUES = {  # facet -> (value, FROM and WHERE over the matches m), as in sqlite_fts._count
    "kind": ("kind", "m"),
    "unit_code": ("unit_code", "m WHERE unit_code <> ''"),
    "column": ("c", "m, unnest(m.column_keys) AS c"),
    "year": ("year", "m WHERE year <> 0"),
    "validity": ("validity", "m WHERE validity <> ''"),
}
_FACET_COUNTS = ", ".join(
    f"(SELECT json_agg(json_build_array(v, n) ORDER BY n DESC, v) FROM (SELECT {value} AS v, "
    f"count(*) AS n FROM {source} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {FACET_LIMIT}) x)"
    for value, source in (_FACET_VALUES[name] for name in FACETS)
)


def _ranked(
    p: Plan, where: str, params: list[object], *, boost: bool, window: int, extra: str = ""
) -> tuple[str, list[object]]:
    """The statement of one page of the visible matches of a plan, best first, and its parameters
    (but for the page's LIMIT and OFFSET, which come last).

    Ranking has two stages, so that a common word does not open tens of thousands of vectors:

    1. every match gets a cheap order: holding the query as typed (Plan.boost, tested on the
       full vector: the phrase may be anywhere), then ts_rank over the head vector (title,
       发文字号, 索引号, unit, columns: a few hundred bytes in the row itself), then newest first.
       Only the first ``window`` matches in that order are kept (a top-N sort).
    2. of those, the first RANK_WINDOW are re-ranked with ts_rank over the full vector, which
       adds the body and the attachments (label D): boost first, then that rank, newest first,
       last added first. The others follow in the cheap order.

    With at most RANK_WINDOW matches this is exactly the ranking of the full vector; beyond, the
    best matches by the cheap order are re-ranked (so a body-only match of a word that thousands
    of entries hold is placed by date, not by how often its body has the word). Pages stay
    consistent: the window does not depend on the page.

    The statement's rows are the hits (key, the Hit fields, score), and with ``extra``:
    "count" the number of matches as an 11th column; "facets" a first row (or the only one)
    with 0, the number of matches and the facet counts as JSON, then the hits, all with those
    columns (see search()).
    """
    boosted = "e.tsv @@ %s::tsquery" if boost and p.boost else "false"
    titled, title_params = _in_title(p)
    rank_query = _rank_query(p)
    matches = (
        f"SELECT e.id, e.published_on, {boosted} AS boosted, {titled} AS titled, "
        f"{_RANK % 'head'} AS cheap"
        f"{', e.kind, e.unit_code, e.column_keys, e.year, e.validity' if extra else ''} "
        f"FROM {ENTRY} e WHERE {where}"
    )
    if extra == "facets":
        # The matches once, with their facet columns, for the counts and for the page.
        first = (
            f"WITH m AS MATERIALIZED ({matches}), c AS (SELECT id, published_on, boosted, titled, "
            "cheap "
            f"FROM m ORDER BY {_CHEAP_ORDER} LIMIT %s)"
        )
    elif extra == "count":
        # OFFSET 0 keeps the planner from computing the cheap rank above the count's window,
        # which would then hold every match's head vector (and spill to disk for common words).
        first = (
            f"WITH c AS MATERIALIZED (SELECT *, count(*) OVER () AS total FROM ({matches} "
            f"OFFSET 0) s ORDER BY {_CHEAP_ORDER} LIMIT %s)"
        )
    else:
        first = f"WITH c AS MATERIALIZED ({matches} ORDER BY {_CHEAP_ORDER} LIMIT %s)"
    total = ", r.total" if extra == "count" else ""
    sql = (
        f"{first}, r AS (SELECT c.*, row_number() OVER (ORDER BY {_CHEAP_ORDER}) AS rn FROM c), "
        f"page AS (SELECT * FROM (SELECT e.key, e.kind, e.title, e.url, e.unit_code, e.year, "
        "e.validity, e.published_on, e.attachments, "
        f"CASE WHEN r.rn <= %s THEN {_RANK % 'tsv'} ELSE r.cheap END AS score, r.rn <= %s AS w, "
        f"r.boosted AS b, r.titled AS t, r.published_on AS d, r.id AS i{total} "
        f"FROM r JOIN {ENTRY} e "
        f"ON e.id = r.id) s ORDER BY {_PAGE_ORDER} LIMIT %s OFFSET %s) "
    )
    if extra == "facets":
        nulls = ", ".join(["NULL"] * len(FACETS))
        sql += (
            f"SELECT 0 AS part, (SELECT count(*) FROM m), {_FACET_COUNTS}, NULL AS key, NULL, "
            "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL AS score, NULL AS w, NULL AS b, "
            f"NULL AS t, NULL AS d, NULL AS i UNION ALL SELECT 1, NULL, {nulls}, * FROM page "
            f"ORDER BY part, {_PAGE_ORDER}"
        )
    else:
        sql += f"SELECT {_HITS}{total.replace('r.', '')} FROM page ORDER BY {_PAGE_ORDER}"
    boost_params: list[object] = [_phrase(p.boost)] if boost and p.boost else []
    return sql, [
        *boost_params,
        *title_params,
        rank_query,
        *params,
        window,
        RANK_WINDOW,
        rank_query,
        RANK_WINDOW,
    ]


def _in_title(p: Plan) -> tuple[str, list[object]]:
    """Whether a match holds every term and phrase in its title, as SQL and its parameters: the
    second tier of sqlite_fts._tier_of, so that 教育局 finds the unit 永昌县教育局 before the
    hundred documents that only name it (ts_rank alone puts the longer, newer titles first)."""
    needles = [*p.terms, *("".join(t) for t in p.phrases)]
    if not needles:
        return "false", []
    return " AND ".join(["strpos(lower(e.title), %s) > 0"] * len(needles)), needles


def search(
    conn: psycopg.Connection[Any],
    query: segment.Query,
    filters: Filters,
    *,
    limit: int = 10,
    offset: int = 0,
    facets: bool = True,
) -> Results:
    """The total, the hits of one page best first, and (if asked) facet counts of every match.

    One statement, which reads the matches once: the page (ranked as _ranked says) with the
    total, or, with facets, a first row with the total and the facet counts, then the page.
    Facet values come most common first (ties by value; SQLite's come in the order it met them),
    at most FACET_LIMIT of them; years newest first, as in sqlite_fts.
    """
    p = plan(query)
    if p is None:
        return Results.empty()
    if _too_long(p):
        return Results(0, [], Results.empty().facets if facets else {})
    where, params = _where(p, filters, filters.today)
    limit, offset = max(limit, 0), max(offset, 0)
    window = max(RANK_WINDOW, offset + limit)
    extra = "facets" if facets else "count"
    sql, values = _ranked(p, where, params, boost=True, window=window, extra=extra)
    with _index_scans(conn):
        rows = conn.execute(sql, [*values, limit, offset]).fetchall()
        if not facets:
            if rows:
                return Results(int(rows[0][10]), [_hit(row) for row in rows], {})
            total = _count_only(conn, where, params) if offset or not limit else 0
            return Results(total, [], {})
    first, page = rows[0], rows[1:]
    counts: dict[str, list[tuple[object, int]]] = {
        name: [(value, int(n)) for value, n in first[2 + i] or []] for i, name in enumerate(FACETS)
    }
    counts["year"] = sorted(counts["year"], key=lambda item: -int(item[0]))  # type: ignore[call-overload]
    skip = 2 + len(FACETS)
    return Results(int(first[1]), [_hit(row[skip:]) for row in page], counts)


def _hit(row: Sequence[Any]) -> Hit:
    key, kind, title, url, unit_code, year, validity, published_on, attachments, score = row[:10]
    return Hit(
        key=key,
        kind=kind,
        title=title,
        url=url,
        unit_code=unit_code,
        year=year,
        validity=validity,
        published_on=published_on,
        attachments=attachments,
        score=float(score),
    )


def top_keys(
    conn: psycopg.Connection[Any], query: segment.Query, today: str, limit: int = 10
) -> list[str]:
    """Only the keys of the best `limit` entries: the bench's question, without counting.

    Like sqlite_fts.top_keys: no filters but the day, and no boost (ranks only).
    """
    p = plan(query)
    if p is None or _too_long(p):
        return []
    where, params = _where(p, None, today)
    limit = max(limit, 0)
    sql, values = _ranked(p, where, params, boost=False, window=max(RANK_WINDOW, limit))
    with _index_scans(conn):
        rows = conn.execute(sql, [*values, limit, 0]).fetchall()
    return [row[0] for row in rows]


def _count_only(conn: psycopg.Connection[Any], where: str, params: list[object]) -> int:
    row = conn.execute(f"SELECT count(*) FROM {ENTRY} e WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0
