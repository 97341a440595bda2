"""Benchmarks: an LA's CME reports over a large caseload, and one referral assessment.

A large LA holds a few thousand CME cases a year. The reports replay each case's events once
or twice, so their cost is linear in the number of events; these benchmarks time a 5,000-case
caseload (about 6 events a case) so a regression to anything worse shows. Building the cases is
outside every timed part.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from cme_core.cases import (
    CaseReferred,
    CaseReviewed,
    CheckMade,
    CmeCase,
    Escalated,
    Escalation,
    LaCheck,
    MarkedMissing,
    TracingStarted,
    dfe_cme_counts,
    open_cases_report,
)
from cme_core.people import Pupil, Sex
from cme_core.policy import EnquiryStep
from cme_core.referral import (
    Enquiry,
    ReferralChild,
    Registration,
    Vulnerability,
    assess_referral,
)

CASES = 5_000
ON = date(2025, 6, 30)
DAY = timedelta(days=1)


@pytest.fixture(scope="module")
def caseload() -> list[CmeCase]:
    rng = random.Random(20250630)
    flags = list(Vulnerability)
    cases = []
    for i in range(CASES):
        start = ON - rng.randrange(1, 400) * DAY
        child = Pupil(
            pupil_id=f"P{i}",
            sex=rng.choice([Sex.MALE, Sex.FEMALE, None]),
            date_of_birth=date(2009, 9, 1) + rng.randrange(0, 4000) * DAY,
        )
        events: list[Any] = [
            CaseReferred(on=start),
            TracingStarted(on=start + DAY),
            CheckMade(on=start + 2 * DAY, check=LaCheck.HEALTH),
            CheckMade(on=start + 3 * DAY, check=LaCheck.HOUSING),
        ]
        if i % 2:
            events += [
                MarkedMissing(on=start + 4 * DAY),
                Escalated(on=start + 5 * DAY, to=Escalation.LOST_PUPIL_SEARCH),
            ]
        else:
            events += [CaseReviewed(on=start + 4 * DAY)]
        cases.append(
            CmeCase(
                case_id=f"C{i}",
                child=child,
                vulnerabilities=rng.sample(flags, rng.randrange(0, 3)),
                events=events,
            )
        )
    return cases


def test_bench_open_cases_report(benchmark: Any, caseload: list[CmeCase]) -> None:
    report = benchmark(open_cases_report, caseload, ON)
    assert report.total == CASES


def test_bench_dfe_cme_counts(benchmark: Any, caseload: list[CmeCase]) -> None:
    counts = benchmark(dfe_cme_counts, caseload, ON)
    assert counts.total == CASES


def test_bench_assess_referral(benchmark: Any) -> None:
    child = ReferralChild(
        pupil=Pupil(pupil_id="P1", date_of_birth=date(2014, 5, 1)),
        registration=Registration.DELETION_UNDER_WAY,
        deletion_ground="9(1)(i)",
        receiving_suitable_education=False,
        whereabouts_known=False,
        family_in_contact=False,
        unexplained_absence_school_days=12,
    )
    enquiries = [Enquiry(step=s, done_on=ON) for s in EnquiryStep]
    decision = benchmark(assess_referral, child, enquiries, ON)
    assert decision.is_eligible
