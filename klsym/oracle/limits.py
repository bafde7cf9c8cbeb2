"""The oracle's work limits, and the error it raises when one would be passed.

The oracle refuses, with :class:`OracleLimitError` (a ``ValueError`` naming the
limit and what to use instead), rather than run without bound or report digits
it does not have:

* :data:`MAX_DPS`: the largest ``dps`` asked for;
* :data:`MAX_EXTRA_DIGITS`: digits the cancellation re-runs may add to ``dps``;
* :data:`MAX_SUM_EXTRA_DIGITS`: the same for a sum over a discrete support;
* :data:`MAX_WORK_DIGITS`: digits added to resolve P's scale at its location
  and the cancellation between the terms of a log-density;
* :data:`MAX_SUM_WORK_DIGITS`: the same for a sum over a discrete support (each of
  its thousands of terms costs a log-gamma at that precision);
* :data:`MAX_PANELS`: quadrature panels of one integral;
* :data:`MAX_COUNTS`: count vectors of a multinomial sum.
"""

from __future__ import annotations

from mpmath import mpf

__all__ = [
    "MAX_DPS", "MAX_EXTRA_DIGITS", "MAX_SUM_EXTRA_DIGITS", "MAX_WORK_DIGITS", "MAX_SUM_WORK_DIGITS", "MAX_PANELS", "MAX_COUNTS",
    "DivergentIntegralError", "OracleLimitError", "check_dps", "magnitude", "INSTEAD",
]

#: the largest ``dps`` the oracle accepts
MAX_DPS = 500
#: the digits the cancellation re-runs may add beyond dps + 15
MAX_EXTRA_DIGITS = 400
#: the digits the cancellation re-runs of a discrete sum may add beyond dps + 15 (its
#: Euler-Maclaurin tail costs half a minute at 90 digits for a spread of 2500)
MAX_SUM_EXTRA_DIGITS = 45
#: digits added to the working precision to tell P's points apart at its location
#: and to absorb the cancellation between the terms of a log-density
MAX_WORK_DIGITS = 350
#: the same digits for a discrete sum (thousands of log-gammas at that precision)
MAX_SUM_WORK_DIGITS = 120
#: quadrature panels one integral may use
MAX_PANELS = 1500
#: count vectors a multinomial sum visits one by one
MAX_COUNTS = 200_000

#: what to use when the oracle refuses
INSTEAD = "exact value: klsym.kl; float: klsym.kl_float"


class OracleLimitError(ValueError, ArithmeticError):
    """The oracle cannot compute (or cannot bound the error of) a value within its
    limits. A ``ValueError`` (and an ``ArithmeticError``, as the oracle's other
    failures to converge) whose message names the limit.

    >>> issubclass(OracleLimitError, ValueError)
    True
    """


class DivergentIntegralError(OracleLimitError):
    """The oracle found evidence that the integral (or sum) it was asked for is +∞:
    its integrand does not die out far out in the support (the affinity of a Rényi
    divergence of order above 1, say). Evidence, not proof: the message gives it."""


def check_dps(dps) -> None:
    """Refuse a ``dps`` that is not an int in [1, :data:`MAX_DPS`].

    >>> check_dps(0)
    Traceback (most recent call last):
    ...
    ValueError: dps must be an int between 1 and MAX_DPS = 500; got 0
    """
    if isinstance(dps, bool) or not isinstance(dps, int) or not 1 <= dps <= MAX_DPS:
        raise ValueError(f"dps must be an int between 1 and MAX_DPS = {MAX_DPS}; got {dps!r}")


def magnitude(v) -> int | None:
    """log2 |v| rounded up, from the mpf's exponent and mantissa size (None for 0,
    inf, nan and anything that is not a real mpf).

    >>> magnitude(mpf(8)), magnitude(mpf(0))
    (4, None)
    """
    m = getattr(v, "_mpf_", None)
    if m is None or not m[1]:
        return None
    return m[2] + m[3]
