"""Shared test settings: Hypothesis profiles (``HYPOTHESIS_PROFILE=ci|dev|thorough``), and
the one Spark session of a run."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """One local Spark session (``local[2]``) for every Spark test of the run, stopped at the
    end; the test modules skip themselves first where pyspark or Java is missing."""
    from cme_core import spark

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = spark.local_session("cme_core-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
