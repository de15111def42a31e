"""The events stage, registered as "rules.v1": who did what to whom, when, according to whom, with evidence.

    triggers  -> a set test of each token's lemma and form ids against the lexicon's words (TriggerIds)
    entries   -> rules.Rules.select: the first lexicon entry whose conditions hold (objects, particles, ...)
    frames    -> rules.Rules.build: parties from the parse (frames.Frames), third parties, places
    typing    -> retype(): intent -> AGREE / THREATEN, refusal -> REJECT (the CAMEO codebook's boundaries)
    clauses   -> absorb(): one event per clause chain ("agreed to withdraw" is one AGREE)
    events    -> Event with CAMEO code, score, date, modality, attribution; repeats merged per article
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from detente import nlp
from detente.actors import lexicon as actors_lexicon
from detente.events import dates as _dates
from detente.events import implicit as _implicit
from detente.events import lexicon as lexicon_mod
from detente.events import modality as _modality
from detente.events import ontology
from detente.events import tree as _tree
from detente.events.frames import RELATIVE_PRONOUNS, ActorIndex, Found, Frames, Token, forms, inflections, side
from detente.events.lexicon import Entry
from detente.events.rules import JUDGE_NEGATIVE, JUDGE_POSITIVE, Frame, Rules
from detente.model import Actor, Article, Event, Evidence, ThirdParty
from detente.registry import register

EXTRACTOR = "rules.v1"
#: the entry an obligation ("X said Y must ...") makes; it has no word of its own in the lexicon
OBLIGATION = Entry(kind="verbs", lemmas=("must",), type="REQUEST", mode="demand")
#: dependency labels an act may hang from and still be governed by the act above it ("agreed to withdraw",
#: "accused X of attacking", "opened fire to disperse"); relative clauses, subjects and coordination are not
GOVERNED_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "pcomp", "prep", "acl", "advcl", "attr", "oprd", "acomp",
                           "compound", "amod", "nmod", "poss", "agent", "dative", "npadvmod", "advmod", "aux"})
SELF_TARGET_HOWS = frozenset({"metonym", "place", "gazetteer"})
#: how many governors up a stated intent or refusal is looked for ("said it was prepared to withdraw")
GOVERNOR_DEPTH = 3
#: every preposition inside a noun phrase, for asking whether an object names any party at all
OBJECT_PREPS_ALL = frozenset({"of", "in", "from", "by", "for", "to", "against", "toward", "towards", "on", "with"})

class TriggerIds:
    """The lexicon's trigger words as string-store hash ids, so that finding them is a set test per token.

    A token is a trigger when its lemma or its lower-cased form is an inflection of a trigger lemma; an
    obligation when its form is an obligation auxiliary attached as `aux`; a marker (of an ultimatum) when its
    form is a threat marker. (String ids are the same in every vocabulary, spaCy's reserved symbols such as
    "aux" or "agent" included, so one set serves every model.)
    """

    def __init__(self, lex: lexicon_mod.Lexicon) -> None:
        from spacy.strings import get_string_id

        words = {f for kind in lexicon_mod.KINDS for w in lex.trigger_lemmas(kind) for f in inflections(w)}
        words |= {f for w in lex.words["evaluation_verbs"] for f in inflections(w)}  # "described X as a provocation"
        self.trigger = frozenset(get_string_id(w) for w in words)
        self.oblige = frozenset(get_string_id(w) for w in lex.words["obligation_auxiliaries"])
        self.marker = frozenset(get_string_id(w) for w in lex.words["threat_markers"])
        self.aux = get_string_id("aux")

    def find(self, doc: Any) -> tuple[list[int], list[int], list[int]]:
        """(triggers, obligations, markers): token indices in text order."""
        triggers: list[int] = []
        oblige: list[int] = []
        markers: list[int] = []
        if not len(doc):
            return triggers, oblige, markers
        trigger, obl, marker, aux = self.trigger, self.oblige, self.marker, self.aux
        for i, (lower, _pos, lemma, dep) in enumerate(_tree.of(doc).words()):  # read once, shared with the attributor
            if lemma in trigger or lower in trigger:
                triggers.append(i)
            if lower in obl and dep == aux:
                oblige.append(i)
            if lower in marker:
                markers.append(i)
        return triggers, oblige, markers


def _lemma(tok: Token) -> str:
    return str(tok.lemma_).lower()


class Extractor:
    """The rule extractor, built once: lexicon, ontology, and the optional date/modality helpers."""

    def __init__(self, lex: lexicon_mod.Lexicon | None = None) -> None:
        self.lex = lex or lexicon_mod.load()
        self.onto = ontology.load()
        self.trigger_ids = TriggerIds(self.lex)

    # ---------------------------------------------------------------- the stage
    def __call__(self, doc: Any, article: Article, actors: list[Actor]) -> list[Event]:
        index = ActorIndex(doc, actors)
        w = self.lex.words
        frames = Frames(doc, index, w["quantities"], w["report_verbs"], w["topic_nouns"], w["relational_nouns"])
        rules = Rules(self.lex, frames)
        triggers, obliges, markers = self.trigger_ids.find(doc)
        context = Context(actors=actors, focus=doc.user_data.get(nlp.FOCUS), markers=[doc[i] for i in markers])
        sent_of = _tree.of(doc).sent
        by_sent: dict[int, list[Frame]] = {}
        for i in triggers:
            tok = doc[i]
            if _legend(doc[sent_of(tok).start]):
                continue
            entry = rules.select(tok)
            if entry is None:
                continue
            by_sent.setdefault(sent_of(tok).start, []).append(rules.build(tok, entry))
        for i in obliges:
            if (fr := self.obligation(doc[i], frames)) is not None:
                sent_frames = by_sent.setdefault(sent_of(fr.trigger).start, [])
                sent_frames[:] = [f for f in sent_frames if f.trigger.i != fr.trigger.i] + [fr]
        resolver = _dates.DateResolver(article.published)
        attributor = _modality.Attributor(article, actors)
        events: list[Event] = []
        for start in sorted(by_sent):
            sent_frames = by_sent[start]
            for fr in sent_frames:
                self.retype(fr, context)
            for fr in self.absorb(sent_frames):
                ev = self.event(fr, article, resolver, attributor, frames, context)
                if ev is not None:
                    events.append(ev)
        return merge(events)

    def _condition_subject(self, tok: Token, frames: Frames) -> list[Found]:
        """ "threatened to stop talks if the United States goes ahead": the one the condition is put to."""
        for t in tok.subtree:
            if t.dep_ == "mark" and t.lower_ in ("if", "unless") and t.head.dep_ == "advcl":
                subj = _tree.of(tok.doc).child(t.head, ("nsubj", "nsubjpass"))
                if subj is not None:
                    return [f for f in frames.np(subj) if f.actor.code]
        return []

    def _threatened(self, tok: Token, frames: Frames) -> list[Found]:
        """ "vowed to deliver devastating blows to the United States": those the threatened act is aimed at, when the
        act is no event of its own."""
        for c, dep, _low in _tree.of(tok.doc).kids(tok):
            if dep != "xcomp":
                continue
            preps = ("to", "against", "on", "at")
            objs = frames.objects(c) + frames.datives(c)
            objs += [o for _p, o in frames.prep_objects(c, preps)] + [o for n in objs for _p, o in frames.prep_objects(n, preps)]
            found = [f for o in objs for f in frames.np(o) if f.actor.code and f.actor.kind != "place"]
            if found:
                return found
        return []

    def _refuses_act(self, fr: Frame) -> bool:
        """ "declined to resign", "refused to withdraw": a refusal whose object is an act the lexicon codes as an event
        of its own (not a speech act, not "to comment") is an event also when one person refuses."""
        if fr.type != "REJECT" or fr.entry.kind != "verbs":
            return False
        speech = _behaviour().speech
        for c, dep, _low in _tree.of(fr.trigger.doc).kids(fr.trigger):
            if dep == "xcomp" and c.pos_ == "VERB":
                types = {e.type for e in self.lex.lookup("verbs", str(c.lemma_).lower())}
                if types and not types & speech:
                    return True
        return False

    def obligation(self, aux: Token, frames: Frames) -> Frame | None:
        """ "Russia said Sudan must return the helicopter": the speaker demands of the one who must act."""
        verb = aux.head
        if verb.dep_ != "ccomp" or _lemma(verb.head) not in self.lex.words["report_verbs"] | {"conclude", "insist"}:
            return None
        speaker, addressee = frames.subject(verb.head), frames.subject(verb)
        if not speaker or not addressee or {f.actor.key for f in speaker} == {f.actor.key for f in addressee}:
            return None
        return Frame(trigger=verb, entry=OBLIGATION, type="REQUEST", mode="demand", actors=speaker, recipients=addressee)

    def _act_doers(self, fr: Frame, frames: Frames, context: Context) -> list[Found]:
        """ "criticised the decision", "opposed the withdrawal", "spoke out against the attack": the doer of the
        act the object noun stands for, when the noun names none itself."""
        tok = fr.trigger
        objs = frames.objects(tok) + [o for _p, o in frames.prep_objects(tok, ("against", "over"))]
        if fr.act_noun is not None:
            objs = [fr.act_noun]
        for o in objs:
            if o.pos_ not in ("NOUN",) or frames.np(o, OBJECT_PREPS_ALL):
                continue
            if o is not fr.act_noun and not any(low in ("the", "this", "that", "these", "those", "his", "her", "its", "their")
                                                for _c, dep, low in _tree.of(o.doc).kids(o) if dep in ("det", "poss")):
                continue  # "condemned attacks" in general is no one act
            nouns = self.lex.lookup("nouns", str(o.lemma_).lower())
            for type_ in dict.fromkeys(n.type for n in nouns):  # "the withdrawal" of troops or of a bill
                doers = context.memory.doer(o, type_, tok.idx)
                if doers:
                    return doers
            if nouns:
                return []
            if forms(o) & self.lex.words["act_nouns"]:
                return context.memory.doer(o, None, tok.idx)
            if forms(o) & self.lex.words["harm_nouns"]:  # "called the death a senseless killing": the latest attack's
                return context.memory.doer(o, "ASSAULT", tok.idx)
            # a noun of an act the lexicon has no entry for: the act the article reported in the same word ("was
            # stabbed ... called the stabbing an act of barbarity")
            return context.memory.doer(o, None, tok.idx, any_act=False)
        return []

    def _complete(self, fr: Frame, actors: list[Found], recipients: list[Found], places: list[Found], context: Context,
                  frames: Frames) -> tuple[list[Found], list[Found]]:
        """Parties a careful coder reads from the article when the sentence leaves them out.

        Uncoded parties go when coded ones are there. A domestic act with no named doer ("The first [article] charged
        Trump with abuse of power", "Seventeen rockets struck the base") is done by the article's state when everyone
        it is done to is of that state; a weapon as the subject of an attack stands for unnamed attackers of the place.
        A call, accusation, refusal or protest by a state's own people, opposition, legislature or courts with no
        named target is aimed at their own government: when they are of the article's focus, or when their sentence
        names no other state ("Protesters in Belgrade called for new elections")."""
        coded = [f for f in actors if f.actor.code]
        actors = coded or actors
        coded = [f for f in recipients if f.actor.code]
        recipients = coded or recipients
        focus = context.focus
        if not any(f.actor.code for f in actors) and fr.type in _behaviour().domestic_doer \
                and fr.mode not in _behaviour().unimplied_modes:
            weapon = fr.type == "ASSAULT" and self._weapon_subject(fr.trigger)
            attacker = fr.type == "ASSAULT" and not weapon and self._unnamed_attacker(fr.trigger)
            targets = {f.actor.code for f in recipients if f.actor.code}
            where = next((p.actor.code for p in places if p.actor.code), None)
            if (weapon and (where or focus)) or (attacker and (where or focus or len(targets) == 1)):
                actors = self._implied_actor(fr, recipients, places, context)
            elif focus is not None and targets == {focus}:
                actors = [_implicit.implied(context.actors, focus, _implicit.implied_sector(fr.type, fr.mode),
                                            fr.trigger.idx, _state_names)]
        # a wish names whom it is of, or is no demand ("Coloradans who want me to run", "people who wanted the stability
        # of CentOS" demand nothing of their government)
        if not recipients and actors and fr.type in _behaviour().own_government and not fr.entry.named_recipient:
            doer = actors[0]
            branch = doer.branch()
            code = doer.actor.code
            if code and code not in ("IGO", "NGO", "IMG") and branch not in (None, "GOV", "MIL", "COP"):
                sent = _tree.of(fr.trigger.doc).sent(fr.trigger)
                if code == focus or frames.index.codes_within(sent.start, sent.end - 1) <= {code}:
                    recipients = [_implicit.implied(context.actors, code, "GOV", fr.trigger.idx, _state_names)]
        return actors, recipients

    def _victims(self, tok: Token, frames: Frames, places: list[Found], context: Context) -> list[Found]:
        """Who a passive attack names as its victims when no party does: "at least 20 were killed" (people of the
        place or the article), "al-Muhandis, who was also killed" (the one the relative pronoun stands for)."""
        tree = _tree.of(tok.doc)
        subj = tree.child(tok, ("nsubjpass",))
        if subj is None:
            if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":  # "died after being shot": the one who died
                return frames.subject(tok.head.head)
            return []
        if subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
            return frames.np(tok.head)
        if subj.pos_ == "NUM" or subj.like_num or subj.lower_ in _GENERIC_PEOPLE | _COUNT_WORDS:
            code = next((p.actor.code for p in places if p.actor.code), None) or context.focus
            if code is not None and code not in ("IGO", "NGO", "IMG"):
                return [_implicit.implied(context.actors, code, "CVL", tok.idx, _state_names)]
        return []

    def _weapon_subject(self, tok: Token) -> bool:
        """ "Seventeen rockets struck near the base", "a car bomb killed ten": an attack whose subject is its weapon."""
        subj = _tree.of(tok.doc).child(tok, ("nsubj",))
        return subj is not None and bool(forms(subj) & self.lex.words["weapon_nouns"])

    def _private(self, f: Found, doc: Any) -> bool:
        """A party that acts for no state, movement or body: a person with no office ("Ginger Baker"), civilians, or
        a state's demonym on a private person ("the British drummer"); not "Dutch police", "Rwandan delegations"."""
        if _official(f, doc):
            return False
        branch = f.branch()
        if branch is not None:
            return branch == "CVL"
        if f.actor.kind == "person":
            return True
        if f.actor.kind == "state" and f.mention.how == "demonym":
            head = _demonym_head(f, doc)
            return head is None or not forms(head) & self.lex.words["public_nouns"]
        return False

    def _accident(self, tok: Token) -> bool:
        """ "seven people were killed when a bomber crashed", "injured in the crash", "the fire, which also injured a
        man", "the plane crashed and struck a building": harm done by an accident or a disaster is no attack (the news
        guide: deaths from accidents are no event). Only a verb: an attack noun names an attack."""
        if tok.pos_ != "VERB":
            return False
        kids = _tree.of(tok.doc).kids
        # the nouns of what did it: the subject, the cause ("in the crash", "by the fire"), what a relative clause is of
        nouns = [c for c, dep, _low in kids(tok) if dep in ("nsubj", "nsubjpass")]
        nouns += [o for c, dep, low in kids(tok) if dep == "agent" or (dep == "prep" and low in ("in", "by", "from", "during"))
                  for o, odep, _l in kids(c) if odep == "pobj"]
        if tok.dep_ == "relcl":  # "the fire, which also injured a man", "the fire in Poland, which injured a man"
            nouns.append(tok.head)
            if tok.head.dep_ == "pobj" and tok.head.head.dep_ == "prep":
                nouns.append(tok.head.head.head)
        if (tok.dep_ == "advcl" and tok.tag_ == "VBG") or tok.dep_ == "conj":
            # "an earthquake struck Surigao, injuring 25", "the typhoon made landfall, killing 20": the participle's
            # doer is its clause's subject
            nouns += [c for c, dep, _low in kids(tok.head) if dep in ("nsubj", "nsubjpass")]
        # "Typhoon Phanfone", "the Ebola outbreak": a name's kind is its compound; "by the fire's ferocity": its owner
        nouns += [c for n in list(nouns) for c, dep, _low in kids(n) if dep in ("compound", "poss")]
        # the verbs of an accident in the clause ("killed ..., when a bomber crashed", wherever the parser hangs it) or
        # the one the act is coordinated with ("the plane crashed ... and struck a deicing facility")
        verbs = [t for t in tok.subtree if t.pos_ == "VERB" and t.i != tok.i]
        if tok.dep_ == "conj":
            verbs.append(tok.head)
        weapons = self.lex.words["weapon_nouns"] | self.lex.words["attacker_nouns"] | self.lex.words["fire_modifiers"]
        words = self.lex.words["accident_words"]
        if any(forms(t) & words and not any(dep in ("compound", "amod", "nmod") and forms(c) & weapons
                                            for c, dep, _low in kids(t)) for t in nouns if t.pos_ != "VERB"):
            return True
        return any(forms(t) & self.lex.words["accident_verbs"] for t in verbs)

    def _attack_told_before(self, fr: Frame, frames: Frames, context: Context) -> list[Found]:
        """ "six Mexican nationals were killed in the attack", "who was also killed in the airstrike": casualties of an
        attack the article told before are that attack's doers' victims, not of unnamed attackers of the place."""
        if fr.type != "ASSAULT":
            return []
        for _prep, noun in frames.prep_objects(fr.trigger, ("in", "during", "from")):
            definite = any(dep in ("det", "poss") and low in ("the", "this", "that", "these", "those")
                           for _c, dep, low in _tree.of(noun.doc).kids(noun))
            nouns = {e.type for e in self.lex.lookup("nouns", str(noun.lemma_).lower())}
            if definite and ("ASSAULT" in nouns or forms(noun) & self.lex.words["harm_nouns"]):
                return context.memory.doer(noun, "ASSAULT", fr.trigger.idx)
        return []

    def _received(self, noun: Token) -> bool:
        """Whether an act noun is the object of a verb whose subject undergoes it ("faces charges", "received a
        sentence")."""
        return noun.dep_ == "dobj" and _is_lemma(noun.head, self.lex.words["receive_verbs"] | self.lex.words["undergo_verbs"])

    def _unnamed_attacker(self, tok: Token) -> bool:
        """ "a gunman shot shoppers in El Paso", "Multiple assailants attacked the journalist": an attack whose subject
        is an attacker nobody names; the news guide codes such attackers as of the country where they strike."""
        subj = _tree.of(tok.doc).child(tok, ("nsubj",))
        return subj is not None and bool(forms(subj) & self.lex.words["attacker_nouns"])

    def _implied_actor(self, fr: Frame, recipients: list[Found], places: list[Found], context: Context) -> list[Found]:
        """The doer of a passive act with no agent: the state where it happened, else the article's focus, else the
        state of the ones it was done to (when they are all of one)."""
        code = next((p.actor.code for p in places if p.actor.code), None) or context.focus
        if code is None:
            codes = {f.actor.code for f in recipients if f.actor.code}
            code = codes.pop() if len(codes) == 1 else None
        if code is None or code in ("IGO", "NGO", "IMG"):
            return []
        return [_implicit.implied(context.actors, code, _implicit.implied_sector(fr.type, fr.mode), fr.trigger.idx,
                                  _state_names)]

    # ---------------------------------------------------------------- typing
    def governance(self, tok: Token, markers: list[Token]) -> tuple[bool, bool, bool, bool, bool, bool]:
        """(intent, refused, negated, ultimatum, attempt, posture) for a trigger, from its auxiliaries and governors;
        `markers` are the Doc's ultimatum markers ("unless", "otherwise")."""
        w = self.lex.words
        kids = _tree.of(tok.doc).kids
        intents = w["intent_auxiliaries"]
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head  # "promised to continue aid": the light verb carries the clause
        negated = any(dep == "neg" for _c, dep, _low in kids(tok))
        # "would sometimes kill the farmers": a habit told, no intent
        intent = any(dep == "aux" and low in intents for _c, dep, low in kids(tok)) and not _modality.habitual(tok)
        refused = attempt = posture = False
        t = tok
        while t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX") and t.head.i != t.i:
            t = t.head  # "aims to tighten sanctions and impose a blockade": the second act shares the first's governor
            intent = intent or any(dep == "aux" and low in intents for _c, dep, low in kids(t))
        for _ in range(GOVERNOR_DEPTH):
            if t.dep_ == "pcomp" and t.head.dep_ == "prep":
                g = t.head.head
            elif t.dep_ in ("xcomp", "ccomp", "acl", "advcl", "acomp") and t.head.i != t.i:
                g = t.head
            else:
                break
            lem = forms(g)
            if lem & w["report_verbs"]:
                break
            if lem & w["intent_governors"]:
                intent = True
                negated = negated or any(dep == "neg" for _c, dep, _low in kids(g))
            if lem & w["refusal_governors"]:
                refused = True
            if lem & w["attempt_governors"]:
                attempt = True
            if lem & w["posture_governors"]:
                posture = True
            if any(dep == "aux" and low in intents for _c, dep, low in kids(g)):
                intent = True
            t = g
        ultimatum = any(tok.is_ancestor(m) for m in markers)
        return intent, refused, negated, ultimatum, attempt, posture

    def retype(self, fr: Frame, context: Context) -> None:
        """Intent to cooperate is AGREE, intent to harm THREATEN, refusal REJECT: CAMEO's own boundaries."""
        intent, refused, negated, ultimatum, attempt, posture = self.governance(fr.trigger, context.markers)
        if posture and fr.type == "ASSAULT" and not negated:
            fr.type, fr.mode = "MOBILIZE", "weapons"  # "prepared to resume shelling": a force posture
            return
        if attempt and self.onto.is_cooperative(fr.type):
            intent = True  # "trying to normalise ties" states an intent; "tried to hack" is the act itself
        t = fr.type
        if t in _behaviour().speech:
            if t == "AGREE" and (refused or negated):
                fr.type, fr.mode, fr.negation_in_type = "REJECT", None, True
            return
        if self.onto.is_cooperative(t):
            if refused or (negated and intent):
                fr.type, fr.mode, fr.negation_in_type = "REJECT", None, True
            elif intent and ultimatum:
                fr.type, fr.mode = "THREATEN", "relations" if t in ("AID", "RETREAT", "COOPERATE") else None
            elif intent:
                fr.type, fr.mode = "AGREE", _behaviour().agree_modes_by_mode.get(fr.mode or "") or _behaviour().agree_modes.get(t)
        elif intent and not negated and not refused:
            mode = _behaviour().threat_modes.get(t)
            if t == "SANCTION" and fr.mode in _behaviour().threat_relation_modes:
                mode = "relations"
            if t == "COERCE" and fr.mode == "curfew":
                mode = "curfew"
            fr.type, fr.mode = "THREATEN", mode

    def absorb(self, frames: list[Frame]) -> list[Frame]:
        """One event per clause chain: a speech act or same-typed governor swallows the acts under it."""
        lex = self.lex
        by_token = {fr.trigger.i: fr for fr in frames}
        # "their demands include new elections": the verb a demand is the subject of governs as the demand
        for fr in frames:
            if fr.entry.subject_of is not None and fr.trigger.dep_ == "nsubj" and _is_lemma(fr.trigger.head, fr.entry.subject_of):
                by_token.setdefault(fr.trigger.head.i, fr)
        alive = {fr.trigger.i for fr in frames}
        if not frames:
            return []
        depth = _tree.of(frames[0].trigger.doc).depth
        for fr in sorted(frames, key=lambda f: -depth(f.trigger)):  # the deepest act first
            for anc in _governors(fr.trigger):
                gov = by_token.get(anc.i)
                if gov is None or gov is fr or gov.trigger.i not in alive:
                    continue
                topic = gov.type == "CONSULT" and bool(forms(gov.trigger) & lex.words["topic_verbs"])
                purpose = gov.type == "PROTEST" and fr.type == "REQUEST"  # "staged a strike to demand reforms": one act
                same_polarity = purpose or (gov.type in _behaviour().speech) or gov.type == fr.type or gov.mode == "allow" or topic or (
                    fr.trigger.dep_ in ("advcl", "xcomp", "conj", "acl") and _kin(gov.type, fr.type))
                if not same_polarity:
                    continue
                if gov.entry is JUDGE_NEGATIVE or gov.entry is JUDGE_POSITIVE or (
                        gov.type in _behaviour().conditioning and _in_condition(fr.trigger, anc)):
                    # "calling it an aggression on Iraq": the judgement's words are no act, and name no party of it;
                    # "threatened to break ties unless the Kremlin closed its base": the condition is no act either
                    gov.absorbed.append(fr.trigger)
                    alive.discard(fr.trigger.i)
                    break
                if not gov.actors and gov.trigger.i == anc.i:  # not the doer of what a demand asks for
                    gov.actors = fr.actors
                if not gov.recipients and gov.type == "ACCUSE" and fr.trigger.dep_ == "ccomp" and fr.actors != gov.actors:
                    gov.recipients = list(fr.actors)  # "condemned that X joined NATO": X is the one condemned
                if not gov.recipients:
                    gov.recipients = [f for f in fr.recipients if f not in gov.actors] or (fr.actors if gov.type in _behaviour().speech and gov.type != "ACCUSE" and fr.actors != gov.actors else [])
                gov.third += [t for t in fr.third if t not in gov.third]
                gov.reciprocal = gov.reciprocal or fr.reciprocal or ontology.load().types[fr.entry.type].reciprocal
                gov.places += fr.places
                if gov.mode == "order" and fr.type not in _behaviour().speech:
                    gov.type, gov.mode = fr.type, fr.mode  # an authority's order is the act it orders
                gov.absorbed.append(fr.trigger)
                alive.discard(fr.trigger.i)
                break
        return [fr for fr in frames if fr.trigger.i in alive]

    # ---------------------------------------------------------------- events
    def event(self, fr: Frame, article: Article, resolver: _dates.DateResolver, attributor: _modality.Attributor,
              frames: Frames, context: Context | None = None) -> Event | None:
        """The Event a frame makes, or None when it names no party it could be about."""
        ev = self._event(fr, article, resolver, attributor, frames, context)
        if context is not None and ev is not None:
            # the doers of a joint act are both its sides ("Turkey and Libya signed a border agreement ... called the
            # agreement null and void" judges both)
            doers = fr.actors + (fr.recipients if self.onto.types[fr.type].reciprocal and self.onto.is_cooperative(fr.type)
                                  and ev.mode not in _behaviour().directed_modes else [])
            context.memory.add(fr.type, fr.trigger, _dedupe(doers))
        return ev

    def _event(self, fr: Frame, article: Article, resolver: _dates.DateResolver, attributor: _modality.Attributor,
               frames: Frames, context: Context | None) -> Event | None:
        actors, recipients, third = _dedupe(fr.actors), _dedupe(fr.recipients), fr.third
        if fr.entry.require_actor and not actors:
            return None
        if _asked_of_reader(fr.trigger):
            return None
        if (fr.type == "ASSAULT" or fr.entry.mode == "destroy") and self._accident(fr.trigger):
            return None  # "killed when the bus crashed", "a fire destroyed 200 homes", "damaged by the quake"
        places = [p for p in _dedupe(fr.places) if p not in actors and p.actor.code]  # "outside parliament" names no state
        if fr.type == "CONSULT" and places:
            third = third + [(p, "venue") for p in places if p not in recipients]
        elif places and not recipients and (fr.type in _behaviour().place_target or fr.entry.place_is_recipient):
            recipients = places
        if fr.type == "PROTEST" and places and actors and all(f.mention.how == "focus" for f in actors):
            # "Crowds protested outside the Chinese consulate in Manila": protesters the words give no state are of
            # the place they protest in, not of the article's focus
            where = next((p.actor.code for p in places if p.actor.code), None)
            if where is not None and where not in {f.actor.code for f in actors} and context is not None:
                actors = [_implicit.implied(context.actors, where, "CVL", fr.trigger.idx, _state_names)]
        if not actors and places and fr.type == "PROTEST":
            actors = places[:1]
        if (fr.entry.place_is_recipient or fr.government_target) and not recipients and places:
            recipients = places
        keys = {id(f.actor) for f in actors}
        # one state's legislature can impeach its executive: two branches of one actor are two parties
        branches = {(id(f.actor), f.branch()) for f in actors}
        said = {(f.mention.start, f.mention.end) for f in actors}
        recipients = [f for f in recipients if id(f.actor) not in keys or (
            fr.type in _behaviour().self_target and f.mention.how in SELF_TARGET_HOWS and (f.mention.start, f.mention.end) not in said)
            or (f.branch() is not None and (id(f.actor), f.branch()) not in branches)]
        if not recipients and fr.type == "THREATEN":
            recipients = self._condition_subject(fr.trigger, frames) or self._threatened(fr.trigger, frames) or places
        if not actors and fr.type == "PROTEST" and recipients:
            actors = [f for f in recipients if f.actor.code][:1]  # protesters are of the state they protest to
        if context is not None:
            if not recipients and fr.type in _behaviour().act_target:
                recipients = [f for f in self._act_doers(fr, frames, context) if f.actor.key not in {a.actor.key for a in actors}]
            if not recipients and fr.type == "ASSAULT" and fr.entry.kind == "verbs" and frames.is_passive(fr.trigger):
                recipients = self._victims(fr.trigger, frames, places, context)
            if not actors and fr.type in _behaviour().implied_doer and fr.entry.kind == "verbs" and frames.is_passive(fr.trigger):
                actors = self._attack_told_before(fr, frames, context) or (
                    [] if fr.mode in _behaviour().unimplied_modes else self._implied_actor(fr, recipients, places, context))
            if not actors and fr.type == "PROTEST" and fr.entry.kind == "nouns" and fr.trigger.dep_ == "nsubj":
                # "anti-government protests continue in Baghdad": the people of the place protest to their government
                code = next((p.actor.code for p in places if p.actor.code), None) or context.focus
                if code is not None and code not in ("IGO", "NGO", "IMG"):
                    actors = [_implicit.implied(context.actors, code, "CVL", fr.trigger.idx, _state_names)]
                    recipients = [f for f in recipients if f.actor.code != code] or [
                        _implicit.implied(context.actors, code, "GOV", fr.trigger.idx, _state_names)]
        if not actors and fr.entry.kind != "verbs" and fr.type == "ASSAULT" and recipients and context is not None \
                and _new_attack(fr.trigger):
            # "an attack that day on an Iraqi air base ... produced no casualties": an attack told as news, by unnamed
            # attackers of the place or the article
            actors = self._implied_actor(fr, recipients, places, context)
        if not actors and fr.entry.kind != "verbs" and recipients and context is not None \
                and fr.type in _behaviour().domestic_doer and self._received(fr.trigger):
            # "the 36 must face murder charges", "is to face trial": the state that charges or tries them, unnamed
            actors = self._implied_actor(fr, recipients, places, context)
        if not actors and fr.entry.kind != "verbs":
            return None  # a nominal event with no doer ("the war in Gaza") is background, not an event
        if not recipients and fr.unnamed_target and fr.type in ("ASSAULT", "COERCE", "SANCTION") and actors:
            recipients = [f for f in actors if f.actor.code][:1]  # CAMEO: an unnamed target is the actor's own people
        reciprocal = fr.reciprocal or self.onto.types[fr.type].reciprocal
        if reciprocal and not recipients and _sides(actors) >= 2:
            actors, recipients = actors[:1], actors[1:]
        elif reciprocal and not actors and _sides(recipients) >= 2:
            actors, recipients = recipients[:1], recipients[1:]
        if not recipients and fr.type in _behaviour().domestic and actors and not fr.entry.require_recipient:
            recipients = [f for f in actors if f.actor.code][:1]
        if context is not None:
            actors, recipients = self._complete(fr, actors, recipients, places, context, frames)
            if recipients and not any(f.actor.code for f in recipients):
                recipients = []  # a target no state can be given ("attacked a Walmart store") is no party to code
        if fr.entry.abroad and recipients and _at_home(actors, recipients):
            return None  # "he returned to Oman", "returned to the campaign trail": going home is no visit
        if fr.mode in _behaviour().official_modes and not all(_official(f, fr.trigger.doc) for f in actors):
            return None
        if fr.type in _behaviour().official_party and all(
                self._private(f, fr.trigger.doc) for f in (*actors, *recipients)):
            return None  # "where he met bassist Jack Bruce", "collaborated with Fela Kuti": private lives
        if (fr.type == "PROTEST" and str(fr.trigger.lemma_).lower() == "rally" and actors
                and all(_governing(f, fr.trigger.doc) for f in actors)
                and _at_home(actors, recipients)):
            return None  # "Trump's Tulsa rally", "held his first indoor rally": a government's own rally protests nothing
        if fr.type != "PROTEST" and actors and _anyone_did(fr.trigger, actors):
            return None  # "people reject ideas", "a lot of people will criticise": people at large do no politics
        if fr.mode in _behaviour().collective_modes and (
                any(f.actor.kind == "person" for f in actors) or _person_subject(fr.trigger, actors)):
            return None  # "Patel joined the Solidarity Party": a member, not a party to cooperation
        monadic = fr.type in _behaviour().monadic or fr.mode in _behaviour().monadic_modes or (
            fr.type in _behaviour().monadic_collective and (
                (_collective_doers(fr, actors) and not _person_subject(fr.trigger, actors)) or self._refuses_act(fr)))
        if not recipients and (fr.entry.require_recipient or not monadic):
            return None
        parties = actors + recipients
        if fr.entry.require_two_parties and len({f.actor.code for f in parties if f.actor.code}) < 2:
            return None
        if not any(f.actor.code for f in parties + [f for f, _ in third]):
            return None
        if not actors and not recipients:
            return None
        if context is not None and not any(f.actor.code for f in actors):
            return None  # no one to say did it: a careful coder codes no event without a doer
        fr.actors, fr.recipients = actors, recipients  # as the event has them (implied doers included): what the article's act memory keeps
        tok = fr.trigger
        tree = _tree.of(tok.doc)
        sent = tree.sent(tok)
        trigger_text = " ".join(t.text for t in sorted([tok, *[c for c, dep, _low in tree.kids(tok) if dep == "prt"]], key=lambda t: t.i))
        evidence = Evidence(sentence=nlp.text(sent.doc)[sent.start_char:sent.end_char], trigger=trigger_text, start=sent.start_char, end=sent.end_char,
                            trigger_start=tok.idx, trigger_end=tok.idx + len(tok.text))
        mode = fr.mode if fr.mode in self.onto.types[fr.type].modes else None
        ev = Event(
            type=fr.type, mode=mode, context=fr.entry.context,
            actors=[f.party() for f in actors], recipients=[f.party() for f in recipients],
            third_parties=[ThirdParty(code=f.actor.code, name=f.actor.name, role=role, text=f.mention.text, actor_key=f.actor.key or None,
                                      cameo=f.cameo())
                           for f, role in _dedupe_third(third) if f not in actors and f not in recipients],
            evidence=evidence, cameo=self.onto.cameo_code(fr.type, mode), score=self.onto.score(fr.type, mode),
            extractor=EXTRACTOR,
        )
        ev.date = resolver.resolve(sent, tok)
        ev.modality = _modality.modality(tok, ev.date, article.published)
        if ev.modality == "negated" and fr.negation_in_type:
            ev.modality = "asserted"  # "will not normalise ties" is an asserted REJECT, not a negated one
        ev.attribution = attributor.attribution(sent, tok)
        ev.id = event_id(article.id, ev)
        return ev


def _state_names(code: str) -> Any:
    from detente.actors import gazetteer

    return gazetteer.load().state(code)


def _behaviour() -> ontology.Behaviour:
    """How each type and mode is treated: ontology.toml [behaviour], loaded once."""
    return ontology.load().behaviour


def _words() -> dict[str, frozenset[str]]:
    """The built-in lexicon's word lists (lexicon.yaml), for the helpers that have no extractor at hand."""
    return lexicon_mod.load().words


@dataclass
class Context:
    """What the events stage knows of one article beyond the sentence at hand: made per Doc, never kept on the
    stage (the stage object is shared by every article)."""

    actors: list[Actor]
    #: the state the article is about (the actors stage's reading), for acts whose doer is implied
    focus: str | None = None
    memory: _implicit.ActMemory = field(default_factory=_implicit.ActMemory)
    #: the Doc's ultimatum markers ("unless", "otherwise"): an intent under one is a threat
    markers: list[Token] = field(default_factory=list)


def _new_attack(noun: Token) -> bool:
    """An attack noun that tells a new event: indefinite ("an attack", "a rocket attack") and the subject of a clause
    that reports what it did ("... produced no casualties", "... killed two soldiers") or the object of a report
    ("officials reported an attack on a police post")."""
    kids = _tree.of(noun.doc).kids
    if not any(dep == "det" and low in ("a", "an") for _c, dep, low in kids(noun)) or noun.head.pos_ != "VERB":
        return False
    return noun.dep_ in ("nsubj", "nsubjpass") or (noun.dep_ == "dobj" and _is_lemma(noun.head, _words()["report_verbs"]))


def _legend(first: Token) -> bool:
    """Whether a sentence is a line of a map's or chart's key: a colour swatch ("██", "■") and a label ("██ Syrian
    opposition & Turkish occupation", "██ Territory captured by Azerbaijan"); page furniture, no news."""
    return bool(first.text) and "\u2580" <= first.text[0] <= "\u25ff"


def _is_lemma(tok: Token, words: frozenset[str]) -> bool:
    return bool(forms(tok) & words)


def _governors(tok: Token) -> list[Token]:
    """The tokens above `tok` whose act may govern it: up through complements, never out of a relative
    clause, a subject, a coordination or a time adjunct."""
    out = []
    t = tok
    children = _tree.of(tok.doc).children
    while t.head.i != t.i:
        if t.dep_ not in GOVERNED_DEPS or (t.dep_ == "prep" and t.lower_ in _words()["adjunct_preps"]):
            break
        if t.dep_ == "advcl" and not any(c.lower_ in ("to", "in") or c.tag_ == "VBG" or (c.dep_ == "mark" and c.lower_ in _words()["condition_marks"])
                                         for c in [t, *children(t)]):
            break
        t = t.head
        out.append(t)
    return out


def _in_condition(tok: Token, governor: Token) -> bool:
    """Whether `tok` sits in an "if"/"unless" clause below `governor` ("... unless Baghdad accepted its terms")."""
    kids = _tree.of(tok.doc).kids
    t = tok
    while t.i != governor.i and t.head.i != t.i:
        if t.dep_ == "advcl" and any(dep == "mark" and low in _words()["condition_marks"] for _c, dep, low in kids(t)):
            return True
        t = t.head
    return False


def _collective_doers(fr: Frame, actors: list[Found]) -> bool:
    """A verb's doers that are all collectives the sentence names: states, their forces or agencies, armed groups,
    organisations, a people ("the rebels", "Syria", "the Red Cross"); not a person, not a court, not a doer only
    implied."""
    return fr.entry.kind == "verbs" and bool(actors) and all(
        f.actor.kind != "person" and f.branch() != "JUD" and f.mention.how != "implied" for f in actors)


#: the branches whose people act for their state or movement abroad: its government, legislators, forces, agencies,
#: opposition, parties, armed groups
OFFICIAL_SECTORS = frozenset({"GOV", "LEG", "MIL", "SUB", "SPY", "OPP", "PTY", "REB", "INS"})


def _official(f: Found, doc: Any) -> bool:
    """Whether a party acts for a state, a movement or an international body: the state itself, its government,
    officials, legislators, forces, opposition or armed groups, an IGO or NGO; not a private person ("the Chilean
    singer"), a company or the police."""
    a = f.actor
    branch = f.branch()
    if a.code in ("IGO", "NGO"):
        return True
    if branch is not None:
        return branch in OFFICIAL_SECTORS
    if a.kind == "state" and f.mention.how == "demonym":  # "the Georgian president", not "the Chilean singer"
        head = _demonym_head(f, doc)
        return head is not None and str(head.lemma_).lower() in actors_lexicon.load().titles
    return a.kind in ("state", "group") or (a.kind == "person" and bool(a.role))  # a person the dictionary or a title knows


def _demonym_head(f: Found, doc: Any) -> Token | None:
    """The noun a demonym mention modifies ("president" of "the Georgian president", "drummer" of "the British
    drummer"); None when it stands alone."""
    span = doc.char_span(f.mention.start, f.mention.end, alignment_mode="expand")
    head = span.root.head if span is not None else None
    return head if head is not None and head is not span.root else None


_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})


