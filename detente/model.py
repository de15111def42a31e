"""The dataclasses every stage speaks: Article, Mention, Actor, Party, DateSpan, Evidence, Event, Extraction.

An `Article` flows source -> clean -> nlp -> actors -> events -> store. Each stage adds to it; none
reaches back into the input. Everything here serialises to plain JSON with `to_dict()`.
"""
from __future__ import annotations

import copy
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

#: values `asdict` would hand back as they are (deepcopy returns them unchanged)
_ATOMS = (str, int, float, bool, type(None), date, datetime)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def asdict(obj: Any) -> dict[str, Any]:
    """`dataclasses.asdict`, the same dict, several times faster: the store and `--json` convert every event."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    return {name: _plain(getattr(obj, name)) for name in names}


def _plain(value: Any) -> Any:
    if isinstance(value, _ATOMS):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_plain(v) for v in value)
    return copy.deepcopy(value)

#: where a published date came from; never invent one
PUBLISHED_SOURCES = ("text", "html", "url", "feed", "input")

#: the 16 PLOVER event types, in the codebook's order (cooperative to conflictual): the one list every layer reads
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

#: modality of an event as the sentence states it
MODALITIES = ("asserted", "planned", "conditional", "negated", "historical", "claimed")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


_WS = re.compile(r"\s+")


def normalise_body(body: str) -> str:
    """The form of a body that the article id hashes: NFKC, case-folded, whitespace collapsed.

    Two copies of one article that differ only in line breaks, typographic quotes' width forms or
    trailing spaces get the same id.
    """
    text = unicodedata.normalize("NFKC", body)
    return _WS.sub(" ", text).strip().casefold()


def article_id(body: str) -> str:
    """Stable id: the first 16 hex digits of the SHA-256 of the normalised body."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One news article, cleaned, with the metadata the page gave and where each piece came from."""

    body: str
    #: the input's own id where it gives one (JSONL `id`), else `body_hash`
    id: str = ""
    #: stable hash of the normalised body: what makes re-ingesting a no-op
    body_hash: str = ""
    sources: list[str] = field(default_factory=list)
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    dek: str | None = None
    section: str | None = None
    byline: str | None = None
    published: date | None = None
    published_source: str | None = None
    language: str | None = None
    language_score: float | None = None
    fetched_at: datetime | None = None
    ingested_at: datetime | None = None
    #: reader that produced it: text, html, jsonl, feed, warc
    reader: str | None = None

    def __post_init__(self) -> None:
        if not self.body_hash:
            self.body_hash = article_id(self.body)
        if not self.id:
            self.id = self.body_hash

    @property
    def source(self) -> str | None:
        """The first place this article was read from (a path or URL)."""
        return self.sources[0] if self.sources else None

    @property
    def is_english(self) -> bool:
        return self.language in (None, "en")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["source"] = self.source
        for key in ("published", "fetched_at", "ingested_at"):
            value = d[key]
            d[key] = value.isoformat() if value is not None else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        """The inverse of `to_dict` (keys it does not know, such as `source`, are left out)."""
        d = _known(cls, d)
        d["published"] = _date(d.get("published"))
        for key in ("fetched_at", "ingested_at"):
            d[key] = _datetime(d.get(key))
        return cls(**d)


@dataclass
class Mention:
    """A span of the body that names an actor."""

    start: int
    end: int
    text: str
    #: how it was recognised: ner, gazetteer, dictionary, title, coref, surname, role, accused ("the suspect" for the
    #: private person named last), demonym, metonym
    how: str = "ner"
    #: the branch this mention names where the words say so: "Israeli soldiers" MIL, "the Pentagon" MIL,
    #: "Turkish opposition figures" OPP, "Baku" GOV (set by the actors stage; None when the words do not say)
    sector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Actor:
    """Someone or something that acts in an article: a state, a government, a person, a group."""

    name: str
    code: str | None = None  # ISO 3166 alpha-3 state, or IGO / NGO
    kind: str = "state"  # state | person | organisation | group
    sector: str | None = None  # CAMEO style: GOV, MIL, REB, OPP, BUS, MED, CVL, JUD, LEG, IGO, NGO, ...
    role: str | None = None
    key: str = ""  # stable within an article; set by the actors stage
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    #: the built-in or user dictionary entry it matched, if any
    dictionary_id: str | None = None
    #: the full CAMEO actor code ("IGOUNO", "USAGOVMIL", "NGOAMN"); `code` keeps the state or IGO/NGO part
    cameo: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        d = _known(cls, d)
        d["mentions"] = [Mention(**_known(Mention, m)) for m in d.get("mentions", [])]
        return cls(**d)


@dataclass
class Party:
    """An actor as one party of an event: who it is and the words of the sentence that name it."""

    code: str | None
    name: str
    sector: str | None = None
    text: str = ""
    actor_key: str | None = None
    kind: str | None = None
    #: the full CAMEO actor code ("IGOUNO", "USAGOVMIL"): the EU, the AU and the UN are different actors
    cameo: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ThirdParty:
    code: str | None
    name: str
    role: str  # mediator | host | venue
    text: str = ""
    actor_key: str | None = None
    cameo: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DateSpan:
    """When an event happened, as precise as the text allows; `start`/`end` inclusive ISO dates."""

    start: date
    end: date
    precision: str  # day | week | month | year | decade
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "precision": self.precision, "text": self.text}

    @property
    def label(self) -> str:
        return span_label(self.start, self.end)


