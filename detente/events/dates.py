"""When an event happened: find the date expression that governs a trigger and resolve it to a DateSpan.

Conventions (what a careful reader of a news article would assume, never more):

- The *reference day* ("now") is the publication date. With no publication date, it is the article's
  current anchor (below), so "last month" in an undated article narrating January 2025 is December
  2024; with neither, deictic expressions ("yesterday", "on Friday") resolve to None.
- "on Friday" / "Friday" is the most recent Friday on or before the reference day, or the next one on
  or after it when the governing verb is future ("will meet on Friday"); "last Friday" is strictly
  before, "next Friday" strictly after, "this Friday" in the reference day's Monday-Sunday week.
- "last week" is the Monday-Sunday week before the reference day's week (precision week); "earlier this
  month" runs from the first of the month to the reference day.
- The *anchor* is the latest date resolved so far in text order: every date expression of the article
  up to the one asked about is resolved in order, whether or not an event was found in its sentence.
  "two days later", "the next day", "a week earlier" shift the latest anchor at least as precise as
  their unit (a day shift needs a day anchor, so a background "in the 1990s" never breaks a chain).
  The extractor may also `set_anchor()` for an event it dated by other means.
- A month and day with no year ("December 11", "the January 21 statement") takes its year, in order,
  from a coarser expression beside it ("last month, on December 11"), from a day/week/month anchor of
  the last ANCHOR_SCOPE_SENTENCES sentences (the occurrence nearest the anchor; any distance when the
  article has no publication date), from the publication date (the most recent on or before it, or the
  next one for a future verb), or, in an undated article, from a year-precision anchor. Else None.
- Named events ("a day after Trump's inauguration") come from data/dates_anchors.toml; one with
  several occurrences takes the latest on or before publication, or, undated, the one nearest the
  latest year written in the article, or the latest known.
- Anything else is None: "two days after the vote", "a few days later", "recently".
"""
from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span, Token

from detente import nlp
from detente.events import tree as _tree
from detente.events.date_expressions import PRECISIONS, Anchor, Expr, Vocabulary, find_expressions, vocabulary
from detente.model import DateSpan

__all__ = ["PRECISIONS", "RANK", "Anchor", "DateResolver", "Expr", "Group", "Vocabulary", "find_expressions", "shift",
           "span_of", "vocabulary"]

#: a unit shift needs an anchor at least as fine as the unit
RANK = {p: i for i, p in enumerate(PRECISIONS)}

#: a bare "December 11" follows a dated anchor only this many sentences back when the publication
#: date is known (else it is the most recent Dec 11 before publication). Three covers the
#: "On Monday X ... The day after Y ... Two days later Z" narrations in our test articles without
#: letting a background paragraph about 2019 capture a dateline two paragraphs later.
ANCHOR_SCOPE_SENTENCES = 3
#: a fronted date ("Last month, on December 11, X ...") starts within this many tokens of its sentence
#: and governs the whole sentence even where the parse attaches it elsewhere
SENTENCE_INITIAL_TOKENS = 3
#: dependency labels of a clause that the date may sit in without governing triggers outside it
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "parataxis", "conj", "xcomp", "pcomp"})


#: prepositions of a time adverbial that is not a date ("during the recent clash")
TIME_PREPOSITIONS = frozenset({"during", "amid", "after", "before", "since", "following", "until"})


# ---------------------------------------------------------------- calendar arithmetic


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def span_of(day: date, precision: str, text: str = "") -> DateSpan:
    """The whole day/week/month/year/decade that contains `day`."""
    if precision == "day":
        return DateSpan(day, day, "day", text)
    if precision == "week":
        monday = day - timedelta(days=day.weekday())
        return DateSpan(monday, monday + timedelta(days=6), "week", text)
    if precision == "month":
        return DateSpan(*_month_span(day.year, day.month), "month", text)
    if precision == "year":
        return DateSpan(date(day.year, 1, 1), date(day.year, 12, 31), "year", text)
    y0 = day.year - day.year % 10
    return DateSpan(date(y0, 1, 1), date(y0 + 9, 12, 31), "decade", text)


