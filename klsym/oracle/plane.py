"""The oracle for mixtures of multivariate normals in d = 1 or 2 dimensions.

KL(P‖Q) = Σᵢ wᵢ E_{Pᵢ}[log p(X) − log q(X)] for P = Σ wᵢ Pᵢ, each Pᵢ = N(μᵢ, Σᵢ);
either side may be a mixture or a single ``multivariate_normal``. For each Pᵢ the
expectation is taken in its whitened variables x = μᵢ + Lᵢ z (Lᵢ Lᵢᵀ = Σᵢ,
Cholesky; z standard normal) in polar coordinates z = r u, |u| = 1:

    E_{Pᵢ}[f] = ∫₀^∞ ρ(r) A(r) dr,  A(r) = the mean of f(μᵢ + r Lᵢ u) over the directions u,

with ρ(r) = r e^(−r²/2) and u = (cos θ, sin θ), θ uniform, for d = 2, and
ρ(r) = 2φ(r) (φ the standard normal density) and u = ±1 for d = 1.

* the angle: A(r) is the mean of an analytic periodic function of θ, so the
  trapezoidal rule on N equally spaced angles converges geometrically; N doubles
  from 8 (only the new angles are computed) until two successive means agree to
  10^(5−wp) / ρ(r), the accuracy that radius needs (far out, where the components'
  log-sum-exp bends over a narrow angle, the weight ρ is small); the last change
  bounds the error of the coarser mean and is counted;
* the radius: Gauss–Legendre on panels of [0, R] (24 nodes, compared with 12), a
  panel where the two differ by more than 10^(5−wp) halved; R is where the weight times a
  quadratic bound on |f| falls below 10^(5−wp), and that bound on the tail is counted;
* the log-densities: every component's log-density is read from its record
  (:func:`klsym.oracle.multivariate.log_density_point`) at 1 + d + d(d+1)/2 points
  around its mean and written as the quadratic through them; the premise that it is
  one (a normal law) is checked at two more points, and a failure raises
  ``ArithmeticError``. log p and log q are log-sum-exps of those quadratics plus
  the log-weights, at the working precision dps + 10.

The reported error adds the radial and angular estimates, the tails and the
rounding of log p and log q (10^−wp times their size); when the KL is small
against that size the sum is redone with the digits cancellation took. The
oracle uses nothing but klsym.records (the mixture, the records' log-densities).
"""

from __future__ import annotations

import mpmath
from mpmath import mp, mpf
from mpmath.calculus.quadrature import GaussLegendre

from ..records.distribution import Distribution
from ..records.mixture import Mixture, as_mixture
from .coordinates import cholesky
from .limits import INSTEAD, OracleLimitError
from .multivariate import log_density_point
from .result import NumericResult

__all__ = ["numeric_kl_normal_mixture", "MAX_ANGLES"]

#: angles of the trapezoidal rule at most (d = 2)
MAX_ANGLES = 4096
#: Gauss-Legendre degree of a radial panel (mpmath's: 3·2^(degree−1) nodes, 24), compared with
#: the degree below; a panel where they differ by more than 10^(5−wp) is halved
_DEGREE = 4
#: radial panels at most
_MAX_PANELS = 200


def _normal_parts(m: Mixture, wp: int) -> list[tuple[mpf, Distribution]]:
    return [(mpmath.log(mpf(int(w.p)) / int(w.q)) if w.is_Rational else mpmath.log(mpf(str(w.evalf(wp + 10)))), c)
            for w, c in m.components_weighted()]


def _vector(c: Distribution, wp: int) -> list[mpf]:
    return [mpf(str(v.evalf(wp + 10))) if not v.is_Rational else mpf(int(v.p)) / int(v.q) for v in c.params["mu"]]


