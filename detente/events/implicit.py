"""Parties the words leave implicit, as a careful coder fills them in.

    implied actor   a passive act with no agent ("Wiranto was stabbed", "twenty people were arrested"): the state
                    where it happened, else the article's focus, in the branch the act implies (unknown attackers
                    REB, arrests COP, court acts JUD); CAMEO and PLOVER code the state even when the text names no one
    act nouns       "criticised the decision", "opposed the withdrawal", "condemned the attack": the one the noun's
                    act was done by, from the article's acts so far (`ActMemory`) when the noun names no doer itself

An implied party has no words in the sentence: its `Party.text` is empty and its mention's `how` is "implied".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detente.events import ontology
from detente.events.frames import Found, Token, forms
from detente.model import Actor, Mention

#: how many acts the memory keeps (an article's worth)
MEMORY_SIZE = 64


@dataclass
class Act:
    """An act the article reported: its type, the words of its trigger, and who did it."""

    type: str
    words: frozenset[str]
    actors: list[Found]
    start: int


@dataclass
class ActMemory:
    """The article's acts in the order they were read (the headline's first)."""

    acts: list[Act] = field(default_factory=list)

    def add(self, type_: str, trigger: Token, actors: list[Found]) -> None:
        if not actors:
            return
        self.acts.append(Act(type_, forms(trigger), list(actors), trigger.idx))
        if len(self.acts) > MEMORY_SIZE:
            del self.acts[0]

    def doer(self, noun: Token, noun_type: str | None, before: int, any_act: bool = True) -> list[Found]:
        """Who did the act a definite noun stands for: the latest act read before `before` of the noun's own word
        ("the withdrawal" -> an act triggered by "withdraw"/"withdrawal", "the stabbing" -> "was stabbed"), else of
        its type ("the strike" -> the latest ASSAULT), else, for a noun that stands for any act ("the decision", "the
        move"; `any_act`), the latest act."""
        words = forms(noun)
        earlier = [a for a in self.acts if a.start < before]
        for a in reversed(earlier):
            if a.words & words:
                return a.actors
        if not any_act:
            return []
        if noun_type is not None:
            for a in reversed(earlier):
                if a.type == noun_type:
                    return a.actors
            return []
        return earlier[-1].actors if earlier else []


def implied(actors: list[Actor], code: str, sector: str | None, at: int, names: Any) -> Found:
    """A party the text implies: the article's actor for state `code` (made if the article names none), with an
    empty mention at character `at` that says in which branch it acts."""
    actor = next((a for a in actors if a.kind == "state" and a.code == code), None)
    if actor is None:
        state = names(code)
        actor = Actor(name=state.name if state is not None else code, code=code, kind="state", key=code)
        actors.append(actor)
    return Found(actor, Mention(start=at, end=at, text="", how="implied", sector=sector))


def implied_sector(type_: str, mode: str | None) -> str | None:
    """The branch of the state that does an act the text gives no doer for (ontology.toml [behaviour])."""
    b = ontology.load().behaviour
    return b.implied_sector_by_mode.get(mode or "") or b.implied_sector.get(type_)
