"""Hypothesis strategies for cme_core's model: realistic, valid test data by default.

Install the extra to use them: ``pip install "cme_core[hypothesis]"``. The strategies follow
Hypothesis's own style: plural nouns, keyword-only arguments, arguments that may vary accept
strategies as well as values, and bad arguments raise
:class:`hypothesis.errors.InvalidArgument` (at once for plain values; at draw time for values
drawn from a strategy argument).

Everything drawn is a deterministic function of Hypothesis's choices: no strategy reads the
clock. Names, addresses and phone numbers are invented (phone numbers come from Ofcom's ranges
reserved for drama, so none can ring a real person).

With the extra installed, cme_core registers these strategies with Hypothesis through the
``hypothesis`` entry-point group, so ``st.from_type(Pupil)`` works, and so does ``@given``
with type annotations (see :func:`register_type_strategies`).

>>> from hypothesis import given, settings
>>> from cme_core.identifiers import upn
>>> @settings(max_examples=20)
... @given(valid=upns(la_codes=["801"]), invalid=invalid_upns(rule="1540"))
... def test_upn_rules(valid, invalid):
...     assert upn.is_valid(valid) and valid[1:4] == "801"
...     assert [p.code for p in upn.problems(invalid)] == ["1540"]
>>> test_upn_rules()
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import attrs

from cme_core.attendance_codes import REGIME_2006_START, REGIME_2024_START
from cme_core.calendars import SchoolCalendar, Term
from cme_core.errors import CmeError
from cme_core.identifiers import upn as upn_module
from cme_core.identifiers.local_authorities import (
    UPN_PREFIXES,
    LocalAuthorityKind,
    local_authorities,
)
from cme_core.law.assess import assess_ground
from cme_core.law.facts import (
    BoardingCharges,
    Consent,
    DeletionFacts,
    Detention,
    DetentionKind,
    Enquiries,
    EnquiryOutcome,
    Judgment,
    LeaveOfAbsence,
    MedicalCertificate,
    NurseryCompletion,
    OtherRegistration,
    PermanentExclusion,
    SchoolAttendanceOrder,
    WrittenNotice,
)
from cme_core.law.model import AgeScope, Condition, Ground, GroundAssessment
from cme_core.law.regimes import REGS_2006, REGS_2024, regime_by_id, regime_for
from cme_core.law.regimes import ground as law_ground
from cme_core.people import Address, Parent, PhoneNumber, Pupil, Sex, UpnUnknownReason
from cme_core.problems import Report
from cme_core.registers import (
    AdmissionEntry,
    Amended,
    AttendanceRecord,
    BoarderStatusChanged,
    Deleted,
    EnrolmentStatus,
    EnrolmentStatusChanged,
    Entered,
    FutureAddress,
    FutureAddressRecorded,
    OtherSchool,
    OtherSchoolRecorded,
    RegisterEvent,
    SchoolRegister,
)
from cme_core.returns import (
    RETURN_TYPES,
    AttendanceReturn,
    DeletionReturn,
    NewPupilReturn,
    SicknessReturn,
)
from cme_core.school_age import (
    academic_year_of,
    age_on,
    compulsory_school_age_status,
    school_leaving_date,
    year_group,
)
from cme_core.schools import Phase, School, SchoolKind
from cme_core.serialization import unstructure
from cme_core.submissions import validate_return

__all__ = [
    "INVALID_UPN_RULES",
    "RETURN_KINDS",
    "RETURN_PROBLEMS",
    "DeletionScenario",
    "ReturnPayload",
    "addresses",
    "admission_entries",
    "admission_registers",
    "attendance_years",
    "dates_of_birth",
    "deletion_scenarios",
    "invalid_upns",
    "parents",
    "phone_numbers",
    "pupils",
    "register_type_strategies",
    "return_problem_kinds",
    "returns",
    "school_calendars",
    "schools",
    "temporary_upns",
    "upns",
]


# ---------------------------------------------------------------------------------------------
# st.from_type. Defined before Hypothesis is imported: importing Hypothesis runs cme_core's
# entry point, which calls this function, and when this module is the first to import
# Hypothesis that happens while the module is still executing. So it registers functions,
# which Hypothesis calls only when a type is first resolved, by when every strategy exists.
# ---------------------------------------------------------------------------------------------


def register_type_strategies() -> None:
    """Register these strategies with Hypothesis, so ``st.from_type(Pupil)`` (and ``@given``
    with type annotations) draws valid, realistic model objects. cme_core's ``hypothesis``
    entry point calls it when Hypothesis is imported; calling it again is harmless.

    :class:`~cme_core.law.DeletionFacts` is not registered on purpose: facts mean nothing
    without the ground and the day they are judged against (and Hypothesis's own inference
    from the attrs fields would draw incoherent facts). Draw them with
    :func:`deletion_scenarios`, which says which ground they meet (or nearly meet) and when.

    >>> from hypothesis import given, settings, strategies as st
    >>> from cme_core.people import Pupil
    >>> register_type_strategies()
    >>> @settings(max_examples=5)
    ... @given(st.from_type(Pupil))
    ... def test_pupils(pupil):
    ...     assert isinstance(pupil, Pupil)
    >>> test_pupils()
    """
    from hypothesis import strategies as hypothesis_strategies

    table: tuple[tuple[type[Any], Callable[[type[Any]], SearchStrategy[Any]]], ...] = (
        (Pupil, lambda _: pupils()),
        (Parent, lambda _: parents()),
        (Address, lambda _: addresses()),
        (PhoneNumber, lambda _: phone_numbers()),
        (School, lambda _: schools()),
        (SchoolCalendar, lambda _: school_calendars()),
        (AdmissionEntry, lambda _: admission_entries()),
        (AttendanceRecord, lambda _: attendance_years()),
        (SchoolRegister, lambda _: admission_registers()),
    )
    for cls, strategy in table:
        hypothesis_strategies.register_type_strategy(cls, strategy)


try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.strategies import SearchStrategy
except ImportError as _exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "cme_core.strategies needs Hypothesis, an optional extra: "
        'pip install "cme_core[hypothesis]"'
    ) from _exc

T = TypeVar("T")

_ONE_DAY = timedelta(days=1)

# ---------------------------------------------------------------------------------------------
# Argument checks (at once for plain values, at draw time for values drawn from strategies)
# ---------------------------------------------------------------------------------------------


def _check_date(value: object, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidArgument(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


def _check_int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise InvalidArgument(f"{name} must be from {low} to {high}, got {value}")
    return value


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name} must be a bool, got {type(value).__name__}")
    return value


def _check_str(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgument(f"{name} must be a non-empty str, got {type(value).__name__}")
    return value


def _values(value: Any, name: str, check: Callable[[object, str], T]) -> SearchStrategy[T]:
    """A strategy for an argument that may be a value or a strategy of values."""
    if isinstance(value, SearchStrategy):
        return value.map(lambda v: check(v, name))
    return st.just(check(value, name))


def _optional_values(
    value: Any, name: str, check: Callable[[object, str], T]
) -> SearchStrategy[T | None]:
    if value is None:
        return st.none()
    if isinstance(value, SearchStrategy):
        return value.map(lambda v: None if v is None else check(v, name))
    return st.just(check(value, name))


# ---------------------------------------------------------------------------------------------
# Drawing helpers. Strategies are built once and reused (building one costs far more than
# drawing from it), and helpers take ``draw`` so nested records need no new strategy objects.
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _ints(low: int, high: int) -> SearchStrategy[int]:
    return st.integers(low, high)


def _pick(draw: st.DrawFn, options: Sequence[T]) -> T:
    """One of ``options`` (shrinking towards the first)."""
    return options[draw(_ints(0, len(options) - 1))]


def _chance(draw: st.DrawFn, one_in: int) -> bool:
    """True with probability about ``1 / one_in`` (shrinks to False)."""
    return draw(_ints(0, one_in - 1)) == one_in - 1


def _day_between(draw: st.DrawFn, first: date, last: date) -> date:
    return first + timedelta(days=draw(_ints(0, (last - first).days)))


# ---------------------------------------------------------------------------------------------
# UPNs
# ---------------------------------------------------------------------------------------------

_PREFIXES: tuple[str, ...] = tuple(sorted(UPN_PREFIXES))
_NOT_PREFIXES: tuple[str, ...] = tuple(
    f"{n:03d}" for n in range(1000) if f"{n:03d}" not in UPN_PREFIXES
)
_LETTERS = upn_module.ALPHABET
_DIGITS = "0123456789"
_LAST_CHARS = _DIGITS + _LETTERS

INVALID_UPN_RULES: tuple[str, ...] = ("1510", "1530", "1540", "1550", "length")
"""The values :func:`invalid_upns` takes for ``rule``."""

# Characters that upn.compact leaves as they are (no whitespace, hyphens or lower-case ASCII)
# and that break a rule: non-ASCII digits are among them, since str.isdigit accepts them.
_NOT_A_LETTER_FIRST = "0123456789IOS#*!?$É"
_NOT_A_DIGIT = "ABCXZ#*.!Ｏ٣９"
_BAD_LAST = "IOS#*!?é٣"


def _digits(draw: st.DrawFn, size: int) -> str:
    return "".join(_pick(draw, _DIGITS) for _ in range(size))


def _draw_upn(draw: st.DrawFn, la: str, *, temporary: bool = False) -> str:
    estab, year = draw(_ints(0, 9999)), draw(_ints(0, 99))
    if temporary:
        serial = f"{draw(_ints(0, 99)):02d}{_pick(draw, _LETTERS)}"
    else:
        serial = f"{draw(_ints(0, 999)):03d}"
    body = f"{la}{estab:04d}{year:02d}{serial}"
    return upn_module.check_letter(body) + body


@st.composite
def _upns(draw: st.DrawFn, la_codes: SearchStrategy[str] | None, temporary: bool) -> str:
    la = _pick(draw, _PREFIXES) if la_codes is None else draw(la_codes)
    return _draw_upn(draw, la, temporary=temporary)


def _check_upn_la(value: object, name: str) -> str:
    if not isinstance(value, str) or value not in UPN_PREFIXES:
        raise InvalidArgument(
            f"{name} must hold LA codes census rule 1530 accepts (three-digit strings such "
            f"as '801'), got {value!r:.20}"
        )
    return value


def _la_codes(la_codes: object) -> SearchStrategy[str] | None:
    if la_codes is None:
        return None
    if isinstance(la_codes, SearchStrategy):
        return la_codes.map(lambda v: _check_upn_la(v, "la_codes"))
    if isinstance(la_codes, str | bytes) or not isinstance(la_codes, Iterable):
        raise InvalidArgument(
            "la_codes must be an iterable of LA codes such as ['801'], or a strategy of them"
        )
    codes = tuple(_check_upn_la(code, "la_codes") for code in la_codes)
    if not codes:
        raise InvalidArgument("la_codes must not be empty")
    return st.sampled_from(codes)


_UPNS = _upns(None, False)
_TEMPORARY_UPNS = _upns(None, True)


def upns(*, la_codes: Iterable[str] | SearchStrategy[str] | None = None) -> SearchStrategy[str]:
    """Valid *permanent* UPNs: the right check letter, an LA code census rule 1530 accepts
    (one of ``la_codes`` if given), an establishment number, a year and a three-digit serial.

    >>> from hypothesis import given, settings
    >>> from cme_core.identifiers import upn
    >>> @settings(max_examples=20)
    ... @given(upns())
    ... def test_upns(value):
    ...     assert upn.is_valid(value) and not upn.is_temporary(value)
    >>> test_upns()
    """
    la = _la_codes(la_codes)
    return _UPNS if la is None else _upns(la, False)


def temporary_upns(
    *, la_codes: Iterable[str] | SearchStrategy[str] | None = None
) -> SearchStrategy[str]:
    """Valid *temporary* UPNs: as :func:`upns`, but the serial ends in one of the 23 letters.

    >>> from hypothesis import given, settings
    >>> from cme_core.identifiers import upn
    >>> @settings(max_examples=20)
    ... @given(temporary_upns())
    ... def test_temporary_upns(value):
    ...     assert upn.is_temporary(value)
    >>> test_temporary_upns()
    """
    la = _la_codes(la_codes)
    return _TEMPORARY_UPNS if la is None else _upns(la, True)


def _failing_1510(draw: st.DrawFn) -> str:
    body = _pick(draw, _PREFIXES) + _digits(draw, 8) + _pick(draw, _LAST_CHARS)
    right = upn_module.check_letter(body)
    if draw(st.booleans()):
        return _pick(draw, _NOT_A_LETTER_FIRST) + body
    return _pick(draw, [c for c in _LETTERS if c != right]) + body


def _failing_1530(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        # Three digits that are not an LA code: a check letter still exists; use it.
        body = _pick(draw, _NOT_PREFIXES) + _digits(draw, 8) + _pick(draw, _LAST_CHARS)
        return upn_module.check_letter(body) + body
    # Characters 2-4 not all digits: no check letter exists, so any letter passes 1510.
    la = list(_digits(draw, 3))
    la[draw(_ints(0, 2))] = _pick(draw, _NOT_A_DIGIT)
    rest = _digits(draw, 8) + _pick(draw, _LAST_CHARS)
    return _pick(draw, _LETTERS) + "".join(la) + rest


def _failing_1540(draw: st.DrawFn) -> str:
    middle = list(_digits(draw, 8))
    for _ in range(draw(_ints(1, 3))):
        middle[draw(_ints(0, 7))] = _pick(draw, _NOT_A_DIGIT)
    first, la = _pick(draw, _LETTERS), _pick(draw, _PREFIXES)
    return first + la + "".join(middle) + _pick(draw, _LAST_CHARS)


def _failing_1550(draw: st.DrawFn) -> str:
    first, la = _pick(draw, _LETTERS), _pick(draw, _PREFIXES)
    return first + la + _digits(draw, 8) + _pick(draw, _BAD_LAST)


def _failing_length(draw: st.DrawFn) -> str:
    kind = draw(_ints(0, 2))
    if kind == 0:
        valid = _draw_upn(draw, _pick(draw, _PREFIXES))
        return valid[:-1] if draw(st.booleans()) else valid + _pick(draw, _LAST_CHARS)
    size = draw(_ints(1, 12)) if kind == 1 else draw(_ints(14, 40))
    return "".join(_pick(draw, _LAST_CHARS) for _ in range(size))


@st.composite
def _invalid_upns(draw: st.DrawFn, failing: Callable[[st.DrawFn], str]) -> str:
    return failing(draw)


_INVALID_UPNS: dict[str, SearchStrategy[str]] = {
    "1510": _invalid_upns(_failing_1510),
    "1530": _invalid_upns(_failing_1530),
    "1540": _invalid_upns(_failing_1540),
    "1550": _invalid_upns(_failing_1550),
    "length": _invalid_upns(_failing_length),
}


def invalid_upns(*, rule: str) -> SearchStrategy[str]:
    """Strings failing exactly one UPN rule, as :func:`cme_core.identifiers.upn.problems`
    reports it: ``"1510"`` (check letter), ``"1530"`` (LA code), ``"1540"`` (characters 5-12
    not all digits), ``"1550"`` (character 13) or ``"length"`` (not 13 characters once
    compacted: CME-UPN-001). Non-ASCII look-alike digits are among the bad characters.

    >>> from hypothesis import given, settings
    >>> from cme_core.identifiers import upn
    >>> @settings(max_examples=20)
    ... @given(invalid_upns(rule="1510"))
    ... def test_check_letters(value):
    ...     assert [p.code for p in upn.problems(value)] == ["1510"]
    >>> test_check_letters()
    """
    if not isinstance(rule, str) or rule not in _INVALID_UPNS:
        raise InvalidArgument(f"rule must be one of {list(INVALID_UPN_RULES)}, got {rule!r:.20}")
    return _INVALID_UPNS[rule]


# ---------------------------------------------------------------------------------------------
# Dates of birth
# ---------------------------------------------------------------------------------------------

_DEFAULT_DOB_RANGE = (date(1995, 1, 1), date(2030, 12, 31))
_FIRST_CSA_JUDGING_DATE = date(2003, 8, 1)
"""Compulsory school age is encoded where it began on or after 1 August 1998 (SI 1998/1607),
so the judging day must leave room for every age from 5 to 16."""


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February in a common year
        return date(d.year - years, 2, 28)


def _is_csa(dob: date, on: date) -> bool:
    """Compulsory school age (EA 1996 s8); ages the encoded rules do not cover are False."""
    return compulsory_school_age_status(dob, on) is True


@st.composite
def _dates_of_birth(
    draw: st.DrawFn,
    csa_on: SearchStrategy[date | None],
    on: SearchStrategy[date | None],
    min_age: int | None,
    max_age: int | None,
) -> date:
    csa_day = draw(csa_on)
    ref = draw(on)
    if ref is None:
        ref = csa_day
    if csa_day is not None and csa_day < _FIRST_CSA_JUDGING_DATE:
        raise InvalidArgument(
            f"of_compulsory_school_age_on must be on or after {_FIRST_CSA_JUDGING_DATE} "
            "(compulsory school age before August 1998 is not encoded)"
        )
    if ref is None:
        return _day_between(draw, *_DEFAULT_DOB_RANGE)
    low_age = 0 if min_age is None else min_age
    high_age = 19 if max_age is None else max_age
    latest = _years_before(ref, low_age)
    earliest = _years_before(ref, high_age + 1) + _ONE_DAY
    if csa_day is not None:
        latest = min(latest, _years_before(csa_day, 4))
        earliest = max(earliest, _years_before(csa_day, 17))
    if earliest > latest:
        raise InvalidArgument("no date of birth meets min_age, max_age and the school-age test")
    dob = _day_between(draw, earliest, latest)
    assume(dob <= ref and low_age <= age_on(dob, ref) <= high_age)
    if csa_day is not None:
        assume(_is_csa(dob, csa_day))
    return dob


def dates_of_birth(
    *,
    of_compulsory_school_age_on: date | SearchStrategy[date] | None = None,
    on: date | SearchStrategy[date] | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
) -> SearchStrategy[date]:
    """Dates of birth.

    With ``of_compulsory_school_age_on`` the child is of compulsory school age that day
    (Education Act 1996 s8; the day must be from August 2003, as earlier rules are not
    encoded). ``min_age`` and ``max_age`` bound the age in whole years on ``on`` (by default
    the compulsory-school-age day), ends included. With no argument, any day of 1995-2030.

    >>> from hypothesis import given, settings
    >>> from cme_core.school_age import age_on, is_of_compulsory_school_age
    >>> day = date(2025, 1, 6)
    >>> @settings(max_examples=20)
    ... @given(
    ...     dates_of_birth(of_compulsory_school_age_on=day),
    ...     dates_of_birth(on=day, min_age=7, max_age=7),
    ... )
    ... def test_dates_of_birth(pupil, seven_year_old):
    ...     assert is_of_compulsory_school_age(pupil, day)
    ...     assert age_on(seven_year_old, day) == 7
    >>> test_dates_of_birth()
    """
    for name, value in (("min_age", min_age), ("max_age", max_age)):
        if value is not None:
            _check_int(value, name, 0, 120)
    if min_age is not None and max_age is not None and min_age > max_age:
        raise InvalidArgument(f"min_age={min_age} is above max_age={max_age}")
    if on is None and of_compulsory_school_age_on is None and (min_age, max_age) != (None, None):
        raise InvalidArgument("min_age and max_age need on= (the day ages are judged on)")
    if isinstance(of_compulsory_school_age_on, date) and (
        _check_date(of_compulsory_school_age_on, "of_compulsory_school_age_on")
        < _FIRST_CSA_JUDGING_DATE
    ):
        raise InvalidArgument(
            f"of_compulsory_school_age_on must be on or after {_FIRST_CSA_JUDGING_DATE}"
        )
    csa = _optional_values(of_compulsory_school_age_on, "of_compulsory_school_age_on", _check_date)
    return _dates_of_birth(csa, _optional_values(on, "on", _check_date), min_age, max_age)


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

_FIRST_NAMES = (
    "Amelia", "Oliver", "Aisha", "Mohammed", "Zoë", "Jack", "Siobhán", "Kacper", "Priya",
    "Noah", "Chloé", "Oluwaseun", "Freya", "Hamza", "Isla", "Leo", "Maja", "Ravi", "Grace",
    "Tomasz", "Ava", "Yusuf", "Mia", "Ethan", "Nia", "Jun", "Ellie", "Dawid", "Fatima", "Alfie",
)  # fmt: skip
_SURNAMES = (
    "Smith", "Jones", "Khan", "Patel", "O'Neill", "Nowak", "Taylor", "Brown", "Okafor",
    "Williams", "Hussain", "Evans", "Wilson-Clarke", "Ahmed", "Begum", "Kowalski", "Walker",
    "Nguyen", "Robinson", "Thompson", "Ali", "Singh", "Hughes", "Mensah", "Green", "Da Silva",
)  # fmt: skip
_STREETS = (
    "High Street", "Church Road", "Station Road", "Mill Lane", "Park Avenue", "Victoria Road",
    "Green Lane", "Manor Close", "Queen's Drive", "School Lane", "Orchard Way", "The Crescent",
)  # fmt: skip
_TOWNS = (
    "Leeds", "Bristol", "Norwich", "Preston", "Luton", "Hull", "Exeter", "Derby", "Wigan",
    "Bolton", "Slough", "Carlisle", "Truro", "Ipswich", "Stockport", "Barnsley",
)  # fmt: skip
_OVERSEAS: tuple[tuple[str, str | None], ...] = (
    ("FR", "75011"), ("IE", "D02 X285"), ("PL", "00-950"), ("RO", "010011"), ("ES", "28013"),
    ("Portugal", "1100-148"), ("Nigeria", None), ("PK", "54000"), ("IN", "110001"),
    ("US", "10001"), ("Jamaica", None),
)  # fmt: skip
_UK_COUNTRY_NAMES = (None, None, None, "GB", "England", "United Kingdom")
_RELATIONSHIPS = (None, "mother", "father", "step-parent", "grandparent", "carer", "foster carer")
_PHONE_LABELS = (None, "mobile", "home", "work")
_MOBILE_STYLES = ("07700 900{:03d}", "07700900{:03d}", "+44 7700 900{:03d}", "+447700900{:03d}",
                  "07700-900-{:03d}")  # fmt: skip
_DRAMA_LANDLINES = ("020 7946", "0113 496", "0114 496", "0115 496", "0117 496", "0121 496",
                    "0161 496", "0118 496", "0191 498")  # fmt: skip

# Postcode letters by position (Royal Mail rules, as cme_core.identifiers.postcode checks them).
_PC_FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"
_PC_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"
_PC_A9A = "ABCDEFGHJKPSTUW"
_PC_AA9A = "ABEHMNPRVWXY"
_PC_INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def _draw_postcode(draw: st.DrawFn) -> str:
    shape = draw(_ints(0, 5))
    first = _pick(draw, _PC_FIRST)
    second = _pick(draw, _PC_SECOND) if shape in (2, 3, 5) else ""
    digits = _pick(draw, _DIGITS) + (_pick(draw, _DIGITS) if shape in (1, 3) else "")
    last = _pick(draw, _PC_A9A) if shape == 4 else _pick(draw, _PC_AA9A) if shape == 5 else ""
    inward = _pick(draw, _DIGITS) + _pick(draw, _PC_INWARD) + _pick(draw, _PC_INWARD)
    return f"{first}{second}{digits}{last} {inward}"


def _draw_full_name(draw: st.DrawFn) -> str:
    first = _pick(draw, _FIRST_NAMES)
    middle = _pick(draw, _FIRST_NAMES) if _chance(draw, 3) else None
    return " ".join(p for p in (first, middle, _pick(draw, _SURNAMES)) if p)


def _draw_phone(draw: st.DrawFn) -> PhoneNumber:
    line = draw(_ints(0, 999))
    if draw(st.booleans()):
        number = _pick(draw, _MOBILE_STYLES).format(line)
    else:
        area, local = _pick(draw, _DRAMA_LANDLINES).split(" ")
        if draw(st.booleans()):
            area = f"({area})"
        number = f"{area} {local} 0{line:03d}"
    return PhoneNumber(number=number, label=_pick(draw, _PHONE_LABELS))


def _draw_address(draw: st.DrawFn, uk: bool) -> Address:
    lines = [f"{draw(_ints(1, 250))} {_pick(draw, _STREETS)}"]
    if _chance(draw, 4):
        lines.insert(0, f"Flat {draw(_ints(1, 40))}")
    if uk:
        return Address(
            lines=tuple(lines),
            town=_pick(draw, _TOWNS),
            postcode=_draw_postcode(draw),
            country=_pick(draw, _UK_COUNTRY_NAMES),
            uprn=str(draw(_ints(1, 999_999_999_999))) if _chance(draw, 3) else None,
        )
    country, postcode = _pick(draw, _OVERSEAS)
    return Address(lines=tuple(lines), postcode=postcode, country=country)


def _draw_any_address(draw: st.DrawFn) -> Address:
    return _draw_address(draw, not _chance(draw, 5))


def _draw_parent(draw: st.DrawFn, lives: bool | None) -> Parent:
    phones = draw(_ints(1 if lives else 0, 2))
    return Parent(
        full_name=_draw_full_name(draw),
        address=_draw_any_address(draw) if draw(st.booleans()) else None,
        lives_with_pupil=lives,
        emergency_phones=tuple(_draw_phone(draw) for _ in range(phones)),
        relationship=_pick(draw, _RELATIONSHIPS),
    )


@st.composite
def _phone_numbers(draw: st.DrawFn) -> PhoneNumber:
    return _draw_phone(draw)


@st.composite
def _addresses(draw: st.DrawFn, uk: SearchStrategy[bool] | None) -> Address:
    return _draw_any_address(draw) if uk is None else _draw_address(draw, draw(uk))


@st.composite
def _parents(draw: st.DrawFn) -> Parent:
    return _draw_parent(draw, _pick(draw, (True, True, False, None)))


_PHONE_NUMBERS = _phone_numbers()
_ADDRESSES = _addresses(None)
_PARENTS = _parents()


def phone_numbers() -> SearchStrategy[PhoneNumber]:
    """Valid :class:`~cme_core.people.PhoneNumber` values, in the usual written styles, from
    Ofcom's drama ranges (07700 900xxx, 020 7946 0xxx, 0113 496 0xxx, ...).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(phone_numbers())
    ... def test_phone_numbers(phone):
    ...     assert phone.problems() == ()
    >>> test_phone_numbers()
    """
    return _PHONE_NUMBERS


def addresses(*, uk: bool | SearchStrategy[bool] | None = None) -> SearchStrategy[Address]:
    """Valid :class:`~cme_core.people.Address` values (no problem at all): UK addresses with a
    valid postcode (``uk=True``) or overseas ones (``uk=False``); by default mostly UK.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(addresses(uk=True))
    ... def test_addresses(address):
    ...     assert address.is_uk and address.problems() == ()
    >>> test_addresses()
    """
    if uk is None:
        return _ADDRESSES
    return _addresses(_values(uk, "uk", _check_bool))


def parents() -> SearchStrategy[Parent]:
    """Valid :class:`~cme_core.people.Parent` values (no ERROR): named, perhaps with an
    address, and with an emergency phone number whenever the pupil normally lives with them.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(parents())
    ... def test_parents(parent):
    ...     assert parent.problems() == ()
    >>> test_parents()
    """
    return _PARENTS


def _draw_pupil_id(draw: st.DrawFn) -> str:
    return f"{_pick(draw, ('P', 'A', 'MIS', 'ADM'))}{draw(_ints(1, 99_999)):05d}"


def _draw_upn_fields(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(_ints(0, 9))
    if kind <= 6:
        former = (_draw_upn(draw, _pick(draw, _PREFIXES), temporary=True),) if kind == 0 else ()
        return {"upn": _draw_upn(draw, _pick(draw, _PREFIXES)), "former_upns": former}
    if kind == 7:
        return {"upn": _draw_upn(draw, _pick(draw, _PREFIXES), temporary=True)}
    if kind == 8:
        return {"upn_unknown_reason": _pick(draw, tuple(UpnUnknownReason))}
    return {}


def _draw_pupil(
    draw: st.DrawFn, pupil_id: str, dob: date, upn_fields: dict[str, Any] | None = None
) -> Pupil:
    """A pupil whose particulars have no ERROR (judged on any day from ``dob``)."""
    full_name = _draw_full_name(draw)
    family = [_draw_parent(draw, True)]
    for _ in range(draw(_ints(0, 2))):
        family.insert(draw(_ints(0, len(family))), _draw_parent(draw, _pick(draw, (True, False))))
    return Pupil(
        pupil_id=pupil_id,
        full_name=full_name,
        name_used_at_school=full_name.split()[0] if draw(_ints(0, 3)) else None,
        sex=_pick(draw, (Sex.FEMALE, Sex.MALE, None)),
        date_of_birth=dob,
        address=_draw_any_address(draw),
        parents=tuple(family),
        **(_draw_upn_fields(draw) if upn_fields is None else upn_fields),
    )


_CORRUPTIONS = (
    "no_name",
    "no_dob",
    "dob_after_on",
    "bad_upn",
    "empty_address",
    "bad_postcode",
    "parent_no_name",
    "no_emergency_phone",
    "bad_phone",
)
_BAD_POSTCODES = ("QQ1 1AA", "SW1A", "12345", "BFPO 123", "W1A 0AI")
_BAD_PHONES = ("call me", "12345", "0770O 900123", "+44 (0) 77OO 900 123")


def _corrupt(draw: st.DrawFn, pupil: Pupil, corruption: str, on: date | None) -> Pupil:
    """``pupil`` with one problem of severity ERROR added."""
    first = pupil.parents[0] if pupil.parents else Parent(full_name=_draw_full_name(draw))
    if corruption == "no_name":
        return attrs.evolve(pupil, full_name=_pick(draw, (None, "", "   ")))
    if corruption == "no_dob":
        return attrs.evolve(pupil, date_of_birth=None)
    if corruption == "dob_after_on" and on is not None:
        return attrs.evolve(pupil, date_of_birth=on + timedelta(days=draw(_ints(1, 3000))))
    if corruption == "bad_upn":
        bad = draw(_INVALID_UPNS[_pick(draw, INVALID_UPN_RULES)])
        return attrs.evolve(pupil, upn=bad, upn_unknown_reason=None)
    if corruption == "empty_address":
        return attrs.evolve(pupil, address=attrs.evolve(pupil.address or Address(), lines=()))
    if corruption == "bad_postcode":
        address = pupil.address or Address(lines=("1 High Street",))
        bad_address = attrs.evolve(address, country=None, postcode=_pick(draw, _BAD_POSTCODES))
        return attrs.evolve(pupil, address=bad_address)
    if corruption == "parent_no_name":
        first = attrs.evolve(first, full_name=_pick(draw, (None, "", " ")))
    elif corruption == "no_emergency_phone":
        first = attrs.evolve(first, lives_with_pupil=True, emergency_phones=())
    else:
        phone = PhoneNumber(number=_pick(draw, _BAD_PHONES))
        first = attrs.evolve(first, emergency_phones=(phone, *first.emergency_phones))
    return attrs.evolve(pupil, parents=(first, *pupil.parents[1:]))


@st.composite
def _pupils(
    draw: st.DrawFn,
    valid: bool,
    on: date | None,
    pupil_id: SearchStrategy[str] | None,
    date_of_birth: SearchStrategy[date],
) -> Pupil:
    dob = draw(date_of_birth)
    if on is not None and dob > on and valid:
        raise InvalidArgument("date_of_birth must not be after on= for a valid pupil")
    pid = _draw_pupil_id(draw) if pupil_id is None else draw(pupil_id)
    pupil = _draw_pupil(draw, pid, dob)
    if valid:
        return pupil
    allowed = [c for c in _CORRUPTIONS if on is not None or c != "dob_after_on"]
    for corruption in sorted({_pick(draw, allowed) for _ in range(draw(_ints(1, 3)))}):
        pupil = _corrupt(draw, pupil, corruption, on)
    return pupil


_PUPILS = _pupils(True, None, None, dates_of_birth())


def pupils(
    *,
    valid: bool = True,
    on: date | None = None,
    pupil_id: str | SearchStrategy[str] | None = None,
    date_of_birth: date | SearchStrategy[date] | None = None,
) -> SearchStrategy[Pupil]:
    """:class:`~cme_core.people.Pupil` values.

    ``valid=True``: ``pupil.problems(on=on)`` has no ERROR (queries, such as for a temporary
    UPN, may occur). ``valid=False``: at least one ERROR (a missing name or date of birth, a
    bad UPN, address, postcode or phone, a parent with no name or no emergency number ...).
    ``on`` is the day the pupil is judged on; dates of birth are then 2 to 18 years before it,
    unless ``date_of_birth`` says otherwise.

    >>> from hypothesis import given, settings
    >>> day = date(2025, 1, 6)
    >>> @settings(max_examples=20)
    ... @given(pupils(on=day), pupils(valid=False, on=day))
    ... def test_pupils(good, bad):
    ...     assert not any(p.is_error for p in good.problems(on=day))
    ...     assert any(p.is_error for p in bad.problems(on=day))
    >>> test_pupils()
    """
    _check_bool(valid, "valid")
    if on is not None:
        _check_date(on, "on")
    ids = None if pupil_id is None else _values(pupil_id, "pupil_id", _check_str)
    if date_of_birth is None:
        dobs = dates_of_birth(on=on, min_age=2, max_age=18) if on is not None else dates_of_birth()
    else:
        dobs = _values(date_of_birth, "date_of_birth", _check_date)
    if valid and on is None and ids is None and date_of_birth is None:
        return _PUPILS
    return _pupils(valid, on, ids, dobs)


# ---------------------------------------------------------------------------------------------
# Calendars and schools
# ---------------------------------------------------------------------------------------------

_FIRST_CALENDAR_YEAR = 2000
_LAST_CALENDAR_YEAR = 2098
_DEFAULT_YEARS = (2006, 2029)
_MONDAY, _FRIDAY = 0, 4


def _on_or_after(d: date, weekday: int) -> date:
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def _on_or_before(d: date, weekday: int) -> date:
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def _weekday_on_or_after(d: date) -> date:
    return d if d.weekday() < 5 else _on_or_after(d, _MONDAY)


def _draw_school_year_terms(draw: st.DrawFn, y: int) -> list[Term]:
    """Six half terms of a realistic English school year ``y``/``y+1``."""
    week, three = timedelta(days=7), timedelta(days=3)
    autumn = _weekday_on_or_after(date(y, 9, 1) + timedelta(days=draw(_ints(0, 6))))
    october = _on_or_before(date(y, 10, 31), _MONDAY) - week * draw(_ints(0, 1))
    christmas = _on_or_before(date(y, 12, draw(_ints(16, 22))), _FRIDAY)
    spring = _weekday_on_or_after(date(y + 1, 1, draw(_ints(3, 8))))
    february = _on_or_after(date(y + 1, 2, draw(_ints(10, 17))), _MONDAY)
    easter = _on_or_before(date(y + 1, 3, 24) + timedelta(days=draw(_ints(0, 18))), _FRIDAY)
    may = _on_or_before(date(y + 1, 5, 31), _MONDAY)
    summer_end = _on_or_before(date(y + 1, 7, draw(_ints(16, 24))), _FRIDAY)
    spans = (
        ("Autumn 1", autumn, october - three),
        ("Autumn 2", october + week, christmas),
        ("Spring 1", spring, february - three),
        ("Spring 2", february + week, easter),
        ("Summer 1", easter + three + 2 * week, may - three),
        ("Summer 2", may + week, summer_end),
    )
    return [Term(name=n, first_day=a, last_day=b) for n, a, b in spans]


@st.composite
def _school_calendars(
    draw: st.DrawFn, first_year: SearchStrategy[int], last_year: SearchStrategy[int] | None
) -> SchoolCalendar:
    y0 = draw(first_year)
    y1 = y0 if last_year is None else draw(last_year)
    assume(y0 <= y1)
    return _draw_calendar(draw, y0, y1)


def _draw_calendar(
    draw: st.DrawFn, y0: int, y1: int, closures: Iterable[date] = ()
) -> SchoolCalendar:
    """School years ``y0`` to ``y1`` of realistic terms with 0 to 5 INSET days a year, and
    ``closures`` (weekdays in term) also without sessions."""
    terms: list[Term] = []
    inset: set[date] = set(closures)
    for y in range(y0, y1 + 1):
        year_terms = _draw_school_year_terms(draw, y)
        terms.extend(year_terms)
        for _ in range(draw(_ints(0, 5))):
            term = _pick(draw, year_terms)
            day = term.first_day if draw(st.booleans()) else _day_between(draw, *_span(term))
            if day.weekday() < 5:
                inset.add(day)
    return SchoolCalendar.from_terms(terms, inset_days=sorted(inset))


def _span(term: Term) -> tuple[date, date]:
    return term.first_day, term.last_day


def _check_year(value: object, name: str) -> int:
    return _check_int(value, name, _FIRST_CALENDAR_YEAR, _LAST_CALENDAR_YEAR)


_SCHOOL_CALENDARS = _school_calendars(st.integers(*_DEFAULT_YEARS), None)


def school_calendars(
    *,
    first_year: int | SearchStrategy[int] | None = None,
    last_year: int | SearchStrategy[int] | None = None,
) -> SearchStrategy[SchoolCalendar]:
    """:class:`~cme_core.calendars.SchoolCalendar` values built by
    :meth:`~cme_core.calendars.SchoolCalendar.from_terms` from realistic English terms: six
    half terms a year (autumn from early September; half terms in late October, mid-February
    and late May; Christmas and Easter holidays; summer from mid to late July), England's bank
    holidays excluded, and 0 to 5 random INSET days a year.

    School years ``first_year`` to ``last_year`` (each named by the year it begins, 2024 meaning
    2024/25; from 2000 to 2098). By default one school year from 2006 to 2029; give
    ``first_year`` (or ``last_year``) alone for one year, or both for several.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(school_calendars(first_year=2024))
    ... def test_calendars(calendar):
    ...     assert [y.label for y in calendar.school_years] == ["2024/25"]
    ...     assert 170 <= len(calendar.days) <= 200
    >>> test_calendars()
    """
    if isinstance(first_year, int) and isinstance(last_year, int):
        _check_year(first_year, "first_year")
        if _check_year(last_year, "last_year") < first_year:
            raise InvalidArgument(f"last_year={last_year} is before first_year={first_year}")
    if first_year is None and last_year is None:
        return _SCHOOL_CALENDARS
    if first_year is None:
        return _school_calendars(_values(last_year, "last_year", _check_year), None)
    first = _values(first_year, "first_year", _check_year)
    last = None if last_year is None else _values(last_year, "last_year", _check_year)
    return _school_calendars(first, last)


_ENGLISH_LA_CODES: tuple[str, ...] = tuple(
    la.code
    for la in local_authorities()
    if la.kind is LocalAuthorityKind.ENGLISH and la.in_use_to is None
)
_NAME_PARTS = (
    "St Mary's", "Oakfield", "Riverside", "Hillside", "Kingsway", "Meadow View",
    "Holy Trinity", "Brookfield", "Parkside", "Castle", "Westfield", "Ashgrove",
)  # fmt: skip

# (phase, most junior year group, most senior year group, range of establishment numbers)
_Shape = tuple[Phase, int, int, tuple[int, int]]
_MAINSTREAM: tuple[_Shape, ...] = (
    (Phase.PRIMARY, 0, 6, (2000, 3999)),
    (Phase.PRIMARY, -1, 6, (2000, 3999)),
    (Phase.PRIMARY, 3, 6, (2000, 3999)),
    (Phase.SECONDARY, 7, 11, (4000, 5999)),
    (Phase.SECONDARY, 7, 13, (4000, 5999)),
    (Phase.ALL_THROUGH, 0, 13, (4000, 5999)),
    (Phase.MIDDLE_DEEMED_PRIMARY, 4, 7, (2000, 3999)),
    (Phase.MIDDLE_DEEMED_SECONDARY, 5, 8, (4000, 5999)),
)
_SHAPES: dict[SchoolKind, tuple[_Shape, ...]] = {
    SchoolKind.MAINTAINED: (*_MAINSTREAM, (Phase.NURSERY, -2, -1, (1000, 1099))),
    SchoolKind.ACADEMY: (*_MAINSTREAM, (Phase.SIXTEEN_PLUS, 12, 13, (4000, 5999))),
    SchoolKind.FREE_SCHOOL: _MAINSTREAM,
    SchoolKind.MAINTAINED_SPECIAL: ((Phase.NOT_APPLICABLE, 0, 13, (7000, 7999)),),
    SchoolKind.SPECIAL_ACADEMY: ((Phase.NOT_APPLICABLE, 7, 13, (7000, 7999)),),
    SchoolKind.NON_MAINTAINED_SPECIAL: ((Phase.NOT_APPLICABLE, 3, 13, (7000, 7999)),),
    SchoolKind.PUPIL_REFERRAL_UNIT: ((Phase.NOT_APPLICABLE, 5, 11, (1100, 1199)),),
    SchoolKind.CITY_TECHNOLOGY_COLLEGE: ((Phase.SECONDARY, 7, 13, (4000, 5999)),),
    SchoolKind.CITY_COLLEGE_TECHNOLOGY_ARTS: ((Phase.SECONDARY, 7, 13, (4000, 5999)),),
    SchoolKind.INDEPENDENT: (
        (Phase.NOT_APPLICABLE, -2, 13, (6000, 6999)),
        (Phase.NOT_APPLICABLE, 3, 8, (6000, 6999)),
        (Phase.NOT_APPLICABLE, 7, 13, (6000, 6999)),
    ),
}
_SUFFIX = {
    Phase.NURSERY: "Nursery School",
    Phase.PRIMARY: "Primary School",
    Phase.SECONDARY: "High School",
    Phase.ALL_THROUGH: "School",
    Phase.MIDDLE_DEEMED_PRIMARY: "Middle School",
    Phase.MIDDLE_DEEMED_SECONDARY: "Middle School",
    Phase.SIXTEEN_PLUS: "Sixth Form College",
    Phase.NOT_APPLICABLE: "School",
}


def _check_kind(value: object, name: str) -> SchoolKind:
    if not isinstance(value, SchoolKind):
        raise InvalidArgument(f"{name} must be a SchoolKind, got {type(value).__name__}")
    return value


def _check_calendar(value: object, name: str) -> SchoolCalendar:
    if not isinstance(value, SchoolCalendar):
        raise InvalidArgument(f"{name} must be a SchoolCalendar, got {type(value).__name__}")
    return value


@st.composite
def _schools(
    draw: st.DrawFn,
    kind: SearchStrategy[SchoolKind] | None,
    calendar: SearchStrategy[SchoolCalendar | None],
) -> School:
    k = _pick(draw, tuple(SchoolKind)) if kind is None else draw(kind)
    fields = _school_fields(draw, k, _pick(draw, _SHAPES[k]))
    return School(**fields, calendar=draw(calendar))


def _school_fields(
    draw: st.DrawFn, k: SchoolKind, shape: _Shape, boarders: bool | None = None
) -> dict[str, Any]:
    """A valid school's fields (all but its calendar) for kind ``k`` of ``shape``."""
    phase, junior, senior, (low, high) = shape
    place = _pick(draw, _NAME_PARTS)
    if k is SchoolKind.PUPIL_REFERRAL_UNIT:
        name = f"{place} Pupil Referral Unit"
    elif k.is_academy and draw(st.booleans()):
        name = f"{place} {_SUFFIX[phase].removesuffix(' School')} Academy".replace("  ", " ")
    else:
        name = f"{place} {_SUFFIX[phase]}"
    return {
        "laestab": f"{_pick(draw, _ENGLISH_LA_CODES)}{draw(_ints(low, high)):04d}",
        "name": name,
        "kind": k,
        "phase": phase,
        "urn": str(draw(_ints(100000, 149999))) if draw(st.booleans()) else None,
        "most_junior_year_group": junior,
        "most_senior_year_group": senior,
        "has_boarders": _chance(draw, 4) if boarders is None else boarders,
        "has_sixth_form": senior >= 12,
    }


