"""The PLOVER event ontology with its CAMEO mapping and cooperation-conflict scores, loaded once from data files."""
from __future__ import annotations

import csv
import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from detente.model import PLOVER_TYPES

POLARITIES = ("cooperative", "conflictual")


class OntologyError(ValueError):
    """The ontology data files are inconsistent; raised at load time, never mid-extraction."""


@dataclass(frozen=True)
class CameoCode:
    code: str
    root: str
    goldstein: float
    name: str


@dataclass(frozen=True)
class Mode:
    name: str
    cameo: str
    score: float
    doc: str = ""


@dataclass(frozen=True)
class EventType:
    name: str
    cameo: str
    score: float
    polarity: str
    reciprocal: bool
    description: str
    modes: dict[str, Mode] = field(default_factory=dict)


@dataclass(frozen=True)
class Behaviour:
    """How the rule extractor treats each type and mode (ontology.toml [behaviour]); see the file for each set."""

    speech: frozenset[str]
    monadic: frozenset[str]
    monadic_collective: frozenset[str]
    domestic: frozenset[str]
    self_target: frozenset[str]
    act_target: frozenset[str]
    domestic_doer: frozenset[str]
    own_government: frozenset[str]
    conditioning: frozenset[str]
    place_target: frozenset[str]
    venue: frozenset[str]
    partner: frozenset[str]
    speech_noun: frozenset[str]
    implied_doer: frozenset[str]
    official_party: frozenset[str]
    monadic_modes: frozenset[str]
    official_modes: frozenset[str]
    collective_modes: frozenset[str]
    directed_modes: frozenset[str]
    relation_modes: frozenset[str]
    threat_relation_modes: frozenset[str]
    unimplied_modes: frozenset[str]
    implied_sector: dict[str, str]
    implied_sector_by_mode: dict[str, str]
    agree_modes: dict[str, str]
    agree_modes_by_mode: dict[str, str]
    threat_modes: dict[str, str]


_TYPE_SETS = ("speech", "monadic", "monadic_collective", "domestic", "self_target", "act_target", "domestic_doer", "own_government",
              "conditioning", "place_target", "venue", "partner", "speech_noun", "implied_doer",
              "official_party")
_MODE_SETS = ("monadic_modes", "official_modes", "collective_modes", "directed_modes", "relation_modes", "threat_relation_modes",
              "unimplied_modes")
_TYPE_MAPS = ("implied_sector", "agree_modes", "threat_modes")
_MODE_MAPS = ("implied_sector_by_mode", "agree_modes_by_mode")


def _behaviour(raw: dict[str, object], types: dict[str, EventType]) -> Behaviour:
    """The [behaviour] tables, checked: type sets name PLOVER types, mode sets name modes some type has."""
    modes = {m for t in types.values() for m in t.modes}
    out: dict[str, object] = {}
    for key in _TYPE_SETS + _MODE_SETS + _TYPE_MAPS + _MODE_MAPS:
        value = raw.get(key)
        if value is None:
            raise OntologyError(f"ontology.toml [behaviour]: {key} is missing")
        known = set(PLOVER_TYPES) if key in _TYPE_SETS + _TYPE_MAPS else modes
        names = list(value) if isinstance(value, (list, dict)) else []
        bad = [n for n in names if n not in known]
        if bad or not isinstance(value, (list, dict)):
            raise OntologyError(f"ontology.toml [behaviour]: {key} names unknown {'types' if known is not modes else 'modes'} {bad}")
        out[key] = frozenset(value) if isinstance(value, list) else {str(k): str(v) for k, v in value.items()}
    return Behaviour(**out)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Ontology:
    types: dict[str, EventType]
    contexts: tuple[str, ...]
    cameo: dict[str, CameoCode]
    behaviour: Behaviour

    def cameo_code(self, type_: str, mode: str | None = None) -> str:
        """The CAMEO code of a type, refined by its mode where the mode has one."""
        t = self.types[type_]
        if mode and mode in t.modes:
            return t.modes[mode].cameo
        return t.cameo

    def score(self, type_: str, mode: str | None = None) -> float:
        """The cooperation (+10) .. conflict (-10) score of a type, refined by its mode."""
        t = self.types[type_]
        if mode and mode in t.modes:
            return t.modes[mode].score
        return t.score

    def is_cooperative(self, type_: str) -> bool:
        return self.types[type_].polarity == "cooperative"

    def check(self, type_: str, mode: str | None = None) -> None:
        """Raise OntologyError unless `type_` (and `mode`, if given) are in the ontology."""
        if type_ not in self.types:
            raise OntologyError(f"unknown event type {type_!r}")
        if mode is not None and mode not in self.types[type_].modes:
            raise OntologyError(f"unknown mode {mode!r} for {type_} (known: {', '.join(sorted(self.types[type_].modes))})")


