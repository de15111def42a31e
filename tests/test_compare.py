"""Comparing and merging two extractors: rules.v1 against a wrapper of it with known differences.

The wrapper (registered here as "test-wrap.v1") drops every ACCUSE event, reads Colombia's meeting as
COOPERATE instead of CONSULT, and gives the Nigerian agreement Togo instead of Ghana as its other party.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner

from detente import registry
from detente.cli import main
from detente.evaluation.compare import (
    MATCHED,
    ONLY_A,
    ONLY_B,
    OTHER_PARTIES,
    OTHER_TYPE,
    combine,
    compare,
    merge,
    run_extractors,
)
from detente.model import Article, Event, Evidence, Party

WRAP = "test-wrap.v1"

#: five events: ACCUSE BRA->VEN, CONSULT COL->ECU, ACCUSE KEN->UGA, AGREE NGA->GHA, SANCTION PER->BOL
BODY_1 = (
    "Brazil accused Venezuela on Tuesday of massing troops near the disputed border. "
    "The foreign ministers of Colombia and Ecuador met in Quito on Wednesday to discuss migration. "
    "Kenya criticised Uganda for closing the Busia border crossing without notice. "
    "Nigeria and Ghana signed an agreement to build a joint power line. "
    "Peru expelled two Bolivian diplomats after a row over a gas pipeline."
)
#: two events the wrapper leaves alone: REQUEST EGY->ETH, CONSULT SDN->ETH
BODY_2 = (
    "Egypt urged Ethiopia on Sunday to resume talks on the Nile dam before the rainy season. "
    "Sudan's prime minister met Ethiopia's foreign minister in Addis Ababa on Monday."
)


@registry.register("events", WRAP)
def _make_wrap(**_: Any) -> Any:
    inner = registry.get("events", "rules.v1")()

    def stage(doc: Any, article: Article, actors: Any) -> list[Event]:
        events = [ev for ev in inner(doc, article, actors) if ev.type != "ACCUSE"]
        for ev in events:
            ev.extractor = WRAP
            codes = {p.code for p in ev.actors}
            if ev.type == "CONSULT" and "COL" in codes:
                ev.type, ev.mode = "COOPERATE", None
            if ev.type == "AGREE" and "NGA" in codes:
                ev.recipients = [Party(code="TGO", name="Togo", text="Togo")]
        return events

    return stage


def _articles() -> list[Article]:
    return [Article(body=BODY_1, id="wire-1", published=date(2025, 3, 4)),
            Article(body=BODY_2, id="wire-2", published=date(2025, 3, 9))]


@pytest.fixture(scope="module")
def runs() -> tuple[list[Any], list[Any]]:
    a, b = run_extractors(["rules.v1", WRAP], _articles())
    return a, b


def _types(events: list[Event]) -> list[str]:
    return [ev.type for ev in events]


def test_the_rule_extractor_reads_the_sentences_as_the_test_expects(runs):
    a, _ = runs
    assert _types(a[0].events) == ["ACCUSE", "CONSULT", "ACCUSE", "AGREE", "SANCTION"]
    assert _types(a[1].events) == ["REQUEST", "CONSULT"]


def test_compare_reports_exactly_the_wrappers_differences(runs):
    a, b = runs
    result = compare(a, b)
    assert (result.a, result.b) == ("rules.v1", WRAP)
    first, second = result.articles
    assert first.counts() == {MATCHED: 1, OTHER_TYPE: 1, OTHER_PARTIES: 1, ONLY_A: 2, ONLY_B: 0}
    assert second.counts() == {MATCHED: 2, OTHER_TYPE: 0, OTHER_PARTIES: 0, ONLY_A: 0, ONLY_B: 0}
    assert result.counts() == {MATCHED: 3, OTHER_TYPE: 1, OTHER_PARTIES: 1, ONLY_A: 2, ONLY_B: 0}
    kinds = {(p.kind, p.a.type if p.a else None, p.b.type if p.b else None) for p in first.pairs}
    assert kinds == {(MATCHED, "SANCTION", "SANCTION"), (OTHER_TYPE, "CONSULT", "COOPERATE"),
                     (OTHER_PARTIES, "AGREE", "AGREE"), (ONLY_A, "ACCUSE", None)}
    by_type, total = result.agreement()
    assert by_type["ACCUSE"].to_dict() == {"a": 2, "b": 0, "matched": 0, "precision": None, "recall": 0.0, "f1": 0.0}
    assert by_type["CONSULT"].to_dict() == {"a": 2, "b": 1, "matched": 1, "precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert by_type["COOPERATE"].to_dict() == {"a": 0, "b": 1, "matched": 0, "precision": 0.0, "recall": None, "f1": 0.0}
    assert by_type["AGREE"].matched == 0 and by_type["SANCTION"].f1 == 1.0
    assert (total.a, total.b, total.matched) == (7, 5, 3)
    assert not result.identical


def test_compare_the_other_way_round_and_with_a_missing_article(runs):
    a, b = runs
    swapped = compare(b, a)
    assert swapped.counts() == {MATCHED: 3, OTHER_TYPE: 1, OTHER_PARTIES: 1, ONLY_A: 0, ONLY_B: 2}
    partial = compare(a, b[:1])
    assert not partial.articles[1].in_b
    assert partial.articles[1].counts()[ONLY_A] == 2
    assert partial.to_dict()["only_in_a_articles"] == 1


def test_rules_against_itself_agree_fully(runs):
    a, _ = runs
    [again] = run_extractors(["rules.v1"], _articles())
    result = compare(a, [x.to_dict() for x in again])  # the dicts `detente extract --json` prints
    assert result.identical
    assert result.counts()[MATCHED] == 7
    assert all(g.f1 == 1.0 for g in result.agreement()[0].values())


def test_merge_keeps_each_event_once(runs):
    a, b = runs
    merged = merge(a, b)
    assert [x.article.id for x in merged] == ["wire-1", "wire-2"]
    got = [(ev.type, ev.extractor, [p.code for p in ev.recipients]) for ev in merged[0].events]
    assert got == [("ACCUSE", "rules.v1", ["VEN"]), ("CONSULT", "rules.v1", ["ECU"]), ("ACCUSE", "rules.v1", ["UGA"]),
                   ("AGREE", "rules.v1", ["GHA"]), ("AGREE", WRAP, ["TGO"]),
                   ("SANCTION", f"rules.v1+{WRAP}", ["BOL"])]
    assert {ev.extractor for ev in merged[1].events} == {f"rules.v1+{WRAP}"}
    ids = [ev.id for x in merged for ev in x.events]
    assert len(ids) == len(set(ids))
    # B's reading of the retyped clause where B is preferred; both readings on request
    assert "COOPERATE" in _types(merge(a, b, prefer="b")[0].events)
    assert "CONSULT" not in _types(merge(a, b, prefer="b")[0].events)
    assert _types(merge(a, b, keep_conflicts=True)[0].events).count("AGREE") == 2
    assert len(merge(a, b, keep_conflicts=True)[0].events) == 7
    # the merge of one run with itself is that run
    assert [x.to_dict() for x in merge(a, a)] == [x.to_dict() for x in a]
    # the inputs are left as they were
    assert {ev.extractor for x in a for ev in x.events} == {"rules.v1"}


def test_merge_keeps_both_extractors_evidence(runs):
    a, b = runs
    base = a[0].events[-1]
    other = b[0].events[-1]
    moved = Evidence(sentence=other.evidence.sentence, trigger="diplomats", start=other.evidence.start,
                     end=other.evidence.end, trigger_start=other.evidence.start + 27, trigger_end=other.evidence.start + 36)
    other_reading = Event(type=other.type, actors=other.actors, recipients=other.recipients, evidence=moved,
                          extractor="llm.v1", confidence=0.8)
    ev = combine(base, other_reading)
    assert ev.extractor == "rules.v1+llm.v1" and ev.confidence == 0.8
    assert ev.evidence == base.evidence and ev.more_evidence == [moved]
    assert base.more_evidence == []


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    src = folder / "wire.jsonl"
    src.write_text("\n".join(json.dumps({"id": art.id, "text": art.body, "published": str(art.published)})
                             for art in _articles()) + "\n", encoding="utf-8")
    out = {}
    for name in ("rules.v1", WRAP):
        result = _run("extract", str(src), "--extractor", name, "--json")
        assert result.exit_code == 0, result.output
        out[name] = folder / f"{name}.jsonl"
        out[name].write_text(result.output, encoding="utf-8")
    return src, out["rules.v1"], out[WRAP]


def test_cli_compare_files_and_names(files):
    src, a, b = files
    as_json = _run("compare", str(a), str(b), "--json")
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.output)
    assert report["totals"] == {MATCHED: 3, OTHER_TYPE: 1, OTHER_PARTIES: 1, ONLY_A: 2, ONLY_B: 0}
    assert report["by_type"]["ACCUSE"]["recall"] == 0.0
    assert [d["kind"] for d in report["per_article"][0]["differences"]] == [ONLY_A, OTHER_TYPE, ONLY_A, OTHER_PARTIES]
    # two extractor names over the sources print the same figures in a table
    table = _run("compare", "rules.v1", WRAP, str(src))
    assert table.exit_code == 0, table.output
    total = next(line for line in table.output.splitlines() if line.startswith("total"))
    assert total.split()[1:] == ["3", "1", "1", "2", "0"]
    assert "other_type    A: CONSULT COL->ECU" in table.output
    # a file against a name runs the name over the file's articles
    same = _run("compare", str(a), "rules.v1", "--json")
    assert json.loads(same.output)["totals"][MATCHED] == 7
    assert "no differences" in _run("compare", "-", "rules.v1", input=a.read_text(encoding="utf-8")).output


def test_cli_compare_refuses_what_it_cannot_read(files):
    _src, a, _b = files
    bad = CliRunner().invoke(main, ["compare", str(a), "nonesuch.v9"])
    assert bad.exit_code == 2 and "neither a file nor a registered extractor" in bad.output
    assert CliRunner().invoke(main, ["compare", "rules.v1", WRAP]).exit_code == 2


def test_cli_merge_writes_extract_format(files):
    _src, a, b = files
    result = _run("merge", str(a), str(b), "--prefer", "b")
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.output.splitlines()]
    assert [d["article"]["id"] for d in docs] == ["wire-1", "wire-2"]
    assert [e["type"] for e in docs[0]["events"]] == ["ACCUSE", "COOPERATE", "ACCUSE", "AGREE", "AGREE", "SANCTION"]
    assert docs[0]["events"][-1]["extractor"] == f"{WRAP}+rules.v1"
    # the merge reads back as extract output: against A, every A event but the retyped one is there
    merged = a.parent / "merged.jsonl"
    merged.write_text(result.output, encoding="utf-8")
    back = json.loads(_run("compare", str(a), str(merged), "--json").output)["totals"]
    assert back == {MATCHED: 6, OTHER_TYPE: 1, OTHER_PARTIES: 0, ONLY_A: 0, ONLY_B: 1}
