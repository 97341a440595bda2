"""Wire formats: plain JSON-compatible data in and out of every model class, losslessly.

:func:`unstructure` turns a model object into JSON-compatible data (ISO dates, enum values,
lists); :func:`load` turns wire data back into a model object and reports every problem at
once as a :class:`~cme_core.problems.Report` with JSON paths, never raising for bad data.
Fields the model does not know are kept in the object's ``extra`` (and written back out on
:func:`unstructure`), with a WARNING so typos are seen. ``extra`` holds JSON data only, and never
a key named like one of the record's fields.

Nothing the sender wrote is copied into a problem: not a value, and not the name of a field the
model does not know. Such a field is reported by its position (see :func:`unknown_field_step`):
``$.pupil['<unknown field 0>']`` is the first unknown field of ``pupil``, in the order given,
and so the first key of the structured pupil's ``extra``, which keeps the name. A close match
among the model's own field names is suggested (``values["did_you_mean"]``). No part of the
name is shown, not even a shortened or cleaned one: a key may be anything a sender typed, a
pupil's name included, and the first letters of a name still identify a child in a small
school.

Numbers on the wire are finite (JSON has no NaN or infinity, though Python's ``json`` module
reads them); fields with a range (an attendance rate from 0 to 1, a count of days from 0) are
checked here, at the field's path, and their JSON Schema says the same range.

:func:`json_schema` gives a JSON Schema (draft 2020-12) for each top-level document, generated
from the same model, so portals in other languages can check data before calling us.

>>> from cme_core.people import Pupil
>>> pupil, report = load({"pupil_id": "P1", "date_of_birth": "2015-02-30"}, Pupil)
>>> pupil is None, [(p.code, p.json_path) for p in report]
(True, [('CME-WIRE-004', '$.date_of_birth')])
>>> pupil, report = load({"pupil_id": "P1", "house": "Red"}, Pupil)
>>> dict(pupil.extra), report.codes, report.problems[0].json_path
({'house': 'Red'}, ('CME-WIRE-010',), "$['<unknown field 0>']")
>>> unstructure(pupil)
{'pupil_id': 'P1', 'house': 'Red'}
"""

from __future__ import annotations

import contextvars
import difflib
import enum
import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

import cme_core
from cme_core._fields import (
    NUMBER_RANGE,
    NumberRange,
    describe,
    json_fault,
    reserved_extra_keys,
    thaw_json,
    typed_fields,
)
from cme_core.calendars import SchoolCalendar, Term
from cme_core.errors import InvalidInput
from cme_core.people import Pupil
from cme_core.problems import PathElement, Problem, ProblemType, Report, Severity
from cme_core.registers import (
    EVENT_TYPES,
    AdmissionEntry,
    AttendanceRecord,
    Entered,
    RegisterEvent,
    SchoolRegister,
)
from cme_core.returns import RETURN_TYPES, ReturnContent
from cme_core.schools import School

__all__ = [
    "DOCUMENTS",
    "SCHEMA_ID",
    "WireFormatError",
    "converter",
    "json_schema",
    "load",
    "structure",
    "unknown_field_step",
    "unstructure",
]

T = TypeVar("T")

_WIRE = "a rule of cme_core's own JSON wire format (its JSON Schema), not of the law"

MISSING_FIELD = ProblemType(
    code="CME-WIRE-001",
    severity=Severity.ERROR,
    title="Required field is missing",
    no_citation_reason=_WIRE,
)
WRONG_TYPE = ProblemType(
    code="CME-WIRE-002", severity=Severity.ERROR, title="Wrong JSON type", no_citation_reason=_WIRE
)
NOT_ALLOWED = ProblemType(
    code="CME-WIRE-003",
    severity=Severity.ERROR,
    title="Value is not one of the allowed values",
    no_citation_reason=_WIRE,
)
BAD_DATE = ProblemType(
    code="CME-WIRE-004",
    severity=Severity.ERROR,
    title="Not a real calendar date in ISO 8601 form (YYYY-MM-DD)",
    no_citation_reason=_WIRE,
)
BAD_VALUE = ProblemType(
    code="CME-WIRE-009", severity=Severity.ERROR, title="Invalid value", no_citation_reason=_WIRE
)
UNKNOWN_FIELD_ERROR = ProblemType(
    code="CME-WIRE-011",
    severity=Severity.ERROR,
    title="Field is not part of the model (and this record has no 'extra' to keep it in)",
    no_citation_reason=_WIRE,
)
UNKNOWN_FIELD = ProblemType(
    code="CME-WIRE-010",
    severity=Severity.WARNING,
    title="Field is not part of the model; it is kept as given (in 'extra')",
    no_citation_reason=_WIRE,
)
PROBLEM_TYPES = (
    MISSING_FIELD,
    WRONG_TYPE,
    NOT_ALLOWED,
    BAD_DATE,
    BAD_VALUE,
    UNKNOWN_FIELD,
    UNKNOWN_FIELD_ERROR,
)


