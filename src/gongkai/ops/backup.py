"""Backup archives of a site (database snapshot, uploaded files, manifest), their check, and
their restore into an empty site (docs/backup.md).

An archive is one ``gongkai-backup-YYYYMMDDTHHMMSSZ.tar.gz`` holding

* ``database/gongkai.sqlite3`` — a snapshot taken with SQLite's online backup API, so the site
  keeps running — or ``database/gongkai.pgdump``, ``pg_dump --format=custom`` of PostgreSQL;
  the search index is in either (its tables live in the same database, docs/search.md);
* ``media/…`` — every file under MEDIA_ROOT (attachments, images);
* ``manifest.json`` — written last: path, size and SHA-256 of every other member, the row count
  of every table as of the snapshot, the versions, and what to do about the search index.

The archive is written under a hidden temporary name and renamed into place only when complete,
so a killed backup leaves a complete archive or none under the final name. Restoring never
overwrites: it refuses a target that holds data, stages everything beside the target, and
applies the database in one step (a rename, or ``pg_restore --single-transaction``).

No Django import: the commands (ops/management/commands/backup.py, restore.py) pass the
configured database and MEDIA_ROOT in, so these functions work on any paths.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/gongkai.sqlite3"
POSTGRES_MEMBER = "database/gongkai.pgdump"
DATABASE_MEMBERS = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRES_MEMBER}
MEDIA = "media"
ARCHIVE_NAME = re.compile(r"gongkai-backup-(\d{8}T\d{6}Z)\.tar(?:\.gz)?")
SEARCH_TABLE_PREFIX = "search_"
AFTER_RESTORE = "gongkai reindex --check"
CHUNK = 1 << 20
# Attachments (PDF, DOCX, images) hardly compress; the database does. Level 6 is zlib's usual
# trade-off: level 9 costs much more time for a percent or two.
COMPRESS_LEVEL = 6

# The queries of Django's connection.introspection.table_names() for each vendor (tables only,
# no views), run here on the snapshot itself so that the counts are those of the snapshot even
# while the site keeps writing.
SQLITE_TABLES = (
    "SELECT name FROM sqlite_master "
    "WHERE type = 'table' AND NOT name = 'sqlite_sequence' ORDER BY name"
)
POSTGRES_TABLES = """
    SELECT c.relname FROM pg_catalog.pg_class c
    LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('f', 'p', 'r') AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'pg_toast')
      AND pg_catalog.pg_table_is_visible(c.oid)
    ORDER BY c.relname
"""
# Anything a schema could hold: a target database is empty only when this finds nothing.
POSTGRES_RELATIONS = """
    SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
    ORDER BY 1
"""
# libpq keywords and the environment variables that carry them to pg_dump and pg_restore (the
# password stays out of their command line, which every user of the machine can read).
LIBPQ_ENV = {
    "dbname": "PGDATABASE",
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """A failure reported in Chinese and English; ``status`` is the command's exit status
    (1: the backup failed or an archive is damaged; 2: usage, configuration, refusal)."""

    status = 1

    def __init__(self, message_zh: str, message_en: str, details: list[Problem] | None = None):
        super().__init__(message_zh, message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.details = details or []


class UsageError(BackupError):
    """A missing file or tool, a bad option, or a target that is not empty: exit status 2."""

    status = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an archive or a restored copy, in both languages."""

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


@dataclass(frozen=True)
class Database:
    """Where the site's data is: a SQLite file, or libpq connection keywords for PostgreSQL."""

    vendor: str
    path: Path | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def sqlite(cls, path: Path | str) -> Database:
        return cls("sqlite", path=Path(path))

    @classmethod
    def postgresql(cls, **params: Any) -> Database:
        return cls(
            "postgresql", params={k: str(v) for k, v in params.items() if v not in ("", None)}
        )

    @classmethod
    def from_django(cls, settings_dict: Mapping[str, Any]) -> Database:
        """The database of a Django ``DATABASES`` entry (the site's ``default``)."""
        engine = settings_dict.get("ENGINE", "")
        if engine.endswith("sqlite3"):
            return cls.sqlite(settings_dict["NAME"])
        if "postgresql" in engine or "postgis" in engine:
            options = settings_dict.get("OPTIONS") or {}
            return cls.postgresql(
                dbname=settings_dict.get("NAME"),
                host=settings_dict.get("HOST"),
                port=settings_dict.get("PORT"),
                user=settings_dict.get("USER"),
                password=settings_dict.get("PASSWORD"),
                **{k: v for k, v in options.items() if k in LIBPQ_ENV},
            )
        raise UsageError(
            f"不支持的数据库引擎 {engine}，只能备份 SQLite 和 PostgreSQL。",
            f"unsupported database engine {engine}: only SQLite and PostgreSQL are backed up",
        )

    def describe(self) -> str:
        """The database for messages, without the password."""
        if self.vendor == "sqlite":
            return str(self.path)
        host = self.params.get("host", "localhost")
        port = self.params.get("port", "5432")
        return f"postgresql://{self.params.get('user', '')}@{host}:{port}/{self.params.get('dbname', '')}"


