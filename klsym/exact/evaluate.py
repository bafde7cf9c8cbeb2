"""Closed forms at parameters on a closed end of their domain: one-sided limits."""

from __future__ import annotations

import sympy as sp

from ..records.record import D
from ..records.values import expand_finite_sums, substitute, substitute_matrices
from .resolve import too_long
from .series import InfiniteSum, infinite_sums

__all__ = ["boundary_limit", "form_at", "value_with_limits"]


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
        return form
    form = infinite_sums(form).replace(
        lambda e: isinstance(e, sp.Sum) and not isinstance(e, InfiniteSum) and too_long(e),
        lambda e: InfiniteSum(*e.args))
    return substitute(expand_finite_sums(form), values)


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
    return expr, [(s, v) for s, v, _ in later]


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
        return value
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
    return substitute(form, {})
