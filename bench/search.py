"""Benchmark of full-text search over synthetic Chinese documents: our backends against LIKE and tantivy.

Generates --scale documents with bench/search_corpus.py into a JSON-lines file in a throw-away
directory (timed: generation speed alone), then, for each engine, builds an index from that file
and runs the fixed query mix (search_corpus.queries). Every engine answers the same question:
the ids of the top `limit` (10) documents that contain every word of the query; none counts all
hits. Printed per engine: build rate (documents/s, segmentation included where the engine
segments), index size, median and p95 query latency, hits@10 agreement with tantivy and the
ratios of its p95 to the LIKE scan's and to tantivy's, measured in the same run. Also printed:
RSS of this process and of a server-like process (Django set up, URL map imported) with the
segmenter loaded.

Engines (an Engine subclass each; see Engine for the interface):

* like — the naive baseline: one SQLite table, ``(title LIKE ? OR doc_no LIKE ? OR body LIKE ?)``
  per whitespace-separated word of the query, ANDed, newest id first. It reads the table until
  it has `limit` matches, so a common word returns early and a rare one scans everything.
* tantivy — the ``tantivy`` package (pip install tantivy==0.27.0) on the same segmented text
  (title, 发文字号, body, each through the segmenter and tantivy's whitespace tokenizer), BM25,
  every query token required (term queries, title and 发文字号 boosted ×2).
* gongkai-sqlite, gongkai-postgres — our two backends (gongkai.search.sqlite_fts and
  postgres_fts) as the site calls them: the top ten (top_keys), and, reported on a second line
  "… page", what the results page asks (search(): the total and the facet counts over every
  match, then the page). gongkai-postgres needs --database-url and works in a throw-away schema.

Segmentation uses gongkai.search.segment (tokens) when it exists, else jieba.cut_for_search
behind the same small adapter; indexing segments in a pool of --workers processes (fork).
Query timing: after a warm-up query, --repeat rounds over the mix, each query's latency the
median of its rounds; an engine stops after --max-seconds and is then measured on a prefix of the
mix, which is ordered round-robin by kind and so is still a stratified sample (the report says
how many queries each engine ran; at 1,000,000 documents the LIKE scan runs a few). Ratios
between two engines use only the queries both ran.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import itertools
import logging
import multiprocessing
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script, or loaded by the tests from a file path
    sys.path.insert(0, str(HERE))

from search_corpus import KINDS, Doc, Query, documents, queries  # noqa: E402

ENGINES = ("like", "tantivy", "gongkai-sqlite", "gongkai-postgres")
LIMIT = 10
MB = 1024 * 1024


# --------------------------------------------------------------------------- segmentation


@dataclass(frozen=True)
class Segmenter:
    """tokens(text) -> list[str]; index_text(text) -> the tokens joined by spaces."""

    name: str
    tokens: Callable[[str], list[str]]
    index_text: Callable[[str], str]


_WORDLIKE = re.compile(r"\w")


def _jieba_tokens(text: str) -> list[str]:
    """Stand-in for gongkai.search.segment.tokens: NFKC, lower case, search-mode words."""
    import jieba

    text = unicodedata.normalize("NFKC", text).lower()
    return [t for t in jieba.cut_for_search(text) if _WORDLIKE.search(t) and not t.isspace()]


def load_segmenter() -> Segmenter:
    """gongkai.search.segment when it exists, else jieba behind the same interface.

    Loads the dictionary now (a first call), so that timings and RSS include it.
    """
    try:
        from gongkai.search import segment  # type: ignore[attr-defined]
    except ImportError:
        segment = None
    if segment is not None and hasattr(segment, "tokens"):
        tokens = segment.tokens
        index_text = getattr(segment, "index_text", None) or (lambda t: " ".join(tokens(t)))
        segmenter = Segmenter("gongkai.search.segment", tokens, index_text)
    else:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        segmenter = Segmenter(
            f"jieba {jieba.__version__} cut_for_search (bench adapter; gongkai.search.segment "
            "not found)",
            _jieba_tokens,
            lambda t: " ".join(_jieba_tokens(t)),
        )
    segmenter.tokens("永昌县教育局关于做好招生入学工作的通知")
    return segmenter


_SEGMENTER: Segmenter | None = None  # set before the pool forks; the workers inherit it


def _segment_doc(doc: Doc) -> tuple[int, str, str, str]:
    assert _SEGMENTER is not None
    index_text = _SEGMENTER.index_text
    return doc.id, index_text(doc.title), index_text(doc.doc_no), index_text(doc.body)


class SegmentPool:
    """Segments documents in `workers` forked processes (in this process when workers <= 1)."""

    def __init__(self, segmenter: Segmenter, workers: int) -> None:
        global _SEGMENTER
        _SEGMENTER = segmenter
        self.pool = None
        if workers > 1:
            self.pool = multiprocessing.get_context("fork").Pool(workers)

    def map(self, docs: Iterable[Doc], fn: Callable = _segment_doc) -> Iterator:
        if self.pool is None:
            return map(fn, docs)
        return self.pool.imap(fn, docs, chunksize=32)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> SegmentPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- engines


@dataclass
class BuildStats:
    docs: int
    seconds: float
    bytes_on_disk: int


class Engine:
    """What the harness needs from a search engine.

    An engine gets its own empty directory, the segmenter (None if none could be loaded), the
    number of worker processes it may use for segmentation and --database-url. build() indexes every document
    of the iterator and returns what it took; search() returns the ids (Doc.id) of the top
    `limit` documents that contain every word of the query, best first; close() releases
    files and connections. Raise NotImplementedError from build() when the engine cannot run
    here yet: the report then lists it as not yet available, with the message.
    """

    name = "engine"

    def __init__(
        self,
        workdir: Path,
        segmenter: Segmenter | None,
        workers: int = 1,
        database_url: str | None = None,
    ) -> None:
        self.workdir, self.segmenter, self.workers = workdir, segmenter, workers
        self.database_url = database_url

    def build(self, docs: Iterable[Doc]) -> BuildStats:
        raise NotImplementedError

    def open(self) -> BuildStats:
        """Open the index an earlier run built in workdir (--reuse); seconds 0: not timed."""
        raise NotImplementedError("cannot reuse a kept index")

    def search(self, query: str, limit: int = LIMIT) -> list[int]:
        raise NotImplementedError

    def close(self) -> None:
        pass


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class LikeScan(Engine):
    """The naive baseline: a plain SQLite table and LIKE '%word%' on each column."""

    name = "like"
    db: sqlite3.Connection | None = None

    def build(self, docs: Iterable[Doc]) -> BuildStats:
        path = self.workdir / "like.sqlite3"
        began = time.perf_counter()
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=OFF")  # a bulk load that can be redone
        self.db.execute(
            "CREATE TABLE doc (id INTEGER PRIMARY KEY, title TEXT NOT NULL, doc_no TEXT NOT NULL,"
            " unit TEXT NOT NULL, year INTEGER NOT NULL, body TEXT NOT NULL)"
        )
        rows = ((d.id, d.title, d.doc_no, d.unit, d.year, d.body) for d in docs)
        count = 0
        with self.db:
            while batch := list(itertools.islice(rows, 5000)):
                self.db.executemany("INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?)", batch)
                count += len(batch)
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        seconds = time.perf_counter() - began
        return BuildStats(count, seconds, dir_bytes(self.workdir))

    def open(self) -> BuildStats:
        self.db = sqlite3.connect(self.workdir / "like.sqlite3")
        count = self.db.execute("SELECT count(*) FROM doc").fetchone()[0]
        return BuildStats(count, 0.0, dir_bytes(self.workdir))

    def search(self, query: str, limit: int = LIMIT) -> list[int]:
        words = query.split()
        if not words:
            return []
        one = "(title LIKE ? ESCAPE '\\' OR doc_no LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')"
        params: list[object] = []
        for word in words:
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"
            params += [pattern, pattern, pattern]
        sql = (
            f"SELECT id FROM doc WHERE {' AND '.join([one] * len(words))} ORDER BY id DESC LIMIT ?"
        )
        assert self.db is not None
        return [row[0] for row in self.db.execute(sql, [*params, limit])]

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class Tantivy(Engine):
    """tantivy over the segmented text: the same tokens, BM25, every token required."""

    name = "tantivy"
    BOOSTS = {"title": 2.0, "doc_no": 2.0, "body": 1.0}

    def build(self, docs: Iterable[Doc]) -> BuildStats:
        try:
            import tantivy
        except ImportError as exc:
            raise NotImplementedError("the tantivy package is not installed") from exc
        if self.segmenter is None:
            raise NotImplementedError("no segmenter (gongkai.search.segment or jieba)")
        path = self.workdir / "tantivy"
        path.mkdir()
        self._schema(tantivy)
        began = time.perf_counter()
        count = 0
        with SegmentPool(self.segmenter, self.workers) as pool:  # fork before tantivy's threads
            index = tantivy.Index(self.schema, path=str(path))
            writer = index.writer(heap_size=256_000_000)
            for doc_id, title, doc_no, body in pool.map(docs):
                writer.add_document(
                    tantivy.Document(id=doc_id, title=title, doc_no=doc_no, body=body)
                )
                count += 1
        writer.commit()
        writer.wait_merging_threads()
        seconds = time.perf_counter() - began
        index.reload()
        self.index, self.searcher = index, index.searcher()
        return BuildStats(count, seconds, dir_bytes(path))

    def _schema(self, tantivy) -> None:
        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("id", stored=True, fast=True)
        for name in self.BOOSTS:  # the text is segmented already: split on spaces only
            builder.add_text_field(name, tokenizer_name="whitespace")
        self.schema = builder.build()

    def open(self) -> BuildStats:
        import tantivy

        self._schema(tantivy)
        path = self.workdir / "tantivy"
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self.searcher = self.index.searcher()
        return BuildStats(self.searcher.num_docs, 0.0, dir_bytes(path))

    def search(self, query: str, limit: int = LIMIT) -> list[int]:
        assert self.segmenter is not None
        tantivy = self.tantivy
        Occur, Q = tantivy.Occur, tantivy.Query
        words = list(dict.fromkeys(self.segmenter.tokens(query)))
        if not words:
            return []
        clauses = []
        for word in words:
            fields = []
            for name, boost in self.BOOSTS.items():
                term = Q.term_query(self.schema, name, word)
                fields.append((Occur.Should, term if boost == 1 else Q.boost_query(term, boost)))
            clauses.append((Occur.Must, Q.boolean_query(fields)))
        hits = self.searcher.search(Q.boolean_query(clauses), limit, count=False).hits
        return self.searcher.fast_field_values("id", [address for _, address in hits])

    def close(self) -> None:
        self.searcher = self.index = None


_VALIDITY = {"有效": "valid", "失效": "expired", "废止": "repealed"}
_FAR_FUTURE = "9999-12-31"  # every synthetic document is visible


def gongkai_entry(doc: Doc):
    """The gongkai search entry of a synthetic document, and its segmented fields (in a worker)."""
    from gongkai.search.entries import Entry, Kind, text_fields

    entry = Entry(
        key=f"document:{doc.id}",
        kind=Kind.DOCUMENT,
        title=doc.title,
        url=f"/d/{doc.index_no}/",
        unit_code=doc.index_no.partition("/")[0],
        unit=doc.unit,
        doc_no=doc.doc_no,
        index_no=doc.index_no,
        columns=doc.column,
        column_keys=(doc.column,),
        body=doc.body,
        year=doc.year,
        validity=_VALIDITY.get(doc.validity, "valid"),
        published_on=doc.written_on,
    )
    return entry, text_fields(entry)


def _ids(keys: list[str]) -> list[int]:
    return [int(key.partition(":")[2]) for key in keys]


class GongkaiBackend(Engine):
    """One of our backends (gongkai.search.sqlite_fts or postgres_fts), as the site calls it.

    search() asks for the top ten only (the harness's question, top_keys); page_search() asks
    what the results page asks: the total and the facet counts over every match, plus the page.
    """

    BATCH = 1000

    def connect(self):
        raise NotImplementedError

    def build(self, docs: Iterable[Doc]) -> BuildStats:
        if self.segmenter is None:
            raise NotImplementedError("no segmenter")
        from gongkai.search.entries import Filters
        from gongkai.search.segment import parse_query

        self.parse, self.filters = parse_query, Filters(today=_FAR_FUTURE)
        self.db = self.connect()
        began = time.perf_counter()
        count = 0
        with SegmentPool(self.segmenter, self.workers) as pool:
            pairs = pool.map(docs, gongkai_entry)
            while batch := list(itertools.islice(pairs, self.BATCH)):
                self.begin()
                self.backend.add(self.db, [e for e, _ in batch], [f for _, f in batch])
                self.commit()
                count += len(batch)
        self.finish()
        seconds = time.perf_counter() - began
        return BuildStats(count, seconds, self.size())

    def open(self) -> BuildStats:
        from gongkai.search.entries import Filters
        from gongkai.search.segment import parse_query

        self.parse, self.filters = parse_query, Filters(today=_FAR_FUTURE)
        self.db = self.connect()
        return BuildStats(self.backend.count(self.db), 0.0, self.size())

    def search(self, query: str, limit: int = LIMIT) -> list[int]:
        return _ids(self.backend.top_keys(self.db, self.parse(query), _FAR_FUTURE, limit))

    def page_search(self, query: str, limit: int = LIMIT) -> list[int]:
        results = self.backend.search(self.db, self.parse(query), self.filters, limit=limit)
        return _ids([hit.key for hit in results.hits])

    def begin(self) -> None:
        pass

    def commit(self) -> None:
        self.db.commit()

    def finish(self) -> None:
        pass

    def size(self) -> int:
        return dir_bytes(self.workdir)

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
            self.db = None


class GongkaiSQLite(GongkaiBackend):
    """Our SQLite backend: FTS5 in a database file, with the site's pragmas (WAL)."""

    name = "gongkai-sqlite"

    def connect(self):
        from gongkai.search import sqlite_fts

        self.backend = sqlite_fts
        db = sqlite3.connect(self.workdir / "gongkai.sqlite3")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        sqlite_fts.create(db)
        return db

    def finish(self) -> None:
        began = time.perf_counter()
        self.backend.optimize(self.db)
        self.db.commit()
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"{self.name}: optimize {time.perf_counter() - began:.1f} s (in the build time)")


