"""The quality gate: real extraction over the seeds and the PLOVER dev sentences, scored by the judge's own
scorer, must stay at or above the floors pinned in quality/floors.toml (the same figures `detente eval` prints)."""
from __future__ import annotations

from typing import Any

import pytest

from detente import evaluation

SCORER = evaluation.shared_dir() / "eval/score.py"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SCORER.is_file(), reason=f"../shared is not beside the repo ({SCORER}): no scorer or gold data"),
]


@pytest.fixture(scope="module")
def floors() -> dict[str, dict[str, float]]:
    return evaluation.floors()


@pytest.fixture(scope="module")
def seeds_report() -> dict[str, Any]:
    return evaluation.evaluate("seeds")


@pytest.fixture(scope="module")
def plover_report() -> dict[str, Any]:
    return evaluation.evaluate("plover")


def test_floors_file_names_the_issue_figures(floors: dict[str, dict[str, float]]) -> None:
    assert {"recall", "precision", "f1"} <= set(floors["seeds"])
    assert {"type_f1", "triple_f1"} <= set(floors["plover"])
    assert all(0 <= v <= 1 for task in floors.values() for v in task.values())


def test_seeds_hold_their_floors(seeds_report: dict[str, Any]) -> None:
    assert seeds_report["documents_found"] == ["abcmedia", "i24news"]
    below = evaluation.below_floors("seeds", seeds_report)
    assert not below, f"below floor: {below}; missed: {seeds_report['missed']}"


def test_plover_holds_its_floors(plover_report: dict[str, Any]) -> None:
    assert plover_report["documents_missing"] == 0
    below = evaluation.below_floors("plover", plover_report)
    assert not below, f"below floor: {below}; recall by type: {plover_report['recall_by_type']}"
