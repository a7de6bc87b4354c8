"""Search as the site uses it: what goes into the index, keeping it in step, and answering a query.

The index holds published documents (title, 发文字号, 索引号, unit, columns, body, attachment
text), every active unit's leaders, working bodies, contact page and request how-to (依申请公开
指南), and the public messages (留言: Message.objects.public(), as the public reads them, masked
by messages.services.shown, never the raw fields). A document enters the index when it is
published (through the task queue, see tasks.py) and leaves it the moment it is withdrawn,
unpublished or deleted (in the same transaction, see signals.py); a message enters it when its
reply is published and leaves it when it stops being public. Hits are shown only from their
发布日期 on.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.docno import DocNoError, parse_doc_no
from gongkai.catalog.models import Column, Document, DocumentAttachment, Validity
from gongkai.catalog.richtext import plain_text
from gongkai.interaction.messages.models import Message
from gongkai.orgs.models import Leader, Unit, WorkingBody
from gongkai.search import backends, segment, snippets
from gongkai.search.entries import KIND_LABELS, Entry, Filters, Hit, Kind, Results

log = logging.getLogger(__name__)

SIGNATURE = "dictionary_signature"
CONTENTS = "contents"  # the kinds of entry the index was built with
_COLUMN_KEY = re.compile(r"[-a-zA-Z0-9_]{1,50}")
MAX_ATTACHMENT_CHARS = 200_000  # per attachment: enough for any real notice, bounds the index


def backend():
    return backends.for_vendor(connection.vendor)


def _raw():
    connection.ensure_connection()
    return connection.connection


# --------------------------------------------------------------------------- entries


def document_key(pk: int) -> str:
    return f"{Kind.DOCUMENT}:{pk}"


def _doc_no(doc: Document) -> str:
    if not doc.doc_no:
        return ""
    try:
        return parse_doc_no(doc.doc_no).normalized
    except DocNoError:
        return doc.doc_no


def attachment_text(item: DocumentAttachment) -> str:
    """The text of one attachment, or "" when it cannot be read (the gate already said so)."""
    from gongkai.publishing.extract import ExtractionError, extract_text

    try:
        with item.file.file.open("rb") as handle:
            data = handle.read()
        return extract_text(data, item.filename)[:MAX_ATTACHMENT_CHARS]
    except (ExtractionError, OSError, ValueError) as exc:
        log.info(
            "search: attachment %s of document %s not read: %s", item.pk, item.document_id, exc
        )
        return ""


def document_entry(doc: Document) -> Entry | None:
    """The index entry of a document, or None when the public may not find it."""
    if not doc.is_public:
        return None
    columns = list(doc.columns.all())
    names = list(
        dict.fromkeys([*(c.parent.name for c in columns if c.parent), *(c.name for c in columns)])
    )
    items = list(doc.attachments.all())
    attachments = [text for text in map(attachment_text, items) if text]
    titles = " ".join(a.display_title for a in items)
    return Entry(
        key=document_key(doc.pk),
        kind=Kind.DOCUMENT,
        title=doc.title,
        url=doc.get_absolute_url(),
        unit_code=doc.unit.code,
        unit=f"{doc.unit.name} {doc.unit.short_name}".strip(),
        doc_no=_doc_no(doc),
        index_no=doc.index_no,
        columns=" ".join(names),
        column_keys=tuple(
            sorted({c.key for c in columns} | {c.parent.key for c in columns if c.parent})
        ),
        body=" ".join(p for p in (doc.keywords, plain_text(doc.body)) if p),
        attachments="\n".join([titles, *attachments]).strip(),
        year=doc.published_on.year if doc.published_on else None,
        validity=doc.validity,
        published_on=doc.published_on.isoformat() if doc.published_on else "",
    )


def _guide_text(unit: Unit) -> str:
    from gongkai.requests.public_views import column_guide

    guide = column_guide(unit, "request")
    if guide is None:
        return ""
    html = render_to_string("requests/public/_guide.html", {"unit": unit, "request_guide": guide})
    return plain_text(html)


def unit_entries(unit: Unit) -> list[Entry]:
    """A unit's contact page, request how-to, leaders and working bodies (none if inactive)."""
    if not unit.is_active:
        return []
    name = f"{unit.name} {unit.short_name}".strip()
    contact = [
        unit.address,
        unit.postcode,
        unit.phone,
        unit.fax,
        unit.email,
        unit.office_hours,
        unit.disclosure_office,
    ]
    entries = [
        Entry(
            key=f"{Kind.UNIT}:{unit.pk}",
            kind=Kind.UNIT,
            title=unit.name,
            url=unit.get_absolute_url(),
            unit_code=unit.code,
            unit=name,
            body=" ".join(p for p in contact if p),
        )
    ]
    guide = _guide_text(unit)
    request_column = unit.columns.filter(key="request").first()
    if guide and request_column is not None:
        entries.append(
            Entry(
                key=f"{Kind.GUIDE}:{unit.pk}",
                kind=Kind.GUIDE,
                title=f"{unit.name}政府信息公开申请指南",
                url=request_column.get_absolute_url(),
                unit_code=unit.code,
                unit=name,
                columns=request_column.name,
                column_keys=(request_column.key,),
                body=guide,
            )
        )
    for leader in unit.leaders.all():
        entries.append(
            Entry(
                key=f"{Kind.LEADER}:{leader.pk}",
                kind=Kind.LEADER,
                title=f"{leader.name} {leader.post}",
                url=leader.get_absolute_url(),
                unit_code=unit.code,
                unit=name,
                body="\n".join(p for p in (leader.duties, leader.resume) if p),
            )
        )
    for body in unit.bodies.all():
        entries.append(
            Entry(
                key=f"{Kind.BODY}:{body.pk}",
                kind=Kind.BODY,
                title=body.name,
                url=f"{unit.get_absolute_url()}#body-{body.pk}",
                unit_code=unit.code,
                unit=name,
                body=" ".join(p for p in (body.duties, body.phone) if p),
            )
        )
    return entries


