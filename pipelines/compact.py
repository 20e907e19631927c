"""``communique compact --out DIR``: merge each table's small part files, per partition, and rebuild the aggregates.

Incremental runs add files to every partition they touch (``part-<run_id>-NNNNN.parquet``); after many runs a
table is many small files, which slows every reader. ``compact``

1. finishes or removes what killed runs left (:func:`commit.recover`);
2. for every table (the hidden mention tables too) and every partition folder holding more than one file,
   writes one merged file into a staging folder ``<out>/.tmp-compact-<id>/`` and reads it back: its row count
   and its ids (``article_id``, ``statement_id``, ``commitment_id``; the whole rows for ``errors`` and the
   mention tables) must equal those of the files it replaces, or compact stops with :class:`CompactError` and
   changes nothing;
3. rebuilds ``actors`` and ``issues`` from all actor and issue mentions (exact counts and first/last seen
   over every run), the same way a run's commit does;
4. commits like a run: a ``_COMMIT.json`` manifest, then the moves and the deletions of the merged files (a
   compact killed after writing the manifest is finished by the next run or compact).

Run it while no ``run``/``watch`` writes to the same folder. A reader running during the commit can see a
partition's old and new files for a moment (moves and deletions are atomic one file at a time).
"""
from __future__ import annotations

import os
import shutil
import uuid
from collections import Counter, defaultdict
from typing import Dict, List

import pyarrow as pa
import pyarrow.parquet as pq

from communique.pipelines import commit
from communique.schemas import TABLE_ORDER
from communique.transforms.parquet_sink import ACTOR_MENTIONS, ISSUE_MENTIONS, schema_of
from communique.transforms.write_parquet import SUFFIX, table_files

ID_COLUMNS = {"articles": "article_id", "statements": "statement_id", "commitments": "commitment_id"}
COMPACTED = tuple(t for t in TABLE_ORDER if t not in commit.AGGREGATES) + (ACTOR_MENTIONS, ISSUE_MENTIONS)


class CompactError(RuntimeError):
    """A merged file does not hold exactly the rows of the files it would replace: nothing was changed."""


def fingerprint(table: pa.Table, name: str) -> Counter:
    """What must survive compaction: the multiset of ids (or of whole rows when the table has no id)."""
    column = ID_COLUMNS.get(name)
    if column:
        return Counter(table.column(column).to_pylist())
    return Counter(tuple(sorted((k, repr(v)) for k, v in row.items())) for row in table.to_pylist())


def partitions(out_dir: str, table: str) -> Dict[str, List[str]]:
    """Part files of a table grouped by their folder (relative to ``out_dir``)."""
    groups: Dict[str, List[str]] = defaultdict(list)
    for path in table_files(out_dir, table):
        groups[os.path.relpath(os.path.dirname(path), out_dir)].append(path)
    return dict(groups)


def merge_group(files: List[str], name: str, target: str) -> int:
    """Merge ``files`` of table ``name`` into ``target``, verified; returns its rows. Raises CompactError."""
    schema = schema_of(name)
    before = commit.read_files(files, schema)
    expected_rows = sum(pq.read_metadata(f).num_rows for f in files)
    if before.num_rows != expected_rows:
        raise CompactError(f"{name}: read {before.num_rows} rows from {len(files)} files, their footers say "
                           f"{expected_rows}")
    commit.write_table(before, target)
    after = pq.read_table(target, schema=schema)
    if after.num_rows != expected_rows or fingerprint(after, name) != fingerprint(before, name):
        raise CompactError(f"{name}: the merged file {target} does not hold the {expected_rows} rows of the "
                           f"{len(files)} files it would replace")
    return after.num_rows


def compact(out_dir: str, min_files: int = 2, echo=print) -> Dict[str, Dict[str, int]]:
    """Compact ``out_dir`` in place; returns ``{table: {"files_before", "files_after", "rows"}}``."""
    if not os.path.isdir(out_dir):
        raise FileNotFoundError(f"{out_dir}: no such folder")
    commit.recover(out_dir)
    compact_id = "compact-" + uuid.uuid4().hex
    staging = commit.staging_dir(out_dir, compact_id)
    report: Dict[str, Dict[str, int]] = {}
    moves, deletes = [], []
    try:
        for name in COMPACTED:
            groups = partitions(out_dir, name)
            stats = {"files_before": sum(len(f) for f in groups.values()), "files_after": 0, "rows": 0}
            for folder, files in sorted(groups.items()):
                if len(files) < min_files:
                    stats["files_after"] += len(files)
                    stats["rows"] += sum(pq.read_metadata(f).num_rows for f in files)
                    continue
                rel = os.path.join(folder, f"part-{compact_id}-00000{SUFFIX}")
                stats["rows"] += merge_group(files, name, os.path.join(staging, rel))
                stats["files_after"] += 1
                moves.append((rel, rel))
                deletes.extend(os.path.relpath(f, out_dir) for f in files)
            report[name] = stats
        mention_files = {t: table_files(out_dir, t) for t in (ACTOR_MENTIONS, ISSUE_MENTIONS)}
        for name, data in commit.rebuild_aggregates(mention_files).items():
            rel = os.path.join(name, commit.AGGREGATE_FILE)
            commit.write_table(data, os.path.join(staging, rel))
            moves.append((rel, rel))
            report[name] = {"files_before": len(table_files(out_dir, name)), "files_after": 1, "rows": data.num_rows}
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.makedirs(staging, exist_ok=True)
    manifest = {"run_id": compact_id, "moves": moves, "deletes": deletes}
    commit.write_manifest(staging, manifest)
    commit.apply(out_dir, staging, manifest)
    for name, stats in report.items():
        echo(f"  {name:<16} {stats['files_before']:>5} -> {stats['files_after']:>3} files, {stats['rows']:>9,} rows")
    return report


def add_arguments(parser) -> None:
    parser.add_argument("--out", required=True, help="the output folder of earlier runs")
    parser.add_argument("--min-files", type=int, default=2,
                        help="merge a partition only when it has at least this many files (default 2)")


def cmd_compact(args, echo=print) -> int:
    """The ``compact`` subcommand; returns the exit status."""
    from communique.pipelines.cli import UsageError

    out = os.path.abspath(args.out)
    if not os.path.isdir(out):
        raise UsageError(f"--out {args.out}: no such folder")
    if args.min_files < 2:
        raise UsageError("--min-files must be at least 2")
    echo(f"Compacting {out}")
    try:
        compact(out, args.min_files, echo=echo)
    except CompactError as exc:
        echo(f"communique: compact aborted, nothing changed: {exc}")
        return 1
    return 0

