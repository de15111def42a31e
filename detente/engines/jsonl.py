"""Storing extractions written as JSON lines: `detente extract --json`, `detente merge`, or another tool's.

Each line is one extraction (article with its body, actors, events). Lines are stored as they are read,
WRITE_BATCH whole articles per transaction; a line that is not an extraction (or has an event whose type is
not one of PLOVER's 16) is a one-line failure naming the file and line, and the rest goes on. An article whose body is stored already only adds its sources, so
loading the same file again changes nothing.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from detente.engines.pool import WRITE_BATCH, ExtractionFailure
from detente.model import PLOVER_TYPES, Extraction
from detente.pipeline import IngestReport, save_batch


def read_lines(path: str) -> Iterator[Extraction | ExtractionFailure]:
    """The extractions of one JSONL file ("-" reads stdin), or a failure per line that is not one."""
    import sys

    try:
        lines: Any = sys.stdin.buffer if path == "-" else Path(path).open("rb")
    except OSError as exc:
        yield ExtractionFailure(path, f"cannot open: {exc.strerror or exc}")
        return
    try:
        for n, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8"))
                if not isinstance(data, dict) or not isinstance(data.get("article"), dict) or not data["article"].get("body"):
                    raise ValueError("no article with a body")
                extraction = Extraction.from_dict(data)
                if unknown := sorted({str(e.type) for e in extraction.events} - set(PLOVER_TYPES)):
                    yield ExtractionFailure(f"{path}:{n}", f"event type {unknown[0]!r} is not a PLOVER type "
                                                           f"({', '.join(PLOVER_TYPES)})")
                    continue
                yield extraction
            except UnicodeDecodeError:
                yield ExtractionFailure(f"{path}:{n}", "not UTF-8 text")
            except json.JSONDecodeError as exc:
                yield ExtractionFailure(f"{path}:{n}", f"not JSON ({exc.msg} at character {exc.pos + 1})")
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                why = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
                yield ExtractionFailure(f"{path}:{n}", f"not an extraction of `detente extract --json` ({why})")
    finally:
        if lines is not sys.stdin.buffer:
            lines.close()


def load(paths: Iterable[str], store: Any, on_item: Callable[[str, Any], None] | None = None) -> IngestReport:
    """Store every extraction in `paths`; failures are counted and named in the report."""
    report = IngestReport()
    batch: list[Extraction] = []

    def flush() -> None:
        save_batch(store, report, batch, on_item)
        batch.clear()

    for path in paths:
        for item in read_lines(path):
            if isinstance(item, ExtractionFailure):
                report.failed.append(item)
                if on_item:
                    on_item("failed", item)
                continue
            batch.append(item)
            if len(batch) >= WRITE_BATCH:
                flush()
    if batch:
        flush()
    return report
