"""What the actor knowledge costs: load time, memory and the actors stage's time, for this tree and another one.

The corpus (default: ../shared/eval/wikinews/pool.jsonl) is parsed once with spaCy's pipeline and saved as a
DocBin; then each tree (this checkout, and --compare DIR: another checkout, e.g. a worktree of main) is measured in
a fresh process that loads the same Docs: the time to load the dictionary and the gazetteer and to build the
resolver, the sizes of its tables, the process's resident memory before and after, and the actors stage over every
Doc; the trees take turns, --rounds times, and the timings are the medians. The figures are printed side by side.

    .venv/bin/python benchmarks/bench_actors.py [--compare ../main] [--rounds 3] [--json] [SOURCES...]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POOL = ROOT.parent / "shared" / "eval" / "wikinews" / "pool.jsonl"


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def parse(sources: list[str], out: Path) -> int:
    """Parse the corpus once (spaCy's own pipeline, every sentence) into a DocBin at `out`; the articles beside it."""
    from spacy.tokens import DocBin

    from detente import nlp
    from detente.ingest import Failure, read

    articles = [a for a in read(sources) if not isinstance(a, Failure) and a.body]
    model = nlp.load(stock=True)
    docs = DocBin(store_user_data=False)
    for doc in model.pipe((a.body for a in articles), batch_size=nlp.BATCH_SIZE):
        docs.add(doc)
    docs.to_disk(out)
    out.with_suffix(".json").write_text(json.dumps([{"body": a.body, "published": str(a.published or "")}
                                                    for a in articles]), encoding="utf-8")
    return len(articles)


def measure(docbin: Path, rounds: int) -> dict[str, Any]:
    """The figures of the tree this process imports detente from (run in a fresh process)."""
    from datetime import date

    from spacy.tokens import DocBin

    from detente import nlp
    from detente.model import Article

    model = nlp.load(stock=True)
    docs = list(DocBin().from_disk(docbin).get_docs(model.vocab))
    articles = [Article(body=a["body"], published=date.fromisoformat(a["published"]) if a["published"] else None)
                for a in json.loads(docbin.with_suffix(".json").read_text(encoding="utf-8"))]
    out: dict[str, Any] = {"tree": str(Path(sys.modules["detente"].__file__ or "").parents[1])}
    rss0 = rss_mb()
    from detente.actors import dictionary, gazetteer, lexicon, resolve

    t0 = time.perf_counter()
    dic = dictionary.load()
    t1 = time.perf_counter()
    gaz = gazetteer.load()
    t2 = time.perf_counter()
    stage = resolve.Resolver(gaz, dic, lexicon.load())
    t3 = time.perf_counter()
    out.update(load_dictionary_s=t1 - t0, load_gazetteer_s=t2 - t1, build_resolver_s=t3 - t2,
               rss_before_mb=rss0, rss_after_load_mb=rss_mb(), people=len(dic), dictionary_keys=len(dic.by_name),
               gazetteer_keys=len(gaz.entries), first_words=len(stage.first_words),
               prefixes=len(getattr(stage, "prefixes", ())))
    for doc, art in zip(docs[:2], articles[:2], strict=True):  # warm up the caches the stage keeps
        stage(doc, art)
    times, cpu, found = [], [], 0
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        found = sum(len(stage(doc, art)) for doc, art in zip(docs, articles, strict=True))
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    out.update(actors_s=statistics.median(times), actors_cpu_s=statistics.median(cpu),
               actors_ms_per_doc=1000 * statistics.median(cpu) / len(docs), actors_rounds=times,
               actors_found=found, docs=len(docs), tokens=sum(len(d) for d in docs), rss_end_mb=rss_mb())
    return out


def run_tree(tree: Path, docbin: Path, rounds: int) -> dict[str, Any]:
    """`measure` in a fresh interpreter that imports detente from `tree` (an editable install's import hook, which
    would hand it this checkout's package whatever the path says, is taken out first)."""
    code = ("import json, sys; sys.meta_path = [f for f in sys.meta_path if '__editable__' not in repr(f)]; "
            f"sys.path.insert(0, {str(tree)!r}); sys.path.insert(1, {str(ROOT / 'benchmarks')!r}); "
            f"import bench_actors as b; print(json.dumps(b.measure(b.Path({str(docbin)!r}), {rounds})))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def merge(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One tree's runs as one report: the median of each timing, the rest from the first run."""
    out = dict(runs[0])
    for key in ("load_dictionary_s", "load_gazetteer_s", "build_resolver_s", "actors_s", "actors_cpu_s",
                "actors_ms_per_doc"):
        out[key] = statistics.median(r[key] for r in runs)
    return out


ROWS = [("load dictionary (s)", "load_dictionary_s", ".3f"), ("load gazetteer (s)", "load_gazetteer_s", ".3f"),
        ("build resolver (s)", "build_resolver_s", ".3f"), ("people", "people", ",d"),
        ("dictionary keys", "dictionary_keys", ",d"), ("gazetteer keys", "gazetteer_keys", ",d"),
        ("first words", "first_words", ",d"), ("prefixes", "prefixes", ",d"),
        ("RSS before load (MB)", "rss_before_mb", ".0f"), ("RSS after load (MB)", "rss_after_load_mb", ".0f"),
        ("RSS at the end (MB)", "rss_end_mb", ".0f"), ("actors stage, wall (s)", "actors_s", ".3f"),
        ("actors stage, CPU (s)", "actors_cpu_s", ".3f"), ("actors stage (CPU ms/doc)", "actors_ms_per_doc", ".2f"),
        ("actors found", "actors_found", ",d")]


def table(reports: list[dict[str, Any]]) -> str:
    head = f"{'':<26}" + "".join(f"{Path(r['tree']).name:>16}" for r in reports)
    lines = [f"{reports[0]['docs']} docs, {reports[0]['tokens']} tokens", head]
    for label, key, fmt in ROWS:
        lines.append(f"{label:<26}" + "".join(f"{format(r[key], fmt):>16}" for r in reports))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="*", default=[str(POOL)])
    ap.add_argument("--compare", type=Path, action="append", default=[], help="another checkout to measure beside")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        docbin = Path(tmp) / "corpus.spacy"
        parse(args.sources, docbin)
        trees = [*(t.resolve() for t in args.compare), ROOT]
        # the trees take turns, one fresh process each, --rounds times: load from other processes falls on all
        runs: dict[Path, list[dict[str, Any]]] = {t: [] for t in trees}
        for _ in range(args.rounds):
            for tree in trees:
                runs[tree].append(run_tree(tree, docbin, 1))
        reports = [merge(runs[t]) for t in trees]
    print(json.dumps(reports, indent=1) if args.json else table(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
