"""Information processing fee (信息处理费) rules of 国办函〔2020〕109号, Art. 3–5, as pure functions.

《中华人民共和国政府信息公开条例》 Art. 42 lets an organ charge an information processing fee
when one applicant's requests clearly exceed a reasonable number or frequency; the amounts are
fixed by 《政府信息公开信息处理费管理办法》 (国务院办公厅 国办函〔2020〕109号, 2020-11-17; the
provincial implementing notices cited below apply it from 2021-01-01). This module computes the
amount the back office *proposes*: whether to charge at all is the organ's decision (Art. 42
says "may"), nothing here charges, and the notice and the payment are recorded elsewhere.

The wording relied on
=====================

第三条 信息处理费可以按件计收，也可以按量计收，均按照超额累进方式计算收费金额。行政机关对每件
申请可以根据实际情况选择适用其中一种标准，但不得同时按照两种标准重复计算。

第四条 按件计收适用于所有政府信息公开申请处理决定类型。申请人的一份政府信息公开申请包含多项
内容的，行政机关可以按照“一事一申请”原则，以合理的最小单位拆分计算件数。
按件计收执行下列收费标准：
（一）同一申请人一个自然月内累计申请10件以下（含10件）的，不收费。
（二）同一申请人一个自然月内累计申请11—30件（含30件）的部分：100元/件。
（三）同一申请人一个自然月内累计申请31件以上的部分：以10件为一档，每增加一档，收费标准提高
100元/件。

第五条 按量计收适用于申请人要求以提供纸质件、发送电子邮件、复制电子数据等方式获取政府信息的
情形。[tiers, as published in the fee lists cited below:]
（一）30页以下（含30页）的，不收费。
（二）31—100页（含100页）的部分：10元/页。
（三）101—200页（含200页）的部分：20元/页。
（四）201页以上的部分：40元/页。

So the tiers implemented are (amounts in yuan):

    按件计收 — per applicant, per calendar month    按量计收 — per request
    requests 1–10      free                       pages 1–30         free
    requests 11–30     100 each                   pages 31–100       10 a page
    requests 31–40     200 each                   pages 101–200      20 a page
    requests 41–50     300 each                   pages 201 and up   40 a page
    … each further band of 10 requests costs 100 more per request

"Marginal" (超额累进): Art. 3 says so in terms, and each tier of Art. 4–5 says "…的部分", so a
band charges only the requests or pages that fall inside it — 35 requests cost
20×100 + 5×200 = 3000 yuan, not 35×200. Amounts are whole yuan (every rate is).

Reading of Art. 4 (三): "以10件为一档，每增加一档，收费标准提高100元/件" is read as: requests
31–40 are the first band of ten above 30 and cost 100 + 100 = 200 yuan each, 41–50 cost 300,
and so on. This is also the reading of ``../shared/REGULATION.md``; no official worked
example was found to settle it beyond the wording.

What was verified, against what
===============================

The text at www.gov.cn itself could not be opened from this environment (only a search
index of stored pages was available). Verified from reprints; the quotes above are from them:

* Art. 1–4 in full, and the opening words of Art. 5, in several independent copies of the State
  Council General Office notice that name 中国政府网 / 国务院办公厅 as their source (copies of
  local and departmental republications, among them the 国家中医药管理局's). They agree word
  for word.
* Art. 3, the Art. 4 tiers, the Art. 5 tiers and the first sentence of Art. 5, in two
  government fee lists that quote the 办法 and cite 国办函〔2020〕109号:
  江门市新会区 收费公示, http://www.xinhui.gov.cn/zwgk/zdlyxxgk/hjbhxxgk/tzgg/content/post_2365222.html
  and 山西省发展和改革委员会 涉企收费目录清单 (which also classes the fee as 行政事业性收费),
  http://fgw.shanxi.gov.cn/ztzl/sfjjxmml/sfmlqd/sfzggwjxsdwzhxsqsfmlqd/202507/t20250702_9896797.shtml
* The marginal reading against a real case: 华商报 (reprinted by 东方财富网) reported a
  Xi'an notice of 83460 yuan for 2219 pages; 70×10 + 100×20 + 2019×40 = 83460 exactly
  (see the tests).
* Implementing notices (provincial, not the 办法 itself; seen in copies of the provinces'
  pages): 四川省财政厅 四川省发展改革委《关于政府信息公开信息处理费有关事项的通知》
  (2021-01-18): the fee is 行政事业性收费; the organ sends a fee notice within the reply period
  stating basis, standard, amount and how to pay; "申请人应当在收到收费通知次日起20个工作日内
  缴纳费用，逾期未缴纳的视为放弃申请"; collection follows the rules for 政府非税收入 and
  国库集中收缴, paid into the treasury at the same level (科目 103049950 其他缴入国库的行政事业性
  收费). 河南省人民政府办公厅《关于政府信息公开信息处理费征收有关问题的通知》(2021-01-04)
  says the same about 行政事业性收费, 103049950 and 同级国库; 黑龙江省财政厅《关于明确政府信息
  公开信息处理费收缴方式的通知》(2021-01-06) has organs charge the fee "自2021年1月1日起" and
  collect it as 非税收入.

Could not be verified here (the remainder of Art. 5 and Art. 6 onward were not reachable):

* whether Art. 5 defines how pages are counted for e-mail or electronic data (an A4/word-count
  equivalence); this module takes the page count as given and defines no conversion;
* the 办法's own wording of the 20-working-day payment period and of "the time from the fee
  notice to payment is not counted in the reply period" (the first is in the Sichuan notice
  above; the second is REGULATION.md's statement — the pause itself belongs to the deadline
  engine, not here);
* exemptions or reductions: none was found, and a 2023 journal article on the fee policy for
  依申请公开 (张思雨、许文, ISSN 1673-291X, 2023 no. 12, p. 145) names "信息处理费减免措施缺失"
  as a gap of the 办法, which suggests there is none; so no exemption logic is implemented —
  where an organ decides not to charge, staff simply do not propose a fee.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import count
from typing import Literal, get_args

FeeMethod = Literal["items", "pages"]
METHODS: tuple[FeeMethod, ...] = get_args(FeeMethod)
METHOD_LABELS: dict[FeeMethod, str] = {"items": "按件计收", "pages": "按量计收"}
BASIS: dict[FeeMethod, str] = {
    "items": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第三条、第四条",
    "pages": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第三条、第五条",
}

FREE_REQUESTS_PER_MONTH = 10
FREE_PAGES = 30

# Input sanity guards, not legal limits: beyond these a number is a typing slip, and a
# proposal of tens of millions of yuan should not be produced silently.
MAX_REQUESTS_PER_MONTH = 10_000
MAX_PAGES = 1_000_000


class FeeError(ValueError):
    """A fee cannot be computed for this input; says why in Chinese and English."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        # args are exactly the constructor's, so the error pickles and rebuilds itself.
        super().__init__(code, message_zh, message_en)

    def __str__(self) -> str:
        return f"{self.message_zh} ({self.message_en})"


