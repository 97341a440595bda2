"""Reports on many cases: open cases on a day, and the DfE-style counts on a census date.

Part of :mod:`cme_core.cases`, which re-exports every public name here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from cme_core._checks import require_date as _require_date
from cme_core._fields import checked, freeze_mapping, typed_fields
from cme_core.cases._case import CmeCase, _policy
from cme_core.cases._states import MISSING_STATES
from cme_core.errors import InvalidArgument, InvalidInput
from cme_core.people import Pupil, Sex
from cme_core.policy import CaseState, LAPolicy
from cme_core.referral import Vulnerability
from cme_core.school_age import academic_year_of, age_on, year_group

# --- reports ---------------------------------------------------------------------------------


def _check_cases(cases: object) -> tuple[CmeCase, ...]:
    if isinstance(cases, CmeCase):
        raise InvalidArgument("cases must be a collection of CmeCase records, not one case")
    if isinstance(cases, str | bytes | Mapping) or not isinstance(cases, Iterable):
        raise InvalidArgument(f"cases must be a collection of CmeCase, got {type(cases).__name__}")
    items = tuple(cases)
    seen: set[str] = set()
    for case in items:
        if not isinstance(case, CmeCase):
            raise InvalidArgument(f"cases must hold CmeCase records, got {type(case).__name__}")
        if case.case_id in seen:
            raise InvalidInput("a case_id appears more than once; each case must be counted once")
        seen.add(case.case_id)
    return items


def _sorted_counts(counts: dict[Any, int], key: Any) -> Mapping[Any, int]:
    return freeze_mapping(sorted(counts.items(), key=key))


def _none_last_int(item: tuple[int | None, int]) -> tuple[bool, int]:
    return (item[0] is None, item[0] if item[0] is not None else 0)


def _year_group_on(child: Pupil, on: date) -> int | None:
    dob = child.date_of_birth
    if dob is None or dob > on:
        return None
    return year_group(dob, academic_year_of(on))


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class OverdueReview:
    """An open case whose review date has passed: when it was due and by how many days."""

    case_id: str
    state: CaseState
    due: date
    days_overdue: int


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class OpenCasesReport:
    """Open cases on ``on`` (every state but CLOSED), counted several ways. No personal data.

    ``by_year_group`` and ``by_age`` use ``None`` for children with no (or a future) date of
    birth. A case counts once under each of its risk flags in ``by_vulnerability``;
    ``without_vulnerability`` counts cases with none.
    """

    on: date
    policy_name: str
    total: int
    by_state: Mapping[CaseState, int] = attrs.field(converter=freeze_mapping, hash=False)
    by_year_group: Mapping[int | None, int] = attrs.field(converter=freeze_mapping, hash=False)
    by_age: Mapping[int | None, int] = attrs.field(converter=freeze_mapping, hash=False)
    by_vulnerability: Mapping[Vulnerability, int] = attrs.field(
        converter=freeze_mapping, hash=False
    )
    without_vulnerability: int
    overdue_reviews: tuple[OverdueReview, ...]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (dates as ISO 8601 text, enums as their values)."""
        return {
            "on": self.on.isoformat(),
            "policy": self.policy_name,
            "total": self.total,
            "by_state": {k.value: v for k, v in self.by_state.items()},
            "by_year_group": {
                ("unknown" if k is None else str(k)): v for k, v in self.by_year_group.items()
            },
            "by_age": {("unknown" if k is None else str(k)): v for k, v in self.by_age.items()},
            "by_vulnerability": {k.value: v for k, v in self.by_vulnerability.items()},
            "without_vulnerability": self.without_vulnerability,
            "overdue_reviews": [
                {
                    "case_id": r.case_id,
                    "state": r.state.value,
                    "due": r.due.isoformat(),
                    "days_overdue": r.days_overdue,
                }
                for r in self.overdue_reviews
            ],
        }


