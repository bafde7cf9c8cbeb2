"""Which route computes KL(P‖Q), or H(P), for given distributions: the one resolver.

:func:`resolve` looks at a pair once and names its :class:`Route`, with the
symbolic form and the values it is evaluated at. Every exact caller takes it
from here: :func:`klsym.exact.divergence.kl_answer` (and through it ``kl``,
``reverse_kl``, ``infinite_reason``, ``cross_entropy``),
:func:`klsym.verification.floats.kl_enclosure` (``kl_float``) and, through
:func:`resolve_entropy`, :func:`klsym.exact.entropy.entropy`.

The order for KL(P‖Q):

1. identical distributions: exactly 0;
2. different fixed parameters of a multivariate family: disjoint supports, +∞, where they set
   the support (multinomial ``n``), else not derived (negative multinomial ``r``); a
   multinomial on the boundary: the exact sum over count vectors;
3. a support that depends on the parameters (different fixed ones, uniform,
   Pareto): +∞ when P's support reaches outside Q's;
4. a discrete family with no log-partition whose log-density depends on x, on a finite
   support (the hypergeometric law): the exact sum over P's support;
5. different fixed parameters: the exact finite sum, or, for a discrete family
   on a long or infinite support, closed part + series; the expectation route
   for a continuous family; families without an exponential-family record too;
6. parameters on a closed end of their domain: the exact sum over a short
   finite support, else the one-sided limit of the closed form;
7. otherwise the Bregman form of the exponential family at the values.

Work is bounded: an exact sum has at most :data:`MAX_SUM_TERMS` terms and an
index sum (categorical, Dirichlet) at most :data:`MAX_INDEX_TERMS` entries; a
closed part + series has parameters of at most :data:`MAX_SERIES_PARAMETER` in size;
beyond them :class:`WorkLimitError` (a ``ValueError``) names the limit and the
numeric routes to use instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Callable, Mapping

import sympy as sp

from ..derive import derive_entropy, derive_kl
from ..derive.expectation import derive_by_expectation
from ..derive.atoms import split_condition
from ..derive.pairs import Verdict, derive_pair
from ..derive.renyi import placing_params
from ..derive.route import by_expectation, entropy_form
from ..records import registry
from ..records.distribution import Distribution
from ..records.record import X, bounds_inside
from .shapes import check_same_shapes
from .count_support import entries_outside, entry_bounds

__all__ = ["MAX_INDEX_TERMS", "MAX_SERIES_PARAMETER", "MAX_SUM_TERMS", "NoClosedForm", "Resolution",
           "point_masses", "Route", "WorkLimitError",
           "entropy_form", "log_probability", "resolve",
           "resolve_entropy", "sum_terms", "too_long"]

#: an exact sum over a support is carried out term by term up to this many terms
MAX_SUM_TERMS = 1_000
#: index sums (categorical p, Dirichlet alpha) are expanded up to this many entries
MAX_INDEX_TERMS = 10_000
#: largest |parameter| of P or Q in a closed part + series (negative binomial r = 10^9 prints in
#: about 10 s; beyond, SymPy's exact powers and printing grow without bound)
MAX_SERIES_PARAMETER = 10**9


class WorkLimitError(ValueError):
    """An exact evaluation would exceed one of the documented work limits."""


class NoClosedForm(NotImplementedError, ValueError):
    """The exact value asked for has no closed form known to the engine (a numeric pair of
    families, the KL or entropy of a mixture); the numeric oracle still gives its digits.

    >>> issubclass(NoClosedForm, ValueError) and issubclass(NoClosedForm, NotImplementedError)
    True
    """


class Route(StrEnum):
    """How an exact KL or entropy is obtained (its value is the text shown to users)."""

    IDENTICAL = "identical distributions"
    SUPPORT = "support mismatch"
    BREGMAN = "closed form (Bregman divergence of A)"
    EXPONENTIAL_FAMILY = "closed form (A - eta.E[T] - E[log h])"
    EXPECTATION = "closed form (expectations)"
    LIMIT = "closed form (one-sided limit)"
    SERIES = "closed form + series"
    EXACT_SUM = "exact sum over the support"
    COUNT_SUM = "exact sum over count vectors"
    PAIR = "closed form (expectations across families)"
    INFINITE = "+oo for every parameter value"
    DIVERGENT = "divergent expectation"


@dataclass(frozen=True)
class Resolution:
    """A route with what it needs: ``form`` (symbols of the record, ``_p``/``_q`` for a
    pair) and ``values`` (symbol → value) for the closed-form routes, ``reason`` for +∞."""

    route: Route
    p: Distribution
    q: Distribution | None = None
    form: sp.Expr | None = None
    values: Mapping = field(default_factory=dict)
    reason: str | None = None
    #: P's and Q's symbols by parameter name, where they are not the record's ``_p``/``_q`` ones
    symbols: tuple[dict, dict] | None = None


def sum_terms(d: Distribution) -> int | None:
    """The number of points of a finite discrete support, else None.

    >>> from klsym import dist
    >>> sum_terms(dist("binomial", n=10, p="1/2")), sum_terms(dist("poisson", lam=1))
    (11, None)
    """
    lo, hi = d.support_bounds()
    if d.record.discrete and lo.is_finite is True and hi.is_finite is True and hi.is_integer is True:
        return int(hi) - int(lo) + 1
    return None


def too_long(s: sp.Sum) -> bool:
    """True for a sum over a finite range of more than :data:`MAX_SUM_TERMS` terms
    (it is kept unevaluated, as a series, rather than written out).

    >>> k = sp.Symbol("k", integer=True)
    >>> too_long(sp.Sum(k, (k, 0, 10**6))), too_long(sp.Sum(k, (k, 0, 10)))
    (True, False)
    """
    return any((b - a).is_number and (b - a).is_finite and b - a + 1 > MAX_SUM_TERMS for _, a, b in s.limits)


def _index_length(d: Distribution) -> int:
    return max((len(v) for v in d.params.values() if isinstance(v, (list, tuple))), default=0)


def _check_index_length(d: Distribution, what: Callable[[], str], instead: str) -> None:
    n = _index_length(d)
    if n > MAX_INDEX_TERMS:
        raise WorkLimitError(
            f"{what()}: {d.family} with {n} entries; exact forms expand index sums of at most "
            f"MAX_INDEX_TERMS = {MAX_INDEX_TERMS} entries (klsym.exact.resolve). For digits use {instead}")


def _check_count_terms(d: Distribution, what: Callable[[], str], instead: str) -> None:
    """For a law of count vectors outside the exponential class (the Dirichlet-multinomial), whose forms sum
    over each count's values (n + 1 of them for the Dirichlet-multinomial) for each of the K categories:
    refuse more than MAX_SUM_TERMS terms.
    Any other law passes."""
    rec = d.record
    if not (rec.multivariate and rec.discrete and rec.ef is None):
        return
    terms = sum(int(hi) - int(lo) + 1 for lo, hi in entry_bounds(d))
    if terms > MAX_SUM_TERMS:
        raise WorkLimitError(
            f"{what()}: the closed form's sums have {terms} terms (each count's values, for each of "
            f"{_index_length(d)} categories), more than MAX_SUM_TERMS = {MAX_SUM_TERMS} (klsym.exact.resolve); "
            f"for digits use {instead}")


def _short(d: Distribution) -> str:
    text = repr(d)
    return text if len(text) <= 200 else f"{d.family}(...)"


def _what(p: Distribution, q: Distribution) -> str:
    return f"KL({_short(p)} ‖ {_short(q)})"


def _sum_route(p: Distribution, q: Distribution) -> Resolution:
    """The exact finite sum when it is short enough, else closed part + series (kept exact)."""
    n = sum_terms(p)
    if n is not None and n <= MAX_SUM_TERMS:
        return Resolution(Route.EXACT_SUM, p, q)
    if p.record.mean is not None:
        _check_series_parameters(p, lambda: f"{_what(p, q)}: a closed part + series", q)
        return Resolution(Route.SERIES, p, q)
    raise WorkLimitError(
        f"{_what(p, q)}: the exact sum has {n} terms, more than MAX_SUM_TERMS = {MAX_SUM_TERMS} "
        "(klsym.exact.resolve); for digits use klsym.numeric_kl(p, q) or klsym.kl_float(p, q)")


def _finite_sum_route(p: Distribution, q: Distribution) -> Resolution:
    """A discrete family with no log-partition, a log-density that depends on x and a finite
    support (the hypergeometric law): its symbolic KL is the defining sum, so at numbers the
    sum itself is the exact value, term by term, when it has at most MAX_SUM_TERMS terms."""
    n = sum_terms(p)
    if n <= MAX_SUM_TERMS:
        return Resolution(Route.EXACT_SUM, p, q)
    raise WorkLimitError(
        f"{_what(p, q)}: the exact sum has {n} terms, more than MAX_SUM_TERMS = {MAX_SUM_TERMS} "
        "(klsym.exact.resolve), and no closed form is known; for digits use klsym.numeric_kl(p, q) "
        "or klsym.kl_float(p, q)")


def _check_series_parameters(p: Distribution, what: Callable[[], str], q: Distribution | None = None) -> None:
    """Refuse a series answer whose parameters exceed :data:`MAX_SERIES_PARAMETER` in size."""
    huge = [f"{name} = {sp.Float(value, 3)}" for d in (p, q) if d is not None for name, value in d.params.items()
            if isinstance(value, sp.Expr) and value.is_number and abs(value) > MAX_SERIES_PARAMETER]
    if huge:
        raise WorkLimitError(f"{what()} with {', '.join(huge)}: a series with a parameter beyond "
                             "MAX_SERIES_PARAMETER = 10^9 (klsym.exact.resolve); not computed")


def _fixed_mismatch(p: Distribution, q: Distribution) -> list[str]:
    return [f.name for f in p.record.fixed_params if sp.Eq(p.params[f.name], q.params[f.name]) is not sp.true]


def _support_varies(d: Distribution) -> bool:
    """True when the support's ends depend on parameters (uniform a, b; Pareto xm)."""
    sup = d.record.support
    return bool(sp.sympify(sup.lower, strict=True).free_symbols | sp.sympify(sup.upper, strict=True).free_symbols)


