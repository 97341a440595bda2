"""Field helpers shared by the attrs record classes: validators, converters and reprs.

Private: one home for what the model's modules used to write each for itself.

* :class:`FrozenDict` and :func:`freeze_mapping`, the converter for mapping fields of frozen
  classes (``extra`` and the like), so a frozen record cannot be changed through its mappings;
* :func:`redact`, the ``repr`` of a field that may hold personal data;
* :func:`iso`, a date (or ``None``) as ISO 8601 text for ``to_dict`` methods;
* :func:`tuple_of`, the body of converters for collection fields;
* :func:`extra_field`, the one definition of every model class's ``extra`` field: JSON values
  only (:func:`json_fault` says why a value is not one; :func:`freeze_json` and
  :func:`thaw_json` turn JSON data into its frozen form and back), never a field's name;
* :func:`bounded_number`, a numeric field with a range that the validator and the wire format
  (its structuring and its JSON Schema) read from one place;
* :func:`describe`, what a value is (its type and size), for messages that must not echo it;
* attrs validators that check a field's type only (:func:`date_field`, :func:`optional_date`,
  :func:`optional_bool`, :func:`optional_str`, :func:`instance_of`), raising
  :class:`~cme_core.errors.InvalidArgument` with the field's name and the type found, never the
  value (which might be personal data);
* the one mechanism that checks argument types where they are given (issue 16):
  :func:`typed_fields`, the attrs ``field_transformer`` of every public record class (each
  field against its annotation, after conversion: ``datetime`` is not a ``date``, ``bool`` not
  an ``int``, collections item by item), and :func:`checked`, the decorator of public functions
  and methods (each argument given against its annotation); both compile each annotation once
  (:func:`compile_check`), on first use.

This module sits with the foundations: it imports only the standard library, attrs and the
leaf argument checks of :mod:`cme_core._checks` (which import only :mod:`cme_core.errors`).

>>> d = freeze_mapping({"a": 1})
>>> d
FrozenDict({'a': 1})
>>> d == {"a": 1}, d["a"]
(True, 1)
>>> d["b"] = 2
Traceback (most recent call last):
...
TypeError: 'FrozenDict' object does not support item assignment
"""

from __future__ import annotations

import collections.abc
import functools
import inspect
import math
import types
import typing
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from typing import Any, Final, NoReturn, ParamSpec, TypeVar

import attrs

from cme_core._checks import require_date
from cme_core.errors import InvalidArgument

__all__ = [
    "EXTRA_MAX_DEPTH",
    "NUMBER_RANGE",
    "REDACTED",
    "FrozenDict",
    "NumberRange",
    "bounded_number",
    "checked",
    "compile_check",
    "date_field",
    "describe",
    "extra_field",
    "freeze_json",
    "freeze_mapping",
    "instance_of",
    "iso",
    "json_fault",
    "json_object",
    "optional_bool",
    "optional_date",
    "optional_str",
    "redact",
    "rehome",
    "reserved_extra_keys",
    "thaw_json",
    "tuple_of",
    "type_error",
    "typed_fields",
    "unchecked",
]

_K = TypeVar("_K")
_V_co = TypeVar("_V_co", covariant=True)
_V = TypeVar("_V")
_T = TypeVar("_T")

Validator = Callable[[object, "attrs.Attribute[Any]", object], None]
"""The signature of an attrs validator: (instance, attribute, value)."""


# --- mappings ----------------------------------------------------------------------------------


class FrozenDict(Mapping[_K, _V_co]):
    """An immutable mapping: a ``dict`` that cannot be changed once made.

    Equal to any mapping with the same items (a ``dict`` included); hashable if its values are;
    keeps insertion order; pickles and copies. Every way to change it raises ``TypeError``.

    >>> d = FrozenDict({"a": 1})
    >>> d.update(b=2)
    Traceback (most recent call last):
    ...
    TypeError: FrozenDict is immutable: 'update' is not supported
    >>> d | {"b": 2}
    FrozenDict({'a': 1, 'b': 2})
    >>> hash(d) == hash(FrozenDict([("a", 1)]))
    True
    """

    __slots__ = ("_data", "_hash")

    _data: dict[_K, _V_co]
    _hash: int | None

    def __init__(self, items: Mapping[_K, _V_co] | Iterable[tuple[_K, _V_co]] = (), /) -> None:
        object.__setattr__(self, "_data", dict(items))
        object.__setattr__(self, "_hash", None)

    # -- reading --------------------------------------------------------------------------------

    def __getitem__(self, key: _K) -> _V_co:
        return self._data[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, dict):
            return self._data == other
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._data.items())))
        assert self._hash is not None
        return self._hash

    def __or__(self, other: Mapping[_K, _V]) -> FrozenDict[_K, _V_co | _V]:
        if not isinstance(other, Mapping):
            return NotImplemented
        merged: dict[_K, _V_co | _V] = {**self._data, **other}
        return FrozenDict(merged)

    def __ror__(self, other: Mapping[_K, _V]) -> FrozenDict[_K, _V_co | _V]:
        if not isinstance(other, Mapping):
            return NotImplemented
        merged: dict[_K, _V_co | _V] = {**other, **self._data}
        return FrozenDict(merged)

    def __reduce__(self) -> tuple[type[FrozenDict[_K, _V_co]], tuple[dict[_K, _V_co]]]:
        return (type(self), (dict(self._data),))

    def __copy__(self) -> FrozenDict[_K, _V_co]:
        return self

    # -- refusing change ------------------------------------------------------------------------

    def _immutable(self, what: str) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is immutable: {what!r} is not supported")

    def __setattr__(self, name: str, value: object) -> None:
        self._immutable(f"setting {name}")

    def __delattr__(self, name: str) -> None:
        self._immutable(f"deleting {name}")

    def update(self, *args: object, **kwargs: object) -> NoReturn:
        """Refused: a FrozenDict cannot be changed (raises ``TypeError``)."""
        self._immutable("update")

    def setdefault(self, *args: object) -> NoReturn:
        """Refused: a FrozenDict cannot be changed (raises ``TypeError``)."""
        self._immutable("setdefault")

    def pop(self, *args: object) -> NoReturn:
        """Refused: a FrozenDict cannot be changed (raises ``TypeError``)."""
        self._immutable("pop")

    def popitem(self) -> NoReturn:
        """Refused: a FrozenDict cannot be changed (raises ``TypeError``)."""
        self._immutable("popitem")

    def clear(self) -> NoReturn:
        """Refused: a FrozenDict cannot be changed (raises ``TypeError``)."""
        self._immutable("clear")


