"""Date expressions: the date words of data/dates.toml and the grammar that finds them in a body.

`find_expressions(text)` scans a body once per article: each pattern of the grammar is tried only where a
word it can begin with stands (see `Rule`), which gives what a full `finditer` of every pattern gives at a
fraction of the cost. `detente.events.dates` resolves what it finds to calendar dates.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from spacy.tokens import Doc

#: precisions from fine to coarse; a unit shift needs an anchor at least as fine as the unit
PRECISIONS = ("day", "week", "month", "year", "decade")


# ---------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Anchor:
    """A well-known dated event that other dates are reckoned from."""

    names: tuple[str, ...]
    spans: tuple[tuple[date, date], ...]


@dataclass(frozen=True)
class Vocabulary:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, str]
    unit_modifiers: dict[str, int]
    deictic: dict[str, tuple[str, int, str | None]]
    anaphoric: dict[str, tuple[str, int, str | None]]
    shift_words: dict[str, int]
    year_prepositions: frozenset[str]
    future_markers: frozenset[str]
    anchors: tuple[Anchor, ...]


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("detente.events").joinpath("data", name).read_text("utf-8"))


def _phrases(table: dict[str, Any], name: str) -> dict[str, tuple[str, int, str | None]]:
    out = {}
    for phrase, spec in table.items():
        if spec.get("unit") not in ("day", "week", "month", "year") or not isinstance(spec.get("offset"), int):
            raise ValueError(f"dates.toml [{name}] {phrase!r}: needs unit day|week|month|year and an integer offset")
        if spec.get("bound") not in (None, "before", "after"):
            raise ValueError(f"dates.toml [{name}] {phrase!r}: bound must be before or after")
        out[phrase.lower()] = (spec["unit"], spec["offset"], spec.get("bound"))
    return out


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The date words of data/dates.toml and the named anchors of data/dates_anchors.toml, validated once."""
    d = _read("dates.toml")
    if sorted(set(d["months"].values())) != list(range(1, 13)) or sorted(d["weekdays"].values()) != list(range(7)):
        raise ValueError("dates.toml: [months] must cover 1..12 and [weekdays] 0..6")
    if set(d["units"].values()) - set(PRECISIONS):
        raise ValueError(f"dates.toml [units]: unknown unit in {sorted(set(d['units'].values()))}")
    anchors = []
    for i, a in enumerate(_read("dates_anchors.toml")["anchor"]):
        spans = []
        for text in a["dates"]:
            start, _, end = text.partition("/")
            s, e = date.fromisoformat(start), date.fromisoformat(end or start)
            if e < s:
                raise ValueError(f"dates_anchors.toml anchor {i}: {text} ends before it starts")
            spans.append((s, e))
        if not a.get("names") or not spans:
            raise ValueError(f"dates_anchors.toml anchor {i}: needs names and dates")
        anchors.append(Anchor(tuple(a["names"]), tuple(sorted(spans))))
    return Vocabulary(
        months=dict(d["months"]), weekdays=dict(d["weekdays"]), numbers={k.lower(): v for k, v in d["numbers"].items()},
        units=dict(d["units"]), unit_modifiers=dict(d["unit_modifiers"]),
        deictic=_phrases(d["deictic"], "deictic"), anaphoric=_phrases(d["anaphoric"], "anaphoric"),
        shift_words=dict(d["shift_words"]), year_prepositions=frozenset(d["year_prepositions"]),
        future_markers=frozenset(d["future_markers"]), anchors=tuple(anchors),
    )


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


#: characters outside ASCII that re.IGNORECASE matches to an ASCII letter (found by testing every code point,
#: see tests/test_fast_paths.py); mapped before lower-casing so that a lead word test never misses a match
_CASE_FIXES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_CASE_FIX_CHARS = "\u0130\u0131\u017f\u212a"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Rule:
    """One pattern of the expression grammar and the words a match of it can begin with.

    `leads` are the lower-cased first words of every way a match can start (`digits`: or a word that
    starts with a decimal digit). A word-led rule begins with `\\b` and each of its leading alternatives
    is followed by a non-word character (`\\s+`, `[\\s-]+`, `\\.?\\s+`, `\\b`), so its match starts a word
    that IS a lead; an `anywhere` rule may start inside a word, wherever a lead occurs. The scanner tries
    the pattern only there: the same matches as a full `finditer` (tests/test_fast_paths.py checks it),
    without running the large case-insensitive alternations at every word boundary. A rule whose leads
    cannot be stated (an empty or non-ASCII first word) has `leads=None` and is run over the whole text.
    """

    kind: str
    rx: re.Pattern[str]
    leads: frozenset[str] | None
    digits: bool = False
    anywhere: bool = False