@dataclass
class Backup:
    archive: Path
    size: int
    manifest: dict[str, Any]
    pruned: list[Path]


@dataclass
class Verification:
    archive: Path
    manifest: dict[str, Any] | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Restoration:
    manifest: dict[str, Any]
    tables: int
    rows: int
    files: int
    bytes: int
    problems: list[Problem]


# ---------------------------------------------------------------------------------------------
# Backup


def create_backup(
    database: Database,
    media_root: Path,
    output_dir: Path,
    *,
    keep: int | None = None,
    version: str = "",
    now: dt.datetime | None = None,
) -> Backup:
    """Write one archive of the database and MEDIA_ROOT into output_dir; with ``keep``, then
    delete the older archives there beyond the newest ``keep``."""
    if keep is not None and keep < 1:
        raise UsageError(
            f"--keep 应为不小于 1 的整数，而不是 {keep}。",
            f"--keep must be a whole number of at least 1, not {keep}",
        )
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    if database.vendor == "sqlite":
        assert database.path is not None
        if not database.path.is_file():
            raise UsageError(
                f"没有数据库文件 {database.path}，无可备份。",
                f"there is no database file {database.path} to back up",
            )
    else:
        _tool("pg_dump")
    output_dir = Path(output_dir)
    if output_dir.resolve().is_relative_to(Path(media_root).resolve()):
        raise UsageError(
            f"备份目录 {output_dir} 不能位于上传文件目录 MEDIA_ROOT 之内。",
            f"the output directory {output_dir} must not be inside MEDIA_ROOT",
        )
    try:
        output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as e:
        raise UsageError(
            f"无法创建备份目录 {output_dir}：{e}", f"cannot create the output directory: {e}"
        ) from e
    final = output_dir / f"gongkai-backup-{stamp:%Y%m%dT%H%M%SZ}.tar.gz"
    if final.exists():
        raise BackupError(
            f"备份文件 {final} 已存在（同一秒内的第二次备份），请稍后再试。",
            f"{final} already exists (a second backup within one second); try again",
        )
    # The process id keeps two concurrent backups apart; the leading dot and the suffix keep a
    # killed backup's leftover out of --keep's sight and out of an operator's glob.
    partial = output_dir / f".{final.name}.{os.getpid()}.partial"
    try:
        with tempfile.TemporaryDirectory(prefix=".gongkai-backup-", dir=output_dir) as work:
            # The database first, then the files: an attachment uploaded in between is an
            # unused file in the archive, which does no harm, rather than a row without a file.
            snapshot, member, tables, migrations = _snapshot(database, Path(work))
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as raw:
                with tarfile.open(
                    final.name,  # the name gzip records, rather than the temporary one
                    mode="w:gz",
                    fileobj=raw,
                    compresslevel=COMPRESS_LEVEL,
                    format=tarfile.PAX_FORMAT,
                ) as tar:
                    files = [_add_file(tar, snapshot, member)]
                    snapshot.unlink()  # the archive holds it now; do not keep two copies
                    for path, name in _media_files(Path(media_root)):
                        # A file deleted by the site since it was listed is simply not kept.
                        with suppress(FileNotFoundError):
                            files.append(_add_file(tar, path, name))
                    manifest = _manifest(
                        database.vendor, member, tables, migrations, files, version, stamp
                    )
                    data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                    _add_bytes(tar, MANIFEST, data, stamp.timestamp())
                raw.flush()
                os.fsync(raw.fileno())
        if final.exists():
            raise BackupError(
                f"备份文件 {final} 已存在，未覆盖。", f"{final} already exists; not overwritten"
            )
        os.rename(partial, final)
        _fsync_dir(output_dir)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    pruned = prune(output_dir, keep, protect=final) if keep is not None else []
    return Backup(archive=final, size=final.stat().st_size, manifest=manifest, pruned=pruned)


def prune(output_dir: Path, keep: int, *, protect: Path | None = None) -> list[Path]:
    """Delete the archives in output_dir beyond the newest ``keep`` (by the time in their
    names); ``protect`` (the archive just written) is never deleted. Other files are left."""
    archives = sorted(
        (p for p in output_dir.iterdir() if ARCHIVE_NAME.fullmatch(p.name) and p.is_file()),
        key=lambda p: (ARCHIVE_NAME.fullmatch(p.name).group(1), p.name),  # type: ignore[union-attr]
        reverse=True,
    )
    removed = []
    for path in archives[keep:]:
        if protect is not None and path == protect:
            continue
        path.unlink()
        removed.append(path)
    return removed


