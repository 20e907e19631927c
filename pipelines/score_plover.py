"""Act types against the PLOVER gold standard records (``PLOVER_GSR_*.json``): one news sentence, one event.

Each record with a ``text`` becomes an article of its own and goes through ``analyse()``. The predicted act of
a record is the first statement act (in text order) that is not a plain STATEMENT, else STATEMENT when there
is any statement, else NONE. Scored:

- act accuracy over every record, over the records of the target classes, and per target class (AGREE,
  REQUEST, THREATEN, REJECT, ACCUSE);
- coverage: the share of records with at least one statement;
- per target class as a detector: P/R/F1 over the records predicted / gold of that class;
- notes: a confusion summary (gold -> predicted counts) for the target classes.

Gold labels. The GSR is coded in PLOVER 0.5 names; they are mapped to the 2021 classes of
``CAMEO2PLOVER-2021.txt`` through the CAMEO root each old name stands for: DEMAND (CAMEO 10) -> REQUEST,
DISAPPROVE (CAMEO 11) -> ACCUSE, INVESTIGATE (CAMEO 09) -> ACCUSE, FIGHT (CAMEO 19) -> ASSAULT. Labels given as
CAMEO codes ("112") are looked up in that table. Communique's own PROPOSE (CAMEO 036 in ``acts.CAMEO_ROOT``) is
AGREE in PLOVER 2021 (an intention to meet or negotiate) and is scored as AGREE; the confusion notes keep
the raw predicted name.

Run: ``python -m communique.pipelines.score_plover [path] [--limit N]``.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from communique.pipelines.scores import PRF, Accuracy, Report
from communique.schemas import Article

TARGET_CLASSES = ("AGREE", "REQUEST", "THREATEN", "REJECT", "ACCUSE")
NONE = "NONE"
STATEMENT = "STATEMENT"

# PLOVER 0.5 (GSR) names -> the CAMEO root code they correspond to in CAMEO2PLOVER-2021.txt
LEGACY_CAMEO_ROOT = {"DEMAND": "10", "DISAPPROVE": "11", "INVESTIGATE": "09", "FIGHT": "19"}
# ... and the 2021 class of that root, for when the table is not at hand (checked against it by the tests)
LEGACY_CLASS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# Communique act names that are not PLOVER 2021 classes
PREDICTED_ALIASES = {"PROPOSE": "AGREE"}

_CAMEO_LINE = re.compile(r"^\s*(\d{2,4})\s*:\s*([A-Za-z_]+)")

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover" / "PLOVER_GSR_dev.json"
DEFAULT_CAMEO = DEFAULT_PATH.with_name("CAMEO2PLOVER-2021.txt")


def parse_cameo2plover(text: str) -> Dict[str, str]:
    """CAMEO code -> PLOVER class from the lines of CAMEO2PLOVER-2021.txt ("112: ACCUSE, disapprove, # ...")."""
    table: Dict[str, str] = {}
    for line in text.splitlines():
        m = _CAMEO_LINE.match(line.split("#", 1)[0])
        if m:
            table.setdefault(m.group(1), m.group(2).upper())
    return table


def cameo_to_plover(code: str, table: Dict[str, str]) -> Optional[str]:
    """The class of a CAMEO code, falling back to its shorter prefixes ("1123" -> "112" -> "11")."""
    code = code.strip()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def gold_class(label: str, cameo_table: Optional[Dict[str, str]] = None) -> str:
    """A record's event label as a PLOVER 2021 class: old GSR names and CAMEO codes mapped, case ignored."""
    label = (label or "").strip()
    if label.isdigit():
        found = cameo_to_plover(label, cameo_table or {})
        if found is None:
            raise ValueError(f"CAMEO code {label!r} is not in the CAMEO2PLOVER table")
        return found
    upper = label.upper()
    if upper in LEGACY_CAMEO_ROOT and cameo_table:
        return cameo_table.get(LEGACY_CAMEO_ROOT[upper], LEGACY_CLASS[upper])
    return LEGACY_CLASS.get(upper, upper)


def predicted_class(event_types: Sequence[str]) -> str:
    """Raw predicted act of a record: first non-STATEMENT act of its statements, else STATEMENT, else NONE."""
    if not event_types:
        return NONE
    return next((e for e in event_types if e != STATEMENT), STATEMENT)


def normalise_predicted(act: str) -> str:
    return PREDICTED_ALIASES.get(act, act)


