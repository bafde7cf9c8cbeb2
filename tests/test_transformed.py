"""Families that are laws of a bijective transform of another family give the KL of their
images: KL is invariant under a bijection of the variable applied to both P and Q. Each
relation below is an identity of laws, stated next to it; the two closed forms are
compared at several parameter points to 40 significant digits."""

import mpmath
import pytest
import sympy as sp

from klsym import dist, kl

DIGITS = 40


def _agree(a, b):
    with mpmath.workdps(DIGITS + 20):
        x, y = mpmath.mpf(str(sp.N(a, DIGITS + 20))), mpmath.mpf(str(sp.N(b, DIGITS + 20)))
        assert abs(x - y) <= mpmath.mpf(10) ** -DIGITS * max(1, abs(y)), f"{a} = {x} != {b} = {y}"


#: (family, parent family, P parameters, Q parameters, the parent's parameters for each)
RELATIONS = [
    # Y = log X, X ~ gamma(alpha, rate beta)  <=>  Y ~ log_gamma(alpha, beta); x -> log x is a bijection
    # of (0, oo) onto the real line
    *[("log_gamma", "gamma", p, q, p, q) for p, q in [
        ({"alpha": "3/2", "beta": 2}, {"alpha": 5, "beta": "1/3"}),
        ({"alpha": "1/100", "beta": 2}, {"alpha": "1/3", "beta": "1/3"}),
        ({"alpha": 1000, "beta": 1000}, {"alpha": 1010, "beta": 999}),
        ({"alpha": 3, "beta": 1}, {"alpha": "3+1/10^9", "beta": 1}),
    ]],
    # Y = log X, X ~ log_laplace(mu, b)  <=>  Y ~ laplace(mu, b) (the laplace record's mu differs between P
    # and Q in some of these: its expectation route)
    *[("log_laplace", "laplace", p, q, p, q) for p, q in [
        ({"mu": 0, "b": 1}, {"mu": 0, "b": 2}),
        ({"mu": 0, "b": 1}, {"mu": 1, "b": 2}),
        ({"mu": "1/3", "b": 1}, {"mu": "1/3+1/10^9", "b": 1}),
        ({"mu": -3, "b": 100}, {"mu": 3, "b": "1/100"}),
    ]],
    # X = |Y|, Y ~ cauchy(0, gamma)  <=>  X ~ half_cauchy(gamma). Not a bijection, but both Cauchy densities
    # are even, so p/q is a function of |y| and KL(P||Q) = KL of the laws of |Y| (|Y| is sufficient for the pair)
    *[("half_cauchy", "cauchy", {"gamma": g}, {"gamma": h}, {"x0": 0, "gamma": g}, {"x0": 0, "gamma": h})
      for g, h in [(1, 2), (1, "1+1/10^9"), ("1/10^6", 10**6), ("1/3", 100)]],
    # X ~ moyal(mu, sigma)  <=>  exp(-X/sigma) ~ gamma(1/2, rate exp(mu/sigma)/2) (exp(-(X - mu)/sigma) is
    # chi-squared(1)); x -> exp(-x/sigma) is a bijection of the real line onto (0, oo), one map for P and Q
    # only when they share sigma
    *[("moyal", "gamma", {"mu": m, "sigma": sg}, {"mu": n, "sigma": sg},
       {"alpha": "1/2", "beta": sp.exp(sp.sympify(m) / sp.sympify(sg)) / 2},
       {"alpha": "1/2", "beta": sp.exp(sp.sympify(n) / sp.sympify(sg)) / 2})
      for m, n, sg in [(0, 2, 1), (1, "1+1/10^9", 1), (-20, 3, 5), (0, "1/3", "1/10")]],
]


@pytest.mark.parametrize("name, parent, p, q, pp, qp", RELATIONS,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(RELATIONS)])
def test_kl_is_the_kl_of_the_images(name, parent, p, q, pp, qp):
    P, Q = dist(name, **p), dist(name, **q)
    Pp, Qp = dist(parent, **pp), dist(parent, **qp)
    _agree(kl(P, Q), kl(Pp, Qp))
    _agree(kl(Q, P), kl(Qp, Pp))
