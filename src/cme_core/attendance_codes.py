r"""Attendance-register codes of both regimes, as data.

Two code sets are in this module, one per regime (see ``law.md`` §0: there is **no
transitional provision**, so a mark is judged by the set in force on the date of its session):

* :data:`CODES_2006` — 1 September 2006 to 18 August 2024. The Education (Pupil Registration)
  (England) Regulations 2006 (SI 2006/1751) reg 6 prescribe *categories* (present, absent —
  authorised or not —, attending an approved educational activity, unable to attend due to
  exceptional circumstances) but **no letter codes**: the letters come from DfE attendance
  guidance. Every 2006 code therefore has ``verified=False``; its ``citation`` names the
  statutory category the letter was used for, where there is one.
* :data:`CODES_2024` — from 19 August 2024. The School Attendance (Pupil Registration)
  (England) Regulations 2024 (SI 2024/208) reg 10 prescribe the codes themselves: Table 1
  (present), Table 2 (attending a place other than the school), Table 3 (absence, in a
  statutory order that matters: ground 9(1)(i) ignores only its final three rows, G, N, O),
  plus U (reg 10(8)(b)) and Y4 (reg 10(10)). Z and ``#`` are not in the Regulations (school
  census / MIS conventions) and are flagged ``verified=False``.

Where the data came from: the 2024 codes, meanings and Table 3 order were checked against the
text of SI 2024/208 as made (legislation.gov.uk, via the ``legalize-dev/legalize-uk`` copy
``uk/uksi-2024-208.md``); the 2006 categories against SI 2006/1751 as revised to 1 Sep 2013
(``uk/uksi-2006-1751.md``) and SI 2010/1725. The *statistical treatment* of a code (authorised,
unauthorised, not a possible session) is DfE guidance and school-census practice in both
regimes, not the Regulations: ``treatment_verified`` says whether the statute itself supports
it. F's withdrawal at the end of August 2013 rests on secondary sources (unverified).

Codes are case-sensitive and used exactly as printed (``"H"``, ``"Y1"``, ``"/"``, ``"\\"``).
Lower-case or look-alike input is reported, never silently corrected. :data:`NO_MARK` (``"-"``)
is not a code: it stands for "no mark recorded / no session for this pupil" in compact storage.

>>> CODES_2024.treatment("G")
<Treatment.UNAUTHORISED_ABSENCE: 'unauthorised_absence'>
>>> [c.code for c in CODES_2024.table_3][-3:]
['G', 'N', 'O']
>>> code_set_for(date(2024, 8, 18)).regime, code_set_for(date(2024, 8, 19)).regime
('2006', '2024')
>>> validate_mark("H", date(2019, 5, 1))
()
>>> [p.code for p in validate_mark("H", date(2025, 1, 10))]
['CME-ATT-002']
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

import attrs

from cme_core._checks import require_date as _require_date
from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.problems import PathElement, Problem, ProblemType, Severity

__all__ = [
    "ALL_CODES",
    "ATT_BLANK_MARK",
    "ATT_NOT_CANONICAL",
    "ATT_NOT_IN_2006_SET",
    "ATT_NOT_IN_2024_SET",
    "ATT_NO_CODE_SET",
    "ATT_RETIRED_UNVERIFIED",
    "ATT_UNKNOWN_CODE",
    "CODES_2006",
    "CODES_2024",
    "NO_MARK",
    "REGIME_2006",
    "REGIME_2006_END",
    "REGIME_2006_START",
    "REGIME_2024",
    "REGIME_2024_START",
    "AttendanceCode",
    "Category",
    "CodeSet",
    "RunEffect",
    "Table3Group",
    "Treatment",
    "UnknownAttendanceCode",
    "breaks_twenty_day_run_2006",
    "breaks_twenty_day_run_2024",
    "code_set_for",
    "counts_for_attendance_return_2006",
    "counts_for_attendance_return_2024",
    "is_valid_mark",
    "twenty_day_run_effect_2006",
    "twenty_day_run_effect_2024",
    "validate_mark",
]

REGIME_2006 = "2006"
"""Regime id of SI 2006/1751 (plain string; the law layer defines the regime objects)."""
REGIME_2024 = "2024"
"""Regime id of SI 2024/208 (plain string; the law layer defines the regime objects)."""

REGIME_2006_START = date(2006, 9, 1)
"""SI 2006/1751 reg 1(1): in force on 1 September 2006."""
REGIME_2006_END = date(2024, 8, 18)
"""Last day of the 2006 Regulations (revoked by SI 2024/208 reg 4(2) and Sch 2)."""
REGIME_2024_START = date(2024, 8, 19)
"""SI 2024/208 reg 1: in force on 19 August 2024 (no transitional provision)."""

NO_MARK = "-"
"""Placeholder meaning "no mark recorded" (no session for this pupil, or nothing entered).

