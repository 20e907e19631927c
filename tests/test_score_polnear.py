"""The PolNeAR brat reader and span scorer on a small hand-made folder (no Beam)."""
from __future__ import annotations

from pathlib import Path

import pytest

from communique.pipelines.score_polnear import (Attribution, gold_files, match_exact, match_overlap,
                                                match_proportional, parse_ann, parse_spans, score_document,
                                                score_polnear, trimmed)

TEXT = ('“We will win,” Smith said on Monday. The mayor warned that taxes would rise. '
        '“It is over,” he said, “and we know it.”')


def at(s: str, nth: int = 0) -> tuple:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(s, start + 1)
    return start, start + len(s)


SMITH, SAID1, WIN = at("Smith"), at("said"), at("“We will win,”")
MAYOR, WARNED, TAXES = at("The mayor"), at("warned"), at("that taxes would rise")
HE, SAID2, OVER, KNOW = at("he"), at("said", 1), at("“It is over,”"), at("“and we know it.”")


def t(n, kind, span):
    pieces = span if isinstance(span[0], tuple) else (span,)
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    return f"T{n}\t{kind} {offsets}\t{' '.join(TEXT[s:e] for s, e in pieces)}"


ANN = "\n".join([
    t(1, "Source", SMITH), t(2, "Cue", SAID1), t(3, "Content", WIN), t(4, "Attribution", SAID1),
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    t(5, "Cue", WARNED), t(6, "Content", TAXES), t(7, "Attribution-no-source", WARNED),
    "E2\tAttribution-no-source:T7 Cue:T5 Content:T6",
    t(8, "Source", HE), t(9, "Cue", SAID2), t(10, "Content", (OVER, KNOW)), t(11, "Attribution", SAID2),
    "E3\tAttribution:T11 Cue:T9 Source:T8 Content:T10",
    t(12, "Discuss", at("on Monday")), "E4\tAttribution-no-source:T99 ", "#1\tAnnotatorNotes T1\tnote",
]) + "\n"


def test_brat_reader():
    gold = parse_ann(ANN)
    assert [a.ann_id for a in gold] == ["E1", "E2", "E3"]
    assert gold[0] == Attribution(source=(SMITH,), cue=(SAID1,), content=(WIN,), ann_id="E1")
    assert gold[1].source is None and gold[1].cue == (WARNED,)
    assert gold[2].content == (OVER, KNOW)
    assert parse_spans("463 553;315 448") == ((315, 448), (463, 553))


def test_content2_adds_pieces():
    ann = "\n".join([t(1, "Cue", SAID2), t(2, "Content", OVER), t(3, "Content", KNOW), t(4, "Attribution", SAID2),
                     "E1\tAttribution:T4 Cue:T1 Content:T2 Content2:T3"])
    assert parse_ann(ann)[0].content == (OVER, KNOW)


def test_trim_strips_whitespace_and_edge_punctuation():
    s, e = trimmed(TEXT, ((WIN[0], WIN[1] + 1),))   # “We will win,”␣
    assert TEXT[s:e] == "We will win"
    assert trimmed(TEXT, (OVER, KNOW)) == (OVER[0] + 1, KNOW[1] - 2)   # union range, trimmed


@pytest.mark.parametrize("pred, exact, overlap", [
    ((WIN[0] + 1, WIN[1] - 2), 1, 1),          # without the quotation marks: still exact
    ((WIN[0], WIN[1] - 5), 0, 1),              # shorter: overlap only
    ((SMITH[0], SAID1[1]), 0, 0),              # no shared character
    ((WIN[0], WIN[1] + 1), 1, 1),              # a trailing space: still exact
    ((WIN[0], SMITH[1]), 0, 1),                # runs into the source: overlap only
])
def test_exact_vs_overlap(pred, exact, overlap):
    gold = [(WIN,)]
    pred_span = [(pred,)]
    assert match_exact(TEXT, gold, pred_span).tp_pred == exact
    assert match_overlap(gold, pred_span).tp_pred == overlap