def _snapshot(database: Database, work: Path) -> tuple[Path, str, dict[str, int], dict[str, str]]:
    """A consistent copy of the database in work, its member name, and the row count of each
    table and the last migration of each app, both read from that same copy."""
    if database.vendor == "sqlite":
        return _sqlite_snapshot(database, work)
    return _postgres_snapshot(database, work)


# SQLite's errors when writing the snapshot copy fails: SQLITE_FULL (ENOSPC) and
# SQLITE_IOERR_WRITE (778; EFBIG under a file size limit, EIO).
COPY_WRITE_ERRORS = {sqlite3.SQLITE_FULL, 778}


def _sqlite_snapshot(
    database: Database, work: Path
) -> tuple[Path, str, dict[str, int], dict[str, str]]:
    target = work / "gongkai.sqlite3"
    source = sqlite3.connect(database.path, timeout=30)  # type: ignore[arg-type]
    try:
        copy = sqlite3.connect(target)
        try:
            # One step (pages=-1): a read transaction on the source, which in WAL mode does not
            # block the site's writers, and a copy of one moment.
            source.backup(copy)
            # A rollback-journal file, so it opens read-only without -wal/-shm files; the site
            # turns WAL on again when it opens the restored file.
            copy.execute("PRAGMA journal_mode=DELETE")
            tables = _sqlite_counts(copy)
            migrations = _migrations(copy)
        finally:
            copy.close()
    except sqlite3.Error as e:
        if getattr(e, "sqlite_errorcode", None) in COPY_WRITE_ERRORS:
            # Only the copy is written, in the output directory: its disk is full (or a file
            # size limit is reached), not the site's database that is unreadable.
            raise BackupError(
                f"备份目录 {work.parent} 所在磁盘空间不足（或超出文件大小限制），备份未写入：{e}",
                f"no space left on the disk of the output directory {work.parent} (or a file "
                f"size limit reached); nothing was written: {e}",
            ) from e
        raise BackupError(
            f"无法读取数据库 {database.path}：{e}", f"cannot read the database {database.path}: {e}"
        ) from e
    finally:
        source.close()
    target.chmod(0o600)
    return target, SQLITE_MEMBER, tables, migrations


def _postgres_snapshot(
    database: Database, work: Path
) -> tuple[Path, str, dict[str, int], dict[str, str]]:
    import psycopg

    pg_dump = _tool("pg_dump")
    target = work / "gongkai.pgdump"
    with _pg_connect(database) as conn:
        try:
            # Counts and dump from one snapshot: pg_dump joins this transaction's snapshot, so
            # the manifest's counts are exactly what the dump holds even while the site writes.
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            tables = _postgres_counts(conn)
            migrations = _migrations(conn) if "django_migrations" in tables else {}
        except psycopg.Error as e:
            raise BackupError(
                f"无法读取数据库 {database.describe()}：{e}",
                f"cannot read the database {database.describe()}: {e}",
            ) from e
        result = _run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=_pg_env(database),
        )
        conn.rollback()
    if result.returncode != 0:
        raise BackupError(
            f"pg_dump 失败（退出码 {result.returncode}）：{result.stderr.strip()}",
            f"pg_dump failed (exit status {result.returncode}): {result.stderr.strip()}",
        )
    target.chmod(0o600)
    return target, POSTGRES_MEMBER, tables, migrations


def _manifest(
    vendor: str,
    member: str,
    tables: dict[str, int],
    migrations: dict[str, str],
    files: list[dict[str, Any]],
    version: str,
    stamp: dt.datetime,
) -> dict[str, Any]:
    search_tables = sorted(t for t in tables if t.startswith(SEARCH_TABLE_PREFIX))
    if vendor == "sqlite":
        note_zh = f"全文检索索引（{'、'.join(search_tables)}）在数据库快照之内，随数据库一并恢复。"
        note_en = (
            "The full-text search index is inside the database snapshot and is restored with it."
        )
    else:
        note_zh = (
            f"全文检索索引表（{'、'.join(search_tables)}）是普通数据表，已包含在 pg_dump 转储中，"
            "随数据库一并恢复。"
        )
        note_en = (
            "The search index tables are ordinary tables (made by the search app's migration) "
            "and are in the pg_dump file; they are restored with the database."
        )
    media = [f for f in files if f["path"].startswith(MEDIA + "/")]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "gongkai_version": version,
        "created_at": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "database": {
            "vendor": vendor,
            "file": member,
            "tables": tables,
            "rows": sum(tables.values()),
            "migrations": migrations,
        },
        "search_index": {
            "tables": search_tables,
            "note_zh": note_zh,
            "note_en": note_en,
            "after_restore": AFTER_RESTORE,
            "advice_zh": f"恢复后运行 {AFTER_RESTORE}；退出码为 1 时运行 gongkai reindex。",
            "advice_en": f"After a restore run {AFTER_RESTORE}; if it exits 1, run gongkai reindex.",
        },
        "media": {"files": len(media), "bytes": sum(f["size"] for f in media)},
        "files": files,
    }


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under MEDIA_ROOT with its archive member name, in a stable order.
    Symbolic links are not followed: a link out of MEDIA_ROOT is not the site's data."""
    if not media_root.is_dir():
        return
    for top, dirs, names in os.walk(media_root):
        dirs.sort()
        for name in sorted(names):
            path = Path(top, name)
            if path.is_file() and not path.is_symlink():
                yield path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}"


