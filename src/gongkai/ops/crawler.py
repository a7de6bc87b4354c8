"""Reads the public site over HTTP as a visitor would (值班读网): pages, links, attachments,
external links and the footer identifiers 国办发〔2017〕47号 requires on every page.

Pure: no Django. Same-host pages are followed breadth-first up to `max_pages`; every other
same-host address (attachments, feeds, images) is fetched for its status only; external
links are checked once each and only reported. Anchors, mailto:, tel: and javascript: are
ignored, as are the back office and the addresses in `skip_prefixes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import requests

USER_AGENT = "gongkai-inspect/1.0 (值班读网)"
IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")
# Not part of the public site, or not a page a visitor reads.
SKIP_PREFIXES = ("/admin/", "/documents/", "/django-admin/")
# Pages that are not portal pages and carry no footer of their own (the API's docs).
NO_FOOTER_PREFIXES = ("/api/",)
# A status that says "not for a robot now", not "gone": never a dead link.
NOT_DEAD = {401, 403, 405, 429}
MAX_BODY = 3 * 1024 * 1024
MAX_SOURCES = 20
MAX_DRAIN = 512 * 1024

# The footer must show each of these (label, words any of which identify it).
FOOTER_MARKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("网站标识码", ("网站标识码",)),
    ("ICP备案号", ("ICP备",)),
    ("公安备案号", ("公网安备", "公安备案")),
)


@dataclass(frozen=True)
class Link:
    source: str  # the page it is on
    target: str  # absolute, without fragment
    tag: str  # a, img, link, script …


@dataclass
class Fetched:
    url: str
    status: int | None  # None: no answer (refused, timeout)
    error: str = ""
    content_type: str = ""
    text: str = ""


@dataclass
class CrawlResult:
    base_url: str
    reachable: bool = True
    pages: list[str] = field(default_factory=list)  # HTML pages read
    checked: int = 0  # same-host addresses fetched
    # A dead same-host address with the pages that link to it (up to MAX_SOURCES).
    dead: list[tuple[Fetched, list[Link]]] = field(default_factory=list)
    external_dead: list[tuple[Fetched, list[Link]]] = field(default_factory=list)
    external_checked: int = 0
    missing_footer: dict[str, list[str]] = field(default_factory=dict)  # mark -> pages
    truncated: bool = False  # stopped at max_pages


class _LinkParser(HTMLParser):
    ATTRS = {"a": "href", "area": "href", "img": "src", "script": "src", "iframe": "src"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.footer_depth = 0
        self.footer_text: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        if tag == "footer":
            self.footer_depth += 1
        if tag == "link" and "stylesheet" in (values.get("rel") or ""):
            if values.get("href"):
                self.links.append((tag, values["href"] or ""))
        name = self.ATTRS.get(tag)
        if name and values.get(name):
            self.links.append((tag, values[name] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "footer" and self.footer_depth:
            self.footer_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.footer_depth:
            self.footer_text.append(data)


def parse_page(url: str, html: str) -> tuple[list[Link], str]:
    """The links of a page (absolute, fragments dropped, ignored schemes left out) and the
    text of its <footer>."""
    parser = _LinkParser()
    parser.feed(html)
    base = urljoin(url, parser.base) if parser.base else url
    links = []
    for tag, raw in parser.links:
        raw = raw.strip()
        if not raw or raw.startswith("#") or raw.lower().startswith(IGNORED_SCHEMES):
            continue
        target, _ = urldefrag(urljoin(base, raw))
        if urlsplit(target).scheme in ("http", "https"):
            links.append(Link(url, target, tag))
    return links, "".join(parser.footer_text)


def missing_marks(footer_text: str) -> list[str]:
    """The footer identifiers a page's footer does not show."""
    return [label for label, words in FOOTER_MARKS if not any(w in footer_text for w in words)]


