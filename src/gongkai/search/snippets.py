"""Highlighted snippets of a hit's text for the results page (pure, no Django).

The index holds segmented, normalised text, which is no good to show (full-width punctuation
becomes ASCII under NFKC, characters are spaced out). So a snippet is cut from the original text:
every character is normalised on its own, the query's words are found in the normalised text,
and the matches are mapped back to the original characters. The result is a list of (text,
highlighted) pieces for the template to escape and wrap in <mark>.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.search import segment
from gongkai.search.segment import Query

Piece = tuple[str, bool]


@dataclass(frozen=True)
class Snippet:
    pieces: tuple[Piece, ...]
    cut_before: bool  # the original goes on before the first piece
    cut_after: bool

    @property
    def matched(self) -> bool:
        return any(marked for _, marked in self.pieces)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)


def needles(query: Query) -> list[str]:
    """The normalised strings to mark: the words, phrases, numbers and year of the query.

    A name typed without spaces (张晓明: three one-character terms) is marked as a whole, not
    every 张 on the page.
    """
    found: list[str] = []
    compact = "".join(segment.phrase_tokens(query.text))
    single_han = [t for t in query.terms if len(t) == 1 and not t.isascii()]
    if single_han and len(compact) > 1 and " " not in query.text:
        found.append(compact)
    found += [t for t in query.terms if not (t in single_han and found)]
    found += ["".join(segment.phrase_tokens(p)) for p in query.phrases]
    if query.doc_no:
        found.append(segment.normalize(query.doc_no))
    if query.index_no:
        found.append(query.index_no)
    if query.year:
        found.append(str(query.year))
    return [n for n in dict.fromkeys(found) if n]


def _normalised(text: str) -> tuple[str, list[int]]:
    """text normalised character by character, and for each result character its source index.

    Spaces and punctuation stay (normalised), so that a match never spans them except where the
    query's own tokens do: phrase tokens ignore punctuation, so matching is done on a compact
    form of word characters only (see _compact).
    """
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in segment.normalize(ch):
            out.append(c)
            origin.append(i)
    return "".join(out), origin


def _compact(normal: str, origin: list[int]) -> tuple[str, list[int]]:
    """Only the characters tokens are made of (letters, digits, CJK), with their source index."""
    chars, where = [], []
    for c, i in zip(normal, origin, strict=True):
        if c.isalnum():
            chars.append(c)
            where.append(i)
    return "".join(chars), where


def _spans(text: str, query_needles: list[str]) -> list[tuple[int, int]]:
    """Merged [start, end) spans of the original text where a needle occurs."""
    normal, origin = _normalised(text)
    compact, where = _compact(normal, origin)
    spans: list[tuple[int, int]] = []
    for needle in query_needles:
        probe = "".join(c for c in needle if c.isalnum())
        if not probe:
            continue
        start = compact.find(probe)
        while start != -1:
            end = start + len(probe)
            spans.append((where[start], where[end - 1] + 1))
            start = compact.find(probe, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, query: Query) -> tuple[Piece, ...]:
    """The whole text in pieces, the query's words marked (for titles)."""
    return _pieces(text, _spans(text, needles(query)), 0, len(text))


def _pieces(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    at = lo
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < hi:
        pieces.append((text[at:hi], False))
    return tuple(pieces)


def snippet(text: str, query: Query, length: int = 120, lead: int = 20) -> Snippet:
    """About `length` characters of text around the densest group of the query's words.

    The window starts `lead` characters before the first match it holds; a text without any
    match gives its beginning, unmarked.
    """
    text = " ".join(text.split())
    spans = _spans(text, needles(query))
    if not spans:
        end = min(len(text), length)
        return Snippet(_pieces(text, [], 0, end), False, end < len(text))
    best_start, best_count = spans[0][0], 0
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, _ in spans[i:] if s < start + length - lead)
        if count > best_count:
            best_start, best_count = start, count
    lo = max(0, best_start - lead)
    hi = min(len(text), lo + length)
    lo = max(0, min(lo, hi - length))
    return Snippet(_pieces(text, spans, lo, hi), lo > 0, hi < len(text))
