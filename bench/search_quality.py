"""Relevance of the site search on the demo county: recall@10 and MRR of a judged query set.

The queries and the answers a careful human judge expects are in
tests/data/search/relevance.toml (word and phrase queries, 发文字号 in every bracket style, 索引号,
unit names, years, typos in unit names, leaders, working bodies, request how-tos). Each query
runs through gongkai.search.services.search() exactly as the search page runs it (first page of
10, facets and the "did you mean" fallback included), on the database of GONGKAI_DATA_DIR (or
DATABASE_URL) with the demo county loaded:

    export GONGKAI_DATA_DIR=/tmp/relevance-demo
    .venv/bin/gongkai migrate --no-input && .venv/bin/gongkai load-demo
    .venv/bin/python bench/search_quality.py [--kind doc_no] [--cases FILE] [--all]

Printed: recall@10 and MRR per kind of query and overall, then every query whose recall is
below 1 with what came back instead. Per query, recall@10 = |expected ∩ top 10| /
min(|expected|, 10) and the reciprocal rank is 1/rank of the first expected hit (0 if none in
the top 10); both are averaged over the queries (every query weighs the same, so a kind with
many queries does not hide another).

Expected items are named the way the demo names them, never by database key, which changes
whenever the demo does: documents by 索引号 with their title, leaders and working bodies by unit
code and name, unit and how-to entries by unit code. If one no longer exists or its title has
changed, evaluate() raises UnresolvedExpectation naming the query: the set must then be judged
again, not silently scored lower.

tests/search/test_relevance.py imports evaluate() and asserts recall@10 ≥ 0.95 on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "search" / "relevance.toml"
TOP = 10
TARGET = 0.95  # recall@10 the search issue asks for
KINDS = ("word", "phrase", "doc_no", "index_no", "unit", "year", "typo", "person", "body", "guide")
# How an expected item is named in the file: its identifying field, then the fields it needs.
ITEM_FIELDS = {
    "document": ("document", "title"),  # 索引号, title
    "leader": ("leader", "unit"),  # name, unit code (post optional, checked when given)
    "body": ("body", "unit"),  # name, unit code
    "guide": ("guide", "name"),  # unit code, unit name
    "unit": ("unit", "name"),  # unit code, unit name
}


class CaseError(ValueError):
    """The relevance file itself is malformed."""


class UnresolvedExpectation(AssertionError):
    """Expected items that no longer exist in the demo as judged; .problems names each one."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} expected item(s) of the relevance set do not resolve "
            "(the demo changed? judge those queries again):\n  " + "\n  ".join(self.problems)
        )


# --------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    kind: str
    query: str
    expect: tuple[dict[str, str], ...]
    note: str = ""


def item_kind(item: dict[str, str]) -> str:
    """Which kind of entry an expected item names: the first identifying field it has."""
    for kind in ("document", "leader", "body", "guide"):
        if kind in item:
            return kind
    return "unit"


