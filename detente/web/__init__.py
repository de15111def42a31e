"""The web app and REST API: explore the map in a browser, every fact one click from its sentence.

    from detente.web import Settings, create_app
    app = create_app(Settings(db="detente.db"))        # any ASGI server; `detente serve` uses uvicorn

Modules: `app` (the ASGI app, headers, errors), `api` (JSON under /api), `pages` (HTML twins),
`ingest` (POST /api/ingest, off by default), `queries` and `network` (reads), `render` (safe HTML),
`db` (the read-only connection pool with a per-request query budget).
"""
from __future__ import annotations

from detente.web.app import create_app
from detente.web.deps import Settings

__all__ = ["Settings", "create_app"]
