"""Mixtures: validation, exact moments, and the oracle on either side of a KL."""

import re
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from klsym import dist, mixture
from klsym.oracle import numeric_kl
from klsym.oracle.density import log_density

N = lambda mu, sigma: dist("normal", mu=mu, sigma=sigma)  # noqa: E731


@pytest.mark.parametrize(
    "weights, components, message",
    [
        ([Fraction(1, 2), Fraction(1, 3)], [N(0, 1), N(1, 1)], "sum to 5/6, not 1"),
        ([0.5, 0.6], [N(0, 1), N(1, 1)], "sum to 1.1"),
        (["3/2", "-1/2"], [N(0, 1), N(1, 1)], "weight[1] = -1/2 is not positive"),
        ([1, 0], [N(0, 1), N(1, 1)], "weight[1] = 0 is not positive"),
        ([], [], "no components"),
        (["1/2", "1/2"], [N(0, 1)], "2 weights for 1 components"),
        ([1], ["normal"], "must be a klsym distribution"),
        (["1/2", "1/2"], [N(0, 1), dist("poisson", lam=1)], "all continuous or all discrete"),
        (["1/2", "1/2"], [N(0, 1), N(sp.Symbol("m"), 1)], "must be a number"),
    ],
)
def test_invalid_mixtures_raise_clear_errors(weights, components, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        mixture(weights, components)


def test_float_weights_are_rescaled_exactly():
    m = mixture([0.1, 0.2, 0.7], [N(0, 1), N(1, 1), N(2, 1)])
    assert sp.Add(*m.weights) == 1


def test_exact_mean_and_variance():
    m = mixture(["1/4", "3/4"], [N(-1, 2), N(3, "1/2")])
    assert m.mean() == 2
    # E X² = 1/4 (4 + 1) + 3/4 (1/4 + 9) = 5/4 + 111/16
    assert m.variance() == sp.Rational(5, 4) + sp.Rational(111, 16) - 4


@pytest.mark.parametrize("x", [-3, 0, sp.Rational(1, 3), 5])
def test_log_density_is_log_sum_exp_of_the_components(x):
    m = mixture(["1/3", "2/3"], [N(-2, "3/5"), dist("normal", mu=1, sigma=2)])
    with mpmath.workdps(40):
        got = log_density(m)(mpmath.mpf(x))
        want = mpmath.log(mpmath.npdf(x, -2, mpmath.mpf(3) / 5) / 3 + 2 * mpmath.npdf(x, 1, 2) / 3)
        assert abs(got - want) < mpmath.mpf(10) ** -35
    assert abs(sp.N(m.logpdf(x), 30) - sp.N(mpmath.nstr(want, 35), 30)) < 1e-28


def test_log_density_does_not_underflow_far_out():
    m = mixture(["1/2", "1/2"], [N(-2, "3/5"), N(2, "3/5")])
    with mpmath.workdps(30):
        v = log_density(m)(mpmath.mpf(200))
        # dominated by the right component: −198²/(2·0.36) − log(0.6·sqrt(2π)) − log 2
        s = mpmath.mpf(3) / 5
        want = -mpmath.mpf(198) ** 2 / (2 * s**2) - mpmath.log(s * mpmath.sqrt(2 * mpmath.pi)) - mpmath.log(2)
        assert mpmath.isfinite(v) and abs(v - want) < 1e-20


def _reference_kl(lp, lq, points):
    with mpmath.workdps(40):
        f = lambda x: mpmath.exp(lp(x)) * (lp(x) - lq(x))  # noqa: E731
        return mpmath.quad(f, [-mpmath.inf] + points + [mpmath.inf])


def test_oracle_with_mixture_as_p_visits_every_mode():
    # unequal weights and far-apart modes: one Newton mode search would miss the small one
    m = mixture(["9/10", "1/10"], [N(0, "1/10"), N(50, "1/10")])
    q = N(5, 15)
    s = lambda: mpmath.mpf(1) / 10  # noqa: E731  (evaluated at the reference's precision)
    lp = lambda x: mpmath.log(9 * mpmath.npdf(x, 0, s()) / 10 + mpmath.npdf(x, 50, s()) / 10)  # noqa: E731
    lq = lambda x: mpmath.log(mpmath.npdf(x, 5, 15))  # noqa: E731
    want = _reference_kl(lp, lq, [-1, 0, 1, 49, 50, 51])
    got = numeric_kl(m, q, dps=25).value
    with mpmath.workdps(40):
        assert abs(got - want) < mpmath.mpf(10) ** -23, (got, want)


def test_oracle_with_mixture_as_q():
    m = mixture(["1/2", "1/2"], [N(-2, "3/5"), N(2, "3/5")])
    p = N(2, "3/5")
    s = lambda: mpmath.mpf(3) / 5  # noqa: E731  (evaluated at the reference's precision)
    lp = lambda x: mpmath.log(mpmath.npdf(x, 2, s()))  # noqa: E731
    lq = lambda x: mpmath.log((mpmath.npdf(x, -2, s()) + mpmath.npdf(x, 2, s())) / 2)  # noqa: E731
    want = _reference_kl(lp, lq, [-2, 0, 1, 2, 3])
    got = numeric_kl(p, m, dps=25).value
    with mpmath.workdps(40):
        assert abs(got - want) < mpmath.mpf(10) ** -23, (got, want)
    # just below log 2: P sits on one of Q's two equal halves
    assert 0 < mpmath.log(2) - got < 2e-3


def test_discrete_mixture_sum_reaches_a_far_small_mode():
    m = mixture(["9/10", "1/10"], [dist("poisson", lam=2), dist("poisson", lam=200)])
    q = dist("poisson", lam=Fraction(218, 10))
    with mpmath.workdps(40):
        def lp(k):
            return mpmath.log(
                mpmath.mpf(9) / 10 * mpmath.exp(-2 + k * mpmath.log(2) - mpmath.loggamma(k + 1))
                + mpmath.mpf(1) / 10 * mpmath.exp(-200 + k * mpmath.log(200) - mpmath.loggamma(k + 1))
            )

        lam = mpmath.mpf(218) / 10
        want = mpmath.fsum(mpmath.exp(lp(k)) * (lp(k) - (-lam + k * mpmath.log(lam) - mpmath.loggamma(k + 1))) for k in range(700))
    got = numeric_kl(m, q, dps=25).value
    with mpmath.workdps(40):
        assert abs(got - want) < mpmath.mpf(10) ** -22, (got, want)


def test_one_component_mixture_matches_the_closed_form():
    from klsym import kl
    from klsym.records.mixture import as_mixture

    p, q = dist("gamma", alpha=3, beta=2), dist("gamma", alpha="1/2", beta=1)
    got = numeric_kl(as_mixture(p), as_mixture(q), dps=25).value
    with mpmath.workdps(40):
        assert abs(got - mpmath.mpf(str(sp.N(kl(p, q), 40)))) < mpmath.mpf(10) ** -23
