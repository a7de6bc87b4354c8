"""Rules of the catalog: 索引号 allocation, 发文字号 normalisation, document validity, standard columns."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from gongkai.catalog import columns as standard
from gongkai.catalog.docno import DocNoError, parse_doc_no
from gongkai.catalog.models import Column, Document, IndexCounter, ListingEntry, Validity
from gongkai.orgs.models import Unit

INDEX_SEQ_DIGITS = 5


def format_index_no(unit_code: str, year: int, seq: int) -> str:
    """索引号 = 机构代码/年份-顺序号, e.g. 620321000/2014-00001 (docs/glossary.md)."""
    return f"{unit_code}/{year:04d}-{seq:0{INDEX_SEQ_DIGITS}d}"


def allocate_index_seq(unit: Unit, year: int) -> int:
    """Next sequence number for the unit and year, race-free on SQLite and PostgreSQL.

    The increment is a single UPDATE ... SET last = last + 1, which takes the row's write
    lock before reading, so two allocators can never read the same value. The counter row
    is created under its unique constraint; a concurrent creator loses and increments.
    Numbers are never handed out twice; a rolled-back allocation may leave a gap.
    """
    with transaction.atomic():
        counter = IndexCounter.objects.filter(unit=unit, year=year)
        if not counter.update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    IndexCounter.objects.create(unit=unit, year=year, last=1)
                return 1
            except IntegrityError:
                counter.update(last=F("last") + 1)
        return counter.values_list("last", flat=True).get()


def assign_index_no(document: Document) -> None:
    year = document.written_on.year
    seq = allocate_index_seq(document.unit, year)
    document.index_year, document.index_seq = year, seq
    document.index_no = format_index_no(document.unit.code, year, seq)


def apply_doc_no(document: Document) -> None:
    """Store the 发文字号 in its normalised 〔〕 form with its parts, or refuse garbage."""
    text = (document.doc_no or "").strip()
    if not text:
        document.doc_no, document.doc_no_prefix = "", ""
        document.doc_no_year = document.doc_no_seq = None
        return
    try:
        parsed = parse_doc_no(text)
    except DocNoError as error:
        raise ValidationError({"doc_no": error.message_zh}) from error
    document.doc_no = parsed.normalized
    document.doc_no_prefix, document.doc_no_year, document.doc_no_seq = (
        parsed.prefix,
        parsed.year,
        parsed.seq,
    )


def validate_document(document: Document) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if (
        document.written_on
        and document.published_on
        and document.written_on > document.published_on
    ):
        add("published_on", "发布日期不能早于成文日期。")
    if document.repealed_on and document.written_on and document.repealed_on < document.written_on:
        add("repealed_on", "失效或废止日期不能早于成文日期。")
    if document.validity == Validity.VALID:
        if document.replaced_by_id:
            add("replaced_by", "有效的文件不能有废止或替代它的文件；请先把有效性改为失效或废止。")
        if document.repealed_on:
            add("repealed_on", "有效的文件不能有失效或废止日期。")
    if document.replaced_by_id:
        if document.pk and document.replaced_by_id == document.pk:
            add("replaced_by", "文件不能被自身废止或替代。")
        elif document.pk and _replacement_chain_reaches(document.replaced_by_id, document.pk):
            add(
                "replaced_by",
                "废止关系不能形成循环：所选文件已经（直接或间接）被本文件废止或替代。",
            )
    if document.doc_no:
        try:
            parse_doc_no(document.doc_no)
        except DocNoError as error:
            add("doc_no", error.message_zh)
    if document.unit_id:
        other_units = [c for c in document.columns.all() if c.unit_id != document.unit_id]
        if other_units:
            add("columns", "只能选择本机构的栏目：" + "、".join(str(c) for c in other_units))
    if errors:
        raise ValidationError(errors)


def _replacement_chain_reaches(start_pk: int, target_pk: int) -> bool:
    seen: set[int] = set()
    current: int | None = start_pk
    while current is not None and current not in seen:
        if current == target_pk:
            return True
        seen.add(current)
        current = Document.objects.filter(pk=current).values_list("replaced_by", flat=True).first()
    return False


@transaction.atomic
def ensure_standard_columns(unit: Unit) -> dict[str, Column]:
    """Create the five standard columns and the statutory sub-columns; idempotent."""
    result: dict[str, Column] = {}
    for position, spec in enumerate(standard.ALL):
        column, _ = Column.objects.get_or_create(
            unit=unit,
            key=spec.key,
            defaults={
                "name": spec.name,
                "description": spec.description,
                "parent": result.get(spec.parent) if spec.parent else None,
                "position": position,
                "update_cycle_days": spec.update_cycle_days,
                "is_standard": True,
            },
        )
        result[spec.key] = column
    return result


def _with_ancestors(column_ids: set[int]) -> set[int]:
    if not column_ids:
        return set()
    # Column trees are per unit: read only the units concerned, not every column on the platform.
    units = Column.objects.filter(pk__in=column_ids).values("unit_id")
    parents = dict(Column.objects.filter(unit_id__in=units).values_list("pk", "parent_id"))
    result: set[int] = set()
    for column_id in column_ids:
        while column_id is not None and column_id not in result:
            result.add(column_id)
            column_id = parents.get(column_id)
    return result


def sync_listing(document: Document) -> None:
    """Put the document in the lists of its columns and their ancestors, or take it out."""
    wanted = (
        # .all(), not values_list(): on an object rebuilt from a revision the relation is
        # modelcluster's in-memory one, which cannot do values_list("pk").
        _with_ancestors({column.pk for column in document.columns.all()})
        if document.is_public
        else set()
    )
    entries = ListingEntry.objects.filter(document=document)
    entries.exclude(column_id__in=wanted).delete()
    entries.filter(column_id__in=wanted).update(
        published_on=document.published_on,
        index_year=document.index_year,
        index_seq=document.index_seq,
    )
    present = set(entries.values_list("column_id", flat=True))
    ListingEntry.objects.bulk_create(
        ListingEntry(
            column_id=column_id,
            document=document,
            published_on=document.published_on,
            index_year=document.index_year,
            index_seq=document.index_seq,
        )
        for column_id in wanted - present
    )


@transaction.atomic
def rebuild_listing(batch_size: int = 5000) -> int:
    """Rebuild every column list from the documents (after bulk loads or column moves)."""
    ListingEntry.objects.all().delete()
    parents = dict(Column.objects.values_list("pk", "parent_id"))
    public = Document.objects.public().values_list("pk", "published_on", "index_year", "index_seq")
    keys = {pk: (published_on, year, seq) for pk, published_on, year, seq in public.iterator()}
    through = Document.columns.through.objects.filter(document_id__in=keys.keys())
    pairs: set[tuple[int, int]] = set()
    for document_id, column_id in through.values_list("document_id", "column_id").iterator():
        while column_id is not None:
            pairs.add((column_id, document_id))
            column_id = parents.get(column_id)
    ListingEntry.objects.bulk_create(
        (
            ListingEntry(
                column_id=column_id,
                document_id=document_id,
                published_on=keys[document_id][0],
                index_year=keys[document_id][1],
                index_seq=keys[document_id][2],
            )
            for column_id, document_id in pairs
        ),
        batch_size=batch_size,
    )
    return len(pairs)
