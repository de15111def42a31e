"""Selective parsing: the full spaCy pipeline only on sentences that can hold an event, the tokenizer elsewhere.

An event needs a trigger word with the words its lexicon entry needs, and someone to do it (see
`Candidates`). Sentences without both cannot yield an event, so they are only tokenised: their text and
offsets are in the Doc, their sentence boundaries too, but no tags, parse or entities. Runs of
neighbouring sentences of one kind are processed together, so a parsed sentence keeps its neighbours'
context where they are parsed too. The Doc handed to the stages covers the whole body, character
for character (`Doc.from_docs`), so every offset stays valid.

Trade-off: actors named only in skipped sentences, and known to neither the gazetteer nor the
dictionary, are not found (no NER there). On by default; `Options(selective=False)`, `--full-parse` or
DETENTE_SELECTIVE=0 parse every sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from detente.nlp import TIME_ZONES

#: sentence ends: . ! ? (and a closing quote or bracket) before whitespace and a capital or opening quote,
#: except after an initial ("U.S.", "J.") or a title's abbreviation ("Mr.", "Gen.")
_SENT_END = re.compile(r"""(?<=[.!?])["'”’)\]]?\s+(?=["“‘(\[]?[A-Z0-9])""")
_ABBREV = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|St|No|Jr|Sr|Gov|Sen|Rep|Prof|Capt|Maj|Adm|Mt|vs|etc|Inc|Co|Corp))\.$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
#: two capitalised words in a row (a name's shape): a skipped run with one is read by the entity recogniser
NAMEISH = re.compile(r"\b[A-Z][a-zà-ÿ'’-]+ (?:[A-Z]\.? |(?:al|el|bin|ibn|de|da|di|du|van|von|der|la|le)[ -])?[A-Z][a-zà-ÿ'’-]+")


#: a blank line: it ends a sentence whatever comes before it (a headline, a legend, a dateline without a full stop)
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
#: a clock time's "a.m."/"p.m." before its time zone ("at 9:54 a.m. ET (1354 UTC) ... and struck"): no sentence end
_CLOCK = re.compile(r"\b[ap]\.m\.$")
_ZONE = re.compile(r"\(?([A-Z]{2,5})\b")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, covering `text` end to end (trailing whitespace goes with the sentence)."""
    spans, start = [], 0
    ends = sorted([(m.start(), m.end(), False) for m in _SENT_END.finditer(text)]
                  + [(m.start(), m.end(), True) for m in _PARAGRAPH.finditer(text)])
    for m_start, m_end, paragraph in ends:
        if m_end <= start:
            continue
        if not paragraph and _ABBREV.search(text[max(start, m_start - 12):m_start].rstrip("\"'”’)]")):
            continue
        if not paragraph and _clock_zone(text, m_start, m_end):
            continue
        spans.append((start, m_end))
        start = m_end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _clock_zone(text: str, end: int, after: int) -> bool:
    """Whether a full stop at `end` closes the "a.m."/"p.m." of a clock time followed by its time zone."""
    zone = _ZONE.match(text, after)
    return bool(zone and zone.group(1) in TIME_ZONES and _CLOCK.search(text[max(0, end - 5):end]))


#: sentence openers that name nobody, besides the function words ("Several roads were closed")
OPENERS = frozenset("""several many most some both all each every few other such another any either neither much more
less however meanwhile later earlier still yet also then now today yesterday tomorrow thousands hundreds dozens
millions""".split())

@dataclass(frozen=True)
class Candidates:
    """Which sentences can hold an event: a trigger whose required words are there, and someone to do it.

    A trigger is any inflection (or irregular form, from the lemmatiser's tables) of a lexicon lemma. An entry
    that only fires with certain objects, modifiers or light verbs ("have" + talks, the noun "in" of "sit-in"
    + sit, the noun "strike" + go/call/join) needs one of those words in the sentence too. Obligation
    auxiliaries and threat markers count as triggers on their own. Someone to do it: a capitalised word
    (the first word of the sentence only if it is not a function word such as "The"), a pronoun, or a role or
    group noun ("officials", "troops", "the government"). Sentences failing either test cannot yield an event, so they are only tokenised.
    """

    #: word form -> for each entry it triggers, the word sets of which the sentence must hold one word each
    triggers: dict[str, tuple[tuple[frozenset[str], ...], ...]]
    #: word forms that make a sentence a candidate on their own (given an actor)
    markers: frozenset[str]
    #: lower-cased words that name or stand for an actor anywhere in a sentence
    actor_words: frozenset[str]
    #: function words: a capitalised first word among these ("The", "But") names nobody
    function_words: frozenset[str]

    def has_trigger(self, words: set[str]) -> bool:
        if words & self.markers:
            return True
        for w in words:
            for required in self.triggers.get(w, ()):
                if all(words & r for r in required):
                    return True
        return False

    def has_actor(self, words: list[str], lowered: set[str]) -> bool:
        if lowered & self.actor_words:
            return True
        if any(w[0].isupper() for w in words[1:]):
            return True
        # a capitalised first word may be a name the gazetteer does not know ("Kurti said"), unless it is "The"
        return bool(words) and words[0][0].isupper() and words[0].lower() not in self.function_words

    def __call__(self, sentence: str) -> bool:
        words = _WORD.findall(sentence)
        lowered = {w.lower() for w in words}
        return self.has_trigger(lowered) and self.has_actor(words, lowered)


@lru_cache(maxsize=4)
def candidates(model: str | None = None) -> Candidates:
    """The candidate test for the lexicon, the actors' data files and the model's lemmatiser tables."""
    from detente import lang, nlp
    from detente.actors import lexicon as roles_mod
    from detente.events import lexicon as lexicon_mod
    from detente.events.frames import PRONOUN_KINDS, SPEAKER_PRONOUNS, inflections

    lex = lexicon_mod.load()
    irregular: dict[str, set[str]] = {}
    pipeline = nlp.load(model)
    lemmatizer = pipeline.get_pipe("lemmatizer") if "lemmatizer" in pipeline.pipe_names else None
    if lemmatizer is not None and lemmatizer.lookups.has_table("lemma_exc"):
        for table in lemmatizer.lookups.get_table("lemma_exc").values():
            for form, bases in table.items():
                for base in bases:
                    irregular.setdefault(base.lower(), set()).add(form.lower())

    def forms_of(words: Iterable[str | None]) -> frozenset[str]:
        out: set[str] = set()
        for w in words:
            if w:
                # a multi-word lemma ("call for") is found by its first word; a hyphenated one by its pieces too
                head = w.split()[0].lower()
                out |= inflections(head) | irregular.get(head, set())
        return frozenset(out)

    triggers: dict[str, list[tuple[frozenset[str], ...]]] = {}
    for kind in lexicon_mod.KINDS:
        for lemma, entries in lex.entries[kind].items():
            for entry in entries:
                required = []
                if entry.objects is not None and None not in entry.objects:
                    required.append(forms_of(entry.objects))
                if entry.modifiers is not None:
                    required.append(forms_of(entry.modifiers))
                if entry.light_only is not None:  # a light verb, or a verb the noun is the subject of
                    required.append(forms_of([*entry.light_only, *(entry.subject_of or ())]))
                for form in forms_of([lemma]):
                    triggers.setdefault(form, []).append(tuple(required))
    # a judging verb makes an event only with a judgement's word in its sentence ("called the move a mistake")
    judgements = forms_of([*lex.words.get("negative_words", ()), *lex.words.get("positive_words", ())])
    for form in forms_of(lex.words.get("evaluation_verbs", ())):
        triggers.setdefault(form, []).append((judgements,))
    markers = frozenset(w.lower() for name in ("obligation_auxiliaries", "threat_markers") for w in lex.words.get(name, ()))
    roles = roles_mod.load()
    function_words = frozenset(lang.english_function_words()) | OPENERS
    role_words = {w for table in (roles.titles, roles.groups, roles.orgs) for phrase in table for w in phrase.split()}
    # the pronouns the frames resolve to an actor named elsewhere ("It has since staged strikes", "we will")
    pronouns = frozenset(PRONOUN_KINDS) | SPEAKER_PRONOUNS
    actor_words = frozenset((role_words | set(lex.words.get("government_nouns", ())) | pronouns)
                            - (frozenset(lang.english_function_words()) - pronouns))
    return Candidates(triggers={k: tuple(v) for k, v in triggers.items()}, markers=markers, actor_words=actor_words,
                      function_words=function_words)


def is_candidate(sentence: str, test: Candidates | None = None) -> bool:
    """Whether `sentence` can hold an event (see `Candidates`)."""
    return (test or candidates())(sentence)


def segments(text: str, test: Candidates) -> list[tuple[int, int, bool, list[int]]]:
    """Runs of sentences of one kind: (start, end, parse?, sentence starts relative to the run)."""
    out: list[tuple[int, int, bool, list[int]]] = []
    for s, e in sentence_spans(text):
        cand = test(text[s:e])
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
        self.test = candidates(model)
        #: the entity recogniser alone, for skipped runs that may name someone (see `_batch`)
        self.ner = self.nlp.get_pipe("ner") if "ner" in self.nlp.pipe_names else None
        #: sentences seen and sentences parsed, for the benchmark's report (and runs only NER read)
        self.sentences = 0
        self.parsed = 0
        self.recognised = 0

    def pipe(self, items: Iterable[tuple[str, Any]], batch_size: int = 32) -> Iterator[tuple[Any, Any]]:
        batch: list[tuple[str, Any]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._batch(batch, batch_size)
                batch = []
        if batch:
            yield from self._batch(batch, batch_size)

    def _recognise(self, batch: list[tuple[str, Any]], plans: list[list[tuple[int, int, bool, list[int]]]],
                   batch_size: int) -> dict[int, dict[int, Any]]:
        """Entities of the skipped runs that may name someone (`NAMEISH`: two capitalised words in a row after a
        run's first word): a person or body named only where no event is ("Mike Pence, the vice president, was
        in Ohio") is still an actor of the article, and its title a later surname's. The recogniser alone is
        about a third of the full pipeline's cost, run on a fraction of the skipped text.
        {article index in batch: {run start: Doc}}."""
        if self.ner is None:
            return {}
        where: list[tuple[int, int]] = []
        docs = []
        for n, ((text, _ctx), segs) in enumerate(zip(batch, plans, strict=True)):
            for s, e, parse, _starts in segs:
                if not parse and NAMEISH.search(text, s, e):
                    where.append((n, s))
                    docs.append(self.nlp.make_doc(text[s:e]))
        out: dict[int, dict[int, Any]] = {}
        for (n, s), doc in zip(where, self.ner.pipe(docs, batch_size=max(batch_size, len(docs))), strict=True):
            self.recognised += 1
            out.setdefault(n, {})[s] = doc
        return out

    def _joined(self, text: str, segs: list[tuple[int, int, bool, list[int]]], parsed: list[Any],
                named: dict[int, Any] | None = None) -> Any:
        """The body's Doc: tokenised once, the parsed runs' annotations copied in, flat trees elsewhere.

        What `Doc.from_docs` of the runs gives (the same attributes, `Doc._get_array_attrs`), without
        tokenising the skipped runs twice or building a Doc from words: None when a parsed run's tokens do not
        line up with the body's (the caller then joins with `from_docs`).

        A skipped run is a flat tree: every token of a sentence under the sentence's first. The tree is what
        keeps its sentence boundaries in the joined Doc (spaCy derives a parsed Doc's sentences from its
        heads); the label `dep` (unclassified) matches no rule. A skipped run the entity recogniser read alone
        (`named`: run start -> its Doc) keeps the entities it found.
        """
        import numpy
        from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX
        from spacy.tokens import Doc

        full = self.nlp.make_doc(text)
        attrs = list(Doc._get_array_attrs())
        values = full.to_array(attrs)
        idx = full.to_array([IDX]).astype(numpy.int64).ravel()
        head_col, dep_col = attrs.index(HEAD), attrs.index(DEP)
        ent_cols = [attrs.index(ENT_IOB), attrs.index(ENT_TYPE)]
        strings = self.nlp.vocab.strings
        dep_flat, dep_root = strings.add("dep"), strings.add("ROOT")
        runs = iter(parsed)
        for s, e, parse, starts in segs:
            a, b = (int(x) for x in numpy.searchsorted(idx, [s, e]))
            if parse:
                doc = next(runs)
                if len(doc) != b - a:
                    return None
                values[a:b] = doc.to_array(attrs)
                continue
            if a == b:
                continue
            # each sentence's first token (a token starting exactly where the sentence does) is its root
            is_root = numpy.zeros(b - a, dtype=bool)
            is_root[0] = True
            chars = numpy.asarray(starts, dtype=numpy.int64) + s
            at = numpy.searchsorted(idx[a:b], chars)
            hit = at < b - a
            at = at[hit]
            is_root[at[idx[a:b][at] == chars[hit]]] = True
            positions = numpy.arange(b - a)
            roots = numpy.maximum.accumulate(numpy.where(is_root, positions, 0))
            values[a:b, head_col] = (roots - positions).astype(numpy.int64).view(numpy.uint64)
            values[a:b, dep_col] = numpy.where(is_root, dep_root, dep_flat).astype(numpy.uint64)
            ner_doc = (named or {}).get(s)
            if ner_doc is not None and len(ner_doc) == b - a:
                values[a:b, ent_cols] = ner_doc.to_array([ENT_IOB, ENT_TYPE])
        full.from_array(attrs, values)
        return full

    def _batch(self, batch: list[tuple[str, Any]], batch_size: int) -> Iterator[tuple[Any, Any]]:
        import numpy
        from spacy.tokens import Doc

        plans = []
        to_parse: list[str] = []
        for text, _ctx in batch:
            segs = segments(text, self.test) if text else []
            plans.append(segs)
            for s, e, parse, starts in segs:
                self.sentences += len(starts)
                if parse:
                    self.parsed += len(starts)
                    to_parse.append(text[s:e])
        # one spaCy batch for the runs of `batch_size` articles: as much text per batch as a bare nlp.pipe of the
        # articles, where batches of `batch_size` runs (a few sentences each) made the network's matrices small
        parsed = iter(self.nlp.pipe(to_parse, batch_size=max(batch_size, len(to_parse))))
        named = self._recognise(batch, plans, batch_size)
        for n, ((text, ctx), segs) in enumerate(zip(batch, plans, strict=True)):
            if not segs:
                yield self.nlp.make_doc(text), ctx
                continue
            runs = [next(parsed) for s, e, parse, starts in segs if parse]
            if len(segs) == 1 and runs:
                yield runs[0], ctx
                continue
            joined = self._joined(text, segs, runs, named.get(n))
            if joined is not None:
                yield joined, ctx
                continue
            docs, left = [], iter(runs)
            for s, e, parse, starts in segs:
                if parse:
                    doc = next(left)
                    doc.tensor = numpy.zeros((len(doc), 0), dtype="float32")  # from_docs needs one width
                    docs.append(doc)
                    continue
                got = named.get(n, {}).get(s)  # a skipped run alone, with the entities read there
                docs.append(self._joined(text[s:e], [(0, e - s, False, starts)], [], {0: got} if got is not None else None))
            yield (docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)), ctx
