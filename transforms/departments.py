"""The executive departments of the United States government under their official names.

News and releases write one department several ways ("the Justice Department", "the Department of Justice", "the
U.S. Justice Department", "DOJ" after one of them); event data wants one actor for all of them, named as the
government names it: "U.S. Department of Justice", "U.S. Department of the Treasury". A department is an
organisation of the United States. Pure functions over names; other countries' ministries are named by
:func:`communique.transforms.body_descriptions.ministry`.
"""
from __future__ import annotations

import re
from typing import Optional

# the fifteen executive departments, by the word(s) a text names them with, and their official form
_DEPARTMENTS = {
    "state": "State", "justice": "Justice", "defense": "Defense", "treasury": "the Treasury", "energy": "Energy",
    "homeland security": "Homeland Security", "commerce": "Commerce", "labor": "Labor", "agriculture": "Agriculture",
    "interior": "the Interior", "education": "Education", "transportation": "Transportation",
    "health and human services": "Health and Human Services", "veterans affairs": "Veterans Affairs",
    "housing and urban development": "Housing and Urban Development",
}
_US = r"(?:(?:U\.S\.|US|United\s+States|American|Federal)\s+)?"
_PORTFOLIO = r"[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+){0,3}"
_FORMS = re.compile(rf"^{_US}(?:(?P<p>{_PORTFOLIO})\s+Department|Department\s+of\s+(?:the\s+)?(?P<q>{_PORTFOLIO}))$")
COUNTRY = "USA"


def department_name(name: str) -> Optional[str]:
    """The official name of a US executive department a name stands for ("the State Department", "Department of
    Justice", "US Treasury Department" -> "U.S. Department of State", ...), else None ("Police Department",
    "Department of Corrections", "Defense Ministry")."""
    m = _FORMS.match(re.sub(r"^[Tt]he\s+", "", " ".join(name.split())))
    if m is None:
        return None
    portfolio = _DEPARTMENTS.get((m.group("p") or m.group("q")).lower())
    return f"U.S. Department of {portfolio}" if portfolio else None


_US_SECRETARY = re.compile(r"\b(?:Deputy\s+|Under\s+|Assistant\s+)?Secretary\s+of\s+(?:the\s+)?(?P<p>[A-Z][a-z]+(?:\s+"
                           r"(?:and\s+)?[A-Z][a-z]+){0,3})\b(?!\s+for\b)")


def us_secretary(title: Optional[str]) -> bool:
    """Whether a title is a secretary of a US executive department ("Secretary of State", "Deputy Secretary of
    State", "Secretary of Homeland Security"), not a British "Secretary of State for Foreign Affairs"."""
    m = _US_SECRETARY.search(title or "")
    return m is not None and m.group("p").lower() in _DEPARTMENTS
