"""Exact KL, cross-entropy and entropy where a side is a mixture, and where there is none.

A mixture p = Σ wᵢ pᵢ has a closed-form **cross-entropy** against a distribution Q,
by linearity: H(P, Q) = −E_P[log q] = Σ wᵢ H(Pᵢ, Q). Its **entropy**, and so
KL(P‖Q) = H(P, Q) − H(P), has none in general (not even for Gaussian
components: E_P[log Σ wⱼ pⱼ] is the expectation of a log-sum-exp), and neither
has anything with a mixture Q (log q is a log-sum-exp). Exact answers exist where:

* P and Q are the same mixture (the same components with the same total weights,
  in any order): KL = 0;
* both sides reduce to one distribution each: the ordinary closed form;
* P is discrete with a short finite support (at most
  :data:`klsym.exact.resolve.MAX_SUM_TERMS` points, the hull of its components'
  supports): the exact sum Σ_x p(x) log(p(x)/q(x)), 0·log 0 = 0, and +∞ (with
  the reason) where q(x) = 0 < p(x);
* a component of P (with parameters inside their domain) puts mass where no
  component of Q has support: +∞, with the reason.

Elsewhere :class:`NoClosedForm` is raised (a ``NotImplementedError`` and a
``ValueError``), naming the numeric routes: :func:`klsym.numeric_kl` (the oracle,
to the digits asked), :func:`klsym.kl_float` (correctly rounded float64) and, for
Gaussian mixtures, :func:`klsym.kl_bounds` (closed-form bounds).

The functions here take the pairwise function of the caller (``kl_of``,
``cross_entropy_of``, ``entropy_of``) for the distribution-only cases, so that this
module sits below :mod:`klsym.exact.divergence` and :mod:`klsym.exact.entropy`.
"""

from __future__ import annotations

from typing import Callable

import sympy as sp

from ..records.distribution import Distribution
from ..records.mixture import Mixture, as_mixture
from .answer import KLAnswer
from .resolve import MAX_SUM_TERMS, NoClosedForm, Route, sum_terms

__all__ = ["NoClosedForm", "mixture_kl_answer", "mixture_infinite_reason", "mixture_cross_entropy", "mixture_entropy",
           "canonical", "NUMERIC_ROUTES"]

#: where to turn when there is no closed form
NUMERIC_ROUTES = ("use klsym.numeric_kl(p, q, dps=...) for digits with an error bound, klsym.kl_float(p, q) for a "
                  "correctly rounded float64, or klsym.kl_bounds(p, q) for closed-form bounds (Gaussian mixtures)")


def _side(d: object, name: str) -> Mixture:
    if isinstance(d, (Mixture, Distribution)):
        return as_mixture(d)
    raise ValueError(f"{name} must be a klsym distribution (klsym.dist(...)) or a mixture (klsym.mixture(...)), "
                     f"got {type(d).__name__}")


def canonical(m: Mixture) -> dict[Distribution, sp.Expr]:
    """component → total weight (equal components merged), for comparing mixtures.

    >>> from klsym import dist, mixture
    >>> a, b = dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=1)
    >>> canonical(mixture(["1/4", "1/2", "1/4"], [a, b, a])) == canonical(mixture(["1/2", "1/2"], [b, a]))
    True
    """
    out: dict[Distribution, sp.Expr] = {}
    for w, c in m.components_weighted():
        out[c] = out.get(c, sp.Integer(0)) + w
    return out


def _short(m: Mixture | Distribution) -> str:
    text = repr(m)
    return text if len(text) <= 200 else f"mixture of {len(m.components)} components"


def _no_closed_form(what: str, p: Mixture | Distribution, q: Mixture | Distribution | None = None) -> NoClosedForm:
    pair = f"{what}({_short(p)} ‖ {_short(q)})" if q is not None else f"{what}({_short(p)})"
    return NoClosedForm(f"{pair}: the {what} of a mixture has no closed form (log of a sum of densities; "
                        f"only the cross-entropy of a mixture P against one distribution Q is closed); {NUMERIC_ROUTES}")


