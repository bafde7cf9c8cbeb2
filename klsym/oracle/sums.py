"""The oracle's sums over a discrete support: outward from the centre, with a tail bound.

Terms are summed outward from P's centre until they are negligible, with a
geometric bound on the tail; past :data:`DIRECT` terms (an algebraic tail
such as k^(−s) log k, or a geometric one with ratio near 1) the rest is summed
by the Euler–Maclaurin formula on the analytic summand built from the
log-densities, with its error estimate.
"""

from __future__ import annotations

import math
from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.distribution import Distribution
from ..records.values import substitute
from .density import center, check_work, constant, difference, log_density, same_record
from .limits import INSTEAD, OracleLimitError, magnitude

__all__ = ["DIRECT", "discrete_sum", "euler_maclaurin_sum"]

# ----------------------------------------------------------------- discrete
#: terms summed one by one past P's centre, in each direction, before the rest of
#: the range is taken by the Euler-Maclaurin formula (analytic log-densities only)
DIRECT = 3000


def is_analytic(d) -> bool:
    """True when d's log-density is one analytic expression in x (summable by Euler-Maclaurin)."""
    return (
        isinstance(d, Distribution)
        and d.is_interior()
        and not any(p.vector for p in d.record.params)
    )


def euler_maclaurin_sum(f: Callable[[mpf], mpf], bounds: tuple, tol: mpf, scale: mpf | None = None,
                        peak: tuple[int, mpf] | None = None) -> tuple[mpf, mpf]:
    """Σ_{k=a}^{b} f(k) (b may be +oo) for a smooth, slowly varying f, with an error estimate.

    Euler-Maclaurin (``mpmath.sumem``: derivatives at the ends by numerical
    differentiation) around the integral ∫_a^b f, computed here: towards +oo in
    u with x = a·e^u, so that an algebraic tail x^(−s) becomes the exponential
    a^(1−s) e^(−(s−1)u); over a finite range the :data:`DIRECT` terms at each
    end are added one by one and the integral is split at distances 2^j from the ends.
    ``tol`` is the absolute tolerance; the error estimate is returned with the value.
    ``scale``: the summand's own scale next to the end where it is largest (the
    spread 10^20 of a Poisson law with mean 10^40): the integral is split at that
    scale times 2^j from the ends too, else the mass sits inside one long panel
    where no node sees it. ``peak``: (k, width), where the summand is largest inside
    the range and how wide it is there (the affinity p^α q^(1−α) of two laws far
    apart): the integral is also split at k ± width·2^j.
    """
    a, b = (int(v) if sp.sympify(v).is_finite else sp.oo for v in bounds)
    if b == sp.oo:
        a_ = mpf(a)

        def g(u):
            x = a_ * mpmath.exp(u)
            return f(x) * x

        # split at u = 4^j; stop where the integrand has become negligible (a tail
        # that decays at least exponentially in x), else go on to u = +oo (algebraic)
        points, cut, logs = [mpf(0)], mpmath.log(tol) - 60, []
        if scale is not None and scale > 1:
            points += [u for u in (mpmath.log1p(scale * mpf(2) ** j / a_) for j in range(200)) if u < 1]
        points += [mpmath.log(e / a_) for e in _around(peak) if e > a_]
        for j in range(11):
            u = mpf(4) ** j
            points.append(u)
            v = g(u)
            if v == 0 or mpmath.log(abs(v)) < cut:
                break
            logs.append(mpmath.log(abs(v)))
        else:
            # still not negligible at x = a e^(4^10): it must at least be decaying there
            if not logs[-1] < logs[-2] - 1:
                raise ArithmeticError("the terms decay too slowly for a sum to be found (it may diverge)")
            points.append(mpmath.inf)
        integral, ierr = mpmath.quad(g, sorted(set(points)), error=True)
    else:
        # the DIRECT terms at each end one by one (a summand like 1/k is not smooth
        # enough at k = 1 for the formula); the middle by the formula
        if b - a < 4 * DIRECT:
            return mpmath.fsum(f(mpf(k)) for k in range(a, b + 1)), tol
        ends = mpmath.fsum(f(mpf(k)) for k in [*range(a, a + DIRECT), *range(b - DIRECT + 1, b + 1)])
        a, b = a + DIRECT, b - DIRECT
        near = [mpf(e) for j in range(64) for e in (b - 2**j, a + 2**j) if a < e < b]
        if scale is not None and scale > 1:
            near += [e for j in range(400) for e in (b - scale * mpf(2) ** j, a + scale * mpf(2) ** j) if a < e < b]
        near += [e for e in _around(peak) if a < e < b]
        points = sorted({mpf(a), mpf(b), *near})
        integral, ierr = mpmath.quad(f, points, error=True)
        value, em_err = mpmath.sumem(f, [mpf(a), mpf(b)], tol=tol, integral=integral, error=True)
        return ends + value, abs(ierr) + abs(em_err) + tol
    value, em_err = mpmath.sumem(f, [a_, mpmath.inf], tol=tol, integral=integral, error=True)
    return value, abs(ierr) + abs(em_err) + tol


