"""What the API and the pages share: settings, the store for a request, parameters, the one error type."""
from __future__ import annotations

import calendar
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from detente.store import Store
from detente.web import queries
from detente.web.db import StorePool


@dataclass
class Settings:
    """How the app runs: which database, and whether (and with which token) it accepts articles."""

    db: str
    allow_ingest: bool = False
    token: str | None = None
    #: the largest article body POST /api/ingest accepts, in bytes of UTF-8
    max_ingest_bytes: int = 2_000_000
    #: the pipeline's stages for POST /api/ingest (a `detente.pipeline.Options`); None: the user's config file
    options: Any = None


class ApiError(Exception):
    """An error every route reports in one shape: {"error": {"status", "type", "message"}}."""

    def __init__(self, status: int, type_: str, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status, self.type, self.message, self.detail = status, type_, message, detail

    def to_dict(self) -> dict[str, Any]:
        err: dict[str, Any] = {"status": self.status, "type": self.type, "message": self.message}
        if self.detail is not None:
            err["detail"] = self.detail
        return {"error": err}


def not_found(what: str, key: str) -> ApiError:
    return ApiError(404, "not_found", f"no {what} {key!r}")


def pool(request: Request) -> StorePool:
    return request.app.state.pool  # type: ignore[no-any-return]


async def get_store(request: Request) -> AsyncIterator[Store]:
    """A read-only store lent for the request's life (see `StorePool.lend`)."""
    async with pool(request).lend() as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]


def parse_date(value: str | None, name: str, end: bool = False) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; as an end of a window, the last day of that year or month."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 4:
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        if len(text) == 7:
            y, m = int(text[:4]), int(text[5:7])
            return date(y, m, calendar.monthrange(y, m)[1] if end else 1)
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "bad_parameter", f"{name}={value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


@dataclass
class Window:
    since: date | None
    until: date | None


def window(since: Annotated[str | None, Query(description="On or after: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)] = None,
           until: Annotated[str | None, Query(description="On or before: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)] = None
           ) -> Window:
    w = Window(parse_date(since, "since"), parse_date(until, "until", end=True))
    if w.since and w.until and w.since > w.until:
        raise ApiError(400, "bad_parameter", "since is after until")
    return w


WindowDep = Annotated[Window, Depends(window)]


@dataclass
class Paging:
    limit: int
    offset: int


def paging(limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT, description=f"Rows per page (at most {queries.MAX_LIMIT}).")]
           = queries.DEFAULT_LIMIT,
           offset: Annotated[int, Query(ge=0, le=queries.MAX_OFFSET, description="Rows to skip.")] = 0) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]
