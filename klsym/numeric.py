"""The independent numeric oracle: KL by mpmath quadrature or summation.

It sees only the log-densities of the records — never a closed form — and
computes KL(P‖Q) = ∫ p(x) (log p(x) − log q(x)) dx (or the sum) inside
``mp.workdps``, with an error estimate that is reported, not hidden.

Continuous supports are mapped to the whole line so that singular or
infinite ends become smooth exponential tails:

* (−∞, ∞): x = t;
* (a, ∞):  x = a + eᵗ (a density ~ x^(α−1) at 0 becomes ~ e^(αt));
* (a, b):  x = a + (b − a)/(1 + e^(−t)).

In the t variable the integrand is split at its mode and at multiples of its
width (found from the log-density by Newton's method) and integrated by
tanh-sinh quadrature. Near a finite end the map loses the digits of x − a
(or b − x), so the integrand is evaluated there at a precision raised by the
number of digits eᵗ has lost. Discrete supports are summed outward from the
mean until the terms are negligible, with a geometric bound on the tail; past
:data:`DIRECT` terms (an algebraic tail such as k^(−s) log k, or a geometric one
with ratio near 1) the rest is summed by the Euler–Maclaurin formula on the
analytic summand built from the log-densities, with its error estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from .distribution import Distribution
from .family import X, bounds_inside

__all__ = [
    "NumericResult", "numeric_kl", "numeric_cross_entropy", "expectation", "log_density_function",
    "euler_maclaurin_sum",
]


@dataclass(frozen=True)
class NumericResult:
    """The oracle's value and its error estimate (absolute)."""

    value: mpf
    error: mpf
    dps: int
    method: str
    reason: str | None = None

    @property
    def digits(self) -> float:
        """Estimated number of correct significant digits (inf when the error estimate is 0)."""
        if self.error == 0 or mpmath.isinf(self.value):
            return math.inf
        if self.value == 0:
            return 0.0
        return float(-mpmath.log10(self.error / abs(self.value)))

    def __float__(self) -> float:
        return float(self.value)

    def __str__(self) -> str:
        """The value to the digits asked for."""
        return mpmath.nstr(self.value, self.dps)


LogDensity = Callable[[mpf], mpf]


def _split_terms(expr: sp.Expr, var: sp.Symbol):
    """expr = c + Σ c_i g_i(var): the var-free constant and (coefficient, compiled g_i) pairs."""
    const, parts = sp.Integer(0), {}
    for term in sp.Add.make_args(sp.expand(expr)):
        c, g = term.as_independent(var, as_Add=False)
        if g == 1:
            const += c
        else:
            parts[g] = parts.get(g, 0) + c
    return const, tuple((c, sp.lambdify(var, g, modules="mpmath")) for g, c in parts.items() if c != 0)


def _constant(c: sp.Expr, wp: int) -> mpf:
    """A parameter-only constant to wp digits, by interval arithmetic where it has a
    rule (SymPy's evalf can lose 1 − p for p = 10^−300 inside a log of a log)."""
    from .intervals import value

    try:
        with mp.workdps(wp):
            return +value(c, wp)
    except (NotImplementedError, ArithmeticError):
        return mpf(sp.N(c, wp, maxn=max(400, 4 * wp)))


def _evaluator(const: sp.Expr, parts) -> LogDensity:
    """The function v ↦ c + Σ c_i g_i(v), constants evaluated once at the current precision."""
    wp = mp.dps + 10
    c0 = _constant(const, wp) if const != 0 else mpf(0)
    coeffs = [(_constant(c, wp), g) for c, g in parts]

    def f(v: mpf) -> mpf:
        s = c0
        for c, g in coeffs:
            s += c * g(v)
        return s

    return f


@lru_cache(maxsize=512)
def _compiled_terms(d: Distribution):
    """log f(x) split into constant and x-dependent terms."""
    return _split_terms(d.record.logpdf.subs(d.substitution()), X)