class GongkaiPostgres(GongkaiBackend):
    """Our PostgreSQL backend, in a throw-away schema of --database-url's database."""

    name = "gongkai-postgres"

    def connect(self):
        if not self.database_url:
            raise NotImplementedError("needs --database-url (a PostgreSQL server)")
        try:
            import psycopg
        except ImportError as exc:
            raise NotImplementedError("psycopg is not installed") from exc
        from gongkai.search import postgres_fts

        self.backend = postgres_fts
        self.schema = f"bench_search_{os.getpid()}"
        db = psycopg.connect(self.database_url)
        db.execute(f"CREATE SCHEMA {self.schema}")
        db.execute(f"SET search_path TO {self.schema}")
        postgres_fts.create(db)
        db.commit()
        return db

    def finish(self) -> None:
        self.db.commit()
        began = time.perf_counter()
        self.db.autocommit = True
        self.db.execute("VACUUM ANALYZE")
        self.db.autocommit = False
        print(
            f"{self.name}: VACUUM ANALYZE {time.perf_counter() - began:.1f} s (in the build time)"
        )

    def open(self) -> BuildStats:
        raise NotImplementedError("its schema is dropped at the end of each run")

    def size(self) -> int:
        row = self.db.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
            (self.schema,),
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.rollback()
            db.autocommit = True
            db.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
        super().close()


