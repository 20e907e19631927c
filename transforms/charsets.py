"""Which character set a fetched body is in, when the Content-Type header doesn't say.

Order: the header's charset, a byte-order mark, a ``<meta charset>`` / ``http-equiv`` or ``<?xml encoding?>``
declaration in the first 4 KB, valid UTF-8, then charset_normalizer's best guess over the first 64 KB.
Pure functions.
"""
from __future__ import annotations

import codecs
import re
from typing import Optional

import charset_normalizer

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE)
_HEAD = 4096
_SAMPLE = 64 * 1024


def _known(name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(content: bytes) -> Optional[str]:
    """The charset a document declares in its first 4 KB (HTML meta or XML declaration), if known."""
    match = _DECLARED.search(content[:_HEAD])
    if not match:
        return None
    return _known((match.group(1) or match.group(2)).decode("ascii", "ignore"))


def detect_charset(content: bytes, header_charset: Optional[str] = None) -> Optional[str]:
    """The charset to decode ``content`` with (see the module docstring); None for an empty body."""
    known = _known(header_charset)
    if known:
        return known
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    declared = declared_charset(content)
    if declared:
        return declared
    if not content:
        return None
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(content[:_SAMPLE]).best()
    return _known(best.encoding) if best is not None else None
