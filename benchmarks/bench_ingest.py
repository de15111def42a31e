"""Ingest throughput against a bare spaCy parse, 1 worker vs N, peak memory, database size: one run, one corpus.

    .venv/bin/python benchmarks/bench_ingest.py [--n 1000] [--workers 1,2] [--memory-sizes 1000,20000]
                                                [--full-parse] [--rounds 3] [--format txt|jsonl] [--json]

Steps, each in a fresh child process so that memory and warm caches do not leak between them:

1. writes a synthetic corpus of `--n` articles (benchmarks/corpus.py: pages with site chrome);
2. spacy:  `nlp.pipe` of the full small pipeline, as spaCy ships it, over the very bodies detente's
   reader yields for the corpus (the naive baseline: reading and cleaning happen before the clock starts;
   no extraction, no database; the model is loaded before the clock starts too);
3. ingest: `detente.engines.ingest` of the corpus into a fresh SQLite file with 1, then N workers
   (reading, cleaning, dedupe, parsing, actors, events, storing: all of it), as configured by default
   (selective parsing), and with `--full-parse` also with every sentence parsed. As for spaCy alone, the
   model is loaded before the clock starts: by this process with 1 worker, by the pool's workers (started
   and warmed, `engines.pool.Workers`) with N; that start-up is printed beside each row (a spawned worker
   imports and loads everything itself: ~3-4 s on 2 cores, paid once per run);
4. memory: the peak RSS of the whole process tree (parent + workers, sampled every 0.1 s) for
   ingests of each `--memory-sizes` corpus (prefixes of one seeded corpus).

Throughput is articles per wall-clock second. The machine's load average is printed with the
figures: on a shared machine, ratios measured in one run are fairer than absolute numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

#: how often the memory sampler reads /proc: 0.1 s catches the peaks of 32-article batches (~1 s each)
SAMPLE_S = 0.1


def tree(pid: int) -> list[tuple[int, list[str]]]:
    """(pid, /proc stat fields after the command name) of a process and all its descendants (Linux)."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        stats[int(entry)] = fields
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p in stats:
            found.append((p, stats[p]))
        todo.extend(children.get(p, []))
    return found


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    return sum(int(f[21]) for _pid, f in tree(pid)) * os.sysconf("SC_PAGE_SIZE")


def tree_cpu() -> float:
    """CPU seconds (user + system) used so far by this process and its live descendants."""
    return sum(int(f[11]) + int(f[12]) for _pid, f in tree(os.getpid())) / os.sysconf("SC_CLK_TCK")


def communicate_sampling(proc: subprocess.Popen[str]) -> tuple[str, str, int]:
    """`proc.communicate()` while sampling the peak RSS of its process tree every SAMPLE_S: (stdout, stderr, bytes)."""
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    return out or "", err or "", peak


