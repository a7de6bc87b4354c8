"""Static export: the public site rendered into a directory that nginx serves (页面静态化).

Every public page, feed, sitemap, attachment and static file is rendered in-process through
the real URL map, views, templates and middleware (Django's test Client, as an anonymous
visitor) and written under DIR at the path its link uses: ``/u/X/`` → ``u/X/index.html``,
``/u/X/c/Y/feed.xml`` → ``u/X/c/Y/feed.xml``. Pages are found from the database (the sitemap)
and by following the links in rendered pages, never from a hard-coded list.

A list page with a query string (``/u/X/c/Y/?page=2``, ``/messages/?unit=X``) is written to a
path made of its parameters (``u/X/c/Y/page/2/index.html``, ``messages/unit/X/index.html``)
and every link to it in exported HTML is rewritten to that path, so links work under plain
nginx (or any static server) without rewrite rules. Search and the forms stay dynamic: their
paths (DYNAMIC_VIEWS) are never rendered and the exported pages keep linking and posting to
them; nginx proxies them to the app (docs/deployment.md, "Static export").

Only what an anonymous visitor is shown can be written: a response that is private to one
visitor (``Cache-Control: private``/``no-store``, or one that sets a cookie) is refused even if
a link led to it.

Incremental: DIR holds a manifest (MANIFEST: URL → file, SHA-256, the document pages it links
to). A run writes only files whose content changed and deletes the files of pages that are gone
(a withdrawn document's page); every write is a temporary file renamed into place, so nginx
never serves half a file. ``export_document`` re-renders only the pages one document change
affects (called by the task in portal.tasks on publish, withdrawal and edit).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import html
import json
import os
import re
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

from django.conf import settings
from django.db.models import Q
from django.http.request import split_domain_port, validate_host
from django.test import Client
from django.urls import Resolver404, resolve

MANIFEST = ".gongkai-export.json"
LOCK = ".gongkai-export.lock"
MANIFEST_VERSION = 1

# Where the public act (search, file a request, write a message, answer a survey, comment on a
# draft, look up a case): rendered by the app on every request, never exported.
DYNAMIC_VIEWS = {
    "portal:search",
    "messages:new",
    "messages:sent",
    "messages:verify",
    "messages:status",
    "surveys:detail",
    "consultations:detail",
    "consultations:attachment",
}
DYNAMIC_NAMESPACES = {"foi"}  # 依申请公开: the form, receipt, status look-up, paper forms
# The back office, Wagtail's staff-only files and the query-driven JSON API.
DYNAMIC_PREFIXES = ("/admin/", "/documents/", "/api/")

# Where the crawl starts besides the sitemap's addresses; everything else is found by links.
START = ("/", "/sitemap.xml", "/robots.txt", "/feed.xml")

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")}
ATTRIBUTE = re.compile(r'(\s(?:href|src|action)=")([^"]*)(")')
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
SITEMAP_LOC = re.compile(r"<loc>([^<]+)</loc>")
URL_SAFE = "/:@!$&'()*+,;=-._~"


class ExportError(Exception):
    """The export cannot start (bad directory, base URL, host not allowed): nothing written."""


@dataclass
class ExportResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (URL, what went wrong)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# -- addresses and files -----------------------------------------------------------------------


def is_dynamic(path: str) -> bool:
    """Is this path one the app must answer itself (search, forms, back office, API)?"""
    if path.startswith(DYNAMIC_PREFIXES):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False  # static files are served by middleware (WhiteNoise), not the URL map
    return match.view_name in DYNAMIC_VIEWS or bool(set(match.namespaces) & DYNAMIC_NAMESPACES)


def canonical(path: str, query: str = "") -> str:
    """The key of one exported address: the decoded path, and the query in a fixed order.

    ``page=1`` is the list's first page, the address without it; ``page`` comes last so that
    the file path reads ``…/unit/X/page/2/``.
    """
    params = [
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if (k, v) != ("page", "1")
    ]
    params.sort(key=lambda kv: (kv[0] == "page", kv[0], kv[1]))
    key = unquote(path)
    if params:
        key += "?" + urlencode(params)
    return key


def _split(key: str) -> tuple[str, list[tuple[str, str]]]:
    path, _, query = key.partition("?")
    return path, parse_qsl(query, keep_blank_values=True)


def _safe_segment(segment: str) -> bool:
    return bool(segment) and not segment.startswith(".") and "\x00" not in segment


def file_for(key: str) -> str | None:
    """The file (relative to DIR) that holds this address, or None if it cannot have one."""
    path, params = _split(key)
    if not path.startswith("/"):
        return None
    if params:
        if not path.endswith("/") or any("/" in k + v for k, v in params):
            return None  # a filtered JSON or feed is only answered by the app
        path += "".join(f"{k}/{v}/" for k, v in params)
    relative = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    if not all(_safe_segment(s) for s in relative.split("/")):
        return None
    return relative


def link_for(key: str) -> str:
    """The address an exported page links to for this key: the file's directory for a page with
    a query string (``/u/X/c/Y/page/2/``), the key itself otherwise; percent-encoded."""
    path, params = _split(key)
    if params:
        path += "".join(f"{k}/{v}/" for k, v in params)
    return quote(path, safe=URL_SAFE)


def exportable(key: str) -> bool:
    return not is_dynamic(_split(key)[0]) and file_for(key) is not None


def _is_document_page(key: str) -> bool:
    try:
        return resolve(key).view_name == "portal:document"
    except Resolver404:
        return False


# -- reading rendered pages --------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (tag, name) in LINK_ATTRIBUTES:
                self.links.append(value)


def html_links(text: str) -> list[str]:
    parser = _Links()
    parser.feed(text)
    parser.close()
    return parser.links


class Site:
    """The site's public address (scheme and host) that rendered pages are requested at."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ExportError(f"基础网址无效：{base_url} / Invalid base URL: {base_url}")
        if parts.path not in {"", "/"} or parts.query or parts.fragment:
            raise ExportError(
                f"基础网址只能是协议加域名：{base_url} / The base URL must be scheme and host only."
            )
        host, _ = split_domain_port(parts.netloc)
        allowed = settings.ALLOWED_HOSTS or (
            ["localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else []
        )
        if not validate_host(host, allowed):
            raise ExportError(
                f"主机名 {host} 不在 GONGKAI_ALLOWED_HOSTS 中。"
                f" / Host {host} is not in GONGKAI_ALLOWED_HOSTS."
            )
        self.base_url = f"{parts.scheme}://{parts.netloc}"
        self.netloc = parts.netloc
        self.secure = parts.scheme == "https"

    def key_of(self, link: str, page_url: str) -> tuple[str, str] | None:
        """(key, fragment) of a link on the page at page_url, if it points into this site."""
        link = link.strip()
        if not link or link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        absolute = urlsplit(urljoin(self.base_url + page_url, link))
        if absolute.scheme not in {"http", "https"} or absolute.netloc != self.netloc:
            return None
        return canonical(absolute.path or "/", absolute.query), absolute.fragment


# -- the manifest and atomic writes ------------------------------------------------------------


def _atomic_write(target: Path, chunks: Iterable[bytes]) -> str:
    """Write chunks to a temporary file next to target, then rename it over target; the hash."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, temp = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
        os.chmod(temp, 0o644)  # mkstemp makes it 0600; nginx reads as another user
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return digest.hexdigest()


@dataclass
class Entry:
    file: str
    sha256: str
    links: list[str] = field(default_factory=list)  # the document pages this page links to


class Manifest:
    def __init__(self, root: Path, base_url: str = "", entries: dict[str, Entry] | None = None):
        self.root = root
        self.base_url = base_url
        self.entries: dict[str, Entry] = entries or {}

    @classmethod
    def load(cls, root: Path) -> Manifest:
        try:
            data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(root)
        except (OSError, ValueError) as error:
            raise ExportError(
                f"导出清单无法读取：{root / MANIFEST}（{error}），请用 --full 重新导出。"
                f" / The export manifest cannot be read; run again with --full."
            ) from error
        if data.get("version") != MANIFEST_VERSION:
            return cls(root)
        entries = {k: Entry(**v) for k, v in data.get("pages", {}).items()}
        return cls(root, data.get("base_url", ""), entries)

    def save(self) -> None:
        data = {
            "version": MANIFEST_VERSION,
            "base_url": self.base_url,
            "pages": {
                k: {"file": e.file, "sha256": e.sha256, "links": e.links}
                for k, e in sorted(self.entries.items())
            },
        }
        text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True)
        _atomic_write(self.root / MANIFEST, [text.encode("utf-8")])

    def linking_to(self, key: str) -> list[str]:
        return [k for k, e in self.entries.items() if key in e.links]

    def variants_of(self, path: str) -> list[str]:
        """The manifest's addresses of one list with a query string (its other pages)."""
        return [k for k in self.entries if k.startswith(path + "?")]


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One export at a time per directory (the CLI and the task may overlap)."""
    with open(root / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- the exporter ------------------------------------------------------------------------------


class _Exporter:
    def __init__(self, root: Path, site: Site, manifest: Manifest, *, rewrite: bool) -> None:
        self.root = root
        self.site = site
        self.manifest = manifest
        self.rewrite = rewrite or manifest.base_url not in {"", site.base_url}
        self.client = Client(HTTP_HOST=site.netloc, raise_request_exception=True)
        self.result = ExportResult()
        self.done: dict[str, str] = {}  # key → "written" | "gone" | "error" | "skipped"
        self.outgoing: dict[str, set[str]] = {}  # key → keys it links to (this run)
        self.files: dict[str, str] = {}  # file → key, to catch two addresses on one file

    # Each address is fetched once per run; returns the keys its content links to.
    def export(self, key: str) -> set[str]:
        if key in self.done:
            return set()
        relative = file_for(key)
        if relative is None or is_dynamic(_split(key)[0]):
            self.done[key] = "skipped"
            return set()
        path, params = _split(key)
        url = quote(path, safe=URL_SAFE) + (f"?{urlencode(params)}" if params else "")
        try:
            response = self.client.get(url, secure=self.site.secure)
        except Exception as error:  # a view that raises is a 500 for a visitor
            return self._error(key, f"{type(error).__name__}: {error}")
        finally:
            self.client.cookies.clear()
        status = response.status_code
        if status >= 500:
            return self._error(key, f"HTTP {status}")
        if status in {404, 410}:
            if key not in self.manifest.entries:
                self.result.warnings.append((key, f"HTTP {status}，链接失效 / broken link"))
            self._gone(key)
            return set()
        if status != 200:
            self.result.warnings.append((key, f"HTTP {status}，未导出 / not exported"))
            self._gone(key)
            return set()
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or response.cookies:
            # Content for one visitor only: never written, whatever led here.
            self.result.warnings.append((key, "仅限本人的页面，未导出 / private, not exported"))
            self._gone(key)
            return set()
        owner = self.files.setdefault(relative, key)
        if owner != key:
            return self._error(key, f"与 {owner} 写入同一文件 {relative} / same file as {owner}")
        content_type = response.get("Content-Type", "")
        links: set[str] = set()
        if response.streaming:
            # Read to the end: the test client then closes the response itself, with the
            # database connection kept (closing it here would close the connection).
            chunks: Iterable[bytes] = response.streaming_content  # type: ignore[assignment]
            self._store(key, relative, chunks=chunks, links=[])
            return links
        body = response.content
        if content_type.startswith("text/html"):
            text = body.decode(response.charset or "utf-8")
            for link in html_links(text):
                found = self.site.key_of(html.unescape(link), key)
                if found and found[0] != key and exportable(found[0]):
                    links.add(found[0])
            body = self._rewrite(text, key).encode(response.charset or "utf-8")
        elif content_type.startswith("text/css"):
            text = body.decode(response.charset or "utf-8")
            for link in CSS_URL.findall(text):
                found = self.site.key_of(link, key)
                if found and exportable(found[0]):
                    links.add(found[0])
        elif "xml" in content_type and path.endswith("sitemap.xml"):
            for loc in SITEMAP_LOC.findall(body.decode("utf-8")):
                found = self.site.key_of(html.unescape(loc), key)
                if found and exportable(found[0]):
                    links.add(found[0])
        self.outgoing[key] = links
        documents = sorted(k for k in links if _is_document_page(k))
        self._store(key, relative, content=body, links=documents)
        return links

    def _rewrite(self, text: str, key: str) -> str:
        """Links to pages with a query string point at their files; on such a page, relative
        links (and a form's empty action) are made absolute, as the file lives elsewhere."""
        moved = "?" in key

        def replace(match: re.Match) -> str:
            value = html.unescape(match.group(2))
            if moved and match.group(1).strip() == 'action="' and value == "":
                return match.group(1) + html.escape(quote(_split(key)[0])) + match.group(3)
            found = self.site.key_of(value, key)
            if found is None:
                return match.group(0)
            target, fragment = found
            suffix = f"#{fragment}" if fragment else ""
            if "?" in target and exportable(target):
                new = link_for(target) + suffix
            elif moved and not value.startswith(("/", "http://", "https://")):
                path, _, query = target.partition("?")
                new = quote(path, safe=URL_SAFE) + (f"?{query}" if query else "") + suffix
            else:
                return match.group(0)
            return match.group(1) + html.escape(new) + match.group(3)

        return ATTRIBUTE.sub(replace, text)

    def _store(self, key: str, relative: str, *, content: bytes | None = None, chunks=None, links):
        target = self.root / relative
        old = self.manifest.entries.get(key)
        if content is not None:
            digest = hashlib.sha256(content).hexdigest()
            if (
                not self.rewrite
                and old
                and old.sha256 == digest
                and old.file == relative
                and target.is_file()
            ):
                self.result.unchanged += 1
                old.links = links
                self.done[key] = "unchanged"
                return
            try:
                _atomic_write(target, [content])
            except OSError as error:
                self._error(key, f"写入失败 / write failed: {error}")
                return
        else:
            # A file streamed from storage: written aside, kept only if it differs.
            staging = self.root / f".staging-{os.getpid()}"
            try:
                digest = _atomic_write(staging, chunks)
                if (
                    not self.rewrite
                    and old
                    and old.sha256 == digest
                    and old.file == relative
                    and target.is_file()
                ):
                    staging.unlink()
                    self.result.unchanged += 1
                    old.links = links
                    self.done[key] = "unchanged"
                    return
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging, target)
            except OSError as error:
                with contextlib.suppress(FileNotFoundError):
                    staging.unlink()
                self._error(key, f"写入失败 / write failed: {error}")
                return
        if old and old.file != relative:
            self._remove_file(old.file)
        self.manifest.entries[key] = Entry(relative, digest, links)
        self.result.written.append(key)
        self.done[key] = "written"

    def _error(self, key: str, message: str) -> set[str]:
        # The old file, if any, stays: a stale page is better than none while this is fixed.
        self.result.errors.append((key, message))
        self.done[key] = "error"
        return set()

    def _gone(self, key: str) -> None:
        self.done[key] = "gone"
        self.drop(key)

    def drop(self, key: str) -> None:
        entry = self.manifest.entries.pop(key, None)
        if entry is not None:
            self._remove_file(entry.file)
            self.result.deleted.append(key)

    def _remove_file(self, relative: str) -> None:
        target = self.root / relative
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        parent = target.parent
        while parent != self.root:
            try:
                parent.rmdir()  # only when empty
            except OSError:
                break
            parent = parent.parent

    def crawl(self, seeds: Iterable[str], *, follow: Callable[[str], bool]) -> None:
        queue = deque(dict.fromkeys(seeds))
        while queue:
            key = queue.popleft()
            for link in sorted(self.export(key)):
                if link not in self.done and follow(link):
                    queue.append(link)


def _prepare(directory: Path | str, base_url: str | None) -> tuple[Path, Site, Manifest]:
    root = Path(directory).resolve()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"无法创建目录 {root}：{error} / Cannot create {root}") from error
    if not os.access(root, os.W_OK):
        raise ExportError(f"目录不可写：{root} / Directory not writable: {root}")
    manifest = Manifest.load(root)
    site = Site(base_url or manifest.base_url or settings.WAGTAILADMIN_BASE_URL)
    return root, site, manifest


