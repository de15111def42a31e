"""The actors stage's entity step: the spaCy entities the gazetteer scan did not claim, and names that are never a
party (datelines, agency credits, "a former Soviet republic").

    PERSON  the name is the rightmost run of capitalised words (titles stay out); cut-short names are extended;
            a "person" right after "in"/"near" is a village
    ORG     a named body (its head word says what kind); a person's name the recogniser took for a body, next to a
            title or among people, is a person; "Minister of Scotland Nicola Sturgeon" splits into place and name
    asides  the dateline's capital and agency, bracketed credits, states named as what a place used to belong to
"""
from __future__ import annotations

from typing import Any

from detente.actors import agents as agents_mod
from detente.actors.hits import (
    FORMER_HEADS,
    FORMER_WORDS,
    NOT_BODIES,
    POSSESSIVE,
    TITLE_LOOKBACK,
    Hit,
    ResolverBase,
)
from detente.model import Article


class Entities(ResolverBase):
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
            if ent.label_ == "ORG" and not inner and self._person_named_as_org(start, end, doc, given=True):
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

    def _person_named_as_org(self, start: int, end: int, doc: Any, title_before: bool = False,
                             given: bool = False) -> bool:
        """An ORG entity that is a person's name: two to four capitalised words with no organisation word, next to a
        title ("lawmaker Ewa Nowicka", "a spokesperson, Morgan Ortagus,", "Gáspár Maróth, the Hungarian Government
        commissioner"), listed among people ("Nikos Dendias, Nikos Christodoulides and Jean-Yves Le Drian") or, when
        `given`, beginning with a given name the people dictionaries know ("Elijah Cummings")."""
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
        if given and len(words) >= 2 and words[0].lower_ in self.dic.given_names and not self.gaz.match(words[0].text) \
                and last not in agents_mod.words()["thing_heads"]:
            return True  # "Elijah Cummings", "Jacqueline De León", "Luis Rivera Marín": a given name first
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
