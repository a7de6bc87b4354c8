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
