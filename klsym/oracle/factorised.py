"""The affinity ∫ p^α q^(1−α) of two multivariate laws as a product of univariate integrals.

The KL oracle (:mod:`klsym.oracle.multivariate`) needs E_P[Δ], Δ = log p − log q, which is a
sum of univariate expectations in P's independent coordinates. The affinity
M(α) = E_P[exp(c Δ)], c = α − 1, is not: it factorises only where Δ itself is a sum of
functions of one coordinate each, Δ(u) = Δ(a) + Σ_k δ_k(u_k) with δ_k(u_k) = Δ(a with u_k) − Δ(a),
for then, the coordinates being independent under P,

    M = exp(c Δ(a)) Π_k E[exp(c δ_k(U_k))],   log M = c Δ(a) + Σ_k log1p(E[expm1(c δ_k(U_k))]).

Coordinates in which both log p and log q are such sums (textbook facts about the laws, not
their exponential-family forms):

* multivariate normal: x = μ_P + M z, z_k independent N(0, 1), with M Mᵀ = Σ_P and
  Mᵀ Σ_Q⁻¹ M diagonal (M = L U, L the Cholesky factor of Σ_P and U the eigenvectors of
  Lᵀ Σ_Q⁻¹ L: the generalized eigenproblem of Σ_Q⁻¹ and Σ_P⁻¹, at working precision);
* matrix normal: X = M_P + A Z Bᵀ, Z's entries independent N(0, 1), with A, B the joint
  diagonalisers of (U_P, U_Q) and (V_P, V_Q) as above: vec X = vec M_P + (B ⊗ A) vec Z and
  (B ⊗ A)ᵀ (V_Q ⊗ U_Q)⁻¹ (B ⊗ A) = (Bᵀ V_Q⁻¹ B) ⊗ (Aᵀ U_Q⁻¹ A) is diagonal;
* multivariate lognormal: the normal's y = μ_P + M z mapped to x = exp y componentwise;
  log p − log q is the normal's in y (the Jacobians cancel). Not the logistic normal: the
  check of a factor's ends (below) needs log p − log q at |z| up to 10^9, where its last part
  x_(d+1) = 1 − Σ x_i underflows any working precision;
* Dirichlet and generalized Dirichlet: stick-breaking (:mod:`klsym.oracle.coordinates`),
  log x_i = log v_i + Σ_(j<i) log(1 − v_j);
* LKJ: the C-vine partial correlations r (:mod:`klsym.oracle.coordinates`), log det R = Σ log(1 − r²);
* Wishart: X = M A Aᵀ Mᵀ, A by the Bartlett decomposition, M M^T = V_P and Mᵀ V_Q⁻¹ M
  diagonal: log det X = log det(M Mᵀ) + 2 Σ log A_ii and tr(V_Q⁻¹ X) = Σ_k λ_k Σ_j A_kj²;
* inverse Wishart: X⁻¹ = N A Aᵀ Nᵀ, N Nᵀ = Ψ_P⁻¹ and Nᵀ Ψ_Q N diagonal;
* normal-gamma: x = m + z/sqrt(s tau) with the (α-dependent) m and s that complete the square of
  the integrand's exponent in x (:func:`_normal_gamma`); the affinity is then an expectation under
  Gamma(α_P, β_P) ⊗ N(0, 1) of a weight exp W that separates, W computed from the log-densities;
* normal-inverse-gamma: the same with sigma2 for 1/tau, x = m + z sqrt(sigma2/s), against
  InvGamma(α_P, β_P) ⊗ N(0, 1);
* negative multinomial (counts, not coordinates): a sum over the total of the counts, the
  multinomial split given the total in closed form by its generating function
  (:func:`klsym.oracle.counts.log_affinity_by_total`).

That premise is checked numerically on every call (:func:`check_separable`): at pseudo-random
points every mixed difference of Δ in two coordinates must vanish to working precision, else
:class:`~klsym.oracle.limits.OracleLimitError`. Each factor E[exp(c δ_k)] is a univariate quadrature
of the integrand in the oracle's variable t, centred on the integrand's own mode (:func:`_log_factor`). For α > 1 a factor may be infinite: its integrand must still fall far out at both ends
(:func:`_check_factor_ends`), else :class:`~klsym.oracle.limits.DivergentIntegralError`.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.distribution import Distribution, dist
from .coordinates import OF_NORMAL, Coordinates, coordinates, matrix_normal_coordinates
from .counts import log_affinity_by_total
from .density import T, line_map, log_density, t_density
from .limits import DivergentIntegralError, OracleLimitError
from .multivariate import log_density_point, lost_digits
from .quadrature import mode_and_width

__all__ = ["FACTORISED", "joint_diagonaliser", "check_separable", "log_affinity"]

#: the families whose affinity this module factorises
FACTORISED = ("multivariate_normal", "matrix_normal", "multivariate_lognormal", "dirichlet", "generalized_dirichlet", "wishart",
              "inverse_wishart", "normal_gamma", "normal_inverse_gamma", "negative_multinomial", "lkj")


def _matrix(m, wp: int) -> mpmath.matrix:
    return mpmath.matrix([[mpf(sp.N(v, wp)) for v in row] for row in sp.Matrix(m).tolist()])


def joint_diagonaliser(s_p, s_q, wp: int) -> tuple[mpmath.matrix, list]:
    """M with M Mᵀ = S_P and Mᵀ S_Q⁻¹ M = diag(λ) (S_P, S_Q symmetric positive definite),
    computed with 30 digits above ``wp``; returns (M, λ)."""
    with mp.workdps(wp + 30):
        a, b = _matrix(s_p, wp + 40), _matrix(s_q, wp + 40)
        L = mpmath.cholesky(a)
        B = L.T * b**-1 * L
        B = (B + B.T) / 2
        lam, U = mpmath.eigsy(B)
        return L * U, [lam[k] for k in range(lam.rows)]


def _mvn(p: Distribution, q: Distribution, wp: int) -> Coordinates:
    """y = mu_P + M z and x the family's map of y (:data:`klsym.oracle.coordinates.OF_NORMAL`)."""
    mu = [mpf(sp.N(v, wp + 10)) for v in p.params["mu"]]
    M, _ = joint_diagonaliser(p.params["Sigma"], q.params["Sigma"], wp)
    n = len(mu)
    out, how = OF_NORMAL[p.family]

    def point(z):
        return out([mu[i] + mpmath.fsum(M[i, j] * z[j] for j in range(n)) for i in range(n)])

    std = dist("normal", mu=0, sigma=1)
    return Coordinates((std,) * n, (True,) * n, point, ((mpf(0),) * n,),
                       f"y = mu_P + M z, M M^T = Sigma_P, M^T Sigma_Q^-1 M diagonal, {how}", (False,) * n)


