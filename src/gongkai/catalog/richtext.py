"""Sanitising document bodies: whatever reaches the database is safe to show to the public."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "sub", "sup",
    "ul", "ol", "li", "blockquote", "hr", "a", "embed",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip

# Wagtail's stored rich text links pages and documents with linktype/id and embeds images
# with embedtype/id/format/alt: those attributes must survive so the editor keeps working.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
    # headers/id tie a cell to headings that span several columns (WCAG technique H43), as
    # the annual report's tables do.
    "th": {"colspan", "rowspan", "scope", "headers", "id"},
    "td": {"colspan", "rowspan", "headers"},
    "ol": {"start"},
}


def sanitize_html(html: str) -> str:
    """Remove scripts, event handlers, styles and unsafe URLs; keep the document's structure."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_BLOCKS = frozenset(
    "address article aside blockquote br caption dd div dl dt figcaption figure footer h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)


def plain_text(html: str) -> str:
    """The text of rich text as a reader sees it: block elements on their own lines, inline
    markup joined without a space (so <strong>义务</strong>教育 stays the word 义务教育)."""
    if not html or not html.strip():
        return ""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml refuses some fragments (only comments, say): nothing to read
        return ""
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag.lower() in _BLOCKS
        if block:
            parts.append("\n")
        if tag and element.text and tag.lower() not in ("script", "style"):
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    lines = ("".join(parts)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())