_SCHOOLS = _schools(None, _SCHOOL_CALENDARS)


def schools(
    *,
    kind: SchoolKind | SearchStrategy[SchoolKind] | None = None,
    calendar: SchoolCalendar | SearchStrategy[SchoolCalendar | None] | None = None,
) -> SearchStrategy[School]:
    """Valid :class:`~cme_core.schools.School` values (``school.problems() == ()``): a LAESTAB
    in a current English LA, with the establishment number, phase and year groups typical of
    the ``kind`` (any kind by default), and a calendar: by default from
    :func:`school_calendars`; pass ``calendar=st.none()`` for schools without one.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(schools(kind=SchoolKind.ACADEMY))
    ... def test_schools(school):
    ...     assert school.kind.is_academy and school.problems() == ()
    ...     assert school.calendar is not None
    >>> test_schools()
    """
    kinds = None if kind is None else _values(kind, "kind", _check_kind)
    if calendar is None:
        calendars: SearchStrategy[SchoolCalendar | None] = _SCHOOL_CALENDARS
    elif isinstance(calendar, SearchStrategy):
        calendars = calendar.map(lambda c: None if c is None else _check_calendar(c, "calendar"))
    else:
        calendars = st.just(_check_calendar(calendar, "calendar"))
    if kinds is None and calendar is None:
        return _SCHOOLS
    return _schools(kinds, calendars)


