"""Import pages of the legacy county site (text or HTML) into a clean title, body and dates.

The old 信息公开 site wraps every document in navigation, a hidden leader dialog, list-table
headers and footer links, and some pages carry the whole body twice. This module turns such a
page into a LegacyPage: the title, the body as numbered sections, the dates the page states, the
发文字号 cited in it and the year it is about; extract_report_figures() then reads the statistics
of an old-style (pre-2019 format) annual report from its prose.

Decisions (see tests/ops/test_legacy.py):

* Nothing is guessed. A date, year or figure the page does not state is None.
* Only text after the document title is body (the seed repeats the body before it); any later
  repetition of a long run of lines is dropped, so every sentence appears exactly once.
* Chrome is recognised both structurally (HTML <nav>, <header>, <footer>, menus, buttons,
  list tables) and by its exact wording as a whole line, never by words inside a paragraph,
  so body text is never cut.
* Paragraph text is kept as written; only surrounding whitespace (including U+3000 and NBSP)
  is stripped. The fingerprint ignores all whitespace and width differences (NFKC).
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from gongkai.catalog.docno import find_doc_nos  # pure Python, like this module

__all__ = [
    "LegacyPage",
    "LegacyPageError",
    "LegacyReportFigures",
    "Section",
    "extract_report_figures",
    "parse_date",
    "parse_legacy_page",
]


class LegacyPageError(ValueError):
    """A page cannot be imported; .message_zh is shown to users, .message_en is for the CLI."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass
class Section:
    """A part of the body with its heading, e.g. "一、概述"; the preamble has heading None."""

    heading: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class LegacyPage:
    title: str
    sections: list[Section]
    written_on: date | None  # 成文日期
    published_on: date | None  # 发布日期
    doc_nos: list[str]  # normalised 发文字号, unique, in order of appearance
    year: int | None  # the year the page is about, from the title

    def body_html(self) -> str:
        """Semantic HTML: <h2> per section heading, <p> per paragraph, all text escaped."""
        parts: list[str] = []
        for section in self.sections:
            if section.heading is not None:
                parts.append(f"<h2>{html.escape(section.heading)}</h2>")
            parts.extend(f"<p>{html.escape(p)}</p>" for p in section.paragraphs)
        return "\n".join(parts)

    def body_text(self) -> str:
        """Headings and paragraphs as plain text, one block per line, blank lines between."""
        blocks: list[str] = []
        for section in self.sections:
            if section.heading is not None:
                blocks.append(section.heading)
            blocks.extend(section.paragraphs)
        return "\n\n".join(blocks)

    def fingerprint(self) -> str:
        """sha256 of title and body with all whitespace removed and widths folded (NFKC).

        Re-importing the same page, re-wrapped or re-indented, gives the same fingerprint, so
        an import can recognise a page it has already stored.
        """
        normalised = f"{_squash(self.title)}\n{_squash(self.body_text())}"
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass
class LegacyReportFigures:
    """Statistics stated in the prose of an old-style (pre-2019 format) annual report."""

    year: int
    proactive_items: int | None  # 主动公开政府信息条数
    requests_received: int | None  # 收到依申请公开件数
    requests_answered: int | None  # 已办理/办结件数
    fees_yuan: Decimal | None  # 收取费用（元）
    reconsiderations: int | None  # 行政复议件数
    litigations: int | None  # 行政诉讼件数


# --------------------------------------------------------------------------------------------
# Characters and small helpers

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# Invisible characters that str.strip() keeps but that are never content.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_EDGE_RE = re.compile(rf"^[\s{_INVISIBLE}]+|[\s{_INVISIBLE}]+$")
# C0 controls other than tab/newline/CR never carry text; lxml also rejects some of them.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RE = re.compile(rf"[\s{_INVISIBLE}]+")


def _clean(line: str) -> str:
    """Strip surrounding whitespace, including NBSP, U+3000 and zero-width characters."""
    return _EDGE_RE.sub("", line)


