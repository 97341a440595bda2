"""The records of the attendance codes: enums, :class:`AttendanceCode`, :class:`CodeSet`.

Private: import from :mod:`cme_core.attendance_codes`. The two code sets are built from these
records in :mod:`._codes_2006` and :mod:`._codes_2024`; the look-ups that need both sets
(:func:`~cme_core.attendance_codes.code_set_for`, ``mark_problems``, the runs of absence) are
in :mod:`._marks`.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date

import attrs

from cme_core._checks import require_date as _require_date
from cme_core._fields import freeze_mapping, typed_fields
from cme_core.errors import InvalidArgument, InvalidInput
from cme_core.periods import REGS_2006_END, REGS_2006_START, REGS_2024_START, RegimeId, as_regime_id

REGIME_2006 = RegimeId.REGS_2006
"""Regime id of SI 2006/1751 (:class:`cme_core.periods.RegimeId`, equal to ``"2006"``)."""
REGIME_2024 = RegimeId.REGS_2024
"""Regime id of SI 2024/208 (:class:`cme_core.periods.RegimeId`, equal to ``"2024"``)."""

REGIME_2006_START = REGS_2006_START
"""SI 2006/1751 reg 1(1): in force on 1 September 2006 (:mod:`cme_core.periods`)."""
REGIME_2006_END = REGS_2006_END
"""Last day of the 2006 Regulations (revoked by SI 2024/208 reg 4(2) and Sch 2)."""
REGIME_2024_START = REGS_2024_START
"""SI 2024/208 reg 1: in force on 19 August 2024 (no transitional provision)."""

NO_MARK = "-"
"""Placeholder meaning "no mark recorded" (no session for this pupil, or nothing entered).

Not an attendance code in either regime, and never valid input to code look-ups: storage may
use it for a session with no mark, and :func:`mark_problems` accepts it without a problem
(whether a mark was *required* for that session is the register's question, reg 10(1) /
2006 reg 6(1), not this module's). A blank string is not a synonym: it is reported.
"""


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


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class AttendanceCode:
    r"""One attendance-register code of one regime.

    ``regime`` is a :class:`~cme_core.periods.RegimeId` (equal to ``"2006"`` or ``"2024"``).
    ``table_row`` is the 1-based row within the code's 2024 table (Table 1, 2 or 3:
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
    regime: RegimeId = attrs.field(converter=as_regime_id)
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
    """The mark in a run of the 20-school-day ground of its own regime (2024 reg 9(1)(i)(i):
    only G, N, O continue it; 2006 reg 8(1)(h)(i): no absence authorised under reg 6(2))."""
    ten_day_return: RunEffect
    """The mark in a 10-school-day run for an attendance return (G, N, O, U)."""
    leave_run: RunEffect
    """The mark in a run for a pupil not of compulsory school age (2024 reg 9(3)(c)(i): never
    absent *with leave*; presence, Table 2, the leave rows of Table 3 and Z break it, any
    other absence continues it). 2006 codes carry no Table 3 groups: authorised absence is
    read as leave."""
    note: str = ""

    def in_force_on(self, on: date) -> bool:
        """True if this code may be used for a session on ``on``."""
        on = _require_date(on, "on")
        if on < self.in_force_from:
            return False
        return self.in_force_to is None or on <= self.in_force_to


def _index(codes: tuple[AttendanceCode, ...]) -> Mapping[str, AttendanceCode]:
    # A FrozenDict, not a MappingProxyType: read-only *and* picklable, so code sets (and the
    # regimes that hold them) can be sent to worker processes.
    return freeze_mapping({c.code: c for c in codes})


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
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
            self, "_treatments", freeze_mapping({c.code: c.treatment for c in self.codes})
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
    # ALL_CODES is the union of the two code sets, which are built from this module's records:
    # it is imported when a look-up fails, not when this module is.
    from cme_core.attendance_codes._marks import ALL_CODES

    canonical = _canonical(code)
    if canonical != code and canonical in ALL_CODES:
        return f" (codes are case-sensitive: did you mean {canonical!r}?)"
    return ""


# ---------------------------------------------------------------------------------------------
# Building the data (both regimes)
# ---------------------------------------------------------------------------------------------

_PRESENT_OR_NOT_ON_ROLL = frozenset({"/", "\\", "L", "U", "Z"})


def _leave_run(
    code: str, treatment: Treatment, run: RunEffect, *, leave: bool, absences_only: bool
) -> RunEffect:
    """A code's effect on the not-compulsory-school-age run (see ``AttendanceCode.leave_run``):
    ``leave`` says whether the code records absence with leave; with ``absences_only`` a code
    that is not an absence breaks the run (2006, whose codes carry no Table 3 rows), else every
    code left continues it (2024: every other Table 3 row, and the rows that are not possible
    sessions)."""
    if run is RunEffect.NEUTRAL:
        return RunEffect.NEUTRAL
    if treatment.counts_as_attendance or code in _PRESENT_OR_NOT_ON_ROLL or leave:
        return RunEffect.BREAKS
    if absences_only and not treatment.is_absence:
        return RunEffect.BREAKS
    return RunEffect.CONTINUES
