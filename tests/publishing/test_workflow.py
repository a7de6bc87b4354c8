"""The three-level review, from the officer's submission to the public page, over HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from gongkai.catalog.models import Document
from gongkai.publishing.models import SubmissionCheck
from gongkai.publishing.roles import Role
from tests.publishing.conftest import draftail, form_data

pytestmark = pytest.mark.django_db

NS = "wagtailsnippets_catalog_document"
TITLE = "永昌县教育局关于做好2025年春季学期开学工作的通知"


def submit_new(client, unit, **overrides):
    return client.post(reverse(f"{NS}:add"), form_data(unit, **overrides))


def act(client, doc, action, comment=""):
    """Press a review button as Wagtail's admin does (the action URL of the current task)."""
    doc.refresh_from_db()
    state = doc.current_workflow_task_state
    url = reverse(f"{NS}:workflow_action", args=[doc.pk, action, state.pk])
    return client.post(url, {"comment": comment})


def current_task(doc) -> str | None:
    doc.refresh_from_db()
    state = doc.current_workflow_task_state
    return state.task.name if state else None


@pytest.fixture
def submitted(staff, login, edu):
    client = login(staff[Role.OFFICER])
    response = submit_new(client, edu)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Document.objects.get(title=TITLE)


def test_an_officers_submission_starts_the_review_and_records_the_declaration(submitted, staff):
    assert not submitted.live
    assert current_task(submitted) == "责任编辑审核"
    check = SubmissionCheck.objects.get(document=submitted, stage="submit")
    assert check.passed and check.user == staff[Role.OFFICER]
    assert check.secrecy_reviewer == "李晓燕" and check.secrecy_result.startswith("经审查")
    assert check.revision_id == submitted.latest_revision_id


def test_submitting_without_the_secrecy_declaration_is_refused_and_keeps_the_typing(
    staff, login, edu
):
    client = login(staff[Role.OFFICER])
    response = submit_new(client, edu, declare=False)
    page = response.content.decode()
    assert response.status_code == 200
    assert "提交审核前请填写保密审查人" in page and "提交审核前请确认已进行保密审查" in page
    assert TITLE in page  # what was typed comes back
    assert not Document.objects.filter(title=TITLE).exists()


def test_a_secrecy_marking_refuses_submission_but_keeps_the_draft(staff, login, edu):
    client = login(staff[Role.OFFICER])
    response = submit_new(client, edu, body=draftail("机密★1年", "关于某项工作的安排。"))
    assert response.status_code == 302
    doc = Document.objects.get(title=TITLE)
    assert not doc.workflow_in_progress and not doc.live
    assert doc.latest_revision_id is not None  # the draft is saved
    page = client.get(response["Location"]).content.decode()
    assert "提交被拒绝" in page and "机密★1年" in page and "正文" in page
    assert not SubmissionCheck.objects.get(document=doc).passed


def test_personal_data_needs_a_justification_or_a_redaction(staff, login, edu):
    client = login(staff[Role.OFFICER])
    body = draftail("联系人：王小明，身份证号620321199001011233，电话13912345678。")
    response = submit_new(client, edu, body=body)
    doc = Document.objects.get(title=TITLE)
    assert not doc.workflow_in_progress
    page = client.get(response["Location"]).content.decode()
    assert "一键遮盖" in page and "13912345678" in page

    # One click (and a confirmation) masks it in a new revision; the public sees nothing new.
    redact_url = reverse("publishing:redact", args=[doc.pk])
    assert "620321********1233" in client.get(redact_url).content.decode()
    before = doc.latest_revision_id
    client.post(redact_url)
    doc.refresh_from_db()
    assert doc.latest_revision_id != before
    latest = doc.get_latest_revision_as_object()
    assert "620321199001011233" not in latest.body and "620321********1233" in latest.body
    assert "139****5678" in latest.body


def test_personal_data_with_a_recorded_justification_goes_to_review(staff, login, edu):
    client = login(staff[Role.OFFICER])
    body = draftail("公示对象：王小明，身份证号620321199001011233。")
    submit_new(client, edu, body=body, privacy_justification="依据低保公示规定，经本人书面同意")
    doc = Document.objects.get(title=TITLE)
    assert doc.workflow_in_progress
    check = SubmissionCheck.objects.get(document=doc)
    assert check.passed and "书面同意" in check.privacy_justification
    assert any(f["kind"] == "resident_id" for f in check.findings)