def _pair_values(p: Distribution, q: Distribution) -> dict:
    return {**p.substitution("p"), **q.substitution("q")}


#: digits of the running sum that decides when to ask SymPy whether P's masses sum to exactly 1
_POINT_DIGITS = 60


@lru_cache(maxsize=1 << 14)
def log_probability(p: Distribution, x: int) -> sp.Expr:
    """``p.logpdf(x)`` at an integer x of a univariate discrete P, kept: the exact sums of one pair
    (KL both ways, the entropies, each divergence at each order) ask for the same points again, and
    one point of a beta-binomial law with n = 200 is a product of some 400 rationals."""
    return p.logpdf(x)


def point_masses(p: Distribution) -> list[int] | None:
    """The points of a discrete P with positive probability when they are few (their exact
    probabilities sum to 1 within the first :data:`MAX_SUM_TERMS` points of the support), else None.

    >>> from klsym import dist
    >>> point_masses(dist("poisson", lam=0)), point_masses(dist("poisson", lam=1))
    ([0], None)
    """
    lo, hi = p.support_bounds()
    if not lo.is_integer:
        return None
    top = int(lo) + MAX_SUM_TERMS if hi is sp.oo else min(int(hi), int(lo) + MAX_SUM_TERMS)
    # only a scan that reaches the support's end can find the masses summing to 1 after a miss
    to_end = hi is not sp.oo and top == int(hi)
    points, total, approx, near = [], sp.Integer(0), sp.Float(0, _POINT_DIGITS), False
    for x in range(int(lo), top + 1):
        lp = log_probability(p, x)
        if lp == -sp.oo:
            continue
        points.append(x)
        mass = sp.exp(lp)
        total += mass
        approx += sp.N(mass, _POINT_DIGITS)
        # SymPy's simplify only once the sum is 1 to within the digits carried (not at every
        # point: that made a thousand-point scan take minutes), and again at a finite end
        if not near and abs(approx - 1) < sp.Float(10, _POINT_DIGITS) ** (10 - _POINT_DIGITS):
            if sp.simplify(total - 1) == 0:
                return points
            if not to_end:
                return None
            near = True
    if near and sp.simplify(total - 1) == 0:
        return points
    return None


