"""Strategies for people: :func:`dates_of_birth`, :func:`phone_numbers`, :func:`addresses`,
:func:`parents` and :func:`pupils`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs

from cme_core.people import Address, Parent, PhoneNumber, Pupil, Sex, UpnUnknownReason
from cme_core.school_age import academic_year_of, age_on, compulsory_school_age_status
from cme_core.strategies._common import (
    _ONE_DAY,
    InvalidArgument,
    SearchStrategy,
    _chance,
    _check_bool,
    _check_date,
    _check_int,
    _check_str,
    _day_between,
    _ints,
    _optional_values,
    _pick,
    _values,
    assume,
    st,
)
from cme_core.strategies._identifiers import (
    _DIGITS,
    _INVALID_UPNS,
    _PREFIXES,
    INVALID_UPN_RULES,
    _draw_upn,
)

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


def _draw_dob(
    draw: st.DrawFn,
    csa_day: date | None,
    ref: date | None,
    min_age: int | None,
    max_age: int | None,
) -> date:
    """A date of birth: of compulsory school age on ``csa_day`` (if given), aged ``min_age``
    to ``max_age`` on ``ref`` (by default ``csa_day``)."""
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


@st.composite
def _dates_of_birth(
    draw: st.DrawFn,
    csa_on: SearchStrategy[date | None],
    on: SearchStrategy[date | None],
    min_age: int | None,
    max_age: int | None,
) -> date:
    return _draw_dob(draw, draw(csa_on), draw(on), min_age, max_age)


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

    >>> from datetime import date
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
    valid: SearchStrategy[bool],
    on: SearchStrategy[date | None],
    pupil_id: SearchStrategy[str] | None,
    date_of_birth: SearchStrategy[date] | None,
) -> Pupil:
    is_valid = draw(valid)
    day = draw(on)
    if date_of_birth is not None:
        dob = draw(date_of_birth)
    elif day is not None:
        dob = _draw_dob(draw, None, day, 2, 18)
    else:
        dob = _day_between(draw, *_DEFAULT_DOB_RANGE)
    if day is not None and dob > day and is_valid:
        raise InvalidArgument("date_of_birth must not be after on= for a valid pupil")
    pid = _draw_pupil_id(draw) if pupil_id is None else draw(pupil_id)
    pupil = _draw_pupil(draw, pid, dob)
    if is_valid:
        return pupil
    allowed = [c for c in _CORRUPTIONS if day is not None or c != "dob_after_on"]
    for corruption in sorted({_pick(draw, allowed) for _ in range(draw(_ints(1, 3)))}):
        pupil = _corrupt(draw, pupil, corruption, day)
    return pupil


_TRUE = st.just(True)
_PUPILS = _pupils(_TRUE, st.none(), None, None)


def pupils(
    *,
    valid: bool | SearchStrategy[bool] = True,
    on: date | SearchStrategy[date] | None = None,
    pupil_id: str | SearchStrategy[str] | None = None,
    date_of_birth: date | SearchStrategy[date] | None = None,
) -> SearchStrategy[Pupil]:
    """:class:`~cme_core.people.Pupil` values.

    ``valid=True``: ``pupil.problems(on=on)`` has no ERROR (queries, such as for a temporary
    UPN, may occur). ``valid=False``: at least one ERROR (a missing name or date of birth, a
    bad UPN, address, postcode or phone, a parent with no name or no emergency number ...).
    ``on`` is the day the pupil is judged on; dates of birth are then 2 to 18 years before it,
    unless ``date_of_birth`` says otherwise. Each argument may also be a strategy, such as
    ``valid=st.booleans()``.

    >>> from datetime import date
    >>> from hypothesis import given, settings, strategies as st
    >>> day = date(2025, 1, 6)
    >>> @settings(max_examples=20)
    ... @given(pupils(on=day), pupils(valid=False, on=day), pupils(valid=st.booleans()))
    ... def test_pupils(good, bad, either):
    ...     assert not any(p.is_error for p in good.problems(on=day))
    ...     assert any(p.is_error for p in bad.problems(on=day))
    >>> test_pupils()
    """
    if not isinstance(valid, SearchStrategy):
        _check_bool(valid, "valid")
    if on is not None and not isinstance(on, SearchStrategy):
        _check_date(on, "on")
    ids = None if pupil_id is None else _values(pupil_id, "pupil_id", _check_str)
    dobs = None if date_of_birth is None else _values(date_of_birth, "date_of_birth", _check_date)
    if valid is True and on is None and ids is None and dobs is None:
        return _PUPILS
    return _pupils(
        _values(valid, "valid", _check_bool), _optional_values(on, "on", _check_date), ids, dobs
    )