class _Quadratic:
    """log w + log f(x) of one component as c + gᵀe + eᵀHe/2, e = x − m, read from the record."""

    def __init__(self, logw: mpf, c: Distribution, m: list[mpf], check: mpf):
        d = len(m)

        def f(e):
            return log_density_point(c, [mi + ei for mi, ei in zip(m, e)])

        unit = [[mpf(int(i == k)) for i in range(d)] for k in range(d)]
        c0 = f([mpf(0)] * d)
        plus = [f(u) for u in unit]
        minus = [f([-x for x in u]) for u in unit]
        g = [(a - b) / 2 for a, b in zip(plus, minus)]
        H = [[mpf(0)] * d for _ in range(d)]
        for k in range(d):
            H[k][k] = plus[k] + minus[k] - 2 * c0
        for k in range(d):
            for j in range(k + 1, d):
                e = [unit[k][i] + unit[j][i] for i in range(d)]
                H[k][j] = H[j][k] = f(e) - c0 - g[k] - g[j] - (H[k][k] + H[j][j]) / 2
        if d > 2:
            raise NotImplementedError("the plane oracle takes d = 1 or 2")
        self.m, self.c, self.g, self.H = m, logw + c0, g, H
        for probe in ([mpf(2), -mpf(1)][:d], [-mpf(1) / 2, mpf(3) / 2][:d]):
            want = f(probe)
            if abs(self(([mi + pi for mi, pi in zip(m, probe)])) - logw - want) > check * (1 + abs(want) + abs(c0)):
                raise ArithmeticError(f"{c}: its log-density is not a quadratic; the plane oracle takes "
                                      "multivariate normal components only")

    def __call__(self, x: list[mpf]) -> mpf:
        m, g, H = self.m, self.g, self.H
        if len(x) == 1:
            e = x[0] - m[0]
            return self.c + e * (g[0] + e * H[0][0] / 2)
        e0, e1 = x[0] - m[0], x[1] - m[1]
        return self.c + e0 * (g[0] + e0 * H[0][0] / 2 + e1 * H[0][1]) + e1 * (g[1] + e1 * H[1][1] / 2)

    def size(self, center: list[mpf], scale: mpf) -> tuple[mpf, mpf, mpf]:
        """(A, B, C) with |value at center + r·v| ≤ A + B r + C r² for |v| ≤ scale."""
        off = mpmath.sqrt(mpmath.fsum((a - b) ** 2 for a, b in zip(center, self.m)))
        gn = mpmath.sqrt(mpmath.fsum(x * x for x in self.g))
        hn = mpmath.sqrt(mpmath.fsum(x * x for row in self.H for x in row))
        return (abs(self.c) + gn * off + hn * off * off / 2, (gn + hn * off) * scale, hn * scale * scale / 2)


def _lse(quads: list[_Quadratic], x: list[mpf]) -> mpf:
    if len(quads) == 1:
        return quads[0](x)
    values = [q(x) for q in quads]
    top = max(values)
    return top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in values))


def _gauss_legendre(f, a: mpf, b: mpf) -> tuple[mpf, mpf]:
    """∫_a^b f by Gauss–Legendre with 3·2^_DEGREE nodes; the error estimate is the
    difference from the rule with half as many (it bounds the error of the coarser
    rule, and the finer one is far more accurate for an analytic f)."""
    rule = GaussLegendre(mp)
    half, mid = (b - a) / 2, (a + b) / 2
    values = []
    for degree in (_DEGREE - 1, _DEGREE):
        nodes = rule.get_nodes(-1, 1, degree, mp.prec)
        values.append(half * mpmath.fsum(wk * f(mid + half * xk) for xk, wk in nodes))
    return values[1], abs(values[1] - values[0])


def _radius(bound: tuple[mpf, mpf, mpf], tol: mpf) -> tuple[mpf, mpf]:
    """R and a bound on ∫_R^∞ ρ(r) (A + B r + C r²) dr (ρ ≤ r e^(−r²/2) or 2φ(r), R ≥ 4), below tol."""
    A, B, C = bound
    R = mpf(4)
    while True:
        tail = mpmath.exp(-R * R / 2) * (A + B * (R + 1) + C * (R * R + 2))
        if tail < tol or R > 80:
            return R, tail
        R += 1