def _around(peak: tuple[int, mpf] | None) -> list[mpf]:
    """Split points at a summand's peak k and at k ± width·2^j, out to about 4|k| (nothing
    without a peak)."""
    if peak is None:
        return []
    k, width = mpf(peak[0]), max(mpf(peak[1]), mpf(1))
    steps = [width * mpf(2) ** j for j in range(200)]
    return [k, *(k + side * w for w in steps if w <= 4 * max(abs(k), width) for side in (-1, 1))]


def log_peak(g: Callable[[int], mpf], start: int, lo: int | float, hi: int | float,
             limit: int = 10**60) -> tuple[int, mpf] | None:
    """Where the integer function g (the log of a summand, taken to be unimodal) is largest,
    searched from ``start`` inside [lo, hi], and the summand's width there (1/sqrt of minus
    g's second difference, else 1): steps doubling away from ``start`` bracket the top, and
    a ternary search on the integers finds it. None when g is -oo at ``start`` or the top
    lies beyond ``limit`` steps."""

    def val(k: int) -> mpf:
        if not lo <= k <= hi:
            return mpf("-inf")
        v = g(k)
        return v if mpmath.isfinite(v) or v == mpf("inf") else mpf("-inf")

    top = val(start)
    if top == mpf("-inf"):
        return None
    rising = [d for d in (1, -1) if val(start + d) > top]
    k = start
    if rising:
        d, step, prev = rising[0], 1, start
        while True:
            nxt = k + d * step
            if abs(nxt - start) > limit:
                return None
            if val(nxt) <= top:
                break
            prev, k, top = k, nxt, val(nxt)
            step *= 2
        a, b = sorted((prev, nxt))
        while b - a > 2:
            m1, m2 = a + (b - a) // 3, b - (b - a) // 3
            if val(m1) < val(m2):
                a = m1 + 1
            else:
                b = m2
        k = max(range(a, b + 1), key=val)
    d2 = val(k + 1) - 2 * val(k) + val(k - 1)
    width = 1 / mpmath.sqrt(-d2) if mpmath.isfinite(d2) and d2 < 0 else mpf(1)
    return k, width


def _kl_weight(k, a, b):
    return a - b


def _spread(d, lp, start: int) -> mpf:
    """A typical distance of d's mass from its centre: the recorded standard deviation,
    else 1/sqrt of minus the second difference of log p at the centre, else 1."""
    if isinstance(d, Distribution) and d.record.variance is not None:
        try:
            v = constant(substitute(d.record.variance, d.substitution()), 20)
            if mpmath.isfinite(v) and v > 0:
                return mpmath.sqrt(v)
        except (NotImplementedError, ArithmeticError, TypeError, ValueError):
            pass
    try:
        d2 = lp(start + 1) - 2 * lp(start) + lp(start - 1)
    except (ValueError, ZeroDivisionError):
        return mpf(1)
    return 1 / mpmath.sqrt(-d2) if mpmath.isfinite(d2) and d2 < 0 else mpf(1)


