"""The oracle's public entry points: one call for every family, univariate or multivariate.

The oracle sees only the records' log-densities (never a closed form) and
computes, inside ``mp.workdps``, with an error estimate that is reported:

* :func:`numeric_kl`: KL(P‖Q) = E_P[log p(X) − log q(X)];
* :func:`numeric_cross_entropy`: −E_P[log q(X)] (the entropy of P when Q is P);
* :func:`klsym.oracle.univariate.expectation`: E[f(X)] for a univariate law.

Univariate laws are integrated or summed by :mod:`klsym.oracle.univariate`;
multivariate ones are written in independent univariate variables by
:mod:`klsym.oracle.multivariate`.
"""

from __future__ import annotations

from mpmath import mpf

from ..records.distribution import Distribution, check_pair
from ..records.mixture import Mixture
from .limits import check_dps
from .multivariate import numeric_cross_entropy_multivariate, numeric_kl_multivariate
from .plane import numeric_kl_normal_mixture
from .result import NumericResult
from .univariate import cross_entropy_univariate, kl_univariate

__all__ = ["numeric_kl", "numeric_cross_entropy"]


#: what the oracle reads of an object that is not a Distribution (a mixture, say)
_PROTOCOL = ("discrete", "support_bounds", "center", "log_density_mp")


def _check_sides(p, q, q_optional: bool = False) -> None:
    """A clear ValueError for an argument that is neither a distribution nor has the density protocol."""
    for d, side in ((p, "P"), (q, "Q")):
        if d is None and q_optional and side == "Q":
            continue
        if not isinstance(d, (Distribution, Mixture)) and not all(hasattr(d, a) for a in _PROTOCOL):
            raise ValueError(f"{side} must be a klsym distribution (klsym.dist(...)) or a mixture, "
                             f"got {type(d).__name__}")


def _multivariate(d) -> bool:
    if isinstance(d, Mixture):
        return d.components[0].record.multivariate
    return isinstance(d, Distribution) and d.record.multivariate


def _mixture_pair(p, q) -> bool:
    """A mixture of multivariate laws on either side: the plane oracle's case."""
    if not (isinstance(p, Mixture) or isinstance(q, Mixture)):
        return False
    if _multivariate(p) != _multivariate(q):
        raise ValueError("P and Q must both be multivariate or both univariate")
    return _multivariate(p)


def numeric_kl(p, q, dps: int = 30) -> NumericResult:
    """KL(P‖Q) by quadrature or summation of the log-densities, to about ``dps`` digits.

    ``p`` and ``q`` are klsym distributions or mixtures (:func:`klsym.mixture`; of
    ``multivariate_normal`` laws in d ≤ 2: :mod:`klsym.oracle.plane`), or
    (univariate) any objects with the oracle's density protocol: ``discrete`` (bool), ``support_bounds()`` → (lower,
    upper) as SymPy numbers, ``center()`` → a typical point or None, and
    ``log_density_mp()`` → a function x ↦ log f(x) in mpmath at the current
    precision (returning ``-inf`` where f = 0).

    Returns a :class:`NumericResult` with ``.value`` (mpmath number),
    ``.error`` (a bound on |value − KL|: quadrature or summation error, tail bounds,
    P's mass deficit and rounding) and ``.digits``. A computed 0 never carries error
    0; KL(P‖P) for P == Q is the exact 0 with method ``"identical"``. When the
    error cannot be bounded within the oracle's limits (``dps`` above
    :data:`~klsym.oracle.limits.MAX_DPS`, :data:`~klsym.oracle.limits.MAX_WORK_DIGITS`,
    :data:`~klsym.oracle.limits.MAX_PANELS`, :data:`~klsym.oracle.limits.MAX_COUNTS`)
    it raises :class:`~klsym.oracle.limits.OracleLimitError`, a ``ValueError``
    naming the limit.

    >>> import mpmath
    >>> from klsym import dist
    >>> r = numeric_kl(dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=2), dps=30)
    >>> mpmath.nstr(r.value, 25)
    '0.4431471805599453094172321'
    >>> r.digits > 30
    True
    """
    check_dps(dps)
    _check_sides(p, q)
    if _mixture_pair(p, q):
        if p == q:
            return NumericResult(mpf(0), mpf(0), dps, "identical")
        return numeric_kl_normal_mixture(p, q, dps)
    if isinstance(p, Distribution) and p.record.multivariate:
        check_pair(p, q)
        if p == q:
            return NumericResult(mpf(0), mpf(0), dps, "identical")
        return numeric_kl_multivariate(p, q, dps)
    return kl_univariate(p, q, dps)


def numeric_cross_entropy(p: Distribution, q: Distribution | None = None, dps: int = 30) -> NumericResult:
    """−E_P[log q(X)] (with ``q=None``: the entropy −E_P[log p(X)]) by the oracle's
    quadrature or summation of the log-densities, to about ``dps`` digits.

    >>> import mpmath
    >>> from klsym import dist
    >>> mpmath.nstr(numeric_cross_entropy(dist("exponential", lam=1)).value, 20)
    '1.0'
    """
    check_dps(dps)
    _check_sides(p, q, q_optional=True)
    if _mixture_pair(p, p if q is None else q):
        return numeric_kl_normal_mixture(p, p if q is None else q, dps, cross=True)
    if isinstance(p, Distribution) and p.record.multivariate:
        if q is not None:
            check_pair(p, q)
        return numeric_cross_entropy_multivariate(p, q, dps)
    return cross_entropy_univariate(p, q, dps)
