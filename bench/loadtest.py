"""Load test of the public site under gunicorn: pages, search and request submission (make loadtest).

Creates a throw-away data dir (and on PostgreSQL a database of its own), migrates it and loads
the demo county through the `gongkai` command, starts gunicorn (production settings, sync
workers) on 127.0.0.1, and runs three scenarios one after another, each for --seconds with
--clients client threads, every request on a new connection (gunicorn's sync workers close it):

* pages — home, units' pages, column lists and documents of the demo county, in a fixed
  shuffled order;
* search — /search/?q= and /api/v1/documents?q= with a fixed list of Chinese queries;
* submit — a citizen filing a 依申请公开 request at 教育局: GET the form (CSRF cookie and token,
  the form's signed timestamp), POST it, follow the redirect to the receipt and read the 查询码.

For each: requests, requests per second, median and p99 latency, errors (a refused connection,
a timeout or an unexpected status: must be 0). After the run the database is asked, through
`gongkai shell`, for every request filed: each submission the clients saw succeed must exist
exactly once, with the 查询码 its receipt showed, and all codes must differ.

The form's anti-bot minimum (GONGKAI_FOI_FORM_MIN_SECONDS, 3 s by default) is set to 0 and its
per-address rate limits (GONGKAI_FOI_RATE_FILE, GONGKAI_FOI_RATE_FORM) are switched off for this
server only: every client is 127.0.0.1, and the limits would (rightly) refuse it after 5 filings.
Nothing leaves 127.0.0.1. The data dir and the database are removed at the end, also on errors
and Ctrl-C.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).parent))
from pages import pg_admin, stop_server  # noqa: E402 - the page bench's helpers, shared

BIN = Path(sys.executable).parent
GONGKAI = str(BIN / "gongkai")
PG_DB = "gongkai_loadtest"
APPLY_UNIT = "620321003"  # 教育局 of the demo county
MARK = "压测申请人"  # every load-test applicant's name starts with it
QUERIES = [
    "信息公开", "年度报告", "教育", "财政预算", "永昌县", "安全生产", "招生", "2014",
    "政府信息公开指南", "依申请公开", "乡村振兴", "医疗保险", "农田", "通知", "办法",
]  # fmt: skip
CODE = re.compile(r"data-code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])<")
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]*)"')
TIMEOUT = 30


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    submissions: list[tuple[str, str]] = field(default_factory=list)  # (applicant, code)


class Client:
    """One simulated browser: cookies kept, a new connection per request."""

    def __init__(self, port: int, outcome: Outcome, lock: threading.Lock):
        self.port, self.outcome, self.lock = port, outcome, lock
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict | None = None, expect: tuple[int, ...] = (200,)
    ) -> tuple[int, dict[str, str], str] | None:
        headers = {"Host": "127.0.0.1", "User-Agent": "gongkai-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            status, got = response.status, response.headers
        except OSError as e:
            self._error(f"{method} {path}: {type(e).__name__} {e}")
            return None
        finally:
            conn.close()
        elapsed = time.perf_counter() - start
        for value in got.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        with self.lock:
            self.outcome.latencies.append(elapsed)
        if status not in expect:
            self._error(f"{method} {path}: HTTP {status}")
            return None
        return status, dict(got.items()), text

    def _error(self, what: str) -> None:
        with self.lock:
            self.outcome.errors.append(what)


def run_scenario(
    port: int, clients: int, seconds: float, step: Callable[[Client, int, int], None]
) -> tuple[Outcome, float]:
    outcome, lock = Outcome(), threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(n: int) -> None:
        client, i = Client(port, outcome, lock), 0
        while time.perf_counter() < deadline:
            step(client, n, i)
            i += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome, time.perf_counter() - start


def page_urls(port: int) -> list[str]:
    """Home, every unit's page, and the column lists and pages of up to 300 documents."""
    client = Client(port, Outcome(), threading.Lock())
    units = json.loads(client.request("GET", "/api/v1/units")[2])["items"]  # type: ignore[index]
    urls = ["/"] + [urlsplit(u["url"]).path for u in units]
    for page in (1, 2, 3):
        got = client.request("GET", f"/api/v1/documents?page_size=100&page={page}")
        for doc in json.loads(got[2])["items"]:  # type: ignore[index]
            urls.append(urlsplit(doc["url"]).path)
            urls += [f"/u/{doc['unit']}/c/{c}/" for c in doc["columns"]]
    urls = sorted(set(urls))
    random.Random(8).shuffle(urls)
    return urls


