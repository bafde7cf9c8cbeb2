"""KL between distributions: the closed forms of :mod:`klsym.derive`, evaluated.

* ``kl(P, Q)`` = KL(P‖Q) = E_P[log p(X) − log q(X)], the **forward** KL when P
  is the target: minimising it over Q makes Q cover all of P's mass.
* ``reverse_kl(P, Q)`` = KL(Q‖P), the **reverse** KL: minimising it over Q
  lets Q ignore parts of P and lock onto one mode.

The route for a pair is chosen once, by :func:`klsym.exact.resolve.resolve`;
this module evaluates it. Where P's parameters sit on a closed end of their
domain (p = 1, lam = 0) the closed form is taken as a limit from the interior,
or, on a short finite support, the defining sum is computed exactly with
0·log 0 = 0. Where P puts mass on outcomes that Q cannot produce the answer
is ``oo``, and :func:`infinite_reason` says why.
"""

from __future__ import annotations

import sympy as sp

from ..derive import kl_form
from ..derive.pairs import derive_pair
from ..derive.sides import swap_sides
from ..records import registry
from ..records.distribution import Distribution
from ..records.mixture import Mixture
from .answer import KLAnswer
from .counts import exact_kl_over_counts
from .evaluate import boundary_limit, form_at, value_with_limits
from .mixtures import mixture_infinite_reason, mixture_kl_answer
from .resolve import NoClosedForm, Resolution, Route, log_probability, resolve
from .series_kl import kl_series_answer
from .series import infinite_sums

__all__ = ["kl", "reverse_kl", "infinite_reason", "KLAnswer", "kl_answer", "evaluate_resolution", "limit_form"]


def _exact_sum(p: Distribution, q: Distribution, points: list[int] | None = None) -> KLAnswer:
    """Σ_x p(x) (log p(x) − log q(x)) over P's (finite) support or the given ``points``
    (those of positive probability), 0·log 0 = 0."""
    lo, hi = p.support_bounds()
    terms = []
    for x in points if points is not None else range(int(lo), int(hi) + 1):
        lp = log_probability(p, x)
        if lp == -sp.oo:
            continue
        q_lo, q_hi = q.support_bounds()
        lq = log_probability(q, x) if q_lo <= x <= q_hi else -sp.oo
        if lq == -sp.oo:
            return KLAnswer(
                sp.oo,
                Route.EXACT_SUM,
                f"P gives x = {x} probability {sp.exp(lp)}, Q gives it probability 0 "
                "(the support of P is not inside the support of Q)",
            )
        terms.append(sp.exp(lp) * (lp - lq))
    return KLAnswer(sp.Add(*terms), Route.EXACT_SUM)


def limit_form(p: Distribution, q: Distribution, expr: sp.Expr, symbols: tuple[dict, dict] | None = None) -> KLAnswer:
    """Closed form at boundary parameters: substitute interior values, then take
    one-sided limits (P's parameters first, then Q's) from inside the domain.
    ``symbols``: P's and Q's parameter symbols by name (default: the record's ``_p``/``_q``)."""
    sym_p, sym_q = symbols or (p.record.symbols_for("p"), q.record.symbols_for("q"))
    sides = [(p, sym_p), (q, sym_q)]
    expr, later = boundary_limit(expr, sides)
    if expr.has(sp.nan, sp.zoo):
        raise NoClosedForm("the closed form stays 0/0 at these boundary parameter values after one-sided limits; "
                           "the digits: klsym.numeric_kl(p, q); a correctly rounded float: klsym.kl_float(p, q)")
    if expr == sp.oo:
        where = ", ".join(f"{s} -> {v}" for s, v in later)
        return KLAnswer(
            sp.oo,
            Route.LIMIT,
            f"the limit of KL as {where} is +oo: Q gives probability 0 to outcomes P can take",
        )
    return KLAnswer(expr, Route.LIMIT)


