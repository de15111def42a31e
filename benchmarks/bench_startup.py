"""How long a query command takes from the shell, start to finish, and how long a no-op re-ingest of examples/ takes.

    .venv/bin/python benchmarks/bench_startup.py [--repeat 7] [--db PATH] [--before DIR] [--json]

Builds a store by ingesting examples/ (or uses --db), then runs each query command `--repeat` times in a fresh
process (`python -m detente --db DB ...`, output discarded) and `detente ingest examples/` again on the same store
(every article is stored already: nothing to parse), and prints the median and best wall-clock time of each beside
the interpreter's own start (`python -c pass`). A CLI call is a fresh process: what it imports is part of its
time, so the query commands import pandas, numpy and networkx only where they need them (numpy and networkx for
the graph's measures; pandas only for `detente.open()`'s DataFrames and the table exports).

`--before DIR` times the same commands from another checkout of detente (its own code, this interpreter and
store) in turn with this one, so both meet the same load: the figures side by side. A command that checkout does
not have (or fails) is shown as n/a.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
#: the query commands timed, as a user types them after `detente --db DB`
COMMANDS = [
    ["articles"], ["events", "--actor", "TUR"], ["actors"], ["search", "peace treaty"], ["stories"],
    ["dyad", "TUR", "ISR"], ["timeline", "ARM", "AZE"], ["relations"], ["actor", "AZE"], ["actor", "Pashinyan"],
    ["dyads"], ["graph"], ["network"],
]
#: what the issue asks of them (seconds)
QUERY_TARGET_S, NOOP_INGEST_TARGET_S = 0.5, 2.0


def timed(argv: list[str], repeat: int, cwd: Path = ROOT) -> dict[str, float]:
    """Median and best wall-clock seconds of `repeat` runs of a command in a fresh process (each must succeed), and
    the median CPU seconds (user + system) each took: on a machine other processes keep busy the wall clock
    waits for a core, the CPU time does not."""
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=cwd,
                              env=dict(os.environ, PYTHONPATH=str(cwd)))
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.strip()[-500:]}")
    return {"median_s": round(statistics.median(times), 3), "best_s": round(min(times), 3),
            "cpu_s": round(statistics.median(cpu), 3)}


def run(db: Path, repeat: int, commands: list[list[str]] | None = None, ingest: bool = True,
        before: Path | None = None) -> dict[str, dict[str, Any]]:
    """The timings of `commands` (default COMMANDS) over the store at `db` (examples/ ingested first if it is not
    there) and, with `ingest`, of the no-op re-ingest of examples/; with `before`, each also from that checkout."""
    detente = [sys.executable, "-m", "detente", "--db", str(db)]
    if not db.exists():
        done = subprocess.run([*detente, "ingest", str(EXAMPLES)], capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            raise RuntimeError(f"ingest failed: {done.stderr.strip()[-500:]}")
    runs: list[tuple[str, list[str], float | None]] = [("python -c pass", [sys.executable, "-c", "pass"], None)]
    runs += [("detente " + " ".join(c), [*detente, *c], QUERY_TARGET_S) for c in (COMMANDS if commands is None else commands)]
    if ingest:
        runs.append(("detente ingest examples/ (no-op)", [*detente, "ingest", str(EXAMPLES)], NOOP_INGEST_TARGET_S))
    results: dict[str, dict[str, Any]] = {}
    for name, argv, target in runs:
        results[name] = timed(argv, repeat) | ({"target_s": target} if target else {})
        if before is not None:
            try:
                results[name]["before"] = timed(argv, repeat, cwd=before)
            except RuntimeError:
                results[name]["before"] = None
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command (median and best reported)")
    parser.add_argument("--db", type=Path, default=None, help="a store to query (default: examples/ ingested afresh)")
    parser.add_argument("--before", type=Path, default=None, help="another checkout to time the same commands from")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="detente-startup-") as tmp:
        results = run(args.db or Path(tmp) / "examples.db", args.repeat, before=args.before)
    if args.json:
        print(json.dumps(results))
        return 0
    width = max(map(len, results))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    before = " | before: median s  best s  CPU s" if args.before else ""
    print(f"{'command':<{width}}  median s  best s  CPU s  target{before}")
    for name, t in results.items():
        target = f"< {t['target_s']:g}" if "target_s" in t else ""
        line = f"{name:<{width}}  {t['median_s']:>8.3f}  {t['best_s']:>6.3f}  {t['cpu_s']:>5.3f}  {target:<6}"
        if args.before:
            b = t.get("before")
            line += f" | {b['median_s']:>15.3f}  {b['best_s']:>6.3f}  {b['cpu_s']:>5.3f}" if b else " |             n/a"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
