"""kl_bounds: every lower bound ≤ the oracle's KL ≤ every upper bound, for drawn Gaussian mixtures."""

from fractions import Fraction as F

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import klsym
from klsym import dist, mixture

N = lambda mu, sigma: dist("normal", mu=mu, sigma=sigma)  # noqa: E731


@st.composite
def gaussian_mixtures(draw):
    k = draw(st.integers(2, 3))
    raw = [draw(st.integers(1, 6)) for _ in range(k)]
    weights = [F(r, sum(raw)) for r in raw]
    comps = [N(F(draw(st.integers(-12, 12)), 4), F(draw(st.integers(2, 12)), 4)) for _ in range(k)]
    return mixture(weights, comps)


def _check(b, r):
    """Every bound holds against the oracle's value r, allowing its error and the bounds' 30-digit rounding."""
    with mpmath.workdps(40):
        slack = r.error + mpmath.mpf(10) ** -29 * (1 + abs(r.value))
        for name, bound in b.bounds.items():
            if bound.kind == "lower":
                assert bound.value <= r.value + slack, (name, bound.value, r.value)
            else:
                assert bound.value >= r.value - slack, (name, bound.value, r.value)
        assert b.lower == max(x.value for x in b.bounds.values() if x.kind == "lower")
        assert b.upper == min(x.value for x in b.bounds.values() if x.kind == "upper")


def _around_the_oracle(p, q):
    b = klsym.kl_bounds(p, q, dps=30)
    r = klsym.numeric_kl(p, q, dps=30)
    with mpmath.workdps(40):
        assert r.error < mpmath.mpf(10) ** -25 * (1 + abs(r.value))
    _check(b, r)


#: each example is a 30-digit oracle value (about 4 s): a quarter of the profile's budget by default
@settings(max_examples=max(2, settings.default.max_examples // 4))
@given(gaussian_mixtures(), gaussian_mixtures())
def test_bounds_hold_around_the_oracle(p, q):
    _around_the_oracle(p, q)


@pytest.mark.live
@given(gaussian_mixtures(), gaussian_mixtures())
def test_bounds_hold_around_the_oracle_full_budget(p, q):
    _around_the_oracle(p, q)


def test_bounds_are_named_with_their_sources_and_the_matched_bound_needs_equal_counts():
    p = mixture(["1/3", "2/3"], [N(-1, 1), N(2, "1/2")])
    q = mixture(["1/2", "1/2"], [N(0, 2), N(1, 1)])
    b = klsym.kl_bounds(p, q)
    assert {"durrieu_lower", "durrieu_upper", "variational_upper", "convexity_upper", "matched_upper",
            "nonnegative"} <= set(b.bounds)
    assert set(b.approximations) == {"variational", "product", "matched"}
    assert "Durrieu" in b["durrieu_lower"].source and "2012" in b["durrieu_lower"].source
    assert "Hershey & Olsen (2007)" in b["variational_upper"].source
    # the variational upper bound improves on its first iterate, the convexity bound
    assert b["variational_upper"].value < b["convexity_upper"].value
    assert "matched_upper" not in klsym.kl_bounds(p, N(0, 2)).bounds
    _check(b, klsym.numeric_kl(p, q, dps=30))


def test_one_component_each_the_bounds_meet_at_the_closed_form():
    p, q = dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=2)
    b = klsym.kl_bounds(p, q, dps=30)
    with mpmath.workdps(40):
        exact = mpmath.mpf(str(klsym.kl(p, q).evalf(40)))
        # Durrieu's bounds are not tight for one component (they bound E log f and E log g separately)
        assert abs(b.upper - exact) < mpmath.mpf(10) ** -29
        assert abs(b.approximations["variational"].value - exact) < mpmath.mpf(10) ** -29


def test_a_plane_case_against_the_univariate_oracle_of_the_marginals():
    # components share the y-factor N(0, 1): KL equals the KL of the x-marginals
    M = lambda mx: dist("multivariate_normal", mu=[mx, 0], Sigma=[[1, 0], [0, 1]])  # noqa: E731
    b = klsym.kl_bounds(mixture(["1/2", "1/2"], [M(0), M(2)]), M(1), dps=30)
    r = klsym.numeric_kl(mixture(["1/2", "1/2"], [N(0, 1), N(2, 1)]), N(1, 1), dps=30)
    _check(b, r)
    assert b.lower < r.value < b.upper


@pytest.mark.live
def test_a_plane_case_against_the_plane_oracle():
    p = mixture(["1/3", "2/3"], [dist("multivariate_normal", mu=[0, 0], Sigma=[[1, 0], [0, 1]]),
                                 dist("multivariate_normal", mu=[1, 1], Sigma=[[2, 1], [1, 2]])])
    q = dist("multivariate_normal", mu=[1, 0], Sigma=[[2, 0], [0, 2]])
    r = klsym.numeric_kl(p, q, dps=15)
    b = klsym.kl_bounds(p, q, dps=30)
    with mpmath.workdps(40):
        slack = r.error + mpmath.mpf(10) ** -29
        assert b.lower <= r.value + slack and r.value - slack <= b.upper


def test_non_gaussian_components_are_refused():
    with pytest.raises(ValueError, match="normal or multivariate_normal"):
        klsym.kl_bounds(mixture([1], [dist("gamma", alpha=2, beta=1)]), N(0, 1))
