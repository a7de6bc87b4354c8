"""Precision and recall of the publication gate (gongkai.publishing.scanner) on the labelled corpus.

Run:  .venv/bin/python bench/scanner_quality.py [--corpus PATH] [--errors]

The corpus (tests/data/scanner/corpus.jsonl) is one JSON object per line: "text", "expect" (a list
of {"kind", "match"}), "source", "note" and optionally "allow" (numbers the unit publishes).
A finding matches an expectation when the kinds agree and one matched text contains the other
(whitespace ignored), so "【机密】" found for an expected "机密" counts. Precision is over the
findings (how many match some expectation), recall over the expectations (how many some finding
matches). Per severity, the kind may differ within the severity (a 内部资料 reported as a secret
marking still blocks); per kind it must be equal. Snippet-level blocking recall: of the snippets
with an expected marking, how many are blocked at all. tests/publishing/test_scanner_corpus.py
asserts the thresholds on the same figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests/data/scanner/corpus.jsonl"
sys.path.insert(0, str(ROOT / "src"))

from gongkai.publishing.scanner import KINDS, Finding, scan_text  # noqa: E402


@dataclass
class Score:
    found: int = 0  # findings made
    found_right: int = 0  # findings that match an expectation
    expected: int = 0  # expectations
    expected_found: int = 0  # expectations some finding matches

    @property
    def precision(self) -> float:
        return self.found_right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.expected_found / self.expected if self.expected else 1.0


@dataclass
class Report:
    snippets: int = 0
    by_severity: dict[str, Score] = field(default_factory=dict)
    by_kind: dict[str, Score] = field(default_factory=dict)
    positives: dict[str, int] = field(default_factory=dict)  # snippets expecting the kind
    negatives: dict[str, int] = field(default_factory=dict)  # snippets not expecting it
    blocked_snippets: int = 0  # snippets with an expected marking that were blocked
    marked_snippets: int = 0  # snippets with an expected marking
    errors: list[str] = field(default_factory=list)

    @property
    def snippet_block_recall(self) -> float:
        return self.blocked_snippets / self.marked_snippets if self.marked_snippets else 1.0


def load(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _same_text(a: str, b: str) -> bool:
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    return a in b or b in a


def _matches(f: Finding, x: dict, *, by: str) -> bool:
    if by == "kind" and f.kind != x["kind"]:
        return False
    if by == "severity" and f.severity != KINDS[x["kind"]][1]:
        return False
    return _same_text(f.match, x["match"])


def evaluate(entries: list[dict]) -> Report:
    report = Report(snippets=len(entries))
    for kind, (_, severity) in KINDS.items():
        report.by_kind[kind] = Score()
        report.by_severity.setdefault(severity, Score())
        report.positives[kind] = sum(any(x["kind"] == kind for x in e["expect"]) for e in entries)
        report.negatives[kind] = len(entries) - report.positives[kind]
    for e in entries:
        found = scan_text(e["text"], allow=e.get("allow", ()))
        expected = e["expect"]
        for by, scores, key_of_found, key_of_expected in (
            ("severity", report.by_severity, lambda f: f.severity, lambda x: KINDS[x["kind"]][1]),
            ("kind", report.by_kind, lambda f: f.kind, lambda x: x["kind"]),
        ):
            for f in found:
                score = scores[key_of_found(f)]
                score.found += 1
                if any(_matches(f, x, by=by) for x in expected):
                    score.found_right += 1
                elif by == "kind":
                    report.errors.append(f"{e['id']}: unexpected {f.kind} {f.match!r}")
            for x in expected:
                score = scores[key_of_expected(x)]
                score.expected += 1
                if any(_matches(f, x, by=by) for f in found):
                    score.expected_found += 1
                elif by == "kind":
                    report.errors.append(f"{e['id']}: missed {x['kind']} {x['match']!r}")
        if any(KINDS[x["kind"]][1] == "block" for x in expected):
            report.marked_snippets += 1
            report.blocked_snippets += any(f.severity == "block" for f in found)
    return report


def format_report(report: Report, corpus: Path = CORPUS) -> str:
    lines = [
        f"corpus: {corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus} "
        f"({report.snippets} snippets)",
        "",
        f"{'':18} {'snippets +/-':>13} {'expected':>9} {'found':>6} {'precision':>10} {'recall':>7}",
    ]
    for severity, score in report.by_severity.items():
        label = "blocking (block)" if severity == "block" else "warnings (warn)"
        lines.append(
            f"{label:18} {'':>13} {score.expected:9} {score.found:6} "
            f"{score.precision:10.3f} {score.recall:7.3f}"
        )
        for kind, (_, kind_severity) in KINDS.items():
            if kind_severity != severity:
                continue
            s = report.by_kind[kind]
            counts = f"{report.positives[kind]}/{report.negatives[kind]}"
            lines.append(
                f"  {kind:16} {counts:>13} {s.expected:9} {s.found:6} "
                f"{s.precision:10.3f} {s.recall:7.3f}"
            )
    lines.append("")
    lines.append(
        f"snippets with a marking that are blocked: {report.blocked_snippets}/"
        f"{report.marked_snippets} ({report.snippet_block_recall:.3f})"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args()
    report = evaluate(load(args.corpus))
    print(format_report(report, args.corpus.resolve()))
    if args.errors:
        print("\n".join(["", *report.errors] if report.errors else ["", "no errors"]))


if __name__ == "__main__":
    main()
