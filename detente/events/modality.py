"""How an event is stated (modality) and who states it (attribution).

Modality, one of `detente.model.MODALITIES`, first match wins:

- negated: the event is stated as NOT happening: "will not normalize", "did not attend", "no talks were
  held", the complement of "refused to" / "failed to" / "denied" (the refusal itself is an asserted
  REJECT: `modality(refused)` is asserted, `modality(meet)` in "refused to meet" is negated).
- conditional: "if lasting peace is established", "would", "could", "threatened to", "is ready to".
- claimed: "allegedly", "reportedly", "X claimed that ...", the accused act of "accused X of ..." (the
  accusation itself is asserted).
- planned: "will visit", "plans to", "is expected to", "agreed to", "the upcoming visit", an intention,
  or a date after publication.
- historical: "used to", "formerly", or a date that ended more than HISTORICAL_YEARS before publication.
- asserted: everything else.

Attribution: see `Attributor`.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from detente import nlp
from detente.events import tree as _tree
from detente.model import Actor, Article, Attribution, DateSpan

#: an event whose date ended more than this many years before publication is history, not news:
#: a war of 2020 read in mid-2025 is background (4.5 years), a 2023 offensive read then is not (1.8).
#: No gold to calibrate against; chosen so that "last year" and "the year before" stay asserted.
HISTORICAL_YEARS = 3
#: how many opening sentences may name another outlet as the article's source ("..., The Eurasian Times writes.")
LEAD_SENTENCES = 3
#: how many governors up the tree a cue may sit ("said it would not agree to plan to visit" is deep enough)
GOVERNOR_DEPTH = 4
#: dependency labels through which a complement hangs off its governor
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "acl", "advcl", "pcomp", "pobj", "prep", "relcl", "dobj", "acomp", "oprd"})
#: how reported content hangs off a speech verb ("said THAT ...", "claimed TO HAVE", "..., he said")
CONTENT_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "oprd"})
#: a quote's speaker stands this many tokens after its closing quote at most ("...,” a senior official told)
QUOTE_SPEAKER_WINDOW = 8


# ---------------------------------------------------------------- vocabulary


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("detente.events").joinpath("data", name).read_text("utf-8"))


def _words(data: dict[str, Any], key: str, source: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
        raise ValueError(f"{source}: {key} must be a non-empty list of words")
    return frozenset(w.lower() for w in value)


@dataclass(frozen=True)
class Cues:
    """The words of data/modality.toml and data/attribution.toml."""

    words: dict[str, frozenset[str]]
    outlets: dict[str, str]
    media_name_heads: frozenset[str]

    def __getitem__(self, key: str) -> frozenset[str]:
        return self.words[key]


_MODALITY_KEYS = ("negators", "negating_governors", "negative_arguments", "planned_auxiliaries", "planning_governors", "planning_modifiers",
                  "conditional_marks", "conditional_auxiliaries", "conditional_governors", "hedges", "claim_governors",
                  "historical_markers", "historical_governors", "reported_future", "habitual_adverbs")
_ATTRIBUTION_KEYS = ("speech_verbs", "media_verbs", "media_nouns", "document_nouns", "document_modifiers", "anonymous_nouns",
                     "anonymity_markers", "person_pronouns")


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    """Loaded once and validated: every list present and non-empty, every outlet with a 3-letter code."""
    m, a = _read("modality.toml"), _read("attribution.toml")
    words = {k: _words(m, k, "modality.toml") for k in _MODALITY_KEYS}
    words.update({k: _words(a, k, "attribution.toml") for k in _ATTRIBUTION_KEYS})
    outlets = dict(a.get("outlets", {}))
    bad = [k for k, v in outlets.items() if not re.fullmatch(r"[A-Z]{3}", str(v))]
    if bad or not outlets:
        raise ValueError(f"attribution.toml [outlets]: codes must be ISO alpha-3 ({bad})")
    heads = frozenset(a.get("media_name_heads", []))
    if not heads:
        raise ValueError("attribution.toml: media_name_heads must be a non-empty list")
    return Cues(words, outlets, heads)


# ---------------------------------------------------------------- modality


def _lemma(tok: Token) -> str:
    return str(tok.lemma_).lower()


#: lemma string id -> the lemma lower-cased (ids are the same in every vocabulary); bounded, as a long run meets new words
_LOWER: dict[int, str] = {}
_LOWER_SIZE = 1 << 16
_VERB_POS = frozenset((VERB, AUX))
_MEDIA_VERB_DEPS = frozenset(get_string_id(d) for d in ("ROOT", "parataxis", "ccomp", "advcl"))


def _lower(lemma: int, doc: Doc) -> str:
    """What `_lemma` gives for a token whose LEMMA is the string id `lemma`."""
    got = _LOWER.get(lemma)
    if got is None:
        if len(_LOWER) >= _LOWER_SIZE:
            _LOWER.clear()
        got = _LOWER[lemma] = doc.vocab.strings[lemma].lower()
    return got


def _is(tok: Token, key: str) -> bool:
    """Whether a word is in a cue list, forgiving the small model's lemma slips ("hopes" -> "hop")."""
    words = cues()[key]
    low = tok.lower_
    return _lemma(tok) in words or low in words or low[:-1] in words or low[:-2] in words


