"""The cross-check: every family, at least six cases, both directions, 25+ digits."""

import math

import mpmath
import pytest
import sympy as sp

from klsym.records import registry
from klsym.crosscheck import agreed_digits, cases_for, check_pair
from klsym import dist


def test_every_family_has_at_least_six_cases():
    for name in registry.names():
        assert len(cases_for(name)) >= 6, name


def test_every_row_agrees_to_25_digits(check_rows):
    assert len(check_rows) == 2 * sum(len(cases_for(n)) for n in registry.names())
    low = [r for r in check_rows if not r.ok(25)]
    assert not low, "\n".join(
        f"{r.p} ‖ {r.q} [{r.label}]: closed {r.closed}, oracle {r.numeric}, {r.digits:.1f} digits" for r in low
    )
    assert min(r.digits for r in check_rows) >= 25


def test_the_check_can_fail():
    """A wrong closed form is caught: compare the oracle with a perturbed value."""
    p, q = dist("gamma", alpha="1/100", beta=2), dist("gamma", alpha="1/3", beta="1/3")
    row = check_pair(p, q)
    assert row.digits >= 25
    assert agreed_digits(row.closed * (1 + mpmath.mpf(10) ** -20), row.numeric) < 21


def test_oracle_precision_ladder():
    """The same KL at 15, 30 and 60 digits agrees to the lower precision."""
    from klsym.oracle import numeric_kl

    p, q = dist("beta", alpha="1/10", beta="1/5"), dist("beta", alpha="1/2", beta=3)
    values = [numeric_kl(p, q, dps=d).value for d in (15, 30, 60)]
    with mpmath.workdps(70):
        assert agreed_digits(values[0], values[2]) >= 14
        assert agreed_digits(values[1], values[2]) >= 29
