"""Projections of a target onto a family: the best Q under the forward or the reverse KL.

For a target P (a klsym distribution or :func:`klsym.mixture`) and a family,

* the **forward** projection minimises KL(P‖Q) over Q in the family. For an
  exponential family log q = η·T − A(η) + log h, KL(P‖Q) = const − η·E_P[T] + A(η)
  is convex in η and its minimiser solves ∇A(η) = E_P[T]: **moment matching**,
  E_Q*[T] = E_P[T]. E_Q[T] is the engine's ``mean_T`` (∇A at η(θ)); E_P[T] is
  Σ wᵢ E_{Pᵢ}[T] over the mixture components, exact where a component's own
  record gives it, else by the oracle's quadrature. The condition is solved by
  SymPy when it can, else by damped Newton in η at high precision.
* the **reverse** projection minimises KL(Q‖P). It is not convex: Q may lock
  onto one mode. It is found by Nelder–Mead on a fast float64 quadrature of
  KL(Q‖P) from several starts (the moment matches to each component and to
  the whole target), every distinct local minimum is kept, and each is
  polished by Newton's method on ∂KL/∂θ = E_Q[∂_θ log q · (log q − log p)] = 0
  computed by the oracle at high precision.

>>> from klsym import dist, mixture
>>> target = mixture([0.5, 0.5], [dist("normal", mu=-2, sigma=1), dist("normal", mu=2, sigma=1)])
>>> project(target, "normal").q
normal(mu=0, sigma=sqrt(5))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Sequence

import mpmath
import sympy as sp
from mpmath import mp, mpf

from . import registry
from .derive import derive_kl, swap_sides, tidy
from .distribution import Distribution, dist, to_exact
from .family import X, Family, Param, bounds_inside
from .mixture import Mixture, as_mixture
from .numeric import expectation, numeric_kl

__all__ = ["Projection", "project", "asymmetry", "float_log_density"]


@dataclass(frozen=True, eq=False)
class Projection:
    """The member ``q`` of a family closest to a target, and the KL it achieves.

    ``divergence`` is KL(P‖q) for ``direction="forward"`` and KL(q‖P) for
    ``"reverse"`` (an mpmath number, ``error`` its absolute error estimate).
    ``moments`` lists (T_j, E_P[T_j]) for the forward fit. ``local_minima``
    holds every local optimum found, best first (the forward problem is convex:
    just this one).
    """

    q: Distribution
    divergence: mpf
    error: mpf
    direction: str
    method: str
    moments: tuple = ()
    minima: tuple = field(default=(), repr=False)

    @property
    def local_minima(self) -> tuple["Projection", ...]:
        return self.minima or (self,)

    def __repr__(self) -> str:
        return f"Projection({self.direction}: q={self.q}, divergence={mpmath.nstr(self.divergence, 12)}, {self.method})"


# ------------------------------------------------------------------ fixed parameters
def _fixed_values(fam: Family, target: Mixture, fixed: dict | None) -> dict[str, Any]:
    """Values of the family's fixed parameters (and the categorical length ``K``)."""
    given = dict(fixed or {})
    out: dict[str, Any] = {}
    lo, hi = target.support_bounds()
    for param in fam.fixed_params:
        if param.name in given:
            out[param.name] = to_exact(given.pop(param.name), param.name)
            continue
        seen = {c.params[param.name] for c in target.components if c.family == fam.name}
        if len(seen) == 1 and all(c.family == fam.name for c in target.components):
            out[param.name] = seen.pop()
        elif sp.sympify(fam.support.upper) == param.symbol() and hi.is_finite:
            out[param.name] = hi
        else:
            raise ValueError(
                f"{fam.name}: give the fixed parameter {param.name} (fixed={{'{param.name}': ...}}); "
                "it indexes the family and is not optimised"
            )
    if any(p.vector for p in fam.params):
        if "K" in given:
            out["K"] = int(given.pop("K"))
        elif hi.is_finite and lo >= 1:
            out["K"] = int(hi)
        else:
            raise ValueError(f"{fam.name}: the target's support {lo}..{hi} is not inside {{1, ..., K}}; give fixed={{'K': ...}}")
    if given:
        raise ValueError(f"{fam.name} has no fixed parameter {', '.join(map(repr, given))}")
    return out