def _unit_keys(unit_pk: int, leaders: Iterable[int], bodies: Iterable[int]) -> list[str]:
    return [
        f"{Kind.UNIT}:{unit_pk}",
        f"{Kind.GUIDE}:{unit_pk}",
        *(f"{Kind.LEADER}:{pk}" for pk in leaders),
        *(f"{Kind.BODY}:{pk}" for pk in bodies),
    ]


def message_key(pk: int) -> str:
    return f"{Kind.MESSAGE}:{pk}"


def _public_messages():
    return Message.objects.public().select_related("unit", "reply")


def _message_calendar():
    from gongkai.interaction.messages import services as messages

    return messages.calendar()


def message_entry(message: Message, cal=None) -> Entry:
    """The index entry of a public message (one of Message.objects.public(): answered through
    review, the citizen agreed, not withheld).

    Only its public text goes in, masked as the public reads it (messages.services.shown: the
    citizen's name as 王**, phone and ID numbers, e-mail and address masked): the subject is the
    title, the message and the reply the body. A phone number, an ID number or the full name
    the citizen wrote is never searchable. ``cal``: the working-day calendar shown() needs.
    """
    from gongkai.interaction.messages import services as messages

    shown = messages.shown(message, cal=cal)
    unit = shown.unit
    replied = shown.replied_on
    return Entry(
        key=message_key(shown.pk),
        kind=Kind.MESSAGE,
        title=shown.subject,
        url=reverse("messages:detail", args=[shown.pk]),
        unit_code=unit.code,
        unit=f"{unit.name} {unit.short_name}".strip(),
        columns=f"留言 {shown.kind}",  # 留言 and 咨询/建议/投诉: "留言 供暖", "投诉 超市"
        body="\n".join(p for p in (shown.text, shown.reply) if p),
        year=replied.year if replied else None,
        published_on=replied.isoformat() if replied else "",
    )


def _message_entries(messages: list[Message]) -> list[Entry]:
    cal = _message_calendar() if messages else None
    return [message_entry(m, cal) for m in messages]


# --------------------------------------------------------------------------- keeping it in step

