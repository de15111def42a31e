"""Convert the Phoenix / CAMEO actor and agent dictionaries (MIT, Open Event Data) into detente's data files.

    .venv/bin/pip install english-words==2.0.2     # the converter's word list; detente itself never needs it
    .venv/bin/python detente/actors/data/convert_phoenix.py ../shared/data/phoenix

reads `Phoenix.Countries.actors.txt`, `Phoenix.International.actors.txt`, `Phoenix.MilNonState.actors.txt` and
`Phoenix.agents.txt` (format: `dictionaries-format.rst` beside them) and writes, next to this script:

    phoenix-people.tsv          people of states and international bodies, one row per dated role
    phoenix-organisations.tsv   international organisations, NGOs and armed groups with their CAMEO codes
    phoenix-agents.tsv          role and group nouns -> CAMEO sector ("foreign minister" -> GOV)

Each file starts with the MIT notice of its source. The package reads only those files; this script is how they
were made and how they are made again. What it keeps and drops, and why:

- names: underscores become spaces, capitals are restored (McConnell, al-Assad, bin Salman, d'Escoto, II);
  aliases lose the titles in front of them ("SECRETARY_OF_DEFENSE_LEON_E._PANETTA" -> "Leon E. Panetta"), and
  aliases that name a government rather than the person ("ASSAD_REGIME") are dropped;
- one-word aliases (bare surnames) stay only where they are distinctive: not an English word, not a common
  surname or given name, not a place or body the gazetteer knows, and not shared by two people of the dictionary;
- dates: two-digit years are 1931-2030 (the source writes earlier years with four digits); `>YYMMDD` opens a
  role, `<YYMMDD` closes one; a role with no date is the person's default in the source;
- CAMEO's ELI ("elites": what someone is before and after an office) is dropped from anyone with an office, so
  that a former office-holder reads as "former <office>" rather than as an elite; people known only as elites stay;
- codes: the first three letters are the state (CAMEO's own codes for states that ISO names otherwise are mapped:
  ROM -> ROU, ZAR -> COD, TMP -> TLS, IMY -> IMN, KSV -> XKX), or IGO / NGO; armed groups without one state (CAMEO
  regions such as MEA, SAS, INT) take IMG; multinational companies and fictional test countries are left out.
"""
from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: the notice every derived file starts with: what it is, then NOTICE.txt (the source's licence asks for it)
NOTICE = "".join(f"# {line}".rstrip() + "\n" for line in [
    "Converted, cleaned and filtered by detente/actors/data/convert_phoenix.py, not edited by hand: edit people.tsv",
    "or organisations.tsv instead (they win over these rows).", "",
    *(HERE / "NOTICE.txt").read_text(encoding="utf-8").split("\n\nThe other files")[0].splitlines(), ""])


# -- reading the source format -------------------------------------------------------------------------------
_CODE = re.compile(r"\[\s*([A-Za-z0-9]+|---)\s*(?:([<>])?\s*(\d{6}|\d{8})(?:\s*-\s*(\d{6}|\d{8}))?)?\s*\]")
#: two-digit years up to this one are 20xx; the source writes years before 1931 with four digits
PIVOT = 30


@dataclass
class Restriction:
    """One `[CODE date-range]` of a record; no dates means the record's default code."""

    code: str
    start: date | None = None
    end: date | None = None


@dataclass
class Record:
    """An entry of an actor file: its phrases (the first is the primary one), codes and comments."""

    phrases: list[str]
    codes: list[Restriction] = field(default_factory=list)
    comment: str = ""
    line: int = 0
    file: str = ""


def source_date(text: str) -> date:
    """YYMMDD or YYYYMMDD as the source writes them; impossible days (0229 in a common year) move back."""
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= PIVOT else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    month = min(max(month, 1), 12)
    day = max(day, 1)
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def restrictions(text: str) -> list[Restriction]:
    """Every `[CODE ...]` in a piece of a line; the null code `---` says "no actor" and is left out."""
    out = []
    for m in _CODE.finditer(text):
        code, op, d1, d2 = m.group(1).upper(), m.group(2), m.group(3), m.group(4)
        if code == "---":
            continue
        r = Restriction(code)
        if d1 and d2:
            r.start, r.end = source_date(d1), source_date(d2)
        elif d1 and op == "<":
            r.end = source_date(d1)
        elif d1:
            r.start = source_date(d1)
        out.append(r)
    return out


def read_actor_file(path: Path) -> list[Record]:
    """Records of a TABARI/PETRARCH .actors file: a primary phrase, `+` synonyms, tab-indented codes."""
    records: list[Record] = []
    current: Record | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        text, _, comment = raw.partition("#")
        if not text.strip():
            continue
        if raw[:1] in (" ", "\t"):
            if current is not None:
                current.codes.extend(restrictions(text))
            continue
        phrase = text.split("[", 1)[0].strip()
        codes = restrictions(text)
        if text.startswith("+"):
            if current is not None:
                current.phrases.append(phrase[1:].strip())
                current.codes.extend(codes)
            continue
        current = Record(phrases=[phrase], codes=codes, comment=comment.strip(), line=lineno, file=path.name)
        records.append(current)
    return records


# -- names -----------------------------------------------------------------------------------------------------
_WORDS = tomllib.loads((HERE / "convert_phoenix.toml").read_text(encoding="utf-8"))
PARTICLES = frozenset(_WORDS["particles"])
JOINED = frozenset(_WORDS["joined"])
NO_PARTICLES = frozenset(_WORDS["no_particles"])
TITLE_WORDS = frozenset(_WORDS["title_words"])
HONORIFICS = frozenset(_WORDS["honorifics"])
ROLE_NOUNS = frozenset(_WORDS["role_nouns"])
BODY_WORDS = frozenset(_WORDS["body_words"])
COMMON_NAMES = frozenset(_WORDS["common_names"])
SMALL = frozenset(_WORDS["small_words"])
ORG_HEADS = frozenset(_WORDS["org_heads"])
ROLE_IN_BODY = ROLE_NOUNS | frozenset(_WORDS["role_in_body"])
REGIONS = frozenset(_WORDS["regions"])
PRIMARY = tuple(_WORDS["primary"])
SECTOR_PARTS = frozenset(PRIMARY) | frozenset(_WORDS["sector_parts"])
CAMEO_TO_ISO: dict[str, str] = _WORDS["cameo_to_iso"]
SECTOR_OF: dict[str, str] = _WORDS["sector_of"]
ROLE_LABELS: dict[str, str] = _WORDS["role_labels"]
IGO_NAMES: dict[str, str] = _WORDS["igo_names"]
ROMAN = re.compile(r"^(?=[IVX]+$)X{0,3}(IX|IV|V?I{0,3})$")


def cap_word(word: str) -> str:
    """One word of a name with its capitals restored: "MCCONNELL" -> "McConnell", "O'BRIEN" -> "O'Brien"."""
    if "-" in word:
        return "-".join(cap_word(w) for w in word.split("-"))
    low = word.lower()
    if not low:
        return word
    if ROMAN.match(word.upper()) and len(word) > 1:
        return word.upper()
    if low in ("jr", "jr.", "sr", "sr."):
        return low.capitalize().rstrip(".") + "."
    if re.fullmatch(r"([a-z]\.)+", low):  # initials: "R.K."
        return low.upper()
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2:].capitalize()
    if len(low) > 2 and low[1] == "'" and low[0] in "od":
        return low[0].upper() + "'" + low[2:].capitalize()
    return low.capitalize()