def _finite_points(p: Mixture) -> list[int] | None:
    """P's support points when P is a univariate discrete mixture on at most MAX_SUM_TERMS points."""
    if not p.discrete or any(c.record.multivariate for c in p.components):
        return None
    sizes = [sum_terms(c) for c in p.components]
    if any(n is None for n in sizes):
        return None
    lo = min(int(c.support_bounds()[0]) for c in p.components)
    hi = max(int(c.support_bounds()[1]) for c in p.components)
    if hi - lo + 1 > MAX_SUM_TERMS:
        return None
    return list(range(lo, hi + 1))


def _mass(m: Mixture, x: int) -> sp.Expr:
    lp = m.logpdf(x)
    return sp.Integer(0) if lp == -sp.oo else sp.exp(lp)


def _support_gap(p: Mixture, q: Mixture) -> str | None:
    """Why some component of P (interior parameters) has mass outside every component of Q's support, else None."""
    if p.dimension != 1 or q.dimension != 1:
        return None
    union = sp.Union(*[sp.Interval(*c.support_bounds()) for c in q.components])
    for j, c in enumerate(p.components):
        if not c.is_interior():
            continue
        gap = sp.Complement(sp.Interval(*c.support_bounds()), union)
        if p.discrete:
            gap = sp.Intersection(gap, sp.S.Integers)
            empty = gap.is_empty
        else:
            empty = gap.is_empty or gap.measure == 0
        if empty is False or (empty is None and not p.discrete and gap.measure.is_positive):
            return (f"component {j} of P, {c}, puts mass on {gap}, where no component of Q has support "
                    "(the support of P is not inside the support of Q)")
    return None


def _exact_sum(p: Mixture, q: Mixture, points: list[int], cross: bool = False) -> KLAnswer:
    terms = []
    for x in points:
        px = _mass(p, x)
        if px == 0:
            continue
        qx = _mass(q, x)
        if qx == 0:
            return KLAnswer(sp.oo, Route.EXACT_SUM, f"P gives x = {x} probability {px}, Q gives it probability 0 "
                                                    "(the support of P is not inside the support of Q)")
        terms.append(-px * sp.log(qx) if cross else px * (sp.log(px) - sp.log(qx)))
    return KLAnswer(sp.Add(*terms), Route.EXACT_SUM)


def mixture_kl_answer(p: Mixture | Distribution, q: Mixture | Distribution,
                      kl_of: Callable[[Distribution, Distribution], KLAnswer]) -> KLAnswer:
    """KL(P‖Q) where either side may be a mixture (see the module docstring);
    ``kl_of`` is the exact KL of two distributions. Raises :class:`NoClosedForm`.

    >>> from klsym import dist, mixture
    >>> from klsym.exact.divergence import kl_answer
    >>> m = mixture(["1/2", "1/2"], [dist("bernoulli", p="1/4"), dist("bernoulli", p="3/4")])
    >>> mixture_kl_answer(m, dist("bernoulli", p="1/2"), kl_answer).value     # m is Bernoulli(1/2)
    0
    """
    mp_, mq = _side(p, "P"), _side(q, "Q")
    if mp_.discrete != mq.discrete or mp_.dimension != mq.dimension:
        raise ValueError("P and Q must both be discrete or both continuous, on one space")
    cp, cq = canonical(mp_), canonical(mq)
    if cp == cq:
        return KLAnswer(sp.Integer(0), Route.IDENTICAL)
    if len(cp) == 1 and len(cq) == 1:
        return kl_of(next(iter(cp)), next(iter(cq)))
    points = _finite_points(mp_)
    if points is not None:
        return _exact_sum(mp_, mq, points)
    gap = _support_gap(mp_, mq)
    if gap is not None:
        return KLAnswer(sp.oo, Route.SUPPORT, gap)
    raise _no_closed_form("KL", p, q)


