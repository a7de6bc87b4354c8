"""Annual reports (政府信息公开工作年度报告) as structured figures, not only text (Art. 49–50)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.catalog.models import Document
from gongkai.orgs.models import Unit


class ReportSource(models.TextChoices):
    COMPUTED = "computed", "由平台数据计算"
    BACKFILLED = "backfilled", "按历史报告补录"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "编写中"
    SUBMITTED = "submitted", "已报送"
    PUBLISHED = "published", "已公开"


class AnnualReport(models.Model):
    """One unit's report for one year.

    Years before the platform kept case records (like 2014 in the seed) are backfilled from
    the published report's stated totals; the annual-report issue adds the full section
    二/三/四 tables computed from live data.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="annual_reports", verbose_name="机构"
    )
    year = models.PositiveSmallIntegerField("年度")
    document = models.OneToOneField(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annual_report",
        verbose_name="报告全文",
    )
    source = models.CharField("数据来源", max_length=20, choices=ReportSource.choices)
    proactive_items = models.PositiveIntegerField("主动公开政府信息条数", null=True, blank=True)
    requests_received = models.PositiveIntegerField("收到政府信息公开申请数", null=True, blank=True)
    requests_answered = models.PositiveIntegerField("已办理申请数", null=True, blank=True)
    fees_yuan = models.DecimalField(
        "收取信息处理费（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    reconsiderations = models.PositiveIntegerField("行政复议数", null=True, blank=True)
    litigations = models.PositiveIntegerField("行政诉讼数", null=True, blank=True)
    # Sections written by staff (pre-filled with a factual draft from the data).
    general = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    # The tables as published, in the JSON shape of `gongkai annual-report --format json`'s
    # "sections": typed by hand for a year without case records (backfill), or fixed when the
    # report's text is generated, so a published report never changes when a late step is
    # recorded. Empty while the report is only computed.
    frozen_sections = models.JSONField("表格（补录或生成文稿时固定）", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报送人",
    )

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_report_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"


class DecisionKind(models.TextChoices):
    """The rows of section 二 that come from records staff keep, not from documents."""

    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COMPULSORY = "compulsory", "行政强制"
    FEE = "fee", "行政事业性收费"


class DecisionRecord(models.Model):
    """Decisions (许可、处罚、强制) and fees collected, entered or imported by staff.

    A row is one decision, or a total for a period (``count`` > 1) when an office keeps its
    figures in another system and imports monthly totals. Fees carry their amount in yuan;
    the report shows 万元.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="decision_records", verbose_name="机构"
    )
    kind = models.CharField("类别", max_length=20, choices=DecisionKind.choices)
    decided_on = models.DateField("决定或收费日期")
    count = models.PositiveIntegerField("数量", default=1)
    amount_yuan = models.DecimalField(
        "金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    reference = models.CharField("文号或编号", max_length=100, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    batch = models.CharField("导入批次", max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法决定及收费记录"
        verbose_name_plural = "执法决定及收费记录"
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "kind", "decided_on"], name="decision_unit_kind_day")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="fee", amount_yuan__isnull=False, amount_yuan__gte=0)
                | ~models.Q(kind="fee"),
                name="fee_has_amount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.decided_on:%Y-%m-%d}"