class _Hashing:
    """A reader that hashes and counts what passes through it, so an archive's checksums are
    those of the bytes written, even for a file that changes while it is copied."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _tar_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600 if name.startswith("database/") else 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with open(path, "rb") as stream:
        stat = os.fstat(stream.fileno())
        reader = _Hashing(stream)
        tar.addfile(_tar_info(name, stat.st_size, stat.st_mtime), reader)  # type: ignore[arg-type]
    return {"path": name, "size": reader.size, "sha256": reader.sha256.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    tar.addfile(_tar_info(name, len(data), mtime), io.BytesIO(data))


def _fsync_dir(path: Path) -> None:
    """Make a rename durable (a power cut after it must not bring the old name back)."""
    with suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------------------------------------
# Verification


def verify_archive(archive: Path) -> Verification:
    """Check an archive without restoring it: the manifest, every listed file (present, size,
    SHA-256), no extra member, and the database snapshot itself (SQLite: integrity check and
    row counts; PostgreSQL: pg_restore reads its table of contents and all its data)."""
    archive = Path(archive)
    if not archive.is_file():
        raise UsageError(f"备份文件不存在：{archive}", f"no such archive: {archive}")
    with tempfile.TemporaryDirectory(prefix="gongkai-verify-") as work:
        problems: list[Problem] = []
        found: dict[str, tuple[int, str]] = {}
        manifest_bytes: bytes | None = None
        database_copy: Path | None = None

        def sink(name: str) -> Path | None:
            nonlocal database_copy
            if name in DATABASE_MEMBERS.values():
                database_copy = Path(work) / PurePosixPath(name).name
                return database_copy
            return None

        try:
            for name, size, sha256, data in _read_archive(archive, sink, problems):
                if name == MANIFEST:
                    manifest_bytes = data
                else:
                    found[name] = (size, sha256)
        except _Unreadable as e:
            problems.append(e.problem)
        manifest = _parse_manifest(manifest_bytes, problems)
        if manifest is not None:
            problems.extend(_compare_files(manifest["files"], found))
            member = manifest["database"]["file"]
            if database_copy is not None and database_copy.name == PurePosixPath(member).name:
                problems.extend(_check_database(manifest, database_copy))
        return Verification(archive=archive, manifest=manifest, problems=problems)


class _Unreadable(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _read_archive(
    archive: Path,
    sink: Callable[[str], Path | None],
    problems: list[Problem],
) -> Iterator[tuple[str, int, str, bytes | None]]:
    """Each member of the archive as (name, size, sha256, content of the manifest), in one pass
    over the file; a member for which ``sink`` names a path is also written there. Members
    with unsafe names or of other types than regular files are problems, not extracted."""
    try:
        with open(archive, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            stream = cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw)
            with tarfile.open(fileobj=stream, mode="r|") as tar:
                seen = set()
                for member in tar:
                    name = member.name
                    if not member.isfile() or not _safe_name(name):
                        problems.append(
                            Problem(
                                f"备份中有不应出现的条目 {name!r}（不是普通文件或路径不安全）",
                                f"unexpected entry {name!r} (not a regular file, or an unsafe path)",
                            )
                        )
                        continue
                    if name in seen:
                        problems.append(
                            Problem(
                                f"文件 {name} 在备份中重复出现",
                                f"{name} occurs twice in the archive",
                            )
                        )
                        continue
                    seen.add(name)
                    stream_in = tar.extractfile(member)
                    assert stream_in is not None
                    reader = _Hashing(stream_in)
                    if name == MANIFEST:
                        data = reader.read()
                        yield name, reader.size, reader.sha256.hexdigest(), data
                        continue
                    target = sink(name)
                    if target is None:
                        while reader.read(CHUNK):
                            pass
                    else:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with open(target, "xb") as out:
                            shutil.copyfileobj(reader, out, CHUNK)  # type: ignore[misc]
                        os.utime(target, (member.mtime, member.mtime))
                    yield name, reader.size, reader.sha256.hexdigest(), None
            # Read to the end so that gzip checks its CRC and length: a flipped byte in the
            # padding after the last member shows too.
            while stream.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as e:
        raise _Unreadable(
            Problem(
                f"备份文件无法完整读取（已截断或已损坏）：{e}",
                f"the archive cannot be read to its end (truncated or damaged): {e}",
            )
        ) from e


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or name != path.as_posix() or "\x00" in name:
        return False
    if any(part in ("", ".", "..") for part in path.parts):
        return False
    return name in (MANIFEST, *DATABASE_MEMBERS.values()) or (
        path.parts[0] == MEDIA and len(path.parts) > 1
    )


def _parse_manifest(data: bytes | None, problems: list[Problem]) -> dict[str, Any] | None:
    if data is None:
        problems.append(Problem("缺少清单文件 manifest.json", "manifest.json is missing"))
        return None
    try:
        manifest = json.loads(data)
    except ValueError as e:
        problems.append(
            Problem(f"清单文件 manifest.json 无法读取：{e}", f"manifest.json cannot be read: {e}")
        )
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        problems.append(
            Problem(
                "manifest.json 不是 gongkai 备份清单",
                "manifest.json is not a gongkai backup manifest",
            )
        )
        return None
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        problems.append(
            Problem(
                f"清单格式版本 {version} 不受支持（本程序支持 {FORMAT_VERSION}），请用更新的 gongkai。",
                f"manifest format version {version} is not supported (this gongkai reads "
                f"{FORMAT_VERSION}); use a newer gongkai",
            )
        )
        return None
    try:
        files = manifest["files"]
        database = manifest["database"]
        ok = (
            isinstance(files, list)
            and all(
                isinstance(f["path"], str)
                and isinstance(f["size"], int)
                and isinstance(f["sha256"], str)
                for f in files
            )
            and database["vendor"] in DATABASE_MEMBERS
            and database["file"] == DATABASE_MEMBERS[database["vendor"]]
            and all(isinstance(n, int) for n in database["tables"].values())
        )
    except (KeyError, TypeError, AttributeError):
        ok = False
    if not ok:
        problems.append(
            Problem(
                "清单 manifest.json 内容不完整或格式错误",
                "manifest.json is incomplete or malformed",
            )
        )
        return None
    return manifest


def _compare_files(
    listed: list[dict[str, Any]], found: dict[str, tuple[int, str]]
) -> list[Problem]:
    problems = []
    names = set()
    for entry in listed:
        name = entry["path"]
        names.add(name)
        if name not in found:
            problems.append(
                Problem(
                    f"缺少文件 {name}（清单中有，备份中没有）",
                    f"missing file {name}: listed in the manifest, absent from the archive",
                )
            )
            continue
        size, sha256 = found[name]
        if size != entry["size"]:
            problems.append(
                Problem(
                    f"文件 {name} 大小不符：清单记为 {entry['size']} 字节，实际 {size} 字节",
                    f"{name}: {size} bytes, the manifest says {entry['size']}",
                )
            )
        if sha256 != entry["sha256"]:
            problems.append(
                Problem(
                    f"文件 {name} 的校验和（SHA-256）与清单不符，内容已损坏",
                    f"{name}: SHA-256 does not match the manifest; the content is damaged",
                )
            )
    for name in sorted(set(found) - names):
        problems.append(
            Problem(f"多余文件 {name}（清单中没有）", f"extra file {name}: not in the manifest")
        )
    return problems


def _check_database(manifest: dict[str, Any], path: Path) -> list[Problem]:
    if manifest["database"]["vendor"] == "sqlite":
        return _check_sqlite(manifest, path)
    return _check_postgres_dump(manifest, path)


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _check_sqlite(manifest: dict[str, Any], path: Path) -> list[Problem]:
    name = manifest["database"]["file"]
    try:
        # immutable: no locks, no -shm file; nothing else has this copy open.
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        # A damaged page can hold text that is not UTF-8 (integrity_check quotes it): decode it
        # with U+FFFD, so the damage is reported instead of raising UnicodeDecodeError.
        conn.text_factory = _lenient_text
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
            if result != ["ok"]:
                return [
                    Problem(
                        f"数据库快照 {name} 完整性检查失败：{'；'.join(result)}",
                        f"{name} fails PRAGMA integrity_check: {'; '.join(result)}",
                    )
                ]
            counts = _sqlite_counts(conn)
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError) as e:
        # UnicodeDecodeError: SQLite's own error message quotes the damaged schema's bytes
        # ("malformed database schema (…)"), which Python decodes strictly.
        return [
            Problem(
                f"数据库快照 {name} 无法打开或读取：{e}",
                f"the database snapshot {name} cannot be opened or read: {e}",
            )
        ]
    return compare_counts(
        manifest["database"]["tables"],
        counts,
        where=(f"数据库快照 {name} ", f"the snapshot {name}"),
    )


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A PostgreSQL tool's run, its output as text. A damaged dump can make pg_restore print
    bytes that are not UTF-8 (a mangled table name): they become U+FFFD, so the damage is
    reported rather than crashing the report."""
    return subprocess.run(
        args, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace"
    )


