"""Main text out of HTML: whole pages with trafilatura, feed content fragments with lxml, and language id.

Both paths give the same text shape: paragraphs separated by a blank line ("\\n\\n"), whitespace inside a
paragraph collapsed to single spaces, no leading or trailing whitespace. trafilatura's own ``text`` joins
paragraphs with a single "\\n" and prefixes list items with "- ", so the text is rebuilt here from the XML
body it extracted (``<p>``, ``<head>``, ``<item>``, ``<quote>``, ``<row>``... each one paragraph).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from typing import FrozenSet, List, Optional, Union

import lxml.etree
import lxml.html
import py3langid.langid
import trafilatura

from communique.transforms.errors import StageError

LANGUAGE_SAMPLE_CHARS = 2000
# Fewer words than this from a whole page is a menu or a cookie notice, not an article: no_text.
MIN_PAGE_WORDS = 5
_MIN_LETTERS_FOR_LANGUAGE = 20

# HTML elements that start and end a paragraph, break a line into two paragraphs, or are dropped with their
# content. Cells get a space after them so "a</td><td>b" doesn't run together.
HTML_BLOCKS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre table tr thead tbody tfoot caption figure "
    "figcaption section article header footer aside nav main address hr form fieldset details summary body"
    .split()
)
HTML_BREAKS = frozenset({"br"})
HTML_DROPPED = frozenset("script style noscript template head title iframe object svg math button select".split())
# trafilatura's XML output format.
TRAFILATURA_BLOCKS = frozenset("p head list item quote table row code body div".split())
TRAFILATURA_BREAKS = frozenset({"lb"})
TRAFILATURA_DROPPED: FrozenSet[str] = frozenset({"graphic"})
_CELLS = frozenset({"td", "th", "cell"})


@dataclasses.dataclass(frozen=True)
class PageText:
    text: str
    title: Optional[str] = None
    author: Optional[str] = None
    published_at: Optional[dt.datetime] = None   # UTC midnight of the page's date (trafilatura gives a day)
    sitename: Optional[str] = None
    language: Optional[str] = None               # from page metadata (<html lang>), when trafilatura finds it


def _collapse(text: str) -> str:
    return " ".join(text.split())


def paragraphs(root, blocks: FrozenSet[str], breaks: FrozenSet[str], dropped: FrozenSet[str]) -> List[str]:
    """The text of an element tree as paragraphs: block elements and breaks end one, whitespace collapsed."""
    out: List[str] = []
    buf: List[str] = []

    def flush() -> None:
        para = _collapse("".join(buf))
        buf.clear()
        if para:
            out.append(para)

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None  # None: comment or processing instruction
        if tag is not None and tag not in dropped:
            if tag in blocks or tag in breaks:
                flush()
            if tag not in breaks:
                buf.append(el.text or "")
                for child in el:
                    walk(child)
            if tag in blocks:
                flush()
            elif tag in _CELLS:
                buf.append(" ")
        buf.append(el.tail or "")

    walk(root)
    flush()
    return out


def html_fragment_to_text(html: Optional[str]) -> str:
    """Plain text of an HTML fragment (a feed's content:encoded or summary): deterministic, no heuristics."""
    if not html or not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        # "Document is empty" (only comments/whitespace), or a str with an XML encoding declaration.
        try:
            root = lxml.html.document_fromstring(html.encode("utf-8"))
        except (lxml.etree.ParserError, ValueError):
            return ""
    return "\n\n".join(paragraphs(root, HTML_BLOCKS, HTML_BREAKS, HTML_DROPPED))


def _parse_day(value: Optional[str]) -> Optional[dt.datetime]:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)


def _clean(value: Optional[str]) -> Optional[str]:
    return _collapse(value) or None if value else None


def extract_page(html: Union[str, bytes], url: Optional[str] = None) -> PageText:
    """Main text and metadata of a web page with trafilatura; StageError('no_text') when there is none."""
    if not html or (isinstance(html, str) and not html.strip()):
        raise StageError("no_text", "empty page")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, include_formatting=False,
        )
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:
        raise StageError("no_text", f"page could not be parsed: {type(exc).__name__}: {exc}") from exc
    if doc is None:
        raise StageError("no_text", "trafilatura found no main text")
    body = getattr(doc, "body", None)
    text = "\n\n".join(paragraphs(body, TRAFILATURA_BLOCKS, TRAFILATURA_BREAKS, TRAFILATURA_DROPPED)) \
        if body is not None else "\n\n".join(p.strip() for p in (doc.text or "").split("\n") if p.strip())
    if len(text.split()) < MIN_PAGE_WORDS:
        raise StageError("no_text", f"trafilatura found no main text ({len(text.split())} words)")
    return PageText(
        text=text,
        title=_clean(doc.title),
        author=_clean(doc.author),
        published_at=_parse_day(doc.date),
        sitename=_clean(doc.sitename),
        language=_clean(doc.language),
    )


_IDENTIFIER_LOCK = threading.Lock()


def _language_identifier():
    """py3langid's model, loaded once per process: its own lazy loader is not thread-safe, and the 32 fetch
    threads of a worker each loaded it (15 s of CPU on a 300-article run)."""
    with _IDENTIFIER_LOCK:
        return py3langid.langid._get_identifier()


def detect_language(text: Optional[str]) -> Optional[str]:
    """ISO 639-1 code of the text's language (py3langid on its first 2000 chars); None when too little text."""
    if not text:
        return None
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < _MIN_LETTERS_FOR_LANGUAGE:
        return None
    code, _score = _language_identifier().classify(sample)
    return code if code and code != "zxx" else None
