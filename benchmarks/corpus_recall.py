"""Recall of the events stage on the benchmark corpus's event templates, and silence on its filler sentences.

Every template of corpus_data.toml's [events] is filled (with benchmarks/corpus.py's slot filler) for several
casts of states, armed groups and organisations, run through the pipeline one sentence per article, and checked
against the event a careful CAMEO/PLOVER coder would write down for it (the EXPECT table below); every filler
sentence must give no event at all. The report gives recall per kind and overall, and lists the misses with
what came out instead.

    .venv/bin/python benchmarks/corpus_recall.py [--casts 6] [--seed 1] [--json] [--extras]

How the table codes things (the project's conventions, from detente/events/data/ontology.toml and the CAMEO
codebook in ../shared/eval/cameo):
  - an act stated as a promise or future intent is AGREE (CAMEO 03): "pledged $5 million in aid" is AGREE/aid
    (033), "will supply X with armoured vehicles" is AGREE/aid (0332), "agreed to resume negotiations" AGREE (036);
  - a mediator that mediates is the actor and the sides its recipients ("C offered to mediate between A and B",
    CAMEO 039 / 045); a third party that hosts or brokers talks between named sides is a third party of the
    CONSULT between them ("talks between A and B hosted by C");
  - reciprocal acts ("A and B signed a pact") match either way round (`sym`);
  - a template that names neither side ("The talks were brokered by C") must give nothing alone; after a sentence
    naming the sides (CONTEXT) it is their CONSULT with C as a third party ("mediation+context" in the report).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import _Filler, material  # noqa: E402  (the generator's own slot filling)

#: the date the one-sentence articles carry ("on Thursday" needs a publication date to resolve)
PUBLISHED = date(2026, 5, 10)


@dataclass(frozen=True)
class Want:
    """One acceptable reading of an expected event: its types (and modes), and the cast roles on each side.

    Roles are the slots' letters: A, B, C (states), G (an armed group), O (an organisation). `sym` accepts the
    parties either way round; `third` is a role that must be among the third parties (host, mediator, venue).
    Where a template has two acceptable codings, its entry lists both readings.
    """

    types: tuple[str, ...]
    actors: str = ""
    recipients: str = ""
    modes: tuple[str | None, ...] | None = None
    sym: bool = False
    third: str = ""


def W(types: str, actors: str = "", recipients: str = "", modes: str | None = None, sym: bool = False,
      third: str = "") -> Want:
    """A Want from compact arguments: "AGREE|AID", "A", "B", modes "aid|arms"."""
    mode_list = None if modes is None else tuple(None if m == "-" else m for m in modes.split("|"))
    return Want(tuple(types.split("|")), actors, recipients, mode_list, sym, third)


#: template -> the events it states, each a tuple of acceptable readings. An empty list: the sentence states
#: no event a coder could give parties to (the template names none).
EXPECT: dict[str, list[tuple[Want, ...]]] = {
    # ---- talks (CAMEO 04)
    "{A_min} met his {B_adj} counterpart in {city} on {day} for talks on {topic}.":
        [(W("CONSULT", "A", "B", sym=True),)],
    "Delegations from {A} and {B} held a second round of talks in {city} on {day}, officials said.":
        [(W("CONSULT", "A", "B", sym=True),)],
    "{A_leader} and {B_leader} discussed {topic} by telephone on {day}, according to a statement from {A_cap}.":
        [(W("CONSULT", "A", "B", sym=True),)],
    # an agreement to negotiate later is an intent to negotiate (036), not talks held
    "{A} and {B} agreed on {day} to resume negotiations on {topic} next month.":
        [(W("AGREE", "A", "B", sym=True),)],
    # ---- mediation (CAMEO 039 intent to mediate, 045 mediate)
    "{C} has offered to mediate between {A} and {B}, and its envoys shuttled between the two capitals this week.":
        [(W("AGREE|CONSULT", "C", "AB", modes="mediate"),)],
    # names neither side: nothing to code from the sentence alone (see CONTEXT for the reading in an article)
    "The talks in {city} were brokered by {C}, which hosted both delegations on {day}.": [],
    "{C_min} said his country was ready to host a new round of talks between {A} and {B}.":
        [(W("AGREE", "A", "B", sym=True, third="C"), W("AGREE", "C", "AB"))],
    # ---- aid (CAMEO 07; pledges 033)
    "{A} pledged {amount} in humanitarian aid to {B} on {day}, the {A_adj} foreign ministry said.":
        [(W("AGREE", "A", "B", modes="aid"),)],
    "{O} delivered {n} tonnes of food and medicine to {B} this week.":
        [(W("AID", "O", "B"),)],
    "{A} sent emergency supplies to {B} after the floods, {A_leader} announced on {day}.":
        [(W("AID", "A", "B"),)],
    # ---- support (CAMEO 05)
    "{A_leader} said {A} stood firmly behind {B} and would defend its sovereignty.":
        [(W("SUPPORT", "A", "B"),)],
    "{A} voiced support for {B}'s bid to join {O} during a visit to {B_cap} on {day}.":
        [(W("SUPPORT", "A", "B"),)],
    "{A} praised {B} for its restraint and called the agreement a historic step.":
        [(W("SUPPORT", "A", "B"),)],
    # ---- arms (CAMEO 072; promised supplies 0332)
    "{A} will supply {B} with {n} armoured vehicles and air defence systems under a deal signed on {day}.":
        [(W("AGREE", "A", "B", modes="aid"), W("AID", "A", "B", modes="arms|military"))],
    "{A_adj} officials confirmed that a shipment of drones and artillery shells had reached {B} in {month}.":
        [(W("AID", "A", "B", modes="arms|military"),)],
    # ---- energy (CAMEO 061 / 031; cut-offs 16)
    "{A} agreed to supply {B} with natural gas through a new pipeline from {month} next year.":
        [(W("AGREE", "A", "B"),)],
    "{A} cut oil deliveries to {B} on {day}, citing unpaid bills, the state energy company said.":
        [(W("SANCTION", "A", "B"),)],
    "{A} and {B} signed a deal on {day} to build a power line linking their grids.":
        [(W("AGREE", "A", "B", sym=True, modes="sign"),)],
    # ---- accusations (CAMEO 11)
    "{A} accused {B} of violating the ceasefire along their border on {day}.":
        [(W("ACCUSE", "A", "B"),)],
    "The {A_adj} foreign ministry accused {B} of interfering in its internal affairs and summoned its ambassador.":
        [(W("ACCUSE", "A", "B"),)],
    "{A_leader} accused {B} of backing {G} and said {A_cap} would not tolerate it.":
        [(W("ACCUSE", "A", "B"),)],
    # ---- sanctions (CAMEO 16)
    "{A} imposed sanctions on {n} {B_adj} officials and companies on {day}, freezing their assets.":
        [(W("SANCTION", "A", "B"),)],
    "{O} extended its sanctions on {B} for another six months, diplomats said.":
        [(W("SANCTION", "O", "B"),)],
    "{A} banned imports from {B} in retaliation for what it called hostile acts.":
        [(W("SANCTION", "A", "B"),)],
    # ---- strikes (CAMEO 19)
    "{A_adj} aircraft struck targets in {B} overnight, killing at least {n} people, local officials said.":
        [(W("ASSAULT", "A", "B"),)],
    "{G} fired rockets at {A} on {day}, and {A_adj} forces hit back with artillery.":
        [(W("ASSAULT", "G", "A"),), (W("ASSAULT", "A", "G"),)],
    "{A} launched drone strikes on positions held by {G} near the border with {B}.":
        [(W("ASSAULT", "A", "G"), W("ASSAULT", "A", "GB"))],
    # ---- war (CAMEO 19, 190)
    "Fighting between {A} and {B} entered its {n}th day, with both sides reporting heavy losses.":
        [(W("ASSAULT", "A", "B", sym=True),)],
    "{A_adj} troops seized a strategic town from {G} after a week of clashes, the army said.":
        [(W("ASSAULT|COERCE", "A", "G"),)],
    # ---- alliances
    "{A} and {B} signed a mutual defence pact in {city} on {day}.":
        [(W("AGREE", "A", "B", sym=True, modes="sign"),)],
    # joining an alliance or organisation is cooperation with it (CAMEO 06); condemning the move is 111
    "{B} formally joined {O} on {day}, a move {A} condemned as provocative.":
        [(W("COOPERATE", "B", "O"),), (W("ACCUSE", "A", "B"),)],
    # agreeing to hold joint exercises is an intent to cooperate militarily (0312)
    "{A} and {B} agreed to hold joint military exercises in {month}.":
        [(W("AGREE", "A", "B", sym=True),)],
    # ---- threats (CAMEO 13)
    "{A_leader} warned that {A} would respond with force if {B} crossed the line.":
        [(W("THREATEN", "A", "B"),)],
    "{A} threatened to expel {B_adj} diplomats unless {B_cap} withdrew its remarks.":
        [(W("THREATEN", "A", "B"),)],
    # ---- visits (CAMEO 042)
    "{A_leader} arrived in {B_cap} on {day} for a two-day state visit, his first since taking office.":
        [(W("CONSULT", "A", "B", modes="visit"),)],
    "{A_min} travelled to {B_cap} on {day} to prepare a summit later this year.":
        [(W("CONSULT", "A", "B", modes="visit"),)],
    # ---- agreements (CAMEO 03, 057)
    "{A} and {B} signed an agreement on {topic} in {city} on {day}.":
        [(W("AGREE", "A", "B", sym=True, modes="sign"),)],
    "{A} and {B} agreed to exchange {n} prisoners as part of a deal reached in {city}.":
        [(W("AGREE", "A", "B", sym=True),)],
    # recognising another's claim endorses it (05); a coder might also read a concession (08)
    "{A} recognised {B}'s claim over the disputed region in a joint declaration on {day}.":
        [(W("SUPPORT|CONCEDE", "A", "B"),)],
    # ---- protest (CAMEO 14; recalling an ambassador 161)
    "Thousands protested outside the {B_adj} embassy in {A_cap} on {day} against the strikes.":
        [(W("PROTEST", "A", "B"),)],
    "{A} recalled its ambassador from {B} in protest at the decision.":
        [(W("SANCTION", "A", "B"),)],
}

#: templates that read differently after a sentence naming the sides: (sentence before, expected events)
CONTEXT: dict[str, tuple[str, list[tuple[Want, ...]]]] = {
    "The talks in {city} were brokered by {C}, which hosted both delegations on {day}.":
        ("Delegations from {A} and {B} met on {day} to discuss {topic}.",
         [(W("CONSULT", "A", "B", sym=True, third="C"),)]),
}


@dataclass
class Case:
    kind: str
    template: str
    text: str
    codes: dict[str, str]
    want: list[tuple[Want, ...]]
    context: bool = False


def role_codes(names: Iterable[str]) -> dict[str, str]:
    """The code the actors stage gives each slot name when it stands alone ("Hamas" -> its code)."""
    from detente.model import Article
    from detente.pipeline import Options, Pipeline

    names = sorted(set(names))
    arts = [Article(body=f"{n[:1].upper()}{n[1:]} issued a statement.", id=f"name-{i}", sources=["t"])
            for i, n in enumerate(names)]
    out: dict[str, str] = {}
    for name, x in zip(names, Pipeline(Options()).run(arts), strict=True):
        coded = [a for a in x.actors if a.code]
        out[name] = (coded[0].code or "") if coded else ""
    return out


def cases(casts: int, seed: int) -> list[Case]:
    data = material()
    states, groups, orgs = data["state"], data["group"], data["organisations"]["names"]
    codes = role_codes([s["name"] for s in states] + [g["name"] for g in groups] + list(orgs))
    missing = [t for kind in data["events"] for t in data["events"][kind] if t not in EXPECT]
    if missing:
        raise SystemExit(f"no expectation for templates: {missing}")
    out: list[Case] = []
    for kind in sorted(data["events"]):
        for ti, template in enumerate(data["events"][kind]):
            for k in range(casts):
                rng = random.Random(f"recall:{seed}:{kind}:{ti}:{k}")
                while True:
                    a, b, c = rng.sample(states, 3)
                    g, o = rng.choice(groups), rng.choice(orgs)
                    role = {"A": codes[a["name"]], "B": codes[b["name"]], "C": codes[c["name"]],
                            "G": codes[g["name"]], "O": codes[o]}
                    if len({role[r] for r in "ABCG"}) == 4:  # the group's code must not stand for a cast state
                        break
                cast = {r: {"name": v["name"], "adj": v["adj"], "cap": v["capital"], "leader": v["leader"],
                            "min": v["minister"]} for r, v in (("A", a), ("B", b), ("C", c))}
                fill = _Filler(rng, cast, {"G": g["name"], "O": o})
                out.append(Case(kind, template, fill(template), role, EXPECT[template]))
                if template in CONTEXT:
                    before, want = CONTEXT[template]
                    out.append(Case(kind + "+context", template, f"{fill(before)} {fill(template)}", role, want, True))
    for fi, template in enumerate(data["filler"]["sentences"]):
        for k in range(2):
            rng = random.Random(f"recall:{seed}:filler:{fi}:{k}")
            out.append(Case("filler", template, _Filler(rng, {}, {})(template), {}, []))
    return out


def _codes(parties: list[Any]) -> set[str]:
    return {p.code for p in parties if p.code}


def matches(ev: Any, want: Want, role: dict[str, str]) -> bool:
    if ev.type not in want.types or (want.modes is not None and ev.mode not in want.modes):
        return False
    a, r = _codes(ev.actors), _codes(ev.recipients)
    wa, wr = {role[x] for x in want.actors}, {role[x] for x in want.recipients}
    if want.sym:
        if a | r != wa | wr or not a or not r:
            return False
    elif a != wa or r != wr:
        return False
    return not want.third or role[want.third] in {t.code for t in ev.third_parties}


def describe(ev: Any) -> str:
    third = ",".join(f"{t.code}:{t.role}" for t in ev.third_parties)
    return (f"{ev.type}/{ev.mode or '-'} {','.join(sorted(_codes(ev.actors))) or '?'}->"
            f"{','.join(sorted(_codes(ev.recipients))) or '?'}" + (f" [{third}]" if third else ""))


def run(casts: int = 6, seed: int = 1) -> dict[str, Any]:
    from detente.model import Article
    from detente.pipeline import Options, Pipeline

    todo = cases(casts, seed)
    arts = [Article(body=c.text, id=f"recall-{i}", sources=["t"], published=PUBLISHED) for i, c in enumerate(todo)]
    per_kind: dict[str, list[int]] = {}
    misses: list[dict[str, Any]] = []
    extras: list[dict[str, Any]] = []
    for case, x in zip(todo, Pipeline(Options()).run(arts), strict=True):
        events = list(x.events)
        if case.context:  # only the template's own sentence counts, not the one set before it
            cut = len(case.text) - len(case.text.split(". ", 1)[-1])
            events = [e for e in events if e.evidence.start >= cut]
        hit = [i for i, alts in enumerate(case.want) if any(matches(e, w, case.codes) for e in events for w in alts)]
        used = [e for e in events if any(matches(e, w, case.codes) for alts in case.want for w in alts)]
        ok = len(hit) == len(case.want) and (bool(case.want) or not events)
        tally = per_kind.setdefault(case.kind, [0, 0])
        tally[0] += ok
        tally[1] += 1
        if not ok:
            misses.append({"kind": case.kind, "template": case.template, "text": case.text,
                           "missing": [i for i in range(len(case.want)) if i not in hit],
                           "got": [describe(e) for e in events]})
        elif len(used) < len(events):
            extras.append({"kind": case.kind, "text": case.text, "extra": [describe(e) for e in events if e not in used]})
    event_kinds = [k for k in per_kind if k != "filler"]
    total = [sum(per_kind[k][0] for k in event_kinds), sum(per_kind[k][1] for k in event_kinds)]
    return {"casts": casts, "seed": seed, "recall": {k: v[0] / v[1] for k, v in sorted(per_kind.items())},
            "counts": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_kind.items())},
            "overall": total[0] / total[1] if total[1] else 0.0, "overall_counts": f"{total[0]}/{total[1]}",
            "misses": misses, "extras": extras}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casts", type=int, default=6, help="casts of states/groups/organisations per template")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--extras", action="store_true", help="also list events beyond the expected ones")
    args = parser.parse_args(argv)
    report = run(args.casts, args.seed)
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"{'kind':<22} recall")
    for kind, value in report["recall"].items():
        label = "no event (filler)" if kind == "filler" else ""
        print(f"{kind:<22} {value:6.3f}  {report['counts'][kind]:>7} {label}")
    print(f"{'overall (events)':<22} {report['overall']:6.3f}  {report['overall_counts']:>7}")
    by_template: dict[str, list[dict[str, Any]]] = {}
    for m in report["misses"]:
        by_template.setdefault(m["template"], []).append(m)
    if by_template:
        print("\nmisses (per template: how many casts, then one example and what came out):")
    for template, ms in by_template.items():
        print(f"- [{ms[0]['kind']}] {len(ms)}x {template}")
        for m in ms[:2]:
            print(f"    {m['text']}\n      got: {'; '.join(m['got']) or 'nothing'}  (missing #{m['missing']})")
    if args.extras and report["extras"]:
        print("\nextra events beside the expected ones:")
        for x in report["extras"]:
            print(f"- [{x['kind']}] {x['text']}\n      extra: {'; '.join(x['extra'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
