"""Families that are laws of a bijective transform of another family give the KL of their
images: KL is invariant under a bijection of the variable applied to both P and Q (the
identity map included: one law under two names and parameterizations). Each relation
below is an identity of laws, stated next to it; the two closed forms are compared at
several parameter points to 40 significant digits."""

from dataclasses import replace

import mpmath
import pytest
import sympy as sp

from klsym import dist, entropy, kl, numeric_kl, renyi
from klsym.derive.atoms import atom_expectation
from klsym.derive.matrix import derive_entropy_matrix
from klsym.references.rows import entropy_defined, row_specs
from klsym.records import registry
from klsym.records.record import X
from klsym.verification.floats import kl_value

DIGITS = 40


def _agree(a, b):
    if sp.oo in (a, b):  # a support not inside the other's (log_uniform in reverse): +oo on both sides
        assert a == b, f"{a} != {b}"
        return
    with mpmath.workdps(DIGITS + 20):
        x, y = mpmath.mpf(str(sp.N(a, DIGITS + 20))), mpmath.mpf(str(sp.N(b, DIGITS + 20)))
        assert abs(x - y) <= mpmath.mpf(10) ** -DIGITS * max(1, abs(y)), f"{a} = {x} != {b} = {y}"


#: logit_normal pairs (P, Q), the same parameters as the normals they are the logistic images of: mass 10^-13 from
#: an end of (0, 1) (mu = +-30), near-equal parameters, tiny and far-apart scales
LOGIT_NORMAL_PAIRS = [
    ({"mu": 0, "sigma": 1}, {"mu": 1, "sigma": 2}),
    ({"mu": "1/3", "sigma": 1}, {"mu": "1/3+1/10^8", "sigma": 1}),
    ({"mu": -1, "sigma": "1/2"}, {"mu": -1, "sigma": "1/2+1/10^9"}),
    ({"mu": "1/5", "sigma": "1/10^4"}, {"mu": "1/5", "sigma": "3/10^4"}),
    ({"mu": 30, "sigma": "1/2"}, {"mu": 29, "sigma": 1}),
    ({"mu": -30, "sigma": "1/10"}, {"mu": 30, "sigma": 5}),
    ({"mu": 0, "sigma": "1/100"}, {"mu": 2, "sigma": 100}),
]

