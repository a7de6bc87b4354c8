"""Keep the search index in step with the models.

A document that stops being public (withdrawn, unpublished, made 依申请公开) leaves the index
at once, in the transaction that changed it, so no search can find it a moment later. A
document that is (still) public is re-indexed through the task queue from what the database
then holds, so a draft revision saved on a live document never reaches the index, only the
reviewed version does. With the immediate task backend (the default) the task runs at once, in
the same transaction: the index is in the same database, so it commits or rolls back with the
change. With a queue, the task is enqueued once the transaction has committed.

A message (留言) follows the same rule: indexed through the task queue while it is public
(Message.objects.public()), taken out at once when it is not. The messages app updates its rows
with queryset .update(), so no post_save tells; it sends ``public_changed`` (after commit)
whenever a message may have entered or left the public list (reply published, withheld). A
reply published again (corrected) or unpublished in the back office, and a deleted reply or
message, are caught here too, from Wagtail's signals and post_delete.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.signals import published, unpublished

from gongkai.catalog.models import Column, Document, DocumentAttachment
from gongkai.catalog.signals import document_saved

# Imported before the receivers below connect, so that the messages app's own receiver of a
# reply's publication (which answers the message) runs before search looks at the message.
from gongkai.interaction.messages.models import Message, MessageReply
from gongkai.interaction.messages.signals import public_changed
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
        _enqueue(tasks.index_unit_messages, instance.pk)


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


def message_changed(pk: int) -> None:
    """Index a message that is public now (task queue); take one that is not out at once."""
    if Message.objects.public().filter(pk=pk).exists():
        _enqueue(tasks.index_messages, [pk])
    elif not services.defer_update("remove"):
        services.remove_messages([pk])


@receiver(public_changed)
def message_public_changed(sender, message: Message, **kwargs) -> None:
    message_changed(message.pk)


@receiver(published, sender=MessageReply)
@receiver(unpublished, sender=MessageReply)
def reply_published_or_unpublished(sender, instance: MessageReply, **kwargs) -> None:
    """A reply published again after the message was answered (a correction) changes what the
    public reads, and an unpublished one takes the message off the list: neither sends
    public_changed."""
    message_changed(instance.message_id)


@receiver(post_delete, sender=MessageReply)
@receiver(post_delete, sender=Message)
def message_deleted(sender, instance, **kwargs) -> None:
    services.remove_messages([instance.message_id if sender is MessageReply else instance.pk])
