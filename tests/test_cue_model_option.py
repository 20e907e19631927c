"""``--cue-model``: the learned-cue model a run uses (the shipped one, none, or a file from ``train-cues``),
checked before the run starts and carried to the workers as text."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from communique.pipelines.cli import main
from communique.schemas import Article
from communique.transforms.analyse import analyse
from communique.transforms.extract_statements import ExtractStatements
from communique.transforms.learned_cues import NO_MODEL, OFF, model_from_spec, packaged_model, read_spec
from communique.transforms.write_parquet import read_table

SEED = Path(__file__).resolve().parents[1] / "pipelines" / "sample" / "afps-2007-10-12.txt"
STANCE = "Russian leaders oppose the plan to base interceptors in Poland."
GOOD = "__bias__\t0\n__threshold__\t0.5\n"


def _write(tmp_path, text):
    path = tmp_path / "model.tsv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_read_spec(tmp_path):
    assert read_spec(None) is None
    assert read_spec(NO_MODEL) == NO_MODEL
    assert read_spec(_write(tmp_path, GOOD)) == GOOD
    with pytest.raises(ValueError, match="cannot read it"):
        read_spec(str(tmp_path / "missing.tsv"))
    with pytest.raises(ValueError, match="__threshold__"):
        read_spec(_write(tmp_path, "__bias__\t0\n"))


def test_model_from_spec():
    assert model_from_spec(None) is packaged_model()
    assert model_from_spec(NO_MODEL) is OFF and OFF.takes_nothing and not packaged_model().takes_nothing
    assert model_from_spec("__bias__\t1\n__threshold__\t0.5\nl=oppose\t2\n").weights == {"l=oppose": 2.0}


@pytest.mark.parametrize("model, expected", [(None, ["oppose"]), (OFF, [])], ids=["shipped", "off"])
def test_analyse_with_and_without_learned_cues(nlp, issue_matcher, model, expected):
    article = Article(article_id="a", url="u", text=STANCE, text_source="file",
                      published_at=dt.datetime(2016, 9, 1, tzinfo=dt.timezone.utc))
    result = analyse(nlp(STANCE), article, issue_matcher, cue_model=model)
    assert [s.cue for s in result.statements] == expected


def test_extract_statements_rejects_a_bad_model_when_the_graph_is_built():
    with pytest.raises(ValueError, match="feature<TAB>weight"):
        ExtractStatements(cue_model="__bias__\t0\n__threshold__\t0.5\nlonely\n")


@pytest.mark.parametrize("argv, message", [
    (["run", "--cue-model", "{tmp}/missing.tsv"], "--cue-model {tmp}/missing.tsv: cannot read it"),
    (["evaluate", "--gold", "{tmp}/pledges.tsv", "--cue-model", "none"], "not to pledges sentence sets"),
])
def test_usage_errors(tmp_path, capsys, argv, message):
    (tmp_path / "pledges.tsv").write_text("sentence\tbinary_pledge\nWe will build roads.\t1\n", encoding="utf-8")
    argv = [a.format(tmp=tmp_path) for a in argv] + ["--out", str(tmp_path / "out")]
    assert main(argv) == 2
    assert message.format(tmp=tmp_path) in capsys.readouterr().err


@pytest.mark.parametrize("processes", ["1", "2"], ids=["in-process", "analysis-processes"])
def test_run_with_lexicon_cues_only(tmp_path, processes):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED, articles / SEED.name)
    out = tmp_path / "out"
    assert main(["run", "--articles", str(articles), "--out", str(out), "--cue-model", "none",
                 "--processes", processes, "--progress", "never"]) == 0
    statements = read_table(str(out), "statements").to_pylist()
    assert len(statements) == 36
    assert {s["cue_source"] for s in statements} == {"lexicon"}
    assert "oppose" not in {s["cue"] for s in statements}
