"""The normal-Wishart law against other records of the catalogue.

* d = 1: normal_wishart(mu, lam, W, nu) is normal_gamma(mu, lam, alpha = nu/2, beta = 1/(2 W)) (the
  Wishart in d = 1 is the gamma law with shape nu/2 and rate 1/(2 W)): KL both ways, entropy and Rényi.
* Any d, the chain rule: KL(P‖Q) = KL(P_Lambda‖Q_Lambda) + E[KL(P_x|Lambda ‖ Q_x|Lambda)]. Given Lambda
  the normals' KL, (d lam_Q/lam_P - d + lam_Q dᵀ Lambda d + d log(lam_P/lam_Q))/2 with d = mu_P - mu_Q,
  is affine in Lambda, so its mean is the normals' KL at E[Lambda] = nu_P W_P: the wishart record's KL
  plus the multivariate normal's, covariances (lam E[Lambda])^-1.
* Rényi at an order next to 1 is KL (oracle-checked).

Each relation is checked at several points, hard regimes included, to 40 digits.
"""

import mpmath
import pytest
import sympy as sp

from klsym import dist, entropy, kl, renyi
from klsym.crosscheck import agreed_digits
from klsym.records.convert import to_exact

from agreement import agree




def _r(v):
    """A case's exact value ("1/10^6" read by klsym's own grammar)."""
    return to_exact(v, "value")


#: (mu, lam, scale, nu) pairs in d = 1: moderate, small nu, large nu, wide in x, near-equal, scales far apart
ONE = [
    ((0, 1, 1, 3), (1, 2, "1/2", 5)),
    ((0, "1/2", 2, "1/10"), (1, 1, 1, "1/3")),
    ((0, 1, 1, 2000), (0, 1, 1, 2020)),
    ((3, "1/100", 1, 3), (-3, "1/10", 2, 3)),
    ((0, 2, 1, 4), ("1/10^8", 2, 1, 4)),
    ((0, 1, "1/10^6", 4), (1, 10, "1/10^5", 6)),
]


@pytest.mark.parametrize("p, q", ONE)
def test_normal_wishart_in_one_dimension_is_the_normal_gamma(p, q):
    def pair(v):
        mu, lam, w, nu = v
        return (dist("normal_wishart", mu=[mu], lam=lam, W=[[w]], nu=nu),
                dist("normal_gamma", mu=mu, lam=lam, alpha=_r(nu) / 2, beta=1 / (2 * _r(w))))

    (a, ga), (b, gb) = pair(p), pair(q)
    agree(kl(a, b), kl(ga, gb))
    agree(kl(b, a), kl(gb, ga))
    agree(entropy(a), entropy(ga))


#: (mu, lam, scale, nu) pairs in d = 2 and 3: correlated, nu near d - 1, scales 10^6 apart, large nu,
#: near-equal means
MANY = [
    (([0, 0], 1, [[2, 1], [1, 2]], 4), ([1, -1], 2, [[1, 0], [0, 3]], 5)),
    (([0, 0], 1, [[1, 0], [0, 1]], "11/10"), ([0, 0], 1, [[2, "1/2"], ["1/2", 1]], 3)),
    (([0, 0], 1, [["1/1000", 0], [0, 1000]], 3), ([1, 1], "1/100", [[1, 0], [0, 1]], 4)),
    (([0, 0], 1, [[1, 0], [0, 1]], 1000), ([2, 0], 3, [[1, "1/3"], ["1/3", 1]], 1010)),
    (([0, 0], 2, [[1, "1/2"], ["1/2", 1]], 4), (["1/10^8", 0], 2, [[1, "1/2"], ["1/2", 1]], 4)),
    (([0, 0, 1], 1, [[2, 1, 0], [1, 2, 1], [0, 1, 2]], 5), ([1, 0, 0], 3, [[1, 0, 0], [0, 3, 0], [0, 0, 1]], "7/2")),
]


def _law(v):
    mu, lam, s, nu = v
    return dist("normal_wishart", mu=mu, lam=lam, W=s, nu=nu)


@pytest.mark.parametrize("p, q", MANY)
def test_normal_wishart_kl_is_the_wisharts_plus_the_normals_at_the_mean_precision(p, q):
    for a, b in ((p, q), (q, p)):
        P, Q = _law(a), _law(b)
        mean = _r(a[3]) * sp.Matrix(P.params["W"])
        normals = kl(dist("multivariate_normal", mu=a[0], Sigma=(_r(a[1]) * mean).inv()),
                     dist("multivariate_normal", mu=b[0], Sigma=(_r(b[1]) * mean).inv()))
        wisharts = kl(dist("wishart", nu=a[3], V=a[2]), dist("wishart", nu=b[3], V=b[2]))
        agree(kl(P, Q), wisharts + normals)


def test_rules():
    name, scale = "normal_wishart", "W"
    good = {"mu": [0, 0], "lam": 1, scale: [[1, 0], [0, 1]], "nu": 3}
    dist(name, **good)
    for change, rule in (({"mu": [0, 0, 0]}, "len\\(mu\\) = size of " + scale),
                         ({"nu": 1}, "nu > d - 1 = 1"),
                         ({"lam": 0}, "lam"),
                         ({scale: [[1, 2], [2, 1]]}, scale)):
        with pytest.raises(ValueError, match=rule):
            dist(name, **{**good, **change})
    p = dist(name, **good)
    q = dist(name, **{**good, "mu": [0], scale: [[1]]})
    with pytest.raises(ValueError, match="dimension|same"):
        kl(p, q)


# ----------------------------------------------------------------- Rényi
#: orders: the two the divergence store checks, one near 0 and one past 1 (where the affinity may be infinite)
ORDERS = ["1/2", 2, "3/2", "1/10^6"]


@pytest.mark.parametrize("p, q", ONE)
def test_renyi_in_one_dimension_is_the_normal_gammas(p, q):
    """The Rényi forms (the log-partition at eta_alpha, its log-determinant held as one SPD matrix) against
    the normal-gamma's, which the divergence store checks against the oracle."""
    (mu, lam, s, nu), (mu2, lam2, s2, nu2) = p, q
    P, Q = (dist("normal_wishart", mu=[mu], lam=lam, W=[[s]], nu=nu),
            dist("normal_wishart", mu=[mu2], lam=lam2, W=[[s2]], nu=nu2))
    GP, GQ = (dist("normal_gamma", mu=mu, lam=lam, alpha=_r(nu) / 2, beta=1 / (2 * _r(s))),
              dist("normal_gamma", mu=mu2, lam=lam2, alpha=_r(nu2) / 2, beta=1 / (2 * _r(s2))))
    for a, b, ga, gb in ((P, Q, GP, GQ), (Q, P, GQ, GP)):
        for order in ORDERS:
            agree(renyi(a, b, order), renyi(ga, gb, order))


@pytest.mark.parametrize("p, q", MANY)
def test_renyi_tends_to_kl(p, q):
    """In d = 2 and 3: Rényi at order 1 - 10^-30 is KL (oracle-checked) to 20 digits (the difference is about
    10^-30 times the variance of log p - log q)."""
    for a, b in ((p, q), (q, p)):
        P, Q = _law(a), _law(b)
        near = renyi(P, Q, "1 - 1/10^30")
        with mpmath.workdps(40):
            x, y = (mpmath.mpf(str(sp.N(v, 40))) for v in (near, kl(P, Q)))
            assert agreed_digits(x, y) >= 20, (P, Q, x, y)
