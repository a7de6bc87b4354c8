"""factory_boy factories for units, columns and documents."""

from __future__ import annotations

import datetime as dt

import factory

from gongkai.catalog.models import Disclosure, Document
from gongkai.catalog.services import ensure_standard_columns
from gongkai.orgs.models import Leader, Unit, UnitKind, WorkingBody


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"{620321500 + n}")
    name = factory.Sequence(lambda n: f"永昌县测试局{n}")
    short_name = "永测"
    kind = UnitKind.DEPARTMENT

    @factory.post_generation
    def standard_columns(self, create, extracted, **kwargs):
        if create:
            ensure_standard_columns(self)


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    unit = factory.SubFactory(UnitFactory)
    name = "张明远"
    post = "局长"
    resume = "男，汉族，1975年生，大学学历。"
    duties = "主持全面工作。"


class WorkingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingBody

    unit = factory.SubFactory(UnitFactory)
    name = "办公室"
    duties = "负责机关日常运转。"


class DocumentFactory(factory.django.DjangoModelFactory):
    """A published, proactively disclosed document in the unit's 第二十条第（一）项 column."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"关于做好第{n}项工作的通知")
    written_on = dt.date(2024, 3, 1)
    published_on = dt.date(2024, 3, 5)
    body = "<p>各乡镇人民政府，县政府各部门：</p><p>现将有关事项通知如下。</p>"
    disclosure = Disclosure.PROACTIVE
    live = True

    @factory.post_generation
    def columns(self, create, extracted, **kwargs):
        if not create:
            return
        keys = extracted if extracted is not None else ["art20-01"]
        self.columns.set([self.unit.columns.get(key=k) for k in keys])
        self.save()
