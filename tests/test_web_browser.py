"""The web UI in a real browser: Playwright driving Debian's Chromium.

A uvicorn server on 127.0.0.1 (free port, background thread) serves a store filled with
the hand-coded sample article, an article carrying HTML, and the dev articles coded
with whatever pipeline exists. Each test loads a page, checks what a person sees and
saves a screenshot to ``screenshots/``. Skipped when playwright or chromium is missing
(``scripts/install-browser.sh`` installs chromium; ``playwright install`` is not used).
"""

from __future__ import annotations

import csv
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from conftest import ROOT, shared_dir  # noqa: E402
from warta.api.app import create_app  # noqa: E402
from warta.store import Store  # noqa: E402
from web_fixtures import (  # noqa: E402
    demo_doc,
    dev_docs,
    free_port,
    hostile_doc,
    noisy_doc,
    script_doc,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Iterator[str]:
    store = tmp_path_factory.mktemp("web") / "web.duckdb"
    with Store(store) as st:
        st.write(
            [
                demo_doc(sample_path),
                script_doc(),
                hostile_doc(),
                noisy_doc(),
                *dev_docs(shared_dir()),
            ]
        )
    app = create_app(store)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.access.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Visit:
    """A page that records failed requests, console errors and off-host requests."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.offhost: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed {r.url}"))

        def watch(route: Any) -> None:
            url = route.request.url
            if url.startswith(base) or url.startswith("data:"):
                route.continue_()
            else:
                self.offhost.append(url)
                route.abort()

        self.page.route("**/*", watch)

    def go(self, path: str) -> Any:
        resp = self.page.goto(self.base + path)
        assert resp is not None and resp.status == 200, path
        return self.page

    def shot(self, name: str) -> None:
        SHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        assert self.errors == [], self.errors
        assert self.offhost == [], f"requests outside the server: {self.offhost}"
        self.ctx.close()


@pytest.fixture()
def visit(browser: Any, server: str) -> Iterator[Visit]:
    v = Visit(browser, server)
    yield v
    v.close()


def _sample_id(visit: Visit) -> str:
    data = visit.page.request.get(visit.base + "/api/articles?q=pasukan").json()
    return str(data["items"][0]["id"])


def test_article_list_and_search(visit: Visit) -> None:
    page = visit.go("/")
    total = int(page.inner_text("#article-total"))
    assert total >= 2
    assert page.locator(".article-row").count() == min(total, 50)
    visit.shot("articles")
    # stemmed search: "menyerang" finds the sample, which says "serangan"
    page.fill("input[name=q]", "menyerang")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    titles = page.locator(".article-row > a").all_inner_texts()
    assert any("Irak dan AS sepakat" in t for t in titles)


def test_article_view_highlights_and_links_evidence(visit: Visit) -> None:
    visit.go("/")
    aid = _sample_id(visit)
    page = visit.go(f"/articles/{aid}")
    counts = page.evaluate(
        """() => {
        const out = {};
        for (const el of document.querySelectorAll('#article-text [data-ann]')) {
          const layer = el.dataset.ann.split(':')[0];
          (out[layer] = out[layer] || new Set()).add(el.dataset.ann);
        }
        return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.size]));
    }"""
    )
    assert counts["trigger"] == 10 and counts["entity"] == 14
    assert counts["time"] == 5 and counts["place"] == 6 and counts["quote"] == 2
    # distinct colours per layer
    colours = {
        cls: page.eval_on_selector(f".{cls}", "el => getComputedStyle(el).backgroundColor")
        for cls in ("hl-entity", "hl-time", "hl-place", "hl-quote", "hl-trigger")
    }
    assert len(set(colours.values())) == 5, colours
    assert page.get_attribute("#t-ev1", "title").startswith("AGREE: Baghdad [IRQ GOV]")
    assert page.locator(".event-item").count() == 10
    # an event links to its evidence: the sentence is highlighted and scrolled to
    page.click('.evidence-link[data-event="ev10"]')
    page.wait_for_timeout(700)
    focused = page.locator(".sent.focus")
    assert focused.count() == 1
    assert "dibunuh" in focused.inner_text()
    assert page.evaluate("() => location.hash") == "#t-ev10"
    visit.shot("article")


def test_script_in_article_shows_as_text(visit: Visit) -> None:
    visit.go("/")
    data = visit.page.request.get(visit.base + "/api/articles?source=Warta%20Uji").json()
    page = visit.go(f"/articles/{data['items'][0]['id']}")
    assert "<script>alert('xss')</script>" in page.inner_text("#article-text")
    assert page.locator("#article-text script").count() == 0
    assert "<img src=x onerror=alert(1)> Uji" in page.inner_text("h1")
    visit.shot("article-escaped")


def test_events_table_filters_and_timeline(visit: Visit) -> None:
    # the hand-coded sample article alone (the dev articles have their own history)
    page = visit.go("/events?source=Purna%20Warta")
    total = int(page.inner_text("#event-total"))
    assert total == 9  # the planned CONSULT is not counted
    assert page.locator("tr.event-row").count() == min(total, 100)
    page.wait_for_selector("#timeline svg rect.bar")
    hist_bars = page.locator("#timeline rect.bar.historical").count()
    news_bars = page.locator("#timeline rect.bar.news").count()
    assert hist_bars >= 1 and news_bars >= 1
    # historical bars sit left of the 2024 news on the time axis
    xs = page.evaluate(
        """() => [...document.querySelectorAll('#timeline rect.bar')].map(
             r => [r.classList.contains('historical'), +r.getAttribute('x')])"""
    )
    assert max(x for h, x in xs if h) < min(x for h, x in xs if not h)
    assert page.locator("#timeline path.report-mark").count() >= 1  # one report date
    visit.shot("events")
    # filter by type and country with the form
    page.select_option("select[name=type]", "ASSAULT")
    page.fill("input[name=actor]", "USA")
    page.click("#event-filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("tr.event-row").count() == int(page.inner_text("#event-total")) == 2
    assert set(page.locator("tr.event-row td:nth-child(3) .etype").all_inner_texts()) == {"ASSAULT"}
    page.select_option("select[name=historical]", "false")
    page.click("#event-filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("tr.event-row").count() == 1
    page.wait_for_selector("#timeline svg rect.bar")
    visit.shot("events-filtered")
    # sortable: clicking "Type" sorts by type
    page = visit.go("/events")
    page.click("th >> text=Type")
    page.wait_for_load_state()
    types = page.locator("tr.event-row td:nth-child(3) .etype").all_inner_texts()
    assert types == sorted(types)


def test_map_shows_event_places(visit: Visit) -> None:
    page = visit.go("/map")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.locator("#map path.country").count() > 150
    assert page.locator("#map circle.event-marker").count() >= 3
    labels = set(page.locator("#map text.marker-label").all_text_contents())
    # the labels name the stored event locations (which ones depends on the coder), and a
    # label that would overlap another is left out
    located = visit.page.request.get(visit.base + "/api/map").json()
    names = {e["name"] for e in located["events"]}
    assert len(labels) >= 2 and labels <= names | _cluster_counts(labels)
    titles = " ".join(page.locator("#map circle.marker title").all_text_contents())
    assert "Gaza Strip" in titles
    assert page.locator("#map circle.place-dot").count() >= 5
    first = sorted(n for n in labels if n in names)[0]
    marker = page.locator("#map circle.event-marker").filter(
        has=page.locator("title", has_text=f"{first}:")
    )
    marker.first.dispatch_event("click")
    assert first in page.inner_text("#map-info")
    visit.shot("map")


def _cluster_counts(labels: set[str]) -> set[str]:
    """Numbered cluster markers' labels ("3": nearby places merged until zoomed)."""
    return {x for x in labels if x.isdigit()}