def _squash(text: str) -> str:
    """NFKC with every whitespace and invisible character removed: the comparison form."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}


def _zh_int(text: str) -> int | None:
    """Chinese numerals to int: 二〇一五 (digit by digit), 二十, 三千八百六十. None if not one."""
    if not text:
        return None
    if all(c in _ZH_DIGITS for c in text):
        if len(text) == 1 or text[0] not in "〇零":
            return int("".join(str(_ZH_DIGITS[c]) for c in text))
        return None
    total, digit, last_unit = 0, None, 10_000
    for c in text:
        if c in _ZH_DIGITS:
            if digit is not None and _ZH_DIGITS[c] != 0:
                return None  # two digits in a row outside the digit-by-digit form
            digit = _ZH_DIGITS[c] or None
        elif c in _ZH_UNITS:
            if _ZH_UNITS[c] >= last_unit:
                return None  # units only descend: 三千八百, never 十十 or 百千
            total += (digit if digit is not None else 1) * _ZH_UNITS[c]
            digit, last_unit = None, _ZH_UNITS[c]
        else:
            return None
    return total + (digit or 0)


def _to_int(text: str) -> int | None:
    text = unicodedata.normalize("NFKC", text).replace(",", "")
    if text.isascii() and text.isdigit():
        return int(text)
    return _zh_int(text)


# --------------------------------------------------------------------------------------------
# Dates

_ZH_NUM = "〇零一二三四五六七八九十"
_DATE_PATTERN = (
    r"(?<![0-9０-９])(?:"
    r"(?P<y>[0-9０-９]{4})\s*(?:"
    r"年\s*(?P<m>[0-9０-９]{1,2})\s*月\s*(?P<d>[0-9０-９]{1,2})\s*日"
    r"|[-/.](?P<m2>[0-9０-９]{1,2})[-/.](?P<d2>[0-9０-９]{1,2})(?![0-9０-９]))"
    rf"|(?P<zy>[{_ZH_NUM}]{{4}})年(?P<zm>[{_ZH_NUM}]{{1,2}})月(?P<zd>[{_ZH_NUM}]{{1,3}})日"
    r")"
)
_DATE_RE = re.compile(_DATE_PATTERN)
_LABEL_GAP = r"[ \t\u3000\xa0]*[:：]?[ \t\u3000\xa0]*"  # same line only: never across rows
_PUBLISHED_RE = re.compile(rf"(?:发布日期|发布时间|发布于){_LABEL_GAP}{_DATE_PATTERN}")
_WRITTEN_RE = re.compile(rf"(?:成文日期|成文时间|印发日期){_LABEL_GAP}{_DATE_PATTERN}")


def _date_from_match(m: re.Match[str]) -> date | None:
    if m.group("zy"):
        parts = [_zh_int(m.group("zy")), _zh_int(m.group("zm")), _zh_int(m.group("zd"))]
    else:
        parts = [
            _to_int(m.group("y")),
            _to_int(m.group("m") or m.group("m2")),
            _to_int(m.group("d") or m.group("d2")),
        ]
    year, month, day = parts
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 2015年2月30日 on a page is a typo we must not "correct"
        return None


def parse_date(text: str) -> date | None:
    """The first date written as 2015年1月20日, 2015-01-20, 2015/1/20 or 二〇一五年一月二十日."""
    for m in _DATE_RE.finditer(text):
        found = _date_from_match(m)
        if found is not None:
            return found
    return None


def _labelled_date(pattern: re.Pattern[str], lines: Iterable[str]) -> date | None:
    for line in lines:
        for m in pattern.finditer(line):
            found = _date_from_match(m)
            if found is not None:
                return found
    return None


# --------------------------------------------------------------------------------------------
# Chrome: lines that belong to the site, not to the document

# A whole line that is one of these is chrome. Compared after removing all whitespace, brackets
# and a trailing colon ("简       历:" -> 简历). Words a report could use as a bare sub-heading
# (信息公开, 主动公开) are deliberately absent; the column names are the site's own.
_CHROME_WORDS = frozenset(
    """
    信息公开专栏 政府信息公开专栏 政府信息公开指南 政府信息公开制度 法定主动公开内容 政府信息公开年报
    依申请公开 政府信息公开目录
    工作机构 市政府工作机构 县政府工作机构 领导简介 领导信息 简历 工作分工 分管工作 关闭
    县市信息公开平台 部门信息公开平台 全面推进基层政务公开标准化规范化 公共企事业信息公开
    打印本页 打印此页 关闭窗口 关闭本页 返回顶部 回到顶部 返回首页 返回列表 首页 网站首页
    上一页 下一页 尾页 末页 更多>> 相关链接 相关文章 相关阅读 加入收藏 收藏本页 设为首页 分享到
    无障碍 无障碍浏览 长者模式 关怀版 繁体版 简体版 站内搜索 网站地图 扫一扫
    """.split()
)
# A line made only of several of these (a list header, a row of buttons) is chrome too.
_LIST_HEADER_WORDS = frozenset(
    "序号 标题 名称 文号 发文字号 成文日期 发布日期 发布时间 日期".split()
)
_CHROME_PARTS = (
    _CHROME_WORDS
    | _LIST_HEADER_WORDS
    | frozenset(
        "打印 关闭 返回 收藏 分享 更多 大 中 小 默认 字号 字体 繁体 简体 繁體 登录 注册 搜索 微信 微博".split()
    )
)
# Chrome whose wording varies. Whole-line forms, then prefixes that only mark short lines; each
# prefix needs its colon so a paragraph that happens to start with the same words is kept.
_CHROME_LINE_RE = re.compile(
    r"\d{4}\s*年?"  # a bare year is the column's year filter, not a paragraph
    r"|共\s*\d+\s*(?:页|条)|第\s*\d+\s*页|(?:版权所有|copyright|©).*|.{0,30}(?:ICP备|ICP证|公网安备).*",
    re.IGNORECASE,
)
_CHROME_PREFIX_RE = re.compile(
    r"(?:当前位置|您现在的位置|您的位置|所在位置|位置"
    r"|上一篇|下一篇|上一条|下一条|相关链接|相关文章|相关阅读"
    r"|字号|字体|【字号|【字体"
    r"|浏览次数|浏览量|点击次数|点击数|点击量|访问次数|访问量|阅读次数|阅读量"
    r"|主办单位|主办|承办单位|承办|技术支持|维护单位|网站标识码|网站识别码|备案号)\s*[:：]"
)
_CHROME_PREFIX_MAX = 80
# The 信息索引 box of an article: label lines, not body. Dates and 文号 are read from them first.
_META_LABEL_RE = re.compile(
    r"^(?:索引号|发布机构|发文机关|发文单位|发文字号|文号|成文日期|成文时间|发布日期|发布时间"
    r"|公开方式|公开范围|公开时限|公开形式|信息来源|来源|生效日期|失效日期|废止日期|有效性"
    r"|时效性|主题分类|体裁分类|组配分类|服务对象分类|关键词|作者|编辑|责任编辑|审核)"
    r"\s*[:：]"
)
_DOCNO_LABEL_RE = re.compile(r"(?:发文字号|文号)\s*[:：]")
_CHROME_TRIM = str.maketrans("", "", "【】[]（）()「」<>《》|｜·•»")
_CHROME_SPLIT_RE = re.compile(r"[\s【】\[\]|｜/·•»>]+")


def _chrome_key(line: str) -> str:
    return _squash(line).translate(_CHROME_TRIM).rstrip(":：")


def _is_chrome(line: str) -> bool:
    if _chrome_key(line) in _CHROME_WORDS:
        return True
    parts = [p.rstrip(":：") for p in _CHROME_SPLIT_RE.split(line) if p]
    if len(parts) >= 2 and all(p in _CHROME_PARTS for p in parts):
        return True  # "【打印本页】 【关闭窗口】", "序号 标题 发文字号 成文日期 发布日期"
    if _CHROME_LINE_RE.fullmatch(line):
        return True
    return len(line) <= _CHROME_PREFIX_MAX and bool(_CHROME_PREFIX_RE.match(line))


def _is_metadata(line: str) -> bool:
    return bool(_META_LABEL_RE.match(line))


# --------------------------------------------------------------------------------------------
# Titles, headings and body structure

# Kinds of 公文 and other documents a page title names.
_DOC_KINDS = (
    "报告|年报|通知|通告|公告|公报|办法|意见|决定|决议|方案|规划|计划|纲要|规定|细则|条例|规则|制度|"
    "批复|通报|命令|指南|目录|要点|总结|说明|预算|决算|公示|答复|建议|提案|标准|清单|名单"
)
# One-character kinds count only at the end: anywhere else 函 and 令 are parts of ordinary words.
_TITLE_END_RE = re.compile(rf"(?:{_DOC_KINDS}|函|令)(?:[（(][^）)]{{1,12}}[）)])?$")
_TITLE_ANY_RE = re.compile(_DOC_KINDS)
_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+\s*、|第[一二三四五六七八九十百]+(?:部分|章|节))\s*\S"
)
_SENTENCE_END = "。；;！!？?，,：:"
_MAX_HEADING = 30
_MAX_TITLE = 80
_LONG_LINE = 40  # a line this long right after a title candidate is what a body looks like


def _is_heading(line: str, hints: frozenset[str] = frozenset()) -> bool:
    if len(line) > _MAX_HEADING or line.endswith(tuple(_SENTENCE_END)):
        return False
    return bool(_HEADING_RE.match(line)) or line in hints


def _looks_like_title(line: str) -> bool:
    key = _squash(line)  # "年度报 告" from a sloppy page is still a report
    if not 4 <= len(key) <= _MAX_TITLE or key.endswith(tuple(_SENTENCE_END)):
        return False
    if "。" in key or _is_heading(key) or re.match(r"^[\d０-９]+[\s、.．]", line):
        return False  # sentences, section headings and numbered list rows are not titles
    return bool(_TITLE_END_RE.search(key) or _TITLE_ANY_RE.search(key))


def _find_title_line(lines: list[str]) -> int | None:
    """Index of the line that is the document title, or None.

    A title names a kind of document (报告, 通知, …), ideally at its end, and body text follows
    it within a few lines with no other title in between. Scoring both keeps a list of other
    documents' titles, which precedes the document on many pages, from winning.
    """
    best: tuple[int, int] | None = None  # (score, -index)
    for i, line in enumerate(lines):
        if not _looks_like_title(line):
            continue
        score = 2 if _TITLE_END_RE.search(_squash(line)) else 1
        for nxt in lines[i + 1 : i + 4]:
            if _looks_like_title(nxt):
                break  # one of a list of titles (a sidebar, a column's list), not a heading
            if len(nxt) >= _LONG_LINE:
                score += 2
                break
        if best is None or (score, -i) > best:
            best = (score, -i)
    return None if best is None else -best[1]


def _drop_repeated_runs(lines: list[str], min_chars: int = 200) -> list[str]:
    """Drop any later copy of a run of lines that already appeared (pages repeat the body).

    Only runs of at least min_chars are dropped, so a short line that legitimately recurs
    ("同时，" or a repeated table label) is kept.
    """
    positions: dict[str, list[int]] = {}
    kept: list[str] = []
    i = 0
    while i < len(lines):
        best_len = 0
        for j in positions.get(lines[i], [])[:5]:  # bounded: a few candidates suffice
            k = 0
            while i + k < len(lines) and j + k < i and lines[j + k] == lines[i + k]:
                k += 1
            if k > best_len and sum(len(x) for x in lines[i : i + k]) >= min_chars:
                best_len = k
        if best_len:
            i += best_len
            continue
        positions.setdefault(lines[i], []).append(i)
        kept.append(lines[i])
        i += 1
    return kept


def _sections(lines: list[str], hints: frozenset[str]) -> list[Section]:
    sections: list[Section] = []
    current = Section(heading=None)
    for line in lines:
        if _is_heading(line, hints):
            if current.heading is not None or current.paragraphs:
                sections.append(current)
            current = Section(heading=line)
        else:
            current.paragraphs.append(line)
    if current.heading is not None or current.paragraphs:
        sections.append(current)
    return sections


_TITLE_YEAR_RE = re.compile(rf"(?<![0-9])([12][0-9]{{3}}|[{_ZH_NUM}]{{4}})\s*年")


def _year_from_title(title: str) -> int | None:
    m = _TITLE_YEAR_RE.search(_squash(title))  # "20 14年" on a sloppy page is still 2014
    return _to_int(m.group(1)) if m else None


def _doc_nos(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for doc_no in find_doc_nos(text):
            seen.setdefault(doc_no.normalized, None)
    return list(seen)


def _normalise_title(title: str) -> str:
    return re.sub(r"\s+", " ", _clean(title))


def _build_page(
    lines: list[str],
    title: str | None,
    *,
    heading_hints: frozenset[str] = frozenset(),
    published_on: date | None = None,
    written_on: date | None = None,
) -> LegacyPage:
    """Common to text and HTML: pick the body out of the page's lines and structure it.

    title is None for text pages (it is found among the lines); published_on and written_on
    are what an HTML page states outside its lines (meta tags, split labels).
    """
    all_lines = [c for c in (_clean(line) for line in lines) if c]
    metadata = [line for line in all_lines if _is_metadata(line)]
    content = [line for line in all_lines if not _is_chrome(line) and not _is_metadata(line)]

    if title is None:
        index = _find_title_line(content)
        if index is None:
            raise LegacyPageError("未找到文档标题", "no document title found")
        title = content[index]
    else:
        title_key = _squash(title)
        index = next((i for i, c in enumerate(content) if _squash(c) == title_key), None)
    title = _normalise_title(title)
    if not title:
        raise LegacyPageError("未找到文档标题", "no document title found")

    # The document starts after its title; what precedes it is chrome or (in the seed) a
    # first copy of the body. A title at the very end of the page is the only exception.
    if index is not None and index + 1 < len(content):
        body = content[index + 1 :]
    elif index is not None:
        body = content[:index]
    else:
        body = content
    title_key = _squash(title)
    body = _drop_repeated_runs([line for line in body if _squash(line) != title_key])
    if not body:
        raise LegacyPageError("正文为空", "the page has no body text")

    published_on = _labelled_date(_PUBLISHED_RE, all_lines) or published_on
    written_on = _labelled_date(_WRITTEN_RE, all_lines) or written_on
    if written_on is None:
        # The date under the signature is the 成文日期 (GB/T 9704-2012 §7.3.5); a note such as
        # "（此件公开发布）" may follow it.
        for line in body[-2:]:
            if _DATE_RE.fullmatch(line):
                written_on = parse_date(line)

    docno_lines = [line for line in metadata if _DOCNO_LABEL_RE.match(line)]
    return LegacyPage(
        title=title,
        sections=_sections(body, heading_hints),
        written_on=written_on,
        published_on=published_on,
        doc_nos=_doc_nos([*docno_lines, *body]),
        year=_year_from_title(title),
    )


# --------------------------------------------------------------------------------------------
# HTML

_HTML_RE = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|div|p|h[1-6]|table|tr|td|span|br|article|section"
    r"|main|title|meta|ul|ol|li|a|font|strong|b|center)(?=[\s>/])",
    re.IGNORECASE,
)
_DROP_TAGS = [
    "script", "style", "noscript", "template", "nav", "aside", "menu", "button", "input",
    "select", "textarea", "iframe", "object", "embed", "svg", "dialog", "map",
]  # fmt: skip
# Not <form>: ASP.NET pages wrap the whole page, body included, in one.
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar", "search"})
# Class or id names (split at -, _ and spaces) that mark site furniture on old CMS templates.
_DROP_NAME_TOKENS = frozenset(
    """
    nav navbar navigation subnav topnav mainnav menu menus submenu mainmenu menubar
    breadcrumb breadcrumbs crumb crumbs footer toolbar topbar sidebar share sharing
    close pagination pager paging dialog modal popup skip
    """.split()
)
# Whole class/id values only: "article-header" holds the title, "header" is the site banner.
# Not "print" or "foot" as parts: "print-content" wraps the body, "foot-note" is body text.
_DROP_NAMES = frozenset(
    {"header", "head", "top", "banner", "logo", "site-header", "bottom", "print", "print-close"}
)
_TITLE_NAME_TOKENS = frozenset(
    "title tit bt biaoti headline subject articletitle arttitle doctitle".split()
)
_BLOCK_TAGS = [
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "tr", "table", "tbody", "thead", "blockquote", "pre", "center",
    "address", "figure", "figcaption", "hr", "caption",
]  # fmt: skip
_SITE_SUFFIX_RE = re.compile(
    r"(?:人民政府(?:办公室)?|政府网|门户网站|网站|信息公开(?:专栏|平台|网)?|政务公开|政府信息公开)$"
)
_TITLE_SEPARATORS_RE = re.compile(r"\s*(?:_|\||｜|--|—|－|\s-\s)\s*")
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_CJK_BREAK_RE = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_RE.search(text))


def _name_tokens(tag: Tag) -> tuple[set[str], set[str]]:
    """(whole class/id values, their parts split at -, _ and spaces), lower-cased."""
    values: list[str] = []
    classes = tag.get("class")
    if isinstance(classes, str):
        values.extend(classes.split())
    elif classes:
        values.extend(classes)
    ident = tag.get("id")
    if isinstance(ident, str):
        values.append(ident)
    whole = {v.lower() for v in values}
    parts = {p for v in whole for p in re.split(r"[-_\s]+", v) if p}
    return whole, parts


def _is_chrome_element(tag: Tag) -> bool:
    role = tag.get("role")
    if isinstance(role, str) and role.lower() in _DROP_ROLES:
        return True
    whole, parts = _name_tokens(tag)
    return bool(whole & _DROP_NAMES or parts & _DROP_NAME_TOKENS)


def _is_list_table(table: Tag) -> bool:
    """A column's list of documents (序号 标题 发文字号 …), not a table inside the body."""
    row = table.find("tr")
    if not isinstance(row, Tag):
        return False
    cells = {_squash(c.get_text()) for c in row.find_all(["th", "td"])}
    return len(cells & _LIST_HEADER_WORDS) >= 2


