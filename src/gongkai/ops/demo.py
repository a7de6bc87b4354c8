"""Loading the demo county 永昌县 (ops/demo_data.py) and its real 2014 report (the seed page)."""

from __future__ import annotations

import datetime as dt
import hashlib
from html import escape
from importlib import resources
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from gongkai.catalog import columns as standard
from gongkai.catalog.models import Document, DocumentAttachment, DocumentForm, Validity
from gongkai.catalog.services import ensure_standard_columns
from gongkai.ops import demo_data, demo_files
from gongkai.ops.demo_reports import create_demo_reports
from gongkai.ops.importer import import_legacy_page
from gongkai.orgs.models import Leader, Membership, Unit, WorkingBody
from gongkai.publishing.roles import Role

COUNTY_CODE = "620321000"
SEED_FILE = "yongchang-2014-annual-report.txt"
# The seed page states no dates. The 2008 Regulation (Art. 32) required the report by
# 31 March of the next year; the demo records that date, and staff can correct it.
SEED_DATE = dt.date(2015, 3, 31)

FORMS = {
    "rule": DocumentForm.RULE,
    "normative": DocumentForm.NORMATIVE,
    "other": DocumentForm.OTHER,
}
VALIDITIES = {"valid": Validity.VALID, "expired": Validity.EXPIRED, "repealed": Validity.REPEALED}


def seed_page() -> bytes:
    return resources.files("gongkai.ops").joinpath("data", "seed", SEED_FILE).read_bytes()


def _portrait(leader: Leader, seed: int):
    data = BytesIO(demo_files.portrait_png(seed))
    image = get_image_model()(
        title=f"{leader.name}（{leader.post}）",
        file=ImageFile(data, name=f"leader-{leader.unit.code}-{seed}.png"),
    )
    image.save()
    return image


def _attach_budget_table(doc: Document, spec: demo_data.DocumentSpec) -> None:
    year = spec.written_on.year
    data = demo_files.budget_workbook(doc.unit.name, spec.title, year, seed=doc.index_seq + year)
    upload = get_document_model()(title=f"{spec.title}（收支总表）")
    code, number = doc.url_parts
    upload.file.save(f"budget-{code}-{number}.xlsx", ContentFile(data), save=False)
    upload.save()
    DocumentAttachment.objects.create(document=doc, file=upload, title="收支总表")


def _fingerprint(spec: demo_data.DocumentSpec) -> str:
    key = f"demo|{spec.unit}|{spec.column}|{spec.title}|{spec.written_on.isoformat()}"
    return hashlib.sha256(key.encode()).hexdigest()


def load_demo(*, staff_password: str | None = None) -> dict[str, int]:
    """Create what is missing; running it twice changes nothing. The search index is rebuilt
    once at the end (when anything changed), not document by document."""
    from gongkai.search.services import deferred

    with transaction.atomic(), deferred():
        return _load_demo(staff_password=staff_password)