def _bartlett(nu, M: mpmath.matrix, invert: bool, wp: int) -> Coordinates:
    """X = M A Aᵀ Mᵀ (its inverse with ``invert``, given as X itself: ``Coordinates.inverted``), A by
    the Bartlett decomposition (M. S. Bartlett, 1933): A_ii ~ chi(nu − i + 1), A_ij ~ N(0, 1) below the
    diagonal, all independent. Variables: the d diagonal entries of A, then those below it, row by row
    (as :mod:`klsym.oracle.coordinates`)."""
    n = M.rows
    diag = tuple(dist("chi", k=nu - i) for i in range(n))
    below = [(i, j) for i in range(n) for j in range(i)]
    std = dist("normal", mu=0, sigma=1)

    def point(u):
        A = mpmath.zeros(n, n)
        for i in range(n):
            A[i, i] = u[i]
        for (i, j), a in zip(below, u[n:]):
            A[i, j] = a
        B = M * A
        X = B * B.T
        return [X[i, j] for i in range(n) for j in range(i, n)]

    roots = tuple(mpmath.sqrt(mpf(sp.N(nu - i, wp))) for i in range(n))
    return Coordinates(diag + (std,) * len(below), (False,) * n + (True,) * len(below), point,
                       (roots + (mpf(0),) * len(below),), "Bartlett coordinates of X = M A A^T M^T, M M^T = S_P, "
                       "M^T S_Q^-1 M diagonal", (n - 1,) * n + (False,) * len(below), inverted=invert)