# ---------------------------------------------------------------------------------------------
# Attendance marks
# ---------------------------------------------------------------------------------------------

# Codes for runs of whole (or half) days, and for single sessions, per regime: only codes in
# force throughout their regime (not F, withdrawn in 2013; not Z or #, which mean no pupil on
# roll or no session at all).
_RUN_CODES = {
    "2006": ("I", "I", "I", "I", "H", "G", "N", "O", "O", "C", "E", "R", "S", "T", "B", "V",
             "P", "W", "D", "X", "Y"),
    "2024": ("I", "I", "I", "I", "G", "N", "O", "O", "C", "C1", "C2", "E", "R", "S", "T", "B",
             "V", "P", "W", "K", "D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7"),
}  # fmt: skip
_SESSION_CODES = {"2006": ("L", "L", "U", "M", "J"), "2024": ("L", "L", "U", "M", "J1")}
_REGIMES = ("2006", "2024")


def _regime_on(day: date) -> str:
    return "2024" if day >= REGIME_2024_START else "2006"


def _draw_marks(draw: st.DrawFn, days: Sequence[date]) -> dict[date, tuple[str, str]]:
    """Marks for each of ``days`` (school days, in order): mostly present, with a few runs
    of absence or activity and a few single-session codes (late, appointments), each in the
    code set in force on its date."""
    n = len(days)
    marks = dict.fromkeys(days, ("/", "\\"))
    if not n:
        return marks
    for _ in range(draw(_ints(0, 5))):
        start = draw(_ints(0, n - 1))
        regime = _regime_on(days[start])
        code = _pick(draw, _RUN_CODES[regime])
        length = draw(_ints(1, 10))
        session = _pick(draw, (None, None, None, 0, 1))
        for d in days[start : start + length]:
            if _regime_on(d) != regime:
                break
            am, pm = marks[d]
            marks[d] = (code if session != 1 else am, code if session != 0 else pm)
    for _ in range(draw(_ints(0, 6))):
        d = days[draw(_ints(0, n - 1))]
        code = _pick(draw, _SESSION_CODES[_regime_on(d)])
        am, pm = marks[d]
        marks[d] = (code, pm) if code in ("L", "U") or draw(st.booleans()) else (am, code)
    return marks


def _record(
    pupil_id: str, first_day: date, last_day: date, marks: dict[date, tuple[str, str]]
) -> AttendanceRecord:
    out: list[str] = []
    day = first_day
    while day <= last_day:
        out.extend(marks.get(day, ("-", "-")))
        day += _ONE_DAY
    return AttendanceRecord.from_codes(pupil_id, first_day, "".join(out))


def _year_periods(calendar: SchoolCalendar) -> list[tuple[date, date]]:
    """(first day, last day) of each school year the calendar knows, or its whole range."""
    if calendar.school_years:
        return [(y.first_day, y.last_day) for y in calendar.school_years]
    return [(calendar.start, calendar.end)]


def _check_regime(value: object, name: str) -> str:
    if not isinstance(value, str) or value not in _REGIMES:
        raise InvalidArgument(f"{name} must be '2006' or '2024', got {value!r:.20}")
    return value


@st.composite
def _attendance_years(
    draw: st.DrawFn,
    pupil_id: SearchStrategy[str] | None,
    first_day: SearchStrategy[date | None],
    calendar: SearchStrategy[SchoolCalendar],
    regime: str | None,
) -> AttendanceRecord:
    cal = draw(calendar)
    start = draw(first_day)
    periods = [
        (a, b)
        for a, b in _year_periods(cal)
        if a >= REGIME_2006_START and (regime is None or _regime_on(a) == _regime_on(b) == regime)
    ]
    if start is not None:
        if not cal.covers(start) or start < REGIME_2006_START:
            raise InvalidArgument(
                "first_day must be a day the calendar covers, from 2006-09-01 (SI 2006/1751)"
            )
        periods = [(start, b) for a, b in periods if a <= start <= b] or [(start, cal.end)]
    if not periods:
        raise InvalidArgument(
            "the calendar has no school year from September 2006"
            + ("" if regime is None else f" wholly under the {regime} regime")
        )
    first, last = _pick(draw, periods)
    pid = _draw_pupil_id(draw) if pupil_id is None else draw(pupil_id)
    return _record(pid, first, last, _draw_marks(draw, cal.school_days(first, last)))


_ATTENDANCE_YEARS = _attendance_years(None, st.none(), _SCHOOL_CALENDARS, None)


def attendance_years(
    *,
    pupil_id: str | SearchStrategy[str] | None = None,
    first_day: date | SearchStrategy[date] | None = None,
    calendar: SchoolCalendar | SearchStrategy[SchoolCalendar] | None = None,
    regime: str | None = None,
) -> SearchStrategy[AttendanceRecord]:
    """An :class:`~cme_core.registers.AttendanceRecord` for one school year of ``calendar``
    (by default :func:`school_calendars`), from the year's first day (or ``first_day``) to the
    last day of its final term: two marks on each school day, none on other days.

    Marks are realistic (mostly present; runs of illness, holiday, activities; late marks and
    appointments) and always of the code set in force on their date: the 2006 codes to
    18 August 2024, the 2024 codes (SI 2024/208 reg 10) from 19 August 2024. ``regime="2006"``
    or ``"2024"`` draws only school years wholly under that regime.

    >>> from hypothesis import given, settings
    >>> from cme_core.attendance_codes import is_valid_mark
    >>> @settings(max_examples=10)
    ... @given(attendance_years(regime="2024"))
    ... def test_attendance(record):
    ...     assert record.first_day >= date(2024, 8, 19)
    ...     assert all(is_valid_mark(code, day) for day, _, code in record.iter_marks())
    >>> test_attendance()
    """
    ids = None if pupil_id is None else _values(pupil_id, "pupil_id", _check_str)
    if regime is not None:
        _check_regime(regime, "regime")
    starts = _optional_values(first_day, "first_day", _check_date)
    if calendar is None:
        years = {"2006": (2006, 2023), "2024": (2024, 2029), None: _DEFAULT_YEARS}[regime]
        calendars = school_calendars(first_year=st.integers(*years))
    else:
        calendars = _values(calendar, "calendar", _check_calendar)
    if ids is None and first_day is None and calendar is None and regime is None:
        return _ATTENDANCE_YEARS
    return _attendance_years(ids, starts, calendars, regime)


# ---------------------------------------------------------------------------------------------
# Admission entries and registers
# ---------------------------------------------------------------------------------------------

_ROLES = (None, "admissions officer", "attendance officer", "school office", "headteacher")
_TOLD_BY = (None, "parent", "local authority", "other school")
_CLASSES = (None, "R1", "1B", "2W", "3K", "4H", "5M", "6S", "7A", "8C", "9E", "10F", "11G")
_STATUSES = (EnrolmentStatus.SINGLE,) * 6 + (
    EnrolmentStatus.MAIN,
    EnrolmentStatus.SUBSIDIARY,
    EnrolmentStatus.GUEST,
)
_GROUNDS: dict[str, tuple[Ground, ...]] = {
    "2006": REGS_2006.all_grounds,
    "2024": REGS_2024.all_grounds,
}
_EVENT_KINDS = ("amended", "future_address", "other_school", "enrolment")


def _ground_refs(day: date, scope: AgeScope) -> list[str]:
    """The deletion grounds of the regime in force on ``day`` for pupils of ``scope``."""
    grounds = _GROUNDS[_regime_on(day)]
    return [g.ref for g in grounds if g.applies_to is scope and g.in_force_on(day)]


