"""`gongkai backup [--output DIR] [--keep N]` and `gongkai backup --verify ARCHIVE` (docs/backup.md).

The first writes one archive of the database and the uploaded files
(:mod:`gongkai.ops.backup`) into DIR (default ``$GONGKAI_DATA_DIR/backups``) and, with
``--keep N``, then deletes the older archives there beyond the newest N; run it daily. The
second checks an archive without restoring it: exit 0 when it is whole, 1 when it is damaged
(each problem on stderr in Chinese and English), 2 for usage errors (no such file, pg_dump or
pg_restore missing, a bad option).
"""

from __future__ import annotations

import importlib.metadata
import signal
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gongkai.ops import media as media_files
from gongkai.ops.backup import BackupError, Database, UsageError, create_backup, verify_archive


def exit_on_sigterm() -> None:
    """Turn SIGTERM (systemd stopping a job, a timeout) into SystemExit, so that the cleanup
    of a half-written archive or a staged restore runs, as it does for Ctrl-C."""

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def report_failure(command: BaseCommand, error: BackupError) -> None:
    command.stderr.write(f"错误 / error: {error.message_zh} / {error.message_en}")
    for problem in error.details:
        command.stderr.write(f"  - {problem}")


def human_size(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


class Command(BaseCommand):
    help = (
        "备份数据库和上传文件到一个归档；--verify 检查一个归档"
        " / back up the database and uploaded files into one archive; --verify checks one"
    )
    # Neither needs the site's checks, and a backup must run whatever state the site is in.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            metavar="DIR",
            help="备份目录 / where to write the archive (default: $GONGKAI_DATA_DIR/backups)",
        )
        parser.add_argument(
            "--keep",
            metavar="N",
            help="只保留最新的 N 个备份 / then delete older archives beyond the newest N",
        )
        parser.add_argument(
            "--verify",
            metavar="ARCHIVE",
            help="检查一个备份，不恢复 / check an archive without restoring it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        exit_on_sigterm()
        try:
            if options["verify"] is not None:
                if options["output"] is not None or options["keep"] is not None:
                    raise UsageError(
                        "--verify 不能与 --output 或 --keep 同时使用。",
                        "--verify cannot be combined with --output or --keep",
                    )
                self._verify(Path(options["verify"]))
            else:
                self._backup(options)
        except BackupError as e:
            report_failure(self, e)
            # Not CommandError: Django would prefix its own "CommandError:" to the line.
            raise SystemExit(e.status) from e
        except OSError as e:
            if options["verify"] is not None:  # unreadable file, not a damaged one
                self.stderr.write(f"错误 / error: 无法读取备份文件 / cannot read the archive: {e}")
                raise SystemExit(2) from e
            # Disk full, permissions: the archive was not written.
            self.stderr.write(f"错误 / error: 备份失败 / the backup failed: {e}")
            raise SystemExit(1) from e

    def _backup(self, options: dict[str, Any]) -> None:
        keep = None
        if options["keep"] is not None:
            try:
                keep = int(options["keep"])
            except ValueError:
                raise UsageError(
                    f"--keep 应为不小于 1 的整数，而不是“{options['keep']}”。",
                    f"--keep must be a whole number of at least 1, not {options['keep']!r}",
                ) from None
        output = Path(options["output"]) if options["output"] else settings.DATA_DIR / "backups"
        # Files on object storage stay out of the archive (an empty media folder instead): the
        # bucket has its own versioning and replication, and is no one machine's disk.
        with tempfile.TemporaryDirectory() as empty:
            result = create_backup(
                Database.from_django(settings.DATABASES["default"]),
                Path(settings.MEDIA_ROOT) if media_files.on_disk() else Path(empty),
                output,
                keep=keep,
                version=importlib.metadata.version("gongkai"),
            )
        database = result.manifest["database"]
        media = result.manifest["media"]
        self.stdout.write(f"已写入备份 / backup written: {result.archive}")
        self.stdout.write(
            f"  数据库 / database: {database['vendor']}，{len(database['tables'])} 个数据表 / "
            f"tables，{database['rows']} 行 / rows"
        )
        if media_files.on_disk():
            self.stdout.write(
                f"  上传文件 / media files: {media['files']} 个 / files，{human_size(media['bytes'])}"
            )
        else:
            self.stdout.write(
                f"  上传文件在对象存储 {media_files.where()} 中，不在本备份内，请另行备份该存储桶 / "
                "media files live in that bucket, not in this archive: back the bucket up "
                "separately (docs/backup.md)"
            )
        self.stdout.write(f"  归档大小 / archive size: {human_size(result.size)}")
        for path in result.pruned:
            self.stdout.write(f"  已删除旧备份 / pruned: {path.name}")

    def _verify(self, archive: Path) -> None:
        result = verify_archive(archive)
        if not result.ok:
            raise BackupError(
                f"备份文件已损坏：{archive}（{len(result.problems)} 处问题）",
                f"the archive is damaged: {archive} ({len(result.problems)} problems)",
                result.problems,
            )
        manifest = result.manifest
        assert manifest is not None
        database = manifest["database"]
        self.stdout.write(f"备份完好 / the archive is good: {archive}")
        self.stdout.write(
            f"  创建于 / created at {manifest['created_at']}（gongkai {manifest['gongkai_version']}）"
        )
        checked = (
            "完整性检查通过，行数与清单一致 / integrity check passed, row counts match"
            if database["vendor"] == "sqlite"
            else "pg_restore 可完整读取，每个数据表都在转储中 / pg_restore reads it all, every "
            "table is in the dump"
        )
        self.stdout.write(
            f"  数据库 / database: {database['vendor']}，{len(database['tables'])} 个数据表 / "
            f"tables，{database['rows']} 行 / rows；{checked}"
        )
        self.stdout.write(
            f"  文件 / files: {len(manifest['files'])} 个，校验和一致 / checksums match"
        )
