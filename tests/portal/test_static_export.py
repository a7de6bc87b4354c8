"""`gongkai export-static DIR`: the public site as files nginx can serve, kept in step with
publication; search and forms stay with the app, and nothing unpublished is ever written."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents.models import Document as UploadedFile

from gongkai.catalog.models import Disclosure, DocumentAttachment
from gongkai.cli import main
from gongkai.interaction.messages import services as messages
from gongkai.interaction.messages.models import MessageKind, MessageReply
from gongkai.orgs.models import Membership, UnitKind
from gongkai.portal import static_export
from gongkai.publishing import services as publishing
from gongkai.publishing.roles import Role
from tests.factories import DocumentFactory, LeaderFactory, UnitFactory, WorkingBodyFactory

DRAFT = "尚未审核的草稿通知"
WITHDRAWN = "已经撤稿的通知"
ON_REQUEST = "依申请公开的内部文件"
FUTURE = "明年才发布的通知"
CITIZEN = "王建华"
PHONE = "13993541234"
UNANSWERED = "这条留言还没有答复"


def attach(doc, name: str, content: bytes) -> DocumentAttachment:
    upload = UploadedFile(title=name)
    upload.file.save(name, ContentFile(content), save=False)
    upload.save()
    return DocumentAttachment.objects.create(document=doc, file=upload, title=name)


@pytest.fixture
def site(db, django_capture_on_commit_callbacks):
    """A county with a department: a column with two pages, an attachment, leaders, answered
    and unanswered messages, and documents the public must never see."""
    county = UnitFactory(
        code="620321000", name="永昌县人民政府", short_name="永政", kind=UnitKind.COUNTY
    )
    edu = UnitFactory(code="620321003", name="永昌县教育局", short_name="永教", parent=county)
    LeaderFactory(unit=edu, name="李国华", post="局长")
    WorkingBodyFactory(unit=edu, name="办公室")
    docs = [
        DocumentFactory(
            unit=edu,
            title=f"关于第{n}批学校建设的通知",
            written_on=dt.date(2023, 12, 1),
            published_on=dt.date(2024, 1, 1) + dt.timedelta(days=n),
        )
        for n in range(23)  # 20 a page: the column has a second page
    ]
    attach(docs[-1], "实施细则.pdf", b"%PDF-1.4\n%static export\n")
    DocumentFactory(unit=edu, title=DRAFT, live=False)
    withdrawn = DocumentFactory(unit=edu, title=WITHDRAWN)
    withdrawn.live = False
    withdrawn.withdrawn_at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    withdrawn.save()
    DocumentFactory(unit=edu, title=ON_REQUEST, disclosure=Disclosure.ON_REQUEST)
    DocumentFactory(unit=edu, title=FUTURE, published_on=dt.date(2099, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        answered = messages.submit(
            unit=edu,
            kind=MessageKind.CONSULT,
            name=CITIZEN,
            phone=PHONE,
            subject="学校招生时间",
            text="请问今年小学什么时候报名？",
        )
        reply = MessageReply(message=answered, text="六月十日开始报名。", live=False)
        reply.save()
        reply.save_revision().publish(skip_permission_checks=True)
        messages.submit(
            unit=edu,
            kind=MessageKind.SUGGEST,
            name="赵六",
            phone=PHONE,
            subject=UNANSWERED,
            text=UNANSWERED,
        )
    return {"county": county, "edu": edu, "docs": docs, "withdrawn": withdrawn}


def export(directory: Path, **kwargs) -> static_export.ExportResult:
    result = static_export.export_site(directory, **kwargs)
    assert result.errors == []
    return result


def files(directory: Path) -> dict[str, str]:
    """Every exported file (not the manifest or lock) and its SHA-256."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in directory.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def file_of(directory: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    return directory / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def test_every_kind_of_public_page_is_written_where_its_link_points(site, tmp_path):
    edu, docs = site["edu"], site["docs"]
    export(tmp_path)
    column = f"u/{edu.code}/c/art20-01"
    expected = [
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        f"u/{edu.code}/index.html",
        f"u/{site['county'].code}/index.html",
        f"{column}/index.html",
        f"{column}/page/2/index.html",  # ?page=2, as a path
        f"{column}/feed.xml",
        f"{column}/index.json",
        f"u/{edu.code}/c/guide/index.html",  # 政府信息公开指南
        f"u/{edu.code}/c/annual_report/index.html",
        f"u/{edu.code}/leaders/{edu.leaders.get().pk}/index.html",
        "messages/index.html",
        f"messages/unit/{edu.code}/index.html",  # /messages/?unit=…
        "messages/statistics/index.html",
        "surveys/index.html",
        "consultations/index.html",
        "static/portal/site.css",
        "static/portal/site.js",
    ]
    expected += [
        file_of(tmp_path, d.get_absolute_url()).relative_to(tmp_path).as_posix() for d in docs
    ]
    missing = [name for name in expected if not (tmp_path / name).is_file()]
    assert missing == []
    attachment = docs[-1].attachments.get()
    assert file_of(tmp_path, attachment.get_absolute_url()).read_bytes() == (
        b"%PDF-1.4\n%static export\n"
    )
    assert "学校招生时间" in (tmp_path / "messages/index.html").read_text()
    second = (tmp_path / column / "page/2/index.html").read_text()
    assert docs[0].title in second and docs[-1].title not in second
    assert "http://127.0.0.1:8000/" in (tmp_path / "sitemap.xml").read_text()


