"""The ``communique`` command: parse flags, pick a local runner, run the batch job, print a summary.

Flags Communique does not know are handed to Beam unchanged (``--runner``, ``--direct_num_workers``, ...).
Without ``--runner`` the job runs on ``FnApiRunner``, Beam's local runner that never reaches for the network
(``DirectRunner`` in Beam 2.77 first tries to download the Prism runner).
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import difflib
import logging
import os
import sys
from importlib import resources
from typing import Iterator, List, Optional, Sequence

DEFAULT_OUT = "./communique-out"
DEFAULT_RUNNER = "FnApiRunner"
FETCH_MODES = ("auto", "always", "never")
PROGRESS_MODES = ("auto", "always", "never")
LOCAL_RUNNERS = ("FnApiRunner", "DirectRunner", "BundleBasedDirectRunner", "SwitchingDirectRunner", "PrismRunner")


class UsageError(Exception):
    """A mistake in the user's arguments: reported in one line, exit status 2."""


def is_remote_path(path: str) -> bool:
    """A path for one of Beam's remote filesystems (``gs://bucket/out``, ``s3://...``), not a local folder."""
    from communique.pipelines.batch import is_remote

    return is_remote(path)


def sample_feed() -> str:
    """Path of the bundled sample feed (one item: the seed article, a US government work)."""
    return str(resources.files("communique.pipelines").joinpath("sample", "sample-feed.xml"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="communique",
        description="Who said what, about which issue, and what they committed to: news feeds to Parquet.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the batch job (with no input: the bundled sample)",
                         epilog="Other flags go to Apache Beam, e.g. --runner, --direct_num_workers.")
    add_run_arguments(run)
    run.add_argument("--progress", choices=PROGRESS_MODES, default="auto",
                     help="a live line of counts on stderr: auto (when stderr is a terminal; not with -v), "
                          "always, never")
    watch = sub.add_parser("watch", help="poll feeds on a schedule and add each new item once (streaming)",
                           epilog="Other flags go to Apache Beam, e.g. --runner.")
    add_run_arguments(watch)
    watch.add_argument("--interval", type=float, default=300.0, help="seconds between polls (default 300)")
    watch.add_argument("--max-polls", type=int, default=0, help="stop after N polls (default: never)")
    watch.add_argument("--window", type=float, default=3600.0,
                       help="seconds per output window: files are written when a window ends (default 3600)")
    watch.add_argument("--dedupe-horizon", type=float, default=7 * 24 * 3600.0,
                       help="seconds a seen item URL is remembered (default 7 days)")
    from communique.pipelines.evaluate import add_arguments as add_evaluate_arguments
    evaluate = sub.add_parser("evaluate", help="run on a gold file or a PolNeAR folder and score the output",
                              epilog="Other flags go to Apache Beam, e.g. --runner, --direct_num_workers.")
    add_evaluate_arguments(evaluate)
    from communique.pipelines.compact import add_arguments as add_compact_arguments
    compact = sub.add_parser("compact", help="merge small part files per table and partition; rebuild actors "
                                             "and issues (run it while nothing writes to --out)")
    add_compact_arguments(compact)
    from communique.pipelines.query import add_arguments as add_query_arguments
    query = sub.add_parser("query", help="run SQL on the tables of --out with DuckDB (no SQL: a shell)")
    add_query_arguments(query)
    from communique.pipelines.report import add_arguments as add_report_arguments
    report = sub.add_parser("report", help="write one self-contained HTML page of charts and tables from --out")
    add_report_arguments(report)
    from communique.pipelines.train_cues import add_arguments as add_train_arguments
    train = sub.add_parser("train-cues", help="fit the learned attribution-cue model on a PolNeAR folder "
                                              "(needs the train extra: scikit-learn)")
    add_train_arguments(train)
    return parser


def add_run_arguments(run: argparse.ArgumentParser) -> None:
    """The inputs and options shared by ``run`` and ``watch``."""
    run.add_argument("--feed", action="append", default=[], metavar="URL|PATH",
                     help="an RSS/Atom/RDF/JSON feed (repeatable)")
    run.add_argument("--feeds-file", action="append", default=[], metavar="FILE",
                     help="a file with one feed per line, or an OPML subscription list")
    run.add_argument("--sitemap", action="append", default=[], metavar="URL|PATH",
                     help="a sitemap, news sitemap or sitemap index (.xml or .xml.gz)")
    run.add_argument("--warc", action="append", default=[], metavar="PATH",
                     help="a .warc/.warc.gz file of captured pages (e.g. a news crawl); nothing is fetched")
    run.add_argument("--articles", action="append", default=[], metavar="PATH",
                     help="a directory of .html/.txt files, or a JSONL file of {url, title, published, text|html}")
    run.add_argument("--out", default=DEFAULT_OUT,
                     help=f"output folder (default {DEFAULT_OUT}); a rerun adds only articles not already there")
    run.add_argument("--fresh", action="store_true",
                     help="replace the tables found in --out instead of adding to them")
    run.add_argument("--fetch", choices=FETCH_MODES, default="auto",
                     help="fetch article pages: auto (unless the feed carries the full text), always, never")
    run.add_argument("--issues-file", action="append", default=[], metavar="TSV",
                     help="extra issue lexicon rows: label, PLOVER context, |-separated aliases")
    run.add_argument("--model", default=None, help="spaCy model package (default: the installed English model)")
    add_cue_model_argument(run)
    run.add_argument("--max-bytes", type=int, default=5_000_000, help="largest page or feed to read, in bytes")
    run.add_argument("--timeout", type=float, default=20.0,
                     help="total seconds allowed for one HTTP fetch, retries and redirects included")
    run.add_argument("--allow-private-network", action="store_true",
                     help="let links reach loopback and private addresses (intranets, tests); link-local and "
                          "cloud-metadata addresses stay refused")
    run.add_argument("--no-robots", dest="robots", action="store_false",
                     help="don't check robots.txt before fetching article pages")
    run.add_argument("--state", default=None, metavar="DIR",
                     help="folder keeping feeds' ETag/Last-Modified between runs (conditional GET)")
    run.add_argument("--contact", default=None, metavar="URL",
                     help="contact URL or e-mail put in the User-Agent, for site operators")
    run.add_argument("--selective", action="store_true",
                     help="parse only the sentences that can carry a statement or commitment (faster; actors "
                          "and issues named only elsewhere are not found)")
    run.add_argument("--processes", type=int, default=None, metavar="N",
                     help="spaCy analysis processes of a local run (default: one per core; 1 = in the runner's "
                          "own process). Remote runners and Beam's multi_processing mode use 1 per worker")
    run.add_argument("-v", "--verbose", action="store_true", help="show Beam's and the stages' logs")


def add_cue_model_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cue-model", default=None, metavar="TSV|none",
                        help="learned attribution-cue model: a file written by 'communique train-cues', or 'none' "
                             "for lexicon cues only (default: the shipped model)")


