"""The actors stage ("rules.v1"): who is who in one article, from its spaCy Doc.

    scan      token n-grams against the gazetteer and the actor dictionary (longest match wins);
              this also repairs NER mislabels ("Azerbaijan's" PERSON, "Trump" ORG, "Nagorno-Karabakh" ORG)
    entities  PERSON and ORG entities the scan did not claim; an ORG with an organisation head word
              ("... Relations Board") takes the state of the demonym or country inside it
    people    titles and appositions give state, sector and role ("Azerbaijani President Ilham Aliyev",
              "Aliyev aide Hikmet Hajiyev", "Nail Olpak, president of the Turkish ... Board"); a person
              listed beside one whose state is known shares it; the dictionary fills what the text leaves open
    coref     later surnames, acronyms and "the president" / "the Turkish president" point back
    context   the state the article is about (context.focus), and the state each bare noun is tied to
    agents    generic nouns ("police", "Parliament", "protesters") as the state's branch or group (agents.find)
    fill      bodies named as a state's institution and people with no state of their own take the state the
              article ties them to, else its focus
    assemble  one Actor per key, mentions in order, each with its character span

Everything the stage knows comes from data files loaded once per process (gazetteer, dictionary, lexicon).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

from detente import nlp
from detente.actors import agents as agents_mod
from detente.actors import context as context_mod
from detente.actors import coref as coref_mod
from detente.actors import dictionary as dictionary_mod
from detente.actors import gazetteer as gazetteer_mod
from detente.actors import lexicon as lexicon_mod
from detente.actors.coref import Coref
from detente.actors.dictionary import Dictionary, Person, closest_role
from detente.actors.entities import Entities
from detente.actors.gazetteer import Entry, Gazetteer, cameo_code, is_plain, normalise, slug
from detente.actors.hits import (
    DIRECTIONAL,
    KIND_PRIORITY,
    LOCATIVE,
    MATCH_MEMO_SIZE,
    MOTION,
    OTHER_SIDE,
    POSSESSIVE,
    SUPRANATIONAL,
    Acc,
    Hit,
)
from detente.actors.people import People
from detente.model import Actor, Article, Mention
from detente.registry import register


class Resolver(Entities, People, Coref):
    """The stage: built once with its data, called once per article."""

    def __init__(self, gazetteer: Gazetteer, dictionary: Dictionary, lexicon: lexicon_mod.Lexicon) -> None:
        self.gaz = gazetteer
        self.dic = dictionary
        self.lex = lexicon
        self.ambiguous = lexicon_mod.ambiguous()
        self.sectors = lexicon_mod.sectors()
        self.first_words = gazetteer.first_words | dictionary.first_words
        self.max_tokens = max(gazetteer_mod.MAX_TOKENS, dictionary.max_tokens)
        #: every leading piece of every lookup key: an n-gram whose key is none of them begins no name
        self.prefixes = frozenset(k[:j] for keys in (gazetteer.entries, dictionary.by_name) for k in keys
                                  for j in _token_ends(k))
        #: string ids of the one-word titles, for `_coref_candidates` (the vocab is the model's, shared by docs)
        self._titles_array: Any = None
        #: n-gram text -> (dictionary person, gazetteer entry) it names as written: news repeats its names
        self._match_memo: dict[str, tuple[Person | None, Entry | None]] = {}
        #: the document being resolved, as `scan` reads it: its tokens, their character spans, its text
        self._toks: list[Any] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._text = ""

    # -- scan ---------------------------------------------------------------------------------------------
    def scan(self, doc: Any, text: str | None = None) -> list[Hit]:
        """Longest gazetteer/dictionary matches over token n-grams, left to right, no overlaps."""
        hits: list[Hit] = []
        text = nlp.text(doc) if text is None else text
        n_tokens = len(doc)
        # what the n-gram loop reads of each token, read once: indexing the Doc builds a new Token every time;
        # the other steps of the stage read the same lists (self._toks[i], not doc[i])
        toks = self._toks = list(doc)
        rows = doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START]).tolist() if toks else []
        starts = self._starts = [r[0] for r in rows]
        ends = self._ends = [r[0] + r[1] for r in rows]
        self._text = text
        spaces = [r[2] == 1 for r in rows]
        sent_starts = [r[3] == 1 for r in rows]  # SENT_START is 1, -1 or 0 (unknown), as is_sent_start reads it
        person_ents = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                for t in range(ent.start, ent.end):
                    person_ents[t] = ent
        memo = self._match_memo
        i = 0
        while i < n_tokens:
            if spaces[i] or normalise(toks[i].text) not in self.first_words:
                i += 1
                continue
            best: Hit | None = None
            top = min(self.max_tokens, n_tokens - i)
            if is_plain(text[starts[i]: ends[i + top - 1]]):
                top = self._reach(text, starts[i], ends, i, top)
            for n in range(top, 0, -1):
                last = i + n - 1
                if spaces[last] or (n > 1 and sent_starts[last]):
                    continue
                span_text = text[starts[i]: ends[last]]
                found = memo.get(span_text)
                if found is None:
                    if len(memo) >= MATCH_MEMO_SIZE:
                        memo.clear()
                    found = memo[span_text] = (self.dic.lookup(span_text) if span_text[:1].isupper() else None,
                                               self.gaz.match(span_text))
                person, entry = found
                if person and (entry is None or i in person_ents):
                    best = Hit(i, i + n, person=person, kind="person", how="dictionary")
                    break
                if entry:
                    best = Hit(i, i + n, entry=entry, kind=entry.kind)
                    break
            if best is None:
                i += 1
                continue
            if best.entry and self._inside_person_name(doc, best, person_ents):
                i = best.end
                continue
            hits.append(best)
            i = best.end
        return hits

    def _reach(self, text: str, start: int, ends: list[int], i: int, top: int) -> int:
        """How many tokens from token i an n-gram of plain text may span and still be a name: its key must
        begin some gazetteer or dictionary key (the dictionary also reads "-" as " "), as must every shorter one's."""
        for n in range(1, top + 1):
            key = normalise(text[start: ends[i + n - 1]])
            if key not in self.prefixes and key.replace("-", " ") not in self.prefixes:
                return n - 1
        return top

    def _inside_person_name(self, doc: Any, hit: Hit, person_ents: dict[int, Any]) -> bool:
        """"George Washington", "Michael Jordan": a place name that is part of a longer person's name."""
        ent = person_ents.get(hit.start)
        if ent is None or hit.entry is None or hit.entry.how == "demonym" or hit.entry.how == "organisation":
            return False
        others = [t for t in ent if not (hit.start <= t.i < hit.end)]
        others = [t for t in others if t.text not in POSSESSIVE]
        if not others:
            return False
        return all(t.is_alpha and t.text[:1].isupper() and not self.gaz.match(t.text)
                   and not self.lex.is_title_word(t.lower_) for t in others)

    # -- the stage --------------------------------------------------------------------------------------
    def __call__(self, doc: Any, article: Article) -> list[Actor]:
        text = nlp.text(doc)
        hits = self.scan(doc, text)
        claimed: dict[int, Hit] = {}
        for h in hits:
            for t in range(h.start, h.end):
                claimed[t] = h
        hits.extend(self._entities(doc, claimed))
        hits.extend(self._places(doc, hits, claimed))
        hits.sort(key=lambda h: h.start)
        for h in hits:
            for t in range(h.start, h.end):
                claimed[t] = h
        hits = self._asides(hits, article, int(doc.user_data.get(nlp.BODY_START, 0)))
        text_lower = text.lower()
        self._acronyms: dict[str, Hit] = {}
        #: person key -> the one state named in the sentence of a titled person with no state of their own
        self._sentence_state: dict[str, str | None] = {}
        accs: dict[str, Acc] = {}
        order: list[Hit] = []
        # bodies and places first, so that a person's apposition can name a body that comes after the name
        for h in hits:
            if h.kind not in ("person", "person-ner"):
                self._describe(doc, h, claimed, accs, article, text_lower)
        for h in hits:
            if h.kind in ("person", "person-ner"):
                self._describe(doc, h, claimed, accs, article, text_lower)
            if h.key:
                order.append(h)
                self._add(accs, h, doc)
        self._merge_surnames(accs, order)
        self._coref(doc, claimed, accs, order)
        coref_mod.collective(self._toks, set(claimed), [(a.first, a.actor) for a in accs.values() if a.actor.kind == "person"],
                             self.lex.is_title_word, text)
        focus = self._in_context(doc, claimed, accs, order)
        doc.user_data[nlp.FOCUS] = focus
        actors = [a.actor for a in sorted(accs.values(), key=lambda a: a.first)]
        for a in actors:
            a.mentions.sort(key=lambda m: m.start)
            if a.cameo is None and a.code and a.kind != "place":
                a.cameo = cameo_code(a.code, a.sector)
            if a.kind == "state" and any(m.how == "metonym" for m in a.mentions):
                a.sector = a.sector or "GOV"
        return actors

    # -- the article as context: its focus, generic agents, and the state of what has none yet -------------
    def _in_context(self, doc: Any, claimed: dict[int, Hit], accs: dict[str, Acc], order: list[Hit]) -> str | None:
        """Agents and states from the article: returns the article's focus state (or None)."""
        body_start = int(doc.user_data.get(nlp.BODY_START, 0))
        n = len(self._toks)
        other_side = frozenset(self._starts[h.start] for h in order
                               if h.end < n and self._toks[h.end].lower_ in OTHER_SIDE)
        reading = context_mod.focus([a.actor for a in accs.values()], body_start, other_side)
        focus = reading.code
        # a person the article gives no state at all is most likely of the state it names most (a weaker guess than
        # the focus, which must lead clearly: only people take it)
        ranked = next(iter(reading.rank()), None)
        bindings = context_mod.Bindings()
        named = [(h.start, h.end, h.code) for h in order if h.kind in ("state", "group") and h.code and h.how != "place"]
        agents_mod.bind_named(self._toks, named, self.lex.groups, self.lex.max_words, bindings)

        def owner(i: int) -> tuple[str | None, str] | None:
            h = claimed.get(i)
            return (h.code, h.kind) if h is not None and h.key else None

        for a in agents_mod.find(self._toks, owner, self.lex.groups, self.lex.max_words, focus, bindings):
            hit = self._state_hit(a.start, a.end, a.code, a.sector, a.how)
            if hit is None:
                continue
            for t in range(a.start, a.end):
                claimed[t] = hit
            self._add(accs, hit, doc)
        for acc in accs.values():
            actor = acc.actor
            if actor.code is not None:
                continue
            if actor.kind == "organisation":
                head = self._institution(actor.name)
                if head is not None:
                    actor.code = bindings.get(head[0]) or focus
                    actor.sector = actor.sector or head[1]
            elif actor.kind == "person":
                actor.code = focus or self._sentence_state.get(actor.key) or ranked
        return focus

    def _places(self, doc: Any, hits: list[Hit], claimed: dict[int, Hit]) -> list[Hit]:
        """Places the gazetteer of states and seats does not know, from the GeoNames places (detente.places):
        place entities nothing claimed ("Cheltenham", "Pandeglang", "Aden"), in the context of the states the
        article names. They tell a bare "police in Aden" its state, and a story its focus."""
        from detente.places.resolve import place_state

        states = [h.code for h in hits if h.kind == "state" and h.code]
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC") or any(t in claimed for t in range(ent.start, ent.end)):
                continue
            start = ent.start + (1 if self._toks[ent.start].lower_ == "the" else 0)
            if start >= ent.end:
                continue
            name = self._span_text(start, ent.end)
            code = place_state(name, states)
            if code is None or self.gaz.state(code) is None:
                continue
            entry = Entry(name=name, code=code, kind="place", how="place", key=f"place:{slug(name)}", text=name)
            hit = Hit(start, ent.end, entry=entry, kind="place")
            out.append(hit)
            for t in range(start, ent.end):
                claimed[t] = hit
        return out

    def _institution(self, name: str) -> tuple[str, str | None] | None:
        """(head word, sector) when a named body is a state's own institution by its head word ("Parliament",
        "the Coast Guard"), not a supranational one ("European Court of Human Rights")."""
        words = [w.lower() for w in name.replace("-", " ").split()]
        if not words or any(w in agents_mod.words()["foreign_modifiers"] or w in SUPRANATIONAL for w in words):
            return None
        for w in reversed(words[:3] if "of" in words[:3] else words):
            if w in self.lex.institutions:
                return w, self.lex.institutions[w]
        return None

    def _state_hit(self, start: int, end: int, code: str, sector: str | None, how: str) -> Hit | None:
        """A hit naming state `code` through a generic noun: the state itself acting through a branch (GOV, MIL,
        COP, ...), or the state's own group (OPP, REB, CVL, ...) as data/sectors.tsv says."""
        state = self.gaz.state(code)
        if state is None:
            return None
        own = self.sectors.get(sector or "")
        if own is not None and own.own_actor:
            return Hit(start, end, kind="group", name=f"{state.name} ({own.label})", code=code, sector=own.code,
                       key=f"{code}:{own.code}", how=how, mention_sector=own.code)
        return Hit(start, end, kind="state", name=state.name, code=code, key=code, how=how, mention_sector=sector)

    # -- what each hit is -------------------------------------------------------------------------------
    def _describe(self, doc: Any, h: Hit, claimed: dict[int, Hit], accs: dict[str, Acc], article: Article,
                  text_lower: str) -> None:
        if h.kind == "swallowed":
            return
        span_text = self._span_text(h.start, h.end)
        span_len = h.end - h.start
        if h.entry is not None:
            e = h.entry
            if e.text in self.ambiguous:
                e = self._disambiguate(doc, h, e, text_lower)
            h.name, h.code, h.kind, h.sector, h.key = e.name, e.code, e.kind, e.sector, e.key
            h.cameo = e.cameo if e.kind in ("organisation", "group") else None
            if e.kind == "state" and e.how == "seat":
                owner = self._possessor(h.start, claimed)
                if owner is not None and owner != e.code:  # "Pakistan's Foreign Office": Pakistan's, not Whitehall
                    state = self.gaz.state(owner)
                    e = Entry(name=state.name if state else owner, code=owner, kind="state", how="seat", sector=e.sector,
                              key=owner, text=e.text)
            if e.kind == "state":
                h.how = {"name": "gazetteer", "demonym": "demonym", "capital": "metonym", "seat": "metonym"}[e.how]
                if e.how in ("capital", "seat") and self._locative(doc, h):  # "at the White House", "in Baku"
                    h.how = "place"
                h.mention_sector = self._group_sector(doc, h.end) or (e.sector if h.how == "metonym" else None)
                if h.mention_sector is None and e.how == "demonym":
                    h.mention_sector = None
                own = self.sectors.get(h.mention_sector or "")
                if own is not None and own.own_actor:  # "Turkish opposition figures": TUR:OPP, not Turkey itself
                    h.name, h.kind, h.sector = f"{e.name} ({own.label})", "group", own.code
                    h.key = f"{e.key}:{own.code}"
            elif e.kind == "place":
                h.how = "place"
            else:
                h.how = "gazetteer"
                h.mention_sector = e.sector
            return
        if h.kind == "org-ner":
            name = span_text
            h.name, h.key, h.kind = name, f"org:{slug(name)}", "organisation"
            if name in self._acronyms:  # "AIPAC" after "the American Israel Public Affairs Committee (AIPAC)"
                defined = self._acronyms[name]
                h.name, h.key, h.code, h.sector, h.how = defined.name, defined.key, defined.code, defined.sector, "alias"
                return
            # "(AIPAC)" right after the name is its acronym
            if h.end + 2 < len(doc) and self._toks[h.end].text == "(" and self._toks[h.end + 2].text == ")" and self._toks[h.end + 1].text.isupper():
                h.role = self._toks[h.end + 1].text  # carried to aliases in _add
                self._acronyms[h.role] = h
            return
        # people: from the dictionary or NER
        if h.kind == "person-ner":
            name = span_text
            known = self._known_person(accs, name)
            if known is not None:
                h.name, h.key, h.how = known.actor.name, known.actor.key, "surname" if span_len == 1 else "ner"
                h.kind = "person"
                self._learn(doc, h, claimed, accs, known.actor)
                return
            person = self.dic.lookup(name)
            if person is not None:
                h.person = person
        person = h.person
        if person is not None:
            h.name = person.name
            h.key = person.id
            h.kind = person.kind
        else:
            h.name = span_text
            h.key = f"person:{slug(span_text)}"
            h.kind = "person"
            known = self._known_person(accs, span_text)
            if known is not None:
                h.name, h.key, h.how = known.actor.name, known.actor.key, "surname"
                self._learn(doc, h, claimed, accs, known.actor)
                return
        if h.key in accs:  # a later mention of someone already described
            h.how = "surname" if span_len == 1 and person is None else h.how
            self._learn(doc, h, claimed, accs, accs[h.key].actor)
            return
        code, sector, role = self._context(doc, h, claimed, accs)
        if person is not None:
            r = closest_role(person, article.published)
            if r is not None:
                if code is None or code == r.code:
                    code, sector = r.code, r.sector or sector
                    h.cameo = r.cameo
                    role = role or r.role
                    if article.published and r.end and r.end <= article.published and role == r.role:
                        role = f"former {r.role}"
        if code is None and role is not None and sector in ("GOV", "MIL", "LEG", "JUD"):
            # the one state the sentence names: a guess the article's focus overrides (_in_context)
            self._sentence_state[h.key] = self._only_state(doc, h, claimed)
        h.code, h.sector, h.role = code, sector, role

    def _disambiguate(self, doc: Any, h: Hit, e: Entry, text_lower: str) -> Entry:
        amb = self.ambiguous[e.text]
        sent = self._toks[h.start].sent.text.lower()
        alt, dflt = lexicon_mod.count_cues(sent, amb.cues), lexicon_mod.count_cues(sent, amb.default_cues)
        if alt == dflt:
            alt, dflt = lexicon_mod.count_cues(text_lower, amb.cues), lexicon_mod.count_cues(text_lower, amb.default_cues)
        if alt <= dflt:
            return e
        if amb.alt_kind == "place":
            return Entry(name=amb.alt_name, code=amb.alt_code, kind="place", how="place", key=f"place:{slug(amb.alt_name)}",
                         text=e.text)
        state = self.gaz.state(amb.alt_code)
        return Entry(name=state.name if state else amb.alt_name, code=amb.alt_code, kind="state", how=e.how,
                     sector=e.sector, key=amb.alt_code, text=e.text)

    def _locative(self, doc: Any, h: Hit) -> bool:
        """"in Baku", "visited Jerusalem", "the Baku-Tbilisi-Ceyhan pipeline": a place, not a government acting."""
        prev = self._toks[h.start - 1] if h.start > 0 else None
        if prev is not None and prev.lower_ == "the" and h.start > 1:  # "at the White House"
            prev = self._toks[h.start - 2]
        if prev is not None and prev.lower_ in LOCATIVE:
            return True
        if prev is not None and prev.lower_ in DIRECTIONAL and prev.head.lemma_.lower() in MOTION:
            return True
        nxt = self._toks[h.end] if h.end < len(doc) else None
        hyphen_prev = prev is not None and prev.text == "-" and not prev.whitespace_ and h.start > 1
        hyphen_next = nxt is not None and nxt.text == "-" and not self._toks[h.end - 1].whitespace_
        return hyphen_prev or hyphen_next

    def _group_sector(self, doc: Any, i: int) -> str | None:
        """The sector a group noun after a state name implies: "Israeli soldiers" MIL, "Turkish opposition" OPP."""
        if i < len(doc) and self._toks[i].text in POSSESSIVE:
            i += 1
        words = []
        for t in self._toks[i:i + 4]:
            if not t.is_alpha:
                break
            words.append(t.lower_)
        for start in range(0, min(2, len(words))):  # allow one adjective: "Israeli military police"
            g = self.lex.group(words[start:])
            if g:
                return g[1]
        return None


    # -- assembling ---------------------------------------------------------------------------------------
    def _add(self, accs: dict[str, Acc], h: Hit, doc: Any) -> None:
        start, end = self._starts[h.start], self._ends[h.end - 1]
        span_text = self._text[start:end]
        mention = Mention(start=start, end=end, text=span_text, how=h.how)
        if h.mention_sector:
            mention.sector = h.mention_sector
        acc = accs.get(h.key)
        if acc is None:
            kind = h.kind if h.kind in ("state", "person", "organisation", "group", "place") else "organisation"
            actor = Actor(name=h.name, code=h.code, kind=kind, sector=h.sector if kind != "state" else None,
                          role=h.role if kind == "person" else None, key=h.key,
                          dictionary_id=h.person.id if h.person else None, cameo=h.cameo)
            acc = accs[h.key] = Acc(actor=actor, first=h.start)
            if kind == "person":
                acc.surnames.add(h.name.split()[-1])
                if span_text.split()[-1] != h.name.split()[-1]:
                    acc.surnames.add(span_text.split()[-1])
            if h.kind == "organisation" and h.role:  # the acronym in brackets
                actor.aliases.append(h.role)
                actor.role = None
        actor = acc.actor
        if actor.code is None and h.code:
            actor.code = h.code
        if span_text not in actor.aliases and span_text != actor.name:
            actor.aliases.append(span_text)
        actor.mentions.append(mention)





