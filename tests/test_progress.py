"""Live progress (issue 8): the counting step's files and their merge, the progress line, the end-of-run table.

Pure helpers without Beam; the counting DoFn in a TestPipeline; real ``communique run`` subprocesses on the
bundled sample (``--progress always`` draws on stderr forced into terminal mode; ``never`` and ``auto`` with
stderr piped print nothing); an in-process multi-processing run whose merged totals match the tables.
"""
from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to
from rich.console import Console

from communique.pipelines.batch import RunConfig, build_graph, run
from communique.pipelines.cli import beam_options, is_local_runner, sample_feed
from communique.pipelines.progress_display import (
    ProgressDisplay, format_elapsed, format_line, live_progress, should_show,
)
from communique.pipelines.summary import format_summary, print_summary, table_counts
from communique.transforms.progress import (
    CountProgress, ProcessTotals, count_progress, merge_counts, read_progress_file, read_totals, write_counts,
)
from communique.transforms.write_parquet import prepare_out_dir

COUNT_LABELS = {"CountFeeds", "CountEntries", "CountArticles", "CountStatements", "CountErrors"}


# -- pure helpers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("contents, expected", [
    ([{"counts": {"entries": 3}}, {"counts": {"entries": 2, "errors": 1}}], {"entries": 5, "errors": 1}),
    ([{"counts": {"articles": 4}}, '{"counts": {"articles": 9', "", "\xff\xfe"], {"articles": 4}),  # partial
    ([{"counts": {"statements": 7}}, ["not", "a", "dict"], {"no": "counts"}, {"counts": 5}], {"statements": 7}),
    ([{"counts": {"errors": 2, "bad": -1, "flag": True, "text": "3"}}], {"errors": 2}),
    ([], {}),
])
def test_read_totals_merges_files_and_skips_broken_ones(tmp_path, contents, expected):
    for i, content in enumerate(contents):
        path = tmp_path / f"{100 + i}-abc{i}.json"
        if isinstance(content, str):
            path.write_bytes(content.encode("latin-1"))
        else:
            path.write_text(json.dumps(content), encoding="utf-8")
    (tmp_path / ".101-abc.json.1234.tmp").write_text('{"counts": {"entries": 100}}')   # a write in progress
    assert read_totals(str(tmp_path)) == expected


@pytest.mark.parametrize("per_process, expected", [
    ([{"a": 1}, {"a": 2, "b": 3}], {"a": 3, "b": 3}),
    ([None, {"a": 1}, None], {"a": 1}),      # unreadable files
    ([], {}),
])
def test_merge_counts(per_process, expected):
    assert merge_counts(per_process) == expected


def test_a_vanished_file_or_folder_reads_as_nothing(tmp_path):
    assert read_progress_file(str(tmp_path / "123-gone.json")) is None
    assert read_totals(str(tmp_path / "no-such-folder")) == {}


def test_write_counts_is_atomic_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "1-x.json"
    write_counts(str(path), {"entries": 1})
    write_counts(str(path), {"entries": 2})
    assert os.listdir(tmp_path) == ["1-x.json"]
    assert read_progress_file(str(path)) == {"entries": 2}


def test_process_totals_write_on_flush_not_per_element(tmp_path):
    totals = ProcessTotals(str(tmp_path))
    for _ in range(100):
        totals.add("entries")
    assert not os.path.exists(totals.path), "no write before WRITE_INTERVAL has passed"
    totals.flush()
    assert read_totals(str(tmp_path)) == {"entries": 100}


def test_a_write_into_a_removed_folder_is_dropped(tmp_path):
    totals = ProcessTotals(str(tmp_path / "removed"))
    totals.add("entries")
    totals.flush()   # no exception: progress never fails the pipeline
    assert totals.counts == {"entries": 1}


@pytest.mark.parametrize("totals, elapsed, line", [
    ({}, 0, "entries 0 · articles 0 · statements 0 · errors 0 · 0:00"),
    ({"feeds": 3, "entries": 120, "articles": 87, "statements": 412, "errors": 5}, 42.7,
     "feeds 3 · entries 120 · articles 87 · statements 412 · errors 5 · 0:42"),
    ({"sitemaps": 1, "entries": 12345, "other": 9}, 3725, "sitemaps 1 · entries 12,345 · articles 0 · "
                                                         "statements 0 · errors 0 · 1:02:05"),
])
def test_format_line(totals, elapsed, line):
    assert format_line(totals, elapsed) == line


