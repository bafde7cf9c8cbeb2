"""The independent oracle for the multivariate families.

Like :mod:`klsym.numeric` it sees only the records' log-densities, evaluated
at points, never a closed form. What it can do depends on the dimension, and
each route states the digits it reaches (:func:`reach`):

* d = 1 (and K = 2 for the Dirichlet): the record read as a density on a
  line (``x`` a 1-vector or a 1 x 1 matrix; the Dirichlet on x1 = x,
  x2 = 1 − x) is handed to the univariate oracle of :mod:`klsym.numeric`:
  30 digits.
* multivariate normal, d = 2: nested 2-D tanh-sinh quadrature (mpmath) of
  p·(log p − log q) in P's whitened coordinates x = mu_P + L z (L the
  Cholesky factor of Sigma_P, used only to place the grid), Gauss–Legendre
  product rules of two degrees: 20 digits claimed (25 measured on the check rows).
* multivariate normal, d >= 3: a Gauss–Hermite product rule with 3 and 4
  nodes per axis in P's whitened coordinates, the integrand
  p(x(z))·|L|·(log p − log q)/φ(z) evaluated from the log-densities. It is
  exact when log p − log q is a polynomial of degree <= 5 in x and p is the
  Gaussian the weight assumes (the two rules agreeing is the check): 30 digits.
* Dirichlet, K = 3: nested 2-D tanh-sinh quadrature on the simplex
  (x1 = u, x2 = (1 − u) v): 15 digits. K >= 4: no independent route here.
* multinomial: the exact sum over every count vector (any K, small n): 30 digits.
* Wishart and inverse Wishart, d = 1: the univariate oracle (a gamma and an
  inverse gamma in disguise): 30 digits. d = 2 is a 3-dimensional integral
  over the SPD cone and d = 3 a 6-dimensional one: no independent route here.
* normal-gamma: nested 2-D tanh-sinh quadrature over (x, tau), tau = e^s and
  x = mu + z / sqrt(lam tau) (P's parameters place the grid), Gauss–Legendre
  product rules of two degrees: 15 digits claimed (18 or more measured on the check rows).
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from .distribution import Distribution
from .evaluate import substitute, substitute_matrices
from .family import D

__all__ = ["reach", "route", "numeric_kl_multivariate", "numeric_cross_entropy_multivariate", "log_density_point"]

#: digits each route reaches (at most the dps asked for)
REACH = {
    "line": 30,
    "mvn-2d": 20,
    "gauss-hermite": 30,
    "simplex-2d": 15,
    "count-sum": 30,
    "normal-gamma-2d": 15,
}


def _dimension(d: Distribution) -> int:
    for p in d.record.params:
        v = d.params[p.name]
        if p.is_matrix:
            return v.shape[0]
        if p.vector:
            return len(v)
    return 2


def route(d: Distribution) -> str | None:
    """The oracle's route for this distribution, or None when there is no independent one."""
    name, n = d.family, _dimension(d)
    if name == "multivariate_normal":
        return "line" if n == 1 else ("mvn-2d" if n == 2 else "gauss-hermite")
    if name == "dirichlet":
        if n == 2:
            return "line"
        # K = 3 with every alpha_P >= 1: p vanishes or stays bounded on the edges
        # and the product rule converges; a singular density (alpha < 1) it does not resolve
        if n == 3 and all(a >= 1 for a in d.params["alpha"]):
            return "simplex-2d"
        return None
    if name == "multinomial":
        return "count-sum"
    if name in ("wishart", "inverse_wishart"):
        return "line" if n == 1 else None
    if name == "normal_gamma":
        return "normal-gamma-2d"
    return None


def reach(d: Distribution) -> float:
    """Digits the oracle reaches for KL between distributions like ``d`` (0: no route).

    >>> from klsym import dist
    >>> reach(dist("multivariate_normal", mu=[0, 0], Sigma=[[1, 0], [0, 1]]))
    20
    """
    r = route(d)
    return REACH[r] if r else 0


