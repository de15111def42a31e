"""Where an event's parties sit in the dependency parse: subjects through control, coordination, relative
clauses and passives; noun-phrase parties; pronouns carried from earlier sentences.

Works on spaCy tokens and the actors stage's mentions; knows no country names itself.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.strings import get_string_id

from detente import nlp
from detente.actors.gazetteer import cameo_code
from detente.events import tree as _tree
from detente.model import Actor, Mention, Party

Token = Any  # spacy.tokens.Token: kept loose so that mypy does not need spaCy's stubs

#: dependency labels that stay inside one noun phrase ("Senior Hungarian and Romanian officials",
#: "the president of AIPAC, Michael Tuchin, and Bernie Kaminetsky")
NP_DEPS = frozenset({"compound", "amod", "poss", "det", "nmod", "conj", "cc", "appos", "nummod", "quantmod", "case",
                     "npadvmod", "predet", "prep", "pobj", "punct", "nn", "dep"})
#: prepositions inside a noun phrase that still name the same party ("the presidents of Israel and Azerbaijan")
NP_PREPS = frozenset({"of", "in", "from", "by", "for"})
#: an object's noun phrase also names its beneficiary or target ("his commitment to the Zambian people",
#: "a possible war against Iraq"); a subject's does not ("the ambassador to Turkey said ...")
OBJECT_PREPS = NP_PREPS | {"to", "against", "toward", "towards"}
#: participles that tie a group to its side inside one noun phrase ("militants loyal to X", "a group based in Y")
NP_PARTICIPLES = frozenset({"VBN"})
NP_PARTICIPLE_PREPS = frozenset({"to", "with", "in", "by", "from"})
#: a subject's own place names its side ("Rebels in the Ivory Coast", "students throughout Indonesia")
SUBJECT_PREPS = frozenset({"of", "in", "from", "throughout", "across"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
#: clauses whose missing subject is their governor's ("agreed to withdraw", "and departed", "After seizing")
CONTROL_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl", "relcl", "ccomp", "acomp"})
#: pronouns, with the actor kinds they may stand for
PRONOUN_KINDS: dict[str, tuple[str, ...]] = {
    "it": ("state", "organisation", "group"), "its": ("state", "organisation", "group"),
    "he": ("person",), "him": ("person",), "his": ("person",), "she": ("person",), "her": ("person",),
    "they": ("group", "organisation", "state", "person"), "them": ("group", "organisation", "state", "person"),
    "their": ("group", "organisation", "state", "person"),
}
#: pronouns that may stand for several parties named together ("Greece and Cyprus met; they agreed")
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
#: first-person pronouns: in a quote they stand for the speaker
SPEAKER_PRONOUNS = frozenset({"we", "us", "our", "i", "me", "my"})
#: how far back (characters) a pronoun may reach for its antecedent: about two sentences of news prose
PRONOUN_WINDOW = 400
#: how many governors a missing subject climbs through before giving up (clause chains in news rarely go deeper)
MAX_CLIMB = 6
#: a participle with any of these children is no reduced passive: it has its own subject, object or auxiliary
#: ("having been charged"); `Frames.patient` also turns away a conjunction ("although suspended", "when asked")
_REDUCED_BLOCKERS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "csubj", "expl"})
#: the labels of a passive verb's subject and auxiliary, as string ids (the same in every vocabulary)
_PASSIVE_DEPS = frozenset(get_string_id(d) for d in ("nsubjpass", "auxpass"))
#: kinds ranked by how specific a party is when two name the same state ("Azerbaijani President Ilham Aliyev")
_SPECIFIC = {"person": 0, "group": 1, "organisation": 2, "state": 3}


def inflections(lemma: str) -> set[str]:
    """Regular English forms of a lemma, so that a trigger survives the small model's lemmatiser ("staged" -> "stag")."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


#: de-inflections tried on a word form, as (suffix, replacement)
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"))
#: how many (form, lemma) pairs the base-form memo holds before it starts afresh: a news vocabulary of a few
#: thousand words fits many times over, and a long run over a large corpus cannot grow it without bound
FORMS_MEMO_SIZE = 1 << 16
_FORMS_MEMO: dict[tuple[int, int], frozenset[str]] = {}