def _element_text(tag: Tag) -> str:
    # Ideographs never need a space between them: one there comes from <br> or source layout.
    text = _CJK_SPACE_RE.sub("", tag.get_text(" "))
    return _normalise_title(text)


def _plausible_title(text: str) -> bool:
    if not 2 <= len(text) <= _MAX_TITLE * 2 or "。" in text or _is_chrome(text):
        return False
    return not _SITE_SUFFIX_RE.search(text)  # "永昌县人民政府" in a banner <h1> is the site


def _strip_site_name(title: str) -> str:
    """The part of a <title> such as "…年度报告_永昌县人民政府" that is not the site name."""
    parts = [p for p in _TITLE_SEPARATORS_RE.split(title) if p.strip()]
    for part in parts:
        if not _SITE_SUFFIX_RE.search(part.strip()):
            return part.strip()
    return parts[0].strip() if parts else ""


def _html_title(soup: BeautifulSoup, root: Tag) -> tuple[str | None, Tag | None]:
    for h1 in root.find_all("h1"):
        text = _element_text(h1)
        if _plausible_title(text):
            return text, h1
    for tag in root.find_all(True):
        whole, parts = _name_tokens(tag)
        if not (parts & _TITLE_NAME_TOKENS or any(v.endswith("title") for v in whole)):
            continue
        if tag.find(_BLOCK_TAGS) is None and _plausible_title(text := _element_text(tag)):
            return text, tag  # a block holding the title and more is a wrapper, not the title
    for name in ("ArticleTitle", "og:title"):
        meta = soup.find("meta", attrs={"name": name}) or soup.find(
            "meta", attrs={"property": name}
        )
        content = meta.get("content") if isinstance(meta, Tag) else None
        if isinstance(content, str) and _plausible_title(_normalise_title(content)):
            return _normalise_title(content), None
    if soup.title is not None:
        text = _strip_site_name(_element_text(soup.title))
        if _plausible_title(text):
            return text, None
    return None, None


