"""The article as context for its actors: which state it is about, and which state a bare noun stands for.

News names a domestic actor by a bare noun once its country is clear: "Parliament", "the government", "police",
"protesters", "two suspects". A careful coder gives such a noun the state the article has already tied it to ("the
Parliament of Iraq ... Members of Parliament"), else the state the article is about (its *focus*).

    focus     -> the state the article is about: mentions of each state, its places, people and bodies, weighted
                 by where they stand (headline, lead, rest); None when no state leads clearly
    bindings  -> noun -> state: the first time a noun is tied to a state in the article ("the Iraqi parliament",
                 "the Parliament of Iraq"), later bare uses of it stand for that state
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from detente.model import Actor

#: how much a mention of a state counts towards the article's focus, by where it stands. Calibrated on the
#: Wikinews development articles: the headline names the story's state in most of them, the lead in the rest.
HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
#: what each kind of mention is worth: a state named counts fully, a person or body of the state a little less, a
#: place inside it half (a story *in* Aden is about Yemen, but places are named in passing too)
KIND_WEIGHT = {"state": 1.0, "person": 0.8, "group": 0.8, "organisation": 0.5, "place": 0.5}
#: the lead's length in characters after the headline: about the first sentence or two of a news story
LEAD_CHARS = 300
#: the focus must lead the runner-up by this factor, else the article has no single focus (a bilateral story:
#: "Iran and the US ..." is about both, and a bare "the government" in it is not safely either's)
MIN_LEAD = 1.25
#: the weight places alone must reach to give an article that names no state its focus (a headline place and one in
#: the body; one venue in a one-sentence text does not)
PLACE_FOCUS = 1.5
#: codes that are not states
NON_STATES = frozenset({"IGO", "NGO", "IMG"})


@dataclass
class Focus:
    """What the article is about: the leading state and each state's weight."""

    code: str | None
    weights: dict[str, float] = field(default_factory=dict)
    #: states named other than by a place in them
    named: set[str] = field(default_factory=set)

    def rank(self) -> list[str]:
        """The named states, most weighty first."""
        return [c for c, _w in sorted(self.weights.items(), key=lambda kv: -kv[1]) if c in self.named]


def focus(actors: Iterable[Actor], body_start: int = 0, skip: frozenset[int] = frozenset()) -> Focus:
    """The article's focus from its actors' mentions (char offsets into the analysed text; the headline is
    what lies before `body_start`). Mentions starting at an offset in `skip` do not vote ("her Moroccan hosts":
    the other side's state)."""
    weights: dict[str, float] = {}
    first: dict[str, int] = {}
    named: set[str] = set()  # states named other than by a place in them
    for a in actors:
        code = a.code
        if not code or code in NON_STATES:
            continue
        for m in a.mentions:
            if m.how in ("focus", "accused") or m.start in skip:
                continue  # "the accused" says nothing of where the story is
            kind_weight = KIND_WEIGHT["place"] if m.how == "place" else KIND_WEIGHT.get(a.kind, 0.5)  # a noun the focus itself coded does not vote
            if m.start < body_start:
                where = HEADLINE_WEIGHT
            elif m.start < body_start + LEAD_CHARS:
                where = LEAD_WEIGHT
            else:
                where = BODY_WEIGHT
            weights[code] = weights.get(code, 0.0) + where * kind_weight
            first[code] = min(first.get(code, m.start), m.start)
            if a.kind != "place" and m.how != "place":
                named.add(code)
    if not weights:
        return Focus(None, weights, named)
    ranked = sorted(weights, key=lambda c: (-weights[c], first[c]))
    top = ranked[0]
    best_named = max((weights[c] for c in named), default=0.0)
    if top not in named and (weights[top] < PLACE_FOCUS or weights[top] < MIN_LEAD * best_named):
        # "met his counterpart in Oslo": a venue alone does not say whose story it is, unless the article names no
        # state at all and its places weigh enough ("... in England", "Oxfordshire", "Blenheim Palace")
        return Focus(None, weights, named)
    if len(ranked) > 1 and weights[top] < MIN_LEAD * weights[ranked[1]]:
        return Focus(None, weights, named)
    return Focus(top, weights, named)


@dataclass
class Bindings:
    """Which state each bare noun stands for in this article, from the first time the article tied it to one."""

    nouns: dict[str, str] = field(default_factory=dict)

    def bind(self, noun: str, code: str | None) -> None:
        if code and code not in NON_STATES:
            self.nouns.setdefault(noun, code)

    def get(self, noun: str) -> str | None:
        return self.nouns.get(noun)
