"""The forward projection: the member Q of an exponential family minimising KL(P‖Q).

For log q = η·T − A(η) + log h, KL(P‖Q) = const − η·E_P[T] + A(η) is convex in η
and its minimiser solves ∇A(η) = E_P[T]: **moment matching**, E_Q*[T] = E_P[T].
E_Q[T] is the engine's ``mean_T`` (∇A at η(θ)); E_P[T] is Σ wᵢ E_{Pᵢ}[T] over
the mixture components, exact where a component's own record gives it, else by
the oracle's quadrature. The condition is solved by SymPy when it can, else by
damped Newton in η at high precision.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records import registry
from ..derive import derive_kl
from ..records.distribution import Distribution, dist
from ..records.record import X, Family, Param, bounds_inside
from ..records.values import substitute
from ..records.mixture import Mixture
from ..oracle import expectation, numeric_kl
from .projection import Projection, family_support

__all__ = ["forward_projection", "in_domain"]


# ------------------------------------------------------------------ E_P[T]
@lru_cache(maxsize=256)
def _exact_table(c: Distribution) -> dict:
    """g(x) ↦ E_c[g(X)] known exactly from c's record (its T, mean and variance)."""
    rec, s = c.record, c.substitution()
    table: dict = {}
    if rec.mean is not None:
        table[X] = substitute(rec.mean, s)
        if rec.variance is not None:
            table[X**2] = substitute(rec.variance, s) + table[X] ** 2
    if rec.ef is not None and rec.ef.index is None:
        d = derive_kl(rec.name)
        sp_ = c.substitution("p")
        for t, m in zip(rec.ef.T, d.mean_T_p):
            t = sp.expand(substitute(t, s))
            const, rest = t.as_independent(X, as_Add=True)
            coeff, g = rest.as_independent(X, as_Add=False)
            table.setdefault(g, (substitute(m, sp_) - const) / coeff)
    return table


def _component_mean(c: Distribution, f: sp.Expr, dps: int, table: dict | None = None) -> sp.Expr | mpf:
    """E_c[f(X)]: exact where c's record gives every term (``table``: :func:`_exact_table`
    of ``c``), else the oracle's value."""
    table = _exact_table(c) if table is None else table
    total = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(f)):
        coeff, g = term.as_independent(X, as_Add=False)
        if g == 1:
            total += coeff
        elif isinstance(g, sp.KroneckerDelta):
            k = g.args[1] if g.args[0] == X else g.args[0]
            lp = c.logpdf(k)
            total += 0 if lp == -sp.oo else coeff * sp.exp(lp)
        elif g in table:
            total += coeff * table[g]
        else:
            return expectation(c, f, dps=dps).value
    return total


def _target_moments(target: Mixture, Ts: Sequence[sp.Expr], dps: int) -> list:
    """E_P[T_j] = Σ wᵢ E_{Pᵢ}[T_j]: a SymPy number when every term is exact, else an mpf."""
    out = []
    weighted = [(w, c, _exact_table(c)) for w, c in target.components_weighted()]  # once per component
    for t in Ts:
        parts = [(w, _component_mean(c, t, dps + 10, table)) for w, c, table in weighted]
        if not any(isinstance(v, mpf) for _, v in parts):
            out.append(sp.Add(*[w * v for w, v in parts]))
        else:
            with mp.workdps(dps + 10):
                out.append(mpmath.fsum(mpf(sp.N(w, dps + 15)) * _as_mpf(v, dps + 15) for w, v in parts))
    return out


def _as_mpf(v, dps: int) -> mpf:
    return v if isinstance(v, mpf) else mpf(sp.N(v, dps))


# ------------------------------------------------------------------ forward
def in_domain(param: Param, v) -> bool:
    """v (a float or mpf) lies in the parameter's domain."""
    d = param.domain
    lo, hi = d.inf, d.sup
    if lo.is_finite and not (v > float(lo) if d.left_open else v >= float(lo)):
        return False
    if hi.is_finite and not (v < float(hi) if d.right_open else v <= float(hi)):
        return False
    return True


@lru_cache(maxsize=None)
def _theta_of_eta(name: str) -> dict:
    """θ as functions of η (the record's η(θ) inverted by SymPy)."""
    fam = registry.get(name)
    free = [p.symbol() for p in fam.free_params]
    e = [sp.Dummy(f"e{j}") for j in range(len(fam.ef.eta))]
    sols = sp.solve([sp.Eq(a, b) for a, b in zip(e, fam.ef.eta)], free, dict=True)
    if not sols:
        raise NotImplementedError(f"{name}: cannot invert eta(theta)")
    return {"eta": tuple(e), "theta": {str(k): v for k, v in sols[0].items()}}


def _solve_closed(fam: Family, mean_T: list, moments: list, unknowns: list) -> dict | None:
    if any(m.has(sp.polygamma, sp.loggamma, sp.gamma) for m in mean_T):
        return None
    try:
        sols = sp.solve([a - b for a, b in zip(mean_T, moments)], unknowns, dict=True)
    except (NotImplementedError, ValueError):
        return None
    for sol in sols:
        if len(sol) == len(unknowns) and all(v.is_number and v.is_real for v in sol.values()):
            params = {u.name.rsplit("_", 1)[0]: sp.nsimplify(v) if v.is_Float else sp.simplify(v) for u, v in sol.items()}
            if all(in_domain(fam.param(k), float(v)) for k, v in params.items()):
                return params
    return None


