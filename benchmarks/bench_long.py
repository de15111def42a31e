"""Very long articles: peak memory and time of `detente ingest` for one article of 1 to 20 MB (the reader's cap).

    .venv/bin/python benchmarks/bench_long.py [--sizes 1,5,20] [--modes selective,full,workers2] [--workdir DIR]

Each article is one JSON Lines record whose text is benchmark-corpus stories (benchmarks/corpus.py: event
sentences among background, as in wire copy) joined by blank lines up to the size in characters (ASCII, so
characters = bytes; 20 MB stays under the 20 MiB line cap). Each run is a fresh `python -m detente ingest`
child into a fresh SQLite file: `selective` (the default), `full` (`--full-parse`), `workers2`
(`--workers 2`, the article parsed by one pool worker); the peak RSS is that of the whole process tree
(parent and workers), sampled every 0.1 s. The target (issue 17): every size up to the cap stored, with
peak memory under 1.5 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402
from benchmarks.bench_ingest import communicate_sampling  # noqa: E402

MB = 1_000_000
MODES = {"selective": [], "full": ["--full-parse"], "workers2": ["--workers", "2"]}


def write_article(path: Path, chars: int) -> int:
    """One JSONL record whose text is `chars` characters of corpus stories; returns the text's length."""
    parts, n = [], 0
    for story in corpus.articles(10**7):
        body = story.body.encode("ascii", "ignore").decode()
        parts.append(body)
        n += len(body) + 2
        if n >= chars:
            break
    text = "\n\n".join(parts)[:chars].rstrip()
    path.write_text(json.dumps({"id": f"long-{chars}", "title": "A very long article", "text": text}) + "\n")
    return len(text)


def run(args: list[str]) -> dict[str, float | int]:
    """Run `python -m detente ARGS`; wall seconds, peak RSS of the tree, exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "detente", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)
    out, err, peak = communicate_sampling(proc)
    summary = json.loads(out.strip().splitlines()[-1]) if proc.returncode in (0, 1) and out.strip() else {}
    return {"seconds": round(time.perf_counter() - start, 1), "peak_rss_mb": round(peak / 1e6),
            "rc": proc.returncode, "new": summary.get("new", 0), "events": summary.get("events", 0),
            "failed": len(summary.get("failed", [])), "stderr": err.strip().splitlines()[-1][:200] if err.strip() else ""}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,5,20", help="article sizes in MB (millions of characters)")
    ap.add_argument("--modes", default=",".join(MODES), help=f"any of {', '.join(MODES)}")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--json", action="store_true", help="print the rows as JSON lines")
    opts = ap.parse_args(argv)
    workdir = opts.workdir or Path(tempfile.mkdtemp(prefix="detente-long-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; files in {workdir}", file=sys.stderr)
    if not opts.json:
        print(f"{'size':>6} {'mode':<10} {'chars':>11} {'stored':>6} {'events':>7} {'failed':>6} {'seconds':>8} {'peak RSS':>9}")
    for size in [float(s) for s in opts.sizes.split(",")]:
        article = workdir / f"long-{size:g}mb.jsonl"
        chars = write_article(article, int(size * MB))
        for mode in opts.modes.split(","):
            db = workdir / f"long-{size:g}mb-{mode}.db"
            for old in workdir.glob(db.name + "*"):
                old.unlink()
            row = run(["--db", str(db), "ingest", "--json", *MODES[mode], str(article)])
            row = {"size_mb": size, "mode": mode, "chars": chars, **row}
            if opts.json:
                print(json.dumps(row), flush=True)
            else:
                print(f"{size:>5g}M {mode:<10} {chars:>11,} {row['new']:>6} {row['events']:>7} {row['failed']:>6} "
                      f"{row['seconds']:>8} {row['peak_rss_mb']:>6} MB" + (f"  rc={row['rc']} {row['stderr']}" if row["rc"] else ""),
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
