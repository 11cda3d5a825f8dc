"""Polite fetching of RSS/Atom feeds and article pages, for ``warta watch``.

Every request goes through :class:`Fetcher`, which enforces:

- only ``http``/``https`` URLs; no request to a private, loopback, link-local, multicast,
  reserved or otherwise non-global address unless ``allow_private`` (SSRF guard): the
  host is resolved and *every* resolved address is checked before each request;
- robots.txt (``urllib.robotparser``) for our User-Agent, fetched once per host through
  the same guards; 401/403 on robots.txt means disallow all, other 4xx allow all, 5xx
  or a failed fetch disallow all (RFC 9309);
- a per-host rate limit (``min_interval`` seconds between requests to one host);
- timeouts, a response size cap enforced while streaming (and from Content-Length up
  front), and at most ``max_redirects`` redirects, each target checked again (scheme,
  SSRF guard, robots.txt);
- a clear User-Agent.

The network is behind an ``httpx`` transport (tests pass ``httpx.MockTransport``) and
name resolution behind a ``resolver`` callable, so tests never touch the internet.
Known limit: the address httpx connects to comes from its own DNS lookup, so a DNS
rebinding attack between the check and the connect is not prevented.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from warta import __version__
from warta.errors import InputError, PipelineError, WartaError
from warta.model import Article

__all__ = [
    "USER_AGENT",
    "FeedItem",
    "FetchPolicy",
    "FetchRefused",
    "FetchResult",
    "Fetcher",
    "feed_items",
    "fetch_article",
    "system_resolver",
]

USER_AGENT = f"warta/{__version__} (news event coder; honours robots.txt)"

Resolver = Callable[[str], list[str]]


class FetchRefused(WartaError):
    """A URL warta will not fetch (policy), or a fetch that failed."""


@dataclass(frozen=True)
class FetchPolicy:
    allow_private: bool = False
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    timeout: float = 15.0
    min_interval: float = 2.0  # seconds between two requests to one host
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    content_type: str
    body: bytes
    location: str | None = None  # of a redirect

    def text(self) -> str:
        charset = "utf-8"
        for part in self.content_type.split(";")[1:]:
            key, _, val = part.strip().partition("=")
            if key.lower() == "charset" and val:
                charset = val.strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def system_resolver(host: str) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchRefused(f"cannot resolve {host}: {exc}") from exc
    return sorted({str(info[4][0]) for info in infos})


def _public(ip: str) -> bool:
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


class Fetcher:
    """GET with the guards of the module docstring; one instance per watch session."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.resolver = resolver or system_resolver
        self.clock = clock
        self.sleep = sleep
        self.client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"User-Agent": self.policy.user_agent},
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.requests = 0  # requests actually sent

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- guards ---------------------------------------------------------------------------

    def check_url(self, url: str) -> None:
        """Refuse a URL that is not http(s) or whose host is not a public address."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchRefused(f"{url}: only http and https URLs are fetched")
        host = parts.hostname
        if not host:
            raise FetchRefused(f"{url}: no host")
        if self.policy.allow_private:
            return
        try:
            ips = [str(ipaddress.ip_address(host))]
        except ValueError:
            ips = self.resolver(host)
        if not ips:
            raise FetchRefused(f"{url}: {host} resolves to no address")
        bad = [ip for ip in ips if not _public(ip)]
        if bad:
            raise FetchRefused(
                f"{url}: {host} resolves to a private, loopback or link-local address "
                f"({', '.join(bad)}); use --allow-private to fetch it"
            )

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = last + self.policy.min_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s host lets our User-Agent fetch it."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        rp = self._robots.get(key)
        if rp is None:
            rp = urllib.robotparser.RobotFileParser(key + "/robots.txt")
            try:
                res = self._follow(key + "/robots.txt", robots=False)
                status = res.status
            except FetchRefused:
                status = 503
            if status == 200:
                rp.parse(res.text().splitlines())
            elif status in (401, 403) or status >= 500:
                rp.disallow_all = True  # type: ignore[attr-defined]
            else:
                rp.allow_all = True  # type: ignore[attr-defined]
            self._robots[key] = rp
        return rp.can_fetch(self.policy.user_agent, url)

    # -- fetching -------------------------------------------------------------------------

    def fetch(self, url: str) -> FetchResult:
        """GET ``url`` (robots.txt checked), following at most ``max_redirects``."""
        return self._follow(url, robots=True)

    def _follow(self, url: str, *, robots: bool) -> FetchResult:
        for _ in range(self.policy.max_redirects + 1):
            self.check_url(url)
            if robots and not self.allowed(url):
                raise FetchRefused(f"{url}: disallowed by robots.txt")
            res = self._get(url)
            if res.status in (301, 302, 303, 307, 308):
                location = res.location
                if not location:
                    raise FetchRefused(f"{url}: redirect without a Location")
                url = urljoin(url, location)
                continue
            return res
        raise FetchRefused(f"{url}: more than {self.policy.max_redirects} redirects")

    def _get(self, url: str) -> FetchResult:
        host = urlsplit(url).netloc.lower()
        self._wait_turn(host)
        cap = self.policy.max_bytes
        self.requests += 1
        try:
            with self.client.stream("GET", url) as resp:
                if resp.is_redirect:
                    loc = resp.headers.get("location")
                    return FetchResult(url, resp.status_code, "", b"", location=loc)
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise FetchRefused(f"{url}: response too large ({declared} bytes > {cap:,})")
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchRefused(f"{url}: response too large (over {cap:,} bytes)")
                    chunks.append(chunk)
                return FetchResult(
                    str(resp.url), resp.status_code, resp.headers.get("content-type", ""),
                    b"".join(chunks),
                )  # fmt: skip
        except httpx.HTTPError as exc:
            raise FetchRefused(f"{url}: {type(exc).__name__}: {exc}") from exc


# -- feeds and articles ---------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    url: str
    feed: str
    title: str | None = None
    published: str | None = None


def _looks_like_feed(res: FetchResult) -> bool:
    ctype = res.content_type.lower()
    if any(t in ctype for t in ("rss", "atom", "xml")):
        return True
    head = res.body[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def feed_items(feed_url: str, res: FetchResult) -> list[FeedItem]:
    """The items of a fetched feed; a page that is no feed is an article URL itself."""
    if not _looks_like_feed(res):
        return [FeedItem(url=feed_url, feed=feed_url)]
    import feedparser

    parsed = feedparser.parse(res.body)
    out: list[FeedItem] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(when.tm_year, when.tm_mon, when.tm_mday).isoformat() if when else None
        out.append(
            FeedItem(
                url=urljoin(res.url, link), feed=feed_url, title=entry.get("title"),
                published=published,
            )
        )  # fmt: skip
    return out


def fetch_article(fetcher: Fetcher, item: FeedItem) -> Article | InputError:
    """Fetch one item's page and extract its article (HTML via ``parse_html``)."""
    from warta.ingest.readers import parse_html

    try:
        res = fetcher.fetch(item.url)
    except FetchRefused as exc:
        return InputError(item.url, str(exc))
    if res.status != 200:
        return InputError(item.url, f"HTTP {res.status}")
    art = parse_html(res.text(), item.url, url=res.url)
    if isinstance(art, InputError):
        return art
    changes: dict[str, Any] = {}
    if not art.published and item.published:
        changes["published"] = item.published
    if not art.title and item.title:
        changes["title"] = item.title
    if changes:
        import dataclasses

        art = dataclasses.replace(art, **changes)
    return art


