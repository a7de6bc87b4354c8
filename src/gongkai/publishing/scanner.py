"""The gate before review and publication: secrecy markings block, personal data warns.

Implements the checks behind 《政府信息公开条例》第十四条 (国家秘密 is never disclosed) and
第十五条 (个人隐私 is disclosed only with consent or overriding public interest), and the rule
"上网信息不涉密，涉密信息不上网". Pure: no Django, so the CLI, the review workflow and the tests
call the same functions.

What is a *marking* rather than prose about secrecy (see tests/data/scanner/corpus.jsonl):

* 密级 with a star and a period (机密★1年, 秘密 ★, 绝密★启用前, ☆ * ＊ variants) anywhere,
  unless it is quoted as an example (如“机密★5年”).
* A line, a table cell or a bracketed group made only of marking words plus the words that
  stand next to them in a 版头 (特急, 份号, 第12期, periods, stars): "秘 密", "内部资料 注意保留",
  【内部资料】, （注意保密）. List items (1.国家秘密；) and quoted words are prose.
* A label: 密级：秘密, 保密期限：5年.
* The document speaking about itself: 此件属国家秘密, 本纪要属内部资料，请妥善保管，不得外传,
  以上名单请注意保密, （此件不公开）. "不涉及国家秘密" and "会议内容不得外传" are not.
* The first lines of a text (where headers and 版头 land after extraction): a marking word
  followed by a space (机密 永昌县人民政府文件).

Personal data: 18-digit resident ID numbers with a valid GB 11643-1999 check character and
15-digit legacy numbers with a valid date of birth; mainland mobile numbers; bank card numbers
(16-19 digits, Luhn); unified social credit codes (GB 32100-2015 check character); e-mail
addresses; residential addresses with house numbers; and a person's name next to an ID,
mobile or card number. Landlines are not findings: offices publish them. Numbers and e-mail
addresses the unit publishes itself are passed in ``allow``.

Positions are offsets into the text as given (for HTML: into ``html_to_text(html)``), lines
are counted by "\\n" and columns in characters, both from 1.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.dammit import EntitySubstitution
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction
from bs4.formatter import HTMLFormatter

BLOCK = "block"
WARN = "warn"

# kind -> (label_zh, severity). The order is also the priority when two findings overlap.
KINDS: dict[str, tuple[str, str]] = {
    "secret_marking": ("密级标志", BLOCK),
    "internal_marking": ("内部或限制传阅标志", BLOCK),
    "email": ("电子邮箱地址", WARN),
    "resident_id": ("居民身份证号码", WARN),
    "credit_code": ("统一社会信用代码", WARN),
    "bank_card": ("银行卡号", WARN),
    "mobile": ("手机号码", WARN),
    "address": ("详细住址", WARN),
    "name_with_id": ("与号码相邻的姓名", WARN),
}
_PRIORITY = {kind: n for n, kind in enumerate(KINDS)}

_ADVICE = {
    "secret_marking": "涉密信息不得上网公开，请撤下该内容，或经定密机关确认已解密并删除标志后再提交",
    "internal_marking": "标有内部或限制传阅标志的材料不得公开，请撤下该内容，或经确认可以公开并删除标志后再提交",
}


@dataclass(frozen=True)
class Finding:
    """One thing the gate found: what (kind), how bad (severity), the text and where it is."""

    kind: str
    severity: str  # BLOCK or WARN
    match: str  # the text as it stands at text[start:end]
    field: str  # "title", "body", "attachment:名称.pdf", …
    start: int
    end: int
    line: int  # 1-based
    column: int  # 1-based, in characters
    replacement: str | None  # suggested masked text (warnings only)

    @property
    def label_zh(self) -> str:
        return KINDS[self.kind][0]

    @property
    def where_zh(self) -> str:
        return f"{field_label_zh(self.field)}第{self.line}行第{self.column}列"

    @property
    def message_zh(self) -> str:
        shown = _WS_RUN.sub(" ", self.match)
        found = f"{self.where_zh}有{self.label_zh}“{shown}”"
        if self.severity == BLOCK:
            return f"{found}，{_ADVICE[self.kind]}。"
        return f"{found}，公开前请遮盖（建议改为“{self.replacement}”）或记录公开理由。"

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "label_zh": self.label_zh,
            "severity": self.severity,
            "match": self.match,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "replacement": self.replacement,
            "message_zh": self.message_zh,
        }


def field_label_zh(field: str) -> str:
    """The Chinese name of a field for messages: body -> 正文, attachment:a.pdf -> 附件《a.pdf》."""
    prefix, _, rest = field.partition(":")
    if rest and prefix == "attachment":
        return f"附件《{rest}》"
    if rest and prefix == "file":
        return f"文件《{rest}》"
    return _FIELD_LABELS.get(field, field)


_FIELD_LABELS = {"title": "标题", "body": "正文", "summary": "摘要", "text": "文本"}


def is_blocking(findings: Iterable[Finding]) -> bool:
    return any(f.severity == BLOCK for f in findings)


# --- text folding ------------------------------------------------------------------------------
# Full-width ASCII (０-９ Ａ-Ｚ ＊ ：…) and the odd spaces fold to ASCII one character for one, so
# that offsets into the folded text are offsets into the original.
_FOLD = {0xFF01 + i: 0x21 + i for i in range(94)}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0xFE61: 0x2A, 0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x2D})
_FOLD.update({c: 0x20 for c in range(0x2002, 0x200B)})


def _fold(text: str) -> str:
    return text.translate(_FOLD)


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WS_RUN = re.compile(r"\s+")
_SP = r"[ \t]"  # a space inside a line (after folding)
_QUOTE_OPEN = "“‘「『《\"'"
_QUOTE_CLOSE = "”’」』》\"'"


# --- secrecy markings --------------------------------------------------------------------------
_LEVEL = rf"(?:[绝机秘]{_SP}{{0,2}}密)"
_STAR = r"[★☆✩✪✫✬✭✮✯✰⭐*✱✲✳❋※]"
_CNUM = "一二三四五六七八九十两"
_PERIOD = (
    rf"(?:(?:[0-9]{{1,3}}|[{_CNUM}]{{1,3}}){_SP}*(?:年|个月)"
    rf"(?:{_SP}*[0-9]{{1,2}}{_SP}*个月)?|长期|启用前|公布前|开考前|考试结束前)"
)
_STAR_MARK = re.compile(
    rf"(?P<work>工作)?{_LEVEL}{_SP}*{_STAR}(?:{_SP}*{_PERIOD})?|{_STAR}{_SP}*{_LEVEL}"
)
_LEVEL_LABEL = re.compile(
    rf"(?<![绝机秘])密{_SP}*级(?:{_SP}*[(（][^()（）\n]{{1,20}}[)）])?{_SP}*[:=]?{_SP}*[(\[【〔]?{_SP}*"
    rf"(?P<level>{_LEVEL}|国家秘密|工作秘密|内部|涉密)"
    rf"(?:{_SP}*{_STAR}(?:{_SP}*{_PERIOD})?)?"
)
_PERIOD_LABEL = re.compile(rf"保密期限{_SP}*(?::|{_SP}){_SP}*{_PERIOD}")
_SELF = (
    "此件|本件|此文件|本文件|此文|此材料|本材料|本资料|本纪要|本通报|本简报|本刊|本表|此表"
    "|本名单|以上名单|以上内容|本通知|本报告|本方案|本意见|本函|本期"
)
_SELF_IS = re.compile(
    rf"(?:{_SELF})(?:内容)?{_SP}*(?:属于|属|系|为|涉及|含有|包含|列为){_SP}*"
    r"(?P<what>国家秘密|工作秘密|内部资料|内部文件|内部事项|绝密|机密|秘密|涉密|敏感信息)"
    r"(?!的)"  # 本文件涉及国家秘密的部分已删除: about a part, not a marking
)
_RESTRICT = (
    "注意保密|不得外传|请勿外传|严禁外传|禁止外传|切勿外传|不得翻印|不得复制|不得转发"
    "|阅后收回|用后收回|会后收回|阅后退回|仅供内部|仅限[^。\n]{1,20}?阅知|仅供[^。\n]{0,8}?参阅|供领导参阅"
)
# Greedy: the finding runs to the last restriction in the sentence.
_SELF_RESTRICT = re.compile(rf"(?:{_SELF})[^。！？!?；;\n]{{0,30}}(?:{_RESTRICT})")
_NOT_DISCLOSED = re.compile(r"此件不(?:予|宜)?公开")
# 请注意保密 as the document's own instruction: alone, or after a word for the document itself
# (not 密码请注意保密，以防被盗用).
_PLEASE_KEEP = re.compile(
    rf"(?:^|(?<=[\s，,。;；:：(（【])|(?<=材料|文件|名单|内容|纪要|资料|简报|通报|此件|本件))"
    rf"请(?:务必)?{_SP}*(?:注意保密|勿外传)(?=[，,。;；!！\s)）】]|$)",
    re.MULTILINE,
)
_IMPRINT = re.compile(
    rf"内部(?:资料|文件){_SP}*[,，、]?{_SP}*(?:注意保存|注意保留|注意保密|请勿外传|不得外传|妥善保管|免费交流)"
    rf"|注意保密{_SP}*[,，、]?{_SP}*(?:不得外传|请勿外传|严禁外传)"
)
_BRACKETED = re.compile(r"[【\[〔〖（(]([^【\[〔〖（()）\]】〕〗\n]{1,24})[】\]〕〗）)]")
_HEADER_WORD = (
    rf"(?:{_LEVEL}|工作秘密|内部资料|内部文件|内部参考|内部刊物|内部简报|内部明电|仅供内部使用)"
    rf"(?:{_SP}*{_STAR}(?:{_SP}*{_PERIOD})?)?"
)
_HEADER_START = re.compile(rf"^{_SP}*({_HEADER_WORD})(?={_SP})")
_HEADER_END = re.compile(rf"(?<={_SP})({_HEADER_WORD}){_SP}*$")
_HEADER_LINES = 5
_ENUMERATOR = re.compile(
    rf"^\s*(?:[0-9]{{1,3}}|[{_CNUM}]{{1,3}})\s*[.、)）]|^\s*[(（]\s*(?:[0-9]{{1,3}}|[{_CNUM}]{{1,3}})\s*[)）]"
)
_CELL_SPLIT = re.compile(r"\t+| {2,}|[|│]")

# Words a marking line may be made of. "always": a marking wherever it stands alone (line, cell,
# brackets); "line": only when it is a whole line (a table cell "国家秘密" is usually a reason
# for not disclosing, a line "国家秘密" on a cover is a marking).
_SECRET, _INTERNAL = "secret_marking", "internal_marking"
_ALWAYS = {
    "绝密": _SECRET,
    "机密": _SECRET,
    "秘密": _SECRET,
    "工作秘密": _INTERNAL,
    "内部资料": _INTERNAL,
    "内部文件": _INTERNAL,
    "内部使用": _INTERNAL,
    "仅供内部使用": _INTERNAL,
    "内部参考": _INTERNAL,
    "内部刊物": _INTERNAL,
    "内部简报": _INTERNAL,
    "内部明电": _INTERNAL,
    "注意保密": _INTERNAL,
    "不得外传": _INTERNAL,
    "请勿外传": _INTERNAL,
    "严禁外传": _INTERNAL,
    "禁止外传": _INTERNAL,
    "切勿外传": _INTERNAL,
    "此件不公开": _INTERNAL,
    "此件不予公开": _INTERNAL,
    "仅供参阅": _INTERNAL,
    "仅供领导参阅": _INTERNAL,
    "供领导参阅": _INTERNAL,
}
_LINE_ONLY = {
    "国家秘密": _SECRET,
    "涉密": _SECRET,
    "内部": _INTERNAL,
    "注意保存": _INTERNAL,
    "注意保留": _INTERNAL,
    "妥善保管": _INTERNAL,
    "阅后收回": _INTERNAL,
    "用后收回": _INTERNAL,
    "会后收回": _INTERNAL,
    "不得翻印": _INTERNAL,
    "不得复制": _INTERNAL,
}
_HELPERS = {
    "年", "个月", "月", "长期", "启用前", "公布前", "特急", "加急", "特提", "平急", "急件",
    "紧急", "紧急程度", "份号", "密级", "保密期限", "等级", "此件", "本件", "请", "第", "期",
    "号", "总第", "级", "免费交流", "仅供参考",
}  # fmt: skip
_STAR_CHARS = set("★☆✩✪✫✬✭✮✯✰⭐*✱✲✳❋※")
_MAX_TOKEN = max(len(t) for t in [*_ALWAYS, *_LINE_ONLY, *_HELPERS])
_DROP = re.compile(r"[\s:：,，、;；.·•\-—_/【】\[\]〔〕〖〗（）()]+")


def _marking_kind(chunk: str, *, line: bool, bracket: bool = False) -> str | None:
    """The kind if ``chunk`` is made only of marking words (at least one) and helpers, else None."""
    if any(q in chunk for q in _QUOTE_OPEN + _QUOTE_CLOSE):
        return None
    s = _DROP.sub("", chunk)
    if not s or len(s) > 30:
        return None
    words = {**_ALWAYS, **_LINE_ONLY} if line else _ALWAYS
    if bracket:
        words = {**_ALWAYS, "内部": _INTERNAL}
    # best[i]: None if s[:i] cannot be segmented, else the strongest kind seen so far ("" = none).
    best: list[str | None] = [None] * (len(s) + 1)
    best[0] = ""
    for i in range(len(s)):
        here = best[i]
        if here is None:
            continue
        if s[i].isdigit() or s[i] in _STAR_CHARS:
            j = i + 1
            while j < len(s) and (s[j].isdigit() or s[j] in _STAR_CHARS):
                j += 1
            best[j] = _stronger(best[j], here)
        for j in range(i + 1, min(len(s), i + _MAX_TOKEN) + 1):
            word = s[i:j]
            if word in words:
                best[j] = _stronger(best[j], _stronger(here, words[word]))
            elif word in _HELPERS:
                best[j] = _stronger(best[j], here)
    return best[len(s)] or None


def _stronger(a: str | None, b: str | None) -> str | None:
    rank = {None: -1, "": 0, _INTERNAL: 1, _SECRET: 2}
    return a if rank[a] >= rank[b] else b


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    return bool(before and after and before[-1] in _QUOTE_OPEN and after[0] in _QUOTE_CLOSE)


@dataclass
class _Hit:
    kind: str
    start: int
    end: int
    keep: int = 0  # address: characters kept before the masked house-number part


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _kind_of(word: str) -> str:
    return _INTERNAL if ("内部" in word or "工作" in word) else _SECRET


def _find_markings(f: str) -> list[_Hit]:
    return _inline_markings(f) + _line_markings(f)


def _inline_markings(f: str) -> list[_Hit]:
    """Markings recognised by their own form, wherever they stand (unless quoted)."""
    hits: list[_Hit] = []
    for m in _STAR_MARK.finditer(f):
        hits.append(_Hit(_INTERNAL if m.group("work") else _SECRET, m.start(), m.end()))
    for m in _LEVEL_LABEL.finditer(f):
        hits.append(_Hit(_kind_of(m.group("level")), m.start(), m.end()))
    for m in _SELF_IS.finditer(f):
        hits.append(_Hit(_kind_of(m.group("what")), m.start(), m.end()))
    hits.extend(_Hit(_SECRET, m.start(), m.end()) for m in _PERIOD_LABEL.finditer(f))
    for pattern in (_SELF_RESTRICT, _NOT_DISCLOSED, _PLEASE_KEEP, _IMPRINT):
        hits.extend(_Hit(_INTERNAL, m.start(), m.end()) for m in pattern.finditer(f))
    for m in _BRACKETED.finditer(f):
        kind = _marking_kind(m.group(1), line=False, bracket=True)
        if kind:
            hits.append(_Hit(kind, m.start(), m.end()))
    return [h for h in hits if not _quoted(f, h.start, h.end)]


def _line_markings(f: str) -> list[_Hit]:
    """Markings recognised by standing alone: a whole line, a table cell, or a word at the start
    or end of one of the first lines (where page headers and the 版头 end up)."""
    hits: list[_Hit] = []
    non_empty = 0
    line_end = -1
    for raw in f.split("\n"):
        line_start, line_end = line_end + 1, line_end + 1 + len(raw)
        if not raw.strip():
            continue
        non_empty += 1
        s, e = _strip_span(f, line_start, line_end)
        line = f[s:e]
        if _ENUMERATOR.match(line) or line[-1] in "；;，,、：:。":
            continue  # a list item or a sentence, not a marking
        kind = _marking_kind(line, line=True)
        if kind:
            hits.append(_Hit(kind, s, e))
            continue
        separators = list(_CELL_SPLIT.finditer(line))
        if separators:  # a table row (tabs, wide gaps or bars): each cell on its own
            bounds = [0, *(x for sep in separators for x in sep.span()), len(line)]
            for a, b in zip(bounds[::2], bounds[1::2], strict=True):
                cs, ce = _strip_span(line, a, b)
                kind = _marking_kind(line[cs:ce], line=False)
                if kind:
                    hits.append(_Hit(kind, s + cs, s + ce))
        if non_empty <= _HEADER_LINES:
            for hm in (_HEADER_START.search(line), _HEADER_END.search(line)):
                if hm:
                    hits.append(_Hit(_kind_of(hm.group(1)), s + hm.start(1), s + hm.end(1)))
    return hits


# --- personal data -----------------------------------------------------------------------------
_PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
}  # fmt: skip
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def resident_id_is_valid(number: str) -> bool:
    """An 18-character ID (GB 11643-1999 check character) or a 15-digit one, with a real birth date."""
    n = number.upper()
    if len(n) == 18 and n[:17].isdigit():
        if resident_id_check_char(n[:17]) != n[17]:
            return False
        birth = n[6:14]
    elif len(n) == 15 and n.isdigit():
        birth = "19" + n[6:12]
    else:
        return False
    if n[:2] not in _PROVINCES:
        return False
    try:
        born = dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:8]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2100


def resident_id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits (used by tests and fixtures)."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# 登记管理部门代码 (GB 32100-2015 table 1) and the 机构类别 digit that follows.
_USCC_AUTHORITIES = set("123456789ANY")


def credit_code_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a credit code."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def credit_code_is_valid(code: str) -> bool:
    """A unified social credit code: authority and type codes, area code, check character."""
    c = code.upper()
    if len(c) != 18 or any(ch not in _USCC_CHARS for ch in c):
        return False
    if c[0] not in _USCC_AUTHORITIES or c[1] not in "123456789" or not c[2:8].isdigit():
        return False
    if c[2] not in "12345678":
        return False
    return credit_code_check_char(c[:17]) == c[17]


def luhn_is_valid(digits: str) -> bool:
    """The Luhn (mod 10) check that bank card numbers pass."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_ID18 = re.compile(r"(?<![0-9A-Za-z])([0-9]{6})([ -]?)([0-9]{8})\2([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
# 残疾人证号: the holder's ID number followed by 残疾类别 (1-7) and 残疾等级 (1-4).
_ID20 = re.compile(r"(?<![0-9A-Za-z])([0-9]{17}[0-9Xx])[1-7][1-4](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])[0-9]{15}(?![0-9A-Za-z])")
_USCC = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])")
_INDEX_NO_TAIL = re.compile(r"\s*/\s*[0-9]{4}")  # 索引号 = unit code / year - sequence
_CARD = re.compile(
    r"(?<![0-9A-Za-z.])(?:[3-69][0-9]{15,18}|[3-69][0-9]{3}([ -])[0-9]{4}(?:\1[0-9]{4}){2}(?:\1[0-9]{1,3})?)"
    r"(?![0-9A-Za-z]|\.[0-9])"
)
_BANK_CONTEXT = re.compile(r"卡|账号|帐号|账户|帐户|户名|银行|存折|开户")
# A long number labelled as a serial (采购计划编号, 订单号) is not a card, whatever Luhn says.
_SERIAL_CONTEXT = re.compile(r"编号|编码|代码|单号|流水号|批号|序列号|合同号|登记号|受理号|证号")
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+_])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}"
    r"(?![0-9A-Za-z]|\.[0-9]|[元万亿人户个吨次件亩米余多千百%])"
)
_UNIT_HEADING = re.compile(r"[(（](?:万?元|亿元|人|户|吨|个|件|次|%|千瓦时|立方米)[)）]")
_PHONE_WORDS = re.compile(r"电话|手机|联系|热线|tel|phone", re.IGNORECASE)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+", re.IGNORECASE
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-@*])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"(?![A-Za-z0-9@-])"
)

