"""What the fault tests share: read-only and full file systems, store integrity checks, child processes."""
from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` made read-only for this process: a read-only bind mount as root (root ignores file modes), else
    chmod of the folder and its files; skipped where neither can be done."""
    if is_root():
        if _mount("--bind", str(folder), str(folder)).returncode:
            pytest.skip("running as root and cannot bind-mount read-only (root ignores file modes)")
        try:
            if _mount("-o", "remount,ro,bind", str(folder)).returncode:
                pytest.skip("running as root and cannot remount read-only (root ignores file modes)")
            yield folder
        finally:
            _mount_off(folder)
        return
    modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
    for p in modes:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield folder
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def _mount_off(folder: Path) -> None:
    """Unmount `folder`; connections a command left to the garbage collector are collected first, and a mount
    still busy is detached lazily, so no test leaves a mount behind."""
    import gc

    for _ in range(10):
        gc.collect()
        if not subprocess.run(["umount", str(folder)], capture_output=True, check=False).returncode:
            return
        time.sleep(0.1)
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` at `folder` (a full disk on demand): root only, else the test is skipped with the reason."""
    if not is_root():
        pytest.skip("a full disk needs a small tmpfs, and mounting one needs root")
    folder.mkdir(parents=True, exist_ok=True)
    if (done := _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))).returncode:
        pytest.skip(f"cannot mount a tmpfs ({done.stderr.strip()})")
    try:
        yield folder
    finally:
        _mount_off(folder)


def integrity(db: Path) -> dict[str, Any]:
    """What a store holds after a fault, and whether it is sound: integrity_check, foreign keys, FTS, duplicates."""
    conn = sqlite3.connect(db)  # read-write: FTS5's integrity-check is written as an INSERT
    try:
        out = {
            "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
            "foreign_keys": conn.execute("PRAGMA foreign_key_check").fetchall(),
            "fts": conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)") and "ok",
        }
    except sqlite3.DatabaseError as exc:  # the FTS check raises when the index disagrees with its table
        out = {"integrity": "?", "foreign_keys": [], "fts": str(exc)}
    finally:
        conn.close()
    return out


def contents(db: Path) -> dict[str, Any]:
    """The articles and events of a store, to compare a re-run after a kill with a clean run."""
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        articles = sorted(r[0] for r in conn.execute("SELECT body_hash FROM articles"))
        events = sorted(tuple(r) for r in conn.execute("SELECT article_id, type, start, sentence FROM events"))
        sources = sorted(tuple(r) for r in conn.execute("SELECT article_id, source FROM sources"))
        duplicates = conn.execute("SELECT count(*) - count(DISTINCT body_hash) FROM articles").fetchone()[0]
    finally:
        conn.close()
    return {"articles": articles, "events": events, "sources": sources, "duplicates": duplicates}


def detente(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.Popen[str]:
    """`python -m detente ARGS` as a child process (its own process group, so a test can kill all of it)."""
    return subprocess.Popen([sys.executable, "-m", "detente", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True, **kwargs)


def descendants(pid: int) -> list[int]:
    """The live processes below `pid` (Linux /proc), zombies left out."""
    from benchmarks.bench_ingest import tree

    return [p for p, fields in tree(pid) if p != pid and fields[0] != "Z"]


def alive(pids: list[int]) -> list[int]:
    """Those of `pids` still running (not gone, not zombies)."""
    out = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] != "Z":
                    out.append(pid)
        except OSError:
            pass
    return out


def wait_until(test: Any, timeout: float, every: float = 0.05) -> bool:
    """Poll `test()` until it is true or `timeout` seconds pass (a bound on a wait, not a timing)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if test():
            return True
        time.sleep(every)
    return bool(test())