def pages_step(urls: list[str]) -> Callable[[Client, int, int], None]:
    def step(client: Client, n: int, i: int) -> None:
        client.request("GET", urls[(n * 7919 + i) % len(urls)])

    return step


def search_step(client: Client, n: int, i: int) -> None:
    q = quote(QUERIES[(n * 5 + i) % len(QUERIES)])
    if i % 2:
        client.request("GET", f"/api/v1/documents?q={q}")
    else:
        client.request("GET", f"/search/?q={q}")


def submit_step(client: Client, n: int, i: int) -> None:
    form = client.request("GET", f"/u/{APPLY_UNIT}/apply/")
    if form is None:
        return
    hidden = dict(HIDDEN.findall(form[2]))
    if set(hidden) != {"csrfmiddlewaretoken", "form_token"}:
        client._error("the form page has no CSRF token or form timestamp")
        return
    applicant = f"{MARK}{n:02d}-{i:05d}"
    sent = client.request(
        "POST",
        f"/u/{APPLY_UNIT}/apply/",
        {
            **hidden,
            "applicant_type": "natural_person",
            "applicant_name": applicant,
            "id_kind": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13912345678",
            "description": f"压力测试：2024年永昌县城区义务教育学校招生划片范围（第{i}份）",
            "preferred_form": "electronic",
            "delivery": "online",
            "confirm": "on",
            "website": "",
        },
        expect=(302,),
    )
    if sent is None:
        return
    receipt = client.request("GET", urlsplit(sent[1].get("Location", "")).path or "/")
    found = CODE.search(receipt[2]) if receipt else None
    if found is None:
        client._error(f"no 查询码 on the receipt of {applicant}")
        return
    with client.lock:
        client.outcome.submissions.append((applicant, found.group(1).replace("-", "")))


CHECK = f"""
import json
from gongkai.requests.models import RequestCase
rows = list(RequestCase.objects.filter(applicant_name__startswith={MARK!r})
            .values_list("applicant_name", "tracking_code"))
print(json.dumps(rows))
"""


def check_submissions(env: dict[str, str], seen: list[tuple[str, str]]) -> list[str]:
    """What is wrong with the filed requests in the database, compared with what clients saw."""
    result = subprocess.run(
        [GONGKAI, "shell", "-c", CHECK], env=env, capture_output=True, text=True, timeout=120
    )
    if result.returncode:
        return [f"gongkai shell failed: {result.stderr.strip()}"]
    rows = [tuple(r) for r in json.loads(result.stdout.strip().splitlines()[-1])]
    problems = []
    names = [r[0] for r in rows]
    codes = [r[1] for r in rows]
    if len(set(names)) != len(names):
        problems.append(f"{len(names) - len(set(names))} submissions stored more than once")
    if len(set(codes)) != len(codes):
        problems.append(f"{len(codes) - len(set(codes))} tracking codes used twice")
    missing = set(seen) - set(rows)
    if missing:
        problems.append(
            f"{len(missing)} receipts shown with no such request: {sorted(missing)[:3]}"
        )
    extra = {r[0] for r in rows} - {s[0] for s in seen}
    if extra:
        problems.append(f"{len(extra)} requests stored whose receipt no client saw")
    print(f"database: {len(rows)} requests filed, {len(set(codes))} distinct 查询码")
    return problems


