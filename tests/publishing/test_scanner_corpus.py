"""The gate measured on the labelled corpus of realistic snippets (tests/data/scanner/corpus.jsonl).

The figures are computed by bench/scanner_quality.py, which prints them per kind.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "src/gongkai/ops/data/seed/yongchang-2014-annual-report.txt"


def _load_bench():
    spec = importlib.util.spec_from_file_location(
        "scanner_quality", ROOT / "bench/scanner_quality.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


quality = _load_bench()
ENTRIES = quality.load()


@pytest.fixture(scope="module")
def report():
    result = quality.evaluate(ENTRIES)
    print("\n" + quality.format_report(result))  # shown with pytest -s
    return result


def test_blocking_markings_are_almost_never_missed(report):
    assert report.by_severity["block"].recall >= 0.99, report.errors
    assert report.snippet_block_recall == 1.0, report.errors


def test_warnings_are_precise(report):
    assert report.by_severity["warn"].precision >= 0.95, report.errors


def test_warnings_find_most_personal_data(report):
    assert report.by_severity["warn"].recall >= 0.90, report.errors


def test_prose_about_secrecy_is_rarely_blocked(report):
    assert report.by_severity["block"].precision >= 0.95, report.errors


# --- the corpus itself -------------------------------------------------------------------------
def _id_is_valid(number: str) -> bool:
    """GB 11643-1999, written out again here so that the corpus is not checked by the scanner."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    digits = re.sub(r"\s", "", number).upper()
    if len(digits) == 20:  # 残疾人证号: ID + category + grade
        digits = digits[:18]
    if len(digits) == 15:
        return digits.isdigit()
    total = sum(int(d) * w for d, w in zip(digits[:17], weights, strict=True))
    return "10X98765432"[total % 11] == digits[17]


def _credit_code_is_valid(code: str) -> bool:
    """GB 32100-2015 check character."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(chars.index(c) * w for c, w in zip(code[:17], weights, strict=True))
    return chars[(31 - total % 31) % 31] == code[17]


def test_the_corpus_is_large_and_mixed():
    assert len(ENTRIES) >= 200
    assert len({e["id"] for e in ENTRIES}) == len(ENTRIES)
    assert sum(bool(e["expect"]) for e in ENTRIES) >= 80
    assert sum(not e["expect"] for e in ENTRIES) >= 100
    assert all(e["source"] for e in ENTRIES)


def test_every_expected_match_is_in_its_snippet():
    for e in ENTRIES:
        for x in e["expect"]:
            assert x["match"] in e["text"], e["id"]


def test_synthetic_numbers_in_the_corpus_have_valid_check_characters():
    for e in ENTRIES:
        for x in e["expect"]:
            if x["kind"] == "resident_id":
                assert _id_is_valid(x["match"]), e["id"]
            if x["kind"] == "credit_code":
                assert _credit_code_is_valid(x["match"]), e["id"]


def test_every_line_of_the_real_county_page_is_a_negative():
    negatives = {e["text"] for e in ENTRIES if not e["expect"]}
    lines = {line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert lines <= negatives