def discrete_sum(p, q, wp: int, max_terms: int = 400_000, weight=_kl_weight,
                 log_summand: Callable[[int], mpf] | None = None):
    """Σ_k p(k)·weight(k, log p(k), log q(k)) summed outward from P's mean.

    ``log_summand``: the log of the summand's size where it is not P's (the affinity
    p^α q^(1−α)), whose peak may lie far from P's mass. The sum then reaches out to
    that peak too: term by term within :data:`DIRECT` of P's mean (or for a summand
    the Euler–Maclaurin formula cannot take), else the Euler–Maclaurin tail is split
    around the peak and no term before it ends the sum.

    P's mass Σ p(k) is summed alongside (in the Euler–Maclaurin tails as the
    imaginary part of the same summand) and must come out as 1 within the error,
    else :class:`OracleLimitError`; the deficit is part of the error. A P whose
    spread needs more than ``max_terms`` terms and has no analytic summand for the
    Euler–Maclaurin formula is refused at once.
    """
    lo, hi = p.support_bounds()
    with mp.workdps(wp):
        analytic = is_analytic(p) and is_analytic(q)
        lp = log_density(p)
        use_difference = weight is _kl_weight and analytic and same_record(p, q)
        if use_difference:
            # log p − log q as one sum with exactly differenced coefficients (Q is
            # positive wherever P is: one record, interior parameters)
            w_pq = difference(p, q)

            def lq(k):
                return mpf(0)

            def weight(k, a, b):
                return w_pq(k)
        else:
            lq_formula = log_density(q)
            q_lo, q_hi = q.support_bounds()

            def lq(k):  # outside Q's support its formula means nothing: Q gives probability 0 there
                return lq_formula(k) if q_lo <= k <= q_hi else mpf("-inf")
        mean = center(p)
        start = sp.floor(mean) if mean is not None else lo
        start = int(min(max(start, lo), hi)) if hi.is_finite else int(max(start, lo))
        # a multimodal P (a mixture) names its modes: sum at least out to every one of them
        modes = [int(sp.floor(m)) for m in getattr(p, "split_points", lambda: ())()]
        reach = {1: max(modes + [start]), -1: min(modes + [start])}
        lo_i = int(lo) if lo.is_finite else -math.inf
        hi_i = int(hi) if hi.is_finite else math.inf
        total, err, mass = mpf(0), mpf(0), mpf(0)
        mass_err = mpf(0)  # a bound on P's mass left out (tails cut off, Euler–Maclaurin's error)
        tol = mpf(10) ** (-wp)
        infinite_at = None
        count = 0
        spread = _spread(p, lp, start) if (not hi.is_finite or hi - lo > 4 * DIRECT) else mpf(1)
        # points start + spread·s must be told apart from the start: as many more
        # digits as the start is above the spread
        shift = 0
        if start != 0 and spread > 1 and spread < abs(start) * mpf(10) ** -8:
            shift = int(mpmath.log10(abs(start) / spread)) - 5
        a0 = lp(start)  # finds the digits its terms cancel by
        if use_difference:
            w_pq(start)
            check_work(shift, f"the sum for numeric_kl({p}, {q})", lp, w_pq, limit="MAX_SUM_WORK_DIGITS")
        else:
            check_work(shift, f"the sum for numeric_kl({p}, {q})", lp, limit="MAX_SUM_WORK_DIGITS")
        mp.dps = wp + shift
        # terms within which P falls by 10^-wp: about spread * sqrt(2 wp ln 10) each way
        needed = spread * mpmath.sqrt(2 * wp * mpmath.log(10)) * 2
        if not analytic and needed > max_terms:
            raise OracleLimitError(
                f"numeric_kl({p}, {q}): the sum needs about {mpmath.nstr(needed, 3)} terms (P's spread "
                f"{mpmath.nstr(spread, 3)}), more than the {max_terms} the oracle sums one by one; {INSTEAD}")
        far: dict[int, tuple[int, mpf] | None] = {1: None, -1: None}
        if log_summand is not None:
            peak = log_peak(log_summand, start, lo_i, hi_i)
            if peak is not None and peak[0] != start:
                side = 1 if peak[0] > start else -1
                if analytic and abs(peak[0] - start) > DIRECT:
                    far[side] = peak
                else:
                    reach[side] = max(reach[side], peak[0]) if side == 1 else min(reach[side], peak[0])
        size = mpf(1)
        if analytic and a0 != mpf("-inf"):
            size = max(size, abs(weight(start, a0, lq(start))))
        norm = mpf(2) ** (magnitude(size) or 0)
        for direction in (1, -1):
            k = start if direction == 1 else start - 1
            prev, small, steps = None, 0, 0
            while (k <= hi_i if direction == 1 else k >= lo_i):
                a = lp(k)
                count += 1
                if a != mpf("-inf"):
                    b = lq(k)
                    if b == mpf("-inf"):
                        infinite_at = k
                        break
                    pk = mpmath.exp(a)
                    w = weight(k, a, b)
                    total += pk * w
                    mass += pk
                    size = pk * (1 + abs(w))
                else:
                    pk, size = mpf(0), mpf(0)
                past = k > reach[1] if direction == 1 else k < reach[-1]
                steps += 1 if past else 0
                if past and analytic and steps > DIRECT and a != mpf("-inf"):
                    # a slowly decaying summand (algebraic, or geometric with ratio near 1),
                    # or a spread far beyond DIRECT: the rest of the range by Euler-Maclaurin
                    # on the analytic summand, P's mass as its imaginary part
                    total -= pk * w  # the tail sum starts at this k
                    mass -= pk

                    def summand(v):
                        av = lp(v)
                        if av == mpf("-inf"):
                            return mpf(0)
                        e = mpmath.exp(av)
                        return mpmath.mpc(e * weight(v, av, lq(v)) / norm, e)

                    rest, rest_err = euler_maclaurin_sum(
                        summand, (k, hi) if direction == 1 else (lo, k),
                        tol * (abs(total) / norm + tol), scale=spread, peak=far[direction])
                    rest = mpmath.mpc(rest)
                    total += rest.real * norm
                    mass += rest.imag
                    err += rest_err * norm
                    mass_err += rest_err
                    break
                if (past and far[direction] is None and size <= tol * (abs(total) + tol)
                        and (prev is None or pk <= prev)):
                    small += 1
                    if small >= 3:
                        ratio = pk / prev if prev else mpf(0)
                        if ratio < 1:
                            err += size * ratio / (1 - ratio)
                            mass_err += pk * ratio / (1 - ratio)
                            break
                else:
                    small = 0
                prev = pk
                k += direction
                if count > max_terms:
                    raise OracleLimitError(
                        f"numeric_kl({p}, {q}): sum not converged after {max_terms} terms; {INSTEAD}")
            if infinite_at is not None:
                break
        if infinite_at is not None:
            return mpf("inf"), mpf(0), f"P gives x = {infinite_at} positive probability, Q gives it 0"
        # rounding in the summation: about count terms at precision wp
        err += count * tol * (abs(total) + norm)
        missing = abs(mass - 1)
        # a deficit near 10^-dps, or within the bound on the mass the tails left out, is an
        # error to report; beyond, the terms were not resolved. (The tails stop where P's
        # terms times the weight are negligible next to the total: a total of 10^22, from a
        # weight that grows where P thins out, leaves P's mass short by far more than 10^-wp.)
        if weight is not None and not missing <= max(100 * err / norm, 100 * mass_err, count * tol * 10,
                                                      mpf(10) ** (15 - wp)):
            raise OracleLimitError(
                f"numeric_kl({p}, {q}): the sum found P's total mass to be 1 + {mpmath.nstr(mass - 1, 3)} "
                f"(error estimate {mpmath.nstr(err / norm, 3)}), not 1: its terms are not resolved; {INSTEAD}")
        err += missing * norm
    return total, err, None
