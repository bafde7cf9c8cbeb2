"""The oracle for normal mixtures in the plane (klsym.oracle.plane) against independent checks."""

from fractions import Fraction as F

import mpmath
import pytest
import sympy as sp

import klsym
from klsym import dist, mixture

I2 = [[1, 0], [0, 1]]


def M(mx, sx, my=0):
    """N((mx, my), diag(sx², 1)): x and a y-factor N(my, 1) independent of it."""
    return dist("multivariate_normal", mu=[mx, my], Sigma=[[sx**2, 0], [0, 1]])


def N(m, s):
    return dist("normal", mu=m, sigma=s)


def test_a_mixture_against_itself_reordered_is_zero():
    p = mixture(["1/3", "2/3"], [M(-1, 1), dist("multivariate_normal", mu=[1, 1], Sigma=[[2, 1], [1, 2]])])
    q = mixture(["2/3", "1/3"], [p.components[1], p.components[0]])
    r = klsym.numeric_kl(p, q, dps=15)
    assert r.method == "plane" and abs(r.value) <= r.error < mpmath.mpf(10) ** -14


def test_one_component_equals_the_closed_form_to_12_digits():
    p = dist("multivariate_normal", mu=[0, 0], Sigma=[[2, 1], [1, 2]])
    q = dist("multivariate_normal", mu=[1, 0], Sigma=I2)
    r = klsym.numeric_kl(mixture([1], [p]), q, dps=15)
    exact = klsym.kl(p, q)
    assert exact == sp.Rational(3, 2) - sp.log(3) / 2
    with mpmath.workdps(30):
        assert abs(r.value - mpmath.mpf(str(sp.N(exact, 30)))) <= r.error < mpmath.mpf(10) ** -14


def _shared_factor(p_x, q_x, dps):
    """2-D mixtures whose components share the y-factor N(0, 1) against the univariate KL of the x-marginals."""
    p = mixture(p_x.weights, [M(c.params["mu"], c.params["sigma"]) for c in p_x.components])
    q = mixture(q_x.weights, [M(c.params["mu"], c.params["sigma"]) for c in q_x.components])
    plane = klsym.numeric_kl(p, q, dps=dps)
    line = klsym.numeric_kl(p_x, q_x, dps=30)
    with mpmath.workdps(40):
        assert abs(plane.value - line.value) <= plane.error + line.error, (plane, line)
        assert plane.error < mpmath.mpf(10) ** -12 * abs(line.value)


def test_a_common_independent_factor_adds_nothing():
    _shared_factor(mixture(["1/4", "3/4"], [N(F(-1, 2), 1), N(F(1, 2), 1)]), mixture([1], [N(0, F(3, 2))]), 12)


@pytest.mark.live
def test_a_common_independent_factor_adds_nothing_for_two_mixtures():
    _shared_factor(mixture(["1/3", "2/3"], [N(-1, 1), N(1, 2)]), mixture(["1/2", "1/2"], [N(0, 1), N(1, 3)]), 12)


def test_cross_entropy_of_one_normal_is_its_entropy():
    from klsym.oracle import numeric_cross_entropy

    p = dist("multivariate_normal", mu=[0, 1], Sigma=[[1, F(1, 2)], [F(1, 2), 1]])
    r = numeric_cross_entropy(mixture([1], [p]), dps=15)
    with mpmath.workdps(30):
        assert abs(r.value - mpmath.mpf(str(sp.N(klsym.entropy(p), 30)))) <= r.error < mpmath.mpf(10) ** -13


def test_three_dimensions_and_other_families_are_refused_clearly():
    p3 = dist("multivariate_normal", mu=[0, 0, 0], Sigma=[[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    with pytest.raises(NotImplementedError, match="d = 3"):
        klsym.numeric_kl(mixture([1], [p3]), p3, dps=15)
    d = dist("dirichlet", alpha=[1, 2, 3])
    with pytest.raises(NotImplementedError, match="multivariate_normal components only"):
        klsym.numeric_kl(mixture([1], [d]), d, dps=15)
    with pytest.raises(ValueError, match="must both be multivariate or both univariate"):
        klsym.numeric_kl(mixture([1], [M(0, 1)]), N(0, 1), dps=15)