def export_site(
    directory: Path | str, *, base_url: str | None = None, full: bool = False
) -> ExportResult:
    """Render the whole public site into directory; write what changed, delete what is gone.

    With full, every file is written again even if the manifest says it is unchanged.
    """
    root, site, manifest = _prepare(directory, base_url)
    with _locked(root):
        manifest = Manifest.load(root)
        exporter = _Exporter(root, site, manifest, rewrite=full)
        exporter.crawl(START, follow=lambda key: True)
        for key in list(manifest.entries):
            # Not reached this time: the page no longer exists or nothing links to it. A page
            # that failed keeps its old file (and entry) until it renders again.
            if key not in exporter.done:
                exporter.drop(key)
        manifest.base_url = site.base_url
        manifest.save()
    return exporter.result


def document_pages(document, manifest: Manifest) -> list[str]:
    """The addresses one document's change may alter: its page and files, the pages that link
    to it, its columns' lists (every page) and feeds, its unit's page, home, feed and sitemap."""
    from gongkai.catalog.models import Document

    key = canonical(document.get_absolute_url())
    keys = [key, *(k for k in manifest.entries if k.startswith(key) and k != key)]
    keys += manifest.linking_to(key)
    keys.append(canonical(document.unit.get_absolute_url()))
    for column in document.columns.select_related("unit", "parent"):
        while column is not None:
            page = canonical(column.get_absolute_url())
            keys += [page, *manifest.variants_of(page), page + "feed.xml", page + "index.json"]
            column = column.parent
    related = Document.objects.published().filter(
        Q(interprets=document)
        | Q(interpretations=document)
        | Q(replaces=document)
        | Q(replaced_by=document)
    )
    keys += [canonical(d.get_absolute_url()) for d in related.select_related("unit")]
    keys += list(START)
    return list(dict.fromkeys(keys))