@checked
def open_cases_report(
    cases: Iterable[CmeCase], on: date, *, policy: LAPolicy | None = None
) -> OpenCasesReport:
    """Open cases on ``on`` by state, year group, age and risk flag, and overdue reviews.

    A review is overdue when :meth:`CmeCase.review_due` (as of ``on``) is before ``on``.
    Raises :class:`~cme_core.errors.InvalidInput` if a ``case_id`` repeats.

    >>> import datetime as dt
    >>> from cme_core.people import Pupil
    >>> from cme_core.referral import Vulnerability
    >>> c = CmeCase.open("C4", Pupil(pupil_id="P4", date_of_birth=dt.date(2015, 1, 2)),
    ...                  dt.date(2025, 1, 6), vulnerabilities=[Vulnerability.IN_CARE])
    >>> r = open_cases_report([c], dt.date(2025, 1, 20))
    >>> r.total, dict(r.by_year_group), [o.days_overdue for o in r.overdue_reviews]
    (1, {5: 1}, [9])
    """
    items = _check_cases(cases)
    on = _require_date(on, "on")
    policy = _policy(policy)
    by_state: dict[CaseState, int] = {}
    by_group: dict[int | None, int] = {}
    by_age: dict[int | None, int] = {}
    by_flag: dict[Vulnerability, int] = {}
    without = 0
    overdue: list[OverdueReview] = []
    total = 0
    for case in items:
        state = case.state_on(on)
        if state is None or state is CaseState.CLOSED:
            continue
        total += 1
        by_state[state] = by_state.get(state, 0) + 1
        group = _year_group_on(case.child, on)
        by_group[group] = by_group.get(group, 0) + 1
        dob = case.child.date_of_birth
        age = age_on(dob, on) if dob is not None and dob <= on else None
        by_age[age] = by_age.get(age, 0) + 1
        for flag in case.vulnerabilities:
            by_flag[flag] = by_flag.get(flag, 0) + 1
        if not case.vulnerabilities:
            without += 1
        due = case.review_due(policy, on=on)
        if due is not None and due < on:
            overdue.append(
                OverdueReview(
                    case_id=case.case_id, state=state, due=due, days_overdue=(on - due).days
                )
            )
    state_order = {s: i for i, s in enumerate(CaseState)}
    flag_order = {v: i for i, v in enumerate(Vulnerability)}
    return OpenCasesReport(
        on=on,
        policy_name=policy.name,
        total=total,
        by_state=_sorted_counts(by_state, lambda kv: state_order[kv[0]]),
        by_year_group=_sorted_counts(by_group, _none_last_int),
        by_age=_sorted_counts(by_age, _none_last_int),
        by_vulnerability=_sorted_counts(by_flag, lambda kv: flag_order[kv[0]]),
        without_vulnerability=without,
        overdue_reviews=tuple(sorted(overdue, key=lambda r: (r.due, r.case_id))),
    )


class PeriodUnit(enum.Enum):
    """The unit a counting period is measured in."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    """Calendar months; a day past the end of a shorter month clamps to its last day."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Period:
    """A length of time such as "4 weeks" or "3 months"."""

    amount: int
    unit: PeriodUnit

    def after(self, start: date) -> date:
        """The day ``amount`` ``unit`` after ``start`` (months clamp: 31 Jan + 1 month = 28/29 Feb).

        >>> from datetime import date
        >>> Period(amount=3, unit=PeriodUnit.MONTHS).after(date(2024, 11, 30))
        datetime.date(2025, 2, 28)
        """
        if self.unit is PeriodUnit.MONTHS:
            result: date = start + relativedelta(months=self.amount)
            return result
        days = self.amount * (7 if self.unit is PeriodUnit.WEEKS else 1)
        return start + timedelta(days=days)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class DurationBand:
    """A band of time missing: at least ``at_least`` and under ``under`` (``None``: open)."""

    key: str
    label: str
    at_least: Period | None = None
    under: Period | None = None

    def contains(self, start: date, on: date) -> bool:
        """Whether a child missing since ``start`` falls in this band on ``on``."""
        if self.at_least is not None and on < self.at_least.after(start):
            return False
        return self.under is None or on < self.under.after(start)


