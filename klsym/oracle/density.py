"""Log-densities as mpmath functions, from the records alone.

The oracle evaluates a record's log-density ``log f(x)`` with the parameter
values put in: the terms free of x are evaluated once per working precision
(by a precision ladder of mpmath evaluations, see :func:`constant`), the
x-dependent terms are compiled to mpmath functions. Continuous supports are
mapped to the whole line (:func:`line_map`) so that singular or infinite ends
become smooth exponential tails; :func:`t_density` is the log-density in that
line variable t, rewritten so that no digits are lost near the ends.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.distribution import Distribution
from ..records.mixture import Mixture
from ..records.record import X
from ..records.values import substitute
from . import limits
from .limits import INSTEAD, MAX_WORK_DIGITS, OracleLimitError, magnitude

__all__ = [
    "LogDensity", "T", "constant", "log_density", "mixture_log_density", "log_density_function", "center", "is_discrete",
    "line_map", "t_density", "split_terms", "same_record", "combination", "difference", "t_of", "check_work",
]

LogDensity = Callable[[mpf], mpf]


def split_terms(expr: sp.Expr, var: sp.Symbol):
    """expr = c + Σ c_i g_i(var): the var-free constant and (coefficient, compiled g_i) pairs."""
    const, parts = sp.Integer(0), {}
    for term in sp.Add.make_args(sp.expand(expr)):
        c, g = term.as_independent(var, as_Add=False)
        if g == 1:
            const += c
        else:
            parts[g] = parts.get(g, 0) + c
    return const, tuple((c, sp.lambdify(var, g, modules="mpmath")) for g, c in parts.items() if c != 0)


#: the constant ladder gives up beyond this many digits
MAX_CONSTANT_DPS = 20_000


def _mp_value(expr: sp.Expr) -> mpf:
    """A constant SymPy expression evaluated by mpmath at the current precision,
    node by node (no printing of huge integers, no SymPy evalf)."""
    if expr.is_Integer:
        return mpf(int(expr))
    if expr.is_Rational:
        return mpf(int(expr.p)) / int(expr.q)
    if expr.is_Float:
        return mpf(expr._mpf_)
    if expr is sp.pi:
        return +mpmath.pi
    if expr is sp.E:
        return mpmath.e()
    if expr is sp.EulerGamma:
        return +mpmath.euler
    args = [_mp_value(a) for a in expr.args]
    if expr.is_Add:
        return mpmath.fsum(args)
    if expr.is_Mul:
        return mpmath.fprod(args)
    if expr.is_Pow:
        if expr.exp.is_Integer:
            return args[0] ** int(expr.exp)
        return mpmath.power(args[0], args[1])
    fn = _MP_FUNCTIONS.get(expr.func)
    if fn is not None:
        return fn(*args)
    mp_func = getattr(expr.func, "_mp", None)
    if mp_func is not None:  # the special functions of the records
        return mp_func(*args)
    raise NotImplementedError(f"the oracle has no mpmath rule for {expr.func}")


_MP_FUNCTIONS = {
    sp.log: mpmath.log, sp.exp: mpmath.exp, sp.loggamma: mpmath.loggamma, sp.gamma: mpmath.gamma,
    sp.polygamma: lambda n, x: mpmath.psi(int(n), x), sp.Abs: abs, sp.sin: mpmath.sin, sp.cos: mpmath.cos,
    sp.zeta: mpmath.zeta, sp.factorial: mpmath.factorial, sp.binomial: mpmath.binomial,
    sp.tan: mpmath.tan, sp.atan: mpmath.atan, sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh, sp.tanh: mpmath.tanh,
    sp.asinh: mpmath.asinh, sp.acosh: mpmath.acosh, sp.atanh: mpmath.atanh, sp.erf: mpmath.erf,
    sp.erfc: mpmath.erfc, sp.besseli: mpmath.besseli, sp.beta: mpmath.beta, sp.re: mpmath.re,
}
try:  # log1p, as SymPy's codegen spells it
    from sympy.codegen.cfunctions import log1p as _log1p

    _MP_FUNCTIONS[_log1p] = mpmath.log1p
except ImportError:  # pragma: no cover
    pass


def constant(c: sp.Expr, wp: int) -> mpf:
    """A parameter-only constant to ``wp`` significant digits, by mpmath alone.

    The constant is evaluated at wp + 10 digits, then at twice as many, and so
    on, until two successive values are finite and agree to wp digits. A
    difference from 1 that a low precision cannot hold (log(1 − p) for
    p = 10^−300, inside a log of a log) is resolved further up the ladder.
    SymPy's evalf is not used (it can return a wrong number there), and
    neither is anything of the closed-form side.

    >>> p = sp.Rational(1, 10**300)
    >>> mpmath.nstr(constant(sp.log(-sp.log(1 - p)), 20), 20)
    '-690.77552789821370521'
    """
    dps, previous = wp + 10, None
    while dps <= MAX_CONSTANT_DPS:
        with mp.workdps(dps):
            try:
                value = _mp_value(c)
            except (ValueError, ZeroDivisionError):
                value = mpf("nan")
        if mpmath.isfinite(value) and previous is not None and mpmath.isfinite(previous):
            if value == previous or abs(value - previous) <= abs(value) * mpf(10) ** (-wp):
                with mp.workdps(wp):
                    return +value
        previous = value
        dps *= 2
    raise ArithmeticError(f"the constant {sp.sstr(c)[:200]} did not settle to {wp} digits "
                          f"below {MAX_CONSTANT_DPS} digits of working precision")


def _evaluator(const: sp.Expr, parts) -> LogDensity:
    """The function v ↦ c + Σ c_i g_i(v), to an ABSOLUTE error of about 2^−prec at
    the precision it is called with (the precision of exp(log f) is relative).

    The terms can be far larger than their sum (κ cos x − log I0(κ) for κ = 10^300,
    k log λ − loggamma(k + 1) for λ = 10^40): they are summed with as many extra
    bits as they cancel by, found at the first point where they do (the point is
    then evaluated again), and the constants are known to that many bits. Past
    :data:`~klsym.oracle.limits.MAX_WORK_DIGITS` extra digits it raises
    :class:`~klsym.oracle.limits.OracleLimitError`.
    """
    base = mp.prec
    state: dict = {"extra": 0, "bits": 0}

    def refresh(bits: int) -> None:
        digits = int(bits / 3.32) + 10
        try:
            state["c0"] = constant(const, digits) if const != 0 else mpf(0)
            state["cs"] = [(k, g) for k, g in ((constant(c, digits), g) for c, g in parts) if k != 0]
        except ArithmeticError as exc:
            raise OracleLimitError(f"{exc}; {INSTEAD}") from exc
        state["bits"] = bits

    refresh(base + 20)
    mags = [m for m in [magnitude(state["c0"])] + [magnitude(c) for c, _ in state["cs"]] if m is not None]
    big = max(mags + [0])
    if 16 < big < MAX_WORK_DIGITS * 3.32:
        # large terms usually cancel (k log λ − λ): start with the bits that takes
        state["extra"] = big + 8
        refresh(base + big + 40)

    def f(v: mpf) -> mpf:
        prec = mp.prec
        while True:
            extra = state["extra"]
            if base + extra + 20 > state["bits"]:
                refresh(base + extra + 40)
            work = prec + extra
            with mp.workprec(work):
                s = state["c0"]
                top = magnitude(s) or 0
                for c, g in state["cs"]:
                    term = c * g(v)
                    s += term
                    m = magnitude(term)
                    if m is not None and m > top:
                        top = m
            # bits lost to cancellation, against an absolute accuracy (log f = −10^50
            # needs none; log f near 0 needs all of them)
            lost = top - max(magnitude(s) or 0, 0)
            if lost <= extra - 8 or not mpmath.isfinite(s):
                return +s
            state["extra"] = lost + 24
            if state["extra"] > MAX_WORK_DIGITS * 3.33:
                raise OracleLimitError(
                    f"the log-density's terms cancel by about {int(lost / 3.32)} digits at "
                    f"{mpmath.nstr(v, 8)}: more than MAX_WORK_DIGITS = {MAX_WORK_DIGITS}, the oracle's "
                    f"limit; {INSTEAD}")

    f.extra_digits = lambda: int(state["extra"] / 3.32)  # type: ignore[attr-defined]
    return f


def check_work(shift: int, what: str, *functions, limit: str = "MAX_WORK_DIGITS") -> None:
    """Refuse when ``shift`` digits (to tell P's points apart at its location) plus
    the digits the log-densities ``functions`` cancel by (as their evaluators found
    so far) pass the limit named (:data:`~klsym.oracle.limits.MAX_WORK_DIGITS`, or
    :data:`~klsym.oracle.limits.MAX_SUM_WORK_DIGITS` for a sum)."""
    lost = max([getattr(f, "extra_digits", lambda: 0)() for f in functions] + [0])
    bound = getattr(limits, limit)
    if shift + lost > bound:
        raise OracleLimitError(
            f"{what} would need about {shift + lost} digits beyond those asked for ({shift} to resolve "
            f"P's scale at its location, {lost} lost to cancellation in the log-density): more than "
            f"{limit} = {bound}, the oracle's limit; {INSTEAD}")


@lru_cache(maxsize=512)
def _compiled_terms(d: Distribution):
    """log f(x) split into constant and x-dependent terms."""
    return split_terms(substitute(d.record.logpdf, d.substitution()), X)


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


def _logsumexp(values: list[mpf]) -> mpf:
    top = max(values)
    if top == mpf("-inf"):
        return top
    return top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in values))


def mixture_log_density(m: Mixture) -> LogDensity:
    """x ↦ log Σ wᵢ pᵢ(x) at the current precision, a log-sum-exp of the components'
    log-densities (never underflows; ``-inf`` outside every component's support).

    >>> from klsym import dist, mixture
    >>> m = mixture(["1/2", "1/2"], [dist("normal", mu=-2, sigma=1), dist("normal", mu=2, sigma=1)])
    >>> mpmath.nstr(mixture_log_density(m)(mpf(0)), 12)   # log N(0; 2, 1)
    '-2.9189385332'
    """
    parts = [(mpmath.log(constant(w, mp.dps + 10)), log_density(c), c.support_bounds()) for w, c in m.components_weighted()]

    def logp(x: mpf) -> mpf:
        values = []
        for logw, lf, (lo, hi) in parts:
            if (lo.is_finite and x < lo) or (hi.is_finite and x > hi):
                continue
            v = lf(x)
            if not mpmath.isnan(v):
                values.append(logw + v)
        return _logsumexp(values) if values else mpf("-inf")

    return logp


def log_density(d) -> LogDensity:
    """x ↦ log f(x) at the current precision for a distribution, a :class:`Mixture`
    or an object with the density protocol (its ``log_density_mp()``)."""
    if isinstance(d, Mixture):
        return mixture_log_density(d)
    if not isinstance(d, Distribution):
        return d.log_density_mp()
    if d.record.discrete and (not d.is_interior() or any(p.vector for p in d.record.params)):
        return _exact_log_density(d)
    return log_density_function(d)


def is_discrete(d) -> bool:
    return d.record.discrete if isinstance(d, Distribution) else bool(d.discrete)


def center(d) -> sp.Expr | None:
    """A typical point of d (its mean), or None."""
    if not isinstance(d, Distribution):
        return d.center()
    mean = d.record.mean if d.record.mean is not None else d.record.median
    return None if mean is None else substitute(mean, d.substitution())



# ----------------------------------------------------------------- continuous
T = sp.Symbol("t", real=True)


def line_map(lo: sp.Expr, hi: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """x(t) and log dx/dt (SymPy, in the symbol t) mapping the real line onto [lo, hi]."""
    if lo == -sp.oo and hi == sp.oo:
        return T, sp.Integer(0)
    if hi == sp.oo and lo.is_finite:
        return lo + sp.exp(T), T
    if lo == -sp.oo and hi.is_finite:
        return hi - sp.exp(-T), -T
    if lo.is_finite and hi.is_finite:
        w = hi - lo
        return lo + w / (1 + sp.exp(-T)), sp.log(w) - sp.log(1 + sp.exp(-T)) - sp.log(1 + sp.exp(T))
    raise NotImplementedError(f"support [{lo}, {hi}] has no line map")


def _log_in_t(expr: sp.Expr) -> sp.Expr:
    """Rewrite logs of x(t)-expressions so that no digits are lost near the ends:
    log(1 − 1/(1 + e^(−t))) becomes log(e^(−t)/(1 + e^(−t))), exact for every t."""
    return expr.replace(lambda e: isinstance(e, sp.log), lambda e: sp.log(sp.factor(sp.cancel(sp.together(e.args[0])))))


def _in_t(d: Distribution, lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """log f(x(t)) as a SymPy expression in t, its logs rewritten by :func:`_log_in_t`."""
    x_t, _ = line_map(lo, hi)
    in_t = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(substitute(d.record.logpdf, d.substitution()))):
        c, g = term.as_independent(X, as_Add=False)
        in_t += c * _log_in_t(g.subs(X, x_t))
    return in_t


@lru_cache(maxsize=512)
def _compiled_in_t(d: Distribution, lo: sp.Expr, hi: sp.Expr, jacobian: bool = False):
    """(constant, [(coefficient, g_i(t))]) with log f(x(t)) = constant + Σ c_i g_i(t)
    (plus log x'(t) with ``jacobian``: its t then merges with the density's, so that
    (α − 1) t + t is α t, exact for α = 10^−300)."""
    in_t = _in_t(d, lo, hi) + (line_map(lo, hi)[1] if jacobian else 0)
    # split the logs (log(e^t/(1 + e^t)) = t − log(1 + e^t)) so that shared pieces
    # such as log(1 + e^t) are gathered and evaluated once
    return split_terms(sp.expand_log(in_t, force=True), T)


def same_record(p, q) -> bool:
    """True when P and Q are interior laws of one record without vector parameters:
    log p − log q is then one expression whose coefficients can be differenced exactly."""
    return (isinstance(p, Distribution) and isinstance(q, Distribution) and p.record is q.record
            and not any(par.vector for par in p.record.params) and p.is_interior() and q.is_interior())


@lru_cache(maxsize=256)
def _compiled_difference(p: Distribution, q: Distribution, lo, hi):
    if lo is None:
        diff = substitute(p.record.logpdf, p.substitution()) - substitute(q.record.logpdf, q.substitution())
        return split_terms(diff, X)
    return split_terms(sp.expand_log(_in_t(p, lo, hi) - _in_t(q, lo, hi), force=True), T)


def difference(p: Distribution, q: Distribution, lo: sp.Expr | None = None, hi: sp.Expr | None = None) -> LogDensity:
    """log p − log q (of x; of t on the line map of [lo, hi] when given) for P and Q of
    one record (:func:`same_record`), at the current precision, as ONE sum whose
    coefficients are differences taken exactly (1/σ_q² − 1/σ_p², α_p − α_q) before
    they are evaluated: no digits are lost when P and Q differ by 10^−60."""
    return _evaluator(*_compiled_difference(p, q, lo, hi))


@lru_cache(maxsize=256)
def _compiled_combination(p: Distribution, q: Distribution, a: sp.Rational, b: sp.Rational, lo, hi):
    in_t = a * _in_t(p, lo, hi) + b * _in_t(q, lo, hi) + line_map(lo, hi)[1]
    return split_terms(sp.expand_log(sp.expand(in_t), force=True), T)


def combination(p: Distribution, q: Distribution, a: sp.Rational, b: sp.Rational, lo: sp.Expr,
                hi: sp.Expr) -> LogDensity:
    """t ↦ a·log p + b·log q + log x'(t) on the line map of [lo, hi], for P and Q of one
    record (:func:`same_record`) and exact a, b, as ONE sum whose coefficients are combined
    exactly before they are evaluated: 2·(−2500 x) − (−5000 x) is 0, not the rounding noise
    of two numbers near 10^90 (an inverse Gaussian far out, η_α on the edge of its space)."""
    return _evaluator(*_compiled_combination(p, q, sp.sympify(a, strict=True), sp.sympify(b, strict=True), lo, hi))


def t_of(x: sp.Expr, lo: sp.Expr, hi: sp.Expr, digits: int) -> mpf:
    """The t with x(t) = x on the line map of (lo, hi), to ``digits`` digits (the
    inverse of :func:`line_map` in closed form).

    >>> mpmath.nstr(t_of(sp.Integer(1), sp.Integer(0), sp.Integer(2), 20), 5)
    '0.0'
    """
    if lo == -sp.oo and hi == sp.oo:
        t = x
    elif hi == sp.oo:
        t = sp.log(x - lo)
    elif lo == -sp.oo:
        t = -sp.log(hi - x)
    else:
        t = sp.log(x - lo) - sp.log(hi - x)
    return constant(sp.sympify(t, strict=True), digits) if t != 0 else mpf(0)


def t_density(d, lo: sp.Expr, hi: sp.Expr, jacobian: bool = False) -> Callable[[mpf], mpf]:
    """t ↦ log f(x(t)) at the current precision (plus log x'(t) with ``jacobian``)."""
    if isinstance(d, Distribution):
        return _evaluator(*_compiled_in_t(d, lo, hi, jacobian))
    if jacobian:
        logf, logjac = t_density(d, lo, hi), sp.lambdify(T, line_map(lo, hi)[1], modules="mpmath")
        return lambda t: logf(t) + logjac(t)
    # a mixture, or a density known only through log_density_mp(): evaluate x(t) with
    # extra digits where x is within e^(−|t|) of a finite end
    x_t, _ = line_map(lo, hi)
    x_of = sp.lambdify(T, x_t, modules="mpmath")
    logx = log_density(d)
    finite_end = lo.is_finite or hi.is_finite

    def logf_boosted(t):
        extra = int(abs(t) / 2.3) + 2 if finite_end else 0
        with mp.workdps(mp.dps + extra):
            return +logx(x_of(t))

    return logf_boosted