class WireFormatError(InvalidInput):
    """Wire data could not be turned into a model object; ``report`` says why, in full."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"wire data has {len(report.errors)} error(s); see .report")
        self.report = report


class _WireProblem(InvalidInput):
    """A leaf failure inside structuring, carrying its problem type (no personal data)."""

    def __init__(self, kind: ProblemType, message: str, values: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.kind = kind
        self.values = dict(values or {})


_JSON_NAMES = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    list: "array",
    dict: "object",
    type(None): "null",
}


def _json_type(value: object) -> str:
    for py, name in _JSON_NAMES.items():
        if type(value) is py:
            return name
    return type(value).__name__


def _expect(value: object, kind: type, name: str) -> None:
    if type(value) is not kind and not (kind is float and type(value) is int):
        raise _WireProblem(
            WRONG_TYPE, f"Expected {name}, found {_json_type(value)}", {"found": _json_type(value)}
        )


def _strict(kind: type, name: str) -> Callable[[object, type], Any]:
    def hook(value: object, _: type) -> Any:
        if type(value) is not kind:
            _expect(value, kind, name)
        return value

    return hook


def _structure_float(value: object, _: type) -> float:
    _expect(value, float, "a number")
    assert isinstance(value, int | float)
    try:
        number = float(value)
    except OverflowError:
        raise _WireProblem(BAD_VALUE, "A number too large for a floating-point value") from None
    if not math.isfinite(number):
        raise _WireProblem(BAD_VALUE, "Expected a finite number, not NaN or infinity")
    return number


def _bounded_hook(
    conv: cattrs.Converter, tp: Any, limits: NumberRange
) -> Callable[[object, Any], Any]:
    """The structure hook of a field with a :class:`~cme_core._fields.NumberRange`: the
    type's own hook, then the range (a problem at the field's path, never the value)."""
    cache: list[Callable[[object, Any], Any]] = []
    bounds = {
        k: v for k, v in (("minimum", limits.minimum), ("maximum", limits.maximum)) if v is not None
    }

    def structure(value: object, _: Any) -> Any:
        if not cache:
            cache.append(conv.get_structure_hook(tp))
        number = cache[0](value, tp)
        if number is not None and limits.fault(number) is not None:
            raise _WireProblem(BAD_VALUE, f"Expected {limits.text}", bounds)
        return number

    return structure


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_date(value: object, _: type) -> date:
    _expect(value, str, "a date string YYYY-MM-DD")
    assert isinstance(value, str)
    if not _ISO_DATE.fullmatch(value):
        raise _WireProblem(BAD_DATE, "Expected a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _WireProblem(BAD_DATE, "Not a real calendar date") from None


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except (ValueError, TypeError):
        allowed = [m.value for m in cls]
        raise _WireProblem(
            NOT_ALLOWED, f"Expected one of {allowed}", {"allowed": allowed}
        ) from None


def _tuple_hook_factory(cls: Any, conv: cattrs.Converter) -> Callable[[object, Any], Any]:
    """A structure hook for ``tuple[X, ...]`` (and fixed tuples) from a JSON array only.

    The item hook is looked up once; the fast path structures the whole array, and only when
    it fails is each item retried so that every failing index is reported.
    """
    args = typing.get_args(cls)
    if len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        cache: list[Callable[[object, Any], Any]] = []

        def structure(value: object, _: Any) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise _WireProblem(WRONG_TYPE, f"Expected an array, found {_json_type(value)}")
            assert isinstance(value, list | tuple)
            if not cache:
                cache.append(conv.get_structure_hook(item))
            handler = cache[0]
            try:
                return tuple([handler(element, item) for element in value])
            except Exception:
                pass
            errors: list[Exception] = []
            for i, element in enumerate(value):
                try:
                    handler(element, item)
                except Exception as exc:
                    exc.add_note(f"Structuring {cls} @ index {i}")
                    errors.append(exc)
            raise IterableValidationError(f"While structuring {cls}", errors, cls)

        return structure

    def structure_fixed(value: object, _: Any) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise _WireProblem(WRONG_TYPE, f"Expected an array, found {_json_type(value)}")
        assert isinstance(value, list | tuple)
        if len(value) != len(args):
            raise _WireProblem(WRONG_TYPE, f"Expected an array of {len(args)} items")
        return tuple(conv.structure(v, a) for v, a in zip(value, args, strict=True))

    return structure_fixed


def _is_optional(cls: Any) -> bool:
    if typing.get_origin(cls) not in (typing.Union, types.UnionType):
        return False
    args = typing.get_args(cls)
    return len(args) == 2 and type(None) in args


_STRICT_NAMES: Mapping[type, str] = {str: "a string", int: "an integer", bool: "true or false"}
"""The JSON scalars structured by type alone (no conversion), and how problems name them."""
_STRICT_HOOKS: Mapping[type, Callable[[object, type], Any]] = {
    kind: _strict(kind, name) for kind, name in _STRICT_NAMES.items()
}


def _optional_hook_factory(cls: Any, conv: cattrs.Converter) -> Callable[[object, Any], Any]:
    """``X | None``: ``None`` stays ``None``; anything else is structured as ``X``."""
    inner = next(a for a in typing.get_args(cls) if a is not type(None))
    if inner in _STRICT_NAMES and conv.get_structure_hook(inner) is _STRICT_HOOKS[inner]:
        # One call instead of two for the commonest fields (``str | None``): the same check as
        # the strict hook of ``inner``, and the same problem when it fails.
        name = _STRICT_NAMES[inner]

        def scalar(value: object, _: Any) -> Any:
            if value is None or type(value) is inner:
                return value
            _expect(value, inner, name)
            return value

        return scalar
    cache: list[Callable[[object, Any], Any]] = []

    def structure(value: object, _: Any) -> Any:
        if value is None:
            return None
        if not cache:
            cache.append(conv.get_structure_hook(inner))
        return cache[0](value, inner)

    return structure


def _structure_mapping(value: object, _: type) -> dict[str, Any]:
    _expect(value, dict, "an object")
    assert isinstance(value, dict)
    return dict(value)


def _is_tuple(cls: Any) -> bool:
    return typing.get_origin(cls) is tuple


def _is_str_mapping(cls: Any) -> bool:
    return typing.get_origin(cls) in (Mapping, dict, typing.Mapping)


def _make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """The converter for every model class: with ``detailed`` validation (every problem, with
    its path) for :data:`converter`, or without it for the fast path of :func:`load` (the same
    hooks, so the same objects; it stops at the first problem)."""
    conv = cattrs.Converter(detailed_validation=detailed, omit_if_default=True)
    for kind, hook in _STRICT_HOOKS.items():
        conv.register_structure_hook(kind, hook)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook_func(
        lambda c: isinstance(c, type) and issubclass(c, enum.Enum), _structure_enum
    )
    conv.register_structure_hook_factory(_is_tuple, _tuple_hook_factory)
    conv.register_structure_hook_factory(_is_optional, _optional_hook_factory)
    conv.register_structure_hook_func(_is_str_mapping, _structure_mapping)
    conv.register_structure_hook_factory(attrs.has, _attrs_structure_factory)
    conv.register_unstructure_hook_factory(attrs.has, _attrs_unstructure_factory)
    conv.register_structure_hook(AttendanceRecord, _structure_attendance)
    conv.register_unstructure_hook(AttendanceRecord, _unstructure_attendance)
    conv.register_structure_hook(SchoolCalendar, _structure_calendar)
    conv.register_unstructure_hook(SchoolCalendar, _unstructure_calendar)
    _register_tagged_union(conv, RegisterEvent, EVENT_TYPES, "type")
    _register_tagged_union(conv, ReturnContent, tuple(RETURN_TYPES.values()), "kind")
    for cls, renamed in _RENAMED_KEYS.items():
        conv.register_structure_hook(
            cls, _reading_old_keys(_attrs_structure_factory(cls, conv), renamed)
        )
    return conv


_RENAMED_KEYS: dict[type, dict[str, str]] = {
    Entered: {"on": "starting_day", "recorded_on": "entered_on"},
}
"""Wire keys renamed in 0.2, old key to new, per class: the old key is still read (until 0.3)
when the new one is absent; objects are always written with the new keys."""


def _reading_old_keys(
    base: Callable[[object, Any], Any], renamed: Mapping[str, str]
) -> Callable[[object, Any], Any]:
    def structure(value: object, cls: Any) -> Any:
        if type(value) is dict and not renamed.keys().isdisjoint(value):
            value = {
                (renamed[k] if k in renamed and renamed[k] not in value else k): v
                for k, v in value.items()
            }
        return base(value, cls)

    return structure


def _register_tagged_union(
    conv: cattrs.Converter, union: Any, members: tuple[type, ...], tag_name: str
) -> None:
    """Structure a union of attrs classes by a tag field, with clear problems for a missing or
    unknown tag (each member's own hook writes the tag on the way out)."""
    by_tag = {str(getattr(cls, tag_name)): cls for cls in members}
    allowed = sorted(by_tag)
    hooks: dict[str, Callable[[object, Any], Any]] = {}  # each member's hook, looked up once

    def structure(value: object, _: Any) -> Any:
        _expect(value, dict, "an object")
        assert isinstance(value, dict)
        tag = value.get(tag_name)
        if tag_name not in value:
            exc: Exception = _WireProblem(MISSING_FIELD, f"Missing '{tag_name}': one of {allowed}")
        elif not isinstance(tag, str) or tag not in by_tag:
            exc = _WireProblem(
                NOT_ALLOWED, f"Expected '{tag_name}' one of {allowed}", {"allowed": allowed}
            )
        else:
            member = by_tag[tag]
            hook = hooks.get(tag)
            if hook is None:
                hook = hooks[tag] = conv.get_structure_hook(member)
            return hook(value, member)
        exc.add_note(f"Structuring union @ attribute {tag_name}")
        raise ClassValidationError(f"While structuring a {tag_name}-tagged union", [exc], object)

    conv.register_structure_hook(union, structure)


def _field_names(cls: type) -> frozenset[str]:
    return frozenset(a.name for a in attrs.fields(cls))


def _tag_of(cls: type) -> str | None:
    for name in ("type", "kind"):
        if isinstance(getattr(cls, name, None), str):
            return name
    return None


def _attrs_structure_factory(cls: type, conv: cattrs.Converter) -> Callable[[object, Any], Any]:
    """The structure hook for any model class: strict, and lossless.

    Unknown fields are kept in the object's ``extra`` (with a WARNING) where the class has one;
    where it has none they are reported as ERRORS, never silently dropped.
    """
    names = _field_names(cls)
    has_extra = "extra" in names
    known = names - {"extra"}
    tag_name = _tag_of(cls)
    allowed = known | ({tag_name} if tag_name else set())
    hints = typing.get_type_hints(cls)
    overrides: dict[str, Any] = {
        a.name: override(struct_hook=_bounded_hook(conv, hints[a.name], a.metadata[NUMBER_RANGE]))
        for a in attrs.fields(cls)
        if NUMBER_RANGE in a.metadata
    }
    if has_extra:
        overrides["extra"] = override(omit=True)
    base: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(cls, conv, **overrides)

    def structure(value: object, _: Any) -> Any:
        if type(value) is not dict:
            _expect(value, dict, "an object")
        assert isinstance(value, dict)
        if allowed.issuperset(value):
            return base(value, cls)
        unknown, errors = _unknown_fields(cls, value, allowed, keep=has_extra)
        if errors:
            try:  # the known fields are still checked, so every problem is reported at once
                base({k: v for k, v in value.items() if k in allowed}, cls)
            except ClassValidationError as known_errors:
                errors.extend(known_errors.exceptions)
            raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls)
        obj = base({k: v for k, v in value.items() if k in known}, cls)
        _EXTRA_SEEN.set(True)
        return attrs.evolve(obj, extra=unknown)

    return structure


