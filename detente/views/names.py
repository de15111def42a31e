"""What a page calls what the store holds no name for: states (by ISO code), a state's dissidents (TUR:OPP), a
state's shape on the world map. The table is detente/views/data/names.toml, loaded once and checked."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from detente.store import facts, queries


@dataclass(frozen=True)
class Names:
    states: dict[str, str]
    dissident_sectors: dict[str, str]
    atlas: dict[str, str]


@functools.cache
def load() -> Names:
    """detente/views/data/names.toml, read once."""
    return parse(resources.files("detente.views").joinpath("data/names.toml").read_text(encoding="utf-8"))


def parse(text: str, where: str = "detente/views/data/names.toml") -> Names:
    """The names table: every key a state code (or, for dissident_sectors, exactly the analysis' dissident sectors)
    and every value a non-empty name; anything else is an error naming the table and the key."""
    table = tomllib.loads(text)
    unknown = set(table) - {"states", "dissident_sectors", "atlas"}
    if unknown:
        raise ValueError(f"{where}: unknown tables {', '.join(sorted(unknown))}")
    for section in ("states", "dissident_sectors", "atlas"):
        for key, value in table.get(section, {}).items():
            if not (isinstance(value, str) and value.strip()):
                raise ValueError(f"{where}: [{section}] {key} has no name")
            if section != "dissident_sectors" and not (len(key) == 3 and key.isalpha() and key.isupper()):
                raise ValueError(f"{where}: [{section}] {key!r} is not a state code")
    sectors = table.get("dissident_sectors", {})
    wanted = facts.node_rules()[1]
    if set(sectors) != set(wanted):
        raise ValueError(f"{where}: [dissident_sectors] must name exactly the analysis' {', '.join(sorted(wanted))}")
    return Names(dict(table.get("states", {})), dict(sectors), dict(table.get("atlas", {})))


def _iso(code: str) -> Any:
    import pycountry

    try:
        return pycountry.countries.get(alpha_3=code)
    except (KeyError, LookupError):
        return None


def state_name(code: str | None) -> str | None:
    """A state's short name where the store holds no actor for it: the table's, else ISO 3166's common name, else
    its ISO name up to a comma; the code itself when ISO does not know it."""
    if not code:
        return None
    found = load().states.get(code)
    if found:
        return found
    iso = _iso(code)
    if iso is None:
        return code
    return str(getattr(iso, "common_name", None) or iso.name.split(",")[0])


def atlas_id(code: str | None) -> str | None:
    """The key of a state's shape on the vendored world map: its ISO 3166-1 numeric code ("031"), else the name its
    shape carries (Kosovo), else None (nothing to draw)."""
    if not code:
        return None
    iso = _iso(code)
    if iso is not None and getattr(iso, "numeric", None):
        return str(iso.numeric)
    return load().atlas.get(code)


def node_label(node: str, label: str, row: dict[str, Any] | None = None, states: dict[str, str] | None = None) -> str:
    """What a node is called on a page: the analysis' label where it is more than the node's id, a person's name for
    their key, a state's short name (PSE: Palestine), "Turkey (opposition)" for TUR:OPP (the state named as the
    store names it, in `states`, else by `state_name`)."""
    if row is not None and row["kind"] == "person" and node == row["key"]:
        return str(row["name"])
    if label != node or not queries.code_shaped(node):
        return label
    code, _, sector = node.partition(":")
    state = (states or {}).get(code) or state_name(code) or code
    return f"{state} ({load().dissident_sectors.get(sector, sector)})" if sector else state