@lru_cache(maxsize=256)
def _point_function(d: Distribution) -> tuple[Callable, tuple]:
    """(f, symbols): f(*coordinates) = log-density at the point, from the record alone."""
    fam = d.record
    var = fam.variable
    values = d.substitution()
    n = _dimension(d)
    expr = fam.logpdf
    if isinstance(var, sp.MatrixSymbol):
        rows, cols = (sp.sympify(s).subs(D, n) for s in var.shape)
        coords = sp.symbols(f"v0:{int(rows) * int(cols)}", real=True)
        if cols == 1:
            point = sp.ImmutableMatrix(rows, 1, coords)
        else:  # a symmetric matrix variable: its upper triangle are the coordinates
            k = int(rows)
            coords = sp.symbols(f"v0:{k * (k + 1) // 2}", real=True)
            it = iter(coords)
            upper = {(i, j): next(it) for i in range(k) for j in range(i, k)}
            point = sp.ImmutableMatrix(k, k, lambda i, j: upper[(min(i, j), max(i, j))])
        # the record's matrix symbols, and the variable itself, made concrete
        expr, scal = substitute_matrices(expr, {**values, var: point}, D)
        expr = substitute(expr.doit(), scal)
    elif isinstance(var, sp.IndexedBase):
        coords = sp.symbols(f"v0:{n}", positive=True)
        length = fam.length_symbol
        expr = expr.subs(length, n).doit()
        expr = expr.xreplace({var[i + 1]: coords[i] for i in range(n)})
        expr = substitute(expr, {k: v for k, v in values.items() if k != length})
    else:  # a tuple of scalar variables
        coords = tuple(sp.Dummy(str(v), real=True) for v in var)
        expr = substitute(expr.xreplace(dict(zip(var, coords))), values)
    f = sp.lambdify(coords, expr, modules="mpmath")
    return f, coords


def log_density_point(d: Distribution, point) -> mpf:
    """log f at a point (a list of coordinates, as :func:`_point_function` orders them)."""
    f, _ = _point_function(d)
    return f(*point)


class _Line:
    """A multivariate record with one free coordinate, seen as a univariate density."""

    discrete = False

    def __init__(self, d: Distribution, embed: Callable, bounds: tuple, center):
        self.d, self.embed, self.bounds, self._center = d, embed, bounds, center

    def support_bounds(self):
        return self.bounds

    def center(self):
        return self._center

    def log_density_mp(self):
        f, _ = _point_function(self.d)

        def logf(x):
            try:
                return f(*self.embed(x))
            except (ValueError, ZeroDivisionError):
                return mpf("-inf")

        return logf


def _as_line(d: Distribution) -> _Line:
    name = d.family
    if name == "multivariate_normal":
        return _Line(d, lambda x: [x], (-sp.oo, sp.oo), d.params["mu"][0])
    if name == "dirichlet":
        a = d.params["alpha"]
        return _Line(d, lambda x: [x, 1 - x], (sp.Integer(0), sp.Integer(1)), a[0] / (a[0] + a[1]))
    if name == "wishart":
        return _Line(d, lambda x: [x], (sp.Integer(0), sp.oo), d.params["nu"] * d.params["V"][0, 0])
    if name == "inverse_wishart":
        nu, psi = d.params["nu"], d.params["Psi"][0, 0]
        return _Line(d, lambda x: [x], (sp.Integer(0), sp.oo), psi / nu)
    raise NotImplementedError(name)


def _kl_integrand(p: Distribution, q: Distribution):
    fp, _ = _point_function(p)
    fq, _ = _point_function(q)
    return fp, fq


def _mvn_whitening(p: Distribution):
    """mu_P, the Cholesky factor L of Sigma_P and log det L, computed with 30 extra
    digits (a near-singular Sigma loses digits in L) and rounded to the working precision."""
    with mp.workdps(mp.dps + 30):
        mu = mpmath.matrix([mpf(sp.N(v, mp.dps + 10)) for v in p.params["mu"]])
        sigma = mpmath.matrix([[mpf(sp.N(v, mp.dps + 10)) for v in row] for row in p.params["Sigma"].tolist()])
        L = mpmath.cholesky(sigma)
        logdet_L = sum(mpmath.log(L[i, i]) for i in range(L.rows))
    return +mu, L * 1, +logdet_L


def _product_2d(f, outer: list, inner: list, rule: str, degree: int) -> tuple[mpf, mpf]:
    """∫∫ f(s, t) over the box outer × inner (both split at the given points) by the
    product of a 1-D rule of mpmath ("gauss-legendre" or "tanh-sinh") at ``degree``
    and ``degree + 1``: the finer value and, as its error estimate, the difference."""
    from mpmath.calculus.quadrature import GaussLegendre, TanhSinh

    cls = GaussLegendre if rule == "gauss-legendre" else TanhSinh
    r = cls(mp)
    values = []
    for deg in (degree, degree + 1):
        def nodes(points):
            out = []
            for a, b in zip(points[:-1], points[1:]):
                if rule == "gauss-legendre":
                    out += r.get_nodes(mpf(a), mpf(b), deg, mp.prec)
                else:
                    # mpmath's tanh-sinh levels add nodes: the full rule at level deg is
                    # every level up to deg, weighted by the step 2^-deg
                    h = mpf(2) ** (-deg)
                    for level in range(1, deg + 1):
                        out += [(x, w * h) for x, w in r.get_nodes(mpf(a), mpf(b), level, mp.prec)]
            return out

        ns, nt = nodes(outer), nodes(inner)
        total = mpf(0)
        for s_, ws in ns:
            row = mpf(0)
            for t_, wt in nt:
                row += wt * f(s_, t_)
            total += ws * row
        values.append(total)
    return values[1], abs(values[1] - values[0])