def test_overlap_is_one_to_one_and_greedy_on_largest_overlap():
    gold = [((0, 10),), ((10, 20),)]
    pred = [((5, 12),), ((8, 20),)]       # pred 1 shares 10 chars with gold 2, 2 with gold 1
    assert match_overlap(gold, pred).tp_pred == 2
    assert match_overlap([((0, 10),)], pred).tp_gold == 1


def test_discontinuous_content_pieces_for_overlap_union_for_exact():
    gold = [(OVER, KNOW)]
    between = [(HE,)]                     # "he" sits between the two quoted pieces: no overlap
    assert match_overlap(gold, between).tp_pred == 0
    union = [((OVER[0], KNOW[1]),)]
    assert match_exact(TEXT, gold, union).tp_pred == 1
    prop = match_proportional(TEXT, gold, union)
    # predicted tokens: It is over he said and we know it (9), 7 of them in gold; gold's 7 all covered
    assert prop.tp_pred == pytest.approx(7 / 9) and prop.tp_gold == pytest.approx(1.0)


def test_score_document_roles_and_attribution_layer():
    gold = parse_ann(ANN)
    pred = [Attribution(source=(SMITH,), cue=(SAID1,), content=((WIN[0] + 1, WIN[1] - 2),)),
            Attribution(source=(MAYOR,), cue=(WARNED,), content=(TAXES,)),    # gold has no source
            Attribution(source=None, cue=(SAID2,), content=(OVER,))]
    out = score_document(TEXT, gold, pred)
    assert (out["source exact"].tp_pred, out["source exact"].n_pred, out["source exact"].n_gold) == (1, 2, 2)
    assert out["cue exact"].f1 == 1.0
    assert (out["content exact"].tp_pred, out["content overlap"].tp_pred) == (2, 3)
    assert out["content proportional"].tp_gold == pytest.approx(1 + 1 + 3 / 7)
    # the third statement lacks the gold source "he": not an attribution match
    assert (out["attribution overlap"].tp_pred, out["attribution overlap"].n_gold) == (2, 3)