def read_feed_list(values: Iterable[str]) -> Iterator[str]:
    """URLs given directly, or files listing one URL a line (``#`` comments)."""
    from pathlib import Path

    for v in values:
        if v.startswith(("http://", "https://")):
            yield v
            continue
        p = Path(v)
        if not p.is_file():
            raise WartaError(f"{v}: neither a URL nor a file of URLs")
        for line in p.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                yield line


@dataclass
class PollStats:
    items: int = 0
    new: int = 0
    stored: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def poll(
    feeds: Iterable[str],
    fetcher: Fetcher,
    pipeline: Any,
    store: Any = None,
    seen: set[str] | None = None,
    emit: Callable[[Any], None] | None = None,
) -> PollStats:
    """Fetch each feed once, code the items not handled before, store them.

    Handled item URLs are remembered in the store's ``feed_items`` table (or in ``seen``
    without a store), so an item is fetched and stored once across polls. A transient
    failure (network, HTTP 5xx) is not remembered, so the next poll retries it.
    """
    from warta.model import Doc

    stats = PollStats()
    seen = seen if seen is not None else set()
    docs: list[Doc] = []
    marks: list[tuple[str, str, str | None, str]] = []
    for feed in feeds:
        try:
            res = fetcher.fetch(feed)
        except FetchRefused as exc:
            stats.failed += 1
            stats.errors.append(str(exc))
            continue
        if res.status != 200:
            stats.failed += 1
            stats.errors.append(f"{feed}: HTTP {res.status}")
            continue
        items = feed_items(feed, res)
        stats.items += len(items)
        urls = [it.url for it in items]
        done = _handled(store, urls) if store is not None else {u for u in urls if u in seen}
        for item in items:
            if item.url in done or item.url in seen:
                continue
            stats.new += 1
            art = fetch_article(fetcher, item)
            if isinstance(art, InputError):
                stats.failed += 1
                stats.errors.append(str(art))
                transient = "HTTP 5" in art.reason or "Error" in art.reason
                if not transient:
                    marks.append((item.url, feed, None, f"failed: {art.reason}"[:500]))
                    seen.add(item.url)
                continue
            try:
                doc = pipeline.run(Doc.from_article(art))
            except PipelineError as exc:  # over budget, or a stage failed: the poll goes on
                stats.failed += 1
                stats.errors.append(f"{item.url}: {exc}")
                marks.append((item.url, feed, None, f"failed: {exc}"[:500]))
                seen.add(item.url)
                continue
            docs.append(doc)
            if emit is not None:
                emit(doc)
            marks.append((item.url, feed, doc.id, "ok"))
            seen.add(item.url)
    if store is not None:
        stats.stored = store.write(docs) if docs else 0
        if marks:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            store.con.executemany(
                "INSERT OR REPLACE INTO feed_items VALUES (?, ?, ?, ?, ?)",
                [(*m, now) for m in marks],
            )
    return stats


def _handled(store: Any, urls: list[str]) -> set[str]:
    if not urls:
        return set()
    rows = store.con.execute(
        "SELECT url FROM feed_items WHERE list_contains(?, url)", [urls]
    ).fetchall()
    return {r[0] for r in rows}
