"""Rules of a disclosure request case: filing, the event timeline, the deadline, lookup.

《政府信息公开条例》 Art. 29–33, 36. Every step is an event; the case's outcome, answer date
and closing date follow from its events, so the annual report counts cases, not forms.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.requests import tracking
from gongkai.requests.deadlines import (
    MAX_EXTENSION_WORKING_DAYS,
    Deadline,
    Pause,
    reply_deadline,
    working_days_left,
)
from gongkai.requests.models import CaseEvent, RequestCase
from gongkai.requests.taxonomy import EventKind, Outcome

CODE_ATTEMPTS = 8

# A pause runs from the first event to one of the second (Art. 32 third parties, Art. 33
# other organs, 国办函〔2020〕109号 fee notice to payment or to the end of the payment period):
# those working days are not counted.
PAUSES = (
    (EventKind.CONSULTATION_SENT, {EventKind.CONSULTATION_ANSWERED}, "征求第三方意见"),
    (EventKind.OTHER_ORGAN_SENT, {EventKind.OTHER_ORGAN_ANSWERED}, "征求其他机关意见"),
    (EventKind.FEE_NOTICE_SENT, {EventKind.FEE_PAID, EventKind.FEE_EXPIRED}, "收费通知至缴费"),
)
# What must have happened before an event may be recorded.
REQUIRES = {
    EventKind.CORRECTED: EventKind.CORRECTION_REQUESTED,
    EventKind.CONSULTATION_ANSWERED: EventKind.CONSULTATION_SENT,
    EventKind.OTHER_ORGAN_ANSWERED: EventKind.OTHER_ORGAN_SENT,
    EventKind.FEE_PAID: EventKind.FEE_NOTICE_SENT,
    EventKind.FEE_EXPIRED: EventKind.FEE_NOTICE_SENT,
    EventKind.DELIVERED: EventKind.ANSWERED,
}
# Appeals may come at any time, also against a missing answer (逾期不答复), and after closing.
AFTER_CLOSING = {EventKind.RECONSIDERATION, EventKind.LITIGATION}


def file_request(*, user=None, **fields) -> RequestCase:
    """Create a case with a fresh tracking code and its 收到申请 event, in one transaction.

    Codes are random; a collision with an existing code is caught by the unique constraint
    and retried with a new code, so uniqueness never depends on luck.
    """
    case = RequestCase(**fields)
    case.full_clean(exclude=["tracking_code"])
    for _ in range(CODE_ATTEMPTS):
        case.tracking_code = tracking.new_code()
        try:
            with transaction.atomic():
                case.save()
                CaseEvent.objects.create(
                    case=case, kind=EventKind.RECEIVED, on=case.received_on, user=user
                )
            return case
        except IntegrityError:
            case.pk = None
            if not RequestCase.objects.filter(tracking_code=case.tracking_code).exists():
                raise
    raise RuntimeError("could not allocate a unique tracking code")


def _kinds(case: RequestCase) -> list[str]:
    return list(case.events.values_list("kind", flat=True))


ONCE = {EventKind.RECEIVED, EventKind.ACCEPTED, EventKind.ANSWERED, EventKind.CLOSED}


def order_refusal(kind: str, done: list[str]) -> str:
    """Why ``kind`` cannot follow the events ``done`` (in order), or "" if it can."""
    kind = EventKind(kind)
    if EventKind.CLOSED in done and kind not in AFTER_CLOSING:
        return "该申请已办结，只能再登记行政复议或行政诉讼。"
    needed = REQUIRES.get(kind)
    if needed is not None and needed not in done:
        return f"登记“{kind.label}”之前，须先有“{needed.label}”。"
    if kind == EventKind.EXTENSION_APPROVED and kind in done:
        return "条例第三十三条：答复期限只能延长一次。"
    if kind in ONCE and kind in done:
        return f"该申请已经登记过“{kind.label}”。"
    if kind == EventKind.CLOSED and EventKind.ANSWERED not in done:
        return "办结前须先登记答复及办理结果。"
    answered = EventKind.ANSWERED in done
    if answered and kind not in AFTER_CLOSING | {EventKind.DELIVERED, EventKind.CLOSED}:
        return "该申请已经答复，只能再登记送达、办结、行政复议或行政诉讼。"
    return ""


def allowed_kinds(case: RequestCase) -> list[EventKind]:
    """The steps that may be recorded next, in the order of the taxonomy."""
    done = [e.kind for e in sorted(case.events.all(), key=lambda e: (e.on, e.pk or 0))]
    return [k for k in EventKind if not order_refusal(k, done)]


def record_event(
    case: RequestCase,
    kind: str,
    *,
    on: date,
    user=None,
    note: str = "",
    outcome: str = "",
    data: dict | None = None,
) -> CaseEvent:
    """Append one step to the timeline, refusing steps that cannot happen in this order."""
    kind = EventKind(kind)
    with transaction.atomic():
        case = RequestCase.objects.select_for_update().get(pk=case.pk)
        events = list(case.events.order_by("on", "pk").values_list("kind", "on"))
        done = [k for k, _ in events]
        if on < case.received_on:
            raise ValidationError(f"“{kind.label}”的日期不能早于收到申请的日期。")
        refusal = order_refusal(kind, done)
        if refusal:
            raise ValidationError(refusal)
        needed = REQUIRES.get(kind)
        if needed is not None and on < max(d for k, d in events if k == needed):
            raise ValidationError(f"“{kind.label}”的日期不能早于“{needed.label}”的日期。")
        if on > timezone.localdate():
            raise ValidationError(f"“{kind.label}”的日期不能晚于今天。")
        if kind == EventKind.EXTENSION_APPROVED:
            days = (data or {}).get("days", MAX_EXTENSION_WORKING_DAYS)
            if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
                raise ValidationError(
                    f"条例第三十三条：延长的期限为1至{MAX_EXTENSION_WORKING_DAYS}个工作日。"
                )
            data = {**(data or {}), "days": days}
        if kind == EventKind.ANSWERED:
            if outcome not in Outcome.values:
                raise ValidationError("作出答复时须选择办理结果。")
            data = {**(data or {}), "outcome": outcome}
        event = CaseEvent.objects.create(
            case=case, kind=kind, on=on, user=user, note=note, data=data or {}
        )
        if kind == EventKind.ANSWERED:
            RequestCase.objects.filter(pk=case.pk).update(outcome=outcome, answered_on=on)
        if kind == EventKind.CLOSED:
            RequestCase.objects.filter(pk=case.pk).update(closed_on=on)
    return event


def deadline(case: RequestCase, *, today: date | None = None, cal=None) -> Deadline:
    """The reply deadline from the timeline: correction, pauses and the extension.

    A pause still running counts as ending ``today`` (default: today in the county's time
    zone), so the date moves on by itself each working day until the pause ends.
    """
    today = today or timezone.localdate()
    events = list(case.events.all())
    events.sort(key=lambda e: (e.on, e.pk or 0))
    corrected = next((e.on for e in reversed(events) if e.kind == EventKind.CORRECTED), None)
    pauses = []
    for start_kind, end_kinds, reason in PAUSES:
        opened: date | None = None
        for event in events:
            if event.kind == start_kind and opened is None:
                opened = event.on
            elif event.kind in end_kinds and opened is not None:
                pauses.append(Pause(opened, event.on, reason))
                opened = None
        if opened is not None:
            pauses.append(Pause(opened, max(opened, today), reason))
    extension = next((e for e in events if e.kind == EventKind.EXTENSION_APPROVED), None)
    extension_days = 0
    if extension is not None:
        extension_days = int(extension.data.get("days") or MAX_EXTENSION_WORKING_DAYS)
    # reply_deadline itself ignores pauses that ended before a correction restarted the count.
    return reply_deadline(
        case.received_on,
        corrected=corrected,
        pauses=pauses,
        extension_days=extension_days,
        calendar=cal or calendar(),
    )


CORRECTION_WORKING_DAYS = 7  # Art. 30: 补正 is asked within 7 working days of receipt


def late_correction_notice(case: RequestCase, on: date) -> str:
    """A warning when a correction was asked later than Art. 30 allows (recorded anyway:
    the timeline says what happened; the delay is the office's to explain)."""
    days = calendar().working_days_between(case.received_on, on).days
    if days <= CORRECTION_WORKING_DAYS:
        return ""
    return (
        f"注意：条例第三十条要求自收到申请之日起{CORRECTION_WORKING_DAYS}个工作日内一次性告知补正，"
        f"本次告知补正已是第{days}个工作日。"
    )


def calendar():
    """The official calendar with the years staff entered in the back office."""
    from gongkai.workcalendar.services import official_calendar

    return official_calendar()


@dataclass(frozen=True)
class Status:
    """Where a case stands, for the lists, the dashboard and the applicant's status page."""

    label: str
    deadline: Deadline | None  # None once answered
    days_left: int | None  # working days to the due date; negative when overdue
    waiting_for: str = ""  # a running pause or correction: the clock is stopped
    provisional: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def status(case: RequestCase, *, today: date | None = None, cal=None) -> Status:
    """The state of a case from its events (prefetch ``events`` for lists; pass ``cal``,
    the calendar read once, when asking for many cases)."""
    today = today or timezone.localdate()
    cal = cal or calendar()
    kinds = [e.kind for e in sorted(case.events.all(), key=lambda e: (e.on, e.pk or 0))]
    if EventKind.CLOSED in kinds:
        return Status("已办结", None, None)
    if EventKind.ANSWERED in kinds:
        return Status("已答复" if EventKind.DELIVERED not in kinds else "已送达", None, None)
    due = deadline(case, today=today, cal=cal)
    left = working_days_left(due.due, today, calendar=cal)
    waiting = ""
    last_correction = max(
        (i for i, k in enumerate(kinds) if k == EventKind.CORRECTION_REQUESTED), default=-1
    )
    if last_correction >= 0 and EventKind.CORRECTED not in kinds[last_correction:]:
        return Status("等待补正", due, None, "申请人补正", due.provisional)
    for start_kind, end_kinds, reason in PAUSES:
        open_ = False
        for kind in kinds:
            if kind == start_kind:
                open_ = True
            elif kind in end_kinds:
                open_ = False
        if open_:
            waiting = reason
    label = "暂停计时：" + waiting if waiting else ("已逾期" if left.days < 0 else "办理中")
    return Status(label, due, left.days, waiting, due.provisional or left.provisional)


@dataclass(frozen=True)
class Lookup:
    case: RequestCase | None
    message_zh: str = ""


def find_case(code_text: str, verifier: str) -> Lookup:
    """The applicant's own case, by tracking code and the last 4 characters of the phone or
    ID number they gave. One message for a wrong code and a wrong verifier, so the page
    does not tell a guesser which half was right."""
    try:
        code = tracking.normalize(code_text)
    except tracking.TrackingCodeError as error:
        return Lookup(None, error.message_zh)
    verifier = (verifier or "").strip().upper()
    not_found = "查询码或验证信息不正确，请核对回执。"
    if len(verifier) != 4:
        return Lookup(None, "请输入申请时所填手机号码或证件号码的后4位。")
    case = RequestCase.objects.filter(tracking_code=code).first()
    if case is None:
        return Lookup(None, not_found)
    candidates = [case.phone.strip()[-4:], case.id_number.strip().upper()[-4:]]
    # Compared as bytes: compare_digest refuses str with non-ASCII characters (a TypeError,
    # so a 500, for a verifier such as "王小明'").
    typed = verifier.encode()
    if not any(hmac.compare_digest(typed, c.encode()) for c in candidates if len(c) == 4):
        return Lookup(None, not_found)
    return Lookup(case)


def describe(event: CaseEvent) -> str:
    """The details of a step, in one line of Chinese, for the staff timeline."""
    d = event.data or {}
    kind = event.kind
    if kind == EventKind.CORRECTION_REQUESTED:
        return f"需补正：{d.get('what', '')}；补正期限：{d.get('by', '')}"
    if kind in (EventKind.CONSULTATION_SENT, EventKind.OTHER_ORGAN_SENT):
        return f"征求意见对象：{d.get('party', '')}"
    if kind == EventKind.EXTENSION_APPROVED:
        return f"批准人：{d.get('approver', '')}；延长{d.get('days', '')}个工作日"
    if kind == EventKind.FEE_NOTICE_SENT:
        return (
            f"收费{d.get('amount', '')}元（按标准计算{d.get('proposed', '')}元：{d.get('explanation', '')}）"
            f"；缴费期限：{d.get('pay_by', '')}"
        )
    if kind == EventKind.FEE_PAID:
        return f"已缴纳{d.get('amount', '')}元"
    if kind == EventKind.ANSWERED:
        parts = [f"办理结果：{Outcome(d['outcome']).label}"] if d.get("outcome") else []
        if d.get("reason"):
            parts.append(f"理由：{d['reason']}")
        if d.get("legal_basis"):
            parts.append(f"依据：{d['legal_basis']}")
        return "；".join(parts)
    if kind in (EventKind.RECONSIDERATION, EventKind.LITIGATION):
        from gongkai.requests.taxonomy import AppealResult

        result = AppealResult(d["result"]).label if d.get("result") in AppealResult.values else ""
        return "；".join(p for p in (d.get("organ", ""), d.get("number", ""), result) if p)
    return ""
