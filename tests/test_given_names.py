"""Given-name nicknames: which full names are one person (pure functions, no Beam)."""
from __future__ import annotations

import pytest

from communique.transforms.given_names import given_name_renames, same_given_name


@pytest.mark.parametrize("a, b, expected", [
    ("Bill", "William", True),
    ("william", "BILL", True),
    ("Joe", "Joseph", True),
    ("Tony", "Antony", True),          # from the package's own lexicons/nicknames.tsv
    ("Tony", "Anthony", True),         # from the nicknames dataset
    ("Hillary", "Bill", False),
    ("Chelsea", "Hillary", False),
    ("Marco", "Marco", True),
    ("Dmitri", "Dmitry", True),        # romanisations of one Russian name
    ("Sergei", "Sergey", True),
    ("Aleksei", "Alexey", True),
    ("Yuri", "Yury", True),
    ("Dmitry", "Dmitriy", True),
    ("Sergei", "Serena", False),
])
def test_same_given_name(a, b, expected):
    assert same_given_name(a, b) is expected


@pytest.mark.parametrize("names, expected", [
    (["Tony Blinken", "Antony J. Blinken", "Blinken"], {"Tony Blinken": "Antony J. Blinken"}),
    (["Bill Clinton", "William J. Clinton", "Hillary Clinton"], {"Bill Clinton": "William J. Clinton"}),
    (["Joe Biden", "Joseph R. Biden", "Joseph Biden"], {"Joe Biden": "Joseph R. Biden"}),
    (["Bill Clinton", "Hillary Clinton"], {}),                             # two people
    (["Chris Smith", "Christopher Smith", "Christine Smith"], {}),         # ambiguous: no rename
    (["William Clinton"], {}),
    (["Bill Clinton", "William Clintons"], {}),                            # the rest of the name differs
    (["Dmitry Medvedev", "Dmitri Medvedev", "Medvedev"], {"Dmitry Medvedev": "Dmitri Medvedev"}),
], ids=["variant-spelling", "bill-william", "joe-joseph", "two-people", "ambiguous", "alone", "other-surname",
        "romanisations"])
def test_given_name_renames(names, expected):
    assert given_name_renames(names) == expected
