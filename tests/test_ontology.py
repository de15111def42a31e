"""The PLOVER/CAMEO ontology and the rule lexicon: loaded from their data files and validated."""
from __future__ import annotations

import pytest

from detente.events import lexicon, ontology
from detente.events.ontology import PLOVER_TYPES, plover_from_cameo


def test_sixteen_types_with_cameo_codes_and_scores() -> None:
    onto = ontology.load()
    assert tuple(onto.types) == PLOVER_TYPES
    for name, t in onto.types.items():
        assert t.cameo in onto.cameo, name
        assert -10 <= t.score <= 10
        for mode in t.modes.values():
            assert mode.cameo in onto.cameo and -10 <= mode.score <= 10


@pytest.mark.parametrize(("type_", "mode", "cameo", "sign"), [
    ("CONSULT", "mediate", "045", 1), ("CONSULT", "host", "043", 1), ("CONSULT", "visit", "042", 1),
    ("ASSAULT", "aerial", "195", -1), ("ASSAULT", "drone", "195", -1), ("SANCTION", "expel", "166", -1),
    ("AID", "arms", "072", 1), ("SUPPORT", "alliance", "050", 1), ("COOPERATE", "energy", "061", 1),
    ("AGREE", None, "03", 1), ("THREATEN", None, "13", -1), ("PROTEST", "riot", "145", -1),
])
def test_cameo_code_and_score_per_mode(type_: str, mode: str | None, cameo: str, sign: int) -> None:
    onto = ontology.load()
    assert onto.cameo_code(type_, mode) == cameo
    assert onto.score(type_, mode) * sign > 0
    assert onto.score(type_, mode) == onto.cameo[cameo].goldstein


def test_scores_order_cooperation_above_conflict() -> None:
    onto = ontology.load()
    assert onto.score("AID") > onto.score("CONSULT") > 0 > onto.score("ACCUSE") > onto.score("ASSAULT")


@pytest.mark.parametrize(("code", "plover"), [
    ("010", None), ("020", "REQUEST"), ("036", "AGREE"), ("045", "CONSULT"), ("0811", "CONCEDE"), ("0841", "RETREAT"),
    ("0874", "RETREAT"), ("093", "ACCUSE"), ("112", "ACCUSE"), ("1313", "THREATEN"), ("154", "MOBILIZE"),
    ("163", "SANCTION"), ("1723", "COERCE"), ("183", "ASSAULT"), ("195", "ASSAULT"), ("202", "ASSAULT"),
])
def test_plover_from_cameo(code: str, plover: str | None) -> None:
    assert plover_from_cameo(code) == plover


def test_unknown_type_or_mode_is_refused() -> None:
    onto = ontology.load()
    with pytest.raises(ontology.OntologyError):
        onto.check("FIGHT")
    with pytest.raises(ontology.OntologyError):
        onto.check("CONSULT", "aerial")


def test_packaged_lexicon_is_valid_and_covers_every_type() -> None:
    lex = lexicon.load()
    types = {e.type for kind in lexicon.KINDS for entries in lex.entries[kind].values() for e in entries}
    assert types == set(PLOVER_TYPES)
    assert "accuse" in lex.trigger_lemmas("verbs")
    assert "talks" in lex.trigger_lemmas("nouns")
    assert "ally" in lex.trigger_lemmas("relations")


_MINIMAL = """
recipient_preps: [with]
place_preps: [in]
actor_preps: [by]
quantities: []
light_verbs: []
intent_governors: []
refusal_governors: []
attempt_governors: []
posture_governors: []
harm_verbs: []
topic_verbs: []
intent_auxiliaries: [will]
obligation_auxiliaries: [must]
threat_markers: [unless]
report_verbs: [say]
venue_nouns: [venue]
"""


