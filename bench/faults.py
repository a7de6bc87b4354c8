"""Fault injection on a real gongkai site (make faults): kill -9 in the middle of work, a full
disk and a locked database, then the invariants checked with the project's own commands.

On a throw-away data dir (SQLite; migrated once, one unit 620321003 with its standard columns):

1. import — `gongkai import-decisions` of a large CSV, killed with SIGKILL once SQLite's write-
   ahead log has grown (the one transaction is being written). Then: no record of it is in the
   database (all or nothing), `PRAGMA integrity_check` is ok, and the same command run again
   imports every row.
2. publish — `gongkai publish-scheduled` with many documents approved for publication at a past
   time, killed once some are live. Then: every document is either live with its list entries
   and its search entry, or a draft with none of them; running it again publishes the rest.
3. backup — `gongkai backup` killed once its temporary archive has grown. Then: no archive under
   a final name; `gongkai backup` again, and `gongkai backup --verify` of it passes.
4. server — gunicorn under request submissions: one worker killed, later the master and all its
   workers killed, gunicorn started again. Then: every receipt a client saw names a request that
   exists once, all 查询码 differ, and every request has its 收到申请 event.
5. disk full — `gongkai backup` into a 2 MB tmpfs (as root; otherwise under RLIMIT_FSIZE, which
   gives EFBIG "File too large" instead of ENOSPC: the script says which). Then: exit status 1,
   a one-line message, no traceback, no archive and no temporary file left.
6. database locked — another connection holds SQLite's write lock (BEGIN EXCLUSIVE); `gongkai
   import-decisions` waits the 30 s busy timeout and must then exit 1 with a clear message,
   no traceback, nothing stored.

Progress is measured (bytes in the WAL or the archive, rows live), never guessed from a sleep.
Everything runs on 127.0.0.1 and in the temporary directory, removed at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import loadtest  # noqa: E402 - the load test's client and server helpers

BIN = Path(sys.executable).parent
GONGKAI = str(BIN / "gongkai")
UNIT = "620321003"
results: list[tuple[str, bool, str]] = []


def gongkai(args: list[str], env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [GONGKAI, *args], env=env, capture_output=True, text=True, timeout=900, **kw
    )


def shell(code: str, env: dict[str, str]) -> str:
    result = gongkai(["shell", "-c", code], env)
    if result.returncode:
        raise RuntimeError(f"gongkai shell failed:\n{result.stderr}")
    return result.stdout.strip()


def record(name: str, ok: bool, detail: str) -> None:
    results.append((name, ok, detail))
    print(f"[{'PASS' if ok else 'FAIL'}] {name}: {detail}", flush=True)


def kill_when(
    cmd: list[str], env: dict[str, str], ready: Callable[[], bool], limit: float = 600
) -> tuple[bool, float]:
    """Start cmd, SIGKILL it as soon as ready() is true; (killed mid-way?, seconds it ran)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        while time.perf_counter() - start < limit:
            if proc.poll() is not None:
                return False, time.perf_counter() - start  # finished before the point
            if ready():
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return True, time.perf_counter() - start
            time.sleep(0.02)
        return False, time.perf_counter() - start
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=60)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def integrity(db: Path) -> str:
    return query(db, "PRAGMA integrity_check")[0][0]


# -- 1. import ------------------------------------------------------------------------------------


def fault_import(env: dict[str, str], data: Path, rows: int) -> None:
    csv = data / "decisions.csv"
    with open(csv, "w", encoding="utf-8") as f:
        f.write("类别,日期,数量,文号,备注\n")
        for i in range(rows):
            f.write(
                f"行政许可,2025-{i % 12 + 1:02d}-{i % 28 + 1:02d},1,永教许〔2025〕{i}号,故障测试\n"
            )
    db, wal = data / "gongkai.sqlite3", data / "gongkai.sqlite3-wal"
    before = wal.stat().st_size if wal.exists() else 0
    killed, ran = kill_when(
        [GONGKAI, "import-decisions", str(csv), "--unit", UNIT],
        env,
        lambda: wal.exists() and wal.stat().st_size > before + 4 * 1024 * 1024,
    )
    stored = query(db, "SELECT count(*) FROM reports_decisionrecord")[0][0]
    check = integrity(db)
    again = gongkai(["import-decisions", str(csv), "--unit", UNIT], env)
    after = query(db, "SELECT count(*) FROM reports_decisionrecord")[0][0]
    record(
        "import killed mid-transaction",
        killed and stored == 0 and check == "ok" and again.returncode == 0 and after == rows,
        f"SIGKILL after {ran:.1f} s with the WAL 4 MB longer (killed: {killed}); records after "
        f"the kill: {stored}; integrity_check: {check}; run again: exit {again.returncode}, "
        f"{after} of {rows} records ({again.stdout.strip()[:60]})",
    )


