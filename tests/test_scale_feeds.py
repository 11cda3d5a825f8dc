"""warta watch: polite, guarded fetching (httpx.MockTransport, never the internet)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from warta.ingest.feeds import Fetcher, FetchPolicy, FetchRefused, poll

PUBLIC = {"news.test": ["93.184.216.34"], "other.test": ["93.184.216.35"]}

ARTICLE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{body}</p><p>Jakarta, Senin. Presiden bertemu para menteri untuk membahas anggaran negara
dan bantuan bagi warga yang terdampak banjir di beberapa provinsi.</p></article></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Satu</title><link>http://news.test/a/1</link>
<pubDate>Fri, 26 Jan 2024 10:00:00 +0700</pubDate></item>
<item><title>Dua</title><link>http://news.test/a/2</link></item>
</channel></rss>"""


def resolver(table: dict[str, list[str]]) -> Callable[[str], list[str]]:
    def resolve(host: str) -> list[str]:
        return table[host]

    return resolve


class Server:
    """A MockTransport handler that records every request."""

    def __init__(self, routes: dict[str, Callable[[httpx.Request], httpx.Response]]):
        self.routes = routes
        self.seen: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.seen.append(url)
        assert request.headers["user-agent"].startswith("warta/")
        handler = self.routes.get(url)
        if handler is None:
            return httpx.Response(404, text="no")
        return handler(request)


def fetcher(server: Server, table: dict[str, list[str]] | None = None, **policy: object):
    sleeps: list[float] = []
    clock = [0.0]

    def sleep(s: float) -> None:
        sleeps.append(s)
        clock[0] += s

    f = Fetcher(
        FetchPolicy(**policy),  # type: ignore[arg-type]
        transport=httpx.MockTransport(server),
        resolver=resolver(table or PUBLIC),
        clock=lambda: clock[0],
        sleep=sleep,
    )
    return f, sleeps


def text(body: str, ctype: str = "text/html") -> Callable[[httpx.Request], httpx.Response]:
    return lambda r: httpx.Response(200, text=body, headers={"content-type": ctype})


def test_robots_disallow_is_respected() -> None:
    srv = Server(
        {
            "http://news.test/robots.txt": text(
                "User-agent: *\nDisallow: /private/\n", "text/plain"
            ),
            "http://news.test/ok": text("fine"),
        }
    )
    f, _ = fetcher(srv)
    with pytest.raises(FetchRefused, match=r"robots\.txt"):
        f.fetch("http://news.test/private/secret")
    assert f.fetch("http://news.test/ok").body == b"fine"
    assert "http://news.test/private/secret" not in srv.seen
    assert srv.seen.count("http://news.test/robots.txt") == 1  # cached per host


def test_robots_forbidden_means_disallow_all() -> None:
    srv = Server({"http://news.test/robots.txt": lambda r: httpx.Response(403)})
    f, _ = fetcher(srv)
    with pytest.raises(FetchRefused, match=r"robots\.txt"):
        f.fetch("http://news.test/a")


def test_oversize_response_is_refused() -> None:
    big = "x" * 5000
    srv = Server(
        {
            "http://news.test/big": text(big),
            # no Content-Length: the cap must hold while streaming
            "http://news.test/stream": lambda r: httpx.Response(
                200, content=iter([b"y" * 1000] * 5)
            ),
            "http://news.test/small": text("x" * 100),
        }
    )
    f, _ = fetcher(srv, max_bytes=1024)
    with pytest.raises(FetchRefused, match="too large"):
        f.fetch("http://news.test/big")
    with pytest.raises(FetchRefused, match="too large"):
        f.fetch("http://news.test/stream")
    assert len(f.fetch("http://news.test/small").body) == 100


