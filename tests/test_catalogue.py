"""The catalogue's newer families: fixed parameters, supports that depend on them,
kinks, boundary shapes, and relations to older families that pin the closed forms."""

import mpmath
import pytest
import sympy as sp

import klsym
from klsym import dist, kl
from klsym.oracle import numeric_kl


def test_pareto_with_a_smaller_scale_is_not_inside_and_kl_is_infinite():
    p, q = dist("pareto", xm=1, alpha=2), dist("pareto", xm=2, alpha=2)
    assert kl(p, q) == sp.oo
    assert "not inside" in klsym.infinite_reason(p, q)
    assert numeric_kl(p, q).value == mpmath.inf


@pytest.mark.parametrize(
    "p, q, expected",
    [
        # log(a_p/a_q) + a_q log(xm_p/xm_q) + a_q/a_p - 1
        (dist("pareto", xm=2, alpha=2), dist("pareto", xm=1, alpha=2), 2 * sp.log(2)),
        # log(k_p/k_q) + k_q log(lam_q/lam_p) - EulerGamma (1 - k_q/k_p) + (lam_p/lam_q)^k_q Gamma(1 + k_q/k_p) - 1
        (dist("weibull", k=2, lam=1), dist("weibull", k=3, lam=1),
         sp.log(sp.Rational(2, 3)) + sp.EulerGamma / 2 + sp.gamma(sp.Rational(5, 2)) - 1),
        # |d|/b_q + (b_p/b_q) exp(-|d|/b_p) + log(b_q/b_p) - 1
        (dist("laplace", mu=0, b=1), dist("laplace", mu=1, b=1), sp.exp(-1)),
    ],
)
def test_different_fixed_parameters_are_exact(p, q, expected):
    value = kl(p, q)
    assert sp.simplify(value - expected) == 0, f"KL({p} ‖ {q}) = {value}"
    with mpmath.workdps(50):
        closed = mpmath.mpf(str(sp.N(value, 50)))
        assert abs(closed - numeric_kl(p, q, dps=30).value) < mpmath.mpf(10) ** -28 * max(1, closed)


def _same(a, b):
    assert abs(sp.N(a - b, 50)) < sp.Float("1e-45"), f"{a} != {b}"


def test_relations_to_older_families():
    # Weibull k = 1 is the exponential with rate 1/lam; k = 2 the Rayleigh with lam = sigma sqrt 2
    assert sp.simplify(kl(dist("weibull", k=1, lam=2), dist("weibull", k=1, lam=5))
                       - kl(dist("exponential", lam="1/2"), dist("exponential", lam="1/5"))) == 0
    assert sp.simplify(kl(dist("weibull", k=2, lam=sp.sqrt(2)), dist("weibull", k=2, lam=3 * sp.sqrt(2)))
                       - kl(dist("rayleigh", sigma=1), dist("rayleigh", sigma=3))) == 0
    # chi(k)^2 is chi-squared(k): KL is invariant under the bijection x -> x^2
    _same(kl(dist("chi", k=3), dist("chi", k="7/2")), kl(dist("chi_squared", k=3), dist("chi_squared", k="7/2")))
    # Maxwell is chi(3) scaled; Nakagami m = 1 is Rayleigh with omega = 2 sigma^2
    _same(kl(dist("nakagami", m=1, omega=2), dist("nakagami", m=1, omega=18)),
          kl(dist("rayleigh", sigma=1), dist("rayleigh", sigma=3)))
    _same(kl(dist("maxwell", a=2), dist("maxwell", a=5)), kl(dist("chi", k=3), dist("chi", k=3)) + 3 * sp.log(sp.Rational(5, 2)) + sp.Rational(3, 2) * (sp.Rational(4, 25) - 1))
    # X ~ beta prime  <=>  X/(1+X) ~ beta
    _same(kl(dist("beta_prime", alpha=2, beta=3), dist("beta_prime", alpha="1/2", beta=4)),
          kl(dist("beta", alpha=2, beta=3), dist("beta", alpha="1/2", beta=4)))


def test_beta4_is_the_beta_law_moved_to_a_b():
    """(X - a)/(b - a) ~ Beta(alpha, beta): KL is invariant under the affine bijection, so KL between two
    beta4 laws on the same [a, b] is the beta laws' KL, symbolically and at numbers, whatever a and b."""
    assert kl("beta4", "beta4") == kl("beta", "beta")
    for (ap, bp), (aq, bq), (lo, hi) in [((2, 3), ("1/2", 4), (-1, 2)), (("1/10", "1/5"), ("1/2", 3), (0, "1/10^6")),
                                         ((1000, 2000), (1100, 2000), (10**6, 10**6 + 1)),
                                         (("1/2", "1/2"), ("1/2", "1/2+1/10^9"), (-10**6, 10**6))]:
        p, q = dist("beta4", alpha=ap, beta=bp, a=lo, b=hi), dist("beta4", alpha=aq, beta=bq, a=lo, b=hi)
        beta_p, beta_q = dist("beta", alpha=ap, beta=bp), dist("beta", alpha=aq, beta=bq)
        assert sp.simplify(kl(p, q) - kl(beta_p, beta_q)) == 0
        assert sp.simplify(kl(q, p) - kl(beta_q, beta_p)) == 0
        _same(kl(p, q), kl(beta_p, beta_q))


