"""Whole pipeline against bare spaCy: ``communique run`` end to end, next to ``nlp.pipe`` on the same texts, and
how the run scales.

    python benchmarks/pipeline_vs_spacy.py [--n 300] [--scale 1000,6000] [--shared ../shared]

Reads N State Department press releases from ``shared/corpus/text`` (never copied into the project), converts
their HTML to text with ``html_fragment_to_text`` and writes them to a temporary JSONL of
{url, title, published, text}. Then times four whole processes (wall clock, start to exit, imports and model
loading included), side by side in one run:
  limit_all_cores     - ``spacy.load(find_model())`` + ``nlp.pipe(batch_size=16)`` in a
                        ``multiprocessing.Pool(os.cpu_count())``, one model per worker process
  pipeline_all_cores  - ``communique run --articles <jsonl> --out <tmp> --fresh`` with its defaults (one spaCy
                        analysis process per core)
  limit_one_core      - the same bare spaCy in one process
  pipeline_one_core   - the same run with ``--processes 1`` (everything in one process)
  selective_all_cores - the default run with ``--selective`` (only sentences that can carry a statement parsed)
The limits use batches of 16, the pipeline's: on these machines that is bare spaCy's fastest setting (its
default of 256 holds ~4 GB of arrays and runs ~20% slower, measured). Targets (issue): pipeline / limit <= 1.15.

Scaling: the default run on the first N of the State Department + White House texts (interleaved, so both
kinds are in every size; 6,017 texts exist), for each N of ``--scale``: wall clock, articles and words per
second, and the peak resident memory of the largest process (the CLI's or one analysis process's).
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = "corpus/text/state_dept_press_releases_2021-2022.jsonl"
WHITE_HOUSE = "corpus/text/whitehouse_briefing_room"
TARGET = 1.15
SELECTIVE_TARGET = 0.6

# The "limit" process: the least any pipeline can do with this model. Only spaCy and find_model are imported.
LIMIT_CODE = r"""
import json, os, sys
from multiprocessing import Pool
import spacy
from communique.transforms.nlp_model import find_model

_nlp = None

def _init():
    global _nlp
    _nlp = spacy.load(find_model())

def _parse(chunk):
    return sum(len(doc) for doc in _nlp.pipe(chunk, batch_size=16))

