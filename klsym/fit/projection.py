"""The result of a projection, and the fixed parameters it keeps.

A projection (:func:`klsym.project`) finds the member Q of a family closest to
a target P under the forward or the reverse KL. Fixed parameters (binomial
``n``, negative-binomial ``r``, categorical length ``K``) index the family and
are not optimised: they come from the caller or from the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import mpmath
import sympy as sp
from mpmath import mpf

from ..records.distribution import Distribution
from ..records.record import Family, Param
from ..records.mixture import Mixture

__all__ = ["Projection", "family_support", "fixed_values"]


@dataclass(frozen=True, eq=False)
class Projection:
    """The member ``q`` of a family closest to a target, and the KL it achieves.

    ``divergence`` is KL(P‖q) for ``direction="forward"`` and KL(q‖P) for
    ``"reverse"`` (an mpmath number, ``error`` its absolute error estimate).
    ``moments`` lists (T_j, E_P[T_j]) for the forward fit. ``local_minima``
    holds every local optimum found, best first (the forward problem is convex:
    just this one).
    """

    q: Distribution
    divergence: mpf
    error: mpf
    direction: str
    method: str
    moments: tuple = ()
    minima: tuple = field(default=(), repr=False)

    @property
    def local_minima(self) -> tuple["Projection", ...]:
        return self.minima or (self,)

    def __repr__(self) -> str:
        return f"Projection({self.direction}: q={self.q}, divergence={mpmath.nstr(self.divergence, 12)}, {self.method})"


# ------------------------------------------------------------------ fixed parameters
#: the length of a categorical's probability vector, as a fixed value
_LENGTH = Param("K", sp.Interval(2, sp.oo), "number of categories", integer=True)


def fixed_values(fam: Family, target: Mixture, fixed: dict | None) -> dict[str, Any]:
    """Values of the family's fixed parameters (and the categorical length ``K``)."""
    if fixed is not None and not isinstance(fixed, Mapping):
        raise ValueError(f"fixed: expected a dict of parameter values, got {type(fixed).__name__}")
    given = dict(fixed or {})
    out: dict[str, Any] = {}
    lo, hi = target.support_bounds()
    for param in fam.fixed_params:
        if param.name in given:
            out[param.name] = param.read(given.pop(param.name))
            continue
        seen = {c.params[param.name] for c in target.components if c.family == fam.name}
        if len(seen) == 1 and all(c.family == fam.name for c in target.components):
            out[param.name] = seen.pop()
        elif sp.sympify(fam.support.upper) == param.symbol() and hi.is_finite:
            out[param.name] = hi
        else:
            raise ValueError(
                f"{fam.name}: give the fixed parameter {param.name} (fixed={{'{param.name}': ...}}); "
                "it indexes the family and is not optimised"
            )
    if any(p.vector for p in fam.params):
        if "K" in given:
            k = _LENGTH.read(given.pop("K"))
            if not k.is_Integer:
                raise ValueError(f"parameter K = {k} breaks the rule {_LENGTH.rule}")
            out["K"] = int(k)
        elif hi.is_finite and lo >= 1:
            out["K"] = int(hi)
        else:
            raise ValueError(f"{fam.name}: the target's support {lo}..{hi} is not inside {{1, ..., K}}; give fixed={{'K': ...}}")
    if given:
        raise ValueError(f"{fam.name} has no fixed parameter {', '.join(map(repr, given))}")
    return out


def family_support(fam: Family, fixed: dict) -> tuple[sp.Expr, sp.Expr]:
    subs = {fam.param(k).symbol(): v for k, v in fixed.items() if k != "K"}
    if "K" in fixed:
        subs[fam.length_symbol] = fixed["K"]
    return sp.sympify(fam.support.lower).subs(subs), sp.sympify(fam.support.upper).subs(subs)

