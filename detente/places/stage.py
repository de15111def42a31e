"""The places stage, registered as ("places", "rules.v1"): where each event happened, as `Event.location`.

    context   -> the states the actors stage found, and the places unambiguous on their own (Context)
    mentions  -> the Doc's GPE / LOC / FAC entities, resolved once per distinct text (resolve.resolve)
    sentence  -> the event's evidence sentence: a place governed by in / at / near ... in the trigger's
                 clause, else elsewhere in the sentence, else any place there that is not a party's name
    dateline  -> else the article's dateline (datelines.read)
    parties   -> else a place the sentence names as a party ("Moscow said", "Turkey struck Syria")
    focus     -> else the article's focus: the place its entities name most (at least FOCUS_MENTIONS times)

No second parse: the stage reads the entities and the parse the Doc has (with selective parsing, the event
sentences are parsed; the focus counts the entities of the parsed sentences). An event none of these places
keeps `location` None.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable
from typing import Any

from detente import nlp
from detente.model import Actor, Article, Event, Location
from detente.places import datelines
from detente.places.gazetteer import Place, key
from detente.places.resolve import Context, resolve, unambiguous, variants
from detente.registry import register

#: the entity labels that name places
LABELS = frozenset({"GPE", "LOC", "FAC"})
#: prepositions that say where an act happened ("in Aden", "near the border of X", "outside Kyiv"); "between",
#: "on", "over" and "from" are left out: they name parties and targets more often ("talks between X and Y",
#: "sanctions on Iran", "a dispute over Kashmir", "troops from the US")
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "off",
                      "along", "into", "to", "toward", "towards"})
#: the weaker of those: where an act went ("troops sent into Syria", "flew to Moscow"), after in / at / near
DIRECTIONAL = frozenset({"to", "toward", "towards", "into"})
#: words between a place and its preposition that keep it the preposition's place ("in the city of Aden",
#: "in Aden's port", "in southern Yemen's Aden")
_THROUGH_DEPS = frozenset({"compound", "appos", "poss", "nmod", "amod", "conj"})
#: dependency labels that open a new clause: a preposition below one of them is not the trigger's
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis"})
#: how many times the article's entities must name a place for it to be the article's focus
FOCUS_MENTIONS = 2
#: how far up the tree a place's preposition is looked for
MAX_HOPS = 4
PRECISION_RANK = {"city": 2, "admin1": 1, "country": 0}


def location(place: Place, text: str, source: str) -> Location:
    return Location(name=place.name, code=place.code, lat=place.lat, lon=place.lon, geonames_id=place.geonames_id,
                    admin1=place.admin1, precision=place.kind, text=text, source=source)


class Locator:
    """Per article: the resolved place mentions, and the location of each event."""

    def __init__(self, doc: Any, article: Article, actors: list[Actor]) -> None:
        self.doc = doc
        self.article = article
        self.spans = [e for e in doc.ents if e.label_ in LABELS]
        self.starts = [e.start_char for e in self.spans]
        self.dateline = datelines.read(article.body)
        #: where the dateline lies in the Doc (the analysed text: headline, then body): its words are the dateline's,
        #: never a place the sentence names
        start = int(doc.user_data.get(nlp.BODY_START, 0))
        self.dateline_end = start + self.dateline.story if self.dateline is not None else -1
        self.context = Context()
        for actor in actors:
            if actor.code and actor.kind == "state":
                self.context.states[actor.code.partition(":")[0]] += max(len(actor.mentions), 1)
        texts = list(dict.fromkeys(e.text for e in self.spans))
        if self.dateline:
            texts.append(self.dateline.place)
        for text in texts:
            seed = unambiguous(text)
            if seed is not None:
                self.context.add(seed)
        self.places: dict[str, Place | None] = {t: resolve(t, self.context) for t in texts}
        for span in self.spans:
            if self.places[span.text] is None and span.label_ != "GPE":
                self.places[span.text] = self._leading(span)
        #: char spans of each actor's mentions, by actor key (a party's words are not where it acted)
        self.mentions: dict[str, list[tuple[int, int]]] = {}
        for actor in actors:
            if actor.key:
                self.mentions[actor.key] = [(m.start, m.end) for m in actor.mentions]
        self._focus: tuple[Place, str] | None | bool = False

    # -- per event ------------------------------------------------------------------------------------------
    def locate(self, event: Event) -> Location | None:
        ev = event.evidence
        best: tuple[tuple[int, int, int], Place, str] | None = None
        keys = [p.actor_key for p in (*event.actors, *event.recipients)]
        keys += [t.actor_key for t in event.third_parties if t.role != "venue"]
        party_spans = [s for k in keys if k for s in self.mentions.get(k, ())]
        venues = {t.text for t in event.third_parties if t.role == "venue" and t.text}
        trigger = self._trigger(ev.trigger_start, ev.trigger_end)
        lo = bisect.bisect_left(self.starts, ev.start)
        hi = bisect.bisect_left(self.starts, ev.end)
        for span in self.spans[lo:hi]:
            if span.end_char > ev.end or span.start_char < self.dateline_end:
                continue
            place = self._place(span)
            if place is None:
                continue
            tier = self._tier(span, trigger, party_spans, venues)
            distance = abs(span.start_char - (ev.trigger_start or ev.start))
            rank = (tier, PRECISION_RANK[place.kind], -distance)
            if best is None or rank > best[0]:
                best = (rank, place, span.text)
        if best is not None and best[0][0] >= 2:
            return location(best[1], best[2], "sentence")
        if self.dateline is not None:
            place = self.places.get(self.dateline.place)
            if place is not None:
                return location(place, self.dateline.place, "dateline")
        if best is not None:
            return location(best[1], best[2], "sentence")
        focus = self.focus()
        return location(focus[0], focus[1], "article") if focus else None

    def _place(self, span: Any) -> Place | None:
        return self.places.get(span.text)

    def _leading(self, span: Any) -> Place | None:
        """A facility or area named after its city ("Baghdad International Airport", "Jolo Cathedral"): the city."""
        words = span.text.split()
        for n in range(len(words) - 1, 0, -1):
            lead = " ".join(words[:n])
            place = resolve(lead, self.context)
            if place is not None:
                return place if place.kind == "city" and key(place.name) in {key(v) for v in variants(lead)} else None
        return None

    def _tier(self, span: Any, trigger: Any, party_spans: list[tuple[int, int]], venues: set[str]) -> int:
        """5: the venue the events stage found; 4: in / at ... in the trigger's clause; 3: in / at ... elsewhere,
        or from / to in the trigger's clause; 2: named in the sentence, no party; 1: a party's name."""
        if span.text in venues:
            return 5
        prep = _preposition(span)
        if prep is not None:
            own = trigger is not None and _in_clause(prep.head, trigger)
            if prep.lower_ in DIRECTIONAL:
                return 3 if own else 2
            return 4 if own else 3
        if any(s < span.end_char and span.start_char < e for s, e in party_spans):
            return 1
        return 2

    def _trigger(self, start: int | None, end: int | None) -> Any:
        if start is None or end is None:
            return None
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def focus(self) -> tuple[Place, str] | None:
        """The place the article's entities name most, if named at least FOCUS_MENTIONS times and more than any other."""
        if self._focus is not False:
            return self._focus  # type: ignore[return-value]
        counts: Counter[Place] = Counter()
        words: dict[Place, str] = {}
        for span in self.spans:
            place = self._place(span)
            if place is not None:
                counts[place] += 1
                words.setdefault(place, span.text)
        top = counts.most_common(2)
        found = None
        if top and top[0][1] >= FOCUS_MENTIONS and (len(top) == 1 or top[0][1] > top[1][1]):
            found = (top[0][0], words[top[0][0]])
        self._focus = found
        return found


