"""Engines that run the pipeline at scale: a process pool on one machine, Ray Data beyond it.

    ingest(sources, store, options, workers=N)           local: N parsing processes, one writer
    detente.engines.ray_engine.ingest(..., output=...)   Ray Data actor pool -> Parquet shards -> store
    detente.engines.jsonl.load(files, store)             extractions made elsewhere (`extract --json`) -> store

Each gives the same `IngestReport` and the same guarantees as `detente.pipeline.ingest`: dedupe by
body hash before parsing, whole articles only in every commit.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from detente.pipeline import IngestReport, Options
from detente.pipeline import ingest as serial_ingest

ENGINES = ("local", "ray")


def resolve_workers(workers: int) -> int:
    """0 means one per core; anything else is taken as given (at least 1)."""
    return max(1, workers or (os.cpu_count() or 1))


def ingest(sources: Iterable[str], store: Any, options: Options | None = None, workers: int = 1,
           on_item: Callable[[str, Any], None] | None = None) -> IngestReport:
    """One worker: the serial pipeline in this process; more: the process pool with this process as writer."""
    workers = resolve_workers(workers)
    if workers == 1:
        return serial_ingest(sources, store, options, on_item=on_item)
    from detente.engines import pool

    return pool.ingest(sources, store, options, workers=workers, on_item=on_item)