def _asked_of_reader(tok: Token) -> bool:
    """ "What are your views on the conflict between Armenia and Azerbaijan?", "What would you do as president to help
    resolve the conflict?": an interviewer's question to the one interviewed reports no event."""
    sent = _tree.of(tok.doc).sent(tok)
    words = [t for t in sent if not t.is_space and not t.is_punct]
    return (bool(words) and sent.text.rstrip().rstrip("\"'”’)").endswith("?")
            and any(t.lower_ in _SECOND_PERSON for t in words))


def _governing(f: Found, doc: Any) -> bool:
    """Whether a party is a state's government or one of its office holders ("Trump", "the Brazilian president"),
    not its people ("thousands of Nigerians") nor the state named as a place."""
    branch = f.branch()
    if branch is not None:
        return branch == "GOV"
    return (f.mention.how == "demonym" or f.actor.kind == "person") and _official(f, doc)


_PERSON_PRONOUNS = frozenset({"he", "she", "i", "him", "her"})
_GENERIC_PEOPLE = frozenset({"people", "persons"})
#: the nouns that count people ("thousands of people")
_COUNT_WORDS = frozenset({"dozens", "hundreds", "thousands", "millions", "tens", "scores"})


def _anyone_did(tok: Token, actors: list[Found]) -> bool:
    """Whether the doers of an act are people at large ("people reject ideas", "a lot of people will criticise")."""
    doc = tok.doc
    if not all(f.mention.text.lower() in _GENERIC_PEOPLE for f in actors):
        return False
    spans = [doc.char_span(f.mention.start, f.mention.end, alignment_mode="expand") for f in actors]
    return all(sp is not None and _anyone(sp.root) for sp in spans)