_EMPTY: Final[FrozenDict[Any, Any]] = FrozenDict()


def freeze_mapping(
    value: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None = None,
) -> Mapping[Any, Any]:
    """``value`` as a :class:`FrozenDict` (``None`` or empty: an empty one); a converter for
    the mapping fields of frozen attrs classes. The copy is shallow.

    Not generic on purpose: the attrs mypy plugin cannot type an ``__init__`` argument from a
    generic converter (the field's own annotation gives the type).

    >>> freeze_mapping(None), freeze_mapping({"k": "v"})
    (FrozenDict({}), FrozenDict({'k': 'v'}))
    """
    if isinstance(value, FrozenDict):
        return value
    if not value:
        return _EMPTY
    return FrozenDict(value)


# --- JSON values: the ``extra`` fields ---------------------------------------------------------

EXTRA_MAX_DEPTH: Final = 32
"""How many arrays and objects may nest in an ``extra`` field, the field's own mapping
included (JSON documents from an MIS nest a few levels; a deeper one is refused, so that no
``extra`` can make a walk over it recurse without bound)."""

_MAX_INT_BITS: Final = 14_000
"""Integers of up to about 4,200 digits: CPython neither writes nor reads a longer one as JSON
text by default (``sys.int_max_str_digits`` is 4,300 digits)."""


def describe(value: object) -> str:
    """What ``value`` is, without quoting it: its type, and a string's or collection's size.

    For messages about a value that may be personal data or arbitrary caller text.

    >>> describe("Ada Example"), describe(""), describe(3), describe([1]), describe(None)
    ('a string of 11 characters', 'an empty string', 'an int', 'a list of 1 item', 'None')
    """
    if value is None:
        return "None"
    name = _article(type(value).__name__)
    if isinstance(value, str):
        n = len(value)
        return f"a string of {n} character{'s' * (n != 1)}" if n else "an empty string"
    if isinstance(value, list | tuple | Mapping | set | frozenset):
        n = len(value)
        return f"{name} of {n} item{'s' * (n != 1)}"
    return name


def json_fault(value: object, *, depth: int = 0) -> str | None:
    """Why ``value`` is not JSON data cme_core can keep and write back (``None``: it is).

    JSON data is ``None``, ``bool``, ``int`` (up to about 4,200 digits), a finite ``float``,
    ``str``, and arrays (``list`` or ``tuple``) and objects (mappings with ``str`` keys) of
    JSON data, with at most :data:`EXTRA_MAX_DEPTH` arrays and objects nested, counting from
    ``depth`` (the number already around ``value``). The reason says what was found, never a
    key or a value.

    >>> json_fault({"a": [1, 2.5, None, True, "x", {"b": {}}]}) is None
    True
    >>> json_fault({"a": float("nan")})
    'holds a number that is not finite (NaN or infinity)'
    >>> json_fault({1: "x"}), json_fault([(1, {"d": {3}})])
    ('has a key that is an int, not a string', 'holds a set of 1 item, which JSON cannot carry')
    """
    stack: list[tuple[object, int]] = [(value, depth)]
    while stack:
        item, level = stack.pop()
        kind = type(item)
        if item is None or kind is str or kind is bool:
            continue
        if kind is int:
            assert isinstance(item, int)
            if item.bit_length() > _MAX_INT_BITS:
                return "holds an integer too long to write as JSON text"
            continue
        if kind is float:
            assert isinstance(item, float)
            if not math.isfinite(item):
                return "holds a number that is not finite (NaN or infinity)"
            continue
        if kind is list or kind is tuple or isinstance(item, Mapping):
            if level >= EXTRA_MAX_DEPTH:
                return f"nests arrays and objects more than {EXTRA_MAX_DEPTH} deep"
            if isinstance(item, Mapping):
                for key in item:
                    if type(key) is not str:
                        return f"has a key that is {describe(key)}, not a string"
                stack.extend((v, level + 1) for v in item.values())
            else:
                assert isinstance(item, list | tuple)
                stack.extend((v, level + 1) for v in item)
            continue
        return f"holds {describe(item)}, which JSON cannot carry"
    return None


