"""Browser tests: a real gongkai server (its own data dir, the demo county loaded through the CLI)
driven by Debian's Chromium through Playwright. No browser is ever downloaded."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
GONGKAI = str(Path(sys.executable).with_name("gongkai"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run `make system-deps` (installs Debian's chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run([GONGKAI, *args], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (
        f"gongkai {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    )


def _postgres_database(env: dict[str, str]) -> Iterator[None]:
    """On the PostgreSQL pass the server gets a database of its own, dropped afterwards."""
    import psycopg

    base = env["DATABASE_URL"]
    name = f"gongkai_e2e_{os.getpid()}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
    try:
        yield
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    data_dir = tempfile.mkdtemp(prefix="gongkai-e2e-")
    env = {**os.environ, "GONGKAI_DATA_DIR": data_dir, "GONGKAI_DEBUG": ""}
    postgres = env.get("DATABASE_URL", "").startswith("postgres")
    pg = _postgres_database(env) if postgres else None
    if pg:
        next(pg)
    port = _free_port()
    server = None
    try:
        _run(["migrate", "--no-input"], env)
        _run(["load-demo"], env)
        server = subprocess.Popen(
            [GONGKAI, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the gongkai server did not start")
        yield url
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        if pg:
            next(pg, None)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
