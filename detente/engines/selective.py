"""Selective parsing: the full spaCy pipeline only on sentences that can hold an event, the tokenizer elsewhere.

An event needs a trigger word (a lexicon lemma in any inflection, an obligation auxiliary, a threat
marker). Sentences without one cannot yield an event, so they are only tokenised: their text and
offsets are in the Doc, their sentence boundaries too, but no tags, parse or entities. Runs of
neighbouring sentences of one kind are processed together, so a parsed sentence keeps its neighbours'
context where they are parsed too. The Doc handed to the stages covers the whole body, character
for character (`Doc.from_docs`), so every offset stays valid.

Trade-off: actors named only in skipped sentences, and known to neither the gazetteer nor the
dictionary, are not found (no NER there). Off by default: `Options(selective=True)`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

#: sentence ends: . ! ? (and a closing quote or bracket) before whitespace and a capital or opening quote,
#: except after an initial ("U.S.", "J.") or a title's abbreviation ("Mr.", "Gen.")
_SENT_END = re.compile(r"""(?<=[.!?])["'”’)\]]?\s+(?=["“‘(\[]?[A-Z0-9])""")
_ABBREV = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|St|No|Jr|Sr|Gov|Sen|Rep|Prof|Capt|Maj|Adm|Mt|vs|etc|Inc|Co|Corp))\.$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, covering `text` end to end (trailing whitespace goes with the sentence)."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        if _ABBREV.search(text[max(start, m.start() - 12):m.start()].rstrip("\"'”’)]")):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@lru_cache(maxsize=4)
def trigger_forms(model: str | None = None) -> frozenset[str]:
    """Every lower-cased word form that can make the events stage look at a sentence."""
    from detente import nlp
    from detente.events import lexicon as lexicon_mod
    from detente.events.frames import inflections

    lex = lexicon_mod.load()
    lemmas = {w.split()[0].lower() for kind in lexicon_mod.KINDS for w in lex.trigger_lemmas(kind) if w.strip()}
    forms = {f for w in lemmas for f in inflections(w)}
    for name in ("obligation_auxiliaries", "threat_markers"):
        forms |= {w.lower() for w in lex.words.get(name, ())}
    # irregular forms the lemmatiser maps to a trigger lemma ("met" -> meet, "struck" -> strike)
    lemmatizer = nlp.load(model).get_pipe("lemmatizer") if "lemmatizer" in nlp.load(model).pipe_names else None
    if lemmatizer is not None and lemmatizer.lookups.has_table("lemma_exc"):
        for table in lemmatizer.lookups.get_table("lemma_exc").values():
            for form, bases in table.items():
                if any(b.lower() in lemmas for b in bases):
                    forms.add(form.lower())
    return frozenset(forms)


def is_candidate(sentence: str, forms: frozenset[str]) -> bool:
    return any(w.lower() in forms for w in _WORD.findall(sentence))


def segments(text: str, forms: frozenset[str]) -> list[tuple[int, int, bool, list[int]]]:
    """Runs of sentences of one kind: (start, end, parse?, sentence starts relative to the run)."""
    out: list[tuple[int, int, bool, list[int]]] = []
    for s, e in sentence_spans(text):
        cand = is_candidate(text[s:e], forms)
        if out and out[-1][2] == cand:
            start, _end, _c, starts = out[-1]
            out[-1] = (start, e, cand, starts + [s - start])
        else:
            out.append((s, e, cand, [0]))
    return out


class SelectivePipe:
    """`nlp.pipe(texts, as_tuples=True)` that runs the pipeline only where an event can be."""

    def __init__(self, model: str | None = None) -> None:
        from detente import nlp

        self.nlp = nlp.load(model)
        self.forms = trigger_forms(model)
        #: sentences seen and sentences parsed, for the benchmark's report
        self.sentences = 0
        self.parsed = 0

    def pipe(self, items: Iterable[tuple[str, Any]], batch_size: int = 32) -> Iterator[tuple[Any, Any]]:
        batch: list[tuple[str, Any]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._batch(batch, batch_size)
                batch = []
        if batch:
            yield from self._batch(batch, batch_size)

    def _flat(self, text: str, starts: list[int]) -> Any:
        """A tokenised-only run of sentences, each a flat tree (every token under the sentence's first).

        The tree is what keeps sentence boundaries once the run is joined to parsed Docs: spaCy derives
        a parsed Doc's sentences from its heads. The label `dep` (unclassified) matches no rule.
        """
        from spacy.tokens import Doc

        toks = self.nlp.make_doc(text)
        chars = set(starts)
        heads, deps, root = [], [], 0
        for tok in toks:
            if tok.i == 0 or tok.idx in chars:
                root = tok.i
            heads.append(root)
            deps.append("ROOT" if tok.i == root else "dep")
        return Doc(self.nlp.vocab, words=[t.text for t in toks], spaces=[bool(t.whitespace_) for t in toks],
                   heads=heads, deps=deps)

    def _batch(self, batch: list[tuple[str, Any]], batch_size: int) -> Iterator[tuple[Any, Any]]:
        import numpy
        from spacy.tokens import Doc

        plans = []
        to_parse: list[str] = []
        for text, _ctx in batch:
            segs = segments(text, self.forms) if text else []
            plans.append(segs)
            for s, e, parse, starts in segs:
                self.sentences += len(starts)
                if parse:
                    self.parsed += len(starts)
                    to_parse.append(text[s:e])
        parsed = iter(self.nlp.pipe(to_parse, batch_size=batch_size))
        for (text, ctx), segs in zip(batch, plans, strict=True):
            if not segs:
                yield self.nlp.make_doc(text), ctx
                continue
            docs = []
            for s, e, parse, starts in segs:
                if parse:
                    doc = next(parsed)
                    doc.tensor = numpy.zeros((len(doc), 0), dtype="float32")  # from_docs needs one width
                    docs.append(doc)
                    continue
                docs.append(self._flat(text[s:e], starts))
            yield (docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)), ctx
