"""`detente serve`: the web app and REST API over the database, on 127.0.0.1 unless told otherwise."""
from __future__ import annotations

import os
import secrets

import click

#: the environment variable that holds the ingest token (so it stays out of `ps` output)
ENV_TOKEN = "DETENTE_TOKEN"


@click.command()
@click.option("--db", "db_option", type=click.Path(dir_okay=False), help="SQLite file (overrides the group's --db).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback exposes the database to the network.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option("--allow-ingest", is_flag=True, help="Accept POST /api/ingest (needs the token).")
@click.option("--token", envvar=ENV_TOKEN, help=f"Token for --allow-ingest (default: ${ENV_TOKEN}, else a random one, printed).")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.pass_context
def serve(ctx: click.Context, db_option: str | None, host: str, port: int, allow_ingest: bool, token: str | None,
          log_level: str) -> None:
    """Serve the network explorer, dossiers, dyads, events and articles, with the JSON API under /api."""
    import uvicorn

    from detente.store import default_path
    from detente.web import Settings, create_app

    db = db_option or (ctx.obj or {}).get("db") or str(default_path())
    from detente.store.postgres import is_url

    if not is_url(db) and not os.path.isfile(db):
        raise click.ClickException(f"no detente store at {db} (`detente ingest` creates one)")
    if allow_ingest and not token:
        token = secrets.token_urlsafe(24)
        click.echo(f"ingest token: {token}", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: binding {host}: anyone who can reach this address can read the database", err=True)
    from detente.cli.common import pipeline_options
    from detente.store import StoreError

    options = pipeline_options() if allow_ingest else None  # the config file's stages, as `detente ingest` runs them
    try:
        app = create_app(Settings(db=os.fspath(db), allow_ingest=allow_ingest, token=token, options=options))
    except StoreError as exc:  # not a detente store, unreadable, unreachable: one line
        raise click.ClickException(str(exc)) from None
    from detente.store.postgres import redact

    click.echo(f"detente: serving {redact(str(db))} on http://{host}:{port}/ (API docs at /docs"
               f"{'; ingest allowed' if allow_ingest else '; read-only'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)


COMMANDS = [serve]
