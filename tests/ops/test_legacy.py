"""Importing pages of the legacy county site: gongkai.ops.legacy (pure Python, no database)."""

from __future__ import annotations

import hashlib
import random
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.ops import legacy
from gongkai.ops.legacy import (
    LegacyPage,
    LegacyPageError,
    LegacyReportFigures,
    Section,
    extract_report_figures,
    parse_date,
    parse_legacy_page,
)

SEED_PATH = Path(legacy.__file__).parent / "data" / "seed" / "yongchang-2014-annual-report.txt"
SEED_SHA256 = "eb9d260f902849e2dff2ecdf59241ccdd58b5477e3cd43af7f7df6a5c01b2215"
HTML_FIXTURE = Path(__file__).parent.parent / "data" / "legacy" / "annual-report-2015.html"

SEED_TITLE = "永昌县2014年政府信息公开工作年度报告"
SEED_HEADINGS = [
    "一、概述",
    "二、主动公开政府信息情况",
    "三、依申请公开政府信息情况",
    "四、信息公开收费及减免情况",
    "五、行政复议、行政诉讼情况",
    "六、工作存在的主要问题和改进措施",
]
# One sentence from each part of the seed body that occurs nowhere else in it.
SEED_DISTINCTIVE = {
    None: "由永昌县人民政府办公室编制",
    "一、概述": "以全县政务门户网站建设为着力点",
    "二、主动公开政府信息情况": "主动公开政府信息3860余条",
    "三、依申请公开政府信息情况": "全县收到依申请公开信件1件",
    "四、信息公开收费及减免情况": "没有对公民、法人和其他组织收取依申请信息公开的任何费用",
    "五、行政复议、行政诉讼情况": "未发生因政府信息公开申请行政复议、提起行政诉讼的情况",
    "六、工作存在的主要问题和改进措施": "确保“上网信息不涉密,涉密信息不上网”",
}
# Every line of the seed that is page furniture, as it stands in the file.
SEED_CHROME = [
    "信息公开专栏",
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "政府信息公开年报",
    "依申请公开",
    "序号 标题 发文字号 成文日期 发布日期",
    "2014年",
    "工作机构",
    "市政府工作机构",
    "领导简介",
    "简\xa0\xa0\xa0\xa0\xa0\xa0\xa0历:",
    "工作分工:",
    "关闭",
    "县市信息公开平台",
    "部门信息公开平台",
    "全面推进基层政务公开标准化规范化",
    "公共企事业信息公开",
]


def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


def seed_text() -> str:
    return seed_bytes().decode("utf-8")


def seed_body_lines() -> list[str]:
    """The report as the page shows it after its title line: what the import must keep."""
    text = seed_text()
    after_title = text.split(f"关闭\n{SEED_TITLE}\n", 1)[1]
    body = after_title.split("县市信息公开平台", 1)[0]
    return [line.strip() for line in body.splitlines() if line.strip()]


def blocks(page: LegacyPage) -> list[str]:
    out: list[str] = []
    for section in page.sections:
        if section.heading is not None:
            out.append(section.heading)
        out.extend(section.paragraphs)
    return out


@pytest.fixture(scope="module")
def seed_page() -> LegacyPage:
    return parse_legacy_page(seed_bytes())


@pytest.fixture(scope="module")
def html_page() -> LegacyPage:
    return parse_legacy_page(HTML_FIXTURE.read_bytes())


# --- the packaged seed ----------------------------------------------------------------------


def test_the_packaged_seed_is_the_unchanged_shared_seed():
    # The digest of the shared seed seed/000_67766452c1eb03db.txt, recorded in SOURCE.md.
    assert hashlib.sha256(seed_bytes()).hexdigest() == SEED_SHA256


def test_the_packaged_seed_has_a_note_of_its_source():
    note = (SEED_PATH.parent / "SOURCE.md").read_text(encoding="utf-8")
    assert "seed/000_67766452c1eb03db.txt" in note
    assert SEED_SHA256 in note


# --- the seed: title, structure, nothing lost, nothing added ---------------------------------


def test_the_seed_parses_to_the_title_of_the_annual_report(seed_page):
    assert seed_page.title == SEED_TITLE


def test_the_seed_has_a_preamble_then_six_numbered_sections_in_order(seed_page):
    assert seed_page.sections[0].heading is None
    assert len(seed_page.sections[0].paragraphs) == 1
    assert [s.heading for s in seed_page.sections[1:]] == SEED_HEADINGS


