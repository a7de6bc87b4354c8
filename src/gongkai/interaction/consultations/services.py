"""The rules of 意见征集: the comment period, taking and moderating comments, what is public,
and which ended consultations still owe a feedback summary."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.interaction.consultations.models import (
    DEFAULT_PERIOD_DAYS,
    Comment,
    CommentStatus,
    Consultation,
    FeedbackSummary,
)
from gongkai.interaction.privacy import masked_name, masked_text
from gongkai.publishing import scope

COMMENT_MAX_CHARS = 2000


def today() -> dt.date:
    return timezone.localdate()


def default_end(starts_on: dt.date) -> dt.date:
    """The end of the period when staff leave it blank: 30 calendar days after the start."""
    return starts_on + dt.timedelta(days=DEFAULT_PERIOD_DAYS)


def validate_consultation(consultation: Consultation) -> None:
    errors: dict[str, str] = {}
    ends_on = consultation.ends_on
    if consultation.starts_on and ends_on and ends_on < consultation.starts_on:
        errors["ends_on"] = "征集截止日期不能早于开始日期。"
    if not (
        (consultation.postal_address or "").strip()
        or (consultation.email or "").strip()
        or (consultation.phone or "").strip()
    ):
        errors["email"] = "请至少填写一种线下提交意见的方式（邮寄地址、电子邮箱或联系电话）。"
    doc = consultation.final_document
    if doc is not None and doc.unit_id != consultation.unit_id:
        errors["final_document"] = "正式文件必须是本机构发布的文件。"
    if errors:
        raise ValidationError(errors)


def validate_feedback(feedback: FeedbackSummary) -> None:
    if not feedback.consultation_id:
        return
    # Read from the database: the in-memory consultation may be a revision's copy.
    consultation = Consultation.objects.filter(pk=feedback.consultation_id).first()
    if consultation is None or not consultation.live:
        raise ValidationError({"consultation": "意见征集尚未发布，不能填写采纳情况反馈。"})
    if consultation.ends_on >= today():
        raise ValidationError(
            {
                "consultation": f"征集期至{consultation.ends_on:%Y年%m月%d日}，"
                "征集结束后才能填写采纳情况反馈。"
            }
        )


# -- the period ------------------------------------------------------------------------------


class Phase(enum.Enum):
    UPCOMING = "upcoming"
    OPEN = "open"
    ENDED = "ended"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.UPCOMING: "即将开始",
    Phase.OPEN: "征集中",
    Phase.ENDED: "已结束",
    Phase.ANSWERED: "已反馈",
}


def has_public_feedback(consultation: Consultation) -> bool:
    return FeedbackSummary.objects.filter(consultation=consultation, live=True).exists()


def phase(consultation: Consultation, on: dt.date) -> Phase:
    if on < consultation.starts_on:
        return Phase.UPCOMING
    if on <= consultation.ends_on:
        return Phase.OPEN
    return Phase.ANSWERED if has_public_feedback(consultation) else Phase.ENDED


def days_left(consultation: Consultation, on: dt.date) -> int:
    """Days still open, today included (comments are taken all through the last day)."""
    return max(0, (consultation.ends_on - on).days + 1)


def listing(kind: str, on: dt.date) -> QuerySet[Consultation]:
    """The public list per tab: 征集中 (open and upcoming), 已结束, 已反馈."""
    answered = Q(feedback__live=True)
    base = Consultation.objects.public().select_related("unit")
    if kind == "ended":
        return base.filter(ends_on__lt=on).exclude(answered).order_by("-ends_on", "-pk")
    if kind == "answered":
        return base.filter(ends_on__lt=on).filter(answered).order_by("-ends_on", "-pk")
    return base.filter(ends_on__gte=on).order_by("ends_on", "-pk")


# -- comments --------------------------------------------------------------------------------


class Closed(Exception):
    """The consultation does not take comments now; the message says why, in Chinese."""


def refusal(consultation: Consultation, on: dt.date) -> str | None:
    if not consultation.live:
        return "该意见征集未发布。"
    if on < consultation.starts_on:
        return f"意见征集将于{consultation.starts_on:%Y年%m月%d日}开始，届时欢迎提出意见。"
    if on > consultation.ends_on:
        return f"意见征集已于{consultation.ends_on:%Y年%m月%d日}结束，不再接收意见。"
    return None


@dataclass(frozen=True)
class CommentInput:
    name: str
    contact: str
    text: str
    public: bool


def submit_comment(consultation: Consultation, data: CommentInput, *, on: dt.date) -> Comment:
    """Store a citizen's comment, pending moderation; refused outside the period."""
    message = refusal(consultation, on)
    if message:
        raise Closed(message)
    comment = Comment(
        consultation=consultation,
        name=data.name,
        contact=data.contact,
        text=data.text,
        public=data.public,
    )
    comment.full_clean()
    comment.save()
    return comment


def moderatable(user) -> QuerySet[Comment]:
    """The comments a staff user may moderate: those on consultations of their units."""
    return scope.filter_units(
        user, Comment.objects.select_related("consultation"), field="consultation__unit"
    )


def moderate(comment: Comment, user, *, approve: bool) -> Comment:
    if not scope.covers(user, comment.consultation.unit_id):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    return comment


@dataclass(frozen=True)
class ShownComment:
    name: str
    text: str
    submitted_at: dt.datetime


def masked(comment: Comment) -> ShownComment:
    """A comment as the public reads it: name as 王**, phone, ID and address masked."""
    return ShownComment(
        name=masked_name(comment.name),
        text=masked_text(comment.text, comment.name),
        submitted_at=comment.submitted_at,
    )


def shown_comments(consultation: Consultation) -> list[ShownComment]:
    return [masked(c) for c in consultation.comments.shown()]


# -- oversight --------------------------------------------------------------------------------


def ended_without_feedback(user, on: dt.date) -> QuerySet[Consultation]:
    """Published consultations of the user's units, ended, with no published feedback yet."""
    qs = (
        Consultation.objects.public()
        .filter(ends_on__lt=on)
        .exclude(feedback__live=True)
        .select_related("unit")
        .annotate(received=Count("comments"))
        .order_by("ends_on")
    )
    return scope.filter_units(user, qs)


@transaction.atomic
def start_feedback(consultation: Consultation) -> FeedbackSummary:
    """A draft feedback summary with the number of comments received online filled in."""
    existing = FeedbackSummary.objects.filter(consultation=consultation).first()
    if existing:
        return existing
    return FeedbackSummary.objects.create(
        consultation=consultation, received_count=consultation.comments.count(), live=False
    )