def evaluate_resolution(r: Resolution) -> KLAnswer:
    """The exact KL(P‖Q) along the route chosen by :func:`klsym.exact.resolve.resolve`.

    >>> from klsym import dist
    >>> from klsym.exact.resolve import resolve
    >>> evaluate_resolution(resolve(dist("uniform", a=0, b=1), dist("uniform", a=-1, b=3))).value
    log(4)
    """
    p, q = r.p, r.q
    if r.route is Route.IDENTICAL:  # exactly 0 for every P, written as 0 rather than as terms that cancel
        return KLAnswer(sp.Integer(0), r.route)
    if r.route in (Route.SUPPORT, Route.INFINITE, Route.DIVERGENT):
        return KLAnswer(sp.oo, r.route, r.reason)
    if r.route is Route.COUNT_SUM:
        value, reason = exact_kl_over_counts(p, q)
        return KLAnswer(value, r.route, reason)
    if r.route is Route.EXACT_SUM:
        return _exact_sum(p, q, r.values.get("points"))
    if r.route is Route.SERIES:
        return kl_series_answer(p, q)
    if r.route is Route.LIMIT:
        return limit_form(p, q, r.form, r.symbols)
    if r.route is Route.PAIR:
        return KLAnswer(_pair_value(r.form, r.values), r.route)
    # a series left in the form (a stated expectation, as for the half-logistic law) is kept
    # unevaluated, its value from klsym.exact.series; a finite sum (a law of count vectors: one count's
    # support) is written out
    return KLAnswer(form_at(r.form, r.values, p.record.length_symbol), r.route)


def _pair_value(form: sp.Expr, values: dict) -> sp.Expr:
    """A cross-family form at its values (a 0·log 0 term taken as its one-sided limit:
    :func:`klsym.exact.evaluate.value_with_limits`)."""
    value = infinite_sums(value_with_limits(form, values))
    if value.has(sp.I, sp.exp_polar):  # never print a complex KL: a branch the engine should not have taken
        raise NoClosedForm("the derived form is not real at these parameter values (a complex branch of a log or "
                           "of a special function); the digits: klsym.numeric_kl(p, q); a correctly rounded float: "
                           "klsym.kl_float(p, q)")
    if value.has(sp.nan, sp.zoo):
        raise NoClosedForm("the derived form is 0/0 at these parameter values (a removable singularity the engine "
                           "does not resolve, such as Γ(−α)·sin(πα) of a beta prime law at whole-number shapes); the "
                           "digits: klsym.numeric_kl(p, q); a correctly rounded float: klsym.kl_float(p, q)")
    return value


def kl_answer(p: Distribution, q: Distribution) -> KLAnswer:
    """KL(P‖Q) with the route used (:class:`klsym.exact.resolve.Route`) and, for ``oo``, the reason.
    A mixture on either side: :func:`klsym.exact.mixtures.mixture_kl_answer`."""
    if isinstance(p, Mixture) or isinstance(q, Mixture):
        return mixture_kl_answer(p, q, kl_answer)
    return evaluate_resolution(resolve(p, q))


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
    >>> kl("normal", "exponential")  # two families: see klsym.pair("normal", "exponential").reason
    oo
    """
    _names_or_distributions(p, q)
    if isinstance(p, str):
        return _form(p, p if q is None else q)
    return kl_answer(p, q).value


def _form(name_p: str, name_q: str) -> sp.Expr:
    """The symbolic KL(P‖Q) for two family names (two different families: with its
    condition, +∞ outside it; see :func:`klsym.derive.pairs.pair`)."""
    if registry.get(name_p).name == registry.get(name_q).name:
        return kl_form(name_p, name_q)
    return derive_pair(registry.get(name_p).name, registry.get(name_q).name).answer


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
        if registry.get(name_q).name != registry.get(p).name:
            return _form(name_q, p)
        return swap_sides(registry.get(p), kl_form(p))
    return kl(q, p)


def infinite_reason(p: Distribution, q: Distribution) -> str | None:
    """Why KL(P‖Q) is +oo, or ``None`` when it is finite.

    >>> from klsym import dist
    >>> infinite_reason(dist("binomial", n=5, p=0.5), dist("binomial", n=3, p=0.5))
    'the support of P {0, ..., 5} is not inside the support of Q {0, ..., 3}'
    """
    if isinstance(p, Mixture) or isinstance(q, Mixture):
        return mixture_infinite_reason(p, q, kl_answer)
    return kl_answer(p, q).reason