# -- 2. publish -----------------------------------------------------------------------------------

MAKE_SCHEDULED = """
import datetime as dt
from django.utils import timezone
from gongkai.catalog.models import Document
from gongkai.orgs.models import Unit
unit = Unit.objects.get(code={unit!r})
column = unit.columns.get(key="art20-01")
when = timezone.now() - dt.timedelta(minutes=5)
for i in range({n}):
    doc = Document(unit=unit, title=f"故障测试定时发布文件第{{i}}号", written_on=dt.date(2025, 3, 1),
                   body="<p>各乡镇人民政府，县政府各部门：现将有关事项通知如下。</p>", live=False)
    doc.save()
    doc.columns.set([column])
    doc.save()
    doc.save_revision(approved_go_live_at=when)
print(Document.objects.filter(title__startswith="故障测试定时发布").count())
"""

PUBLISH_STATE = """
import json
from django.db import connection
from gongkai.catalog.models import Document, ListingEntry
from gongkai.search.services import document_key
docs = Document.objects.filter(title__startswith="故障测试定时发布")
rows = []
cursor = connection.cursor()
for d in docs:
    listed = ListingEntry.objects.filter(document=d).exists()
    cursor.execute("SELECT count(*) FROM search_entry WHERE key = %s", [document_key(d.pk)])
    indexed = cursor.fetchone()[0] == 1
    rows.append([d.pk, d.live, bool(d.index_no), listed, indexed])
print(json.dumps(rows))
"""


def publish_state(env: dict[str, str]) -> list[list]:
    import json

    return json.loads(shell(PUBLISH_STATE, env).splitlines()[-1])


