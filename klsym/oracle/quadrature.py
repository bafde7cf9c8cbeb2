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
from .density import T, center, check_work, line_map, t_density, t_of
from .limits import INSTEAD, MAX_PANELS, OracleLimitError, magnitude

__all__ = ["integrate", "mode_and_width", "split_points", "points_in_t", "panels"]


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
                # not concave here; at a stationary minimum (the antimode of a von Mises
                # density with mu = pi, where the search starts) go either way
                delta = (mpmath.sign(d1) or 1) * step
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
        # the curvature says nothing at a kink (Laplace: 1/sqrt(-g'') goes to 0 with the
        # step of the difference) or where g is too flat for 20 digits: check the width
        # against the drop it gives on the steeper side (1/2 for a parabola)
        peak = g(t)
        for _ in range(200):
            drop = peak - min(g(t - width), g(t + width))
            if mpmath.isnan(drop) or 0.05 <= drop <= 20:
                break
            width = width * 2 if drop < 0.05 else width / 2
    # a width far below |t| (kappa = 10^300 at a direction mu = 1): the mode to a small
    # fraction of the width, with the digits that takes
    if t != 0 and width < abs(t) * mpf(10) ** -6:
        with mp.workdps(int(mpmath.log10(abs(t) / width)) + 25):
            t = +t
            d2 = mpf(-1)
            for _ in range(60):
                d1, d2 = mpmath.diff(g, t, 1), mpmath.diff(g, t, 2)
                if not d2 < 0:
                    break
                delta = -d1 / d2
                t += delta
                if abs(delta) < mpf(10) ** -6 / mpmath.sqrt(-d2):
                    break
            if d2 < 0:
                width = 1 / mpmath.sqrt(-d2)
    return t, width


def _start(d, lo: sp.Expr, hi: sp.Expr, at: sp.Expr | None = None) -> mpf:
    """t of d's mean, or of the point ``at`` (a starting point for the mode search), or 0."""
    mean = center(d) if at is None else at
    if mean is not None:
        value = sp.sympify(mean, strict=True)
        if value.is_finite and value.is_real and (lo < value) is sp.true and (value < hi) is sp.true:
            return t_of(value, lo, hi, 20)
    return mpf(0)


#: doublings of the width from the mode before the secant takes over (g nearly linear)
_DOUBLINGS = 200
#: the most a panel's log-density may fall across it: a panel whose ends differ by
#: more is halved (one Gauss-Legendre panel cannot follow e^(-e^t) from 1 to 0)
_DROP = 60


def split_points(g: Callable[[mpf], mpf], mode: mpf, width: mpf, cut: mpf, strict: bool = False,
                 grow: Callable[[mpf], mpf] | None = None) -> list[mpf]:
    """Points mode ± width·2^j, out to where g has dropped by ``cut`` below its peak.

    g is a log-density in t (log-concave for every record here), so beyond the
    last point the integrand is below e^(−cut) of its peak and keeps falling.
    Where 2^200 widths do not reach that far (g nearly linear: x^(α−1) for
    α = 10^−300, whose width at the mode says nothing of its tail), the secant
    through the last two points (above g, g being concave) gives a point beyond
    the cut, and points grow by 2^8 up to it. With ``strict`` a side that still
    does not reach the cut raises :class:`OracleLimitError` (the quadrature would
    miss P's mass). ``grow(t)``: log(1 + |weight|), added to g for the stop.
    """
    peak = g(mode)
    top = peak + (grow(mode) if grow else 0)
    points = [mode]
    for sign in (-1, 1):
        prev_t, last_t, last_v = mode, mode, peak
        reached = False
        for j in range(_DOUBLINGS):
            t = mode + sign * width * 2**j
            points.append(t)
            v = g(t)
            # the mass of the panel just passed is about e^v |t - mode|: that must be cut
            lv = v + mpmath.log1p(abs(t - mode) / width)
            if mpmath.isnan(v) or (lv < peak - cut and (grow is None or lv + grow(t) < top - cut)):
                reached = True
                break
            prev_t, last_t, last_v = last_t, t, v
        if reached:
            continue
        slope = mpf(0)
        for more in (0, 60, 300):
            with mp.workdps(mp.dps + more):
                dv = g(last_t) - g(prev_t)
                if dv != 0 and abs(dv) > abs(last_v) * mpf(10) ** (10 - mp.dps):
                    slope = dv / abs(last_t - prev_t)
                    break
        if slope < 0:
            span = abs(last_t - mode)
            # twice as far as the secant says: a linear g meets the cut there
            t_end = last_t + sign * 2 * (last_v - (peak - cut)) / (-slope)
            steps = int(mpmath.log(abs(t_end - mode) / span, 2) / 8) + 1
            if steps <= 150:
                for k in range(1, steps + 1):
                    points.append(mode + sign * span * mpf(2) ** (8 * k) if k < steps else t_end)
                v = g(t_end)
                if mpmath.isnan(v) or v < peak - cut:
                    continue
        if strict:
            raise OracleLimitError(
                f"the density does not fall by e^-{int(cut)} within 2^{_DOUBLINGS} times its width "
                f"{mpmath.nstr(width, 3)} from its mode (t = {mpmath.nstr(mode, 8)}): the quadrature "
                f"cannot resolve it; {INSTEAD}")
    return sorted(points)