@dataclass(frozen=True)
class Band:
    """One tier: units ``first``..``last`` (``None`` = no upper end) at ``unit_price`` yuan."""

    first: int
    last: int | None
    unit_price: int


# Art. 5: the four page tiers.
PAGE_BANDS: tuple[Band, ...] = (
    Band(1, 30, 0),
    Band(31, 100, 10),
    Band(101, 200, 20),
    Band(201, None, 40),
)


def item_bands() -> Iterator[Band]:
    """Art. 4's request tiers, without end: 1–10 free, 11–30 at 100, then bands of 10 at +100."""
    yield Band(1, 10, 0)
    yield Band(11, 30, 100)
    for k in count():
        yield Band(31 + 10 * k, 40 + 10 * k, 200 + 100 * k)


@dataclass(frozen=True)
class FeeLine:
    """The part of a quantity that falls in one band, and what it costs."""

    first: int
    last: int
    unit_price: int
    unit: str  # "件" or "页"

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def subtotal(self) -> int:
        return self.count * self.unit_price

    def describe(self) -> str:
        """E.g. ``第11—30件：20件×100元=2000元`` or ``第1—10件：10件，不收费``."""
        span = (
            f"第{self.first}{self.unit}"
            if self.first == self.last
            else (f"第{self.first}—{self.last}{self.unit}")
        )
        if self.unit_price == 0:
            return f"{span}：{self.count}{self.unit}，不收费"
        return f"{span}：{self.count}{self.unit}×{self.unit_price}元={self.subtotal}元"


@dataclass(frozen=True)
class FeeProposal:
    """The fee staff may propose for one request, with the arithmetic shown.

    ``quantity`` is, for ``"items"``, the applicant's cumulative number of requests in the
    calendar month (the request at hand included) and ``amount`` the month's total; for
    ``"pages"``, the pages of this one request and its fee. ``marginal_price`` is the price of
    the last unit — for ``"items"`` that is the fee of the request at hand when ``quantity`` is
    its ordinal in the month (:func:`fee_for_nth_request`).
    """

    method: FeeMethod
    quantity: int
    amount: int
    marginal_price: int
    lines: tuple[FeeLine, ...]
    explanation: str
    basis: str

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]


