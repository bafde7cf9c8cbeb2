"""Relations written in one normal form, shared by the Rényi derivations."""

from __future__ import annotations

import sympy as sp

__all__ = ["positive_form"]


def positive_form(rel: sp.Basic) -> sp.Basic:
    """A relation ``lhs > rhs`` (or ≥, <, ≤) rewritten as ``n > 0``: the difference over a
    common denominator, factors known positive dropped, known negative ones flipping it.

    >>> a, b = sp.symbols("a b", positive=True)
    >>> c = sp.Symbol("c", real=True)
    >>> positive_form(sp.Lt(-c / (2 * a**2), 0))
    c > 0
    """
    if not isinstance(rel, sp.core.relational.Relational):
        return rel
    if rel.lhs.is_infinite or rel.rhs.is_infinite:  # -oo < x: true of every real x
        return sp.true
    strict = isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan))
    diff = rel.lhs - rel.rhs if isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan)) else rel.rhs - rel.lhs
    num, den = sp.fraction(sp.together(diff))
    sign, kept = 1, []
    for f in sp.Mul.make_args(sp.factor(num)) + sp.Mul.make_args(sp.factor(den)):
        if f.is_positive:
            continue
        if f.is_negative:
            sign = -sign
            continue
        kept.append(f)
    body = sign * sp.expand(sp.Mul(*kept))
    return body > 0 if strict else body >= 0
