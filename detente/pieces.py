"""Long bodies in pieces: a body over PIECE_CHARS is parsed and extracted piece by piece, its offsets mapped back.

spaCy refuses a text over `nlp.max_length` (1,000,000 characters, error E088), its parser needs memory
in proportion to the text it is given at once, and the actors stage slows more than linearly on very long
Docs. So `Pipeline` cuts such a body into pieces at paragraph breaks (else line breaks, sentence ends,
spaces), runs every stage on one piece at a time (one piece's Doc in memory), and `merge`s the pieces'
extractions into the article's: offsets shifted to the whole body, an actor found in several pieces
merged by its key, event ids made again from the shifted offsets.

What is lost at a cut: a parse across it (it falls between paragraphs where it can), a pronoun or a
surname whose antecedent is in another piece, a relative date anchored in another piece. An event told
in two pieces is one event when the events stage says how to fold repeated mentions (rules.v1's `merge`).
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from detente.model import Actor, Event, Evidence, Extraction

#: characters of body given to spaCy and the stages at once: news articles are under 60,000 (a long feature),
#: so only junk-sized bodies are cut; measured on benchmark text, 100,000 keeps the parse's peak memory near
#: that of a batch of ordinary articles, while the actors stage, faster than linear below it, took 0.6 s for
#: 100,000 characters and 17 s for 200,000
PIECE_CHARS = 100_000


def too_long(article: Any) -> bool:
    """Whether an article's body goes through the stages in pieces: an English body over PIECE_CHARS."""
    return bool(article.is_english) and len(article.body) > PIECE_CHARS


#: a sentence end: . ! ? with closing quotes or brackets, then whitespace
_SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*\s+""")


def spans(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the pieces of `text`: each at most `size` (PIECE_CHARS) characters, together `text` end to end."""
    size = size or PIECE_CHARS
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        out.append((start, end))
        start = end
    if start < len(text) or not out:
        out.append((start, len(text)))
    return out


def _cut(text: str, lo: int, hi: int) -> int:
    """Where the piece starting at `lo` ends (at most `hi`): after the last paragraph break in its second half,
    else the last line break, sentence end or space there, else at `hi`."""
    floor = lo + (hi - lo) // 2
    for sep in ("\n\n", "\n"):
        i = text.rfind(sep, floor, hi)
        if i >= 0:
            return i + len(sep)
    last = None
    for last in _SENTENCE_END.finditer(text, floor, hi):  # noqa: B007 - the last match is wanted
        pass
    if last is not None:
        return last.end()
    i = max(text.rfind(" ", floor, hi), text.rfind("\t", floor, hi))
    return i + 1 if i >= 0 else hi


def _shift_evidence(ev: Evidence, offset: int) -> None:
    if ev.part != "body":  # read in the headline: its offsets are into the headline
        return
    ev.start += offset
    ev.end += offset
    if ev.trigger_start is not None:
        ev.trigger_start += offset
    if ev.trigger_end is not None:
        ev.trigger_end += offset


def shift(extraction: Extraction, offset: int) -> None:
    """Move every offset of a piece's extraction (mentions, evidence) to where the piece starts in the body.

    An event whose id is the rule extractor's (made from its evidence's start) gets that id again.
    """
    from detente.events.extract import event_id

    article_id = extraction.article.id
    for actor in extraction.actors:
        for m in actor.mentions:
            m.start += offset
            m.end += offset
    for event in extraction.events:
        derived = event.id == event_id(article_id, event)
        _shift_evidence(event.evidence, offset)
        for more in event.more_evidence:
            _shift_evidence(more, offset)
        if derived:
            event.id = event_id(article_id, event)


def _actor_key(actor: Actor) -> Any:
    return actor.key or (actor.kind, actor.code, actor.name)


def _merge_actor(into: Actor, other: Actor) -> None:
    into.mentions.extend(other.mentions)
    into.aliases.extend(a for a in other.aliases if a not in into.aliases)
    for name in ("code", "sector", "role", "dictionary_id", "cameo"):
        if getattr(into, name) is None:
            setattr(into, name, getattr(other, name))


def _mentions(events: list[Event], article_id: str) -> list[Event]:
    """Each mention of each event as an event of its own (its id made from its own evidence where the id is the
    rule extractor's), in the body's order: what the stage's fold takes."""
    from detente.events.extract import event_id

    out = []
    for event in events:
        derived = event.id == event_id(article_id, event)
        out.append(dataclasses.replace(event, more_evidence=[]))
        for more in event.more_evidence:
            copy = dataclasses.replace(event, evidence=more, more_evidence=[])
            if derived:
                copy.id = event_id(article_id, copy)
            out.append(copy)
    return sorted(out, key=lambda e: e.evidence.start)


def merge(article: Any, parts: list[tuple[int, Extraction]],
          merge_events: Callable[[list[Event]], list[Event]] | None = None) -> Extraction:
    """The article's extraction from its pieces' ((start of the piece, its extraction), in order).

    `merge_events` is the events stage's own rule for folding repeated mentions of one event into one
    (what it does within a piece), run again over all the pieces' events.
    """
    actors: dict[Any, Actor] = {}
    events: list[Event] = []
    notes: list[str] = []
    for offset, part in parts:
        shift(part, offset)
        for actor in part.actors:
            key = _actor_key(actor)
            if key in actors:
                _merge_actor(actors[key], actor)
            else:
                actors[key] = actor
        events.extend(part.events)
        notes.extend(n for n in part.notes if n not in notes)
    if merge_events is not None:
        events = merge_events(_mentions(events, article.id))
    notes.append(f"body of {len(article.body):,} characters processed in {len(parts)} pieces of at most {PIECE_CHARS:,}")
    return Extraction(article=article, actors=list(actors.values()), events=events, notes=notes)
