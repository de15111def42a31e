"""POST /api/ingest: add an article (its text) or a URL, only with `--allow-ingest` and the token.

Off by default. The token is compared in constant time; the body is size-capped before parsing and
the pipeline runs in the request's worker thread under the pool's single write lock.
"""
from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from detente.web.deps import ApiError, Settings
from detente.web.render import safe_url

router = APIRouter(prefix="/api", tags=["ingest"])


class IngestRequest(BaseModel):
    """An article's text with what is known about it, or a URL to fetch (one of `text`, `url`)."""

    text: str | None = Field(default=None, description="The article body (plain text).")
    url: str | None = Field(default=None, max_length=2000, description="An http(s) URL to fetch, or where the text came from.")
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    published: str | None = Field(default=None, max_length=40, description="ISO date")
    id: str | None = Field(default=None, max_length=200)


def _check_token(request: Request, settings: Settings) -> None:
    if not settings.allow_ingest:
        raise ApiError(403, "read_only", "this server is read-only; start it with --allow-ingest to accept articles")
    header = request.headers.get("authorization", "")
    given = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not settings.token or not given or not hmac.compare_digest(given.encode(), settings.token.encode()):
        raise ApiError(401, "unauthorized", "a valid token is required: Authorization: Bearer <token>")


@router.post("/ingest", summary="Ingest an article's text or a URL (needs --allow-ingest and the token)", status_code=201)
def ingest(request: Request, body: IngestRequest) -> dict[str, Any]:
    settings: Settings = request.app.state.settings
    _check_token(request, settings)
    if not body.text and not body.url:
        raise ApiError(400, "bad_request", "give the article's \"text\" or a \"url\" to fetch")
    if body.text and len(body.text.encode("utf-8")) > settings.max_ingest_bytes:
        raise ApiError(413, "too_large", f"the text is over {settings.max_ingest_bytes} bytes")
    if body.url and safe_url(body.url) is None:
        raise ApiError(400, "bad_request", "url must be an http(s) URL")
    from detente.pipeline import Pipeline
    from detente.pipeline import ingest as run_ingest

    with request.app.state.pool.writer() as store:
        if body.text:
            from detente.ingest.base import ReadError
            from detente.ingest.jsonl import article_from_record

            record = body.model_dump(exclude_none=True)
            try:
                article = article_from_record(record, source=body.url or "api")
            except ReadError as exc:
                raise ApiError(400, "bad_request", str(exc)) from exc
            existing = store.known(article)
            if existing:
                return {"id": existing, "new": False, "events": 0}
            extraction = next(iter(Pipeline(settings.options).run([article])))
            store.save(extraction)
            return {"id": extraction.article.id, "new": True, "events": len(extraction.events),
                    "notes": extraction.notes}
        report = run_ingest([str(body.url)], store, settings.options)
        if report.failed:
            raise ApiError(422, "unreadable", "; ".join(str(f) for f in report.failed))
        return {"new": report.new > 0, "report": report.to_dict()}
