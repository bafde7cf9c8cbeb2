"""Infinite series in exact answers, and the one evaluator that turns them into numbers.

Some exact answers contain a series with no closed form: the entropy of a
Poisson law needs E[log X!] = Σ_k P(k) log k!, the log-series law E[log X],
the negative binomial KL with different ``r`` Σ_k P(k)[log Γ(k + r_P) − log Γ(k + r_Q)].
They are returned as :class:`InfiniteSum` — a SymPy ``Sum`` that stays
unevaluated (``doit`` leaves it alone) and whose ``evalf`` calls
:func:`series_value`, never SymPy's own heuristics. So ``sp.N(answer, 30)``
is reliable wherever it is called (the check, the CLI, user code).

:func:`series_value` sums the terms one by one outward from the largest term.
A direction stops once a term is below the tolerance relative to the sum and
the term ratio r (checked over the last few terms to be below 1 and not
increasing) bounds the rest by |t|·r/(1 − r). A direction that needs more than
:data:`DIRECT` terms (an algebraic tail, or a ratio very near 1) is finished by
mpmath's Euler–Maclaurin summation (``mpmath.sumem``) with the integral of the
terms by Gauss–Legendre quadrature on panels doubling in length (:func:`remainder`).
None of this is the oracle's code: the two sides of a cross-check of a series
answer are computed independently.

>>> import sympy as sp
>>> k = sp.Symbol("k", integer=True)
>>> s = InfiniteSum(1 / k**2, (k, 1, sp.oo))
>>> s.doit() is s
True
>>> abs(sp.N(s - sp.pi**2 / 6, 30)) < 1e-40
True
>>> sp.N(InfiniteSum(k**sp.Rational(-21, 20), (k, 1, sp.oo)), 25)  # zeta(21/20)
20.58084430203700259034069
"""

from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy as sp
from mpmath import mp, mpf
from mpmath.libmp import prec_to_dps
from sympy.utilities.lambdify import implemented_function

from ..records.special import SpecialFunction

__all__ = ["InfiniteSum", "series_value", "infinite_sums", "remainder", "DIRECT"]

#: terms summed one by one in a direction before Euler-Maclaurin takes the rest
DIRECT = 4000
#: terms over which the ratio must be seen below 1 and not increasing
_RATIO_WINDOW = 8


class InfiniteSum(sp.Sum):
    """A series Σ_{x=a}^{b} f(x) (b usually ∞) kept unevaluated; ``evalf`` by :func:`series_value`."""

    def doit(self, **hints):
        return self

    def _eval_evalf(self, prec: int):
        if self.free_symbols:
            return None
        value = series_value(self, prec_to_dps(prec) + 5)
        return sp.Float._new(value._mpf_, prec)


