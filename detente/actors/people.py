"""The actors stage's people step: a person's state, sector and role from the words around the name.

    title phrase   "Azerbaijani President Ilham Aliyev", "Aliyev aide Hikmet Hajiyev", "Special Representative for
                   Iran Brian Hook" (a state after "for"/"to" is the title's portfolio), "Taoiseach Leo Varadkar" (a
                   title only one state has)
    apposition     "Nail Olpak, president of the Turkish ... Board", "Azerbaijan's top adviser, Hikmet Hajiyev"
    neighbours     a person listed right after one whose state is known shares it
    later mentions what a later mention's words say where the first's said nothing
"""
from __future__ import annotations

from typing import Any

from detente.actors.gazetteer import slug
from detente.actors.hits import (
    COORD_GAP,
    DIRECTIONAL,
    LOCATIVE,
    MAX_APPOSITION,
    MAX_PREMOD,
    MODIFIER_POS,
    OTHER_SIDE,
    PORTFOLIO_PREPS,
    POSSESSIVE,
    TITLE_PREPS,
    Acc,
    Hit,
    ResolverBase,
)
from detente.model import Actor


def _clausal(tok: Any) -> bool:
    """Whether a token starts a clause rather than modifying a noun: a verb, unless a participle used as an
    adjective ("the acting Prime Minister", "the caretaker government's appointed envoy")."""
    return tok.pos_ in ("VERB", "AUX") and not (tok.dep_ in ("amod", "compound", "nmod") and tok.tag_ in ("VBG", "VBN"))


class People(ResolverBase):
    def _learn(self, doc: Any, h: Hit, claimed: dict[int, Hit], accs: dict[str, Acc], actor: Actor) -> None:
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

    def _context(self, doc: Any, h: Hit, claimed: dict[int, Hit], accs: dict[str, Acc]
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
                    not t.pos_ and t.is_alpha and (t.text[:1].isupper() or self.lex.is_title_word(t.lower_)
                                                   or self._after_demonym(j - 1, sent.start, claimed))):
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
                if (c := self._nationality(k, stop, claimed)) is not None:
                    return c, None, None
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
                if (c := self._nationality(begin, k, claimed)) is not None:
                    return c, None, None
        return None, None, None

    def _after_demonym(self, i: int, sent_start: int, claimed: dict[int, Hit]) -> bool:
        """Whether the lower-case word at i, in an unparsed sentence, follows a demonym with at most one more such
        word between: "Italian artist", "British crime author" before a name say whose the person is."""
        k = i - 1
        while k >= max(sent_start, i - 2) and self._toks[k].is_alpha and self._toks[k].text.islower() and k not in claimed:
            k -= 1
        hit = claimed.get(k) if k >= sent_start else None
        return hit is not None and hit.end == k + 1 and hit.kind == "state" and hit.how == "demonym"

    def _nationality(self, start: int, end: int, claimed: dict[int, Hit]) -> str | None:
        """The state of an apposition that is only a nationality: "An Australian, Brenton Tarrant,", "Hatice Cengiz, a
        Turk,": a determiner and a demonym, nothing else."""
        i = start
        while i < end and self._toks[i].lower_ in ("a", "an", "the"):  # the actors stage may read untagged text
            i += 1
        hit = claimed.get(i)
        if hit is None or hit.start != i or hit.end != end or hit.kind != "state" or hit.how != "demonym":
            return None
        return hit.code

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

    def _read_phrase(self, doc: Any, start: int, end: int, claimed: dict[int, Hit], accs: dict[str, Acc],
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

    def _coordinated(self, doc: Any, h: Hit, phrase_start: int, accs: dict[str, Acc], claimed: dict[int, Hit]
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

    def _known_person(self, accs: dict[str, Acc], name: str) -> Acc | None:
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