def _on_point_masses(p: Distribution, q: Distribution) -> Resolution | None:
    """The exact sum over P's few points when a parameter on its end shrinks a discrete P to
    them (poisson(0) is the point mass at 0), whatever its nominal support; else None."""
    if not p.record.discrete or p.is_interior():
        return None
    points = point_masses(p)
    return None if points is None else Resolution(Route.EXACT_SUM, p, q, values={"points": points})


def _resolve_pair(p: Distribution, q: Distribution) -> Resolution:
    """P and Q of different (univariate) families: the verdict of :func:`klsym.derive.pairs.derive_pair`."""
    d = derive_pair(p.family, q.family)
    if q.record.discrete and (on_points := _on_point_masses(p, q)) is not None:
        return on_points
    if d.verdict is Verdict.INFINITE:
        return Resolution(Route.INFINITE, p, q, reason=d.reason)
    if d.verdict is Verdict.NUMERIC and sum_terms(p) is not None and sum_terms(p) <= MAX_SUM_TERMS:
        return Resolution(Route.EXACT_SUM, p, q)  # a short finite support: the defining sum is exact
    if d.verdict is Verdict.NUMERIC:
        raise NoClosedForm(f"{_what(p, q)}: {d.reason}. The digits: klsym.numeric_kl(p, q); "
                           "a correctly rounded float: klsym.kl_float(p, q)")
    if not bounds_inside(p.support_bounds(), q.support_bounds()):
        return Resolution(Route.SUPPORT, p, q, reason=(
            f"the support of P {p.record.support.describe(p.substitution())} is not inside "
            f"the support of Q {q.record.support.describe(q.substitution())}"))
    values = d.values(p, q)
    for atom in d.atoms:
        finite, valid = split_condition(atom.atom, atom.condition)
        if finite is not sp.true and finite.xreplace(values) is sp.false:
            return Resolution(Route.DIVERGENT, p, q, reason=(
                f"E_P[{sp.sstr(atom.atom)}] is infinite unless {sp.sstr(finite)}, which fails here"))
        if valid is not sp.true and valid.xreplace(values) is not sp.true:
            raise NoClosedForm(f"{_what(p, q)}: SymPy's form of E_P[{sp.sstr(atom.atom)}] holds where "
                               f"{sp.sstr(valid)}, not here. The digits: klsym.numeric_kl(p, q); "
                               "a correctly rounded float: klsym.kl_float(p, q)")
    n = sum_terms(p)
    if not (p.is_interior() and q.is_interior()) and n is not None and n <= MAX_SUM_TERMS:
        return Resolution(Route.EXACT_SUM, p, q)
    route = Route.PAIR if p.is_interior() and q.is_interior() else Route.LIMIT
    return Resolution(route, p, q, d.kl, values, symbols=(d.symbols_p, d.symbols_q))


