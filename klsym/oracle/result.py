"""The oracle's answer: a value with its own error estimate."""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
from mpmath import mpf

__all__ = ["NumericResult"]


@dataclass(frozen=True)
class NumericResult:
    """The oracle's value and its error estimate (absolute)."""

    value: mpf
    error: mpf
    dps: int
    method: str
    reason: str | None = None

    @property
    def digits(self) -> float:
        """Estimated number of correct significant digits (inf when the error estimate is 0)."""
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