def parse_cases(data: dict[str, object], source: str = "relevance set") -> list[Case]:
    """Cases from the parsed TOML, checked so a slip in the file fails here, not as a 'miss'."""
    raw = data.get("case")
    if not isinstance(raw, list) or not raw:
        raise CaseError(f"{source}: no [[case]] tables")
    cases, seen, errors = [], set(), []
    for number, entry in enumerate(raw, 1):
        where = f"{source}: case {number} ({entry.get('query', '?')!r})"
        kind, query, expect = entry.get("kind"), entry.get("query"), entry.get("expect")
        if kind not in KINDS:
            errors.append(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if not isinstance(query, str) or not query.strip():
            errors.append(f"{where}: no query")
            continue
        if query in seen:
            errors.append(f"{where}: the same query twice")
        seen.add(query)
        if not isinstance(expect, list) or not 1 <= len(expect) <= TOP:
            errors.append(f"{where}: expect must list 1 to {TOP} items")
            continue
        for item in expect:
            missing = [f for f in ITEM_FIELDS[item_kind(item)] if not item.get(f)]
            if missing:
                errors.append(f"{where}: item {item} lacks {', '.join(missing)}")
        cases.append(Case(kind, query, tuple(expect), str(entry.get("note", ""))))
    if errors:
        raise CaseError("\n".join(errors))
    return cases


def load_cases(path: Path | str = CASES) -> list[Case]:
    path = Path(path)
    with path.open("rb") as handle:
        return parse_cases(tomllib.load(handle), path.name)


# --------------------------------------------------------------------------- resolving


@dataclass(frozen=True)
class Target:
    key: str  # the search index key, e.g. document:123
    label: str  # how a reader recognises it


def resolve(cases: Iterable[Case]) -> tuple[dict[str, list[Target]], list[str]]:
    """The index keys of every case's expected items, and a message per item that does not
    resolve (gone, renamed, retitled, not public): those would otherwise read as misses."""
    from gongkai.catalog.models import Document
    from gongkai.orgs.models import Leader, Unit, WorkingBody
    from gongkai.search.entries import Kind

    cases = list(cases)
    items = [item for case in cases for item in case.expect]
    index_nos = {i["document"] for i in items if item_kind(i) == "document"}
    docs = {d.index_no: d for d in Document.objects.filter(index_no__in=index_nos)}
    codes = {i["unit"] for i in items if "unit" in i} | {i["guide"] for i in items if "guide" in i}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    leaders: dict[tuple[str, str], list[Leader]] = {}
    for leader in Leader.objects.filter(unit__code__in=codes).select_related("unit"):
        leaders.setdefault((leader.unit.code, leader.name), []).append(leader)
    bodies: dict[tuple[str, str], list[WorkingBody]] = {}
    for body in WorkingBody.objects.filter(unit__code__in=codes).select_related("unit"):
        bodies.setdefault((body.unit.code, body.name), []).append(body)

    resolved: dict[str, list[Target]] = {}
    problems: list[str] = []
    for case in cases:
        targets = []
        for item in case.expect:
            kind = item_kind(item)
            where = f"「{case.query}」 ({case.kind})"
            if kind == "document":
                doc = docs.get(item["document"])
                if doc is None:
                    problems.append(f"{where}: no document with 索引号 {item['document']}")
                elif doc.title != item["title"]:
                    problems.append(
                        f"{where}: 索引号 {item['document']} is now titled 《{doc.title}》, "
                        f"judged as 《{item['title']}》"
                    )
                elif not doc.is_public:
                    problems.append(f"{where}: 索引号 {item['document']} is not public")
                else:
                    targets.append(
                        Target(f"{Kind.DOCUMENT}:{doc.pk}", f"{doc.index_no} {doc.title}")
                    )
                continue
            code = item["unit"] if kind in ("leader", "body", "unit") else item["guide"]
            unit = units.get(code)
            if unit is None:
                problems.append(f"{where}: no unit with code {code}")
                continue
            if kind in ("unit", "guide"):
                if unit.name != item["name"]:
                    problems.append(
                        f"{where}: unit {code} is now {unit.name}, judged as {item['name']}"
                    )
                elif not unit.is_active:
                    problems.append(f"{where}: unit {code} {unit.name} is not active")
                else:
                    label = (
                        f"{unit.name}{'（机构信息）' if kind == 'unit' else '政府信息公开申请指南'}"
                    )
                    targets.append(Target(f"{Kind(kind)}:{unit.pk}", label))
                continue
            name = item[kind]
            found = (leaders if kind == "leader" else bodies).get((code, name), [])
            if len(found) != 1:
                what = "leader" if kind == "leader" else "working body"
                problems.append(
                    f"{where}: {len(found)} {what}s named {name} at unit {code} {unit.name}"
                )
            elif kind == "leader" and item.get("post") and found[0].post != item["post"]:
                problems.append(
                    f"{where}: {name} of {unit.name} is now {found[0].post}, judged as {item['post']}"
                )
            else:
                post = f" {found[0].post}" if kind == "leader" else ""
                targets.append(
                    Target(f"{Kind(kind)}:{found[0].pk}", f"{name}{post}（{unit.name}）")
                )
        resolved[case.query] = targets
    return resolved, problems


# --------------------------------------------------------------------------- measuring


@dataclass
class CaseResult:
    case: Case
    expected: list[Target]
    got: list[tuple[str, str]]  # (key, title) of the top TOP, best first
    total: int
    seconds: float
    instead_of: str = ""  # set when the page shows the suggestion's results
    suggestion: str = ""
    indexed: set[str] = field(default_factory=set)  # expected keys present in the index

    @property
    def ranks(self) -> dict[str, int | None]:
        position = {key: rank for rank, (key, _title) in enumerate(self.got, 1)}
        return {t.key: position.get(t.key) for t in self.expected}

    @property
    def recall(self) -> float:
        found = sum(1 for rank in self.ranks.values() if rank is not None)
        return found / min(len(self.expected), TOP)

    @property
    def reciprocal_rank(self) -> float:
        ranks = [rank for rank in self.ranks.values() if rank is not None]
        return 1 / min(ranks) if ranks else 0.0


@dataclass
class Summary:
    queries: int
    recall: float
    mrr: float


def summarize(results: Sequence[CaseResult]) -> Summary:
    if not results:
        return Summary(0, float("nan"), float("nan"))
    return Summary(
        len(results),
        statistics.fmean(r.recall for r in results),
        statistics.fmean(r.reciprocal_rank for r in results),
    )


@dataclass
class Report:
    results: list[CaseResult]
    backend: str
    seconds: float

    @property
    def overall(self) -> Summary:
        return summarize(self.results)

    def by_kind(self) -> dict[str, Summary]:
        kinds = [k for k in KINDS if any(r.case.kind == k for r in self.results)]
        return {k: summarize([r for r in self.results if r.case.kind == k]) for k in kinds}

    @property
    def misses(self) -> list[CaseResult]:
        return [r for r in self.results if r.recall < 1]

    def table(self) -> str:
        head = f"{'kind':<10}{'queries':>8}{'recall@10':>11}{'MRR':>8}"
        lines = [head, "-" * len(head)]
        for kind, s in self.by_kind().items():
            lines.append(f"{kind:<10}{s.queries:>8}{s.recall:>11.3f}{s.mrr:>8.3f}")
        s = self.overall
        lines += ["-" * len(head), f"{'overall':<10}{s.queries:>8}{s.recall:>11.3f}{s.mrr:>8.3f}"]
        return "\n".join(lines)

    def describe(self, result: CaseResult) -> str:
        """One query below recall 1: what was expected (with its rank) and what came back."""
        r = result
        shown = f"total {r.total}"
        if r.instead_of:
            shown += f", showing the results of the suggestion {r.suggestion!r} instead"
        elif r.suggestion:
            shown += f", suggestion {r.suggestion!r} offered but not shown"
        lines = [
            f"[{r.case.kind}] 「{r.case.query}」 recall {r.recall:.2f} RR {r.reciprocal_rank:.2f} "
            f"({shown})"
        ]
        for target in r.expected:
            rank = r.ranks[target.key]
            where = f"#{rank}" if rank else "missing"
            if target.key not in r.indexed:
                where += ", NOT IN THE INDEX"
            lines.append(f"    expected {where:<8} {target.label}")
        wanted = {t.key for t in r.expected}
        for rank, (key, title) in enumerate(r.got, 1):
            mark = "*" if key in wanted else " "
            lines.append(f"    got {rank:>2}{mark} {key:<15} {title}")
        if not r.got:
            lines.append("    got nothing")
        return "\n".join(lines)

    def failures(self) -> str:
        return "\n".join(self.describe(r) for r in self.misses)

    def text(self, *, all_queries: bool = False) -> str:
        s = self.overall
        verdict = "meets" if s.recall >= TARGET else "BELOW"
        parts = [
            f"search relevance on the demo county: {s.queries} queries, backend {self.backend}, "
            f"{self.seconds:.1f} s",
            "",
            self.table(),
            "",
            f"recall@10 {s.recall:.3f} {verdict} the target {TARGET:.2f}; "
            f"{len(self.misses)} queries below recall 1",
        ]
        if self.misses:
            parts += ["", self.failures()]
        if all_queries:
            parts += ["", "every query (recall, reciprocal rank, total, ms):"]
            for r in self.results:
                parts.append(
                    f"  {r.case.kind:<9}{r.recall:5.2f}{r.reciprocal_rank:6.2f}{r.total:>7}"
                    f"{r.seconds * 1000:>7.0f}  {r.case.query}"
                )
        return "\n".join(parts)


def _index_keys() -> set[str] | None:
    """Every key in the search index, to tell 'ranked too low' from 'never indexed'."""
    from django.db import connection

    from gongkai.search import services

    module = services.backend()
    if not hasattr(module, "keys"):
        return None
    connection.ensure_connection()
    return set(module.keys(connection.connection))


def evaluate(cases: Iterable[Case]) -> Report:
    """Run every case through services.search (first page of TOP) and score it.

    Raises UnresolvedExpectation, naming every query concerned, when an expected item does not
    resolve; the database must hold the demo county with its search index built.
    """
    from django.db import connection

    from gongkai.search import services

    cases = list(cases)
    resolved, problems = resolve(cases)
    if problems:
        raise UnresolvedExpectation(problems)
    indexed = _index_keys()
    results = []
    started = time.perf_counter()
    for case in cases:
        t = time.perf_counter()
        page = services.search(case.query, per_page=TOP)
        seconds = time.perf_counter() - t
        expected = resolved[case.query]
        results.append(
            CaseResult(
                case=case,
                expected=expected,
                got=[(shown.hit.key, shown.hit.title) for shown in page.hits[:TOP]],
                total=page.total,
                seconds=seconds,
                instead_of=page.instead_of,
                suggestion=page.suggestion or "",
                indexed={t.key for t in expected if indexed is None or t.key in indexed},
            )
        )
    return Report(results, connection.vendor, time.perf_counter() - started)


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES, help="relevance file (TOML)")
    parser.add_argument("--kind", choices=KINDS, action="append", help="only these kinds")
    parser.add_argument("--all", action="store_true", help="also list every query's figures")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> Report:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from gongkai.search import services

    state = services.index_state()
    if not state["entries"]:
        sys.exit(
            "the search index is empty: load the demo county first "
            "(gongkai migrate --no-input && gongkai load-demo, same GONGKAI_DATA_DIR)"
        )
    cases = load_cases(args.cases)
    if args.kind:
        cases = [c for c in cases if c.kind in args.kind]
    try:
        report = evaluate(cases)
    except UnresolvedExpectation as exc:
        sys.exit(str(exc))
    if not state["current"]:
        print("note: the index was built with another dictionary; run gongkai reindex")
    print(report.text(all_queries=args.all))
    return report


if __name__ == "__main__":
    main()
