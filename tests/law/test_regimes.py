from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest

from cme_core.errors import InvalidArgument, InvalidDate, InvalidInput
from cme_core.law import (
    REGS_2006,
    REGS_2024,
    AgeScope,
    Ground,
    LeaveGranted,
    UnknownGround,
    ground,
    regime_for,
)

SNAPSHOT = Path(__file__).with_name("grounds_snapshot.json")


@pytest.mark.parametrize(
    ("day", "regime"),
    [
        (date(2006, 9, 1), "2006"),
        (date(2024, 8, 18), "2006"),
        (date(2024, 8, 19), "2024"),
        (date(2024, 8, 20), "2024"),
    ],
)
def test_regime_for_edges(day: date, regime: str) -> None:
    assert regime_for(day).id == regime


def test_regime_for_before_2006_and_bad_types() -> None:
    with pytest.raises(InvalidDate):
        regime_for(date(2006, 8, 31))
    with pytest.raises(InvalidArgument):
        regime_for("2024-08-19")  # type: ignore[arg-type]


@pytest.mark.parametrize("ref", ["h", "H", "(h)", "8(1)(h)", "reg 8(1)(h)", " 8(1)(h) "])
def test_ground_references_2006(ref: str) -> None:
    assert REGS_2006.ground(ref).ref == "8(1)(h)"


@pytest.mark.parametrize("ref", ["i", "I", "9(1)(i)"])
def test_ground_references_2024(ref: str) -> None:
    assert REGS_2024.ground(ref).ref == "9(1)(i)"


def test_module_level_ground_picks_regime_by_reference() -> None:
    assert ground("8(1)(h)").regime == "2006"
    assert ground("9(1)(i)").regime == "2024"
    assert ground("9(3)(c)").applies_to is AgeScope.NOT_COMPULSORY_SCHOOL_AGE
    assert ground("h", on=date(2025, 1, 6)).ref == "9(1)(h)"
    assert ground("h", on=date(2020, 1, 6)).ref == "8(1)(h)"
    with pytest.raises(UnknownGround):
        ground("h")


@pytest.mark.parametrize("ref", ["9(1)(p)", "z", "8(2)(a)", "", "9(1)(i)x"])
def test_unknown_references(ref: str) -> None:
    with pytest.raises(UnknownGround):
        REGS_2024.ground(ref)


def test_ground_o_2006_added_1_sep_2011() -> None:
    assert not REGS_2006.has_ground("o", on=date(2011, 8, 31))
    assert REGS_2006.has_ground("o", on=date(2011, 9, 1))
    assert REGS_2006.ground("o").legacy_number == 15


def test_ground_f_2006_versions_by_date() -> None:
    pre = REGS_2006.ground("f", on=date(2013, 8, 31))
    mid = REGS_2006.ground("f", on=date(2013, 9, 1))
    post = REGS_2006.ground("f", on=date(2016, 9, 1))
    pre_leave, mid_leave = pre.conditions[0].params, mid.conditions[0].params
    assert isinstance(pre_leave, LeaveGranted)
    assert isinstance(mid_leave, LeaveGranted)
    assert pre_leave.holiday_over_ten_school_days is True
    assert pre_leave.granted_from is None
    assert mid_leave.holiday_over_ten_school_days is False
    assert mid_leave.granted_from == date(2013, 9, 1)
    assert "both" in mid.conditions[-1].text
    assert "jointly" in post.conditions[-1].text
    # SI 2016/792 reg 4: effect confirmed by the explanatory note, operative words not read.
    assert not post.verified
    assert any("uksi/2016/792/note/made" in n for n in post.notes)
    assert [g.in_force.start for g in REGS_2006.history("f")] == [
        date(2006, 9, 1),
        date(2013, 9, 1),
        date(2016, 9, 1),
    ]


def test_ground_k_2006_gains_sixth_form_limb_in_2013() -> None:
    assert REGS_2006.ground("k", on=date(2013, 8, 31)).conditions[1].key == (
        "stop_attending_indicated"
    )
    assert REGS_2006.ground("k", on=date(2013, 9, 1)).conditions[1].key == "stop_or_sixth_form"


def test_equivalents_are_mutual() -> None:
    for g in REGS_2024.grounds:
        for ref in g.equivalent:
            assert g.ref in ground(ref).equivalent, (g.ref, ref)
    assert ground("8(1)(g)").equivalent == ()
    assert set(ground("8(1)(a)").equivalent) == {"9(1)(d)", "9(1)(e)"}


