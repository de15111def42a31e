"""Standing relations (ally, rival, mediator, arms supplier ...) derived from events, each with its evidence.

The rules and their thresholds live in data/relations.toml; this module only applies them:

    pair up    every event gives (actor, recipient) pairs and, for mediation and hosting, (third party, {B, C})
    weigh      each event counts by its modality (negated and conditional events count nothing)
    decide     a label holds where its supporting events weigh enough, outweigh the events against it,
               and the pair's net cooperation-conflict score is within the label's bounds
    prune      a label drops where a stronger one it names in `suppressed_by` holds for the same pair
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from detente.analysis.records import Record
from detente.analysis.rules import Label, Rules
from detente.analysis.rules import load as load_rules


@dataclass
class Relation:
    """One standing relation with the events that make it and those that weigh against it."""

    source: str
    label: str
    target: str | list[str]
    weight: float
    evidence: list[Record] = field(default_factory=list)
    against: list[Record] = field(default_factory=list)
    net_score: float | None = None

    @property
    def parties(self) -> set[str]:
        return {self.source} | (set(self.target) if isinstance(self.target, list) else {self.target})

    def to_dict(self) -> dict[str, Any]:
        days = sorted(r.day for r in self.evidence if r.day)
        return {
            "source": self.source, "label": self.label, "target": self.target, "weight": round(self.weight, 2),
            "net_score": None if self.net_score is None else round(self.net_score, 2),
            "first": days[0].isoformat() if days else None, "last": days[-1].isoformat() if days else None,
            "articles": len({r.article_id for r in self.evidence}),
            "evidence": [r.evidence() for r in self.evidence],
            "against": [r.evidence() for r in self.against],
        }


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass
class _Pool:
    """The events between one pair (or one third party and a pair), deduplicated by event id."""

    events: dict[str, Record] = field(default_factory=dict)
    # events where the first node of the key acted (to pick the source of a symmetric label)
    acted: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, rec: Record, actor: str | None = None) -> None:
        self.events[rec.id] = rec
        if actor:
            self.acted[actor].add(rec.id)


def pools(recs: Iterable[Record]) -> tuple[dict[tuple[str, str], _Pool], dict[tuple[str, str], _Pool]]:
    """Events by unordered pair and by directed (actor, recipient) pair."""
    undirected: dict[tuple[str, str], _Pool] = defaultdict(_Pool)
    directed: dict[tuple[str, str], _Pool] = defaultdict(_Pool)
    for rec in recs:
        for a in rec.actors:
            for r in rec.recipients:
                if a == r:
                    continue
                undirected[_pair(a, r)].add(rec, a)
                directed[(a, r)].add(rec, a)
    return undirected, directed


def _third_party_pairs(rec: Record, label: Label, rules: Rules) -> list[tuple[str, tuple[str, str]]]:
    """(third party, pair it stands between) for one event under a third-party label."""
    out: list[tuple[str, tuple[str, str]]] = []
    if label.support and label.supports(rec.type, rec.mode, rec.score, rules.is_violent(rec.type, rec.mode)):
        for m in rec.actors:
            others = [r for r in rec.recipients if r != m]
            out += [(m, _pair(b, c)) for b, c in combinations(others, 2)]
    roles = set(label.roles) | ({"host"} if label.host_counts else set())
    # hosting is a third party's role only in meetings and other cooperative acts, not in a war fought on its soil
    cooperative = rec.score is None or rec.score > 0
    thirds = [p.node for p in rec.parties if p.role in roles and p.node]
    if thirds and cooperative:
        sides = set(rec.actors) | set(rec.recipients)
        for m in thirds:
            others = sorted(sides - {m})
            out += [(m, _pair(b, c)) for b, c in combinations(others, 2)
                    if (b in rec.actors and c in rec.recipients) or (c in rec.actors and b in rec.recipients)]
    return out


def mediated(rec: Record) -> bool:
    """Talks a third party mediates: their good score is the mediator's act, and being mediated says the two
    sides are at odds, so the event does not add cooperation to the pair it brings together."""
    return any(p.role == "mediator" for p in rec.parties)


def _weigh(label: Label, events: Iterable[Record], rules: Rules) -> tuple[float, list[Record], float, list[Record], float | None]:
    support, backing, against, opposing = 0.0, [], 0.0, []
    net, scored = 0.0, False
    for rec in events:
        w = rules.weight(rec.modality)
        if w <= 0:
            continue
        violent = rules.is_violent(rec.type, rec.mode)
        if rec.score is not None and not mediated(rec):
            net += w * rec.score
            scored = True
        if label.supports(rec.type, rec.mode, rec.score, violent):
            support += w * (label.statement_weight if rec.mode in label.statement_modes else 1.0)
            backing.append(rec)
        elif label.opposes(rec.type, rec.mode, rec.score, violent):
            against += w
            opposing.append(rec)
    return support, backing, against, opposing, (net if scored else None)


def _holds(label: Label, support: float, against: float, net: float | None) -> bool:
    if support < label.min_weight or support <= against:
        return False
    if label.min_net_score is not None and net is not None and net < label.min_net_score:
        return False
    if label.max_net_score is not None and (net is None or net > label.max_net_score):
        return False
    return True


def derive(recs: Iterable[Record], rules: Rules | None = None) -> list[Relation]:
    """Every standing relation the events support, strongest first within each label."""
    rules = rules or load_rules()
    recs = [r for r in recs if rules.weight(r.modality) > 0]
    undirected, directed = pools(recs)
    found: list[Relation] = []
    for label in rules.labels.values():
        if label.third_party:
            found += _third_party(label, recs, rules)
            continue
        table = directed if label.directed else undirected
        for (a, b), pool in table.items():
            support, backing, against, opposing, net = _weigh(label, pool.events.values(), rules)
            if not _holds(label, support, against, net):
                continue
            source, target = a, b
            if not label.directed:
                acted_a = len(pool.acted[a] & {r.id for r in backing})
                acted_b = len(pool.acted[b] & {r.id for r in backing})
                if acted_b > acted_a:
                    source, target = b, a
            found.append(Relation(source, label.name, target, support, _by_date(backing), _by_date(opposing), net))
    return _prune(found, rules)


def _third_party(label: Label, recs: list[Record], rules: Rules) -> list[Relation]:
    by_key: dict[tuple[str, tuple[str, str]], dict[str, Record]] = defaultdict(dict)
    for rec in recs:
        for key in _third_party_pairs(rec, label, rules):
            by_key[key][rec.id] = rec
    out = []
    for (m, (b, c)), events in by_key.items():
        weight = sum(rules.weight(r.modality) for r in events.values())
        if weight >= label.min_weight:
            out.append(Relation(m, label.name, [b, c], weight, _by_date(events.values())))
    return out


def _by_date(recs: Iterable[Record]) -> list[Record]:
    return sorted(recs, key=lambda r: (r.day or date.max, r.article_id, r.offset or 0))


def _prune(found: list[Relation], rules: Rules) -> list[Relation]:
    held = {(frozenset(r.parties), r.label) for r in found}
    kept = [r for r in found
            if not any((frozenset(r.parties), s) in held for s in rules.labels[r.label].suppressed_by)]
    order = {name: i for i, name in enumerate(rules.labels)}
    return sorted(kept, key=lambda r: (order[r.label], -r.weight, r.source, str(r.target)))


def involving(rels: Iterable[Relation], *nodes: str) -> list[Relation]:
    """The relations whose parties include every node given."""
    want = set(nodes)
    return [r for r in rels if want <= r.parties]
