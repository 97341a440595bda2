"""cme_core: England's law on children missing education as precise, tested code."""

from __future__ import annotations

from cme_core.errors import (
    CmeError,
    InvalidArgument,
    InvalidChecksum,
    InvalidDate,
    InvalidFormat,
    InvalidIdentifier,
    InvalidInput,
    InvalidLAESTAB,
    InvalidLength,
    InvalidLocalAuthorityCode,
    InvalidPostcode,
    InvalidUPN,
    UnknownLocalAuthority,
)
from cme_core.problems import Problem, ProblemsFound, ProblemType, Report, Severity

__version__ = "0.1.0"

__all__ = [
    "CmeError",
    "InvalidArgument",
    "InvalidChecksum",
    "InvalidDate",
    "InvalidFormat",
    "InvalidIdentifier",
    "InvalidInput",
    "InvalidLAESTAB",
    "InvalidLength",
    "InvalidLocalAuthorityCode",
    "InvalidPostcode",
    "InvalidUPN",
    "Problem",
    "ProblemType",
    "ProblemsFound",
    "Report",
    "Severity",
    "UnknownLocalAuthority",
    "__version__",
]
