"""Units (机构) of the county platform, their leaders (领导简介), working bodies (工作机构) and staff."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class UnitKind(models.TextChoices):
    COUNTY = "county", "县级人民政府"
    DEPARTMENT = "department", "政府部门"
    TOWNSHIP = "township", "乡镇人民政府"
    COMMUNITY = "community", "社区（村）"
    ENTERPRISE = "enterprise", "公共企事业单位"


class PlatformGroup(models.TextChoices):
    """The groups of the seed page's footer, in its order."""

    GOVERNMENT = "government", "县市信息公开平台"
    DEPARTMENT = "department", "部门信息公开平台"
    GRASSROOTS = "grassroots", "全面推进基层政务公开标准化规范化"
    ENTERPRISE = "enterprise", "公共企事业信息公开"


GROUP_OF_KIND = {
    UnitKind.COUNTY: PlatformGroup.GOVERNMENT,
    UnitKind.DEPARTMENT: PlatformGroup.DEPARTMENT,
    UnitKind.TOWNSHIP: PlatformGroup.GRASSROOTS,
    UnitKind.COMMUNITY: PlatformGroup.GRASSROOTS,
    UnitKind.ENTERPRISE: PlatformGroup.ENTERPRISE,
}


class UnitQuerySet(models.QuerySet):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def in_group(self, group: str) -> UnitQuerySet:
        kinds = [kind for kind, g in GROUP_OF_KIND.items() if g == group]
        return self.filter(kind__in=kinds)


class Unit(ClusterableModel):
    code = models.CharField(
        "机构代码",
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(r"^[0-9A-Za-z]{3,20}$", "机构代码只能由3到20位数字或字母组成。")
        ],
        help_text="用于索引号和网址，一经使用不可更改。",
    )
    name = models.CharField("机构名称", max_length=100, unique=True)
    short_name = models.CharField(
        "机关代字", max_length=20, help_text="发文字号中的机关代字，如“永政”。"
    )
    kind = models.CharField("机构类型", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    disclosure_office = models.CharField("信息公开工作机构", max_length=100, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="units",
        blank=True,
        verbose_name="工作人员",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def group(self) -> PlatformGroup:
        return GROUP_OF_KIND[UnitKind(self.kind)]

    def get_absolute_url(self) -> str:
        return reverse("portal:unit", kwargs={"unit": self.code})

    def ancestors(self) -> list[Unit]:
        chain: list[Unit] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": "上级机构不能是本机构或其下级机构。"})
            seen.add(node.pk)
            node = node.parent


class Membership(models.Model):
    """A staff user works for a unit. Roles are groups (publishing issue); scope is the unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE)
    since = models.DateField("起始日期", auto_now_add=True)

    class Meta:
        verbose_name = "机构工作人员"
        verbose_name_plural = "机构工作人员"
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit}"


class Leader(models.Model):
    unit = ParentalKey(Unit, on_delete=models.CASCADE, related_name="leaders", verbose_name="机构")
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=100)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="照片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resume = models.TextField("简历", blank=True)
    duties = models.TextField("工作分工", blank=True)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "领导"
        verbose_name_plural = "领导简介"
        ordering = ["unit", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"

    def get_absolute_url(self) -> str:
        return reverse("portal:leader", kwargs={"unit": self.unit.code, "pk": self.pk})


class WorkingBody(models.Model):
    unit = ParentalKey(Unit, on_delete=models.CASCADE, related_name="bodies", verbose_name="机构")
    name = models.CharField("名称", max_length=100)
    duties = models.TextField("主要职责", blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "工作机构"
        verbose_name_plural = "工作机构"
        ordering = ["unit", "position", "pk"]

    def __str__(self) -> str:
        return self.name