def _normal_gamma(p: Distribution, q: Distribution, order: sp.Rational, wp: int):
    """(coordinates, W) for two normal-gamma laws (two normal-inverse-gamma laws). Neither law is a
    product in (tau, z) where the other separates, but the affinity's integrand does: its exponent
    in x is −tau (α λ_P (x − μ_P)² + (1 − α) λ_Q (x − μ_Q)²)/2 = −tau (s (x − m)² + k)/2 with
    s = α λ_P + (1 − α) λ_Q, m = (α λ_P μ_P + (1 − α) λ_Q μ_Q)/s (tau = 1/sigma2 for the
    normal-inverse-gamma), so with x = m + z/sqrt(s tau) (Jacobian 1/sqrt(s tau); x = m + z
    sqrt(sigma2/s), Jacobian sqrt(sigma2/s)) the log of p^α q^(1−α) |J| is a sum of a function of
    tau (sigma2) and one of z. Against the reference measure Gamma(α_P, β_P) ⊗ N(0, 1)
    (InvGamma(α_P, β_P) ⊗ N(0, 1)) the weight is
    W = α log p + (1 − α) log q + log|J| − log m_tau − log m_z.
    Where s ≤ 0 (α > 1 only) x = μ_P + z/sqrt(λ_P tau) is used, and the ends check finds the
    integrand not falling in z."""
    inverse = p.family == "normal_inverse_gamma"
    with mp.workdps(wp + 10):
        a = mpf(order.p) / order.q
        mu_p, lam_p, mu_q, lam_q = (mpf(sp.N(d.params[k], wp + 10)) for d in (p, q) for k in ("mu", "lam"))
        s = a * lam_p + (1 - a) * lam_q
        m = (a * lam_p * mu_p + (1 - a) * lam_q * mu_q) / s if s > 0 else mu_p
        s = s if s > 0 else lam_p
    shape, scale = p.params["alpha"], p.params["beta"]
    m_tau = dist("inverse_gamma" if inverse else "gamma", alpha=shape, beta=scale)
    m_z = dist("normal", mu=0, sigma=1)
    log_tau, log_z = log_density(m_tau), log_density(m_z)

    def point(u):
        v, z = u
        return [m + z * mpmath.sqrt(v / s), v] if inverse else [m + z / mpmath.sqrt(s * v), v]

    def W(u):
        x = point(u)
        lp, lq = log_density_point(p, x), log_density_point(q, x)
        log_j = mpmath.log(u[0] / s) / 2 if inverse else -mpmath.log(s * u[0]) / 2
        return a * lp + (1 - a) * lq + log_j - log_tau(u[0]) - log_z(u[1])

    # the mode of sigma2 ~ InvGamma, the mean of tau ~ Gamma (shape and scale: the validated exact parameters)
    ratio = scale / (shape + 1) if inverse else shape / scale
    centre = mpf(sp.N(ratio, wp))
    reference = "InvGamma(alpha_P, beta_P)" if inverse else "Gamma(alpha_P, beta_P)"
    how = "x = m + z sqrt(sigma2/s)" if inverse else "x = m + z/sqrt(s tau)"
    coords = Coordinates((m_tau, m_z), (False, True), point, ((centre, mpf(0)),),
                         f"{how}, s = alpha lam_P + (1 - alpha) lam_Q, against {reference} x N(0, 1)",
                         (False, False))
    return coords, W


