"""LA-wide reconciliation of deletion returns with new-pupil returns (the ``reconcile`` extra).

Every child who leaves a roll should be accounted for. :func:`reconcile` links each deletion
return to the new-pupil return that accounts for the child, in two stages: exactly, on the
canonical UPN, former UPNs and (where the caller has one) a pseudonymised key; then, for the
rest, probabilistically with `Splink <https://moj-analytical-services.github.io/splink/>`_,
on name (with nicknames), date of birth (with transpositions), sex and postcode (its sector
when the unit differs). Splink runs on DuckDB in this process (:class:`DuckDBEngine`) or on
Spark for national-scale runs (:class:`SparkEngine`), with the same settings and results. The
model's thresholds and m/u probabilities are explicit and versioned
(:class:`ReconcileSettings`, :data:`MODEL_VERSION`); each probabilistic :class:`Link` carries
its match weight and the contribution of every comparison.

The returns are given as cme_core objects or as Arrow tables (:data:`DELETION_SCHEMA`,
:data:`NEW_PUPIL_SCHEMA`: the column paths of the CSV form; :func:`deletions_from_table`,
:func:`admissions_from_table`, :func:`returns_to_table`); a table row that cannot be read is
skipped and reported as a :class:`~cme_core.problems.Problem`. Other evidence that can account
for a child is optional: school registers, open CME cases and other LAs' notifications
(:class:`OtherLANotification`).

The result (:class:`Reconciliation`) holds the lists an LA's children-missing-education team
works from, each with its citation: :class:`DeletionMatch` (with the new-pupil return's
five-day deadline), :class:`AwaitedAdmission`, :class:`ReferralCandidate` (with
:func:`~cme_core.referral.assess_referral`'s decision), :class:`OnRollWithoutReturn` (on a
register, the new-pupil return missing), :class:`KnownCase` (already known to a CME team),
:class:`AccountedElsewhere` (on a roll in another LA), :class:`TwoRolls` and the clerical
:class:`ReviewItem` queue (each item saying which question it asks). Records are named by
:class:`RecordRef` (the caller's ids): no result, repr or error carries a name, address, date
of birth or UPN.

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

from cme_core.reconcile._link import (
    Contribution,
    DuckDBEngine,
    Engine,
    Link,
    LinkageUnavailable,
    SparkEngine,
)
from cme_core.reconcile._records import NO_SCHOOL, SOURCES, Pseudonym, RecordRef
from cme_core.reconcile._run import (
    REVIEW_KINDS,
    AccountedElsewhere,
    AwaitedAdmission,
    DeletionMatch,
    KnownCase,
    OnRollWithoutReturn,
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
from cme_core.reconcile._sources import NotificationKind, OtherLANotification
from cme_core.reconcile._tables import (
    DELETION_SCHEMA,
    LIST_ITEMS,
    NEW_PUPIL_SCHEMA,
    admissions_from_table,
    deletions_from_table,
    returns_to_table,
)

__all__ = [
    "BLOCKING_RULES",
    "COMPARISONS",
    "DELETION_SCHEMA",
    "LIST_ITEMS",
    "MODEL_VERSION",
    "NEW_PUPIL_SCHEMA",
    "NO_SCHOOL",
    "REVIEW_KINDS",
    "SOURCES",
    "AccountedElsewhere",
    "AwaitedAdmission",
    "Comparison",
    "Contribution",
    "DeletionMatch",
    "DuckDBEngine",
    "Engine",
    "KnownCase",
    "Level",
    "Link",
    "LinkageUnavailable",
    "NotificationKind",
    "OnRollWithoutReturn",
    "OtherLANotification",
    "Pseudonym",
    "ReconcileSettings",
    "Reconciliation",
    "RecordRef",
    "ReferralCandidate",
    "ReviewItem",
    "SparkEngine",
    "TwoRolls",
    "admissions_from_table",
    "deletions_from_table",
    "reconcile",
    "returns_to_table",
]
