"""The fast paths of issue 13 give exactly what the detailed (reference) paths give.

* :func:`cme_core.serialization.load` structures with a converter without detailed validation
  first, and reruns the detailed one only when that fails: the object and every problem (wire
  errors with their JSON paths, WARNINGs for fields kept in ``extra``) are the same as the
  detailed converter alone gives, on the strategies' valid and invalid returns and on payloads
  damaged at random.
* The content checks work out the school age, the regime and the return rule once per date:
  the same reports as the uncached functions.
* Postcodes and phone numbers are checked by one precompiled match: the same answers as the
  compact-then-match reference.
* CSV cells are placed by a column plan compiled once per header: the same payloads and the
  same problems as the reference walk.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cme_core import serialization, submissions
from cme_core._fields import compile_check
from cme_core.errors import InvalidPostcode
from cme_core.identifiers import postcode
from cme_core.law import regimes
from cme_core.people import PhoneNumber
from cme_core.problems import Report
from cme_core.returns import ReturnContent, _checks, _deadlines, check_return
from cme_core.school_age import compulsory_school_age_status
from cme_core.strategies import ReturnPayload, returns
from cme_core.submissions import (
    DEFAULT_LIMITS,
    csv_row_to_payload,
    read_return,
    read_rows,
    validate_return,
)

ON = date(2025, 2, 10)
GOOD: dict[str, Any] = {
    "kind": "deletion",
    "regime": "2024",
    "school_laestab": "801/2000",
    "pupil": {
        "pupil_id": "P1",
        "full_name": "Sentinel Childname",
        "upn": "b801200005001",
        "date_of_birth": "2015-10-01",
        "house": "Red",
        "address": {"lines": ["1 Sentinel Road"], "postcode": "sw1a1aa"},
        "parents": [
            {
                "full_name": "Sentinel Parentname",
                "address": {"lines": ["1 Sentinel Road"], "postcode": "SW1A 1AA"},
                "lives_with_pupil": True,
                "emergency_phones": [{"number": "07700 900999"}],
            }
        ],
    },
    "deleted_on": "2025-02-03",
    "ground": "9(1)(g)",
}
"""A valid deletion return with WARNINGs: an unknown field kept in ``extra``, and three
identifiers not in their standard form (CME-SUB-001)."""

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _detailed_load(data: object, cls: Any) -> tuple[object, Report]:
    """:func:`serialization.load` as it was: the detailed converter alone."""
    fast = serialization._fast_converter
    serialization._fast_converter = serialization.converter
    try:
        return serialization.load(data, cls)
    finally:
        serialization._fast_converter = fast


def _same_load(data: object, cls: Any = ReturnContent) -> tuple[object, Report]:
    fast_obj, fast_report = serialization.load(data, cls)
    ref_obj, ref_report = _detailed_load(data, cls)
    assert fast_obj == ref_obj
    assert getattr(fast_obj, "extra", None) == getattr(ref_obj, "extra", None)
    assert fast_report.to_dict() == ref_report.to_dict()
    return fast_obj, fast_report


# --- the wire: fast path against the detailed path ---------------------------------------------


def test_valid_input_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid payload is structured without the detailed converter (on the old code, every
    load went through it)."""

    class Detailed:
        def structure(self, *_: object) -> object:
            raise AssertionError("the detailed converter was used for valid input")

    monkeypatch.setattr(serialization, "converter", Detailed())
    ret, report = read_return(GOOD, on=ON)
    assert ret is not None
    assert report.errors == ()


def test_warnings_are_reported_on_the_fast_path() -> None:
    ret, report = _same_load(GOOD)
    assert ret is not None
    assert [(p.code, p.json_path) for p in report] == [
        ("CME-WIRE-010", "$.pupil['<unknown field 0>']")
    ]
    codes = [(p.code, p.json_path) for p in validate_return(GOOD, on=ON)]
    assert ("CME-WIRE-010", "$.pupil['<unknown field 0>']") in codes
    assert [c for c in codes if c[0] == "CME-SUB-001"] == [
        ("CME-SUB-001", "$.school_laestab"),
        ("CME-SUB-001", "$.pupil.upn"),
        ("CME-SUB-001", "$.pupil.address.postcode"),
    ]


def test_invalid_input_reports_every_problem_with_its_path() -> None:
    bad = copy.deepcopy(GOOD)
    bad["deleted_on"] = "2025-02-31"
    bad["pupil"]["parents"][0]["lives_with_pupil"] = "yes"
    bad["pupil"]["address"]["lines"] = ["1 Road", 7]
    obj, report = _same_load(bad)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [
        ("CME-WIRE-002", "$.pupil.address.lines[1]"),
        ("CME-WIRE-002", "$.pupil.parents[0].lives_with_pupil"),
        ("CME-WIRE-004", "$.deleted_on"),
    ]


