"""Reads the dates a page prints about itself ("Published: 3 March 2025 14:05 GMT", "27 Jun" / "2025").

Only a line that is a date (plus labels, times, zones and separators) counts: a date inside a
sentence of the story is an event's date, not the page's, and is never taken for `published`.
Ambiguous numeric dates (03/04/2025) are refused rather than guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from detente.ingest.chrome import CHROME

#: earliest year a news page's own date may have; older ones are misreads (calibrated: the
#: oldest pages in Common Crawl's news crawl are from the 1990s)
MIN_YEAR = 1990
#: how far in the future a page date may lie (time zones, scheduled posts)
MAX_FUTURE_DAYS = 2

_MONTH = "|".join(sorted((re.escape(name) for name in CHROME.month_names), key=len, reverse=True))
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_MON = rf"(?P<m>{_MONTH})\.?"

#: the date forms a page prints, each a regex matched anywhere in a candidate line
_PATTERNS = [
    re.compile(rf"(?<![\w-]){_YEAR}-(?P<mo>[01]?\d)-(?P<d>[0-3]?\d)(?![\d])", re.I),  # ISO 2025-03-03
    re.compile(rf"(?<![\w/]){_YEAR}/(?P<mo>[01]?\d)/(?P<d>[0-3]?\d)(?![\d/])", re.I),  # 2025/03/03
    re.compile(rf"(?<![\w.]){_DAY}\s*(?:de\s+)?{_MON}\s*,?\s*(?:de\s+)?{_YEAR}(?!\d)", re.I),  # 3 March 2025
    re.compile(rf"(?<![\w]){_MON}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),  # March 3, 2025
    re.compile(rf"(?<![\w.]){_DAY}\s*{_MON}(?![\w])", re.I),  # 27 Jun (year on the next line)
    re.compile(rf"(?<![\w]){_MON}\s+{_DAY}(?![\w])", re.I),  # Jun 27 (year on the next line)
    re.compile(r"(?<![\w./])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d])"),  # 3.3.2025
]
_YEAR_ONLY = re.compile(rf"^\s*{_YEAR}\s*$")
_TIME = re.compile(r"\b\d{1,2}[:.h]\d\d(?::\d\d)?(?:\s*[ap]\.?m\.?)?\b|\b\d{1,2}\s*[ap]\.?m\.?\b|\bT\d\d:\d\d\S*", re.I)
_ZONE = re.compile(r"(?:\bUTC|\bGMT)?\s*[+−-]\s*\d{1,2}(?::?\d\d)?\b|\bZ\b")
_WORD = re.compile(r"[^\W\d_]+(?:[.'][^\W\d_]+)*\.?", re.U)
_SEPARATORS = re.compile(r"[|•·/,;:()\[\]—–\-]+")


@dataclass(frozen=True)
class PageDate:
    """A date the page prints about itself, and how it is labelled."""

    value: date
    label: str  # published | updated | plain
    text: str


def _valid(year: int, month: int, day: int, today: date) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if year < MIN_YEAR or value > today + timedelta(days=MAX_FUTURE_DAYS):
        return None
    return value


def _from_match(m: re.Match[str], today: date, year: int | None = None) -> date | None:
    groups = m.groupdict()
    y = int(groups["y"]) if groups.get("y") else year
    if y is None:
        return None
    if groups.get("mo"):
        return _valid(y, int(groups["mo"]), int(groups["d"]), today)
    if groups.get("m"):
        month = CHROME.month_number(groups["m"])
        return _valid(y, month, int(groups["d"]), today) if month else None
    a, b = int(groups["a"]), int(groups["b"])
    if groups.get("sep") == ".":  # 3.3.2025 is day-first wherever dots are used
        return _valid(y, b, a, today)
    if a > 12 >= b:
        return _valid(y, b, a, today)
    if b > 12 >= a:
        return _valid(y, a, b, today)
    return None  # 03/04/2025: could be either; never guess


def _rest_is_filler(line: str, span: tuple[int, int]) -> tuple[bool, str]:
    """Whether what the line holds besides the date is only labels, times and separators; and the label."""
    rest = line[: span[0]] + " " + line[span[1]:]
    rest = _ZONE.sub(" ", _TIME.sub(" ", rest))
    label = "plain"
    lowered = " " + _SEPARATORS.sub(" ", rest.lower()) + " "
    for name, labels in (("updated", CHROME.updated_labels), ("published", CHROME.published_labels)):
        for lab in sorted(labels, key=len, reverse=True):
            if f" {lab} " in lowered:
                lowered = lowered.replace(f" {lab} ", " ")
                label = name if label == "plain" else label
    words = [w.lower().rstrip(".") for w in _WORD.findall(lowered)]
    ok = all(w in CHROME.date_filler or w in CHROME.weekdays or w.isdigit() for w in words)
    return ok and not re.search(r"\d{3,}", re.sub(r"\b(?:19|20)\d\d\b", "", _SEPARATORS.sub(" ", rest))), label


def parse_date_line(line: str, today: date | None = None, next_line: str | None = None) -> tuple[PageDate, bool] | None:
    """The page date a whole line states, and whether it used `next_line` (a year printed on its own).

    Returns None when the line is a sentence that merely contains a date.
    """
    today = today or date.today()
    text = line.strip()
    if not text or len(text) > 90:
        return None
    for i, pattern in enumerate(_PATTERNS):
        m = pattern.search(text)
        if not m:
            continue
        ok, label = _rest_is_filler(text, m.span())
        if not ok:
            return None
        needs_year = i in (4, 5)
        if needs_year:
            ym = _YEAR_ONLY.match(next_line or "")
            if not ym:
                return None
            value = _from_match(m, today, int(ym.group("y")))
            return (PageDate(value, label, f"{text} {ym.group('y')}"), True) if value else None
        value = _from_match(m, today)
        return (PageDate(value, label, text), False) if value else None
    return None


def date_in_url(url: str | None, today: date | None = None) -> date | None:
    """A date printed in a URL path (/2025/03/03/ or /2025-03-03-slug); a year-month alone is not a day."""
    if not url:
        return None
    today = today or date.today()
    m = re.search(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:[/_-]|\.html?|$)", url)
    if not m:
        m = re.search(r"[/_-]((?:19|20)\d\d)([01]\d)([0-3]\d)(?:[/_-]|\.html?|$)", url)
    if not m:
        return None
    return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)


def parse_iso_or_text(value: object, today: date | None = None) -> date | None:
    """A date from an input field (JSONL `published`): ISO date or datetime, or a printed date."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    today = today or date.today()
    m = re.match(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)", text)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)
    found = parse_date_line(text, today)
    return found[0].value if found else None
