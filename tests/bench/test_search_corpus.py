"""The search benchmark's corpus and harness (bench/search_corpus.py, bench/search.py).

Correctness only: the generator's shape and determinism, the query mix, and a run end to end at
a tiny scale. Timings are the benchmark's business and are never asserted here.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys
from pathlib import Path

import pytest

from gongkai.catalog.docno import parse_doc_no

ROOT = Path(__file__).resolve().parents[2]


def _load_bench():
    # search.py puts bench/ on sys.path and imports search_corpus from there.
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench/search.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and the worker pool look it up there
    spec.loader.exec_module(module)
    return module, sys.modules["search_corpus"]


search, corpus = _load_bench()
DOCS = list(itertools.islice(corpus.documents(), 2000))
MIX = corpus.queries()


def _strings(value) -> list[str]:
    """Every string inside a module constant (tuples, dicts, dataclasses)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, tuple | list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, corpus.Unit):
        return [s for name in corpus.Unit.__slots__ for s in _strings(getattr(value, name))]
    return []


VOCABULARY = "\n".join(
    s
    for name, value in vars(corpus).items()
    if name.isupper() and name not in ("NO_HIT_WORDS", "QUERY_WORDS", "COMMON_WORDS")
    for s in _strings(value)
)


def _segmenter_or_skip():
    try:
        return search.load_segmenter()
    except ImportError:
        pytest.skip("no segmenter: neither gongkai.search.segment nor jieba is installed")


def test_the_generator_is_deterministic_for_a_seed():
    again = list(itertools.islice(corpus.documents(), len(DOCS)))
    other = list(itertools.islice(corpus.documents(seed=7), 50))
    assert again == DOCS
    assert [d.title for d in other] != [d.title for d in DOCS[:50]]


def test_documents_are_numbered_from_one_in_order():
    assert [d.id for d in DOCS] == list(range(1, len(DOCS) + 1))


def test_bodies_are_one_to_five_kilobytes_of_utf8():
    sizes = [len(d.body.encode()) for d in DOCS]
    assert min(sizes) >= 1024
    assert max(sizes) <= 5120


def test_documents_carry_the_catalog_fields():
    for doc in DOCS:
        assert doc.title and doc.unit and doc.column
        assert re.fullmatch(r"\d{9}/\d{4}-\d{5}", doc.index_no)
        assert doc.index_no[10:14] == str(doc.year) == doc.written_on[:4]
        assert doc.validity in ("有效", "失效", "废止")
    assert len({d.index_no for d in DOCS}) == len(DOCS)


def test_doc_nos_parse_with_the_catalog_parser_and_are_unique():
    numbered = [d for d in DOCS if d.doc_no]
    assert len(numbered) > len(DOCS) // 2
    for doc in numbered:
        parsed = parse_doc_no(doc.doc_no)
        assert parsed.normalized == doc.doc_no
        assert parsed.year == doc.year
    assert len({d.doc_no for d in numbered}) == len(numbered)


def test_a_document_survives_its_json_line():
    assert corpus.Doc.from_json(DOCS[3].to_json()) == DOCS[3]


def test_the_query_mix_has_every_kind_in_its_stated_number():
    counts = {kind: sum(1 for q in MIX if q.kind == kind) for kind in corpus.KINDS}
    assert counts == corpus.KINDS
    assert len(MIX) == 200


def test_every_prefix_of_the_mix_is_stratified_by_kind():
    assert {q.kind for q in MIX[: len(corpus.KINDS)]} == set(corpus.KINDS)


def test_known_item_queries_point_at_early_documents():
    known = [q for q in MIX if q.target is not None]
    assert {q.kind for q in known} == {"title", "doc_no"}
    for query in known:
        assert 1 <= query.target <= corpus.KNOWN
        if query.kind == "title":
            assert query.text == DOCS[query.target - 1].title


