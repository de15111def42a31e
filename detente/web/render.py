"""Turning untrusted article text into safe HTML: highlights, links, colours, the timeline's SVG geometry.

Article text is untrusted. Highlighted text is built by escaping every piece of it and wrapping
the escaped pieces in tags this module writes, so a `<script>` in a body stays text. Links are only
made from http(s) URLs; anything else (`javascript:`, `data:`) is shown as plain text.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

SAFE_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Span:
    """A stretch of text to mark: `cls` picks its colour, `href` (an app path) makes it a link."""

    start: int
    end: int
    cls: str
    title: str = ""
    href: str | None = None


def highlight(text: str, spans: Iterable[Span], offset: int = 0) -> Markup:
    """`text` with each span wrapped in <mark>; `offset` is where `text` starts in the body the spans index.

    Overlapping spans: the one starting first (the longer one on a tie) wins, the other is dropped,
    so the markup is always well nested.
    """
    chosen: list[Span] = []
    end_of_last = 0
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        start, end = s.start - offset, s.end - offset
        if start < end_of_last or start < 0 or end > len(text) or start >= end:
            continue
        chosen.append(Span(start, end, s.cls, s.title, s.href))
        end_of_last = end
    out: list[str] = []
    pos = 0
    for s in chosen:
        out.append(str(escape(text[pos:s.start])))
        inner = str(escape(text[s.start:s.end]))
        title = f' title="{escape(s.title)}"' if s.title else ""
        if s.href and s.href.startswith("/"):
            inner = f'<a href="{escape(s.href)}">{inner}</a>'
        out.append(f'<mark class="{escape(s.cls)}"{title}>{inner}</mark>')
        pos = s.end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def paragraphs(text: str, spans: Iterable[Span]) -> list[Markup]:
    """The body split at blank lines into highlighted paragraphs (offsets stay those of the whole body)."""
    spans = list(spans)
    out: list[Markup] = []
    pos = 0
    for block in text.split("\n\n"):
        if block.strip():
            out.append(highlight(block, [s for s in spans if pos <= s.start and s.end <= pos + len(block)], offset=pos))
        pos += len(block) + 2
    return out


def safe_url(url: Any) -> str | None:
    """The URL if it is http(s) with a host, else None: `javascript:` and friends never become links."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc or any(c in url for c in "\"'<> \t\r\n"):
        return None
    return url


def path_part(value: Any) -> str:
    """An actor key or id as one URL path segment (keys hold ':' and may hold '/')."""
    return quote(str(value), safe=":")


