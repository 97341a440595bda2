"""Schools: legal kinds, identity checks at their edges, and the calendar they carry."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

from cme_core.schools import PROBLEM_TYPES, Phase, School, SchoolKind
from cme_core.strategies import schools

from . import CAL, SCHOOL, codes


def school(**changes: object) -> School:
    fields: dict[str, object] = {
        "laestab": "8012000",
        "name": "Example",
        "kind": SchoolKind.MAINTAINED,
    }
    fields.update(changes)
    return School(**fields)  # type: ignore[arg-type]


def test_worked_example() -> None:
    s = school(kind=SchoolKind.ACADEMY, phase=Phase.PRIMARY)
    assert (s.la_code, s.kind.is_academy, s.kind.is_la_maintained) == ("801", True, False)
    assert s.problems() == ()
    assert SCHOOL.problems() == ()


@pytest.mark.parametrize(
    ("kind", "maintained", "academy", "special"),
    [
        (SchoolKind.MAINTAINED, True, False, False),
        (SchoolKind.MAINTAINED_SPECIAL, True, False, True),
        (SchoolKind.PUPIL_REFERRAL_UNIT, True, False, False),
        (SchoolKind.ACADEMY, False, True, False),
        (SchoolKind.FREE_SCHOOL, False, True, False),
        (SchoolKind.SPECIAL_ACADEMY, False, True, True),
        (SchoolKind.CITY_TECHNOLOGY_COLLEGE, False, False, False),
        (SchoolKind.CITY_COLLEGE_TECHNOLOGY_ARTS, False, False, False),
        (SchoolKind.NON_MAINTAINED_SPECIAL, False, False, True),
        (SchoolKind.INDEPENDENT, False, False, False),
    ],
)
def test_kinds(kind: SchoolKind, maintained: bool, academy: bool, special: bool) -> None:
    assert (kind.is_la_maintained, kind.is_academy, kind.is_special_school) == (
        maintained,
        academy,
        special,
    )


def test_la_code_defaults_to_the_laestab_prefix_and_must_agree_with_it() -> None:
    assert school().la_code == "801"
    assert school(la_code="801").problems() == ()
    mismatch = school(la_code="802").problems(path=("school",))
    assert [(p.code, p.json_path, dict(p.values)) for p in mismatch] == [
        ("CME-SCH-001", "$.school.la_code", {"la_code": "802"})
    ]


def test_mismatch_is_not_reported_over_a_bad_laestab() -> None:
    assert codes(school(laestab="80120", la_code="802").problems()) == ["CME-LAESTAB-002"]
    assert codes(school(laestab="9991234").problems()) == ["CME-LAESTAB-003"]
    assert school(laestab="80").la_code is None


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (-2, 14, []),
        (-3, 6, ["CME-SCH-003"]),
        (0, 15, ["CME-SCH-003"]),
        (6, 6, []),
        (7, 6, ["CME-SCH-002"]),
        (None, 6, []),
        (15, -3, ["CME-SCH-003", "CME-SCH-003", "CME-SCH-002"]),
    ],
)
def test_year_groups_at_their_edges(low: int | None, high: int | None, expected: list[str]) -> None:
    found = school(most_junior_year_group=low, most_senior_year_group=high).problems()
    assert codes(found) == expected


def test_name_and_urn() -> None:
    assert codes(school(name="  ").problems()) == ["CME-SCH-004"]
    assert codes(school(urn="12345").problems()) == ["CME-URN-002"]
    assert school(urn="100000").problems() == ()


def test_every_problem_at_once() -> None:
    bad = school(
        name="", la_code="802", urn="1", most_junior_year_group=9, most_senior_year_group=8
    )
    assert codes(bad.problems()) == ["CME-SCH-004", "CME-URN-002", "CME-SCH-001", "CME-SCH-002"]
    assert {c for c in codes(bad.problems()) if c.startswith("CME-SCH")} <= {
        p.code for p in PROBLEM_TYPES
    }


def test_schools_are_not_personal_data_but_the_calendar_is_kept_out_of_repr() -> None:
    text = repr(SCHOOL)
    assert "Example Academy" in text
    assert "8012000" in text
    assert "calendar" not in text
    assert "extra" not in text


def test_equality_ignores_the_calendar() -> None:
    # A design choice of School (calendar has eq=False): compare calendars separately.
    without = attrs.evolve(SCHOOL, calendar=None)
    assert without == SCHOOL
    assert SCHOOL.calendar is CAL


@given(schools())
def test_generated_schools_are_valid(s: School) -> None:
    assert s.problems() == ()
    assert s.la_code == s.laestab[:3]
    if s.most_junior_year_group is not None and s.most_senior_year_group is not None:
        assert s.most_junior_year_group <= s.most_senior_year_group
    assert s.calendar is not None
