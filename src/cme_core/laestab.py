"""``cme_core.laestab``: the same module as :mod:`cme_core.identifiers.laestab` (python-stdnum style
import path). See that module for the documentation."""

from cme_core.identifiers.laestab import *  # noqa: F403
from cme_core.identifiers.laestab import __all__ as __all__
