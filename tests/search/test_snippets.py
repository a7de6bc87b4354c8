"""Snippets and marked titles: cut from the original text, marks where the query's words are."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.search.segment import parse_query
from gongkai.search.snippets import highlight, needles, snippet


def marked(pieces) -> list[str]:
    return [text for text, is_marked in pieces if is_marked]


def test_words_are_marked_in_the_original_characters():
    text = "为做好２０２４年义务教育招生工作，现通知如下：义务教育阶段免试入学。"
    result = snippet(text, parse_query("义务教育 2024"))
    assert marked(result.pieces) == ["２０２４", "义务教育", "义务教育"]
    assert result.text == text  # full-width digits and punctuation kept as written


def test_a_long_text_is_cut_around_the_densest_place():
    text = "开头的话。" * 60 + "这里有低保标准和低保对象的调整。" + "结尾的话。" * 60
    result = snippet(text, parse_query("低保"), length=60)
    assert result.cut_before and result.cut_after
    assert len(result.text) <= 60 and marked(result.pieces) == ["低保", "低保"]


def test_a_name_typed_without_spaces_is_marked_whole_not_letter_by_letter():
    result = snippet("张三说，张晓明同志任局长，明天到任。", parse_query("张晓明"))
    assert marked(result.pieces) == ["张晓明"]
    assert needles(parse_query("张晓明")) == ["张晓明"]


def test_a_doc_no_is_marked_however_it_was_typed():
    title = "关于印发永政办发〔2024〕12号文件的通知"
    assert marked(highlight(title, parse_query("永政办发[2024]12号"))) == ["永政办发〔2024〕12号"]


def test_no_match_gives_the_beginning_unmarked():
    result = snippet("一" * 300, parse_query("低保"), length=50)
    assert not result.matched and result.text == "一" * 50 and result.cut_after


@given(st.text(max_size=400), st.text(max_size=40))
def test_any_text_and_query_give_pieces_of_the_text_in_order(text, q):
    query = parse_query(q)
    result = snippet(text, query, length=80)
    flat = " ".join(text.split())
    assert result.text in flat
    assert len(result.text) <= 80
    assert "".join(t for t, _ in highlight(text, query)) == text