class _PageView:
    """An engine whose search is the results page's question (total, facets, page)."""

    def __init__(self, engine: GongkaiBackend) -> None:
        self.engine = engine

    def search(self, query: str, limit: int = LIMIT) -> list[int]:
        return self.engine.page_search(query, limit)


ENGINE_CLASSES: dict[str, type[Engine]] = {
    cls.name: cls for cls in (LikeScan, Tantivy, GongkaiSQLite, GongkaiPostgres)
}


# --------------------------------------------------------------------------- corpus


def write_corpus(path: Path, scale: int, seed: int) -> tuple[float, float]:
    """Write `scale` documents as JSON lines; return (seconds generating, seconds in all)."""
    began = time.perf_counter()
    generating = 0.0
    stream = documents(seed)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(scale):
            t = time.perf_counter()
            doc = next(stream)
            generating += time.perf_counter() - t
            out.write(doc.to_json() + "\n")
    return generating, time.perf_counter() - began


def read_corpus(path: Path) -> Iterator[Doc]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield Doc.from_json(line)


# --------------------------------------------------------------------------- measuring


@dataclass
class Result:
    engine: str
    build: BuildStats | None = None
    unavailable: str = ""
    latency: dict[int, float] = field(default_factory=dict)  # query index -> seconds
    hits: dict[int, list[int]] = field(default_factory=dict)  # query index -> top ids
    capped: bool = False
    query_seconds: float = 0.0