#: multivariate_lognormal pairs (P, Q), the parameters of the normals of log x: d = 1, 2, 3, correlated, near-equal,
#: x far from 1 (mu = 30), variances 10^-6 to 100
MVLN_PAIRS = [
    ({"mu": [0], "Sigma": [[1]]}, {"mu": [1], "Sigma": [[4]]}),
    ({"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]}, {"mu": [1, 2], "Sigma": [[2, 1], [1, 3]]}),
    ({"mu": [30, -20], "Sigma": [["1/4", 0], [0, "1/4"]]}, {"mu": [29, -21], "Sigma": [[1, "1/2"], ["1/2", 1]]}),
    ({"mu": [0, 0, 0], "Sigma": [["1/10^6", 0, 0], [0, 1, 0], [0, 0, 100]]},
     {"mu": ["1/10^8", 1, 1], "Sigma": [[1, "1/2", 0], ["1/2", 1, 0], [0, 0, "100+1/10^6"]]}),
]


def _as_generalized_dirichlet(alpha: list) -> dict:
    """dirichlet(alpha[1..K+1]) as generalized_dirichlet(alpha[1..K], beta), beta[i] = alpha[i+1] + ... + alpha[K+1]."""
    a = [sp.sympify(v) for v in alpha]
    return {"alpha": a[:-1], "beta": [sp.Add(*a[i + 1:]) for i in range(len(a) - 1)]}


#: dirichlet pairs (P, Q) that are generalized Dirichlet laws: K + 1 = 3, 4, 5 parts, small and large shapes,
#: near-equal
GD_DIRICHLET_PAIRS = [
    ([1, 2, 3], [2, 2, 2]),
    (["1/10", "1/5", "1/2"], [1, 1, 1]),
    ([1, 2, 3, 4], [4, 3, 2, 1]),
    ([3, 4, 5, 6, 7], [3, 4, 5, 6, "7+1/10^8"]),
    ([1000, 2000, 500], [1100, 2000, 500]),
]

NIG_PAIRS = [
    ({"mu": 0, "lam": 1, "alpha": 2, "beta": 1}, {"mu": 1, "lam": 2, "alpha": 3, "beta": 2}),
    ({"mu": 1, "lam": "1/2", "alpha": "1/2", "beta": 2}, {"mu": 0, "lam": 1, "alpha": 1, "beta": 1}),
    ({"mu": 0, "lam": 1, "alpha": 50, "beta": 50}, {"mu": 0, "lam": "1+1/10^9", "alpha": 50, "beta": 50}),
    ({"mu": 0, "lam": 10, "alpha": 5, "beta": "1/10"}, {"mu": 2, "lam": 1, "alpha": 2, "beta": 10}),
]

def _angle(u: list) -> sp.Expr:
    """The angle m in (-pi, pi] of the unit vector (cos m, sin m) = u (exact)."""
    c, s = (sp.Rational(v) for v in u)
    return sp.atan2(s, c)


#: (family, parent family, P parameters, Q parameters, the parent's parameters for each)
RELATIONS = [
    # x = (cos theta, sin theta), theta ~ von_mises(m, kappa)  <=>  x ~ von_mises_fisher((cos m, sin m), kappa) in
    # d = 2: theta -> x is a bijection of (-pi, pi] onto the circle, whose arc length is the surface measure
    *[("von_mises_fisher", "von_mises", p, q, {"mu": _angle(p["mu"]), "kappa": p["kappa"]},
       {"mu": _angle(q["mu"]), "kappa": q["kappa"]}) for p, q in [
        ({"mu": ["3/5", "4/5"], "kappa": 2}, {"mu": [1, 0], "kappa": 5}),
        ({"mu": [0, 1], "kappa": "1/10^6"}, {"mu": [-1, 0], "kappa": 3}),
        ({"mu": ["5/13", "12/13"], "kappa": 1000}, {"mu": ["5/13", "12/13"], "kappa": "1000+1/10^6"}),
        ({"mu": ["-3/5", "-4/5"], "kappa": 10**4}, {"mu": ["-4/5", "-3/5"], "kappa": 10**4}),
    ]],
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
    # Y = log X, X ~ log_cauchy(mu, sigma)  <=>  Y ~ cauchy(x0 = mu, gamma = sigma); x -> log x is a bijection of
    # (0, oo) onto the real line
    *[("log_cauchy", "cauchy", p, q, {"x0": p["mu"], "gamma": p["sigma"]}, {"x0": q["mu"], "gamma": q["sigma"]})
      for p, q in [({"mu": 0, "sigma": 1}, {"mu": 3, "sigma": 2}),
                   ({"mu": "1/3", "sigma": 1}, {"mu": "1/3+1/10^8", "sigma": 1}),
                   ({"mu": 0, "sigma": "1/10^6"}, {"mu": 0, "sigma": 10**6}),
                   ({"mu": 40, "sigma": "1/100"}, {"mu": -40, "sigma": 100})]],
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
    # X ~ frechet(alpha, s)  <=>  1/X ~ weibull(k = alpha, lam = 1/s); x -> 1/x is a bijection of (0, oo).
    # With different alpha both sides take the expectation route (different fixed parameters)
    *[("frechet", "weibull", {"alpha": a1, "s": s1}, {"alpha": a2, "s": s2},
       {"k": a1, "lam": 1 / sp.sympify(s1)}, {"k": a2, "lam": 1 / sp.sympify(s2)})
      for a1, s1, a2, s2 in [(2, 1, 2, 3), ("1/2", "1/10^6", "1/2", 10**3), (3, 1, "3+1/10^8", 1), (2, 1, 5, 2)]],
    # X ~ log_logistic(alpha, beta)  <=>  X^beta ~ lomax(alpha = 1, lam = alpha^beta) (both are
    # (1/lam)(1 + x/lam)^(-2) for beta = 1); x -> x^beta is a bijection of (0, oo), one map when P and Q share
    # beta (the lomax side then has different lam: its expectation route)
    *[("log_logistic", "lomax", {"alpha": a1, "beta": b}, {"alpha": a2, "beta": b},
       {"alpha": 1, "lam": a1 ** b}, {"alpha": 1, "lam": a2 ** b})
      for a1, a2, b in [(sp.Integer(1), sp.Integer(2), 3), (sp.Rational(1, 10**8), sp.Rational(3, 10**8), sp.Rational(5, 2)),
                        (sp.Integer(1), sp.Integer(5), sp.Rational(1, 10)), (sp.Integer(1), 1 + sp.Rational(1, 10**9), 2)]],
    # X ~ logistic(mu, s)  <=>  exp(X) ~ log_logistic(alpha = exp(mu), beta = 1/s): x -> e^x is a bijection of the
    # real line onto (0, oo), one map when P and Q share s
    *[("logistic", "log_logistic", {"mu": m1, "s": s}, {"mu": m2, "s": s},
       {"alpha": sp.exp(sp.sympify(m1)), "beta": 1 / sp.sympify(s)}, {"alpha": sp.exp(sp.sympify(m2)), "beta": 1 / sp.sympify(s)})
      for m1, m2, s in [(0, 1, 1), ("1/3", "1/3+1/10^9", 2), (-20, 20, "1/10^3"), (5, -5, 10**6)]],
    # X ~ lomax(alpha, lam)  <=>  X + lam ~ pareto(xm = lam, alpha): a shift, one map when P and Q share lam
    *[("lomax", "pareto", {"alpha": a1, "lam": lam}, {"alpha": a2, "lam": lam},
       {"xm": lam, "alpha": a1}, {"xm": lam, "alpha": a2})
      for a1, a2, lam in [(3, 1, 1), ("1/10", 5, "1/1000"), (2, "2+1/10^9", 10**6)]],
    # X ~ levy(mu, c)  <=>  X - mu ~ inverse_gamma(1/2, c/2): a shift, one map when P and Q share mu
    *[("levy", "inverse_gamma", {"mu": mu, "c": c1}, {"mu": mu, "c": c2},
       {"alpha": "1/2", "beta": sp.sympify(c1) / 2}, {"alpha": "1/2", "beta": sp.sympify(c2) / 2})
      for mu, c1, c2 in [(0, 1, 3), (5, "1/10^6", "3/10^6"), (-10**6, 10**6, 10**5)]],
    # X ~ shifted_exponential(loc, lam)  <=>  X - loc ~ exponential(lam): a shift, one map when P and Q share loc
    *[("shifted_exponential", "exponential", {"loc": loc, "lam": l1}, {"loc": loc, "lam": l2}, {"lam": l1}, {"lam": l2})
      for loc, l1, l2 in [(0, 1, 2), ("1/3", 10**6, "1/10^6"), (-10**6, 7, "7+1/10^9")]],
    # (x, sigma2) ~ normal_inverse_gamma(mu, lam, alpha, beta)  <=>  (x, 1/sigma2) ~ normal_gamma(mu, lam, alpha, beta):
    # (x, s) -> (x, 1/s) is a bijection of R x (0, oo) onto itself
    *[("normal_inverse_gamma", "normal_gamma", p, q, p, q) for p, q in NIG_PAIRS],
    # Y = log X, X ~ log_uniform(a, b)  <=>  Y ~ uniform(log a, log b); x -> log x is a bijection of (0, oo) onto
    # the real line
    *[("log_uniform", "uniform", {"a": a1, "b": b1}, {"a": a2, "b": b2},
       {"a": sp.log(sp.sympify(a1)), "b": sp.log(sp.sympify(b1))}, {"a": sp.log(sp.sympify(a2)), "b": sp.log(sp.sympify(b2))})
      for a1, b1, a2, b2 in [(1, 10, "1/2", 100), (1, 2, "1-1/10^12", "2+1/10^12"), ("1/10^9", 10**9, "1/10^10", 10**10)]],
    # Y = logit X = log(X/(1 - X)), X ~ logit_normal(mu, sigma)  <=>  Y ~ normal(mu, sigma); x -> logit x is a
    # bijection of (0, 1) onto the real line
    *[("logit_normal", "normal", p, q, p, q) for p, q in LOGIT_NORMAL_PAIRS],
    # Y = log X componentwise, X ~ multivariate_lognormal(mu, Sigma)  <=>  Y ~ multivariate_normal(mu, Sigma);
    # x -> log x is a bijection of (0, oo)^d onto R^d
    *[("multivariate_lognormal", "multivariate_normal", p, q, p, q) for p, q in MVLN_PAIRS],
    # generalized_dirichlet(alpha, beta) with beta[i] = alpha[i+1] + beta[i+1] (i < K) is dirichlet(alpha[1..K], beta[K]):
    # one law under two names (Connor & Mosimann 1969), the free coordinates x[1..K] in both
    *[("generalized_dirichlet", "dirichlet", _as_generalized_dirichlet(p), _as_generalized_dirichlet(q),
       {"alpha": p}, {"alpha": q}) for p, q in GD_DIRICHLET_PAIRS],
    # Y = alr X = (log(x[i]/x[d+1]))_i, X ~ logistic_normal(mu, Sigma)  <=>  Y ~ multivariate_normal(mu, Sigma); alr is a
    # bijection of the open simplex onto R^d
    *[("logistic_normal", "multivariate_normal", p, q, p, q) for p, q in MVLN_PAIRS],
    # logistic_normal in d = 1 is logit_normal(mu, sigma) (x[1] = x, x[2] = 1 - x): one law under two names
    *[("logistic_normal", "logit_normal", {"mu": [p["mu"]], "Sigma": [[sp.sympify(p["sigma"]) ** 2]]},
       {"mu": [q["mu"]], "Sigma": [[sp.sympify(q["sigma"]) ** 2]]}, p, q) for p, q in LOGIT_NORMAL_PAIRS],
    # the same law under two names (the identity map)
    # erlang(k, lam) is gamma(alpha = k, rate beta = lam) with an integer shape
    *[("erlang", "gamma", {"k": k1, "lam": l1}, {"k": k2, "lam": l2}, {"alpha": k1, "beta": l1},
       {"alpha": k2, "beta": l2}) for k1, l1, k2, l2 in [(3, 2, 5, "1/2"), (5000, 5000, 5003, 5001)]],
    # scaled_inverse_chi_squared(nu, tau2) is inverse_gamma(alpha = nu/2, scale beta = nu tau2/2)
    *[("scaled_inverse_chi_squared", "inverse_gamma", {"nu": n1, "tau2": t1}, {"nu": n2, "tau2": t2},
       {"alpha": sp.sympify(n1) / 2, "beta": sp.sympify(n1) * sp.sympify(t1) / 2},
       {"alpha": sp.sympify(n2) / 2, "beta": sp.sympify(n2) * sp.sympify(t2) / 2})
      for n1, t1, n2, t2 in [(4, 1, 6, 2), ("1/2", "1/10^6", 3, 10**6)]],
    # generalized_gamma(a, d, p = 1) is gamma(alpha = d, rate beta = 1/a); with d = p it is weibull(k = p, lam = a)
    *[("generalized_gamma", "gamma", {"a": a1, "d": d1, "p": 1}, {"a": a2, "d": d2, "p": 1},
       {"alpha": d1, "beta": 1 / sp.sympify(a1)}, {"alpha": d2, "beta": 1 / sp.sympify(a2)})
      for a1, d1, a2, d2 in [(1, 2, 3, "1/2"), (10**5, 500, 10**5, 510)]],
    *[("generalized_gamma", "weibull", {"a": a1, "d": k, "p": k}, {"a": a2, "d": k, "p": k},
       {"k": k, "lam": a1}, {"k": k, "lam": a2}) for a1, a2, k in [(1, 2, 3), ("1/10^6", "3/10^6", "1/2")]],
    # burr(c = 1, k) is lomax(alpha = k, lam = 1)
    *[("burr", "lomax", {"c": 1, "k": k1}, {"c": 1, "k": k2}, {"alpha": k1, "lam": 1}, {"alpha": k2, "lam": 1})
      for k1, k2 in [(3, 1), ("1/100", 1)]],
    # asymmetric_laplace(mu, b, kappa = 1) is laplace(mu, b)
    *[("asymmetric_laplace", "laplace", {"mu": mu, "b": b1, "kappa": 1}, {"mu": mu, "b": b2, "kappa": 1},
       {"mu": mu, "b": b1}, {"mu": mu, "b": b2}) for mu, b1, b2 in [(0, 1, 2), (3, "1/10^6", "2/10^6"), ("1/3", 1, "1+1/10^9")]],
    # generalized_normal(mu, alpha, beta = 2) is normal(mu, sigma = alpha/sqrt(2)); with beta = 1 it is laplace(mu, b = alpha)
    *[("generalized_normal", "normal", {"mu": mu, "alpha": a1, "beta": 2}, {"mu": mu, "alpha": a2, "beta": 2},
       {"mu": mu, "sigma": sp.sympify(a1) / sp.sqrt(2)}, {"mu": mu, "sigma": sp.sympify(a2) / sp.sqrt(2)})
      for mu, a1, a2 in [(0, 1, 2), ("1/3", 1, "1+1/10^9"), (-5, 10**5, 10**6)]],
    *[("generalized_normal", "laplace", {"mu": mu, "alpha": a1, "beta": 1}, {"mu": mu, "alpha": a2, "beta": 1},
       {"mu": mu, "b": a1}, {"mu": mu, "b": a2}) for mu, a1, a2 in [(0, 1, 2), (3, "1/10^6", "3/10^6")]],
    # X ~ exponentiated_exponential(alpha, lam)  <=>  1 - exp(-lam X) ~ beta(alpha, 1) (its CDF is u^alpha); x ->
    # 1 - exp(-lam x) is a bijection of (0, oo) onto (0, 1), one map when P and Q share lam. alpha = 1 is
    # exponential(lam), whose image is the uniform beta(1, 1)
    *[("exponentiated_exponential", "beta", {"alpha": a1, "lam": lam}, {"alpha": a2, "lam": lam},
       {"alpha": a1, "beta": 1}, {"alpha": a2, "beta": 1})
      for a1, a2, lam in [(1, 5, 1), ("1/10", 1, 10**6), (3, "3+1/10^8", "1/10^6")]],
    # X ~ kumaraswamy(a, b)  <=>  X^a ~ beta(1, b); x -> x^a is a bijection of (0, 1), one map when P and Q
    # share a (a = 1: the same law)
    *[("kumaraswamy", "beta", {"a": a, "b": b1}, {"a": a, "b": b2}, {"alpha": 1, "beta": b1}, {"alpha": 1, "beta": b2})
      for a, b1, b2 in [(1, 3, 5), (1, "1/100", 1), ("1/10", 2, "2+1/10^8"), (50, 1000, 2000)]],
    # X ~ beta4(alpha, beta, a, b)  <=>  (X - a)/(b - a) ~ beta(alpha, beta): an affine bijection of (a, b) onto
    # (0, 1), one map when P and Q share the ends
    *[("beta4", "beta", {"alpha": a1, "beta": b1, "a": a, "b": b}, {"alpha": a2, "beta": b2, "a": a, "b": b},
       {"alpha": a1, "beta": b1}, {"alpha": a2, "beta": b2})
      for a1, b1, a2, b2, a, b in [(2, 3, 4, 1, -1, 2), ("1/10", "1/5", "1/2", 3, 0, "1/10^6"),
                                   (1000, 2000, 1100, 2000, 10**6, 10**6 + 1), ("1/2", "1/2", "1/2", "1/2+1/10^9", -10**6, 10**6)]],
    # X ~ beta4(alpha, beta, a, b)  <=>  c X + d ~ beta4(alpha, beta, c a + d, c b + d) for c > 0, one map for P and Q
    # also when their ends differ (the expectation route, with the stated E[log(X - c)], E[log(d - X)])
    *[("beta4", "beta4", {"alpha": a1, "beta": b1, "a": ap, "b": bp}, {"alpha": a2, "beta": b2, "a": aq, "b": bq},
       {"alpha": a1, "beta": b1, "a": c * ap + d, "b": c * bp + d}, {"alpha": a2, "beta": b2, "a": c * aq + d, "b": c * bq + d})
      for a1, b1, a2, b2, ap, bp, aq, bq, c, d in [
          (2, 3, 2, 2, 0, 1, -1, 2, sp.Rational(1, 3), 5),
          (sp.Rational(1, 10), 3, 2, sp.Rational(1, 2), 0, 1, -sp.Rational(1, 10**9), 1, 10**6, -7),
          (5, 5, 5, 6, 0, 1, 0, 3, sp.Rational(1, 10**6), 10**6)]],
    # X ~ truncated_normal(mu, sigma, a, b)  <=>  c X + d ~ truncated_normal(c mu + d, c sigma, c a + d, c b + d)
    # for c > 0: x -> c x + d is a bijection of [a, b] onto [c a + d, c b + d], one map for P and Q (shared ends)
    *[("truncated_normal", "truncated_normal", {"mu": m1, "sigma": s1, "a": a, "b": b}, {"mu": m2, "sigma": s2, "a": a, "b": b},
       {"mu": c * m1 + d, "sigma": c * s1, "a": c * a + d, "b": c * b + d},
       {"mu": c * m2 + d, "sigma": c * s2, "a": c * a + d, "b": c * b + d})
      for m1, s1, m2, s2, a, b, c, d in [
          (0, 1, 1, 2, -1, 2, sp.Rational(1, 3), 5),
          (sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 2) + sp.Rational(1, 10**9), sp.Rational(1, 3), 0, 1, 10**6, -7),
          (-3, 1, 4, sp.Rational(1, 2), 0, 1, sp.Rational(1, 10**6), 0)]],
]

#: (P, Q of truncated_normal, the normals they truncate): with the ends 40 sigmas or more from both means the
#: truncation removes a mass below 2 Phi(-40) < 10^-349 from each law, and KL moves by less than 10^-340
#: (not an identity of laws: a limit, far inside the 40 digits compared)
NORMAL_LIMIT = [
    ({"mu": 0, "sigma": 1, "a": -40, "b": 40}, {"mu": 1, "sigma": "1/2", "a": -40, "b": 40}),
    ({"mu": "1/3", "sigma": "1/10^6", "a": -1, "b": 1}, {"mu": "1/3+1/10^9", "sigma": "2/10^6", "a": -1, "b": 1}),
    ({"mu": 10**6, "sigma": 7, "a": 10**6 - 1000, "b": 10**6 + 1000}, {"mu": 10**6 + 3, "sigma": 5, "a": 10**6 - 1000,
                                                                        "b": 10**6 + 1000}),
]


@pytest.mark.parametrize("p, q", NORMAL_LIMIT)
def test_truncated_normal_far_ends_relation_to_normal(p, q):
    P, Q = dist("truncated_normal", **p), dist("truncated_normal", **q)
    Pn, Qn = (dist("normal", mu=d["mu"], sigma=d["sigma"]) for d in (p, q))
    _agree(kl(P, Q), kl(Pn, Qn))
    _agree(kl(Q, P), kl(Qn, Pn))


@pytest.mark.parametrize("name, parent, p, q, pp, qp", RELATIONS,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(RELATIONS)])
def test_kl_is_the_kl_of_the_images(name, parent, p, q, pp, qp):
    P, Q = dist(name, **p), dist(name, **q)
    Pp, Qp = dist(parent, **pp), dist(parent, **qp)
    _agree(kl(P, Q), kl(Pp, Qp))
    _agree(kl(Q, P), kl(Qp, Pp))


