"""Functions the catalogue's log-densities are written with, where SymPy's own would
lose exactness or overflow: each evaluates exactly at exact arguments where it can,
stays unevaluated otherwise, and gives mpmath (``_mp``, the oracle's constants) and
float64 or mpmath values (``_imp_``, for lambdify) of its own.

* :class:`log_binomial`: log C(a, b) (hypergeometric, beta-binomial);
* :class:`log_rising`: log of a rising factorial (beta-binomial);
* :class:`log1pexp`: log(1 + e^z), the softplus (logistic).
"""

from __future__ import annotations

import math
from functools import lru_cache

import mpmath
import sympy as sp
from sympy import log

__all__ = ["log1pexp", "log_binomial", "log_rising"]


class _MpFunction(sp.Function):
    """A function with an mpmath rule of its own (``_mp``): real for real arguments, and
    evaluated by that rule, 20 bits above the precision asked, at numeric arguments."""

    def _eval_is_extended_real(self):
        return True if all(arg.is_extended_real for arg in self.args) else None

    def _eval_evalf(self, prec: int):
        args = [arg.evalf(prec + 20) for arg in self.args]
        if not all(arg.is_Number for arg in args):
            return None
        with mpmath.mp.workprec(prec + 20):
            value = self._mp(*(arg._to_mpmath(prec + 20) for arg in args))
        return sp.Float._new(value._mpf_, prec)


def _log_binomial_value(a, b):
    """log C(a, b) for numbers: floats in float64 (by log-gammas: finite for any a below float64's
    range); anything else (mpmath numbers, Python integers: the oracle's compiled log-densities)
    by mpmath at its current precision."""
    if isinstance(a, float) or isinstance(b, float):
        return math.lgamma(a + 1) - math.lgamma(b + 1) - math.lgamma(a - b + 1)
    return mpmath.log(mpmath.binomial(a, b))


#: an exact value (a binomial coefficient, a rising factorial) is formed only below this many digits: past
#: Python's limit of 4300 digits for converting an integer to text, SymPy's printing and ``lambdify`` fail
#: (dirichlet_multinomial with n = 5000 has rf(alpha_0, 5000)); larger ones stay unevaluated, and mpmath or
#: float64 evaluate them
EXACT_DIGITS = 3000


def _digits_below(count: sp.Integer, bound: sp.Integer) -> bool:
    """True when a product of ``count`` integers each below ``bound`` has fewer than EXACT_DIGITS digits."""
    return int(count) * int(bound).bit_length() * math.log10(2) < EXACT_DIGITS


class log_binomial(_MpFunction):
    """log C(a, b), the log of a binomial coefficient (the hypergeometric law's log-density).

    At integers 0 <= b <= a it is the log of SymPy's exact integer C(a, b) (cheap for a = 10^9
    and b small, where loggamma(a + 1) would be log of the factorial a!) when that has fewer than
    :data:`EXACT_DIGITS` digits; elsewhere it stays
    unevaluated, and mpmath or float64 evaluate it (``_mp``, and ``_imp_`` for lambdify).
    SymPy's own ``log(binomial(a, x))`` is compiled through gamma(a + 1), an exact factorial.

    >>> log_binomial(10**9, 2)
    log(499999999500000000)
    >>> log_binomial(5, 7), log_binomial(sp.Symbol("a"), 2)
    (-oo, log_binomial(a, 2))
    """

    nargs = 2
    _mp = staticmethod(lambda a, b: mpmath.log(mpmath.binomial(a, b)))
    _imp_ = staticmethod(_log_binomial_value)

    @classmethod
    def eval(cls, a, b):
        if a.is_Integer and b.is_Integer:
            if not 0 <= b <= a:
                return -sp.oo
            if _digits_below(min(b, a - b), a):  # C(a, b) < a^min(b, a - b)
                return log(sp.binomial(a, b))
        return None


#: below this many factors a float64 log of a rising factorial is a sum of logs (lgamma(a + k) - lgamma(a)
#: cancels for large a: at a = 10^8 it keeps about 7 digits)
_FLOAT_RISING_TERMS = 10_000


def _log_rising_value(a, k):
    """log(a (a + 1) ... (a + k - 1)) for numbers: floats in float64, anything else by mpmath at its
    current precision (the oracle's compiled log-densities)."""
    if isinstance(a, float) or isinstance(k, float):
        if float(k).is_integer() and 0 <= k <= _FLOAT_RISING_TERMS:
            return math.fsum(math.log(a + i) for i in range(int(k)))
        return math.lgamma(a + k) - math.lgamma(a)
    return mpmath.log(mpmath.rf(a, k))


@lru_cache(maxsize=4096)
def _exact_log_rising(a: sp.Rational, k: sp.Integer) -> sp.Expr:
    """log(rf(a, k)) exactly, kept: an exact sum asks for the same rf(alpha + beta, n), a product of n
    rationals, at every point of the support."""
    return log(sp.rf(a, k))


class log_rising(_MpFunction):
    """log of the rising factorial a (a + 1) ... (a + k - 1) = Gamma(a + k)/Gamma(a), for a > 0
    and an integer k >= 0 (the beta-binomial law's log-density).

    At a positive rational a and an integer k >= 0 it is the log of SymPy's exact rational
    rf(a, k), so that the probabilities of an exact sum are rationals (below :data:`EXACT_DIGITS`
    digits); elsewhere it stays
    unevaluated, and mpmath or float64 evaluate it (``_mp``, and ``_imp_`` for lambdify).

    >>> log_rising(sp.Rational(1, 2), 3)
    log(15/8)
    >>> log_rising(7, 0), log_rising(sp.Symbol("a"), 2)
    (0, log_rising(a, 2))
    """

    nargs = 2
    _mp = staticmethod(lambda a, k: mpmath.log(mpmath.rf(a, k)))
    _imp_ = staticmethod(_log_rising_value)

    @classmethod
    def eval(cls, a, k):
        if a.is_Rational and a.is_positive and k.is_Integer and k.is_nonnegative:
            if _digits_below(k, a.p + k * a.q):  # rf(p/q, k) = prod (p + i q) / q^k, each factor below p + k q
                return _exact_log_rising(a, k)
        return None


def _mp_log1pexp(z):
    """log(1 + e^z) at mpmath's precision, with no overflow of e^z (z + log(1 + e^-z) for z > 0)."""
    return z + mpmath.log1p(mpmath.exp(-z)) if z > 0 else mpmath.log1p(mpmath.exp(z))


def _log1pexp_value(z):
    """log(1 + e^z) for numbers: floats in float64 without overflow, anything else by mpmath."""
    if isinstance(z, float):
        return z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))
    return _mp_log1pexp(z)


class log1pexp(_MpFunction):
    """log(1 + e^z) (the softplus), kept whole: a log-density written with it evaluates in
    float64 for any z (log(1 + exp(z)) overflows past z = 709), and the oracle compiles it as
    one function of x instead of a log of a sum of exponentials.

    >>> log1pexp(0), log1pexp(sp.Symbol("z")).rewrite(sp.log)
    (log(2), log(exp(z) + 1))
    >>> float(log1pexp(sp.Integer(1000)).evalf(30))
    1000.0
    """

    nargs = 1
    _mp = staticmethod(_mp_log1pexp)
    _imp_ = staticmethod(_log1pexp_value)

    @classmethod
    def eval(cls, z):
        if z.is_zero:
            return log(2)
        return None

    def _eval_rewrite_as_log(self, z, **kwargs):
        return log(1 + sp.exp(z))

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None
