"""Conditional GET for feeds: ETag / Last-Modified kept between runs in ``--state DIR``.

Layout of the state folder:

* ``feeds.json``: ``{feed_url: {"etag": ..., "last_modified": ...}}``, the validators of the last run that
  finished. Read by the feed fetchers when they start.
* ``pending/<run_id>/<sha1(url)>.json``: validators seen by a run in progress, one small file per feed, so
  workers never write the same file. :func:`commit` merges them into ``feeds.json`` (atomically: write, then
  rename) once the run has finished, so a failed run leaves the previous state in force; pending files of
  other (crashed) runs are removed.

A feed that answers 304 Not Modified keeps its validators and emits nothing (it is counted, not an error).
Pure file logic: no Beam here.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Dict, Mapping, Optional

STATE_FILE = "feeds.json"
PENDING = "pending"


@dataclasses.dataclass(frozen=True)
class Validators:
    etag: Optional[str] = None
    last_modified: Optional[str] = None

    def headers(self) -> Dict[str, str]:
        """The conditional request headers these validators give."""
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


def validators_of(headers: Mapping[str, str]) -> Optional[Validators]:
    """ETag / Last-Modified of a response (lower-cased header names); None when it has neither."""
    etag, modified = headers.get("etag"), headers.get("last-modified")
    return Validators(etag, modified) if etag or modified else None


def check_state_dir(path: str) -> str:
    """The absolute state folder, created if missing; OSError when it can't be written."""
    folder = Path(path).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
        pass
    return str(folder)


def load(state_dir: str) -> Dict[str, Validators]:
    """The committed validators per feed URL; empty when there is no (readable) state yet."""
    try:
        raw = json.loads((Path(state_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {url: Validators(v.get("etag"), v.get("last_modified")) for url, v in raw.items()
            if isinstance(v, dict)}


def write_pending(state_dir: str, run_id: str, url: str, validators: Optional[Validators]) -> None:
    """Record what this run saw for one feed (None: the feed no longer sends validators)."""
    folder = Path(state_dir) / PENDING / run_id
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(url.encode("utf-8")).hexdigest() + ".json"
    record = {"url": url, **(dataclasses.asdict(validators) if validators else {"etag": None, "last_modified": None})}
    tmp = folder / (name + ".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, folder / name)


def commit(state_dir: str, run_id: str) -> int:
    """Merge this run's pending validators into feeds.json; returns how many feeds were updated."""
    state = load(state_dir)
    pending_root = Path(state_dir) / PENDING
    updated = 0
    for path in sorted((pending_root / run_id).glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        validators = Validators(record.get("etag"), record.get("last_modified"))
        if validators.etag or validators.last_modified:
            state[record["url"]] = validators
        else:
            state.pop(record["url"], None)
        updated += 1
    data = {url: dataclasses.asdict(v) for url, v in sorted(state.items())}
    tmp = Path(state_dir) / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, Path(state_dir) / STATE_FILE)
    shutil.rmtree(pending_root, ignore_errors=True)
    return updated
