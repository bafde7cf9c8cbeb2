"""P and Q in one expression: the ``_p``/``_q`` symbols of a record, and swapping them.

Fixed parameters (Weibull ``k``, binomial ``n``) are shared by P and Q in the
Bregman forms: they keep the record's own symbol. With ``shared_fixed=False``
every parameter gets its own ``_p``/``_q`` symbol (the expectation route for
P and Q with different fixed parameters). :func:`swap_sides` is the one
exchange of P and Q used everywhere (reverse KL, the CLI, the asymmetry of a form).
"""

from __future__ import annotations

import sympy as sp

from ..records.record import Family

__all__ = ["put_side", "side_map", "side_symbols", "swap_sides"]


def side_symbols(fam: Family, side: str, shared_fixed: bool = True) -> dict:
    """Parameter symbols of P (``side="p"``) or Q (``"q"``), by name.

    >>> from klsym.records import registry
    >>> side_symbols(registry.get("weibull"), "q")
    {'k': k, 'lam': lam_q}
    >>> side_symbols(registry.get("weibull"), "q", shared_fixed=False)
    {'k': k_q, 'lam': lam_q}
    """
    if shared_fixed:
        return fam.symbols_for(side)
    return {p.name: p.symbol("_" + side) for p in fam.params}


def side_map(fam: Family, side: str, shared_fixed: bool = True) -> dict:
    """Substitution θ → θ_side for the record's own symbols."""
    own = fam.symbols()
    other = side_symbols(fam, side, shared_fixed)
    return {own[name]: other[name] for name in own}


def put_side(expr: sp.Expr, mapping: dict) -> sp.Expr:
    """``expr`` with the record's symbols replaced by one side's (``mapping`` as :func:`side_map`
    gives it): ``subs`` for scalar symbols; a structural replacement where the mapping holds an
    index-sum vector, whose base ``subs`` cannot replace simultaneously.

    >>> from klsym.records import registry
    >>> fam = registry.get("dirichlet_multinomial")
    >>> put_side(fam.logpdf, side_map(fam, "p")).has(fam.symbols_for("p")["alpha"])
    True
    """
    if any(isinstance(k, sp.IndexedBase) for k in mapping):
        return sp.sympify(expr, strict=True).xreplace(mapping)
    return sp.sympify(expr, strict=True).subs(mapping, simultaneous=True)


def swap_sides(fam: Family, expr: sp.Expr, shared_fixed: bool = True) -> sp.Expr:
    """Exchange the roles of P and Q in an expression of the record's ``θ_p`` and ``θ_q``
    symbols (scalars, index-sum vectors, matrices); shared fixed parameters stay.

    >>> from klsym.records import registry
    >>> fam = registry.get("weibull")
    >>> lam_p, lam_q = fam.symbols_for("p")["lam"], fam.symbols_for("q")["lam"]
    >>> swap_sides(fam, lam_p / lam_q)
    lam_q/lam_p
    >>> k_p, k_q = (side_symbols(fam, s, shared_fixed=False)["k"] for s in "pq")
    >>> swap_sides(fam, k_p * lam_p - k_q, shared_fixed=False)
    -k_p + k_q*lam_q
    """
    sym_p, sym_q = side_symbols(fam, "p", shared_fixed), side_symbols(fam, "q", shared_fixed)
    pairs = {}
    for name in sym_p:
        a, b = sym_p[name], sym_q[name]
        if a != b:
            pairs[a], pairs[b] = b, a
    return expr.xreplace(pairs)
