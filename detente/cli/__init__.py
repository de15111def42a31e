"""The `detente` command: a thin face over the library; each command group is its own module."""
from __future__ import annotations

import click

from detente.cli import articles, ingest


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
