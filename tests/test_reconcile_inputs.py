"""Reconciliation inputs: Arrow tables, registers, CME cases and other LAs' notifications,
and the review queue's questions (cme_core.reconcile)."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from typing import Any

import attrs
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cme_core import strategies
from cme_core.cases import CmeCase
from cme_core.errors import (
    InvalidArgument,
    InvalidInput,
    InvalidLocalAuthorityCode,
    UnknownLocalAuthority,
)
from cme_core.identifiers import upn as upn_rules
from cme_core.people import Address, Parent, PhoneNumber, Pupil
from cme_core.reconcile import (
    DELETION_SCHEMA,
    NEW_PUPIL_SCHEMA,
    REVIEW_KINDS,
    NotificationKind,
    OtherLANotification,
    ReconcileSettings,
    Reconciliation,
    ReviewItem,
    admissions_from_table,
    deletions_from_table,
    reconcile,
    returns_to_table,
)
from cme_core.registers import (
    AdmissionEntry,
    Deleted,
    EnrolmentStatus,
    Entered,
    FutureAddress,
    OtherSchool,
    SchoolRegister,
)
from cme_core.returns import DeletionReturn, NewPupilReturn, ReturnContent
from cme_core.schools import School, SchoolKind
from cme_core.serialization import load
from cme_core.submissions import CSV_BOOLEANS, CSV_INTEGERS, describe_key
from tests.test_reconcile import (
    EXACT,
    HAVE_SPLINK,
    ON,
    OTHER_UPN,
    POSTCODE,
    UPN,
    admission,
    child,
    deletion,
    needs_splink,
    personal_in,
)

THIRD_UPN = upn_rules.check_letter("801200005003") + "801200005003"
SECRET = "Marigold Featherstonehaugh"  # a distinctive name that must never be printed


def register(laestab: str, *entries: AdmissionEntry) -> SchoolRegister:
    school = School(laestab=laestab, name=f"School {laestab}", kind=SchoolKind.ACADEMY)
    return SchoolRegister(school=school, admissions=entries)


def entry(
    pupil: Pupil,
    *,
    start: dt.date = dt.date(2025, 3, 5),
    entered: dt.date | None = dt.date(2025, 3, 4),
    **kw: Any,
) -> AdmissionEntry:
    return AdmissionEntry(
        pupil_id=pupil.pupil_id,
        events=(Entered(starting_day=start, entered_on=entered, pupil=pupil, **kw),),
    )


def notification(pupil: Pupil, kind: NotificationKind, **kw: Any) -> OtherLANotification:
    fields: dict[str, Any] = {
        "notification_id": "N-7",
        "la_code": "330",
        "pupil": pupil,
        "notified_on": dt.date(2025, 4, 1),
        "kind": kind,
    }
    fields.update(kw)
    return OtherLANotification(**fields)


def _text(result: Reconciliation) -> str:
    """Everything a result prints: reprs of it and of every item, its JSON, its problems."""
    text = repr(result) + json.dumps(result.to_dict()) + str(result.summary())
    for name in (
        "matches",
        "awaited",
        "referral_candidates",
        "two_rolls",
        "review",
        "on_roll_without_return",
        "known_cases",
        "accounted_elsewhere",
        "problems",
    ):
        for item in getattr(result, name):
            text += repr(item) + str(item)
    return text


def _leaks(text: str, pupils: list[Pupil]) -> list[str]:
    return ([SECRET] if SECRET in text else []) + personal_in(text, pupils)


# --- 1. Arrow tables: the schemas -----------------------------------------------------------


@pytest.mark.parametrize("schema", [DELETION_SCHEMA, NEW_PUPIL_SCHEMA])
def test_schema_columns_are_the_csv_paths_typed(schema: pa.Schema) -> None:
    for field in schema:
        assert describe_key(field.name) == field.name  # one of cme_core's own paths
        leaf = field.name.rsplit(".", 1)[-1]
        if leaf.isdigit():
            leaf = field.name.split(".")[-2]
        if leaf in CSV_BOOLEANS:
            assert field.type == pa.bool_(), field.name
        elif leaf in CSV_INTEGERS:
            assert field.type == pa.int64(), field.name
        else:
            assert field.type in (pa.string(), pa.date32()), field.name
    assert schema.field("pupil.date_of_birth").type == pa.date32()
    assert schema.field("pupil.address.lines.0").type == pa.string()
    assert schema.field("pupil.parents.0.emergency_phones.0.number").type == pa.string()


def test_schema_required_columns() -> None:
    required = {f.name for f in DELETION_SCHEMA if not f.nullable}
    assert required == {"regime", "school_laestab", "pupil.pupil_id", "deleted_on", "ground"}
    required = {f.name for f in NEW_PUPIL_SCHEMA if not f.nullable}
    assert required == {
        "regime",
        "school_laestab",
        "pupil.pupil_id",
        "entered_on",
        "starting_day",
    }
    assert NEW_PUPIL_SCHEMA.field("year_group").type == pa.int64()
    assert NEW_PUPIL_SCHEMA.field("boarder").type == pa.bool_()


# --- 1. Arrow tables: round trip and bad rows -----------------------------------------------


def _full_deletion() -> DeletionReturn:
    parent = Parent(
        full_name="Ann Parent",
        address=Address(lines=("1 High St", "Flat 2"), town="Bristol", postcode=POSTCODE),
        lives_with_pupil=True,
        emergency_phones=(PhoneNumber(number="07700900123", label="mobile"),),
    )
    return deletion(
        child("A9", former_upns=(OTHER_UPN,), parents=(parent,)),
        year_group=5,
        ground="9(1)(h)",
        future_address=FutureAddress(
            address=Address(lines=("2 New Rd",), postcode="M1 1AA"),
            parent_names=("Ann Parent",),
            from_date=dt.date(2025, 3, 10),
        ),
        other_school=OtherSchool(laestab="8012999", name="Far School"),
        enrolment_status=EnrolmentStatus.MAIN,
        submitted_on=dt.date(2025, 3, 4),
    )


def test_round_trip_objects_table_objects() -> None:
    dels = [_full_deletion(), deletion(child("A1", upn=None, full_name=None))]
    adms = [
        admission(child("B1"), year_group=3, boarder=False, no_previous_school=True),
        admission(
            child("B2"),
            enrolment_status=EnrolmentStatus.SUBSIDIARY,
            dual_registered_with=OtherSchool(laestab="8012000"),
            last_school=OtherSchool(urn="100000"),
            submitted_on=dt.date(2025, 3, 7),
        ),
    ]
    table = returns_to_table(dels)
    assert table.schema.equals(DELETION_SCHEMA)
    assert deletions_from_table(table) == (tuple(dels), ())
    assert admissions_from_table(returns_to_table(adms)) == (tuple(adms), ())
    batch = returns_to_table(adms).to_batches()[0]
    assert admissions_from_table(batch) == (tuple(adms), ())
    empty = returns_to_table([], kind="new_pupil")
    assert empty.num_rows == 0
    assert empty.schema.equals(NEW_PUPIL_SCHEMA)


@needs_splink
def test_round_trip_of_a_synthetic_la() -> None:
    from cme_core.reconcile.synthetic import Noise, synthetic_la

    la = synthetic_la(seed=11, children=60, noise=Noise.realistic())
    assert deletions_from_table(returns_to_table(la.deletions)) == (la.deletions, ())
    assert admissions_from_table(returns_to_table(la.admissions)) == (la.admissions, ())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.returns(kind=st.sampled_from(["deletion", "new_pupil"])))
def test_any_return_a_table_can_hold_round_trips(record: Any) -> None:
    loaded: tuple[Any, Any] = load(record.payload, ReturnContent)  # type: ignore[arg-type]
    ret = loaded[0]
    assume(ret is not None)
    try:
        table = returns_to_table([ret])
    except InvalidInput:  # more list items than LIST_ITEMS, or fields kept in extra
        assume(False)
    read = deletions_from_table if isinstance(ret, DeletionReturn) else admissions_from_table
    assert read(table) == ((ret,), ())


def test_returns_a_table_cannot_hold_are_refused() -> None:
    many = deletion(child("A1", address=Address(lines=("a", "b", "c", "d", "e"))))
    with pytest.raises(InvalidInput, match=r"returns\[0\]"):
        returns_to_table([many])
    extra = attrs.evolve(deletion(child("A1")), extra={SECRET: 1})
    with pytest.raises(InvalidInput) as exc:
        returns_to_table([extra])
    assert SECRET not in str(exc.value)
    with pytest.raises(InvalidArgument, match="one kind per table"):
        returns_to_table([deletion(child("A1")), admission(child("B1"))])  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="kind="):
        returns_to_table([])


def _with_column(table: pa.Table, name: str, values: list[Any], tp: pa.DataType) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(index, pa.field(name, tp), pa.array(values, type=tp))


def _three() -> list[DeletionReturn]:
    return [
        deletion(child("A0", upn=UPN)),
        deletion(child("A1", upn=None, full_name=SECRET), ground="9(1)(i)"),
        deletion(child("A2", upn=OTHER_UPN), ground="9(1)(i)"),
    ]


def test_a_bad_row_is_one_problem_and_the_rest_are_read() -> None:
    table = returns_to_table(_three())
    sexes = table.column("pupil.sex").to_pylist()
    bad = _with_column(table, "pupil.sex", [sexes[0], "X", sexes[2]], pa.string())
    found, problems = deletions_from_table(bad)
    assert [d.pupil.pupil_id for d in found] == ["A0", "A2"]
    (problem,) = problems
    assert problem.path == (1, "pupil", "sex")
    assert problem.values["row"] == 1
    assert problem.values["column"] == "pupil.sex"
    assert problem.message.startswith("Row 1, column pupil.sex:")
    assert problem.code == "CME-WIRE-003"


def test_reconcile_skips_a_bad_row_keeps_row_numbers_and_echoes_no_value() -> None:
    dels = _three()
    table = returns_to_table(dels)
    births = [d.isoformat() for d in table.column("pupil.date_of_birth").to_pylist()]
    bad = _with_column(table, "pupil.date_of_birth", [births[0], SECRET, births[2]], pa.string())
    adms = returns_to_table([admission(child("B0")), admission(child("B2", upn=OTHER_UPN))])
    result = reconcile(bad, adms, on=ON, settings=EXACT)
    (problem,) = result.problems
    assert problem.path == ("deletions", 1, "pupil", "date_of_birth")
    assert problem.code == "CME-WIRE-004"
    assert result.summary()["problems"] == 1
    assert result.summary()["deletions"] == 2
    assert [(m.deletion.index, m.admission.index) for m in result.matches] == [(0, 0), (2, 1)]
    assert result.to_dict()["problems"][0]["json_path"] == "$.deletions[1].pupil.date_of_birth"
    assert _leaks(_text(result), [d.pupil for d in dels]) == []


def test_a_missing_required_cell_and_a_wrong_type_are_row_problems() -> None:
    table = returns_to_table(_three())
    no_ground = _with_column(table, "ground", ["9(1)(a)", None, "9(1)(i)"], pa.string())
    _, problems = deletions_from_table(no_ground)
    assert [(p.code, p.path) for p in problems] == [("CME-WIRE-001", (1, "ground"))]
    stamps = [dt.datetime(2025, 3, 3, 9), dt.datetime(2025, 3, 3), None]
    timed = _with_column(table, "deleted_on", stamps, pa.timestamp("s"))
    found, problems = deletions_from_table(timed)  # a datetime is not a date
    assert len(found) == 0
    assert {p.code for p in problems} == {"CME-WIRE-002", "CME-WIRE-001"}
    typed = _with_column(table, "pupil.upn", [1, 2, 3], pa.int64())
    assert {p.code for p in deletions_from_table(typed)[1]} == {"CME-WIRE-002"}
    kinds = _with_column(table, "kind", ["deletion", "new_pupil", None], pa.string())
    found, problems = deletions_from_table(kinds)
    assert [d.pupil.pupil_id for d in found] == ["A0", "A2"]
    assert [p.path for p in problems] == [(1, "kind")]


def test_a_missing_required_column_or_an_unknown_one_raises() -> None:
    table = returns_to_table(_three())
    with pytest.raises(InvalidInput, match=r"no column deleted_on, which DELETION_SCHEMA"):
        deletions_from_table(table.drop_columns(["deleted_on"]))
    slim = table.select(["regime", "school_laestab", "pupil.pupil_id", "deleted_on", "ground"])
    assert len(deletions_from_table(slim)[0]) == 3  # optional columns may be left out
    with_secret = slim.append_column(SECRET, pa.array(["x", "y", "z"]))
    with pytest.raises(InvalidInput, match=r"column 6 of the table") as exc:
        deletions_from_table(with_secret)
    assert SECRET not in str(exc.value)
    with pytest.raises(InvalidInput, match=r"column 4 \(deleted_on\) of the table is not"):
        admissions_from_table(slim)
    with pytest.raises(InvalidInput, match="no column entered_on"):
        admissions_from_table(slim.drop_columns(["deleted_on", "ground"]))
    with pytest.raises(InvalidArgument, match="pyarrow Table"):
        deletions_from_table([_three()])
    with pytest.raises(InvalidInput, match="no column deleted_on"):
        reconcile(table.drop_columns(["deleted_on"]), [], on=ON, settings=EXACT)


def _same(a: Reconciliation, b: Reconciliation) -> None:
    assert a.to_dict() == b.to_dict()
    assert a.summary() == b.summary()


def test_list_and_table_inputs_give_the_same_result() -> None:
    from cme_core.reconcile.synthetic import Noise, synthetic_la

    pytest.importorskip("faker")
    la = synthetic_la(seed=3, children=80, noise=Noise.realistic())
    by_list = reconcile(la.deletions, la.admissions, on=la.judged_on, settings=EXACT)
    by_table = reconcile(
        returns_to_table(la.deletions),
        returns_to_table(la.admissions),
        on=la.judged_on,
        settings=EXACT,
    )
    _same(by_list, by_table)
    assert by_list.matches


@needs_splink
def test_list_and_table_inputs_give_the_same_probabilistic_result() -> None:
    from cme_core.reconcile.synthetic import Noise, synthetic_la

    la = synthetic_la(seed=4, children=40, noise=Noise.realistic())
    by_list = reconcile(la.deletions, la.admissions, on=la.judged_on)
    tables = (returns_to_table(la.deletions), returns_to_table(la.admissions))
    by_table = reconcile(*tables, on=la.judged_on)
    _same(by_list, by_table)
    assert any(m.link.stage == "probabilistic" for m in by_table.matches)


# --- 2. other LAs' notifications ------------------------------------------------------------


def test_a_notification_is_validated_and_redacted() -> None:
    note = notification(child("X1", full_name=SECRET), NotificationKind.ON_ROLL, la_code=" 330")
    assert note.la_code == "330"
    assert SECRET not in repr(note)
    assert UPN not in repr(note)
    with pytest.raises(InvalidArgument):
        notification(child("X1"), NotificationKind.ON_ROLL, la_code=330)
    with pytest.raises(InvalidLocalAuthorityCode):
        notification(child("X1"), NotificationKind.ON_ROLL, la_code="33")
    with pytest.raises(UnknownLocalAuthority):
        notification(child("X1"), NotificationKind.ON_ROLL, la_code="944")
    with pytest.raises(InvalidLocalAuthorityCode, match="pseudo"):
        notification(child("X1"), NotificationKind.ON_ROLL, la_code="001")
    with pytest.raises(InvalidArgument, match="datetime"):
        notification(child("X1"), NotificationKind.KNOWN, notified_on=dt.datetime(2025, 4, 1))
    with pytest.raises(InvalidArgument):
        notification(child("X1"), "on_roll")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        notification("X1", NotificationKind.KNOWN)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        notification(child("X1"), NotificationKind.KNOWN, notification_id=7)


def test_an_on_roll_notification_accounts_for_the_child() -> None:
    gone = deletion(child("A1"), ground="9(1)(i)")
    note = notification(child("X1", upn=UPN.lower()), NotificationKind.ON_ROLL)
    result = reconcile([gone], [], on=ON, settings=EXACT, notifications=[note])
    (item,) = result.accounted_elsewhere
    assert (item.la_code, item.notified_on, item.notification.pupil_id) == (
        "330",
        dt.date(2025, 4, 1),
        "N-7",
    )
    assert item.notification.source == "notification"
    assert item.local_practice
    assert "local practice" in item.citation
    assert "Children missing education statutory guidance, 2016" in item.citation
    assert result.referral_candidates == ()
    assert result.awaited == ()
    before = reconcile([gone], [], on=dt.date(2025, 3, 31), settings=EXACT, notifications=[note])
    assert before.accounted_elsewhere == ()  # notified after the day judged
    assert len(before.referral_candidates) == 1


def test_a_known_notification_is_a_known_case() -> None:
    gone = deletion(child("A1"), ground="9(1)(i)")
    note = notification(child("X1"), NotificationKind.KNOWN)
    result = reconcile([gone], [], on=ON, settings=EXACT, notifications=[note])
    (item,) = result.known_cases
    assert (item.notification_id, item.case_id, item.la_code) == ("N-7", None, "330")
    assert item.instead_of == "referral_candidate"
    assert result.referral_candidates == ()
    assert result.accounted_elsewhere == ()


# --- 2. CME cases ---------------------------------------------------------------------------


def test_an_open_case_makes_a_referral_candidate_a_known_case() -> None:
    gone = deletion(child("A1"), ground="9(1)(i)")
    case = CmeCase.open("C-42", child("K1"), dt.date(2025, 3, 20), la_code="801")
    result = reconcile([gone], [], on=ON, settings=EXACT, cases=[case])
    (item,) = result.known_cases
    assert (item.case_id, item.known_by.source, item.known_by.school_laestab) == (
        "C-42",
        "case",
        "",
    )
    assert item.instead_of == "referral_candidate"
    assert item.la_code == "801"
    assert "s436A" in item.citation
    assert result.referral_candidates == ()
    assert result.summary()["known_cases"] == 1
    later = CmeCase.open("C-43", child("K1"), dt.date(2025, 6, 3))
    result = reconcile([gone], [], on=ON, settings=EXACT, cases=[later])
    assert result.known_cases == ()  # not yet open on the day judged
    (cand,) = result.referral_candidates
    assert "no open CME case matched" in cand.facts


def test_an_awaited_deletion_with_an_open_case_is_a_known_case() -> None:
    gone = deletion(child("A1"), other_school=OtherSchool(laestab="8012999"))
    case = CmeCase.open("C-42", child("K1"), dt.date(2025, 3, 20))
    result = reconcile([gone], [], on=ON, settings=EXACT, cases=[case])
    (item,) = result.known_cases
    assert item.instead_of == "awaited"
    assert result.awaited == ()
    other = CmeCase.open("C-9", child("K9", upn=OTHER_UPN), dt.date(2025, 3, 20))
    assert len(reconcile([gone], [], on=ON, settings=EXACT, cases=[other]).awaited) == 1


# --- 2. registers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "overdue"),
    [
        (dt.date(2025, 3, 8), False),  # the day before the last day (entered 4 March + 5)
        (dt.date(2025, 3, 9), False),  # the last day
        (dt.date(2025, 3, 10), True),  # the day after
    ],
)
def test_on_roll_without_a_return_says_whether_the_return_is_overdue(
    on: dt.date, overdue: bool
) -> None:
    gone = deletion(child("A1"), other_school=OtherSchool(laestab="8012001"))
    roll = register("8012001", entry(child("R1", upn=UPN.lower())))
    result = reconcile([gone], [], on=on, settings=EXACT, registers=[roll])
    (item,) = result.on_roll_without_return
    assert item.school_laestab == "8012001"
    assert (item.register.source, item.register.pupil_id, item.register.index) == (
        "register",
        "R1",
        0,
    )
    assert item.entered_on == dt.date(2025, 3, 4)
    assert item.starting_day == dt.date(2025, 3, 5)
    assert item.return_due == dt.date(2025, 3, 9)
    assert item.return_overdue is overdue
    assert "reg 13(1)" in item.citation
    assert "reg 12(3)" in item.citation
    assert result.awaited == ()
    assert result.referral_candidates == ()


def test_a_register_entry_not_yet_started_or_the_deleting_schools_own_is_not_a_roll() -> None:
    gone = deletion(child("A1"), ground="9(1)(i)")
    future = register("8012001", entry(child("R1"), start=dt.date(2025, 7, 1), entered=None))
    result = reconcile([gone], [], on=ON, settings=EXACT, registers=[future])
    assert result.on_roll_without_return == ()
    assert len(result.referral_candidates) == 1
    own = register("8012000", entry(child("R1"), start=dt.date(2024, 9, 4), entered=None))
    result = reconcile([gone], [], on=ON, settings=EXACT, registers=[own])
    assert result.on_roll_without_return == ()
    assert len(result.referral_candidates) == 1
    assert result.two_rolls == ()


def test_an_entry_with_no_entry_day_counts_the_return_from_the_starting_day() -> None:
    gone = deletion(child("A1"), ground="9(1)(i)")
    roll = register("8012001", entry(child("R1"), entered=None))
    (item,) = reconcile([gone], [], on=ON, settings=EXACT, registers=[roll]).on_roll_without_return
    assert item.entered_on is None
    assert item.return_due == dt.date(2025, 3, 10)


def test_a_matched_deletion_is_not_on_roll_without_a_return() -> None:
    gone = deletion(child("A1"))
    roll = register("8012001", entry(child("R1")))
    result = reconcile([gone], [admission(child("B1"))], on=ON, settings=EXACT, registers=[roll])
    assert len(result.matches) == 1
    assert result.on_roll_without_return == ()
    assert result.two_rolls == ()  # the return and the register entry are one enrolment


def test_registers_feed_two_rolls() -> None:
    roll = register("8012005", entry(child("R1")))
    result = reconcile([], [admission(child("B1"))], on=ON, settings=EXACT, registers=[roll])
    (pair,) = result.two_rolls
    assert (pair.first.source, pair.second.source) == ("admission", "register")
    both = [roll, register("8012006", entry(child("R2")))]
    (pair,) = reconcile([], [], on=ON, settings=EXACT, registers=both).two_rolls
    assert {pair.first.school_laestab, pair.second.school_laestab} == {"8012005", "8012006"}
    dual = register("8012006", entry(child("R2"), enrolment_status=EnrolmentStatus.SUBSIDIARY))
    assert reconcile([], [], on=ON, settings=EXACT, registers=[roll, dual]).two_rolls == ()
    gone = AdmissionEntry(
        pupil_id="R2",
        events=(
            Entered(starting_day=dt.date(2025, 3, 5), pupil=child("R2")),
            Deleted(on=dt.date(2025, 4, 1), ground="9(1)(a)"),
        ),
    )
    off = register("8012006", gone)
    assert reconcile([], [], on=ON, settings=EXACT, registers=[roll, off]).two_rolls == ()


def test_bad_evidence_arguments_are_typed_errors() -> None:
    with pytest.raises(InvalidArgument, match=r"registers\[0\] must be a SchoolRegister"):
        reconcile([], [], on=ON, settings=EXACT, registers=["x"])  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match=r"cases\[0\] must be a CmeCase"):
        reconcile([], [], on=ON, settings=EXACT, cases=[None])  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match=r"notifications\[0\]"):
        reconcile([], [], on=ON, settings=EXACT, notifications=[1])  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match="registers must be an iterable"):
        reconcile([], [], on=ON, settings=EXACT, registers=SECRET)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="deletions must be"):
        reconcile(SECRET, [], on=ON, settings=EXACT)


def test_evidence_priority_register_then_notification_then_case() -> None:
    gone = deletion(child("A1"), ground="9(1)(i)")
    roll = register("8012001", entry(child("R1")))
    note = notification(child("X1"), NotificationKind.ON_ROLL)
    case = CmeCase.open("C-42", child("K1"), dt.date(2025, 3, 20))
    result = reconcile(
        [gone], [], on=ON, settings=EXACT, registers=[roll], notifications=[note], cases=[case]
    )
    assert len(result.on_roll_without_return) == 1
    assert result.accounted_elsewhere == ()
    assert result.known_cases == ()
    assert result.referral_candidates == ()
    result = reconcile([gone], [], on=ON, settings=EXACT, notifications=[note], cases=[case])
    assert len(result.accounted_elsewhere) == 1
    assert result.known_cases == ()


# --- 3. the review queue ----------------------------------------------------------------------


def test_review_items_say_which_question_they_ask() -> None:
    assert REVIEW_KINDS == (
        "deletion-admission",
        "two-rolls",
        "deletion-register",
        "deletion-case",
        "deletion-notification",
    )
    from cme_core.reconcile import Link, RecordRef

    ref = RecordRef(source="admission", index=0, school_laestab="8012001", pupil_id="B1")
    link = Link(left=ref, right=ref, stage="probabilistic", match_weight=1.0)
    assert ReviewItem(link=link).kind == "deletion-admission"  # the default, as before
    assert ReviewItem(link=link, kind="two-rolls").to_dict()["kind"] == "two-rolls"
    with pytest.raises(InvalidArgument, match="kind must be one of"):
        ReviewItem(link=link, kind="merged")


def _weak_twin(pupil_id: str, school: str) -> NewPupilReturn:
    return admission(
        child(
            pupil_id,
            upn=None,
            date_of_birth=dt.date(2015, 4, 19),
            address=Address(lines=("2 Far Rd",), postcode="M1 1AA"),
        ),
        school=school,
    )


@needs_splink
def test_a_sub_threshold_two_rolls_pair_is_reviewed_not_listed() -> None:
    first = admission(child("B1", upn=None), school="8012001")
    second = _weak_twin("C1", "8012002")
    result = reconcile([], [first, second], on=ON)
    assert result.two_rolls == ()
    (item,) = result.review
    assert item.kind == "two-rolls"
    weight = item.link.match_weight
    assert weight is not None
    settings = ReconcileSettings()
    assert settings.review_weight_threshold <= weight < settings.match_weight_threshold
    assert {item.link.left.pupil_id, item.link.right.pupil_id} == {"B1", "C1"}
    same_school = _weak_twin("C1", "8012001")
    assert reconcile([], [first, same_school], on=ON).review == ()


@needs_splink
def test_weak_evidence_links_are_reviewed_with_their_question() -> None:
    gone = deletion(child("A1", upn=None), ground="9(1)(i)")
    weak = _weak_twin("R1", "8012001").pupil
    roll = register("8012001", entry(weak))
    case = CmeCase.open("C-1", attrs.evolve(weak, pupil_id="K1"), dt.date(2025, 3, 20))
    note = notification(attrs.evolve(weak, pupil_id="X1"), NotificationKind.KNOWN)
    result = reconcile([gone], [], on=ON, registers=[roll], cases=[case], notifications=[note])
    kinds = sorted(r.kind for r in result.review)
    assert kinds == ["deletion-case", "deletion-notification", "deletion-register"]
    assert len(result.referral_candidates) == 1  # never merged
    assert result.on_roll_without_return == ()
    assert result.known_cases == ()


# --- personal data and pickling ---------------------------------------------------------------


def every_source_result() -> Reconciliation:
    """A reconciliation with the lists of every source filled (for the pickling test)."""
    dels = [
        deletion(child("A1", full_name=SECRET), ground="9(1)(i)"),  # on a register
        deletion(child("A2", upn=OTHER_UPN, full_name="Cy Nobody"), ground="9(1)(i)"),  # case
        deletion(child("A3", upn=THIRD_UPN, full_name="Di Lost"), ground="9(1)(g)"),  # other LA
        deletion(child("A4", upn=None), ground="9(1)(i)"),  # a bad row
    ]
    roll = register("8012001", entry(child("R1", full_name=SECRET)))
    case = CmeCase.open("C-42", child("K1", upn=OTHER_UPN), dt.date(2025, 3, 20))
    note = notification(child("X1", upn=THIRD_UPN, full_name="Di Lost"), NotificationKind.ON_ROLL)
    table = returns_to_table(dels)
    sexes = table.column("pupil.sex").to_pylist()
    bad = _with_column(table, "pupil.sex", [*sexes[:3], "Q"], pa.string())
    settings = ReconcileSettings(probabilistic=HAVE_SPLINK)
    return reconcile(
        bad,
        [],
        on=ON,
        settings=settings,
        registers=[roll],
        cases=[case],
        notifications=[note],
    )


def pickling_instances() -> list[object]:
    """Instances of this file's public classes (for tests/test_pickling.py)."""
    note = notification(child("X1"), NotificationKind.KNOWN)
    return [every_source_result(), note]


def test_every_source_result_fills_every_list_pickles_and_prints_no_personal_data() -> None:
    result = every_source_result()
    summary = result.summary()
    for key in ("on_roll_without_return", "known_cases", "accounted_elsewhere", "problems"):
        assert summary[key] == 1, summary
    again = pickle.loads(pickle.dumps(result))
    assert again == result
    for obj in pickling_instances():
        assert pickle.loads(pickle.dumps(obj)) == obj
    pupils = [child("A1", full_name=SECRET), child("A2", upn=OTHER_UPN, full_name="Cy Nobody")]
    assert _leaks(_text(result), pupils) == []
    data = result.to_dict()
    assert data["summary"] == summary
    assert {"on_roll_without_return", "known_cases", "accounted_elsewhere", "problems"} <= set(data)
