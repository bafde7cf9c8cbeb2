"""The reference a float64 implementation is judged against, for any pair of families.

:func:`reference_kl` is :func:`klsym.verification.floats.kl_float` (the closed form, or the
oracle where no closed form applies) wherever kl_float answers. Where it says
``NotImplementedError`` (a pair of families klsym's exact layer has not derived), the
reference is the independent oracle, correctly rounded the same way
(:func:`klsym.verification.floats.oracle_float`). A reference of +inf comes with the reason:
klsym's exact :func:`klsym.infinite_reason` where it answers, else the oracle's
(:attr:`klsym.oracle.NumericResult.reason`).

When the exact layer derives a pair, kl_float answers it and the oracle fallback is no
longer taken: nothing here changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..exact.divergence import infinite_reason
from ..records.distribution import Distribution
from .floats import divergence_float, kl_float, oracle_float

__all__ = ["Reference", "reference_divergence", "reference_kl"]


@dataclass(frozen=True)
class Reference:
    """KL(P‖Q) correctly rounded to float64, how it was found, and why it is +inf (when it is).

    ``route`` is ``"kl_float"`` (:func:`klsym.kl_float` answered) or ``"oracle"`` (kl_float
    raised NotImplementedError; the numeric oracle, rounded as kl_float rounds it, answered).
    """

    value: float
    route: str
    reason: str | None = None


def _reason(p: Distribution, q: Distribution) -> str:
    try:
        reason = infinite_reason(p, q)
    except NotImplementedError:
        from ..oracle import numeric_kl

        reason = numeric_kl(p, q, dps=15).reason
    return reason or "the KL is finite but beyond the float64 range (it rounds to inf)"


def reference_kl(p: Distribution, q: Distribution) -> Reference:
    """KL(P‖Q) correctly rounded to float64: :func:`klsym.kl_float`, or the oracle where kl_float
    raises NotImplementedError; with the reason when it is +inf.

    Raises ArithmeticError (an ``OracleLimitError`` among them) when neither route can decide
    the value — a KL that is +inf only through a divergent moment (Cauchy ‖ normal) is one,
    until the exact layer derives the pair.

    >>> from klsym import dist
    >>> reference_kl(dist("normal", mu=0.0, sigma=1.0), dist("normal", mu=1.0, sigma=1.0))
    Reference(value=0.5, route='kl_float', reason=None)
    >>> r = reference_kl(dist("normal", mu=0, sigma=1), dist("exponential", lam=1))
    >>> r.value, r.reason
    (inf, 'the support of P (-oo, oo) is never inside the support of Q [0, oo)')
    """
    try:
        value, route = kl_float(p, q), "kl_float"
    except NotImplementedError:
        value, route = oracle_float(p, q), "oracle"
    return Reference(value, route, _reason(p, q) if math.isinf(value) else None)


def reference_divergence(p: Distribution, q: Distribution, kind: str = "kl", alpha: object = None) -> Reference:
    """A divergence of P from Q correctly rounded to float64: :func:`reference_kl` for ``"kl"``,
    else :func:`klsym.verification.floats.divergence_float` (``kind`` and ``alpha`` as there).

    >>> from klsym import dist
    >>> reference_divergence(dist("normal", mu=0.0, sigma=1.0), dist("normal", mu=1.0, sigma=1.0), "renyi", 2)
    Reference(value=1.0, route='divergence_float', reason=None)
    """
    if kind == "kl":
        return reference_kl(p, q)
    value = divergence_float(p, q, kind, alpha)
    return Reference(value, "divergence_float",
                     f"{kind} is +inf here (klsym.exact.renyi.divergence_answer gives the reason)"
                     if math.isinf(value) else None)
