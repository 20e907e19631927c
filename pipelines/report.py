"""``communique report``: one self-contained HTML page summarising the tables of an ``--out`` folder.

Run totals, statements over time, top speakers and issues, a timeline of commitments with their due dates
(overdue ones marked), who addresses, requests or threatens whom, and the latest statements linked to their
articles. Charts are matplotlib SVG inlined in the page (``report_charts.py``): no script, no remote file.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import os
from collections import Counter
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from communique.schemas import TABLE_ORDER

DEFAULT_NAME = "report.html"
TOP_N = 12
LATEST_N = 40
SNIPPET = 180
MAX_EDGES = 40
MAX_DATED = 30  # commitments in the timeline chart
MAX_COMMITMENTS = 100  # rows in the commitments table
LINK_SCHEMES = ("http://", "https://", "file://")

Rows = List[dict]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from communique.pipelines.cli import DEFAULT_OUT

    parser.add_argument("--out", default=DEFAULT_OUT,
                        help=f"folder written by communique run (default {DEFAULT_OUT})")
    parser.add_argument("--html", default=None, metavar="FILE",
                        help=f"where to write the page (default OUT/{DEFAULT_NAME})")
    parser.add_argument("--latest", type=int, default=LATEST_N,
                        help=f"statements in the latest-statements table (default {LATEST_N})")


# ---------------------------------------------------------------------------------------------- pure helpers

def esc(value: object) -> str:
    """Text from the data, safe in HTML content and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def snippet(text: Optional[str], limit: int = SNIPPET) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def safe_href(url: Optional[str]) -> Optional[str]:
    """The URL when it is http(s) or file (not ``javascript:`` or ``data:``), else None."""
    if url and url.strip().lower().startswith(LINK_SCHEMES):
        return url.strip()
    return None


def day_of(value) -> Optional[dt.date]:
    """The date of a timestamp (UTC as stored) or date; None stays None."""
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def time_unit(first: dt.date, last: dt.date) -> str:
    """Bars per day up to two months of data, per week up to three years, else per month."""
    span = (last - first).days
    return "day" if span <= 62 else ("week" if span <= 3 * 366 else "month")


