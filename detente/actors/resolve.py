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
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, LOWER, ORTH, SENT_START

from detente import nlp
from detente.actors import agents as agents_mod
from detente.actors import context as context_mod
from detente.actors import coref as coref_mod
from detente.actors import dictionary as dictionary_mod
from detente.actors import gazetteer as gazetteer_mod
from detente.actors import lexicon as lexicon_mod
from detente.actors.dictionary import Dictionary, Person, closest_role
from detente.actors.gazetteer import Entry, Gazetteer, cameo_code, is_plain, normalise, slug
from detente.model import Actor, Article, Mention
from detente.registry import register

#: prepositions after which a capital is a place (a venue or destination), not its government acting
LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "around", "into", "via", "through", "throughout",
            "within", "visit", "visited", "visiting", "visits"}
#: "to" and "from" make a place only after a word of motion ("flew to Baku"); "an arms supplier to Baku" is a recipient
DIRECTIONAL = {"to", "from", "toward", "towards"}
MOTION = {"travel", "trip", "visit", "go", "come", "arrive", "return", "fly", "head", "depart", "move", "journey",
          "flight", "send", "drive", "march", "flee", "deploy", "relocate", "back", "way", "road", "route", "mission"}
#: ORG entities whose last word says they are not a body ("the Abraham Accords", "Operation Sindoor")
NOT_BODIES = {"accords", "accord", "agreement", "treaty", "deal", "plan", "summit", "initiative", "operation",
              "process", "war", "conflict", "pipeline", "corridor", "declaration", "protocol", "talks", "format"}
#: words a title phrase may hold besides titles, demonyms and names ("top foreign policy adviser")
MODIFIER_POS = {"ADJ", "NOUN", "PROPN"}
#: how far a title phrase reaches left of a name, and an apposition right of it (tokens). Calibrated on our own
#: sentences: the longest real pre-name phrase seen was 7 tokens ("Israel's former strategic affairs minister").
MAX_PREMOD = 8
MAX_APPOSITION = 14
#: a person listed right after another (", and" / ",") shares that person's state when it has a title but no
#: state of its own; at most this many tokens may separate the two
COORD_GAP = 3
#: how many words before an entity may begin a title it ends ("Secretary of" + "State"): the longest
#: titles in data/titles.tsv have four words
TITLE_LOOKBACK = 3
POSSESSIVE = {"'s", "’s", "'", "’"}
#: "a former Soviet republic", "the ex-Yugoslav states": the state named is what the place used to belong to
FORMER_WORDS = frozenset({"former", "ex", "erstwhile", "post", "pre"})
FORMER_HEADS = frozenset({"republic", "republics", "state", "states", "territory", "territories", "colony", "colonies",
                          "bloc", "era", "times", "space", "union", "satellite", "satellites", "member", "members"})
#: prepositions that may sit inside a title phrase before a name ("Special Representative for Iran Brian Hook")
TITLE_PREPS = frozenset({"for", "of", "to", "on"})
#: after these, a state in a title is its portfolio or target, not its owner ("Ambassador to Russia")
PORTFOLIO_PREPS = frozenset({"for", "to", "on"})
BOUNDARY = {",", ";", ":", "(", ")", "—", "–", "-", '"', "“", "”"}
KIND_PRIORITY = {"person": 0, "organisation": 1, "group": 1, "state": 2, "place": 3}


#: words that make a body supranational whatever its head word ("European Court of Justice", "World Health Organization")
SUPRANATIONAL = frozenset({"european", "international", "world", "global", "african", "arab",
                           "asian", "islamic", "atlantic", "pacific", "americas", "inter-american", "commonwealth",
                           "eurasian", "gulf", "nordic", "baltic", "caribbean", "latin"})
#: nouns after a state's name that make it someone else's ("his Qatari counterpart", "her Iranian host")
OTHER_SIDE = frozenset({"counterpart", "counterparts", "host", "hosts", "guest", "guests", "opposite", "interlocutor"})
#: how many n-gram lookups `scan` remembers before it starts afresh (a long run meets ever new text)
MATCH_MEMO_SIZE = 1 << 16


