"""Answers kept under the store's change stamp: a view is computed once per state of the store, however many ask.

A view (`detente.views`) is a pure function of the store's data and its arguments, so its answer may be kept
until the store changes. The stamp says when it has (`StorePool.stamp`): on SQLite a count of the changes
`PRAGMA data_version` showed on a watching connection (any other connection's commit moves it: an ingest in
another process, the app's own writer); on PostgreSQL the events version and the articles count. Stamps only
grow.

    answers = Answers(open_store)
    value, behind = answers.get(("stories", window, 1), stamp, lambda store: findings.stories(store, window=window))

- An answer computed at a stamp at least the asker's is returned at once (`behind` None).
- Otherwise worker threads, each with its own read-only connection, compute it, and the asker waits. One
  computation per question at a time: askers of one question share it (200 requests over 14 pages cost 14
  computations), and a question asked again under a newer stamp meanwhile is computed once more when it ends,
  for all who asked since (an ingest committing four articles a second does not start four computations a
  second of each page).
- Three lanes. A question never answered is computed by one of `FIRST` workers, and its askers wait. A
  question answered before is computed again (for a newer stamp) by the one `CHEAP` worker when its last
  computation took at most `CHEAP_S`, else by the one `DEAR` worker, and each of these two rests `REST` times
  as long as it computed before it takes the next: whatever the store's churn, recomputing takes at most two
  thirds of a thread, and the requests keep the rest of the CPU (an ingest committing four articles a second
  would otherwise have every page recomputed four times a second, and answer none within 5 s). A
  recomputation also waits, up to `YIELD_S`, while `busy()` says the server is busy answering requests.
- Meanwhile an asker gets the last answer computed, with `behind` the seconds since that computation read the
  store (the app sends them as `X-Detente-Stale: 3.2`):
  at once, unless that answer's computation took at most `fresh_wait_s` and its lane is free for the new one,
  which it then waits for up to `fresh_wait_s`. So on a store at rest every answer is current, and while an
  ingest writes, an answer is at most a recomputation or two behind and says so. Once the store is quiet the
  recomputations catch up (and `Warmer` makes sure the landing pages' do).
- Errors are not kept: those waiting for a computation get its error; the next ask tries again.
- One answer per question is kept, at most `max_entries` and `max_weight` (their containers and values, counted
  as `weight` counts them), the least recently used dropped first.

`Warmer` asks the landing pages' questions (the network, dyads, stories, relations) when the app starts and
again once the store has been quiet for `QUIET_S` after a change, so their first visitor does not wait.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from detente.store import Store

log = logging.getLogger("detente.web")

#: answers kept, one per question: a listing the view computes whole is kept whole (its pages are cut from it)
MAX_ENTRIES = 256
#: the most `weight` kept in all: the stories of a 4,000-article store (27,877 stories) weigh 1.4M and take
#: ~110 MB, the dyads listing 26k, a dossier or a page of events a few thousand; 3M is ~250 MB
MAX_WEIGHT = 3_000_000
#: threads computing questions never answered before (their askers wait)
FIRST = 4
#: threads recomputing answers for a newer stamp: one for those that took at most CHEAP_S last time (a page of
#: a listing, a dyad: milliseconds to 0.3 s on a 4,000-article store), one for the rest (the dyads listing
#: 2.5 s, the stories 10 s, more under load), so a slow one never holds up the quick ones
CHEAP, DEAR = 1, 1
CHEAP_S = 0.5
#: how long a recomputing worker rests after a computation, as a multiple of its length: at most 1/(1 + REST) of
#: its time goes to recomputing (with 2 and a store changing all the time, a 4,000-article store's 14 landing
#: pages are each recomputed every ~4 s, and 200 requests at once are answered in 4-5 s instead of 8-15 s)
REST = 2.0
#: the longest a recomputation waits for the server to be not busy (a burst of requests is answered from what is
#: kept first, then the kept answers catch up)
YIELD_S = 10.0
#: the longest an asker waits for the analysis answer about the store as it is now when an older one is at hand
#: (only when its last computation took no longer): a dyad or a dossier (0.3-1 s on a 4,000-article store) is
#: waited for, the dyads listing (2.5 s, 8 s under load) or the stories (10-30 s) are not, while the store changes
FRESH_WAIT_S = 2.0
#: seconds the store must be unchanged before the warmer recomputes: an ingest commits every article, and
#: recomputing between commits would only compete with the requests for the CPU
QUIET_S = 2.0
#: how often the warmer looks at the stamp
POLL_S = 0.5

Compute = Callable[["Store"], Any]


class _Flight:
    """One computation of a question, queued or running, and what its askers get."""

    def __init__(self, key: Hashable, stamp: Any, compute: Compute) -> None:
        self.key, self.stamp, self.compute = key, stamp, compute
        self.lane: str | None = None  # which lane computes it, once submitted
        self.started = self.finished = False
        self.began = self.seconds = 0.0
        self.value: Any = None
        self.error: BaseException | None = None
        self.then: _Flight | None = None  # the same question under a newer stamp, computed when this one ends


class _Kept(NamedTuple):
    stamp: Any
    value: Any
    seconds: float  # how long computing it took
    weight: int
    began: float  # when its computation began (time.monotonic()): what it shows was read since


def weight(answer: Any, sample: int = 32) -> int:
    """About how many containers and values an answer holds (what its memory grows with): a long list is
    weighed by a sample of its items, so weighing the 1.4M of a large store's stories takes milliseconds."""
    if isinstance(answer, dict):
        return 1 + sum(weight(v, sample) for v in answer.values())
    if isinstance(answer, (list, tuple)):
        if len(answer) <= 2 * sample:
            return 1 + sum(weight(v, sample) for v in answer)
        step = len(answer) / sample
        part = sum(weight(answer[int((i + 0.5) * step)], sample) for i in range(sample))
        return 1 + round(part * len(answer) / sample)
    return 1