@pytest.mark.parametrize(
    "url, table",
    [
        ("http://intranet.test/x", {"intranet.test": ["10.0.0.5"]}),
        ("http://multi.test/x", {"multi.test": ["93.184.216.34", "192.168.1.2"]}),
        ("http://127.0.0.1/x", {}),
        ("http://[::1]/x", {}),
        ("http://169.254.169.254/latest/meta-data", {}),
        ("http://v6mapped.test/x", {"v6mapped.test": ["::ffff:127.0.0.1"]}),
        ("file:///etc/passwd", {}),
    ],
)
def test_private_addresses_are_refused(url: str, table: dict[str, list[str]]) -> None:
    srv = Server({})
    f, _ = fetcher(srv, table)
    with pytest.raises(FetchRefused):
        f.fetch(url)
    assert srv.seen == []  # not a single request went out


def test_allow_private_lets_loopback_through() -> None:
    srv = Server({"http://127.0.0.1/x": text("local")})
    f, _ = fetcher(srv, allow_private=True)
    assert f.fetch("http://127.0.0.1/x").body == b"local"


def test_redirect_to_private_is_refused_and_redirects_are_limited() -> None:
    srv = Server(
        {
            "http://news.test/go": lambda r: httpx.Response(
                302, headers={"location": "http://internal.test/admin"}
            ),
            "http://news.test/loop": lambda r: httpx.Response(301, headers={"location": "/loop"}),
            "http://news.test/hop": lambda r: httpx.Response(
                302, headers={"location": "http://other.test/final"}
            ),
            "http://other.test/final": text("arrived"),
        }
    )
    f, _ = fetcher(srv, {**PUBLIC, "internal.test": ["127.0.0.1"]}, max_redirects=3)
    with pytest.raises(FetchRefused, match="private"):
        f.fetch("http://news.test/go")
    assert not any("internal.test" in u for u in srv.seen)
    with pytest.raises(FetchRefused, match="redirects"):
        f.fetch("http://news.test/loop")
    assert srv.seen.count("http://news.test/loop") == 4  # first + 3 redirects
    res = f.fetch("http://news.test/hop")
    assert (res.url, res.body) == ("http://other.test/final", b"arrived")
    assert "http://other.test/robots.txt" in srv.seen  # robots checked on the new host


def test_rate_limit_per_host() -> None:
    srv = Server({f"http://news.test/{i}": text("x") for i in range(3)})
    srv.routes["http://other.test/0"] = text("y")
    f, sleeps = fetcher(srv, min_interval=5.0)
    for i in range(3):
        f.fetch(f"http://news.test/{i}")
    # robots.txt + 3 pages on one host: 3 waits of the full interval (the clock is fake)
    assert sleeps == [5.0, 5.0, 5.0]
    f.fetch("http://other.test/0")  # another host: its robots.txt and page
    assert sleeps == [5.0, 5.0, 5.0, 5.0]
    assert f.requests == 6


def test_feed_items_are_stored_once_across_two_polls(tmp_path: Path) -> None:
    from warta._api import load_pipeline
    from warta.store import Store

    srv = Server(
        {
            "http://news.test/feed.xml": text(FEED, "application/rss+xml"),
            "http://news.test/a/1": text(
                ARTICLE.format(title="Satu", body="Menteri luar negeri mengecam serangan itu.")
            ),
            "http://news.test/a/2": text(
                ARTICLE.format(title="Dua", body="Polisi menangkap tiga orang di Medan.")
            ),
        }
    )
    f, _ = fetcher(srv, min_interval=0.0)
    pipe = load_pipeline()
    with Store(tmp_path / "w.duckdb") as store:
        first = poll(["http://news.test/feed.xml"], f, pipe, store)
        second = poll(["http://news.test/feed.xml"], f, pipe, store)
        assert (first.items, first.new, first.stored, first.failed) == (2, 2, 2, 0)
        assert (second.items, second.new, second.stored) == (2, 0, 0)
        assert store.count() == 2
        assert store.count("feed_items") == 2
        rows = store.con.execute("SELECT url, published FROM articles ORDER BY url").fetchall()
        assert str(rows[0][1]) == "2024-01-26"  # from the feed item when the page has none
    assert srv.seen.count("http://news.test/a/1") == 1
    assert srv.seen.count("http://news.test/feed.xml") == 2
