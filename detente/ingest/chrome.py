"""What site chrome looks like: the phrases of `data/chrome.toml`, loaded once and validated.

The cleaner asks `CHROME.kind(line)` which kind of chrome a line is (menu, share, caption, ...),
so that new layouts are taught by editing the data file, not the code.
"""
from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

#: the prefix groups of chrome.toml, in the order they are tried; each is also the kind reported
PREFIX_KINDS = ("share", "related", "caption", "cookie", "newsletter", "footer", "ad")

_STRIP = " \t\u00a0-–—•·|>»›:*#"


def norm(line: str) -> str:
    """A line as the phrase lists are written: NFKC, lower case, outer punctuation and spaces gone."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", line)).strip(_STRIP).casefold()


#: a caption's credit at the end of its line, not in brackets: a capitalised label and a name, glued to the caption
#: or not ("... Notre Dame. Image: Remi Mathis.", "... the Abraham AccordsImage: The White House.")
_TRAILING_CREDIT = re.compile(r"(?:Image|Photo|Picture|Photograph|Photo credit|Credit)s?:\s*[^\s:][^:]{0,80}$")


@dataclass(frozen=True)
class Chrome:
    """The phrase lists, as sets and tuples ready for matching."""

    nav_words: frozenset[str]
    exact: frozenset[str]
    end: frozenset[str]
    credits: frozenset[str]
    prefixes: dict[str, tuple[str, ...]]
    byline_prefixes: tuple[str, ...]
    credit_prefixes: tuple[str, ...]
    agencies: frozenset[str]
    published_labels: tuple[str, ...]
    updated_labels: tuple[str, ...]
    weekdays: frozenset[str]
    date_filler: frozenset[str]
    months: dict[str, int]

    @property
    def month_names(self) -> list[str]:
        return list(self.months)

    def month_number(self, name: str) -> int | None:
        return self.months.get(name.lower().rstrip("."))

    def kind(self, line: str) -> str | None:
        """Which kind of chrome a whole line is, or None when it is not chrome by phrase."""
        text = norm(line)
        if not text:
            return None
        if text in self.exact:
            return "exact"
        plain = unicodedata.normalize("NFKC", line).strip()
        low = plain.casefold()
        credit = re.search(r"\(([^()]{3,120})\)$", low) or re.search(r"(?:/|\bvia\s)([\w .-]{2,40})$", low)
        if credit and set(re.findall(r"[a-z]+", credit.group(1))) & self.credits:
            return "caption"
        if _TRAILING_CREDIT.search(plain):
            return "caption"  # "Fire in the frame of Notre Dame. Image: A. Photographer.", "... AccordsImage: The White House."
        for kind, starts in self._prefix_patterns:
            if starts.match(low) or starts.match(text):
                return kind
        return None

    @functools.cached_property
    def _prefix_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """Per kind, one pattern matching at the start of a line when any of its prefixes begins the line."""
        return tuple((kind, re.compile("|".join(re.escape(p) for p in self.prefixes[kind])))
                     for kind in PREFIX_KINDS if self.prefixes[kind])

    def is_nav(self, text: str) -> bool:
        return norm(text) in self.nav_words

    def is_end(self, line: str) -> bool:
        """Whether nothing after this line belongs to the article (related links, comments, tags)."""
        return norm(line) in self.end or self.kind(line) == "footer"


def _strings(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"chrome.toml: [{where}] {key} must be a non-empty list of strings")
    return [v.casefold() for v in value]


def load(text: str | None = None) -> Chrome:
    """Parse and validate chrome.toml (or `text` in its format)."""
    if text is None:
        text = resources.files("detente.ingest").joinpath("data/chrome.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    for section in ("nav", "exact", "caption", "end", "prefix", "byline", "dates", "months"):
        if not isinstance(data.get(section), dict):
            raise ValueError(f"chrome.toml: missing section [{section}]")
    months: dict[str, int] = {}
    for number in data["months"]:
        if not number.isdigit() or not 1 <= int(number) <= 12:
            raise ValueError(f"chrome.toml: [months] key {number!r} is not a month number")
        for name in _strings(data["months"], number, "months"):
            months[name.rstrip(".")] = int(number)
    if len(set(months.values())) != 12:
        raise ValueError("chrome.toml: [months] must name all twelve months")
    prefix = data["prefix"]
    missing = [k for k in PREFIX_KINDS if k not in prefix]
    if missing:
        raise ValueError(f"chrome.toml: [prefix] lacks {', '.join(missing)}")
    return Chrome(
        nav_words=frozenset(_strings(data["nav"], "words", "nav")),
        exact=frozenset(_strings(data["exact"], "lines", "exact")),
        end=frozenset(_strings(data["end"], "lines", "end")),
        credits=frozenset(_strings(data["caption"], "credits", "caption")),
        prefixes={k: tuple(_strings(prefix, k, "prefix")) for k in PREFIX_KINDS},
        byline_prefixes=tuple(_strings(data["byline"], "prefixes", "byline")),
        credit_prefixes=tuple(_strings(data["byline"], "credit_prefixes", "byline")),
        agencies=frozenset(_strings(data["byline"], "agencies", "byline")),
        published_labels=tuple(_strings(data["dates"], "published_labels", "dates")),
        updated_labels=tuple(_strings(data["dates"], "updated_labels", "dates")),
        weekdays=frozenset(_strings(data["dates"], "weekdays", "dates")),
        date_filler=frozenset(_strings(data["dates"], "filler", "dates")),
        months=months,
    )


CHROME = load()
