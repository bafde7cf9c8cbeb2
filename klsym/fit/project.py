"""Projections of a target onto a family: the best Q under the forward or the reverse KL.

For a target P (a klsym distribution or :func:`klsym.fit.mixture`) and a family,

* the **forward** projection minimises KL(P‖Q) over Q in the family. For an
  exponential family log q = η·T − A(η) + log h, KL(P‖Q) = const − η·E_P[T] + A(η)
  is convex in η and its minimiser solves ∇A(η) = E_P[T]: **moment matching**,
  E_Q*[T] = E_P[T]. E_Q[T] is the engine's ``mean_T`` (∇A at η(θ)); E_P[T] is
  Σ wᵢ E_{Pᵢ}[T] over the mixture components, exact where a component's own
  record gives it, else by the oracle's quadrature. The condition is solved by
  SymPy when it can, else by damped Newton in η at high precision.
* the **reverse** projection minimises KL(Q‖P). It is not convex: Q may lock
  onto one mode. It is found by Nelder–Mead on a fast float64 quadrature of
  KL(Q‖P) from several starts (the moment matches to each component and to
  the whole target), every distinct local minimum is kept, and each is
  polished by Newton's method on ∂KL/∂θ = E_Q[∂_θ log q · (log q − log p)] = 0
  computed by the oracle at high precision.

The forward fit lives in :mod:`klsym.fit.moment_matching`, the reverse search in
:mod:`klsym.fit.reverse_fit`, the result type in :mod:`klsym.fit.projection`.

>>> from klsym import dist, mixture
>>> target = mixture([0.5, 0.5], [dist("normal", mu=-2, sigma=1), dist("normal", mu=2, sigma=1)])
>>> project(target, "normal").q
normal(mu=0, sigma=sqrt(5))
"""

from __future__ import annotations

from typing import Sequence

import mpmath  # noqa: F401  (used by the examples)
import sympy as sp

from ..records import registry
from ..derive import derive_kl
from ..derive.tidy import tidy
from ..derive.sides import swap_sides
from ..records.distribution import Distribution
from ..records.mixture import Mixture, as_mixture
from .moment_matching import forward_projection
from .projection import Projection, fixed_values
from .reverse_fit import reverse_projection

__all__ = ["MAX_PROJECT_DPS", "MAX_POINTS", "Projection", "project", "asymmetry"]

#: largest ``dps`` of :func:`project` (moments, polished optimum and KL at that precision)
MAX_PROJECT_DPS = 100
#: largest ``points`` (quadrature points per width of Q in the reverse search)
MAX_POINTS = 64


def _check_count(name: str, value: object, high: int, limit: str) -> None:
    """``value`` an int from 1 to ``high``, the constant named ``limit`` of this module."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise ValueError(f"{name} must be an integer from 1 to {high} (klsym.fit.project.{limit}), got {value!r}")


# ------------------------------------------------------------------ public
def project(
    target: Distribution | Mixture,
    family: str,
    direction: str = "forward",
    *,
    fixed: dict | None = None,
    dps: int = 30,
    starts: Sequence[dict] | None = None,
    polish: bool = True,
    points: int = 6,
) -> Projection:
    """The member Q* of ``family`` closest to ``target``.

    ``direction="forward"`` minimises KL(target‖Q) (moment matching, unique);
    ``"reverse"`` minimises KL(Q‖target) and reports every local minimum
    found in ``.local_minima``, best first. Fixed parameters (binomial ``n``,
    negative-binomial ``r``, categorical length ``K``) come from ``fixed`` or
    from the target, and are not optimised. ``dps`` is the precision of the
    moments, of the polished reverse optimum and of the reported KL;
    ``starts`` adds starting points (parameter dicts) for the reverse search,
    ``points`` is the number of quadrature points per width of Q in that search
(``dps`` at most :data:`MAX_PROJECT_DPS` = 100, ``points`` at most :data:`MAX_POINTS` = 64).

    >>> from klsym import dist
    >>> r = project(dist("gamma", alpha=3, beta=2), "exponential")
    >>> r.q, mpmath.nstr(r.divergence, 12)
    (exponential(lam=2/3), '0.251033778305')
    """
    _check_count("dps", dps, MAX_PROJECT_DPS, "MAX_PROJECT_DPS")
    _check_count("points", points, MAX_POINTS, "MAX_POINTS")
    fam = registry.get(family)
    tgt = as_mixture(target)
    fx = fixed_values(fam, tgt, fixed)
    if direction == "forward":
        return forward_projection(tgt, fam, fx, dps)
    if direction == "reverse":
        return reverse_projection(tgt, fam, fx, dps, starts, polish, points)
    raise ValueError(f"direction must be 'forward' or 'reverse', not {direction!r}")


def asymmetry(family: str) -> sp.Expr:
    """KL(P‖Q) − KL(Q‖P) for P, Q in ``family``, tidied.

    >>> asymmetry("poisson")
    -2*lam_p + 2*lam_q + (lam_p + lam_q)*(log(lam_p) - log(lam_q))
    """
    d = derive_kl(registry.get(family).name)
    fam = d.family
    pairs = [(d.symbols_p[p.name], d.symbols_q[p.name]) for p in fam.free_params if not p.vector]
    diff = d.kl - swap_sides(fam, d.kl)
    if diff.has(sp.Sum):
        from ..derive.tidy import tidy_sum

        return tidy_sum(diff)
    return tidy(diff, pairs)
