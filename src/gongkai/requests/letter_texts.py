"""Default texts of the response letters (告知书) of a disclosure request, as editable templates.

Each kind maps to ``(title, body)``; the body is a template for :func:`gongkai.requests.letters.fill`
with ``{占位符}`` placeholders and paragraphs separated by blank lines. The back office keeps
edited copies; these are the defaults and the wording of record.

Articles cited are those of 《中华人民共和国政府信息公开条例》 (2019 revision, "条例"):

* 第三十条 补正 (``correction``): the organ states once what to correct and a reasonable time;
  the reply period counts from receipt of the corrected request; no correction in time without
  good reason = the request is treated as withdrawn and no longer processed.
* 第三十二条 third party (``consultation``): written consultation, opinion within 15 working days
  of receipt; 第三十三条第三款: the time is not counted in the reply period.
* 第三十三条 reply within 20 working days; one extension of at most 20 working days with the
  approval of the head of the disclosure office, told to the applicant (``receipt``,
  ``extension``).
* 第三十六条 (with 第三十七条 区分处理, 第三十八条, 第三十九条) the answers, grouped as the
  outcome groups （一）–（六） of section 三 of the annual report format (国办公开办函〔2021〕30号):
  ``disclosed``, ``partial``, ``withheld``, ``unavailable``, ``not_processed``, ``other``.
* 第四十二条 and 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号) the fee notice
  (``fee``): the time from the notice to payment is not counted; no payment in time = the
  request is no longer processed.
* 第五十一条 remedies: every answer letter ends with :data:`REMEDY` — 行政复议 within sixty days
  (《中华人民共和国行政复议法》2023年修订 第二十条) or 行政诉讼 within six months
  (《中华人民共和国行政诉讼法》第四十六条) of receipt of the letter.

Values are inserted verbatim, so a template supplies the sentence punctuation after a
placeholder; the help texts in :data:`PLACEHOLDERS` ask for values without a final full stop.
"""

from __future__ import annotations

from typing import Final

# name → help text shown in the back office next to the template editor.
PLACEHOLDERS: Final[dict[str, str]] = {
    "申请人": "申请人姓名或者名称，如“张三”“某某有限公司”",
    "查询码": "申请的查询码，申请人凭此在网站查询办理进度",
    "收到日期": "本机关收到申请的日期（条例第三十一条），如“2026年11月3日”",
    "申请内容": "申请获取的政府信息的名称、文号或者特征性描述，照录申请表",
    "机关名称": "办理申请的行政机关全称，如“永昌县教育局”",
    "答复期限": "法定答复期限的最后一日，如“2026年12月1日”",
    "补正内容": "需要补正的事项，逐项写明；可以分行",
    "补正期限": "合理的补正期限，如“收到本告知书之日起15个工作日内”或者“2026年12月10日前”",
    "延长工作日": "延长的工作日数，最多20（条例第三十三条第二款），如“20”",
    "延期后答复期限": "延长后答复期限的最后一日，如“2026年12月29日”",
    "第三方": "被征求意见的第三方的姓名或者名称",
    "收费金额": "信息处理费金额，单位元，只写数字，如“3000”",
    "计费说明": "计费方式和计算过程，如“按件计收，本月第11件至第30件，每件100元”，句末不加句号",
    "缴费期限": "缴费期限，如“收到本通知次日起20个工作日内”",
    "缴费方式": "缴费的方式、账户或者地点，句末不加句号",
    "理由": "作出该决定（或者延期答复）的具体理由，句末不加句号",
    "法律依据": "法律依据，写到条、款、项，如“《中华人民共和国政府信息公开条例》第十六条第二款”",
    "公开方式": "提供政府信息的方式、途径和时间，如“随本告知书提供纸质件1份（共3页）”，句末不加句号",
    "复议机关": "行政复议机关，如“永昌县人民政府”",
    "管辖法院": "有管辖权的人民法院，如“永昌县人民法院”",
    "联系人": "本机关联系人姓名",
    "联系电话": "本机关联系电话",
}

# Art. 51; the periods are those of the 行政复议法 (Art. 20) and 行政诉讼法 (Art. 46).
REMEDY: Final = (
    "如对本答复不服，可以自收到本告知书之日起六十日内向{复议机关}申请行政复议，"
    "或者自收到本告知书之日起六个月内向{管辖法院}提起行政诉讼。"
)
CONTACT: Final = "（联系人：{联系人}；联系电话：{联系电话}）"
_RECEIVED: Final = (
    "本机关于{收到日期}收到你（单位）提交的政府信息公开申请，申请获取的政府信息为：“{申请内容}”。"
)


def _body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def _answer(*paragraphs: str) -> str:
    return _body(_RECEIVED, *paragraphs, REMEDY, CONTACT)


