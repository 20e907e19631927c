"""The end-of-run summary: rows per table, top speakers, errors by type, and a query to try next."""
from __future__ import annotations

from collections import Counter
from typing import Dict, List, TextIO, Tuple

from communique.schemas import TABLE_ORDER
from communique.transforms.write_parquet import read_table


def table_counts(out_dir: str) -> Dict[str, int]:
    return {name: read_table(out_dir, name).num_rows for name in TABLE_ORDER}


def top_speakers(out_dir: str, n: int = 5) -> List[Tuple[str, int]]:
    names = read_table(out_dir, "statements").column("speaker_name").to_pylist()
    return Counter(x for x in names if x).most_common(n)


def error_types(out_dir: str) -> List[Tuple[str, int]]:
    return Counter(read_table(out_dir, "errors").column("error_type").to_pylist()).most_common()


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
    lines += [
        "",
        "Try next, in DuckDB (installed with Communique):",
        "  python -c \"import duckdb; duckdb.sql(\\\"SELECT speaker_name, event_type, content FROM "
        f"read_parquet('{out_dir}/statements/**/*.parquet') ORDER BY content_start LIMIT 10\\\").show()\"",
        "",
    ]
    return "\n".join(lines)


def print_summary(out_dir: str, stream: TextIO = None) -> None:
    print(format_summary(out_dir), file=stream)
