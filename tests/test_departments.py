"""US executive departments under their official names (pure function, no model)."""
from __future__ import annotations

import pytest

from communique.transforms.departments import department_name


@pytest.mark.parametrize("name, expected", [
    ("the State Department", "U.S. Department of State"),
    ("The State Department", "U.S. Department of State"),
    ("Department of State", "U.S. Department of State"),
    ("the Justice Department", "U.S. Department of Justice"),
    ("The US Justice Department", "U.S. Department of Justice"),
    ("U.S. Department of Justice", "U.S. Department of Justice"),
    ("US Treasury Department", "U.S. Department of the Treasury"),
    ("the Department of the Treasury", "U.S. Department of the Treasury"),
    ("Department of the Interior", "U.S. Department of the Interior"),
    ("Homeland Security Department", "U.S. Department of Homeland Security"),
    ("the Department of Health and Human Services", "U.S. Department of Health and Human Services"),
    ("the  Defense\nDepartment", "U.S. Department of Defense"),
])
def test_a_department_is_named_as_the_government_names_it(name, expected):
    assert department_name(name) == expected


@pytest.mark.parametrize("name", [
    "Police Department", "the Brookfield Police Department", "Department of Corrections", "Defense Ministry",
    "State", "the Department", "Department of Parks and Recreation", "the state department of health",
])
def test_other_departments_keep_their_names(name):
    assert department_name(name) is None
