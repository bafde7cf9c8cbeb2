"""The oracle's routes for laws on count vectors. Like the rest of the oracle they see the
records' log-densities at points, never a closed form.

Both are the oracle's method ``count-sum``:

* the multinomial and the Dirichlet-multinomial (n fixed): the exact sum over every count
  vector with total n (any K, small n): :func:`count_sum`;
* the negative multinomial (unbounded counts), :func:`total_split` (its representation names
  it: the total, then its multinomial split): by the textbook construction of the law,
  the total N = x[1] + ... + x[K] counts the failures before the r-th success, so N is negative
  binomial (r successes, success probability p0 = 1 − Σ p[i]), and given N the failures fall
  into the K kinds independently with probabilities π[i] = p[i]/Σ p[j]: x | N is multinomial(N, π).
  Hence, for a function f of the counts that is affine given the total, f(x) = c(N) + b·x,
  E[f(X)] = E[f(N π)], a sum over N alone by :func:`klsym.oracle.sums.discrete_sum` (with its
  tail bounds) of f at the point N π. Both log p − log q and log q + Σ log x[i]! are such
  functions for negative multinomial P and Q; that premise is checked numerically on every call
  (:func:`check_affine_given_total`). What log x[i]! leaves, E[log x[i]!], is a sum over x[i]
  alone, which is negative binomial (r successes, success probability p0/(p0 + p[i])): the
  failures of the other kinds, ignored, do not change when the r-th success comes.
  The affinity Σ_x p^α q^(1−α) = E_P[exp(c Δ)], c = α − 1, Δ = log p − log q, follows the same
  way (:func:`log_affinity_by_total`): given N, Δ(x) = Δ(N e_K) + Σ_(i<K) x[i] d[i], and the
  multinomial's generating function gives E[exp(c Δ) | N] = exp(c Δ(N e_K)) m^N with
  m = Σ_i π[i] exp(c d[i]) (d[K] = 0); the sum over N has terms with ratio tending to
  (1 − p0) m exp(c lim (Δ((N+1) e_K) − Δ(N e_K))), and is infinite when that is above 1.
  ``tests/test_counts.py`` checks the routes against the plain sum over count vectors.
"""

from __future__ import annotations

import itertools
import math
from typing import Callable

import mpmath
import sympy as sp
from mpmath import mp, mpf

from ..records.distribution import Distribution, dist
from .density import log_density
from .limits import INSTEAD, MAX_COUNTS, DivergentIntegralError, OracleLimitError
from .sums import discrete_sum

__all__ = ["count_sum", "total_split", "log_affinity_by_total", "check_affine_given_total"]


def _safe(f: Callable, point: list) -> mpf:
    try:
        v = f(*point)
    except (ValueError, ZeroDivisionError):
        return mpf("-inf")
    if mpmath.isnan(v):
        return mpf("-inf")
    return v


def count_sum(p: Distribution, q: Distribution, fp: Callable, fq: Callable, wp: int,
              w=lambda a, b: a - b) -> tuple[mpf, mpf, str | None, mpf]:
    """Σ_x p(x) w(log p(x), log q(x)) over every count vector x with total n (the support of the
    multinomial and the Dirichlet-multinomial), f_p, f_q the log-densities at a point. Returns
    (value, error, the reason for +oo or None, the size of the log-densities)."""
    n = int(p.params["n"])
    k = next(len(p.params[x.name]) for x in p.record.params if x.vector)
    # every count vector summing to n is a term: C(n + k - 1, k - 1) of them (10^12 for
    # n = 10^12, k = 2); refuse before the first rather than run for days
    terms = math.comb(n + k - 1, k - 1)
    if terms > MAX_COUNTS:
        raise OracleLimitError(
            f"numeric KL({p} ‖ {q}): the sum over count vectors has {terms:.3g} terms, more than "
            f"MAX_COUNTS = {MAX_COUNTS}, the oracle's limit; {INSTEAD}")
    total, count, scale = mpf(0), 0, mpf(1)
    with mp.workdps(wp):
        for cut in itertools.combinations(range(n + k - 1), k - 1):
            bounds = (-1,) + cut + (n + k - 1,)
            counts = [bounds[i + 1] - bounds[i] - 1 for i in range(k)]
            count += 1
            a = _safe(fp, counts)
            if a == mpf("-inf"):
                continue
            b = _safe(fq, counts)
            if b == mpf("-inf"):
                return mpf("inf"), mpf(0), f"P gives the counts {counts} positive probability, Q gives them 0", scale
            scale = max(scale, abs(a), abs(b))
            total += mpmath.exp(a) * w(a, b)
        err = count * mpf(10) ** (-wp) * scale
    return total, err, None, scale


def _log_factorials(x: list) -> mpf:
    return mpmath.fsum(mpmath.loggamma(v + 1) for v in x)


#: count vectors, as steps from a base point, at which the premise is probed
_PROBES = ((0, 0), (3, 1), (17, 5), (120, 40))


def check_affine_given_total(f: Callable[[list], mpf], k: int, wp: int) -> mpf:
    """Check that f(x) = c(N) + b·x for count vectors of length k (N the total): every
    difference f(x + e_i − e_j) − f(x), which keeps the total, must be the same at count
    vectors of different totals and shapes. Returns the largest residual; raises
    ``ArithmeticError`` when the premise fails."""
    # every entry >= 1, so that moving one count from any entry to another stays a count vector
    points = [[mpf(1 + a + (b * (i + 1)) % 7) for i in range(k)] for a, b in _PROBES]
    worst = mpf(0)
    for i, j in itertools.permutations(range(k), 2):
        steps, scale = [], mpf(1)
        for x in points:
            y = list(x)
            y[i] += 1
            y[j] -= 1
            fx, fy = f(x), f(y)
            steps.append(fy - fx)
            scale = max(scale, abs(fx), abs(fy))
        spread = max(steps) - min(steps)
        # each value is known to about 10^-wp of its size
        if spread > mpf(10) ** (-wp + 5) * scale:
            raise ArithmeticError(f"a function of the counts is not affine given their total (the move of one count "
                                  f"from entry {j} to entry {i} changes it by {[mpmath.nstr(s, 8) for s in steps]})")
        worst = max(worst, spread)
    return worst


