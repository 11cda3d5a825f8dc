"""``warta serve`` guards: Host allow-list (DNS rebinding), cross-origin writes, security
headers, links only for http(s) URLs, API docs from vendored files.

In-process through httpx.ASGITransport with forged ``Host`` and ``Origin`` headers, and
against a real ``warta serve`` (uvicorn in a subprocess on a free port)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("fastapi")

from warta.api.app import create_app
from warta.api.guard import CSP, allowed_host_names, csp_with_style_nonce, host_name
from warta.model import Doc
from warta.store import Store
from warta.web.render import http_url
from web_fixtures import HOSTILE_URL, call, demo_doc, free_port, hostile_doc

EVIL = "evil.example:8000"
ARTICLE = "Jakarta, Warta Uji – Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Malaysia."


@pytest.fixture(scope="module")
def docs(sample_path: Path) -> list[Doc]:
    return [demo_doc(sample_path), hostile_doc()]


@pytest.fixture()
def store(tmp_path: Path, docs: list[Doc]) -> Path:
    p = tmp_path / "guard.duckdb"
    with Store(p) as st:
        st.write(docs)
    return p


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, docs: list[Doc]) -> Iterator[Any]:
    """One app for the tests that write nothing (or must have written nothing)."""
    p = tmp_path_factory.mktemp("guard") / "shared.duckdb"
    with Store(p) as st:
        st.write(docs)
    a = create_app(p, allowed_hosts=["proxy.example"])
    yield a
    a.state.access.close()


def _count(app: Any) -> int:
    return int(call(app, "GET", "/api/health").json()["articles"])


# -- Host ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/events", "/api/articles", "/", "/events", "/docs", "/openapi.json", "/static/app.css"],
)
def test_foreign_host_gets_400_on_reads(app: Any, path: str) -> None:
    r = call(app, "GET", path, headers={"Host": EVIL, "Origin": f"http://{EVIL}"})
    assert r.status_code == 400, (path, r.status_code)
    assert "--allowed-host" in r.json()["detail"]
    assert call(app, "GET", path).status_code == 200  # Host 127.0.0.1:8000


def test_foreign_host_cannot_write(app: Any) -> None:
    before = _count(app)
    r = call(
        app,
        "POST",
        "/api/code",
        json={"text": ARTICLE, "store": True},
        headers={"Host": EVIL, "Origin": f"http://{EVIL}"},
    )
    assert r.status_code == 400
    assert _count(app) == before


@pytest.mark.parametrize(
    "host",
    ["localhost:8000", "LOCALHOST", "127.0.0.1", "[::1]:8000", "proxy.example", "proxy.example."],
)
def test_allowed_hosts(app: Any, host: str) -> None:
    assert call(app, "GET", "/api/types", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host", ["", "127.0.0.1.evil.example", "localhost.evil.example:8000", "evil@127.0.0.1", "a b"]
)
def test_malformed_or_lookalike_hosts(app: Any, host: str) -> None:
    assert call(app, "GET", "/api/types", headers={"Host": host}).status_code == 400


def test_host_names() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.ORG.:80") == "example.org"
    assert host_name("evil@127.0.0.1") is None and host_name("") is None
    assert allowed_host_names("0.0.0.0", ["a.example"]) == {
        "localhost",
        "127.0.0.1",
        "::1",
        "0.0.0.0",
        "a.example",
    }
    assert "fe80::1" in allowed_host_names("fe80::1")


# -- Origin and token ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [f"http://{EVIL}", "null", "http://localhost:1", "http://127.0.0.1", "file://", "garbage"],
)
def test_foreign_origin_write_refused(app: Any, origin: str) -> None:
    before = _count(app)
    payload = {"text": ARTICLE, "store": True}
    r = call(app, "POST", "/api/code", json=payload, headers={"Origin": origin})
    assert r.status_code == 403, origin
    # the paste form too, with or without storing
    r = call(app, "POST", "/code", data={"text": ARTICLE}, headers={"Origin": origin})
    assert r.status_code == 403
    assert _count(app) == before


@pytest.mark.parametrize(
    "headers",
    [
        {},  # a non-browser client
        {"Origin": "http://127.0.0.1:8000"},
        {"Origin": "http://localhost:8000", "Host": "localhost:8000"},
        {"Origin": "https://proxy.example", "Host": "proxy.example"},
    ],
)
def test_same_origin_or_no_origin_writes(store: Path, headers: dict[str, str]) -> None:
    app = create_app(store, allowed_hosts=["proxy.example"])
    r = call(app, "POST", "/api/code", json={"text": ARTICLE, "store": True}, headers=headers)
    assert r.status_code == 200 and r.json()["stored"] is True, r.text
    app.state.access.close()


def test_token_still_needed_from_an_allowed_origin(store: Path) -> None:
    app = create_app(store, token="s3cret")
    same = {"Origin": "http://127.0.0.1:8000"}
    payload = {"text": ARTICLE, "store": True}
    assert call(app, "POST", "/api/code", json=payload, headers=same).status_code == 401
    auth = {**same, "Authorization": "Bearer s3cret"}
    assert call(app, "POST", "/api/code", json=payload, headers=auth).status_code == 200
    app.state.access.close()


# -- headers, inline scripts, links, docs ----------------------------------------------------


def _pages(app: Any) -> list[str]:
    ids = [a["id"] for a in call(app, "GET", "/api/articles").json()["items"]]
    return ["/", "/events", "/map", "/actors", "/code", "/docs", "/redoc"] + [
        f"/articles/{i}" for i in ids
    ]


def test_security_headers_on_every_response(app: Any) -> None:
    responses = [call(app, "GET", p) for p in _pages(app)]
    responses += [
        call(app, "GET", "/api/events"),
        call(app, "GET", "/static/vendor/d3.min.js"),
        call(app, "GET", "/articles/nope"),  # 404 page
        call(app, "GET", "/api/events?historical=maybe"),  # 422
        call(app, "GET", "/api/types", headers={"Host": EVIL}),  # 400 from the guard
        call(app, "POST", "/api/code", content=b"x" * (3 * 1024 * 1024)),  # 413
    ]
    assert {r.status_code for r in responses} == {200, 400, 404, 413, 422}
    for r in responses:
        if r.url.path == "/redoc":  # ReDoc's <style> elements carry a one-time nonce
            nonce = re.search(r'<meta property="csp-nonce" content="([^"]+)">', r.text)
            assert nonce is not None and len(nonce.group(1)) >= 16
            assert r.headers["content-security-policy"] == csp_with_style_nonce(nonce.group(1))
        else:
            assert r.headers["content-security-policy"] == CSP, r.url
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
        assert r.headers["x-frame-options"] == "DENY"
    # a new nonce each time; scripts stay 'self' only
    again = call(app, "GET", "/redoc").headers["content-security-policy"]
    assert again != call(app, "GET", "/redoc").headers["content-security-policy"]
    assert "script-src 'self';" in again
    script_src = re.search(r"script-src ([^;]*)", CSP)
    assert script_src is not None and script_src.group(1) == "'self'"
    assert "frame-ancestors 'none'" in CSP and "unsafe" not in CSP


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_pages_have_no_inline_script(app: Any) -> None:
    for path in _pages(app):
        parser = _Tags()
        parser.feed(call(app, "GET", path).text)
        tags = parser.tags
        assert len(tags) > 5, path
        for tag, attrs in tags:
            if tag == "script":  # a file, or a JSON data block that is never executed
                assert attrs.get("src") or attrs.get("type") == "application/json", path
            assert not [a for a in attrs if a.startswith("on") or a == "style"], (path, tag)
            for a in ("href", "src", "action"):
                assert not (attrs.get(a) or "").strip().lower().startswith("javascript"), path


def test_docs_are_served_from_vendored_files(app: Any) -> None:
    for path, assets in (
        ("/docs", ["/static/vendor/swagger-ui-bundle.js", "/static/vendor/swagger-ui.css"]),
        ("/redoc", ["/static/vendor/redoc.standalone.js"]),
    ):
        html = call(app, "GET", path).text
        assert "cdn" not in html.lower() and "https://" not in html
        for asset in assets:
            assert asset in html
            r = call(app, "GET", asset)
            assert r.status_code == 200 and len(r.content) > 100_000
    vendor = Path(__file__).resolve().parents[1] / "src/warta/web/static/vendor"
    for licence in (
        "LICENSE.swagger-ui-dist.txt",
        "NOTICE.swagger-ui-dist.txt",
        "LICENSE.redoc.txt",
    ):
        assert (vendor / licence).stat().st_size > 20


def test_only_http_urls_become_links(store: Path) -> None:
    app = create_app(store)
    aid = call(app, "GET", "/api/articles?source=Warta%20Jahat").json()["items"][0]["id"]
    html = call(app, "GET", f"/articles/{aid}").text
    parser = _Tags()
    parser.feed(html)
    hrefs = [attrs.get("href") or "" for tag, attrs in parser.tags if tag == "a"]
    assert hrefs and not [h for h in hrefs if "javascript" in h.lower()]
    assert ">original</a>" not in html
    # the url is shown as text instead
    assert (
        '<span class="url" title="not an http(s) link">javascript:window.__pwned=&#39;url&#39;'
        in html
    )
    assert "<script>window" not in html and "<img src=x" not in html and "<svg" not in html
    # an http(s) url is a link
    doc_url = "https://example.org/berita?id=1&x=2"
    rec = call(app, "GET", f"/api/articles/{aid}").json()
    store = app.state.access
    store.write(
        [Doc.from_record({**rec, "id": "httplink", "url": doc_url, "text": rec["text"] + " "})]
    )
    html = call(app, "GET", "/articles/httplink").text
    assert (
        '<a href="https://example.org/berita?id=1&amp;x=2" '
        'rel="noopener noreferrer nofollow">original</a>' in html
    )
    app.state.access.close()


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://example.org", "HTTP://example.org"),
        (" \x01https://example.org/", "https://example.org/"),
        (HOSTILE_URL, None),
        ("JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("\x00javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("//evil.example/x", None),
        ("/relative", None),
        ("https:///nohost", None),
        ("http:example.org", None),
        (None, None),
    ],
)
def test_http_url(url: str | None, link: str | None) -> None:
    assert http_url(url) == link


# -- a real server ---------------------------------------------------------------------------


@pytest.fixture()
def real_server(store: Path) -> Iterator[tuple[str, int, subprocess.Popen[str]]]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "warta.cli",
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            "--allowed-host",
            "proxy.example",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"warta serve did not start: {proc.communicate()[1]}")
        time.sleep(0.2)
    yield base, port, proc
    proc.terminate()
    proc.wait(timeout=20)


def test_real_server_refuses_forged_host_and_origin(
    real_server: tuple[str, int, subprocess.Popen[str]],
) -> None:
    base, port, proc = real_server
    evil = f"evil.example:{port}"
    forged = {"Host": evil, "Origin": f"http://{evil}"}
    payload = {"text": ARTICLE, "store": True}
    with httpx.Client(base_url=base, timeout=120) as c:
        n = c.get("/api/health").json()["articles"]
        assert c.get("/api/events", headers=forged).status_code == 400
        assert c.get("/", headers={"Host": evil}).status_code == 400
        assert c.post("/api/code", json=payload, headers=forged).status_code == 400
        assert (
            c.post("/api/code", json=payload, headers={"Origin": f"http://{evil}"}).status_code
            == 403
        )
        assert c.post("/api/code", json=payload, headers={"Origin": "null"}).status_code == 403
        assert c.get("/api/health").json()["articles"] == n  # nothing was stored
        # the loopback names and --allowed-host pass; a non-browser write passes
        assert c.get("/api/events", headers={"Host": f"localhost:{port}"}).status_code == 200
        assert c.get("/api/events", headers={"Host": "proxy.example"}).status_code == 200
        r = c.post("/api/code", json=payload, headers={"Origin": base})
        assert r.status_code == 200 and r.json()["stored"] is True
        page = c.get("/")
        assert page.headers["content-security-policy"] == CSP
    proc.terminate()
    err = proc.communicate(timeout=20)[1]
    assert "answering requests for Host 127.0.0.1, ::1, localhost, proxy.example" in err
