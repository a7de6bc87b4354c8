"""E-mail reminders to the handler 5 and 1 working days before a reply is due.

`gongkai foi remind` (daily, from the scheduler in docs/operations) enqueues
:func:`send_deadline_reminders` on the task queue; with the default immediate backend it runs
in the same process, so a single-machine install needs no worker. A job that missed a day
(server down) catches up: the reminder for the nearest step not yet sent goes out once.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from gongkai.requests import services
from gongkai.requests.models import ReminderSent, RequestCase

STEPS = (1, 5)  # working days left; the smaller step wins when both apply


def recipients(case: RequestCase) -> list[str]:
    """The handler; without one (or without an address), the unit's request staff."""
    if case.handler and case.handler.email and case.handler.is_active:
        return [case.handler.email]
    users = get_user_model().objects.filter(is_active=True, units=case.unit).exclude(email="")
    return sorted({u.email for u in users if u.has_perm("foi_requests.change_requestcase")})


def due_reminders(today: date):
    """(case, status, step) for every open case that should get a reminder today."""
    cases = (
        RequestCase.objects.filter(answered_on__isnull=True)
        .select_related("unit", "handler")
        .prefetch_related("events")
    )
    cal = services.calendar()
    for case in cases:
        status = services.status(case, today=today, cal=cal)
        if status.days_left is None or status.days_left < 0 or status.waiting_for:
            continue
        step = next((s for s in STEPS if status.days_left <= s), None)
        if step is not None:
            yield case, status, step


def send_for(case: RequestCase, status, step: int) -> bool:
    due = status.deadline.due
    to = recipients(case)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                case=case, due=due, days_left=step, recipients=", ".join(to)
            )
    except IntegrityError:
        return False  # already sent for this due date and step
    if not to:
        return True
    provisional = "（暂定：该年份尚无国务院放假通知，按法定节日推算）" if status.provisional else ""
    link = f"{settings.WAGTAILADMIN_BASE_URL}/admin/requests/{case.pk}/"
    send_mail(
        subject=f"【依申请公开】{case.code} 还剩{status.days_left}个工作日到期",
        message=(
            f"{case.unit.name}于{case.received_on:%Y年%-m月%-d日}收到的政府信息公开申请"
            f"（查询码 {case.code}）应于{due:%Y年%-m月%-d日}前答复{provisional}，"
            f"还剩{status.days_left}个工作日。\n\n"
            f"办理页面：{link}\n\n"
            "条例第三十三条：自收到申请之日起20个工作日内答复；需要延长的，"
            "经政府信息公开工作机构负责人同意，最长延长20个工作日。"
        ),
        from_email=None,
        recipient_list=to,
    )
    return True


@task()
def send_deadline_reminders(today: str | None = None) -> int:
    """Send today's reminders; returns how many went out."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return sum(send_for(case, status, step) for case, status, step in due_reminders(day))