# X = |Y|, Y ~ logistic(0, s)  <=>  X ~ half_logistic(s): both logistic densities are even, so p/q is a function of
# |y| and KL is that of the laws of |Y|. logistic's s is fixed (no closed form across scales); half_logistic's form
# across scales, with its alternating series, is checked against the oracle's integral of the two LOGISTIC
# densities over the real line: another density, another interval, no series
@pytest.mark.parametrize("s_p, s_q", [(1, 2), ("1/10^6", "3/10^6"), (5, "1/5"), (1, 1000), ("1/3", "1/2")])
def test_half_logistic_kl_is_the_logistic_kl_across_scales(s_p, s_q):
    P, Q = dist("half_logistic", s=s_p), dist("half_logistic", s=s_q)
    Pl, Ql = dist("logistic", mu=0, s=s_p), dist("logistic", mu=0, s=s_q)
    for a, b, al, bl in ((P, Q, Pl, Ql), (Q, P, Ql, Pl)):
        ref = numeric_kl(al, bl, dps=30)
        with mpmath.workdps(40):
            value = kl_value(a, b, 35)
            assert abs(value - ref.value) <= ref.error + mpmath.mpf(10) ** -29 * abs(ref.value), (a, b, value, ref)


@pytest.mark.parametrize("p", [pair[0] for pair in MVLN_PAIRS] + [pair[1] for pair in MVLN_PAIRS])
def test_multivariate_lognormal_entropy_is_the_normal_one_plus_the_log_jacobian(p):
    """Entropy is not invariant under a bijection: H(exp Y) = H(Y) + E[log x[1] + ... + log x[d]] = H(Y) + sum mu.
    The lognormal's entropy takes E[log h] from its log h being affine in T (a rule of the matrix engine), the
    normal's has no such term."""
    got = entropy(dist("multivariate_lognormal", **p))
    want = entropy(dist("multivariate_normal", **p)) + sp.Add(*(sp.sympify(m) for m in p["mu"]))
    _agree(got, want)


