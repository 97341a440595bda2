"""The records of the law layer: grounds, their conditions, assessments and regimes.

A :class:`Ground` is data, not an ``if``: its conditions are :class:`Condition` records, each
naming the evaluator that tests it against the facts (see :mod:`cme_core.law.evaluators`), with
typed parameters where one evaluator serves several wordings (:mod:`cme_core.law.params`), its
plain-English text and its citation. A :class:`Regime` is a catalogue of grounds, with every
version of every ground kept readable (amendment history), so a 2015 deletion is judged by the
wording in force in 2015; it also carries every other difference between the regimes as named
fields (its consent rule, its return duties, its evaluator table), so no code branches on a
regime's id.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from cme_core._checks import require_date
from cme_core._fields import checked, freeze_mapping, typed_fields
from cme_core.attendance_codes import CodeSet
from cme_core.errors import InvalidArgument, InvalidInput
from cme_core.law.facts import DeletionFacts
from cme_core.law.params import ConditionParams
from cme_core.law.return_rules import ReturnRule
from cme_core.periods import InForce, RegimeId, as_regime_id

__all__ = [
    "AgeScope",
    "Condition",
    "ConditionKind",
    "ConditionMaker",
    "ConditionResult",
    "ConditionStatus",
    "ConsentRule",
    "Evaluator",
    "Ground",
    "GroundAssessment",
    "GroundRef",
    "InForce",
    "Outcome",
    "Regime",
    "UnknownGround",
    "parse_ground_ref",
]


class UnknownGround(InvalidInput):
    """A ground reference names no ground of the regime (on the date asked)."""


class AgeScope(enum.Enum):
    """Which pupils a ground applies to."""

    COMPULSORY_SCHOOL_AGE = "compulsory_school_age"
    """2006 reg 8(1); 2024 reg 9(1)."""
    NOT_COMPULSORY_SCHOOL_AGE = "not_compulsory_school_age"
    """2006 reg 8(3); 2024 reg 9(3)."""


class ConditionKind(enum.Enum):
    """What sort of thing a condition is, which says how it can be shown."""

    FACT = "fact"
    """A recorded fact (a notice received, an order revoked, a death)."""
    COUNT = "count"
    """A count of school days or months, computed from the registers and the calendar."""
    JUDGMENT = "judgment"
    """A judgment the law leaves to people ("no reasonable grounds to believe ..."): recorded
    with who made it and when; cme_core cannot compute it."""
    EXCLUSION = "exclusion"
    """A case the ground does not cover ("not where ...")."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Condition:
    """One condition of a ground. ``key`` names its evaluator in the regime's table;
    ``params`` (a typed record of :mod:`cme_core.law.params`, or None) tune it."""

    key: str
    text: str
    citation: str
    kind: ConditionKind = ConditionKind.FACT
    params: ConditionParams | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ConditionParams)),
    )
    temporal: bool = False
    """True when time alone may make the condition hold (a count not yet reached)."""
    verified: bool = True


class ConditionMaker:
    """Builds the conditions of one instrument's catalogue: ``make(key, text, "8(1)(h)(i)")``
    gives a :class:`Condition` cited as "<instrument> reg 8(1)(h)(i)"."""

    def __init__(self, instrument: str) -> None:
        self.instrument = instrument

    def __call__(
        self,
        key: str,
        text: str,
        cite: str,
        kind: ConditionKind = ConditionKind.FACT,
        *,
        temporal: bool = False,
        verified: bool = True,
        params: ConditionParams | None = None,
    ) -> Condition:
        return Condition(
            key=key,
            text=text,
            citation=f"{self.instrument} reg {cite}",
            kind=kind,
            params=params,
            temporal=temporal,
            verified=verified,
        )


_REF = re.compile(r"(?:(?:reg(?:ulation)?\s*)?(\d+)\s*\((\d+)\)\s*)?\(?([a-oA-O])\)?")


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class GroundRef:
    """A parsed ground reference: ``regulation`` and ``paragraph`` (None for a bare letter)
    and the lower-case ``letter``.

    >>> parse_ground_ref("reg 9(1)(I)")
    GroundRef(regulation='9', paragraph='1', letter='i')
    >>> parse_ground_ref("h").full("8(1)")
    '8(1)(h)'
    """

    regulation: str | None
    paragraph: str | None
    letter: str

    def full(self, default_paragraph: str) -> str:
        """ "8(1)(h)"; a bare letter is read in ``default_paragraph`` ("8(1)", "9(1)")."""
        if self.regulation is None:
            return f"{default_paragraph}({self.letter})"
        return f"{self.regulation}({self.paragraph})({self.letter})"


