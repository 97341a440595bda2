"""Tests for cme_core._fields: the shared field helpers (FrozenDict, redact, iso, validators)."""

from __future__ import annotations

import copy
import operator
import pickle
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core._fields import (
    REDACTED,
    FrozenDict,
    date_field,
    freeze_mapping,
    instance_of,
    iso,
    optional_bool,
    optional_date,
    optional_str,
    redact,
    tuple_of,
)
from cme_core.cases import CaseReferred, CmeCase, open_cases_report
from cme_core.errors import InvalidArgument
from cme_core.people import Address, Parent, PhoneNumber, Pupil
from cme_core.policy import CaseState, LAPolicy
from cme_core.schools import School, SchoolKind

# --- FrozenDict ------------------------------------------------------------------------------

MUTATIONS: dict[str, Callable[[Any], object]] = {
    "item assignment": lambda d: operator.setitem(d, "b", 2),
    "item deletion": lambda d: operator.delitem(d, "a"),
    "update": lambda d: d.update({"b": 2}),
    "update with keywords": lambda d: d.update(b=2),
    "setdefault": lambda d: d.setdefault("b", 2),
    "pop": lambda d: d.pop("a"),
    "popitem": lambda d: d.popitem(),
    "clear": lambda d: d.clear(),
    "attribute assignment": lambda d: setattr(d, "_data", {}),
}


@pytest.mark.parametrize("mutate", MUTATIONS.values(), ids=list(MUTATIONS))
def test_frozen_dict_cannot_be_changed(mutate: Callable[[Any], object]) -> None:
    d = FrozenDict({"a": 1})
    with pytest.raises(TypeError):
        mutate(d)
    assert d == {"a": 1}


def test_frozen_dict_statements_that_change_a_dict_raise_type_error() -> None:
    d: Any = FrozenDict({"a": 1})
    with pytest.raises(TypeError):
        d["b"] = 2
    with pytest.raises(TypeError):
        del d["a"]
    assert dict(d) == {"a": 1}


def test_frozen_dict_is_a_read_only_mapping() -> None:
    d = FrozenDict({"a": 1, "b": 2})
    assert isinstance(d, Mapping)
    assert d["a"] == 1
    assert d.get("c") is None
    assert "b" in d
    assert "c" not in d
    assert list(d) == ["a", "b"]
    assert list(d.items()) == [("a", 1), ("b", 2)]
    assert len(d) == 2
    with pytest.raises(KeyError):
        d["c"]


def test_frozen_dict_equals_mappings_with_the_same_items() -> None:
    d = FrozenDict({"a": 1, "b": 2})
    assert d == {"b": 2, "a": 1}
    assert {"a": 1, "b": 2} == d  # noqa: SIM300 (dict.__eq__ first, then the reflected one)
    assert d == FrozenDict([("b", 2), ("a", 1)])
    assert d != {"a": 1}
    assert d != [("a", 1), ("b", 2)]
    assert FrozenDict() == {}


def test_frozen_dict_is_hashable_if_its_values_are() -> None:
    assert hash(FrozenDict({"a": 1, "b": 2})) == hash(FrozenDict({"b": 2, "a": 1}))
    assert len({FrozenDict({"a": 1}), FrozenDict({"a": 1})}) == 1
    with pytest.raises(TypeError):
        hash(FrozenDict({"a": [1]}))


def test_frozen_dict_repr() -> None:
    assert repr(FrozenDict({"a": 1})) == "FrozenDict({'a': 1})"
    assert repr(FrozenDict()) == "FrozenDict({})"


def test_frozen_dict_union_makes_a_new_one() -> None:
    d = FrozenDict({"a": 1})
    assert d | {"b": 2} == {"a": 1, "b": 2}
    assert isinstance(d | {"b": 2}, FrozenDict)
    assert {"a": 0, "b": 2} | d == {"a": 1, "b": 2}
    assert d == {"a": 1}


@given(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=8))
def test_frozen_dict_pickles_and_copies(items: dict[str, object]) -> None:
    d = FrozenDict(items)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(d, protocol=protocol))
        assert type(back) is FrozenDict
        assert back == d == items
        assert list(back) == list(items)
    assert copy.copy(d) == d
    assert copy.deepcopy(d) == d


def test_freeze_mapping() -> None:
    assert freeze_mapping(None) == {}
    assert isinstance(freeze_mapping(None), FrozenDict)
    assert freeze_mapping({}) == {}
    assert freeze_mapping([("a", 1)]) == {"a": 1}
    frozen = FrozenDict({"a": 1})
    assert freeze_mapping(frozen) is frozen
    source = {"a": 1}
    copied = freeze_mapping(source)
    source["b"] = 2
    assert copied == {"a": 1}


