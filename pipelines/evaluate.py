"""``communique evaluate``: run the batch job on an evaluation set and score its Parquet output.

``--gold PATH`` is either

* a gold file in the shared format (``.gold.json``: one object or a list; ``.jsonl``: one object a line): the
  gold articles (text from ``<shared>/<source>``, where ``<shared>`` is the folder holding ``gold/`` unless
  ``--shared`` says otherwise) are written to a temporary JSONL ``{url: "gold:"+doc_id, title, published,
  text}``, run through the pipeline, and scored by :func:`communique.pipelines.score_gold.score_gold`;
* a PolNeAR folder (holding ``text/`` and ``attributions/``): ``text/`` is run as an ``--articles`` folder and
  the statements are scored by :func:`communique.pipelines.score_polnear.score_polnear`; on the texts two
  annotators annotated, the second annotator is scored beside the run
  (:func:`~communique.pipelines.score_polnear.annotator_agreement`: the ceiling to read the run's figures by);
* a PLOVER gold-standard record file (``PLOVER_GSR_*.json``): act types, sentence by sentence
  (:mod:`communique.pipelines.score_plover`);
* a pledge-labelled sentence file (``.tsv`` with a ``binary_pledge`` column): commitments, sentence by sentence
  (:mod:`communique.pipelines.score_pledges`).
The last two score the extraction logic on single sentences directly, without a Beam run.

``--out DIR`` naming an existing run (a folder with written tables) scores that run without re-running;
otherwise the run is written to ``--out`` (or to a temporary folder, removed afterwards). ``--json FILE`` also
writes every figure as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, Optional, Sequence

TABLES_READ = ("articles", "actors", "statements", "issues", "commitments")


class EvaluateError(Exception):
    """A usage problem of ``communique evaluate`` (reported by the CLI in one line, exit 2)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", required=True, metavar="PATH",
                        help="a .gold.json/.jsonl gold file, a PolNeAR folder (with text/ and attributions/), "
                             "a PLOVER_GSR_*.json file or a pledge-labelled .tsv")
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="score this existing run; or, when it holds no run, write the run there "
                             "(default: a temporary folder)")
    parser.add_argument("--json", default=None, metavar="FILE", help="also write all figures as JSON")
    parser.add_argument("--shared", default=None, metavar="DIR",
                        help="folder the gold 'source' paths are relative to (default: the gold file's grandparent)")
    parser.add_argument("--model", default=None, help="spaCy model package (default: the installed English model)")
    parser.add_argument("--selective", action="store_true",
                        help="run with selective parsing (communique run --selective), to compare its scores")
    parser.add_argument("--cue-model", default=None, metavar="TSV|none",
                        help="run with this learned-cue model (from 'communique train-cues') or 'none' for lexicon "
                             "cues only (gold files and PolNeAR folders; default: the shipped model)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Beam's and the stages' logs")


def is_polnear(path: Path) -> bool:
    return path.is_dir() and (path / "text").is_dir() and (path / "attributions").is_dir()


def sentence_set_kind(path: Path) -> Optional[str]:
    """'plover' or 'pledges' for the sentence-level evaluation sets, else None."""
    if not path.is_file():
        return None
    if path.suffix == ".tsv":
        with open(path, encoding="utf-8") as fh:
            return "pledges" if "binary_pledge" in fh.readline() else None
    if path.suffix == ".json" and path.name.upper().startswith("PLOVER"):
        return "plover"
    return None


def evaluate_sentences(kind: str, path: Path, json_path: Optional[str], echo=print):
    """Score the extraction logic on a PLOVER or pledge sentence file; prints and returns the reports."""
    if kind == "plover":
        from communique.pipelines.score_plover import evaluate_plover

        reports = [evaluate_plover(path)]
    else:
        from communique.pipelines.score_pledges import evaluate_pledges_both

        reports = evaluate_pledges_both(path)
    for report in reports:
        echo("")
        for line in report.lines():
            echo(line)
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump({"gold": str(path), "kind": kind, "reports": [
                {"title": r.title, "layers": r.as_dict(), "notes": r.notes} for r in reports]}, f, indent=2)
        echo(f"\nFigures written to {json_path}")
    return reports


def has_run(out_dir: Optional[str]) -> bool:
    """True when ``out_dir`` holds written tables (a statements part file) from an earlier run."""
    from communique.transforms.write_parquet import table_files

    return bool(out_dir) and os.path.isdir(out_dir) and bool(table_files(out_dir, "statements"))


def read_tables(out_dir: str) -> Dict[str, Any]:
    from communique.transforms.write_parquet import read_table

    return {table: read_table(out_dir, table) for table in TABLES_READ}


