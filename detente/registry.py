"""The one registry of swappable stages, each under a versioned name ("rules.v1", "llm.v1").

A stage registers a factory with `@register("events", "rules.v1")`; the pipeline asks for `actors(name)` and
`events(name)` (or `get(stage, name)`). Stages are imported lazily so that `detente articles` never loads spaCy.

The contracts a stage meets, whoever writes it (checked by mypy where a factory is typed with them):

    actors factory   (*, actor_files=[...]) -> ActorsStage     ActorsStage(doc, article) -> list[Actor]
    events factory   () -> EventsStage                         EventsStage(doc, article, actors) -> list[Event]
    places factory   () -> PlacesStage                         PlacesStage(doc, article, actors, events) -> list[Event]
                                                               (sets each event's `location`)

`doc` is the article body's spaCy Doc (`detente.nlp`); mentions and evidence offsets index `article.body`.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from detente.model import Actor, Article, Event


class ActorsStage(Protocol):
    """Finds the actors an article names, each with its mentions (character spans into the body)."""

    def __call__(self, doc: Any, article: Article) -> list[Actor]: ...


class EventsStage(Protocol):
    """Finds who does what to whom in an article, given its actors; each event cites its sentence."""

    def __call__(self, doc: Any, article: Article, actors: list[Actor]) -> list[Event]: ...


class PlacesStage(Protocol):
    """Says where each event happened (`Event.location`), from its sentence, the dateline or the article."""

    def __call__(self, doc: Any, article: Article, actors: list[Actor], events: list[Event]) -> list[Event]: ...


class ActorsFactory(Protocol):
    """Builds an actors stage once per pipeline, with the user's extra actor dictionaries."""

    def __call__(self, *, actor_files: list[str] | None = None) -> ActorsStage: ...


class EventsFactory(Protocol):
    """Builds an events stage once per pipeline."""

    def __call__(self) -> EventsStage: ...


class PlacesFactory(Protocol):
    """Builds a places stage once per pipeline."""

    def __call__(self) -> PlacesStage: ...


_STAGES: dict[str, dict[str, Callable[..., Any]]] = {}

#: where each built-in stage lives, so `get` can import it on first use
_BUILTIN: dict[tuple[str, str], str] = {
    ("actors", "rules.v1"): "detente.actors.resolve",
    ("events", "rules.v1"): "detente.events.extract",
    ("places", "rules.v1"): "detente.places.stage",
}

DEFAULTS = {"actors": "rules.v1", "events": "rules.v1", "places": "rules.v1"}


def register(stage: str, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(factory: Callable[..., Any]) -> Callable[..., Any]:
        _STAGES.setdefault(stage, {})[name] = factory
        return factory

    return deco


def get(stage: str, name: str | None = None) -> Callable[..., Any]:
    """The factory registered for `stage` under `name` (default: the built-in one)."""
    name = name or DEFAULTS[stage]
    if name not in _STAGES.get(stage, {}) and (stage, name) in _BUILTIN:
        importlib.import_module(_BUILTIN[(stage, name)])
    try:
        return _STAGES[stage][name]
    except KeyError:
        known = ", ".join(sorted(_STAGES.get(stage, {}))) or "none"
        raise KeyError(f"no {stage} stage named {name!r} (known: {known})") from None


def names(stage: str) -> list[str]:
    for (s, _n), module in _BUILTIN.items():
        if s == stage:
            importlib.import_module(module)
    return sorted(_STAGES.get(stage, {}))


def actors(name: str | None = None) -> ActorsFactory:
    """The actors stage factory registered under `name` (default: the built-in one)."""
    return cast("ActorsFactory", get("actors", name))


def events(name: str | None = None) -> EventsFactory:
    """The events stage factory registered under `name` (default: the built-in one)."""
    return cast("EventsFactory", get("events", name))


def places(name: str | None = None) -> PlacesFactory:
    """The places stage factory registered under `name` (default: the built-in one)."""
    return cast("PlacesFactory", get("places", name))