def unknown_field_step(position: int) -> str:
    """The path step that stands, in a :class:`~cme_core.problems.Problem`, for a field of a
    JSON object that the model does not know: ``<unknown field N>``.

    ``N`` counts the object's unknown fields from 0, in the order given; where the record keeps
    them, it is the index of the key in its ``extra`` (``list(obj.extra)[N]``). The key itself
    never goes into a problem, its message or its values: it can be anything a sender typed (a
    pupil's name, control characters, a megabyte of text), and any shortened or cleaned form
    would still print the start of it.

    >>> unknown_field_step(2)
    '<unknown field 2>'
    """
    return f"<unknown field {position}>"


def _did_you_mean(key: object, names: Iterable[str]) -> dict[str, str]:
    """``{"did_you_mean": name}`` for a field name of the model close to ``key`` (a typo),
    else ``{}``; only a name of the model's own is ever given."""
    if not isinstance(key, str) or len(key) > 64:
        return {}
    close = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.8)
    return {"did_you_mean": close[0]} if close else {}


def _unknown_message(title: str, hint: Mapping[str, str]) -> str:
    return f"{title}; did you mean '{hint['did_you_mean']}'?" if hint else title


def _unknown_fields(
    cls: type, value: Mapping[Any, Any], wire_names: frozenset[str] | set[str], *, keep: bool
) -> tuple[dict[str, Any], list[Exception]]:
    """The fields of ``value`` that are not ``wire_names``, to keep in ``extra`` (where the
    class has one), and a problem for each that cannot be kept: the class has no ``extra``, the
    key is not a string or is reserved for a field, or the value is not JSON data. Each problem
    is placed by :func:`unknown_field_step`, never by the key."""
    unknown: dict[str, Any] = {}
    errors: list[Exception] = []
    reserved = reserved_extra_keys(cls) if keep else frozenset()
    position = 0
    for key, item in value.items():
        if key in wire_names:
            continue
        hint = _did_you_mean(key, wire_names)
        exc: _WireProblem | None = None
        if not keep:
            exc = _WireProblem(
                UNKNOWN_FIELD_ERROR,
                _unknown_message("Field is not part of the model", hint),
                {"position": position, **hint},
            )
        elif type(key) is not str:
            exc = _WireProblem(
                BAD_VALUE,
                f"A field name that is {describe(key)}, not a string",
                {"position": position},
            )
        elif key in reserved:
            exc = _WireProblem(
                UNKNOWN_FIELD_ERROR,
                "Field name is reserved for a field the wire format does not carry",
                {"position": position},
            )
        else:
            fault = json_fault(item, depth=1)
            if fault is not None:
                exc = _WireProblem(
                    BAD_VALUE,
                    f"Field is not part of the model, and its value {fault}",
                    {"position": position},
                )
            else:
                unknown[key] = item
        if exc is not None:
            exc.add_note(
                f"Structuring class {cls.__name__} @ attribute {unknown_field_step(position)}"
            )
            errors.append(exc)
        position += 1
    return unknown, errors


