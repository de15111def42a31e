"""What the browser tests share (tests/conftest.py makes these fixtures visible to every module): the seeds and
examples/ through the real pipeline in one store and a real uvicorn server over it, made once per session, and
headless Chromium, started per module.

The browser needs Debian's chromium at /usr/bin/chromium (`.ci/web-deps.sh` installs it) and the playwright
package; tests that ask for it skip with the reason when either is missing. Screenshots go to test-output/.
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.store import Store
from detente.web import Settings, create_app
from tests import web_fixtures
from tests.conftest import EXAMPLES, ROOT, SEEDS

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-output"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: the window the screenshots are taken in (the README describes them)
SHOT_SIZE = {"width": 1400, "height": 1000}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """uvicorn in a thread on 127.0.0.1, stopped by the fixture."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        self.db = db
        self.port = free_port()
        self.app = create_app(Settings(db=str(db)))
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    limit_concurrency=1000, backlog=1024))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """The seeds and examples/ through the real pipeline (hand-built articles without ../shared), plus a hostile
    article and one that names a town as if it acted (a place the network must not draw)."""
    path = tmp_path_factory.mktemp("web-e2e") / "e2e.db"
    store = Store(path)
    if SEEDS:
        from detente.pipeline import ingest

        ingest([str(p) for p in SEEDS] + [str(EXAMPLES)], store)
    else:
        for extraction in web_fixtures.extractions():
            store.save(extraction)
    store.save(web_fixtures.hostile())
    store.save(web_fixtures.place_as_actor())
    store.close()
    return path


@pytest.fixture(scope="session")
def server(e2e_db: Path) -> Iterator[Server]:
    with Server(e2e_db) as s:
        yield s


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium for one test module: playwright's sync API keeps an event loop running in this thread while it is
    open, and the in-process clients of other modules need the thread's loop to themselves."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"no Chromium at {CHROMIUM}: run .ci/web-deps.sh (apt-get install chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    SHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport=SHOT_SIZE, accept_downloads=True)
        yield context
        context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A tab that records script dialogs (an XSS would open one) and page errors."""
    tab = browser.new_page()
    tab.set_default_timeout(60_000)  # a loaded 2-core CI machine; nothing here waits that long when it works
    tab.dialogs, tab.errors = [], []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    tab.close()


def shoot(page: Any, name: str) -> None:
    """A screenshot of what a 1400x1000 window shows, into test-output/NAME.png."""
    page.set_viewport_size(SHOT_SIZE)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def graph_ready(page: Any) -> dict[str, Any]:
    """Wait for the network to be drawn; its nodes' ids and its edges as [source, target]."""
    page.wait_for_selector("#net[data-ready=true]", timeout=60_000)
    return dict(page.evaluate("() => ({nodes: detenteNetwork.nodes.map(n => n.id),"
                              " edges: detenteNetwork.edges.map(e => [e.source, e.target])})"))


def map_ready(page: Any) -> None:
    page.wait_for_selector("#map[data-ready=true]", timeout=60_000)
