"""The linkage model: comparisons, their m and u probabilities, thresholds, versioned."""

from __future__ import annotations

import itertools
import math
from typing import Final

import attrs

from cme_core.errors import InvalidArgument

MODEL_VERSION: Final = "2026.12-2"
"""The version of :data:`COMPARISONS` and the defaults of :class:`ReconcileSettings`: raised
whenever a level, an m or u probability or a default threshold changes."""


@attrs.frozen(kw_only=True)
class Level:
    """One level of a comparison: its SQL condition (DuckDB dialect, on ``_l``/``_r`` columns),
    the same condition in Spark SQL where it differs (``spark_sql``; the similarity functions
    there are the Java UDFs shipped with Splink), a label an officer can read, and the m and
    u probabilities (P(agree at this level | same child) and P(... | different children)).
    The match weight of the level is log2(m/u)."""

    label: str
    sql: str
    m: float
    u: float
    is_null: bool = False
    spark_sql: str | None = None

    @property
    def weight(self) -> float:
        """The level's match weight, log2(m/u) (0 for the missing level: no evidence)."""
        return 0.0 if self.is_null else math.log2(self.m / self.u)

    def sql_for(self, dialect: str) -> str:
        """The condition in ``dialect`` (``"duckdb"`` or ``"spark"``)."""
        if dialect == "spark" and self.spark_sql is not None:
            return self.spark_sql
        return self.sql


@attrs.frozen(kw_only=True)
class Comparison:
    """One field compared, with its levels from the most to the least alike."""

    name: str
    levels: tuple[Level, ...]

    def __attrs_post_init__(self) -> None:
        weights = sorted(level.weight for level in self.levels)
        if any(b - a < 1e-3 for a, b in itertools.pairwise(weights)):
            raise InvalidArgument(
                "two levels of a comparison have the same weight (to 0.001): a link could not "
                "say which level its pair reached"
            )


def _null(col: str) -> Level:
    return Level(
        label="missing",
        sql=f"{col}_l IS NULL OR {col}_r IS NULL",
        m=1.0,
        u=1.0,
        is_null=True,
    )


def _one_typo(col: str, *, m: float, u: float) -> Level:
    # Damerau-Levenshtein distance 1 is one edit whichever variant of the distance an engine
    # computes (optimal string alignment or unrestricted), so both engines agree on it.
    return Level(
        label="one typo (a letter swapped with the next, dropped, added or changed)",
        sql=f"damerau_levenshtein({col}_l, {col}_r) <= 1",
        m=m,
        u=u,
    )


def _two_edits(col: str, *, m: float, u: float) -> Level:
    # Levenshtein distance is defined one way and built into DuckDB and Spark alike.
    return Level(
        label="two letters different, both names of six letters or more",
        sql=(
            f"levenshtein({col}_l, {col}_r) <= 2 AND length({col}_l) >= 6 AND length({col}_r) >= 6"
        ),
        m=m,
        u=u,
    )


