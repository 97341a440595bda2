"""Schools: identity, legal kind, phase, year-group range, boarding and calendar.

A school's legal kind decides several deletion grounds (e.g. 2006 reg 8(1)(l) and (o);
2024 reg 9(1)(m) and (n)) and the special-school consent rule (2006 reg 8(2); 2024 reg
9(2)). Its calendar decides every count of *school days* (Education Act 1996 s579(1): a
school day is a day on which *that school* meets), so it is part of the school.

>>> s = School(laestab="8012000", name="Example Primary", kind=SchoolKind.ACADEMY,
...            phase=Phase.PRIMARY, most_junior_year_group=0, most_senior_year_group=6)
>>> s.la_code, s.kind.is_academy, s.kind.is_la_maintained
('801', True, False)
>>> s.problems()
()
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from cme_core._fields import checked, extra_field, typed_fields
from cme_core.calendars import SchoolCalendar
from cme_core.identifiers import laestab, urn
from cme_core.problems import PathElement, Problem, ProblemType, Severity

__all__ = ["Phase", "School", "SchoolKind"]


class SchoolKind(enum.Enum):
    """The legal kind of a school, at the grain the Regulations distinguish."""

    MAINTAINED = "maintained"
    """Community, foundation, voluntary aided or voluntary controlled, or maintained nursery."""
    MAINTAINED_SPECIAL = "maintained_special"
    """Community or foundation special school (Education Act 1996 s337)."""
    PUPIL_REFERRAL_UNIT = "pupil_referral_unit"
    """Maintained by the LA under Education Act 1996 s19."""
    ACADEMY = "academy"
    FREE_SCHOOL = "free_school"
    """An Academy in law (Academies Act 2010)."""
    SPECIAL_ACADEMY = "special_academy"
    CITY_TECHNOLOGY_COLLEGE = "city_technology_college"
    CITY_COLLEGE_TECHNOLOGY_ARTS = "city_college_technology_arts"
    NON_MAINTAINED_SPECIAL = "non_maintained_special"
    """Approved under Education Act 1996 s342."""
    INDEPENDENT = "independent"

    @property
    def is_la_maintained(self) -> bool:
        """Maintained by a local authority (community, foundation, voluntary, special, PRU)."""
        return self in _LA_MAINTAINED

    @property
    def is_academy(self) -> bool:
        """An Academy (including free schools and special academies)."""
        return self in _ACADEMIES

    @property
    def is_special_school(self) -> bool:
        """A special school for the consent rule (2006 reg 8(2); 2024 reg 9(2)).

        Whether a special academy counts is **unverified**; it is treated as one here.
        """
        return self in _SPECIAL


_LA_MAINTAINED = frozenset(
    {SchoolKind.MAINTAINED, SchoolKind.MAINTAINED_SPECIAL, SchoolKind.PUPIL_REFERRAL_UNIT}
)
_ACADEMIES = frozenset({SchoolKind.ACADEMY, SchoolKind.FREE_SCHOOL, SchoolKind.SPECIAL_ACADEMY})
_SPECIAL = frozenset(
    {SchoolKind.MAINTAINED_SPECIAL, SchoolKind.NON_MAINTAINED_SPECIAL, SchoolKind.SPECIAL_ACADEMY}
)


class Phase(enum.Enum):
    """Phase of education, as GIAS names them."""

    NURSERY = "nursery"
    PRIMARY = "primary"
    MIDDLE_DEEMED_PRIMARY = "middle_deemed_primary"
    MIDDLE_DEEMED_SECONDARY = "middle_deemed_secondary"
    SECONDARY = "secondary"
    SIXTEEN_PLUS = "16_plus"
    ALL_THROUGH = "all_through"
    NOT_APPLICABLE = "not_applicable"


LAESTAB_LA_MISMATCH = ProblemType(
    code="CME-SCH-001",
    severity=Severity.ERROR,
    title="The LA code does not match the first three digits of the LAESTAB",
)
YEAR_RANGE_REVERSED = ProblemType(
    code="CME-SCH-002",
    severity=Severity.ERROR,
    title="The most junior year group is above the most senior",
)
YEAR_GROUP_OUT_OF_RANGE = ProblemType(
    code="CME-SCH-003",
    severity=Severity.ERROR,
    title="Year group is outside nursery (-2) to Year 14",
)
MISSING_SCHOOL_NAME = ProblemType(
    code="CME-SCH-004",
    severity=Severity.ERROR,
    title="School name is missing",
)

PROBLEM_TYPES: tuple[ProblemType, ...] = (
    LAESTAB_LA_MISMATCH,
    YEAR_RANGE_REVERSED,
    YEAR_GROUP_OUT_OF_RANGE,
    MISSING_SCHOOL_NAME,
)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class School:
    """A school. Schools are not personal data: reprs show them in full.

    ``most_junior_year_group`` and ``most_senior_year_group`` use the national-curriculum
    numbering of :func:`cme_core.school_age.year_group` (reception = 0, nursery negative); they
    decide the return exemptions (2024 reg 13(2), 13(5)).
    """

    laestab: str
    name: str
    kind: SchoolKind
    phase: Phase = Phase.NOT_APPLICABLE
    urn: str | None = None
    la_code: str | None = None
    most_junior_year_group: int | None = None
    most_senior_year_group: int | None = None
    has_boarders: bool = False
    has_sixth_form: bool = False
    calendar: SchoolCalendar | None = attrs.field(default=None, eq=False, repr=False)
    extra: Mapping[str, Any] = extra_field()

    def __attrs_post_init__(self) -> None:
        if self.la_code is None and isinstance(self.laestab, str) and len(self.laestab) >= 3:
            object.__setattr__(self, "la_code", self.laestab[:3])

    @checked
    def problems(self, *, path: tuple[PathElement, ...] = ()) -> tuple[Problem, ...]:
        """Every problem with this school's particulars."""
        return tuple(self._problems(path))

    def _problems(self, path: tuple[PathElement, ...]) -> Iterator[Problem]:
        if not self.name.strip():
            yield MISSING_SCHOOL_NAME.problem(path=(*path, "name"))
        estab_problems = laestab.problems(self.laestab, path=(*path, "laestab"))
        yield from estab_problems
        if self.urn is not None:
            yield from urn.problems(self.urn, path=(*path, "urn"))
        if not estab_problems and self.la_code is not None and self.la_code != self.laestab[:3]:
            yield LAESTAB_LA_MISMATCH.problem(
                path=(*path, "la_code"), values={"la_code": self.la_code}
            )
        for name in ("most_junior_year_group", "most_senior_year_group"):
            value = getattr(self, name)
            if value is not None and not -2 <= value <= 14:
                yield YEAR_GROUP_OUT_OF_RANGE.problem(path=(*path, name), values={name: value})
        low, high = self.most_junior_year_group, self.most_senior_year_group
        if low is not None and high is not None and low > high:
            yield YEAR_RANGE_REVERSED.problem(
                path=(*path, "most_junior_year_group"), values={"junior": low, "senior": high}
            )
