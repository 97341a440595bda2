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
>>> code_set_for(date(2024, 8, 18)).regime.value, code_set_for(date(2024, 8, 19)).regime.value
('2006', '2024')
>>> mark_problems("H", date(2019, 5, 1))
()
>>> [p.code for p in mark_problems("H", date(2025, 1, 10))]
['CME-ATT-002']
"""

from __future__ import annotations

# ``date`` is for the examples: the doctests of the re-exported functions and classes run in
# this namespace (their ``__module__`` is this package).
from datetime import date  # noqa: F401

from cme_core._fields import rehome
from cme_core.attendance_codes._codes_2006 import CODES_2006
from cme_core.attendance_codes._codes_2024 import CODES_2024
from cme_core.attendance_codes._marks import (
    ALL_CODES,
    ATT_BLANK_MARK,
    ATT_NO_CODE_SET,
    ATT_NOT_CANONICAL,
    ATT_NOT_IN_2006_SET,
    ATT_NOT_IN_2024_SET,
    ATT_RETIRED_UNVERIFIED,
    ATT_UNKNOWN_CODE,
    breaks_twenty_day_run_2006,
    breaks_twenty_day_run_2024,
    code_set_for,
    counts_for_attendance_return_2006,
    counts_for_attendance_return_2024,
    is_valid_mark,
    mark_problems,
    twenty_day_run_effect_2006,
    twenty_day_run_effect_2024,
)
from cme_core.attendance_codes._marks import validate_mark as validate_mark  # deprecated
from cme_core.attendance_codes._records import (
    NO_MARK,
    REGIME_2006,
    REGIME_2006_END,
    REGIME_2006_START,
    REGIME_2024,
    REGIME_2024_START,
    AttendanceCode,
    Category,
    CodeSet,
    RunEffect,
    Table3Group,
    Treatment,
    UnknownAttendanceCode,
)

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
    "mark_problems",
    "twenty_day_run_effect_2006",
    "twenty_day_run_effect_2024",
]


def __dir__() -> list[str]:
    return list(__all__)


rehome(__name__, globals(), __all__)