def _data(name: str) -> str:
    return resources.files("detente.events").joinpath("data", name).read_text(encoding="utf-8")


def load_cameo() -> dict[str, CameoCode]:
    """The CAMEO code table (codes stay strings: "010" is not "10")."""
    rows = [line for line in _data("cameo.tsv").splitlines() if line and not line.startswith("#")]
    out: dict[str, CameoCode] = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        code = row["code"]
        if not code.isdigit():
            raise OntologyError(f"cameo.tsv: bad code {code!r}")
        out[code] = CameoCode(code, row["root"], float(row["goldstein"]), row["name"])
    return out


@functools.lru_cache(maxsize=1)
def load() -> Ontology:
    """The ontology, validated: every PLOVER type present, every CAMEO code known, every score in -10..+10."""
    cameo = load_cameo()
    raw = tomllib.loads(_data("ontology.toml"))
    types: dict[str, EventType] = {}
    missing = set(PLOVER_TYPES) - set(raw.get("types", {}))
    extra = set(raw.get("types", {})) - set(PLOVER_TYPES)
    if missing or extra:
        raise OntologyError(f"ontology.toml: missing types {sorted(missing)}, unknown types {sorted(extra)}")

    def scored(where: str, code: str, score: float | None) -> float:
        if code not in cameo:
            raise OntologyError(f"{where}: unknown CAMEO code {code!r}")
        value = float(score) if score is not None else cameo[code].goldstein
        if not -10 <= value <= 10:
            raise OntologyError(f"{where}: score {value} outside -10..+10")
        return value

    for name in PLOVER_TYPES:
        spec = raw["types"][name]
        polarity = spec.get("polarity")
        if polarity not in POLARITIES:
            raise OntologyError(f"{name}: polarity must be one of {POLARITIES}, not {polarity!r}")
        modes = {
            m: Mode(m, str(ms["cameo"]), scored(f"{name}.{m}", str(ms["cameo"]), ms.get("score")), ms.get("doc", ""))
            for m, ms in (spec.get("modes") or {}).items()
        }
        types[name] = EventType(
            name=name,
            cameo=str(spec["cameo"]),
            score=scored(name, str(spec["cameo"]), spec.get("score")),
            polarity=polarity,
            reciprocal=bool(spec.get("reciprocal", False)),
            description=spec.get("description", ""),
            modes=modes,
        )
    return Ontology(types=types, contexts=tuple(raw.get("contexts", ())), cameo=cameo,
                    behaviour=_behaviour(raw.get("behaviour", {}), types))


def plover_from_cameo(code: str) -> str | None:
    """The PLOVER type a CAMEO code falls under (None for 01 statements and 02 appeals' non-request kinds)."""
    root = code[:2]
    if root in ("01",):
        return None
    if root == "02":
        return "REQUEST"
    if root == "08":
        return "CONCEDE" if code[:3] in ("08", "080", "081", "082", "083") else "RETREAT"
    return {
        "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID", "09": "ACCUSE",
        "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE",
        "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
    }.get(root)
