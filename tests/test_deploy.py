"""The deployment kits under deploy/: files parse, versions match the pins, parameters match the CLI's flags.

Offline and fast. The Airflow DAG is loaded in Airflow's DagBag by tests/test_airflow_dagbag.py.
"""
from __future__ import annotations

import ast
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from communique.pipelines import cli, flex_launcher

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
DATAFLOW = DEPLOY / "dataflow"


def _beam_pin() -> str:
    match = re.search(r'"apache-beam==([0-9.]+)"', (ROOT / "setup.py").read_text())
    assert match, "apache-beam pin not found in setup.py"
    return match.group(1)


def _run_flags() -> set:
    """The long flags of `communique run`."""
    parser = cli._parser()
    sub = next(a for a in parser._actions if isinstance(a.choices, dict))
    return {s for s in cli._option_strings(sub.choices["run"]) if s.startswith("--")}


def _metadata() -> dict:
    return json.loads((DATAFLOW / "metadata.json").read_text())


# ------------------------------------------------------------------------------------------------ files parse

@pytest.mark.parametrize("path", sorted(DEPLOY.rglob("*.json")), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_json_files_parse(path: Path):
    json.loads(path.read_text())


@pytest.mark.parametrize("path", sorted(list(DEPLOY.rglob("*.yaml")) + list(DEPLOY.rglob("*.yml"))),
                         ids=lambda p: str(p.relative_to(DEPLOY)))
def test_yaml_files_parse(path: Path):
    docs = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    assert docs
    for doc in docs:
        if "apiVersion" in doc:  # Kubernetes objects
            assert doc.get("kind") and doc.get("metadata", {}).get("name"), doc


@pytest.mark.parametrize("path", sorted(DEPLOY.rglob("*.sh")), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_shell_scripts_parse_and_are_executable(path: Path):
    proc = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert os.access(path, os.X_OK), f"{path} is not executable"


def test_every_kit_is_documented():
    readme = (DEPLOY / "README.md").read_text()
    for kit in ("dataflow", "flink", "spark", "airflow", "k8s", "scheduler"):
        assert (DEPLOY / kit).is_dir()
        assert f"deploy/{kit}/" in readme, f"deploy/{kit}/ not described in deploy/README.md"
        for path in (DEPLOY / kit).iterdir():
            assert path.name in readme, f"{path.relative_to(DEPLOY)} not mentioned in deploy/README.md"


# ------------------------------------------------------------------------------------------------ versions

def test_dockerfile_beam_versions_match_setup_pin():
    pin = _beam_pin()
    text = (DATAFLOW / "Dockerfile").read_text()
    froms = re.findall(r"^FROM\s+(\S+)", text, flags=re.M)
    assert f"apache/beam_python3.11_sdk:{pin}" in froms, froms
    assert any(f.startswith("gcr.io/dataflow-templates-base/python311-template-launcher-base") for f in froms)
    assert "FLEX_TEMPLATE_PYTHON_PY_FILE" in text
    assert "load_model()" in text, "the spaCy model must be installed and loaded at build time"


def test_every_beam_image_matches_setup_pin():
    pin = _beam_pin()
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            for image, version in re.findall(r"(apache/beam_[a-z0-9_.]+):([0-9][0-9.]*)", path.read_text()):
                assert version == pin, f"{path.relative_to(DEPLOY)}: {image}:{version}, setup.py pins {pin}"


# ------------------------------------------------------------------------------------------------ Dataflow

def test_metadata_parameters_are_cli_flags_with_valid_regexes():
    flags = _run_flags()
    meta = _metadata()
    assert meta["name"] and meta["parameters"]
    names = [p["name"] for p in meta["parameters"]]
    assert len(names) == len(set(names))
    for param in meta["parameters"]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", param["name"]), param["name"]
        assert "--" + param["name"].replace("_", "-") in flags, f"{param['name']} is not a `communique run` flag"
        assert param["label"] and param["helpText"]
        for regex in param.get("regexes", []):
            re.compile(regex)
    required = {p["name"] for p in meta["parameters"] if not p.get("isOptional")}
    assert required == {"out"}


@pytest.mark.parametrize("name,good,bad", [
    ("out", "gs://my-bucket/communique-out", "/tmp/out"),
    ("feed", "https://example.org/feed.xml", "file:///etc/passwd"),
    ("fetch", "always", "sometimes"),
    ("max_bytes", "5000000", "-1"),
    ("timeout", "20.5", "soon"),
])
def test_metadata_regexes_accept_and_refuse(name, good, bad):
    (param,) = [p for p in _metadata()["parameters"] if p["name"] == name]
    assert all(re.fullmatch(r, good) for r in param["regexes"])
    assert not all(re.fullmatch(r, bad) for r in param["regexes"])


def test_launcher_takes_template_parameter_names():
    """Template parameters arrive as --name=value: the launcher maps underscores to the CLI's dashed flags."""
    own = cli._option_strings(cli._parser())
    argv = [f"--{p['name']}=x" for p in _metadata()["parameters"]] + ["--temp_location=gs://b/tmp"]
    normalised = flex_launcher.normalise_flags(argv, own)
    assert "--max-bytes=x" in normalised and "--feeds-file=x" in normalised
    assert "--temp_location=gs://b/tmp" in normalised          # Beam's own flags are left alone
    flags = _run_flags()
    assert all(a.split("=")[0] in flags for a in normalised[:-1])


def test_launcher_never_waits_for_the_job():
    for path in (ROOT / "pipelines" / "flex_launcher.py", DATAFLOW / "main.py"):
        tree = ast.parse(path.read_text())
        calls = [n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
        assert "wait_until_finish" not in calls, path
    main = ast.parse((DATAFLOW / "main.py").read_text())
    imports = [n.module for n in ast.walk(main) if isinstance(n, ast.ImportFrom)]
    assert "communique.pipelines.flex_launcher" in imports


def test_launcher_refuses_local_state():
    with pytest.raises(cli.UsageError):
        flex_launcher.launch(["--out", "gs://communique-test/out", "--state", "/tmp/state"])


def test_scheduler_body_uses_template_parameters():
    text = (DEPLOY / "scheduler" / "launch_body.json").read_text()
    for placeholder, value in (("BUCKET", "my-bucket"), ("PROJECT", "my-project"), ("REGION", "europe-west1")):
        text = text.replace(placeholder, value)  # what create_job.sh substitutes
    body = json.loads(text)["launchParameter"]
    names = {p["name"]: p for p in _metadata()["parameters"]}
    assert body["containerSpecGcsPath"].startswith("gs://")
    for key, value in body["parameters"].items():
        if key == "sdk_container_image":  # a Dataflow launch option, not a Communique flag
            continue
        assert key in names, f"{key} is not a template parameter"
        assert all(re.fullmatch(r, value) for r in names[key].get("regexes", [])), (key, value)
    assert not {n for n, p in names.items() if not p.get("isOptional")} - set(body["parameters"])


# ------------------------------------------------------------------------------------------------ runner flags

def _flags_in(path: Path) -> set:
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9_-]*)", path.read_text()))


@pytest.mark.parametrize("path", [DEPLOY / "flink" / "submit.sh", DEPLOY / "spark" / "submit.sh"],
                         ids=lambda p: str(p.relative_to(DEPLOY)))
def test_submit_scripts_use_known_flags(path: Path):
    """Every flag the submit scripts pass to `communique run` is Communique's or a registered Beam option."""
    known = _run_flags() | set(cli._option_strings(cli._beam_parser()))
    unknown = sorted(_flags_in(path) - known)
    assert not unknown, f"{path.name}: unknown flags {unknown}"


def test_cronjob_args_are_cli_flags():
    docs = list(yaml.safe_load_all((DEPLOY / "k8s" / "cronjob.yaml").read_text()))
    (cron,) = [d for d in docs if d["kind"] == "CronJob"]
    (container,) = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["communique"] and container["args"][0] == "run"
    parser = cli._parser()
    args, beam_args = parser.parse_known_args(container["args"])
    cli.check_beam_args(beam_args, parser)
    assert args.out.startswith("/data/")


def test_flink_deployment_has_a_worker_pool_sidecar():
    docs = list(yaml.safe_load_all((DEPLOY / "flink" / "flink-deployment.yaml").read_text()))
    (flink,) = [d for d in docs if d["kind"] == "FlinkDeployment"]
    containers = flink["spec"]["taskManager"]["podTemplate"]["spec"]["containers"]
    pool = [c for c in containers if "--worker_pool" in c.get("args", [])]
    assert pool and pool[0]["ports"][0]["containerPort"] == 50000


# ------------------------------------------------------------------------------------------------ Airflow

DAG_FILE = DEPLOY / "airflow" / "communique_dag.py"


def _operator_call() -> ast.Call:
    tree = ast.parse(DAG_FILE.read_text())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and getattr(n.func, "id", getattr(n.func, "attr", None)) == "BeamRunPythonPipelineOperator"]
    assert len(calls) == 1
    return calls[0]


def test_dag_parses_and_its_operator_runs_the_launcher():
    tree = ast.parse(DAG_FILE.read_text())
    imports = {(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert ("airflow.providers.apache.beam.operators.beam", "BeamRunPythonPipelineOperator") in imports
    assigns = {t.id: n.value.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
               for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)}
    assert assigns.get("LAUNCHER_MODULE") == "communique.pipelines.flex_launcher"
    kwargs = {k.arg: k.value for k in _operator_call().keywords}
    py_file = ast.literal_eval(kwargs["py_file"])
    assert "deploy/dataflow/main.py" in py_file
    assert ast.literal_eval(kwargs["runner"]) == "DataflowRunner"
    options = ast.literal_eval(kwargs["pipeline_options"])
    own = {o for o in options if "--" + o.replace("_", "-") in _run_flags()}
    assert {"out", "fetch", "max_bytes", "timeout"} <= own
    beam_flags = set(cli._option_strings(cli._beam_parser()))
    assert all(f"--{o}" in beam_flags for o in set(options) - own), set(options) - own