def _age_scope(dob: date | None, day: date) -> AgeScope:
    """Whether the pupil is of compulsory school age on ``day`` (by age alone where the
    encoded rules do not reach the pupil's dates)."""
    if dob is None:
        return AgeScope.COMPULSORY_SCHOOL_AGE
    csa = compulsory_school_age_status(dob, day)
    if csa is None:
        csa = dob <= day and 5 <= age_on(dob, day) < 16
    return AgeScope.COMPULSORY_SCHOOL_AGE if csa else AgeScope.NOT_COMPULSORY_SCHOOL_AGE


def _draw_other_school(draw: st.DrawFn, first_day: date | None = None) -> OtherSchool:
    return OtherSchool(
        name=f"{_pick(draw, _NAME_PARTS)} School",
        laestab=f"{_pick(draw, _ENGLISH_LA_CODES)}{draw(_ints(2000, 5999)):04d}",
        urn=str(draw(_ints(100000, 149999))) if draw(st.booleans()) else None,
        first_day=first_day,
    )


def _draw_amendment(draw: st.DrawFn, pupil: Pupil, spare_upn: str | None) -> tuple[Pupil, str]:
    """New particulars for ``pupil`` (still without ERROR) and the reason."""
    change = draw(_ints(0, 6))
    if change == 0 and spare_upn is not None and pupil.upn != spare_upn:
        former = (*pupil.former_upns, pupil.upn) if pupil.upn else pupil.former_upns
        new = attrs.evolve(pupil, upn=spare_upn, former_upns=former, upn_unknown_reason=None)
        return new, "permanent UPN received"
    if change == 1:
        return attrs.evolve(pupil, address=_draw_any_address(draw)), "change of address"
    if change == 2:
        return attrs.evolve(pupil, full_name=_draw_full_name(draw)), "name change: deed poll"
    if change == 3:
        return attrs.evolve(pupil, sex=_pick(draw, tuple(Sex))), "correction of a typing error"
    if change == 4 and pupil.parents:
        phones = tuple(_draw_phone(draw) for _ in range(draw(_ints(1, 2))))
        first = attrs.evolve(pupil.parents[0], emergency_phones=phones)
        return attrs.evolve(pupil, parents=(first, *pupil.parents[1:])), "new contact details"
    if change == 5:
        added = _draw_parent(draw, _pick(draw, (True, False)))
        return attrs.evolve(pupil, parents=(*pupil.parents, added)), "parent informed the school"
    known = _pick(draw, ("Sam", "Alex", "Jo", "Kit", None))
    return attrs.evolve(pupil, name_used_at_school=known), "parent informed the school"


_Spell = tuple[date, date | None]


def _draw_spells(draw: st.DrawFn, n: int) -> list[tuple[int, int | None]]:
    """Up to two spells on roll as indices into n school days: [entry, deletion), where
    deletion is None while the pupil is on roll; a re-admission follows a deletion."""
    spells: list[tuple[int, int | None]] = []
    start = 0 if draw(st.booleans()) else draw(_ints(0, n - 1))
    while len(spells) < 2 and start < n:
        end = draw(_ints(start, n - 1)) if _chance(draw, 3) else None
        spells.append((start, end))
        if end is None or end + 1 >= n or not _chance(draw, 3):
            break
        start = draw(_ints(end + 1, n - 1))
    return spells


def _draw_entry(
    draw: st.DrawFn,
    *,
    pupil_id: str,
    school: School,
    days: Sequence[date],
    judged_on: date,
    upn: str | None,
    spare_upn: str | None,
    max_events: int,
) -> tuple[AdmissionEntry, tuple[_Spell, ...]]:
    """One pupil's coherent history over ``days`` (school days), and its spells on roll."""
    calendar = school.calendar
    assert calendar is not None
    n = len(days)
    junior = school.most_junior_year_group
    senior = school.most_senior_year_group
    low = max(-2, 0 if junior is None else junior)
    year_group = draw(_ints(low, max(low, min(13, 11 if senior is None else senior))))
    school_year = calendar.school_year_containing(days[0])
    cohort = (school_year.year if school_year else academic_year_of(days[0])) - year_group - 5
    dob = _day_between(draw, date(cohort, 9, 1), date(cohort + 1, 8, 31))
    if upn is None:
        fields: dict[str, Any] = {"upn_unknown_reason": _pick(draw, tuple(UpnUnknownReason))}
    else:
        fields = {"upn": upn}
    pupil = _draw_pupil(draw, pupil_id, dob, fields)
    spells = _draw_spells(draw, n)

    # Other events: each inside a spell, after the entry and before the deletion day.
    kinds = (*_EVENT_KINDS, "boarder") if school.has_boarders else _EVENT_KINDS
    placed: list[tuple[int, str]] = []
    for _ in range(draw(_ints(0, max_events))):
        s, e = _pick(draw, spells)
        last = (n - 1) if e is None else e - 1
        if last >= s:
            placed.append((draw(_ints(s, last)), _pick(draw, kinds)))
    placed.sort(key=lambda p: p[0])

    events: list[tuple[int, int, RegisterEvent]] = []
    current = pupil
    for s, e in spells:
        day = days[s]
        status = _pick(draw, _STATUSES)
        boarder = draw(st.booleans()) if school.has_boarders else None
        recorded = min(day + timedelta(days=_pick(draw, (0, 0, 0, 1, 2))), judged_on)
        entered = Entered(
            on=day,
            recorded_on=None if recorded == day else recorded,
            recorded_by=_pick(draw, _ROLES),
            pupil=current,
            year_group=year_group,
            class_name=_pick(draw, _CLASSES),
            enrolment_status=status,
            dual_registered_with=_draw_other_school(draw) if status.is_dual else None,
            boarder=boarder,
            last_school=_draw_other_school(draw) if draw(st.booleans()) else None,
        )
        events.append((s, 0, entered))
        last = (n - 1) if e is None else e - 1
        for index, kind in [p for p in placed if s <= p[0] <= last]:
            day = days[index]
            event: RegisterEvent
            if kind == "amended":
                current, reason = _draw_amendment(draw, current, spare_upn)
                event = Amended(
                    on=day, pupil=current, reason=reason, recorded_by=_pick(draw, _ROLES)
                )
            elif kind == "future_address":
                names = tuple(p.full_name for p in current.parents[:1] if p.full_name)
                future = FutureAddress(
                    address=_draw_any_address(draw),
                    parent_names=names,
                    from_date=day + timedelta(days=draw(_ints(1, 120))),
                )
                event = FutureAddressRecorded(on=day, future_address=future)
            elif kind == "other_school":
                starts = day + timedelta(days=draw(_ints(0, 60)))
                event = OtherSchoolRecorded(
                    on=day,
                    other_school=_draw_other_school(draw, starts),
                    told_by=_pick(draw, _TOLD_BY),
                )
            elif kind == "boarder":
                boarder = not boarder
                event = BoarderStatusChanged(on=day, boarder=boarder)
            else:
                partner: OtherSchool | None = None
                if status is EnrolmentStatus.SINGLE:
                    status = _pick(draw, (EnrolmentStatus.MAIN, EnrolmentStatus.SUBSIDIARY))
                    partner = _draw_other_school(draw)
                else:
                    status = EnrolmentStatus.SINGLE
                event = EnrolmentStatusChanged(
                    on=day, enrolment_status=status, dual_registered_with=partner
                )
            events.append((index, 1, event))
        if e is not None:
            day = days[e]
            deleted = Deleted(
                on=day,
                ground=_pick(draw, _ground_refs(day, _age_scope(current.date_of_birth, day))),
                regime=_pick(draw, (None, _regime_on(day))),
                recorded_by=_pick(draw, _ROLES),
            )
            events.append((e, 2, deleted))
    events.sort(key=lambda item: (item[0], item[1]))
    entry = AdmissionEntry(pupil_id=pupil_id, events=tuple(ev for _, _, ev in events))
    return entry, tuple((days[s], None if e is None else days[e]) for s, e in spells)


def _draw_unique_upn(draw: st.DrawFn, taken: set[str]) -> str:
    """A permanent UPN not in ``taken`` (then added to it); unique by construction, so the
    simplest draws still give distinct UPNs."""
    la, estab, year = _pick(draw, _PREFIXES), draw(_ints(0, 9999)), draw(_ints(0, 99))
    serial = draw(_ints(0, 999))
    while True:
        body = f"{la}{estab:04d}{year:02d}{serial % 1000:03d}"
        value = upn_module.check_letter(body) + body
        if value not in taken:
            taken.add(value)
            return value
        serial += 1
        if serial % 1000 == 0:
            estab = (estab + 1) % 10000


def _window(calendar: SchoolCalendar, on: date | None) -> tuple[date, ...]:
    """The calendar's school days from September 2006 (the first code set) up to ``on``."""
    first = max(calendar.first_school_day, REGIME_2006_START)
    last = calendar.last_school_day if on is None else min(on, calendar.last_school_day)
    if last < first:
        return ()
    return calendar.school_days(first, last)


def _check_on(value: object, name: str) -> date:
    day = _check_date(value, name)
    if day < REGIME_2006_START:
        raise InvalidArgument(f"{name} must be on or after 2006-09-01 (SI 2006/1751)")
    return day


def _check_school(value: object, name: str) -> School:
    if not isinstance(value, School):
        raise InvalidArgument(f"{name} must be a School, got {type(value).__name__}")
    if value.calendar is None:
        raise InvalidArgument(f"{name} must have a calendar (School.calendar is None)")
    return value


@functools.lru_cache(maxsize=256)
def _schools_for_year(year: int) -> SearchStrategy[School]:
    return _schools(None, _school_calendars(st.just(year), None))


_NINE_DAYS = timedelta(days=9)


def _draw_school(
    draw: st.DrawFn, school: SearchStrategy[School] | None, judged_on: date | None
) -> School:
    """``school`` if given; else a school whose calendar is that of the school year of
    ``judged_on`` (any school year if there is no judging day)."""
    if school is not None:
        return draw(school)
    if judged_on is None:
        return draw(_SCHOOLS)
    # The school year whose first term has begun by the judging day (terms begin by 9 Sep).
    year = academic_year_of(min(judged_on, date(_LAST_CALENDAR_YEAR, 8, 31)) - _NINE_DAYS)
    return draw(_schools_for_year(year))


@st.composite
def _admission_entries(
    draw: st.DrawFn,
    school: SearchStrategy[School] | None,
    pupil_id: SearchStrategy[str] | None,
    on: SearchStrategy[date | None],
) -> AdmissionEntry:
    judged_on = draw(on)
    the_school = _draw_school(draw, school, judged_on)
    assert the_school.calendar is not None
    days = _window(the_school.calendar, judged_on)
    if not days:
        raise InvalidArgument("on= is before the school calendar's first school day")
    permanent = _draw_upn(draw, _pick(draw, _PREFIXES))
    spare = _draw_upn(draw, _pick(draw, _PREFIXES))
    entry, _ = _draw_entry(
        draw,
        pupil_id=_draw_pupil_id(draw) if pupil_id is None else draw(pupil_id),
        school=the_school,
        days=days,
        judged_on=judged_on or days[-1],
        upn=permanent if draw(_ints(0, 4)) else None,
        spare_upn=spare if spare != permanent else None,
        max_events=6,
    )
    return entry


_ADMISSION_ENTRIES = _admission_entries(None, None, st.none())


def admission_entries(
    *,
    school: School | SearchStrategy[School] | None = None,
    pupil_id: str | SearchStrategy[str] | None = None,
    on: date | SearchStrategy[date] | None = None,
) -> SearchStrategy[AdmissionEntry]:
    """Coherent :class:`~cme_core.registers.AdmissionEntry` histories at ``school`` (by default
    :func:`schools`; it must have a calendar). The pupil is entered on a school day and may be
    amended (a new address or name, a permanent UPN replacing ...), have a future address or
    another school recorded, start or end dual registration, change boarding status (boarding
    schools only), be deleted on a ground of the regime in force that day for the pupil's age
    (SI 2006/1751 reg 8; SI 2024/208 reg 9), and be re-admitted.

    Events are in date order and on or before ``on`` (by default the calendar's last school
    day); ``entry.problems(on=on)`` has no ERROR.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(admission_entries(on=date(2025, 7, 31)))
    ... def test_entries(entry):
    ...     assert isinstance(entry.events[0], Entered)
    ...     assert not any(p.is_error for p in entry.problems(on=date(2025, 7, 31)))
    >>> test_entries()
    """
    schools_ = None if school is None else _values(school, "school", _check_school)
    ids = None if pupil_id is None else _values(pupil_id, "pupil_id", _check_str)
    if schools_ is None and ids is None and on is None:
        return _ADMISSION_ENTRIES
    return _admission_entries(schools_, ids, _optional_values(on, "on", _check_on))


@st.composite
def _admission_registers(
    draw: st.DrawFn,
    school: SearchStrategy[School] | None,
    on: SearchStrategy[date | None],
    min_pupils: int,
    max_pupils: int,
) -> SchoolRegister:
    judged_on = draw(on)
    the_school = _draw_school(draw, school, judged_on)
    assert the_school.calendar is not None
    days = _window(the_school.calendar, judged_on)
    if not days:
        if min_pupils:
            raise InvalidArgument("on= is before the school calendar's first school day")
        return SchoolRegister(school=the_school)
    count = draw(_ints(min_pupils, max_pupils))
    number = 0
    taken: set[str] = set()
    upn_list = [_draw_unique_upn(draw, taken) for _ in range(2 * count)]
    admissions: list[AdmissionEntry] = []
    attendance: list[AttendanceRecord] = []
    for i in range(count):
        number += draw(_ints(1, 500))
        pupil_id = f"P{number:05d}"
        entry, spells = _draw_entry(
            draw,
            pupil_id=pupil_id,
            school=the_school,
            days=days,
            judged_on=judged_on or days[-1],
            upn=upn_list[2 * i] if draw(_ints(0, 9)) else None,
            spare_upn=upn_list[2 * i + 1],
            max_events=4,
        )
        admissions.append(entry)
        on_roll = [d for d in days if any(a <= d and (b is None or d < b) for a, b in spells)]
        with_marks = draw(_ints(0, 9)) > 0
        if on_roll and with_marks:
            attendance.append(_record(pupil_id, days[0], days[-1], _draw_marks(draw, on_roll)))
    shuffled = [attendance.pop(draw(_ints(0, len(attendance) - 1))) for _ in list(attendance)]
    return SchoolRegister(school=the_school, admissions=admissions, attendance=shuffled)


_ADMISSION_REGISTERS = _admission_registers(None, st.none(), 0, 5)


def admission_registers(
    *,
    school: School | SearchStrategy[School] | None = None,
    on: date | SearchStrategy[date] | None = None,
    min_pupils: int = 0,
    max_pupils: int = 5,
) -> SearchStrategy[SchoolRegister]:
    """Coherent :class:`~cme_core.registers.SchoolRegister` values: ``school`` (by default
    :func:`schools`; it must have a calendar) with ``min_pupils`` to ``max_pupils`` admission
    entries (as :func:`admission_entries`, with distinct pupil ids and UPNs) and attendance.

    Marks are recorded only while the pupil is on roll -- from the day of entry up to, not
    including, the day of deletion, the convention of ``AdmissionEntry.roll_spells`` -- on the
    calendar's school days up to ``on`` (by default the calendar's last school day), in the
    code set in force on each date. ``register.validate(on=on)`` has no ERROR.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)
    ... @given(admission_registers(min_pupils=2))
    ... def test_registers(register):
    ...     assert len(register.admissions) >= 2
    ...     assert register.validate(on=register.school.calendar.end).errors == ()
    >>> test_registers()
    """
    _check_int(min_pupils, "min_pupils", 0, 1000)
    _check_int(max_pupils, "max_pupils", 0, 1000)
    if min_pupils > max_pupils:
        raise InvalidArgument(f"min_pupils={min_pupils} is above max_pupils={max_pupils}")
    if school is None and on is None and (min_pupils, max_pupils) == (0, 5):
        return _ADMISSION_REGISTERS
    schools_ = None if school is None else _values(school, "school", _check_school)
    dates = _optional_values(on, "on", _check_on)
    return _admission_registers(schools_, dates, min_pupils, max_pupils)


# ---------------------------------------------------------------------------------------------
# Deletion scenarios
# ---------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeletionScenario:
    """One drawn deletion scenario (see :func:`deletion_scenarios`): the facts about a pupil,
    the day they are judged on, the ground (the version in force that day), and the key of the
    ground's own condition made to fail (``None`` when the ground is met).
    """

    facts: DeletionFacts
    on: date
    ground: Ground
    failing: str | None = None

    def assess(self) -> GroundAssessment:
        """``assess_ground(self.ground, self.facts, self.on)``."""
        return assess_ground(self.ground, self.facts, self.on)


_CSA = AgeScope.COMPULSORY_SCHOOL_AGE
_LAST_SCENARIO_DAY = date(2097, 7, 31)
"""Calendars (two school years around the day) reach 2098, the last year drawn."""
_DEFAULT_LAST_SCENARIO_DAY = date(2029, 7, 31)
_FIRST_HISTORY_DAY_2006 = date(2006, 11, 20)
"""The first day a 2006 ground that counts school days (runs of absence, return after leave,
the exclusion review window) can be drawn for: marks begin with the 2006 code set."""
_FIRST_ENCODED_DOB = date(1993, 8, 1)
"""Compulsory school age is encoded for fifth birthdays from 1 August 1998 (SI 1998/1607)."""
_HISTORY_KEYS = frozenset(
    {"continuous_absence", "no_attendance_after_leave", "exclusion_took_effect"}
)
_CEASES = "ceases_csa_before_school_next_meets"
_JUDGES = ("headteacher", "deputy headteacher", "attendance officer", "LA CME officer")
_BREAKERS = ("/", "L", "U", "B")
"""Marks that break a run under every rule and exist in both code sets."""
_RULE_BREAKERS = {
    "csa_2006": ("I", "C", "E", "H", "M"),
    "non_csa_2006": ("I", "C", "E", "H", "M"),
    "csa_2024": ("I", "C", "C1", "E", "K", "M"),
    "non_csa_2024": ("C", "C1", "C2", "S", "M"),
}
"""More breaking marks, used only on days whose code set is that of the rule's regime."""
_RELEVANT_EXCLUSIONS = (date(2020, 6, 1), date(2021, 3, 24))
"""Exclusions with a 25-school-day review window (SI 2012/1033 Sch 1 para 2(1A))."""