class Answers:
    """Views' answers by question, single-flight, computed by worker threads in two lanes (see the module doc)."""

    def __init__(self, open_store: Callable[[], Store], first: int = FIRST, cheap: int = CHEAP, dear: int = DEAR,
                 max_entries: int = MAX_ENTRIES, max_weight: int = MAX_WEIGHT, fresh_wait_s: float = FRESH_WAIT_S,
                 around: Callable[[Store], Any] | None = None, busy: Callable[[], bool] | None = None) -> None:
        """`open_store()` gives each worker its connection; `around(store)`, a context manager each computation
        runs in (the pool's query budget); `busy()`, whether requests are crowding in (the gate's `Load.busy`)."""
        self.open_store, self.around, self.busy = open_store, around, busy
        self.max_entries, self.max_weight, self.fresh_wait_s = max_entries, max_weight, fresh_wait_s
        self._cond = threading.Condition()
        self._entries: OrderedDict[Hashable, _Kept] = OrderedDict()
        self.weight = 0
        self._flights: dict[Hashable, _Flight] = {}
        sizes = {"first": first, "cheap": cheap, "dear": dear}
        self._lanes = {lane: ThreadPoolExecutor(max_workers=n, thread_name_prefix=f"detente-{lane}")
                       for lane, n in sizes.items()}
        self._free = dict(sizes)  # workers of each lane not computing now
        self._local = threading.local()
        self._stores: list[Store] = []
        self._closing = threading.Event()
        self.computed = self.hits = self.stale = 0

    def get(self, key: Hashable, stamp: Any, compute: Compute, stale_ok: bool = True) -> tuple[Any, float | None]:
        """(the answer to `key`, None or, when it predates `stamp`, the seconds since it read the store): kept, or
        computed (see the module doc); with `stale_ok` False, the answer at `stamp` however long it takes."""
        started = time.monotonic()
        with self._cond:
            kept = self._entries.get(key)
            if kept is not None and kept.stamp >= stamp:
                self._entries.move_to_end(key)
                self.hits += 1
                return kept.value, None
            target = self._flight_for(key, stamp, compute)
            while True:
                if target.finished:
                    if target.error is not None:
                        raise target.error
                    return target.value, None
                kept = self._entries.get(key)
                if kept is not None and kept.stamp >= stamp:
                    self._entries.move_to_end(key)
                    return kept.value, None
                wait: float | None = None
                if stale_ok and kept is not None:
                    soon = kept.seconds <= self.fresh_wait_s and (
                        target.started or (target.lane is not None and self._free[target.lane] > 0))
                    wait = started + (self.fresh_wait_s if soon else 0.0) - time.monotonic()
                    if wait <= 0:
                        self.stale += 1
                        return kept.value, time.monotonic() - kept.began
                self._cond.wait(timeout=wait)

    def _flight_for(self, key: Hashable, stamp: Any, compute: Compute) -> _Flight:
        """The computation that will answer `key` at `stamp` or later: the one running (or queued) if it is at
        that stamp, else one chained after it, else a new one (under the lock)."""
        flight = self._flights.get(key)
        if flight is None:
            flight = self._flights[key] = _Flight(key, stamp, compute)
            self._submit(flight)
            return flight
        while flight.stamp < stamp:
            if flight.then is None:
                flight.then = _Flight(key, stamp, compute)
            elif flight.then.stamp < stamp:
                flight.then.stamp, flight.then.compute = stamp, compute  # not started yet: ask it for the newest
            flight = flight.then
        return flight

    def _submit(self, flight: _Flight) -> None:
        """Queue a computation in its lane: `first` for a question never answered, else by its last cost."""
        kept = self._entries.get(flight.key)
        flight.lane = "first" if kept is None else "cheap" if kept.seconds <= CHEAP_S else "dear"
        self._lanes[flight.lane].submit(self._run, flight)

    def _run(self, flight: _Flight) -> None:
        assert flight.lane is not None
        with self._cond:
            self._free[flight.lane] -= 1
        if flight.lane != "first" and self.busy is not None:
            until = time.monotonic() + YIELD_S
            while self.busy() and time.monotonic() < until and not self._closing.is_set():
                self._closing.wait(0.05)
        with self._cond:
            flight.started = True
        began = flight.began = time.monotonic()
        weighs = 0
        try:
            store = self._store()
            if self.around is not None:
                with self.around(store):
                    flight.value = flight.compute(store)
            else:
                flight.value = flight.compute(store)
            weighs = weight(flight.value)
        except BaseException as exc:  # noqa: BLE001 - handed to the askers, who raise it
            flight.error = exc
        flight.seconds = time.monotonic() - began
        with self._cond:
            flight.finished = True
            self.computed += 1
            if flight.error is None:
                self._keep(flight, weighs)
            if flight.then is not None:
                self._flights[flight.key] = flight.then
                self._submit(flight.then)
            else:
                del self._flights[flight.key]
            self._cond.notify_all()
        if flight.lane != "first":
            self._closing.wait(REST * flight.seconds)  # the lane takes no recomputation meanwhile
        with self._cond:
            self._free[flight.lane] += 1

    def _keep(self, flight: _Flight, weighs: int) -> None:
        """Keep a computed answer (unless a newer one is kept), dropping the least recently used past the bounds."""
        kept = self._entries.get(flight.key)
        if kept is not None and kept.stamp > flight.stamp:
            return
        if kept is not None:
            self.weight -= kept.weight
        self._entries[flight.key] = _Kept(flight.stamp, flight.value, flight.seconds, weighs, flight.began)
        self._entries.move_to_end(flight.key)
        self.weight += weighs
        while len(self._entries) > 1 and (len(self._entries) > self.max_entries or self.weight > self.max_weight):
            _key, dropped = self._entries.popitem(last=False)
            self.weight -= dropped.weight

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self.open_store()
            with self._cond:
                self._stores.append(store)
        return store

    def close(self) -> None:
        """Stop the workers (a computation running ends first) and close their connections."""
        self._closing.set()
        for lane in self._lanes.values():
            lane.shutdown(wait=True, cancel_futures=True)
        with self._cond:
            for first in self._flights.values():  # queued, never to run: their askers are told
                flight: _Flight | None = first
                while flight is not None:
                    if not flight.finished:
                        flight.finished, flight.error = True, RuntimeError("the server is shutting down")
                    flight = flight.then
            self._flights.clear()
            self._cond.notify_all()
            for store in self._stores:
                store.close()
            self._stores.clear()

    def __len__(self) -> int:
        return len(self._entries)


class Warmer:
    """A thread that asks `warm()` when the app starts and whenever the store has settled after a change."""

    def __init__(self, stamp: Callable[[], Any], warm: Callable[[], None], quiet_s: float = QUIET_S,
                 poll_s: float = POLL_S) -> None:
        self._stamp, self._warm = stamp, warm
        self.quiet_s, self.poll_s = quiet_s, poll_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="detente-warmer", daemon=True)
        self.rounds = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def _run(self) -> None:
        warmed: Any = object()  # nothing warmed yet
        seen, since = self._stamp(), time.monotonic()
        while not self._stop.is_set():
            now = self._stamp()
            if now != seen:
                seen, since = now, time.monotonic()
            elif seen != warmed and (self.rounds == 0 or time.monotonic() - since >= self.quiet_s):
                try:
                    self._warm()
                except Exception:  # noqa: BLE001 - a failed warm-up costs only speed; requests compute it themselves
                    log.warning("warming the answers failed", exc_info=True)
                warmed = seen
                self.rounds += 1
            self._stop.wait(self.poll_s)