def _meta_date(soup: BeautifulSoup, names: tuple[str, ...]) -> date | None:
    for name in names:
        meta = soup.find("meta", attrs={"name": name})
        content = meta.get("content") if isinstance(meta, Tag) else None
        if isinstance(content, str) and (found := parse_date(content)):
            return found
    return None


def _parse_html(text: str) -> LegacyPage:
    soup = BeautifulSoup(text, "lxml")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(["script", "style", "noscript", "template"]):
        tag.decompose()

    # Dates are read from the whole page first: the 信息索引 box may sit in a header block.
    # Labels and values often sit in separate elements (<span>发布日期：</span><span>…</span>).
    whole_page = [re.sub(r"\s+", " ", soup.get_text(" "))]
    published_on = _labelled_date(_PUBLISHED_RE, whole_page) or _meta_date(
        soup, ("PubDate", "pubdate", "publishdate", "article:published_time")
    )
    written_on = _labelled_date(_WRITTEN_RE, whole_page)

    root = soup.body if soup.body is not None else soup
    candidates = [t for t in root.find_all(True) if _is_chrome_element(t)]
    candidates += root.find_all(_DROP_TAGS)
    # A <header>/<footer> is the site's banner or footer unless it belongs to a part of the page
    # (HTML-AAM): an article's header holds its title and date.
    candidates += [
        t
        for t in root.find_all(["header", "footer"])
        if t.find_parent(["article", "main", "section"]) is None
    ]
    candidates += [t for t in root.find_all("table") if _is_list_table(t)]
    for tag in candidates:
        if not tag.decomposed:
            tag.decompose()

    title, title_tag = _html_title(soup, root)
    hints = frozenset(_element_text(h) for h in root.find_all(["h2", "h3", "h4", "h5", "h6"]))
    if title_tag is not None and title is not None:
        title_tag.clear()
        title_tag.append(title)  # one line even if the title was broken with <br>

    _collapse_whitespace(root)
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for cell in root.find_all(["td", "th"]):
        cell.insert_after(" ")  # a table row reads as one line, its cells space-separated

    lines = root.get_text().split("\n")
    return _build_page(
        lines, title, heading_hints=hints, published_on=published_on, written_on=written_on
    )


