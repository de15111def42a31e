"""Place names to places, with the article as context: which Tripoli, which Georgia, or none at all.

`resolve(name, context)` picks among the gazetteer's candidates for a name:

1. "Aden, Yemen", "Springfield, Illinois": the part after the comma is resolved first and the name is looked
   for inside it;
2. a state beats a city of its name ("Mexico", "Singapore"); a first-level division beats a state only where
   the division's state has other places below the state level named in the article and the state has none
   ("Georgia" is the US state in an article that names Atlanta and no Georgian place), or where the
   division lies in the very state the name also names ("Scotland");
3. a division beats a city of its name unless the city is a state's capital or a city of a million
   ("Washington", "New York");
4. among cities (and among divisions), one in a division or a state already named in the article beats a
   bigger namesake elsewhere ("Tripoli" in an article on Lebanon); without such context, the biggest wins only
   where it is `DOMINANCE` times the next, and a name several places share with none dominant is not guessed.

A context is what the article names: states (with how often), first-level divisions, and the states that have
a place below the state level named. `Context.add` grows it with places that are unambiguous on their own.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from detente.places import gazetteer
from detente.places.gazetteer import Place

#: without context, the biggest of several namesakes is taken when it has this many times the people of the next:
#: Paris (2.1M) over Parys (71k), Athens (664k) over Athens, Georgia (127k), Tripoli, Libya (1.3M) over Tripoli,
#: Lebanon (229k); two Springfields (167k, 155k) stay unresolved
DOMINANCE = 3.0
#: a namesake in a state the article names wins over a bigger one elsewhere unless that one is this many times
#: bigger: Tripoli, Lebanon (229k) over Tripoli, Libya (1.3M: 5.7x) where Lebanon is named, but not Paris, Texas
#: (25k) over Paris (2.1M: 86x) because the article names the United States
CONTEXT_RATIO = 20.0
#: a city this big beats a first-level division of its name (New York the city, not the state)
BIG_CITY = 1_000_000
#: a city named only by one of its alternate names is taken alone (no context) only from this size: alternate
#: names hold nicknames and old names that are also people's or common words
ALTERNATE_ALONE = 100_000
#: a state whose namesake city holds this share of its people is a city-state: the city is the place
#: (Singapore, Hong Kong, Macau, Monaco)
CITY_STATE = 0.5
#: words that name part of a state or region ("northern Syria"): the part lies in the whole
COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                     "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
                     "southwestern", "upper", "lower"})
#: possessive and plural endings a place name may carry in running text ("Yemen's", "the Philippines'")
_ENDINGS = ("'s", "’s", "'", "’")


@dataclass
class Context:
    """What an article names: the states (ISO alpha-3, with counts), divisions, and states with a place below them."""

    states: Counter[str] = field(default_factory=Counter)
    admin1: set[str] = field(default_factory=set)
    #: states that have a city or a division named in the article (what tells the US Georgia from the state)
    inner: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, codes: Iterable[str] = ()) -> Context:
        """A context of states named ("YEM", "LBN"), as the actors stage knows them."""
        ctx = cls()
        for code in codes:
            if code:
                ctx.states[code.partition(":")[0]] += 1
        return ctx

    def add(self, place: Place) -> None:
        self.states[place.code] += 1
        if place.kind != "country":
            self.inner.add(place.code)
        if place.admin1:
            self.admin1.add(place.admin1)


def variants(text: str) -> list[str]:
    """The forms of a name as written to look up: itself without "the", without a possessive, without a full stop."""
    text = " ".join(text.split()).strip(" ,;:")
    if text[:4].lower() == "the ":  # "the U.S." is the acronym "U.S." (the key drops "the" from other names)
        text = text[4:]
    out = [text]
    for ending in _ENDINGS:
        if text.endswith(ending):
            out.append(text[: -len(ending)])
    if text.endswith("."):  # "... in Kyiv." but "U.S."
        out.append(text.rstrip("."))
    if text.isupper():  # a dateline's "KYIV" is no acronym unless the gazetteer says so ("US", "UAE")
        out += [v.title() for v in out]
    return out


def candidates(text: str) -> list[Place]:
    """Every place a name may be, whatever the context (the first of its written forms the gazetteer knows)."""
    g = gazetteer.load()
    for form in variants(text):
        found = g.candidates(form)
        if found:
            return found
    return []


def resolve(text: str, context: Context | None = None) -> Place | None:
    """The place `text` names in this context, or None where nothing (or nothing certain) says which."""
    context = context or Context()
    head, comma, tail = text.partition(",")
    if comma and tail.strip():
        outer = resolve(tail, context)
        if outer is not None:
            inside = [p for p in candidates(head) if p.code == outer.code and p is not outer
                      and (outer.admin1 is None or p.admin1 == outer.admin1)]
            if inside:
                return _biggest(inside)
            return outer if not candidates(head) else resolve(head, context)
    at_seat = seat(text)
    if at_seat is not None:
        return at_seat
    found = candidates(text)
    if not found:
        return _named_region(text) or _part_of(text, context)
    return choose(found, context, text)


def _part_of(text: str, context: Context) -> Place | None:
    """ "northern Syria", "South Yemen", "eastern Ukraine": the state or division the compass word is a part of."""
    first, _, rest = text.strip().partition(" ")
    if first.lower().replace("-", "") not in COMPASS or not rest:
        return None
    whole = resolve(rest, context)
    return whole if whole is not None and whole.kind != "city" else None


def choose(found: list[Place], context: Context, text: str = "") -> Place | None:
    """The candidate the context makes right (see the module's rules 2-4)."""
    states = [p for p in found if p.kind == "country"]
    divisions = [p for p in found if p.kind == "admin1"]
    cities = [p for p in found if p.kind == "city"]
    if states:
        state = max(states, key=lambda p: (context.states[p.code], p.population))
        same = [d for d in divisions if d.code == state.code]
        if same:
            return same[0]
        city = [c for c in cities if c.code == state.code and gazetteer.key(c.name) == gazetteer.key(state.name)
                and c.population >= CITY_STATE * state.population]
        if city:
            return city[0]
        other = [d for d in divisions if d.code in context.inner and d.code != state.code]
        if other and state.code not in context.inner:
            return _in_context(other, context) or other[0]
        return state
    if divisions:
        capitals = gazetteer.load().capitals
        big = [c for c in cities if c.geonames_id in capitals or c.population >= BIG_CITY]
        if big:
            return _biggest(big)
        return _in_context(divisions, context) or (divisions[0] if len({d.code for d in divisions}) == 1 else None)
    if not cities:
        return None
    near = _in_context(cities, context)
    if near is not None:
        return near
    ranked = sorted(cities, key=lambda p: -p.population)
    top = ranked[0]
    if len({(p.code, p.admin1) for p in ranked}) > 1 and len(ranked) > 1 and top.population < DOMINANCE * ranked[1].population:
        return None
    if text and gazetteer.key(top.name) not in {gazetteer.key(v) for v in variants(text)} and top.population < ALTERNATE_ALONE:
        return None
    return top


def _in_context(places: list[Place], context: Context) -> Place | None:
    """The biggest of `places` in a division the article names, else in a state it names unless a namesake
    elsewhere is CONTEXT_RATIO times bigger."""
    inside = [p for p in places if p.admin1 and p.admin1 in context.admin1]
    if inside:
        return _biggest(inside)
    named = [p for p in places if context.states[p.code]]
    if not named:
        return None
    near = max(named, key=lambda p: (context.states[p.code], p.population))
    far = _biggest(places)
    return far if far.population >= CONTEXT_RATIO * max(near.population, 1) else near


def _biggest(places: list[Place]) -> Place:
    return max(places, key=lambda p: p.population)


def _actors_entry(text: str) -> object | None:
    from detente.actors import gazetteer as actors

    return actors.lookup(text)


def seat(text: str) -> Place | None:
    """A seat of power ("the White House", "the Kremlin", "Downing Street"): its state's capital, else None."""
    entry = _actors_entry(text)
    if entry is None or getattr(entry, "how", None) != "seat":
        return None
    g = gazetteer.load()
    state = g.states.get(getattr(entry, "code", ""))
    return g.cities.get(state.capital) if state and state.capital else None


def _named_region(text: str) -> Place | None:
    """A region the actors' gazetteer knows only by its state ("Golan Heights" -> SYR): the state's point."""
    entry = _actors_entry(text)
    if entry is None or getattr(entry, "kind", None) != "place":
        return None
    state = gazetteer.load().states.get(getattr(entry, "code", ""))
    if state is None:
        return None
    return Place(name=getattr(entry, "name", text), code=state.code, lat=state.lat, lon=state.lon, kind="country",
                 geonames_id=state.geonames_id, population=0)


def unambiguous(text: str) -> Place | None:
    """The place a name is whatever the article says (all its candidates in one state), for seeding a context."""
    found = candidates(text)
    if not found or len({p.code for p in found}) > 1:
        return None
    return choose(found, Context(), text)


def place_state(name: str, context: Iterable[str] | Context = ()) -> str | None:
    """The state (ISO alpha-3) a place name lies in ("Aden" -> "YEM"), given the states the article names.

    For the actors stage: a party named by its place ("police in Aden") takes that place's state.
    """
    ctx = context if isinstance(context, Context) else Context.of(context)
    place = resolve(name, ctx)
    return place.code if place else None