def test_numbered_sub_items_of_a_section_are_paragraphs_not_headings(seed_page):
    overview = seed_page.sections[1]
    assert [p[:2] for p in overview.paragraphs[1:]] == ["1、", "2、", "3、", "4、", "5、"]
    assert all(not s.heading[0].isdigit() for s in seed_page.sections if s.heading)


def test_every_part_of_the_seed_body_appears_exactly_once(seed_page):
    text, markup = seed_page.body_text(), seed_page.body_html()
    for heading, sentence in SEED_DISTINCTIVE.items():
        assert text.count(sentence) == 1, sentence
        assert markup.count(sentence) == 1, sentence
        section = next(s for s in seed_page.sections if s.heading == heading)
        assert any(sentence in p for p in section.paragraphs)


def test_the_seed_body_is_kept_line_for_line_without_the_duplicate_copy(seed_page):
    assert blocks(seed_page) == seed_body_lines()


def test_every_sentence_of_the_seed_body_is_in_the_body_text_exactly_once(seed_page):
    text = seed_page.body_text()
    for line in seed_body_lines():
        for sentence in filter(None, (s.strip() for s in line.split("。"))):
            assert text.count(sentence) == 1, sentence


def test_paragraphs_lose_their_indentation_but_nothing_else(seed_page):
    for paragraph in blocks(seed_page):
        assert paragraph == paragraph.strip()
        assert not paragraph.startswith(("\xa0", "\u3000"))


@pytest.mark.parametrize("chrome", SEED_CHROME)
def test_no_line_of_page_furniture_survives(seed_page, chrome):
    assert chrome.strip() not in blocks(seed_page)
    assert chrome.strip() != seed_page.title


def test_the_seed_states_no_dates_so_none_are_invented(seed_page):
    assert seed_page.written_on is None
    assert seed_page.published_on is None


def test_the_seed_is_about_2014(seed_page):
    assert seed_page.year == 2014


def test_the_doc_no_cited_in_the_seed_body_is_found_normalised(seed_page):
    assert seed_page.doc_nos == ["金政办发〔2014〕68号"]


def test_the_body_html_has_a_heading_per_section_and_a_paragraph_per_paragraph(seed_page):
    markup = seed_page.body_html()
    assert re.findall(r"<h2>(.*?)</h2>", markup) == SEED_HEADINGS
    assert markup.count("<p>") == sum(len(s.paragraphs) for s in seed_page.sections)
    assert "“一把手”" in markup  # quotes need no escaping in element content


def test_the_seed_figures_are_read_from_its_prose(seed_page):
    assert extract_report_figures(seed_page) == LegacyReportFigures(
        year=2014,
        proactive_items=3860,
        requests_received=1,
        requests_answered=1,
        fees_yuan=Decimal(0),
        reconsiderations=0,
        litigations=0,
    )


# --- fingerprint -----------------------------------------------------------------------------


def mangle_whitespace(text: str, rnd: random.Random) -> str:
    """Re-indent, re-space and re-wrap blank lines as another crawl or editor would."""
    spaces = [" ", "\u3000", "\xa0", "\t", ""]
    out: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"[ \xa0\u3000]+", lambda _: rnd.choice(spaces), line)
        if line and rnd.random() < 0.3:
            at = rnd.randrange(len(line) + 1)
            line = line[:at] + rnd.choice(spaces) + line[at:]
        out.append(rnd.choice(spaces) * rnd.randrange(3) + line + rnd.choice(spaces))
        out.extend([""] * rnd.randrange(2))
    return rnd.choice(["\n", "\r\n"]).join(out)


def test_the_fingerprint_is_the_same_for_a_whitespace_mangled_copy(seed_page):
    mangled = mangle_whitespace(seed_text(), random.Random(2014))
    assert mangled != seed_text()
    assert parse_legacy_page(mangled).fingerprint() == seed_page.fingerprint()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_the_fingerprint_ignores_any_whitespace_mangling(seed_page, rnd):
    mangled = parse_legacy_page(mangle_whitespace(seed_text(), rnd))
    assert mangled.fingerprint() == seed_page.fingerprint()
    assert mangled.year == 2014


def test_the_fingerprint_changes_when_a_word_changes(seed_page):
    changed = parse_legacy_page(seed_text().replace("3860余条", "3861余条"))
    assert changed.fingerprint() != seed_page.fingerprint()


def test_the_fingerprint_is_a_sha256_hex_digest(seed_page):
    assert re.fullmatch(r"[0-9a-f]{64}", seed_page.fingerprint())


# --- HTML pages ------------------------------------------------------------------------------


def test_an_html_page_parses_to_its_h1_title_not_the_site_banner(html_page):
    assert html_page.title == "示例县2015年政府信息公开工作年度报告"


