"""Events read back from the store as light records with their parties, for analysis and exports.

Every query binds its parameters. An event's date is its own date span, else its article's publication
date; a window keeps the events whose span overlaps it (undated events only when no window is given).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from detente.analysis.rules import Rules
from detente.analysis.rules import load as load_rules
from detente.model import span_label
from detente.store import Store
from detente.store import facts as store_facts
from detente.store.queries import event_window


@dataclass(frozen=True)
class PartyRef:
    """One party of a stored event: its role and who it is."""

    role: str  # actor | recipient | mediator | host | venue
    code: str | None
    name: str
    sector: str | None = None
    text: str = ""
    actor_id: int | None = None
    node: str = ""  # the analysis node: a code, CODE:SECTOR for dissidents, else the name


@dataclass
class Record:
    """One stored event with the article facts analysis needs."""

    id: str
    article_id: str
    type: str
    mode: str | None
    context: str | None
    cameo: str | None
    score: float | None
    modality: str
    start: date | None
    end: date | None
    precision: str | None
    attribution: str | None
    sentence: str
    trigger: str | None
    offset: int | None
    outlet: str | None
    published: date | None
    title: str | None
    url: str | None
    extractor: str = "rules.v1"
    ingested_at: str | None = None
    language: str | None = None
    parties: list[PartyRef] = field(default_factory=list)

    @property
    def day(self) -> date | None:
        """The date used for timelines: the event's start, else its article's publication date."""
        return self.start or self.published

    @property
    def when(self) -> str | None:
        """The event's date as precisely as it is known (2025, 2025-06, 1990s; model.span_label), else its
        article's publication day."""
        day = self.day
        return span_label(day, self.end or day) if day else None

    def nodes(self, *roles: str) -> list[str]:
        """The distinct nodes of the parties in `roles`, in order."""
        out: list[str] = []
        for p in self.parties:
            if p.role in roles and p.node and p.node not in out:
                out.append(p.node)
        return out

    @property
    def actors(self) -> list[str]:
        return self.nodes("actor")

    @property
    def recipients(self) -> list[str]:
        return self.nodes("recipient")

    def evidence(self) -> dict[str, Any]:
        """What a relation or a dyad cites for this event: the sentence, where it is, who says it."""
        return {"event_id": self.id, "article_id": self.article_id, "sentence": self.sentence, "outlet": self.outlet,
                "date": self.when, "type": self.type, "mode": self.mode,
                "modality": self.modality, "score": self.score, "trigger": self.trigger, "start": self.offset,
                "attribution": self.attribution}


def node_of(code: str | None, sector: str | None, name: str, rules: Rules | None = None) -> str:
    """The analysis node a party stands for: its state code, CODE:SECTOR for rebels or opposition, else its name
    (what the store keeps in event_parties.node, see detente.store.facts)."""
    rules = rules or load_rules()
    return store_facts.node_of(code, sector, name, (rules.generic_codes, rules.dissident_sectors))


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


_SELECT = """SELECT e.id, e.article_id, e.type, e.mode, e.context, e.cameo, e.score, e.modality, e.date_start, e.date_end,
    e.date_precision, e.attribution, e.sentence, e.trigger, e.start, e.extractor, a.outlet, a.published, a.title,
    a.ingested_at, a.language,
    COALESCE(a.url, (SELECT min(s.source) FROM sources s WHERE s.article_id = a.id)) AS url,
    (SELECT json_group_array(json_array(p.role, p.position, p.code, p.name, p.sector, p.text, p.actor_id, p.node))
       FROM event_parties p WHERE p.event_id = e.id) AS parties
    FROM events e JOIN articles a ON a.id = e.article_id"""


def window_sql(since: date | None, until: date | None) -> tuple[str, list[Any]]:
    """The WHERE fragment (with its parameters) that keeps events overlapping [since, until]."""
    return event_window(since, until)


def records(store: Store, since: date | None = None, until: date | None = None, codes: Iterable[str] = (),
            all_codes: bool = False, article_ids: Iterable[str] = ()) -> list[Record]:
    """Stored events in date order, optionally only those naming one of `codes` (all of them when `all_codes`)."""
    return list(iter_records(store, since, until, codes, all_codes, article_ids))


def records_by_id(store: Store, ids: Iterable[str]) -> dict[str, Record]:
    """Some events by id (in batches: one query per 500 ids)."""
    ids = list(dict.fromkeys(ids))
    out: dict[str, Record] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        sql = _SELECT + f" WHERE e.id IN ({','.join('?' * len(chunk))})"
        for rec in _decode(store.conn.execute(sql, chunk)):
            out[rec.id] = rec
    return out


