"""Special functions the closed forms need, with safe numerics.

Each is a SymPy function with its derivative (so the engine can take ∇A), an
exact value where one exists, ``evalf`` by mpmath to any precision, and a
``lambdify`` implementation that accepts floats (float64 result, never an
overflow where the value itself is representable) or mpmath numbers (the
current mpmath precision):

* ``logsinhc(z)`` = log(sinh(z)/z), 0 at z = 0 (continuous Bernoulli's A);
* ``langevin(z)`` = coth(z) − 1/z, 0 at z = 0 (its derivative);
* ``log_besseli0(z)`` = log I0(z), without forming I0 (which overflows float64
  beyond z ≈ 713; von Mises);
* ``besseli_ratio(z)`` = I1(z)/I0(z) (its derivative);
* ``log_zeta(s)`` = log ζ(s) and ``zeta_logderiv(s)`` = ζ'(s)/ζ(s) for s > 1
  (zeta distribution; computed from ζ(s) − 1 and ζ'(s) by Hurwitz sums from 2,
  so that no digits are lost for large s).

>>> import sympy as sp
>>> z = sp.Symbol("z", real=True)
>>> logsinhc(z).diff(z)
langevin(z)
>>> logsinhc(0), langevin(0)
(0, 0)
>>> sp.N(logsinhc(sp.Rational(1, 10**9)), 15)
1.66666666666667e-19
>>> sp.lambdify(z, log_besseli0(z))(1e6) > 999990
True
"""

from __future__ import annotations

import math

import mpmath
import sympy as sp
from mpmath import mp, mpf
from mpmath.libmp import prec_to_dps

__all__ = [
    "SpecialFunction",
    "logsinhc",
    "langevin",
    "log_besseli0",
    "besseli_ratio",
    "log_zeta",
    "zeta_logderiv",
]

#: guard bits for every evaluation
_GUARD = 20


def _small_boost(z: mpf) -> int:
    """Extra bits that make up for the cancellation of size z² near z = 0."""
    if z == 0:
        return 0
    e = int(-mpmath.log(abs(z), 2)) if abs(z) < 1 else 0
    return 2 * max(e, 0) + 10


def _mp_logsinhc(z: mpf) -> mpf:
    z = abs(z)
    if z == 0:
        return mpf(0)
    if z > 30:
        # exact: sinh z = e^z (1 − e^(−2z)) / 2
        return z - mpmath.log(2 * z) + mpmath.log1p(-mpmath.exp(-2 * z))
    with mp.workprec(mp.prec + _small_boost(z) + _GUARD):
        return mpmath.log(mpmath.sinh(z) / z)


def _mp_langevin(z: mpf) -> mpf:
    if z == 0:
        return mpf(0)
    with mp.workprec(mp.prec + _small_boost(z) + _GUARD):
        return mpmath.coth(z) - 1 / z


def _mp_log_besseli0(z: mpf) -> mpf:
    with mp.workprec(mp.prec + _small_boost(z) + _GUARD):  # I0(z) = 1 + z²/4 + ...
        return mpmath.log(mpmath.besseli(0, abs(z)))


def _mp_besseli_ratio(z: mpf) -> mpf:
    if z == 0:
        return mpf(0)
    with mp.workprec(mp.prec + _GUARD):
        return mpmath.besseli(1, z) / mpmath.besseli(0, z)


def _mp_log_zeta(s: mpf) -> mpf:
    with mp.workprec(mp.prec + _GUARD):
        return mpmath.log1p(mpmath.zeta(s, 2))  # ζ(s) − 1 = Σ_{k≥2} k^(−s)


def _mp_zeta_logderiv(s: mpf) -> mpf:
    with mp.workprec(mp.prec + _GUARD):
        return mpmath.zeta(s, 2, 1) / (1 + mpmath.zeta(s, 2))  # ζ'(s) = Σ_{k≥2} −log k · k^(−s)


def _numeric(mp_func):
    """A lambdify implementation: mpmath numbers at the current precision, floats in float64."""

    def impl(z):
        if isinstance(z, mpf):
            return mp_func(z)
        with mp.workprec(53 + _GUARD):
            return float(mp_func(mpf(float(z))))

    return staticmethod(impl)