def test_an_html_page_has_its_preamble_and_sections(html_page):
    assert html_page.sections[0].heading is None
    assert [s.heading for s in html_page.sections[1:]] == [
        "一、概述",
        "二、主动公开政府信息情况",
        "三、依申请公开政府信息情况",
        "四、信息公开收费及减免情况",
        "五、行政复议、行政诉讼情况",
        "六、存在的主要问题和改进措施",
    ]


def test_a_paragraph_wrapped_in_the_html_source_stays_one_paragraph(html_page):
    assert html_page.sections[1].paragraphs[0] == (
        "2015年，我县按照《关于做好2015年政府信息公开工作的通知》（示政办发〔2015〕12号）的要求，"
        "进一步完善政府信息公开工作机制，各项工作有序推进。"
    )


def test_an_html_page_gives_its_published_date_and_the_date_under_the_signature(html_page):
    assert html_page.published_on == date(2016, 3, 28)
    assert html_page.written_on == date(2016, 3, 25)
    assert html_page.year == 2015


@pytest.mark.parametrize(
    "chrome",
    [
        "设为首页",
        "当前位置",
        "政府信息公开指南",
        "序号",
        "示例县2014年",  # the other report in the column's list table
        "发布时间",
        "浏览次数",
        "字号",
        "打印本页",
        "关闭",
        "领导简介",
        "简",
        "县市信息公开平台",
        "版权所有",
        "返回顶部",
        "closeDialog",
        "document.write",
    ],
)
def test_an_html_page_drops_navigation_lists_buttons_dialogs_and_footer(html_page, chrome):
    assert not any(line.startswith(chrome) for line in blocks(html_page))
    if chrome != "简":
        assert chrome not in html_page.body_text()


def test_an_html_page_escapes_text_in_its_body_html(html_page):
    assert "<p>个别单位信息更新不及时。" in html_page.body_html()
    assert "&lt;及时、准确&gt;" in html_page.body_html()


def test_an_html_page_gives_its_doc_no_and_figures(html_page):
    assert html_page.doc_nos == ["示政办发〔2015〕12号"]
    assert extract_report_figures(html_page) == LegacyReportFigures(
        year=2015,
        proactive_items=1205,
        requests_received=6,
        requests_answered=5,
        fees_yuan=Decimal("12.50"),
        reconsiderations=1,
        litigations=0,
    )


def test_without_a_heading_the_html_title_comes_from_title_minus_the_site_name():
    page = parse_legacy_page(
        "<html><head><title>关于做好2016年政务公开工作的通知 - 永昌县人民政府</title></head>"
        "<body><div class='content'><p>各乡镇人民政府，县政府各部门：为做好2016年政务公开"
        "工作，现将有关事项通知如下。</p></div></body></html>"
    )
    assert page.title == "关于做好2016年政务公开工作的通知"
    assert page.year == 2016
    assert [s.heading for s in page.sections] == [None]


def test_the_metadata_box_of_an_html_page_gives_the_written_date_and_doc_no():
    page = parse_legacy_page(
        "<html><body><table class='meta'><tr><td>发文字号：</td><td>永政办发〔2016〕7号</td>"
        "<td>成文日期：</td><td>2016年4月1日</td></tr></table>"
        "<h1>永昌县人民政府办公室关于印发某某办法的通知</h1>"
        "<p>各乡镇人民政府，县政府各部门：《某某办法》已经县政府同意，现印发给你们，请认真"
        "贯彻执行。</p></body></html>"
    )
    assert page.written_on == date(2016, 4, 1)
    assert page.doc_nos == ["永政办发〔2016〕7号"]
    assert all("发文字号" not in line for line in blocks(page))


def test_an_article_header_holding_the_title_is_kept_and_a_form_wrapper_is_not_dropped():
    page = parse_legacy_page(
        "<html><body><form id='form1'><table><tr><td><h1>永昌县人民政府</h1></td></tr></table>"
        "<article><header><h1>永昌县2016年政务公开工作要点</h1>"
        "<span>发布日期：</span><span>2016-05-06</span></header>"
        "<p>一、总体要求</p><p>以习近平新时代中国特色社会主义思想为指导，全面推进决策、执行、管理、"
        "服务、结果公开。</p><footer>永昌县人民政府办公室</footer></article></form></body></html>"
    )
    assert page.title == "永昌县2016年政务公开工作要点"
    assert page.published_on == date(2016, 5, 6)
    assert [s.heading for s in page.sections] == ["一、总体要求"]
    assert blocks(page)[-1] == "永昌县人民政府办公室"