def _attrs_unstructure_factory(cls: type, conv: cattrs.Converter) -> Callable[[Any], Any]:
    has_extra = "extra" in _field_names(cls)
    tag_name = _tag_of(cls)
    tag = getattr(cls, tag_name) if tag_name else None
    base: Callable[[Any], dict[str, Any]] = (
        make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, extra=override(omit=True))
        if has_extra
        else make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
    )

    def unstructure(obj: Any) -> dict[str, Any]:
        data = base(obj)
        if tag_name:
            data = {tag_name: tag, **data}
        if not has_extra or not obj.extra:
            return data
        return {**data, **{k: thaw_json(v) for k, v in obj.extra.items() if k not in data}}

    return unstructure


_ATTENDANCE_FIELDS = frozenset({"pupil_id", "first_day", "marks"})


def _structure_attendance(value: object, _: type) -> AttendanceRecord:
    _expect(value, dict, "an object")
    assert isinstance(value, dict)
    errors: list[Exception] = []
    parts: dict[str, Any] = {}
    for name, kind in (("pupil_id", str), ("first_day", date), ("marks", str)):
        try:
            if name not in value:
                raise KeyError(name)
            parts[name] = converter.structure(value[name], kind)
        except Exception as exc:
            exc.add_note(f"Structuring class AttendanceRecord @ attribute {name}")
            errors.append(exc)
    extra: dict[str, Any] = {}
    if not _ATTENDANCE_FIELDS.issuperset(value):
        extra, unkept = _unknown_fields(AttendanceRecord, value, _ATTENDANCE_FIELDS, keep=True)
        errors.extend(unkept)
    if errors:
        raise ClassValidationError("While structuring AttendanceRecord", errors, AttendanceRecord)
    record = AttendanceRecord.from_codes(parts["pupil_id"], parts["first_day"], parts["marks"])
    if not extra:
        return record
    _EXTRA_SEEN.set(True)
    return attrs.evolve(record, extra=extra)


