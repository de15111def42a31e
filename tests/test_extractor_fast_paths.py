"""The rule extractor's fast paths answer exactly what the slow ones did: trigger ids vs a spaCy Matcher,
memoised base forms, lexicon candidates and Frames answers vs freshly computed ones."""
from __future__ import annotations

import pytest

from detente.events import lexicon as lexicon_mod
from detente.events.extract import Extractor, TriggerIds
from detente.events.frames import ActorIndex, Frames, _de_inflect, base_forms, forms, inflections
from detente.events.rules import Rules
from detente.model import Article

#: sentences written for these tests: triggers in several parts of speech, irregular forms, an obligation
#: auxiliary attached as aux and one that is not, threat markers, and words that are spaCy symbols ("agent")
SENTENCES = [
    "Kenya said Somalia must withdraw its troops from the border town before the end of the month.",
    "The envoy warned that Ankara would impose tariffs on Greek steel unless Athens lifted its port ban.",
    "Peru and Chile signed a fisheries accord in Lima, and the two ministers met again on Tuesday.",
    "Protesters burned Danish flags outside the embassy, and police fired tear gas to disperse them.",
    "Brazil's mediation between the rivals earned praise, though an agent of the ministry denied any role.",
    "Japan should have consulted Seoul, the foreign ministry said, otherwise ties ought to suffer.",
    "Norway pledged humanitarian aid to Sudan, and Qatar is hosting talks on a ceasefire.",
    "The militia struck a convoy near Goma; Rwanda denied supplying it with rifles.",
]


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(SENTENCES))


def _matcher_finds(doc, lex: lexicon_mod.Lexicon) -> tuple[list[int], list[int], list[int]]:
    """What the spaCy Matcher the extractor used to build finds: the reference for TriggerIds."""
    from spacy.matcher import Matcher

    words = sorted({f for kind in lexicon_mod.KINDS for w in lex.trigger_lemmas(kind) for f in inflections(w)})
    m = Matcher(doc.vocab)
    m.add("TRIGGER", [[{"LEMMA": {"IN": words}}], [{"LOWER": {"IN": words}}]])
    m.add("OBLIGE", [[{"LOWER": {"IN": sorted(lex.words["obligation_auxiliaries"])}, "DEP": "aux"}]])
    m.add("MARKER", [[{"LOWER": {"IN": sorted(lex.words["threat_markers"])}}]])
    oblige, marker = doc.vocab.strings["OBLIGE"], doc.vocab.strings["MARKER"]
    found = m(doc)
    triggers = sorted({s for label, s, _ in found if label not in (oblige, marker)})
    return triggers, [s for label, s, _ in found if label == oblige], sorted(s for label, s, _ in found if label == marker)


@pytest.mark.parametrize("i", range(len(SENTENCES)))
def test_trigger_ids_find_what_the_matcher_found(docs, i: int) -> None:
    lex = lexicon_mod.load()
    got = TriggerIds(lex).find(docs[i])
    assert got == _matcher_finds(docs[i], lex)
    assert got[0], "every test sentence has a trigger"


def test_trigger_ids_see_obligations_and_markers(docs) -> None:
    ids = TriggerIds(lexicon_mod.load())
    _, oblige, _ = ids.find(docs[0])
    assert [docs[0][i].lower_ for i in oblige] == ["must"]
    _, _, markers = ids.find(docs[1])
    assert [docs[1][i].lower_ for i in markers] == ["unless"]


def test_trigger_ids_on_an_empty_doc(nlp) -> None:
    assert TriggerIds(lexicon_mod.load()).find(nlp("")) == ([], [], [])


def test_forms_memo_matches_fresh_de_inflection_and_copies_are_private(docs) -> None:
    for doc in docs:
        for tok in doc:
            assert forms(tok) == _de_inflect(tok.lower_, tok.lemma_)
    tok = docs[2][2]  # "Chile"
    mine = base_forms(tok)
    mine.add("not-a-form")
    assert "not-a-form" not in forms(tok) and "not-a-form" not in base_forms(tok)