def export_pages(
    directory: Path | str, keys: Iterable[str], *, base_url: str | None = None
) -> ExportResult:
    """Re-render these addresses (and any page they newly link to); delete those now gone.

    A list's other pages (``?page=N``) that its first page no longer reaches are deleted too:
    a list that shrank has fewer pages.
    """
    root, site, manifest = _prepare(directory, base_url)
    with _locked(root):
        manifest = Manifest.load(root)
        if not manifest.entries:
            exporter = _Exporter(root, site, manifest, rewrite=False)
            exporter.crawl(START, follow=lambda key: True)  # first export: everything
        else:
            exporter = _Exporter(root, site, manifest, rewrite=False)
            keys = list(dict.fromkeys(keys))
            prefixes = tuple(k for k in keys if _is_document_page(k))
            # New addresses (a new document's attachments, a list's new last page) are followed;
            # files under a changed document's address are rendered again in any case.
            exporter.crawl(
                keys, follow=lambda key: key not in manifest.entries or key.startswith(prefixes)
            )
            for base in {
                _split(k)[0] for k in keys if exporter.done.get(k) in {"written", "unchanged"}
            }:
                family = set(manifest.variants_of(base))
                if not family:
                    continue
                reached, queue = {base}, deque([base])
                while queue:
                    for link in exporter.outgoing.get(queue.popleft(), ()):
                        if link in family and link not in reached:
                            reached.add(link)
                            queue.append(link)
                for key in family - reached:
                    if exporter.done.get(key) != "error":
                        exporter.drop(key)
        manifest.base_url = site.base_url
        manifest.save()
    return exporter.result


def was_exported(directory: Path | str, document) -> bool:
    key = canonical(document.get_absolute_url())
    return key in Manifest.load(Path(directory)).entries


def export_document(directory: Path | str, document) -> ExportResult:
    """After a document was published, withdrawn or edited: re-export what it shows on."""
    root = Path(directory)
    manifest = Manifest.load(root) if (root / MANIFEST).exists() else Manifest(root)
    return export_pages(directory, document_pages(document, manifest))
