"""Entropy H(P) = −E_P[log p(X)] of an exponential family, from its record.

With log p = η·T − A + log h and E[T] = ∇A (as for KL), H = A − η·E[T] − E[log h].
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..records.record import X, Family
from .natural import dot, in_theta, mean_statistics
from .tidy import simplify_component, tidy, tidy_sum

__all__ = ["AtomExpectation", "EntropyDerivation", "derive_entropy_ef"]


@dataclass(frozen=True)
class AtomExpectation:
    """E[g(X)] for one atom g of log h: its value (record symbols) and how it was found."""

    atom: sp.Expr
    value: sp.Expr
    how: str


@dataclass(frozen=True)
class EntropyDerivation:
    """H(P) = A(η(θ)) − η(θ)·E[T] − E[log h(X)], step by step, in the record's own symbols."""

    family: Family
    A: sp.Expr
    eta: tuple
    mean_T: tuple
    atoms: tuple[AtomExpectation, ...]
    mean_log_h: sp.Expr
    entropy: sp.Expr


def _support_integral(fam: Family, g: sp.Expr) -> sp.Expr | None:
    """∫ f(x) g(x) dx over the support by SymPy, or None when SymPy leaves an integral."""
    lo, hi = sp.sympify(fam.support.lower), sp.sympify(fam.support.upper)
    positive = lo.is_nonnegative is True
    y = sp.Symbol("x", positive=True) if positive else sp.Symbol("x", real=True)
    density = sp.exp(fam.logpdf).subs(X, y)
    try:
        value = sp.integrate(sp.expand_log(density, force=True) * g.subs(X, y), (y, lo, hi), conds="none")
    except (NotImplementedError, ValueError, TypeError):
        return None
    if value.has(sp.Integral) or value.has(sp.nan) or value.is_finite is False:
        return None
    return simplify_component(sp.expand_log(sp.simplify(value), force=True))


def _atom_expectation(fam: Family, g: sp.Expr, mean_T: tuple) -> AtomExpectation:
    ef = fam.ef
    if ef.index is None:
        for t, m in zip(ef.T, mean_T):
            ratio = sp.cancel(g / t)
            if not ratio.has(X):
                return AtomExpectation(g, ratio * m, f"{sp.sstr(ratio)} times the mean of T entry {sp.sstr(t)}")
    for atom, value, source in ef.expectations:
        if sp.simplify(atom - g) == 0:
            return AtomExpectation(g, value, f"stated: {source}")
    if g == X and fam.mean is not None:
        return AtomExpectation(g, fam.mean, "the recorded mean")
    if g == X**2 and fam.mean is not None and fam.variance is not None:
        return AtomExpectation(g, sp.expand(fam.variance + fam.mean**2), "the recorded variance plus the squared mean")
    lo, hi = sp.sympify(fam.support.lower), sp.sympify(fam.support.upper)
    if fam.discrete:
        return AtomExpectation(g, sp.Sum(sp.exp(fam.logpdf) * g, (X, lo, hi)), "the defining sum (no closed form known)")
    value = _support_integral(fam, g)
    if value is None:
        raise NotImplementedError(f"{fam.name}: E[{g}] has no stated value and SymPy cannot integrate it")
    return AtomExpectation(g, value, "derived by SymPy integration")


def derive_entropy_ef(fam: Family) -> EntropyDerivation:
    """Derive the entropy H(P) = −E_P[log p(X)] of family ``name`` from its record.

    With log p = η·T − A + log h and E[T] = ∇A (as for KL), H = A − η·E[T] − E[log h].
    log h is split into atoms g(x) with x-free coefficients; E[g] is the mean of a T
    entry when g is a multiple of one, else a value stated in the record (with its
    source), the recorded mean or second moment, a SymPy integral over the support,
    or — for discrete families without a closed form — the defining sum, left unevaluated.
    """
    ef = fam.ef
    A = in_theta(ef.A, ef)
    mean_T = mean_statistics(fam)
    parts: dict[sp.Expr, sp.Expr] = {}
    const = sp.Integer(0)
    variable = fam.variable if fam.multivariate else X
    for term in sp.Add.make_args(sp.expand(ef.log_h)):
        c, g = term.as_independent(*(variable if isinstance(variable, tuple) else (variable,)), as_Add=False)
        if term == 0:
            continue
        if g == 1:
            const += c
        else:
            parts[g] = parts.get(g, 0) + c
    if fam.discrete:
        # atoms that are not multiples of a T entry are gathered into one defining sum
        rest = sp.Integer(0)
        for g in list(parts):
            if ef.index is None and any(not sp.cancel(g / t).has(X) for t in ef.T):
                continue
            rest += parts.pop(g) * g
        if rest != 0:
            parts[rest] = sp.Integer(1)
    atoms = tuple(_atom_expectation(fam, g, mean_T) for g in parts)
    closed = const + sp.Add(*[parts[a.atom] * a.value for a in atoms if not a.value.has(sp.Sum)])
    sums = sp.Add(*[parts[a.atom] * a.value for a in atoms if a.value.has(sp.Sum)])
    mean_log_h = closed + sums
    raw = A - dot(ef, ef.eta, mean_T) - closed
    result = tidy_sum(raw) if ef.index is not None else tidy(raw)
    return EntropyDerivation(fam, A, tuple(ef.eta), mean_T, atoms, mean_log_h, result - sums)
