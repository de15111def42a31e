"""`detente compare A B` (where two extractors agree) and `detente merge A B` (their union, in extract format).

A and B are each a JSONL file that `detente extract --json` wrote ("-" for stdin) or a registered
events extractor's name, run over SOURCES (or, without SOURCES, over the articles of the other side's file).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from detente.cli.common import pipeline_options
from detente.cli.output import emit, error, print_json

if TYPE_CHECKING:
    from detente.evaluation.compare import Comparison
    from detente.model import Extraction

#: how many differing events the table lists before it points to --json
SHOW_DIFFERENCES = 40


def _is_file(side: str) -> bool:
    return side == "-" or Path(side).is_file()


def _sides(a: str, b: str, sources: tuple[str, ...], actors_files: tuple[str, ...], model: str | None
           ) -> tuple[list[Extraction], list[Extraction], bool]:
    """Both sides as extractions, and whether any source failed to read."""
    from detente import registry
    from detente.evaluation.compare import load_jsonl, run_extractors

    loaded: dict[str, list[Extraction]] = {}
    names = []
    for side in (a, b):
        if _is_file(side):
            try:
                loaded[side] = load_jsonl(side)
            except (OSError, ValueError) as exc:
                raise click.ClickException(str(exc)) from exc
            continue
        try:
            registry.get("events", side)
        except KeyError as exc:
            raise click.BadParameter(f"{side!r} is neither a file nor a registered extractor: {exc.args[0]}") from exc
        names.append(side)
    if not names:
        if sources:
            raise click.UsageError("SOURCES are read only for an extractor name; both sides are files")
        return loaded[a], loaded[b], False
    failed = False
    if sources:
        from detente.ingest import Failure, read

        articles = []
        for item in read(sources):
            if isinstance(item, Failure):
                failed = True
                error(str(item))
            else:
                articles.append(item)
    elif loaded:
        articles = [x.article for x in next(iter(loaded.values()))]
    else:
        raise click.UsageError("two extractor names need SOURCES to run over")
    runs = run_extractors(list(dict.fromkeys(names)), articles, pipeline_options(actors_files, None, model))
    loaded.update(zip(dict.fromkeys(names), runs, strict=True))
    return loaded[a], loaded[b], failed


def _label(side: str) -> str:
    return "stdin" if side == "-" else side


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _table(result: Comparison) -> None:
    from detente.evaluation.compare import KINDS, MATCHED

    click.echo(f"A = {result.a}\nB = {result.b}\n")
    rows: list[dict[str, Any]] = []
    for art in result.articles:
        where = "" if art.in_a and art.in_b else (" (only A)" if art.in_a else " (only B)")
        rows.append({"article": (art.title or art.source or art.id) + where, **art.counts()})
    rows.append({"article": "total", **result.counts()})
    emit(rows, ["article", *KINDS], widths={"article": 48})
    by_type, total = result.agreement()
    click.echo("\nagreement of B with A (A is the reference)")
    emit([{"type": t, "A": g.a, "B": g.b, "matched": g.matched, "precision": _pct(g.precision),
           "recall": _pct(g.recall), "F1": _pct(g.f1)} for t, g in [*by_type.items(), ("all", total)]],
         ["type", "A", "B", "matched", "precision", "recall", "F1"])
    diffs = [(art, p) for art in result.articles for p in art.pairs if p.kind != MATCHED]
    if not diffs:
        click.echo("\nno differences")
        return
    click.echo("\ndifferences")
    for art, p in diffs[:SHOW_DIFFERENCES]:
        a = _event(p.a)
        b = _event(p.b)
        ev = p.a or p.b
        assert ev is not None
        click.echo(f"  {p.kind:<13} A: {a:<28} B: {b:<28} {art.id}: {ev.evidence.sentence[:70]}")
    if len(diffs) > SHOW_DIFFERENCES:
        click.echo(f"  ... {len(diffs) - SHOW_DIFFERENCES} more (--json lists them all)")


def _event(ev: Any) -> str:
    if ev is None:
        return "-"
    who = "+".join(p.code or p.name for p in ev.actors) or "?"
    whom = "+".join(p.code or p.name for p in ev.recipients) or "-"
    return f"{ev.type} {who}->{whom}"


_side_args_list = [
    click.argument("a"),
    click.argument("b"),
    click.argument("sources", nargs=-1),
    click.option("--actors", "actors_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra actor dictionary (YAML) for the extractors run here; repeatable."),
    click.option("--model", default=None, help="spaCy model for the extractors run here: sm (default), md, or a package."),
]


def _side_args(fn: Any) -> Any:
    for arg in reversed(_side_args_list):
        fn = arg(fn)
    return fn


@click.command()
@_side_args
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as one JSON object.")
def compare(a: str, b: str, sources: tuple[str, ...], actors_files: tuple[str, ...], model: str | None,
            as_json: bool) -> None:
    """Where two extractors agree: events paired by sentence, type and parties, article by article.

    A and B: JSONL files from `detente extract --json`, or extractor names run over SOURCES
    (e.g. `detente compare rules.v1 llm.v1 examples/`). Exits 1 if a source could not be read.
    """
    from detente.evaluation.compare import compare as run_compare

    xa, xb, failed = _sides(a, b, sources, actors_files, model)
    result = run_compare(xa, xb, names=(_label(a), _label(b)))
    if as_json:
        print_json(result.to_dict())
    else:
        _table(result)
    if failed:
        sys.exit(1)


@click.command()
@_side_args
@click.option("--prefer", type=click.Choice(["a", "b"]), default="a", show_default=True,
              help="Whose reading a merged event keeps (type, parties, mode, date).")
@click.option("--keep-conflicts", is_flag=True,
              help="Keep both readings where the two give one clause and its parties different types.")
def merge(a: str, b: str, sources: tuple[str, ...], actors_files: tuple[str, ...], model: str | None,
          prefer: str, keep_conflicts: bool) -> None:
    """The union of two extractors' events, each event once, as `detente extract --json` prints it.

    An event both found is one event naming both extractors (`rules.v1+llm.v1`) with both's evidence.
    A and B as for `detente compare`.
    """
    from detente.evaluation.compare import merge as run_merge

    xa, xb, failed = _sides(a, b, sources, actors_files, model)
    for extraction in run_merge(xa, xb, prefer=prefer, keep_conflicts=keep_conflicts):
        click.echo(json.dumps(extraction.to_dict(), ensure_ascii=False, default=str))
    if failed:
        sys.exit(1)


COMMANDS = [compare, merge]