def _family_support(fam: Family, fixed: dict) -> tuple[sp.Expr, sp.Expr]:
    subs = {fam.param(k).symbol(): v for k, v in fixed.items() if k != "K"}
    if "K" in fixed:
        subs[fam.length_symbol] = fixed["K"]
    return sp.sympify(fam.support.lower).subs(subs), sp.sympify(fam.support.upper).subs(subs)


# ------------------------------------------------------------------ E_P[T]
@lru_cache(maxsize=256)
def _exact_table(c: Distribution) -> dict:
    """g(x) ↦ E_c[g(X)] known exactly from c's record (its T, mean and variance)."""
    rec, s = c.record, c.substitution()
    table: dict = {}
    if rec.mean is not None:
        table[X] = rec.mean.subs(s)
        if rec.variance is not None:
            table[X**2] = rec.variance.subs(s) + table[X] ** 2
    if rec.ef is not None and rec.ef.index is None:
        d = derive_kl(rec.name)
        sp_ = c.substitution("p")
        for t, m in zip(rec.ef.T, d.mean_T_p):
            t = sp.expand(t.subs(s))
            const, rest = t.as_independent(X, as_Add=True)
            coeff, g = rest.as_independent(X, as_Add=False)
            table.setdefault(g, (m.subs(sp_) - const) / coeff)
    return table


def _component_mean(c: Distribution, f: sp.Expr, dps: int) -> sp.Expr | mpf:
    """E_c[f(X)]: exact where c's record gives every term, else the oracle's value."""
    table = _exact_table(c)
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
    for t in Ts:
        parts = [(w, _component_mean(c, t, dps + 10)) for w, c in target.components_weighted()]
        if not any(isinstance(v, mpf) for _, v in parts):
            out.append(sp.Add(*[w * v for w, v in parts]))
        else:
            with mp.workdps(dps + 10):
                out.append(mpmath.fsum(mpf(sp.N(w, dps + 15)) * _as_mpf(v, dps + 15) for w, v in parts))
    return out


def _as_mpf(v, dps: int) -> mpf:
    return v if isinstance(v, mpf) else mpf(sp.N(v, dps))


# ------------------------------------------------------------------ forward
def _in_domain(param: Param, v) -> bool:
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
            if all(_in_domain(fam.param(k), float(v)) for k, v in params.items()):
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
            return all(mpmath.im(v) == 0 and _in_domain(fam.param(n), mpmath.re(v)) for n, v in zip(names, th))

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


def _forward(target: Mixture, fam: Family, fixed: dict, dps: int, divergence: bool = True) -> Projection:
    ef = fam.ef
    if ef is None:
        raise NotImplementedError(f"{fam.name} has no exponential-family record; forward projection needs one")
    if not bounds_inside(target.support_bounds(), _family_support(fam, fixed)):
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


# ------------------------------------------------------------------ float64 KL(Q‖P)
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


class _FloatFamily:
    """Fast float64 evaluation of log q and KL(Q_θ‖P) for θ in a family (for the search)."""

    def __init__(self, fam: Family, fixed: dict, target: Mixture, points: int = 6):
        self.fam, self.fixed = fam, fixed
        self.free = list(fam.free_params)
        self.vector = any(p.vector for p in self.free)
        self.lo, self.hi = (float(b) for b in _family_support(fam, fixed))
        self.logp = target.log_density_float()
        self.per_width = points
        if not self.vector:
            syms = [p.symbol() for p in self.free]
            subs = {fam.param(k).symbol(): v for k, v in fixed.items()}
            self.logq = sp.lambdify([X] + syms, fam.logpdf.subs(subs), modules="math")
            self.mean = sp.lambdify(syms, fam.mean.subs(subs), modules="math") if fam.mean is not None else None

    # θ ↔ unconstrained u
    def theta(self, u: Sequence[float]) -> list[float]:
        if self.vector:
            top = max(list(u) + [0.0])
            e = [math.exp(v - top) for v in list(u) + [0.0]]
            s = sum(e)
            return [v / s for v in e]
        out = []
        for p, v in zip(self.free, u):
            lo, hi = p.domain.inf, p.domain.sup
            if not lo.is_finite and not hi.is_finite:
                out.append(v)
            elif lo.is_finite and not hi.is_finite:
                out.append(float(lo) + math.exp(min(v, 700)))
            else:
                out.append(float(lo) + float(hi - lo) / (1 + math.exp(-max(min(v, 700), -700))))
        return out

    def u(self, theta: Sequence[float]) -> list[float]:
        if self.vector:
            last = math.log(theta[-1])
            return [math.log(v) - last for v in theta[:-1]]
        out = []
        for p, v in zip(self.free, theta):
            lo, hi = p.domain.inf, p.domain.sup
            if not lo.is_finite and not hi.is_finite:
                out.append(v)
            elif lo.is_finite and not hi.is_finite:
                out.append(math.log(v - float(lo)))
            else:
                r = (v - float(lo)) / float(hi - lo)
                out.append(math.log(r / (1 - r)))
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


