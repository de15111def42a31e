"""`detente ingest` (read, extract, store) and `detente extract` (read, extract, print; stores nothing)."""
from __future__ import annotations

import json
import sys
from typing import Any

import click

from detente.cli.common import open_store, pipeline_options
from detente.cli.output import error

_pipeline_opts = [
    click.option("--actors", "actors_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra actor dictionary (YAML); repeatable."),
    click.option("--extractor", default=None, help="Events stage by registered name (default rules.v1)."),
    click.option("--model", default=None, help="spaCy model: sm (default), md, or a package name."),
]


def pipeline_flags(fn: Any) -> Any:
    for opt in reversed(_pipeline_opts):
        fn = opt(fn)
    return fn


class _Progress:
    """A one-line counter on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.counts = {"new": 0, "duplicate": 0, "failed": 0}

    def __call__(self, kind: str, item: Any) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if kind == "failed":
            if self.tty:
                click.echo("\r\033[K", nl=False, err=True)
            error(str(item))
        if self.tty:
            c = self.counts
            click.echo(f"\r  {c['new']} new, {c['duplicate']} duplicate, {c['failed']} failed", nl=False, err=True)

    def close(self) -> None:
        if self.tty:
            click.echo("\r\033[K", nl=False, err=True)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@pipeline_flags
@click.option("--workers", "-w", type=click.IntRange(min=0), default=1, show_default=True,
              help="Parsing processes (0: one per core); this process stays the one writer.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: this machine; ray: a Ray cluster (RAY_ADDRESS) or local Ray, via Parquet shards.")
@click.option("--output", default=None,
              help="--engine ray: write the Parquet shards here (path or s3://...) and keep them; "
                   "without it they go to a temporary folder and are loaded into the store.")
@click.option("--selective/--full-parse", default=None,
              help="Parse only sentences that can hold an event (the default), or every sentence "
                   "(also DETENTE_SELECTIVE=0).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def ingest(ctx: click.Context, sources: tuple[str, ...], actors_files: tuple[str, ...], extractor: str | None,
           model: str | None, workers: int, engine: str, output: str | None, selective: bool | None, as_json: bool) -> None:
    """Read SOURCES (files, directories, -, http(s) URLs), extract actors and events, store them.

    Exits 1 if any input failed; what was read before and after the failure is stored.
    """
    from detente.pipeline import ingest as run_ingest

    options = pipeline_options(actors_files, extractor, model)
    if selective is not None:
        options.selective = selective
    store = open_store(ctx, create=True)
    progress = _Progress()
    try:
        if engine == "ray":
            from detente.engines import ray_engine

            try:
                report = ray_engine.ingest(sources, store, options, workers=workers or None, output=output,
                                           on_item=progress)
            except ImportError as exc:
                raise click.ClickException(f"--engine ray needs Ray: pip install 'detente[ray]' ({exc})") from exc
        elif workers == 1:
            report = run_ingest(sources, store, options, on_item=progress)
        else:
            from detente import engines

            report = engines.ingest(sources, store, options, workers=workers, on_item=progress)
    except BaseException:  # a store error met mid-run (a full disk): close the store before the one-line error
        store.close()
        raise
    finally:
        progress.close()
    _finish(store, report, as_json,
            f"{report.new} new, {report.duplicate} duplicate ({report.sources_added} new sources), "
            f"{len(report.failed)} failed; {report.events} events extracted"
            + (f"; {report.non_english} not in English (stored, not analysed)" if report.non_english else ""))


def _finish(store: Any, report: Any, as_json: bool, line: str) -> None:
    """Print a run's summary (a line for people, or JSON with the store's totals), close, exit 1 on failures."""
    summary = report.to_dict() | {"db": str(store.path), "articles_in_store": store.count("articles"),
                                  "events_in_store": store.count("events")}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        click.echo(line)
        click.echo(f"store {store.path}: {summary['articles_in_store']} articles, {summary['events_in_store']} events")
    store.close()
    if not report.ok:
        sys.exit(1)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@pipeline_flags
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document: article, actors, events.")
def extract(sources: tuple[str, ...], actors_files: tuple[str, ...], extractor: str | None, model: str | None,
            as_json: bool) -> None:
    """Process SOURCES without storing anything and print what was extracted."""
    from detente.ingest import Failure, read
    from detente.pipeline import ExtractionFailure, Pipeline, chunks, extract_each

    failed = 0

    def articles() -> Any:
        nonlocal failed
        for item in read(sources):
            if isinstance(item, Failure):
                failed += 1
                error(str(item))
            else:
                yield item

    pipeline = Pipeline(pipeline_options(actors_files, extractor, model))
    for batch in chunks(articles(), pipeline.options.batch_size):
        for article, result in zip(batch, extract_each(pipeline, batch), strict=True):
            if isinstance(result, str):  # an article that breaks a stage: one line, the others go on
                failed += 1
                error(str(ExtractionFailure(article.source or article.id, result)))
            else:
                _print_extraction(result, as_json)
    if failed:
        sys.exit(1)


def _print_extraction(extraction: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False, default=str))
        return
    art = extraction.article
    click.echo(f"== {art.source}  [{art.id}]")
    click.echo(f"   {art.outlet or '?'} | {art.published or 'no date'} ({art.published_source or '-'}) | {art.title or '(no title)'}")
    for note in extraction.notes:
        click.echo(f"   note: {note}")
    if extraction.actors:
        click.echo("   actors: " + ", ".join(f"{a.name} ({a.code or '-'})" for a in extraction.actors))
    for ev in extraction.events:
        who = "+".join(p.code or p.name for p in ev.actors) or "?"
        whom = "+".join(p.code or p.name for p in ev.recipients) or "-"
        when = ev.date.start.isoformat() if ev.date else "undated"
        click.echo(f"   {ev.type:<9} {who} -> {whom}  {when}  {ev.modality}: {ev.evidence.sentence[:90]}")


@click.command("load-shards")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def load_shards(ctx: click.Context, path: str, as_json: bool) -> None:
    """Store the Parquet shards that `ingest --engine ray --output PATH` wrote (a folder or s3://... URL)."""
    from detente.engines.ray_engine import load

    _load(ctx, lambda store, progress: load(path, store, on_item=progress), as_json)


@click.command("load-extractions")
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def load_extractions(ctx: click.Context, files: tuple[str, ...], as_json: bool) -> None:
    """Store extractions from JSON-lines FILES ("-" for stdin): what `extract --json` or `merge` wrote."""
    from detente.engines.jsonl import load

    _load(ctx, lambda store, progress: load(files, store, on_item=progress), as_json)


def _load(ctx: click.Context, loader: Any, as_json: bool) -> None:
    """Run `loader(store, progress)` (already extracted articles into the store) and print its summary."""
    store = open_store(ctx, create=True)
    progress = _Progress()
    try:
        report = loader(store, progress)
    except BaseException:
        store.close()
        raise
    finally:
        progress.close()
    _finish(store, report, as_json,
            f"{report.new} new, {report.duplicate} duplicate, {len(report.failed)} failed; {report.events} events")


COMMANDS = [ingest, extract, load_shards, load_extractions]
