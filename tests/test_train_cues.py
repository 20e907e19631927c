"""``communique train-cues``: candidate labels, a fit on a small brat folder with the real spaCy model, the TSV
it writes read back by the pipeline's model loader, and its usage errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from communique.pipelines import train_cues
from communique.pipelines.cli import main
from communique.pipelines.score_polnear import Attribution
from communique.transforms.learned_cues import parse_model

# brat spans: (start, end) character offsets of one text
_TEXTS = {
    "a": ("Russia and China support the government. The army built a road. "
          "Local officials oppose the plan. Farmers planted wheat."),
    "b": ("Democrats want lower taxes. The company opened a factory. "
          "Republicans support the bill. The river flooded the town."),
}
_CUES = {"a": [("Russia and China", "support"), ("Local officials", "oppose")],
         "b": [("Democrats", "want"), ("Republicans", "support")]}


def _att(source, cue):
    return Attribution(source=(source,) if source else None, cue=(cue,) if cue else None, content=None)


@pytest.mark.parametrize("verb_idx, source, gold, expected", [
    (10, (0, 5), [_att((0, 5), (10, 17))], True),            # cue covers the verb, sources overlap
    (10, (0, 5), [_att((6, 9), (10, 17))], False),           # right cue, other source
    (20, (0, 5), [_att((0, 5), (10, 17))], False),           # verb outside the cue
    (10, (0, 5), [_att(None, (10, 17))], False),             # attribution without a source
    (10, (3, 8), [_att((6, 9), (10, 17)), _att((0, 4), (10, 12))], True),
])
def test_label(verb_idx, source, gold, expected):
    assert train_cues.label(verb_idx, source, gold) is expected


def _brat_folder(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, text in _TEXTS.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        lines, n = [], 0
        for source, cue in _CUES[name]:
            s = text.index(source)
            c = text.index(cue, s + len(source))
            lines += [f"T{n + 1}\tSource {s} {s + len(source)}\t{source}",
                      f"T{n + 2}\tCue {c} {c + len(cue)}\t{cue}",
                      f"T{n + 3}\tAttribution {c} {c + len(cue)}\t{cue}",
                      f"E{n // 3 + 1}\tAttribution:T{n + 3} Cue:T{n + 2} Source:T{n + 1}"]
            n += 3
        (root / "attributions" / f"{name}_ann1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_collect_labels_the_pipelines_own_candidates(tmp_path):
    features, labels = train_cues.collect(_brat_folder(tmp_path / "polnear"))
    by_lemma = {next(f for f in feats if f.startswith("l=")): y for feats, y in zip(features, labels)}
    assert by_lemma["l=support"] is True and by_lemma["l=oppose"] is True and by_lemma["l=want"] is True
    assert by_lemma["l=build"] is False and by_lemma["l=plant"] is False and by_lemma["l=open"] is False
    assert sum(labels) == 4


def test_train_cues_writes_a_model_the_pipeline_reads(tmp_path, capsys):
    out = tmp_path / "model.tsv"
    assert main(["train-cues", "--gold", str(_brat_folder(tmp_path / "polnear")), "--out", str(out),
                 "--c", "10", "--threshold", "0.4"]) == 0
    model = parse_model(out.read_text(encoding="utf-8"))
    assert model.threshold == 0.4
    assert model.weights, "a fit on separable data keeps some weights"
    assert "4 positive" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith("# Learned attribution cues")


@pytest.mark.parametrize("argv, message", [
    (["--gold", "{tmp}", "--out", "{tmp}/m.tsv"], "not a PolNeAR folder"),
    (["--gold", "{polnear}", "--out", "{tmp}/m.tsv", "--threshold", "1.5"], "--threshold"),
])
def test_usage_errors(tmp_path, capsys, argv, message):
    polnear = _brat_folder(tmp_path / "polnear")
    argv = [a.format(tmp=tmp_path, polnear=polnear) for a in argv]
    assert main(["train-cues"] + argv) == 2
    assert message in capsys.readouterr().err


def test_model_tsv_round_trip():
    text = train_cues.model_tsv({"l=say": 1.5, "s_pos=pron": -0.25}, -2.0, 0.45, ["header"])
    model = parse_model(text)
    assert (model.bias, model.threshold, model.weights) == (-2.0, 0.45, {"l=say": 1.5, "s_pos=pron": -0.25})


def test_fit_is_reproducible_and_needs_both_classes():
    features = [["l=say", "s_pos=pron"], ["l=build"], ["l=say", "s_ent=ORG"], ["l=plant", "s_pos=NOUN"]] * 10
    labels = [True, False, True, False] * 10
    weights, bias = train_cues.fit(features, labels, c=10.0)
    assert (weights, bias) == train_cues.fit(features, labels, c=10.0)
    assert weights["l=say"] > 0
    with pytest.raises(train_cues.TrainError, match="both positive and negative"):
        train_cues.fit(features, [False] * len(features))


@pytest.mark.parametrize("text, source", [
    ("The minister, who said the talks had failed, left Geneva on Monday.", "who"),
    ("WASHINGTON -- Senator Ann Lowe said the bill would pass.", "Ann Lowe"),
    ("Local officials oppose the plan to close the port.", "Local officials"),
])
def test_training_labels_the_source_span_statements_give(nlp, text, source):
    """train-cues labels a candidate by ``cue_subjects.source_span``: the span a statement gives its source."""
    from communique.transforms.actors import DocActors
    from communique.transforms.attribution import find_statements
    from communique.transforms.cue_subjects import source_span, subject
    from communique.transforms.quotes import QuoteIndex, quote_spans

    doc = nlp(text)
    actors = DocActors(doc)
    found = find_statements(doc, actors, QuoteIndex(quote_spans(doc.text)))
    assert len(found) == 1
    span = found[0].source_span
    assert text[span[0]:span[1]] == source
    assert source_span(subject(doc[found[0].cue_token]), actors) == span
