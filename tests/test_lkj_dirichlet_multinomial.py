"""The LKJ law and the Dirichlet-multinomial against other records of the catalogue.

* LKJ(eta) on d x d correlation matrices is, by its C-vine (Lewandowski, Kurowicka & Joe 2009),
  the law of d(d-1)/2 independent partial correlations, those of level k (k = 1..d-1, d - k of
  them) distributed as 2 B - 1 with B ~ Beta(b_k, b_k), b_k = eta + (d - 1 - k)/2: the
  beta4(b_k, b_k, -1, 1) record. KL and Rényi, invariant under the bijection from the partial
  correlations to R, are sums over the independent coordinates of the beta4 ones; the entropy
  is the coordinates' entropy plus E[log J], J the Jacobian of the map.
* The Dirichlet-multinomial with K = 2 categories is beta_binomial(n, alpha[1], alpha[2]) in
  its first count (a record with its own derivation, by its defining sum).

Each relation is checked at several points, hard regimes included, to 40 digits.
"""

from dataclasses import replace

import mpmath
import pytest
import sympy as sp

from klsym import dist, entropy, kl, numeric_kl, renyi
from klsym.derive.expectation import derive_by_expectation
from klsym.exact.resolve import WorkLimitError
from klsym.oracle.coordinates import coordinates
from klsym.oracle.limits import OracleLimitError
from klsym.oracle.multivariate import check_density, log_density_point

from agreement import agree, atoms_agree_with_the_sums_over_count_vectors




# ----------------------------------------------------------------- LKJ
#: (eta_P, eta_Q, d): uniform, near singular (eta 1/10), near the identity (eta 1000), near-equal, d up to 5
LKJ_PAIRS = [
    (1, 2, 2),
    ("1/10", 3, 2),
    (2, 1, 3),
    ("1/10", 1, 3),
    (1000, 1100, 3),
    ("5/2", "5/2+1/10^9", 4),
    ("1/2", 3, 5),
]


def _levels(eta, d: int):
    """(shape b_k of level k's partial correlations, how many there are: d - k), k = 1..d-1."""
    eta = dist("lkj", eta=eta, d=d).params["eta"]  # read as klsym reads it ("1/10^9" included)
    return [(eta + sp.Rational(d - 1 - k, 2), d - k) for k in range(1, d)]


def _partial(b):
    return dist("beta4", alpha=b, beta=b, a=-1, b=1)


@pytest.mark.parametrize("eta_p, eta_q, d", LKJ_PAIRS)
def test_lkj_kl_and_renyi_are_sums_over_the_vine(eta_p, eta_q, d):
    p, q = dist("lkj", eta=eta_p, d=d), dist("lkj", eta=eta_q, d=d)
    levels = list(zip(_levels(eta_p, d), _levels(eta_q, d)))
    for a, b, (pp, qq) in ((p, q, (0, 1)), (q, p, (1, 0))):
        parts = [(_partial(level[pp][0]), _partial(level[qq][0]), level[0][1]) for level in levels]
        agree(kl(a, b), sum(m * kl(x, y) for x, y, m in parts))
        for order in (sp.Rational(1, 2), sp.Integer(2), sp.Rational(1, 10**6)):
            terms = [renyi(x, y, order) for x, y, _ in parts]
            agree(renyi(a, b, order), sp.oo if sp.oo in terms else sum(m * t for t, (_, _, m) in zip(terms, parts)))


@pytest.mark.parametrize("eta", [1, "1/10", "7/3", 1000])
@pytest.mark.parametrize("d", [2, 3, 5])
def test_lkj_entropy_is_the_vines_plus_the_mean_log_jacobian(eta, d):
    # R = R(r) with Jacobian J = prod over pairs of level k of (1 - r^2)^((d - k - 1)/2), so
    # H(R) = H(r) + E[log J]; for r = 2 B - 1, 1 - r^2 = 4 B (1 - B) and E[log(B (1 - B))] = 2 (psi(b) - psi(2 b))
    total = sp.Integer(0)
    for k, (b, count) in enumerate(_levels(eta, d), start=1):
        mean_log = sp.log(4) + 2 * (sp.polygamma(0, b) - sp.polygamma(0, 2 * b))
        total += count * (entropy(_partial(b)) + sp.Rational(d - k - 1, 2) * mean_log)
    agree(entropy(dist("lkj", eta=eta, d=d)), total)


def test_lkj_uniform_has_the_volume_of_the_correlation_matrices():
    # eta = 1: the density is 1/volume, and the 3 x 3 correlation matrices have volume pi^2/2
    agree(entropy(dist("lkj", eta=1, d=3)), sp.log(sp.pi**2 / 2))
    agree(entropy(dist("lkj", eta=1, d=2)), sp.log(2))