#: whitened coordinates are cut at |z| = 11, where the normal density is below 1e-26
_Z_CUTS = [mpf(k) for k in range(-11, 12, 2)]


def _mvn_2d(p, q, wp, w=lambda a, b: a - b):
    fp, fq = _kl_integrand(p, q)
    with mp.workdps(wp):
        mu, L, logdet_L = _mvn_whitening(p)

        def f(z1, z2):
            x1 = mu[0] + L[0, 0] * z1
            x2 = mu[1] + L[1, 0] * z1 + L[1, 1] * z2
            a, b = fp(x1, x2), fq(x1, x2)
            return mpmath.exp(a + logdet_L) * w(a, b)

        return _product_2d(f, _Z_CUTS, _Z_CUTS, "gauss-legendre", 3)


def _gauss_hermite(p, q, wp, nodes: int, w=lambda a, b: a - b):
    fp, fq = _kl_integrand(p, q)
    n = _dimension(p)
    with mp.workdps(wp):
        mu, L, logdet_L = _mvn_whitening(p)
        xs, ws = mp.gauss_quadrature(nodes, "hermite")
        # nodes for the weight exp(-t^2): z = sqrt(2) t is standard normal
        const = logdet_L + n * mpmath.log(2 * mpmath.pi) / 2
        total = mpf(0)
        for idx in itertools.product(range(nodes), repeat=n):
            t = [xs[i] for i in idx]
            wt = mpmath.fprod(ws[i] for i in idx) / mpmath.pi ** (mpf(n) / 2)
            z = mpmath.matrix([mpmath.sqrt(2) * ti for ti in t])
            x = mu + L * z
            a, b = fp(*x), fq(*x)
            # p(x(z)) |L| / phi(z): 1 when p is the Gaussian the rule assumes
            ratio = mpmath.exp(a + const + sum(zi**2 for zi in z) / 2)
            total += wt * ratio * w(a, b)
    return total


def _simplex_2d(p, q, wp, w=lambda a, b: a - b):
    fp, fq = _kl_integrand(p, q)
    with mp.workdps(wp):

        def f(u, v):
            x1, x2 = u, (1 - u) * v
            x3 = (1 - u) * (1 - v)
            if x1 <= 0 or x2 <= 0 or x3 <= 0:
                return mpf(0)
            a, b = fp(x1, x2, x3), fq(x1, x2, x3)
            return mpmath.exp(a) * (1 - u) * w(a, b)

        return _product_2d(f, [0, mpf(1) / 2, 1], [0, mpf(1) / 2, 1], "tanh-sinh", 3)


def _count_sum(p, q, wp, w=lambda a, b: a - b):
    n = int(p.params["n"])
    k = len(p.params["p"])
    if p.is_interior() and q.is_interior():
        fp, fq = _kl_integrand(p, q)
    else:  # a zero probability: the log-probability point by point, 0 log 0 = 0
        from .counts import _log_pmf

        ep, eq = _log_pmf(p), _log_pmf(q)

        def exact(f):
            def g(*counts):
                v = f(list(counts))
                return mpf("-inf") if v in (-sp.oo, sp.zoo, sp.nan) else mpf(sp.N(v, mp.dps + 10))
            return g

        fp, fq = exact(ep), exact(eq)
    total, count = mpf(0), 0
    with mp.workdps(wp):
        for cut in itertools.combinations(range(n + k - 1), k - 1):
            bounds = (-1,) + cut + (n + k - 1,)
            counts = [bounds[i + 1] - bounds[i] - 1 for i in range(k)]
            count += 1
            a = _safe(fp, counts)
            if a == mpf("-inf"):
                continue
            b = _safe(fq, counts)
            if b == mpf("-inf"):
                return mpf("inf"), mpf(0), f"P gives the counts {counts} positive probability, Q gives them 0"
            total += mpmath.exp(a) * w(a, b)
        err = count * mpf(10) ** (-wp) * (abs(total) + 1)
    return total, err, None


def _safe(f, point):
    try:
        v = f(*point)
    except (ValueError, ZeroDivisionError):
        return mpf("-inf")
    if mpmath.isnan(v):
        return mpf("-inf")
    return v


