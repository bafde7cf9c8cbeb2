"""The oracle for univariate laws: KL, cross-entropy and expectations by quadrature or summation.

It sees only the log-densities of the records — never a closed form — and
computes KL(P‖Q) = ∫ p(x) (log p(x) − log q(x)) dx (or the sum) inside
``mp.workdps``, with an error estimate that is reported, not hidden.

Continuous supports are mapped to the whole line so that singular or
infinite ends become smooth exponential tails:

* (−∞, ∞): x = t;
* (a, ∞):  x = a + eᵗ (a density ~ x^(α−1) at 0 becomes ~ e^(αt));
* (a, b):  x = a + (b − a)/(1 + e^(−t)).

In the t variable the integrand is split at its mode and at multiples of its
width (found from the log-density by Newton's method) and integrated by
tanh-sinh quadrature. Near a finite end the map loses the digits of x − a
(or b − x), so the integrand is evaluated there at a precision raised by the
number of digits eᵗ has lost. Discrete supports are summed outward from the
mean until the terms are negligible, with a geometric bound on the tail; past
:data:`DIRECT` terms (an algebraic tail such as k^(−s) log k, or a geometric one
with ratio near 1) the rest is summed by the Euler–Maclaurin formula on the
analytic summand built from the log-densities, with its error estimate.
"""

from __future__ import annotations

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.distribution import Distribution, check_pair
from ..records.record import X, bounds_inside
from .density import T, difference, is_discrete, line_map, same_record, t_density
from .limits import MAX_EXTRA_DIGITS, MAX_SUM_EXTRA_DIGITS, check_dps
from .quadrature import integrate
from .result import NumericResult
from .sums import discrete_sum

__all__ = ["kl_univariate", "cross_entropy_univariate", "expectation", "RUNS"]

#: computations of one KL at most: the first at dps + 15 digits, then with the digits
#: cancellation took (a KL of 10^-121 from terms of size 1), or twice as many when
#: nothing is left (a zero, or a value below its error); after the last one the
#: error estimate says how many digits were found
RUNS = 3


def _continuous(p, q, wp: int) -> tuple[mpf, mpf]:
    lo, hi = p.support_bounds()
    with mp.workdps(wp):
        if same_record(p, q):
            # log p − log q as one sum with exactly differenced coefficients
            w = difference(p, q, lo, hi)
            return integrate(p, wp, lambda t, a: w(t), kinks_of=(q,))
        lq = t_density(q, lo, hi)
    return integrate(p, wp, lambda t, a: a - lq(t), kinks_of=(q,))


def expectation(d: Distribution, f: sp.Expr | None = None, dps: int = 30, kinks: tuple = ()) -> NumericResult:
    """E[f(X)] under ``d`` by the oracle's quadrature/summation (f a SymPy
    expression in :data:`klsym.records.record.X`; ``None`` means 1, the total mass).
    ``kinks`` lists x values where f is not smooth (c in |x − c|) or changes
    on a scale of its own (c in log((x − c)² + s²)): the quadrature is split
    there, in panels growing from that scale.

    >>> from klsym import dist
    >>> mpmath.nstr(expectation(dist("gamma", alpha=3, beta=2), X).value, 20)
    '1.5'
    """
    check_dps(dps)
    f = sp.Integer(1) if f is None else sp.sympify(f, strict=True)
    guard = 15
    wp = dps + guard
    if d.record.discrete:
        fx = sp.lambdify(X, f, modules="mpmath")
        value, err, _ = discrete_sum(d, d, wp, weight=lambda k, a, b: fx(k))
    else:
        lo, hi = d.support_bounds()
        x_t, _ = line_map(lo, hi)
        ft = sp.lambdify(T, f.subs(X, x_t), modules="mpmath")
        value, err = integrate(d, wp, lambda t, a: ft(t), split_at=tuple(kinks))
    with mp.workdps(dps):
        return NumericResult(+value, +err, dps, "expectation")


def cross_entropy_univariate(p: Distribution, q: Distribution | None = None, dps: int = 30) -> NumericResult:
    """−E_P[log q(X)] (with ``q=None``: the entropy −E_P[log p(X)]) by the oracle's
    quadrature or summation of the log-densities, to about ``dps`` digits.

    >>> from klsym import dist
    >>> mpmath.nstr(cross_entropy_univariate(dist("exponential", lam=1)).value, 20)
    '1.0'
    """
    check_dps(dps)
    q = p if q is None else q
    wp = dps + 15
    if is_discrete(p):
        value, err, reason = discrete_sum(p, q, wp, weight=lambda k, a, b: -b)
        if reason:
            return NumericResult(mpf("inf"), mpf(0), dps, "sum", reason)
    else:
        lo, hi = p.support_bounds()
        with mp.workdps(wp):
            lq = t_density(q, lo, hi)
        value, err = integrate(p, wp, lambda t, a: -lq(t), kinks_of=(q,))
    with mp.workdps(dps):
        return NumericResult(+value, +err, dps, "cross-entropy")