def _check_postgres_dump(manifest: dict[str, Any], path: Path) -> list[Problem]:
    name = manifest["database"]["file"]
    pg_restore = _tool("pg_restore")
    listing = _run([pg_restore, "--list", str(path)])
    if listing.returncode != 0:
        return [
            Problem(
                f"pg_restore --list 无法读取数据库转储 {name}：{listing.stderr.strip()}",
                f"pg_restore --list cannot read {name}: {listing.stderr.strip()}",
            )
        ]
    # The table of contents can be whole while the data after it is cut off or damaged: read
    # every entry (as the SQL it would run) to be sure the dump restores.
    full = _run([pg_restore, f"--file={os.devnull}", str(path)])
    if full.returncode != 0:
        return [
            Problem(
                f"数据库转储 {name} 的数据无法完整读取：{full.stderr.strip()}",
                f"the data of {name} cannot be read in full: {full.stderr.strip()}",
            )
        ]
    dumped = set(re.findall(r"^\d+; \d+ \d+ TABLE DATA \S+ (\S+) ", listing.stdout, re.MULTILINE))
    return [
        Problem(
            f"数据库转储 {name} 中没有数据表 {table} 的数据",
            f"{name} holds no data for table {table}",
        )
        for table in sorted(manifest["database"]["tables"])
        if table not in dumped
    ]


