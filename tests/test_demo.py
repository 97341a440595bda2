"""``cme demo`` in-process: the four sections, the bundled data, and no personal data out."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core import demo as demo_module
from cme_core.calendars import SchoolCalendar, Term
from cme_core.demo import (
    DemoDataError,
    DemoLA,
    demo_report,
    expand_pattern,
    load_demo,
    render_text,
    run,
)
from cme_core.errors import CmeError, InvalidInput
from cme_core.law.assess import assess_ground
from cme_core.law.deletion import check_deletion
from cme_core.law.records import ConditionStatus, Outcome
from cme_core.registers import NO_MARK, SchoolRegister, encode_marks
from cme_core.serialization import load

ON = date(2024, 12, 13)
ONE = timedelta(days=1)


def raw() -> dict[str, Any]:
    """A fresh copy of the bundled data file."""
    data = copy.deepcopy(demo_module._bundled())
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def demo() -> DemoLA:
    return load_demo()


@pytest.fixture(scope="module")
def report(demo: DemoLA) -> dict[str, Any]:
    return demo_report(demo)


@pytest.fixture(scope="module")
def text() -> str:
    out = io.StringIO()
    assert run(fmt="text", out=out) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def json_text() -> str:
    out = io.StringIO()
    assert run(fmt="json", out=out) == 0
    return out.getvalue()


def facts_for(demo: DemoLA, pupil_id: str) -> Any:
    for school in demo.schools:
        if pupil_id in school.facts:
            return school.facts[pupil_id]
    raise AssertionError(pupil_id)


def ground_row(report: dict[str, Any], pupil_id: str, ground: str) -> dict[str, Any]:
    rows: list[dict[str, Any]] = [
        g for g in report["grounds"] if g["pupil_id"] == pupil_id and g["ground"] == ground
    ]
    assert len(rows) == 1, rows
    return rows[0]


def returns_of(report: dict[str, Any], pupil_id: str, kind: str) -> list[dict[str, Any]]:
    return [r for r in report["returns"] if r["pupil_id"] == pupil_id and r["kind"] == kind]


# --- running ------------------------------------------------------------------------------------


def test_text_has_the_four_sections(text: str) -> None:
    for heading in ("1. Returns", "2. Deletion grounds", "3. CME referrals", "4. Validation"):
        assert heading in text
    assert text.startswith("cme_core demo: Exampleshire")


def test_json_parses_and_matches_the_report(json_text: str, report: dict[str, Any]) -> None:
    data = json.loads(json_text)
    assert data == json.loads(json.dumps(report))
    for section in ("returns", "grounds", "referrals", "submission"):
        assert data[section], section
    assert data["judged_on"] == "2024-12-13"


def test_output_is_deterministic(text: str, json_text: str) -> None:
    again, again_json = io.StringIO(), io.StringIO()
    run(fmt="text", out=again)
    run(fmt="json", out=again_json)
    assert again.getvalue() == text
    assert again_json.getvalue() == json_text


def test_text_is_rendered_from_the_report(report: dict[str, Any], text: str) -> None:
    assert render_text(report) == text


@pytest.mark.parametrize("fmt", ["", "TEXT", "csv", "json ", None, 1])
def test_unknown_format_is_refused(fmt: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        run(fmt=fmt, out=io.StringIO())
    if isinstance(fmt, str) and fmt:
        assert repr(fmt) not in str(caught.value)  # the caller's value is not echoed


# --- section 1: returns -------------------------------------------------------------------------


def test_mid_year_joiners_new_pupil_returns(report: dict[str, Any]) -> None:
    (due,) = returns_of(report, "PA-03", "new_pupil")
    assert (due["due"]["last_day"], due["status"]) == ("2024-12-14", "due")
    (late,) = returns_of(report, "SM-05", "new_pupil")
    assert (late["due"]["last_day"], late["status"], late["submitted_on"]) == (
        "2024-11-30",
        "overdue",
        None,
    )


def test_returns_made_are_matched(report: dict[str, Any]) -> None:
    (deletion,) = returns_of(report, "PA-07", "deletion")
    assert (deletion["status"], deletion["details"]["ground"]) == ("made_on_time", "9(1)(i)")
    old = [r for r in report["returns"] if r["regime"] == "2006"]
    assert old
    assert {r["status"] for r in old} == {"made_on_time"}


def test_year_7_starter_on_the_first_day_is_exempt(report: dict[str, Any]) -> None:
    assert returns_of(report, "SM-01", "new_pupil") == []


def test_attendance_returns_follow_the_agreed_days(report: dict[str, Any]) -> None:
    first = returns_of(report, "PA-07", "attendance")[0]
    assert (first["due"]["last_day"], first["status"]) == ("2024-10-25", "made_on_time")
    assert "continuous_absence" in first["details"]["reasons"]
    (absentee,) = returns_of(report, "PA-04", "attendance")
    assert (absentee["due"]["last_day"], absentee["status"]) == ("2024-12-20", "not_yet_due")


# --- section 2: grounds -------------------------------------------------------------------------


def test_twenty_day_absentee_ground_met(report: dict[str, Any], demo: DemoLA) -> None:
    row = ground_row(report, "PA-04", "9(1)(i)")
    assert (row["outcome"], row["met_on"], row["missing"]) == ("met", "2024-12-09", [])
    facts = facts_for(demo, "PA-04")
    count = next(
        c for c in assess_ground("9(1)(i)", facts, ON).conditions if c.key == "continuous_absence"
    )
    assert count.met_on == date(2024, 12, 6)  # the twentieth school day of absence


def test_twenty_day_count_at_its_edges(demo: DemoLA) -> None:
    facts = facts_for(demo, "PA-04")

    def count_on(day: date) -> ConditionStatus:
        result = assess_ground("9(1)(i)", facts, day)
        return next(c for c in result.conditions if c.key == "continuous_absence").status

    assert count_on(date(2024, 12, 5)) is ConditionStatus.FAILS  # 19 school days
    assert count_on(date(2024, 12, 6)) is ConditionStatus.HOLDS
    assert count_on(date(2024, 12, 7)) is ConditionStatus.HOLDS  # a Saturday
    assert assess_ground("9(1)(i)", facts, date(2024, 12, 8)).outcome is not Outcome.MET
    assert assess_ground("9(1)(i)", facts, date(2024, 12, 9)).is_met  # the LA's part done


def test_seventeen_day_absentee_nearly_met(report: dict[str, Any]) -> None:
    row = ground_row(report, "SM-02", "9(1)(i)")
    assert row["nearly_met"]
    assert row["outcome"] == "not_met"
    missing = {c["key"]: c for c in row["missing"]}
    assert set(missing) == {"continuous_absence", "enquiries_failed"}
    assert missing["continuous_absence"]["reason"].startswith("17 of 20 school days")
    assert missing["enquiries_failed"]["status"] == "unknown"


def test_unreturned_holiday(report: dict[str, Any], demo: DemoLA) -> None:
    row = ground_row(report, "PA-06", "9(1)(h)")
    assert (row["outcome"], row["met_on"]) == ("met", "2024-12-10")
    facts = facts_for(demo, "PA-06")
    ten = next(
        c
        for c in assess_ground("9(1)(h)", facts, ON).conditions
        if c.key == "no_attendance_after_leave"
    )
    assert ten.met_on == date(2024, 12, 6)  # the tenth school day after leave ending 22 Nov
    on_ninth = assess_ground("9(1)(h)", facts, date(2024, 12, 5))
    assert "no_attendance_after_leave" in [c.key for c in on_ninth.failing]
    also = ground_row(report, "PA-06", "9(1)(i)")
    assert also["nearly_met"]
    assert also["missing"][0]["reason"].startswith("15 of 20")


def test_home_education_notice(report: dict[str, Any], demo: DemoLA) -> None:
    row = ground_row(report, "PA-05", "9(1)(f)")
    assert (row["outcome"], row["met_on"]) == ("met", "2024-12-07")  # the day after the named day
    facts = facts_for(demo, "PA-05")
    assert not assess_ground("9(1)(f)", facts, date(2024, 12, 6)).is_met
    assert assess_ground("9(1)(f)", facts, date(2024, 12, 7)).is_met


def test_dual_registration(report: dict[str, Any]) -> None:
    row = ground_row(report, "SM-03", "9(1)(c)")
    assert (row["outcome"], row["met_on"]) == ("met", "2024-12-10")  # the consent's day


def test_exclusion_under_review(report: dict[str, Any], demo: DemoLA) -> None:
    row = ground_row(report, "SM-04", "9(1)(o)")
    assert row["outcome"] == "not_met"
    (missing,) = row["missing"]
    assert missing["key"] == "exclusion_took_effect"
    assert "2025-01-16" in missing["reason"]
    facts = facts_for(demo, "SM-04")
    # a review may still be asked for on 16 Jan (the 15th school day): met from the 17th
    assert not assess_ground("9(1)(o)", facts, date(2025, 1, 16)).is_met
    closed = assess_ground("9(1)(o)", facts, date(2025, 1, 17))
    assert (closed.is_met, closed.met_on) == (True, date(2025, 1, 17))


def test_deleted_pupil_ground_was_met_before_deletion(demo: DemoLA) -> None:
    facts = facts_for(demo, "PA-07")
    deleted = facts.entry.deletions[0]
    result = assess_ground(deleted.ground, facts, deleted.on - ONE)  # the last day on roll
    assert result.is_met
    assert result.met_on is not None
    assert result.met_on < deleted.on
    assert check_deletion(deleted, facts).lawful  # judged on the marks to the day before


def test_ordinary_pupils_have_no_ground(report: dict[str, Any]) -> None:
    listed = {g["pupil_id"] for g in report["grounds"]}
    listed |= {g["pupil_id"] for g in report["other_candidate_grounds"]}
    assert not listed & {"PA-01", "PA-02", "PA-03", "SM-01", "SM-05"}
    assert "PA-07" not in listed  # deleted: section 2 is about pupils on roll


# --- section 3: referrals -----------------------------------------------------------------------


def test_referrals(report: dict[str, Any]) -> None:
    by_id = {r["pupil_id"]: r for r in report["referrals"]}
    assert by_id["PA-07"]["outcome"] == "eligible"
    assert by_id["PA-07"]["unmet"] == []
    assert by_id["PA-07"]["unexplained_absence_school_days"] == 21
    assert by_id["PA-04"]["outcome"] == "not_yet"
    assert by_id["PA-04"]["unmet"] == ["policy.enquiry.home_visit"]
    assert by_id["PA-05"]["outcome"] == "not_cme"
    assert set(by_id["PA-05"]["deciding_steps"]) == {
        "policy.deletion_ground",
        "policy.not_contactable",
    }


def test_referral_facts_come_from_the_register(demo: DemoLA) -> None:
    (eligible,) = [r for r in demo.referrals if r.child.pupil_id == "PA-07"]
    assert eligible.child.pupil.full_name  # the particulars were taken from the register
    assert eligible.child.last_attended_on == date(2024, 9, 27)


# --- section 4: the broken submission -----------------------------------------------------------


def test_broken_submission_report(report: dict[str, Any]) -> None:
    sub = report["submission"]
    assert sub["is_valid"] is False
    codes = [p["code"] for p in sub["problems"]]
    assert set(codes) == {
        "CME-WIRE-010",
        "CME-RET-003",
        "1510",
        "CME-RET-001",
        "CME-RET-013Q",
        "CME-RET-014",
        "1601Q",
        "CME-RET-010Q",
    }
    paths = {p["json_path"] for p in sub["problems"]}
    assert {"$.pupil.upn", "$.regime", "$.deleted_on", "$.la_enquiries_on"} <= paths
    for p in sub["problems"]:
        assert set(p) >= {"code", "severity", "json_path", "message", "citation"}


def test_text_shows_every_problem(report: dict[str, Any], text: str) -> None:
    section = text.split("4. Validation", 1)[1]
    for p in report["submission"]["problems"]:
        assert f"{p['code']} " in section
        assert p["json_path"] in section


# --- the bundled data ---------------------------------------------------------------------------


def test_bundled_registers_load_and_validate_without_errors(demo: DemoLA) -> None:
    for i, school_doc in enumerate(raw()["schools"]):
        register, wire = load(school_doc["register"], SchoolRegister)
        assert register is not None
        assert not wire.problems
        built = demo.schools[i].register
        assert built.check(on=ON).errors == ()
        assert built.attendance  # built from the patterns
    codes = [set(s.register.check(on=ON).codes) for s in demo.schools]
    assert codes == [{"CME-PER-005Q"}, set()]  # only the temporary UPN is queried


def test_calendars_differ_by_school(report: dict[str, Any]) -> None:
    days = [s["school_days_to_judging_day"] for s in report["schools"]]
    assert days == [67, 68]


def _personal(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _personal(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _personal(v, key)
    elif isinstance(value, str) and key in {
        "full_name",
        "name_used_at_school",
        "lines",
        "postcode",
        "number",
        "date_of_birth",
    }:
        yield value
        if key == "full_name":
            yield from (part for part in value.split() if len(part) > 3)


def test_no_personal_data_in_the_output(text: str, json_text: str) -> None:
    sentinels = set(_personal(raw()))
    assert len(sentinels) > 40  # the scan does find the names, addresses and phone numbers
    for value in sentinels:
        assert value not in text, "personal data in the text output"
        assert value not in json_text, "personal data in the JSON output"


# --- loading fails loudly -----------------------------------------------------------------------


def codes_of(data: dict[str, Any]) -> set[str]:
    with pytest.raises(DemoDataError) as info:
        load_demo(data)
    message = str(info.value)
    for value in _personal(data):
        assert value not in message
    return set(info.value.report.codes)


def test_typo_in_case_facts_fails() -> None:
    data = raw()
    case = data["schools"][0]["cases"][0]
    case["facts"]["enquirys"] = case["facts"].pop("enquiries")
    assert codes_of(data) == {"CME-WIRE-010"}


def test_unknown_top_level_field_fails() -> None:
    data = raw()
    data["judged_onn"] = data["judged_on"]
    assert "CME-WIRE-011" in codes_of(data)


def test_pattern_that_does_not_fit_fails() -> None:
    data = raw()
    data["schools"][1]["attendance"][1]["pattern"] = ["99 OO"]
    with pytest.raises(DemoDataError) as info:
        load_demo(data)
    (problem,) = info.value.report.problems
    assert (problem.code, problem.json_path) == (
        "CME-DEMO-001",
        "$.schools[1].attendance[1].pattern",
    )


def test_register_error_fails() -> None:
    data = raw()
    pupil = data["schools"][0]["register"]["admissions"][0]["events"][0]["pupil"]
    pupil["upn"] = "A" + pupil["upn"][1:]  # a wrong check letter
    assert "1510" in codes_of(data)


def test_unmatched_return_fails() -> None:
    data = raw()
    data["schools"][1]["returns_made"].append(
        {
            "kind": "new_pupil",
            "pupil_id": "SM-05",
            "event_on": "2024-11-26",
            "submitted_on": "2024-11-26",
        }
    )
    assert codes_of(data) == {"CME-DEMO-004"}


def test_unknown_pupils_and_register_facts_fail() -> None:
    data = raw()
    data["referrals"][0]["pupil_id"] = "XX-99"
    data["schools"][0]["cases"][1]["facts"]["date_of_birth"] = "2016-01-01"
    data["schools"][1]["cases"][2]["also_assess"] = ["9(1)(z)"]
    data["broken_submission"]["school_laestab"] = "8019999"
    assert codes_of(data) == {"CME-DEMO-002", "CME-DEMO-003", "CME-DEMO-006", "CME-DEMO-007"}


def test_derived_parts_must_not_be_given() -> None:
    data = raw()
    register = data["schools"][0]["register"]
    register["attendance"] = [{"pupil_id": "PA-01", "first_day": "2024-09-04", "marks": "/\\"}]
    register["school"]["calendar"] = {
        "start": "2024-09-04",
        "end": "2024-09-04",
        "days": ["2024-09-04"],
    }
    with pytest.raises(DemoDataError) as info:
        load_demo(data)
    paths = {p.json_path for p in info.value.report if p.code == "CME-DEMO-003"}
    assert paths == {"$.schools[0].register.attendance", "$.schools[0].register.school.calendar"}


def test_bundled_file_that_is_not_json_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_module, "DATA_FILE", "__init__.py")
    with pytest.raises(DemoDataError) as info:
        load_demo()
    assert info.value.report.codes == ("CME-DEMO-008",)


def test_bad_calendar_fails() -> None:
    data = raw()
    data["schools"][0]["calendar"]["inset_days"].append("2024-08-01")
    assert "CME-CAL-003" in codes_of(data)


# --- patterns -----------------------------------------------------------------------------------

CAL = SchoolCalendar.from_terms(
    [Term(name="Autumn", first_day=date(2024, 9, 2), last_day=date(2024, 12, 20))],
    inset_days=[date(2024, 9, 2)],
)
FIRST, LAST = date(2024, 9, 2), date(2024, 12, 20)


def test_pattern_edges() -> None:
    monday, friday = date(2024, 9, 9), date(2024, 9, 13)
    assert expand_pattern(["5 /\\"], CAL, monday, friday) == "/\\" * 5
    assert expand_pattern(["* NN"], CAL, date(2024, 9, 14), date(2024, 9, 15)) == "----"
    assert expand_pattern(["2 C1C1", "* OO"], CAL, monday, date(2024, 9, 11)) == "C1C1C1C1OO"
    for bad in (["4 /\\"], ["6 /\\"], ["* /\\", "* NN"], ["0 NN", "* OO"], ["5 N"], ["5 NNN"]):
        with pytest.raises(InvalidInput):
            expand_pattern(bad, CAL, monday, friday)
    for junk in (["5 xx"], ["five NN"], ["5"], ["5 N N"], ["５ NN"], "5 NN", [5]):
        with pytest.raises(InvalidInput):
            expand_pattern(junk, CAL, monday, friday)  # type: ignore[arg-type]


CODES = st.sampled_from(["/\\", "NN", "OO", "GG", "II", "C1C1", "L\\", "/N"])


@given(
    st.lists(st.tuples(st.integers(1, 20), CODES), max_size=6),
    CODES,
    st.integers(0, 100),
    st.integers(0, 30),
)
def test_pattern_property(
    segments: list[tuple[int, str]], star: str, start: int, length: int
) -> None:
    first = FIRST + timedelta(days=start)
    last = min(first + timedelta(days=length), LAST)
    school_days = CAL.school_days(first, last)
    pattern = [f"{n} {codes}" for n, codes in segments]
    given_days = sum(n for n, _ in segments)
    if given_days > len(school_days):
        with pytest.raises(InvalidInput):
            expand_pattern([*pattern, f"* {star}"], CAL, first, last)
        return
    result = expand_pattern([*pattern, f"* {star}"], CAL, first, last)
    compact, unknown = encode_marks(result)
    assert unknown == ()
    assert len(compact) == 2 * ((last - first).days + 1)
    for i in range((last - first).days + 1):
        day = first + timedelta(days=i)
        pair = compact[2 * i : 2 * i + 2]
        assert (pair != NO_MARK * 2) == (day in school_days)
    expected = "".join(codes * n for n, codes in segments)
    expected += star * (len(school_days) - given_days)
    assert result.replace("--", "") == expected


@given(st.lists(st.text(max_size=12), max_size=4))
def test_pattern_fuzz_raises_only_typed_errors(pattern: list[str]) -> None:
    try:
        result = expand_pattern(pattern, CAL, date(2024, 9, 9), date(2024, 9, 13))
    except CmeError:
        return
    assert len(encode_marks(result)[0]) == 10  # five school days, two marks each
