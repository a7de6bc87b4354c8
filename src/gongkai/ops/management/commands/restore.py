"""`gongkai restore ARCHIVE`: restore a backup into this configuration's empty database and
MEDIA_ROOT (docs/backup.md).

Refuses with exit status 2 when the database or MEDIA_ROOT holds anything (a restore never
overwrites), checks the archive first (exit 1 when damaged, nothing restored), restores the
database and the files, then checks every table's row count and every file's checksum against
the manifest and prints a summary (exit 1 if anything differs).
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gongkai.ops.backup import AFTER_RESTORE, BackupError, Database, restore_archive
from gongkai.ops.management.commands.backup import exit_on_sigterm, human_size, report_failure


class Command(BaseCommand):
    help = (
        "把备份恢复到空的数据库和上传文件目录（从不覆盖现有数据）"
        " / restore a backup into an empty database and MEDIA_ROOT (never overwrites)"
    )
    # The database is empty before a restore: no checks, no migration check.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive",
            metavar="ARCHIVE",
            help="gongkai backup 写出的归档 / an archive of gongkai backup",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        exit_on_sigterm()
        media_root = Path(settings.MEDIA_ROOT)
        try:
            database = Database.from_django(settings.DATABASES["default"])
            result = restore_archive(Path(options["archive"]), database, media_root)
        except BackupError as e:
            report_failure(self, e)
            raise SystemExit(e.status) from e
        except OSError as e:
            self.stderr.write(f"错误 / error: 恢复失败 / the restore failed: {e}")
            raise SystemExit(1) from e
        manifest = result.manifest
        self.stdout.write(
            f"已恢复 / restored: {options['archive']}（{manifest['created_at']}，"
            f"gongkai {manifest['gongkai_version']}）"
        )
        self.stdout.write(
            f"  数据库 / database {database.describe()}: {result.tables} 个数据表 / tables，"
            f"{result.rows} 行 / rows"
        )
        self.stdout.write(
            f"  上传文件 / media files {media_root}: {result.files} 个 / files，"
            f"{human_size(result.bytes)}"
        )
        if result.problems:
            self.stderr.write(
                "错误 / error: 恢复后的数据与清单不符 / the restored data differs from the manifest:"
            )
            for problem in result.problems:
                self.stderr.write(f"  - {problem}")
            raise SystemExit(1)
        self.stdout.write("  行数和校验和与清单一致 / row counts and checksums match the manifest")
        current = importlib.metadata.version("gongkai")
        if manifest["gongkai_version"] != current:
            self.stdout.write(
                f"下一步 / next: 备份来自 gongkai {manifest['gongkai_version']}，当前为 {current}："
                f"先运行 gongkai migrate / run gongkai migrate first"
            )
        self.stdout.write(
            f"下一步 / next: {AFTER_RESTORE}（退出码 1 时运行 gongkai reindex / "
            "if it exits 1, run gongkai reindex）"
        )
