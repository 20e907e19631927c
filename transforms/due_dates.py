"""Due dates: a commitment's time expression resolved against the article's publication date.

"in six months" from 2007-10-12 is 2008-04-12; "by the end of the year" is 31 December; "June 27-29" is the
first day of the range; a month and day without a year ("Monday, June 6") is the nearest such day from the
publication date on (the day itself included: a release announcing the day's schedule), unless it lies a few
weeks back, which is a past event and no due date. Expressions in the past ("yesterday", "October 1, 2007" for
an article of October 12) give none.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

import dateparser

_END_OF = re.compile(r"\bend of (?:the |this )?(next )?(year|month)\b", re.I)
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DASH = r"\s*(?:-|–|—|to|through|and)\s*"
# "June 27-29", "June 27 to 29" -> "June 27"; "27-29 June" -> "27 June"
_RANGE_AFTER_MONTH = re.compile(rf"\b({_MONTH}\s+\d{{1,2}})(?:st|nd|rd|th)?{_DASH}\d{{1,2}}(?:st|nd|rd|th)?\b", re.I)
_RANGE_BEFORE_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?{_DASH}\d{{1,2}}(?:st|nd|rd|th)?(\s+{_MONTH})", re.I)
_HAS_MONTH = re.compile(rf"\b{_MONTH}(?!\w)", re.I)
_HAS_YEAR = re.compile(r"\b(1[89]|2\d)\d{2}\b")
_HAS_DAY = re.compile(r"(?<![\d,])\b(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?\b(?![\d,])")
_RECENT_PAST_DAYS = 60     # "June 3" in a release of June 6 is a past event, not next year's


def _end_of_period(time_text: str, base: dt.datetime) -> Optional[dt.date]:
    """'by the end of the year' -> 31 December of the publication year; '... of next month' likewise."""
    m = _END_OF.search(time_text)
    if not m:
        return None
    nxt = 1 if m.group(1) else 0
    if m.group(2).lower() == "year":
        return dt.date(base.year + nxt, 12, 31)
    month = base.month + nxt
    year = base.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    first_next = dt.date(year + (month // 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def first_day(time_text: str) -> str:
    """A range of days stands for its first day: 'June 27-29' -> 'June 27' (dateparser reads '29' as a year)."""
    text = _RANGE_AFTER_MONTH.sub(r"\1", time_text)
    return _RANGE_BEFORE_MONTH.sub(r"\1\2", text)


def _month_day(parsed: dt.date, base: dt.date) -> Optional[dt.date]:
    """A month and day without a year: this year's from the publication day on; next year's when this year's
    is long past; none when it lies within the last weeks (a past event)."""
    this_year = _replace_year(parsed, base.year)
    if this_year is None:
        return None
    if this_year >= base:
        return this_year
    if (base - this_year).days <= _RECENT_PAST_DAYS:
        return None
    return _replace_year(parsed, base.year + 1)


def _replace_year(day: dt.date, year: int) -> Optional[dt.date]:
    try:
        return day.replace(year=year)
    except ValueError:         # 29 February
        return None


def resolve_due(time_text: str, published: Optional[dt.datetime]) -> Optional[dt.date]:
    """A time expression resolved against the publication date ("in six months" -> +6 months); None when it
    cannot be read or lies in the past."""
    if not time_text or published is None:
        return None
    base = published.replace(tzinfo=None)
    end = _end_of_period(time_text, base)
    if end is not None:
        return end if end > base.date() else None
    time_text = re.sub(r"^(within|by)\s+(?=(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b)", "in ",
                       first_day(time_text.strip()), flags=re.I)
    parsed = dateparser.parse(time_text, languages=["en"],
                              settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"})
    if parsed is None:
        return None
    if _HAS_MONTH.search(time_text) and _HAS_DAY.search(time_text) and not _HAS_YEAR.search(time_text):
        return _month_day(parsed.date(), base.date())
    return parsed.date() if parsed.date() > base.date() else None
