"""Parse and normalise 发文字号 such as 金政办发〔2014〕68号 (〔〕 per GB/T 9704-2012 §7.2.4).

《党政机关公文格式》GB/T 9704-2012 §7.2.4 writes the year of a 发文字号 in hexagonal brackets
〔〕, so that is the only form we store and display. Input from people, old sites and PDFs uses
many other brackets, full-width digits and stray spaces; this module accepts those and rejects
everything else with a message that says what is wrong, in Chinese for users and English for the
CLI.

Decisions (see tests/catalog/test_docno.py):

* Input is NFKC-normalised first. That folds full-width digits/letters/brackets and the
  ideographic space to ASCII, and turns Kangxi radicals and compatibility ideographs that PDF
  text extraction produces (⼈ for 人) into ordinary ideographs, so equal numbers compare equal.
* Accepted bracket pairs: 〔〕 ﹝﹞ 〖〗 【】 [] ［］ () （）. Open and close must be a matching pair;
  "(2014]" is an error. 《》〈〉「」{} are not year brackets and are rejected.
* Whitespace (any Unicode space, including U+3000 and NBSP) and invisible format characters
  (zero-width space, BOM) are ignored anywhere by parse_doc_no.
* Year: exactly four digits, 1949..2100. Sequence: 1..99999, leading zeros dropped, may be
  preceded by 第 (dropped). 号 is optional on input and always present on output.
* Prefix (机关代字): ideographs and Latin letters only, at least one ideograph; no digits or
  punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

EXAMPLE = "金政办发〔2014〕68号"
YEAR_MIN, YEAR_MAX = 1949, 2100
SEQ_MAX = 99999

# Bracket pairs as they look *after* NFKC: ［］ and （） fold to [] and (), ﹝﹞ folds to 〔〕.
_PAIRS = {"〔": "〕", "〖": "〗", "【": "】", "[": "]", "(": ")"}
_OPENERS = "".join(_PAIRS)
_CLOSERS = "".join(_PAIRS.values())

# CJK Unified Ideographs (basic, Extension A, compatibility block, planes 2 and 3).
_IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_PREFIX_RE = re.compile(f"[{_IDEO}A-Za-z]+")
_HAS_IDEO_RE = re.compile(f"[{_IDEO}]")
_TAIL_RE = re.compile(r"(第)?([0-9]*)(号)?(.*)", re.DOTALL)

# Prose search. Spaces may sit between the parts but not inside the prefix: there a space is
# the only hint where the preceding word ends. 号 is required here (unlike parse_doc_no) because
# without it "增长(2014)12" in running text would be taken for a number.
_S = r"[^\S\n]*"
_FIND_RE = re.compile(
    f"(?P<prefix>[{_IDEO}A-Za-z]+){_S}(?P<open>[{re.escape(_OPENERS)}]){_S}"
    f"(?P<year>[0-9]{{4}}){_S}(?P<close>[{re.escape(_CLOSERS)}]){_S}"
    f"(?:第{_S})?(?P<seq>[0-9]+){_S}号"
)


class DocNoError(ValueError):
    """A text is not a 发文字号; .message_zh is shown to users, .message_en is for the CLI."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class DocNo:
    prefix: str  # 机关代字, e.g. "金政办发"
    year: int  # four digits
    seq: int  # 发文顺序号, e.g. 68 (leading zeros dropped)

    @property
    def normalized(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.seq}号"

    def __str__(self) -> str:
        return self.normalized

    def as_dict(self) -> dict:
        return {
            "prefix": self.prefix,
            "year": self.year,
            "seq": self.seq,
            "normalized": self.normalized,
        }


