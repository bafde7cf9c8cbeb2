"""Entropy and cross-entropy, from the same engine as KL.

* ``entropy(P)`` = H(P) = −E_P[log p(X)] (differential entropy for a density, in nats);
* ``cross_entropy(P, Q)`` = −E_P[log q(X)] = H(P) + KL(P‖Q), exactly.

For an exponential family H(P) = A(η_P) − η_P·E_P[T] − E_P[log h(X)] with
E_P[T] = ∇A (see :func:`klsym.derive.derive_entropy`). Where E_P[log h] has no
closed form (log-factorials of binomial, Poisson and negative binomial, E[log X]
of the log-series law) the symbolic entropy contains the defining sum,
unevaluated; for a concrete distribution a finite sum is carried out exactly and
an infinite one stays in the exact answer as a :class:`klsym.exact.series.InfiniteSum`,
whose numeric value (``evalf``) comes from :func:`klsym.exact.series.series_value`.
Where the entropy does not exist (the log-Cauchy law: E[log X] is undefined, so
−∫ p log p has infinite positive and negative parts) both functions raise
``ValueError`` saying so, never a silent nan; KL of such laws exists and is derived.
"""

from __future__ import annotations

import sympy as sp

from ..derive import derive_entropy, derive_kl
from ..derive.expectation import derive_by_expectation
from ..records import registry
from ..records.distribution import Distribution
from ..records.mixture import Mixture
from .counts import exact_entropy_over_counts
from .divergence import kl_answer
from .evaluate import boundary_limit, form_at
from .mixtures import mixture_cross_entropy, mixture_entropy
from .resolve import Route, entropy_form, log_probability, resolve_entropy

__all__ = ["entropy", "cross_entropy"]

#: a degenerate discrete P (all its mass on a few points) is found by scanning this far
_SCAN = 1000


def _check(d, side: str = "P") -> None:
    if not isinstance(d, Distribution):
        raise ValueError(f"{side} must be a klsym distribution (klsym.dist(...)) or a family name, got {type(d).__name__}")


def _exact_discrete(p: Distribution) -> sp.Expr:
    """−Σ p(x) log p(x) over P's support, 0·log 0 = 0, when P's mass sits on finitely many points."""
    lo, hi = p.support_bounds()
    total, mass = sp.Integer(0), sp.Integer(0)
    x = int(lo)
    while (hi.is_finite and x <= hi) or (not hi.is_finite and x < lo + _SCAN):
        lp = log_probability(p, x)
        if lp != -sp.oo:
            total -= sp.exp(lp) * lp
            mass += sp.exp(lp)
        x += 1
        if not hi.is_finite and sp.simplify(mass - 1) == 0:
            return total
    if hi.is_finite:
        return total
    raise NotImplementedError(
        f"entropy of {p}: a boundary parameter and an infinite support without a degenerate mass; not computed"
    )


def _defined(form: sp.Expr, family: str, what: str) -> sp.Expr:
    """``form`` unless it is nan: then the record states an atom of its log-density with no
    mean, and the (cross-)entropy does not exist."""
    if form.has(sp.nan):
        atoms = [str(atom) for atom, value, _ in registry.get(family).expectations if value is sp.nan]
        raise ValueError(f"the {what} of {family} does not exist: E[{', '.join(atoms) or 'log p'}] is undefined "
                         "under P (its positive and negative parts are both infinite); KL between two "
                         f"{family} laws exists: klsym.kl")
    return form


def entropy(p: Distribution | str) -> sp.Expr:
    """H(P) = −E_P[log p(X)] in nats (differential entropy for a density); ``ValueError``
    where it does not exist (the log-Cauchy law: E[log X] is undefined, and so is the integral).

    With a distribution: the exact value (the route from
    :func:`klsym.exact.resolve.resolve_entropy`). With a family name: the symbolic
    form in the record's own parameter names.

    >>> from klsym import dist
    >>> entropy(dist("exponential", lam=2))
    1 - log(2)
    >>> entropy("normal")
    log(sigma) + log(2)/2 + 1/2 + log(pi)/2
    """
    if isinstance(p, str):
        return _defined(entropy_form(p), p, "entropy")
    if isinstance(p, Mixture):
        return mixture_entropy(p, entropy)
    _defined(entropy_form(p.family), p.family, "entropy")
    r = resolve_entropy(p)
    if r.route is Route.COUNT_SUM:
        return exact_entropy_over_counts(p)
    if r.route is Route.EXACT_SUM:
        return _exact_discrete(p)
    if r.route is Route.LIMIT:
        return boundary_limit(r.form, [(p, p.record.symbols())])[0]
    return form_at(r.form, r.values, p.record.length_symbol)


def cross_entropy(p: Distribution | str, q: Distribution | str | None = None) -> sp.Expr:
    """−E_P[log q(X)] = H(P) + KL(P‖Q) (``oo`` when P puts mass where Q has none).

    With two family names: the symbolic form, P's parameters suffixed ``_p``
    and Q's ``_q`` (fixed parameters keep their plain name). A mixture P against
    one distribution Q: Σ wᵢ H(Pᵢ, Q), exact (:mod:`klsym.exact.mixtures`).

    >>> from klsym import dist
    >>> cross_entropy(dist("exponential", lam=1), dist("exponential", lam=2))
    2 - log(2)
    """
    if isinstance(p, str):
        name_q = p if q is None else q
        fp, fq = registry.get(p), registry.get(name_q)
        if fp.name != fq.name:
            raise NotImplementedError(f"cross-entropy({fp.name} ‖ {fq.name}): only pairs within one family are derived so far")
        if fp.ef is None:
            d = derive_by_expectation(fp.name)
            _defined(d.cross_entropy, fp.name, "cross-entropy")
            return d.cross_entropy if d.condition is sp.true else sp.Piecewise((d.cross_entropy, d.condition), (sp.oo, True))
        own, side = fp.symbols(), fp.symbols_for("p")
        h = derive_entropy(fp.name).entropy.xreplace({own[n]: side[n] for n in own})
        return h + derive_kl(fp.name).kl
    if isinstance(p, Mixture) or isinstance(q, Mixture):
        return mixture_cross_entropy(p, q, cross_entropy)
    _check(p)
    _check(q, "Q")
    _defined(entropy_form(p.family), p.family, "cross-entropy")
    answer = kl_answer(p, q)
    if answer.value == sp.oo:
        return sp.oo
    return entropy(p) + answer.value