def test_actor_network(visit: Visit) -> None:
    page = visit.go("/actors?by=sector")
    page.wait_for_selector("#network[data-ready='1']", timeout=10_000)
    labels = set(page.locator("#network g.node text").all_text_contents())
    assert {"Iraq · government", "United States · government", "Israel · government"} <= labels
    edges = page.locator("#network path.edge")
    assert edges.count() >= 8
    assert page.locator("#network path.edge.quad-material_conflict").count() >= 1
    assert page.locator("#network path.edge.quad-verbal_cooperation").count() >= 1
    strokes = set(
        page.evaluate(
            "() => [...document.querySelectorAll('#network path.edge')]"
            ".map(e => e.getAttribute('stroke'))"
        )
    )
    assert len(strokes) >= 3
    visit.shot("actors")


def _outside_view(page: Any) -> list[str]:
    """Node labels whose box is not inside the network's drawing."""
    return list(
        page.evaluate(
            """() => {
            const svg = document.querySelector('#network svg').getBoundingClientRect();
            return [...document.querySelectorAll('#network g.node text')].filter(t => {
              const b = t.getBoundingClientRect();
              return b.left < svg.left - 0.5 || b.right > svg.right + 0.5 ||
                     b.top < svg.top - 0.5 || b.bottom > svg.bottom + 0.5;
            }).map(t => t.textContent);
        }"""
        )
    )


