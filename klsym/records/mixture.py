"""Finite mixtures of klsym distributions, usable as targets on either side of a KL.

A mixture with weights w₁, …, w_m (positive, summing to 1) and components
P₁, …, P_m has density p(x) = Σ wᵢ pᵢ(x). Its log-density is computed as a
log-sum-exp of the components' log-densities, so it never underflows.

A :class:`Mixture` holds data only (this module is in the records layer, below
both the exact values and the oracle): ``discrete``, ``support_bounds()``,
``center()`` and ``split_points()`` (each component's centre, so that quadrature
visits every mode). The oracle reads its log-density from the components'
records (:func:`klsym.oracle.density.log_density`), the exact side its exact
log-probabilities (:meth:`Mixture.logpdf`); both accept it as P or as Q.

Expectations are linear in the mixture: E_P[f] = Σ wᵢ E_{Pᵢ}[f], so the exact
means of the components give exact means of the mixture.

>>> from klsym import dist
>>> m = mixture([0.5, 0.5], [dist("normal", mu=-2, sigma=1), dist("normal", mu=2, sigma=1)])
>>> m
mixture([1/2, 1/2], [normal(mu=-2, sigma=1), normal(mu=2, sigma=1)])
>>> m.mean(), m.variance()
(0, 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp

from .convert import as_list, is_binary_float
from .distribution import Distribution, dist, to_exact
from .values import substitute

__all__ = ["Mixture", "mixture", "as_mixture", "is_mixture"]

_ = dist  # re-exported for the doctests


@dataclass(frozen=True, eq=False)
class Mixture:
    """Σ wᵢ Pᵢ with exact weights (SymPy rationals) and klsym distributions. Build with :func:`mixture`."""

    weights: tuple[sp.Expr, ...]
    components: tuple[Distribution, ...]

    def __repr__(self) -> str:
        return f"mixture([{', '.join(map(str, self.weights))}], [{', '.join(map(repr, self.components))}])"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mixture) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))

    # ------------------------------------------------------------ density protocol
    @property
    def discrete(self) -> bool:
        return self.components[0].record.discrete

    def support_bounds(self) -> tuple[sp.Expr, sp.Expr]:
        """The smallest interval holding every component's support."""
        bounds = [c.support_bounds() for c in self.components]
        return sp.Min(*[b[0] for b in bounds]), sp.Max(*[b[1] for b in bounds])

    def center(self) -> sp.Expr | None:
        """The mean, or None when a component's mean is not recorded."""
        try:
            return self.mean()
        except ValueError:
            return None

    @property
    def dimension(self) -> int:
        """1 for univariate components, d for components on R^d (multivariate normal)."""
        c = self.components[0]
        if not c.record.multivariate:
            return 1
        mu = c.params.get("mu")
        return int(mu.shape[0]) if hasattr(mu, "shape") else 0

    def split_points(self) -> list[sp.Expr]:
        """Each univariate component's centre (its mean, else its median where recorded):
        the modes quadrature must visit."""
        points: list[sp.Expr] = []
        for c in self.components:
            if c.record.multivariate:
                continue
            m = c.record.mean if c.record.mean is not None else c.record.median
            m = None if m is None else substitute(m, c.substitution())
            if m is not None and m.is_finite and m not in points:
                points.append(m)
        return sorted(points, key=lambda v: float(v))

    # ------------------------------------------------------------ exact values
    def components_weighted(self) -> list[tuple[sp.Expr, Distribution]]:
        return list(zip(self.weights, self.components))

    def logpdf(self, x: Any) -> sp.Expr:
        """Exact log-density log Σ wᵢ pᵢ(x) (``-oo`` where it is 0).

        >>> m = mixture(["1/4", "3/4"], [dist("poisson", lam=1), dist("poisson", lam=2)])
        >>> sp.simplify(sp.exp(m.logpdf(0)) - (sp.exp(-1) / 4 + 3 * sp.exp(-2) / 4))
        0
        """
        terms = []
        for w, c in self.components_weighted():
            lo, hi = c.support_bounds()
            if (lo > x) is sp.true or (hi < x) is sp.true:
                continue
            v = c.logpdf(x)
            if v != -sp.oo:
                terms.append(w * sp.exp(v))
        return sp.log(sp.Add(*terms)) if terms else -sp.oo

    def mean(self) -> sp.Expr:
        """E[X] = Σ wᵢ E[Xᵢ], exact; ValueError when a component's mean is not recorded."""
        total = sp.Integer(0)
        for w, c in self.components_weighted():
            if c.record.mean is None:
                raise ValueError(f"the mean of {c.family} is not recorded")
            total += w * c.record.mean.subs(c.substitution())
        return sp.nsimplify(total) if total.is_Float else sp.simplify(total)

    def variance(self) -> sp.Expr:
        """Var X = Σ wᵢ (Var Xᵢ + E[Xᵢ]²) − (E X)², exact."""
        second = sp.Integer(0)
        for w, c in self.components_weighted():
            if c.record.mean is None or c.record.variance is None:
                raise ValueError(f"the variance of {c.family} is not recorded")
            s = c.substitution()
            second += w * (c.record.variance.subs(s) + c.record.mean.subs(s) ** 2)
        return sp.simplify(second - self.mean() ** 2)