def infinite_sums(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every ``Sum`` over an infinite range made an :class:`InfiniteSum`."""
    return expr.replace(
        lambda e: isinstance(e, sp.Sum) and not isinstance(e, InfiniteSum)
        and any(not sp.sympify(b).is_finite for lim in e.limits for b in lim[1:]),
        lambda e: InfiniteSum(*e.args),
    )


def _peak(t, lo: int, hi) -> int:
    """Index of the largest |t(k)| on [lo, hi], for a unimodal |t| (exponential then binary search)."""

    def size(k):
        v = abs(t(k))
        return mpmath.log(v) if v else mpf("-inf")

    a, step = lo, 1
    b = lo + step
    while (hi is None or b <= hi) and size(b) >= size(a) and step < 2**60:
        a, step = b, step * 2
        b = lo + step
    left, right = max(lo, a - step // 2), (b if hi is None else min(b, hi))
    while right - left > 2:
        m1 = left + (right - left) // 3
        m2 = right - (right - left) // 3
        if size(m1) < size(m2):
            left = m1
        else:
            right = m2
    return max(range(left, right + 1), key=size)


#: a start below this is moved up to it by summing the terms before it one by one (see :func:`remainder`)
_NEAR_ORIGIN = 256


def remainder(t, bounds: tuple, tol: mpf) -> tuple[mpf, mpf]:
    """Σ_{k=a}^{b} t(k) (b may be +oo) for smooth, slowly varying terms, with an error estimate.

    mpmath's Euler–Maclaurin summation (``mpmath.sumem``) around the integral
    ∫_a^b t(k) dk, which is computed here: over a finite range by quadrature
    on panels of doubling length from each end (a start below :data:`_NEAR_ORIGIN` is
    moved up to it, the terms before it summed one by one); towards +oo in the variable
    v = log(k/a), in which an algebraic tail k^(−s) becomes the exponential
    a^(1−s) e^(−(s−1)v), on panels [2^j, 2^(j+1)] out to where the integrand
    is negligible, then one panel to +oo. Terms that are still not decaying
    at k = a·e^4096 are refused (the series may diverge).
    """
    a, b = (int(v) if sp.sympify(v).is_finite else None for v in bounds)
    if 0 <= a < _NEAR_ORIGIN and (b is None or b > _NEAR_ORIGIN):
        # the terms' poles at k = -1, -2, ... (of Gamma(k + 1), psi(k + 1)) are close to a small start,
        # where the Euler-Maclaurin formula's derivatives grow without bound: those terms one by one
        head = mpmath.fsum(t(mpf(k)) for k in range(a, _NEAR_ORIGIN))
        value, err = remainder(t, (_NEAR_ORIGIN, sp.oo if b is None else b), tol)
        return head + value, err + _NEAR_ORIGIN * mpf(10) ** -mp.dps * abs(head)
    if b is not None:
        if b - a < 64:
            return mpmath.fsum(t(mpf(k)) for k in range(a, b + 1)), tol
        near = {mpf(e) for j in range(64) for e in (a + 2**j, b - 2**j) if a < e < b}
        integral, ierr = mpmath.quad(t, sorted({mpf(a), mpf(b), *near}), error=True)
        value, em_err = mpmath.sumem(t, [mpf(a), mpf(b)], tol=tol, integral=integral, error=True)
        return value, abs(ierr) + abs(em_err) + tol
    start = mpf(a)

    def in_v(v):
        k = start * mpmath.exp(v)
        return t(k) * k

    points, sizes = [mpf(0)], []
    for j in range(13):
        v = mpf(2) ** j
        points.append(v)
        sizes.append(abs(in_v(v)))
        if sizes[-1] <= tol * mpf(10) ** -10 * (max(sizes) + tol):
            break
    else:
        if not sizes[-1] < sizes[-2] / 2:
            raise ArithmeticError("the terms do not decay fast enough for a sum (the series may diverge)")
        points.append(mpmath.inf)
    integral, ierr = mpmath.quad(in_v, points, error=True)
    value, em_err = mpmath.sumem(t, [start, mpmath.inf], tol=tol, integral=integral, error=True)
    return value, abs(ierr) + abs(em_err) + tol


#: functions that lambdify would rewrite into gamma of a huge integer (binomial(2000, k) has
#: gamma(2001) = 2000!, which SymPy evaluates while printing): called through mpmath instead
_MPMATH_CALLS = {
    sp.binomial: implemented_function("mp_binomial", mpmath.binomial),
    sp.factorial: implemented_function("mp_factorial", mpmath.factorial),
}


def _mp_special(e: SpecialFunction) -> sp.Expr:
    """A records' special function called through its mpmath evaluator on an mpf: its
    lambdify implementation takes a constant argument (an int, ``logsinhc(1)``) as a float64."""
    mp_func = type(e)._mp
    return implemented_function(f"mp_{type(e).__name__}", lambda z: mp_func(mpf(z)))(*e.args)


def _for_mpmath(f: sp.Expr) -> sp.Expr:
    f = f.replace(lambda e: e.func in _MPMATH_CALLS, lambda e: _MPMATH_CALLS[e.func](*e.args))
    return f.replace(lambda e: isinstance(e, SpecialFunction), _mp_special)


def _alternating_part(s: sp.Sum) -> sp.Expr | None:
    """g for a series Σ_{k=a}^{∞} (−1)^k g(k), its terms written with powers ``(-1)**(k + c)``
    (in any sum of products); None when the terms have no such power or g would keep one."""
    (var, lo, hi), = s.limits
    if sp.sympify(hi).is_finite:
        return None

    def has_sign(e: sp.Expr) -> bool:
        return any(isinstance(a, sp.Pow) and a.base == -1 and a.exp.has(var) for a in sp.preorder_traversal(e))

    if not has_sign(s.function):
        return None
    g = sp.expand(s.function * (-1) ** var)
    return None if has_sign(g) else g


def _alternating_value(g: sp.Expr, var: sp.Symbol, lo: int, wp: int) -> mpf:
    """Σ_{k=lo}^{∞} (−1)^k g(k) by the Cohen–Rodriguez Villegas–Zagier acceleration (Experimental
    Math. 9 (2000), Algorithm 1): with weights from the Chebyshev polynomial of degree n the error is
    below 2|S|/(3 + √8)^n when g(k) are the moments of a positive measure on [0, 1] (a completely
    monotone g, as a Laplace transform of a positive function is). That premise is checked in part
    (terms of one sign, shrinking toward 0 at indices up to 10^480) and the result by computing with
    n and n + 12 terms: they must agree to ``wp`` digits; else ``ArithmeticError``."""
    f = sp.lambdify(var, _for_mpmath(g), modules="mpmath")
    with mp.workdps(wp + 10):
        # the acceleration also "sums" divergent series (Σ (−1)^k (k + 1) to 1/4, Σ (−1)^k to 1/2: Abel's
        # values): the terms must keep one sign and shrink, by 10^6 at the 10^480th term (terms that fall
        # like 1/(1 + r k) with r = 10^-200 do: the half-logistic law across scales 10^200 apart), or
        # there is no value to give
        sample = [f(mpf(lo + k)) for k in (0, 1, 2, 10, 100, 10**4, 10**8, 10**15, 10**30, 10**60, 10**120,
                                           10**240, 10**480)]
        # (a term below 10^-6 of the first counts as shrunk whatever its sign: far out, a difference of
        # terms such as 1/(k + 1) - 1/(k + 2) is rounding noise at this precision)
        small = abs(sample[0]) / 10**6
        large = [v for v in sample if abs(v) > small]
        if not (all(v > 0 for v in large) or all(v < 0 for v in large)) or any(
                abs(b) > abs(a) for a, b in zip(large, large[1:])) or abs(sample[-1]) > small:
            raise ArithmeticError(f"series_value: the terms {g} of an alternating series do not keep one sign and "
                                  "decrease to 0; not summed")

    def cvz(n: int) -> mpf:
        d = (3 + mpmath.sqrt(8)) ** n
        d = (d + 1 / d) / 2
        b, c, total = mpf(-1), -d, mpf(0)
        for k in range(n):
            c = b - c
            total += c * f(mpf(lo + k))
            b = (k + n) * (k - n) * b / ((k + mpf(1) / 2) * (k + 1))
        return (-1) ** lo * total / d

    with mp.workdps(wp + 10):
        n = int(mpmath.ceil((wp + 10) / mpmath.log10(3 + mpmath.sqrt(8))))
        value, check = cvz(n), cvz(n + 12)
        if not abs(value - check) <= mpf(10) ** (-wp) * abs(check):
            raise ArithmeticError(f"series_value: the alternating series of {g} is not accelerated to {wp} digits "
                                  f"({mpmath.nstr(value, 10)} with {n} terms, {mpmath.nstr(check, 10)} with {n + 12})")
        return check


def series_value(s: sp.Sum, dps: int = 30) -> mpf:
    """The value of a one-index series with numeric terms, to about ``dps`` significant digits.

    A series written Σ_{k=a}^{∞} (−1)^k g(k) is summed by :func:`_alternating_value`, every
    other term by term outward from the largest term. Raises ``ArithmeticError`` when the
    terms do not become negligible (a divergent or unsuitable series) and ``ValueError``
    for a series with symbols.

    >>> j = sp.Symbol("j", integer=True, nonnegative=True)
    >>> mpmath.nstr(series_value(sp.Sum((-1) ** j / (j + 1), (j, 0, sp.oo)), 30), 30)  # log 2
    '0.693147180559945309417232121458'
    """
    # positional, so that series_value(s) and series_value(s, dps=30) share one entry
    return _value(s, dps)


@lru_cache(maxsize=4096)
def _value(s: sp.Sum, dps: int) -> mpf:
    """:func:`series_value`, kept: an answer's series is evaluated again each time the answer is (the
    precision is set inside, so the value depends on ``s`` and ``dps`` only; errors are not kept)."""
    if s.free_symbols:
        raise ValueError(f"series_value: {s} has free symbols {s.free_symbols}")
    (var, lo, hi), = s.limits
    lo = int(lo)
    alternating = _alternating_part(s)
    if alternating is not None:
        with mp.workdps(dps):
            return +_alternating_value(alternating, var, lo, dps + 15)
    hi_int = None if not sp.sympify(hi).is_finite else int(hi)
    f = sp.lambdify(var, _for_mpmath(s.function), modules="mpmath")
    wp = dps + 15
    with mp.workdps(wp):
        def t(k):
            return f(mpf(k))

        start = _peak(t, lo, hi_int)
        total, err = mpf(0), mpf(0)
        tol = mpf(10) ** (-wp)
        for direction in (1, -1):
            k = start if direction == 1 else start - 1
            ratios: list[mpf] = []
            prev, steps = None, 0
            while (hi_int is None or k <= hi_int) if direction == 1 else k >= lo:
                v = t(k)
                total += v
                steps += 1
                if prev:
                    ratios = (ratios + [abs(v) / abs(prev)])[-_RATIO_WINDOW:]
                small = abs(v) <= tol * abs(total)
                if small and len(ratios) == _RATIO_WINDOW and all(
                    r1 >= r2 for r1, r2 in zip(ratios, ratios[1:])
                ) and ratios[-1] < 1:
                    r = ratios[-1]
                    err += abs(v) * r / (1 - r)
                    break
                if steps > DIRECT:
                    end = (sp.oo if hi_int is None else hi_int) if direction == 1 else lo
                    bounds = (k + 1, end) if direction == 1 else (end, k - 1)
                    if (direction == 1 and (hi_int is None or k < hi_int)) or (direction == -1 and k > lo):
                        # relative to the sum so far (a sum of 10^-301 needs an error far below 10^-2 wp)
                        rest, rest_err = remainder(t, bounds, tol * abs(total) if total else tol * tol)
                        total += rest
                        err += rest_err
                    break
                prev = v
                k += direction
        if not mpmath.isfinite(total):
            raise ArithmeticError(f"series_value: {s} does not converge to a finite value")
        err += (steps + 1) * tol * abs(total)
        if err > mpf(10) ** (-dps) * abs(total) * 1000:
            raise ArithmeticError(f"series_value: {s} reached only an error {mpmath.nstr(err, 3)}")
    with mp.workdps(dps):
        return +total
