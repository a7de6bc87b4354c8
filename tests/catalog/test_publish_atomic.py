"""Publishing a document is one transaction: a publish that dies half-way leaves the document
scheduled, and the scheduled job publishes it later (found by make faults: a killed
`publish-scheduled` lost the schedule of the document it was publishing)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.catalog.models import Document, ListingEntry
from tests.factories import DocumentFactory


@pytest.fixture
def scheduled(unit):
    doc = DocumentFactory(unit=unit, title="定时发布的通知", published_on=None, live=False)
    doc.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=5))
    return doc


def test_a_publish_that_fails_half_way_leaves_the_document_scheduled(scheduled, monkeypatch):
    def crash(self, *args, **kwargs):
        raise RuntimeError("the process died here")

    # Wagtail has cleared the revision's go-live time by the moment it saves the document.
    with monkeypatch.context() as patch:
        patch.setattr(Document, "save", crash)
        with pytest.raises(RuntimeError):
            call_command("publish_scheduled")
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert scheduled.latest_revision.approved_go_live_at is not None
    assert not ListingEntry.objects.filter(document=scheduled).exists()

    call_command("publish_scheduled")  # the next run of the job
    scheduled.refresh_from_db()
    assert scheduled.live and ListingEntry.objects.filter(document=scheduled).exists()
