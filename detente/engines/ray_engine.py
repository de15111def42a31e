"""`detente ingest --engine ray`: Ray Data reads, an actor pool extracts, Parquet shards carry the results.

    files      the driver lists the input files (directories walked as `detente ingest` walks them)
    read       Ray tasks: `flat_map` of `detente.ingest.read` over the files -> one row per article
    extract    Ray actor pool (`map_batches` with a class): the pipeline is built once per actor
    write      `write_parquet(output)`: local folder or any pyarrow filesystem URL (s3://, gs://, ...)
    load       the driver streams the shards into the store, whole articles per transaction

Dedupe by body hash happens at load (the store keeps the first copy and adds the others' sources),
so duplicates within a run are parsed but never stored twice; a re-run stores nothing new. The shards
are plain Parquet (see `detente.engines.rows`) and can be loaded later, elsewhere, with `load`.
Connects to a cluster when RAY_ADDRESS is set (or `address=` is given), else starts Ray on this machine.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from detente.engines.pool import CHUNK, WRITE_BATCH, ExtractionFailure
from detente.engines.rows import extraction_from_row, to_row
from detente.pipeline import IngestReport, Options, failed, save_batch

#: Parquet rows per shard file: ~2,000 rows of extraction JSON is ~10-20 MB, a size object stores like
ROWS_PER_SHARD = 2000
#: object store for a Ray started here: small, so CI containers with a 64 MB /dev/shm still start it
#: (Ray spills to disk beyond it; the extraction rows are small)
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024


def list_files(sources: Iterable[str]) -> list[str]:
    """The files `detente ingest` would read for `sources` (URLs kept as they are), in its order."""
    from detente.ingest.sources import _readable_name

    out: list[str] = []
    for source in sources:
        if source == "-":
            raise ValueError("--engine ray cannot read stdin: give files, directories or URLs")
        if os.path.isdir(source):
            for root, dirs, files in os.walk(source):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out += [os.path.join(root, f) for f in sorted(files) if not f.startswith(".") and _readable_name(f)]
        else:
            out.append(source)
    return out


def _read_rows(item: dict[str, Any]) -> list[dict[str, Any]]:
    """Ray task: the articles of one input, each as a row holding the Article as JSON (or the read failure)."""
    import json

    from detente.ingest import Failure, read

    rows = []
    for art in read([item["source"]]):
        if isinstance(art, Failure):
            rows.append({"article": None, "source": art.source, "failure": art.reason})
        else:
            rows.append({"article": json.dumps(art.to_dict(), ensure_ascii=False, default=str), "source": art.source,
                         "failure": None})
    return rows


class Extractor:
    """Ray actor: builds the pipeline (and loads spaCy) once, then extracts batch after batch."""

    def __init__(self, options: Options) -> None:
        from detente import nlp
        from detente.pipeline import Pipeline

        self.pipeline = Pipeline(options)
        self.pipeline._stages()
        nlp.load(options.model)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        import json

        from detente.model import Article

        out: dict[str, list[Any]] = {k: [] for k in ("article_id", "body_hash", "source", "outlet", "published",
                                                     "events", "extraction", "error")}
        articles = []
        for payload, source, failure in zip(batch["article"], batch["source"], batch["failure"], strict=True):
            if payload is None:
                for key in out:
                    out[key].append(None)
                out["events"][-1] = 0
                out["source"][-1] = source
                out["error"][-1] = str(failure)
                continue
            articles.append(Article.from_dict(json.loads(payload)))
        results: list[Any] = []
        try:
            results = list(self.pipeline.run(articles))
        except Exception:  # noqa: BLE001 - find the article that breaks, keep the others
            for art in articles:
                try:
                    results.extend(self.pipeline.run([art]))
                except Exception as exc:  # noqa: BLE001
                    results.append(f"extraction failed: {type(exc).__name__}: {exc}")
        for art, result in zip(articles, results, strict=True):
            for key, value in to_row(art, result).items():
                out[key].append(value)
        return out


def _init_ray(address: str | None, workers: int | None) -> Any:
    import ray

    if ray.is_initialized():
        return ray
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # detente runs offline: no usage reports
    address = address or os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
    else:
        ray.init(num_cpus=workers or os.cpu_count(), include_dashboard=False, ignore_reinit_error=True,
                 log_to_driver=False, object_store_memory=LOCAL_OBJECT_STORE_BYTES)
    ray.data.DataContext.get_current().enable_progress_bars = False
    return ray


def extract_to_parquet(sources: Iterable[str], output: str, options: Options | None = None, workers: int | None = None,
                       address: str | None = None, batch_size: int = CHUNK) -> int:
    """Run read + extract on Ray and write Parquet shards under `output`; returns the number of input files."""
    options = options or Options()
    files = list_files(sources)
    if not files:
        return 0
    ray = _init_ray(address, workers)
    pool = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    ds = ray.data.from_items([{"source": f} for f in files], override_num_blocks=min(len(files), pool * 4))
    # reading is light next to parsing: it takes no CPU slot, so it is never starved by the actors holding them all
    ds = ds.flat_map(_read_rows, num_cpus=0)
    ds = ds.map_batches(Extractor, fn_constructor_kwargs={"options": options},
                        compute=ray.data.ActorPoolStrategy(size=pool), batch_size=batch_size, batch_format="default",
                        num_cpus=1)
    ds.write_parquet(output, min_rows_per_file=ROWS_PER_SHARD)
    return len(files)


def shard_rows(path: str, batch_rows: int = WRITE_BATCH) -> Iterator[list[dict[str, Any]]]:
    """The rows of every Parquet shard under `path` (a folder or a filesystem URL), a batch at a time."""
    import pyarrow.dataset as pads

    dataset = pads.dataset(path, format="parquet")
    for batch in dataset.to_batches(batch_size=batch_rows):
        yield batch.to_pylist()


def load(path: str, store: Any, on_item: Callable[[str, Any], None] | None = None,
         report: IngestReport | None = None) -> IngestReport:
    """Store the extractions of Parquet shards under `path`: whole articles, WRITE_BATCH per transaction."""
    report = report or IngestReport()
    for rows in shard_rows(path):
        extractions = []
        for row in rows:
            if row.get("error"):
                failed(report, ExtractionFailure(row.get("source") or row.get("article_id") or "?", row["error"]), on_item)
            else:
                extractions.append(extraction_from_row(row))
        save_batch(store, report, extractions, on_item)
    return report


def ingest(sources: Iterable[str], store: Any, options: Options | None = None, workers: int | None = None,
           output: str | None = None, on_item: Callable[[str, Any], None] | None = None,
           address: str | None = None) -> IngestReport:
    """Extract on Ray into Parquet shards (kept under `output` when given), then load them into `store`."""
    report = IngestReport()
    with tempfile.TemporaryDirectory(prefix="detente-ray-") as tmp:
        target = output or os.path.join(tmp, "shards")
        if extract_to_parquet(sources, target, options, workers=workers, address=address) == 0:
            return report
        return load(target, store, on_item=on_item, report=report)
