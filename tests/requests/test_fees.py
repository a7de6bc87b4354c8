"""The information processing fee tiers of 国办函〔2020〕109号 Art. 3–5, at every boundary."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.requests.fees import (
    MAX_PAGES,
    MAX_REQUESTS_PER_MONTH,
    PAGE_BANDS,
    FeeError,
    FeeLine,
    FeeProposal,
    fee_by_items,
    fee_by_pages,
    fee_for_nth_page,
    fee_for_nth_request,
    item_bands,
    propose_fee,
)

requests_in_month = st.integers(min_value=1, max_value=MAX_REQUESTS_PER_MONTH)
pages = st.integers(min_value=1, max_value=MAX_PAGES)
# Summing page by page up to a million pages would be slow; the bands end at 201 anyway.
few_pages = st.integers(min_value=1, max_value=5_000)


# 按件计收 — totals for one applicant's month (Art. 4), at every boundary.


@pytest.mark.parametrize(
    ("n", "total"),
    [
        (1, 0),  # within the 10 free requests
        (10, 0),  # last free request
        (11, 100),  # 1×100
        (30, 2000),  # 20×100
        (31, 2200),  # 20×100 + 1×200
        (35, 3000),  # 20×100 + 5×200
        (40, 4000),  # 20×100 + 10×200
        (41, 4300),  # 20×100 + 10×200 + 1×300
        (50, 7000),  # 20×100 + 10×200 + 10×300
        (51, 7400),  # 7000 + 1×400
        (60, 11000),  # 7000 + 10×400
        (61, 11500),  # 11000 + 1×500
        (100, 37000),  # 2000 + 10×(200+300+400+500+600+700+800) = 2000 + 35000
    ],
)
def test_a_month_of_requests_costs_the_sum_of_its_bands(n, total):
    assert fee_by_items(n) == total


def test_ten_requests_in_a_month_are_free_and_the_eleventh_is_not():
    assert fee_by_items(10) == 0
    assert fee_by_items(11) == 100


def test_thirty_five_requests_are_charged_marginally_not_all_at_the_top_rate():
    # 20×100 + 5×200 = 3000, not 35×200 = 7000
    assert fee_by_items(35) == 3000


# 按件计收 — the fee of the request at hand.


@pytest.mark.parametrize(
    ("n", "fee"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (91, 800),  # 31–40 is 200, so 91–100 is the seventh band of ten: 200 + 6×100
        (100, 800),
        (101, 900),
    ],
)
def test_the_nth_request_of_the_month_costs_its_bands_rate(n, fee):
    assert fee_for_nth_request(n) == fee


def test_the_request_bands_start_free_then_step_by_one_hundred_every_ten():
    bands = item_bands()
    first = [next(bands) for _ in range(5)]
    assert [(b.first, b.last, b.unit_price) for b in first] == [
        (1, 10, 0),
        (11, 30, 100),
        (31, 40, 200),
        (41, 50, 300),
        (51, 60, 400),
    ]


# 按量计收 — one request by pages (Art. 5), at every boundary.


@pytest.mark.parametrize(
    ("p", "total"),
    [
        (1, 0),
        (30, 0),  # last free page
        (31, 10),  # 1×10
        (100, 700),  # 70×10
        (101, 720),  # 70×10 + 1×20
        (200, 2700),  # 70×10 + 100×20
        (201, 2740),  # 2700 + 1×40
        (250, 4700),  # 2700 + 50×40
        (1000, 34700),  # 2700 + 800×40
    ],
)
def test_a_request_of_p_pages_costs_the_sum_of_its_bands(p, total):
    assert fee_by_pages(p) == total


@pytest.mark.parametrize(
    ("p", "price"),
    [(1, 0), (30, 0), (31, 10), (100, 10), (101, 20), (200, 20), (201, 40), (MAX_PAGES, 40)],
)
def test_each_page_costs_the_rate_of_its_band(p, price):
    assert fee_for_nth_page(p) == price


def test_a_reported_notice_of_83460_yuan_for_2219_pages_matches_the_marginal_reading():
    # 华商报, 2025: a Xi'an applicant was asked 83460 yuan for 2219 pages.
    # 70×10 + 100×20 + 2019×40 = 700 + 2000 + 80760 = 83460
    assert fee_by_pages(2219) == 83460


def test_the_page_bands_are_those_of_article_five():
    assert [(b.first, b.last, b.unit_price) for b in PAGE_BANDS] == [
        (1, 30, 0),
        (31, 100, 10),
        (101, 200, 20),
        (201, None, 40),
    ]


# Proposals and their explanations.


def test_a_proposal_by_items_explains_every_band_in_chinese():
    proposal = propose_fee("items", 35)
    assert isinstance(proposal, FeeProposal)
    assert proposal.method == "items"
    assert proposal.method_label == "按件计收"
    assert proposal.quantity == 35
    assert proposal.amount == 3000
    assert proposal.marginal_price == 200
    assert proposal.explanation == (
        "按件计收：同一申请人本自然月内累计申请35件，按超额累进方式计算——"
        "第1—10件：10件，不收费；第11—30件：20件×100元=2000元；第31—35件：5件×200元=1000元。"
        "合计3000元。"
    )
    assert "第四条" in proposal.basis
    assert "国办函〔2020〕109号" in proposal.basis


def test_a_proposal_by_pages_explains_every_band_in_chinese():
    proposal = propose_fee("pages", 250)
    assert proposal.method_label == "按量计收"
    assert proposal.amount == 4700
    assert proposal.marginal_price == 40
    assert proposal.explanation == (
        "按量计收：本件申请共250页，按超额累进方式计算——"
        "第1—30页：30页，不收费；第31—100页：70页×10元=700元；"
        "第101—200页：100页×20元=2000元；第201—250页：50页×40元=2000元。合计4700元。"
    )
    assert "第五条" in proposal.basis


def test_a_free_proposal_says_no_fee():
    proposal = propose_fee("items", 5)
    assert proposal.amount == 0
    assert proposal.explanation.endswith("第1—5件：5件，不收费。合计0元（不收费）。")


def test_a_band_of_one_unit_names_the_single_unit():
    proposal = propose_fee("pages", 31)
    assert proposal.lines[-1].describe() == "第31页：1页×10元=10元"


def test_a_proposal_lists_its_lines_with_counts_and_subtotals():
    lines = propose_fee("items", 41).lines
    assert lines == (
        FeeLine(1, 10, 0, "件"),
        FeeLine(11, 30, 100, "件"),
        FeeLine(31, 40, 200, "件"),
        FeeLine(41, 41, 300, "件"),
    )
    assert [line.count for line in lines] == [10, 20, 10, 1]
    assert [line.subtotal for line in lines] == [0, 2000, 2000, 300]


def test_a_proposal_is_immutable():
    proposal = propose_fee("pages", 40)
    with pytest.raises(AttributeError):
        proposal.amount = 0  # type: ignore[misc]


# Errors.


@pytest.mark.parametrize(
    "function", [fee_by_items, fee_for_nth_request, fee_by_pages, fee_for_nth_page]
)
@pytest.mark.parametrize("bad", [0, -1, -100])
def test_zero_or_negative_quantities_are_refused(function, bad):
    with pytest.raises(FeeError) as caught:
        function(bad)
    assert caught.value.code == "not_positive"
    assert "至少为1" in caught.value.message_zh
    assert "at least 1" in caught.value.message_en


@pytest.mark.parametrize(
    "function", [fee_by_items, fee_for_nth_request, fee_by_pages, fee_for_nth_page]
)
@pytest.mark.parametrize("bad", [3.0, 2.5, "10", None, True, Decimal("12")])
def test_anything_but_a_whole_number_is_refused(function, bad):
    with pytest.raises(FeeError) as caught:
        function(bad)
    assert caught.value.code == "not_integer"
    assert "必须是整数" in caught.value.message_zh
    assert "whole number" in caught.value.message_en


def test_an_absurd_number_of_requests_is_refused_as_a_likely_typing_slip():
    assert fee_by_items(MAX_REQUESTS_PER_MONTH) > 0
    with pytest.raises(FeeError) as caught:
        fee_by_items(MAX_REQUESTS_PER_MONTH + 1)
    assert caught.value.code == "too_large"
    assert "超过合理上限" in caught.value.message_zh


def test_an_absurd_number_of_pages_is_refused_as_a_likely_typing_slip():
    assert fee_by_pages(MAX_PAGES) == 2700 + (MAX_PAGES - 200) * 40
    with pytest.raises(FeeError) as caught:
        fee_by_pages(MAX_PAGES + 1)
    assert caught.value.code == "too_large"


def test_the_error_message_names_the_quantity_in_chinese():
    with pytest.raises(FeeError) as caught:
        fee_by_pages(0)
    assert caught.value.message_zh == "页数至少为1，收到的是0。"
    assert str(caught.value) == f"{caught.value.message_zh} ({caught.value.message_en})"


def test_a_long_bad_value_is_shortened_in_the_message():
    with pytest.raises(FeeError) as caught:
        fee_by_items("1" * 500)
    assert len(caught.value.message_zh) < 80


def test_an_unknown_method_is_refused():
    with pytest.raises(FeeError) as caught:
        propose_fee("both", 10)  # type: ignore[arg-type]
    assert caught.value.code == "unknown_method"
    assert "按件计收" in caught.value.message_zh
    assert "'items' or 'pages'" in caught.value.message_en


def test_a_proposal_with_a_bad_quantity_is_refused():
    with pytest.raises(FeeError):
        propose_fee("items", 0)
    with pytest.raises(FeeError):
        propose_fee("pages", 12.0)  # type: ignore[arg-type]


def test_a_fee_error_is_a_value_error_and_survives_pickling():
    with pytest.raises(ValueError):
        fee_by_items(-1)
    error = FeeError("not_positive", "页数至少为1，收到的是0。", "The number of pages ...")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.message_zh, copy.message_en) == (
        error.code,
        error.message_zh,
        error.message_en,
    )


# Properties.


@given(requests_in_month)
def test_free_requests_are_free(n):
    if n <= 10:
        assert fee_by_items(n) == 0
        assert fee_for_nth_request(n) == 0
    else:
        assert fee_for_nth_request(n) >= 100


@given(pages)
def test_free_pages_are_free(p):
    if p <= 30:
        assert fee_by_pages(p) == 0
    else:
        assert fee_by_pages(p) >= 10


@given(st.integers(min_value=1, max_value=2_000))
def test_a_month_total_is_the_sum_of_the_fees_of_its_requests(n):
    assert fee_by_items(n) == sum(fee_for_nth_request(k) for k in range(1, n + 1))


@given(few_pages)
def test_a_request_total_is_the_sum_of_the_prices_of_its_pages(p):
    assert fee_by_pages(p) == sum(fee_for_nth_page(k) for k in range(1, p + 1))


@given(st.integers(min_value=1, max_value=MAX_REQUESTS_PER_MONTH - 1))
def test_one_more_request_adds_exactly_its_own_fee(n):
    assert fee_by_items(n + 1) - fee_by_items(n) == fee_for_nth_request(n + 1)


@given(st.integers(min_value=1, max_value=MAX_PAGES - 1))
def test_one_more_page_adds_exactly_its_own_price(p):
    assert fee_by_pages(p + 1) - fee_by_pages(p) == fee_for_nth_page(p + 1)


@given(st.integers(min_value=1, max_value=MAX_REQUESTS_PER_MONTH - 1))
def test_month_totals_never_decrease(n):
    assert fee_by_items(n + 1) >= fee_by_items(n)


@given(st.integers(min_value=1, max_value=MAX_PAGES - 1))
def test_page_totals_never_decrease(p):
    assert fee_by_pages(p + 1) >= fee_by_pages(p)


@given(st.integers(min_value=1, max_value=MAX_REQUESTS_PER_MONTH - 1))
def test_the_price_of_the_next_request_never_decreases(n):
    assert fee_for_nth_request(n + 1) >= fee_for_nth_request(n)


@given(st.integers(min_value=1, max_value=MAX_PAGES - 1))
def test_the_price_of_the_next_page_never_decreases(p):
    assert fee_for_nth_page(p + 1) >= fee_for_nth_page(p)


@given(st.integers(min_value=31, max_value=MAX_REQUESTS_PER_MONTH - 10))
def test_from_the_thirty_first_request_ten_more_requests_cost_one_hundred_more_each(n):
    assert fee_for_nth_request(n + 10) == fee_for_nth_request(n) + 100


@given(st.sampled_from(["items", "pages"]), st.integers(min_value=1, max_value=3_000))
def test_a_proposal_agrees_with_the_totals_and_its_lines_cover_every_unit(method, quantity):
    proposal = propose_fee(method, quantity)
    expected = fee_by_items(quantity) if method == "items" else fee_by_pages(quantity)
    assert proposal.amount == expected == sum(line.subtotal for line in proposal.lines)
    assert proposal.lines[0].first == 1
    assert proposal.lines[-1].last == quantity
    for before, after in zip(proposal.lines, proposal.lines[1:], strict=False):
        assert after.first == before.last + 1
        assert after.unit_price > before.unit_price
    assert proposal.marginal_price == proposal.lines[-1].unit_price
    assert proposal.explanation.endswith(
        f"合计{expected}元。" if expected else "合计0元（不收费）。"
    )


@given(st.integers(max_value=0))
def test_every_non_positive_quantity_is_refused(n):
    with pytest.raises(FeeError):
        fee_by_items(n)
    with pytest.raises(FeeError):
        fee_by_pages(n)
