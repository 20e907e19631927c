"""Entry point of the Dataflow Flex Template (``deploy/dataflow``): submit the batch job and return.

``python -m communique.pipelines.flex_launcher [communique run flags] [Beam flags]`` takes the flags of
``communique run`` and Beam's own, like the CLI, but

* it does **not** wait for the job: the Flex Template launcher must return once the job is submitted, so this
  module calls ``Pipeline.run()`` and never ``wait_until_finish()`` (``communique run`` waits, then commits
  and prints the summary);
* without ``--runner`` it uses ``DataflowRunner`` (the CLI's default is the local ``FnApiRunner``);
* ``--out`` is normally a ``gs://`` path: nothing is prepared locally;
* Communique's dashed flags may be spelt with underscores (``--max_bytes``), as template parameters are;
* ``--state`` is refused (it is a local folder kept between runs).
"""
from __future__ import annotations

import logging
import os
import sys
import uuid
from typing import List, Optional, Sequence

DEFAULT_RUNNER = "DataflowRunner"


def _with_runner(beam_args: Sequence[str]) -> List[str]:
    args = list(beam_args)
    if not any(a == "--runner" or a.startswith("--runner=") for a in args):
        args.append(f"--runner={DEFAULT_RUNNER}")
    return args


def normalise_flags(argv: Sequence[str], own_flags: Sequence[str]) -> List[str]:
    """``--max_bytes=5`` -> ``--max-bytes=5`` for Communique's own dashed flags.

    Template parameters, Airflow's ``pipeline_options`` and Cloud Scheduler bodies name options with
    underscores (as Beam's own are); Beam's flags pass through unchanged.
    """
    dashed = {"--" + flag[2:].replace("-", "_"): flag for flag in own_flags
              if flag.startswith("--") and "-" in flag[2:]}
    out = []
    for arg in argv:
        name, sep, value = arg.partition("=")
        out.append(dashed[name] + sep + value if name in dashed else arg)
    return out


def launch(argv: Optional[Sequence[str]] = None):
    """Build the batch graph from CLI-style flags and submit it; returns the PipelineResult without waiting."""
    import apache_beam as beam

    from communique.pipelines import cli
    from communique.pipelines.batch import RunConfig, build_graph

    parser = cli._parser()
    argv = normalise_flags(sys.argv[1:] if argv is None else argv, cli._option_strings(parser))
    args, beam_args = parser.parse_known_args(["run", *argv])
    cli.check_beam_args(beam_args, parser)
    if args.state:
        raise cli.UsageError("--state keeps feed state in a local folder between runs; not for remote jobs")
    feeds = cli._check_inputs(args)
    if not feeds and not args.articles and not args.sitemap and not args.warc:
        feeds = [cli.sample_feed()]
    out = args.out if cli.is_remote_path(args.out) else os.path.abspath(args.out)
    config = RunConfig(out_dir=out, feeds=tuple(feeds), sitemaps=tuple(args.sitemap),
                       articles=tuple(args.articles) + tuple(args.warc), fetch=args.fetch,
                       issues_files=tuple(args.issues_file),
                       model=args.model, max_bytes=args.max_bytes, timeout=args.timeout,
                       allow_private_network=args.allow_private_network, robots=args.robots,
                       state_dir=None, contact=args.contact, cue_model=cli.read_cue_model(args.cue_model))
    p = beam.Pipeline(options=cli.beam_options(_with_runner(beam_args)))
    # as batch.run does for a remote --out: files written in place with this run's actors/issues aggregates;
    # no staging folder and no commit step (that would need waiting for the job)
    build_graph(p, config, run_id=uuid.uuid4().hex, aggregates=True)
    return p.run()  # no wait_until_finish(): the Flex Template launcher returns once the job is submitted


def main(argv: Optional[Sequence[str]] = None) -> int:
    from communique.pipelines.cli import UsageError

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        result = launch(argv)
    except UsageError as exc:
        print(f"communique flex launcher: error: {exc}", file=sys.stderr)
        return 2
    logging.getLogger(__name__).info("job submitted: %s", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
