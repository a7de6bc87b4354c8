"""Publishing actions beyond Wagtail's: submission checks, one-click redaction, withdrawal."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish import UnpublishAction

from gongkai.publishing import audit, gate, scope
from gongkai.publishing.models import AuditAction, SubmissionCheck
from gongkai.publishing.roles import Role, has_role


@dataclass
class Declaration:
    """The author's 保密审查 declaration, made with each submission."""

    reviewer: str = ""
    reviewed_on: object = None
    result: str = ""
    privacy_justification: str = ""


def check_submission(document, user, revision, declaration: Declaration) -> str | None:
    """Scan what is being submitted and record it; return the refusal message, if any."""
    result = gate.scan_document(document)
    justified = bool(declaration.privacy_justification.strip())
    message = gate.refusal_html(result, justified=justified)
    SubmissionCheck.objects.create(
        document=document,
        revision=revision,
        stage=SubmissionCheck.Stage.SUBMIT,
        user=user,
        secrecy_reviewer=declaration.reviewer,
        secrecy_reviewed_on=declaration.reviewed_on,
        secrecy_result=declaration.result,
        privacy_justification=declaration.privacy_justification,
        findings=result.as_json(),
        passed=message is None,
    )
    if message:
        audit.record(
            AuditAction.GATE_REFUSED,
            user=user,
            obj=document,
            detail={"findings": result.as_json()},
        )
    return message


def redact_document(document, user):
    """Mask the personal data the scanner warns about in title and body, as a new revision.

    Works on the latest revision (what the author is editing), never on the live row, so the
    public keeps seeing the published version until the redacted one passes review.
    """
    if not scope.covers(user, document.unit_id) or not user.has_perm("catalog.change_document"):
        raise PermissionDenied
    if document.workflow_in_progress:
        raise ValidationError("文件正在审核中，不能修改；请先由审核人退回。")
    from gongkai.publishing import scanner

    latest = document.get_latest_revision_as_object()
    title_findings, body_findings = gate.personal_data_findings(latest)
    changed = 0
    if title_findings:
        latest.title = scanner.redact(latest.title, title_findings)
        changed += len(title_findings)
    if body_findings:
        latest.body = scanner.redact_html(latest.body, body_findings)
        changed += len(body_findings)
    if not changed:
        return None, 0
    with transaction.atomic():
        revision = latest.save_revision(user=user, log_action=True)
        audit.record(AuditAction.REDACT, user=user, obj=document, detail={"masked": changed})
    return revision, changed


def withdraw(document, user, reason: str) -> None:
    """撤稿: take a published document offline; its address then shows a tombstone."""
    if not has_role(user, Role.HEAD) or not scope.covers(user, document.unit_id):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写撤稿原因。")
    if len(reason) > 300:
        raise ValidationError("撤稿原因不能超过300字。")
    if not document.live:
        raise ValidationError("该文件未发布，无需撤稿。")
    with transaction.atomic():
        document.withdrawn_at = timezone.now()
        document.withdrawn_reason = reason
        document.withdrawn_by = user
        document.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_by"])
        # The role and scope were checked above; Wagtail's own check asks for the publish
        # permission, which nobody holds because publication only happens through review.
        UnpublishAction(document, user=user).execute(skip_permission_checks=True)
        audit.record(AuditAction.WITHDRAW, user=user, obj=document, detail={"reason": reason})