def test_doc_no_queries_in_every_bracket_style_parse_to_their_target():
    for query in (q for q in MIX if q.kind == "doc_no"):
        assert parse_doc_no(query.text).normalized == DOCS[query.target - 1].doc_no
    styles = {
        re.sub(r"[^\[\]()（）【】〔〕［］﹝﹞〖〗第]", "", q.text)
        for q in MIX
        if q.kind == "doc_no"
    }
    assert len(styles) >= 6


def test_word_queries_come_from_the_vocabulary():
    for word in corpus.QUERY_WORDS + corpus.COMMON_WORDS:
        assert 2 <= len(word) <= 5
        assert word in VOCABULARY, word


def test_no_hit_words_occur_nowhere():
    for word in corpus.NO_HIT_WORDS:
        assert word not in VOCABULARY, word
        assert not any(word in d.title or word in d.body for d in DOCS), word


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return DOCS[:300]


def test_the_like_scan_finds_a_document_by_a_word_of_its_title(tiny, tmp_path):
    engine = search.LikeScan(tmp_path, None)
    try:
        stats = engine.build(tiny)
        assert stats.docs == 300 and stats.bytes_on_disk > 0
        target = tiny[41]
        assert target.id in engine.search(target.title)
        assert engine.search(corpus.NO_HIT_WORDS[0]) == []
        assert len(engine.search("工作", limit=10)) == 10
    finally:
        engine.close()


def test_the_like_scan_treats_percent_and_underscore_literally(tiny, tmp_path):
    engine = search.LikeScan(tmp_path, None)
    try:
        engine.build(tiny)
        assert engine.search("_") == []
        assert engine.search("%_%") == []
        assert engine.search("%") != []  # bodies say 完成率12.5%
    finally:
        engine.close()


def test_tantivy_finds_a_document_by_its_title_and_its_doc_no(tiny, tmp_path):
    pytest.importorskip("tantivy")
    engine = search.Tantivy(tmp_path, _segmenter_or_skip(), workers=2)
    try:
        assert engine.build(tiny).docs == 300
        target = next(d for d in tiny[100:] if d.doc_no)
        assert engine.search(target.title)[0] == target.id
        assert target.id in engine.search(target.doc_no)
        assert engine.search(corpus.NO_HIT_WORDS[0]) == []
    finally:
        engine.close()


def test_our_sqlite_backend_finds_a_document_by_its_title_and_its_doc_no(tiny, tmp_path):
    engine = search.GongkaiSQLite(tmp_path, _segmenter_or_skip(), workers=1)
    try:
        assert engine.build(tiny).docs == 300
        target = next(d for d in tiny[100:] if d.doc_no)
        assert engine.search(target.title)[0] == target.id
        assert engine.search(target.doc_no.replace("〔", "[").replace("〕", "]")) == [target.id]
        assert engine.page_search(target.title)[0] == target.id
        assert engine.search(corpus.NO_HIT_WORDS[0]) == []
    finally:
        engine.close()


def test_the_harness_runs_end_to_end_at_a_tiny_scale(capsys):
    engines = ["like", "gongkai-sqlite"]
    try:
        import tantivy  # noqa: F401

        search.load_segmenter()
        engines.append("tantivy")
    except ImportError:
        pass
    results = search.main(
        ["--scale", "300", "--engines", ",".join(engines), "--queries", "30", "--repeat", "1"]
    )
    by_name = {r.engine: r for r in results}
    like = by_name["like"]
    assert like.build.docs == 300
    assert len(like.hits) == 30
    for result in results:
        assert result.unavailable or result.build.docs == 300
    out = capsys.readouterr().out
    assert "p95/LIKE" in out
    ours = by_name["gongkai-sqlite"]
    assert not ours.unavailable and ours.build.docs == 300
    assert "gongkai-sqlite page" in by_name  # the results page's question, measured apart
    title = next(i for i, q in enumerate(corpus.queries()[:30]) if q.kind == "title")
    assert corpus.queries()[title].target in ours.hits[title]
    if "tantivy" in by_name:
        title = next(i for i, q in enumerate(corpus.queries()[:30]) if q.kind == "title")
        assert corpus.queries()[title].target in by_name["tantivy"].hits[title]
