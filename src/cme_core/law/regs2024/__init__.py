"""The School Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208), as data.

Everything the 2024 regime says that cme_core encodes lives in this package: the reg 9 grounds
(``_grounds``), the reg 13 return duties (``_returns``), the evaluator table that binds each
condition key to a shared piece of :mod:`cme_core.law.evaluators`, the reg 9(2) consent rule,
and the :data:`REGS_2024` catalogue built from them. An amendment is a new dated
:class:`~cme_core.law.records.Ground` (or :class:`~cme_core.law.return_rules.ReturnRule`) here,
with the replaced version's ``in_force`` ending the day before.

>>> REGS_2024.ground("9(1)(i)").equivalent
('8(1)(h)',)
>>> REGS_2024.consent_rule.direction_only_after_refusal
True
"""

from __future__ import annotations

from cme_core.attendance_codes import CODES_2024
from cme_core.law.evaluators import table
from cme_core.law.records import ConsentRule, Regime
from cme_core.law.regs2024._grounds import GROUNDS_2024, IN_FORCE_2024
from cme_core.law.regs2024._returns import RETURN_RULES_2024
from cme_core.periods import RegimeId

__all__ = ["EVALUATORS_2024", "GROUNDS_2024", "IN_FORCE_2024", "REGS_2024", "RETURN_RULES_2024"]

EVALUATORS_2024 = table(
    "boarder",
    "boarder_at_maintained_or_academy",
    "ceased_to_be_pupil",
    "ceases_csa_before_school_next_meets",
    "charges_unpaid",
    "continuous_absence",
    "died",
    "dual_registered",
    "enquiries_failed",
    "exclusion_took_effect",
    "leave_granted",
    "moved_away",
    "no_attendance_after_leave",
    "no_sao_naming_school",
    "no_sickness_belief",
    "not_boarder",
    "not_dual_agreed",
    "not_mobile_main_school",
    "nursery_completed",
    "others_consented",
    "registered_elsewhere",
    "sao_amended",
    "sao_revoked",
    "school_not_maintained",
    "sentence_of_detention",
    "stop_or_sixth_form",
    "will_not_attend_again",
    "written_notice",
)
"""The 2024 regime's evaluator table (read-only)."""

REGS_2024 = Regime(
    id=RegimeId.REGS_2024,
    title="The School Attendance (Pupil Registration) (England) Regulations 2024",
    citation="SI 2024/208",
    in_force=IN_FORCE_2024,
    all_grounds=GROUNDS_2024,
    attendance_codes=CODES_2024,
    deletion_paragraph="9(1)",
    non_csa_paragraph="9(3)",
    consent_rule=ConsentRule(
        citation="SI 2024/208 reg 9(2)",
        exempt=("9(1)(d)", "9(1)(e)", "9(1)(k)", "9(1)(o)"),
        covers_not_compulsory_school_age=False,
        direction_only_after_refusal=True,
    ),
    evaluators=EVALUATORS_2024,
    returns=RETURN_RULES_2024,
    notes=("No transitional provision: events from 19 August 2024 are judged under it.",),
)
"""The 2024 regime: its grounds, codes, returns and rules."""