def test_search_and_forms_are_never_exported_but_still_linked(site, tmp_path):
    export(tmp_path)
    for dynamic in ["search", "apply", "messages/new", "messages/status", "admin", "api"]:
        assert not (tmp_path / dynamic).exists(), dynamic
    home = (tmp_path / "index.html").read_text()
    assert 'action="/search/"' in home and 'href="/messages/new/"' in home


def test_every_link_in_the_exported_html_reaches_an_exported_file_or_the_app(site, tmp_path):
    export(tmp_path)
    broken = []
    pages = list(tmp_path.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        url = "/" + page.relative_to(tmp_path).as_posix().removesuffix("index.html")
        for attribute, value in re.findall(r'\s(href|src|action)="([^"]*)"', page.read_text()):
            link = urlsplit(urljoin("http://127.0.0.1:8000" + url, html.unescape(value)))
            if link.scheme not in {"http", "https"} or link.netloc != "127.0.0.1:8000":
                continue  # mailto:, tel:, another site
            if static_export.is_dynamic(link.path):
                continue  # proxied to the app by nginx
            if attribute == "action":
                continue  # a GET form (filters): with its query string, nginx asks the app
            if link.query:
                broken.append((url, value, "a query string left for a static path"))
            elif not file_of(tmp_path, link.path).is_file():
                broken.append((url, value, "no file"))
    assert broken == []


def test_drafts_withdrawn_documents_and_private_data_are_never_written(site, tmp_path):
    export(tmp_path)
    written = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    for secret in [DRAFT, WITHDRAWN, ON_REQUEST, FUTURE, CITIZEN, PHONE, UNANSWERED]:
        assert secret.encode() not in written, secret
    assert not file_of(tmp_path, site["withdrawn"].get_absolute_url()).exists()


def test_a_second_run_writes_nothing_and_full_rewrites_everything(site, tmp_path):
    first = export(tmp_path)
    before = files(tmp_path)
    again = export(tmp_path)
    assert (len(again.written), len(again.deleted)) == (0, 0)
    assert again.unchanged == len(first.written)
    assert files(tmp_path) == before
    full = export(tmp_path, full=True)
    assert len(full.written) == len(first.written)
    assert files(tmp_path) == before


@pytest.fixture
def head(db, site):
    user = get_user_model().objects.create_user("head", "head@example.gov.cn", "pw-Head-2026!")
    user.groups.add(Group.objects.get(name=str(Role.HEAD)))
    Membership.objects.create(user=user, unit=site["county"])
    return user


def test_publishing_a_document_rewrites_only_the_pages_it_shows_on(
    site, tmp_path, settings, django_capture_on_commit_callbacks
):
    edu, docs = site["edu"], site["docs"]
    other = DocumentFactory(
        unit=site["county"],
        title="县政府的通知",
        written_on=dt.date(2022, 12, 1),
        published_on=dt.date(2023, 1, 1),
    )
    export(tmp_path)
    before = files(tmp_path)
    settings.GONGKAI_STATIC_EXPORT_DIR = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        new = DocumentFactory(unit=edu, title="新发布的招生通知", published_on=dt.date(2024, 6, 1))
    after = files(tmp_path)
    page = file_of(tmp_path, new.get_absolute_url())
    assert "新发布的招生通知" in page.read_text()
    changed = {name for name in after if before.get(name) != after[name]}
    column = f"u/{edu.code}/c/art20-01/"
    assert {
        "index.html",
        "feed.xml",
        "sitemap.xml",
        f"u/{edu.code}/index.html",
        f"{column}index.html",
        f"{column}page/2/index.html",  # the list moved down by one
        page.relative_to(tmp_path).as_posix(),
    } <= changed
    untouched = [
        file_of(tmp_path, d.get_absolute_url()).relative_to(tmp_path).as_posix()
        for d in [*docs, other]
    ] + [f"u/{site['county'].code}/index.html", "messages/index.html"]
    assert changed.isdisjoint(untouched)
    # What the task wrote is what a whole export writes: nothing left to change.
    again = export(tmp_path)
    assert (again.written, again.deleted) == ([], [])


def test_a_list_that_grows_a_page_and_shrinks_again_keeps_no_stale_page(
    site, tmp_path, settings, django_capture_on_commit_callbacks, head
):
    edu = site["edu"]
    export(tmp_path)
    settings.GONGKAI_STATIC_EXPORT_DIR = str(tmp_path)
    column = tmp_path / f"u/{edu.code}/c/art20-01"
    extra = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(18):  # 23 + 18 = 41: a third page
            extra.append(DocumentFactory(unit=edu, title=f"补充通知{n}"))
    assert (column / "page/3/index.html").is_file()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(extra[0], head, "重复发布")
    assert not (column / "page/3/index.html").exists()
    assert not file_of(tmp_path, extra[0].get_absolute_url()).exists()
    again = export(tmp_path)
    assert (again.written, again.deleted) == ([], [])


def test_withdrawing_a_document_deletes_its_page_and_attachments(
    site, tmp_path, settings, django_capture_on_commit_callbacks, head
):
    doc = site["docs"][-1]
    attachment = doc.attachments.get()
    export(tmp_path)
    page, upload = (
        file_of(tmp_path, doc.get_absolute_url()),
        file_of(tmp_path, attachment.get_absolute_url()),
    )
    assert page.is_file() and upload.is_file()
    settings.GONGKAI_STATIC_EXPORT_DIR = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(doc, head, "内容有误")
    assert not page.exists() and not upload.exists()
    assert doc.title not in (tmp_path / "index.html").read_text()
    assert doc.title not in (tmp_path / "feed.xml").read_text()
    manifest = (tmp_path / static_export.MANIFEST).read_text()
    assert doc.get_absolute_url() not in manifest


def test_a_rerun_deletes_the_page_of_a_document_withdrawn_since(site, tmp_path, head):
    doc = site["docs"][0]
    export(tmp_path)
    publishing.withdraw(doc, head, "内容有误")  # no GONGKAI_STATIC_EXPORT_DIR: no task ran
    page = file_of(tmp_path, doc.get_absolute_url())
    assert page.exists()
    result = export(tmp_path)
    assert doc.get_absolute_url() in result.deleted and not page.exists()


def test_the_cli_prints_counts_in_chinese_and_english(site, tmp_path, capsys):
    first = export(tmp_path)
    site["docs"][0].delete()
    # The command ends by closing the database connections: one call per test.
    main(["gongkai", "export-static", str(tmp_path)])  # exit status 0: it returns
    out = capsys.readouterr().out
    assert "已写入 / written: " in out and "未变化 / unchanged: " in out
    unchanged = int(re.search(r"unchanged: (\d+)", out).group(1))
    assert 0 < unchanged < len(first.written)
    assert "已删除 / deleted: 1，" in out and "出错 / errors: 0" in out


def test_a_page_that_fails_is_an_error_named_by_its_address_and_keeps_its_old_file(
    site, tmp_path, capsys, monkeypatch
):
    doc = site["docs"][0]
    export(tmp_path)
    page = file_of(tmp_path, doc.get_absolute_url())
    old = page.read_bytes()

    def broken(document):
        if document.pk == doc.pk:
            raise RuntimeError("模板出错")
        return None

    monkeypatch.setattr("gongkai.portal.views.report_chart", broken)
    with pytest.raises(SystemExit) as exit:
        main(["gongkai", "export-static", str(tmp_path)])
    assert exit.value.code == 1
    err = capsys.readouterr().err
    assert f"错误 / error: {doc.get_absolute_url()}" in err and "RuntimeError" in err
    assert page.read_bytes() == old


@pytest.mark.parametrize(
    "base_url",
    ["ftp://gk.example.gov.cn", "https://gk.example.gov.cn/sub/", "https://evil.example"],
)
def test_a_bad_base_url_or_a_host_the_site_does_not_answer_is_a_usage_error(
    site, tmp_path, capsys, base_url
):
    with pytest.raises(SystemExit) as exit:
        main(["gongkai", "export-static", str(tmp_path), "--base-url", base_url])
    assert exit.value.code == 2
    assert "错误 / error" in capsys.readouterr().err
    assert not (tmp_path / "index.html").exists()


def test_the_base_url_is_used_in_feeds_and_the_sitemap(site, tmp_path, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "gk.example.gov.cn"]
    export(tmp_path, base_url="https://gk.example.gov.cn")
    assert "<loc>https://gk.example.gov.cn/u/" in (tmp_path / "sitemap.xml").read_text()
    assert "https://gk.example.gov.cn/d/" in (tmp_path / "feed.xml").read_text()
    assert "Sitemap: https://gk.example.gov.cn/sitemap.xml" in (tmp_path / "robots.txt").read_text()


def test_the_exported_directory_serves_over_plain_http(site, tmp_path):
    export(tmp_path)
    edu, doc = site["edu"], site["docs"][-1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", tmp_path],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        port = re.search(r"port (\d+)", server.stdout.readline()).group(1)
        base = f"http://127.0.0.1:{port}"

        def fetch(url: str) -> str:
            with urllib.request.urlopen(base + url, timeout=10) as response:
                assert response.status == 200
                return response.read().decode()

        home = fetch("/")
        assert edu.name in home
        column = fetch(f"/u/{edu.code}/c/art20-01/")
        next_page = re.search(r'href="([^"]+)" rel="next"', column).group(1)
        assert next_page == f"/u/{edu.code}/c/art20-01/page/2/"
        assert site["docs"][0].title in fetch(next_page)
        assert doc.title in fetch(doc.get_absolute_url())
        assert fetch(doc.attachments.get().get_absolute_url()).startswith("%PDF-1.4")
        assert "<rss" in fetch("/feed.xml")
    finally:
        server.terminate()
        server.wait(timeout=10)
