"""Validation records: :class:`Problem`, :class:`Report` and :class:`Severity`.

Validation in cme_core never stops at the first failure. It collects every problem it finds
into a :class:`Report`, in the style of the DfE census rules: each problem has a stable
``code`` (a DfE census number where one exists), a ``severity`` (an ERROR must be fixed, a
QUERY must be fixed or explained, a WARNING is advice), the ``path`` of the offending value,
a message free of personal data, and the citation of the rule.

>>> p = Problem(code="1510", severity=Severity.ERROR, path=("pupils", 3, "upn"),
...             message="UPN check letter is wrong", citation="DfE census rule 1510")
>>> p.json_path
'$.pupils[3].upn'
>>> report = Report(problems=(p,))
>>> report.is_valid, len(report.errors)
(False, 1)
"""

from __future__ import annotations

import enum
import functools
import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Mapping
from types import ModuleType
from typing import Any, Final

import attrs

from cme_core._fields import checked, typed_fields
from cme_core.errors import CmeError

__all__ = [
    "PROBLEM_MODULES",
    "PathElement",
    "Problem",
    "ProblemError",
    "ProblemType",
    "ProblemsFound",
    "Report",
    "Severity",
    "catalogue",
    "declarations",
    "json_path",
]

PathElement = str | int


class Severity(enum.Enum):
    """How serious a problem is (DfE census style)."""

    ERROR = "error"
    """Must be fixed before the data is acceptable."""
    QUERY = "query"
    """Must be fixed or explained ("Please check: ...")."""
    WARNING = "warning"
    """Advice; the data is acceptable as it stands."""


@checked
def json_path(path: Iterable[PathElement]) -> str:
    """Render a path as a JSONPath string.

    >>> json_path(("pupil", "upn"))
    '$.pupil.upn'
    >>> json_path(("rows", 0, "first name"))
    "$.rows[0]['first name']"
    """
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part.isidentifier():
            out.append(f".{part}")
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out.append(f"['{escaped}']")
    return "".join(out)


def _freeze_values(values: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(values) if values else {}


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Problem:
    """One failing rule, found at one place in the data.

    ``values`` holds machine-readable details (expected and found lengths, dates, codes). It
    must not carry personal data: names, addresses and phone numbers are never put in it.
    """

    code: str
    severity: Severity
    message: str
    path: tuple[PathElement, ...] = ()
    citation: str | None = None
    values: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze_values, hash=False)

    @property
    def json_path(self) -> str:
        """The path as a JSONPath string, e.g. ``$.pupils[3].date_of_birth``."""
        return json_path(self.path)

    @property
    def is_error(self) -> bool:
        """True when the problem is an ERROR (it makes a report invalid)."""
        return self.severity is Severity.ERROR

    def at(self, *prefix: PathElement) -> Problem:
        """The same problem, with ``prefix`` put in front of its path.

        >>> Problem(code="X", severity=Severity.ERROR, message="m", path=("upn",)).at(
        ...     "pupils", 2).json_path
        '$.pupils[2].upn'
        """
        return attrs.evolve(self, path=(*prefix, *self.path))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict of this problem."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": list(self.path),
            "json_path": self.json_path,
            "message": self.message,
            "citation": self.citation,
            "values": _jsonable(self.values),
        }

    def __str__(self) -> str:
        cite = f" [{self.citation}]" if self.citation else ""
        level = self.severity.value.upper()
        return f"{level} {self.code} at {self.json_path}: {self.message}{cite}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        return iso()
    return str(value)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ProblemType:
    """A validation rule's identity: its stable code, severity, title and citation.

    Modules declare their rules as ``ProblemType`` constants, and make problems from them, so a
    code always has the same severity and citation wherever it is raised. Every constant is
    listed, once, by :func:`catalogue`.

    A type with no ``citation`` says why in ``no_citation_reason`` (for example: each problem
    carries the citation of the ground it applies, given to :meth:`problem` as ``citation=``).

    >>> RULE = ProblemType(code="1510", severity=Severity.ERROR,
    ...                    title="UPN check letter wrong", citation="DfE census rule 1510")
    >>> RULE.problem("UPN check letter is wrong", path=("upn",)).code
    '1510'
    >>> RULE.problem(citation="DfE CBDS 100121").citation
    'DfE CBDS 100121'
    """

    code: str
    severity: Severity
    title: str
    citation: str | None = None
    no_citation_reason: str | None = None
    """Why the type has no fixed ``citation`` (None when it has one)."""

    def problem(
        self,
        message: str | None = None,
        *,
        path: Iterable[PathElement] = (),
        values: Mapping[str, Any] | None = None,
        citation: str | None = None,
    ) -> Problem:
        """A problem of this type. ``message`` defaults to the type's ``title``; ``citation``,
        when given, replaces the type's own citation for this one problem (the rule, ground or
        particular the check applied)."""
        return Problem(
            code=self.code,
            severity=self.severity,
            message=message if message is not None else self.title,
            path=tuple(path),
            citation=citation if citation is not None else self.citation,
            values=values,
        )


