"""The JSON Schemas of the wire documents (issue 12): each names the cme_core version in its
``$id``; the ``return`` schema dispatches on ``kind``, so a wrong or unknown kind gets a
message naming the allowed kinds; and the schemas agree with the loader on the strategies'
valid and invalid returns."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cme_core
from cme_core import serialization
from cme_core.returns import RETURN_TYPES
from cme_core.strategies import (
    RETURN_KINDS,
    RETURN_PROBLEMS,
    ReturnPayload,
    return_problem_kinds,
    returns,
)
from cme_core.submissions import validate_return

KINDS = sorted(RETURN_KINDS)
WIRE_PROBLEMS = [p for p in RETURN_PROBLEMS if p.startswith("CME-WIRE")]
CONTENT_PROBLEMS = [p for p in RETURN_PROBLEMS if not p.startswith("CME-WIRE")]
SLOW = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])


def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator of the document ``name`` that checks ``format: date`` too."""
    return jsonschema.Draft202012Validator(
        serialization.json_schema(name),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


RETURN = validator("return")


def messages(data: Any) -> list[str]:
    return [e.message for e in RETURN.iter_errors(data)]


def any_kind_returns() -> st.SearchStrategy[ReturnPayload]:
    return returns(kind=st.sampled_from(RETURN_KINDS))


def returns_with(problems: list[str]) -> st.SearchStrategy[ReturnPayload]:
    """Invalid returns carrying one of ``problems``, of a kind that can carry it."""
    return st.sampled_from(problems).flatmap(
        lambda problem: returns(
            kind=st.sampled_from(sorted(return_problem_kinds(problem))),
            valid=False,
            problem=problem,
        )
    )


# --- $id -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(serialization.DOCUMENTS))
def test_every_schema_has_an_id_naming_the_version_and_the_document(name: str) -> None:
    schema = serialization.json_schema(name)
    assert schema["$id"] == (
        f"https://github.com/cme-core/cme_core/schemas/{cme_core.__version__}/{name}.schema.json"
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    # given the class rather than the name, the same document, the same $id
    assert serialization.json_schema(serialization.DOCUMENTS[name])["$id"] == schema["$id"]


def test_the_ids_follow_the_package_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cme_core, "__version__", "9.8.7")
    assert "/9.8.7/pupil.schema.json" in serialization.json_schema("pupil")["$id"]


def test_ids_are_distinct() -> None:
    ids = [serialization.json_schema(n)["$id"] for n in serialization.DOCUMENTS]
    assert len(set(ids)) == len(ids)


def test_a_schema_is_written_as_json_and_read_back_with_its_id() -> None:
    schema = serialization.json_schema("return")
    again = json.loads(json.dumps(schema))
    assert again == schema
    # $refs resolve against the $id
    assert jsonschema.Draft202012Validator(again).is_valid({"kind": "nope"}) is False


def test_an_unknown_document_name_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValueError, match="unknown document name") as caught:
        serialization.json_schema("Ottoline Quenbyx")
    assert "Quenbyx" not in str(caught.value)


# --- the return schema dispatches on kind -------------------------------------------------------


def test_the_return_schema_lists_the_kinds() -> None:
    schema = serialization.json_schema("return")
    assert schema["properties"]["kind"] == {"enum": KINDS}
    assert schema["required"] == ["kind"]
    assert "anyOf" not in schema
    assert "oneOf" not in schema
    thens = [branch["then"]["$ref"] for branch in schema["allOf"]]
    assert thens == [f"#/$defs/{RETURN_TYPES[k].__name__}" for k in RETURN_KINDS]


@SLOW
@given(any_kind_returns(), st.text(max_size=30) | st.integers() | st.none())
def test_an_unknown_kind_gets_a_message_naming_the_allowed_kinds(
    record: ReturnPayload, kind: object
) -> None:
    payload = {**record.payload, "kind": kind}
    if kind in RETURN_KINDS:
        return
    found = messages(payload)
    assert found, payload
    assert not [m for m in found if "is not valid under any of the given schemas" in m]
    best = jsonschema.exceptions.best_match(RETURN.iter_errors(payload))
    assert best is not None
    assert str(KINDS) in best.message


@SLOW
@given(any_kind_returns())
def test_a_missing_kind_says_kind_is_required(record: ReturnPayload) -> None:
    payload = {k: v for k, v in record.payload.items() if k != "kind"}
    assert messages(payload) == ["'kind' is a required property"]


@SLOW
@given(any_kind_returns(), st.sampled_from(KINDS))
def test_a_wrong_kind_is_checked_against_the_kind_it_names(
    record: ReturnPayload, other: str
) -> None:
    if other == record.kind:
        return
    payload = {**record.payload, "kind": other}
    found = messages(payload)
    assert found  # a different kind has other required fields
    assert all("is a required property" in m for m in found), found
    assert not [m for m in found if "is not valid under any of the given schemas" in m]


def test_register_events_dispatch_on_type_too() -> None:
    entry = validator("admission-entry")
    doc = {"pupil_id": "P1", "events": [{"type": "expelled", "on": "2024-09-02"}]}
    best = jsonschema.exceptions.best_match(entry.iter_errors(doc))
    assert best is not None
    assert "'expelled' is not one of ['amended', " in best.message


# --- the schemas agree with the strategies and the loader ----------------------------------------


@SLOW
@given(any_kind_returns())
def test_valid_returns_validate_against_the_schema(record: ReturnPayload) -> None:
    assert messages(record.payload) == []
    assert messages(json.loads(json.dumps(record.payload, allow_nan=False))) == []


@SLOW
@given(returns_with(CONTENT_PROBLEMS))
def test_returns_with_content_problems_have_the_right_shape(record: ReturnPayload) -> None:
    # the schema checks shape only: the law is validate_return's
    assert messages(record.payload) == []


@SLOW
@given(returns_with(WIRE_PROBLEMS))
def test_returns_with_wire_problems_fail_the_schema_as_they_fail_the_loader(
    record: ReturnPayload,
) -> None:
    assert messages(record.payload) != []
    assert record.problem in validate_return(record.payload, on=record.on).codes


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("attendance_rate", 250, "250 is greater than the maximum of 1"),
        ("attendance_rate", -5, "-5 is less than the minimum of 0"),
        ("attendance_rate", 1.0001, "1.0001 is greater than the maximum of 1"),
        ("longest_run_school_days", -1, "-1 is less than the minimum of 0"),
        ("longest_run_school_days", 2.5, "2.5 is not of type 'integer', 'null'"),
    ],
)
def test_the_schema_states_the_ranges_the_loader_checks(
    field: str, value: object, message: str
) -> None:
    @settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
    @given(returns(kind="attendance"))
    def check(record: ReturnPayload) -> None:
        payload = {**record.payload, field: value}
        assert messages(payload) == [message]
        assert [p.json_path for p in validate_return(payload, on=record.on).errors] == [
            f"$.{field}"
        ]
        for fine in (0, 1, None):
            assert messages({**record.payload, field: fine}) == []

    check()