def test_hypergeometric_relations():
    """One draw (n = 1) is Bernoulli(K/N): KL of two such laws is exactly the Bernoullis' KL,
    whatever N. As N grows with K/N fixed, draws without replacement approach the binomial."""
    for big_n, k_p, k_q in ((10, 3, 7), (1000, 1, 999), (10**12, 10**11, 5 * 10**11)):
        p, q = dist("hypergeometric", N=big_n, K=k_p, n=1), dist("hypergeometric", N=big_n, K=k_q, n=1)
        bern = kl(dist("bernoulli", p=sp.Rational(k_p, big_n)), dist("bernoulli", p=sp.Rational(k_q, big_n)))
        assert sp.simplify(kl(p, q) - bern) == 0
        assert sp.simplify(kl(q, p) - kl(dist("bernoulli", p=sp.Rational(k_q, big_n)),
                                         dist("bernoulli", p=sp.Rational(k_p, big_n)))) == 0
    binomial = sp.N(kl(dist("binomial", n=5, p="1/5"), dist("binomial", n=5, p="1/2")), 30)
    gaps = [abs(sp.N(kl(dist("hypergeometric", N=m, K=m // 5, n=5), dist("hypergeometric", N=m, K=m // 2, n=5)), 30)
                - binomial) for m in (10**2, 10**4, 10**6)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-5, gaps


def test_beta_binomial_relations():
    """One trial (n = 1) is Bernoulli(alpha/(alpha + beta)): KL of two such laws is exactly the Bernoullis'
    KL. As alpha, beta grow with alpha/(alpha + beta) fixed, the success probability concentrates and the
    law approaches the binomial (the gap falls like 1/(alpha + beta))."""
    for (a_p, b_p), (a_q, b_q) in ((("2", "5"), ("3", "1")), (("1/10^6", "1"), ("7/2", "1/10^8"))):
        p, q = dist("beta_binomial", n=1, alpha=a_p, beta=b_p), dist("beta_binomial", n=1, alpha=a_q, beta=b_q)
        pb, qb = (dist("bernoulli", p=sp.sympify(a) / (sp.sympify(a) + sp.sympify(b))) for a, b in ((a_p, b_p), (a_q, b_q)))
        assert sp.simplify(kl(p, q) - kl(pb, qb)) == 0
        assert sp.simplify(kl(q, p) - kl(qb, pb)) == 0
    binomial = sp.N(kl(dist("binomial", n=6, p="1/3"), dist("binomial", n=6, p="1/2")), 30)
    gaps = [abs(sp.N(kl(dist("beta_binomial", n=6, alpha=m, beta=2 * m), dist("beta_binomial", n=6, alpha=m, beta=m)), 30)
                - binomial) for m in (10, 10**3, 10**5)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-4, gaps


def test_nakagami_boundary_shape_is_a_limit_that_matches_the_oracle():
    p, q = dist("nakagami", m="1/2", omega=1), dist("nakagami", m=2, omega=3)
    value = kl(p, q)
    with mpmath.workdps(50):
        closed = mpmath.mpf(str(sp.N(value, 50)))
        assert abs(closed - numeric_kl(p, q, dps=30).value) < mpmath.mpf(10) ** -27


def test_laplace_kink_is_split_exactly():
    # a very narrow Laplace far from 0: without the split at mu the quadrature misses the peak
    p, q = dist("laplace", mu=10**6, b="1/10^8"), dist("laplace", mu=10**6, b="3/10^8")
    with mpmath.workdps(50):
        closed = mpmath.mpf(str(sp.N(kl(p, q), 50)))
        assert abs(closed - numeric_kl(p, q, dps=30).value) < mpmath.mpf(10) ** -27 * closed


def test_each_catalogue_module_holds_what_its_docstring_says():
    """A newcomer places a family by these rules (klsym/records/catalogue/__init__.py)."""
    from klsym.records.catalogue import (CONTINUOUS, DISCRETE, FINITE, GAMMA_POWERS, LOCATION_FIXED, MULTIVARIATE,
                                         NON_EXPONENTIAL, SHAPE_FIXED)

    for rec in CONTINUOUS + GAMMA_POWERS:
        assert rec.ef is not None and not rec.fixed_params and not rec.discrete, rec.name
    for rec in SHAPE_FIXED + LOCATION_FIXED:
        assert rec.ef is not None and rec.fixed_params and not rec.discrete, rec.name
    for rec in NON_EXPONENTIAL:
        assert rec.ef is None and not rec.discrete, rec.name
    assert all(rec.discrete and not rec.multivariate for rec in DISCRETE)
    for rec in FINITE:
        assert rec.discrete and not rec.multivariate and rec.ef is None, rec.name
        assert all(sp.sympify(end).is_finite for end in (rec.support.lower, rec.support.upper)), rec.name
    assert all(rec.multivariate for rec in MULTIVARIATE)
