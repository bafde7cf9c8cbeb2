"""P and Q in one expression: the ``_p``/``_q`` symbols of a record, and swapping them."""

from __future__ import annotations

import sympy as sp

from ..records.record import Family

__all__ = ["side_map", "swap_sides"]


def side_map(fam: Family, side: str) -> dict:
    """Substitution θ → θ_side for the record's own symbols."""
    own = fam.symbols()
    other = fam.symbols_for(side)
    return {own[name]: other[name] for name in own}


def swap_sides(fam: Family, expr: sp.Expr) -> sp.Expr:
    """Exchange the roles of P and Q in an expression of ``θ_p`` and ``θ_q`` symbols."""
    sp_, sq = fam.symbols_for("p"), fam.symbols_for("q")
    for name in sp_:
        a, b = sp_[name], sq[name]
        if a == b:
            continue
        if isinstance(a, sp.MatrixSymbol):
            tmp = sp.MatrixSymbol("_swap_" + name, *a.shape)
        else:
            tmp = sp.IndexedBase("_swap_" + name) if isinstance(a, sp.IndexedBase) else sp.Dummy(name)
        expr = expr.subs(a, tmp).subs(b, a).subs(tmp, b)
    return expr