# --- text pages ------------------------------------------------------------------------------


def test_a_list_of_other_documents_before_the_title_is_not_taken_for_the_title(seed_page):
    others = "最新信息\n永昌县关于开展春季植树造林的通知\n永昌县关于做好防汛工作的通知\n"
    body = seed_text().split(f"关闭\n{SEED_TITLE}\n", 1)[1]
    page = parse_legacy_page(f"{others}{SEED_TITLE}\n{body}")
    assert page.title == SEED_TITLE
    assert page.fingerprint() == seed_page.fingerprint()


def test_paragraphs_that_begin_with_the_words_of_page_furniture_are_kept():
    lines = [
        "技术支持方面，县信息中心负责网站的日常维护。",
        "来源渠道进一步拓宽，群众反映的问题得到及时处理。",
        "2014年,全县未发生因政府信息公开申请行政复议的情况。",
        "主动公开",
    ]
    page = parse_legacy_page("某县2014年政府信息公开工作年度报告\n" + "\n".join(lines))
    assert blocks(page) == lines


NOTICE = """首页
当前位置：首页 > 信息公开 > 通知公告
金昌市人民政府办公室关于做好2015年政府信息公开工作的通知
发布日期：2015年1月20日
成文日期：2015/1/18
各县区人民政府，市政府各部门：
　　为进一步做好政府信息公开工作，根据《中华人民共和国政府信息公开条例》，现就有关事项通知如下。
【打印本页】 【关闭窗口】
"""


def test_a_text_page_gives_its_labelled_published_and_written_dates():
    page = parse_legacy_page(NOTICE)
    assert page.title == "金昌市人民政府办公室关于做好2015年政府信息公开工作的通知"
    assert page.published_on == date(2015, 1, 20)
    assert page.written_on == date(2015, 1, 18)
    assert blocks(page)[0] == "各县区人民政府，市政府各部门："
    assert len(blocks(page)) == 2


def test_a_date_under_the_signature_is_the_written_date_even_before_a_note():
    text = NOTICE.replace("成文日期：2015/1/18\n", "")
    page = parse_legacy_page(text + "\n金昌市人民政府办公室\n2015年1月16日\n（此件公开发布）\n")
    assert page.written_on == date(2015, 1, 16)


def test_a_date_on_the_last_line_of_the_body_is_the_written_date():
    page = parse_legacy_page(
        NOTICE.replace("成文日期：2015/1/18\n", "") + "\n二〇一五年一月十六日\n"
    )
    assert page.written_on == date(2015, 1, 16)
    assert blocks(page)[-1] == "二〇一五年一月十六日"


@pytest.mark.parametrize(
    "text",
    ["2015年1月20日", "2015-01-20", "2015/1/20", "2015 年 1 月 20 日", "二〇一五年一月二十日"],
)
def test_dates_are_read_in_every_form_the_site_uses(text):
    assert parse_date(text) == date(2015, 1, 20)


@pytest.mark.parametrize("text", ["2015年2月30日", "2015-13-01", "20150120", "2015年"])
def test_impossible_or_partial_dates_are_not_dates(text):
    assert parse_date(text) is None


# --- decoding and errors ---------------------------------------------------------------------


def test_gb18030_encoded_bytes_decode(seed_page):
    page = parse_legacy_page(seed_text().encode("gb18030"))
    assert page.title == SEED_TITLE
    assert page.fingerprint() == seed_page.fingerprint()


def test_a_gbk_html_page_decodes():
    html = HTML_FIXTURE.read_text(encoding="utf-8").replace("utf-8", "gbk")
    page = parse_legacy_page(html.encode("gbk"))
    assert page.title == "示例县2015年政府信息公开工作年度报告"


def test_utf8_with_a_byte_order_mark_decodes(seed_page):
    page = parse_legacy_page(b"\xef\xbb\xbf" + seed_bytes())
    assert page.fingerprint() == seed_page.fingerprint()


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   \n\u3000\xa0\n",
        b"",
        b"\x80\x81\xff\xfe\x00",
        "asdf qwer zxcv",
        "关闭\n首页\n打印本页\n信息公开专栏",
        "<html><body><nav>首页</nav><div></div></body></html>",
        "永昌县2014年政府信息公开工作年度报告",  # a title and nothing else
        "\ud800 broken",
    ],
)
def test_empty_or_garbage_input_raises_an_error_with_a_chinese_message(raw):
    with pytest.raises(LegacyPageError) as caught:
        parse_legacy_page(raw)
    assert re.search(r"[\u4e00-\u9fff]", caught.value.message_zh)
    assert caught.value.message_en
    assert str(caught.value) == caught.value.message_zh


