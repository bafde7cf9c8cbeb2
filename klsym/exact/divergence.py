"""KL between distributions: the closed forms of :mod:`klsym.derive`, evaluated.

* ``kl(P, Q)`` = KL(P‖Q) = E_P[log p(X) − log q(X)], the **forward** KL when P
  is the target: minimising it over Q makes Q cover all of P's mass.
* ``reverse_kl(P, Q)`` = KL(Q‖P), the **reverse** KL: minimising it over Q
  lets Q ignore parts of P and lock onto one mode.

Where P's parameters sit on a closed end of their domain (p = 1, lam = 0)
the closed form is taken as a limit from the interior, or, on a finite
support, the defining sum is computed exactly with 0·log 0 = 0. Where P puts
mass on outcomes that Q cannot produce the answer is ``oo``, and
:func:`infinite_reason` says why.
"""

from __future__ import annotations

import sympy as sp

from ..derive import derive_kl, kl_form
from ..records import registry
from ..derive.expectation import derive_by_expectation
from ..records.distribution import Distribution, check_pair
from ..records.record import D, bounds_inside
from ..records.values import substitute, substitute_matrices
from .answer import KLAnswer
from .evaluate import boundary_limit

__all__ = ["kl", "reverse_kl", "infinite_reason", "KLAnswer", "kl_answer", "kl_by_expectation", "limit_form"]


def _fixed_mismatch(p: Distribution, q: Distribution) -> list[str]:
    out = []
    for param in p.record.fixed_params:
        if sp.Eq(p.params[param.name], q.params[param.name]) is not sp.true:
            out.append(param.name)
    return out


def _finite_support(d: Distribution) -> bool:
    lo, hi = d.support_bounds()
    return d.record.discrete and lo.is_finite is True and hi.is_finite is True and hi.is_integer is True


def _exact_sum(p: Distribution, q: Distribution) -> KLAnswer:
    """Σ_x p(x) (log p(x) − log q(x)) over P's (finite) support, 0·log 0 = 0."""
    lo, hi = p.support_bounds()
    total = sp.Integer(0)
    for x in range(int(lo), int(hi) + 1):
        lp = p.logpdf(x)
        if lp == -sp.oo:
            continue
        lq = q.logpdf(x)
        if lq == -sp.oo:
            return KLAnswer(
                sp.oo,
                "exact sum",
                f"P gives x = {x} probability {sp.exp(lp)}, Q gives it probability 0 "
                "(the support of P is not inside the support of Q)",
            )
        total += sp.exp(lp) * (lp - lq)
    return KLAnswer(total, "exact sum")


def _substitute(p: Distribution, q: Distribution, expr: sp.Expr) -> sp.Expr:
    values = {**p.substitution("p"), **q.substitution("q")}
    expr, values = substitute_matrices(expr, values, D)
    return substitute(expr, values, p.record.length_symbol)


def limit_form(p: Distribution, q: Distribution, expr: sp.Expr) -> KLAnswer:
    """Closed form at boundary parameters: substitute interior values, then take
    one-sided limits (P's parameters first, then Q's) from inside the domain."""
    sides = [(p, p.record.symbols_for("p")), (q, q.record.symbols_for("q"))]
    expr, later = boundary_limit(expr, sides)
    if expr == sp.oo:
        where = ", ".join(f"{s} -> {v}" for s, v in later)
        return KLAnswer(
            sp.oo,
            "closed form (limit)",
            f"the limit of KL as {where} is +oo: Q gives probability 0 to outcomes P can take",
        )
    return KLAnswer(expr, "closed form (limit)")


def _support_varies(d: Distribution) -> bool:
    """True when the support's ends depend on parameters (uniform a, b; Pareto xm)."""
    sup = d.record.support
    return bool(sp.sympify(sup.lower).free_symbols | sp.sympify(sup.upper).free_symbols)


def _multivariate_special(p: Distribution, q: Distribution, mismatch: list[str]) -> KLAnswer:
    """Multinomial with different n (disjoint supports) or a zero probability (exact sum)."""
    if mismatch:
        shown = ", ".join(f"{m} = {p.params[m]} for P and {q.params[m]} for Q" for m in mismatch)
        return KLAnswer(
            sp.oo, "support",
            f"{shown}: the supports (count vectors summing to n) are disjoint, so P puts all its mass "
            "where Q has none",
        )
    if p.family != "multinomial":
        raise NotImplementedError(f"KL({p} ‖ {q}): boundary parameters of {p.family} are not handled")
    from .counts import exact_kl_over_counts

    value, reason = exact_kl_over_counts(p, q)
    return KLAnswer(value, "exact sum", reason)


