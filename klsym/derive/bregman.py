"""The derivation engine: KL closed forms from the family records.

For an exponential family with log f(x) = η·T(x) − A(η) + log h(x),

    KL(P‖Q) = E_P[log p(X) − log q(X)]
            = (η_P − η_Q)·E_P[T] − A(η_P) + A(η_Q),

and E_P[T] = ∇A(η_P) (or the record's stated ``mean_T``). This is the Bregman
divergence of A. Nothing here knows any particular family: every closed form
comes from a record through :func:`derive_bregman`. The result is rewritten by
:func:`tidy` into a form that is short and evaluates safely in float64.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..records.record import Family
from .natural import dot, gradient, in_theta
from .sides import side_map, swap_sides
from .tidy import gather_sums, tidy, tidy_sum

__all__ = ["Derivation", "derive_bregman"]


@dataclass(frozen=True)
class Derivation:
    """Every step of one derivation, for the documents and for inspection."""

    family: Family
    symbols_p: dict
    symbols_q: dict
    eta_p: tuple
    eta_q: tuple
    A_p: sp.Expr
    A_q: sp.Expr
    mean_T_p: tuple
    grad_A: tuple  # ∇A in the natural-parameter symbols (empty when mean_T is stated)
    bregman: sp.Expr  # the untidied A(η_Q) − A(η_P) − (η_Q − η_P)·E_P[T]
    kl: sp.Expr  # KL(P‖Q), tidied
    notes: tuple[str, ...] = field(default=())

    @property
    def reverse(self) -> sp.Expr:
        """KL(Q‖P) in the same symbols (P's and Q's parameters swapped)."""
        return swap_sides(self.family, self.kl)


def derive_bregman(fam: Family) -> Derivation:
    """KL(P‖Q) for P, Q in the exponential family ``fam`` (fixed parameters shared), as
    the Bregman divergence of A (scalar and index-sum natural parameters)."""
    ef = fam.ef
    mp_, mq = side_map(fam, "p"), side_map(fam, "q")
    eta_p = tuple(e.subs(mp_) for e in ef.eta)
    eta_q = tuple(e.subs(mq) for e in ef.eta)
    A_theta = in_theta(ef.A, ef)
    A_p, A_q = A_theta.subs(mp_), A_theta.subs(mq)
    if ef.mean_T is not None:
        grad = ()
        mean_T = tuple(m.subs(mp_) for m in ef.mean_T)
        notes = ("A is constant on the constrained parameter set, so E[T] is not its gradient.",)
    else:
        grad = tuple(gradient(ef.A, e, ef) for e in ef.eta_symbols)
        mean_T = tuple(in_theta(g, ef).subs(mp_) for g in grad)
        notes = ("E_P[T] = grad A(eta_P).",)
    diff_eta = tuple(a - b for a, b in zip(eta_p, eta_q))
    bregman = dot(ef, diff_eta, mean_T) - A_p + A_q
    pairs = [(fam.symbols_for("p")[p.name], fam.symbols_for("q")[p.name]) for p in fam.free_params if not p.vector]
    if ef.index is not None:
        result = tidy_sum(bregman)
    elif ef.A.has(sp.Sum):  # A a sum over a dimension (LKJ)
        result = gather_sums(bregman, pairs)
    else:
        result = tidy(bregman, pairs)
    return Derivation(fam, fam.symbols_for("p"), fam.symbols_for("q"), eta_p, eta_q, A_p, A_q, mean_T, grad, bregman, result, notes)
