"""The admission register and the attendance register.

**Admission register.** Each pupil's entry is an append-only history of dated events
(:class:`Entered`, :class:`Amended`, :class:`FutureAddressRecorded`,
:class:`OtherSchoolRecorded`, :class:`BoarderStatusChanged`, :class:`EnrolmentStatusChanged`,
:class:`Deleted`). Nothing is overwritten: the state of an entry on any day is derived from the
events in force by then (:meth:`AdmissionEntry.state_on`), and the history of amendments
(2024 Regulations reg 6: original value, new value, reason, date, who) is derived from it too.

**Attendance register.** Two sessions a day, one mark a session (2006 reg 6; 2024 reg 10).
A pupil's marks are stored compactly, one character per session from a first day, so that a
whole LA's marks fit in memory: see :class:`AttendanceRecord`.

>>> import datetime as dt
>>> from cme_core.people import Pupil
>>> entry = AdmissionEntry(pupil_id="P1", events=(
...     Entered(starting_day=dt.date(2024, 9, 4), pupil=Pupil(pupil_id="P1"), year_group=3),
...     Deleted(on=dt.date(2025, 2, 3), ground="9(1)(g)"),
... ))
>>> entry.is_on_roll(dt.date(2025, 2, 2)), entry.is_on_roll(dt.date(2025, 2, 3))
(True, False)
"""

from __future__ import annotations

from cme_core._fields import rehome
from cme_core.periods import REGS_2024_START
from cme_core.registers._admission import DELETION_BEFORE_ENTRY as DELETION_BEFORE_ENTRY
from cme_core.registers._admission import DUAL_STATUS_NO_PARTNER as DUAL_STATUS_NO_PARTNER
from cme_core.registers._admission import DUAL_WITH_SINGLE_STATUS as DUAL_WITH_SINGLE_STATUS
from cme_core.registers._admission import EVENT_OFF_ROLL as EVENT_OFF_ROLL
from cme_core.registers._admission import EVENT_TYPES as EVENT_TYPES
from cme_core.registers._admission import FIRST_NOT_ENTRY as FIRST_NOT_ENTRY
from cme_core.registers._admission import FUTURE_EVENT as FUTURE_EVENT
from cme_core.registers._admission import OUT_OF_ORDER as OUT_OF_ORDER
from cme_core.registers._admission import PUPIL_ID_MISMATCH as PUPIL_ID_MISMATCH
from cme_core.registers._admission import RECORDED_BEFORE_EFFECT as RECORDED_BEFORE_EFFECT
from cme_core.registers._admission import REENTERED as REENTERED
from cme_core.registers._admission import RETROSPECTIVE_DELETION as RETROSPECTIVE_DELETION
from cme_core.registers._admission import SECOND_DELETION as SECOND_DELETION
from cme_core.registers._admission import (
    AdmissionEntry,
    Amended,
    Amendment,
    BoarderStatusChanged,
    Deleted,
    EnrolmentStatus,
    EnrolmentStatusChanged,
    Entered,
    EntryState,
    FutureAddress,
    FutureAddressRecorded,
    OtherSchool,
    OtherSchoolRecorded,
    RegisterEvent,
)
from cme_core.registers._attendance import (
    AM,
    NO_MARK,
    PM,
    AttendanceRecord,
    decode_marks,
    encode_marks,
)
from cme_core.registers._attendance import MARK_IN_FUTURE as MARK_IN_FUTURE
from cme_core.registers._attendance import MARK_NOT_SCHOOL_DAY as MARK_NOT_SCHOOL_DAY
from cme_core.registers._attendance import MARK_OFF_ROLL as MARK_OFF_ROLL
from cme_core.registers._attendance import MARK_UNKNOWN as MARK_UNKNOWN
from cme_core.registers._attendance import decode_mark as decode_mark
from cme_core.registers._particulars import PARTICULARS as PARTICULARS
from cme_core.registers._particulars import PARTICULARS_2006 as PARTICULARS_2006
from cme_core.registers._particulars import PARTICULARS_2024 as PARTICULARS_2024
from cme_core.registers._particulars import Particular, particulars_for
from cme_core.registers._register import DUPLICATE_PUPIL_ID as DUPLICATE_PUPIL_ID
from cme_core.registers._register import DUPLICATE_UPN as DUPLICATE_UPN
from cme_core.registers._register import MARKS_NO_ENTRY as MARKS_NO_ENTRY
from cme_core.registers._register import MAX_PROBLEMS_PER_RECORD as MAX_PROBLEMS_PER_RECORD
from cme_core.registers._register import PARTICULAR_MISSING as PARTICULAR_MISSING
from cme_core.registers._register import PROBLEM_TYPES as PROBLEM_TYPES
from cme_core.registers._register import PROBLEMS_SUMMARISED as PROBLEMS_SUMMARISED
from cme_core.registers._register import SchoolRegister

# Imported by name, outside __all__, as the module had them: the problem types (so that
# cme_core.problems.catalogue names each cme_core.registers.<RULE>), EVENT_TYPES (read by
# cme_core.serialization), the particulars of each regime and decode_mark.

REGS_2024_FROM = REGS_2024_START
"""Deprecated alias of :data:`cme_core.periods.REGS_2024_START`."""

__all__ = [
    "AM",
    "NO_MARK",
    "PM",
    "AdmissionEntry",
    "Amended",
    "Amendment",
    "AttendanceRecord",
    "BoarderStatusChanged",
    "Deleted",
    "EnrolmentStatus",
    "EnrolmentStatusChanged",
    "Entered",
    "EntryState",
    "FutureAddress",
    "FutureAddressRecorded",
    "OtherSchool",
    "OtherSchoolRecorded",
    "Particular",
    "RegisterEvent",
    "SchoolRegister",
    "decode_marks",
    "encode_marks",
    "particulars_for",
]


def __dir__() -> list[str]:
    return list(__all__)


rehome(__name__, globals(), (*__all__, "decode_mark"))