def _leads(words: list[str]) -> frozenset[str] | None:
    out = set()
    for w in words:
        m = _WORD.match(w.lower())
        if m is None or not m.group().isascii():
            return None
        out.add(m.group())
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _patterns() -> list[Rule]:
    """The expression grammar, compiled from the vocabulary; run over the whole body once per article."""
    v = vocabulary()
    months, weekdays, numbers = list(v.months), list(v.weekdays), list(v.numbers)
    mon = rf"(?P<mon>{_alt(months)})\.?"
    wd = rf"(?P<wd>{_alt(weekdays)})"
    num = rf"(?P<n>\d{{1,3}}|{_alt(numbers)})"
    unit = rf"(?P<unit>{_alt(list(v.units))})"
    names = [re.sub(r"^the\s+", "", n, flags=re.I) for a in v.anchors for n in a.names]
    anchor = rf"(?P<anchor>(?:the\s+)?(?:{_alt(names)}))"
    month_mods = ["last", "this", "next", "in", "since", "until", "by", "during", "early", "late", "mid", "of"]
    phase = ["early", "mid", "late"]
    weekday_mods = ["last", "this", "next", "on"]
    rels = ["the", "day", "week", "month", "year", "eve", "morning", "night"]
    # (kind, pattern, the words a match can begin with, whether it can begin with a digit)
    grammar: list[tuple[str, str, list[str], bool]] = [
        ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", [], True),
        ("mdy", rf"\b(?:{wd},?\s+)?{mon}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?", weekdays + months, False),
        ("dmy", rf"\b(?:{wd},?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{mon}(?:,?\s+(?P<y>\d{{4}})\b)?", weekdays, True),
        ("my", rf"\b(?:(?:early|mid|late)[\s-]+)?{mon},?\s+(?P<y>\d{{4}})\b", phase + months, False),
        ("month", rf"\b(?P<mod>{'|'.join(month_mods)})[\s-]+{mon}(?![\w.]|\.?\s*\d)", month_mods, False),
        ("year", r"\b(?P<y>(?:1[89]|20)\d\d)\b(?!['’]?s\b|-\d)", [], True),
        ("decade", r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<y>(?:1[89]|20)\d0)['’]?s\b", ["the", *phase], True),
        ("deictic", rf"\b(?P<p>{_alt(list(v.deictic))})\b", list(v.deictic), False),
        ("anaphoric", rf"\b(?P<p>{_alt(list(v.anaphoric))})\b(?!\s+(?:that|the|a|an|his|her|its|their)\b)", list(v.anaphoric), False),
        ("unit_rel", rf"\b(?P<mod>{_alt(list(v.unit_modifiers))})\s+(?P<unit>week|month|year)\b", list(v.unit_modifiers), False),
        ("weekday", rf"\b(?:(?P<mod>last|this|next|on|on\s+last|on\s+next)\s+)?{wd}\b", weekday_mods + weekdays, False),
        ("ago", rf"\b{num}\s+{unit}\s+ago\b", numbers, True),
        ("shift", rf"\b{num}\s+{unit}\s+(?P<dir>later|earlier|afterwards|after|before)\b(?:\s+{anchor})?", numbers, True),
        ("anchor_rel", rf"\b(?:the\s+)?(?P<rel>day|week|month|year|eve|morning|night)\s+(?P<dir>after|before|of)\s+{anchor}", rels, False),
        ("anchor_at", rf"\b(?P<pre>during|on|at\s+the\s+time\s+of|in\s+the\s+days\s+of)\s+{anchor}", ["during", "on", "at", "in"], False),
    ]
    rules = [Rule(kind, re.compile(rx, re.I), _leads(words), digits) for kind, rx, words, digits in grammar]
    rules.append(Rule("anchor_name", re.compile(anchor, re.I), _leads(["the", *names]), anywhere=True))
    return rules


@functools.lru_cache(maxsize=1 << 16)
def _word_rules(word: str) -> tuple[int, ...]:
    """The word-led rules a (lower-cased) word can begin a match of; cached, as news repeats its words."""
    return tuple(i for i, r in enumerate(_patterns()) if r.leads is not None and not r.anywhere and (
        word in r.leads or (r.digits and word[0].isdecimal())))


def _starts(text: str) -> list[list[int]] | None:
    """For each rule, where in `text` a match of it may start, in order; None when lower-casing moves characters."""
    lowered = (text.translate(_CASE_FIXES) if any(c in text for c in _CASE_FIX_CHARS) else text).lower()
    if len(lowered) != len(text):  # pragma: no cover - only U+0130 lower-cases to two characters, and it is mapped
        return None
    rules = _patterns()
    out: list[list[int]] = [[] for _ in rules]
    for m in _WORD.finditer(lowered):  # the same words at the same places: lower-casing kept every length
        for i in _word_rules(m.group()):
            out[i].append(m.start())
    for i, rule in enumerate(rules):
        if rule.anywhere and rule.leads is not None:
            found: set[int] = set()
            for lead in rule.leads:
                at = lowered.find(lead)
                while at != -1:
                    found.add(at)
                    at = lowered.find(lead, at + 1)
            out[i] = sorted(found)
    return out


def _matches(rule: Rule, text: str, starts: list[int] | None) -> list[re.Match[str]]:
    """Exactly what `rule.rx.finditer(text)` finds (no rule matches the empty string), trying only `starts`."""
    if starts is None or rule.leads is None:
        return list(rule.rx.finditer(text))
    out: list[re.Match[str]] = []
    pos = 0
    for p in starts:
        if p < pos:
            continue
        m = rule.rx.match(text, p)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


# ---------------------------------------------------------------- expressions


@dataclass
class Expr:
    """One date expression of the body: its kind, the parts it names and where it is."""

    kind: str
    start: int
    end: int
    text: str
    parts: dict[str, Any] = field(default_factory=dict)


def find_expressions(text: str, doc: Doc | None = None) -> list[Expr]:
    """Every date expression of `text`, longest first where they overlap, in text order."""
    v = vocabulary()
    flat = text.replace("’", "'")
    starts = _starts(flat)
    found: list[Expr] = []
    for i, rule in enumerate(_patterns()):
        kind = rule.kind
        for m in _matches(rule, flat, starts[i] if starts is not None else None):
            g = {k: val for k, val in m.groupdict().items() if val is not None}
            if "mon" in g and not g["mon"][0].isupper() or "wd" in g and not g["wd"][0].isupper():
                continue  # "may", "march", "sat": words, not dates
            if kind == "year" and not _reads_as_year(flat, m.start(), doc):
                continue
            if kind == "shift" and g["dir"].lower() in ("after", "before") and "anchor" not in g \
                    and not re.match(r"\s*(?:[,.;:)\u2013\u2014-]|$|and\b|when\b)", flat[m.end():]):
                continue  # "two days after the vote": reckoned from an event we cannot date
            parts: dict[str, Any] = {}
            if "mon" in g:
                parts["month"] = v.months[next(k for k in v.months if k.lower() == g["mon"].lower())]
            if "wd" in g:
                parts["weekday"] = v.weekdays[next(k for k in v.weekdays if k.lower() == g["wd"].lower())]
            for key in ("y", "m", "d"):
                if key in g:
                    parts[key] = int(g[key])
            if "n" in g:
                parts["n"] = int(g["n"]) if g["n"].isdigit() else v.numbers[re.sub(r"\s+", " ", g["n"].lower())]
            if "unit" in g:
                parts["unit"] = v.units.get(g["unit"].lower(), g["unit"].lower())
            for key in ("mod", "dir", "rel", "pre", "p"):
                if key in g:
                    parts[key] = re.sub(r"\s+", " ", g[key].lower())
            if "anchor" in g:
                parts["anchor"] = _anchor_for(g["anchor"])
            found.append(Expr(kind, m.start(), m.end(), text[m.start():m.end()], parts))
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Expr] = []
    for e in found:
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    return [e for e in kept if e.kind != "anchor_name"]  # a bare named event blocks overlaps, dates nothing


def _reads_as_year(text: str, start: int, doc: Doc | None) -> bool:
    before = re.search(r"([\w'-]+)\W{0,2}$", text[max(0, start - 20):start])
    if before and before.group(1).lower() in vocabulary().year_prepositions:
        return True
    if doc is not None:
        span = doc.char_span(start, start + 4)
        return span is not None and span[0].ent_type_ == "DATE"
    return False


def _anchor_for(name: str) -> Anchor:
    key = re.sub(r"^the\s+", "", re.sub(r"\s+", " ", name.replace("’", "'")), flags=re.I).lower()
    for a in vocabulary().anchors:
        if any(re.sub(r"^the\s+", "", n, flags=re.I).lower() == key for n in a.names):
            return a
    raise KeyError(name)  # pragma: no cover - the pattern only matches listed names
