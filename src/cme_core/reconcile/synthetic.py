"""A seeded synthetic local authority with known truth, to measure the linkage.

:func:`synthetic_la` makes a year of deletion and new-pupil returns for an imaginary LA:
moves between its schools, moves away, children who vanish, new arrivals, twins, children on
two rolls, children who moved to another LA (which notifies this one that they are on a roll
there), and children on a named school's register whose new-pupil return never came; and, at
set rates, missing or mistyped UPNs, typos in names, nicknames, surname changes,
date-of-birth transpositions and new addresses. Names and postcodes come from ``faker``'s
``en_GB`` locale (a test dependency, not needed to reconcile). Nothing here is real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import attrs

from cme_core.identifiers import upn as upn_rules
from cme_core.people import Address, Pupil, Sex
from cme_core.periods import RegimeId
from cme_core.reconcile._sources import NotificationKind, OtherLANotification
from cme_core.registers import AdmissionEntry, Entered, OtherSchool, SchoolRegister
from cme_core.returns import DeletionReturn, NewPupilReturn
from cme_core.schools import School, SchoolKind

_START = date(2024, 9, 2)
_OTHER_LAS = ("330", "335", "336", "873", "926")  # real LA codes: other LAs' notifications
_DAYS = 300


@attrs.frozen(kw_only=True)
class Noise:
    """The rates of error on the admission side (each a probability per record)."""

    upn_missing: float = 0.0
    upn_wrong: float = 0.0
    first_name_typo: float = 0.0
    first_name_variant: float = 0.0
    surname_typo: float = 0.0
    surname_change: float = 0.0
    dob_transposed: float = 0.0
    dob_typo: float = 0.0

    @classmethod
    def clean(cls) -> Noise:
        """No errors: every UPN present and right."""
        return cls()

    @classmethod
    def realistic(cls) -> Noise:
        """20% of UPNs missing or wrong, and typos, nicknames, name changes and transpositions."""
        return cls(
            upn_missing=0.1,
            upn_wrong=0.1,
            first_name_typo=0.05,
            first_name_variant=0.03,
            surname_typo=0.05,
            surname_change=0.03,
            dob_transposed=0.01,
            dob_typo=0.01,
        )


@attrs.frozen(kw_only=True)
class SyntheticLA:
    """The returns, the other evidence and the truth: ``true_links`` (deletion index,
    admission index), ``unaccounted`` (deletion indices of children on no roll),
    ``two_rolls`` (pairs of admission indices of one child on two single registrations),
    ``elsewhere`` (deletion indices of children another LA notified as on a roll there, in
    ``notifications``) and ``on_roll_no_return`` (deletion indices of children on a named
    school's roll, in ``registers``, with no new-pupil return)."""

    deletions: tuple[DeletionReturn, ...] = attrs.field(repr=False)
    admissions: tuple[NewPupilReturn, ...] = attrs.field(repr=False)
    true_links: frozenset[tuple[int, int]]
    unaccounted: frozenset[int]
    two_rolls: frozenset[frozenset[int]]
    judged_on: date
    registers: tuple[SchoolRegister, ...] = attrs.field(default=(), repr=False)
    notifications: tuple[OtherLANotification, ...] = attrs.field(default=(), repr=False)
    elsewhere: frozenset[int] = frozenset()
    on_roll_no_return: frozenset[int] = frozenset()


def _upn(i: int) -> str:
    body = f"801{2000 + i // 100_000:04d}{(i // 1000) % 100:02d}{i % 1000:03d}"
    return upn_rules.check_letter(body) + body


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # swap two letters
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:  # drop one
        return text[:i] + text[i + 1 :]
    return text[:i] + rng.choice("aeiourstnl") + text[i + 1 :]  # replace one


def _near(rng: random.Random, postcode: str, how: str) -> str:
    outward, inward = postcode.split(" ")
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    if how == "sector":
        return f"{outward} {inward[0]}{rng.choice(letters)}{rng.choice(letters)}"
    return f"{outward} {rng.randrange(10)}{rng.choice(letters)}{rng.choice(letters)}"


def synthetic_la(
    *, seed: int, children: int = 1000, noise: Noise | None = None, schools: int = 60
) -> SyntheticLA:
    """A synthetic LA of ``children`` deleted pupils (plus new arrivals, twins and children
    on two rolls), made from ``seed`` alone."""
    from faker import Faker
    from nicknames import NickNamer

    noise = Noise.clean() if noise is None else noise
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    namer = NickNamer()
    laestabs = [f"801{2000 + k:04d}" for k in range(schools)]
    deletions: list[DeletionReturn] = []
    admissions: list[NewPupilReturn] = []
    truth: set[tuple[int, int]] = set()
    unaccounted: set[int] = set()
    two: set[frozenset[int]] = set()
    entries: dict[str, list[AdmissionEntry]] = {}
    notes: list[OtherLANotification] = []
    elsewhere: set[int] = set()
    no_return: set[int] = set()
    counter = 0

    def child() -> dict[str, Any]:
        nonlocal counter
        counter += 1
        sex = rng.choice((Sex.MALE, Sex.FEMALE))
        first = fake.first_name_male() if sex is Sex.MALE else fake.first_name_female()
        return {
            "first": first,
            "surname": fake.last_name(),
            "sex": sex,
            "dob": date(2010, 1, 1) + timedelta(days=rng.randrange(10 * 365)),
            "upn": _upn(counter),
            "postcode": fake.postcode(),
            "id": counter,
        }

    def pupil(c: dict[str, Any], *, noisy: bool, moved: bool) -> Pupil:
        first, surname, dob, upn = c["first"], c["surname"], c["dob"], c["upn"]
        postcode = c["postcode"]
        if noisy:
            roll = rng.random()
            if roll < noise.upn_missing:
                upn = None
            elif roll < noise.upn_missing + noise.upn_wrong:
                k = rng.randrange(1, 13)
                upn = upn[:k] + str((int(upn[k]) + rng.randrange(1, 10)) % 10) + upn[k + 1 :]
            if rng.random() < noise.first_name_typo:
                first = _typo(rng, first)
            elif rng.random() < noise.first_name_variant:
                variants = sorted(namer.nicknames_of(first) | namer.canonicals_of(first))
                if variants:
                    first = rng.choice(variants).title()
            if rng.random() < noise.surname_change:
                surname = (
                    f"{surname}-{fake.last_name()}" if rng.random() < 0.5 else fake.last_name()
                )
            elif rng.random() < noise.surname_typo:
                surname = _typo(rng, surname)
            if rng.random() < noise.dob_transposed and dob.day <= 12 and dob.day != dob.month:
                dob = date(dob.year, dob.day, dob.month)
            elif rng.random() < noise.dob_typo:
                dob = dob + timedelta(days=rng.choice((-10, -1, 1, 10)))
        if moved:
            how = rng.random()
            postcode = (
                _near(rng, postcode, "sector")
                if how < 0.3
                else _near(rng, postcode, "district")
                if how < 0.7
                else fake.postcode()
            )
        return Pupil(
            pupil_id=f"S{c['id']}-{rng.randrange(10**6)}",
            full_name=f"{first} {surname}",
            sex=c["sex"],
            date_of_birth=dob,
            upn=upn,
            address=Address(lines=("1 Example Road",), postcode=postcode),
        )

    def admit(c: dict[str, Any], school: str, start: date, *, noisy: bool) -> int:
        entered = start - timedelta(days=rng.randrange(3))
        admissions.append(
            NewPupilReturn(
                regime=RegimeId.REGS_2024.value,
                school_laestab=school,
                pupil=pupil(c, noisy=noisy, moved=True),
                entered_on=entered,
                starting_day=start,
                submitted_on=entered + timedelta(days=rng.choice((0, 1, 2, 3, 4, 5, 5, 6, 9))),
            )
        )
        return len(admissions) - 1

    def delete(c: dict[str, Any], school: str, on: date, ground: str, dest: str | None) -> int:
        deletions.append(
            DeletionReturn(
                regime=RegimeId.REGS_2024.value,
                school_laestab=school,
                pupil=pupil(c, noisy=False, moved=False),
                deleted_on=on,
                ground=ground,
                other_school=OtherSchool(laestab=dest) if dest else None,
            )
        )
        return len(deletions) - 1

    def enrol(c: dict[str, Any], school: str, start: date) -> None:
        kid = pupil(c, noisy=True, moved=True)
        entered = start - timedelta(days=rng.randrange(3))
        event = Entered(starting_day=start, entered_on=entered, pupil=kid)
        entries.setdefault(school, []).append(
            AdmissionEntry(pupil_id=kid.pupil_id, events=(event,))
        )

    def notify(c: dict[str, Any], on: date) -> None:
        notes.append(
            OtherLANotification(
                notification_id=f"N{len(notes) + 1}",
                la_code=rng.choice(_OTHER_LAS),
                pupil=pupil(c, noisy=True, moved=True),
                notified_on=on,
                kind=NotificationKind.ON_ROLL,
            )
        )

    judged = _START + timedelta(days=_DAYS + 20)
    for _ in range(children):
        c = child()
        school = rng.choice(laestabs)
        on = _START + timedelta(days=rng.randrange(_DAYS))
        other = rng.choice([s for s in laestabs if s != school])
        start = on + timedelta(days=rng.randrange(-2, 12))
        roll = rng.random()
        if roll < 0.55:  # moved to another school in the LA
            d = delete(c, school, on, "9(1)(a)", other)
            truth.add((d, admit(c, other, start, noisy=True)))
        elif roll < 0.61:  # named a school, no admission yet
            delete(c, school, on, "9(1)(a)", other)
        elif roll < 0.63:  # named a school, on its register, its new-pupil return not made
            no_return.add(delete(c, school, on, "9(1)(a)", other))
            enrol(c, other, start)
        elif roll < 0.75:  # destination unknown, then found on a roll in the LA
            d = delete(c, school, on, rng.choice(("9(1)(g)", "9(1)(i)")), None)
            truth.add((d, admit(c, other, start + timedelta(days=20), noisy=True)))
        elif roll < 0.80:  # destination unknown, on no roll
            unaccounted.add(delete(c, school, on, rng.choice(("9(1)(g)", "9(1)(i)")), None))
        elif roll < 0.87:  # moved to another LA, which says the child is on a roll there
            elsewhere.add(delete(c, school, on, rng.choice(("9(1)(g)", "9(1)(i)")), None))
            notify(c, min(judged, on + timedelta(days=rng.randrange(5, 60))))
        else:  # another route (e.g. education otherwise than at school)
            delete(c, school, on, "9(1)(d)", None)
        if rng.random() < 0.03:  # a twin: same surname, birthday and home
            t = dict(c, first=fake.first_name(), upn=_upn(counter + 1), id=counter + 1)
            counter += 1
            admit(t, rng.choice(laestabs), on + timedelta(days=rng.randrange(30)), noisy=False)
    for _ in range(children // 2):  # new arrivals
        admit(
            child(),
            rng.choice(laestabs),
            _START + timedelta(days=rng.randrange(_DAYS)),
            noisy=False,
        )
    for _ in range(max(1, children // 50)):  # on two rolls
        c = child()
        a, b = rng.sample(laestabs, 2)
        start = _START + timedelta(days=rng.randrange(_DAYS - 30))
        first = admit(c, a, start, noisy=False)
        second = admit(c, b, start + timedelta(days=rng.randrange(1, 30)), noisy=True)
        two.add(frozenset((first, second)))
    return SyntheticLA(
        deletions=tuple(deletions),
        admissions=tuple(admissions),
        true_links=frozenset(truth),
        unaccounted=frozenset(unaccounted),
        two_rolls=frozenset(two),
        judged_on=judged,
        registers=tuple(
            SchoolRegister(
                school=School(laestab=k, name=f"School {k}", kind=SchoolKind.ACADEMY),
                admissions=tuple(v),
            )
            for k, v in sorted(entries.items())
        ),
        notifications=tuple(notes),
        elsewhere=frozenset(elsewhere),
        on_roll_no_return=frozenset(no_return),
    )
