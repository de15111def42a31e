"""Rule frames: which lexicon entry a trigger token takes, and the parties of the event it makes.

One `Frame` per trigger; `extract.py` retypes, merges and turns frames into `Event`s.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from detente.events import ontology
from detente.events import tree as _tree
from detente.events.frames import NP_PREPS, OBJECT_PREPS, RELATIVE_PRONOUNS, Found, Frames, Token, forms, np_tokens
from detente.events.lexicon import Entry, Lexicon

VERB_POS = frozenset({"VERB", "AUX"})
#: the entries a judging verb takes ("called the move a smash and grab" ACCUSE, "found the strike justified" SUPPORT):
#: the one judged is the object, or the subject of the small clause
JUDGE_NEGATIVE = Entry(kind="verbs", lemmas=("call",), type="ACCUSE", mode="accuse", complement_subject_is_recipient=True,
                       require_recipient=True)
JUDGE_POSITIVE = Entry(kind="verbs", lemmas=("call",), type="SUPPORT", mode="praise", complement_subject_is_recipient=True,
                       require_recipient=True)
#: a court's negative judgement of an act is a ruling against it (the news guide's REJECT: "a court invalidating a
#: government act"), not an accusation
COURT_RULING = ("REJECT", "veto")
#: dependency labels of auxiliaries: never triggers
AUX_DEPS = frozenset({"aux", "auxpass"})
NOUN_POS = frozenset({"NOUN", "PROPN"})


@dataclass
class Frame:
    """A candidate event: its trigger, the entry it matched, and the parties found so far."""

    trigger: Token
    entry: Entry
    type: str
    mode: str | None
    actors: list[Found] = field(default_factory=list)
    recipients: list[Found] = field(default_factory=list)
    third: list[tuple[Found, str]] = field(default_factory=list)
    places: list[Found] = field(default_factory=list)
    #: the act has a target the text does not name as a party ("opened fire on demonstrators")
    unnamed_target: bool = False
    #: the act's object is a government named only by a place ("criticised the government in Ankara")
    government_target: bool = False
    #: the type already says "no" (a refused or negated cooperation became REJECT)
    negation_in_type: bool = False
    reciprocal: bool = False
    absorbed: list[Token] = field(default_factory=list)
    #: the act noun the event is aimed at when the words name no party ("criticised the decision", "calling it ..."):
    #: the events stage finds who did that act
    act_noun: Token | None = None


def _lemma(tok: Token) -> str:
    return str(tok.lemma_).lower()


def _words(tok: Token) -> frozenset[str]:
    return forms(tok)


def _is(tok: Token, words: frozenset[str] | set[str]) -> bool:
    return not forms(tok).isdisjoint(words)


class Rules:
    """Entry selection and frame building for one Doc."""

    def __init__(self, lex: Lexicon, frames: Frames) -> None:
        self.lex = lex
        self.f = frames
        self.onto = ontology.load()
        #: _object_words per (token, verb entry?): the same for every candidate entry of one token
        self._objects_memo: dict[tuple[int, bool], frozenset[str]] = {}
        #: the Doc's children and sentences, read once for all the candidate entries and frames of its tokens
        self.tree = _tree.of(frames.doc)

    # ---------------------------------------------------------------- which entry
    def candidates(self, tok: Token) -> list[Entry]:
        """The lexicon entries a token may take, in the order they are tried (see Lexicon.candidates)."""
        pos = tok.pos_
        kinds: tuple[str, ...] = ()
        if pos in VERB_POS or str(tok.tag_).startswith("VB"):
            kinds += ("verbs",)
        if pos in NOUN_POS or pos == "NUM":
            kinds += ("relations", "nouns")
        if pos == "ADJ":
            kinds += ("adjectives", "relations")
        return list(self.lex.candidates(kinds, forms(tok)))

    def select(self, tok: Token) -> Entry | None:
        if tok.dep_ in AUX_DEPS:
            return None  # "did not ratify", "has been": an auxiliary carries no act of its own
        if tok.tag_ == "VBN" and any(dep == "mark" and low == "as" for _c, dep, low in self.tree.kids(tok)):
            return None  # "as opposed to", "as agreed", "as requested": a comparison, no act of its own
        if tok.pos_ in VERB_POS and _is(tok, self.lex.words["evaluation_verbs"]):
            judged = self.evaluation(tok)
            if judged is not None:
                return judged or None
        for e in self.candidates(tok):
            if self._holds(tok, e):
                return e
        return None

    def evaluation(self, tok: Token) -> Entry | Literal[False] | None:
        """A judging verb with an object and a predicate ("called the move a smash and grab", "described the attacks
        as a dastardly act", "found the air strike justified"): ACCUSE for a negative judgement, SUPPORT for a
        positive one, False for a neutral one (no event: "called it a meeting" is not a phone call); None when the
        verb has no predicate (its other senses are tried)."""
        predicate = self._predicate(tok)
        if not predicate:
            return None
        words = {w for t in predicate for w in forms(t)}
        # hyphenated words come as pieces ("non - starter"): the predicate's text, joined, finds them too
        text = "".join(t.text_with_ws for t in sorted(predicate, key=lambda t: t.i)).lower().replace(" - ", "-").replace(" -", "-")
        words |= {w for w in text.split() if "-" in w}
        if any(t.dep_ == "neg" for t in predicate):
            return False  # "found that she did not lie, she is not a liar": a judgement denied is no accusation
        negative = len(words & self.lex.words["negative_words"])
        positive = len(words & self.lex.words["positive_words"])
        if negative and negative >= positive:
            return JUDGE_NEGATIVE
        if positive and not negative:
            return JUDGE_POSITIVE
        return False

    def _predicate(self, tok: Token) -> list[Token]:
        """The words of what a judging verb says its object is: an object predicate ("called it null", "called
        Trump's order swift"), a second object ("calling it an aggression"), an "as" phrase ("described it as X"),
        or a small clause ("found the strike justified"). Empty when the verb has none."""
        kids = self.tree.kids(tok)
        objects = [c for c, dep, _low in kids if dep == "dobj"]
        out: list[Token] = []
        for c, dep, low in kids:
            if (dep == "oprd" and c.pos_ in ("ADJ", "NOUN", "PROPN", "VERB", "X")) or (dep == "xcomp" and c.pos_ in ("ADJ", "NOUN", "PROPN")):
                out += list(c.subtree)
            elif dep == "prep" and low == "as" and objects:
                out += list(c.subtree)
            elif dep == "ccomp" and c.pos_ in ("ADJ", "VERB") and (subj := self.tree.child(c, ("nsubj", "nsubjpass"))) is not None:
                judged = {t.i for t in subj.subtree}  # the small clause's subject is the one judged, not the judgement
                out += [t for t in c.subtree if t.i not in judged]
        for o in objects:  # "described the attacks as a dastardly act": the parser hangs "as" from the object
            out += [t for c, dep, low in self.tree.kids(o) if dep == "prep" and low == "as" for t in c.subtree]
        if len(objects) >= 2:  # "calling it 'an aggression on Iraq'": the second object is what the first is called
            out += list(objects[-1].subtree)
        elif objects and not out:
            # "called the border agreement 'null and void'": the parser hangs the predicate from the object
            for g, gdep, _glow in self.tree.kids(objects[0]):
                if gdep in ("amod", "appos", "npadvmod", "acl") and g.i > objects[0].i and g.pos_ in ("ADJ", "NOUN"):
                    out += list(g.subtree)
        if not out:
            out = self._judging_adjective(tok)
        return out

    def _judging_adjective(self, tok: Token) -> list[Token]:
        """A judgement adjective the small model hangs anywhere after the verb ("ruled the ban unlawful" with the
        adjective as the object, "finds suspension of UK parliament unlawful" as an adverb, "declared the dissolution
        of parliament unconstitutional" as a prepositional object, "found that the decree was illegal", "finding it
        to be unlawful"): only a word of judgement, and never a modifier of a noun ("banned illegal fishing")."""
        judging = self.lex.words["negative_words"] | self.lex.words["positive_words"]
        for t in tok.subtree:
            if t.i <= tok.i or t.pos_ != "ADJ" or t.dep_ == "amod" or not _is(t, judging):
                continue
            path = t.head
            while path.i != tok.i and (path.pos_ not in VERB_POS or _lemma(path) == "be"):
                path = path.head
            if path.i == tok.i:
                return [t]
        return []

    def _judged_by_adjective(self, predicate: set[int]) -> Token | None:
        """What a misparsed judgement adjective is said of: "ruled the ban unlawful" (the object hangs from the
        adjective), "declared the dissolution of parliament unconstitutional" (the adjective hangs from the object)."""
        for i in predicate:
            adj = self.f.doc[i]
            noun = next((c for c, dep, _low in self.tree.kids(adj) if dep in ("compound", "nsubj", "poss", "nmod")
                         and c.pos_ in NOUN_POS), None)
            if noun is not None:
                return noun
            head = adj
            while head.dep_ in ("pobj", "prep", "compound") and head.head.i != head.i:
                head = head.head
            if head.dep_ == "dobj" and head.pos_ in NOUN_POS:
                return head
        return None

    def _about(self, tok: Token, e: Entry) -> set[str]:
        """The words of what an act is about: its object (a noun's of/into/about complement), and through an aspect
        noun what that is an aspect of ("the cause of the crash", "the specifics about the cause of his death")."""
        if e.kind == "verbs":
            todo = self.f.objects(tok)
        else:
            todo = [p for _, p in self.f.prep_objects(tok, ("of", "into", "about", "on"))]
        aspects = self.lex.words["aspect_nouns"]
        words: set[str] = set()
        for _ in range(3):
            words |= {w for t in todo for w in _words(t)}
            todo = [p for t in todo if _is(t, aspects) for _, p in self.f.prep_objects(t, ("of", "about", "into", "behind"))]
        return words

    def _object_words(self, tok: Token, e: Entry) -> frozenset[str]:
        """The words of what the trigger acts on (objects, their compounds and loads), memoised per token."""
        key = (tok.i, e.kind == "verbs")
        got = self._objects_memo.get(key)
        if got is None:
            got = self._objects_memo[key] = frozenset(self._collect_object_words(tok, e))
        return got

    def _collect_object_words(self, tok: Token, e: Entry) -> set[str]:
        if e.kind == "verbs":
            objs = self.f.objects(tok)
        else:
            objs = [p for _, p in self.f.prep_objects(tok, ("of",))]
        words: set[str] = set()
        money = self.lex.words["money_words"]
        kids = self.tree.kids

        def phrase(p: Token) -> frozenset[str] | set[str]:
            """A noun's words with its compounds and conjuncts ("air defence systems", "tents and blankets")."""
            return _words(p) | {w for c, dep, _low in kids(p) if dep in ("compound", "conj") for w in _words(c)}

        for o in objs:
            words |= _words(o)
            # "normalize ties", "suspend trade links": the compound of the object counts too
            words |= {w for c, dep, _low in kids(o) if dep == "compound" for w in _words(c)}
            if o.pos_ == "NUM" or o.tag_ == "$" or _is(o, money):  # "pledged $20 million in aid": what the sum is of
                for _, p in self.f.prep_objects(o, ("in",)):
                    words |= phrase(p)
            if _is(o, self.lex.words["quantities"]):  # "seized 40 kilograms of ivory", "tonnes of grain"
                for _, p in self.f.prep_objects(o, ("of",)):
                    words |= phrase(p)
            for c, dep, _low in kids(o):  # "sent planes carrying tents": the load is what is sent
                if dep in ("acl", "amod") and _is(c, self.lex.words["carrier_participles"]):
                    for g in [*self.f.objects(c), *(p for _, p in self.f.prep_objects(c, ("with",)))]:
                        words |= phrase(g)
        if e.kind == "verbs" and _is(tok, self.lex.words["with_object_verbs"]):
            for _, p in self.f.prep_objects(tok, ("with",)):  # "provided Kyiv with air defence systems"
                words |= phrase(p)
        return words

    def _holds(self, tok: Token, e: Entry) -> bool:
        children = self.tree.kids(tok)  # the same for every candidate entry of the token
        if e.particle and not any(dep == "prt" and low == e.particle for _c, dep, low in children):
            return False
        if e.prep_required is not None:
            preps = {low for _c, dep, low in children if dep in ("prep", "prt", "agent", "dative")}
            # "called for the bill to be dropped": the preposition is the clause's marker
            preps |= {m for c, dep, _low in children if dep in ("advcl", "ccomp", "xcomp")
                      for _m, mdep, m in self.tree.kids(c) if mdep == "mark" and _m.i < c.i}
            if not preps & e.prep_required:
                return False
        objs = self._object_words(tok, e) if e.kind == "verbs" or e.not_objects else frozenset()
        if e.kind != "verbs" and objs & e.not_objects:
            return False  # "the release of the records": what a nominal act is of may rule the entry out
        if e.kind == "verbs":
            if e.objects is not None and not (objs & e.objects or (None in e.objects and not objs)):
                return False
            if objs & e.not_objects:
                return False
            if e.any_object is True and not objs:
                return False
            if e.any_object is False and objs:
                return False
        if e.objects_of is not None and not (self._object_words(tok, e) & e.objects_of):
            return False
        if e.subjects is not None or e.not_subjects:
            subj = [c for c, dep, _low in children if dep in ("nsubj", "nsubjpass")]
            if not subj and tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBG"):
                subj = [tok.head]  # "Thousands protested ..." read as a noun's clause; "a licence allowing him to buy"
            words = {w for s in subj for t in np_tokens(s) for w in _words(t)}
            if e.subjects is not None and not words & e.subjects and not any(self._people(s) for s in subj):
                return False
            if words & e.not_subjects:
                return False
        mods = {w for c, dep, _low in children if dep in ("compound", "amod", "nmod", "nn", "poss") for w in _words(c)}
        if e.kind in ("nouns", "relations") and tok.dep_ == "compound":
            mods |= _words(tok.head)
        if e.modifiers is not None and not mods & e.modifiers:
            return False
        if mods & e.modifiers_not:
            return False
        if e.light_only is not None:
            head = self.f.quantified_head(tok)
            light = head.head
            if head.dep_ == "pobj" and light.dep_ == "prep" and light.head.pos_ in VERB_POS:
                light = light.head  # "went on strike", "placed on alert", "called for a boycott"
            if not (head.dep_ in ("dobj", "nsubjpass", "attr", "pobj", "conj") and _is(light, e.light_only)) and not (
                    head.dep_ == "nsubj" and e.subject_of is not None and _is(light, e.subject_of)):
                return False
        if e.object_is_party and not any(self._names_party(o) for o in self.f.objects(tok)):
            return False
        if e.characterising and not self._characterises(tok):
            return False
        if e.complements is not None:  # "pleaded guilty", "pled not guilty"
            comps = [c for c, dep, _low in children if dep in ("acomp", "oprd") and _words(c) & e.complements]
            if not comps or any(any(d == "neg" for _n, d, _l in self.tree.kids(c)) for c in comps) != e.complement_negated:
                return False
        if e.prep_objects is not None or e.not_preps:  # "warned Israel of a crushing response", not "about the outbreak"
            found = [(low, p) for h in (tok, *self.f.objects(tok)) for prep, dep, low in self.tree.kids(h) if dep == "prep"
                     for p, pdep, _l in self.tree.kids(prep) if pdep == "pobj"]
            if any(low in e.not_preps for low, _p in found):
                return False
            if e.prep_objects is not None and not any(_words(p) & e.prep_objects for _low, p in found):
                return False
        if e.not_about and self._about(tok, e) & e.not_about:
            return False
        if e.infinitive and not any(dep == "xcomp" and any(adep == "aux" and a == "to" for _a, adep, a in self.tree.kids(c))
                                    for c, dep, _low in children):
            return False
        if e.object_kinds is not None and not any(
                (f := self.f.index.at(o)) is not None and f.actor.kind in e.object_kinds for o in self.f.objects(tok)):
            return False
        if e.kind == "adjectives":
            pobjs = [p for _, p in self.f.prep_objects(tok, e.preps)]
            if e.objects is not None and not any(_words(p) & e.objects for p in pobjs):
                return False
        if e.kind == "relations" and not self.f.predicated_of(tok):
            return False
        return True

    def _characterises(self, tok: Token) -> bool:
        """ "attacked Drudge as a consistent opponent", "slammed the decision as reckless", "attacked the media for
        maintaining the status quo", "attacked Biden during the debates": an "as" that says what the object is (not
        "as a warning", "as it passed"), a "for" that names a fault (not "for hours"), or where words are said."""
        kids = self.tree.kids
        words = self.lex.words
        for clause, dep, _low in kids(tok):  # "blasted the chancellor as naive": the parser's adjective clause
            if dep == "advcl" and clause.tag_ == "JJ" and any(
                    mdep == "mark" and m == "as" for _c, mdep, m in kids(clause)):
                return True
        for holder in [tok, *self.f.objects(tok)]:
            for prep, dep, low in kids(holder):
                if holder is tok and dep == "prep" and low in ("on", "in", "during", "at", "via") and any(
                        odep == "pobj" and _words(obj) & words["speech_venues"] for obj, odep, _l in kids(prep)):
                    return True  # "attacked Biden during the debates", "attacked him on Twitter", "in a speech"
                if dep != "prep" or not (low == "as" or (low == "for" and holder is tok)):
                    continue  # "a camp for refugees was attacked": a "for" of the object is the object's
                for obj, odep, _l in kids(prep):
                    if odep == "pcomp" and low == "for" and obj.tag_ == "VBG":
                        return True
                    if odep != "pobj" or obj.like_num:
                        continue
                    if low == "as" and not _words(obj) & words["purpose_nouns"]:
                        return True
                    if low == "for" and obj.pos_ in ("NOUN", "PROPN") and not _words(obj) & words["duration_nouns"]:
                        return True
        return False

    def _people(self, subj: Token) -> bool:
        """ "Serbians protested", "Hongkongers marched": a state's people named by its plural demonym."""
        found = self.f.index.at(subj)
        return (found is not None and found.mention.how == "demonym" and str(subj.tag_) in ("NNPS", "NNS")
                and found.actor.kind in ("state", "group"))

    def _names_party(self, obj: Token) -> bool:
        """Whether a noun phrase is itself a party ("the Somali prime minister"), not a thing a party owns
        ("South Korea's decision")."""
        if self.f.index.at(obj) is not None:
            return True
        return any(self.f.index.at(c) is not None for c, dep, _low in self.tree.kids(obj) if dep in ("compound", "amod", "nmod"))

    def named_pair(self, word: Token) -> list[Found]:
        """The two (or more) parties a word like "them" or "the two rivals" stands for: the nearest coordinated
        parties before it in its sentence ("its ties with Israel and Turkey to defuse tensions between the rivals"),
        else in the sentence before."""
        sent = self.tree.sent(word)
        spans = [range(word.i - 1, sent.start - 1, -1)]
        if sent.start > 0:
            prev = self.tree.sent(self.f.doc[sent.start - 1])
            spans.append(range(prev.end - 1, prev.start - 1, -1))
        for span in spans:
            for i in span:
                t = self.f.doc[i]
                if t.dep_ == "conj" or not self.tree.has_dep(t, "conj"):
                    continue
                found = [f for f in self.f.np(t, frozenset()) if f.actor.code]
                if len({f.actor.code for f in found}) >= 2:
                    return found
        return []

    # ---------------------------------------------------------------- frames
    def build(self, tok: Token, e: Entry) -> Frame:
        fr = Frame(trigger=tok, entry=e, type=e.type, mode=e.mode, reciprocal=e.reciprocal)
        if e is JUDGE_NEGATIVE or e is JUDGE_POSITIVE:
            self._judgement(fr)
        elif e.kind == "verbs":
            self._verb(fr)
        elif e.kind == "nouns":
            self._noun(fr)
        elif e.kind == "relations":
            self._relation(fr)
        else:
            self._adjective(fr)
        return fr

    def _judgement(self, fr: Frame) -> None:
        """ "X called the move a smash and grab": X judges the one the object names (not the parties inside the
        judgement: "an aggression on Iraq"); an object that is an act noun ("the move") or a pronoun standing for
        one ("the attack, calling it ...") is aimed at that act's doer (resolved by the events stage)."""
        tok = fr.trigger
        fr.actors += self.f.subject(tok)
        if fr.entry is JUDGE_NEGATIVE and self._by_court(tok, fr.actors):
            fr.type, fr.mode = COURT_RULING
        predicate = {t.i for t in self._predicate(tok)}
        kids = self.tree.kids(tok)
        judged = next((c for c, dep, _low in kids if dep in ("dobj", "nsubjpass") and c.i not in predicate), None)
        if judged is None:
            judged = next((c for c, dep, _low in kids if dep == "oprd"), None)
            if judged is not None and judged.pos_ == "ADJ":  # "ruled the ban illegal", the object under the adjective
                judged = self._judged_by_adjective({judged.i})
        if judged is None:
            clause = next((c for c, dep, _low in kids if dep == "ccomp"), None)
            judged = self.tree.child(clause, ("nsubj", "nsubjpass")) if clause is not None else None
        if judged is None:
            judged = self._judged_by_adjective(predicate)
        if judged is None:
            return
        if judged.lower_ in ("it", "this", "that", "which"):
            noun = self._act_antecedent(judged)
            if noun is not None:
                fr.act_noun = noun
                fr.recipients += self.f.np(noun, OBJECT_PREPS)
                return
        # "the suspension of parliament": what an act noun is "of" is the one the act was done to, not its doer
        preps = OBJECT_PREPS - {"of"} if self.lex.lookup("nouns", _lemma(judged)) else OBJECT_PREPS
        fr.recipients += [f for f in self.f.np(judged, preps)
                          if not any(t.idx == f.mention.start and t.i in predicate for t in judged.subtree)]
        if not fr.recipients and judged.pos_ == "NOUN":
            fr.act_noun = judged

    def _by_court(self, verb: Token, actors: list[Found]) -> bool:
        """Whether the one judging is a court: a judge or court as the subject ("a federal judge in Texas ruled"),
        or parties all of the judiciary ("the Court of Session")."""
        subj = self.tree.child(verb, ("nsubj",))
        if subj is not None and _is(subj, self.lex.words["court_nouns"]):
            return True
        return bool(actors) and all(f.branch() == "JUD" for f in actors)

    def _act_antecedent(self, pron: Token) -> Token | None:
        """The act noun a pronoun stands for: the nearest noun before it in its sentence that names an act
        ("spoke out against the attack, calling it ...")."""
        sent = self.tree.sent(pron)
        for i in range(pron.i - 1, sent.start - 1, -1):
            t = self.f.doc[i]
            if self._is_act_noun(t):
                return t
        return None

    def _recipient_preps(self, e: Entry) -> list[str]:
        return list(dict.fromkeys([*e.preps, *self.lex.words["recipient_preps"]]))

    def _gather_preps(self, fr: Frame, tok: Token, preps: list[str]) -> None:
        place = self.lex.words["place_preps"]
        for prep, obj in self.f.prep_objects(tok, [*preps, *place]):
            if _each_other(obj):
                fr.reciprocal = True
                continue
            inner = OBJECT_PREPS if prep not in place else NP_PREPS
            if self.lex.lookup("nouns", _lemma(obj)):
                inner = inner - {"from", "by"}  # "against criticism from Washington": the critic is not the target
            if _is(obj, self.lex.words["border_nouns"]) or fr.type in self.onto.behaviour.partner:
                inner = inner | {"with"}  # "on the border with Armenia", "agreed to a ceasefire with Venezuela"
            parties = self.f.np(obj, inner)
            pair = prep == "between" and _is(obj, self.lex.words["pair_words"]) and self.f.index.at(obj) is None
            if prep not in place and (fr.type in self.onto.behaviour.venue or pair):  # "talks between negotiators in Geneva": the venue
                where = [f for c, dep, low in self.tree.kids(obj) if dep == "prep" and low in place
                         for p, pdep, _plow in self.tree.kids(c) if pdep == "pobj" for f in self.f.np(p, NP_PREPS)
                         if pair or f.actor.kind == "place" or f.mention.how == "place"]
                parties = [f for f in parties if f not in where]
                fr.places += where
            if pair and not parties:
                parties = self.named_pair(obj)  # "tensions between the two rivals": the pair named before
            if prep == "between":
                fr.reciprocal = True
            if _is(obj, self.lex.words["mission_nouns"]) and not self.onto.is_cooperative(fr.type):
                # "protested outside the Pakistani embassy in Damascus": the mission's state is the target, the
                # city only where it stands
                owners = self.f.np(obj, frozenset({"of"}))
                fr.recipients += owners
                fr.places += [f for f in parties if f not in owners]
                continue
            if prep in place or prep == "at":  # "mediated in Brussels", "signed at the White House": where, not whom
                venues = [f for f in parties if f.actor.kind == "place" or f.mention.how == "place"]
                fr.places += venues
                parties = [f for f in parties if f not in venues]
            if prep in place and prep not in fr.entry.preps:
                fr.places += parties
            elif prep == "from" and fr.entry.invert:
                fr.actors += parties
            else:
                fr.recipients += parties

    def _venues_inside(self, obj: Token, named: list[Found]) -> list[Found]:
        """Places an object names through a place preposition ("talks ... in Brussels"), unless the object is a
        government ("the new government in Damascus" is Syria's) or the place is the object itself ("visited Beijing")."""
        if _is(obj, self.lex.words["government_nouns"]):
            return []
        place = self.lex.words["place_preps"]
        inside = {t.idx for c in obj.children if c.dep_ == "prep" and c.lower_ in place for t in c.subtree}
        return [f for f in named if f.mention.start in inside and (f.actor.kind == "place" or f.mention.how == "place")]

    def _verb(self, fr: Frame) -> None:
        tok, e = fr.trigger, fr.entry
        subject = self.f.subject(tok)
        objs = self.f.objects(tok)
        preps = self._recipient_preps(e)
        event_objects = [o for o in objs if e.objects is not None and _words(o) & e.objects]
        party_objects = [o for o in objs if o not in event_objects or e.objects_are_parties]
        if e.third_party:
            for found in subject:
                fr.third.append((found, e.third_party))
            for o in event_objects:
                self._gather_preps(fr, o, preps)
            if not fr.actors and not fr.recipients:
                self._definite_pair(fr, event_objects)
            self._split_reciprocal(fr)
            if not fr.actors and not fr.recipients:
                # "X hosted talks with Y": the host is a party after all
                fr.actors, fr.third = [f for f, _ in fr.third], []
            return
        given = [o for o in event_objects if not _words(o) & self.lex.words["relation_words"]]  # "won support from", not "enjoys relations with"
        if e.invert and self.f.is_passive(tok):
            # "the United States was disappointed by the Parliament's decision": the one who feels it judges the agent
            fr.actors += [f for s in self.tree.children(tok) if s.dep_ == "nsubjpass" for f in self.f.np(s)]
            fr.recipients += subject
            return
        if (_is(tok, self.lex.words["receive_verbs"]) and given) or e.invert:
            fr.recipients += subject
            for _prep, obj in self.f.prep_objects(tok, ("from", "by")):
                fr.actors += self.f.np(obj)
            for o in event_objects:
                for _prep, obj in self.f.prep_objects(o, ("from", "by")):
                    fr.actors += self.f.np(obj)
            return
        fr.actors += subject
        if e.complement_subject_is_recipient:
            for c, dep, _low in self.tree.kids(tok):
                if dep in ("ccomp", "xcomp"):
                    s = self.tree.child(c, ("nsubj", "nsubjpass"))
                    fr.recipients += self.f.np(s)
        own_forces = fr.type == "MOBILIZE"  # the troops or police mobilised are the actor's own, never the target
        if fr.type == "CONSULT" and _is(tok, self.lex.words["topic_object_verbs"]):
            party_objects = []  # "to discuss the situation in Syria": the topic, not a side of the talks
        for o in party_objects:
            if _each_other(o):
                fr.reciprocal = True
            named = self.f.np(o, OBJECT_PREPS)
            # "mediated talks ... in Brussels": a place inside the object is where it happened; event() makes
            # it the target only for the types whose target is a place ("struck targets in Kharkiv")
            venues = self._venues_inside(o, named)
            fr.places += venues
            named = [f for f in named if f not in venues]
            if own_forces and self.f.is_passive(tok):  # "The Indian army was placed on high alert"
                fr.actors += [] if fr.actors else named
                continue
            fr.recipients += named
            # "opened fire on demonstrators" (people, the actor's own when unnamed); not "hit military targets"
            fr.unnamed_target = fr.unnamed_target or (not named and o.pos_ in NOUN_POS and not _is(o, self.lex.words["site_nouns"]))
            self._gather_preps(fr, o, [p for p in preps if p in ("with", "between", "against", "toward", "towards")])
        for d in self.f.datives(tok):
            fr.recipients += self.f.np(d)
        if fr.type in self.onto.behaviour.act_target and objs and not self.f.is_passive(tok):
            # "condemned the drilling by Turkey": the parser hangs the act's agent from the verb; it is the target
            for _p, obj in self.f.prep_objects(tok, ("by",)):
                fr.recipients += self.f.np(obj)
            if any(self._is_act_noun(o) for o in objs):
                # "attacked the proclamation of the Golan Heights as Israeli territory by the US president": the
                # act's agent, wherever the parser hung it in the clause
                for by in self._clause_agents(tok):
                    fr.recipients += self.f.np(by)
        self._gather_preps(fr, tok, preps)
        for o in event_objects:
            self._gather_preps(fr, o, preps)
            owners = [f for f in self.f.np(o, frozenset({"of"})) if f.mention.start != o.idx or o.pos_ == "PROPN"]
            if own_forces:  # "Russian troops were deployed", "deployed Russian tanks": the forces' state acts
                fr.actors += [] if fr.actors else owners
            else:
                fr.recipients += owners
        for o in objs:  # "sent planes carrying tents to Morocco": the load's destination
            for c, dep, _low in self.tree.kids(o):
                if dep in ("acl", "amod") and _is(c, self.lex.words["carrier_participles"]):
                    self._gather_preps(fr, c, preps)
        fr.government_target = any(_is(o, self.lex.words["government_nouns"]) and not self.f.np(o, OBJECT_PREPS)
                                   for o in party_objects)
        self._brokered(fr, event_objects)
        if fr.type == "REQUEST" and not fr.recipients:
            # "called for G7 action", "called for a Saudi investigation": the one whose act is asked for is asked
            for _p, obj in self.f.prep_objects(tok, ("for",)):
                for c, dep, _low in self.tree.kids(obj):
                    if dep in ("poss", "compound", "amod"):
                        fr.recipients += [f for f in self.f.np(c, frozenset()) if f.actor.kind != "place"]
        if not fr.recipients:
            self._implicit_target(fr, objs)
        if not fr.recipients and fr.mode == "mediate":  # "The talks were mediated by C" after the sides were named
            self._definite_pair(fr, objs)
        if fr.type == "ASSAULT" and not fr.recipients and any(dep == "prep" and low == "with" for _c, dep, low in self.tree.kids(tok)):
            fr.reciprocal = True

    def _is_act_noun(self, noun: Token) -> bool:
        """Whether a noun names an act: an event noun of the lexicon or one of its act nouns ("the move")."""
        return noun.pos_ == "NOUN" and bool(self.lex.lookup("nouns", str(noun.lemma_).lower()) or _is(noun, self.lex.words["act_nouns"]))

    def _clause_agents(self, verb: Token) -> list[Token]:
        """The objects of "by" below `verb` that hang from its object or its prepositional phrases (no verb between),
        not the ones directly under it."""
        out = []
        for t in verb.subtree:
            if t.lower_ != "by" or t.dep_ != "prep" or t.head.i == verb.i:
                continue
            up = t.head
            while up.i != verb.i and up.pos_ not in ("VERB", "AUX") and up.head.i != up.i:
                up = up.head
            if up.i == verb.i:
                out += [c for c, dep, _low in self.tree.kids(t) if dep == "pobj"]
        return out

    def _implicit_target(self, fr: Frame, objs: list[Token]) -> None:
        """A target the clause leaves to the one before: "G fired rockets at A, and A's forces hit back" (the first
        attacker); "B joined NATO, a move A condemned" (the mover: the act noun stands for the clause it follows)."""
        tok = fr.trigger
        if tok.dep_ == "conj" and fr.type == "ASSAULT" and tok.head.pos_ in VERB_POS and (
                _is(tok, self.lex.words["retaliation_verbs"]) or any(dep in ("advmod", "prt") and low == "back" for _c, dep, low in self.tree.kids(tok))):
            fr.recipients += [f for f in self.f.subject(tok.head) if f not in fr.actors]
        elif (tok.dep_ == "relcl" or (tok.dep_ == "acl" and self.tree.has_dep(tok, "nsubj"))) and all(
                o.lower_ in RELATIVE_PRONOUNS for o in objs):  # a clause with its own subject is a relative one
            noun, doc = tok.head, self.f.doc
            if _is(noun, self.lex.words["act_nouns"]) and noun.left_edge.i > 0 and doc[noun.left_edge.i - 1].lower_ == ",":
                # the clause the noun is set after by a comma (the parser hangs it from the verb or its object)
                gov = next((a for a in noun.ancestors if a.pos_ in VERB_POS), None)
                if gov is not None and gov.i < noun.i:
                    fr.recipients += [f for f in self.f.subject(gov) if f not in fr.actors]

    def _definite_pair(self, fr: Frame, event_objects: list[Token]) -> None:
        """ "The talks were brokered by C" after a sentence naming the two sides: the definite talks are theirs."""
        mine = {f.actor.code for f, _ in fr.third} | {f.actor.code for f in fr.actors}
        for o in event_objects:
            if any(dep == "det" and low == "the" for _c, dep, low in self.tree.kids(o)):
                pair = [f for f in self.named_pair(o) if f.actor.code not in mine]
                if len({f.actor.code for f in pair}) >= 2:
                    fr.recipients += pair
                    fr.reciprocal = True
                    return

    def _brokered(self, fr: Frame, event_objects: list[Token]) -> None:
        """ "Qatar worked to restore Saudi-Iranian ties": relations between two others, improved by a third, is mediation."""
        if fr.type not in ("SUPPORT", "COOPERATE") or not fr.actors or not any(_words(o) & self.lex.words["relation_words"] for o in event_objects):
            return
        mine = {f.actor.code for f in fr.actors}
        sides = {f.actor.code for f in fr.recipients} - mine
        if len(sides) >= 2:
            fr.type, fr.mode = "CONSULT", "mediate"
            fr.recipients = [f for f in fr.recipients if f.actor.code not in mine]

    def _noun(self, fr: Frame) -> None:
        tok, e = fr.trigger, fr.entry
        head = tok.head if tok.dep_ == "compound" and tok.head.pos_ in NOUN_POS else tok
        kids = self.tree.kids
        mods = [c for c, dep, _low in (*kids(tok), *(kids(head) if head.i != tok.i else ())) if dep in ("poss", "compound", "amod", "nmod", "nn")]
        for m in mods:
            fr.actors += self.f.np(m)
        of_preps = ("of",) if not e.recipient_of else ()
        for _prep, obj in self.f.prep_objects(head, ("by", *of_preps)):
            if e.objects_of is None:
                fr.actors += self.f.np(obj)
            else:
                self._gather_preps(fr, obj, self._recipient_preps(e))
                # "the expulsion of two Russian diplomats", "a freeze of Iranian assets": whose they are
                fr.recipients += [f for f in self.f.np(obj, frozenset({"of"})) if f.mention.start != obj.idx or obj.pos_ == "PROPN"]
        if e.recipient_of:
            for _, obj in self.f.prep_objects(head, ("of",)):
                fr.recipients += self.f.np(obj)
        self._gather_preps(fr, head, [p for p in self._recipient_preps(e) if p not in ("by",)])
        if e.subject_of is not None and head.dep_ == "nsubj" and _is(head.head, e.subject_of):
            self._gather_preps(fr, head.head, list(e.preps))  # "our thoughts are with the people of India"
        outer = self.f.quantified_head(head)
        if outer.i != head.i:  # "hundreds of strikes deep inside Syria"
            self._gather_preps(fr, outer, [p for p in self._recipient_preps(e) if p != "of"])
        light, role = outer.head, outer.dep_
        if role == "pobj" and light.dep_ == "prep" and light.head.pos_ in VERB_POS and e.light_only is not None:
            light, role = light.head, "dobj"  # "workers went on strike", "troops were placed on alert"
        receive = self.lex.words["receive_verbs"] | self.lex.words["undergo_verbs"]
        governs = role in ("dobj", "attr", "nsubjpass", "conj") and light.i != outer.i and light.pos_ in VERB_POS and (
            _is(light, self.lex.words["light_verbs"]) or _is(light, receive) or (
                e.light_only is not None and _is(light, e.light_only)) or _is(light, set(self.lex.third_party_verbs)))
        if fr.actors and governs and outer.dep_ == "dobj" and not _is(light, receive):
            # "sent his condolences to the Ugandan people": the possessor does it, the light verb says to whom
            self._gather_preps(fr, light, [p for p in e.preps if p in ("to", "for", "with", "against", "on")])
        if not fr.actors and governs:
            if _is(light, receive):
                fr.recipients = self.f.subject(light) + fr.recipients
                froms = self.f.prep_objects(light, ("from", "by"))
                if _is(light, self.lex.words["undergo_verbs"]):  # "faced criticism from X", not "received warrants from X"
                    froms += self.f.prep_objects(head, ("from", "by"))
                for _, obj in froms:
                    fr.actors += self.f.np(obj)
            else:
                fr.actors += self.f.subject(light)
                self._gather_preps(fr, light, list(e.preps))
                if outer.dep_ == "dobj":
                    for d in self.f.datives(light):
                        fr.recipients += self.f.np(d)
            for v, role in self.lex.third_party_verbs.items():
                if v in forms(light) and fr.reciprocal:
                    fr.third += [(f, role) for f in fr.actors]
                    fr.actors = []
        if outer.dep_ in ("nsubj",) and _is(outer.head, self.lex.words["harm_verbs"]) and fr.type == "ASSAULT":
            # "A roadside bombing killed a U.S. soldier"
            for o in self.f.objects(outer.head):
                fr.recipients += self.f.np(o)
        if e.actor_is_predicate and not fr.actors:
            fr.actors += self.f.predicated_of(head)
        if e.type in self.onto.behaviour.speech_noun:  # "its demand that Israel ease restrictions": who is to act
            for c, dep, _low in kids(head):
                if dep in ("ccomp", "acl", "relcl") and c.pos_ in VERB_POS:
                    subj = self.tree.child(c, ("nsubj", "nsubjpass"))
                    if subj is not None and subj.lower_ not in ("that", "which", "who"):
                        fr.recipients += self.f.np(subj)
        if fr.reciprocal or e.reciprocal:
            self._venue(fr, head)
            self._split_reciprocal(fr)

    def _venue(self, fr: Frame, head: Token) -> None:
        """ "Baku became a venue for talks between X and Y": the thing the venue noun is said of."""
        tok = head
        for _ in range(4):
            tok = tok.head
            if _is(tok, self.lex.words["venue_nouns"]) and tok.pos_ in NOUN_POS:
                fr.third += [(f, "venue") for f in self.f.predicated_of(tok)]
                return
            if tok.dep_ == "ROOT":
                return

    def _relation(self, fr: Frame) -> None:
        tok, e = fr.trigger, fr.entry
        head = tok.head if tok.dep_ == "compound" and tok.head.pos_ in NOUN_POS else tok
        fr.actors += self.f.predicated_of(head)
        siblings = [head, *[c for c, dep, _low in self.tree.kids(head) if dep == "conj"]]
        if head.dep_ == "conj":
            siblings.append(head.head)
        for s in siblings:
            for _, obj in self.f.prep_objects(s, e.preps):
                fr.recipients += self.f.np(obj)
            for c, dep, _low in self.tree.kids(s):
                if dep == "poss":
                    fr.recipients += self.f.np(c)
        if not fr.recipients and str(tok.tag_) in ("NNS", "NNPS"):
            fr.reciprocal = True
            self._split_reciprocal(fr)

    def _adjective(self, fr: Frame) -> None:
        tok, e = fr.trigger, fr.entry
        holder = self.f.predicated_of(tok)
        if not holder and tok.dep_ == "amod":
            holder = self.f.np(tok.head)
        found = [f for _, obj in self.f.prep_objects(tok, e.preps) if e.objects is None or _words(obj) & e.objects
                 for f in self.f.np(obj)]
        if e.invert:  # "Armenia is reliant on Russian gas": the one it holds of receives
            fr.actors += found
            fr.recipients += holder
        else:  # "Japan was unhappy with the ruling": the one it holds of judges what the phrase names
            fr.actors += holder
            fr.recipients += found

    @staticmethod
    def _split_reciprocal(fr: Frame) -> None:
        """ "talks between X and Y" / "X and Y, allies": the first party acts, the others receive."""
        if fr.actors or len(fr.recipients) < 2 or not fr.reciprocal:
            if not fr.recipients and len(fr.actors) >= 2 and fr.reciprocal:
                fr.actors, fr.recipients = fr.actors[:1], fr.actors[1:]
            return
        fr.actors, fr.recipients = fr.recipients[:1], fr.recipients[1:]


def _each_other(tok: Token) -> bool:
    """ "each other", "one another": the parties act on one another."""
    return str(tok.lower_) in ("other", "another") and any(low in ("each", "one") for _c, _dep, low in _tree.of(tok.doc).kids(tok))
