"""Tests of the domain model (people, schools, registers) and its wire format.

Shared builders: a school with an illustrative calendar covering both regimes (school years
2018/19 to 2025/26), complete particulars, and sentinel personal data that must never leak.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from cme_core.calendars import SchoolCalendar
from cme_core.people import Address, Parent, PhoneNumber, Pupil, Sex
from cme_core.problems import Problem
from cme_core.registers import Entered, OtherSchool
from cme_core.schools import Phase, School, SchoolKind

CAL = SchoolCalendar.typical_english(2018, 2025)
SCHOOL = School(
    laestab="8012000",
    name="Example Academy",
    kind=SchoolKind.ACADEMY,
    phase=Phase.PRIMARY,
    most_junior_year_group=0,
    most_senior_year_group=6,
    calendar=CAL,
)
UPN_A = "B801200005001"
UPN_B = "H801200001001"

# Sentinel personal data: distinctive strings that must never appear in reprs, messages or
# problem reports. The compact forms (as identifiers compact them) are checked too.
NAME = "Ottoline Quenbyx"
KNOWN_AS = "Quenby"
PARENT_NAME = "Hieronymus Zorvath"
SECOND_PARENT = "Marguerite Zorvath-Quenbyx"
LINE = "77 Sentinel Mews"
TOWN = "Quenbyxtown"
POSTCODE = "ZE9 9ZZ"
PHONE = "07700 900461"
UPRN = "906700123456"
BAD_POSTCODE = "QUENBYX 1"
BAD_PHONE = "ring Zorvath"
SENTINELS = (
    NAME,
    KNOWN_AS,
    "Quenbyx",
    PARENT_NAME,
    "Zorvath",
    SECOND_PARENT,
    LINE,
    "Sentinel Mews",
    TOWN,
    POSTCODE,
    "ZE99ZZ",
    PHONE,
    "07700900461",
    "900461",
    UPRN,
    BAD_POSTCODE,
    "QUENBYX1",
    BAD_PHONE,
)


def leaks(text: str) -> list[str]:
    """The sentinels found in ``text`` (empty when none leaks)."""
    return [s for s in SENTINELS if s in text]


def codes(problems: Iterable[Problem]) -> list[str]:
    return [p.code for p in problems]


def address(**changes: Any) -> Address:
    fields: dict[str, Any] = {"lines": ("1 High Street",), "town": "Leeds", "postcode": "LS1 1AA"}
    fields.update(changes)
    return Address(**fields)


def parent(**changes: Any) -> Parent:
    fields: dict[str, Any] = {
        "full_name": "A Parent",
        "address": address(),
        "lives_with_pupil": True,
        "emergency_phones": (PhoneNumber(number="07700 900123"),),
    }
    fields.update(changes)
    return Parent(**fields)


def pupil(pupil_id: str = "P1", **changes: Any) -> Pupil:
    """A pupil with every particular of both regimes (2006 reg 5; 2024 reg 8(2))."""
    fields: dict[str, Any] = {
        "pupil_id": pupil_id,
        "full_name": "Ada Example",
        "name_used_at_school": "Ada",
        "sex": Sex.FEMALE,
        "date_of_birth": date(2014, 5, 1),
        "upn": UPN_A,
        "address": address(),
        "parents": (parent(),),
    }
    fields.update(changes)
    return Pupil(**fields)


def entered(on: date, the_pupil: Pupil | None = None, **changes: Any) -> Entered:
    fields: dict[str, Any] = {
        "starting_day": on,
        "pupil": the_pupil if the_pupil is not None else pupil(),
        "year_group": 4,
        "last_school": OtherSchool(name="Previous Primary", laestab="8012001"),
    }
    fields.update(changes)
    return Entered(**fields)


def sentinel_pupil(pupil_id: str = "P1") -> Pupil:
    """A pupil whose personal data are all sentinels."""
    home = Address(lines=(LINE, "Flat 2"), town=TOWN, postcode=POSTCODE, uprn=UPRN)
    return Pupil(
        pupil_id=pupil_id,
        full_name=NAME,
        name_used_at_school=KNOWN_AS,
        sex=Sex.FEMALE,
        date_of_birth=date(2014, 5, 1),
        upn=UPN_A,
        address=home,
        parents=(
            Parent(
                full_name=PARENT_NAME,
                address=home,
                lives_with_pupil=True,
                emergency_phones=(PhoneNumber(number=PHONE, label="mobile"),),
            ),
            Parent(full_name=SECOND_PARENT, lives_with_pupil=False),
        ),
    )