def _load_demo(*, staff_password: str | None) -> dict[str, int]:
    created = {"units": 0, "leaders": 0, "bodies": 0, "documents": 0, "staff": 0}
    units: dict[str, Unit] = {}
    for position, spec in enumerate(demo_data.UNITS):
        unit, made = Unit.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "short_name": spec.short_name,
                "kind": spec.kind,
                "parent": units.get(spec.parent) if spec.parent else None,
                "position": position,
                "address": spec.address,
                "postcode": spec.postcode,
                "phone": spec.phone,
                "email": spec.email,
                "office_hours": spec.office_hours,
                "disclosure_office": spec.disclosure_office,
            },
        )
        units[spec.code] = unit
        created["units"] += made
        ensure_standard_columns(unit)
        for order, leader in enumerate(spec.leaders):
            _, made = Leader.objects.get_or_create(
                unit=unit,
                name=leader.name,
                defaults={
                    "post": leader.post,
                    "resume": leader.resume,
                    "duties": leader.duties,
                    "position": order,
                },
            )
            created["leaders"] += made
        for order, body in enumerate(spec.bodies):
            _, made = WorkingBody.objects.get_or_create(
                unit=unit,
                name=body.name,
                defaults={"duties": body.duties, "phone": body.phone, "position": order},
            )
            created["bodies"] += made

    specs = demo_data.documents()
    fingerprints = [_fingerprint(s) for s in specs]
    existing = dict(
        Document.objects.filter(source_fingerprint__in=fingerprints).values_list(
            "source_fingerprint", "pk"
        )
    )
    columns = {
        (c.unit.code, c.key): c
        for unit in units.values()
        for c in unit.columns.select_related("unit")
    }
    now = timezone.now()
    documents: list[Document | None] = []
    for spec, fingerprint in zip(specs, fingerprints, strict=True):
        if fingerprint in existing:
            documents.append(None)
            continue
        doc = Document(
            unit=units[spec.unit],
            title=spec.title,
            doc_no=spec.doc_no or "",
            written_on=spec.written_on,
            published_on=spec.published_on,
            topic=spec.topic,
            keywords=" ".join(spec.keywords),
            form=FORMS[spec.form],
            validity=VALIDITIES[spec.validity],
            important=spec.important,
            body="".join(f"<p>{escape(p)}</p>" for p in spec.body),
            source_fingerprint=fingerprint,
            source_name="demo",
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        doc.columns.set([columns[(spec.unit, spec.column)]])
        doc.save()
        if spec.column == "art20-07" and ("预算" in spec.title or "决算" in spec.title):
            _attach_budget_table(doc, spec)
        documents.append(doc)
        created["documents"] += 1

    # Relations point at other documents by position, so they are set once all exist.
    for spec, doc in zip(specs, documents, strict=True):
        if doc is None:
            continue
        changed = False
        if spec.replaced_by is not None:
            replacement = documents[spec.replaced_by]
            if replacement is not None:
                doc.replaced_by = replacement
                doc.repealed_on = replacement.published_on
                changed = True
        if changed:
            doc.full_clean(exclude=["index_no", "index_year", "index_seq"])
            doc.save(update_fields=["replaced_by", "repealed_on"])
        if spec.interprets is not None and documents[spec.interprets] is not None:
            doc.interprets.set([documents[spec.interprets]])
            doc.save()

    county = units[COUNTY_CODE]
    result = import_legacy_page(
        seed_page(),
        county,
        county.columns.get(key=standard.ANNUAL_REPORT),
        source_name=f"seed/{SEED_FILE}",
        written_on=SEED_DATE,
        published_on=SEED_DATE,
    )
    created["documents"] += result.created
    created["staff"] = create_demo_staff(units, password=staff_password)
    created["documents"] += create_demo_work_in_progress(units[DEMO_OFFICE_UNIT])
    created["requests"] = create_demo_requests(units[DEMO_OFFICE_UNIT])
    created["reports"] = create_demo_reports(units)
    from gongkai.interaction.consultations import demo as consultations_demo

    created["consultations"] = consultations_demo.load_demo(units)
    from gongkai.interaction.surveys import demo as surveys_demo

    created["surveys"] = surveys_demo.load_demo(units)
    from gongkai.interaction.messages import demo as messages_demo

    created["messages"] = messages_demo.load_demo(units)
    return created


# One account per role, so that the three-level review can be tried at once. The password is
# set only when an account is created; change it, or do not load the demo, on a real server.
DEMO_PASSWORD = "gongkai-demo"
DEMO_STAFF = [
    # (username, full name, role, unit code)
    ("xinxiyuan", "教育局信息员 李晓燕", Role.OFFICER, "620321003"),
    ("bianji", "信息中心责任编辑 王建国", Role.EDITOR, COUNTY_CODE),
    ("fuzeren", "信息中心负责人 张志强", Role.HEAD, COUNTY_CODE),
    ("shenqian", "县政府办审签领导 赵明", Role.LEADER, "620321001"),
    ("gongkaiban", "县政务公开办 陈静", Role.OFFICE, COUNTY_CODE),
    ("xitong", "系统管理员 刘洋", Role.ADMIN, COUNTY_CODE),
]


DEMO_OFFICE_UNIT = "620321003"  # 教育局, where the demo information officer works
# Work in progress for the dashboards: (title, days before loading, submitted for review).
DEMO_DRAFTS = [
    ("永昌县教育局关于2026年秋季学期中小学课后服务收费标准的公示", 45, False),
    ("永昌县教育局关于开展中小学校园食品安全专项检查的通知", 12, True),
]


def create_demo_work_in_progress(unit: Unit) -> int:
    """Two 教育局 drafts: one long past its Art. 26 deadline, one waiting for the editor.

    Dates are relative to the day the demo is loaded, so the dashboards have something to
    show whenever it is tried.
    """
    officer = get_user_model().objects.get(username=DEMO_STAFF[0][0])
    made = 0
    today = timezone.localdate()
    for title, days, submit in DEMO_DRAFTS:
        fingerprint = hashlib.sha256(f"demo-draft|{unit.code}|{title}".encode()).hexdigest()
        if Document.objects.filter(source_fingerprint=fingerprint).exists():
            continue
        doc = Document(
            unit=unit,
            title=title,
            written_on=today - dt.timedelta(days=days),
            body="<p>各中小学校：现将有关事项通知如下。</p>",
            source_fingerprint=fingerprint,
            source_name="demo",
            live=False,
        )
        doc.save()
        doc.columns.set([unit.columns.get(key="art20-11")])
        doc.save()
        doc.save_revision(user=officer, log_action=True)
        if submit:
            # No review notification mails while loading a demo.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                doc.get_workflow().start(doc, officer)
        made += 1
    return made


def create_demo_staff(units: dict[str, Unit], *, password: str | None = None) -> int:
    User = get_user_model()
    made = 0
    for username, full_name, role, code in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": full_name, "is_staff": True, "email": f"{username}@example.cn"},
        )
        if created:
            user.set_password(password or DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=str(role)))
            Membership.objects.get_or_create(user=user, unit=units[code])
            made += 1
    return made


