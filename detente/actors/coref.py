"""The actors stage's coreference: later surnames and acronyms, "the (Turkish) president" for the one named before,
a surname before the full name, and mentions that stand for several people named before: "the foreign ministers",
"both presidents", "the two leaders".

A plural title with a determiner refers back to the people the article named with that title ("Egyptian foreign
minister Sameh Shoukry and his Greek, Cypriot and French counterparts ... The foreign ministers agreed"). Each of them
gets a mention of the span with `how == "collective"`; the events stage reads such a span as all of them.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.strings import get_string_id

from detente import nlp
from detente.actors import agents as agents_mod
from detente.actors.hits import (
    Acc,
    Hit,
    ResolverBase,
)
from detente.model import Actor, Mention

#: determiners and numbers that make a plural title refer back ("the ministers", "both presidents", "the two leaders")
BACK_REFERENCE = frozenset({"the", "both", "these", "those", "two", "three", "four", "all"})
#: at least this many people must share the title for the plural to stand for them
MIN_PEOPLE = 2
#: the string ids of agents.toml's accused roles ("the suspect"): hashes, the same in every vocabulary
_ACCUSED_IDS = numpy.fromiter((get_string_id(w) for w in agents_mod.words()["accused_roles"]), dtype=numpy.uint64)


def _last_person(order: list[Hit], accs: dict[str, Acc], before: int, title: str | None, code: str | None) -> Acc | None:
    """The person named last before token `before` (`order`: hits in reading order): one whose role holds `title`
    (and of state `code` when given: "the Azerbaijani president"), or with `title` None a private person, one with
    no role but a state ("the suspect")."""
    target: Acc | None = None
    for h in order:
        if h.start >= before:
            break
        a = accs.get(h.key)
        if a is None or a.actor.kind != "person":
            continue
        actor = a.actor
        if (title is None and not actor.role and actor.code) or (
                title is not None and actor.role and title in actor.role.split() and (code is None or actor.code == code)):
            target = a
    return target


def collective(toks: list[Any], taken: set[int], people: Iterable[tuple[int, Actor]], is_title: Any,
               text: str) -> None:
    """Add collective mentions to `people` ((first token, actor) pairs) for each plural title in `toks` that refers
    back to two or more of them. `taken` holds the token indices other mentions claim; `is_title(word)` says whether
    a lower-case word is a title."""
    people = sorted(people, key=lambda p: p[0])
    for t in toks:
        if t.i in taken or t.tag_ not in ("NNS", "NNPS") or t.pos_ not in ("NOUN", "PROPN"):
            continue
        singular = str(t.lemma_).lower()
        if singular == t.lower_ or not is_title(singular):
            continue
        kids = list(t.children)
        if not any(c.dep_ in ("det", "nummod", "predet") and c.lower_ in BACK_REFERENCE for c in kids):
            continue
        modifiers = {c.lower_ for c in kids if c.dep_ in ("amod", "compound")}
        named = [a for first, a in people if first < t.i and a.role and singular in a.role.split()
                 and modifiers <= set(a.role.split())]
        if len({a.key for a in named}) < MIN_PEOPLE:
            continue
        start = min([t.idx] + [c.idx for c in kids if c.dep_ in ("det", "nummod", "predet", "amod", "compound")])
        end = t.idx + len(t.text)
        seen: set[str] = set()
        for a in named:
            if a.key in seen:
                continue
            seen.add(a.key)
            a.mentions.append(Mention(start=start, end=end, text=text[start:end], how="collective"))


class Coref(ResolverBase):
    """Later mentions that point back to an actor named before."""

    @staticmethod
    def _merge_surnames(accs: dict[str, Acc], order: list[Hit]) -> None:
        """A person named by surname alone before the full name ("Bolton" in the headline, "John R. Bolton" in the
        lead) is the one person: the surname's mentions join the full name's actor. So is a surname the recogniser
        took for an organisation no dictionary knows ("Marrero rejected this argument" after "Judge Victor Marrero")."""
        full: dict[str, list[Acc]] = {}
        for acc in accs.values():
            a = acc.actor
            if a.kind == "person" and len(a.name.split()) > 1:
                for s in acc.surnames:
                    full.setdefault(s, []).append(acc)
        for key, acc in list(accs.items()):
            a = acc.actor
            surname_org = a.kind == "organisation" and a.code is None and key.startswith("org:")
            if (a.kind != "person" and not surname_org) or len(a.name.split()) != 1 or a.dictionary_id is not None:
                continue
            targets = full.get(a.name, [])
            if len(targets) != 1 or targets[0] is acc:
                continue
            target = targets[0]
            if surname_org:
                for m in a.mentions:
                    m.how = "surname"
            target.actor.mentions.extend(a.mentions)
            target.first = min(target.first, acc.first)
            target.actor.code = target.actor.code or a.code
            target.actor.role = target.actor.role or a.role
            target.actor.sector = target.actor.sector or a.sector
            for h in order:
                if h.key == key:
                    h.key = target.actor.key
            del accs[key]

    def _coref_candidates(self, doc: Any, names: dict[str, Acc]) -> list[Any]:
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

    def _coref(self, doc: Any, claimed: dict[int, Hit], accs: dict[str, Acc], order: list[Hit]) -> None:
        """Later surnames and acronyms the NER missed, and "the (Turkish) president" for the one named before."""
        names: dict[str, Acc] = {}
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
                target = _last_person(order, accs, t.i, t.lower_, code)
                if target is not None:
                    start = self._toks[det].idx
                    target.actor.mentions.append(Mention(start=start, end=t.idx + len(t.text),
                                                         text=nlp.text(doc)[start:t.idx + len(t.text)], how="role"))
        self._accused(doc, claimed, accs, order)

    def _accused(self, doc: Any, claimed: dict[int, Hit], accs: dict[str, Acc], order: list[Hit]) -> None:
        """"the accused", "the suspect", "the gunman": the private person (a person with no title) named last before
        it, when there is one."""
        if not len(doc):
            return
        for i in numpy.flatnonzero(numpy.isin(doc.to_array([LOWER]), _ACCUSED_IDS)):
            t = self._toks[int(i)]
            if t.i in claimed or t.i == 0 or self._toks[t.i - 1].lower_ != "the":
                continue
            target = _last_person(order, accs, t.i, None, None)
            if target is None:
                continue
            start = self._toks[t.i - 1].idx
            end = t.idx + len(t.text)
            target.actor.mentions.append(Mention(start=start, end=end, text=nlp.text(doc)[start:end], how="accused"))
            claimed[t.i] = Hit(t.i, t.i + 1, kind="alias", key=target.actor.key)
