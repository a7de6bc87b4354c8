"""Roles are seeded by a migration, and every admin URL keeps staff inside their units."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.documents.models import Document as UploadedFile
from wagtail.models import WorkflowContentType

from gongkai.catalog.models import Document, DocumentAttachment
from gongkai.publishing.roles import ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db

NAMESPACE = "wagtailsnippets_catalog_document"


def denied(response) -> bool:
    """403/404, or Wagtail's way of refusing: back to the dashboard with an error message."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] == "/admin/"


# Apps that grant the roles their own permissions in their own migrations.
OWN_GRANTS = {
    "foi_requests",
    "workcalendar",
    "reports",
    "surveys",
    "consultations",
    "citizen_messages",
}


def test_the_six_roles_exist_as_groups_with_their_permissions(db):
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=str(role))
        held = set(group.permissions.values_list("content_type__app_label", "codename"))
        assert {p for p in held if p[0] not in OWN_GRANTS} == set(perms), role


def test_nobody_but_a_superuser_may_publish_around_the_review(db):
    assert not Group.objects.filter(permissions__codename="publish_document").exists()


def test_documents_go_through_the_three_level_review_workflow(db):
    workflow = WorkflowContentType.objects.get(content_type__model="document").workflow
    names = [t.name for t in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert names == ["责任编辑审核", "负责人签发", "审签领导审签（重要信息）"]
    assert [t.specific.only_important for t in workflow.tasks.all()] == [False, False, True]


def _patterns(resolver, prefix=""):
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            yield from _patterns(item, prefix)
        elif isinstance(item, URLPattern) and item.name:
            yield item


def document_urls(doc) -> list[str]:
    """Every URL of the document admin that names one document, filled in for `doc`."""
    resolver = next(
        r
        for r in _all_resolvers(get_resolver())
        if isinstance(r, URLResolver) and r.namespace == NAMESPACE
    )
    values = {
        "pk": doc.pk,
        "revision_id": doc.latest_revision_id,
        "revision_id_a": doc.latest_revision_id,
        "revision_id_b": doc.latest_revision_id,
        "action_name": "approve",
        "task_state_id": 1,
        "workflow_state_id": 1,
    }
    urls = []
    for pattern in _patterns(resolver):
        params = set(pattern.pattern.converters)
        if "pk" not in params:
            continue
        kwargs = {k: values[k] for k in params}
        urls.append(reverse(f"{NAMESPACE}:{pattern.name}", kwargs=kwargs))
    assert len(urls) >= 15, urls
    return urls


def _all_resolvers(resolver):
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            yield item
            yield from _all_resolvers(item)


@pytest.mark.parametrize(
    "who", [Role.OFFICER, "police_officer", "edu_editor", Role.LEADER, Role.OFFICE, Role.ADMIN]
)
def test_staff_cannot_reach_any_admin_url_of_a_document_they_do_not_cover(
    who, staff, login, police, edu, draft
):
    """The matrix: each role against a draft of a unit outside its scope (or any draft, for
    roles without the permission), GET and POST on every document URL."""
    target = draft
    if who == "police_officer":
        target = draft  # an 教育局 draft, seen from 公安局
    client = login(staff[who])
    if who in (Role.LEADER, Role.OFFICE):
        # County-wide roles see every unit but may not change anything.
        for url in [
            reverse(f"{NAMESPACE}:edit", args=[target.pk]),
            reverse(f"{NAMESPACE}:delete", args=[target.pk]),
        ]:
            assert denied(client.post(url, {})), url
        assert Document.objects.filter(pk=target.pk, title=target.title).exists()
        return
    if who in (Role.OFFICER, "edu_editor"):
        # 教育局's own staff: use a 公安局 draft instead.
        from tests.factories import DocumentFactory

        target = DocumentFactory.build(unit=police, title="公安局草稿：内部通知")
        target.live, target.published_on = False, None
        target.save()
        target.save_revision()
    for url in document_urls(target):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert denied(response), (who, method, url, response.status_code)
    assert Document.objects.filter(pk=target.pk, title=target.title).exists()
    listing = client.get(reverse(f"{NAMESPACE}:list")).content.decode()
    assert target.title not in listing


def test_an_officer_sees_only_their_units_documents_in_the_list_and_chooser(
    staff, login, draft, police
):
    from tests.factories import DocumentFactory

    other = DocumentFactory(unit=police, title="公安局已发布：户籍办理指南")
    client = login(staff["police_officer"])
    listing = client.get(reverse(f"{NAMESPACE}:list")).content.decode()
    assert other.title in listing and draft.title not in listing
    chooser = client.get("/admin/snippets/choose/catalog/document/").content.decode()
    assert draft.title not in chooser
    chosen = client.get(f"/admin/snippets/choose/catalog/document/chosen/{draft.pk}/")
    assert chosen.status_code == 404


def test_an_officer_edits_their_own_units_draft(staff, login, draft):
    client = login(staff[Role.OFFICER])
    assert client.get(reverse(f"{NAMESPACE}:edit", args=[draft.pk])).status_code == 200


def test_the_county_editor_covers_every_unit_below_the_county(staff, login, draft):
    client = login(staff[Role.EDITOR])
    assert client.get(reverse(f"{NAMESPACE}:edit", args=[draft.pk])).status_code == 200


def test_an_officer_cannot_create_a_document_for_another_unit(staff, login, police):
    from tests.publishing.conftest import form_data

    client = login(staff[Role.OFFICER])
    response = client.post(
        reverse(f"{NAMESPACE}:add"), form_data(police, action="action-save", declare=False)
    )
    assert response.status_code == 200
    assert not Document.objects.filter(unit=police).exists()


@pytest.mark.parametrize("who", [Role.OFFICER, Role.EDITOR, Role.HEAD, Role.LEADER])
def test_county_wide_admin_areas_are_closed_to_unit_staff(who, staff, login):
    client = login(staff[who])
    for url in [
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/users/",
        "/admin/groups/",
        reverse("publishing:audit"),
        reverse("publishing:timeliness"),
    ]:
        if who == Role.LEADER and url.startswith("/admin/reports/"):
            continue  # county-wide by role; Wagtail decides on its own permissions
        assert denied(client.get(url)), (who, url)


def test_the_disclosure_office_opens_the_audit_log_and_the_timeliness_report(staff, login):
    client = login(staff[Role.OFFICE])
    assert client.get(reverse("publishing:audit")).status_code == 200
    assert client.get(reverse("publishing:timeliness")).status_code == 200


def test_the_system_administrator_manages_users_and_leader_photos(staff, login):
    client = login(staff[Role.ADMIN])
    assert client.get("/admin/users/").status_code == 200
    assert client.get("/admin/images/add/").status_code == 200


def test_uploaded_files_reach_only_staff_of_the_documents_unit(staff, login, draft, client):
    upload = UploadedFile.objects.create(
        title="花名册", file=SimpleUploadedFile("roster.txt", "张三 620321".encode())
    )
    DocumentAttachment.objects.create(document=draft, file=upload)
    url = reverse("wagtaildocs_serve", args=[upload.pk, "roster.txt"])
    assert login(staff["police_officer"]).get(url).status_code == 403
    assert login(staff[Role.OFFICER]).get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code in (302, 403)


def test_the_unit_field_offers_only_the_officers_own_units(staff, login, edu, police):
    page = login(staff[Role.OFFICER]).get(reverse(f"{NAMESPACE}:add")).content.decode()
    assert f'<option value="{edu.pk}" selected>永昌县教育局</option>' in page
    assert "永昌县公安局" not in page


def test_an_officer_uploads_an_attachment_and_sees_only_their_units_files(staff, login):
    officer = login(staff[Role.OFFICER])
    upload = SimpleUploadedFile("plan.txt", "实施方案".encode(), content_type="text/plain")
    response = officer.post(
        "/admin/documents/add/", {"title": "教育局实施方案", "file": upload, "collection": 1}
    )
    assert response.status_code == 302 and response["Location"] != "/admin/"
    assert UploadedFile.objects.filter(title="教育局实施方案").exists()

    other = login(staff["police_officer"])
    other.post(
        "/admin/documents/add/",
        {
            "title": "公安局内部名单",
            "file": SimpleUploadedFile("list.txt", "名单".encode(), content_type="text/plain"),
            "collection": 1,
        },
    )
    other.get("/admin/")  # shows (and so consumes) its "已添加" message
    chooser = login(staff[Role.OFFICER]).get("/admin/documents/chooser/").json()["html"]
    assert "教育局实施方案" in chooser and "公安局内部名单" not in chooser
    listing = login(staff[Role.OFFICER]).get("/admin/documents/").content.decode()
    assert "公安局内部名单" not in listing
