"""Field helpers shared by the attrs record classes: validators, converters and reprs.

Private: one home for what the model's modules used to write each for itself.

* :class:`FrozenDict` and :func:`freeze_mapping`, the converter for mapping fields of frozen
  classes (``extra`` and the like), so a frozen record cannot be changed through its mappings;
* :func:`redact`, the ``repr`` of a field that may hold personal data;
* :func:`iso`, a date (or ``None``) as ISO 8601 text for ``to_dict`` methods;
* :func:`tuple_of`, the body of converters for collection fields;
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
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Final, NoReturn, TypeVar

import attrs

from cme_core._checks import require_date
from cme_core.errors import InvalidArgument

__all__ = [
    "REDACTED",
    "FrozenDict",
    "date_field",
    "freeze_mapping",
    "instance_of",
    "iso",
    "optional_bool",
    "optional_date",
    "optional_str",
    "redact",
    "rehome",
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
