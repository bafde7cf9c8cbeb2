"""The oracle's quadrature: one driver for every integrand over a univariate law.

:func:`integrate` computes ∫ p(x) w(x) dx in the line variable t of
:func:`klsym.oracle.density.line_map`, split at the mode of p, at multiples of
its width (found from the log-density by Newton's method), at kinks, and
around points the weight names, by Gauss–Legendre quadrature in ``mp.workdps``.
"""

from __future__ import annotations

from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.distribution import Distribution
from .density import T, center, line_map, t_density

__all__ = ["integrate", "mode_and_width", "split_points", "points_in_t"]


def mode_and_width(g: Callable[[mpf], mpf], t0: mpf) -> tuple[mpf, mpf]:
    """Maximiser of g (a log-density in t) and its width 1/sqrt(−g''), by safeguarded Newton."""
    with mp.workdps(20):
        t = mpf(t0)
        step = mpf(1)
        for _ in range(200):
            d1 = mpmath.diff(g, t, 1)
            d2 = mpmath.diff(g, t, 2)
            if d2 < 0:
                delta = -d1 / d2
                if abs(delta) > 50 * step:
                    delta = mpmath.sign(delta) * 50 * step
            else:
                delta = mpmath.sign(d1) * step
                step *= 2
            t_new = t + delta
            # backtrack until the step does not descend (a flat, nearly linear g
            # otherwise sends a full Newton step far past the mode)
            for _ in range(60):
                if not (mpmath.isnan(g(t_new)) or g(t_new) < g(t) - 1e-12):
                    break
                delta /= 2
                t_new = t + delta
            t = t_new
            if abs(delta) < mpf(10) ** -8 * (1 + abs(t)):
                break
        d2 = mpmath.diff(g, t, 2)
        width = 1 / mpmath.sqrt(-d2) if d2 < 0 else mpf(1)
    return t, width


def _start(d, lo: sp.Expr, hi: sp.Expr, at: sp.Expr | None = None) -> mpf:
    """t of d's mean, or of the point ``at`` (a starting point for the mode search), or 0."""
    mean = center(d) if at is None else at
    if mean is not None:
        value = sp.N(mean, 20)
        if value.is_finite and value.is_real and (lo < value) is sp.true and (value < hi) is sp.true:
            x_t, _ = line_map(lo, hi)
            y = sp.Dummy("y")
            inverse = sp.solve(sp.Eq(x_t.subs(T, y), value), y)
            if inverse:
                return mpf(sp.N(sp.re(inverse[0]), 20))
    return mpf(0)


def split_points(g: Callable[[mpf], mpf], mode: mpf, width: mpf, cut: mpf) -> list[mpf]:
    """Points mode ± width·2^j, out to where g has dropped by ``cut`` below its peak.

    g is a log-density in t (log-concave for every record here), so beyond the
    last point the integrand is below e^(−cut) of its peak and keeps falling.
    """
    peak = g(mode)
    points = [mode]
    for sign in (-1, 1):
        for j in range(200):
            t = mode + sign * width * 2**j
            points.append(t)
            v = g(t)
            if mpmath.isnan(v) or v < peak - cut:
                break
    return sorted(points)


def _kink_points(d, lo: sp.Expr, hi: sp.Expr) -> list[mpf]:
    """The t of every kink the record declares, at the current precision."""
    if not isinstance(d, Distribution):
        return []
    return points_in_t([sp.sympify(k).subs(d.substitution()) for k in d.record.kinks], lo, hi)


def points_in_t(xs, lo: sp.Expr, hi: sp.Expr) -> list[mpf]:
    """The t of every point x strictly inside (lo, hi), at the current precision."""
    x_t, _ = line_map(lo, hi)
    y = sp.Dummy("y")
    out = []
    for value in xs:
        value = sp.sympify(value, strict=True)
        if not ((lo < value) is sp.true and (value < hi) is sp.true):
            continue
        roots = sp.solve(sp.Eq(x_t.subs(T, y), value), y)
        real = [r for r in roots if r.is_real is not False]
        if real:
            out.append(mpf(sp.N(real[0], mp.dps + 10)))
    return out


