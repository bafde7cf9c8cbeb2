"""The records are consistent with themselves: exponential-family parts
reproduce the log-density, densities integrate to 1, recorded moments are right."""

import mpmath
import pytest
import sympy as sp
from mpmath import mp

from klsym.records import registry
from klsym.crosscheck import cases_for
from klsym.records.record import X
from klsym.oracle import expectation

NAMES = registry.names()
#: the multivariate records have their own versions of these checks (tests/test_multivariate.py)
UNIVARIATE = [n for n in NAMES if not registry.get(n).multivariate]


@pytest.mark.parametrize("name", [n for n in UNIVARIATE if registry.get(n).ef is not None])
def test_exponential_family_parts_give_the_log_density(name):
    fam = registry.get(name)
    ef = fam.ef
    eta_theta = dict(zip(ef.eta_symbols, ef.eta))
    dot = sp.Add(*[e * t for e, t in zip(ef.eta, ef.T)])
    if ef.index is not None:
        # check at a concrete length and every outcome
        K = fam.length_symbol
        for k in (2, 3, 5):
            for x in range(1, k + 1):
                lhs = fam.logpdf.subs(X, x)
                rhs = sp.Sum(dot, ef.index).subs(K, k).doit().subs(X, x) - ef.A + ef.log_h
                assert sp.simplify(lhs - rhs) == 0
        return
    diff = fam.logpdf - (dot - ef.A.subs(eta_theta) + ef.log_h)
    # exact parameter values from the check cases, several outcomes each
    for p, _, _ in cases_for(name):
        lo, _hi = p.support_bounds()
        xs = [lo + k for k in range(4)] if fam.discrete else [sp.Rational(1, 3), sp.Rational(7, 2), sp.Integer(11)]
        for x in xs:
            if not fam.discrete and lo == 0 and fam.support.upper == 1:
                x = 1 / (1 + x)
            value = sp.N(diff.subs(p.substitution()).subs(X, x), 50)
            assert abs(value) < 1e-45, f"{name} at {p}, x = {x}: parts differ by {value}"


@pytest.mark.parametrize("name", UNIVARIATE)
def test_density_integrates_to_one(name):
    for p, q, _ in cases_for(name)[:3]:
        for d in (p, q):
            r = expectation(d, None, dps=30)
            with mp.workdps(40):
                assert abs(r.value - 1) < mpmath.mpf(10) ** -28, f"{d}: total mass {r.value}"


@pytest.mark.parametrize("name", [n for n in NAMES if registry.get(n).mean is not None])
def test_recorded_mean_and_variance(name):
    fam = registry.get(name)
    p = cases_for(name)[0][0]
    subs = p.substitution()
    with mp.workdps(40):
        mean = mpmath.mpf(sp.N(fam.mean.subs(subs), 40))
        got = expectation(p, X, dps=30).value
        assert abs(got - mean) <= mpmath.mpf(10) ** -26 * max(1, abs(mean))
        if fam.variance is not None:
            var = mpmath.mpf(sp.N(fam.variance.subs(subs), 40))
            second = expectation(p, (X - sp.Float(str(mean), 40)) ** 2, dps=30).value
            assert abs(second - var) <= mpmath.mpf(10) ** -24 * max(1, abs(var))


@pytest.mark.parametrize("name", NAMES)
def test_every_parameterization_is_stated(name):
    fam = registry.get(name)
    assert len(fam.parameterization) > 30
    for p in fam.params:
        assert p.meaning and p.rule