def score_colour(score: float | None) -> str:
    """Conflict (-10) red, neutral grey, cooperation (+10) green: the same ramp network.js uses."""
    if score is None:
        return "#9e9e9e"
    t = max(-1.0, min(1.0, float(score) / 10.0))
    # square root: most events score within +-5, and a linear ramp left accusations (-2) nearly grey
    t = math.copysign(math.sqrt(abs(t)), t)
    grey, red, green = (158, 158, 158), (198, 40, 40), (46, 125, 50)
    to = green if t > 0 else red
    mix = [round(g + (c - g) * abs(t)) for g, c in zip(grey, to, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def edge_tone(edge: dict[str, Any]) -> float:
    """Where an edge of the graph sits from conflict (-10) to cooperation (+10) for its colour: its net score,
    on the side its sign gives (a relation such as "ally" decides the sign even where the score says less)."""
    sign = edge.get("sign") or 0
    return float(sign) * min(10.0, abs(float(edge.get("score") or 0.0)))


#: the timeline chart's size in SVG units (it scales to the page width)
CHART_W, CHART_H, CHART_PAD = 720, 220, 34


def timeline_svg(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars per period for the dyad chart (detente.analysis' timeline): cooperation up, conflict down (each the sum
    of its events' weighted scores), the mean score as a dot (+10 top, -10 bottom)."""
    if not timeline:
        return {"bars": [], "width": CHART_W, "height": CHART_H, "zero": CHART_H / 2, "labels": []}
    top = max(max(b["cooperation"], -b["conflict"], 1) for b in timeline)
    inner_w, half = CHART_W - 2 * CHART_PAD, (CHART_H - 2 * CHART_PAD) / 2
    zero = CHART_PAD + half
    slot = inner_w / len(timeline)
    bar_w = max(2.0, min(40.0, slot * 0.35))
    bars: list[dict[str, Any]] = []
    for b in timeline:
        x = CHART_PAD + slot * len(bars) + slot / 2
        up = half * b["cooperation"] / top
        down = half * -b["conflict"] / top
        mean = b["mean"]
        score_y = zero - half * max(-1.0, min(1.0, mean / 10.0)) if mean is not None else None
        bars.append({"period": b["period"], "x": round(x, 1), "w": round(bar_w, 1), "up": round(up, 1), "down": round(down, 1),
                     "score_y": round(score_y, 1) if score_y is not None else None, "colour": score_colour(mean),
                     "events": b["events"], "cooperation": b["cooperation"], "conflict": b["conflict"], "score": mean})
    every = max(1, len(bars) // 8)
    labels = [{"x": b["x"], "text": b["period"]} for i, b in enumerate(bars) if i % every == 0]
    return {"bars": bars, "width": CHART_W, "height": CHART_H, "zero": round(zero, 1), "top": top, "labels": labels,
            "pad": CHART_PAD}


#: the dossier chart: width in SVG units, the label column, one row's height and the gap between rows
PARTNERS_W, PARTNERS_LABEL, PARTNERS_ROW, PARTNERS_GAP, PARTNERS_AXIS = 960, 190, 74, 14, 26


def partners_svg(timeline: dict[str, Any]) -> dict[str, Any]:
    """Geometry of the dossier chart (detente.views.dossier's `timeline`): a row per top partner, a slot per period,
    cooperation as a bar up and conflict as a bar down from the row's line, on one scale for every row so rows
    compare; each period's cell keeps its numbers for its tooltip and for the tests."""
    periods, partners = timeline.get("periods") or [], timeline.get("partners") or []
    if not periods or not partners:
        return {"rows": [], "width": PARTNERS_W, "height": 0, "labels": []}
    top = max([1.0] + [max(b["cooperation"], -b["conflict"]) for p in partners for b in p["series"]])
    inner = PARTNERS_W - PARTNERS_LABEL - 70  # 70: the row's total at the right
    slot = inner / len(periods)
    bar_w = max(2.0, min(26.0, slot * 0.6))
    half = (PARTNERS_ROW - 8) / 2
    rows = []
    for i, p in enumerate(partners):
        y0 = i * (PARTNERS_ROW + PARTNERS_GAP)
        mid = y0 + PARTNERS_ROW / 2
        cells = []
        for j, b in enumerate(p["series"]):
            if not (b["events"] or b["cooperation"] or b["conflict"]):
                continue
            cells.append({**b, "x": round(PARTNERS_LABEL + slot * j + slot / 2 - bar_w / 2, 1), "w": round(bar_w, 1),
                          "up": round(half * b["cooperation"] / top, 1), "down": round(half * -b["conflict"] / top, 1)})
        rows.append({**p, "y": y0, "mid": round(mid, 1), "cells": cells, "colour": score_colour(p["score"])})
    every = max(1, -(-len(periods) // 12))  # at most 12 period labels
    labels = [{"x": round(PARTNERS_LABEL + slot * j + slot / 2, 1), "text": name} for j, name in enumerate(periods)
              if j % every == 0]
    height = len(rows) * (PARTNERS_ROW + PARTNERS_GAP) + PARTNERS_AXIS
    # a faint line where each year begins (months and quarters), so bars far apart can be dated at a glance
    years = [round(PARTNERS_LABEL + slot * j, 1) for j, name in enumerate(periods) if j and name.endswith(("-01", "Q1"))]
    return {"years": years, "rows": rows, "width": PARTNERS_W, "height": height, "labels": labels, "top": round(top, 1), "row_h": PARTNERS_ROW,
            "axis_y": height - 8, "left": PARTNERS_LABEL, "right": PARTNERS_LABEL + inner, "total_x": PARTNERS_W - 4}
