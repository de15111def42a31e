"""Role words: titles ("foreign minister"), group nouns ("officials", "troops") and organisation heads ("Board").

Loaded once from `data/titles.tsv`, `data/ambiguous.tsv` and `data/sectors.tsv`; the resolver asks them what sector a phrase implies
and which reading of an ambiguous place name ("Georgia", "Tripoli") the article's words support. `agents()` adds
the CAMEO agents converted from the Phoenix dictionaries (`data/phoenix-agents.tsv`: "irrigation minister" ->
GOV with CAMEO's GOVAGR), a wider and rougher list than titles.tsv, which wins where both have a phrase.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from detente.actors.gazetteer import _CAMEO, SECTORS, _rows, _split, numbered_rows

#: function words inside multi-word titles: no title on their own
TITLE_FUNCTION_WORDS = frozenset({"of", "the", "for", "to", "on", "in", "a", "an", "and", "at"})
#: words that may sit between a demonym and a title without breaking the title phrase ("Turkish foreign minister")
TITLE_TYPES = ("title", "group", "org", "institution")


@dataclass(frozen=True)
class Lexicon:
    titles: dict[str, str | None]  # phrase -> sector
    groups: dict[str, str | None]
    orgs: dict[str, str | None]
    max_words: int
    #: head words that make a named body a state's own institution ("Parliament", "the Coast Guard")
    institutions: dict[str, str | None]
    #: titles only one state has, with its code ("taoiseach": IRL)
    title_codes: dict[str, str] = field(default_factory=dict)

    def title(self, words: list[str]) -> tuple[int, str | None] | None:
        """The longest title that ends `words` (lower-cased): (how many words, sector)."""
        return self._ending(words, self.titles)

    def group(self, words: list[str]) -> tuple[int, str | None] | None:
        """The longest group noun that starts `words`: (how many words, sector)."""
        for n in range(min(self.max_words, len(words)), 0, -1):
            phrase = " ".join(words[:n])
            if phrase in self.groups:
                return n, self.groups[phrase]
        return None

    def _ending(self, words: list[str], table: dict[str, str | None]) -> tuple[int, str | None] | None:
        for n in range(min(self.max_words, len(words)), 0, -1):
            phrase = " ".join(words[-n:])
            if phrase in table:
                return n, table[phrase]
        return None

    def is_title_word(self, word: str) -> bool:
        return word in self.title_words

    @functools.cached_property
    def title_words(self) -> frozenset[str]:
        """Every word of a title but the function words of multi-word ones ("of", "the" in "speaker of the house")."""
        return frozenset(w for phrase in self.titles for w in phrase.split()) - TITLE_FUNCTION_WORDS


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    tables: dict[str, dict[str, str | None]] = {t: {} for t in TITLE_TYPES}
    codes: dict[str, str] = {}
    for row in _rows("titles.tsv"):
        typ, sector = row["type"], row["sector"] or None
        if row.get("code"):
            if len(row["code"]) != 3 or not row["code"].isupper():
                raise ValueError(f"titles.tsv: {row['text']!r} has a bad code {row['code']!r}")
            codes[row["text"].lower()] = row["code"]
        if typ not in tables:
            raise ValueError(f"titles.tsv: {row['text']!r} has unknown type {typ!r}")
        if sector and sector not in SECTORS:
            raise ValueError(f"titles.tsv: {row['text']!r} has unknown sector {sector!r}")
        tables[typ][row["text"].lower()] = sector
    longest = max(len(p.split()) for t in tables.values() for p in t)
    return Lexicon(titles=tables["title"], groups=tables["group"], orgs=tables["org"], max_words=longest,
                   institutions=tables["institution"], title_codes=codes)


@dataclass(frozen=True)
class Ambiguous:
    """A name with a default reading and another one that cue words in the sentence or article select."""

    name: str
    default: str  # code of the default reading
    alt_code: str
    alt_kind: str  # state | place
    alt_name: str
    cues: tuple[str, ...]  # lower-cased words or phrases that select the other reading
    default_cues: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def ambiguous() -> dict[str, Ambiguous]:
    out = {}
    for row in _rows("ambiguous.tsv"):
        if row["alt_kind"] not in ("state", "place"):
            raise ValueError(f"ambiguous.tsv: {row['name']!r} has unknown alt_kind {row['alt_kind']!r}")
        out[row["name"]] = Ambiguous(
            name=row["name"], default=row["default"], alt_code=row["alt_code"], alt_kind=row["alt_kind"],
            alt_name=row["alt_name"], cues=tuple(c.lower() for c in _split(row["cues"])),
            default_cues=tuple(c.lower() for c in _split(row["default_cues"])),
        )
    return out


@dataclass(frozen=True)
class Sector:
    """A CAMEO sector: whether a state's group of that sector is an actor of its own, and what to call it."""

    code: str
    own_actor: bool
    label: str


