"""One pair of actors over a window: counts by type and direction, a cooperation-conflict timeline, its relations.

Direction of an event between A and B: "A->B" (A acts on B), "B->A", "mutual" (both on both sides, as
in "A and B held talks"), or "third party" (both are acted on or act together, e.g. a mediator's talks).
The timeline sums each period's scores (each times its modality weight); mediated talks are counted but
add no cooperation to the pair (see relations.mediated). An event is put in a period only when its date
lies within one: "in the 1990s" is in no month of a monthly timeline (nor "this year" in a month), and
counts in `summary.imprecise` instead, so a timeline runs over the periods its dated events give, within
the window asked for.

`pair` reads a stored pair in one range scan of `event_pairs` (one row per event and pair of nodes in it:
no JSON, no joins) off its covering index `event_pairs_class`, so the rows come class by class (type, mode,
modality, score, who acts on whom), each class in record order; it computes from the classes, and reads a
class's first, latest and cited rows off its ends (where every row has a date and an offset) instead of
sorting them. Only the evidence it cites and the latest events are read as Records. `dyad` computes the
same from Records (any list of events, in any order) through the same code.
"""
from __future__ import annotations

import heapq
import sqlite3
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain, groupby, islice, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from detente.analysis.periods import FREQS, next_start, period_name, period_start
from detente.analysis.records import Record, records_by_id
from detente.analysis.relations import EVIDENCE_LIMIT, Relation, involving, prune
from detente.analysis.rules import Label, Rules
from detente.analysis.rules import load as load_rules
from detente.analysis.shapes import (
    NO_DAY,
    SH_THIRD,
    make_shape,
    net_sum,
    shape_of,
    third_party_keys,
)
from detente.analysis.windows import bulk, tuples
from detente.model import span_label
from detente.store.facts import A_ACTS, A_RECEIVES, B_ACTS, B_RECEIVES, MEDIATED, THIRD_PARTY_SHAPE

if TYPE_CHECKING:
    from detente.store import Store

#: how many of the pair's events `events` lists (the latest; `summary.events` counts them all)
DYAD_EVENTS = 200

AB = A_ACTS | B_RECEIVES  # a acts on b
BA = B_ACTS | A_RECEIVES


def direction(rec: Record, a: str, b: str) -> str:
    """How an event runs between a and b."""
    actors, recipients = set(rec.actors), set(rec.recipients)
    return _direction(a in actors and b in recipients, b in actors and a in recipients, a, b)


def _direction(ab: bool, ba: bool, a: str, b: str) -> str:
    if ab and ba:
        return "mutual"
    if ab:
        return f"{a}->{b}"
    if ba:
        return f"{b}->{a}"
    return "third party"


def _flags(rec: Record, a: str, b: str) -> int:
    """event_pairs.flags of a Record for the pair (a, b)."""
    actors, recipients = set(rec.actors), set(rec.recipients)
    bits = (A_ACTS if a in actors else 0) | (A_RECEIVES if a in recipients else 0)
    bits |= (B_ACTS if b in actors else 0) | (B_RECEIVES if b in recipients else 0)
    bits |= MEDIATED if any(p.role == "mediator" for p in rec.parties) else 0
    return bits


def _dir_of(flags: int, a: str, b: str) -> str:
    return _direction(flags & AB == AB, flags & BA == BA, a, b)


# ------------------------------------------------------------------------------------------ rows and classes
#: a pair row: (day, article_id, start, event_id, type, mode, modality, score, flags, outlet, nodes or Shape, day_end)
Row = tuple[Any, ...]
DAY, ART, START, ID, TYPE, MODE, MODALITY, SCORE, FLAGS, OUTLET, NODES, DAY_END = range(12)


def record_key(row: Row) -> tuple[Any, ...]:
    """Record order: by date (undated last), article, offset (a missing offset first), event id."""
    day, start = row[DAY], row[START]
    return (day is None, day or "", row[ART], start is not None, start or 0, row[ID])


def evidence_key(row: Row) -> tuple[str, str, int, str]:
    """The order evidence is cited in: by date (undated last), article, offset, event id."""
    return ((row[DAY] or NO_DAY)[:10], row[ART], row[START] or 0, row[ID])