# Addresses: a road, village or housing estate followed by its house number part.
# House, building and room numbers are short; a long digit run next to them is something else.
_D = "[0-9]{1,5}"
_NUM = rf"(?:{_D}|[{_CNUM}百零〇]{{1,4}})"
_SUB = rf"(?:{_SP}?-?(?:{_NUM}(?:号楼|栋|幢|座|号院|单元|楼|室|户|号)|{_D}(?:-{_D})+))"
_ROAD_END = re.compile(rf"(?:路|大街|街|大道|巷|胡同|弄)(?=(?:[东西南北中]段)?{_D}(?:-{_D})?号)")
_ROAD_NO = re.compile(rf"(?:[东西南北中]段)?{_D}(?:-{_D})?号院?(?P<sub>{_SUB}*)")
_VILLAGE_END = re.compile(rf"村(?=(?:{_NUM}(?:组|社|队))?{_D}号)")
_VILLAGE_NO = re.compile(rf"(?:{_NUM}(?:组|社|队))?{_D}号(?:{_SUB})*")
_ESTATE_END = re.compile(
    rf"(?:小区|花园|家园|公寓|大厦|新村|苑|广场|社区|院)(?={_NUM}(?:号楼|栋|幢|座))"
)
_ESTATE_NO = re.compile(rf"{_NUM}(?:号楼|栋|幢|座)(?:{_SUB})+")
_RESIDENCE = re.compile(
    r"(?:住址|住所地|住所|家住|现住|居住地|居住于|居住在|住于|住在|户籍地|户籍所在地|家庭住址|家庭地址|"
    r"现居住地|现居住于|(?:^|(?<=[,，:：\s]))住)[:：]?\s*$"
)
_CUT_WORDS = re.compile(
    r".*(?:住址|住所地|住所|地址|家住|现住|居住于|居住在|居住地|住于|住在|户籍所在地|户籍地|坐落于|坐落|"
    r"位于|住|于|在|至|系|是|室|号|户|栋|幢)"  # …and the end of a previous address
)


