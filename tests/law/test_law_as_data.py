"""The law is data: no regime id or commencement date outside the law data, and an amendment
is a dated record, not an edit to code."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

import cme_core
from cme_core.calendars import SchoolCalendar
from cme_core.law import (
    REGS_2024,
    ContinuousAbsence,
    DeletionFacts,
    Ground,
    Outcome,
    Regime,
    RunRule,
    assess_ground,
    candidate_grounds,
)
from cme_core.periods import COMMENCEMENTS, InForce, RegimeId
from cme_core.registers import AttendanceRecord

from .helpers import SCHOOL, facts, joint_enquiries, judgment

PACKAGE = Path(cme_core.__file__).parent

ALLOWED = ("periods.py", "law/regs2006/", "law/regs2024/", "attendance_codes")
"""The law data, the code sets and the periods: the only places a regime id or a
commencement date may be written."""

REGIME_IDS = frozenset(r.value for r in RegimeId)
COMMENCEMENT_DAYS = frozenset(
    day for c in COMMENCEMENTS for day in (c.on, c.on - timedelta(days=1))
)


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        # attribute docstrings: a bare string expression after an assignment
        for field in ("body", "orelse"):
            stmts = getattr(node, field, None)
            if not isinstance(stmts, list):
                continue
            for stmt in stmts:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    found.add(id(stmt.value))
    return found


def _date_literal(node: ast.Call) -> date | None:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    if name != "date" or len(node.args) != 3 or node.keywords:
        return None
    values = [
        a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, int)
    ]
    if len(values) != 3:
        return None
    try:
        return date(values[0], values[1], values[2])
    except ValueError:
        return None


OPT_OUT = "# not a commencement"
"""A line that holds a date equal to a commencement date by coincidence says so with this
comment (e.g. the day the first free schools opened)."""


def literals(path: Path) -> Iterator[str]:
    """Every regime id or commencement date written as a literal in ``path`` (not in
    docstrings, nor on a line marked :data:`OPT_OUT`), as "line: what"."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for hit in _literals(ast.parse(text)):
        if OPT_OUT not in lines[int(hit.split(":", 1)[0]) - 1]:
            yield hit


def _literals(tree: ast.AST) -> Iterator[str]:
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if node.value in REGIME_IDS:
                yield f"{node.lineno}: regime id {node.value!r}"
            else:
                try:
                    day = date.fromisoformat(node.value)
                except ValueError:
                    continue
                if day in COMMENCEMENT_DAYS:
                    yield f"{node.lineno}: commencement date {node.value!r}"
        elif isinstance(node, ast.Call):
            called = _date_literal(node)
            if called is not None and called in COMMENCEMENT_DAYS:
                yield f"{node.lineno}: commencement date {called.isoformat()}"


def test_no_regime_id_or_commencement_date_outside_the_law_data() -> None:
    offenders: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(ALLOWED):
            continue
        offenders.extend(f"{rel}:{hit}" for hit in literals(path))
    assert offenders == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        '"""Docstring with 2024 and date(2024, 8, 19) is fine."""\n'
        "from datetime import date\n"
        'A = "2024"\n'
        "B = date(2016, 9, 1)\n"
        'C = "2024-08-18"\n'
        "D = date(2024, 9, 2)\n"
        "E = date(2011, 9, 1)  # not a commencement: first free schools\n",
        encoding="utf-8",
    )
    assert list(literals(probe)) == [
        "3: regime id '2024'",
        "4: commencement date 2016-09-01",
        "5: commencement date '2024-08-18'",
    ]


# --- a fictional amendment, as data alone ------------------------------------------------------

CAL_2027 = SchoolCalendar.typical_english(2026, 2028)
SCHOOL_2027 = attrs.evolve(SCHOOL, calendar=CAL_2027)
AMENDED_FROM = date(2027, 9, 1)
"""A fictional commencement: a future instrument shortens 9(1)(i) to fifteen school days."""
FIRST_ABSENT = date(2027, 9, 6)  # a Monday


