"""Ingest speed on real news against spaCy's full pipeline, one core, side by side in one run.

    .venv/bin/python benchmarks/bench_real_news.py [--input ../shared/eval/wikinews/pool.jsonl] [--rounds 3]
                                                   [--full-parse] [--json]

Each round, in fresh child processes (model loaded before the clock in both):
  spacy:  `nlp.pipe` of the full small pipeline as spaCy ships it over the articles' bodies (read before the clock);
  ingest: `detente.pipeline.ingest` of the same file into a fresh SQLite store (reading, cleaning, parsing, actors,
          events, places, storing: all of it), with selective parsing as configured by default.
Prints articles per second for each, the ratio ingest / spacy per round and its median, and the share of sentences
the selective parser parsed. Ratios from one run on one machine are what to compare: absolute rates move with load.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "wikinews" / "pool.jsonl"


def _child(mode: str, path: str, full_parse: bool) -> dict[str, Any]:
    """Run one timed step in this (child) process and return its figures."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from detente import nlp

    if mode == "spacy":
        from detente.ingest import Failure, read

        bodies = [a.body for a in read([path]) if not isinstance(a, Failure)]
        model = nlp.load(stock=True)
        list(model.pipe(bodies[:4]))  # warm
        t0 = time.perf_counter()
        for _ in model.pipe(bodies, batch_size=nlp.BATCH_SIZE):
            pass
        return {"seconds": time.perf_counter() - t0, "articles": len(bodies)}
    from detente.pipeline import Options, Pipeline, ingest
    from detente.store import Store

    options = Options(selective=not full_parse)
    pipe = Pipeline(options)
    pipe._stages()  # data files loaded before the clock, as the model is
    nlp.load()
    if options.selective:
        from detente.selective import candidates

        candidates()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        report = ingest([path], store, options)
        seconds = time.perf_counter() - t0
        store.close()
    return {"seconds": seconds, "articles": report.new + report.duplicate, "events": report.events}


def _run(mode: str, path: str, full_parse: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--input", path] + (["--full-parse"] if full_parse else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env={"OMP_NUM_THREADS": "1", **_env()})
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", default=str(DEFAULT))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--full-parse", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=("spacy", "ingest"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.input, args.full_parse)))
        return
    rows = []
    for r in range(args.rounds):
        spacy = _run("spacy", args.input, False)
        ingest = _run("ingest", args.input, args.full_parse)
        s_rate = spacy["articles"] / spacy["seconds"]
        i_rate = ingest["articles"] / ingest["seconds"]
        rows.append({"round": r + 1, "spacy_per_s": round(s_rate, 2), "ingest_per_s": round(i_rate, 2),
                     "ratio": round(i_rate / s_rate, 3), "events": ingest.get("events")})
        if not args.json:
            print(f"round {r + 1}: spaCy {s_rate:.2f} articles/s, detente ingest {i_rate:.2f} articles/s, "
                  f"ratio {i_rate / s_rate:.3f} ({ingest.get('events')} events)", flush=True)
    median = statistics.median(row["ratio"] for row in rows)
    if args.json:
        print(json.dumps({"input": args.input, "rounds": rows, "median_ratio": median}))
    else:
        print(f"median ratio ingest / spaCy: {median:.3f} over {args.rounds} rounds ({args.input})")


if __name__ == "__main__":
    main()
