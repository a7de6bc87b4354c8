"""Chinese segmentation for search: gongkai.search.segment (pure Python, no database)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.ops.demo_data import UNITS
from gongkai.search import segment
from gongkai.search.segment import (
    MAX_QUERY_CHARS,
    add_words,
    dictionary_signature,
    index_text,
    normalize,
    parse_query,
    phrase_tokens,
    suggest_unit,
    tokens,
)

DOC_NO = "永政办发〔2024〕12号"
UNIT_NAMES = [unit.name for unit in UNITS]

# --------------------------------------------------------------------------- tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "永昌县教育局关于2024年秋季义务教育阶段学校招生工作的公告",
            {"招生", "义务教育", "教育局", "2024"},
        ),
        ("城乡居民最低生活保障对象认定办法", {"城乡居民", "最低生活保障", "生活", "保障"}),
        ("对符合条件的困难群众及时纳入低保范围", {"低保", "困难群众"}),
        ("低保户名单公示", {"低保", "低保户", "公示"}),
        (
            "中华人民共和国政府信息公开条例",
            {"中华", "人民", "共和国", "政府信息公开", "信息公开", "条例"},
        ),
        ("个人信息公开", {"个人", "信息公开", "公开"}),
        ("2024年招生简章", {"招生", "简章", "招生简章", "2024"}),
        (
            "永昌县住房和城乡建设局2023年棚户区改造项目",
            {"棚户区改造", "城乡", "永昌县住房和城乡建设局"},
        ),
        ("全面推进“放管服”改革", {"放管服", "改革"}),
        ("村级公益事业建设一事一议财政奖补", {"一事一议", "财政奖补"}),
        ("深化网格化管理", {"网格化", "网格化管理"}),
        ("高标准农田建设项目", {"高标准农田", "农田"}),
        ("依申请公开政府信息", {"依申请公开", "申请", "政府信息"}),
    ],
)
def test_words_are_found_inside_longer_words(text, expected):
    assert expected <= set(tokens(text))


def test_every_chinese_character_is_a_token_in_text_order_before_the_words():
    result = tokens("招生简章")
    assert result[:4] == ["招", "生", "简", "章"]
    assert set(result[4:]) == {"招生", "简章", "招生简章"}


def test_characters_outside_the_dictionary_are_still_tokens():
    assert {"𠀀", "靐", "龘"} <= set(tokens("𠀀靐龘"))


def test_names_outside_the_dictionary_are_found_through_their_characters():
    assert {"张", "晓", "明"} <= set(tokens("联系人：张晓明同志"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("联系电话：0935-7521234", ["0935", "7521234"]),
        ("电子邮箱：ycxzwgk@163.com", ["ycxzwgk", "163", "com"]),
        ("GB/T 9704-2012", ["gb", "t", "9704", "2012"]),
        ("ＡＢＣ１２３", ["abc", "123"]),  # full width folds to ASCII, letters and digits split
        ("PDF版本", ["pdf"]),
        ("covid19", ["covid", "19"]),
    ],
)
def test_numbers_and_latin_are_kept_lower_cased_and_split_from_each_other(text, expected):
    result = tokens(text)
    assert [t for t in result if t.isascii()] == expected


def test_kangxi_radicals_from_pdf_text_fold_to_ordinary_characters():
    assert "人民" in tokens("⼈民政府")  # ⼈ is U+2F08 KANGXI RADICAL MAN


@pytest.mark.parametrize("text", ["", "   \n\t", "，。！？、；：“”《》（）——……", "　"])
def test_punctuation_and_whitespace_give_no_tokens(text):
    assert tokens(text) == []
    assert index_text(text) == ""


def test_index_text_joins_the_tokens_with_single_spaces():
    assert index_text("招生简章") == "招 生 简 章 招生 招生简章 简章"  # words by where they start


def test_phrase_tokens_are_the_base_stream_only():
    assert phrase_tokens("义务教育 2024年") == ["义", "务", "教", "育", "2024", "年"]
    assert index_text("义务教育").startswith(" ".join(phrase_tokens("义务教育")))


def test_a_huge_text_is_segmented_in_pieces_with_the_same_tokens():
    sentence = "永昌县教育局关于2024年秋季义务教育阶段学校招生工作的公告。"
    text = sentence * 5000  # 165,000 characters: three pieces
    assert len(text) > 2 * segment._CHUNK
    assert sorted(tokens(text)) == sorted(tokens(sentence) * 5000)


# --------------------------------------------------------------------------- queries


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("招生", "2024年招生简章"),
        ("低保", "城乡低保对象"),
        ("低保", "低保户名单"),
        ("信息公开", "个人信息公开"),
        ("信息公开", "政府信息公开工作年度报告"),
        ("义务教育", "秋季义务教育阶段学校"),
        ("教育局", "永昌县教育局"),
        ("县教育局", "永昌县教育局"),
        ("棚户区改造", "2023年棚户区改造项目实施方案"),
        ("政务公开", "永昌县2024年政务公开工作要点"),
        ("张晓明", "联系人：张晓明同志"),
        ("社保 卡", "社会保障卡和社保卡"),
        ("共和国", "中华人民共和国"),
    ],
)
def test_query_terms_are_among_the_tokens_of_a_text_containing_the_query(query, text):
    assert set(parse_query(query).terms) <= set(tokens(text))


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("教育局", "县教育部门"),
        ("低保", "最低生活保障"),  # a different word: found by 最低生活保障 only
        ("招生", "招聘学生"),
    ],
)
def test_query_terms_do_not_match_a_text_without_the_query(query, text):
    assert not set(parse_query(query).terms) <= set(tokens(text))


def test_terms_leave_out_tokens_implied_by_longer_ones():
    assert parse_query("永昌县教育局招生简章").terms == ("永昌县教育局", "招生简章")
    assert parse_query("低保").terms == ("低保",)
    assert parse_query("张晓明").terms == ("张", "晓", "明")


@pytest.mark.parametrize(
    "query",
    [
        "永政办发〔2024〕12号",
        "永政办发﹝2024﹞12号",
        "永政办发〖2024〗12号",
        "永政办发【2024】12号",
        "永政办发[2024]12号",
        "永政办发［2024］12号",
        "永政办发(2024)12号",
        "永政办发（2024）12号",
        "永政办发｛2024｝12号",
        "永政办发{2024}12号",
        "永政办发 [ 2024 ] 12 号",
        "永政办发〔2024〕12",
        "永政办发〔2024〕第12号",
        "永政办发〔2024〕012号",
        "永政办发〔２０２４〕１２号",
        "永政办发2024年12号",
        "永政办发2024年第12号",
        "永政办发2024-12号",
        "永政办发 2024 年 12 号",
    ],
)
def test_a_doc_no_in_any_bracket_style_or_none_is_recognised(query):
    parsed = parse_query(query)
    assert parsed.doc_no == DOC_NO
    assert parsed.terms == ()
    assert parsed.year is None


def test_a_doc_no_is_taken_out_of_a_mixed_query():
    parsed = parse_query("永政办发[2024]12号 招生")
    assert (parsed.doc_no, parsed.terms) == (DOC_NO, ("招生",))


@pytest.mark.parametrize(
    "query",
    [
        "2024年12月",  # a date
        "关于2024年12号台风",  # no 机关代字 before the year
        "永政办发(2024]12号",  # mismatched brackets
        "永政办发〔1800〕12号",  # year out of range
        "永政办发〔2024〕123456号",  # sequence too large
        "永政办发〔2024〕0号",
        "〔2024〕12号",  # no prefix
        "永政办发",
    ],
)
def test_things_that_are_not_a_doc_no_are_not_taken_for_one(query):
    assert parse_query(query).doc_no is None


@pytest.mark.parametrize(
    "query",
    [
        "620321003/2024-00012",
        "６２０３２１００３／２０２４－０００１２",
        "620321003 / 2024 - 12",
        "620321003/2024—00012",
    ],
)
def test_an_index_no_is_recognised_and_normalised(query):
    parsed = parse_query(query)
    assert parsed.index_no == "620321003/2024-00012"
    assert (parsed.terms, parsed.year) == ((), None)


@pytest.mark.parametrize(
    "query", ["62032100/2024-00012", "620321003/2024-000012", "620321003/2024-0"]
)
def test_things_that_are_not_an_index_no_are_not_taken_for_one(query):
    assert parse_query(query).index_no is None


@pytest.mark.parametrize(
    ("query", "year", "terms"),
    [
        ("2024", 2024, ()),
        ("2024年", 2024, ()),
        ("2024 年", 2024, ()),
        ("2024年政务公开", 2024, ("政务公开",)),
        ("2024年度部门预算", 2024, ("年度", "部门预算")),
        ("招生 2023", 2023, ("招生",)),
        ("1999年", None, ("1999", "年")),
        ("2100", None, ("2100",)),
        ("12024", None, ("12024",)),
        ("covid2024", None, ("covid", "2024")),
    ],
)
def test_a_year_alone_or_with_nian_is_recognised(query, year, terms):
    parsed = parse_query(query)
    assert (parsed.year, parsed.terms) == (year, terms)


@pytest.mark.parametrize(
    "query",
    ['"义务教育"', "＂义务教育＂", "“义务教育”", "「义务教育」", "『义务教育』", "《义务教育》"],
)
def test_quoted_parts_are_phrases(query):
    parsed = parse_query(query)
    assert (parsed.phrases, parsed.terms) == (("义务教育",), ())


def test_phrases_are_normalised_and_empty_ones_dropped():
    parsed = parse_query('"  ＡＢＣ   资料 " "" “”')
    assert parsed.phrases == ("abc 资料",)


def test_an_unclosed_quote_is_ordinary_text():
    parsed = parse_query('"义务教育')
    assert (parsed.phrases, parsed.terms) == ((), ("义务教育",))


def test_a_mixed_query_is_split_into_all_its_parts():
    parsed = parse_query("永政办发[2024]12号 “义务教育” 2023年 招生 620321003/2023-00012")
    assert parsed.doc_no == DOC_NO
    assert parsed.phrases == ("义务教育",)
    assert parsed.year == 2023
    assert parsed.index_no == "620321003/2023-00012"
    assert parsed.terms == ("招生",)
    assert parsed.text == "招生"


def test_a_quoted_doc_no_is_still_a_doc_no():
    parsed = parse_query("“永政办发（2024）12号”")
    assert (parsed.doc_no, parsed.phrases) == (DOC_NO, ())


def test_an_overlong_query_is_cut():
    parsed = parse_query("招生" * 1000)
    assert len(parsed.raw) == MAX_QUERY_CHARS
    assert parsed.terms == ("招生",)


# --------------------------------------------------------------------------- the dictionary


def test_the_user_dictionary_has_government_terms_and_every_demo_unit_name():
    text = resources.files("gongkai.search").joinpath("data/user_dict.txt").read_text("utf-8")
    lines = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    words = [fields[0] for fields in lines]
    assert all(len(fields) <= 3 for fields in lines)
    assert len(set(words)) == len(words)
    assert all(w == segment._HAN_RUN_RE.fullmatch(w)[0] for w in words)  # type: ignore[index]
    assert set(UNIT_NAMES) <= set(words)
    assert len(set(words) - set(UNIT_NAMES)) >= 150 + len(UNIT_NAMES)


def test_added_words_become_tokens_and_change_the_signature():
    word = "鹳鹬蚌篑"  # nonsense, so no other test's text contains it
    before = dictionary_signature()
    assert word not in tokens(f"关于{word}的通知")
    assert add_words([f" {word} ", "12345篑鹳"]) == 2  # only runs of Chinese characters count
    assert word in tokens(f"关于{word}的通知")
    assert dictionary_signature() != before
    again = dictionary_signature()
    assert add_words([word, "教育局", "局", "abc"]) == 0
    assert dictionary_signature() == again


def test_segmentation_in_many_threads_survives_words_being_added():
    text = "永昌县教育局关于2024年秋季义务教育阶段学校招生工作的公告" * 50
    expected = set(tokens(text))
    stop = threading.Event()

    def segment_until_stopped() -> int:
        rounds = 0
        while not stop.is_set() or rounds < 3:
            assert expected <= set(tokens(text))
            rounds += 1
        return rounds

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(segment_until_stopped) for _ in range(4)]
        add_words(["蚌篑鹳鹬甲"])
        add_words(["蚌篑鹳鹬乙"])
        stop.set()
        assert all(f.result() >= 3 for f in futures)


# --------------------------------------------------------------------------- did you mean


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("永昌县教育句", "永昌县教育局"),
        ("公按局", "永昌县公安局"),
        ("民正局", "永昌县民政局"),
        ("永昌教育局", "永昌县教育局"),
        ("县财正局", "永昌县财政局"),
        ("县人社局", "永昌县人力资源和社会保障局"),
        ("市场监管局", "永昌县市场监督管理局"),
        ("住建局", "永昌县住房和城乡建设局"),
        ("城关镇政府", "城关镇人民政府"),
        ("人民医院", "永昌县人民医院"),
        ("  永昌县 教育局 ", "永昌县教育局"),
    ],
)
def test_a_unit_name_with_a_typo_or_abbreviated_is_suggested(word, name):
    assert suggest_unit(word, UNIT_NAMES) == name


@pytest.mark.parametrize(
    "word",
    [
        "公开",
        "通知",
        "招生",
        "低保",
        "义务教育",
        "政务公开",
        "财政预算",
        "行政许可",
        "局",
        "",
        "，。",
        "教育",
    ],
)
def test_ordinary_words_get_no_unit_suggestion(word):
    assert suggest_unit(word, UNIT_NAMES) is None


names = st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=10)


@given(names, st.data())
def test_an_exact_name_is_suggested_as_itself_or_not_at_all(candidates, data):
    name = data.draw(st.sampled_from(candidates))
    assert suggest_unit(name, candidates) in (name, None)


def test_an_exact_name_wins_over_one_that_only_normalises_the_same():
    assert suggest_unit("县教育局", ["县 教育局", "县教育局"]) == "县教育局"


@given(st.sampled_from(UNIT_NAMES))
def test_every_demo_unit_name_is_suggested_as_itself(name):
    assert suggest_unit(name, UNIT_NAMES) == name


@given(st.text(max_size=30), names)
def test_a_suggestion_is_always_one_of_the_names(word, candidates):
    assert suggest_unit(word, candidates) in (*candidates, None)


COMMON_CHARS = "的了是在不有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会"
OTHER_CHARS = "".join(c for c in COMMON_CHARS if c not in "".join(UNIT_NAMES))


@given(st.text(alphabet=OTHER_CHARS, min_size=1))
def test_words_sharing_no_character_with_the_names_get_no_suggestion(word):
    assert suggest_unit(word, UNIT_NAMES) is None


@given(
    st.sampled_from([n for n in UNIT_NAMES if len(n) >= 5]),
    st.data(),
)
def test_a_unit_name_with_one_character_replaced_is_still_recognised(name, data):
    at = data.draw(st.integers(0, len(name) - 1))
    typo = name[:at] + data.draw(st.sampled_from("甲乙丙丁戊")) + name[at + 1 :]
    assert suggest_unit(typo, UNIT_NAMES) is not None


# --------------------------------------------------------------------------- properties

GOVERNMENT_WORDS = [
    "永昌县", "教育局", "招生", "义务教育", "低保", "城乡居民", "最低生活保障", "政务公开",
    "信息", "公开", "政府", "依申请", "棚户区改造", "一事一议", "网格化", "放管服",
    "高标准农田", "的", "关于", "通知", "人民", "中华", "共和国", "年", "张", "晓", "明",
]  # fmt: skip
han_text = st.lists(st.sampled_from(GOVERNMENT_WORDS), max_size=12).map("".join)


@settings(max_examples=200)
@given(st.text())
def test_tokens_never_raise_and_are_substrings_of_the_normalised_input(text):
    normalised = normalize(text)
    for token in tokens(text):
        assert token
        assert token in normalised
        assert not any(c.isspace() for c in token)


@settings(max_examples=200)
@given(st.text())
def test_index_text_round_trips_through_split(text):
    stored = index_text(text)
    assert stored.split() == tokens(text)
    assert " ".join(stored.split()) == stored


@settings(max_examples=300)
@given(st.text())
def test_parse_query_never_raises(text):
    parsed = parse_query(text)
    assert parsed.raw == text[:MAX_QUERY_CHARS]
    assert set(parsed.terms) <= set(tokens(parsed.text))


@settings(max_examples=300)
@given(st.text(max_size=40), han_text, st.text(max_size=40), st.data())
def test_query_terms_are_found_in_any_text_that_contains_the_query(before, middle, after, data):
    start = data.draw(st.integers(0, len(middle)))
    query = middle[start : data.draw(st.integers(start, len(middle)))]
    assert set(parse_query(query).terms) <= set(tokens(before + middle + after))


@given(
    st.sampled_from(["〔〕", "﹝﹞", "〖〗", "【】", "[]", "［］", "()", "（）", "｛｝", "{}"]),
    st.text(alphabet="永金政办发教函字", min_size=1, max_size=6).filter(
        lambda p: p[-1] in "发函字办政"
    ),
    st.integers(1949, 2100),
    st.integers(1, 99999),
)
def test_any_doc_no_in_any_brackets_is_recognised(brackets, prefix, year, seq):
    parsed = parse_query(f"{prefix}{brackets[0]}{year}{brackets[1]}{seq}号")
    assert parsed.doc_no == f"{prefix}〔{year}〕{seq}号"


def test_a_number_typed_with_its_label_is_the_number_alone():
    parsed = parse_query("索引号 620321017/2023-00012")
    assert (parsed.index_no, parsed.terms) == ("620321017/2023-00012", ())
    parsed = parse_query("文号：永政发[2024]3号")
    assert (parsed.doc_no, parsed.terms) == ("永政发〔2024〕3号", ())


def test_query_terms_are_one_segmentation_without_words_straddling_two():
    assert parse_query("永昌县县长").terms == ("永昌县", "县长")  # not 县县
    assert parse_query("怎么申请公开 财政局").terms == ("申请", "公开", "财政局")
    assert parse_query("如何").terms == ("如何",)  # nothing else to look for
