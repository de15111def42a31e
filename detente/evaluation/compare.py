"""Compare and merge two event extractors' outputs over the same articles.

    read     -> Extraction objects, or the dicts `detente extract --json` prints (one per article)
    pair     -> articles by id; within one, events whose evidence spans overlap, best pairs first:
                same type and parties, then same parties and another type, then same type and other parties
    count    -> matched, other type, other parties, only in A, only in B: per article and in total
    agree    -> per event type, precision, recall and F1 of B against A (A is the reference)
    merge    -> the union of the events; a pair that names the same parties in the same span is one event

Two events name the same parties when their actors' codes overlap and so do their recipients' (either way
round for a reciprocal type such as CONSULT; a party with no code counts by its name; no party on both
sides is the same). A pair of one type with disjoint parties may be two events of one sentence, so
merging keeps both.
"""
from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.events import ontology
from detente.model import Article, Event, Evidence, Extraction

if TYPE_CHECKING:
    from detente.pipeline import Options

MATCHED, OTHER_TYPE, OTHER_PARTIES, ONLY_A, ONLY_B = "matched", "other_type", "other_parties", "only_a", "only_b"
#: what a pair of events can be, best first (the order pairs are chosen in)
KINDS = (MATCHED, OTHER_TYPE, OTHER_PARTIES, ONLY_A, ONLY_B)
#: joins the extractor names of a merged event ("rules.v1+llm.v1"); the store's `extractor` column keeps it
JOIN = "+"

Side = Iterable[Extraction | dict[str, Any]]


# ---------------------------------------------------------------------------------------------- pairing
@dataclass
class Pair:
    """An event of A and the event of B it was paired with (either may be None)."""

    kind: str
    a: Event | None = None
    b: Event | None = None

    @property
    def type(self) -> str:
        """The reference type: A's where there is one."""
        return (self.a or self.b).type  # type: ignore[union-attr]

    def to_dict(self) -> dict[str, Any]:
        ev = self.a or self.b
        return {"kind": self.kind, "sentence": ev.evidence.sentence if ev else None,
                "a": _summary(self.a), "b": _summary(self.b)}


def _summary(ev: Event | None) -> dict[str, Any] | None:
    if ev is None:
        return None
    return {"id": ev.id, "type": ev.type, "mode": ev.mode, "actors": [p.code or p.name for p in ev.actors],
            "recipients": [p.code or p.name for p in ev.recipients], "trigger": ev.evidence.trigger,
            "start": ev.evidence.start, "end": ev.evidence.end, "extractor": ev.extractor}


def _spans(ev: Event) -> list[Evidence]:
    return [ev.evidence, *ev.more_evidence]


def _spans_overlap(a: Event, b: Event) -> bool:
    return any(x.start < y.end and y.start < x.end for x in _spans(a) for y in _spans(b))


def _codes(parties: Sequence[Any]) -> set[str]:
    return {p.code or p.name.casefold() for p in parties}


def _overlap(x: set[str], y: set[str]) -> bool:
    return bool(x & y) if x or y else True


def _reciprocal(type_: str) -> bool:
    t = ontology.load().types.get(type_)
    return bool(t and t.reciprocal)


def same_parties(a: Event, b: Event) -> bool:
    """Actors overlap and recipients overlap (or cross over, when either type is reciprocal)."""
    aa, ar, ba, br = _codes(a.actors), _codes(a.recipients), _codes(b.actors), _codes(b.recipients)
    if _overlap(aa, ba) and _overlap(ar, br):
        return True
    return (_reciprocal(a.type) or _reciprocal(b.type)) and _overlap(aa, br) and _overlap(ar, ba)


def _kind(a: Event, b: Event) -> str | None:
    if not _spans_overlap(a, b):
        return None
    parties = same_parties(a, b)
    if a.type == b.type:
        return MATCHED if parties else OTHER_PARTIES
    return OTHER_TYPE if parties else None


def _jaccard(a: Event, b: Event) -> float:
    x, y = _codes(a.actors + a.recipients), _codes(b.actors + b.recipients)
    return len(x & y) / len(x | y) if x | y else 1.0


def pair_events(a: Sequence[Event], b: Sequence[Event]) -> list[Pair]:
    """Pair one article's events greedily, best candidates first; leftovers are only in A or only in B.

    Among candidates of one kind, the same first sentence, then the same trigger word, then more shared
    parties win, so that a retyped event does not steal the partner of another event of that type.
    """
    candidates = []
    for i, ea in enumerate(a):
        for j, eb in enumerate(b):
            kind = _kind(ea, eb)
            if kind is not None:
                rank = (KINDS.index(kind), ea.evidence.start != eb.evidence.start,
                        ea.evidence.trigger_start != eb.evidence.trigger_start, -_jaccard(ea, eb), i, j)
                candidates.append((rank, kind, i, j))
    used_a: dict[int, Pair] = {}
    used_b: set[int] = set()
    for _rank, kind, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a[i] = Pair(kind, a[i], b[j])
            used_b.add(j)
    pairs = [used_a.get(i) or Pair(ONLY_A, ea, None) for i, ea in enumerate(a)]
    pairs += [Pair(ONLY_B, None, eb) for j, eb in enumerate(b) if j not in used_b]
    return sorted(pairs, key=lambda p: ((p.a or p.b).evidence.start, p.b is None))  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------- figures
