"""The publication gate: secrecy markings block, personal data warns (pure functions, no DB)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.publishing.scanner import (
    BLOCK,
    KINDS,
    WARN,
    Finding,
    credit_code_check_char,
    credit_code_is_valid,
    html_to_text,
    is_blocking,
    luhn_is_valid,
    redact,
    redact_html,
    resident_id_check_char,
    resident_id_is_valid,
    scan_html,
    scan_text,
)

SEED = (
    Path(__file__).resolve().parents[2]
    / "src/gongkai/ops/data/seed/yongchang-2014-annual-report.txt"
)
# Synthetic numbers whose check characters are computed (see tests/data/scanner/corpus.jsonl).
ID = "620321198511084622"
MOBILE = "13964620997"
CARD = "6217009840482506437"
USCC = "926203213375952RCJ"


def kinds(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.kind, f.match) for f in scan_text(text, **kwargs)]


def blocking(text: str) -> list[Finding]:
    return [f for f in scan_text(text) if f.severity == BLOCK]


# --- secrecy markings --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "marking",
    [
        "机密★1年",
        "秘密★10年",
        "秘密 ★",
        "绝密★长期",
        "机密☆2年",
        "机密*1年",
        "机密＊6个月",
        "秘　密★１年",
        "绝密★启用前",
        "机密★一年",
        "★机密",
    ],
)
def test_a_level_with_a_star_and_period_on_a_document_blocks(marking):
    found = blocking(f"{marking}\n永昌县人民政府文件\n关于做好防汛工作的通知")
    assert [(f.kind, f.match) for f in found] == [("secret_marking", marking)]


def test_a_star_marking_blocks_even_inside_a_line():
    assert blocking("标题：关于调整干部的通知 秘密★5年 发文日期：2024-03-01")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("秘 密\n永昌县人民政府常务会议纪要", "secret_marking"),
        ("机密\n永昌县人民政府\n关于征收补偿方案的请示", "secret_marking"),
        ("会议纪要\n密级：秘密\n第3期", "secret_marking"),
        ("保密期限：5年", "secret_marking"),
        ("【机密】关于重点人员稳控情况的报告", "secret_marking"),
        ("社会稳定形势分析报告（秘密）", "secret_marking"),
        ("此件属国家秘密，请妥善保管。", "secret_marking"),
        ("国家秘密\n国家安全人民防线建设工作情况汇报", "secret_marking"),
        ("机密 永昌县人民政府文件 永政发〔2023〕46号", "secret_marking"),
        ("内部资料\n永昌县政务信息 第12期", "internal_marking"),
        ("内部资料 注意保留\n永昌县统计局", "internal_marking"),
        ("【内部资料】上半年经济运行分析", "internal_marking"),
        ("内部文件 不得外传", "internal_marking"),
        ("建议名单\n（此件不得外传）", "internal_marking"),
        ("问题线索处置情况（注意保密）", "internal_marking"),
        ("以上名单请注意保密，不得外传。", "internal_marking"),
        ("工作秘密\n督办情况通报", "internal_marking"),
        ("此件属工作秘密，仅限收文单位阅知。", "internal_marking"),
        ("债务风险化解情况的报告\n（此件不公开）", "internal_marking"),
        ("内部资料，请勿外传\n会议材料汇编", "internal_marking"),
    ],
)
def test_markings_in_their_usual_places_block(text, kind):
    assert [f.kind for f in blocking(text)] == [kind]


@pytest.mark.parametrize(
    "prose",
    [
        "各单位要切实保守国家秘密。",
        "严格执行信息公开前保密审查制度，确保“上网信息不涉密，涉密信息不上网”。",
        "机密文件管理制度\n第一条 为加强机密文件管理，制定本制度。",
        "严防失泄密事件发生。",
        "经审查，该信息不涉及国家秘密。",
        "对涉及国家秘密的信息不予公开。",
        "涉及商业秘密、个人隐私的政府信息，行政机关不得公开。",
        "商业秘密\n申请人认为涉及商业秘密的，应当提供证明材料。",
        "这家合作社增收的秘密就在于订单农业。",
        "选举时应当设立秘密写票处。",
        "国家秘密的密级分为绝密、机密、秘密三级。",
        "国家秘密标志由密级和保密期限组成，如“机密★5年”。",
        "此件不涉及国家秘密。",
        "（此件公开发布）",
        "不予公开的政府信息包括：\n1.国家秘密；\n2.商业秘密。",
        "公开属性\t不予公开\n不公开理由\t国家秘密",
        "会议要求，会议内容不得外传。",
        "确保政务数据的机密性、完整性和可用性。",
        "县政府秘书长李志强负责县政府办公室全面工作。",
        "根据《内部资料性出版物管理办法》印刷。",
        "登录密码请注意保密，以防被盗用。",
        "本通知书请妥善保管，遗失不补。",
        "本文件涉及国家秘密的内容已删除，其余部分依法公开。",
    ],
)
def test_prose_about_secrecy_does_not_block(prose):
    assert blocking(prose) == []


def test_the_real_county_annual_report_has_no_findings_at_all():
    assert scan_text(SEED.read_text(encoding="utf-8"), field="body") == []


def test_a_blocking_message_says_what_and_where():
    (f,) = scan_text("关于做好防汛工作的通知\n\n秘密★1年\n各乡镇：", field="body")
    assert (f.severity, f.line, f.column, f.start) == (BLOCK, 3, 1, 13)
    assert f.label_zh == "密级标志"
    assert f.message_zh.startswith("正文第3行第1列有密级标志“秘密★1年”")
    assert f.replacement is None


@pytest.mark.parametrize(
    ("field", "where"),
    [("title", "标题"), ("body", "正文"), ("attachment:预算表.pdf", "附件《预算表.pdf》")],
)
def test_messages_name_the_field(field, where):
    (f,) = scan_text("内部资料", field=field)
    assert f.field == field and f.message_zh.startswith(f"{where}第1行第1列")


# --- personal data -----------------------------------------------------------------------------
def test_a_resident_id_with_a_valid_check_digit_warns():
    (f,) = scan_text(f"身份证号码：{ID}。")
    assert (f.kind, f.severity, f.match, f.replacement) == (
        "resident_id",
        WARN,
        ID,
        "620321********4622",
    )
    assert "公开前请遮盖" in f.message_zh


def test_an_eighteen_digit_number_with_a_wrong_check_digit_is_not_an_id():
    wrong = ID[:17] + ("0" if ID[17] != "0" else "1")
    assert not resident_id_is_valid(wrong)
    assert "resident_id" not in [k for k, _ in kinds(f"身份证号：{wrong}")]


@pytest.mark.parametrize(
    "number",
    ["62032119810201886x", "620321 19810201 886X", "620321530624895", "62032119851108462243"],
)
def test_ids_in_other_spellings_warn(number):
    assert kinds(f"身份证号：{number}") == [("resident_id", number)]


def test_a_fifteen_digit_number_without_a_real_birth_date_is_not_an_id():
    assert kinds("设备序列号：620321991345123") == []


@pytest.mark.parametrize(
    "mobile", [MOBILE, "139 6462 0997", "139-6462-0997", "+86 139 6462 0997", "+8613964620997"]
)
def test_mobile_numbers_warn_in_common_spellings(mobile):
    (f,) = scan_text(f"手机：{mobile}")
    assert (f.kind, f.match) == ("mobile", mobile)
    assert f.replacement.endswith("0997") and "****" in f.replacement


@pytest.mark.parametrize(
    "text",
    [
        f"编号：{MOBILE}1",  # part of a longer digit run
        f"编号：9{MOBILE}",
        "存款余额达到13586420000元。",  # an amount
        "年初结转15023521.77元",
        "详见 http://www.yongchang.gov.cn/art_13964620997.html",
    ],
)
def test_eleven_digit_runs_that_are_not_phones_do_not_warn(text):
    assert kinds(text) == []


def test_a_bank_card_passing_luhn_warns_and_is_masked_to_first_and_last_four():
    assert luhn_is_valid(CARD)
    (f,) = scan_text(f"银行卡号：{CARD}")
    assert (f.kind, f.replacement) == ("bank_card", "6217***********6437")
    bad = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert kinds(f"银行卡号：{bad}") == []


def test_an_id_number_is_not_also_a_bank_card():
    number = "620321197806151453"  # a valid ID that also passes the Luhn check
    assert resident_id_is_valid(number) and luhn_is_valid(number)
    assert [k for k, _ in kinds(f"账号：{number}")] == ["resident_id"]


def test_a_unified_social_credit_code_with_a_valid_check_character_warns():
    assert credit_code_is_valid(USCC)
    assert credit_code_check_char(USCC[:17]) == USCC[17]
    assert kinds(f"统一社会信用代码：{USCC}") == [("credit_code", USCC)]
    assert kinds(f"统一社会信用代码：{USCC[:17]}0") == []


def test_eighteen_digits_that_are_no_id_may_still_be_a_credit_code():
    number = "126203210139000002"  # all digits: 事业单位 code with a valid GB 32100 check
    assert not resident_id_is_valid(number) and credit_code_is_valid(number)
    assert kinds(f"统一社会信用代码：{number}") == [("credit_code", number)]
    # The same shape with a bad check character is neither.
    assert kinds("统一社会信用代码：126203210139000003") == []


def test_an_index_number_built_on_the_units_credit_code_is_not_a_finding():
    assert kinds("索引号：1162032123196946AY/2024-00012") == []


def test_an_email_address_warns_and_is_masked_after_its_first_letter():
    (f,) = scan_text("电子邮箱：sunlihua1988@qq.com")
    assert (f.kind, f.replacement) == ("email", "s***@qq.com")


def test_a_mobile_used_as_a_mailbox_name_is_one_email():
    assert kinds("邮箱：13964620997@139.com") == [("email", "13964620997@139.com")]


def test_a_home_address_with_unit_and_room_warns_and_keeps_the_road():
    (f,) = scan_text("家住永昌县北海子路12号3单元402室")
    assert f.kind == "address" and f.match == "永昌县北海子路12号3单元402室"
    assert f.replacement == "永昌县北海子路**号*单元***室"


@pytest.mark.parametrize(
    "text",
    [
        "当事人李某，住永昌县城关镇北海子路12号。",
        "住址：永昌县河西堡镇振兴街18号",
        "申请人系红山窑镇毛卜喇村三社45号村民。",
        "房屋坐落于永昌县金色阳光小区3号楼2单元501室。",
    ],
)
def test_residential_addresses_warn(text):
    assert [k for k, _ in kinds(text)] == ["address"]


@pytest.mark.parametrize(
    "text",
    [
        "办公地址：永昌县北海子路12号县政府大楼3楼",
        "县政务服务中心位于永昌县北海子路12号。",
        "乘坐1路、3路公交车至北海子公园站下车。",
        "会议在县政府3号楼会议室召开。",
    ],
)
def test_office_addresses_and_building_numbers_do_not_warn(text):
    assert kinds(text) == []


def test_a_contact_name_next_to_a_mobile_is_its_own_finding():
    assert kinds("联系人：王小明 13964620997") == [
        ("name_with_id", "王小明"),
        ("mobile", "13964620997"),
    ]


def test_an_applicant_named_before_an_id_number_is_found():
    assert kinds(f"申请人张三，身份证号{ID}，于2024年3月1日提出申请。") == [
        ("name_with_id", "张三"),
        ("resident_id", ID),
    ]


def test_names_in_a_table_row_are_tied_to_the_number_in_that_row():
    text = f"序号\t姓名\t身份证号码\n1\t李秀英\t{ID}\t605\n2\t王德福\t620321195304036966\t1350"
    assert [m for k, m in kinds(text) if k == "name_with_id"] == ["李秀英", "王德福"]


@pytest.mark.parametrize(
    "text",
    [
        "联系人：马老师，联系电话：13861271670",  # a surname and a title is not a name
        "县长王建平主持会议。",  # a name without a number
        "联系人：王小明，联系电话：0935-7521234",  # an office landline
        "当事人：王某某，身份证号码：6203211985********",  # already masked
    ],
)
def test_no_name_finding_without_a_real_name_next_to_an_unmasked_number(text):
    assert "name_with_id" not in [k for k, _ in kinds(text)]


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月1日",
        "成文日期：20240301",
        "永政发〔2024〕12号",
        "索引号：620321001/2024-00012",
        "预算金额1234.56万元",
        "咨询电话：0935-7521234",
        "年末户籍人口254563人",
        "邮政编码：737200",
        "统计用区划代码：620321100000",
        "采购计划编号：2024062103210015",
    ],
)
def test_dates_doc_numbers_amounts_landlines_and_postcodes_are_not_findings(text):
    assert scan_text(text) == []


@pytest.mark.parametrize(
    ("text", "allow"),
    [
        ("值班电话：13909351234", ["13909351234"]),
        ("值班电话：139 0935 1234", ["+86 139-0935-1234"]),
        ("电子邮箱：YCXXGK@163.com", ["ycxxgk@163.com"]),
        ("联系人：王小明 13909351234", ["13909351234"]),
    ],
)
def test_numbers_the_unit_publishes_are_allowed(text, allow):
    assert scan_text(text, allow=allow) == []


def test_each_finding_carries_kind_label_severity_and_position():
    text = "第一行\n联系电话：13964620997"
    (f,) = scan_text(text, field="body")
    assert f.as_dict() == {
        "kind": "mobile",
        "label_zh": "手机号码",
        "severity": "warn",
        "match": "13964620997",
        "field": "body",
        "start": 9,
        "end": 20,
        "line": 2,
        "column": 6,
        "replacement": "139****0997",
        "message_zh": "正文第2行第6列有手机号码“13964620997”，公开前请遮盖（建议改为“139****0997”）或记录公开理由。",
    }


def test_findings_are_sorted_by_position_and_deterministic():
    text = f"邮箱 a@b.cn\n{ID}\n秘密★1年\n{MOBILE}"
    first = scan_text(text)
    assert first == scan_text(text)
    assert [f.start for f in first] == sorted(f.start for f in first)
    assert is_blocking(first)


def test_every_kind_has_a_chinese_label_and_a_severity():
    assert all(label and severity in (BLOCK, WARN) for label, severity in KINDS.values())


# --- redaction ---------------------------------------------------------------------------------
def test_redact_masks_each_kind_the_usual_way():
    text = (
        f"申请人：王小明，身份证号：{ID}，手机：13856785678，"
        f"卡号：{CARD}，邮箱：alice@example.com，住址：永昌县北海子路12号3单元402室"
    )
    assert redact(text) == (
        "申请人：王**，身份证号：620321********4622，手机：138****5678，"
        "卡号：6217***********6437，邮箱：a***@example.com，住址：永昌县北海子路**号*单元***室"
    )


def test_redact_leaves_markings_alone_and_can_limit_the_kinds():
    text = f"秘密★1年\n手机：{MOBILE}，邮箱：a@b.cn"
    assert redact(text).startswith("秘密★1年\n手机：139****0997")
    assert redact(text, kinds={"email"}) == f"秘密★1年\n手机：{MOBILE}，邮箱：a***@b.cn"


def test_redact_refuses_findings_from_another_text():
    with pytest.raises(ValueError):
        redact("手机：13800000000", scan_text(f"手机：{MOBILE}"))


# --- HTML --------------------------------------------------------------------------------------
HTML = (
    '<div class="article"><p style="text-align:left">秘密★1年</p>'
    "<p>联系人：<b>王小明</b>，手机：<span>139</span>64620997</p>"
    "<table><tr><td>1</td><td>李秀英</td><td>" + ID + "</td></tr></table>"
    "<script>var phone='13861271670';</script></div>"
)


def test_html_text_has_one_line_per_block_and_tabs_between_cells():
    assert html_to_text(HTML).split("\n") == [
        "秘密★1年",
        "联系人：王小明，手机：13964620997",
        f"1\t李秀英\t{ID}",
    ]


def test_scan_html_finds_markings_and_personal_data_with_positions_in_the_text():
    found = scan_html(HTML, field="body")
    assert [(f.kind, f.line, f.column) for f in found] == [
        ("secret_marking", 1, 1),
        ("name_with_id", 2, 5),
        ("mobile", 2, 12),
        ("name_with_id", 3, 3),
        ("resident_id", 3, 7),
    ]


def test_redact_html_masks_inside_text_nodes_and_keeps_the_markup():
    out = redact_html(HTML)
    assert '<p style="text-align:left">秘密★1年</p>' in out
    assert "<b>王**</b>" in out
    assert "<span>139</span>****0997" in out
    assert f"<td>620321********{ID[-4:]}</td>" in out
    assert "var phone='13861271670'" in out  # scripts are not text
    assert scan_html(out) == scan_html(out)[:1]  # only the marking is left


def test_redact_html_keeps_wagtail_rich_text_attributes_and_embeds():
    html = (
        '<p data-block-key="a1b2">联系电话：13964620997</p>'
        '<embed embedtype="image" format="left" id="3"/>'
        '<p data-block-key="c3d4"><a href="/zwgk/" linktype="page" id="7">政务公开</a></p>'
    )
    assert redact_html(html) == html.replace("13964620997", "139****0997")


# --- properties --------------------------------------------------------------------------------
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT = st.sampled_from("，。、；：“”（）《》 \n")
PROSE = st.text(st.one_of(CJK, PUNCT), max_size=60)


@st.composite
def resident_ids(draw) -> str:
    area = draw(st.sampled_from(["620321", "620302", "110101", "440305", "650102"]))
    born = draw(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2099, 12, 31)))
    seq = draw(st.integers(0, 999))
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    return first17 + resident_id_check_char(first17)


@given(st.text(max_size=300))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_scans_without_error_and_offsets_slice_back(text):
    for f in scan_text(text):
        assert text[f.start : f.end] == f.match
        assert f.line == text.count("\n", 0, f.start) + 1
        assert f.column == f.start - (text.rfind("\n", 0, f.start) + 1) + 1
    redact(text)


@given(PROSE, resident_ids(), PROSE)
@settings(max_examples=200)
def test_a_valid_id_inside_chinese_prose_is_always_found_and_redaction_hides_its_middle(
    before, number, after
):
    text = before + number + after
    found = [f for f in scan_text(text) if f.kind == "resident_id"]
    assert [(f.start, f.match) for f in found] == [(len(before), number)]
    redacted = redact(text)
    assert number not in redacted
    assert number[:6] + "********" + number[-4:] in redacted


@given(PROSE, resident_ids(), st.integers(1, 10), PROSE)
@settings(max_examples=200)
def test_an_id_with_a_wrong_check_character_is_never_an_id(before, number, shift, after):
    checks = "0123456789X"
    wrong = number[:17] + checks[(checks.index(number[17]) + shift) % 11]
    assert not resident_id_is_valid(wrong)
    assert "resident_id" not in [f.kind for f in scan_text(before + wrong + after)]


PII = st.sampled_from(
    [
        ID,
        MOBILE,
        "139 6462 0997",
        CARD,
        USCC,
        "sunlihua1988@qq.com",
        "联系人：王小明 13964620997",
        "申请人张三，身份证号620321195201239461",
        "家住永昌县北海子路12号3单元402室",
        "红山窑镇毛卜喇村三社45号",
        "1\t李秀英\t620321194204277127\n",
    ]
)


@given(st.lists(st.one_of(PROSE, PII), max_size=8))
@settings(max_examples=300)
def test_redacted_text_has_no_warnings_left(pieces):
    text = "".join(pieces)
    assert [f for f in scan_text(redact(text)) if f.severity == WARN] == []


@given(st.lists(st.one_of(PROSE, PII), max_size=6))
@settings(max_examples=100)
def test_redact_html_agrees_with_redact_on_plain_paragraphs(pieces):
    text = "".join(pieces).replace("\n", " ").replace("\t", " ")
    html = f"<p>{text}</p>"
    assert re.sub(r"</?p>", "", redact_html(html)) == redact(text)
