"""The 2006-regime attendance codes as data: SI 2006/1751 reg 6 categories, letters from DfE
guidance.

Private: import :data:`~cme_core.attendance_codes.CODES_2006` from
:mod:`cme_core.attendance_codes`.
"""

from __future__ import annotations

from datetime import date

from cme_core.attendance_codes._records import (
    REGIME_2006,
    REGIME_2006_END,
    REGIME_2006_START,
    AttendanceCode,
    Category,
    CodeSet,
    RunEffect,
    Treatment,
    _leave_run,
)

_DFE_2006 = "DfE attendance-code guidance and school census guidance (2006-2024)"
_SRC_2006 = (
    "DfE attendance-code guidance: the 2006 Regulations (SI 2006/1751 reg 6) define "
    "categories, not letter codes"
)

_B = RunEffect.BREAKS
_C = RunEffect.CONTINUES
_NEU = RunEffect.NEUTRAL
_A = Treatment.AUTHORISED_ABSENCE
_U = Treatment.UNAUTHORISED_ABSENCE
_NP = Treatment.NOT_POSSIBLE

# ---------------------------------------------------------------------------------------------
# The data: 2006 (SI 2006/1751 reg 6 categories; letters from DfE guidance)
# ---------------------------------------------------------------------------------------------

_F_RETIRED = date(2013, 8, 31)
"""Last day of code F (unverified): DfE withdrew it from September 2013, when SI 2013/756
omitted reg 7(3)-(4) (the family-holiday leave provisions). Sources: MIS vendor and LA notes."""


def _c06(
    code: str,
    meaning: str,
    category: Category,
    treatment: Treatment,
    *,
    citation: str,
    treatment_verified: bool,
    run: RunEffect = _B,
    ret: RunEffect = _B,
    in_force_to: date = REGIME_2006_END,
    note: str = "",
) -> AttendanceCode:
    return AttendanceCode(
        code=code,
        meaning=meaning,
        regime=REGIME_2006,
        category=category,
        treatment=treatment,
        citation=citation,
        in_force_from=REGIME_2006_START,
        in_force_to=in_force_to,
        verified=False,
        treatment_verified=treatment_verified,
        source=_SRC_2006,
        twenty_day_run=run,
        ten_day_return=ret,
        leave_run=_leave_run(
            code,
            treatment,
            run,
            leave=treatment is Treatment.AUTHORISED_ABSENCE,
            absences_only=True,
        ),
        note=note,
    )


_R6 = "SI 2006/1751 reg "
_PRES = Category.PRESENT
_AEA = Category.APPROVED_EDUCATIONAL_ACTIVITY
_AUTH = Category.AUTHORISED_ABSENCE
_UNAUTH = Category.UNAUTHORISED_ABSENCE
_ADMIN = Category.ADMINISTRATIVE
_LEAVE_06 = _R6 + "6(2)(a), 7 (leave of absence)"

