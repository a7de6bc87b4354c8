"""A backup that runs out of disk says so, and leaves nothing behind (found by make faults:
the message said the site's database could not be read)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

LIMIT = 1 << 20  # 1 MB: the snapshot copy of a 4 MB database cannot be written

# The limit is set by the child itself, first thing: a preexec_fn runs Python between fork and
# exec, which deadlocks when another thread of the test worker held a lock at the fork (it hung
# a CI run for 17 minutes).
BACKUP = f"""
import resource
resource.setrlimit(resource.RLIMIT_FSIZE, ({LIMIT}, {LIMIT}))  # EFBIG, as a full disk gives ENOSPC
import sys
from pathlib import Path
from gongkai.ops.backup import BackupError, Database, create_backup
try:
    create_backup(Database.sqlite(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
except BackupError as error:
    print(error.message_zh)
    sys.exit(error.status)
"""


def test_a_backup_beyond_the_file_size_limit_reports_the_output_disk_not_the_database(
    tmp_path: Path,
):
    db = tmp_path / "gongkai.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany(
            "INSERT INTO t VALUES (?)", [(os.urandom(500).hex(),) for _ in range(4000)]
        )
    (tmp_path / "media").mkdir()
    out = tmp_path / "out"

    result = subprocess.run(
        [sys.executable, "-c", BACKUP, str(db), str(tmp_path / "media"), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "磁盘空间不足" in result.stdout and "无法读取数据库" not in result.stdout
    assert list(out.iterdir()) == []  # no archive, no temporary file
