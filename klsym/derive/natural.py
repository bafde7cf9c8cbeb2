"""Exponential-family algebra on a record: A and ∇A in θ, the pairing η·T."""

from __future__ import annotations

import sympy as sp

from ..records.record import Family
from .tidy import simplify_component

__all__ = ["dot", "gradient", "in_theta", "is_matrix_record", "mean_statistics", "second_moments"]


def in_theta(expr: sp.Expr, ef) -> sp.Expr:
    """``expr`` (in η) written in θ. An indexed natural parameter η[i] stands for
    every entry: η[j] anywhere in a sum becomes the record's η(θ) at index j."""
    indexed = [(e, v) for e, v in zip(ef.eta_symbols, ef.eta) if isinstance(e, sp.Indexed)]
    if not indexed:
        return simplify_component(expr.subs(dict(zip(ef.eta_symbols, ef.eta))))
    for e, v in indexed:
        base, (i,) = e.base, e.indices
        expr = expr.replace(lambda t: isinstance(t, sp.Indexed) and t.base == base,
                            lambda t, v=v, i=i: v.subs(i, t.indices[0]))
    return sp.expand(expr)


def gradient(A: sp.Expr, e, ef) -> sp.Expr:
    """∂A/∂e; for an indexed η[i] (i in 1..K) the sums over j of Kronecker deltas
    are carried out and the condition 1 <= i <= K is used."""
    g = sp.diff(A, e)
    if not isinstance(e, sp.Indexed) or ef.index is None:
        return g
    i, lo, hi = ef.index
    g = g.doit()
    m = sp.Dummy("m", integer=True, nonnegative=True)

    def inside(cond) -> bool:
        c = cond.subs(hi, i + m)
        return c is sp.true or c == True  # noqa: E712

    def resolve(pw):
        for branch in pw.args:
            if inside(branch.cond):
                return branch.expr
        return pw

    return g.replace(lambda t: isinstance(t, sp.Piecewise), resolve)


def is_matrix_record(fam: Family) -> bool:
    """True when the record's natural parameters include matrix symbols (see :mod:`klsym.derive.matrix`)."""
    return fam.ef is not None and any(isinstance(e, sp.MatrixSymbol) for e in fam.ef.eta_symbols)


def dot(ef, left: tuple, right: tuple) -> sp.Expr:
    s = sp.Add(*[a * b for a, b in zip(left, right)])
    if ef.index is not None:
        s = sp.Sum(sp.expand(s), ef.index)
    return s


def mean_statistics(fam: Family) -> tuple[sp.Expr, ...]:
    """E[T] in the record's own symbols: the stated ``mean_T``, or ∇A(η) written in θ."""
    ef = fam.ef
    if ef.mean_T is not None:
        return tuple(ef.mean_T)
    return tuple(in_theta(gradient(ef.A, e, ef), ef) for e in ef.eta_symbols)


def second_moments(fam: Family) -> tuple[sp.Expr, ...] | None:
    """E[T_i²] in the record's own symbols: ∂²A/∂η_i² + (∂A/∂η_i)² (the variance of T_i is
    the second derivative of the log-partition), for scalar natural parameters whose E[T]
    is ∇A; None otherwise.

    >>> from klsym.records import registry
    >>> second_moments(registry.get("exponential"))
    (2/lam**2,)
    """
    ef = fam.ef
    if ef is None or ef.mean_T is not None or ef.index is not None or is_matrix_record(fam):
        return None
    out = []
    for e in ef.eta_symbols:
        first = sp.diff(ef.A, e)
        out.append(simplify_component(in_theta(sp.diff(first, e), ef) + in_theta(first, ef) ** 2))
    return tuple(out)
