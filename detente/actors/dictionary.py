"""The actor dictionary: people (and any bodies users add) with date-ranged roles.

The built-in part is `data/people.tsv` (heads of state and government, foreign and defence ministers, IGO
leaders). Users add their own in YAML (`detente extract --actors FILE`, or `actors = [...]` in the config):

    - name: Jane Doe
      aliases: [Doe, J. Doe]
      roles:
        - {code: GBR, sector: GOV, role: foreign minister, start: 2024-07-05, end: null}
    - name: Acme Defence
      kind: organisation
      code: SWE
      sector: BUS

`kind` is person (default), organisation or group; `code`/`sector`/`role` at the top level are a shortcut for
one undated role. A user entry with the same name as a built-in one replaces it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from detente.actors.gazetteer import NON_STATE_CODES, SECTORS, _rows, _split, normalise, slug, strip_accents

KINDS = ("person", "organisation", "group")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_KEYS = {"name", "aliases", "roles", "kind", "code", "sector", "role"}
_ROLE_KEYS = {"code", "sector", "role", "start", "end"}


@dataclass(frozen=True)
class Role:
    """One office held over a span of time; `end` None means still held."""

    code: str
    sector: str | None = None
    role: str | None = None
    start: date | None = None
    end: date | None = None

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
    if not (re.match(r"^[A-Z]{3}$", role.code) or role.code in NON_STATE_CODES):
        raise ValueError(f"{where}: bad code {role.code!r} (ISO 3166 alpha-3, IGO, NGO or IMG)")
    if role.sector and role.sector not in SECTORS:
        raise ValueError(f"{where}: unknown sector {role.sector!r} (known: {', '.join(sorted(SECTORS))})")
    if role.start and role.end and role.end < role.start:
        raise ValueError(f"{where}: role ends before it starts")
    return role


class Dictionary:
    """People by id and by every name they go by."""

    def __init__(self, people: list[Person]) -> None:
        self.people: dict[str, Person] = {}
        for p in people:
            self.people[p.id] = p  # later (user) entries replace built-in ones with the same name
        self.by_name: dict[str, Person] = {}
        self.first_words: set[str] = set()
        for p in self.people.values():
            for alias in [p.name, *p.aliases]:
                plain = normalise(strip_accents(alias))
                for key in {normalise(alias), plain, plain.replace("-", " ")}:
                    self.by_name[key] = p
                    self.first_words.add(key.split(" ")[0])
        self.max_tokens = max((len(k.split()) for k in self.by_name), default=1) + 2

    def lookup(self, text: str) -> Person | None:
        """The person a name as written refers to (capitalised names only: "Xi", not "xi")."""
        text = text.strip()
        if not text or not text[0].isupper():
            return None
        key = normalise(text)
        return self.by_name.get(key) or self.by_name.get(normalise(strip_accents(text)).replace("-", " "))

    def __len__(self) -> int:
        return len(self.people)


def _builtin() -> list[Person]:
    people: dict[str, Person] = {}
    for i, row in enumerate(_rows("people.tsv"), start=2):
        where = f"people.tsv row {i} ({row['name']})"
        role = _check_role(Role(code=row["code"], sector=row["sector"] or None, role=row["role"] or None,
                                start=parse_date(row["start"]), end=parse_date(row["end"], end=True)), where)
        p = people.setdefault(row["name"], Person(name=row["name"]))
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
            roles_in.append({k: item.get(k) for k in ("code", "sector", "role")})
        roles = []
        for r in roles_in:
            if not isinstance(r, dict) or not r.get("code") or set(r) - _ROLE_KEYS:
                raise ValueError(f"{at}: a role needs a code and only {', '.join(sorted(_ROLE_KEYS))}")
            roles.append(_check_role(Role(code=str(r["code"]), sector=r.get("sector"), role=r.get("role"),
                                          start=parse_date(r.get("start")), end=parse_date(r.get("end"), end=True)), at))
        out.append(Person(name=str(item["name"]), aliases=[str(a) for a in aliases], roles=roles, kind=kind))
    return out


@functools.lru_cache(maxsize=1)
def builtin() -> tuple[Person, ...]:
    return tuple(_builtin())


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
    return Dictionary(people)


def load(files: list[str] | tuple[str, ...] | None = None) -> Dictionary:
    """The built-in dictionary plus the user's YAML files, built once per set of files."""
    return _load(tuple(str(f) for f in files or ()))
