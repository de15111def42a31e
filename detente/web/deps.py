"""What the API and the pages share: settings, the store for a request, the views' kept answers, window and
paging (detente.views'), errors."""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Hashable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from detente.store import Store
from detente.views import Paging, Window
from detente.web import gate, paths
from detente.web.cache import FRESH_WAIT_S, Answers
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
    #: the address the server is bound to: a name here is allowed in the Host header (detente.web.hosts)
    host: str | None = None
    #: more names allowed in the Host header (`*.example.org`; `*` allows any)
    allowed_hosts: tuple[str, ...] = ()
    #: requests worked on at once, waiting at most, and the longest wait before a 503 (detente.web.gate)
    active: int = gate.ACTIVE
    queue: int = gate.QUEUE
    wait_s: float = gate.WAIT_S
    #: compute the landing pages' answers when the app starts and after the store settles (detente.web.cache)
    warm: bool = True
    #: the longest a request waits for an answer about the store as it is now when an older one is at hand
    fresh_wait_s: float = FRESH_WAIT_S


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
#: the path converters the routes use for ids and keys (`{key:rest}`, `{a:segment}`), registered on import
CONVERTERS = paths.CONVERTERS


class Views:
    """One request's way to the views: an answer kept under the store's change stamp, else computed and kept (see
    detente.web.cache). An answer older than the stamp (the store changed faster than it could be computed) sets
    `request.state.stale` to the seconds since it read the store, which the app sends as the X-Detente-Stale header."""

    def __init__(self, pool: StorePool, answers: Answers, store: Store, request: Request | None = None,
                 stale_ok: bool = True) -> None:
        """`stale_ok` False: never an answer older than the store (the warmer's way to ask)."""
        self.pool, self.answers, self.store, self.request, self.stale_ok = pool, answers, store, request, stale_ok
        self._stamp: Any = None

    def ask(self, key: Hashable, compute: Callable[[Store], Any]) -> Any:
        """`compute(store)`'s answer to the question `key` (the view's name and every argument it is given)."""
        if self._stamp is None:
            self._stamp = self.pool.stamp(self.store)  # read before computing: an answer is never older than it
        if self._stamp is None:
            return compute(self.store)
        value, behind = self.answers.get(key, self._stamp, compute, self.stale_ok)
        if behind is not None and self.request is not None:
            self.request.state.stale = max(behind, getattr(self.request.state, "stale", 0.0))
        return value


async def get_views(request: Request, store: StoreDep) -> Views:
    return Views(pool(request), request.app.state.answers, store, request)


ViewsDep = Annotated[Views, Depends(get_views)]


async def window(since: Annotated[str | None, Query(description="On or after: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)] = None,
           until: Annotated[str | None, Query(description="On or before: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)] = None
           ) -> Window:
    """The dates a question is about, parsed as the CLI parses --since/--until (a bad one: 400 bad_parameter)."""
    return Window.of(since, until)


WindowDep = Annotated[Window, Depends(window)]


async def paging(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT}).")]
           = DEFAULT_LIMIT,
           offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")] = 0) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]