def _back_run(f: str, end: int, limit: int = 16) -> int:
    """Start of the place name that ends at ``end``: CJK characters back to a label or verb."""
    start = end
    while start > 0 and end - start < limit and re.match(f"[{_CJK}]", f[start - 1]):
        start -= 1
    m = _CUT_WORDS.match(f, start, end)
    return m.end() if m and m.end() < end else start


def _address_hits(f: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for end_re, no_re, always in (
        (_ROAD_END, _ROAD_NO, False),
        (_VILLAGE_END, _VILLAGE_NO, True),
        (_ESTATE_END, _ESTATE_NO, True),
    ):
        for m in end_re.finditer(f):
            no = no_re.match(f, m.end())
            if not no:
                continue
            start = _back_run(f, m.start())
            if start == m.start():
                continue  # a bare suffix (1路) is not a place name
            number = no.group(0).rstrip(" -")
            line_start = f.rfind("\n", 0, start) + 1
            before = f[max(line_start, start - 24) : start]
            flat = always or bool(no.groupdict().get("sub"))  # a unit or room: someone's home
            if not flat and not _RESIDENCE.search(before):
                continue  # an office or shop at a road number: published on purpose
            hits.append(_Hit("address", start, m.end() + len(number), keep=m.end() - start))
    return hits


def _mask_alnum(s: str, keep_first: int, keep_last: int) -> str:
    positions = [i for i, ch in enumerate(s) if ch.isalnum()]
    hide = set(positions[keep_first : len(positions) - keep_last])
    return "".join("*" if i in hide else ch for i, ch in enumerate(s))


def _mask(kind: str, s: str, keep: int = 0) -> str:
    """The masked form of a warning, as commonly published (居民身份证号 620321********1234)."""
    if kind == "resident_id":
        return _mask_alnum(s, 6, 3 if sum(ch.isalnum() for ch in s) == 15 else 4)
    if kind == "mobile":
        digits = sum(ch.isdigit() for ch in s)
        return _mask_alnum(s, digits - 11 + 3, 4)  # a +86 prefix stays readable
    if kind == "bank_card":
        return _mask_alnum(s, 4, 4)
    if kind == "credit_code":
        return _mask_alnum(s, 8, 2)
    if kind == "email":
        local, _, domain = s.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "address":
        return s[:keep] + re.sub(rf"[\d{_CNUM}百零〇]", "*", s[keep:])
    if kind == "name_with_id":
        surname = 2 if s[:2] in _SURNAMES_2 else 1
        return s[:surname] + re.sub(r"\S", "*", s[surname:])
    raise ValueError(f"no masking for {kind}")


def _number_hits(f: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for m in _ID18.finditer(f):
        number = m.group(1) + m.group(3) + m.group(4)
        if resident_id_is_valid(number):
            hits.append(_Hit("resident_id", m.start(), m.end()))
    for m in _ID20.finditer(f):
        if resident_id_is_valid(m.group(1)):
            hits.append(_Hit("resident_id", m.start(), m.end()))
    for m in _ID15.finditer(f):
        if resident_id_is_valid(m.group(0)):
            hits.append(_Hit("resident_id", m.start(), m.end()))
    for m in _USCC.finditer(f):
        code = m.group(0)
        if not credit_code_is_valid(code) or resident_id_is_valid(code):
            continue
        if _INDEX_NO_TAIL.match(f, m.end()):
            continue
        if (
            code.isdigit()
            and luhn_is_valid(code)
            and _BANK_CONTEXT.search(f, max(0, m.start() - 12), m.start())
        ):
            continue
        hits.append(_Hit("credit_code", m.start(), m.end()))
    for m in _CARD.finditer(f):
        digits = re.sub("[ -]", "", m.group(0))
        if not (16 <= len(digits) <= 19 and luhn_is_valid(digits)) or resident_id_is_valid(digits):
            continue
        label = f[max(0, m.start() - 10) : m.start()]
        if _SERIAL_CONTEXT.search(label) and not _BANK_CONTEXT.search(label):
            continue
        hits.append(_Hit("bank_card", m.start(), m.end()))
    for m in _MOBILE.finditer(f):
        heading = f[f.rfind("\n", 0, m.start()) + 1 : m.start()]
        if _UNIT_HEADING.search(heading) and not _PHONE_WORDS.search(heading):
            continue  # 存款余额（元）  13245678901: a figure in a statistics table
        hits.append(_Hit("mobile", m.start(), m.end()))
    hits.extend(_Hit("email", m.start(), m.end()) for m in _EMAIL.finditer(f))
    urls = [m.span() for m in _URL.finditer(f)]
    return [h for h in hits if not any(s <= h.start < e for s, e in urls)]


# --- names next to numbers ---------------------------------------------------------------------
_SURNAMES_2 = "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 轩辕 端木 独孤 南宫 西门 呼延".split()
_SURNAMES_1 = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳"
    "甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
    "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬"
    "师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢"
    "劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初"
    "门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公"
    "哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由拜虎达妥"
)
_GIVEN_STOP = set(
    "某县市区镇乡村局办委厅处科所站公司部的了在是和与及等号年月日元省队组社校院馆室人户位于之其这那"
    "个们为以将对从向把被让给到也都就而且或但"
)
_TITLES = (
    "长", "主任", "老师", "先生", "女士", "同志", "书记", "经理", "总", "工", "师", "医生", "大夫",
    "师傅", "警官", "主席", "干部", "家", "姐", "哥", "叔", "姨", "阿姨", "大爷", "奶奶", "爷",
)  # fmt: skip
# Two-character names are often padded to the width of three in lists: 张　伟.
_NAME = (
    rf"(?:(?:{'|'.join(_SURNAMES_2)}|[{_SURNAMES_1}])[{_CJK}]{{1,2}}"
    rf"|[{_SURNAMES_1}]{_SP}{{1,2}}[{_CJK}](?![{_CJK}]))"
)
_NAME_FOLLOW = rf"(?=[^{_CJK}]|[男女身性电手联住家现户籍出生系于]|$)"
_LABELS = (
    "申请人|当事人|被申请人|被处罚人|被执行人|被送达人|法定代表人|负责人|经营者|委托代理人|代理人|"
    "举报人|投诉人|来信人|信访人|联系人|经办人|收件人|监护人|户主|户名|姓名|车主|业主|权利人|"
    "村民|居民|考生|学生|患者|兹有|兹委托|兹证明|收款人|驾驶人|驾驶员"
)
_LABELLED_NAME = re.compile(
    rf"(?:(?:{_LABELS}){_SP}*[:：]?|[{_CJK}]{{1,4}}人{_SP}*[:：]){_SP}*(?P<name>{_NAME}){_NAME_FOLLOW}"
)
_CELL_NAME = re.compile(
    rf"(?:^|(?<=[\t|│ ]))(?:[0-9]{{1,4}}[\t .、]+)?(?P<name>{_NAME})(?=[\t|│ ,，、:：(（]|$)"
)
# Words that begin with a surname character but are table headings, places or plain words.
_NOT_NAMES = set(
    """平均 金额 全部 全县 全市 全省 全年 全体 高度 方式 方法 方面 时间 安全 明细 国家 国有 项目
    常住 单位 成本 成绩 余额 原因 海拔 程度 文件 文号 车辆 车号 房屋 房号 石油 华侨 和平 公安 公司
    公共 公开 公民 宁夏 甘肃 金昌 武威 张掖 酒泉 兰州 天水 白银 平凉 庆阳 定西 陇南 临夏 甘南 合作
    区域 司法 司机 林地 林业 农业 农村 农民 农户 居民 居住 路线 路口 车站 门诊 门市 商户 商铺 商店
    信息 信用 由于 应急 党员 党委 费用 原件 原价 原值 华北 东方 南方 西方 北方 江苏 江西 安徽 山东
    广东 广西 湖南 湖北 河南 河北 云南 贵州 四川 宁波 上海 北京 天津 重庆 明天 今年 向日 包括 包含
    卫生 卫健 简介 简历 简称 程序 管理 管道 解决 解释 计划 计算 计生 许可 谢谢 贺电 贾家 钱款 钟点
    祝福 成员 成果 成立 成效 房产 房租 邮政 邮编 营业 营运 周末 周期 周年 戴帽 夏季 秋季 春季 冬季""".split()
)
_SALUTATION = re.compile(rf"^{_SP}*(?P<name>{_NAME}){_SP}*[:：]{_SP}*$")
_ANCHORED = re.compile(
    rf"(?P<name>{_NAME})(?:同志|先生|女士)?(?:联系)?[（(，,]{_SP}*(?:身份证|公民身份|身份号码|证件号码|联系电话|电话|手机)"
)
# An unlabelled name right before "（身份证号…" follows a line start, punctuation or a preposition.
_ANCHOR_BEFORE = set("向对给由和与及有托知达是为将把被令经")
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def _plausible_name(name: str) -> bool:
    name = re.sub(r"\s", "", name)
    if name in _NOT_NAMES or name[:2] in _NOT_NAMES:
        return False
    given = name[2:] if name[:2] in _SURNAMES_2 else name[1:]
    if not given or any(ch in _GIVEN_STOP for ch in given):
        return False
    return not any(given.endswith(t) for t in _TITLES)


def _name_before(f: str, number: _Hit) -> tuple[int, int] | None:
    """The person a number belongs to: the nearest plausible name just before it."""
    line_start = f.rfind("\n", 0, number.start) + 1
    # A record may run over a few lines (当事人：… / 身份证号码：…); a table row is one line.
    window_start = line_start
    for _ in range(2):
        if window_start == 0:
            break
        window_start = f.rfind("\n", 0, window_start - 1) + 1
    window_start = max(window_start, number.start - 80)
    window = f[window_start : number.start]
    ends = list(_SENTENCE_END.finditer(window))
    offset = window_start + (ends[-1].end() if ends else 0)
    candidates: list[tuple[int, int]] = []
    for m in _LABELLED_NAME.finditer(f, offset, number.start):
        candidates.append(m.span("name"))
    for m in _ANCHORED.finditer(f, max(offset, line_start), number.start):
        # Prefer the longest plausible name that ends at the anchor (王志刚 rather than 志刚).
        end = m.end("name")
        for length in (4, 3, 2):
            s = end - length
            if s < m.start("name") or not re.fullmatch(_NAME, f[s:end]):
                continue
            before = f[s - 1] if s > 0 else "\n"
            if re.match(f"[{_CJK}]", before) and before not in _ANCHOR_BEFORE:
                continue
            if _plausible_name(f[s:end]):
                candidates.append((s, end))
                break
    for m in _CELL_NAME.finditer(f[max(offset, line_start) : number.start]):
        s = max(offset, line_start) + m.start("name")
        candidates.append((s, s + len(m.group("name"))))
    pos = window_start
    for line in f[window_start:line_start].split("\n"):
        sm = _SALUTATION.match(line)
        if sm:
            candidates.append((pos + sm.start("name"), pos + sm.end("name")))
        pos += len(line) + 1
    good = [c for c in candidates if _plausible_name(f[c[0] : c[1]])]
    return max(good, key=lambda c: c[1]) if good else None


# --- scanning ----------------------------------------------------------------------------------
def _allow_keys(allow: Iterable[str]) -> tuple[set[str], set[str]]:
    digits, texts = set(), set()
    for entry in allow:
        texts.add(_text_key(entry))
        d = _digits_key(entry)
        if len(d) >= 7:
            digits.add(d)
    return digits, texts


def _digits_key(s: str) -> str:
    d = re.sub(r"[^0-9Xx]", "", s).upper()
    for prefix in ("0086", "86"):
        if d.startswith(prefix) and len(d) - len(prefix) == 11 and d[len(prefix)] == "1":
            return d[len(prefix) :]
    return d


def _text_key(s: str) -> str:
    return _WS_RUN.sub("", _fold(s)).casefold()


def _resolve(hits: list[_Hit]) -> list[_Hit]:
    """Keep the higher-priority (then longer, then earlier) hit where two overlap."""
    ordered = sorted(hits, key=lambda h: (_PRIORITY[h.kind], -(h.end - h.start), h.start))
    kept: list[_Hit] = []
    for h in ordered:
        if all(h.end <= k.start or h.start >= k.end for k in kept):
            kept.append(h)
    return kept


def scan_text(text: str, *, field: str = "text", allow: Iterable[str] = ()) -> list[Finding]:
    """All findings in ``text``, sorted by position. ``allow``: numbers and e-mail addresses the
    unit publishes itself (its office mobile, its mailbox), in any common spelling."""
    f = _fold(text)
    allow_digits, allow_texts = _allow_keys(allow)

    def allowed(h: _Hit) -> bool:
        m = f[h.start : h.end]
        if _text_key(m) in allow_texts:
            return True
        return h.kind in ("mobile", "resident_id", "bank_card") and _digits_key(m) in allow_digits

    numbers = [h for h in _resolve(_number_hits(f) + _address_hits(f)) if not allowed(h)]
    people: dict[tuple[int, int], _Hit] = {}
    for h in numbers:
        if h.kind in ("resident_id", "mobile", "bank_card"):
            span = _name_before(f, h)
            if span and span not in people:
                people[span] = _Hit("name_with_id", span[0], span[1])
    # Markings and personal data are resolved apart: a marked line may also hold an ID number.
    hits = _resolve(_find_markings(f)) + _resolve(numbers + list(people.values()))
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    findings = []
    for h in hits:
        line = bisect.bisect_right(line_starts, h.start)
        label, severity = KINDS[h.kind]
        findings.append(
            Finding(
                kind=h.kind,
                severity=severity,
                match=text[h.start : h.end],
                field=field,
                start=h.start,
                end=h.end,
                line=line,
                column=h.start - line_starts[line - 1] + 1,
                replacement=_mask(h.kind, text[h.start : h.end], h.keep)
                if severity == WARN
                else None,
            )
        )
    return sorted(findings, key=lambda x: (x.start, x.end, x.kind))


def _mask_for(finding: Finding, kinds: Collection[str] | None) -> str | None:
    """The replacement to apply, or None for markings and kinds not asked for."""
    if finding.severity != WARN or (kinds is not None and finding.kind not in kinds):
        return None
    return finding.replacement


def redact(
    text: str, findings: Iterable[Finding] | None = None, *, kinds: Collection[str] | None = None
) -> str:
    """``text`` with every warning (of ``kinds``, default all) replaced by its masked form.

    Blocking findings are left alone: a secret-marked text is withdrawn, not masked.
    """
    todo = scan_text(text) if findings is None else list(findings)
    out = text
    for x in sorted(todo, key=lambda x: x.start, reverse=True):
        mask = _mask_for(x, kinds)
        if mask is None:
            continue
        if text[x.start : x.end] != x.match:
            raise ValueError(f"finding at {x.start} does not belong to this text: {x.match!r}")
        out = out[: x.start] + mask + out[x.end :]
    return out


# --- HTML --------------------------------------------------------------------------------------
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot",
    "title", "tr", "ul",
}  # fmt: skip
_CELL_TAGS = {"td", "th"}
_SKIP_TAGS = {"script", "style", "template", "noscript"}
_NOT_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)


