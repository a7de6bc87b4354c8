"""Staff of two units under one county, one per role, and helpers to drive the back office."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from gongkai.orgs.models import Membership, UnitKind
from gongkai.publishing.roles import Role
from tests.factories import DocumentFactory, UnitFactory

PASSWORD = "pw-Yongchang-2026"


@pytest.fixture
def county(db):
    return UnitFactory(
        code="620321000", name="永昌县人民政府", short_name="永政", kind=UnitKind.COUNTY
    )


@pytest.fixture
def edu(county):
    return UnitFactory(code="620321003", name="永昌县教育局", short_name="永教", parent=county)


@pytest.fixture
def police(county):
    return UnitFactory(code="620321004", name="永昌县公安局", short_name="永公", parent=county)


@pytest.fixture
def make_staff(db):
    def make(username: str, role: str, *units, full_name: str = ""):
        user = get_user_model().objects.create_user(
            username,
            f"{username}@example.gov.cn",
            PASSWORD,
            is_staff=True,
            first_name=full_name or username,
        )
        user.groups.add(Group.objects.get(name=str(role)))
        for unit in units:
            Membership.objects.create(user=user, unit=unit)
        return user

    return make


@pytest.fixture
def staff(make_staff, county, edu, police):
    """One user per role; the unit-scoped ones work for 教育局 (officer) or the county."""
    return {
        Role.OFFICER: make_staff("officer", Role.OFFICER, edu),
        "police_officer": make_staff("police_officer", Role.OFFICER, police),
        Role.EDITOR: make_staff("editor", Role.EDITOR, county),
        "edu_editor": make_staff("edu_editor", Role.EDITOR, edu),
        Role.HEAD: make_staff("head", Role.HEAD, county),
        Role.LEADER: make_staff("leader", Role.LEADER),
        Role.OFFICE: make_staff("office", Role.OFFICE, county),
        Role.ADMIN: make_staff("sysadmin", Role.ADMIN, county),
    }


def draftail(*paragraphs: str) -> str:
    blocks = [
        {
            "key": f"k{i}",
            "type": "unstyled",
            "depth": 0,
            "text": text,
            "inlineStyleRanges": [],
            "entityRanges": [],
        }
        for i, text in enumerate(paragraphs)
    ]
    return json.dumps({"blocks": blocks, "entityMap": {}}, ensure_ascii=False)


def form_data(unit, *, action: str = "action-submit", declare: bool = True, **overrides) -> dict:
    data = {
        "title": "永昌县教育局关于做好2025年春季学期开学工作的通知",
        "unit": unit.pk,
        "doc_no": "永教发〔2025〕9号",
        "written_on": "2025-02-10",
        "published_on": "",
        "columns": [unit.columns.get(key="art20-01").pk],
        "topic": "科技、教育",
        "form": "other",
        "keywords": "开学",
        "disclosure": "proactive",
        "validity": "valid",
        "body": draftail("各学校：现将春季学期开学有关事项通知如下。"),
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        action: action,
    }
    if declare:
        data.update(
            {
                "secrecy_reviewer": "李晓燕",
                "secrecy_reviewed_on": "2025-02-11",
                "secrecy_result": "经审查，不涉及国家秘密、工作秘密，可以公开",
                "secrecy_confirmed": "on",
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def draft(edu):
    """A draft (never published) document of 教育局."""
    doc = DocumentFactory.build(unit=edu, title="教育局草稿：关于开展校园安全检查的通知")
    doc.live = False
    doc.published_on = None
    doc.save()
    doc.columns.set([edu.columns.get(key="art20-01")])
    doc.save_revision()
    return doc


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