def factor_coordinates(p: Distribution, q: Distribution, wp: int) -> Coordinates:
    """P in independent coordinates in which log p − log q is meant to be a sum of univariate terms."""
    name = p.family
    if name in ("multivariate_normal", "multivariate_lognormal"):
        return _mvn(p, q, wp)
    if name == "matrix_normal":
        A, _ = joint_diagonaliser(p.params["U"], q.params["U"], wp)
        B, _ = joint_diagonaliser(p.params["V"], q.params["V"], wp)
        return matrix_normal_coordinates(p.params["M"], A, B, wp, "X = M_P + A Z B^T, A A^T = U_P, B B^T = V_P, "
                                         "A^T U_Q^-1 A and B^T V_Q^-1 B diagonal")
    if name in ("dirichlet", "generalized_dirichlet", "lkj"):
        return coordinates(p, wp)
    if name == "wishart":
        M, _ = joint_diagonaliser(p.params["V"], q.params["V"], wp)
        return _bartlett(p.params["nu"], M, False, wp)
    if name == "inverse_wishart":
        M, _ = joint_diagonaliser(sp.Matrix(p.params["Psi"]).inv(), sp.Matrix(q.params["Psi"]).inv(), wp)
        return _bartlett(p.params["nu"], M, True, wp)
    raise NotImplementedError(f"{name}: the oracle has no coordinates in which the affinity factorises")


def _random_value(m: Distribution, anchor: mpf, rng: random.Random) -> mpf:
    lo, hi = m.support_bounds()
    if lo == -sp.oo:
        return mpf(rng.uniform(-2, 2))
    if hi == 1:
        return mpf(rng.uniform(0.05, 0.95))
    return anchor * mpf(rng.uniform(0.3, 1.7))


def check_separable(c: Coordinates, F: Callable[[list], mpf], wp: int, points: int = 2) -> mpf:
    """At ``points`` pseudo-random base points u and displaced values v, every mixed difference
    F(u with u_k → v_k, u_l → v_l) − F(u with u_k → v_k) − F(u with u_l → v_l) + F(u) must vanish
    (F a sum of univariate terms); returns the largest residual, else raises
    :class:`~klsym.oracle.limits.OracleLimitError` naming the coordinates."""
    n = len(c.marginals)
    rng = random.Random(20261202)
    worst = mpf(0)
    for _ in range(points):
        u = [_random_value(m, a, rng) for m, a in zip(c.marginals, c.anchors[0])]
        v = [_random_value(m, a, rng) for m, a in zip(c.marginals, c.anchors[0])]
        f0 = F(u)
        single = []
        for k in range(n):
            w = list(u)
            w[k] = v[k]
            single.append(F(w))
        scale = abs(f0) + sum(abs(s) for s in single) + 1
        tol = mpf(10) ** (-wp + 10) * scale
        for k, l in itertools.combinations(range(n), 2):
            w = list(u)
            w[k], w[l] = v[k], v[l]
            r = abs(F(w) - single[k] - single[l] + f0)
            if r > tol:
                raise OracleLimitError(
                    f"{c.source}: coordinates {k} and {l} interact in log p - log q (mixed difference "
                    f"{mpmath.nstr(r, 3)}): the affinity does not factorise in them")
            worst = max(worst, r)
    return worst


def _x_of(m: Distribution):
    lo, hi = m.support_bounds()
    x_t, _ = line_map(lo, hi)
    return sp.lambdify(T, x_t, modules="mpmath"), lo, hi


