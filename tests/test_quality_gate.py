"""The quality gate: real extraction over the seeds, the PLOVER dev sentences and real news (the Wikinews dev and
extra articles, the team's own development and validation annotations), scored by the judge's own scorer, must
stay at or above the floors pinned in quality/floors.toml (the same figures `detente eval` prints)."""
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
    assert all(0 <= v <= 1 for task in floors.values() for k, v in task.items()
               if k not in ("people_ok", "articles_with_a_correct_event"))


def test_seeds_hold_their_floors(seeds_report: dict[str, Any]) -> None:
    assert seeds_report["documents_found"] == ["abcmedia", "i24news"]
    below = evaluation.below_floors("seeds", seeds_report)
    assert not below, f"below floor: {below}; missed: {seeds_report['missed']}"


def test_plover_holds_its_floors(plover_report: dict[str, Any]) -> None:
    assert plover_report["documents_missing"] == 0
    below = evaluation.below_floors("plover", plover_report)
    assert not below, f"below floor: {below}; recall by type: {plover_report['recall_by_type']}"


@pytest.mark.parametrize("news_set", ["dev", "extra", "own-dev", "own-val"])
def test_real_news_holds_its_floors(news_set: str) -> None:
    report = evaluation.evaluate("news", news_set=news_set)
    assert not report["documents_missing"], report["documents_missing"]
    below = evaluation.below_floors(evaluation.floor_section("news", news_set), report)
    assert not below, f"{news_set} below floor: {below}; recall by type: {report['recall_by_type']}"


def test_floors_name_the_real_news_figures(floors: dict[str, dict[str, float]]) -> None:
    assert {"recall", "precision", "type_precision", "people_ok"} <= set(floors["news"])
    assert {"recall", "precision"} <= set(floors["news-own-val"])


def test_eval_news_scores_a_users_own_corpus(tmp_path) -> None:
    """`detente eval news --input FILE.jsonl --gold FILE.yaml`: an analyst measures the tool on their own articles."""
    import json

    from click.testing import CliRunner

    from detente.cli import main

    articles = tmp_path / "mine.jsonl"
    articles.write_text(json.dumps({
        "id": "m1", "published": "2026-03-02", "title": "Chile recalls ambassador from Bolivia",
        "text": "Chile recalled its ambassador from Bolivia on Monday after the border incident. "
                "Bolivia's foreign minister called the decision a grave mistake."}) + "\n", encoding="utf-8")
    gold = tmp_path / "mine.yaml"
    gold.write_text("""events:
- {id: m1-01, article: m1, type: [SANCTION], actor: [CHL:GOV], recipient: [BOL:GOV], modality: asserted, optional: false,
   sentence: "Chile recalled its ambassador from Bolivia"}
- {id: m1-02, article: m1, type: [ACCUSE], actor: [BOL:GOV], recipient: [CHL:GOV], modality: asserted, optional: false,
   sentence: "called the decision a grave mistake"}
people:
  m1: {}
""", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "news", "--input", str(articles), "--gold", str(gold), "--brief"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["articles"] == 1 and report["gold_required"] == 2
    assert report["recall"] == 1.0, report
    missing = CliRunner().invoke(main, ["eval", "news", "--input", str(articles)])
    assert missing.exit_code != 0 and "--gold" in missing.output
