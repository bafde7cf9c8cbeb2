"""The cross-check: closed form against the independent oracle, digit by digit.

For every family, :func:`cases_for` gives parameter pairs (P, Q): the cases
its record lists (``Family.cases``, chosen to include the hard regimes: shapes
below 1 (singular endpoints), near-equal P and Q (tiny KL, found only by
cancellation), very small and very large scales and rates, probabilities near
0 and 1), then cases generated from its parameter domains
(:func:`klsym.records.cases.generated_cases`) up to six. Each pair is checked
in both directions, so every case gives two rows.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import mpmath
from mpmath import mp

from .records import registry
from .records.cases import MIN_CASES, generated_cases
from .records.distribution import Distribution, dist
from .exact.divergence import kl_answer
from .verification.floats import kl_value
from .oracle import numeric_kl

__all__ = ["CheckRow", "check", "cases_for"]


def _parse(params: dict) -> dict:
    """Case parameters as written: :func:`dist` reads their text (``"1/10^8"``) by the
    number grammar of :mod:`klsym.records.parse`, never as code."""
    return dict(params)


def cases_for(family: str) -> list[tuple[Distribution, Distribution, str]]:
    """The check's (P, Q, label) cases for one family: the record's, then generated ones up to six.

    >>> [label for _, _, label in cases_for("poisson")][:2]
    ['moderate', 'large rates']
    """
    rec = registry.get(family)
    raw = list(rec.cases)
    if len(raw) < MIN_CASES:
        raw += generated_cases(rec, MIN_CASES - len(raw))
    if not raw:
        raise ValueError(f"no check cases for {family}")
    return [(dist(family, **_parse(a)), dist(family, **_parse(b)), label) for a, b, label in raw]


@dataclass(frozen=True)
class CheckRow:
    """One comparison: closed form vs oracle for KL(P‖Q)."""

    family: str
    p: Distribution
    q: Distribution
    label: str
    closed: mpmath.mpf
    numeric: mpmath.mpf
    error_estimate: mpmath.mpf
    digits: float  # significant digits on which the two agree
    seconds: float

    def ok(self, required: float) -> bool:
        return self.digits >= required

    def as_text(self, dps: int = 20) -> str:
        d = "exact" if math.isinf(self.digits) else f"{self.digits:5.1f}"
        return f"{self.family:18s} KL({self.p} ‖ {self.q})  {mpmath.nstr(self.closed, dps)}  digits {d}"


def agreed_digits(a: mpmath.mpf, b: mpmath.mpf) -> float:
    """Significant digits on which a and b agree (inf when equal)."""
    if a == b:
        return math.inf
    if mpmath.isinf(a) or mpmath.isinf(b):
        return 0.0
    scale = max(abs(a), abs(b))
    return float(-mpmath.log10(abs(a - b) / scale))


def check_pair(p: Distribution, q: Distribution, label: str = "", dps: int = 30) -> CheckRow:
    t0 = time.perf_counter()
    answer = kl_answer(p, q)
    with mp.workdps(dps + 20):
        closed = kl_value(p, q, dps + 20, answer.value)
        result = numeric_kl(p, q, dps=dps)
        digits = min(agreed_digits(closed, result.value), float(dps) + 0.0) if closed != result.value else math.inf
    return CheckRow(p.family, p, q, label, closed, result.value, result.error, digits, time.perf_counter() - t0)


def check(
    families: Iterable[str] | None = None,
    dps: int = 30,
    progress: Callable[[CheckRow], None] | None = None,
) -> list[CheckRow]:
    """Check every case of the given families (default: all), both directions.

    >>> rows = check(["exponential"], dps=30)
    >>> len(rows), all(r.digits >= 25 for r in rows)
    (12, True)
    """
    rows = []
    for name in families or registry.names():
        for p, q, label in cases_for(name):
            for a, b, direction in ((p, q, "forward"), (q, p, "reverse")):
                row = check_pair(a, b, f"{label} ({direction})", dps)
                rows.append(row)
                if progress:
                    progress(row)
    return rows
