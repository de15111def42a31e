"""The `detente` command: a thin face over the library; each command group is its own module."""
from __future__ import annotations

import errno
import sqlite3
from typing import Any

import click

from detente.cli import articles, ingest
from detente.store import StoreError
from detente.store.opening import redact

#: errors of the machine, not of detente: a command meeting one ends with one line naming it
_ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EIO})


class _Main(click.Group):
    """A store error met mid-command (a full disk, a server gone) ends the command with one line, no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.Error as exc:
            where = redact(str((ctx.obj or {}).get("db") or "the store"))
            raise click.ClickException(" ".join(f"{where}: {exc}".split())) from None
        except OSError as exc:
            if exc.errno not in _ENVIRONMENT_ERRNOS:
                raise
            raise click.ClickException(f"{exc.filename or 'write'}: {exc.strerror}") from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="DETENTE_DB", type=click.Path(dir_okay=False),
              help="SQLite file (default: $DETENTE_DB, else detente.db in your data directory).")
@click.version_option(package_name="detente")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """detente: who does what to whom in world politics, from raw news, with evidence."""
    ctx.obj = {"db": db}


for module in (ingest, articles):
    for command in module.COMMANDS:
        main.add_command(command)


def _register_optional() -> None:
    """Command groups whose modules may be absent in a trimmed install."""
    import importlib

    for name in ("actors", "events", "evaluate", "analysis", "web", "export", "compare"):
        try:
            module = importlib.import_module(f"detente.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"detente.cli.{name}":
                continue
            raise
        for command in module.COMMANDS:
            main.add_command(command)


_register_optional()
