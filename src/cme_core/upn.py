"""``cme_core.upn``: the same module as :mod:`cme_core.identifiers.upn` (python-stdnum style
import path). See that module for the documentation."""

from cme_core.identifiers.upn import *  # noqa: F403
from cme_core.identifiers.upn import __all__ as __all__