def panels(points: list[tuple[mpf, mpf, bool]], g: Callable[[mpf], mpf], peak: mpf, cut: mpf) -> list[mpf]:
    """The quadrature's panel ends from candidate points (t, scale, exact).

    A point within 10^-6 of its scale of the previous one is dropped unless it is
    exact (a kink); a panel that still matters (one end within ``cut`` of the
    peak) across which g falls by more than :data:`_DROP` is halved until it does
    not; more than :data:`~klsym.oracle.limits.MAX_PANELS` panels raise
    :class:`OracleLimitError`.
    """
    kept: list[tuple[mpf, mpf, bool]] = []
    for t, scale, exact in sorted(points, key=lambda p: p[0]):
        if kept and t - kept[-1][0] <= mpf(10) ** -6 * min(scale, kept[-1][1]) and not (exact and kept[-1][2]):
            if exact:
                kept[-1] = (t, scale, exact)
            continue
        kept.append((t, scale, exact))
    values: dict = {}

    def gv(t):
        if t not in values:
            v = g(t)
            values[t] = mpf("-inf") if mpmath.isnan(v) else v
        return values[t]

    out = [kept[0][0]]
    stack = [t for t, _, _ in reversed(kept[1:])]
    while stack:
        a, b = out[-1], stack[-1]
        ga, gb = gv(a), gv(b)
        if max(ga, gb) > peak - cut and abs(ga - gb) > _DROP and b - a > abs(a) * mpf(2) ** (8 - mp.prec):
            stack.append(a + (b - a) / 2)
        else:
            out.append(stack.pop())
        if len(out) + len(stack) > MAX_PANELS:
            raise OracleLimitError(
                f"the quadrature needs more than MAX_PANELS = {MAX_PANELS} panels (the density changes "
                f"too fast for its scale); {INSTEAD}")
    return out


def _kink_points(d, lo: sp.Expr, hi: sp.Expr) -> list[mpf]:
    """The t of every kink the record declares, at the current precision."""
    if not isinstance(d, Distribution):
        return []
    return points_in_t([sp.sympify(k).subs(d.substitution()) for k in d.record.kinks], lo, hi)


def points_in_t(xs, lo: sp.Expr, hi: sp.Expr) -> list[mpf]:
    """The t of every point x strictly inside (lo, hi), at the current precision."""
    out = []
    for value in xs:
        value = sp.sympify(value, strict=True)
        if (lo < value) is sp.true and (value < hi) is sp.true:
            out.append(t_of(value, lo, hi, mp.dps + 10))
    return out


def _kink_width(g: Callable[[mpf], mpf], t: mpf) -> mpf:
    """A length over which g changes by about 1 next to a kink at t (from the one-sided slopes)."""
    h = mpf(10) ** -8 * (1 + abs(t))
    slope = max(abs(g(t + h) - g(t)), abs(g(t) - g(t - h))) / h
    return 1 / slope if slope > 0 else mpf(1)


#: the highest Gauss-Legendre degree per panel (3·2^6 nodes): a panel that has not
#: converged there is halved (the nodes of degree 10 cost a minute at 90 digits)
_DEGREE = 7