_PLAIN = itemgetter(DAY, ART, START, ID)
_DAY, _ART, _START, _OUTLET = itemgetter(DAY), itemgetter(ART), itemgetter(START), itemgetter(OUTLET)
_SPAN = itemgetter(DAY, DAY_END)


class Stats:
    """What several parts read of all the pair's rows, each found in one pass (in C where it can).

    `ordered`: each group's rows come in record order already (the store's class index gives them so); where
    every row is also `plain`, firsts, citations and the latest events are then read off the groups' ends."""

    def __init__(self, groups: Sequence[Group], ordered: bool = False) -> None:
        self.groups = groups
        self.days = Counter(map(_DAY, _all(groups)))
        # every row has a day of 10 characters and an offset: record and citation order are (day, article, start, id)
        self.plain = (None not in self.days and all(None not in map(_START, g.rows) for g in groups)
                      and all(len(d) == 10 for d in self.days))
        self.ordered = ordered and self.plain

    @property
    def events(self) -> int:
        return sum(g.count for g in self.groups)

    def span(self) -> tuple[str | None, str | None]:
        """The dates of the pair's first and last event, each as precisely as it is known (model.span_label)."""
        dated = [r for r in _all(self.groups) if r[DAY]]
        if not dated:
            return None, None
        first = min(dated, key=lambda r: (r[DAY][:10], (r[DAY_END] or r[DAY])[:10]))
        last = max(dated, key=lambda r: (r[DAY][:10], (r[DAY_END] or r[DAY])[:10]))
        return span_label(first[DAY], first[DAY_END]), span_label(last[DAY], last[DAY_END])

    def first(self, rows: list[Row]) -> Row:
        if self.ordered:
            return rows[0]
        return min(rows, key=_PLAIN) if self.plain else min(rows, key=record_key)

    def last(self, n: int) -> list[Row]:
        """The last n rows in record order, in record order."""
        if self.ordered:  # the n last of all lie on the latest days that hold n rows, at each group's end
            threshold = self._threshold(n)
            return sorted(chain.from_iterable(g.rows[bisect_left(g.rows, threshold, key=_DAY):] for g in self.groups),
                          key=_PLAIN)[-n:]
        rows = list(_all(self.groups))
        if not self.plain:
            return sorted(heapq.nlargest(n, rows, key=record_key), key=record_key)
        threshold = self._threshold(n)
        return sorted((r for r in rows if r[DAY] >= threshold), key=_PLAIN)[-n:]

    def _threshold(self, n: int) -> str:
        """The latest day from which on the rows number at least n (plain rows only: every day is a date)."""
        taken, threshold = 0, ""
        for day in sorted(self.days, reverse=True):
            taken += self.days[day]
            threshold = day
            if taken >= n:
                break
        return threshold

    def cited(self, parts: Sequence[list[Row]]) -> list[Row]:
        """The first EVIDENCE_LIMIT rows of some lists of rows in citation order (relations._by_date)."""
        if self.ordered:
            return list(islice(heapq.merge(*parts, key=_PLAIN), EVIDENCE_LIMIT))
        return heapq.nsmallest(EVIDENCE_LIMIT, chain.from_iterable(parts), key=_PLAIN if self.plain else evidence_key)

    def totals(self, parts: Sequence[list[Row]], against: Sequence[list[Row]]) -> dict[str, Any]:
        """A relation's evidence_total, against_total, articles, first and last day."""
        if self.ordered:  # every day is a date: the first and last are the lists' ends
            first = min((p[0][DAY] for p in parts if p), default=None)
            last = max((p[-1][DAY] for p in parts if p), default=None)
        else:
            days = [d for d in set(map(_DAY, chain.from_iterable(parts))) if d]
            first, last = (min(days), max(days)) if days else (None, None)
        return {"evidence_total": sum(map(len, parts)), "against_total": sum(map(len, against)),
                "articles": len(set(map(_ART, chain.from_iterable(parts)))),
                "first": first[:10] if first else None, "last": last[:10] if last else None}