def _solve_newton(fam: Family, fixed: dict, moments: list, dps: int) -> dict:
    """Minimise A(η) − η·m (convex) by damped Newton in η; θ from the inverted η(θ)."""
    ef = fam.ef
    subs = {fam.param(k).symbol(): v for k, v in fixed.items() if k != "K"}
    A = ef.A.subs(subs)
    etas = list(ef.eta_symbols)
    inv = _theta_of_eta(fam.name)
    e_dummies = inv["eta"]
    names = [p.name for p in fam.free_params]
    theta = [inv["theta"][n].subs(dict(zip(e_dummies, etas))) for n in names]
    fA = sp.lambdify(etas, A, modules="mpmath")
    fg = sp.lambdify(etas, [sp.diff(A, e) for e in etas], modules="mpmath")
    fh = sp.lambdify(etas, [[sp.diff(A, a, b) for b in etas] for a in etas], modules="mpmath")
    fth = sp.lambdify(etas, theta, modules="mpmath")
    wp = dps + 15
    with mp.workdps(wp):
        m = mpmath.matrix([_as_mpf(v, wp) for v in moments])
        eta = mpmath.matrix([mpf(sp.N(e.subs({fam.param(k).symbol(): v for k, v in fam.example.items()}).subs(subs), wp)) for e in ef.eta])

        def valid(e) -> bool:
            try:
                th = fth(*e)
                a = fA(*e)
            except (ValueError, ZeroDivisionError):
                return False
            if not (mpmath.isfinite(a) and mpmath.im(a) == 0):
                return False
            return all(mpmath.im(v) == 0 and in_domain(fam.param(n), mpmath.re(v)) for n, v in zip(names, th))

        def F(e):
            return mpmath.re(fA(*e)) - sum(e[j] * m[j] for j in range(len(m)))

        for _ in range(500):
            g = mpmath.matrix(fg(*eta)) - m
            H = mpmath.matrix(fh(*eta))
            step = -mpmath.lu_solve(H, g)
            t, f0 = mpf(1), F(eta)
            slope = sum(g[j] * step[j] for j in range(len(m)))
            while True:
                trial = eta + t * step
                if valid(trial) and F(trial) <= f0 + mpf("1e-4") * t * slope + mpf(10) ** (-wp + 5) * (1 + abs(f0)):
                    break
                t /= 2
                if t < mpf(10) ** -30:
                    raise ArithmeticError(f"forward projection onto {fam.name}: line search failed")
            eta = trial
            if t == 1 and mpmath.mnorm(step, 1) < mpf(10) ** (-dps - 8) * (1 + mpmath.mnorm(eta, 1)):
                break
        else:
            raise ArithmeticError(f"forward projection onto {fam.name}: Newton did not converge")
        th = fth(*eta)
        return {n: sp.Float(mpmath.nstr(mpmath.re(v), wp), wp) for n, v in zip(names, th)}


def forward_projection(target: Mixture, fam: Family, fixed: dict, dps: int, divergence: bool = True) -> Projection:
    ef = fam.ef
    if ef is None:
        raise NotImplementedError(f"{fam.name} has no exponential-family record; forward projection needs one")
    if not bounds_inside(target.support_bounds(), family_support(fam, fixed)):
        raise ValueError(
            f"the target's support {target.support_bounds()} is not inside the support of {fam.name}: "
            "KL(P‖Q) = +oo for every Q in the family"
        )
    if target.discrete != fam.discrete:
        raise ValueError(f"the target is {'discrete' if target.discrete else 'continuous'}, {fam.name} is not")
    vector = [p for p in fam.params if p.vector]
    if vector:
        Ts = [sp.KroneckerDelta(X, i) for i in range(1, fixed["K"] + 1)]
        moments = _target_moments(target, Ts, dps)
        q = dist(fam.name, **{vector[0].name: moments})
        method = "moment matching (closed form)"
    else:
        subs = {fam.param(k).symbol(): v for k, v in fixed.items()}
        Ts = [t.subs(subs) for t in ef.T]
        moments = _target_moments(target, Ts, dps)
        d = derive_kl(fam.name)
        sym_p = d.symbols_p
        fsubs = {sym_p[k]: v for k, v in fixed.items()}
        mean_T = [m.subs(fsubs) for m in d.mean_T_p]
        unknowns = [sym_p[p.name] for p in fam.free_params]
        params = None
        if all(not isinstance(m, mpf) for m in moments):
            params = _solve_closed(fam, mean_T, moments, unknowns)
        method = "moment matching (closed form)"
        if params is None:
            params = _solve_newton(fam, fixed, moments, dps)
            method = "moment matching (Newton in eta)"
        q = dist(fam.name, **params, **fixed)
    if divergence:
        r = numeric_kl(target, q, dps=dps)
        value, err = r.value, r.error
    else:
        value, err = mpf("nan"), mpf("nan")
    return Projection(q, value, err, "forward", method, tuple(zip(Ts, moments)))

