"""网上调查: a unit's survey with its questions, and the citizens' responses.

A survey is published only through review, like documents: it carries Wagtail's workflow,
draft state and revisions, and its review levels are publishing.InteractionReviewTask (the
documents' unit-scoped group approval without their 保密审查 record; migrations/0002 seeds the
workflow).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.models import (
    Orderable,
    PreviewableMixin,
)

from gongkai.orgs.models import Unit
from gongkai.publishing.models import Reviewed

MAX_TEXT_LENGTH = 2000  # the longest free-text answer any survey may allow
MAX_OPTIONS = 30


class ResultsShown(models.TextChoices):
    LIVE = "live", "实时公布"
    AFTER_CLOSE = "after_close", "调查结束后公布"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    TEXT = "text", "填空题"


class Phase(models.TextChoices):
    UPCOMING = "upcoming", "未开始"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class SurveyQuerySet(models.QuerySet):
    def public(self) -> SurveyQuerySet:
        """What the public may see: published (live) surveys. Drafts and surveys in review
        never are, whatever their dates."""
        return self.filter(live=True)


class Survey(PreviewableMixin, Reviewed):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="surveys", verbose_name="调查机构"
    )
    title = models.CharField("调查标题", max_length=200)
    introduction = models.TextField(
        "调查说明", blank=True, max_length=3000, help_text="调查的目的、用途和填写须知。"
    )
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    results_shown = models.CharField(
        "结果公布方式",
        max_length=20,
        choices=ResultsShown.choices,
        default=ResultsShown.AFTER_CLOSE,
    )
    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "网上调查"
        verbose_name_plural = "网上调查"
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    def clean(self) -> None:
        from gongkai.interaction.surveys import services

        services.validate_survey(self)

    def approval_refusal(self, latest: Survey) -> str:
        """Why the reviewer may not approve ``latest`` (InteractionReviewTask asks)."""
        from gongkai.interaction.surveys import services

        if services.revision_changes_locked_questions(self, latest):
            return "本调查已收到答卷，待审核版本修改了题目，不能通过。"
        return ""

    # -- preview in the back office: the public page as it would look ----------------------

    def get_preview_template(self, request, mode_name):
        return "surveys/detail.html"

    def get_preview_context(self, request, mode_name):
        from gongkai.interaction.surveys import views

        return views.preview_context(request, self)


class Question(Orderable):
    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("题目", max_length=300)
    kind = models.CharField("题型", max_length=20, choices=QuestionKind.choices)
    options = models.TextField(
        "选项", blank=True, help_text="单选题、多选题填写，每行一个选项；填空题留空。"
    )
    required = models.BooleanField("必答", default=True)
    max_choices = models.PositiveSmallIntegerField(
        "最多选几项", null=True, blank=True, help_text="仅多选题；留空为不限。"
    )
    max_length = models.PositiveSmallIntegerField(
        "字数上限", default=500, help_text=f"仅填空题；不超过{MAX_TEXT_LENGTH}字。"
    )

    class Meta(Orderable.Meta):
        verbose_name = "题目"
        verbose_name_plural = "题目"

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    def clean(self) -> None:
        from gongkai.interaction.surveys import services

        services.validate_question(self)


class Response(models.Model):
    """One citizen's answers to one survey. No name, contact or address is asked or kept."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name="网上调查"
    )
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"答卷{self.pk}"


class Answer(models.Model):
    """One chosen option (one row per option of a multiple choice) or one free-text answer."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # PROTECT: questions of a survey with responses cannot change (services.questions_locked).
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField("所选选项", max_length=300, blank=True)
    text = models.TextField("填写内容", blank=True)

    class Meta:
        verbose_name = "答案"
        verbose_name_plural = "答案"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.choice or self.text[:20]