def freeze_json(value: Any) -> Any:
    """JSON data (see :func:`json_fault`) in frozen form: objects as :class:`FrozenDict`,
    arrays as tuples (as the model holds every collection); other values as they are.

    >>> freeze_json({"a": [1, {"b": []}]})
    FrozenDict({'a': (1, FrozenDict({'b': ()}))})
    """
    if isinstance(value, Mapping):
        return FrozenDict({k: freeze_json(v) for k, v in value.items()}) if value else _EMPTY
    if type(value) is list or type(value) is tuple:
        return tuple([freeze_json(v) for v in value])
    return value


def thaw_json(value: Any) -> Any:
    """Frozen JSON data back as plain ``dict`` and ``list`` (what ``json.dumps`` writes).

    >>> thaw_json(freeze_json({"a": [1, {"b": ()}]}))
    {'a': [1, {'b': []}]}
    """
    if isinstance(value, Mapping):
        return {k: thaw_json(v) for k, v in value.items()}
    if type(value) is tuple or type(value) is list:
        return [thaw_json(v) for v in value]
    return value


def json_object(value: object) -> Mapping[str, Any]:
    """The converter of every ``extra`` field: ``value`` (a mapping, or pairs, with ``str``
    keys and JSON values; ``None`` or empty for none) checked and frozen deeply with
    :func:`freeze_json`, so the record's mapping and everything in it is immutable, picklable
    and writes back as the same JSON.

    Raises :class:`~cme_core.errors.InvalidArgument` naming ``extra`` and what was wrong, never
    the key or value (either may be personal data).

    >>> json_object({"house": "Red", "clubs": ["chess"]})
    FrozenDict({'house': 'Red', 'clubs': ('chess',)})
    >>> json_object({"born": date(2015, 1, 9)})
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidArgument: extra must hold JSON data only: it holds a date, ...
    """
    if value is None or value is _EMPTY:  # the default: no check, nothing to freeze
        return _EMPTY
    if not isinstance(value, Mapping):
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            raise InvalidArgument(
                f"extra must be a mapping of JSON data, got {type(value).__name__}"
            )
        try:
            value = dict(value)
        except (TypeError, ValueError):
            raise InvalidArgument(
                "extra must be a mapping of JSON data (or key-value pairs)"
            ) from None
    assert isinstance(value, Mapping)
    if not value:
        return _EMPTY
    fault = json_fault(value)
    if fault is not None:
        raise InvalidArgument(f"extra must hold JSON data only: it {fault}")
    frozen: Mapping[str, Any] = freeze_json(value)
    return frozen


_RESERVED: dict[type, frozenset[str]] = {}
"""A cache of :func:`reserved_extra_keys`, filled once per class."""


def reserved_extra_keys(cls: type) -> frozenset[str]:
    """The keys an ``extra`` field of the attrs class ``cls`` may not hold: the names its
    fields are written under on the wire (every field but ``extra``; no field has a different
    wire name) and its wire tag (a ``type`` or ``kind`` class attribute that is a string).

    A key among them would be written back out as that field, or shadowed by it.
    """
    reserved = _RESERVED.get(cls)
    if reserved is None:
        names = {a.name for a in attrs.fields(cls)} - {"extra"}
        names.update(tag for tag in ("type", "kind") if isinstance(getattr(cls, tag, None), str))
        reserved = _RESERVED[cls] = frozenset(names)
    return reserved