def test_network_names_actors_and_keeps_labels_in_view(visit: Visit) -> None:
    page = visit.go("/actors")  # by named actor
    page.wait_for_selector("#network[data-ready='1']", timeout=10_000)
    labels = set(page.locator("#network g.node text").all_text_contents())
    assert "Joko Widodo" in labels
    assert not labels & {"Saya", "saya", "Ketua", "Rp", "WIB", "Pasal 287"}
    assert not any(" · saya" in t.lower() or " · kami" in t.lower() for t in labels)
    assert _outside_view(page) == []
    entities = page.locator("#entity-table td:first-child").all_text_contents()
    assert "Joko Widodo" in entities
    assert not set(entities) & {"Rp", "WIB", "Pasal 287", "Saya", "Ketua"}
    visit.shot("network-by-actor")
    page = visit.go("/actors?by=country")
    page.wait_for_selector("#network[data-ready='1']", timeout=10_000)
    assert {"Iraq", "United States"} <= set(
        page.locator("#network g.node text").all_text_contents()
    )
    assert _outside_view(page) == []


def test_paste_an_article(visit: Visit) -> None:
    page = visit.go("/code")
    page.fill("input[name=published]", "2024-03-05")
    page.fill(
        "textarea[name=text]",
        "Jakarta, Warta Uji – Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri "
        "Australia di Jakarta pada hari Selasa. Keduanya membahas kerja sama maritim.",
    )
    page.click("form.code-form button[type=submit]")
    page.wait_for_selector("#article-text")
    assert "bertemu Menteri Luar Negeri" in page.inner_text("#article-text")
    assert page.locator("#article-text .sent").count() == 2
    assert "not stored" in page.inner_text(".article-head")
    visit.shot("code-result")


def test_hostile_article_runs_nothing(visit: Visit) -> None:
    """An article whose url is javascript:, and whose title, text, entity and actor names
    carry markup: clicking through it runs none of it, and the page's CSP blocks an
    inline script even when one gets into the DOM."""
    dialogs: list[str] = []
    visit.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    data = visit.page.request.get(visit.base + "/api/articles?source=Warta%20Jahat").json()
    page = visit.go(f"/articles/{data['items'][0]['id']}")
    csp = visit.page.request.get(page.url).headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert page.locator("a", has_text="original").count() == 0
    assert "javascript:window.__pwned='url'" in page.inner_text(".article-head .url")
    assert "<script>window.__pwned='text'</script>" in page.inner_text("#article-text")
    assert "<img src=x" in page.inner_text("h1")
    # click through everything a reader would: the url text, the event, its trigger,
    # every highlight; hover the titles
    page.click(".article-head .url")
    for link in page.locator(".evidence-link").all():
        link.click()
    for el in page.locator("#article-text [data-ann]").all():
        el.hover()
        el.click()
    page.click("#article-text")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#article-text script, #article-text img, .event-list svg").count() == 0
    # an inline script that reached the DOM is refused by the Content-Security-Policy
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__pwned = "inline"';
                   document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__pwned") is None
    refused = [e for e in visit.errors if "Content Security Policy" in e]
    assert len(refused) == 1, visit.errors
    visit.errors.remove(refused[0])
    assert dialogs == []
    visit.shot("article-hostile")


