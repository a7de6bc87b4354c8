"""The inspection as a task (django-tasks): inline with the immediate backend, on a worker in
production, so the back-office button never holds a web worker for the whole crawl."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django_tasks import task

from gongkai.ops import inspection
from gongkai.ops.models import Trigger


@task()
def run_inspection(
    base_url: str | None = None,
    day: str | None = None,
    user_id: int | None = None,
    trigger: str = Trigger.MANUAL,
    crawl: bool = True,
) -> int:
    """Run one inspection; returns the run's id."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    result = inspection.run(
        base_url=base_url,
        crawl=crawl,
        today=date.fromisoformat(day) if day else None,
        trigger=trigger,
        user=user,
    )
    return result.pk
