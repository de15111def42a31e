"""The rule extractor's lexicon (data/lexicon.yaml): trigger entries and word lists, loaded once and validated."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from detente.events import ontology

KINDS = ("verbs", "nouns", "relations", "adjectives")
#: the order in which a token's candidate entries of each kind are tried
KINDS_ORDER = ("verbs", "relations", "adjectives", "nouns")

#: every key an entry may carry, with the type its value must have
_ENTRY_KEYS: dict[str, type | tuple[type, ...]] = {
    "lemmas": list, "type": str, "mode": str, "context": str,
    "objects": list, "not_objects": list, "any_object": bool, "objects_are_parties": bool, "objects_of": list,
    "particle": str, "prep_required": list, "preps": list,
    "modifiers": list, "modifiers_not": list, "light_only": list, "subject_of": list, "subjects": list, "not_subjects": list,
    "invert": bool, "third_party": str, "reciprocal": bool, "require_two_parties": bool, "require_party": bool,
    "require_recipient": bool, "place_is_recipient": bool, "complement_subject_is_recipient": bool,
    "recipient_of": bool, "actor_is_predicate": bool, "relation_only": bool, "object_is_party": bool,
    "object_kinds": list, "require_actor": bool, "characterising": bool, "named_recipient": bool,
    "complements": list, "complement_negated": bool, "prep_objects": list, "not_preps": list, "infinitive": bool,
    "abroad": bool, "not_about": list,
}
_LISTS = ("recipient_preps", "place_preps", "actor_preps", "quantities", "light_verbs", "intent_governors",
          "refusal_governors", "attempt_governors", "posture_governors", "harm_verbs", "topic_verbs", "intent_auxiliaries", "obligation_auxiliaries", "threat_markers", "report_verbs", "venue_nouns")
#: lists a lexicon may leave out (empty when absent)
_OPTIONAL_LISTS = ("government_nouns", "mission_nouns", "act_nouns", "money_words", "site_nouns", "evaluation_verbs",
                   "negative_words", "positive_words", "weapon_nouns", "topic_nouns", "receive_verbs", "relation_words",
                   "with_object_verbs", "carrier_participles", "border_nouns", "retaliation_verbs", "pair_words",
                   "adjunct_preps", "condition_marks", "relational_nouns", "harm_nouns", "topic_object_verbs",
                   "court_nouns", "attacker_nouns", "accident_words",
                   "fire_modifiers", "undergo_verbs", "accident_verbs", "purpose_nouns", "duration_nouns", "public_nouns",
                   "speech_venues", "aspect_nouns")
THIRD_PARTY_ROLES = ("host", "mediator", "venue")


class LexiconError(ValueError):
    """lexicon.yaml is malformed; raised when it is loaded, naming the entry."""


@dataclass(frozen=True)
class Entry:
    """One trigger pattern: the words, the conditions, and the event it makes."""

    kind: str
    lemmas: tuple[str, ...]
    type: str
    mode: str | None = None
    context: str | None = None
    objects: frozenset[str | None] | None = None
    not_objects: frozenset[str] = frozenset()
    any_object: bool | None = None
    objects_are_parties: bool = False
    objects_of: frozenset[str] | None = None
    particle: str | None = None
    prep_required: frozenset[str] | None = None
    preps: tuple[str, ...] = ()
    modifiers: frozenset[str] | None = None
    modifiers_not: frozenset[str] = frozenset()
    light_only: frozenset[str] | None = None
    #: a noun that also holds as the subject of these verbs, what they are said of being its content ("their demands
    #: include new elections": the demand is the act, new elections only what is asked for)
    subject_of: frozenset[str] | None = None
    subjects: frozenset[str] | None = None
    not_subjects: frozenset[str] = frozenset()
    invert: bool = False
    third_party: str | None = None
    reciprocal: bool = False
    require_two_parties: bool = False
    require_party: bool = False
    require_recipient: bool = False
    #: the event needs a doer ("the ferry shuttled between Dover and Calais" mediates nothing)
    require_actor: bool = False
    place_is_recipient: bool = False
    complement_subject_is_recipient: bool = False
    recipient_of: bool = False
    actor_is_predicate: bool = False
    relation_only: bool = False
    #: the object must itself name a party ("welcomed the Somali prime minister", not "welcomed Seoul's decision")
    object_is_party: bool = False
    #: the object must name a party of one of these actor kinds ("joined NATO": an organisation, not a state)
    object_kinds: frozenset[str] | None = None
    #: the verb holds only where it says what its object is or did wrong: "attacked Drudge as a consistent opponent",
    #: "attacked the media for maintaining the status quo" (words, not weapons)
    characterising: bool = False
    #: the recipient must be named in the sentence: never the doer's own government by default ("people who wanted
    #: the stability of CentOS")
    named_recipient: bool = False
    #: the verb holds only with one of these words as its complement ("pleaded guilty"), negated ("pleaded not
    #: guilty") or not as complement_negated says
    complements: frozenset[str] | None = None
    complement_negated: bool = False
    #: a preposition of the verb or of its object must have an object with one of these words ("warned Israel of a
    #: crushing response")
    prep_objects: frozenset[str] | None = None
    #: the entry does not apply when the verb or its object has one of these prepositions ("warned people about the
    #: outbreak")
    not_preps: frozenset[str] = frozenset()
    #: the verb holds only with a to-infinitive ("warned people to stay inside")
    infinitive: bool = False
    #: a trip: the place gone to must be another state than the traveller's ("returned to Oman" of the Sultan of
    #: Oman is going home, no visit)
    abroad: bool = False
    #: what the act is about must not be one of these, nor what that is the cause, details or conditions of: an
    #: investigation of a crash or of the cause of a death finds facts and accuses no one
    not_about: frozenset[str] = frozenset()
    index: int = 0

    @property
    def specific(self) -> bool:
        """Conditioned entries are tried before bare ones for the same word ("order patrols" before "order")."""
        return self.object_is_party or self.characterising or self.complements is not None or self.object_kinds is not None \
            or self.prep_objects is not None or bool(self.not_preps) or self.infinitive or any(x is not None for x in (
            self.objects, self.particle, self.prep_required, self.modifiers, self.objects_of, self.light_only, self.subjects))


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, dict[str, tuple[Entry, ...]]]  # kind -> lemma -> entries in file order
    words: dict[str, frozenset[str]]
    third_party_verbs: dict[str, str] = field(default_factory=dict)
    #: candidates() answers per (kinds, base forms): the same word in the same part of speech asks again and again
    _candidates_memo: dict[tuple[tuple[str, ...], frozenset[str]], tuple[Entry, ...]] = field(
        default_factory=dict, compare=False, repr=False)

    def candidates(self, kinds: tuple[str, ...], keys: frozenset[str]) -> tuple[Entry, ...]:
        """The entries of `kinds` filed under any of `keys`: verbs, relations, adjectives, nouns; conditioned
        entries before bare ones; then file order (memoised, as the lexicon does not change once loaded)."""
        memo_key = (kinds, keys)
        got = self._candidates_memo.get(memo_key)
        if got is None:
            out: list[Entry] = []
            for k in kinds:
                seen = set()
                for key in sorted(keys):
                    for e in self.lookup(k, key):
                        if id(e) not in seen:
                            seen.add(id(e))
                            out.append(e)
            out.sort(key=lambda e: (KINDS_ORDER.index(e.kind), not e.specific, e.index))
            got = self._candidates_memo[memo_key] = tuple(out)
        return got

    def lookup(self, kind: str, lemma: str) -> tuple[Entry, ...]:
        return self.entries[kind].get(lemma, ())

    def trigger_lemmas(self, kind: str) -> list[str]:
        return sorted(self.entries[kind])

    def word(self, name: str, lemma: str) -> bool:
        return lemma in self.words[name]


def _entry(kind: str, i: int, raw: dict[str, Any]) -> Entry:
    where = f"lexicon.yaml {kind}[{i}] {raw.get('lemmas')}"
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: not a mapping")
    for key, value in raw.items():
        if key not in _ENTRY_KEYS:
            raise LexiconError(f"{where}: unknown key {key!r}")
        if not isinstance(value, _ENTRY_KEYS[key]):
            raise LexiconError(f"{where}: {key} must be {_ENTRY_KEYS[key]}")
    if not raw.get("lemmas") or "type" not in raw:
        raise LexiconError(f"{where}: needs lemmas and type")
    try:
        ontology.load().check(raw["type"], raw.get("mode"))
    except ontology.OntologyError as exc:
        raise LexiconError(f"{where}: {exc}") from None
    if raw.get("third_party") and raw["third_party"] not in THIRD_PARTY_ROLES:
        raise LexiconError(f"{where}: third_party must be one of {THIRD_PARTY_ROLES}")

    def fs(key: str) -> frozenset[Any] | None:
        v = raw.get(key)
        if v is not None and any(isinstance(x, bool) for x in v):  # YAML 1.1 reads on/off/yes/no as booleans
            raise LexiconError(f"{where}: {key} holds a boolean; quote words like \"on\" and \"off\"")
        return None if v is None else frozenset(None if x is None else str(x).lower() for x in v)


    return Entry(
        kind=kind, index=i, lemmas=tuple(str(x).lower() for x in raw["lemmas"]), type=raw["type"], mode=raw.get("mode"),
        context=raw.get("context"), objects=fs("objects"), not_objects=fs("not_objects") or frozenset(),
        any_object=raw.get("any_object"), objects_are_parties=raw.get("objects_are_parties", False),
        objects_of=fs("objects_of"), particle=raw.get("particle"), prep_required=fs("prep_required"),
        preps=tuple(raw.get("preps") or ()), modifiers=fs("modifiers"), modifiers_not=fs("modifiers_not") or frozenset(),
        light_only=fs("light_only"), subject_of=fs("subject_of"), subjects=fs("subjects"), not_subjects=fs("not_subjects") or frozenset(), invert=raw.get("invert", False), third_party=raw.get("third_party"),
        reciprocal=raw.get("reciprocal", False), require_two_parties=raw.get("require_two_parties", False),
        require_party=raw.get("require_party", False), require_recipient=raw.get("require_recipient", False),
        require_actor=raw.get("require_actor", False),
        place_is_recipient=raw.get("place_is_recipient", False),
        complement_subject_is_recipient=raw.get("complement_subject_is_recipient", False),
        recipient_of=raw.get("recipient_of", False), actor_is_predicate=raw.get("actor_is_predicate", False),
        relation_only=raw.get("relation_only", False), object_is_party=raw.get("object_is_party", False),
        object_kinds=fs("object_kinds"), characterising=raw.get("characterising", False),
        named_recipient=raw.get("named_recipient", False), complements=fs("complements"),
        complement_negated=raw.get("complement_negated", False), prep_objects=fs("prep_objects"),
        not_preps=fs("not_preps") or frozenset(), infinitive=raw.get("infinitive", False),
        abroad=raw.get("abroad", False), not_about=fs("not_about") or frozenset(),
    )


def parse(text: str) -> Lexicon:
    """A validated Lexicon from YAML text (tests feed their own)."""
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise LexiconError("lexicon.yaml: not a mapping")
    entries: dict[str, dict[str, tuple[Entry, ...]]] = {}
    for kind in KINDS:
        by_lemma: dict[str, list[Entry]] = {}
        for i, item in enumerate(raw.get(kind) or []):
            e = _entry(kind, i, item)
            for lemma in e.lemmas:
                by_lemma.setdefault(lemma, []).append(e)
        entries[kind] = {k: tuple(v) for k, v in by_lemma.items()}
    words = {}
    for name in _LISTS:
        value = raw.get(name)
        if not isinstance(value, list):
            raise LexiconError(f"lexicon.yaml: {name} must be a list")
        words[name] = frozenset(str(x).lower() for x in value)
    for name in _OPTIONAL_LISTS:
        value = raw.get(name, [])
        if not isinstance(value, list):
            raise LexiconError(f"lexicon.yaml: {name} must be a list")
        words[name] = frozenset(str(x).lower() for x in value)
    tpv = raw.get("third_party_verbs") or {}
    bad = {k: v for k, v in tpv.items() if v not in THIRD_PARTY_ROLES}
    if bad:
        raise LexiconError(f"lexicon.yaml: third_party_verbs roles must be in {THIRD_PARTY_ROLES}: {bad}")
    return Lexicon(entries=entries, words=words, third_party_verbs={str(k): str(v) for k, v in tpv.items()})


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    """The packaged lexicon, parsed and validated once per process."""
    return parse(resources.files("detente.events").joinpath("data", "lexicon.yaml").read_text(encoding="utf-8"))
