"""The 2024 attendance codes as data: SI 2024/208 reg 10, Tables 1-3, then U, Y4, Z and ``#``.

Private: import :data:`~cme_core.attendance_codes.CODES_2024` from
:mod:`cme_core.attendance_codes`.
"""

from __future__ import annotations

from cme_core.attendance_codes._records import (
    REGIME_2024,
    REGIME_2024_START,
    AttendanceCode,
    Category,
    CodeSet,
    RunEffect,
    Table3Group,
    Treatment,
    _leave_run,
)

_DFE_2024 = "DfE 'Working together to improve school attendance' (2024) and school census guidance"
_SRC_2024 = "SI 2024/208 reg 10 (text as made, checked)"
_SRC_MIS = "school census / MIS convention: not in SI 2024/208 (unverified)"


# ---------------------------------------------------------------------------------------------
# The data: 2024 (SI 2024/208 reg 10)
# ---------------------------------------------------------------------------------------------

_B = RunEffect.BREAKS
_C = RunEffect.CONTINUES
_NEU = RunEffect.NEUTRAL

_TABLE_3_TREATMENT_NOTE = (
    "authorised/unauthorised/not-possible classification is DfE guidance, not the Regulations"
)
_NOT_POSSIBLE_NOTE = (
    "treated as not a possible session per DfE guidance (unverified); " + _TABLE_3_TREATMENT_NOTE
)


def _c24(
    code: str,
    meaning: str,
    category: Category,
    treatment: Treatment,
    *,
    row: int | None,
    citation: str,
    group: Table3Group | None = None,
    verified: bool = True,
    treatment_verified: bool = False,
    source: str = _SRC_2024,
    run: RunEffect = _B,
    ret: RunEffect = _B,
    note: str = "",
) -> AttendanceCode:
    return AttendanceCode(
        code=code,
        meaning=meaning,
        regime=REGIME_2024,
        category=category,
        treatment=treatment,
        table_row=row,
        table_3_group=group,
        citation=citation,
        in_force_from=REGIME_2024_START,
        in_force_to=None,
        verified=verified,
        treatment_verified=treatment_verified,
        source=source,
        twenty_day_run=run,
        ten_day_return=ret,
        leave_run=_leave_run(
            code,
            treatment,
            run,
            leave=group is Table3Group.ABSENT_WITH_LEAVE,
            absences_only=False,
        ),
        note=note,
    )


def _t1(row: int, code: str, meaning: str) -> AttendanceCode:
    return _c24(
        code,
        meaning,
        Category.TABLE_1_PRESENT,
        Treatment.PRESENT,
        row=row,
        citation=f"SI 2024/208 reg 10(2), Table 1 row {row} ({code})",
        treatment_verified=True,
    )


def _t2(row: int, code: str, meaning: str) -> AttendanceCode:
    return _c24(
        code,
        meaning,
        Category.TABLE_2_ATTENDING_ELSEWHERE,
        Treatment.APPROVED_ACTIVITY,
        row=row,
        citation=f"SI 2024/208 reg 10(3), Table 2 row {row} ({code})",
        treatment_verified=True,
        note=(
            "Table 2 records attendance at another place; reg 13(7)(a) does not count it as "
            "failure to attend regularly"
        ),
    )


_A = Treatment.AUTHORISED_ABSENCE
_U = Treatment.UNAUTHORISED_ABSENCE
_NP = Treatment.NOT_POSSIBLE
_LEAVE = Table3Group.ABSENT_WITH_LEAVE
_OTHER = Table3Group.OTHER_CIRCUMSTANCES
_UNABLE = Table3Group.UNABLE_TO_ATTEND
_FINAL = Table3Group.FINAL_THREE_ROWS

# (code, meaning, treatment, group) in the statutory row order of Table 3.
_TABLE_3: tuple[tuple[str, str, Treatment, Table3Group], ...] = (
    ("C1", "leave: regulated performance or regulated employment abroad", _A, _LEAVE),
    ("M", "leave: medical or dental appointment", _A, _LEAVE),
    ("J1", "leave: interview for employment or for admission to another institution", _A, _LEAVE),
    ("S", "leave: study for a public examination", _A, _LEAVE),
    (
        "X",
        "leave: not of compulsory school age and not required to attend by the timetable",
        _NP,
        _LEAVE,
    ),
    (
        "C2",
        "leave: compulsory school age, temporary part-time timetable agreed with a parent",
        _A,
        _LEAVE,
    ),
    ("D", "leave: attending another school at which the pupil is registered", _NP, _LEAVE),
    ("C", "leave: any other purpose", _A, _LEAVE),
    ("T", "mobile child travelling with a parent who travels for trade or business", _A, _OTHER),
    ("R", "day set apart for religious observance by the parent's religious body", _A, _OTHER),
    ("I", "unable to attend: sickness", _A, _UNABLE),
    ("Q", "unable to attend: lack of access arrangements (reg 10(12)-(13))", _NP, _UNABLE),
    (
        "Y1",
        "unable to attend: not within walking distance and the transport normally provided "
        "by the school or LA is not available",
        _NP,
        _UNABLE,
    ),
    (
        "Y2",
        "unable to attend: widespread travel disruption from a local, national or "
        "international emergency",
        _NP,
        _UNABLE,
    ),
    (
        "Y3",
        "part of the premises unavoidably out of use and the pupil cannot be accommodated",
        _NP,
        _UNABLE,
    ),
    ("Y5", "unable to attend: in criminal justice detention (reg 10(14))", _NP, _UNABLE),
    (
        "Y6",
        "travel or attendance contrary to public-health guidance or prohibited by law "
        "on infection or disease",
        _NP,
        _UNABLE,
    ),
    ("E", "excluded from the school (for any other reason)", _A, _OTHER),
    (
        "Y7",
        "unable to attend: any other unavoidable cause (nature recorded, reg 10(6))",
        _NP,
        _UNABLE,
    ),
    ("G", "absent without leave for a holiday", _U, _FINAL),
    ("N", "circumstances of the absence not yet established (reg 10(7)-(9))", _U, _FINAL),
    ("O", "no other row applies, or N not resolved (reg 10(7), 10(9)(b))", _U, _FINAL),
)