def period_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def next_period(start: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return start + dt.timedelta(days=7)
    if unit == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def counts_over_time(days: Iterable[Optional[dt.date]], unit: Optional[str] = None
                     ) -> Tuple[str, List[Tuple[dt.date, int]]]:
    """``(unit, [(period start, count)])`` over every period from the first date to the last (zeros kept)."""
    known = sorted(d for d in days if d is not None)
    if not known:
        return unit or "day", []
    unit = unit or time_unit(known[0], known[-1])
    counts = Counter(period_start(d, unit) for d in known)
    points, start = [], period_start(known[0], unit)
    while start <= known[-1]:
        points.append((start, counts.get(start, 0)))
        start = next_period(start, unit)
    return unit, points


def top_counts(values: Iterable[Optional[str]], n: int = TOP_N) -> List[Tuple[str, int]]:
    """The ``n`` most frequent non-empty values, ties by name."""
    counts = Counter(v for v in values if v)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def top_issues(issues: Rows, n: int = TOP_N) -> List[Tuple[str, int]]:
    """Issue labels by mentions over all articles."""
    pairs = [(r["label"], int(r.get("n_mentions") or 0)) for r in issues if r.get("label")]
    return sorted(pairs, key=lambda kv: (-kv[1], kv[0]))[:n]


def is_overdue(due: Optional[dt.date], today: dt.date) -> bool:
    """A commitment is overdue when its due date is before today (no due date: never)."""
    return due is not None and due < today


def commitment_rows(commitments: Rows, today: dt.date) -> Rows:
    """Commitments for the report, dated ones first by due date, then the others by article date."""
    rows = [{"committers": ", ".join(r.get("committer_names") or []) or "(unnamed)", "action": r.get("action") or "",
             "due_date": r.get("due_date"), "time_text": r.get("time_text"), "modality": r.get("modality"),
             "negated": bool(r.get("negated")), "conditional": bool(r.get("conditional")),
             "published": day_of(r.get("published_at")), "overdue": is_overdue(r.get("due_date"), today)}
            for r in commitments]
    return sorted(rows, key=lambda r: (r["due_date"] is None, r["due_date"] or dt.date.min,
                                       r["published"] or dt.date.min, r["committers"], r["action"]))


def nearest_due(rows: Rows, today: dt.date, n: int = MAX_DATED) -> Rows:
    """The ``n`` dated commitments whose due date is closest to today, in due-date order."""
    dated = [r for r in rows if r["due_date"]]
    closest = sorted(dated, key=lambda r: (abs((r["due_date"] - today).days), r["due_date"]))[:n]
    return sorted(closest, key=lambda r: r["due_date"])


def network_edges(statements: Rows, limit: int = MAX_EDGES) -> List[Tuple[str, str, str, int]]:
    """``(speaker, addressee, act, statements)`` for statements with a speaker and a named addressee."""
    counts = Counter((r["speaker_name"], addressee, r.get("event_type") or "STATEMENT")
                     for r in statements if r.get("speaker_name")
                     for addressee in (r.get("addressee_names") or []) if addressee)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [(s, a, t, n) for (s, a, t), n in ranked]


def latest_statements(statements: Rows, articles: Rows, n: int = LATEST_N) -> Rows:
    """The ``n`` latest statements (newest article first, in text order within one), with article URL and title."""
    by_id = {a["article_id"]: a for a in articles}
    ordered = sorted(statements, key=lambda r: (
        -(r["published_at"].timestamp() if r.get("published_at") else float("-inf")),
        r.get("article_id") or "", r.get("content_start") or 0))
    rows = []
    for r in ordered[:n]:
        article = by_id.get(r.get("article_id"), {})
        rows.append({"date": day_of(r.get("published_at")), "speaker": r.get("speaker_name") or r.get("speaker_text"),
                     "act": r.get("event_type"), "to": ", ".join(r.get("addressee_names") or []),
                     "quote": snippet(r.get("content")), "url": safe_href(article.get("url")),
                     "title": article.get("title") or article.get("url") or r.get("article_id")})
    return rows


# ---------------------------------------------------------------------------------------------- HTML

def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], classes: Sequence[str] = ()) -> str:
    """A table; cells are HTML already (escape data with :func:`esc` first)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    lines = [(f'<tr class="{classes[i]}">' if i < len(classes) and classes[i] else "<tr>")
             + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for i, row in enumerate(rows)]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def no_rows(what: str) -> str:
    return f'<p class="empty">No rows: {esc(what)}.</p>'


def nowrap(value: object) -> str:
    return f'<span class="nw">{esc(value)}</span>' if value else ""


def act_badge(event_type: Optional[str]) -> str:
    """An act class as a coloured label, the colours of the network chart."""
    from communique.pipelines.report_charts import event_colour

    if not event_type:
        return ""
    return f'<span class="act" style="background:{event_colour(event_type)}">{esc(event_type)}</span>'


def section(anchor: str, title: str, body: str, note: str = "") -> str:
    lead = f'<p class="note">{note}</p>' if note else ""
    return f'<section id="{anchor}"><h2>{esc(title)}</h2>{lead}{body}</section>'


def header_html(out_dir: str, counts: Dict[str, int], errors: Rows, generated: dt.datetime) -> str:
    cards = "".join(
        f'<div class="card{" bad" if name == "errors" and counts[name] else ""}"><b>{counts[name]:,}</b>'
        f"<span>{esc(name)}</span></div>" for name in TABLE_ORDER)
    kinds = top_counts((r.get("error_type") for r in errors), n=8)
    detail = ("<p class=\"note\">Errors by type: " + ", ".join(f"{esc(k)} ({n})" for k, n in kinds) + "</p>"
              if kinds else "")
    return (f"<header><h1>Communique report</h1><p>Out folder: <code>{esc(out_dir)}</code> · generated "
            f"{esc(generated.strftime('%Y-%m-%d %H:%M UTC'))}</p><div class=\"cards\">{cards}</div>{detail}</header>")


def timeline_section(statements: Rows) -> str:
    from communique.pipelines.report_charts import timeline_chart

    undated = sum(1 for r in statements if r.get("published_at") is None)
    unit, points = counts_over_time(day_of(r.get("published_at")) for r in statements)
    note = f"{undated:,} statements without a publication date are not shown." if undated else ""
    body = timeline_chart(points, unit) if points else no_rows("no dated statements")
    return section("time", f"Statements over time (per {unit})", body, esc(note))


def bars_section(statements: Rows, issues: Rows) -> str:
    from communique.pipelines.report_charts import ISSUE_BAR, bar_chart

    speakers, labels = top_counts(r.get("speaker_name") for r in statements), top_issues(issues)
    left = bar_chart(speakers, "Top speakers", "statements") if speakers else no_rows("no statements")
    right = bar_chart(labels, "Top issues", "mentions", ISSUE_BAR) if labels else no_rows("no issues")
    return ('<div class="pair">' + section("speakers", "Top speakers", left)
            + section("issues", "Top issues", right) + "</div>")


def commitments_section(commitments: Rows, today: dt.date) -> str:
    from communique.pipelines.report_charts import commitments_chart

    rows = commitment_rows(commitments, today)
    if not rows:
        return section("commitments", "Commitments", no_rows("no commitments"))
    n_dated, dated = sum(1 for r in rows if r["due_date"]), nearest_due(rows, today)
    chart = commitments_chart(dated, today) if dated else '<p class="empty">No commitment has a due date.</p>'
    shown = rows[:MAX_COMMITMENTS]
    cells = [['<span class="nw">' + ('<span class="badge">overdue</span> ' if r["overdue"] else "")
              + esc(r["due_date"] or "—") + "</span>",
              esc(r["committers"]), esc(snippet(r["action"], 140)), esc(r["time_text"] or ""),
              esc(r["modality"] or "") + (" · negated" if r["negated"] else "")
              + (" · conditional" if r["conditional"] else ""),
              nowrap(r["published"] or "")] for r in shown]
    table = html_table(["due", "committers", "commitment", "time as written", "modality", "article date"], cells,
                       ["overdue" if r["overdue"] else "" for r in shown])
    legend = (f'<p class="legend"><span class="badge">overdue</span> due date before today ({esc(today)}); '
              f'<span class="swatch up"></span> due today or later; — no due date stated.</p>')
    note = f"{n_dated:,} of {len(rows):,} commitments have a due date" + (
        f"; the chart shows the {len(dated)} due nearest to today" if len(dated) < n_dated else "") + (
        f"; the table lists the first {len(shown)} by due date" if len(shown) < len(rows) else "") + "."
    return section("commitments", "Commitments and due dates", chart + legend + table, esc(note))


def network_section(statements: Rows) -> str:
    from communique.pipelines.report_charts import network_chart

    edges = network_edges(statements)
    if not edges:
        return section("network", "Who addresses whom", no_rows("no statement names an addressee"))
    cells = [[esc(s), act_badge(t), esc(a), str(n)]
             for s, a, t, n in edges]
    table = html_table(["speaker", "act", "addressee", "statements"], cells)
    return section("network", "Who addresses whom", network_chart(edges) + table,
                   "Speaker → addressee, from statements that name who they are addressed to; colour = act.")


def latest_section(statements: Rows, articles: Rows, n: int) -> str:
    rows = latest_statements(statements, articles, n)
    if not rows:
        return section("latest", "Latest statements", no_rows("no statements"))
    cells = [[nowrap(r["date"]), esc(r["speaker"] or ""), act_badge(r["act"]), esc(r["to"]),
              f'<span class="quote">{esc(r["quote"])}</span>',
              f'<a href="{esc(r["url"])}">{esc(snippet(r["title"], 60))}</a>' if r["url"] else esc(r["title"])]
             for r in rows]
    table = html_table(["date", "speaker", "act", "to", "quote", "article"], cells)
    return section("latest", f"Latest statements ({len(rows):,} of {len(statements):,})", table)


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;background:#f4f6f8;
color:#1f2d3d;line-height:1.4}
main{max-width:1200px;margin:0 auto;padding:0 24px 40px}
header{background:#1f3a5f;color:#fff;padding:20px 24px;margin:0 -24px 20px}
header h1{margin:0 0 4px;font-size:26px} header code{color:#ffe08a} header .note{color:#dde}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin-top:12px}
.card{background:#fff;color:#1f2d3d;border-radius:6px;padding:8px 14px;min-width:96px}
.card b{display:block;font-size:22px} .card span{font-size:12px;color:#5d6d7e;text-transform:uppercase}
.card.bad{background:#fdecea} .card.bad b{color:#c0392b}
section{background:#fff;border-radius:8px;padding:14px 18px;margin:0 0 18px;box-shadow:0 1px 3px #0001}
h2{margin:0 0 8px;font-size:19px} .note{color:#5d6d7e;font-size:13px;margin:0 0 8px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:18px} .pair section{margin:0 0 18px}
svg.chart{max-width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e5e8eb;vertical-align:top}
th{background:#eef1f4;font-weight:600} tr.overdue td{background:#fdf0ee}
.badge{background:#c0392b;color:#fff;border-radius:3px;padding:0 5px;font-size:11px;font-weight:600}
.swatch{display:inline-block;width:10px;height:10px;border-radius:50%;vertical-align:middle}
.swatch.up{background:#2471a3} .legend{font-size:13px;margin:6px 0}
.act{color:#fff;border-radius:3px;padding:0 6px;font-size:12px} .quote{color:#34495e} .nw{white-space:nowrap}
.empty{color:#7f8c8d;font-style:italic} a{color:#1f618d}
"""


