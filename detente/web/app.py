"""The ASGI app: JSON API, HTML pages, static files, security headers and one error shape.

    create_app(Settings(db=...))  ->  FastAPI app; `detente serve` runs it under uvicorn

Read-only unless `allow_ingest` (with a token). Every response carries a strict Content-Security-Policy
(`default-src 'self'`: no inline script, no CDN), so even text that slipped past escaping could not run.
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente.views import ViewError
from detente.web import api, ingest, pages
from detente.web.db import Busy, QueryTooCostly, StorePool
from detente.web.deps import ApiError, Settings

HERE = Path(__file__).parent
log = logging.getLogger("detente.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
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
        yield
        app.state.pool.close()

    app = FastAPI(title="detente", version="0.1.0", lifespan=lifespan,
                  description="Who does what to whom in world politics, from raw news, with the evidence sentence "
                              "behind every fact. Read-only unless the server was started with --allow-ingest.")
    if settings.allow_ingest and settings.options is None:
        from detente.pipeline import Options

        settings.options = Options.from_config()  # as `detente ingest` runs: the user's model, actors, extractor
    app.state.settings = settings
    # opened here rather than in the lifespan so in-process clients without lifespan events work too
    app.state.pool = StorePool(settings.db)
    app.include_router(api.router)
    app.include_router(ingest.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.method in ("POST", "PUT", "PATCH"):
            length = request.headers.get("content-length")
            cap = settings.max_ingest_bytes * 2  # JSON escaping can double the text's size
            if length is None or not length.isdigit():
                response: Response = _error(request, ApiError(411, "length_required", "a Content-Length header is required"))
            elif int(length) > cap:
                response = _error(request, ApiError(413, "too_large", f"the request is over {cap} bytes"))
            else:
                response = await call_next(request)
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

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

    return app


def _error(request: Request, err: ApiError) -> Response:
    """JSON for the API and for clients that ask for it, an HTML page for browsers."""
    wants_html = not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")
    headers: dict[str, Any] = dict(SECURITY_HEADERS)
    if wants_html:
        return pages.error_page(request, err, headers)
    return JSONResponse(err.to_dict(), status_code=err.status, headers=headers)
