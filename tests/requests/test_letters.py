"""Response letters (告知书) and the application form: templates, dates, DOCX and PDF read back."""

from __future__ import annotations

import io
import pickle
import re
import subprocess
import sys
from datetime import date

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from hypothesis import given
from hypothesis import strategies as st

from gongkai.requests import letters
from gongkai.requests.letter_texts import (
    ANSWER_KINDS,
    DEFAULT_TEXTS,
    PLACEHOLDERS,
    RECIPIENTS,
    REMEDY,
    kind_for_outcome,
)
from gongkai.requests.letters import (
    Letter,
    TemplateError,
    application_form_docx,
    application_form_pdf,
    chinese_date,
    compose,
    fill,
    placeholders,
    render_docx,
    render_pdf,
    split_paragraphs,
)

ISSUED = date(2026, 11, 25)
SAMPLE_VALUES = {
    "申请人": "张三",
    "查询码": "YJ2026-0042-K7Q",
    "收到日期": "2026年11月3日",
    "申请内容": "永昌县2025年义务教育阶段学校布局调整方案",
    "机关名称": "永昌县教育局",
    "答复期限": "2026年12月1日",
    "补正内容": "1. 所需信息的形成时间\n2. 所需信息的制作机关",
    "补正期限": "收到本告知书之日起15个工作日内",
    "延长工作日": "20",
    "延期后答复期限": "2026年12月29日",
    "第三方": "永昌县某某建筑有限公司",
    "收费金额": "3000",
    "计费说明": "按件计收，本月第11件至第30件，每件100元",
    "缴费期限": "收到本通知次日起20个工作日内",
    "缴费方式": "通过甘肃省非税收入缴款平台缴纳",
    "理由": "你申请获取的政府信息属于过程性信息",
    "法律依据": "《中华人民共和国政府信息公开条例》第十六条第二款",
    "公开方式": "随本告知书提供纸质件1份（共3页）",
    "复议机关": "永昌县人民政府",
    "管辖法院": "永昌县人民法院",
    "联系人": "李四",
    "联系电话": "0935-7521234",
}


def squeeze(text: str) -> str:
    """Text without whitespace: lines of a PDF break anywhere inside a Chinese sentence."""
    return re.sub(r"\s+", "", text)


def sample_letter(**changes: object) -> Letter:
    fields: dict[str, object] = {
        "title": "政府信息不予公开告知书",
        "number": "永教依复〔2026〕3号",
        "recipient": "张三",
        "paragraphs": (
            "本机关于2026年11月3日收到你提交的政府信息公开申请。",
            "经审查，你申请获取的政府信息属于过程性信息，本机关决定不予公开。",
        ),
        "issuer": "永昌县教育局",
        "issued_on": ISSUED,
    }
    fields.update(changes)
    return Letter(**fields)  # type: ignore[arg-type]


def read_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def docx_texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> set[str]:
    fonts = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


@pytest.fixture(scope="module")
def letter_docx() -> bytes:
    return render_docx(sample_letter())


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return render_pdf(sample_letter())


# chinese_date


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 11, 25), "二〇二六年十一月二十五日"),
        (date(2000, 1, 1), "二〇〇〇年一月一日"),
        (date(2019, 10, 10), "二〇一九年十月十日"),
        (date(2020, 12, 20), "二〇二〇年十二月二十日"),
        (date(2031, 3, 31), "二〇三一年三月三十一日"),
        (date(2024, 2, 29), "二〇二四年二月二十九日"),
        (date(2099, 7, 11), "二〇九九年七月十一日"),
    ],
)
def test_chinese_date_writes_the_year_digit_by_digit_and_month_and_day_as_numbers(day, written):
    assert chinese_date(day) == written


_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def _parse_small(text: str) -> int:
    if "十" not in text:
        assert len(text) == 1 and text != "〇"
        return _DIGIT[text]
    tens, _, ones = text.partition("十")
    assert tens != "一" and tens != "〇" and ones != "〇"
    return (_DIGIT[tens] if tens else 1) * 10 + (_DIGIT[ones] if ones else 0)