def governors(trigger: Token, depth: int = GOVERNOR_DEPTH) -> list[Token]:
    """The words the trigger is a complement of, nearest first ("refused" over "meet" in "refused to meet")."""
    out: list[Token] = []
    tok = trigger
    while len(out) < depth and tok.dep_ in COMPLEMENT_DEPS and tok.head.i != tok.i:
        if tok.dep_ == "relcl" and not _takes_content(tok.head):
            break  # "a law that would allow extraditing people who had been accused": the relative clause states its own
        tok = tok.head
        if tok.dep_ == "prep" or tok.pos_ == "ADP":  # "accused Ankara OF seeking": step over the preposition
            continue
        out.append(tok)
    return out


#: the arguments of an act that can be no one ("no troops were injured", "sent nothing")
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})
#: the cue lists whose nouns take a content clause the small model parses as a relative one ("an allegation he assaulted")
_CONTENT_NOUN_CUES = ("claim_governors", "planning_governors", "conditional_governors", "negating_governors")


def _takes_content(noun: Token) -> bool:
    return any(_is(noun, key) for key in _CONTENT_NOUN_CUES)


def _has_child(tok: Token, words: frozenset[str], deps: tuple[str, ...]) -> Token | None:
    return next((c for c, dep, low in _tree.of(tok.doc).kids(tok) if low in words and dep in deps), None)


def negation(trigger: Token, govs: list[Token] | None = None) -> Token | None:
    """The word that states the event as not happening (a negator or a refusal governor), if any.

    `govs` is `governors(trigger)` when the caller has it already (explain() walks the tree once for all tests).
    """
    c = cues()
    hit = _has_child(trigger, c["negators"], ("neg", "det", "advmod", "preconj", "cc"))
    if hit is not None:
        return hit
    if trigger.dep_ in ("pobj", "pcomp") and trigger.head.lower_ == "without":
        return trigger.head
    hit = _none_argument(trigger)
    if hit is not None:
        return hit
    for gov in governors(trigger) if govs is None else govs:
        if _lemma(gov) in c["speech_verbs"] and _lemma(gov) not in c["negating_governors"]:
            return None  # "X did not say that Y attacked": a negated saying, not a negated attack
        if _is(gov, "negating_governors"):
            return gov
        neg = _has_child(gov, c["negators"], ("neg",))
        if neg is not None and (_is(gov, "planning_governors") or _is(gov, "conditional_governors") or _lemma(gov) in ("able", "be")):
            return neg  # "did not agree to meet", "is not ready to sign"
    return None


def _none_argument(trigger: Token) -> Token | None:
    """A subject or object that is no one: "conceded nothing", "nobody was arrested", "sent no troops", "none of them";
    the subject may be the one of the verb the trigger completes ("no one tried to storm the base")."""
    kids = _tree.of(trigger.doc).kids
    nobody = cues()["negative_arguments"]
    tok = trigger
    while True:
        for child, dep, low in kids(tok):
            if dep not in _ARGUMENT_DEPS or (tok is not trigger and dep == "dobj"):
                continue
            if low in nobody:
                return child
            det = next((c for c, d, lw in kids(child) if d == "det" and lw == "no"), None)
            if det is not None:
                return det
        if tok.dep_ != "xcomp" or tok.head.i == tok.i:
            return None
        tok = tok.head


def habitual(tok: Token) -> bool:
    """ "they would sometimes kill the farmers", "the police would often beat us": a "would" with a word of habit is
    the past's habit, neither a condition nor an intent."""
    return _has_child(tok, cues()["habitual_adverbs"], ("advmod",)) is not None


