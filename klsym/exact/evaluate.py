"""Closed forms at parameters on a closed end of their domain: one-sided limits."""

from __future__ import annotations

from typing import Callable

import sympy as sp

from ..records.record import D
from ..records.values import expand_finite_sums, substitute, substitute_matrices
from .resolve import too_long
from .series import InfiniteSum, infinite_sums

__all__ = ["boundary_limit", "erf_tails", "evalf_safe", "form_at", "near_one_logs", "value_with_limits"]


def form_at(form: sp.Expr, values: dict, length: sp.Symbol | None) -> sp.Expr:
    """A closed form at numbers (matrices and index sums of length ``length`` put in). Sums left
    over a numeric finite range are written out term by term, except those longer than
    MAX_SUM_TERMS (:func:`~klsym.exact.resolve.too_long`): they stay unevaluated, with an infinite
    series, as :class:`~klsym.exact.series.InfiniteSum` (whose evalf is :mod:`klsym.exact.series`;
    SymPy's own evalf of a long sum of special functions fails). Entries indexed by a summation
    variable are put in once the short sums are carried out."""
    form, values = substitute_matrices(form, values, D)
    form = substitute(form, values, length)
    if not form.has(sp.Sum):
        return evalf_safe(form)
    form = infinite_sums(form).replace(
        lambda e: isinstance(e, sp.Sum) and not isinstance(e, InfiniteSum) and too_long(e),
        lambda e: InfiniteSum(*e.args))
    return evalf_safe(substitute(expand_finite_sums(form), values))


def _side_of_unit(arg: sp.Expr) -> int:
    """+1 when the constant ``arg`` is above 1, −1 when below −1, else 0 (and 0 for an argument
    with symbols). Decided at 15 digits: the choice only sets which of two equal forms is kept."""
    if arg.free_symbols:
        return 0
    x = arg.evalf(15)
    if not (isinstance(x, sp.Float) and x.is_finite):
        return 0
    return 1 if x > 1 else (-1 if x < -1 else 0)


def erf_tails(expr: sp.Basic, side: Callable[[sp.Expr], int] = _side_of_unit) -> sp.Basic:
    """``expr`` with each erf(x) of an argument beyond ±1 written through erfc, the same value:
    erf(x) = 1 − erfc(x) for x > 1 and erfc(−x) − 1 for x < −1 (``side(x)`` says which: +1,
    −1, or 0 to keep erf(x); by default from the constant's value, symbolic arguments kept).

    In a sum of erf values far in one tail the ones then cancel exactly and a difference of
    small erfc values is left, which SymPy's evalf computes to the digits asked; the erf
    difference itself is 1 − 10^−180 minus its neighbour for the truncated normals of
    ``tests/test_evalf.py``, and evalf returned −2.58 for a KL of 0.0066.

    >>> erf_tails(sp.erf(14 * sp.sqrt(2)) - sp.erf(12 * sp.sqrt(2)))
    -erfc(14*sqrt(2)) + erfc(12*sqrt(2))
    >>> erf_tails(sp.erf(sp.Rational(1, 2)) - sp.erf(-3)) == sp.erf(sp.Rational(1, 2)) - sp.erfc(3) + 1
    True
    """
    if not isinstance(expr, sp.Basic) or not expr.has(sp.erf):
        return expr

    def rewrite(arg: sp.Expr) -> sp.Expr:
        s = side(arg)
        return sp.erf(arg) if s == 0 else (1 - sp.erfc(arg) if s > 0 else sp.erfc(-arg) - 1)

    return expr.replace(sp.erf, rewrite)


#: a log of a rational this close to 1 is written through atanh (:func:`near_one_logs`)
_NEAR_ONE = sp.Rational(1, 10**10)


def near_one_logs(expr: sp.Basic) -> sp.Basic:
    """``expr`` with each log(r) of a rational r within 10^−10 of 1 written 2 atanh((r − 1)/(r + 1)),
    the same value. SymPy's evalf of log(1 − 10^−300) returns −8.7·10^−165 (it rounds the argument
    first), and a logarithmic law with p = 10^−300 printed a KL of 301 for 0.939; atanh of the
    small exact rational keeps its digits. Other logs are left as they are.

    >>> near_one_logs(sp.log(1 - sp.Rational(1, 10**12)) + sp.log(sp.Rational(9, 10)))
    log(9/10) - 2*atanh(1/1999999999999)
    """
    if not isinstance(expr, sp.Basic) or not expr.has(sp.log):
        return expr

    def near_one(e: sp.Basic) -> bool:
        return (isinstance(e, sp.log) and e.args[0].is_Rational and e.args[0] > 0
                and 0 < abs(e.args[0] - 1) < _NEAR_ONE)

    return expr.replace(near_one, lambda e: 2 * sp.atanh((e.args[0] - 1) / (e.args[0] + 1)))


def evalf_safe(expr: sp.Basic) -> sp.Basic:
    """A constant value written so that SymPy's own evalf of it is right: erf values far in a tail
    through erfc (:func:`erf_tails`), logs of rationals next to 1 through atanh (:func:`near_one_logs`)."""
    return erf_tails(near_one_logs(expr))


def boundary_limit(expr: sp.Expr, sides) -> tuple[sp.Expr, list[tuple[sp.Symbol, sp.Expr]]]:
    """``expr`` at parameter values some of which sit on a closed end of their domain.

    ``sides`` lists (distribution, {parameter name: symbol}) pairs. Interior
    values are substituted; each boundary value is then reached by a one-sided
    limit from inside the domain, in the order given. Returns the value and the
    (symbol, value) pairs taken as limits.
    """
    subs, later = {}, []
    for d, symbols in sides:
        for param in d.record.params:
            value = d.params[param.name]
            if param.is_interior(value):
                subs[symbols[param.name]] = value
            else:
                direction = "+" if sp.Eq(value, param.domain.inf) is sp.true else "-"
                later.append((symbols[param.name], value, direction))
    expr = value_with_limits(expr, subs)
    for sym, value, direction in later:
        expr = sp.limit(expr, sym, value, direction)
    # value_with_limits has made the substituted value evalf-safe; a limit taken since gives a new one
    return (evalf_safe(expr) if later else expr), [(s, v) for s, v, _ in later]


def value_with_limits(form: sp.Expr, values: dict) -> sp.Expr:
    """``form`` at ``values``; where a value makes a term 0·log 0 (a uniform P with a = 0
    against a beta Q: a·log a), that parameter is reached as a limit (from above, else from
    below) and the others substituted. The result may still hold nan when no one-sided limit
    resolves it; the caller decides what to say.

    >>> a, b = sp.symbols("a b", positive=True)
    >>> value_with_limits(a * sp.log(a) + b, {a: 0, b: 2})
    2
    """
    value = substitute(form, values)
    if not value.has(sp.nan, sp.zoo):
        return evalf_safe(value)
    for sym, v in values.items():
        moved = form.subs(sym, v)
        if moved.has(sp.nan, sp.zoo):
            for direction in ("+", "-"):
                try:
                    moved = sp.limit(form, sym, v, direction)
                except (NotImplementedError, ValueError, TypeError, AttributeError, RecursionError):  # SymPy gave up
                    moved = sp.nan
                if not moved.has(sp.nan, sp.zoo, sp.I) and moved.is_extended_real is not False:
                    break
        form = moved
    return evalf_safe(substitute(form, {}))
