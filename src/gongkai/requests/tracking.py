"""Tracking codes (查询码) of disclosure requests: unguessable, short, easy to read aloud.

A code is 8 random symbols and 1 check symbol from a 29-symbol alphabet without the
characters people confuse on the phone or on paper (0/O, 1/I/L, 2/Z, U/V), written in
groups: ``7KQ4-M2XR-P``. 29^8 ≈ 5 × 10^11 codes, drawn with
``secrets``; the status page also asks for a verifier (the last 4 characters of the
applicant's phone or ID number) and is rate-limited, so guessing is not a way in.
The check symbol makes the weighted sum Σ i·v_i (i = 1…9) divisible by the prime 29
(the idea of ISO 7064): with distinct non-zero weights modulo a prime it catches every
single mistyped symbol and every swap of two neighbours, so a code read back wrongly says
"check the code" instead of "not found".
Uniqueness is the database's job (a unique constraint and a retry), not this module's.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXY"
RANDOM_LENGTH = 8
_INDEX = {symbol: i for i, symbol in enumerate(ALPHABET)}
_N = len(ALPHABET)


class TrackingCodeError(ValueError):
    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


def check_symbol(payload: str) -> str:
    """The symbol that makes Σ i·v_i over the whole code divisible by 29 (see above)."""
    weighted = sum((i + 1) * _INDEX[symbol] for i, symbol in enumerate(payload))
    weight = len(payload) + 1
    # v = -weighted / weight (mod 29); 29 is prime, so the weight has an inverse.
    return ALPHABET[(-weighted * pow(weight, -1, _N)) % _N]


def new_code() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return payload + check_symbol(payload)


def display(code: str) -> str:
    """``7KQ4M2XRP`` → ``7KQ4-M2XR-P`` (how it is printed on the receipt)."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def normalize(text: str) -> str:
    """What a person typed → the stored code, or TrackingCodeError saying what is wrong.

    Case, spaces, hyphens and full-width characters do not matter; O is read as 0 and
    I/L as 1 only to tell the person those characters never occur.
    """
    folded = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in (text or ""))
    compact = "".join(c for c in folded.upper() if c not in " -_\u3000\t")
    if len(compact) != RANDOM_LENGTH + 1:
        raise TrackingCodeError(
            f"查询码应为{RANDOM_LENGTH + 1}位（如 7KQ4-M2XR-P），您输入了{len(compact)}位。",
            f"a tracking code has {RANDOM_LENGTH + 1} symbols (e.g. 7KQ4-M2XR-P); got {len(compact)}",
        )
    wrong = sorted({c for c in compact if c not in _INDEX})
    if wrong:
        raise TrackingCodeError(
            f"查询码中不会出现这些字符：{'、'.join(wrong)}（查询码不含 0、1、I、L、O、U、Z）。",
            f"tracking codes never contain: {', '.join(wrong)} (no 0, 1, I, L, O, U, Z)",
        )
    if sum((i + 1) * _INDEX[c] for i, c in enumerate(compact)) % _N:
        raise TrackingCodeError(
            "查询码有误，请核对回执上的查询码后重新输入。",
            "the tracking code does not check out; compare it with the receipt",
        )
    return compact