def test_the_logistic_normal_has_no_entropy_form_and_no_entropy_rows():
    """Its log h = -sum log x[i] - log(1 - sum x[i]) is not affine in T = (alr x, ...): the entropy needs
    E[log(1 + sum exp y[j])] under a normal, which has no closed form. klsym says so; the store has no entropy rows."""
    with pytest.raises(NotImplementedError, match="no closed-form entropy"):
        entropy(dist("logistic_normal", mu=[0, 0], Sigma=[[1, 0], [0, 1]]))
    assert not entropy_defined("logistic_normal")
    assert {s.quantity for s in row_specs("logistic_normal")} == {"kl"}


def test_an_entropy_rule_refuses_a_log_h_not_affine_in_the_statistics():
    """The matrix engine's E[log h] replaces each statistic by its mean: exact only for a log h affine in T. A
    log h with the square of 1^T log x (not an entry of T) must be refused, not given a wrong entropy."""
    fam = registry.get("multivariate_lognormal")
    total = sp.Add(*[t for t in sp.Add.make_args(fam.ef.log_h) if t.has(fam.variable)])
    bent = replace(fam, ef=replace(fam.ef, log_h=fam.ef.log_h + total**2))
    with pytest.raises(NotImplementedError, match="not an affine function of the statistics"):
        derive_entropy_matrix(bent)


