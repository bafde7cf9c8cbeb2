"""KL with different fixed parameters on a discrete support: closed part + series.

For negative binomials with different ``r`` (or binomials with different ``n``
on a support too long for the exact sum) the base measures differ, so the
Bregman form does not apply. From the records,

    log p(k) − log q(k) = c + b·k + g(k),

with c free of k, b·k linear in k, and g(k) the rest (here
log Γ(k + r_P) − log Γ(k + r_Q)). Hence

    KL(P‖Q) = c + b·E_P[X] + Σ_k P(k) g(k),

E_P[X] being P's recorded mean. The series has no closed form; it stays in the
exact answer as a :class:`klsym.exact.series.InfiniteSum` (also over a long
finite range; evaluated, when asked for digits, by
:func:`klsym.exact.series.series_value`).

>>> from klsym import dist
>>> a = kl_series_answer(dist("negative_binomial", r=3, p="1/2"), dist("negative_binomial", r=5, p="1/2"))
>>> str(a.method)
'closed form + series'
>>> sp.N(a.value, 20)
0.26435428811110999703
"""

from __future__ import annotations

import sympy as sp

from ..records.distribution import Distribution
from ..records.record import X
from ..records.values import substitute
from .answer import KLAnswer
from .resolve import Route
from .series import InfiniteSum

__all__ = ["kl_series_answer"]


def kl_series_answer(p: Distribution, q: Distribution) -> KLAnswer:
    """KL(P‖Q) = c + b·E_P[X] + Σ_k P(k) g(k) for P, Q of one discrete family with
    different fixed parameters (see the module docstring); the route is
    ``Route.EXPECTATION`` when no series is left (c + b·E_P[X] alone)."""
    rec = p.record
    if not rec.discrete or rec.mean is None:
        raise NotImplementedError(f"{rec.name}: no closed part + series form (a discrete family with a recorded mean)")
    lp = substitute(rec.logpdf, p.substitution())
    lq = substitute(rec.logpdf, q.substitution())
    const, linear, rest = sp.Integer(0), sp.Integer(0), sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(lp - lq)):
        c, g = term.as_independent(X, as_Add=False)
        if g == 1:
            const += c
        elif g == X:
            linear += c
        else:
            rest += term
    mean = substitute(rec.mean, p.substitution())
    lo, hi = p.support_bounds()
    closed = const + linear * mean
    if rest == 0:
        return KLAnswer(closed, Route.EXPECTATION)
    # unevaluated: exp(r log b) with a huge integer r must not become an exact power b^r
    series = InfiniteSum(sp.Mul(sp.exp(lp, evaluate=False), rest, evaluate=False), (X, lo, hi))
    return KLAnswer(closed + series, Route.SERIES)
