"""The confidentiality and privacy gate (上网信息不涉密，涉密信息不上网).

Runs the scanner on a document's title, body and attachment text at submission and again
before publication. A blocking finding (a secrecy marking) refuses; warnings (personal
data) need a redaction or a recorded justification. 《政府信息公开条例》 Art. 14 (state
secrets are not disclosed) and Art. 15 (personal privacy is not disclosed without consent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.conf import settings


@dataclass
class GateResult:
    findings: list = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # attachments whose text we cannot read

    @property
    def blocking(self) -> list:
        return [f for f in self.findings if f.severity == "block"]

    @property
    def warnings(self) -> list:
        return [f for f in self.findings if f.severity == "warn"]

    def as_json(self) -> list[dict]:
        items = [
            {
                "kind": f.kind,
                "severity": f.severity,
                "field": f.field,
                "match": f.match,
                "line": f.line,
                "column": f.column,
            }
            for f in self.findings
        ]
        items += [{"kind": "unreadable", "severity": "warn", "field": n} for n in self.unreadable]
        return items


def allow_list(document) -> list[str]:
    """Numbers that are public on purpose: the unit's own contact numbers and configured ones."""
    unit = document.unit
    numbers = [unit.phone, unit.fax]
    numbers += list(unit.bodies.values_list("phone", flat=True))
    numbers += list(getattr(settings, "GONGKAI_SCANNER_ALLOW", ()))
    return [n for n in numbers if n]


def scan_document(document) -> GateResult:
    from gongkai.publishing import scanner
    from gongkai.publishing.extract import ExtractionError, extract_text

    allow = allow_list(document)
    result = GateResult()
    result.findings += scanner.scan_text(document.title, field="title", allow=allow)
    result.findings += scanner.scan_html(document.body or "", field="body", allow=allow)
    for attachment in document.attachments.all():
        name = attachment.display_title
        try:
            with attachment.file.file.open("rb") as handle:
                text = extract_text(handle.read(), attachment.file.file.name)
        except (ExtractionError, OSError):
            result.unreadable.append(f"附件《{name}》")
            continue
        result.findings += scanner.scan_text(text, field=f"attachment:{name}", allow=allow)
    return result


def personal_data_findings(obj) -> tuple[list, list]:
    """The warnings (personal data) in an object's title and in its body, for redaction."""
    from gongkai.publishing import scanner

    allow = allow_list(obj)
    title = [
        f for f in scanner.scan_text(obj.title, field="title", allow=allow) if f.severity == "warn"
    ]
    body = [
        f
        for f in scanner.scan_html(obj.body or "", field="body", allow=allow)
        if f.severity == "warn"
    ]
    return title, body


def describe(finding) -> str:
    return f"{finding.where_zh}：{finding.label_zh}“{finding.match}”"


SECRET = "secret"
PERSONAL = "personal"


def problem(result: GateResult, *, justified: bool) -> tuple[str, list[str]] | None:
    """What stops the item, the same at submission and at approval: secrecy markings always;
    personal data and unreadable attachments unless a justification was recorded."""
    if result.blocking:
        return SECRET, [describe(f) for f in result.blocking]
    if (result.warnings or result.unreadable) and not justified:
        lines = [describe(f) for f in result.warnings]
        lines += [f"{n}：无法读取其中的文字，请人工核对后说明。" for n in result.unreadable]
        return PERSONAL, lines
    return None


def refusal_html(result: GateResult, *, justified: bool) -> str | None:
    """The message shown when a submission is refused, or None when it may proceed."""
    found = problem(result, justified=justified)
    if found is None:
        return None
    kind, lines = found
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    if kind == SECRET:
        return (
            "<p>提交被拒绝：发现涉密标志。涉密信息不得上网，请删除涉密内容或停止公开，"
            f"并按保密规定处理。</p><ul>{items}</ul>"
        )
    return (
        "<p>提交前请处理以下可能涉及个人信息的内容：使用“一键遮盖”隐去，"
        "或在“保留个人信息的理由”中写明依据（如经本人同意、法律规定须公开）。</p>"
        f"<ul>{items}</ul>"
    )


def refusal_before_publication(obj, revision) -> str | None:
    """Checked again when a reviewer approves: content may have changed since submission."""
    from gongkai.publishing.models import SubmissionCheck

    result = scan_document(obj)
    justified = (
        SubmissionCheck.objects.filter(
            document_id=obj.pk, stage=SubmissionCheck.Stage.SUBMIT, passed=True
        )
        .exclude(privacy_justification="")
        .exists()
    )
    found = problem(result, justified=justified)
    message = None
    if found is not None:
        kind, lines = found
        what = "涉密标志" if kind == SECRET else "未说明理由的个人信息"
        message = f"发布前保密复核发现{what}，已自动退回：" + "；".join(lines)
    SubmissionCheck.objects.create(
        document_id=obj.pk,
        revision=revision,
        stage=SubmissionCheck.Stage.PUBLISH,
        findings=result.as_json(),
        passed=message is None,
    )
    if message:
        from gongkai.publishing import audit
        from gongkai.publishing.models import AuditAction

        audit.record(AuditAction.GATE_REFUSED, obj=obj, detail={"message": message})
    return message


def tell_current_user(message: str) -> None:
    """Show a message to the user of the current request, if there is one (admin actions)."""
    from django.contrib import messages

    from gongkai.publishing.audit import current_request

    request = current_request()
    if request is not None and hasattr(request, "_messages"):
        messages.error(request, message)
