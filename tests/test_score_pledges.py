"""Pledge scorer: TSV reading, label parsing, scoring, and a small run through analyse() (made-up sentences in the
shared set's layout; the set itself is read from ../shared)."""
from __future__ import annotations

from pathlib import Path

import pytest

from communique.pipelines.score_pledges import PledgeRow, evaluate_pledges, load_rows, parse_binary, score

HEADER = "manifesto_id\tparty\tyear\tpledge\tbinary_pledge\ttext\n"
ROWS = [
    ("1", "BJP", "2014", "1", "1", "The BJP will build 100 new airports by 2025."),
    ("2", "BJP", "2014", "1", "1", "We will open a public seed bank in every district."),
    ("3", "INC", "2019", "0", "0", "Vegetable prices rose sharply over the last year."),
    ("4", "INC", "2019", "0", "0", "Congress will guard the independence of newspapers."),
    ("5", "INC", "2019", "1", "1", '"Beekeeping will be recognized\nas a rural industry."'),
]


def _tsv(tmp_path: Path, rows=ROWS) -> Path:
    path = tmp_path / "pledges.tsv"
    path.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("value, expected", [("1", True), ("0", False), (" 1 ", True), ("1.0", True),
                                             ("true", True), ("False", False), ("", False)])
def test_parse_binary(value, expected):
    assert parse_binary(value) is expected


def test_parse_binary_rejects_other_values():
    with pytest.raises(ValueError):
        parse_binary("2")


def test_load_rows_reads_quoted_multiline_text_and_skips_empty(tmp_path):
    rows = load_rows(_tsv(tmp_path, ROWS + [("6", "INC", "2019", "0", "0", "   ")]))
    assert len(rows) == 5
    assert rows[4].text == "Beekeeping will be recognized\nas a rural industry."
    assert (rows[0].party, rows[0].year, rows[0].gold, rows[2].gold) == ("BJP", "2014", True, False)
    assert len(load_rows(_tsv(tmp_path), limit=2)) == 2


def test_score_prf_accuracy_and_party_notes():
    rows = [PledgeRow(str(i), "1", party, "2014", gold, "x")
            for i, (party, gold) in enumerate([("A", True), ("A", True), ("A", False), ("B", False), ("B", True)])]
    report = score(rows, [True, False, True, False, True], "t")
    prf = report.prf["pledge"]
    assert (prf.tp_pred, prf.n_pred, prf.tp_gold, prf.n_gold) == (2, 3, 2, 3)
    assert (report.accuracy["pledge"].correct, report.accuracy["pledge"].total) == (3, 5)
    assert report.notes[0] == "majority-class accuracy 0.600; per party:"
    assert report.notes[1].startswith("A      P 0.500  R 0.500")
    assert report.notes[2].startswith("B      P 1.000  R 1.000")


def test_evaluate_pledges_as_is_and_with_author(tmp_path, nlp):
    path = _tsv(tmp_path)
    as_is = evaluate_pledges(path, nlp=nlp)
    prf = as_is.prf["pledge"]
    # found: "The BJP will build" (true pledge), "Congress will guard" (gold 0); missed: "We will ..." (no
    # committer for "we" outside quotes) and the passive "will be recognized" (subject is not an actor)
    assert (prf.tp_pred, prf.n_pred, prf.n_gold) == (1, 2, 3)
    assert (as_is.accuracy["pledge"].correct, as_is.accuracy["pledge"].total) == (2, 5)
    assert "as is" in as_is.title
    with_author = evaluate_pledges(path, nlp=nlp, author_is_party=True)
    # with the party as author, "We will ..." outside quotations and the passive "will be recognized" are the
    # party's commitments too, and the party stays an actor ("The BJP will build" is still found)
    assert (with_author.prf["pledge"].tp_pred, with_author.prf["pledge"].n_pred) == (3, 4)
    assert "author=party" in with_author.title


def test_evaluate_pledges_on_the_shared_file(nlp):
    path = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pledges" / "india_manifesto_pledges_trn.tsv"
    if not path.exists():
        pytest.skip(f"shared evaluation data not found: {path} (tests read ../shared beside the repo)")
    report = evaluate_pledges(path, nlp=nlp, limit=40)
    assert report.accuracy["pledge"].total == 40
    assert report.prf["pledge"].n_gold > 0