def _leaver_dobs(leaving: date) -> tuple[date, date] | None:
    """Dates of birth for which compulsory school age ends on ``leaving`` (the last Friday in
    June: EA 1996 s8(3), SI 1997/1970), within the encoded rules."""
    y = leaving.year
    low = max(date(y - 17, 9, 1), _FIRST_ENCODED_DOB)
    high = date(y - 16, 8, 31)
    return (low, high) if low <= high else None


def _leaving_window(day: date) -> date | None:
    """The leaving date if ``day`` is that day or one of the two weekdays before it, and a
    leaver's compulsory school age can be encoded."""
    if day.year < 1998:
        return None
    leaving = school_leaving_date(day.year)
    if leaving - timedelta(days=2) <= day <= leaving and _leaver_dobs(leaving):
        return leaving
    return None


def _check_scenario_day(value: object, name: str) -> date:
    day = _check_on(value, name)
    if day > _LAST_SCENARIO_DAY:
        raise InvalidArgument(f"{name} must be on or before {_LAST_SCENARIO_DAY}")
    return day


def _ground_versions(value: object, name: str, day: date | None = None) -> tuple[Ground, ...]:
    """The versions a ground argument stands for: a Ground pins one; a reference stands for
    every version of that ground (the one in force on the scenario's day is used)."""
    if isinstance(value, Ground):
        if value.regime not in ("2006", "2024"):
            raise InvalidArgument(f"{name}: a Ground of regime '2006' or '2024' is needed")
        unknown = [c.key for c in value.conditions if c.key not in _BUILDERS]
        if unknown:
            raise InvalidArgument(
                f"{name}: ground {value.ref} has conditions no scenario can be drawn for: {unknown}"
            )
        return (value,)
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgument(
            f"{name} must be a Ground or a reference such as '9(1)(i)', got {type(value).__name__}"
        )
    try:
        found = law_ground(value) if day is None else law_ground(value, on=day)
    except CmeError as exc:
        raise InvalidArgument(f"{name}: {exc}") from None
    return regime_by_id(found.regime).history(found.ref)


def _version_on(versions: Sequence[Ground], day: date) -> Ground:
    for g in versions:
        if g.in_force_on(day):
            return g
    spans = ", ".join(f"{g.in_force.start} to {g.in_force.end or 'now'}" for g in versions)
    raise InvalidArgument(f"ground {versions[0].ref} (in force {spans}) is not in force on {day}")


def _earliest_day(g: Ground) -> date:
    keys = {c.key for c in g.conditions}
    if g.regime == "2006" and keys & _HISTORY_KEYS:
        return max(g.in_force.start, _FIRST_HISTORY_DAY_2006)
    return g.in_force.start


def _failures(g: Ground, day: date | None) -> tuple[bool, tuple[str, ...]]:
    """Whether ``g`` can be met on ``day`` (any day if None), and the keys of its own
    conditions that can be made the one failing condition then."""
    keys = tuple(c.key for c in g.conditions)
    if day is None:
        return True, keys
    window = _CEASES not in keys or _leaving_window(day) is not None
    return window, keys if window else (_CEASES,)


def _check_scenario(g: Ground, met: bool, day: date) -> None:
    """InvalidArgument unless a scenario for ``g`` (met or not) can be drawn for ``day``."""
    if not g.in_force_on(day):
        end = g.in_force.end.isoformat() if g.in_force.end else "now"
        raise InvalidArgument(
            f"ground {g.ref} (this wording: {g.in_force.start} to {end}) is not in force on {day}"
        )
    if day < _earliest_day(g):
        raise InvalidArgument(
            f"ground {g.ref} counts school days of marks under SI 2006/1751, which began on "
            f"2006-09-01: on= must be from {_earliest_day(g)}"
        )
    can_meet, _ = _failures(g, day)
    if met and not can_meet:
        raise InvalidArgument(
            f"ground {g.ref} can be met only when compulsory school age ends (the last Friday "
            f"in June, EA 1996 s8(3)) before the school next meets: on= must be that Friday or "
            f"one of the two days before it, from 2009 (got {day})"
        )


class _Scenario:
    """The state of one scenario while it is drawn: the builders of the ground's conditions
    each add the facts that make their condition hold, or (for ``failing``) fail."""

    def __init__(
        self, draw: st.DrawFn, ground: Ground, day: date, failing: str | None, dob: date
    ) -> None:
        self.draw = draw
        self.ground = ground
        self.on = day
        self.failing = failing
        self.dob = dob
        self.case_start = max(dob + timedelta(days=400), day - timedelta(days=draw(_ints(0, 120))))
        self.fields: dict[str, Any] = {}
        self.sao: dict[str, Any] | None = None
        self.registrations: list[dict[str, Any]] | None = None
        self.certificate: dict[str, Any] | None = None
        self.boarder: bool | None = None
        self.variant: dict[str, str] = {}
        self.marks: dict[date, tuple[str, str]] = {}
        self.calendar: SchoolCalendar
        self.school: School
        self.days: tuple[date, ...] = ()
        self.leave_span: tuple[int, int, int] | None = None

    def past(self, low: date | None = None) -> date:
        """A day from the start of the case (or ``low``) to the judging day."""
        first = self.case_start if low is None else max(low, self.case_start)
        return _day_between(self.draw, min(first, self.on), self.on)

    def future(self) -> date:
        """A day after the judging day."""
        return self.on + timedelta(days=self.draw(_ints(1, 60)))

    def judgment(self, holds: bool) -> Judgment:
        return Judgment(holds=holds, by=_pick(self.draw, _JUDGES), on=self.past())

    def choose(self, key: str, options: Sequence[str]) -> str:
        """The variant of condition ``key`` (drawn once, remembered)."""
        if key not in self.variant:
            self.variant[key] = _pick(self.draw, options)
        return self.variant[key]

    def history(self, needed: int) -> int:
        """The index in ``days`` of the last school day on or before the judging day, after
        checking that ``needed`` school days with marks come before it."""
        last = len(self.days) - 1
        if last < needed:
            raise InvalidArgument(
                f"too few school days with marks before {self.on} for ground {self.ground.ref}"
            )
        return last

    def mark_span(self, first: int, last: int) -> None:
        """Realistic marks for ``days[first:last]`` (those not marked yet)."""
        span = [d for d in self.days[max(first, 0) : last] if d not in self.marks]
        self.marks.update(_draw_marks(self.draw, span))


def _qualifying(draw: st.DrawFn, rule: str, day: date) -> str:
    """A mark that continues a run of absence under ``rule`` (counting.RunRule) on ``day``:
    G, N or O under every rule; also I, E, R or T for pupils not of compulsory school age
    from 19 August 2024 (SI 2024/208 reg 9(3)(c)(i): only leave breaks the run)."""
    if rule == "non_csa_2024" and _regime_on(day) == "2024":
        return _pick(draw, ("N", "N", "O", "O", "G", "I", "E", "R", "T"))
    return _pick(draw, ("N", "N", "O", "O", "G"))


def _breaking_day(draw: st.DrawFn, rule: str, day: date) -> tuple[str, str]:
    """Marks for a school day that breaks a run under ``rule``: present, or a breaking code
    in one session (or both)."""
    extra = _RULE_BREAKERS[rule] if _regime_on(day) == rule[-4:] else ()
    code = _pick(draw, (*_BREAKERS, *extra))
    if code == "/":
        return ("/", "\\")
    other = _qualifying(draw, rule, day) if draw(st.booleans()) else code
    return (code, other) if draw(st.booleans()) else (other, code)


def _build_run(s: _Scenario, c: Condition, fail: bool) -> None:
    """A run of qualifying absence -- exactly ``school_days`` (20) school days, or up to ten
    more -- ending on the last school day on or before the judging day, after a school day
    that breaks it; failing: exactly 19 such days, or a run broken by a mark within its last
    20 days."""
    draw = s.draw
    n = int(c.params.get("school_days", 20))
    rule = str(c.params.get("rule", "csa_2024"))
    last = s.history(n + 1)
    variant = s.choose(c.key, ("short", "broken")) if fail else "met"
    length = n - 1 if variant == "short" else n + draw(_ints(0, min(10, last - n)))
    start = last - length + 1
    for d in s.days[start : last + 1]:
        s.marks[d] = (_qualifying(draw, rule, d), _qualifying(draw, rule, d))
    if variant == "broken":
        d = s.days[draw(_ints(last - n + 1, last))]
        s.marks[d] = _breaking_day(draw, rule, d)
    s.marks[s.days[start - 1]] = _breaking_day(draw, rule, s.days[start - 1])
    s.mark_span(start - 1 - draw(_ints(0, 40)), start - 1)


def _leave_spans(s: _Scenario) -> tuple[int, int, int]:
    """(first, last) index in ``days`` of the leave, and the index of the last school day on
    or before the judging day (drawn once, for both leave conditions)."""
    if s.leave_span is None:
        draw = s.draw
        holiday = any(c.params.get("holiday_over_ten_school_days") for c in s.ground.conditions)
        over_ten = holiday and s.failing != "leave_granted"
        last = s.history(31)
        early = (
            s.failing == "no_attendance_after_leave"
            and s.choose("no_attendance_after_leave", ("early", "attended")) == "early"
        )
        end = last - draw(_ints(0, 9)) if early else last - 10 - draw(_ints(0, 4))
        length = draw(_ints(11, 15)) if over_ten else draw(_ints(1, 10))
        first = max(end - length + 1, 1)
        granted: date | None = s.days[first] - timedelta(days=draw(_ints(1, 40)))
        floors = [
            c.params["granted_from"] for c in s.ground.conditions if "granted_from" in c.params
        ]
        if floors:  # 2006 wording from Sep 2013: leave granted under the new reg 7(1A) only
            floor = date.fromisoformat(str(floors[0]))
            granted = max(granted, floor) if granted is not None else floor
        elif draw(_ints(0, 3)) == 0:
            granted = None
        s.fields["leave"] = LeaveOfAbsence(
            first_day=s.days[first],
            last_day=s.days[end],
            granted_on=granted,
            holiday_over_ten_school_days=over_ten if holiday else _pick(draw, (None, False)),
        )
        s.leave_span = (first, end, last)
    return s.leave_span


def _build_leave(s: _Scenario, c: Condition, fail: bool) -> None:
    """Leave of absence granted (for the 2006 wording to August 2013: holiday leave over ten
    school days); failing: holiday leave of ten days or fewer (that wording), else leave
    recorded as granted only after the judging day."""
    _leave_spans(s)
    leave: LeaveOfAbsence = s.fields["leave"]
    if fail and not c.params.get("holiday_over_ten_school_days"):
        s.fields["leave"] = attrs.evolve(leave, granted_on=s.future())


def _build_no_return(s: _Scenario, c: Condition, fail: bool) -> None:
    """No attendance within the ten school days after the leave (marks: leave codes, then
    absence); failing: fewer than ten of them have passed, or the pupil attended on one."""
    draw = s.draw
    first, end, last = _leave_spans(s)
    leave: LeaveOfAbsence = s.fields["leave"]
    code = "H" if leave.holiday_over_ten_school_days else "C"
    for d in s.days[first : end + 1]:
        s.marks[d] = (code, code)
    for d in s.days[end + 1 : last + 1]:
        s.marks[d] = (_qualifying(draw, "csa_2006", d), _qualifying(draw, "csa_2006", d))
    if fail and s.choose(c.key, ("early", "attended")) == "attended":
        s.marks[s.days[draw(_ints(end + 1, end + 10))]] = ("/", "\\")
    s.mark_span(first - draw(_ints(1, 40)), first)


def _build_exclusion(s: _Scenario, c: Condition, fail: bool) -> None:
    """A permanent exclusion that took effect (a written statement that no review will be
    sought, a review concluded, or the review window closed); failing: the pupil was
    reinstated, the responsible body's duties are not discharged, or the window is open."""
    draw = s.draw
    last = s.history(30)
    variant = (
        s.choose(c.key, ("reinstated", "duties", "window_open"))
        if fail
        else s.choose(c.key, ("statement", "review", "window"))
    )
    if variant == "window_open":
        decision = s.days[last - draw(_ints(0, 14))]
    elif variant == "window":
        decision = s.days[last - 25 - draw(_ints(0, min(20, last - 25)))]
    else:
        decision = s.past()
    excluded = decision - timedelta(days=draw(_ints(0, 10)))
    window = 25 if _RELEVANT_EXCLUSIONS[0] <= excluded <= _RELEVANT_EXCLUSIONS[1] else 15
    fields: dict[str, Any] = {
        "excluded_on": excluded,
        "decision_notified_on": decision,
        "review_window_school_days": window,
    }
    if variant in ("statement", "reinstated", "duties"):
        fields["statement_no_review_on"] = s.past(decision)
    elif variant == "review":
        fields["review_requested_on"] = s.past(decision)
        fields["review_concluded_on"] = s.past(fields["review_requested_on"])
    s.fields["exclusion"] = PermanentExclusion(
        **fields, reinstated=variant == "reinstated", duties_discharged=variant != "duties"
    )


def _build_enquiries(s: _Scenario, c: Condition, fail: bool) -> None:
    """Reasonable enquiries (joint with the LA where the condition says so) that failed to
    find the pupil, or (2024) found the pupil and concluded the pupil will not attend again;
    failing: completed after the judging day, or the pupil was found (2006) / found and not
    judged unlikely to return (2024)."""
    joint = bool(c.params.get("joint", True))
    located_ok = bool(c.params.get("allow_located", False))
    if fail:
        variant = s.choose(c.key, ("late", "located_not_agreed" if located_ok else "located"))
    else:
        variant = s.choose(c.key, ("not_found", "located") if located_ok else ("not_found",))
    school_part = s.past()
    la_part = s.past() if joint or s.draw(st.booleans()) else None
    if variant == "late":
        if joint:
            la_part = s.future()
        else:
            school_part = s.future()
    agreement: Judgment | None = None
    if variant == "located_not_agreed":
        agreement = s.judgment(False)
    elif variant == "located":
        agreement = s.judgment(True)
        own = {k.key for k in s.ground.conditions}
        if not joint and "will_not_attend_again" not in own and s.draw(st.booleans()):
            s.fields["will_not_attend_again"] = agreement  # the school's own judgment
            agreement = None
    s.fields["enquiries"] = Enquiries(
        school_part_on=school_part,
        la_part_on=la_part,
        outcome=EnquiryOutcome.NOT_FOUND
        if variant in ("not_found", "late")
        else EnquiryOutcome.LOCATED,
        agree_will_not_attend_again=agreement,
    )


def _judgment_builder(field: str, want: bool = True) -> _Builder:
    def build(s: _Scenario, c: Condition, fail: bool) -> None:
        s.fields[field] = s.judgment(want is not fail)

    return build


def _build_stop_or_sixth_form(s: _Scenario, c: Condition, fail: bool) -> None:
    """Either judgment holds (the other: either way, or not recorded); failing: both were
    recorded, and neither holds."""
    first = (
        "will_stop_attending_indicated"
        if c.params.get("first") == "indicated"
        else "will_not_attend_again"
    )
    second = "sixth_form_requirements_not_met"
    if fail:
        s.fields[first], s.fields[second] = s.judgment(False), s.judgment(False)
        return
    holding = _pick(s.draw, ((first,), (second,), (first, second)))
    for name in (first, second):
        if name in holding:
            s.fields[name] = s.judgment(True)
        elif s.draw(st.booleans()):
            s.fields[name] = s.judgment(False)


def _dated_builder(field: str) -> _Builder:
    """A dated fact: on or before the judging day; failing: after it."""

    def build(s: _Scenario, c: Condition, fail: bool) -> None:
        s.fields[field] = s.future() if fail else s.past()

    return build


def _build_ceased_or_boarder_left(s: _Scenario, c: Condition, fail: bool) -> None:
    """2006 8(3)(a): a day pupil ceased to attend, or a boarder ceased to be a pupil; failing:
    that date is after the judging day."""
    boarder = s.draw(st.booleans())
    s.boarder = boarder
    field = "ceased_to_be_pupil_on" if boarder else "ceased_to_attend_on"
    s.fields[field] = s.future() if fail else s.past()


def _flag_builder(field: str) -> _Builder:
    """An exclusion flag (reg 9 no fixed abode; mobile child): failing when set."""

    def build(s: _Scenario, c: Condition, fail: bool) -> None:
        s.fields[field] = True if fail else _pick(s.draw, (None, False))

    return build


def _sao(s: _Scenario) -> dict[str, Any]:
    if s.sao is None:
        s.sao = {"names_this_school": True, "served_by_la": s.school.laestab[:3]}
    return s.sao


def _build_sao_registered(s: _Scenario, c: Condition, fail: bool) -> None:
    _sao(s)["registered_here_under_it"] = not fail


def _build_sao_changed(s: _Scenario, c: Condition, fail: bool) -> None:
    """Amended to name another school, or revoked because education is arranged otherwise;
    failing: both decided only with effect after the judging day (an order left unamended
    and unrevoked is unknown, not failing, to the evaluator)."""
    sao = _sao(s)
    if fail:
        sao.update(
            amended_to_other_school_on=s.future(),
            revoked_on=s.future(),
            revoked_because_education_otherwise=s.draw(st.booleans()),
        )
    elif s.draw(st.booleans()):
        sao["amended_to_other_school_on"] = s.past()
    else:
        sao.update(revoked_on=s.past(), revoked_because_education_otherwise=True)


