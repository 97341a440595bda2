"""Deletion and new-pupil returns as Arrow tables: the schemas and the conversions.

A table has one return per row; its columns are the dotted paths of the CSV form that
``cme validate`` reads (:mod:`cme_core.submissions`): ``school_laestab``, ``pupil.upn``,
``pupil.address.lines.0``, ``other_school.laestab``, ... A row is turned into the nested
payload of a JSON return and read by the same structuring and validation as a JSON return
(:func:`cme_core.serialization.load`): there is no second parser. A row that cannot be read
becomes problems (:class:`~cme_core.problems.Problem`) naming its row and column (never the
cell's value) and is skipped.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Final

import attrs
import pyarrow as pa

from cme_core.errors import InvalidArgument, InvalidInput
from cme_core.problems import Problem
from cme_core.returns import DeletionReturn, NewPupilReturn
from cme_core.serialization import NOT_ALLOWED, load, unstructure
from cme_core.submissions import _set_path, describe_key

LIST_ITEMS: Final[Mapping[str, int]] = {
    "lines": 4,
    "former_upns": 3,
    "parents": 2,
    "emergency_phones": 2,
    "parent_names": 2,
}
"""How many items of each list field a table holds (``pupil.address.lines.0`` to ``.3``, ...):
a return with more cannot be written as a row (:func:`returns_to_table` raises)."""

_KINDS: Final = {"deletion": DeletionReturn, "new_pupil": NewPupilReturn}


def _leaf_type(tp: Any) -> pa.DataType:
    if tp is bool:
        return pa.bool_()
    if tp is int:
        return pa.int64()
    if tp is float:
        return pa.float64()
    if tp is date:
        return pa.date32()
    if tp is str or (isinstance(tp, type) and issubclass(tp, enum.Enum)):
        return pa.string()
    raise TypeError(f"no Arrow type for {tp!r}")  # pragma: no cover - a model change


def _fields_of(cls: type, prefix: str, required: bool) -> Iterator[pa.Field]:
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(typing.cast(Any, cls)):
        tp = hints[field.name]
        if field.name == "extra" or typing.get_origin(tp) is Mapping:
            continue
        args = typing.get_args(tp)
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            tp = next(a for a in args if a is not type(None))
        name = f"{prefix}{field.name}"
        need = required and field.default is attrs.NOTHING
        if typing.get_origin(tp) is tuple:
            item = typing.get_args(tp)[0]
            for i in range(LIST_ITEMS[field.name]):
                yield from _fields_at(item, f"{name}.{i}", False)
        else:
            yield from _fields_at(tp, name, need)


def _fields_at(tp: Any, name: str, required: bool) -> Iterator[pa.Field]:
    if attrs.has(tp):
        yield from _fields_of(tp, f"{name}.", required)
    else:
        yield pa.field(name, _leaf_type(tp), nullable=not required)


def _schema(kind: str) -> pa.Schema:
    kind_field = pa.field("kind", pa.string())
    return pa.schema([kind_field, *_fields_of(_KINDS[kind], "", True)], metadata={"kind": kind})


DELETION_SCHEMA: Final[pa.Schema] = _schema("deletion")
"""The Arrow schema of a table of deletion returns: one column per field path of the CSV
form (``kind``, ``regime``, ``school_laestab``, ``pupil.pupil_id``, ``pupil.full_name``,
``pupil.date_of_birth``, ``pupil.address.lines.0``, ..., ``deleted_on``, ``ground``,
``other_school.laestab``, ...): text as ``string``, dates as ``date32``, true/false as
``bool``, whole numbers as ``int64``, enumerations by their value as ``string``. The
non-nullable columns (``regime``, ``school_laestab``, ``pupil.pupil_id``, ``deleted_on``,
``ground``) must be in a table; any other may be left out."""

NEW_PUPIL_SCHEMA: Final[pa.Schema] = _schema("new_pupil")
"""The Arrow schema of a table of new-pupil returns (as :data:`DELETION_SCHEMA`; required:
``regime``, ``school_laestab``, ``pupil.pupil_id``, ``entered_on``, ``starting_day``)."""

_SCHEMAS: Final = {"deletion": DELETION_SCHEMA, "new_pupil": NEW_PUPIL_SCHEMA}
_SCHEMA_NAMES: Final = {"deletion": "DELETION_SCHEMA", "new_pupil": "NEW_PUPIL_SCHEMA"}


def is_table(value: object) -> bool:
    """Whether ``value`` is an Arrow table or record batch."""
    return isinstance(value, pa.Table | pa.RecordBatch)


def _parts(name: str) -> tuple[str | int, ...]:
    return tuple(int(p) if p.isdigit() else p for p in name.split("."))


def _columns(table: object, kind: str) -> tuple[int, list[tuple[tuple[str | int, ...], list[Any]]]]:
    """The number of rows and, for each column of the schema holding a value, its path and
    its values; raises :class:`InvalidInput` for a column the schema does not have (named by
    position only) or a required column missing."""
    if not is_table(table):
        raise InvalidArgument(
            f"expected a pyarrow Table or RecordBatch, got {type(table).__name__}"
        )
    assert isinstance(table, pa.Table | pa.RecordBatch)
    schema, schema_name = _SCHEMAS[kind], _SCHEMA_NAMES[kind]
    names = list(table.schema.names)
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if name not in schema.names:
            label = describe_key(name, position=position)
            raise InvalidInput(f"{label} of the table is not a column of {schema_name}")
        if name in seen:
            raise InvalidInput(f"column {position} of the table repeats the column {name}")
        seen.add(name)
    for field in schema:
        if not field.nullable and field.name not in seen:
            raise InvalidInput(
                f"the table has no column {field.name}, which {schema_name} requires"
            )
    columns = []
    for name in names:
        column = table.column(name)
        if column.null_count < table.num_rows:
            columns.append((_parts(name), column.to_pylist()))
    return table.num_rows, columns


def _at_row(problem: Problem, row: int) -> Problem:
    """``problem`` of one row's payload, placed at the row: its path starts with the row
    number, its message and values name the row and the column."""
    column = ".".join(str(p) for p in problem.path)
    where = f"Row {row}, column {column}" if column else f"Row {row}"
    values = {**problem.values, "row": row, **({"column": column} if column else {})}
    return attrs.evolve(
        problem,
        path=(row, *problem.path),
        message=f"{where}: {problem.message} (the row is skipped)",
        values=values,
    )


def read_table(table: object, kind: str) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """The returns of ``kind`` in ``table``, each with its row number, and the problems of
    the rows that could not be read (skipped)."""
    cls = _KINDS[kind]
    rows, columns = _columns(table, kind)
    found: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    for row in range(rows):
        payload: dict[str, Any] = {}
        for parts, values in columns:
            value = values[row]
            if value is None:
                continue
            if type(value) is date:
                value = value.isoformat()
            _set_path(payload, parts, value)
        written = payload.pop("kind", kind)
        if written != kind:
            problems.append(_at_row(NOT_ALLOWED.problem(f"Expected {kind!r}", path=("kind",)), row))
            continue
        ret, report = load(payload, cls)
        if ret is None:
            problems.extend(_at_row(p, row) for p in report)
        else:
            found.append((row, ret))
    return found, problems


def deletions_from_table(table: object) -> tuple[tuple[DeletionReturn, ...], tuple[Problem, ...]]:
    """The deletion returns of an Arrow table (:data:`DELETION_SCHEMA`), and a
    :class:`~cme_core.problems.Problem` for each fault of a row that could not be read (the
    row is skipped; the problem's path starts with its row number). Raises
    :class:`~cme_core.errors.InvalidInput` when a required column is missing or a column is
    not one of the schema's. To keep row numbers in the results, pass the table itself to
    :func:`~cme_core.reconcile.reconcile`."""
    found, problems = read_table(table, "deletion")
    return tuple(r for _, r in found), tuple(problems)


def admissions_from_table(
    table: object,
) -> tuple[tuple[NewPupilReturn, ...], tuple[Problem, ...]]:
    """The new-pupil returns of an Arrow table (:data:`NEW_PUPIL_SCHEMA`), and the problems
    of the rows that could not be read (as :func:`deletions_from_table`)."""
    found, problems = read_table(table, "new_pupil")
    return tuple(r for _, r in found), tuple(problems)


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(item, f"{prefix}{key}.", out)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _flatten(item, f"{prefix}{i}.", out)
    else:
        out[prefix[:-1]] = value


def returns_to_table(
    returns: Iterable[DeletionReturn] | Iterable[NewPupilReturn], *, kind: str | None = None
) -> pa.Table:
    """A table of deletion or new-pupil returns (:data:`DELETION_SCHEMA` or
    :data:`NEW_PUPIL_SCHEMA`), the inverse of :func:`deletions_from_table` /
    :func:`admissions_from_table`. ``kind`` (``"deletion"`` or ``"new_pupil"``) is needed
    only when ``returns`` is empty. Raises :class:`~cme_core.errors.InvalidInput` for a return
    the table cannot hold (more list items than :data:`LIST_ITEMS`, fields kept in ``extra``);
    an empty nested object (an ``Address()`` with nothing in it) is written as absent."""
    items = list(returns)
    if kind is not None and kind not in _KINDS:
        raise InvalidArgument("kind must be 'deletion', 'new_pupil' or None")
    for i, ret in enumerate(items):
        if not isinstance(ret, DeletionReturn | NewPupilReturn):
            raise InvalidArgument(
                f"returns[{i}] must be a DeletionReturn or NewPupilReturn, got {type(ret).__name__}"
            )
        kind = ret.kind if kind is None else kind
        if ret.kind != kind:
            raise InvalidArgument(f"returns[{i}] is not a {kind} return: one kind per table")
    if kind is None:
        raise InvalidArgument("no returns: pass kind='deletion' or kind='new_pupil'")
    schema = _SCHEMAS[kind]
    dates = {f.name for f in schema if f.type == pa.date32()}
    rows = []
    for i, ret in enumerate(items):
        flat: dict[str, Any] = {}
        _flatten(unstructure(ret), "", flat)
        for name, value in flat.items():
            if schema.get_field_index(name) < 0:
                raise InvalidInput(
                    f"returns[{i}]: {describe_key(name)} has no column in {_SCHEMA_NAMES[kind]}"
                )
            if name in dates:
                flat[name] = date.fromisoformat(value)
        rows.append(flat)
    return pa.Table.from_pylist(rows, schema=schema)
