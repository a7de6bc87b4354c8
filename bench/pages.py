"""Benchmark of the public pages under gunicorn, against the same bytes served as a static file.

Creates a throw-away data dir, migrates it, bulk-loads one unit with --scale documents in its
第二十条第（一）项 column (art20-01), then starts gunicorn (2 sync workers, production
settings) and measures, for the column list (first page, ?year=2018, ?page=2000) and for
documents (a random sample): median and p95 latency over sequential requests, and requests per
second with several client threads. The baseline is a copy of a rendered list page and of a
rendered document page placed in STATIC_ROOT and served by WhiteNoise in the same server, so
the ratios show what Django, the templates and the database cost on top of sending the bytes.
Before the server starts, each page is also rendered in-process once with its SQL timed.
Everything is on 127.0.0.1; the data dir (and the PostgreSQL database) is removed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BIN = Path(sys.executable).parent
UNIT_CODE, UNIT_NAME, UNIT_SHORT = "620321900", "永昌县基准测试局", "永基"
COLUMN, PG_DB, BATCH = "art20-01", "gongkai_bench", 2000
LIST_URL = f"/u/{UNIT_CODE}/c/{COLUMN}/"
LISTS = [("list, first page", ""), ("list, ?year=2018", "?year=2018")]
LISTS.append(("list, ?page=2000", "?page=2000"))
AREAS = "全县 城关镇 河西堡镇 朱王堡镇 东寨镇 水源镇 红山窑镇 六坝镇 南坝乡".split()
SUBJECTS = """农村人居环境整治 高标准农田建设 安全生产大检查 森林草原防火 城乡居民医疗保险 河湖长制
义务教育薄弱环节改善 营商环境优化 冬春季农田水利基本建设 秸秆禁烧 食品安全监督抽检 防汛抗旱
建筑施工扬尘治理 退役军人优待抚恤 城乡低保提标 公共租赁住房分配 重点项目建设 耕地保护""".split()
TITLES = [
    "关于印发《{area}{year}年{subject}实施方案》的通知", "关于做好{year}年{subject}工作的通知",
    "关于{area}{subject}情况的通报", "关于进一步加强{subject}工作的意见",
    "{area}{year}年{subject}工作要点", "关于开展{subject}专项行动的通知",
]  # fmt: skip
SENTENCES = """为深入贯彻落实党中央、国务院和省委、省政府决策部署，结合我县实际，制定本方案。
各乡镇人民政府、县政府各部门要高度重视，切实加强组织领导，明确责任分工，确保各项任务落到实处。
坚持以人民为中心的发展思想，统筹发展和安全，着力解决群众急难愁盼问题。
县财政局要加强资金保障，严格资金管理，提高资金使用效益。
各责任单位要于每月25日前将工作进展情况报送县政府办公室。
对工作推进不力、造成不良影响的，依规依纪严肃追究相关人员责任。
要充分利用广播、电视、政府网站和新媒体平台广泛宣传相关政策，营造良好社会氛围。
执行中如遇问题，请及时与县政府办公室联系，联系电话：0935-7521234。""".split()


@dataclass
class Row:
    page: str
    size: int
    latencies: list[float]
    rps: float
    baseline: Row | None = None


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="documents to load")
    parser.add_argument("--requests", type=int, default=300, help="sequential requests per page")
    parser.add_argument("--concurrent", type=int, default=1000, help="requests in the req/s run")
    parser.add_argument("--threads", type=int, default=8, help="client threads for req/s")
    parser.add_argument("--max-seconds", type=float, default=60, help="time cap per measurement")
    parser.add_argument("--database-url", help="PostgreSQL server: postgres://user@host:port")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    return parser.parse_args()


def load(scale: int, seed: int = 2019) -> None:
    """Bulk-load the unit and its documents, setting what Document.save() would compute."""
    from django.db import transaction
    from django.utils import timezone

    from gongkai.catalog.models import Disclosure, Document, IndexCounter
    from gongkai.catalog.services import ensure_standard_columns, format_index_no, rebuild_listing
    from gongkai.orgs.models import Unit, UnitKind

    rng = random.Random(seed)
    pool = [f"<p>{''.join(rng.choices(SENTENCES, k=rng.randint(2, 5)))}</p>" for _ in range(300)]
    first, last = dt.date(2010, 1, 1), min(dt.date(2025, 12, 31), timezone.localdate())
    written = sorted(
        first + dt.timedelta(rng.randint(0, (last - first).days)) for _ in range(scale)
    )
    index_seq: dict[int, int] = {}
    doc_seq: dict[tuple[str, int], int] = {}
    Through = Document.columns.through
    with transaction.atomic():
        unit = Unit.objects.create(
            code=UNIT_CODE, name=UNIT_NAME, short_name=UNIT_SHORT, kind=UnitKind.DEPARTMENT
        )
        column = ensure_standard_columns(unit)[COLUMN]
        for offset in range(0, scale, BATCH):
            docs = []
            for written_on in written[offset : offset + BATCH]:
                year = written_on.year
                seq = index_seq[year] = index_seq.get(year, 0) + 1
                published_on = min(written_on + dt.timedelta(rng.randint(0, 20)), last)
                prefix = rng.choice(["永基发", "永基办发", "永基函", ""])
                doc_no, no_year, no_seq = "", None, None
                if prefix:
                    no_year, no_seq = year, doc_seq.get((prefix, year), 0) + 1
                    doc_seq[(prefix, year)] = no_seq
                    doc_no = f"{prefix}〔{year}〕{no_seq}号"
                body, size = "", rng.randint(1024, 3072)  # bytes of UTF-8
                while len(body.encode()) < size:
                    body += rng.choice(pool)
                area, subject = rng.choice(AREAS), rng.choice(SUBJECTS)
                title = rng.choice(TITLES).format(area=area, year=year, subject=subject)
                moment = timezone.make_aware(dt.datetime.combine(published_on, dt.time(9)))
                # fmt: off
                docs.append(Document(
                    unit=unit, index_no=format_index_no(UNIT_CODE, year, seq), index_year=year,
                    index_seq=seq, title=title, doc_no=doc_no, doc_no_prefix=prefix,
                    doc_no_year=no_year, doc_no_seq=no_seq, written_on=written_on,
                    published_on=published_on, body=body, live=True,
                    disclosure=Disclosure.PROACTIVE, first_published_at=moment,
                    last_published_at=moment,
                ))
                # fmt: on
            Document.objects.bulk_create(docs)
            Through.objects.bulk_create(Through(document_id=d.pk, column=column) for d in docs)
        IndexCounter.objects.bulk_create(
            IndexCounter(unit=unit, year=year, last=n) for year, n in index_seq.items()
        )
        # bulk_create bypasses Document.save(), which keeps the column lists in step.
        rebuild_listing()


def profile_sql(pages: list[tuple[str, str]]) -> None:
    """Render each page in-process (after a warm-up); print its time and its slowest SQL."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for name, path in pages:
        client.get(path)
        with CaptureQueriesContext(connection) as context:
            began = time.perf_counter()
            assert client.get(path).status_code == 200, path
        elapsed = (time.perf_counter() - began) * 1000
        queries = sorted(context.captured_queries, key=lambda q: -float(q["time"]))
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        print(f"  {name}: {elapsed:.0f} ms, {len(queries)} queries, SQL {sql_ms:.0f} ms")
        for query in queries[:3]:
            sql = query["sql"]
            call = re.match(r"SELECT (DISTINCT )?\w+\(", sql)
            table = re.search(r'FROM "(\w+)"', sql)
            tail = re.search(r" LIMIT \d+( OFFSET \d+)?", sql)
            what = f"{call.group(0)}…)" if call else "SELECT columns"
            what += f" FROM {table.group(1) if table else '?'}{tail.group(0) if tail else ''}"
            print(f"    {float(query['time']) * 1000:6.0f} ms  {what}")