@pytest.mark.parametrize("p, q", GD_DIRICHLET_PAIRS)
def test_generalized_dirichlet_entropy_at_a_dirichlet_is_the_dirichlet_one(p, q):
    """One law, one density in x[1..K]: the entropies agree too (the generalized Dirichlet's with the stated
    E[log h], the Dirichlet's with none)."""
    for a in (p, q):
        _agree(entropy(dist("generalized_dirichlet", **_as_generalized_dirichlet(a))), entropy(dist("dirichlet", alpha=a)))


@pytest.mark.parametrize("p, q", [
    ({"alpha": [1, 2], "beta": [3, 4]}, {"alpha": [2, 2], "beta": [2, 5]}),
    ({"alpha": ["1/10", 5, 2], "beta": ["1/2", "1/3", 100]}, {"alpha": [1, 1, "2+1/10^9"], "beta": [1, 1, 100]}),
    ({"alpha": [10**4, 3, "1/2", 1], "beta": [1, 2, 3, 4]}, {"alpha": [10**4 + 1, 3, "1/2", 2], "beta": [2, 2, 3, 4]}),
])
def test_generalized_dirichlet_kl_is_the_sum_over_its_sticks(p, q):
    """x -> z (z[i] = x[i] / (1 - x[1] - ... - x[i-1])) is a bijection, and the z[i] are independent betas: KL and
    Rényi are the sums of the beta ones, stick by stick (beta's own univariate record)."""
    P, Q = dist("generalized_dirichlet", **p), dist("generalized_dirichlet", **q)
    sticks = [(dist("beta", alpha=a, beta=b), dist("beta", alpha=c, beta=d))
              for a, b, c, d in zip(p["alpha"], p["beta"], q["alpha"], q["beta"])]
    _agree(kl(P, Q), sp.Add(*[kl(u, v) for u, v in sticks]))
    _agree(kl(Q, P), sp.Add(*[kl(v, u) for u, v in sticks]))
    _agree(renyi(P, Q, "1/2"), sp.Add(*[renyi(u, v, "1/2") for u, v in sticks]))


