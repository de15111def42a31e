"""The actor dictionary: people (and any bodies users add) with date-ranged roles.

Three layers, each winning over the one below it:
1. `data/phoenix-people.tsv`: some 18,000 office-holders converted from the Phoenix/CAMEO dictionaries (MIT;
   `data/convert_phoenix.py`), thin after about 2015; a person whose full name a higher layer has is left out;
2. `data/people.tsv`: the curated heads of state and government, foreign and defence ministers, IGO leaders;
3. the user's YAML (`detente extract --actors FILE`, or `actors = [...]` in the config):

    - name: Jane Doe
      aliases: [Doe, J. Doe]
      roles:
        - {code: GBR, sector: GOV, role: foreign minister, start: 2024-07-05, end: null, cameo: GBRGOV}
    - name: Acme Defence
      kind: organisation
      code: SWE
      sector: BUS

`kind` is person (default), organisation or group; `code`/`sector`/`role`/`cameo` at the top level are a shortcut
for one undated role. `cameo` is the full CAMEO actor code (default: code + sector). A user entry with the same
name as a built-in one replaces it, and a name it goes by is its own whatever the layers below say.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from detente.actors.gazetteer import (
    NON_STATE_CODES,
    SECTORS,
    _has_prefix,
    _normalise,
    _split,
    _strip_accents,
    cameo_code,
    check_cameo,
    normalise,
    numbered_rows,
    slug,
    strip_accents,
)

KINDS = ("person", "organisation", "group")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_STATE_CODE = re.compile(r"^[A-Z]{3}$")
_KEYS = {"name", "aliases", "roles", "kind", "code", "sector", "role", "cameo"}
_ROLE_KEYS = {"code", "sector", "role", "start", "end", "cameo"}
#: the curated people and the converted Phoenix ones (same columns; `cameo` may be empty in the curated file)
PEOPLE = "people.tsv"
PHOENIX_PEOPLE = "phoenix-people.tsv"


@dataclass(frozen=True, slots=True)
class Role:
    """One office held over a span of time; `end` None means still held.

    `code` is the state (ISO alpha-3) or IGO/NGO/IMG, `sector` the CAMEO sector, `cameo` the full CAMEO actor code
    ("USAGOV", "IGOUNO", "ISRGOVMIL"); given empty, it is code + sector.
    """

    code: str
    sector: str | None = None
    role: str | None = None
    start: date | None = None
    end: date | None = None
    cameo: str = ""

    def __post_init__(self) -> None:
        if not self.cameo:
            object.__setattr__(self, "cameo", cameo_code(self.code, self.sector))

    def holds(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass
class Person:
    """A dictionary entry: a person (or a user-defined body) with its names and roles."""

    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    kind: str = "person"

    @property
    def id(self) -> str:
        return f"{'person' if self.kind == 'person' else 'org'}:{slug(self.name)}"

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def parse_date(value: Any, *, end: bool = False) -> date | None:
    """ISO date, year-month or year; a partial end date means the end of that period."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)  # the data files' usual form, read fast
        except ValueError:
            pass
    m = _DATE.match(str(value).strip())
    if not m:
        raise ValueError(f"not a date: {value!r} (want YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = int(m[1]), m[2], m[3]
    try:
        if d:
            return date(y, int(mo), int(d))
        if mo:
            if not end:
                return date(y, int(mo), 1)
            return date(y + (int(mo) == 12), int(mo) % 12 + 1, 1)
    except ValueError as exc:
        raise ValueError(f"not a date: {value!r} ({exc})") from exc
    return date(y + 1, 1, 1) if end else date(y, 1, 1)


def role_at(person: Person, when: date | None) -> Role | None:
    """The role `person` held on `when`; with no date, the latest role (the one that started last).

    When `when` falls outside every role, None: the caller decides whether an old role still tells the state.
    """
    if not person.roles:
        return None
    if when is None:
        return max(person.roles, key=lambda r: (r.start or date.min, r.end or date.max))
    held = [r for r in person.roles if r.holds(when)]
    if not held:
        return None
    return max(held, key=lambda r: r.start or date.min)


def closest_role(person: Person, when: date | None) -> Role | None:
    """The role held on `when`, else the last one before it, else the first one after it."""
    role = role_at(person, when)
    if role or when is None or not person.roles:
        return role
    before = [r for r in person.roles if r.end is not None and r.end <= when]
    if before:
        return max(before, key=lambda r: r.end or date.min)
    return min(person.roles, key=lambda r: r.start or date.max)


def _check_role(role: Role, where: str) -> Role:
    problem = _code_problem(role.code, role.sector, role.cameo)
    if problem:
        raise ValueError(f"{where}: {problem}")
    if role.start and role.end and role.end < role.start:
        raise ValueError(f"{where}: role ends before it starts")
    return role


@functools.lru_cache(maxsize=4096)
def _code_problem(code: str, sector: str | None, cameo: str) -> str | None:
    """What is wrong with a role's codes (None if nothing); remembered, as a few hundred combinations recur."""
    if not (_STATE_CODE.match(code) or code in NON_STATE_CODES):
        return f"bad code {code!r} (ISO 3166 alpha-3, IGO, NGO or IMG)"
    if sector and sector not in SECTORS:
        return f"unknown sector {sector!r} (known: {', '.join(sorted(SECTORS))})"
    return check_cameo(cameo, code)


def _role(where: str, code: Any, sector: Any, role: Any, start: Any, end: Any, cameo: Any) -> Role:
    """A validated Role from a row or a YAML mapping; every error names `where`."""
    try:
        begin, finish = parse_date(start), parse_date(end, end=True)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from exc
    return _check_role(Role(code=str(code), sector=sector or None, role=role or None, start=begin, end=finish,
                            cameo=str(cameo or "")), where)


class Dictionary:
    """People by id and by every name they go by.

    `background` people (the converted Phoenix layer) come below `people`: one whose id or any full name (two words
    or more) `people` already has is the same person and is left out; the one-word names of the rest are added
    where nobody has them.
    """

    def __init__(self, people: list[Person], background: tuple[Person, ...] | list[Person] = ()) -> None:
        self.people: dict[str, Person] = {}
        for p in people:
            self.people[p.id] = p  # later (user) entries replace built-in ones with the same name
        self.by_name: dict[str, Person] = {}
        for p in self.people.values():
            for key in _keys(p):
                self.by_name[key] = p
        by_name, known = self.by_name, self.people
        for p in background:
            keys = _keys(p)
            if any(" " in k and k in by_name for k in keys):
                continue
            pid = p.id
            if pid in known:
                continue
            known[pid] = p
            for key in keys:
                by_name.setdefault(key, p)
        self.first_words: set[str] = {k.split(" ")[0] for k in self.by_name}
        self.max_tokens = max((k.count(" ") + 1 for k in self.by_name), default=1) + 2

    @functools.cached_property
    def given_names(self) -> frozenset[str]:
        """The first words of people's full names that begin two names or more ("luis", "jacqueline", "elijah"),
        lower-cased: a named entity that starts with one and has no organisation word is most likely a person."""
        counts: dict[str, int] = {}
        for p in self.people.values():
            words = p.name.split()
            if len(words) >= 2 and words[0].isalpha() and len(words[0]) >= 3:
                first = words[0].lower()
                counts[first] = counts.get(first, 0) + 1
        return frozenset(w for w, n in counts.items() if n >= 2)

    def has_prefix(self, key: str) -> bool:
        """Whether some name key begins with `key` (see `Gazetteer.has_prefix`): tens of thousands of names make a
        set of all their prefixes costly (some 290,000 strings with the Phoenix layer), a sorted list does not."""
        return _has_prefix(self._sorted_keys, key)

    @functools.cached_property
    def _sorted_keys(self) -> list[str]:
        return sorted(self.by_name)

    def lookup(self, text: str) -> Person | None:
        """The person a name as written refers to (capitalised names only: "Xi", not "xi")."""
        text = text.strip()
        if not text or not text[0].isupper():
            return None
        key = normalise(text)
        return self.by_name.get(key) or self.by_name.get(normalise(strip_accents(text)).replace("-", " "))

    def __len__(self) -> int:
        return len(self.people)


def _keys(p: Person) -> set[str]:
    """The lookup keys of a person's names: as written, without accents, with "-" read as " "."""
    out: set[str] = set()
    for alias in [p.name, *p.aliases]:
        plain = _normalise(_strip_accents(alias))
        out.update((_normalise(alias), plain, plain.replace("-", " ")))
    return out


def read_people(source: str | Path) -> list[Person]:
    """A people file (people.tsv or phoenix-people.tsv of the package, or a Path in their format), validated:
    errors name the file and line."""
    people: dict[str, Person] = {}
    for where, row in numbered_rows(source, optional=("cameo",)):
        where = f"{where} ({row['name']})"
        if not row["name"]:
            raise ValueError(f"{where}: no name")
        role = _role(where, row["code"], row["sector"], row["role"], row["start"], row["end"], row["cameo"])
        p = people.get(row["name"])
        if p is None:
            p = people[row["name"]] = Person(name=row["name"])
        p.aliases.extend(a for a in _split(row["aliases"]) if a not in p.aliases)
        p.roles.append(role)
    return list(people.values())


def parse_yaml(text: str, where: str = "<yaml>") -> list[Person]:
    """Entries of a user dictionary (the format in this module's docstring); raises ValueError saying where."""
    import yaml

    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise ValueError(f"{where}: not valid YAML: {exc}") from exc
    except ValueError as exc:  # YAML reads 2024-13-40 as a date and fails
        raise ValueError(f"{where}: not a date: {exc}") from exc
    if not isinstance(data, list):
        raise ValueError(f"{where}: want a list of entries, got {type(data).__name__}")
    out = []
    for n, item in enumerate(data, start=1):
        at = f"{where}: entry {n}"
        if not isinstance(item, dict) or not item.get("name"):
            raise ValueError(f"{at}: each entry needs a 'name'")
        unknown = set(item) - _KEYS
        if unknown:
            raise ValueError(f"{at} ({item['name']}): unknown keys {', '.join(sorted(unknown))}")
        kind = item.get("kind", "person")
        if kind not in KINDS:
            raise ValueError(f"{at}: kind must be one of {', '.join(KINDS)}")
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        roles_in = list(item.get("roles") or [])
        if item.get("code"):
            roles_in.append({k: item.get(k) for k in ("code", "sector", "role", "cameo")})
        roles = []
        for r in roles_in:
            if not isinstance(r, dict) or not r.get("code") or set(r) - _ROLE_KEYS:
                raise ValueError(f"{at}: a role needs a code and only {', '.join(sorted(_ROLE_KEYS))}")
            roles.append(_role(f"{at} ({item['name']})", r["code"], r.get("sector"), r.get("role"), r.get("start"),
                               r.get("end"), r.get("cameo")))
        out.append(Person(name=str(item["name"]), aliases=[str(a) for a in aliases], roles=roles, kind=kind))
    return out


@functools.lru_cache(maxsize=1)
def builtin() -> tuple[Person, ...]:
    """The curated people (people.tsv)."""
    return tuple(read_people(PEOPLE))


@functools.lru_cache(maxsize=1)
def phoenix() -> tuple[Person, ...]:
    """The people converted from the Phoenix/CAMEO dictionaries (phoenix-people.tsv), shared by every Dictionary:
    they are never changed once read."""
    return tuple(read_people(PHOENIX_PEOPLE))


@functools.lru_cache(maxsize=8)
def _load(files: tuple[str, ...]) -> Dictionary:
    people = [Person(name=p.name, aliases=list(p.aliases), roles=list(p.roles), kind=p.kind) for p in builtin()]
    for f in files:
        path = Path(f).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"{path}: cannot read actor file: {exc}") from exc
        people.extend(parse_yaml(text, str(path)))
    return Dictionary(people, background=phoenix())


def load(files: list[str] | tuple[str, ...] | None = None) -> Dictionary:
    """The built-in dictionary (Phoenix below the curated people) plus the user's YAML files, built once per set of
    files."""
    return _load(tuple(str(f) for f in files or ()))