def _anyone(tok: Token) -> bool:
    """Whether "people" is people at large: "people", "many people", "a lot of people", not counted ("a million
    people", "thousands of people"), nor of a place or group ("the people of Hong Kong", "people in Minsk")."""
    kids = _tree.of(tok.doc).kids
    if any(dep == "nummod" or (dep == "prep" and low in ("of", "in", "from")) for _c, dep, low in kids(tok)):
        return False
    # "thousands of people", "dozens of people": the number is the head
    return not (tok.dep_ == "pobj" and tok.head.head.like_num or (tok.dep_ == "pobj" and tok.head.head.tag_ == "NNS"
                                                                    and tok.head.head.lower_ in _COUNT_WORDS))



def _person_subject(tok: Token, doers: list[Found]) -> bool:
    """Whether the one who does a verb is one person: a singular title ("Chile's finance minister"), a person's
    name, "he" or "she" (the verb's own subject, or the subject it shares with the verb it is conjoined to). A
    capital the actors stage read as its state is none ("Yerevan rejected", whatever the tagger calls Yerevan)."""
    tree = _tree.of(tok.doc)
    head = tok
    for _ in range(3):
        subj = [c for c, dep, _low in tree.kids(head) if dep in ("nsubj", "nsubjpass")]
        if subj or head.dep_ not in ("conj", "xcomp") or head.head is head:
            break
        head = head.head
    titles = actors_lexicon.load().titles
    # a capital standing for its government ("Yerevan rejected"), whatever the tagger calls it; a state's own name
    # the tagger calls a person may be one ("Jordan", "Chad", "Georgia" are given names too)
    collective = [(f.mention.start, f.mention.end) for f in doers if f.actor.kind != "person" and f.mention.how == "metonym"]
    subj = [s for s in subj if not any(a <= s.idx < b for a, b in collective)]
    return any(str(s.lower_) in _PERSON_PRONOUNS or s.ent_type_ == "PERSON"
               or (str(s.tag_) == "NN" and str(s.lemma_).lower() in titles) for s in subj)