def compare_counts(
    expected: Mapping[str, int], actual: Mapping[str, int], *, where: tuple[str, str]
) -> list[Problem]:
    """The differences between the manifest's row counts and a database's; ``where`` names
    the database in Chinese and English."""
    zh, en = where
    problems = []
    for table, count in sorted(expected.items()):
        if table not in actual:
            problems.append(
                Problem(f"{zh}中缺少数据表 {table}", f"table {table} is missing from {en}")
            )
        elif actual[table] != count:
            problems.append(
                Problem(
                    f"{zh}中数据表 {table} 有 {actual[table]} 行，清单记为 {count} 行",
                    f"table {table} in {en} has {actual[table]} rows, the manifest says {count}",
                )
            )
    for table in sorted(set(actual) - set(expected)):
        problems.append(
            Problem(
                f"{zh}中有清单没有的数据表 {table}",
                f"{en} has a table {table} that the manifest does not list",
            )
        )
    return problems


# ---------------------------------------------------------------------------------------------
# Restore


def target_problems(database: Database, media_root: Path) -> list[Problem]:
    """Why a restore into this database and MEDIA_ROOT would touch existing data (empty when
    it would not): a restore writes only into an empty database and an empty MEDIA_ROOT."""
    problems = []
    if database.vendor == "sqlite":
        problems.extend(_sqlite_target_problems(database.path))  # type: ignore[arg-type]
    else:
        with _pg_connect(database) as conn:
            relations = [row[0] for row in conn.execute(POSTGRES_RELATIONS)]
        if relations:
            problems.append(
                Problem(
                    f"目标数据库 {database.describe()} 不是空的（有 {len(relations)} 个数据表等对象，"
                    f"如 {relations[0]}）",
                    f"the target database {database.describe()} is not empty ({len(relations)} "
                    f"tables or other relations, e.g. {relations[0]})",
                )
            )
    media_root = Path(media_root)
    if media_root.exists() or media_root.is_symlink():
        if not media_root.is_dir():
            problems.append(
                Problem(
                    f"MEDIA_ROOT {media_root} 不是目录",
                    f"MEDIA_ROOT {media_root} is not a directory",
                )
            )
        else:
            example = next(_any_file(media_root), None)
            if example is not None:
                problems.append(
                    Problem(
                        f"上传文件目录 MEDIA_ROOT {media_root} 不是空的（如 {example}）",
                        f"MEDIA_ROOT {media_root} is not empty (e.g. {example})",
                    )
                )
    return problems