def _all(groups: Iterable[Group]) -> Iterator[Row]:
    return chain.from_iterable(g.rows for g in groups)


@dataclass
class Group:
    """The pair's events of one class: same type, mode, modality, score and flags (in the pair's order)."""

    type: str
    mode: str | None
    modality: str | None
    score: float | None
    flags: int
    rows: list[Row]

    @property
    def count(self) -> int:
        return len(self.rows)


#: (day, weighted score, counted, events): scored, dated events of the pair with a positive modality weight and
#: the same day, modality weight x score and whether that score counts for the pair (not mediated, not a third
#: party's act)
Scored = tuple[date, float, bool, int]


_CLASS = itemgetter(TYPE, MODE, MODALITY, SCORE, FLAGS)
_ID = itemgetter(ID)


def group(rows: Iterable[Row], ordered: bool = False, by_id: bool = False) -> list[Group]:
    """The rows' classes in the order they first occur. `ordered`: the rows come class by class (the store's
    class index). `by_id`: the classes are put in the order of their first event id, the order a scan of the
    pair's rows by event id meets them (a stored pair's order, whatever order its rows were read in)."""
    if ordered:
        found = [Group(t, m, mo, sc, fl, list(lst)) for (t, m, mo, sc, fl), lst in groupby(rows, key=_CLASS)]
    else:
        found = _by_class(rows)
    return sorted(found, key=lambda g: min(map(_ID, g.rows))) if by_id else found


def _by_class(rows: Iterable[Row]) -> list[Group]:
    by_class: dict[tuple[Any, ...], list[Row]] = {}
    for row in rows:
        key = row[TYPE:FLAGS + 1]
        lst = by_class.get(key)
        if lst is None:
            by_class[key] = [row]
        else:
            lst.append(row)
    return [Group(key[0], key[1], key[2], key[3], key[4], lst) for key, lst in by_class.items()]


