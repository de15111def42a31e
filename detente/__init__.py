"""detente: turn raw news about world politics into a dated, sourced map of who does what to whom."""
from __future__ import annotations

__version__ = "0.1.0"


def open(path=None):  # type: ignore[no-untyped-def]  # noqa: A001
    """Open a detente database as DataFrames and a graph (see detente.api); imported lazily to keep the CLI fast."""
    from detente.api import open as _o

    return _o(path)