@pytest.mark.parametrize("word,expected", [("supplying", {"supply", "supplying"}), ("struck", {"struck", "strike"}),
                                           ("talks", {"talks", "talk"}), ("imposed", {"impose", "imposed"})])
def test_de_inflect_table(nlp, word: str, expected: set[str]) -> None:
    assert expected <= forms(nlp(f"They {word} it.")[1])


def test_lexicon_candidates_are_ordered_and_stable(docs) -> None:
    lex = lexicon_mod.load()
    order = lexicon_mod.KINDS_ORDER
    for doc in docs:
        for tok in doc:
            for kinds in (("verbs",), ("relations", "nouns"), ("adjectives", "relations")):
                got = lex.candidates(kinds, forms(tok))
                fresh = {id(e): e for k in kinds for w in forms(tok) for e in lex.lookup(k, w)}
                assert {id(e) for e in got} == set(fresh)
                keys = [(order.index(e.kind), not e.specific, e.index) for e in got]
                assert keys == sorted(keys)
                assert lex.candidates(kinds, forms(tok)) is got


def _frames(doc, stages) -> Frames:
    actors_stage, _ = stages
    article = Article(id="t", body=doc.text)
    lex = lexicon_mod.load()
    return Frames(doc, ActorIndex(doc, actors_stage(doc, article)), lex.words["quantities"], lex.words["report_verbs"])


def test_frames_memo_answers_as_fresh_and_hands_out_private_lists(docs, stages) -> None:
    for doc in docs:
        frames = _frames(doc, stages)
        fresh = Frames(doc, frames.index, frames.quantities, frames.report_verbs)
        for tok in doc:
            assert frames.subject(tok) == frames._subject(tok)
            assert frames.np(tok) == frames._np(tok, frozenset({"of", "in", "from", "by", "for"}), None)
            assert frames.objects(tok) == fresh.objects(tok)
            frames.subject(tok).append(None)  # type: ignore[arg-type]
            frames.np(tok).append(None)  # type: ignore[arg-type]
            frames.objects(tok).append(None)
            assert None not in frames.subject(tok) + frames.np(tok) + frames.objects(tok)
    kenya = _frames(docs[0], stages).subject(docs[0][1])  # "said"
    assert [f.actor.code for f in kenya] == ["KEN"]


def test_object_words_memo_is_per_token(docs, stages) -> None:
    doc = docs[6]  # "Norway pledged humanitarian aid to Sudan ..."
    rules = Rules(lexicon_mod.load(), _frames(doc, stages))
    verb = doc[1]
    verb_entry = next(e for e in rules.candidates(verb) if e.kind == "verbs")
    assert "aid" in rules._object_words(verb, verb_entry)
    assert rules._object_words(verb, verb_entry) is rules._object_words(verb, verb_entry)


def test_extraction_does_not_depend_on_what_came_before(nlp, stages) -> None:
    actors_stage, _ = stages
    extractor = Extractor()
    texts = [" ".join(SENTENCES[:4]), " ".join(SENTENCES[4:])]

    def run(text: str) -> list[tuple[str, str | None, str]]:
        doc = nlp(text)
        article = Article(id="t", body=text)
        return [(e.type, e.mode, e.evidence.trigger) for e in extractor(doc, article, actors_stage(doc, article))]

    alone = run(texts[1])
    run(texts[0])
    assert run(texts[1]) == alone
    assert alone, "the second text makes events"


def test_np_without_a_mention_in_the_subtree_answers_as_the_full_walk(docs, stages, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut in Frames._np (no mention between the head's edges) gives what walking the phrase gives."""
    for doc in docs:
        quick = _frames(doc, stages)
        slow = Frames(doc, quick.index, quick.quantities, quick.report_verbs)
        got = {(t.i, p): quick.np(t, p) for t in doc for p in (frozenset({"of"}), frozenset({"of", "in", "to", "with"}))}
        with monkeypatch.context() as m:
            m.setattr(quick.index, "any_within", lambda first, last: True)
            want = {(t.i, p): slow.np(t, p) for t in doc for p in (frozenset({"of"}), frozenset({"of", "in", "to", "with"}))}
        assert got == want
        assert any(got.values()), "some phrase of each sentence names a party"
