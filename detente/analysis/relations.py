"""Standing relations (ally, rival, mediator, arms supplier ...) derived from events, each with its evidence.

The rules and their thresholds live in data/relations.toml; this module only applies them:

    pair up    every event gives (actor, recipient) pairs and, for mediation and hosting, (third party, {B, C})
    weigh      each event counts by its modality (negated and conditional events count nothing)
    decide     a label holds where its supporting events weigh enough, outweigh the events against it,
               and the pair's net cooperation-conflict score is within the label's bounds
    prune      a label drops where a stronger one it names in `suppressed_by` holds for the same pair

`detente.analysis.engine.derive` runs these steps over compact facts (the same for a list of Records and for
a window read from the store's covering index); a relation cites its first EVIDENCE_LIMIT events.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from detente.analysis.records import Record
from detente.analysis.rules import Rules

#: how many events a relation cites (the earliest, by date); `evidence_total` says how many there are
EVIDENCE_LIMIT = 50


class Relation:
    """One standing relation with the events that make it and those that weigh against it.

    `evidence` and `against` list the first EVIDENCE_LIMIT events by date (read when first asked for);
    `totals` count all of them: evidence_total, against_total, articles, first and last day."""

    def __init__(self, source: str, label: str, target: str | list[str], weight: float,
                 evidence: list[Record] | None = None, against: list[Record] | None = None,
                 net_score: float | None = None, loader: Any = None) -> None:
        self.source, self.label, self.target, self.weight, self.net_score = source, label, target, weight, net_score
        self.loader = loader  # engine evidence: what to read when evidence is asked for
        self._evidence: list[Record] | None = None
        self._against: list[Record] | None = None
        self.totals: dict[str, Any] = {}
        self.loaded_limit = -1
        if loader is None:
            self.set_evidence(list(evidence or []), list(against or []), _totals(evidence or [], against or []),
                              len(evidence or []) + len(against or []) + 1)

    def set_evidence(self, evidence: list[Record], against: list[Record], totals: dict[str, Any], limit: int) -> None:
        self._evidence, self._against, self.totals, self.loaded_limit = evidence, against, totals, limit

    def _load(self, limit: int = 0) -> None:
        if self.loader is not None and self.loaded_limit < (limit or EVIDENCE_LIMIT):
            self.loader.engine.load([self], limit or EVIDENCE_LIMIT)

    @property
    def evidence(self) -> list[Record]:
        if self._evidence is None:
            self._load()
        return self._evidence or []

    @property
    def against(self) -> list[Record]:
        if self._against is None:
            self._load()
        return self._against or []

    @property
    def parties(self) -> set[str]:
        return {self.source} | (set(self.target) if isinstance(self.target, list) else {self.target})

    def __repr__(self) -> str:
        return f"Relation({self.source!r}, {self.label!r}, {self.target!r}, {self.weight!r})"

    def to_dict(self) -> dict[str, Any]:
        evidence, against = self.evidence, self.against
        t = self.totals
        return {
            "source": self.source, "label": self.label, "target": self.target, "weight": round(self.weight, 2),
            "net_score": None if self.net_score is None else round(self.net_score, 2),
            "first": t.get("first"), "last": t.get("last"), "articles": t.get("articles", 0),
            "evidence": [r.evidence() for r in evidence],
            "against": [r.evidence() for r in against],
            "evidence_total": t.get("evidence_total", len(evidence)), "against_total": t.get("against_total", len(against)),
        }


def _totals(evidence: Iterable[Record], against: Iterable[Record]) -> dict[str, Any]:
    evidence, against = list(evidence), list(against)
    days = sorted(r.day for r in evidence if r.day)
    return {"evidence_total": len(evidence), "against_total": len(against),
            "articles": len({r.article_id for r in evidence}),
            "first": days[0].isoformat() if days else None, "last": days[-1].isoformat() if days else None}


def mediated(rec: Record) -> bool:
    """Talks a third party mediates: their good score is the mediator's act, and being mediated says the two
    sides are at odds, so the event does not add cooperation to the pair it brings together."""
    return any(p.role == "mediator" for p in rec.parties)


def prune(found: list[Relation], rules: Rules) -> list[Relation]:
    """Drop a label where a stronger one it names in `suppressed_by` holds for the same parties; sort."""
    held = {(frozenset(r.parties), r.label) for r in found}
    kept = [r for r in found
            if not any((frozenset(r.parties), s) in held for s in rules.labels[r.label].suppressed_by)]
    order = {name: i for i, name in enumerate(rules.labels)}
    return sorted(kept, key=lambda r: (order[r.label], -r.weight, r.source, str(r.target)))


def involving(rels: Iterable[Relation], *nodes: str) -> list[Relation]:
    """The relations whose parties include every node given."""
    want = set(nodes)
    return [r for r in rels if want <= r.parties]
