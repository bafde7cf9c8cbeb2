"""The independent oracle for the multivariate families.

Like :mod:`klsym.oracle.univariate` it sees only the records' log-densities, evaluated
at points, never a closed form. Two routes, each to the digits asked for:

* ``coordinates`` (multivariate normal, matrix normal, Dirichlet, Wishart, inverse Wishart,
  normal-gamma, normal-inverse-gamma, normal-Wishart, normal-inverse-Wishart, LKJ, von Mises-Fisher, any
  dimension): P is written in independent univariate
  variables by a textbook representation of its law (whitening,
  stick-breaking, the Bartlett decomposition, tau then x given tau, the C-vine, the tangent-normal
  decomposition of the sphere; see
  :mod:`klsym.oracle.coordinates`). In those variables log p − log q has no
  interaction of three variables, and every interaction of two is odd in a
  variable symmetric about 0 (a standard normal one), anchored at 0, so E_P[log p − log q] is exactly a sum of univariate
  expectations, each computed by the univariate oracle's quadrature of the
  variable's own density. That premise is checked numerically on every call
  (:func:`check_premise`); where a variable is not a normal, the sum is
  computed at two anchors and their difference is part of the error estimate. Where the
  representation states the Jacobian of its map (LKJ, von Mises-Fisher), the record's density is checked
  against the law of the variables at the anchors (:func:`check_density`): that checks its
  normalising constant, which KL alone does not see.
* ``count-sum`` (multinomial, Dirichlet-multinomial, negative multinomial): sums over count
  vectors (:mod:`klsym.oracle.counts`): every count vector with the total n (any K, small n);
  the total of the negative multinomial, then its multinomial split.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from .coordinates import REPRESENTED, Coordinates, coordinates
from .counts import count_sum, total_split
from .density import T, line_map, log_density
from .quadrature import integrate
from .limits import INSTEAD, MAX_WORK_DIGITS, OracleLimitError, check_dps
from .result import NumericResult, Route
from ..records.distribution import Distribution
from ..records.values import substitute, substitute_matrices
from ..records.record import D

#: the law on count vectors summed through its total and the multinomial split given the total
#: (:func:`klsym.oracle.counts.total_split`); the multinomial's count vectors are summed one by one
_SPLIT_BY_TOTAL = "negative_multinomial"

__all__ = ["route", "check_density", "check_premise", "numeric_kl_multivariate", "numeric_cross_entropy_multivariate",
           "log_density_point", "lost_digits"]


def _dimension(d: Distribution) -> int:
    for p in d.record.params:
        size = p.kind.size(d.params[p.name])  # d of a matrix, K of an index-sum vector
        if size is not None:
            return size
    return int(d.substitution().get(D, 2))  # a dimension given as a parameter (LKJ's d)


def route(d: Distribution) -> Route | None:
    """The oracle's route for this distribution (None: no independent one).

    >>> from klsym import dist
    >>> route(dist("wishart", nu=4, V=[[2, 1], [1, 2]]))
    'coordinates'
    """
    if d.record.discrete:  # a law of count vectors
        return "count-sum"
    if d.family in REPRESENTED:
        return "coordinates"
    return None


def _matrix_point(var: sp.MatrixSymbol, sizes: dict, start: int) -> tuple[tuple, sp.ImmutableMatrix]:
    """The coordinates v<start>, v<start + 1>, ... of a matrix variable of the sizes given (the
    dimension d, and a d x k variable's k), and the variable written in them: a vector's entries, a
    d x k matrix's entries row by row, or a symmetric matrix's upper triangle, row by row."""
    rows, cols = (int(sp.sympify(s, strict=True).subs(sizes)) for s in var.shape)
    square = var.shape[0] == var.shape[1]
    size = rows if cols == 1 else rows * (rows + 1) // 2 if square else rows * cols
    coords = tuple(sp.Symbol(f"v{start + k}", real=True) for k in range(size))
    if cols == 1 or not square:
        return coords, sp.ImmutableMatrix(rows, cols, coords)
    it = iter(coords)
    upper = {(i, j): next(it) for i in range(rows) for j in range(i, rows)}
    return coords, sp.ImmutableMatrix(rows, rows, lambda i, j: upper[(min(i, j), max(i, j))])


@lru_cache(maxsize=256)
def _point_function(d: Distribution, inverted: bool = False) -> tuple[Callable, tuple]:
    """(f, symbols): f(*coordinates) = log-density at the point, from the record alone. With
    ``inverted``, the coordinates of a square matrix variable X are those of X^-1
    (:class:`~klsym.oracle.coordinates.Coordinates`), and the record's log-density is
    rewritten in Y = X^-1 symbolically first (X^-1 → Y, det X → 1/det Y)."""
    fam = d.record
    var = fam.variable
    values = d.substitution()
    n = _dimension(d)
    expr = fam.logpdf
    parts = var if isinstance(var, tuple) else (var,)
    if all(isinstance(v, sp.MatrixSymbol) for v in parts):
        coords, points = (), {}
        sizes = {D: n, **{k: v for k, v in values.items() if isinstance(k, sp.Symbol) and k.is_integer}}
        for part in parts:  # a vector's entries, then a symmetric matrix's upper triangle
            c, point = _matrix_point(part, sizes, len(coords))
            if inverted and part.shape[1] != 1:
                inverse = sp.MatrixSymbol(f"{part.name}_inverse", *part.shape)
                expr = expr.xreplace({part: sp.Inverse(inverse)}).doit()
                part = inverse
            points[part] = point
            coords += c
        # the record's matrix symbols, and the variable itself, made concrete
        expr, scal = substitute_matrices(expr, {**values, **points}, D)
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


def log_density_point(d: Distribution, point, inverted: bool = False) -> mpf:
    """log f at a point (a list of coordinates, as :func:`_point_function` orders them; with
    ``inverted``, a square matrix variable given by its inverse)."""
    f, _ = _point_function(d, inverted)
    return f(*point)


def _kl_integrand(p: Distribution, q: Distribution, inverted: bool = False):
    fp, _ = _point_function(p, inverted)
    fq, _ = _point_function(q, inverted)
    return fp, fq


def lost_digits(m: Distribution, cancels: bool | int | tuple[float, float]) -> Callable[[mpf], float]:
    """The digits a coordinate with the univariate law ``m`` loses at t (the line variable
    of :mod:`klsym.oracle.univariate`), for its ``cancels`` entry (:class:`Coordinates`):

    * none where ``cancels`` is False, or True on the real line;
    * on (0, 1), x = 1/(1 + e^(−t)): 1 − x = e^(−t)/(1 + e^(−t)) loses t/ln 10
      digits for t > 0 (a stick-breaking v near 1);
    * on (0, ∞), x = e^t, ``cancels`` d − 1 for a Bartlett diagonal entry in dimension
      d: far below 1 (t < 0) it makes X = L A A^T L^T about x² from singular, and
      its determinant (by cofactors) loses 2|t|/ln 10 digits; far above 1, X is x²
      times a rank-one matrix plus a bounded one, and the cofactors' products, up to
      x^(2d), cancel down to about x²: 2(d − 1)t/ln 10 digits;
    * on the real line, ``cancels`` a pair (a, b): (a + b|t|)/ln 10 digits (the
      logistic normal's last part 1 − Σ x_i, about exp(−max y_i)); past
      :data:`~klsym.oracle.limits.MAX_WORK_DIGITS` the oracle refuses;
    * on (−1, 1), x = −1 + 2/(1 + e^(−t)): 1 − x² loses |t|/ln 10 digits (an LKJ
      partial correlation near ±1 makes R near singular).
    """
    lo, hi = m.support_bounds()
    if lo == -sp.oo and hi == sp.oo and isinstance(cancels, tuple):
        offset, slope = cancels

        def lost(t):
            if not mpmath.isfinite(t):
                return 0
            digits = (offset + slope * abs(t)) / 2.3
            if digits > MAX_WORK_DIGITS:
                raise OracleLimitError(f"{m} at t = {mpmath.nstr(t, 5)}: the point loses about {int(digits)} digits "
                                       f"to cancellation, more than MAX_WORK_DIGITS = {MAX_WORK_DIGITS}; {INSTEAD}")
            return digits

        return lost
    if not cancels or (lo == -sp.oo and hi == sp.oo):
        return lambda t: 0
    if lo == 0 and hi == 1:
        return lambda t: max(t, 0) / 2.3
    if lo == -1 and hi == 1:
        return lambda t: abs(t) / 2.3 if mpmath.isfinite(t) else 0
    if lo == 0 and hi == sp.oo:
        above = int(cancels)
        return lambda t: (abs(t) if t < 0 else above * t) / 1.15
    raise NotImplementedError(f"{m}: support [{lo}, {hi}]")


def _expect_1d(m: Distribution, g: Callable, wp: int, cancels: bool | int | tuple[float, float]) -> tuple[mpf, mpf]:
    """E[g(U)] for U with the univariate law ``m``, by the quadrature of
    :mod:`klsym.oracle.univariate`, g evaluated with the digits its point loses added
    (:func:`lost_digits`)."""
    lo, hi = m.support_bounds()
    x_t, _ = line_map(lo, hi)
    x_of = sp.lambdify(T, x_t, modules="mpmath")
    lost = lost_digits(m, cancels)

    def weight(t, _):
        with mp.workdps(mp.dps + int(lost(t)) + 5):
            return +g(x_of(t))

    return integrate(m, wp, weight)


#: a value for the premise check's probe of a variable symmetric about 0 (inside (-1, 1) as well)
_PROBE = mpf("0.6180339887498948482045868343656381177203")


def check_premise(c: Coordinates, F: Callable, wp: int) -> mpf:
    """Check at one probe point that F has no interaction of three variables and
    that every interaction of two is odd in a variable symmetric about 0 (the premise
    that makes :func:`_anchored` exact). Returns the largest residual; raises
    ``ArithmeticError`` naming the variables when the premise fails."""
    n = len(c.marginals)
    anchor = list(c.anchors[0])
    probe = [(_PROBE if c.symmetric[k] else c.anchors[-1][k]) for k in range(n)]
    cache: dict = {}

    def at(moved: tuple, flipped: int | None = None):
        key = (moved, flipped)
        if key not in cache:
            v = list(anchor)
            for k in moved:
                v[k] = -probe[k] if k == flipped else probe[k]
            cache[key] = F(v)
        return cache[key]

    f0 = at(())
    scale = abs(f0) + sum(abs(at((k,))) for k in range(n))
    tol = mpf(10) ** (-wp + 10) * (1 + scale)
    worst = mpf(0)

    def interaction(k, l, flipped=None):
        return at((k, l), flipped) - at((k,), flipped if flipped == k else None) \
            - at((l,), flipped if flipped == l else None) + f0

    for k, l in itertools.combinations(range(n), 2):
        delta = interaction(k, l)
        if abs(delta) <= tol:
            continue
        odd = [abs(interaction(k, l, s) + delta) for s in (k, l) if c.symmetric[s]]
        if not odd or min(odd) > tol:
            raise ArithmeticError(f"{c.source}: variables {k} and {l} interact in a way the anchored sum "
                                  "does not integrate exactly")
        worst = max(worst, min(odd))
    for k, l, m in itertools.combinations(range(n), 3):
        third = (at((k, l, m)) - at((k, l)) - at((k, m)) - at((l, m))
                 + at((k,)) + at((l,)) + at((m,)) - f0)
        if abs(third) > tol:
            raise ArithmeticError(f"{c.source}: variables {k}, {l} and {m} interact; the anchored sum "
                                  "does not integrate that exactly")
        worst = max(worst, abs(third))
    return worst


def check_density(c: Coordinates, f: Callable, wp: int) -> None:
    """Where ``c`` states the log-Jacobian of its map: at each anchor u, the record's log-density
    f at the point plus the log-Jacobian must equal the sum of the variables' own log-densities
    (by the univariate oracle's evaluation of their records). Raises ``ArithmeticError`` with
    the difference when they differ (a wrong normalising constant, or a wrong representation)."""
    if c.log_jacobian is None:
        return
    for u in c.anchors:
        mine = f(*c.point(list(u))) + c.log_jacobian(list(u))
        law = mpmath.fsum(log_density(m)(v) for m, v in zip(c.marginals, u))
        if abs(mine - law) > mpf(10) ** (-wp + 10) * (1 + abs(law)):
            raise ArithmeticError(f"{c.source}: the record's log-density plus the log-Jacobian is {mpmath.nstr(mine, 20)} "
                                  f"at the anchor {[mpmath.nstr(v, 5) for v in u]}, the variables' law gives "
                                  f"{mpmath.nstr(law, 20)}")


def _anchored(p: Distribution, q: Distribution, wp: int, w=lambda a, b: a - b) -> tuple[mpf, mpf, mpf, str]:
    """E_P[w(log p, log q)] in P's independent variables (:mod:`klsym.oracle.coordinates`):
    f(a) + Σ_k (E f(U_k, a_(−k)) − f(a)), one univariate quadrature per
    variable, for each anchor a. Returns the value of the last anchor; as its
    error, the quadrature errors plus the difference between the anchors; the
    size of log p and log q at the anchor (the digits lost to their
    cancellation are log10 of that over the value); and the representation used."""
    with mp.workdps(wp):
        c = coordinates(p, wp + 10, toward=q)
    fp, fq = _kl_integrand(p, q, c.inverted)
    # the digits a point on the real line loses at its anchor (the logistic normal's a: see lost_digits)
    at_anchor = max((int(lost_digits(m, v)(0)) + 1 for m, v in zip(c.marginals, c.cancels) if isinstance(v, tuple)),
                    default=0)
    with mp.workdps(wp + at_anchor):

        def F(u):
            x = c.point(u)
            return w(fp(*x), fq(*x))

        x0 = c.point(list(c.anchors[0]))
        scale = max(abs(fp(*x0)), abs(fq(*x0)), mpf(1))
        check_density(c, fp, wp)
        residual = check_premise(c, F, wp)
        values, error = [], residual
        for anchor in c.anchors:
            base = F(list(anchor))
            total = base
            for k, m in enumerate(c.marginals):
                def g(x, k=k, anchor=anchor):
                    u = list(anchor)
                    u[k] = x
                    return F(u)

                value, err = _expect_1d(m, g, wp, c.cancels[k])
                total += value - base
                error += err
            values.append(total)
        error += abs(values[-1] - values[0])
        return +values[-1], +error, scale, c.source


def _counts(p: Distribution, q: Distribution, wp: int, cross: bool):
    """The count-sum route (:mod:`klsym.oracle.counts`): (value, error, reason for +oo, scale)."""
    if p.family == _SPLIT_BY_TOTAL:
        fp, fq = _kl_integrand(p, q)
        return total_split(p, q, fp, fq, wp, cross)
    if p.is_interior() and q.is_interior():
        fp, fq = _kl_integrand(p, q)
    else:  # a zero probability: the log-probability point by point, 0 log 0 = 0
        ep, eq = p.logpdf, q.logpdf

        def exact(f):
            def g(*counts):
                v = f(list(counts))
                return mpf("-inf") if v in (-sp.oo, sp.zoo, sp.nan) else mpf(sp.N(v, mp.dps + 10))
            return g

        fp, fq = exact(ep), exact(eq)
    return count_sum(p, q, fp, fq, wp, (lambda a, b: -b) if cross else (lambda a, b: a - b))


def _run(p: Distribution, q: Distribution, dps: int, cross: bool):
    r = route(p)
    what = "cross-entropy" if cross else "KL"
    if r is None:
        raise NotImplementedError(f"numeric {what}({p} ‖ {q}): no independent numeric route for {p.family}")
    check_dps(dps)
    w = (lambda a, b: -b) if cross else (lambda a, b: a - b)
    # 15 guard digits: the log-densities lose digits near a degenerate direction
    wp = dps + 15
    source = ""
    if r == "count-sum":
        if p.family == _SPLIT_BY_TOTAL:
            source = "the total (negative binomial), then its multinomial split"
        elif p.params["n"] != q.params["n"]:
            return NumericResult(mpf("inf"), mpf(0), dps, r,
                                 "the supports (count vectors summing to n) are disjoint")
        value, err, reason, scale = _counts(p, q, wp, cross)
    else:
        value, err, scale, source = _anchored(p, q, wp, w)
        reason = None
    if value != 0 and not mpmath.isinf(value):
        # a small KL between near-equal distributions is the difference of log p and
        # log q, each of size `scale`: redo with the digits that cancellation took
        lost = int(mpmath.log10(scale / abs(value)))
        if lost > 5:
            more = wp + min(lost, 2 * dps)
            value, err = (_counts(p, q, more, cross) if r == "count-sum" else _anchored(p, q, more, w))[:2]
            wp = more
    if not mpmath.isinf(value):
        # rounding: log p and log q, each of size `scale`, known to about 10^-wp of it
        with mp.workdps(wp):
            err = err + mpf(10) ** (-wp) * (abs(scale) + abs(value) + 1)
    with mp.workdps(dps):
        return NumericResult(+value, +err, dps, r, reason, source)


def numeric_kl_multivariate(p: Distribution, q: Distribution, dps: int = 30):
    """KL(P‖Q) for the multivariate families by the route :func:`route` picks.

    Returns a :class:`klsym.oracle.result.NumericResult`; its ``method`` names the route
    and its ``representation`` the coordinates it used.

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
