"""The end-of-run summary: rows per table, top speakers, errors by type, and a query to try next.

On a terminal it is drawn with rich (a table of rows per table, errors by type); anywhere else (a pipe, a file,
a test) it is the plain aligned text of :func:`format_summary`, unchanged.
"""
from __future__ import annotations

import shlex
import sys
from collections import Counter
from typing import Dict, List, Optional, TextIO, Tuple

import pyarrow.parquet as pq

from communique.schemas import TABLE_ORDER
from communique.transforms.write_parquet import read_table, table_files


def table_counts(out_dir: str) -> Dict[str, int]:
    """Rows per table, from the Parquet footers (no table is read)."""
    return {name: sum(pq.ParquetFile(f).metadata.num_rows for f in table_files(out_dir, name)) for name in TABLE_ORDER}


def top_speakers(out_dir: str, n: int = 5) -> List[Tuple[str, int]]:
    names = read_table(out_dir, "statements", columns=["speaker_name"]).column("speaker_name").to_pylist()
    return Counter(x for x in names if x).most_common(n)


def error_types(out_dir: str) -> List[Tuple[str, int]]:
    return Counter(read_table(out_dir, "errors", columns=["error_type"]).column("error_type").to_pylist()).most_common()


def try_next(out_dir: str) -> List[str]:
    out = shlex.quote(out_dir)
    return [
        "Try next:",
        f"  communique report --out {out}",
        "  communique query \"SELECT speaker_name, event_type, content FROM statements ORDER BY content_start "
        f"LIMIT 10\" --out {out}",
    ]


def format_summary(out_dir: str) -> str:
    counts = table_counts(out_dir)
    lines = ["", "Communique run finished.", f"  output: {out_dir}"]
    lines += [f"  {name:<12} {counts[name]:>7,} rows" for name in TABLE_ORDER]
    speakers = top_speakers(out_dir)
    if speakers:
        lines.append("  top speakers: " + ", ".join(f"{name} ({k})" for name, k in speakers))
    errors = error_types(out_dir)
    if errors:
        lines.append(f"  errors: {counts['errors']:,} (" + ", ".join(f"{t}: {k}" for t, k in errors) + ")")
    else:
        lines.append("  errors: 0")
    lines += ["", *try_next(out_dir), ""]
    return "\n".join(lines)


def render_summary(out_dir: str, console) -> None:
    """The summary drawn on a rich ``console``: rows per table, top speakers, errors by type, the next step."""
    from rich.table import Table

    counts = table_counts(out_dir)
    console.print()
    console.print("[bold]Communique run finished.[/]")
    console.print(f"output: {out_dir}", soft_wrap=True, markup=False, highlight=False)
    table = Table()
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name in TABLE_ORDER:
        table.add_row(name, f"{counts[name]:,}")
    console.print(table)
    speakers = top_speakers(out_dir)
    if speakers:
        console.print("top speakers: " + ", ".join(f"{name} ({k})" for name, k in speakers), highlight=False)
    errors = error_types(out_dir)
    if errors:
        by_type = Table(title=f"errors: {counts['errors']:,}", title_justify="left")
        by_type.add_column("error_type")
        by_type.add_column("rows", justify="right")
        for error_type, k in errors:
            by_type.add_row(error_type, f"{k:,}")
        console.print(by_type)
    else:
        console.print("errors: 0", highlight=False)
    console.print()
    for line in try_next(out_dir):  # soft wrap: the command stays one line, copyable
        console.print(line, soft_wrap=True, markup=False, highlight=False)
    console.print()


def print_summary(out_dir: str, stream: Optional[TextIO] = None, console=None) -> None:
    """Print the summary: with rich on ``console`` or when ``stream`` (stdout) is a terminal, else plain text."""
    stream = stream if stream is not None else sys.stdout
    if console is None and _is_terminal(stream):
        from rich.console import Console

        console = Console(file=stream)
    if console is not None:
        render_summary(out_dir, console)
    else:
        print(format_summary(out_dir), file=stream)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False