# Disclosure requests at 教育局 in every state, dated back from the day the demo is loaded so
# the dashboard always has something overdue, something due this week and something paused.
# Applicants are invented; ID numbers carry valid check digits.
DEMO_REQUESTS = [
    # (name, phone, description, working days before today received, steps)
    ("周晓梅", "13893541122", "2026年永昌县城区小学一年级招生划片范围及依据", 26, []),
    ("马建军", "13909357788", "县第一中学2025年度食堂承包合同及招标公告", 17, ["accepted"]),
    ("孙丽", "18809351234", "我村小学撤并的论证材料和听证会记录", 8, ["correction"]),
    (
        "永昌县金川商贸有限公司",
        "0935-7521234",
        "2025年教育系统办公用品政府采购的中标结果",
        12,
        ["accepted", "consultation"],
    ),
    (
        "赵国庆",
        "13519357766",
        "2025年全县教师招聘考试成绩及录用名单",
        30,
        ["accepted", "answered:disclosed", "delivered", "closed"],
    ),
    (
        "钱敏",
        "15193571010",
        "县教育局2025年部门决算中“三公”经费明细",
        40,
        ["accepted", "extension", "answered:partial", "delivered", "closed", "reconsideration"],
    ),
]


def _demo_id(seed: int) -> str:
    from gongkai.publishing.scanner import resident_id_check_char

    first17 = f"620321{1970 + seed * 3}0{seed % 9 + 1}1{seed % 10}{100 + seed:03d}"[:17]
    return first17 + resident_id_check_char(first17)


def _working_days_back(today: dt.date, n: int) -> dt.date:
    from gongkai.requests.services import calendar

    cal, day = calendar(), today
    while cal.working_days_between(day, today).days < n:
        day -= dt.timedelta(days=1)
    return day


def create_demo_requests(unit: Unit) -> int:
    from gongkai.requests import services
    from gongkai.requests.models import RequestCase
    from gongkai.requests.taxonomy import ApplicantType, EventKind, IdKind

    officer = get_user_model().objects.get(username=DEMO_STAFF[0][0])
    head = get_user_model().objects.get(username=DEMO_STAFF[2][0])
    today = timezone.localdate()
    made = 0
    for seed, (name, phone, description, back, steps) in enumerate(DEMO_REQUESTS, 1):
        if RequestCase.objects.filter(unit=unit, description=description).exists():
            continue
        organisation = name.endswith("公司")
        received = _working_days_back(today, back)
        case = services.file_request(
            unit=unit,
            channel="online" if seed % 2 else "in_person",
            received_on=received,
            applicant_type=ApplicantType.BUSINESS if organisation else ApplicantType.NATURAL_PERSON,
            applicant_name=name,
            id_kind=IdKind.CREDIT_CODE if organisation else IdKind.RESIDENT_ID,
            id_number="91620321MA7Y8K3X16" if organisation else _demo_id(seed),
            phone=phone,
            description=description,
            preferred_form="electronic",
            delivery="online",
            handler=officer,
            user=None if seed % 2 else officer,
        )
        day = received
        for step in steps:
            day = min(today, day + dt.timedelta(days=2))
            kind, _, outcome = step.partition(":")
            if kind == "correction":
                services.record_event(
                    case,
                    EventKind.CORRECTION_REQUESTED,
                    on=day,
                    user=officer,
                    data={
                        "what": "请写明村名和学校名称",
                        "by": (day + dt.timedelta(days=15)).isoformat(),
                    },
                )
            elif kind == "consultation":
                services.record_event(
                    case,
                    EventKind.CONSULTATION_SENT,
                    on=day,
                    user=officer,
                    data={"party": "中标供应商 永昌县某文具店"},
                )
            elif kind == "extension":
                services.record_event(
                    case,
                    EventKind.EXTENSION_APPROVED,
                    on=day,
                    user=head,
                    data={"approver": "信息中心负责人 张志强", "days": 20},
                    note="涉及多个年度的财务凭证，需要时间整理。",
                )
            elif kind == "reconsideration":
                services.record_event(
                    case,
                    EventKind.RECONSIDERATION,
                    on=day,
                    user=officer,
                    data={"organ": "永昌县人民政府", "number": "", "result": "pending"},
                )
            else:
                services.record_event(
                    case,
                    kind,
                    on=day,
                    user=officer,
                    outcome=outcome,
                    data={"reason": "部分内容涉及个人隐私，已作区分处理"}
                    if outcome == "partial"
                    else {},
                )
        made += 1
    return made