def read_cue_model(value: Optional[str]) -> Optional[str]:
    """``--cue-model`` as the run carries it (None, "none" or the model file's text), checked here so that a bad
    file stops the run before it starts; remote workers get the text and need no copy of the file."""
    if value is None or value == "none":
        return value
    from communique.transforms.learned_cues import read_spec

    try:
        return read_spec(value)
    except ValueError as exc:
        raise UsageError(f"--cue-model {value}: {exc}") from exc


def _check_inputs(args: argparse.Namespace) -> List[str]:
    from communique.transforms.feeds import is_url, read_feed_list

    feeds = list(args.feed)
    for path in args.feeds_file:
        if not os.path.isfile(path):
            raise UsageError(f"--feeds-file {path}: no such file")
        try:
            feeds.extend(read_feed_list(path))
        except (OSError, ValueError) as exc:
            raise UsageError(f"--feeds-file {path}: {exc}") from exc
    for feed in feeds:
        if not is_url(feed) and not os.path.exists(feed):
            raise UsageError(f"--feed {feed}: not an http(s) URL and no such file")
    for flag, paths in (("--articles", args.articles), ("--warc", args.warc)):
        for path in paths:
            if not os.path.exists(path):
                raise UsageError(f"{flag} {path}: no such file or directory")
    for sitemap in args.sitemap:
        if not is_url(sitemap) and not os.path.exists(sitemap):
            raise UsageError(f"--sitemap {sitemap}: not an http(s) URL and no such file")
    if args.max_bytes <= 0 or args.timeout <= 0:
        raise UsageError("--max-bytes and --timeout must be positive")
    if args.contact is not None and (not args.contact.strip() or any(c in args.contact for c in "\r\n()")):
        raise UsageError(f"--contact {args.contact!r}: give a URL or an e-mail address")
    return feeds


def _check_state(path: Optional[str]) -> Optional[str]:
    from communique.transforms.fetch_state import check_state_dir

    if path is None:
        return None
    try:
        return check_state_dir(path)
    except OSError as exc:
        raise UsageError(f"--state {path}: cannot write there ({exc.strerror or exc})") from exc


def _beam_parser() -> argparse.ArgumentParser:
    """Beam's own parser of every registered pipeline option (public hook: ``add_extra_args_fn``)."""
    from apache_beam.options.pipeline_options import PipelineOptions

    parsers: List[argparse.ArgumentParser] = []
    PipelineOptions([]).get_all_options(add_extra_args_fn=parsers.append)
    return parsers[0]