def test_the_full_review_publishes_an_ordinary_item_after_two_levels(
    submitted, staff, login, client
):
    assert act(login(staff[Role.EDITOR]), submitted, "approve").status_code == 302
    assert current_task(submitted) == "负责人签发"
    act(login(staff[Role.HEAD]), submitted, "approve")
    submitted.refresh_from_db()
    assert submitted.live and submitted.published_on == timezone.localdate()
    states = TaskState.objects.filter(workflow_state__object_id=str(submitted.pk))
    assert sorted(s.status for s in states) == ["approved", "approved", "skipped"]
    assert {s.finished_by.username for s in states if s.status == "approved"} == {"editor", "head"}
    client.logout()
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_an_important_item_also_needs_the_leaders_sign_off(staff, login, edu):
    submit_new(login(staff[Role.OFFICER]), edu, important="on")
    doc = Document.objects.get(title=TITLE)
    act(login(staff[Role.EDITOR]), doc, "approve")
    act(login(staff[Role.HEAD]), doc, "approve")
    doc.refresh_from_db()
    assert not doc.live and current_task(doc) == "审签领导审签（重要信息）"
    act(login(staff[Role.LEADER]), doc, "approve", comment="同意发布")
    doc.refresh_from_db()
    assert doc.live


def test_a_reviewer_outside_the_unit_has_no_review_buttons(submitted, staff, login):
    from django.contrib.auth.models import Group

    from gongkai.orgs.models import Membership

    # An editor who covers only 公安局.
    outsider = staff["police_officer"]
    outsider.groups.add(Group.objects.get(name="责任编辑"))
    assert Membership.objects.filter(user=outsider).count() == 1
    response = act(login(outsider), submitted, "approve")
    assert response.status_code in (302, 403, 404)
    assert current_task(submitted) == "责任编辑审核"


def test_the_author_cannot_approve_their_own_submission(submitted, staff, login):
    act(login(staff[Role.OFFICER]), submitted, "approve")
    assert current_task(submitted) == "责任编辑审核"


def test_rejection_needs_a_comment_and_returns_the_item_to_the_author(submitted, staff, login):
    editor = login(staff[Role.EDITOR])
    act(editor, submitted, "reject", comment="")
    assert current_task(submitted) == "责任编辑审核"  # nothing happened without a comment
    act(editor, submitted, "reject", comment="发文字号有误，请核对。")
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(workflow_state=state, status="rejected")
    assert (
        rejected.comment == "发文字号有误，请核对。" and rejected.finished_by.username == "editor"
    )
    assert rejected.revision_id == submitted.latest_revision_id
    home = login(staff[Role.OFFICER]).get("/admin/").content.decode()
    assert "被退回修改（1）" in home and "发文字号有误，请核对。" in home


def test_a_rejected_item_resubmitted_starts_again_at_the_first_level(submitted, staff, login):
    act(login(staff[Role.EDITOR]), submitted, "approve")
    act(login(staff[Role.HEAD]), submitted, "reject", comment="标题要写全称。")
    officer = login(staff[Role.OFFICER])
    response = officer.post(
        reverse(f"{NS}:edit", args=[submitted.pk]),
        form_data(submitted.unit, title=TITLE + "（修订）"),
    )
    assert response.status_code == 302
    assert current_task(submitted) == "责任编辑审核"


def test_a_published_document_changes_only_after_the_new_revision_passes_review(
    submitted, staff, login, client
):
    act(login(staff[Role.EDITOR]), submitted, "approve")
    act(login(staff[Role.HEAD]), submitted, "approve")
    officer = login(staff[Role.OFFICER])
    officer.post(
        reverse(f"{NS}:edit", args=[submitted.pk]),
        form_data(submitted.unit, title="改过的标题：关于开学工作的补充通知"),
    )
    client.logout()
    public = client.get(submitted.get_absolute_url()).content.decode()
    assert TITLE in public and "改过的标题" not in public
    act(login(staff[Role.EDITOR]), submitted, "approve")
    act(login(staff[Role.HEAD]), submitted, "approve")
    client.logout()
    assert "改过的标题" in client.get(submitted.get_absolute_url()).content.decode()


def test_a_secrecy_marking_slipped_in_during_review_is_stopped_before_publication(
    submitted, staff, login
):
    editor = login(staff[Role.EDITOR])
    # The editor edits during review (allowed) and pastes a marked text by mistake.
    editor.post(
        reverse(f"{NS}:edit", args=[submitted.pk]),
        form_data(submitted.unit, body=draftail("秘密★10年", "正文。"), action="action-save"),
    )
    act(editor, submitted, "approve")
    submitted.refresh_from_db()
    assert not submitted.live
    state = WorkflowState.objects.filter(object_id=str(submitted.pk)).latest("created_at")
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    returned = TaskState.objects.get(workflow_state=state, status="rejected")
    assert "涉密标志" in returned.comment and "秘密★10年" in returned.comment
    assert SubmissionCheck.objects.filter(document=submitted, stage="publish", passed=False)


