"""The analysis of many events at once: compact facts in, standing relations and the signed graph's edges out.

`derive`, `network.build` and the window functions of `detente.analysis` all run here. An event
is a `Fact` (its date, type, mode, modality, score and `Shape`, the parties as nodes); events with the same
parties share one Shape, and events with the same type, mode, modality, score and mediation share one
feature class, whose contribution to every relation label is worked out once. Pools (the events between two
nodes) are then summed with numpy; score sums are exact (`net_sum`), so they do not depend on the order
events are read in, and evidence is read (capped) only for the relations a caller shows.

The windows of a store (which facts, what is kept while the store is unchanged) are in
`detente.analysis.windows`.
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.analysis.relations import EVIDENCE_LIMIT, Relation, prune
from detente.analysis.rules import Label, Rules
from detente.analysis.rules import load as load_rules
from detente.analysis.shapes import (
    F_ARTICLE,
    F_DAY,
    F_ID,
    F_MODALITY,
    F_MODE,
    F_SCORE,
    F_SHAPE,
    F_TYPE,
    SH_MEDIATED,
    SH_PAIRS,
    SH_PARTIES,
    SH_THIRD,
    Fact,
    fact_of,
    fact_order,
    net_sum,
    ordinal,
    third_party_keys,
)

if TYPE_CHECKING:
    from detente.analysis.records import Record

__all__ = ["EVIDENCE_LIMIT", "Engine", "derive"]
# ------------------------------------------------------------------------------------------ feature classes
class Features:
    """Per feature class (type, mode, modality, score, mediated): its modality weight and what it adds to each label."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.labels = [lb for lb in rules.labels.values() if not lb.third_party]
        self.index: dict[tuple[Any, ...], int] = {}
        self.rows: list[tuple[Any, ...]] = []
        self._arrays: dict[str, np.ndarray] | None = None

    def of(self, f: Fact) -> int:
        key = (f[F_TYPE], f[F_MODE], f[F_MODALITY], f[F_SCORE], f[F_SHAPE][SH_MEDIATED])
        i = self.index.get(key)
        if i is None:
            i = self.index[key] = len(self.rows)
            self.rows.append(key)
            self._arrays = None
        return i

    def arrays(self) -> dict[str, np.ndarray]:
        """Columns over the classes: w, net (w*score where scored and not mediated), scored, cooperation, conflict,
        and per label sup_<name> (w times its statement weight where it supports), agn_<name> (w where it opposes)."""
        if self._arrays is not None:
            return self._arrays
        rules = self.rules
        cols: dict[str, list[float]] = {k: [] for k in ("w", "net", "scored", "coop", "conflict")}
        for lb in self.labels:
            for prefix in ("sup_", "is_", "agn_", "op_"):
                cols[prefix + lb.name] = []
        for type_, mode, modality, score, mediated in self.rows:
            w = rules.weight(modality)
            violent = rules.is_violent(type_, mode)
            counted = score is not None and not mediated
            cols["w"].append(w)
            cols["net"].append(w * score if counted else 0.0)
            cols["scored"].append(1.0 if counted else 0.0)
            cols["coop"].append(w if counted and score > 0 else 0.0)
            cols["conflict"].append(w if counted and score < 0 else 0.0)
            for lb in self.labels:
                sup = lb.supports(type_, mode, score, violent)
                cols["sup_" + lb.name].append(w * (lb.statement_weight if mode in lb.statement_modes else 1.0) if sup else 0.0)
                cols["is_" + lb.name].append(1.0 if sup else 0.0)
                cols["agn_" + lb.name].append(w if not sup and lb.opposes(type_, mode, score, violent) else 0.0)
                cols["op_" + lb.name].append(1.0 if not sup and lb.opposes(type_, mode, score, violent) else 0.0)
        self._arrays = {k: np.asarray(v, dtype=float) for k, v in cols.items()}
        return self._arrays


