"""detente: turn raw news about world politics into a dated, sourced map of who does what to whom."""
from __future__ import annotations

__version__ = "0.1.0"
