"""The actors stage, registered as "rules.v1" (placeholder until the actors issue lands)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from detente.model import Actor, Article
from detente.registry import register


@register("actors", "rules.v1")
def make(actor_files: list[str] | None = None, **_: Any) -> Callable[[Any, Article], list[Actor]]:
    def stage(doc: Any, article: Article) -> list[Actor]:
        return []

    return stage