def _build_sao_amended(s: _Scenario, c: Condition, fail: bool) -> None:
    _sao(s)["amended_to_other_school_on"] = s.future() if fail else s.past()


def _build_sao_revoked(s: _Scenario, c: Condition, fail: bool) -> None:
    """Revoked because education is arranged otherwise; failing: revoked for another reason,
    or only after the judging day."""
    if fail and s.choose(c.key, ("other_reason", "later")) == "other_reason":
        _sao(s).update(revoked_on=s.past(), revoked_because_education_otherwise=False)
    else:
        _sao(s).update(
            revoked_on=s.future() if fail else s.past(), revoked_because_education_otherwise=True
        )


def _build_no_sao(s: _Scenario, c: Condition, fail: bool) -> None:
    """No order naming this school in force; failing: one is."""
    if fail:
        _sao(s)
    elif s.draw(_ints(0, 3)) == 0:
        sao = _sao(s)
        if s.draw(st.booleans()):
            sao["names_this_school"] = False
        else:
            sao.update(revoked_on=s.past(), revoked_because_education_otherwise=True)


def _build_not_sao_ground(s: _Scenario, c: Condition, fail: bool) -> None:
    """Not registered here under an order; failing: registered under one (8(1)(a) instead)."""
    if fail:
        _sao(s)["registered_here_under_it"] = True
    elif s.draw(_ints(0, 3)) == 0:
        _sao(s)["registered_here_under_it"] = False


def _registrations(s: _Scenario) -> list[dict[str, Any]]:
    if s.registrations is None:
        regs = []
        for _ in range(s.draw(_ints(1, 2)) if "others_consented" in _keys(s.ground) else 1):
            start = s.past()
            regs.append(
                {
                    "school": _draw_other_school(s.draw, start),
                    "registered_from": None if s.draw(_ints(0, 4)) == 0 else start,
                }
            )
        s.registrations = regs
    return s.registrations


def _build_registered(s: _Scenario, c: Condition, fail: bool) -> None:
    """Registered at another school (for the dual-registration grounds, by agreement);
    failing: the registration there starts only after the judging day."""
    for reg in _registrations(s):
        if fail:
            reg["registered_from"] = s.future()
        if c.key == "dual_registered":
            reg["dual_registration_agreed"] = True


def _build_not_dual_agreed(s: _Scenario, c: Condition, fail: bool) -> None:
    regs = _registrations(s)
    for reg in regs:
        reg["dual_registration_agreed"] = False
    if fail:
        regs[0]["dual_registration_agreed"] = True


def _build_consented(s: _Scenario, c: Condition, fail: bool) -> None:
    """Every other school consented; failing: one did not, or only after the judging day."""
    regs = _registrations(s)
    for reg in regs:
        school: OtherSchool = reg["school"]
        reg["consent_to_deletion"] = Consent(by=school.laestab or "unknown", on=s.past())
    if fail:
        reg = _pick(s.draw, regs)
        if s.choose(c.key, ("missing", "later")) == "missing":
            reg["consent_to_deletion"] = None
        else:
            reg["consent_to_deletion"] = attrs.evolve(reg["consent_to_deletion"], on=s.future())


def _build_not_died_or_excluded(s: _Scenario, c: Condition, fail: bool) -> None:
    if not fail:
        return
    if s.choose(c.key, ("died", "excluded")) == "died":
        s.fields["died_on"] = s.past()
    else:
        s.fields["exclusion"] = PermanentExclusion(excluded_on=s.past())


def _build_written_notice(s: _Scenario, c: Condition, fail: bool) -> None:
    """The parent's written notice (2024: naming a day, now passed); failing: not in writing,
    received after the judging day, or (2024) the named day has not passed."""
    named = bool(c.params.get("named_day_passed"))
    options = ("not_writing", "later", "not_passed") if named else ("not_writing", "later")
    variant = s.choose(c.key, options) if fail else "met"
    last: date | None = None
    if named:
        if variant == "not_passed":
            last = s.on + timedelta(days=s.draw(_ints(0, 30)))
        else:
            last = s.on - timedelta(days=s.draw(_ints(1, 30)))
    elif s.draw(st.booleans()):
        last = s.past()
    received = s.future() if variant == "later" else s.past()
    if last is not None and variant != "later":
        received = min(received, last)
    s.fields["home_education_notice"] = WrittenNotice(
        received_on=received, in_writing=variant != "not_writing", last_day_of_attendance=last
    )


def _build_boarder(want: bool) -> _Builder:
    def build(s: _Scenario, c: Condition, fail: bool) -> None:
        s.boarder = want is not fail

    return build


def _build_boarder_at_maintained(s: _Scenario, c: Condition, fail: bool) -> None:
    """A boarder (the school's kind is drawn beforehand); failing: a day pupil, or a boarder
    at a school neither maintained nor an Academy."""
    s.boarder = not (fail and s.variant.get(c.key) == "day_pupil")


def _build_charges(s: _Scenario, c: Condition, fail: bool) -> None:
    """Boarding charges payable by the parent, unpaid at the end of a term that has ended;
    failing: paid, not payable by the parent, or the term has not ended."""
    variant = s.choose(c.key, ("paid", "not_parent", "term_running")) if fail else "met"
    ended = [t.last_day for t in s.calendar.terms if t.last_day <= s.on]
    running = [t.last_day for t in s.calendar.terms if t.last_day > s.on]
    if variant == "term_running":
        term_end = running[0] if running else s.future()
    else:
        term_end = ended[-1] if ended else s.past()
    s.fields["boarding_charges"] = BoardingCharges(
        payable_by_parent=variant != "not_parent",
        term_last_day=term_end,
        unpaid_at_term_end=variant != "paid",
    )


def _build_nursery(s: _Scenario, c: Condition, fail: bool) -> None:
    """Completed nursery education here; failing: not yet completed, or (2006) moved up to
    reception here."""
    would_move_up = bool(c.params.get("would_move_up"))
    options = ("later",) if would_move_up else ("later", "transferred")
    variant = s.choose(c.key, options) if fail else "met"
    completed = s.future() if variant == "later" else s.past(s.dob + timedelta(days=3 * 365))
    s.fields["nursery"] = NurseryCompletion(
        completed_on=completed,
        transferred_to_reception_here=variant == "transferred"
        or (would_move_up and s.draw(_ints(0, 3)) == 0),
    )


def _certificate(s: _Scenario) -> dict[str, Any]:
    if s.certificate is None:
        s.certificate = {"certified_on": s.past()}
    return s.certificate


def _build_medical(s: _Scenario, c: Condition, fail: bool) -> None:
    cert = _certificate(s)
    if fail and s.choose(c.key, ("fit_in_time", "later")) == "later":
        cert["certified_on"] = s.future()
    else:
        cert["unlikely_fit_before_end_of_csa"] = not fail


def _build_no_intention(s: _Scenario, c: Condition, fail: bool) -> None:
    _certificate(s)["intention_to_continue_stated"] = fail


def _build_detention(s: _Scenario, c: Condition, fail: bool) -> None:
    """2006: a final order or order of recall of four months or more; 2024: a sentence of
    detention. Failing: remand, a shorter order (2006), or detention only after the day."""
    draw = s.draw
    sentence = c.key == "sentence_of_detention"
    options = ("remand", "later") if sentence else ("remand", "short", "later")
    variant = s.choose(c.key, options) if fail else "met"
    if variant == "remand":
        kind = DetentionKind.REMAND
    elif sentence:
        kind = DetentionKind.SENTENCE_OF_DETENTION
    else:
        kind = _pick(draw, (DetentionKind.FINAL_ORDER, DetentionKind.ORDER_OF_RECALL))
    months = draw(_ints(1, 3)) if variant == "short" else draw(_ints(4, 24))
    s.fields["detention"] = Detention(
        kind=kind,
        started_on=s.future() if variant == "later" else s.past(),
        order_months=None if sentence and draw(st.booleans()) else months,
    )


def _no_facts(s: _Scenario, c: Condition, fail: bool) -> None:
    """Conditions settled before the builders run (the school's kind, the date of birth)."""


_Builder = Callable[[_Scenario, Condition, bool], None]

_BUILDERS: dict[str, _Builder] = {
    "sao_registered_under": _build_sao_registered,
    "sao_substituted_or_revoked": _build_sao_changed,
    "sao_amended": _build_sao_amended,
    "sao_revoked": _build_sao_revoked,
    "no_sao_naming_school": _build_no_sao,
    "not_sao_ground": _build_not_sao_ground,
    "registered_elsewhere": _build_registered,
    "not_dual_agreed": _build_not_dual_agreed,
    "dual_registered": _build_registered,
    "others_consented": _build_consented,
    "not_nfa_ordinary_school": _flag_builder("no_fixed_abode_school_of_ordinary_attendance_here"),
    "not_mobile_main_school": _flag_builder("mobile_child_main_school_here"),
    "not_died_or_excluded": _build_not_died_or_excluded,
    "ceased_to_attend": _dated_builder("ceased_to_attend_on"),
    "ceased_to_be_pupil": _dated_builder("ceased_to_be_pupil_on"),
    "ceased_attending_or_boarder_left": _build_ceased_or_boarder_left,
    "written_notice": _build_written_notice,
    "not_boarder": _build_boarder(False),
    "boarder": _build_boarder(True),
    "moved_away": _judgment_builder("moved_away"),
    "will_not_attend_again": _judgment_builder("will_not_attend_again"),
    "no_sickness_belief": _judgment_builder("sickness_or_unavoidable_cause", want=False),
    "leave_granted": _build_leave,
    "no_attendance_after_leave": _build_no_return,
    "continuous_absence": _build_run,
    "enquiries_failed": _build_enquiries,
    "medical_certificate": _build_medical,
    "no_intention_to_continue": _build_no_intention,
    "detention_order_2006": _build_detention,
    "sentence_of_detention": _build_detention,
    "died": _dated_builder("died_on"),
    "ceases_csa_before_school_next_meets": _no_facts,
    "stop_attending_indicated": _judgment_builder("will_stop_attending_indicated"),
    "stop_or_sixth_form": _build_stop_or_sixth_form,
    "school_not_maintained": _no_facts,
    "boarder_at_maintained_or_academy": _build_boarder_at_maintained,
    "charges_unpaid": _build_charges,
    "nursery_completed": _build_nursery,
    "exclusion_took_effect": _build_exclusion,
}
"""How to draw facts for each condition key of :data:`cme_core.law.EVALUATORS`."""


def _keys(g: Ground) -> frozenset[str]:
    return frozenset(c.key for c in g.conditions)


# 8(1)(l) (SI 2006/1751): not maintained, an Academy, a CTC or a CCTA; 9(1)(n) (SI 2024/208):
# neither maintained by an LA nor an Academy (cme_core.law.assess._school_not_maintained).
_NOT_MAINTAINED_2006 = (SchoolKind.INDEPENDENT, SchoolKind.NON_MAINTAINED_SPECIAL)
_NOT_MAINTAINED_2024 = tuple(k for k in SchoolKind if not (k.is_la_maintained or k.is_academy))
_BOARDING = tuple(
    k
    for k in SchoolKind
    if (k.is_la_maintained or k.is_academy) and k is not SchoolKind.PUPIL_REFERRAL_UNIT
)


def _school_kinds(s: _Scenario) -> tuple[SchoolKind, ...]:
    """The kinds of school the ground's conditions allow (or, failing, need)."""
    kinds = tuple(
        k
        for k in SchoolKind
        if not (k is SchoolKind.FREE_SCHOOL and s.on < date(2011, 9, 1))
        and not (k is SchoolKind.SPECIAL_ACADEMY and s.on < date(2012, 9, 1))
    )
    keys = _keys(s.ground)
    if "school_not_maintained" in keys:
        allowed = _NOT_MAINTAINED_2006 if s.ground.regime == "2006" else _NOT_MAINTAINED_2024
        if s.failing == "school_not_maintained":
            kinds = tuple(k for k in kinds if k not in allowed)
        else:
            kinds = tuple(k for k in kinds if k in allowed)
    if "boarder_at_maintained_or_academy" in keys:
        boarding_key = "boarder_at_maintained_or_academy"
        if s.failing == boarding_key and s.choose(boarding_key, ("day_pupil", "school")) == (
            "school"
        ):
            kinds = (SchoolKind.INDEPENDENT, SchoolKind.NON_MAINTAINED_SPECIAL)
        else:
            kinds = tuple(k for k in kinds if k in _BOARDING)
    return kinds


def _draw_scenario_school(s: _Scenario, calendar: SchoolCalendar, year: int) -> School:
    """A school of an allowed kind whose year groups include the pupil's (``year``)."""
    draw = s.draw
    kinds = _school_kinds(s)
    keys = _keys(s.ground)
    nursery = "nursery_completed" in keys
    year = max(-2, min(13, year))
    shapes = [(k, shape) for k in kinds for shape in _SHAPES[k] if shape[1] <= year <= shape[2]]
    if nursery:
        shapes = [(k, shape) for k, shape in shapes if shape[1] <= -1] or shapes
    if not shapes:
        shapes = [(k, shape) for k in kinds for shape in _SHAPES[k]]
    k, shape = _pick(draw, shapes)
    boarding = keys & {"boarder", "boarder_at_maintained_or_academy"}
    boarders = True if boarding or s.failing == "not_boarder" else None
    return School(**_school_fields(draw, k, shape, boarders), calendar=calendar)


def _draw_csa_dob(draw: st.DrawFn, day: date, low: int = 0, high: int = 11) -> date:
    """A date of birth of compulsory school age on ``day`` (within the encoded rules), in
    year group ``low`` to ``high`` where possible (years 1 to 10 always are)."""
    school_year = academic_year_of(day)
    for _ in range(3):
        cohort = school_year - draw(_ints(low, high)) - 5
        dob = _day_between(draw, date(cohort, 9, 1), date(cohort + 1, 8, 31))
        if compulsory_school_age_status(dob, day):
            return dob
    cohort = school_year - max(1, min(low, 7)) - 5
    return _day_between(draw, date(cohort, 9, 1), date(cohort + 1, 8, 31))


def _draw_non_csa_dob(draw: st.DrawFn, day: date, young: bool, min_age: int = 2) -> date:
    """A date of birth of a pupil not of compulsory school age on ``day``: aged ``min_age``
    to 4 (``young``), else 16 (when compulsory school age has ended) to 18."""
    if young:
        return _day_between(draw, _years_before(day, 5) + _ONE_DAY, _years_before(day, min_age))
    dob = _day_between(draw, _years_before(day, 19) + _ONE_DAY, _years_before(day, 16))
    if compulsory_school_age_status(dob, day) is False:
        return dob
    return _day_between(draw, _years_before(day, 19) + _ONE_DAY, _years_before(day, 17))


def _draw_scenario_day(draw: st.DrawFn, g: Ground, failing: str | None) -> date:
    low = _earliest_day(g)
    high = min(g.in_force.end or _DEFAULT_LAST_SCENARIO_DAY, _DEFAULT_LAST_SCENARIO_DAY)
    if high < low:
        high = max(low, g.in_force.end or low)
    if _CEASES in _keys(g) and failing != _CEASES:
        years = [
            y
            for y in range(low.year, high.year + 1)
            if low <= school_leaving_date(y) <= high and _leaver_dobs(school_leaving_date(y))
        ]
        if not years:
            raise InvalidArgument(f"ground {g.ref} cannot be met on any day of its period")
        leaving = school_leaving_date(_pick(draw, years))
        return max(low, leaving - timedelta(days=draw(_ints(0, 2))))
    return _day_between(draw, low, high)


def _draw_dob(draw: st.DrawFn, g: Ground, day: date, failing: str | None) -> date:
    keys = _keys(g)
    if _CEASES in keys:
        if failing == _CEASES:
            return _draw_csa_dob(draw, day, 7, 10)
        window = _leaver_dobs(school_leaving_date(day.year))
        assert window is not None
        return _day_between(draw, *window)
    if g.applies_to is _CSA:
        if "nursery_completed" in keys:
            return _draw_csa_dob(draw, day, 0, 1)
        return _draw_csa_dob(draw, day)
    if "nursery_completed" in keys:
        return _draw_non_csa_dob(draw, day, young=True, min_age=3)
    if "exclusion_took_effect" in keys:
        return _draw_non_csa_dob(draw, day, young=_chance(draw, 5))
    return _draw_non_csa_dob(draw, day, young=draw(st.booleans()))


def _scenario_calendar(
    draw: st.DrawFn, g: Ground, day: date, failing: str | None
) -> SchoolCalendar:
    """Two school years around ``day`` (so there are school days before it and after it);
    for the ceasing-to-be-of-compulsory-school-age grounds, the school does not meet between
    the day and the leaving date (INSET days)."""
    year = academic_year_of(day)
    first = year - 1 if day.month >= 9 else year
    closures: list[date] = []
    if _CEASES in _keys(g) and failing != _CEASES:
        leaving = school_leaving_date(day.year)
        closures = [day + timedelta(days=i) for i in range(1, (leaving - day).days + 1)]
        closures = [d for d in closures if d.weekday() < 5]
    return _draw_calendar(draw, first, first + 1, closures)


def _draw_scenario(draw: st.DrawFn, g: Ground, met: bool, day: date | None) -> DeletionScenario:
    if day is not None:
        _check_scenario(g, met, day)
    _, options = _failures(g, day)
    failing = None if met else _pick(draw, options)
    if day is None:
        day = _draw_scenario_day(draw, g, failing)
    dob = _draw_dob(draw, g, day, failing)
    s = _Scenario(draw, g, day, failing, dob)
    s.calendar = _scenario_calendar(draw, g, day, failing)
    year = year_group(dob, academic_year_of(day))
    s.school = _draw_scenario_school(s, s.calendar, year)
    first = max(s.calendar.first_school_day, REGIME_2006_START)
    last = s.calendar.school_day_on_or_before(day)
    s.days = s.calendar.school_days(first, last) if last >= first else ()
    for c in g.conditions:
        _BUILDERS[c.key](s, c, c.key == failing)
    return _finish(s)


