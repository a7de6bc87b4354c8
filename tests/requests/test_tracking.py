"""Tracking codes: random, readable aloud, and a mistyped code is caught before lookup."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.requests.tracking import (
    ALPHABET,
    TrackingCodeError,
    check_symbol,
    display,
    new_code,
    normalize,
)

payloads = st.text(alphabet=ALPHABET, min_size=8, max_size=8)


def test_a_new_code_has_nine_symbols_from_the_unambiguous_alphabet():
    code = new_code()
    assert len(code) == 9 and set(code) <= set(ALPHABET)
    assert not set("01ILOUZ") & set(ALPHABET) and len(ALPHABET) == 29


def test_no_swap_of_two_neighbours_anywhere_goes_unnoticed():
    """Exhaustive, not sampled: every pair of symbols at every position, check symbol too."""
    from itertools import permutations

    for position in range(8):
        for a, b in permutations(ALPHABET, 2):
            payload = list("3456789A")
            payload[position] = a
            if position + 1 < 8:
                payload[position + 1] = b
            code = "".join(payload) + check_symbol("".join(payload))
            swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
            if swapped != code:
                with pytest.raises(TrackingCodeError):
                    normalize(swapped)


def test_the_receipt_prints_the_code_in_groups():
    assert display("7KQ4M2XRP") == "7KQ4-M2XR-P"


@given(payloads)
def test_what_is_printed_is_read_back(payload):
    code = payload + check_symbol(payload)
    assert normalize(display(code)) == code
    assert normalize(" " + display(code).lower().replace("-", " ") + " ") == code


@given(payloads, st.integers(0, 8), st.sampled_from(ALPHABET))
def test_every_single_mistyped_symbol_is_caught(payload, position, replacement):
    code = payload + check_symbol(payload)
    typo = code[:position] + replacement + code[position + 1 :]
    if typo != code:
        with pytest.raises(TrackingCodeError):
            normalize(typo)


@given(payloads, st.integers(0, 7))
def test_every_swap_of_two_neighbours_is_caught(payload, position):
    code = payload + check_symbol(payload)
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    if swapped != code:
        with pytest.raises(TrackingCodeError):
            normalize(swapped)


def test_full_width_input_from_a_chinese_keyboard_is_accepted():
    code = "7KQ4M2XR" + check_symbol("7KQ4M2XR")
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert normalize(full_width) == code


@pytest.mark.parametrize(
    "typed, says",
    [
        ("7KQ4-M2XR", "查询码应为9位"),
        ("7KQ4-M2X0-P", "不会出现这些字符：0"),
        ("OKQ4-M2XR-P", "不会出现这些字符：O"),
        ("ZKQ4-M2XR-P", "不会出现这些字符：Z"),
    ],
)
def test_bad_codes_get_a_chinese_message_that_says_what_is_wrong(typed, says):
    with pytest.raises(TrackingCodeError) as error:
        normalize(typed)
    assert says in error.value.message_zh and error.value.message_en
