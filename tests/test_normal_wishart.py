"""The normal-Wishart and normal-inverse-Wishart laws against other records of the catalogue.

* d = 1: normal_wishart(mu, lam, W, nu) is normal_gamma(mu, lam, alpha = nu/2, beta = 1/(2 W)) and
  normal_inverse_wishart(mu, lam, Psi, nu) is normal_inverse_gamma(mu, lam, alpha = nu/2, beta = Psi/2)
  (the Wishart in d = 1 is the gamma law with shape nu/2 and rate 1/(2 W); the inverse Wishart the
  inverse gamma with shape nu/2 and scale Psi/2).
* Any d, the chain rule: KL(P‖Q) = KL(P_Lambda‖Q_Lambda) + E[KL(P_x|Lambda ‖ Q_x|Lambda)]. Given Lambda
  the normals' KL, (d lam_Q/lam_P - d + lam_Q dᵀ Lambda d + d log(lam_P/lam_Q))/2 with d = mu_P - mu_Q,
  is affine in Lambda, so its mean is the normals' KL at E[Lambda] = nu_P W_P: the wishart record's KL
  plus the multivariate normal's, covariances (lam E[Lambda])^-1. For the normal-inverse-Wishart the
  same with Sigma^-1, E[Sigma^-1] = nu_P Psi_P^-1, and the inverse Wishart's KL.
* (x, Sigma) -> (x, Sigma^-1) maps normal_inverse_wishart(mu, lam, Psi, nu) onto
  normal_wishart(mu, lam, Psi^-1, nu): equal KL both ways.

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


@pytest.mark.parametrize("p, q", ONE)
def test_normal_inverse_wishart_in_one_dimension_is_the_normal_inverse_gamma(p, q):
    def pair(v):
        mu, lam, s, nu = v
        return (dist("normal_inverse_wishart", mu=[mu], lam=lam, Psi=[[s]], nu=nu),
                dist("normal_inverse_gamma", mu=mu, lam=lam, alpha=_r(nu) / 2, beta=_r(s) / 2))

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


def _law(name, v):
    mu, lam, s, nu = v
    return dist(name, mu=mu, lam=lam, **{"W" if name == "normal_wishart" else "Psi": s}, nu=nu)


#: each law, the law of its matrix (with that law's name for the scale), and E[Lambda] (E[Sigma^-1]) from
#: nu and the scale matrix
CHAIN = [("normal_wishart", "wishart", "V", lambda nu, s: nu * s),
         ("normal_inverse_wishart", "inverse_wishart", "Psi", lambda nu, s: nu * s.inv())]


@pytest.mark.parametrize("name, matrix_law, scale, mean_precision", CHAIN)
@pytest.mark.parametrize("p, q", MANY)
def test_kl_is_the_matrix_laws_plus_the_normals_at_the_mean_precision(name, matrix_law, scale, mean_precision, p, q):
    for a, b in ((p, q), (q, p)):
        P, Q = _law(name, a), _law(name, b)
        mean = mean_precision(_r(a[3]), sp.Matrix(P.params["W" if name == "normal_wishart" else "Psi"]))
        normals = kl(dist("multivariate_normal", mu=a[0], Sigma=(_r(a[1]) * mean).inv()),
                     dist("multivariate_normal", mu=b[0], Sigma=(_r(b[1]) * mean).inv()))
        matrices = kl(dist(matrix_law, nu=a[3], **{scale: a[2]}), dist(matrix_law, nu=b[3], **{scale: b[2]}))
        agree(kl(P, Q), matrices + normals)


@pytest.mark.parametrize("p, q", MANY)
def test_inverting_sigma_maps_normal_inverse_wishart_onto_normal_wishart(p, q):
    def both(v):
        mu, lam, s, nu = v
        return (_law("normal_inverse_wishart", v),
                dist("normal_wishart", mu=mu, lam=lam, W=sp.Matrix([[_r(e) for e in row] for row in s]).inv(), nu=nu))

    (a, wa), (b, wb) = both(p), both(q)
    agree(kl(a, b), kl(wa, wb))
    agree(kl(b, a), kl(wb, wa))


@pytest.mark.parametrize("name, scale", [("normal_wishart", "W"), ("normal_inverse_wishart", "Psi")])
def test_rules(name, scale):
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
    the normal-gamma's and the normal-inverse-gamma's, which the divergence store checks against the oracle."""
    for a, b in ((p, q), (q, p)):
        for order in ORDERS:
            (mu, lam, s, nu), (mu2, lam2, s2, nu2) = a, b
            pairs = (
                ((dist("normal_wishart", mu=[mu], lam=lam, W=[[s]], nu=nu),
                  dist("normal_wishart", mu=[mu2], lam=lam2, W=[[s2]], nu=nu2)),
                 (dist("normal_gamma", mu=mu, lam=lam, alpha=_r(nu) / 2, beta=1 / (2 * _r(s))),
                  dist("normal_gamma", mu=mu2, lam=lam2, alpha=_r(nu2) / 2, beta=1 / (2 * _r(s2))))),
                ((dist("normal_inverse_wishart", mu=[mu], lam=lam, Psi=[[s]], nu=nu),
                  dist("normal_inverse_wishart", mu=[mu2], lam=lam2, Psi=[[s2]], nu=nu2)),
                 (dist("normal_inverse_gamma", mu=mu, lam=lam, alpha=_r(nu) / 2, beta=_r(s) / 2),
                  dist("normal_inverse_gamma", mu=mu2, lam=lam2, alpha=_r(nu2) / 2, beta=_r(s2) / 2))),
            )
            for (P, Q), (GP, GQ) in pairs:
                value, other = renyi(P, Q, order), renyi(GP, GQ, order)
                if sp.oo in (value, other):
                    assert value == other, (P, Q, order)
                else:
                    agree(value, other)


@pytest.mark.parametrize("p, q", MANY)
def test_renyi_tends_to_kl_and_follows_the_inversion(p, q):
    """In d = 2 and 3: Rényi at order 1 - 10^-30 is KL (oracle-checked) to 20 digits (the difference is about
    10^-30 times the variance of log p - log q), and inverting Sigma
    maps the normal-inverse-Wishart's Rényi onto the normal-Wishart's at every order."""
    for name in ("normal_wishart", "normal_inverse_wishart"):
        P, Q = _law(name, p), _law(name, q)
        near = renyi(P, Q, "1 - 1/10^30")
        with mpmath.workdps(40):
            a, b = (mpmath.mpf(str(sp.N(v, 40))) for v in (near, kl(P, Q)))
            assert agreed_digits(a, b) >= 20, (P, Q, a, b)
    mu, lam, s, nu = q
    inverse = sp.Matrix([[_r(e) for e in row] for row in s]).inv()
    for order in ORDERS:
        a = renyi(_law("normal_inverse_wishart", p), _law("normal_inverse_wishart", q), order)
        pw = _law("normal_inverse_wishart", p)
        b = renyi(dist("normal_wishart", mu=p[0], lam=p[1], W=sp.Matrix(pw.params["Psi"]).inv(), nu=p[3]),
                  dist("normal_wishart", mu=mu, lam=lam, W=inverse, nu=nu), order)
        if sp.oo in (a, b):
            assert a == b
        else:
            agree(a, b)