def test_swagger_ui_renders_offline(visit: Visit) -> None:
    """Swagger UI comes from the server's vendored files (off-host requests and console
    errors, CSP violations included, fail the test)."""
    page = visit.go("/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=30_000)
    assert "/api/events" in page.inner_text("body")
    visit.shot("docs")


def test_redoc_renders_offline(browser: Any, server: str) -> None:
    """ReDoc comes from the server's vendored file. It always asks for its attribution
    logo on its CDN: the page's CSP (img-src 'self') refuses that in the browser, so the
    request never leaves the machine (no route interception here, to see the browser's
    own decision)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    off: dict[str, str | None] = {}
    done: list[str] = []
    errors: list[str] = []
    page.on(
        "request", lambda r: off.setdefault(r.url, None) if not r.url.startswith(server) else None
    )
    page.on("requestfailed", lambda r: off.__setitem__(r.url, r.failure) if r.url in off else None)
    page.on("requestfinished", lambda r: done.append(r.url))
    bad: list[str] = []
    page.on("response", lambda r: bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    resp = page.goto(server + "/redoc")
    assert resp is not None and resp.status == 200
    page.wait_for_selector("h1:has-text('warta')", timeout=30_000)
    page.wait_for_timeout(500)
    assert "/api/events" in page.inner_text("body")
    assert set(off) <= {
        "https://cdn.redoc.ly/redoc/logo-mini-full.svg",
        "https://cdn.redoc.ly/redoc/logo-mini.svg",
    }, off
    assert all(failure == "csp" for failure in off.values()), off
    assert not [u for u in done if not u.startswith(server)]
    assert bad == [], bad
    unexpected = [e for e in errors if "cdn.redoc.ly" not in e]
    assert unexpected == [], unexpected
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "redoc.png"))
    ctx.close()


# -- what an analyst sees (issue 15) ------------------------------------------------------


def test_timeline_axis_names_years_and_colours_quads(visit: Visit) -> None:
    page = visit.go("/events")
    page.wait_for_selector("#timeline svg rect.bar")
    ticks = page.evaluate(
        """() => [...document.querySelectorAll('#timeline g.axis .tick:not(.hidden-tick) text')]
             .map(t => t.textContent)"""
    )
    assert ticks and all(re.search(r"\b(1[0-9]|20)\d\d\b", t) for t in ticks), ticks
    # one colour per quad class: a bar's fill is its quad's colour or a pattern on it
    bars = page.evaluate(
        """() => [...document.querySelectorAll('#timeline rect.bar')].map(r => {
             const fill = r.getAttribute('fill');
             const m = fill.match(/url\\(#(.+)\\)/);
             const base = m ? document.getElementById(m[1]).querySelector('rect')
                               .getAttribute('fill') : fill;
             return [r.dataset.type, base];
        })"""
    )
    quad = page.evaluate("() => window.WARTA_QUAD")
    for etype, base in bars:
        assert base == quad["classes"][quad["types"][etype]]["colour"], (etype, base)
    assert len({b for _, b in bars}) <= 4
    legend = page.locator("#timeline-legend .legend-type").all_text_contents()
    assert len(legend) == len({t for t, _ in bars})
    visit.shot("events-timeline")


def test_events_default_sort_is_newest_report_first(visit: Visit) -> None:
    page = visit.go("/events")
    reported = page.locator("tr.event-row td:nth-child(2)").all_text_contents()
    assert reported and reported == sorted(reported, reverse=True)
    assert "Reported ▼" in page.inner_text("#events-table thead")


def test_bad_date_is_a_message_on_the_form(visit: Visit) -> None:
    resp = visit.page.goto(visit.base + "/events?date_from=2016-13-01&country=IRQ")
    assert resp is not None and resp.status == 422
    page = visit.page
    assert "2016-13-01" in page.inner_text("#filter-errors")
    assert page.get_attribute("input[name=date_from]", "class") == "invalid"
    assert page.input_value("input[name=date_from]") == "2016-13-01"
    assert page.locator("#events-table").count() == 1  # the page, not a JSON error
    # correcting it on the form works
    page.fill("input[name=date_from]", "2016-01")
    page.click("#event-filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#filter-errors").count() == 0
    chips = page.locator("#active-filters .chip").evaluate_all("cs => cs.map(c => c.dataset.key)")
    assert set(chips) == {"date_from", "country"}
    visit.errors = [e for e in visit.errors if "422" not in e]
    visit.shot("events-form-error-fixed")


def test_every_url_filter_is_visible_and_removable(visit: Visit) -> None:
    page = visit.go("/events?country=IRQ&place=98182")
    assert page.input_value("input[name=country]") == "IRQ"
    keys = page.locator("#active-filters .chip").evaluate_all("cs => cs.map(c => c.dataset.key)")
    assert set(keys) == {"country", "place"}
    total = int(page.inner_text("#event-total"))
    page.click('#active-filters .chip[data-key="place"] a')
    page.wait_for_load_state()
    assert "place=" not in page.url and "country=IRQ" in page.url
    assert int(page.inner_text("#event-total")) >= total
    visit.shot("events-active-filters")


def test_evidence_view_marks_actor_recipient_and_other_evidence(visit: Visit) -> None:
    data = visit.page.request.get(visit.base + "/api/articles?source=Warta%20Bising").json()
    page = visit.go(f"/articles/{data['items'][0]['id']}")
    assert page.locator("#article-text .hl-role.on").count() == 0
    page.click('.evidence-link[data-event="ev1"]')
    assert page.locator("#article-text .hl-actor.on").all_inner_texts() == ["Saya"]
    assert page.locator("#article-text .hl-recipient.on").all_inner_texts() == ["Joko Widodo"]
    assert "Ia merujuk" in page.inner_text("#article-text .sent.evidence")
    assert "menuduh" in page.inner_text("#article-text .sent.focus")
    visit.shot("article-evidence")


def test_map_precision_clusters_and_zoom(visit: Visit) -> None:
    page = visit.go("/map")
    page.wait_for_selector("#map[data-ready='1']")
    # a country-level location is drawn as a country, at its centroid, not at the capital
    indo = page.locator("#map circle.event-marker.precision-country").filter(
        has=page.locator("title", has_text="Indonesia:")
    )
    assert indo.count() == 1
    jakarta = page.locator("#map circle").filter(has=page.locator("title", has_text="Jakarta"))

    def centre(loc: Any) -> tuple[float, float]:
        b = loc.first.bounding_box()
        return b["x"] + b["width"] / 2, b["y"] + b["height"] / 2

    (ix, iy), (jx, jy) = centre(indo), centre(jakarta)
    assert abs(ix - jx) + abs(iy - jy) > 10
    indo.first.dispatch_event("click")
    assert "precision: country" in page.inner_text("#map-info")
    n_events = len(visit.page.request.get(visit.base + "/api/map").json()["events"])
    world = int(page.get_attribute("#map", "data-markers"))
    size = page.evaluate(
        "() => +document.querySelector('#map circle.event-marker').getAttribute('r')"
    )
    visit.shot("map-world")
    if shared_dir() is None:
        pytest.skip(
            "shared folder absent: no dev articles, so no two places near enough to cluster"
        )
    # zoomed on Java: markers keep their screen size, clusters come apart
    page.evaluate("() => document.getElementById('map')._wartaZoomTo(40, 106.8, -6.2)")
    zoomed = int(page.get_attribute("#map", "data-markers"))
    assert world < n_events and zoomed == n_events
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('#map circle.event-marker')]"
        ".map(c => +c.getAttribute('r'))"
    )
    assert max(sizes) <= 16 + 3 and size in sizes
    labels = page.evaluate(
        """() => [...document.querySelectorAll('#map text.marker-label')].map(t => {
             const b = t.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })"""
    )
    for i, a in enumerate(labels):  # labels never overlap
        for b in labels[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    visit.shot("map-zoomed")


def test_pasting_the_same_article_twice_stores_it_once(visit: Visit) -> None:
    text = (
        "Jakarta, Warta Dua Kali – Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri "
        "Jepang di Tokyo pada hari Rabu.\n"
    )
    before = visit.page.request.get(visit.base + "/api/health").json()["articles"]
    urls = []
    for extra in ("", "\n\n"):
        page = visit.go("/code")
        page.fill("textarea[name=text]", text + extra)
        page.check("input[name=store]")
        page.click("form.code-form button[type=submit]")
        page.wait_for_selector("#article-text")
        urls.append(page.url)
    assert urls[0] == urls[1]
    after = visit.page.request.get(visit.base + "/api/health").json()["articles"]
    assert after == before + 1


def test_csv_download_is_the_analyst_table(visit: Visit) -> None:
    page = visit.go("/events?include_unrealised=true")
    with page.expect_download() as info:
        page.click("text=CSV")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    # Chromium reports a download as an aborted request
    visit.errors = [e for e in visit.errors if "/api/events/download" not in e]
    rows = list(csv.DictReader(text.splitlines()))
    assert rows and {"lat", "lon", "geo_precision", "counted", "actor_name"} <= set(rows[0])
    for row in rows:
        assert {row[c] for c in ("historical", "future", "negated", "counted")} <= {"true", "false"}
        n = int(row["n_actors"])
        assert all(len(row[c].split(";")) == n for c in ("actor_text", "actor_country") if n)
    assert any(r["future"] == "true" for r in rows)
