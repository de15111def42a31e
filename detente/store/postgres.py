"""PostgreSQL as the team store: `--db postgresql://user:pass@host/db`, same schema, same migrations, same queries.

`Store("postgresql://...")` returns a `PostgresStore` (detente.store), whose connection is this module's. It speaks the sqlite3 interface the
rest of detente uses (`execute(sql, params)` returning a cursor whose rows index by position and by
name, `executemany`, `in_transaction`, `lastrowid`), and passes every statement through
`detente.store.dialect`, so SQL is written once, in SQLite's dialect, and runs on both. Errors come
out as subclasses of sqlite3's (`IntegrityError`, `OperationalError`) so callers' handlers work too.

Needs `psycopg` 3 (`pip install 'detente[postgres]'`) and an ICU-enabled server (Debian's is) for the
case-insensitive `nocase` collation.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from detente.store.dialect import translate
from detente.store.opening import is_dsn, redact

__all__ = ["connect", "is_url", "redact"]

#: serialises migrations of concurrent processes opening the same database (any constant works)
MIGRATION_LOCK = 0x6465_7465


def is_url(location: object) -> bool:
    """A PostgreSQL location (URL or libpq key=value string): what the web app keeps as a string, not a Path."""
    return is_dsn(location)


class PgIntegrityError(sqlite3.IntegrityError):
    """A PostgreSQL constraint violation, catchable as sqlite3.IntegrityError."""


class PgOperationalError(sqlite3.OperationalError):
    """Any other PostgreSQL error, catchable as sqlite3.OperationalError."""


class Row:
    """A result row like sqlite3.Row: by position, by column name, `keys()`, `dict(row)`."""

    __slots__ = ("_values", "_keys", "_index")

    def __init__(self, values: Sequence[Any], keys: tuple[str, ...], index: dict[str, int]) -> None:
        self._values, self._keys, self._index = tuple(values), keys, index

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._keys)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Row):
            return self._values == other._values
        return self._values == other

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._keys, self._values, strict=True))!r})"


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    keys = tuple(d.name for d in cursor.description or ())
    index: dict[str, int] = {}
    for i, k in enumerate(keys):
        index.setdefault(k, i)
    return lambda values: Row(values, keys, index)


def _param(value: Any) -> Any:
    """Bind values as sqlite3 stores them: dates as ISO text, booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _params(params: Any) -> Any:
    if params is None:
        return ()
    if isinstance(params, dict):
        raise PgOperationalError("named parameters (:name) are not translated; use ?")
    return tuple(_param(v) for v in params)


class PgCursor:
    """The part of sqlite3.Cursor detente uses, over a psycopg cursor."""

    def __init__(self, cur: Any = None, lastrowid: int | None = None) -> None:
        self._cur = cur
        self.lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        return int(self._cur.rowcount) if self._cur is not None else -1

    @property
    def description(self) -> Any:
        return self._cur.description if self._cur is not None else None

    def _has_rows(self) -> bool:
        return self._cur is not None and self._cur.description is not None

    def fetchone(self) -> Row | None:
        return self._cur.fetchone() if self._has_rows() else None

    def fetchall(self) -> list[Row]:
        return list(self._cur.fetchall()) if self._has_rows() else []

    def fetchmany(self, size: int = 1) -> list[Row]:
        return list(self._cur.fetchmany(size)) if self._has_rows() else []

    def __iter__(self) -> Iterator[Row]:
        return iter(self._cur) if self._has_rows() else iter(())


class PgConnection:
    """A psycopg connection behind the sqlite3.Connection interface, translating SQLite SQL on the way."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._pk: dict[str, list[str]] = {}
        self._identity: dict[str, str] | None = None

    # --- catalog, cached
    def primary_key(self, table: str) -> list[str]:
        if table not in self._pk:
            rows = self.raw.execute(
                """SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid
                   AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary
                   ORDER BY array_position(i.indkey::int2[], a.attnum)""", (table,)).fetchall()
            self._pk[table] = [r[0] for r in rows]
        return self._pk[table]

    def identity_columns(self) -> dict[str, str]:
        if self._identity is None:
            self._identity = {r[0]: r[1] for r in self.raw.execute(
                """SELECT table_name, column_name FROM information_schema.columns
                   WHERE is_identity = 'YES' AND table_schema = current_schema()""")}
        return self._identity

    def forget_catalog(self) -> None:
        self._pk.clear()
        self._identity = None

    # --- the sqlite3 interface
    def execute(self, sql: str, params: Any = ()) -> PgCursor:
        pg = translate(sql, self.primary_key)
        if pg is None:
            return PgCursor()
        returning = None
        m = re.match(r"(?is)\s*INSERT\s+INTO\s+\"?(\w+)\"?", pg)
        if m and not re.search(r"(?i)\bRETURNING\b", pg):
            returning = self.identity_columns().get(m.group(1))
            if returning:
                pg += f' RETURNING "{returning}"'
        cur = self.raw.cursor()
        try:
            cur.execute(pg, _params(params))
        except Exception as exc:
            raise _mapped(exc, pg) from exc
        lastrowid = None
        if returning:
            row = cur.fetchone() if cur.description is not None else None
            lastrowid = int(row[0]) if row else None
        return PgCursor(cur, lastrowid)

    def executemany(self, sql: str, seq: Iterable[Any]) -> PgCursor:
        pg = translate(sql, self.primary_key)
        if pg is None:
            return PgCursor()
        rows = [_params(p) for p in seq]
        cur = self.raw.cursor()
        if rows:
            try:
                cur.executemany(pg, rows)
            except Exception as exc:
                raise _mapped(exc, pg) from exc
        return PgCursor(cur)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self.raw.info.transaction_status != TransactionStatus.IDLE)

    def commit(self) -> None:
        if self.in_transaction:
            self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def set_progress_handler(self, handler: Any, n: int) -> None:
        """SQLite-only hook (the web app's query budget); PostgreSQL bounds queries with statement_timeout."""

    def close(self) -> None:
        self.raw.close()


def _mapped(exc: Exception, sql: str) -> Exception:
    import psycopg

    if isinstance(exc, psycopg.IntegrityError):
        return PgIntegrityError(str(exc).strip())
    if isinstance(exc, psycopg.Error):
        return PgOperationalError(f"{str(exc).strip()} (in: {sql[:200]})")
    return exc


def connect(dsn: str) -> Any:
    """A psycopg connection in autocommit mode (transactions are explicit BEGIN/COMMIT, as with sqlite3)."""
    import psycopg
    from psycopg.types.numeric import FloatLoader

    raw = psycopg.connect(dsn, autocommit=True, cursor_factory=psycopg.ClientCursor, row_factory=_row_factory)
    raw.adapters.register_loader("numeric", FloatLoader)  # avg() and round() give floats, as in SQLite
    return raw
