"""read_local_articles: folders, single files and JSONL, with text kept byte-for-byte."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from communique.schemas import Error, FeedEntry
from communique.transforms.local_articles import BadDate, parse_published, read_local_articles

UTC = dt.timezone.utc
TEXT = "MOSCOW, Oct. 12 \u2013 First line.\r\n\r\nSecond  paragraph\twith odd   spacing.\n"


def _errors(items):
    return [(e.error_type, e.input, e.message) for e in items if isinstance(e, Error)]


def test_folder_sorted_text_unchanged_html_kept(tmp_path):
    (tmp_path / "b.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "a.html").write_text("<html><body><p>Hi</p></body></html>", encoding="utf-8")
    (tmp_path / "c.HTM").write_bytes("<p>caf\xe9</p>".encode("latin-1"))
    (tmp_path / "d.html").write_bytes('<meta charset="koi8-r"><p>Мир</p>'.encode("koi8-r"))
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(read_local_articles(tmp_path))
    assert items == [
        FeedEntry(url=(tmp_path / "a.html").as_uri(), html="<html><body><p>Hi</p></body></html>"),
        FeedEntry(url=(tmp_path / "b.txt").as_uri(), text=TEXT),
        FeedEntry(url=(tmp_path / "c.HTM").as_uri(), html="<p>café</p>"),
        FeedEntry(url=(tmp_path / "d.html").as_uri(), html='<meta charset="koi8-r"><p>Мир</p>'),
    ]
    assert "\r\n" in items[1].text  # newline='': offsets match the user's copy


def test_single_txt_file_relative_path(tmp_path, monkeypatch):
    (tmp_path / "one.txt").write_text("Just one.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert list(read_local_articles("one.txt")) == [FeedEntry(url=(tmp_path / "one.txt").as_uri(), text="Just one.")]


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: p / "missing", "no such file or folder"),
        (lambda p: p, "no .txt, .html, .htm, .warc or .warc.gz files in the folder"),
        (lambda p: (p / "x.pdf").write_bytes(b"%PDF") and p / "x.pdf",
         "unsupported file type .pdf: use .txt, .html, .htm, .jsonl, .warc or .warc.gz"),
    ],
    ids=["missing", "empty-folder", "pdf"],
)
def test_bad_paths(tmp_path, setup, message):
    path = setup(tmp_path)
    assert _errors(read_local_articles(path)) == [("bad_input", str(path), message)]


def test_txt_not_utf8_is_an_error(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9")
    [error] = read_local_articles(tmp_path / "bad.txt")
    assert (error.stage, error.error_type) == ("ReadArticles", "bad_input")
    assert error.message.startswith("not UTF-8 text")


def test_jsonl(tmp_path):
    lines = [
        json.dumps({"url": "https://a.example/1", "title": "One", "published": "2007-10-12T10:00:00+03:00",
                    "text": TEXT, "author": "A. Writer"}),
        "{not json",
        json.dumps({"url": "https://a.example/2", "title": "Two", "published": "2007-10-12", "html": "<p>x</p>"}),
        "",
        json.dumps({"title": "no url", "text": "t"}),
        json.dumps(["a", "list"]),
        json.dumps({"url": "https://a.example/3", "text": "  "}),
        json.dumps({"link": "https://a.example/4", "published": "Sat, 22 May 2021 12:00:47 +0000",
                    "content_html": "<p>feed</p>"}),
        json.dumps({"url": "https://a.example/5", "published": "not a date", "text": "t"}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_local_articles(path))
    assert [i for i in items if isinstance(i, FeedEntry)] == [
        FeedEntry(url="https://a.example/1", title="One", author="A. Writer",
                  published_at=dt.datetime(2007, 10, 12, 7, 0, tzinfo=UTC), text=TEXT),
        FeedEntry(url="https://a.example/2", title="Two", published_at=dt.datetime(2007, 10, 12, tzinfo=UTC),
                  html="<p>x</p>"),
        FeedEntry(url="https://a.example/4", published_at=dt.datetime(2021, 5, 22, 12, 0, 47, tzinfo=UTC),
                  content_html="<p>feed</p>"),
        FeedEntry(url="https://a.example/5", text="t"),
    ]
    errors = [(e.error_type, e.input) for e in items if isinstance(e, Error)]
    assert errors == [
        ("bad_input", f"{path}:2"), ("bad_input", f"{path}:5"), ("bad_input", f"{path}:6"),
        ("bad_input", f"{path}:7"), ("bad_date", f"{path}:9"),
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2007-10-12", dt.datetime(2007, 10, 12, tzinfo=UTC)),
        ("2007-10-12T10:00:00Z", dt.datetime(2007, 10, 12, 10, tzinfo=UTC)),
        ("2007-10-12 10:00:00", dt.datetime(2007, 10, 12, 10, tzinfo=UTC)),
        ("Fri, 12 Oct 2007 14:30:00 +0300", dt.datetime(2007, 10, 12, 11, 30, tzinfo=UTC)),
        ("October 12, 2007", dt.datetime(2007, 10, 12, tzinfo=UTC)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["not a date", 20071012])
def test_parse_published_bad(value):
    with pytest.raises(BadDate):
        parse_published(value)