def display_name(words: list[str], state: str | None = None) -> str:
    """A name as news writes it, from the source's upper-case words."""
    out: list[str] = []
    lower_particles = state not in NO_PARTICLES
    for i, w in enumerate(words):
        low = w.lower()
        if i and lower_particles and low in PARTICLES and i < len(words) - 1:
            if low in JOINED:
                out.append(low + "-")
                continue
            out.append(low)
            continue
        if i and low.startswith(("al-", "el-")) and len(low) > 3:
            out.append(low[:3] + cap_word(w[3:]))
            continue
        if i and low.startswith("d'") and len(low) > 2:
            out.append("d'" + cap_word(w[2:]))
            continue
        out.append(cap_word(w))
    text = " ".join(out).replace("- ", "-")
    return text


def phrase_words(phrase: str) -> list[str]:
    """The words of a source phrase: underscores and blanks separate them; a trailing "_" only marks a word end."""
    return [w for w in re.split(r"[_\s]+", phrase.strip().strip("_")) if w]


# -- the word lists the filters read ----------------------------------------------------------------------------
@dataclass
class Lexicon:
    """What the filters need to know: English words, the gazetteer's keys, the agents' nouns."""

    english: set[str]
    gazetteer_keys: set[str]
    state_codes: set[str]
    #: keys of the bodies organisations.tsv names: a Phoenix body with one of these names is that body
    body_keys: set[str] = field(default_factory=set)
    #: lower-case word -> how the gazetteer writes it ("un" -> "UN", "sri" -> "Sri")
    cases: dict[str, str] = field(default_factory=dict)

    def is_english(self, word: str) -> bool:
        """Whether a word (or the singular of a plural) is an English word."""
        w = word.lower()
        forms = {w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w,
                 w[:-3] + "y" if w.endswith("ies") else w}
        return any(f in self.english for f in forms)