def _unstructure_attendance(record: AttendanceRecord) -> dict[str, Any]:
    data = {
        "pupil_id": record.pupil_id,
        "first_day": record.first_day.isoformat(),
        "marks": record.codes,
    }
    return {**data, **{k: thaw_json(v) for k, v in record.extra.items() if k not in data}}


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class _CalendarWire:
    """A school calendar on the wire: its covered range, terms and school days (lossless)."""

    start: date
    end: date
    terms: tuple[Term, ...] = ()
    days: tuple[date, ...]


def _structure_calendar(value: object, _: type) -> SchoolCalendar:
    wire = converter.structure(value, _CalendarWire)
    try:
        return SchoolCalendar(days=wire.days, start=wire.start, end=wire.end, terms=wire.terms)
    except InvalidInput as exc:
        raise _WireProblem(BAD_VALUE, f"Not a consistent school calendar: {exc}") from None


def _unstructure_calendar(calendar: SchoolCalendar) -> dict[str, Any]:
    return {
        "start": calendar.start.isoformat(),
        "end": calendar.end.isoformat(),
        "terms": [converter.unstructure(t) for t in calendar.terms],
        "days": [d.isoformat() for d in calendar.days],
    }


converter: cattrs.Converter = _make_converter()
"""The cattrs converter for every model class (strict: no silent coercion of types)."""

