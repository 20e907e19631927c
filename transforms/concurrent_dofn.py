"""ConcurrentDoFn: a DoFn whose per-element work runs on a pool inside the worker (threads for network I/O; a
subclass may use processes for CPU-bound work, see ``make_executor`` and ``submit``).

``process`` submits ``work(element)`` and returns at once, so the elements of a bundle are fetched in
parallel: 1,000 articles on many hosts cost about 1,000 / threads × latency, not 1,000 × latency (each host's
own limits are kept by :mod:`communique.transforms.politeness`). Results are emitted as they complete, with
the window and timestamp of their own input element; at most ``max_in_flight`` elements are pending (then
``process`` waits for the first to finish), and ``finish_bundle`` waits for the rest.

``work`` runs in a pool thread and returns a list of outputs (values, ``pvalue.TaggedOutput``, or
:class:`Count` to increment a Beam counter: Beam's metrics only count in the bundle's own thread). It must
turn its own failures into error outputs: an exception escaping it fails the bundle.
"""
from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
from typing import Any, Dict, Iterable, Iterator, List, Tuple

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.metrics import Metrics
from apache_beam.utils.windowed_value import WindowedValue

DEFAULT_THREADS = 32


class Count:
    """An output of ``work`` meaning: add ``n`` (default one) to the counter namespace/name."""

    def __init__(self, namespace: str, name: str, n: int = 1):
        self.namespace = namespace
        self.name = name
        self.n = n


class ConcurrentDoFn(beam.DoFn):
    def __init__(self, threads: int = DEFAULT_THREADS, max_in_flight: int = 512):
        if threads < 1 or max_in_flight < 1:
            raise ValueError("threads and max_in_flight must be >= 1")
        self._threads = threads
        self._max_in_flight = max_in_flight
        self._executor = None
        self._pending: Dict[Future, Tuple[Any, Any]] = {}

    def work(self, element) -> List[Any]:
        raise NotImplementedError

    def make_executor(self) -> Executor:
        """The pool the work runs on: threads here; a subclass may return processes (see ``submit``)."""
        return ThreadPoolExecutor(self._threads, thread_name_prefix=type(self).__name__)

    def submit(self, element) -> Future:
        """Start the work on one element. A process pool needs a module-level function, not ``self.work``."""
        return self._executor.submit(self.work, element)

    def outputs(self, result) -> Iterable[Any]:
        """The outputs (as ``work`` returns them) of a finished submission's result: the result itself here; a
        subclass whose pool returns another shape converts it."""
        return result

    def setup(self) -> None:
        self._executor = self.make_executor()

    def start_bundle(self) -> None:
        self._pending = {}

    def process(self, element, timestamp=beam.DoFn.TimestampParam,
                window=beam.DoFn.WindowParam) -> Iterator[Any]:
        self._pending[self.submit(element)] = (timestamp, window)
        if len(self._pending) >= self._max_in_flight:
            done, _ = wait(list(self._pending), return_when=FIRST_COMPLETED)
            yield from self._emit(done)

    def finish_bundle(self) -> Iterator[Any]:
        done, _ = wait(list(self._pending))
        yield from self._emit(done)

    def _emit(self, done: Iterable[Future]) -> Iterator[Any]:
        for future in done:
            timestamp, window = self._pending.pop(future)
            for output in self.outputs(future.result()):
                if isinstance(output, Count):
                    Metrics.counter(output.namespace, output.name).inc(output.n)
                elif isinstance(output, pvalue.TaggedOutput):
                    yield pvalue.TaggedOutput(output.tag, WindowedValue(output.value, timestamp, (window,)))
                else:
                    yield WindowedValue(output, timestamp, (window,))

    def teardown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