def _checked(value: object, *, what_zh: str, what_en: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        shown = repr(value)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        raise FeeError(
            "not_integer",
            f"{what_zh}必须是整数，收到的是「{shown}」。",
            f"The {what_en} must be a whole number, got {shown}.",
        )
    if value < 1:
        raise FeeError(
            "not_positive",
            f"{what_zh}至少为1，收到的是{value}。",
            f"The {what_en} must be at least 1, got {value}.",
        )
    if value > maximum:
        raise FeeError(
            "too_large",
            f"{what_zh}为{value}，超过合理上限{maximum}，请核对后再计算。",
            f"The {what_en} is {value}, above the sanity limit of {maximum}; please check it.",
        )
    return value


def _check_requests(n: object, *, what_zh: str, what_en: str) -> int:
    return _checked(n, what_zh=what_zh, what_en=what_en, maximum=MAX_REQUESTS_PER_MONTH)


def _check_pages(pages: object) -> int:
    return _checked(pages, what_zh="页数", what_en="number of pages", maximum=MAX_PAGES)


def _lines(quantity: int, bands: Iterable[Band], unit: str) -> tuple[FeeLine, ...]:
    lines: list[FeeLine] = []
    for band in bands:
        if band.first > quantity:
            break
        last = quantity if band.last is None else min(band.last, quantity)
        lines.append(FeeLine(band.first, last, band.unit_price, unit))
    return tuple(lines)


def fee_for_nth_request(n: int) -> int:
    """Fee in yuan of an applicant's ``n``-th request in one calendar month (Art. 4).

    1–10: 0; 11–30: 100; 31–40: 200; 41–50: 300; … (100 more for each further band of 10).
    """
    n = _check_requests(n, what_zh="申请序号", what_en="request's ordinal in the month")
    if n <= FREE_REQUESTS_PER_MONTH:
        return 0
    if n <= 30:
        return 100
    return 100 * (2 + (n - 31) // 10)


def fee_for_nth_page(p: int) -> int:
    """Price in yuan of page ``p`` of one request (Art. 5): 1–30: 0; 31–100: 10; 101–200: 20;
    201 and up: 40."""
    p = _check_pages(p)
    if p <= FREE_PAGES:
        return 0
    if p <= 100:
        return 10
    if p <= 200:
        return 20
    return 40


def fee_by_items(n_requests_in_month: int) -> int:
    """Total fee in yuan for one applicant's ``n_requests_in_month`` requests in one calendar
    month, by number (按件计收, Art. 4), each band charging only the requests inside it."""
    n = _check_requests(
        n_requests_in_month, what_zh="本月累计申请件数", what_en="number of requests in the month"
    )
    return sum(line.subtotal for line in _lines(n, item_bands(), "件"))


def fee_by_pages(pages: int) -> int:
    """Fee in yuan for one request of ``pages`` pages, by volume (按量计收, Art. 5), each band
    charging only the pages inside it."""
    p = _check_pages(pages)
    return sum(line.subtotal for line in _lines(p, PAGE_BANDS, "页"))


def propose_fee(method: FeeMethod, quantity: int) -> FeeProposal:
    """The fee to propose by one method (Art. 3: one method per request, never both).

    ``method`` is ``"items"`` (``quantity`` = the applicant's requests this calendar month,
    the one at hand included) or ``"pages"`` (``quantity`` = pages of this request). Raises
    :class:`FeeError` on an unknown method or a bad quantity.
    """
    if method not in METHODS:
        raise FeeError(
            "unknown_method",
            f"计费方式必须是“items”（按件计收）或“pages”（按量计收），收到的是「{method!s:.40}」。",
            f"The method must be 'items' or 'pages', got {method!r:.40}.",
        )
    if method == "items":
        n = _check_requests(
            quantity, what_zh="本月累计申请件数", what_en="number of requests in the month"
        )
        lines = _lines(n, item_bands(), "件")
        marginal = fee_for_nth_request(n)
        opening = f"按件计收：同一申请人本自然月内累计申请{n}件"
    else:
        n = _check_pages(quantity)
        lines = _lines(n, PAGE_BANDS, "页")
        marginal = fee_for_nth_page(n)
        opening = f"按量计收：本件申请共{n}页"
    amount = sum(line.subtotal for line in lines)
    total = f"合计{amount}元" + ("（不收费）" if amount == 0 else "")
    explanation = (
        f"{opening}，按超额累进方式计算——"
        + "；".join(line.describe() for line in lines)
        + f"。{total}。"
    )
    return FeeProposal(
        method=method,
        quantity=n,
        amount=amount,
        marginal_price=marginal,
        lines=lines,
        explanation=explanation,
        basis=BASIS[method],
    )
