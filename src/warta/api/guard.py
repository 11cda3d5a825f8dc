"""ASGI middleware that guards ``warta serve``: Host allow-list, cross-origin writes,
security headers on every response, and the request size limit.

- **Host**: a request is answered only when its ``Host`` header names the server: the
  loopback names, the address it was told to bind (``--host``) and every
  ``--allowed-host`` (a reverse proxy's public name). Anything else gets 400 on every
  route, reads included, so a DNS-rebinding page (``evil.example`` resolving to
  127.0.0.1) cannot read the store through a victim's browser.
- **Origin**: a POST (or any other unsafe method) that carries an ``Origin`` must name an
  allowed host on the port the request came to (a browser always sends one on a
  cross-origin POST); ``null`` and foreign origins get 403. Non-browser clients send no
  Origin and pass; the token rule for writes is checked by the app.
- **Headers**: a strict Content-Security-Policy (same origin only, no inline script),
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` (not
  ``no-referrer``: with it browsers send ``Origin: null`` on same-origin form posts),
  frame denial (``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``) and
  ``Cross-Origin-Resource-Policy: same-origin``.
- **Body size**: bodies over ``limit`` bytes get 413, also chunked ones without
  ``Content-Length`` (the body is read up to the limit before the app sees it).
"""

from __future__ import annotations

import ipaddress
import json
import urllib.parse
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

__all__ = [
    "CSP",
    "LOOPBACK_NAMES",
    "SECURITY_HEADERS",
    "BodyLimit",
    "Guard",
    "allowed_host_names",
    "csp_with_style_nonce",
    "host_name",
    "is_loopback",
]

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

#: same origin only; scripts only from files (no inline script, no eval); SVG icons of
#: the API docs come as data: images
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def csp_with_style_nonce(nonce: str) -> str:
    """:data:`CSP` that also admits ``<style>`` elements carrying ``nonce`` (ReDoc's
    styled-components read it from ``<meta property="csp-nonce">``); scripts stay
    ``'self'`` only."""
    return CSP.replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'")


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
)

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a bind address or name) is this machine's loopback."""
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(value: str) -> str | None:
    """The name in a ``Host`` header or URL netloc, without the port, lower-cased
    (``[::1]:8000`` -> ``::1``, ``Example.org.:80`` -> ``example.org``); ``None`` when
    it is empty or malformed."""
    value = value.strip().lower()
    if not value or any(c in value for c in "/\\@ \t,"):
        return None
    if value.startswith("["):
        name, sep, rest = value[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            return None
    elif value.count(":") > 1:  # a bare IPv6 address (a bind address)
        name = value
    else:
        name = value.partition(":")[0]
    return name.rstrip(".") or None


def _port(value: str) -> int | None:
    """The explicit port of a ``Host`` value, if any (``None``: none given or malformed)."""
    tail = value.rsplit("]", 1)[-1] if value.startswith("[") else value
    _, sep, port = tail.partition(":")
    return int(port) if sep and port.isdigit() else None


def allowed_host_names(bind: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host names a server bound to ``bind`` answers: loopback names, ``bind`` itself
    and the ``extra`` names (``--allowed-host``, e.g. a reverse proxy's public name)."""
    names = {host_name(v) for v in (bind, *extra)}
    return LOOPBACK_NAMES | {n for n in names if n is not None}


def _origin_allowed(origin: str, host: str, names: frozenset[str]) -> bool:
    """``origin`` names an allowed host on the same port as the request's ``Host``."""
    try:
        parts = urllib.parse.urlsplit(origin)
        oport = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if host_name(parts.hostname) not in names:
        return False
    hport = _port(host)
    if hport is None:  # behind a proxy on the default port: Origin names no port either
        return oport is None
    return (oport or (443 if parts.scheme == "https" else 80)) == hport


def _json(status: int, detail: str) -> tuple[dict[str, Any], dict[str, Any]]:
    body = json.dumps({"detail": detail}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *SECURITY_HEADERS,
        ],
    }
    return start, {"type": "http.response.body", "body": body}


class Guard:
    """Host allow-list, cross-origin refusal of unsafe methods and security headers."""

    def __init__(self, app: ASGIApp, names: frozenset[str]) -> None:
        self.app = app
        self.names = names

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":  # lifespan; there are no websocket routes
            await self.app(scope, receive, send)
            return
        headers = {k: v for k, v in scope.get("headers") or []}
        host = headers.get(b"host", b"").decode("latin-1")
        if host_name(host) not in self.names:
            shown = host[:100] or "(none)"
            await self._refuse(
                send,
                400,
                f"Host {shown!r} is not served here; if this server is reached under that "
                "name (a reverse proxy), start it with --allowed-host NAME",
            )
            return
        origin = headers.get(b"origin")
        unsafe = scope.get("method", "GET") not in _SAFE_METHODS
        if unsafe and origin is not None and not self._origin_ok(origin, host):
            await self._refuse(send, 403, "cross-origin write refused")
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers") or []}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in have]
                message = {**message, "headers": [*(message.get("headers") or []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)

    def _origin_ok(self, origin: bytes, host: str) -> bool:
        return _origin_allowed(origin.decode("latin-1"), host, self.names)

    @staticmethod
    async def _refuse(send: Any, status: int, detail: str) -> None:
        start, body = _json(status, detail)
        await send(start)
        await send(body)


class BodyLimit:
    """Answer 413 to a request whose body is (or grows) larger than ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers") or []:
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = True
                if too_big:
                    await self._too_large(send)
                    return
        if scope.get("method") in _SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        # read the whole body (at most ``limit`` bytes) before the app sees it, so a
        # chunked body without Content-Length is refused the same way
        body = bytearray()
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            body += msg.get("body", b"")
            if len(body) > self.limit:
                await self._too_large(send)
                return
            if not msg.get("more_body", False):
                break
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            message: dict[str, Any] = await receive()
            return message

        await self.app(scope, replay, send)

    async def _too_large(self, send: Any) -> None:
        start, body = _json(413, f"request body larger than {self.limit} bytes")
        await send(start)
        await send(body)