def english_words() -> set[str]:
    """Lower-case English words (GCIDE: a general English dictionary with few proper names)."""
    try:
        from english_words import get_english_words_set
    except ImportError:
        sys.exit("convert_phoenix needs the english-words package: .venv/bin/pip install english-words==2.0.2")
    return {w for w in get_english_words_set(["gcide"], lower=True) if w.isalpha()}


def gazetteer_lexicon() -> Lexicon:
    """The gazetteer's keys and state codes (the package's own data), and an English word list."""
    from detente.actors import gazetteer

    g = gazetteer.Gazetteer.build(phoenix=False)
    bodies = {squash(k) for k, es in g.entries.items() if any(e.how == "organisation" for e in es)}
    cases: dict[str, str] = {}
    for es in g.entries.values():
        for e in es:
            for w in e.text.split():
                if w[:1].isupper():
                    cases.setdefault(w.lower(), w)
    return Lexicon(english=english_words(), gazetteer_keys=set(g.entries), state_codes=set(g.states) | {"XKX"},
                   body_keys=bodies, cases=cases)


def squash(name: str) -> str:
    """A name with case, spaces, hyphens, dots and a leading "the" gone: "the G-7" and "G7" are one name."""
    k = name.lower()
    k = k[4:] if k.startswith("the ") else k
    return re.sub(r"[\s.\-_']+", "", k)


# -- codes -----------------------------------------------------------------------------------------------------
def role_sector(parts: list[str]) -> str | None:
    """detente's sector for the role parts of a CAMEO code: the first part that is one of its sectors; a government
    defence or legislative office (GOVMIL, GOVLEG) is MIL or LEG, as people.tsv codes defence ministers."""
    for i, p in enumerate(parts):
        if p in PRIMARY:
            if p == "GOV" and parts[i + 1:i + 2] in (["MIL"], ["LEG"]):
                return parts[i + 1]
            return SECTOR_OF.get(p, p)
        if p in SECTOR_OF:
            return SECTOR_OF[p]
    return None


def split_code(code: str) -> list[str]:
    """A CAMEO code in its three-character parts: "USAGOVMIL" -> ["USA", "GOV", "MIL"]."""
    return [code[i:i + 3] for i in range(0, len(code), 3)]


@dataclass(frozen=True)
class Coded:
    """What detente keeps of a CAMEO code: the state or IGO/NGO/IMG part, a sector, the full code, a label."""

    code: str
    sector: str | None
    cameo: str
    label: str


def read_code(raw: str, states: set[str], *, group: bool = False) -> Coded | None:
    """detente's reading of a CAMEO actor code; None for what detente leaves out (companies, unknown roots)."""
    if not re.fullmatch(r"[A-Z]{3}([A-Z0-9]{3})*", raw):
        return None
    parts = split_code(raw)
    root = CAMEO_TO_ISO.get(parts[0], parts[0])
    cameo = root + raw[3:]
    rest = parts[1:]
    if root in ("IGO", "NGO", "IMG"):
        code = root
    elif root in states:
        code = root
    elif group and root in REGIONS:
        code = "IMG"
    else:
        return None  # MNC, ELI-only roots, media, fictional countries, dissolved states the gazetteer lacks
    sector = role_sector(rest)
    if code in ("IGO", "NGO") and sector is None:
        sector = code
    if group and sector is None:
        sector = "REB"
    key = "".join(rest[:2]) if rest[:2] and "".join(rest[:2]) in ROLE_LABELS else (rest[0] if rest else "")
    if code == "IGO":
        body = IGO_NAMES.get(raw[3:]) or next((v for k, v in IGO_NAMES.items() if raw[3:].startswith(k)), None)
        label = f"{body} official" if body else "international official"
    elif code == "NGO":
        label = "NGO official"
    else:
        label = ROLE_LABELS.get(key, ROLE_LABELS.get(sector or "", "official"))
    return Coded(code=code, sector=sector, cameo=cameo, label=label)