def _sqlite_target_problems(path: Path) -> list[Problem]:
    wal = Path(f"{path}-wal")
    if not path.exists():
        if wal.exists() and wal.stat().st_size > 0:
            return [
                Problem(
                    f"数据库文件 {path} 不存在，但有日志文件 {wal}，请先确认并处理",
                    f"{path} is missing but {wal} exists; look into it first",
                )
            ]
        return []
    if path.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size > 0):
        return []
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as e:
        return [
            Problem(
                f"数据库文件 {path} 已存在且无法确认为空（{e}）",
                f"{path} exists and cannot be confirmed empty ({e})",
            )
        ]
    if objects:
        return [
            Problem(
                f"目标数据库 {path} 不是空的（有 {objects} 个数据表、索引等对象）",
                f"the target database {path} is not empty ({objects} tables, indexes and the like)",
            )
        ]
    return []


def _any_file(root: Path) -> Iterator[Path]:
    """Files (of any kind but directories) under root; empty directories do not count."""
    for top, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            yield Path(top, name)


def restore_archive(archive: Path, database: Database, media_root: Path) -> Restoration:
    """Restore an archive into an empty database and MEDIA_ROOT, then check every table's row
    count and every file's checksum against the manifest.

    Refuses (UsageError) a target that holds data and a database of the other vendor;
    raises BackupError when the archive is damaged (``details`` says how) or a step fails.
    Everything is extracted and checked beside the target first, so a damaged archive or a
    full disk leaves the target as it was; then the database is put in place in one step and
    the files are moved in by renames."""
    archive = Path(archive)
    media_root = Path(media_root)
    if not archive.is_file():
        raise UsageError(f"备份文件不存在：{archive}", f"no such archive: {archive}")
    refusals = target_problems(database, media_root)
    if refusals:
        raise UsageError(
            "目标中已有数据，拒绝恢复（恢复从不覆盖现有数据）。",
            "the target holds data; refusing to restore (a restore never overwrites data)",
            refusals,
        )
    verification = verify_archive(archive)
    if not verification.ok:
        raise BackupError(
            f"备份文件已损坏，未恢复任何内容：{archive}",
            f"the archive is damaged; nothing was restored: {archive}",
            verification.problems,
        )
    manifest = verification.manifest
    assert manifest is not None
    vendor = manifest["database"]["vendor"]
    if vendor != database.vendor:
        raise UsageError(
            f"这是 {vendor} 数据库的备份，而当前配置的是 {database.vendor}，不能直接恢复。",
            f"this is a backup of a {vendor} database but {database.vendor} is configured; "
            "it cannot be restored into it",
        )
    listed = {f["path"]: f for f in manifest["files"]}
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".gongkai-restore-", dir=media_root))
    staged_db = (
        database.path.with_name(f".{database.path.name}.restore-{os.getpid()}")  # type: ignore[union-attr]
        if database.vendor == "sqlite"
        else staging / "gongkai.pgdump"
    )
    try:
        problems: list[Problem] = []

        def sink(name: str) -> Path | None:
            if name == manifest["database"]["file"]:
                return staged_db
            return staging / name if name.startswith(MEDIA + "/") else None

        found = {
            name: (size, sha256)
            for name, size, sha256, _ in _read_archive(archive, sink, problems)
            if name != MANIFEST
        }
        problems.extend(_compare_files(manifest["files"], found))
        if problems:  # the archive changed since it was verified
            raise BackupError(
                f"备份文件在检查后发生变化，未恢复任何内容：{archive}",
                f"the archive changed after it was checked; nothing was restored: {archive}",
                problems,
            )
        _apply_database(database, staged_db)
        _apply_media(staging / MEDIA, media_root)
    except _Unreadable as e:
        raise BackupError(
            "备份文件在检查后无法读取，未恢复任何内容。",
            "the archive could not be read after it was checked; nothing was restored",
            [e.problem],
        ) from e
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if database.vendor == "sqlite":
            staged_db.unlink(missing_ok=True)
    counts = _counts_of(database)
    problems = compare_counts(
        manifest["database"]["tables"], counts, where=("恢复后的数据库", "the restored database")
    )
    files = [f for name, f in listed.items() if name.startswith(MEDIA + "/")]
    for entry in files:
        problems.extend(_check_restored_file(media_root, entry))
    return Restoration(
        manifest=manifest,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        bytes=sum(f["size"] for f in files),
        problems=problems,
    )