def main(path, workers):
    with open(path, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    if workers <= 1:
        _init()
        tokens = _parse(texts)
    else:
        size = max(1, -(-len(texts) // (workers * 4)))   # a few chunks per worker, for balance
        chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
        with Pool(workers, initializer=_init) as pool:
            tokens = sum(pool.map(_parse, chunks))
    print(tokens)

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
"""


def write_articles(shared: Path, n: int, path: Path):
    """The first n non-empty press releases as {url, title, published, text}; returns (texts, words)."""
    from communique.transforms.text_extraction import html_fragment_to_text

    count = words = 0
    with open(shared / CORPUS, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            text = html_fragment_to_text(record.get("content_html"))
            if not text.strip():
                continue
            out.write(json.dumps({"url": record.get("link") or record.get("guid"), "title": record.get("title"),
                                  "published": record.get("published"), "text": text}) + "\n")
            count += 1
            words += len(text.split())
            if count >= n:
                break
    return count, words


def _state_records(shared: Path):
    from communique.transforms.text_extraction import html_fragment_to_text

    with open(shared / CORPUS, encoding="utf-8") as src:
        for line in src:
            record = json.loads(line)
            text = html_fragment_to_text(record.get("content_html"))
            if text.strip():
                yield {"url": record.get("link") or record.get("guid"), "title": record.get("title"),
                       "published": record.get("published"), "text": text}


def _white_house_records(shared: Path):
    folder = shared / WHITE_HOUSE
    with open(folder / "INDEX.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            body = (folder / row["path"]).read_text(encoding="utf-8")
            if body.startswith("---"):
                body = body.split("---", 2)[2]          # YAML front matter
            if body.strip():
                yield {"url": row["source_url"], "title": row["title"], "published": row["date"],
                       "text": body.strip()}


def write_mixed(shared: Path, n: int, path: Path):
    """The first n texts of State Department and White House, interleaved; returns (texts, words)."""
    count = words = 0
    with open(path, "w", encoding="utf-8") as out:
        for pair in itertools.zip_longest(_state_records(shared), _white_house_records(shared)):
            for record in pair:
                if record is None or count >= n:
                    continue
                out.write(json.dumps(record) + "\n")
                count += 1
                words += len(record["text"].split())
            if count >= n:
                break
    return count, words


# Runs a command and prints the largest resident set of it and its descendants (wait4 folds them in), in KiB.
PEAK_CODE = "import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; " \
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(rc)"


def timed_peak(cmd):
    """(wall seconds, peak RSS in MB of the largest process) of a whole process tree."""
    seconds, _ = timed([sys.executable, "-c", PEAK_CODE] + list(cmd), keep_stderr=True)
    return seconds, int(_LAST_STDERR[0].strip().splitlines()[-1]) / 1024


_LAST_STDERR = [""]


def timed(cmd, keep_stderr=False):
    """Wall-clock seconds of a whole process, start to exit; fails loudly if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout}\n{proc.stderr}")
    _LAST_STDERR[0] = proc.stderr if keep_stderr else ""
    return seconds, proc.stdout


def communique_cmd():
    exe = Path(sys.executable).with_name("communique")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "communique.pipelines.cli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--scale", default="1000,6000",
                        help="comma-separated article counts for the scaling line ('' to skip)")
    args = parser.parse_args()
    sizes = [int(x) for x in args.scale.split(",") if x.strip()]
    cpus = os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        tmp = Path(tmp)
        articles = tmp / "articles.jsonl"
        n_texts, words = write_articles(args.shared, args.n, articles)
        limit = [sys.executable, "-c", LIMIT_CODE, str(articles)]
        run = communique_cmd() + ["run", "--articles", str(articles), "--fresh"]
        results = {}
        results["limit_all_cores"], _ = timed(limit + [str(cpus)])
        results["pipeline_all_cores"], out_all = timed(run + ["--out", str(tmp / "out_all")])
        results["limit_one_core"], _ = timed(limit + ["1"])
        results["pipeline_one_core"], out_one = timed(run + ["--out", str(tmp / "out_one"), "--processes", "1"])
        results["selective_all_cores"], out_sel = timed(run + ["--out", str(tmp / "out_sel"), "--selective"])
        scaling = []
        for size in sizes:
            path = tmp / f"mixed-{size}.jsonl"
            n_size, words_size = write_mixed(args.shared, size, path)
            seconds, peak_mb = timed_peak(communique_cmd() + ["run", "--articles", str(path), "--fresh",
                                                               "--out", str(tmp / f"out-{size}")])
            scaling.append((n_size, words_size, seconds, peak_mb))

    print(f"machine: {cpus} CPUs (os.cpu_count), Python {platform.python_version()}, {platform.platform()}")
    print(f"{n_texts} texts, {words:,} words; whole-process wall clock (imports and model loading included)")
    for name, seconds in results.items():
        print(f"  {name:<20} {seconds:7.2f} s  ({words / seconds:,.0f} words/s)")
    for setting in ("all_cores", "one_core"):
        ratio = results[f"pipeline_{setting}"] / results[f"limit_{setting}"]
        verdict = "ok" if ratio <= TARGET else "over"
        print(f"  ratio pipeline/limit, {setting:<9} {ratio:5.2f}   target <= {TARGET:.2f} ({verdict})")
    ratio = results["selective_all_cores"] / results["limit_all_cores"]
    verdict = "ok" if ratio <= SELECTIVE_TARGET else "over"
    print(f"  ratio selective/limit, all_cores {ratio:5.2f}   target <= {SELECTIVE_TARGET:.2f} ({verdict})")
    if scaling:
        print("scaling (default run, State Department + White House texts; peak RSS of the largest process):")
        base = scaling[0][2] / scaling[0][0]
        for n_size, words_size, seconds, peak_mb in scaling:
            per = seconds / n_size
            print(f"  {n_size:>6,} articles {words_size:>10,} words  {seconds:8.1f} s  {n_size / seconds:6.1f} "
                  f"articles/s  {words_size / seconds:7,.0f} words/s  peak RSS {peak_mb:6,.0f} MB  "
                  f"time per article x{per / base:.2f} of the smallest")
    for name, out in (("pipeline_all_cores", out_all), ("pipeline_one_core", out_one),
                      ("selective_all_cores", out_sel)):
        rows = [" ".join(line.split()) for line in out.splitlines() if line.strip().endswith(" rows")]
        print(f"{name} wrote: " + ", ".join(rows))


if __name__ == "__main__":
    main()
