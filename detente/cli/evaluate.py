"""`detente eval seeds|plover|news`: the judge's figures, and whether they hold the pinned floors."""
from __future__ import annotations

import json
import sys

import click

from detente.cli.common import pipeline_options


@click.command("eval")
@click.argument("task", type=click.Choice(["seeds", "plover", "news"]))
@click.option("--set", "news_set", default="dev", show_default=True,
              help="news: which real-news set (dev, extra: ../shared/eval/wikinews; own-dev, own-val: quality/wikinews).")
@click.option("--input", "articles", type=click.Path(dir_okay=False), default=None,
              help="news: your own articles (JSONL as `detente ingest` reads it) ...")
@click.option("--gold", type=click.Path(dir_okay=False), default=None,
              help="news: ... and their gold events, coded with ../shared/eval/wikinews/GUIDE.md (YAML).")
@click.option("--brief", is_flag=True, help="Only the figures (no missed ids, no false positives).")
@click.option("--extractor", default=None, help="Events stage by registered name (default rules.v1).")
@click.option("--model", default=None, help="spaCy model: sm (default), md, or a package name.")
@click.option("--check", is_flag=True, help="Exit 1 if a figure is below its floor in quality/floors.toml.")
def evaluate_cmd(task: str, news_set: str, articles: str | None, gold: str | None, brief: bool, extractor: str | None,
                 model: str | None, check: bool) -> None:
    """Score extraction with ../shared/eval/score.py: the seeds, the PLOVER dev sentences, or real news
    (the Wikinews dev articles, another set, or your own annotated articles with --input and --gold)."""
    from pathlib import Path

    from detente.evaluation import below_floors, evaluate, floor_section

    if task != "news" and (articles or gold):
        raise click.UsageError("--input and --gold are for `eval news`")
    try:
        report = evaluate(task, pipeline_options((), extractor, model), news_set=news_set,
                          articles=Path(articles) if articles else None, gold=Path(gold) if gold else None)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if brief:
        report = {k: v for k, v in report.items() if k not in ("missed", "false_positives", "people_missed")}
    click.echo(json.dumps(report, indent=1, ensure_ascii=False))
    # a user's own corpus has no pinned floors; the named sets have theirs
    failures = [] if articles else below_floors(floor_section(task, news_set), report)
    for line in failures:
        click.echo(f"below floor: {line}", err=True)
    if check and failures:
        sys.exit(1)


COMMANDS = [evaluate_cmd]