def _finite_by_bound(mp_: Mixture, mq: Mixture, kl_of) -> bool:
    """KL(P‖Q) ≤ Σᵢ wᵢ min_j (KL(Pᵢ‖Qⱼ) − log vⱼ) (convexity, and q ≥ vⱼ qⱼ): True when that is finite."""
    for c in mp_.components:
        finite = False
        for d in mq.components:
            try:
                finite = kl_of(c, d).value != sp.oo
            except (NotImplementedError, ValueError):
                continue
            if finite:
                break
        if not finite:
            return False
    return True


def mixture_infinite_reason(p: Mixture | Distribution, q: Mixture | Distribution,
                            kl_of: Callable[[Distribution, Distribution], KLAnswer]) -> str | None:
    """Why KL(P‖Q) = +∞, or None when it is finite, with a mixture on either side.

    Decided by the exact answer where there is one; else finite when every component
    of P has finite KL to some component of Q (KL(P‖Q) ≤ Σᵢ wᵢ (KL(Pᵢ‖Qⱼ) − log vⱼ));
    else :class:`NoClosedForm`.

    >>> from klsym import dist, mixture
    >>> from klsym.exact.divergence import kl_answer
    >>> m = mixture(["1/2", "1/2"], [dist("normal", mu=-1, sigma=1), dist("normal", mu=1, sigma=1)])
    >>> mixture_infinite_reason(m, dist("normal", mu=0, sigma=1), kl_answer) is None
    True
    """
    try:
        return mixture_kl_answer(p, q, kl_of).reason
    except NoClosedForm:
        mp_, mq = as_mixture(p), as_mixture(q)
        if _finite_by_bound(mp_, mq, kl_of):
            return None
        raise


def mixture_cross_entropy(p: Mixture | Distribution, q: Mixture | Distribution,
                          cross_entropy_of: Callable[[Distribution, Distribution], sp.Expr]) -> sp.Expr:
    """−E_P[log q] with a mixture on either side: Σ wᵢ H(Pᵢ, Q) for a mixture P and one
    distribution Q (exact, by linearity); the exact sum for a short finite discrete P;
    else :class:`NoClosedForm`.

    >>> from klsym import dist, mixture
    >>> from klsym.exact.entropy import cross_entropy
    >>> m = mixture(["1/2", "1/2"], [dist("exponential", lam=1), dist("exponential", lam=2)])
    >>> mixture_cross_entropy(m, dist("exponential", lam=1), cross_entropy)
    3/4
    """
    mp_, mq = _side(p, "P"), _side(q, "Q")
    if mp_.discrete != mq.discrete or mp_.dimension != mq.dimension:
        raise ValueError("P and Q must both be discrete or both continuous, on one space")
    cq = canonical(mq)
    if len(cq) == 1:
        qd = next(iter(cq))
        total = sp.Integer(0)
        for c, w in canonical(mp_).items():
            h = cross_entropy_of(c, qd)
            if h == sp.oo:
                return sp.oo
            total += w * h
        return total
    points = _finite_points(mp_)
    if points is not None:
        answer = _exact_sum(mp_, mq, points, cross=True)
        return answer.value
    raise _no_closed_form("cross-entropy", p, q)


def mixture_entropy(p: Mixture, entropy_of: Callable[[Distribution], sp.Expr]) -> sp.Expr:
    """H(P) of a mixture: the component's entropy for one distinct component, the exact
    sum for a short finite discrete support, else :class:`NoClosedForm`.

    >>> from klsym import dist, mixture
    >>> from klsym.exact.entropy import entropy
    >>> mixture_entropy(mixture(["1/2", "1/2"], [dist("bernoulli", p=0), dist("bernoulli", p=1)]), entropy)
    log(2)
    """
    mp_ = _side(p, "P")
    cp = canonical(mp_)
    if len(cp) == 1:
        return entropy_of(next(iter(cp)))
    points = _finite_points(mp_)
    if points is not None:
        return sp.Add(*[-m * sp.log(m) for m in (_mass(mp_, x) for x in points) if m != 0])
    raise _no_closed_form("entropy", p)
