"""A year of the official calendar entered (or corrected) in the back office."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gongkai.workcalendar.parse import YEAR_MAX, YEAR_MIN, parse_year, split_notices
from gongkai.workdays import YearArrangement

HOLIDAYS_HELP = (
    "每行一个节日：名称和放假日期，例如“春节 2027-02-06 至 2027-02-13”，只放一天的写"
    "“清明节 2027-04-05”。也可以写“2027年2月6日至2月13日”或“2月6日至13日”（不写年份即本年）。"
    "跨年的元旦写明年份：“元旦 2026-12-31 至 2027-01-02”。"
)
MAKEUP_HELP = (
    "通知中“××月××日（星期六/日）上班”的日期，每行一个，或用逗号、顿号分隔，"
    "例如“2027-02-07、2027-02-20”。括号里写的星期会被核对。没有调休上班的年份留空。"
)


class CalendarYear(models.Model):
    """The State Council's arrangement for ``year`` as staff typed it from the notice.

    A row adds a year the package does not have (the next year's notice) or replaces one it has
    (a correction wins): see :func:`gongkai.workcalendar.services.official_calendar`.
    """

    year = models.PositiveSmallIntegerField(
        "年份",
        unique=True,
        validators=[
            MinValueValidator(YEAR_MIN, f"年份应在{YEAR_MIN}至{YEAR_MAX}之间。"),
            MaxValueValidator(YEAR_MAX, f"年份应在{YEAR_MIN}至{YEAR_MAX}之间。"),
        ],
        error_messages={"unique": "这一年已经录入过了，请在工作日历列表中点“修改”。"},
    )
    notice = models.CharField(
        "通知文号",
        max_length=200,
        help_text="国务院办公厅通知的文号，如“国办发明电〔2026〕7号”；有补充或调整通知的，用顿号分隔。",
    )
    holidays = models.TextField("放假安排", help_text=HOLIDAYS_HELP)
    makeup_days = models.TextField("调休上班日期", blank=True, help_text=MAKEUP_HELP)
    note = models.TextField(
        "备注", blank=True, help_text="例如数据来源（中国政府网链接）或更正的原因。"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历年份"
        verbose_name_plural = "工作日历年份"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年放假安排"

    @property
    def notices(self) -> tuple[str, ...]:
        return split_notices(self.notice)

    def arrangement(self) -> YearArrangement:
        """The row as an arrangement; raises ``CalendarInputError`` if its text is invalid."""
        return parse_year(self.year, self.holidays, self.makeup_days, self.notices)