def run_pipeline(articles: str, out_dir: str, model: Optional[str], beam_args: Sequence[str],
                 selective: bool = False, cue_model: Optional[str] = None) -> float:
    """Run the batch job on ``articles`` (a JSONL file or a folder) into ``out_dir``; returns seconds taken."""
    from communique.pipelines.batch import RunConfig, run
    from communique.pipelines.cli import analysis_processes, beam_options
    from communique.transforms.write_parquet import prepare_out_dir

    try:
        prepare_out_dir(out_dir)
    except OSError as exc:
        raise EvaluateError(f"--out {out_dir}: cannot write there ({exc})") from exc
    started = time.monotonic()
    options = beam_options(beam_args)
    run(RunConfig(out_dir=out_dir, articles=(articles,), model=model, selective=selective, cue_model=cue_model,
                  analysis_processes=analysis_processes(None, options)), options)
    return time.monotonic() - started


def evaluate(gold: str, out: Optional[str] = None, json_path: Optional[str] = None, shared: Optional[str] = None,
             model: Optional[str] = None, beam_args: Sequence[str] = (), echo=print, selective: bool = False,
             cue_model: Optional[str] = None):
    """Run (unless ``out`` holds a run) and score; prints the report and returns it. ``cue_model``: a
    ``--cue-model`` value (None: the shipped model; "none"; or a model file's path)."""
    from communique.pipelines.score_gold import (attach_texts, default_shared_dir, load_gold, report_json,
                                                 score_gold, write_articles_jsonl)
    from communique.pipelines.score_polnear import annotator_agreement, score_polnear

    gold_path = Path(gold)
    if not gold_path.exists():
        raise EvaluateError(f"--gold {gold}: no such file or folder")
    kind = sentence_set_kind(gold_path)
    if kind and cue_model is not None:
        raise EvaluateError("--cue-model applies to gold files and PolNeAR folders (pipeline runs), not to "
                            f"{kind} sentence sets")
    if kind:
        return evaluate_sentences(kind, gold_path, json_path, echo)
    from communique.transforms.learned_cues import read_spec
    try:
        cue_model = read_spec(cue_model)
    except ValueError as exc:
        raise EvaluateError(f"--cue-model {cue_model}: {exc}") from exc
    polnear = is_polnear(gold_path)
    if not polnear and not gold_path.is_file():
        raise EvaluateError(f"--gold {gold}: neither a gold file nor a PolNeAR folder (text/ and attributions/)")
    docs = None
    if not polnear:
        shared_dir = Path(shared) if shared else default_shared_dir(gold_path)
        try:
            docs = attach_texts(load_gold(gold_path), shared_dir)
        except (OSError, ValueError, KeyError) as exc:
            raise EvaluateError(f"--gold {gold}: {exc}") from exc

    tmp_root = None
    try:
        if has_run(out):
            out_dir = os.path.abspath(out)
            echo(f"Scoring the existing run in {out_dir}")
        else:
            tmp_root = tempfile.mkdtemp(prefix="communique-eval-")
            out_dir = os.path.abspath(out) if out else os.path.join(tmp_root, "out")
            if polnear:
                articles = str((gold_path / "text").resolve())
            else:
                articles = write_articles_jsonl(docs, os.path.join(tmp_root, "gold-articles.jsonl"))
            seconds = run_pipeline(articles, out_dir, model, beam_args, selective, cue_model)
            echo(f"Ran the pipeline on {articles} in {seconds:.1f} s (output: "
                 f"{out_dir if out else 'a temporary folder'})")
        tables = read_tables(out_dir)
        agreement = None
        if polnear:
            report = score_polnear(gold_path, tables, title=f"PolNeAR attributions: {gold_path}")
            agreement = annotator_agreement(gold_path, tables)
        else:
            report = score_gold(docs, tables, title=f"Gold evaluation: {gold_path}")
    finally:
        if tmp_root:
            shutil.rmtree(tmp_root, ignore_errors=True)

    echo("")
    for line in report.lines():
        echo(line)
    if agreement is not None:
        echo("")
        for line in agreement.lines():
            echo(line)
    if json_path:
        data = report_json(report)
        if agreement is not None:
            data["annotator_agreement"] = report_json(agreement)
        data.update({"gold": str(gold_path), "kind": "polnear" if polnear else "gold", "out": out})
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
        echo(f"\nFigures written to {json_path}")
    return report


def cmd_evaluate(args: argparse.Namespace, beam_args: Sequence[str]) -> int:
    """Entry point of the ``evaluate`` subcommand (called by ``cli.main``): 0, or 2 with a one-line error.

    The error is printed here, in the CLI's format, rather than raised as ``cli.UsageError``: under
    ``python -m communique.pipelines.cli`` that class lives in ``__main__`` and an import would get another one.
    """
    try:
        evaluate(args.gold, out=args.out, json_path=args.json, shared=args.shared, model=args.model,
                 beam_args=beam_args, selective=args.selective, cue_model=args.cue_model)
    except EvaluateError as exc:
        print(f"communique: error: {exc}", file=sys.stderr)
        return 2
    return 0