def _html_segments(html: str) -> tuple[BeautifulSoup, str, list[tuple[int, NavigableString]]]:
    """Parse ``html``; return the soup, its text with one line per block, and where each text
    node starts in that text. Newlines inside a text node become spaces (one for one)."""
    soup = BeautifulSoup(html, "html.parser")
    parts: list[str] = []
    length = 0
    segments: list[tuple[int, NavigableString]] = []

    def emit(s: str) -> None:
        nonlocal length
        parts.append(s)
        length += len(s)

    def at_line_start() -> bool:
        return not parts or parts[-1].endswith("\n")

    stack: list[tuple[object, bool]] = [(soup, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, Tag):
            name = node.name.lower() if node.name else ""
            if leaving:
                if name in _BLOCK_TAGS and not at_line_start():
                    emit("\n")
                continue
            if name in _SKIP_TAGS:
                continue
            if name == "br":
                emit("\n")
                continue
            if name in _BLOCK_TAGS and not at_line_start():
                emit("\n")
            if name in _CELL_TAGS and not at_line_start():
                emit("\t")
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, _NOT_TEXT):
            s = str(node).replace("\r", " ").replace("\n", " ")
            if s:
                segments.append((length, node))
                emit(s)
    return soup, "".join(parts).rstrip("\n"), segments


