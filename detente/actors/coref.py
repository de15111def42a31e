"""Mentions that stand for several people named before: "the foreign ministers", "both presidents", "the two leaders".

A plural title with a determiner refers back to the people the article named with that title ("Egyptian foreign
minister Sameh Shoukry and his Greek, Cypriot and French counterparts ... The foreign ministers agreed"). Each of them
gets a mention of the span with `how == "collective"`; the events stage reads such a span as all of them.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from detente.model import Actor, Mention

#: determiners and numbers that make a plural title refer back ("the ministers", "both presidents", "the two leaders")
BACK_REFERENCE = frozenset({"the", "both", "these", "those", "two", "three", "four", "all"})
#: at least this many people must share the title for the plural to stand for them
MIN_PEOPLE = 2


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
