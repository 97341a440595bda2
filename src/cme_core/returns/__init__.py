"""Returns to the local authority: which are owed, by when, their content, and their checks.

:func:`obligations` derives every return a school owes its LA up to a judging day from its
registers, under the regime in force when each triggering event happened (the rules are data:
:mod:`cme_core.law.return_rules`). Each :class:`Obligation` has its earliest day, its
:class:`Deadline` (the last permitted day and the Europe/London instant at its end) and
:meth:`Obligation.status`. :func:`build_return` assembles a return's content from the
register; :func:`check_return` checks a return's content (every problem at once).

>>> from datetime import date
>>> due = new_pupil_return_due(date(2025, 3, 28))
>>> due.last_day, due.ends_at.isoformat()
(datetime.date(2025, 4, 2), '2025-04-03T00:00:00+01:00')
"""

from __future__ import annotations

# ``date`` is for the examples: the doctests of the re-exported functions and classes run in
# this namespace (their ``__module__`` is this package).
from datetime import date  # noqa: F401
from typing import TYPE_CHECKING

from cme_core._fields import rehome
from cme_core.law.return_rules import ReturnKind
from cme_core.returns._checks import AGE_OUT_OF_RANGE as AGE_OUT_OF_RANGE
from cme_core.returns._checks import AGE_UNDECIDED as AGE_UNDECIDED
from cme_core.returns._checks import DELETION_BEFORE_ENTRY as DELETION_BEFORE_ENTRY
from cme_core.returns._checks import DUAL_STATUS as DUAL_STATUS
from cme_core.returns._checks import EARLY_SUBMISSION as EARLY_SUBMISSION
from cme_core.returns._checks import ENTERED_LONG_BEFORE as ENTERED_LONG_BEFORE
from cme_core.returns._checks import ENTRY_BEFORE_BIRTH as ENTRY_BEFORE_BIRTH
from cme_core.returns._checks import GROUND_AGE as GROUND_AGE
from cme_core.returns._checks import GROUND_BEFORE_MET as GROUND_BEFORE_MET
from cme_core.returns._checks import GROUND_UNKNOWN as GROUND_UNKNOWN
from cme_core.returns._checks import IN_FUTURE as IN_FUTURE
from cme_core.returns._checks import MADE_LATE as MADE_LATE
from cme_core.returns._checks import MISSING_PARTICULAR as MISSING_PARTICULAR
from cme_core.returns._checks import NO_LA_ENQUIRIES as NO_LA_ENQUIRIES
from cme_core.returns._checks import NO_RETURN_THEN as NO_RETURN_THEN
from cme_core.returns._checks import NO_SICKNESS_TEST as NO_SICKNESS_TEST
from cme_core.returns._checks import NOT_CSA as NOT_CSA
from cme_core.returns._checks import PERIOD_REVERSED as PERIOD_REVERSED
from cme_core.returns._checks import PROBLEM_TYPES as PROBLEM_TYPES
from cme_core.returns._checks import UNKNOWN_REGIME as UNKNOWN_REGIME
from cme_core.returns._checks import WRONG_REGIME as WRONG_REGIME
from cme_core.returns._checks import check_return
from cme_core.returns._content import RETURN_TYPES as RETURN_TYPES
from cme_core.returns._content import (
    AttendanceReturn,
    DeletionReturn,
    NewPupilReturn,
    ReturnContent,
    SicknessReturn,
    build_return,
)
from cme_core.returns._deadlines import (
    Deadline,
    deletion_return_due,
    deletion_return_window,
    new_pupil_return_due,
)
from cme_core.returns._deadlines import __getattr__ as __getattr__  # LONDON, read on first use
from cme_core.returns._obligations import (
    AttendanceDetails,
    DeletionDetails,
    LARequests,
    NewPupilDetails,
    Obligation,
    ObligationDetails,
    ObligationStatus,
    SicknessDetails,
    SicknessExpectation,
    obligations,
)

if TYPE_CHECKING:
    from cme_core.returns._deadlines import LONDON as LONDON

# The problem types (MISSING_PARTICULAR, ..., PROBLEM_TYPES) and RETURN_TYPES are imported by
# name, outside __all__, so that cme_core.problems.catalogue names each cme_core.returns.<RULE>
# and cme_core.serialization finds RETURN_TYPES here, as before.

__all__ = [
    "LONDON",
    "AttendanceDetails",
    "AttendanceReturn",
    "Deadline",
    "DeletionDetails",
    "DeletionReturn",
    "LARequests",
    "NewPupilDetails",
    "NewPupilReturn",
    "Obligation",
    "ObligationDetails",
    "ObligationStatus",
    "ReturnContent",
    "ReturnKind",
    "SicknessDetails",
    "SicknessExpectation",
    "SicknessReturn",
    "build_return",
    "check_return",
    "deletion_return_due",
    "deletion_return_window",
    "new_pupil_return_due",
    "obligations",
]


def __dir__() -> list[str]:
    return list(__all__)


rehome(__name__, globals(), [name for name in __all__ if name != "LONDON"])
