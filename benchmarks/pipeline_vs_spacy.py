"""Whole pipeline against bare spaCy: ``communique run`` end to end, next to ``nlp.pipe`` on the same texts.

    python benchmarks/pipeline_vs_spacy.py [--n 300] [--shared ../shared]

Reads N State Department press releases from ``shared/corpus/text`` (never copied into the project), converts
their HTML to text with ``html_fragment_to_text`` and writes them to a temporary JSONL of
{url, title, published, text}. Then times four whole processes (wall clock, start to exit, imports and model
loading included), side by side in one run:
  limit_all_cores     - ``spacy.load(find_model())`` + ``nlp.pipe`` in a ``multiprocessing.Pool(os.cpu_count())``,
                        one model per worker process (loaded in the pool initializer)
  pipeline_all_cores  - ``communique run --articles <jsonl> --out <tmp> --fresh
                        --direct_num_workers <cpu_count> --direct_running_mode multi_processing``
  limit_one_core      - ``spacy.load(find_model())`` + ``nlp.pipe`` in one process
  pipeline_one_core   - ``communique run --articles <jsonl> --out <tmp> --fresh`` (in-process FnApiRunner)
Targets (issue): pipeline / limit <= 1.15 on one core and on all cores.
"""
from __future__ import annotations

import argparse
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
TARGET = 1.15

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
    return sum(len(doc) for doc in _nlp.pipe(chunk))

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


def timed(cmd):
    """Wall-clock seconds of a whole process, start to exit; fails loudly if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout}\n{proc.stderr}")
    return seconds, proc.stdout


def communique_cmd():
    exe = Path(sys.executable).with_name("communique")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "communique.pipelines.cli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    cpus = os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        tmp = Path(tmp)
        articles = tmp / "articles.jsonl"
        n_texts, words = write_articles(args.shared, args.n, articles)
        limit = [sys.executable, "-c", LIMIT_CODE, str(articles)]
        run = communique_cmd() + ["run", "--articles", str(articles), "--fresh"]
        results = {}
        results["limit_all_cores"], _ = timed(limit + [str(cpus)])
        results["pipeline_all_cores"], out_all = timed(
            run + ["--out", str(tmp / "out_all"), "--direct_num_workers", str(cpus),
                   "--direct_running_mode", "multi_processing"])
        results["limit_one_core"], _ = timed(limit + ["1"])
        results["pipeline_one_core"], out_one = timed(run + ["--out", str(tmp / "out_one")])

    print(f"machine: {cpus} CPUs (os.cpu_count), Python {platform.python_version()}, {platform.platform()}")
    print(f"{n_texts} texts, {words:,} words; whole-process wall clock (imports and model loading included)")
    for name, seconds in results.items():
        print(f"  {name:<20} {seconds:7.2f} s  ({words / seconds:,.0f} words/s)")
    for setting in ("all_cores", "one_core"):
        ratio = results[f"pipeline_{setting}"] / results[f"limit_{setting}"]
        verdict = "ok" if ratio <= TARGET else "over"
        print(f"  ratio pipeline/limit, {setting:<9} {ratio:5.2f}   target <= {TARGET:.2f} ({verdict})")
    for name, out in (("pipeline_all_cores", out_all), ("pipeline_one_core", out_one)):
        rows = [" ".join(line.split()) for line in out.splitlines() if line.strip().endswith(" rows")]
        print(f"{name} wrote: " + ", ".join(rows))


if __name__ == "__main__":
    main()