# --- frozen records' mappings cannot be changed ------------------------------------------------


def test_pupil_extra_cannot_be_changed() -> None:
    pupil = Pupil(pupil_id="P1", extra={"a": 1})
    extra: Any = pupil.extra
    with pytest.raises(TypeError):
        extra["b"] = 2
    with pytest.raises(TypeError):
        extra.update(b=2)
    with pytest.raises(TypeError):
        del extra["a"]
    assert pupil.extra == {"a": 1}
    assert pupil == Pupil(pupil_id="P1", extra={"a": 1})
    assert pickle.loads(pickle.dumps(pupil)) == pupil


def test_redacted_empty_extra_shows_as_before() -> None:
    assert "extra={}" in repr(Pupil(pupil_id="P1"))
    assert "extra=<redacted>" in repr(Pupil(pupil_id="P1", extra={"note": "x"}))


@pytest.mark.parametrize(
    "record",
    [
        Pupil(pupil_id="P1", extra={"a": 1}),
        Parent(full_name="A", extra={"a": 1}),
        Address(lines=("1 Road",), extra={"a": 1}),
        PhoneNumber(number="07700 900123", extra={"a": 1}),
        School(laestab="8012000", name="S", kind=SchoolKind.ACADEMY, extra={"a": 1}),
        CaseReferred(on=date(2025, 1, 6), extra={"a": 1}),
        CmeCase(case_id="C1", child=Pupil(pupil_id="P1"), extra={"a": 1}),
    ],
    ids=lambda r: type(r).__name__,
)
def test_every_extra_is_frozen(record: Any) -> None:
    with pytest.raises(TypeError):
        record.extra["b"] = 2
    assert isinstance(record.extra, FrozenDict)
    assert record.extra == {"a": 1}


def test_policy_intervals_are_frozen_and_the_policy_pickles() -> None:
    policy = LAPolicy()
    intervals: Any = policy.review_interval_days
    with pytest.raises(TypeError):
        intervals[CaseState.TRACING] = 1
    assert pickle.loads(pickle.dumps(policy)) == policy


def test_report_counts_are_frozen() -> None:
    case = CmeCase.open("C1", Pupil(pupil_id="P1"), date(2025, 1, 6))
    report = open_cases_report([case], date(2025, 1, 7))
    by_state: Any = report.by_state
    with pytest.raises(TypeError):
        by_state[CaseState.CLOSED] = 1
    assert report.by_state == {CaseState.REFERRED: 1}


# --- redact and iso --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "None"),
        ((), "()"),
        ({}, "{}"),
        (FrozenDict(), "{}"),
        ("", REDACTED),
        ("Ada", REDACTED),
        (("a",), REDACTED),
        ({"a": 1}, REDACTED),
        (date(2015, 1, 2), REDACTED),
    ],
)
def test_redact(value: object, shown: str) -> None:
    assert redact(value) == shown


def test_iso() -> None:
    assert iso(date(2025, 1, 6)) == "2025-01-06"
    assert iso(None) is None


# --- validators --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Checked:
    on: date = attrs.field(validator=date_field)
    since: date | None = attrs.field(default=None, validator=optional_date)
    flag: bool | None = attrs.field(default=None, validator=optional_bool)
    text: str | None = attrs.field(default=None, validator=optional_str)
    count: int = attrs.field(default=0, validator=instance_of(int, "an int"))


def test_validators_accept_the_right_types() -> None:
    _Checked(on=date(2025, 1, 6), since=date(2025, 1, 1), flag=False, text="", count=3)
    _Checked(on=date(2025, 1, 6))


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"on": datetime(2025, 1, 6)}, "on"),
        ({"on": "2025-01-06"}, "on"),
        ({"since": "2025-01-06"}, "since"),
        ({"flag": 1}, "flag"),
        ({"text": 1}, "text"),
        ({"count": "1"}, "count"),
    ],
)
def test_validators_refuse_the_wrong_types(fields: dict[str, Any], name: str) -> None:
    values: dict[str, Any] = {"on": date(2025, 1, 6), **fields}
    with pytest.raises(InvalidArgument, match=name):
        _Checked(**values)


def test_tuple_of() -> None:
    assert tuple_of(int, "ints", [1, 2]) == (1, 2)
    assert tuple_of(int, "ints", iter(())) == ()
    for bad in ("12", b"12", {"a": 1}, 3, [1, "2"]):
        with pytest.raises(InvalidArgument):
            tuple_of(int, "ints", bad)