DEFAULT_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "receipt": (
        "政府信息公开申请回执",
        _body(
            "你（单位）向{机关名称}提交的政府信息公开申请，本机关已于{收到日期}收到。"
            "申请获取的政府信息为：“{申请内容}”。",
            "本申请的查询码为：{查询码}。请妥善保管本回执，凭查询码可以在本机关政府信息公开"
            "网站的依申请公开栏目查询办理进度，也可以通过下列联系方式咨询。",
            "根据《中华人民共和国政府信息公开条例》第三十三条规定，本机关不能当场答复的，"
            "将自收到申请之日起20个工作日内予以答复，即最迟于{答复期限}答复；需要延长答复期限的，"
            "经政府信息公开工作机构负责人同意，延长的期限最长不超过20个工作日，并另行告知。",
            "申请内容需要补正的，答复期限自本机关收到补正的申请之日起计算；征求第三方和其他机关"
            "意见所需时间，以及自发出收费通知至缴纳费用的时间，不计算在答复期限内。",
            "本回执仅证明本机关已收到你（单位）的申请，不是对申请的答复。",
            CONTACT,
        ),
    ),
    "correction": (
        "政府信息公开申请补正告知书",
        _body(
            _RECEIVED,
            "经审查，你（单位）的申请内容不明确，本机关无法据此确定所申请的政府信息。根据"
            "《中华人民共和国政府信息公开条例》第三十条规定，请你（单位）对下列事项作出补正：",
            "{补正内容}",
            "请于{补正期限}向本机关提交补正后的申请。为便于准确检索，建议写明所需政府信息的"
            "名称、文号、制作机关、形成时间或者其他便于查询的特征性描述。",
            "答复期限自本机关收到补正的申请之日起计算。你（单位）无正当理由逾期不补正的，"
            "视为放弃申请，本机关不再处理该政府信息公开申请。",
            CONTACT,
        ),
    ),
    "extension": (
        "政府信息公开申请延期答复告知书",
        _body(
            _RECEIVED,
            "因{理由}，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》"
            "第三十三条第二款规定，经本机关政府信息公开工作机构负责人同意，答复期限延长"
            "{延长工作日}个工作日，本机关将最迟于{延期后答复期限}作出答复。",
            "依照该条例第三十三条第三款规定，征求第三方和其他机关意见所需时间不计算在上述期限内。",
            "特此告知。",
            CONTACT,
        ),
    ),
    "consultation": (
        "政府信息公开申请第三方意见征询函",
        _body(
            "本机关于{收到日期}收到政府信息公开申请，申请获取的政府信息为：“{申请内容}”。"
            "经审查，该政府信息公开可能损害你（单位）的合法权益。",
            "根据《中华人民共和国政府信息公开条例》第三十二条规定，现书面征求你（单位）的意见。"
            "请自收到本函之日起15个工作日内，以书面形式向本机关提出是否同意公开的意见；"
            "不同意公开的，请说明理由。",
            "逾期未提出意见的，由本机关依照该条例的规定决定是否公开。你（单位）不同意公开且有"
            "合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定"
            "予以公开，并将决定公开的政府信息内容和理由书面告知你（单位）。",
            "依照该条例第三十三条第三款规定，征求意见所需时间不计算在该政府信息公开申请的"
            "答复期限内。",
            CONTACT,
        ),
    ),
    "fee": (
        "政府信息公开信息处理费收费通知书",
        _body(
            _RECEIVED,
            "你（单位）申请公开政府信息超出一定数量或者频次范围。根据《中华人民共和国政府信息"
            "公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
            "规定，本机关对该申请收取信息处理费人民币{收费金额}元。计费说明：{计费说明}。",
            "请于{缴费期限}缴纳。缴费方式：{缴费方式}。",
            "自本机关发出本通知至你（单位）缴纳费用的时间，不计算在答复期限内。本机关收到费用后"
            "继续办理你（单位）的申请。你（单位）逾期未缴纳的，视为放弃申请，本机关不再处理该"
            "政府信息公开申请。",
            CONTACT,
        ),
    ),
    # The answers: outcome groups （一）–（六） of Art. 36 and the annual report.
    "disclosed": (
        "政府信息予以公开告知书",
        _answer(
            "经审查，你（单位）申请获取的政府信息属于可以公开的政府信息。根据《中华人民共和国"
            "政府信息公开条例》第三十六条第（二）项规定，本机关予以公开。提供方式：{公开方式}。",
        ),
    ),
    "partial": (
        "政府信息部分公开告知书",
        _answer(
            "经审查，你（单位）申请获取的信息中含有不应当公开或者不属于政府信息的内容，但是能够"
            "作区分处理。根据《中华人民共和国政府信息公开条例》第三十七条规定，本机关向你（单位）"
            "提供可以公开的政府信息内容。提供方式：{公开方式}。",
            "对不予公开的内容，理由如下：{理由}。根据{法律依据}的规定，该部分内容不予公开。",
        ),
    ),
    "withheld": (
        "政府信息不予公开告知书",
        _answer(
            "经审查，{理由}。根据{法律依据}的规定，本机关决定不予公开。",
            "依照《中华人民共和国政府信息公开条例》第三十六条第（三）项规定，特此告知。",
        ),
    ),
    "unavailable": (
        "政府信息无法提供告知书",
        _answer(
            "经审查，{理由}。根据{法律依据}的规定，本机关无法向你（单位）提供该政府信息。",
        ),
    ),
    "not_processed": (
        "政府信息公开申请不予处理告知书",
        _answer(
            "经审查，{理由}。根据{法律依据}的规定，本机关对你（单位）的申请不予处理。",
        ),
    ),
    "other": (
        "政府信息公开申请处理告知书",
        _answer(
            "经审查，{理由}。根据{法律依据}的规定，本机关不再处理你（单位）的政府信息公开申请。",
        ),
    ),
}

# The kinds that answer a request (Art. 36), in the order of the report's groups （一）–（六）.
ANSWER_KINDS: Final[tuple[str, ...]] = (
    "disclosed",
    "partial",
    "withheld",
    "unavailable",
    "not_processed",
    "other",
)

# Whom each letter is addressed to (a template, like the body).
RECIPIENTS: Final[dict[str, str]] = {
    kind: "{第三方}" if kind == "consultation" else "{申请人}" for kind in DEFAULT_TEXTS
}


def kind_for_outcome(outcome: str) -> str:
    """The answer kind of an outcome value of ``taxonomy.Outcome`` ("withheld_4" → "withheld")."""
    for kind in ANSWER_KINDS:
        number = outcome.removeprefix(kind + "_")
        if outcome == kind or (number != outcome and number.isdigit()):
            return kind
    raise KeyError(outcome)