def test_scheduled_publication_goes_live_at_the_chosen_time(staff, login, edu, client):
    go_live = timezone.now() + timedelta(days=2)
    submit_new(
        login(staff[Role.OFFICER]),
        edu,
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    doc = Document.objects.get(title=TITLE)
    act(login(staff[Role.EDITOR]), doc, "approve")
    act(login(staff[Role.HEAD]), doc, "approve")
    doc.refresh_from_db()
    assert not doc.live
    revision = doc.latest_revision
    assert revision.approved_go_live_at is not None
    # Time passes (moved back instead of waiting): the scheduled job then publishes it.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    doc.refresh_from_db()
    assert doc.live
    client.logout()
    assert client.get(doc.get_absolute_url()).status_code == 200


def test_the_head_withdraws_a_published_item_and_its_address_shows_a_tombstone(
    submitted, staff, login, client
):
    act(login(staff[Role.EDITOR]), submitted, "approve")
    head = login(staff[Role.HEAD])
    act(head, submitted, "approve")
    url = submitted.get_absolute_url()
    assert login(staff[Role.OFFICER]).post(
        reverse("publishing:withdraw", args=[submitted.pk]), {"reason": "x"}
    ).status_code in (403, 302)
    head = login(staff[Role.HEAD])
    response = head.post(reverse("publishing:withdraw", args=[submitted.pk]), {"reason": ""})
    assert "请填写撤稿原因" in response.content.decode()
    head.post(
        reverse("publishing:withdraw", args=[submitted.pk]),
        {"reason": "内容已被新文件替代，撤回原文。"},
    )
    submitted.refresh_from_db()
    assert not submitted.live and submitted.withdrawn_by == staff[Role.HEAD]
    client.logout()
    tombstone = client.get(url)
    assert tombstone.status_code == 410
    page = tombstone.content.decode()
    assert "该信息已撤回" in page and "内容已被新文件替代" in page and TITLE not in page
    column = submitted.columns.first()
    assert TITLE not in client.get(column.get_absolute_url()).content.decode()


def test_the_editor_dashboard_lists_what_waits_for_them(submitted, staff, login):
    home = login(staff[Role.EDITOR]).get("/admin/").content.decode()
    assert "等待我审核（1）" in home and TITLE in home
    assert "等待我审核（0）" in login(staff["police_officer"]).get("/admin/").content.decode()


def test_the_leader_can_return_an_important_item_too(staff, login, edu):
    submit_new(login(staff[Role.OFFICER]), edu, important="on")
    doc = Document.objects.get(title=TITLE)
    act(login(staff[Role.EDITOR]), doc, "approve")
    act(login(staff[Role.HEAD]), doc, "approve")
    act(login(staff[Role.LEADER]), doc, "reject", comment="涉及重大政策，请补充解读材料。")
    doc.refresh_from_db()
    assert not doc.live
    state = WorkflowState.objects.get(object_id=str(doc.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_the_author_may_take_a_submission_back_while_it_waits(submitted, staff, login):
    officer = login(staff[Role.OFFICER])
    response = officer.post(
        reverse(f"{NS}:edit", args=[submitted.pk]),
        form_data(submitted.unit, action="action-cancel-workflow", declare=False),
    )
    assert response.status_code in (200, 302)
    submitted.refresh_from_db()
    assert not submitted.workflow_in_progress and not submitted.live


def test_the_review_is_in_the_audit_log_with_who_and_what(submitted, staff, login):
    from gongkai.publishing.models import AuditAction, AuditEntry

    act(login(staff[Role.EDITOR]), submitted, "approve")
    act(login(staff[Role.HEAD]), submitted, "approve")
    entries = AuditEntry.objects.filter(object_type="政府信息", object_id=str(submitted.pk))
    pairs = set(entries.values_list("action", "username"))
    assert (AuditAction.CREATE, "officer") in pairs
    assert (AuditAction.SUBMIT, "officer") in pairs
    assert (AuditAction.APPROVE, "editor") in pairs and (AuditAction.APPROVE, "head") in pairs
    assert (AuditAction.PUBLISH, "head") in pairs
    assert {e.unit_id for e in entries} == {submitted.unit_id}, [
        (e.action, e.username, e.unit_id, e.detail) for e in entries
    ]


def test_a_deletion_is_logged(document, client):
    from django.contrib.auth import get_user_model

    from gongkai.publishing.models import AuditAction, AuditEntry

    admin = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw-x-2026")
    client.force_login(admin)
    client.post(reverse(f"{NS}:delete", args=[document.pk]))
    assert not Document.objects.filter(pk=document.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert entry.username == "root" and entry.object_repr == document.title


@pytest.mark.parametrize("who", [Role.OFFICER, Role.EDITOR, Role.LEADER, Role.OFFICE])
def test_only_a_head_may_withdraw(who, staff, login, edu):
    from tests.factories import DocumentFactory

    doc = DocumentFactory(unit=edu, title="已发布的通知")
    response = login(staff[who]).post(
        reverse("publishing:withdraw", args=[doc.pk]), {"reason": "测试"}
    )
    from tests.publishing.test_roles import denied

    assert denied(response)
    doc.refresh_from_db()
    assert doc.live and doc.withdrawn_at is None


def test_staff_of_another_unit_can_neither_redact_nor_ask_for_suggestions(staff, login, edu, draft):
    from tests.publishing.test_roles import denied

    outsider = login(staff["police_officer"])
    before = draft.latest_revision_id
    assert denied(outsider.post(reverse("publishing:redact", args=[draft.pk])))
    assert denied(outsider.get(reverse("publishing:redact", args=[draft.pk])))
    response = outsider.get(
        reverse("publishing:suggest_columns"), {"unit": edu.pk, "title": "关于招生的通知"}
    )
    assert denied(response)
    draft.refresh_from_db()
    assert draft.latest_revision_id == before


def test_the_column_suggestion_names_its_reasons(staff, login, edu):
    response = login(staff[Role.OFFICER]).get(
        reverse("publishing:suggest_columns"),
        {"unit": edu.pk, "title": "永昌县教育局2025年部门预算公开"},
    )
    suggestions = response.json()["suggestions"]
    assert suggestions[0]["key"] == "art20-07"
    assert any("预算" in reason for reason in suggestions[0]["reasons"])


def test_a_reviewer_cannot_cancel_a_submission_to_avoid_giving_a_reason(submitted, staff, login):
    editor = login(staff[Role.EDITOR])
    page = editor.get(reverse(f"{NS}:edit", args=[submitted.pk])).content.decode()
    assert "action-cancel-workflow" not in page and "退回修改" in page
    editor.post(
        reverse(f"{NS}:edit", args=[submitted.pk]),
        form_data(submitted.unit, action="action-cancel-workflow", declare=False),
    )
    submitted.refresh_from_db()
    assert submitted.workflow_in_progress


def test_a_marking_in_an_attachment_refuses_the_submission(staff, draft):
    """The gate reads attachments too: here a real DOCX with the marking in its header."""
    import io

    import docx
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document as UploadedFile

    from gongkai.catalog.models import DocumentAttachment
    from gongkai.publishing.services import Declaration, check_submission

    word = docx.Document()
    word.sections[0].header.paragraphs[0].text = "机密★5年"
    word.add_paragraph("关于开展校园安全检查的实施方案")
    buffer = io.BytesIO()
    word.save(buffer)
    upload = UploadedFile.objects.create(
        title="实施方案", file=ContentFile(buffer.getvalue(), name="plan.docx")
    )
    DocumentAttachment.objects.create(document=draft, file=upload, title="实施方案")
    message = check_submission(draft, staff[Role.OFFICER], None, Declaration(reviewer="李晓燕"))
    assert message and "提交被拒绝" in message and "附件《实施方案》" in message
    assert "机密★5年" in message


def test_an_unreadable_attachment_needs_a_written_justification(staff, draft):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document as UploadedFile

    from gongkai.catalog.models import DocumentAttachment
    from gongkai.publishing.services import Declaration, check_submission

    upload = UploadedFile.objects.create(
        title="扫描件", file=ContentFile(b"%PDF-1.4 broken", name="scan.pdf")
    )
    DocumentAttachment.objects.create(document=draft, file=upload, title="扫描件")
    refused = check_submission(draft, staff[Role.OFFICER], None, Declaration())
    assert refused and "无法读取其中的文字" in refused
    accepted = check_submission(
        draft,
        staff[Role.OFFICER],
        None,
        Declaration(privacy_justification="扫描件已人工逐页核对，不含涉密和个人信息"),
    )
    assert accepted is None