def shift(base: DateSpan, n: int, unit: str, text: str = "") -> DateSpan | None:
    """`base` moved by n units, as precise as the unit allows; None when the base is coarser than the unit."""
    if RANK[base.precision] > RANK[unit]:
        return None
    pivot = base.end if n > 0 else base.start
    try:
        if unit in ("day", "week"):
            return span_of(pivot + timedelta(days=n * (7 if unit == "week" else 1)), unit, text)
        if unit == "month":
            k = pivot.year * 12 + pivot.month - 1 + n
            return span_of(date(k // 12, k % 12 + 1, 1), "month", text)
        return span_of(date(pivot.year + n * (10 if unit == "decade" else 1), 1, 1), unit, text)
    except (ValueError, OverflowError):
        return None


def _period(start: date, end: date, text: str) -> DateSpan:
    days = (end - start).days
    precision = "day" if days == 0 else "week" if days < 7 else "month" if days < 31 else "year" if days < 366 else "decade"
    return DateSpan(start, end, precision, text)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# ---------------------------------------------------------------- expressions


@dataclass
class Group:
    """Adjacent expressions that name one date ("last month, on December 11"); resolved together."""

    exprs: list[Expr]
    sent_index: int
    root: Token
    future: bool
    result: DateSpan | None = None
    done: bool = False

    @property
    def start(self) -> int:
        return self.exprs[0].start

    @property
    def end(self) -> int:
        return self.exprs[-1].end


_GAP = re.compile(r"^\s*[,(]?\s*(?:on|in|at)?\s*$", re.I)


# ---------------------------------------------------------------- the resolver


class DateResolver:
    """Dates the events of one article, in text order; see the module docstring for the conventions."""

    def __init__(self, published: date | None) -> None:
        self.published = published
        self._doc: Doc | None = None
        self._text = ""  # doc.text, which spaCy rebuilds from the tokens on every access
        self._sent_starts: list[int] = [0]
        self._groups: list[Group] = []
        self._group_starts: list[int] = []
        self._manual: list[tuple[int, DateSpan]] = []
        self._years: list[int] = []
        self._pos = 0

    # -- public API
    def resolve(self, sent: Span, trigger: Token) -> DateSpan | None:
        """The date of the event `trigger` names in `sent`, or None when the text does not say."""
        self._prepare(sent.doc)
        self._pos = trigger.idx
        group = self._governing(sent, trigger)
        if group is None:
            return None
        self._resolve_upto(group)
        return group.result

    @property
    def anchor(self) -> DateSpan | None:
        """The latest date resolved at or before the last trigger asked about."""
        if self._doc is None:
            return None
        pending = [g for g in self._groups if g.start <= self._pos]
        if pending:
            self._resolve_upto(pending[-1])
        found = self._anchors(self._pos + 1)
        return found[-1][2] if found else None

    def set_anchor(self, span: DateSpan) -> None:
        """Make `span` the anchor from the last trigger on (an event the extractor dated by other means)."""
        self._manual.append((self._pos, span))
        for g in self._groups:
            if g.start > self._pos:
                g.done, g.result = False, None

    # -- preparing one article
    def _prepare(self, doc: Doc) -> None:
        if doc is self._doc:
            return
        if self._doc is not None:  # a new article: forget the last one's anchors (set_anchor before the first call stays)
            self._manual = []
        self._doc, self._pos = doc, 0
        self._text = text = nlp.text(doc)
        exprs = find_expressions(text, doc)
        self._sent_starts = sent_starts = _sentence_starts(doc)
        groups: list[list[Expr]] = []
        for e in exprs:
            if groups and _GAP.match(text[groups[-1][-1].end:e.start]) and \
                    _sent_index(sent_starts, e.start) == _sent_index(sent_starts, groups[-1][-1].start):
                groups[-1].append(e)
            else:
                groups.append([e])
        self._groups = []
        for g in groups:
            span = doc.char_span(g[0].start, g[-1].end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            self._groups.append(Group(g, _sent_index(sent_starts, g[0].start), span.root, self._is_future(span.root)))
        self._group_starts = [g.start for g in self._groups]
        self._years = [e.parts["y"] for g in self._groups for e in g.exprs if "y" in e.parts]

    def _is_future(self, root: Token) -> bool:
        markers = vocabulary().future_markers
        tok, hops = root, 0
        while hops < 4:
            if tok.lower_ in markers or any(c.lower_ in markers and c.dep_ in ("aux", "amod", "advmod", "auxpass") for c in tok.children):
                return True
            if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
                return False
            tok, hops = tok.head, hops + 1
        return False

    # -- which expression governs a trigger
    def _governing(self, sent: Span, trigger: Token) -> Group | None:
        lo = bisect.bisect_left(self._group_starts, sent.start_char)
        candidates = self._groups[lo:bisect.bisect_left(self._group_starts, sent.end_char, lo)]
        best: tuple[int, int] | None = None
        chosen = None
        for g in candidates:
            if g.start <= trigger.idx < g.end:
                return g  # the trigger is inside the expression ("the 2020 war")
            d = _governs(g.root, trigger)
            if d is None:
                continue
            key = (d, abs(g.root.i - trigger.i))
            if best is None or key < best:
                best, chosen = key, g
        if chosen is None and candidates and not _own_time(trigger):
            g = candidates[0]
            lead = sent.doc.char_span(sent.start_char, g.start, alignment_mode="expand")
            fronted = re.match(r"\s*,", self._text[g.end:g.end + 3]) is not None
            if fronted and (lead is None or len(lead) <= SENTENCE_INITIAL_TOKENS):
                chosen = g
        return chosen

    # -- resolving in text order
    def _resolve_upto(self, target: Group) -> None:
        for g in self._groups:
            if not g.done:
                g.result, g.done = self._resolve_group(g), True
            if g is target:
                return

    def _anchors(self, before: int) -> list[tuple[int, int, DateSpan]]:
        """(position, sentence index, date) of every date resolved before char `before`, in text order."""
        out = [(g.start, 1, g.sent_index, g.result) for g in self._groups if g.done and g.result is not None and g.start < before]
        out += [(p, 0, _sent_index(self._sent_starts, p), s) for p, s in self._manual if p <= before]
        # at one position a manual anchor comes first: it was set for the text from there on
        return [(p, i, s) for p, _order, i, s in sorted(out, key=lambda t: (t[0], t[1]))]

    def _anchor(self, g: Group, finest: str = "decade", scope: int | None = None) -> DateSpan | None:
        for _pos, sent_index, span in reversed(self._anchors(g.start)):
            if scope is not None and g.sent_index - sent_index > scope:
                return None
            if RANK[span.precision] <= RANK[finest]:
                return span
        return None

    def _reference(self, g: Group, unit: str) -> DateSpan | None:
        """'Now' for deictic words: the publication day, or in an undated article the current anchor."""
        if self.published is not None:
            return DateSpan(self.published, self.published, "day")
        return self._anchor(g, unit)

    def _resolve_group(self, g: Group) -> DateSpan | None:
        frame: DateSpan | None = None
        result: DateSpan | None = None
        for e in sorted(g.exprs, key=_coarseness):
            r = self._resolve_expr(e, g, frame)
            if r is None:
                continue
            if frame is not None and (r.end < frame.start or r.start > frame.end):
                continue  # "last month, on March 3" where the parts disagree: keep the frame
            frame = result = r
        if result is None:
            return None
        return DateSpan(result.start, result.end, result.precision, self._text[g.start:g.end])

    def _resolve_expr(self, e: Expr, g: Group, frame: DateSpan | None) -> DateSpan | None:
        p, k = e.parts, e.kind
        if k == "iso" or (k in ("mdy", "dmy") and "y" in p):
            day = _safe_date(p["y"], p.get("m", p.get("month", 0)), p["d"])
            return DateSpan(day, day, "day") if day else None
        if k == "my":
            return DateSpan(*_month_span(p["y"], p["month"]), "month")
        if k == "year":
            return span_of(date(p["y"], 1, 1), "year")
        if k == "decade":
            return span_of(date(p["y"], 1, 1), "decade")
        if k in ("mdy", "dmy"):
            return self._month_day(g, frame, p["month"], p["d"])
        if k == "month":
            return self._bare_month(g, frame, p["month"], p["mod"])
        if k == "weekday":
            mod = p.get("mod", "on").split()[-1]
            return self._weekday(g, frame, p["weekday"], None if mod == "on" else mod)
        if k == "deictic":
            unit, offset, bound = vocabulary().deictic[p["p"]]
            ref = self._reference(g, unit)
            moved = shift(ref, offset, unit) if ref else None
            if moved is None or ref is None:
                return None
            if bound == "before":
                return DateSpan(moved.start, ref.end, unit)
            return DateSpan(ref.start, moved.end, unit) if bound == "after" else moved
        if k == "unit_rel":
            ref = self._reference(g, p["unit"])
            return shift(ref, vocabulary().unit_modifiers[p["mod"]], p["unit"]) if ref else None
        if k == "ago":
            ref = self._reference(g, p["unit"])
            return shift(ref, -p["n"], p["unit"]) if ref else None
        if k == "anaphoric":
            unit, offset, _ = vocabulary().anaphoric[p["p"]]
            base = self._anchor(g, unit)
            return shift(base, offset, unit) if base else None
        if k == "shift":
            sign = vocabulary().shift_words[p["dir"]]
            base = self._named(p["anchor"]) if "anchor" in p else self._anchor(g, p["unit"])
            return shift(base, sign * p["n"], p["unit"]) if base else None
        if k == "anchor_rel":
            base = self._named(p["anchor"])
            if base is None:
                return None
            if p["rel"] in ("eve",):
                return shift(DateSpan(base.start, base.start, "day"), -1, "day")
            if p["dir"] == "of":
                return DateSpan(base.start, base.start, "day")
            unit = p["rel"] if p["rel"] in ("day", "week", "month", "year") else "day"
            return shift(base, 1 if p["dir"] == "after" else -1, unit)
        if k == "anchor_at":
            return self._named(p["anchor"])
        return None  # pragma: no cover - every pattern kind is handled above

    def _named(self, anchor: Anchor) -> DateSpan | None:
        spans = list(anchor.spans)
        if self.published is not None:
            spans = [s for s in spans if s[0] <= self.published]
        elif self._years and len(spans) > 1:
            latest = max(self._years)
            spans = [min(spans, key=lambda s: (abs(s[0].year - latest), -s[0].toordinal()))]
        return _period(*spans[-1], "") if spans else None

    def _pick(self, g: Group, frame: DateSpan | None, candidates: list[DateSpan]) -> DateSpan | None:
        """The occurrence of a yearless date that the frame, the anchor or the publication date points at."""
        if frame is not None:
            inside = [c for c in candidates if frame.start <= c.start and c.end <= frame.end]
            return inside[0] if len(inside) == 1 else None
        scope = ANCHOR_SCOPE_SENTENCES if self.published is not None else None
        anchor = self._anchor(g, "month", scope)
        if anchor is not None:
            allowed = [c for c in candidates if g.future or self.published is None or c.start <= self.published] or candidates
            return min(allowed, key=lambda c: abs((c.start - anchor.start).days))
        if self.published is not None:
            if g.future:
                after = [c for c in candidates if c.end >= self.published]
                return after[0] if after else None
            before = [c for c in candidates if c.start <= self.published]
            return before[-1] if before else None
        year_anchor = self._anchor(g, "year")
        if year_anchor is not None and year_anchor.precision == "year":
            same = [c for c in candidates if c.start.year == year_anchor.start.year]
            return same[0] if same else None
        return None

    def _years_around(self, g: Group, frame: DateSpan | None) -> range:
        refs = [r for r in (frame, self._anchor(g), DateSpan(self.published, self.published, "day") if self.published else None) if r]
        if not refs:
            return range(0)
        return range(min(r.start.year for r in refs) - 1, max(r.end.year for r in refs) + 2)

    def _month_day(self, g: Group, frame: DateSpan | None, month: int, day: int) -> DateSpan | None:
        cands = [DateSpan(d, d, "day") for y in self._years_around(g, frame) if (d := _safe_date(y, month, day))]
        return self._pick(g, frame, cands)

    def _bare_month(self, g: Group, frame: DateSpan | None, month: int, mod: str) -> DateSpan | None:
        if mod in ("last", "next", "this"):
            ref = self._reference(g, "month")
            if ref is None:
                return None
            k = ref.start.year * 12 + ref.start.month - 1
            years = range(ref.start.year - 1, ref.start.year + 2)
            cands = [DateSpan(*_month_span(y, month), "month") for y in years]
            if mod == "last":
                prior = [c for c in cands if c.start.year * 12 + c.start.month - 1 < k]
                return prior[-1] if prior else None
            if mod == "next":
                later = [c for c in cands if c.start.year * 12 + c.start.month - 1 > k]
                return later[0] if later else None
            return DateSpan(*_month_span(ref.start.year, month), "month")
        cands = [DateSpan(*_month_span(y, month), "month") for y in self._years_around(g, frame)]
        return self._pick(g, frame, cands)

    def _weekday(self, g: Group, frame: DateSpan | None, weekday: int, mod: str | None) -> DateSpan | None:
        if frame is not None:
            days = [frame.start + timedelta(days=i) for i in range((frame.end - frame.start).days + 1)]
            hits = [d for d in days if d.weekday() == weekday]
            return DateSpan(hits[0], hits[0], "day") if len(hits) == 1 else None
        ref = self._reference(g, "day")
        if ref is None:
            return None
        now = ref.start
        back = (now.weekday() - weekday) % 7
        ahead = (weekday - now.weekday()) % 7
        if mod == "last":
            day = now - timedelta(days=back or 7)
        elif mod == "next":
            day = now + timedelta(days=ahead or 7)
        elif mod == "this":
            day = now - timedelta(days=now.weekday()) + timedelta(days=weekday)
        else:
            day = now + timedelta(days=ahead) if g.future else now - timedelta(days=back)
        return DateSpan(day, day, "day")


def _coarseness(e: Expr) -> int:
    """Coarse parts of a group resolve first and frame the finer ones."""
    if e.kind in ("year", "my", "unit_rel") or (e.kind == "deictic" and vocabulary().deictic[e.parts["p"]][0] != "day"):
        return 0
    if e.kind == "decade":
        return -1
    return 1


def _sent_index(starts: list[int], pos: int) -> int:
    return max(bisect.bisect_right(starts, pos) - 1, 0)


def _own_time(trigger: Token) -> bool:
    """Whether the trigger's clause has a time adverbial of its own ("during the clash"), so no fronted date."""
    for t in _path(trigger):
        if any(c.dep_ == "prep" and c.lower_ in TIME_PREPOSITIONS for c in t.children):
            return True
        if t.dep_ not in ("conj", "xcomp", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "nsubj", "compound", "amod"):
            return False
    return False


def _path(tok: Token) -> list[Token]:
    out = [tok]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def _governs(root: Token, trigger: Token) -> int | None:
    """Tree distance from a date to a trigger, or None when the date sits in a clause the trigger is not in.

    A conjoined verb inherits its neighbour's date ("visited Baku on Monday and met Aliyev") unless it
    has a time adverbial of its own ("... in 2023 and backing Pakistan during the recent clash").
    """
    up_trigger = _path(trigger)
    index = {t.i: n for n, t in enumerate(up_trigger)}
    for n, tok in enumerate(_path(root)):
        if tok.i in index:
            own = [t for t in up_trigger[:index[tok.i]] if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")]
            if any(c.dep_ == "prep" and c.lower_ in TIME_PREPOSITIONS for t in own for c in t.children):
                return None
            return n + index[tok.i]
        if tok.dep_ in CLAUSE_DEPS and tok.pos_ in ("VERB", "AUX") and not (tok.dep_ == "acl" and tok.head.i == trigger.i):
            return None
    return None


def _sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where the doc's sentences start: `[s.start_char for s in doc.sents]`, from the sentences
    the events stage has read already (tree.py), else from the token arrays."""
    if not len(doc):
        return [0]
    tree = _tree.of(doc)
    if not tree.hooked and doc.has_annotation("SENT_START"):  # the sentences the events stage reads anyway
        return [s.start_char for s in tree.sentences()]
    arr = doc.to_array([SENT_START, IDX])
    starts = arr[arr[:, 0] == 1, 1].tolist()
    if arr[0, 0] != 1:  # the first token always starts a sentence, flagged or not
        starts.insert(0, doc[0].idx)
    return starts