@SETTINGS
@given(returns(valid=st.booleans()))
def test_strategy_returns_load_the_same(record: ReturnPayload) -> None:
    _same_load(record.payload)
    _same_load(json.loads(json.dumps(record.payload)))


_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["", "2025-02-31", "2025-02-03", "deletion", "2024", "SW1A 1AA", "x"])
)
_JSON = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
_KEYS = st.sampled_from(
    ["kind", "regime", "pupil", "extra", "pupil_id", "upn", "parents", "lines", "postcode"]
) | st.text(max_size=10)


def _containers(value: object, found: list[Any]) -> None:
    if isinstance(value, dict | list):
        found.append(value)
        for item in value.values() if isinstance(value, dict) else value:
            _containers(item, found)


@st.composite
def _damaged(draw: st.DrawFn) -> object:
    record = draw(returns(valid=st.booleans()))
    payload = copy.deepcopy(record.payload)
    for _ in range(draw(st.integers(1, 3))):
        found: list[Any] = []
        _containers(payload, found)
        node: Any = draw(st.sampled_from(found))
        replace: bool = draw(st.booleans())
        if isinstance(node, list):
            if node and replace:
                node[draw(st.integers(0, len(node) - 1))] = draw(_JSON)
            else:
                node.append(draw(_JSON))
        elif node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node)))
            if draw(st.booleans()):
                del node[key]
            else:
                node[key] = draw(_JSON)
        else:
            node[draw(_KEYS)] = draw(_JSON)
    return payload


@SETTINGS
@given(_damaged())
def test_damaged_payloads_load_the_same(payload: object) -> None:
    _same_load(payload)


@SETTINGS
@given(_JSON)
def test_any_json_loads_the_same(value: object) -> None:
    _same_load(value)


# --- content checks: cached answers against the functions themselves ---------------------------


def _uncached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_checks, "_school_age", compulsory_school_age_status)
    monkeypatch.setattr(_checks, "_regime_on", regimes.regime_for)
    monkeypatch.setattr(_checks, "_rule_on", _deadlines._rule)
    monkeypatch.setattr(_checks, "_regime", regimes.regime_by_id)


@SETTINGS
@given(returns(valid=st.booleans()))
def test_content_checks_match_the_uncached_functions(record: ReturnPayload) -> None:
    ret, _ = serialization.load(record.payload, ReturnContent)  # type: ignore[arg-type]
    if ret is None:
        return
    content: ReturnContent = ret
    cached = check_return(content, on=record.on).to_dict()
    with pytest.MonkeyPatch.context() as monkeypatch:
        _uncached(monkeypatch)
        assert check_return(content, on=record.on).to_dict() == cached


def test_school_age_is_worked_out_once_per_birth_date_and_day() -> None:
    _checks._school_age.cache_clear()
    validate_return(GOOD, on=ON)
    validate_return(GOOD, on=ON)
    info = _checks._school_age.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert info.maxsize is not None  # bounded


# --- postcodes and phone numbers: one precompiled match ----------------------------------------


def _reference_phone_ok(number: str) -> bool:
    compact = re.sub(r"[\s\-().]", "", number)
    return re.fullmatch(r"\+?[0-9]{7,15}", compact) is not None and compact.isascii()


_PHONE_TEXT = st.text(alphabet="0123456789+ -().\t\n\u00a0\u2003a\u0663", max_size=24)


@settings(max_examples=500, deadline=None)
@given(_PHONE_TEXT)
def test_phone_check_matches_the_reference(number: str) -> None:
    ok = PhoneNumber(number=number).problems() == ()
    assert ok == _reference_phone_ok(number)


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("07700 900123", True),
        ("+44 (0)7700-900.123", True),
        ("123456", False),
        ("\u0663" * 8, False),
    ],
)
def test_phone_check_examples(number: str, ok: bool) -> None:
    assert (PhoneNumber(number=number).problems() == ()) is ok


def _reference_postcode(s: str) -> tuple[bool, tuple[str, ...], str | None]:
    text = postcode.compact(s)
    valid = postcode._POSTCODE.fullmatch(text) is not None
    codes = tuple(p.code for p in postcode.problems(s, path=("postcode",)))
    return valid, codes, (f"{text[:-3]} {text[-3:]}" if valid else None)