def _weights(weights: Sequence[Any], n: int) -> tuple[sp.Expr, ...]:
    raw = as_list(weights, "weights")
    if not raw:
        raise ValueError("mixture: no components (weights and components are empty)")
    if len(raw) != n:
        raise ValueError(f"mixture: {len(raw)} weights for {n} components; give one weight per component")
    exact = [to_exact(w, f"weight[{j}]") for j, w in enumerate(raw)]
    for j, w in enumerate(exact):
        if not w.is_number or not w.is_real:
            raise ValueError(f"mixture weight[{j}] = {w} is not a real number")
        if w <= 0:
            raise ValueError(f"mixture weight[{j}] = {w} is not positive; weights must be > 0")
    total = sp.Add(*exact)
    if all(is_binary_float(w) for w in raw):
        # float weights: accept a sum within rounding of 1 and rescale exactly
        if abs(float(total) - 1) > 8 * len(raw) * 2.0**-53:
            raise ValueError(f"mixture weights sum to {float(total)!r}, not 1")
        return tuple(w / total for w in exact)
    if sp.simplify(total - 1) != 0:
        raise ValueError(f"mixture weights sum to {total}, not 1")
    return tuple(exact)


def mixture(weights: Sequence[Any], components: Sequence[Distribution]) -> Mixture:
    """The mixture Σ wᵢ Pᵢ of klsym distributions (all continuous or all discrete).

    Weights are read like parameters (:func:`klsym.records.convert.to_exact`: ints,
    Fractions, Decimals, text such as ``"1/3"`` read by the number grammar, SymPy
    numbers, or floats meaning their exact binary value), as a list or tuple;
    they must be positive and sum to 1 (float weights within rounding, then
    rescaled exactly). Component parameters must be numbers.

    >>> mixture([0.5, 0.6], [dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=1)])
    Traceback (most recent call last):
    ...
    ValueError: mixture weights sum to 1.1, not 1
    """
    if isinstance(components, (str, bytes, set, frozenset, dict)) or not hasattr(components, "__iter__"):
        raise ValueError("mixture components: expected a list or tuple of klsym distributions, "
                         f"got {type(components).__name__}")
    comps = list(components)
    for j, c in enumerate(comps):
        if not isinstance(c, Distribution):
            raise ValueError(f"mixture component {j} must be a klsym distribution (klsym.dist(...)), got {type(c).__name__}")
        for param in c.record.params:
            if not all(e.is_number for e in param.kind.entries(c.params[param.name])):
                raise ValueError(f"mixture component {j} ({c}): parameter {param.name} must be a number, not a symbol")
    w = _weights(weights, len(comps))
    kinds = {c.record.discrete for c in comps}
    if len(kinds) > 1:
        raise ValueError("mixture: components must be all continuous or all discrete, got both")
    if any(c.record.multivariate for c in comps):
        families = sorted({c.family for c in comps})
        if len(families) > 1:
            raise ValueError(f"mixture: multivariate components must be of one family, got {', '.join(families)}")
        shapes = {tuple(p.kind.size(c.params[p.name]) for p in c.record.params) for c in comps}
        if len(shapes) > 1:
            raise ValueError("mixture: multivariate components must have one dimension")
    return Mixture(w, tuple(comps))


def as_mixture(target: Distribution | Mixture) -> Mixture:
    """``target`` as a mixture (a distribution becomes a one-component mixture)."""
    if isinstance(target, Mixture):
        return target
    if isinstance(target, Distribution):
        return mixture([1], [target])
    raise ValueError(f"expected a klsym distribution or mixture, got {type(target).__name__}")


def is_mixture(target: object) -> bool:
    """True for a :class:`Mixture` (a distribution counts as one only through :func:`as_mixture`).

    >>> is_mixture(mixture([1], [dist("normal", mu=0, sigma=1)])), is_mixture(dist("normal", mu=0, sigma=1))
    (True, False)
    """
    return isinstance(target, Mixture)