def fault_publish(env: dict[str, str], data: Path, n: int) -> None:
    made = shell(MAKE_SCHEDULED.format(unit=UNIT, n=n), env).splitlines()[-1]
    db = data / "gongkai.sqlite3"

    def live() -> int:
        return query(db, "SELECT count(*) FROM catalog_document WHERE live AND title LIKE '故障测试定时发布%'")[0][0]  # fmt: skip

    killed, ran = kill_when([GONGKAI, "publish-scheduled"], env, lambda: live() >= n // 10)
    state = publish_state(env)
    live_now = sum(1 for r in state if r[1])
    # Consistent: live with its index number, list entries and search entry; or none of them.
    torn = [r for r in state if not (r[1] == r[3] == r[4] and (r[2] or not r[1]))]
    again = gongkai(["publish-scheduled"], env)
    final = publish_state(env)
    torn_after = [r for r in final if not (r[1] and r[2] and r[3] and r[4])]
    record(
        "publish-scheduled killed mid-way",
        killed and not torn and again.returncode == 0 and not torn_after and len(final) == n,
        f"{made} scheduled documents; SIGKILL after {ran:.1f} s with {live_now} live (killed: "
        f"{killed}); half-published: {len(torn)} {torn[:3]}; run again: exit "
        f"{again.returncode}, {sum(1 for r in final if r[1])} of {n} live, incomplete: "
        f"{len(torn_after)} {torn_after[:3]} {again.stderr.strip()[-200:]}",
    )


# -- 3. backup ------------------------------------------------------------------------------------


def fault_backup(env: dict[str, str], data: Path, media_mb: int) -> None:
    media = data / "media" / "documents"
    media.mkdir(parents=True, exist_ok=True)
    for i in range(media_mb):
        (media / f"fault-{i:03d}.bin").write_bytes(os.urandom(1024 * 1024))  # incompressible
    out = data / "backups-kill"

    def grown() -> bool:
        return any(p.stat().st_size > 2 * 1024 * 1024 for p in out.glob(".*.partial"))

    killed, ran = kill_when([GONGKAI, "backup", "--output", str(out)], env, grown)
    finals = sorted(p.name for p in out.glob("gongkai-backup-*"))
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    again = gongkai(["backup", "--output", str(out)], env)
    archives = sorted(out.glob("gongkai-backup-*.tar.gz"))
    verify = gongkai(["backup", "--verify", str(archives[-1])], env) if archives else None
    record(
        "backup killed mid-archive",
        killed and not finals and again.returncode == 0 and len(archives) == 1
        and verify is not None and verify.returncode == 0,
        f"SIGKILL after {ran:.1f} s with the temporary archive over 2 MB (killed: {killed}); "
        f"archives under a final name after the kill: {finals or 'none'}; left for the "
        f"operator to delete: {leftovers}; backup again: exit {again.returncode}; --verify: "
        f"exit {verify.returncode if verify else '-'} {verify.stdout.strip()[-80:] if verify else ''}",
    )  # fmt: skip


# -- 4. server ------------------------------------------------------------------------------------

CASES = """
import json
from gongkai.requests.models import RequestCase
from gongkai.requests.taxonomy import EventKind
cases = RequestCase.objects.filter(applicant_name__startswith={mark!r})
rows = list(cases.values_list("applicant_name", "tracking_code"))
no_event = cases.exclude(events__kind=EventKind.RECEIVED).count()
print(json.dumps([rows, no_event]))
"""


def fault_server(env: dict[str, str], data: Path, seconds: float) -> None:
    import json

    server, port = loadtest.start_server(env, data, 2)
    seen: list[tuple[str, str]] = []
    outcome_box: list = []
    steps: list[str] = []

    def load() -> None:
        outcome, _ = loadtest.run_scenario(port, 4, seconds, loadtest.submit_step)
        outcome_box.append(outcome)

    clients = threading.Thread(target=load)
    clients.start()
    try:
        time.sleep(seconds / 4)  # the clients file requests meanwhile
        workers = [int(p) for p in _children(server.pid)]
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            steps.append(f"worker {workers[0]} killed at {seconds / 4:.0f} s")
        time.sleep(seconds / 4)
        os.killpg(server.pid, signal.SIGKILL)  # the master and every worker
        server.wait()
        steps.append(f"master and all workers killed at {seconds / 2:.0f} s")
        time.sleep(2)
        server = _restart(env, data, port)
        steps.append("gunicorn started again")
    finally:
        clients.join()
        loadtest.stop_server(server)
    outcome = outcome_box[0]
    seen = outcome.submissions
    rows, no_event = json.loads(shell(CASES.format(mark=loadtest.MARK), env).splitlines()[-1])
    rows = [tuple(r) for r in rows]
    codes = [r[1] for r in rows]
    missing = set(seen) - set(rows)
    unseen = len({r[0] for r in rows} - {s[0] for s in seen})
    ok = not missing and len(set(codes)) == len(codes) and no_event == 0 and len(seen) > 0
    ok = ok and len({r[0] for r in rows}) == len(rows)
    record(
        "server and worker killed under submissions",
        ok,
        f"{'; '.join(steps)}; receipts seen: {len(seen)}; stored: {len(rows)} with "
        f"{len(set(codes))} distinct codes; receipts without a stored request: {len(missing)}; "
        f"stored without a receipt seen (the answer was lost with the killed process): "
        f"{unseen}; requests without their 收到申请 event: {no_event}; client errors during "
        f"the outage: {len(outcome.errors)}; integrity_check: {integrity(data / 'gongkai.sqlite3')}",
    )


def _children(pid: int) -> list[str]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return path.read_text().split() if path.exists() else []


def _restart(env: dict[str, str], data: Path, port: int) -> subprocess.Popen:
    cmd = [str(BIN / "gunicorn"), "gongkai.wsgi:application", "--workers", "2"]
    cmd += ["--bind", f"127.0.0.1:{port}", "--timeout", "60"]
    with open(data / "gunicorn-restart.log", "w") as log:
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, start_new_session=True)
    return server


# -- 5. disk full ---------------------------------------------------------------------------------


def fault_disk_full(env: dict[str, str], data: Path) -> None:
    out = data / "backups-full"
    out.mkdir()
    how, preexec = "", None
    mounted = False
    if os.geteuid() == 0:
        mount = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(out)],
            capture_output=True,
        )
        mounted = mount.returncode == 0
    if mounted:
        how = "a 2 MB tmpfs (ENOSPC)"
    else:
        how = "RLIMIT_FSIZE 2 MB (EFBIG, 'File too large'; no tmpfs without root)"

        def preexec() -> None:  # type: ignore[misc]
            resource.setrlimit(resource.RLIMIT_FSIZE, (2 * 1024 * 1024, 2 * 1024 * 1024))

    try:
        result = gongkai(["backup", "--output", str(out)], env, preexec_fn=preexec)
        left = sorted(p.name for p in out.iterdir())
    finally:
        if mounted:
            subprocess.run(["umount", str(out)], check=False)
    message = result.stderr.strip()
    record(
        "disk full during a backup",
        result.returncode == 1 and "Traceback" not in message and not left
        and ("磁盘空间不足" in message or "No space left" in message or "too large" in message),
        f"{how}: exit {result.returncode}; message: {message!r}; left in the directory: "
        f"{left or 'nothing'}",
    )  # fmt: skip


# -- 6. database locked ---------------------------------------------------------------------------