def _panelwise(f: Callable[[mpf], mpf], points: list[mpf]) -> tuple:
    """∫ f over [points[0], points[-1]] panel by panel, a panel whose error estimate
    is above 2^(10 − prec) (f is normalised to an integral of about 1) halved until
    it is not; more than MAX_PANELS panels in all raise :class:`OracleLimitError`."""
    eps = mpf(2) ** (10 - mp.prec)
    total, err, done = mpmath.mpc(0), mpf(0), 0
    stack = [(points[i], points[i + 1]) for i in reversed(range(len(points) - 1))]
    while stack:
        a, b = stack.pop()
        v, e = mpmath.quad(f, [a, b], error=True, maxdegree=_DEGREE, method="gauss-legendre")
        if e > eps and b - a > (abs(a) + abs(b)) * mpf(2) ** (16 - mp.prec):
            m = a + (b - a) / 2
            stack += [(m, b), (a, m)]
        else:
            total += v
            err += e
            done += 1
        if done + len(stack) > MAX_PANELS:
            raise OracleLimitError(
                f"the quadrature needs more than MAX_PANELS = {MAX_PANELS} panels (the integrand does not "
                f"settle to {mp.dps} digits on them); {INSTEAD}")
    return total, err


def integrate(p, wp: int, weight: Callable[[mpf, mpf], mpf], kinks_of=(), split_at=()) -> tuple[mpf, mpf]:
    """∫ p(x) w(x) dx as ∫ exp(log p(x(t)) + log x'(t)) · weight(t, log p(x(t))) dt.

    The weight may have kinks too: those declared by the distributions in
    ``kinks_of`` (Q's location in log q) and the x values ``split_at`` are split exactly.

    P's mass ∫ p is integrated in the same panels (the imaginary part of the same
    integrand): it must come out as 1 within the error, else the panels have missed
    part of P and :class:`OracleLimitError` is raised rather than a wrong value with a
    small error; the deficit is part of the error returned. The integrand is divided
    by its size at the panel ends (mpmath's quadrature stops on an absolute error).
    """
    lo, hi = p.support_bounds()
    _, jac = line_map(lo, hi)
    logjac = sp.lambdify(T, jac, modules="mpmath")
    with mp.workdps(wp):
        # the integrand's exponent log p(x(t)) + log x'(t) as one sum (see t_density)
        g = t_density(p, lo, hi, jacobian=True)

        def lp(t):
            return g(t) - logjac(t)

        def grow(t):
            return mpmath.log1p(abs(weight(t, lp(t))))

        mode, width = mode_and_width(g, _start(p, lo, hi))
        # points mode + width·s must be told apart from the mode: as many more digits
        # as |mode| is above the width
        shift = 0
        if mode != 0 and width < abs(mode) * mpf(10) ** -8:
            shift = int(mpmath.log10(abs(mode) / width)) - 5
        check_work(shift, "the quadrature", g)
        mp.dps = wp + shift
        # the integrand (with its weight) must fall below 10^-wp of its peak
        cut = wp * mpmath.log(10) + 10
        peak = g(mode)
        cand = [(t, width, False) for t in split_points(g, mode, width, cut, strict=True, grow=grow)]
        # a multimodal density (a mixture) names its modes: split around each of them too
        for at in getattr(p, "split_points", lambda: ())():
            m, w = mode_and_width(g, _start(p, lo, hi, at))
            cand += [(t, w, False) for t in split_points(g, m, w, cut, grow=grow)]
            peak = max(peak, g(m))
        # a density with kinks (Laplace at its location): split exactly there
        kinks = _kink_points(p, lo, hi)
        for d in kinks_of:
            kinks += _kink_points(d, lo, hi)
            # log q changes on Q's own scale around Q's mode (a narrow or far Cauchy Q):
            # split there too, out to where q has dropped by e^(-60)
            if isinstance(d, Distribution) and not d.record.discrete and center(d) is not None:
                gd = t_density(d, lo, hi, jacobian=True)
                m, w = mode_and_width(gd, _start(d, lo, hi))
                cand += [(t, w, False) for t in split_points(gd, m, w, cut=mpf(60))]
        for t_k in points_in_t(list(split_at), lo, hi):
            # the weight's own scale there (log((x - c)^2 + s^2) changes over s around c)
            with mp.workdps(20):
                curv = abs(mpmath.diff(lambda u: weight(u, lp(u)), t_k, 2))
            w = 1 / mpmath.sqrt(curv) if curv > 0 else _kink_width(g, t_k)
            w = min(w, _kink_width(g, t_k))
            cand += [(t, w, t == t_k) for t in split_points(g, t_k, w, cut, grow=grow)]
        for t_k in kinks:
            w = _kink_width(g, t_k)
            cand += [(t, w, t == t_k) for t in split_points(g, t_k, w, cut, grow=grow)]
        # mass piled against a finite end (a von Mises direction near ±pi): the density
        # in t has a second mode there, which the scan from the main mode may not reach
        for end, t_far in ((lo, mpf(-60)), (hi, mpf(60))):
            if end.is_finite and lp(t_far) > peak - cut and not any(abs(t - t_far) < 1 for t, _, _ in cand):
                m, w = mode_and_width(g, t_far)
                cand += [(t, w, False) for t in split_points(g, m, w, cut, grow=grow)]
                peak = max(peak, g(m))
        points = panels(cand, g, peak, cut)
        # the size of the integrand (relative to P's peak) at the points that matter
        size = mpf(1)
        for t in points:
            gt = g(t)
            if gt != mpf("-inf") and gt > peak - cut:
                size = max(size, abs(weight(t, lp(t))) * mpmath.exp(gt - peak))
        scale = mpf(2) ** (magnitude(size) or 0)
        floor = peak - cut - 200

        def integrand(t):
            gt = g(t)
            if gt == mpf("-inf"):
                return mpf(0)
            w = weight(t, gt - logjac(t))
            # far below P's peak, but a weight that grows (x under a heavy Pareto tail) may
            # still make the product count: the floor applies to the product
            if gt + mpmath.log1p(abs(w)) < floor:
                return mpf(0)
            e = mpmath.exp(gt)
            return mpmath.mpc(e * w / scale, e)

        total, err = _panelwise(integrand, points)
        value, mass = total.real * scale, total.imag
        missing = abs(mass - 1)
        # a deficit beyond 10^-10 that the quadrature's estimate does not explain: the
        # panels missed part of P (a spike, a tail beyond them): refuse
        if missing > max(100 * err, mpf(10) ** (15 - wp), mpf(10) ** -10):
            raise OracleLimitError(
                f"the quadrature found P's total mass to be 1 + {mpmath.nstr(mass - 1, 3)}, not 1: its "
                f"{len(points) - 1} panels (t from {mpmath.nstr(points[0], 5)} to {mpmath.nstr(points[-1], 5)}, "
                f"mode {mpmath.nstr(mode, 8)}, width {mpmath.nstr(width, 3)}) miss part of P; {INSTEAD}")
        # density × weight must have died out at the outer panel ends, else the panels have
        # cut off a tail of the integral itself (P = Pareto(alpha = 1) against a gamma Q:
        # p(x)·x never decays and KL = +oo): refuse rather than return the truncated value
        for t_end in (points[0], points[-1]):
            g_end = g(t_end)
            if g_end == mpf("-inf"):
                continue
            w_end = abs(weight(t_end, lp(t_end)))
            # in logs: g_end may be -10^(10^8) (a Weibull with k = 10^8), whose exp costs hours
            if w_end == 0 or g_end + mpmath.log(w_end) <= (15 - wp) * mpmath.ln10 + mpmath.log(max(abs(value), mpf(1))):
                continue
            product = mpmath.exp(g_end) * w_end
            if product > mpf(10) ** (15 - wp) * max(abs(value), mpf(1)):
                raise OracleLimitError(
                    f"density × log-ratio is still {mpmath.nstr(product, 3)} at the end of the quadrature's "
                    f"panels (t = {mpmath.nstr(t_end, 5)}): the integral's tail is too slow for the oracle, or "
                    f"KL is infinite (a moment of P that log q needs may not exist); {INSTEAD}")
        # a smaller deficit (an algebraic tail beyond the last panel, the quadrature's own
        # error) counts with the weight's size: at the points that matter and at the ends
        ends = max(abs(weight(t, lp(t))) for t in (points[0], points[-1]))
        # the quadrature's estimate, the mass deficit and the rounding of the sum
        err = (err + mpf(2) ** (-mp.prec) * len(points) * 100 + missing) * scale + missing * ends
    return value, err
