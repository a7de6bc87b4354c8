"""Rules of 留言: receiving, the reply period in working days, transfer, reply, withholding,
conversion and referral, the citizen's look-up, the public (masked) view and the statistics.

The reply period is counted like the Regulation's deadlines (docs/calendar.md): the day of
receipt is not counted, the period ends on the Nth working day after it on the official
calendar with its make-up working days. N is set per kind (``GONGKAI_MESSAGE_DAYS_*``: 咨询 5,
建议 and 投诉 10 by default, the usual terms of county 留言 rules). A transfer to another unit
does not restart the period: the citizen has waited since the day the message arrived.
The 《政府网站与政务新媒体检查指标》 (国办秘函〔2019〕19号) treat messages left unanswered for
more than 3 months as a veto item: ``long_unanswered`` lists them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.interaction.messages.models import (
    EventKind,
    Message,
    MessageEvent,
    MessageKind,
    MessageReply,
    MessageState,
)
from gongkai.interaction.privacy import masked_name, masked_text
from gongkai.orgs.models import Unit
from gongkai.publishing import scope
from gongkai.requests import tracking

CODE_ATTEMPTS = 8
VERIFY_MINUTES = 30
VERIFY_TRIES = 5
LONG_UNANSWERED_DAYS = 90  # 国办秘函〔2019〕19号: "超过3个月未回应" is a veto item


class Refused(Exception):
    """A step that cannot be taken now; the message says why, in Chinese."""


_clock: ContextVar[datetime | None] = ContextVar("gongkai_messages_clock", default=None)


def now() -> datetime:
    return _clock.get() or timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def clock(at: datetime) -> Iterator[None]:
    """Record what happens inside as happening at ``at`` (the demo's past, imports)."""
    token = _clock.set(at)
    try:
        yield
    finally:
        _clock.reset(token)


def calendar():
    """The official working-day calendar with the years staff entered in the back office."""
    from gongkai.workcalendar.services import official_calendar

    return official_calendar()


def reply_days(kind: str) -> int:
    return {
        MessageKind.CONSULT: settings.GONGKAI_MESSAGE_DAYS_CONSULT,
        MessageKind.SUGGEST: settings.GONGKAI_MESSAGE_DAYS_SUGGEST,
        MessageKind.COMPLAINT: settings.GONGKAI_MESSAGE_DAYS_COMPLAINT,
    }[kind]


def due_date(kind: str, received_on: date, cal=None) -> tuple[date, bool]:
    """The last day to reply and whether it is provisional (a year without a notice)."""
    result = (cal or calendar()).add_working_days(received_on, reply_days(kind))
    return result.day, result.provisional


def record(message: Message, kind: str, user=None, *, at=None, **fields) -> MessageEvent:
    """Append a step to the message's timeline (MessageEvent is append-only)."""
    name = ""
    if user is not None and getattr(user, "is_authenticated", False):
        name = user.get_full_name() or user.get_username()
    return MessageEvent.objects.create(
        message=message,
        kind=kind,
        at=at or now(),
        user=user if name else None,
        user_name=name,
        **fields,
    )


def _public_changed(message: Message) -> None:
    from gongkai.interaction.messages.signals import public_changed

    pk = message.pk
    transaction.on_commit(
        lambda: public_changed.send(sender=Message, message=Message.objects.get(pk=pk))
    )


# -- receiving --------------------------------------------------------------------------------


def verification_required() -> bool:
    return settings.GONGKAI_MESSAGE_VERIFY == "email"


def submit(*, unit: Unit, kind: str, subject: str, text: str, name: str, phone: str = "",
           email: str = "", public: bool = True, at=None) -> Message:  # fmt: skip
    """Store a citizen's message with a fresh 查询码, in one transaction.

    Without code verification it is received at once (the period starts); with it, it waits
    as UNVERIFIED, unseen by staff, until the citizen types the code sent by e-mail.
    """
    at = at or now()
    message = Message(
        unit=unit,
        addressed_to=unit,
        kind=kind,
        subject=subject,
        text=text,
        name=name,
        phone=phone,
        email=email,
        public=public,
        submitted_at=at,
        state=MessageState.UNVERIFIED if verification_required() else MessageState.OPEN,
    )
    if not (phone or email):
        raise ValidationError("请至少留下一种联系方式：手机号码或电子邮箱。")
    if verification_required() and not email:
        raise ValidationError("本网站需验证电子邮箱，请填写电子邮箱。")
    message.full_clean(exclude=["code"])
    for _ in range(CODE_ATTEMPTS):
        message.code = tracking.new_code()
        try:
            with transaction.atomic():
                message.save()
                if message.state == MessageState.OPEN:
                    _receive(message, timezone.localdate(at), at=at)
            return message
        except IntegrityError:
            message.pk = None
            if not Message.objects.filter(code=message.code).exists():
                raise
    raise RuntimeError("could not allocate a unique tracking code")


def _receive(message: Message, on: date, *, at=None) -> None:
    due, provisional = due_date(message.kind, on)
    Message.objects.filter(pk=message.pk).update(
        state=MessageState.OPEN, received_on=on, due_on=due, due_provisional=provisional
    )
    message.state, message.received_on = MessageState.OPEN, on
    message.due_on, message.due_provisional = due, provisional
    record(message, EventKind.RECEIVED, at=at)


def _hash(message: Message, code: str) -> str:
    key = f"{settings.SECRET_KEY}:message-code:{message.pk}".encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def send_code(message: Message) -> None:
    """E-mail a fresh 6-digit code; the previous one stops working."""
    code = f"{secrets.randbelow(10**6):06d}"
    Message.objects.filter(pk=message.pk).update(
        verify_hash=_hash(message, code), verify_sent_at=now(), verify_tries=0
    )
    send_mail(
        subject=f"【{settings.WAGTAIL_SITE_NAME}】留言验证码 {code}",
        message=(
            f"您在{settings.WAGTAIL_SITE_NAME}的留言“{message.subject}”需要验证电子邮箱。\n"
            f"验证码：{code}（{VERIFY_MINUTES}分钟内有效）。\n"
            "如果不是您本人留言，请忽略本邮件。"
        ),
        from_email=None,
        recipient_list=[message.email],
    )


def verify(message: Message, code: str, *, at=None) -> str:
    """Receive the message if ``code`` is right; else say why, in Chinese ('' on success)."""
    at = at or now()
    with transaction.atomic():
        current = Message.objects.select_for_update().get(pk=message.pk)
        if current.state != MessageState.UNVERIFIED:
            return ""
        if current.verify_tries >= VERIFY_TRIES:
            return "验证码错误次数过多，请点击“重新发送验证码”。"
        if not current.verify_sent_at or at - current.verify_sent_at > timedelta(
            minutes=VERIFY_MINUTES
        ):
            return "验证码已过期，请点击“重新发送验证码”。"
        code = "".join(ch for ch in code if ch.isdigit())
        if not hmac.compare_digest(current.verify_hash, _hash(current, code)):
            Message.objects.filter(pk=current.pk).update(verify_tries=current.verify_tries + 1)
            return "验证码不正确，请核对邮件中的6位数字。"
        Message.objects.filter(pk=current.pk).update(verify_hash="")
        _receive(current, timezone.localdate(at), at=at)
    message.refresh_from_db()
    return ""


UNVERIFIED_DAYS = 7


def purge_unverified(at=None) -> int:
    """Delete messages whose e-mail was never verified within a week: the unit never had them
    (no step, no period), and they would otherwise pile up as spam does."""
    cutoff = (at or now()) - timedelta(days=UNVERIFIED_DAYS)
    stale = Message.objects.filter(state=MessageState.UNVERIFIED, submitted_at__lt=cutoff)
    return stale.delete()[0]


# -- handling ---------------------------------------------------------------------------------


def _open(message: Message) -> Message:
    current = Message.objects.select_for_update().get(pk=message.pk)
    if current.state != MessageState.OPEN:
        raise Refused(f"这条留言{current.get_state_display()}，不能再办理。")
    return current


def reply_in_review(message: Message) -> bool:
    reply = MessageReply.objects.filter(message=message).first()
    return bool(reply and reply.workflow_in_progress)


@transaction.atomic
def transfer(message: Message, to_unit: Unit, *, user, reason: str) -> Message:
    """Hand the message to another unit (转办); the reply period keeps running."""
    current = _open(message)
    if not reason.strip():
        raise Refused("请填写转办理由，说明为什么由该机构办理。")
    if to_unit.pk == current.unit_id:
        raise Refused("留言已由该机构办理，请选择其他机构。")
    if reply_in_review(current):
        raise Refused("答复正在审核中，不能转办；请先撤回审核。")
    from_unit = current.unit
    Message.objects.filter(pk=current.pk).update(unit=to_unit)
    record(current, EventKind.TRANSFERRED, user, from_unit=from_unit, to_unit=to_unit,
            note=reason.strip())  # fmt: skip
    message.refresh_from_db()
    return message


@transaction.atomic
def start_reply(message: Message, *, user) -> MessageReply:
    """The reply draft of an open message (the existing one, if any)."""
    current = _open(message)
    reply = MessageReply.objects.filter(message=current).first()
    if reply is None:
        reply = MessageReply(message=current, text="", live=False)
        reply.save()
    return reply


@transaction.atomic
def reply_published(reply: MessageReply, *, user=None) -> None:
    """The reviewed reply is out: the message is answered (the citizen sees it by code)."""
    message = Message.objects.select_for_update().get(pk=reply.message_id)
    if message.state != MessageState.OPEN:
        return
    on = today()
    MessageReply.objects.filter(pk=reply.pk).update(replied_on=on)
    Message.objects.filter(pk=message.pk).update(state=MessageState.ANSWERED, closed_on=on)
    record(message, EventKind.ANSWERED, user)
    _public_changed(message)


@transaction.atomic
def withhold(message: Message, *, user, reason: str) -> None:
    """Keep the message and its reply off the public list (不予公开), with the reason."""
    if not reason.strip():
        raise Refused("请填写不予公开的理由。")
    current = Message.objects.select_for_update().get(pk=message.pk)
    if current.state == MessageState.UNVERIFIED:
        raise Refused("这条留言尚未受理。")
    Message.objects.filter(pk=current.pk).update(withheld_reason=reason.strip())
    record(current, EventKind.WITHHELD, user, note=reason.strip())
    _public_changed(current)
    message.refresh_from_db()


@transaction.atomic
def refer(message: Message, *, user, note: str) -> None:
    """Close a message that is really a 信访 matter, telling the citizen where it went."""
    current = _open(message)
    if not note.strip():
        raise Refused("请填写告知留言人的内容：转往哪个信访工作机构、如何查询办理情况。")
    if reply_in_review(current):
        raise Refused("答复正在审核中，请先撤回审核。")
    on = today()
    Message.objects.filter(pk=current.pk).update(
        state=MessageState.REFERRED, closed_on=on, closing_note=note.strip()
    )
    record(current, EventKind.REFERRED, user, note=note.strip())
    message.refresh_from_db()


@transaction.atomic
def converted(message: Message, case, *, user) -> None:
    """The message was registered as a disclosure request ``case``: close it with a note
    giving the request's own 查询码 and period (条例第三十三条)."""
    current = _open(message)
    code = tracking.display(case.tracking_code)
    note = (
        f"您的留言属于政府信息公开申请，已按《中华人民共和国政府信息公开条例》转为政府信息公开申请办理，"
        f"申请查询码 {code}，受理日期{case.received_on:%Y年%-m月%-d日}。"
        "我们将自收到申请之日起20个工作日内答复，您可凭查询码在“依申请公开”栏目查询办理情况。"
    )
    Message.objects.filter(pk=current.pk).update(
        state=MessageState.CONVERTED, closed_on=today(), closing_note=note, request_case=case
    )
    record(current, EventKind.CONVERTED, user, note=f"申请查询码 {code}")
    message.refresh_from_db()


def request_initial(message: Message) -> dict:
    """What the request register form can take from a message being converted."""
    from gongkai.requests.taxonomy import ApplicantType, Channel

    return {
        "unit": message.unit_id,
        "channel": Channel.ONLINE,
        "applicant_type": ApplicantType.NATURAL_PERSON,
        "applicant_name": message.name,
        "phone": message.phone,
        "email": message.email,
        "description": message.text,
    }


# -- where a message stands -------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    label: str
    days_left: int | None  # working days to the due date; negative when overdue; None if closed
    provisional: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def status(message: Message, *, on: date | None = None, cal=None) -> Status:
    if message.state != MessageState.OPEN or message.due_on is None:
        return Status(message.get_state_display(), None)
    from gongkai.requests.deadlines import working_days_left

    left = working_days_left(message.due_on, on or today(), calendar=cal or calendar())
    label = "已逾期" if left.days < 0 else "办理中"
    return Status(label, left.days, message.due_provisional or left.provisional)


def refresh_due_dates(cal=None) -> int:
    """Recompute provisional due dates of open messages (after staff entered a year)."""
    cal = cal or calendar()
    changed = 0
    for m in Message.objects.open().filter(due_provisional=True):
        due, provisional = due_date(m.kind, m.received_on, cal)
        if (due, provisional) != (m.due_on, m.due_provisional):
            Message.objects.filter(pk=m.pk).update(due_on=due, due_provisional=provisional)
            changed += 1
    return changed


def scoped(user) -> QuerySet[Message]:
    return scope.filter_units(user, Message.objects.received())


def overdue(queryset: QuerySet[Message], on: date | None = None) -> QuerySet[Message]:
    return queryset.open().filter(due_on__lt=on or today())


def long_unanswered(queryset: QuerySet[Message], on: date | None = None) -> QuerySet[Message]:
    """Open messages received more than 3 months ago: the inspection's veto item."""
    return queryset.open().filter(received_on__lt=(on or today()) - timedelta(LONG_UNANSWERED_DAYS))


@dataclass(frozen=True)
class Lookup:
    message: Message | None
    message_zh: str = ""


def find(code_text: str, verifier: str) -> Lookup:
    """The citizen's own message by 查询码 and the last 4 digits of the phone (or the e-mail
    address) given. One answer for a wrong code and a wrong verifier."""
    try:
        code = tracking.normalize(code_text)
    except tracking.TrackingCodeError as error:
        return Lookup(None, error.message_zh)
    verifier = (verifier or "").strip()
    if not verifier:
        return Lookup(None, "请输入留言时所填手机号码的后4位，或所填电子邮箱。")
    not_found = "查询码或验证信息不正确，请核对。"
    message = Message.objects.filter(code=code).exclude(state=MessageState.UNVERIFIED).first()
    if message is None:
        return Lookup(None, not_found)
    candidates = []
    if len(message.phone) >= 4:
        candidates.append(message.phone[-4:])
    if message.email:
        candidates.append(message.email.lower())
    # Compared as bytes: compare_digest refuses str with non-ASCII characters (a TypeError,
    # so a 500, for a verifier such as "王小明'" or a full-width e-mail address).
    typed = verifier.lower().encode()
    if not any(hmac.compare_digest(typed, c.encode()) for c in candidates):
        return Lookup(None, not_found)
    return Lookup(message)


# -- what the public reads --------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    pk: int
    unit: Unit
    kind: str
    subject: str
    text: str
    name: str
    submitted_at: object
    reply: str
    replied_on: date | None
    working_days: int | None


def shown(message: Message, *, cal=None) -> Shown:
    """A public message as anyone reads it: nothing of the citizen's but a masked name."""
    # The row holds the published text: a later draft of the reply waits in its revisions.
    reply = message.reply
    days = None
    if message.received_on and message.closed_on:
        days = (cal or calendar()).working_days_between(message.received_on, message.closed_on).days
    return Shown(
        pk=message.pk,
        unit=message.unit,
        kind=message.get_kind_display(),
        subject=masked_text(message.subject, message.name),
        text=masked_text(message.text, message.name),
        name=masked_name(message.name),
        submitted_at=message.submitted_at,
        reply=masked_text(reply.text, message.name),
        replied_on=reply.replied_on,
        working_days=days,
    )


# -- statistics -------------------------------------------------------------------------------


@dataclass
class UnitStats:
    unit: Unit
    received: int = 0
    answered: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0
    _days: int = 0

    @property
    def average_days(self) -> float | None:
        return round(self._days / self.answered, 1) if self.answered else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.answered if self.answered else None


def statistics(year: int, *, on: date | None = None, cal=None) -> list[UnitStats]:
    """Per unit, for messages received in ``year``: received, answered (closed: replied,
    converted or referred), answered on time (closed on or before the due date), still open,
    overdue, and the average working days from receipt to closing. Counted where the message
    is handled now (after a transfer, the receiving unit)."""
    cal = cal or calendar()
    on = on or today()
    rows: dict[int, UnitStats] = {}
    messages = (
        Message.objects.received()
        .filter(received_on__year=year)
        .select_related("unit")
        .order_by("unit__position", "unit__code")
    )
    for m in messages:
        row = rows.setdefault(m.unit_id, UnitStats(m.unit))
        row.received += 1
        if m.is_closed and m.closed_on:
            row.answered += 1
            row._days += cal.working_days_between(m.received_on, m.closed_on).days
            if m.due_on and m.closed_on <= m.due_on:
                row.on_time += 1
        elif m.due_on and m.due_on < on:
            row.open += 1
            row.overdue += 1
        else:
            row.open += 1
    return list(rows.values())