def _fold(text: str) -> str:
    """NFKC, then drop whitespace and invisible format characters (Cf: ZWSP, BOM, ...)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def _check_prefix(prefix: str) -> None:
    if not prefix:
        raise DocNoError(
            f"发文字号缺少机关代字（括号前的部分），例如 {EXAMPLE}",
            f"the issuing-organ prefix before the bracket is missing, e.g. {EXAMPLE}",
        )
    if not _PREFIX_RE.fullmatch(prefix):
        raise DocNoError(
            f"机关代字“{prefix}”只能由汉字和字母组成，不能含有数字或标点，例如 {EXAMPLE}",
            f"the prefix {prefix!r} may only contain Chinese characters and letters, "
            f"e.g. {EXAMPLE}",
        )
    if not _HAS_IDEO_RE.search(prefix):
        raise DocNoError(
            f"机关代字“{prefix}”应包含汉字，例如 {EXAMPLE}",
            f"the prefix {prefix!r} must contain Chinese characters, e.g. {EXAMPLE}",
        )


def parse_doc_no(text: str) -> DocNo:
    """Parse one 发文字号 (the whole text); raise DocNoError saying what is wrong."""
    s = _fold(text)
    if not s:
        raise DocNoError("发文字号为空", "the document number is empty")

    # Checked part by part, left to right, so that the error names the first thing wrong.
    open_at = next((i for i, c in enumerate(s) if c in _PAIRS), None)
    if open_at is None:
        raise DocNoError(
            f"发文字号的年份应写在括号〔〕中，例如 {EXAMPLE}",
            f"the year must be written in brackets 〔〕, e.g. {EXAMPLE}",
        )
    prefix, opener, rest = s[:open_at], s[open_at], s[open_at + 1 :]
    _check_prefix(prefix)

    close_at = next((i for i, c in enumerate(rest) if c in _CLOSERS), None)
    if close_at is None:
        raise DocNoError(
            f"发文字号年份的括号没有闭合，例如 {EXAMPLE}",
            f"the bracket around the year is not closed, e.g. {EXAMPLE}",
        )
    closer = rest[close_at]
    if closer != _PAIRS[opener]:
        raise DocNoError(
            f"发文字号年份的括号不配对（“{opener}”与“{closer}”），应写作 {EXAMPLE}",
            f"mismatched brackets {opener!r} and {closer!r} around the year, e.g. {EXAMPLE}",
        )

    year_text, tail = rest[:close_at], rest[close_at + 1 :]
    if not re.fullmatch(r"[0-9]{4}", year_text):
        raise DocNoError(
            f"发文字号的年份应为四位数字，例如 {EXAMPLE}",
            f"the year must be four digits, e.g. {EXAMPLE}",
        )
    year = int(year_text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DocNoError(
            f"发文字号的年份 {year} 不在 {YEAR_MIN} 至 {YEAR_MAX} 之间",
            f"the year {year} is not between {YEAR_MIN} and {YEAR_MAX}",
        )

    # _TAIL_RE always matches: every part is optional, the last group takes any leftovers.
    _, digits, _, extra = _TAIL_RE.fullmatch(tail).groups()  # type: ignore[union-attr]
    if not digits:
        raise DocNoError(
            f"发文字号缺少序号（括号后的数字），例如 {EXAMPLE}",
            f"the sequence number after the bracket is missing, e.g. {EXAMPLE}",
        )
    if extra:
        raise DocNoError(
            f"发文字号的“号”后面有多余的内容“{extra}”，例如 {EXAMPLE}",
            f"unexpected text {extra!r} after the sequence number, e.g. {EXAMPLE}",
        )
    # Compare lengths before int(): int() of a very long digit string is slow or refused.
    significant = digits.lstrip("0")
    if len(significant) > len(str(SEQ_MAX)) or int(significant or "0") > SEQ_MAX:
        raise DocNoError(
            f"发文字号的序号过大，不应超过 {SEQ_MAX}",
            f"the sequence number is too large (at most {SEQ_MAX})",
        )
    seq = int(significant or "0")
    if seq < 1:
        raise DocNoError(
            f"发文字号的序号应为大于 0 的整数，例如 {EXAMPLE}",
            f"the sequence number must be at least 1, e.g. {EXAMPLE}",
        )
    return DocNo(prefix=prefix, year=year, seq=seq)


def normalize_doc_no(text: str) -> str:
    """The stored form of a 发文字号, e.g. "金政办发 [2014] 68" -> "金政办发〔2014〕68号"."""
    return parse_doc_no(text).normalized


def find_doc_nos(text: str) -> list[DocNo]:
    """Every 发文字号 in running prose, in order of appearance, duplicates kept.

    The prefix is the run of ideographs and letters right before the bracket, so a number
    wrapped in 《》, （）, quotes or set off by punctuation or a space is found exactly. Known
    limitation: when prose runs straight into the number with no separator, the preceding
    words become part of the prefix ("通知金政办发〔2014〕68号" gives prefix "通知金政办发").
    No word list can fix that safely: real prefixes begin with characters such as 和 (和政发).
    In prose 号 is required and the number must not be split inside the prefix or by a line
    break.
    """
    found: list[DocNo] = []
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    for m in _FIND_RE.finditer(folded):
        try:
            found.append(parse_doc_no(m.group(0)))
        except DocNoError:
            continue  # e.g. mismatched brackets or a year out of range: not a number
    return found
