"""The Airflow DAG (deploy/airflow/communique_dag.py) loads in Airflow's DagBag, with the operator it declares.

Airflow (~2.2 GB, pins that conflict with the project's) is not in the test extra. Where ``airflow`` imports,
the DagBag is loaded in-process. Otherwise a venv with deploy/airflow/requirements.txt is built once in
``${COMMUNIQUE_TEST_CACHE:-~/.cache/communique-tests}/airflow-<hash>`` (~5 min; a marker file is written after
a successful install, and later runs reuse it) and the DagBag is loaded there in a subprocess, with
AIRFLOW_HOME and its SQLite database in tmp_path. Skips only when pip cannot reach the package registry.
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DAG_FOLDER = ROOT / "deploy" / "airflow"
REQUIREMENTS = DAG_FOLDER / "requirements.txt"
MARKER = "communique-install-complete"
NO_REGISTRY = re.compile(r"NewConnectionError|Failed to establish a new connection|Temporary failure in name "
                         r"resolution|Name or service not known|Network is unreachable|ConnectTimeoutError|"
                         r"ProxyError|Connection refused")


def dagbag_summary(folder: str) -> dict:
    """Load ``folder`` in a DagBag; its import errors and, per DAG, its settings and tasks (JSON-ready)."""
    try:
        from airflow.dag_processing.dagbag import DagBag  # Airflow 3
    except ImportError:
        from airflow.models.dagbag import DagBag  # Airflow 2
    bag = DagBag(dag_folder=folder)
    dags = {}
    for dag_id, dag in bag.dags.items():
        tasks = {}
        for task in dag.tasks:
            config = getattr(task, "dataflow_config", None)
            tasks[task.task_id] = {
                "class": f"{type(task).__module__}.{type(task).__name__}",
                "dataflow_config": config if isinstance(config, (dict, type(None))) else vars(config),
                **{k: getattr(task, k, None) for k in ("runner", "py_file", "py_interpreter",
                                                       "py_system_site_packages", "pipeline_options")}}
        dags[dag_id] = {"schedule": str(dag.schedule), "catchup": dag.catchup, "tags": sorted(dag.tags),
                        "max_active_runs": dag.max_active_runs, "tasks": tasks}
    return {"import_errors": {str(k): str(v) for k, v in bag.import_errors.items()}, "dags": dags}


def _airflow_env(home: Path) -> dict:
    """Airflow's home and database in ``home``, no example DAGs, no __pycache__ left in deploy/airflow/."""
    return {"AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "PYTHONDONTWRITEBYTECODE": "1",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}"}


def _clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME") and not k.startswith("AIRFLOW")}
    return {**env, "PYTHONNOUSERSITE": "1", **extra}


def _airflow_python() -> Path:
    """The cached venv's interpreter, built (under a lock) when missing or incomplete."""
    key = hashlib.sha256(REQUIREMENTS.read_bytes() + sys.version.encode() + sys.base_prefix.encode()).hexdigest()
    cache = Path(os.environ.get("COMMUNIQUE_TEST_CACHE") or Path.home() / ".cache" / "communique-tests")
    venv_dir = cache / f"airflow-{key[:16]}"
    python = venv_dir / "bin" / "python"
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / f"{venv_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # one build at a time; a second run waits, then reuses it
        if (venv_dir / MARKER).exists():
            return python
        shutil.rmtree(venv_dir, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv_dir)], check=True, env=_clean_env())
        pip = [str(python), "-m", "pip", "install", "--progress-bar", "off", "-r", str(REQUIREMENTS)]
        proc = subprocess.run(pip, capture_output=True, text=True, timeout=3600, env=_clean_env())
        if proc.returncode != 0:
            unreachable = NO_REGISTRY.search(proc.stdout + proc.stderr)
            if unreachable and "Downloading " not in proc.stdout:   # not one download went through
                pytest.skip(f"pip cannot reach the package registry to install {REQUIREMENTS}: {unreachable[0]}")
            pytest.fail(f"pip install -r {REQUIREMENTS} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
        (venv_dir / MARKER).write_text(" ".join(REQUIREMENTS.read_text().split()) + "\n")
    return python


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def _summary(tmp_path: Path, monkeypatch) -> dict:
    """The DagBag's summary, in-process where Airflow and both providers import, else in the cached venv."""
    for name, value in _airflow_env(tmp_path).items():
        monkeypatch.setenv(name, value)   # before anything imports airflow, which reads its config then
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    if all(map(_importable, ("airflow", "airflow.providers.apache.beam", "airflow.providers.google"))):
        return dagbag_summary(str(DAG_FOLDER))
    script = (inspect.getsource(dagbag_summary)
              + "\nimport json, sys\nprint(json.dumps(dagbag_summary(sys.argv[1]), default=str))\n")
    proc = subprocess.run([str(_airflow_python()), "-c", script, str(DAG_FOLDER)], capture_output=True, text=True,
                          timeout=600, cwd=tmp_path, env=_clean_env(**_airflow_env(tmp_path)))
    assert proc.returncode == 0, proc.stderr[-5000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_requirements_pin_setup_beam_version():
    beam = re.search(r'"apache-beam==([0-9.]+)"', (ROOT / "setup.py").read_text()).group(1)
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", REQUIREMENTS.read_text(), flags=re.M))
    assert pins.get("apache-beam") == beam
    assert {"apache-airflow", "apache-airflow-providers-apache-beam", "apache-airflow-providers-google"} <= set(pins)


def test_dag_loads_in_airflow_dagbag(tmp_path, monkeypatch):
    summary = _summary(tmp_path, monkeypatch)
    assert summary["import_errors"] == {}
    assert list(summary["dags"]) == ["communique_batch"]
    dag = summary["dags"]["communique_batch"]
    assert (dag["schedule"], dag["catchup"], dag["max_active_runs"]) == ("0 5 * * *", False, 1)
    assert dag["tags"] == ["beam", "communique"]
    assert list(dag["tasks"]) == ["communique_run"]
    task = dag["tasks"]["communique_run"]
    assert task["class"] == "airflow.providers.apache.beam.operators.beam.BeamRunPythonPipelineOperator"
    assert (task["runner"], task["py_interpreter"], task["py_system_site_packages"]) == ("DataflowRunner",
                                                                                          "python3", True)
    assert "/deploy/dataflow/main.py" in task["py_file"] and "communique_py_file" in task["py_file"]
    options = task["pipeline_options"]
    assert {k: options[k] for k in ("fetch", "max_bytes", "timeout", "max_num_workers")} == {
        "fetch": "auto", "max_bytes": 5_000_000, "timeout": 20, "max_num_workers": 4}
    assert set(options) == {"out", "fetch", "max_bytes", "timeout", "project", "region", "temp_location",
                            "staging_location", "sdk_container_image", "max_num_workers"}
    assert options["temp_location"].startswith("gs://") and "communique_out" in options["out"]
    config = task["dataflow_config"]
    assert config["job_name"] == "communique-{{ ds_nodash }}" and config["wait_until_finished"] is True
    assert "communique_region" in config["location"]
