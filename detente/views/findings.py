"""What the analysis finds across events: standing relations and stories (see detente.views for the contract)."""
from __future__ import annotations

from typing import Any

from detente.model import span_label
from detente.store import Store, queries
from detente.views import ALL_DATES, ALL_ROWS, BadParameter, NotFound, Paging, Window, cut, key_arg


def relations(store: Store, *, window: Window = ALL_DATES, paging: Paging = ALL_ROWS, label: tuple[str, ...] | list[str] = (),
              actor: str | None = None) -> dict[str, Any]:
    """Every standing relation the window's events support (ally, rival, mediator, arms supplier ...), strongest
    first within each label, each with its first sentences as evidence; `label` keeps those labels, `actor` those
    naming that actor."""
    from detente import analysis
    from detente.analysis.rules import load as load_rules

    labels = [x for x in label if x]
    known = load_rules().labels
    unknown = [x for x in labels if x not in known]
    if unknown:
        raise BadParameter(f"label {', '.join(map(repr, unknown))}: one of {', '.join(known)}")
    node = None
    if actor:
        found = queries.lookup(store, key_arg(actor, "actor") or "")
        if found is None:
            raise NotFound("actor", actor)
        node = found.node
    rows = analysis.relations(store, window.since, window.until)
    if labels:
        rows = [r for r in rows if r["label"] in labels]
    if node is not None:
        rows = [r for r in rows if node == r["source"] or node == r["target"]
                or (isinstance(r["target"], list) and node in r["target"])]
    return cut(rows, paging, filters={"label": labels, "actor": actor or None, "node": node} | window.to_dict())


def stories(store: Store, *, window: Window = ALL_DATES, paging: Paging = ALL_ROWS, min_articles: int = 1) -> dict[str, Any]:
    """Reports of one real-world event across articles and outlets, most corroborated first, contradictions kept
    side by side; `when` is the story's dates as precisely as they are known."""
    from detente import analysis

    if min_articles < 1:
        raise BadParameter("min_articles must be >= 1")
    rows = [s | {"when": span_label(s["start"], s["end"]) if s["start"] else None}
            for s in analysis.stories(store, window.since, window.until, min_articles)]
    return cut(rows, paging, filters={"min_articles": min_articles} | window.to_dict())
