"""The reverse projection: the member Q of a family minimising KL(Q‖P).

KL(Q‖P) is not convex in Q's parameters: Q may lock onto one mode of P. The
minimum is searched by Nelder–Mead on a fast float64 quadrature of KL(Q‖P)
from several starts (the moment matches to each component and to the whole
target); every distinct local minimum is kept and polished by Newton's method
on ∂KL/∂θ = E_Q[∂_θ log q · (log q − log p)] = 0, computed by the oracle at
high precision.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.distribution import Distribution, dist
from ..records.record import X, Family, bounds_inside
from ..records.mixture import Mixture, as_mixture
from ..oracle import numeric_kl
from .moment_matching import forward_projection, in_domain
from .projection import Projection, family_support
from .float64 import FloatFamily, float_log_density, local_search

__all__ = ["reverse_projection"]


# ------------------------------------------------------------------ reverse polish
class _Tilted:
    """Density-protocol object with log density log q − (s + 1)(log q − log p):
    the oracle's KL(Q‖this) is then E_Q[(s + 1)(log q − log p)]."""

    def __init__(self, q: Distribution, target: Mixture, score: sp.Expr):
        self.q, self.target, self.score = q, target, score
        self.discrete = q.record.discrete

    def support_bounds(self):
        return self.q.support_bounds()

    def center(self):
        return None

    def log_density_mp(self):
        from ..oracle.density import log_density

        lq, lp = log_density(self.q), log_density(self.target)
        s = sp.lambdify(X, self.score, modules="mpmath")

        def f(x):
            a = lq(x)
            return a - (s(x) + 1) * (a - lp(x))

        return f


def _gradient(q: Distribution, target: Mixture, names: list[str], dps: int) -> tuple[list[mpf], mpf]:
    """∂KL(Q‖P)/∂θ_j = E_Q[∂_j log q · (log q − log p)] by the oracle, and KL(Q‖P)."""
    base = numeric_kl(q, target, dps=dps).value
    logq = q.record.logpdf
    out = []
    for n in names:
        sym = q.record.param(n).symbol()
        score = sp.diff(logq, sym).subs(q.substitution())
        out.append(numeric_kl(q, _Tilted(q, target, score), dps=dps).value - base)
    return out, base


def _polish(q: Distribution, target: Mixture, fixed: dict, dps: int, steps: int = 6) -> Distribution:
    """Newton's method on the gradient (Jacobian by forward differences), at ``dps`` digits."""
    fam = q.record
    names = [p.name for p in fam.free_params]
    wp = dps + 10
    with mp.workdps(wp):
        theta = [mpf(sp.N(q.params[n], wp)) for n in names]
        h = mpf(10) ** (-(dps // 2))

        def member(th):
            return dist(fam.name, **{n: sp.Float(mpmath.nstr(v, wp), wp) for n, v in zip(names, th)}, **fixed)

        for _ in range(steps):
            g, _ = _gradient(member(theta), target, names, wp)
            J = mpmath.matrix(len(names), len(names))
            for j in range(len(names)):
                th = list(theta)
                th[j] += h * (1 + abs(th[j]))
                gj, _ = _gradient(member(th), target, names, wp)
                for i in range(len(names)):
                    J[i, j] = (gj[i] - g[i]) / (h * (1 + abs(theta[j])))
            step = mpmath.lu_solve(J, -mpmath.matrix(g))
            new = [a + b for a, b in zip(theta, step)]
            if not all(in_domain(fam.param(n), v) for n, v in zip(names, new)):
                break
            theta = new
            if max(abs(s) / (1 + abs(t)) for s, t in zip(step, theta)) < mpf(10) ** (-dps - 2):
                break
        return member(theta)


def reverse_projection(target: Mixture, fam: Family, fixed: dict, dps: int, starts, polish: bool, points: int) -> Projection:
    if target.discrete != fam.discrete:
        raise ValueError(f"the target is {'discrete' if target.discrete else 'continuous'}, {fam.name} is not")
    if not bounds_inside(family_support(fam, fixed), target.support_bounds()):
        raise ValueError(
            f"the support of {fam.name} is not inside the target's support {target.support_bounds()}: "
            "KL(Q‖P) = +oo for every Q in the family"
        )
    ff = FloatFamily(fam, fixed, target, points)
    names = [p.name for p in fam.free_params]
    candidates: list[list[float]] = []
    pieces = [as_mixture(c) for c in target.components] + [target]
    for piece in pieces:
        try:
            fwd = forward_projection(piece, fam, fixed, 15, divergence=False)
        except (ValueError, ArithmeticError, NotImplementedError, ZeroDivisionError, TypeError):
            continue
        candidates.append(_theta_floats(fwd.q, names))
    candidates.append([float(fam.example[n]) for n in names] if not ff.vector else [1.0 / fixed["K"]] * fixed["K"])
    for s in starts or ():
        candidates.append([float(s[n]) for n in names] if isinstance(s, dict) else list(map(float, s)))
    found: list[tuple[float, list[float]]] = []
    for theta0 in candidates:
        try:
            u0 = ff.u(theta0)
        except (ValueError, ZeroDivisionError):
            continue
        if not math.isfinite(ff.kl(u0)):
            continue
        u, fu = local_search(ff, u0)
        th = ff.theta(u)
        if not math.isfinite(fu):
            continue
        if any(max(abs(a - b) / (1 + abs(b)) for a, b in zip(th, t2)) < 1e-4 for _, t2 in found):
            continue
        found.append((fu, th))
    if not found:
        raise ArithmeticError(f"reverse projection onto {fam.name}: no start gave a finite KL(Q‖P)")
    found.sort(key=lambda r: r[0])
    results = []
    for fu, th in found:
        if ff.vector:
            q = dist(fam.name, **{names[0]: [float(v) for v in th]})  # floats: rescaled to sum 1 exactly
        else:
            q = dist(fam.name, **{n: sp.Float(v, 17) for n, v in zip(names, th)}, **fixed)
        method = "Nelder-Mead on float64 quadrature"
        if polish and not ff.vector:
            q = _polish(q, target, fixed, dps)
            method += ", polished by Newton at high precision"
        r = numeric_kl(q, target, dps=dps)
        results.append(Projection(q, r.value, r.error, "reverse", method))
    results.sort(key=lambda r: r.divergence)
    best = results[0]
    return Projection(best.q, best.divergence, best.error, "reverse", best.method, minima=tuple(results))


def _theta_floats(q: Distribution, names: list[str]) -> list[float]:
    if any(p.vector for p in q.record.params):
        return [float(v) for v in q.params[names[0]]]
    return [float(q.params[n]) for n in names]