def _normal_gamma_2d(p, q, wp, w=lambda a, b: a - b):
    fp, fq = _kl_integrand(p, q)
    with mp.workdps(wp):
        mu = mpf(sp.N(p.params["mu"], wp))
        lam = mpf(sp.N(p.params["lam"], wp))
        alpha, beta = mpf(sp.N(p.params["alpha"], wp)), mpf(sp.N(p.params["beta"], wp))
        s0 = mpmath.log(alpha / beta)  # tau = exp(s), placed around the mean of tau

        def f(s, z):
            tau = mpmath.exp(s0 + s)
            scale = 1 / mpmath.sqrt(lam * tau)
            x = mu + z * scale
            a, b = fp(x, tau), fq(x, tau)
            return mpmath.exp(a) * tau * scale * w(a, b)

        # log tau has width about 1/sqrt(alpha) and tails like exp(alpha s) below
        # and exp(-e^s) above: cut where the density has fallen by 10^-(wp+5)
        width = 1 / mpmath.sqrt(alpha)
        lo = -(wp + 5) * mpmath.log(10) / alpha - 1
        hi = mpmath.log((wp + 5) * mpmath.log(10) + 10) + 2
        inner = [k * width for k in range(-12, 13, 2)] + [-width * 3 * 2 ** (j / 2) for j in range(4, 30)]
        s_points = [lo] + sorted(t for t in set(inner) if lo < t < hi) + [hi]
        return _product_2d(f, s_points, _Z_CUTS, "gauss-legendre", 3)


def _run(p: Distribution, q: Distribution, dps: int, cross: bool):
    from .numeric import NumericResult, numeric_kl

    r = route(p)
    what = "cross-entropy" if cross else "KL"
    if r is None:
        raise NotImplementedError(
            f"numeric {what}({p} ‖ {q}): no independent numeric route for {p.family} in this dimension "
            "(see klsym.numeric_multivariate)"
        )
    w = (lambda a, b: -b) if cross else (lambda a, b: a - b)
    reached = min(REACH[r], dps)
    # every route works 15 digits above what it reaches (the log-densities lose
    # digits near a degenerate direction)
    wp = reached + 15
    method = f"{r} (reaches {REACH[r]} digits)"
    if r == "line":
        if not cross:
            res = numeric_kl(_as_line(p), _as_line(q), dps=dps)
            return NumericResult(res.value, res.error, dps, method)
        from .numeric import _integrate, _t_density

        lp, lq = _as_line(p), _as_line(q)
        lo, hi = lp.support_bounds()
        with mp.workdps(dps + 15):
            tq = _t_density(lq, lo, hi)
        value, err = _integrate(lp, dps + 15, lambda t, a: -tq(t))
        with mp.workdps(dps):
            return NumericResult(+value, +err, dps, method)
    if r == "count-sum":
        if p.params["n"] != q.params["n"]:
            return NumericResult(mpf("inf"), mpf(0), dps, method,
                                 "the supports (count vectors summing to n) are disjoint")
        value, err, reason = _count_sum(p, q, dps + 15, w)
        return NumericResult(value, err, dps, method, reason)
    if r == "gauss-hermite":
        a = _gauss_hermite(p, q, wp, 3, w)
        b = _gauss_hermite(p, q, wp, 4, w)
        with mp.workdps(wp):
            return NumericResult(+b, abs(a - b) + mpf(10) ** (-wp + 5) * (1 + abs(b)), dps, method)
    if r == "mvn-2d":
        value, err = _mvn_2d(p, q, wp, w)
    elif r == "simplex-2d":
        value, err = _simplex_2d(p, q, wp, w)
    else:
        value, err = _normal_gamma_2d(p, q, wp, w)
    with mp.workdps(dps):
        return NumericResult(+value, +err, dps, method)


def numeric_kl_multivariate(p: Distribution, q: Distribution, dps: int = 30):
    """KL(P‖Q) for the multivariate families by the route :func:`route` picks.

    Returns a :class:`klsym.numeric.NumericResult`; its ``method`` names the route
    and the digits it reaches. Raises ``NotImplementedError`` where there is no
    independent route (Dirichlet K >= 4, Wishart d >= 2).

    >>> from klsym import dist
    >>> r = numeric_kl_multivariate(dist("multivariate_normal", mu=[0], Sigma=[[1]]), dist("multivariate_normal", mu=[1], Sigma=[[4]]))
    >>> mpmath.nstr(r.value, 12)
    '0.44314718056'
    """
    return _run(p, q, dps, cross=False)


def numeric_cross_entropy_multivariate(p: Distribution, q: Distribution | None = None, dps: int = 30):
    """−E_P[log q(X)] (``q=None``: the entropy of P) by the same routes as
    :func:`numeric_kl_multivariate`.

    >>> from klsym import dist
    >>> r = numeric_cross_entropy_multivariate(dist("multivariate_normal", mu=[0], Sigma=[[1]]))
    >>> mpmath.nstr(r.value, 12)    # (1 + log 2 pi)/2
    '1.4189385332'
    """
    return _run(p, p if q is None else q, dps, cross=True)
