"""Quality of the column suggestions (gongkai.publishing.classify), printed as plain figures.

Held out by year on the demo corpus (gongkai.ops.demo_data): for each unit, a classifier is
built from the unit's documents published before year Y and asked about its documents of year
Y. Y is the latest year of the corpus, then every year in turn (rolling). Each figure is given
for the keyword rules alone, the similarity alone and the two combined. Because the demo titles
are templated, the figures are repeated for the test documents whose title (digits folded) the
unit had never published before, and for the hand-written sets of tests/publishing/
test_classify.py (titles written like real county documents; the rules were corrected against
DEVELOPMENT, never against HELD_OUT).

    .venv/bin/python bench/classify_quality.py

Pure Python, no database: takes about 15 seconds.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.publishing.test_classify import DEVELOPMENT, HELD_OUT  # noqa: E402

from gongkai.ops.demo_data import documents  # noqa: E402
from gongkai.publishing.classify import (  # noqa: E402
    SHORT_NAMES,
    Classifier,
    Example,
    Report,
    evaluate,
    split_by_year,
)

MODES = (
    ("keywords", {"use_similarity": False}),
    ("similarity", {"use_keywords": False}),
    ("combined", {}),
)


def template(title: str) -> str:
    return re.sub(r"[0-9]+", "0", title)


def row(name: str, report: Report) -> str:
    extra = f"  false alarms {report.false_alarms}/{report.unlabelled}" if report.unlabelled else ""
    return (
        f"  {name:<11} n={report.n:<5} top-1 {report.top1:6.1%}  top-3 {report.top3:6.1%}  "
        f"coverage {report.coverage:6.1%}  precision {report.precision:6.1%}{extra}"
    )


def novel(train: list[Example], test: list[Example]) -> list[Example]:
    """Test documents whose title, digits folded, their unit had not published before."""
    seen = {(e.unit, template(e.title)) for e in train}
    return [e for e in test if (e.unit, template(e.title)) not in seen]


def main() -> None:
    started = time.perf_counter()
    docs = documents()
    dated = [
        (d.published_on.year, Example(d.title, "".join(d.body), d.column, d.unit)) for d in docs
    ]
    years = sorted({year for year, _e in dated})
    latest = years[-1]
    units = {d.unit for d in docs}
    templates = defaultdict(set)
    for d in docs:
        templates[d.column].add(template(d.title))
    print(f"demo corpus: {len(docs)} documents, {len(units)} units, {years[0]}–{latest}")
    print(
        "distinct titles (digits folded) per column: "
        + ", ".join(
            f"{k} {len(templates[k])}/{n}" for k, n in Counter(d.column for d in docs).items()
        )
    )

    train, test = split_by_year(dated, latest)
    fresh = novel(train, test)
    print(
        f"\nheld out: each unit trained on < {latest}, tested on {latest} "
        f"({len(train)} train, {len(test)} test; {len(test) - len(fresh)} test titles "
        f"({1 - len(fresh) / len(test):.0%}) repeat, digits aside, a title the unit published before)"
    )
    for name, options in MODES:
        print(row(name, evaluate(train, test, **options)))
    print(f"  only the {len(fresh)} test documents with a title new to their unit:")
    for name, options in MODES:
        print(row(name, evaluate(train, fresh, **options)))

    combined = evaluate(train, test)
    print(f"\nper column, combined, {latest} (right/documents):")
    print(
        "  "
        + "  ".join(
            f"{k} {SHORT_NAMES[k]} {right}/{n}" for k, (n, right) in combined.per_column.items()
        )
    )
    if combined.confusions:
        print(
            "  confusions: " + ", ".join(f"{t}→{g or '无'} ×{c}" for t, g, c in combined.confusions)
        )

    print("\nrolling, held out by year (top-1; train = all earlier years of the unit):")
    print(f"  {'year':<6}{'n':>5}{'new':>5}" + "".join(f"{name:>12}" for name, _o in MODES))
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0])
    for year in years[1:]:
        train, test = split_by_year(dated, year)
        line = f"  {year:<6}{len(test):>5}{len(novel(train, test)):>5}"
        for name, options in MODES:
            report = evaluate(train, test, **options)
            line += f"{report.top1:>12.1%}"
            t = totals[name]
            t[0] += report.n
            t[1] += report.top1 * report.n
            t[2] += report.top3 * report.n
            t[3] += report.coverage * report.n
        print(line)
    for name, _options in MODES:
        n, top1, top3, covered = totals[name]
        print(
            f"  {name:<11} all years: n={int(n)}  top-1 {top1 / n:.1%}  top-3 {top3 / n:.1%}  "
            f"coverage {covered / n:.1%}"
        )

    county = [Example(e.title, e.body, e.column_key, "") for _y, e in dated]
    for label, rows in (
        ("hand-written DEVELOPMENT set (rules corrected against it)", DEVELOPMENT),
        ("hand-written HELD_OUT set (never used to tune)", HELD_OUT),
    ):
        examples = [Example(t, b, c, "") for t, b, c in rows]
        print(f"\n{label}; examples: the whole demo county as one unit:")
        for name, options in MODES:
            print(row(name, evaluate(county, examples, **options)))
        report = evaluate([], examples)
        if report.confusions:
            print(
                "  keyword confusions: "
                + ", ".join(f"{t}→{g or '无'} ×{c}" for t, g, c in report.confusions)
            )

    classifier = Classifier([e for _y, e in dated if e.unit == "620321000"])
    queries = [e for _y, e in dated][:300]
    took = []
    for e in queries:
        t0 = time.perf_counter()
        classifier.suggest(e.title, e.body)
        took.append(time.perf_counter() - t0)
    print(
        f"\ncost: county government classifier ({len(classifier)} examples) answers in "
        f"{statistics.median(took) * 1000:.1f} ms median; whole run {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
