"""The affinity M(α) = Σ/∫ p^α q^(1−α) where no log-partition gives it, exact.

Routes of :func:`klsym.exact.renyi.divergence_answer` for pairs outside one exponential
family's Bregman form: the exact sum over a short discrete support or over the few points
a law sits on (0^a = 0 for a > 0; q^(1−α) = +∞ where q = 0 < p and α > 1), the constant
sum of a law whose probability does not depend on x (the discrete uniform law), SymPy's
integral of p^α q^(1−α) (supports or kinks that differ, two continuous families), and
mutually singular laws (one discrete, one continuous). Each gives a :class:`DivergenceAnswer`
(+∞ with the reason) or raises ``NotImplementedError`` naming why: never a number that
is not derived.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..derive.renyi import affinity_integral
from ..records.distribution import Distribution
from ..records.values import HeldNumber
from .resolve import MAX_SUM_TERMS, log_probability, point_masses, sum_terms

__all__ = ["DivergenceAnswer", "constant_sum", "exact_sum", "finite_points", "from_affinity", "integral_answer", "refuse",
           "short_support", "two_families"]


@dataclass(frozen=True)
class DivergenceAnswer:
    """An exact divergence with how it was obtained and, for ``oo``, why."""

    value: sp.Expr
    kind: str
    order: sp.Expr
    method: str
    reason: str | None = None


def from_affinity(kind: str, order: sp.Expr, log_m: sp.Expr, hold: bool = False) -> sp.Expr:
    """The divergence from log M(order) (``hold``: e^L left unevaluated)."""
    if kind == "renyi":
        return log_m / (order - 1)
    if kind == "bhattacharyya":
        return -log_m
    m = sp.exp(log_m, evaluate=not hold)
    if kind == "hellinger":
        return sp.sqrt(1 - m)
    return m - 1


def refuse(p: Distribution, q: Distribution, why: str, kind: str) -> None:
    raise NotImplementedError(f"{kind}({p.family} ‖ {q.family}): {why}; no exact value "
                              f"(the numeric oracle: klsym.numeric_divergence)")


#: bits of a rational probability past which its power p^alpha is held (not evaluated)
_HELD_BITS = 64


def _affinity_term(lp: sp.Expr, lq: sp.Expr, order: sp.Expr) -> sp.Expr:
    """p^alpha q^(1 - alpha) from the exact log-probabilities. Where both probabilities are
    rationals with large numerators or denominators (a hypergeometric law with N = 10^6) and
    alpha is not a whole number, the powers are held (:class:`klsym.records.values.HeldNumber`):
    SymPy's exact root of a 40-digit integer factors it, slowly, and its factor cache can fail
    (a ValueError "... is not a prime factor of ...")."""
    if not order.is_integer:
        pp, qq = sp.exp(lp), sp.exp(lq)
        if pp.is_Rational and qq.is_Rational and max(
                int(v).bit_length() for r in (pp, qq) for v in (r.p, r.q)) > _HELD_BITS:
            return sp.Pow(HeldNumber(pp), order) * sp.Pow(HeldNumber(qq), 1 - order)
    return sp.exp(order * lp + (1 - order) * lq)


def exact_sum(p: Distribution, q: Distribution, kind: str, order: sp.Expr, points) -> DivergenceAnswer:
    """M = Σ_x p(x)^α q(x)^(1−α) over P's points (0^a = 0 for a > 0)."""
    if not order.is_number:
        refuse(p, q, "the order must be a number for the exact sum over the support", kind)
    q_lo, q_hi = q.support_bounds()
    terms = []
    for x in points:
        lp = log_probability(p, x)
        if lp == -sp.oo:
            continue
        lq = log_probability(q, x) if q_lo <= x <= q_hi else -sp.oo
        if lq == -sp.oo:
            if order > 1:
                return DivergenceAnswer(sp.oo, kind, order, "exact sum over the support", (
                    f"P gives x = {x} probability {sp.exp(lp)}, Q gives it 0, and q^(1 - alpha) = +oo there "
                    f"for alpha = {order} > 1"))
            continue  # p^a · 0^(1−a) = 0 for a < 1
        terms.append(_affinity_term(lp, lq, order))
    m = sp.Add(*terms)
    if m == 0:
        if kind == "hellinger":
            return DivergenceAnswer(sp.Integer(1), kind, order, "exact sum over the support")
        return DivergenceAnswer(sp.oo, kind, order, "exact sum over the support",
                                "P and Q have no outcome in common: the affinity sum p^alpha q^(1 - alpha) is 0")
    value = from_affinity(kind, order, sp.log(m))
    # simplify would release held powers (and evaluate them): kept as summed
    return DivergenceAnswer(value if m.has(HeldNumber) else sp.simplify(value), kind, order,
                            "exact sum over the support")