def _finish(s: _Scenario) -> DeletionScenario:
    draw, school, day = s.draw, s.school, s.on
    fields = s.fields
    if s.sao is not None:
        fields["school_attendance_order"] = SchoolAttendanceOrder(**s.sao)
    if s.registrations is not None:
        fields["registered_elsewhere"] = [OtherRegistration(**r) for r in s.registrations]
    if s.certificate is not None:
        fields["medical_certificate"] = MedicalCertificate(**s.certificate)
    if school.kind.is_special_school and draw(st.booleans()):
        la = _pick(draw, (school.laestab[:3], _pick(draw, _ENGLISH_LA_CODES)))
        fields["la_placed_special_by"] = la
        fields["la_consent"] = Consent(by=la, on=s.past())
    pupil_id = _draw_pupil_id(draw)
    pupil = _draw_pupil(draw, pupil_id, s.dob)
    boarder = s.boarder
    if boarder is None and school.has_boarders:
        boarder = draw(st.booleans())
    entry = _scenario_entry(s, pupil, boarder)
    attendance = None
    if s.marks:
        marked = sorted(s.marks)
        attendance = _record(pupil_id, marked[0], marked[-1], s.marks)
    facts = DeletionFacts(
        pupil_id=pupil_id,
        school=school,
        date_of_birth=s.dob,
        entry=entry,
        attendance=attendance,
        boarder=s.boarder if s.boarder is not None else _pick(draw, (None, boarder)),
        **fields,
    )
    return DeletionScenario(facts=facts, on=day, ground=s.ground, failing=s.failing)


def _scenario_entry(s: _Scenario, pupil: Pupil, boarder: bool | None) -> AdmissionEntry | None:
    """The pupil's admission: entered on a school day before the marks (and, where the
    calendar allows, before the case began)."""
    calendar, draw = s.calendar, s.draw
    earliest = max(calendar.first_school_day, s.dob + timedelta(days=2 * 365))
    latest = min(s.on, *s.marks) if s.marks else s.on
    if earliest > latest:
        return None
    days = calendar.school_days(earliest, latest)
    if not days:
        return None
    day = _pick(draw, [d for d in days if d <= s.case_start] or days)
    dual = None
    if s.registrations and any(r.get("dual_registration_agreed") for r in s.registrations):
        dual = s.registrations[0]["school"]
    status = EnrolmentStatus.SINGLE
    if dual is not None:
        status = _pick(draw, (EnrolmentStatus.MAIN, EnrolmentStatus.SUBSIDIARY))
    entered = Entered(
        on=day,
        pupil=pupil,
        year_group=max(-2, min(13, year_group(s.dob, academic_year_of(day)))),
        enrolment_status=status,
        dual_registered_with=dual,
        boarder=boarder if s.school.has_boarders else None,
        recorded_by=_pick(draw, _ROLES),
    )
    return AdmissionEntry(pupil_id=pupil.pupil_id, events=(entered,))


@st.composite
def _deletion_scenarios(
    draw: st.DrawFn,
    grounds: SearchStrategy[tuple[Ground, ...]] | None,
    ground_values: SearchStrategy[object] | None,
    met: SearchStrategy[bool],
    on: SearchStrategy[date | None],
) -> DeletionScenario:
    day = draw(on)
    if grounds is not None:
        versions = draw(grounds)
    else:
        assert ground_values is not None
        versions = _ground_versions(draw(ground_values), "ground", day)
    is_met = draw(met)
    g = _pick(draw, versions) if day is None else _version_on(versions, day)
    return _draw_scenario(draw, g, is_met, day)


def deletion_scenarios(
    *,
    ground: str | Ground | SearchStrategy[str] | SearchStrategy[Ground],
    met: bool | SearchStrategy[bool] = True,
    on: date | SearchStrategy[date] | None = None,
) -> SearchStrategy[DeletionScenario]:
    """:class:`DeletionScenario` records: :class:`~cme_core.law.DeletionFacts` about a pupil
    at a school, judged on ``scenario.on``, under which
    ``assess_ground(scenario.ground, scenario.facts, scenario.on)`` is MET (``met=True``) or
    NOT_MET (``met=False``).

    ``ground`` is a :class:`~cme_core.law.Ground` (that version of the ground) or a reference
    :func:`cme_core.law.ground` accepts (``"9(1)(i)"``, ``"8(1)(f)"``: every version of the
    ground, the one in force on the drawn day), or a strategy of either, such as
    ``st.sampled_from(REGS_2024.grounds)``. ``on`` must be in the ground's period of force;
    by default one is drawn (to July 2029 for grounds still in force). The pupil's date of
    birth puts them in the ground's age group that day (EA 1996 s8): of compulsory school
    age for 8(1) / 9(1), not for 8(3) / 9(3).

    With ``met=False`` exactly one of the ground's own conditions fails and every other
    condition holds -- a near miss: 19 school days of absence, or a run broken by a mark
    within its last 20; the tenth school day after leave not yet reached; a notice not in
    writing; remand rather than a sentence; enquiries that found the pupil ... The failing
    condition is drawn (``scenario.failing`` names its key). A failure of the shared
    conditions (age, period of force, the special-school consent rule) is never drawn.

    School days are counted on a drawn calendar of the school's own (two school years
    around the day), and runs of absence are marked exactly: every session of the run carries
    a code that continues it under the ground's rule (G, N, O; for 2024 9(3)(c) also I, E,
    R, T from 19 August 2024), after a school day with a code that breaks it. Grounds that
    count school days of 2006 marks need ``on`` from 20 November 2006. 8(1)(k) and 9(1)(l)
    are met only on the last Friday in June or the two days before it (the school not meeting
    again before compulsory school age ends), from 2009 (earlier leavers' ages are not
    encoded). Judgments the law leaves to people are recorded with who made them and when.
    The facts hold the school (with its calendar), the pupil's date of birth and admission
    entry, and, for grounds that count school days, the attendance marks. A given ``on`` on
    which the ground cannot be drawn (met, if asked) raises InvalidArgument.

    >>> from hypothesis import given, settings
    >>> from cme_core.law import Outcome
    >>> @settings(max_examples=10)
    ... @given(
    ...     deletion_scenarios(ground="9(1)(i)"),
    ...     deletion_scenarios(ground="8(1)(h)", met=False),
    ... )
    ... def test_absence_grounds(met, near_miss):
    ...     assert met.assess().outcome is Outcome.MET
    ...     assessment = near_miss.assess()
    ...     assert assessment.outcome is Outcome.NOT_MET
    ...     assert [c.key for c in assessment.failing] == [near_miss.failing]
    >>> test_absence_grounds()
    """
    if isinstance(met, SearchStrategy):
        mets = met.map(lambda v: _check_bool(v, "met"))
    else:
        mets = st.just(_check_bool(met, "met"))
    day = None if isinstance(on, SearchStrategy) or on is None else _check_scenario_day(on, "on")
    days = _optional_values(on, "on", _check_scenario_day)
    if isinstance(ground, SearchStrategy):
        return _deletion_scenarios(None, ground, mets, days)
    versions = _ground_versions(ground, "ground", day)
    if day is not None:
        # A strategy for met may draw False only: check now what any draw needs.
        _check_scenario(_version_on(versions, day), met is True, day)
    return _deletion_scenarios(st.just(versions), None, mets, days)


# ---------------------------------------------------------------------------------------------
# Returns to the LA (as JSON payloads)
# ---------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReturnPayload:
    """One drawn return (see :func:`returns`): ``payload`` is the JSON data an MIS would send
    (``serialization.unstructure`` of a return object, possibly damaged), ``on`` the day it is
    judged on, ``kind`` the return's kind and ``problem`` the code it was drawn to carry
    (``None``: valid).
    """

    payload: dict[str, Any] = attrs.field(hash=False)
    on: date
    kind: str
    problem: str | None = None

    def validate(self, *, school: School | None = None) -> Report:
        """``validate_return(self.payload, on=self.on, school=school)``."""
        return validate_return(self.payload, on=self.on, school=school)


RETURN_KINDS: tuple[str, ...] = tuple(RETURN_TYPES)
"""The values :func:`returns` takes for ``kind``."""

_ALL_KINDS = frozenset(RETURN_KINDS)
_RETURN_PROBLEM_KINDS: dict[str, frozenset[str]] = {
    "CME-RET-001": _ALL_KINDS,
    "CME-RET-002": _ALL_KINDS,
    "CME-RET-003": _ALL_KINDS,
    "CME-RET-004": _ALL_KINDS,
    "CME-RET-005": frozenset({"deletion"}),
    "CME-RET-006": frozenset({"deletion"}),
    "CME-RET-007": frozenset({"new_pupil", "deletion"}),
    "CME-RET-008": frozenset({"deletion"}),
    "CME-RET-009": _ALL_KINDS,
    "CME-RET-011": frozenset({"attendance", "sickness"}),
    "CME-RET-012": frozenset({"new_pupil", "deletion"}),
    "CME-RET-014": frozenset({"deletion"}),
    "CME-RET-015": frozenset({"attendance"}),
    "CME-RET-016": frozenset({"sickness"}),
    "1510": _ALL_KINDS,
    "CME-WIRE-001": _ALL_KINDS,
    "CME-WIRE-002": _ALL_KINDS,
    "CME-WIRE-003": _ALL_KINDS,
    "CME-WIRE-004": _ALL_KINDS,
}
RETURN_PROBLEMS: tuple[str, ...] = tuple(_RETURN_PROBLEM_KINDS)
"""The problem codes :func:`returns` can draw payloads for (``valid=False``), every one an
ERROR: content problems of :func:`cme_core.returns.check_return` (``CME-RET-*``), the UPN
check letter (census rule 1510), and wire problems of :mod:`cme_core.serialization`
(``CME-WIRE-001`` missing field, ``-002`` wrong JSON type, ``-003`` value not allowed,
``-004`` not a real ISO date). :func:`return_problem_kinds` says which kinds can carry each."""

_FIRST_RETURN_DAY: dict[str, date] = {
    "new_pupil": date(2016, 9, 1),
    "deletion": REGIME_2006_START,
    "attendance": REGIME_2006_START,
    "sickness": REGIME_2024_START,
}
"""The first day each kind of return existed (return_rules: SI 2016/792; SI 2024/208 reg 13)."""
_DEFAULT_LAST_RETURN_DAY = date(2029, 7, 31)
_EVENT_FIELD = {
    "new_pupil": "entered_on",
    "deletion": "deleted_on",
    "attendance": "period_end",
    "sickness": "recorded_on",
}
_DELETION_GROUNDS_AS_MADE: tuple[str, ...] = next(
    r.grounds for r in REGS_2006.returns if r.grounds is not None
)
"""2006 reg 12(3) as made (to 31 Aug 2016): deletion returns for 8(1)(d), (e), (g), (i), (m)."""
_BAD_REGIMES = ("2016", "2025", "2006/1751", "SI 2024/208", "", "1996")
_BAD_DATES = ("2025-02-30", "2023-02-29", "2024-13-01", "06/01/2025", "2025-1-6", "20250106",
              "yesterday", "")  # fmt: skip
_CAUSES = (None, None, "illness", "family holiday", "caring responsibilities", "not known")


def return_problem_kinds(problem: str) -> frozenset[str]:
    """The kinds of return :func:`returns` can draw with ``problem`` (one of
    :data:`RETURN_PROBLEMS`).

    >>> sorted(return_problem_kinds("CME-RET-012"))
    ['deletion', 'new_pupil']
    """
    if not isinstance(problem, str) or problem not in _RETURN_PROBLEM_KINDS:
        raise InvalidArgument(
            f"problem must be one of {list(RETURN_PROBLEMS)}, got {problem!r:.20}"
        )
    return _RETURN_PROBLEM_KINDS[problem]


def _check_kind_name(value: object, name: str) -> str:
    if not isinstance(value, str) or value not in RETURN_TYPES:
        raise InvalidArgument(f"{name} must be one of {list(RETURN_KINDS)}, got {value!r:.20}")
    return value


def _check_return_day(value: object, name: str) -> date:
    return _check_on(value, name)


def _check_problem(value: object, name: str) -> str:
    return_problem_kinds(value)  # type: ignore[arg-type]
    assert isinstance(value, str)
    return value


def _first_return_day(kind: str, problem: str | None) -> date:
    """The first judging day for which a return of ``kind`` with ``problem`` can be drawn
    (a return of a kind that did not yet exist can only carry CME-RET-004)."""
    return REGIME_2006_START if problem == "CME-RET-004" else _FIRST_RETURN_DAY[kind]


def _check_return_args(kind: str, problem: str | None, on: date | None) -> None:
    if problem is not None and kind not in return_problem_kinds(problem):
        raise InvalidArgument(
            f"a {kind} return cannot carry {problem}: that problem needs one of "
            f"{sorted(return_problem_kinds(problem))}"
        )
    if on is not None and on < _first_return_day(kind, problem):
        raise InvalidArgument(
            f"no {kind} return existed on {on}: on= must be from "
            f"{_first_return_day(kind, problem)} for this return"
        )


def _recent(draw: st.DrawFn, first: date, on: date, days: int = 365) -> date:
    """A day from ``first`` (or ``days`` before ``on``, if later) to ``on``."""
    return _day_between(draw, max(first, on - timedelta(days=days)), on)


def _return_pupil(
    draw: st.DrawFn, dob: date, *, particulars: bool, regime: str, lived_with_only: bool
) -> Pupil:
    """A pupil with every particular a return needs: sex, the name used at school, an address,
    parents with addresses, one the pupil lives with (with an emergency phone number)."""
    pupil = _draw_pupil(draw, _draw_pupil_id(draw), dob)
    parents = tuple(
        p if p.address is not None else attrs.evolve(p, address=pupil.address)
        for p in pupil.parents
        if p.lives_with_pupil or not lived_with_only
    )
    changes: dict[str, Any] = {"parents": parents}
    if particulars:
        if pupil.sex is None:
            changes["sex"] = _pick(draw, tuple(Sex))
        if regime == "2024" and not pupil.name_used_at_school:
            changes["name_used_at_school"] = (pupil.full_name or "Sam").split()[0]
    return attrs.evolve(pupil, **changes)


def _draw_return_dob(draw: st.DrawFn, day: date, csa: bool | None) -> date:
    """A date of birth whose compulsory-school-age status on ``day`` the encoded rules
    decide: of compulsory school age (``csa``), or not, or either (``None``: any pupil)."""
    if csa is None:
        csa = draw(_ints(0, 4)) > 0
    if csa:
        return _draw_csa_dob(draw, day)
    return _draw_non_csa_dob(draw, day, young=draw(st.booleans()))


def _submitted(draw: st.DrawFn, first: date, last: date) -> date | None:
    return None if draw(st.booleans()) or last < first else _day_between(draw, first, last)


def _dual(draw: st.DrawFn) -> tuple[EnrolmentStatus, OtherSchool | None]:
    single, main, subsidiary = (
        EnrolmentStatus.SINGLE,
        EnrolmentStatus.MAIN,
        EnrolmentStatus.SUBSIDIARY,
    )
    status = _pick(draw, (single, single, single, main, subsidiary))
    return status, _draw_other_school(draw) if status.is_dual else None


def _new_pupil_return(draw: st.DrawFn, on: date, entered: date) -> NewPupilReturn:
    regime = regime_for(entered).id
    starting = entered + timedelta(days=draw(_ints(-10, 14)))
    starting = min(starting, on)
    dob = _draw_return_dob(draw, starting, None)
    status, partner = _dual(draw)
    return NewPupilReturn(
        regime=regime,
        school_laestab=_draw_laestab(draw),
        pupil=_return_pupil(draw, dob, particulars=True, regime=regime, lived_with_only=False),
        entered_on=entered,
        starting_day=starting,
        year_group=max(-2, min(13, year_group(dob, academic_year_of(starting)))),
        enrolment_status=status,
        dual_registered_with=partner,
        boarder=_pick(draw, (None, False, True)),
        last_school=_draw_other_school(draw) if draw(st.booleans()) else None,
        submitted_on=_submitted(draw, entered, min(on, entered + timedelta(days=5))),
    )


def _deletion_return(
    draw: st.DrawFn, on: date, deleted: date, csa: bool | None = None
) -> DeletionReturn:
    regime = regime_by_id(regime_for(deleted).id)
    rule_grounds = None if deleted >= date(2016, 9, 1) else _DELETION_GROUNDS_AS_MADE
    if rule_grounds is not None:
        csa = True  # 2006 reg 12(3) as made: only grounds for pupils of compulsory school age
    dob = _draw_return_dob(draw, deleted, csa)
    scope = (
        AgeScope.COMPULSORY_SCHOOL_AGE
        if compulsory_school_age_status(dob, deleted)
        else AgeScope.NOT_COMPULSORY_SCHOOL_AGE
    )
    grounds = [
        g
        for g in regime.grounds_on(deleted, applies_to=scope)
        if rule_grounds is None or g.ref in rule_grounds
    ]
    g = _pick(draw, grounds)
    entered = deleted - timedelta(days=draw(_ints(0, 1500)))
    entered = max(entered, dob + timedelta(days=2 * 365))
    met = deleted - timedelta(days=draw(_ints(0, 10)))
    status, partner = _dual(draw)
    pupil = _return_pupil(
        draw, dob, particulars=False, regime=regime.id, lived_with_only=draw(st.booleans())
    )
    if regime.id == "2006" and draw(st.booleans()):
        pupil = attrs.evolve(pupil, address=None)
    future = None
    if draw(st.booleans()):
        future = FutureAddress(
            address=_draw_any_address(draw),
            parent_names=tuple(p.full_name for p in pupil.parents[:1] if p.full_name),
            from_date=deleted + timedelta(days=draw(_ints(-10, 30))),
        )
    return DeletionReturn(
        regime=regime.id,
        school_laestab=_draw_laestab(draw),
        pupil=pupil,
        deleted_on=deleted,
        ground=g.ref,
        ground_met_on=_pick(draw, (None, min(met, deleted))),
        entered_on=_pick(draw, (None, entered)) if entered <= deleted else None,
        year_group=max(-2, min(13, year_group(dob, academic_year_of(deleted)))),
        future_address=future,
        other_school=_draw_other_school(draw, deleted) if draw(st.booleans()) else None,
        la_enquiries_on=(
            deleted - timedelta(days=draw(_ints(0, 20))) if g.requires_joint_enquiries else None
        ),
        enrolment_status=_pick(draw, (None, status)),
        dual_registered_with=partner,
        submitted_on=_pick(draw, (None, deleted)),
    )