def _total_law(d: Distribution, wp: int) -> tuple[Distribution, list[mpf], sp.Expr]:
    """(the law of the total, the split π at ``wp`` digits, the success probability p0) of a
    negative multinomial."""
    r, p = d.params["r"], list(d.params["p"])
    s = sp.Add(*p)
    with mp.workdps(wp):
        split = [mpf(sp.N(v / s, wp + 10)) for v in p]
    return dist("negative_binomial", r=r, p=1 - s), split, 1 - s


def _size_at_mean(d: Distribution, split: list[mpf], fp: Callable, fq: Callable, wp: int) -> mpf:
    """max(|log p|, |log q|, 1) at the mean count vector of ``d`` (its mean total split by π)."""
    with mp.workdps(wp):
        r, p0 = d.params["r"], 1 - sp.Add(*d.params["p"])
        mean = mpf(sp.N(r * (1 - p0) / p0, wp))
        x = [mean * v for v in split]
        return max(abs(fp(*x)), abs(fq(*x)), mpf(1))


def _mean_under(law: Distribution, g: Callable[[mpf], mpf], wp: int) -> tuple[mpf, mpf]:
    """E[g(N)] and its error for N with the univariate discrete ``law`` (g analytic in N: the sum's
    Euler-Maclaurin tail evaluates it between the integers)."""
    value, err, _ = discrete_sum(law, law, wp, weight=lambda n, a, b: g(n))
    return value, err


def total_split(p: Distribution, q: Distribution, fp: Callable, fq: Callable, wp: int,
                cross: bool) -> tuple[mpf, mpf, str | None, mpf]:
    """E_P[log p − log q] (``cross``: −E_P[log q]) for negative multinomial P and Q (see the module
    docstring), f_p, f_q the log-densities at a point. Returns (value, error, None, the size of the
    log-densities at P's mean)."""
    total, pi, p0 = _total_law(p, wp)
    k = len(pi)
    with mp.workdps(wp):
        if cross:
            def f(x):
                return -(fq(*x) + _log_factorials(x))
        else:
            def f(x):
                return fp(*x) - fq(*x)

        residual = check_affine_given_total(f, k, wp)
        value, err = _mean_under(total, lambda n: f([n * v for v in pi]), wp)
        err += residual
        if cross:
            # E[log x[i]!], x[i] negative binomial with success probability p0/(p0 + p[i])
            for v in p.params["p"]:
                alone = dist("negative_binomial", r=p.params["r"], p=p0 / (p0 + v))
                m, m_err = _mean_under(alone, lambda n: mpmath.loggamma(n + 1), wp)
                value += m
                err += m_err
    return value, err, None, _size_at_mean(p, pi, fp, fq, wp)


#: where the ratio of successive terms of the affinity's sum over the total is read (its limit)
_FAR = mpf(10) ** 40


def log_affinity_by_total(p: Distribution, q: Distribution, c: mpf, fp: Callable, fq: Callable,
                          wp: int) -> tuple[mpf, mpf, mpf]:
    """log Σ_x p(x)^α q(x)^(1−α), c = α − 1, for negative multinomial P and Q (see the module
    docstring), f_p, f_q the log-densities at a point: (log M, its error, the size of the
    log-densities at P's mean). :class:`~klsym.oracle.limits.DivergentIntegralError` where the
    sum is infinite."""
    total, pi, _ = _total_law(p, wp)
    k = len(pi)
    with mp.workdps(wp):
        def delta(x):
            return fp(*x) - fq(*x)

        residual = check_affine_given_total(delta, k, wp)
        base = [mpf(1)] * k
        d0 = delta(base)
        steps = []
        for i in range(k - 1):
            moved = list(base)
            moved[i] += 1
            moved[-1] -= 1
            steps.append(delta(moved) - d0)
        log_m = mpmath.log(mpmath.fsum([pi[i] * mpmath.exp(c * steps[i]) for i in range(k - 1)] + [pi[-1]]))

        def corner(n):
            return [mpf(0)] * (k - 1) + [n]

        def g(n):  # log E[exp(c Δ) | N = n]
            return c * delta(corner(n)) + n * log_m

        lt = log_density(total)
        far = lt(_FAR + 1) - lt(_FAR) + g(_FAR + 1) - g(_FAR)
        if far > mpf(10) ** -20:
            raise DivergentIntegralError(
                f"the affinity sum of {p} and {q} at alpha = 1 + {mpmath.nstr(c, 8)} is infinite: its terms over the "
                f"total N of the counts do not die out, they grow by the factor {mpmath.nstr(mpmath.exp(far), 12)} "
                "> 1 per step far out")
        if far > -mpf(10) ** -20:
            raise OracleLimitError(f"the affinity sum of {p} and {q}: its terms' ratio far out is 1 to 20 digits; "
                                   "whether it converges is not decided")
        value, err, _ = discrete_sum(total, total, wp, weight=lambda n, a, b: mpmath.exp(g(n)),
                                     log_summand=lambda n: lt(n) + g(n))
        return mpmath.log(value), err / value + abs(c) * residual, _size_at_mean(p, pi, fp, fq, wp)
