"""E-mail reminders of 留言 to the handling unit's staff: 1 working day before the reply is due
and once when it is overdue; the daily job also settles provisional due dates and deletes
messages whose e-mail code was never typed within a week.

`gongkai messages remind` (daily, beside `gongkai foi remind`) enqueues
:func:`send_message_reminders`; with the default immediate task backend it runs in the same
process. A ReminderSent row per message, due date and step makes a second run send nothing.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from gongkai.interaction.messages import services
from gongkai.interaction.messages.models import Message, ReminderSent

DUE_SOON = 1  # working days left
OVERDUE = -1


def recipients(message: Message) -> list[str]:
    """Active staff of the handling unit who may handle messages."""
    users = get_user_model().objects.filter(is_active=True, units=message.unit).exclude(email="")
    return sorted({u.email for u in users if u.has_perm("citizen_messages.change_message")})


def due_reminders(today: date):
    cal = services.calendar()
    for message in Message.objects.open().select_related("unit"):
        status = services.status(message, on=today, cal=cal)
        if status.days_left is None:
            continue
        if status.days_left < 0:
            yield message, status, OVERDUE
        elif status.days_left <= DUE_SOON:
            yield message, status, DUE_SOON


def send_for(message: Message, status, step: int) -> bool:
    to = recipients(message)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                message=message, due=message.due_on, days_left=step, recipients=", ".join(to)
            )
    except IntegrityError:
        return False
    if not to:
        return True
    link = f"{settings.WAGTAILADMIN_BASE_URL}/admin/messages/{message.pk}/"
    when = (
        f"已逾期（应于{message.due_on:%Y年%-m月%-d日}前答复）"
        if step == OVERDUE
        else f"应于{message.due_on:%Y年%-m月%-d日}前答复，还剩{status.days_left}个工作日"
    )
    send_mail(
        subject=f"【留言办理】“{message.subject}”{'已逾期' if step == OVERDUE else '即将到期'}",
        message=(
            f"{message.unit.name}于{message.received_on:%Y年%-m月%-d日}受理的"
            f"{message.get_kind_display()}留言“{message.subject}”{when}。\n\n办理页面：{link}"
        ),
        from_email=None,
        recipient_list=to,
    )
    return True


@task()
def send_message_reminders(today: str | None = None) -> int:
    """Settle provisional due dates, drop week-old unverified messages, then send today's
    reminders; returns how many went out."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    services.refresh_due_dates()
    services.purge_unverified()
    return sum(send_for(m, status, step) for m, status, step in due_reminders(day))
