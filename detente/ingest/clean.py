"""The page cleaner: scraped page text with site chrome in, article body and the page's metadata out.

    classify   every line: blank, date, weather, breadcrumb, menu, nav, chrome, byline, caps, domain, prose
    title      a line printed twice near the top, else the first title-like line after the navigation
    header     what precedes the body gives the outlet, section, byline, date (also split: "27 Jun" / "2025")
    dek        a standfirst between the title and a byline/date line
    footer     related links, tags, copyright, trailing tag lines are cut; credits and "©" name byline/outlet
    body       the rest minus inline chrome (captions, "Read more:", ads, share and newsletter lines)

It knows no layout: the phrases are in `data/chrome.toml`, the thresholds below. It never invents a
date: only a line that *is* a date (plus labels and times) above or below the story counts.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from detente.ingest.chrome import CHROME, norm
from detente.ingest.dates import PageDate, parse_date_line

# Thresholds, calibrated on the two seed layouts and the 14 invented layouts in tests/data/ingest/pages.
#: a title has at least this many words (site names and kickers have fewer) ...
TITLE_MIN_WORDS = 3
#: ... and at most this many (a longer line is a paragraph)
TITLE_MAX_WORDS = 35
#: a line of at most this many words in capitals near the top is a site name ("ABCMEDIA")
OUTLET_MAX_WORDS = 5
#: a paragraph that ends like a sentence and has at least this many words is surely article text
STRONG_MIN_WORDS = 8
#: a line this long is article text even without a full stop (seed: one paragraph per line)
LONG_PARAGRAPH_WORDS = 25
#: a standfirst (dek) is at most this long
DEK_MAX_WORDS = 60
#: lines after the last paragraph with at most this many words and no full stop are tags or links
TAG_MAX_WORDS = 8
#: a phrase-matched chrome line longer than this (words) is a paragraph that happens to start alike
CHROME_MAX_WORDS = {"share": 12, "related": 30, "caption": 45, "cookie": 80, "newsletter": 40, "footer": 30, "ad": 12}
#: only the first this many non-blank lines can hold the title (menus rarely run longer)
HEADER_WINDOW = 40
#: hard-wrapped text: every line but a block's last is between these lengths (characters)
WRAP_MIN_CHARS, WRAP_MAX_CHARS = 40, 100

_END_PUNCT = tuple('.!?"”’»)…')
_WEATHER = re.compile(r"^[+−-]?\d{1,2}(?:[.,]\d)?\s*°\s*[cfCF]?\b")
_TIME_AGO = re.compile(r"^(?:\d+|an?|one)\s*(?:min|mins|minutes?|hours?|hrs?|h|days?|weeks?)\s*(?:read|ago)$", re.I)
_COUNTER = re.compile(r"^\d[\d.,]*\s*[kKmM]?\s+(?:comments?|shares?|views?|reads?|reactions?|likes?)$", re.I)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}/?$", re.I)
_CRUMB_SEP = re.compile(r"\s+(?:>|›|»|/|\\)\s+")
_PART_SEP = re.compile(r"\s+[|•·]\s+|\s+[—–]\s+|\s{3,}")
_WORD = re.compile(r"\w[\w'’.-]*")
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*$")
_NAME_JOINERS = frozenset("and & in de van von der al el bin di da la le du of for the staff with".split())
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?\s*", re.I)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_TIME_WORDS = re.compile(r"\b\d{1,2}[:.]\d\d\b")


@dataclass
class Line:
    """One line of the page and what it looks like."""

    text: str
    kind: str
    value: object = None
    words: int = 0


@dataclass
class Page:
    """What the cleaner made of a page."""

    body: str
    title: str | None = None
    outlet: str | None = None
    section: str | None = None
    dek: str | None = None
    byline: str | None = None
    published: date | None = None
    published_text: str | None = None
    dates: list[PageDate] = field(default_factory=list)


def words(text: str) -> int:
    return len(_WORD.findall(text))


def normalise_text(text: str) -> str:
    """Line breaks, invisible characters and odd spaces as the cleaner expects them."""
    text = text.translate(_ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def byline_name(text: str) -> str | None:
    """The people a byline line names ("By Jane Doe", "Jane Doe, Reuters"), or None if it is no byline."""
    line = text.strip().strip("—–-|•· ")
    low = line.casefold()
    for prefix in CHROME.byline_prefixes:
        if low.startswith(prefix):
            rest = line[len(prefix):].strip(" :")
            return rest if _name_like(rest) else None
    m = re.match(r"^(?P<name>[^,|]+?)\s*[,|]\s*(?P<org>[^,|]+)$", line)
    if m and m.group("org").strip().strip(".").casefold() in CHROME.agencies and _name_like(m.group("name"), strict=True):
        return m.group("name").strip()
    return None


def _name_like(text: str, strict: bool = False) -> bool:
    """Whether text reads like names ("Jane Doe and Omar Aliyev, Caspian Wire in Baku"), not a sentence."""
    if not text or text.endswith((".", "!", "?")) and not re.search(r"\b[A-Z]\.$", text):
        return False
    tokens = [t for t in re.split(r"[\s,;/]+", text) if t]
    if not 1 <= len(tokens) <= 14 or (strict and not 2 <= len(tokens) <= 4):
        return False
    names = [t for t in tokens if _NAME_TOKEN.match(t)]
    others = [t for t in tokens if not _NAME_TOKEN.match(t) and t.casefold() not in _NAME_JOINERS]
    return len(names) >= 1 and _NAME_TOKEN.match(tokens[0]) is not None and not others


def _classify_one(text: str) -> Line:
    n = words(text)
    if _WEATHER.match(text):
        return Line(text, "weather", None, n)
    if _TIME_AGO.match(text) or _COUNTER.match(text):
        return Line(text, "chrome", "counter", n)
    chrome = CHROME.kind(text)
    if chrome == "exact":
        return Line(text, "chrome", chrome, n)
    if chrome and n <= CHROME_MAX_WORDS.get(chrome, 30):
        return Line(text, "chrome", chrome, n)
    if text.startswith(("- ", "• ", "» ", "› ")) and n <= TITLE_MAX_WORDS:
        return Line(text, "breadcrumb", [text[2:].strip()], n)
    parts = [p.strip() for p in _CRUMB_SEP.split(text)]
    if len(parts) >= 2 and all(0 < words(p) <= 6 for p in parts) and (CHROME.is_nav(parts[0]) or CHROME.is_nav(parts[1])):
        return Line(text, "breadcrumb", parts, n)
    if CHROME.is_nav(text):
        return Line(text, "nav", text.strip(), n)
    pieces = [p for p in re.split(r"\s*[|•·/]\s*|\s{2,}", text) if p.strip()]
    if len(pieces) >= 2 and all(CHROME.is_nav(p) for p in pieces):
        return Line(text, "menu", pieces, n)
    if n >= 3 and all(CHROME.is_nav(w) for w in text.split()):
        return Line(text, "menu", text.split(), n)
    if _DOMAIN.match(text):
        return Line(text, "domain", text.strip().strip("/"), n)
    name = byline_name(text)
    if name:
        return Line(text, "byline", name, n)
    low = text.casefold()
    for prefix in CHROME.credit_prefixes:
        if low.startswith(prefix) and n <= 30:
            credit = re.split(r";|\.\s", text[len(prefix):])[0].strip(" .")
            return Line(text, "chrome", ("credit", credit), n)
    letters = [c for c in text if c.isalpha()] if n <= OUTLET_MAX_WORDS else []  # a long line is not a caps name
    if letters and all(c.isupper() for c in letters if unicodedata.category(c) != "Lo"):
        return Line(text, "caps", text.strip(), n)
    return Line(text, "prose", None, n)


def classify(lines: list[str]) -> list[Line]:
    """Every line's kind; a date line may take the next line along when it holds the year."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        text = lines[i].strip()
        if not text:
            out.append(Line("", "blank"))
            i += 1
            continue
        nxt = next((lines[j].strip() for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
        found = parse_date_line(text, next_line=nxt)
        if found:
            page_date, used_next = found
            out.append(Line(text, "date", page_date, words(text)))
            i += 1
            if used_next:
                while i < len(lines) and not lines[i].strip():
                    out.append(Line("", "blank"))
                    i += 1
                out.append(Line(lines[i].strip(), "date-part", None, 1))
                i += 1
            continue
        line = _classify_one(text)
        if line.kind in ("prose", "caps") and _PART_SEP.search(text):
            line = _classify_parts(text) or line
        out.append(line)
        i += 1
    return out


def _classify_parts(text: str) -> Line | None:
    """A line like "By Jane Doe | 3 March 2025 | 5 min read": metadata only, each part one thing."""
    parts = [p.strip() for p in _PART_SEP.split(text) if p.strip()]
    if len(parts) < 2:
        return None
    values: list[Line] = []
    for part in parts:
        found = parse_date_line(part)
        piece = Line(part, "date", found[0]) if found else _classify_one(part)
        if piece.kind not in ("date", "byline", "chrome", "nav", "weather", "domain"):
            return None
        values.append(piece)
    return Line(text, "meta", values, words(text))


def _strong(line: Line) -> bool:
    """Surely article text: a sentence of some length, or a long line."""
    if line.kind != "prose":
        return False
    return line.words >= LONG_PARAGRAPH_WORDS or (line.words >= STRONG_MIN_WORDS and line.text.endswith(_END_PUNCT))


def _title_key(text: str) -> str:
    text = re.sub(r"^[-•»›]\s+", "", text.strip())
    return norm(text)


def _title_like(line: Line) -> bool:
    if line.kind not in ("prose", "caps", "breadcrumb") or not TITLE_MIN_WORDS <= line.words <= TITLE_MAX_WORDS:
        return False
    text = line.text.strip()
    return not (text.endswith(".") and not text.endswith("...")) and not _TIME_WORDS.search(text)


def _find_title(lines: list[Line], first_strong: int) -> tuple[int, int] | None:
    """First and last index of the title line: a line printed twice near the top wins; else the first after the menus."""
    window = [i for i, ln in enumerate(lines[:first_strong]) if ln.kind != "blank"][:HEADER_WINDOW]
    seen: dict[str, list[int]] = {}
    for i in window:
        if _title_like(lines[i]):
            seen.setdefault(_title_key(lines[i].text), []).append(i)
    twice = [idx for idx in seen.values() if len(idx) > 1]
    if twice:
        return twice[0][0], twice[0][-1]
    navigation = ("menu", "breadcrumb", "nav", "weather", "domain", "chrome")
    last_nav = max((i for i in window if lines[i].kind in navigation), default=-1)
    after = [i for i in window if i > last_nav and lines[i].kind in ("prose", "caps") and _title_like(lines[i])]
    if after:
        return after[0], after[0]
    anywhere = [i for i in window if lines[i].kind == "prose" and _title_like(lines[i])]
    return (anywhere[0], anywhere[0]) if anywhere else None


class _Meta:
    """What the header and footer say, first finding wins."""

    def __init__(self) -> None:
        self.outlet: str | None = None
        self.section: str | None = None
        self.byline: str | None = None
        self.dates: list[PageDate] = []

    def take(self, line: Line, *, footer: bool = False) -> None:
        if line.kind == "meta":
            for part in line.value:  # type: ignore[attr-defined]
                self.take(part, footer=footer)
        elif line.kind == "date" and isinstance(line.value, PageDate):
            if not footer or line.value.label == "published":
                self.dates.append(line.value)
        elif line.kind == "byline" and not self.byline:
            self.byline = str(line.value)
        elif line.kind == "chrome" and isinstance(line.value, tuple) and line.value[0] == "credit":
            self.byline = self.byline or line.value[1] or None
        elif line.kind == "chrome" and line.value == "footer" and _COPYRIGHT.match(line.text):
            self.outlet = self.outlet or _copyright_holder(line.text)
        elif footer and line.kind == "prose" and "©" in line.text and line.words <= OUTLET_MAX_WORDS + 2:
            holder = line.text.split("©")[0].strip(" |-–—")  # "Sahel Observer © 2024"
            self.outlet = self.outlet or holder or _copyright_holder(line.text)
        elif line.kind == "domain" and not footer:
            self.outlet = self.outlet or str(line.value)

    def published(self) -> PageDate | None:
        for label in ("published", "plain"):
            for d in self.dates:
                if d.label == label:
                    return d
        return None


def _copyright_holder(text: str) -> str | None:
    rest = _COPYRIGHT.sub("", text, count=1)
    rest = re.split(r"\.\s|\s[|•·]\s|all rights reserved", rest, flags=re.I)[0].strip(" .,")
    return rest if rest and words(rest) <= OUTLET_MAX_WORDS and not rest[0].isdigit() else None


def _split_suffix(title: str) -> tuple[str, str | None]:
    """"Talks stall | Analysis" -> ("Talks stall", "Analysis"): a site name or section after a bar."""
    m = re.match(r"^(?P<t>.+?)\s+(?:\||–|—|::)\s+(?P<s>[^|–—]{2,40})$", title)
    if m and words(m.group("s")) <= 4:
        return m.group("t").strip(), m.group("s").strip()
    return title, None


def _header(lines: list[Line], title_at: int | None, meta: _Meta) -> None:
    """Outlet and section from what precedes the title: caps site names, breadcrumbs, kickers."""
    end = title_at if title_at is not None else 0
    title_key = _title_key(lines[title_at].text) if title_at is not None else None
    crumbs: list[str] = []
    for i in range(end):
        line = lines[i]
        meta.take(line)
        if line.kind == "breadcrumb":
            crumbs.extend(p for p in line.value if _title_key(p) != title_key)  # type: ignore[attr-defined]
        elif line.kind == "caps" and not CHROME.is_nav(line.text) and not meta.outlet:
            meta.outlet = line.text.strip()
    crumbs = [c for c in crumbs if norm(c) not in ("home", "homepage", "main", "news")] or crumbs
    if crumbs and not CHROME.is_nav(crumbs[0]) and not meta.outlet:
        meta.outlet = crumbs.pop(0)
    elif crumbs and not CHROME.is_nav(crumbs[0]) and norm(crumbs[0]) == norm(meta.outlet or ""):
        crumbs.pop(0)
    if crumbs:
        meta.section = crumbs[-1]
    nonblank = [i for i in range(end) if lines[i].kind != "blank"]
    if not meta.section and nonblank:
        near = lines[nonblank[-1]]
        if near.kind in ("nav", "caps") and CHROME.is_nav(near.text):
            label = near.text.strip()
            meta.section = label.title() if label.isupper() else label
    if not meta.outlet:
        for i in nonblank:
            line = lines[i]
            if line.kind == "prose" and line.words <= 4 and not line.text.endswith(_END_PUNCT):
                meta.outlet = line.text.strip()
                break
            if line.kind == "prose":
                break


def clean_page(text: str) -> Page:
    """Clean a scraped page: body without chrome, and the metadata the chrome held."""
    raw = normalise_text(text).split("\n")
    lines = classify(raw)
    first_strong = next((i for i, ln in enumerate(lines) if _strong(ln)), len(lines))
    found_title = _find_title(lines, first_strong)
    title_at = found_title[1] if found_title else None
    meta = _Meta()
    _header(lines, found_title[0] if found_title else None, meta)

    title: str | None = None
    title_key = None
    if title_at is not None:
        title, suffix = _split_suffix(re.sub(r"^[-•»›]\s+", "", lines[title_at].text.strip()))
        title_key = _title_key(lines[title_at].text)
        if suffix and CHROME.is_nav(suffix):
            meta.section = meta.section or suffix
        elif suffix and (not meta.outlet or norm(suffix) == norm(meta.outlet)):
            meta.outlet = meta.outlet or suffix
        elif suffix:
            title = f"{title} | {suffix}"

    # between the title and the body: dek, byline, date
    dek: str | None = None
    start = (title_at + 1) if title_at is not None else 0
    body_start = len(lines)
    i = start
    while i < len(lines):
        line = lines[i]
        if line.kind == "prose" and _title_key(line.text) != title_key:
            following = _until_prose(lines, i + 1)
            has_meta = any(ln.kind in ("byline", "date", "meta") for ln in following)
            if dek is None and has_meta and line.words <= DEK_MAX_WORDS and i < first_strong + 1:
                dek = line.text.strip()
            else:
                body_start = i
                break
        elif line.kind not in ("prose",):
            meta.take(line)
        i += 1

    body_end = _body_end(lines, body_start)
    for line in lines[body_end:]:
        meta.take(line, footer=True)
    kept = _body_lines(lines[body_start:body_end], title_key, dek)
    found = meta.published()
    return Page(
        body=_paragraphs(kept),
        title=title,
        outlet=meta.outlet,
        section=meta.section,
        dek=dek,
        byline=meta.byline,
        published=found.value if found else None,
        published_text=found.text if found else None,
        dates=meta.dates,
    )


def _until_prose(lines: list[Line], start: int) -> list[Line]:
    out = []
    for line in lines[start:]:
        if line.kind == "prose":
            break
        out.append(line)
    return out


def _body_end(lines: list[Line], start: int) -> int:
    """Where the article stops: at an end marker (related, tags, ©) or after its last paragraph."""
    end = len(lines)
    seen_text = False
    for i in range(start, len(lines)):
        line = lines[i]
        if line.kind == "prose":
            seen_text = True
        elif seen_text and line.words <= CHROME_MAX_WORDS["footer"] and CHROME.is_end(line.text):
            end = i
            break
    # trailing tag lines and links: short, no full stop
    while end > start:
        line = lines[end - 1]
        if line.kind == "blank" or line.kind != "prose" or (line.words <= TAG_MAX_WORDS and not line.text.endswith(_END_PUNCT)):
            end -= 1
        else:
            break
    return end


def _body_lines(lines: list[Line], title_key: str | None, dek: str | None) -> list[Line]:
    """The body's own lines: inline chrome dropped, blank lines kept as paragraph breaks."""
    keep: list[Line] = []
    for line in lines:
        if line.kind == "blank":
            keep.append(line)
        elif line.kind in ("prose", "caps"):
            if _title_key(line.text) == title_key or (dek and line.text.strip() == dek):
                continue
            keep.append(line)
        else:
            keep.append(Line("", "blank"))  # a dropped line still separates paragraphs
    return keep


def _paragraphs(lines: list[Line]) -> str:
    """Paragraphs separated by a blank line; hard-wrapped blocks are joined back into one paragraph."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.kind == "blank":
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line.text.strip())
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        wrapped = len(block) > 1 and all(WRAP_MIN_CHARS <= len(b) <= WRAP_MAX_CHARS for b in block[:-1]) and len(block[-1]) <= WRAP_MAX_CHARS
        if wrapped:
            paragraphs.append(" ".join(block))
        else:
            paragraphs.extend(block)
    return "\n\n".join(paragraphs)


def clean_body(text: str, *, title: str | None = None, dek: str | None = None) -> Page:
    """Chrome removed from text that is already the main text (HTML, feeds); a leading byline/date is lifted."""
    lines = classify(normalise_text(text).split("\n"))
    end = _body_end(lines, 0)
    start = next((i for i, ln in enumerate(lines[:end]) if ln.kind == "prose" and _title_key(ln.text) != _title_key(title or "")), end)
    meta = _Meta()
    for line in lines[:start]:
        meta.take(line)
    for line in lines[end:]:
        meta.take(line, footer=True)
    found = meta.published()
    body = _paragraphs(_body_lines(lines[start:end], _title_key(title) if title else None, dek))
    return Page(body=body, title=title, outlet=meta.outlet, dek=dek, byline=meta.byline,
                published=found.value if found else None, published_text=found.text if found else None, dates=meta.dates)