def span_label(start: date | str, end: date | str | None = None) -> str:
    """A date span written as precisely as it is known, never more: 2025-06-27, 2025-W26 (a Monday-Sunday
    week), 2025-06, 2025, 1990s, else start/end (ISO 8601's interval). "This year" is 2025, not 2025-01-01."""
    s = start if isinstance(start, date) else date.fromisoformat(str(start)[:10])
    e = s if end is None else end if isinstance(end, date) else date.fromisoformat(str(end)[:10])
    if e <= s:
        return s.isoformat()
    if s.weekday() == 0 and (e - s).days == 6:
        year, week, _ = s.isocalendar()
        return f"{year}-W{week:02d}"
    if s.day == 1 and e.year == s.year and e.month == s.month and (e + timedelta(days=1)).day == 1:
        return f"{s.year}-{s.month:02d}"
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
        if e.year == s.year:
            return str(s.year)
        if s.year % 10 == 0 and e.year == s.year + 9:
            return f"{s.year}s"
    return f"{s.isoformat()}/{e.isoformat()}"


@dataclass
class Location:
    """Where an event happened: a GeoNames place with coordinates, or only the admin1 region or state."""

    name: str
    code: str | None  # ISO 3166 alpha-3 of the state the place lies in
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    admin1: str | None = None
    precision: str = "city"  # city | admin1 | country
    #: the words of the text that name it, and where they were read: "sentence", "dateline" or "article"
    text: str = ""
    source: str = "sentence"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Attribution:
    """Who asserts an event: the outlet itself, a named person, an anonymous official, another outlet."""

    kind: str  # outlet | person | anonymous | media | organisation | document
    name: str
    code: str | None = None
    text: str = ""
    via: str | None = None  # "told AFP" -> via AFP

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    """The sentence an event was read from; offsets are characters into the stored article body."""

    sentence: str
    trigger: str
    start: int
    end: int
    trigger_start: int | None = None
    trigger_end: int | None = None
    #: "body", or "title" for a headline (offsets then into the article's title)
    part: str = "body"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """Who did what to whom, when, according to whom, with the evidence."""

    type: str  # one of the 16 PLOVER types
    actors: list[Party]
    recipients: list[Party]
    evidence: Evidence
    mode: str | None = None
    context: str | None = None
    third_parties: list[ThirdParty] = field(default_factory=list)
    date: DateSpan | None = None
    modality: str = "asserted"
    attribution: Attribution | None = None
    cameo: str | None = None
    score: float | None = None  # cooperation (+10) .. conflict (-10)
    extractor: str = "rules.v1"
    confidence: float | None = None
    #: further mentions of the same event in the article
    more_evidence: list[Evidence] = field(default_factory=list)
    id: str = ""
    #: where it happened (None when neither its sentence, the dateline nor the article says)
    location: Location | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "context": self.context,
            "actors": [p.to_dict() for p in self.actors],
            "recipients": [p.to_dict() for p in self.recipients],
            "third_parties": [t.to_dict() for t in self.third_parties],
            "date": self.date.to_dict() if self.date else None,
            "location": self.location.to_dict() if self.location else None,
            "modality": self.modality,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "cameo": self.cameo,
            "score": self.score,
            "extractor": self.extractor,
            "confidence": self.confidence,
            "evidence": self.evidence.to_dict(),
            "more_evidence": [e.to_dict() for e in self.more_evidence],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        """The inverse of `to_dict`."""
        d = _known(cls, d)
        d["actors"] = [Party(**_known(Party, p)) for p in d.get("actors", [])]
        d["recipients"] = [Party(**_known(Party, p)) for p in d.get("recipients", [])]
        d["third_parties"] = [ThirdParty(**_known(ThirdParty, t)) for t in d.get("third_parties", [])]
        if d.get("date"):
            span = d["date"]
            d["date"] = DateSpan(start=date.fromisoformat(span["start"]), end=date.fromisoformat(span["end"]),
                                 precision=span["precision"], text=span.get("text", ""))
        if d.get("location"):
            d["location"] = Location(**_known(Location, d["location"]))
        if d.get("attribution"):
            d["attribution"] = Attribution(**_known(Attribution, d["attribution"]))
        d["evidence"] = Evidence(**_known(Evidence, d["evidence"]))
        d["more_evidence"] = [Evidence(**_known(Evidence, e)) for e in d.get("more_evidence", [])]
        return cls(**d)


@dataclass
class Extraction:
    """What the pipeline knows about one article: the article, its actors and its events."""

    article: Article
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: messages for the user (e.g. "skipped: language 'fr' is not English")
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Extraction:
        """The inverse of `to_dict`: what `detente extract --json` prints, back as objects."""
        return cls(article=Article.from_dict(d["article"]), actors=[Actor.from_dict(a) for a in d.get("actors", [])],
                   events=[Event.from_dict(e) for e in d.get("events", [])], notes=list(d.get("notes", [])))


def _known(cls: type, d: dict[str, Any]) -> dict[str, Any]:
    """The keys of `d` that are fields of dataclass `cls` (newer writers may add fields)."""
    names = cls.__dataclass_fields__  # type: ignore[attr-defined]
    return {k: v for k, v in d.items() if k in names}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