def _at_home(actors: list[Found], recipients: list[Found]) -> bool:
    """Whether every recipient is of a doer's own state: a trip home ("he returned to Oman"), a government's rally
    among its own people."""
    return {f.actor.code for f in recipients} <= {f.actor.code for f in actors}


def _sides(found: list[Found]) -> int:
    """How many sides a list of parties names ("the Sudanese government and the rebels agreed" names two)."""
    return len({side(f) for f in found if f.actor.code})


def _kin(a: str, b: str) -> bool:
    onto = ontology.load()
    return onto.is_cooperative(a) == onto.is_cooperative(b)


def _dedupe(found: list[Found]) -> list[Found]:
    out: list[Found] = []
    seen: set[tuple[str | None, str]] = set()
    for f in found:
        key = (f.actor.code, f.actor.key or f.actor.name)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _dedupe_third(third: list[tuple[Found, str]]) -> list[tuple[Found, str]]:
    out, seen = [], set()
    for f, role in third:
        if id(f.actor) not in seen:
            seen.add(id(f.actor))
            out.append((f, role))
    return out


def event_id(article_id: str, ev: Event) -> str:
    """Stable id: the article, the type, the parties' codes and where the first evidence starts."""
    parts = [article_id, ev.type, ",".join(sorted(str(p.code) for p in ev.actors)),
             ",".join(sorted(str(p.code) for p in ev.recipients)), str(ev.evidence.start)]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]