def get(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path} -> {response.status}")
    return len(body)


def measure(port: int, name: str, paths: list[str], args: argparse.Namespace) -> Row:
    """Warm up, time sequential requests, then count req/s with args.threads client threads."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    size = max(get(conn, paths[i % len(paths)]) for i in range(5))
    latencies: list[float] = []
    deadline = time.perf_counter() + args.max_seconds
    while len(latencies) < args.requests and time.perf_counter() < deadline:
        began = time.perf_counter()
        get(conn, paths[len(latencies) % len(paths)])
        latencies.append(time.perf_counter() - began)
    conn.close()
    counter, stop = itertools.count(), threading.Event()  # next(counter) is atomic (GIL)
    deadline = time.perf_counter() + args.max_seconds

    def worker() -> int:
        client, done = http.client.HTTPConnection("127.0.0.1", port, timeout=60), 0
        while not stop.is_set() and time.perf_counter() < deadline:
            if (i := next(counter)) >= args.concurrent:
                break
            get(client, paths[i % len(paths)])
            done += 1
        client.close()
        return done

    began = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as threads:
        try:
            done = sum(threads.map(lambda _: worker(), range(args.threads)))
        finally:
            stop.set()  # on Ctrl-C or an error the other threads stop after their request
    rps = done / (time.perf_counter() - began)
    print(f"  {name}: {len(latencies)} sequential, {done} concurrent", flush=True)
    return Row(name, size, latencies, rps)


def print_table(rows: list[Row]) -> None:
    head = f"{'page':<22}{'KB':>6}{'n':>5}{'median ms':>11}{'p95 ms':>9}{'req/s':>8}"
    print(head + f"{'lat×':>7}{'thr×':>7}\n" + "-" * (len(head) + 14))
    for row in rows:
        median = statistics.median(row.latencies) * 1000
        p95 = statistics.quantiles(row.latencies, n=20, method="inclusive")[18] * 1000
        line = f"{row.page:<22}{row.size / 1024:>6.1f}{len(row.latencies):>5}"
        line += f"{median:>11.1f}{p95:>9.1f}{row.rps:>8.1f}"
        if row.baseline:
            base = statistics.median(row.baseline.latencies) * 1000
            line += f"{median / base:>7.0f}{row.baseline.rps / row.rps:>7.0f}"
        print(line)
    print("n = sequential requests timed; lat× = dynamic/static median latency;")
    print("thr× = static/dynamic req/s; each static row is the baseline of the rows below it")


def start_server(data: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, GONGKAI_DATA_DIR=str(data), GONGKAI_ALLOWED_HOSTS="127.0.0.1")
    cmd = [str(BIN / "gunicorn"), "gongkai.wsgi:application", "--workers", "2"]
    cmd += ["--bind", f"127.0.0.1:{port}"]
    with open(data / "gunicorn.log", "w") as log:
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, start_new_session=True)
    for _ in range(600):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {(data / 'gunicorn.log').read_text()}")
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            get(probe, "/static/bench/list.html")
            return server, port
        except OSError:
            time.sleep(0.1)
        finally:
            probe.close()
    stop_server(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # its own session: the master and its workers
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def load_average() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def run(args: argparse.Namespace, data: Path) -> None:
    began = time.perf_counter()
    migrate = [str(BIN / "gongkai"), "migrate", "--no-input"]
    subprocess.run(migrate, check=True, stdout=subprocess.DEVNULL)
    print(f"migrate: {time.perf_counter() - began:.1f} s", flush=True)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from gongkai.catalog.models import Document
    from gongkai.catalog.richtext import sanitize_html
    from gongkai.catalog.services import apply_doc_no

    began = time.perf_counter()
    load(args.scale)
    print(f"load: {args.scale} documents in {time.perf_counter() - began:.1f} s", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        else:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
            cursor.execute("SELECT 'PostgreSQL ' || current_setting('server_version')")
        engine = cursor.fetchone()[0]

    rng = random.Random(7)
    numbers = list(Document.objects.values_list("index_no", flat=True))
    sample = rng.sample(numbers, min(200, len(numbers)))
    for doc in Document.objects.filter(index_no__in=sample[:20]):  # rows as save() makes them
        parts = (doc.doc_no, doc.doc_no_prefix, doc.doc_no_year, doc.doc_no_seq)
        apply_doc_no(doc)
        assert parts == (doc.doc_no, doc.doc_no_prefix, doc.doc_no_year, doc.doc_no_seq), parts
        assert sanitize_html(doc.body) == doc.body, doc.index_no
    doc_urls = [Document(index_no=n).get_absolute_url() for n in sample]
    static = Path(settings.STATIC_ROOT) / "bench"
    static.mkdir(parents=True, exist_ok=True)
    for name, url in [("list.html", LIST_URL), ("document.html", doc_urls[0])]:
        response = Client().get(url)
        assert response.status_code == 200, url
        (static / name).write_bytes(response.content)
    print("SQL per page, in-process:")
    profile_sql([(name, LIST_URL + query) for name, query in LISTS] + [("document", doc_urls[1])])
    connection.close()

    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}; {load_average()}")
    print(f"python {platform.python_version()}, Django {django.get_version()}, {engine}")
    server, port = start_server(data)
    try:
        print(f"gunicorn on 127.0.0.1:{port}, 2 sync workers; measuring", flush=True)
        list_static = measure(port, "static list copy", ["/static/bench/list.html"], args)
        rows = [list_static]
        for name, query in LISTS:
            rows.append(measure(port, name, [LIST_URL + query], args))
            rows[-1].baseline = list_static
        rows.append(measure(port, "static document copy", ["/static/bench/document.html"], args))
        rows.append(measure(port, "document (random)", doc_urls, args))
        rows[-1].baseline = rows[-2]
    finally:
        stop_server(server)
    print(f"\nscale: {args.scale} documents in one column; {args.threads} client threads")
    print(f"{load_average()} at the end, this benchmark included")
    print_table(rows)


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up as on Ctrl-C
    os.environ.pop("GONGKAI_DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    data = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    os.environ["GONGKAI_DATA_DIR"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    server_url = None
    try:
        if args.database_url:
            parts = urlsplit(args.database_url)
            server_url = urlunsplit(parts._replace(path="/postgres"))
            pg_admin(server_url, f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            pg_admin(server_url, f"CREATE DATABASE {PG_DB}")
            os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{PG_DB}"))
        run(args, data)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if server_url:
            pg_admin(server_url, f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        if args.keep:
            print(f"data kept in {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted; gunicorn stopped, temporary data cleaned up")