def _apply_database(database: Database, staged: Path) -> None:
    if database.vendor == "sqlite":
        path: Path = database.path  # type: ignore[assignment]
        again = _sqlite_target_problems(path)
        if again:
            raise UsageError(
                "目标数据库在恢复期间出现了数据。", "the target database got data meanwhile", again
            )
        # An empty database file may have left empty -wal/-shm files; a stale WAL beside the
        # restored file would be applied to it.
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            leftover.unlink(missing_ok=True)
        staged.chmod(0o600)
        os.rename(staged, path)
        _fsync_dir(path.parent)
        return
    with _pg_connect(database) as conn:
        relations = conn.execute(POSTGRES_RELATIONS).fetchall()
    if relations:
        raise UsageError(
            "目标数据库在恢复期间出现了数据。",
            "the target database got data meanwhile",
        )
    # One transaction: a failure leaves the database empty, so the restore can be run again.
    # --no-owner/--no-privileges: the target's user owns everything, whatever the roles of the
    # machine the dump came from.
    result = _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={database.params.get('dbname', '')}",
            str(staged),
        ],
        env=_pg_env(database),
    )
    if result.returncode != 0:
        raise BackupError(
            f"pg_restore 失败，数据库未改动：{result.stderr.strip()}",
            f"pg_restore failed; the database is unchanged: {result.stderr.strip()}",
        )


def _apply_media(staged: Path, media_root: Path) -> None:
    """Move the staged files into MEDIA_ROOT, top-level entry by entry (renames within one
    file system, even when MEDIA_ROOT is a mount point)."""
    if not staged.is_dir():
        return
    for entry in sorted(staged.iterdir()):
        target = media_root / entry.name
        if target.is_dir() and not target.is_symlink():
            _remove_empty_dirs(target)  # an empty directory tree left by an earlier start
        if target.exists() or target.is_symlink():
            raise UsageError(
                f"{target} 在恢复期间出现了文件。", f"{target} appeared during the restore"
            )
        os.rename(entry, target)


def _remove_empty_dirs(root: Path) -> None:
    """Remove a tree of empty directories; os.rmdir refuses any directory holding a file."""
    for top, _, _ in sorted(os.walk(root), key=lambda w: -len(w[0])):
        with suppress(OSError):
            os.rmdir(top)


def _check_restored_file(media_root: Path, entry: dict[str, Any]) -> list[Problem]:
    name = entry["path"]
    path = media_root / PurePosixPath(name).relative_to(MEDIA)
    try:
        with open(path, "rb") as stream:
            reader = _Hashing(stream)
            while reader.read(CHUNK):
                pass
    except OSError as e:
        return [
            Problem(f"恢复后无法读取 {path}：{e}", f"{path} cannot be read after the restore: {e}")
        ]
    if (reader.size, reader.sha256.hexdigest()) != (entry["size"], entry["sha256"]):
        return [
            Problem(
                f"恢复后的文件 {path} 与清单不符（大小或校验和）",
                f"the restored file {path} does not match the manifest (size or checksum)",
            )
        ]
    return []


# ---------------------------------------------------------------------------------------------
# Databases


def _counts_of(database: Database) -> dict[str, int]:
    """Row counts of every table of a live database."""
    if database.vendor == "sqlite":
        conn = sqlite3.connect(f"{database.path.as_uri()}?mode=ro", uri=True)  # type: ignore[union-attr]
        try:
            return _sqlite_counts(conn)
        finally:
            conn.close()
    with _pg_connect(database) as conn:
        return _postgres_counts(conn)


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(SQLITE_TABLES)]
    return {
        t: conn.execute(f'SELECT count(*) FROM "{t.replace(chr(34), chr(34) * 2)}"').fetchone()[0]
        for t in tables
    }


def _postgres_counts(conn: Any) -> dict[str, int]:
    from psycopg import sql

    tables = [row[0] for row in conn.execute(POSTGRES_TABLES)]
    return {
        t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
        for t in tables
    }


def _migrations(conn: Any) -> dict[str, str]:
    """The last migration applied of each app (their names sort in order: 0001_, 0002_ …)."""
    try:
        rows = conn.execute("SELECT app, max(name) FROM django_migrations GROUP BY app").fetchall()
    except sqlite3.Error:
        return {}
    return {app: name for app, name in sorted(rows)}


@contextmanager
def _pg_connect(database: Database) -> Iterator[Any]:
    import psycopg
    from psycopg.conninfo import make_conninfo

    try:
        conn = psycopg.connect(make_conninfo(**database.params))
    except psycopg.Error as e:
        raise UsageError(
            f"无法连接数据库 {database.describe()}：{e}（恢复前请先用 createdb 建立空数据库）",
            f"cannot connect to {database.describe()}: {e} (before a restore, create an empty "
            "database with createdb)",
        ) from e
    try:
        yield conn
    finally:
        conn.close()


def _pg_env(database: Database) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in database.params.items():
        env[LIBPQ_ENV[key]] = value
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise UsageError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client，"
            "版本不低于数据库服务器），并确保它在 PATH 中。",
            f"{name} not found: install the PostgreSQL client tools (Debian: apt-get install "
            "postgresql-client, at least the server's version) and put them on PATH",
        )
    return path
