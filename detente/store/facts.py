"""What the analysis reads of an event, computed once when it is saved (and by migration 004 for older rows).

Every writer of `events` and `event_parties` fills these through `event_facts` (the Store's save path and
the query benchmark's bulk build both do), so the indexed columns mean the same everywhere:

    events.day        the event's own start, else its article's publication date (timelines, ordering)
    events.day_end    the event's own end, else its start, else the publication date (window overlap)
    events.day_tier   how far day_end may lie after day: 0 same text, 1 same month, 2 same year, 3 further
                      or unknown; a window [since, until] then scans day >= since, since[:7], since[:4] or
                      no bound, tier by tier, on the index (day_tier, day), instead of every event
    events.nodes      the event's parties as analysis nodes: "role<US>position<US>node" joined by <SUB>
    event_parties.node   the analysis node of one party (`node_of`)
    event_pairs       one row per event and unordered pair of distinct nodes in it, clustered by the pair:
                      what a dyad reads, with `flags` saying who acts on whom (the bits below) and, for
                      events that may make a third-party relation, their `nodes`

A node is an actor's identity in the analysis: its state code, CODE:SECTOR for rebels or the opposition
(`[nodes]` of detente/analysis/data/relations.toml), else its name. Rows keep the node of the rules they
were saved under: a change to `[nodes]` ships with a migration that recomputes `node`, `nodes` and
`event_pairs` (the SQL of migration 004 shows how).
"""
from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

#: separators inside events.nodes: ASCII "unit separator" and "substitute", never in a name (and not line
#: breaks to str.splitlines, which the migration splitter uses, as the "record separator" would be)
UNIT, RECORD = "\x1f", "\x1a"

#: event_pairs.flags bits, for the pair (a, b) of the row
A_ACTS, A_RECEIVES, B_ACTS, B_RECEIVES = 1, 2, 4, 8
#: the event has a mediator party (its good score is the mediator's act)
MEDIATED = 16
#: the event has a third-party role or two recipients: it may make a third-party relation (mediator, host)
THIRD_PARTY_SHAPE = 32


def tier(day: str | None, day_end: str | None) -> int:
    """How far the end of an event's span may lie after its day (see the module doc)."""
    if day is None or day_end is None:
        return 3
    if day_end == day:
        return 0
    if day[:7] == day_end[:7]:
        return 1
    if day[:4] == day_end[:4]:
        return 2
    return 3


def event_days(date_start: str | None, date_end: str | None, published: str | None) -> tuple[str | None, str | None, int]:
    """(day, day_end, day_tier) of an event from its own ISO dates and its article's publication date."""
    day = date_start or published
    day_end = date_end or date_start or published
    return day, day_end, tier(day, day_end)


@functools.cache
def node_rules() -> tuple[frozenset[str], frozenset[str]]:
    """(generic codes, dissident sectors): the `[nodes]` table of the analysis rules, read without importing
    the analysis package (the store saves events without pandas or networkx loaded)."""
    text = resources.files("detente").joinpath("analysis/data/relations.toml").read_text(encoding="utf-8")
    nodes = tomllib.loads(text).get("nodes", {})
    return frozenset(nodes.get("generic_codes", [])), frozenset(nodes.get("dissident_sectors", []))


def node_of(code: str | None, sector: str | None, name: str,
            rules: tuple[frozenset[str], frozenset[str]] | None = None) -> str:
    """The analysis node a party stands for: its state code, CODE:SECTOR for rebels or opposition, else its name."""
    generic, dissident = rules or node_rules()
    if code and ":" in code:
        code, _, sector = code.partition(":")
    if not code or code in generic:
        return name.strip()
    if sector and sector in dissident:
        return f"{code}:{sector}"
    return code


def party_node(code: str | None, name: str | None, sector: str | None) -> str:
    """`node_of` for a stored party row, whose name may be missing (then its code names it)."""
    return node_of(code, sector, name or code or "")


