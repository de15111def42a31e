"""The events stage, registered as "rules.v1" (placeholder until the events issue lands)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from detente.model import Actor, Article, Event
from detente.registry import register


@register("events", "rules.v1")
def make(**_: Any) -> Callable[[Any, Article, list[Actor]], list[Event]]:
    def stage(doc: Any, article: Article, actors: list[Actor]) -> list[Event]:
        return []

    return stage