def log_density_function(d: Distribution) -> LogDensity:
    """An mpmath function x ↦ log f(x) for parameters in the interior of their domain.

    Constants are evaluated once at the current precision; the function then
    works at whatever precision it is called with (to about that precision).
    """
    return _evaluator(*_compiled_terms(d))


def _exact_log_density(d: Distribution) -> LogDensity:
    """Per-point exact log-probability (for degenerate parameters: p = 1, lam = 0)."""

    def logf(x):
        v = d.logpdf(int(x))
        return mpf("-inf") if v == -sp.oo else mpf(sp.N(v, mp.dps + 10))

    return logf


def _log_density(d) -> LogDensity:
    if not isinstance(d, Distribution):
        return d.log_density_mp()
    if d.record.discrete and (not d.is_interior() or any(p.vector for p in d.record.params)):
        return _exact_log_density(d)
    return log_density_function(d)


def _is_discrete(d) -> bool:
    return d.record.discrete if isinstance(d, Distribution) else bool(d.discrete)


def _center(d) -> sp.Expr | None:
    """A typical point of d (its mean), or None."""
    if not isinstance(d, Distribution):
        return d.center()
    mean = d.record.mean if d.record.mean is not None else d.record.median
    return None if mean is None else mean.subs(d.substitution())


# ----------------------------------------------------------------- continuous
_T = sp.Symbol("t", real=True)


def _line_map(lo: sp.Expr, hi: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """x(t) and log dx/dt (SymPy, in the symbol t) mapping the real line onto [lo, hi]."""
    if lo == -sp.oo and hi == sp.oo:
        return _T, sp.Integer(0)
    if hi == sp.oo and lo.is_finite:
        return lo + sp.exp(_T), _T
    if lo == -sp.oo and hi.is_finite:
        return hi - sp.exp(-_T), -_T
    if lo.is_finite and hi.is_finite:
        w = hi - lo
        return lo + w / (1 + sp.exp(-_T)), sp.log(w) - sp.log(1 + sp.exp(-_T)) - sp.log(1 + sp.exp(_T))
    raise NotImplementedError(f"support [{lo}, {hi}] has no line map")


def _log_in_t(expr: sp.Expr) -> sp.Expr:
    """Rewrite logs of x(t)-expressions so that no digits are lost near the ends:
    log(1 − 1/(1 + e^(−t))) becomes log(e^(−t)/(1 + e^(−t))), exact for every t."""
    return expr.replace(lambda e: isinstance(e, sp.log), lambda e: sp.log(sp.factor(sp.cancel(sp.together(e.args[0])))))


@lru_cache(maxsize=512)
def _compiled_in_t(d: Distribution, lo: sp.Expr, hi: sp.Expr):
    """(constant, [(coefficient, g_i(t))]) with log f(x(t)) = constant + Σ c_i g_i(t)."""
    x_t, _ = _line_map(lo, hi)
    in_t = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(d.record.logpdf.subs(d.substitution()))):
        c, g = term.as_independent(X, as_Add=False)
        in_t += c * _log_in_t(g.subs(X, x_t))
    # split the logs (log(e^t/(1 + e^t)) = t − log(1 + e^t)) so that shared pieces
    # such as log(1 + e^t) are gathered and evaluated once
    return _split_terms(sp.expand_log(in_t, force=True), _T)


def _t_density(d, lo: sp.Expr, hi: sp.Expr) -> Callable[[mpf], mpf]:
    """t ↦ log f(x(t)) at the current precision (without the Jacobian)."""
    if isinstance(d, Distribution):
        return _evaluator(*_compiled_in_t(d, lo, hi))
    # a density known only through log_density_mp(): evaluate x(t) with extra
    # digits where x is within e^(−|t|) of a finite end
    x_t, _ = _line_map(lo, hi)
    x_of = sp.lambdify(_T, x_t, modules="mpmath")
    logx = d.log_density_mp()
    finite_end = lo.is_finite or hi.is_finite

    def logf_boosted(t):
        extra = int(abs(t) / 2.3) + 2 if finite_end else 0
        with mp.workdps(mp.dps + extra):
            return +logx(x_of(t))

    return logf_boosted