# ------------------------------------------------------------------------------------------ the parts of a dyad
def summary_of(groups: Sequence[Group], a: str, b: str, rules: Rules, stats: Stats, imprecise: int = 0) -> dict[str, Any]:
    """Counts by type and direction, cooperation and conflict counts, and the pair's net score (`imprecise`: how many
    of the scored events the timeline leaves out, their date spanning more than a period)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    firsts: dict[tuple[str, str], tuple[Any, ...]] = {}
    coop = conflict = 0
    net: list[float] = []
    for g in groups:
        d = _dir_of(g.flags, a, b)
        counts[(g.type, d)] += g.count
        first = record_key(stats.first(g.rows))
        if (g.type, d) not in firsts or first < firsts[(g.type, d)]:
            firsts[(g.type, d)] = first
        w = rules.weight(g.modality)
        if g.score is None or w <= 0:
            continue
        coop += g.count if g.score > 0 else 0
        conflict += g.count if g.score < 0 else 0
        if not g.flags & MEDIATED and d != "third party":
            net.extend(repeat(w * g.score, g.count))
    by_type: dict[str, dict[str, int]] = defaultdict(dict)
    for (t, dir_) in sorted(counts, key=lambda k: firsts[k]):  # directions in the order they first occur
        by_type[t][dir_] = counts[(t, dir_)]
    first_day, last_day = stats.span()
    return {
        "events": stats.events,
        "articles": len(set(map(_ART, _all(groups)))),
        "outlets": sorted(o for o in set(map(_OUTLET, _all(groups))) if o),
        "by_type": {t: by_type[t] for t in sorted(by_type)},
        "cooperation": coop, "conflict": conflict, "net_score": round(net_sum(net), 2),
        "first": first_day, "last": last_day, "imprecise": imprecise,
    }


def scored_of(groups: Sequence[Group], a: str, b: str, rules: Rules, freq: str | None = None) -> tuple[list[Scored], int]:
    """The pair's scored events by day, weighted score and whether the score counts for the pair; with `freq`, by the
    first day of their period instead (each row counted by a dict look-up in C; timeline_of reads a period's first
    day as its own), leaving out those whose date spans more than one period. Also how many were left out so."""
    code = FREQS.get(freq) if freq else None
    start_of: dict[tuple[str | None, str | None], date | None] = {}
    for day, day_end in set(map(_SPAN, _all(groups))):
        d = _parse_day(day) if day else None
        if d is not None and code is not None:
            d = period_start(d, code)
            end = _parse_day(day_end) if day_end else None
            if end is not None and end >= next_start(d, code):  # rougher than a period: in none of them
                d = _IMPRECISE
        start_of[(day, day_end)] = d
    by_value: dict[tuple[float, bool], Counter[date | None]] = {}
    for g in groups:  # groups with the same weighted score and count are counted together
        w = rules.weight(g.modality)
        if g.score is None or w <= 0:
            continue
        key = (w * g.score, not g.flags & MEDIATED and _dir_of(g.flags, a, b) != "third party")
        found = by_value.get(key)
        if found is None:
            found = by_value[key] = Counter()
        found.update(map(start_of.__getitem__, map(_SPAN, g.rows)))
    imprecise = sum(found[_IMPRECISE] for found in by_value.values())
    return [(d, value, counted, n) for (value, counted), found in by_value.items() for d, n in found.items()
            if d is not None and d is not _IMPRECISE], imprecise


#: the period start of an event whose date spans more than one period (a date no period holds)
_IMPRECISE = date.min


def timeline_of(items: Iterable[Scored], freq: str = "month", since: date | None = None,
                until: date | None = None) -> list[dict[str, Any]]:
    """The pair's cooperation-conflict score by period, every period from the first event's to the last's, within
    [since, until] (sums are exact, engine.net_sum, so they do not depend on the order events are read in)."""
    code = FREQS.get(freq)
    if code is None:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}")
    per: dict[date, list[tuple[float, bool, int]]] = defaultdict(list)  # period's first day -> (value, counted, events)
    merged: dict[tuple[date, float, bool], int] = defaultdict(int)
    starts: dict[date, date] = {}
    for day, value, counted, n in items:
        start = starts.get(day)
        if start is None:
            start = starts[day] = period_start(day, code)
        merged[(start, value, counted)] += n
    for (start, value, counted), n in merged.items():
        per[start].append((value, counted, n))
    first = period_start(since, code) if since else None
    per = {start: found for start, found in per.items()
           if (first is None or start >= first) and (until is None or start <= until)}
    if not per:
        return []
    out = []
    start, last = min(per), max(per)
    while start <= last:
        items_ = per.get(start, [])
        n = sum(x[2] for x in items_)
        counted_ = [x for x in items_ if x[1]]
        net = _fsum(counted_)
        out.append({"period": period_name(start, code), "start": start.isoformat(),
                    "events": n, "mediated": sum(x[2] for x in items_ if not x[1]),
                    "cooperation": round(_fsum(x for x in counted_ if x[0] > 0), 2),
                    "conflict": round(_fsum(x for x in counted_ if x[0] < 0), 2),
                    "net": round(net, 2), "mean": round(net / n, 2) if n else None})
        start = next_start(start, code)
    return out


def _fsum(items: Iterable[tuple[float, bool, int]]) -> float:
    """The exact sum of (value, counted, events) items, each value counted `events` times."""
    return net_sum(chain.from_iterable(repeat(value, n) for value, _counted, n in items))


#: a relation found, with the rows that back it and those that weigh against it (lists of rows, one per group)
Found = tuple[Relation, list[list[Row]], list[list[Row]]]


def pair_relations(groups: Sequence[Group], a: str, b: str, rules: Rules) -> list[Found]:
    """The two-party relations between a and b that hold (relations.derive on the pair's pool), each with the
    rows that back it and those that weigh against it."""
    lo, hi = (a, b) if a <= b else (b, a)
    out: list[Found] = []
    for label in rules.labels.values():
        if label.third_party:
            continue
        masks = [(AB, a, b), (BA, b, a)] if label.directed else [(AB | BA, lo, hi)]
        for mask, source, target in masks:
            support, against, scored, members = 0.0, 0.0, False, False
            net: list[float] = []
            acted = {a: 0, b: 0}
            backing: list[list[Row]] = []
            opposing: list[list[Row]] = []
            for g in groups:
                w = rules.weight(g.modality)
                if w <= 0 or not _in_pool(g.flags, mask):
                    continue
                members = True
                violent = rules.is_violent(g.type, g.mode)
                if g.score is not None and not g.flags & MEDIATED:
                    net.extend(repeat(w * g.score, g.count))
                    scored = True
                if label.supports(g.type, g.mode, g.score, violent):
                    support += g.count * w * (label.statement_weight if g.mode in label.statement_modes else 1.0)
                    acted[a] += g.count if g.flags & AB == AB else 0
                    acted[b] += g.count if g.flags & BA == BA else 0
                    backing.append(g.rows)
                elif label.opposes(g.type, g.mode, g.score, violent):
                    against += g.count * w
                    opposing.append(g.rows)
            total = net_sum(net) if scored else None
            if not members or not _holds(label, support, against, total):
                continue
            if mask == AB | BA and acted[hi] > acted[lo]:
                source, target = hi, lo
            out.append((Relation(source, label.name, target, support, net_score=total), backing, opposing))
    return out


def _in_pool(flags: int, mask: int) -> bool:
    if mask == AB | BA:
        return flags & AB == AB or flags & BA == BA
    return flags & mask == mask


def _holds(label: Label, support: float, against: float, net: float | None) -> bool:
    if support < label.min_weight or support <= against:
        return False
    if label.min_net_score is not None and net is not None and net < label.min_net_score:
        return False
    if label.max_net_score is not None and (net is None or net > label.max_net_score):
        return False
    return True


def third_party_relations(groups: Sequence[Group], a: str, b: str, rules: Rules, by_id: bool = False,
                          stats: Stats | None = None) -> list[Found]:
    """The third-party relations (mediator, host) whose parties include a and b, each with all its rows.
    `by_id`: each group's rows are met in event id order (a stored pair's order); `stats`: when its groups are
    in record order, each relation's rows are given in record order too (Stats.cited reads them so)."""
    candidates = [r for g in groups if g.flags & THIRD_PARTY_SHAPE and rules.weight(g.modality) > 0
                  for r in (sorted(g.rows, key=_ID) if by_id else g.rows)]
    ordered = stats is not None and stats.ordered
    out: list[Found] = []
    for label in rules.labels.values():
        if not label.third_party:
            continue
        by_key: dict[tuple[str, tuple[str, str]], list[Row]] = defaultdict(list)
        keys_of: dict[tuple[Any, ...], list[tuple[str, tuple[str, str]]]] = {}
        supports: dict[tuple[Any, ...], bool] = {}
        for row in candidates:
            nodes = row[NODES]
            shape = nodes if isinstance(nodes, tuple) else shape_of(nodes)
            fc = (row[TYPE], row[MODE], row[SCORE])
            sup = supports.get(fc)
            if sup is None:
                sup = supports[fc] = bool(label.support) and label.supports(row[TYPE], row[MODE], row[SCORE],
                                                                            rules.is_violent(row[TYPE], row[MODE]))
            ck = (id(shape), sup, row[SCORE] is None or row[SCORE] > 0)
            keys = keys_of.get(ck)
            if keys is None:
                keys = keys_of[ck] = [k for k in third_party_keys(shape, label, sup, ck[2]) if {a, b} <= {k[0], *k[1]}]
            for key in keys:
                events = by_key[key]
                if not events or events[-1] is not row:
                    events.append(row)
        for (m, (x, y)), events in by_key.items():
            weight = sum(rules.weight(r[MODALITY]) for r in events)
            if weight >= label.min_weight:
                out.append((Relation(m, label.name, [x, y], weight), [sorted(events, key=_PLAIN) if ordered else events], []))
    return out


