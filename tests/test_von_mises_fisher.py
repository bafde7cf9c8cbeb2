"""The von Mises-Fisher law on the sphere S^(d-1): its derived forms, its oracle route and its rule.

The closed forms come from the record's log-partition A(eta) = log I_(d/2-1)(|eta|) - (d/2-1) log |eta|
+ (d/2) log(2 pi) by the matrix engine (the chain rule through |eta|^2, the unit rule mu^T mu = 1 and
the Bessel recurrence); the oracle integrates over t = mu_P^T x and the cosine s towards mu_Q's part
orthogonal to mu_P (klsym.oracle.sphere), whose law of t it normalises by its own quadrature.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from mpmath import mpf

from klsym import dist, entropy, kl, numeric_kl
from klsym.crosscheck import kl_value
from klsym.oracle.coordinates import coordinates
from klsym.oracle.multivariate import check_density, log_density_point
from klsym.oracle.sphere import TiltedArc


def test_the_derived_forms_are_the_textbook_ones():
    """KL = log C_d(kappa_P) - log C_d(kappa_Q) + (kappa_P - kappa_Q mu_P^T mu_Q) A_d(kappa_P) with
    A_d = I_(d/2)/I_(d/2-1) (the mean resultant length), and H = -log C_d(kappa) - kappa A_d(kappa),
    derived from the record, not typed: compared here with those expressions written out."""
    d, kp, kq = sp.Symbol("d", integer=True, positive=True), sp.Symbol("kappa_p", positive=True), \
        sp.Symbol("kappa_q", positive=True)
    form = kl("von_mises_fisher", "von_mises_fisher")
    (cos,) = [m for m in form.atoms(sp.matrices.expressions.matexpr.MatrixElement) if not m.parent.is_symbol]

    def log_c(k):
        return (d / 2 - 1) * sp.log(k) - d / 2 * sp.log(2 * sp.pi) - sp.log(sp.besseli(d / 2 - 1, k))

    ratio = sp.besseli(d / 2, kp) / sp.besseli(d / 2 - 1, kp)
    assert sp.simplify(sp.expand_log(form - (log_c(kp) - log_c(kq) + (kp - kq * cos) * ratio), force=True)) == 0
    k = sp.Symbol("kappa", positive=True)
    h = entropy("von_mises_fisher")
    textbook = -log_c(k) - k * sp.besseli(d / 2, k) / sp.besseli(d / 2 - 1, k)
    assert sp.simplify(sp.expand_log(h - textbook, force=True)) == 0


@pytest.mark.parametrize("d, kappa", [(3, 2), (3, "1/1000000"), (4, 7), (5, 1000), (8, "1/2")])
def test_the_oracles_law_of_t_is_normalised_by_its_own_quadrature(d, kappa):
    """Z = int_(-1)^1 exp(kappa t)(1 - t^2)^((d-3)/2) dt by mpmath, against its Bessel form
    Gamma((d-1)/2) sqrt(pi) (2/kappa)^(d/2-1) I_(d/2-1)(kappa) (DLMF 10.32.2), which the oracle never uses."""
    k = sp.Rational(kappa)
    arc = TiltedArc(k, d)
    with mpmath.workdps(50):
        kk = mpf(k.p) / k.q
        nu = mpf(d) / 2 - 1
        bessel = mpmath.gamma(mpf(d - 1) / 2) * mpmath.sqrt(mpmath.pi) * (2 / kk) ** nu * mpmath.besseli(nu, kk)
        assert abs(arc.log_normaliser(40) + kk - mpmath.log(bessel)) < mpf(10) ** -38


def test_the_oracle_checks_the_records_normalising_constant():
    """At the anchors the record's log-density plus the map's log-Jacobian equals the law of (t, s), whose
    normaliser the oracle integrated: a record whose Bessel constant were off by 10^-25 is refused."""
    p = dist("von_mises_fisher", mu=[0, 0, 1], kappa=3)
    q = dist("von_mises_fisher", mu=["2/3", "1/3", "2/3"], kappa=1)
    with mpmath.workdps(45):
        c = coordinates(p, 45, toward=q)
        check_density(c, lambda *x: log_density_point(p, x), 35)
        with pytest.raises(ArithmeticError, match="log-Jacobian"):
            check_density(c, lambda *x: log_density_point(p, x) + mpf(10) ** -20, 35)
        # the coordinates' point is on the sphere, and t is its cosine to mu_P
        x = c.point([mpf("0.3"), mpf("-0.7")])
        assert abs(mpmath.fsum(v * v for v in x) - 1) < mpf(10) ** -40
        assert abs(x[2] - mpf("0.3")) < mpf(10) ** -40


@pytest.mark.parametrize("p, q", [
    ({"mu": [1, 0, 0], "kappa": 10**6}, {"mu": [0, 1, 0], "kappa": "1/10^6"}),  # huge against nearly uniform
    ({"mu": ["1/3", "2/3", "2/3"], "kappa": 20}, {"mu": ["-1/3", "-2/3", "-2/3"], "kappa": 20}),  # antipodal
    ({"mu": [0] * 19 + [1], "kappa": 3}, {"mu": ["3/5"] + [0] * 18 + ["4/5"], "kappa": 40}),  # d = 20
    ({"mu": ["sqrt(2)/2", "sqrt(2)/2", 0], "kappa": 5}, {"mu": [1, 0, 0], "kappa": 5}),  # algebraic direction
])
@pytest.mark.rotating(1)  # one pair a day in make test (the oracle takes some 5 s a pair), all in the live lane
def test_kl_agrees_with_the_oracle_where_the_stored_rows_do_not_go(p, q):
    P, Q = dist("von_mises_fisher", **p), dist("von_mises_fisher", **q)
    for a, b in ((P, Q), (Q, P)):
        ref = numeric_kl(a, b, dps=30)
        with mpmath.workdps(40):
            value = kl_value(a, b, 35)
        assert abs(value - ref.value) <= ref.error + mpf(10) ** -29 * abs(ref.value), (a, b, value, ref)


def test_a_direction_must_be_a_unit_vector_of_the_same_length():
    with pytest.raises(ValueError, match=r"mu\^T mu = 1 \+ 1, not 1"):
        dist("von_mises_fisher", mu=[1, 1], kappa=1)
    with pytest.raises(ValueError, match="length d >= 2"):
        dist("von_mises_fisher", mu=[1], kappa=1)
    with pytest.raises(ValueError, match="kappa = 0 breaks the rule kappa > 0"):
        dist("von_mises_fisher", mu=[0, 1], kappa=0)
    P, Q = dist("von_mises_fisher", mu=[0, 0, 1], kappa=2), dist("von_mises_fisher", mu=[0, 1], kappa=2)
    for f in (kl, numeric_kl):
        with pytest.raises(ValueError, match="same dimension"):
            f(P, Q)


def _renyi_by_quadrature(P, Q, alpha: str, dps: int = 30) -> mpf:
    """R_alpha(P‖Q) = log(∫ p^alpha q^(1-alpha) dσ)/(alpha - 1) by mpmath's two-dimensional quadrature, for
    mu_P = e_d and mu_Q in the plane of e_1 and e_d: x = (sin(theta) cos(phi), sin(theta) sin(phi) z, cos(theta)) with
    z on S^(d-3), dσ = sin^(d-2)(theta) sin^(d-3)(phi) |S^(d-3)| dtheta dphi, theta and phi in [0, pi]. Each
    log-density is the record's, read as kappa mu^T x plus its value at one point less kappa mu^T x there (the
    record evaluated once per law)."""
    d = len(P.params["mu"])
    a = sp.Rational(alpha)
    with mpmath.workdps(dps + 10):
        aa = mpf(a.p) / a.q
        area = 2 * mpmath.pi ** (mpf(d - 2) / 2) / mpmath.gamma(mpf(d - 2) / 2)
        x0 = [mpf(0)] * (d - 1) + [mpf(1)]

        def linear(D):
            k = mpf(sp.N(D.params["kappa"], dps + 20))
            mu = [mpf(sp.N(v, dps + 20)) for v in D.params["mu"]]
            c = log_density_point(D, x0) - k * mu[-1]
            return k * mu[0], k * mu[-1], c  # (mu_1, mu_d) carry all of mu^T x here: mu_2 = ... = mu_(d-1) = 0

        (p1, pd, cp), (q1, qd, cq) = linear(P), linear(Q)
        assert P.params["mu"][0] == 0 and all(v == 0 for v in list(Q.params["mu"])[1:-1])

        def f(theta, phi):  # t = cos(theta), s = cos(phi): the weights become sin^(d-2) theta sin^(d-3) phi
            t, rt, c, rs = mpmath.cos(theta), mpmath.sin(theta), mpmath.cos(phi), mpmath.sin(phi)
            log_p = p1 * rt * c + pd * t + cp
            log_q = q1 * rt * c + qd * t + cq
            return (rt ** (d - 2)) * (rs ** (d - 3)) * area * mpmath.exp(aa * log_p + (1 - aa) * log_q)

        v = mpmath.quad(f, [0, mpmath.pi / 2, mpmath.pi], [0, mpmath.pi / 2, mpmath.pi])
        return mpmath.log(v) / (aa - 1)


@pytest.mark.parametrize("p, q", [
    ({"mu": [0, 0, 1], "kappa": 2}, {"mu": ["2/3", 0, "sqrt(5)/3"], "kappa": 5}),
    ({"mu": [0, 0, 0, 1], "kappa": 3}, {"mu": ["-3/5", 0, 0, "4/5"], "kappa": "1/2"}),
    ({"mu": [0, 0, 0, 0, 0, 1], "kappa": 4}, {"mu": [1, 0, 0, 0, 0, 0], "kappa": 6}),
])
@pytest.mark.parametrize("alpha", ["1/2", "3"])
@pytest.mark.rotating(1)  # one a day in make test (some 8 s each), all in the live lane
def test_renyi_agrees_with_a_quadrature_over_the_sphere(p, q, alpha):
    """The Rényi form (A(alpha eta_P + (1 - alpha) eta_Q) - alpha A(eta_P) - (1 - alpha) A(eta_Q), over alpha - 1,
    |eta_alpha| with mu^T mu = 1) against a direct quadrature of p^alpha q^(1-alpha): the divergence store has no
    von Mises-Fisher rows (the oracle's factorised affinity has no route for it), so this test is the check, with
    the von Mises relation in d = 2 (tests/test_transformed.py)."""
    from klsym import renyi

    P, Q = dist("von_mises_fisher", **p), dist("von_mises_fisher", **q)
    ref = _renyi_by_quadrature(P, Q, alpha)
    with mpmath.workdps(40):
        value = mpf(sp.N(renyi(P, Q, alpha), 40))
        assert abs(value - ref) < mpf(10) ** -28 * (1 + abs(ref)), (P, Q, alpha, value, ref)