_fast_converter: cattrs.Converter = _make_converter(detailed=False)
"""The fast path of :func:`load`: the same hooks as :data:`converter`, with structure functions
that cattrs generates per class without detailed validation (no error collection around each
field). Valid data gives the same object; any failure is retried on :data:`converter`, which
reports every problem with its path."""


def unstructure(obj: object) -> Any:
    """JSON-compatible data for a model object (lists, dicts, strings, numbers, booleans)."""
    return converter.unstructure(obj)


def load(
    data: object, cls: type[T], *, path: tuple[PathElement, ...] = ()
) -> tuple[T | None, Report]:
    """Structure ``data`` into ``cls``. Never raises for bad data: returns ``(None, report)``
    with every problem found, or ``(obj, report)`` where the report holds only warnings for
    fields kept in ``extra``."""
    token = _EXTRA_SEEN.set(False)
    try:
        try:
            obj = _fast_converter.structure(data, cls)
        except Exception:  # not valid: the detailed path finds every problem, with its path
            _EXTRA_SEEN.set(False)
            try:
                obj = converter.structure(data, cls)
            except Exception as exc:
                return None, Report(problems=_problems_from(exc, path))
        seen = _EXTRA_SEEN.get()
    finally:
        _EXTRA_SEEN.reset(token)
    return obj, (Report(problems=_extra_warnings(obj, path)) if seen else _NO_PROBLEMS)


_NO_PROBLEMS = Report()
_EXTRA_SEEN: contextvars.ContextVar[bool] = contextvars.ContextVar("cme_extra_seen", default=False)
"""Set by the structure hooks when a field is kept in ``extra`` during one :func:`load` call,
so that the walk that reports those fields runs only when there is one. Context-local (safe
across threads and tasks) and reset after every call."""


def structure(data: object, cls: type[T]) -> T:
    """Structure ``data`` into ``cls`` or raise :class:`WireFormatError` with the full report."""
    obj, report = load(data, cls)
    if obj is None:
        raise WireFormatError(report)
    return obj


def _note_step(note: str) -> PathElement | None:
    if " @ attribute " in note:
        return note.rsplit(" @ attribute ", 1)[1]
    if " @ index " in note:
        return int(note.rsplit(" @ index ", 1)[1])
    return None


def _problems_from(exc: BaseException, path: tuple[PathElement, ...]) -> Iterator[Problem]:
    if isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            step = None
            for note in getattr(sub, "__notes__", ()):
                step = _note_step(note) if step is None else step
            yield from _problems_from(sub, path if step is None else (*path, step))
        return
    if isinstance(exc, _WireProblem):
        yield exc.kind.problem(str(exc), path=path, values=exc.values)
    elif isinstance(exc, KeyError):
        yield MISSING_FIELD.problem(path=path)
    elif isinstance(exc, InvalidInput):
        yield BAD_VALUE.problem(str(exc), path=path)
    else:
        yield BAD_VALUE.problem(path=path)


