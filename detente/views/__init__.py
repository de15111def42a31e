"""The read layer: one function per question, and every face of detente asks it the same way.

    view(store, *, window=Window(), paging=Paging(), **filters) -> dict

`detente X --json` prints the dict, `GET /api/X` returns it, the HTML page renders it and `detente.open()`
hands it back; the CLI's text is a formatter over the same dict. So the answer to a question does not depend
on where it is asked. A view is a pure function of the store's data and its arguments (no clock, no state
kept between calls beyond what `detente.analysis` keeps while the store is unchanged), so its result may be
kept under the store's change stamp.

    listings.articles   articles, newest first                  filters: outlet        paging, window (published)
    listings.article    one article: body, mentions, actors, events
    listings.actors     actors, most active first               filters: q, kind      paging
    listings.events     events, newest first                    filters: actor, recipient, type, outlet
    listings.event      one event with its parties' actor keys
    dossier.actor       one actor: who it is, its standing relations, brokerage, centrality, partners, its events
    pairs.dyads         the pairs with events between them, most events first
    pairs.dyad          one pair: summary, timeline, relations, mediators, latest events   filters: freq
    pairs.timeline      one pair's cooperation-conflict score by period                   filters: freq
    network.graph       the actor graph as node-link JSON (networkx reads it back)          filters: min_events, max_nodes
    network.network     brokers, centrality and structural balance of the graph
    network.changes     what moved in the graph between two windows
    findings.relations  standing relations with their evidence  filters: label, actor
    findings.stories    one happening as several articles tell it  filters: min_articles
    search.search       articles (full text), actors (names, aliases), events (sentences)

A listing answers {"items": [...], "limit", "offset", "next_offset", "filters": {...}}; `next_offset` is None
on the last page. Dates are written as precisely as they are known (`detente.model.span_label`). A view
raises `NotFound` (an actor, article or event that is not there) or `BadParameter` (a value it cannot use);
the CLI prints them and exits 1, the API answers 404 and 400.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any


class ViewError(ValueError):
    """A question the store cannot answer as asked."""

    status = 400
    type = "bad_parameter"


class NotFound(ViewError):
    """What the question names is not in the store."""

    status = 404
    type = "not_found"

    def __init__(self, what: str, key: str) -> None:
        super().__init__(f"no {what} matches {key!r}")
        self.what, self.key = what, key


class BadParameter(ViewError):
    """A parameter the view cannot use (a date that is not one, an unknown label ...)."""


#: the longest id, key, name or search words a view takes: stored keys and names are far shorter, and a longer one
#: would only make SQLite refuse the LIKE pattern made from it ("LIKE or GLOB pattern too complex", 50,000 bytes)
MAX_KEY_CHARS = 1_000


def key_arg(value: str | None, name: str = "key") -> str | None:
    """`value` as a view takes an id, key or words: BadParameter (400) when it is longer than MAX_KEY_CHARS."""
    if value is not None and len(value) > MAX_KEY_CHARS:
        raise BadParameter(f"{name} is {len(value)} characters long; at most {MAX_KEY_CHARS} are taken")
    return value


def parse_day(value: date | str | None, name: str = "date", end: bool = False) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first day of that year, month or day (the last, as the `end` of a
    window): `--since 2025-06` starts on 2025-06-01, `--until 2025-06` ends on 2025-06-30."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        if len(text) == 7 and text[4] == "-":
            y, m = int(text[:4]), int(text[5:7])
            return date(y, m, calendar.monthrange(y, m)[1] if end else 1)
        return date.fromisoformat(text)
    except ValueError:
        raise BadParameter(f"{name}={value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Window:
    """The dates a question is about: events whose date span overlaps [since, until] (either open)."""

    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise BadParameter("since is after until")

    @classmethod
    def of(cls, since: date | str | None = None, until: date | str | None = None) -> Window:
        """A window from dates or ISO strings (YYYY, YYYY-MM, YYYY-MM-DD), as the CLI and the API take them."""
        return cls(parse_day(since, "since"), parse_day(until, "until", end=True))

    def to_dict(self) -> dict[str, str | None]:
        return {"since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None}


@dataclass(frozen=True)
class Paging:
    """Which rows of a listing: `limit` rows (None: all) from `offset` on."""

    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        if (self.limit is not None and self.limit < 0) or self.offset < 0:
            raise BadParameter("limit and offset must not be negative")

    @property
    def fetch(self) -> int | None:
        """How many rows to read: one more than a page, so the page knows whether a next one exists."""
        return None if self.limit is None else self.limit + 1


ALL_DATES = Window()
ALL_ROWS = Paging()


def page(rows: list[Any], paging: Paging, **extra: Any) -> dict[str, Any]:
    """A listing's answer from the `paging.fetch` rows read from `paging.offset` on."""
    more = paging.limit is not None and len(rows) > paging.limit
    items = rows[:paging.limit] if paging.limit is not None else rows
    return {"items": items, "limit": paging.limit, "offset": paging.offset,
            "next_offset": paging.offset + len(items) if more else None, **extra}


def cut(rows: list[Any], paging: Paging, **extra: Any) -> dict[str, Any]:
    """A listing's answer from all its rows (computed whole, then paged)."""
    end = None if paging.limit is None else paging.offset + paging.limit + 1
    return page(rows[paging.offset:end], paging, **extra)


#: the keys of a listing's answer that depend on its paging
PAGE_KEYS = ("items", "limit", "offset", "next_offset")


def repage(whole: dict[str, Any], paging: Paging) -> dict[str, Any]:
    """A page of a listing asked for with ALL_ROWS: what the view gives for `paging` when it cuts its rows
    (`cut`), without computing them again (the web app keeps the whole answer and serves its pages)."""
    return cut(whole["items"], paging, **{k: v for k, v in whole.items() if k not in PAGE_KEYS})