def evidence_records(store: Store, ids: Iterable[str]) -> dict[str, Record]:
    """Some events by id with what a citation reads (Record.evidence()): no parties, url or title, so a
    relation's evidence costs one indexed lookup per event."""
    ids = list(dict.fromkeys(ids))
    out: dict[str, Record] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        sql = f"""SELECT e.id, e.article_id, e.type, e.mode, e.score, e.modality, e.date_start, e.date_end, e.attribution,
                  e.sentence, e.trigger, e.start, e.extractor, a.outlet, a.published
                  FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id IN ({','.join('?' * len(chunk))})"""
        for (id_, article_id, type_, mode, score, modality, date_start, date_end, attribution, sentence, trigger, start,
             extractor, outlet, published) in store.conn.execute(sql, chunk):
            out[id_] = Record(id=id_, article_id=article_id, type=type_, mode=mode, context=None, cameo=None, score=score,
                              modality=modality or "asserted", start=_date(date_start), end=_date(date_end), precision=None,
                              attribution=attribution, sentence=sentence, trigger=trigger, offset=start, outlet=outlet,
                              published=_date(published), title=None, url=None, extractor=extractor)
    return out


def iter_records(store: Store, since: date | None = None, until: date | None = None, codes: Iterable[str] = (),
                 all_codes: bool = False, article_ids: Iterable[str] = ()) -> Iterator[Record]:
    where, params = window_sql(since, until)
    sql = _SELECT + " WHERE 1=1" + where
    codes = [c for c in codes if c]
    if codes:
        # a node code is a state code or CODE:SECTOR; the parties table keeps the state part in `code`
        # (or the whole CODE:SECTOR); names stand for generic codes
        parts = []
        for c in codes:
            parts.append("SELECT event_id FROM event_parties WHERE code = ? OR code = ? OR name = ? OR node = ?")
            params += [c, c.partition(":")[0], c, c]
        glue = " INTERSECT " if all_codes else " UNION "
        sql += f" AND e.id IN ({glue.join(parts)})"
    ids = list(article_ids)
    if ids:
        sql += f" AND e.article_id IN ({','.join('?' * len(ids))})"
        params += ids
    sql += " ORDER BY e.day IS NULL, e.day, e.article_id, e.start, e.id"
    for rec in _decode(store.conn.execute(sql, params)):
        if codes and not _names_codes(rec, codes, all_codes):
            continue
        yield rec


def _decode(rows: Iterable[Any]) -> Iterator[Record]:
    rules = load_rules()
    for row in rows:
        parties = []
        for role, _pos, code, name, sector, text, actor_id, node in sorted(json.loads(row["parties"] or "[]"),
                                                                           key=lambda p: (p[0], p[1])):
            name = name or code or ""
            if node is None:  # a row written without the analysis columns
                node = node_of(code, sector, name, rules)
            parties.append(PartyRef(role, code, name, sector, text or "", actor_id, node))
        yield Record(
            id=row["id"], article_id=row["article_id"], type=row["type"], mode=row["mode"], context=row["context"],
            cameo=row["cameo"],
            score=row["score"], modality=row["modality"] or "asserted", start=_date(row["date_start"]),
            end=_date(row["date_end"]), precision=row["date_precision"], attribution=row["attribution"],
            sentence=row["sentence"], trigger=row["trigger"], offset=row["start"], outlet=row["outlet"],
            published=_date(row["published"]), title=row["title"], url=row["url"], extractor=row["extractor"],
            ingested_at=row["ingested_at"], language=row["language"], parties=parties,
        )


def _names_codes(rec: Record, codes: list[str], all_codes: bool) -> bool:
    """Whether the record's nodes include the codes asked for (the SQL prefilter also matches the state of a dissident)."""
    nodes = {p.node for p in rec.parties}
    hits = [c in nodes for c in codes]
    return all(hits) if all_codes else any(hits)


def resolve(store: Store, query: str) -> str:
    """The analysis node for what a user typed: a code (AZE), a name, key or alias of a stored actor, else the text
    (detente.store.queries.resolve: the one way actors are looked up)."""
    from detente.store.queries import resolve as resolve_node

    return resolve_node(store, query)


def state_names(store: Store) -> dict[str, str]:
    """State codes' names as the store knows them, to label graph nodes."""
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT code, min(name) FROM actors WHERE kind = 'state' AND code IS NOT NULL GROUP BY code")}