@dataclass
class ArticleComparison:
    """One article's pairs; `in_a`/`in_b` say whether each side had the article at all."""

    id: str
    title: str | None
    source: str | None
    pairs: list[Pair]
    in_a: bool = True
    in_b: bool = True

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for p in self.pairs:
            out[p.kind] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.id, "title": self.title, "source": self.source, "in_a": self.in_a, "in_b": self.in_b,
                **self.counts(), "differences": [p.to_dict() for p in self.pairs if p.kind != MATCHED]}


@dataclass
class Agreement:
    """How far B agrees with A on one event type (or on all): A is the reference."""

    a: int = 0
    b: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.b if self.b else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.a if self.a else None

    @property
    def f1(self) -> float:
        return 2 * self.matched / (self.a + self.b) if self.a + self.b else 1.0

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {"a": self.a, "b": self.b, "matched": self.matched, "precision": r(self.precision),
                "recall": r(self.recall), "f1": r(self.f1)}


@dataclass
class Comparison:
    """Two extractors' events over the same articles, paired; `a` and `b` name the two sides."""

    a: str
    b: str
    articles: list[ArticleComparison] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for art in self.articles:
            for k, n in art.counts().items():
                out[k] += n
        return out

    def agreement(self) -> tuple[dict[str, Agreement], Agreement]:
        """Per event type (A's type for a pair) and over all events."""
        by_type: dict[str, Agreement] = {}
        total = Agreement()
        for art in self.articles:
            for p in art.pairs:
                for side, ev in (("a", p.a), ("b", p.b)):
                    if ev is not None:
                        for agg in (by_type.setdefault(ev.type, Agreement()), total):
                            setattr(agg, side, getattr(agg, side) + 1)
                if p.kind == MATCHED:
                    by_type[p.type].matched += 1
                    total.matched += 1
        order = {t: i for i, t in enumerate(ontology.PLOVER_TYPES)}
        return dict(sorted(by_type.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))), total

    @property
    def identical(self) -> bool:
        counts = self.counts()
        return all(counts[k] == 0 for k in KINDS if k != MATCHED) and all(a.in_a and a.in_b for a in self.articles)

    def to_dict(self) -> dict[str, Any]:
        by_type, total = self.agreement()
        return {"a": self.a, "b": self.b, "articles": len(self.articles),
                "only_in_a_articles": sum(1 for x in self.articles if not x.in_b),
                "only_in_b_articles": sum(1 for x in self.articles if not x.in_a),
                "totals": self.counts(), "agreement": total.to_dict(),
                "by_type": {t: agg.to_dict() for t, agg in by_type.items()},
                "per_article": [x.to_dict() for x in self.articles]}


def _extractions(side: Side) -> list[Extraction]:
    """Extractions, the first of each article id (a path given twice yields one article twice)."""
    out: dict[str, Extraction] = {}
    for x in side:
        ex = x if isinstance(x, Extraction) else Extraction.from_dict(x)
        out.setdefault(ex.article.id, ex)
    return list(out.values())


def _align(a: Side, b: Side) -> Iterator[tuple[Extraction | None, Extraction | None, list[Pair]]]:
    """Articles by id in A's order, then those only B has, with their events paired."""
    xa, xb = _extractions(a), _extractions(b)
    by_id = {x.article.id: x for x in xb}
    for ex in xa:
        other = by_id.pop(ex.article.id, None)
        yield ex, other, pair_events(ex.events, other.events if other else [])
    for other in by_id.values():
        yield None, other, pair_events([], other.events)


def _names(side: list[Extraction], default: str) -> str:
    found = sorted({ev.extractor for ex in side for ev in ex.events})
    return JOIN.join(found) or default


def compare(a: Side, b: Side, names: tuple[str, str] | None = None) -> Comparison:
    """Pair A's and B's events article by article and count where they agree.

    `names` label the two sides (default: the extractor names their events carry).
    """
    xa, xb = _extractions(a), _extractions(b)
    label_a, label_b = names or (_names(xa, "A"), _names(xb, "B"))
    out = Comparison(a=label_a, b=label_b)
    for ea, eb, pairs in _align(xa, xb):
        art = (ea or eb).article  # type: ignore[union-attr]
        out.articles.append(ArticleComparison(id=art.id, title=art.title, source=art.source, pairs=pairs,
                                              in_a=ea is not None, in_b=eb is not None))
    return out


# ---------------------------------------------------------------------------------------------- merging
def _join_names(*names: str) -> str:
    out: list[str] = []
    for name in names:
        out += [n for n in name.split(JOIN) if n and n not in out]
    return JOIN.join(out)