def measure(
    engine: Engine, mix: list[Query], repeat: int, max_seconds: float, result: Result
) -> None:
    """Warm up, then time --repeat rounds over the mix until the time cap."""
    began = time.perf_counter()
    deadline = began + max_seconds
    engine.search(mix[0].text)
    timings: dict[int, list[float]] = {}
    for _ in range(repeat):
        for i, query in enumerate(mix):
            if time.perf_counter() > deadline:
                result.capped = True
                break
            t = time.perf_counter()
            ids = engine.search(query.text)
            timings.setdefault(i, []).append(time.perf_counter() - t)
            result.hits.setdefault(i, list(ids))
        if result.capped:
            break
    result.latency = {i: statistics.median(ts) for i, ts in timings.items()}
    result.query_seconds = time.perf_counter() - began


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def common(a: Result, b: Result) -> list[int]:
    return sorted(a.latency.keys() & b.latency.keys())


def p95_ratio(a: Result, b: Result) -> float:
    """a's p95 over b's, over the queries both ran."""
    both = common(a, b)
    if not both:
        return float("nan")
    return p95([a.latency[i] for i in both]) / p95([b.latency[i] for i in both])


def agreement(a: Result, b: Result) -> float:
    """Share of the queries both ran whose top-10 overlap (or are both empty)."""
    both = [i for i in common(a, b) if i in a.hits and i in b.hits]
    if not both:
        return float("nan")
    agree = sum(
        1 for i in both if (not a.hits[i] and not b.hits[i]) or set(a.hits[i]) & set(b.hits[i])
    )
    return agree / len(both)