def _amended_regime() -> Regime:
    current = REGS_2024.ground("9(1)(i)")
    run = current.conditions[0]
    assert isinstance(run.params, ContinuousAbsence)
    old = attrs.evolve(current, in_force=current.in_force.until(date(2027, 8, 31)))
    new = attrs.evolve(
        current,
        in_force=InForce(start=AMENDED_FROM),
        conditions=(
            attrs.evolve(
                run,
                text="continuously absent for not less than fifteen school days ...",
                params=ContinuousAbsence(school_days=15, rule=RunRule.CSA_2024),
            ),
            *current.conditions[1:],
        ),
        notes=("Fictional amendment (test fixture).",),
    )
    grounds = (*(g for g in REGS_2024.all_grounds if g is not current), old, new)
    return attrs.evolve(REGS_2024, all_grounds=grounds)


def _absent_facts() -> DeletionFacts:
    days = (date(2027, 12, 17) - FIRST_ABSENT).days + 1
    codes = "".join(
        "NN" if CAL_2027.is_school_day(FIRST_ABSENT + timedelta(days=i)) else "--"
        for i in range(days)
    )
    record = AttendanceRecord.from_codes("P1", FIRST_ABSENT, codes)
    return attrs.evolve(
        facts(attendance=record),
        school=SCHOOL_2027,
        sickness_or_unavoidable_cause=judgment(date(2027, 9, 10), holds=False),
        enquiries=joint_enquiries(date(2027, 9, 20)),
    )


def test_a_fictional_amendment_changes_the_assessment_with_no_edit_to_code() -> None:
    amended = _amended_regime()
    f = _absent_facts()
    fifteenth = CAL_2027.add_school_days(FIRST_ABSENT, 14)
    ground = amended.ground("i", on=fifteenth)
    assert ground.in_force.start == AMENDED_FROM
    under_amendment = assess_ground(ground, f, fifteenth, regime=amended)
    assert under_amendment.outcome is Outcome.MET
    assert under_amendment.met_on == fifteenth
    day_before = CAL_2027.previous_school_day(fifteenth)
    assert assess_ground(ground, f, day_before, regime=amended).outcome is Outcome.NOT_MET
    published = assess_ground("9(1)(i)", f, fifteenth)
    assert published.outcome is Outcome.NOT_MET
    assert "15 of 20" in published.failing[0].reason
    met = candidate_grounds(f, fifteenth, regime=amended)
    assert [a.ground.ref for a in met if a.is_met] == ["9(1)(i)"]


def test_the_old_wording_still_applies_before_the_amendment() -> None:
    amended = _amended_regime()
    old = amended.ground("i", on=date(2027, 8, 31))
    assert old.in_force.end == date(2027, 8, 31)
    assert amended.history("i")[-1].in_force.start == AMENDED_FROM


def test_the_amendment_shows_in_the_snapshot_as_a_diff_of_one_ground() -> None:
    before = REGS_2024.to_dict()
    after = _amended_regime().to_dict()
    assert {k: v for k, v in before.items() if k != "grounds"} == {
        k: v for k, v in after.items() if k != "grounds"
    }
    old = [json.dumps(g, sort_keys=True) for g in before["grounds"]]
    new = [json.dumps(g, sort_keys=True) for g in after["grounds"]]
    removed = [json.loads(g) for g in old if g not in new]
    added = [json.loads(g) for g in new if g not in old]
    assert [g["ref"] for g in removed] == ["9(1)(i)"]
    assert sorted((g["ref"], g["in_force"]["start"]) for g in added) == [
        ("9(1)(i)", "2024-08-19"),
        ("9(1)(i)", "2027-09-01"),
    ]


def test_a_ground_of_another_regime_is_refused() -> None:
    other = attrs.evolve(REGS_2024.ground("9(1)(i)"), regime=RegimeId.REGS_2006)
    with pytest.raises(ValueError, match="belongs to regime"):
        attrs.evolve(REGS_2024, all_grounds=(*REGS_2024.all_grounds, other))
    assert isinstance(other, Ground)


def test_an_unknown_regime_id_is_refused_where_it_is_given() -> None:
    from cme_core.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="regime id is one of"):
        attrs.evolve(REGS_2024.ground("9(1)(k)"), regime="1996")