def _conditional(trigger: Token, govs: list[Token]) -> Token | None:
    c = cues()
    kids = _tree.of(trigger.doc).kids
    marks = c["conditional_marks"]
    for tok in [trigger, *govs]:
        hit = _has_child(tok, c["conditional_auxiliaries"], ("aux",))
        if hit is not None and hit.lower_ == "would" and habitual(tok):
            hit = None
        if hit is not None and not (hit.lower_ in c["reported_future"] and _reported(tok, kids, marks)):
            return hit
        for child, dep, _low in kids(tok):
            if dep == "advcl" and any(d == "mark" and low in marks for _m, d, low in kids(child)):
                return child
        if tok.dep_ == "advcl" and any(d == "mark" and low in marks for _m, d, low in kids(tok)):
            return tok  # the condition itself: "if lasting peace IS ESTABLISHED"
        if tok.i != trigger.i and _is(tok, "conditional_governors"):
            return tok
        if _lemma(tok) in c["speech_verbs"] and tok.i != trigger.i:
            break
    return None


def _claimed(trigger: Token, govs: list[Token]) -> Token | None:
    c = cues()
    for tok in [trigger, *govs]:
        hit = _has_child(tok, c["hedges"], ("advmod", "amod", "acomp"))
        if hit is not None:
            return hit
        if tok.i != trigger.i and _is(tok, "claim_governors"):
            return tok
        noun = _claim_noun_before(tok)
        if noun is not None:
            return noun
    return None


def _claim_noun_before(clause: Token) -> Token | None:
    """The claim noun a clause follows with no "that" or with one, when the parser has not hung the clause from it
    ("stemmed from allegations Trump tried to pressure ...", "face allegations they failed to react")."""
    subj = _tree.of(clause.doc).child(clause, ("nsubj", "nsubjpass")) if clause.pos_ in ("VERB", "AUX") else None
    if subj is None or subj.i > clause.i:
        return None
    i = subj.left_edge.i - 1
    doc = clause.doc
    if i >= 0 and doc[i].lower_ == "that":
        i -= 1
    if i >= 0 and doc[i].pos_ == "NOUN" and clause.head.i != doc[i].i and _is(doc[i], "claim_governors"):
        return doc[i]
    return None


def _planned(trigger: Token, govs: list[Token]) -> Token | None:
    c = cues()
    hit = _has_child(trigger, c["planning_modifiers"], ("amod", "compound", "nmod"))
    if hit is not None:
        return hit
    kids = _tree.of(trigger.doc).kids
    for tok in [trigger, *govs]:
        hit = _has_child(tok, c["planned_auxiliaries"], ("aux", "auxpass"))
        if hit is not None:
            return hit
        hit = _has_child(tok, c["reported_future"], ("aux",))
        if hit is not None and _reported(tok, kids, c["conditional_marks"]) and not habitual(tok):
            return hit  # "said the government would pressure the US": a future told in the past
        if tok.i != trigger.i and _is(tok, "planning_governors"):
            return tok
        if _lemma(tok) in c["speech_verbs"] and tok.i != trigger.i:
            break
    return None


def _reported(clause: Token, kids: Any, marks: frozenset[str]) -> bool:
    """Whether a clause is the complement of a speech verb and holds no condition: its "would" is the future of
    what was said ("Mexico said it would seek extradition"), not a hypothetical."""
    if clause.dep_ not in ("ccomp", "xcomp") or _lemma(clause.head) not in cues()["speech_verbs"]:
        return False
    return not any(dep == "advcl" and any(d == "mark" and low in marks for _m, d, low in kids(child))
                   for child, dep, _low in kids(clause))


def _historical(trigger: Token, govs: list[Token]) -> Token | None:
    """`govs`: the two nearest governors (`governors(trigger, 2)`, the start of `governors(trigger)`)."""
    c = cues()
    for tok in [trigger, *govs]:
        hit = _has_child(tok, c["historical_markers"], ("advmod",))
        # "Russia once supplied", not "once that oil is loaded" (a subordinator the parse calls advmod)
        if hit is not None and (hit.i + 1 == tok.i or hit.nbor(1).dep_ in ("aux", "auxpass", "neg")):
            return hit
        if tok.i != trigger.i and tok.lower_ == "used" and _lemma(tok) in c["historical_governors"] and trigger.dep_ == "xcomp" \
                and not _tree.of(tok.doc).has_dep(tok, "dobj"):
            return tok  # "used to supply", not "is using its ties to defuse"
    return None