def _merge_keys(ev: Event) -> list[tuple[Any, ...]]:
    """The keys under which an event is the same as an earlier one: its parties, either way round when undirected."""
    a = frozenset(p.code for p in ev.actors)
    r = frozenset(p.code for p in ev.recipients)
    keys: list[tuple[Any, ...]] = [(ev.type, a, r)]
    if ontology.load().types[ev.type].reciprocal and ev.mode not in _behaviour().directed_modes:
        keys.append((ev.type, r, a))
    return keys


def _nested(a: set[str | None], b: set[str | None]) -> bool:
    return not a or not b or a <= b or b <= a


def _same_clause_event(first: Event, ev: Event) -> bool:
    """Two triggers of one type in one sentence whose parties nest ("held talks ... to visit Bucharest")."""
    distinct_modes = first.mode != ev.mode and bool({first.mode, ev.mode} & (_behaviour().directed_modes | _behaviour().relation_modes))
    return (first.type == ev.type and first.evidence.start == ev.evidence.start and not distinct_modes
            and _nested({p.code for p in first.actors}, {p.code for p in ev.actors})
            and _nested({p.code for p in first.recipients}, {p.code for p in ev.recipients}))


def _counter_attack(first: Event, ev: Event) -> bool:
    """ "G fired rockets at A, and A's forces hit back": two attacks in one sentence, each its own act."""
    return (first.type == ev.type == "ASSAULT" and first.evidence.start == ev.evidence.start
            and first.evidence.trigger_start != ev.evidence.trigger_start)


