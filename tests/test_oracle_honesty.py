"""The oracle's error estimate never lies: |value − KL| ≤ error, or a clear refusal.

Each case below once gave a wrong value with digits claimed, a TypeError, a hang
or a process abort (issue 10, section 3). The truth is the closed form enclosed
by interval arithmetic (:func:`klsym.verification.floats.closed_value`): the test
may read both sides, the oracle never does.
"""

from __future__ import annotations

import time

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from mpmath import mp, mpf

from klsym import dist, numeric_kl
from klsym.oracle import MAX_COUNTS, MAX_DPS
from klsym.verification.floats import closed_value


def truth(p, q) -> mpf:
    v = closed_value(p, q, 40)
    assert v is not None, f"no interval enclosure for KL({p} ‖ {q})"
    return v


def assert_honest(p, q, r) -> None:
    """|numeric − closed| ≤ the reported error (the closed value is good to 40 digits)."""
    t = truth(p, q)
    with mp.workdps(60):
        gap = abs(mpf(r.value) - t)
        assert gap <= r.error + abs(t) * mpf(10) ** -38, (
            f"KL({p} ‖ {q}): oracle {mpmath.nstr(r.value, 20)} ± {mpmath.nstr(r.error, 3)}, "
            f"closed {mpmath.nstr(t, 20)}")
    if r.value == 0 and r.method != "identical":
        assert r.error > 0, "a computed 0 carries an error"


CASES = [
    # (P, Q, digits the oracle must reach): each once wrong, crashing or hanging
    (dist("gamma", alpha="1e-300", beta=1), dist("gamma", alpha=1, beta=1), 25),
    (dist("von_mises", mu=0, kappa="1e300"), dist("von_mises", mu=1, kappa=1), 25),
    (dist("poisson", lam="1e40"), dist("poisson", lam="2e40"), 25),
    (dist("normal", mu=0, sigma=1), dist("normal", mu="1e-60", sigma=1), 25),
    (dist("exponential", lam="1e-300"), dist("exponential", lam="1e300"), 25),
    (dist("gamma", alpha="1e-20", beta=1), dist("gamma", alpha="2e-20", beta=1), 25),
    (dist("gamma", alpha="1e15", beta=1), dist("gamma", alpha="1e15+1", beta=1), 25),
    (dist("cauchy", x0=0, gamma=1), dist("cauchy", x0=3, gamma=2), 25),
]


@pytest.mark.parametrize("p, q, digits", CASES, ids=lambda v: str(v)[:40])
def test_extreme_cases_are_right_within_their_error(p, q, digits):
    t0 = time.perf_counter()
    r = numeric_kl(p, q, dps=30)
    assert time.perf_counter() - t0 < 120  # bounded, not a timing target
    assert_honest(p, q, r)
    assert r.digits >= digits


def test_poisson_beyond_the_work_limit_is_refused_naming_it():
    p, q = dist("poisson", lam="1e300"), dist("poisson", lam="2e300")
    with pytest.raises(ValueError, match="MAX_SUM_WORK_DIGITS") as exc:
        numeric_kl(p, q, dps=30)
    assert "klsym.kl" in str(exc.value)


def test_binomial_with_a_huge_n_is_bounded():
    p, q = dist("binomial", n=10**12, p="1/3"), dist("binomial", n=10**12, p="1/2")
    try:
        r = numeric_kl(p, q, dps=30)
    except ValueError as exc:
        assert "MAX_" in str(exc)
    else:
        assert_honest(p, q, r)


def test_multinomial_with_a_huge_n_is_refused_at_once():
    p = dist("multinomial", n=10**12, p=["1/3", "2/3"])
    q = dist("multinomial", n=10**12, p=["1/2", "1/2"])
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=f"MAX_COUNTS = {MAX_COUNTS}"):
        numeric_kl(p, q, dps=30)
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize("dps", [0, -5, 10**6, MAX_DPS + 1, 2.5, True])
def test_dps_out_of_range_is_refused_naming_the_limit(dps):
    p, q = dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=1)
    with pytest.raises(ValueError, match=f"MAX_DPS = {MAX_DPS}"):
        numeric_kl(p, q, dps=dps)


