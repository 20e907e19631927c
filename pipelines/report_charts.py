"""The report's charts: matplotlib figures rendered to inline SVG strings (no JavaScript, no fonts to fetch).

Text stays text in the SVG (``svg.fonttype: none``): the browser draws it with a local sans-serif font, so names
in any script show and the page can be searched. Mathtext is off, so a ``$`` in a name is printed as written.
Each chart gets its own ``svg.hashsalt`` so the ids of clip paths never collide between inline SVGs.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import math
import re
from typing import Dict, List, Sequence, Tuple

import matplotlib
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

# PLOVER act classes of the statements table, and a colour for each (others get a fallback colour).
EVENT_COLOURS: Dict[str, str] = {
    "REQUEST": "#e67e22", "THREATEN": "#c0392b", "ACCUSE": "#8e44ad", "REJECT": "#7f4f24",
    "AGREE": "#27ae60", "PROPOSE": "#16a085", "SUPPORT": "#2980b9", "CONSULT": "#2c3e50",
    "STATEMENT": "#717d7e",
}
FALLBACK_COLOURS = ("#d35400", "#1abc9c", "#34495e", "#f39c12", "#6c5ce7", "#e84393")
OVERDUE = "#c0392b"
UPCOMING = "#2471a3"
BAR = "#2e86c1"
ISSUE_BAR = "#7d3c98"
NO_METADATA = ("Date", "Creator", "Format", "Type")
RC = {"svg.fonttype": "none", "text.parse_math": False, "font.size": 10,
      "font.family": "sans-serif", "axes.spines.top": False, "axes.spines.right": False}


def event_colour(event_type: str) -> str:
    """The colour of a PLOVER act class; unknown classes get a stable colour from a small palette."""
    if event_type in EVENT_COLOURS:
        return EVENT_COLOURS[event_type]
    return FALLBACK_COLOURS[sum(map(ord, event_type or "")) % len(FALLBACK_COLOURS)]


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def to_svg(fig: Figure, name: str, label: str) -> str:
    """The figure as an ``<svg>`` element (no XML prolog), labelled for screen readers."""
    buf = io.StringIO()
    name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    with matplotlib.rc_context({"svg.hashsalt": f"communique-{name}"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata=dict.fromkeys(NO_METADATA))
    text = buf.getvalue()
    svg = text[text.index("<svg"):]
    # One id namespace per chart: ids (figure_1, clip paths, markers) and references to them. Data text
    # cannot match these patterns: matplotlib writes a '"' in text as '&quot;'.
    for old in ('id="', '="url(#', 'href="#'):
        svg = svg.replace(old, f"{old}{name}-")
    attrs = f'<svg role="img" aria-label="{html.escape(label, quote=True)}" class="chart"'
    return attrs + svg[len("<svg"):]


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def timeline_chart(points: Sequence[Tuple[dt.date, int]], unit: str) -> str:
    """Statements per day, week or month: one bar per period, empty periods included."""
    with matplotlib.rc_context(RC):
        fig = _figure(11, 2.8)
        ax = fig.subplots()
        days = {"day": 1, "week": 7, "month": 30}[unit]
        xs = [mdates.date2num(d) for d, _ in points]
        align = "center" if unit == "day" else "edge"
        ax.bar(xs, [n for _, n in points], width=days * 0.8, align=align, color=BAR)
        ax.set_xlim(xs[0] - days, xs[-1] + (days if align == "center" else 2 * days))
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10, interval_multiples=True)
        if xs[-1] - xs[0] < 7:
            locator = mdates.DayLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d" if unit != "month" else "%Y-%m"))
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel(f"statements per {unit}")
        ax.grid(axis="y", alpha=0.3)
        return to_svg(fig, "timeline", f"Statements per {unit}")


def bar_chart(pairs: Sequence[Tuple[str, int]], name: str, xlabel: str, colour: str = BAR) -> str:
    """Horizontal bars, the largest on top, the count written at the end of each bar."""
    with matplotlib.rc_context(RC):
        fig = _figure(5.6, 0.8 + 0.32 * len(pairs))
        ax = fig.subplots()
        labels = [shorten(label, 40) for label, _ in pairs][::-1]
        counts = [n for _, n in pairs][::-1]
        bars = ax.barh(range(len(pairs)), counts, color=colour)
        ax.set_yticks(range(len(pairs)), labels)
        ax.bar_label(bars, padding=3)
        ax.set_xlim(0, max(counts) * 1.15)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(xlabel)
        return to_svg(fig, name, f"{name}: " + ", ".join(f"{label} {n}" for label, n in pairs))


def commitments_chart(rows: Sequence[dict], today: dt.date) -> str:
    """One line per dated commitment, from the article's date to its due date; overdue due dates in red."""
    with matplotlib.rc_context(RC):
        fig = _figure(11, 1.2 + 0.38 * len(rows))
        ax = fig.subplots()
        for y, row in enumerate(reversed(rows)):
            due = mdates.date2num(row["due_date"])
            start = mdates.date2num(row["published"]) if row["published"] else due
            ax.plot([start, due], [y, y], color="#bbbbbb", linewidth=2, zorder=1)
            ax.scatter([start], [y], color="#888888", s=14, zorder=2)
            colour, marker = (OVERDUE, "X") if row["overdue"] else (UPCOMING, "o")
            ax.scatter([due], [y], color=colour, marker=marker, s=70, zorder=3)
            ax.annotate(row["due_date"].isoformat(), (due, y), xytext=(8, 0), textcoords="offset points",
                        va="center", fontsize=9, color=colour)
        ax.set_yticks(range(len(rows)), [shorten(f"{r['committers']}: {r['action']}", 60) for r in reversed(rows)])
        ax.set_ylim(-0.7, len(rows) - 0.3)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        low, high = ax.get_xlim()
        ax.set_xlim(low - 5, high + (high - low) * 0.12 + 10)
        ax.grid(axis="x", alpha=0.3)
        ax.legend(handles=_commitment_legend(today), loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3,
                  frameon=False)
        return to_svg(fig, "commitments", "Commitments with due dates")


