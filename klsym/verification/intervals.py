"""Interval enclosures of constant SymPy expressions (mpmath's ``iv``).

:func:`enclosure` turns an expression with numbers only (or symbols bound to
intervals) into an interval that contains its exact value. The float64 oracle
(:mod:`klsym.verification.floats`) raises the precision until the interval rounds to one
float64; :func:`value` raises it until the interval is narrower than the digits
asked for. Both avoid SymPy's evalf, which can lose a tiny difference from 1
inside a sum of logs (log(−log(1 − p)) for p = 10^−300) and return a wrong number.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import mpmath
import sympy as sp
from mpmath import mp, mpf
from mpmath.ctx_iv import MPIntervalContext
from sympy.codegen.cfunctions import log1p

from ..exact.evaluate import erf_tails
from ..records.special import SpecialFunction

__all__ = ["enclosure", "settle", "tails", "value", "expr_value", "evalf_value"]

#: the precision ladder of :func:`value` gives up beyond this (bits)
MAX_PREC = 1 << 16


def _digamma(ctx: MPIntervalContext, x: Any) -> Any:
    """Enclosure of ψ(x) for an interval x > 0 (ψ is increasing there)."""
    a_raw, b_raw = x._mpi_
    with mp.workprec(ctx.prec + 20):
        a, b = mpf(a_raw), mpf(b_raw)
        if a <= 0:
            raise ArithmeticError("digamma of an interval reaching 0")
        pa, pb = mpmath.psi(0, a), mpmath.psi(0, b)
        scale = mpf(2) ** (10 - ctx.prec)
        lo, hi = pa - (abs(pa) + 1) * scale, pb + (abs(pb) + 1) * scale
    return ctx.mpf([lo, hi])


def _monotone(ctx: MPIntervalContext, x: Any, fn: Callable[[mpf], mpf], increasing: bool = True,
              even: bool = False, name: str = "") -> Any:
    """Enclosure of fn over the interval x from its values at the ends, for fn
    monotone (``increasing`` or not) on x, or, with ``even``, an even function
    monotone in |z|. The values come from mpmath 20 bits above the interval's
    precision, with relative accuracy (the evaluators of :mod:`klsym.records.special` add
    bits near 0, where their values vanish like z or z²), and are widened by
    2^10 of their units in the last place."""
    a_raw, b_raw = x._mpi_
    with mp.workprec(ctx.prec + 20):
        a, b = mpf(a_raw), mpf(b_raw)
        ends = (mpf(0) if a <= 0 <= b else min(abs(a), abs(b)), max(abs(a), abs(b))) if even else (a, b)
        if not (mpmath.isfinite(ends[0]) and mpmath.isfinite(ends[1])):
            raise ArithmeticError(f"{name} of an unbounded interval")
        va, vb = fn(ends[0]), fn(ends[1])
        lo, hi = (va, vb) if increasing else (vb, va)
        scale = mpf(2) ** (10 - ctx.prec)
        lo, hi = lo - abs(lo) * scale, hi + abs(hi) * scale
    return ctx.mpf([lo, hi])


def _log1p(x: mpf) -> mpf:
    if x <= -1:
        raise ArithmeticError("log1p of an interval reaching -1")
    return mpmath.log1p(x)


def enclosure(expr: sp.Expr, env: Mapping[sp.Symbol, Any], ctx: MPIntervalContext) -> Any:
    """An interval containing the value of the constant expression ``expr`` (symbols from ``env``).

    Raises ``NotImplementedError`` for functions it does not know.
    """
    if expr in env:
        return env[expr]
    if expr.is_Integer:
        return ctx.mpf(int(expr))
    if expr.is_Rational:
        return ctx.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Float:
        return ctx.mpf(mpf(expr._mpf_)) if expr._prec <= ctx.prec else ctx.mpf(str(expr))
    if expr is sp.pi:
        return ctx.pi
    if expr is sp.E:
        return ctx.e
    if expr is sp.EulerGamma:
        return ctx.euler
    args = [enclosure(a, env, ctx) for a in expr.args]
    if isinstance(expr, sp.UnevaluatedExpr):  # a number held out of SymPy's evaluation (records.values)
        return args[0]
    if expr.is_Add:
        total = args[0]
        for a in args[1:]:
            total = total + a
        return total
    if expr.is_Mul:
        prod = args[0]
        for a in args[1:]:
            prod = prod * a
        return prod
    if expr.is_Pow:
        e = expr.exp
        if e.is_Integer:
            return args[0] ** int(e)
        if e == sp.Rational(1, 2):
            return ctx.sqrt(args[0])
        return ctx.exp(args[1] * ctx.log(args[0]))
    func = expr.func
    if func is sp.log:
        return ctx.log(args[0])
    if func is sp.exp:
        return ctx.exp(args[0])
    if func is sp.loggamma:
        return ctx.loggamma(args[0])
    if func is sp.gamma:
        return ctx.gamma(args[0])
    if func is sp.polygamma and expr.args[0] == 0:
        return _digamma(ctx, args[1])
    if func is sp.Abs:
        return abs(args[0])
    if func is sp.cos:
        return ctx.cos(args[0])
    if func is sp.sin:
        return ctx.sin(args[0])
    if func is log1p:
        return _monotone(ctx, args[0], _log1p, name="log1p")
    if func is sp.atanh:  # a log next to 1, as the exact side writes it (klsym.exact.evaluate.near_one_logs)
        return _monotone(ctx, args[0], mpmath.atanh, name="atanh")
    if func is sp.erf:  # the ends of an interval far in a tail are told apart at a higher precision
        return _monotone(ctx, args[0], mpmath.erf, name="erf")
    if func is sp.erfc:
        return _monotone(ctx, args[0], mpmath.erfc, increasing=False, name="erfc")
    if func is sp.erfi:
        return _monotone(ctx, args[0], mpmath.erfi, name="erfi")
    if isinstance(func, type) and issubclass(func, SpecialFunction):
        # monotone on z > 0 when even or odd (the odd ones through 0), else on the domain
        return _monotone(ctx, args[0], func._mp, func._increasing, func._parity == 1, func.__name__)
    raise NotImplementedError(f"no interval rule for {func}")


def settle(enclose: Callable[[MPIntervalContext], Any], dps: int, what: Callable[[], str],
           lower: mpf | None = None, absolute: mpf | None = None) -> mpf:
    """The value enclosed by ``enclose(ctx)`` to ``dps`` significant digits or better,
    raising the precision of ``ctx`` until the interval is that narrow (an mpf at the
    precision that settled it). ``enclose`` may return None, or raise ``ArithmeticError``
    or ``ValueError`` (mpmath's ComplexResult: the log of an interval reaching 0, as a
    difference of two erf values far in a tail is at a low precision), where the
    precision is too low to enclose at all; ``lower`` cuts the interval from below (0 for a KL);
    ``absolute`` also accepts an interval that narrow around 0. Raises
    ``ArithmeticError`` naming ``what()`` when no precision up to :data:`MAX_PREC`
    settles it (a callable: the text of a huge constant is built only then).
    """
    prec = int(dps * 3.33) + 40
    while prec <= MAX_PREC:
        ctx = MPIntervalContext()
        ctx.prec = prec
        try:
            interval = enclose(ctx)
        except (ArithmeticError, ValueError):
            interval = None
        if interval is not None:
            lo_raw, hi_raw = interval._mpi_
            with mp.workprec(prec):
                lo, hi = mpf(lo_raw), mpf(hi_raw)
                if lower is not None:
                    lo = max(lo, lower)
                if lo == hi:
                    return lo
                if mpmath.isfinite(lo) and mpmath.isfinite(hi):
                    mid = (lo + hi) / 2
                    tol = abs(mid) * mpf(10) ** (-dps - 3)
                    if hi - lo <= (tol if absolute is None else max(tol, absolute)):
                        return mid
        prec *= 2
    raise ArithmeticError(f"could not settle {dps} digits of {what()}")


def _outside_unit(arg: sp.Expr, env: Mapping[sp.Symbol, Any], ctx: MPIntervalContext) -> int:
    """+1 when ``arg`` (constant, or in the symbols of ``env``) is surely above 1, −1 when surely
    below −1, else 0 (from its enclosure in ``ctx``: no evalf; an argument it cannot enclose gives 0)."""
    try:
        lo_raw, hi_raw = enclosure(arg, env, ctx)._mpi_
    except (ArithmeticError, ValueError, NotImplementedError):
        return 0
    with mp.workprec(ctx.prec):
        lo, hi = mpf(lo_raw), mpf(hi_raw)
    return 1 if lo > 1 else (-1 if hi < -1 else 0)


def tails(expr: sp.Expr, values: Mapping[sp.Symbol, sp.Expr] | None = None) -> sp.Expr:
    """``expr`` with each erf of an argument beyond ±1 written through erfc, the same value:
    erf(x) = 1 − erfc(x) for x > 1 and erfc(−x) − 1 for x < −1 (the symbols of ``expr`` take
    the constant ``values`` to decide the side). In a sum of erf values far in one tail the
    ones then cancel exactly, leaving a difference of small erfc values that interval
    arithmetic encloses at the first precision, where erf(a) − erf(b) itself needs about
    −log2 of the difference in bits (10^−127 for the truncated normals of
    :func:`expr_value`'s example: a ladder of erf values at rising precision).

    >>> tails(sp.erf(14 * sp.sqrt(2)) - sp.erf(12 * sp.sqrt(2)))
    -erfc(14*sqrt(2)) + erfc(12*sqrt(2))
    """
    if not expr.has(sp.erf):
        return expr
    ctx = MPIntervalContext()
    ctx.prec = 64
    env: dict = {}
    try:
        env = {s: enclosure(v, {}, ctx) for s, v in (values or {}).items()}
    except (ArithmeticError, ValueError, NotImplementedError):
        return expr

    return erf_tails(expr, lambda arg: _outside_unit(arg, env, ctx))


def value(expr: sp.Expr, dps: int) -> mpf:
    """The constant ``expr`` to ``dps`` significant digits or better (or within
    10^(−2 dps) of 0: a value that is exactly 0 in a form that does not show it),
    from its interval enclosure at rising precision (:func:`settle`). Raises
    ``NotImplementedError`` for a function without an interval rule and
    ``ArithmeticError`` when no precision up to :data:`MAX_PREC` settles it.

    >>> p = sp.Rational(1, 10**300)
    >>> mpmath.nstr(value(sp.log(-sp.log(1 - p)), 20), 20)
    '-690.77552789821370521'
    """
    expr = tails(sp.sympify(expr, strict=True))

    def enclose(ctx):
        try:
            return enclosure(expr, {}, ctx)
        except (ArithmeticError, ValueError):  # an interval too wide for log, digamma, ...
            return None

    return settle(enclose, dps, lambda: str(expr), absolute=mpf(10) ** (-2 * dps))


def evalf_value(expr: sp.Expr, dps: int) -> mpf:
    """SymPy's evalf of ``expr`` to ``dps`` digits (with room to grow past cancellation), for a
    form with a function that has no interval rule; :func:`expr_value` where it has them."""
    with mp.workdps(dps + 10):
        return mpf(sp.N(expr, dps + 5, maxn=max(400, 4 * dps)))


def expr_value(expr: sp.Expr, dps: int) -> mpf:
    """An exact value (no series) to ``dps`` digits by interval arithmetic at rising precision
    (:func:`value`), SymPy's evalf where a function has no interval rule; ``inf`` for ``oo``.

    SymPy's evalf alone can be wrong, not just imprecise, on such forms: the Rényi ½ of two
    truncated normals on [−1, 0], N(0, 1) and N(6, 1/16), holds log(erf(14√2) − erf(12√2)),
    a difference of about 10^−127, and evalf at 30 digits (any ``maxn``) gives 22.7 for a
    value of 3.03 (``klsym.renyi`` hands it out through erfc: :mod:`klsym.exact.evaluate`).

    >>> from klsym import dist, renyi
    >>> p = dist("truncated_normal", mu=0, sigma=1, a=-1, b=0)
    >>> q = dist("truncated_normal", mu=6, sigma="1/4", a=-1, b=0)
    >>> mpmath.nstr(expr_value(renyi(p, q, "1/2"), 15), 15)
    '3.02771302388574'
    """
    if expr == sp.oo:
        return mpf("inf")
    try:
        return value(expr, dps)
    except NotImplementedError:
        return evalf_value(expr, dps)
