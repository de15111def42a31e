"""`detente eval seeds|plover`: the judge's figures, and whether they hold the pinned floors."""
from __future__ import annotations

import json
import sys

import click

from detente.cli.common import pipeline_options


@click.command("eval")
@click.argument("task", type=click.Choice(["seeds", "plover"]))
@click.option("--extractor", default=None, help="Events stage by registered name (default rules.v1).")
@click.option("--model", default=None, help="spaCy model: sm (default), md, or a package name.")
@click.option("--check", is_flag=True, help="Exit 1 if a figure is below its floor in quality/floors.toml.")
def evaluate_cmd(task: str, extractor: str | None, model: str | None, check: bool) -> None:
    """Score extraction on the seeds or the PLOVER dev sentences with ../shared/eval/score.py."""
    from detente.evaluation import below_floors, evaluate

    try:
        report = evaluate(task, pipeline_options((), extractor, model))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(report, indent=1, ensure_ascii=False))
    failures = below_floors(task, report)
    for line in failures:
        click.echo(f"below floor: {line}", err=True)
    if check and failures:
        sys.exit(1)


COMMANDS = [evaluate_cmd]
