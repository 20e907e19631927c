"""Incremental output: stage a run's files, then commit them into ``--out`` so readers never see half a run.

A run writes every file under ``<out>/.tmp-<run_id>/`` (its *staging* folder; readers glob
``<out>/<table>/**/*.parquet``, which never reaches it). Once the pipeline has finished, :func:`commit`

1. rebuilds ``actors`` and ``issues`` from every actor/issue mention in ``--out`` plus the run's (hidden tables
   ``_actor_mentions`` and ``_issue_mentions``), with the same accumulators as the pipeline, into the staging
   folder;
2. writes the list of moves to ``_COMMIT.json`` in the staging folder (atomically: write, then rename);
3. moves each file into place with ``os.replace`` (atomic per file; the aggregates have a fixed name,
   ``part-aggregate.parquet``, so a reader sees the old or the new file, never both), articles last;
4. deletes the staging folder.

:func:`recover` runs before every run and ``compact``: a staging folder with ``_COMMIT.json`` was killed while
committing and is finished (roll forward); one without was killed before committing and is deleted (roll
back); ``fileio``'s own ``.temp*`` folders (left by ``watch``) are deleted. Either way no article is half-written, so a rerun's skip list (:func:`existing_keys`) is exact.
One writer at a time per ``--out`` (run, watch or compact): concurrent writers are not detected.
"""
from __future__ import annotations

import glob
import json
import logging
import os
import shutil
from typing import Dict, FrozenSet, List, Tuple

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from communique.schemas import SCHEMAS, TABLE_ORDER
from communique.schemas.records import ActorMention, IssueMention
from communique.transforms.build_tables import ActorAccumulator, IssueAccumulator
from communique.transforms.dedupe import dedupe_key
from communique.transforms.parquet_sink import (
    ACTOR_MENTIONS, ISSUE_MENTIONS, PARTITION_COLUMN, PARTITIONED, UNKNOWN_PARTITION, rows_to_table, schema_of,
)
from communique.transforms.write_parquet import CODEC, SUFFIX, record_to_row, table_files

STAGING_PREFIX = ".tmp-"
MANIFEST = "_COMMIT.json"
AGGREGATE_FILE = "part-aggregate" + SUFFIX
AGGREGATES = ("actors", "issues")
# Commit order: articles last, so an article is in --out only once everything derived from it is.
COMMIT_ORDER = (ACTOR_MENTIONS, ISSUE_MENTIONS, "statements", "commitments", "errors", "actors", "issues",
                "articles")
log = logging.getLogger(__name__)


def staging_dir(out_dir: str, run_id: str) -> str:
    return os.path.join(out_dir, STAGING_PREFIX + run_id)


def staged_files(folder: str, table: str) -> List[str]:
    """Part files of ``table`` under a staging (or output) folder, Beam's own temp folders excluded."""
    return table_files(folder, table)


def read_files(files: List[str], schema: pa.Schema) -> pa.Table:
    if not files:
        return schema.empty_table()
    return pads.dataset(files, schema=schema, format="parquet").to_table()


