"""Site self-inspection (值班读网) records: each run, the findings it saw and who read the
duty log (值班日志) of a day. The rules live in inspection.py and dutylog.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.orgs.models import Unit


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", "定时任务"
    MANUAL = "manual", "后台手动"


class RunStatus(models.TextChoices):
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    SITE_DOWN = "site_down", "网站无法访问"


class InspectionRun(models.Model):
    day = models.DateField("值班日期", db_index=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    trigger = models.CharField("触发方式", max_length=20, choices=Trigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    base_url = models.CharField("检查的网址", max_length=300, blank=True)
    crawled = models.BooleanField("检查了网页", default=False)
    pages = models.PositiveIntegerField("检查网页数", default=0)
    links = models.PositiveIntegerField("检查链接数", default=0)
    status = models.CharField(
        "状态", max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    new_count = models.PositiveIntegerField("新发现", default=0)
    open_count = models.PositiveIntegerField("未整改", default=0)
    closed_count = models.PositiveIntegerField("本次已整改", default=0)

    class Meta:
        verbose_name = "自查记录"
        verbose_name_plural = "自查记录"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_trigger_display()}"


class FindingKind(models.TextChoices):
    DEAD_LINK = "dead_link", "站内链接失效"
    DEAD_ATTACHMENT = "dead_attachment", "附件无法下载"
    EXTERNAL_LINK = "external_link", "外部链接无法访问"
    FOOTER = "footer", "页脚缺少备案标识"
    SITE_DOWN = "site_down", "网站无法访问"
    STALE_HOME = "stale_home", "首页长期未更新"
    STALE_COLUMN = "stale_column", "栏目超过更新周期"
    EMPTY_COLUMN = "empty_column", "空白栏目"
    MESSAGE_OVERDUE = "message_overdue", "留言逾期未答复"
    MESSAGE_LONG = "message_long", "留言超过3个月未答复"
    REQUEST_OVERDUE = "request_overdue", "依申请公开逾期未答复"
    REQUEST_DUE = "request_due", "依申请公开即将到期"
    LATE_PUBLICATION = "late_publication", "主动公开逾期"
    CONSULTATION_ENDING = "consultation_ending", "意见征集即将截止"


class Severity(models.TextChoices):
    PROBLEM = "problem", "问题"
    NOTICE = "notice", "提示"


class FindingQuerySet(models.QuerySet):
    def open(self) -> FindingQuerySet:
        return self.filter(closed_on__isnull=True)

    def open_on(self, day) -> FindingQuerySet:
        """Findings that stood open on `day`: seen by then and not yet closed that day."""
        return self.filter(first_seen__lte=day).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )


class Finding(models.Model):
    """One problem, open from the first run that saw it until the first run that no longer
    does (then closed with that day). `fingerprint` names the problem, not the run."""

    fingerprint = models.CharField(max_length=64)
    kind = models.CharField("类别", max_length=30, choices=FindingKind.choices)
    severity = models.CharField("性质", max_length=10, choices=Severity.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name="责任机构",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField("问题", max_length=300)
    detail = models.TextField("详情", blank=True)
    url = models.CharField("网页地址", max_length=500, blank=True)
    fix_url = models.CharField("处理地址", max_length=500, blank=True)
    first_seen = models.DateField("首次发现")
    last_seen = models.DateField("最近发现")
    closed_on = models.DateField("整改日期", null=True, blank=True)
    first_run = models.ForeignKey(
        InspectionRun, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_run = models.ForeignKey(
        InspectionRun, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notified_at = models.DateTimeField("已邮件通知", null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "自查发现的问题"
        verbose_name_plural = "自查发现的问题"
        ordering = ["unit_id", "kind", "first_seen", "pk"]
        constraints = [
            # At most one open finding per problem: the de-duplication across days.
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(closed_on__isnull=True),
                name="one_open_finding_per_fingerprint",
            )
        ]
        indexes = [models.Index(fields=["first_seen", "closed_on"], name="finding_days")]

    def __str__(self) -> str:
        return self.title


class DutyLogReview(models.Model):
    """Someone read the duty log of a day and signed it off (签阅): the "who looked"."""

    day = models.DateField("值班日期")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签阅人", on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField("签阅时间", auto_now_add=True)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "值班日志签阅"
        verbose_name_plural = "值班日志签阅"
        ordering = ["day", "at"]
        constraints = [
            models.UniqueConstraint(fields=["day", "user"], name="one_review_per_user_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.user}"
