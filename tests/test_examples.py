"""examples/*.sql: every file runs with ``communique query`` on a real run of the bundled sample and answers its
question with the sample's real rows; examples/README.md documents every file."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from communique.pipelines.cli import main
from communique.transforms.write_parquet import read_table

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SQL_FILES = sorted(EXAMPLES.glob("*.sql"))


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    """The output folder of one ``communique run`` on the bundled sample."""
    out = tmp_path_factory.mktemp("examples") / "out"
    assert main(["run", "--out", str(out)]) == 0
    return out


def run_example(out: Path, name: str, capsys) -> list:
    """Rows (dicts) printed by ``communique query "$(cat examples/<name>)" --format json``."""
    capsys.readouterr()
    assert main(["query", (EXAMPLES / name).read_text(encoding="utf-8"), "--out", str(out), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()  # the views' current_date: the session time zone is UTC


def test_there_are_examples():
    assert len(SQL_FILES) >= 6


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_example_runs_and_is_documented(sample_out, path, capsys):
    assert isinstance(run_example(sample_out, path.name, capsys), list)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("-- ") and f'communique query "$(cat examples/{path.name})"' in text
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert f"({path.name})" in readme and f'communique query "$(cat examples/{path.name})"' in readme


def test_due_after_latest_article_finds_the_washington_meeting(sample_out, capsys):
    rows = run_example(sample_out, "commitments_due_after_latest_article.sql", capsys)
    assert rows, "the sample's 'meet again in Washington in six months' commitment is due 2008-04-12"
    assert all(r["due_date"] == "2008-04-12" and r["days_ahead"] == 183 for r in rows)
    assert all(r["action"].startswith("meet again in Washington") for r in rows)
    assert {r["committers"] for r in rows} >= {"United States, Russia"}
    assert all(r["article"] == "U.S., Russian Leaders Agree to Meet Again" for r in rows)


def test_due_next_month_is_relative_to_today(sample_out, capsys):
    today = utc_today()
    next_month = (today.year + today.month // 12, today.month % 12 + 1)
    rows = run_example(sample_out, "commitments_due_next_month.sql", capsys)
    assert all(dt.date.fromisoformat(r["due_date"]).timetuple()[:2] == next_month for r in rows)
    if today.strftime("%Y-%m") != "2008-03":  # the sample's only deadline is 2008-04-12
        assert rows == []


def test_lavrov_on_missile_defence(sample_out, capsys):
    rows = run_example(sample_out, "lavrov_on_missile_defence.sql", capsys)
    assert rows and {r["speaker_name"] for r in rows} == {"Sergey Lavrov"}
    assert all("missile defense" in r["issues"] or "missile defen" in r["content"].lower() for r in rows)
    assert any("missile defense" in r["content"] for r in rows)
    assert any(r["content"].startswith("to freeze their plans to deploy missile defense assets in Europe")
               and r["event_type"] == "REQUEST" for r in rows)
    # every statement by Lavrov tagged with the issue is there (checked against the Parquet files, not SQL)
    issue_id = next(i["issue_id"] for i in read_table(str(sample_out), "issues").to_pylist()
                    if i["label"] == "missile defense")
    tagged = [s["content"] for s in read_table(str(sample_out), "statements").to_pylist()
              if s["speaker_name"] == "Sergey Lavrov" and issue_id in s["issue_ids"]]
    assert tagged and set(tagged) <= {r["content"] for r in rows}


def test_threats_latest_week(sample_out, capsys):
    rows = run_example(sample_out, "threats_latest_week.sql", capsys)
    assert {(r["speaker"], r["addressee"]) for r in rows} >= {("Vladimir Putin", "(not named)")}
    putin = next(r for r in rows if r["speaker"] == "Vladimir Putin")
    assert putin["threat"] == "to abandon a key nuclear missile treaty" and putin["speaker_country"] == "RUS"
    threats = [s for s in read_table(str(sample_out), "statements").to_pylist() if s["event_type"] == "THREATEN"]
    assert len(rows) == sum(max(1, len(s["addressee_names"])) for s in threats)


def test_threats_this_week_is_relative_to_today(sample_out, capsys):
    rows = run_example(sample_out, "threats_this_week.sql", capsys)
    monday = utc_today() - dt.timedelta(days=utc_today().weekday())
    assert all(dt.date.fromisoformat(r["published_date"]) >= monday for r in rows)
    assert rows == []  # the sample is from 2007


def test_issues_rising(sample_out, capsys):
    rows = run_example(sample_out, "issues_rising.sql", capsys)
    assert rows and all(r["week_of"] == "2007-10-08" for r in rows)  # the Monday of 2007-10-12
    assert all(r["week_before"] == 0 and r["rise"] == r["this_week"] > 0 for r in rows)
    assert [r["rise"] for r in rows] == sorted((r["rise"] for r in rows), reverse=True)
    assert rows[0]["issue"] == "missile defense"
    # counts checked against the Parquet files: statements mentioning each issue
    labels = {i["issue_id"]: i["label"] for i in read_table(str(sample_out), "issues").to_pylist()}
    counts: dict = {}
    for s in read_table(str(sample_out), "statements").to_pylist():
        for issue_id in s["issue_ids"]:
            counts[labels[issue_id]] = counts.get(labels[issue_id], 0) + 1
    assert {r["issue"]: r["this_week"] for r in rows} == counts
