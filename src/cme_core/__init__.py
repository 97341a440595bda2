"""cme_core: England's law on children missing education as precise, tested code.

The public API is re-exported here (see ``__all__``); modules hold the detail:
:mod:`cme_core.upn` and :mod:`cme_core.identifiers` (UPN, LA codes, LAESTAB, URN, postcodes),
:mod:`cme_core.school_age`, :mod:`cme_core.calendars`, :mod:`cme_core.people`,
:mod:`cme_core.schools`, :mod:`cme_core.registers`, :mod:`cme_core.attendance_codes`,
:mod:`cme_core.law` (regimes, grounds, assessment), :mod:`cme_core.serialization`.

The re-exports are lazy (PEP 562): ``import cme_core`` imports none of those modules; each name
is imported from its module the first time it is used (``from cme_core import Pupil`` imports
:mod:`cme_core.people` only), and is then the same object as there.
"""

from __future__ import annotations

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing :mod:`typing` (type checkers take any
``TYPE_CHECKING`` as true), so ``import cme_core`` imports nothing at all."""

if TYPE_CHECKING:  # every name, for type checkers and IDEs; at run time they resolve on first use
    from cme_core import attendance, attendance_codes, cases, law, referral, returns, serialization
    from cme_core.attendance import AttendanceSummary, summarise, summarise_many
    from cme_core.attendance_codes import (
        CODES_2006,
        CODES_2024,
        AttendanceCode,
        CodeSet,
        Treatment,
        UnknownAttendanceCode,
        code_set_for,
        mark_problems,
    )
    from cme_core.attendance_codes import validate_mark as validate_mark  # deprecated (0.2.0)
    from cme_core.calendars import (
        CalendarRangeError,
        InvalidCalendar,
        SchoolCalendar,
        SchoolYear,
        Term,
        england_bank_holidays,
    )
    from cme_core.cases import CmeCase, IllegalTransition, dfe_cme_counts, open_cases_report
    from cme_core.errors import (
        CmeError,
        InvalidArgument,
        InvalidChecksum,
        InvalidDate,
        InvalidFormat,
        InvalidIdentifier,
        InvalidInput,
        InvalidLAESTAB,
        InvalidLength,
        InvalidLocalAuthorityCode,
        InvalidPostcode,
        InvalidUPN,
        UnknownLocalAuthority,
    )
    from cme_core.identifiers import (
        LocalAuthority,
        LocalAuthorityKind,
        laestab,
        local_authority,
        postcode,
        upn,
        urn,
    )
    from cme_core.law import (
        REGS_2006,
        REGS_2024,
        AgeScope,
        DeletionFacts,
        Ground,
        GroundAssessment,
        Judgment,
        Outcome,
        Regime,
        UnknownGround,
        UnlawfulDeletion,
        Verdict,
        assess_ground,
        candidate_grounds,
        check_deletion,
        ground,
        regime_for,
    )
    from cme_core.people import Address, Parent, PhoneNumber, Pupil, Sex, UpnUnknownReason
    from cme_core.policy import EnquiryStep, LAPolicy
    from cme_core.problems import Problem, ProblemsFound, ProblemType, Report, Severity
    from cme_core.referral import (
        Enquiry,
        ReferralChild,
        ReferralDecision,
        ReferralOutcome,
        assess_referral,
        referral_form,
    )
    from cme_core.registers import (
        AdmissionEntry,
        AttendanceRecord,
        Deleted,
        EnrolmentStatus,
        Entered,
        SchoolRegister,
    )
    from cme_core.returns import (
        Deadline,
        LARequests,
        Obligation,
        ObligationStatus,
        ReturnKind,
        build_return,
        check_return,
        deletion_return_due,
        deletion_return_window,
        new_pupil_return_due,
        obligations,
    )
    from cme_core.school_age import (
        academic_year_of,
        compulsory_school_age_end,
        compulsory_school_age_start,
        is_of_compulsory_school_age,
        school_leaving_date,
        year_group,
        year_group_name,
    )
    from cme_core.schools import Phase, School, SchoolKind
    from cme_core.submissions import validate_return

__version__ = "0.1.0"

__all__ = [
    "CODES_2006",
    "CODES_2024",
    "REGS_2006",
    "REGS_2024",
    "Address",
    "AdmissionEntry",
    "AgeScope",
    "AttendanceCode",
    "AttendanceRecord",
    "AttendanceSummary",
    "CalendarRangeError",
    "CmeCase",
    "CmeError",
    "CodeSet",
    "Deadline",
    "Deleted",
    "DeletionFacts",
    "Enquiry",
    "EnquiryStep",
    "EnrolmentStatus",
    "Entered",
    "Ground",
    "GroundAssessment",
    "IllegalTransition",
    "InvalidArgument",
    "InvalidCalendar",
    "InvalidChecksum",
    "InvalidDate",
    "InvalidFormat",
    "InvalidIdentifier",
    "InvalidInput",
    "InvalidLAESTAB",
    "InvalidLength",
    "InvalidLocalAuthorityCode",
    "InvalidPostcode",
    "InvalidUPN",
    "Judgment",
    "LAPolicy",
    "LARequests",
    "LocalAuthority",
    "LocalAuthorityKind",
    "Obligation",
    "ObligationStatus",
    "Outcome",
    "Parent",
    "Phase",
    "PhoneNumber",
    "Problem",
    "ProblemType",
    "ProblemsFound",
    "Pupil",
    "ReferralChild",
    "ReferralDecision",
    "ReferralOutcome",
    "Regime",
    "Report",
    "ReturnKind",
    "School",
    "SchoolCalendar",
    "SchoolKind",
    "SchoolRegister",
    "SchoolYear",
    "Severity",
    "Sex",
    "Term",
    "Treatment",
    "UnknownAttendanceCode",
    "UnknownGround",
    "UnknownLocalAuthority",
    "UnlawfulDeletion",
    "UpnUnknownReason",
    "Verdict",
    "__version__",
    "academic_year_of",
    "assess_ground",
    "assess_referral",
    "attendance",
    "attendance_codes",
    "build_return",
    "candidate_grounds",
    "cases",
    "check_deletion",
    "check_return",
    "code_set_for",
    "compulsory_school_age_end",
    "compulsory_school_age_start",
    "deletion_return_due",
    "deletion_return_window",
    "dfe_cme_counts",
    "england_bank_holidays",
    "ground",
    "is_of_compulsory_school_age",
    "laestab",
    "law",
    "local_authority",
    "mark_problems",
    "new_pupil_return_due",
    "obligations",
    "open_cases_report",
    "postcode",
    "referral",
    "referral_form",
    "regime_for",
    "returns",
    "school_leaving_date",
    "serialization",
    "summarise",
    "summarise_many",
    "upn",
    "urn",
    "validate_return",
    "year_group",
    "year_group_name",
]


_LAZY: dict[str, tuple[str, str | None]] = {
    "attendance": ("cme_core.attendance", None),
    "attendance_codes": ("cme_core.attendance_codes", None),
    "cases": ("cme_core.cases", None),
    "law": ("cme_core.law", None),
    "referral": ("cme_core.referral", None),
    "returns": ("cme_core.returns", None),
    "serialization": ("cme_core.serialization", None),
    "AttendanceSummary": ("cme_core.attendance", "AttendanceSummary"),
    "summarise": ("cme_core.attendance", "summarise"),
    "summarise_many": ("cme_core.attendance", "summarise_many"),
    "CODES_2006": ("cme_core.attendance_codes", "CODES_2006"),
    "CODES_2024": ("cme_core.attendance_codes", "CODES_2024"),
    "AttendanceCode": ("cme_core.attendance_codes", "AttendanceCode"),
    "CodeSet": ("cme_core.attendance_codes", "CodeSet"),
    "Treatment": ("cme_core.attendance_codes", "Treatment"),
    "UnknownAttendanceCode": ("cme_core.attendance_codes", "UnknownAttendanceCode"),
    "code_set_for": ("cme_core.attendance_codes", "code_set_for"),
    "mark_problems": ("cme_core.attendance_codes", "mark_problems"),
    "validate_mark": ("cme_core.attendance_codes", "validate_mark"),
    "CalendarRangeError": ("cme_core.calendars", "CalendarRangeError"),
    "InvalidCalendar": ("cme_core.calendars", "InvalidCalendar"),
    "SchoolCalendar": ("cme_core.calendars", "SchoolCalendar"),
    "SchoolYear": ("cme_core.calendars", "SchoolYear"),
    "Term": ("cme_core.calendars", "Term"),
    "england_bank_holidays": ("cme_core.calendars", "england_bank_holidays"),
    "CmeCase": ("cme_core.cases", "CmeCase"),
    "IllegalTransition": ("cme_core.cases", "IllegalTransition"),
    "dfe_cme_counts": ("cme_core.cases", "dfe_cme_counts"),
    "open_cases_report": ("cme_core.cases", "open_cases_report"),
    "CmeError": ("cme_core.errors", "CmeError"),
    "InvalidArgument": ("cme_core.errors", "InvalidArgument"),
    "InvalidChecksum": ("cme_core.errors", "InvalidChecksum"),
    "InvalidDate": ("cme_core.errors", "InvalidDate"),
    "InvalidFormat": ("cme_core.errors", "InvalidFormat"),
    "InvalidIdentifier": ("cme_core.errors", "InvalidIdentifier"),
    "InvalidInput": ("cme_core.errors", "InvalidInput"),
    "InvalidLAESTAB": ("cme_core.errors", "InvalidLAESTAB"),
    "InvalidLength": ("cme_core.errors", "InvalidLength"),
    "InvalidLocalAuthorityCode": ("cme_core.errors", "InvalidLocalAuthorityCode"),
    "InvalidPostcode": ("cme_core.errors", "InvalidPostcode"),
    "InvalidUPN": ("cme_core.errors", "InvalidUPN"),
    "UnknownLocalAuthority": ("cme_core.errors", "UnknownLocalAuthority"),
    "LocalAuthority": ("cme_core.identifiers", "LocalAuthority"),
    "LocalAuthorityKind": ("cme_core.identifiers", "LocalAuthorityKind"),
    "laestab": ("cme_core.identifiers", "laestab"),
    "local_authority": ("cme_core.identifiers", "local_authority"),
    "postcode": ("cme_core.identifiers", "postcode"),
    "upn": ("cme_core.identifiers", "upn"),
    "urn": ("cme_core.identifiers", "urn"),
    "REGS_2006": ("cme_core.law", "REGS_2006"),
    "REGS_2024": ("cme_core.law", "REGS_2024"),
    "AgeScope": ("cme_core.law", "AgeScope"),
    "DeletionFacts": ("cme_core.law", "DeletionFacts"),
    "Ground": ("cme_core.law", "Ground"),
    "GroundAssessment": ("cme_core.law", "GroundAssessment"),
    "Judgment": ("cme_core.law", "Judgment"),
    "Outcome": ("cme_core.law", "Outcome"),
    "Regime": ("cme_core.law", "Regime"),
    "UnknownGround": ("cme_core.law", "UnknownGround"),
    "UnlawfulDeletion": ("cme_core.law", "UnlawfulDeletion"),
    "Verdict": ("cme_core.law", "Verdict"),
    "assess_ground": ("cme_core.law", "assess_ground"),
    "candidate_grounds": ("cme_core.law", "candidate_grounds"),
    "check_deletion": ("cme_core.law", "check_deletion"),
    "ground": ("cme_core.law", "ground"),
    "regime_for": ("cme_core.law", "regime_for"),
    "Address": ("cme_core.people", "Address"),
    "Parent": ("cme_core.people", "Parent"),
    "PhoneNumber": ("cme_core.people", "PhoneNumber"),
    "Pupil": ("cme_core.people", "Pupil"),
    "Sex": ("cme_core.people", "Sex"),
    "UpnUnknownReason": ("cme_core.people", "UpnUnknownReason"),
    "EnquiryStep": ("cme_core.policy", "EnquiryStep"),
    "LAPolicy": ("cme_core.policy", "LAPolicy"),
    "Problem": ("cme_core.problems", "Problem"),
    "ProblemsFound": ("cme_core.problems", "ProblemsFound"),
    "ProblemType": ("cme_core.problems", "ProblemType"),
    "Report": ("cme_core.problems", "Report"),
    "Severity": ("cme_core.problems", "Severity"),
    "Enquiry": ("cme_core.referral", "Enquiry"),
    "ReferralChild": ("cme_core.referral", "ReferralChild"),
    "ReferralDecision": ("cme_core.referral", "ReferralDecision"),
    "ReferralOutcome": ("cme_core.referral", "ReferralOutcome"),
    "assess_referral": ("cme_core.referral", "assess_referral"),
    "referral_form": ("cme_core.referral", "referral_form"),
    "AdmissionEntry": ("cme_core.registers", "AdmissionEntry"),
    "AttendanceRecord": ("cme_core.registers", "AttendanceRecord"),
    "Deleted": ("cme_core.registers", "Deleted"),
    "EnrolmentStatus": ("cme_core.registers", "EnrolmentStatus"),
    "Entered": ("cme_core.registers", "Entered"),
    "SchoolRegister": ("cme_core.registers", "SchoolRegister"),
    "Deadline": ("cme_core.returns", "Deadline"),
    "LARequests": ("cme_core.returns", "LARequests"),
    "Obligation": ("cme_core.returns", "Obligation"),
    "ObligationStatus": ("cme_core.returns", "ObligationStatus"),
    "ReturnKind": ("cme_core.returns", "ReturnKind"),
    "build_return": ("cme_core.returns", "build_return"),
    "check_return": ("cme_core.returns", "check_return"),
    "deletion_return_due": ("cme_core.returns", "deletion_return_due"),
    "deletion_return_window": ("cme_core.returns", "deletion_return_window"),
    "new_pupil_return_due": ("cme_core.returns", "new_pupil_return_due"),
    "obligations": ("cme_core.returns", "obligations"),
    "academic_year_of": ("cme_core.school_age", "academic_year_of"),
    "compulsory_school_age_end": ("cme_core.school_age", "compulsory_school_age_end"),
    "compulsory_school_age_start": ("cme_core.school_age", "compulsory_school_age_start"),
    "is_of_compulsory_school_age": ("cme_core.school_age", "is_of_compulsory_school_age"),
    "school_leaving_date": ("cme_core.school_age", "school_leaving_date"),
    "year_group": ("cme_core.school_age", "year_group"),
    "year_group_name": ("cme_core.school_age", "year_group_name"),
    "Phase": ("cme_core.schools", "Phase"),
    "School": ("cme_core.schools", "School"),
    "SchoolKind": ("cme_core.schools", "SchoolKind"),
    "validate_return": ("cme_core.submissions", "validate_return"),
}
"""Each top-level name: the module it lives in and its name there (``None``: the module itself).
Resolved on first use by :func:`__getattr__` (PEP 562), so ``import cme_core`` stays cheap."""

_SUBMODULES = frozenset(
    {
        "_checks",
        "_fields",
        "calendars",
        "errors",
        "identifiers",
        "people",
        "periods",
        "policy",
        "problems",
        "registers",
        "school_age",
        "schools",
        "submissions",
    }
)
"""Submodules that ``import cme_core`` used to import (so ``cme_core.calendars`` worked without
importing it): still reachable as attributes, imported on first use."""


def __dir__() -> list[str]:
    return sorted(__all__)


if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays an error for them

    def __getattr__(name: str) -> object:
        """A top-level name, imported from its module on first use (PEP 562) and then kept."""
        from importlib import import_module

        home = _LAZY.get(name)
        if home is not None:
            module, attr = home
            value = import_module(module) if attr is None else getattr(import_module(module), attr)
        elif name in _SUBMODULES:
            value = import_module(f"{__name__}.{name}")
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value
