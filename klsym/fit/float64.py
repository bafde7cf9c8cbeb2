"""Float64 evaluation for the fits' searches: log-densities, KL(Q_θ‖P) by a fast
quadrature, and Nelder–Mead. The results of a search are polished by the
oracle at high precision (:mod:`klsym.fit.reverse_fit`); nothing here is a
reported value.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import sympy as sp

from ..records.distribution import Distribution
from ..records.record import X, Family
from ..records.mixture import Mixture
from .projection import family_support

__all__ = ["float_log_density", "mixture_log_density", "FloatFamily", "nelder_mead", "local_search"]


def float_log_density(d: Distribution) -> Callable[[float], float]:
    """x ↦ log f(x) in float64 (``-inf`` outside the support)."""
    lo, hi = (float(b) for b in d.support_bounds())
    if any(p.vector for p in d.record.params):
        probs = [float(v) for v in next(iter(d.params.values()))]
        return lambda x: math.log(probs[int(x) - 1]) if 1 <= x <= len(probs) and probs[int(x) - 1] > 0 else -math.inf
    expr = d.record.logpdf.subs(d.substitution())
    f = sp.lambdify(X, expr, modules="math")

    def logf(x: float) -> float:
        if x < lo or x > hi:
            return -math.inf
        try:
            return float(f(x))
        except (ValueError, ZeroDivisionError, OverflowError):
            v = d.logpdf(sp.Integer(int(x)) if d.record.discrete else sp.Float(x))
            return -math.inf if v == -sp.oo else float(v)

    return logf


def mixture_log_density(m: Mixture) -> Callable[[float], float]:
    """x ↦ log Σ wᵢ pᵢ(x) in float64 (for plots and fast searches), by log-sum-exp."""
    parts = [(math.log(float(w)), float_log_density(c)) for w, c in m.components_weighted()]

    def logp(x: float) -> float:
        values = [lw + f(x) for lw, f in parts]
        top = max(values)
        if top == -math.inf:
            return top
        return top + math.log(sum(math.exp(v - top) for v in values))

    return logp


class FloatFamily:
    """Fast float64 evaluation of log q and KL(Q_θ‖P) for θ in a family (for the search)."""

    def __init__(self, fam: Family, fixed: dict, target: Mixture, points: int = 6):
        self.fam, self.fixed = fam, fixed
        self.free = list(fam.free_params)
        self.vector = any(p.vector for p in self.free)
        #: the length K of a vector parameter (categorical), from ``fixed["K"]``
        self.size = fixed.get("K")
        if any(p.is_matrix for p in self.free):
            raise NotImplementedError(f"{fam.name}: the float64 search covers numbers and probability vectors only")
        self.lo, self.hi = (float(b) for b in family_support(fam, fixed))
        self.logp = mixture_log_density(target)
        self.per_width = points
        if not self.vector:
            syms = [p.symbol() for p in self.free]
            subs = {fam.param(k).symbol(): v for k, v in fixed.items()}
            self.logq = sp.lambdify([X] + syms, fam.logpdf.subs(subs), modules="math")
            self.mean = sp.lambdify(syms, fam.mean.subs(subs), modules="math") if fam.mean is not None else None

    # θ ↔ unconstrained u, by each parameter's kind (θ flat: numbers, then vector entries)
    def theta(self, u: Sequence[float]) -> list[float]:
        out, i = [], 0
        for p in self.free:
            n = p.kind.free_size(self.size)
            out += p.kind.from_unconstrained(p, u[i:i + n], self.size)
            i += n
        return out

    def u(self, theta: Sequence[float]) -> list[float]:
        out, i = [], 0
        for p in self.free:
            n = p.kind.float_size(self.size)
            out += p.kind.to_unconstrained(p, theta[i:i + n], self.size)
            i += n
        return out

    def kl(self, u: Sequence[float]) -> float:
        th = self.theta(u)
        try:
            if self.fam.discrete:
                return self._kl_discrete(th)
            return self._kl_continuous(th)
        except (ValueError, OverflowError, ZeroDivisionError):
            return math.inf

    def _lq(self, th):
        if self.vector:
            return lambda k: math.log(th[int(k) - 1]) if th[int(k) - 1] > 0 else -math.inf
        return lambda x: self.logq(x, *th)

    def _kl_discrete(self, th) -> float:
        lq, lp = self._lq(th), self.logp
        lo = int(self.lo)
        hi = int(self.hi) if math.isfinite(self.hi) else None
        start = lo if self.vector or self.mean is None else max(lo, int(self.mean(*th)))
        if hi is not None:
            start = min(start, hi)
        total, peak = 0.0, -math.inf
        for direction in (1, -1):
            k = start if direction == 1 else start - 1
            while (hi is None or k <= hi) and k >= lo:
                a = lq(k)
                peak = max(peak, a)
                if a > -math.inf:
                    b = lp(k)
                    if b == -math.inf:
                        return math.inf
                    total += math.exp(a) * (a - b)
                if a < peak - 80 and k != start:
                    break
                k += direction
        return total

    def _kl_continuous(self, th) -> float:
        lq, lp, lo, hi = self._lq(th), self.logp, self.lo, self.hi
        if math.isinf(lo) and math.isinf(hi):
            x_of, jac, t_of = (lambda t: t), (lambda t: 0.0), (lambda x: x)
        elif math.isinf(hi):
            x_of, jac, t_of = (lambda t: lo + math.exp(t)), (lambda t: t), (lambda x: math.log(x - lo))
        else:
            w = hi - lo
            x_of = lambda t: lo + w / (1 + math.exp(-t))  # noqa: E731
            jac = lambda t: math.log(w) - math.log1p(math.exp(-t)) - math.log1p(math.exp(t))  # noqa: E731
            t_of = lambda x: math.log((x - lo) / (hi - x))  # noqa: E731

        def g(t):
            try:
                return lq(x_of(t)) + jac(t)
            except (ValueError, OverflowError):
                return -math.inf

        t = 0.0
        if self.mean is not None:
            try:
                t = t_of(self.mean(*th))
            except (ValueError, ZeroDivisionError, OverflowError):
                t = 0.0
        # mode and width of the log-density in t by safeguarded Newton (central differences)
        for _ in range(100):
            h = 1e-4 * (1 + abs(t))
            g0, gp, gm = g(t), g(t + h), g(t - h)
            d1, d2 = (gp - gm) / (2 * h), (gp - 2 * g0 + gm) / h**2
            delta = -d1 / d2 if d2 < 0 else math.copysign(1.0, d1)
            delta = max(min(delta, 5.0), -5.0)
            while g(t + delta) < g0 - 1e-12 and abs(delta) > 1e-12:
                delta /= 2
            t += delta
            if abs(delta) < 1e-9 * (1 + abs(t)):
                break
        h = 1e-3 * (1 + abs(t))
        g0 = g(t)
        d2 = (g(t + h) - 2 * g0 + g(t - h)) / h**2
        width = 1 / math.sqrt(-d2) if d2 < 0 else 1.0
        step = width / self.per_width

        def term(tj):
            a = g(tj)
            if a == -math.inf:
                return 0.0, 0.0
            x = x_of(tj)
            b = lp(x)
            if b == -math.inf:
                raise ZeroDivisionError  # Q has mass where P has none
            e = math.exp(a)
            return e * (lq(x) - b), e

        # trapezoid rule in t on the range where Q's integrand exceeds e^−45 of its peak ...
        total, mass, ends = 0.0, 0.0, []
        for direction in (1, -1):
            j = 0 if direction == 1 else -1
            while g(t + j * step) >= g0 - 45 and abs(j) <= 200 * self.per_width:
                a, b = term(t + j * step)
                total, mass = total + a, mass + b
                j += direction
            ends.append(j)
        # ... halving the step until it agrees with itself (log p may vary faster than Q)
        lo_j, hi_j, value = ends[1], ends[0], total / mass
        for _ in range(4):
            for j in range(hi_j - lo_j):
                a, b = term(t + (lo_j + j + 0.5) * step)
                total, mass = total + a, mass + b
            step, lo_j, hi_j = step / 2, 2 * lo_j, 2 * hi_j
            previous, value = value, total / mass
            if abs(value - previous) <= 1e-11 * (1 + abs(value)):
                break
        return value


def nelder_mead(f: Callable, x0: list[float], scale: float = 0.3, tol: float = 1e-13, max_iter: int = 3000):
    n = len(x0)
    simplex = [list(x0)] + [[x0[i] + (scale if i == j else 0.0) for i in range(n)] for j in range(n)]
    values = [f(x) for x in simplex]
    for _ in range(max_iter):
        order = sorted(range(n + 1), key=lambda i: values[i])
        simplex, values = [simplex[i] for i in order], [values[i] for i in order]
        size = max(max(abs(a - b) for a, b in zip(s, simplex[0])) for s in simplex[1:])
        if abs(values[-1] - values[0]) <= tol * (1 + abs(values[0])) and size < 1e-7:
            break
        centroid = [sum(s[i] for s in simplex[:-1]) / n for i in range(n)]
        worst = simplex[-1]
        refl = [c + (c - w) for c, w in zip(centroid, worst)]
        fr = f(refl)
        if fr < values[0]:
            exp_ = [c + 2 * (c - w) for c, w in zip(centroid, worst)]
            fe = f(exp_)
            simplex[-1], values[-1] = (exp_, fe) if fe < fr else (refl, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = refl, fr
        else:
            con = [c + 0.5 * (w - c) for c, w in zip(centroid, worst)]
            fc = f(con)
            if fc < values[-1]:
                simplex[-1], values[-1] = con, fc
            else:
                best = simplex[0]
                simplex = [best] + [[b + 0.5 * (s_ - b) for b, s_ in zip(best, s)] for s in simplex[1:]]
                values = [values[0]] + [f(s) for s in simplex[1:]]
    i = min(range(n + 1), key=lambda k: values[k])
    return simplex[i], values[i]


def local_search(ff: FloatFamily, u0: list[float]) -> tuple[list[float], float]:
    """Nelder–Mead, restarted until no coordinate step of 1e-3 improves (escapes saddles)."""
    u, fu = nelder_mead(ff.kl, u0)
    for _ in range(5):
        better = None
        for i in range(len(u)):
            for s in (1e-3, -1e-3):
                v = list(u)
                v[i] += s
                fv = ff.kl(v)
                if fv < fu - 1e-13 * (1 + abs(fu)) and (better is None or fv < better[1]):
                    better = (v, fv)
        if better is None:
            break
        u, fu = nelder_mead(ff.kl, better[0], scale=0.05)
    return u, fu