def cite(found: Sequence[Found], kept: Sequence[Relation],
         stats: Stats) -> dict[int, tuple[list[Row], list[Row], dict[str, Any]]]:
    """For each relation kept: its first EVIDENCE_LIMIT events by date (and against), and its totals."""
    keep = {id(r) for r in kept}
    out = {}
    for rel, backing, opposing in found:
        if id(rel) not in keep:
            continue
        out[id(rel)] = (stats.cited(backing), stats.cited(opposing), stats.totals(backing, opposing))
    return out


def compute(rows: Iterable[Row], a: str, b: str, freq: str, rules: Rules,
            read: Callable[[list[Row], list[str]], tuple[dict[str, Record], dict[str, Record]]],
            derived: list[Relation] | None = None, stored: bool = False, ordered: bool = False,
            since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """The dyad from the pair's rows; `read(rows to cite, event ids to list)` gives their Records.
    `derived`: relations already derived (with their evidence loaders), instead of the pair's own.
    `stored`: the rows are a stored pair's (`pair_rows`), met in event id order as a scan of the pair would;
    `ordered`: they come as SQLite reads them, class by class, each class in record order.
    `since`, `until`: the window the rows were read for (the timeline's periods stay within it)."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}")
    groups = group(rows, ordered, by_id=stored)
    stats = Stats(groups, ordered)
    found = [] if derived is not None else (pair_relations(groups, a, b, rules)
                                            + third_party_relations(groups, a, b, rules, stored, stats))
    rels = prune([r for r, _, _ in found], rules) if derived is None else derived
    mine = involving(rels, a, b)
    cited = cite(found, mine, stats)
    latest = stats.last(DYAD_EVENTS)
    evidence, listed = read([r for ids, against, _ in cited.values() for r in ids + against], [r[ID] for r in latest])
    for rel in mine:
        if id(rel) not in cited:  # derived elsewhere: it reads its own evidence
            continue
        ids, against, totals = cited[id(rel)]
        rel.set_evidence([evidence[r[ID]] for r in ids if r[ID] in evidence],
                         [evidence[r[ID]] for r in against if r[ID] in evidence], totals, EVIDENCE_LIMIT)
    scored, imprecise = scored_of(groups, a, b, rules, freq)
    return {
        "a": a, "b": b, "freq": freq,
        "summary": summary_of(groups, a, b, rules, stats, imprecise),
        "timeline": timeline_of(scored, freq, since, until),
        "relations": [r.to_dict() for r in mine],
        "mediators": sorted({r.source for r in mine if r.label in ("mediator", "host") and r.source not in (a, b)}),
        "events": [listed[r[ID]].evidence() | {"direction": _dir_of(r[FLAGS], a, b), "actors": listed[r[ID]].actors,
                                               "recipients": listed[r[ID]].recipients,
                                               "third_parties": [f"{p.node}:{p.role}" for p in listed[r[ID]].parties
                                                                 if p.role not in ("actor", "recipient")],
                                               "title": listed[r[ID]].title}
                   for r in latest if r[ID] in listed],
    }


# ------------------------------------------------------------------------------------------ from Records
def dyad(recs: list[Record], rels: list[Relation] | None, a: str, b: str, freq: str = "month",
         rules: Rules | None = None, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Everything about a pair from its events as Records: summary, timeline, standing relations (mediators
    included, each citing its first EVIDENCE_LIMIT events), the latest DYAD_EVENTS events with evidence.
    (`rels` is not read: the relations are derived from the pair's own events, as a stored pair's are.)"""
    rules = rules or load_rules()
    rows = []
    by_id = {}
    for rec in recs:
        shape = make_shape([(p.role, p.node) for p in rec.parties])
        flags = _flags(rec, a, b) | (THIRD_PARTY_SHAPE if shape[SH_THIRD] else 0)
        end = rec.end or rec.start or rec.published  # events.day_end (store.facts.event_days)
        rows.append((rec.day.isoformat() if rec.day else None, rec.article_id, rec.offset, rec.id, rec.type, rec.mode,
                     rec.modality, rec.score, flags, rec.outlet, shape, end.isoformat() if end else None))
        by_id[rec.id] = rec
    derived = None
    if a == b:  # an actor with itself: every relation of its events that names it
        from detente.analysis.engine import derive

        derived = derive(recs, rules)
    return compute(rows, a, b, freq, rules, lambda _cite, _list: (by_id, by_id), derived, since=since, until=until)


# ------------------------------------------------------------------------------------------ from the store
_PAIR_ROW = ("p.day, p.article_id, p.start, p.event_id, p.type, p.mode, p.modality, p.score, {flags}, p.outlet, p.nodes, "
             "p.day_end")
#: flags of a row stored as (b, a), turned to (a, b): the acts and receipts of the two sides swap
_SWAPPED = "((p.flags & 48) + ((p.flags & 3) * 4) + ((p.flags & 12) / 4))"
#: class by class, each in record order: the order of the index event_pairs_class (migration 006), so SQLite
#: reads a pair's rows off that covering index with no sort, and a class's first, last and cited rows are its ends
_PAIR_ORDER = " ORDER BY p.type, p.mode, p.modality, p.score, p.flags, p.day, p.article_id, p.start, p.event_id"


def pair_rows(store: Store, a: str, b: str, since: date | None = None, until: date | None = None) -> list[Row]:
    """The rows of the pair of nodes a != b over a window (flags in (a, b) order), class by class."""
    return _pair_rows(store, a, b, since, until)[0]


def _pair_rows(store: Store, a: str, b: str, since: date | None, until: date | None) -> tuple[list[Row], bool]:
    """pair_rows, and whether they come class by class, each class in record order as Python orders it (SQLite)."""
    sqlite = isinstance(store.conn, sqlite3.Connection)
    window, bounds = "", []
    if since:
        window += " AND p.day_end >= ?"
        bounds.append(since.isoformat())
    if until:
        window += " AND p.day <= ?"
        bounds.append(until.isoformat())
    parts: list[list[Row]] = []
    # rows are stored (a < b) in the order of whoever wrote them: read both ways (one range scan each)
    for x, y, flags in ((a, b, "p.flags"), (b, a, _SWAPPED)):
        sql = f"SELECT {_PAIR_ROW.format(flags=flags)} FROM event_pairs p WHERE p.a = ? AND p.b = ?{window}{_PAIR_ORDER}"
        found = tuples(store, sql, [x, y, *bounds])
        rows: list[Row] = list(found) if sqlite else [tuple(r) for r in found]  # type: ignore[arg-type]
        if rows:
            parts.append(rows)
    if len(parts) == 1:
        return parts[0], sqlite
    return [r for rows in parts for r in rows], False


def pair(store: Store, a: str, b: str, since: date | None = None, until: date | None = None, freq: str = "month",
         rules: Rules | None = None) -> dict[str, Any]:
    """Everything about the pair of nodes a != b from the store's event_pairs, as `dyad` gives it."""
    def read(cited: list[Row], listed: list[str]) -> tuple[dict[str, Record], dict[str, Record]]:
        return _cited_records(store, cited), records_by_id(store, listed)

    with bulk():
        rows, ordered = _pair_rows(store, a, b, since, until)
        return compute(rows, a, b, freq, rules or load_rules(), read, stored=True, ordered=ordered, since=since, until=until)


def _cited_records(store: Store, rows: list[Row]) -> dict[str, Record]:
    """Records of pair rows with what a citation reads: the row has all but the sentence, trigger and attribution."""
    by_id = {r[ID]: r for r in rows}
    ids = list(by_id)
    out: dict[str, Record] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        sql = f"SELECT id, sentence, trigger, attribution FROM events WHERE id IN ({','.join('?' * len(chunk))})"
        for id_, sentence, trigger, attribution in tuples(store, sql, chunk):
            r = by_id[id_]
            out[id_] = Record(id=id_, article_id=r[ART], type=r[TYPE], mode=r[MODE], context=None, cameo=None,
                              score=r[SCORE], modality=r[MODALITY] or "asserted", start=_parse_day(r[DAY]) if r[DAY] else None,
                              end=_parse_day(r[DAY_END]) if r[DAY_END] else None, precision=None, attribution=attribution, sentence=sentence, trigger=trigger,
                              offset=r[START], outlet=r[OUTLET], published=None, title=None, url=None)
    return out


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
