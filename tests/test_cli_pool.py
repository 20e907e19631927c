"""The CLI starts the spaCy analysis processes before building the pipeline only where the analysis step will run
in its own process (a local runner without Beam's worker processes), and shuts an unused pool down."""
from __future__ import annotations

import pytest

from communique.pipelines.cli import beam_options, early_analysis_pool, runs_in_process
from communique.transforms import analysis_worker


@pytest.mark.parametrize("beam_args, expected", [
    ([], True),
    (["--runner", "DirectRunner"], True),
    (["--direct_num_workers", "2", "--direct_running_mode", "multi_processing"], False),
    (["--direct_num_workers", "2"], False),
    (["--runner", "DataflowRunner"], False),
])
def test_runs_in_process(beam_args, expected):
    assert runs_in_process(beam_options(beam_args)) is expected


class FakePool:
    def __init__(self):
        self.shut = False

    def submit(self, fn, *args):
        pass

    def shutdown(self, wait=True, cancel_futures=False):
        self.shut = True


@pytest.mark.parametrize("beam_args, processes, started", [
    ([], 2, True),
    ([], 1, False),
    (["--direct_num_workers", "2", "--direct_running_mode", "multi_processing"], 2, False),
])
def test_early_analysis_pool(monkeypatch, beam_args, processes, started):
    made = []

    def new_pool(settings):
        made.append((settings, FakePool()))
        return made[-1][1]
    monkeypatch.setattr(analysis_worker, "new_pool", new_pool)
    with early_analysis_pool(beam_options(beam_args), None, ["extra.tsv"], False, processes):
        assert len(made) == int(started)
        if started:
            settings = made[0][0]
            assert settings == analysis_worker.PoolSettings(None, ("extra.tsv",), analysis_worker.DEFAULT_MAX_CHARS,
                                                            False, processes)
    assert all(pool.shut for _, pool in made)            # never taken over: shut down at the end