# -- people ----------------------------------------------------------------------------------------------------
@dataclass
class PersonOut:
    name: str
    aliases: list[str]
    roles: list[tuple[Coded, date | None, date | None]]
    source_line: int


def _is_title(word: str) -> bool:
    parts = word.lower().split("-")
    return all(p in TITLE_WORDS for p in parts) and word.lower() not in HONORIFICS


def strip_title(words: list[str]) -> list[str]:
    """The name in a phrase that starts with titles: "DEFENSE_SECRETARY_CHUCK_HAGEL" -> CHUCK HAGEL."""
    i = 0
    while i < len(words) - 1 and _is_title(words[i]):
        i += 1
    return words[i:]


def usable_phrase(words: list[str]) -> bool:
    """Whether the words can be a person's name at all."""
    if not words or len(words) > 7:
        return False
    if any(re.search(r"[0-9/&@()<>%$=+!?;:,]", w) for w in words):
        return False
    if any(p in BODY_WORDS or p in ROLE_NOUNS for w in words for p in w.lower().split("-")):
        return False
    if words[-1].lower() in PARTICLES:
        return False
    return all(re.fullmatch(r"[A-Za-z][A-Za-z.'\-]*", w) for w in words)


def person_roles(record: Record, states: set[str]) -> list[tuple[Coded, date | None, date | None]]:
    roles = []
    for r in record.codes:
        coded = read_code(r.code.upper(), states)
        if coded is None or coded.sector is None:
            continue  # a bare state code on a person's record is the country's, not an office
        if r.start and r.end and r.end < r.start:
            r.start, r.end = r.end, r.start  # a few ranges are written backwards
        roles.append((coded, r.start, r.end))
    offices = [t for t in roles if t[0].sector != "ELI"]
    if offices:
        roles = offices
    out, seen = [], set()
    for t in roles:
        k = (t[0].cameo, t[1], t[2])
        if k not in seen:
            seen.add(k)
            out.append(t)
    return out


def is_person_record(record: Record, *, undated_ok: bool = True) -> bool:
    """People have dated roles or come from CountryInfo; bodies and places have neither (or body words).

    `undated_ok` False: a record with only undated codes is a body (the international file names far more bodies
    than people that way, and nothing tells them apart).
    """
    words = phrase_words(record.phrases[0])
    if not usable_phrase(strip_title(words)):
        return False
    if "countryinfo" in record.comment.lower() or "igorulers" in record.comment.lower():
        return True
    if any(r.start or r.end for r in record.codes):
        return True
    # an undated code: a person only if the code has a role beyond the state (a bare [AFG] names the country)
    return undated_ok and any(len(r.code) > 3 for r in record.codes) and len(words) >= 2


def convert_people(records: Iterable[Record], lex: Lexicon) -> list[PersonOut]:
    """People of the actor files, merged by name, with their usable aliases and roles."""
    by_key: dict[str, PersonOut] = {}
    for rec in records:
        if not is_person_record(rec, undated_ok="International" not in rec.file):
            continue
        roles = person_roles(rec, lex.state_codes)
        if not roles:
            continue
        state = next((c.code for c, _, _ in roles if c.code not in ("IGO", "NGO", "IMG")), None)
        names = []
        for phrase in rec.phrases:
            words = strip_title(phrase_words(phrase))
            if usable_phrase(words):
                names.append(display_name(words, state))
        if not names:
            continue
        primary = max((n for n in names if " " in n), key=lambda n: (n == names[0], len(n.split())), default=names[0])
        key = primary.lower().replace("-", " ")
        p = by_key.get(key)
        if p is None:
            by_key[key] = PersonOut(name=primary, aliases=[], roles=[], source_line=rec.line)
            p = by_key[key]
        for n in names:
            if n != p.name and n not in p.aliases:
                p.aliases.append(n)
        for t in roles:
            if t not in p.roles:
                p.roles.append(t)
    people = list(by_key.values())
    for p in people:
        if any(c.sector != "ELI" for c, _, _ in p.roles):
            p.roles = [t for t in p.roles if t[0].sector != "ELI"]
    return filter_aliases(people, lex)