def _token_ends(key: str) -> list[int]:
    """Where a token of a name can end inside its lookup key: before or after any character that is not a letter or
    digit ("al-qaeda": "al", "al-", "al-qaeda"), and at its end. An n-gram of tokens always ends at one of these, so
    these prefixes are all `_reach` asks about (a fraction of every prefix: the set is built once per process)."""
    out = [j for j in range(1, len(key)) if not key[j].isalnum() or not key[j - 1].isalnum()]
    out.append(len(key))
    return out


def actor_at(actors: list[Actor], start: int, end: int) -> Actor | None:
    """The actor whose mention overlaps the character span [start, end) most; people before bodies before states."""
    best: tuple[int, int, int] | None = None
    found: Actor | None = None
    for a in actors:
        for m in a.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if overlap <= 0:
                continue
            score = (overlap, -KIND_PRIORITY.get(a.kind, 9), -(m.end - m.start))
            if best is None or score > best:
                best, found = score, a
    return found


@register("actors", "rules.v1")
def make(actor_files: list[str] | None = None, **_: Any) -> Callable[[Any, Article], list[Actor]]:
    """The rules.v1 actors stage, with the built-in data plus the user's actor files."""
    return Resolver(gazetteer_mod.load(), dictionary_mod.load(actor_files), lexicon_mod.load())