def _attendance_return(draw: st.DrawFn, on: date, end: date, csa: bool = True) -> AttendanceReturn:
    regime = regime_for(end).id
    start = end - timedelta(days=draw(_ints(0, 120)))
    reasons = _pick(
        draw,
        (
            ("continuous_absence",),
            ("irregular_attendance",),
            ("continuous_absence", "irregular_attendance"),
        ),
    )
    dob = _draw_return_dob(draw, end, csa)
    run = draw(_ints(10, 60)) if "continuous_absence" in reasons else draw(_ints(0, 9))
    rate = draw(_ints(0, 8999 if "irregular_attendance" in reasons else 10000)) / 10000
    return AttendanceReturn(
        regime=regime,
        school_laestab=_draw_laestab(draw),
        pupil=_return_pupil(draw, dob, particulars=False, regime=regime, lived_with_only=True),
        period_start=start,
        period_end=end,
        reasons=reasons,
        longest_run_school_days=_pick(draw, (None, run)),
        attendance_rate=_pick(draw, (None, rate)),
        cause=_pick(draw, _CAUSES) if regime == "2006" else None,
        submitted_on=_submitted(draw, end, on),
    )


def _sickness_return(draw: st.DrawFn, on: date, recorded: date, csa: bool = True) -> SicknessReturn:
    tests = _pick(draw, ((True, False), (False, True), (True, True)))
    dob = _draw_return_dob(draw, recorded, csa)
    return SicknessReturn(
        regime="2024",
        school_laestab=_draw_laestab(draw),
        pupil=_return_pupil(draw, dob, particulars=False, regime="2024", lived_with_only=True),
        recorded_on=recorded,
        period_start=recorded - timedelta(days=draw(_ints(0, 30))),
        consecutive=tests[0],
        total=tests[1],
        submitted_on=_submitted(draw, recorded, on),
    )


def _draw_laestab(draw: st.DrawFn) -> str:
    return f"{_pick(draw, _ENGLISH_LA_CODES)}{draw(_ints(2000, 7999)):04d}"


def _valid_return(draw: st.DrawFn, kind: str, on: date, event: date | None = None) -> Any:
    """A return of ``kind`` with no ERROR on ``on`` (its event on ``event`` if given)."""
    day = _recent(draw, _FIRST_RETURN_DAY[kind], on) if event is None else event
    if kind == "new_pupil":
        return _new_pupil_return(draw, on, day)
    if kind == "deletion":
        return _deletion_return(draw, on, day)
    if kind == "attendance":
        return _attendance_return(draw, on, day)
    return _sickness_return(draw, on, day)


def _damaged_return(draw: st.DrawFn, kind: str, on: date, problem: str) -> Any:
    """A return of ``kind`` carrying ``problem`` (content problems; wire ones come later)."""
    if problem == "CME-RET-004":
        return _no_return_then(draw, kind, on)
    ret = _valid_return(draw, kind, on)
    later = on + timedelta(days=draw(_ints(1, 90)))
    if problem == "CME-RET-001":
        return _missing_particular(draw, ret)
    if problem == "CME-RET-002":
        return attrs.evolve(ret, regime=_pick(draw, _BAD_REGIMES))
    if problem == "CME-RET-003":
        return attrs.evolve(ret, regime="2024" if ret.regime == "2006" else "2006")
    if problem == "CME-RET-005":
        return _unknown_ground(draw, ret)
    if problem == "CME-RET-006":
        return _ground_for_other_age(draw, on, ret)
    if problem == "CME-RET-007":
        return _before_birth(draw, ret)
    if problem == "CME-RET-008":
        return attrs.evolve(ret, entered_on=ret.deleted_on + timedelta(days=draw(_ints(1, 30))))
    if problem == "CME-RET-009":
        field = _pick(draw, [f for f in _RETURN_DATE_FIELDS[kind] if getattr(ret, f) is not None])
        return attrs.evolve(ret, **{field: later})
    if problem == "CME-RET-011":
        event = getattr(ret, _EVENT_FIELD[kind])
        builder = _attendance_return if kind == "attendance" else _sickness_return
        return builder(draw, on, event, csa=False)
    if problem == "CME-RET-012":
        if draw(st.booleans()):
            status = EnrolmentStatus.SINGLE
            return attrs.evolve(
                ret, enrolment_status=status, dual_registered_with=_draw_other_school(draw)
            )
        status = _pick(draw, (EnrolmentStatus.MAIN, EnrolmentStatus.SUBSIDIARY))
        return attrs.evolve(ret, enrolment_status=status, dual_registered_with=None)
    if problem == "CME-RET-014":
        return attrs.evolve(ret, ground_met_on=ret.deleted_on + timedelta(days=draw(_ints(1, 30))))
    if problem == "CME-RET-015":
        start = ret.period_end + timedelta(days=draw(_ints(1, 60)))
        return attrs.evolve(ret, period_start=start)
    if problem == "CME-RET-016":
        return attrs.evolve(ret, consecutive=False, total=False)
    assert problem == "1510", problem
    bad = _failing_1510(draw)
    return attrs.evolve(ret, pupil=attrs.evolve(ret.pupil, upn=bad, upn_unknown_reason=None))


_RETURN_DATE_FIELDS = {
    "new_pupil": ("entered_on", "starting_day"),
    "deletion": ("deleted_on", "ground_met_on", "entered_on", "la_enquiries_on"),
    "attendance": ("period_start", "period_end"),
    "sickness": ("recorded_on", "period_start"),
}


def _missing_particular(draw: st.DrawFn, ret: Any) -> Any:
    """``ret`` without one particular its kind (and regime) requires."""
    pupil: Pupil = ret.pupil
    options = ["full_name", "date_of_birth"]
    if isinstance(ret, AttendanceReturn | SicknessReturn) or ret.regime == "2024":
        options.append("address")
    if isinstance(ret, NewPupilReturn):
        options += ["sex", "parents", "parent_address"]
        if ret.regime == "2024":
            options.append("name_used_at_school")
    if isinstance(ret, DeletionReturn):
        options = ["full_name", "ground", "lives_with", "parent_address", *options[2:]]
    missing = _pick(draw, options)
    if missing == "ground":
        return attrs.evolve(ret, ground=_pick(draw, ("", "  ")))
    if missing in ("full_name", "date_of_birth", "address", "sex", "name_used_at_school"):
        blank: dict[str, Any] = {missing: None}
        return attrs.evolve(ret, pupil=attrs.evolve(pupil, **blank))
    if missing == "parents":
        return attrs.evolve(ret, pupil=attrs.evolve(pupil, parents=()))
    if missing == "lives_with":
        parents = tuple(attrs.evolve(p, lives_with_pupil=False) for p in pupil.parents)
        return attrs.evolve(ret, pupil=attrs.evolve(pupil, parents=parents))
    living = [i for i, p in enumerate(pupil.parents) if p.lives_with_pupil]
    i = _pick(draw, living)
    changed = [attrs.evolve(p, address=None) if j == i else p for j, p in enumerate(pupil.parents)]
    return attrs.evolve(ret, pupil=attrs.evolve(pupil, parents=tuple(changed)))


def _no_return_then(draw: st.DrawFn, kind: str, on: date) -> Any:
    """A return for an event on a day when no return of its kind existed: before the 2006
    Regulations, or (by kind) a new-pupil return before September 2016, a sickness return
    before 19 August 2024, a deletion before September 2016 on a ground without a return."""
    if draw(st.booleans()) or kind == "attendance":
        event = _day_between(draw, date(2005, 1, 1), REGIME_2006_START - _ONE_DAY)
        ret = _valid_return(draw, kind, on, REGIME_2024_START if kind == "sickness" else on)
        fields = {_EVENT_FIELD[kind]: event, "regime": "2006"}
        if kind == "attendance":
            fields["period_start"] = event - timedelta(days=draw(_ints(0, 60)))
        elif kind == "sickness":
            fields["period_start"] = event
        elif kind == "deletion":
            fields.update(ground="8(1)(d)", ground_met_on=None, entered_on=None)
        elif kind == "new_pupil":
            fields["starting_day"] = event
        return attrs.evolve(ret, **fields)
    last = min(on, date(2016, 8, 31) if kind != "sickness" else REGIME_2024_START - _ONE_DAY)
    event = _day_between(draw, REGIME_2006_START, last)
    if kind == "new_pupil":
        return _new_pupil_return(draw, on, event)
    if kind == "sickness":
        return attrs.evolve(_sickness_return(draw, on, event), regime="2006")
    ret = _deletion_return(draw, on, event, csa=True)
    others = [
        g.ref
        for g in REGS_2006.grounds_on(event, applies_to=AgeScope.COMPULSORY_SCHOOL_AGE)
        if g.ref not in _DELETION_GROUNDS_AS_MADE
    ]
    return attrs.evolve(ret, ground=_pick(draw, others))


def _unknown_ground(draw: st.DrawFn, ret: DeletionReturn) -> DeletionReturn:
    """A ground no regime has, another regime's, or one not yet in force on the day."""
    other = "9(1)(a)" if ret.regime == "2006" else "8(1)(b)"
    options = [other, "8(1)(p)", "9(2)(a)", "moved away", "16", "reg 10(1)(b)"]
    if ret.deleted_on < date(2011, 9, 1):
        options.append("8(1)(o)")
    return attrs.evolve(ret, ground=_pick(draw, options), la_enquiries_on=None)


def _ground_for_other_age(draw: st.DrawFn, on: date, ret: DeletionReturn) -> DeletionReturn:
    """A ground for the other age group than the pupil's on the day of deletion."""
    deleted = ret.deleted_on
    if deleted < date(2016, 9, 1):
        young = _draw_non_csa_dob(draw, deleted, young=draw(st.booleans()))
        pupil = attrs.evolve(ret.pupil, date_of_birth=young)
        return attrs.evolve(ret, pupil=pupil, entered_on=None)
    regime = regime_by_id(ret.regime)
    dob = ret.pupil.date_of_birth
    assert dob is not None
    other = (
        AgeScope.NOT_COMPULSORY_SCHOOL_AGE
        if compulsory_school_age_status(dob, deleted)
        else AgeScope.COMPULSORY_SCHOOL_AGE
    )
    g = _pick(draw, regime.grounds_on(deleted, applies_to=other))
    return attrs.evolve(ret, ground=g.ref, la_enquiries_on=deleted)


def _before_birth(draw: st.DrawFn, ret: Any) -> Any:
    """An entry dated before the pupil's birth."""
    if isinstance(ret, NewPupilReturn):
        dob = ret.starting_day + timedelta(days=draw(_ints(1, 400)))
        return attrs.evolve(ret, pupil=attrs.evolve(ret.pupil, date_of_birth=dob))
    dob = ret.pupil.date_of_birth
    assert dob is not None
    entered = dob - timedelta(days=draw(_ints(1, 400)))
    return attrs.evolve(ret, entered_on=entered)


def _wire_damage(draw: st.DrawFn, kind: str, payload: dict[str, Any], problem: str) -> None:
    """Damage ``payload`` in place so loading it reports ``problem``."""
    pupil = payload["pupil"]
    if problem == "CME-WIRE-001":
        cls = RETURN_TYPES[kind]
        required = [
            a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING and a.name != "kind"
        ]
        where = _pick(draw, (*required, "kind", "pupil.pupil_id"))
        if where == "pupil.pupil_id":
            del pupil["pupil_id"]
        else:
            del payload[where]
    elif problem == "CME-WIRE-004":
        dates = [f for f in _RETURN_DATE_FIELDS[kind] if f in payload]
        where = _pick(draw, [*dates, "pupil.date_of_birth"])
        target = pupil if where == "pupil.date_of_birth" else payload
        target[where.removeprefix("pupil.")] = _pick(draw, _BAD_DATES)
    elif problem == "CME-WIRE-002":
        options: list[tuple[dict[str, Any], str, object]] = [
            (payload, "school_laestab", int(payload["school_laestab"])),
            (payload, "regime", int(payload.get("regime", "2024"))),
            (payload, "pupil", pupil.get("pupil_id", "P1")),
            (pupil, "pupil_id", draw(_ints(1, 99_999))),
            (payload, _EVENT_FIELD[kind], int(payload[_EVENT_FIELD[kind]].replace("-", ""))),
        ]
        if "year_group" in payload:
            options.append((payload, "year_group", str(payload["year_group"])))
        if kind == "sickness":
            options.append((payload, "consecutive", "true"))
        target, key, value = _pick(draw, options)
        target[key] = value
    else:
        assert problem == "CME-WIRE-003", problem
        options3: list[tuple[dict[str, Any], str, object]] = [
            (payload, "kind", _pick(draw, ("new-pupil", "Deletion", "absence", "sick"))),
            (pupil, "sex", _pick(draw, ("male", "X", "U", "f"))),
        ]
        if kind in ("new_pupil", "deletion"):
            options3.append((payload, "enrolment_status", _pick(draw, ("D", "single", "main"))))
        target, key, value = _pick(draw, options3)
        target[key] = value


@st.composite
def _returns(
    draw: st.DrawFn,
    kinds: SearchStrategy[str],
    valid: bool,
    problems: SearchStrategy[str | None],
    on: SearchStrategy[date | None],
) -> ReturnPayload:
    day = draw(on)
    kind = draw(kinds)
    problem = draw(problems)
    if not valid and problem is None:
        problem = _pick(
            draw,
            [
                p
                for p in RETURN_PROBLEMS
                if kind in _RETURN_PROBLEM_KINDS[p]
                and (day is None or day >= _first_return_day(kind, p))
            ],
        )
    _check_return_args(kind, problem, day)
    if day is None:
        first = _first_return_day(kind, problem)
        day = _day_between(draw, first, _DEFAULT_LAST_RETURN_DAY)
    if problem is None or problem.startswith("CME-WIRE"):
        ret = _valid_return(draw, kind, day)
    else:
        ret = _damaged_return(draw, kind, day, problem)
    payload: dict[str, Any] = unstructure(ret)
    if problem is not None and problem.startswith("CME-WIRE"):
        _wire_damage(draw, kind, payload, problem)
    return ReturnPayload(payload=payload, on=day, kind=kind, problem=problem)


def returns(
    *,
    kind: str | SearchStrategy[str],
    valid: bool = True,
    problem: str | SearchStrategy[str] | None = None,
    on: date | SearchStrategy[date] | None = None,
) -> SearchStrategy[ReturnPayload]:
    """Returns to the LA as the JSON payloads an MIS would send, in :class:`ReturnPayload`
    records (``record.payload``, judged on ``record.on``).

    ``kind`` is ``"new_pupil"``, ``"deletion"``, ``"attendance"`` or ``"sickness"``
    (:data:`RETURN_KINDS`), or a strategy of them. With ``valid=True``,
    ``validate_return(record.payload, on=record.on)`` finds no ERROR: the regime is the one in
    force on the return's date (SI 2006/1751 to 18 August 2024, SI 2024/208 from 19 August
    2024), no date is after ``on``, submissions are on time, every particular the regime
    requires is there (queries, such as a temporary UPN, may occur). ``on`` is the judging
    day (by default one is drawn, up to July 2029); it must be a day on which the kind of
    return existed: new-pupil returns from 1 September 2016, sickness returns from 19 August
    2024, the others from 1 September 2006.

    With ``valid=False`` the payload carries ``problem`` -- one of :data:`RETURN_PROBLEMS`
    (ERROR codes; :func:`return_problem_kinds` gives the kinds that can carry each), or a
    strategy of them; by default one is drawn for the kind -- among the problems
    ``validate_return`` reports (others may come with it: a wire problem stops the content
    checks, and a date moved after ``on`` may also change the regime in force).

    >>> from hypothesis import given, settings
    >>> from cme_core.submissions import validate_return
    >>> @settings(max_examples=10)
    ... @given(
    ...     returns(kind="deletion"),
    ...     returns(kind="deletion", valid=False, problem="CME-RET-005"),
    ... )
    ... def test_deletion_returns(good, bad):
    ...     assert validate_return(good.payload, on=good.on).errors == ()
    ...     assert "CME-RET-005" in validate_return(bad.payload, on=bad.on).codes
    >>> test_deletion_returns()
    """
    _check_bool(valid, "valid")
    if valid and problem is not None:
        raise InvalidArgument("problem= needs valid=False")
    kinds = _values(kind, "kind", _check_kind_name)
    problems = _optional_values(problem, "problem", _check_problem)
    day = None if on is None or isinstance(on, SearchStrategy) else _check_return_day(on, "on")
    if isinstance(kind, str) and not isinstance(problem, SearchStrategy):
        # Without a problem, valid=False may draw CME-RET-004 (which any day allows).
        _check_return_args(kind, problem or (None if valid else "CME-RET-004"), day)
    return _returns(kinds, valid, problems, _optional_values(on, "on", _check_return_day))