def filter_aliases(people: list[PersonOut], lex: Lexicon) -> list[PersonOut]:
    """Keep the names that can only mean their person (see the module docstring); drop people left nameless."""
    def key(name: str) -> str:
        return name.lower().replace("-", " ")

    full: Counter[str] = Counter()  # multi-word name -> how many people go by it
    single: Counter[str] = Counter()  # one-word name -> how many people go by it
    surname: defaultdict[str, set[int]] = defaultdict(set)  # last word -> people whose names end with it
    given: set[str] = set()  # first words of multi-word names
    for i, p in enumerate(people):
        for k in {key(n) for n in (p.name, *p.aliases)}:
            words = k.split()
            if len(words) > 1:
                full[k] += 1
                surname[words[-1]].add(i)
                given.add(words[0])
            else:
                single[k] += 1

    def keep(i: int, name: str) -> bool:
        k = key(name)
        if k in lex.gazetteer_keys or name.lower() in lex.gazetteer_keys:
            return False
        if " " in k:
            return full[k] == 1
        return (len(k) >= 4 and k not in COMMON_NAMES and k not in PARTICLES and not lex.is_english(k)
                and k not in given and single[k] == 1 and surname[k] <= {i})

    out = []
    for i, p in enumerate(people):
        names = [n for n in dict.fromkeys([p.name, *p.aliases]) if keep(i, n)]
        if not names:
            continue
        p.name, p.aliases = names[0], names[1:]
        out.append(p)
    return out


def people_rows(people: list[PersonOut]) -> Iterator[list[str]]:
    for p in sorted(people, key=lambda p: (p.name.lower(), p.source_line)):
        roles = sorted(p.roles, key=lambda t: (t[1] or date.min, t[2] or date.max, t[0].cameo))
        for i, (c, start, end) in enumerate(roles):
            yield [p.name, "|".join(p.aliases) if i == 0 else "", c.code, c.sector or "", c.label,
                   start.isoformat() if start else "", end.isoformat() if end else "", c.cameo]


# -- organisations and armed groups -----------------------------------------------------------------------------
def org_name(words: list[str], lex: Lexicon) -> str:
    """An organisation's name as written: acronyms upper-case, small words lower-case, the rest capitalised."""
    if len(words) == 1 and len(words[0]) <= 6 and not lex.is_english(words[0]) and words[0].lower() not in lex.cases:
        return words[0].upper()
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if i and low in SMALL:
            out.append(low)
        elif low in lex.cases:
            out.append(lex.cases[low])
        elif "." in w or (len(w) <= 4 and not re.search(r"[aeiouy]", low)) or (
                len(w) <= 3 and not lex.is_english(low)):
            out.append(w.upper())
        else:
            out.append("-".join(p.capitalize() for p in low.split("-")))
    return " ".join(out)


@dataclass
class OrgOut:
    name: str
    aliases: list[str]
    coded: Coded
    kind: str
    source_line: int


def org_phrase_ok(words: list[str]) -> bool:
    """Whether the words can name a body: no digits or symbols, no office or crowd word, not too long."""
    if not words or len(words) > 12:
        return False
    if any(re.search(r"[0-9@<>%$=!?;:&/,+*]", w) for w in words):
        return False
    return not any(p in ROLE_IN_BODY for w in words for p in w.lower().split("-"))


def org_alias_ok(name: str, lex: Lexicon) -> bool:
    """A body's one-word name must be an acronym ("UNDP") or an Arabic-style "al-" name, never a plain word."""
    if " " in name:
        return True
    if name.isupper():
        return 3 <= len(name) <= 8 and not lex.is_english(name)
    return name.lower().startswith(("al-", "el-")) and len(name) > 6


def body_like(words: list[str]) -> bool:
    """Whether a name reads as a body: one acronym, or a name with a word bodies are named with."""
    if len(words) == 1:
        return words[0].isupper() and len(words[0]) >= 2
    return any(p in BODY_WORDS or p in ORG_HEADS for w in words for p in w.lower().split("-"))


