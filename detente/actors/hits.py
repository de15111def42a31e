"""What the actors stage's steps share: a hit (a span that names something), an actor being assembled, the
vocabulary constants the steps read, and the state of the document being resolved (`ResolverBase`).

The stage (`resolve.Resolver`) is assembled from its steps: `entities.Entities` (NER entities, asides),
`people.People` (a person's state, sector and role from the words around the name) and `coref.Coref` (surnames,
acronyms, titles that point back).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detente.actors import lexicon as lexicon_mod
from detente.actors.dictionary import Dictionary, Person
from detente.actors.gazetteer import Entry, Gazetteer
from detente.model import Actor

#: prepositions after which a capital is a place (a venue or destination), not its government acting
LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "around", "into", "via", "through", "throughout",
            "within", "visit", "visited", "visiting", "visits"}
#: "to" and "from" make a place only after a word of motion ("flew to Baku"); "an arms supplier to Baku" is a recipient
DIRECTIONAL = {"to", "from", "toward", "towards"}
MOTION = {"travel", "trip", "visit", "go", "come", "arrive", "return", "fly", "head", "depart", "move", "journey",
          "flight", "send", "drive", "march", "flee", "deploy", "relocate", "back", "way", "road", "route", "mission"}
#: ORG entities whose last word says they are not a body ("the Abraham Accords", "Operation Sindoor")
NOT_BODIES = {"accords", "accord", "agreement", "treaty", "deal", "plan", "summit", "initiative", "operation",
              "process", "war", "conflict", "pipeline", "corridor", "declaration", "protocol", "talks", "format"}
#: words a title phrase may hold besides titles, demonyms and names ("top foreign policy adviser")
MODIFIER_POS = {"ADJ", "NOUN", "PROPN"}
#: how far a title phrase reaches left of a name, and an apposition right of it (tokens). Calibrated on our own
#: sentences: the longest real pre-name phrase seen was 7 tokens ("Israel's former strategic affairs minister").
MAX_PREMOD = 8
MAX_APPOSITION = 14
#: a person listed right after another (", and" / ",") shares that person's state when it has a title but no
#: state of its own; at most this many tokens may separate the two
COORD_GAP = 3
#: how many words before an entity may begin a title it ends ("Secretary of" + "State"): the longest
#: titles in data/titles.tsv have four words
TITLE_LOOKBACK = 3
POSSESSIVE = {"'s", "’s", "'", "’"}
#: "a former Soviet republic", "the ex-Yugoslav states": the state named is what the place used to belong to
FORMER_WORDS = frozenset({"former", "ex", "erstwhile", "post", "pre"})
FORMER_HEADS = frozenset({"republic", "republics", "state", "states", "territory", "territories", "colony", "colonies",
                          "bloc", "era", "times", "space", "union", "satellite", "satellites", "member", "members"})
#: prepositions that may sit inside a title phrase before a name ("Special Representative for Iran Brian Hook")
TITLE_PREPS = frozenset({"for", "of", "to", "on"})
#: after these, a state in a title is its portfolio or target, not its owner ("Ambassador to Russia")
PORTFOLIO_PREPS = frozenset({"for", "to", "on"})
BOUNDARY = {",", ";", ":", "(", ")", "—", "–", "-", '"', "“", "”"}
KIND_PRIORITY = {"person": 0, "organisation": 1, "group": 1, "state": 2, "place": 3}


#: words that make a body supranational whatever its head word ("European Court of Justice", "World Health Organization")
SUPRANATIONAL = frozenset({"european", "international", "world", "global", "african", "arab",
                           "asian", "islamic", "atlantic", "pacific", "americas", "inter-american", "commonwealth",
                           "eurasian", "gulf", "nordic", "baltic", "caribbean", "latin"})
#: nouns after a state's name that make it someone else's ("his Qatari counterpart", "her Iranian host")
OTHER_SIDE = frozenset({"counterpart", "counterparts", "host", "hosts", "guest", "guests", "opposite", "interlocutor"})
#: how many n-gram lookups `scan` remembers before it starts afresh (a long run meets ever new text)
MATCH_MEMO_SIZE = 1 << 16


@dataclass
class Hit:
    """A span of tokens [start, end) that names something."""

    start: int
    end: int
    entry: Entry | None = None
    person: Person | None = None
    kind: str = ""  # state | place | organisation | group | person | org-ner | person-ner
    name: str = ""
    code: str | None = None
    sector: str | None = None
    role: str | None = None
    key: str = ""
    how: str = "gazetteer"
    mention_sector: str | None = None
    #: the full CAMEO actor code the data gives ("IGOUNO", a role's "USAGOV"); None: code + sector
    cameo: str | None = None


@dataclass
class Acc:
    """An actor being assembled."""

    actor: Actor
    first: int
    surnames: set[str] = field(default_factory=set)


class ResolverBase:
    """The data and the per-document state every step of the actors stage reads (set by `Resolver`)."""

    gaz: Gazetteer
    dic: Dictionary
    lex: lexicon_mod.Lexicon
    sectors: dict[str, lexicon_mod.Sector]
    #: the document being resolved: its tokens, their character spans, its text
    _toks: list[Any]
    _starts: list[int]
    _ends: list[int]
    _text: str
    #: acronyms defined in brackets ("(AIPAC)") -> the hit of the body they stand for
    _acronyms: dict[str, Hit]
    #: person key -> the one state named in the sentence of a titled person with no state of their own
    _sentence_state: dict[str, str | None]
    _titles_array: Any

    def _span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end) of the document being resolved (what `doc[start:end].text` gives)."""
        return self._text[self._starts[start]:self._ends[end - 1]] if end > start else ""
