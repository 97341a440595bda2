"""The Python boundary: a wrong type is refused where it is given, with a typed error.

Issue 16. Every public callable (each name in ``cme_core.__all__`` and in the public
submodules' ``__all__``: classes, functions, and the methods of the main model classes) is
called with arguments of the right arity drawn from a pool of wrong values (and, so that the
checks of later arguments are reached too, right values of simple types and defaults). It may
return or raise a :class:`~cme_core.errors.CmeError` or a ``ValueError``; never a raw
``TypeError``, ``AttributeError``, ``KeyError``, ``IndexError`` or anything else.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import math
import re
import types
import typing
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any, Literal, cast

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cme_core
from cme_core._fields import checked, typed_fields
from cme_core.cases import CaseReferred, CmeCase
from cme_core.errors import CmeError, InvalidArgument
from cme_core.law import REGS_2006, REGS_2024, DeletionFacts
from cme_core.people import Pupil
from cme_core.policy import LAPolicy
from cme_core.problems import ProblemType, Report, Severity
from cme_core.registers import AdmissionEntry, AttendanceRecord, SchoolRegister
from cme_core.schools import School

from .model import CAL, SCHOOL, entered, pupil

MODULES = (
    "cme_core",
    "cme_core.attendance",
    "cme_core.attendance_codes",
    "cme_core.calendars",
    "cme_core.cases",
    "cme_core.identifiers",
    "cme_core.identifiers.laestab",
    "cme_core.identifiers.local_authorities",
    "cme_core.identifiers.postcode",
    "cme_core.identifiers.upn",
    "cme_core.identifiers.urn",
    "cme_core.laestab",
    "cme_core.law",
    "cme_core.law.assess",
    "cme_core.law.counting",
    "cme_core.law.deletion",
    "cme_core.law.evaluators",
    "cme_core.law.facts",
    "cme_core.law.params",
    "cme_core.law.records",
    "cme_core.law.regimes",
    "cme_core.law.return_rules",
    "cme_core.people",
    "cme_core.periods",
    "cme_core.policy",
    "cme_core.problems",
    "cme_core.referral",
    "cme_core.registers",
    "cme_core.returns",
    "cme_core.school_age",
    "cme_core.schools",
    "cme_core.serialization",
    "cme_core.submissions",
    "cme_core.upn",
)
"""The public modules walked. Not walked, with the reason:

* ``cme_core.cli``: its boundary is ``argv`` (text), fuzzed by ``tests/test_cli_fuzz.py``;
* ``cme_core.strategies``: Hypothesis strategies, whose wrong arguments raise Hypothesis's own
  ``InvalidArgument`` when drawn, as every Hypothesis strategy does;
* ``cme_core.demo``: builds the bundled demonstration from its own data file;
* ``cme_core.law.model``: a deprecated alias of ``cme_core.law`` (warns on import).
"""

SKIP: dict[str, str] = {
    # Exceptions take a message (any object, as every Exception does).
    **{
        f"cme_core.errors.{name}": "an exception class: its arguments are a free message"
        for name in cme_core.errors.__all__
    },
}
"""Callables not called, with the reason."""

WRONG: tuple[Any, ...] = (
    None,
    42,
    -1,
    True,
    "x",
    "",
    1.5,
    math.nan,
    b"x",
    [],
    {},
    ("x", 1),
    object(),
    datetime(2024, 1, 1),
    date(2024, 1, 1),
)
"""Wrong values (for most parameters): each call draws from these."""

FORBIDDEN = (TypeError, AttributeError, KeyError, IndexError, LookupError, AssertionError)


def _public_callables() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if isinstance(obj, types.ModuleType) or not callable(obj):
                continue
            if typing.get_origin(obj) is not None:
                continue  # a type alias (e.g. Callable[...]), not a callable
            if isinstance(obj, type) and issubclass(obj, BaseException):
                qual = f"cme_core.errors.{obj.__name__}"
                if qual in SKIP or issubclass(obj, CmeError):
                    continue
            key = f"{getattr(obj, '__module__', module_name)}.{getattr(obj, '__qualname__', name)}"
            if key not in SKIP:
                found.setdefault(key, obj)
    return found


CALLABLES = _public_callables()


def _hints(obj: Callable[..., Any]) -> dict[str, Any]:
    target: Any = obj
    if isinstance(obj, type) and attrs.has(obj):
        try:
            return typing.get_type_hints(obj)
        except Exception:
            return {}
    if isinstance(obj, type):
        target = vars(obj).get("__init__", obj)
    try:
        return typing.get_type_hints(target)
    except Exception:
        return {}


def _valid(hint: Any) -> st.SearchStrategy[Any] | None:
    """Right values for a simple annotation (so that later arguments' checks are reached)."""
    if hint is date:
        return st.dates(date(2018, 9, 1), date(2026, 7, 31))
    if hint is str:
        return st.sampled_from(["2024", "8012000", "926", "P1", "B801200005001", "SW1A 1AA"])
    if hint is int:
        return st.integers(-2, 20)
    if hint is bool:
        return st.booleans()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if typing.get_origin(hint) is Literal:
        return st.sampled_from(typing.get_args(hint))
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [s for s in map(_valid, typing.get_args(hint)) if s is not None]
        return st.one_of(options) if options else None
    if hint is type(None):
        return st.none()
    if isinstance(hint, type) and hint is not Any:
        samples = [obj for obj in INSTANCES.values() if isinstance(obj, hint)]
        if samples:
            return st.sampled_from(samples)
    return None


def _arguments(
    draw: st.DrawFn, fn: Callable[..., Any], *, bound: bool = False
) -> tuple[list[Any], dict[str, Any]] | None:
    if isinstance(fn, type) and issubclass(fn, enum.Enum):
        return [draw(st.sampled_from(WRONG))], {}  # an enum's lookup by value
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    hints = _hints(fn)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for param in signature.parameters.values():
        if param.kind is param.VAR_KEYWORD:
            continue
        if param.kind is param.VAR_POSITIONAL:
            args.extend(draw(st.lists(st.sampled_from(WRONG), max_size=2)))
            continue
        if param.default is not param.empty and draw(st.booleans()):
            continue  # leave it at its default
        options = [st.sampled_from(WRONG)]
        valid = _valid(hints.get(param.name))
        if valid is not None:
            options.append(valid)
        value = draw(st.one_of(options))
        if param.kind is param.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[param.name] = value
    return args, kwargs


def _call(fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # deprecated aliases are walked
            result = fn(*args, **kwargs)
            if isinstance(result, Iterator):
                for _ in zip(range(3), result, strict=False):
                    pass
    except (CmeError, ValueError):
        pass
    except FORBIDDEN as exc:
        raise AssertionError(
            f"{getattr(fn, '__qualname__', fn)}(*{args!r}, **{kwargs!r}) raised "
            f"{type(exc).__name__}: {exc}"
        ) from exc


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


KNOWN_GAPS: dict[str, str] = {}
"""Callables known to fail the test, each with the reason (strict: fixed ones must be removed)."""


def _walked(names: Iterable[str]) -> list[Any]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_GAPS[name], strict=True))
        if name in KNOWN_GAPS
        else name
        for name in sorted(names)
    ]


