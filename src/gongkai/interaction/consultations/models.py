"""Consultations (意见征集) on drafts, citizens' comments, and the feedback summary (意见采纳情况反馈).

A consultation and its feedback summary are published only through review, like documents:
both carry Wagtail's workflow, draft state and revisions, and their review levels are
publishing.InteractionReviewTask (the documents' unit-scoped group approval without their
保密审查 record; migrations/0002 seeds the workflow).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField
from wagtail.models import (
    Orderable,
)

from gongkai.catalog.models import Attachment
from gongkai.catalog.richtext import sanitize_html
from gongkai.orgs.models import Unit
from gongkai.publishing.models import Reviewed

# 规范性文件 drafts are open for comment for at least 30 days as national practice
# (国办发〔2018〕37号 《关于加强行政规范性文件制定和监督管理工作的通知》: 征求意见期限一般不少于
# 30日), so an end date left blank means the start date plus 30 calendar days.
DEFAULT_PERIOD_DAYS = 30


class ConsultationQuerySet(models.QuerySet):
    def public(self) -> ConsultationQuerySet:
        """What the public may see: published (live) consultations."""
        return self.filter(live=True)


class Consultation(Reviewed):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="consultations", verbose_name="征集机构"
    )
    title = models.CharField("标题", max_length=300)
    draft = RichTextField("征求意见稿", blank=True)
    explanation = RichTextField("起草说明", blank=True)
    starts_on = models.DateField("征集开始日期")
    ends_on = models.DateField(
        "征集截止日期",
        blank=True,
        help_text="留空即为开始日期后30日（规范性文件征求意见期一般不少于30日）。",
    )
    postal_address = models.CharField("邮寄地址", max_length=300, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    final_document = models.ForeignKey(
        "catalog.Document",
        verbose_name="正式文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="文件正式印发后，选择已发布的正式文件。",
    )
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def clean(self) -> None:
        from gongkai.interaction.consultations import services

        services.validate_consultation(self)

    def save(self, *args, **kwargs) -> None:
        from gongkai.interaction.consultations import services

        self.draft = sanitize_html(self.draft)
        self.explanation = sanitize_html(self.explanation)
        if self.starts_on and not self.ends_on:
            self.ends_on = services.default_end(self.starts_on)
        super().save(*args, **kwargs)


class ConsultationAttachment(Attachment):
    consultation = ParentalKey(Consultation, on_delete=models.CASCADE, related_name="attachments")

    class Meta(Attachment.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:attachment",
            kwargs={"pk": self.consultation_id, "item": self.pk, "filename": self.filename},
        )


class CommentStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已审核"
    REJECTED = "rejected", "不予展示"


class CommentQuerySet(models.QuerySet):
    def shown(self) -> CommentQuerySet:
        """Comments the public may read: approved by staff and marked public by the author."""
        return self.filter(status=CommentStatus.APPROVED, public=True)


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments", verbose_name="意见征集"
    )
    name = models.CharField("姓名", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=100)
    text = models.TextField("意见内容")
    public = models.BooleanField("同意公开", default=False)
    status = models.CharField(
        "审核状态", max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.text[:20]}"


class Decision(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "不予采纳"


class FeedbackSummary(Reviewed):
    consultation = models.OneToOneField(
        Consultation, on_delete=models.PROTECT, related_name="feedback", verbose_name="意见征集"
    )
    received_count = models.PositiveIntegerField(
        "收到意见数",
        default=0,
        help_text="包括网上、邮寄和电子邮件收到的全部意见（条数）。",
    )
    summary = RichTextField("总体情况", blank=True)

    class Meta:
        verbose_name = "意见采纳情况反馈"
        verbose_name_plural = "意见采纳情况反馈"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return (
            f"关于《{self.consultation.title}》的意见采纳情况反馈"
            if self.consultation_id
            else "意见采纳情况反馈"
        )

    @property
    def title(self) -> str:
        return str(self)

    review_unit_lookup = "consultation__unit_id"  # for InteractionReviewTask's queue

    @property
    def unit_id(self) -> int | None:
        """The unit of the consultation: the review and the staff scope go by it."""
        return self.consultation.unit_id if self.consultation_id else None

    def clean(self) -> None:
        from gongkai.interaction.consultations import services

        services.validate_feedback(self)

    def save(self, *args, **kwargs) -> None:
        self.summary = sanitize_html(self.summary)
        super().save(*args, **kwargs)


class FeedbackItem(Orderable):
    feedback = ParentalKey(FeedbackSummary, on_delete=models.CASCADE, related_name="items")
    topic = models.CharField(
        "意见摘要", max_length=500, help_text="一条意见或一类意见的概括，不写提出人的个人信息。"
    )
    count = models.PositiveIntegerField("条数", default=1)
    decision = models.CharField("采纳情况", max_length=20, choices=Decision.choices)
    reason = models.TextField("理由", blank=True, help_text="部分采纳或不予采纳时须说明理由。")

    class Meta(Orderable.Meta):
        verbose_name = "意见及采纳情况"
        verbose_name_plural = "意见及采纳情况"

    def clean(self) -> None:
        if self.decision in (Decision.PARTLY, Decision.NOT_ADOPTED) and not self.reason.strip():
            raise ValidationError({"reason": "部分采纳或不予采纳时，请说明理由。"})
