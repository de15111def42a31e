"""The quality gate: real extraction over the seeds and the PLOVER dev sentences, scored by the judge's own
scorer, must stay at or above the floors pinned in quality/floors.toml."""
from __future__ import annotations

import importlib.util
import json
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).parents[1].parent / "shared"
SCORER = SHARED / "eval/score.py"
FLOORS = ROOT / "quality" / "floors.toml"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SCORER.is_file(), reason=f"../shared is not beside the repo ({SHARED}): no scorer or gold data"),
]


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("detente_gate_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _extract(articles: list[Any]) -> list[dict[str, Any]]:
    from detente.pipeline import Pipeline

    return [e.to_dict() for e in Pipeline().run(articles)]


@pytest.fixture(scope="module")
def floors() -> dict[str, dict[str, float]]:
    return tomllib.loads(FLOORS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds_report() -> dict[str, Any]:
    from detente.ingest import Failure, read

    items = list(read(sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))))
    assert items and not any(isinstance(i, Failure) for i in items), items
    return dict(_scorer().score_seeds(_extract(items), SHARED / "eval/seeds/gold.yaml"))


@pytest.fixture(scope="module")
def plover_report() -> dict[str, Any]:
    from detente.model import Article

    path = SHARED / "eval/plover-gsr/dev.json"
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    articles = [Article(body=r["text"], id=str(r["id"]), sources=[f"{path}#{r['id']}"], language="en") for r in records]
    return dict(_scorer().score_plover(_extract(articles), path))


def test_floors_file_names_the_issue_figures(floors: dict[str, dict[str, float]]) -> None:
    assert {"recall", "precision", "f1"} <= set(floors["seeds"])
    assert {"type_f1", "triple_f1"} <= set(floors["plover"])
    assert all(0 <= v <= 1 for task in floors.values() for v in task.values())


def test_seeds_hold_their_floors(seeds_report: dict[str, Any], floors: dict[str, dict[str, float]]) -> None:
    assert seeds_report["documents_found"] == ["abcmedia", "i24news"]
    below = {k: (seeds_report[k], v) for k, v in floors["seeds"].items() if float(seeds_report[k]) < v}
    assert not below, f"below floor (got, floor): {below}; missed: {seeds_report['missed']}"


def test_plover_holds_its_floors(plover_report: dict[str, Any], floors: dict[str, dict[str, float]]) -> None:
    assert plover_report["documents_missing"] == 0
    below = {k: (plover_report[k], v) for k, v in floors["plover"].items() if float(plover_report[k]) < v}
    assert not below, f"below floor (got, floor): {below}; recall by type: {plover_report['recall_by_type']}"
