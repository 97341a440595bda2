"""People and places: every problem at its edges, paths, redaction, and fuzzing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_core.people import (
    PROBLEM_TYPES,
    REDACTED,
    Address,
    Parent,
    PhoneNumber,
    Pupil,
    Sex,
    UpnUnknownReason,
)
from cme_core.problems import Problem

from . import (
    KNOWN_AS,
    LINE,
    NAME,
    PARENT_NAME,
    TOWN,
    UPN_A,
    address,
    codes,
    leaks,
    parent,
    pupil,
    sentinel_pupil,
)

DAY = timedelta(days=1)


def paths(problems: tuple[Problem, ...]) -> list[tuple[str, str]]:
    return [(p.code, p.json_path) for p in problems]


# --- phone numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "+44 7700 900123",
        "(020) 7946 0123",
        "0113-496-0123",
        "0113.496.0123",
        "1234567",  # 7 digits: the shortest accepted
        "123456789012345",  # 15 digits: the longest accepted
        "+123456789012345",
    ],
)
def test_phone_numbers_accepted(number: str) -> None:
    assert PhoneNumber(number=number).problems() == ()


@pytest.mark.parametrize(
    "number",
    [
        "",
        "   ",
        "123456",  # 6 digits
        "1234567890123456",  # 16 digits
        "07700 9OO123",  # letter O for zero
        "０７７００９００１２３",  # full-width digits
        "٠٧٧٠٠٩٠٠١٢٣",  # Arabic-Indic digits
        "07700 900123 ext 4",
        "44+7700900123",
        "++447700900123",
    ],
)
def test_phone_numbers_refused(number: str) -> None:
    assert paths(PhoneNumber(number=number).problems(path=("p",))) == [
        ("CME-PER-006", "$.p.number")
    ]


# --- addresses ----------------------------------------------------------------------------


def test_uk_address_needs_a_valid_postcode() -> None:
    assert address().problems() == ()
    assert paths(address(postcode=None).problems()) == [("CME-PER-007Q", "$.postcode")]
    assert paths(address(postcode="  ").problems()) == [("CME-PER-007Q", "$.postcode")]
    assert paths(address(postcode="SW1A").problems()) == [("CME-PC-002", "$.postcode")]
    assert paths(address(postcode="BFPO 57").problems()) == [("CME-PC-003", "$.postcode")]


def test_address_needs_a_line_that_is_not_blank() -> None:
    assert paths(address(lines=()).problems()) == [("CME-PER-008", "$.lines")]
    assert paths(address(lines=(" ", "")).problems()) == [("CME-PER-008", "$.lines")]
    assert address(lines=(" ", "1 High Street")).problems() == ()


@pytest.mark.parametrize("country", [None, "", "GB", "uk", " United Kingdom ", "england", "Wales"])
def test_uk_countries(country: str | None) -> None:
    assert Address(lines=("1 High St",), country=country).is_uk


@pytest.mark.parametrize("country", ["FR", "Ireland", "Jersey", "US"])
def test_overseas_addresses_need_no_postcode(country: str) -> None:
    overseas = Address(lines=("5 Rue X",), country=country)
    assert not overseas.is_uk
    assert overseas.problems() == ()
    assert Address(lines=("5 Rue X",), country=country, postcode="75011").problems() == ()


@pytest.mark.parametrize("country", ["Northern Ireland", "Great Britain"])
def test_every_part_of_the_uk_is_uk(country: str) -> None:
    assert Address(lines=("1 High St",), country=country).is_uk


# --- parents ------------------------------------------------------------------------------


def test_parent_problems_and_paths() -> None:
    assert parent().problems() == ()
    found = Parent(
        full_name=" ",
        address=address(postcode="SW1A"),
        lives_with_pupil=True,
        emergency_phones=(PhoneNumber(number="07700 900123"), PhoneNumber(number="call me")),
    ).problems(path=("parents", 1))
    assert paths(found) == [
        ("CME-PER-011", "$.parents[1].full_name"),
        ("CME-PC-002", "$.parents[1].address.postcode"),
        ("CME-PER-006", "$.parents[1].emergency_phones[1].number"),
    ]


@pytest.mark.parametrize(
    ("lives_with", "expected"), [(True, ["CME-PER-009"]), (False, []), (None, [])]
)
def test_an_emergency_phone_is_needed_only_for_a_parent_lived_with(
    lives_with: bool | None, expected: list[str]
) -> None:
    assert codes(parent(lives_with_pupil=lives_with, emergency_phones=()).problems()) == expected


# --- pupils -------------------------------------------------------------------------------

ON = date(2025, 1, 6)


def test_a_complete_pupil_has_no_problem() -> None:
    assert pupil().problems(on=ON) == ()
    assert pupil().problems() == ()


def test_missing_name_and_date_of_birth() -> None:
    found = Pupil(pupil_id="P1").problems()
    assert paths(found) == [("CME-PER-001", "$.full_name"), ("CME-PER-002", "$.date_of_birth")]
    assert codes(pupil(full_name="\t").problems()) == ["CME-PER-001"]


def test_date_of_birth_in_the_future_at_its_edge() -> None:
    born = date(2020, 3, 1)
    assert codes(pupil(date_of_birth=born).problems(on=born)) == []
    assert codes(pupil(date_of_birth=born).problems(on=born - DAY)) == ["CME-PER-003"]
    assert codes(pupil(date_of_birth=born).problems()) == []  # no judging day: not checked
    (problem,) = pupil(date_of_birth=born).problems(on=born - DAY)
    assert problem.values == {"judged_on": born - DAY}


def test_upn_problems_are_reported_at_the_upn() -> None:
    assert paths(pupil(upn="A20700001604Z").problems()) == [("1510", "$.upn")]
    assert paths(pupil(upn="R900400001001").problems()) == [("1530", "$.upn")]
    assert paths(pupil(upn="").problems()) == [("1500", "$.upn")]
    assert codes(pupil(upn=None).problems()) == []


def test_upn_and_reason_together_is_a_query() -> None:
    both = pupil(upn_unknown_reason=UpnUnknownReason.UN4)
    assert paths(both.problems()) == [("CME-PER-004Q", "$.upn_unknown_reason")]
    assert pupil(upn=None, upn_unknown_reason=UpnUnknownReason.UN4).problems() == ()


def test_temporary_upn_is_a_query_only_when_otherwise_valid() -> None:
    assert paths(pupil(upn="G80120000101A").problems()) == [("CME-PER-005Q", "$.upn")]
    assert codes(pupil(upn="H80120000101A").problems()) == ["1510"]  # wrong check letter


def test_former_upns_are_queries() -> None:
    found = pupil(former_upns=("G80120000101A", "R900400001001")).problems()
    assert paths(found) == [("1560Q", "$.former_upns[1]")]


def test_lives_with_not_recorded_is_a_query() -> None:
    unmarked = pupil(parents=(parent(lives_with_pupil=None), parent(lives_with_pupil=False)))
    assert paths(unmarked.problems()) == [("CME-PER-010Q", "$.parents")]
    assert pupil(parents=()).problems() == ()
    assert unmarked.parents_lived_with == ()
    mixed = pupil(parents=(parent(lives_with_pupil=False), parent(full_name="B")))
    assert [p.full_name for p in mixed.parents_lived_with] == ["B"]


def test_every_problem_at_once_with_paths() -> None:
    bad = Pupil(
        pupil_id="P1",
        upn="B801200005002",
        address=Address(lines=(), postcode="QQ1 1AA"),
        parents=(
            parent(),
            Parent(lives_with_pupil=True, emergency_phones=(PhoneNumber(number="x"),)),
        ),
    )
    assert paths(bad.problems(on=ON)) == [
        ("CME-PER-001", "$.full_name"),
        ("CME-PER-002", "$.date_of_birth"),
        ("1510", "$.upn"),
        ("CME-PER-008", "$.address.lines"),
        ("CME-PC-002", "$.address.postcode"),
        ("CME-PER-011", "$.parents[1].full_name"),
        ("CME-PER-006", "$.parents[1].emergency_phones[0].number"),
    ]


def test_problem_types_are_declared_once_with_unique_codes() -> None:
    found = [p.code for p in PROBLEM_TYPES]
    assert len(found) == len(set(found))
    assert all(p.code.startswith("CME-PER-") for p in PROBLEM_TYPES)
    assert all(p.code.endswith("Q") == (p.severity.value == "query") for p in PROBLEM_TYPES)


# --- redaction ----------------------------------------------------------------------------


def test_reprs_redact_personal_data() -> None:
    child = sentinel_pupil()
    texts = [repr(child), str(child), *map(repr, child.parents), *map(str, child.parents)]
    assert child.address is not None
    texts += [repr(child.address), repr(child.parents[0].emergency_phones[0])]
    texts += [repr(pupil(date_of_birth=date(2013, 7, 19)))]
    assert all(leaks(t) == [] for t in texts), texts
    assert "2013, 7, 19" not in texts[-1]
    assert REDACTED in repr(child)
    assert "pupil_id='P1'" in repr(child)  # the school's key identifies the record


def test_reprs_show_empty_values_as_themselves() -> None:
    assert "full_name=None" in repr(Pupil(pupil_id="P1"))
    assert "parents=()" in repr(Pupil(pupil_id="P1"))
    assert "extra={}" in repr(Pupil(pupil_id="P1"))
    assert "extra=<redacted>" in repr(Pupil(pupil_id="P1", extra={"nickname": KNOWN_AS}))


def test_problems_never_quote_personal_data() -> None:
    bad = Pupil(
        pupil_id="P1",
        full_name=NAME,
        upn=NAME,
        former_upns=(PARENT_NAME,),
        address=Address(lines=(LINE,), town=TOWN, postcode=NAME),
        parents=(Parent(full_name=PARENT_NAME, emergency_phones=(PhoneNumber(number=NAME),)),),
    )
    found = bad.problems(on=ON)
    assert {"CME-UPN-001", "1560Q", "CME-PC-002", "CME-PER-006"} <= set(codes(found))
    for problem in found:
        assert leaks(problem.message + str(problem) + repr(problem.to_dict())) == []


# --- fuzzing: checks never raise, whatever the text -----------------------------------------

texts = st.text(max_size=30) | st.sampled_from(["", " ", "\u00a0", "B801200005001", "SW1A 1AA"])


@given(
    full_name=st.none() | texts,
    upn=st.none() | texts,
    former=st.lists(texts, max_size=2),
    lines=st.lists(texts, max_size=3),
    postcode=st.none() | texts,
    country=st.none() | texts,
    phone=texts,
    lives_with=st.none() | st.booleans(),
    sex=st.none() | st.sampled_from(Sex),
    born=st.none() | st.dates(),
    on=st.none() | st.dates(),
)
def test_problems_never_raise_and_never_quote_the_text(
    full_name: str | None,
    upn: str | None,
    former: list[str],
    lines: list[str],
    postcode: str | None,
    country: str | None,
    phone: str,
    lives_with: bool | None,
    sex: Sex | None,
    born: date | None,
    on: date | None,
) -> None:
    home = Address(lines=lines, postcode=postcode, country=country)
    guardian = Parent(
        full_name=full_name,
        address=home,
        lives_with_pupil=lives_with,
        emergency_phones=(PhoneNumber(number=phone),),
    )
    child = Pupil(
        pupil_id="P1",
        full_name=full_name,
        sex=sex,
        date_of_birth=born,
        upn=upn,
        former_upns=former,
        address=home,
        parents=(guardian,),
    )
    found = child.problems(on=on)
    assert all(isinstance(p, Problem) for p in found)
    long_inputs = [t for t in (full_name, postcode, phone, *lines) if t and len(t.strip()) >= 12]
    for problem in found:
        assert not any(t in problem.message for t in long_inputs)


def test_upn_field_of_a_valid_pupil_is_kept_as_given() -> None:
    spaced = pupil(upn=" b801 2000 05001 ")
    assert spaced.upn == " b801 2000 05001 "  # nothing normalised away
    assert spaced.problems() == ()
    assert pupil(upn=UPN_A).upn == UPN_A


def test_upns_are_not_printed() -> None:
    from cme_core.people import Pupil

    p = Pupil(pupil_id="P9", upn="B801200005001", former_upns=("H801200001001",))
    assert "801200005001" not in repr(p)
    assert "801200001001" not in str(p)