def test_the_oracle_checks_the_records_normalising_constant():
    """check_density compares the record's density with the vine's law at the anchors: a log-Jacobian off by
    10^-25 (as a wrong normalising constant would be) is refused; the right one passes."""
    p = dist("lkj", eta="7/3", d=4)
    with mpmath.workdps(40):
        c = coordinates(p, 50)
        f = lambda *x: log_density_point(p, list(x))  # noqa: E731
        check_density(c, f, 40)
        wrong = replace(c, log_jacobian=lambda u: c.log_jacobian(u) + mpmath.mpf(10) ** -25)
        with pytest.raises(ArithmeticError, match="log-Jacobian"):
            check_density(wrong, f, 40)


def test_lkj_rules():
    for kw, message in (({"eta": 0, "d": 3}, "eta > 0"), ({"eta": 1, "d": 1}, "d is an integer > 1"),
                        ({"eta": 1, "d": "5/2"}, "not an integer")):
        with pytest.raises(ValueError, match=message):
            dist("lkj", **kw)
    with pytest.raises(ValueError, match="P has dimension d = 3, Q has d = 4"):
        kl(dist("lkj", eta=1, d=3), dist("lkj", eta=2, d=4))


# ----------------------------------------------------------------- Dirichlet-multinomial
#: (n, alpha_P, alpha_Q) with two categories
DM_PAIRS = [
    (10, [2, 3], [3, 2]),
    (30, ["1/10^6", 1], ["1/10^3", 1]),
    (15, [10**8, 2 * 10**8], [10**8, 3 * 10**8]),
    (12, ["5/2", "7/3"], ["5/2+1/10^9", "7/3"]),
    (200, [3, "9/2"], [4, 4]),
    (1, [2, 5], [3, 1]),
]


@pytest.mark.parametrize("n, a, b", DM_PAIRS)
def test_dirichlet_multinomial_with_two_categories_is_the_beta_binomial(n, a, b):
    p, q = dist("dirichlet_multinomial", n=n, alpha=a), dist("dirichlet_multinomial", n=n, alpha=b)
    bp, bq = (dist("beta_binomial", n=n, alpha=v[0], beta=v[1]) for v in (a, b))
    agree(kl(p, q), kl(bp, bq))
    agree(kl(q, p), kl(bq, bp))
    agree(entropy(p), entropy(bp))


@pytest.mark.parametrize("n, alpha, other", [(5, [1, 2, 3], [2, 2, 2]), (7, ["1/10^6", "5/2", 1], [3, "1/3", 9]),
                                              (4, [1, 2, 3, 4], [4, 3, 2, 1])])
def test_dirichlet_multinomial_atoms_are_the_sums_over_count_vectors(n, alpha, other):
    """Each stated atom (a sum over i of a function of x[i], its mean by the beta-binomial law of one count)
    against the defining sum over every count vector of P's probabilities, exactly."""
    atoms_agree_with_the_sums_over_count_vectors(dist("dirichlet_multinomial", n=n, alpha=alpha),
                                                 dist("dirichlet_multinomial", n=n, alpha=other))


def test_dirichlet_multinomial_kl_is_by_the_marginals():
    """The derivation takes each index sum's mean from the beta-binomial law of one count (stated, with
    its source); log n! and sum log x[i]! cancel in KL."""
    d = derive_by_expectation("dirichlet_multinomial")
    assert all(a.how.startswith("stated: each count x[i] alone is beta-binomial") for a in d.atoms)
    assert not d.kl.has(sp.loggamma) and d.condition is sp.true


def test_dirichlet_multinomial_rules():
    p = dist("dirichlet_multinomial", n=4, alpha=[1, 2, 3])
    with pytest.raises(ValueError, match="x has length 2; .* count vectors of length 3"):
        p.logpdf([2, 2])
    assert p.logpdf([1, 1, 1]) == -sp.oo or sp.N(p.logpdf([1, 1, 2])) < 0
    with pytest.raises(ValueError, match="alpha"):
        dist("dirichlet_multinomial", n=4, alpha=[1, 0])
    with pytest.raises(ValueError, match="vectors of the same length"):
        kl(p, dist("dirichlet_multinomial", n=4, alpha=[1, 2]))
    assert kl(p, dist("dirichlet_multinomial", n=5, alpha=[1, 2, 3])) == sp.oo


def test_dirichlet_multinomial_work_is_bounded():
    """The forms' sums have K (n + 1) terms: past MAX_SUM_TERMS the exact value and the entropy are refused,
    naming the limit; the oracle refuses past its own count-vector limit (no factorial of n is formed)."""
    p, q = (dist("dirichlet_multinomial", n=10**9, alpha=a) for a in ([1, 2, 3], [2, 2, 2]))
    with pytest.raises(WorkLimitError, match="3000000003 terms .* MAX_SUM_TERMS"):
        kl(p, q)
    with pytest.raises(WorkLimitError, match="MAX_SUM_TERMS"):
        entropy(p)
    p, q = (dist("dirichlet_multinomial", n=5000, alpha=a) for a in ([1, 2, 3], [2, 2, 2]))
    with pytest.raises(OracleLimitError, match="MAX_COUNTS"):
        numeric_kl(p, q)