def kl_univariate(p, q, dps: int = 30) -> NumericResult:
    """KL(P‖Q) for univariate laws by quadrature or summation of the log-densities, to about ``dps`` digits.

    ``p`` and ``q`` are klsym distributions, or any objects with the oracle's
    density protocol: ``discrete`` (bool), ``support_bounds()`` → (lower,
    upper) as SymPy numbers, ``center()`` → a typical point or None, and
    ``log_density_mp()`` → a function x ↦ log f(x) in mpmath at the current
    precision (returning ``-inf`` where f = 0).

    Returns a :class:`NumericResult` with ``.value`` (mpmath number),
    ``.error`` (absolute error estimate) and ``.digits``.

    >>> from klsym import dist
    >>> r = kl_univariate(dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=2), dps=30)
    >>> mpmath.nstr(r.value, 25)
    '0.4431471805599453094172321'
    >>> r.digits > 30
    True
    """
    check_dps(dps)
    for d, side in ((p, "P"), (q, "Q")):
        if isinstance(d, Distribution) and any(
            sp.sympify(v).free_symbols for v in d.substitution().values()
        ):
            raise ValueError(f"numeric_kl needs numeric parameters; {side} = {d} has symbols")
    for d, side in ((p, "P"), (q, "Q")):
        if isinstance(d, Distribution) and d.record.multivariate:
            raise ValueError(f"numeric_kl: {side} = {d.family} is multivariate and the other side is not")
    if isinstance(p, Distribution) and isinstance(q, Distribution) and p.family == q.family:
        check_pair(p, q)
    if is_discrete(p) != is_discrete(q):
        which = "discrete and Q continuous" if is_discrete(p) else "continuous and Q discrete"
        return NumericResult(mpf("inf"), mpf(0), dps, "support", (
            f"P is {which}: P is not absolutely continuous with respect to Q (P gives positive "
            "probability to a set of Q-probability 0)"))
    # (a discrete P with a parameter on its end may sit on fewer points than its support,
    # poisson(0) on 0 alone: it is summed, and the sum finds any point Q cannot produce)
    boundary = is_discrete(p) and isinstance(p, Distribution) and not p.is_interior()
    if not boundary and not bounds_inside(p.support_bounds(), q.support_bounds()):
        return NumericResult(mpf("inf"), mpf(0), dps, "support", "the support of P is not inside the support of Q")
    if isinstance(p, Distribution) and p == q:
        return NumericResult(mpf(0), mpf(0), dps, "identical")
    guard = 15
    method = "sum" if is_discrete(p) else "quadrature"
    for attempt in range(RUNS):
        wp = dps + guard
        if is_discrete(p):
            value, err, reason = discrete_sum(p, q, wp)
            if reason:
                return NumericResult(value, err, dps, method, reason)
        else:
            value, err = _continuous(p, q, wp)
        # rounding: log p − log q is known to about 10^−wp absolutely (see the density's
        # evaluator), and ∫ p |log p − log q| ≤ KL + 2 (log y ≤ y − 1 where q > p)
        with mp.workdps(wp):
            err = err + mpf(10) ** (-wp) * (3 + abs(value))
        # cancellation: a tiny KL is the difference of much larger terms; redo with more
        # digits. A zero or a value below its error says nothing of how many: double them.
        if value == 0 or abs(value) <= err:
            more = dps + 2 * guard
        else:
            lost = int(max(0, -mpmath.log10(abs(value))))
            short = int(mpmath.log10(err / abs(value))) + dps + 5  # digits missing for dps + 5
            if lost <= guard - 10 and short <= 0:
                break
            more = max(lost + 15, guard + max(short, 0) + 5)
        cap = MAX_SUM_EXTRA_DIGITS if is_discrete(p) else MAX_EXTRA_DIGITS
        if more > cap or more <= guard or attempt == RUNS - 1:
            break  # the error estimate says what is left
        guard = more
    with mp.workdps(wp):
        value = +value
        with mp.workdps(dps):
            rounded = +value
        err = err + abs(value - rounded)
    with mp.workdps(dps):
        return NumericResult(rounded, +err, dps, method)