def _de_inflect(low: str, lemma: str) -> frozenset[str]:
    out = {lemma.lower(), low}
    for suffix, repl in _SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            out.add(low[: len(low) - len(suffix)] + repl)
    return frozenset(out)


def forms(tok: Token) -> frozenset[str]:
    """base_forms() as a shared frozenset, memoised on the token's (form, lemma) ids: the hot paths only read it."""
    key = (tok.lower, tok.lemma)
    got = _FORMS_MEMO.get(key)
    if got is None:
        if len(_FORMS_MEMO) >= FORMS_MEMO_SIZE:
            _FORMS_MEMO.clear()
        got = _FORMS_MEMO[key] = _de_inflect(str(tok.lower_), str(tok.lemma_))
    return got


def base_forms(tok: Token) -> set[str]:
    """The words a token may be looked up by: its lemma, its form, and its form de-inflected (a copy to keep)."""
    return set(forms(tok))


@dataclass(frozen=True)
class Found:
    """An actor named at a place of the sentence."""

    actor: Actor
    mention: Mention

    def branch(self) -> str | None:
        """The branch of its state the party is: the actor's own sector, else the one the words name ("Israeli
        soldiers" MIL, "Parliament" LEG)."""
        return self.actor.sector or self.mention.sector

    def party(self) -> Party:
        a = self.actor
        sector = self.branch()
        return Party(code=a.code, name=a.name, sector=sector, text=self.mention.text, actor_key=a.key or None, kind=a.kind,
                     cameo=self.cameo())

    def cameo(self) -> str | None:
        """The party's full CAMEO code: its actor's ("IGOUNO", a minister's "RUSGOVMIL"), or for a state named through
        a branch, the state and that branch ("Israeli soldiers" ISRMIL)."""
        a = self.actor
        if not a.code:
            return None
        if a.kind != "state" and a.cameo:
            return a.cameo
        return cameo_code(a.code, self.branch())


class ActorIndex:
    """The actors stage's mentions, indexed by token so that a noun phrase finds its parties at once."""

    def __init__(self, doc: Any, actors: list[Actor]) -> None:
        self.by_token: dict[int, Found] = {}
        self._starts: list[int] = []
        self._found: list[Found] = []
        #: tokens of a span that stands for several actors ("the foreign ministers"): all of them
        self.collective: dict[int, list[Found]] = {}
        pairs = sorted(((m, a) for a in actors for m in a.mentions), key=lambda p: (p[0].start, -p[0].end))
        for m, a in pairs:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            found = Found(a, m)
            if m.how == "collective":
                for tok in span:
                    self.collective.setdefault(tok.i, []).append(found)
                continue
            self._starts.append(m.start)
            self._found.append(found)
            for tok in span:
                # the longest mention that covers a token wins ("Azerbaijani" inside "Azerbaijani oil" is fine)
                self.by_token.setdefault(tok.i, found)
        self._token_ids = sorted(self.by_token)

    def at(self, tok: Token) -> Found | None:
        return self.by_token.get(tok.i)

    def any_within(self, first: int, last: int) -> bool:
        """Whether a mention covers any token from `first` to `last` (inclusive): a phrase there may name a party."""
        k = bisect.bisect_left(self._token_ids, first)
        return k < len(self._token_ids) and self._token_ids[k] <= last

    def codes_within(self, first: int, last: int) -> set[str]:
        """The codes of the actors named by tokens `first` to `last` (inclusive)."""
        k = bisect.bisect_left(self._token_ids, first)
        out: set[str] = set()
        while k < len(self._token_ids) and self._token_ids[k] <= last:
            code = self.by_token[self._token_ids[k]].actor.code
            if code:
                out.add(code)
            k += 1
        return out

    def before(self, char: int, kinds: tuple[str, ...], window: int = PRONOUN_WINDOW) -> Found | None:
        """The nearest mention ending before `char` of an actor of one of `kinds`."""
        i = bisect.bisect_left(self._starts, char)
        while i > 0:
            i -= 1
            f = self._found[i]
            if char - f.mention.end > window:
                return None
            if f.mention.end <= char and f.actor.kind in kinds and f.mention.how not in ("metonym_place",):
                return f
        return None


