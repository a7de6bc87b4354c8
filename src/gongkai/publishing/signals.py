"""Keep publication state consistent: publishing again lifts an earlier withdrawal."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import published

from gongkai.catalog.models import Document


@receiver(published, sender=Document)
def clear_withdrawal(sender, instance, **kwargs):
    if instance.withdrawn_at is not None:
        Document.objects.filter(pk=instance.pk).update(
            withdrawn_at=None, withdrawn_reason="", withdrawn_by=None
        )
        instance.withdrawn_at = None
