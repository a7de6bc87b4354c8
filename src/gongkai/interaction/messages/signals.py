"""The reply's review shows on the message's timeline, and its publication answers it."""

from __future__ import annotations

from django.dispatch import Signal, receiver
from wagtail.models import WorkflowState
from wagtail.signals import published, workflow_rejected, workflow_submitted

from gongkai.interaction.messages.models import EventKind, MessageReply

# Sent (after commit) with ``message`` when a message may have entered or left the public list
# (its reply published, or withheld from publication): the search index listens.
public_changed = Signal()


@receiver(published, sender=MessageReply)
def reply_published(sender, instance: MessageReply, revision=None, **kwargs):
    from gongkai.interaction.messages import services

    user = getattr(revision, "user", None) if revision is not None else None
    services.reply_published(instance, user=kwargs.get("user") or user)


def _reply_of(state: WorkflowState) -> MessageReply | None:
    obj = state.content_object
    return obj if isinstance(obj, MessageReply) else None


@receiver(workflow_submitted, sender=WorkflowState)
def reply_submitted(sender, instance: WorkflowState, user=None, **kwargs):
    reply = _reply_of(instance)
    if reply is not None:
        from gongkai.interaction.messages import services

        services.record(reply.message, EventKind.REPLY_SUBMITTED, user)


@receiver(workflow_rejected, sender=WorkflowState)
def reply_returned(sender, instance: WorkflowState, user=None, **kwargs):
    reply = _reply_of(instance)
    if reply is not None:
        from gongkai.interaction.messages import services

        state = instance.current_task_state
        note = (state.get_comment() if state is not None else "") or ""
        services.record(reply.message, EventKind.REPLY_RETURNED, user, note=note)