@pytest.mark.parametrize(("entry", "message"), [
    ("verbs: [{lemmas: [hit], type: FIGHT}]", "unknown event type"),
    ("verbs: [{lemmas: [hit], type: ASSAULT, mode: nuclear-ish}]", "unknown mode"),
    ("verbs: [{lemmas: [hit], type: ASSAULT, colour: red}]", "unknown key"),
    ("verbs: [{lemmas: [hit]}]", "needs lemmas and type"),
    ("verbs: [{lemmas: [call], type: REQUEST, prep_required: [on]}]", "boolean"),
    ("verbs: [{lemmas: [host], type: CONSULT, third_party: landlord}]", "third_party"),
])
def test_malformed_lexicon_is_refused_with_the_entry_named(entry: str, message: str) -> None:
    with pytest.raises(lexicon.LexiconError, match=message):
        lexicon.parse(_MINIMAL + entry)


def test_minimal_lexicon_parses() -> None:
    lex = lexicon.parse(_MINIMAL + 'verbs: [{lemmas: [call], type: REQUEST, prep_required: ["on"]}]')
    (entry,) = lex.lookup("verbs", "call")
    assert entry.prep_required == frozenset({"on"}) and entry.specific


def test_preposition_and_infinitive_conditions_parse() -> None:
    lex = lexicon.parse(_MINIMAL + "verbs: [{lemmas: [warn], type: THREATEN, prep_objects: [retaliation]},"
                                   " {lemmas: [warn], type: REQUEST, not_preps: [of, about], infinitive: true}]")
    first, second = lex.lookup("verbs", "warn")
    assert first.prep_objects == frozenset({"retaliation"}) and first.specific
    assert second.not_preps == frozenset({"of", "about"}) and second.infinitive and second.specific


def test_what_an_act_is_about_parses_and_stays_a_negative_condition() -> None:
    lex = lexicon.parse(_MINIMAL + "verbs: [{lemmas: [investigate], type: ACCUSE, not_about: [Crash, cause]}]")
    (entry,) = lex.lookup("verbs", "investigate")
    assert entry.not_about == frozenset({"crash", "cause"}) and not entry.specific
    with pytest.raises(lexicon.LexiconError):
        lexicon.parse(_MINIMAL + "verbs: [{lemmas: [investigate], type: ACCUSE, not_about: crash}]")


def test_one_list_of_plover_types() -> None:
    """The ontology, the analysis rules and the model read the same tuple (it was written twice)."""
    from detente import model
    from detente.analysis import rules

    assert ontology.PLOVER_TYPES is model.PLOVER_TYPES
    assert rules.PLOVER_TYPES is model.PLOVER_TYPES
    assert len(set(model.PLOVER_TYPES)) == 16


def test_per_type_behaviour_is_data_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """How the extractor treats each type is ontology.toml's [behaviour]; a type or mode it does not know is refused."""
    b = ontology.load().behaviour
    assert "REQUEST" in b.speech and "PROTEST" in b.domestic and "investigate" in b.monadic_modes
    assert b.agree_modes["AID"] == "aid" and b.implied_sector["ASSAULT"] == "REB"
    types = ontology.load().types
    with pytest.raises(ontology.OntologyError, match="monadic names unknown types"):
        ontology._behaviour({**_behaviour_raw(), "monadic": ["FIGHT"]}, types)
    with pytest.raises(ontology.OntologyError, match="directed_modes names unknown modes"):
        ontology._behaviour({**_behaviour_raw(), "directed_modes": ["teleport"]}, types)
    with pytest.raises(ontology.OntologyError, match="speech is missing"):
        raw = _behaviour_raw()
        del raw["speech"]
        ontology._behaviour(raw, types)


def _behaviour_raw() -> dict:
    import tomllib

    return dict(tomllib.loads(ontology._data("ontology.toml"))["behaviour"])


def test_the_events_stage_keeps_no_document_state(nlp) -> None:
    """What one Doc needs lives in a per-document Context and in the Doc's user_data, released after the stages:
    the stage object, shared by every article, is the same after an article as before."""
    from detente.events import tree
    from detente.model import Article
    from detente.pipeline import Pipeline

    pipe = Pipeline()
    _actors, events = pipe._stages()
    before = dict(vars(events))
    text = "Azerbaijan threatened to cut ties unless Armenia withdrew. It was prepared to resume shelling."
    doc = nlp(text)
    pipe.extract_doc(doc, Article(body=text))
    assert vars(events).keys() == before.keys()
    assert tree.TREE_KEY not in doc.user_data
