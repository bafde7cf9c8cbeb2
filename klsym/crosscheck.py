"""The cross-check: closed form against the independent oracle, digit by digit.

For every family, :func:`cases_for` gives parameter pairs (P, Q): the cases
its record lists (``Family.cases``, chosen to include the hard regimes: shapes
below 1 (singular endpoints), near-equal P and Q (tiny KL, found only by
cancellation), very small and very large scales and rates, probabilities near
0 and 1), then cases generated from its parameter domains
(:func:`klsym.records.cases.generated_cases`) up to six. Each pair is checked
in both directions, so every case gives two rows (and the entropies of P and Q more).

:func:`check_pair` runs one row live; :func:`klsym.check` (in
:mod:`klsym.references`) checks every row against the oracle's stored values.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import mpmath
from mpmath import mp

from .records import registry
from .records.cases import MIN_CASES, generated_cases
from .records.distribution import Distribution, dist
from .exact.divergence import kl_answer
from .verification.floats import kl_value
from .oracle import numeric_kl

__all__ = ["CheckRow", "agreed_digits", "cases_for", "check_pair", "describe", "family_members", "held_within_error",
           "pair_cases"]


def describe(quantity: str, p: Distribution, q: Distribution | None) -> str:
    """A check row's quantity as text: ``KL(P ‖ Q)``, ``H(P)``, ``renyi[1/2](P ‖ Q)``,
    ``hellinger(P ‖ Q)`` (a divergence named ``kind`` or ``kind:order``)."""
    if quantity == "kl":
        return f"KL({p} ‖ {q})"
    if quantity == "entropy":
        return f"H({p})"
    kind, _, order = quantity.partition(":")
    return f"{kind}{f'[{order}]' if order else ''}({p} ‖ {q})"


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


def family_members(family: str) -> list[Distribution]:
    """The record's example, then the distinct members of its check cases, in order."""
    rec = registry.get(family)
    out: list[Distribution] = []
    for d in [dist(family, **_parse(rec.example))] + [d for p, q, _ in cases_for(family) for d in (p, q)]:
        if d not in out:
            out.append(d)
    return out


def pair_cases(name_p: str, name_q: str, n: int = 3) -> list[tuple[Distribution, Distribution, str]]:
    """``n`` (P, Q, label) cases for two different families, where KL(P‖Q) is finite when
    a closed form says so: members of the two records' cases (examples first), P's i-th
    against Q's j-th, taken in the order i + j, skipping pairs whose KL is +∞.

    >>> [(str(p), str(q)) for p, q, _ in pair_cases("exponential", "gamma", 2)]
    [('exponential(lam=1)', 'gamma(alpha=2, beta=1)'), ('exponential(lam=1)', 'gamma(alpha=3/2, beta=2)')]
    """
    ps, qs = family_members(name_p), family_members(name_q)
    order = sorted(((i, j) for i in range(len(ps)) for j in range(len(qs))), key=lambda ij: (sum(ij), ij))
    out = []
    for i, j in order:
        p, q = ps[i], qs[j]
        try:
            answer = kl_answer(p, q)
        except NotImplementedError:  # the form cannot be evaluated at this point (a 0/0 it does not resolve)
            continue
        if answer.value == mpmath.inf or answer.reason:
            continue
        out.append((p, q, f"P case {i}, Q case {j}"))
        if len(out) == n:
            break
    return out


@dataclass(frozen=True)
class CheckRow:
    """One comparison: the closed form against the oracle's value (stored or live)
    for KL(P‖Q) (``quantity`` "kl"), the entropy H(P) ("entropy", ``q`` None) or a
    divergence of P from Q ("renyi:1/2", "hellinger", ...)."""

    family: str
    p: Distribution
    q: Distribution | None
    label: str
    closed: mpmath.mpf
    numeric: mpmath.mpf
    error_estimate: mpmath.mpf
    digits: float  # significant digits on which the two agree
    seconds: float
    quantity: str = "kl"
    #: True when the oracle's value was computed in this run, False when it was read from the store
    live: bool = True
    #: what the closed form raised, when it did (the row fails)
    problem: str | None = None
    #: why the oracle's value is known to be wrong (see klsym.references.store.KNOWN_PROBLEMS)
    known_problem: str | None = None

    def ok(self, required: float) -> bool:
        return self.problem is None and self.digits >= required

    @property
    def what(self) -> str:
        return describe(self.quantity, self.p, self.q)

    def as_text(self, dps: int = 20) -> str:
        d = "exact" if math.isinf(self.digits) else f"{self.digits:5.1f}"
        value = self.problem if self.problem else mpmath.nstr(self.closed, dps)
        return f"{self.family:18s} {self.what}  {value}  digits {d}"


def held_within_error(closed: mpmath.mpf, numeric: mpmath.mpf, error: mpmath.mpf) -> bool:
    """True when the closed value is below the oracle's own error bound, so that the oracle
    cannot give its digits, and the oracle's value lies within that bound of it: the check for a
    value far below the oracle's reach (two truncated normals whose lower ends differ 150 sigmas
    below mu: KL = 1.3e-5117, the oracle 0 within 7.5e-178).

    >>> held_within_error(mpmath.mpf("1.3e-5117"), mpmath.mpf(0), mpmath.mpf("7.5e-178"))
    True
    >>> held_within_error(mpmath.mpf("1e-10"), mpmath.mpf(0), mpmath.mpf("7.5e-178"))
    False
    """
    return abs(closed) <= error and abs(closed - numeric) <= error


def agreed_digits(a: mpmath.mpf, b: mpmath.mpf) -> float:
    """Significant digits on which a and b agree (inf when equal; 0 when one is
    infinite or not a number)."""
    if a == b:
        return math.inf
    if mpmath.isinf(a) or mpmath.isinf(b) or mpmath.isnan(a) or mpmath.isnan(b):
        return 0.0
    scale = max(abs(a), abs(b))
    return float(-mpmath.log10(abs(a - b) / scale))


def check_pair(p: Distribution, q: Distribution, label: str = "", dps: int = 30) -> CheckRow:
    """KL(P‖Q) by the closed form and by the oracle, computed now (one live row)."""
    t0 = time.perf_counter()
    answer = kl_answer(p, q)
    with mp.workdps(dps + 20):
        closed = kl_value(p, q, dps + 20, answer.value)
        result = numeric_kl(p, q, dps=dps)
        digits = min(agreed_digits(closed, result.value), float(dps) + 0.0) if closed != result.value else math.inf
    return CheckRow(p.family, p, q, label, closed, result.value, result.error, digits, time.perf_counter() - t0)
