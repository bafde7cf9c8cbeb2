"""Hypothesis strategies for klsym, derived from the family records.

Import them in your own tests:

>>> import klsym
>>> from hypothesis import given, settings
>>> from klsym import strategies as st_kl
>>> @settings(max_examples=5)
... @given(st_kl.kl_pairs(family="poisson"))
... def test_nonnegative(pair):
...     p, q = pair
...     assert klsym.kl(p, q).evalf(30) >= 0
>>> test_nonnegative()

Values are exact rationals of moderate size, so both the closed form and the
oracle are fast; ``max_magnitude`` widens or narrows the range.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from hypothesis import reject
from hypothesis import strategies as st

from .records import registry
from .records.distribution import Distribution, dist
from .records.kinds import D, spd_strategy

__all__ = ["families", "parameters", "distributions", "kl_pairs", "spd_matrices", "min_size", "REDRAWS"]

#: draws of one family's parameters within one example before it is given up, where the record
#: states rules between them (:func:`parameters`)
REDRAWS = 30


def families(*, discrete: bool | None = None, free_parameters: bool | None = None) -> st.SearchStrategy[str]:
    """Family names; ``discrete`` / ``free_parameters`` filter (``None``: no filter)."""
    names = [
        n for n in registry.names()
        if (discrete is None or registry.get(n).discrete == discrete)
        and (free_parameters is None or bool(registry.get(n).free_params) == free_parameters)
    ]
    return st.sampled_from(names)


def _validate_magnitude(max_magnitude: int) -> None:
    if not isinstance(max_magnitude, int) or max_magnitude < 2:
        raise ValueError(f"max_magnitude must be an integer >= 2, got {max_magnitude!r}")


def spd_matrices(dimension: int, *, max_magnitude: int = 20) -> st.SearchStrategy[sp.ImmutableMatrix]:
    """Symmetric positive definite matrices L Lᵀ, L lower triangular with rational
    entries and a positive diagonal (so every draw is SPD, exactly).

    >>> from hypothesis import find
    >>> find(spd_matrices(2), lambda m: True).is_positive_definite
    True
    """
    return spd_strategy(dimension, max_magnitude)


def min_size(fam) -> int:
    """The smallest size d its parameters' kinds allow (a kind's ``min_size``, 1 by default: a
    direction on the sphere S^(d-1) needs d >= 2)."""
    return max((getattr(p.kind, "min_size", 1) for p in fam.params), default=1)


def _dimension_of(params: dict) -> int | None:
    for v in params.values():
        if isinstance(v, sp.MatrixBase):
            return v.shape[0]
        if isinstance(v, (list, tuple)):
            return len(v)
    return None


def _strategy(param, m: int, n: int | None) -> st.SearchStrategy:
    """The parameter kind's strategy; an integer on the whole line (a discrete uniform's ends),
    which the kinds do not draw, as an integer in [-m, m]."""
    if param.integer and not param.domain.inf.is_finite:
        return st.integers(-m, m).map(sp.Integer)
    return param.kind.strategy(param, m, n)


def parameters(family: str, *, max_magnitude: int = 20, fixed: dict | None = None,
               dimension: int | None = None) -> st.SearchStrategy[dict]:
    """Valid parameter dicts for ``family`` (interior of every domain), drawn by
    each parameter's kind (:meth:`klsym.records.kinds.Kind.strategy`).

    ``fixed`` pins some parameters (e.g. ``{"n": 10}``); ``dimension`` pins the
    size of vector and matrix parameters (d, or the length K). Otherwise the
    multivariate families draw one size (d in 1..3 with a matrix parameter, 2..3 for a
    direction on the sphere, K in 2..4 without, which is also LKJ's dimension parameter d) shared by all their
    parameters, and the categorical draws K in 2..6.
    """
    fam = registry.get(family)
    _validate_magnitude(max_magnitude)
    fixed = dict(fixed or {})
    unknown = set(fixed) - set(fam.names())
    if unknown:
        raise ValueError(f"{family} has no parameter {', '.join(sorted(unknown))}")
    m = max_magnitude

    @st.composite
    def draw_params(draw) -> dict[str, Any]:
        n = dimension
        if n is None and fam.multivariate:
            n = draw(st.integers(min_size(fam), 3)) if any(p.is_matrix for p in fam.params) else draw(st.integers(2, 4))
        # a dimension given as a parameter (LKJ's d, the size of its matrix variable) is the size drawn
        return {p.name: fixed[p.name] if p.name in fixed else (sp.Integer(n) if p.symbol() == D else draw(_strategy(p, m, n)))
                for p in fam.params}

    if fam.extra_check is None or fam.multivariate:
        return draw_params()

    @st.composite
    def obeying_the_rules(draw) -> dict[str, Any]:
        # rules between parameters (uniform a < b, triangular a < c < b): draw again, up to REDRAWS
        # times within one example, before giving the example up. A plain filter discards five
        # triangular draws in six, and Hypothesis's health check then stops the test.
        for _ in range(REDRAWS):
            kw = draw(draw_params())
            if fam.extra_check(kw) is None:
                return kw
        reject()

    return obeying_the_rules()


def distributions(family: str, *, max_magnitude: int = 20, fixed: dict | None = None,
                  dimension: int | None = None) -> st.SearchStrategy[Distribution]:
    """klsym distributions of ``family`` with valid parameters."""
    return parameters(family, max_magnitude=max_magnitude, fixed=fixed, dimension=dimension).map(
        lambda kw: dist(family, **kw))


@st.composite
def kl_pairs(draw, family: str | None = None, *, max_magnitude: int = 20,
             dimension: int | None = None) -> tuple[Distribution, Distribution]:
    """(P, Q) of one family (drawn when not given), sharing fixed parameters,
    categorical length and (multivariate families) dimension, so that KL(P‖Q)
    has a closed form. ``dimension`` pins d (or K) for the multivariate families."""
    name = family if family is not None else draw(families())
    fam = registry.get(name)
    p_params = draw(parameters(name, max_magnitude=max_magnitude, dimension=dimension))
    shared = {prm.name: p_params[prm.name] for prm in fam.fixed_params}
    q_params = draw(parameters(name, max_magnitude=max_magnitude, fixed=shared, dimension=_dimension_of(p_params)))
    return dist(name, **p_params), dist(name, **q_params)