def _option_strings(parser: argparse.ArgumentParser) -> List[str]:
    found = []
    for action in parser._actions:  # argparse has no public listing of its options
        found.extend(action.option_strings)
        for sub in getattr(action, "choices", None) or {}:
            if isinstance(action.choices, dict):
                found.extend(_option_strings(action.choices[sub]))
    return found


def check_beam_args(beam_args: Sequence[str], own_parser: argparse.ArgumentParser) -> None:
    """Refuse arguments that neither Communique nor Beam understands, suggesting the closest option."""
    beam_parser = _beam_parser()
    _, unknown = beam_parser.parse_known_args(list(beam_args))
    if not unknown:
        return
    arg = unknown[0]
    if not arg.startswith("-"):
        raise UsageError(f"unexpected argument {arg!r}")
    known = _option_strings(own_parser) + _option_strings(beam_parser)
    hint = difflib.get_close_matches(arg.split("=", 1)[0], known, n=1)
    raise UsageError(f"unknown option {arg!r}" + (f" (did you mean {hint[0]}?)" if hint else ""))


def beam_options(beam_args: Sequence[str]):
    from apache_beam.options.pipeline_options import PipelineOptions

    args = list(beam_args)
    if not any(a == "--runner" or a.startswith("--runner=") for a in args):
        args.append(f"--runner={DEFAULT_RUNNER}")
    return PipelineOptions(args)


def is_local_runner(options) -> bool:
    """Whether the job runs on this machine (workers share its filesystem): the runner name decides."""
    from apache_beam.options.pipeline_options import StandardOptions

    runner = options.view_as(StandardOptions).runner or DEFAULT_RUNNER
    name = (runner if isinstance(runner, str) else type(runner).__name__).rsplit(".", 1)[-1].lower()
    local = {r.lower() for r in LOCAL_RUNNERS}
    return name in local or name + "runner" in local  # Beam also takes "direct" for DirectRunner


def analysis_processes(requested: Optional[int], options) -> int:
    """How many spaCy processes a worker runs: ``--processes``, else one per core on an in-process local run.
    Remote runners and Beam's own multi-process mode already put one worker on each core."""
    if requested is not None:
        if requested < 1:
            raise UsageError(f"--processes must be at least 1, got {requested}")
        return requested
    return (os.cpu_count() or 1) if runs_in_process(options) else 1


def runs_in_process(options) -> bool:
    """Whether the job's DoFns run in this very process: a local runner without Beam's own worker processes."""
    from apache_beam.options.pipeline_options import DirectOptions

    direct = options.view_as(DirectOptions)
    return is_local_runner(options) and direct.direct_running_mode != "multi_processing" and \
        (direct.direct_num_workers or 1) <= 1


@contextlib.contextmanager
def early_analysis_pool(options, model: Optional[str], issues_files: Sequence[str], selective: bool,
                        processes: int, cue_model: Optional[str] = None) -> Iterator[None]:
    """Start the spaCy analysis processes of an in-process local run now: they load their models while the CLI
    imports, builds and starts the pipeline, and the analysis step takes the pool over
    (:func:`~communique.transforms.analysis_worker.prestart`). One left unused is shut down at the end."""
    from communique.transforms import analysis_worker

    if processes > 1 and runs_in_process(options):
        analysis_worker.prestart(analysis_worker.PoolSettings(
            model, tuple(issues_files), analysis_worker.DEFAULT_MAX_CHARS, selective, processes, cue_model))
    try:
        yield
    finally:
        analysis_worker.release_unclaimed()


def cmd_run(args: argparse.Namespace, beam_args: Sequence[str]) -> int:
    from communique.transforms.write_parquet import OutDirError, prepare_out_dir

    feeds = _check_inputs(args)
    state_dir = _check_state(args.state)
    if not feeds and not args.articles and not args.sitemap and not args.warc:
        feeds = [sample_feed()]
        print(f"No input given: running on the bundled sample ({sample_feed()})")
    remote_out = is_remote_path(args.out)
    out = args.out if remote_out else os.path.abspath(args.out)
    try:
        if not remote_out:  # gs://, s3://, ...: Beam's filesystems write there; nothing to prepare locally
            prepare_out_dir(out, fresh=args.fresh)
    except (OutDirError, OSError) as exc:
        raise UsageError(f"--out {args.out}: cannot write there ({exc})") from exc
    options = beam_options(beam_args)
    processes = analysis_processes(args.processes, options)
    cue_model = read_cue_model(args.cue_model)
    with early_analysis_pool(options, args.model, args.issues_file, args.selective, processes, cue_model):
        from communique.pipelines.batch import RunConfig, run   # (imports every stage: ~1 s)
        from communique.pipelines.progress_display import live_progress
        from communique.pipelines.summary import print_summary

        config = RunConfig(out_dir=out, feeds=tuple(feeds), sitemaps=tuple(args.sitemap),
                           articles=tuple(args.articles) + tuple(args.warc), fetch=args.fetch,
                           issues_files=tuple(args.issues_file), model=args.model, max_bytes=args.max_bytes,
                           timeout=args.timeout, allow_private_network=args.allow_private_network,
                           robots=args.robots, state_dir=state_dir, contact=args.contact,
                           analysis_processes=processes, selective=args.selective, cue_model=cue_model)
        progress = args.progress if is_local_runner(options) and not (args.verbose and args.progress == "auto") \
            else "never"  # a remote runner's workers can't reach the progress folder; -v logs would garble it
        with live_progress(progress) as progress_dir:
            counters = run(dataclasses.replace(config, progress_dir=progress_dir), options)
    if remote_out:
        print(f"Communique run finished; output: {out}")
        return 0
    print_summary(out)
    if counters.get("articles_skipped"):
        print(f"  articles already in --out, skipped (not fetched): {counters['articles_skipped']:,}")
    if state_dir:
        print(f"  feeds unchanged since the last run (HTTP 304): {counters.get('feeds_unchanged', 0)}")
    return 0


