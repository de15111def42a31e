"""What the API and the pages share: settings, the store for a request, window and paging (detente.views'), errors."""
from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from detente.store import Store
from detente.views import Paging, Window
from detente.web.db import StorePool

#: rows per page when the client does not say
DEFAULT_LIMIT = 50
#: the most rows one request may ask for: a page of 500 events with their JSON is ~1 MB
MAX_LIMIT = 500
#: the deepest offset a listing accepts; SQLite walks skipped rows, so deep paging costs linear time
MAX_OFFSET = 100_000


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


def window(since: Annotated[str | None, Query(description="On or after: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)] = None,
           until: Annotated[str | None, Query(description="On or before: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)] = None
           ) -> Window:
    """The dates a question is about, parsed as the CLI parses --since/--until (a bad one: 400 bad_parameter)."""
    return Window.of(since, until)


WindowDep = Annotated[Window, Depends(window)]


def paging(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT}).")]
           = DEFAULT_LIMIT,
           offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")] = 0) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]