_CODES_2006: tuple[AttendanceCode, ...] = (
    _c06(
        "/",
        "present (morning session)",
        _PRES,
        Treatment.PRESENT,
        citation=_R6 + "6(1)(a)(i)",
        treatment_verified=True,
    ),
    _c06(
        "\\",
        "present (afternoon session)",
        _PRES,
        Treatment.PRESENT,
        citation=_R6 + "6(1)(a)(i)",
        treatment_verified=True,
    ),
    _c06(
        "L",
        "late, arrived before the register closed",
        _PRES,
        Treatment.PRESENT,
        citation=_R6 + "6(1)(a)(i)",
        treatment_verified=True,
    ),
    _c06(
        "B",
        "off-site educational activity",
        _AEA,
        Treatment.APPROVED_ACTIVITY,
        citation=_R6 + "6(1)(a)(iii), 6(4)(a)",
        treatment_verified=True,
    ),
    _c06(
        "D",
        "dual registered: attending another school at which registered",
        _AEA,
        _NP,
        citation=_R6 + "6(1)(a)(iii), 6(4)(b)",
        treatment_verified=False,
        note="an approved educational activity in law; not a possible session at this school "
        "per DfE guidance (unverified)",
    ),
    _c06(
        "J",
        "at an interview with a prospective employer or educational establishment",
        _AEA,
        Treatment.APPROVED_ACTIVITY,
        citation="DfE guidance (interviews are not listed in SI 2006/1751 reg 6(4))",
        treatment_verified=False,
    ),
    _c06(
        "P",
        "approved sporting activity",
        _AEA,
        Treatment.APPROVED_ACTIVITY,
        citation=_R6 + "6(1)(a)(iii), 6(4)(a)(ii)",
        treatment_verified=True,
    ),
    _c06(
        "V",
        "educational visit or trip",
        _AEA,
        Treatment.APPROVED_ACTIVITY,
        citation=_R6 + "6(1)(a)(iii), 6(4)(a)",
        treatment_verified=True,
    ),
    _c06(
        "W",
        "work experience",
        _AEA,
        Treatment.APPROVED_ACTIVITY,
        citation=_R6 + "6(1)(a)(iii), 6(4)(a)(ii)",
        treatment_verified=True,
    ),
    _c06(
        "C",
        "authorised leave of absence for other (exceptional) circumstances",
        _AUTH,
        _A,
        citation=_LEAVE_06,
        treatment_verified=True,
    ),
    _c06(
        "E",
        "excluded, no alternative provision made",
        _AUTH,
        _A,
        citation="DfE guidance (SI 2006/1751 reg 6(1)(b))",
        treatment_verified=False,
    ),
    _c06(
        "F",
        "authorised absence: extended family holiday agreed by the school",
        _AUTH,
        _A,
        citation=_LEAVE_06,
        treatment_verified=True,
        in_force_to=_F_RETIRED,
        note="withdrawn from September 2013 after SI 2013/756 omitted reg 7(3)-(4); the "
        "end date rests on secondary sources (unverified); census data merged F into H",
    ),
    _c06(
        "H",
        "authorised absence: family holiday agreed by the school",
        _AUTH,
        _A,
        citation=_LEAVE_06,
        treatment_verified=True,
        note="from 1 Sep 2013 only in exceptional circumstances (reg 7(1A))",
    ),
    _c06(
        "I",
        "illness (not medical or dental appointments)",
        _AUTH,
        _A,
        citation=_R6 + "6(2)(b)(i)",
        treatment_verified=True,
    ),
    _c06(
        "M",
        "medical or dental appointment",
        _AUTH,
        _A,
        citation=_LEAVE_06,
        treatment_verified=False,
    ),
    _c06(
        "R",
        "day set apart for religious observance",
        _AUTH,
        _A,
        citation=_R6 + "6(2)(b)(ii)",
        treatment_verified=True,
    ),
    _c06("S", "study leave", _AUTH, _A, citation=_LEAVE_06, treatment_verified=False),
    _c06(
        "T",
        "Traveller absence: travelling with a parent for trade or business",
        _AUTH,
        _A,
        citation="DfE guidance (cf. Education Act 1996 s444(6))",
        treatment_verified=False,
    ),
    _c06(
        "G",
        "holiday not agreed, or days in excess of an agreed holiday",
        _UNAUTH,
        _U,
        citation=_R6 + "6(1)(b), 6(2)",
        treatment_verified=True,
        run=_C,
        ret=_C,
    ),
    _c06(
        "N",
        "no reason yet provided for the absence",
        _UNAUTH,
        _U,
        citation=_R6 + "6(3)",
        treatment_verified=True,
        run=_C,
        ret=_C,
    ),
    _c06(
        "O",
        "unauthorised absence not covered by any other code",
        _UNAUTH,
        _U,
        citation=_R6 + "6(1)(b), 6(2)",
        treatment_verified=True,
        run=_C,
        ret=_C,
    ),
    _c06(
        "U",
        "arrived after the register closed",
        _UNAUTH,
        _U,
        citation="DfE guidance (SI 2006/1751 reg 6(1)(b))",
        treatment_verified=False,
        run=_B,
        ret=_C,
        note="the pupil attended: cme_core treats U as breaking a 20-day run under 8(1)(h) "
        "(our reading; unverified) while counting it for the reg 12(1)(b) return",
    ),
    _c06(
        "X",
        "not required to attend: not of compulsory school age",
        _ADMIN,
        _NP,
        citation="DfE guidance (SI 2006/1751 reg 6(1)(b) applies to compulsory school age)",
        treatment_verified=False,
    ),
    _c06(
        "Y",
        "unable to attend due to exceptional circumstances",
        _ADMIN,
        _NP,
        citation=_R6 + "6(1)(a)(iv), 6(5)",
        treatment_verified=False,
        note="6(5)(c) (travel disruption from an emergency) inserted 1 Sep 2010 by SI "
        "2010/1725; not a possible session per DfE guidance (unverified)",
    ),
    _c06(
        "Z",
        "pupil not on roll",
        _ADMIN,
        _NP,
        citation="not in SI 2006/1751 (DfE guidance)",
        treatment_verified=False,
    ),
    _c06(
        "#",
        "planned whole or partial school closure",
        _ADMIN,
        _NP,
        citation="not in SI 2006/1751 (DfE guidance)",
        treatment_verified=False,
        run=_NEU,
        ret=_NEU,
    ),
)


CODES_2006 = CodeSet(
    regime=REGIME_2006,
    title="Attendance codes, 1 Sep 2006 - 18 Aug 2024 (DfE guidance on SI 2006/1751 reg 6)",
    citation="SI 2006/1751 reg 6; " + _DFE_2006,
    in_force_from=REGIME_2006_START,
    in_force_to=REGIME_2006_END,
    codes=_CODES_2006,
)
"""The 2006-regime code set (letters from DfE guidance; ``verified=False`` throughout)."""
