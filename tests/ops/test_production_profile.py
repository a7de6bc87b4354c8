"""The production profile (docs/deployment.md): Redis for cache, sessions and the task queue
with a real worker process, and attachments in a private S3-compatible bucket.

Each test takes its settings from gongkai/settings.py itself, run in a child process with the
production environment variables, so what is tested is what those variables select. Redis is
a private redis-server started for this module (Debian's `redis-server`), or the one named by
GONGKAI_TEST_REDIS_URL; the S3 endpoint is moto's S3 server on 127.0.0.1.
"""

# ruff: noqa: F811
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from wagtail.documents.models import Document as UploadedFile

from gongkai.catalog.models import DocumentAttachment
from gongkai.ops.backup import verify_archive
from gongkai.search import services as search
from tests.factories import DocumentFactory, UnitFactory

# The back office's units and staff, as fixtures (test arguments: hence the F811 noqa above).
from tests.publishing.conftest import (  # noqa: F401
    county,
    draft,
    edu,
    login,
    make_staff,
    police,
    staff,
)

pytestmark = pytest.mark.xdist_group("production-profile")

GONGKAI = Path(sys.executable).with_name("gongkai")
NAMES = [
    "CACHES",
    "SESSION_ENGINE",
    "TASKS",
    "RQ_QUEUES",
    "STORAGES",
    "INSTALLED_APPS",
    "WHITENOISE_MAX_AGE",
]


def settings_with(**env: str) -> dict:
    """The settings gongkai/settings.py makes from these environment variables."""
    code = (
        "import json, gongkai.settings as s; "
        f"print(json.dumps({{k: getattr(s, k, None) for k in {NAMES!r}}}, default=str))"
    )
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_SETTINGS"))
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "GONGKAI_DATA_DIR": str(settings.DATA_DIR), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout)


# Redis ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A Redis of this module's own (its queue is nobody else's), or GONGKAI_TEST_REDIS_URL."""
    import redis

    if os.environ.get("GONGKAI_TEST_REDIS_URL"):
        url = os.environ["GONGKAI_TEST_REDIS_URL"]
        redis.Redis.from_url(url).ping()
        yield url
        return
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("no redis-server here (Debian package redis-server) nor GONGKAI_TEST_REDIS_URL")
    sock = tmp_path_factory.mktemp("redis") / "redis.sock"
    process = subprocess.Popen(
        [server, "--port", "0", "--unixsocket", str(sock), "--save", "", "--appendonly", "no"],
        stdout=subprocess.PIPE,
        text=True,
    )
    stuck = threading.Timer(30, process.kill)  # a server that never says "ready" ends the wait
    stuck.start()
    try:
        for line in process.stdout:  # blocks until the server says it is ready
            if "ready to accept connections" in line.lower():
                break
        else:
            pytest.fail("redis-server did not start")
        stuck.cancel()
        yield f"unix://{sock}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def redis_settings(redis_url):
    values = settings_with(GONGKAI_REDIS_URL=redis_url, GONGKAI_TASKS="redis")
    assert "django_rq" in values["INSTALLED_APPS"]
    return values


