"""Text extraction: feed fragments with lxml, pages with trafilatura (synthetic and shared corpus), language id."""
from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from conftest import shared_path
from communique.transforms.errors import StageError
from communique.transforms.text_extraction import detect_language, extract_page, html_fragment_to_text

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    "html, text",
    [
        ("<p>One &amp; two</p><p>Three   four\n five</p>", "One & two\n\nThree four five"),
        ("Lead text<br>after break<br/><br/>again", "Lead text\n\nafter break\n\nagain"),
        ("<div>a<div>nested</div>tail</div>", "a\n\nnested\n\ntail"),
        ("<ul><li>first</li><li>second <b>bold</b></li></ul>", "first\n\nsecond bold"),
        ("<h2>Head</h2><blockquote>Quoted</blockquote>", "Head\n\nQuoted"),
        ("<p>Keep</p><script>var x = '<p>no</p>';</script><style>p{}</style><!-- c --><p>this</p>", "Keep\n\nthis"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a b"),
        ("&eacute;t&eacute; &#8211; &quot;q&quot;", "été – \"q\""),
        ("plain text only", "plain text only"),
        ("<p>in<i>line</i> <a href='x'>link</a>.</p>", "inline link."),
        ("", ""),
        ("   ", ""),
        ("<!-- only a comment -->", ""),
        (None, ""),
    ],
)
def test_html_fragment_to_text(html, text):
    assert html_fragment_to_text(html) == text


PAGE = """<!DOCTYPE html><html lang="en"><head><title>Leaders Agree to Meet Again | Example News</title>
<meta property="og:title" content="Leaders Agree to Meet Again">
<meta name="author" content="Linda D. Kozaryn">
<meta property="article:published_time" content="2007-10-12T09:00:00Z">
<meta property="og:site_name" content="Example News"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Leaders Agree to Meet Again</h1>
<p>MOSCOW, Oct. 12, 2007 &#8211; The United States and Russia agreed today to meet again in six months to
discuss missile defense, the secretary of defense said.</p>
<p>&ldquo;We will continue our dialogue,&rdquo; he told reporters after two days of talks with his Russian
counterpart, describing the discussions as frank and useful for both sides.</p>
<p>The ministers also agreed to set up expert groups that will report back before the next meeting.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def test_extract_page_synthetic():
    page = extract_page(PAGE, "https://news.example.org/a")
    assert page.text.split("\n\n") == [
        "Leaders Agree to Meet Again",
        "MOSCOW, Oct. 12, 2007 – The United States and Russia agreed today to meet again in six months to "
        "discuss missile defense, the secretary of defense said.",
        "“We will continue our dialogue,” he told reporters after two days of talks with his Russian "
        "counterpart, describing the discussions as frank and useful for both sides.",
        "The ministers also agreed to set up expert groups that will report back before the next meeting.",
    ]
    # trafilatura normalises author names (drops the initial's period).
    assert (page.title, page.author, page.published_at, page.sitename) == (
        "Leaders Agree to Meet Again", "Linda D Kozaryn", dt.datetime(2007, 10, 12, tzinfo=UTC), "Example News",
    )
    assert extract_page(PAGE.encode("utf-8"), None).text == page.text


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html><body></body></html>", "<html><body><script>var a = 1;</script><nav>Home</nav></body></html>"],
)
def test_extract_page_no_text(html):
    with pytest.raises(StageError) as caught:
        extract_page(html, "https://x.example/")
    assert caught.value.error_type == "no_text"


def _kremlin_rows(n):
    root = shared_path("corpus", "html", "kremlin_ru_en_news")
    with open(root / "INDEX.csv", newline="", encoding="utf-8") as f:
        return root, list(csv.DictReader(f))[:n]


def test_kremlin_pages_against_silver_text():
    root, rows = _kremlin_rows(10)
    for row in rows:
        page = extract_page((root / "pages" / f"{row['id']}.html").read_bytes(), row["url"])
        assert page.title == " ".join(row["title"].split()), row["id"]
        assert page.sitename == "President of Russia"
        assert page.published_at.tzinfo == UTC
        assert "\n" not in page.text.replace("\n\n", ""), "paragraphs are separated by blank lines only"
        assert detect_language(page.text) == "en"
        silver = [p for p in (root / "silver_text" / f"{row['id']}.txt").read_text("utf-8").split("\n\n") if p.strip()]
        ours = set(page.text.split("\n\n"))
        found = sum(" ".join(p.split()) in ours for p in silver)
        # The silver lead (the page description) is the one paragraph trafilatura may leave out.
        assert found >= len(silver) - 1, row["id"]


@pytest.mark.parametrize("name, lang", [("bbc-1", "en"), ("lemonde-1", "fr"), ("heise", "de"), ("folha", "pt")])
def test_readability_pages_title_and_language(name, lang):
    folder = shared_path("corpus", "html", "mozilla_readability_testpages", name)
    meta = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
    page = extract_page((folder / "source.html").read_bytes(), None)
    assert page.title == " ".join(meta["title"].split())
    assert detect_language(page.text) == lang
    assert len(page.text) > 1000


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The United States and Russia agreed today to meet again in six months to discuss missile defense.", "en"),
        ("Les États-Unis et la Russie ont convenu aujourd'hui de se revoir dans six mois.", "fr"),
        ("Соединённые Штаты и Россия договорились встретиться снова через полгода.", "ru"),
        ("Die Vereinigten Staaten und Russland haben sich heute auf ein neues Treffen geeinigt.", "de"),
        ("", None),
        (None, None),
        ("12345 67890 !!!", None),
        ("Hi there", None),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang
