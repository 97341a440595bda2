"""Judging marks: the code set in force on a day, the validation of a mark, runs of absence.

Private: import from :mod:`cme_core.attendance_codes`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from cme_core._checks import require_date as _require_date
from cme_core._fields import checked
from cme_core.attendance_codes._codes_2006 import CODES_2006
from cme_core.attendance_codes._codes_2024 import CODES_2024
from cme_core.attendance_codes._records import (
    NO_MARK,
    REGIME_2006_START,
    REGIME_2024_START,
    AttendanceCode,
    CodeSet,
    RunEffect,
    UnknownAttendanceCode,
    _canonical,
    _describe,
    _require_str,
)
from cme_core.errors import InvalidDate
from cme_core.problems import PathElement, Problem, ProblemType, Severity

ALL_CODES: frozenset[str] = CODES_2006.code_strings | CODES_2024.code_strings
"""Every code of either regime (case-sensitive strings)."""


# ---------------------------------------------------------------------------------------------
# Regime selection
# ---------------------------------------------------------------------------------------------


@checked
def code_set_for(on: date) -> CodeSet:
    """The code set in force on ``on``: 2006 up to 18 Aug 2024, 2024 from 19 Aug 2024.

    Raises :class:`~cme_core.errors.InvalidDate` before 1 Sep 2006 (earlier rules are not
    encoded). SI 2024/208 has no transitional provision: the date of the session decides.

    >>> code_set_for(date(2006, 9, 1)).regime.value
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


@checked
def mark_problems(code: str, on: date, *, path: Iterable[PathElement] = ()) -> tuple[Problem, ...]:
    r"""Every problem with the mark ``code`` for a session on ``on`` (empty if it is fine): a
    tuple of :class:`~cme_core.Problem` (``problems()`` returns a tuple; nothing is raised).

    The mark is checked against the code set in force on ``on`` (:func:`code_set_for`).
    :data:`NO_MARK` is accepted. Lower-case, padded or look-alike forms of a code are reported
    (CME-ATT-004), never corrected. A code withdrawn on a date resting on secondary sources
    (F) is a QUERY, not an error. Raises :class:`~cme_core.errors.InvalidArgument` for a
    non-str ``code`` or a non-date ``on``.

    >>> mark_problems("K", date(2024, 8, 19))
    ()
    >>> (problem,) = mark_problems("K", date(2019, 5, 1), path=("marks", 0))
    >>> problem.code, problem.json_path, problem.citation
    ('CME-ATT-003', '$.marks[0]', 'SI 2006/1751 reg 6 and DfE attendance-code guidance')
    >>> problem.message
    "'K' is not in the 2006 code set in force on 2019-05-01 (it is a code of the 2024 set,
    from 2024-08-19)"
    >>> [p.code for p in mark_problems("h", date(2019, 5, 1))]
    ['CME-ATT-004']
    >>> [p.code for p in mark_problems("F", date(2015, 3, 2))]
    ['CME-ATT-007Q']
    """
    _require_str(code, "code")
    on = _require_date(on, "on")
    problem = _mark_problem(code, on)
    if problem is None:
        return ()
    return (problem.at(*path),)


def validate_mark(code: str, on: date, *, path: Iterable[PathElement] = ()) -> tuple[Problem, ...]:
    """Deprecated since 0.2.0 (to be removed in 0.3.0): :func:`mark_problems`, which returns
    the same tuple of problems (``validate()`` is the name of functions that raise)."""
    warnings.warn(
        "validate_mark() is deprecated: use mark_problems(), which returns the same problems",
        DeprecationWarning,
        stacklevel=2,
    )
    return mark_problems(code, on, path=path)


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
    return not any(p.is_error for p in mark_problems(code, on))


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
