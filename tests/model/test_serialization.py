"""The wire format: lossless round trips, agreement with the JSON Schemas, unknown fields kept,
every problem reported at once with its JSON path, strict types, and no crash on any JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cme_core import serialization
from cme_core.calendars import SchoolCalendar
from cme_core.people import Address, Parent, PhoneNumber, Pupil
from cme_core.problems import Severity
from cme_core.registers import (
    AdmissionEntry,
    Amended,
    AttendanceRecord,
    BoarderStatusChanged,
    Deleted,
    EnrolmentStatus,
    EnrolmentStatusChanged,
    Entered,
    FutureAddress,
    FutureAddressRecorded,
    OtherSchool,
    OtherSchoolRecorded,
    RegisterEvent,
    SchoolRegister,
)
from cme_core.schools import School
from cme_core.strategies import (
    RETURN_KINDS,
    addresses,
    admission_entries,
    admission_registers,
    attendance_years,
    parents,
    phone_numbers,
    pupils,
    returns,
    school_calendars,
    schools,
)

from . import BAD_PHONE, LINE, NAME, PARENT_NAME, POSTCODE, SCHOOL, entered, leaks, pupil

Json = Any


def json_round_trip(data: Json) -> Json:
    return json.loads(json.dumps(data, allow_nan=False))


def round_trips(obj: object) -> None:
    """``structure(unstructure(x), type(x)) == x``, directly and through JSON text."""
    data = serialization.unstructure(obj)
    assert serialization.structure(data, type(obj)) == obj
    assert serialization.structure(json_round_trip(data), type(obj)) == obj
    obj2, report = serialization.load(json_round_trip(data), type(obj))
    assert obj2 == obj
    assert report.problems == ()


# --- round trips --------------------------------------------------------------------------


@given(pupils() | pupils(valid=False))
def test_pupils_round_trip(value: Pupil) -> None:
    round_trips(value)


@given(parents())
def test_parents_round_trip(value: Parent) -> None:
    round_trips(value)


@given(addresses())
def test_addresses_round_trip(value: Address) -> None:
    round_trips(value)


@given(phone_numbers())
def test_phone_numbers_round_trip(value: PhoneNumber) -> None:
    round_trips(value)


@given(schools())
def test_schools_round_trip_with_their_calendar(value: School) -> None:
    round_trips(value)
    back = serialization.structure(json_round_trip(serialization.unstructure(value)), School)
    assert back.calendar == value.calendar  # School equality ignores the calendar


@given(school_calendars(first_year=2023, last_year=2024))
def test_calendars_round_trip(value: SchoolCalendar) -> None:
    round_trips(value)


def test_calendar_from_school_days_round_trips() -> None:
    cal = SchoolCalendar.from_school_days(
        [date(2024, 9, 5), date(2024, 9, 9)], start=date(2024, 9, 1), end=date(2024, 9, 30)
    )
    round_trips(cal)


@given(admission_entries())
def test_admission_entries_round_trip(value: AdmissionEntry) -> None:
    round_trips(value)


@given(attendance_years())
def test_attendance_records_round_trip(value: AttendanceRecord) -> None:
    round_trips(value)


def test_attendance_with_unknown_tokens_round_trips_as_given() -> None:
    record = AttendanceRecord.from_codes("P1", date(2024, 9, 2), "//xC1Y7-?é")
    assert record.unknown == ((2, "x"), (6, "?"), (7, "é"))
    round_trips(record)
    assert serialization.unstructure(record)["marks"] == "//xC1Y7-?é"


@settings(max_examples=50)
@given(admission_registers())
def test_school_registers_round_trip(value: SchoolRegister) -> None:
    round_trips(value)
    back = serialization.structure(
        json_round_trip(serialization.unstructure(value)), SchoolRegister
    )
    assert back.school.calendar == value.school.calendar


def every_event(on: date) -> tuple[RegisterEvent, ...]:
    other = OtherSchool(name="Partner", laestab="8011100", urn="100000", first_day=on)
    return (
        entered(
            on, enrolment_status=EnrolmentStatus.MAIN, dual_registered_with=other, boarder=False
        ),
        Amended(
            on=on, recorded_on=on, recorded_by="office", pupil=pupil(), reason="x", year_group=5
        ),
        FutureAddressRecorded(
            on=on,
            future_address=FutureAddress(
                address=Address(lines=("2 New Road",), postcode="LS2 2AA", country="GB"),
                parent_names=("A Parent",),
                from_date=on,
            ),
        ),
        OtherSchoolRecorded(on=on, other_school=other, told_by="parent"),
        BoarderStatusChanged(on=on, boarder=True),
        EnrolmentStatusChanged(on=on, enrolment_status=EnrolmentStatus.SINGLE),
        Deleted(on=on, recorded_on=on, ground="9(1)(a)", regime="2024"),
    )


def test_an_entry_with_every_event_type_round_trips() -> None:
    events = every_event(date(2024, 9, 2))
    assert {type(e) for e in events} == {
        Entered,
        Amended,
        FutureAddressRecorded,
        OtherSchoolRecorded,
        BoarderStatusChanged,
        EnrolmentStatusChanged,
        Deleted,
    }
    entry = AdmissionEntry(pupil_id="P1", events=events)
    round_trips(entry)
    data = serialization.unstructure(entry)
    assert [e["type"] for e in data["events"]] == [type(e).type for e in events]
    round_trips(SchoolRegister(school=SCHOOL, admissions=(entry,)))


def test_unstructure_omits_defaults_and_writes_iso_dates_and_enum_values() -> None:
    data = serialization.unstructure(pupil())
    assert data["date_of_birth"] == "2014-05-01"
    assert data["sex"] == "F"
    assert not {"former_upns", "extra"} & set(data)
    assert serialization.unstructure(Pupil(pupil_id="P1")) == {"pupil_id": "P1"}


# --- the JSON Schemas ---------------------------------------------------------------------

STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "school-register": admission_registers(max_pupils=3),
    "admission-entry": admission_entries(),
    "attendance-record": attendance_years(),
    "pupil": pupils() | pupils(valid=False),
    "school": schools(),
    "return": returns(kind=st.sampled_from(RETURN_KINDS)).map(
        lambda r: serialization.structure(r.payload, serialization.DOCUMENTS["return"])
    ),
}
NO_STRATEGY_YET: set[str] = set()


def test_every_document_has_a_strategy_or_is_listed_as_waiting_for_one() -> None:
    assert set(serialization.DOCUMENTS) == set(STRATEGIES) | NO_STRATEGY_YET


@pytest.mark.parametrize("name", sorted(serialization.DOCUMENTS))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = serialization.json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    by_type = serialization.json_schema(serialization.DOCUMENTS[name])
    assert {**by_type, "title": None} == {**schema, "title": None}


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_unstructured_model_data_validates_against_its_schema(name: str) -> None:
    validator = jsonschema.Draft202012Validator(serialization.json_schema(name))

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(STRATEGIES[name])
    def check(value: object) -> None:
        data = json_round_trip(serialization.unstructure(value))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == []

    check()


def test_schemas_are_not_vacuous() -> None:
    validator = jsonschema.Draft202012Validator(serialization.json_schema("pupil"))
    assert validator.is_valid({"pupil_id": "P1"})
    assert not validator.is_valid({})
    assert not validator.is_valid({"pupil_id": 1})
    assert not validator.is_valid({"pupil_id": "P1", "date_of_birth": "1 May 2014"})
    assert not validator.is_valid({"pupil_id": "P1", "sex": "m"})
    assert validator.is_valid({"pupil_id": "P1", "house": "Red"})  # unknown fields are kept


def test_unknown_document_name() -> None:
    with pytest.raises(ValueError, match="unknown document"):
        serialization.json_schema("pupils")


# --- lossless: unknown fields kept in extra, warned, and written back ---------------------


def _x(value: Json) -> dict[str, Json]:
    return {"x_local": value}


def test_unknown_fields_at_every_level_are_kept_warned_and_written_back() -> None:
    entry = AdmissionEntry(pupil_id="P1", events=every_event(date(2024, 9, 2)))
    reg = SchoolRegister(
        school=SCHOOL,
        admissions=(entry,),
        attendance=(AttendanceRecord.from_codes("P1", date(2024, 9, 2), "//C1N"),),
    )
    doc = json_round_trip(serialization.unstructure(reg))
    doc.update(_x(1))
    doc["school"].update(_x("a"))
    doc["attendance"][0].update(_x([1, 2]))
    e = doc["admissions"][0]
    e.update(_x(None))
    at = "['<unknown field 0>']"  # the position of the field, never its name
    expected = {
        f"${at}",
        f"$.school{at}",
        f"$.attendance[0]{at}",
        f"$.admissions[0]{at}",
    }
    for i, event in enumerate(e["events"]):
        event.update(_x({"n": i}))
        expected.add(f"$.admissions[0].events[{i}]{at}")
    nested = {
        "events[0].pupil": e["events"][0]["pupil"],
        "events[0].pupil.address": e["events"][0]["pupil"]["address"],
        "events[0].pupil.parents[0]": e["events"][0]["pupil"]["parents"][0],
        "events[0].pupil.parents[0].address": e["events"][0]["pupil"]["parents"][0]["address"],
        "events[0].pupil.parents[0].emergency_phones[0]": e["events"][0]["pupil"]["parents"][0][
            "emergency_phones"
        ][0],
        "events[0].dual_registered_with": e["events"][0]["dual_registered_with"],
        "events[0].last_school": e["events"][0]["last_school"],
        "events[2].future_address": e["events"][2]["future_address"],
        "events[2].future_address.address": e["events"][2]["future_address"]["address"],
        "events[3].other_school": e["events"][3]["other_school"],
    }
    for where, node in nested.items():
        node.update(_x(True))
        expected.add(f"$.admissions[0].{where}{at}")
    obj, report = serialization.load(doc, SchoolRegister)
    assert obj is not None
    assert report.is_valid
    assert {p.code for p in report} == {"CME-WIRE-010"}
    assert {p.severity for p in report} == {Severity.WARNING}
    assert {p.json_path for p in report} == expected
    assert all("x_local" not in str(p) + repr(p.to_dict()) for p in report)
    assert obj.extra == {"x_local": 1}
    assert obj.admissions[0].events[3].extra == {"x_local": {"n": 3}}
    assert serialization.unstructure(obj) == doc


json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


def dict_nodes(
    data: Json, path: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], dict[str, Json]]]:
    """Every JSON object in ``data`` that is a model record with ``extra`` (not a calendar)."""
    if isinstance(data, dict):
        if "calendar" not in path[-1:] and "terms" not in path[-2:-1]:
            yield path, data
        for key, value in data.items():
            if key not in ("calendar", "extra"):
                yield from dict_nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from dict_nodes(value, (*path, i))


@settings(max_examples=40)
@given(admission_registers(max_pupils=3), st.data())
def test_unknown_fields_anywhere_survive_a_load_and_unstructure(
    reg: SchoolRegister, data: st.DataObject
) -> None:
    doc = json_round_trip(serialization.unstructure(reg))
    nodes = list(dict_nodes(doc))
    chosen = data.draw(st.lists(st.sampled_from(range(len(nodes))), unique=True, max_size=6))
    expected: set[tuple[Any, ...]] = set()
    for index in chosen:
        path, node = nodes[index]
        key = "x_" + data.draw(st.text("abcdefghij_", min_size=1, max_size=6))
        node[key] = data.draw(json_values)
        expected.add((*path, serialization.unknown_field_step(0)))
    obj, report = serialization.load(doc, SchoolRegister)
    assert obj is not None
    assert report.errors == ()
    assert {p.path for p in report} == expected
    assert {p.code for p in report} <= {"CME-WIRE-010"}
    assert serialization.unstructure(obj) == doc


def test_unknown_fields_in_a_calendar_are_errors_never_dropped() -> None:
    doc = json_round_trip(serialization.unstructure(SCHOOL))
    doc["calendar"]["x_local"] = 1
    obj, report = serialization.load(doc, School)
    assert obj is None
    assert [(p.code, p.severity, p.json_path) for p in report] == [
        ("CME-WIRE-011", Severity.ERROR, "$.calendar['<unknown field 0>']")
    ]


def test_an_unknown_calendar_field_does_not_hide_the_other_problems() -> None:
    doc = json_round_trip(serialization.unstructure(SCHOOL))
    doc["calendar"]["x_local"] = 1
    doc["calendar"]["days"][3] = "2024-02-30"
    _, report = serialization.load(doc, School)
    assert {(p.code, p.json_path) for p in report} == {
        ("CME-WIRE-011", "$.calendar['<unknown field 0>']"),
        ("CME-WIRE-004", "$.calendar.days[3]"),
    }


# --- wire errors: every problem at once, with JSON paths ----------------------------------


def _register_doc(*dobs: Json) -> dict[str, Json]:
    admissions = [
        {
            "pupil_id": f"P{i}",
            "events": [
                {
                    "type": "entered",
                    "starting_day": "2024-09-02",
                    "pupil": {"pupil_id": f"P{i}", "date_of_birth": dob},
                }
            ],
        }
        for i, dob in enumerate(dobs)
    ]
    return {
        "school": {"laestab": "8012000", "name": "X", "kind": "academy"},
        "admissions": admissions,
    }


def test_two_bad_dates_in_two_pupils_give_two_problems_with_their_paths() -> None:
    obj, report = serialization.load(_register_doc("2015-02-30", "20150101"), SchoolRegister)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [
        ("CME-WIRE-004", "$.admissions[0].events[0].pupil.date_of_birth"),
        ("CME-WIRE-004", "$.admissions[1].events[0].pupil.date_of_birth"),
    ]


def test_every_problem_of_every_kind_at_once() -> None:
    doc = _register_doc("2015-01-01", "2015-01-01", "2015-01-01")
    doc["school"]["kind"] = "grammar"
    del doc["school"]["name"]
    doc["admissions"][0]["events"][0]["year_group"] = "4"
    doc["admissions"][1]["events"].append({"on": "2024-09-03"})
    doc["admissions"][2]["events"][0]["pupil"]["parents"] = [{"emergency_phones": [{"number": 7}]}]
    doc["attendance"] = [{"pupil_id": "P0", "first_day": "2024-09-31", "marks": ["/"]}]
    obj, report = serialization.load(doc, SchoolRegister, path=("body",))
    assert obj is None
    assert {(p.code, p.json_path) for p in report} == {
        ("CME-WIRE-001", "$.body.school.name"),
        ("CME-WIRE-003", "$.body.school.kind"),
        ("CME-WIRE-002", "$.body.admissions[0].events[0].year_group"),
        ("CME-WIRE-001", "$.body.admissions[1].events[1].type"),
        (
            "CME-WIRE-002",
            "$.body.admissions[2].events[0].pupil.parents[0].emergency_phones[0].number",
        ),
        ("CME-WIRE-004", "$.body.attendance[0].first_day"),
        ("CME-WIRE-002", "$.body.attendance[0].marks"),
    }
    assert all(p.severity is Severity.ERROR for p in report)


def test_structure_raises_with_the_whole_report() -> None:
    with pytest.raises(serialization.WireFormatError) as caught:
        serialization.structure(_register_doc("2015-02-30", "x"), SchoolRegister)
    assert len(caught.value.report.errors) == 2
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("pupil_id", 1, "CME-WIRE-002"),
        ("pupil_id", None, "CME-WIRE-002"),
        ("full_name", ["Ada"], "CME-WIRE-002"),
        ("date_of_birth", "20140501", "CME-WIRE-004"),
        ("date_of_birth", "2014-5-1", "CME-WIRE-004"),
        ("date_of_birth", " 2014-05-01", "CME-WIRE-004"),
        ("date_of_birth", "2014-05-01T00:00:00", "CME-WIRE-004"),
        ("date_of_birth", "2023-02-29", "CME-WIRE-004"),
        ("date_of_birth", "2014-13-01", "CME-WIRE-004"),
        ("date_of_birth", 20140501, "CME-WIRE-002"),
        ("sex", "m", "CME-WIRE-003"),
        ("sex", 1, "CME-WIRE-003"),
        ("former_upns", "B801200005001", "CME-WIRE-002"),
        ("parents", {"full_name": "A"}, "CME-WIRE-002"),
        ("address", ["1 High St"], "CME-WIRE-002"),
    ],
)
def test_strict_types_for_a_pupil(field: str, value: Json, code: str) -> None:
    obj, report = serialization.load({"pupil_id": "P1", field: value}, Pupil)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [(code, f"$.{field}")]


@pytest.mark.parametrize(
    ("value", "ok"),
    [(4, True), ("4", False), (True, False), (False, False), (4.0, False), (None, True)],
)
def test_an_integer_is_an_integer(value: Json, ok: bool) -> None:
    event = {
        "type": "entered",
        "starting_day": "2024-09-02",
        "pupil": {"pupil_id": "P1"},
        "year_group": value,
    }
    obj, report = serialization.load({"pupil_id": "P1", "events": [event]}, AdmissionEntry)
    assert (obj is not None) is ok
    if not ok:
        assert [(p.code, p.json_path) for p in report] == [
            ("CME-WIRE-002", "$.events[0].year_group")
        ]


def test_entered_is_written_with_the_regulations_names() -> None:
    event = Entered(starting_day=date(2025, 3, 31), entered_on=date(2025, 3, 28), pupil=pupil())
    data = serialization.unstructure(event)
    assert (data["starting_day"], data["entered_on"]) == ("2025-03-31", "2025-03-28")
    assert "on" not in data
    assert "recorded_on" not in data


def test_entered_reads_the_0_1_keys_on_and_recorded_on() -> None:
    old = {"type": "entered", "on": "2025-03-31", "recorded_on": "2025-03-28", "pupil": {}}
    old["pupil"] = {"pupil_id": "P1"}
    obj, report = serialization.load({"pupil_id": "P1", "events": [old]}, AdmissionEntry)
    assert obj is not None
    assert report.codes == ()
    (event,) = obj.events
    assert isinstance(event, Entered)
    assert (event.starting_day, event.entered_on) == (date(2025, 3, 31), date(2025, 3, 28))
    out = serialization.unstructure(event)
    assert (out["starting_day"], out["entered_on"]) == ("2025-03-31", "2025-03-28")
    # a new key wins; the old one beside it is an unknown field, kept with a WARNING
    both = {**old, "starting_day": "2025-04-01"}
    newer, report = serialization.load(both, Entered)
    assert newer is not None
    assert newer.starting_day == date(2025, 4, 1)
    assert dict(newer.extra) == {"on": "2025-03-31"}
    assert report.codes == ("CME-WIRE-010",)
    # a bad old key is reported at the new key's path
    bad = {**old, "on": "2025-02-30"}
    none, report = serialization.load(bad, Entered)
    assert none is None
    assert [(p.code, p.json_path) for p in report] == [("CME-WIRE-004", "$.starting_day")]


@pytest.mark.parametrize(("value", "ok"), [(True, True), (None, True), ("true", False), (1, False)])
def test_a_boolean_is_a_boolean(value: Json, ok: bool) -> None:
    obj, _ = serialization.load({"pupil_id": "P1", "parents": [{"lives_with_pupil": value}]}, Pupil)
    assert (obj is not None) is ok


def test_unknown_and_missing_event_types() -> None:
    doc = {"pupil_id": "P1", "events": [{"type": "expelled", "on": "2024-09-02"}, {"on": "x"}]}
    obj, report = serialization.load(doc, AdmissionEntry)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [
        ("CME-WIRE-003", "$.events[0].type"),
        ("CME-WIRE-001", "$.events[1].type"),
    ]


def test_inconsistent_calendar_is_a_bad_value() -> None:
    doc = json_round_trip(serialization.unstructure(SCHOOL))
    doc["calendar"]["days"] = list(reversed(doc["calendar"]["days"]))
    obj, report = serialization.load(doc, School)
    assert obj is None
    assert [(p.code, p.json_path) for p in report] == [("CME-WIRE-009", "$.calendar")]


# --- load never raises --------------------------------------------------------------------

MODEL_KEYS = st.sampled_from(
    [
        "pupil_id", "events", "type", "on", "pupil", "school", "admissions", "attendance",
        "laestab", "name", "kind", "calendar", "days", "start", "end", "terms", "first_day",
        "last_day", "marks", "full_name", "date_of_birth", "parents", "address", "lines",
        "emergency_phones", "number", "ground", "year_group", "enrolment_status", "sex", "upn",
        "future_address", "other_school", "boarder", "dual_registered_with", "extra",
    ]
)  # fmt: skip
shaped_values = st.recursive(
    json_leaves
    | st.sampled_from(
        ["2024-09-02", "2024-02-30", "academy", "entered", "deleted", "amended", "M", "C", "/\\"]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(MODEL_KEYS | st.text(max_size=4), children, max_size=5)
    ),
    max_leaves=25,
)


@pytest.mark.parametrize("name", sorted(serialization.DOCUMENTS))
def test_load_never_raises_for_any_json_value(name: str) -> None:
    cls = serialization.DOCUMENTS[name]

    @settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
    @given(json_values | shaped_values)
    def check(value: Json) -> None:
        obj, report = serialization.load(value, cls)
        if obj is None:
            assert report.errors
        else:
            assert report.errors == ()
            json.dumps(serialization.unstructure(obj))

    check()


def json_paths(data: Json, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from json_paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from json_paths(value, (*path, i))


def replaced(data: Json, path: tuple[Any, ...], value: Json) -> Json:
    if not path:
        return value
    copy = json_round_trip(data)
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return copy


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(admission_registers(max_pupils=2), st.data(), json_values)
def test_any_damage_to_a_valid_document_is_reported_and_never_raises(
    reg: SchoolRegister, data: st.DataObject, value: Json
) -> None:
    doc = json_round_trip(serialization.unstructure(reg))
    path = data.draw(st.sampled_from(list(json_paths(doc))))
    damaged = replaced(doc, path, value)
    obj, report = serialization.load(damaged, SchoolRegister)
    schema = jsonschema.Draft202012Validator(serialization.json_schema("school-register"))
    if not schema.is_valid(damaged):
        assert obj is None  # what the schema refuses, load refuses
    if obj is None:
        assert report.errors
    else:
        again = serialization.unstructure(obj)
        assert serialization.structure(json_round_trip(again), SchoolRegister) == obj


# --- no personal data in load reports -----------------------------------------------------


def test_load_reports_never_quote_the_data() -> None:
    doc = {
        "pupil_id": "P1",
        "full_name": 7,
        "date_of_birth": NAME,
        "sex": PARENT_NAME,
        "address": {"lines": LINE, "postcode": 1},
        "parents": [{"full_name": [PARENT_NAME], "lives_with_pupil": POSTCODE}],
        "upn_unknown_reason": BAD_PHONE,
    }
    obj, report = serialization.load(doc, Pupil)
    assert obj is None
    assert len(report.errors) == 8
    for problem in report:
        assert leaks(problem.message + repr(problem.to_dict())) == []