def _collapse_whitespace(root: Tag) -> None:
    """Apply HTML's whitespace rules so source line breaks do not split paragraphs."""
    for string in list(root.find_all(string=True)):
        if not isinstance(string, NavigableString) or string.find_parent("pre"):
            continue
        collapsed = _CJK_BREAK_RE.sub("", str(string))  # a break between ideographs is no space
        collapsed = re.sub(r"[ \t\r\n\f]+", " ", collapsed)
        if collapsed != string:
            string.replace_with(collapsed)


# --------------------------------------------------------------------------------------------
# Entry point


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):  # the legacy site served GBK/GB2312 pages
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LegacyPageError("无法识别页面编码（非 UTF-8 或 GB18030）", "cannot decode page bytes")


def parse_legacy_page(raw: str | bytes) -> LegacyPage:
    """Parse a legacy page, given as HTML or as its extracted text, str or undecoded bytes."""
    try:
        text = _decode(raw) if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise LegacyPageError("页面编码有误", f"cannot decode page bytes: {exc}") from exc
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates: not text any page could contain
        raise LegacyPageError("页面含有无效字符", f"invalid characters in page: {exc}") from exc
    text = _CONTROL_RE.sub("", text)
    if not text.strip():
        raise LegacyPageError("页面内容为空", "the page is empty")
    if _looks_like_html(text):
        return _parse_html(text)
    return _build_page(text.splitlines(), None)


