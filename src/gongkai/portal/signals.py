"""Keep the static export (GONGKAI_STATIC_EXPORT_DIR) in step with publications.

A document published, withdrawn or edited changes its page and the lists, feeds and pages it
shows on; the task re-exports them once the change has committed (a rolled-back change must
not reach the files nginx serves). The task itself skips a document that is neither public
nor exported (a draft saved again).
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from gongkai.catalog.models import Document
from gongkai.catalog.signals import document_saved
from gongkai.portal import tasks


@receiver(document_saved)
def document_changed(sender, instance: Document, **kwargs) -> None:
    if not settings.GONGKAI_STATIC_EXPORT_DIR:
        return
    transaction.on_commit(partial(tasks.export_document_pages.enqueue, instance.pk))
