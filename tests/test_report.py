"""`communique report`: data shaping, the page from a real sample run, and a headless Chromium check of it."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from communique.pipelines import report
from communique.pipelines.cli import main

D = dt.date
UTC = dt.timezone.utc
TODAY = D(2026, 11, 29)
SAMPLE_URL = "https://communique.invalid/sample/afps-2007-10-12"
CONSOLE = re.compile(r":CONSOLE[:(]")  # Chromium logs console messages as "[...:INFO:CONSOLE:12] "text", source: ..."


def stmt(speaker, addressees=(), event="STATEMENT", day=D(2007, 10, 12), content="x", article="a1", start=0):
    published = dt.datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
    return {"speaker_name": speaker, "addressee_names": list(addressees), "event_type": event,
            "published_at": published, "content": content, "article_id": article, "content_start": start}


def section_of(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}">')
    return page[start:page.index("</section>", start)]


def rows_of(fragment: str):
    """Table rows of an HTML fragment as lists of cell texts (tags removed)."""
    rows = [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, re.S)]
    return [row for row in rows if row]  # the header row has <th> cells only


# ---------------------------------------------------------------------------------------------- pure functions

@pytest.mark.parametrize("days, unit, expected", [
    ([], None, ("day", [])),
    ([None, None], None, ("day", [])),
    ([D(2007, 10, 12)] * 3, None, ("day", [(D(2007, 10, 12), 3)])),
    ([D(2007, 10, 12), None, D(2007, 10, 14)], None,
     ("day", [(D(2007, 10, 12), 1), (D(2007, 10, 13), 0), (D(2007, 10, 14), 1)])),
    # more than two months: weeks starting on Monday, empty weeks kept
    ([D(2024, 1, 3), D(2024, 1, 7), D(2024, 3, 20)], None,
     ("week", [(D(2024, 1, 1), 2)] + [(D(2024, 1, 1) + dt.timedelta(weeks=k), 0) for k in range(1, 11)]
      + [(D(2024, 3, 18), 1)])),
    ([D(2020, 1, 31), D(2024, 3, 2)], None, ("month", None)),
    ([D(2024, 1, 31), D(2024, 3, 2)], "month", ("month", [(D(2024, 1, 1), 1), (D(2024, 2, 1), 0),
                                                          (D(2024, 3, 1), 1)])),
])
def test_counts_over_time(days, unit, expected):
    got_unit, points = report.counts_over_time(days, unit)
    assert got_unit == expected[0]
    if expected[1] is not None:
        assert points == expected[1]
    else:  # four years by month: 51 contiguous months, two statements
        assert len(points) == 51 and sum(n for _, n in points) == 2 and points[0][0] == D(2020, 1, 1)


@pytest.mark.parametrize("first, last, unit", [
    (D(2024, 1, 1), D(2024, 1, 1), "day"),
    (D(2024, 1, 1), D(2024, 3, 3), "day"),
    (D(2024, 1, 1), D(2024, 3, 4), "week"),
    (D(2024, 1, 1), D(2026, 12, 31), "week"),
    (D(2020, 1, 1), D(2024, 1, 1), "month"),
])
def test_time_unit(first, last, unit):
    assert report.time_unit(first, last) == unit


@pytest.mark.parametrize("due, overdue", [
    (None, False),
    (D(2008, 4, 12), True),
    (TODAY - dt.timedelta(days=1), True),
    (TODAY, False),
    (TODAY + dt.timedelta(days=1), False),
])
def test_is_overdue(due, overdue):
    assert report.is_overdue(due, TODAY) is overdue


@pytest.mark.parametrize("statements, edges", [
    ([], []),
    ([stmt("Putin")], []),
    ([stmt(None, ["Rice"])], []),
    ([stmt("Lavrov", ["United States"], "REQUEST")], [("Lavrov", "United States", "REQUEST", 1)]),
    ([stmt("Putin", ["Rice", "Gates"]), stmt("Putin", ["Rice"])],
     [("Putin", "Rice", "STATEMENT", 2), ("Putin", "Gates", "STATEMENT", 1)]),
    ([stmt("A", ["B"], "THREATEN"), stmt("A", ["B"], "ACCUSE"), stmt("A", ["", "C"], None)],
     [("A", "B", "ACCUSE", 1), ("A", "B", "THREATEN", 1), ("A", "C", "STATEMENT", 1)]),
])
def test_network_edges(statements, edges):
    assert report.network_edges(statements) == edges


@pytest.mark.parametrize("url, href", [
    ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
    ("http://example.org/", "http://example.org/"),
    ("file:///data/a.html", "file:///data/a.html"),
    ("javascript:alert(1)", None),
    (" JavaScript:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("", None),
    (None, None),
])
def test_safe_href(url, href):
    assert report.safe_href(url) == href


@pytest.mark.parametrize("text, limit, expected", [
    ("short", 10, "short"),
    ("  many   spaces\nand lines ", 40, "many spaces and lines"),
    ("abcdefghij", 5, "abcd…"),
    (None, 5, ""),
])
def test_snippet(text, limit, expected):
    assert report.snippet(text, limit) == expected


@pytest.mark.parametrize("values, n, expected", [
    ([], 3, []),
    (["b", "a", None, "", "b"], 3, [("b", 2), ("a", 1)]),
    (["c", "b", "a", "a"], 2, [("a", 2), ("b", 1)]),
])
def test_top_counts(values, n, expected):
    assert report.top_counts(values, n) == expected


def test_commitment_rows_dated_first_then_by_article_date():
    def com(action, due=None, day=D(2007, 10, 12), names=("Russia",)):
        return {"committer_names": list(names), "action": action, "due_date": due,
                "published_at": dt.datetime(day.year, day.month, day.day, tzinfo=UTC)}
    rows = report.commitment_rows([com("later", D(2030, 1, 1)), com("undated"), com("early", D(2008, 4, 12)),
                                   com("nobody", names=())], TODAY)
    assert [r["action"] for r in rows] == ["early", "later", "nobody", "undated"]
    assert [r["overdue"] for r in rows] == [True, False, False, False]
    assert rows[2]["committers"] == "(unnamed)"


@pytest.mark.parametrize("dues, n, expected", [
    ([], 3, []),
    ([None, D(2026, 1, 1)], 3, [D(2026, 1, 1)]),
    ([D(2008, 4, 12), D(2026, 12, 1), D(2026, 11, 1), D(2030, 1, 1), None], 2, [D(2026, 11, 1), D(2026, 12, 1)]),
    ([D(2027, 1, 1), D(2026, 10, 30), D(2026, 12, 29)], 2, [D(2026, 10, 30), D(2026, 12, 29)]),
])
def test_nearest_due(dues, n, expected):
    rows = [{"due_date": due} for due in dues]
    assert [r["due_date"] for r in report.nearest_due(rows, TODAY, n)] == expected


def test_latest_statements_newest_first_in_text_order_and_no_unsafe_links():
    articles = [{"article_id": "old", "url": "https://example.org/old", "title": "Old"},
                {"article_id": "new", "url": "javascript:alert(1)", "title": "New"}]
    statements = [stmt("A", day=D(2020, 1, 1), article="old"), stmt("B", day=D(2021, 1, 1), article="new", start=9),
                  stmt("C", day=D(2021, 1, 1), article="new", start=1), stmt("D", day=None, article="gone")]
    rows = report.latest_statements(statements, articles, n=10)
    assert [r["speaker"] for r in rows] == ["C", "B", "A", "D"]
    assert [r["url"] for r in rows] == [None, None, "https://example.org/old", None]
    assert rows[3]["title"] == "gone"


def test_empty_tables_render_no_rows_notes():
    page = report.render("/tmp/empty-out", {}, TODAY, dt.datetime(2026, 11, 29, tzinfo=UTC))
    for anchor in ("time", "speakers", "issues", "commitments", "network", "latest"):
        assert "No rows" in section_of(page, anchor), anchor
    assert "<svg" not in page


def test_data_text_is_escaped_everywhere():
    evil = '<script>alert("x")</script> $\\frac{a}{b}$ & "q"'
    statements = [stmt(evil, [evil], "THREATEN", content=evil, article="e")]
    tables = {"statements": statements,
              "articles": [{"article_id": "e", "url": 'https://e.org/?a="><script>', "title": evil}],
              "issues": [{"label": evil, "n_mentions": 2}],
              "commitments": [{"committer_names": [evil], "action": evil, "due_date": D(2001, 1, 1),
                               "published_at": None, "time_text": evil, "modality": evil}],
              "errors": [{"error_type": evil}]}
    page = report.render(evil, tables, TODAY, dt.datetime(2026, 11, 29, tzinfo=UTC))
    assert "<script" not in page and '"><script' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "$\\frac{a}{b}$" in page  # mathtext off: printed as written in the charts


# ---------------------------------------------------------------------------------------------- the sample run

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A real `communique run` on the bundled sample, then `communique report`: (out folder, page text)."""
    out = tmp_path_factory.mktemp("report") / "out"
    assert main(["run", "--out", str(out)]) == 0
    assert main(["report", "--out", str(out)]) == 0
    page = out / report.DEFAULT_NAME
    return out, page.read_text(encoding="utf-8")