def _weeks(n: int) -> Period:
    return Period(amount=n, unit=PeriodUnit.WEEKS)


def _months(n: int) -> Period:
    return Period(amount=n, unit=PeriodUnit.MONTHS)


#: Length-of-time-missing bands: under 4 weeks, 4 weeks to under 3 months, 3 to under 6
#: months, 6 months or more. **Unverified**: the DfE CME collection's own bands were not read.
DEFAULT_DURATION_BANDS: Final[tuple[DurationBand, ...]] = (
    DurationBand(key="under_4_weeks", label="Under 4 weeks", under=_weeks(4)),
    DurationBand(
        key="4_weeks_to_3_months",
        label="4 weeks to under 3 months",
        at_least=_weeks(4),
        under=_months(3),
    ),
    DurationBand(
        key="3_to_6_months",
        label="3 months to under 6 months",
        at_least=_months(3),
        under=_months(6),
    ),
    DurationBand(key="6_months_or_more", label="6 months or more", at_least=_months(6)),
)
DURATION_BANDS_VERIFIED: Final = False

#: Weekly bands as they appear in a third-party script reading DfE's published "Children missing
#: education at census date" data (explore-education-statistics): less than 2 weeks, 2-4, 4-8,
#: 8-12, 12-26, 26-52, over 52 weeks. **Unverified** (secondary source; the edges' inclusivity
#: is a guess: each band here includes its lower edge).
WEEKLY_DURATION_BANDS: Final[tuple[DurationBand, ...]] = (
    DurationBand(key="under_2_weeks", label="Less than 2 weeks", under=_weeks(2)),
    DurationBand(key="2_to_4_weeks", label="2 to 4 weeks", at_least=_weeks(2), under=_weeks(4)),
    DurationBand(key="4_to_8_weeks", label="4 to 8 weeks", at_least=_weeks(4), under=_weeks(8)),
    DurationBand(key="8_to_12_weeks", label="8 to 12 weeks", at_least=_weeks(8), under=_weeks(12)),
    DurationBand(
        key="12_to_26_weeks", label="12 to 26 weeks", at_least=_weeks(12), under=_weeks(26)
    ),
    DurationBand(
        key="26_to_52_weeks", label="26 to 52 weeks", at_least=_weeks(26), under=_weeks(52)
    ),
    DurationBand(key="over_52_weeks", label="Over 52 weeks", at_least=_weeks(52)),
)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class CountRow:
    """One cell of the cross-tabulation: children of one sex, year group and band."""

    sex: Sex | None
    year_group: int | None
    band: str
    count: int


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class CmeCounts:
    """Children missing education on a census date, by sex, year group and time missing.

    Counted: every case whose state on the census date is in :data:`MISSING_STATES`
    (referred, tracing or missing). ``None`` keys mean not recorded. ``bands_verified`` is
    False for the built-in bands.
    """

    census_date: date
    total: int
    by_sex: Mapping[Sex | None, int] = attrs.field(converter=freeze_mapping, hash=False)
    by_year_group: Mapping[int | None, int] = attrs.field(converter=freeze_mapping, hash=False)
    by_duration: Mapping[str, int] = attrs.field(converter=freeze_mapping, hash=False)
    rows: tuple[CountRow, ...]
    bands: tuple[DurationBand, ...] = attrs.field(repr=False)
    bands_verified: bool = DURATION_BANDS_VERIFIED
    """False: the built-in bands are unverified (custom bands are the caller's own)."""

    def to_dict(self) -> dict[str, Any]:
        """The counts as JSON-ready data (dates as ISO 8601 text, enums as their values)."""

        def sex(s: Sex | None) -> str:
            return "unknown" if s is None else s.value

        return {
            "census_date": self.census_date.isoformat(),
            "total": self.total,
            "bands_verified": self.bands_verified,
            "bands": [{"key": b.key, "label": b.label} for b in self.bands],
            "by_sex": {sex(k): v for k, v in self.by_sex.items()},
            "by_year_group": {
                ("unknown" if k is None else str(k)): v for k, v in self.by_year_group.items()
            },
            "by_duration": dict(self.by_duration),
            "rows": [
                {
                    "sex": sex(r.sex),
                    "year_group": r.year_group,
                    "band": r.band,
                    "count": r.count,
                }
                for r in self.rows
            ],
        }


