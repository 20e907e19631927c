"""Speaker labels: the "NAME:" that opens a paragraph of a transcript or an interview.

    MS. OLLIS: Good afternoon. ...
    President of Russia Vladimir Putin: Good afternoon, colleagues, ...
    Prime Minister of Belgium Charles Michel (retranslated): Thank you.

Pure text functions, shared by the paragraph component (a label ends a sentence before the parser runs) and by
layout attribution (the label is the paragraph's speaker).
"""
from __future__ import annotations

import re
from typing import Callable, Optional

LABEL = re.compile(r"[\"“']?(?P<src>[A-Z][\w.’'\- \n]{0,110}?[\w.])(?:\s*\([^()\n]{1,40}\))?\s*:\s+(?P<content>\S.*)$",
                   re.S)
NOT_SPEAKERS = {"note", "update", "editor's note", "editor’s note", "photo", "source", "sources", "read more",
                "related", "watch", "video", "transcript", "partial transcript", "q", "a", "warning", "correction",
                "advertisement", "disclosure", "disclaimer", "editors note", "caption", "credit", "file", "image",
                "listen"}
_NAME_GLUE = {"of", "the", "de", "van", "von", "al", "bin"}


def speaker_label(src: str) -> bool:
    """A name or title in capitals ("MS. OLLIS", "President of Russia Vladimir Putin"), not a heading word."""
    words = src.split()
    if not 1 <= len(words) <= 6 or src.lower().strip(". ") in NOT_SPEAKERS:
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_GLUE for w in words)


def long_title_label(src: str) -> bool:
    """A long title before a name: "Head of A Just Russia political party faction in the State Duma Sergei
    Mironov" (a label only when the name is a person the text knows)."""
    words = src.split()
    return 6 < len(words) <= 18 and all(w[:1].isupper() for w in (words[0], words[-2], words[-1]))


def label_content_start(text: str, start: int, end: int) -> Optional[int]:
    """Where the words after a speaker label opening ``text[start:end]`` begin, or None without a label."""
    m = LABEL.match(text, start, end)
    if m and (speaker_label(m.group("src")) or long_title_label(m.group("src"))):
        return m.start("content")
    return None


# "Secretary Blinken With David Muir of ABC World News Tonight", "Interview With CNN's Jake Tapper"
_WITH = re.compile(r"\b(?:[Ww]ith|[Ii]nterviewed [Bb]y) +(?:[A-Z][\w.&-]*(?:’s|'s) +)?"
                   r"(?P<name>[A-Z][a-z]+(?: +[A-Z]\.)?(?: +[A-Z][a-z’'-]+){1,2})\b")


def interviewer_name(headline: str, is_title: Callable[[str], bool]) -> Optional[str]:
    """The person a headline says an interview is with ("... With David Muir of ABC World News Tonight" ->
    "David Muir"), not an official met ("With Foreign Minister Lapid"): whose turns a transcript labels
    "QUESTION:". ``is_title``: whether a word is a title or a country's word."""
    for m in _WITH.finditer(headline):
        words = m.group("name").split()
        if not any(is_title(w) for w in words):
            return m.group("name")
    return None


def claims_something(content: str) -> bool:
    """Whether an interviewer's turn says something besides asking and thanking: a sentence of four words or
    more that is no question, no thanks and not cut off ("We all know that Russia has been sanctioned before.")."""
    for sentence in re.split(r"(?<=[.?!—])\s+", content.strip()):
        words = sentence.split()
        if len(words) >= 4 and sentence.rstrip().endswith(".") and not re.match(r"(?i)\W*(?:[\w. ]+,\s*)?thanks?\b",
                                                                                 sentence):
            return True
    return False