COMPARISONS: Final[tuple[Comparison, ...]] = (
    Comparison(
        name="first_name",
        levels=(
            _null("first_name"),
            Level(label="exact", sql="first_name_l = first_name_r", m=0.858, u=0.008),
            Level(
                label="a known variant of the other (a nickname or its formal name)",
                sql="list_contains(first_name_variants_l, first_name_r)",
                spark_sql="array_contains(first_name_variants_l, first_name_r)",
                m=0.03,
                u=0.002,
            ),
            _one_typo("first_name", m=0.07, u=0.006),
            _two_edits("first_name", m=0.012, u=0.004),
            Level(
                label="one name among the other's given names",
                sql="list_has_any(given_l, given_r)",
                spark_sql="arrays_overlap(given_l, given_r)",
                m=0.025,
                u=0.01,
            ),
            Level(label="different", sql="ELSE", m=0.005, u=0.97),
        ),
    ),
    Comparison(
        name="surname",
        levels=(
            _null("surname"),
            Level(label="exact", sql="surname_l = surname_r", m=0.82, u=0.004),
            Level(
                label="shares a part (hyphenated or double-barrelled)",
                sql="list_has_any(surname_parts_l, surname_parts_r)",
                spark_sql="arrays_overlap(surname_parts_l, surname_parts_r)",
                m=0.05,
                u=0.002,
            ),
            _one_typo("surname", m=0.07, u=0.004),
            _two_edits("surname", m=0.015, u=0.003),
            Level(label="different (a surname change is possible)", sql="ELSE", m=0.045, u=0.987),
        ),
    ),
    Comparison(
        name="date_of_birth",
        levels=(
            _null("dob"),
            Level(label="exact", sql="dob_l = dob_r", m=0.93, u=0.0003),
            Level(
                label="day and month transposed",
                sql=(
                    "dob_day_l = dob_month_r AND dob_month_l = dob_day_r"
                    " AND dob_year_l = dob_year_r"
                ),
                m=0.02,
                u=0.0001,
            ),
            Level(
                label="one character different (a typo)",
                sql="damerau_levenshtein(dob_l, dob_r) <= 1",
                m=0.03,
                u=0.003,
            ),
            Level(
                label="same year",
                sql="dob_year_l = dob_year_r",
                m=0.01,
                u=0.08,
            ),
            Level(label="different", sql="ELSE", m=0.01, u=0.9166),
        ),
    ),
    Comparison(
        name="sex",
        levels=(
            _null("sex"),
            Level(label="same", sql="sex_l = sex_r", m=0.98, u=0.5),
            Level(label="different", sql="ELSE", m=0.02, u=0.5),
        ),
    ),
    Comparison(
        name="postcode",
        levels=(
            _null("postcode"),
            Level(label="exact", sql="postcode_l = postcode_r", m=0.35, u=0.0005),
            Level(
                label="same sector (the unit differs)",
                sql="postcode_sector_l = postcode_sector_r",
                m=0.15,
                u=0.004,
            ),
            Level(
                label="same district",
                sql="postcode_district_l = postcode_district_r",
                m=0.3,
                u=0.05,
            ),
            Level(label="different (a move)", sql="ELSE", m=0.2, u=0.9455),
        ),
    ),
)
"""The comparisons of the probabilistic stage (version :data:`MODEL_VERSION`). The m and u
probabilities are set, not trained: they are judgements about school returns (names typed by
school staff, a move between the two records) checked against the synthetic LA (see the
reconciliation guide), so that every run weighs evidence the same way and an officer can read
why two records were linked."""

BLOCKING_RULES: Final[tuple[str, ...]] = (
    "l.dob = r.dob",
    "l.surname = r.surname AND l.dob_year = r.dob_year",
    "l.first_name = r.first_name AND l.dob_year = r.dob_year",
    "l.postcode_sector = r.postcode_sector AND l.first_initial = r.first_initial",
)
"""Which pairs are compared at all (a pair is scored if any rule holds)."""


def _probability(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    if not isinstance(value, float) or not 0.0 < value < 1.0:
        raise InvalidArgument(f"{attribute.name} must be a float strictly between 0 and 1")


def _weight(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgument(f"{attribute.name} must be a number")


def _days(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidArgument(f"{attribute.name} must be a whole number, 0 or more")


@attrs.frozen(kw_only=True)
class ReconcileSettings:
    """Every parameter of a reconciliation, explicit and versioned (:data:`MODEL_VERSION`).

    * ``match_weight_threshold``: a probabilistic pair at or above it is a link (log2 odds,
      the prior included).
    * ``review_weight_threshold``: a pair at or above it but below the link threshold goes to
      the clerical review queue; below it, the pair is dropped.
    * ``prior``: the probability that two records picked at random are the same child.
    * ``destination_wait_school_days``: school days after a deletion naming a destination
      school before its missing admission is listed for enquiry. **Local practice** (no
      statute fixes it; the new-pupil return is due five days after entry, 2024 reg 13(1)).
    * ``probabilistic``: False runs the exact stage only (no Splink needed).
    """

    version: str = MODEL_VERSION
    match_weight_threshold: float = attrs.field(default=6.0, validator=_weight)
    review_weight_threshold: float = attrs.field(default=0.0, validator=_weight)
    prior: float = attrs.field(default=0.0001, validator=_probability)
    destination_wait_school_days: int = attrs.field(default=10, validator=_days)
    probabilistic: bool = True
    comparisons: tuple[Comparison, ...] = COMPARISONS
    blocking_rules: tuple[str, ...] = BLOCKING_RULES

    def __attrs_post_init__(self) -> None:
        if self.review_weight_threshold > self.match_weight_threshold:
            raise InvalidArgument("review_weight_threshold must not exceed match_weight_threshold")
        if not isinstance(self.probabilistic, bool):
            raise InvalidArgument("probabilistic must be True or False")

    @property
    def destination_wait_is_local_practice(self) -> bool:
        """Always True: the wait for a named destination's admission is LA policy."""
        return True
