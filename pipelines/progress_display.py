"""The live progress line of ``communique run`` (``--progress auto|always|never``).

While a local run works, a background thread in the CLI process reads the counting steps' files
(``transforms/progress.py``) every :data:`POLL_INTERVAL` seconds and redraws one line on stderr with rich::

    feeds 3 · entries 120 · articles 87 · statements 412 · errors 5 · 0:42

``auto`` (the default) shows it only when stderr is a terminal; ``never``, or ``auto`` with stderr piped or
redirected, prints nothing and starts no thread (and the graph gets no counting steps). When the run ends or
fails, the thread is stopped and joined, the line is erased (the summary follows), and the temporary progress
folder is removed.
"""
from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import threading
import time
from typing import Iterator, Mapping, Optional, TextIO

from communique.transforms.progress import COUNTERS, FEEDS, SITEMAPS, read_totals

MODES = ("auto", "always", "never")
POLL_INTERVAL = 0.5
SEPARATOR = " · "
OPTIONAL = (FEEDS, SITEMAPS)   # shown once they count something (a run on --articles has no feeds)


def format_elapsed(seconds: float) -> str:
    """``0:42``, ``12:03``, ``1:02:03``."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_line(totals: Mapping[str, int], elapsed: float) -> str:
    """One progress line: the known counters in pipeline order, then the elapsed time."""
    parts = [f"{name} {totals.get(name, 0):,}" for name in COUNTERS
             if name not in OPTIONAL or totals.get(name, 0)]
    return SEPARATOR.join(parts + [format_elapsed(elapsed)])


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):   # no isatty, or a closed stream
        return False


def should_show(mode: str, stream: TextIO) -> bool:
    """``always``: yes; ``never``: no; ``auto``: when ``stream`` is a terminal."""
    if mode not in MODES:
        raise ValueError(f"progress mode {mode!r}: expected one of {', '.join(MODES)}")
    return mode == "always" or (mode == "auto" and is_terminal(stream))


class ProgressDisplay:
    """A rich live line fed by a polling thread; :meth:`stop` joins the thread and erases the line."""

    def __init__(self, console, progress_dir: str, interval: float = POLL_INTERVAL):
        from rich.live import Live

        self.progress_dir = progress_dir
        self._interval = interval
        self._started_at = time.monotonic()
        self._stop = threading.Event()
        self._live = Live(console=console, auto_refresh=False, transient=True,
                          redirect_stdout=False, redirect_stderr=False)
        self._thread = threading.Thread(target=self._loop, name="communique-progress", daemon=True)
        self.last_line = ""

    def start(self) -> "ProgressDisplay":
        self._started_at = time.monotonic()
        self._live.start()
        self._draw()
        self._thread.start()
        return self

    def _draw(self) -> None:
        from rich.text import Text

        self.last_line = format_line(read_totals(self.progress_dir), time.monotonic() - self._started_at)
        self._live.update(Text(self.last_line), refresh=True)

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._draw()
            except OSError:   # the terminal went away (closed stderr, broken pipe): stop drawing
                return

    def stop(self) -> None:
        """Draw the final totals once, then erase the line; safe to call twice."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5 * self._interval + 1)
        try:
            self._draw()
        except OSError:
            pass
        finally:
            self._live.stop()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()


@contextlib.contextmanager
def live_progress(mode: str, stream: Optional[TextIO] = None, console=None) -> Iterator[Optional[str]]:
    """Yield a fresh progress folder for the run and show the live line, or yield None and show nothing.

    ``console``: a rich Console to draw on (tests pass one writing to a StringIO); by default one on
    ``stream`` (stderr), forced into terminal mode with ``always``.
    """
    stream = stream if stream is not None else (console.file if console is not None else sys.stderr)
    if not should_show(mode, stream):
        yield None
        return
    if console is None:
        from rich.console import Console

        console = Console(file=stream, force_terminal=True if mode == "always" else None)
    folder = tempfile.mkdtemp(prefix="communique-progress-")
    try:
        display = ProgressDisplay(console, folder).start()
        try:
            yield folder
        finally:
            display.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


__all__ = ["MODES", "ProgressDisplay", "format_elapsed", "format_line", "live_progress", "should_show"]
