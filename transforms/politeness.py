"""Politeness: at most N requests in flight per host, and a minimum interval between request starts per host.

A :class:`HostLimiter` is thread-safe and meant to be shared by every fetching thread of a worker process
(:func:`shared_limiter` gives one per process and per setting), so the ReadFeeds and FetchArticles stages of
one worker together keep to the limits. With several worker processes each keeps its own count: the limits
are then per process. A robots.txt ``Crawl-delay`` raises a host's interval (:meth:`HostLimiter.slow_down`).

``run_concurrently`` maps a function over items on a thread pool: many hosts are fetched in parallel while
each host's own limit holds.
"""
from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from concurrent.futures import Executor, as_completed
from typing import Callable, Dict, Iterable, Iterator, Tuple, TypeVar

DEFAULT_PER_HOST_CONCURRENCY = 2
DEFAULT_PER_HOST_INTERVAL = 0.25   # seconds between request starts to one host
MAX_CRAWL_DELAY = 10.0             # a robots.txt Crawl-delay is honoured up to this

T = TypeVar("T")
R = TypeVar("R")


@dataclasses.dataclass(frozen=True)
class HostLimits:
    concurrency: int = DEFAULT_PER_HOST_CONCURRENCY
    interval: float = DEFAULT_PER_HOST_INTERVAL

    def __post_init__(self):
        if not isinstance(self.concurrency, int) or self.concurrency < 1:
            raise ValueError(f"per-host concurrency must be an int >= 1, got {self.concurrency!r}")
        if self.interval < 0:
            raise ValueError(f"per-host interval must be >= 0 seconds, got {self.interval!r}")


class _HostState:
    def __init__(self, concurrency: int, interval: float):
        self.slots = threading.BoundedSemaphore(concurrency)
        self.interval = interval
        self.next_start = 0.0


class HostLimiter:
    """``with limiter.slot(host): ...`` waits for a free slot and for the host's interval, then runs."""

    def __init__(self, limits: HostLimits = HostLimits(), clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.limits = limits
        self._hosts: Dict[str, _HostState] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def _state(self, host: str) -> _HostState:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = self._hosts[host] = _HostState(self.limits.concurrency, self.limits.interval)
            return state

    def slow_down(self, host: str, interval: float) -> None:
        """Raise host's interval to ``interval`` seconds (capped at MAX_CRAWL_DELAY); never lowers it."""
        state = self._state(host.lower())
        with self._lock:
            state.interval = max(state.interval, min(float(interval), MAX_CRAWL_DELAY))

    def interval(self, host: str) -> float:
        return self._state(host.lower()).interval

    @contextlib.contextmanager
    def slot(self, host: str) -> Iterator[None]:
        state = self._state(host.lower())
        state.slots.acquire()
        try:
            with self._lock:
                now = self._clock()
                start = max(now, state.next_start)
                state.next_start = start + state.interval
            if start > now:
                self._sleep(start - now)
            yield
        finally:
            state.slots.release()


_SHARED: Dict[HostLimits, HostLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(limits: HostLimits) -> HostLimiter:
    """The process-wide limiter for these limits (DoFns call this in setup())."""
    with _SHARED_LOCK:
        limiter = _SHARED.get(limits)
        if limiter is None:
            limiter = _SHARED[limits] = HostLimiter(limits)
        return limiter


def run_concurrently(executor: Executor, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[Tuple[T, R]]:
    """(item, fn(item)) pairs in completion order; fn should not raise (exceptions propagate)."""
    futures = {executor.submit(fn, item): item for item in items}
    for future in as_completed(futures):
        yield futures[future], future.result()
