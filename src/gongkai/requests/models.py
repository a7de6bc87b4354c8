"""Disclosure requests (依申请公开): the case and its append-only event timeline.

Applicant data is personal data: it is never shown on a public page; the applicant sees
their own case only through the tracking code plus a verifier (services.find_case).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.requests.taxonomy import (
    ApplicantType,
    Channel,
    Delivery,
    EventKind,
    IdKind,
    Outcome,
    PreferredForm,
)


class RequestCase(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="request_cases", verbose_name="受理机关"
    )
    tracking_code = models.CharField("查询码", max_length=9, unique=True, editable=False)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    received_on = models.DateField(
        "收到申请日期",
        help_text="条例第三十一条：当面提交为提交之日；邮寄为签收之日；网上或传真为双方确认之日。",
    )
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_kind = models.CharField("证件类型", max_length=20, choices=IdKind.choices)
    id_number = models.CharField("证件号码", max_length=40)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    description = models.TextField("所需政府信息的名称、文号或者便于查询的其他特征性描述")
    purpose = models.TextField("用途", blank=True)
    preferred_form = models.CharField(
        "获取信息的方式（载体）", max_length=20, choices=PreferredForm.choices
    )
    delivery = models.CharField("获取信息的途径", max_length=20, choices=Delivery.choices)
    outcome = models.CharField("办理结果", max_length=20, choices=Outcome.choices, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承办人",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-pk"]
        permissions = [("approve_extension", "批准延期答复")]
        indexes = [models.Index(fields=["unit", "received_on"], name="case_unit_received")]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.received_on:%Y-%m-%d}"

    @property
    def code(self) -> str:
        """The tracking code as printed and read aloud: XXXX-XXXX-X."""
        from gongkai.requests.tracking import display

        return display(self.tracking_code)

    @property
    def year_received(self) -> int:
        return self.received_on.year

    @property
    def year_closed(self) -> int | None:
        return self.closed_on.year if self.closed_on else None

    def is_open_at_end_of(self, year: int) -> bool:
        """结转下年度: received by 31 December of `year` and not closed by then."""
        return self.received_on.year <= year and (
            self.closed_on is None or self.closed_on.year > year
        )


class CaseEvent(models.Model):
    """One step of a case. Append-only: corrections are new events, never edits."""

    case = models.ForeignKey(RequestCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=30, choices=EventKind.choices)
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="记录人",
    )
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("办理记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("办理记录只能追加，不能删除。")


class LetterTemplate(models.Model):
    """The county's own wording of one kind of letter, replacing the built-in default text.

    Kinds and their default texts are in letter_texts.py; the back office shows the default
    until the disclosure office saves its own version. Placeholders such as {申请人} are
    filled from the case when a letter is made (letters.fill).
    """

    kind = models.CharField("文书种类", max_length=30, unique=True)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文", help_text="段落之间空一行。可用占位符见右侧说明。")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "告知书模板"
        verbose_name_plural = "告知书模板"

    def __str__(self) -> str:
        return self.title


class CaseLetter(models.Model):
    """A letter made for a case, kept as sent: its text is fixed when it is made, so a later
    template change never alters what the applicant received. DOCX and PDF are rendered
    from this text on download."""

    case = models.ForeignKey(RequestCase, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书种类", max_length=30)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文号", max_length=60, blank=True)
    recipient = models.CharField("收件人", max_length=100)
    body = models.TextField("正文")
    issuer = models.CharField("落款机关", max_length=100)
    issued_on = models.DateField("落款日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="制作人",
    )
    created_at = models.DateTimeField("制作时间", auto_now_add=True)

    class Meta:
        verbose_name = "告知书"
        verbose_name_plural = "告知书"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()


class SentReminder(models.Model):
    """A reminder e-mail that went out, so a daily job run twice never sends one twice (each
    subclass is unique per item, due date and step)."""

    due = models.DateField("答复期限")
    days_left = models.SmallIntegerField("剩余工作日")
    recipients = models.TextField("收件人", blank=True)
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        abstract = True


class ReminderSent(SentReminder):
    """One deadline reminder of a request."""

    case = models.ForeignKey(RequestCase, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        verbose_name = "到期提醒"
        verbose_name_plural = "到期提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "due", "days_left"], name="one_reminder_per_due_and_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.due:%Y-%m-%d} 剩余{self.days_left}个工作日"
