"""WARC input: HTML captures become FeedEntry records with the page's HTML; other records are skipped; bad
records and broken files are error rows; FetchArticles extracts them without any network."""
from __future__ import annotations

import datetime as dt
import gzip
import io

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamPipeline
from apache_beam.testing.util import assert_that, equal_to
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.schemas import Error, FeedEntry
from communique.transforms.fetch_articles import FetchArticles
from communique.transforms.local_articles import read_local_articles, read_source
from communique.transforms.warc import read_warc

UTC = dt.timezone.utc
BODY = ("<p>Foreign ministers met in Moscow on Friday and agreed to continue their talks on missile defence "
        "next spring, officials said.</p><p>Both sides said the meeting had been useful and constructive.</p>")
DATED = ('<html><head><title>Talks</title><meta property="article:published_time" content="2024-04-30T08:00:00Z">'
         f'</head><body><article>{BODY}</article></body></html>')
UNDATED = f"<html><head><title>Caf\u00e9 talks</title></head><body><article>{BODY}</article></body></html>"


def _response(writer, url, body, *, status="200 OK", ctype="text/html; charset=utf-8",
              date="2024-05-01T12:00:00Z", rec_type="response"):
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1") if rec_type == "response" else None
    record = writer.create_warc_record(url, rec_type, payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def _write_warc(path, gzipped=True):
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gzipped)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        _response(w, "https://news.example.org/dated", DATED.encode())
        w.write_record(w.create_warc_record("https://news.example.org/dated", "request",
                                            payload=io.BytesIO(b"GET /dated HTTP/1.1\r\n\r\n")))
        _response(w, "https://news.example.org/undated", UNDATED.encode("windows-1252"),
                  ctype="text/html; charset=windows-1252")
        _response(w, "https://news.example.org/logo.png", b"\x89PNG....", ctype="image/png")
        _response(w, "https://news.example.org/gone", b"<p>not found</p>", status="404 Not Found")
        _response(w, "https://news.example.org/moved", b"", status="301 Moved Permanently")
        _response(w, "ftp://news.example.org/odd", b"<p>x</p>")  # not HTTP: skipped
        _response(w, "http:///no-host", b"<p>x</p>")
        _response(w, "https://news.example.org/empty", b"  ")
    return path


def test_html_captures_become_entries(tmp_path):
    items = list(read_warc(_write_warc(tmp_path / "crawl.warc.gz")))
    entries = [i for i in items if isinstance(i, FeedEntry)]
    errors = [(e.stage, e.error_type, e.input) for e in items if isinstance(e, Error)]
    assert [e.url for e in entries] == ["https://news.example.org/dated", "https://news.example.org/undated"]
    assert entries[0].html == DATED and entries[0].feed_url is None and entries[0].text is None
    assert entries[0].published_at == dt.datetime(2024, 4, 30, tzinfo=UTC)   # the page's own date
    assert entries[1].published_at == dt.datetime(2024, 5, 1, 12, tzinfo=UTC)  # capture time as fallback
    assert "Caf\u00e9" in entries[1].html                                     # HTTP charset honoured
    assert errors[0][:2] == ("ReadWarc", "bad_record") and errors[0][2].startswith(str(tmp_path / "crawl.warc.gz"))
    assert errors[1] == ("ReadWarc", "bad_record", "https://news.example.org/empty")
    assert len(errors) == 2


def test_uncompressed_warc_and_dispatch(tmp_path):
    _write_warc(tmp_path / "plain.warc", gzipped=False)
    (tmp_path / "page.html").write_text(UNDATED, encoding="utf-8")
    from_dir = [i.url for i in read_local_articles(tmp_path) if isinstance(i, FeedEntry)]
    assert from_dir == [(tmp_path / "page.html").as_uri(), "https://news.example.org/dated",
                        "https://news.example.org/undated"]
    assert len([i for i in read_source(str(tmp_path / "plain.warc")) if isinstance(i, FeedEntry)]) == 2
    assert len([i for i in read_source((tmp_path / "plain.warc").as_uri()) if isinstance(i, FeedEntry)]) == 2


def test_truncated_and_garbage_files_are_error_rows(tmp_path):
    plain = _write_warc(tmp_path / "good.warc", gzipped=False).read_bytes()
    (tmp_path / "cut.warc").write_bytes(plain[: plain.index(b"Caf") + 40])  # inside the second page's body
    items = list(read_warc(tmp_path / "cut.warc"))
    assert [i.url for i in items[:-1]] == ["https://news.example.org/dated"]  # what came before the cut is kept
    assert isinstance(items[-1], Error) and items[-1].error_type == "bad_warc"
    for cut in range(300, len(plain), 37):  # wherever the cut, no exception escapes
        (tmp_path / "cut.warc").write_bytes(plain[:cut])
        assert all(isinstance(i, (FeedEntry, Error)) for i in read_warc(tmp_path / "cut.warc"))
    zipped = _write_warc(tmp_path / "good.warc.gz").read_bytes()
    for cut in range(200, len(zipped), 41):
        (tmp_path / "cut.warc.gz").write_bytes(zipped[:cut])
        assert all(isinstance(i, (FeedEntry, Error)) for i in read_warc(tmp_path / "cut.warc.gz"))

    (tmp_path / "junk.warc.gz").write_bytes(gzip.compress(b"this is not a warc file at all\r\n\r\n"))
    assert [(e.stage, e.error_type) for e in read_warc(tmp_path / "junk.warc.gz")] == [("ReadWarc", "bad_warc")]
    (tmp_path / "page.warc").write_bytes(b"<html>" + b"<p>hello</p>" * 100)
    assert [(e.stage, e.error_type) for e in read_warc(tmp_path / "page.warc")] == [("ReadWarc", "bad_warc")]
    assert [e.error_type for e in read_warc(tmp_path / "missing.warc")] == ["bad_input"]


def test_fetch_articles_extracts_warc_pages_without_network(tmp_path):
    entries = [i for i in read_warc(_write_warc(tmp_path / "crawl.warc.gz")) if isinstance(i, FeedEntry)]
    with BeamPipeline(options=PipelineOptions(["--runner=FnApiRunner"])) as p:
        out = p | beam.Create(entries) | FetchArticles(fetch="always")  # "always": would fetch if it could
        assert_that(out["articles"] | beam.Map(lambda a: (a.url, a.text_source, "missile defence" in a.text,
                                                         a.published_at.date().isoformat())),
                    equal_to([("https://news.example.org/dated", "file", True, "2024-04-30"),
                              ("https://news.example.org/undated", "file", True, "2024-05-01")]), label="articles")
        assert_that(out["errors"], equal_to([]), label="errors")
