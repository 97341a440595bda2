"""Argument checks shared by every module: a wrong type is a typed error, never a crash.

``datetime`` is refused where a ``date`` is wanted (it is a subclass, but it hides a time and
a time zone), and ``bool`` where an ``int`` is wanted. Messages name the argument and the type
found, never the value (which might be personal data).
"""

from __future__ import annotations

from datetime import date, datetime

from cme_core.errors import InvalidArgument

__all__ = ["require_date", "require_int"]


def require_date(value: object, name: str) -> date:
    """``value`` if it is a ``datetime.date`` (and not a ``datetime``), else InvalidArgument.

    >>> require_date(date(2024, 8, 19), "on")
    datetime.date(2024, 8, 19)
    """
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        raise InvalidArgument(
            f"{name} must be a datetime.date, not a datetime.datetime "
            "(a date-time hides a time zone; pass its .date() explicitly)"
        )
    if not isinstance(value, date):
        raise InvalidArgument(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


def require_int(value: object, name: str) -> int:
    """``value`` if it is an ``int`` (and not a ``bool``), else InvalidArgument."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name} must be an int, got {type(value).__name__}")
    return value