# --------------------------------------------------------------------------------------------
# Figures of an old-style annual report

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+|[零〇一二两三四五六七八九十百千]+)"
_GAP = r"[^。;\n\d]"
_PROACTIVE_RE = re.compile(
    rf"主动公开(?:{_GAP}|\d{{4}}年度?){{0,20}}?{_NUM}\s*(?:余|多)?\s*(?:条|件|篇|项|份)"
)
_RECEIVED_RE = re.compile(
    rf"(?:收到|受理|接到|接收){_GAP}{{0,20}}?申请{_GAP}{{0,12}}?{_NUM}\s*(?:件|份|条|次|个|人次)"
)
_NONE_RECEIVED_RE = re.compile(r"(?:未|没有|无)(?:收到|受理|接到|接收)[^。;\n]{0,20}?申请")
_ANSWERED_AFTER_RE = re.compile(
    r"^\s*[,、]?\s*(?:均|全部|都)?\s*(?:已经|已)?\s*(?:全部|均)?\s*"
    r"(?:办理|办结|答复|处理)(?:完毕|完成|结)?\s*(?:[。;,]|$)"
)
_ANSWERED_RE = re.compile(
    rf"(?:已办结|已办理|已答复|办结|办理|答复){_GAP}{{0,6}}?{_NUM}\s*(?:件|份|条)"
)
# A total charged, not a rate: "收取检索、复制费用12.5元", "收费共计300元" but not "收费标准为每页0.1元".
_FEE_RE = re.compile(
    r"(?:收取[^。;\n\d]{0,12}?费用?|收费(?:总额|金额)?)\s*(?:共计|合计|总计|共)?\s*为?\s*"
    r"(\d+(?:\.\d+)?)\s*元"
)
_NO_FEE_RE = re.compile(
    r"(?:没有|未曾|未|无|不)[^。;\n]{0,40}?(?:收取|收费)[^。;\n]{0,30}?费"
    r"|零收费|收费为(?:零|0)|费用为(?:零|0)|未收费|不收费"
)
_NEGATION_RE = re.compile(r"未发生|没有发生|未出现|没有出现|未有|没有|未|无")
_IS_ZERO_RE = re.compile(r"(?:均|都)?为\s*(?:零|0)(?![\d.])")