def test_identical_laws_give_an_exact_zero():
    p = dist("gamma", alpha=3, beta=2)
    r = numeric_kl(p, dist("gamma", alpha=3, beta=2), dps=30)
    assert r.value == 0 and r.error == 0 and r.method == "identical"


def test_a_kl_below_every_digit_is_not_a_zero_with_no_error():
    # KL = 5·10^-401: beyond MAX_EXTRA_DIGITS; whatever the oracle finds, its error holds it
    p, q = dist("normal", mu=0, sigma=1), dist("normal", mu="1e-200", sigma=1)
    try:
        r = numeric_kl(p, q, dps=30)
    except ValueError as exc:
        assert "MAX_" in str(exc)
        return
    assert r.error > 0
    assert_honest(p, q, r)


# ------------------------------------------------------------------ extremes
def _number(mantissa: int, exponent: int) -> sp.Rational:
    return sp.Rational(mantissa) * sp.Rational(10) ** exponent


scales = st.builds(_number, st.integers(1, 9), st.integers(-300, 299))
shapes = st.builds(_number, st.integers(1, 9), st.integers(-20, 14))
moderate = st.builds(_number, st.integers(1, 9), st.integers(-3, 2))


@st.composite
def pairs(draw):
    family = draw(st.sampled_from(["normal", "exponential", "gamma", "poisson", "von_mises", "beta", "weibull"]))
    if family == "normal":
        params = {"mu": draw(st.sampled_from([0, 1, -3])) * draw(moderate), "sigma": draw(scales)}
    elif family == "exponential":
        params = {"lam": draw(scales)}
    elif family == "gamma":
        params = {"alpha": draw(shapes), "beta": draw(scales)}
    elif family == "poisson":
        params = {"lam": draw(scales)}
    elif family == "von_mises":
        params = {"mu": draw(st.sampled_from([0, 1, -2])), "kappa": draw(scales)}
    elif family == "beta":
        params = {"alpha": draw(shapes), "beta": draw(shapes)}
    else:
        params = {"k": draw(shapes), "lam": draw(scales)}
    name = draw(st.sampled_from(sorted(params)))
    other = dict(params)
    if draw(st.booleans()):  # near-equal P and Q: one parameter moved by 10^-60 relative
        other[name] = params[name] * (1 + sp.Rational(1, 10**60)) if params[name] != 0 else sp.Rational(1, 10**60)
    elif name == "mu":  # a location keeps to its domain (von Mises: -pi < mu <= pi)
        other[name] = draw(st.sampled_from([0, 1, -2, 3]))
    else:
        other[name] = draw(scales if name in ("sigma", "lam", "beta", "kappa") else shapes)
    return dist(family, **params), dist(family, **other)


def _check_extreme(pair):
    p, q = pair
    try:
        r = numeric_kl(p, q, dps=30)
    except ValueError as exc:  # a clear refusal names the limit and what to use instead
        assert "klsym.kl" in str(exc) or "MAX_" in str(exc), str(exc)
        return
    if closed_value(p, q, 40) is None:
        return
    assert_honest(p, q, r)


@settings(deadline=None)
@given(pairs())
def test_extreme_parameters_are_refused_or_right_within_their_error(pair):
    _check_extreme(pair)


@pytest.mark.live
@settings(deadline=None, max_examples=60)  # some draws take 1-2 minutes each (a Weibull with k = 10^-5)
@given(pairs())
def test_extreme_parameters_live(pair):
    _check_extreme(pair)


@pytest.mark.parametrize("p, q", [(5, "normal"), ("normal", "x"), ("normal", None)])
def test_the_oracle_refuses_what_is_not_a_distribution_with_a_value_error(p, q):
    normal = dist("normal", mu=0, sigma=1)
    p, q = (normal if v == "normal" else v for v in (p, q))
    with pytest.raises(ValueError, match="must be a klsym distribution"):
        numeric_kl(p, q)
