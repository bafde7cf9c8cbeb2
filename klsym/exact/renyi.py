"""Divergences beyond KL, exact: Rényi-α, Bhattacharyya, Hellinger, Jeffreys, Pearson chi-square.

All but Jeffreys are functions of the affinity M(α) = ∫ p^α q^(1−α) (a sum for a
discrete law):

* ``renyi(p, q, alpha)`` = D_α(P‖Q) = log M(α) / (α − 1), for α > 0, α ≠ 1
  (Rényi 1961; van Erven & Harremoës 2014, Definition 2); α → 1 gives KL(P‖Q);
* ``bhattacharyya(p, q)`` = −log M(1/2) = D_½(P‖Q) / 2;
* ``hellinger(p, q)`` = √(1 − M(1/2)): the Hellinger *distance*, in [0, 1]
  (the convention with H² = 1 − ∫ √(pq), not √2 times it);
* ``chi_square(p, q)`` = ∫ p²/q − 1 = M(2) − 1 (Pearson's χ²);
* ``jeffreys(p, q)`` = KL(P‖Q) + KL(Q‖P) (from :func:`klsym.exact.divergence.kl`).

Within one exponential family (fixed parameters shared) M comes from the
log-partition (:mod:`klsym.derive.renyi`), with the condition that η_α lies in
the natural parameter space; where it fails (α > 1 only) the answer is ``oo``
and :attr:`DivergenceAnswer.reason` says why. A short finite discrete support (a
categorical law, or a parameter on the end of its domain: bernoulli p = 0) is
summed exactly, with 0^a = 0 for a > 0, and q(x)^(1−α) = +∞ where q(x) = 0 < p(x)
and α > 1. Where a parameter that sets the support or a kink differs (uniform
``a``, ``b``; Pareto ``xm``; Laplace ``mu``) M is SymPy's integral of p^α q^(1−α)
over the common support (:func:`klsym.derive.renyi.affinity_integral`); so is any pair of a
continuous family with neither a log-partition nor a stated affinity (the log-Laplace laws).
A record without a log-partition may state L(α) = log M(α) with its source (the Cauchy law's
Legendre function, the logistic law's 2F1), possibly only for P and Q sharing a parameter
(the Moyal laws' sigma). Pairs of two families go through SymPy's integral too. Other pairs
(a Gumbel or Weibull pair with different scales or shapes, other fixed parameters that
differ on a long support, Moyal laws with different sigma, mixtures) raise
``NotImplementedError`` naming why: never a number that is not derived. The routes
without a log-partition (sums, SymPy's integral, two families) are in :mod:`klsym.exact.affinity`.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..derive.renyi import derive_renyi, integral_route_applies, order_symbol
from ..derive.renyi_vector import ForEvery, spd_condition_values
from ..records import registry
from ..records.convert import to_exact
from ..records.distribution import Distribution
from ..records.record import D, X
from ..records.values import substitute, substitute_matrices
from .affinity import (DivergenceAnswer, constant_sum, exact_sum, finite_points, from_affinity, integral_answer, refuse,
                       short_support, two_families)
from .divergence import infinite_reason, kl, reverse_kl
from .evaluate import evalf_safe
from .shapes import check_same_shapes

__all__ = ["DIVERGENCES", "DIVERGENCE_KINDS", "DivergenceAnswer", "bhattacharyya", "chi_square", "divergence_answer", "divergence_form",
           "divergence_reason", "hellinger", "jeffreys", "read_order", "renyi"]

#: the divergences computed from the affinity M(α) = ∫ p^α q^(1−α), and their fixed order
DIVERGENCES = {"renyi": None, "bhattacharyya": sp.Rational(1, 2), "hellinger": sp.Rational(1, 2),
               "chi_square": sp.Integer(2)}
#: every divergence klsym names, KL first (the choices of ``--divergence``, ``verify`` and ``divergence_float``)
DIVERGENCE_KINDS = ("kl", *DIVERGENCES, "jeffreys")


def read_order(alpha: object) -> sp.Expr:
    """The order α of a Rényi divergence as an exact SymPy number (int, Fraction, text by
    the number grammar, SymPy number) or a SymPy symbol; α > 0 and α ≠ 1. A float, Python's
    or SymPy's, is read as the exact binary number it holds.

    >>> read_order("1/2"), read_order(2), read_order(sp.Float(0.25))
    (1/2, 2, 1/4)
    >>> read_order(1)
    Traceback (most recent call last):
    ...
    ValueError: alpha = 1 is KL itself (the limit alpha -> 1 of D_alpha): use klsym.kl; the rule is alpha > 0, alpha != 1
    """
    if isinstance(alpha, sp.Symbol):
        return alpha
    a = to_exact(alpha, "alpha")
    if isinstance(a, sp.Float):
        a = sp.Rational(a)  # its exact binary value, as a Python float is read
    if a.is_number and (a.is_positive is False or a.is_extended_real is False):
        raise ValueError(f"alpha = {a}: the order of a Rényi divergence must be > 0 (rule: alpha > 0, alpha != 1)")
    if a.is_number and sp.Eq(a, 1) is sp.true:
        raise ValueError("alpha = 1 is KL itself (the limit alpha -> 1 of D_alpha): use klsym.kl; "
                         "the rule is alpha > 0, alpha != 1")
    return a


def _order(kind: str, alpha: object) -> sp.Expr:
    if kind not in DIVERGENCES:
        raise ValueError(f"kind = {kind!r}: one of {', '.join(DIVERGENCES)} (jeffreys: klsym.jeffreys)")
    fixed = DIVERGENCES[kind]
    if fixed is None:
        if alpha is None:
            raise ValueError("alpha: the Rényi divergence needs its order (alpha > 0, alpha != 1)")
        return read_order(alpha)
    if alpha is not None:
        raise ValueError(f"alpha: {kind} has the fixed order {fixed}; give no alpha")
    return fixed


def divergence_form(kind: str, name_p: str, name_q: str | None = None, alpha: object = None) -> sp.Expr:
    """The symbolic divergence for two family names (the same exponential family), P's
    parameters suffixed ``_p`` and Q's ``_q``, the order the symbol ``alpha`` unless given;
    a ``Piecewise`` with ``oo`` where η_α leaves the natural parameter space. A parameter
    left unsuffixed is shared by P and Q: a fixed one, or one the record's stated affinity
    asks them to share (:attr:`klsym.derive.renyi.RenyiDerivation.shared`: the Moyal laws' sigma).

    >>> divergence_form("chi_square", "exponential")
    Piecewise(((lam_p - lam_q)**2/(lam_q*(2*lam_p - lam_q)), 2*lam_p - lam_q > 0), (oo, True))
    """
    fam = registry.get(name_p)
    if name_q is not None and registry.get(name_q).name != fam.name:
        raise NotImplementedError(f"{kind}({fam.name} ‖ {registry.get(name_q).name}): only pairs within one "
                                  "exponential family are derived")
    order = order_symbol(fam) if kind == "renyi" and alpha is None else _order(kind, alpha)
    log_m, cond = derive_renyi(fam.name).at(order)
    value = _polynomial_hypers(from_affinity(kind, order, log_m))
    if kind == "chi_square" and not value.has(sp.Function):
        value = sp.factor(sp.simplify(value))
    return sp.Piecewise((value, cond), (sp.oo, True))


def _decide(cond: sp.Basic) -> sp.Basic:
    """A condition at numeric values, each comparison decided: SymPy leaves
    −2·log(1/2) + log(1/4) > 0 unevaluated (the logs are not combined), and η_α exactly on
    the edge of the natural space (a logarithmic P with p_P² = p_Q at α = 2) must come out
    false, not as a form that is 0/0 there. A comparison that 50 digits cannot settle stays."""
    def settle(rel: sp.Basic) -> sp.Basic:
        if not isinstance(rel, sp.core.relational.Relational) or rel.free_symbols:
            return rel
        gap = sp.simplify(sp.expand_log(rel.lhs - rel.rhs, force=True))  # a split across a branch: complex, undecided
        if gap == 0:
            return rel.func(0, 0)
        value = gap.evalf(50)
        if value.is_real and abs(value) > sp.Float(10) ** -40:
            return rel.func(value, 0)
        return rel

    return cond.xreplace({rel: settle(rel) for rel in cond.atoms(sp.core.relational.Relational)})


def _polynomial_hypers(value: sp.Expr) -> sp.Expr:
    """Each hypergeometric function with a nonpositive integer upper parameter written as the
    polynomial it is (a Cauchy pair at α = 2: 2F1(−1, 2; 1; z) = 1 − 2z); the others stay."""
    def terminates(h: sp.hyper) -> bool:
        return any(a.is_integer and a.is_nonpositive for a in h.ap)

    return value.replace(lambda e: isinstance(e, sp.hyper) and terminates(e), lambda e: sp.expand(sp.hyperexpand(e)))


def divergence_answer(p: Distribution, q: Distribution, kind: str, alpha: object = None) -> DivergenceAnswer:
    """One of :data:`DIVERGENCES` for two distributions, with the method and, for ``oo``, the reason.

    >>> from klsym import dist
    >>> a = divergence_answer(dist("normal", mu=0, sigma=2), dist("normal", mu=0, sigma=1), "renyi", 5)
    >>> a.value
    oo
    >>> print(a.reason)
    eta_alpha = alpha eta_P + (1 - alpha) eta_Q leaves the natural parameter space at alpha = 5: -4*sigma_p**2 + 5*sigma_q**2 > 0 fails
    """
    order = _order(kind, alpha)
    key_p, key_q = _exact_key(p), _exact_key(q)
    if key_p is None or key_q is None:
        return _answer(p, q, kind, order)
    # keyed on the order read from alpha (however it was spelled) and on P's and Q's exact values
    return _kept_answer(key_p, key_q, kind, order)


def _exact_key(d: object) -> tuple | None:
    """(record, parameter items) of a distribution, compared exactly (its own ``==`` and hash go by
    its text, in which a float's last digits and a symbol's assumptions do not show, and which is
    long to write for a long vector); None for anything else (a mixture) or a value that cannot be hashed."""
    if type(d) is not Distribution or type(d.params) is not dict:
        return None
    key = (d.record, tuple(d.params.items()))
    try:
        hash(key)
    except TypeError:
        return None
    return key


@lru_cache(maxsize=4096)
def _kept_answer(key_p: tuple, key_q: tuple, kind: str, order: sp.Expr) -> DivergenceAnswer:
    """:func:`_answer` for the distributions built again from their keys, kept: ``klsym check`` asks
    for each row's divergence more than once."""
    return _answer(Distribution(key_p[0], dict(key_p[1])), Distribution(key_q[0], dict(key_q[1])), kind, order)


def _answer(p: object, q: object, kind: str, order: sp.Expr) -> DivergenceAnswer:
    """:func:`divergence_answer` at the order read from alpha, uncached."""
    for d, side in ((p, "P"), (q, "Q")):
        if not isinstance(d, Distribution):
            raise NotImplementedError(f"{kind}: {side} must be a klsym distribution (mixtures are not handled), "
                                      f"got {type(d).__name__}")
    if p.family != q.family:
        return two_families(p, q, kind, order)
    check_same_shapes(p, q)
    if p == q:
        return DivergenceAnswer(sp.Integer(0), kind, order, "identical distributions")
    rec = p.record
    if integral_route_applies(p, q):
        return integral_answer(p, q, kind, order)
    mismatch = [f.name for f in rec.fixed_params if sp.Eq(p.params[f.name], q.params[f.name]) is not sp.true]
    if mismatch == ["n"] and rec.name == "multinomial":
        # count vectors summing to n_P and to n_Q: no outcome in common
        return _infinite_affinity(kind, order, -sp.oo, "exact (disjoint supports)")
    # a short support is summed whatever the fixed parameters (beta-binomial laws with different n)
    if mismatch and (rec.multivariate or short_support(p) is None):
        refuse(p, q, f"different fixed parameter(s) {', '.join(mismatch)} (the base measures differ)", kind)
    if rec.discrete and not rec.multivariate and (mismatch or not (p.is_interior() and q.is_interior())
                                                  or rec.ef is None or rec.ef.mean_T is not None):
        points = finite_points(p, q)
        if points is not None:
            return exact_sum(p, q, kind, order, points)
        if not rec.logpdf.has(X):
            return constant_sum(p, q, kind, order)
        refuse(p, q, "too many points to sum and no log-partition to sum them by", kind)
    try:
        d = derive_renyi(rec.name)
    except NotImplementedError as e:
        refuse(p, q, str(e), kind)
    differ = [n for n in d.shared if sp.Eq(p.params[n], q.params[n]) is not sp.true]
    if differ:
        refuse(p, q, f"the record states the affinity for P and Q sharing {', '.join(d.shared)} only, and "
               f"{', '.join(differ)} differ(s)", kind)
    log_m, cond = d.at(order)
    values = {**p.substitution("p"), **q.substitution("q"), **{rec.param(n).symbol(): p.params[n] for n in d.shared}}
    at_values = spd_condition_values(_put_values(cond, values, rec)[0]) if rec.multivariate else cond
    holds = _decide(at_values.xreplace({k: sp.sympify(v, strict=True) for k, v in values.items()})) \
        if at_values not in (sp.true, sp.false) else at_values
    method = "closed form (log-partition)" if rec.affinity is None else "closed form (stated affinity)"
    if holds is sp.false:
        where = ("eta_alpha = alpha eta_P + (1 - alpha) eta_Q leaves the natural parameter space" if rec.affinity is None
                 else "the stated affinity is +oo")
        return DivergenceAnswer(sp.oo, kind, order, method, f"{where} at alpha = {order}: {sp.sstr(cond)} fails")
    if rec.multivariate:
        # L at the values first, then e^L unevaluated where L has log-gammas: SymPy takes
        # loggamma(1 + 10^-6) for zero (its 2-digit evalf is 0) and drops it from exp(...) as it builds it
        at = _put_values(log_m, values, rec)[0]
        if at == sp.zoo and any(_put_values(lg.args[0], values, rec)[0] == 0 for lg in log_m.atoms(sp.log)):
            at = -sp.oo  # log 0 (SymPy's zoo): an affinity sum of zero terms only
        if at in (sp.oo, -sp.oo):  # an affinity sum with zero probabilities (the multinomial)
            return _infinite_affinity(kind, order, at, method)
        value = from_affinity(kind, order, at, hold=at.has(sp.loggamma))
    else:
        value = _polynomial_hypers(_put_values(from_affinity(kind, order, log_m), values, rec)[0])
    value = evalf_safe(value)  # erf values far in a tail through erfc, logs next to 1 through atanh
    if value.has(sp.nan, sp.zoo) or value.is_finite is False:
        refuse(p, q, "the closed form is undefined at these parameters (an end of a parameter's domain)", kind)
    if holds is not sp.true:
        value = sp.Piecewise((value, holds), (sp.oo, True))
    return DivergenceAnswer(value, kind, order, method)


def _infinite_affinity(kind: str, order: sp.Expr, log_m: sp.Expr, method: str) -> DivergenceAnswer:
    """The answer when the log-affinity is +oo (a term p^alpha q^(1 - alpha) with q = 0 < p and
    alpha > 1) or -oo (P and Q share no outcome): +oo, or a Hellinger distance of 1."""
    if log_m == -sp.oo:
        if kind == "hellinger":
            return DivergenceAnswer(sp.Integer(1), kind, order, method)
        return DivergenceAnswer(sp.oo, kind, order, method,
                                "P and Q have no outcome in common: the affinity sum p^alpha q^(1 - alpha) is 0")
    return DivergenceAnswer(sp.oo, kind, order, method, (
        f"P gives an outcome positive probability where Q gives it 0, and q^(1 - alpha) = +oo there for "
        f"alpha = {order} > 1"))


def _put_values(expr: sp.Basic, values: dict, rec) -> tuple[sp.Basic, dict]:
    """``expr`` at the parameter values: the matrices put in and carried out exactly
    (:func:`klsym.records.values.substitute_matrices`), the index sums over 1..K and
    :class:`~klsym.derive.renyi_vector.ForEvery` written out, then the scalars."""
    length = rec.length_symbol
    if length is not None and length in values:
        expr = expr.replace(lambda e: isinstance(e, ForEvery), lambda e: e.xreplace({length: values[length]}).doit())
        return substitute(expr, values, length), {}
    expr, rest = substitute_matrices(expr, values, D)
    if isinstance(expr, sp.Expr):
        return substitute(expr, rest), rest
    return expr.xreplace({k: sp.sympify(v, strict=True) for k, v in rest.items()}), rest


def _either(kind: str, p: object, q: object, alpha: object = None) -> sp.Expr:
    if isinstance(p, str):
        if not (q is None or isinstance(q, str)):
            raise ValueError(f"P is the family name {p!r} but Q is a {type(q).__name__}: give two family "
                             "names (the closed form) or two distributions (its value)")
        return divergence_form(kind, p, q, alpha)
    return divergence_answer(p, q, kind, alpha).value


def renyi(p: Distribution | str, q: Distribution | str | None = None, alpha: object = None) -> sp.Expr:
    """The Rényi divergence D_α(P‖Q) = log ∫ p^α q^(1−α) / (α − 1), α > 0, α ≠ 1 (exact).

    ``oo`` where ∫ p^α q^(1−α) is infinite (α > 1 only; see :func:`divergence_answer`
    for the reason). Two family names give the symbolic form in ``alpha``, ``_p`` and ``_q``.

    >>> from klsym import dist
    >>> renyi(dist("exponential", lam=1), dist("exponential", lam=2), "1/2")
    -log(2) + 2*log(3/2)
    >>> renyi("exponential", "exponential")
    Piecewise(((alpha*log(lam_p) - alpha*log(lam_q) + log(lam_q) - log(alpha*lam_p - alpha*lam_q + lam_q))/(alpha - 1), alpha*lam_p - alpha*lam_q + lam_q > 0), (oo, True))
    """
    return _either("renyi", p, q, alpha)


def bhattacharyya(p: Distribution | str, q: Distribution | str | None = None) -> sp.Expr:
    """The Bhattacharyya distance −log ∫ √(p q) = D_½(P‖Q)/2 (exact).

    >>> from klsym import dist
    >>> bhattacharyya(dist("normal", mu=0, sigma=1), dist("normal", mu=2, sigma=1))
    1/2
    """
    return _either("bhattacharyya", p, q)


def hellinger(p: Distribution | str, q: Distribution | str | None = None) -> sp.Expr:
    """The Hellinger distance √(1 − ∫ √(p q)), in [0, 1] (exact).

    >>> from klsym import dist
    >>> hellinger(dist("bernoulli", p=0), dist("bernoulli", p=1))
    1
    """
    return _either("hellinger", p, q)


def chi_square(p: Distribution | str, q: Distribution | str | None = None) -> sp.Expr:
    """Pearson's chi-square divergence ∫ p²/q − 1 (exact; ``oo`` where 2η_P − η_Q leaves
    the natural parameter space).

    >>> from klsym import dist
    >>> chi_square(dist("poisson", lam=2), dist("poisson", lam=1))
    -1 + E
    """
    return _either("chi_square", p, q)


def divergence_reason(p: Distribution, q: Distribution, kind: str, alpha: object = None) -> str | None:
    """Why the divergence ``kind`` (one of :data:`DIVERGENCE_KINDS`) of P from Q is +∞, or None
    when it is finite (a Hellinger distance of 1, P and Q with no mass in common, is finite).
    ``NotImplementedError`` where the divergence itself is not derived.

    >>> from klsym import dist
    >>> print(divergence_reason(dist("normal", mu=0, sigma=2), dist("normal", mu=0, sigma=1), "chi_square"))
    eta_alpha = alpha eta_P + (1 - alpha) eta_Q leaves the natural parameter space at alpha = 2: -sigma_p**2 + 2*sigma_q**2 > 0 fails
    >>> divergence_reason(dist("normal", mu=0, sigma=1), dist("normal", mu=0, sigma=2), "renyi", 2) is None
    True
    """
    if kind == "kl":
        return infinite_reason(p, q)
    if kind == "jeffreys":
        why = [f"KL({a} ‖ {b}) is +oo: {r}" for a, b, r in (("P", "Q", infinite_reason(p, q)),
                                                              ("Q", "P", infinite_reason(q, p))) if r]
        return "; ".join(why) or None
    return divergence_answer(p, q, kind, alpha).reason


def jeffreys(p: Distribution | str, q: Distribution | str | None = None) -> sp.Expr:
    """Jeffreys' divergence KL(P‖Q) + KL(Q‖P) (exact, from :func:`klsym.kl`).

    >>> from klsym import dist
    >>> jeffreys(dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=1))
    1
    """
    if isinstance(p, str):
        return kl(p, q) + reverse_kl(p, q)
    return kl(p, q) + kl(q, p)