def _extra_keys(instance: object, _: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
    if value and not reserved_extra_keys(type(instance)).isdisjoint(value):
        raise InvalidArgument(
            f"extra must not hold a key reserved for a field of {type(instance).__name__} "
            "(set the field itself)"
        )


def extra_field(*, repr_as: Callable[[Any], str] | bool = False) -> Any:
    """The ``extra`` field of a model class: wire fields the model does not know, kept as
    given so that they are written back out (see :mod:`cme_core.serialization`).

    JSON data only (:func:`json_object`; frozen deeply) and never a key named like one of the
    class's fields (:func:`reserved_extra_keys`); left out of hashing; shown in ``repr`` as
    ``repr_as`` says (default: not shown).

    >>> @attrs.frozen(kw_only=True)
    ... class Rec:
    ...     name: str | None = None
    ...     extra: Mapping[str, Any] = extra_field()
    >>> Rec(extra={"house": "Red"}).extra
    FrozenDict({'house': 'Red'})
    >>> Rec(extra={"name": "X"})
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidArgument: extra must not hold a key reserved for a field of Rec ...
    """
    return attrs.field(
        default=_EMPTY, converter=json_object, validator=_extra_keys, hash=False, repr=repr_as
    )


# --- numbers with a range ----------------------------------------------------------------------

NUMBER_RANGE: Final = "cme_core.number_range"
"""The attrs metadata key under which :func:`bounded_number` keeps a field's
:class:`NumberRange` (read by :mod:`cme_core.serialization` for structuring and JSON Schema)."""


@attrs.frozen(kw_only=True)
class NumberRange:
    """The numbers a field takes: finite, from ``minimum`` to ``maximum`` (inclusive; ``None``
    for no bound), whole numbers only when ``integer``."""

    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False

    @property
    def text(self) -> str:
        """The range in words, e.g. ``a number from 0 to 1``."""
        what = "a whole number" if self.integer else "a number"
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return f"{what} from {lo:g} to {hi:g}"
        if lo is not None:
            return f"{what} of {lo:g} or more"
        if hi is not None:
            return f"{what} of {hi:g} or less"
        return f"a finite {what.removeprefix('a ')}"

    def fault(self, value: object) -> str | None:
        """Why ``value`` is not in the range (``None``: it is); the reason never quotes it.

        >>> r = NumberRange(minimum=0, maximum=1)
        >>> r.fault(0.5), r.fault(250), r.fault(float("nan")), r.fault(True)
        (None, 'a number out of range', 'NaN or infinity', 'a bool')
        """
        if isinstance(value, bool) or not isinstance(value, int | float):
            return describe(value)
        if self.integer and not isinstance(value, int):
            return describe(value)
        if isinstance(value, float) and not math.isfinite(value):
            return "NaN or infinity"
        too_low = self.minimum is not None and value < self.minimum
        too_high = self.maximum is not None and value > self.maximum
        return "a number out of range" if too_low or too_high else None


def bounded_number(
    *, minimum: float | None = None, maximum: float | None = None, integer: bool = False
) -> Any:
    """An optional numeric field (default ``None``): when given, finite and in the range.

    An ``int`` (not a ``bool``) when ``integer``, else an ``int`` or ``float``. The range is
    kept in the field's metadata (:data:`NUMBER_RANGE`), so that the wire format checks and
    documents the same range. A value outside it raises
    :class:`~cme_core.errors.InvalidArgument` naming the field and the range, not the value.

    >>> @attrs.frozen(kw_only=True)
    ... class Rec:
    ...     rate: float | None = bounded_number(minimum=0, maximum=1)
    >>> Rec(rate=2.5)
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidArgument: rate must be None or a number from 0 to 1, got a number ...
    """
    limits = NumberRange(minimum=minimum, maximum=maximum, integer=integer)

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            fault = limits.fault(value)
            if fault is not None:
                raise InvalidArgument(
                    f"{attribute.name} must be None or {limits.text}, got {fault}"
                )

    return attrs.field(default=None, validator=check, metadata={NUMBER_RANGE: limits})


# --- reprs and wire text -----------------------------------------------------------------------

REDACTED: Final = "<redacted>"
"""What a redacted value shows as in ``repr()``."""


def redact(value: object) -> str:
    """The ``repr`` of a field that may hold personal data: ``<redacted>`` unless it is empty.

    ``None``, ``()`` and an empty mapping show as themselves (so a reader sees the field is
    empty); anything else, an empty string included, as :data:`REDACTED`.

    >>> redact("Ada Example"), redact(None), redact(()), redact(freeze_mapping())
    ('<redacted>', 'None', '()', '{}')
    """
    if value is None or value == ():
        return repr(value)
    if isinstance(value, Mapping) and not value:
        return "{}"
    return REDACTED


def iso(d: date | None) -> str | None:
    """``d`` as ISO 8601 text (``YYYY-MM-DD``), or ``None``.

    >>> iso(date(2025, 1, 6)), iso(None)
    ('2025-01-06', None)
    """
    return None if d is None else d.isoformat()


# --- validators (structural checks only) -------------------------------------------------------


def date_field(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A ``datetime.date`` (not a ``datetime``)."""
    require_date(value, attribute.name)


def optional_date(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A ``datetime.date`` or ``None``."""
    if value is not None:
        require_date(value, attribute.name)


def optional_bool(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``True``, ``False`` or ``None``."""
    if value is not None and not isinstance(value, bool):
        raise InvalidArgument(
            f"{attribute.name} must be True, False or None, got {type(value).__name__}"
        )


def optional_str(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A ``str`` or ``None``."""
    if value is not None and not isinstance(value, str):
        raise InvalidArgument(
            f"{attribute.name} must be a string or None, got {type(value).__name__}"
        )


def instance_of(kind: type | tuple[type, ...], what: str) -> Validator:
    """A validator: an instance of ``kind`` (``what`` names it in the message).

    >>> @attrs.frozen
    ... class C:
    ...     n: int = attrs.field(validator=instance_of(int, "an int"))
    >>> C("1")
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidArgument: n must be an int, got str
    """

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidArgument(f"{attribute.name} must be {what}, got {type(value).__name__}")

    return check


# --- converters --------------------------------------------------------------------------------


def tuple_of(kind: type[_T], what: str, value: object) -> tuple[_T, ...]:
    """``value`` (any collection but a string or a mapping) as a tuple of ``kind`` instances.

    For a converter, wrap it in a named function (the attrs mypy plugin needs one).

    >>> tuple_of(int, "ints", [1, 2])
    (1, 2)
    >>> tuple_of(int, "ints", "12")
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidArgument: expected a collection of ints, got str
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidArgument(f"expected a collection of {what}, got {type(value).__name__}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise InvalidArgument(f"expected {what}, got {type(item).__name__}")
    return items


def _rehome_one(obj: type | Callable[..., Any], package: str) -> None:
    old = obj.__module__
    if isinstance(obj, type):
        # Resolve the class's own string annotations in the module that wrote them first:
        # typing.get_type_hints (and so attrs and cattrs) reads them in the namespace that
        # __module__ names, which would no longer hold the names they use.
        own = inspect.get_annotations(obj)
        if own:
            hints = typing.get_type_hints(obj)
            obj.__annotations__ = {name: hints[name] for name in own}
        for member in vars(obj).values():
            if isinstance(member, staticmethod | classmethod):
                member = member.__func__
            parts = (
                (member.fget, member.fset, member.fdel)
                if isinstance(member, property)
                else (member,)
            )
            for part in parts:
                if inspect.isfunction(part) and part.__module__ == old:
                    part.__module__ = package
    obj.__module__ = package


def rehome(package: str, namespace: Mapping[str, object], names: Iterable[str]) -> None:
    """Present the classes and functions ``names`` of a package's front ``namespace`` that
    are defined in its private parts (``<package>._...``) as ``<package>.<name>``: one
    canonical import path for reprs, docs and pickles.

    A class's methods move with it, so that doctest finds their examples in the front module
    (it skips objects it takes to be defined elsewhere).
    """
    for name in names:
        obj = namespace[name]
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and obj.__module__.startswith(
            f"{package}._"
        ):
            _rehome_one(obj, package)


# --- type checks from annotations --------------------------------------------------------------
#
# One mechanism for every public attrs class and function: the annotations say what a field or
# an argument takes, and a wrong type is refused where it is given, with InvalidArgument naming
# the field and the type expected (never the value). Each annotation is compiled once, on first
# use (annotations may name classes defined later), into a plain predicate; construction then
# costs one predicate call per field.

Check = Callable[[object], bool]
"""A compiled type check: ``True`` when a value has the annotated type."""

_UNCHECKED: Final[set[str]] = set()
"""Fields and arguments whose annotation could not be read (``qualname.name``), for tests."""


def _is_date(value: object) -> bool:
    return type(value) is date or (isinstance(value, date) and not isinstance(value, datetime))


def _is_int(value: object) -> bool:
    return type(value) is int or (isinstance(value, int) and not isinstance(value, bool))


def _is_number(value: object) -> bool:
    kind = type(value)
    return kind is float or kind is int or (isinstance(value, int | float) and kind is not bool)


def _is_bool(value: object) -> bool:
    return value is True or value is False


def _is_none(value: object) -> bool:
    return value is None


def _is_file(value: object) -> bool:
    return callable(getattr(value, "write", None)) or callable(getattr(value, "read", None))


def _is_str(value: object) -> bool:
    return isinstance(value, str)


_EXACT: Final[weakref.WeakKeyDictionary[Check, frozenset[type]]] = weakref.WeakKeyDictionary()
"""For a compiled check, types whose every instance passes it: a value of exactly such a type
is taken without calling the check (one set lookup, no Python call); any other value still
goes through the check, so the answer is the same. Read when checks are compiled, never per
value; weak, so checks compiled and dropped do not accumulate."""
_SIMPLE_EXACT: Final[tuple[tuple[Check, type], ...]] = (
    (_is_date, date),
    (_is_int, int),
    (_is_bool, bool),
    (_is_str, str),
    (_is_none, type(None)),
)
for _simple_check, _simple_kind in _SIMPLE_EXACT:
    _EXACT[_simple_check] = frozenset({_simple_kind})
_EXACT[_is_number] = frozenset({float, int})
del _simple_check, _simple_kind


_SIMPLE: Final[dict[object, tuple[Check, str]]] = {
    date: (_is_date, "a datetime.date (not a datetime)"),
    int: (_is_int, "an int"),
    float: (_is_number, "a number"),
    bool: (_is_bool, "a bool (True or False)"),
    str: (_is_str, "a string"),
    type(None): (_is_none, "None"),
    None: (_is_none, "None"),
}


def _article(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _instance_check(kind: type) -> tuple[Check, str]:
    if kind is datetime:
        return (lambda v: isinstance(v, datetime)), "a datetime.datetime"

    def check(value: object) -> bool:
        return isinstance(value, kind)

    _EXACT[check] = frozenset({kind})
    return check, _article(kind.__name__)


_ITEMS: Final[dict[Check, tuple[Check, str]]] = {}
"""The item check of each collection check, to say which item is of a wrong type."""


def _items_check(container: type | tuple[type, ...], item: Check | None, text: str) -> Check:
    if item is None:
        return lambda v: isinstance(v, container)

    exact = _EXACT.get(item, frozenset())

    def check(value: object) -> bool:
        kind = type(value)
        if kind is not tuple and kind is not list and kind is not frozenset:
            if not isinstance(value, container):
                return False
            if isinstance(value, Iterator):
                return True  # a one-pass iterator: its items are not drawn here
        elif not isinstance(value, container):
            return False
        for element in typing.cast(Iterable[object], value):
            if type(element) not in exact and not item(element):
                return False
        return True

    _ITEMS[check] = (item, text)
    return check


def compile_check(tp: object) -> tuple[Check | None, str]:
    """A predicate for the annotation ``tp`` (``None``: not checked, e.g. ``Any``) and what it
    takes in words, for messages.

    ``datetime`` is not a ``date`` and ``bool`` not an ``int``; containers are checked item by
    item; a ``Literal`` takes its values only.

    >>> check, text = compile_check(tuple[date, ...] | None)
    >>> check((date(2024, 1, 1),)), check((datetime(2024, 1, 1),)), text
    (True, False, 'a tuple whose every item is a datetime.date (not a datetime) or None')
    """
    try:
        simple = _SIMPLE.get(tp)
    except TypeError:  # an unhashable annotation
        simple = None
    if simple is not None:
        return simple
    if tp is Any or tp is object or isinstance(tp, typing.TypeVar | typing.ParamSpec):
        return None, "anything"
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated or origin in (typing.Final, typing.ClassVar):
        return compile_check(args[0])
    if isinstance(tp, typing.NewType):
        return compile_check(tp.__supertype__)
    if origin is typing.Union or origin is types.UnionType:
        parts = [compile_check(a) for a in args]
        if any(p is None for p, _ in parts):
            return None, "anything"
        checks = tuple(p for p, _ in parts if p is not None)
        text = " or ".join(t for _, t in parts)
        exact = frozenset().union(*(_EXACT.get(c, frozenset()) for c in checks))
        union: Check
        if len(checks) == 2:
            first, second = checks

            def union(v: object) -> bool:
                return type(v) in exact or first(v) or second(v)

        else:

            def union(v: object) -> bool:
                return type(v) in exact or any(c(v) for c in checks)

        _EXACT[union] = exact
        return union, text
    if origin is typing.Literal:
        allowed = tuple((type(a), a) for a in args)

        def literal(value: object) -> bool:
            return any(type(value) is k and value == a for k, a in allowed)

        return literal, "one of " + ", ".join(repr(a) for a in args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item, text = compile_check(args[0])
            return _items_check(tuple, item, text), f"a tuple whose every item is {text}"
        if args == ((),) or not args:
            return (lambda v: v == ()), "an empty tuple"
        parts = [compile_check(a) for a in args]

        def fixed(value: object) -> bool:
            return (
                isinstance(value, tuple)
                and len(value) == len(parts)
                and all(p is None or p(v) for (p, _), v in zip(parts, value, strict=True))
            )

        return fixed, f"a tuple of {len(parts)} items"
    if origin in (frozenset, set, list, Sequence, Iterable, Collection, AbstractSet):
        assert isinstance(origin, type)
        item, text = compile_check(args[0]) if args else (None, "anything")
        kind = _article(origin.__name__)
        return _items_check(origin, item, text), f"{kind} whose every item is {text}"
    if origin in (dict, Mapping):
        assert isinstance(origin, type)
        key, ktext = compile_check(args[0]) if args else (None, "anything")
        val, vtext = compile_check(args[1]) if args else (None, "anything")

        def mapping(value: object) -> bool:
            if not isinstance(value, Mapping) or not isinstance(value, origin):
                return False
            if key is not None and not all(map(key, value)):
                return False
            return val is None or all(map(val, value.values()))

        return mapping, f"a mapping of {ktext} to {vtext}"
    if isinstance(tp, type) and issubclass(tp, typing.IO):
        return _is_file, "a file object"
    if origin is type:
        return (lambda v: isinstance(v, type)), "a class"
    if origin in (Callable, collections.abc.Callable):
        return callable, "a callable"
    if tp is Callable or tp is collections.abc.Callable:
        return callable, "a callable"
    if isinstance(origin, type):
        return _instance_check(origin)
    if isinstance(tp, type):
        return _instance_check(tp)
    return None, "anything"


def _resolve(owner: Any, name: str, annotation: object) -> object:
    """One annotation of ``owner`` (a class or a function) read in its module (``Any`` when
    it names something the module does not hold at run time, e.g. a TYPE_CHECKING import)."""
    if not isinstance(annotation, str):
        return annotation
    namespace: dict[str, Any] = dict(getattr(owner, "__globals__", {}))
    if isinstance(owner, type):
        for klass in reversed(owner.__mro__):
            module = inspect.getmodule(klass)
            if module is not None:
                namespace.update(vars(module))
        namespace[owner.__name__] = owner
    try:
        return eval(annotation, namespace)  # annotations are the library's own source text
    except Exception:
        _UNCHECKED.add(f"{owner.__qualname__}.{name}")
        return Any


def _class_hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:
        hints: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            for name, annotation in inspect.get_annotations(klass).items():
                hints[name] = _resolve(klass, name, annotation)
        return hints


def type_error(
    name: str, expected: str, value: object, check: Check | None = None
) -> InvalidArgument:
    """The error for ``value`` given as ``name`` when ``expected`` was wanted: it names the
    type found, never the value (which might be personal data); for a collection, the first
    item of a wrong type.

    >>> type_error("on", "a datetime.date", "2024-01-01")
    InvalidArgument('on must be a datetime.date, got a string of 10 characters')
    """
    items = _ITEMS.get(check) if check is not None else None
    if items is not None and isinstance(value, Iterable):
        for i, item in enumerate(value):
            if not items[0](item):
                return type_error(f"{name}[{i}]", items[1], item)
    if isinstance(value, datetime) and "datetime.date" in expected:
        return InvalidArgument(
            f"{name} must be {expected}, got a datetime.datetime "
            "(a date-time hides a time zone; pass its .date() explicitly)"
        )
    return InvalidArgument(f"{name} must be {expected}, got {describe(value)}")


def _expression(tp: object, var: str, namespace: dict[str, Any]) -> str | None:
    """Python source that is true when ``var`` has the annotated type (``None``: no check):
    the common annotations inline, the rest by their compiled predicate."""
    if tp is Any or tp is object:
        return None
    if tp is str:
        return f"isinstance({var}, str)"
    if tp is bool:
        return f"({var} is True or {var} is False)"
    if tp is date:
        return f"(type({var}) is date or _is_date({var}))"
    if tp is int:
        return f"(type({var}) is int or _is_int({var}))"
    if tp is type(None) or tp is None:
        return f"{var} is None"
    if (
        isinstance(tp, type)
        and tp not in _SIMPLE
        and tp is not object
        and tp is not datetime
        and not issubclass(tp, typing.IO)
        and typing.get_origin(tp) is None
    ):
        name = f"_k{len(namespace)}"
        namespace[name] = tp
        return f"isinstance({var}, {name})"
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        parts = [_expression(a, var, namespace) for a in typing.get_args(tp)]
        if any(p is None for p in parts):
            return None
        return "(" + " or ".join(typing.cast(list[str], parts)) + ")"
    check, _ = compile_check(tp)
    if check is None:
        return None
    name = f"_c{len(namespace)}"
    namespace[name] = check
    return f"{name}({var})"


class _ClassCheck:
    """The validator :func:`typed_fields` gives a class's first field: it checks every field
    (validators run once all fields are set), by code generated on first use from the
    class's resolved annotations."""

    __slots__ = ("_check", "_names")

    def __init__(self, names: tuple[str, ...]) -> None:
        self._names = names
        self._check: Callable[[object], None] | None = None

    def __call__(self, instance: object, _: attrs.Attribute[Any], __: object) -> None:
        check = self._check
        if check is None:
            check = self._check = self._compile(type(instance))
        check(instance)

    def _compile(self, cls: type) -> Callable[[object], None]:
        hints = _class_hints(cls)
        namespace: dict[str, Any] = {
            "date": date,
            "_is_date": _is_date,
            "_is_int": _is_int,
            "_fail": _fail,
        }
        lines = ["def check(self):"]
        for name in self._names:
            tp = hints.get(name, Any)
            args = typing.get_args(tp)
            item = None
            if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
                item = _expression(args[0], "i", namespace)  # tuple[X, ...]: a loop, inline
            expression = _expression(tp, "v", namespace) if item is None else "True"
            if expression is None:
                continue
            check, text = compile_check(tp)
            key = f"_f{len(namespace)}"
            namespace[key] = (name, text, check)
            lines.append(f"    v = self.{name}")
            if item is not None:
                lines.append(
                    f"    if type(v) is not tuple and not isinstance(v, tuple): _fail({key}, v)"
                )
                lines.append("    for i in v:")
                lines.append(f"        if not {item}: _fail({key}, v)")
            else:
                lines.append(f"    if not {expression}: _fail({key}, v)")
        lines.append("    return None")
        exec("\n".join(lines), namespace)  # the library's own annotations, not caller data
        compiled: Callable[[object], None] = namespace["check"]
        return compiled


def _fail(field: tuple[str, str, Check | None], value: object) -> NoReturn:
    name, text, check = field
    raise type_error(name, text, value, check)


_NOT_ITERABLE: Final = (str, bytes, bytearray, Mapping)


def _guard_converter(name: str, converter: Callable[[Any], Any], collection: bool) -> Any:
    """``converter`` that refuses what it cannot convert with InvalidArgument (not the
    TypeError or AttributeError it would raise), and, for a collection field, a string, bytes
    or a mapping (which would iterate as characters or keys)."""

    def convert(value: Any) -> Any:
        kind = type(value)
        if (
            collection
            and kind is not tuple
            and kind is not list
            and isinstance(value, _NOT_ITERABLE)
        ):
            raise InvalidArgument(f"{name} must be a collection, got {describe(value)}")
        try:
            return converter(value)
        except (TypeError, AttributeError, KeyError, IndexError) as exc:
            if isinstance(exc, InvalidArgument):
                raise
            raise InvalidArgument(f"{name} cannot be made from {describe(value)}") from None

    convert.__name__ = getattr(converter, "__name__", "convert")
    convert.__doc__ = getattr(converter, "__doc__", None)
    return convert


_COLLECTION_PREFIXES: Final = ("tuple[", "frozenset[", "Sequence[", "Iterable[", "Collection[")


def typed_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """An attrs ``field_transformer``: every field (but ``extra`` and private ones) is checked
    against its annotation after conversion, and a converter that fails with a ``TypeError``
    raises :class:`~cme_core.errors.InvalidArgument` instead.

    Use it as ``@attrs.frozen(kw_only=True, field_transformer=typed_fields)``. The check runs
    before the field's own validators, so they see a value of the right type.

    >>> @attrs.frozen(kw_only=True, field_transformer=typed_fields)
    ... class Rec:
    ...     on: date
    ...     tags: tuple[str, ...] = ()
    >>> Rec(on=datetime(2024, 1, 1))
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidArgument: on must be a datetime.date (not a datetime), got a datetime...
    >>> Rec(on=date(2024, 1, 1), tags=("a", 1))
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidArgument: tags[1] must be a string, got an int
    """
    out = []
    checked_names = []
    for field in fields:
        if (
            field.name == "extra"
            or field.name.startswith("_")
            or not field.init
            or NUMBER_RANGE in field.metadata  # bounded_number checks its own type and range
        ):
            out.append(field)
            continue
        checked_names.append(field.name)
        converter = field.converter
        if converter is not None and not isinstance(converter, attrs.Converter):
            collection = str(field.type).startswith(_COLLECTION_PREFIXES)
            converter = _guard_converter(field.name, converter, collection)
            out.append(field.evolve(converter=converter))
        else:
            out.append(field)
    if checked_names and out:
        # Validators run in field order once every field is set: the first one checks all
        # fields' types before any field's own validator sees a value.
        first = out[0]
        check = _ClassCheck(tuple(checked_names))
        validator = (
            check if first.validator is None else attrs.validators.and_(check, first.validator)
        )
        out[0] = first.evolve(validator=validator)
    return out


_P = ParamSpec("_P")
_R = TypeVar("_R")


def checked(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorate a public function (or method) so that each argument given is checked against
    its annotation first: a wrong type raises :class:`~cme_core.errors.InvalidArgument` naming
    the argument and the type expected. Defaults are not checked; ``self`` and unannotated
    arguments are not either.

    >>> @checked
    ... def day_after(on: date) -> date:
    ...     return on
    >>> day_after(on="2024-01-01")
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidArgument: on must be a datetime.date (not a datetime), got a string ...
    """
    signature = inspect.signature(fn)
    params = signature.parameters.values()
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    star = next((p.name for p in params if p.kind is p.VAR_POSITIONAL), None)
    npos = len(positional)
    # Filled on first call (annotations may name classes defined after the function):
    # by name, and by position (None where an argument is not checked).
    by_name: dict[str, tuple[str, Check, str]] = {}
    by_position: list[tuple[str, Check, str] | None] = []
    checked_positions: list[tuple[int, str, Check, str]] = []  # only the checked ones, in order
    star_entry: list[tuple[str, Check, str] | None] = [None]
    ready = False

    def compile_all() -> None:
        nonlocal ready
        try:
            hints = typing.get_type_hints(fn)
        except Exception:
            hints = {
                name: _resolve(fn, name, annotation)
                for name, annotation in inspect.get_annotations(fn).items()
            }
        for name in signature.parameters:
            if name in hints:
                check, text = compile_check(hints[name])
                if check is not None:
                    by_name[name] = (name, check, text)
        by_position.extend(by_name.get(name) for name in positional)
        checked_positions.extend(
            (i, *entry) for i, entry in enumerate(by_position) if entry is not None
        )
        star_entry[0] = by_name.get(star) if star is not None else None
        ready = True

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not ready:
            compile_all()
        count = len(args)
        for i, name, check, text in checked_positions:
            if i >= count:
                break
            value = args[i]
            if not check(value):
                raise type_error(name, text, value, check)
        if count > npos and star_entry[0] is not None:
            name, check, text = star_entry[0]
            for value in args[npos:]:
                if not check(value):
                    raise type_error(name, text, value, check)
        if kwargs:
            for key, value in kwargs.items():
                entry = by_name.get(key)
                if entry is not None and not entry[1](value):
                    raise type_error(key, entry[2], value, entry[1])
        return fn(*args, **kwargs)

    wrapper._cme_unchecked = fn  # type: ignore[attr-defined]
    return wrapper


def unchecked(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """The function a :func:`checked` wrapper calls, without the argument checks (``fn`` itself
    when it is not such a wrapper).

    For internal calls whose arguments are already known to be of the right types (values the
    caller built or structured itself, or arguments its own public entry point checked): the
    public entry point keeps its check.

    >>> @checked
    ... def twice(n: int) -> int:
    ...     return 2 * n
    >>> unchecked(twice)(4), unchecked(twice) is not twice, unchecked(len) is len
    (8, True, True)
    """
    inner: Callable[_P, _R] = getattr(fn, "_cme_unchecked", fn)
    return inner
