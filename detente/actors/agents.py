"""Generic agents: nouns that name a state's people or institutions without naming the state.

"Police arrested two suspects", "Parliament voted", "protesters gathered", "the government said": the noun says
which branch or group acts (the sector, from data/titles.tsv's group nouns), the article says whose. A noun's state
comes from its own noun phrase ("the police in Aden", "the Parliament of Iraq"), else from the state the article
tied the same noun to before ("Iraqi lawmakers ... lawmakers"), else from the article's focus state
(actors/context.py). Nouns that speak of other or several states ("foreign governments", "world leaders") get none.
"""
from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from detente.actors.context import Bindings


@functools.lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """data/agents.toml's word lists, loaded once and checked."""
    text = resources.files("detente.actors").joinpath("data", "agents.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    out = {}
    for key in ("foreign_modifiers", "not_agent_heads", "owner_preps", "not_agents", "accused_roles", "thing_heads"):
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise ValueError(f"agents.toml: {key} must be a list of words")
        out[key] = frozenset(w.lower() for w in value)
    return out


#: dependency labels by which a noun phrase's own modifiers hang from its head
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "nn"})
NOUN_POS = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True)
class AgentHit:
    """Tokens [start, end) naming an agent of state `code` in `sector`; `how` is "agent" when the noun phrase's own
    words or an earlier tie give the state, "focus" when the article's focus does."""

    start: int
    end: int
    phrase: str
    sector: str | None
    code: str
    how: str


def find(toks: list[Any], claimed: Callable[[int], tuple[str | None, str] | None], groups: dict[str, str | None],
         max_words: int, focus: str | None, bindings: Bindings) -> list[AgentHit]:
    """The agent nouns of a parsed Doc's tokens that no actor claims yet, with their states.

    `claimed(i)` gives (code, kind) of the actor that claims token i, or None. Tokens of unparsed sentences (no
    part of speech) are skipped: no event can be read there.
    """
    lists = words()
    heads = {p.split()[-1] for p in groups} - lists["not_agents"]
    foreign, not_heads = lists["foreign_modifiers"], lists["not_agent_heads"]
    out: list[AgentHit] = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        low = t.lower_
        if low not in heads or t.pos_ not in NOUN_POS or claimed(i) is not None:
            i += 1
            continue
        found = _phrase(toks, i, groups, max_words)
        if found is None:
            i += 1
            continue
        start, phrase, sector = found
        if start > 1 and toks[start - 1].text == "-" and not toks[start - 2].whitespace_:
            i += 1
            continue  # "anti-government protests": a modifier, not an agent
        if t.dep_ == "compound" and t.head.lower_ in not_heads:
            i += 1
            continue  # "a press conference", "the police station"
        mods = [c for c in t.children if c.dep_ in MODIFIER_DEPS or c.dep_ == "det"]
        if any(m.lower_ in foreign for m in mods) or any(toks[j].lower_ in foreign for j in range(start, i)):
            i += 1
            continue
        own = _own_code(t, mods, claimed, lists["owner_preps"])
        if own == "":
            i += 1
            continue  # the phrase names its state through a mention already (or names a non-state body)
        if own is not None:
            bindings.bind(phrase, own)
            out.append(AgentHit(start, i + 1, phrase, sector, own, "agent"))
        else:
            code = bindings.get(phrase)
            if code is not None:
                out.append(AgentHit(start, i + 1, phrase, sector, code, "agent"))
            elif focus is not None:
                out.append(AgentHit(start, i + 1, phrase, sector, focus, "focus"))
        i += 1
    return out


def bind_named(toks: list[Any], hits: Sequence[tuple[int, int, str | None]], groups: dict[str, str | None],
               max_words: int, bindings: Bindings) -> None:
    """Tie the group nouns right after a state's name to it ("Iraqi lawmakers", "Iraq's parliament"), so that a
    later bare "lawmakers" or "parliament" in the article stands for the same state. `hits` are (start, end, code)."""
    n = len(toks)
    for _start, end, code in hits:
        j = end
        if j < n and toks[j].text in ("'s", "’s", "'", "’"):
            j += 1
        words = []
        for t in toks[j:j + max_words]:
            if not t.is_alpha:
                break
            words.append(t.lower_)
        for k in range(len(words), 0, -1):
            phrase = " ".join(words[:k])
            if phrase in groups:
                bindings.bind(phrase, code)
                break


def _phrase(toks: list[Any], i: int, groups: dict[str, str | None], max_words: int) -> tuple[int, str, str | None] | None:
    """The longest group phrase that ends at token i: (first token, phrase, sector)."""
    for k in range(min(max_words, i + 1), 0, -1):
        words = [toks[j].lower_ for j in range(i - k + 1, i + 1)]
        phrase = " ".join(words)
        if phrase in groups:
            return i - k + 1, phrase, groups[phrase]
    return None


def _own_code(head: Any, mods: list[Any], claimed: Callable[[int], tuple[str | None, str] | None],
              owner_preps: frozenset[str]) -> str | None:
    """The state the noun phrase itself names: "" when a modifier already names it (the mention there carries it),
    the code of an owner in a prepositional phrase ("the police in Aden"), or None when the phrase names none."""
    for m in mods:
        for t in m.subtree:
            got = claimed(t.i)
            if got is not None and got[0]:
                return ""
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in owner_preps:
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                for t in p.subtree:
                    got = claimed(t.i)
                    if got is not None and got[0] and got[0] not in ("IGO", "NGO", "IMG"):
                        return got[0]
    return None