class SpecialFunction(sp.Function):
    """A one-argument special function with an mpmath evaluator ``_mp``."""

    _mp = None
    _latex_template = ""
    #: 1 for an even function, -1 for an odd one (both exactly 0 at z = 0); None: neither
    _parity: int | None = None
    #: the direction of monotonicity, on z > 0 for an even or odd function, on the whole
    #: domain otherwise: True increasing, False decreasing (the float64 oracle's interval
    #: rule, :mod:`klsym.verification.floats`, evaluates the ends of an interval by it)
    _increasing: bool = True

    @classmethod
    def eval(cls, z):
        if cls._parity is None:
            return None
        if z == 0:  # structural: SymPy mis-reports atanh(r).is_zero for r near 1
            return sp.Integer(0)
        if z.could_extract_minus_sign():
            return cls(-z) if cls._parity == 1 else -cls(-z)
        return None

    @classmethod
    def _real_arg(cls, z):
        return z.is_extended_real

    def _eval_is_extended_real(self):
        return self._real_arg(self.args[0])

    def _eval_evalf(self, prec: int):
        arg = self.args[0]
        if not arg.is_number:
            return None
        # atanh(r) for a rational r next to ±1 loses 1 ∓ r in SymPy's evalf; the logs of
        # the exact rationals 1 + r and 1 − r do not
        arg = arg.replace(sp.atanh, lambda r: (sp.log(1 + r) - sp.log(1 - r)) / 2)
        z = sp.N(arg, prec_to_dps(prec + 2 * _GUARD), maxn=max(400, prec_to_dps(8 * prec)))
        if not z.is_Float and not z.is_Rational:
            return None
        with mp.workprec(prec + _GUARD):
            value = type(self)._mp(mpf(z._to_mpmath(prec + 2 * _GUARD)))
        return sp.Float._new(value._mpf_, prec)

    def _latex(self, printer, exp=None) -> str:
        text = self._latex_template.format(printer._print(self.args[0]))
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _pythoncode(self, printer) -> str:
        # a call by name: lambdify supplies the float/mpmath implementation under this name
        return f"{type(self).__name__}({printer._print(self.args[0])})"


class logsinhc(SpecialFunction):
    """log(sinh(z)/z), even, 0 at z = 0."""

    _mp = staticmethod(_mp_logsinhc)
    _imp_ = _numeric(_mp_logsinhc)
    _latex_template = r"\log\frac{{\sinh({0})}}{{{0}}}"

    _parity = 1
    # sinh(z)/z = Σ z^(2k)/(2k+1)! rises with |z|: increasing on z > 0 (the default)

    def fdiff(self, argindex: int = 1):
        return langevin(self.args[0])


class langevin(SpecialFunction):
    """The Langevin function coth(z) − 1/z, odd, 0 at z = 0."""

    _mp = staticmethod(_mp_langevin)
    _imp_ = _numeric(_mp_langevin)
    _latex_template = r"\left(\coth({0}) - \frac{{1}}{{{0}}}\right)"

    _parity = -1
    # derivative 1/z² − 1/sinh²(z) > 0: increasing (the default)

    def fdiff(self, argindex: int = 1):
        z = self.args[0]
        return 1 / z**2 - 1 / sp.sinh(z) ** 2


class besseli_ratio(SpecialFunction):
    """I1(z)/I0(z), odd, 0 at z = 0."""

    _mp = staticmethod(_mp_besseli_ratio)
    _imp_ = _numeric(_mp_besseli_ratio)
    _latex_template = r"\frac{{I_1({0})}}{{I_0({0})}}"

    _parity = -1
    # derivative 1 − r/z − r² = Var[cos X] under von Mises(0, z) > 0: increasing (the default)

    def fdiff(self, argindex: int = 1):
        z = self.args[0]
        return 1 - self / z - self**2


class log_besseli0(SpecialFunction):
    """log I0(z), even, 0 at z = 0."""

    _mp = staticmethod(_mp_log_besseli0)
    _imp_ = _numeric(_mp_log_besseli0)
    _latex_template = r"\log I_0({0})"

    _parity = 1
    # derivative I1(z)/I0(z) > 0 for z > 0: increasing (the default)

    def fdiff(self, argindex: int = 1):
        return besseli_ratio(self.args[0])


class zeta_logderiv(SpecialFunction):
    """ζ'(s)/ζ(s) for real s > 1 (negative)."""

    _mp = staticmethod(_mp_zeta_logderiv)
    _imp_ = _numeric(_mp_zeta_logderiv)
    _latex_template = r"\frac{{\zeta'({0})}}{{\zeta({0})}}"
    # −ζ'/ζ = Σ Λ(n) n^(−s) (von Mangoldt's Λ >= 0) falls with s: ζ'/ζ rises (the default)


class log_zeta(SpecialFunction):
    """log ζ(s) for real s > 1."""

    _mp = staticmethod(_mp_log_zeta)
    _imp_ = _numeric(_mp_log_zeta)
    _latex_template = r"\log\zeta({0})"
    _increasing = False  # ζ(s) = Σ k^(−s) falls with s

    def fdiff(self, argindex: int = 1):
        return zeta_logderiv(self.args[0])


def float_value(f: type[SpecialFunction], z: float) -> float:
    """``f`` at a float, in float64 (a convenience for users without lambdify).

    >>> float_value(langevin, 1e-300)
    3.3333333333333334e-301
    """
    return f._imp_(z) if math.isfinite(z) else math.nan