LOG_CAUCHY = [r for r in RELATIONS if r[0] == "log_cauchy"]


def test_log_cauchy_forms_are_the_cauchy_forms_in_log_x():
    """KL and the Rényi divergence of log_cauchy are cauchy's with x0 = mu, gamma = sigma, as symbols."""
    lc, c = registry.get("log_cauchy"), registry.get("cauchy")
    to_c = {lc.symbols_for(s)[a]: c.symbols_for(s)[b] for s in ("p", "q") for a, b in (("mu", "x0"), ("sigma", "gamma"))}
    assert sp.simplify(kl("log_cauchy", "log_cauchy").xreplace(to_c) - kl("cauchy", "cauchy")) == 0
    assert renyi("log_cauchy", "log_cauchy").xreplace(to_c) == renyi("cauchy", "cauchy")


@pytest.mark.parametrize("name, parent, p, q, pp, qp", LOG_CAUCHY, ids=[f"log_cauchy-{i}" for i in range(len(LOG_CAUCHY))])
def test_log_cauchy_renyi_is_the_renyi_of_the_images(name, parent, p, q, pp, qp):
    """Every f-divergence is invariant under a bijection of the variable: Rényi-1/2 and Rényi-2 too."""
    P, Q, Pc, Qc = dist(name, **p), dist(name, **q), dist(parent, **pp), dist(parent, **qp)
    for alpha in ("1/2", 2):
        _agree(renyi(P, Q, alpha), renyi(Pc, Qc, alpha))
        _agree(renyi(Q, P, alpha), renyi(Qc, Pc, alpha))


