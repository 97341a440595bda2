"""Deprecated: renamed :mod:`cme_core.law.records` (it clashed with the model layer's name).

Importing this module warns; every name is the same object as in :mod:`cme_core.law.records`.
"""

from __future__ import annotations

import warnings

from cme_core.law.records import *  # noqa: F403
from cme_core.law.records import __all__ as __all__

warnings.warn(
    "cme_core.law.model is deprecated: import from cme_core.law.records (or cme_core.law)",
    DeprecationWarning,
    stacklevel=2,
)