def _mode_and_width(g: Callable[[mpf], mpf], t0: mpf) -> tuple[mpf, mpf]:
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
    mean = _center(d) if at is None else at
    if mean is not None:
        value = sp.N(mean, 20)
        if value.is_finite and value.is_real and (lo < value) is sp.true and (value < hi) is sp.true:
            x_t, _ = _line_map(lo, hi)
            y = sp.Dummy("y")
            inverse = sp.solve(sp.Eq(x_t.subs(_T, y), value), y)
            if inverse:
                return mpf(sp.N(sp.re(inverse[0]), 20))
    return mpf(0)


def _split_points(g: Callable[[mpf], mpf], mode: mpf, width: mpf, cut: mpf) -> list[mpf]:
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
    return _points_in_t([sp.sympify(k).subs(d.substitution()) for k in d.record.kinks], lo, hi)


def _points_in_t(xs, lo: sp.Expr, hi: sp.Expr) -> list[mpf]:
    """The t of every point x strictly inside (lo, hi), at the current precision."""
    x_t, _ = _line_map(lo, hi)
    y = sp.Dummy("y")
    out = []
    for value in xs:
        value = sp.sympify(value)
        if not ((lo < value) is sp.true and (value < hi) is sp.true):
            continue
        roots = sp.solve(sp.Eq(x_t.subs(_T, y), value), y)
        real = [r for r in roots if r.is_real is not False]
        if real:
            out.append(mpf(sp.N(real[0], mp.dps + 10)))
    return out


def _kink_width(g: Callable[[mpf], mpf], t: mpf) -> mpf:
    """A length over which g changes by about 1 next to a kink at t (from the one-sided slopes)."""
    h = mpf(10) ** -8 * (1 + abs(t))
    slope = max(abs(g(t + h) - g(t)), abs(g(t) - g(t - h))) / h
    return 1 / slope if slope > 0 else mpf(1)


def _integrate(p, wp: int, weight: Callable[[mpf, mpf], mpf], kinks_of=(), split_at=()) -> tuple[mpf, mpf]:
    """∫ p(x) w(x) dx as ∫ exp(log p(x(t)) + log x'(t)) · weight(t, log p(x(t))) dt.

    The weight may have kinks too: those declared by the distributions in
    ``kinks_of`` (Q's location in log q) and the x values ``split_at`` are split exactly.
    """
    lo, hi = p.support_bounds()
    _, jac = _line_map(lo, hi)
    logjac = sp.lambdify(_T, jac, modules="mpmath")
    with mp.workdps(wp):
        lp = _t_density(p, lo, hi)

        def g(t):
            return lp(t) + logjac(t)

        mode, width = _mode_and_width(g, _start(p, lo, hi))

        def integrand(t):
            a = lp(t)
            if a == mpf("-inf"):
                return mpf(0)
            return mpmath.exp(a + logjac(t)) * weight(t, a)

        # drop by wp digits plus a margin for the growth of the weight
        cut = wp * mpmath.log(10) + 60
        points = _split_points(g, mode, width, cut=cut)
        # a multimodal density (a mixture) names its modes: split around each of them too
        for at in getattr(p, "split_points", lambda: ())():
            m, w = _mode_and_width(g, _start(p, lo, hi, at))
            points += _split_points(g, m, w, cut=wp * mpmath.log(10) + 60)
        # a density with kinks (Laplace at its location): split exactly there
        kinks = _kink_points(p, lo, hi)
        for d in kinks_of:
            kinks += _kink_points(d, lo, hi)
            # log q changes on Q's own scale around Q's mode (a narrow or far Cauchy Q):
            # split there too, out to where q has dropped by e^(-60)
            if isinstance(d, Distribution) and not d.record.discrete and _center(d) is not None:
                ld = _t_density(d, lo, hi)

                def gd(t, ld=ld):
                    return ld(t) + logjac(t)

                m, w = _mode_and_width(gd, _start(d, lo, hi))
                points += _split_points(gd, m, w, cut=mpf(60))
        for t_k in _points_in_t(list(split_at), lo, hi):
            # the weight's own scale there (log((x - c)^2 + s^2) changes over s around c)
            with mp.workdps(20):
                curv = abs(mpmath.diff(lambda u: weight(u, lp(u)), t_k, 2))
            w = 1 / mpmath.sqrt(curv) if curv > 0 else _kink_width(g, t_k)
            points += _split_points(g, t_k, min(w, _kink_width(g, t_k)), cut=wp * mpmath.log(10) + 60)
        for t_k in kinks:
            points += _split_points(g, t_k, _kink_width(g, t_k), cut=wp * mpmath.log(10) + 60)
        # mass piled against a finite end (a von Mises direction near ±pi): the density
        # in t has a second mode there, which the scan from the main mode may not reach
        peak = lp(mode)
        for end, t_far in ((lo, mpf(-60)), (hi, mpf(60))):
            if end.is_finite and lp(t_far) > peak - cut and not any(abs(t - t_far) < 1 for t in points):
                m, w = _mode_and_width(g, t_far)
                points += _split_points(g, m, w, cut=cut)
        points = sorted(set(points))
        value, err = mpmath.quad(integrand, points, error=True, maxdegree=10, method="gauss-legendre")
    return value, err


