"""How many requests the app works on at once, and a bounded queue for the others.

    Gate(app, active=8, queue=1024, wait_s=30.0, refuse=...)

At most `active` requests run at once (the reading connections the pool holds); the others wait their turn in
arrival order. A request is refused (503 busy, with Retry-After) only when `queue` requests are waiting
already or its wait passes `wait_s`: a burst of 200 requests is answered in turn, not half of it refused.
Static files and the API docs bypass the gate: they read no database.
"""
from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Receive, Scope, Send

#: requests worked on at once: the pool's reading connections (detente.web.db.POOL_SIZE)
ACTIVE = 8
#: requests that may wait: enough for a burst of several hundred; past that a client is better told at once
QUEUE = 1024
#: the longest a request waits for its turn before it is refused
WAIT_S = 30.0
#: paths that read no database, never held back
FREE = ("/static/", "/docs", "/openapi.json", "/favicon.ico")

Refuse = Callable[[Scope, Receive, Send, str], Awaitable[None]]


class Load:
    """How many requests the gate lets work and holds waiting now (read by other threads: see `busy`)."""

    def __init__(self) -> None:
        self.running = 0
        self.waiting = 0

    def busy(self) -> bool:
        """More than one request at work, or any waiting: background work should wait its turn."""
        return self.running > 1 or self.waiting > 0


class Gate:
    """ASGI middleware: at most `active` requests in the app, up to `queue` waiting (FIFO) for at most `wait_s`;
    `load` tells how many there are."""

    def __init__(self, app: ASGIApp, refuse: Refuse, active: int = ACTIVE, queue: int = QUEUE,
                 wait_s: float = WAIT_S, load: Load | None = None) -> None:
        self.app, self.refuse = app, refuse
        self.load = load or Load()
        self.active, self.queue, self.wait_s = active, queue, wait_s
        self.running = 0
        self._waiting: deque[asyncio.Future[bool]] = deque()
        self.refused = 0

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(FREE):
            await self.app(scope, receive, send)
            return
        why = await self._enter()
        if why:
            self.refused += 1
            await self.refuse(scope, receive, send, why)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._leave()
            self._count()

    async def _enter(self) -> str | None:
        """Wait for a turn: None once the request may run, else why it may not."""
        if self.running < self.active and not self._waiting:
            self.running += 1
            self._count()
            return None
        if len(self._waiting) >= self.queue:
            return f"{self.queue} requests are waiting already"
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[bool] = loop.create_future()
        self._waiting.append(turn)
        self._count()
        timer = loop.call_later(self.wait_s, _expire, turn)
        try:
            granted = await turn
        except asyncio.CancelledError:  # the client went away: pass on a turn it was given, leave the queue
            if turn.done() and not turn.cancelled() and turn.result():
                self._leave()
            else:
                self._forget(turn)
            raise
        finally:
            timer.cancel()
        if not granted:
            self._forget(turn)
            return f"no turn came within {self.wait_s:g} s"
        return None

    def _leave(self) -> None:
        """A request is done: its turn goes to the first still waiting (`running` stays), else is freed."""
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(True)
                return
        self.running -= 1

    def _forget(self, turn: asyncio.Future[bool]) -> None:
        try:
            self._waiting.remove(turn)
        except ValueError:
            pass
        self._count()

    def _count(self) -> None:
        self.load.running, self.load.waiting = self.running, len(self._waiting)


def _expire(turn: asyncio.Future[bool]) -> None:
    """A wait ran out: the request is told no (unless its turn came meanwhile)."""
    if not turn.done():
        turn.set_result(False)
