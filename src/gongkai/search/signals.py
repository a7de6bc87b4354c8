"""Keep the search index in step with the models.

A document that stops being public (withdrawn, unpublished, made 依申请公开) leaves the index
at once, in the transaction that changed it, so no search can find it a moment later. A
document that is (still) public is re-indexed through the task queue from what the database
then holds, so a draft revision saved on a live document never reaches the index, only the
reviewed version does. With the immediate task backend (the default) the task runs at once, in
the same transaction: the index is in the same database, so it commits or rolls back with the
change. With a queue, the task is enqueued once the transaction has committed.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from gongkai.catalog.models import Column, Document, DocumentAttachment
from gongkai.catalog.signals import document_saved
from gongkai.orgs.models import Leader, Unit, WorkingBody
from gongkai.search import services, tasks
from gongkai.search.entries import Kind


def _enqueue(task, *args) -> None:
    if services.defer_update(task.name):
        return
    if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(partial(task.enqueue, *args))


@receiver(document_saved)
def document_changed(sender, instance: Document, **kwargs) -> None:
    if Document.objects.filter(pk=instance.pk).public().exists():
        _enqueue(tasks.index_documents, [instance.pk])
    elif not services.defer_update("remove"):
        services.remove_documents([instance.pk])


@receiver(post_save, sender=DocumentAttachment)
@receiver(post_delete, sender=DocumentAttachment)
def attachment_changed(sender, instance: DocumentAttachment, **kwargs) -> None:
    """An attachment added or removed outside the document's own save (the importer, the demo)."""
    if not kwargs.get("raw"):
        _enqueue(tasks.index_documents, [instance.document_id])


@receiver(post_delete, sender=Document)
def document_deleted(sender, instance: Document, **kwargs) -> None:
    services.remove_documents([instance.pk])


@receiver(pre_save, sender=Unit)
@receiver(pre_save, sender=Column)
def remember_name(sender, instance, **kwargs) -> None:
    if instance.pk:
        second = "short_name" if sender is Unit else "parent_id"
        instance._search_old = sender.objects.filter(pk=instance.pk).values("name", second).first()
    else:
        instance._search_old = None


@receiver(post_save, sender=Unit)
def unit_saved(sender, instance: Unit, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    _enqueue(tasks.index_unit, instance.pk)
    old = getattr(instance, "_search_old", None)
    if old and (old["name"], old["short_name"]) != (instance.name, instance.short_name):
        _enqueue(tasks.index_unit_documents, instance.pk)


@receiver(post_save, sender=Column)
def column_saved(sender, instance: Column, raw: bool = False, **kwargs) -> None:
    old = getattr(instance, "_search_old", None)
    if not raw and kwargs.get("created") and instance.key == "request":
        _enqueue(tasks.index_unit, instance.unit_id)  # the unit's request how-to links to it
    elif not raw and old and (old["name"], old["parent_id"]) != (instance.name, instance.parent_id):
        _enqueue(tasks.index_column_documents, instance.pk)


@receiver(post_save, sender=Leader)
@receiver(post_save, sender=WorkingBody)
def person_or_body_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        _enqueue(tasks.index_unit, instance.unit_id)


@receiver(post_delete, sender=Leader)
def leader_deleted(sender, instance: Leader, **kwargs) -> None:
    services.remove_keys([f"{Kind.LEADER}:{instance.pk}"])


@receiver(post_delete, sender=WorkingBody)
def body_deleted(sender, instance: WorkingBody, **kwargs) -> None:
    services.remove_keys([f"{Kind.BODY}:{instance.pk}"])


@receiver(post_delete, sender=Unit)
def unit_deleted(sender, instance: Unit, **kwargs) -> None:
    services.remove_keys([f"{Kind.UNIT}:{instance.pk}", f"{Kind.GUIDE}:{instance.pk}"])
