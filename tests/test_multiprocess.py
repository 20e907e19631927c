"""Portability (d): a multi-process local run (`--direct_num_workers 2 --direct_running_mode multi_processing`)
and the default local run (in-process runner, one spaCy analysis process per core) write the same rows as a
run in one process (`--processes 1`). The input is the seed article split into four articles, so bundles
really are spread over both worker processes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from communique.transforms.write_parquet import read_table

SEED = Path(__file__).resolve().parents[1] / "pipelines" / "sample" / "afps-2007-10-12.txt"
PARTS = 4


def _articles(path: Path) -> Path:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    size = -(-len(paragraphs) // PARTS)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(PARTS):
            text = "\n\n".join(paragraphs[i * size:(i + 1) * size])
            fh.write(json.dumps({"url": f"https://example.org/afps/part-{i}", "title": f"Part {i}",
                                 "published": "2007-10-12T12:00:00Z", "text": text}) + "\n")
    return path


def _run(tmp_path: Path, name: str, *beam_args: str) -> Path:
    out = tmp_path / name
    proc = subprocess.run([sys.executable, "-m", "communique.pipelines.cli", "run",
                           "--articles", str(tmp_path / "articles.jsonl"), "--out", str(out), *beam_args],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def _ids(out: Path, table: str, *columns: str):
    rows = read_table(str(out), table).select(list(columns)).to_pylist()
    return sorted(tuple(r[c] for c in columns) for r in rows)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("multiprocess")
    _articles(tmp_path / "articles.jsonl")
    in_process = _run(tmp_path, "in-process", "--processes", "1")
    multi = _run(tmp_path, "multi-process", "--direct_num_workers", "2",
                 "--direct_running_mode", "multi_processing")
    pooled = _run(tmp_path, "analysis-processes", "--processes", "2")
    return in_process, multi, pooled




@pytest.mark.parametrize("which", [1, 2], ids=["beam-multi-processing", "analysis-processes"])
def test_same_articles_and_statements(runs, which):
    in_process, multi = runs[0], runs[which]
    articles = _ids(in_process, "articles", "article_id")
    assert len(articles) == PARTS
    assert _ids(multi, "articles", "article_id") == articles
    statements = _ids(in_process, "statements", "statement_id", "article_id", "speaker_name", "event_type")
    assert len({s[1] for s in statements}) > 1, "statements should come from several articles"
    assert _ids(multi, "statements", "statement_id", "article_id", "speaker_name", "event_type") == statements


@pytest.mark.parametrize("which", [1, 2], ids=["beam-multi-processing", "analysis-processes"])
def test_same_rows_in_the_other_tables(runs, which):
    in_process, multi = runs[0], runs[which]
    assert _ids(multi, "commitments", "commitment_id", "article_id") == \
        _ids(in_process, "commitments", "commitment_id", "article_id")
    assert _ids(multi, "actors", "actor_id", "name", "n_mentions", "n_statements") == \
        _ids(in_process, "actors", "actor_id", "name", "n_mentions", "n_statements")
    assert _ids(multi, "issues", "issue_id", "n_mentions", "n_articles") == \
        _ids(in_process, "issues", "issue_id", "n_mentions", "n_articles")
    assert _ids(multi, "errors", "stage", "input", "error_type") == \
        _ids(in_process, "errors", "stage", "input", "error_type")


@pytest.mark.parametrize("requested, beam_args, expected", [
    (None, [], os.cpu_count() or 1),                                                   # local: one per core
    (3, [], 3),
    (None, ["--direct_num_workers", "2", "--direct_running_mode", "multi_processing"], 1),  # Beam's processes
    (None, ["--runner", "DataflowRunner"], 1),                                          # workers scale remotely
    (None, ["--runner", "PortableRunner"], 1),
], ids=["default", "explicit", "beam-multi-processing", "dataflow", "portable"])
def test_analysis_processes(requested, beam_args, expected):
    from communique.pipelines.cli import analysis_processes, beam_options
    assert analysis_processes(requested, beam_options(beam_args)) == expected


def test_analysis_processes_refuses_zero():
    from communique.pipelines.cli import UsageError, analysis_processes, beam_options
    with pytest.raises(UsageError):
        analysis_processes(0, beam_options([]))
