"""The attribute table gives what spaCy's attribute ruler gives, token for token, on sentences of every kind."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from detente import nlp
from detente.spacy_tables import AttributeTable, LemmaMemo, replace_ruler

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "Turkey suspended all trade with Israel on Thursday, the ministry said.",
    "There were talks in Baku, and there is no sign they will end soon.",
    # the ruler's multi-token rules: gonna, gotta, let's, c'mon, y'all, ain't
    "Y'all ain't gonna believe it, let's go; c'mon, there's gotta be more.",
    "It gets worse: he got tired of waiting and gets up.",
    "  \n\n  Whitespace  tokens \t between   words.\n",
    "The ministers' 12-point plan -- drafted in 2023 -- was rejected (again) by Yerevan.",
    "AZERBAIJAN'S PRESIDENT SAID THE TALKS WOULD RESUME.",
    "Die Regierung in Berlin hat am Freitag neue Sanktionen angekündigt.",
    "",
    "...",
    # lemmas that hang on POS and morphology: the same word as noun and verb, comparatives, irregular plurals
    "The strikes continued as workers strike again; better talks, worse strikes, the best of the children's mice.",
    "She was leaving; they had left; he leaves the leaves on the ground; it is being done.",
]


@pytest.fixture(scope="module")
def pipelines() -> tuple[object, object]:
    """spaCy's pipeline as shipped plus detente's paragraph component (blank lines end sentences; not a table), and
    detente's pipeline: they must annotate alike."""
    stock = spacy.load(nlp.DEFAULT_MODEL)
    nlp.add_paragraphs(stock)
    return stock, nlp.load()


def _annotations(doc: object) -> tuple[object, ...]:
    return (doc.to_array([POS, TAG, MORPH, LEMMA, DEP, HEAD]).tolist(),  # type: ignore[attr-defined]
            [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in doc])  # type: ignore[attr-defined]


def test_detente_pipeline_uses_the_tables_and_the_stock_one_spacys_components(pipelines: tuple[object, object]) -> None:
    stock, ours = pipelines
    assert type(stock.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"  # type: ignore[attr-defined]
    assert type(stock.get_pipe("lemmatizer")).__name__ == "EnglishLemmatizer"  # type: ignore[attr-defined]
    assert isinstance(ours.get_pipe("attribute_ruler"), AttributeTable)  # type: ignore[attr-defined]
    assert isinstance(ours.get_pipe("lemmatizer"), LemmaMemo)  # type: ignore[attr-defined]
    assert stock.pipe_names == ours.pipe_names  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", SENTENCES)
def test_same_annotations_as_the_ruler(pipelines: tuple[object, object], text: str) -> None:
    stock, ours = pipelines
    assert _annotations(ours(text)) == _annotations(stock(text))  # type: ignore[operator]


def test_multi_token_rules_apply(pipelines: tuple[object, object]) -> None:
    _stock, ours = pipelines
    doc = ours("We are gonna see, let's wait.")  # type: ignore[operator]
    lemmas = {t.text: t.lemma_ for t in doc}
    assert (lemmas["gon"], lemmas["na"], lemmas["'s"]) == ("go", "to", "us")


def test_same_annotations_on_the_example_articles(pipelines: tuple[object, object]) -> None:
    stock, ours = pipelines
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "examples").rglob("*.txt"))][:6]
    assert texts
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):  # type: ignore[attr-defined]
        assert _annotations(b) == _annotations(a)


def test_a_ruler_beyond_the_table_is_left_in_place() -> None:
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "talks", "OP": "+"}]], {"LEMMA": "talk"})
    assert AttributeTable.from_ruler(ruler) is None
    assert replace_ruler(blank) is False
    assert blank.get_pipe("attribute_ruler") is ruler


def test_a_ruler_on_other_attributes_is_left_in_place() -> None:
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"SHAPE": "Xxxx"}]], {"POS": "PROPN"})
    assert replace_ruler(blank) is False


def test_later_rules_win_as_in_the_ruler() -> None:
    texts = ["Talks ended.", "talks talk TALKS"]
    built = []
    for swap in (False, True):
        blank = spacy.blank("en")
        ruler = blank.add_pipe("attribute_ruler")
        ruler.add([[{"LOWER": "talks"}]], {"LEMMA": "talk", "POS": "NOUN"})
        ruler.add([[{"LOWER": {"IN": ["talks", "talk"]}}]], {"POS": "VERB"})
        ruler.add([[{"LOWER": {"REGEX": "^tal"}}, {"LOWER": "talk"}]], {"LEMMA": "chat"}, index=-1)
        if swap:
            assert replace_ruler(blank) is True
        built.append([[(t.pos_, t.lemma_) for t in blank(x)] for x in texts])
    assert built[0] == built[1]
    assert built[1][1] == [("VERB", "talk"), ("VERB", "chat"), ("VERB", "talk")]


def test_a_lemmatizer_that_overwrites_is_left_in_place() -> None:
    blank = spacy.blank("en")
    lemmatizer = blank.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": True})
    assert LemmaMemo.from_lemmatizer(lemmatizer) is None


def test_lemmas_stay_right_after_the_memo_has_seen_a_word(pipelines: tuple[object, object]) -> None:
    stock, ours = pipelines
    text = "Rebels strike the base. The strike failed. Rebels struck again; strikes resumed."
    first, again = ours(text), ours(text)  # type: ignore[operator]
    assert [t.lemma_ for t in first] == [t.lemma_ for t in again] == [t.lemma_ for t in stock(text)]  # type: ignore[operator]


def test_nlp_pipe_goes_through_the_tables(pipelines: tuple[object, object]) -> None:
    stock, ours = pipelines
    texts = ["Ministers from eleven countries gathered in Lusaka.", "The envoys were meeting again on Sunday."]
    lemmatizer = ours.get_pipe("lemmatizer")  # type: ignore[attr-defined]
    lemmatizer._memo.clear()
    got = [_annotations(d) for d in ours.pipe(texts)]  # type: ignore[attr-defined]
    assert lemmatizer._memo, "nlp.pipe must call the memo, not the wrapped lemmatizer's own pipe"
    assert got == [_annotations(d) for d in stock.pipe(texts)]  # type: ignore[attr-defined]


def test_a_full_memo_is_cleared_between_docs_not_inside_one(pipelines: tuple[object, object], monkeypatch) -> None:
    from detente import spacy_tables

    stock, ours = pipelines
    monkeypatch.setattr(spacy_tables, "MEMO_LIMIT", 3)  # far fewer entries than one sentence has distinct tokens
    for text in SENTENCES[:3]:
        assert _annotations(ours(text)) == _annotations(stock(text))  # type: ignore[operator]