def _check_factor_ends(m: Distribution, delta: Callable, c: mpf, k: int, lost, wp: int) -> None:
    """The factor's integrand in the quadrature's variable t, log m(x(t)) + log x'(t) + c δ(x(t)),
    must still fall between |t| = 10^8 and 10^9 (the real line) or 200 and 2000 (a map e^t or a
    logistic one) at both ends; else the factor, and the affinity, may be infinite."""
    x_of, lo, hi = _x_of(m)
    g = t_density(m, lo, hi, jacobian=True)
    near, far = (mpf(10) ** 8, mpf(10) ** 9) if lo == -sp.oo and hi == sp.oo else (mpf(200), mpf(2000))
    for side in (-1, 1):
        values = []
        for t in (side * near, side * far):
            with mp.workdps(wp + int(lost(t)) + 10):
                a = g(t)
                values.append(a if a == mpf("-inf") else a + c * delta(x_of(t)))
        if values[1] != mpf("-inf") and not values[1] < values[0] - mpf(1) / 2:
            raise DivergentIntegralError(
                f"the affinity factor of coordinate {k} ({m}) does not die out at its "
                f"{'lower' if side < 0 else 'upper'} end (in the oracle's variable t its log goes from "
                f"{mpmath.nstr(values[0], 5)} at |t| = {mpmath.nstr(near, 3)} to {mpmath.nstr(values[1], 5)} at "
                f"{mpmath.nstr(far, 3)}): the affinity integral p^alpha q^(1 - alpha) is infinite")


#: the most panels one factor's quadrature may use on each side of its mode
MAX_PANELS = 400


def _t_of(lo, hi, x: mpf) -> mpf:
    """The quadrature variable t of a point x (the inverse of :func:`klsym.oracle.density.line_map`)."""
    if lo == -sp.oo:
        return x
    if hi == sp.oo:
        return mpmath.log(x)
    return mpmath.log((x - mpf(lo)) / (mpf(hi) - x))


def _log_factor(m: Distribution, delta: Callable, c: mpf, lost, anchor: mpf, k: int, wp: int) -> tuple[mpf, mpf]:
    """log E[exp(c δ(U))] for U with the univariate law ``m``: the integrand
    exp(log m(x(t)) + log x'(t) + c δ(x(t))) in the quadrature's variable t, divided by its peak
    (found by :func:`klsym.oracle.quadrature.mode_and_width`, so that a factor whose weight moves
    the mass far from m's own, α > 1, is integrated where its mass is), by mpmath's tanh-sinh
    quadrature on panels mode ± width·2^j out to where it has fallen by 10^-wp·e^-10 on both
    sides. Returns the log of the factor and its absolute error."""
    x_of, lo, hi = _x_of(m)
    gm = t_density(m, lo, hi, jacobian=True)

    def g(t):
        with mp.workdps(mp.dps + int(lost(t)) + 5):
            a = gm(t)
            return +(a if a == mpf("-inf") else a + c * delta(x_of(t)))

    with mp.workdps(wp):
        mode, width = mode_and_width(g, _t_of(lo, hi, anchor))
        peak = g(mode)
        cut = wp * mpmath.ln10 + 10
        ends = []
        for side in (-1, 1):
            out, step = [], width
            for _ in range(MAX_PANELS):
                t = mode + side * step
                out.append(t)
                if g(t) < peak - cut:
                    break
                step *= 2
            else:
                raise OracleLimitError(f"the affinity factor of coordinate {k} ({m}) has not fallen by 10^-{wp} "
                                       f"of its peak {MAX_PANELS} doublings of its width from its mode")
            ends.append(out)
        points = ends[0][::-1] + [mode] + ends[1]
        value, err = mpmath.quad(lambda t: mpmath.exp(g(t) - peak), points, error=True)
        if not value > 0:
            raise OracleLimitError(f"the affinity factor of coordinate {k} ({m}) came out {mpmath.nstr(value, 3)}")
        # the quadrature's estimate, the tails beyond the ends (each below e^-cut of the peak's size
        # over a width) and rounding
        err = err + 2 * width * mpmath.exp(-cut) + mpf(10) ** (-wp) * value
        return peak + mpmath.log(value), err / value


@dataclass(frozen=True)
class Affinity:
    log_m: mpf  # log M(α)
    error: mpf  # its absolute error
    scale: mpf  # the size of log p and log q at the anchor (rounding: about 10^-wp of it)
    source: str  # the coordinates used


