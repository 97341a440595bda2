"""Hostile and careless wire data (issue 11): nothing the caller sent is echoed into a problem,
numbers that are not numbers are refused, and ``extra`` holds JSON data that round-trips and
never shadows a field.

* an unknown key, a name or control characters included, is reported by its position
  (``<unknown field N>``), never by its text; the key is kept in the structured object's
  ``extra``, the only place it belongs;
* CME-RET-002 names the allowed regimes and describes the value given, without quoting it;
* ``attendance_rate`` (0 to 1) and ``longest_run_school_days`` (0 or more) are checked at the
  wire (a problem at the field's path) and by the classes (``InvalidArgument``); NaN and
  infinity are refused everywhere on the wire;
* ``extra`` holds JSON data only, frozen deeply, round-trips losslessly (tuples included), and
  may not hold a key named like one of the record's fields.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import math
import pickle
import pkgutil
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cme_core
from cme_core import serialization
from cme_core._fields import (
    EXTRA_MAX_DEPTH,
    FrozenDict,
    extra_field,
    json_object,
    reserved_extra_keys,
)
from cme_core.errors import InvalidArgument
from cme_core.people import Address, Parent, PhoneNumber, Pupil
from cme_core.problems import Problem
from cme_core.registers import AdmissionEntry, AttendanceRecord, Deleted, SchoolRegister
from cme_core.returns import (
    RETURN_TYPES,
    AttendanceReturn,
    DeletionReturn,
    ReturnContent,
    check_return,
)
from cme_core.schools import School
from cme_core.strategies import RETURN_KINDS, ReturnPayload, returns
from cme_core.submissions import validate_return

from .model import NAME, PARENT_NAME, SCHOOL, entered, leaks, pupil

Json = Any
SLOW = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
CONTROL = "\x00\x07\x08\t\n\r\x1b[31m\x7f\x85\u200b\u202e\u2028"
"""Control and formatting characters a terminal or a report reader would act on."""


def json_round_trip(data: Json) -> Json:
    return json.loads(json.dumps(data, allow_nan=False))


def unprintable(text: str) -> list[str]:
    """The control (Cc) and format (Cf) characters in ``text``, and line/paragraph breaks."""
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


def everything_shown(problem: Problem) -> str:
    """Every text a problem shows: str(), its JSON path, its dict (values included)."""
    return "\n".join(
        [str(problem), problem.json_path, repr(problem.values), json.dumps(problem.to_dict())]
    )


def assert_not_echoed(problem: Problem, *planted: str) -> None:
    shown = everything_shown(problem)
    for text in planted:
        assert text not in shown, (text, shown)
    assert leaks(shown) == []
    assert unprintable(str(problem) + problem.json_path) == []


hostile_keys = st.builds(
    lambda head, name, tail: head + name + tail,
    st.text(max_size=4),
    st.sampled_from([NAME, PARENT_NAME, "Quenbyx", "Zorvath"]),
    st.text(alphabet=st.sampled_from(CONTROL) | st.characters(), max_size=12),
)
"""Keys a careless or hostile sender might write: a name, with control characters."""


def dict_nodes(data: Json, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Json]]:
    """Every JSON object in ``data``, with its path."""
    if isinstance(data, dict):
        yield path, data
        for key, value in data.items():
            yield from dict_nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from dict_nodes(value, (*path, i))


def node_at(obj: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        obj = obj[step] if isinstance(step, int) else getattr(obj, step)
    return obj


def attendance_payload() -> dict[str, Json]:
    """A valid attendance return as JSON, with both numbers given."""
    ret = AttendanceReturn(
        regime="2024",
        school_laestab="8012000",
        pupil=pupil(),
        period_start=date(2024, 9, 2),
        period_end=date(2024, 10, 4),
        reasons=("irregular_attendance",),
        longest_run_school_days=3,
        attendance_rate=0.5,
    )
    data: dict[str, Json] = json_round_trip(serialization.unstructure(ret))
    assert validate_return(data, on=ON).errors == ()
    return data


ON = date(2024, 10, 10)


# --- 1. unknown keys are placed by position, never echoed ----------------------------------------


@SLOW
@given(returns(kind=st.sampled_from(RETURN_KINDS)), st.data())
def test_unknown_keys_anywhere_in_a_return_are_never_echoed(
    record: ReturnPayload, data: st.DataObject
) -> None:
    payload = json_round_trip(record.payload)
    nodes = list(dict_nodes(payload))
    planted: dict[tuple[Any, ...], str] = {}
    for index in data.draw(st.lists(st.sampled_from(range(len(nodes))), unique=True, max_size=4)):
        path, node = nodes[index]
        key = data.draw(hostile_keys)
        node[key] = data.draw(st.text(max_size=5) | st.integers() | st.none())
        planted[path] = key
    report = validate_return(payload, on=record.on)
    warnings = [p for p in report if p.code == "CME-WIRE-010"]
    assert len(warnings) == len(planted)
    for problem in report:
        assert_not_echoed(problem, *planted.values())
    obj, _ = serialization.load(payload, ReturnContent)  # type: ignore[arg-type]
    assert obj is not None
    for problem in warnings:
        *where, step = problem.path
        assert step == serialization.unknown_field_step(problem.values["position"])
        # the key itself is kept where the caller holds it: the record's extra
        extra = node_at(obj, tuple(where)).extra
        assert list(extra)[problem.values["position"]] == planted[tuple(where)]
    assert serialization.unstructure(obj) == payload


@SLOW
@given(hostile_keys)
def test_an_unknown_key_where_nothing_can_keep_it_is_an_error_without_echo(key: str) -> None:
    doc = json_round_trip(serialization.unstructure(SCHOOL))
    doc["calendar"][key] = 1
    obj, report = serialization.load(doc, School)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [
        ("CME-WIRE-011", "$.calendar['<unknown field 0>']")
    ]
    assert_not_echoed(report.problems[0], key)


def test_the_position_counts_unknown_fields_in_the_order_given() -> None:
    data = {"a_first": 1, "pupil_id": "P1", NAME: 2, "date_of_brith": "2015-01-01"}
    obj, report = serialization.load(data, Pupil)
    assert obj is not None
    assert list(obj.extra) == ["a_first", NAME, "date_of_brith"]
    assert [(p.json_path, dict(p.values)) for p in report] == [
        ("$['<unknown field 0>']", {"position": 0}),
        ("$['<unknown field 1>']", {"position": 1}),
        (
            "$['<unknown field 2>']",
            {"position": 2, "did_you_mean": "date_of_birth"},  # a typo: a model name is offered
        ),
    ]
    assert report.problems[2].message.endswith("did you mean 'date_of_birth'?")
    assert_not_echoed(report.problems[1], NAME)


def test_a_huge_key_gives_a_short_problem() -> None:
    key = NAME * 100_000
    _, report = serialization.load({"pupil_id": "P1", key: 1}, Pupil)
    assert len(str(report.problems[0])) < 200


def test_a_key_that_is_not_a_string_is_a_problem_not_a_crash() -> None:
    obj, report = serialization.load({"pupil_id": "P1", 7: "x", (1, 2): "y"}, Pupil)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [
        ("CME-WIRE-009", "$['<unknown field 0>']"),
        ("CME-WIRE-009", "$['<unknown field 1>']"),
    ]


def test_an_attendance_record_cannot_keep_a_key_reserved_for_a_field() -> None:
    doc = {"pupil_id": "P1", "first_day": "2024-09-02", "marks": "//", "unknown": [[0, "x"]]}
    obj, report = serialization.load(doc, AttendanceRecord)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [("CME-WIRE-011", "$['<unknown field 0>']")]


# --- 2. CME-RET-002: allowed values only; the value given is described ---------------------------


@SLOW
@given(
    returns(kind=st.sampled_from(RETURN_KINDS)),
    st.builds(lambda t, n: t + n, st.text(max_size=30), st.sampled_from(["", NAME, CONTROL])),
)
def test_an_unknown_regime_is_described_not_echoed(record: ReturnPayload, regime: str) -> None:
    if regime in ("2006", "2024"):
        return
    report = validate_return({**record.payload, "regime": regime}, on=record.on)
    assert report.codes == ("CME-RET-002",)
    problem = report.problems[0]
    assert problem.json_path == "$.regime"
    n = len(regime)
    assert dict(problem.values) == {
        "allowed": ["2006", "2024"],
        "found": f"a string of {n} character{'s' * (n != 1)}" if n else "an empty string",
    }
    assert_not_echoed(problem, NAME)


def test_a_megabyte_of_regime_gives_a_short_problem() -> None:
    record = attendance_payload()
    report = validate_return({**record, "regime": NAME * 70_000}, on=ON)
    assert report.codes == ("CME-RET-002",)
    assert len(json.dumps(report.problems[0].to_dict())) < 400


def test_a_regime_that_is_not_a_string_is_refused_where_it_is_given() -> None:
    # A return class refuses a regime of the wrong type at construction (issue 16); a wrong
    # regime string is still a problem of the check, not an exception.
    ret = serialization.structure(attendance_payload(), AttendanceReturn)
    odd_regimes: list[Any] = [["2024"], None, 2024]
    for regime in odd_regimes:
        with pytest.raises(InvalidArgument, match=r"^regime must be a string, got "):
            attrs.evolve(ret, regime=regime)
    report = check_return(attrs.evolve(ret, regime="1999"), on=ON)
    assert report.codes == ("CME-RET-002",)
    assert "allowed" in report.problems[0].values


def test_a_year_group_outside_the_school_range_is_not_echoed() -> None:
    data = json_round_trip(
        serialization.unstructure(
            DeletionReturn(
                regime="2024",
                school_laestab="8012000",
                pupil=pupil(),
                deleted_on=date(2024, 10, 1),
                ground="9(1)(d)",
                year_group=987_654,
            )
        )
    )
    report = validate_return(data, on=ON, school=SCHOOL)
    found = [p for p in report if p.path == ("year_group",)]
    assert [dict(p.values) for p in found] == [{"school_range": [0, 6]}]
    assert "987654" not in everything_shown(found[0])


# --- 3. numbers that are not numbers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("attendance_rate", 0, True),
        ("attendance_rate", 0.0, True),
        ("attendance_rate", 1, True),
        ("attendance_rate", 1.0, True),
        ("attendance_rate", None, True),
        ("attendance_rate", -1e-9, False),
        ("attendance_rate", 1.000001, False),
        ("attendance_rate", -5, False),
        ("attendance_rate", 250, False),
        ("attendance_rate", float("nan"), False),
        ("attendance_rate", float("inf"), False),
        ("attendance_rate", float("-inf"), False),
        ("attendance_rate", 10**400, False),
        ("longest_run_school_days", 0, True),
        ("longest_run_school_days", 10_000, True),
        ("longest_run_school_days", None, True),
        ("longest_run_school_days", -1, False),
        ("longest_run_school_days", -5, False),
    ],
)
def test_numbers_out_of_range_or_not_finite_are_refused_at_the_wire(
    field: str, value: object, ok: bool
) -> None:
    report = validate_return({**attendance_payload(), field: value}, on=ON)
    if ok:
        assert report.errors == ()
    else:
        assert [(p.code, p.json_path) for p in report.errors] == [("CME-WIRE-009", f"$.{field}")]
        if isinstance(value, int) or math.isfinite(value):  # type: ignore[arg-type]
            assert str(value) not in everything_shown(report.errors[0])


def test_nan_as_python_json_reads_it_is_refused() -> None:
    text = json.dumps(attendance_payload()).replace(
        '"attendance_rate": 0.5', '"attendance_rate": NaN'
    )
    payload = json.loads(text)
    assert payload["attendance_rate"] != payload["attendance_rate"]
    report = validate_return(payload, on=ON)
    assert [p.json_path for p in report.errors] == ["$.attendance_rate"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attendance_rate", float("nan")),
        ("attendance_rate", float("inf")),
        ("attendance_rate", -5),
        ("attendance_rate", 250),
        ("attendance_rate", 1.5),
        ("attendance_rate", True),
        ("attendance_rate", "0.5"),
        ("longest_run_school_days", -5),
        ("longest_run_school_days", 2.0),
        ("longest_run_school_days", True),
    ],
)
def test_the_attendance_return_class_refuses_them(field: str, value: Any) -> None:
    ret = serialization.structure(attendance_payload(), AttendanceReturn)
    with pytest.raises(InvalidArgument, match=f"^{field} must be None or ") as caught:
        attrs.evolve(ret, **{field: value})
    if not isinstance(value, float) or math.isfinite(value):
        assert str(value) not in str(caught.value)


@SLOW
@given(returns(kind="attendance"))
def test_attendance_returns_round_trip_through_strict_json(record: ReturnPayload) -> None:
    ret = serialization.structure(record.payload, AttendanceReturn)
    text = json.dumps(serialization.unstructure(ret), allow_nan=False)
    assert serialization.structure(json.loads(text), AttendanceReturn) == ret


def test_nan_in_an_unknown_field_is_refused_too() -> None:
    obj, report = serialization.load(json.loads('{"pupil_id": "P1", "x": [NaN]}'), Pupil)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [("CME-WIRE-009", "$['<unknown field 0>']")]


# --- 4. extra: JSON data only, lossless, never a field --------------------------------------------

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=3)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=10,
)


def extra_keys(cls: type) -> st.SearchStrategy[str]:
    return st.text(max_size=10).filter(lambda k: k not in reserved_extra_keys(cls))


RECORDS: dict[str, Any] = {
    "pupil": pupil(),
    "parent": Parent(full_name="A Parent"),
    "address": Address(lines=("1 High Street",), postcode="LS1 1AA"),
    "phone": PhoneNumber(number="07700 900123"),
    "school": SCHOOL,
    "entered": entered(date(2024, 9, 2)),
    "deleted": Deleted(on=date(2024, 9, 9), ground="9(1)(a)", regime="2024"),
    "entry": AdmissionEntry(pupil_id="P1", events=(entered(date(2024, 9, 2)),)),
    "register": SchoolRegister(school=SCHOOL, admissions=()),
    "attendance": AttendanceRecord.from_codes("P1", date(2024, 9, 2), "//NC1"),
}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_any_json_extra_round_trips_losslessly(name: str) -> None:
    record = RECORDS[name]
    cls = type(record)

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(extra_keys(cls), json_values, max_size=4))
    def check(extra: dict[str, Json]) -> None:
        obj = attrs.evolve(record, extra=extra)
        data = serialization.unstructure(obj)
        back = serialization.structure(json_round_trip(data), cls)
        assert back == obj
        assert back.extra == obj.extra
        assert serialization.unstructure(back) == data
        assert pickle.loads(pickle.dumps(obj)).extra == obj.extra
        assert copy.deepcopy(obj).extra == obj.extra

    check()


def test_a_tuple_in_extra_comes_back_equal() -> None:
    # a tuple went out as a JSON array and came back as a list: not equal
    obj = Pupil(pupil_id="P1", extra={"pair": (1, 2), "nested": {"list": [3, [4]]}})
    back = serialization.structure(json_round_trip(serialization.unstructure(obj)), Pupil)
    assert back == obj
    assert back.extra["pair"] == (1, 2)


def test_extra_is_frozen_all_the_way_down_and_pickles() -> None:
    given_data: dict[str, Json] = {"clubs": ["chess", {"days": ["mon"]}]}
    obj = Pupil(pupil_id="P1", extra=given_data)
    given_data["clubs"].append("drama")  # the caller's dict is not the record's
    extra: Any = obj.extra
    assert extra == {"clubs": ("chess", {"days": ("mon",)})}
    assert isinstance(extra, FrozenDict)
    assert isinstance(extra["clubs"][1], FrozenDict)
    clubs: Any = obj.extra["clubs"]
    with pytest.raises(TypeError):
        clubs[1]["days"] = ()
    with pytest.raises(AttributeError):
        clubs.append("x")
    assert pickle.loads(pickle.dumps(obj)) == obj
    hash(extra)  # hashable, being frozen


def every_class_with_extra() -> list[type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(cme_core.__path__, "cme_core."):
        if info.name.startswith("cme_core.strategies") or info.name.endswith(
            ("__main__", "law.model")
        ):
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and attrs.has(obj) and "extra" in attrs.fields_dict(obj):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


@pytest.mark.parametrize("cls", every_class_with_extra(), ids=lambda c: c.__qualname__)
def test_every_extra_field_is_the_one_definition(cls: type) -> None:
    field = attrs.fields_dict(cls)["extra"]
    reference = attrs.fields_dict(attrs.make_class("R", {"extra": extra_field()}))["extra"]
    converter: Any = field.converter
    assert converter is reference.converter
    assert converter is json_object
    assert field.validator is reference.validator
    assert field.hash is False


SHADOWING = [
    (record, key)
    for name, record in sorted(RECORDS.items())
    for key in sorted(reserved_extra_keys(type(record)))
] + [
    (serialization.structure(attendance_payload(), AttendanceReturn), "kind"),
    (serialization.structure(attendance_payload(), AttendanceReturn), "attendance_rate"),
]


@pytest.mark.parametrize(
    ("record", "key"), SHADOWING, ids=[f"{type(r).__name__}.{k}" for r, k in SHADOWING]
)
def test_extra_may_not_shadow_a_field(record: Any, key: str) -> None:
    with pytest.raises(InvalidArgument, match=r"^extra must not hold a key") as caught:
        attrs.evolve(record, extra={key: "X"})
    assert not re.search(rf"\b{re.escape(key)}\b", str(caught.value))


def test_the_reported_shadowing_bug() -> None:
    # extra={"full_name": "X"} came back from a round trip as the real full_name
    with pytest.raises(InvalidArgument, match="extra"):
        Pupil(pupil_id="P1", extra={"full_name": "X"})
    assert "full_name" in reserved_extra_keys(Pupil)
    assert "kind" in reserved_extra_keys(AttendanceReturn)
    assert "type" in reserved_extra_keys(Deleted)
    assert "type" not in reserved_extra_keys(Pupil)
    assert "extra" not in reserved_extra_keys(Pupil)


def test_a_key_named_extra_is_an_ordinary_unknown_field() -> None:
    obj, _ = serialization.load({"pupil_id": "P1", "extra": {"a": 1}}, Pupil)
    assert obj is not None
    assert obj.extra == {"extra": {"a": 1}}
    assert serialization.unstructure(obj) == {"pupil_id": "P1", "extra": {"a": 1}}


def nested(levels: int) -> Json:
    value: Json = 0
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize(
    "value",
    [
        date(2015, 1, 9),
        datetime(2015, 1, 9, 10, 30),
        {1, 2},
        b"bytes",
        object(),
        float("nan"),
        float("inf"),
        [1, float("-inf")],
        {"deep": {NAME: date(2015, 1, 9)}},
        10**5000,
        nested(EXTRA_MAX_DEPTH),
    ],
    ids=lambda v: type(v).__name__,
)
def test_extra_refuses_what_json_cannot_carry_without_echo(value: object) -> None:
    with pytest.raises(InvalidArgument, match=r"^extra must hold JSON data only") as caught:
        Pupil(pupil_id="P1", extra={NAME: value})
    assert leaks(str(caught.value)) == []


@pytest.mark.parametrize("key", [1, (1, 2), None, 1.5])
def test_extra_keys_are_strings(key: Any) -> None:
    with pytest.raises(InvalidArgument, match=r"^extra must hold JSON data only: it has a key"):
        Pupil(pupil_id="P1", extra={key: "x"})


def test_extra_nesting_at_the_edge() -> None:
    # the extra mapping and 31 arrays inside it: 32 levels, the most kept
    kept = Pupil(pupil_id="P1", extra={"a": nested(EXTRA_MAX_DEPTH - 1)})
    assert serialization.structure(serialization.unstructure(kept), Pupil) == kept
    obj, report = serialization.load({"pupil_id": "P1", "a": nested(EXTRA_MAX_DEPTH - 1)}, Pupil)
    assert obj == kept
    obj, report = serialization.load({"pupil_id": "P1", "a": nested(EXTRA_MAX_DEPTH)}, Pupil)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [("CME-WIRE-009", "$['<unknown field 0>']")]


def test_extra_still_takes_pairs_and_none() -> None:
    assert Pupil(pupil_id="P1", extra=[("a", 1)]).extra == {"a": 1}  # type: ignore[arg-type]
    assert Pupil(pupil_id="P1", extra=None).extra == {}  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^extra must be a mapping"):
        Pupil(pupil_id="P1", extra="ab")  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", sorted(RETURN_TYPES))
def test_every_return_kind_keeps_unknown_fields_and_writes_them_back(kind: str) -> None:
    @settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
    @given(returns(kind=kind), st.dictionaries(st.just("x_local") | hostile_keys, json_values))
    def check(record: ReturnPayload, extra: dict[str, Json]) -> None:
        payload = {**json_round_trip(record.payload), **json_round_trip(extra)}
        obj, report = serialization.load(payload, ReturnContent)  # type: ignore[arg-type]
        assert obj is not None
        assert report.errors == ()
        assert serialization.unstructure(obj) == payload

    check()