def np_tokens(head: Token, preps: frozenset[str] = NP_PREPS, skip: Token | None = None) -> list[Token]:
    """The tokens of the noun phrase headed by `head`, without its clauses or other prepositions."""
    kids = _tree.of(head.doc).kids
    out, stack = [head], [head]
    while stack:
        t = stack.pop()
        below = kids(t)
        if not below:
            continue
        clause = t.dep_ in ("acl", "amod")
        participle = clause and t.tag_ in NP_PARTICIPLES
        for c, dep, low in below:
            if skip is not None and c.i == skip.i:
                continue
            if dep == "agent" and participle:  # "a proposal put forward by Egypt"
                out.append(c)
                stack.append(c)
                continue
            if dep not in NP_DEPS and not (dep in ("acl", "amod") and (c.tag_ in NP_PARTICIPLES or low == "loyal")):
                continue
            if dep == "prep" and low not in preps and not (clause and low in NP_PARTICIPLE_PREPS):
                continue
            out.append(c)
            stack.append(c)
    return out


#: the branches of a state that stand apart from its government as sides of a conflict or a deal: rebels, the
#: opposition, parties, a legislature or a court that can act on the executive
SIDES = frozenset({"REB", "OPP", "PTY", "LEG", "JUD"})


def side(f: Found) -> tuple[str | None, str | None]:
    """The side a party stands on: its state, and within a state those who stand apart from its government:
    "the Sudanese government and the rebels" are two sides. A person stands with their state, and so do a
    state's people, trades and press ("Dr. Stefaniak ... announcing to journalists" is no two sides)."""
    branch = f.branch()
    return f.actor.code, branch if branch in SIDES and f.actor.kind != "person" else None


def dedupe(found: Iterable[Found]) -> list[Found]:
    """One party per actor, and per side (a state code, or a group within it) the most specific actor, in text
    order."""
    by_key: dict[str, Found] = {}
    for f in found:
        key = f.actor.key or f"{f.actor.code}:{f.actor.name}"
        by_key.setdefault(key, f)
    by_side: dict[tuple[str | None, str | None], Found] = {}
    out: list[Found] = []
    for f in sorted(by_key.values(), key=lambda f: f.mention.start):
        if not f.actor.code:
            out.append(f)
            continue
        where = side(f)
        prev = by_side.get(where)
        if prev is None:
            by_side[where] = f
            out.append(f)
        elif _SPECIFIC.get(f.actor.kind, 3) < _SPECIFIC.get(prev.actor.kind, 3):
            out[out.index(prev)] = f
            by_side[where] = f
    return out


