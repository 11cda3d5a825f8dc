"""The ``warta serve`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "cmd_serve"]

EPILOG = """examples:
  warta run ../shared/samples --store demo.duckdb && warta serve --store demo.duckdb
  warta serve --store warta.duckdb --read-only --port 8080
  warta serve --store warta.duckdb --host 0.0.0.0 --token "$(openssl rand -hex 16)"
  warta serve --store warta.duckdb --allowed-host warta.example.org   (behind a proxy)

The server binds 127.0.0.1 by default. Another address needs --token; writes (storing a
pasted article) then need the header 'Authorization: Bearer TOKEN'. Requests must name
this server in their Host header: localhost, 127.0.0.1, ::1, the --host address, or a
name given with --allowed-host (repeatable); any other Host gets 400. DuckDB lets one
process write a store: stop the server before 'warta run --store' on the same file.
"""


def add_parser(sub: Any) -> None:
    s = sub.add_parser(
        "serve",
        help="web UI and JSON API over a store (http://127.0.0.1:8000)",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("--store", required=True, help="DuckDB store file")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--token", help="bearer token required for writes (required off loopback)")
    s.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests whose Host header is NAME (a reverse proxy's name); repeatable",
    )
    s.add_argument("--read-only", action="store_true", help="open the store read-only")
    s.add_argument(
        "--max-body", type=int, default=2 * 1024 * 1024, help="request size limit in bytes"
    )
    s.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import uvicorn
    except ImportError as exc:
        print(
            f"warta: error: 'warta serve' needs fastapi, uvicorn and jinja2 ({exc.name} is "
            "missing): reinstall warta with its dependencies (pip install -e .)",
            file=sys.stderr,
        )
        return 2
    from warta.api.app import create_app
    from warta.api.guard import allowed_host_names, is_loopback

    if not is_loopback(args.host) and not args.token:
        print(
            f"warta: error: refusing to serve on {args.host} without --token "
            "(anyone who can reach it could write to the store); bind 127.0.0.1 or set --token",
            file=sys.stderr,
        )
        return 2
    if args.read_only and not Path(args.store).exists():
        print(f"warta: error: {args.store}: no such store", file=sys.stderr)
        return 2
    if not Path(args.store).exists():
        print(
            f"warta: note: {args.store} does not exist yet; serving a new, empty store",
            file=sys.stderr,
        )
    app = create_app(
        args.store,
        token=args.token,
        host=args.host,
        read_only=args.read_only,
        max_body=args.max_body,
        allowed_hosts=args.allowed_host,
    )
    import threading

    threading.Thread(target=app.state.access.search.warm, daemon=True).start()
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"warta: serving {args.store} on http://{host}:{args.port}/ (API docs at /docs)",
        file=sys.stderr,
    )
    names = sorted(allowed_host_names(args.host, args.allowed_host))
    print(
        f"warta: answering requests for Host {', '.join(names)} (more with --allowed-host)",
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
