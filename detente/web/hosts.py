"""Which addresses are this machine's own, the URL to print for a bind address, and the Host header check.

DNS rebinding: a page on a name its attacker controls (`evil.example`) has that name resolve to 127.0.0.1,
and the victim's browser then sends the page's requests, with `Host: evil.example`, to the server on
loopback, and lets the page read the answers. `HostCheck` answers 400 to a request whose Host header names
none of the names this server is known by:

- loopback names: `localhost` and any `*.localhost` (browsers resolve them to loopback themselves);
- any IP address (`127.0.0.1:8001`, `[::1]`, `192.168.1.20`): no rebinding goes through an address, since
  a page can only send to the address its own origin names;
- the host `detente serve` was told to bind (`--host myserver.lan`);
- the names given with `--allow-host` (repeatable; `*.example.org` allows every name under example.org, and
  `*` turns the check off, e.g. behind a reverse proxy that checks Host itself), or in the environment
  variable DETENTE_ALLOWED_HOSTS (names separated by commas).

A request without a Host header (HTTP/1.0, a script) is let through: browsers always send one.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

ENV_ALLOWED_HOSTS = "DETENTE_ALLOWED_HOSTS"
#: the names a bind address means all of this machine's addresses
ANY_ADDRESS = ("", "0.0.0.0", "::", "[::]", "*")


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = host.strip("[]").split("%", 1)[0]  # a zone id (fe80::1%eth0) is not part of the address
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    """Whether a bind address or name reaches only this machine: 127.0.0.0/8, ::1 (also as ::ffff:127.x.x.x),
    `localhost` and `*.localhost`, or a name that resolves only to such addresses."""
    name = host.strip().rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    ip = _ip(name)
    if ip is not None:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return ip.is_loopback
    if name in ANY_ADDRESS:
        return False
    try:
        found = {info[4][0] for info in socket.getaddrinfo(name, None)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(is_loopback(str(a)) for a in found)


def url(host: str, port: int) -> str:
    """The URL a browser on this machine opens for a server bound to host:port: an any-address bind is reached
    on loopback (`0.0.0.0` at 127.0.0.1, `::` at [::1]), an IPv6 address is bracketed (its zone id escaped)."""
    name = host.strip()
    if name in ("", "0.0.0.0", "*"):
        name = "127.0.0.1"
    elif name in ("::", "[::]"):
        name = "::1"
    ip = _ip(name)
    if isinstance(ip, ipaddress.IPv6Address):
        name = "[" + name.strip("[]").replace("%", "%25") + "]"
    return f"http://{name}:{port}/"


def reach(host: str) -> str:
    """What an any-address bind listens on, for the banner after its URL ('' for any other host)."""
    name = host.strip()
    if name in ("", "*"):
        return " (and every address of this machine)"
    if name == "0.0.0.0":
        return " (and every IPv4 address of this machine)"
    if name in ("::", "[::]"):
        return " (and every IPv6 address of this machine)"
    return ""


def allowed_names(bound: str | None, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The Host names allowed besides loopback names and addresses: the bound host (a name) and `extra`."""
    names = [n.strip().rstrip(".").lower() for n in extra if n and n.strip()]
    if bound and bound.strip() not in ANY_ADDRESS and _ip(bound) is None:
        names.append(bound.strip().rstrip(".").lower())
    return tuple(dict.fromkeys(names))


def host_of(header: str) -> str:
    """The host of a Host header, without its port, lower-cased, without a final dot ('[::1]:8001' -> '[::1]')."""
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[:end + 1] if end > 0 else value
    return value.rsplit(":", 1)[0].rstrip(".") if value.count(":") == 1 else value.rstrip(".")


def host_allowed(header: str, names: tuple[str, ...]) -> bool:
    """Whether a Host header names this server (see the module doc)."""
    if "*" in names:
        return True
    host = host_of(header)
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost") or _ip(host) is not None:
        return True
    for name in names:
        if host == name or (name.startswith("*.") and host.endswith(name[1:])):
            return True
    return False


class HostCheck:
    """ASGI middleware: a request whose Host header names none of `names` (nor loopback, nor an address) gets
    `refuse`'s answer (400) and never reaches the app."""

    def __init__(self, app: ASGIApp, names: tuple[str, ...], refuse: ASGIApp) -> None:
        self.app, self.names, self.refuse = app, names, refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            header = next((v for k, v in scope.get("headers", ()) if k == b"host"), None)
            if header is not None and not host_allowed(header.decode("latin-1"), self.names):
                await self.refuse(scope, receive, send)
                return
        await self.app(scope, receive, send)
