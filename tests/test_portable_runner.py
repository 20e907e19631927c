"""Portability (a): the batch job runs through Beam's portable Job API, the interface Flink's and Spark's job
servers serve. Beam's own local job service is started in a subprocess on a free port and torn down after;
`communique run --runner PortableRunner --job_endpoint localhost:N --environment_type LOOPBACK` is submitted to
it on the bundled sample. Offline, ~10 s.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

JOB_SERVICE = "apache_beam.runners.portability.local_job_service_main"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the job service exited with status {proc.returncode}")
        try:
            with socket.create_connection(("localhost", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"the job service did not listen on port {port} within {timeout} s")


@pytest.fixture
def job_service(tmp_path):
    """Beam's local job service on a free port: yields (endpoint, path of its log)."""
    port = _free_port()
    log_path = tmp_path / "job-service.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", JOB_SERVICE, "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(port, proc)
        yield f"localhost:{port}", log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_sample_runs_through_the_portable_job_api(job_service, tmp_path: Path):
    endpoint, log_path = job_service
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "communique.pipelines.cli", "run",
         "--runner", "PortableRunner", "--job_endpoint", endpoint, "--environment_type", "LOOPBACK",
         "--out", str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Communique run finished." in proc.stdout
    assert "statements        37 rows" in proc.stdout, proc.stdout
    assert "errors: 0" in proc.stdout
    # the job went through the job service (the CLI's default runner did not override --runner)
    log = log_path.read_text(errors="replace")
    assert "Completed job" in log and "DONE" in log, log[-3000:]


# ------------------------------------------------------------------------------------------- Dataflow, dry run
# Portability (b): the graph builds for DataflowRunner without credentials or network. Needs the gcp extra
# (pip install -e ".[test,gcp]"). The dummy names must look valid: a one-letter bucket or project fails Beam's
# validation, and Beam then tries to create a default bucket online (a 120 s retry loop offline).
DATAFLOW_DRY_RUN = ["--runner", "DataflowRunner", "--dry_run=True", "--project", "communique-test",
                    "--region", "europe-west1", "--temp_location", "gs://communique-test/tmp"]


def _need_gcp():
    try:
        import apache_beam.runners.dataflow.internal.apiclient  # noqa: F401  (needs apitools, google-cloud-*)
        import apache_beam.io.gcp.gcsio  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"apache-beam[gcp] not installed ({exc}); install the extra: pip install -e '.[test,gcp]'")


def test_graph_builds_for_dataflow_without_credentials():
    _need_gcp()
    import apache_beam as beam

    from communique.pipelines.batch import RunConfig, build_graph
    from communique.pipelines.cli import beam_options, sample_feed

    options = beam_options(DATAFLOW_DRY_RUN)
    p = beam.Pipeline(options=options)
    build_graph(p, RunConfig(out_dir="gs://communique-test/out", feeds=(sample_feed(),)))
    started = time.monotonic()
    result = p.run()
    assert time.monotonic() - started < 60
    proto = result.job.proto_pipeline
    names = {t.unique_name for t in proto.components.transforms.values()}
    for stage in ("ReadFeeds", "FetchArticles", "DeduplicateArticles", "ExtractStatements", "ResolveActors",
                  "WriteParquet"):
        assert stage in names, sorted(n for n in names if "/" not in n)
    assert proto.components.environments, "no SDK environment in the runner-API pipeline"


def test_cli_run_to_gcs_for_dataflow_dry_run(tmp_path: Path):
    _need_gcp()
    proc = subprocess.run([sys.executable, "-m", "communique.pipelines.cli", "run",
                           "--out", "gs://communique-test/out", *DATAFLOW_DRY_RUN],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "output: gs://communique-test/out" in proc.stdout
    assert list(tmp_path.iterdir()) == [], "a gs:// --out must not create local folders"


def test_flex_launcher_submits_without_waiting(monkeypatch):
    """The Flex Template's entry point returns the PipelineResult and never calls wait_until_finish()."""
    _need_gcp()
    from apache_beam.runners.runner import PipelineResult

    from communique.pipelines import flex_launcher

    def no_wait(self, *args, **kwargs):
        raise AssertionError("the Flex Template launcher must not call wait_until_finish()")

    monkeypatch.setattr(PipelineResult, "wait_until_finish", no_wait)
    result = flex_launcher.launch(["--out", "gs://communique-test/out", *DATAFLOW_DRY_RUN[2:]])
    assert result.job.proto_pipeline.components.transforms


def test_flex_launcher_runs_the_batch_graph_on_a_local_runner(tmp_path: Path):
    """The launcher's graph (in-place writes, the run's own aggregates) on FnApiRunner: all six tables."""
    from communique.pipelines import flex_launcher
    from communique.transforms.write_parquet import read_table

    out = tmp_path / "out"
    flex_launcher.launch(["--out", str(out), "--runner", "FnApiRunner"])  # FnApiRunner's run() is synchronous
    assert read_table(str(out), "statements").num_rows == 37
    assert read_table(str(out), "articles").num_rows == 1
    assert read_table(str(out), "actors").num_rows > 0 and read_table(str(out), "issues").num_rows > 0
