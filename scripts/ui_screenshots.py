#!/usr/bin/env python3
"""Screenshots of the events page, the map and the actor network of a store, as a new user
sees them in Chromium (Debian's, driven by Playwright; ``scripts/install-browser.sh``).

    python scripts/ui_screenshots.py --store ui.duckdb --out screenshots --prefix after-

The store is opened read-only, served on a free loopback port, and each page is captured
once it has drawn (``data-ready`` on the chart). Extra pages: ``--page NAME=PATH``.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from warta.api.app import create_app

PAGES = {
    "events": ("/events", "#timeline svg"),
    "map": ("/map", "#map[data-ready='1']"),
    "network": ("/actors", "#network[data-ready='1']"),
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--out", default="screenshots")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--page", action="append", default=[], help="NAME=PATH (waits for load)")
    ap.add_argument("--map-zoom", help="K,LON,LAT: also a shot of the map zoomed there")
    args = ap.parse_args()
    pages = dict(PAGES)
    for item in args.page:
        name, _, path = item.partition("=")
        pages[name] = (path, "body")
    app = create_app(args.store, read_only=True)
    port = _port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("pageerror", lambda e: print(f"page error: {e}"))
        page.on("console", lambda m: print(f"console: {m.text}") if m.type == "error" else None)
        for name, (path, ready) in pages.items():
            page.goto(f"http://127.0.0.1:{port}{path}")
            page.wait_for_selector(ready, timeout=60_000)
            target = out / f"{args.prefix}{name}.png"
            page.screenshot(path=str(target), full_page=False)
            print(target)
        if args.map_zoom:
            k, lon, lat = (float(x) for x in args.map_zoom.split(","))
            page.goto(f"http://127.0.0.1:{port}/map")
            page.wait_for_selector("#map[data-ready='1']", timeout=60_000)
            page.evaluate(f"() => document.getElementById('map')._wartaZoomTo({k}, {lon}, {lat})")
            target = out / f"{args.prefix}map-zoomed.png"
            page.screenshot(path=str(target), full_page=False)
            print(target)
        browser.close()
    srv.should_exit = True


if __name__ == "__main__":
    main()
