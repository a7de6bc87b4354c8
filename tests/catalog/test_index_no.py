"""索引号: allocated by the system, unit code + year + 5-digit sequence, unique, never reused."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from gongkai.catalog.models import Document
from gongkai.catalog.services import allocate_index_seq, format_index_no
from tests.factories import DocumentFactory


def test_index_number_is_unit_code_year_and_padded_sequence(unit):
    first = DocumentFactory(
        unit=unit, written_on=dt.date(2014, 5, 1), published_on=dt.date(2014, 5, 2)
    )
    second = DocumentFactory(
        unit=unit, written_on=dt.date(2014, 6, 1), published_on=dt.date(2014, 6, 2)
    )
    assert first.index_no == "620321099/2014-00001"
    assert second.index_no == "620321099/2014-00002"


def test_each_year_has_its_own_sequence(unit):
    DocumentFactory(unit=unit, written_on=dt.date(2014, 5, 1), published_on=dt.date(2014, 5, 2))
    later = DocumentFactory(
        unit=unit, written_on=dt.date(2015, 1, 3), published_on=dt.date(2015, 1, 4)
    )
    assert later.index_no == "620321099/2015-00001"


def test_a_deleted_documents_number_is_never_given_again(unit):
    doc = DocumentFactory(unit=unit)
    number = doc.index_no
    doc.delete()
    assert DocumentFactory(unit=unit).index_no != number


def test_the_index_number_does_not_change_when_the_document_is_edited(document):
    number = document.index_no
    document.title = "新标题"
    document.written_on = dt.date(2020, 1, 1)
    document.save()
    document.refresh_from_db()
    assert document.index_no == number


def test_format_pads_the_sequence_to_five_digits():
    assert format_index_no("620321000", 2014, 68) == "620321000/2014-00068"


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocation_from_many_threads_gives_no_duplicate():
    from tests.factories import UnitFactory

    unit = UnitFactory(code="620321098")
    results: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(25):
                seq = allocate_index_seq(unit, 2024)
                with lock:
                    results.append(seq)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, 201))


@pytest.mark.django_db(transaction=True)
def test_concurrent_document_creation_gives_unique_index_numbers():
    from tests.factories import UnitFactory

    unit = UnitFactory(code="620321097")
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(10):
                DocumentFactory(unit=unit, title=f"并发文件{n}-{i}")
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = list(Document.objects.filter(unit=unit).values_list("index_no", flat=True))
    assert len(numbers) == 40 == len(set(numbers))