def found(result: Result, mix: list[Query]) -> tuple[int, int]:
    """Known-item queries whose target is in the top 10: (found, asked)."""
    asked = [i for i in result.hits if mix[i].target is not None]
    return sum(1 for i in asked if mix[i].target in result.hits[i]), len(asked)


# --------------------------------------------------------------------------- reporting


def rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    status = Path("/proc/self/status").read_text()
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
    return int(values.get("VmRSS", 0)) / 1024, int(values.get("VmHWM", 0)) / 1024


SERVER_RSS = """
import os, re, sys
def rss():
    s = open("/proc/self/status").read()
    return int(re.search(r"VmRSS:\\s+(\\d+)", s).group(1)) / 1024
import django
django.setup()
import gongkai.urls  # noqa: the whole URL map, as a worker has after its first request
before = rss()
sys.path.insert(0, sys.argv[1])
from search import load_segmenter
segmenter = load_segmenter()
print(f"{before:.0f} {rss():.0f} {segmenter.name}")
"""


def server_rss(workdir: Path) -> str:
    """RSS of a server-like process (Django set up, URL map imported) without/with the segmenter."""
    data = workdir / "server"
    data.mkdir(exist_ok=True)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="gongkai.settings", GONGKAI_DATA_DIR=str(data))
    env.pop("DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-c", SERVER_RSS, str(HERE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return f"not measured ({last})"
    before, after, _ = proc.stdout.split(maxsplit=2)
    return f"{after} MB with the segmenter loaded ({before} MB before loading it)"


def load_average() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def fmt(value: float, spec: str) -> str:
    return "–" if value != value else format(value, spec)  # NaN -> dash


def print_report(results: list[Result], mix: list[Query], args: argparse.Namespace) -> None:
    by_name = {r.engine: r for r in results}
    like, tan = by_name.get("like"), by_name.get("tantivy")
    ran = [r for r in results if r.build is not None]
    head = (
        f"{'engine':<24}{'build doc/s':>12}{'index MB':>10}{'queries':>9}{'median ms':>11}"
        f"{'p95 ms':>9}{'agree@10':>10}{'found@10':>10}{'p95/LIKE':>10}{'p95/tantivy':>13}"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for r in results:
        if r.build is None:
            print(f"{r.engine:<24}not yet available: {r.unavailable}")
            continue
        lat = list(r.latency.values())
        hit, asked = found(r, mix)
        rate = f"{r.build.docs / r.build.seconds:,.0f}" if r.build.seconds else "kept"
        line = f"{r.engine:<24}{rate:>12}"
        line += f"{r.build.bytes_on_disk / MB:>10.1f}"
        line += f"{len(lat):>6}/{len(mix):<3}"
        line += f"{statistics.median(lat) * 1000:>10.2f}{p95(lat) * 1000:>9.2f}"
        line += f"{fmt(agreement(r, tan), '.2f') if tan and tan.build else '–':>10}"
        line += f"{f'{hit}/{asked}':>10}"
        line += f"{fmt(p95_ratio(r, like), '.4f') if like and like.build else '–':>10}"
        line += f"{fmt(p95_ratio(r, tan), '.2f') if tan and tan.build else '–':>13}"
        print(line)
    print(
        "build doc/s: documents indexed per second, segmentation included where the engine "
        "segments;\nqueries: how many of the mix ran before the time cap (ratios use the queries "
        "both engines ran);\nagree@10: share of queries whose top 10 overlaps tantivy's (or both "
        "empty);\nfound@10: known-item queries (title, 发文字号) with their document in the top 10."
    )
    for r in ran:
        if r.capped:
            print(
                f"{r.engine}: time cap of {args.max_seconds:.0f} s reached; "
                f"{len(r.latency)} of {len(mix)} queries timed (a stratified prefix of the mix)"
            )

    kinds = list(KINDS)
    print("\nmedian ms per kind of query (share of queries with at least one hit)")
    print(f"{'engine':<24}" + "".join(f"{k:>14}" for k in kinds))
    for r in ran:
        cells = []
        for kind in kinds:
            idx = [i for i in r.latency if mix[i].kind == kind]
            if not idx:
                cells.append(f"{'–':>14}")
                continue
            median = statistics.median(r.latency[i] for i in idx) * 1000
            share = sum(1 for i in idx if r.hits.get(i)) / len(idx)
            cells.append(f"{median:>8.2f} ({share:.0%})".rjust(14))
        print(f"{r.engine:<24}" + "".join(cells))


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    default_scale = int(os.environ.get("BENCH_SCALE") or 100_000)
    parser.add_argument("--scale", type=int, default=default_scale, help="documents to index")
    parser.add_argument(
        "--engines", default=",".join(ENGINES), help=f"comma-separated, of {', '.join(ENGINES)}"
    )
    parser.add_argument("--queries", type=int, default=200, help="queries of the mix (max 200)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds over the mix")
    parser.add_argument(
        "--max-seconds", type=float, default=120, help="time cap per engine for the queries"
    )
    parser.add_argument("--workers", type=int, default=2, help="segmentation processes")
    parser.add_argument("--seed", type=int, default=2024, help="corpus seed")
    parser.add_argument("--database-url", help="PostgreSQL server for gongkai-postgres")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="query the indexes a --keep run left in this directory instead of building "
        "(builds take an hour at a million documents); build rates are then not measured",
    )
    args = parser.parse_args(argv)
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(args.engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    return args


def run(args: argparse.Namespace, workdir: Path) -> list[Result]:
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}; {load_average()}")
    versions = [f"python {platform.python_version()}", f"SQLite {sqlite3.sqlite_version}"]
    for package in ("tantivy", "jieba"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} not installed")
    print(", ".join(versions))

    corpus = workdir / "corpus.jsonl"
    if args.reuse:
        print(f"reusing the indexes kept in {workdir} (the corpus of --scale and --seed as built)")
    else:
        generating, writing = write_corpus(corpus, args.scale, args.seed)
        size = corpus.stat().st_size
        print(
            f"corpus: {args.scale:,} documents, {size / MB:.0f} MB of JSON lines; generation "
            f"alone {args.scale / generating:,.0f} docs/s ({generating:.1f} s, one process), "
            f"with writing {args.scale / writing:,.0f} docs/s",
            flush=True,
        )
        t = time.perf_counter()
        sample = sum(1 for _ in itertools.islice(read_corpus(corpus), 20_000))
        print(f"reading it back: {sample / (time.perf_counter() - t):,.0f} docs/s (in every build)")

    mix = queries(args.seed)[: args.queries]
    segmenter = None
    try:
        segmenter = load_segmenter()
        print(f"segmenter: {segmenter.name}")
    except ImportError as exc:
        print(f"segmenter: none ({exc}); engines that segment are skipped")
    rss, _ = rss_mb()
    print(f"RSS of this process with the segmenter loaded: {rss:.0f} MB")
    print(f"server-like process (Django, URL map): {server_rss(workdir)}", flush=True)

    results: list[Result] = []
    for name in args.engines:
        result = Result(name)
        results.append(result)
        engine_dir = workdir / name
        engine_dir.mkdir(exist_ok=bool(args.reuse))
        engine = ENGINE_CLASSES[name](engine_dir, segmenter, args.workers, args.database_url)
        try:
            print(f"{name}: {'opening' if args.reuse else 'building'}", flush=True)
            try:
                if args.reuse:
                    result.build = engine.open()
                else:
                    result.build = engine.build(read_corpus(corpus))
            except NotImplementedError as exc:
                result.unavailable = str(exc) or "not implemented"
                print(f"{name}: not yet available ({result.unavailable})")
                continue
            b = result.build
            took = f" in {b.seconds:.1f} s ({b.docs / b.seconds:,.0f} docs/s)" if b.seconds else ""
            print(
                f"{name}: {b.docs:,} documents{took}, {b.bytes_on_disk / MB:.1f} MB; querying",
                flush=True,
            )
            measure(engine, mix, args.repeat, args.max_seconds, result)
            print(f"{name}: {len(result.latency)} queries in {result.query_seconds:.1f} s")
            if isinstance(engine, GongkaiBackend):
                page = Result(f"{name} page", build=result.build)
                results.append(page)
                measure(_PageView(engine), mix, args.repeat, args.max_seconds, page)
                print(f"{page.engine}: {len(page.latency)} queries in {page.query_seconds:.1f} s")
        finally:
            engine.close()
            if not (args.keep or args.reuse):
                shutil.rmtree(engine_dir, ignore_errors=True)

    rss, peak = rss_mb()
    print(f"\nscale: {args.scale:,} documents, seed {args.seed}; {len(mix)} queries")
    print(f"{load_average()} at the end, this benchmark included")
    print(f"RSS of this process at the end: {rss:.0f} MB (peak {peak:.0f} MB, indexes included)")
    print_report(results, mix, args)
    return results


def main(argv: list[str] | None = None) -> list[Result]:
    args = parse_args(argv)
    if args.reuse:
        return run(args, args.reuse.resolve())  # the kept directory is never removed
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-search-"))
    try:
        return run(args, workdir)
    finally:
        if args.keep:
            print(f"data kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up as on Ctrl-C
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted; temporary data cleaned up")