@pytest.mark.parametrize("seconds, text", [(0, "0:00"), (59.9, "0:59"), (61, "1:01"), (3600, "1:00:00"),
                                           (-1, "0:00")])
def test_format_elapsed(seconds, text):
    assert format_elapsed(seconds) == text


@pytest.fixture
def terminal():
    """A real pseudo-terminal (stderr of a person's shell), as a text stream."""
    master, slave = os.openpty()
    stream = os.fdopen(slave, "w")
    yield stream
    stream.close()
    os.close(master)


@pytest.mark.parametrize("mode, on_terminal, shown", [
    ("auto", True, True), ("auto", False, False), ("always", False, True), ("always", True, True),
    ("never", True, False), ("never", False, False),
])
def test_should_show(mode, on_terminal, shown, terminal):
    assert should_show(mode, terminal if on_terminal else io.StringIO()) is shown


@pytest.mark.parametrize("args, local", [
    ([], True), (["--runner=FnApiRunner"], True), (["--runner", "direct"], True), (["--runner=DirectRunner"], True),
    (["--runner=DataflowRunner"], False), (["--runner=PortableRunner"], False), (["--runner=FlinkRunner"], False),
])
def test_the_runner_name_decides_local(args, local):
    assert is_local_runner(beam_options(args)) is local


# -- the display thread ------------------------------------------------------------------------------------

def _display_threads():
    return [t for t in threading.enumerate() if t.name == "communique-progress"]


def test_live_line_shows_totals_then_stops_cleanly(tmp_path):
    buffer = io.StringIO()
    with live_progress("always", console=Console(file=buffer, force_terminal=True, width=120)) as folder:
        assert _display_threads()
        write_counts(os.path.join(folder, "1-a.json"), {"entries": 2, "statements": 7})
        write_counts(os.path.join(folder, "2-b.json"), {"entries": 1, "errors": 1})
        time.sleep(0.7)
        assert "entries 3 · articles 0 · statements 7 · errors 1" in buffer.getvalue()   # drawn while running
    assert not os.path.exists(folder)
    assert not _display_threads()
    assert buffer.getvalue().endswith("\x1b[1A\x1b[2K"), "the line is erased: no stray line is left"


def test_a_failing_run_stops_the_display_and_removes_the_folder():
    buffer = io.StringIO()
    with pytest.raises(RuntimeError):
        with live_progress("always", console=Console(file=buffer, force_terminal=True)) as folder:
            raise RuntimeError("the pipeline failed")
    assert not os.path.exists(folder)
    assert not _display_threads()
    assert "\x1b[?25h" in buffer.getvalue(), "the cursor is shown again"


@pytest.mark.parametrize("mode", ["never", "auto"])
def test_no_display_no_folder_no_thread_when_quiet(mode):
    buffer = io.StringIO()   # not a terminal
    with live_progress(mode, console=Console(file=buffer)) as folder:
        assert folder is None
        assert not _display_threads()
    assert buffer.getvalue() == ""


def test_stop_twice_is_harmless(tmp_path):
    display = ProgressDisplay(Console(file=io.StringIO(), force_terminal=True), str(tmp_path)).start()
    display.stop()
    display.stop()
    assert not display.running


# -- the counting DoFn in Beam -----------------------------------------------------------------------------

def _pipeline():
    return BeamTestPipeline(options=PipelineOptions([], runner="FnApiRunner"))


def test_count_progress_pickles_without_its_process_state(tmp_path):
    fn = CountProgress(str(tmp_path), "entries")
    fn.setup()
    clone = pickle.loads(pickle.dumps(fn))
    assert clone._totals is None and clone._counter_name == "entries"


@pytest.mark.parametrize("elements", [["a", "b", "a"], list(range(250)), [{"url": "https://x.org/1"}]])
def test_elements_pass_through_and_are_counted(tmp_path, elements):
    with _pipeline() as p:
        pcoll = p | beam.Create(elements)
        counted = count_progress(pcoll, "CountThings", str(tmp_path), "things")
        assert_that(counted, equal_to(elements))
    assert read_totals(str(tmp_path)) == {"things": len(elements)}


@pytest.mark.parametrize("elements, counted", [([["a", "b"], ["c"]], 3), ([[], ["a"]], 1), ([], 0)])
def test_a_size_counts_what_elements_hold(tmp_path, elements, counted):
    with _pipeline() as p:
        out = count_progress(p | beam.Create(elements), "CountLists", str(tmp_path), "things", size=len)
        assert_that(out, equal_to(elements))
    assert read_totals(str(tmp_path)).get("things", 0) == counted