def _evidence_key(e: Evidence) -> tuple[int, int, int | None, int | None]:
    return e.start, e.end, e.trigger_start, e.trigger_end


def combine(base: Event, other: Event) -> Event:
    """One event from two readings of it: `base`'s reading, both extractors' names, every evidence span."""
    ev = copy.deepcopy(base)
    ev.extractor = _join_names(base.extractor, other.extractor)
    if ev.confidence is None:
        ev.confidence = other.confidence  # two extractors' confidences are not on one scale: no mean
    seen = {_evidence_key(e) for e in _spans(ev)}
    for e in _spans(other):
        if _evidence_key(e) not in seen:
            seen.add(_evidence_key(e))
            ev.more_evidence.append(copy.deepcopy(e))
    ev.date = ev.date or copy.deepcopy(other.date)
    ev.attribution = ev.attribution or copy.deepcopy(other.attribution)
    known = {t.actor_key or t.name for t in ev.third_parties}
    ev.third_parties += [copy.deepcopy(t) for t in other.third_parties if (t.actor_key or t.name) not in known]
    return ev


def _merge_events(pairs: list[Pair], prefer: str, keep_conflicts: bool) -> list[Event]:
    out: list[Event] = []
    for p in pairs:
        first, second = (p.a, p.b) if prefer == "a" else (p.b, p.a)
        if p.kind == MATCHED:
            out.append(combine(first, second))  # type: ignore[arg-type]
        elif p.kind == OTHER_TYPE and not keep_conflicts:
            out.append(copy.deepcopy(first))  # type: ignore[arg-type]
        else:
            out += [copy.deepcopy(e) for e in (first, second) if e is not None]
    return _unique_ids(sorted(out, key=lambda e: e.evidence.start))


def _unique_ids(events: list[Event]) -> list[Event]:
    """Ids that name one event each: the store replaces an event whose id it has already seen."""
    seen: set[str] = set()
    for ev in events:
        if ev.id in seen or not ev.id:
            ev.id = hashlib.sha256(f"{ev.id}|{ev.extractor}|{ev.type}|{ev.evidence.start}|{len(seen)}".encode()).hexdigest()[:16]
        seen.add(ev.id)
    return events


def merge(a: Side, b: Side, prefer: str = "a", keep_conflicts: bool = False) -> list[Extraction]:
    """The union of two extractors' events, each event once, in extract format.

    A matched pair becomes one event: the `prefer`red side's reading, named after both extractors, with
    the evidence of both. A pair that names the same parties with another type is one clause read two
    ways: the preferred reading stays (both with `keep_conflicts`). Everything else is kept as it is.
    Articles and actors come from the preferred side, with the other side's actors it lacks.
    """
    if prefer not in ("a", "b"):
        raise ValueError(f"prefer must be 'a' or 'b', not {prefer!r}")
    out = []
    for ea, eb, pairs in _align(a, b):
        first, second = (ea, eb) if prefer == "a" else (eb, ea)
        base = first or second
        assert base is not None
        actors = copy.deepcopy(base.actors)
        if first is not None and second is not None:
            keys = {x.key or x.name for x in actors}
            actors += [copy.deepcopy(x) for x in second.actors if (x.key or x.name) not in keys]
            notes = base.notes + [n for n in second.notes if n not in base.notes]
        else:
            notes = list(base.notes)
        out.append(Extraction(article=copy.deepcopy(base.article), actors=actors,
                              events=_merge_events(pairs, prefer, keep_conflicts), notes=notes))
    return out


# ---------------------------------------------------------------------------------------------- inputs
def load_jsonl(path: str | Path) -> list[Extraction]:
    """What `detente extract --json` wrote: one extraction per line ("-" reads stdin)."""
    import sys

    lines = sys.stdin if str(path) == "-" else Path(path).open(encoding="utf-8")
    out = []
    try:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                out.append(Extraction.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a line of `detente extract --json` ({exc})") from exc
    finally:
        if lines is not sys.stdin:
            lines.close()
    return out


def run_extractors(names: Sequence[str], articles: Iterable[Article], options: Options | None = None
                   ) -> list[list[Extraction]]:
    """Each named events stage over the same articles; each article is parsed once for all of them."""
    from detente import nlp, pieces
    from detente.pipeline import Options, Pipeline, analysed_text

    options = options or Options()
    pipelines = [Pipeline(replace(options, events=name)) for name in names]
    out: list[list[Extraction]] = [[] for _ in names]
    # a body too long to parse at once goes through each pipeline in pieces
    texts = (((analysed_text(a) if a.is_english and not pieces.too_long(a) else ""), a) for a in articles)
    for doc, art in nlp.pipe(texts, model=options.model, batch_size=options.batch_size):
        for runs, pipeline in zip(out, pipelines, strict=True):
            runs.append(next(pipeline.run([art])) if pieces.too_long(art) else pipeline.extract_doc(doc, art))
    return out
