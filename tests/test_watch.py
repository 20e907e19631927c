"""communique watch: PeriodicImpulse polls a local feed that gains items between polls; every new item is
fetched and written exactly once, into the batch layout."""
from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions

from communique.pipelines.batch import RunConfig
from communique.pipelines.streaming import WatchConfig, run_watch
from communique.transforms.write_parquet import read_table, table_files

PEOPLE = ["John Smith", "Maria Lopez", "Ahmed Khan", "Li Wei", "Anna Novak"]
TOPICS = ["the nuclear talks", "the grain corridor", "the border dispute", "the climate fund", "fishing quotas"]


def page(i: int) -> str:
    name, topic = PEOPLE[i], TOPICS[i]
    return (f"<html><head><title>Story {i}</title></head><body><article><p>Delegations from {i + 3} countries "
            f"met on {topic} this week. \"We will sign an agreement on {topic} by June,\" said {name}, the "
            f"foreign minister. Observers said progress on {topic} had been slow since {1990 + i}.</p>"
            "</article></body></html>")


def growing_feed(http_server, schedule):
    """A feed whose n-th request lists the first ``schedule[n]`` items (the last count after that)."""
    polls = []

    def feed(_request):
        n = schedule[min(len(polls), len(schedule) - 1)]
        polls.append(n)
        items = "".join(f"<item><title>Story {i}</title><link>{http_server.url(f'/s/{i}')}</link>"
                        f"<pubDate>Mon, 0{i + 1} Jan 2024 10:00:00 GMT</pubDate></item>" for i in range(n))
        return 200, {"Content-Type": "application/rss+xml"}, \
            f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>"

    http_server.routes["/feed.xml"] = feed
    for i in range(len(PEOPLE)):
        http_server.routes[f"/s/{i}"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page(i))
    return http_server.url("/feed.xml"), polls


def test_watch_picks_up_exactly_the_new_items(http_server, tmp_path):
    feed, polls = growing_feed(http_server, [2, 4, 5])
    config = RunConfig(out_dir=str(tmp_path), feeds=(feed,), fetch="always", robots=False,
                       allow_private_network=True)
    counters = run_watch(config, WatchConfig(interval=1.5, max_polls=3, window=3600),
                         PipelineOptions([], runner="FnApiRunner"))
    assert len(polls) >= 3, polls
    page_requests = sorted(path for path, _ in http_server.requests if path.startswith("/s/"))
    assert page_requests == [f"/s/{i}" for i in range(5)]          # each new item fetched once
    ids = read_table(str(tmp_path), "articles").column("article_id").to_pylist()
    assert len(ids) == len(set(ids)) == 5
    assert counters["new_entries"] == 5
    assert read_table(str(tmp_path), "statements").num_rows >= 5
    assert len(read_table(str(tmp_path), "actors")) > 0
    assert all("published_date=2024-01-0" in f for f in table_files(str(tmp_path), "articles"))
    assert not list(tmp_path.glob(".tmp-*"))