_POSTCODE_TEXT = st.from_regex(
    r"\A[A-Z ]{0,2}[0-9]{1,2}[A-Z]? ?[0-9][A-Z]{2}\Z", fullmatch=True
) | st.text(alphabet="ABCEGIJKMNOQRSVWXZabc0189 \t", max_size=10)


@settings(max_examples=500, deadline=None)
@given(_POSTCODE_TEXT)
def test_postcode_checks_match_the_reference(s: str) -> None:
    valid, codes, written = _reference_postcode(s)
    assert postcode.is_valid(s) is valid
    assert (codes == ()) is valid
    if valid:
        assert postcode.format(s) == written
    else:
        with pytest.raises(InvalidPostcode, match="postcode"):
            postcode.format(s)


# --- CSV: the column plan against the reference walk --------------------------------------------


def _reference_payload(row: dict[str | None, str]) -> tuple[dict[str, Any], list[str]]:
    columns, _ = submissions._plan_columns([k for k in row if k is not None], DEFAULT_LIMITS)
    data: dict[str, Any] = {}
    failures: list[str] = []
    for column, text in zip(columns, row.values(), strict=True):
        if column is None or not text:
            continue
        try:
            submissions._set_path(data, column.parts, submissions._convert_cell(column.leaf, text))
        except ValueError as exc:
            failures.append(str(exc))
    return data, failures


_PARTS = st.sampled_from(
    ["pupil", "parents", "0", "1", "full_name", "year_group", "boarder", "attendance_rate", "x"]
)
_HEADER = st.lists(
    st.lists(_PARTS, min_size=1, max_size=4).map(".".join), min_size=1, max_size=6, unique=True
)
_CELL = st.sampled_from(["", "a", "7", "-3", "true", "FALSE", "1.5", "x1"])


@settings(max_examples=300, deadline=None)
@given(_HEADER, st.data())
def test_csv_cells_are_placed_as_by_the_reference(header: list[str], data: st.DataObject) -> None:
    row: dict[str | None, str] = {name: data.draw(_CELL) for name in header}
    payload, report = csv_row_to_payload(row)
    expected, failures = _reference_payload(row)
    assert payload == expected
    messages = [p.message for p in report if p.code == submissions.BAD_CELL.code]
    assert [m.rsplit(": ", 1)[-1] for m in messages] == failures


def test_csv_rows_read_the_same_as_json_lines() -> None:
    header = [
        "kind",
        "regime",
        "school_laestab",
        "pupil.pupil_id",
        "pupil.parents.0.lives_with_pupil",
        "pupil.parents.0.emergency_phones.0.number",
        "year_group",
    ]
    line = "deletion,2024,8012000,P1,TRUE,07700 900999,4"
    [(_, payload, report)] = list(read_rows([",".join(header), line], fmt="csv"))
    assert report.problems == ()
    assert payload == {
        "kind": "deletion",
        "regime": "2024",
        "school_laestab": "8012000",
        "pupil": {
            "pupil_id": "P1",
            "parents": [
                {"lives_with_pupil": True, "emergency_phones": [{"number": "07700 900999"}]}
            ],
        },
        "year_group": 4,
    }


# --- type checks: exact-type shortcuts against the checks' meaning -----------------------------


class _Str(str):
    """A str subclass (not exactly str: the full check decides)."""


def _is_int_ref(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_date_ref(v: object) -> bool:
    return isinstance(v, date) and not isinstance(v, datetime)


_REFERENCE: list[tuple[object, Callable[[object], bool]]] = [
    (str | int, lambda v: isinstance(v, str) or _is_int_ref(v)),
    (date | None, lambda v: v is None or _is_date_ref(v)),
    (int | None, lambda v: v is None or _is_int_ref(v)),
    (float | None, lambda v: v is None or isinstance(v, float) or _is_int_ref(v)),
    (
        tuple[str | int, ...],
        lambda v: isinstance(v, tuple) and all(isinstance(x, str) or _is_int_ref(x) for x in v),
    ),
    (tuple[date, ...], lambda v: isinstance(v, tuple) and all(_is_date_ref(x) for x in v)),
    (bool | str | None, lambda v: v is None or isinstance(v, bool | str)),
]
_VALUES = st.sampled_from(
    [None, True, False, 0, 7, 1.5, "x", _Str("y"), date(2025, 1, 1), datetime(2025, 1, 1), b"x"]
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(_REFERENCE))), _VALUES, st.lists(_VALUES, max_size=4))
def test_compiled_checks_keep_their_meaning(index: int, value: object, items: list[object]) -> None:
    tp, reference = _REFERENCE[index]
    check, _ = compile_check(tp)
    assert check is not None
    for candidate in (value, tuple(items), items):
        assert check(candidate) is reference(candidate)