@dataclass
class Hit:
    """A span of tokens [start, end) that names something."""

    start: int
    end: int
    entry: Entry | None = None
    person: Person | None = None
    kind: str = ""  # state | place | organisation | group | person | org-ner | person-ner
    name: str = ""
    code: str | None = None
    sector: str | None = None
    role: str | None = None
    key: str = ""
    how: str = "gazetteer"
    mention_sector: str | None = None
    #: the full CAMEO actor code the data gives ("IGOUNO", a role's "USAGOV"); None: code + sector
    cameo: str | None = None


@dataclass
class _Acc:
    """An actor being assembled."""

    actor: Actor
    first: int
    surnames: set[str] = field(default_factory=set)


class Resolver:
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

    def _span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end) of the document being resolved (what `doc[start:end].text` gives)."""
        return self._text[self._starts[start]:self._ends[end - 1]] if end > start else ""

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
        hits.sort(key=lambda h: h.start)
        for h in hits:
            for t in range(h.start, h.end):
                claimed[t] = h
        hits = self._asides(hits, article, int(doc.user_data.get(nlp.BODY_START, 0)))
        text_lower = text.lower()
        self._acronyms: dict[str, Hit] = {}
        #: person key -> the one state named in the sentence of a titled person with no state of their own
        self._sentence_state: dict[str, str | None] = {}
        accs: dict[str, _Acc] = {}
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

    def _possessor(self, start: int, claimed: dict[int, Hit]) -> str | None:
        """The state whose possessive stands right before token `start` ("Pakistan's Foreign Office"), if any."""
        toks = self._toks
        if start >= 2 and toks[start - 1].text in POSSESSIVE and start - 2 in claimed:
            owner = claimed[start - 2]
            if owner.entry is not None and owner.entry.kind == "state":
                return owner.entry.code
        return None

    def _asides(self, hits: list[Hit], article: Article, body_start: int) -> list[Hit]:
        """Names that are never a party: the dateline's place and agency ("ADDIS ABABA (Reuters) -"), an agency or
        photo credit in brackets ("[AFP/Getty]"), a state named as what a place used to belong to ("a former Soviet
        republic"). Places stay places (the places stage may read them); bodies in credits go."""
        from detente.places.datelines import read as read_dateline

        toks, starts = self._toks, self._starts
        line = read_dateline(article.body) if article.body else None
        stop = body_start + line.story if line is not None else -1
        out = []
        for h in hits:
            first = starts[h.start]
            if body_start <= first < stop:
                if h.kind != "place":
                    continue  # the dateline's capital ("ADDIS ABABA -") and agency ("(Reuters)"): the places stage reads it
            elif self._credit(h):
                continue
            elif h.kind == "state" and h.start > 0 and toks[h.start - 1].lower_ in FORMER_WORDS and h.end < len(toks) \
                    and toks[h.end].lower_ in FORMER_HEADS:
                continue
            out.append(h)
        return out

    def _credit(self, h: Hit) -> bool:
        """An agency or photographer credited in brackets: "(Reuters)", "[AFP/Getty Images]", "(AP Photo/...)"."""
        toks = self._toks
        if h.start == 0 or toks[h.start - 1].text not in ("(", "[") or h.kind in ("person", "person-ner", "state", "place"):
            return False
        after = toks[h.end].text if h.end < len(toks) else ""
        media = (h.entry is not None and h.entry.sector == "MED") or h.kind == "org-ner"
        return media and after in (")", "]", "/")

    @staticmethod
    def _merge_surnames(accs: dict[str, _Acc], order: list[Hit]) -> None:
        """A person named by surname alone before the full name ("Bolton" in the headline, "John R. Bolton" in the
        lead) is the one person: the surname's mentions join the full name's actor."""
        full: dict[str, list[_Acc]] = {}
        for acc in accs.values():
            a = acc.actor
            if a.kind == "person" and len(a.name.split()) > 1:
                for s in acc.surnames:
                    full.setdefault(s, []).append(acc)
        for key, acc in list(accs.items()):
            a = acc.actor
            if a.kind != "person" or len(a.name.split()) != 1 or a.dictionary_id is not None:
                continue
            targets = full.get(a.name, [])
            if len(targets) != 1 or targets[0] is acc:
                continue
            target = targets[0]
            target.actor.mentions.extend(a.mentions)
            target.first = min(target.first, acc.first)
            target.actor.code = target.actor.code or a.code
            target.actor.role = target.actor.role or a.role
            target.actor.sector = target.actor.sector or a.sector
            for h in order:
                if h.key == key:
                    h.key = target.actor.key
            del accs[key]

    # -- the article as context: its focus, generic agents, and the state of what has none yet -------------
    def _in_context(self, doc: Any, claimed: dict[int, Hit], accs: dict[str, _Acc], order: list[Hit]) -> str | None:
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

    # -- entities the scan did not claim -------------------------------------------------------------------
    def _entities(self, doc: Any, claimed: dict[int, Hit]) -> list[Hit]:
        out: list[Hit] = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
                continue
            start, end = ent.start, ent.end
            if ent.label_ not in ("PERSON", "ORG"):
                # a person's name NER took for a place or a people ("a spokesperson, Lina Okafor, said")
                if not any(t in claimed for t in range(start, end)) and self._person_named_as_org(start, end, doc):
                    out.append(Hit(start, end, kind="person-ner", how="ner"))
                continue
            while start < end and (self._toks[start].lower_ == "the" or self._toks[start].is_punct):
                start += 1
            while end > start and (self._toks[end - 1].text in POSSESSIVE or self._toks[end - 1].is_punct):
                end -= 1
            if start >= end:
                continue
            if self._ends_a_title(doc, start, end):
                continue  # "State" of "Secretary of State", "Defence" of "Minister of Defence": part of a title
            inner = [claimed[t] for t in range(start, end) if t in claimed]
            if ent.label_ == "ORG" and not inner and self._person_named_as_org(start, end, doc):
                out.append(Hit(start, end, kind="person-ner", how="ner"))  # "lawmaker Ewa Nowicka" tagged ORG
                continue
            if ent.label_ == "ORG":
                named = self._name_after_place(start, end, claimed)
                if named is not None:  # "First Minister of [Scotland Nicola Sturgeon]": a title, a place, a name
                    out.append(Hit(named, end, kind="person-ner", how="ner"))
                    continue
                hit = self._org(doc, start, end, inner, claimed)
                if hit:
                    out.append(hit)
                continue
            if start > 0 and self._toks[start - 1].lower_ in ("in", "near", "outside", "at", "into", "across"):
                continue  # "fighting in Kfar Saba", "a raid near Beit Hanoun": a village, not a person
            end = self._extend_name(end, doc, claimed)
            # PERSON: the name is the rightmost run of unclaimed, non-title, capitalised tokens
            j = end
            while j > start and j - 1 not in claimed and not self.lex.is_title_word(self._toks[j - 1].lower_) \
                    and (self._toks[j - 1].text[:1].isupper() or self._toks[j - 1].text in ("-", ".") or self._toks[j - 1].lower_ in ("al", "bin", "de", "van", "von", "der", "la", "le", "el", "ibn")):
                j -= 1
            if j < end and self._toks[j].text[:1].isupper() and any(t.is_alpha for t in self._toks[j:end]):
                if end - j == 1 and self._toks[j].pos_ in ("ADJ", "VERB", "ADV"):
                    continue  # "the Western peace plan": a one-word "person" the tagger reads as an adjective
                out.append(Hit(j, end, kind="person-ner", how="ner"))
        return out

    def _name_after_place(self, start: int, end: int, claimed: dict[int, Hit]) -> int | None:
        """Where a person's name starts inside an ORG entity that is a place and then a name, after a title that
        ends with "of" ("First Minister of Scotland Nicola Sturgeon"); None when it is no such entity."""
        toks = self._toks
        k = start
        while k < end and k in claimed and claimed[k].kind in ("state", "place"):
            k = claimed[k].end
        if k == start or k >= end or start < 2 or toks[start - 1].lower_ != "of" \
                or not self.lex.is_title_word(toks[start - 2].lower_):
            return None
        return k if self._person_named_as_org(k, end, None, title_before=True) else None

    def _extend_name(self, end: int, doc: Any, claimed: dict[int, Hit]) -> int:
        """A PERSON entity the recogniser cut short ("Superintendent [Graciano] Mijares"): the capitalised word right
        after it, when that word is a proper noun (or unparsed) that nothing else claims or names."""
        toks = self._toks
        if end < len(toks):
            t = toks[end]
            if t.is_alpha and t.text[:1].isupper() and end not in claimed and not t.ent_type_ and t.pos_ in ("PROPN", "") \
                    and not self.lex.is_title_word(t.lower_) and not self.gaz.match(t.text) and not t.is_sent_start:
                return end + 1
        return end

    def _person_named_as_org(self, start: int, end: int, doc: Any, title_before: bool = False) -> bool:
        """An ORG entity that is a person's name: two to four capitalised words with no organisation word, next to a
        title ("lawmaker Ewa Nowicka", "a spokesperson, Morgan Ortagus,", "Gáspár Maróth, the Hungarian Government
        commissioner") or listed among people ("Nikos Dendias, Nikos Christodoulides and Jean-Yves Le Drian")."""
        toks = self._toks
        words = [t for t in toks[start:end] if t.text not in ("-", ".")]
        if not 1 <= len(words) <= 4 or not all(t.text[:1].isupper() and t.is_alpha for t in words):
            return False
        last = toks[end - 1].lower_
        if last in self.lex.orgs or last in self.lex.institutions or last in self.lex.groups or any(
                self.lex.is_title_word(t.lower_) for t in words):
            return False
        if title_before or (start > 0 and self.lex.is_title_word(toks[start - 1].lower_)):
            return True
        if start > 1 and toks[start - 1].text == "," and self.lex.is_title_word(toks[start - 2].lower_):
            return True  # "a spokesperson, Morgan Ortagus"
        if end + 2 < len(toks) and toks[end].text == ",":
            ahead = [t.lower_ for t in toks[end + 1:end + 8]]
            if ahead and ahead[0] in ("the", "a", "an", "who") and any(self.lex.is_title_word(w) for w in ahead[1:]):
                return True  # "Gáspár Maróth, the Hungarian Government commissioner"
        for k in (start - 1, start - 2, end, end + 1):  # a neighbour in a list of people
            if 0 <= k < len(toks) and toks[k].ent_type_ == "PERSON":
                sep = toks[start - 1] if k < start else toks[end]
                if sep.text in (",", "and"):
                    return True
        return False

    def _ends_a_title(self, doc: Any, start: int, end: int) -> bool:
        """Whether the entity's words finish a multi-word title begun just before it."""
        words = [t.lower_ for t in self._toks[start:end]]
        for k in range(1, TITLE_LOOKBACK + 1):
            if start - k < 0:
                break
            words.insert(0, self._toks[start - k].lower_)
            if " ".join(words) in self.lex.titles:
                return True
        return False

    def _org(self, doc: Any, start: int, end: int, inner: list[Hit], claimed: dict[int, Hit]) -> Hit | None:
        """An ORG entity: a named body; a demonym or country inside gives its state ("American Israel ... Committee")."""
        words = [t.lower_ for t in self._toks[start:end]]
        if words[-1] in NOT_BODIES or all(self.lex.is_title_word(w) for w in words):
            return None  # "the Abraham Accords"; "Defense" of "Defense Secretary William Perry"
        head = self.lex.orgs.get(words[-1], "none") if words else "none"
        if not inner:
            if len(words) == 1 and not self._toks[start].text[:1].isupper():
                return None
            code = None
            code = self._possessor(start, claimed)  # "Ivory Coast's Supreme Court"
            return Hit(start, end, kind="org-ner", how="ner", code=code, sector=None if head == "none" else head)
        if head == "none" or all(t in claimed for t in range(start, end)):
            return None  # the gazetteer's reading wins: a mislabelled state, person or known body
        uncovered = [t for t in self._toks[start:end] if t.i not in claimed and t.is_alpha and t.text[:1].isupper()]
        if not uncovered:
            return None
        code = self._possessor(start, claimed) or next(
            (h.entry.code for h in inner if h.entry and h.entry.kind in ("state", "place")), None)
        for h in inner:  # the body's name swallows the states it names
            for t in range(h.start, h.end):
                claimed.pop(t, None)
            h.key = ""
            h.kind = "swallowed"
        return Hit(start, end, kind="org-ner", how="ner", code=code, sector=head)

    # -- what each hit is -------------------------------------------------------------------------------
    def _describe(self, doc: Any, h: Hit, claimed: dict[int, Hit], accs: dict[str, _Acc], article: Article,
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
                owner = self._acronyms[name]
                h.name, h.key, h.code, h.sector, h.how = owner.name, owner.key, owner.code, owner.sector, "alias"
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

    def _learn(self, doc: Any, h: Hit, claimed: dict[int, Hit], accs: dict[str, _Acc], actor: Actor) -> None:
        """A later mention of a known person: what the earlier ones said, and what this one adds where they said
        nothing ("Soleimani" in the headline, "Qasem Soleimani, head of Iran's Quds Force" in the lead)."""
        if actor.code is None and actor.role is None:
            code, sector, role = self._context(doc, h, claimed, accs)
            if code or role:
                actor.code, actor.sector, actor.role = code, sector or actor.sector, role
        h.code, h.sector, h.role = actor.code, actor.sector, actor.role

    def _only_state(self, doc: Any, h: Hit, claimed: dict[int, Hit]) -> str | None:
        """"Planning Minister Tran Xuan Gia said Vietnam ...": an official with a title and no state belongs to the
        one state his sentence names as an actor (places after "in", "to", ... do not count); None if several."""
        sent = self._toks[h.start].sent
        codes = set()
        for i in range(sent.start, sent.end):
            hit = claimed.get(i)
            if hit is None or hit.start != i or hit.kind != "state" or hit.how == "place":
                continue
            if i > 0 and self._toks[i - 1].lower_ in LOCATIVE | DIRECTIONAL | {"of", "on", "against", "with", "over"}:
                continue
            if hit.end < len(self._toks) and self._toks[hit.end].lower_ in OTHER_SIDE:
                return None  # "met his Qatari counterpart": the state named is the other side's, not his
            codes.add(hit.code)
        return codes.pop() if len(codes) == 1 else None

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

    # -- a person's state, sector and role from the words around the name -----------------------------------
    def _context(self, doc: Any, h: Hit, claimed: dict[int, Hit], accs: dict[str, _Acc]
                 ) -> tuple[str | None, str | None, str | None]:
        sent = self._toks[h.start].sent
        # 1. title phrase to the left: "Azerbaijani President", "Aliyev aide", "Israel's foreign minister"
        j = h.start
        while j > sent.start and h.start - j < MAX_PREMOD:
            t = self._toks[j - 1]
            if t.i in claimed and claimed[t.i].kind not in ("person-ner",) and claimed[t.i].key:
                j = claimed[t.i].start
                continue
            if t.text in POSSESSIVE or t.text == "-" or (t.pos_ in MODIFIER_POS and t.is_alpha and not t.ent_type_ == "DATE") or (
                    not t.pos_ and t.is_alpha and (t.text[:1].isupper() or self.lex.is_title_word(t.lower_))):
                j -= 1  # an unparsed sentence has no tags: capitalised words and title words still make a title phrase
                continue
            if t.text == ")" and j - 3 >= sent.start and self._toks[j - 3].text == "(":
                j -= 3  # "Organisation of Islamic Cooperation (OIC) head Yousef Al-Othaimeen": the acronym
                continue
            if t.lower_ in TITLE_PREPS and self._title_before(j - 1, sent.start):
                j -= 1  # "Special Representative for Iran Brian Hook", "Minister of Defence Ben Wallace"
                continue
            break
        code, sector, role = self._read_phrase(doc, j, h.start, claimed, accs)
        if code or role:
            if code is None and h.person is None:  # a listed neighbour's state is weaker than the dictionary's
                code, sector2 = self._coordinated(doc, h, j, accs, claimed)
                sector = sector or sector2
            if code or role:
                return code, sector, role
        # 2. apposition to the right: "Nail Olpak, president of the Turkish ... Board (DEIK),"
        if h.end < sent.end and self._toks[h.end].text == ",":
            k = h.end + 1
            stop = k
            while stop < sent.end and stop - k < MAX_APPOSITION and self._toks[stop].text not in (",", ";", "—", "–") \
                    and not _clausal(self._toks[stop]) and not self._is_person(claimed.get(stop)):
                stop += 1
            if stop > k and self._toks[k].pos_ not in ("VERB", "AUX", "ADP", "SCONJ", "PRON", "CCONJ"):
                c, s, r = self._read_phrase(doc, k, stop, claimed, accs, title_anywhere=True)
                if r:
                    return c, s, r
        # 3. apposition to the left: "Azerbaijan's top foreign policy adviser, Hikmet Hajiyev"
        if h.start - 1 > sent.start and self._toks[h.start - 1].text == ",":
            k = h.start - 1
            begin = k
            while begin > sent.start and k - begin < MAX_APPOSITION and self._toks[begin - 1].text not in (",", ";", "—", "–") \
                    and not _clausal(self._toks[begin - 1]) and not self._is_person(claimed.get(begin - 1)):
                begin -= 1
            if begin < k:
                c, s, r = self._read_phrase(doc, begin, k, claimed, accs, title_anywhere=True)
                if r:
                    return c, s, r
        return None, None, None

    def _title_before(self, i: int, sent_start: int) -> bool:
        """Whether a title word ends right before token i (within two words): the preposition at i is inside a
        title phrase ("Representative for", "Minister of")."""
        for k in range(i - 1, max(sent_start, i - 3) - 1, -1):
            if self.lex.is_title_word(self._toks[k].lower_):
                return True
        return False

    @staticmethod
    def _is_person(hit: Hit | None) -> bool:
        return hit is not None and hit.kind in ("person", "person-ner")

    def _read_phrase(self, doc: Any, start: int, end: int, claimed: dict[int, Hit], accs: dict[str, _Acc],
                     title_anywhere: bool = False) -> tuple[str | None, str | None, str | None]:
        """State, sector and role that the tokens [start, end) give a person named next to them.

        The role is the title as written, without the state that qualifies it: "Israel's foreign minister" ->
        "foreign minister"; a body named in the phrase stays in it: "AIPAC president", "president of the ... Board".
        """
        if start >= end:
            return None, None, None
        code: str | None = None
        patron_sector: str | None = None
        parts: list[str] = []  # role words, in order
        title_at = -1  # index in parts just after the title's last word
        title: tuple[int, str | None] | None = None
        words: list[str] = []
        #: after "for"/"to"/"on" a state is the title's portfolio or target ("Special Representative for Iran",
        #: "Ambassador to the UN"), not whose the title is
        portfolio = False
        i = start
        while i < end:
            hit = claimed.get(i)
            if hit is not None and (hit.key or hit.kind == "org-ner") and hit.kind != "swallowed":
                if code is None and hit.code and not (portfolio and hit.kind in ("state", "place")):
                    code = hit.code
                    if hit.kind == "person":
                        patron_sector = hit.sector
                if hit.kind in ("organisation", "group", "org-ner"):
                    parts.append(self._span_text(hit.start, hit.end))
                elif hit.kind == "person" and parts == []:
                    pass  # "Aliyev aide": the patron gives the state, the role is "aide"
                words = []
                i = max(hit.end, i + 1)
                continue
            t = self._toks[i]
            if t.text in POSSESSIVE or not (t.is_alpha or t.text in ("-", ".")):
                i += 1
                continue
            if t.lower_ in ("the", "a", "an") and not parts:
                i += 1
                continue
            if t.lower_ in PORTFOLIO_PREPS:
                portfolio = True
            elif t.lower_ == "of":
                portfolio = False
            parts.append(t.lower_)
            words.append(t.lower_)
            found = self.lex.title(words)
            if found:
                title, title_at = found, len(parts)
            i += 1
        if title is None:
            return (code, None, None) if not title_anywhere and code else (None, None, None)
        if code is None:
            # a title only one state has ("Taoiseach", "Chancellor of the Exchequer") names its state
            code = self.lex.title_codes.get(" ".join(parts[max(0, title_at - title[0]):title_at]))
        tail = parts[title_at:]
        role_parts = parts[:title_at]
        if tail and tail[0] == "of" and len(tail) > 1 and tail[-1][:1].isupper():
            role_parts += ["of", tail[-1]]
        role = " ".join(role_parts) or None
        sector = title[1]
        if patron_sector and sector == "GOV":
            sector = patron_sector
        return code, sector, role

    def _coordinated(self, doc: Any, h: Hit, phrase_start: int, accs: dict[str, _Acc], claimed: dict[int, Hit]
                     ) -> tuple[str | None, str | None]:
        """"..., Michael Tuchin, and incoming president Bernie Kaminetsky": the state of the person listed before."""
        k = phrase_start - 1
        gap = 0
        while k >= 0 and gap < COORD_GAP and self._toks[k].text in (",", "and", "&"):
            k -= 1
            gap += 1
        if gap == 0 or k < 0:
            return None, None
        prev = claimed.get(k)
        if prev is not None and prev.kind == "person" and prev.key in accs:
            a = accs[prev.key].actor
            return a.code, a.sector
        return None, None

    def _known_person(self, accs: dict[str, _Acc], name: str) -> _Acc | None:
        """A person already in the article that `name` (a full name or a surname) refers to."""
        key = f"person:{slug(name)}"
        if key in accs:
            return accs[key]
        parts = name.split()
        if len(parts) == 1:
            for acc in accs.values():
                if acc.actor.kind == "person" and name in acc.surnames:
                    return acc
        return None

    # -- assembling ---------------------------------------------------------------------------------------
    def _add(self, accs: dict[str, _Acc], h: Hit, doc: Any) -> None:
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
            acc = accs[h.key] = _Acc(actor=actor, first=h.start)
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

    def _coref_candidates(self, doc: Any, names: dict[str, _Acc]) -> list[Any]:
        """The tokens `_coref` can act on (a known surname or acronym, or a one-word title), found on the token
        arrays: building a Token for every word of the article cost more than the rest of the stage."""
        if not len(doc):
            return []
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, LOWER])
        orths = numpy.fromiter((strings[n] for n in names), dtype=numpy.uint64, count=len(names))
        titles = self._title_ids(strings)
        hit = numpy.isin(arr[:, 0], orths) | numpy.isin(arr[:, 1], titles)
        return [self._toks[int(i)] for i in numpy.flatnonzero(hit)]

    def _title_ids(self, strings: Any) -> Any:
        if self._titles_array is None:
            words = [t for t in self.lex.titles if " " not in t]
            self._titles_array = numpy.fromiter((strings[w] for w in words), dtype=numpy.uint64, count=len(words))
        return self._titles_array

    def _coref(self, doc: Any, claimed: dict[int, Hit], accs: dict[str, _Acc], order: list[Hit]) -> None:
        """Later surnames and acronyms the NER missed, and "the (Turkish) president" for the one named before."""
        names: dict[str, _Acc] = {}
        for acc in accs.values():
            if acc.actor.kind == "person" and len(acc.actor.name.split()) > 1:
                for s in acc.surnames:
                    names.setdefault(s, acc)
            for alias in acc.actor.aliases:
                if alias.isupper() and len(alias) > 1:
                    names.setdefault(alias, acc)
        for t in self._coref_candidates(doc, names):
            if t.i in claimed:
                continue
            named = names.get(t.text)
            if named is not None and named.first < t.i:
                how = "surname" if named.actor.kind == "person" else "alias"
                named.actor.mentions.append(Mention(start=t.idx, end=t.idx + len(t.text), text=t.text, how=how))
                claimed[t.i] = Hit(t.i, t.i + 1, kind="alias", key=named.actor.key)
                continue
            # "the president", "the Azerbaijani president"
            if t.lower_ in self.lex.titles and t.text.islower() and t.i > 0:
                det = t.i - 1
                code = None
                prev = claimed.get(det)
                if prev is not None and prev.kind == "state" and prev.end == t.i:
                    code, det = prev.code, prev.start - 1
                if det < 0 or self._toks[det].lower_ != "the" or (t.i + 1 < len(doc) and self._toks[t.i + 1].lower_ == "of"):
                    continue
                target: _Acc | None = None
                for h in order:
                    if h.start >= t.i:
                        break
                    a = accs.get(h.key)
                    if a and a.actor.kind == "person" and a.actor.role and t.lower_ in a.actor.role.split() \
                            and (code is None or a.actor.code == code):
                        target = a
                if target is not None:
                    start = self._toks[det].idx
                    target.actor.mentions.append(Mention(start=start, end=t.idx + len(t.text),
                                                         text=nlp.text(doc)[start:t.idx + len(t.text)], how="role"))


def _token_ends(key: str) -> list[int]:
    """Where a token of a name can end inside its lookup key: before or after any character that is not a letter or
    digit ("al-qaeda": "al", "al-", "al-qaeda"), and at its end. An n-gram of tokens always ends at one of these, so
    these prefixes are all `_reach` asks about (a fraction of every prefix: the set is built once per process)."""
    out = [j for j in range(1, len(key)) if not key[j].isalnum() or not key[j - 1].isalnum()]
    out.append(len(key))
    return out


def _clausal(tok: Any) -> bool:
    """Whether a token starts a clause rather than modifying a noun: a verb, unless a participle used as an
    adjective ("the acting Prime Minister", "the caretaker government's appointed envoy")."""
    return tok.pos_ in ("VERB", "AUX") and not (tok.dep_ in ("amod", "compound", "nmod") and tok.tag_ in ("VBG", "VBN"))


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