# ------------------------------------------------------------------------------------------ the engine
class Engine:
    """Relations and graph edges of a list of facts (in record order: date, article, offset)."""

    def __init__(self, facts: list[Fact], rules: Rules | None = None, records: Sequence[Record] | None = None,
                 fetch: Callable[[list[str]], dict[str, Record]] | None = None) -> None:
        self.rules = rules or load_rules()
        self.facts = facts
        self.records = records  # the Records behind the facts, when the caller has them
        self.fetch = fetch  # else: event ids -> Records, for evidence
        self.features = Features(self.rules)
        self._pools()

    # ----------------------------------------------------------------- pools
    def _pools(self) -> None:
        rules = self.rules
        feat = self.features
        pool_index: dict[tuple[str, str], int] = {}
        e_pool: list[int] = []
        e_fc: list[int] = []
        e_bits: list[int] = []
        e_fact: list[int] = []
        fc_of: list[int] = []
        weighted: list[int] = []
        fc_index = feat.index
        positive: list[bool] = []  # per feature class: a positive modality weight
        for i, f in enumerate(self.facts):
            shape = f[F_SHAPE]
            fc = fc_index.get((f[F_TYPE], f[F_MODE], f[F_MODALITY], f[F_SCORE], shape[SH_MEDIATED]))
            if fc is None:
                fc = feat.of(f)
                positive.append(rules.weight(f[F_MODALITY]) > 0)
            fc_of.append(fc)
            if not positive[fc]:
                continue
            weighted.append(i)
            for key, bits in shape[SH_PAIRS]:
                pid = pool_index.get(key)
                if pid is None:
                    pid = pool_index[key] = len(pool_index)
                e_pool.append(pid)
                e_fc.append(fc)
                e_bits.append(bits)
                e_fact.append(i)
        self.pool_keys = list(pool_index)
        self.pool_index = pool_index
        self.fc_of = fc_of
        self.weighted = weighted
        self.e_pool = np.asarray(e_pool, dtype=np.intp)
        self.e_fc = np.asarray(e_fc, dtype=np.intp)
        self.e_bits = np.asarray(e_bits, dtype=np.intp)
        self.e_fact = np.asarray(e_fact, dtype=np.intp)
        order = np.argsort(self.e_pool, kind="stable")
        self._by_pool = order
        self._pool_start = np.searchsorted(self.e_pool[order], np.arange(len(self.pool_keys) + 1))
        self._exact_sums: dict[tuple[str, int], np.ndarray] = {}
        self._thirds: list[int] | None = None

    def _exact(self, column: str, bits: int = 3) -> np.ndarray:
        """Per pool, the exact sum (math.fsum) of a feature column over its entries with any of `bits`: score sums
        do not depend on the order events are read in (kept per bits: ally, partner, rival ... share one)."""
        key = (column, bits)
        if key not in self._exact_sums:
            values = self.features.arrays()[column][self.e_fc] if len(self.e_fc) else np.zeros(0)
            values = np.where((self.e_bits & bits) != 0, values, 0.0)
            ordered = values[self._by_pool].tolist()
            starts = self._pool_start.tolist()
            self._exact_sums[key] = np.array([net_sum(ordered[starts[p]:starts[p + 1]]) for p in range(len(starts) - 1)],
                                             dtype=float)
        return self._exact_sums[key]

    def _sum(self, column: str, mask: np.ndarray | None = None) -> np.ndarray:
        """Per pool, the sum over its entries (in event order) of a feature column."""
        values = self.features.arrays()[column][self.e_fc] if len(self.e_fc) else np.zeros(0)
        if mask is not None:
            values = np.where(mask, values, 0.0)
        return np.bincount(self.e_pool, weights=values, minlength=len(self.pool_keys))

    def _count(self, mask: np.ndarray | None = None) -> np.ndarray:
        weights = None if mask is None else mask.astype(float)
        return np.bincount(self.e_pool, weights=weights, minlength=len(self.pool_keys))

    def pool_entries(self, pid: int) -> np.ndarray:
        """Indices (into the entry arrays) of one pool, in event order."""
        return self._by_pool[self._pool_start[pid]:self._pool_start[pid + 1]]

    # ----------------------------------------------------------------- relations
    def relations(self) -> list[Relation]:
        """Every standing relation, as the rules define them (pruned, strongest first within each label)."""
        found: list[Relation] = []
        for label in self.rules.labels.values():
            if label.third_party:
                found += self._third_party(label)
            elif label.directed:
                found += self._pair_relations(label, 1, forward=True) + self._pair_relations(label, 2, forward=False)
            else:
                found += self._pair_relations(label, 3, forward=True)
        return prune(found, self.rules)

    def _pair_relations(self, label: Label, bits: int, forward: bool) -> list[Relation]:
        if not len(self.pool_keys):
            return []
        mask = (self.e_bits & bits) != 0
        support = self._sum("sup_" + label.name, mask)
        against = self._sum("agn_" + label.name, mask)
        net = self._exact("net", bits)
        scored = self._sum("scored", mask) > 0
        members = self._count(mask) > 0
        holds = members & (support >= label.min_weight) & (support > against)
        if label.min_net_score is not None:
            holds &= ~(scored & (net < label.min_net_score))
        if label.max_net_score is not None:
            holds &= scored & (net <= label.max_net_score)
        swap = np.zeros(len(self.pool_keys), dtype=bool)
        if bits == 3:  # a symmetric label's source is the side that acted in more of its events
            backing = self.features.arrays()["is_" + label.name][self.e_fc] > 0
            acted_lo = self._count(backing & ((self.e_bits & 1) != 0))
            acted_hi = self._count(backing & ((self.e_bits & 2) != 0))
            swap = acted_hi > acted_lo
        out = []
        for pid in np.nonzero(holds)[0].tolist():
            lo, hi = self.pool_keys[pid]
            source, target = (lo, hi) if forward else (hi, lo)
            if swap[pid]:
                source, target = target, source
            out.append(Relation(source, label.name, target, float(support[pid]),
                                net_score=float(net[pid]) if scored[pid] else None,
                                loader=_PoolEvidence(self, pid, label.name, bits)))
        return out

    def _third_party(self, label: Label) -> list[Relation]:
        rules = self.rules
        by_key: dict[tuple[str, tuple[str, str]], list[int]] = defaultdict(list)
        cache: dict[tuple[int, bool, bool], list[tuple[str, tuple[str, str]]]] = {}
        supports: dict[int, bool] = {}
        if self._thirds is None:
            self._thirds = [i for i in self.weighted if self.facts[i][F_SHAPE][SH_THIRD]]
        for i in self._thirds:
            f = self.facts[i]
            fc = self.fc_of[i]
            sup = supports.get(fc)
            if sup is None:
                sup = supports[fc] = bool(label.support) and label.supports(f[F_TYPE], f[F_MODE], f[F_SCORE],
                                                                            rules.is_violent(f[F_TYPE], f[F_MODE]))
            coop = f[F_SCORE] is None or f[F_SCORE] > 0
            ck = (id(f[F_SHAPE]), sup, coop)
            keys = cache.get(ck)
            if keys is None:
                keys = cache[ck] = third_party_keys(f[F_SHAPE], label, sup, coop)
            for key in keys:
                events = by_key[key]
                if not events or events[-1] != i:  # an event counts once per key
                    events.append(i)
        out = []
        for (m, (b, c)), events in by_key.items():
            weight = sum(rules.weight(self.facts[i][F_MODALITY]) for i in events)
            if weight >= label.min_weight:
                out.append(Relation(m, label.name, [b, c], weight, loader=_ListEvidence(self, events)))
        return out

    # ----------------------------------------------------------------- graph edges
    def edges(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(a, b, attributes) of every pair with weighted events between them, as network.build sets them."""
        n = len(self.pool_keys)
        if not n:
            return []
        net = self._exact("net")
        volume = self._sum("w")
        coop = self._sum("coop")
        conflict = self._sum("conflict")
        events = self._count()
        a_to_b = self._count((self.e_bits & 1) != 0)
        b_to_a = self._count((self.e_bits & 2) != 0)
        first, last = self._first_last()
        columns = zip(self.pool_keys, [round(x, 2) for x in volume.tolist()], [round(x, 3) for x in net.tolist()],
                      [round(x, 2) for x in coop.tolist()], [round(x, 2) for x in conflict.tolist()],
                      events.astype(np.int64).tolist(), a_to_b.astype(np.int64).tolist(), b_to_a.astype(np.int64).tolist(),
                      first, last, strict=True)
        return [(a, b, {"weight": v, "score": w, "cooperation": c, "conflict": k, "events": e, "a_to_b": ab, "b_to_a": ba,
                        "first": f, "last": la, "relations": "", "mediated_by": ""})
                for (a, b), v, w, c, k, e, ab, ba, f, la in columns]

    def _first_last(self) -> tuple[list[str], list[str]]:
        """Per pool, its first and last event day (ISO), '' when none is dated."""
        ordinals: dict[str | None, int] = {}
        for f in self.facts:
            if f[F_DAY] not in ordinals:
                ordinals[f[F_DAY]] = ordinal(f[F_DAY])
        fact_day = np.fromiter((ordinals[f[F_DAY]] for f in self.facts), dtype=np.int64, count=len(self.facts))
        entry_day = fact_day[self.e_fact]
        n = len(self.pool_keys)
        big = np.iinfo(np.int64).max
        lo = np.full(n, big, dtype=np.int64)
        hi = np.full(n, -1, dtype=np.int64)
        dated = entry_day >= 0
        np.minimum.at(lo, self.e_pool[dated], entry_day[dated])
        np.maximum.at(hi, self.e_pool[dated], entry_day[dated])
        iso: dict[int, str] = {}

        def text(o: int) -> str:
            if o < 0 or o == big:
                return ""
            if o not in iso:
                iso[o] = date.fromordinal(o).isoformat()
            return iso[o]

        return [text(int(x)) for x in lo], [text(int(x)) for x in hi]

    def mentions(self) -> dict[str, int]:
        """How many party slots name each node, over every event (network.build's node `mentions`)."""
        by_shape = Counter(id(f[F_SHAPE]) for f in self.facts)
        shapes = {id(f[F_SHAPE]): f[F_SHAPE] for f in self.facts}
        counts: dict[str, int] = defaultdict(int)
        for key, n in by_shape.items():
            for _role, node in shapes[key][SH_PARTIES]:
                if node:
                    counts[node] += n
        return counts

    # ----------------------------------------------------------------- evidence
    def records_for(self, indices: Iterable[int]) -> dict[int, Record]:
        """The Records of some facts, by fact index (those the store no longer has are left out)."""
        idx = list(dict.fromkeys(indices))
        if self.records is not None:
            return {i: self.records[i] for i in idx}
        if self.fetch is None:
            raise RuntimeError("no records and no store to read evidence from")
        got = self.fetch([self.facts[i][F_ID] for i in idx]) if idx else {}
        return {i: got[self.facts[i][F_ID]] for i in idx if self.facts[i][F_ID] in got}

    def load(self, relations: Iterable[Relation], limit: int = EVIDENCE_LIMIT) -> None:
        """Read the evidence (the first `limit` events by date, and as many against) of several relations at once."""
        picks: list[tuple[Relation, list[int], list[int], dict[str, Any]]] = []
        wanted: list[int] = []
        facts = self.facts
        for r in relations:
            if r.loader is None or r.loaded_limit >= limit:
                continue
            backing, opposing, everything, against = self.cited(r, limit)
            days = [facts[i][F_DAY][:10] for i in everything if facts[i][F_DAY]]
            totals = {"evidence_total": len(everything), "against_total": against,
                      "articles": len({facts[i][F_ARTICLE] for i in everything}),
                      "first": min(days) if days else None, "last": max(days) if days else None}
            picks.append((r, backing, opposing, totals))
            wanted += backing + opposing
        recs = self.records_for(wanted)
        for r, backing, opposing, totals in picks:
            r.set_evidence([recs[i] for i in backing if i in recs], [recs[i] for i in opposing if i in recs], totals, limit)

    def cited(self, relation: Relation, limit: int) -> tuple[list[int], list[int], list[int], int]:
        """The facts a relation of this engine cites, without reading them: the first `limit` backing it and against
        it by date, all that back it, and how many weigh against it (a dossier keeps the ids of the first)."""
        backing, opposing = relation.loader.indices()
        facts = self.facts

        def order(i: int) -> tuple[str, str, int, str]:
            return fact_order(facts[i])

        return heapq.nsmallest(limit, backing, key=order), heapq.nsmallest(limit, opposing, key=order), backing, len(opposing)


def derive(recs: Iterable[Record], rules: Rules | None = None) -> list[Relation]:
    """Every standing relation the events support, strongest first within each label (see analysis.relations)."""
    recs = list(recs)
    return Engine([fact_of(r) for r in recs], rules, records=recs).relations()


class _PoolEvidence:
    """The events behind one pair relation: its pool's entries that support (and oppose) the label."""

    def __init__(self, engine: Engine, pid: int, label: str, bits: int) -> None:
        self.engine, self.pid, self.label, self.bits = engine, pid, label, bits

    def indices(self) -> tuple[list[int], list[int]]:
        eng = self.engine
        entries = eng.pool_entries(self.pid)
        entries = entries[(eng.e_bits[entries] & self.bits) != 0]
        cols = eng.features.arrays()
        fcs = eng.e_fc[entries]
        facts = eng.e_fact[entries]
        backing = facts[cols["is_" + self.label][fcs] > 0].tolist()
        opposing = facts[cols["op_" + self.label][fcs] > 0].tolist()
        return backing, opposing


class _ListEvidence:
    """The events behind one third-party relation."""

    def __init__(self, engine: Engine, events: list[int]) -> None:
        self.engine, self.events = engine, events

    def indices(self) -> tuple[list[int], list[int]]:
        return list(self.events), []
