"""What the search index holds and answers, shared by both backends (pure, no Django).

An Entry is one searchable thing: a published document, a leader, a working body, a unit's
contact page, its request how-to (依申请公开指南: address, hours, how to apply) or an answered
public message (留言, its masked public text only). The Django side (search/services.py) builds
entries from the models; a backend (sqlite_fts, postgres_fts) stores their segmented text and
answers a parsed query (segment.Query) with Results: the total, one page of hits best first,
and facet counts over every match.

Field weights, highest first: title; 发文字号 and 索引号; unit and column names; body;
attachment text. A query parsed as a 发文字号 or an 索引号 matches that number exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from gongkai.search import segment


class Kind(StrEnum):
    DOCUMENT = "document"
    LEADER = "leader"
    BODY = "body"
    UNIT = "unit"
    GUIDE = "guide"
    MESSAGE = "message"


KIND_LABELS = {
    Kind.DOCUMENT: "政府信息",
    Kind.LEADER: "领导简介",
    Kind.BODY: "工作机构",
    Kind.UNIT: "机构信息",
    Kind.GUIDE: "依申请公开指南",
    Kind.MESSAGE: "留言",
}

# Text fields in the order both backends store them, with their weight (SQLite's BM25 column
# weights; PostgreSQL maps them to its four labels A–D).
TEXT_FIELDS: tuple[tuple[str, float], ...] = (
    ("title", 10.0),
    ("doc_no", 8.0),
    ("index_no", 8.0),
    ("unit", 3.0),
    ("columns", 2.0),
    ("body", 1.0),
    ("attachments", 0.5),
)

FACETS = ("kind", "unit_code", "column", "year", "validity")


@dataclass(frozen=True)
class Entry:
    """One searchable thing. key is unique ("document:12"); url is where a hit links to."""

    key: str
    kind: Kind
    title: str
    url: str
    unit_code: str = ""
    unit: str = ""  # unit name(s): searchable
    doc_no: str = ""  # normalised 发文字号 (〔〕), matched exactly when a query is one
    index_no: str = ""  # 620321000/2024-00005
    columns: str = ""  # column names: searchable
    column_keys: tuple[str, ...] = ()  # column keys (guide, art20-01 …), with parent columns
    body: str = ""  # plain text
    attachments: str = ""  # text of the attachments, also kept for snippets
    year: int | None = None  # year of 发布日期
    validity: str = ""  # Validity value for documents, "" otherwise
    published_on: str = ""  # ISO date; a hit is shown only from that day on ("" = always)


@dataclass(frozen=True)
class Filters:
    """Facet values a result must have (None = any) and the day whose published entries count.

    Columns are filtered and counted by key, so 法定主动公开内容 is one facet value across the
    county; with unit_code it is that unit's column.
    """

    today: str  # ISO date: entries with published_on after it are not shown yet
    kind: str | None = None
    unit_code: str | None = None
    column: str | None = None  # a column key: the same column in every unit
    year: int | None = None
    validity: str | None = None


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    title: str
    url: str
    unit_code: str
    year: int | None
    validity: str
    published_on: str
    attachments: str  # for a snippet when the body does not hold the words
    score: float  # higher is better
    body: str = ""  # the indexed body text, for a snippet (empty when the backend keeps none)


@dataclass
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)
    # Large result sets: the total may be a floor ("more than"), the facets counted over a
    # sample of the newest matches, and the order by tier and date rather than by score.
    total_is_floor: bool = False
    facets_sample: int = 0  # 0: the facets count every match; else how many newest were counted
    ranked: bool = (
        True  # False: ordered by tier (query in title, words in title, rest), newest first
    )

    @classmethod
    def empty(cls) -> Results:
        return cls(0, [], {name: [] for name in FACETS})


# --------------------------------------------------------------------------- what a query asks


def doc_no_token(doc_no: str) -> str:
    """One token standing for a whole normalised 发文字号, so a query that is one matches exactly."""
    return "docno" + "".join(f"{ord(c):x}" for c in doc_no)


def index_no_token(index_no: str) -> str:
    """One token for a whole 索引号 (620321000/2024-00005 -> ix620321000202400005)."""
    return "ix" + "".join(c for c in index_no if c.isdigit())


@dataclass(frozen=True)
class Plan:
    """What an entry must contain to match a query, in terms both backends can express.

    terms    tokens that must each be in some text field
    phrases  token sequences that must each occur, adjacent, in one text field
    doc_no   the exact token of a 发文字号 (doc_no field), or None
    index_no the exact token of an 索引号 (index_no field), or None
    year     entries of that year *or* with the year as a token in their text; None = any
    boost    a token sequence (the query text as typed): entries holding it rank first
    """

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    doc_no: str | None
    index_no: str | None
    year: int | None
    boost: tuple[str, ...] | None


def plan(query: segment.Query) -> Plan | None:
    """The Plan of a parsed query, or None when it asks for nothing (an empty box)."""
    phrases = tuple(
        tokens for tokens in (tuple(segment.phrase_tokens(p)) for p in query.phrases) if tokens
    )
    doc_no = doc_no_token(query.doc_no) if query.doc_no else None
    index_no = index_no_token(query.index_no) if query.index_no else None
    if not (query.terms or phrases or doc_no or index_no or query.year):
        return None
    boost = None
    if len(query.terms) > 1 and " " not in query.text:
        # 张晓明 gives three one-character terms: documents with the name as typed come first.
        base = tuple(segment.phrase_tokens(query.text))
        if len(base) > 1:
            boost = base
    return Plan(query.terms, phrases, doc_no, index_no, query.year, boost)


# --------------------------------------------------------------------------- what an entry holds


def column_token(key: str) -> str:
    """A column key as one token (keys have - and _, which split tokens): c + hex."""
    return "c" + key.encode().hex()


def meta_tokens(entry: Entry) -> str:
    """The facet values of an entry as tokens of the meta field."""
    parts = [f"k{entry.kind}"]
    if entry.unit_code:
        parts.append(f"u{entry.unit_code}")
    parts += [column_token(key) for key in entry.column_keys]
    if entry.year:
        parts.append(f"y{entry.year}")
    if entry.validity:
        parts.append(f"v{entry.validity}")
    return " ".join(parts)


def text_fields(entry: Entry) -> tuple[str, ...]:
    """The segmented text of an entry's fields, in TEXT_FIELDS order (the bench reuses this)."""
    doc_no = segment.index_text(entry.doc_no)
    if entry.doc_no:
        doc_no = f"{doc_no} {doc_no_token(entry.doc_no)}"
    index_no = segment.index_text(entry.index_no)
    if entry.index_no:
        index_no = f"{index_no} {index_no_token(entry.index_no)}"
    return (
        segment.index_text(entry.title),
        doc_no,
        index_no,
        segment.index_text(entry.unit),
        segment.index_text(entry.columns),
        segment.index_text(entry.body),
        segment.index_text(entry.attachments),
    )
