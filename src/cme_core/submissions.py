"""Validating returns that arrive from elsewhere (an MIS, a web form, a bulk file).

:func:`validate_return` takes one payload as plain JSON data and returns a
:class:`~cme_core.problems.Report` with every problem at once: wire problems (missing fields,
wrong types, bad dates: ``CME-WIRE-*``) and, when the payload is well formed, the content
checks of :func:`cme_core.returns.check_return` (``CME-RET-*``, UPN census rules, ...).
It never raises for bad data, whatever JSON value it is given. :func:`read_return` does the
same and also gives back the structured return in its canonical form (UPNs and LAESTABs
compact, postcodes formatted), with a WARNING (``CME-SUB-001``) for each identifier that was
not written that way, so that what is stored is the canonical form.

:func:`validate_rows` streams many payloads (from :func:`read_rows`: JSON, JSON Lines or CSV,
as bytes or text) and yields one :class:`RowResult` per row, so memory stays flat however long
the file; a malformed row is reported and the next row is read. No exception escapes either
for any input: every failure is a problem of the row. What they read and report is bounded by
:class:`Limits` (field size, nesting depth, list indexes in CSV headers, problems listed per
row and per file), so that the output is proportional to the input.

CSV files carry one return per row. Columns are dotted paths into the JSON form, list items by
index: ``kind``, ``regime``, ``school_laestab``, ``pupil.pupil_id``, ``pupil.upn``,
``pupil.full_name``, ``pupil.date_of_birth``, ``pupil.address.lines.0``,
``pupil.address.postcode``, ``pupil.parents.0.full_name``, ``pupil.parents.0.lives_with_pupil``,
``pupil.parents.0.emergency_phones.0.number``, ``deleted_on``, ``ground``, ... An empty cell is
an absent value. Cells are text, except the columns named in :data:`CSV_INTEGERS`,
:data:`CSV_NUMBERS` and :data:`CSV_BOOLEANS` (``true``/``false``), which are converted.

Nothing the caller sent is echoed into a problem: a CSV column that is not one of cme_core's
own paths is named by its position (:func:`describe_key`), and text that is not UTF-8 is
located by line and column, never quoted.

>>> report = validate_return({"kind": "deletion"}, on=__import__("datetime").date(2025, 1, 6))
>>> report.codes[:2]
('CME-WIRE-001', 'CME-WIRE-001')
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any, Final, TextIO

import attrs
import ijson

from cme_core._checks import require_date
from cme_core._fields import checked, typed_fields, unchecked
from cme_core.errors import InvalidArgument
from cme_core.identifiers import laestab, postcode, upn
from cme_core.problems import PathElement, Problem, ProblemType, Report, Severity
from cme_core.returns import ReturnContent, check_return
from cme_core.schools import School
from cme_core.serialization import load

__all__ = [
    "CSV_BOOLEANS",
    "CSV_INTEGERS",
    "CSV_NUMBERS",
    "CSV_REPORT_COLUMNS",
    "DEFAULT_LIMITS",
    "MORE_PROBLEMS",
    "UNREADABLE",
    "Limits",
    "RowResult",
    "csv_row_to_payload",
    "describe_key",
    "read_return",
    "read_rows",
    "safe_csv_cell",
    "to_text",
    "validate_return",
    "validate_rows",
    "write_report_csv",
    "write_report_json",
]

CSV_INTEGERS = frozenset({"year_group", "longest_run_school_days"})
CSV_NUMBERS = frozenset({"attendance_rate"})
CSV_BOOLEANS = frozenset(
    {"lives_with_pupil", "boarder", "consecutive", "total", "no_previous_school"}
)

_FILE = "a rule of cme_core's own file formats (JSON, JSON Lines, CSV), not of the law"

BAD_ROW = ProblemType(
    code="CME-FILE-001",
    severity=Severity.ERROR,
    title="The row is not valid JSON / CSV and could not be read",
    no_citation_reason=_FILE,
)
BAD_CELL = ProblemType(
    code="CME-FILE-002",
    severity=Severity.ERROR,
    title="A CSV cell could not be converted to the column's type",
    no_citation_reason=_FILE,
)
NOT_UTF8 = ProblemType(
    code="CME-FILE-003",
    severity=Severity.ERROR,
    title="The row is not UTF-8 text and could not be read",
    no_citation_reason=_FILE,
)
OVER_LIMIT = ProblemType(
    code="CME-FILE-004",
    severity=Severity.ERROR,
    title="A value is over a limit of the reader (field size, nesting depth, number size)",
    no_citation_reason=_FILE,
)
BAD_COLUMN = ProblemType(
    code="CME-FILE-005",
    severity=Severity.ERROR,
    title="A CSV column cannot be used as the header names it; its cells are not read",
    no_citation_reason=_FILE,
)
NOT_CHECKED = ProblemType(
    code="CME-FILE-006",
    severity=Severity.ERROR,
    title="The row could not be checked (a failure inside cme_core; please report it)",
    no_citation_reason="not a rule: cme_core could not finish checking the row",
)
NOT_CANONICAL = ProblemType(
    code="CME-SUB-001",
    severity=Severity.WARNING,
    title="An identifier is valid but not written in its standard form; store the standard form",
    no_citation_reason="each problem carries the citation of its identifier's standard",
)
PROBLEM_TYPES = (BAD_ROW, BAD_CELL, NOT_UTF8, OVER_LIMIT, BAD_COLUMN, NOT_CHECKED, NOT_CANONICAL)

MORE_PROBLEMS: Final = "more_problems"
"""The key in ``Problem.values`` of a summary problem: how many problems of its code it stands
for (see :class:`Limits`)."""


# --- limits -------------------------------------------------------------------------------------


def _count(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 0:
        raise InvalidArgument(f"Limits.{attribute.name} must be a whole number, 0 or more")


def _at_least_one(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    _count(instance, attribute, value)
    assert isinstance(value, int)
    if value < 1:
        raise InvalidArgument(f"Limits.{attribute.name} must be 1 or more")


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Limits:
    """What the bulk readers accept and how much they report, so that output stays proportional
    to input whatever a file holds.

    Pass one to :func:`read_rows`, :func:`validate_rows` or :func:`csv_row_to_payload`;
    ``None`` there means :data:`DEFAULT_LIMITS`.

    >>> Limits().max_problems_per_row, Limits(max_problems_per_row=5).max_problems_per_row
    (100, 5)
    >>> Limits(max_depth=0)
    Traceback (most recent call last):
    ...
    cme_core.errors.InvalidArgument: Limits.max_depth must be 1 or more
    """

    max_problems_per_row: int = attrs.field(default=100, validator=_count)
    """Problems listed for one row. Past it, the row's remaining problems are summarised: one
    problem per code, with that code's severity and the message "N more problems of this type",
    ``values["more_problems"]`` = N."""
    max_problems_per_file: int = attrs.field(default=10_000, validator=_count)
    """Problems listed over all the rows of one :func:`validate_rows` call. Past it, each row
    gets only the summaries (one per code), so every row still shows whether it is valid."""
    max_list_index: int = attrs.field(default=19, validator=_count)
    """The largest list index a CSV column may name (``pupil.parents.19.full_name``): the model
    has no list longer than a register needs. A column beyond it is reported
    (``CME-FILE-005``) and not read."""
    max_field_chars: int = attrs.field(default=100_000, validator=_at_least_one)
    """The longest text one CSV cell, JSON string or JSON key may have. A longer CSV cell is
    reported (``CME-FILE-004``) and left out; a JSON row with a longer string is not read.
    (Python's ``csv`` module has its own limit, ``csv.field_size_limit()``, 131,072 by
    default: a longer CSV field makes the row unreadable, ``CME-FILE-001``.)"""
    max_depth: int = attrs.field(default=32, validator=_at_least_one)
    """The deepest nesting of JSON objects and arrays in one row (the deepest the model uses is
    6: return, pupil, parents, parent, address, lines), and the most parts a CSV column's
    dotted path may have. A deeper row is not read (``CME-FILE-004``)."""


DEFAULT_LIMITS: Final = Limits()
"""The limits used when none are given."""

_MAX_INT_DIGITS: Final = 4300
"""The most digits a JSON integer may have (CPython's default ``int_max_str_digits``)."""


def _limits(limits: Limits | None) -> Limits:
    if limits is None:
        return DEFAULT_LIMITS
    if not isinstance(limits, Limits):
        raise InvalidArgument(f"limits must be a Limits, got {type(limits).__name__}")
    return limits


# --- one return ---------------------------------------------------------------------------------


@checked
def validate_return(payload: object, *, on: date, school: School | None = None) -> Report:
    """Every problem with one return payload (JSON data), judged on ``on``.

    ``school`` (optional) enables the checks that need the school (its age range). The same
    report as :func:`read_return` gives, without the structured return.
    """
    # The arguments were checked on the way in: call read_return without checking them again.
    return unchecked(read_return)(payload, on=on, school=school)[1]


@checked
def read_return(
    payload: object, *, on: date, school: School | None = None
) -> tuple[ReturnContent | None, Report]:
    """The return in ``payload`` (JSON data), structured and canonical, and every problem with
    it judged on ``on``.

    The return is ``None`` when the payload could not be read (its wire problems say why);
    otherwise it is the structured return with each valid identifier in its standard form:
    UPNs (and former UPNs) compact and upper case, postcodes upper case with one space before
    the inward code, LAESTABs as seven digits. Each identifier that was valid but not written
    that way gets a WARNING, ``CME-SUB-001`` (the value itself is never repeated), so that an
    LA stores the canonical form. Invalid identifiers are left as given (their problems say
    why).

    >>> from datetime import date
    >>> ret, report = read_return({"kind": "deletion", "regime": "2024",
    ...     "school_laestab": "801/2000", "deleted_on": "2025-01-06", "ground": "9(1)(g)",
    ...     "pupil": {"pupil_id": "P1", "upn": "b801 2000 05001"}}, on=date(2025, 1, 6))
    >>> ret.pupil.upn, ret.school_laestab
    ('B801200005001', '8012000')
    >>> [(p.code, p.json_path) for p in report.warnings]
    [('CME-SUB-001', '$.school_laestab'), ('CME-SUB-001', '$.pupil.upn')]
    """
    ret, report = load(payload, ReturnContent)  # type: ignore[arg-type]
    if ret is None:
        return None, report
    content: ReturnContent = ret
    # ``content`` was structured as a return and ``on``/``school`` checked on the way in.
    checked = unchecked(check_return)(content, on=on, school=school)
    canonical, changed = _canonical(content)
    if not report.problems and not changed.problems:
        return canonical, checked  # equal to Report.of(report, checked, changed), built once
    return canonical, Report.of(report, checked, changed)


_UPN_STANDARD = "UK Government Data Standards Catalogue, Unique Pupil Number v2.0"
_POSTCODE_STANDARD = "Royal Mail postcode formats (Programmers' Address File conventions)"
_LAESTAB_STANDARD = "DfE Get Information about Schools (GIAS): LAESTAB, seven digits"


def _standard_upn(value: str | None) -> str | None:
    return upn.compact(value) if isinstance(value, str) and upn.is_valid(value) else None


def _standard_postcode(value: str | None) -> str | None:
    return postcode.format(value) if isinstance(value, str) and postcode.is_valid(value) else None


def _standard_laestab(value: str | None) -> str | None:
    return laestab.compact(value) if isinstance(value, str) and laestab.is_valid(value) else None


class _Canonicaliser:
    """Rewrites identifiers to their standard form, noting a WARNING for each one changed."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def note(self, what: str, path: tuple[PathElement, ...], citation: str) -> None:
        self.found.append(
            NOT_CANONICAL.problem(
                f"The {what} is valid but not written in its standard form; "
                "store the standard form (the canonical return has it)",
                path=path,
                values={"identifier": what},
                citation=citation,
            )
        )

    def upn(self, value: str, path: tuple[PathElement, ...]) -> str:
        if type(value) is str and upn.compact(value) == value:
            return value  # already compact: the standard form, or invalid and left as given
        std = _standard_upn(value)
        if std is None or std == value:
            return value
        self.note("UPN", path, _UPN_STANDARD)
        return std

    def laestab(self, value: str, path: tuple[PathElement, ...]) -> str:
        if type(value) is str and laestab.compact(value) == value:
            return value  # already compact: the standard form, or invalid and left as given
        std = _standard_laestab(value)
        if std is None or std == value:
            return value
        self.note("LAESTAB", path, _LAESTAB_STANDARD)
        return std

    def address(self, address: Any, path: tuple[PathElement, ...]) -> Any:
        value = getattr(address, "postcode", None)
        if value is None or (type(value) is str and postcode._WRITTEN.fullmatch(value) is not None):
            return address  # no postcode, or already in standard form
        std = _standard_postcode(value)
        if std is None or std == value:
            return address
        self.note("postcode", (*path, "postcode"), _POSTCODE_STANDARD)
        return attrs.evolve(address, postcode=std)

    def evolve(self, obj: Any, path: tuple[PathElement, ...]) -> Any:
        """``obj`` (a model object) with its identifier fields in standard form."""
        changes: dict[str, Any] = {}
        cls = type(obj)
        plan = _PLANS.get(cls)
        if plan is None:
            plan = _PLANS[cls] = _plan(cls)
        laestabs, has_upn, has_formers, children = plan
        for name in laestabs:
            value = getattr(obj, name)
            if isinstance(value, str) and (new := self.laestab(value, (*path, name))) != value:
                changes[name] = new
        if has_upn and isinstance(obj.upn, str):
            new = self.upn(obj.upn, (*path, "upn"))
            if new != obj.upn:
                changes["upn"] = new
        if has_formers and obj.former_upns:
            formers = tuple(
                self.upn(f, (*path, "former_upns", i)) if isinstance(f, str) else f
                for i, f in enumerate(obj.former_upns)
            )
            if formers != tuple(obj.former_upns):
                changes["former_upns"] = formers
        self.children(obj, children, path, changes)
        return attrs.evolve(obj, **changes) if changes else obj

    def children(
        self,
        obj: Any,
        names: Iterable[str],
        path: tuple[PathElement, ...],
        changes: dict[str, Any],
    ) -> None:
        """Put into ``changes`` each of ``obj``'s child objects ``names`` (parents, address,
        nested records) that the walk changed."""
        for name in names:
            child = getattr(obj, name)
            if child is None:
                continue
            if name == "parents":
                new_child: Any = tuple(
                    self.evolve(p, (*path, name, i)) for i, p in enumerate(child)
                )
                changed = new_child != tuple(child)
            elif name == "address":
                new_child = self.address(child, (*path, name))
                changed = new_child is not child
            else:
                new_child = self.evolve(child, (*path, name))
                changed = new_child is not child
            if changed:
                changes[name] = new_child


_CHILDREN: Final = frozenset(
    {
        "pupil",
        "parents",
        "address",
        "future_address",
        "last_school",
        "other_school",
        "dual_registered_with",
    }
)
"""The fields of the return model that hold a model object with identifiers in it."""


_Plan = tuple[tuple[str, ...], bool, bool, tuple[str, ...]]
_PLANS: dict[type, _Plan] = {}
""":func:`_plan` per class met so far (the model's classes: a handful)."""


def _plan(cls: type) -> _Plan:
    """What :meth:`_Canonicaliser.evolve` visits in an object of ``cls`` (an attrs class), in
    order: its LAESTAB fields, whether it has ``upn`` and ``former_upns``, its child fields.
    Worked out once per class."""
    names = {f.name for f in attrs.fields(cls)}
    return (
        tuple(sorted(names & {"school_laestab", "laestab"})),
        "upn" in names,
        "former_upns" in names,
        tuple(sorted(names & _CHILDREN)),
    )


def _canonical(content: ReturnContent) -> tuple[ReturnContent, Report]:
    fixer = _Canonicaliser()
    try:
        canonical: ReturnContent = fixer.evolve(content, ())
    except Exception:  # a model change this walk does not know: keep the return as read
        return content, _NO_CHANGES
    return canonical, Report(problems=fixer.found) if fixer.found else _NO_CHANGES


_NO_CHANGES: Final = Report()
"""The report of a return already in canonical form (frozen, so one is shared)."""


# --- bulk results -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class RowResult:
    """The result for one row of a bulk file (``row`` is 1-based, as editors count lines).

    ``value`` is the structured return in canonical form (see :func:`read_return`) when the
    row could be read as one, else ``None``; ``readable`` is False when the row could not be
    read at all (not JSON or CSV, not UTF-8, over a limit). Neither is part of
    :meth:`to_dict`, which carries no personal data.
    """

    row: int
    report: Report
    pupil_id: str | None = None
    value: ReturnContent | None = attrs.field(default=None, repr=False)
    readable: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The row number, pupil id and the report as JSON-compatible data."""
        return {"row": self.row, "pupil_id": self.pupil_id, **self.report.to_dict()}


# --- safe descriptions --------------------------------------------------------------------------

_INDEX = re.compile(r"[0-9]{1,4}")
"""A list index in a CSV column name: ASCII digits, at most 9999 (and at most
``Limits.max_list_index``)."""
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _type_classes(tp: Any) -> Iterator[type]:
    if isinstance(tp, type):
        yield tp
    for arg in typing.get_args(tp):
        yield from _type_classes(arg)


@functools.cache
def _vocabulary() -> frozenset[str]:
    """The field names of every class a return is made of: cme_core's own words."""
    names = {"kind"}
    seen: set[type] = set()
    todo = list(_type_classes(ReturnContent))
    while todo:
        cls = todo.pop()
        if cls in seen or not attrs.has(cls):
            continue
        seen.add(cls)
        try:
            hints = typing.get_type_hints(cls)
        except Exception:  # pragma: no cover - an annotation that cannot be resolved
            hints = {}
        for field in attrs.fields(cls):
            names.add(field.name)
            todo.extend(_type_classes(hints.get(field.name)))
    return frozenset(names)


_SMALL_INDEX = re.compile(r"[0-9]{1,2}")


def _is_own_path(key: str) -> bool:
    """Whether ``key`` is a dotted path of cme_core's own words: field names of the model, each
    optionally followed by a list index of one or two digits (so that no run of digits, such
    as a date, passes for a path)."""
    if not key or len(key) > 200:
        return False
    words = _vocabulary()
    after_word = False
    for part in key.split("."):
        if part in words:
            after_word = True
        elif after_word and _SMALL_INDEX.fullmatch(part):
            after_word = False
        else:
            return False
    return True


def describe_key(key: object, *, position: int | None = None) -> str:
    """A description of a key the caller chose (a CSV header, a JSON key) that is safe to print.

    A key that is one of cme_core's own paths (field names of the model and list indexes, such
    as ``pupil.parents.0.full_name``) is shown as it is: those words are cme_core's, not the
    caller's. Any other key is described by its ``position`` (1-based column) and its length
    only, never by its text, not even its first characters: a header may be a pupil's name,
    and may hold control characters that rewrite a terminal.

    >>> describe_key("pupil.upn", position=5)
    'column 5 (pupil.upn)'
    >>> describe_key("Sam Example", position=7)
    'column 7'
    >>> describe_key("Sam Example")
    'a name of 11 characters that is not part of the model'
    """
    own = isinstance(key, str) and _is_own_path(key)
    if position is not None:
        return f"column {position} ({key})" if own else f"column {position}"
    if own:
        assert isinstance(key, str)
        return key
    length = len(key) if isinstance(key, str) else 0
    return f"a name of {length} characters that is not part of the model"


def _escape_controls(text: str) -> str:
    """``text`` with control characters (ESC, CR, ...) and lone surrogates written as escapes."""
    if _CONTROL.search(text) is None and _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(
        lambda m: f"\\u{ord(m.group()):04x}",
        _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text),
    )


