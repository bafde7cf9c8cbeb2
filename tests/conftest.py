"""Shared fixtures and hypothesis profiles (``HYPOTHESIS_PROFILE=ci`` draws more)."""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev", max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def check_rows():
    """The full cross-check (every family, both directions, dps 30), run once."""
    from klsym.crosscheck import check

    return check(dps=30)