def encode_nodes(parties: Iterable[tuple[str, int, str]]) -> str:
    """events.nodes for (role, position, node) parties."""
    return RECORD.join(f"{role}{UNIT}{pos}{UNIT}{_clean(node)}" for role, pos, node in parties)


def decode_nodes(text: str | None) -> list[tuple[str, int, str]]:
    """(role, position, node) of events.nodes, in (role, position) order."""
    if not text:
        return []
    out = []
    for item in text.split(RECORD):
        role, pos, node = item.split(UNIT, 2)
        out.append((role, int(pos), node))
    out.sort(key=lambda p: (p[0], p[1]))
    return out


def _clean(node: str) -> str:
    return node.replace(UNIT, " ").replace(RECORD, " ")


def pair_flags(parties: Sequence[tuple[str, int, str]]) -> dict[tuple[str, str], int]:
    """flags of every unordered pair (a < b) of distinct nodes of one event's (role, position, node) parties."""
    roles: dict[str, set[str]] = {}
    for role, _pos, node in parties:
        if node:
            roles.setdefault(node, set()).add(role)
    event_bits = 0
    if any(role == "mediator" for role, _pos, _node in parties):
        event_bits |= MEDIATED
    recipients = {node for role, _pos, node in parties if role == "recipient" and node}
    if len(recipients) >= 2 or any(role not in ("actor", "recipient") and node for role, _pos, node in parties):
        event_bits |= THIRD_PARTY_SHAPE
    nodes = sorted(roles)
    out = {}
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            bits = event_bits
            bits |= A_ACTS if "actor" in roles[a] else 0
            bits |= A_RECEIVES if "recipient" in roles[a] else 0
            bits |= B_ACTS if "actor" in roles[b] else 0
            bits |= B_RECEIVES if "recipient" in roles[b] else 0
            out[(a, b)] = bits
    return out


#: the columns event_facts fills, in the order of its tuples
EVENT_COLUMNS = ("day", "day_end", "day_tier", "nodes")
PAIR_COLUMNS = ("a", "b", "event_id", "day", "day_end", "article_id", "outlet", "start", "type", "mode", "modality",
                "score", "flags", "nodes")


def event_facts(event_id: str, article_id: str, outlet: str | None, published: str | None, date_start: str | None,
                date_end: str | None, type_: str, mode: str | None, modality: str | None, score: float | None,
                start: int | None, parties: Iterable[tuple[str, int, str | None, str | None, str | None]],
                ) -> tuple[tuple[Any, ...], list[str], list[tuple[Any, ...]]]:
    """What to store beside one event: its EVENT_COLUMNS values, each party's node (in the order given) and its
    event_pairs rows (PAIR_COLUMNS). `parties` are (role, position, code, name, sector) as event_parties keeps them."""
    day, day_end, day_tier = event_days(date_start, date_end, published)
    party_list = list(parties)
    nodes = [party_node(code, name, sector) for _role, _pos, code, name, sector in party_list]
    keyed = sorted(((role, pos, node) for (role, pos, *_rest), node in zip(party_list, nodes, strict=True)),
                   key=lambda p: (p[0], p[1]))
    text = encode_nodes(keyed)
    pairs = [(a, b, event_id, day, day_end, article_id, outlet, start, type_, mode, modality, score, flags,
              text if flags & THIRD_PARTY_SHAPE else None)
             for (a, b), flags in pair_flags(keyed).items()]
    return (day, day_end, day_tier, text), nodes, pairs


INSERT_PAIRS = f"INSERT OR REPLACE INTO event_pairs({', '.join(PAIR_COLUMNS)}) VALUES ({','.join('?' * len(PAIR_COLUMNS))})"

#: what every writer of events runs once per transaction that adds, replaces or removes events (the Store's save
#: path and the query benchmark's bulk build do): the count that what the analysis stores is checked against
#: (migration 005, detente/analysis/summaries.py)
BUMP_EVENTS = "UPDATE analysis_state SET value = value + 1 WHERE name = 'events'"
#: the current count (no row before migration 005)
EVENTS_VERSION = "SELECT value FROM analysis_state WHERE name = 'events'"