def _continuous(p, q, wp: int) -> tuple[mpf, mpf]:
    lo, hi = p.support_bounds()
    with mp.workdps(wp):
        lq = _t_density(q, lo, hi)
    return _integrate(p, wp, lambda t, a: a - lq(t), kinks_of=(q,))


def expectation(d: Distribution, f: sp.Expr | None = None, dps: int = 30, kinks: tuple = ()) -> NumericResult:
    """E[f(X)] under ``d`` by the oracle's quadrature/summation (f a SymPy
    expression in :data:`klsym.family.X`; ``None`` means 1, the total mass).
    ``kinks`` lists x values where f is not smooth (c in |x − c|) or changes
    on a scale of its own (c in log((x − c)² + s²)): the quadrature is split
    there, in panels growing from that scale.

    >>> from klsym import dist
    >>> mpmath.nstr(expectation(dist("gamma", alpha=3, beta=2), X).value, 20)
    '1.5'
    """
    f = sp.Integer(1) if f is None else sp.sympify(f)
    guard = 15
    wp = dps + guard
    if d.record.discrete:
        fx = sp.lambdify(X, f, modules="mpmath")
        value, err, _ = _discrete(d, d, wp, weight=lambda k, a, b: fx(k))
    else:
        lo, hi = d.support_bounds()
        x_t, _ = _line_map(lo, hi)
        ft = sp.lambdify(_T, f.subs(X, x_t), modules="mpmath")
        value, err = _integrate(d, wp, lambda t, a: ft(t), split_at=tuple(kinks))
    with mp.workdps(dps):
        return NumericResult(+value, +err, dps, "expectation")


def numeric_cross_entropy(p: Distribution, q: Distribution | None = None, dps: int = 30) -> NumericResult:
    """−E_P[log q(X)] (with ``q=None``: the entropy −E_P[log p(X)]) by the oracle's
    quadrature or summation of the log-densities, to about ``dps`` digits.

    >>> from klsym import dist
    >>> mpmath.nstr(numeric_cross_entropy(dist("exponential", lam=1)).value, 20)
    '1.0'
    """
    q = p if q is None else q
    if isinstance(p, Distribution) and p.record.multivariate:
        from .numeric_multivariate import numeric_cross_entropy_multivariate

        return numeric_cross_entropy_multivariate(p, q, dps)
    wp = dps + 15
    if p.record.discrete:
        value, err, reason = _discrete(p, q, wp, weight=lambda k, a, b: -b)
        if reason:
            return NumericResult(mpf("inf"), mpf(0), dps, "sum", reason)
    else:
        lo, hi = p.support_bounds()
        with mp.workdps(wp):
            lq = _t_density(q, lo, hi)
        value, err = _integrate(p, wp, lambda t, a: -lq(t), kinks_of=(q,))
    with mp.workdps(dps):
        return NumericResult(+value, +err, dps, "cross-entropy")