def _component(mu: list[mpf], L, sides: list[list[_Quadratic]], w, wp: int) -> tuple[mpf, mpf, mpf]:
    """E_{N(mu, L Lᵀ)}[w(log p, log q)], its error, and the size of the log-densities seen."""
    d = len(mu)
    # the quadratures aim 5 digits short of the working precision, above the rounding of their sums
    tol = mpf(10) ** (5 - wp)
    state = {"size": mpf(1), "angular": mpf(0)}

    # each component's value at mu + r L u, u = (cos θ, sin θ), as
    # k0 + r (k1·u) + r²/2 uᵀ K2 u with constants of the component (d = 1: u = ±1)
    cols = [[L[i, k] for i in range(d)] for k in range(d)]
    consts = []
    for quads in sides:
        side = []
        for q in quads:
            a = [mi - qi for mi, qi in zip(mu, q.m)]
            Ha = [mpmath.fsum(q.H[i][j] * a[j] for j in range(d)) for i in range(d)]
            grad = [gi + hi for gi, hi in zip(q.g, Ha)]
            k0 = q.c + mpmath.fsum(gi * ai for gi, ai in zip(q.g, a)) + mpmath.fsum(x * y for x, y in zip(a, Ha)) / 2
            k1 = [mpmath.fsum(gi * ci for gi, ci in zip(grad, col)) for col in cols]
            k2 = [[mpmath.fsum(cols[k][i] * q.H[i][j] * cols[l][j] for i in range(d) for j in range(d))
                   for l in range(d)] for k in range(d)]
            side.append((k0, k1, k2))
        consts.append(side)

    per_r: dict = {}

    def coefficients(r: mpf) -> list[list[list[mpf]]]:
        """Per side and component, the coefficients of the monomials of u (see :func:`directions`)."""
        if r not in per_r:
            per_r.clear()
            half = r * r / 2
            if d == 1:
                per_r[r] = [[[k0, r * k1[0], half * k2[0][0]] for k0, k1, k2 in side] for side in consts]
            else:
                per_r[r] = [[[k0, r * k1[0], r * k1[1], half * k2[0][0], 2 * half * k2[0][1], half * k2[1][1]]
                             for k0, k1, k2 in side] for side in consts]
        return per_r[r]

    def at(r: mpf, u: list[mpf]) -> mpf:
        out = []
        for side in coefficients(r):
            vals = [mpmath.fdot(cs, u) for cs in side]
            if len(vals) == 1:
                out.append(vals[0])
            else:
                top = max(vals)
                out.append(top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in vals)))
        state["size"] = max(state["size"], abs(out[0]), abs(out[1]))
        return w(out[0], out[1])

    angles: dict = {}

    def directions(n: int, odd: bool) -> list[list[mpf]]:
        """The monomials 1, cos θ, sin θ, cos² θ, cos θ sin θ, sin² θ at θ = π(2k + odd)/n, k < n."""
        key = (n, odd)
        if key not in angles:
            angles[key] = []
            for k in range(n):
                c, s_ = mpmath.cospi(mpf(2 * k + odd) / n), mpmath.sinpi(mpf(2 * k + odd) / n)
                angles[key].append([mpf(1), c, s_, c * c, c * s_, s_ * s_])
        return angles[key]

    if d == 1:
        def rho(r):
            return 2 * mpmath.exp(-r * r / 2) / mpmath.sqrt(2 * mpmath.pi)

        def mean(r):
            return (at(r, [mpf(1), mpf(1), mpf(1)]) + at(r, [mpf(1), mpf(-1), mpf(1)])) / 2
    else:
        def rho(r):
            return r * mpmath.exp(-r * r / 2)

        def mean(r):
            need = tol / max(rho(r), tol)
            n = 8
            total = mpmath.fsum(at(r, u) for u in directions(n, False))
            previous = total / n
            while True:
                total += mpmath.fsum(at(r, u) for u in directions(n, True))
                n *= 2
                current = total / n
                change = abs(current - previous)
                if change <= need * (1 + abs(current)):
                    state["angular"] = max(state["angular"], change * rho(r))
                    return current
                if n >= MAX_ANGLES:
                    raise OracleLimitError(f"the plane oracle's mean over directions at r = {mpmath.nstr(r, 5)} "
                                           f"did not settle with {MAX_ANGLES} angles; {INSTEAD}")
                previous = current

    bound = [mpf(0)] * 3
    scale = mpmath.sqrt(mpmath.fsum(L[i, k] ** 2 for i in range(d) for k in range(d)))
    for quads in sides:
        parts = [q.size(mu, scale) for q in quads]
        for k in range(3):
            bound[k] += max(p[k] for p in parts) + (mpmath.log(len(quads)) if k == 0 else 0)
    R, tail = _radius(tuple(bound), tol)
    edges = [mpf(0), mpf(1), mpf(2), mpf(3), mpf(4)] + [mpf(k) for k in range(6, int(R), 2)] + [R]
    stack = [(edges[i], edges[i + 1]) for i in reversed(range(len(edges) - 1)) if edges[i] < edges[i + 1]]

    def f(r):
        return rho(r) * mean(r)

    total, err, done = mpf(0), tail, 0
    while stack:
        a, b = stack.pop()
        v, e = _gauss_legendre(f, a, b)
        if e > tol and b - a > mpf(10) ** -6:
            mid = (a + b) / 2
            stack += [(mid, b), (a, mid)]
            continue
        total += v
        err += e
        done += 1
        if done + len(stack) > _MAX_PANELS:
            raise OracleLimitError(f"the plane oracle's radial integral needs more than {_MAX_PANELS} panels; {INSTEAD}")
    return total, err + state["angular"] * R, state["size"]