@pytest.mark.parametrize("name", _walked(CALLABLES))
@SETTINGS
@given(data=st.data())
def test_a_public_callable_refuses_wrong_types_with_a_typed_error(
    name: str, data: st.DataObject
) -> None:
    fn = CALLABLES[name]
    drawn = data.draw(st.composite(lambda draw: _arguments(draw, fn))())
    if drawn is None:
        pytest.skip("no signature")
    _call(fn, *drawn)


# --- methods of the main model classes ------------------------------------------------------


def _instances() -> dict[str, object]:
    p = pupil()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # whichever name the helper uses
        entry = AdmissionEntry(pupil_id="P1", events=(entered(date(2024, 9, 2), p),))
    register = SchoolRegister(school=SCHOOL, admissions=(entry,))
    problem = ProblemType(code="CME-X-001", severity=Severity.ERROR, title="X").problem()
    return {
        "Pupil": p,
        "School": SCHOOL,
        "SchoolCalendar": CAL,
        "AdmissionEntry": entry,
        "SchoolRegister": register,
        "AttendanceRecord": AttendanceRecord(
            pupil_id="P1", first_day=date(2024, 9, 2), marks="//NN"
        ),
        "Regime2006": REGS_2006,
        "Regime2024": REGS_2024,
        "DeletionFacts": DeletionFacts(
            pupil_id="P1", school=SCHOOL, date_of_birth=date(2015, 1, 9)
        ),
        "Report": Report(problems=(problem,)),
        "Problem": problem,
        "CmeCase": CmeCase(case_id="C1", child=p, la_code="801").apply(
            CaseReferred(on=date(2024, 9, 2))
        ),
        "LAPolicy": LAPolicy(),
        "Ground": REGS_2024.ground("9(1)(i)", on=date(2024, 9, 2)),
    }


INSTANCES = _instances()
METHODS = sorted(
    (key, name)
    for key, obj in INSTANCES.items()
    for name, member in inspect.getmembers(type(obj))
    if not name.startswith("_")
    and callable(member)
    and not isinstance(member, type)
    and not isinstance(inspect.getattr_static(type(obj), name), property)
)


@pytest.mark.parametrize(("key", "method"), METHODS)
@SETTINGS
@given(data=st.data())
def test_a_model_method_refuses_wrong_types_with_a_typed_error(
    key: str, method: str, data: st.DataObject
) -> None:
    fn = getattr(INSTANCES[key], method)
    drawn = data.draw(st.composite(lambda draw: _arguments(draw, fn))())
    if drawn is None:
        pytest.skip("no signature")
    _call(fn, *drawn)


# --- the cases named in the issue --------------------------------------------------------------


TEXT_DATE: Any = "2015-01-01"
KIND_TEXT: Any = "academy"
NOT_EVENTS: Any = ["x", 42]
NOT_ENTRIES: Any = [1, 2]


