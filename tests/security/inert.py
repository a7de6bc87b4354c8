"""Telling live markup from shown text: what a browser would run in a page, parsed, not grepped."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

# Attributes whose value a browser follows or loads as a URL.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_INVISIBLE = re.compile(r"[\x00-\x20]+")


def _scheme(url: str) -> str:
    """The scheme as a browser reads it: spaces and control characters inside are ignored."""
    cleaned = _INVISIBLE.sub("", url).lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned else ""


def live_markup(html: str, *, back_office: bool = False) -> list[str]:
    """Everything in the page that would run script: event-handler attributes, javascript:
    URLs, and inline scripts. The public site ships no inline script at all (its CSP forbids
    them); Wagtail's back office does, so there only a script carrying a payload counts."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}={value!r}>")
            elif name.lower() in URL_ATTRIBUTES and _scheme(value) in ("javascript", "vbscript"):
                found.append(f"<{tag.name} {name}={value!r}>")
            elif name.lower() in URL_ATTRIBUTES and _scheme(value) == "data" and tag.name != "img":
                found.append(f"<{tag.name} {name}={value[:40]!r}>")
        if tag.name == "script" and not tag.get("src"):
            kind = str(tag.get("type", "")).strip().lower()
            text = tag.get_text()
            if kind in SCRIPT_TYPES and (not back_office or "alert(" in text):
                found.append(f"<script>{text[:60]!r}")
    return found


def text_of(html: str) -> str:
    """The page as a reader sees it (entities decoded, tags gone)."""
    return BeautifulSoup(html, "html.parser").get_text()


def page(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()
