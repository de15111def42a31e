"""Datelines: the place (and date, and agency) a wire story opens with, before its first sentence.

    ADDIS ABABA -                        KYIV, Ukraine (Reuters) -          Baku, 12 March —
    WASHINGTON (AP) —                    NEW DELHI:                         GENEVA, March 3 (Reuters) -

`dateline(body)` gives the place's words and their span, so the actors stage can keep a dateline from
becoming a party and the places stage can place the article's events there. A dateline is read only at
the very start of the body; its place must be one the gazetteer knows ("Donald Trump — the president ..."
is no dateline, nor is a small town of an unknown name unless a known region follows it), and only a place in
capitals may end with a colon, as South Asian papers write them (a "Turkey: a timeline" heading is none).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
           r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = rf"(?:\d{{1,2}}\s+{_MONTHS}(?:,?\s+\d{{4}})?|{_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"
#: one word of a place: capitalised (or in capitals), or a particle of a compound name ("Rio de Janeiro")
_WORD = r"(?:[A-Z][A-Za-z\u00c0-\u024f.'’\-]*|de|da|do|del|al|el|la|le|of|upon|on|sur|am|an)"
_DATELINE = re.compile(
    rf"""^\s*
    (?P<place>[A-Z][A-Za-z\u00c0-\u024f.'’\-]*(?:[ ]{_WORD}){{0,3}})
    (?:,[ ]*(?P<region>[A-Z][A-Za-z\u00c0-\u024f.'’\-]*(?:[ ][A-Z][A-Za-z\u00c0-\u024f.'’\-]*){{0,2}}))?
    (?P<date>,?[ ]*{_DATE})?
    [ ]*(?P<agency>\([^()\n]{{1,40}}\)|/[^/\n]{{1,30}}/)?
    [ ]*(?P<sep>--|[-–—]|:)[ ]+""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Dateline:
    """A dateline's parts: the place as written ("KYIV, Ukraine") with its span, and where the story begins."""

    place: str
    start: int
    end: int
    city: str  # "KYIV"
    region: str | None  # "Ukraine"
    #: the offset of the story's first word after the dateline (and its date, agency and dash)
    story: int


def read(body: str) -> Dateline | None:
    """The dateline at the start of `body`, or None."""
    m = _DATELINE.match(body[:200])
    if m is None:
        return None
    city, region = m.group("place"), m.group("region")
    capitals = city.upper() == city
    if m.group("sep") == ":" and not capitals:
        return None
    from detente.places.resolve import candidates

    if not candidates(city) and not (region and candidates(region)):
        return None
    start = m.start("place")
    end = m.end("region") if region else m.end("place")
    return Dateline(place=body[start:end], start=start, end=end, city=city, region=region, story=m.end())


def dateline(body: str) -> tuple[str, tuple[int, int]] | None:
    """The place words of the body's dateline and their character span ("KYIV, Ukraine", (0, 13)), or None."""
    d = read(body)
    return (d.place, (d.start, d.end)) if d else None
