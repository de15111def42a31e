"""The ASGI app: JSON API, HTML pages, static files, security headers and one error shape.

    create_app(Settings(db=...))  ->  FastAPI app; `detente serve` runs it under uvicorn

Read-only unless `allow_ingest` (with a token). Every response carries a strict Content-Security-Policy
(`default-src 'self'`: no inline script, no CDN), so even text that slipped past escaping could not run;
the API docs (/docs) are Swagger UI from the package's own static files, under the same policy.

A request passes, in order: the Host header check (`hosts.HostCheck`, against DNS rebinding), the path as
its raw bytes say (`paths.KeepEscapes`, so an id holding '/' is one segment), the gate (`gate.Gate`: at most
`active` requests at once, the others queued), then the routes. Expensive answers are kept under the store's
change stamp (`cache.Answers`) and the landing pages' are computed ahead (`cache.Warmer`).
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from detente.views import ViewError
from detente.web import api, ingest, pages
from detente.web.cache import Answers, Warmer
from detente.web.db import Busy, QueryTooCostly, StorePool, budget
from detente.web.deps import ApiError, Settings, Views
from detente.web.gate import Gate, Load
from detente.web.hosts import HostCheck, allowed_names
from detente.web.paths import KeepEscapes

HERE = Path(__file__).parent
log = logging.getLogger("detente.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
#: set on an answer computed before the store's latest changes: the seconds since it read the store (detente.web.cache)
STALE_HEADER = "X-Detente-Stale"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(settings: Settings) -> FastAPI:
    """The app over one database file; the pool opens on startup and closes on shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warmer = Warmer(app.state.pool.stamp, lambda: _warm(app)) if settings.warm else None
        if warmer is not None:
            warmer.start()
        try:
            yield
        finally:
            if warmer is not None:
                warmer.stop()
            app.state.answers.close()
            app.state.pool.close()

    app = FastAPI(title="detente", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Who does what to whom in world politics, from raw news, with the evidence sentence "
                              "behind every fact. Read-only unless the server was started with --allow-ingest.")
    if settings.allow_ingest and settings.options is None:
        from detente.pipeline import Options

        settings.options = Options.from_config()  # as `detente ingest` runs: the user's model, actors, extractor
    app.state.settings = settings
    # opened here rather than in the lifespan so in-process clients without lifespan events work too
    pool = app.state.pool = StorePool(settings.db)
    load = app.state.load = Load()
    app.state.answers = Answers(pool.open_reader, around=lambda store: budget(store, pool.budget_s),
                                fresh_wait_s=settings.fresh_wait_s, busy=load.busy)
    app.include_router(api.router)
    app.include_router(ingest.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI from the package's own files (static/vendor/swagger-ui): it renders offline."""
        return pages.templates.TemplateResponse(request, "docs.html", {"schema_url": app.openapi_url})

    async def guard(inner: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        """Every response gets the security headers (and X-Detente-Stale when an answer was); a body is refused
        before it is read when it says no length or too large a one. Plain ASGI: no task per request."""
        if scope["type"] != "http":
            await inner(scope, receive, send)
            return
        if scope["method"] in ("POST", "PUT", "PATCH"):
            length = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"content-length"), None)
            cap = settings.max_ingest_bytes * 2  # JSON escaping can double the text's size
            refused = None
            if length is None or not length.isdigit():
                refused = ApiError(411, "length_required", "a Content-Length header is required")
            elif int(length) > cap:
                refused = ApiError(413, "too_large", f"the request is over {cap} bytes")
            if refused is not None:
                await _error(Request(scope), refused)(scope, receive, send)
                return
        state = scope.setdefault("state", {})  # the dict request.state writes to, shared with the endpoint

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if state.get("stale") is not None:  # computed before the store's latest changes (detente.web.cache)
                    headers[STALE_HEADER] = f"{state['stale']:.1f}"  # seconds since it read the store
            await send(message)

        await inner(scope, receive, send_with_headers)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error(request, exc)

    @app.exception_handler(ViewError)
    async def view_error(request: Request, exc: ViewError) -> Response:
        return _error(request, ApiError(exc.status, exc.type, str(exc)))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        detail = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")} for e in exc.errors()]
        message = "; ".join(f"{d['where']}: {d['message']}" for d in detail)
        return _error(request, ApiError(400, "bad_parameter", message, detail))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(request, ApiError(exc.status_code, kind, str(exc.detail)))

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Response:
        return _error(request, ApiError(503, "busy", str(exc)))

    @app.exception_handler(QueryTooCostly)
    async def costly(request: Request, exc: QueryTooCostly) -> Response:
        return _error(request, ApiError(503, "query_too_costly", f"{exc}; narrow the filters or the time window"))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, ApiError(500, "internal_error", "internal error; the server log has the details"))

    async def busy_gate(scope: Scope, receive: Receive, send: Send, why: str) -> None:
        response = _error(Request(scope), ApiError(503, "busy", f"the server is busy ({why}); try again"))
        response.headers["Retry-After"] = "5"
        await response(scope, receive, send)

    async def wrong_host(scope: Scope, receive: Receive, send: Send) -> None:
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        await _error(Request(scope), ApiError(
            400, "host_not_allowed", f"this server does not answer for the host {host[:200]!r} (a DNS rebinding "
            "guard); start `detente serve` with --allow-host NAME to allow a name"))(scope, receive, send)

    # the last added runs first: the Host check, then the raw path, then the gate, then the headers, then the app
    app.add_middleware(Headers, guard=guard)
    app.add_middleware(Gate, refuse=busy_gate, active=settings.active, queue=settings.queue, wait_s=settings.wait_s,
                       load=load)
    app.add_middleware(KeepEscapes)
    app.add_middleware(HostCheck, names=allowed_names(settings.host, settings.allowed_hosts), refuse=wrong_host)
    return app


class Headers:
    """ASGI middleware running `guard(app, scope, receive, send)` around the app."""

    def __init__(self, app: ASGIApp, guard: Callable[[ASGIApp, Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app, self.guard = app, guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.guard(self.app, scope, receive, send)


def _warm(app: FastAPI) -> None:
    """Ask the landing pages' questions (the answers' workers compute them; a store only for PostgreSQL's stamp)."""
    pool: StorePool = app.state.pool
    store = pool.open_reader()
    try:
        request = Request({"type": "http", "app": app, "headers": [], "path": "/", "query_string": b""})
        api.warm(Views(pool, app.state.answers, store, stale_ok=False), request)
    finally:
        store.close()


def _error(request: Request, err: ApiError) -> Response:
    """JSON for the API and for clients that ask for it, an HTML page for browsers."""
    wants_html = not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")
    headers: dict[str, Any] = dict(SECURITY_HEADERS)
    if wants_html:
        return pages.error_page(request, err, headers)
    return JSONResponse(err.to_dict(), status_code=err.status, headers=headers)