def _count_in_clause(clause: str, term: str) -> int | None:
    """The count a clause states for term (行政复议 / 行政诉讼): a number, 0 if denied, else None."""
    at = clause.find(term)
    if at < 0:
        return None
    for pattern in (
        rf"{term}[^。;,\d]{{0,10}}?{_NUM}\s*(?:件|起|宗|次|例|个)",
        rf"{_NUM}\s*(?:件|起|宗|次|例)[^。;,\d]{{0,6}}?{term}",
    ):
        m = re.search(pattern, clause)
        if m:
            return _to_int(m.group(1))
    if _NEGATION_RE.search(clause[:at]) or _IS_ZERO_RE.search(clause[at:]):
        return 0
    return None


def _appeal_count(text: str, term: str) -> int | None:
    positive: int | None = None
    denied = False
    for clause in re.split(r"[。;,\n]", text):
        count = _count_in_clause(clause, term)
        if count:
            positive = count if positive is None else positive
        elif count == 0:
            denied = True
    if positive is not None:
        return positive
    return 0 if denied else None


def extract_report_figures(page: LegacyPage) -> LegacyReportFigures:
    """Read the statistics an old-style annual report states in prose; None where it is silent."""
    if page.year is None:
        raise LegacyPageError("无法确定报告年度", "cannot tell which year the report covers")
    # NFKC folds full-width digits and punctuation (，；：３) to ASCII for the patterns below.
    text = unicodedata.normalize("NFKC", page.body_text())

    m = _PROACTIVE_RE.search(text)
    proactive = _to_int(m.group(1)) if m else None

    received: int | None = None
    answered: int | None = None
    m = _RECEIVED_RE.search(text)
    if m:
        received = _to_int(m.group(1))
        if received is not None and _ANSWERED_AFTER_RE.match(text[m.end() :]):
            answered = received  # "收到…1件，已办理。"
    elif _NONE_RECEIVED_RE.search(text):
        received = answered = 0  # nothing received, so nothing answered
    if answered is None:
        # Only where requests are spoken of: "办理人大代表建议12件" is not an answered request.
        for sentence in re.split(r"[。\n]", text):
            if "申请" in sentence and (m := _ANSWERED_RE.search(sentence)):
                answered = _to_int(m.group(1))
                break

    fees: Decimal | None = None
    m = _FEE_RE.search(text)
    if m:
        try:
            fees = Decimal(m.group(1))
        except InvalidOperation:
            fees = None
    elif _NO_FEE_RE.search(text):
        fees = Decimal(0)

    return LegacyReportFigures(
        year=page.year,
        proactive_items=proactive,
        requests_received=received,
        requests_answered=answered,
        fees_yuan=fees,
        reconsiderations=_appeal_count(text, "行政复议"),
        litigations=_appeal_count(text, "行政诉讼"),
    )
