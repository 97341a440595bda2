"""Internal calls skip argument checks already made; canonical returns are not rebuilt (issue 13).

The public entry points keep their checks; the fast internal paths give exactly what the
reference (the code before the change, kept here) gives.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cme_core import serialization, submissions
from cme_core._fields import checked, unchecked
from cme_core.errors import InvalidArgument
from cme_core.identifiers import postcode, upn
from cme_core.people import (
    DOB_IN_FUTURE,
    LIVES_WITH_NOT_RECORDED,
    MISSING_DOB,
    MISSING_NAME,
    UPN_AND_REASON,
    UPN_TEMPORARY,
    Pupil,
)
from cme_core.problems import PathElement, Problem, Report
from cme_core.returns import ReturnContent, check_return
from cme_core.strategies import ReturnPayload, pupils, returns

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
ON = date(2025, 2, 3)
ADDRESS = {"lines": ["1 Example Road", "Exampleton"], "postcode": "SW1A 1AA"}
PAYLOAD: dict[str, Any] = {  # a valid deletion return, every identifier in standard form
    "kind": "deletion",
    "regime": "2024",
    "school_laestab": "8012000",
    "pupil": {
        "pupil_id": "P1",
        "full_name": "Alex Example",
        "upn": "B801200005001",
        "former_upns": ["B801200005001"],
        "date_of_birth": "2015-10-01",
        "address": ADDRESS,
        "parents": [
            {
                "full_name": "Sam Example",
                "address": ADDRESS,
                "lives_with_pupil": True,
                "emergency_phones": [{"number": "07700 900123"}],
            }
        ],
    },
    "deleted_on": "2025-02-03",
    "ground": "9(1)(g)",
}


def test_unchecked_gives_the_inner_function() -> None:
    @checked
    def twice(n: int) -> int:
        return 2 * n

    with pytest.raises(InvalidArgument):
        twice("x")  # type: ignore[arg-type]
    doubled: object = unchecked(twice)("x")  # type: ignore[arg-type]
    assert doubled == "xx"
    assert unchecked(len) is len  # not a checked wrapper: itself


def test_public_entry_points_still_check() -> None:
    payload = {"kind": "deletion"}
    with pytest.raises(InvalidArgument):
        submissions.validate_return(payload, on=datetime(2025, 1, 1))
    with pytest.raises(InvalidArgument):
        submissions.read_return(payload, on="2025-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        Pupil(pupil_id="1").problems(on="2025-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        Pupil(pupil_id="1").problems(path="ab")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        postcode.problems("SW1A 1AA", path=1)  # type: ignore[arg-type]


# --- canonical form --------------------------------------------------------------------------


class _Reference(submissions._Canonicaliser):
    """The walk before the fast path: every identifier through the full standard-form test."""

    def upn(self, value: str, path: tuple[PathElement, ...]) -> str:
        std = submissions._standard_upn(value)
        if std is None or std == value:
            return value
        self.note("UPN", path, submissions._UPN_STANDARD)
        return std

    def laestab(self, value: str, path: tuple[PathElement, ...]) -> str:
        std = submissions._standard_laestab(value)
        if std is None or std == value:
            return value
        self.note("LAESTAB", path, submissions._LAESTAB_STANDARD)
        return std

    def address(self, address: Any, path: tuple[PathElement, ...]) -> Any:
        value = getattr(address, "postcode", None)
        std = submissions._standard_postcode(value)
        if std is None or std == value:
            return address
        self.note("postcode", (*path, "postcode"), submissions._POSTCODE_STANDARD)
        return attrs.evolve(address, postcode=std)

    def evolve(self, obj: Any, path: tuple[PathElement, ...]) -> Any:
        changes: dict[str, Any] = {}
        names = {f.name for f in attrs.fields(type(obj))}
        for name in sorted(names & {"school_laestab", "laestab"}):
            value = getattr(obj, name)
            if isinstance(value, str) and (new := self.laestab(value, (*path, name))) != value:
                changes[name] = new
        if "upn" in names and isinstance(obj.upn, str):
            new = self.upn(obj.upn, (*path, "upn"))
            if new != obj.upn:
                changes["upn"] = new
        if "former_upns" in names:
            formers = tuple(
                self.upn(f, (*path, "former_upns", i)) if isinstance(f, str) else f
                for i, f in enumerate(obj.former_upns)
            )
            if formers != tuple(obj.former_upns):
                changes["former_upns"] = formers
        self.children(obj, sorted(names & submissions._CHILDREN), path, changes)
        return attrs.evolve(obj, **changes) if changes else obj


_SPELLINGS = st.sampled_from(
    [
        lambda s: s,
        str.lower,
        lambda s: f" {s} ",
        lambda s: s.replace(" ", ""),
        lambda s: "-".join([s[:4], s[4:]]),
        lambda s: s[:-1],
        lambda s: s.replace("0", "０", 1),  # a full-width digit: invalid, left as given
    ]
)


def _identifiers(node: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every identifier string in a return payload."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"upn", "postcode", "school_laestab", "laestab"} and isinstance(value, str):
                yield node, key
            elif key == "former_upns" and isinstance(value, list):
                yield from ((value, i) for i, f in enumerate(value) if isinstance(f, str))
            else:
                yield from _identifiers(value)
    elif isinstance(node, list):
        for item in node:
            yield from _identifiers(item)


@st.composite
def _respelled(draw: st.DrawFn) -> object:
    record: ReturnPayload = draw(returns(valid=st.booleans()))
    payload = copy.deepcopy(record.payload)
    for container, key in list(_identifiers(payload)):
        container[key] = draw(_SPELLINGS)(container[key])
    return payload


@SETTINGS
@given(_respelled())
def test_canonical_matches_the_reference(payload: object) -> None:
    ret, _ = serialization.load(payload, ReturnContent)  # type: ignore[arg-type]
    if ret is None:
        return
    fast, fast_report = submissions._canonical(ret)
    reference = _Reference()
    slow = reference.evolve(ret, ())
    assert fast == slow
    assert fast_report.to_dict() == Report(problems=reference.found).to_dict()
    if not reference.found:
        assert fast is ret  # nothing rebuilt


def test_canonical_return_takes_no_standard_form_test(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    for name in ("_standard_upn", "_standard_postcode", "_standard_laestab"):
        monkeypatch.setattr(submissions, name, lambda value, name=name: calls.append(name))
    ret, _ = serialization.load(PAYLOAD, ReturnContent)  # type: ignore[arg-type]
    assert ret is not None
    canonical, report = submissions._canonical(ret)
    assert canonical is ret
    assert report.problems == ()
    assert calls == []


# --- pupil particulars ----------------------------------------------------------------------


def _reference_pupil(pupil: Pupil, on: date | None, path: tuple[Any, ...]) -> Iterator[Problem]:
    """``Pupil.problems`` before the list-based rewrite (generators, public checked calls)."""
    if pupil.full_name is None or not pupil.full_name.strip():
        yield MISSING_NAME.problem(path=(*path, "full_name"))
    if pupil.date_of_birth is None:
        yield MISSING_DOB.problem(path=(*path, "date_of_birth"))
    elif on is not None and pupil.date_of_birth > on:
        yield DOB_IN_FUTURE.problem(path=(*path, "date_of_birth"), values={"judged_on": on})
    if pupil.upn is not None:
        upn_problems = upn.problems(pupil.upn, path=(*path, "upn"))
        yield from upn_problems
        if pupil.upn_unknown_reason is not None:
            yield UPN_AND_REASON.problem(path=(*path, "upn_unknown_reason"))
        if not upn_problems and upn.is_temporary(pupil.upn):
            yield UPN_TEMPORARY.problem(path=(*path, "upn"))
    for i, former in enumerate(pupil.former_upns):
        yield from upn.problems(former, former=True, path=(*path, "former_upns", i))
    if pupil.address is not None:
        yield from pupil.address.problems(path=(*path, "address"))
    for i, parent in enumerate(pupil.parents):
        yield from parent.problems(path=(*path, "parents", i))
    if pupil.parents and not any(p.lives_with_pupil for p in pupil.parents):
        yield LIVES_WITH_NOT_RECORDED.problem(path=(*path, "parents"))


_TEXT = st.sampled_from(["", " ", "x", "SW1A 1AA", "sw1a1aa", "SW1A", "BFPO 105", "07700 900123"])


@st.composite
def _damaged_pupil(draw: st.DrawFn) -> Pupil:
    pupil: Pupil = draw(pupils())
    if pupil.address is not None and draw(st.booleans()):
        pupil = attrs.evolve(
            pupil,
            address=attrs.evolve(
                pupil.address,
                postcode=draw(st.none() | _TEXT),
                lines=draw(st.lists(_TEXT, max_size=2).map(tuple)),
                country=draw(st.sampled_from([None, "UK", "FR", " england "])),
            ),
        )
    if draw(st.booleans()):
        pupil = attrs.evolve(
            pupil,
            upn=draw(st.none() | st.sampled_from(["B801200005001", "b801200005001", "X1"])),
            former_upns=tuple(draw(st.lists(st.sampled_from(["A20700001604Z", "", "B8"])))),
            full_name=draw(st.none() | _TEXT),
        )
    return pupil


@SETTINGS
@given(_damaged_pupil(), st.none() | st.dates(), st.sampled_from([(), ("pupil",)]))
def test_pupil_problems_match_the_reference(
    pupil: Pupil, on: date | None, path: tuple[Any, ...]
) -> None:
    expected = tuple(_reference_pupil(pupil, on, path))
    assert pupil.problems(on=on, path=path) == expected
    assert unchecked(Pupil.problems)(pupil, on=on, path=path) == expected


@SETTINGS
@given(returns(valid=st.booleans()))
def test_validate_return_unchanged_by_internal_shortcuts(record: ReturnPayload) -> None:
    """read_return's report is the one built from the public, checked calls."""
    ret, wire = serialization.load(record.payload, ReturnContent)  # type: ignore[arg-type]
    got = submissions.validate_return(record.payload, on=ON)
    if ret is None:
        assert got.to_dict() == wire.to_dict()
        return
    _, changed = submissions._canonical(ret)
    expected = Report.of(wire, check_return(ret, on=ON), changed)
    assert got.to_dict() == expected.to_dict()
