"""LA-wide reconciliation of deletions and admissions (cme_core.reconcile)."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.errors import InvalidArgument
from cme_core.identifiers import upn as upn_rules
from cme_core.people import Address, Pupil, Sex
from cme_core.reconcile import (
    MODEL_VERSION,
    ReconcileSettings,
    Reconciliation,
    reconcile,
)
from cme_core.registers import EnrolmentStatus, OtherSchool
from cme_core.returns import DeletionReturn, NewPupilReturn

HAVE_SPLINK = all(importlib.util.find_spec(m) is not None for m in ("splink", "duckdb", "faker"))
needs_splink = pytest.mark.skipif(
    not HAVE_SPLINK, reason="the 'reconcile' extra (splink, duckdb, faker) is not installed"
)
EXACT = ReconcileSettings(probabilistic=False)
ON = dt.date(2025, 6, 2)
UPN = "B801200005001"
OTHER_UPN = upn_rules.check_letter("801200005002") + "801200005002"
NAME, POSTCODE, DOB = "Zebedee Quixotic-Farnsworth", "BS8 1TH", dt.date(2015, 4, 9)


def child(pupil_id: str, **kw: Any) -> Pupil:
    fields: dict[str, Any] = {
        "full_name": NAME,
        "sex": Sex.MALE,
        "date_of_birth": DOB,
        "upn": UPN,
        "address": Address(lines=("1 High St",), postcode=POSTCODE),
    }
    fields.update(kw)
    return Pupil(pupil_id=pupil_id, **fields)


def deletion(
    pupil: Pupil,
    *,
    on: dt.date = dt.date(2025, 3, 3),
    ground: str = "9(1)(a)",
    school: str = "8012000",
    **kw: Any,
) -> DeletionReturn:
    return DeletionReturn(
        regime="2024", school_laestab=school, pupil=pupil, deleted_on=on, ground=ground, **kw
    )


def admission(
    pupil: Pupil,
    *,
    school: str = "8012001",
    entered: dt.date = dt.date(2025, 3, 4),
    start: dt.date = dt.date(2025, 3, 5),
    submitted: dt.date | None = None,
    **kw: Any,
) -> NewPupilReturn:
    return NewPupilReturn(
        regime="2024",
        school_laestab=school,
        pupil=pupil,
        entered_on=entered,
        starting_day=start,
        **{"submitted_on": submitted, **kw},
    )


# --- stage 1: exact ------------------------------------------------------------------------


@pytest.mark.parametrize("written", [UPN, UPN.lower(), f" {UPN[:4]} {UPN[4:]} "])
def test_exact_stage_links_on_the_canonical_upn(written: str) -> None:
    result = reconcile(
        [deletion(child("A1", full_name=None))],
        [admission(child("B1", upn=written, full_name=None))],
        on=ON,
        settings=EXACT,
    )
    (match,) = result.matches
    assert (match.deletion.pupil_id, match.admission.pupil_id) == ("A1", "B1")
    assert match.link.stage == "upn"
    assert match.school_laestab == "8012001"
    assert match.days_between == 2


def test_exact_stage_links_a_former_upn_and_ignores_an_invalid_one() -> None:
    moved = admission(child("B1", upn=OTHER_UPN, former_upns=(UPN,)))
    result = reconcile([deletion(child("A1"))], [moved], on=ON, settings=EXACT)
    assert [m.link.stage for m in result.matches] == ["former_upn"]
    broken = UPN[:-1] + ("2" if UPN[-1] != "2" else "3")  # the check letter no longer fits
    assert not upn_rules.is_valid(broken)
    result = reconcile(
        [deletion(child("A1", upn=broken))],
        [admission(child("B1", upn=broken))],
        on=ON,
        settings=EXACT,
    )
    assert result.matches == ()


def test_a_pseudonymised_key_links_without_upns() -> None:
    keys = {"A1": "k-123", "B1": "k-123"}
    result = reconcile(
        [deletion(child("A1", upn=None))],
        [admission(child("B1", upn=None))],
        on=ON,
        settings=EXACT,
        pseudonym=lambda r: keys.get(r.pupil.pupil_id),
    )
    assert [m.link.stage for m in result.matches] == ["pseudonym"]


# --- the new-pupil return: five days after entry, at the edges ------------------------------


@pytest.mark.parametrize(
    ("submitted", "on_time"),
    [
        (dt.date(2025, 3, 8), True),  # the day before the last day
        (dt.date(2025, 3, 9), True),  # the last day: entry 4 March + 5
        (dt.date(2025, 3, 10), False),  # the day after
        (None, None),  # not known
    ],
)
def test_the_match_says_whether_the_new_pupil_return_was_on_time(
    submitted: dt.date | None, on_time: bool | None
) -> None:
    result = reconcile(
        [deletion(child("A1"))],
        [admission(child("B1"), submitted=submitted)],
        on=ON,
        settings=EXACT,
    )
    (match,) = result.matches
    assert match.return_due == dt.date(2025, 3, 9)
    assert match.return_on_time is on_time
    assert "reg 13(1)" in match.citation
    assert "reg 12(3)" in match.citation


def test_a_same_school_admission_before_the_deletion_does_not_account_for_it() -> None:
    own = admission(
        child("A1"), school="8012000", start=dt.date(2024, 9, 4), entered=dt.date(2024, 9, 4)
    )
    result = reconcile([deletion(child("A1"))], [own], on=ON, settings=EXACT)
    assert result.matches == ()
    assert len(result.awaited) == 1


# --- the lists --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "listed"),
    [
        (dt.date(2025, 3, 13), False),  # 8 school days after Mon 3 March
        (dt.date(2025, 3, 14), False),  # 9
        (dt.date(2025, 3, 17), True),  # 10 (the weekend does not count)
    ],
)
def test_a_named_destination_without_an_admission_is_awaited_after_the_wait(
    on: dt.date, listed: bool
) -> None:
    gone = deletion(child("A1"), other_school=OtherSchool(laestab="8012999"))
    result = reconcile([gone], [], on=on, settings=EXACT)
    assert bool(result.awaited) is listed
    if listed:
        (item,) = result.awaited
        assert item.destination_laestab == "8012999"
        assert item.school_days_since == 10
        assert item.local_practice
        assert "local practice" in item.citation
    assert result.referral_candidates == ()


@pytest.mark.parametrize(
    ("on", "days", "listed"),
    [
        (dt.date(2025, 4, 25), 9, False),  # Thu 10 April, over Good Friday and Easter Monday
        (dt.date(2025, 4, 28), 10, True),
        (dt.date(2025, 4, 29), 11, True),
    ],
)
def test_bank_holidays_are_not_school_days_in_the_wait(
    on: dt.date, days: int, listed: bool
) -> None:
    gone = deletion(child("A1"), other_school=OtherSchool(laestab="8012999"))
    gone = attrs.evolve(gone, deleted_on=dt.date(2025, 4, 10))
    result = reconcile([gone], [], on=on, settings=EXACT)
    assert bool(result.awaited) is listed
    if listed:
        assert result.awaited[0].school_days_since == days
        assert result.awaited[0].school_days_approximate  # no calendar: term dates unknown


def test_a_calendar_that_covers_the_days_counts_them_exactly() -> None:
    from cme_core.calendars import SchoolCalendar

    calendar = SchoolCalendar.typical_english(2024, 2024)  # the 2024/25 school year
    gone = deletion(child("A1"), other_school=OtherSchool(laestab="8012999"))
    gone = attrs.evolve(gone, deleted_on=dt.date(2025, 4, 3))
    on = dt.date(2025, 5, 9)
    with_calendar = reconcile([gone], [], on=on, settings=EXACT, calendar=calendar)
    without = reconcile([gone], [], on=on, settings=EXACT)
    (exact,) = with_calendar.awaited
    (rough,) = without.awaited
    assert not exact.school_days_approximate
    assert exact.school_days_since == calendar.school_days_between(gone.deleted_on, on)
    assert exact.school_days_since < rough.school_days_since  # the Easter holiday is out
    beyond = reconcile(
        [gone], [], on=dt.date(2025, 9, 30), settings=EXACT, calendar=calendar
    )  # past the calendar's end: counted roughly, and said so
    assert beyond.awaited[0].school_days_approximate


@given(
    start=st.dates(dt.date(2022, 1, 1), dt.date(2027, 12, 1)),
    span=st.integers(min_value=-5, max_value=400),
)
def test_school_days_without_a_calendar_are_weekdays_less_bank_holidays(
    start: dt.date, span: int
) -> None:
    from cme_core.calendars import england_bank_holidays
    from cme_core.reconcile._run import _school_days

    end = start + dt.timedelta(days=span)
    holidays = {d for y in range(start.year, end.year + 1) for d in england_bank_holidays(y)}
    days = (start + dt.timedelta(days=k) for k in range(1, span + 1))
    expected = sum(1 for d in days if d.weekday() < 5 and d not in holidays)
    assert _school_days(start, end, None) == (expected, True)


def test_the_wait_is_a_setting() -> None:
    gone = deletion(child("A1"))
    settings = ReconcileSettings(probabilistic=False, destination_wait_school_days=0)
    assert len(reconcile([gone], [], on=dt.date(2025, 3, 3), settings=settings).awaited) == 1


def test_unknown_destination_without_an_admission_is_a_referral_candidate() -> None:
    gone = deletion(child("A1"), ground="9(1)(i)")
    result = reconcile([gone], [], on=ON, settings=EXACT)
    (cand,) = result.referral_candidates
    assert cand.ground == "9(1)(i)"
    assert cand.decision is not None
    assert cand.decision.pupil_id == "A1"
    assert cand.child.deletion_ground == "9(1)(i)"
    assert "s436A" in cand.citation
    found = reconcile([gone], [admission(child("B1"))], on=ON, settings=EXACT)
    assert found.referral_candidates == ()
    assert len(found.matches) == 1


def test_another_route_is_on_no_list() -> None:
    result = reconcile([deletion(child("A1"), ground="9(1)(d)")], [], on=ON, settings=EXACT)
    assert result.summary()["awaited"] == result.summary()["referral_candidates"] == 0


def test_two_single_registrations_are_two_rolls_but_dual_registration_is_not() -> None:
    first = admission(child("B1"), school="8012001")
    second = admission(child("C1"), school="8012002", start=dt.date(2025, 4, 1))
    (pair,) = reconcile([], [first, second], on=ON, settings=EXACT).two_rolls
    assert {pair.first.pupil_id, pair.second.pupil_id} == {"B1", "C1"}
    assert "9(1)(a)" in pair.citation
    dual = admission(child("C1"), school="8012002", enrolment_status=EnrolmentStatus.MAIN)
    assert reconcile([], [first, dual], on=ON, settings=EXACT).two_rolls == ()
    closed = deletion(child("A1"), on=dt.date(2025, 4, 2))
    closed = DeletionReturn(**{**_fields(closed), "school_laestab": "8012001"})
    assert reconcile([closed], [first, second], on=ON, settings=EXACT).two_rolls == ()


def _fields(ret: DeletionReturn) -> dict[str, Any]:
    import attrs

    return attrs.asdict(ret, recurse=False)


# --- arguments ------------------------------------------------------------------------------


def test_bad_arguments_are_typed_errors_that_echo_nothing() -> None:
    with pytest.raises(InvalidArgument, match=r"datetime\.date"):
        reconcile([], [], on=dt.datetime(2025, 1, 1))
    with pytest.raises(InvalidArgument, match=r"admissions\[0\] must be a NewPupilReturn") as exc:
        reconcile([], [deletion(child("A1"))], on=ON)
    assert NAME not in str(exc.value)
    with pytest.raises(InvalidArgument):
        ReconcileSettings(match_weight_threshold=1.0, review_weight_threshold=2.0)
    with pytest.raises(InvalidArgument):
        ReconcileSettings(prior=1.5)
    with pytest.raises(InvalidArgument):
        ReconcileSettings(destination_wait_school_days=-1)
    assert ReconcileSettings().version == MODEL_VERSION


# --- stage 2: Splink ------------------------------------------------------------------------


def _personal(result: Reconciliation, pupils: list[Pupil]) -> list[str]:
    """Every name part, date of birth, UPN and postcode of ``pupils`` found in the result's
    reprs and JSON."""
    text = repr(result) + json.dumps(result.to_dict())
    for group in (result.matches, result.awaited, result.referral_candidates, result.review):
        text += "".join(repr(x) for x in group)
    return personal_in(text, pupils)


def personal_in(text: str, pupils: list[Pupil]) -> list[str]:
    """Every name part, date of birth, UPN and postcode of ``pupils`` found in ``text``."""
    leaks = []
    for p in pupils:
        words = (p.full_name or "").replace("-", " ").split()
        values = [*words, p.upn or "", p.date_of_birth.isoformat() if p.date_of_birth else ""]
        if p.address and p.address.postcode:
            values.append(p.address.postcode)
        leaks += [v for v in values if len(v) > 3 and v in text]
    return leaks


@needs_splink
def test_the_probabilistic_stage_links_without_upns_and_says_why() -> None:
    gone = deletion(child("A1", upn=None))
    came = admission(
        child(
            "B1",
            upn=None,
            full_name="Zebedee Quixotc-Farnsworth",  # a typo
            date_of_birth=dt.date(2015, 9, 4),  # day and month transposed
            address=Address(lines=("9 Low Rd",), postcode="BS8 1XX"),  # same sector
        )
    )
    result = reconcile([gone], [came], on=ON)
    (match,) = result.matches
    link = match.link
    assert link.stage == "probabilistic"
    assert link.match_weight is not None
    assert link.match_weight >= ReconcileSettings().match_weight_threshold
    levels = {c.comparison: c.level for c in link.contributions}
    assert levels["date_of_birth"] == "day and month transposed"
    assert levels["postcode"] == "same sector (the unit differs)"
    assert levels["surname"].startswith("shares a part")
    prior = math.log2(1e-4 / (1 - 1e-4))
    assert sum(c.weight for c in link.contributions) + prior == pytest.approx(
        link.match_weight, abs=0.01
    )
    assert _personal(result, [gone.pupil, came.pupil]) == []


@needs_splink
def test_a_weak_pair_goes_to_review_and_is_never_merged() -> None:
    gone = deletion(child("A1", upn=None), ground="9(1)(i)")
    came = admission(
        child(
            "B1",
            upn=None,
            date_of_birth=dt.date(2015, 4, 19),
            address=Address(lines=("2 Far Rd",), postcode="M1 1AA"),
        )
    )
    result = reconcile([gone], [came], on=ON)
    assert result.matches == ()
    (item,) = result.review
    assert item.link.match_weight is not None
    assert (
        ReconcileSettings().review_weight_threshold
        <= item.link.match_weight
        < ReconcileSettings().match_weight_threshold
    )
    assert len(result.referral_candidates) == 1  # still unaccounted for
    assert _personal(result, [gone.pupil, came.pupil]) == []


@pytest.fixture(scope="module")
def noisy_la() -> Any:
    if not HAVE_SPLINK:
        pytest.skip("the 'reconcile' extra (splink, duckdb, faker) is not installed")
    from cme_core.reconcile.synthetic import Noise, synthetic_la

    la = synthetic_la(seed=20251205, children=400, noise=Noise.realistic())
    return la, reconcile(la.deletions, la.admissions, on=la.judged_on)


@needs_splink
def test_precision_and_recall_on_a_noisy_synthetic_la(noisy_la: Any) -> None:
    la, result = noisy_la
    predicted = {(m.deletion.index, m.admission.index) for m in result.matches}
    true = predicted & la.true_links
    assert len(true) / len(predicted) >= 0.99
    assert len(true) / len(la.true_links) >= 0.97
    candidates = {c.deletion.index for c in result.referral_candidates}
    assert len(candidates & la.unaccounted) / len(la.unaccounted) >= 0.97
    assert {frozenset((t.first.index, t.second.index)) for t in result.two_rolls} <= la.two_rolls
    assert any(m.link.stage == "probabilistic" for m in result.matches)


@needs_splink
def test_the_synthetic_la_is_seeded() -> None:
    from cme_core.reconcile.synthetic import Noise, synthetic_la

    a = synthetic_la(seed=5, children=30, noise=Noise.realistic())
    b = synthetic_la(seed=5, children=30, noise=Noise.realistic())
    assert a.deletions == b.deletions
    assert a.admissions == b.admissions
    assert a.true_links == b.true_links
    assert a.registers == b.registers
    assert a.notifications == b.notifications


@needs_splink
def test_the_synthetic_la_accounts_for_children_elsewhere_by_its_other_evidence() -> None:
    from cme_core.reconcile.synthetic import Noise, synthetic_la

    la = synthetic_la(seed=11, children=400, noise=Noise.realistic())
    assert la.elsewhere
    assert la.on_roll_no_return
    result = reconcile(
        la.deletions,
        la.admissions,
        on=la.judged_on,
        registers=la.registers,
        notifications=la.notifications,
    )
    away = {a.deletion.index for a in result.accounted_elsewhere}
    no_return = {o.deletion.index for o in result.on_roll_without_return}
    assert away == la.elsewhere
    assert no_return == la.on_roll_no_return
    flagged = {c.deletion.index for c in result.referral_candidates}
    assert not flagged & la.elsewhere  # accounted for, so not referred
    without = reconcile(la.deletions, la.admissions, on=la.judged_on)
    assert la.elsewhere <= {c.deletion.index for c in without.referral_candidates}


@needs_splink
def test_no_personal_data_in_a_whole_result(noisy_la: Any) -> None:
    la, result = noisy_la
    pupils = [r.pupil for r in (*la.deletions[:60], *la.admissions[:60])]
    assert _personal(result, pupils) == []


# --- the command line -------------------------------------------------------------------------


def _cme(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cme_core", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Pupil]]:
    from cme_core.serialization import unstructure

    here = tmp_path_factory.mktemp("reconcile")
    hostile = child("=HYPERLINK(1)", upn=None, full_name="=cmd|' /C calc'!A0 Smith")
    dels = [
        deletion(child("A1")),
        deletion(child("A2", upn=OTHER_UPN, full_name="Ann Other"), ground="9(1)(g)"),
        deletion(hostile, ground="9(1)(i)"),
    ]
    adms = [admission(child("B1"), submitted=dt.date(2025, 3, 12))]
    d, a = here / "deletions.jsonl", here / "admissions.json"
    d.write_text("".join(json.dumps(unstructure(x), default=str) + "\n" for x in dels))
    a.write_text(json.dumps([unstructure(x) for x in adms], default=str))
    return d, a, [x.pupil for x in dels] + [x.pupil for x in adms]


@needs_splink
def test_cli_reconcile_json_envelope_and_exit_code(files: tuple[Path, Path, list[Pupil]]) -> None:
    d, a, pupils = files
    run = _cme("reconcile", str(d), str(a), "--on", "2025-06-02", "--format", "json")
    assert run.returncode == 1, run.stderr
    out = json.loads(run.stdout)
    assert {"tool", "version", "schema_version", "judged_on"} <= out.keys()
    assert out["judged_on"] == "2025-06-02"
    assert out["summary"]["matched"] == 1
    assert out["summary"]["referral_candidates"] == 2
    assert out["summary"]["exit_code"] == 1
    assert out["matches"][0]["return_on_time"] is False  # entered 4 March, made 12 March
    for p in pupils:
        assert (p.full_name or "") not in run.stdout
        assert DOB.isoformat() not in run.stdout


@needs_splink
def test_cli_reconcile_csv_report_is_neutralised(
    files: tuple[Path, Path, list[Pupil]], tmp_path: Path
) -> None:
    d, a, _ = files
    report = tmp_path / "out.csv"
    run = _cme("reconcile", str(d), str(a), "--on", "2025-06-02", "--report-csv", str(report))
    assert run.returncode == 1, run.stderr
    rows = list(csv.reader(report.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "list"
    assert {r[0] for r in rows[1:]} == {"matched", "referral_candidate"}
    ids = [r[2] for r in rows[1:]]
    assert "'=HYPERLINK(1)" in ids  # the caller's id, neutralised
    assert not any(cell.startswith("=") for r in rows for cell in r)
    assert "Smith" not in report.read_text(encoding="utf-8-sig")


def test_cli_reconcile_all_accounted_for_exits_0(tmp_path: Path) -> None:
    from cme_core.serialization import unstructure

    d, a = tmp_path / "d.json", tmp_path / "a.json"
    d.write_text(json.dumps([unstructure(deletion(child("A1")))], default=str))
    a.write_text(json.dumps([unstructure(admission(child("B1")))], default=str))
    run = _cme("reconcile", str(d), str(a), "--on", "2025-06-02", "--exact-only")
    assert run.returncode == 0, run.stderr
    assert "matched to an admission: 1" in run.stdout


def test_cli_reconcile_unusable_input_exits_2(tmp_path: Path) -> None:
    run = _cme(
        "reconcile", str(tmp_path / "none.jsonl"), str(tmp_path / "x.jsonl"), "--on", "2025-06-02"
    )
    assert run.returncode == 2
    assert run.stderr.startswith("cme: cannot read")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps([{"kind": "deletion"}]))
    run = _cme("reconcile", str(wrong), str(wrong), "--on", "2025-06-02")
    assert run.returncode == 2
    assert "no row is a deletion return" in run.stderr


def test_importing_cme_core_imports_no_linkage_engine() -> None:
    code = (
        "import sys, cme_core, cme_core.reconcile; "
        "print(sorted(m for m in ('splink', 'duckdb', 'faker') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


@needs_splink
def test_conflicting_valid_upns_are_reviewed_not_linked() -> None:
    gone = deletion(child("A1"), ground="9(1)(i)")
    namesake = admission(child("B1", upn=OTHER_UPN))  # everything alike but the UPN
    result = reconcile([gone], [namesake], on=ON)
    assert result.matches == ()
    (item,) = result.review
    assert item.link.match_weight is not None
    assert item.link.match_weight >= ReconcileSettings().match_weight_threshold
    assert reconcile([], [admission(child("C1")), namesake], on=ON).two_rolls == ()


def every_list_result() -> Reconciliation:
    """A reconciliation with every list filled and both kinds of link (for the pickling test
    of every public record: tests/test_pickling.py builds its instances from here)."""
    no_upn = {"upn": None}
    dels = [
        deletion(child("A1")),  # exact
        deletion(child("A2", **no_upn, full_name="Ann Smith-Jones")),  # probabilistic
        deletion(
            child("A3", upn=OTHER_UPN, full_name="Cy Nobody"),
            other_school=OtherSchool(laestab="8012999"),
        ),  # awaited
        deletion(child("A4", **no_upn, full_name="Di Lost"), ground="9(1)(i)"),  # referral
    ]
    adms = [
        admission(child("B1")),
        admission(child("B2", **no_upn, full_name="Ann Jones")),
        admission(
            child(
                "B4",
                **no_upn,
                full_name="Di Lost",
                date_of_birth=dt.date(2015, 4, 19),
                address=Address(lines=("2 Far Rd",), postcode="M1 1AA"),
            )
        ),
        admission(child("C1", upn=None, full_name="Ed Twice"), school="8012005"),
        admission(child("C2", upn=None, full_name="Ed Twice"), school="8012006"),
    ]
    settings = ReconcileSettings(probabilistic=HAVE_SPLINK)
    return reconcile(dels, adms, on=ON, settings=settings)


@needs_splink
def test_every_list_result_fills_every_list_and_pickles() -> None:
    import pickle

    result = every_list_result()
    assert all(
        result.summary()[k]
        for k in ("matched", "awaited", "referral_candidates", "two_rolls", "review")
    ), result.summary()
    assert {m.link.stage for m in result.matches} == {"upn", "probabilistic"}
    again = pickle.loads(pickle.dumps(result))
    assert again == result


def test_cli_reconcile_reads_registers_and_lists_a_missing_return(
    files: tuple[Path, Path, list[Pupil]], tmp_path: Path
) -> None:
    from cme_core.serialization import unstructure
    from tests.test_reconcile_inputs import entry, register

    d, a, _ = files
    # A2 (deleted, destination unknown) is on another school's roll, but no return came
    on_roll = register("8012009", entry(child("R7", upn=OTHER_UPN, full_name="Ann Other")))
    reg = tmp_path / "register.json"
    reg.write_text(json.dumps(unstructure(on_roll), default=str))
    report = tmp_path / "out.csv"
    args = ("reconcile", str(d), str(a), "--on", "2025-06-02", "--exact-only")
    run = _cme(*args, "--register", str(reg), "--report-csv", str(report))
    assert run.returncode == 1, run.stderr
    rows = list(csv.reader(report.read_text(encoding="utf-8-sig").splitlines()))
    (line,) = [r for r in rows if r[0] == "on_roll_without_return"]
    assert line[1:3] == ["8012000", "A2"]
    assert line[4:7] == ["8012009", "R7", "register 1"]
    assert "overdue True" in line[9]
    assert sum(r[0] == "referral_candidate" for r in rows) == 1  # A2 is no longer one
    text = _cme(*args, "--register", str(reg))
    assert "on another school's register, no new-pupil return: 1" in text.stdout
    assert "Ann Other" not in text.stdout + report.read_text(encoding="utf-8-sig")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"school": "nope"}))
    run = _cme(*args, "--register", str(bad))
    assert run.returncode == 2
    assert "is not a usable school register" in run.stderr


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Zoë Brontë", "Zoe Bronte"),
        ("SIÂN O'NEILL", "sian oneill"),
        ("Ana-María  Núñez-López", "ana-maria nunez-lopez"),
        ("ŁUKASZ Żak", "lukasz zak"),  # Ł does not decompose: mapped to L
        ("Søren Weiß", "soren weiss"),
    ],
)
def test_names_are_compared_folded_accents_case_and_apostrophes_aside(
    written: str, plain: str
) -> None:
    from cme_core.reconcile._records import record_of

    a = record_of(deletion(child("A1", full_name=written)), source="deletion", index=0)
    b = record_of(deletion(child("A2", full_name=plain)), source="deletion", index=1)
    assert (a.first_name, a.given, a.surname, a.surname_parts) == (
        b.first_name,
        b.given,
        b.surname,
        b.surname_parts,
    )
    assert a.first_name is not None
    assert a.first_name.isascii()


def test_cli_reconcile_says_when_school_days_are_counted_without_term_dates(
    tmp_path: Path,
) -> None:
    from cme_core.serialization import unstructure

    gone = deletion(child("A1"), other_school=OtherSchool(laestab="8012999"))
    d, a = tmp_path / "d.json", tmp_path / "a.json"
    d.write_text(json.dumps([unstructure(gone)], default=str))
    a.write_text(json.dumps([unstructure(admission(child("B9", upn=OTHER_UPN)))], default=str))
    report = tmp_path / "out.csv"
    args = ("reconcile", str(d), str(a), "--on", "2025-06-02", "--exact-only")
    run = _cme(*args, "--report-csv", str(report))
    assert run.returncode == 1, run.stderr
    rows = list(csv.reader(report.read_text(encoding="utf-8-sig").splitlines()))
    (line,) = [r for r in rows if r[0] == "awaited"]
    assert "term dates unknown" in line[9]


def test_the_exact_stage_alone_reads_no_name_or_postcode() -> None:
    from cme_core.reconcile._records import record_of

    gone = deletion(child("A1"))
    full = record_of(gone, source="deletion", index=0)
    bare = record_of(gone, source="deletion", index=0, features=False)
    assert full.surname is not None
    assert full.postcode is not None
    assert (bare.first_name, bare.given, bare.surname, bare.surname_parts) == (None, (), None, ())
    assert (bare.postcode, bare.postcode_sector, bare.postcode_district) == (None, None, None)
    assert bare.upn == full.upn