def parse_ground_ref(ref: object) -> GroundRef:
    """The one parser of ground references: "8(1)(h)", "reg 9(1)(i)", "(h)", "h", "H".

    Raises :class:`InvalidArgument` for a non-string and :class:`UnknownGround` for text that
    is not a reference (the text itself is not echoed: it may be free text from a form).
    """
    if not isinstance(ref, str):
        raise InvalidArgument(f"a ground reference must be a str, not {type(ref).__name__}")
    match = _REF.fullmatch(ref.strip()) if len(ref) <= 40 else None
    if not match:
        raise UnknownGround("the ground given is not a reference like '9(1)(i)' or 'i'")
    regulation, paragraph, letter = match.groups()
    return GroundRef(regulation=regulation, paragraph=paragraph, letter=letter.lower())


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Ground:
    """One statutory ground for deleting a pupil's name from the admission register.

    ``ref`` is the paragraph reference within the regime's instrument ("8(1)(h)",
    "9(3)(c)"); ``citation`` the full citation; ``equivalent`` the refs of the corresponding
    ground(s) in the other regime; ``legacy_number`` the 1-15 number many LA forms still use for
    the 2006 8(1) grounds ((a)=1 ... (o)=15); ``in_force`` this version's period; ``verified``
    is False where the wording could not be confirmed against the statute's text.
    """

    regime: RegimeId = attrs.field(converter=as_regime_id)
    ref: str
    citation: str
    title: str
    guide: str
    applies_to: AgeScope
    conditions: tuple[Condition, ...]
    requires_joint_enquiries: bool = False
    la_consent_rule: bool = True
    """Subject to the special-school consent rule (2006 reg 8(2); 2024 reg 9(2))."""
    equivalent: tuple[str, ...] = ()
    legacy_number: int | None = None
    in_force: InForce
    verified: bool = True
    source: str = ""
    notes: tuple[str, ...] = ()

    @property
    def letter(self) -> str:
        """The ground's letter: ``"h"`` for "8(1)(h)"."""
        return parse_ground_ref(self.ref).letter

    @property
    def paragraph(self) -> str:
        """The paragraph: ``"8(1)"`` for "8(1)(h)"."""
        return self.ref.rsplit("(", 1)[0]

    @checked
    def in_force_on(self, day: date) -> bool:
        """True when this version of the ground is in force on ``day``."""
        return day in self.in_force

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible summary (for snapshots and documentation)."""
        return {
            "regime": self.regime.value,
            "ref": self.ref,
            "letter": self.letter,
            "citation": self.citation,
            "title": self.title,
            "guide": self.guide,
            "applies_to": self.applies_to.value,
            "requires_joint_enquiries": self.requires_joint_enquiries,
            "la_consent_rule": self.la_consent_rule,
            "equivalent": list(self.equivalent),
            "legacy_number": self.legacy_number,
            "in_force": self.in_force.to_dict(),
            "verified": self.verified,
            "source": self.source,
            "notes": list(self.notes),
            "conditions": [
                {
                    "key": c.key,
                    "text": c.text,
                    "citation": c.citation,
                    "kind": c.kind.value,
                    "params": c.params.to_dict() if c.params is not None else {},
                    "verified": c.verified,
                }
                for c in self.conditions
            ],
        }


class ConditionStatus(enum.Enum):
    """How one condition fared against the facts."""

    HOLDS = "holds"
    FAILS = "fails"
    UNKNOWN = "unknown"
    """The facts given do not say (missing evidence)."""


class Outcome(enum.Enum):
    """How a ground fared: MET, NOT_MET (a condition fails) or INSUFFICIENT_EVIDENCE (none fails,
    some are unknown). :func:`~cme_core.law.deletion.check_deletion` reads the last as its
    NOT_SHOWN verdict: never lawful."""

    MET = "met"
    NOT_MET = "not_met"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ConditionResult:
    """How one condition fared: status, the reason in plain words, and since when it held."""

    key: str
    text: str
    citation: str
    status: ConditionStatus
    reason: str
    met_on: date | None = None
    """The first day the condition held, where it can be computed."""
    temporal: bool = False
    kind: ConditionKind = ConditionKind.FACT

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict (no personal data)."""
        return {
            "key": self.key,
            "text": self.text,
            "citation": self.citation,
            "status": self.status.value,
            "reason": self.reason,
            "met_on": self.met_on.isoformat() if self.met_on else None,
        }


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class GroundAssessment:
    """The assessment of one ground against the facts, on one day, with its reasons.

    ``outcome`` is MET when every condition holds, NOT_MET when any fails, and
    INSUFFICIENT_EVIDENCE otherwise. ``met_on`` is the first day on which every condition
    held (the latest of the conditions' ``met_on``), where each can be computed.
    """

    ground: Ground
    on: date
    outcome: Outcome
    conditions: tuple[ConditionResult, ...]
    met_on: date | None = None

    @property
    def is_met(self) -> bool:
        """True when the outcome is MET."""
        return self.outcome is Outcome.MET

    @property
    def failing(self) -> tuple[ConditionResult, ...]:
        """The conditions that fail."""
        return tuple(c for c in self.conditions if c.status is ConditionStatus.FAILS)

    @property
    def unknown(self) -> tuple[ConditionResult, ...]:
        """The conditions the facts given do not decide."""
        return tuple(c for c in self.conditions if c.status is ConditionStatus.UNKNOWN)

    @property
    def missing(self) -> tuple[ConditionResult, ...]:
        """Every condition not (yet) shown to hold: failing and unknown."""
        return tuple(c for c in self.conditions if c.status is not ConditionStatus.HOLDS)

    @property
    def has_evidence(self) -> bool:
        """True when the ground's lead condition (its first: the leave, the absence, the
        notice, the registration elsewhere ...) holds, or is a count under way. Judgments and
        enquiries shared with other grounds do not count as evidence for this one."""
        lead = self.ground.conditions[0].key if self.ground.conditions else None
        for c in self.conditions:
            if c.key == lead:
                return c.status is ConditionStatus.HOLDS or (
                    c.status is ConditionStatus.FAILS and c.temporal
                )
        return False

    @property
    def nearly_met(self) -> bool:
        """Not met, nothing fails except conditions time alone may satisfy, and there is some
        evidence for the ground itself."""
        return not self.is_met and self.has_evidence and all(c.temporal for c in self.failing)

    def explain(self) -> str:
        """A plain-text explanation, one line per condition (no personal data)."""
        head = f"{self.ground.citation} ({self.ground.title}): {self.outcome.value}"
        if self.met_on:
            head += f", met on {self.met_on.isoformat()}"
        lines = [head]
        for c in self.conditions:
            lines.append(f"  [{c.status.value}] {c.text}: {c.reason} ({c.citation})")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict (no personal data)."""
        return {
            "ground": self.ground.ref,
            "regime": self.ground.regime.value,
            "citation": self.ground.citation,
            "title": self.ground.title,
            "on": self.on.isoformat(),
            "outcome": self.outcome.value,
            "met_on": self.met_on.isoformat() if self.met_on else None,
            "conditions": [c.to_dict() for c in self.conditions],
        }


Evaluator = Callable[[DeletionFacts, date, Condition, Ground], ConditionResult]
"""Tests one condition of a ground against the facts on a day (see
:mod:`cme_core.law.evaluators`)."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ConsentRule:
    """The special-school consent rule of a regime (2006 reg 8(2); 2024 reg 9(2)): deleting a
    pupil placed at a special school by an LA needs that LA's consent, or a direction of the
    Secretary of State."""

    citation: str
    exempt: tuple[str, ...]
    """The grounds the rule does not cover."""
    covers_not_compulsory_school_age: bool
    """False where the rule covers only pupils of compulsory school age (2024 reg 9(2))."""
    direction_only_after_refusal: bool
    """True where the Secretary of State may direct only after the LA refused (2024 reg
    9(2)(c)); False where a direction stands on its own (2006 reg 8(2))."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible, for the snapshot."""
        return {
            "citation": self.citation,
            "exempt": list(self.exempt),
            "covers_not_compulsory_school_age": self.covers_not_compulsory_school_age,
            "direction_only_after_refusal": self.direction_only_after_refusal,
        }


