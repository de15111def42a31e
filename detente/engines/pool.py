"""Parallel ingest on one machine: a process pool that parses, one writer that stores.

    parent   read sources -> dedupe (store + in-flight) -> chunks of CHUNK articles
    workers  Pipeline built once per process (spaCy loaded once) -> list[Extraction] per chunk
    parent   one writer: whole articles, WRITE_BATCH per transaction, in input order

At most `workers * WINDOW_PER_WORKER` chunks are in flight, so memory stays flat however large the
input is; the parent remembers only the body hashes of articles in flight (stored ones are found in
the store). A batch commit holds whole articles only, so a run killed halfway leaves no partial
article, and the same command run again stores the rest. A worker dies with the parent that started
it, even when the parent is killed with SIGKILL (`_die_with_parent`).
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from detente.model import Article, Extraction
from detente.pipeline import (
    ExtractionFailure,
    IngestReport,
    Options,
    Pipeline,
    chunks,
    count_saved,
    extract_each,
    fresh_articles,
    settle,
)

#: articles per task: 16 articles' candidate sentences (~150 runs) still make one efficient `nlp.pipe`
#: batch, pickling a chunk costs <1 ms against ~1.3 s of parsing, and the smaller the chunk, the less a
#: worker idles at the end of a run while the other finishes its last chunk (400 articles in chunks of 32:
#: 13 chunks, one worker idle for a whole chunk, ~10% of the run)
CHUNK = 16
#: chunks in flight per worker: 2 keeps a worker busy while the writer stores the previous chunk
#: (measured: 3 or more gave no more throughput on 2 and 4 cores, only more memory)
WINDOW_PER_WORKER = 2
#: articles per write transaction: 64 amortises the commit (fsync-free in WAL/NORMAL, but still a
#: lock and a WAL append) while a killed run loses at most a few seconds of work
WRITE_BATCH = 64
#: chunks a worker handles before it is replaced by a fresh one: spaCy's StringStore keeps every new
#: string it sees, so a worker's memory creeps up over a long crawl; 600 chunks (9,600 articles) cost
#: one model load (~3 s) per ~15 minutes of parsing and keep a worker near its starting size
RECYCLE_CHUNKS = 600

_PIPELINE: Pipeline | None = None
_INIT_ERROR: str | None = None
#: Linux prctl option: the signal a process gets when its parent dies
PR_SET_PDEATHSIG = 1
#: seconds between a worker's checks that its parent is alive (where the kernel cannot tell it)
PARENT_CHECK_S = 1.0


class WorkerStartError(RuntimeError):
    """A worker could not build the pipeline (bad data file, missing model): nothing can be parsed."""


def _die_with_parent(parent: int) -> None:
    """End this worker when the ingest that started it dies, even by SIGKILL (which runs no cleanup).

    Linux: the kernel sends SIGKILL when the parent goes (prctl PR_SET_PDEATHSIG). Everywhere: a thread
    exits the worker once it has been re-parented, which also covers a parent dead before the prctl.
    """
    import signal
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="detente-parent-watch", daemon=True).start()


def _init_worker(options: Options, parent: int | None = None) -> None:
    """Build the stages (and load spaCy) once per worker process."""
    global _PIPELINE, _INIT_ERROR
    from detente import nlp

    if parent is not None:
        _die_with_parent(parent)
    try:
        _PIPELINE = Pipeline(options)
        _PIPELINE._stages()
        nlp.load(options.model)
    except Exception as exc:  # noqa: BLE001 - an initializer that raises only says "pool broken": keep the reason
        _INIT_ERROR = f"{type(exc).__name__}: {exc}"


def _extract_chunk(articles: list[Article]) -> list[Extraction | str]:
    """Extractions for one chunk; an article whose extraction raises becomes its error message."""
    if _INIT_ERROR is not None or _PIPELINE is None:
        raise WorkerStartError(f"a parsing worker could not start: {_INIT_ERROR or 'not initialised'}")
    return extract_each(_PIPELINE, articles)


def _ready() -> int:
    """A task that only says which worker ran it, once the worker has built its pipeline (its initializer ran)."""
    import time

    time.sleep(0.2)  # long enough that the next ready task goes to another worker
    return os.getpid()


class Workers:
    """A started pool whose workers have built the pipeline: what `extract_parallel` runs on.

    `extract_parallel` makes its own; a caller that times steady throughput (the ingest benchmark), or runs
    several ingests in one process, starts one, `warm()`s it and passes it in, so model loading is paid once
    and outside what it measures.
    """

    def __init__(self, options: Options | None = None, workers: int = 2) -> None:
        self.workers = workers
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),  # no fork of a
                                            initializer=_init_worker, initargs=(options or Options(), os.getpid()),  # parent
                                            max_tasks_per_child=RECYCLE_CHUNKS)  # holding a database connection

    def warm(self, timeout: float = 300.0) -> None:
        """Start every worker and wait until each has loaded the pipeline."""
        import time

        seen: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(seen) < self.workers and time.monotonic() < deadline:
            seen |= {f.result() for f in [self.executor.submit(_ready) for _ in range(self.workers)]}

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.executor.shutdown()


def extract_parallel(articles: Iterable[Article], options: Options | None = None, workers: int = 2,
                     chunk: int = CHUNK, pool: Workers | None = None) -> Iterator[tuple[Article, Extraction | str]]:
    """(article, extraction or error) in input order, parsed by `workers` processes (or by `pool`'s)."""
    if pool is None:
        with Workers(options, workers) as own:
            yield from extract_parallel(articles, options, workers, chunk, own)
        return
    window: deque[tuple[list[Article], Future[list[Extraction | str]]]] = deque()
    limit = max(1, pool.workers * WINDOW_PER_WORKER)
    for batch in chunks(articles, chunk):
        window.append((batch, pool.executor.submit(_extract_chunk, batch)))
        while len(window) >= limit:
            yield from _collect(window.popleft())
    while window:
        yield from _collect(window.popleft())


def _collect(item: tuple[list[Article], Future[list[Extraction | str]]]) -> Iterator[tuple[Article, Extraction | str]]:
    batch, future = item
    yield from zip(batch, future.result(), strict=True)


def ingest(sources: Iterable[str], store: Any, options: Options | None = None, workers: int = 2,
           on_item: Callable[[str, Any], None] | None = None, write_batch: int = WRITE_BATCH,
           pool: Workers | None = None) -> IngestReport:
    """`detente.pipeline.ingest` with `workers` parsing processes and this process as the one writer.

    Same report, same dedupe (by body hash, against the store and within the run), same guarantee
    that an article is stored whole or not at all.
    """
    report = IngestReport()
    in_flight: set[str] = set()
    extra_sources: dict[str, list[str]] = {}  # body hash -> sources of duplicates of an in-flight article

    def note(kind: str, item: Any) -> None:
        if on_item:
            on_item(kind, item)

    pending: list[Extraction] = []

    def flush() -> None:
        if not pending:
            return
        for extraction, new in zip(pending, store.save_many(pending), strict=True):
            count_saved(report, extraction, new)
            note("new" if new else "duplicate", extraction)
            settle(store, report, extraction.article.body_hash, in_flight, extra_sources)
        pending.clear()

    articles = fresh_articles(sources, store, report, in_flight, extra_sources, on_item)
    for article, result in extract_parallel(articles, options, workers=workers, pool=pool):
        if isinstance(result, str):
            failure = ExtractionFailure(article.source or article.id, result)
            report.failed.append(failure)
            in_flight.discard(article.body_hash)
            extra_sources.pop(article.body_hash, None)
            note("failed", failure)
            continue
        pending.append(result)
        if len(pending) >= write_batch:
            flush()
    flush()
    return report