def write_table(table: pa.Table, path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pq.write_table(table, path, compression=CODEC)


# ---------------------------------------------------------------------------------------------- aggregates

def rebuild_aggregates(mention_files: Dict[str, List[str]]) -> Dict[str, pa.Table]:
    """``actors`` and ``issues`` rebuilt from all mention files, exactly as BuildTables builds them."""
    actors: Dict[str, ActorAccumulator] = {}
    for batch in pads.dataset(mention_files[ACTOR_MENTIONS], schema=schema_of(ACTOR_MENTIONS),
                              format="parquet").to_batches() if mention_files[ACTOR_MENTIONS] else ():
        for row in batch.to_pylist():
            actors.setdefault(row["actor_id"], ActorAccumulator()).add(ActorMention(**row))
    issues: Dict[str, IssueAccumulator] = {}
    for batch in pads.dataset(mention_files[ISSUE_MENTIONS], schema=schema_of(ISSUE_MENTIONS),
                              format="parquet").to_batches() if mention_files[ISSUE_MENTIONS] else ():
        for row in batch.to_pylist():
            issues.setdefault(row["issue_id"], IssueAccumulator()).add(IssueMention(**row))
    return {
        "actors": rows_to_table([record_to_row(a.to_actor(), "actors") for _, a in sorted(actors.items())],
                                SCHEMAS["actors"]),
        "issues": rows_to_table([record_to_row(i.to_issue(), "issues") for _, i in sorted(issues.items())],
                                SCHEMAS["issues"]),
    }


def empty_file_path(table: str, run_id: str) -> str:
    """Where an empty table's placeholder file goes (relative): partitioned tables under ``unknown``."""
    name = f"part-{run_id}-empty{SUFFIX}"
    if table in PARTITIONED:
        return os.path.join(table, f"{PARTITION_COLUMN}={UNKNOWN_PARTITION}", name)
    return os.path.join(table, name)


# ---------------------------------------------------------------------------------------------- commit

def plan(out_dir: str, staging: str, run_id: str) -> List[Tuple[str, str]]:
    """Prepare the staging folder for commit; returns the moves (paths relative to staging and out)."""
    mention_files = {t: table_files(out_dir, t) + staged_files(staging, t) for t in (ACTOR_MENTIONS, ISSUE_MENTIONS)}
    for table, data in rebuild_aggregates(mention_files).items():
        for path in staged_files(staging, table):  # a standalone writer's per-run aggregates: superseded
            os.remove(path)
        write_table(data, os.path.join(staging, table, AGGREGATE_FILE))
    for table in TABLE_ORDER + (ACTOR_MENTIONS, ISSUE_MENTIONS):
        if not table_files(out_dir, table) and not staged_files(staging, table):
            write_table(schema_of(table).empty_table(), os.path.join(staging, empty_file_path(table, run_id)))
    moves = []
    for table in COMMIT_ORDER:
        for path in staged_files(staging, table):
            rel = os.path.relpath(path, staging)
            moves.append((rel, rel))
    return moves


def apply(out_dir: str, staging: str, manifest: dict) -> None:
    """Carry out a commit manifest (idempotent: moves already done are skipped), then delete the staging."""
    for src, dst in manifest["moves"]:
        source, target = os.path.join(staging, src), os.path.join(out_dir, dst)
        if os.path.exists(source):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)
    for rel in manifest.get("deletes", ()):  # files replaced by merged ones (compact)
        path = os.path.join(out_dir, rel)
        if os.path.exists(path):
            os.remove(path)
    for table in AGGREGATES:  # older layouts' aggregate files, replaced by part-aggregate.parquet
        for path in table_files(out_dir, table):
            if os.path.basename(path) != AGGREGATE_FILE:
                os.remove(path)
    shutil.rmtree(staging, ignore_errors=True)


def commit(out_dir: str, run_id: str) -> int:
    """Commit a finished run's staging folder into ``out_dir``; returns the number of files moved."""
    staging = staging_dir(out_dir, run_id)
    manifest = {"run_id": run_id, "moves": plan(out_dir, staging, run_id)}
    write_manifest(staging, manifest)
    apply(out_dir, staging, manifest)
    return len(manifest["moves"])


def write_manifest(staging: str, manifest: dict) -> None:
    """Write ``_COMMIT.json`` durably and atomically: from then on, the commit is decided."""
    pending = os.path.join(staging, MANIFEST + ".part")
    with open(pending, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(pending, os.path.join(staging, MANIFEST))


def recover(out_dir: str) -> Dict[str, int]:
    """Finish (manifest present) or delete (absent) the staging folders killed runs left in ``out_dir``."""
    done = {"rolled_forward": 0, "rolled_back": 0}
    for staging in sorted(glob.glob(os.path.join(glob.escape(out_dir), STAGING_PREFIX + "*"))):
        if not os.path.isdir(staging):
            continue
        manifest_path = os.path.join(staging, MANIFEST)
        if os.path.exists(manifest_path):
            with open(manifest_path, encoding="utf-8") as fh:
                apply(out_dir, staging, json.load(fh))
            done["rolled_forward"] += 1
        else:
            shutil.rmtree(staging)
            done["rolled_back"] += 1
    for temp in glob.glob(os.path.join(glob.escape(out_dir), ".temp*")):  # fileio's temp folders (watch)
        if os.path.isdir(temp):
            shutil.rmtree(temp)
    if any(done.values()):
        log.info("recovered interrupted runs in %s: %s", out_dir, done)
    return done


def existing_keys(out_dir: str) -> FrozenSet[str]:
    """The article ids and URL dedupe keys already in ``out_dir``'s articles (empty set when there are none)."""
    files = table_files(out_dir, "articles")
    if not files:
        return frozenset()
    data = pads.dataset(files, schema=SCHEMAS["articles"], format="parquet").to_table(columns=["article_id", "url"])
    keys = set(data.column("article_id").to_pylist())
    keys.update(dedupe_key(url) for url in data.column("url").to_pylist() if url)
    return frozenset(keys)