def log_affinity(p: Distribution, q: Distribution, order: sp.Rational, wp: int) -> Affinity:
    """log ∫ p^α q^(1−α) (α = ``order``) as c Δ(a) + Σ_k log1p(E[expm1(c δ_k)]), at ``wp`` digits."""
    with mp.workdps(wp):
        c = mpf(order.p) / order.q - 1
        if p.family == "negative_multinomial":  # a sum over the total of the counts (klsym.oracle.counts)
            log_m, err, scale = log_affinity_by_total(p, q, c, lambda *x: log_density_point(p, x),
                                                      lambda *x: log_density_point(q, x), wp)
            return Affinity(log_m, err, scale, "the total (negative binomial), then its multinomial split")
        if p.family in ("normal_gamma", "normal_inverse_gamma"):
            coords, F = _normal_gamma(p, q, order, wp + 10)
            c_w = mpf(1)  # F is the whole log-weight W
        else:
            coords = factor_coordinates(p, q, wp + 10)
            c_w = c  # the weight is c Δ

            def F(u):
                x = coords.point(u)
                return log_density_point(p, x, coords.inverted) - log_density_point(q, x, coords.inverted)

        anchor = list(coords.anchors[0])
        base = F(anchor)
        x0 = coords.point(anchor)
        scale = max(abs(log_density_point(p, x0, coords.inverted)), abs(log_density_point(q, x0, coords.inverted)),
                    mpf(1))
        total, error = c_w * base, mpf(0)
        factors = []
        for k, m in enumerate(coords.marginals):
            def delta(x, k=k):
                u = list(anchor)
                u[k] = x
                return F(u) - base

            factors.append((k, m, delta, lost_digits(m, coords.cancels[k])))
        if c > 0:  # every factor's ends first: an infinite one ends the computation before any quadrature
            for k, m, delta, lost in factors:
                _check_factor_ends(m, delta, c_w, k, lost, wp)
        check_separable(coords, F, wp)
        for k, m, delta, lost in factors:
            log_factor, err = _log_factor(m, delta, c_w, lost, coords.anchors[0][k], k, wp)
            total += log_factor
            error += err
        return Affinity(+total, +error, scale, coords.source)


def _from_log_m(kind: str, order: sp.Rational, log_m: mpf, err: mpf) -> tuple[mpf, mpf]:
    """The divergence from log M and its error (first order)."""
    if kind == "renyi":
        c = mpf(order.p) / order.q - 1
        return log_m / c, err / abs(c)
    if kind == "bhattacharyya":
        return -log_m, err
    if kind == "hellinger":
        s = mpmath.expm1(log_m)
        h = mpmath.sqrt(max(-s, mpf(0)))
        return h, (mpmath.sqrt(err) if h == 0 else (1 + s) * err / (2 * h))
    s = mpmath.expm1(log_m)  # chi_square
    return s, (1 + s) * err


def factorised_divergence(p: Distribution, q: Distribution, kind: str, order: sp.Rational, dps: int):
    """One of the affinity divergences of two laws of one multivariate family (:data:`FACTORISED`),
    to about ``dps`` digits: (value, error, the coordinates used)."""
    if p.family != q.family or p.family not in FACTORISED:
        raise NotImplementedError(f"numeric_divergence({p.family} ‖ {q.family}): the affinity of multivariate laws "
                                  f"is factorised for two laws of one of {', '.join(FACTORISED)}")
    guard = 15
    for _ in range(3):
        wp = dps + guard
        a = log_affinity(p, q, order, wp)
        with mp.workdps(wp):
            err = a.error + mpf(10) ** (-wp) * 10 * (a.scale + abs(a.log_m))
            value, v_err = _from_log_m(kind, order, a.log_m, err)
            # a tiny divergence (P ≈ Q) is the difference of log p and log q at the anchor: redo with the
            # digits that cancellation takes
            if value != 0 and v_err < abs(value) * mpf(10) ** (-dps - 3):
                break
            lost = int(mpmath.log10(a.scale / abs(value))) if value != 0 else dps
            if guard >= lost + 15 + dps // 2:
                break
            guard = lost + 20
    with mp.workdps(dps):
        return +value, +v_err + abs(value) * mpf(10) ** (-dps), a.source
