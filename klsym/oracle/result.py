"""The oracle's answer: a value with its own error estimate."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

import mpmath
from mpmath import mpf

__all__ = ["NumericResult", "Method", "METHODS", "Route"]

#: The routes of the multivariate oracle: a sum over the count vectors
#: (multinomial), or quadrature in independent univariate coordinates.
Route = Literal["count-sum", "coordinates"]
#: How the oracle computed a value: quadrature or summation of a univariate law
#: (``"expectation"`` and ``"cross-entropy"`` name those of E[f(X)] and of
#: −E_P[log q]), ``"support"`` for +inf decided by the supports, ``"identical"``
#: for the exact 0 of KL(P‖P), a multivariate :data:`Route`, or ``"plane"`` for the
#: polar quadrature of normal mixtures in d ≤ 2 (:mod:`klsym.oracle.plane`).
Method = Literal["quadrature", "sum", "expectation", "cross-entropy", "support", "count-sum", "coordinates",
                 "identical", "plane"]
#: every :data:`Method`
METHODS: tuple[str, ...] = get_args(Method)


@dataclass(frozen=True)
class NumericResult:
    """The oracle's value and its error estimate (absolute).

    ``method`` is one of :data:`METHODS`; ``representation`` names the
    coordinates a multivariate route used (``""`` otherwise); ``reason`` says
    why a value is +inf.

    >>> NumericResult(mpf(1), mpf(0), 30, "quadrature").description
    'quadrature'
    >>> NumericResult(mpf(1), mpf(0), 30, "integral")
    Traceback (most recent call last):
    ...
    ValueError: NumericResult.method must be one of quadrature, sum, expectation, cross-entropy, support, count-sum, coordinates, identical, plane; got 'integral'
    """

    value: mpf
    error: mpf
    dps: int
    method: Method
    reason: str | None = None
    representation: str = ""

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"NumericResult.method must be one of {', '.join(METHODS)}; got {self.method!r}")

    @property
    def description(self) -> str:
        """The method, and the representation when there is one (for display)."""
        return f"{self.method}: {self.representation}" if self.representation else self.method

    @property
    def digits(self) -> float:
        """Estimated number of correct significant digits (inf when the error is 0: an
        exact value, such as KL(P‖P) or +inf decided by the supports)."""
        if self.error == 0 or mpmath.isinf(self.value):
            return math.inf
        if self.value == 0:
            return 0.0
        return float(-mpmath.log10(self.error / abs(self.value)))

    def __float__(self) -> float:
        return float(self.value)

    def __str__(self) -> str:
        """The value to the digits asked for."""
        return mpmath.nstr(self.value, self.dps)