def _preposition(span: Any) -> Any:
    """The locative preposition a place hangs from ("in Aden", "in the city of Aden", "in Aden's port"), or None."""
    tok = span.root
    for _ in range(MAX_HOPS):
        head = tok.head
        if head is tok:
            return None
        if tok.dep_ == "pobj" and head.dep_ == "prep":
            if head.lower_ in LOCATIVE:
                return head
            if head.lower_ != "of":
                return None
            tok = head.head  # "the city of Aden": the city is where "in" points
            continue
        if tok.dep_ in _THROUGH_DEPS:
            tok = head
            continue
        return None
    return None


def _in_clause(governor: Any, trigger: Any) -> bool:
    """Whether `governor` (what a preposition hangs from) is the trigger or lies in its clause."""
    tok = governor
    for _ in range(MAX_HOPS * 2):
        if tok.i == trigger.i:
            return True
        if tok.dep_ in CLAUSE_DEPS or tok.head is tok:
            # the trigger may itself hang below the governor: "signed a deal in Baku" vs "arrived in Baku to sign"
            return trigger.head.i == tok.i and trigger.dep_ not in CLAUSE_DEPS
        tok = tok.head
    return False


def locate(doc: Any, article: Article, actors: list[Actor], events: list[Event]) -> list[Event]:
    """Set each event's `location` (see the module's stages); returns the events."""
    if not events:
        return events
    locator = Locator(doc, article, actors)
    for event in events:
        event.location = locator.locate(event)
    return events


@register("places", "rules.v1")
def make(**_: Any) -> Callable[[Any, Article, list[Actor], list[Event]], list[Event]]:
    return locate