def load_records(path) -> List[dict]:
    """The GSR records that carry text (the first, documentation record has none)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return [r for r in data if isinstance(r, dict) and (r.get("text") or "").strip()]


def _load_cameo_table(path: Optional[Path]) -> Dict[str, str]:
    if path is not None and Path(path).exists():
        return parse_cameo2plover(Path(path).read_text(encoding="utf-8"))
    return {}


def predict(records: Sequence[dict], nlp=None) -> List[Tuple[str, List[str]]]:
    """(record id, statement event types in text order) for each record."""
    from communique.transforms.analyse import analyse
    from communique.transforms.issues import IssueMatcher
    from communique.transforms.nlp_model import load_model

    nlp = nlp or load_model()
    matcher = IssueMatcher(nlp)
    out = []
    texts = [r["text"] for r in records]
    for record, doc in zip(records, nlp.pipe(texts, batch_size=64)):
        rid = str(record.get("id"))
        article = Article(article_id=rid, url="plover:" + rid, text=record["text"], text_source="file",
                          language="en")
        analysis = analyse(doc, article, matcher)
        statements = sorted(analysis.statements, key=lambda s: (s.sentence_start, s.cue_start or 0))
        out.append((rid, [s.event_type for s in statements]))
    return out


def score(golds: Sequence[str], predictions: Sequence[Sequence[str]], title: str = "PLOVER act types",
          gold_raw: Optional[Sequence[str]] = None) -> Report:
    """The report for gold classes and the statement event types predicted for each record."""
    report = Report(title=f"{title} ({len(golds)} records)")
    overall, targets = Accuracy(), Accuracy()
    per_class = {c: Accuracy() for c in TARGET_CLASSES}
    confusion: Dict[str, Counter] = defaultdict(Counter)
    covered = 0
    for i, (gold, events) in enumerate(zip(golds, predictions)):
        raw = predicted_class(events)
        pred = normalise_predicted(raw)
        covered += bool(events)
        ok = int(pred == gold)
        overall.correct += ok
        overall.total += 1
        if gold in per_class:
            per_class[gold].correct += ok
            per_class[gold].total += 1
            targets.correct += ok
            targets.total += 1
            key = gold
            if gold_raw is not None and gold_raw[i].upper() != gold:
                key = f"{gold}[{gold_raw[i].upper()}]"
            confusion[key][raw] += 1
    report.accuracy["act (all records)"] = overall
    report.accuracy["act (target classes)"] = targets
    for cls in TARGET_CLASSES:
        report.accuracy[f"act {cls}"] = per_class[cls]
    report.accuracy["coverage (any statement)"] = Accuracy(covered, len(golds))
    for cls in TARGET_CLASSES:          # as a detector: precision over the records predicted as the class
        preds = [normalise_predicted(predicted_class(e)) for e in predictions]
        tp = sum(1 for g, p in zip(golds, preds) if g == p == cls)
        report.prf[f"act {cls}"] = PRF(tp, sum(p == cls for p in preds), tp, sum(g == cls for g in golds))
    report.notes.append("confusion gold -> predicted (raw names; PROPOSE is scored as AGREE):")
    for key in sorted(confusion, key=lambda k: (TARGET_CLASSES.index(k.split("[")[0]), k)):
        counts = ", ".join(f"{p} {n}" for p, n in confusion[key].most_common())
        report.notes.append(f"  {key:<22} {counts}")
    gold_counts = Counter(golds)
    other = {g: n for g, n in gold_counts.items() if g not in per_class}
    if other:
        report.notes.append("non-target gold classes: " + ", ".join(f"{g} {n}" for g, n in sorted(other.items())))
    return report


def evaluate_plover(path, nlp=None, limit: Optional[int] = None, cameo_path=None) -> Report:
    """Act-type accuracy of ``analyse()`` on the PLOVER GSR records of ``path``."""
    records = load_records(path)
    if limit is not None:
        records = records[:limit]
    cameo_path = Path(cameo_path) if cameo_path else Path(path).with_name(DEFAULT_CAMEO.name)
    table = _load_cameo_table(cameo_path)
    raw_gold = [str(r.get("event", "")) for r in records]
    golds = [gold_class(g, table) for g in raw_gold]
    predictions = [events for _, events in predict(records, nlp)]
    return score(golds, predictions, title=f"PLOVER act types: {Path(path).name}", gold_raw=raw_gold)


def details(path, nlp=None, limit: Optional[int] = None) -> Iterable[Tuple[str, str, str, List[str], str]]:
    """(id, gold class, predicted class, statement acts, text) per record: for error analysis."""
    records = load_records(path)[:limit] if limit else load_records(path)
    table = _load_cameo_table(Path(path).with_name(DEFAULT_CAMEO.name))
    for record, (rid, events) in zip(records, predict(records, nlp)):
        yield (rid, gold_class(str(record.get("event", "")), table),
               normalise_predicted(predicted_class(events)), events, record["text"])


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--errors", action="store_true", help="also print every wrong target-class record")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    report = evaluate_plover(args.path, limit=args.limit)
    print("\n".join(report.lines()))
    print(f"  runtime {time.perf_counter() - start:.1f}s")
    if args.errors:
        for rid, gold, pred, events, text in details(args.path, limit=args.limit):
            if gold in TARGET_CLASSES and gold != pred:
                print(f"{rid}\t{gold}\t{pred}\t{events}\t{text}")


if __name__ == "__main__":
    main()