class _Timestamp(datetime):
    """Like ``pandas.Timestamp``: a ``datetime`` subclass."""


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Pupil(pupil_id="P", date_of_birth=TEXT_DATE), "date_of_birth"),
        (lambda: Pupil(pupil_id="P", date_of_birth=datetime(2015, 1, 1)), "date_of_birth"),
        (
            lambda: AttendanceRecord(pupil_id="P", first_day=_Timestamp(2024, 9, 2)),
            "first_day",
        ),
        (lambda: School(laestab="8012000", name="S", kind=KIND_TEXT), "kind"),
        (lambda: AdmissionEntry(pupil_id="P", events=NOT_EVENTS), "events[0]"),
        (lambda: SchoolRegister(school=SCHOOL, admissions=NOT_ENTRIES), "admissions[0]"),
        (lambda: SchoolRegister(school=SCHOOL, admissions=KIND_TEXT), "admissions"),
        (lambda: REGS_2024.ground("9(1)(a)", on=datetime(2024, 9, 2)), "on"),
        (lambda: REGS_2024.grounds_on(datetime(2024, 9, 2)), ""),
    ],
)
def test_the_issue_cases_are_refused_where_given(make: Callable[[], object], field: str) -> None:
    with pytest.raises(InvalidArgument, match="^" + re.escape(field)) as caught:
        make()
    assert isinstance(caught.value, ValueError)
    assert "2015" not in str(caught.value)  # the value is not echoed


# --- the mechanism: cme_core._fields.typed_fields and checked ----------------------------------

NOT_TYPED_BY_THE_MECHANISM = {
    # Below cme_core._fields in the layers (.importlinter): hand-written checks, same messages.
    "cme_core.periods.InForce",
    "cme_core.periods.Commencement",
}


def _has_class_check(cls: type) -> bool:
    for field in attrs.fields(cls):
        validator = field.validator
        parts = getattr(validator, "_validators", (validator,))
        if any(type(v).__name__ == "_ClassCheck" for v in parts):
            return True
    return False


RECORD_CLASSES = sorted(
    key
    for key, obj in CALLABLES.items()
    if isinstance(obj, type) and attrs.has(obj) and attrs.fields(obj)
)


@pytest.mark.parametrize("key", RECORD_CLASSES)
def test_every_public_record_class_checks_its_field_types(key: str) -> None:
    cls = CALLABLES[key]
    assert isinstance(cls, type)
    typing.get_type_hints(cls)  # every annotation resolves at run time: none goes unchecked
    if key not in NOT_TYPED_BY_THE_MECHANISM:
        assert _has_class_check(cls), f"{key} lacks field_transformer=typed_fields"


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class _Rec:
    n: int = 0
    on: date | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    kind: Literal["a", "b"] = "a"
    counts: Mapping[str, int] = attrs.field(factory=dict)
    anything: Any = None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"n": True}, "n must be an int, got a bool"),
        ({"n": 1.0}, "n must be an int, got a float"),
        ({"on": datetime(2024, 1, 1)}, "on must be a datetime.date (not a datetime) or None, got"),
        ({"on": "2024-01-01"}, "on must be a datetime.date (not a datetime) or None, got a str"),
        ({"tags": "ab"}, "tags must be a collection, got a string"),
        ({"tags": ["a", 1]}, "tags[1] must be a string, got an int"),
        ({"tags": 5}, "tags cannot be made from an int"),
        ({"kind": "c"}, "kind must be one of 'a', 'b', got a string"),
        ({"counts": {"a": "1"}}, "counts must be a mapping of a string to an int, got"),
    ],
)
def test_typed_fields_refuses_each_kind_of_wrong_type(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgument) as caught:
        _Rec(**changes)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)


def test_typed_fields_accepts_right_types_and_leaves_any_alone() -> None:
    tags: Any = ["a"]
    rec = _Rec(n=3, on=date(2024, 1, 1), tags=tags, kind="b", counts={"a": 1}, anything=object())
    assert rec.tags == ("a",)


@checked
def _takes(on: date, *more: int, items: Iterable[int] = ()) -> list[int]:
    return [on.year, *more, *items]


def test_checked_checks_positional_star_and_keyword_arguments() -> None:
    assert _takes(date(2024, 1, 1), 1, 2, items=[3]) == [2024, 1, 2, 3]
    with pytest.raises(InvalidArgument, match=r"^on must be a datetime\.date"):
        _takes(datetime(2024, 1, 1))
    with pytest.raises(InvalidArgument, match=r"^more must be an int, got a bool"):
        _takes(date(2024, 1, 1), 1, True)
    with pytest.raises(InvalidArgument, match=r"^items\[1\] must be an int, got a str"):
        _takes(date(2024, 1, 1), items=cast(Any, (1, "2")))


def test_checked_does_not_consume_a_one_pass_iterator() -> None:
    assert _takes(date(2024, 1, 1), items=iter([5, 6])) == [2024, 5, 6]