def start_server(env: dict[str, str], data: Path, workers: int) -> tuple[subprocess.Popen, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [str(BIN / "gunicorn"), "gongkai.wsgi:application", "--workers", str(workers)]
    cmd += ["--bind", f"127.0.0.1:{port}", "--timeout", "60"]
    with open(data / "gunicorn.log", "w") as log:
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, start_new_session=True)
    for _ in range(600):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {(data / 'gunicorn.log').read_text()}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/robots.txt", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            return server, port
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()
    stop_server(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def server_env(data: Path) -> dict[str, str]:
    """The environment of the load server (and of make faults' site), in data."""
    return dict(
        os.environ,
        GONGKAI_DATA_DIR=str(data),
        GONGKAI_DEBUG="",
        GONGKAI_ALLOWED_HOSTS="127.0.0.1",
        # The form's guard, loosened for this server only (see the module's docstring).
        GONGKAI_FOI_FORM_MIN_SECONDS="0",
        GONGKAI_FOI_RATE_FILE="",
        GONGKAI_FOI_RATE_FORM="",
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def gongkai(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run([GONGKAI, *args], env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"gongkai {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="length of each scenario")
    parser.add_argument("--clients", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--database-url", help="PostgreSQL server: postgres://user@host:port")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="gongkai-loadtest-"))
    env = server_env(data)
    pg_admin_url = None
    if args.database_url:
        base = args.database_url.rstrip("/")
        if urlsplit(base).path.strip("/"):
            base = base.rsplit("/", 1)[0]
        pg_admin_url = base + "/postgres"
        pg_admin(pg_admin_url, f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        pg_admin(pg_admin_url, f'CREATE DATABASE "{PG_DB}"')
        env["DATABASE_URL"] = f"{base}/{PG_DB}"
    else:
        env.pop("DATABASE_URL", None)
    server = None
    try:
        vendor = "PostgreSQL" if pg_admin_url else "SQLite"
        print(f"gongkai load test, {vendor}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        started = time.perf_counter()
        gongkai(["migrate", "--no-input"], env)
        gongkai(["load-demo"], env)
        print(f"migrate + load-demo: {time.perf_counter() - started:.1f} s", flush=True)
        server, port = start_server(env, data, args.workers)
        urls = page_urls(port)
        print(
            f"gunicorn on 127.0.0.1:{port}, {args.workers} sync workers; {args.clients} clients, "
            f"{args.seconds:g} s per scenario; {len(urls)} page URLs",
            flush=True,
        )
        print(
            f"{'scenario':<10}{'requests':>10}{'req/s':>9}{'median ms':>11}{'p99 ms':>9}{'errors':>8}"
        )
        failed = False
        submitted: list[tuple[str, str]] = []
        for name, step in (
            ("pages", pages_step(urls)),
            ("search", search_step),
            ("submit", submit_step),
        ):
            outcome, elapsed = run_scenario(port, args.clients, args.seconds, step)
            lat = outcome.latencies
            print(
                f"{name:<10}{len(lat):>10}{len(lat) / elapsed:>9.1f}"
                f"{percentile(lat, 50) * 1000:>11.1f}{percentile(lat, 99) * 1000:>9.1f}"
                f"{len(outcome.errors):>8}",
                flush=True,
            )
            for error in sorted(set(outcome.errors))[:5]:
                print(f"    error: {error}")
            failed |= bool(outcome.errors)
            if name == "submit":
                submitted = outcome.submissions
                print(
                    f"submissions: {len(submitted)} filed in {elapsed:.1f} s "
                    f"({len(submitted) / elapsed:.1f}/s; each is 3 requests: form, POST, receipt)"
                )
        problems = check_submissions(env, submitted)
        for problem in problems:
            print(f"    PROBLEM: {problem}")
        failed |= bool(problems) or not submitted
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("FAIL" if failed else "PASS: no errors; every submission stored once, codes distinct")
        if failed:
            sys.exit(1)
    except KeyboardInterrupt:
        sys.exit("interrupted; gunicorn stopped, temporary data cleaned up")
    finally:
        if server is not None:
            stop_server(server)
        if pg_admin_url:
            pg_admin(pg_admin_url, f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        if args.keep:
            print(f"data dir kept: {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
