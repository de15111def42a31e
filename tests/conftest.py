"""Shared fixtures: a store in tmp_path, the real spaCy model once per session, paths to ../shared."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real data or config directory."""
    monkeypatch.setenv("DETENTE_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("DETENTE_CONFIG", str(tmp_path / "no-config.toml"))


@pytest.fixture
def store(tmp_path: Path):
    from detente.store import Store

    s = Store(tmp_path / "test.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def nlp():
    from detente import nlp as nlp_mod

    return nlp_mod.load()


def need_shared() -> None:
    if not SEEDS:
        pytest.skip(f"../shared is not beside the repo ({SHARED}): seeds and gold data unavailable")


@pytest.fixture(scope="session")
def stages():
    """The registered actors and events stages, built once: (actors_stage, events_stage)."""
    from detente import registry

    return registry.get("actors")(), registry.get("events")()


# the browser tests' store, server and Chromium, started once for every test module that asks for them
from tests.web_browser import browser, e2e_db, page, server  # noqa: E402, F401