def cmd_watch(args: argparse.Namespace, beam_args: Sequence[str]) -> int:
    """Poll the feeds every --interval seconds (``pipelines/streaming.py``); then print the summary."""
    from communique.pipelines.batch import RunConfig
    from communique.pipelines.streaming import WatchConfig, run_watch
    from communique.pipelines.summary import print_summary
    from communique.transforms.write_parquet import OutDirError, prepare_out_dir

    feeds = _check_inputs(args)
    if args.sitemap or args.articles or args.warc or args.state:
        raise UsageError("watch reads feeds only (--feed, --feeds-file); --sitemap, --articles, --warc and "
                         "--state are for run")
    if not feeds:
        raise UsageError("watch needs at least one --feed or --feeds-file")
    if args.interval <= 0 or args.window <= 0 or args.dedupe_horizon <= 0 or args.max_polls < 0:
        raise UsageError("--interval, --window and --dedupe-horizon must be positive, --max-polls >= 0")
    runner = next((a.split("=", 1)[1] for a in beam_args if a.startswith("--runner=")), None)
    if "--runner" in beam_args:
        runner = list(beam_args)[list(beam_args).index("--runner") + 1:][:1] or [None]
        runner = runner[0]
    if not args.max_polls and (runner or DEFAULT_RUNNER) in LOCAL_RUNNERS:
        raise UsageError("give --max-polls N: Beam's local runner writes nothing until the polls stop "
                         "(an endless watch needs a streaming runner such as Dataflow or Flink)")
    out = os.path.abspath(args.out)
    try:
        prepare_out_dir(out, fresh=args.fresh)
    except (OutDirError, OSError) as exc:
        raise UsageError(f"--out {args.out}: cannot write there ({exc})") from exc
    config = RunConfig(out_dir=out, feeds=tuple(feeds), fetch=args.fetch, issues_files=tuple(args.issues_file),
                       model=args.model, max_bytes=args.max_bytes, timeout=args.timeout,
                       allow_private_network=args.allow_private_network, robots=args.robots, contact=args.contact,
                       cue_model=read_cue_model(args.cue_model))
    options = beam_options(beam_args)
    config = dataclasses.replace(config, analysis_processes=analysis_processes(args.processes, options),
                                 selective=args.selective)
    watch = WatchConfig(interval=args.interval, max_polls=args.max_polls, window=args.window,
                        dedupe_horizon=args.dedupe_horizon)
    counters = run_watch(config, watch, options)
    print_summary(out)
    print(f"  new items picked up: {counters['new_entries']:,}; already in --out: {counters['articles_skipped']:,}")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    args, beam_args = parser.parse_known_args(argv)
    verbose = getattr(args, "verbose", False)
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        check_beam_args(beam_args, parser)
        if args.command == "run":
            return cmd_run(args, beam_args)
        if args.command == "evaluate":
            from communique.pipelines.evaluate import cmd_evaluate
            return cmd_evaluate(args, beam_args)
        if args.command == "watch":
            return cmd_watch(args, beam_args)
        if args.command == "compact":
            from communique.pipelines.compact import cmd_compact
            return cmd_compact(args)
        if args.command == "query":
            from communique.pipelines.query import cmd_query
            return cmd_query(args)
        if args.command == "report":
            from communique.pipelines.report import cmd_report
            return cmd_report(args)
        if args.command == "train-cues":
            from communique.pipelines.train_cues import TrainError, cmd_train_cues
            try:
                return cmd_train_cues(args)
            except TrainError as exc:
                raise UsageError(str(exc)) from exc
    except UsageError as exc:
        print(f"communique: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    # run through the package module, so that the UsageError the subcommand modules raise is this one
    from communique.pipelines.cli import main as package_main

    sys.exit(package_main())
