"""The events stage's per-Doc reads (detente/events/tree.py) answer what spaCy's own properties answer.

Every token of sentences written for this test (passive voice, relative clauses, coordination, quotes,
several paragraphs, runs of spaces) is checked against `Token.sent`, `Token.children`, `Token.ancestors`;
the token arrays against `Doc.to_array`, and the passive heads and sentence offsets against plain loops.
"""
from __future__ import annotations

import pytest
from spacy.attrs import DEP, LEMMA, LOWER, POS

from detente.events import dates, tree
from detente.events.frames import _passive_heads

TEXTS = [
    # passive voice, an agent, a relative clause
    "The convoy was attacked by gunmen who had crossed from Chad. Two drivers were taken hostage.",
    # coordination of subjects, verbs and objects; a fronted clause
    "After weeks of delay, Peru and Chile signed and ratified a fisheries accord and a border protocol.",
    # a quote with its speaker after it, and one with the speaker before it
    '"We will not allow this," the minister said. He added: "Talks must resume by Friday."',
    # relative clauses hung on subjects and objects; paragraphs and runs of spaces
    "Kenya, which hosts the talks, invited Somalia.\n\nThe envoy  who  left   on Monday returned.  ",
    # one word, and a sentence that is only punctuation
    "Ceasefire.",
    "...",
]


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(TEXTS))


@pytest.mark.parametrize("k", range(len(TEXTS)))
def test_sentences_children_and_depth_are_spacys(docs, k: int) -> None:
    doc = docs[k]
    t = tree.Tree(doc)
    assert t.sentences() == list(doc.sents)
    for tok in doc:
        assert t.sent(tok) == tok.sent
        assert t.kids(tok) == tuple((c, c.dep_, c.lower_) for c in tok.children)
        assert t.children(tok) == list(tok.children)
        assert t.depth(tok) == len(list(tok.ancestors))
        for deps in (("nsubj", "nsubjpass"), ("prep",), ("punct", "cc")):
            assert t.child(tok, deps) == next((c for c in tok.children if c.dep_ in deps), None)
        assert t.has_dep(tok, "det") == any(c.dep_ == "det" for c in tok.children)


@pytest.mark.parametrize("k", range(len(TEXTS)))
def test_words_are_the_token_arrays(docs, k: int) -> None:
    doc = docs[k]
    assert tree.Tree(doc).words() == doc.to_array([LOWER, POS, LEMMA, DEP]).tolist()


def test_of_shares_one_tree_per_doc(docs) -> None:
    first = tree.of(docs[0])
    assert tree.of(docs[0]) is first
    other = tree.of(docs[1])
    assert other is not first and other.doc is docs[1]
    assert tree.of(docs[0]).doc is docs[0]  # asked again after another Doc: a fresh, correct one


def test_a_sentence_hook_is_obeyed(nlp) -> None:
    """A component that defines sentences by a hook: Token.sent is asked, not the sentence boundaries."""
    doc = nlp("Kenya invited Somalia. The envoy left on Monday.")
    whole = doc[0:len(doc)]
    doc.user_token_hooks["sent"] = lambda tok: whole
    t = tree.Tree(doc)
    assert t.hooked
    assert all(t.sent(tok) == whole for tok in doc)


@pytest.mark.parametrize("k", range(len(TEXTS)))
def test_passive_heads_and_sentence_starts(docs, k: int) -> None:
    doc = docs[k]
    assert _passive_heads(doc) == frozenset(t.head.i for t in doc if t.dep_ in ("nsubjpass", "auxpass"))
    assert dates._sentence_starts(doc) == [s.start_char for s in doc.sents]


def test_passive_heads_find_the_passive_verbs(docs) -> None:
    doc = docs[0]
    assert {doc[i].lower_ for i in _passive_heads(doc)} == {"attacked", "taken"}


#: an article written for this test: passive voice, a relative clause, coordination and a quote with its speaker
ARTICLE = (
    "Peru and Chile signed a fisheries accord in Lima on Tuesday. The accord was welcomed by Ecuador, "
    "which had mediated the talks. \"We will send observers to the border,\" the Bolivian foreign minister said."
)


def test_events_are_the_same_whether_the_tree_is_fresh_or_shared(nlp, stages) -> None:
    """The per-Doc memo is keyed on the Doc: another Doc read in between, or the same Doc read twice, changes nothing."""
    from datetime import date

    from detente.model import Article

    actors_stage, events_stage = stages
    article = Article(id="arrays-1", body=ARTICLE, published=date(2025, 3, 6), outlet="Test Wire")
    doc, other = nlp(ARTICLE), nlp(TEXTS[0])

    def events() -> list[dict]:
        return [e.to_dict() for e in events_stage(doc, article, actors_stage(doc, article))]

    first = events()
    assert first, "the article states events"
    assert events() == first  # the same Doc again: its memo reused
    events_stage(other, article, actors_stage(other, article))  # another Doc in between
    assert events() == first
