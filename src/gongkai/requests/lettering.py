"""Letters of a case: which kinds, which template (the county's own or the default), and the
values a case gives the placeholders. The rendering itself is letters.py (pure)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from gongkai.requests import letters, services
from gongkai.requests.letter_texts import DEFAULT_TEXTS, PLACEHOLDERS, RECIPIENTS, kind_for_outcome
from gongkai.requests.models import CaseLetter, LetterTemplate, RequestCase
from gongkai.requests.taxonomy import EventKind

KINDS: dict[str, str] = {kind: title for kind, (title, _body) in DEFAULT_TEXTS.items()}
KINDS.update(
    {
        "disclosed": "答复告知书（予以公开）",
        "partial": "答复告知书（部分公开）",
        "withheld": "答复告知书（不予公开）",
        "unavailable": "答复告知书（无法提供）",
        "not_processed": "答复告知书（不予处理）",
        "other": "答复告知书（其他处理）",
    }
)
BLANK = "＿＿＿＿"


def template_for(kind: str) -> tuple[str, str]:
    saved = LetterTemplate.objects.filter(kind=kind).first()
    if saved is not None:
        return saved.title, saved.body
    return DEFAULT_TEXTS[kind]


def kinds_for(case: RequestCase) -> list[tuple[str, str]]:
    return list(KINDS.items())


def suggested_kind(case: RequestCase) -> str:
    """The letter the latest step calls for."""
    if case.outcome:
        return kind_for_outcome(case.outcome)
    last = case.events.exclude(kind__in=[EventKind.RECONSIDERATION, EventKind.LITIGATION]).last()
    return {
        EventKind.CORRECTION_REQUESTED: "correction",
        EventKind.EXTENSION_APPROVED: "extension",
        EventKind.CONSULTATION_SENT: "consultation",
        EventKind.FEE_NOTICE_SENT: "fee",
    }.get(last.kind if last else "", "receipt")


def cn_date(d: date | str | None) -> str:
    if not d:
        return BLANK
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.year}年{d.month}月{d.day}日"


def review_organ(case: RequestCase) -> str:
    """行政复议机关: since the 2023 行政复议法 (Art. 24), the county government for its
    departments and townships (the root of the unit tree); the government one level up
    (a setting) for the county government itself."""
    if case.unit.parent_id:
        root = case.unit
        while root.parent_id:
            root = root.parent
        return root.name
    return settings.GONGKAI_FOI_REVIEW_ORGAN or BLANK


def values(case: RequestCase, user) -> dict[str, str]:
    """Every placeholder's value from the case; what the timeline does not know is a blank
    line for staff to fill in."""
    events = list(case.events.all())

    def latest(kind):
        found = [e for e in events if e.kind == kind]
        return found[-1].data if found else {}

    due = services.deadline(case)
    correction = latest(EventKind.CORRECTION_REQUESTED)
    extension = latest(EventKind.EXTENSION_APPROVED)
    consultation = latest(EventKind.CONSULTATION_SENT)
    fee = latest(EventKind.FEE_NOTICE_SENT)
    answer = latest(EventKind.ANSWERED)
    v = {
        "申请人": case.applicant_name,
        "查询码": case.code,
        "收到日期": cn_date(case.received_on),
        "申请内容": case.description.strip(),
        "机关名称": case.unit.name,
        "答复期限": cn_date(due.due) + ("（暂定）" if due.provisional else ""),
        "补正内容": correction.get("what", BLANK),
        "补正期限": cn_date(correction.get("by")) + "前" if correction else BLANK,
        "延长工作日": str(extension.get("days", BLANK)),
        "延期后答复期限": cn_date(due.due) if extension else BLANK,
        "第三方": consultation.get("party", BLANK),
        "收费金额": str(fee.get("amount", BLANK)),
        "计费说明": (fee.get("explanation") or BLANK).rstrip("。"),
        "缴费期限": cn_date(fee.get("pay_by")) + "前" if fee else BLANK,
        "缴费方式": BLANK,
        "理由": answer.get("reason") or BLANK,
        "法律依据": answer.get("legal_basis") or BLANK,
        "公开方式": f"以{case.get_preferred_form_display()}形式，通过{case.get_delivery_display()}方式提供",
        "复议机关": review_organ(case),
        "管辖法院": (
            settings.GONGKAI_FOI_COURT
            if case.unit.parent_id
            else settings.GONGKAI_FOI_COURT_FOR_COUNTY
        )
        or BLANK,
        "联系人": (user.get_full_name() or user.get_username()) if user else BLANK,
        "联系电话": case.unit.phone or BLANK,
    }
    return {name: v.get(name, BLANK) for name in PLACEHOLDERS}


def initial(case: RequestCase, kind: str, user) -> dict:
    title, body = template_for(kind)
    filled = values(case, user)
    return {
        "title": title,
        "number": "",
        "recipient": letters.fill(RECIPIENTS.get(kind, "{申请人}"), filled),
        "body": letters.fill(body, filled),
        "issuer": case.unit.name,
        "issued_on": timezone.localdate(),
    }


def as_letter(saved: CaseLetter) -> letters.Letter:
    paragraphs = letters.split_paragraphs(saved.body.replace("\r\n", "\n"))
    return letters.Letter(
        title=saved.title,
        number=saved.number,
        recipient=saved.recipient,
        paragraphs=paragraphs,
        issuer=saved.issuer,
        issued_on=saved.issued_on,
    )