def test_header_totals_and_out_folder(sample):
    out, page = sample
    header = page[page.index("<header>"):page.index("</header>")]
    assert f"<code>{out}</code>" in header
    for name, count in {"articles": 1, "actors": 9, "statements": 37, "issues": 14, "commitments": 11,
                        "errors": 0}.items():
        assert f"<b>{count}</b><span>{name}</span>" in header, name


def test_top_speakers_and_issues(sample):
    _, page = sample
    assert 'aria-label="Top speakers: Sergey Lavrov 15, ' in section_of(page, "speakers")
    assert 'aria-label="Top issues: missile defense 9, ' in section_of(page, "issues")
    assert "Statements over time (per day)" in section_of(page, "time")


def test_commitment_due_date_marked_overdue(sample):
    _, page = sample
    rows = rows_of(section_of(page, "commitments"))
    washington = [r for r in rows if r[2] == "meet again in Washington in six months"]
    assert washington and washington[0][0] == "overdue 2008-04-12"
    assert washington[0][1] == "United States, Russia" and washington[0][3] == "in six months"
    assert "2 of 11 commitments have a due date" in page
    assert "overdue (due before" in page  # the chart legend


def test_network_edge_lavrov_requests_united_states(sample):
    _, page = sample
    rows = rows_of(section_of(page, "network"))
    assert ["Sergey Lavrov", "REQUEST", "United States", "1"] in rows
    assert "Sergey Lavrov → United States (REQUEST, 1)" in page  # the chart's label


