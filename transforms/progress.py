"""Live progress of a local run: a pass-through counting step and the files it writes.

``CountProgress(progress_dir, counter)`` passes every element on unchanged and adds one to ``counter`` in its
process's totals. At most every :data:`WRITE_INTERVAL` seconds, and at the end of each bundle and at teardown,
the process writes its totals (all counters) to ``<progress_dir>/<pid>-<uuid>.json``, atomically (a temporary
file, then ``os.replace``). A reader (``pipelines/progress_display.py``) sums the files of all processes with
:func:`read_totals`; a file that is half-written, vanished or not ours is skipped.

Works wherever the workers share the local filesystem with the reader: FnApiRunner in-process, and
``--direct_running_mode multi_processing``. Progress is best-effort: a write that fails (the folder removed
after the run, a full disk) is dropped and never fails the pipeline. A progress folder serves one run.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from typing import Any, Callable, Dict, Iterable, Mapping, Optional

import apache_beam as beam

FEEDS, SITEMAPS, ENTRIES, ARTICLES, STATEMENTS, ERRORS = (
    "feeds", "sitemaps", "entries", "articles", "statements", "errors")
COUNTERS = (FEEDS, SITEMAPS, ENTRIES, ARTICLES, STATEMENTS, ERRORS)   # display order
WRITE_INTERVAL = 0.5   # seconds between two writes of one process's file
SUFFIX = ".json"

_log = logging.getLogger(__name__)


def clean_counts(data: object) -> Optional[Dict[str, int]]:
    """The counters of one decoded progress file, or None when it is not a progress file."""
    counts = data.get("counts") if isinstance(data, dict) else None
    if not isinstance(counts, dict):
        return None
    return {str(k): v for k, v in counts.items() if isinstance(v, int) and not isinstance(v, bool) and v >= 0}


def merge_counts(per_process: Iterable[Optional[Mapping[str, int]]]) -> Dict[str, int]:
    """Sum the counters of every process (None entries, unreadable files, are skipped)."""
    totals: Dict[str, int] = {}
    for counts in per_process:
        for name, n in (counts or {}).items():
            totals[name] = totals.get(name, 0) + n
    return totals


def read_progress_file(path: str) -> Optional[Dict[str, int]]:
    """One process's counters; None when the file vanished, is half-written or is not a progress file."""
    try:
        with open(path, encoding="utf-8") as fh:
            return clean_counts(json.load(fh))
    except (OSError, ValueError):   # gone (a race with os.replace / cleanup), truncated, not JSON, not UTF-8
        return None


def progress_files(progress_dir: str) -> list:
    """The finished per-process files in ``progress_dir`` (temporary files are hidden)."""
    try:
        names = os.listdir(progress_dir)
    except OSError:
        return []
    return sorted(os.path.join(progress_dir, n) for n in names if n.endswith(SUFFIX) and not n.startswith("."))


def read_totals(progress_dir: str) -> Dict[str, int]:
    """The run's totals so far: the sum of every process's file."""
    return merge_counts(read_progress_file(path) for path in progress_files(progress_dir))


def write_counts(path: str, counts: Mapping[str, int]) -> None:
    """Write ``{"counts": ...}`` to ``path`` atomically: readers see the old file or the new one, whole."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"pid": os.getpid(), "at": time.time(), "counts": dict(counts)}, fh)
    os.replace(tmp, path)


class ProcessTotals:
    """One process's counters for one progress folder, shared by every counting step (and thread) in it."""

    def __init__(self, progress_dir: str):
        self.pid = os.getpid()
        self.path = os.path.join(progress_dir, f"{self.pid}-{uuid.uuid4().hex}{SUFFIX}")
        self.counts: Dict[str, int] = {}
        self._lock = threading.Lock()
        self._last_write = time.monotonic()
        self._dirty = False

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            self.counts[name] = self.counts.get(name, 0) + n
            self._dirty = True
            if time.monotonic() - self._last_write >= WRITE_INTERVAL:
                self._write()

    def flush(self) -> None:
        with self._lock:
            if self._dirty:
                self._write()

    def _write(self) -> None:
        self._last_write = time.monotonic()
        self._dirty = False
        try:
            write_counts(self.path, self.counts)
        except OSError as exc:   # progress is best-effort: the folder may be gone once the run is over
            _log.debug("progress not written to %s: %s", self.path, exc)


_TOTALS: Dict[str, ProcessTotals] = {}
_TOTALS_LOCK = threading.Lock()


def process_totals(progress_dir: str) -> ProcessTotals:
    """This process's totals for ``progress_dir`` (new after a fork: a child never writes its parent's file)."""
    with _TOTALS_LOCK:
        totals = _TOTALS.get(progress_dir)
        if totals is None or totals.pid != os.getpid():
            totals = _TOTALS[progress_dir] = ProcessTotals(progress_dir)
        return totals


class CountProgress(beam.DoFn):
    """Pass elements through unchanged, counting them under ``counter_name`` (no I/O per element): one each, or
    ``size(element)`` (e.g. ``len`` for elements that are lists of records)."""

    def __init__(self, progress_dir: str, counter_name: str, size: Optional[Callable[[Any], int]] = None):
        super().__init__()
        self._progress_dir = progress_dir
        self._counter_name = counter_name
        self._size = size
        self._totals: Optional[ProcessTotals] = None

    def __getstate__(self):
        return dict(self.__dict__, _totals=None)

    def setup(self) -> None:
        self._totals = process_totals(self._progress_dir)

    def process(self, element):
        self._totals.add(self._counter_name, 1 if self._size is None else self._size(element))
        yield element

    def finish_bundle(self) -> None:
        self._totals.flush()

    def teardown(self) -> None:
        if self._totals is not None:
            self._totals.flush()


def count_progress(pcoll: beam.PCollection, label: str, progress_dir: Optional[str],
                   counter_name: str, size: Optional[Callable[[Any], int]] = None) -> beam.PCollection:
    """``pcoll`` with a ``label`` counting step, keeping its element type; without a progress folder, ``pcoll``.
    ``size`` counts what an element holds (default: one)."""
    if progress_dir is None:
        return pcoll
    step = beam.ParDo(CountProgress(progress_dir, counter_name, size))
    if pcoll.element_type is not None:
        step = step.with_output_types(pcoll.element_type)
    return pcoll | label >> step


__all__ = ["COUNTERS", "CountProgress", "count_progress", "merge_counts", "read_progress_file", "read_totals",
           "write_counts"]
