"""Document rules: dates, 发文字号 normalisation, validity and repeal relations, sanitised bodies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.catalog.models import Validity
from tests.factories import DocumentFactory, UnitFactory


def test_doc_no_in_any_bracket_style_is_stored_with_hexagonal_brackets(unit):
    doc = DocumentFactory(unit=unit, doc_no="金政办发 [2014] 68号")
    doc.refresh_from_db()
    assert doc.doc_no == "金政办发〔2014〕68号"
    assert (doc.doc_no_prefix, doc.doc_no_year, doc.doc_no_seq) == ("金政办发", 2014, 68)


def test_garbage_doc_no_is_refused_with_a_chinese_message(unit):
    with pytest.raises(ValidationError) as info:
        DocumentFactory(unit=unit, doc_no="第几号文件")
    assert "发文字号" in str(info.value.message_dict["doc_no"])


def test_written_date_after_published_date_is_refused_by_validation(document):
    document.published_on = document.written_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert "发布日期不能早于成文日期" in str(info.value)


def test_written_date_after_published_date_is_refused_by_the_database(document):
    document.published_on = document.written_on - dt.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        document.save()


def test_a_document_cannot_be_repealed_by_itself(document):
    document.validity = Validity.REPEALED
    document.replaced_by = document
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert "自身" in str(info.value)


def test_a_document_cannot_be_repealed_by_a_document_it_repealed(unit):
    old = DocumentFactory(unit=unit)
    new = DocumentFactory(unit=unit)
    old.validity, old.replaced_by = Validity.REPEALED, new
    old.full_clean()
    old.save()
    new.validity, new.replaced_by = Validity.REPEALED, old
    with pytest.raises(ValidationError) as info:
        new.full_clean()
    assert "循环" in str(info.value)


def test_a_longer_repeal_cycle_is_refused_too(unit):
    a, b, c = (DocumentFactory(unit=unit) for _ in range(3))
    a.validity, a.replaced_by = Validity.REPEALED, b
    a.save()
    b.validity, b.replaced_by = Validity.REPEALED, c
    b.save()
    c.validity, c.replaced_by = Validity.REPEALED, a
    with pytest.raises(ValidationError):
        c.full_clean()


def test_a_valid_document_cannot_name_a_replacement(unit):
    a, b = DocumentFactory(unit=unit), DocumentFactory(unit=unit)
    a.replaced_by = b
    with pytest.raises(ValidationError) as info:
        a.full_clean()
    assert "有效的文件" in str(info.value)


def test_columns_of_another_unit_are_refused(unit):
    other = UnitFactory(code="620321096", name="永昌县另一局")
    doc = DocumentFactory(unit=unit)
    doc.columns.set([other.columns.get(key="art20-01")])
    with pytest.raises(ValidationError) as info:
        doc.full_clean()
    assert "本机构的栏目" in str(info.value)


def test_scripts_and_event_handlers_are_removed_from_the_body(unit):
    doc = DocumentFactory(
        unit=unit,
        body='<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:x()">链接</a></p>',
    )
    doc.refresh_from_db()
    assert "script" not in doc.body and "onclick" not in doc.body and "javascript" not in doc.body
    assert "正文" in doc.body and "链接" in doc.body