@functools.lru_cache(maxsize=1)
def sectors() -> dict[str, Sector]:
    """data/sectors.tsv, validated against the known sector codes."""
    out = {}
    for row in _rows("sectors.tsv"):
        if row["sector"] not in SECTORS:
            raise ValueError(f"sectors.tsv: unknown sector {row['sector']!r}")
        if row["own_actor"] not in ("yes", "no"):
            raise ValueError(f"sectors.tsv: own_actor of {row['sector']} must be yes or no")
        out[row["sector"]] = Sector(code=row["sector"], own_actor=row["own_actor"] == "yes", label=row["label"])
    return out


def count_cues(text_lower: str, cues: tuple[str, ...]) -> int:
    """How many distinct cues occur in `text_lower` as whole words."""
    import re

    return sum(1 for c in cues if re.search(r"(?<![a-z])" + re.escape(c) + r"(?![a-z])", text_lower))


@dataclass(frozen=True)
class Agent:
    """A role or group noun and what it makes the actor it is attached to: a sector and CAMEO's code for it."""

    text: str  # lower-case phrase: "defence minister", "defence ministers"
    sector: str  # detente's sector: MIL
    cameo: str  # CAMEO's agent code: "GOVMIL"
    before: bool = False  # CAMEO writes it before the actor's code ("NGO~"), not after ("~GOV")


@functools.lru_cache(maxsize=1)
def agents() -> dict[str, Agent]:
    """Every agent phrase (singular and plural) -> Agent; titles.tsv's sector wins where it has the phrase."""
    out: dict[str, Agent] = {}
    for where, row in numbered_rows("phoenix-agents.tsv"):
        text, sector, code = row["text"].lower(), row["sector"], row["cameo"]
        where = f"{where} ({row['text']})"
        if not text:
            raise ValueError(f"{where}: no text")
        if sector not in SECTORS:
            raise ValueError(f"{where}: unknown sector {sector!r}")
        before = code.endswith("~")
        bare = code.strip("~")
        if code.count("~") != 1 or not (code.startswith("~") or before) or not _CAMEO.match(bare):
            raise ValueError(f"{where}: bad agent code {code!r} (~CODE or CODE~, CODE in three-letter groups)")
        for phrase in (text, row["plural"].lower()):
            if phrase:
                out.setdefault(phrase, Agent(text=phrase, sector=sector, cameo=bare, before=before))
    lex = load()
    for table in (lex.titles, lex.groups):
        for phrase, ours in table.items():
            if phrase in out and ours and out[phrase].sector != ours:
                a = out[phrase]
                out[phrase] = Agent(text=a.text, sector=ours, cameo=a.cameo, before=a.before)
    return out


def agent(words: list[str]) -> tuple[int, Agent] | None:
    """The longest agent phrase that ends `words` (lower-cased): (how many words, Agent)."""
    table = agents()
    for n in range(min(_longest_agent(), len(words)), 0, -1):
        found = table.get(" ".join(words[-n:]))
        if found:
            return n, found
    return None


@functools.lru_cache(maxsize=1)
def _longest_agent() -> int:
    return max((len(k.split()) for k in agents()), default=1)
