"""Shared hypothesis profiles, the live lane and the daily rotation.

Hypothesis budgets come from these profiles only: ``dev`` (the default run,
``make test``: derandomized, so that the same commit always draws the same
examples) and ``ci`` (``HYPOTHESIS_PROFILE=ci``: the live lane of ``.ci/run``
draws more).

Tests marked ``live`` recompute oracle values (every stored row, every family at
random points); they are deselected by default (pyproject ``addopts``) and run
with ``pytest -m live``. A parametrized test marked ``rotating(k)`` runs k of its
parameter sets in the default run, chosen anew each day, and the others in the
live lane. The day's seed (UTC date, e.g. 20261201) also picks the live sample
of stored rows (tests/test_check.py); ``KLSYM_LIVE_SEED`` fixes it. A parametrized
test marked ``share(n)`` runs one n-th of its parameter sets a day (the i-th on the
days whose number is i modulo n, so n days in a row run every one) and deselects the
others; ``KLSYM_SHARE=all`` runs every one.
"""

import datetime
import os
import random
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev", max_examples=8, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_configure(config):
    from klsym.references.check import today_seed

    # set once by the controlling process, so that every xdist worker draws the same rotation
    os.environ.setdefault("KLSYM_LIVE_SEED", str(today_seed()))


def pytest_report_header(config):
    return [f"klsym: live sample seed {os.environ['KLSYM_LIVE_SEED']} (KLSYM_LIVE_SEED), "
            f"hypothesis profile {os.environ.get('HYPOTHESIS_PROFILE', 'dev')}"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """``rotating(k)``: all but today's k parameter sets of a test are marked ``live``;
    ``share(n)``: all but today's n-th of them are deselected (unless ``KLSYM_SHARE=all``)."""
    if os.environ.get("KLSYM_SHARE") != "all":
        day = _day_number(os.environ["KLSYM_LIVE_SEED"])
        counts: dict = defaultdict(int)
        keep, drop = [], []
        for item in items:
            marker = item.get_closest_marker("share")
            if marker is None:
                keep.append(item)
                continue
            group = (item.path.name, getattr(item, "originalname", item.name))
            i, counts[group] = counts[group], counts[group] + 1
            (keep if i % marker.args[0] == day % marker.args[0] else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep
    groups = defaultdict(list)
    for item in items:
        marker = item.get_closest_marker("rotating")
        if marker is not None:
            groups[(item.path.name, getattr(item, "originalname", item.name))].append((item, marker.args[0]))
    seed = os.environ["KLSYM_LIVE_SEED"]
    for (path, name), members in groups.items():
        k = members[0][1]
        today = set(random.Random(f"{seed}:{path}:{name}").sample(range(len(members)), min(k, len(members))))
        for i, (item, _) in enumerate(members):
            if i not in today:
                item.add_marker(pytest.mark.live)


def _day_number(seed: str) -> int:
    """The day's number from the seed: days since 0001-01-01 for a date (20261203), else the seed."""
    try:
        return datetime.datetime.strptime(seed, "%Y%m%d").toordinal()
    except ValueError:
        return int(seed)
