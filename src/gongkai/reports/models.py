"""Annual reports (政府信息公开工作年度报告) as structured figures, not only text (Art. 49–50)."""

from __future__ import annotations

from django.db import models

from gongkai.catalog.models import Document
from gongkai.orgs.models import Unit


class ReportSource(models.TextChoices):
    COMPUTED = "computed", "由平台数据计算"
    BACKFILLED = "backfilled", "按历史报告补录"


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

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_report_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"
