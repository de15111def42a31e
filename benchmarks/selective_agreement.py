"""Selective parsing against the full parse: the same events? One run over the same articles, both ways.

    .venv/bin/python benchmarks/selective_agreement.py [SOURCES...] [--n 200] [--json]

SOURCES default to a generated benchmark corpus of --n articles (benchmarks/corpus.py, seed 1). Each
article goes through `Pipeline(Options(selective=False))` and `Pipeline(Options(selective=True))`; an
event is compared by (type, evidence start, actor codes, recipient codes). Prints the seconds of each
pass, the events each found, and every event only one of them found, with the start of its sentence.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def event_keys(extraction: Any) -> set[tuple[Any, ...]]:
    return {(e.type, e.evidence.start, tuple(p.code or p.name for p in e.actors),
             tuple(p.code or p.name for p in e.recipients)) for e in extraction.events}


def compare(articles: list[Any]) -> dict[str, Any]:
    from detente.pipeline import Options, Pipeline

    found: dict[bool, dict[str, set[tuple[Any, ...]]]] = {}
    seconds: dict[bool, float] = {}
    for selective in (False, True):
        t0 = time.perf_counter()
        found[selective] = {x.article.id: event_keys(x) for x in Pipeline(Options(selective=selective)).run(list(articles))}
        seconds[selective] = time.perf_counter() - t0
    bodies = {a.id: a.body for a in articles}
    differences = []
    for aid, full in found[False].items():
        sel = found[True].get(aid, set())
        for side, keys in (("full only", full - sel), ("selective only", sel - full)):
            for key in sorted(keys):
                differences.append({"article": aid, "side": side, "type": key[0], "start": key[1], "actors": key[2],
                                    "recipients": key[3], "text": bodies[aid][key[1]:key[1] + 100].replace("\n", " ")})
    return {
        "articles": len(articles),
        "events_full": sum(len(v) for v in found[False].values()),
        "events_selective": sum(len(v) for v in found[True].values()),
        "seconds_full": round(seconds[False], 1), "seconds_selective": round(seconds[True], 1),
        "articles_differing": len({d["article"] for d in differences}),
        "differences": differences,
    }


def main(argv: list[str] | None = None) -> int:
    from benchmarks import corpus
    from detente.ingest import Failure, read

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sources", nargs="*")
    ap.add_argument("--n", type=int, default=200, help="articles of the generated corpus when no SOURCES are given")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="detente-selective-") as tmp:
        sources = args.sources or [str(corpus.write(Path(tmp) / "corpus", args.n, "txt", 1))]
        articles = [a for a in read(sources) if not isinstance(a, Failure) and a.body]
        report = compare(articles)
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"{report['articles']} articles: full parse {report['events_full']} events in {report['seconds_full']} s, "
          f"selective {report['events_selective']} events in {report['seconds_selective']} s; "
          f"{report['articles_differing']} articles differ")
    for d in report["differences"]:
        print(f"  {d['side']:<15} {d['type']:<10} {d['actors']} -> {d['recipients']}  {d['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
