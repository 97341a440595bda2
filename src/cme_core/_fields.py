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
  value (which might be personal data).

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

import inspect
import math
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Final, NoReturn, TypeVar

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
        self._immutable("update")

    def setdefault(self, *args: object) -> NoReturn:
        self._immutable("setdefault")

    def pop(self, *args: object) -> NoReturn:
        self._immutable("pop")

    def popitem(self) -> NoReturn:
        self._immutable("popitem")

    def clear(self) -> NoReturn:
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
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    if isinstance(value, str):
        n = len(value)
        return f"a string of {n} character{'s' * (n != 1)}" if n else "an empty string"
    if isinstance(value, list | tuple | Mapping | set | frozenset):
        n = len(value)
        return f"{article} {name} of {n} item{'s' * (n != 1)}"
    return f"{article} {name}"


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
    if value is None:
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