def _extra_warnings(obj: object, path: tuple[PathElement, ...]) -> Iterator[Problem]:
    """A WARNING for every field kept in an ``extra`` mapping, anywhere in ``obj``."""
    if isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _extra_warnings(item, (*path, i))
        return
    plan = _walk_plan(type(obj))
    if plan is None:
        return
    has_extra, children = plan
    if has_extra:
        names = reserved_extra_keys(type(obj))
        for position, key in enumerate(getattr(obj, "extra", ())):
            hint = _did_you_mean(key, names)
            yield UNKNOWN_FIELD.problem(
                _unknown_message(UNKNOWN_FIELD.title, hint),
                path=(*path, unknown_field_step(position)),
                values={"position": position, **hint},
            )
    for name in children:
        value = getattr(obj, name)
        if value is not None and value != ():
            yield from _extra_warnings(value, (*path, name))


def _walk_plan(cls: type) -> tuple[bool, tuple[str, ...]] | None:
    """(has an ``extra`` field, the fields that may hold model objects) for an attrs class."""
    plan = _PLANS.get(cls)
    if plan is None and attrs.has(cls):
        fields = attrs.fields(typing.cast(Any, cls))
        has_extra = any(f.name == "extra" for f in fields)
        children = tuple(
            f.name
            for f in fields
            if f.name != "extra" and _may_hold_model(typing.get_type_hints(cls)[f.name])
        )
        plan = (has_extra, children)
        _PLANS[cls] = plan
    return plan


def _may_hold_model(tp: Any) -> bool:
    if tp is SchoolCalendar:
        return False
    if attrs.has(tp) if isinstance(tp, type) else False:
        return True
    return any(_may_hold_model(arg) for arg in typing.get_args(tp))


_PLANS: dict[type, tuple[bool, tuple[str, ...]]] = {}
"""A cache of walk plans, filled once per model class (derived from the class definitions)."""


# --- JSON Schema ---------------------------------------------------------------------------

DOCUMENTS: Mapping[str, type] = types.MappingProxyType(
    {
        "school-register": SchoolRegister,
        "admission-entry": AdmissionEntry,
        "attendance-record": AttendanceRecord,
        "pupil": Pupil,
        "school": School,
        "return": ReturnContent,  # type: ignore[dict-item]
    }
)
"""The top-level wire documents, by name (for :func:`json_schema` and the CLI)."""

_SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://github.com/cme-core/cme_core/schemas/{version}/{name}.schema.json"
"""The ``$id`` of each schema :func:`json_schema` writes: the cme_core version that generated
it, and the document's name. An identifier, so that a schema of one release is never taken for
another's; the schemas are generated by :func:`json_schema` (``cme schema``), not fetched."""


