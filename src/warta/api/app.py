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
import json
import secrets
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
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
from warta.api.guard import (
    BodyLimit,
    Guard,
    allowed_host_names,
    csp_with_style_nonce,
    is_loopback,
)
from warta.api.queries import SORTABLE, EventFilter, FilterError, article_match, where_events
from warta.errors import WartaError
from warta.model import Article, Doc
from warta.resources import load_json
from warta.tables import EVENT_SQL, columns_for, csv_lines, event_rows
from warta.web.render import LAYERS, event_label, highlight, http_url

__all__ = ["DEFAULT_MAX_BODY", "ServeError", "create_app", "is_loopback"]

DEFAULT_MAX_BODY = 2 * 1024 * 1024
MAX_LIMIT = 1000


class ServeError(WartaError):
    """The server cannot start with the given settings."""


# -- the app ---------------------------------------------------------------------------


def event_filter(
    type: Annotated[list[str] | None, Query(description="PLOVER type(s), comma list")] = None,
    actor: Annotated[list[str] | None, Query(description="actor country code(s)")] = None,
    recipient: Annotated[list[str] | None, Query(description="recipient country")] = None,
    country: Annotated[list[str] | None, Query(description="actor or recipient")] = None,
    date_from: Annotated[str | None, Query(description="event date from")] = None,
    date_to: Annotated[str | None, Query(description="event date to (inclusive)")] = None,
    historical: Annotated[
        str | None, Query(description="true: background events only; false: news only")
    ] = None,
    source: Annotated[str | None, Query(description="news source, exact")] = None,
    q: Annotated[str | None, Query(description="full-text query on article text")] = None,
    article: Annotated[str | None, Query(description="article id")] = None,
    place: Annotated[str | None, Query(description="GeoNames id of event location")] = None,
    include_unrealised: Annotated[
        bool, Query(description="also planned, hypothetical and negated mentions")
    ] = False,
    include_duplicates: Annotated[
        bool, Query(description="also events of articles marked as near-duplicates")
    ] = False,
) -> EventFilter:
    hist: bool | None = None
    if historical:
        h = historical.strip().lower()
        if h in ("true", "1", "yes", "y"):
            hist = True
        elif h in ("false", "0", "no", "n"):
            hist = False
        elif h not in ("", "any", "all"):
            raise FilterError(f"historical: expected true or false, got {historical!r}")
    geo: int | None = None
    if place:
        try:
            geo = int(place)
        except ValueError as exc:
            raise FilterError(f"place: expected a GeoNames id, got {place!r}") from exc
    return EventFilter.make(
        type=type,
        actor=actor,
        recipient=recipient,
        country=country,
        date_from=date_from,
        date_to=date_to,
        historical=hist,
        source=source,
        q=q,
        article=article,
        place=geo,
        include_unrealised=include_unrealised,
        include_duplicates=include_duplicates,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]


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
    env.globals["quad"] = _quad()
    env.filters["event_label"] = event_label
    env.filters["http_url"] = http_url
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
        f: EventFilter, sort: str, order: str, limit: int, offset: int
    ) -> dict[str, Any]:
        where, params = where_events(access, f)
        total = access.scalar(f"SELECT count(*) FROM events e{where}", params)
        if sort not in SORTABLE:
            raise FilterError(f"sort: one of {', '.join(SORTABLE)}")
        direction = "DESC" if order.lower() == "desc" else "ASC"
        rows = access.query(
            f"SELECT e.*, a.title AS article_title FROM events e "
            f"LEFT JOIN articles a ON a.id = e.article_id{where} "
            f"ORDER BY {SORTABLE[sort]} {direction} NULLS LAST, e.article_id, e.event_id "
            f"LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return {
            "total": int(total or 0),
            "limit": limit,
            "offset": offset,
            "items": [_event_item(r) for r in rows],
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
        return _quad()

    @app.get("/api/articles", tags=["articles"])
    def list_articles(
        q: str | None = None,
        source: str | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Articles (newest report first), optionally matching a full-text query."""
        return _articles(access, q, source, limit, offset)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def get_article(article_id: str) -> dict[str, Any]:
        """The full stored record of one article (design.md section 3)."""
        rec = _record(access, article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return rec

    @app.get("/api/events", tags=["events"])
    def list_events(
        f: Filter,
        sort: Annotated[str, Query(description=f"one of {', '.join(SORTABLE)}")] = "date",
        order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
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
            _stream_events(access, EVENT_SQL.format(where=where), params, format, rows),
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
        """Named entities grouped by name, type, country and sector, with counts."""
        conds, params = [], []
        if type:
            conds.append("type = ?")
            params.append(type.upper())
        if country:
            conds.append("country = ?")
            params.append(country.upper())
        if q:
            conds.append("name ILIKE ? ESCAPE '\\'")
            params.append(
                "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        base = (
            "SELECT name, type, country, sector, count(DISTINCT article_id) AS articles, "
            f"sum(n_mentions) AS mentions FROM entities{where} GROUP BY ALL"
        )
        total = access.scalar(f"SELECT count(*) FROM ({base})", params)
        rows = access.query(
            f"{base} ORDER BY mentions DESC, articles DESC, name LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        for r in rows:
            r["mentions"] = int(r["mentions"] or 0)
        return {"total": int(total or 0), "limit": limit, "offset": offset, "items": rows}

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
        return _places(access, country, limit, offset)

    @app.get("/api/stats/timeline", tags=["stats"])
    def timeline(
        f: Filter, bucket: Annotated[str, Query(pattern="^(day|week|month)$")] = "day"
    ) -> dict[str, Any]:
        """Events per period by type (event date), and per report date, for the timeline."""
        return _timeline(access, f, bucket)

    @app.get("/api/network", tags=["actors"])
    def network(
        f: Filter,
        by: Annotated[str, Query(pattern="^(actor|country)$")] = "actor",
    ) -> dict[str, Any]:
        """Actor -> recipient edges with counts per type and quad class.

        ``by=actor`` makes one node per country and sector (``IRQ GOV``), ``by=country``
        one per country.
        """
        return _network(access, f, by)

    @app.get("/api/map", tags=["places"])
    def map_data(f: Filter) -> dict[str, Any]:
        """Event locations (with counts by type) and every resolved place, for the map."""
        return _map(access, f)

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
        data = _articles(access, q, source, 50, offset)
        return page("articles.html", request, data=data, q=q or "", source=source or "")

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        rec = _record(access, article_id)
        if rec is None:
            return page("error.html", request, 404, message=f"No article {article_id}.")
        return page("article.html", request, **_article_ctx(rec), stored=True)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_view(
        request: Request,
        f: Filter,
        sort: str = "date",
        order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
        offset: Offset = 0,
        limit: Limit = 100,
    ) -> HTMLResponse:
        data = events_page(f, sort, order, limit, offset)
        qs = urllib.parse.urlencode(f.query_items())
        return page(
            "events.html",
            request,
            data=data,
            f=f,
            qs=qs,
            sort=sort,
            order=order,
            sortable=list(SORTABLE),
            sources=[
                r["source"]
                for r in access.query(
                    "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY 1"
                )
            ],
            page_link=lambda **kw: _link("/events", f, **{"sort": sort, "order": order, **kw}),
        )

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_view(request: Request, f: Filter) -> HTMLResponse:
        return page("map.html", request, qs=urllib.parse.urlencode(f.query_items()), f=f)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_view(request: Request, f: Filter, by: str = "actor") -> HTMLResponse:
        top = actors(f, 50)["items"]
        ents = entities(None, None, None, 50, 0)["items"]
        return page(
            "actors.html",
            request,
            qs=urllib.parse.urlencode([*f.query_items(), ("by", by)]),
            f=f,
            by=by,
            actors=top,
            entities=ents,
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
        return page("article.html", request, **_article_ctx(doc.to_record()), stored=False)

    return app


# -- queries -----------------------------------------------------------------------------


def _quad() -> dict[str, Any]:
    data: dict[str, Any] = load_json("plover/quad.json")
    return {"classes": data["classes"], "types": data["types"]}


def _json_or(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return default
    return value


def _event_item(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out["actors"] = _json_or(row.get("actors"), [])
    out["recipients"] = _json_or(row.get("recipients"), [])
    if out.get("published") is not None:
        out["published"] = str(out["published"])
    quad = _quad()["types"].get(out.get("type") or "")
    out["quad"] = quad
    return out


def _record(access: StoreAccess, article_id: str) -> dict[str, Any] | None:
    raw = access.scalar("SELECT record FROM articles WHERE id = ?", [article_id])
    return json.loads(raw) if raw else None


def _articles(
    access: StoreAccess, q: str | None, source: str | None, limit: int, offset: int
) -> dict[str, Any]:
    conds: list[str] = []
    params: list[Any] = []
    if q and q.strip():
        c, p = article_match(access, q.strip(), "a.id")
        conds.append(c)
        params += p
    if source:
        conds.append("a.source = ?")
        params.append(source)
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    total = access.scalar(f"SELECT count(*) FROM articles a{where}", params)
    rows = access.query(
        "SELECT a.id, a.title, a.source, CAST(a.published AS VARCHAR) AS published, a.language,"
        " a.n_sentences, a.duplicate_of, left(a.text, 240) AS snippet,"
        " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events"
        f" FROM articles a{where} ORDER BY a.published DESC NULLS LAST, a.seq LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"total": int(total or 0), "limit": limit, "offset": offset, "items": rows}


def _stream_events(
    access: StoreAccess, sql: str, params: list[Any], fmt: str, layout: str
) -> Iterator[str]:
    with access.cursor() as cur:
        res = cur.execute(sql, params)
        cols = [d[0] for d in res.description or ()]

        def flat() -> Iterator[dict[str, Any]]:
            while batch := res.fetchmany(500):
                for row in batch:
                    yield dict(zip(cols, row, strict=True))

        rows = event_rows(flat(), layout)
        names = list(columns_for(layout))
        if fmt == "csv":
            yield from csv_lines(rows, names)
            return
        for row in rows:
            yield json.dumps({c: row.get(c) for c in names}, ensure_ascii=False) + "\n"


def _places(access: StoreAccess, country: str | None, limit: int, offset: int) -> dict[str, Any]:
    # places with a GeoNames id, and hand-made places (regions such as the Gaza Strip)
    # that have coordinates but no verified id, keyed by name and country
    conds = ["(p.geonameid IS NOT NULL OR (p.lat IS NOT NULL AND p.name IS NOT NULL))"]
    params: list[Any] = []
    if country:
        conds.append("p.country = ?")
        params.append(country.upper())
    where = " WHERE " + " AND ".join(conds)
    key = "coalesce(CAST(p.geonameid AS VARCHAR), p.name || '|' || coalesce(p.country, ''))"
    base = (
        "SELECT any_value(p.geonameid) AS geonameid, any_value(p.name) AS name,"
        " any_value(p.country) AS country,"
        " avg(p.lat) AS lat, avg(p.lon) AS lon, any_value(p.kind) AS kind,"
        " count(*) AS mentions, count(DISTINCT p.article_id) AS articles,"
        " (SELECT count(*) FROM events e WHERE e.geonameid = any_value(p.geonameid)) AS events"
        f" FROM places p{where} GROUP BY {key}"
    )
    total = access.scalar(f"SELECT count(*) FROM ({base})", params)
    rows = access.query(
        f"{base} ORDER BY mentions DESC, name LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    return {"total": int(total or 0), "limit": limit, "offset": offset, "items": rows}


_DAY = (
    "TRY_CAST(CASE length({c}) WHEN 10 THEN {c} WHEN 7 THEN {c} || '-01' "
    "WHEN 4 THEN {c} || '-01-01' END AS DATE)"
)


def _bucket(expr: str, bucket: str) -> str:
    if bucket == "day":
        return f"CAST({expr} AS VARCHAR)"
    return f"CAST(CAST(date_trunc('{bucket}', {expr}) AS DATE) AS VARCHAR)"


def _timeline(access: StoreAccess, f: EventFilter, bucket: str) -> dict[str, Any]:
    where, params = where_events(access, f)
    day = _DAY.format(c="e.date")
    ev_day = f"coalesce({day}, e.published)"
    by_event = access.query(
        f"SELECT {_bucket(ev_day, bucket)} AS period, e.type AS type,"
        f" coalesce(e.historical, false) AS historical,"
        f" coalesce(e.date_precision = 'day' AND length(e.date) = 10, false) AS precise,"
        f" count(*) AS n"
        f" FROM events e{where} GROUP BY ALL HAVING period IS NOT NULL ORDER BY period, type",
        params,
    )
    by_report = access.query(
        f"SELECT {_bucket('e.published', bucket)} AS period, count(*) AS n,"
        f" count(DISTINCT e.article_id) AS articles"
        f" FROM events e{where} GROUP BY ALL HAVING period IS NOT NULL ORDER BY period",
        params,
    )
    lag = access.query(
        f"SELECT CAST({ev_day} AS VARCHAR) AS event_date, CAST(e.published AS VARCHAR)"
        f" AS report_date, e.type AS type, coalesce(e.historical, false) AS historical,"
        f" count(*) AS n FROM events e{where} GROUP BY ALL"
        f" HAVING event_date IS NOT NULL AND report_date IS NOT NULL ORDER BY n DESC LIMIT 5000",
        params,
    )
    return {"bucket": bucket, "by_event_date": by_event, "by_report_date": by_report, "pairs": lag}


_SIDE = '[{"text":"VARCHAR","entity":"VARCHAR","country":"VARCHAR","sector":"VARCHAR"}]'


def _network(access: StoreAccess, f: EventFilter, by: str) -> dict[str, Any]:
    where, params = where_events(access, f)
    key = "{x}.country" if by == "country" else "concat_ws(' ', {x}.country, {x}.sector)"
    rows = access.query(
        f"""WITH ev AS (SELECT e.type, e.actors, e.recipients FROM events e{where}),
        pairs AS (
          SELECT type, unnest(from_json(coalesce(actors, '[]'), '{_SIDE}')) AS a,
                 recipients FROM ev),
        flat AS (
          SELECT type, a, unnest(from_json(coalesce(recipients, '[]'), '{_SIDE}')) AS r
          FROM pairs)
        SELECT {key.format(x="a")} AS source, {key.format(x="r")} AS target, type,
          count(*) AS n, mode(a.text) AS source_text, mode(r.text) AS target_text
        FROM flat GROUP BY ALL""",
        params,
    )
    quad = _quad()["types"]
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        src, tgt = r["source"] or "", r["target"] or ""
        if not src or not tgt:
            continue
        for node, text in ((src, r["source_text"]), (tgt, r["target_text"])):
            entry = nodes.setdefault(
                node, {"id": node, "events": 0, "as_actor": 0, "as_recipient": 0, "texts": {}}
            )
            entry["texts"][text] = entry["texts"].get(text, 0) + r["n"]
        nodes[src]["as_actor"] += r["n"]
        nodes[tgt]["as_recipient"] += r["n"]
        edge = edges.setdefault(
            (src, tgt), {"source": src, "target": tgt, "n": 0, "types": {}, "quads": {}}
        )
        edge["n"] += r["n"]
        edge["types"][r["type"]] = edge["types"].get(r["type"], 0) + r["n"]
        q = quad.get(r["type"], "other")
        edge["quads"][q] = edge["quads"].get(q, 0) + r["n"]
    for node in nodes.values():
        node["events"] = node["as_actor"] + node["as_recipient"]
        texts = node.pop("texts")
        node["label"] = max(texts, key=lambda t: (texts[t], t)) if texts else node["id"]
    for edge in edges.values():
        edge["quad"] = max(edge["quads"], key=lambda k: (edge["quads"][k], k))
    return {
        "by": by,
        "nodes": sorted(nodes.values(), key=lambda n: -n["events"]),
        "edges": sorted(edges.values(), key=lambda e: -e["n"]),
    }


def _map(access: StoreAccess, f: EventFilter) -> dict[str, Any]:
    where, params = where_events(access, f)
    geo = f"{where} AND" if where else " WHERE"
    rows = access.query(
        f"""WITH ev AS (SELECT e.* FROM events e{geo} e.geonameid IS NOT NULL),
        loc AS (SELECT geonameid, any_value(name) AS name, any_value(country) AS country,
                avg(lat) AS lat, avg(lon) AS lon FROM places
                WHERE geonameid IS NOT NULL AND lat IS NOT NULL GROUP BY geonameid)
        SELECT ev.geonameid, coalesce(loc.name, any_value(ev.location)) AS name,
          loc.country, loc.lat, loc.lon, ev.type, count(*) AS n,
          count(*) FILTER (WHERE ev.historical) AS historical
        FROM ev JOIN loc ON loc.geonameid = ev.geonameid
        GROUP BY ev.geonameid, loc.name, loc.country, loc.lat, loc.lon, ev.type""",
        params,
    )
    quad = _quad()["types"]
    events: dict[int, dict[str, Any]] = {}
    for r in rows:
        e = events.setdefault(
            r["geonameid"],
            {
                "geonameid": r["geonameid"],
                "name": r["name"],
                "country": r["country"],
                "lat": r["lat"],
                "lon": r["lon"],
                "n": 0,
                "historical": 0,
                "types": {},
                "quads": {},
            },
        )
        e["n"] += r["n"]
        e["historical"] += r["historical"]
        e["types"][r["type"]] = e["types"].get(r["type"], 0) + r["n"]
        q = quad.get(r["type"], "other")
        e["quads"][q] = e["quads"].get(q, 0) + r["n"]
    for e in events.values():
        e["quad"] = max(e["quads"], key=lambda k: (e["quads"][k], k))
    places = _places(access, None, 2000, 0)["items"]
    return {
        "events": sorted(events.values(), key=lambda e: -e["n"]),
        "places": [p for p in places if p["lat"] is not None and p["lon"] is not None],
    }


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


def _article_ctx(rec: dict[str, Any]) -> dict[str, Any]:
    sents = rec.get("sentences") or []
    starts = {s["start"]: i for i, s in enumerate(sents)}
    events = []
    for ev in rec.get("events") or []:
        sent = (ev.get("sentence") or {}).get("start")
        idx = starts.get(sent) if sent is not None else None
        if idx is None:
            trig = (ev.get("trigger") or {}).get("start", -1)
            idx = next((i for i, s in enumerate(sents) if s["start"] <= trig < s["end"]), None)
        events.append({"ev": ev, "sentence": idx, "quad": _quad()["types"].get(ev.get("type"))})
    counts = {
        "entities": sum(len(e.get("mentions") or []) for e in rec.get("entities") or []),
        "times": len(rec.get("times") or []),
        "places": len(rec.get("places") or []),
        "quotes": len(rec.get("quotes") or []),
        "triggers": len(rec.get("events") or []),
    }
    return {
        "rec": rec,
        "body": highlight(rec),
        "events": events,
        "counts": counts,
        "layers": LAYERS,
    }


def _link(base: str, f: EventFilter, **extra: Any) -> str:
    items = f.query_items() + [(k, str(v)) for k, v in extra.items() if v is not None]
    return base + ("?" + urllib.parse.urlencode(items) if items else "")
