"""The gold scorer on tiny hand-made gold documents and predicted tables (no Beam)."""
from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest

from communique.pipelines.score_gold import (act_class, attach_texts, load_gold, not_actors_found, score_gold,
                                             write_articles_jsonl)

TEXT = ("Rice said the talks were useful. Lavrov called on Washington to freeze its plans. "
        "Both sides agreed to meet again in six months. Gates said nothing new.")
S1 = (0, TEXT.index(" Lavrov"))  # Rice said ...
S2 = (TEXT.index("Lavrov"), TEXT.index(" Both"))  # Lavrov called on ...
S3 = (TEXT.index("Both"), TEXT.index(" Gates"))
S4 = (TEXT.index("Gates"), len(TEXT))


def gold_doc(**changes):
    doc = {
        "doc_id": "d1", "source": "x.txt", "text": TEXT,
        "statements": [
            {"anchor": "Rice said the talks", "speaker": "Condoleezza Rice", "type": "STATEMENT"},
            {"anchor": "Lavrov called on Washington", "speaker": "Sergey Lavrov", "type": "DEMAND"},
        ],
        "commitments": [
            {"anchor": "agreed to meet again", "committers": ["United States", "Russia"]},
            {"anchor": "Gates said nothing new", "committers": ["United States"], "optional": True},
        ],
        "actors": [{"name": "Condoleezza Rice", "aliases": ["Rice"]}, {"name": "Sergey Lavrov", "aliases": []},
                   {"name": "Russia", "aliases": ["Moscow"]}],
        "not_actors": ["Linda D. Kozaryn", "Ukraine"],
        "issues": [{"label": "missile defense", "aliases": ["missile defense assets"]}],
    }
    doc.update(changes)
    return doc


def stmt(sentence, speaker, event_type="STATEMENT", cue=None):
    return {"article_id": "a1", "speaker_name": speaker, "event_type": event_type,
            "sentence_start": sentence[0], "sentence_end": sentence[1],
            "cue_start": cue[0] if cue else None, "cue_end": cue[1] if cue else None}


def commit(sentence, names):
    return {"article_id": "a1", "committer_names": names, "sentence_start": sentence[0],
            "sentence_end": sentence[1], "evidence_start": sentence[0], "evidence_end": sentence[1]}


def tables(statements=(), commitments=(), actors=(), issues=()):
    return {"articles": [{"article_id": "a1", "url": "gold:d1", "text": TEXT}],
            "statements": list(statements), "commitments": list(commitments),
            "actors": list(actors), "issues": list(issues)}


PERFECT = tables(
    statements=[stmt(S1, "Condoleezza Rice"), stmt(S2, "Sergey Lavrov", "REQUEST")],
    commitments=[commit(S3, ["Russia", "United States"])],
    actors=[{"name": "Condoleezza Rice", "aliases": ["Rice"]}, {"name": "Sergey Lavrov", "aliases": []},
            {"name": "russia", "aliases": []}],
    issues=[{"label": "Missile Defense"}])


def figures(report, layer):
    s = report.prf[layer]
    return round(s.precision, 3), round(s.recall, 3), s.n_pred, s.n_gold


def test_perfect_run_scores_one_everywhere_demand_is_request():
    report = score_gold([gold_doc()], PERFECT)
    for layer in ("statements (speaker)", "statements (anchor only)", "statements (act type)",
                  "commitments (committers)", "actors", "issues"):
        assert report.prf[layer].f1 == 1.0, layer
    assert report.accuracy["act type"].value == 1.0
    assert any("not_actors among predicted actors: 0 of 2" in n for n in report.notes)


@pytest.mark.parametrize("speaker, speaker_pr, anchor_pr", [
    ("Sergey Lavrov", (1.0, 1.0), (1.0, 1.0)),
    ("Vladimir Putin", (0.5, 0.5), (1.0, 1.0)),   # wrong speaker: found, but not attributed right
    (None, (0.5, 0.5), (1.0, 1.0)),
    ("sergey  LAVROV", (1.0, 1.0), (1.0, 1.0)),   # names compare case- and space-insensitively
])
def test_speaker_condition(speaker, speaker_pr, anchor_pr):
    t = dict(PERFECT, statements=[stmt(S1, "Condoleezza Rice"), stmt(S2, speaker, "REQUEST")])
    report = score_gold([gold_doc()], t)
    assert figures(report, "statements (speaker)")[:2] == speaker_pr
    assert figures(report, "statements (anchor only)")[:2] == anchor_pr


def test_anchor_must_lie_in_the_predicted_sentence_and_matching_is_one_to_one():
    # two predictions of the same sentence: one matches, the other is a false positive
    t = dict(PERFECT, statements=[stmt(S1, "Condoleezza Rice"), stmt(S1, "Condoleezza Rice"),
                                  stmt(S4, "Robert M. Gates")])
    report = score_gold([gold_doc()], t)
    assert figures(report, "statements (speaker)") == (round(1 / 3, 3), 0.5, 3, 2)