Not an attendance code in either regime, and never valid input to code look-ups: storage may
use it for a session with no mark, and :func:`validate_mark` accepts it without a problem
(whether a mark was *required* for that session is the register's question, reg 10(1) /
2006 reg 6(1), not this module's). A blank string is not a synonym: it is reported.
"""

_DFE_2024 = "DfE 'Working together to improve school attendance' (2024) and school census guidance"
_DFE_2006 = "DfE attendance-code guidance and school census guidance (2006-2024)"
_SRC_2024 = "SI 2024/208 reg 10 (text as made, checked)"
_SRC_2006 = (
    "DfE attendance-code guidance: the 2006 Regulations (SI 2006/1751 reg 6) define "
    "categories, not letter codes"
)
_SRC_MIS = "school census / MIS convention: not in SI 2024/208 (unverified)"


# ---------------------------------------------------------------------------------------------
# Enums
# ---------------------------------------------------------------------------------------------


class Treatment(enum.Enum):
    """How a mark counts in attendance statistics (DfE guidance, in both regimes).

    >>> Treatment.APPROVED_ACTIVITY.counts_as_attendance
    True
    >>> Treatment.NOT_POSSIBLE.is_possible_session
    False
    """

    PRESENT = "present"
    """Present at the school (2024 Table 1; 2006 reg 6(1)(a)(i))."""
    APPROVED_ACTIVITY = "approved_activity"
    """Away from the school at an approved/arranged activity; counts as attendance."""
    AUTHORISED_ABSENCE = "authorised_absence"
    """Absent; the absence is authorised (DfE classification)."""
    UNAUTHORISED_ABSENCE = "unauthorised_absence"
    """Absent; the absence is unauthorised (DfE classification)."""
    NOT_POSSIBLE = "not_possible"
    """Not a possible session for this pupil at this school (excluded from rates)."""

    @property
    def is_possible_session(self) -> bool:
        """True unless the session is not a possible one (the denominator of rates)."""
        return self is not Treatment.NOT_POSSIBLE

    @property
    def counts_as_attendance(self) -> bool:
        """True for PRESENT and APPROVED_ACTIVITY."""
        return self in (Treatment.PRESENT, Treatment.APPROVED_ACTIVITY)

    @property
    def is_absence(self) -> bool:
        """True for authorised and unauthorised absence."""
        return self in (Treatment.AUTHORISED_ABSENCE, Treatment.UNAUTHORISED_ABSENCE)


class Category(enum.Enum):
    """Where a code sits in its regime's scheme.

    2024 members follow the structure of SI 2024/208 reg 10; 2006 members follow the DfE
    guidance groups (the 2006 Regulations had no letter codes).

    >>> CODES_2024.code("D").category
    <Category.TABLE_3_ABSENT: 'table_3_absent'>
    >>> CODES_2006.code("D").category
    <Category.APPROVED_EDUCATIONAL_ACTIVITY: 'approved_educational_activity'>
    """

    # -- 2024: SI 2024/208 reg 10 --
    TABLE_1_PRESENT = "table_1_present"
    """2024 Table 1 (reg 10(2)): present at the school."""
    TABLE_2_ATTENDING_ELSEWHERE = "table_2_attending_elsewhere"
    """2024 Table 2 (reg 10(3)): attending a place other than the school."""
    TABLE_3_ABSENT = "table_3_absent"
    """2024 Table 3 (reg 10(4)): absent; the row order is statutory (see ``table_row``)."""
    ARRIVED_AFTER_REGISTER_CLOSED = "reg_10_8_arrived_after_register_closed"
    """2024 code U: replaces N under reg 10(8)(b). Not a row of any table."""
    SESSION_CANCELLED = "reg_10_10_session_cancelled"
    """2024 code Y4: a cancelled session, reg 10(10). Not a row of any table."""
    NOT_IN_REGULATIONS = "not_in_regulations"
    """2024 codes Z and ``#``: census / MIS conventions, not in SI 2024/208."""
    # -- 2006: DfE guidance groups --
    PRESENT = "present"
    """2006: present (reg 6(1)(a)(i))."""
    APPROVED_EDUCATIONAL_ACTIVITY = "approved_educational_activity"
    """2006: approved educational activity (reg 6(1)(a)(iii), 6(4); J by DfE guidance)."""
    AUTHORISED_ABSENCE = "authorised_absence"
    """2006: absence authorised (reg 6(1)(b), 6(2); E and T by DfE guidance)."""
    UNAUTHORISED_ABSENCE = "unauthorised_absence"
    """2006: absence not authorised (reg 6(1)(b), 6(3))."""
    ADMINISTRATIVE = "administrative"
    """2006: X, Y, Z, ``#`` (DfE "administrative codes"; Y rests on reg 6(1)(a)(iv), 6(5))."""


class Table3Group(enum.Enum):
    """Groups of 2024 Table 3 rows, by the statute's own wording (our grouping).

    ``ABSENT_WITH_LEAVE`` matters for reg 9(3)(c)(i) (pupils not of compulsory school age);
    ``FINAL_THREE_ROWS`` for reg 9(1)(i)(i).
    """

    ABSENT_WITH_LEAVE = "absent_with_leave"
    """Rows 1-8 (C1, M, J1, S, X, C2, D, C): "absent with leave" for a purpose."""
    OTHER_CIRCUMSTANCES = "other_circumstances"
    """T (mobile child travelling), R (religious observance), E (excluded)."""
    UNABLE_TO_ATTEND = "unable_to_attend"
    """I, Q, Y1, Y2, Y3, Y5, Y6, Y7: sickness and unavoidable causes (Y3 and Y6 are worded as
    circumstances, not as "unable to attend", but belong with the Y series)."""
    FINAL_THREE_ROWS = "final_three_rows"
    """G, N, O: the rows reg 9(1)(i)(i) does not count against a 20-day deletion."""


class RunEffect(enum.Enum):
    """What one session's mark does to a run of continuous absence.

    Used for the 20-school-day deletion grounds (2024 reg 9(1)(i); 2006 reg 8(1)(h)) and the
    10-school-day attendance returns (2024 reg 13(7)(b); 2006 reg 12(1)(b)).
    """

    CONTINUES = "continues"
    """An absence that may form part of the run."""
    BREAKS = "breaks"
    """The run ends: the pupil attended, or a circumstance the rule excludes applied."""
    NEUTRAL = "neutral"
    """No session was held for the pupil (Y4, ``#``): neither breaks nor extends the run.
    Whether the day is a school day at all is for the school calendar to decide."""


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


class UnknownAttendanceCode(InvalidInput):
    """A string is not an attendance code of the code set asked (or of any code set)."""

    def __init__(self, message: str, *, code: str | None = None, regime: str | None = None):
        super().__init__(message)
        self.code = code
        self.regime = regime


@attrs.frozen(kw_only=True)
class AttendanceCode:
    r"""One attendance-register code of one regime.

    ``regime`` is ``"2006"`` or ``"2024"`` (plain strings: the law layer defines the regime
    objects). ``table_row`` is the 1-based row within the code's 2024 table (Table 1, 2 or 3:
    the order of Table 3 is statutory) and ``None`` outside the tables. ``verified`` says the
    code, its meaning and its place were checked against the statute's text; it is False for
    every 2006 code (letters from DfE guidance) and for Z and ``#``. ``treatment_verified``
    says whether the statute itself supports ``treatment`` (mostly it is DfE guidance).

    >>> n = CODES_2024.code("N")
    >>> n.table_row, n.citation
    (21, 'SI 2024/208 reg 10(4), Table 3 row 21 (N)')
    >>> n.in_force_on(date(2024, 8, 19)), n.in_force_on(date(2024, 8, 18))
    (True, False)
    """

    code: str
    meaning: str
    regime: str
    category: Category
    treatment: Treatment
    table_row: int | None = None
    table_3_group: Table3Group | None = None
    citation: str
    in_force_from: date
    in_force_to: date | None = None
    verified: bool
    treatment_verified: bool
    source: str
    twenty_day_run: RunEffect
    ten_day_return: RunEffect
    note: str = ""

    def in_force_on(self, on: date) -> bool:
        """True if this code may be used for a session on ``on``."""
        on = _require_date(on, "on")
        if on < self.in_force_from:
            return False
        return self.in_force_to is None or on <= self.in_force_to


def _index(codes: tuple[AttendanceCode, ...]) -> Mapping[str, AttendanceCode]:
    return MappingProxyType({c.code: c for c in codes})


@attrs.frozen(kw_only=True)
class CodeSet:
    r"""The attendance codes of one regime, with fast look-ups.

    Immutable. ``codes`` keeps the statutory order for 2024 (Table 1, Table 2, Table 3 in row
    order, then U, Y4, Z, ``#``). For classifying many marks, fetch :meth:`treatment_table`
    once and index it, rather than calling :meth:`treatment` per mark.

    >>> "K" in CODES_2024, "K" in CODES_2006, "k" in CODES_2024
    (True, False, False)
    >>> CODES_2024.code("Y1").meaning
    'unable to attend: not within walking distance and the transport normally provided ...'
    >>> table = CODES_2006.treatment_table()
    >>> [table[m].value for m in ("/", "\\", "H", "O")]
    ['present', 'present', 'authorised_absence', 'unauthorised_absence']
    """

    regime: str
    title: str
    citation: str
    in_force_from: date
    in_force_to: date | None = None
    codes: tuple[AttendanceCode, ...]
    _by_code: Mapping[str, AttendanceCode] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _treatments: Mapping[str, Treatment] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        by_code = _index(self.codes)
        if len(by_code) != len(self.codes):
            raise InvalidInput(f"code set {self.regime} lists a code twice")
        if any(c.regime != self.regime for c in self.codes):
            raise InvalidInput(f"code set {self.regime} holds a code of another regime")
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(
            self, "_treatments", MappingProxyType({c.code: c.treatment for c in self.codes})
        )

    # -- look-ups ---------------------------------------------------------------------------

    def get(self, code: str) -> AttendanceCode | None:
        """The record of ``code``, or None if it is not in this set (case-sensitive).

        >>> CODES_2024.get("H") is None, CODES_2006.get("H").meaning
        (True, 'authorised absence: family holiday agreed by the school')
        """
        _require_str(code, "code")
        return self._by_code.get(code)

    def code(self, code: str) -> AttendanceCode:
        """The record of ``code``; raises :class:`UnknownAttendanceCode` if not in this set.

        >>> CODES_2024.code("h")
        Traceback (most recent call last):
        ...
        cme_core.attendance_codes.UnknownAttendanceCode: 'h' is not an attendance code of the
        2024 set (codes are case-sensitive: did you mean 'H'?)
        """
        found = self.get(code)
        if found is None:
            raise UnknownAttendanceCode(
                f"{_describe(code)} is not an attendance code of the {self.regime} set"
                f"{_hint(code)}",
                code=code if _is_safe(code) else None,
                regime=self.regime,
            )
        return found

    def treatment(self, code: str) -> Treatment:
        """The statistical treatment of ``code`` (raises for codes not in this set)."""
        return self.code(code).treatment

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[AttendanceCode]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    # -- views ------------------------------------------------------------------------------

    @property
    def code_strings(self) -> frozenset[str]:
        """Every code of this set, as strings."""
        return frozenset(self._by_code)

    @property
    def table_3(self) -> tuple[AttendanceCode, ...]:
        """2024 Table 3 in statutory row order (empty for the 2006 set)."""
        rows = [c for c in self.codes if c.category is Category.TABLE_3_ABSENT]
        return tuple(sorted(rows, key=lambda c: c.table_row or 0))

    def in_force(self, on: date) -> tuple[AttendanceCode, ...]:
        """The codes of this set usable on ``on`` (empty outside the regime's dates).

        >>> "F" in {c.code for c in CODES_2006.in_force(date(2013, 8, 31))}
        True
        >>> "F" in {c.code for c in CODES_2006.in_force(date(2013, 9, 1))}
        False
        """
        on = _require_date(on, "on")
        return tuple(c for c in self.codes if c.in_force_on(on))

    def treatment_table(self) -> Mapping[str, Treatment]:
        """Read-only ``{code: Treatment}`` for every code of the set, for fast classification.

        >>> t = CODES_2024.treatment_table()
        >>> sum(t[m].counts_as_attendance for m in ["/", "L", "K", "N", "I"])
        3
        """
        return self._treatments

    def codes_with(self, treatment: Treatment) -> frozenset[str]:
        """The codes of this set with the given treatment.

        >>> sorted(CODES_2024.codes_with(Treatment.UNAUTHORISED_ABSENCE))
        ['G', 'N', 'O', 'U']
        """
        if not isinstance(treatment, Treatment):
            raise InvalidArgument(f"treatment must be a Treatment, got {type(treatment).__name__}")
        return frozenset(c.code for c in self.codes if c.treatment is treatment)


# ---------------------------------------------------------------------------------------------
# Argument checks and safe descriptions (no personal data in messages)
# ---------------------------------------------------------------------------------------------


def _require_str(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgument(
            f"{name} must be an attendance code as a str, got {type(value).__name__}"
        )
    return value


def _is_safe(code: str) -> bool:
    """Short printable ASCII: safe to quote (a code-shaped string carries no personal data)."""
    return 0 < len(code) <= 3 and code.isascii() and code.isprintable()


def _describe(code: str) -> str:
    if _is_safe(code):
        return repr(code)
    if not code:
        return "an empty string"
    return f"a {len(code)}-character string"


def _canonical(code: str) -> str:
    """NFKC-normalised, stripped, upper-cased: the code a sloppy mark most likely meant."""
    return unicodedata.normalize("NFKC", code).strip().upper()


def _hint(code: str) -> str:
    canonical = _canonical(code)
    if canonical != code and canonical in ALL_CODES:
        return f" (codes are case-sensitive: did you mean {canonical!r}?)"
    return ""


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

CODES_2024 = CodeSet(
    regime=REGIME_2024,
    title="Attendance codes from 19 Aug 2024 (SI 2024/208 reg 10)",
    citation="SI 2024/208 reg 10; treatment: " + _DFE_2024,
    in_force_from=REGIME_2024_START,
    in_force_to=None,
    codes=_CODES_2024,
)
"""The 2024-regime code set: Tables 1-3 of reg 10 in order, then U, Y4, Z, ``#``."""

ALL_CODES: frozenset[str] = CODES_2006.code_strings | CODES_2024.code_strings
"""Every code of either regime (case-sensitive strings)."""


# ---------------------------------------------------------------------------------------------
# Regime selection
# ---------------------------------------------------------------------------------------------


def code_set_for(on: date) -> CodeSet:
    """The code set in force on ``on``: 2006 up to 18 Aug 2024, 2024 from 19 Aug 2024.

    Raises :class:`~cme_core.errors.InvalidDate` before 1 Sep 2006 (earlier rules are not
    encoded). SI 2024/208 has no transitional provision: the date of the session decides.

    >>> code_set_for(date(2006, 9, 1)).regime
    '2006'
    >>> code_set_for(date(2006, 8, 31))
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidDate: no attendance code set is encoded before 2006-09-01 (SI 2006/1751)
    """
    on = _require_date(on, "on")
    if on >= REGIME_2024_START:
        return CODES_2024
    if on >= REGIME_2006_START:
        return CODES_2006
    raise InvalidDate(
        f"no attendance code set is encoded before {REGIME_2006_START.isoformat()} (SI 2006/1751)"
    )


# ---------------------------------------------------------------------------------------------
# Validation of marks
# ---------------------------------------------------------------------------------------------

ATT_UNKNOWN_CODE = ProblemType(
    code="CME-ATT-001",
    severity=Severity.ERROR,
    title="not an attendance code of either regime",
    citation="SI 2024/208 reg 10; SI 2006/1751 reg 6 and DfE attendance-code guidance",
)
ATT_NOT_IN_2024_SET = ProblemType(
    code="CME-ATT-002",
    severity=Severity.ERROR,
    title="code not in the 2024 code set in force on the session's date",
    citation="SI 2024/208 reg 10 (in force 19 Aug 2024, no transitional provision)",
)
ATT_NOT_IN_2006_SET = ProblemType(
    code="CME-ATT-003",
    severity=Severity.ERROR,
    title="code not in the code set in force on the session's date (2006 regime)",
    citation="SI 2006/1751 reg 6 and DfE attendance-code guidance",
)
ATT_NOT_CANONICAL = ProblemType(
    code="CME-ATT-004",
    severity=Severity.ERROR,
    title="attendance code not written exactly as listed (case, spaces or look-alike characters)",
    citation="SI 2024/208 reg 10 Tables 1-3 (codes as printed); DfE attendance-code guidance",
)
ATT_BLANK_MARK = ProblemType(
    code="CME-ATT-005",
    severity=Severity.ERROR,
    title="blank attendance mark",
    citation="SI 2024/208 reg 10(1); SI 2006/1751 reg 6(1)",
)
ATT_NO_CODE_SET = ProblemType(
    code="CME-ATT-006",
    severity=Severity.ERROR,
    title="no attendance code set is encoded for the session's date",
    citation="SI 2006/1751 reg 1(1) (in force 1 Sep 2006)",
)
ATT_RETIRED_UNVERIFIED = ProblemType(
    code="CME-ATT-007Q",
    severity=Severity.QUERY,
    title="Please check: code used after its (unverified) withdrawal date",
    citation="DfE attendance-code guidance (withdrawal date unverified)",
)


def validate_mark(code: str, on: date, *, path: Iterable[PathElement] = ()) -> tuple[Problem, ...]:
    r"""Every problem with the mark ``code`` for a session on ``on`` (empty if it is fine).

    The mark is checked against the code set in force on ``on`` (:func:`code_set_for`).
    :data:`NO_MARK` is accepted. Lower-case, padded or look-alike forms of a code are reported
    (CME-ATT-004), never corrected. A code withdrawn on a date resting on secondary sources
    (F) is a QUERY, not an error. Raises :class:`~cme_core.errors.InvalidArgument` for a
    non-str ``code`` or a non-date ``on``.

    >>> validate_mark("K", date(2024, 8, 19))
    ()
    >>> (problem,) = validate_mark("K", date(2019, 5, 1), path=("marks", 0))
    >>> problem.code, problem.json_path, problem.citation
    ('CME-ATT-003', '$.marks[0]', 'SI 2006/1751 reg 6 and DfE attendance-code guidance')
    >>> problem.message
    "'K' is not in the 2006 code set in force on 2019-05-01 (it is a code of the 2024 set,
    from 2024-08-19)"
    >>> [p.code for p in validate_mark("h", date(2019, 5, 1))]
    ['CME-ATT-004']
    >>> [p.code for p in validate_mark("F", date(2015, 3, 2))]
    ['CME-ATT-007Q']
    """
    _require_str(code, "code")
    on = _require_date(on, "on")
    problem = _mark_problem(code, on)
    if problem is None:
        return ()
    return (problem.at(*path),)


def _mark_problem(code: str, on: date) -> Problem | None:
    if code == NO_MARK:
        return None
    if not code.strip():
        return ATT_BLANK_MARK.problem(
            f"blank attendance mark (use a code, or {NO_MARK!r} for no mark)", values={"date": on}
        )
    if code not in ALL_CODES:
        canonical = _canonical(code)
        if canonical in ALL_CODES or canonical == NO_MARK:
            return ATT_NOT_CANONICAL.problem(
                f"{_describe(code)} is not written as listed: codes are case-sensitive, "
                f"without spaces or look-alike characters (did you mean {canonical!r}?)",
                values={"canonical": canonical, "date": on},
            )
        return ATT_UNKNOWN_CODE.problem(
            f"{_describe(code)} is not an attendance code of either regime",
            values={"length": len(code), "date": on},
        )
    values: dict[str, Any] = {"code": code, "date": on}
    try:
        code_set = code_set_for(on)
    except InvalidDate:
        return ATT_NO_CODE_SET.problem(
            f"no attendance code set is encoded for {on.isoformat()} "
            f"(the 2006 code set starts on {REGIME_2006_START.isoformat()})",
            values=values,
        )
    rule = ATT_NOT_IN_2024_SET if code_set is CODES_2024 else ATT_NOT_IN_2006_SET
    entry = code_set.get(code)
    if entry is None:
        other = CODES_2006 if code_set is CODES_2024 else CODES_2024
        found = other.code(code)
        span = (
            f"until {found.in_force_to.isoformat()}"
            if found.in_force_to is not None
            else f"from {found.in_force_from.isoformat()}"
        )
        return rule.problem(
            f"{code!r} is not in the {code_set.regime} code set in force on {on.isoformat()} "
            f"(it is a code of the {other.regime} set, {span})",
            values={**values, "regime": code_set.regime, "code_regime": other.regime},
        )
    if entry.in_force_on(on):
        return None
    # Within its regime but outside its own dates (F after August 2013). An end date that
    # rests on secondary sources gives a query, never an error.
    if not entry.verified:
        rule = ATT_RETIRED_UNVERIFIED
    window = (
        f"in use {entry.in_force_from.isoformat()} to "
        f"{entry.in_force_to.isoformat() if entry.in_force_to else 'now'}"
    )
    prefix = "Please check: " if rule.severity is Severity.QUERY else ""
    return rule.problem(
        f"{prefix}{code!r} is used on {on.isoformat()} but was {window}",
        values={
            **values,
            "regime": code_set.regime,
            "in_force_from": entry.in_force_from,
            "in_force_to": entry.in_force_to,
        },
    )


def is_valid_mark(code: object, on: object) -> bool:
    """True if ``code`` is a usable mark for a session on ``on`` (no ERROR); never raises.

    Queries (e.g. F after its unverified withdrawal) do not make a mark invalid.

    >>> is_valid_mark("H", date(2024, 8, 18)), is_valid_mark("H", date(2024, 8, 19))
    (True, False)
    >>> is_valid_mark(None, date(2024, 8, 19))
    False
    """
    if not isinstance(code, str) or isinstance(on, datetime) or not isinstance(on, date):
        return False
    return not any(p.is_error for p in validate_mark(code, on))


# ---------------------------------------------------------------------------------------------
# Runs of absence: deletion grounds and attendance returns
# ---------------------------------------------------------------------------------------------


def _lookup(code_set: CodeSet, code: str) -> AttendanceCode:
    _require_str(code, "code")
    if code == NO_MARK:
        raise UnknownAttendanceCode(
            f"{NO_MARK!r} (NO_MARK) is not an attendance code: decide how the session counts "
            "before asking about runs of absence",
            code=code,
            regime=code_set.regime,
        )
    return code_set.code(code)


def twenty_day_run_effect_2024(code: str) -> RunEffect:
    """What a 2024 mark does to a 20-school-day run under reg 9(1)(i).

    9(1)(i)(i): no Table 2 circumstance and no Table 3 row "other than the final three rows"
    (G, N, O) may apply at any point. Presence (Table 1) ends the absence. U BREAKS (the pupil
    attended the school that session: our reading, unverified); Y4 and ``#`` are NEUTRAL (no
    session); Z BREAKS (not yet registered). Note the statute speaks of circumstances, not
    codes: a wrongly coded register can hide a circumstance.

    >>> [twenty_day_run_effect_2024(c).value for c in ("N", "I", "K", "Y4")]
    ['continues', 'breaks', 'breaks', 'neutral']
    """
    return _lookup(CODES_2024, code).twenty_day_run


def breaks_twenty_day_run_2024(code: str) -> bool:
    """True if a 2024 mark ends a continuous-absence run for reg 9(1)(i).

    >>> [c for c in ("G", "N", "O", "U", "E", "X", "/") if breaks_twenty_day_run_2024(c)]
    ['U', 'E', 'X', '/']
    """
    return twenty_day_run_effect_2024(code) is RunEffect.BREAKS


def counts_for_attendance_return_2024(code: str) -> bool:
    """True if a 2024 mark may make up the ten-school-day period of reg 13(7)(b).

    13(7)(b): absence "recorded ... exclusively" with G, N, O or U.

    >>> sorted(c for c in CODES_2024.code_strings if counts_for_attendance_return_2024(c))
    ['G', 'N', 'O', 'U']
    """
    return _lookup(CODES_2024, code).ten_day_return is RunEffect.CONTINUES


def twenty_day_run_effect_2006(code: str) -> RunEffect:
    """What a 2006-regime mark does to a 20-school-day run under SI 2006/1751 reg 8(1)(h).

    8(1)(h)(i): at no time may the absence have been authorised under reg 6(2), so any
    authorised absence breaks the run; so do presence and approved educational activities
    (the pupil was not absent), X, Y and Z. G, N, O continue it; U BREAKS (our reading,
    unverified); ``#`` is NEUTRAL.

    >>> [twenty_day_run_effect_2006(c).value for c in ("O", "H", "B", "#")]
    ['continues', 'breaks', 'breaks', 'neutral']
    """
    return _lookup(CODES_2006, code).twenty_day_run


def breaks_twenty_day_run_2006(code: str) -> bool:
    """True if a 2006-regime mark ends a continuous-absence run for reg 8(1)(h).

    >>> breaks_twenty_day_run_2006("I"), breaks_twenty_day_run_2006("G")
    (True, False)
    """
    return twenty_day_run_effect_2006(code) is RunEffect.BREAKS


def counts_for_attendance_return_2006(code: str) -> bool:
    """True if a 2006-regime mark may make up the ten-school-day period of reg 12(1)(b).

    12(1)(b): absence "not ... treated as authorised in accordance with regulation 6(2)";
    12(2) excludes attendance at another school and approved educational activities. The
    letter mapping (G, N, O, U) is DfE guidance (unverified).

    >>> sorted(c for c in CODES_2006.code_strings if counts_for_attendance_return_2006(c))
    ['G', 'N', 'O', 'U']
    """
    return _lookup(CODES_2006, code).ten_day_return is RunEffect.CONTINUES
