"""PLOVER act-type scorer: gold label mapping, the CAMEO2PLOVER parser, scoring, and small end-to-end runs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.pipelines.score_plover import (LEGACY_CAMEO_ROOT, LEGACY_CLASS, TARGET_CLASSES, cameo_to_plover,
                                               evaluate_plover, gold_class, load_records, parse_cameo2plover,
                                               predicted_class, score)

SHARED_PLOVER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover"

CAMEO_SNIPPET = """# a made-up table in the layout of CAMEO2PLOVER: code: CLASS, mode, context # note
03: AGREE
036: AGREE,  , diplomatic # note on 036
09: ACCUSE
090: ACCUSE, investigate,  # note on 090
10: REQUEST
1041: REQUEST, change, executive # note on 1041
11: ACCUSE
112: ACCUSE, disapprove,    # note on 112
13: THREATEN
19: ASSAULT
190: ASSAULT, , military # note on 190

~~~~~
"""


def test_parse_cameo2plover_reads_codes_and_skips_comments():
    table = parse_cameo2plover(CAMEO_SNIPPET)
    assert table == {"03": "AGREE", "036": "AGREE", "09": "ACCUSE", "090": "ACCUSE", "10": "REQUEST",
                     "1041": "REQUEST", "11": "ACCUSE", "112": "ACCUSE", "13": "THREATEN", "19": "ASSAULT",
                     "190": "ASSAULT"}


@pytest.mark.parametrize("code, expected", [("112", "ACCUSE"), ("1123", "ACCUSE"), ("1041", "REQUEST"),
                                            ("104", "REQUEST"), ("036", "AGREE"), ("138", "THREATEN"),
                                            ("99", None)])
def test_cameo_to_plover_falls_back_to_prefixes(code, expected):
    assert cameo_to_plover(code, parse_cameo2plover(CAMEO_SNIPPET)) == expected


@pytest.mark.parametrize("label, expected", [
    ("DEMAND", "REQUEST"), ("demand", "REQUEST"), ("REQUEST", "REQUEST"), ("DISAPPROVE", "ACCUSE"),
    ("INVESTIGATE", "ACCUSE"), ("FIGHT", "ASSAULT"), ("AGREE", "AGREE"), (" THREATEN ", "THREATEN"),
    ("REJECT", "REJECT"), ("PROTEST", "PROTEST"), ("112", "ACCUSE"), ("1041", "REQUEST"), ("190", "ASSAULT")])
def test_gold_class(label, expected):
    assert gold_class(label, parse_cameo2plover(CAMEO_SNIPPET)) == expected


def test_gold_class_without_table_uses_the_builtin_legacy_names():
    assert gold_class("DEMAND") == "REQUEST"
    with pytest.raises(ValueError):
        gold_class("112")


@pytest.mark.parametrize("events, expected", [([], "NONE"), (["STATEMENT"], "STATEMENT"),
                                              (["STATEMENT", "REQUEST"], "REQUEST"),
                                              (["THREATEN", "REQUEST"], "THREATEN"), (["PROPOSE"], "PROPOSE")])
def test_predicted_class(events, expected):
    assert predicted_class(events) == expected


def test_score_counts_accuracy_confusion_and_coverage():
    golds = ["AGREE", "AGREE", "REQUEST", "ACCUSE", "PROTEST"]
    preds = [["STATEMENT", "PROPOSE"], [], ["REQUEST"], ["STATEMENT"], ["STATEMENT"]]
    report = score(golds, preds, gold_raw=["AGREE", "AGREE", "DEMAND", "DISAPPROVE", "PROTEST"])
    acc = report.accuracy
    assert (acc["act AGREE"].correct, acc["act AGREE"].total) == (1, 2)       # PROPOSE counts as AGREE
    assert (acc["act REQUEST"].correct, acc["act REQUEST"].total) == (1, 1)
    assert (acc["act ACCUSE"].correct, acc["act ACCUSE"].total) == (0, 1)
    assert (acc["act (target classes)"].correct, acc["act (target classes)"].total) == (2, 4)
    assert (acc["act (all records)"].correct, acc["act (all records)"].total) == (2, 5)
    assert (acc["coverage (any statement)"].correct, acc["coverage (any statement)"].total) == (4, 5)
    assert report.prf["act AGREE"].n_pred == 1 and report.prf["act AGREE"].precision == 1.0
    notes = "\n".join(report.notes)
    assert "AGREE                  PROPOSE 1, NONE 1" in notes
    assert "REQUEST[DEMAND]        REQUEST 1" in notes
    assert "ACCUSE[DISAPPROVE]     STATEMENT 1" in notes
    assert "non-target gold classes: PROTEST 1" in notes


RECORDS = [
    ("AGREE", "Former mayor Ivan Petrov has agreed to step down next month, the city council said on Friday."),
    ("THREATEN", "Norway today threatened to cut its diplomatic ties with Chile."),
    ("DEMAND", "Human Rights Watch demanded that the Bolivian government lift its limits on the media."),
    ("REJECT", "Portugal has rejected Spain's demand to close its fishing ports to foreign fleets."),
    ("FIGHT", "Rebel forces shelled the town on Monday."),
]


def _gsr_file(tmp_path: Path) -> Path:
    data = [{"id": "DOC-0001", "event": "DOCUMENT", "eventText": "documentation, no text"}]
    data += [{"id": f"T-{i}", "event": event, "text": text} for i, (event, text) in enumerate(RECORDS)]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_load_records_skips_records_without_text(tmp_path):
    assert [r["id"] for r in load_records(_gsr_file(tmp_path))] == [f"T-{i}" for i in range(len(RECORDS))]


def test_evaluate_plover_on_hand_written_records(tmp_path, nlp):
    report = evaluate_plover(_gsr_file(tmp_path), nlp=nlp)
    acc = report.accuracy
    for cls in ("AGREE", "REQUEST", "THREATEN", "REJECT"):
        assert (acc[f"act {cls}"].correct, acc[f"act {cls}"].total) == (1, 1), cls
    assert acc["act ACCUSE"].total == 0
    assert (acc["act (all records)"].correct, acc["act (all records)"].total) == (4, 5)
    assert (acc["coverage (any statement)"].correct, acc["coverage (any statement)"].total) == (4, 5)
    assert report.title.endswith("(5 records)")
    assert "non-target gold classes: ASSAULT 1" in report.notes
    limited = evaluate_plover(_gsr_file(tmp_path), nlp=nlp, limit=2)
    assert limited.accuracy["act (all records)"].total == 2


def test_legacy_names_agree_with_the_shared_cameo_table():
    path = SHARED_PLOVER / "CAMEO2PLOVER-2021.txt"
    if not path.exists():
        pytest.skip(f"shared evaluation data not found: {path} (tests read ../shared beside the repo)")
    table = parse_cameo2plover(path.read_text(encoding="utf-8"))
    assert {name: table[root] for name, root in LEGACY_CAMEO_ROOT.items()} == LEGACY_CLASS


def test_evaluate_plover_on_the_shared_gsr(nlp):
    path = SHARED_PLOVER / "PLOVER_GSR_dev.json"
    if not path.exists():
        pytest.skip(f"shared evaluation data not found: {path} (tests read ../shared beside the repo)")
    report = evaluate_plover(path, nlp=nlp, limit=20)
    assert report.accuracy["act (all records)"].total == 20
    for cls in TARGET_CLASSES:
        assert f"act {cls}" in report.accuracy and f"act {cls}" in report.prf
    lines = report.lines()
    assert any(line.strip().startswith("act AGREE") and "accuracy" in line for line in lines)
    assert report.accuracy["act AGREE"].total > 0