def _fold(first: Event, ev: Event) -> None:
    """Fold a second mention of one event into the first: the fuller party lists win."""
    if len(ev.actors) > len(first.actors):
        first.actors = ev.actors
    if len(ev.recipients) > len(first.recipients):
        first.recipients = ev.recipients
    first.date = first.date or ev.date
    known = {t.actor_key or t.name for t in first.third_parties}
    first.third_parties += [t for t in ev.third_parties if (t.actor_key or t.name) not in known]


def _denied(first: Event, ev: Event) -> bool:
    """Whether one of two mentions of an event denies it and the other tells it: a denial is no evidence of the act
    told ("They have conceded nothing" of the concession the headline tells), and an act told outweighs an earlier
    denial ("No Coalition troops were injured. Seventeen rockets struck near the base"; "did not want Kenya to send
    troops and called on Nairobi to ..."): the mention that tells it stands, alone."""
    return (first.modality == "negated") != (ev.modality == "negated")


def merge(events: list[Event]) -> list[Event]:
    """Repeated mentions of one event in an article become one event with several evidence spans."""
    kept: dict[tuple[Any, ...], Event] = {}
    out: list[Event] = []

    def replace(first: Event, ev: Event) -> None:
        if first.modality == "negated":
            out[out.index(first)] = ev
            for k in [k for k, v in kept.items() if v is first]:
                kept[k] = ev

    for ev in events:
        host = next((o for o in out if _same_clause_event(o, ev)), None)
        if host is not None:
            if _denied(host, ev):
                replace(host, ev)
            else:
                _fold(host, ev)
            continue
        keys = _merge_keys(ev)
        key = keys[0]
        first = next((kept[k] for k in keys if k in kept and not (k != key and _counter_attack(kept[k], ev))), None)
        if first is not None and first.mode != ev.mode and {first.mode, ev.mode} & (_behaviour().directed_modes | _behaviour().relation_modes):
            first = None
        dates_clash = first is not None and first.date is not None and ev.date is not None and (
            first.date.end < ev.date.start or ev.date.end < first.date.start)
        if first is None or dates_clash:
            kept[key] = ev
            out.append(ev)
            continue
        if _denied(first, ev):
            replace(first, ev)
            continue
        if ev.evidence.start != first.evidence.start:
            first.more_evidence.append(ev.evidence)
        first.date = first.date or ev.date
        known = {t.actor_key or t.name for t in first.third_parties}
        first.third_parties += [t for t in ev.third_parties if (t.actor_key or t.name) not in known]
    return out


@register("events", "rules.v1")
def make(**_: Any) -> Callable[[Any, Article, list[Actor]], list[Event]]:
    """The rule extractor as a pipeline stage."""
    return Extractor()
