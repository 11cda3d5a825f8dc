"""The FastAPI application behind ``warta serve``: JSON API under /api, pages at /.

Security rules (see also :mod:`warta.api.guard` for the middleware and
:mod:`warta.api.db` for the single writer):

- the server binds to 127.0.0.1 unless told otherwise, and refuses to start on another
  address without a token;
- every request must name an allowed host in ``Host`` (loopback names, the bind address,
  ``--allowed-host``): any other gets 400, reads included (DNS rebinding);
- a POST whose ``Origin`` is not an allowed host on the server's port is refused (403),
  so a web page elsewhere cannot make a browser write to a local store;
- when a token is set, writing endpoints (``POST /api/code`` with ``store``, ``POST /code``
  with ``store``) need ``Authorization: Bearer TOKEN`` (the paste form has a token field);
- request bodies above ``max_body`` bytes are answered with 413;
- every response carries a strict Content-Security-Policy (no inline script: pages load
  their scripts from /static), ``nosniff``, ``Referrer-Policy`` and frame denial; the API
  docs (/docs, /redoc) use vendored Swagger UI and ReDoc;
- templates autoescape; the article view escapes every piece of text it inserts, and only
  ``http``/``https`` URLs become links;
- SQL is built from fixed fragments, user values go into ``?`` parameters only.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, Field

from warta import __version__
from warta.api.db import StoreAccess
from warta.api.filters import Filter, PageF, PageFilter, filter_ctx
from warta.api.guard import (
    BodyLimit,
    Guard,
    allowed_host_names,
    csp_with_style_nonce,
    is_loopback,
)
from warta.api.maps import map_data, places_table
from warta.api.network import NETWORK_BY, entity_table, sector_label
from warta.api.network import network as network_data
from warta.api.queries import (
    SORTABLE,
    EventFilter,
    FilterError,
    where_events,
)
from warta.api.views import (
    article_ctx,
    article_list,
    event_item,
    page_link,
    quad_info,
    stored_record,
    stream_events,
    timeline_data,
)
from warta.errors import WartaError
from warta.model import Article, Doc
from warta.tables import EVENT_SQL
from warta.web.render import event_label, http_url

__all__ = ["DEFAULT_MAX_BODY", "ServeError", "create_app", "is_loopback"]

DEFAULT_MAX_BODY = 2 * 1024 * 1024
MAX_LIMIT = 1000
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]


class ServeError(WartaError):
    """The server cannot start with the given settings."""


# -- the app ---------------------------------------------------------------------------


class CodeRequest(BaseModel):
    """An article to code with the default pipeline."""

    text: str = Field(min_length=1, description="article body")
    published: str | None = Field(None, description="publication date YYYY-MM-DD")
    source: str | None = None
    title: str | None = None
    url: str | None = None
    language: str | None = Field(None, description="id or en; detected when absent")
    store: bool = Field(False, description="also write the coded article to the store")


def create_app(
    store: str | Path | StoreAccess,
    *,
    token: str | None = None,
    host: str = "127.0.0.1",
    read_only: bool = False,
    max_body: int = DEFAULT_MAX_BODY,
    allowed_hosts: Iterable[str] = (),
) -> FastAPI:
    """The ASGI app serving ``store`` (a path or an open :class:`StoreAccess`).

    Requests must name ``host``, a loopback name or one of ``allowed_hosts`` in their
    ``Host`` header (:class:`warta.api.guard.Guard`)."""
    if not is_loopback(host) and not token:
        raise ServeError(
            f"refusing to serve on {host} without a token: pass --token (or bind 127.0.0.1)"
        )
    access = store if isinstance(store, StoreAccess) else StoreAccess(store, read_only=read_only)
    app = FastAPI(
        title="warta",
        version=__version__,
        description="PLOVER v2 political event data coded from news articles, with evidence.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.access = access
    app.state.allowed_hosts = allowed_host_names(host, allowed_hosts)
    app.state.token = token
    code_lock = threading.Lock()
    env = Environment(
        loader=PackageLoader("warta.web", "templates"),
        autoescape=select_autoescape(["html"], default=True),
    )
    env.globals["version"] = __version__
    env.globals["quad"] = quad_info()
    env.filters["event_label"] = event_label
    env.filters["http_url"] = http_url
    env.globals["sector_label"] = sector_label
    app.mount("/static", StaticFiles(packages=[("warta.web", "static")]), name="static")
    app.add_middleware(BodyLimit, limit=max_body)  # type: ignore[arg-type]
    # added last, so it runs first: the Host check comes before anything reads the body
    app.add_middleware(Guard, names=app.state.allowed_hosts)  # type: ignore[arg-type]

    @app.exception_handler(FilterError)
    async def _filter_error(request: Request, exc: FilterError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    # -- helpers -----------------------------------------------------------------------

    def check_write(request: Request, supplied: str | None = None) -> None:
        # Host and Origin were checked by the Guard middleware before the route ran
        if access.read_only:
            raise HTTPException(403, "the store is open read-only")
        if token:
            auth = request.headers.get("authorization", "")
            given = auth[7:] if auth.lower().startswith("bearer ") else (supplied or "")
            if not hmac.compare_digest(given.encode(), token.encode()):
                raise HTTPException(
                    401, "a token is required", headers={"WWW-Authenticate": "Bearer"}
                )

    def page(name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        tpl = env.get_template(name)
        html = tpl.render(request=request, path=request.url.path, token_required=bool(token), **ctx)
        return HTMLResponse(html, status_code=status)

    def events_page(
        f: EventFilter, sort: str, order: str | None, limit: int, offset: int
    ) -> dict[str, Any]:
        where, params = where_events(access, f)
        total = access.scalar(f"SELECT count(*) FROM events e{where}", params)
        if sort not in SORTABLE:
            raise FilterError(f"sort: one of {', '.join(SORTABLE)}")
        order = order or default_order(sort)
        direction = "DESC" if order.lower() == "desc" else "ASC"
        rows = access.query(
            f"SELECT e.*, a.title AS article_title FROM events e "
            f"LEFT JOIN articles a ON a.id = e.article_id{where} "
            f"ORDER BY {SORTABLE[sort]} {direction} NULLS LAST, e.date DESC NULLS LAST, "
            f"e.article_id, e.event_id "
            f"LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return {
            "total": int(total or 0),
            "limit": limit,
            "offset": offset,
            "items": [event_item(r) for r in rows],
        }

    # -- API docs from vendored assets (nothing from another host) --------------------

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        return page("docs.html", request, openapi_url=app.openapi_url)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # no icon, and no 404 in the browser console

    @app.get("/redoc", response_class=HTMLResponse, include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        # ReDoc styles itself through <style> elements: admitted by a one-time nonce
        nonce = secrets.token_urlsafe(18)
        resp = page("redoc.html", request, openapi_url=app.openapi_url, nonce=nonce)
        resp.headers["content-security-policy"] = csp_with_style_nonce(nonce)
        return resp

    # -- JSON API ----------------------------------------------------------------------

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Store size, search mode and whether writes are possible."""
        return {
            "warta": __version__,
            "store": access.path,
            "articles": access.store.count("articles"),
            "events": access.store.count("events"),
            "search": access.search.mode,
            "read_only": access.read_only,
            "token_required": bool(token),
        }

    @app.get("/api/types", tags=["meta"])
    def types() -> dict[str, Any]:
        """PLOVER event types and their quad classes (with the colours the UI uses)."""
        return quad_info()

    @app.get("/api/articles", tags=["articles"])
    def list_articles(
        q: str | None = None,
        source: str | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Articles (newest report first), optionally matching a full-text query."""
        return article_list(access, q, source, limit, offset)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def get_article(article_id: str) -> dict[str, Any]:
        """The full stored record of one article (design.md section 3)."""
        rec = stored_record(access, article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return rec

    @app.get("/api/events", tags=["events"])
    def list_events(
        f: Filter,
        sort: Annotated[str, Query(description=f"one of {', '.join(SORTABLE)}")] = "published",
        order: Annotated[
            str | None,
            Query(pattern="^(asc|desc)$", description="default: desc for dates, else asc"),
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Events passing the filters, one page at a time, with the total count."""
        return events_page(f, sort, order, limit, offset)

    @app.get("/api/events/download", tags=["events"])
    def download_events(
        f: Filter,
        format: Annotated[str, Query(pattern="^(csv|jsonl)$")] = "csv",
        rows: Annotated[
            str, Query(pattern="^(event|dyad)$", description="one row per event or per pair")
        ] = "event",
    ) -> StreamingResponse:
        """Every event passing the filters as the analyst table (docs/data-dictionary.md):
        CSV or JSONL, one row per event (parallel actor/recipient lists) or per
        actor-recipient pair, newest report first."""
        where, params = where_events(access, f)
        media = "text/csv" if format == "csv" else "application/x-ndjson"
        return StreamingResponse(
            stream_events(access, EVENT_SQL.format(where=where), params, format, rows),
            media_type=f"{media}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="warta-events.{format}"'},
        )

    @app.get("/api/entities", tags=["actors"])
    def entities(
        type: str | None = None,
        country: str | None = None,
        q: Annotated[str | None, Query(description="name contains")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Named entities grouped by name, type, country and sector, with counts
        (currency, time-zone and legal-article words, pronouns and bare titles left out)."""
        return entity_table(access, type, country, q, limit, offset)

    @app.get("/api/actors", tags=["actors"])
    def actors(f: Filter, limit: Limit = 100) -> dict[str, Any]:
        """Event actors and recipients by country and sector, with event counts."""
        where, params = where_events(access, f)
        rows = access.query(
            f"""WITH ev AS (SELECT e.* FROM events e{where}),
            sides AS (
              SELECT 'actor' AS side, unnest(from_json(coalesce(actors, '[]'),
                '[{{"text":"VARCHAR","country":"VARCHAR","sector":"VARCHAR"}}]')) AS a FROM ev
              UNION ALL
              SELECT 'recipient', unnest(from_json(coalesce(recipients, '[]'),
                '[{{"text":"VARCHAR","country":"VARCHAR","sector":"VARCHAR"}}]')) FROM ev)
            SELECT a.country AS country, a.sector AS sector,
              count(*) FILTER (WHERE side = 'actor') AS as_actor,
              count(*) FILTER (WHERE side = 'recipient') AS as_recipient,
              count(*) AS events, mode(a.text) AS example
            FROM sides GROUP BY ALL ORDER BY events DESC, country, sector LIMIT ?""",
            [*params, limit],
        )
        return {"items": rows}

    @app.get("/api/places", tags=["places"])
    def places(
        country: str | None = None, limit: Limit = 200, offset: Offset = 0
    ) -> dict[str, Any]:
        """Resolved places with mention, article and event counts."""
        return places_table(access, country, limit, offset)

    @app.get("/api/stats/timeline", tags=["stats"])
    def timeline(
        f: Filter, bucket: Annotated[str, Query(pattern="^(day|week|month)$")] = "day"
    ) -> dict[str, Any]:
        """Events per period by type (event date), and per report date, for the timeline."""
        return timeline_data(access, f, bucket)

    @app.get("/api/network", tags=["actors"])
    def network_view(
        f: Filter,
        by: Annotated[str, Query(pattern="^(actor|sector|country)$")] = "actor",
    ) -> dict[str, Any]:
        """Actor -> recipient edges with counts per type and quad class.

        ``by=actor`` makes one node per named actor (labelled with the entity's canonical
        name; actors without one join their country-and-sector node), ``by=sector`` one
        per country and sector (``IRQ GOV``), ``by=country`` one per country.
        """
        return network_data(access, f, by)

    @app.get("/api/map", tags=["places"])
    def map_view_data(f: Filter) -> dict[str, Any]:
        """Event locations (with counts by type) and every resolved place, for the map."""
        return map_data(access, f)

    @app.post("/api/code", tags=["code"])
    def code(req: CodeRequest, request: Request) -> dict[str, Any]:
        """Code a pasted article live with the default pipeline; ``store`` writes it."""
        if req.store:
            check_write(request)
        doc = _code(code_lock, req)
        stored = access.write([doc]) > 0 if req.store else False
        return {"stored": stored, "record": doc.to_record()}

    # -- pages -------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(
        request: Request, q: str | None = None, source: str | None = None, offset: Offset = 0
    ) -> HTMLResponse:
        data = article_list(access, q, source, 50, offset)
        return page("articles.html", request, data=data, q=q or "", source=source or "")

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        rec = stored_record(access, article_id)
        if rec is None:
            return page("error.html", request, 404, message=f"No article {article_id}.")
        return page("article.html", request, **article_ctx(rec), stored=True)

    def default_order(sort: str) -> str:
        return "desc" if sort in ("published", "date", "confidence") else "asc"

    def page_status(pf: PageFilter) -> int:
        return 422 if pf.errors else 200

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_view(
        request: Request,
        pf: PageF,
        sort: str = "published",
        order: Annotated[
            str | None,
            Query(pattern="^(asc|desc)$", description="default: desc for dates, else asc"),
        ] = None,
        offset: Offset = 0,
        limit: Limit = 100,
    ) -> HTMLResponse:
        f = pf.f
        order = order or default_order(sort)
        data = events_page(f, sort, order, limit, offset)
        return page(
            "events.html",
            request,
            page_status(pf),
            data=data,
            sort=sort,
            order=order,
            sortable=list(SORTABLE),
            sources=[
                r["source"]
                for r in access.query(
                    "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY 1"
                )
            ],
            page_link=lambda **kw: page_link("/events", f, **{"sort": sort, "order": order, **kw}),
            **filter_ctx(pf, "/events"),
        )

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_view(request: Request, pf: PageF) -> HTMLResponse:
        return page("map.html", request, page_status(pf), **filter_ctx(pf, "/map"))

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_view(request: Request, pf: PageF, by: str = "actor") -> HTMLResponse:
        if by not in NETWORK_BY:
            by = "actor"
        f = pf.f
        top = actors(f, 50)["items"]
        ents = entities(None, None, None, 50, 0)["items"]
        ctx = filter_ctx(pf, "/actors", by=by)
        ctx["qs"] = urllib.parse.urlencode([*f.query_items(), ("by", by)])
        return page(
            "actors.html",
            request,
            page_status(pf),
            by=by,
            actors=top,
            entities=ents,
            **ctx,
        )

    @app.get("/code", response_class=HTMLResponse, include_in_schema=False)
    def code_form(request: Request) -> HTMLResponse:
        return page("code.html", request, form={}, error=None)

    @app.post("/code", response_class=HTMLResponse, include_in_schema=False)
    async def code_submit(request: Request) -> Response:
        body = (await request.body()).decode("utf-8", errors="replace")
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}
        text = form.get("text", "")
        if not text.strip():
            return page("code.html", request, 422, form=form, error="Paste an article first.")
        want_store = form.get("store") in ("1", "on", "true")
        if want_store:
            try:
                check_write(request, form.get("token"))
            except HTTPException as exc:
                return page("code.html", request, exc.status_code, form=form, error=exc.detail)
        req = CodeRequest(
            text=text,
            published=form.get("published") or None,
            source=form.get("source") or None,
            title=form.get("title") or None,
            url=None,
            language=None,
            store=want_store,
        )
        import anyio.to_thread

        try:
            doc = await anyio.to_thread.run_sync(_code, code_lock, req)
        except HTTPException as exc:
            return page("code.html", request, exc.status_code, form=form, error=exc.detail)
        if want_store:
            await anyio.to_thread.run_sync(access.write, [doc])
            stored = await anyio.to_thread.run_sync(access.stored_id, doc)
            return RedirectResponse(f"/articles/{stored or doc.id}", status_code=303)
        return page("article.html", request, **article_ctx(doc.to_record()), stored=False)

    return app


# -- queries -----------------------------------------------------------------------------


def _code(lock: threading.Lock, req: CodeRequest) -> Doc:
    from warta._api import code

    article = Article.create(
        req.text,
        published=req.published or None,
        source=req.source,
        title=req.title,
        url=req.url,
        language=req.language,
        origin="api",
    )
    try:
        with lock:
            return code(article)
    except WartaError as exc:
        raise HTTPException(422, f"cannot code this article: {exc}") from exc
