"""`communique evaluate` end to end: on the shared seed gold file (runs the pipeline), and on an existing run."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_GOLD = SHARED / "gold" / "seed.gold.json"
LAYERS = ("statements (speaker)", "statements (anchor only)", "act type", "commitments (committers)",
          "actors", "issues")


def communique(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "communique.pipelines.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def seed_eval(tmp_path_factory):
    if not SEED_GOLD.exists():
        pytest.skip(f"shared gold file not found: {SEED_GOLD} (tests read ../shared beside the repo)")
    cwd = tmp_path_factory.mktemp("evaluate")
    proc = communique("evaluate", "--gold", str(SEED_GOLD), "--out", str(cwd / "run"),
                      "--json", str(cwd / "figures.json"), cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return cwd, proc


def test_seed_report_has_every_layer_and_high_speaker_f1(seed_eval):
    cwd, proc = seed_eval
    for layer in LAYERS:
        assert layer in proc.stdout, layer
    row = re.search(r"statements \(speaker\)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", proc.stdout)
    assert row, proc.stdout
    assert float(row.group(3)) >= 0.9, proc.stdout
    assert "not_actors among predicted actors" in proc.stdout
    figures = json.loads((cwd / "figures.json").read_text())
    assert figures["layers"]["statements (speaker)"]["f1"] >= 0.9
    assert set(figures["layers"]) >= set(LAYERS)


def test_existing_run_is_scored_without_rerunning(seed_eval):
    cwd, first = seed_eval
    proc = communique("evaluate", "--gold", str(SEED_GOLD), "--out", str(cwd / "run"), cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    assert "Scoring the existing run" in proc.stdout and "Ran the pipeline" not in proc.stdout
    table = lambda out: out[out.index("Gold evaluation"):].split("Figures written")[0].strip()
    assert table(proc.stdout) == table(first.stdout)


def test_missing_gold_is_a_usage_error(tmp_path):
    proc = communique("evaluate", "--gold", str(tmp_path / "nope.gold.json"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "no such file" in proc.stderr and "Traceback" not in proc.stderr


def test_polnear_folder_is_run_and_scored(tmp_path):
    text = 'The senator said the bill would pass. "It is a good day," Jones told reporters on Tuesday.\n'
    folder = tmp_path / "polnear"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "doc.txt").write_text(text, encoding="utf-8")

    def t(n, kind, s):
        start = text.index(s)
        return f"T{n}\t{kind} {start} {start + len(s)}\t{s}"
    ann = [t(1, "Source", "The senator"), t(2, "Cue", "said"), t(3, "Content", "the bill would pass"),
           t(4, "Attribution", "said"), "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
           t(5, "Source", "Jones"), t(6, "Cue", "told"), t(7, "Content", '"It is a good day,"'),
           t(8, "Attribution", "told"), "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5"]
    (folder / "attributions" / "doc_4e07.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    (folder / "attributions" / "doc_ef2d.ann").write_text("\n".join(ann[:5]) + "\n", encoding="utf-8")
    proc = communique("evaluate", "--gold", str(folder), "--json", str(tmp_path / "f.json"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for layer in ("source exact", "cue overlap", "content proportional", "attribution overlap"):
        assert layer in proc.stdout
    assert "texts scored: 1" in proc.stdout and "gold attributions: 2" in proc.stdout
    assert "differing from the .txt: 0" in proc.stdout
    figures = json.loads((tmp_path / "f.json").read_text())
    assert figures["kind"] == "polnear" and figures["layers"]["cue exact"]["n_gold"] == 2
    # a second annotator marked only the senator's statement: agreement is printed beside the run's score
    assert "annotator agreement on the 1 texts" in proc.stdout
    agreement = figures["annotator_agreement"]["layers"]
    assert agreement["cue overlap, annotator 2"]["recall"] == 0.5
    assert agreement["cue overlap, this run"] == figures["layers"]["cue overlap"]
