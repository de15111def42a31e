"""What several commands share: opening the store, options for the pipeline, dates, windows, running a view."""
from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import click

from detente.cli.output import error

if TYPE_CHECKING:
    from detente.pipeline import Options
    from detente.store import Store

F = TypeVar("F", bound=Callable[..., Any])


def open_store(ctx: click.Context, create: bool = False) -> Store:
    """The store at --db ($DETENTE_DB, else the user's data directory). Only the commands that add articles
    (`ingest` and the loaders) pass `create`: a query on a path that holds no store is an error, not a new
    empty store (`--db typo.db events` used to make one and print nothing). A file that is not a detente store is
    refused untouched (detente.store.opening), and a read-only store is read, but not written."""
    from detente.store import Store, StoreError

    try:
        store = Store((ctx.obj or {}).get("db"), create=create)
    except StoreError as exc:  # missing, not a detente store, unreadable, unreachable: one line
        raise click.ClickException(str(exc)) from None
    if create and store.read_only:
        store.close()
        raise click.ClickException(f"{store.path} is read-only: nothing can be stored in it")
    return store


def pipeline_options(actors_files: tuple[str, ...] = (), extractor: str | None = None, model: str | None = None) -> Options:
    """Options from the config file, overridden by the command line (`Options.from_config`)."""
    from detente.pipeline import Options

    try:
        return Options.from_config(actor_files=actors_files, extractor=extractor, model=model)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


class DateParam(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD: the first day of that period (views.parse_day)."""

    name = "date"
    end = False

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date:
        from detente.views import BadParameter, parse_day

        try:
            day = parse_day(value if isinstance(value, date) else str(value), param.name if param and param.name else "date",
                            end=self.end)
        except BadParameter as exc:
            self.fail(str(exc), param, ctx)
        if day is None:
            self.fail(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", param, ctx)
        return day


class EndDateParam(DateParam):
    """YYYY, YYYY-MM or YYYY-MM-DD: the last day of that period."""

    end = True


DATE = DateParam()
END_DATE = EndDateParam()


def window_options(fn: F) -> F:
    """--since / --until on a command (passed on as `since`, `until` dates)."""
    fn = click.option("--until", type=END_DATE, help="Last day (YYYY, YYYY-MM or YYYY-MM-DD).")(fn)
    return click.option("--since", type=DATE, help="First day (YYYY, YYYY-MM or YYYY-MM-DD).")(fn)  # type: ignore[return-value]


def view_errors(fn: F) -> F:
    """A view's NotFound or BadParameter as one line on stderr and exit status 1 (the API answers 404 and 400)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from detente.views import ViewError

        try:
            return fn(*args, **kwargs)
        except ViewError as exc:
            error(str(exc))
            sys.exit(1)

    return run  # type: ignore[return-value]
