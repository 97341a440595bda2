"""The law as data: both regimes, their deletion grounds, and the assessment engine.

Where things live: the records (:mod:`~cme_core.law.records`, :mod:`~cme_core.law.params`,
:mod:`~cme_core.law.return_rules`, :mod:`~cme_core.law.facts`), each regime's data
(``law/regs2006``, ``law/regs2024``), the shared evaluator pieces
(:mod:`~cme_core.law.evaluators`), school-day counting (:mod:`~cme_core.law.counting`), and
the engine (:mod:`~cme_core.law.assess`, :mod:`~cme_core.law.deletion`).
"""

from __future__ import annotations

from collections.abc import Mapping

from cme_core.law.assess import _legacy_attribute, assess_ground, candidate_grounds, pupil_age_scope
from cme_core.law.deletion import (
    DeletionCheck,
    DeletionNotShown,
    UnlawfulDeletion,
    Verdict,
    check_deletion,
)
from cme_core.law.facts import (
    BoardingCharges,
    Consent,
    DeletionFacts,
    Detention,
    DetentionKind,
    Enquiries,
    EnquiryOutcome,
    Judgment,
    KnownNone,
    LeaveOfAbsence,
    MedicalCertificate,
    NurseryCompletion,
    OtherRegistration,
    PermanentExclusion,
    SchoolAttendanceOrder,
    WrittenNotice,
)
from cme_core.law.params import (
    ConditionParams,
    ContinuousAbsence,
    DaysAfterLeave,
    EnquiriesMade,
    FirstLimb,
    LeaveGranted,
    NurseryCompleted,
    RunRule,
    SchoolNotMaintained,
    StopOrSixthForm,
    WrittenNoticeGiven,
)
from cme_core.law.records import (
    AgeScope,
    Condition,
    ConditionKind,
    ConditionResult,
    ConditionStatus,
    ConsentRule,
    Ground,
    GroundAssessment,
    GroundRef,
    InForce,
    Outcome,
    Regime,
    UnknownGround,
    parse_ground_ref,
)
from cme_core.law.regimes import REGIMES, REGS_2006, REGS_2024, ground, regime_by_id, regime_for

__all__ = [
    "REGIMES",
    "REGS_2006",
    "REGS_2024",
    "AgeScope",
    "BoardingCharges",
    "Condition",
    "ConditionKind",
    "ConditionParams",
    "ConditionResult",
    "ConditionStatus",
    "Consent",
    "ConsentRule",
    "ContinuousAbsence",
    "DaysAfterLeave",
    "DeletionCheck",
    "DeletionFacts",
    "DeletionNotShown",
    "Detention",
    "DetentionKind",
    "Enquiries",
    "EnquiriesMade",
    "EnquiryOutcome",
    "FirstLimb",
    "Ground",
    "GroundAssessment",
    "GroundRef",
    "InForce",
    "Judgment",
    "KnownNone",
    "LeaveGranted",
    "LeaveOfAbsence",
    "MedicalCertificate",
    "NurseryCompleted",
    "NurseryCompletion",
    "OtherRegistration",
    "Outcome",
    "PermanentExclusion",
    "Regime",
    "RunRule",
    "SchoolAttendanceOrder",
    "SchoolNotMaintained",
    "StopOrSixthForm",
    "UnknownGround",
    "UnlawfulDeletion",
    "Verdict",
    "WrittenNotice",
    "WrittenNoticeGiven",
    "assess_ground",
    "candidate_grounds",
    "check_deletion",
    "ground",
    "parse_ground_ref",
    "pupil_age_scope",
    "regime_by_id",
    "regime_for",
]


def __getattr__(name: str) -> Mapping[str, object]:
    return _legacy_attribute(__name__, name)


def __dir__() -> list[str]:
    return sorted(__all__)
