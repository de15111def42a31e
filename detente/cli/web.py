"""`detente serve`: the web app and REST API over the database, on 127.0.0.1 unless told otherwise."""
from __future__ import annotations

import os
import secrets
import socket

import click

#: the environment variable that holds the ingest token (so it stays out of `ps` output)
ENV_TOKEN = "DETENTE_TOKEN"


@click.command()
@click.option("--db", "db_option", type=click.Path(dir_okay=False), help="SQLite file (overrides the group's --db).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback exposes the database to the network.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="A name browsers may reach the server by, besides localhost, IP addresses and --host "
                   "(repeatable; *.example.org for a domain, * for any; also $DETENTE_ALLOWED_HOSTS, comma-separated).")
@click.option("--allow-ingest", is_flag=True, help="Accept POST /api/ingest (needs the token).")
@click.option("--token", envvar=ENV_TOKEN, help=f"Token for --allow-ingest (default: ${ENV_TOKEN}, else a random one, printed).")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.pass_context
def serve(ctx: click.Context, db_option: str | None, host: str, port: int, allow_hosts: tuple[str, ...],
          allow_ingest: bool, token: str | None, log_level: str) -> None:
    """Serve the network explorer, dossiers, dyads, events and articles, with the JSON API under /api."""
    import uvicorn

    from detente.store import default_path
    from detente.web import Settings, create_app
    from detente.web.hosts import ENV_ALLOWED_HOSTS, is_loopback, reach, url

    db = db_option or (ctx.obj or {}).get("db") or str(default_path())
    from detente.store.postgres import is_url

    if not is_url(db) and not os.path.isfile(db):
        raise click.ClickException(f"no detente store at {db} (`detente ingest` creates one)")
    sockets = bind(host, port)
    if allow_ingest and not token:
        token = secrets.token_urlsafe(24)
        click.echo(f"ingest token: {token}", err=True)
    if not is_loopback(host):
        click.echo(f"warning: binding {host}: anyone who can reach this address can read the database", err=True)
    from detente.cli.common import pipeline_options
    from detente.store import StoreError

    options = pipeline_options() if allow_ingest else None  # the config file's stages, as `detente ingest` runs them
    names = list(allow_hosts) + [n for n in os.environ.get(ENV_ALLOWED_HOSTS, "").split(",") if n.strip()]
    try:
        app = create_app(Settings(db=os.fspath(db), allow_ingest=allow_ingest, token=token, options=options, host=host,
                                  allowed_hosts=tuple(names)))
    except StoreError as exc:  # not a detente store, unreadable, unreachable: one line
        for sock in sockets:
            sock.close()
        raise click.ClickException(str(exc)) from None
    from detente.store.postgres import redact

    click.echo(f"detente: serving {redact(str(db))} on {url(host, sockets[0].getsockname()[1])}{reach(host)} (API docs at /docs"
               f"{'; ingest allowed' if allow_ingest else '; read-only'})", err=True)
    config = uvicorn.Config(app, log_level=log_level, server_header=False)
    uvicorn.Server(config).run(sockets=sockets)


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address `host` names (one port for all, the first one's when `port` is 0), or a
    one-line error: the banner then prints the port that is really served, and an address in use is no traceback."""
    name = host.strip().strip("[]")
    name = "" if name in ("*", "") else name
    try:
        infos = socket.getaddrinfo(name or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        raise click.ClickException(f"cannot bind {host}: {exc}") from None
    sockets: list[socket.socket] = []
    try:
        for family, kind, proto, _canon, address in dict.fromkeys(infos):
            if family not in (socket.AF_INET, socket.AF_INET6):
                continue
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)  # '::' and '0.0.0.0' each get theirs
            if sockets[0] is not sock:
                address = (address[0], sockets[0].getsockname()[1], *address[2:])
            sock.bind(address)
            sock.listen(2048)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        raise click.ClickException(f"cannot bind {host}:{port}: {exc.strerror or exc}") from None
    if not sockets:
        raise click.ClickException(f"cannot bind {host}: no IPv4 or IPv6 address")
    return sockets


COMMANDS = [serve]