_deferred: ContextVar[list[str] | None] = ContextVar("search_index_deferred", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Skip the per-save index updates inside the block, then rebuild the index once if needed.

    For bulk loads (the demo county, imports): one rebuild is several times cheaper than
    indexing every save. The rebuild runs when an update was skipped or the index was made with
    another dictionary; when the block raises, nothing is rebuilt (its transaction is gone too).
    """
    skipped: list[str] = []
    token = _deferred.set(skipped)
    try:
        yield
    finally:
        _deferred.reset(token)
    if skipped or not index_state()["current"]:
        reindex()


def defer_update(what: str) -> bool:
    """True (and noted) when index updates are deferred: the caller then skips its update."""
    skipped = _deferred.get()
    if skipped is None:
        return False
    skipped.append(what)
    return True


def _documents():
    return Document.objects.select_related("unit").prefetch_related(
        "columns__parent", "attachments__file"
    )


def index_documents(pks: Iterable[int]) -> int:
    """Put these documents in the index as they now stand in the database (or take them out)."""
    pks = list(pks)
    entries = [e for e in map(document_entry, _documents().filter(pk__in=pks)) if e]
    indexed = {e.key for e in entries}
    gone = [key for key in map(document_key, pks) if key not in indexed]
    module, raw = backend(), _raw()
    with transaction.atomic():
        if gone:
            module.remove(raw, gone)
        module.add(raw, entries)
    return len(entries)


def remove_documents(pks: Iterable[int]) -> int:
    return backend().remove(_raw(), [document_key(pk) for pk in pks])


def index_messages(pks: Iterable[int]) -> int:
    """Put these messages in the index as they now stand, if public; take the others out."""
    pks = list(pks)
    entries = _message_entries(list(_public_messages().filter(pk__in=pks)))
    indexed = {e.key for e in entries}
    gone = [key for key in map(message_key, pks) if key not in indexed]
    module, raw = backend(), _raw()
    with transaction.atomic():
        if gone:
            module.remove(raw, gone)
        module.add(raw, entries)
    return len(entries)


def remove_messages(pks: Iterable[int]) -> int:
    return backend().remove(_raw(), [message_key(pk) for pk in pks])


def index_unit(unit_pk: int) -> int:
    """Refresh a unit's own entries (contact, how-to, leaders, working bodies).

    A deleted leader or working body leaves the index through its own signal (signals.py).
    """
    module, raw = backend(), _raw()
    unit = Unit.objects.filter(pk=unit_pk).prefetch_related("leaders", "bodies").first()
    leaders = Leader.objects.filter(unit_id=unit_pk).values_list("pk", flat=True)
    bodies = WorkingBody.objects.filter(unit_id=unit_pk).values_list("pk", flat=True)
    with transaction.atomic():
        module.remove(raw, _unit_keys(unit_pk, leaders, bodies))
        return module.add(raw, unit_entries(unit) if unit is not None else [])


def remove_keys(keys: list[str]) -> int:
    return backend().remove(_raw(), keys)


def reindex(progress: Callable[[int, int], None] | None = None, batch: int = 200) -> dict[str, int]:
    """Rebuild the whole index from the database, in one transaction; progress(done, total)
    after each batch. Searches on other connections see the old index until it commits."""
    module, raw = backend(), _raw()
    units = list(Unit.objects.prefetch_related("leaders", "bodies"))
    pks = list(Document.objects.public().order_by("pk").values_list("pk", flat=True))
    message_pks = list(Message.objects.public().order_by("pk").values_list("pk", flat=True))
    total, done = len(units) + len(pks) + len(message_pks), 0
    counts = {"documents": 0, "messages": 0, "others": 0}
    with transaction.atomic():
        module.clear(raw)
        for unit in units:
            counts["others"] += module.add(raw, unit_entries(unit))
        done += len(units)
        if progress:
            progress(done, total)
        for start in range(0, len(pks), batch):
            chunk = pks[start : start + batch]
            entries = [e for e in map(document_entry, _documents().filter(pk__in=chunk)) if e]
            counts["documents"] += module.add(raw, entries)
            done += len(chunk)
            if progress:
                progress(done, total)
        for start in range(0, len(message_pks), batch):
            chunk = message_pks[start : start + batch]
            entries = _message_entries(list(_public_messages().filter(pk__in=chunk)))
            counts["messages"] += module.add(raw, entries)
            done += len(chunk)
            if progress:
                progress(done, total)
        module.set_meta(raw, SIGNATURE, segment.dictionary_signature())
        module.set_meta(raw, CONTENTS, contents())
        module.optimize(raw)
    return counts


def contents() -> str:
    """The kinds of entry a rebuild puts in the index. An index built by a version that lacked
    one (before 留言 were searchable) has another value, or none, and needs a rebuild."""
    return " ".join(Kind)


def index_state() -> dict[str, object]:
    """How many entries the index holds and whether it is current: built with the current
    dictionary, holding every kind of entry, and its messages exactly the public ones (a
    message made public or taken off the list without the index hearing of it is caught here:
    they are few, so they are compared one by one; documents are too many for that)."""
    module, raw = backend(), _raw()
    stored = module.get_meta(raw, SIGNATURE)
    kinds = module.get_meta(raw, CONTENTS)
    indexed = {key.partition(":")[2] for key in module.keys(raw, f"{Kind.MESSAGE}:")}
    public = {str(pk) for pk in Message.objects.public().values_list("pk", flat=True)}
    return {
        "entries": module.count(raw),
        "signature": stored,
        "contents": kinds,
        "messages_out_of_step": len(indexed ^ public),
        "current": stored == segment.dictionary_signature()
        and kinds == contents()
        and indexed == public,
    }


# --------------------------------------------------------------------------- answering


@dataclass
class ShownHit:
    hit: Hit
    title: tuple[snippets.Piece, ...]
    snippet: snippets.Snippet
    kind_label: str
    unit_name: str
    doc: Document | None = None
    in_attachment: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[tuple[str, str, int]]  # (value, label, count)
    selected: str = ""


@dataclass
class SearchPage:
    query: segment.Query
    results: Results
    hits: list[ShownHit]
    facets: list[Facet]
    page: int
    per_page: int
    suggestion: str | None = None  # "did you mean" a unit name
    suggested_query: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    kind_counts: dict[str, int] = field(default_factory=dict)
    instead_of: str = ""  # the query as typed, when these are the results of the suggestion
    missing: tuple[str, ...] = ()  # words left out because no entry holds them with the others

    @property
    def total(self) -> int:
        return self.results.total

    @property
    def pages(self) -> int:
        return max(1, -(-self.results.total // self.per_page))


def parse_filters(params: dict[str, str]) -> tuple[Filters, dict[str, str]]:
    """Filters from request parameters; values that cannot be are dropped, never an error."""
    clean: dict[str, str] = {}
    kind = params.get("kind") or None
    if kind not in {k.value for k in Kind}:
        kind = None
    unit = params.get("unit") or None
    if unit and not (unit.isdigit() and len(unit) <= 12):
        unit = None
    column = params.get("column") or None
    if column and not _COLUMN_KEY.fullmatch(column):
        column = None
    year_text = params.get("year") or ""
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    validity = params.get("validity") or None
    if validity not in Validity.values:
        validity = None
    for name, value in (
        ("kind", kind),
        ("unit", unit),
        ("column", column),
        ("year", year),
        ("validity", validity),
    ):
        if value:
            clean[name] = str(value)
    filters = Filters(
        today=timezone.localdate().isoformat(),
        kind=kind,
        unit_code=unit,
        column=column,
        year=year,
        validity=validity,
    )
    return filters, clean


def search(
    text: str,
    params: dict[str, str] | None = None,
    *,
    page: int = 1,
    per_page: int = 10,
    facets: bool = True,
    _retry: bool = True,
) -> SearchPage:
    """One page of results for a search box and its filters, with snippets and facets.

    Two second chances, each said on the page: a unit name typed wrong (公按局), which does not
    occur as typed anywhere, is searched as the name it most likely means; and words that are
    never found together are searched without those that would leave nothing (the page names
    them, as "不含：…").
    """
    query = segment.parse_query(text or "")
    filters, clean = parse_filters(params or {})
    page = max(1, page)
    module, raw = backend(), _raw()
    suggestion, suggested_query, typo = _suggestion(query)
    if _retry and typo and not clean and _count(module, raw, f'"{typo}"', filters) == 0:
        # 公按局 finds its three characters here and there: show what 永昌县公安局 finds.
        instead = search(
            suggested_query, params, page=page, per_page=per_page, facets=facets, _retry=False
        )
        if instead.total:
            instead.instead_of = query.raw
            return instead
    missing: tuple[str, ...] = ()
    if (
        _retry
        and len(query.terms) > 1
        and module.search(raw, query, filters, limit=0, facets=False).total == 0
    ):
        query, missing = _relaxed(module, raw, query, filters)
    results = module.search(
        raw, query, filters, limit=per_page, offset=(page - 1) * per_page, facets=facets
    )
    kind_counts = dict(results.facets.get("kind", []))
    if facets and filters.kind:
        # The tabs show every kind's count, not only the chosen one's.
        everything = module.search(raw, query, replace(filters, kind=None), limit=0, facets=True)
        kind_counts = dict(everything.facets.get("kind", []))
    result = SearchPage(
        query=query,
        results=results,
        hits=_show(results.hits, query),
        facets=_facets(results, clean) if facets else [],
        page=page,
        per_page=per_page,
        filters=clean,
        kind_counts={str(k): int(n) for k, n in kind_counts.items()},  # type: ignore[call-overload]
        missing=missing,
    )
    result.suggestion, result.suggested_query = suggestion, suggested_query
    if _retry and result.total == 0 and suggestion and not clean:
        # Nothing for 县人社局: show what the suggested name finds, and say so.
        instead = search(
            suggested_query, params, page=page, per_page=per_page, facets=facets, _retry=False
        )
        if instead.total:
            instead.instead_of = query.raw
            return instead
    return result


def _count(module, raw, text: str, filters: Filters) -> int:
    return module.search(raw, segment.parse_query(text), filters, limit=0, facets=False).total


def _relaxed(module, raw, query: segment.Query, filters: Filters):
    """The query without the terms that leave nothing: the rarest term first, then each next
    rarest that still leaves something (a common word such as 县政府 gives way to 年度报告)."""

    def alone(term: str) -> int:
        trial = replace(query, terms=(term,), text=term)
        return module.search(raw, trial, filters, limit=0, facets=False).total

    counts = {term: alone(term) for term in query.terms}
    found = sorted((t for t in query.terms if counts[t]), key=counts.__getitem__)
    kept: list[str] = []
    # Words first: a lone character such as 不 or 的 is no subject to search by, so when no
    # word of the query is kept there is nothing to show ("不存在的词语" finds nothing).
    for term in [t for t in found if _is_word(t)] + [t for t in found if not _is_word(t)]:
        if not kept and not _is_word(term):
            break
        trial = replace(query, terms=(*kept, term), text=" ".join((*kept, term)))
        if module.search(raw, trial, filters, limit=0, facets=False).total:
            kept.append(term)
    if not kept:
        return query, ()
    kept = [t for t in query.terms if t in kept]  # back in the order typed
    missing = tuple(t for t in query.terms if t not in kept)
    return replace(query, terms=tuple(kept), text=" ".join(kept)), missing


def _is_word(term: str) -> bool:
    """More than one character, or a number or a Latin word (2024, GB): something to search by."""
    return len(term) > 1 or not segment.is_han(term)


def _show(hits: list[Hit], query: segment.Query) -> list[ShownHit]:
    doc_pks = [int(h.key.split(":")[1]) for h in hits if h.kind == Kind.DOCUMENT]
    docs = {d.pk: d for d in Document.objects.filter(pk__in=doc_pks).select_related("unit")}
    others = _other_texts([h for h in hits if not h.body])
    units = dict(
        Unit.objects.filter(code__in={h.unit_code for h in hits}).values_list("code", "name")
    )
    shown = []
    for hit in hits:
        kind, _, pk = hit.key.partition(":")
        doc = docs.get(int(pk)) if kind == Kind.DOCUMENT else None
        text = hit.body or (plain_text(doc.body) if doc else others.get(hit.key, ""))
        snip = snippets.snippet(text, query)
        in_attachment = False
        if not snip.matched and hit.attachments:
            attached = snippets.snippet(hit.attachments, query)
            if attached.matched:
                snip, in_attachment = attached, True
        shown.append(
            ShownHit(
                hit=hit,
                title=snippets.highlight(hit.title, query),
                snippet=snip,
                kind_label=KIND_LABELS[Kind(hit.kind)],
                unit_name=units.get(hit.unit_code, ""),
                doc=doc,
                in_attachment=in_attachment,
            )
        )
    return shown


def _other_texts(hits: list[Hit]) -> dict[str, str]:
    """The text shown under a leader, a working body, a unit, a how-to or a message hit (a
    message's only while it is public, and masked)."""
    wanted: dict[str, set[int]] = {}
    for hit in hits:
        kind, _, pk = hit.key.partition(":")
        if kind != Kind.DOCUMENT:
            wanted.setdefault(kind, set()).add(int(pk))
    texts: dict[str, str] = {}
    for leader in Leader.objects.filter(pk__in=wanted.get(Kind.LEADER, ())):
        texts[f"{Kind.LEADER}:{leader.pk}"] = "\n".join(
            p for p in (leader.duties, leader.resume) if p
        )
    for body in WorkingBody.objects.filter(pk__in=wanted.get(Kind.BODY, ())):
        texts[f"{Kind.BODY}:{body.pk}"] = body.duties
    for unit in Unit.objects.filter(
        pk__in=wanted.get(Kind.UNIT, set()) | wanted.get(Kind.GUIDE, set())
    ):
        if unit.pk in wanted.get(Kind.UNIT, ()):
            texts[f"{Kind.UNIT}:{unit.pk}"] = " ".join(
                p
                for p in (unit.address, unit.phone, unit.office_hours, unit.disclosure_office)
                if p
            )
        if unit.pk in wanted.get(Kind.GUIDE, ()):
            texts[f"{Kind.GUIDE}:{unit.pk}"] = _guide_text(unit)
    messages = list(_public_messages().filter(pk__in=wanted.get(Kind.MESSAGE, ())))
    for entry in _message_entries(messages):
        texts[entry.key] = entry.body
    return texts


FACET_LABELS = {
    "kind": "类别",
    "unit_code": "发布机构",
    "column": "栏目",
    "year": "发布年份",
    "validity": "有效性",
}
_PARAM = {
    "kind": "kind",
    "unit_code": "unit",
    "column": "column",
    "year": "year",
    "validity": "validity",
}


def _facets(results: Results, selected: dict[str, str]) -> list[Facet]:
    units = dict(Unit.objects.values_list("code", "name"))
    keys = [str(v) for v, _ in results.facets.get("column", [])]
    column_names: dict[str, str] = {}
    for key, name in Column.objects.filter(key__in=keys).values_list("key", "name"):
        column_names.setdefault(key, name)  # standard columns share their name across units
    validity = dict(Validity.choices)
    labels: dict[str, Callable[[object], str]] = {
        "kind": lambda v: KIND_LABELS.get(Kind(str(v)), str(v)),
        "unit_code": lambda v: units.get(str(v), str(v)),
        "column": lambda v: column_names.get(str(v), str(v)),
        "year": lambda v: f"{v}年",
        "validity": lambda v: validity.get(str(v), str(v)),
    }
    facets = []
    for name, label in FACET_LABELS.items():
        options = [(str(v), labels[name](v), n) for v, n in results.facets.get(name, [])]
        param = _PARAM[name]
        if options or param in selected:
            facets.append(Facet(param, label, options, selected.get(param, "")))
    return facets


def _suggestion(query: segment.Query) -> tuple[str | None, str, str]:
    """A unit name the query most likely means ("did you mean"), the query with it, and the
    word it replaces."""
    words = query.raw.split()
    if not words:
        return None, "", ""
    names = list(Unit.objects.active().values_list("name", flat=True))
    for word in words:
        name = segment.suggest_unit(word, names)
        if name and name != word and segment.normalize(word) not in segment.normalize(name):
            return name, " ".join(name if w == word else w for w in words), word
    return None, "", ""


def today() -> str:
    return timezone.localdate().isoformat()