def resolve(p: Distribution, q: Distribution, *, shortcut: bool = True) -> Resolution:
    """The route for KL(P‖Q) (see the module docstring).

    ``shortcut=False`` skips step 1: P = Q then takes the route any other Q would
    (a test of KL(P‖P) = 0 that evaluates the closed form).

    >>> from klsym import dist
    >>> resolve(dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=2)).route
    <Route.BREGMAN: 'closed form (Bregman divergence of A)'>
    >>> str(resolve(dist("binomial", n=5, p=1), dist("binomial", n=5, p="1/2")).route)
    'exact sum over the support'
    >>> r = resolve(dist("binomial", n=5, p="1/2"), dist("binomial", n=3, p="1/2"))
    >>> r.route, r.reason
    (<Route.SUPPORT: 'support mismatch'>, 'the support of P {0, ..., 5} is not inside the support of Q {0, ..., 3}')
    """
    for d, side in ((p, "P"), (q, "Q")):
        if not isinstance(d, Distribution):
            raise ValueError(f"{side} must be a klsym distribution (klsym.dist(...)), got {type(d).__name__}")
    if p.family != q.family:
        return _resolve_pair(p, q)
    check_same_shapes(p, q)
    if shortcut and p == q:
        return Resolution(Route.IDENTICAL, p, q)
    _check_index_length(p, lambda: _what(p, q), "klsym.numeric_kl or klsym.kl_float")
    rec = p.record
    mismatch = _fixed_mismatch(p, q)
    interior = p.is_interior() and q.is_interior()
    if rec.multivariate and (mismatch or not interior):
        if mismatch and not set(mismatch) <= set(placing_params(rec)):
            # a fixed parameter that does not set the support (the negative multinomial's r)
            raise NotImplementedError(
                f"{_what(p, q)}: {p.family} with different fixed parameter(s) {', '.join(mismatch)} has no "
                "derived closed form (the Bregman form needs them shared); klsym.numeric_kl computes it")
        if mismatch:
            shown = ", ".join(f"{m} = {p.params[m]} for P and {q.params[m]} for Q" for m in mismatch)
            return Resolution(Route.SUPPORT, p, q, reason=(
                f"{shown}: the supports (count vectors summing to n) are disjoint, so P puts all its mass "
                "where Q has none"))
        # a multinomial probability 0 or 1; any law of count vectors with n = 0 draws (both the point mass
        # at the zero vector: a different n returned above)
        if p.family != "multinomial" and p.params.get("n") != 0:
            raise NotImplementedError(f"{_what(p, q)}: boundary parameters of {p.family} are not handled")
        return Resolution(Route.COUNT_SUM, p, q)
    if isinstance(rec.variable, sp.IndexedBase) and (outside := entries_outside(p, q)) is not None:
        return Resolution(Route.SUPPORT, p, q, reason=f"P's support is not inside Q's: {outside}")
    # binomial(5, p=0) is the point mass at 0, inside binomial(3, ...)'s support
    if not bounds_inside(p.support_bounds(), q.support_bounds()) and (on_points := _on_point_masses(p, q)) is not None:
        return on_points
    if (mismatch or _support_varies(p)) and not bounds_inside(p.support_bounds(), q.support_bounds()):
        return Resolution(Route.SUPPORT, p, q, reason=(
            f"the support of P {rec.support.describe(p.substitution())} is not inside "
            f"the support of Q {rec.support.describe(q.substitution())}"))
    if rec.discrete and rec.ef is None and rec.logpdf.has(X) and sum_terms(p) is not None:
        return _finite_sum_route(p, q)
    if mismatch and rec.discrete:
        if sum_terms(p) is None and rec.mean is None:
            raise NotImplementedError(
                f"{_what(p, q)}: {p.family} with different fixed parameter(s) {', '.join(mismatch)} "
                "has no derived closed form and an infinite support; not computed")
        return _sum_route(p, q)
    _check_count_terms(p, lambda: _what(p, q), "klsym.numeric_kl(p, q) or klsym.kl_float(p, q)")
    if by_expectation(p.family, shared_fixed=not mismatch):
        d = derive_by_expectation(p.family, shared_fixed=not mismatch)
        return Resolution(Route.EXPECTATION, p, q, d.kl, {**d.values(p, "p"), **d.values(q, "q")})
    form = derive_kl(p.family).kl
    if not interior:
        n = sum_terms(p)  # (index sums are shorter than MAX_SUM_TERMS: checked above)
        if n is not None and n <= MAX_SUM_TERMS:
            return Resolution(Route.EXACT_SUM, p, q)
        return Resolution(Route.LIMIT, p, q, form, _pair_values(p, q))
    return Resolution(Route.BREGMAN, p, q, form, _pair_values(p, q))