# ----------------------------------------------------------------- discrete
#: terms summed one by one past P's centre, in each direction, before the rest of
#: the range is taken by the Euler-Maclaurin formula (analytic log-densities only)
DIRECT = 3000


def _is_analytic(d) -> bool:
    """True when d's log-density is one analytic expression in x (summable by Euler-Maclaurin)."""
    return (
        isinstance(d, Distribution)
        and d.is_interior()
        and not any(p.vector for p in d.record.params)
    )


def euler_maclaurin_sum(f: Callable[[mpf], mpf], bounds: tuple, tol: mpf) -> tuple[mpf, mpf]:
    """Σ_{k=a}^{b} f(k) (b may be +oo) for a smooth, slowly varying f, with an error estimate.

    Euler-Maclaurin (``mpmath.sumem``: derivatives at the ends by numerical
    differentiation) around the integral ∫_a^b f, computed here: towards +oo in
    u with x = a·e^u, so that an algebraic tail x^(−s) becomes the exponential
    a^(1−s) e^(−(s−1)u); over a finite range the :data:`DIRECT` terms at each
    end are added one by one and the integral is split at distances 2^j from the ends.
    ``tol`` is the absolute tolerance; the error estimate is returned with the value.
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
        integral, ierr = mpmath.quad(g, points, error=True)
    else:
        # the DIRECT terms at each end one by one (a summand like 1/k is not smooth
        # enough at k = 1 for the formula); the middle by the formula
        if b - a < 4 * DIRECT:
            return mpmath.fsum(f(mpf(k)) for k in range(a, b + 1)), tol
        ends = mpmath.fsum(f(mpf(k)) for k in [*range(a, a + DIRECT), *range(b - DIRECT + 1, b + 1)])
        a, b = a + DIRECT, b - DIRECT
        near = [mpf(e) for j in range(64) for e in (b - 2**j, a + 2**j) if a < e < b]
        points = sorted({mpf(a), mpf(b), *near})
        integral, ierr = mpmath.quad(f, points, error=True)
        value, em_err = mpmath.sumem(f, [mpf(a), mpf(b)], tol=tol, integral=integral, error=True)
        return ends + value, abs(ierr) + abs(em_err) + tol
    value, em_err = mpmath.sumem(f, [a_, mpmath.inf], tol=tol, integral=integral, error=True)
    return value, abs(ierr) + abs(em_err) + tol


def _kl_weight(k, a, b):
    return a - b


def _discrete(p, q, wp: int, max_terms: int = 400_000, weight=_kl_weight):
    """Σ_k p(k)·weight(k, log p(k), log q(k)) summed outward from P's mean."""
    lo, hi = p.support_bounds()
    with mp.workdps(wp):
        lp, lq = _log_density(p), _log_density(q)
        mean = _center(p)
        center = sp.floor(mean) if mean is not None else lo
        center = int(min(max(center, lo), hi)) if hi.is_finite else int(max(center, lo))
        # a multimodal P (a mixture) names its modes: sum at least out to every one of them
        modes = [int(sp.floor(m)) for m in getattr(p, "split_points", lambda: ())()]
        reach = {1: max(modes + [center]), -1: min(modes + [center])}
        total, err = mpf(0), mpf(0)
        tol = mpf(10) ** (-wp)
        infinite_at = None
        count = 0
        analytic = _is_analytic(p) and _is_analytic(q)
        for direction in (1, -1):
            k = center if direction == 1 else center - 1
            prev, small, steps = None, 0, 0
            while (k <= hi if direction == 1 else k >= lo):
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
                    size = pk * (1 + abs(w))
                else:
                    pk, size = mpf(0), mpf(0)
                past = k > reach[1] if direction == 1 else k < reach[-1]
                steps += 1 if past else 0
                if past and analytic and steps > DIRECT and a != mpf("-inf"):
                    # a slowly decaying summand (algebraic, or geometric with ratio near 1):
                    # the rest of the range by Euler-Maclaurin on the analytic summand
                    total -= pk * w  # the tail sum starts at this k
                    rest, rest_err = euler_maclaurin_sum(
                        lambda v: mpmath.exp(lp(v)) * weight(v, lp(v), lq(v)),
                        (k, hi) if direction == 1 else (lo, k),
                        tol * (abs(total) + tol),
                    )
                    total += rest
                    err += rest_err
                    break
                if past and size <= tol * (abs(total) + tol) and (prev is None or pk <= prev):
                    small += 1
                    if small >= 3:
                        ratio = pk / prev if prev else mpf(0)
                        if ratio < 1:
                            err += size * ratio / (1 - ratio)
                            break
                else:
                    small = 0
                prev = pk
                k += direction
                if count > max_terms:
                    raise ArithmeticError(
                        f"numeric_kl({p}, {q}): sum not converged after {max_terms} terms"
                    )
            if infinite_at is not None:
                break
        if infinite_at is not None:
            return mpf("inf"), mpf(0), f"P gives x = {infinite_at} positive probability, Q gives it 0"
        # rounding in the summation: about count terms at precision wp
        err += count * tol * (abs(total) + tol)
    return total, err, None