def _parse_chinese_date(text: str) -> date:
    match = re.fullmatch(r"([〇一二三四五六七八九]{4})年(.+)月(.+)日", text)
    assert match, text
    year = int("".join(str(_DIGIT[c]) for c in match[1]))
    return date(year, _parse_small(match[2]), _parse_small(match[3]))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_chinese_date_reads_back_as_the_same_date(day):
    written = chinese_date(day)
    assert re.fullmatch(r"[〇一二三四五六七八九十年月日]+", written)
    assert _parse_chinese_date(written) == day


# fill and placeholders


def test_fill_substitutes_chinese_placeholders():
    assert fill("{申请人}：你于{收到日期}提交的申请", SAMPLE_VALUES) == (
        "张三：你于2026年11月3日提交的申请"
    )


def test_fill_names_an_unknown_placeholder_and_lists_the_known_ones():
    with pytest.raises(TemplateError) as caught:
        fill("{申请人}，{申请入}", {"申请人": "张三", "查询码": "X"})
    error = caught.value
    assert "{申请入}" in error.message_zh and "申请入" in error.message_en
    assert "{申请人}" in error.message_zh and "{查询码}" in error.message_zh
    assert "申请人" in str(error) and "查询码" in error.message_en


def test_fill_treats_doubled_braces_as_literal_braces():
    assert fill("{{申请人}} {申请人} }}{{", {"申请人": "张三"}) == "{申请人} 张三 }{"


@pytest.mark.parametrize("template", ["{申请人", "申请人}", "{申请{人}", "前文{{申请人}"])
def test_fill_rejects_an_unbalanced_brace(template):
    with pytest.raises(TemplateError) as caught:
        fill(template, {"申请人": "张三"})
    assert "花括号" in caught.value.message_zh or "没有对应" in caught.value.message_zh
    assert "matching" in caught.value.message_en


def test_fill_rejects_an_empty_placeholder():
    with pytest.raises(TemplateError, match="没有名称"):
        fill("你好{}", {"申请人": "张三"})


def test_fill_rejects_a_known_name_in_full_width_braces():
    with pytest.raises(TemplateError, match="全角"):
        fill("｛申请人｝：", {"申请人": "张三"})


def test_fill_inserts_values_verbatim_without_substituting_inside_them():
    assert fill("{理由}", {"理由": "{申请人}<b>&"}) == "{申请人}<b>&"


def test_template_error_survives_pickling():
    error = TemplateError("中文", "English")
    assert pickle.loads(pickle.dumps(error)).message_en == "English"


def test_placeholders_lists_the_names_a_template_uses():
    assert placeholders("{申请人}：{{字面}} { 收到日期 } {申请人}") == {"申请人", "收到日期"}


# Full-width braces are left out too: a known name between them is refused as a typing slip.
no_braces = st.text().filter(lambda t: not set(t) & set("{}｛｝"))


@given(no_braces, st.dictionaries(st.text(min_size=1), st.text()))
def test_fill_returns_text_without_braces_unchanged(text, values):
    assert fill(text, values) == text


@given(st.text())
def test_fill_returns_any_text_whose_braces_are_doubled(text):
    escaped = text.replace("{", "{{").replace("}", "}}")
    assert fill(escaped, {}) == text
    assert placeholders(escaped) == set()


def test_split_paragraphs_splits_on_blank_lines_and_keeps_line_breaks():
    assert split_paragraphs("第一段\n续行\n\n  \n第二段\r\n\r\n\n") == ("第一段\n续行", "第二段")


# the default texts


def test_every_default_text_uses_only_documented_placeholders():
    for kind, (title, body) in DEFAULT_TEXTS.items():
        used = placeholders(title) | placeholders(body) | placeholders(RECIPIENTS[kind])
        assert used <= PLACEHOLDERS.keys(), (kind, used - PLACEHOLDERS.keys())


def test_the_kinds_are_the_procedural_letters_and_the_six_answers():
    assert set(DEFAULT_TEXTS) == {
        "receipt",
        "correction",
        "extension",
        "consultation",
        "fee",
        *ANSWER_KINDS,
    }
    assert RECIPIENTS["consultation"] == "{第三方}" and RECIPIENTS["withheld"] == "{申请人}"


