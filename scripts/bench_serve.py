#!/usr/bin/env python3
"""Time the pages and API calls of ``warta serve`` on a store.

    PYTHONPATH=src python scripts/bench_serve.py --store indosum.duckdb [--browser]

Starts uvicorn on 127.0.0.1 (free port) in this process, requests each URL a few times
over real HTTP and prints the median and worst response time; ``--browser`` also loads
each page in Debian's Chromium through Playwright and reports the time until the page's
scripts have drawn (network idle). Numbers for the report, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import threading
import time

import httpx
import uvicorn

from warta.api.app import create_app

PAGES = [
    "/",
    "/?q=presiden",
    "/events",
    "/events?type=ASSAULT&historical=false",
    "/events?q=serangan",
    "/map",
    "/actors",
    "/code",
]
API = [
    "/api/articles?limit=50",
    "/api/articles?q=menyerang",
    "/api/events?limit=100",
    "/api/events?actor=USA&limit=100&offset=100",
    "/api/events/download?format=csv",
    "/api/stats/timeline?bucket=day",
    "/api/stats/timeline?bucket=week",
    "/api/network",
    "/api/map",
    "/api/places",
    "/api/entities",
    "/api/actors",
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--browser", action="store_true")
    args = ap.parse_args()
    app = create_app(args.store, read_only=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base, timeout=120) as c:
        health = c.get("/api/health").json()
        print(
            f"store {args.store}: {health['articles']} articles, {health['events']} events,"
            f" search {health['search']}"
        )
        aid = c.get("/api/articles?limit=1").json()["items"][0]["id"]
        urls = [*PAGES, f"/articles/{aid}", *API]
        t0 = time.perf_counter()
        c.get("/api/articles?q=indonesia")
        print(f"first full-text query (builds the FTS index): {time.perf_counter() - t0:.2f}s")
        for url in urls:
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                r = c.get(url)
                times.append(time.perf_counter() - t)
                assert r.status_code == 200, (url, r.status_code)
            print(
                f"{statistics.median(times) * 1000:8.1f} ms median {max(times) * 1000:8.1f}"
                f" ms max  {len(r.content) / 1024:8.1f} KiB  {url}"
            )
    if args.browser:
        from playwright.sync_api import sync_playwright

        exe = shutil.which("chromium")
        with sync_playwright() as pw:
            b = pw.chromium.launch(
                executable_path=exe,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            for url in ["/", "/events", "/map", "/actors", f"/articles/{aid}"]:
                times = []
                for _ in range(3):
                    t = time.perf_counter()
                    page.goto(base + url, wait_until="load")
                    # the charts are drawn from /api data after load: wait for them
                    page.wait_for_function(
                        "() => !document.querySelector('#map,#network') ||"
                        " document.querySelector('[data-ready]')"
                        " || document.querySelector('#network .empty')"
                    )
                    times.append(time.perf_counter() - t)
                print(f"browser {statistics.median(times) * 1000:8.1f} ms to drawn  {url}")
            b.close()
    srv.should_exit = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
