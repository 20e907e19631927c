"""Commitment detection against manifesto sentences labelled as pledges (``india_manifesto_pledges_*.tsv``).

Columns: manifesto_id, party, year, pledge, binary_pledge, text; one sentence per row. Each sentence is an
article of its own and goes through ``analyse()``; it is predicted a pledge when at least one commitment is
found in it. Gold is ``binary_pledge``. Scored: P/R/F1 and accuracy, overall and per party (notes).

Manifesto sentences speak in the first person plural ("We will ...") with no quotation and no reporting verb,
so the committer resolver, which resolves "we" only inside a statement, finds few committers. Two runs are
reported:

- ``as is``: the article as the pipeline would see it (no author);
- ``author=party``: the same sentences with ``Article.author`` set to the party name (a diagnostic: if "we"
  outside quotes is ever resolved to the article's author, this run shows the gain). Today the author only
  excludes names from the actors, so a sentence naming the party ("The BJP will ...") can lose its committer.

Run: ``python -m communique.pipelines.score_pledges [path] [--limit N]``.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from communique.pipelines.scores import PRF, Accuracy, Report
from communique.schemas import Article

DEFAULT_PATH = (Path(__file__).resolve().parents[2] / "shared" / "eval" / "pledges"
                / "india_manifesto_pledges_trn.tsv")


@dataclasses.dataclass
class PledgeRow:
    row_id: str
    manifesto_id: str
    party: str
    year: str
    gold: bool
    text: str


def parse_binary(value: str) -> bool:
    """The ``binary_pledge`` cell: 1/0 (also true/false, yes/no); anything else is an error."""
    v = (value or "").strip().lower()
    if v in ("1", "1.0", "true", "yes", "y"):
        return True
    if v in ("0", "0.0", "false", "no", "n", ""):
        return False
    raise ValueError(f"binary_pledge value {value!r} is not 0/1")


def load_rows(path, limit: Optional[int] = None) -> List[PledgeRow]:
    """The rows of a pledge TSV (quoted cells may span lines); rows without text are skipped."""
    rows: List[PledgeRow] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, rec in enumerate(csv.DictReader(fh, delimiter="\t")):
            text = (rec.get("text") or "").strip()
            if not text:
                continue
            rows.append(PledgeRow(row_id=f"pledge-{i}", manifesto_id=(rec.get("manifesto_id") or "").strip(),
                                  party=(rec.get("party") or "").strip(), year=(rec.get("year") or "").strip(),
                                  gold=parse_binary(rec.get("binary_pledge", "")), text=text))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def predict(rows: Sequence[PledgeRow], nlp=None, author_is_party: bool = False,
            docs: Optional[list] = None) -> List[list]:
    """The commitments ``analyse()`` finds in each row's sentence."""
    from communique.transforms.analyse import analyse
    from communique.transforms.issues import IssueMatcher
    from communique.transforms.nlp_model import load_model

    nlp = nlp or load_model()
    if docs is None:
        docs = list(nlp.pipe([r.text for r in rows], batch_size=256))
    matcher = IssueMatcher(nlp)
    out = []
    for row, doc in zip(rows, docs):
        article = Article(article_id=row.row_id, url="pledges:" + row.row_id, text=row.text, text_source="file",
                          language="en", author=row.party if author_is_party else None)
        out.append(analyse(doc, article, matcher).commitments)
    return out


def score(rows: Sequence[PledgeRow], predicted: Sequence[bool], title: str) -> Report:
    report = Report(title=f"{title} ({len(rows)} sentences)")
    report.prf["pledge"] = _prf(rows, predicted)
    report.accuracy["pledge"] = Accuracy(sum(int(r.gold == p) for r, p in zip(rows, predicted)), len(rows))
    n_gold = sum(1 for r in rows if r.gold)
    majority = max(n_gold, len(rows) - n_gold)
    report.notes.append(f"majority-class accuracy {majority / len(rows) if rows else 0.0:.3f}; per party:")
    by_party: Dict[str, List[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_party[r.party].append(i)
    for party in sorted(by_party):
        idx = by_party[party]
        prf = _prf([rows[i] for i in idx], [predicted[i] for i in idx])
        acc = sum(int(rows[i].gold == predicted[i]) for i in idx) / len(idx)
        report.notes.append(f"{party:<6} P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}  "
                            f"acc {acc:.3f}  pred {prf.n_pred}  gold {prf.n_gold}  n {len(idx)}")
    return report


def _prf(rows: Sequence[PledgeRow], predicted: Sequence[bool]) -> PRF:
    tp = sum(1 for r, p in zip(rows, predicted) if r.gold and p)
    return PRF(tp_pred=tp, n_pred=sum(1 for p in predicted if p), tp_gold=tp, n_gold=sum(1 for r in rows if r.gold))


def evaluate_pledges(path, nlp=None, limit: Optional[int] = None, author_is_party: bool = False) -> Report:
    """Sentence-level pledge detection by ``analyse()`` commitments on the TSV at ``path``."""
    from communique.transforms.nlp_model import load_model

    rows = load_rows(path, limit)
    nlp = nlp or load_model()
    commitments = predict(rows, nlp, author_is_party=author_is_party)
    variant = "author=party" if author_is_party else "as is"
    return score(rows, [bool(c) for c in commitments], f"Pledges ({variant}): {Path(path).name}")


def evaluate_pledges_both(path, nlp=None, limit: Optional[int] = None) -> List[Report]:
    """The as-is run and the author=party diagnostic run, parsing each sentence once."""
    from communique.transforms.nlp_model import load_model

    rows = load_rows(path, limit)
    nlp = nlp or load_model()
    docs = list(nlp.pipe([r.text for r in rows], batch_size=256))
    reports = []
    for author_is_party, variant in ((False, "as is"), (True, "author=party")):
        found = predict(rows, nlp, author_is_party=author_is_party, docs=docs)
        reports.append(score(rows, [bool(c) for c in found], f"Pledges ({variant}): {Path(path).name}"))
    return reports


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    for report in evaluate_pledges_both(args.path, limit=args.limit):
        print("\n".join(report.lines()))
    print(f"  runtime {time.perf_counter() - start:.1f}s")


if __name__ == "__main__":
    main()
