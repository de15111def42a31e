"""How much the actors and events stages add to spaCy's parse time, on the same corpus.

The corpus is every article under examples/ plus the seed articles (../shared/seeds, when present),
repeated --repeat times. The parse is timed once with `nlp.pipe`; the actors and events stages are then
timed over the same Docs. The issue's budget: extraction adds at most 15% to the parse time.

    .venv/bin/python benchmarks/extraction_overhead.py [--repeat 10] [--check]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: the events issue's budget for actors + events over the parse time
BUDGET = 0.15


def corpus() -> list[Any]:
    """The articles of examples/ and the seeds, as detente reads them."""
    from detente.ingest import Failure, read

    sources = [str(ROOT / "examples")] + sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
    return [a for a in read(sources) if not isinstance(a, Failure) and a.body]


def measure(repeat: int) -> dict[str, Any]:
    from detente import nlp, registry

    articles = corpus() * repeat
    model = nlp.load()
    actors_stage = registry.get("actors")()
    events_stage = registry.get("events")()
    model("warm up the pipeline once before timing.")
    events_stage(model("Turkey suspended trade with Israel."), articles[0], [])

    t0 = time.perf_counter()
    docs = list(model.pipe((a.body for a in articles), batch_size=nlp.BATCH_SIZE))
    parse = time.perf_counter() - t0

    t0 = time.perf_counter()
    found = [actors_stage(doc, art) for doc, art in zip(docs, articles, strict=True)]
    actors_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_events = sum(len(events_stage(doc, art, acts)) for doc, art, acts in zip(docs, articles, found, strict=True))
    events_s = time.perf_counter() - t0
    # the same stage without the date and modality helpers: what the rule extractor itself costs
    from detente.events import extract

    saved = extract._dates, extract._modality
    extract._dates, extract._modality = None, None
    try:
        t0 = time.perf_counter()
        for doc, art, acts in zip(docs, articles, found, strict=True):
            events_stage(doc, art, acts)
        rules_s = time.perf_counter() - t0
    finally:
        extract._dates, extract._modality = saved
    return {
        "articles": len(articles),
        "words": sum(len(d) for d in docs),
        "events": n_events,
        "parse_s": round(parse, 3),
        "actors_s": round(actors_s, 3),
        "events_s": round(events_s, 3),
        "overhead": round((actors_s + events_s) / parse, 4),
        "events_overhead": round(events_s / parse, 4),
        "rules_only_s": round(rules_s, 3),
        "rules_only_overhead": round(rules_s / parse, 4),
        "budget": BUDGET,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=10, help="times the corpus is repeated (default 10)")
    ap.add_argument("--check", action="store_true", help=f"exit 1 if the overhead is above {BUDGET:.0%}")
    args = ap.parse_args()
    report = measure(args.repeat)
    print(json.dumps(report, indent=1))
    if args.check and report["overhead"] > BUDGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
