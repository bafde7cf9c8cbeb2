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
from hypothesis import strategies as st

from .records import registry
from .records.distribution import Distribution, dist
from .records.record import Param

__all__ = ["families", "parameters", "distributions", "kl_pairs", "spd_matrices"]


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


def _scalar(param: Param, m: int) -> st.SearchStrategy[sp.Expr]:
    d = param.domain
    lo, hi = d.inf, d.sup
    if param.integer:
        start = int(lo) + (1 if d.left_open else 0)
        return st.integers(max(start, 1), m).map(sp.Integer)
    if lo.is_finite and hi.is_finite:  # an interval such as [0, 1]: interior rationals
        width = hi - lo
        return st.integers(1, m * m - 1).map(lambda k: lo + width * sp.Rational(k, m * m))
    if lo.is_finite:  # (lo, oo): from lo + 1/m to lo + m, log-spread
        return st.tuples(st.integers(1, m), st.integers(1, m)).map(lambda t: lo + sp.Rational(t[0], t[1]))
    return st.tuples(st.integers(-m * m, m * m), st.integers(1, m)).map(lambda t: sp.Rational(t[0], t[1]))


def _probability_vector(m: int) -> st.SearchStrategy[list[sp.Expr]]:
    return st.lists(st.integers(1, m), min_size=2, max_size=6).map(
        lambda ws: [sp.Rational(w, sum(ws)) for w in ws]
    )


def _rational(m: int, positive: bool = False) -> st.SearchStrategy[sp.Expr]:
    if positive:
        return st.tuples(st.integers(1, m), st.integers(1, m)).map(lambda t: sp.Rational(t[0], t[1]))
    return st.tuples(st.integers(-m, m), st.integers(1, m)).map(lambda t: sp.Rational(t[0], t[1]))


def spd_matrices(dimension: int, *, max_magnitude: int = 20) -> st.SearchStrategy[sp.ImmutableMatrix]:
    """Symmetric positive definite matrices L Lᵀ, L lower triangular with rational
    entries and a positive diagonal (so every draw is SPD, exactly).

    >>> from hypothesis import find
    >>> find(spd_matrices(2), lambda m: True).is_positive_definite
    True
    """
    m = max_magnitude
    n = dimension

    def build(entries):
        it = iter(entries)
        L = sp.zeros(n, n)
        for i in range(n):
            for j in range(i + 1):
                L[i, j] = next(it)
        return sp.ImmutableMatrix(L * L.T)

    parts = [(_rational(m, positive=True) if i == j else _rational(m)) for i in range(n) for j in range(i + 1)]
    return st.tuples(*parts).map(build)


def _multivariate_parameters(fam, m: int, fixed: dict, dimension: int | None):
    """Parameters of a multivariate record: the dimension (d or K, 1..3 / 2..4) is
    drawn once and shared by every vector and matrix parameter."""

    @st.composite
    def draw_params(draw):
        out: dict[str, Any] = {}
        matrix = any(p.is_matrix for p in fam.params)
        if dimension is not None:
            n = dimension
        else:
            n = draw(st.integers(1, 3)) if matrix else draw(st.integers(2, 4))
        for p in fam.params:
            if p.name in fixed:
                out[p.name] = fixed[p.name]
            elif p.kind_name == "real_vector":
                out[p.name] = draw(st.lists(_rational(m), min_size=n, max_size=n))
            elif p.kind_name == "spd_matrix":
                out[p.name] = draw(spd_matrices(n, max_magnitude=m))
            elif p.kind_name == "positive_vector":
                out[p.name] = draw(st.lists(_rational(m, positive=True), min_size=n, max_size=n))
            elif p.kind_name == "probability_vector":
                ws = draw(st.lists(st.integers(1, m), min_size=n, max_size=n))
                out[p.name] = [sp.Rational(w, sum(ws)) for w in ws]
            elif p.kind_name == "degrees_of_freedom":
                out[p.name] = n - 1 + draw(_rational(m, positive=True))
            else:
                out[p.name] = draw(_scalar(p, m))
        return out

    return draw_params()


def _dimension_of(params: dict) -> int | None:
    for v in params.values():
        if isinstance(v, sp.MatrixBase):
            return v.shape[0]
        if isinstance(v, (list, tuple)):
            return len(v)
    return None


def parameters(family: str, *, max_magnitude: int = 20, fixed: dict | None = None,
               dimension: int | None = None) -> st.SearchStrategy[dict]:
    """Valid parameter dicts for ``family`` (interior of every domain).

    ``fixed`` pins some parameters (e.g. ``{"n": 10}``); ``dimension`` pins the
    size of vector and matrix parameters (d, or the length K).
    """
    fam = registry.get(family)
    if fam.multivariate:
        _validate_magnitude(max_magnitude)
        fixed = dict(fixed or {})
        return _multivariate_parameters(fam, max_magnitude, fixed, dimension)
    _validate_magnitude(max_magnitude)
    fixed = dict(fixed or {})
    unknown = set(fixed) - set(fam.names())
    if unknown:
        raise ValueError(f"{family} has no parameter {', '.join(sorted(unknown))}")
    parts: dict[str, Any] = {}
    for p in fam.params:
        if p.name in fixed:
            parts[p.name] = st.just(fixed[p.name])
        elif p.vector:
            parts[p.name] = _probability_vector(max_magnitude)
        else:
            parts[p.name] = _scalar(p, max_magnitude)
    drawn = st.fixed_dictionaries(parts)
    if fam.extra_check is not None:  # rules between parameters (uniform a < b)
        drawn = drawn.filter(lambda kw: fam.extra_check(kw) is None)
    return drawn


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
    p_params = draw(parameters(name, max_magnitude=max_magnitude, dimension=dimension if fam.multivariate else None))
    shared = {prm.name: p_params[prm.name] for prm in fam.fixed_params}
    if fam.multivariate:
        q_params = draw(parameters(name, max_magnitude=max_magnitude, fixed=shared,
                                   dimension=_dimension_of(p_params)))
        return dist(name, **p_params), dist(name, **q_params)
    q_params = draw(parameters(name, max_magnitude=max_magnitude, fixed=shared))
    for prm in fam.params:
        if prm.vector:
            k = len(p_params[prm.name])
            q_params[prm.name] = draw(
                st.lists(st.integers(1, max_magnitude), min_size=k, max_size=k).map(
                    lambda ws: [sp.Rational(w, sum(ws)) for w in ws]
                )
            )
    return dist(name, **p_params), dist(name, **q_params)
