"""Ids and keys as URL path segments, whatever characters they hold ('/' and '%' included).

An actor key, article id or event id may hold '/' (a URL used as an article's id, `group:a/b`). Links write it
as one segment with '/' escaped (`render.path_part`: `/dyads/group:a%2Fb/TUR`), but the server decodes the path
before the router sees it, and the escaped '/' would split the segment in two (a 404). `KeepEscapes` gives the
router the path from the request's raw bytes instead, decoded segment by segment with '%' and '/' left escaped
inside a segment, and the `segment` and `rest` converters turn a matched part back into the key:

    /dyads/{a:segment}/{b:segment}     a and b: one segment each, '/' written %2F
    /actors/{key:rest}                 the rest of the path: '/' escaped or not

Every other path decodes as before (a segment without '%' or an escaped '/' is unchanged).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

from starlette.convertors import Convertor, register_url_convertor
from starlette.types import ASGIApp, Receive, Scope, Send


def route_path(raw_path: bytes) -> str:
    """The path the router matches: each segment decoded, then its '%' and '/' escaped again."""
    text = raw_path.split(b"?", 1)[0].decode("latin-1")
    return "/".join(unquote(part).replace("%", "%25").replace("/", "%2F") for part in text.split("/"))


class KeepEscapes:
    """ASGI middleware: `scope["path"]` as `route_path` gives it (from `raw_path`; without one, from the decoded
    path, with its '%' escaped so the converters give it back as it was)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            raw = scope.get("raw_path")
            path = route_path(raw) if raw else scope["path"].replace("%", "%25")
            scope = dict(scope, path=path)
        await self.app(scope, receive, send)


class Segment(Convertor[str]):
    """One path segment, unescaped: an id or key that may hold '/' (written %2F)."""

    regex = "[^/]+"

    def convert(self, value: str) -> str:
        return unquote(value)

    def to_string(self, value: Any) -> str:
        return quote(str(value), safe=":")


class Rest(Segment):
    """The rest of the path, unescaped: a key or id written with its '/' escaped or not."""

    regex = ".*"

    def to_string(self, value: Any) -> str:
        return quote(str(value), safe=":/")


CONVERTERS = {"segment": Segment(), "rest": Rest()}
for _name, _convertor in CONVERTERS.items():
    register_url_convertor(_name, _convertor)
