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

from gongkai.requests import tracking
from gongkai.requests.deadlines import (
    MAX_EXTENSION_WORKING_DAYS,
    Deadline,
    Pause,
    reply_deadline,
)
from gongkai.requests.models import CaseEvent, RequestCase
from gongkai.requests.taxonomy import EventKind, Outcome

CODE_ATTEMPTS = 8

# A pause runs from the first event to the second (Art. 32 third parties, Art. 33 other
# organs, 国办函〔2020〕109号 fee notice to payment): those working days are not counted.
PAUSES = (
    (EventKind.CONSULTATION_SENT, EventKind.CONSULTATION_ANSWERED, "征求第三方意见"),
    (EventKind.OTHER_ORGAN_SENT, EventKind.OTHER_ORGAN_ANSWERED, "征求其他机关意见"),
    (EventKind.FEE_NOTICE_SENT, EventKind.FEE_PAID, "收费通知至缴费"),
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
        done = _kinds(case)
        if on < case.received_on:
            raise ValidationError(f"“{kind.label}”的日期不能早于收到申请的日期。")
        if EventKind.CLOSED in done and kind not in AFTER_CLOSING:
            raise ValidationError("该申请已办结，只能再登记行政复议或行政诉讼。")
        needed = REQUIRES.get(kind)
        if needed is not None and needed not in done:
            raise ValidationError(f"登记“{kind.label}”之前，须先有“{needed.label}”。")
        if kind == EventKind.EXTENSION_APPROVED and kind in done:
            raise ValidationError("条例第三十三条：答复期限只能延长一次。")
        if kind == EventKind.ANSWERED:
            if outcome not in Outcome.values:
                raise ValidationError("作出答复时须选择办理结果。")
            if EventKind.ANSWERED in done:
                raise ValidationError("该申请已经答复。")
            data = {**(data or {}), "outcome": outcome}
        if kind == EventKind.CLOSED and EventKind.ANSWERED not in done:
            raise ValidationError("办结前须先登记答复及办理结果。")
        event = CaseEvent.objects.create(
            case=case, kind=kind, on=on, user=user, note=note, data=data or {}
        )
        if kind == EventKind.ANSWERED:
            RequestCase.objects.filter(pk=case.pk).update(outcome=outcome, answered_on=on)
        if kind == EventKind.CLOSED:
            RequestCase.objects.filter(pk=case.pk).update(closed_on=on)
    return event


def deadline(case: RequestCase) -> Deadline:
    """The reply deadline from the timeline: correction, pauses and the extension."""
    events = list(case.events.order_by("on", "pk"))
    corrected = next((e.on for e in reversed(events) if e.kind == EventKind.CORRECTED), None)
    pauses = []
    for start_kind, end_kind, reason in PAUSES:
        opened: date | None = None
        for event in events:
            if event.kind == start_kind and opened is None:
                opened = event.on
            elif event.kind == end_kind and opened is not None:
                pauses.append(Pause(opened, event.on, reason))
                opened = None
    extended = any(e.kind == EventKind.EXTENSION_APPROVED for e in events)
    # reply_deadline itself ignores pauses that ended before a correction restarted the count.
    return reply_deadline(
        case.received_on,
        corrected=corrected,
        pauses=pauses,
        extension_days=MAX_EXTENSION_WORKING_DAYS if extended else 0,
    )


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
    if not any(hmac.compare_digest(verifier, c) for c in candidates if len(c) == 4):
        return Lookup(None, not_found)
    return Lookup(case)