def _check_bands(bands: object) -> tuple[DurationBand, ...]:
    if isinstance(bands, str | bytes | Mapping) or not isinstance(bands, Iterable):
        raise InvalidArgument("bands must be a collection of DurationBand records")
    items = tuple(bands)
    if not items:
        raise InvalidInput("at least one duration band is needed")
    for band in items:
        if not isinstance(band, DurationBand):
            raise InvalidArgument(
                f"bands must hold DurationBand records, got {type(band).__name__}"
            )
    if len({b.key for b in items}) != len(items):
        raise InvalidInput("duration band keys must be unique")
    return items


@checked
def dfe_cme_counts(
    cases: Iterable[CmeCase],
    census_date: date,
    *,
    bands: Iterable[DurationBand] = DEFAULT_DURATION_BANDS,
) -> CmeCounts:
    """Children missing education on ``census_date``: totals by sex, year group and time missing.

    Time missing runs from :meth:`CmeCase.missing_since` to the census date; each child falls in
    the first band that contains it (a child in none raises
    :class:`~cme_core.errors.InvalidInput`: the bands have a gap). The default bands are
    **unverified** (:data:`DURATION_BANDS_VERIFIED`); :data:`WEEKLY_DURATION_BANDS` is the other
    set offered. Year groups are chronological, from the date of birth.

    >>> import datetime as dt
    >>> from cme_core.people import Pupil, Sex
    >>> c = CmeCase.open("C5", Pupil(pupil_id="P5", sex=Sex.FEMALE), dt.date(2025, 1, 6))
    >>> counts = dfe_cme_counts([c], dt.date(2025, 2, 3))
    >>> counts.total, dict(counts.by_duration)["4_weeks_to_3_months"]
    (1, 1)
    """
    items = _check_cases(cases)
    census_date = _require_date(census_date, "census_date")
    band_list = _check_bands(bands)
    by_sex: dict[Sex | None, int] = {}
    by_group: dict[int | None, int] = {}
    by_band: dict[str, int] = {b.key: 0 for b in band_list}
    cells: dict[tuple[Sex | None, int | None, str], int] = {}
    total = 0
    for case in items:
        if case.state_on(census_date) not in MISSING_STATES:
            continue
        since = case.missing_since(census_date)
        assert since is not None  # a case in a missing state has an opening event
        start = min(since, census_date)
        band = next((b for b in band_list if b.contains(start, census_date)), None)
        if band is None:
            raise InvalidInput(
                f"no duration band contains {(census_date - start).days} day(s) missing: "
                "the bands have a gap"
            )
        total += 1
        sex = case.child.sex
        group = _year_group_on(case.child, census_date)
        by_sex[sex] = by_sex.get(sex, 0) + 1
        by_group[group] = by_group.get(group, 0) + 1
        by_band[band.key] += 1
        cells[(sex, group, band.key)] = cells.get((sex, group, band.key), 0) + 1
    sex_order = {None: 2, Sex.MALE: 0, Sex.FEMALE: 1}
    band_order = {b.key: i for i, b in enumerate(band_list)}
    rows = tuple(
        CountRow(sex=s, year_group=g, band=b, count=n)
        for (s, g, b), n in sorted(
            cells.items(),
            key=lambda kv: (
                sex_order[kv[0][0]],
                _none_last_int((kv[0][1], 0)),
                band_order[kv[0][2]],
            ),
        )
    )
    return CmeCounts(
        census_date=census_date,
        total=total,
        by_sex=_sorted_counts(by_sex, lambda kv: sex_order[kv[0]]),
        by_year_group=_sorted_counts(by_group, _none_last_int),
        by_duration=freeze_mapping(by_band),
        rows=rows,
        bands=band_list,
        bands_verified=DURATION_BANDS_VERIFIED,
    )