def _same_site(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def _skipped(url: str, prefixes: Iterable[str]) -> bool:
    path = urlsplit(url).path
    return any(path.startswith(p) for p in prefixes)


def fetch(session: requests.Session, url: str, timeout: float, *, read_html: bool) -> Fetched:
    try:
        with session.get(url, timeout=timeout, stream=True, allow_redirects=True) as response:
            ctype = response.headers.get("Content-Type", "")
            text = ""
            if read_html and response.status_code < 400 and ctype.startswith("text/html"):
                body = response.raw.read(MAX_BODY, decode_content=True)
                text = body.decode(response.encoding or "utf-8", errors="replace")
            elif int(response.headers.get("Content-Length") or 0) <= MAX_DRAIN:
                # A small feed or image is read to the end, so the server does not log a
                # broken pipe; a large attachment is left after its status line.
                response.raw.read(MAX_DRAIN)
            return Fetched(url, response.status_code, content_type=ctype, text=text)
    except requests.RequestException as error:
        return Fetched(url, None, error=type(error).__name__)


def check_external(session: requests.Session, url: str, timeout: float) -> Fetched:
    """HEAD first (cheap); a server that refuses HEAD gets a GET whose body is not read."""
    try:
        response = session.head(url, timeout=timeout, allow_redirects=True)
        if response.status_code in (405, 501) or response.status_code >= 400:
            with session.get(url, timeout=timeout, stream=True, allow_redirects=True) as again:
                return Fetched(url, again.status_code)
        return Fetched(url, response.status_code)
    except requests.RequestException as error:
        return Fetched(url, None, error=type(error).__name__)


def is_dead(fetched: Fetched) -> bool:
    return fetched.status is None or (fetched.status >= 400 and fetched.status not in NOT_DEAD)


def crawl(
    base_url: str,
    *,
    max_pages: int = 2000,
    timeout: float = 10.0,
    workers: int = 4,
    check_external_links: bool = True,
    skip_prefixes: tuple[str, ...] = SKIP_PREFIXES,
    session: requests.Session | None = None,
) -> CrawlResult:
    base_url = base_url.rstrip("/") + "/"
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", USER_AGENT)
    result = CrawlResult(base_url)
    seen: set[str] = {base_url}
    sources: dict[str, list[Link]] = {base_url: []}
    external: dict[str, list[Link]] = {}

    def note(where: dict[str, list[Link]], link: Link) -> None:
        found = where.setdefault(link.target, [])
        if len(found) < MAX_SOURCES and all(f.source != link.source for f in found):
            found.append(link)

    frontier = [base_url]

    def read(url: str) -> Fetched:
        return fetch(session, url, timeout, read_html=True)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while frontier:
            batch, frontier = frontier, []
            for fetched in pool.map(read, batch):
                result.checked += 1
                if fetched.url == base_url and is_dead(fetched):
                    result.reachable = False
                    return result
                if is_dead(fetched):
                    result.dead.append((fetched, sources[fetched.url]))
                    continue
                if not fetched.text:
                    continue  # an attachment, a feed, an image: its status is all we check
                result.pages.append(fetched.url)
                links, footer = parse_page(fetched.url, fetched.text)
                if not _skipped(fetched.url, NO_FOOTER_PREFIXES):
                    for mark in missing_marks(footer):
                        result.missing_footer.setdefault(mark, []).append(fetched.url)
                for link in links:
                    target = link.target
                    if not _same_site(target, base_url):
                        note(external, link)
                    elif target in seen:
                        note(sources, link)
                    elif not _skipped(target, skip_prefixes):
                        if len(seen) >= max_pages:
                            result.truncated = True
                            continue
                        seen.add(target)
                        note(sources, link)
                        frontier.append(target)
        if check_external_links and external:
            urls = sorted(external)
            for fetched in pool.map(lambda u: check_external(session, u, timeout), urls):
                result.external_checked += 1
                if is_dead(fetched):
                    result.external_dead.append((fetched, external[fetched.url]))
    return result
