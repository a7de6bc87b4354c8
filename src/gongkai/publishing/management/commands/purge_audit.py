"""`gongkai purge-audit [--older-than-days N] [--dry-run]`: drop audit entries past retention.

The only way entries leave the append-only audit log. Never deletes entries younger than
GONGKAI_AUDIT_RETENTION_DAYS (at least 180 days).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gongkai.publishing import audit
from gongkai.publishing.models import AuditAction, AuditEntry


class Command(BaseCommand):
    help = "Delete audit log entries older than the retention period (at least 180 days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=None,
            help="delete entries older than this many days (default and minimum: the retention)",
        )
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        retention = settings.GONGKAI_AUDIT_RETENTION_DAYS
        days = options["older_than_days"] if options["older_than_days"] is not None else retention
        if days < retention:
            self.stderr.write(
                f"错误：审计日志至少保留{retention}天，不能删除{days}天内的记录。 / "
                f"error: the audit log is kept for at least {retention} days; "
                f"refusing to delete entries younger than that."
            )
            raise SystemExit(2)
        cutoff = timezone.now() - timedelta(days=days)
        count = AuditEntry.objects.filter(at__lt=cutoff).count()
        if options["dry_run"]:
            self.stdout.write(f"将删除 {count} 条（{cutoff:%Y-%m-%d} 之前）/ would delete {count}")
            return
        deleted = AuditEntry.objects.purge_older_than(cutoff)
        audit.record(
            AuditAction.DELETE,
            username="gongkai purge-audit",
            detail={"purged_audit_entries": deleted, "before": cutoff.isoformat()},
        )
        self.stdout.write(f"已删除 {deleted} 条（{cutoff:%Y-%m-%d} 之前）/ deleted {deleted}")