def test_latest_statements_link_to_the_article(sample):
    _, page = sample
    latest = section_of(page, "latest")
    assert f'<a href="{SAMPLE_URL}">U.S., Russian Leaders Agree to Meet Again</a>' in latest
    assert ["2007-10-12", "Sergey Lavrov", "REQUEST", "United States"] in [r[:4] for r in rows_of(latest)]


def test_page_is_self_contained(sample):
    _, page = sample
    assert "<script" not in page.lower() and "@import" not in page
    remote = re.findall(r"<(?:script|link|img|iframe|source|embed|object|image|use)\b[^>]*"
                        r"(?:src|href)=\"(?:https?:)?//", page, re.I)
    assert remote == []
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the inline SVGs' ids don't collide


def test_cli_prints_path_and_size_and_renders_missing_tables(sample, tmp_path, capsys):
    out, _ = sample
    copy = tmp_path / "out"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns("report.html"))
    shutil.rmtree(copy / "commitments")
    target = tmp_path / "r.html"
    assert main(["report", "--out", str(copy), "--html", str(target)]) == 0
    printed = capsys.readouterr().out
    assert f"Report written: {target} (" in printed and "KiB)" in printed
    assert "No rows: no commitments." in section_of(target.read_text(encoding="utf-8"), "commitments")


@pytest.mark.parametrize("args, message", [
    (["--out", "{tmp}/missing"], "no such folder"),
    (["--out", "{tmp}"], "no Communique tables"),
    (["--out", "{tmp}", "--html", "{tmp}/nope/r.html"], "does not exist"),
])
def test_cli_usage_errors(tmp_path, capsys, args, message):
    assert main(["report"] + [a.format(tmp=tmp_path) for a in args]) == 2
    assert message in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------- headless Chromium

def chromium_binary() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Debian package chromium not installed (apt-get install chromium)")
    return found


def render_in_chromium(page: Path, png: Path) -> str:
    """Screenshot ``page`` with headless Chromium; returns its log (stderr), where console messages appear."""
    proc = subprocess.run(
        [chromium_binary(), "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=1",
         f"--user-data-dir={png.parent / 'chromium-profile'}", f"--screenshot={png}", "--window-size=1280,3000",
         page.resolve().as_uri()], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stderr


def console_lines(log: str):
    return [line for line in log.splitlines() if CONSOLE.search(line)]


def test_chromium_log_shows_a_deliberate_console_error(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('deliberate-report-error');"
                    "notDefinedAnywhere();</script>", encoding="utf-8")
    lines = console_lines(render_in_chromium(page, tmp_path / "broken.png"))
    assert any("deliberate-report-error" in line for line in lines), lines
    assert any("notDefinedAnywhere is not defined" in line for line in lines), lines


def test_report_in_chromium_no_console_errors_and_not_blank(sample, tmp_path):
    from PIL import Image

    out, _ = sample
    png = tmp_path / "report.png"
    log = render_in_chromium(out / report.DEFAULT_NAME, png)
    assert console_lines(log) == []
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        assert rgb.size == (1280, 3000)
        colours = rgb.getcolors(maxcolors=1 << 24)
        non_white = sum(n for n, c in colours if min(c) < 235)
    assert len(colours) > 200, "too few distinct colours: the page looks blank"
    assert non_white > 0.05 * 1280 * 3000
