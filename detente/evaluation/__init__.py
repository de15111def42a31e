"""Scores extraction with the project's judge, `../shared/eval/score.py`, in-process.

    evaluate("seeds")  -> the scorer's report over the two seed articles
    evaluate("plover") -> the scorer's report over the PLOVER gold-standard dev sentences
    evaluate("news")   -> the scorer's report over real news: the Wikinews dev articles, another named set
                          (NEWS_SETS), or a user's own JSONL articles and gold YAML (`news_files`)

The scorer is imported from its file (never copied), so the figures are the judge's own.
"""
from __future__ import annotations

import importlib.util
import json
import os
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

from detente.model import Article
from detente.pipeline import Options, Pipeline

ROOT = Path(__file__).resolve().parents[2]
ENV_SHARED = "DETENTE_SHARED"
FLOORS = ROOT / "quality" / "floors.toml"


def shared_dir() -> Path:
    """../shared beside the repository, or $DETENTE_SHARED."""
    env = os.environ.get(ENV_SHARED)
    return Path(env) if env else ROOT.parent / "shared"


def scorer(shared: Path | None = None) -> ModuleType:
    path = (shared or shared_dir()) / "eval" / "score.py"
    if not path.is_file():
        raise FileNotFoundError(f"the scorer is not at {path} (set {ENV_SHARED} to the shared/ folder)")
    spec = importlib.util.spec_from_file_location("detente_eval_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_articles(shared: Path | None = None) -> list[Article]:
    from detente.ingest import Failure, read

    seeds = sorted(str(p) for p in ((shared or shared_dir()) / "seeds").glob("*.txt"))
    out = []
    for item in read(seeds):
        if isinstance(item, Failure):
            raise ValueError(str(item))
        out.append(item)
    return out


def plover_articles(shared: Path | None = None) -> list[Article]:
    """The PLOVER dev records as one-sentence articles whose id is the record id."""
    from detente import lang

    path = (shared or shared_dir()) / "eval" / "plover-gsr" / "dev.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for r in records:
        if r.get("event") == "DOCUMENT":
            continue
        code, score = lang.article_language(r["text"])  # as the readers store it: None when undetermined
        out.append(Article(body=r["text"], id=str(r["id"]), sources=[f"{path}#{r['id']}"], language=code,
                           language_score=score, reader="jsonl"))
    return out


#: the named real-news sets: (articles, gold), relative to ../shared/eval/wikinews ("shared") or to the
#: repository's quality/wikinews ("project": the team's own annotations of pool articles, CC BY 2.5)
NEWS_SETS: dict[str, tuple[str, str, str]] = {
    "dev": ("shared", "dev.jsonl", "dev-gold.yaml"),
    "extra": ("shared", "extra.jsonl", "extra-gold.yaml"),
    "own-dev": ("project", "own-dev.jsonl", "own-dev-gold.yaml"),
    "own-val": ("project", "own-val.jsonl", "own-val-gold.yaml"),
}
PROJECT_NEWS = ROOT / "quality" / "wikinews"


def news_files(name: str = "dev", shared: Path | None = None) -> tuple[Path, Path]:
    """(articles JSONL, gold YAML) of a named real-news set."""
    if name not in NEWS_SETS:
        raise ValueError(f"unknown news set {name!r} (known: {', '.join(NEWS_SETS)})")
    where, articles, gold = NEWS_SETS[name]
    base = (shared or shared_dir()) / "eval" / "wikinews" if where == "shared" else PROJECT_NEWS
    return base / articles, base / gold


def read_articles(path: Path) -> list[Article]:
    """Articles of a JSONL/HTML/text source as `detente extract` reads them; a bad input raises ValueError."""
    from detente.ingest import Failure, read

    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    out = []
    for item in read([str(path)]):
        if isinstance(item, Failure):
            raise ValueError(str(item))
        out.append(item)
    return out


def extract_dicts(articles: list[Article], options: Options | None = None) -> list[dict[str, Any]]:
    """The extractions as `detente extract --json` prints them, with `options` (default: the user's config)."""
    return [e.to_dict() for e in Pipeline(options or Options.from_config()).run(articles)]


def evaluate(task: str, options: Options | None = None, shared: Path | None = None, *, news_set: str = "dev",
             articles: Path | None = None, gold: Path | None = None) -> dict[str, Any]:
    """The scorer's report for `task` ("seeds", "plover" or "news").

    For "news", `articles` (JSONL) and `gold` (YAML written with ../shared/eval/wikinews/GUIDE.md) score a user's
    own annotated corpus; otherwise the named set `news_set` (NEWS_SETS) is scored.
    """
    shared = shared or shared_dir()
    score = scorer(shared)
    if task == "news":
        if (articles is None) != (gold is None):
            raise ValueError("news: give both the articles (--input) and their gold (--gold), or neither")
        if articles is None or gold is None:
            articles, gold = news_files(news_set, shared)
        if not gold.is_file():
            raise FileNotFoundError(f"{gold}: no such gold file")
        results = extract_dicts(read_articles(articles), options)
        return dict(score.score_news(results, gold))
    if task == "seeds":
        results = extract_dicts(seed_articles(shared), options)
        return dict(score.score_seeds(results, shared / "eval" / "seeds" / "gold.yaml"))
    if task == "plover":
        results = extract_dicts(plover_articles(shared), options)
        return dict(score.score_plover(results, shared / "eval" / "plover-gsr" / "dev.json"))
    raise ValueError(f"unknown evaluation {task!r} (seeds, plover or news)")


def _as_number(value: Any) -> float:
    """A figure as a number: 0.85 stays, "13/13" becomes 13 (the numerator; the floor names the count)."""
    if isinstance(value, str) and "/" in value:
        return float(value.split("/")[0])
    return float(value)


def floors(path: Path = FLOORS) -> dict[str, dict[str, float]]:
    """The pinned floors: {task: {figure: minimum}}."""
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {task: {k: float(v) for k, v in figs.items()} for task, figs in data.items() if isinstance(figs, dict)}


def floor_section(task: str, news_set: str = "dev") -> str:
    """The section of the floors file for a task: "seeds", "plover", "news" (the dev set), "news-extra", ..."""
    if task != "news" or news_set == "dev":
        return task
    return f"news-{news_set}"


def below_floors(task: str, report: dict[str, Any], path: Path = FLOORS) -> list[str]:
    """Each figure of `report` that is under its floor, as 'figure: got < floor'."""
    out = []
    for figure, minimum in floors(path).get(task, {}).items():
        if figure not in report:
            out.append(f"{figure}: missing from the report")
        elif _as_number(report[figure]) < minimum:
            out.append(f"{figure}: {report[figure]} < {minimum}")
    return out
