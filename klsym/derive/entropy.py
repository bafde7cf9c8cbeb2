"""Entropy H(P) = −E_P[log p(X)] of an exponential family, from its record.

With log p = η·T − A + log h and E[T] = ∇A (as for KL), H = A − η·E[T] − E[log h].
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..records.record import X, Family
from .atoms import AtomExpectation, atom_expectation
from .natural import dot, in_theta, mean_statistics
from .tidy import gather_sums, tidy, tidy_sum

__all__ = ["EntropyDerivation", "derive_entropy_ef"]


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


def derive_entropy_ef(fam: Family) -> EntropyDerivation:
    """Derive the entropy H(P) = −E_P[log p(X)] of family ``name`` from its record.

    With log p = η·T − A + log h and E[T] = ∇A (as for KL), H = A − η·E[T] − E[log h].
    log h is split into atoms g(x) with x-free coefficients; E[g] comes from
    :func:`klsym.derive.atoms.atom_expectation` (the mean of a T entry, a stated value,
    the recorded moments, the defining sum of a discrete family, or a SymPy integral).
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
    atoms = tuple(atom_expectation(fam, g) for g in parts)
    closed = const + sp.Add(*[parts[a.atom] * a.value for a in atoms if not a.value.has(sp.Sum)])
    sums = sp.Add(*[parts[a.atom] * a.value for a in atoms if a.value.has(sp.Sum)])
    mean_log_h = closed + sums
    raw = A - dot(ef, ef.eta, mean_T) - closed
    # A a sum over a dimension (LKJ): its terms gathered into one sum
    result = tidy_sum(raw) if ef.index is not None else gather_sums(raw) if ef.A.has(sp.Sum) else tidy(raw)
    return EntropyDerivation(fam, A, tuple(ef.eta), mean_T, atoms, mean_log_h, result - sums)