def run_child(args: list[str], selective: bool = True) -> dict[str, Any]:
    """Run this script as a child in `args` mode; returns its JSON result plus the tree's peak RSS."""
    env = dict(os.environ, DETENTE_SELECTIVE="1" if selective else "0")
    proc = subprocess.Popen([sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, text=True, env=env)
    out, _err, peak = communicate_sampling(proc)
    if proc.returncode:
        raise SystemExit(f"child {args} failed with exit code {proc.returncode}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(peak / 1e6, 1)
    return result


# ------------------------------------------------------------------------------- child modes
def child_spacy(path: str) -> dict[str, Any]:
    """nlp.pipe over exactly the bodies detente's reader yields for the corpus (read before the clock starts)."""
    from detente import nlp
    from detente.ingest import Failure, read

    bodies = [a.body for a in read([path]) if not isinstance(a, Failure)]
    n = len(bodies)
    model = nlp.load(stock=True)  # spaCy's pipeline as shipped, not detente's (whose attribute ruler is a table)
    t0, c0 = time.perf_counter(), tree_cpu()
    tokens = sum(len(doc) for doc in model.pipe(bodies, batch_size=nlp.BATCH_SIZE))
    secs, cpu = time.perf_counter() - t0, tree_cpu() - c0
    return {"mode": "spacy", "articles": n, "tokens": tokens, "seconds": round(secs, 2), "per_s": round(n / secs, 2),
            **_cpu_figures(cpu, secs, n)}


def _cpu_figures(cpu: float, secs: float, n: int) -> dict[str, float]:
    """CPU time on the clock: per article, and how many cores were busy on average."""
    return {"cpu_ms_per_article": round(cpu * 1000 / max(n, 1), 1), "cores_busy": round(cpu / secs, 2)}


def child_ingest(path: str, db: str, workers: int) -> dict[str, Any]:
    """detente's ingest of the corpus; the model is loaded before the clock starts, by the pool's workers too."""
    from detente import engines, nlp
    from detente.engines import pool
    from detente.pipeline import Options
    from detente.store import Store

    store = Store(db)
    workers_pool = None
    t0 = time.perf_counter()
    if workers == 1:
        nlp.load()
        if Options().selective:
            from detente.selective import candidates

            candidates()
    else:
        workers_pool = pool.Workers(Options(), workers)
        workers_pool.warm()
    startup = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), tree_cpu()
    try:
        if workers_pool is None:
            report = engines.ingest([path], store, workers=workers)
        else:
            report = pool.ingest([path], store, workers=workers, pool=workers_pool)
        secs, cpu = time.perf_counter() - t0, tree_cpu() - c0  # the workers are alive still: their CPU counts
    finally:
        if workers_pool is not None:
            workers_pool.executor.shutdown()
    articles, events = store.count("articles"), store.count("events")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    return {"mode": "ingest", "workers": workers, "selective": Options().selective, "articles": articles, "events": events,
            "failed": len(report.failed), "seconds": round(secs, 2), "per_s": round(report.new / secs, 2),
            "startup_s": round(startup, 2), **_cpu_figures(cpu, secs, report.new), "db_mb_per_1000": round(size / 1e6 / max(articles, 1) * 1000, 2)}


# ------------------------------------------------------------------------------- the run
def run(n: int, workers: list[int], memory_sizes: list[int], fmt: str, seed: int, workdir: Path,
        full_parse: bool = False, rounds: int = 1) -> dict[str, Any]:
    """The figures; with `rounds` > 1 every configuration runs once per round, in turn, and each row gives the
    median of its rounds, its ratios the median of the ratios measured within one round (a machine whose speed
    drifts, as shared ones do, then moves both sides of a ratio together)."""
    results: dict[str, Any] = {"n": n, "format": fmt, "cpus": os.cpu_count(), "load_before": os.getloadavg()[0],
                               "rounds": rounds}
    path = corpus.write(workdir / "corpus", n, fmt, seed)
    configs = [(sel, w) for sel in ((True, False) if full_parse else (True,)) for w in workers]
    spacy_runs: list[dict[str, Any]] = []
    ingest_runs: list[list[dict[str, Any]]] = [[] for _ in configs]
    for k in range(rounds):
        spacy_runs.append(run_child(["spacy", str(path)]))
        for j, (sel, w) in enumerate(configs):
            db = workdir / f"ingest-{w}{'' if sel else '-full'}-{k}.db"
            ingest_runs[j].append(run_child(["ingest", str(path), str(db), str(w)], selective=sel))
    results["spacy"] = _median_run(spacy_runs)
    results["ingest"] = []
    for runs in ingest_runs:
        row = _median_run(runs)
        row["x_spacy"] = round(statistics.median(r["per_s"] / s["per_s"] for r, s in zip(runs, spacy_runs, strict=True)), 2)
        row["x_first"] = round(statistics.median(r["per_s"] / f["per_s"] for r, f in zip(runs, ingest_runs[0], strict=True)), 2)
        results["ingest"].append(row)
    results["memory"] = []
    for size in memory_sizes:
        mpath = corpus.write(workdir / f"corpus-{size}", size, fmt, seed)
        r = run_child(["ingest", str(mpath), str(workdir / f"memory-{size}.db"), str(workers[-1])])
        results["memory"].append({"articles": size, "workers": workers[-1], "peak_rss_mb": r["peak_rss_mb"],
                                  "per_s": r["per_s"]})
    results["load_after"] = os.getloadavg()[0]
    return results


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median throughput, with every round's throughput beside it."""
    row = dict(sorted(runs, key=lambda r: r["per_s"])[len(runs) // 2])
    row["rounds_per_s"] = [r["per_s"] for r in runs]
    return row


def show(r: dict[str, Any]) -> None:
    print(f"corpus: {r['n']} articles ({r['format']}), {r['cpus']} CPUs, load average {r['load_before']:.1f} "
          f"before, {r['load_after']:.1f} after")
    s = r["spacy"]
    rounds = f" (median of {r['rounds']} rounds: {', '.join(f'{x:.2f}' for x in s['rounds_per_s'])})" if r["rounds"] > 1 else ""
    print(f"spaCy only (nlp.pipe, full pipeline): {s['per_s']:.2f} articles/s{rounds}  ({s['seconds']} s, "
          f"{s['cpu_ms_per_article']} ms CPU per article, {s['cores_busy']} cores busy, peak {s['peak_rss_mb']} MB)")
    for i in r["ingest"]:
        label = f"{i['workers']} worker(s){'' if i['selective'] else ', full parse'}"
        print(f"detente ingest, {label}: {i['per_s']:.2f} articles/s  ({i['seconds']} s, "
              f"{i['events']} events, {i['cpu_ms_per_article']} ms CPU per article, "
              f"{i['cores_busy']} cores busy, peak {i['peak_rss_mb']} MB, {i['db_mb_per_1000']} MB per 1,000 articles, "
              f"start-up {i['startup_s']} s before the clock)  "
              f"= {i['x_spacy']}x spaCy, {i['x_first']}x the first row"
              + (f"  [rounds: {', '.join(f'{x:.2f}' for x in i['rounds_per_s'])}]" if r["rounds"] > 1 else ""))
    for m in r["memory"]:
        print(f"memory: {m['articles']} articles, {m['workers']} worker(s): peak RSS {m['peak_rss_mb']} MB "
              f"({m['per_s']:.2f} articles/s)")


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        mode, rest = argv[1], argv[2:]
        out = child_spacy(rest[0]) if mode == "spacy" else child_ingest(rest[0], rest[1], int(rest[2]))
        print(json.dumps(out))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the throughput corpus")
    parser.add_argument("--workers", type=_ints, default=[1, 2], help="worker counts to compare, first is the base")
    parser.add_argument("--memory-sizes", type=_ints, default=[], help="corpus sizes for the peak-memory runs")
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    parser.add_argument("--full-parse", action="store_true",
                        help="also run every worker count with the full parse of every sentence (DETENTE_SELECTIVE=0)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every configuration this many times, in turn; medians, ratios within a round")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="work here and keep the corpus and databases")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = run(args.n, args.workers, args.memory_sizes, args.format, args.seed, workdir, args.full_parse,
                      args.rounds)
    if args.json:
        print(json.dumps(results))
    else:
        show(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
