"""What the public may read of a citizen's words: the masking shared by 留言 and 意见征集.

The publishing scanner masks phone, ID, e-mail, bank-card numbers and street addresses; the
citizen's own name (as typed in the form) is masked wherever it stands, 王建华 → 王**.
"""

from __future__ import annotations

from gongkai.publishing.scanner import redact
from gongkai.requests.public_forms import mask_name


def masked_text(text: str, name: str = "") -> str:
    if name and len(name.strip()) >= 2:
        text = text.replace(name.strip(), mask_name(name))
    return redact(text)


def masked_name(name: str, anonymous: str = "网友") -> str:
    return mask_name(name) or anonymous