def constant_sum(p: Distribution, q: Distribution, kind: str, order: sp.Expr) -> DivergenceAnswer:
    """M = Σ_x p(x)^α q(x)^(1−α) for a record whose log-density does not depend on x on its
    support (the discrete uniform law), however many points: the number of points P and Q
    share times the constant term. For α > 1 a point of P outside Q's support gives +∞."""
    if not order.is_number:
        refuse(p, q, "the order must be a number for the exact sum over the support", kind)
    method = "exact sum over the support"
    (lo_p, hi_p), (lo_q, hi_q) = p.support_bounds(), q.support_bounds()
    if order > 1 and (lo_p < lo_q or hi_p > hi_q):
        return DivergenceAnswer(sp.oo, kind, order, method, (
            f"P has points outside Q's support [{lo_q}, {hi_q}], and q^(1 - alpha) = +oo there "
            f"for alpha = {order} > 1"))
    shared = sp.Max(0, sp.Min(hi_p, hi_q) - sp.Max(lo_p, lo_q) + 1)
    if shared == 0:
        if kind == "hellinger":
            return DivergenceAnswer(sp.Integer(1), kind, order, method)
        return DivergenceAnswer(sp.oo, kind, order, method,
                                "P and Q have no outcome in common: the affinity sum p^alpha q^(1 - alpha) is 0")
    lp, lq = p.logpdf(lo_p), q.logpdf(lo_q)
    value = from_affinity(kind, order, sp.log(shared) + order * lp + (1 - order) * lq)
    return DivergenceAnswer(sp.simplify(value), kind, order, method)


def integral_answer(p: Distribution, q: Distribution, kind: str, order: sp.Expr) -> DivergenceAnswer:
    """The affinity as SymPy's integral of p^α q^(1−α) (:func:`klsym.derive.renyi.affinity_integral`):
    P and Q whose supports or kinks differ (:func:`klsym.derive.renyi.integral_route_applies`).
    For α > 1 a P with mass where Q has none gives +∞."""
    if not order.is_number:
        refuse(p, q, "the order must be a number for SymPy's integral of p^alpha q^(1 - alpha)", kind)
    method = "closed form (SymPy's integral of p^alpha q^(1 - alpha))"
    (lo_p, hi_p), (lo_q, hi_q) = p.support_bounds(), q.support_bounds()
    if order > 1 and (sp.Lt(lo_p, lo_q) is sp.true or sp.Gt(hi_p, hi_q) is sp.true):
        return DivergenceAnswer(sp.oo, kind, order, method, (
            f"P has mass on [{lo_p}, {hi_p}] outside Q's support [{lo_q}, {hi_q}], where q^(1 - alpha) = +oo "
            f"for alpha = {order} > 1"))
    m, why = affinity_integral(p, q, order)
    if m is None:
        refuse(p, q, why, kind)
    if m == sp.oo:
        return DivergenceAnswer(sp.oo, kind, order, method, (
            f"the integral of p^alpha q^(1 - alpha) is +oo at alpha = {order} > 1 (SymPy's integral; the integrand "
            "does not fall fast enough in a tail or at an end)"))
    if m == 0:
        if kind == "hellinger":
            return DivergenceAnswer(sp.Integer(1), kind, order, method)
        return DivergenceAnswer(sp.oo, kind, order, method, "P and Q have no support in common: the affinity "
                                "integral of p^alpha q^(1 - alpha) is 0")
    return DivergenceAnswer(from_affinity(kind, order, sp.log(m)), kind, order, method)


def two_families(p: Distribution, q: Distribution, kind: str, order: sp.Expr) -> DivergenceAnswer:
    """P and Q of two different univariate families, at numbers: +oo when one is discrete and
    the other continuous (no common support of positive measure), SymPy's integral of
    p^alpha q^(1 - alpha) for two continuous laws (:func:`integral_answer`), the exact sum
    over a short support for two discrete ones; refused otherwise (the oracle gives digits)."""
    if p.record.multivariate or q.record.multivariate:
        refuse(p, q, "two different multivariate families are not derived", kind)
    if not order.is_number:
        refuse(p, q, "two different families are derived at a numeric order only", kind)
    if p.record.discrete != q.record.discrete:
        which = "P is discrete and Q continuous" if p.record.discrete else "P is continuous and Q discrete"
        if kind == "hellinger":
            return DivergenceAnswer(sp.Integer(1), kind, order, "exact (mutually singular laws)")
        return DivergenceAnswer(sp.oo, kind, order, "exact (mutually singular laws)", (
            f"{which}: each puts its mass on a set the other gives probability 0, so the affinity "
            "p^alpha q^(1 - alpha) is 0 everywhere"))
    if not p.record.discrete:
        return integral_answer(p, q, kind, order)
    points = finite_points(p, q)
    if points is None:
        refuse(p, q, "two discrete families with a long support are not summed exactly", kind)
    return exact_sum(p, q, kind, order, points)


def short_support(p: Distribution) -> list[int] | None:
    """The points of P's finite support when there are at most :data:`MAX_SUM_TERMS`, else None."""
    n = sum_terms(p)
    if n is None or n > MAX_SUM_TERMS:
        return None
    lo, hi = p.support_bounds()
    return list(range(int(lo), int(hi) + 1))


def finite_points(p: Distribution, q: Distribution) -> list[int] | None:
    """The points to sum over: P's short finite support, or the few points P (or, for
    α < 1 terms that vanish off Q's points, Q) sits on."""
    points = short_support(p)
    return points if points is not None else point_masses(p)
