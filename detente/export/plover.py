"""PLOVER JSON records, shaped like the PLOVER gold standard (id, date, source, target, event, mode, context, text ...).

detente adds the fields PLOVER has no place for (date precision and span, modality, attribution, third parties,
CAMEO code, score, article id and URL) as extra keys; a PLOVER reader ignores them.
"""
from __future__ import annotations

import json
from datetime import date
from typing import IO, Any

from detente import __version__
from detente.analysis.records import Record, records
from detente.model import utcnow
from detente.store import Store

BINARY = False


def record(rec: Record, coded: str) -> dict[str, Any]:
    """One event as a PLOVER record."""
    def side(role: str) -> list[dict[str, Any]]:
        return [{"actorText": p.text or p.name, "code": p.node, "sector": p.sector, "name": p.name}
                for p in rec.parties if p.role == role]

    return {
        "id": rec.id,
        "date": rec.day.isoformat() if rec.day else None,
        # how precise the date is (day, week, month, year, decade; None: the article's publication day), and the
        # span written as precisely as it is known (2025, 1990s): PLOVER's `date` is a day
        "datePrecision": rec.precision if rec.start else None,
        "dateSpan": rec.when,
        "source": side("actor"),
        "target": side("recipient"),
        "event": rec.type,
        "eventText": rec.trigger,
        "mode": rec.mode,
        "context": rec.context,
        "text": rec.sentence,
        "language": rec.language or "en",
        "publication": rec.outlet,
        "coder": f"detente {rec.extractor}",
        "version": __version__,
        "dateCoded": coded,
        "modality": rec.modality,
        "attribution": rec.attribution,
        "thirdParties": [{"code": p.node, "name": p.name, "role": p.role} for p in rec.parties
                         if p.role not in ("actor", "recipient")],
        "cameo": rec.cameo,
        "goldstein": rec.score,
        "articleId": rec.article_id,
        "url": rec.url,
    }


def records_of(store: Store, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    coded = utcnow().date().isoformat()
    return [record(r, coded) for r in records(store, since, until)]


def write(store: Store, dest: str | IO[str], name: str = "events", since: date | None = None, until: date | None = None) -> int:
    """Write the events as a JSON array of PLOVER records (as the gold standard's files are); returns the count."""
    if name != "events":
        raise ValueError("the plover format exports events only")
    rows = records_of(store, since, until)
    text = json.dumps(rows, ensure_ascii=False, indent=1)
    if isinstance(dest, str):
        with open(dest, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        dest.write(text + "\n")
    return len(rows)