# --- the catalogue ------------------------------------------------------------------------------

PROBLEM_MODULES: Final[tuple[str, ...]] = (
    "cme_core.attendance_codes",
    "cme_core.calendars",
    "cme_core.cases",
    "cme_core.demo",
    "cme_core.identifiers.laestab",
    "cme_core.identifiers.postcode",
    "cme_core.identifiers.upn",
    "cme_core.identifiers.urn",
    "cme_core.law.deletion",
    "cme_core.people",
    "cme_core.referral",
    "cme_core.registers",
    "cme_core.returns",
    "cme_core.schools",
    "cme_core.screening",
    "cme_core.serialization",
    "cme_core.submissions",
)
"""The modules that declare :class:`ProblemType` constants, read by :func:`catalogue`.

They sit in higher layers than this module, so they are imported only when the catalogue is
first asked for (by name, with :func:`importlib.import_module`). A listed package is read with
its private submodules (``cme_core.returns._rules``), so splitting a module into a package
does not drop its rules; a public submodule is listed by its own name. A module that declares
a new ``ProblemType`` must be listed here: ``tests/test_problems.py`` checks that nothing in
cme_core is left out.
"""


def _is_public(dotted: str) -> bool:
    return not any(part.startswith("_") for part in dotted.split("."))


def _modules(name: str) -> Iterator[ModuleType]:
    """The module ``name`` and, if it is a package, its private submodules (recursively)."""
    module = importlib.import_module(name)
    yield module
    path = getattr(module, "__path__", None)
    if path is not None:
        for info in pkgutil.iter_modules(path, f"{name}."):
            if info.name.rpartition(".")[2].startswith("_"):
                yield from _modules(info.name)


def _members(module: ModuleType) -> Iterator[tuple[str, object]]:
    """The module's top-level names and values: its namespace, then the names in its
    ``__all__`` (which a module ``__getattr__`` may supply), then the items of its top-level
    tuples (such as ``PROBLEM_TYPES``), labelled ``NAME[i]``."""
    namespace = vars(module)
    listed = [n for n in getattr(module, "__all__", ()) if n not in namespace]
    pairs = [(n, v) for n, v in namespace.items() if not n.startswith("__")]
    pairs += [(n, getattr(module, n)) for n in listed if hasattr(module, n)]
    yield from pairs
    for name, value in pairs:
        if isinstance(value, tuple | list):
            yield from ((f"{name}[{i}]", v) for i, v in enumerate(value))