def _commitment_legend(today: dt.date) -> List[Line2D]:
    return [
        Line2D([], [], color=OVERDUE, marker="X", linestyle="", markersize=8,
               label=f"overdue (due before {today.isoformat()})"),
        Line2D([], [], color=UPCOMING, marker="o", linestyle="", markersize=7, label="due today or later"),
        Line2D([], [], color="#bbbbbb", marker="o", markerfacecolor="#888888", markersize=4, linewidth=2,
               label="from the article's date"),
    ]


def circle_layout(nodes: Sequence[str]) -> Dict[str, Tuple[float, float]]:
    """Nodes evenly on the unit circle, the first at the top, going clockwise."""
    n = max(len(nodes), 1)
    return {node: (math.sin(2 * math.pi * i / n), math.cos(2 * math.pi * i / n)) for i, node in enumerate(nodes)}


def network_chart(edges: Sequence[Tuple[str, str, str, int]]) -> str:
    """Speaker → addressee arrows coloured by act class, thicker for more statements; nodes on a circle."""
    nodes = _nodes_by_degree(edges)
    pos = circle_layout(nodes)
    with matplotlib.rc_context(RC):
        fig = _figure(8, 6.4)
        ax = fig.subplots()
        ax.set_aspect("equal")
        ax.axis("off")
        seen = set()
        for speaker, addressee, event_type, count in edges:
            bend = 0.25 if (addressee, speaker) in seen or speaker == addressee else 0.12
            seen.add((speaker, addressee))
            ax.add_patch(FancyArrowPatch(
                pos[speaker], pos[addressee], connectionstyle=f"arc3,rad={bend}", arrowstyle="-|>",
                mutation_scale=16, linewidth=1.2 + 1.2 * math.log2(count), color=event_colour(event_type),
                shrinkA=12, shrinkB=12, alpha=0.9, zorder=1))
        for node, (x, y) in pos.items():
            ax.scatter([x], [y], s=160, color="#34495e", zorder=2)
            ax.annotate(shorten(node, 30), (x, y), xytext=(x * 14, y * 14 + (2 if y >= 0 else -2)),
                        textcoords="offset points", ha=_align(x), va="bottom" if y >= 0 else "top", fontsize=10)
        ax.set_xlim(-1.6, 1.6)
        ax.set_ylim(-1.3, 1.3)
        types = sorted({e[2] for e in edges})
        ax.legend(handles=[Line2D([], [], color=event_colour(t), linewidth=3, label=t) for t in types],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, title="act")
        return to_svg(fig, "network", "Who addresses whom: " + "; ".join(
            f"{s} → {a} ({t}, {n})" for s, a, t, n in edges))


def _align(x: float) -> str:
    return "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")


def _nodes_by_degree(edges: Sequence[Tuple[str, str, str, int]]) -> List[str]:
    degree: Dict[str, int] = {}
    for speaker, addressee, _, count in edges:
        degree[speaker] = degree.get(speaker, 0) + count
        degree[addressee] = degree.get(addressee, 0) + count
    return sorted(degree, key=lambda node: (-degree[node], node))