def _t3(
    row: int, code: str, meaning: str, treatment: Treatment, group: Table3Group
) -> AttendanceCode:
    final = group is Table3Group.FINAL_THREE_ROWS
    note = _NOT_POSSIBLE_NOTE if treatment is Treatment.NOT_POSSIBLE else _TABLE_3_TREATMENT_NOTE
    if code == "N":
        note += "; the register must be amended within five school days (reg 10(7))"
    return _c24(
        code,
        meaning,
        Category.TABLE_3_ABSENT,
        treatment,
        row=row,
        group=group,
        citation=f"SI 2024/208 reg 10(4), Table 3 row {row} ({code})",
        run=_C if final else _B,
        ret=_C if final else _B,
        note=note,
    )


_CODES_2024: tuple[AttendanceCode, ...] = (
    _t1(1, "/", "present at the morning session when registration begins"),
    _t1(2, "\\", "present at the afternoon session when registration begins"),
    _t1(3, "L", "late: absent when registration begins, arrives before it ends"),
    _t2(1, "K", "attending education arranged by an LA (EA 1996 s19(1); CFA 2014 s42(2), 61(1))"),
    _t2(2, "V", "attending an educational visit or trip arranged and supervised by the school"),
    _t2(3, "P", "attending an approved sporting activity (reg 10(11))"),
    _t2(4, "W", "attending work experience arranged by the LA or school (reg 10(11))"),
    _t2(5, "B", "attending any other approved educational activity (reg 10(11))"),
    *(_t3(i, *row) for i, row in enumerate(_TABLE_3, start=1)),
    _c24(
        "U",
        "arrived after registration ended, absence at registration not otherwise established",
        Category.ARRIVED_AFTER_REGISTER_CLOSED,
        _U,
        row=None,
        citation="SI 2024/208 reg 10(8)(b)",
        run=_B,
        ret=_C,
        note=(
            "not a Table 3 row: replaces N when the pupil attended after the register closed. "
            "Reg 13(7)(b)(iv) counts U towards the ten-day attendance return. For the "
            "20-day ground 9(1)(i) cme_core treats U as BREAKING the run: the pupil attended "
            "the school that session, so was not 'continuously absent' (our reading; "
            "unverified; flagged for review). Unauthorised treatment is DfE guidance"
        ),
    ),
    _c24(
        "Y4",
        "session cancelled (entered for each pupil as if a record of attendance)",
        Category.SESSION_CANCELLED,
        _NP,
        row=None,
        citation="SI 2024/208 reg 10(10)",
        run=_NEU,
        ret=_NEU,
        note=(
            "not a Table 3 row; DfE guidance describes Y4 as the whole site unexpectedly "
            "closed. Not a possible session per DfE guidance (unverified)"
        ),
    ),
    _c24(
        "Z",
        "prospective pupil, not yet on the admission register",
        Category.NOT_IN_REGULATIONS,
        _NP,
        row=None,
        citation="not in SI 2024/208 (school census / MIS convention)",
        verified=False,
        source=_SRC_MIS,
        run=_B,
        ret=_B,
        note="a run of absence cannot span a period before registration",
    ),
    _c24(
        "#",
        "planned whole or partial school closure",
        Category.NOT_IN_REGULATIONS,
        _NP,
        row=None,
        citation="not in SI 2024/208 (school census / MIS convention)",
        verified=False,
        source=_SRC_MIS,
        run=_NEU,
        ret=_NEU,
    ),
)


CODES_2024 = CodeSet(
    regime=REGIME_2024,
    title="Attendance codes from 19 Aug 2024 (SI 2024/208 reg 10)",
    citation="SI 2024/208 reg 10; treatment: " + _DFE_2024,
    in_force_from=REGIME_2024_START,
    in_force_to=None,
    codes=_CODES_2024,
)
"""The 2024-regime code set: Tables 1-3 of reg 10 in order, then U, Y4, Z, ``#``."""