def test_legacy_numbers_are_a_to_o() -> None:
    numbers = {g.letter: g.legacy_number for g in REGS_2006.grounds if g.paragraph == "8(1)"}
    assert numbers == {chr(ord("a") + i): i + 1 for i in range(15)}
    assert all(g.legacy_number is None for g in REGS_2024.grounds)


def test_grounds_on_filters_by_age_scope() -> None:
    on = date(2025, 1, 6)
    csa = REGS_2024.grounds_on(on, applies_to=AgeScope.COMPULSORY_SCHOOL_AGE)
    assert len(csa) == 15
    assert len(REGS_2024.grounds_on(on, applies_to=AgeScope.NOT_COMPULSORY_SCHOOL_AGE)) == 5


def test_every_condition_has_an_evaluator_and_a_citation() -> None:
    for regime in (REGS_2006, REGS_2024):
        for g in regime.all_grounds:
            assert g.citation.startswith(regime.citation)
            for c in g.conditions:
                assert c.key in regime.evaluators, (g.ref, c.key)
                assert c.citation.startswith(regime.citation)


def test_each_regime_binds_only_the_pieces_it_uses() -> None:
    for regime in (REGS_2006, REGS_2024):
        used = {c.key for g in regime.all_grounds for c in g.conditions}
        assert set(regime.evaluators) == used
    assert "detention_order_2006" not in REGS_2024.evaluators
    assert "sentence_of_detention" not in REGS_2006.evaluators


def test_evaluator_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        REGS_2024.evaluators["died"] = REGS_2024.evaluators["moved_away"]  # type: ignore[index]


def test_a_regime_refuses_a_condition_it_has_no_evaluator_for() -> None:
    with pytest.raises(InvalidInput, match="no evaluator"):
        attrs.evolve(REGS_2024, evaluators={})


def test_deprecated_evaluators_name_warns() -> None:
    import cme_core.law

    with pytest.warns(DeprecationWarning, match="Regime.evaluators"):
        pieces = cme_core.law.EVALUATORS
    assert "died" in pieces


def test_deprecated_model_module_warns() -> None:
    import importlib
    import sys

    sys.modules.pop("cme_core.law.model", None)
    with pytest.warns(DeprecationWarning, match="cme_core.law.records"):
        module = importlib.import_module("cme_core.law.model")
    assert module.Ground is Ground


def test_catalogue_snapshot_is_reviewed() -> None:
    """The law as data is snapshotted: any change shows as a diff of grounds_snapshot.json.

    To accept a reviewed change: ``CME_UPDATE_SNAPSHOTS=1 pytest tests/law``.
    """
    import os

    current = {"2006": REGS_2006.to_dict(), "2024": REGS_2024.to_dict()}
    text = json.dumps(current, indent=2, sort_keys=True) + "\n"
    if os.environ.get("CME_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.read_text(encoding="utf-8") == text


def test_2016_return_rules_checked_against_si_2016_792_reg_5_as_made() -> None:
    """12(3)-(5) were read in full on legislation.gov.uk (verified); 12(8) was cut in the text
    read, so the deletion rule 12(6)-(8) stays flagged."""
    from cme_core.law.return_rules import ReturnKind, Timing

    rules = {r.citation: r for r in REGS_2006.returns}
    new_pupil = rules["SI 2006/1751 reg 12(3)-(5) (as substituted by SI 2016/792)"]
    deletion = rules["SI 2006/1751 reg 12(6)-(8) (as substituted by SI 2016/792)"]
    assert new_pupil.verified
    assert (new_pupil.kind, new_pupil.timing, new_pupil.days) == (
        ReturnKind.NEW_PUPIL,
        Timing.DAYS_AFTER_ENTRY,
        5,
    )
    assert new_pupil.content == ("all_particulars",)
    assert not deletion.verified
    assert deletion.timing is Timing.GROUND_MET_TO_DELETION
    assert deletion.grounds is None  # every reg 8 ground (12(6))
    assert deletion.content == (
        "full_name",
        "parents_lived_with",
        "emergency_phone",
        "future_address",
        "other_school",
        "ground",
    )  # 12(7)(a)-(f)
    assert [r.citation for r in REGS_2006.returns if not r.verified] == [deletion.citation]