@functools.cache
def _scan() -> tuple[tuple[ProblemType, str], ...]:
    """Each problem type once (by identity), with the dotted name that declares it, by code.

    Where a type is found under several names, the name kept is a public name in the deepest
    public module that has it (``cme_core.identifiers.upn`` rather than the package
    ``cme_core.identifiers``; ``cme_core.returns`` rather than a private
    ``cme_core.returns._rules``), and a plain name rather than a tuple's item.
    """
    found: dict[int, tuple[ProblemType, tuple[bool, bool, bool, int], str]] = {}
    for root in PROBLEM_MODULES:
        for module in _modules(root):
            modname = module.__name__
            for name, value in _members(module):
                if not isinstance(value, ProblemType):
                    continue
                rank = (_is_public(modname), _is_public(name), "[" not in name, modname.count("."))
                best = found.get(id(value))
                if best is None or rank > best[1]:
                    found[id(value)] = (value, rank, f"{modname}.{name}")
    entries = sorted(found.values(), key=lambda e: (e[0].code, e[2]))
    return tuple((pt, where) for pt, _, where in entries)


@checked
def catalogue() -> tuple[ProblemType, ...]:
    """Every :class:`ProblemType` declared in cme_core, each once, sorted by code.

    Read from the modules of :data:`PROBLEM_MODULES` (imported on the first call). Codes are
    unique and a code ends in ``Q`` exactly when its severity is QUERY (both are tested).

    >>> codes = [t.code for t in catalogue()]
    >>> "1510" in codes and "CME-WIRE-001" in codes
    True
    >>> codes == sorted(set(codes))
    True
    """
    return tuple(pt for pt, _ in _scan())


@checked
def declarations() -> dict[str, str]:
    """The dotted name that declares each type of :func:`catalogue`, by code.

    >>> declarations()["1510"]
    'cme_core.identifiers.upn.RULE_1510'
    """
    return {pt.code: where for pt, where in _scan()}


class ProblemError(CmeError, ValueError):
    """One :class:`Problem` as an exception (a member of :class:`ProblemsFound`)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class ProblemsFound(CmeError, ExceptionGroup[ProblemError]):
    """Raised by :meth:`Report.raise_for_problems`: one :class:`ProblemError` per error."""

    def __new__(cls, message: str, exceptions: Iterable[ProblemError]) -> ProblemsFound:
        return super().__new__(cls, message, list(exceptions))

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems carried by the grouped exceptions, in order."""
        return tuple(e.problem for e in self.exceptions if isinstance(e, ProblemError))


def _problems_tuple(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problems)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Report:
    """Every problem found in one piece of data, in the order found.

    >>> Report().is_valid
    True
    """

    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_problems_tuple)

    @classmethod
    def of(cls, *groups: Iterable[Problem]) -> Report:
        """A report of all the problems in ``groups``, in order."""
        return cls(problems=(p for group in groups for p in group))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def __bool__(self) -> bool:
        """True when there are any problems at all (of any severity)."""
        return bool(self.problems)

    def __add__(self, other: Report) -> Report:
        return Report(problems=self.problems + other.problems)

    @property
    def is_valid(self) -> bool:
        """True when no problem is an ERROR (queries and warnings do not invalidate)."""
        return not any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ERROR, in order."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def queries(self) -> tuple[Problem, ...]:
        """The problems of severity QUERY (to check by a person), in order."""
        return tuple(p for p in self.problems if p.severity is Severity.QUERY)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems of severity WARNING, in order."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def codes(self) -> tuple[str, ...]:
        """The code of each problem, in order (repeats kept)."""
        return tuple(p.code for p in self.problems)

    def at(self, *prefix: PathElement) -> Report:
        """The same report with ``prefix`` put in front of every problem's path."""
        return Report(problems=(p.at(*prefix) for p in self.problems))

    def raise_for_problems(self) -> None:
        """Raise :class:`ProblemsFound` (an ``ExceptionGroup``) if there is any ERROR.

        >>> Report().raise_for_problems()
        """
        errors = self.errors
        if errors:
            raise ProblemsFound(f"{len(errors)} error(s) found", [ProblemError(p) for p in errors])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict: validity, counts and every problem."""
        return {
            "is_valid": self.is_valid,
            "counts": {
                "error": len(self.errors),
                "query": len(self.queries),
                "warning": len(self.warnings),
            },
            "problems": [p.to_dict() for p in self.problems],
        }