def json_schema(cls_or_name: type | str) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for a top-level wire document.

    Its ``$id`` names the cme_core version (see :data:`SCHEMA_ID`). A union of records told
    apart by a tag (a return's ``kind``, a register event's ``type``) is checked against the
    record its tag names (``if``/``then``), so an unknown or missing tag gets a message that
    lists the allowed values.

    >>> schema = json_schema("pupil")
    >>> schema["$schema"], schema["$ref"]
    ('https://json-schema.org/draft/2020-12/schema', '#/$defs/Pupil')
    >>> schema["$id"].endswith(f"/schemas/{cme_core.__version__}/pupil.schema.json")
    True
    >>> json_schema("return")["properties"]
    {'kind': {'enum': ['attendance', 'deletion', 'new_pupil', 'sickness']}}
    """
    if not isinstance(cls_or_name, str | type) and typing.get_origin(cls_or_name) is None:
        raise InvalidInput(
            "cls_or_name must be a document name, a class or a union of classes, "
            f"got {describe(cls_or_name)}"
        )
    if isinstance(cls_or_name, str):
        if cls_or_name not in DOCUMENTS:
            raise InvalidInput(f"unknown document name; one of {sorted(DOCUMENTS)}")
        cls = DOCUMENTS[cls_or_name]
        name = cls_or_name
    else:
        cls = cls_or_name
        found = next((n for n, c in DOCUMENTS.items() if c == cls), None)
        name = found or str(getattr(cls, "__name__", "document"))
    defs: dict[str, Any] = {}
    ref = _schema_for(cls, defs)
    title = getattr(cls, "__name__", None) or str(cls_or_name)
    # Read at call time: the package's __init__ sets __version__ after importing this module.
    schema_id = SCHEMA_ID.format(version=cme_core.__version__, name=name)
    return {"$schema": _SCHEMA_URI, "$id": schema_id, "title": title, **ref, "$defs": defs}


def _tagged_union_schema(members: tuple[Any, ...], defs: dict[str, Any]) -> dict[str, Any] | None:
    """``if``/``then`` dispatch on the tag of a union of tagged attrs classes (``None`` when
    ``members`` are not that): the tag must be one of the allowed values, and the object is
    checked against the one record its tag names."""
    if not all(isinstance(m, type) and attrs.has(m) for m in members):
        return None
    tags = {_tag_of(m) for m in members}
    tag = tags.pop() if len(tags) == 1 else None
    if tag is None:
        return None
    by_tag = {str(getattr(m, tag)): m for m in members}
    return {
        "type": "object",
        "properties": {tag: {"enum": sorted(by_tag)}},
        "required": [tag],
        "allOf": [
            {
                "if": {"properties": {tag: {"const": value}}, "required": [tag]},
                "then": _schema_for(member, defs),
            }
            for value, member in by_tag.items()
        ],
    }


def _schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    special = _SPECIAL_SCHEMAS.get(tp)
    if special is not None:
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = special(defs)
        return {"$ref": f"#/$defs/{name}"}
    if tp is Any:
        return {}
    if tp in (str, int, float, bool):
        return {"type": _JSON_NAMES[tp]}
    if tp is type(None):
        return {"type": "null"}
    if tp is date:
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        tagged = _tagged_union_schema(typing.get_args(tp), defs)
        if tagged is not None:
            return tagged
        return {"anyOf": [_schema_for(a, defs) for a in typing.get_args(tp)]}
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _schema_for(args[0], defs)}
        return {
            "type": "array",
            "prefixItems": [_schema_for(a, defs) for a in args],
            "items": False,
        }
    if _is_str_mapping(tp):
        return {"type": "object"}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _attrs_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise InvalidInput(f"no JSON Schema for {tp!r}")


def _attrs_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for tag_name in ("type", "kind"):
        tag = getattr(cls, tag_name, None)
        if isinstance(tag, str):
            properties[tag_name] = {"const": tag}
            required.append(tag_name)
    for field in attrs.fields(cls):
        if field.name == "extra":
            continue
        limits = field.metadata.get(NUMBER_RANGE)
        if isinstance(limits, NumberRange):
            properties[field.name] = _range_schema(limits, optional=_is_optional(hints[field.name]))
        else:
            properties[field.name] = _schema_for(hints[field.name], defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": True,
    }
    if required:
        schema["required"] = required
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        schema["description"] = " ".join(doc.split())
    return schema


def _range_schema(limits: NumberRange, *, optional: bool) -> dict[str, Any]:
    """A number in a range (``minimum``/``maximum`` apply to numbers only, so ``null`` is
    allowed by its type alone, and a number out of range gets the range in the message)."""
    kind = "integer" if limits.integer else "number"
    schema: dict[str, Any] = {"type": [kind, "null"] if optional else kind}
    if limits.minimum is not None:
        schema["minimum"] = limits.minimum
    if limits.maximum is not None:
        schema["maximum"] = limits.maximum
    return schema


def _attendance_schema(defs: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "A pupil's attendance marks: two sessions per calendar day from "
        "first_day, codes concatenated (two-character codes C1, C2, J1, Y1-Y7 as written), "
        "'-' for no mark.",
        "properties": {
            "pupil_id": {"type": "string"},
            "first_day": _schema_for(date, defs),
            "marks": {"type": "string"},
        },
        "required": ["pupil_id", "first_day", "marks"],
        "additionalProperties": True,
    }


def _calendar_schema(defs: dict[str, Any]) -> dict[str, Any]:
    return {**_attrs_schema(_CalendarWire, defs), "title": "SchoolCalendar"}


_SPECIAL_SCHEMAS: dict[Any, Callable[[dict[str, Any]], dict[str, Any]]] = {
    AttendanceRecord: _attendance_schema,
    SchoolCalendar: _calendar_schema,
}
