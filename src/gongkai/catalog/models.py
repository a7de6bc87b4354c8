"""Columns (栏目), documents (政府信息) and their attachments; see docs/glossary.md for the names."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)

from gongkai.catalog.richtext import sanitize_html
from gongkai.catalog.signals import document_saved
from gongkai.orgs.models import Unit


class Column(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="columns", verbose_name="机构"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    key = models.SlugField("栏目标识", max_length=50, help_text="用于网址，一经使用不可更改。")
    name = models.CharField("栏目名称", max_length=100)
    description = models.CharField("说明", max_length=300, blank=True)
    position = models.PositiveIntegerField("排序", default=0)
    update_cycle_days = models.PositiveIntegerField(
        "更新周期（天）", null=True, blank=True, help_text="超过该天数未更新时，自查会提示。"
    )
    is_standard = models.BooleanField("标准栏目", default=False, editable=False)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["unit", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "key"], name="unique_column_key_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit.short_name or self.unit.name} · {self.name}"

    def save(self, *args, **kwargs) -> None:
        moved = (
            self.pk is not None
            and Column.objects.filter(pk=self.pk).exclude(parent_id=self.parent_id).exists()
        )
        super().save(*args, **kwargs)
        if moved:
            # Ancestors' lists include their sub-columns' documents.
            from gongkai.catalog.services import rebuild_listing

            rebuild_listing()

    def get_absolute_url(self) -> str:
        return reverse("portal:column", kwargs={"unit": self.unit.code, "column": self.key})

    def clean(self) -> None:
        if self.parent_id and self.parent.unit_id != self.unit_id:
            raise ValidationError({"parent": "上级栏目必须属于同一机构。"})


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class DocumentForm(models.TextChoices):
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class Topic(models.TextChoices):
    """国务院公文主题分类 (first level)."""

    GENERAL = "综合政务", "综合政务"
    ECONOMY = "国民经济管理、国有资产监管", "国民经济管理、国有资产监管"
    FINANCE = "财政、金融、审计", "财政、金融、审计"
    LAND = "国土资源、能源", "国土资源、能源"
    AGRICULTURE = "农业、林业、水利", "农业、林业、水利"
    INDUSTRY = "工业、交通", "工业、交通"
    TRADE = "商贸、海关、旅游", "商贸、海关、旅游"
    MARKET = "市场监管、安全生产监管", "市场监管、安全生产监管"
    CONSTRUCTION = "城乡建设、环境保护", "城乡建设、环境保护"
    SCIENCE = "科技、教育", "科技、教育"
    CULTURE = "文化、广电、新闻出版", "文化、广电、新闻出版"
    HEALTH = "卫生、体育", "卫生、体育"
    POPULATION = "人口与计划生育、妇女儿童工作", "人口与计划生育、妇女儿童工作"
    LABOUR = "劳动、人事、监察", "劳动、人事、监察"
    SECURITY = "公安、安全、司法", "公安、安全、司法"
    CIVIL = "民政、扶贫、救灾", "民政、扶贫、救灾"
    ETHNIC = "民族、宗教", "民族、宗教"
    FOREIGN = "对外事务", "对外事务"
    HMT = "港澳台侨工作", "港澳台侨工作"
    DEFENCE = "国防", "国防"
    OTHER = "其他", "其他"


class DocumentQuerySet(models.QuerySet):
    def public(self) -> DocumentQuerySet:
        """Live, proactively disclosed and dated (the date may still be in the future)."""
        return self.filter(live=True, disclosure=Disclosure.PROACTIVE, published_on__isnull=False)

    def published(self) -> DocumentQuerySet:
        """What the public may see: public, publication date reached."""
        return self.public().filter(published_on__lte=timezone.localdate())

    def newest_first(self) -> DocumentQuerySet:
        return self.order_by("-published_on", "-index_year", "-index_seq")


class IndexCounter(models.Model):
    """The last 索引号 sequence used per unit and year; incremented atomically (services)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_index_counter")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class Document(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="documents", verbose_name="发布机构"
    )
    index_no = models.CharField(
        "索引号",
        max_length=40,
        unique=True,
        editable=False,
        help_text="由系统分配：机构代码/年份-顺序号。",
    )
    index_year = models.PositiveSmallIntegerField(editable=False)
    index_seq = models.PositiveIntegerField(editable=False)
    title = models.CharField("标题", max_length=300)
    doc_no = models.CharField(
        "发文字号", max_length=60, blank=True, help_text="如：永政发〔2024〕12号。"
    )
    doc_no_prefix = models.CharField(max_length=40, blank=True, editable=False)
    doc_no_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    doc_no_seq = models.PositiveIntegerField(null=True, blank=True, editable=False)
    written_on = models.DateField("成文日期")
    formed_on = models.DateField(
        "形成或变更日期",
        null=True,
        blank=True,
        help_text="信息形成或变更的日期，留空即为成文日期；应在其后20个工作日内公开（条例第二十六条）。",
    )
    published_on = models.DateField("发布日期", null=True, blank=True)
    columns = ParentalManyToManyField(Column, related_name="documents", verbose_name="所属栏目")
    topic = models.CharField(
        "主题分类", max_length=40, choices=Topic.choices, default=Topic.GENERAL
    )
    keywords = models.CharField(
        "主题词", max_length=200, blank=True, help_text="多个主题词以空格分隔。"
    )
    form = models.CharField(
        "文件类型", max_length=20, choices=DocumentForm.choices, default=DocumentForm.OTHER
    )
    validity = models.CharField(
        "有效性", max_length=20, choices=Validity.choices, default=Validity.VALID
    )
    repealed_on = models.DateField("失效或废止日期", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="废止或替代它的文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    interprets = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="interpretations",
        verbose_name="解读的文件",
        help_text="本文是政策解读时，选择被解读的文件。",
    )
    disclosure = models.CharField(
        "公开方式", max_length=20, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    important = models.BooleanField(
        "重要信息", default=False, help_text="重要信息须经县政府办或县委办领导审签。"
    )
    body = RichTextField("正文", blank=True)
    withdrawn_at = models.DateTimeField("撤稿时间", null=True, blank=True, editable=False)
    withdrawn_reason = models.CharField("撤稿说明", max_length=300, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    source_fingerprint = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    source_name = models.CharField("来源", max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="catalog_document")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="catalog_document",
        for_concrete_model=False,
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_on", "-index_year", "-index_seq"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(written_on__lte=F("published_on")),
                name="written_on_not_after_published_on",
                violation_error_message="成文日期不能晚于发布日期。",
            ),
            models.CheckConstraint(
                condition=~Q(replaced_by=F("pk")),
                name="document_not_replaced_by_itself",
                violation_error_message="文件不能被自身废止或替代。",
            ),
            models.UniqueConstraint(
                fields=["unit", "index_year", "index_seq"], name="unique_index_seq"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "live", "published_on"], name="doc_unit_live_pub"),
            models.Index(
                fields=["doc_no_prefix", "doc_no_year", "doc_no_seq"], name="doc_no_parts"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    @property
    def is_repealed(self) -> bool:
        return self.validity != Validity.VALID

    @property
    def publisher(self) -> str:
        return self.unit.name

    @property
    def url_parts(self) -> tuple[str, str]:
        code, _, number = self.index_no.partition("/")
        return code, number

    def get_absolute_url(self) -> str:
        code, number = self.url_parts
        return reverse("portal:document", kwargs={"unit": code, "number": number})

    def clean(self) -> None:
        from gongkai.catalog import services

        services.validate_document(self)

    @property
    def due_from(self):
        """The date Art. 26's 20 working days count from."""
        return self.formed_on or self.written_on

    @property
    def is_public(self) -> bool:
        """Live, proactively disclosed and dated (the date may still be in the future)."""
        return (
            self.live and self.disclosure == Disclosure.PROACTIVE and self.published_on is not None
        )

    def save(self, *args, **kwargs) -> None:
        from gongkai.catalog import services

        self.body = sanitize_html(self.body)
        if self.live and self.published_on is None:
            # 发布日期 left blank means "the day it went online"; first_published_at is kept
            # across revisions, so republishing an edit does not move the date.
            self.published_on = timezone.localdate(self.first_published_at or timezone.now())
        services.apply_doc_no(self)
        if not self.index_no:
            services.assign_index_no(self)
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            super().save(*args, **kwargs)
            # A partial save (Wagtail recording a new draft revision of a live document) must
            # not touch the lists: the in-memory object then holds the unreviewed draft.
            if update_fields is None or LISTED_FIELDS & set(update_fields):
                services.sync_listing(self)
            # After the related rows (columns, attachments) are saved too: the search index
            # reads the document as the database now holds it.
            if update_fields is None or SEARCHED_FIELDS & set(update_fields):
                document_saved.send(sender=Document, instance=self)

    def publish(self, revision, *args, **kwargs):
        # Wagtail's publish clears the revision's approved go-live time, saves the document and
        # logs it in separate statements: a process killed in between (make faults) left a
        # scheduled document unpublished with its schedule gone, so `publish-scheduled` never
        # published it. One transaction: published with everything, or still scheduled.
        with transaction.atomic():
            return super().publish(revision, *args, **kwargs)


LISTED_FIELDS = {"live", "published_on", "disclosure", "index_year", "index_seq", "unit"}
SEARCHED_FIELDS = LISTED_FIELDS | {"title", "doc_no", "body", "keywords", "validity"}


class ListingEntry(models.Model):
    """A public document's place in a column's list, and in every ancestor column's list.

    Column pages read this table, whose index is in list order, so the newest twenty of a
    column with 100,000 documents are read without sorting them all. It is kept in step by
    Document.save() (services.sync_listing); the public queries still check the document
    itself, so a stale row can never show an unpublished document.
    """

    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="listing_entries")
    published_on = models.DateField()
    index_year = models.PositiveSmallIntegerField()
    index_seq = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["column", "document"], name="unique_listing_entry")
        ]
        indexes = [
            models.Index(
                fields=["column", "-published_on", "-index_year", "-index_seq"],
                name="listing_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.column_id}: {self.document_id}"


class Attachment(Orderable):
    """A file attached to something published (a document, a draft for consultation): an
    uploaded Wagtail document with the title shown for it."""

    file = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name="附件文件"
    )
    title = models.CharField("附件名称", max_length=200, blank=True)

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = "附件"
        verbose_name_plural = "附件"

    @property
    def display_title(self) -> str:
        return self.title or self.file.title

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.file.name)[1].lstrip(".").upper()

    @property
    def filename(self) -> str:
        return os.path.basename(self.file.file.name)


class DocumentAttachment(Attachment):
    document = ParentalKey(Document, on_delete=models.CASCADE, related_name="attachments")

    class Meta(Attachment.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def get_absolute_url(self) -> str:
        code, number = self.document.url_parts
        return reverse(
            "portal:attachment",
            kwargs={"unit": code, "number": number, "pk": self.pk, "filename": self.filename},
        )