def test_two_counters_in_one_pipeline(tmp_path):
    with _pipeline() as p:
        words = p | beam.Create(["a b", "c"])
        words = count_progress(words, "CountLines", str(tmp_path), "lines")
        tokens = count_progress(words | beam.FlatMap(str.split), "CountTokens", str(tmp_path), "tokens")
        assert_that(tokens, equal_to(["a", "b", "c"]))
    assert read_totals(str(tmp_path)) == {"lines": 2, "tokens": 3}


def _labels(config: RunConfig) -> set:
    p = beam.Pipeline(options=PipelineOptions([], runner="FnApiRunner"))
    build_graph(p, config)
    return {t.unique_name.rsplit("/", 1)[-1] for t in p.to_runner_api().components.transforms.values()}


def test_counting_steps_only_with_a_progress_folder(tmp_path):
    config = RunConfig(out_dir=str(tmp_path / "out"), feeds=(sample_feed(),))
    assert not {label for label in _labels(config) if label.startswith("Count")}
    labels = _labels(RunConfig(out_dir=str(tmp_path / "out"), feeds=(sample_feed(),), progress_dir=str(tmp_path)))
    assert COUNT_LABELS <= labels


# -- real runs on the bundled sample -----------------------------------------------------------------------

def communique(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TMPDIR=str(cwd / "tmp"))   # the progress folder goes there: it must be removed
    (cwd / "tmp").mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-m", "communique.pipelines.cli", "run", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def _sample_line(out: Path) -> str:
    counts = table_counts(str(out))
    return (f"feeds 1 · entries 1 · articles {counts['articles']} · statements {counts['statements']} · "
            f"errors {counts['errors']}")


@pytest.fixture(scope="module")
def always_run(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("always")
    proc = communique("--progress", "always", cwd=cwd)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return cwd, proc


def test_progress_always_draws_the_final_counts(always_run):
    cwd, proc = always_run
    out = cwd / "communique-out"
    assert table_counts(str(out))["statements"] >= 25
    assert _sample_line(out) in proc.stderr
    assert "\x1b[?25h" in proc.stderr, "the cursor is shown again"
    assert os.listdir(cwd / "tmp") == [], "the progress folder is removed"


def test_piped_stdout_keeps_the_plain_summary_byte_for_byte(always_run):
    cwd, proc = always_run
    out = cwd / "communique-out"
    expected = f"No input given: running on the bundled sample ({sample_feed()})\n" + format_summary(str(out)) + "\n"
    assert proc.stdout == expected


def test_summary_as_a_rich_table_on_a_terminal(always_run):
    cwd, _ = always_run
    out = str(cwd / "communique-out")
    buffer = io.StringIO()
    print_summary(out, console=Console(file=buffer, force_terminal=True, width=80))
    text = buffer.getvalue()
    counts = table_counts(out)
    assert "Communique run finished." in text and "top speakers: Sergey Lavrov" in text
    assert any("statements" in line and f"{counts['statements']} " in line for line in text.splitlines())
    assert f"ORDER BY content_start LIMIT 10\" --out {out}" in text, "the query command stays on one line"


@pytest.mark.parametrize("mode", ["never", "auto"])   # auto: stderr is a pipe here, not a terminal
def test_no_progress_when_never_or_not_a_terminal(tmp_path, mode):
    proc = communique("--progress", mode, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "statements 0" not in proc.stderr and " · " not in proc.stderr
    assert "\x1b[" not in proc.stderr + proc.stdout
    assert os.listdir(tmp_path / "tmp") == []
    assert proc.stdout.endswith(format_summary(str(tmp_path / "communique-out")) + "\n")


def test_multi_processing_run_merges_every_worker(tmp_path):
    out, progress = tmp_path / "out", tmp_path / "progress"
    progress.mkdir()
    prepare_out_dir(str(out), fresh=False)
    run(RunConfig(out_dir=str(out), feeds=(sample_feed(),), progress_dir=str(progress)),
        beam_options(["--direct_num_workers", "2", "--direct_running_mode", "multi_processing"]))
    counts = table_counts(str(out))
    totals = read_totals(str(progress))
    assert {k: totals.get(k, 0) for k in ("feeds", "entries", "articles", "statements", "errors")} == {
        "feeds": 1, "entries": 1, "articles": counts["articles"], "statements": counts["statements"],
        "errors": counts["errors"]}
    assert counts["statements"] >= 25
    pids = {name.split("-", 1)[0] for name in os.listdir(progress)}
    assert str(os.getpid()) not in pids, "counted in the worker processes, not in the launcher"
