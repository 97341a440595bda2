"""The Education (Pupil Registration) (England) Regulations 2006 (SI 2006/1751), as data.

Everything the 2006 regime says that cme_core encodes lives in this package: the reg 8 grounds
with their amendment history (``_grounds``), the reg 12 return duties (``_returns``), the
evaluator table that binds each condition key to a shared piece of
:mod:`cme_core.law.evaluators`, the reg 8(2) consent rule, and the :data:`REGS_2006` catalogue
built from them. A new wording of a ground is a new dated :class:`~cme_core.law.records.Ground`
in ``_grounds`` (and the old version's ``in_force`` ends the day before).

>>> from datetime import date
>>> REGS_2006.ground("h", on=date(2015, 1, 5)).requires_joint_enquiries
True
>>> REGS_2006.consent_rule.covers_not_compulsory_school_age
True
"""

from __future__ import annotations

from cme_core.attendance_codes import CODES_2006
from cme_core.law.evaluators import table
from cme_core.law.records import ConsentRule, Regime
from cme_core.law.regs2006._grounds import GROUNDS_2006, IN_FORCE_2006
from cme_core.law.regs2006._returns import RETURN_RULES_2006
from cme_core.periods import RegimeId

__all__ = ["EVALUATORS_2006", "GROUNDS_2006", "IN_FORCE_2006", "REGS_2006", "RETURN_RULES_2006"]

EVALUATORS_2006 = table(
    "boarder_at_maintained_or_academy",
    "ceased_attending_or_boarder_left",
    "ceased_to_attend",
    "ceased_to_be_pupil",
    "ceases_csa_before_school_next_meets",
    "charges_unpaid",
    "continuous_absence",
    "detention_order_2006",
    "died",
    "dual_registered",
    "enquiries_failed",
    "exclusion_took_effect",
    "leave_granted",
    "medical_certificate",
    "moved_away",
    "no_attendance_after_leave",
    "no_intention_to_continue",
    "no_sickness_belief",
    "not_boarder",
    "not_died_or_excluded",
    "not_dual_agreed",
    "not_nfa_ordinary_school",
    "not_sao_ground",
    "nursery_completed",
    "others_consented",
    "registered_elsewhere",
    "sao_registered_under",
    "sao_substituted_or_revoked",
    "school_not_maintained",
    "stop_attending_indicated",
    "stop_or_sixth_form",
    "will_not_attend_again",
    "written_notice",
)
"""The 2006 regime's evaluator table (read-only)."""

REGS_2006 = Regime(
    id=RegimeId.REGS_2006,
    title="The Education (Pupil Registration) (England) Regulations 2006",
    citation="SI 2006/1751",
    in_force=IN_FORCE_2006,
    all_grounds=GROUNDS_2006,
    attendance_codes=CODES_2006,
    deletion_paragraph="8(1)",
    non_csa_paragraph="8(3)",
    consent_rule=ConsentRule(
        citation="SI 2006/1751 reg 8(2)",
        exempt=("8(1)(a)", "8(1)(j)", "8(1)(m)"),
        covers_not_compulsory_school_age=True,
        direction_only_after_refusal=False,
    ),
    evaluators=EVALUATORS_2006,
    returns=RETURN_RULES_2006,
    notes=(
        "Amended by SI 2011/1625, SI 2012/1033, SI 2013/756 and SI 2016/792; revoked by "
        "SI 2024/208 from 19 August 2024.",
    ),
)
"""The 2006 regime: every version of every ground, its codes, returns and rules."""