class Frames:
    """Argument finding over one Doc: parties of noun phrases, subjects, objects, pronouns."""

    def __init__(self, doc: Any, index: ActorIndex, quantities: frozenset[str], report_verbs: frozenset[str] = frozenset(),
                 topic_nouns: frozenset[str] = frozenset(), relational_nouns: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.index = index
        self.quantities = quantities
        self.report_verbs = report_verbs
        #: nouns a state's name only qualifies as a subject matter ("North Korean issues", "Iranian affairs")
        self.topic_nouns = topic_nouns
        #: nouns whose possessor is the other side, not the one they name ("its neighbour", "his counterpart")
        self.relational_nouns = relational_nouns
        self.tree = _tree.of(doc)
        #: the pronouns whose speaker is being looked for: a quote's speaker named by a pronoun of another quote
        #: ("Let's ...," we said) must not send the search round in a circle
        self._speaking: set[int] = set()
        # answers memoised for this Doc: the same noun phrase, verb or object is asked about by several triggers
        # (entry conditions, frame building, governors); callers get a fresh list each time
        self._np_memo: dict[tuple[int, frozenset[str], int], list[Found]] = {}
        self._subject_memo: dict[int, list[Found]] = {}
        self._objects_memo: dict[int, list[Token]] = {}
        self._patient_memo: dict[int, Token | None] = {}
        self._passive: frozenset[int] | None = None

    # ---------------------------------------------------------------- noun phrases
    def np(self, head: Token | None, preps: frozenset[str] = NP_PREPS, skip: Token | None = None) -> list[Found]:
        """The parties a noun phrase names, resolving a pronoun head to its antecedent."""
        if head is None:
            return []
        if not isinstance(preps, frozenset):
            return self._np(head, preps, skip)
        key = (head.i, preps, -1 if skip is None else skip.i)
        got = self._np_memo.get(key)
        if got is None:
            got = self._np_memo[key] = self._np(head, preps, skip)
        return list(got)

    def _np(self, head: Token, preps: frozenset[str], skip: Token | None) -> list[Found]:
        group = self.index.collective.get(head.i)
        if group:  # "the foreign ministers": every one of them
            return dedupe(group)
        if not self.index.any_within(head.left_edge.i, head.right_edge.i):
            # no mention in the head's subtree, where every noun-phrase token and apposition lies: only a
            # pronoun can still name a party
            return self.pronouns(head) if head.pos_ == "PRON" else []
        appos = [c for c, dep, _low in self.tree.kids(head) if dep == "appos" and (skip is None or c.i != skip.i)]
        if appos and head.pos_ == "NOUN" and self.index.at(head) is None:
            # "A close ally of Turkey, Azerbaijan, ...": the apposition says who the noun is
            named = dedupe(f for a in appos for t in np_tokens(a, preps) if (f := self.index.at(t)) is not None)
            if named:
                return named
        at = self.index.by_token.get  # ActorIndex.at, without a method call per token
        found = [f for t in np_tokens(head, preps, skip) if (f := at(t.i)) is not None and not self._topic(t, f)]
        if not found and head.pos_ == "PRON":
            found = self.pronouns(head)
        return dedupe(found)

    def _topic(self, tok: Token, found: Found) -> bool:
        """Whether a mention only names a subject matter: "North Korean issues", "Syrian affairs", "an Iran expert"."""
        if not self.topic_nouns:
            return False
        while tok.head.i != tok.i and self.index.by_token.get(tok.head.i) is found:
            tok = tok.head  # from "North" up to "Korean", the mention's head word
        return tok.dep_ in ("amod", "compound") and tok.head.i != tok.i and bool(forms(tok.head) & self.topic_nouns)

    def pronouns(self, tok: Token) -> list[Found]:
        """What a pronoun stands for, all of it: "they" after "Greece, Cyprus and France met" is all three."""
        f = self.pronoun(tok)
        if f is None:
            return []
        if str(tok.lower_) in PLURAL_PRONOUNS:
            sent = self.tree.sent(tok)
            first = self.tree.sent(self.doc[sent.start - 1]).start if sent.start > 0 else sent.start
            for t in self.doc[first:tok.i]:
                if self.index.at(t) is f and self.tree.has_dep(t, "conj"):
                    group = [g for g in self.np(t, frozenset()) if g.actor.code]
                    if len(group) >= 2:
                        return group
        return [f]

    def pronoun(self, tok: Token) -> Found | None:
        """The antecedent of a pronoun: "we" is the quoted speaker; else a named subject before it in this
        sentence or the last, else the nearest mention of a fitting kind (subjects first, as centering has it)."""
        low = str(tok.lower_)
        if low in ("'s", "’s") and tok.i > 0 and tok.nbor(-1).lower_ == "let":
            low = "us"  # "Let's all pray for ..."
        if low in SPEAKER_PRONOUNS:
            return self._speaker(tok)
        kinds = PRONOUN_KINDS.get(low)
        if not kinds:
            return None
        sent = self.tree.sent(tok)
        prev = self.tree.sent(self.doc[sent.start - 1]) if sent.start > 0 else None
        # an unnamed official ("Iceland's foreign minister spoke ... she said") may be two sentences back
        before = self.tree.sent(self.doc[prev.start - 1]) if prev is not None and prev.start > 0 and kinds == ("person",) else None
        for span, limit in ((sent, tok.i), (prev, None), (before, None)):
            if span is None:
                continue
            subjects = [t for t in span if t.dep_ in ("nsubj", "nsubjpass") and (limit is None or t.i < limit)]
            subjects += [a for t in subjects for a, dep, _low in self.tree.kids(t) if dep == "appos"]
            for s in sorted(subjects, key=lambda t: -t.i):
                f = self.index.at(s)
                if f is None and s.pos_ == "NOUN" and not forms(s) & self.relational_nouns:  # "Pakistan's military ... its"
                    f = next((g for c, dep, _low in self.tree.kids(s) if dep in ("poss", "compound", "amod")
                              and (g := self.index.at(c)) is not None), None)
                if f is not None and f.actor.kind in kinds and s.i != tok.i:
                    return f
                if f is not None and kinds == ("person",) and s.i != tok.i and _is_title(s):
                    return f  # "Iceland's foreign minister spoke ... she said": the official's state
        return self.index.before(tok.idx, kinds)

    def _speaker(self, tok: Token) -> Found | None:
        """ "We bought weapons ...," he said: the subject of the sentence's speech verb; for a quote of several
        sentences, the speech verb of the sentence that ends it ("... We will not. ...", she said.) or that opens it
        (X said: "We ...")."""
        if tok.i in self._speaking:
            return None
        self._speaking.add(tok.i)
        try:
            sent = self.tree.sent(tok)
            found = self._speech_subject(sent, tok.i)
            if found is not None:
                return found
            doc = self.doc
            if sent.end < len(doc) and _in_quote(doc, sent):
                found = self._speech_subject(self.tree.sent(doc[sent.end]), -1)
                if found is not None:
                    return found
            if sent.start > 0:
                return self._speech_subject(self.tree.sent(doc[sent.start - 1]), -1)
            return None
        finally:
            self._speaking.discard(tok.i)

    def _speech_subject(self, sent: Any, skip: int) -> Found | None:
        for t in sent:
            if t.i != skip and forms(t) & self.report_verbs:
                subj = self.tree.child(t, ("nsubj",))
                if subj is not None and subj.lower_ not in SPEAKER_PRONOUNS:
                    found = self.np(subj)
                    if found:
                        return found[0]
                    if subj.pos_ == "PRON":
                        f = self.pronoun(subj)
                        if f is not None:
                            return f
        return None

    def unquantify(self, tok: Token) -> Token:
        """ "hundreds of strikes" -> strikes; "three rounds of talks" -> talks."""
        for _ in range(3):
            if tok.lemma_.lower() not in self.quantities and tok.lower_ not in self.quantities:
                return tok
            of = [c for c, dep, low in self.tree.kids(tok) if dep == "prep" and low == "of"]
            objs = [p for c in of for p, dep, _low in self.tree.kids(c) if dep == "pobj"]
            if not objs:
                return tok
            tok = objs[0]
        return tok

    def quantified_head(self, tok: Token) -> Token:
        """The inverse of unquantify: from "talks" in "rounds of talks" up to "rounds" (for its syntactic role)."""
        for _ in range(3):
            prep = tok.head
            if tok.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in self.quantities:
                tok = prep.head
            else:
                break
        return tok

    # ---------------------------------------------------------------- clauses
    def is_passive(self, verb: Token) -> bool:
        """Whether `verb` has a passive subject or auxiliary (read once per doc from the token arrays), or is a
        reduced passive (`patient`)."""
        if self._passive is None:
            self._passive = _passive_heads(self.doc)
        return verb.i in self._passive or self.patient(verb) is not None

    def patient(self, verb: Token) -> Token | None:
        """The one a reduced passive clause is done to: "X appeared in court, charged with murder" (the governor's
        subject); None for any other verb. (A participle on a noun, "prisoners arrested during the campaign", "the
        opinion, released on Wednesday", is mostly background and stays no event.)"""
        if verb.tag_ != "VBN" or verb.dep_ != "advcl":  # most verbs: no lookup, no memo entry
            return None
        if verb.i not in self._patient_memo:
            reduced = verb.head.pos_ in ("VERB", "AUX") and verb.i > verb.head.i and not any(
                dep in _REDUCED_BLOCKERS or dep == "mark" or (dep == "advmod" and c.tag_ == "WRB")
                for c, dep, _low in self.tree.kids(verb))  # not "when asked", "as opposed to", "Encouraged by ..., she"
            self._patient_memo[verb.i] = self.tree.child(verb.head, ("nsubj",)) if reduced else None
        return self._patient_memo[verb.i]

    def subject(self, verb: Token) -> list[Found]:
        """The doer of `verb`: its subject, the agent of a passive, or its governor's doer (control, coordination)."""
        got = self._subject_memo.get(verb.i)
        if got is None:
            got = self._subject_memo[verb.i] = self._subject(verb)
        return list(got)

    def _subject(self, verb: Token) -> list[Found]:
        tok = verb
        for _ in range(MAX_CLIMB):
            if self.is_passive(tok):
                return self.np(self.agent(tok))
            subj = self.tree.child(tok, SUBJECT_DEPS)
            if subj is None:
                subj = self._orphan_subject(tok)
            if subj is not None:
                if subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                    return self._antecedent(subj, tok)
                # the small model sometimes parses "X and Y signed" as two subjects of one verb: take both
                more = [c for c, dep, _low in self.tree.kids(tok) if dep in SUBJECT_DEPS and c.i != subj.i and c.i < tok.i]
                found = dedupe([f for s in (subj, *more) for f in self.np(s, SUBJECT_PREPS)])
                if not found and not more and subj.pos_ == "NOUN" and not forms(subj) & self.relational_nouns:
                    # "its envoys shuttled", "his country was ready": the possessor's own people act for it
                    poss = next((c for c, dep, _low in self.tree.kids(subj) if dep == "poss" and c.pos_ == "PRON"), None)
                    f = self.pronoun(poss) if poss is not None else None
                    found = [f] if f else []
                return found
            if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
                noun = tok.head
                poss = [c for c, dep, _low in self.tree.kids(noun) if dep == "poss"]
                if poss:  # "Turkey's intention to resume trade"
                    return self.np(poss[0])
                if tok.dep_ == "acl" and tok.tag_ == "VBD":  # a finite verb read as the noun's clause: "Envoys shuttled"
                    return self.np(noun, skip=tok)
                if tok.dep_ == "relcl" or tok.tag_ == "VBG":  # "Azerbaijan, being Israel's ally"
                    found = self.np(noun, skip=tok)
                    if found or noun.dep_ not in ("dobj", "attr", "pobj"):
                        return found
                    tok = noun.head if noun.dep_ != "pobj" else noun.head.head  # "issued a declaration demanding"
                    continue
                return []
            if tok.dep_ == "pcomp":  # "by facilitating talks" -> the prepositional phrase's governor
                tok = tok.head.head
                continue
            if tok.dep_ in CONTROL_DEPS and tok.head.i != tok.i:
                tok = tok.head
                continue
            if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
                tok = tok.head.head
                continue
            return []
        return []

    def _orphan_subject(self, verb: Token) -> Token | None:
        """A subject the small parser attached elsewhere: "Azerbaijan, being an ally, has worked" (npadvmod),
        "After seizing it from Armenia, Azerbaijan signed" (apposition to the word before)."""
        if verb.dep_ not in ("ROOT", "conj", "ccomp") or verb.pos_ not in ("VERB", "AUX"):
            return None
        fronted = next((c for c, dep, _low in self.tree.kids(verb) if dep == "npadvmod" and c.pos_ == "PROPN" and c.i < verb.i
                        and self.index.at(c) is not None), None)
        if fronted is not None:
            return fronted
        i = verb.i - 1
        start = self.tree.sent(verb).start
        while i > start and self.doc[i].dep_ in ("aux", "advmod", "neg", "auxpass"):
            i -= 1
        prev = self.doc[i]
        if prev.dep_ == "appos" and prev.pos_ == "PROPN" and prev.head.i < prev.i and self.index.at(prev) is not None:
            return prev
        return None

    def _antecedent(self, rel: Token, clause: Token) -> list[Found]:
        """What "which"/"who" stands for: the party named right before it ("relations with Israel, which ..."),
        else the noun the clause hangs from."""
        i = rel.i - 1
        start = self.tree.sent(rel).start
        while i >= start and self.doc[i].is_punct:
            i -= 1
        if i >= start:
            before = self.index.at(self.doc[i])
            if before is not None:
                return self.np(self.doc[i]) or [before]
        return self.np(clause.head, skip=clause)

    @staticmethod
    def agent(verb: Token) -> Token | None:
        tree = _tree.of(verb.doc)
        for c, dep, _low in tree.kids(verb):
            if dep == "agent":
                return tree.child(c, ("pobj",))
        return None

    def objects(self, verb: Token) -> list[Token]:
        """The verb's objects: direct object, or the subject of a passive; through quantities."""
        got = self._objects_memo.get(verb.i)
        if got is None:
            deps = ("nsubjpass",) if self.is_passive(verb) else ("dobj", "obj", "attr", "oprd")
            got = [self.unquantify(c) for c, dep, _low in self.tree.kids(verb) if dep in deps]
            if not got and (patient := self.patient(verb)) is not None:
                got = [self.unquantify(patient)]
            self._objects_memo[verb.i] = got
        return list(got)

    @staticmethod
    def datives(verb: Token) -> list[Token]:
        return [c for c, dep, _low in _tree.of(verb.doc).kids(verb) if dep in ("dative", "iobj")]

    def prep_objects(self, tok: Token, preps: Iterable[str]) -> list[tuple[str, Token]]:
        """(preposition, object) pairs under `tok` for the given prepositions ("with X", "between X and Y")."""
        wanted = set(preps)
        out = []
        kids = self.tree.kids
        for c, dep, low in kids(tok):
            if dep in ("prep", "agent", "dative") and low in wanted:
                for p, pdep, _plow in kids(c):
                    if pdep in ("pobj", "pcomp"):
                        out.append((low, self.unquantify(p)))
                # "deep inside Syria": an adverb between the verb and the preposition
            elif dep == "advmod" and low in wanted:
                out.extend((low, p) for p, pdep, _plow in kids(c) if pdep == "pobj")
            elif dep == "advmod":
                out.extend(self.prep_objects(c, wanted))
            elif dep == "prep" and not any(pdep == "pobj" for _p, pdep, _plow in kids(c)):
                out.extend(self.prep_objects(c, wanted))  # "pulled out of the town", "moved away from the border"
        return out

    def predicated_of(self, noun: Token) -> list[Found]:
        """What a relation noun is said of: "X, an ally of Y"; "X is an ally"; "as an ally of Y, X ..."."""
        tok = noun
        for _ in range(MAX_CLIMB):
            if tok.dep_ == "conj":
                tok = tok.head
                continue
            if tok.dep_ == "compound":
                tok = tok.head
                continue
            if tok.dep_ == "appos":
                return self.np(tok.head, skip=tok)
            if tok.dep_ in ("attr", "oprd", "acomp", "dobj"):
                return self.subject(tok.head)
            if tok.dep_ in ("nsubj", "nsubjpass"):  # mis-parsed appositions: "As an ally of Y, X ...", "X and Y, allies, ..."
                others = [a for a, dep, _low in self.tree.kids(tok) if dep == "appos"] + [
                    c for c, dep, _low in self.tree.kids(tok.head) if dep == "nsubj" and c.i < tok.i]
                return dedupe(f for a in others for t in np_tokens(a) if (f := self.index.at(t)))
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in ("one", "some", "among", "each"):
                tok = tok.head.head  # "one of the first venues"
                continue
            if tok.dep_ == "pobj" and tok.head.lower_ == "as":
                gov = tok.head.head
                if gov.pos_ in ("VERB", "AUX"):
                    return self.subject(gov)
                return self.np(gov)
            if tok.dep_ in ("npadvmod", "dep") and tok.head.pos_ in ("PROPN", "NOUN"):
                return self.np(tok.head, skip=tok)
            return []
        return []


def _is_title(tok: Token) -> bool:
    """Whether a noun is a person's title ("minister", "spokeswoman"): an unnamed official."""
    from detente.actors import lexicon as roles

    return roles.load().is_title_word(str(tok.lemma_).lower()) and tok.pos_ in ("NOUN", "PROPN")



def _in_quote(doc: Any, sent: Any) -> bool:
    """Whether a sentence is part of a quotation: it holds a quotation mark or is inside one left open before it."""
    text = nlp.text(doc)  # built once per Doc: spaCy joins doc.text from the tokens on every access
    if any(c in text[sent.start_char:sent.end_char] for c in ('"', "“", "”")):
        return True
    before = text[max(0, sent.start_char - 600):sent.start_char]
    return (before.count('"') % 2 == 1) or before.count("“") > before.count("”")


def _passive_heads(doc: Any) -> frozenset[int]:
    """Indices of the tokens with a child labelled nsubjpass or auxpass."""
    if not len(doc):
        return frozenset()
    # the labels from the token arrays the stage reads anyway (tree.py); few tokens are passive, so their heads
    # are read one by one
    return frozenset(doc[i].head.i for i, word in enumerate(_tree.of(doc).words()) if word[3] in _PASSIVE_DEPS)