@pytest.fixture
def redis_db(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    return client


def database_url() -> str:
    """The test database, for a worker process to use."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_worker(redis_url: str) -> subprocess.CompletedProcess:
    """`gongkai rqworker --burst default` as on a worker node: runs what is queued, then exits."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env = {
        **base,
        "GONGKAI_DATA_DIR": str(settings.DATA_DIR),
        "DATABASE_URL": database_url(),
        "GONGKAI_REDIS_URL": redis_url,
        "GONGKAI_TASKS": "redis",
    }
    return subprocess.run(
        [str(GONGKAI), "rqworker", "--burst", "default"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def found(doc) -> bool:
    return f"document:{doc.pk}" in [item.hit.key for item in search.search(doc.title, {}).hits]


def test_the_default_profile_needs_no_redis_and_no_worker():
    values = settings_with()
    assert values["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["SESSION_ENGINE"] is None  # Django's database sessions
    assert values["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")


def test_a_redis_task_queue_without_a_redis_url_is_refused_at_start():
    with pytest.raises(RuntimeError, match="GONGKAI_TASKS=redis needs GONGKAI_REDIS_URL"):
        settings_with(GONGKAI_TASKS="redis")


@pytest.mark.django_db(transaction=True)
def test_a_published_document_is_indexed_by_a_worker_through_the_redis_queue(
    redis_settings, redis_url, redis_db
):
    unit = UnitFactory(code="620321077", name="永昌县队列局", short_name="永队")
    with override_settings(TASKS=redis_settings["TASKS"], RQ_QUEUES=redis_settings["RQ_QUEUES"]):
        doc = DocumentFactory(unit=unit, title="永昌县队列局关于秸秆综合利用试点的通知")
        assert redis_db.llen("rq:queue:default") >= 1
        assert not found(doc)  # queued, not run in this process

        done = run_worker(redis_url)

    assert done.returncode == 0, done.stderr
    assert redis_db.llen("rq:queue:default") == 0
    assert "exception raised" not in done.stderr, done.stderr
    assert found(doc)


@pytest.mark.django_db(transaction=True)
def test_the_app_sees_the_result_of_a_task_the_worker_ran(redis_settings, redis_url, redis_db):
    from django_tasks import TaskResultStatus

    from gongkai.search import tasks

    unit = UnitFactory(code="620321078", name="永昌县结果局", short_name="永结")
    with override_settings(TASKS=redis_settings["TASKS"], RQ_QUEUES=redis_settings["RQ_QUEUES"]):
        result = tasks.index_unit.enqueue(unit.pk)
        assert result.status == TaskResultStatus.READY
        done = run_worker(redis_url)
        assert done.returncode == 0, done.stderr
        result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value >= 1  # the unit's entries written to the index
    assert result.worker_ids


@pytest.mark.django_db
def test_the_cache_is_in_redis(redis_settings, redis_db):
    with override_settings(CACHES=redis_settings["CACHES"]):
        cache.set("gongkai-probe", "一")
        assert [k for k in redis_db.keys("*") if k.endswith(b"gongkai-probe")]
        assert cache.get("gongkai-probe") == "一"


@pytest.mark.django_db
def test_sessions_are_read_from_redis_and_survive_losing_it(
    redis_settings, redis_db, client, django_user_model
):
    from django.contrib.sessions.models import Session

    officer = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")
    with override_settings(
        CACHES=redis_settings["CACHES"], SESSION_ENGINE=redis_settings["SESSION_ENGINE"]
    ):
        client.force_login(officer)
        key = client.session.session_key
        assert [k for k in redis_db.keys("*") if key.encode() in k]

        # Another app node reads the session from Redis, not from the database...
        Session.objects.filter(session_key=key).update(session_data="")
        assert client.get("/admin/").status_code == 200

        # ...and a Redis restart signs nobody out: the session is also in the database.
        client.force_login(officer)
        redis_db.flushdb()
        assert client.get("/admin/").status_code == 200


# Object storage ---------------------------------------------------------------------------

BUCKET = "gongkai-test-media"


@pytest.fixture(scope="module")
def s3_endpoint():
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    client = boto3.client(
        "s3", endpoint_url=url, aws_access_key_id="k", aws_secret_access_key="s", region_name="cn-1"
    )
    # moto keeps its buckets per process, not per server: when this fixture is set up again in
    # the same worker (xdist may interleave modules), the bucket is there already; empty it.
    try:
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "cn-1"}
        )
    except client.exceptions.BucketAlreadyOwnedByYou:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            for item in page.get("Contents", []):
                client.delete_object(Bucket=BUCKET, Key=item["Key"])
    yield url
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    """The site's uploaded files in a private bucket, as the S3 variables select; yields a
    boto3 client to look into the bucket."""
    import boto3

    prefix = f"site-{uuid.uuid4().hex[:8]}"
    values = settings_with(
        GONGKAI_S3_BUCKET=BUCKET,
        GONGKAI_S3_ENDPOINT_URL=s3_endpoint,
        GONGKAI_S3_REGION="cn-1",
        GONGKAI_S3_ACCESS_KEY="k",
        GONGKAI_S3_SECRET_KEY="s",
        GONGKAI_S3_PREFIX=prefix,
    )
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="k",
        aws_secret_access_key="s",
        region_name="cn-1",
    )
    with override_settings(
        STORAGES={**settings.STORAGES, "default": values["STORAGES"]["default"]}
    ):
        client.prefix = prefix
        yield client


def anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (127.0.0.1)
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def test_an_attachment_uploaded_in_the_back_office_lives_in_the_private_bucket(
    bucket, s3_endpoint, staff, login, edu, draft, client
):
    from gongkai.publishing.roles import Role

    officer = login(staff[Role.OFFICER])
    response = officer.post(
        "/admin/documents/add/",
        {
            "title": "校车线路表",
            "file": SimpleUploadedFile("routes.txt", "东寨镇至县城线路".encode(), "text/plain"),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    upload = UploadedFile.objects.get(title="校车线路表")
    key = f"{bucket.prefix}/{upload.file.name}"
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == "东寨镇至县城线路".encode()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("routes*"))

    published = DocumentFactory(unit=edu, title="关于公布校车线路的通知")
    public = DocumentAttachment.objects.create(document=published, file=upload, title="线路表")
    private = DocumentAttachment.objects.create(document=draft, file=upload, title="线路表")
    client.logout()

    page = client.get(public.get_absolute_url())
    assert page.status_code == 200
    assert b"".join(page.streaming_content) == "东寨镇至县城线路".encode()
    assert client.get(private.get_absolute_url()).status_code == 404
    # Nor can anyone read the object from the bucket without the keys.
    assert anonymous_get(f"{s3_endpoint}/{BUCKET}/{key}") == 403
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert all("URI" not in g["Grantee"] for g in grants)  # no AllUsers / AuthenticatedUsers
    # Its URL is the site's own, never a link into the bucket.
    assert upload.file.url.startswith("/media/")


@pytest.mark.django_db
def test_attachment_text_is_read_from_the_bucket_for_search(bucket, edu):
    doc = DocumentFactory(unit=edu, title="关于公布2024年秸秆禁烧巡查安排的通知")
    upload = UploadedFile(title="巡查表")
    upload.file.save(
        "patrol.txt", ContentFile("红山窑镇巡查点：焚烧秸秆举报电话".encode()), save=False
    )
    upload.save()
    DocumentAttachment.objects.create(document=doc, file=upload, title="巡查表")
    [item] = search.search("红山窑镇巡查点").hits
    assert item.hit.key == f"document:{doc.pk}" and item.in_attachment


@pytest.mark.django_db
def test_leader_photos_are_served_from_the_bucket_by_the_site(bucket, s3_endpoint, client):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    png = BytesIO()
    PILImage.new("RGB", (40, 60), "red").save(png, "PNG")
    image = Image.objects.create(title="县长", file=ImageFile(png, name="mayor.png"))
    rendition = image.get_rendition("fill-20x30")
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert PILImage.open(BytesIO(b"".join(response.streaming_content))).size == (20, 30)
    assert client.get("/media/images/nothing.png").status_code == 404
    key = f"{bucket.prefix}/{rendition.file.name}"
    assert anonymous_get(f"{s3_endpoint}/{BUCKET}/{key}") == 403


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_files_in_the_bucket_holds_the_database_and_says_where_files_are(
    bucket, tmp_path, capsys
):
    from django.core.files.storage import default_storage

    name = default_storage.save("documents/note.txt", ContentFile(b"x"))
    assert bucket.head_object(Bucket=BUCKET, Key=f"{bucket.prefix}/{name}")
    call_command("backup", output=str(tmp_path / "backups"))
    out = capsys.readouterr().out
    assert f"s3://{BUCKET}/{bucket.prefix}" in out and "不在本备份内" in out
    [archive] = (tmp_path / "backups").iterdir()
    result = verify_archive(archive)
    assert result.ok and result.manifest["media"]["files"] == 0


# Static files -----------------------------------------------------------------------------


def test_collected_static_files_are_served_with_a_year_of_caching():
    values = settings_with(GONGKAI_STATIC_MANIFEST="1")
    assert values["WHITENOISE_MAX_AGE"] == 365 * 24 * 3600
    assert values["STORAGES"]["staticfiles"]["BACKEND"].endswith("ManifestStaticFilesStorage")
