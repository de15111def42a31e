"""The one registry of swappable stages, each under a versioned name ("rules.v1", "llm.v1").

A stage registers itself with `@register("events", "rules.v1")`; the pipeline asks for
`get("events", name)`. Stages are imported lazily so that `detente articles` never loads spaCy.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

_STAGES: dict[str, dict[str, Callable[..., Any]]] = {}

#: where each built-in stage lives, so `get` can import it on first use
_BUILTIN: dict[tuple[str, str], str] = {
    ("actors", "rules.v1"): "detente.actors.resolve",
    ("events", "rules.v1"): "detente.events.extract",
}

DEFAULTS = {"actors": "rules.v1", "events": "rules.v1"}


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
