"""The relation rules of data/relations.toml, loaded once and validated so a typo fails at load time."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from detente.model import MODALITIES, PLOVER_TYPES

#: the labels the CLI and API promise; the data file must define each
LABELS = ("ally", "partner", "rival", "adversary", "mediator", "arms_supplier", "energy_supplier", "trade_partner", "host")
CLASSES = ("@cooperation", "@conflict", "@violent")


class RulesError(ValueError):
    """relations.toml is inconsistent."""


@dataclass(frozen=True)
class Matcher:
    """One `support`/`against` entry: a type, a type.mode, a *.mode or a class."""

    type: str | None
    mode: str | None
    klass: str | None = None

    @classmethod
    def parse(cls, text: str) -> Matcher:
        if text.startswith("@"):
            if text not in CLASSES:
                raise RulesError(f"unknown class {text!r} (known: {', '.join(CLASSES)})")
            return cls(None, None, text)
        type_, _, mode = text.partition(".")
        if type_ != "*" and type_ not in PLOVER_TYPES:
            raise RulesError(f"unknown PLOVER type in matcher {text!r}")
        return cls(None if type_ == "*" else type_, mode or None)

    def matches(self, type_: str, mode: str | None, score: float | None, violent: bool) -> bool:
        if self.klass == "@cooperation":
            return score is not None and score > 0
        if self.klass == "@conflict":
            return score is not None and score < 0
        if self.klass == "@violent":
            return violent
        return (self.type is None or self.type == type_) and (self.mode is None or self.mode == mode)


@dataclass(frozen=True)
class Label:
    name: str
    doc: str
    support: tuple[Matcher, ...]
    against: tuple[Matcher, ...] = ()
    directed: bool = False
    third_party: bool = False
    roles: tuple[str, ...] = ()
    host_counts: bool = False
    min_weight: float = 1.0
    min_net_score: float | None = None
    max_net_score: float | None = None
    statement_modes: tuple[str, ...] = ()
    statement_weight: float = 1.0
    suppressed_by: tuple[str, ...] = ()

    def supports(self, type_: str, mode: str | None, score: float | None, violent: bool) -> bool:
        return any(m.matches(type_, mode, score, violent) for m in self.support)

    def opposes(self, type_: str, mode: str | None, score: float | None, violent: bool) -> bool:
        return any(m.matches(type_, mode, score, violent) for m in self.against)


@dataclass(frozen=True)
class Rules:
    labels: dict[str, Label]
    modality_weight: dict[str, float]
    violent: tuple[Matcher, ...]
    generic_codes: frozenset[str] = field(default_factory=frozenset)
    dissident_sectors: frozenset[str] = field(default_factory=frozenset)
    positive: frozenset[str] = field(default_factory=frozenset)
    negative: frozenset[str] = field(default_factory=frozenset)
    mediated_sign: int = -1
    mediation_bonus: float = 5.0
    families: dict[str, str] = field(default_factory=dict)  # PLOVER type -> story family
    slack_days: int = 1
    max_span_days: int = 10

    def weight(self, modality: str | None) -> float:
        """How much an event of this modality counts toward a relation (unknown modalities count fully)."""
        return self.modality_weight.get(modality or "asserted", 1.0)

    def is_violent(self, type_: str, mode: str | None) -> bool:
        return any(m.matches(type_, mode, None, False) for m in self.violent)


def _label(name: str, raw: dict[str, Any]) -> Label:
    known = {"doc", "support", "against", "directed", "third_party", "roles", "host_counts", "min_weight",
             "min_net_score", "max_net_score", "statement_modes", "statement_weight", "suppressed_by"}
    extra = set(raw) - known
    if extra:
        raise RulesError(f"label {name}: unknown keys {sorted(extra)}")
    if "doc" not in raw or "min_weight" not in raw:
        raise RulesError(f"label {name}: needs `doc` and `min_weight`")
    third = bool(raw.get("third_party", False))
    if not third and not raw.get("support"):
        raise RulesError(f"label {name}: needs `support` matchers")
    return Label(
        name=name, doc=str(raw["doc"]),
        support=tuple(Matcher.parse(s) for s in raw.get("support", [])),
        against=tuple(Matcher.parse(s) for s in raw.get("against", [])),
        directed=bool(raw.get("directed", False)), third_party=third,
        roles=tuple(raw.get("roles", [])), host_counts=bool(raw.get("host_counts", False)),
        min_weight=float(raw["min_weight"]),
        min_net_score=None if raw.get("min_net_score") is None else float(raw["min_net_score"]),
        max_net_score=None if raw.get("max_net_score") is None else float(raw["max_net_score"]),
        statement_modes=tuple(raw.get("statement_modes", [])),
        statement_weight=float(raw.get("statement_weight", 1.0)),
        suppressed_by=tuple(raw.get("suppressed_by", [])),
    )


def parse(data: dict[str, Any]) -> Rules:
    """Rules from the parsed TOML; raises RulesError on anything inconsistent."""
    weights = {str(k): float(v) for k, v in data.get("modality_weight", {}).items()}
    missing = set(MODALITIES) - set(weights)
    if missing:
        raise RulesError(f"modality_weight lacks {sorted(missing)}")
    labels = {name: _label(name, raw) for name, raw in data.get("labels", {}).items()}
    absent = set(LABELS) - set(labels)
    if absent:
        raise RulesError(f"labels missing: {sorted(absent)}")
    for label in labels.values():
        for other in label.suppressed_by:
            if other not in labels:
                raise RulesError(f"label {label.name}: suppressed_by names unknown label {other!r}")
    violent = tuple(Matcher.parse(s) for s in data.get("classes", {}).get("violent", []))
    if any(m.klass for m in violent):
        raise RulesError("classes.violent must list types or type.modes, not classes")
    nodes = data.get("nodes", {})
    net = data.get("network", {})
    for key in ("positive", "negative"):
        unknown = set(net.get(key, [])) - set(labels)
        if unknown:
            raise RulesError(f"network.{key} names unknown labels {sorted(unknown)}")
    stories = data.get("stories", {})
    families: dict[str, str] = {}
    for family, types in stories.get("families", {}).items():
        for t in types:
            if t not in PLOVER_TYPES or t in families:
                raise RulesError(f"stories.families: {t!r} is unknown or in two families")
            families[t] = family
    if families and set(families) != set(PLOVER_TYPES):
        raise RulesError(f"stories.families lacks {sorted(set(PLOVER_TYPES) - set(families))}")
    return Rules(labels=labels, modality_weight=weights, violent=violent,
                 generic_codes=frozenset(nodes.get("generic_codes", [])),
                 dissident_sectors=frozenset(nodes.get("dissident_sectors", [])),
                 positive=frozenset(net.get("positive", [])), negative=frozenset(net.get("negative", [])),
                 mediated_sign=int(net.get("mediated_sign", -1)), mediation_bonus=float(net.get("mediation_bonus", 5.0)),
                 families=families, slack_days=int(stories.get("slack_days", 1)),
                 max_span_days=int(stories.get("max_span_days", 10)))


@functools.cache
def load() -> Rules:
    """The built-in rules (read once per process)."""
    text = resources.files("detente.analysis").joinpath("data/relations.toml").read_text(encoding="utf-8")
    return parse(tomllib.loads(text))