class _AsWritten(HTMLFormatter):
    """bs4's minimal formatter, but attributes keep the author's order instead of sorting."""

    def __init__(self) -> None:
        super().__init__(entity_substitution=EntitySubstitution.substitute_xml)

    def attributes(self, tag: Tag) -> Iterable[tuple[str, Any]]:
        return list(tag.attrs.items())


def html_to_text(html: str) -> str:
    """The text the scanner sees in ``html``: one line per block element, cells separated by tabs."""
    return _html_segments(html)[1]


def scan_html(html: str, *, field: str = "body", allow: Iterable[str] = ()) -> list[Finding]:
    """Findings in the text of ``html``; offsets, lines and columns refer to html_to_text(html)."""
    return scan_text(html_to_text(html), field=field, allow=allow)


def redact_html(
    html: str,
    findings: Iterable[Finding] | None = None,
    *,
    allow: Iterable[str] = (),
    kinds: Collection[str] | None = None,
) -> str:
    """``html`` with warnings masked inside its text nodes; tags and attributes are untouched.

    ``findings`` must come from scan_html on the same html (default: scan it now). A finding
    that spans several nodes (<b>139</b>1234…) is masked piece by piece.
    """
    soup, text, segments = _html_segments(html)
    todo = scan_text(text, allow=allow) if findings is None else list(findings)
    starts = [s for s, _ in segments]
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for x in todo:
        mask = _mask_for(x, kinds)
        if mask is None:
            continue
        if text[x.start : x.end] != x.match:
            raise ValueError(f"finding at {x.start} does not belong to this html: {x.match!r}")
        same_length = len(mask) == x.end - x.start
        first = True
        i = max(bisect.bisect_right(starts, x.start) - 1, 0)
        while i < len(segments) and segments[i][0] < x.end:
            seg_start, node = segments[i]
            lo, hi = max(x.start, seg_start), min(x.end, seg_start + len(node))
            if lo < hi:
                if same_length:
                    new = mask[lo - x.start : hi - x.start]
                else:
                    new = mask if first else ""
                edits.setdefault(i, []).append((lo - seg_start, hi - seg_start, new))
                first = False
            i += 1
    for i, node_edits in edits.items():
        node = segments[i][1]
        s = str(node)
        for lo, hi, new in sorted(node_edits, reverse=True):
            s = s[:lo] + new + s[hi:]
        node.replace_with(NavigableString(s))
    return soup.decode(formatter=_AsWritten())