def fault_locked(env: dict[str, str], data: Path) -> None:
    csv = data / "locked.csv"
    csv.write_text("类别,日期,数量\n行政处罚,2025-05-01,3\n", encoding="utf-8")
    db = data / "gongkai.sqlite3"
    before = query(db, "SELECT count(*) FROM reports_decisionrecord")[0][0]
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.perf_counter()
        result = gongkai(["import-decisions", str(csv), "--unit", UNIT], env)
        waited = time.perf_counter() - start
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    after = query(db, "SELECT count(*) FROM reports_decisionrecord")[0][0]
    message = result.stderr.strip()
    record(
        "database locked by another program",
        result.returncode == 1 and "Traceback" not in message and "锁定" in message
        and after == before,
        f"import-decisions under BEGIN EXCLUSIVE: exit {result.returncode} after {waited:.0f} s; "
        f"records stored: {after - before}; message: {message.splitlines()[0] if message else ''!r}",
    )  # fmt: skip
    _locked_page(env, data)


def _locked_page(env: dict[str, str], data: Path) -> None:
    """A citizen submitting the request form while the lock is held: what does the page say?"""
    import re

    server, port = loadtest.start_server(env, data, 1)
    loadtest.TIMEOUT = 90  # the client waits longer than the server's 30 s busy timeout
    db = data / "gongkai.sqlite3"
    try:
        client = loadtest.Client(port, loadtest.Outcome(), threading.Lock())
        form = client.request("GET", f"/u/{UNIT}/apply/")
        hidden = dict(loadtest.HIDDEN.findall(form[2])) if form else {}
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            start = time.perf_counter()
            got = client.request(
                "POST",
                f"/u/{UNIT}/apply/",
                {**hidden, "applicant_type": "natural_person", "applicant_name": "锁定测试",
                 "id_kind": "resident_id", "id_number": "11010519491231002X",
                 "phone": "13912345678", "description": "数据库锁定时提交的申请",
                 "preferred_form": "electronic", "delivery": "online", "confirm": "on"},
                expect=(200, 302, 429, 500, 503),
            )  # fmt: skip
            waited = time.perf_counter() - start
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        stored = query(db, "SELECT count(*) FROM foi_requests_requestcase WHERE applicant_name = '锁定测试'")  # fmt: skip
        title = re.search(r"<title>([^<]*)</title>", got[2]) if got else None
        status = got[0] if got else "no answer"
        record(
            "request form submitted while the database is locked",
            got is not None and got[0] == 503 and stored[0][0] == 0 and title is not None,
            f"HTTP {status} after {waited:.0f} s (gunicorn --timeout 60 > SQLite's 30 s busy "
            f"timeout), page title {title.group(1) if title else None!r}, stored: {stored[0][0]}",
        )
    finally:
        loadtest.stop_server(server)


# -------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=100_000, help="CSV rows (the import takes 100,000 at most)"
    )
    parser.add_argument("--documents", type=int, default=300, help="documents to publish")
    parser.add_argument("--media-mb", type=int, default=60, help="MB of files for the backup")
    parser.add_argument("--seconds", type=float, default=40, help="length of the server run")
    parser.add_argument("--only", nargs="*", help="import publish backup server disk locked")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="gongkai-faults-"))
    # index updates in the publishing process itself
    env = dict(loadtest.server_env(data), GONGKAI_TASKS="immediate")
    env.pop("DATABASE_URL", None)
    chosen = set(args.only or ["import", "publish", "backup", "server", "disk", "locked"])
    try:
        print(f"gongkai faults, SQLite, data dir {data}", flush=True)
        started = time.perf_counter()
        migrate = gongkai(["migrate", "--no-input"], env)
        if migrate.returncode:
            raise RuntimeError(migrate.stderr)
        shell(
            "from gongkai.orgs.models import Unit, UnitKind\n"
            "from gongkai.catalog.services import ensure_standard_columns\n"
            f"u = Unit.objects.create(code={UNIT!r}, name='永昌县教育局', short_name='永教',"
            " kind=UnitKind.DEPARTMENT)\n"
            "ensure_standard_columns(u)\n",
            env,
        )
        print(f"migrate and one unit: {time.perf_counter() - started:.0f} s", flush=True)
        for name, run in (
            ("import", lambda: fault_import(env, data, args.rows)),
            ("publish", lambda: fault_publish(env, data, args.documents)),
            ("backup", lambda: fault_backup(env, data, args.media_mb)),
            ("server", lambda: fault_server(env, data, args.seconds)),
            ("disk", lambda: fault_disk_full(env, data)),
            ("locked", lambda: fault_locked(env, data)),
        ):
            if name in chosen:
                try:
                    run()
                except Exception as e:  # one broken scenario must not hide the others
                    record(name, False, f"{type(e).__name__}: {e}")
    finally:
        if args.keep:
            print(f"data dir kept: {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)
    failed = [r for r in results if not r[1]]
    print(f"{len(results) - len(failed)} of {len(results)} passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
