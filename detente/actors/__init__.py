"""Actors: who is who. Gazetteer of states and bodies, a dated actor dictionary, in-document resolution.

The API other stages call:

    from detente.actors import actor_at, lookup, role_at
    actor_at(actors, start, end)   # the Actor whose mention overlaps a character span (people > bodies > states)
    lookup("Azeri")                # gazetteer Entry for a bare string: code, kind, sector, name, how
    role_at(person, when)          # a dictionary Person's Role on a date (latest role when `when` is None)

`detente.actors.dictionary.load(files)` gives the built-in dictionary plus users' YAML files; the stage itself
is `detente.actors.resolve.make` (registered as actors "rules.v1").
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from detente.actors.dictionary import Person, Role, role_at
from detente.actors.gazetteer import Entry, lookup

if TYPE_CHECKING:
    from detente.model import Actor

__all__ = ["Entry", "Person", "Role", "actor_at", "lookup", "role_at"]


def actor_at(actors: list[Actor], start: int, end: int) -> Any:
    """The actor whose mention overlaps the character span [start, end) most (people before bodies before states)."""
    from detente.actors.resolve import actor_at as _actor_at

    return _actor_at(actors, start, end)