def render(out_dir: str, tables: Dict[str, Rows], today: dt.date, generated: dt.datetime,
           latest: int = LATEST_N) -> str:
    """The whole page from the tables' rows (``{table: [row dict]}``)."""
    counts = {name: len(tables.get(name, [])) for name in TABLE_ORDER}
    statements = tables.get("statements", [])
    parts = [header_html(out_dir, counts, tables.get("errors", []), generated), timeline_section(statements),
             bars_section(statements, tables.get("issues", [])),
             commitments_section(tables.get("commitments", []), today), network_section(statements),
             latest_section(statements, tables.get("articles", []), latest)]
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Communique report · {esc(os.path.basename(out_dir.rstrip('/')) or out_dir)}</title>"
            f"<style>{CSS}</style></head><body><main>{''.join(parts)}</main></body></html>\n")


# ---------------------------------------------------------------------------------------------- I/O and CLI

def load_tables(out_dir: str) -> Dict[str, Rows]:
    """Every table's rows; a table without files is empty. Raises FileNotFoundError when none has any."""
    from communique.transforms.write_parquet import read_table

    tables, found = {}, 0
    for name in TABLE_ORDER:
        try:
            tables[name] = read_table(out_dir, name).to_pylist()
            found += 1
        except FileNotFoundError:
            tables[name] = []
    if not found:
        raise FileNotFoundError(f"no Communique tables in {out_dir} (write them with: communique run --out DIR)")
    return tables