def _grounds(value: Iterable[Ground]) -> tuple[Ground, ...]:
    grounds = tuple(value)
    for g in grounds:
        if not isinstance(g, Ground):
            raise InvalidArgument(f"a regime's grounds are Ground records, not {type(g).__name__}")
    return grounds


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Regime:
    """One legal regime: its instrument, period of force, grounds (every version), codes, and
    every other rule in which it differs from another regime, as named fields.

    ``grounds`` are the latest versions; :meth:`grounds_on` gives those in force on any day.
    ``evaluators`` is the regime's own read-only table from condition key to evaluator (built
    from the shared pieces in :mod:`cme_core.law.evaluators`): every condition of every ground
    must have one, which is checked when the regime is built.
    """

    id: RegimeId = attrs.field(converter=as_regime_id)
    title: str
    citation: str
    in_force: InForce
    all_grounds: tuple[Ground, ...] = attrs.field(converter=_grounds)
    attendance_codes: CodeSet
    deletion_paragraph: str
    """The paragraph of grounds for pupils of compulsory school age: "8(1)" or "9(1)"."""
    non_csa_paragraph: str
    """The paragraph for pupils not of compulsory school age: "8(3)" or "9(3)"."""
    consent_rule: ConsentRule
    evaluators: Mapping[str, Evaluator] = attrs.field(converter=freeze_mapping, repr=False)
    returns: tuple[ReturnRule, ...] = ()
    """The regime's return duties (:class:`cme_core.law.return_rules.ReturnRule`)."""
    notes: tuple[str, ...] = ()
    _by_ref: Mapping[str, tuple[Ground, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        by_ref: dict[str, list[Ground]] = {}
        for g in self.all_grounds:
            if g.regime is not self.id:
                raise InvalidInput(f"ground {g.ref} belongs to regime {g.regime.value}")
            for c in g.conditions:
                if c.key not in self.evaluators:
                    raise InvalidInput(f"regime {self.id.value} has no evaluator for {c.key!r}")
            by_ref.setdefault(g.ref, []).append(g)
        for rule in self.returns:
            if rule.regime is not self.id:
                raise InvalidInput(f"return rule {rule.citation} belongs to another regime")
        object.__setattr__(
            self, "_by_ref", freeze_mapping({k: tuple(v) for k, v in by_ref.items()})
        )

    @property
    def consent_rule_citation(self) -> str:
        """The consent rule's citation (kept for callers of 0.1; see :attr:`consent_rule`)."""
        return self.consent_rule.citation

    @property
    def consent_rule_exempt(self) -> tuple[str, ...]:
        """The grounds the consent rule does not cover (see :attr:`consent_rule`)."""
        return self.consent_rule.exempt

    @property
    def grounds(self) -> tuple[Ground, ...]:
        """The latest version of every ground."""
        latest: dict[str, Ground] = {}
        for g in self.all_grounds:
            if g.ref not in latest or g.in_force.start > latest[g.ref].in_force.start:
                latest[g.ref] = g
        return tuple(latest.values())

    def grounds_on(self, day: date, *, applies_to: AgeScope | None = None) -> tuple[Ground, ...]:
        """The grounds in force on ``day`` (optionally only those for one age scope)."""
        day = require_date(day, "day")
        if applies_to is not None and not isinstance(applies_to, AgeScope):
            raise InvalidArgument(
                f"applies_to must be an AgeScope, not {type(applies_to).__name__}"
            )
        return tuple(
            g
            for g in self.all_grounds
            if g.in_force_on(day) and (applies_to is None or g.applies_to is applies_to)
        )

    def normalise_ref(self, ref: str) -> str:
        """The full reference for ``ref``: "h", "H", "(h)", "8(1)(h)", "reg 8(1)(h)".

        A bare letter means the paragraph for pupils of compulsory school age.
        """
        return parse_ground_ref(ref).full(self.deletion_paragraph)

    def ground(self, ref: str, *, on: date | None = None) -> Ground:
        """The ground named by ``ref`` — the version in force on ``on``, or the latest.

        Raises :class:`UnknownGround` if there is no such ground (on that day).
        """
        if on is not None:
            on = require_date(on, "on")
        full = ref if isinstance(ref, str) and ref in self._by_ref else self.normalise_ref(ref)
        versions = self._by_ref.get(full, ())
        if not versions:
            raise UnknownGround(f"{self.citation} has no ground {full}")
        if on is None:
            return max(versions, key=lambda g: g.in_force.start)
        for g in versions:
            if g.in_force_on(on):
                return g
        raise UnknownGround(f"{self.citation} ground {full} was not in force on {on.isoformat()}")

    def has_ground(self, ref: str, *, on: date | None = None) -> bool:
        """True when :meth:`ground` would find ``ref`` (on ``on``)."""
        try:
            self.ground(ref, on=on)
        except UnknownGround:
            return False
        return True

    def history(self, ref: str) -> tuple[Ground, ...]:
        """Every version of a ground, oldest first."""
        full = self.normalise_ref(ref)
        return tuple(
            sorted((g for g in self.all_grounds if g.ref == full), key=lambda g: g.in_force.start)
        )

    def to_dict(self) -> dict[str, Any]:
        """The whole catalogue, JSON-compatible, for the reviewed snapshot."""
        return {
            "id": self.id.value,
            "title": self.title,
            "citation": self.citation,
            "in_force": self.in_force.to_dict(),
            "consent_rule": self.consent_rule.to_dict(),
            "notes": list(self.notes),
            "grounds": [g.to_dict() for g in _ordered(self.all_grounds)],
        }


def _ordered(grounds: Iterable[Ground]) -> list[Ground]:
    return sorted(grounds, key=lambda g: (g.paragraph, g.letter, g.in_force.start))