def convert_organisations(records: Iterable[Record], lex: Lexicon, *, group: bool) -> list[OrgOut]:
    """Bodies of an actor file with one code each (the last undated one); people and companies are left out.

    A record that names a body organisations.tsv already has is that body, and is left out (ours wins).
    """
    out: dict[str, OrgOut] = {}
    for rec in records:
        undated = [r for r in rec.codes if not (r.start or r.end)]
        if not undated or any(r.start or r.end for r in rec.codes):
            continue  # dated codes belong to people
        coded = read_code(undated[-1].code.upper(), lex.state_codes, group=group)
        if coded is None or (not group and coded.code not in ("IGO", "NGO")):
            continue
        if not group and coded.sector != "JUD":
            coded = Coded(coded.code, coded.code, coded.cameo, coded.label)  # a body's sector: IGO / NGO
        names = []
        for phrase in rec.phrases:
            raw = phrase_words(phrase)
            if raw and raw[0].lower() == "the":
                raw = raw[1:]
            words = [w for w in raw if not (w.startswith("(") and w.endswith(")"))]
            acronyms = [w.strip("()") for w in raw if w.startswith("(") and w.endswith(")")]
            if org_phrase_ok(words) and body_like(words):
                names.append(org_name(words, lex))
            names.extend(a.upper() for a in acronyms if len(a) >= 4 and a.isalpha())
        if any(squash(n) in lex.body_keys for n in names):
            continue
        names = [n for n in dict.fromkeys(names) if n.lower() not in lex.gazetteer_keys and org_alias_ok(n, lex)]
        if not names:
            continue
        # one body under several records: merge them when the code names that body (IGONAFCSS), not a kind of body
        parts = split_code(coded.cameo)
        key = coded.cameo if len(parts) >= 3 and parts[-1] not in SECTOR_PARTS else squash(names[0])
        if key in out:
            out[key].aliases.extend(n for n in names[1:] if n not in out[key].aliases)
            continue
        out[key] = OrgOut(name=names[0], aliases=names[1:], coded=coded, kind="group" if group else "organisation",
                          source_line=rec.line)
    orgs = list(out.values())
    counts = Counter(squash(n) for o in orgs for n in {o.name, *o.aliases})
    for o in orgs:
        o.aliases = [a for a in o.aliases if counts[squash(a)] == 1]
    return [o for o in orgs if counts[squash(o.name)] == 1]


def org_rows(orgs: list[OrgOut]) -> Iterator[list[str]]:
    for o in sorted(orgs, key=lambda o: o.name.lower()):
        yield [o.name, "|".join(o.aliases), o.coded.code, o.kind, o.coded.sector or "", o.coded.cameo]


# -- agents ----------------------------------------------------------------------------------------------------
_AGENT = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]+)[\]}]")


@dataclass(frozen=True)
class Agent:
    text: str
    plural: str | None
    sector: str
    cameo: str  # the agent's CAMEO role code: "GOVMIL"; "~" before it puts it after the actor's code
    before: bool  # True for codes written "NGO~": they go before the actor's code


def agent_sector(code: str) -> str | None:
    """detente's sector for a CAMEO agent code ("GOVMIL" -> MIL)."""
    return role_sector(split_code(code))


def regular_plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def read_agents(path: Path, lex: Lexicon) -> list[Agent]:
    """Agents whose code is a sector detente knows; stems ("MINIST"), hardware ("F-22") and garbled lines are left out.

    A blank in a source phrase allows other words in between; here it is read as a plain space.
    """
    subs: dict[str, list[str]] = {}
    out: dict[str, Agent] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = raw.split("#", 1)[0].strip()
        if not text or text.startswith("<"):
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", text)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = _AGENT.match(text)
        if not m:
            continue
        code = m.group("code").strip()
        before = code.endswith("~")
        code = code.strip("~")
        sector = agent_sector(code) if re.fullmatch(r"[A-Z]{3}([A-Z0-9]{3})*", code) else None
        phrase = m.group("phrase").strip()
        if sector is None or not phrase.isascii():
            continue
        words0 = [w for w in re.split(r"[_\s]+", phrase.strip("_ ")) if w]
        stem = words0[-1] if words0 else ""
        for members in subs.values():  # a stem that begins every word of a set: "DEFENCE_MINIST" -> its forms
            if stem and not stem.startswith("!") and all(w.startswith(stem) and w != stem for w in members):
                phrase = "_".join(words0[:-1] + [next(k for k, v in subs.items() if v is members)])
                break
        for expanded in _expand(phrase, subs):
            words = [w for w in re.split(r"[_\s]+", expanded.strip("_ ")) if w]
            if not words or not all(re.fullmatch(r"[A-Z][A-Z'\-.]*", w) for w in words):
                continue
            last = words[-1].lower()
            if not (lex.is_english(last) or all(lex.is_english(p) for p in last.split("-")) or
                    (len(last) <= 4 and "!" not in phrase and last.isalpha() and len(words) == 1)):
                continue  # a stem or a misspelling
            t = " ".join(w.lower() for w in words)
            plural_raw = m.group("plural")
            if "!" in phrase:
                plural = None  # the substitution lists give singular and plural themselves
            elif plural_raw is None:
                plural = " ".join(t.split()[:-1] + [regular_plural(t.split()[-1])])
            else:
                plural = " ".join(w.lower() for w in re.split(r"[_\s]+", plural_raw.strip("_ ")) if w) or None
            out.setdefault(t, Agent(text=t, plural=plural, sector=sector, cameo=code, before=before))
    return list(out.values())


