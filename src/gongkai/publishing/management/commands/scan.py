"""`gongkai scan FILE [--json] [--allow NUMBER ...]`: run the publication gate on a file.

Exit status: 1 if anything blocks publication (a secrecy or internal marking), 0 otherwise
(warnings about personal data included), 2 if the file is missing or cannot be read.
Needs no database: it only reads the file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.publishing.extract import ExtractionError, extract_text
from gongkai.publishing.scanner import BLOCK, Finding, is_blocking, scan_text

_SEVERITY = {BLOCK: "阻止 block", "warn": "警告 warn"}
_MATCH_WIDTH = 36


class Command(BaseCommand):
    help = (
        "检查文件中的密级标志和个人信息 / check a TXT, HTML, PDF, DOCX or XLSX file for secrecy "
        "markings (exit 1) and personal data (warnings, exit 0); exit 2 if unreadable."
    )
    requires_system_checks: list[str] = []  # no database, no settings beyond the defaults

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="TXT, HTML, PDF, DOCX or XLSX file")
        parser.add_argument("--json", action="store_true", help="print the findings as JSON")
        parser.add_argument(
            "--allow",
            action="extend",
            nargs="+",
            default=[],
            metavar="NUMBER",
            help="a number or e-mail address the unit publishes itself (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = extract_text(path)
        except ExtractionError as e:
            self.stderr.write(f"错误 / error: {e.message_zh} / {e.message_en}")
            # Exit status 2 like other usage errors; not CommandError, which would prefix its
            # own "CommandError:" to the bilingual line.
            raise SystemExit(2) from e
        findings = scan_text(text, field=f"file:{path.name}", allow=options["allow"])
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(path, findings), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_table(findings))
        if is_blocking(findings):
            raise SystemExit(1)


def _as_json(path: Path, findings: list[Finding]) -> dict[str, object]:
    blocking = sum(f.severity == BLOCK for f in findings)
    return {
        "file": str(path),
        "blocking": blocking,
        "warnings": len(findings) - blocking,
        "findings": [f.as_dict() for f in findings],
    }


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(width - _width(s), 0)


def _shorten(s: str) -> str:
    s = re.sub(r"\s+", " ", s)
    while _width(s) > _MATCH_WIDTH:
        s = s[: max(len(s) - 2, 1)]
        if _width(s) <= _MATCH_WIDTH - 1:
            return s + "…"
    return s


def _table(findings: list[Finding]) -> str:
    if not findings:
        return "未发现问题 / no findings"
    header = ["级别 severity", "类别 kind", "行:列 line:col", "内容 match", "建议 suggested"]
    rows = [
        [
            _SEVERITY[f.severity],
            f"{f.label_zh} {f.kind}",
            f"{f.line}:{f.column}",
            _shorten(f.match),
            _shorten(f.replacement) if f.replacement else "删除或撤下 remove",
        ]
        for f in findings
    ]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    blocking = sum(f.severity == BLOCK for f in findings)
    lines.append("")
    lines.append(
        f"共 {len(findings)} 项：阻止 {blocking} 项，警告 {len(findings) - blocking} 项 / "
        f"{len(findings)} findings: {blocking} block, {len(findings) - blocking} warn"
    )
    if blocking:
        lines.append(
            "含密级或内部标志，不得提交审核或发布 / marked secret or internal: not publishable"
        )
    return "\n".join(lines)