@pytest.mark.parametrize("mu, sigma", [(0, 1), ("1/3", "1/100"), (-40, 100)])
def test_log_cauchy_has_no_mean_of_log_x(mu, sigma):
    """E[log X] is stated not to exist (nan), so the entropy does not exist: log X is Cauchy, and the integral of
    |log x - mu| p(x) over e^(mu - T) < x < e^(mu + T) is (sigma/pi) log(1 + T^2/sigma^2), unbounded in T (here
    from the record's own density). The oracle cannot tell: its quadrature cuts both tails at the same depth and
    returns the principal value (mu for E[log X], log(4 pi sigma) + mu for H), which is why no entropy row is stored."""
    d = dist("log_cauchy", mu=mu, sigma=sigma)
    assert atom_expectation(d.record, sp.log(X), dict(zip(d.record.symbols().values(), d.params.values()))).value is sp.nan
    m, s = sp.sympify(mu), sp.sympify(sigma)
    y = sp.Symbol("y", real=True)
    # x = e^(mu + y), dx = x dy
    f = sp.lambdify(y, sp.Abs(y) * sp.exp(d.logpdf(sp.exp(m + y)) + m + y), modules="mpmath")
    with mpmath.workdps(30):
        sm = mpmath.mpf(sp.N(s, 40))
        for T in (10**3, 10**6, 10**12):
            ends = [0] + [sm * 10**k for k in range(-2, 13) if sm * 10**k < T] + [T]
            value = 2 * mpmath.quad(f, ends)  # the density of log X is even about mu: twice the upper half
            assert abs(value - sm / mpmath.pi * mpmath.log(1 + (T / sm) ** 2)) < mpmath.mpf(10) ** -20 * value
