"""Opening a store safely: what a location names, whether a file is a detente store, read-only access, one-line errors.

    sqlite_connect(path, create)   the connection, and whether it is read-only, or StoreError
    is_dsn(location)               a PostgreSQL URL or libpq "key=value" string, not a SQLite path
    redact(dsn)                    the DSN without its password, for every message and `store.path`

Nothing here writes to a file before it is known to be a detente store (or a new one): another
application's SQLite file is refused untouched (no WAL switch, no tables added), and a read-only file
or directory is opened read-only instead of failing on the first write.
"""
from __future__ import annotations

import os
import re
import sqlite3
import stat
from pathlib import Path

#: the first 16 bytes of every SQLite 3 database file
SQLITE_HEADER = b"SQLite format 3\x00"
URL_SCHEMES = ("postgresql://", "postgres://")
#: libpq connection keywords: a string of key=value pairs starting with one of these is a DSN, not a file name
LIBPQ_KEYWORDS = frozenset("""host hostaddr port dbname user password passfile service sslmode sslcert sslkey
sslrootcert connect_timeout application_name options target_session_attrs channel_binding""".split())
_LIBPQ_PAIR = re.compile(r"""\s*(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']*)\s*""")
_URL_USERINFO = re.compile(r"^([a-z][a-z0-9+.-]*://[^:/?#@]*:)([^/?#]*)@", re.I)
_URL_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.I)
_LIBPQ_PASSWORD = re.compile(r"""(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s']*)""", re.I)


class StoreError(Exception):
    """The store cannot be opened (or written): one line naming it and saying why; the CLI prints it as it is."""


class StoreMissing(StoreError, FileNotFoundError):
    """No store at the path given, and the caller may not create one (a read command: a typo, not a new store)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"no detente store at {path} (`detente ingest` creates one)")
        self.path = path


def is_dsn(location: object) -> bool:
    """A PostgreSQL location: a postgresql:// URL, or a libpq string of key=value pairs ("host=db dbname=news")."""
    if not isinstance(location, str):
        return False
    if location.startswith(URL_SCHEMES):
        return True
    pairs, end = [], 0
    for m in _LIBPQ_PAIR.finditer(location):
        if m.start() != end:
            return False
        pairs.append(m.group(1).lower())
        end = m.end()
    return bool(pairs) and end == len(location) and pairs[0] in LIBPQ_KEYWORDS


def redact(dsn: str) -> str:
    """`dsn` with every password it holds as ***: URL userinfo, a `password=` URL parameter, a libpq `password=`."""
    if dsn.startswith(URL_SCHEMES):
        return _URL_PASSWORD.sub(r"\1***", _URL_USERINFO.sub(r"\1***@", dsn))
    return _LIBPQ_PASSWORD.sub(r"\1***", dsn)


def passwords(dsn: str) -> list[str]:
    """The password strings a DSN holds (to scrub them from a driver's message)."""
    forms = (_URL_USERINFO, _URL_PASSWORD) if dsn.startswith(URL_SCHEMES) else (_LIBPQ_PASSWORD,)
    found = [m.group(2) for rx in forms for m in rx.finditer(dsn)]
    return [p.strip("'") for p in found if p.strip("'")]


def scrub(message: str, dsn: str) -> str:
    """A driver's message on one line, with the DSN's passwords (and the DSN itself) redacted."""
    line = " ".join(message.split())
    for secret in sorted(passwords(dsn), key=len, reverse=True):
        line = line.replace(secret, "***")
    return line


def _not_a_store(path: Path, why: str) -> StoreError:
    return StoreError(f"{path} is not a detente store ({why}); nothing was changed")


def _header(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER))
    except PermissionError:
        raise StoreError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None


def _inspect(path: Path) -> tuple[set[str], set[str]]:
    """(tables, applied migrations) of an existing SQLite file, read without writing anything."""
    try:
        conn = _read_only(path)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if not r[0].startswith("sqlite_")}
        applied: set[str] = set()
        if "migrations" in tables:
            try:
                applied = {r[0] for r in conn.execute("SELECT name FROM migrations")}
            except sqlite3.Error:
                applied = {"?"}  # another application's `migrations` table, with no `name` column
        return tables, applied
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a usable SQLite database ({exc}); nothing was changed") from None
    finally:
        conn.close()


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: mode=ro, or immutable=1 where a WAL file's shared memory cannot be made."""
    uri = path.absolute().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # a WAL database in a directory we cannot write: SQLite cannot create its -shm file to read it shared;
        # read it as a snapshot (nobody who can write it is expected: we cannot)
        conn.close()
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def check(path: Path, create: bool, migrations: list[str]) -> set[str] | None:
    """The migrations applied to the store at `path` (None where there is none yet), or StoreError if it may not
    be opened: a missing file is created only with `create`; an existing one must be SQLite and empty or detente's.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        if not create:
            raise StoreMissing(path) from None
        return None
    except OSError as exc:
        raise StoreError(f"cannot open {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{path} is a directory, not a database file")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{path} is not a regular file")
    head = _header(path)
    if not head:
        if not create:
            raise _not_a_store(path, "an empty file")
        return set()
    if not head.startswith(SQLITE_HEADER):
        raise _not_a_store(path, "not a SQLite database")
    tables, applied = _inspect(path)
    if not tables:
        if not create:
            raise _not_a_store(path, "an empty SQLite database")
        return set()
    # detente's: its first migration is recorded, or only its `migrations` table was made (a first open cut short)
    if migrations[0] not in applied and not (tables == {"migrations"} and not applied):
        shown = ", ".join(sorted(tables)[:4]) + (", ..." if len(tables) > 4 else "")
        raise _not_a_store(path, f"a SQLite database of another application: {len(tables)} table{'s' * (len(tables) > 1)} ({shown})")
    return applied


def writable(path: Path) -> bool:
    """Whether SQLite can write `path`: the file (if it exists) and its directory (for the -wal and -shm files)."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(parent, os.W_OK)


def sqlite_connect(path: Path, create: bool, migrations: list[str], busy_ms: int) -> tuple[sqlite3.Connection, bool]:
    """A connection to the detente store at `path` and whether it is read-only (see `check`)."""
    applied = check(path, create, migrations)
    if applied is not None and not writable(path):
        missing = [name for name in migrations if name not in applied]
        if missing:
            raise StoreError(f"{path} is read-only and {'has no schema yet' if not applied else 'its schema is older'}"
                             f" ({len(missing)} migrations to apply): open it once with write access")
        try:
            conn = _read_only(path)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {path} read-only: {exc}") from None
        try:
            conn.execute("PRAGMA query_only=ON")
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"cannot open {path} read-only: {exc}") from None
        conn.row_factory = sqlite3.Row
        return conn, True
    if applied is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path}: {exc.strerror or exc}") from None
    try:
        conn = sqlite3.connect(str(path), timeout=busy_ms / 1000, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={busy_ms}")
    except sqlite3.Error as exc:  # a full disk, a read-only mount SQLite found out about late
        conn.close()
        raise StoreError(f"cannot open {path}: {exc}") from None
    return conn, False
