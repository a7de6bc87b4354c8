"""留言: a citizen's message (咨询 / 建议 / 投诉) to a unit, its handling timeline, its reply.

The reply is what the public reads, so it is published only through review, like documents
(MessageReply is a publishing.Reviewed object; its levels are InteractionReviewTask). Staff
never edit what the citizen wrote: transfers, withholding from publication, conversion into a
disclosure request and referral to 信访 are recorded as MessageEvents, which are append-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.orgs.models import Unit
from gongkai.publishing.models import Reviewed
from gongkai.requests.models import SentReminder

SUBJECT_MAX = 50
TEXT_MAX = 2000
REPLY_MAX = 5000
NAME_MAX = 30


class MessageKind(models.TextChoices):
    CONSULT = "consult", "咨询"
    SUGGEST = "suggest", "建议"
    COMPLAINT = "complaint", "投诉"


class MessageState(models.TextChoices):
    UNVERIFIED = "unverified", "待验证联系方式"
    OPEN = "open", "办理中"
    ANSWERED = "answered", "已答复"
    CONVERTED = "converted", "已转为政府信息公开申请"
    REFERRED = "referred", "已转信访渠道办理"


CLOSED_STATES = (MessageState.ANSWERED, MessageState.CONVERTED, MessageState.REFERRED)


class MessageQuerySet(models.QuerySet):
    def received(self) -> MessageQuerySet:
        """Messages the unit has: everything but those still waiting for the citizen's code."""
        return self.exclude(state=MessageState.UNVERIFIED)

    def open(self) -> MessageQuerySet:
        return self.filter(state=MessageState.OPEN)

    def closed(self) -> MessageQuerySet:
        return self.filter(state__in=CLOSED_STATES)

    def public(self) -> MessageQuerySet:
        """What anyone may read: answered, with a published reply, the citizen agreed to
        publication and staff did not withhold it."""
        return self.filter(
            state=MessageState.ANSWERED, public=True, withheld_reason="", reply__live=True
        )


class Message(models.Model):
    code = models.CharField("查询码", max_length=9, unique=True, editable=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="messages", verbose_name="办理机构"
    )
    addressed_to = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="留言对象"
    )
    kind = models.CharField("留言类型", max_length=20, choices=MessageKind.choices)
    subject = models.CharField("标题", max_length=SUBJECT_MAX)
    text = models.TextField("留言内容", max_length=TEXT_MAX)
    name = models.CharField("姓名", max_length=NAME_MAX)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    public = models.BooleanField("同意公开", default=True)
    state = models.CharField(
        "状态", max_length=20, choices=MessageState.choices, default=MessageState.OPEN
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    received_on = models.DateField("受理日期", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    withheld_reason = models.TextField("不予公开理由", blank=True)
    closing_note = models.TextField("告知留言人", blank=True)
    request_case = models.ForeignKey(
        "foi_requests.RequestCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="转为的依申请公开",
    )
    # The e-mail code (GONGKAI_MESSAGE_VERIFY=email): a salted hash, never the code itself.
    verify_hash = models.CharField(max_length=128, blank=True, editable=False)
    verify_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    verify_tries = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["unit", "state", "due_on"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES


class EventKind(models.TextChoices):
    RECEIVED = "received", "收到留言"
    TRANSFERRED = "transferred", "转办"
    REPLY_SUBMITTED = "reply_submitted", "答复提交审核"
    REPLY_RETURNED = "reply_returned", "答复退回修改"
    ANSWERED = "answered", "答复发布"
    WITHHELD = "withheld", "不予公开"
    CONVERTED = "converted", "转为政府信息公开申请"
    REFERRED = "referred", "转信访渠道办理"


class MessageEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ARG002 - the timeline is append-only
        raise PermissionError("办理记录只能追加，不能修改。")

    def delete(self):
        raise PermissionError("办理记录只能追加，不能删除。")


class MessageEvent(models.Model):
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事项", max_length=30, choices=EventKind.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_name = models.CharField("经办人", max_length=150, blank=True)
    from_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField("说明", blank=True)

    objects = MessageEventQuerySet.as_manager()

    class Meta:
        verbose_name = "留言办理记录"
        verbose_name_plural = "留言办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("办理记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("办理记录只能追加，不能删除。")


class MessageReply(Reviewed):
    """The unit's answer to a message. Public (and visible to the citizen) once reviewed."""

    message = models.OneToOneField(
        Message, on_delete=models.PROTECT, related_name="reply", verbose_name="留言"
    )
    text = models.TextField(
        "答复内容",
        max_length=REPLY_MAX,
        help_text="答复将经审核后告知留言人；留言人同意公开的，还将在网站公开（个人信息自动遮盖）。",
    )
    replied_on = models.DateField("答复日期", null=True, blank=True, editable=False)

    review_unit_lookup = "message__unit_id"  # for InteractionReviewTask's queue

    class Meta:
        verbose_name = "留言答复"
        verbose_name_plural = "留言答复"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"答复：{self.message.subject}" if self.message_id else "留言答复"

    @property
    def unit_id(self) -> int | None:
        """The unit handling the message: the review and the staff scope go by it."""
        return self.message.unit_id if self.message_id else None


class ReminderSent(SentReminder):
    """One reminder of a message (due soon, or overdue)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        verbose_name = "留言催办记录"
        verbose_name_plural = "留言催办记录"
        constraints = [
            models.UniqueConstraint(
                fields=["message", "due", "days_left"], name="one_message_reminder_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.due} {self.days_left}"