@pytest.fixture
def polnear_folder(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc-a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "text" / "doc-b.txt").write_text("Nobody said anything.", encoding="utf-8")
    (tmp_path / "text" / "doc-c.txt").write_text("No annotation.", encoding="utf-8")
    (tmp_path / "attributions" / "doc-a_4e07.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "doc-a_ef2d.ann").write_text("", encoding="utf-8")   # a second annotator
    (tmp_path / "attributions" / "doc-b_6b86.ann").write_text("", encoding="utf-8")
    return tmp_path


def test_first_annotator_is_the_gold(polnear_folder):
    chosen = gold_files(polnear_folder)
    assert {k: v.name for k, v in chosen.items()} == {"doc-a": "doc-a_4e07.ann", "doc-b": "doc-b_6b86.ann"}


def test_score_polnear_pairs_articles_by_file_url(polnear_folder):
    url = (polnear_folder / "text" / "doc-a.txt").resolve().as_uri()
    tables = {
        "articles": [{"article_id": "A", "url": url, "text": TEXT}],
        "statements": [
            {"article_id": "A", "speaker_start": SMITH[0], "speaker_end": SMITH[1], "cue_start": SAID1[0],
             "cue_end": SAID1[1], "content_start": WIN[0], "content_end": WIN[1]},
            {"article_id": "other", "speaker_start": 0, "speaker_end": 3, "cue_start": 4, "cue_end": 8,
             "content_start": 9, "content_end": 20},
        ]}
    report = score_polnear(polnear_folder, tables)
    assert report.prf["cue exact"].tp_pred == 1 and report.prf["cue exact"].n_pred == 1
    assert report.prf["cue exact"].n_gold == 3
    assert report.prf["source overlap"].n_gold == 2
    assert "texts scored: 2" in report.notes[0] and "gold attributions: 3" in report.notes[0]
    assert "texts without an output article: 1" in report.notes[0]
    assert "differing from the .txt: 0" in report.notes[0]


def test_a_joint_act_with_a_row_per_speaker_is_one_attribution(polnear_folder):
    url = (polnear_folder / "text" / "doc-a.txt").resolve().as_uri()
    row = {"article_id": "A", "speaker_start": MAYOR[0], "speaker_end": MAYOR[1], "cue_start": WARNED[0],
           "cue_end": WARNED[1], "content_start": TAXES[0], "content_end": TAXES[1]}
    tables = {"articles": [{"article_id": "A", "url": url, "text": TEXT}],
              "statements": [dict(row, statement_id="s1"), dict(row, statement_id="s2")]}
    report = score_polnear(polnear_folder, tables)
    assert report.prf["cue exact"].n_pred == 1 and report.prf["cue exact"].tp_pred == 1


@pytest.mark.parametrize("pred_source, expected", [
    (((0, 5),), (1, 1)),        # the source overlaps the gold source
    (((30, 35),), (0, 1)),      # content found, source wrong
    (None, (0, 1)),             # content found, no source predicted
])
def test_source_given_content(pred_source, expected):
    from communique.pipelines.score_polnear import Attribution, source_given_content

    gold = [Attribution(source=((0, 6),), cue=((7, 11),), content=((12, 29),)),
            Attribution(source=None, cue=((40, 44),), content=((45, 60),))]
    pred = [Attribution(source=pred_source, cue=((7, 11),), content=((12, 25),))]
    acc = source_given_content(gold, pred)
    assert (acc.correct, acc.total) == expected


def test_annotator_agreement_scores_the_second_annotator_beside_the_run(polnear_folder):
    from communique.pipelines.score_polnear import annotator_agreement

    # doc-a's second annotator marked only Smith's attribution; the run found Smith's and the mayor's
    second = "\n".join(ANN.splitlines()[:5]) + "\n"
    (polnear_folder / "attributions" / "doc-a_ef2d.ann").write_text(second, encoding="utf-8")
    url = (polnear_folder / "text" / "doc-a.txt").resolve().as_uri()
    tables = {"articles": [{"article_id": "A", "url": url, "text": TEXT}],
              "statements": [
                  {"article_id": "A", "speaker_start": SMITH[0], "speaker_end": SMITH[1], "cue_start": SAID1[0],
                   "cue_end": SAID1[1], "content_start": WIN[0], "content_end": WIN[1]},
                  {"article_id": "A", "speaker_start": MAYOR[0], "speaker_end": MAYOR[1],
                   "cue_start": WARNED[0], "cue_end": WARNED[1], "content_start": TAXES[0],
                   "content_end": TAXES[1]}]}
    report = annotator_agreement(polnear_folder, tables)
    assert "on the 1 texts" in report.title
    cue2, cue_run = report.prf["cue overlap, annotator 2"], report.prf["cue overlap, this run"]
    assert (cue2.tp_pred, cue2.n_pred, cue2.n_gold) == (1, 1, 3)
    assert (cue_run.tp_pred, cue_run.n_pred, cue_run.n_gold) == (2, 2, 3)
    src2, src_run = report.prf["source overlap, annotator 2"], report.prf["source overlap, this run"]
    assert (src2.tp_gold, src2.n_gold) == (1, 2)
    assert (src_run.n_pred, src_run.n_gold) == (2, 2)
    assert annotator_agreement(polnear_folder, {"articles": [], "statements": []}).prf[
        "cue overlap, this run"].n_pred == 0


def test_no_agreement_without_a_second_annotator(polnear_folder):
    from communique.pipelines.score_polnear import annotator_agreement

    (polnear_folder / "attributions" / "doc-a_ef2d.ann").unlink()
    assert annotator_agreement(polnear_folder, {"articles": [], "statements": []}) is None