def test_a_page_error_is_a_value_error():
    assert issubclass(LegacyPageError, ValueError)


# --- figures of old-style annual reports -----------------------------------------------------


def report(*paragraphs: str, title: str = "某县2016年政府信息公开工作年度报告") -> LegacyPage:
    return LegacyPage(
        title=title,
        sections=[Section(heading=None, paragraphs=list(paragraphs))],
        written_on=None,
        published_on=None,
        doc_nos=[],
        year=legacy._year_from_title(title),
    )


def test_figures_are_none_when_the_report_does_not_state_them():
    figures = extract_report_figures(report("我县高度重视政府信息公开工作，取得了一定成效。"))
    assert figures == LegacyReportFigures(2016, None, None, None, None, None, None)


def test_a_report_that_received_no_requests_answered_none():
    figures = extract_report_figures(report("2016年，我县未收到政府信息公开申请。"))
    assert (figures.requests_received, figures.requests_answered) == (0, 0)


def test_all_requests_answered_right_after_the_count_means_as_many_answered():
    figures = extract_report_figures(report("全年共受理依申请公开3件，已全部办结。"))
    assert (figures.requests_received, figures.requests_answered) == (3, 3)


def test_a_count_of_answered_requests_is_read_as_stated():
    figures = extract_report_figures(report("全年共收到政府信息公开申请7件，已办结6件。"))
    assert (figures.requests_received, figures.requests_answered) == (7, 6)


def test_handled_items_that_are_not_requests_are_not_answered_requests():
    figures = extract_report_figures(report("全年办理人大代表建议12件。"))
    assert figures.requests_answered is None


def test_chinese_numerals_are_counted():
    figures = extract_report_figures(report("主动公开政府信息三千八百余条。"))
    assert figures.proactive_items == 3800


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二〇一五", 2015),
        ("十六", 16),
        ("二十", 20),
        ("一千零五", 1005),
        ("十十", None),
        ("百千", None),
    ],
)
def test_chinese_numerals_are_read_or_refused(text, value):
    assert legacy._zh_int(text) == value


def test_a_fee_rate_is_not_a_fee_total():
    figures = extract_report_figures(report("复制费收费标准为每页0.1元。"))
    assert figures.fees_yuan is None


def test_fees_charged_are_read_as_a_decimal():
    figures = extract_report_figures(report("全年收取检索、复制费用共计12.5元。"))
    assert figures.fees_yuan == Decimal("12.5")


def test_no_fees_charged_is_zero():
    figures = extract_report_figures(report("全年未收取任何费用。"))
    assert figures.fees_yuan == Decimal(0)


def test_appeals_stated_as_zero_are_zero():
    figures = extract_report_figures(report("因政府信息公开引起的行政复议和行政诉讼均为零。"))
    assert (figures.reconsiderations, figures.litigations) == (0, 0)


def test_appeal_counts_are_read_per_kind():
    figures = extract_report_figures(report("发生行政复议2起，行政诉讼1起。"))
    assert (figures.reconsiderations, figures.litigations) == (2, 1)


def test_figures_need_the_year_of_the_report():
    with pytest.raises(LegacyPageError):
        extract_report_figures(report("主动公开政府信息10条。", title="政府信息公开工作年度报告"))


# --- properties ------------------------------------------------------------------------------

PIECES = [
    *seed_text().splitlines()[:40],
    *SEED_CHROME,
    SEED_TITLE,
    "<p>",
    "</p>",
    "<h1>通知</h1>",
    "<div class='nav'>",
    "<table><tr><th>序号</th><th>标题</th></tr>",
    "发布日期：2015年2月30日",
    "成文日期：二〇一五年十三月一日",
    "收到申请十十件，已办理。",
    "一、",
    "二〇〇〇年报告",
]


def check_page_or_error(raw: str | bytes) -> None:
    try:
        page = parse_legacy_page(raw)
    except LegacyPageError as exc:
        assert exc.message_zh and exc.message_en
        return
    assert isinstance(page, LegacyPage)
    assert page.title and page.sections
    page.body_html()
    page.fingerprint()
    try:
        extract_report_figures(page)
    except LegacyPageError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_either_parses_or_raises_legacy_page_error(text):
    check_page_or_error(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=40))
def test_arbitrary_mixes_of_page_lines_either_parse_or_raise_legacy_page_error(pieces):
    check_page_or_error("\n".join(pieces))


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_either_parse_or_raise_legacy_page_error(raw):
    check_page_or_error(raw)
