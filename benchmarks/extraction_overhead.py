"""Extraction overhead: Communique's extraction on top of spaCy, against bare ``nlp.pipe`` on the same texts.

    python benchmarks/extraction_overhead.py [--n 300] [--shared ../shared]

Reads State Department press releases from ``shared/corpus/text`` (never copied into the project), converts
their HTML to text as the pipeline does, then times, in one process and side by side:
  bare   - the spaCy model as shipped, ``list(nlp.pipe(texts))``
  ours   - the model with Communique's paragraph component, ``nlp.pipe`` + ``analyse`` on every Doc
Target (issue 3): ours / bare <= 1.5.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from communique.schemas import Article
from communique.transforms.analyse import analyse
from communique.transforms.issues import IssueMatcher
from communique.transforms.nlp_model import find_model, load_model, nlp_text
from communique.transforms.text_extraction import html_fragment_to_text

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = "corpus/text/state_dept_press_releases_2021-2022.jsonl"


def load_texts(shared: Path, n: int):
    texts = []
    with open(shared / CORPUS, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            text = html_fragment_to_text(record.get("content_html"))
            if text.strip():
                texts.append(text)
            if len(texts) >= n:
                break
    return texts


def measure(texts, repeat: int = 1):
    bare = spacy.load(find_model())
    ours = load_model()
    matcher = IssueMatcher(ours)
    list(bare.pipe(texts[:5]))          # warm up both
    list(ours.pipe(texts[:5]))
    best = {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        list(bare.pipe(texts))
        t_bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        docs = list(ours.pipe(nlp_text(t) for t in texts))
        t_parse = time.perf_counter() - t0
        t0 = time.perf_counter()
        n_statements = 0
        for i, doc in enumerate(docs):
            article = Article(article_id=str(i), url=f"bench:{i}", text=texts[i], text_source="file")
            n_statements += len(analyse(doc, article, matcher).statements)
        t_extract = time.perf_counter() - t0
        for key, value in (("bare", t_bare), ("parse", t_parse), ("extract", t_extract)):
            best[key] = min(best.get(key, value), value)
    words = sum(len(t.split()) for t in texts)
    return {"texts": len(texts), "words": words, "statements": n_statements, **best,
            "ratio": (best["parse"] + best["extract"]) / best["bare"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    r = measure(load_texts(args.shared, args.n), args.repeat)
    print(f"{r['texts']} texts, {r['words']:,} words, {r['statements']:,} statements (best of {args.repeat})")
    print(f"  bare nlp.pipe            {r['bare']:7.2f} s  ({r['words'] / r['bare']:,.0f} words/s)")
    print(f"  ours nlp.pipe            {r['parse']:7.2f} s")
    print(f"  ours extraction          {r['extract']:7.2f} s")
    print(f"  ratio (ours / bare)      {r['ratio']:7.2f}   target <= 1.50")


if __name__ == "__main__":
    main()
