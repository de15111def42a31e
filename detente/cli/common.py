"""What several commands share: opening the store, options for the pipeline, dates."""
from __future__ import annotations

from datetime import date

import click

from detente.pipeline import Options
from detente.store import Store


def open_store(ctx: click.Context) -> Store:
    return Store((ctx.obj or {}).get("db"))


def pipeline_options(actors_files: tuple[str, ...] = (), extractor: str | None = None, model: str | None = None) -> Options:
    """Options from the config file, overridden by the command line (`Options.from_config`)."""
    try:
        return Options.from_config(actor_files=actors_files, extractor=extractor, model=model)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


class DateParam(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD: the first day of that period."""

    name = "date"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            if len(text) == 4:
                return date(int(text), 1, 1)
            if len(text) == 7:
                return date(int(text[:4]), int(text[5:7]), 1)
            return date.fromisoformat(text)
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", param, ctx)


class EndDateParam(DateParam):
    """YYYY, YYYY-MM or YYYY-MM-DD: the last day of that period."""

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date:
        import calendar

        start = super().convert(value, param, ctx)
        text = str(value).strip()
        if len(text) == 4:
            return date(start.year, 12, 31)
        if len(text) == 7:
            return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        return start


DATE = DateParam()
END_DATE = EndDateParam()
