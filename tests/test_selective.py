"""Selective parsing: sentences split right, only event-bearing ones parsed, and the same events come out."""
from __future__ import annotations

import pytest

from detente.model import Article
from detente.pipeline import Options, Pipeline
from detente.selective import SelectivePipe, candidates, is_candidate, sentence_spans

# written for this test: a wire-style story with background sentences between the event sentences
STORY = (
    "Kazakhstan and Kyrgyzstan signed an agreement on water sharing in Astana on Tuesday. "
    "The weather was mild and the streets were quiet.\n\n"
    "U.S. Secretary of State Marco Rubio welcomed the deal. Gen. Ivanov, a retired officer, was in the audience. "
    "Uzbekistan accused Tajikistan of blocking a canal near the border.\n\n"
    "Turnout was below 40 percent. The harvest was poor this year."
)


@pytest.mark.parametrize(("text", "sentences"), [
    ("One. Two.", ["One. ", "Two."]),
    ("U.S. officials met. Then they left.", ["U.S. officials met. ", "Then they left."]),
    ("Gen. Smith spoke. Mr. Jones did not.", ["Gen. Smith spoke. ", "Mr. Jones did not."]),
    ('He said "no." Then he left.', ['He said "no." ', "Then he left."]),
    ("Talks ended.\n\nA new paragraph.", ["Talks ended.\n\n", "A new paragraph."]),
    ("It rose 2.5 percent. Prices fell.", ["It rose 2.5 percent. ", "Prices fell."]),
    # a blank line ends a sentence with no full stop: a headline, a map legend, a dateline
    ("Kenya votes\n\nKenyans voted on Tuesday.", ["Kenya votes\n\n", "Kenyans voted on Tuesday."]),
    ("\u2588\u2588 Territory held by Armenia\n \n\u2588\u2588 Captured by Azerbaijan\n\nTalks began.",
     ["\u2588\u2588 Territory held by Armenia\n \n", "\u2588\u2588 Captured by Azerbaijan\n\n", "Talks began."]),
    # a clock time's "a.m." before its time zone ends no sentence; before anything else it may
    ("The jet landed at 9:54 a.m. ET (1354 UTC) and struck a fence.", ["The jet landed at 9:54 a.m. ET (1354 UTC) and struck a fence."]),
    ("Polls opened at 7 a.m. GMT on Sunday.", ["Polls opened at 7 a.m. GMT on Sunday."]),
    ("It began at 9 a.m. The army came.", ["It began at 9 a.m. ", "The army came."]),
])
def test_sentence_spans(text, sentences):
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == sentences
    assert spans[0][0] == 0 and spans[-1][1] == len(text)


def test_the_parser_starts_a_sentence_after_a_blank_line(nlp):
    """The parsed runs keep the blank-line boundaries too (detente.nlp's paragraph component, before the parser):
    a closing quote or a headline is not glued to the next paragraph's sentence."""
    doc = nlp("Kenya votes on its new constitution\n\nKenyan voters queued in Nairobi on Tuesday. \"We want change\"\n\n"
              "Police said the vote was calm.")
    starts = [s.text.strip() for s in doc.sents]
    assert "Police said the vote was calm." in starts
    assert starts[0] == "Kenya votes on its new constitution"


def test_the_parser_ends_no_sentence_at_a_clock_times_am(nlp):
    """ "at 9:54 a.m. ET (1354 UTC) during an attempted landing, and struck ...": one sentence for the parser too."""
    doc = nlp("The Kenyan plane crashed at 9:54 a.m. EST (1454 UTC) during landing and struck a fence. It burned.")
    assert [s.text.strip() for s in doc.sents][0].endswith("struck a fence.")


@pytest.fixture(scope="module")
def test(nlp):
    return candidates()


@pytest.mark.parametrize(("sentence", "candidate"), [
    ("Armenia accused Azerbaijan of shelling border villages.", True),
    ("Poland imposed sanctions on Belarusian officials.", True),
    ("The two leaders met in Geneva.", True),  # irregular form of a trigger lemma
    ("It has since staged hundreds of air strikes.", True),  # a pronoun stands for the actor
    ("Officials declined to give details of the draft.", True),  # a group noun may be an actor
    ("Kurti accused the opposition of stalling.", True),  # an unknown name at the start of a sentence
    ("The government must withdraw the decree, the union said.", True),  # an obligation auxiliary
    ("Hundreds staged a sit-in outside the ministry in Tirana.", True),
    ("The weather was mild and the streets were quiet.", False),
    ("The harvest was poor this year.", False),
    ("Several roads were closed for the occasion.", False),  # a trigger, but nobody to do it
    ("The last census was held more than a decade ago.", False),
    ("Both sides have had problems with the new software.", False),  # "have" needs talks or ties
    ("The teams sat in the shade.", False),  # the noun "in" of "sit-in" needs "sit"
])
def test_trigger_candidates(test, sentence, candidate):
    assert is_candidate(sentence, test) is candidate


def test_doc_covers_the_body_and_skips_background(nlp):
    pipe = SelectivePipe()
    (doc, ctx), = list(pipe.pipe([(STORY, "ctx")]))
    assert ctx == "ctx" and doc.text == STORY
    assert 0 < pipe.parsed < pipe.sentences
    parsed_sents = [s.text.strip() for s in doc.sents if any(t.tag_ for t in s)]  # tagged: went through the pipeline
    assert any(s.startswith("Kazakhstan and Kyrgyzstan signed") for s in parsed_sents)
    assert not any(s.startswith("Turnout") for s in parsed_sents)
    assert [s.text.strip() for s in doc.sents if s.text.startswith("Turnout")] == ["Turnout was below 40 percent."]
    weather = next(s for s in doc.sents if s.text.startswith("The weather"))
    assert weather.text == "The weather was mild and the streets were quiet.\n\n"  # its own sentence, not glued on


def test_same_events_as_the_full_parse(nlp):
    art = Article(body=STORY, sources=["story.txt"])
    full = Pipeline(Options(selective=False)).run([art])
    selective = Pipeline(Options(selective=True)).run([Article(body=STORY, sources=["story.txt"])])

    def key(ext):
        return sorted((e.type, e.evidence.start, e.evidence.sentence) for e in ext.events)

    f, s = key(next(full)), key(next(selective))
    assert f and f == s


def test_the_from_docs_fallback_builds_the_same_doc(nlp, monkeypatch):
    """Where a parsed run's tokens would not line up with the body's, the runs are joined with Doc.from_docs:
    the Doc must be the same, attribute by attribute and sentence by sentence."""
    from spacy.tokens import Doc

    pipe = SelectivePipe()
    (direct, _), = pipe.pipe([(STORY, None)])
    joined = SelectivePipe._joined
    monkeypatch.setattr(SelectivePipe, "_joined",
                        lambda self, text, segs, parsed, named=None: None if parsed else joined(self, text, segs, parsed, named))
    (fallback, _), = pipe.pipe([(STORY, None)])
    attrs = list(Doc._get_array_attrs())
    assert fallback.text == direct.text == STORY
    assert (fallback.to_array(attrs) == direct.to_array(attrs)).all()
    assert [s.text for s in fallback.sents] == [s.text for s in direct.sents]