def _kink_width(g: Callable[[mpf], mpf], t: mpf) -> mpf:
    """A length over which g changes by about 1 next to a kink at t (from the one-sided slopes)."""
    h = mpf(10) ** -8 * (1 + abs(t))
    slope = max(abs(g(t + h) - g(t)), abs(g(t) - g(t - h))) / h
    return 1 / slope if slope > 0 else mpf(1)


def integrate(p, wp: int, weight: Callable[[mpf, mpf], mpf], kinks_of=(), split_at=()) -> tuple[mpf, mpf]:
    """∫ p(x) w(x) dx as ∫ exp(log p(x(t)) + log x'(t)) · weight(t, log p(x(t))) dt.

    The weight may have kinks too: those declared by the distributions in
    ``kinks_of`` (Q's location in log q) and the x values ``split_at`` are split exactly.
    """
    lo, hi = p.support_bounds()
    _, jac = line_map(lo, hi)
    logjac = sp.lambdify(T, jac, modules="mpmath")
    with mp.workdps(wp):
        lp = t_density(p, lo, hi)

        def g(t):
            return lp(t) + logjac(t)

        mode, width = mode_and_width(g, _start(p, lo, hi))

        def integrand(t):
            a = lp(t)
            if a == mpf("-inf"):
                return mpf(0)
            return mpmath.exp(a + logjac(t)) * weight(t, a)

        # drop by wp digits plus a margin for the growth of the weight
        cut = wp * mpmath.log(10) + 60
        points = split_points(g, mode, width, cut=cut)
        # a multimodal density (a mixture) names its modes: split around each of them too
        for at in getattr(p, "split_points", lambda: ())():
            m, w = mode_and_width(g, _start(p, lo, hi, at))
            points += split_points(g, m, w, cut=wp * mpmath.log(10) + 60)
        # a density with kinks (Laplace at its location): split exactly there
        kinks = _kink_points(p, lo, hi)
        for d in kinks_of:
            kinks += _kink_points(d, lo, hi)
            # log q changes on Q's own scale around Q's mode (a narrow or far Cauchy Q):
            # split there too, out to where q has dropped by e^(-60)
            if isinstance(d, Distribution) and not d.record.discrete and center(d) is not None:
                ld = t_density(d, lo, hi)

                def gd(t, ld=ld):
                    return ld(t) + logjac(t)

                m, w = mode_and_width(gd, _start(d, lo, hi))
                points += split_points(gd, m, w, cut=mpf(60))
        for t_k in points_in_t(list(split_at), lo, hi):
            # the weight's own scale there (log((x - c)^2 + s^2) changes over s around c)
            with mp.workdps(20):
                curv = abs(mpmath.diff(lambda u: weight(u, lp(u)), t_k, 2))
            w = 1 / mpmath.sqrt(curv) if curv > 0 else _kink_width(g, t_k)
            points += split_points(g, t_k, min(w, _kink_width(g, t_k)), cut=wp * mpmath.log(10) + 60)
        for t_k in kinks:
            points += split_points(g, t_k, _kink_width(g, t_k), cut=wp * mpmath.log(10) + 60)
        # mass piled against a finite end (a von Mises direction near ±pi): the density
        # in t has a second mode there, which the scan from the main mode may not reach
        peak = lp(mode)
        for end, t_far in ((lo, mpf(-60)), (hi, mpf(60))):
            if end.is_finite and lp(t_far) > peak - cut and not any(abs(t - t_far) < 1 for t in points):
                m, w = mode_and_width(g, t_far)
                points += split_points(g, m, w, cut=cut)
        points = sorted(set(points))
        value, err = mpmath.quad(integrand, points, error=True, maxdegree=10, method="gauss-legendre")
    return value, err