# --- CSV columns --------------------------------------------------------------------------------


class _CellClash(ValueError):
    """Two CSV columns disagree on the shape of the data (a value and an object)."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class _Column:
    """One usable column of a CSV header, planned once for every row."""

    position: int
    parts: tuple[str | int, ...]
    leaf: str
    path: tuple[PathElement, ...]
    """The column's path in problems: the whole path when it is cme_core's own, else its part
    before the first name that is not (so the caller's text never appears)."""
    label: str
    """How messages name the column (:func:`describe_key`)."""
    steps: tuple[tuple[str | int, str, bool], ...] = ()
    """The way down to the cell's container, compiled from ``parts``: for each part but the
    last, the part, its text as a key, and whether the next part is a list index."""
    last: str | int = ""
    """The last part (the cell's key or index); :meth:`put` places the cell there."""
    plain: bool = True
    """Whether the cell is text as it is (else :func:`_convert_cell` converts it)."""

    def put(self, data: dict[str, Any], text: str) -> None:
        """Place the cell ``text`` (converted) in ``data`` at this column's path: the same
        result and the same errors as :func:`_set_path`, without working out the shape of the
        path again for every cell."""
        value = text if self.plain else _convert_cell(self.leaf, text)
        node: Any = data
        for part, key, make_list in self.steps:
            kind = type(node)
            if kind is list:
                if type(part) is not int:
                    raise _CellClash("a list index must be a number")
                while len(node) <= part:
                    node.append(None)
                child = node[part]
                if child is None:
                    child = node[part] = [] if make_list else {}
                node = child
            elif kind is dict:
                child = node.get(key)
                if child is None:
                    child = node[key] = [] if make_list else {}
                node = child
            else:
                raise _CellClash("a column gives a value where another gives an object")
        last = self.last
        if type(node) is list:
            if type(last) is not int:
                raise _CellClash("a list index must be a number")
            while len(node) <= last:
                node.append(None)
            if node[last] is not None:
                raise _CellClash("two columns give the same value")
            node[last] = value
        elif type(node) is dict:
            key = str(last)
            if key in node:
                raise _CellClash("two columns give the same value")
            node[key] = value
        else:
            raise _CellClash("a column gives a value where another gives an object")


def _plan_column(name: str, position: int, limits: Limits) -> _Column | Problem:
    label = describe_key(name, position=position)
    values = {"column": position}
    raw_parts = name.split(".")
    if len(raw_parts) > limits.max_depth:
        return BAD_COLUMN.problem(
            f"The name of {label} has more parts than the limit ({limits.max_depth})",
            values={**values, "limit": "max_depth", "allowed": limits.max_depth},
        )
    parts: list[str | int] = []
    for part in raw_parts:
        if _INDEX.fullmatch(part):
            index = int(part)
            if index > limits.max_list_index:
                return BAD_COLUMN.problem(
                    f"The name of {label} has a list index over the limit "
                    f"({limits.max_list_index})",
                    values={**values, "limit": "max_list_index", "allowed": limits.max_list_index},
                )
            parts.append(index)
        else:
            parts.append(part)
    words = _vocabulary()
    path: list[PathElement] = []
    for step in parts:
        if isinstance(step, str) and step not in words:
            break
        path.append(step)
    leaf = raw_parts[-1]
    steps = tuple(
        (part, str(part), isinstance(parts[i + 1], int)) for i, part in enumerate(parts[:-1])
    )
    return _Column(
        position=position,
        parts=tuple(parts),
        leaf=leaf,
        path=tuple(path),
        label=label,
        steps=steps,
        last=parts[-1],
        plain=leaf not in CSV_BOOLEANS and leaf not in CSV_INTEGERS and leaf not in CSV_NUMBERS,
    )


def _plan_columns(
    names: Sequence[str], limits: Limits
) -> tuple[list[_Column | None], list[Problem]]:
    """The usable columns of a header, by position (None: not read), and its problems."""
    last: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        last[name] = position
    columns: list[_Column | None] = []
    problems: list[Problem] = []
    for position, name in enumerate(names, start=1):
        if _SURROGATE.search(name):
            problems.append(
                BAD_COLUMN.problem(
                    f"The name of column {position} is not UTF-8 text",
                    values={"column": position},
                )
            )
            columns.append(None)
            continue
        if last[name] != position:
            label = describe_key(name, position=position)
            problems.append(
                BAD_COLUMN.problem(
                    f"The header gives {label} the same name as column {last[name]}; "
                    f"only column {last[name]} is read",
                    values={"column": position, "same_as": last[name]},
                )
            )
            columns.append(None)
            continue
        planned = _plan_column(name, position, limits)
        if isinstance(planned, Problem):
            problems.append(planned)
            columns.append(None)
        else:
            columns.append(planned)
    return columns, problems


def _set_path(target: dict[str, Any], parts: Sequence[str | int], value: object) -> None:
    """The reference walk that places ``value`` at ``parts`` in ``target``, working out the
    path's shape as it goes; :meth:`_Column.put` does the same from a plan compiled once per
    header (tests/test_fast_path.py holds the two to the same results)."""
    node: Any = target
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        nxt_is_index = not last and isinstance(parts[i + 1], int)
        if isinstance(node, list):
            if not isinstance(part, int):
                raise _CellClash("a list index must be a number")
            while len(node) <= part:
                node.append(None)
            if last:
                if node[part] is not None:
                    raise _CellClash("two columns give the same value")
                node[part] = value
            else:
                if node[part] is None:
                    node[part] = [] if nxt_is_index else {}
                node = node[part]
        elif isinstance(node, dict):
            key = str(part)
            if last:
                if key in node:
                    raise _CellClash("two columns give the same value")
                node[key] = value
            else:
                node = node.setdefault(key, [] if nxt_is_index else {})
        else:
            raise _CellClash("a column gives a value where another gives an object")


def _convert_cell(leaf: str, text: str) -> object:
    if leaf in CSV_BOOLEANS:
        lowered = text.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise ValueError("expected true or false")
    if leaf in CSV_INTEGERS:
        if not _INTEGER.fullmatch(text) or len(text) > 30:
            raise ValueError("expected a whole number (of at most 30 characters)")
        return int(text)
    if leaf in CSV_NUMBERS:
        if not _NUMBER.fullmatch(text) or len(text) > 30:
            raise ValueError("expected a number (of at most 30 characters)")
        return float(text)
    return text


def _cells_to_payload(
    columns: Sequence[_Column | None], cells: Sequence[str], limits: Limits
) -> tuple[dict[str, Any], list[Problem]]:
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    if any(cells[len(columns) :]):
        problems.append(
            BAD_CELL.problem(
                "Cells beyond the last column of the header",
                values={"column": len(columns) + 1},
            )
        )
    for column, text in zip(columns, cells, strict=False):
        if column is None or not text:
            continue
        values = {"column": column.position}
        if len(text) > limits.max_field_chars:
            problems.append(
                OVER_LIMIT.problem(
                    f"The cell in {column.label} is longer than the limit "
                    f"({limits.max_field_chars} characters); it is not read",
                    path=column.path,
                    values={
                        **values,
                        "limit": "max_field_chars",
                        "allowed": limits.max_field_chars,
                    },
                )
            )
            continue
        try:
            column.put(data, text)
        except ValueError as exc:  # _CellClash too
            problems.append(
                BAD_CELL.problem(
                    f"The cell in {column.label} cannot be used: {exc}",
                    path=column.path,
                    values=values,
                )
            )
    return data, problems


@checked
def csv_row_to_payload(
    row: Mapping[str | None, Any], *, limits: Limits | None = None
) -> tuple[dict[str, Any], Report]:
    """Unflatten one CSV row (a mapping of column name to cell, in header order, as
    :class:`csv.DictReader` gives) into JSON data, reporting cells that could not be used (a
    value that does not convert, cells beyond the header, columns that clash or that the
    header names badly) rather than dropping them. Columns are named in problems by position
    (:func:`describe_key`)."""
    lim = _limits(limits)
    names = [name for name in row if name is not None]
    columns, header_problems = _plan_columns(names, lim)
    cells = ["" if row[name] is None else str(row[name]) for name in names]
    data, problems = _cells_to_payload(columns, cells, lim)
    if row.get(None):  # cells beyond the header
        problems.append(
            BAD_CELL.problem(
                "Cells beyond the last column of the header", values={"column": len(names) + 1}
            )
        )
    return data, Report.of(header_problems, problems)


# --- decoding -----------------------------------------------------------------------------------

_UTF8_BOM: Final = b"\xef\xbb\xbf"
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_ASCII_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENCODING_NAMES: Final = {
    "cp1252": "Windows-1252 (cp1252)",
    "latin-1": "Latin-1 (ISO 8859-1)",
    "utf-16": "UTF-16",
}


def _likely_encoding(raw: bytes) -> str | None:
    """The encoding ``raw`` (a line that is not UTF-8) looks like: "cp1252", "latin-1" or None.

    cp1252/Latin-1 when every byte that is not UTF-8 is a character there and the line is
    otherwise plain text (no control characters, few such bytes); cp1252 rather than Latin-1
    when one of those bytes is one of cp1252's own (0x80-0x9F). A UTF-16 byte-order mark is
    recognised at the start of the file, not here."""
    text = raw.decode("utf-8", "surrogateescape")
    bad = bytes(ord(c) - 0xDC00 for c in text if "\udc80" <= c <= "\udcff")
    if not bad or 3 * len(bad) > len(raw) or _ASCII_CONTROLS.search(raw):
        return None
    try:
        bad.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "cp1252" if any(0x80 <= b <= 0x9F for b in bad) else "latin-1"


def _to_bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")  # bytes a lenient decoder let through
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")  # other lone surrogates: not UTF-8


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class _BadText:
    """Where text stopped being UTF-8 (None: not known, for a text stream that failed)."""

    line: int | None = None
    column: int | None = None
    likely_encoding: str | None = None

    def problem(self) -> Problem:
        values: dict[str, Any] = {}
        where = ""
        if self.line is not None and self.column is not None:
            values = {"line": self.line, "column": self.column}
            where = f" (line {self.line}, column {self.column})"
        advice = ""
        if self.likely_encoding is not None:
            values["likely_encoding"] = self.likely_encoding
            advice = f"; it looks like {_ENCODING_NAMES[self.likely_encoding]}: save it as UTF-8"
        return NOT_UTF8.problem(f"The text is not UTF-8{where}{advice}", values=values)


class _NotUtf8(Exception):
    def __init__(self, bad: _BadText) -> None:
        super().__init__("not UTF-8")
        self.bad = bad


def _bad_in_bytes(raw: bytes, start: int, line: int, column_base: int = 0) -> _BadText:
    """The first bad byte at ``raw[start]``, on ``line``; ``raw`` starts at a line start
    unless ``column_base`` (characters before it on that line) is given."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8")) + 1
    if line_start == 0:
        column += column_base
    end = raw.find(b"\n", start)
    end = len(raw) if end < 0 else end
    sample = raw[line_start : min(end, start + 4096)]
    return _BadText(line=line, column=column, likely_encoding=_likely_encoding(sample))


def _is_binary(stream: object, fmt: str) -> bool:
    """Whether ``stream`` gives bytes (decided per line for an iterable of lines)."""
    read = getattr(stream, "read", None)
    if read is None:
        if fmt != "json" and isinstance(stream, Iterable) and not isinstance(stream, str | bytes):
            return False  # an iterable of lines, as csv.reader takes: each line decides
        raise InvalidArgument(f"stream must be a readable file object, got {type(stream).__name__}")
    return isinstance(read(0), bytes | bytearray)


_BARE_CR = re.compile(rb"\r(?!\n)")


def _split_bare_cr(raw: bytes) -> list[bytes]:
    """``raw`` (a line up to ``\\n``) split after each lone CR, the line end of old Mac files,
    as a text stream's universal newlines split it."""
    if b"\r" not in raw:
        return [raw]
    parts: list[bytes] = []
    start = 0
    for found in _BARE_CR.finditer(raw):
        if found.end() < len(raw):
            parts.append(raw[start : found.end()])
            start = found.end()
    parts.append(raw[start:])
    return parts


def _decoded(raw: bytes, number: int) -> tuple[str, _BadText | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", "surrogateescape"), _bad_in_bytes(raw, exc.start, number)


def _checked(text: str, number: int) -> tuple[str, _BadText | None]:
    found = _SURROGATE.search(text)
    if found is None:
        return text, None
    likely = _likely_encoding(_to_bytes(text))
    return text, _BadText(line=number, column=found.start() + 1, likely_encoding=likely)


def _lines(stream: Iterable[Any], binary: bool) -> Iterator[tuple[str, _BadText | None]]:
    """The lines of ``stream`` as text (line endings kept), each with where it stops being
    UTF-8 (None when it is UTF-8). A UTF-8 BOM at the start is dropped; a UTF-16 one ends the
    reading with one bad line. Bytes are split at CR, LF and CRLF, as text streams are."""
    number = 0
    it = iter(stream)
    while True:
        try:
            item = next(it)
        except StopIteration:
            return
        except UnicodeDecodeError:  # a text stream decoding strictly: it cannot go on
            yield "", _BadText()
            return
        if not (binary or isinstance(item, bytes | bytearray)):
            number += 1
            text = str(item)
            yield _checked(text[1:] if number == 1 and text.startswith("\ufeff") else text, number)
            continue
        for raw in _split_bare_cr(bytes(item)):
            number += 1
            if number == 1:
                if raw.startswith(_UTF16_BOMS):
                    yield "", _BadText(line=1, column=1, likely_encoding="utf-16")
                    return
                raw = raw.removeprefix(_UTF8_BOM)
            yield _decoded(raw, number)


class _Utf8Bytes:
    """The bytes of a stream (bytes or text) for ijson, checked as they go: a UTF-8 BOM at the
    start is dropped; at the first byte that is not UTF-8 it raises :class:`_NotUtf8` (with the
    line and column), and at a run of more than 4,300 ASCII digits :class:`_RowProblem` (ijson's
    C backend cannot convert such a number and fails badly). Each is raised on the read after
    the one that returned the good bytes before it, so that the rows before it are read."""

    def __init__(self, stream: IO[Any], binary: bool) -> None:
        self.stream = stream
        self.binary = binary
        self.pending = b""
        self.started = False
        self.line = 1
        self.column = 0  # characters already seen on the current line
        self.digits = 0  # ASCII digits at the end of what has been returned
        self.eof = False
        self.error: Exception | None = None

    def _raw(self, size: int) -> bytes:
        try:
            chunk = self.stream.read(size)
        except UnicodeDecodeError:  # a text stream decoding strictly
            raise _NotUtf8(_BadText()) from None
        if not chunk:
            self.eof = True
            return b""
        return bytes(chunk) if self.binary else _to_bytes(chunk)

    def _start(self, size: int) -> bytes:
        data = b""
        while len(data) < 3 and not self.eof:
            data += self._raw(max(size, 3))
        self.started = True
        if data.startswith(_UTF16_BOMS):
            raise _NotUtf8(_BadText(line=1, column=1, likely_encoding="utf-16"))
        return data[3:] if data.startswith(_UTF8_BOM) else data

    def read(self, size: int = -1) -> bytes:
        """Up to about ``size`` bytes of valid UTF-8 (b"" only at the end)."""
        if size == 0:
            return b""
        if self.error is not None:
            raise self.error
        size = 65536 if size < 0 else size
        while True:
            chunk = self._raw(size) if self.started else self._start(size)
            good, error = self._utf8(self.pending + chunk)
            good, error = self._short_numbers(good, error)
            self._advance(good)
            if error is not None:
                if not good:
                    raise error
                self.error = error
                return good
            if good or self.eof:
                return good

    def _utf8(self, data: bytes) -> tuple[bytes, Exception | None]:
        """The valid UTF-8 start of ``data`` (keeping a sequence cut by the chunk's end)."""
        self.pending = b""
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            truncated = exc.end == len(data) and exc.reason == "unexpected end of data"
            if truncated and not self.eof:
                self.pending = data[exc.start :]
                return data[: exc.start], None
            line = self.line + data.count(b"\n", 0, exc.start)
            bad = _bad_in_bytes(data, exc.start, line, self.column)
            return data[: exc.start], _NotUtf8(bad)
        return data, None

    def _short_numbers(
        self, good: bytes, error: Exception | None
    ) -> tuple[bytes, Exception | None]:
        """``good`` up to a run of more than 4,300 digits (counting those before it)."""
        lead = len(good) - len(good.lstrip(_DIGITS))
        cut = None
        if self.digits + lead > _MAX_INT_DIGITS:
            cut = _MAX_INT_DIGITS - self.digits
        else:
            found = _LONG_DIGITS.search(good)
            if found is not None:
                cut = found.start() + _MAX_INT_DIGITS
        if cut is not None:
            return good[:cut], _RowProblem(_too_many_digits())
        trail = len(good) - len(good.rstrip(_DIGITS))
        self.digits = self.digits + len(good) if trail == len(good) else trail
        return good, error

    def _advance(self, good: bytes) -> None:
        newlines = good.count(b"\n")
        if newlines:
            self.line += newlines
            self.column = len(good[good.rfind(b"\n") + 1 :].decode("utf-8"))
        else:
            self.column += len(good.decode("utf-8"))


_DIGITS: Final = b"0123456789"
_LONG_DIGITS: Final = re.compile(rb"[0-9]{%d}" % (_MAX_INT_DIGITS + 1))


def _too_many_digits() -> Problem:
    return _over(
        f"A number has more than {_MAX_INT_DIGITS} digits", "number_digits", _MAX_INT_DIGITS
    )


# --- reading ------------------------------------------------------------------------------------

UNREADABLE = object()
"""The payload of a row that could not be read (its report says why)."""

_FORMATS: Final = ("jsonl", "json", "csv")

_Row = tuple[int, object, Report]


@checked
def read_rows(
    stream: IO[str] | IO[bytes] | TextIO | Iterable[str] | Iterable[bytes],
    *,
    fmt: str,
    limits: Limits | None = None,
) -> Iterator[_Row]:
    """Rows of a bulk file as (row number, JSON data or :data:`UNREADABLE`, report of reading
    problems).

    ``fmt`` is ``"jsonl"``, ``"json"`` (one object or an array) or ``"csv"``. ``stream`` is a
    binary stream (``open(path, "rb")``, ``sys.stdin.buffer``: the reader decodes it as UTF-8,
    with or without a byte-order mark) or a text stream. Memory stays flat however long the
    file: JSON Lines and CSV are read line by line, and a JSON array item by item (with
    ``ijson``).

    Nothing in the input makes it raise: a row that cannot be read is yielded as
    :data:`UNREADABLE` with its problems, and the next row is read. A line (JSON Lines) or
    record (CSV) with bytes that are not UTF-8 is such a row (``CME-FILE-003``, with the
    ``line`` and ``column`` of the first bad byte and, where it can be recognised, the
    ``likely_encoding``); so is a JSON document that stops being UTF-8, or valid JSON, at that
    item (reading stops there: a JSON document cannot be re-synchronised, JSON Lines can).
    ``limits`` (:class:`Limits`) bounds field size and nesting depth; CSV header problems are
    reported once, with the first row. Raises :class:`~cme_core.errors.InvalidArgument` for
    an unknown ``fmt``, or a ``stream`` that is not a readable file object.

    >>> import io
    >>> rows = read_rows(io.BytesIO(b'\\xef\\xbb\\xbf{"kind": "deletion"}\\n\\xff\\n'), fmt="jsonl")
    >>> [(n, r.codes) for n, _, r in rows]
    [(1, ()), (2, ('CME-FILE-003',))]
    """
    if fmt not in _FORMATS:
        raise InvalidArgument(f"unknown format: expected one of {', '.join(_FORMATS)}")
    lim = _limits(limits)
    binary = _is_binary(stream, fmt)
    if fmt == "jsonl":
        return _read_jsonl(stream, binary, lim)
    if fmt == "csv":
        return _read_csv(stream, binary, lim)
    return _read_json(typing.cast(IO[Any], stream), binary, lim)


def _unreadable(problem: Problem) -> Report:
    return Report(problems=(problem,))


def _over(message: str, limit: str, allowed: int) -> Problem:
    return OVER_LIMIT.problem(message, values={"limit": limit, "allowed": allowed})


class _RowProblem(Exception):
    """Raised inside the JSON parser's hooks: the row cannot be read, for ``problem``."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _reject_constant(name: str) -> object:
    # name is one of the parser's own three words: NaN, Infinity, -Infinity
    raise _RowProblem(BAD_ROW.problem(f"Not JSON: {name} is not a JSON value"))


def _parse_int(text: str) -> int:
    if len(text) - text.startswith("-") > _MAX_INT_DIGITS:
        raise _RowProblem(_too_many_digits())
    return int(text)


def _check_json(value: object, limits: Limits) -> Problem | None:
    """The first limit ``value`` (parsed JSON) goes over, walking it without recursion."""
    todo: list[tuple[object, int]] = [(value, 1)]
    while todo:
        node, depth = todo.pop()
        if isinstance(node, str):
            if len(node) > limits.max_field_chars:
                return _too_long(limits)
        elif isinstance(node, dict | list):
            if depth > limits.max_depth:
                return _too_deep(limits)
            if isinstance(node, dict):
                for key, item in node.items():
                    if len(key) > limits.max_field_chars:
                        return _too_long(limits)
                    todo.append((item, depth + 1))
            else:
                todo.extend((item, depth + 1) for item in node)
    return None


def _too_long(limits: Limits) -> Problem:
    return _over(
        f"A text value is longer than the limit ({limits.max_field_chars} characters)",
        "max_field_chars",
        limits.max_field_chars,
    )


def _too_deep(limits: Limits) -> Problem:
    return _over(
        f"The JSON is nested deeper than the limit ({limits.max_depth})",
        "max_depth",
        limits.max_depth,
    )


def _parse_line(text: str, limits: Limits) -> tuple[object, Report]:
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        return UNREADABLE, _unreadable(
            BAD_ROW.problem(
                f"Not JSON: {exc.msg} (column {exc.colno})", values={"column": exc.colno}
            )
        )
    except _RowProblem as exc:
        return UNREADABLE, _unreadable(exc.problem)
    except RecursionError:
        return UNREADABLE, _unreadable(_too_deep(limits))
    except (ValueError, OverflowError):  # pragma: no cover - a number json cannot convert
        return UNREADABLE, _unreadable(BAD_ROW.problem("Not JSON: a number cannot be read"))
    over = _check_json(value, limits)
    if over is not None:
        return UNREADABLE, _unreadable(over)
    return value, Report()


def _read_jsonl(stream: Iterable[Any], binary: bool, limits: Limits) -> Iterator[_Row]:
    for number, (text, bad) in enumerate(_lines(stream, binary), start=1):
        if bad is not None:
            yield number, UNREADABLE, _unreadable(bad.problem())
            continue
        if not text.strip():
            continue
        value, report = _parse_line(text, limits)
        yield number, value, report


class _Feed:
    """Lines for :func:`csv.reader`, remembering where the current record stops being UTF-8."""

    def __init__(self, lines: Iterator[tuple[str, _BadText | None]]) -> None:
        self.lines = lines
        self.bad: _BadText | None = None

    def __iter__(self) -> Iterator[str]:
        for text, bad in self.lines:
            if bad is not None and self.bad is None:
                self.bad = bad
            yield text

    def take_bad(self) -> _BadText | None:
        bad, self.bad = self.bad, None
        return bad


def _csv_error(exc: csv.Error) -> Problem:
    message = _escape_controls(str(exc))[:200]  # the csv module's own words, never a cell
    return BAD_ROW.problem(f"Not CSV: {message}")


def _read_csv(stream: Iterable[Any], binary: bool, limits: Limits) -> Iterator[_Row]:
    feed = _Feed(_lines(stream, binary))
    reader = csv.reader(feed)
    try:
        header = next(reader)
    except StopIteration:
        bad = feed.take_bad()
        if bad is not None:
            yield 1, UNREADABLE, _unreadable(bad.problem())
        return
    except csv.Error as exc:
        yield 1, UNREADABLE, _unreadable(_csv_error(exc))
        return
    header_bad = feed.take_bad()
    columns, header_problems = _plan_columns(header, limits)
    pending = Report.of([header_bad.problem()] if header_bad else [], header_problems)
    number = 1
    yielded = False
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a malformed line: report it and read on
            feed.take_bad()
            yield number, UNREADABLE, pending + _unreadable(_csv_error(exc))
            pending, yielded = Report(), True
            continue
        bad = feed.take_bad()
        if bad is not None:
            yield number, UNREADABLE, pending + _unreadable(bad.problem())
            pending, yielded = Report(), True
            continue
        if not cells:  # a blank line is not a row
            number -= 1
            continue
        payload, problems = _cells_to_payload(columns, cells, limits)
        yield number, payload, Report.of(pending, problems)
        pending, yielded = Report(), True
    if pending and not yielded:  # a header with problems and no rows: report the header
        yield 1, UNREADABLE, pending


_STARTS: Final = frozenset({"start_map", "start_array"})
_ENDS: Final = frozenset({"end_map", "end_array"})


def _json_scalar(value: Any, limits: Limits) -> tuple[object, Problem | None]:
    if isinstance(value, Decimal):
        return float(value), None  # 1e999 is inf, as json.loads reads it; the wire rejects it
    if isinstance(value, str) and len(value) > limits.max_field_chars:
        return None, _too_long(limits)
    return value, None


def _build(first: tuple[str, Any], events: Iterator[tuple[str, Any]], limits: Limits) -> _Row:
    """One JSON value from ijson's events, starting at ``first``: (0, value, report)."""
    kind, value = first
    if kind not in _STARTS:
        scalar, problem = _json_scalar(value, limits)
        return (0, UNREADABLE, _unreadable(problem)) if problem else (0, scalar, Report())
    root: Any = {} if kind == "start_map" else []
    stack: list[Any] = [root]
    depth = 1
    key = ""
    over: Problem | None = _too_deep(limits) if depth > limits.max_depth else None
    for kind, value in events:
        if kind in _ENDS:
            depth -= 1
            if depth == 0:
                break
            if over is None:
                stack.pop()
            continue
        if kind in _STARTS:
            depth += 1
            if over is None and depth > limits.max_depth:
                over = _too_deep(limits)
            if over is not None:
                continue
            child: Any = {} if kind == "start_map" else []
        elif over is not None:
            continue
        elif kind == "map_key":
            if len(value) > limits.max_field_chars:
                over = _too_long(limits)
            key = value
            continue
        else:
            child, over = _json_scalar(value, limits)
            if over is not None:
                continue
        parent = stack[-1]
        if isinstance(parent, dict):
            parent[key] = child
        else:
            parent.append(child)
        if kind in _STARTS:
            stack.append(child)
    if over is not None:
        return 0, UNREADABLE, _unreadable(over)
    return 0, root, Report()


def _ijson_problem(exc: BaseException) -> Problem:
    """A problem for an ijson failure, in cme_core's words (ijson's quote the input)."""
    text = str(exc)
    if "premature EOF" in text:
        message = "Not JSON: the text ends before the JSON does"
    elif "trailing garbage" in text:
        message = "Not JSON: there is more text after the JSON"
    elif isinstance(exc, ijson.JSONError):
        message = "Not JSON: a syntax error"
    else:  # pragma: no cover - ijson failing otherwise (the reader guards against what it can)
        message = "Not JSON: the JSON cannot be read here"
    return BAD_ROW.problem(message)


def _read_json(stream: IO[Any], binary: bool, limits: Limits) -> Iterator[_Row]:
    source = _Utf8Bytes(stream, binary)
    number = 1
    try:
        events = iter(ijson.basic_parse(source))
        first = next(events, None)
        if first is None:
            yield 1, UNREADABLE, _unreadable(BAD_ROW.problem("Not JSON: the text is empty"))
            return
        if first[0] == "start_array":
            for event in events:
                if event[0] == "end_array":
                    break
                _, value, report = _build(event, events, limits)
                yield number, value, report
                number += 1
        else:
            _, value, report = _build(first, events, limits)
            yield number, value, report
            number += 1
        for _ in events:  # only whitespace may follow: ijson raises for anything else
            pass
    except _NotUtf8 as exc:
        yield number, UNREADABLE, _unreadable(exc.bad.problem())
    except _RowProblem as exc:
        yield number, UNREADABLE, _unreadable(exc.problem)
    except Exception as exc:  # ijson's errors: the document cannot be read past this item
        yield number, UNREADABLE, _unreadable(_ijson_problem(exc))


# --- validating ---------------------------------------------------------------------------------


def _common_prefix(
    a: tuple[PathElement, ...], b: tuple[PathElement, ...]
) -> tuple[PathElement, ...]:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y or type(x) is not type(y):
            break
        n += 1
    return a[:n]


def _cap(problems: Iterable[Problem], keep: int) -> tuple[list[Problem], int]:
    """The first ``keep`` problems, then one summary per code for the rest (a summary's
    count is carried over when it is summarised again); and how many were listed."""
    kept: list[Problem] = []
    more: dict[str, list[Any]] = {}  # code -> [first dropped, count, common path]
    for p in problems:
        count = p.values.get(MORE_PROBLEMS)
        if count is None and len(kept) < keep:
            kept.append(p)
            continue
        n = count if isinstance(count, int) else 1
        entry = more.get(p.code)
        if entry is None:
            more[p.code] = [p, n, p.path]
        else:
            entry[1] += n
            entry[2] = _common_prefix(entry[2], p.path)
    listed = len(kept)
    for first, n, path in more.values():
        kept.append(
            Problem(
                code=first.code,
                severity=first.severity,
                message=f"{n} more problem{'s' if n != 1 else ''} of this type",
                path=path,
                citation=first.citation,
                values={MORE_PROBLEMS: n},
            )
        )
    return kept, listed


def _pupil_id(value: ReturnContent | None, payload: object) -> str | None:
    if value is not None:
        return value.pupil.pupil_id
    pupil = payload.get("pupil") if isinstance(payload, dict) else None
    pupil_id = pupil.get("pupil_id") if isinstance(pupil, dict) else None
    return pupil_id if isinstance(pupil_id, str) else None


@checked
def validate_rows(
    rows: Iterable[tuple[int, object, Report]],
    *,
    on: date,
    school: School | None = None,
    limits: Limits | None = None,
) -> Iterator[RowResult]:
    """Validate each row (from :func:`read_rows`) as :func:`read_return` does; a row that
    could not be read is reported and the rest go on.

    No exception escapes for any payload: a row that cme_core fails to check gets
    ``CME-FILE-006``. ``limits`` (:class:`Limits`) caps the problems listed per row and per
    file; the rest are summarised, one problem per code ("N more problems of this type", with
    ``values["more_problems"]``), so that the validity of every row is kept. Raises
    :class:`~cme_core.errors.InvalidArgument` at once for an ``on`` that is not a date.
    """
    require_date(on, "on")
    lim = _limits(limits)
    return _validate_rows(rows, on=on, school=school, limits=lim)


def _validate_rows(
    rows: Iterable[tuple[int, object, Report]], *, on: date, school: School | None, limits: Limits
) -> Iterator[RowResult]:
    listed = 0
    for number, payload, read_report in rows:
        budget = max(0, min(limits.max_problems_per_row, limits.max_problems_per_file - listed))
        if payload is UNREADABLE:
            problems, count = _cap(read_report, budget)
            listed += count
            yield RowResult(row=number, report=Report(problems=problems), readable=False)
            continue
        try:
            value, report = read_return(payload, on=on, school=school)
        except Exception as exc:  # a bug or an unforeseen limit: the row, not the run, fails
            value = None
            report = _unreadable(NOT_CHECKED.problem(values={"exception": type(exc).__name__}))
        problems, count = _cap(Report.of(read_report, report), budget)
        listed += count
        yield RowResult(
            row=number,
            report=Report(problems=problems),
            pupil_id=_pupil_id(value, payload),
            value=value,
        )


# --- writing ------------------------------------------------------------------------------------


@checked
def write_report_json(results: Iterable[RowResult], out: TextIO) -> tuple[int, int]:
    """Write results as a JSON array, streaming; returns (rows, rows with errors)."""
    rows = bad = 0
    out.write("[")
    for result in results:
        out.write(",\n" if rows else "\n")
        json.dump(result.to_dict(), out)
        rows += 1
        bad += not result.report.is_valid
    out.write("\n]\n")
    return rows, bad


CSV_REPORT_COLUMNS = (
    "input_row",
    "pupil_id",
    "problem_code",
    "severity",
    "json_path",
    "message",
    "citation",
    "details",
)
"""The header of :func:`write_report_csv`: the row of the input file (as a spreadsheet or
editor numbers it), the pupil id the row gives, the problem's code, severity (error, query,
warning), JSONPath of the value, message, citation, and its machine-readable details (a JSON
object of ``Problem.values``)."""

_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_cell(value: object) -> str:
    """``value`` as text that a spreadsheet will not run as a formula.

    A cell that begins with ``=``, ``+``, ``-``, ``@``, TAB or CR is prefixed with a single
    quote, as OWASP recommends against CSV injection (the csv writer then quotes what needs
    quoting); lone surrogates, which no UTF-8 file can hold, become U+FFFD. ``None`` is an
    empty cell.

    >>> safe_csv_cell('=HYPERLINK("http://x","y")'), safe_csv_cell("-5"), safe_csv_cell(3)
    ('\\'=HYPERLINK("http://x","y")', "'-5", '3')
    """
    text = "" if value is None else str(value)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _details(problem: Problem) -> str:
    if not problem.values:
        return ""
    return json.dumps(problem.to_dict()["values"], sort_keys=True, default=str)


@checked
def write_report_csv(
    results: Iterable[RowResult], out: TextIO, *, all_rows: bool = False
) -> tuple[int, int]:
    """Write one CSV line per problem, under a header of :data:`CSV_REPORT_COLUMNS`; returns
    (rows, rows with errors).

    A row without problems gets a line (with the problem columns empty) only when
    ``all_rows`` is true. Every cell goes through :func:`safe_csv_cell`, so the report is safe
    to open in a spreadsheet.
    """
    writer = csv.writer(out)
    writer.writerow(CSV_REPORT_COLUMNS)
    rows = bad = 0
    for result in results:
        rows += 1
        bad += not result.report.is_valid
        if not result.report.problems and all_rows:
            writer.writerow([safe_csv_cell(result.row), safe_csv_cell(result.pupil_id)] + [""] * 6)
        for p in result.report:
            cells = (
                result.row,
                result.pupil_id,
                p.code,
                p.severity.value,
                p.json_path,
                p.message,
                p.citation,
                _details(p),
            )
            writer.writerow([safe_csv_cell(cell) for cell in cells])
    return rows, bad


@checked
def to_text(result: RowResult) -> str:
    """One row's problems as plain text lines (control characters escaped)."""
    buf = io.StringIO()
    for p in result.report:
        buf.write(f"row {result.row}: {_escape_controls(str(p))}\n")
    return buf.getvalue()