def resolve_entropy(p: Distribution) -> Resolution:
    """The route for H(P): the closed form of the record (exponential family or
    expectations) at P's values; on a closed end of a parameter's domain the exact
    sum (discrete), the sum over count vectors (multinomial; any law of count vectors with n = 0
    draws, the point mass at the zero vector) or the one-sided limit.

    >>> from klsym import dist
    >>> str(resolve_entropy(dist("poisson", lam=0)).route)
    'exact sum over the support'
    >>> str(resolve_entropy(dist("cauchy", x0=0, gamma=1)).route)
    'closed form (expectations)'
    """
    if not isinstance(p, Distribution):
        raise ValueError(f"P must be a klsym distribution (klsym.dist(...)) or a family name, got {type(p).__name__}")
    rec = p.record
    _check_index_length(p, lambda: f"the entropy of {_short(p)}", "klsym.oracle.numeric_cross_entropy(p)")
    if p.is_interior():
        route = Route.EXPECTATION if rec.ef is None else Route.EXPONENTIAL_FAMILY
        _check_count_terms(p, lambda: f"the entropy of {_short(p)}", "klsym.oracle.numeric_cross_entropy(p)")
        form = entropy_form(rec.name)
        if form.has(sp.Sum):  # a series stays in the answer: its parameters are bounded
            _check_series_parameters(p, lambda: f"the entropy of {_short(p)}")
        return Resolution(route, p, None, form, p.substitution())
    if rec.multivariate:
        return Resolution(Route.COUNT_SUM, p)
    if rec.discrete:
        n = sum_terms(p)
        if n is not None and n > MAX_SUM_TERMS:
            raise WorkLimitError(
                f"the entropy of {_short(p)}: a parameter on the boundary and a sum of {n} terms, more than MAX_SUM_TERMS = "
                f"{MAX_SUM_TERMS} (klsym.exact.resolve); for digits use klsym.oracle.numeric_cross_entropy(p)")
        return Resolution(Route.EXACT_SUM, p)
    return Resolution(Route.LIMIT, p, None, entropy_form(rec.name), p.substitution())