def test_every_answer_letter_ends_with_the_remedy_and_the_contact():
    for kind in ANSWER_KINDS:
        paragraphs = split_paragraphs(DEFAULT_TEXTS[kind][1])
        assert paragraphs[-2] == REMEDY, kind
        assert "{联系电话}" in paragraphs[-1]
    assert "六十日内向{复议机关}申请行政复议" in REMEDY and "六个月内向{管辖法院}" in REMEDY


@pytest.mark.parametrize(
    ("kind", "article"),
    [
        ("correction", "第三十条"),
        ("consultation", "第三十二条"),
        ("extension", "第三十三条第二款"),
        ("receipt", "第三十三条"),
        ("fee", "第四十二条"),
        ("disclosed", "第三十六条"),
        ("partial", "第三十七条"),
        ("withheld", "第三十六条第（三）项"),
    ],
)
def test_letters_cite_the_article_they_rest_on(kind, article):
    assert f"《中华人民共和国政府信息公开条例》{article}" in DEFAULT_TEXTS[kind][1] or (
        article in DEFAULT_TEXTS[kind][1]
    )


def test_procedural_letters_state_what_stops_or_pauses_the_clock():
    assert "收到补正的申请之日起计算" in DEFAULT_TEXTS["correction"][1]
    assert "视为放弃申请" in DEFAULT_TEXTS["correction"][1]
    assert "15个工作日内" in DEFAULT_TEXTS["consultation"][1]
    assert "不计算在" in DEFAULT_TEXTS["consultation"][1]
    assert "不计算在答复期限内" in DEFAULT_TEXTS["fee"][1]
    assert (
        "不再处理" in DEFAULT_TEXTS["fee"][1] and "国办函〔2020〕109号" in DEFAULT_TEXTS["fee"][1]
    )
    assert "{延长工作日}" in DEFAULT_TEXTS["extension"][1]


def test_every_outcome_of_the_taxonomy_has_its_group_letter():
    from gongkai.requests.taxonomy import OUTCOME_GROUPS

    for (_number, _label, outcomes), kind in zip(OUTCOME_GROUPS, ANSWER_KINDS, strict=True):
        for outcome in outcomes:
            assert kind_for_outcome(outcome.value) == kind
    with pytest.raises(KeyError):
        kind_for_outcome("not_an_outcome")


@pytest.mark.parametrize("kind", list(DEFAULT_TEXTS))
def test_every_default_text_fills_and_renders_to_docx_and_pdf(kind):
    title, body = DEFAULT_TEXTS[kind]
    letter = compose(
        title,
        body,
        RECIPIENTS[kind],
        SAMPLE_VALUES,
        issuer="永昌县教育局",
        issued_on=ISSUED,
        number="永教依复〔2026〕3号",
    )
    assert letter.title == title and "{" not in "".join(letter.paragraphs)

    texts = docx_texts(read_docx(render_docx(letter)))
    assert texts[0] == title
    for paragraph in letter.paragraphs:
        for line in paragraph.split("\n"):  # each line of a paragraph is indented on its own
            assert line in texts
    assert "二〇二六年十一月二十五日" in texts

    text = squeeze(pdf_text(render_pdf(letter)))
    assert squeeze(title) in text
    for paragraph in letter.paragraphs:
        assert squeeze(paragraph) in text
    assert "二〇二六年十一月二十五日" in text


# DOCX


def test_docx_carries_title_number_recipient_body_issuer_and_date_in_order(letter_docx):
    texts = [t for t in docx_texts(read_docx(letter_docx)) if t]
    assert texts == [
        "政府信息不予公开告知书",
        "永教依复〔2026〕3号",
        "张三：",
        "本机关于2026年11月3日收到你提交的政府信息公开申请。",
        "经审查，你申请获取的政府信息属于过程性信息，本机关决定不予公开。",
        "（印章）",
        "永昌县教育局",
        "二〇二六年十一月二十五日",
    ]


