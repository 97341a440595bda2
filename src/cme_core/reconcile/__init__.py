"""LA-wide reconciliation of deletion returns with new-pupil returns (the ``reconcile`` extra).

Every child who leaves a roll should be accounted for. :func:`reconcile` links each deletion
return to the new-pupil return that accounts for the child, in two stages: exactly, on the
canonical UPN, former UPNs and (where the caller has one) a pseudonymised key; then, for the
rest, probabilistically with `Splink <https://moj-analytical-services.github.io/splink/>`_
on DuckDB, on name, date of birth (with transpositions), sex and postcode (its sector when the
unit differs). The model's thresholds and m/u probabilities are explicit and versioned
(:class:`ReconcileSettings`, :data:`MODEL_VERSION`); each probabilistic :class:`Link` carries
its match weight and the contribution of every comparison.

The result (:class:`Reconciliation`) holds the lists an LA's children-missing-education team
works from, each with its citation: :class:`DeletionMatch` (with the new-pupil return's
five-day deadline), :class:`AwaitedAdmission`, :class:`ReferralCandidate` (with
:func:`~cme_core.referral.assess_referral`'s decision), :class:`TwoRolls` and the clerical
:class:`ReviewItem` queue. Records are named by :class:`RecordRef` (the caller's ids): no
result, repr or error carries a name, address, date of birth or UPN.

This package sits outside the pure core: ``import cme_core`` never imports it, Splink or
DuckDB. The probabilistic stage imports Splink on first use; with
``ReconcileSettings(probabilistic=False)`` only the exact stage runs.

>>> import datetime as dt
>>> from cme_core.people import Pupil
>>> from cme_core.returns import DeletionReturn, NewPupilReturn
>>> gone = DeletionReturn(regime="2024", school_laestab="8012000", deleted_on=dt.date(2025, 3, 3),
...     ground="9(1)(a)", pupil=Pupil(pupil_id="A17", upn="B801200005001"))
>>> came = NewPupilReturn(regime="2024", school_laestab="8012001", entered_on=dt.date(2025, 3, 4),
...     starting_day=dt.date(2025, 3, 5), submitted_on=dt.date(2025, 3, 7),
...     pupil=Pupil(pupil_id="B3", upn="b801200005001"))
>>> result = reconcile([gone], [came], on=dt.date(2025, 4, 1),
...     settings=ReconcileSettings(probabilistic=False))
>>> match = result.matches[0]
>>> match.admission.pupil_id, match.days_between, match.return_on_time, match.link.stage
('B3', 2, True, 'upn')
"""

from __future__ import annotations

from cme_core.reconcile._link import Contribution, Link, LinkageUnavailable
from cme_core.reconcile._records import Pseudonym, RecordRef
from cme_core.reconcile._run import (
    AwaitedAdmission,
    DeletionMatch,
    Reconciliation,
    ReferralCandidate,
    ReviewItem,
    TwoRolls,
    reconcile,
)
from cme_core.reconcile._settings import (
    BLOCKING_RULES,
    COMPARISONS,
    MODEL_VERSION,
    Comparison,
    Level,
    ReconcileSettings,
)

__all__ = [
    "BLOCKING_RULES",
    "COMPARISONS",
    "MODEL_VERSION",
    "AwaitedAdmission",
    "Comparison",
    "Contribution",
    "DeletionMatch",
    "Level",
    "Link",
    "LinkageUnavailable",
    "Pseudonym",
    "ReconcileSettings",
    "Reconciliation",
    "RecordRef",
    "ReferralCandidate",
    "ReviewItem",
    "TwoRolls",
    "reconcile",
]