def _expand(phrase: str, subs: dict[str, list[str]]) -> list[str]:
    for marker, words in subs.items():
        if marker in phrase:
            return [e for w in words for e in _expand(phrase.replace(marker, w, 1), subs)]
    return [phrase]


def agent_rows(agents: list[Agent]) -> Iterator[list[str]]:
    for a in sorted(agents, key=lambda a: a.text):
        yield [a.text, a.plural or "", a.sector, ("~" if not a.before else "") + a.cameo + ("~" if a.before else "")]


# -- writing ---------------------------------------------------------------------------------------------------
def write_tsv(path: Path, comment: str, header: list[str], rows: Iterable[list[str]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(NOTICE)
        for line in comment.strip().splitlines():
            f.write(f"# {line}".rstrip() + "\n")
        f.write("\t".join(header) + "\n")
        for row in rows:
            if any("\t" in v or "\n" in v for v in row):
                raise ValueError(f"{path.name}: a tab or newline in {row}")
            f.write("\t".join(row) + "\n")
            n += 1
    return n


PEOPLE_COMMENT = """
People of states and international bodies, one row per role; rows with the same name are one person (aliases on
the first). Columns as in people.tsv, plus cameo, the full CAMEO actor code. The source gives codes, not titles:
`role` is a label read from the code. Dates are when the source says the role began and ended; an open end means
the source (coverage thins out after about 2015) knew no end, not that the role is still held. Loaded below
people.tsv and the user's files: a name either of them has is theirs.
"""
ORG_COMMENT = """
International organisations, NGOs and armed groups with their CAMEO codes; code: the state, or IGO / NGO / IMG
(armed groups the source files under a region rather than a state). Loaded below organisations.tsv, which wins.
"""
AGENT_COMMENT = """
Role and group nouns with the CAMEO sector they give the actor they are attached to ("Iraqi defence minister" ->
IRQ with GOVMIL). plural: the plural form (empty: none or the same). cameo: the code as the source writes it;
"~GOV" goes after the actor's code, "NGO~" before it.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="the folder with the Phoenix.*.txt files")
    ap.add_argument("--out", type=Path, default=HERE, help="where to write the TSV files (default: beside this script)")
    args = ap.parse_args(argv)
    lex = gazetteer_lexicon()
    countries = read_actor_file(args.source / "Phoenix.Countries.actors.txt")
    international = read_actor_file(args.source / "Phoenix.International.actors.txt")
    armed = read_actor_file(args.source / "Phoenix.MilNonState.actors.txt")
    people = convert_people([*countries, *international], lex)
    n_people = write_tsv(args.out / "phoenix-people.tsv", PEOPLE_COMMENT,
                         ["name", "aliases", "code", "sector", "role", "start", "end", "cameo"], people_rows(people))
    orgs = convert_organisations(international, lex, group=False) + convert_organisations(armed, lex, group=True)
    write_tsv(args.out / "phoenix-organisations.tsv", ORG_COMMENT,
                       ["name", "aliases", "code", "kind", "sector", "cameo"], org_rows(orgs))
    agents = read_agents(args.source / "Phoenix.agents.txt", lex)
    n_agents = write_tsv(args.out / "phoenix-agents.tsv", AGENT_COMMENT, ["text", "plural", "sector", "cameo"],
                         agent_rows(agents))
    print(f"{len(people)} people ({n_people} roles), {len(orgs)} organisations and groups, {n_agents} agents",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