def write_report(out_dir: str, path: str, latest: int = LATEST_N, today: Optional[dt.date] = None) -> int:
    """Write the page for ``out_dir`` to ``path``; returns its size in bytes."""
    now = dt.datetime.now(dt.timezone.utc)
    page = render(out_dir, load_tables(out_dir), today or dt.date.today(), now, latest)
    data = page.encode("utf-8")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return len(data)


def cmd_report(args: argparse.Namespace) -> int:
    from communique.pipelines.cli import UsageError, is_remote_path

    if is_remote_path(args.out):
        raise UsageError(f"--out {args.out}: report reads local folders only")
    out = os.path.abspath(args.out)
    if not os.path.isdir(out):
        raise UsageError(f"--out {args.out}: no such folder")
    if args.latest < 0:
        raise UsageError("--latest must be 0 or more")
    path = os.path.abspath(args.html or os.path.join(out, DEFAULT_NAME))
    if not os.path.isdir(os.path.dirname(path)):
        raise UsageError(f"--html {args.html}: the folder {os.path.dirname(path)} does not exist")
    try:
        size = write_report(out, path, args.latest)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(f"--html {path}: cannot write there ({exc.strerror or exc})") from exc
    print(f"Report written: {path} ({size / 1024:,.1f} KiB)")
    return 0