#: (family, parent family, P, Q, the parent's P, Q): a Rényi divergence is invariant under a bijection of the
#: variable too (p^alpha q^(1 - alpha) picks up the Jacobian once, as p and q do); its +oo (alpha > 1, Q much
#: narrower than P) included
RENYI_RELATIONS = [("logit_normal", "normal", p, q, p, q) for p, q in LOGIT_NORMAL_PAIRS] + [
    # log X ~ laplace(mu, b): SymPy's integral on both sides (mu differs), a tail of p^2/q that does not fall included
    *[("log_laplace", "laplace", p, q, p, q) for p, q in [
        ({"mu": 0, "b": 1}, {"mu": 1, "b": 2}),
        ({"mu": "1/3", "b": 2}, {"mu": "1/3", "b": 1}),
        ({"mu": -3, "b": "1/2"}, {"mu": 4, "b": 3}),
    ]],
    # log X ~ multivariate_normal (alr X for the logistic normal): the same log-partition, the matrix Rényi engine on
    # both records
    *[(name, "multivariate_normal", p, q, p, q) for p, q in MVLN_PAIRS
      for name in ("multivariate_lognormal", "logistic_normal")],
    # the generalized Dirichlet that is a Dirichlet: two log-partitions, two index-sum Rényi derivations
    *[("generalized_dirichlet", "dirichlet", _as_generalized_dirichlet(p), _as_generalized_dirichlet(q),
       {"alpha": p}, {"alpha": q}) for p, q in GD_DIRICHLET_PAIRS],
    # (x, 1/sigma2) ~ normal_gamma: both from their own log-partitions
    *[("normal_inverse_gamma", "normal_gamma", p, q, p, q) for p, q in NIG_PAIRS],
    # d = 2: the von Mises-Fisher's |eta_alpha| against the von Mises record's own (both from I_0 of a norm)
    *[r for r in RELATIONS if r[0] == "von_mises_fisher"],
    # log X ~ logistic(log alpha, 1/beta): the log-logistic record's stated affinity against the logistic one's
    *[("log_logistic", "logistic", p, q, {"mu": f"log({p['alpha']})", "s": f"1/({p['beta']})"},
       {"mu": f"log({q['alpha']})", "s": f"1/({q['beta']})"}) for p, q in [
        ({"alpha": 1, "beta": 2}, {"alpha": 3, "beta": 2}),
        ({"alpha": "1/10", "beta": "1/2"}, {"alpha": 1000, "beta": "1/2"}),
        ({"alpha": 5, "beta": 10}, {"alpha": "5+1/10^6", "beta": 10}),
    ]],
]


@pytest.mark.parametrize("name, parent, p, q, pp, qp", RENYI_RELATIONS,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(RENYI_RELATIONS)])
@pytest.mark.parametrize("alpha", ["1/2", "2", "1/10^6"])
def test_renyi_is_the_renyi_of_the_images(name, parent, p, q, pp, qp, alpha):
    P, Q = dist(name, **p), dist(name, **q)
    Pp, Qp = dist(parent, **pp), dist(parent, **qp)
    _agree(renyi(P, Q, alpha), renyi(Pp, Qp, alpha))
    _agree(renyi(Q, P, alpha), renyi(Qp, Pp, alpha))


@pytest.mark.parametrize("gp, gq", [(1, 3), ("1/10^6", 10**6), (2, "2+1/10^9")])
@pytest.mark.parametrize("alpha", ["1/2", "2", "7/3"])
def test_half_cauchy_affinity_is_the_cauchy_one(gp, gq, alpha):
    """Not a bijection: folding Cauchy(0, gamma) onto x >= 0 doubles both densities there, and
    p^alpha q^(1 - alpha) is even in x, so the integral over x >= 0 of the doubled product is the
    integral over the line of the Cauchy one: the half-Cauchy record's stated affinity against the
    cauchy record's at x0 = 0."""
    P, Q = dist("half_cauchy", gamma=gp), dist("half_cauchy", gamma=gq)
    Pc, Qc = dist("cauchy", x0=0, gamma=gp), dist("cauchy", x0=0, gamma=gq)
    _agree(renyi(P, Q, alpha), renyi(Pc, Qc, alpha))
    _agree(renyi(Q, P, alpha), renyi(Qc, Pc, alpha))


def test_logit_normal_kl_is_the_normal_kl_symbolically():
    """The derived closed forms are one expression in mu, sigma (the logit map is one for every member)."""
    assert sp.simplify(kl("logit_normal", "logit_normal") - kl("normal", "normal")) == 0