def explain(trigger: Token, date: DateSpan | None = None, published: dt.date | None = None) -> tuple[str, Token | None]:
    """(modality, the word that decided it); the word is None for asserted events and date-based ones."""
    govs = governors(trigger)
    for name, test in (("negated", negation), ("conditional", _conditional), ("claimed", _claimed), ("planned", _planned)):
        cue = test(trigger, govs)
        if cue is not None:
            return name, cue
    if date is not None and published is not None and date.start > published:
        return "planned", None
    cue = _historical(trigger, govs[:2])
    if cue is not None:
        return "historical", cue
    if date is not None and published is not None and date.end < _years_before(published, HISTORICAL_YEARS):
        return "historical", None
    return "asserted", None


def modality(trigger: Token, date: DateSpan | None = None, published: dt.date | None = None) -> str:
    """One of asserted, planned, conditional, negated, historical, claimed (see the module docstring)."""
    return explain(trigger, date, published)[0]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# ---------------------------------------------------------------- attribution


@dataclass
class _Quote:
    start: int
    end: int
    speaker: Attribution | None = None


class Attributor:
    """Who asserts each event of one article: the outlet, or the person, official, outlet or document it quotes.

    Calls may come in any order; everything it learns is keyed by position in the body. Cases:
    direct and reported speech in the trigger's sentence ("X said", "told AFP", "according to X",
    "Turkish media claimed that"), quotes whose speaker is named after or before them or in the
    previous adjacent quote, "he/she" resolved to the last person mention before it, "the publication"
    resolved to the outlet the article cites. When nothing applies, the article's own source: another
    outlet its lead cites as a whole ("..., The Eurasian Times writes.") or else the outlet itself
    (kind "outlet"); None only when the article's outlet is unknown.
    """

    def __init__(self, article: Article, actors: list[Actor]) -> None:
        self.article = article
        self.actors = actors
        self._doc: Doc | None = None
        self._text = ""  # doc.text, which spaCy rebuilds from the tokens on every access
        self._quotes: list[_Quote] = []
        self._cue_tokens: dict[tuple[int, int], list[Token]] = {}  # per sentence: "according" and speech verbs
        self._arr: list[list[int]] = []  # per token of the doc: LOWER, POS, LEMMA, DEP string ids
        self._cue_index: list[int] | None = None  # the doc's tokens that may introduce a source, in order
        self._anonymous: dict[int, bool] = {}  # per sentence start: whether it hides its source
        self._speakers: dict[int, Attribution | None] = {}  # per speech verb, once the article's source is known
        self._ents: tuple[Span, ...] = ()  # doc.ents, which spaCy rebuilds on every access
        self._cites_outlet = True  # whether any outlet name occurs in the body at all
        self._source: Attribution | None = None
        self._persons = sorted(((m.start, m.end, a) for a in actors if a.kind == "person" for m in a.mentions), key=lambda t: t[0])
        self._others = sorted(((m.start, m.end, a) for a in actors if a.kind != "person" for m in a.mentions), key=lambda t: t[0])

    def attribution(self, sent: Span, trigger: Token) -> Attribution | None:
        """Who asserts the event `trigger` names in `sent`."""
        self._prepare(sent.doc)
        found = self._speech(sent, trigger)
        if found is not None:
            return found
        quote = next((q for q in self._quotes if q.start <= trigger.idx < q.end), None)
        if quote is not None and quote.speaker is not None:
            return quote.speaker
        return self.default()

    def default(self) -> Attribution | None:
        """The article's own voice: the outlet it rewrites, or the outlet itself."""
        if self._source is not None:
            return self._source
        if self.article.outlet:
            return Attribution(kind="outlet", name=self.article.outlet)
        return None

    # -- per article
    def _prepare(self, doc: Doc) -> None:
        if doc is self._doc:
            return
        self._doc, self._source = doc, None
        self._text = nlp.text(doc)
        self._cue_tokens, self._anonymous, self._speakers = {}, {}, {}
        self._ents = tuple(doc.ents)
        self._cites_outlet = _any_outlet_name().search(self._text) is not None
        sents = _tree.of(doc).sentences()[:LEAD_SENTENCES]  # the Doc's sentences, read once for the whole stage
        lead_end = self._text.find("\n\n", len(sents[0].text) if sents else 0)
        media_verbs = cues()["media_verbs"]
        # the words of the doc as string ids, read once: what the sentence scans below test, without a Token each
        self._arr = _tree.of(doc).words()  # LOWER, POS, LEMMA, DEP
        self._cue_index = None
        arr = self._arr
        for s in sents:
            if lead_end != -1 and s.start_char > lead_end:
                break
            for i in range(s.start, s.end):
                _low, pos, lemma, dep = arr[i]
                if pos == VERB and dep in _MEDIA_VERB_DEPS and _lower(lemma, doc) in media_verbs:
                    who = self._speaker(doc[i])
                    if who is not None and who.kind == "media" and who.name[:1].isupper():
                        self._source = who
        if self._source is not None:
            self._speakers = {}  # learnt before the source was known: "the publication" may now name it
        self._quotes = self._find_quotes(doc)

    def _find_quotes(self, doc: Doc) -> list[_Quote]:
        text = self._text
        quotes = [_Quote(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", text)]
        previous: _Quote | None = None
        for q in quotes:
            q.speaker = self._quote_speaker(doc, q)
            if q.speaker is None and previous is not None and previous.speaker is not None:
                between = doc.char_span(previous.end, q.start, alignment_mode="expand")
                # the previous quote's sentence ends with its speaker, and this quote follows at once
                if between is not None and "\n\n" not in text[previous.end:q.start] and len(between) <= QUOTE_SPEAKER_WINDOW + 2:
                    q.speaker = previous.speaker
            previous = q
        return quotes

    def _quote_speaker(self, doc: Doc, q: _Quote) -> Attribution | None:
        after = doc.char_span(q.end, min(len(self._text), q.end + 200), alignment_mode="expand")
        for tok in (after[:QUOTE_SPEAKER_WINDOW] if after is not None else ()):
            if tok.is_sent_start and tok.idx > q.end + 1:
                break
            if _lemma(tok) in cues()["speech_verbs"] and tok.pos_ == "VERB":
                return self._speaker(tok)
        start = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
        if start is not None:
            opener = start[0]
            for i in range(opener.i - 1, _tree.of(doc).sent(opener).start - 1, -1):  # the words before it, nearest first
                tok = doc[i]
                if _lemma(tok) in cues()["speech_verbs"] and tok.pos_ == "VERB":
                    return self._speaker(tok)
        return None

    # -- speech in one sentence
    def _speech(self, sent: Span, trigger: Token) -> Attribution | None:
        c = cues()
        best: tuple[int, Attribution] | None = None
        path = [trigger, *trigger.ancestors]
        on_path = {t.i: n for n, t in enumerate(path)}
        for tok in self._cues_in(sent):
            if tok.i == trigger.i:
                continue
            if tok.lower_ == "according" and tok.head.i in on_path and trigger.i not in {t.i for t in tok.subtree}:
                pobj = next((g for ch in tok.children if ch.lower_ == "to" for g in ch.children if g.dep_ == "pobj"), None)
                who = self._classify(pobj, None) if pobj is not None else None
                if who is not None and (best is None or on_path[tok.head.i] < best[0]):
                    best = (on_path[tok.head.i], who)
                continue
            if _lemma(tok) not in c["speech_verbs"] or tok.pos_ not in ("VERB", "AUX") or _as_noted(tok):
                continue
            distance = self._governs(tok, trigger, on_path)
            if distance is None:
                continue
            who = self._speaker(tok)
            if who is not None and (best is None or distance < best[0]):
                best = (distance, who)
        return best[1] if best else None

    @staticmethod
    def _governs(verb: Token, trigger: Token, on_path: dict[int, int]) -> int | None:
        """How far up the trigger's path a speech verb governs it; None when the trigger is not what it reports."""
        if verb.i in on_path:
            child = next(t for t in [trigger, *trigger.ancestors] if t.head.i == verb.i)
            if child.dep_ in CONTENT_DEPS or (child.dep_ == "prep" and _lemma(verb) in cues()["claim_governors"]):
                return on_path[verb.i]
            return None  # the speaker, the addressee, a conjoined act ("reported to X and departed")
        # "X will happen, he said" parsed with "said" hanging off the clause: only with its own subject,
        # so that "criticized Ankara, claiming that ..." does not make the criticism a claim
        own_subject = _tree.of(verb.doc).child(verb, ("nsubj", "nsubjpass")) is not None
        if verb.dep_ in ("parataxis", "advcl", "ccomp") and verb.head.i in on_path and own_subject:
            return on_path[verb.head.i] + 1
        return None

    def _speaker(self, verb: Token) -> Attribution | None:
        """Who speaks through `verb`, worked out once per verb (several triggers share one "said")."""
        if verb.doc is not self._doc:
            return self._find_speaker(verb)
        if verb.i not in self._speakers:
            self._speakers[verb.i] = self._find_speaker(verb)
        found = self._speakers[verb.i]
        # a fresh object per event, as when it was worked out anew; the article's own source stays itself
        return found if found is None or found is self._source else replace(found)

    def _find_speaker(self, verb: Token) -> Attribution | None:
        tok: Token | None = verb
        for _ in range(3):
            if tok is None:
                break
            subj = _tree.of(tok.doc).child(tok, ("nsubj", "nsubjpass"))
            if subj is not None:
                return self._classify(subj, verb)
            tok = tok.head if tok.dep_ in ("advcl", "xcomp", "conj", "acl") and tok.head.i != tok.i else None
        return None

    def _classify(self, head: Token, verb: Token | None) -> Attribution | None:
        """What kind of source a speaker phrase names."""
        c = cues()
        doc = head.doc
        end_i = head.right_edge.i + 1
        comma = next((t.i for t in doc[head.i: end_i] if t.text in (",", "(", "\u2013", "\u2014")), None)
        phrase = doc[head.left_edge.i: comma if comma is not None else end_i]  # the parse may hang the clause on it
        start, end = phrase.start_char, phrase.end_char
        text = phrase.text
        via = self._via(verb) if verb is not None else None
        anonymous = self._is_anonymous(_tree.of(doc).sent(head))
        ents = self._ents_in(phrase)
        if head.lower_ in c["person_pronouns"]:
            prior = [a for s, _e, a in self._persons if s < head.idx]
            if prior:
                return Attribution("person", prior[-1].name, prior[-1].code, text, via)
            return None
        person = next((a for s, e, a in self._persons if s < end and e > start), None)
        for appos in (ch for ch in head.children if ch.dep_ == "appos" and person is None):  # "adviser, Hikmet Hajiyev,"
            a_start, a_end = appos.left_edge.idx, appos.right_edge.idx + len(appos.right_edge)
            person = next((a for s, e, a in self._persons if s < a_end and e > a_start), None)
        if person is not None and not anonymous:
            return Attribution("person", person.name, person.code, text, via)
        outlet = self._outlet(text)
        if outlet is not None:
            return Attribution("media", outlet[0], outlet[1], text, via)
        code = self._code(start, end)
        lemma = _lemma(head) if head.lower_ not in c["media_nouns"] else head.lower_  # spaCy lemmatises "media" as "medium"
        proper = [t for t in phrase if t.pos_ == "PROPN"]
        is_document = lemma in c["document_nouns"] and not (
            lemma == "paper" and not any(_lemma(t) in c["document_modifiers"] for t in phrase))
        if not is_document and (lemma in c["media_nouns"] or (proper and head.text in c.media_name_heads)):
            if not proper and any(t.lower_ == "the" for t in phrase) and self._source is not None:
                return self._source  # "The publication states that ...": the outlet the article cites
            name = _trim(phrase, head)
            return Attribution("media", name, code, text, via)
        if is_document:
            org = next((e for e in ents if e.label_ in ("ORG", "FAC")), None)
            if org is not None:  # "a research paper of the X Center for Y Studies": the centre asserts it
                name = doc[org.start: max(org.end, phrase.end)].text
                return Attribution("organisation", re.sub(r"^the\s+", "", name, flags=re.I), code, text, via)
            return Attribution("document", _trim(phrase, head), code, text, via)
        if anonymous or (lemma in c["anonymous_nouns"] and not any(e.label_ == "PERSON" for e in ents)):
            return Attribution("anonymous", _trim(phrase, head), code, text, via)
        named = next((e for e in ents if e.label_ == "PERSON" and not any(  # the small model calls some states persons
            s < e.end_char and t > e.start_char for s, t, _a in self._others)), None)
        if named is not None:
            return Attribution("person", named.text, code, text, via)
        other = next((a for s, e, a in self._others if s < end and e > start), None)
        if other is not None:
            return Attribution("organisation", other.name, other.code, text, via)
        org = next((e for e in ents if e.label_ in ("ORG", "GPE", "NORP")), None)
        if org is not None:
            return Attribution("organisation", org.text, code, text, via)
        return None

    def _via(self, verb: Token) -> str | None:
        """The outlet a speaker spoke to: "told AFP", "said in an interview with Reuters", "speaking to TASS"."""
        if verb.doc is self._doc and not self._cites_outlet:
            return None  # every phrase below is a piece of the body, which names no outlet
        for tok in verb.subtree:
            if tok.i == verb.i or tok.dep_ not in ("dobj", "dative", "pobj"):
                continue
            if tok.dep_ == "pobj" and tok.head.lower_ not in ("to", "with"):
                continue
            outlet = self._outlet(tok.doc[tok.left_edge.i: tok.right_edge.i + 1].text)
            if outlet is not None:
                return outlet[0]
        return None

    def _outlet(self, text: str) -> tuple[str, str] | None:
        for name, code, rx in _outlet_patterns():
            if name in text and rx.search(text):  # the substring test is the cheap half of the pattern
                return name, code
        return None

    def _ents_in(self, span: Span) -> list[Span]:
        """`span.ents` (the entities inside it, as spaCy finds them) from the entities read once per article."""
        if span.doc is not self._doc:
            return list(span.ents)
        out = []
        for ent in self._ents:
            if ent.start >= span.start:
                if ent.end > span.end:
                    break
                out.append(ent)
        return out

    def _cues_in(self, sent: Span) -> list[Token]:
        """The words of a sentence that may introduce a source: "according" and speech verbs; once per sentence."""
        key = (sent.start, sent.end)
        found = self._cue_tokens.get(key)
        if found is None:
            doc = sent.doc
            if doc is not self._doc:  # pragma: no cover - attribution() prepares the doc first
                self._prepare(doc)
            if self._cue_index is None:  # the doc's candidates, once: "according", and verbs with a speech lemma
                verbs = cues()["speech_verbs"]
                according = doc.vocab.strings["according"]
                self._cue_index = [i for i, (low, pos, lemma, _dep) in enumerate(self._arr) if low == according or (
                    pos in _VERB_POS and _lower(lemma, doc) in verbs)]
            lo = bisect.bisect_left(self._cue_index, sent.start)
            hi = bisect.bisect_left(self._cue_index, sent.end)
            toks = [doc[i] for i in self._cue_index[lo:hi]]
            found = [tok for tok in toks if tok.lower_ == "according" or not _as_noted(tok)]
            self._cue_tokens[key] = found
        return found

    def _is_anonymous(self, sent: Span) -> bool:
        """Whether a sentence hides its source ("on condition of anonymity"); once per sentence."""
        found = self._anonymous.get(sent.start_char)
        if found is None:
            sentence = self._text[sent.start_char:sent.end_char].lower()
            found = self._anonymous[sent.start_char] = any(m in sentence for m in cues()["anonymity_markers"])
        return found

    def _code(self, start: int, end: int) -> str | None:
        """The state or body named inside a speaker phrase ("a senior TURKISH official" -> TUR)."""
        return next((a.code for s, e, a in self._others if s < end and e > start and a.code), None)


@functools.lru_cache(maxsize=1)
def _any_outlet_name() -> re.Pattern[str]:
    """Matches wherever any outlet name occurs as a plain substring: one pass instead of one per name."""
    return re.compile("|".join(re.escape(name) for name in sorted(cues().outlets, key=len, reverse=True)))


@functools.lru_cache(maxsize=1)
def _outlet_patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    """Every outlet name with its code and pattern, longest name first (compiled once, not per speaker phrase)."""
    return [(name, code, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"))
            for name, code in sorted(cues().outlets.items(), key=lambda kv: -len(kv[0]))]


def _as_noted(verb: Token) -> bool:
    """"As noted, ...", "as reported earlier": the outlet's own voice, not a source's."""
    return any(dep == "mark" and low == "as" for _c, dep, low in _tree.of(verb.doc).kids(verb)) or (
        verb.i > 0 and verb.nbor(-1).lower_ == "as")


def _trim(phrase: Span, head: Token) -> str:
    """The speaker phrase up to its head noun: "a senior Turkish official", not "... who spoke to AFP"."""
    return phrase.doc[phrase.start: head.i + 1].text.strip()