def _dimension(m: Mixture) -> int:
    c = m.components[0]
    if c.family != "multivariate_normal":
        raise NotImplementedError(f"numeric KL of a mixture of {c.family}: the oracle for multivariate mixtures "
                                  "takes multivariate_normal components only")
    return m.dimension


def _sides(p, q, wp: int) -> tuple[Mixture, Mixture, int]:
    mp_, mq = as_mixture(p), as_mixture(q)
    d = _dimension(mp_)
    if _dimension(mq) != d:
        raise ValueError(f"P and Q must have one dimension: P is on R^{d}, Q on R^{mq.dimension}")
    if d > 2:
        raise NotImplementedError(f"numeric KL of normal mixtures in d = {d} dimensions: the plane oracle "
                                  "covers d = 1 and 2; for bounds use klsym.kl_bounds")
    return mp_, mq, d


def _run(p, q, wp: int, w) -> tuple[mpf, mpf, mpf]:
    mp_, mq, _ = _sides(p, q, wp)
    with mp.workdps(wp):
        check = mpf(10) ** (10 - wp)
        parts = [_normal_parts(mp_, wp), _normal_parts(mq, wp)]
        sides = [[_Quadratic(logw, c, _vector(c, wp), check) for logw, c in side] for side in parts]
        total, err, size = mpf(0), mpf(0), mpf(1)
        for logw, c in parts[0]:
            L = cholesky(c.params["Sigma"], wp)
            v, e, s = _component(_vector(c, wp), L, sides, w, wp)
            weight = mpmath.exp(logw)
            total += weight * v
            err += weight * e
            size = max(size, s)
        return total, err, size


def numeric_kl_normal_mixture(p: Mixture | Distribution, q: Mixture | Distribution, dps: int = 30,
                              cross: bool = False) -> NumericResult:
    """KL(P‖Q) (with ``cross``: −E_P[log q]) for mixtures of ``multivariate_normal``
    laws in d = 1 or 2 (a single law counts as a one-component mixture), by the
    polar quadrature of the module docstring, with its error estimate.

    >>> from klsym import dist, mixture
    >>> N = lambda m: dist("multivariate_normal", mu=m, Sigma=[[1, 0], [0, 1]])
    >>> r = numeric_kl_normal_mixture(mixture(["1/2", "1/2"], [N([0, 0]), N([2, 0])]), N([1, 0]), dps=15)
    >>> mpmath.nstr(r.value, 12), r.digits > 12     # the univariate KL of the first coordinates
    ('0.163169179653', True)
    """
    w = (lambda a, b: -b) if cross else (lambda a, b: a - b)
    wp = dps + 10
    value, err, size = _run(p, q, wp, w)
    if value != 0 and not cross:
        lost = int(mpmath.log10(size / abs(value))) if abs(value) < size else 0
        if lost > 5:  # a small KL from log-densities of size `size`: redo with those digits
            wp += min(lost, 2 * dps)
            value, err, size = _run(p, q, wp, w)
    with mp.workdps(wp):
        err = err + mpf(10) ** (-wp) * 10 * (size + abs(value) + 1)
        with mp.workdps(dps):
            rounded = +value
        err = err + abs(value - rounded)  # the value is returned to dps digits
    with mp.workdps(dps):
        return NumericResult(rounded, +err, dps, "plane", None, "polar quadrature per normal component")