def test_docx_names_an_east_asian_font_on_every_run(letter_docx):
    document = read_docx(letter_docx)
    runs = [run for p in document.paragraphs for run in p.runs if run.text]
    runs += [run for p in document.sections[0].footer.paragraphs for run in p.runs]
    assert runs
    for run in runs:
        east_asia = run._r.rPr.rFonts.get(qn("w:eastAsia"))
        assert east_asia in {"仿宋_GB2312", "方正小标宋简体", "宋体"}, run.text
    assert document.paragraphs[0].runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert document.paragraphs[0].runs[0].font.size.pt == 22
    body = document.paragraphs[4]
    assert body.runs[0].font.size.pt == 16
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert body.paragraph_format.first_line_indent.pt == pytest.approx(32)


def test_docx_page_is_a4_with_the_official_margins(letter_docx):
    section = read_docx(letter_docx).sections[0]
    for length, mm in [
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ]:
        assert abs(length - Mm(mm)) < Mm(0.1)


def test_docx_footer_numbers_pages_between_dashes(letter_docx):
    footer = read_docx(letter_docx).sections[0].footer.paragraphs[0]
    assert footer.text == "— 1 —"
    assert " PAGE " in "".join(t.text for t in footer._p.iter(qn("w:instrText")))


def test_docx_signature_is_right_aligned_with_the_date_four_characters_in(letter_docx):
    document = read_docx(letter_docx)
    issuer, dated = (
        p for p in document.paragraphs if p.text in {"永昌县教育局", chinese_date(ISSUED)}
    )
    assert issuer.alignment == dated.alignment == 2  # right
    ind = dated._p.pPr.ind
    assert ind.get(qn("w:rightChars")) == "400"
    # the 6-character name is centred over the 12-character date: 3 more characters in
    assert issuer._p.pPr.ind.get(qn("w:rightChars")) == "700"


def test_docx_omits_the_number_line_when_there_is_none():
    texts = docx_texts(read_docx(render_docx(sample_letter(number=""))))
    assert texts[0] == "政府信息不予公开告知书" and texts[1] == ""
    assert not any("〔" in t for t in texts)


def test_docx_lists_attachments_and_the_cc_line():
    letter = sample_letter(attachments=("申请表", "答复材料"), cc="永昌县人民政府办公室")
    texts = docx_texts(read_docx(render_docx(letter)))
    assert "附件：1.申请表" in texts and "2.答复材料" in texts
    assert texts[-1] == "抄送：永昌县人民政府办公室。"
    single = docx_texts(read_docx(render_docx(sample_letter(attachments=("申请表",)))))
    assert "附件：申请表" in single


# PDF


def test_pdf_is_a4_and_reads_back_title_body_and_date(letter_pdf):
    reader = pypdf.PdfReader(io.BytesIO(letter_pdf))
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(595.28, abs=0.5)
    assert float(box.height) == pytest.approx(841.89, abs=0.5)
    text = squeeze(pdf_text(letter_pdf))
    for part in (
        "政府信息不予公开告知书",
        "永教依复〔2026〕3号",
        "张三：",
        "经审查，你申请获取的政府信息属于过程性信息，本机关决定不予公开。",
        "永昌县教育局",
        "二〇二六年十一月二十五日",
        "—1—",
    ):
        assert part in text


def test_pdf_embeds_only_cjk_fonts(letter_pdf):
    fonts = pdf_fonts(letter_pdf)
    assert fonts and all("CJK" in name for name in fonts), fonts


def test_pdf_shows_markup_in_values_as_text():
    values = dict(SAMPLE_VALUES, 申请人="<script>alert(1)</script>", 理由="A&B <i>甲</i>")
    title, body = DEFAULT_TEXTS["withheld"]
    letter = compose(
        title, body, RECIPIENTS["withheld"], values, issuer="永昌县教育局", issued_on=ISSUED
    )
    text = squeeze(pdf_text(render_pdf(letter)))
    assert "<script>alert(1)</script>：" in text
    assert "A&B<i>甲</i>" in text


def test_pdf_of_a_long_letter_runs_over_several_numbered_pages():
    paragraph = "根据《中华人民共和国政府信息公开条例》的规定，本机关对申请逐项作出如下说明。" * 6
    data = render_pdf(sample_letter(paragraphs=(paragraph,) * 12, cc="永昌县人民政府办公室"))
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert f"— {number} —" in page.extract_text()
    last = squeeze(pages[-1].extract_text())
    assert "永昌县教育局" in last and "抄送：永昌县人民政府办公室。" in last


