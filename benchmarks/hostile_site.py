"""Benchmark (not a test): one `communique run` over the hostile local site, with the default timeouts.

    python benchmarks/hostile_site.py [--timeout SECONDS]

Serves tests/hostile_site.py (a two-minute stall, a drip, an endless body, a 1 GiB gzip bomb, a redirect loop,
429/503 answers, a PDF, HTML as a feed, a truncated feed, links to 169.254.169.254 ...) on 127.0.0.1, runs the
CLI in a child process with --allow-private-network, checks that every link is an article or a typed error,
and prints the wall time and the child's peak RSS (resource.getrusage(RUSAGE_CHILDREN)). Target: well under
2.5 minutes and 2 GB.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

import hostile_site  # noqa: E402  (tests/ is put on the path above)
from http_server import LocalHTTPServer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=None, help="--timeout for the run (default: the CLI's)")
    args = parser.parse_args()
    server = LocalHTTPServer().start()
    try:
        feeds = hostile_site.install(server)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            cmd = [sys.executable, "-m", "communique.pipelines.cli", "run", "--out", str(out),
                   "--allow-private-network"]
            if args.timeout is not None:
                cmd += ["--timeout", str(args.timeout)]
            for feed in feeds:
                cmd += ["--feed", feed]
            started = time.monotonic()
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
            wall = time.monotonic() - started
            peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
            articles = {r[0] for r in duckdb.sql(f"SELECT url FROM read_parquet('{out}/articles/**/*.parquet')").fetchall()}
            errors = {r[0]: r[1] for r in duckdb.sql(
                f"SELECT input, error_type FROM read_parquet('{out}/errors/**/*.parquet') "
                f"WHERE stage = 'FetchArticles'").fetchall()}
        expected = hostile_site.expected_links(server.base_url)
        got = {url: "article" if url in articles else errors.get(url, "missing") for url in expected}
        wrong = {url: (got[url], want) for url, want in expected.items() if got[url] != want}
    finally:
        server.stop()
    print(f"links: {len(expected)}, accounted for as expected: {len(expected) - len(wrong)}")
    for url, (seen, want) in wrong.items():
        print(f"  {url}: {seen}, expected {want}")
    print(f"wall time: {wall:.1f} s (limit 150 s)")
    print(f"peak RSS of the run: {peak_kib / 1024:.0f} MB (limit 2048 MB)")
    return 0 if not wrong and wall < 150 and peak_kib < 2 * 1024 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
