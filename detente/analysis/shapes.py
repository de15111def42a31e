"""Events as the analysis reads them: compact tuples (a `Fact` per event, a `Shape` per set of parties) and the
arithmetic every part shares (exact score sums, third-party keys). No numpy: a dyad reads its pair with these
alone, so `detente dyad` starts without loading numpy or networkx (`detente.analysis.engine` adds them).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING, Any

from detente.store import facts as store_facts

if TYPE_CHECKING:
    from detente.analysis.records import Record
    from detente.analysis.rules import Label

#: the day of an undated event when evidence is ordered by date (last), as `date.max`
NO_DAY = "9999-12-31"


#: One event's parties as analysis nodes, shared by every event with the same parties: a plain tuple of
#: atomic values (so the garbage collector stops tracking it), read with the SH_* indices:
#:   parties    ((role, node), ...) in (role, position) order
#:   actors, recipients   distinct nodes, in order
#:   mediated   a mediator party is there
#:   pairs      ((lo, hi), bits) for every actor-recipient pair, as relations.pools meets them: bit 1 lo acts on hi,
#:              bit 2 hi on lo
#:   third      a third-party label could use it (a non actor/recipient role, or two recipients)
#:   nodes      the distinct nodes of all parties
Shape = tuple[Any, ...]
SH_PARTIES, SH_ACTORS, SH_RECIPIENTS, SH_MEDIATED, SH_PAIRS, SH_THIRD, SH_NODES = range(7)


def make_shape(parties: Sequence[tuple[str, str]]) -> Shape:
    """The Shape of (role, node) parties given in (role, position) order."""
    actors: list[str] = []
    recipients: list[str] = []
    third = mediated = False
    for role, node in parties:
        if role == "actor":
            if node and node not in actors:
                actors.append(node)
        elif role == "recipient":
            if node and node not in recipients:
                recipients.append(node)
        else:
            mediated = mediated or role == "mediator"
            third = third or bool(node)
    if len(actors) == 1 and len(recipients) == 1:  # most events: one pair
        a, r = actors[0], recipients[0]
        pairs: tuple[tuple[tuple[str, str], int], ...] = () if a == r else (((a, r), 1),) if a <= r else (((r, a), 2),)
    else:
        found: dict[tuple[str, str], int] = {}
        for a in actors:
            for r in recipients:
                if a == r:
                    continue
                key, bit = ((a, r), 1) if a <= r else ((r, a), 2)
                found[key] = found.get(key, 0) | bit
        pairs = tuple(found.items())
    nodes = tuple(dict.fromkeys(node for _, node in parties if node))
    return (tuple(parties), tuple(actors), tuple(recipients), mediated, pairs, third or len(recipients) >= 2, nodes)


_SHAPES: dict[str, Shape] = {}
_MAX_SHAPES = 500_000


def shape_of(nodes: str | None) -> Shape:
    """The Shape of an events.nodes text (cached: most events share their parties with others)."""
    found = _SHAPES.get(nodes or "")
    if found is None:
        found = _parse_shape(nodes or "")
    return found


def _parse_shape(text: str) -> Shape:
    if len(_SHAPES) >= _MAX_SHAPES:
        _SHAPES.clear()
    unit = store_facts.UNIT
    keyed = []
    if text:
        for item in text.split(store_facts.RECORD):
            role, pos, node = item.split(unit, 2)
            keyed.append((role, int(pos), node))
        keyed.sort()  # (role, position) order ((role, position) is unique: nodes never decide)
    found = _SHAPES[text] = make_shape([(role, node) for role, _pos, node in keyed])
    return found


#: One event as the analysis reads it, a plain tuple of atomic values (untracked by the garbage collector, as
#: its Shape is), read with the F_* indices: (day, article_id, start, id, type, mode, modality, score, shape)
Fact = tuple[Any, ...]
F_DAY, F_ARTICLE, F_START, F_ID, F_TYPE, F_MODE, F_MODALITY, F_SCORE, F_SHAPE = range(9)


def fact_order(f: Fact) -> tuple[str, str, int, str]:
    """The order evidence is cited in: by date (undated last), article, offset, event id."""
    return ((f[F_DAY] or NO_DAY)[:10], f[F_ARTICLE], f[F_START] or 0, f[F_ID])


def fact_of(rec: Record) -> Fact:
    return (rec.day.isoformat() if rec.day else None, rec.article_id, rec.offset, rec.id, rec.type, rec.mode,
            rec.modality, rec.score, make_shape([(p.role, p.node) for p in rec.parties]))


def net_sum(values: Iterable[float]) -> float:
    """A sum of weighted scores as thresholds read it: exact (math.fsum, whatever the order), then rounded to 9
    decimals, so scores that cancel out (3.4, -1.2, -2.2) sum to 0.0, not to a rounding residue either side of it."""
    return round(math.fsum(values), 9) + 0.0  # + 0.0: no -0.0


def ordinal(day: str | None) -> int:
    """The proleptic ordinal of an ISO day, -1 when there is none."""
    if not day:
        return -1
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return -1


def third_party_keys(shape: Shape, label: Label, supports: bool, cooperative: bool) -> list[tuple[str, tuple[str, str]]]:
    """(third party, pair it stands between) for an event of this shape under a third-party label
    (relations._third_party_pairs for a Shape: `supports` whether the label's matchers match the event)."""
    out: list[tuple[str, tuple[str, str]]] = []
    actors, recipients = shape[SH_ACTORS], shape[SH_RECIPIENTS]
    if supports:
        for m in actors:
            others = [r for r in recipients if r != m]
            out += [(m, _pair(b, c)) for b, c in combinations(others, 2)]
    roles = set(label.roles) | ({"host"} if label.host_counts else set())
    thirds = [node for role, node in shape[SH_PARTIES] if role in roles and node]
    if thirds and cooperative:
        sides = set(actors) | set(recipients)
        for m in thirds:
            others = sorted(sides - {m})
            out += [(m, _pair(b, c)) for b, c in combinations(others, 2)
                    if (b in actors and c in recipients) or (c in actors and b in recipients)]
    return out


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