def _nelder_mead(f: Callable, x0: list[float], scale: float = 0.3, tol: float = 1e-13, max_iter: int = 3000):
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


def _local_search(ff: _FloatFamily, u0: list[float]) -> tuple[list[float], float]:
    """Nelder–Mead, restarted until no coordinate step of 1e-3 improves (escapes saddles)."""
    u, fu = _nelder_mead(ff.kl, u0)
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
        u, fu = _nelder_mead(ff.kl, better[0], scale=0.05)
    return u, fu


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
        from .numeric import _log_density

        lq, lp = _log_density(self.q), self.target.log_density_mp()
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
            if not all(_in_domain(fam.param(n), v) for n, v in zip(names, new)):
                break
            theta = new
            if max(abs(s) / (1 + abs(t)) for s, t in zip(step, theta)) < mpf(10) ** (-dps - 2):
                break
        return member(theta)


def _reverse(target: Mixture, fam: Family, fixed: dict, dps: int, starts, polish: bool, points: int) -> Projection:
    if target.discrete != fam.discrete:
        raise ValueError(f"the target is {'discrete' if target.discrete else 'continuous'}, {fam.name} is not")
    if not bounds_inside(_family_support(fam, fixed), target.support_bounds()):
        raise ValueError(
            f"the support of {fam.name} is not inside the target's support {target.support_bounds()}: "
            "KL(Q‖P) = +oo for every Q in the family"
        )
    ff = _FloatFamily(fam, fixed, target, points)
    names = [p.name for p in fam.free_params]
    candidates: list[list[float]] = []
    pieces = [as_mixture(c) for c in target.components] + [target]
    for piece in pieces:
        try:
            fwd = _forward(piece, fam, fixed, 15, divergence=False)
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
        u, fu = _local_search(ff, u0)
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


# ------------------------------------------------------------------ public
def project(
    target: Distribution | Mixture,
    family: str,
    direction: str = "forward",
    *,
    fixed: dict | None = None,
    dps: int = 30,
    starts: Sequence[dict] | None = None,
    polish: bool = True,
    points: int = 6,
) -> Projection:
    """The member Q* of ``family`` closest to ``target``.

    ``direction="forward"`` minimises KL(target‖Q) (moment matching, unique);
    ``"reverse"`` minimises KL(Q‖target) and reports every local minimum
    found in ``.local_minima``, best first. Fixed parameters (binomial ``n``,
    negative-binomial ``r``, categorical length ``K``) come from ``fixed`` or
    from the target, and are not optimised. ``dps`` is the precision of the
    moments, of the polished reverse optimum and of the reported KL;
    ``starts`` adds starting points (parameter dicts) for the reverse search,
    ``points`` is the number of quadrature points per width of Q in that search.

    >>> from klsym import dist
    >>> r = project(dist("gamma", alpha=3, beta=2), "exponential")
    >>> r.q, mpmath.nstr(r.divergence, 12)
    (exponential(lam=2/3), '0.251033778305')
    """
    fam = registry.get(family)
    tgt = as_mixture(target)
    fx = _fixed_values(fam, tgt, fixed)
    if direction == "forward":
        return _forward(tgt, fam, fx, dps)
    if direction == "reverse":
        return _reverse(tgt, fam, fx, dps, starts, polish, points)
    raise ValueError(f"direction must be 'forward' or 'reverse', not {direction!r}")


def asymmetry(family: str) -> sp.Expr:
    """KL(P‖Q) − KL(Q‖P) for P, Q in ``family``, tidied.

    >>> asymmetry("poisson")
    -2*lam_p + 2*lam_q + (lam_p + lam_q)*(log(lam_p) - log(lam_q))
    """
    d = derive_kl(registry.get(family).name)
    fam = d.family
    pairs = [(d.symbols_p[p.name], d.symbols_q[p.name]) for p in fam.free_params if not p.vector]
    diff = d.kl - swap_sides(fam, d.kl)
    if diff.has(sp.Sum):
        from .derive import _tidy_sum

        return _tidy_sum(diff)
    return tidy(diff, pairs)
