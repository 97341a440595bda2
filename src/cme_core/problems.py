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
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from cme_core.errors import CmeError

__all__ = [
    "PathElement",
    "Problem",
    "ProblemError",
    "ProblemType",
    "ProblemsFound",
    "Report",
    "Severity",
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


@attrs.frozen(kw_only=True)
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


@attrs.frozen(kw_only=True)
class ProblemType:
    """A validation rule's identity: its stable code, severity, title and citation.

    Modules declare their rules as ``ProblemType`` constants, and make problems from them, so a
    code always has the same severity and citation wherever it is raised.

    >>> RULE = ProblemType(code="1510", severity=Severity.ERROR,
    ...                    title="UPN check letter wrong", citation="DfE census rule 1510")
    >>> RULE.problem("UPN check letter is wrong", path=("upn",)).code
    '1510'
    """

    code: str
    severity: Severity
    title: str
    citation: str | None = None

    def problem(
        self,
        message: str | None = None,
        *,
        path: Iterable[PathElement] = (),
        values: Mapping[str, Any] | None = None,
    ) -> Problem:
        return Problem(
            code=self.code,
            severity=self.severity,
            message=message if message is not None else self.title,
            path=tuple(path),
            citation=self.citation,
            values=values,
        )


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
        return tuple(e.problem for e in self.exceptions if isinstance(e, ProblemError))


def _problems_tuple(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problems)


@attrs.frozen(kw_only=True)
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
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def queries(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.QUERY)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def codes(self) -> tuple[str, ...]:
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