def test_pdf_lists_attachments():
    text = squeeze(pdf_text(render_pdf(sample_letter(attachments=("申请表", "答复材料")))))
    assert "附件：1.申请表" in text and "2.答复材料" in text


# the application form

FORM_LABELS = (
    "姓名",
    "证件名称",
    "证件号码",
    "联系电话",
    "电子邮箱",
    "通信地址",
    "邮政编码",
    "名称",
    "统一社会信用代码",
    "法定代表人",
    "联系人姓名",
    "所需政府信息的名称、文号或者便于查询的其他特征性描述",
    "获取信息的方式",
    "获取信息的途径",
    "申请人签名或盖章",
    "申请日期",
)
FORM_BOXES = (
    "□商业企业",
    "□科研机构",
    "□社会公益组织",
    "□法律服务机构",
    "□纸质",
    "□电子数据",
    "□邮寄",
    "□自取",
    "□网上获取",
)
FORM_UNIT = {
    "unit_name": "永昌县教育局",
    "address": "永昌县北海子路12号",
    "phone": "0935-7521234",
    "office_hours": "工作日8:30—12:00",
}


def test_application_form_docx_is_one_bordered_table_with_the_official_rows():
    document = read_docx(application_form_docx(**FORM_UNIT))
    assert document.paragraphs[0].text == "政府信息公开申请表"
    (table,) = document.tables
    cells = {squeeze(cell.text) for row in table.rows for cell in row.cells}
    for label in FORM_LABELS:
        assert label in cells, label
    joined = "".join(cells)
    for box in FORM_BOXES:
        assert box in joined
    assert {"申请人信息", "自然人", "法人或其他组织", "所需信息情况"} <= cells
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {child.get(qn("w:val")) for child in borders} == {"single"} and len(borders) == 6
    texts = docx_texts(document)
    assert "受理机关：永昌县教育局" in texts and "递交地址：永昌县北海子路12号" in texts
    assert "联系电话：0935-7521234　　受理时间：工作日8:30—12:00" in texts
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    for row in table.rows:
        for cell in row.cells:
            for run in (r for p in cell.paragraphs for r in p.runs):
                assert run._r.rPr.rFonts.get(qn("w:eastAsia")), run.text


def test_application_form_pdf_is_one_a4_page_in_cjk_fonts():
    data = application_form_pdf(**FORM_UNIT)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.height) == pytest.approx(841.89, abs=0.5)
    text = squeeze(pdf_text(data))
    for part in (*FORM_LABELS, *FORM_BOXES, "申请人信息", "永昌县教育局", "0935-7521234"):
        assert squeeze(part) in text, part
    assert "受理时间：工作日8:30—12:00" in text
    assert all("CJK" in name for name in pdf_fonts(data))


def test_application_form_leaves_out_contact_lines_it_was_not_given():
    texts = docx_texts(read_docx(application_form_docx("永昌县教育局")))
    assert "受理机关：永昌县教育局" in texts
    assert not any(t.startswith(("递交地址", "联系电话：", "受理时间")) for t in texts)
    text = squeeze(pdf_text(application_form_pdf("永昌县<教育局>")))
    assert "受理机关：永昌县<教育局>" in text and "递交地址" not in text


def test_letters_and_texts_import_no_django():
    # Pure modules: the CLI and the tests of the back office import them without settings.
    code = (
        "import sys, gongkai.requests.letters, gongkai.requests.letter_texts; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_each_line_of_a_multi_line_paragraph_gets_its_own_indent():
    letter = sample_letter(paragraphs=("请补正下列事项：", "1. 形成时间\n2. 制作机关"))
    document = read_docx(render_docx(letter))
    items = [p for p in document.paragraphs if p.text in {"1. 形成时间", "2. 制作机关"}]
    assert len(items) == 2
    assert all(p.paragraph_format.first_line_indent.pt == pytest.approx(32) for p in items)
    html = letters._letter_html(letter)
    assert '<p class="body">1. 形成时间</p><p class="body">2. 制作机关</p>' in html