@pytest.mark.parametrize("predicted, gold, correct", [
    ("REQUEST", "DEMAND", True), ("DEMAND", "REQUEST", True), ("REQUEST", "REQUEST", True),
    ("THREATEN", "DEMAND", False), ("STATEMENT", "DEMAND", False),
])
def test_act_type_demand_equals_request(predicted, gold, correct):
    doc = gold_doc(statements=[{"anchor": "Lavrov called on", "speaker": "Sergey Lavrov", "type": gold}])
    report = score_gold([doc], tables(statements=[stmt(S2, "Sergey Lavrov", predicted)]))
    assert report.accuracy["act type"].correct == int(correct)
    assert report.accuracy["act type"].total == 1
    assert report.prf["statements (act type)"].f1 == (1.0 if correct else 0.0)
    assert report.prf["statements (speaker)"].f1 == 1.0


@pytest.mark.parametrize("predicted, expected", [
    # (commitment predictions, (P, R, n_pred, n_gold)) — the Gates row is optional
    ([commit(S3, ["United States", "Russia"])], (1.0, 1.0, 1, 1)),
    ([commit(S3, ["United States", "Russia"]), commit(S4, ["United States"])], (1.0, 1.0, 2, 2)),
    ([commit(S4, ["United States"])], (1.0, 0.5, 1, 2)),      # optional found, required missed
    ([commit(S3, ["Russia"])], (0.0, 0.0, 1, 1)),              # wrong committers
    ([commit(S3, ["russia", "United states"])], (1.0, 1.0, 1, 1)),     # case-insensitive
    ([], (0.0, 0.0, 0, 1)),                                    # optional missing is not a miss
])
def test_commitments_with_optional_rows(predicted, expected):
    report = score_gold([gold_doc()], dict(PERFECT, commitments=predicted))
    assert figures(report, "commitments (committers)") == expected


def test_actors_by_name_or_alias_and_not_actors_reported():
    predicted = [{"name": "Rice", "aliases": []}, {"name": "Moscow", "aliases": []},
                 {"name": "Kozaryn", "aliases": ["Linda D. Kozaryn"]}, {"name": "ukraine", "aliases": []}]
    report = score_gold([gold_doc()], dict(PERFECT, actors=predicted))
    assert figures(report, "actors") == (0.5, round(2 / 3, 3), 4, 3)
    note = next(n for n in report.notes if n.startswith("not_actors"))
    assert "2 of 2" in note and "Linda D. Kozaryn" in note and "Ukraine" in note
    assert not_actors_found(["A"], [{"name": "b", "aliases": ["a"]}]) == ["A"]


def test_issues_by_label_or_alias_case_insensitive():
    predicted = [{"label": "MISSILE DEFENSE ASSETS"}, {"label": "missile defense"}, {"label": "INF Treaty"}]
    report = score_gold([gold_doc()], dict(PERFECT, issues=predicted))
    assert figures(report, "issues") == (round(1 / 3, 3), 1.0, 3, 1)


def test_pandas_and_arrow_tables_are_accepted():
    frames = {name: pd.DataFrame(value) for name, value in PERFECT.items()}
    assert score_gold([gold_doc()], frames).prf["statements (speaker)"].f1 == 1.0
    arrow = {name: pa.Table.from_pylist(value) for name, value in PERFECT.items()}
    assert score_gold([gold_doc()], arrow).prf["commitments (committers)"].f1 == 1.0


def test_unpaired_gold_document_counts_as_all_misses():
    t = dict(PERFECT, articles=[{"article_id": "a1", "url": "gold:other", "text": "x"},
                                {"article_id": "a2", "url": "gold:more", "text": "y"}])
    report = score_gold([gold_doc()], t)
    assert figures(report, "statements (speaker)") == (0.0, 0.0, 0, 2)
    assert any("missing: d1" in n for n in report.notes)


def test_load_gold_json_jsonl_and_article_jsonl(tmp_path):
    (tmp_path / "shared" / "gold").mkdir(parents=True)
    (tmp_path / "shared" / "a.txt").write_text("Line one.\r\nLine two.", encoding="utf-8", newline="")
    doc = {"doc_id": "d", "source": "a.txt", "title": "T", "published": "2007-10-12"}
    single = tmp_path / "shared" / "gold" / "d.gold.json"
    single.write_text(json.dumps(doc))
    lines = tmp_path / "shared" / "gold" / "d.jsonl"
    lines.write_text(json.dumps(doc) + "\n\n" + json.dumps(dict(doc, doc_id="e")) + "\n")
    assert [d["doc_id"] for d in load_gold(single)] == ["d"]
    assert [d["doc_id"] for d in load_gold(lines)] == ["d", "e"]
    docs = attach_texts(load_gold(single), tmp_path / "shared")
    assert docs[0]["text"] == "Line one.\r\nLine two."
    out = write_articles_jsonl(docs, tmp_path / "articles.jsonl")
    record = json.loads(open(out, encoding="utf-8").readline())
    assert record == {"url": "gold:d", "title": "T", "published": "2007-10-12", "text": "Line one.\r\nLine two."}


@pytest.mark.parametrize("predicted, gold_class", [
    ("SUPPORT", "STATEMENT"), ("CONSULT", "STATEMENT"), ("DEMAND", "REQUEST"), ("PROPOSE", "PROPOSE"),
    ("threaten", "THREATEN"), (None, ""),
])
def test_gold_act_class(predicted, gold_class):
    assert act_class(predicted) == gold_class