def kl_by_expectation(p: Distribution, q: Distribution) -> sp.Expr:
    """KL(P‖Q) for two distributions of one family by the expectation route, the value
    substituted (fixed parameters shared when they are equal). The caller has checked
    that supp P ⊆ supp Q.

    >>> from klsym import dist
    >>> kl_by_expectation(dist("uniform", a=0, b=1), dist("uniform", a=-1, b=3))
    log(4)
    """
    shared = all(sp.Eq(p.params[f.name], q.params[f.name]) is sp.true for f in p.record.fixed_params)
    d = derive_by_expectation(p.family, shared_fixed=shared)
    values = {**d.values(p, "p"), **d.values(q, "q")}
    return substitute(d.kl, values)


def kl_answer(p: Distribution, q: Distribution) -> KLAnswer:
    """KL(P‖Q) with the method used and, for ``oo``, the reason."""
    check_pair(p, q)
    if p == q:  # exactly 0 for every P, written as 0 rather than as terms that cancel
        return KLAnswer(sp.Integer(0), "identical distributions")
    mismatch = _fixed_mismatch(p, q)
    if p.record.multivariate and (mismatch or not (p.is_interior() and q.is_interior())):
        return _multivariate_special(p, q, mismatch)
    if mismatch or _support_varies(p):
        if not bounds_inside(p.support_bounds(), q.support_bounds()):
            return KLAnswer(
                sp.oo,
                "support",
                f"the support of P {p.record.support.describe(p.substitution())} is not inside "
                f"the support of Q {q.record.support.describe(q.substitution())}",
            )
    if mismatch:
        if _finite_support(p):
            return _exact_sum(p, q)
        if p.record.discrete:
            from .series_kl import SERIES_FAMILIES, kl_series_answer

            if p.family in SERIES_FAMILIES:
                return kl_series_answer(p, q)
            raise NotImplementedError(
                f"KL({p} ‖ {q}): {p.family} with different fixed parameter(s) {', '.join(mismatch)} "
                "has no derived closed form and an infinite support; not computed"
            )
    if mismatch or p.record.ef is None:
        return KLAnswer(kl_by_expectation(p, q), "closed form (expectations)")
    interior = p.is_interior() and q.is_interior()
    if not interior and _finite_support(p):
        return _exact_sum(p, q)
    form = derive_kl(p.family).kl
    if not interior:
        return limit_form(p, q, form)
    return KLAnswer(_substitute(p, q, form), "closed form")


def _names_or_distributions(p: object, q: object) -> None:
    """Refuse a family name paired with a distribution (either would be silently ignored)."""
    if isinstance(p, str) and not (q is None or isinstance(q, str)):
        raise ValueError(f"P is the family name {p!r} but Q is a {type(q).__name__}: give two family names "
                         "(the closed form) or two distributions (its value)")


def kl(p: Distribution | str, q: Distribution | str | None = None) -> sp.Expr:
    """KL(P‖Q) = E_P[log p(X)/q(X)], the forward KL of P from Q.

    With two distributions: the exact value as a SymPy expression (``oo`` when
    P puts mass where Q has none; see :func:`infinite_reason`). With two family
    names: the symbolic closed form, P's parameters suffixed ``_p`` and Q's
    ``_q`` (fixed parameters, shared by P and Q, keep their plain name).

    >>> from klsym import dist
    >>> kl(dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=2))
    -1/4 + log(2)
    >>> kl("exponential", "exponential")
    log(lam_p) - log(lam_q) - 1 + lam_q/lam_p
    """
    _names_or_distributions(p, q)
    if isinstance(p, str):
        return kl_form(p, q)
    return kl_answer(p, q).value


def reverse_kl(p: Distribution | str, q: Distribution | str | None = None) -> sp.Expr:
    """KL(Q‖P): the reverse KL, with P the target and Q the approximation.

    Minimising KL(Q‖P) over Q is mode-seeking (Q may ignore regions where P
    has mass); minimising the forward ``kl(P, Q)`` is mass-covering.

    >>> from klsym import dist
    >>> reverse_kl(dist("poisson", lam=1), dist("poisson", lam=2)) == kl(dist("poisson", lam=2), dist("poisson", lam=1))
    True
    """
    _names_or_distributions(p, q)
    if isinstance(p, str):
        name_q = q if isinstance(q, str) else p
        if name_q != p:
            return kl_form(name_q, p)
        return derive_kl(p).reverse if registry.get(p).ef is not None else derive_by_expectation(p).reverse
    return kl(q, p)


def infinite_reason(p: Distribution, q: Distribution) -> str | None:
    """Why KL(P‖Q) is +oo, or ``None`` when it is finite.

    >>> from klsym import dist
    >>> infinite_reason(dist("binomial", n=5, p=0.5), dist("binomial", n=3, p=0.5))
    'the support of P {0, ..., 5} is not inside the support of Q {0, ..., 3}'
    """
    return kl_answer(p, q).reason
