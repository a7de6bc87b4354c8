"""发文字号 parsing: gongkai.catalog.docno (pure Python, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.catalog.docno import (
    DocNo,
    DocNoError,
    find_doc_nos,
    normalize_doc_no,
    parse_doc_no,
)

EXAMPLE = "金政办发〔2014〕68号"
SEED = "金昌市人民政府办公室《关于做好2014年政府信息公开工作的通知》(金政办发〔2014〕68号)"

# Every bracket pair the parser accepts, as people actually type them.
BRACKETS = [
    ("〔", "〕"),
    ("﹝", "﹞"),
    ("〖", "〗"),
    ("【", "】"),
    ("[", "]"),
    ("［", "］"),
    ("(", ")"),
    ("（", "）"),
]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(("left", "right"), BRACKETS)
def test_every_accepted_bracket_style_normalises_to_hexagonal_brackets(left, right):
    assert normalize_doc_no(f"金政办发{left}2014{right}68号") == EXAMPLE


@pytest.mark.parametrize(
    "text",
    [
        "金政办发 [ 2014 ] 68 号",
        " 金政办发〔2014〕68号\n",
        "\t金政办发\u3000〔2014〕\u00a068号",
        "金 政 办 发 〔 2 0 1 4 〕 6 8 号",
        "金政办发\u200b〔2014〕68号\ufeff",
    ],
)
def test_whitespace_and_invisible_characters_anywhere_are_ignored(text):
    assert normalize_doc_no(text) == EXAMPLE


def test_full_width_digits_are_converted():
    assert normalize_doc_no("金政办发〔２０１４〕６８号") == EXAMPLE


def test_the_trailing_hao_is_optional_on_input_but_always_in_the_output():
    assert normalize_doc_no("金政办发〔2014〕68") == EXAMPLE


def test_a_di_before_the_sequence_number_is_accepted_and_dropped():
    assert normalize_doc_no("金政办发〔2014〕第68号") == EXAMPLE


def test_leading_zeros_of_the_sequence_number_are_dropped():
    assert parse_doc_no("金政办发〔2014〕068号").seq == 68


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("国办函〔2014〕1号", "国办函〔2014〕1号"),
        ("国办公开办函[2015]5号", "国办公开办函〔2015〕5号"),
        ("甘政发（2013）12号", "甘政发〔2013〕12号"),
        ("永政办发【2014】3号", "永政办发〔2014〕3号"),
        ("永财采Z〔2014〕3号", "永财采Z〔2014〕3号"),
        ("永财采Ｚ〔2014〕3号", "永财采Z〔2014〕3号"),  # full-width letter folded
        ("⼈社发〔2014〕1号", "人社发〔2014〕1号"),  # Kangxi radical from PDF text
    ],
)
def test_real_prefixes_normalise(text, normalized):
    assert normalize_doc_no(text) == normalized


@pytest.mark.parametrize("text", ["金政办发〔1949〕1号", "金政办发〔2100〕99999号"])
def test_the_bounds_of_year_and_sequence_are_accepted(text):
    assert normalize_doc_no(text) == text


def test_the_parts_are_available_as_a_dict():
    assert parse_doc_no("金政办发 [2014] 068").as_dict() == {
        "prefix": "金政办发",
        "year": 2014,
        "seq": 68,
        "normalized": EXAMPLE,
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "为空"),
        (" \u3000\t", "为空"),
        ("abc", "括号"),
        ("2014", "括号"),
        ("金政办发2014年68号", "括号"),
        ("金政办发《2014》68号", "括号"),
        ("金政办发〔14〕68号", "四位数字"),
        ("金政办发〔二〇一四〕68号", "四位数字"),
        ("金政办发〔2014年〕68号", "四位数字"),
        ("金政办发〔1948〕68号", "1949"),
        ("金政办发〔2101〕68号", "2100"),
        ("金政办发〔2014〕号", "缺少序号"),
        ("金政办发〔2014〕", "缺少序号"),
        ("金政办发〔2014〕0号", "大于 0"),
        ("金政办发〔2014〕100000号", "过大"),
        ("金政办发〔2014〕" + "9" * 5000 + "号", "过大"),
        ("金政办发(2014]68号", "不配对"),
        ("金政办发〔2014)68号", "不配对"),
        ("金政办发〔2014 68号", "没有闭合"),
        ("金政办发〔2014〕68号文", "多余"),
        ("〔2014〕68号", "缺少机关代字"),
        ("2014〔2014〕68号", "机关代字"),
        ("金政，办发〔2014〕68号", "机关代字"),
        ("ABC〔2014〕68号", "应包含汉字"),
    ],
)
def test_garbage_raises_an_error_saying_what_is_wrong_in_chinese_and_english(text, problem):
    with pytest.raises(DocNoError) as excinfo:
        parse_doc_no(text)
    error = excinfo.value
    assert problem in error.message_zh
    assert error.message_en[:1].isascii() and error.message_en[:1].isalpha()  # English text
    assert str(error) == error.message_zh
    assert isinstance(error, ValueError)


def test_find_doc_nos_finds_the_number_in_the_seed_sentence():
    assert find_doc_nos(SEED) == [DocNo(prefix="金政办发", year=2014, seq=68)]


def test_find_doc_nos_finds_several_numbers_in_any_bracket_style():
    text = (
        "根据《通知》（国办发〔2014〕12号）、甘政办发[2014]3号、永政办发 （２０１４） 第5号文件精神"
    )
    assert [d.normalized for d in find_doc_nos(text)] == [
        "国办发〔2014〕12号",
        "甘政办发〔2014〕3号",
        "永政办发〔2014〕5号",
    ]


def test_find_doc_nos_needs_hao_so_figures_in_parentheses_are_not_numbers():
    assert find_doc_nos("全市财政收入增长(2014)12个百分点，（2013）年度") == []


def test_find_doc_nos_skips_mismatched_brackets_and_impossible_years():
    assert find_doc_nos("见金政办发(2014]68号和金政办发〔1900〕1号") == []


def test_find_doc_nos_takes_the_whole_run_before_the_bracket_as_prefix_a_known_limitation():
    # Documented limitation: without a separator the preceding words join the prefix.
    assert find_doc_nos("通知金政办发〔2014〕68号")[0].prefix == "通知金政办发"
    assert find_doc_nos("通知 金政办发〔2014〕68号")[0].prefix == "金政办发"


# --- properties ---------------------------------------------------------------------------

ideographs = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
prefixes = st.text(ideographs, min_size=1, max_size=8)
years = st.integers(1949, 2100)
seqs = st.integers(1, 99999)
spaces = st.text(st.sampled_from([" ", "\u3000", "\t", "\u00a0", "\n", "\u200b"]), max_size=2)


@st.composite
def written_doc_nos(draw, space=spaces, anywhere=True):
    """(prefix, year, seq, text): the number as someone might type it.

    anywhere=False writes it as it appears in prose: spaces only between the parts.
    """
    prefix, year, seq = draw(prefixes), draw(years), draw(seqs)
    left, right = draw(st.sampled_from(BRACKETS))
    year_text, seq_text = str(year), "0" * draw(st.integers(0, 2)) + str(seq)
    if draw(st.booleans()):
        year_text, seq_text = year_text.translate(FULL_WIDTH), seq_text.translate(FULL_WIDTH)
    # Anywhere means between any two characters; in prose only between the parts, and 号 stays.
    split = list if anywhere else (lambda part: [part])
    pieces = [*split(prefix), left, *split(year_text), right]
    pieces += ["第"] if draw(st.booleans()) else []
    pieces += [*split(seq_text)] + (["号"] if draw(st.booleans()) or not anywhere else [])
    text = "".join(piece + draw(space) for piece in pieces)
    return prefix, year, seq, text


@given(written_doc_nos())
def test_any_valid_number_parses_back_to_exactly_its_parts(case):
    prefix, year, seq, text = case
    assert parse_doc_no(text) == DocNo(prefix=prefix, year=year, seq=seq)


@given(written_doc_nos())
def test_normalising_is_idempotent(case):
    once = normalize_doc_no(case[3])
    assert normalize_doc_no(once) == once


# Plain st.text() rarely comes near a number; this alphabet makes near-misses common.
near_misses = st.text(
    st.sampled_from(list("金政办发Z〔〕﹝﹞[]［］()（）【】《》0129０８第号 \u3000\u200b"))
)


@given(st.one_of(st.text(), near_misses))
def test_arbitrary_text_either_parses_to_a_stable_number_or_raises_docnoerror(text):
    try:
        doc_no = parse_doc_no(text)
    except DocNoError as error:
        assert error.message_zh and error.message_en
    else:
        assert parse_doc_no(doc_no.normalized) == doc_no


@given(
    written_doc_nos(space=st.text(st.sampled_from(" \u3000\t\u00a0"), max_size=2), anywhere=False),
    st.text(ideographs, max_size=20),
    st.text(ideographs, max_size=20),
    st.text(ideographs, max_size=20),
    st.sampled_from([("《", "》"), ("（", "）"), ("(", ")")]),
)
def test_find_doc_nos_finds_a_number_wrapped_in_prose(case, before, title, after, wrap):
    prefix, year, seq, text = case
    prose = f"{before}《{title}》{wrap[0]}{text.strip()}{wrap[1]}{after}"
    assert find_doc_nos(prose) == [DocNo(prefix=prefix, year=year, seq=seq)]
