"""Closed forms at parameters on a closed end of their domain: one-sided limits."""

from __future__ import annotations

import sympy as sp

from ..records.values import substitute

__all__ = ["boundary_limit"]


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
    expr = substitute(expr, subs)
    for sym, value, direction in later:
        expr = sp.limit(expr, sym, value, direction)
    return expr, [(s, v) for s, v, _ in later]