def numeric_kl(p, q, dps: int = 30) -> NumericResult:
    """KL(P‖Q) by quadrature or summation of the log-densities, to about ``dps`` digits.

    ``p`` and ``q`` are klsym distributions, or any objects with the oracle's
    density protocol: ``discrete`` (bool), ``support_bounds()`` → (lower,
    upper) as SymPy numbers, ``center()`` → a typical point or None, and
    ``log_density_mp()`` → a function x ↦ log f(x) in mpmath at the current
    precision (returning ``-inf`` where f = 0).

    Returns a :class:`NumericResult` with ``.value`` (mpmath number),
    ``.error`` (absolute error estimate) and ``.digits``.

    >>> from klsym import dist
    >>> r = numeric_kl(dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=2), dps=30)
    >>> mpmath.nstr(r.value, 25)
    '0.4431471805599453094172321'
    >>> r.digits > 30
    True
    """
    from .divergence import _check_pair

    if isinstance(p, Distribution) and p.record.multivariate:
        from .numeric_multivariate import numeric_kl_multivariate

        _check_pair(p, q)
        return numeric_kl_multivariate(p, q, dps)
    for d, side in ((p, "P"), (q, "Q")):
        if isinstance(d, Distribution) and any(
            sp.sympify(v).free_symbols for v in d.substitution().values()
        ):
            raise ValueError(f"numeric_kl needs numeric parameters; {side} = {d} has symbols")
    if isinstance(p, Distribution) and isinstance(q, Distribution):
        _check_pair(p, q)
    elif _is_discrete(p) != _is_discrete(q):
        raise ValueError("numeric_kl: P and Q must both be discrete or both continuous")
    if not bounds_inside(p.support_bounds(), q.support_bounds()):
        return NumericResult(mpf("inf"), mpf(0), dps, "support", "the support of P is not inside the support of Q")
    guard = 15
    method = "sum" if _is_discrete(p) else "quadrature"
    for _ in range(3):
        wp = dps + guard
        if _is_discrete(p):
            value, err, reason = _discrete(p, q, wp)
            if reason:
                return NumericResult(value, err, dps, method, reason)
        else:
            value, err = _continuous(p, q, wp)
        # cancellation: a tiny KL is the difference of much larger terms; redo with more digits
        lost = 0 if value == 0 else int(max(0, -mpmath.log10(abs(value))))
        if lost <= guard - 10:
            break
        guard = lost + 15
    with mp.workdps(dps):
        return NumericResult(+value, +err, dps, method)
