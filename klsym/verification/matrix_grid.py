"""Hard-regime points for laws with vector and matrix parameters (the multivariate normal,
the Dirichlet, the laws of count vectors), for :mod:`klsym.verification.grid`.

Values are nested lists of Python floats (of ints for counts), as implementations receive
them. The perturbations of one parameter keep it valid:

* a positive vector (Dirichlet ``alpha``) or a real vector (``mu``): its first entry moved
  by one ulp or by a relative step, as a scalar is;
* a symmetric positive definite matrix (``Sigma``): one ulp added to its first diagonal
  entry, or the whole matrix scaled by 1 + step (both stay positive definite);
* an urn's colour counts (multivariate hypergeometric ``K``): its first count moves by one
  (with the factor-2 step), as a binomial's n does (and so does a number of draws n);
* a probability vector: none here (the categorical law has its own moves).

Drawn pairs (:func:`matrix_pair_strategy`) pick a dimension from 1 to 4 (2 to 5 categories)
and every real entry over many binades; a covariance is written as scales times a correlation
matrix whose off-diagonal entries sum below 1 in each row (so it is positive definite); the
number of draws stays at most 30, so that a plain sum over count vectors stays small.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from ..records.kinds import Scalar

__all__ = ["MATRIX_ANCHORS", "is_structured", "perturb_structured", "to_floats", "matrix_pair_strategy"]

Params = dict[str, Any]


def _diag(*values: float) -> list[list[float]]:
    return [[v if i == j else 0.0 for j in range(len(values))] for i, v in enumerate(values)]


def _correlated(rho: float) -> list[list[float]]:
    return [[1.0, rho], [rho, 1.0]]


#: family → anchors (P's parameters in each hard regime, with a label)
MATRIX_ANCHORS: dict[str, list[tuple[Params, str]]] = {
    "multivariate_normal": [
        ({"mu": [0.0, 0.0], "Sigma": _diag(1.0, 1.0)}, "standard, d = 2"),
        ({"mu": [0.0, 0.0], "Sigma": _correlated(1.0 - 1e-10)}, "correlation 1 - 1e-10 (condition 2e10)"),
        ({"mu": [0.0, 0.0], "Sigma": _correlated(-0.5)}, "correlation -1/2"),
        ({"mu": [0.0, 0.0, 0.0], "Sigma": _diag(1e-150, 1.0, 1e150)}, "scales 1e-150 to 1e150, d = 3"),
        ({"mu": [1e15, -1e15], "Sigma": _diag(1.0, 1.0)}, "huge location"),
        ({"mu": [0.0] * 5, "Sigma": _diag(1e-8, 1e-4, 1.0, 1e4, 1e8)}, "d = 5, scales 1e-8 to 1e8"),
        ({"mu": [-3.5], "Sigma": [[1e-300]]}, "d = 1, tiny variance"),
    ],
    "dirichlet": [
        ({"alpha": [1.0, 1.0, 1.0]}, "uniform on the simplex"),
        ({"alpha": [1e-8, 1e-8, 1e-8]}, "tiny concentrations"),
        ({"alpha": [1e6, 1e6, 1e6]}, "large concentrations"),
        ({"alpha": [1e15, 2.0]}, "a huge concentration"),
        ({"alpha": [0.5, 1.0, 10.0, 100.0, 1e4]}, "K = 5, spread"),
        ({"alpha": [1e-300, 1.0]}, "a concentration 1e-300"),
    ],
    "multinomial": [
        ({"n": 10, "p": [0.25, 0.25, 0.5]}, "three categories"),
        ({"n": 50, "p": [1.0, 0.0]}, "point mass"),
        ({"n": 3, "p": [0.0, 0.5, 0.5]}, "a zero probability"),
        ({"n": 200, "p": [0.5, 0.5]}, "n = 200"),
    ],
    "dirichlet_multinomial": [
        ({"n": 10, "alpha": [1.0, 1.0, 1.0]}, "uniform probabilities"),
        ({"n": 5, "alpha": [1e-8, 1e-8]}, "tiny concentrations"),
        ({"n": 20, "alpha": [1e6, 1e6]}, "large concentrations (near the multinomial)"),
        ({"n": 30, "alpha": [0.5, 2.0, 10.0]}, "spread"),
    ],
    "multivariate_hypergeometric": [
        ({"K": [5, 3, 2], "n": 4}, "three colours"),
        ({"K": [100, 1], "n": 50}, "a rare colour"),
        ({"K": [0, 4, 4], "n": 3}, "an empty colour"),
        ({"K": [10**6, 10**6], "n": 20}, "a huge urn"),
    ],
}


def is_structured(param) -> bool:
    """True for a parameter whose value is a vector or matrix (not a scalar)."""
    return not isinstance(param.kind, Scalar)


def to_floats(value: Any, counts: bool = False) -> Any:
    """A parameter value as (nested lists of) Python floats, or ints with ``counts``."""
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        value = value.tolist() if hasattr(value, "tolist") else value
        return [to_floats(v, counts) for v in value]
    return int(value) if counts else float(value)


def perturb_structured(param, value: Any, how: float | None,
                       entry: Callable[[Any, float, float | None], list[float]]) -> list[Any]:
    """Values near ``value`` for a vector or matrix parameter (see the module docstring);
    ``how`` None for one ulp, else a relative step; ``entry(param, x, how)`` moves one entry x
    as a number of the parameter's domain is moved (the grid's rule for scalars)."""
    kind = param.kind.name
    if kind in ("positive_vector", "real_vector"):
        return [[v] + list(value[1:]) for v in entry(param, value[0], how)]
    if kind == "spd_matrix":
        if how is None:
            return [[[math.nextafter(value[0][0], math.inf)] + list(value[0][1:])] + [list(r) for r in value[1:]]]
        return [[[x * f for x in row] for row in value] for f in (1 + how, 1 / (1 + how))]
    if kind == "category_sizes":
        return [[value[0] + s] + list(value[1:]) for s in (1, -1) if value[0] + s >= 0] if how == 1.0 else []
    return []  # probability vectors: the categorical moves elsewhere


def matrix_pair_strategy(rec, float_strategy):
    """A hypothesis strategy of (P, Q, label) for a family (its record ``rec``) with vector or
    matrix parameters: one dimension for both, Q drawn on its own or near P; a scalar parameter
    drawn by ``float_strategy(param)``."""
    from hypothesis import strategies as st

    @st.composite
    def pairs(draw):
        d = draw(st.integers(1, 4))
        k = draw(st.integers(2, 5))

        def one(param):
            kind = param.kind.name
            if kind == "category_sizes":
                return [draw(st.integers(0, 30)) for _ in range(k)]
            if kind == "probability_vector":
                weights = [draw(st.floats(0.0, 1.0)) for _ in range(k)]
                total = sum(weights)
                return [w / total for w in weights] if total > 0 else [1.0] + [0.0] * (k - 1)
            if param.integer:
                return draw(st.integers(0, 30))
            if kind == "spd_matrix":
                scales = [math.sqrt(draw(st.floats(1e-100, 1e100))) for _ in range(d)]
                rho = {(i, j): draw(st.floats(-1.0, 1.0)) / d for i in range(d) for j in range(i + 1, d)}
                return [[(rho[min(i, j), max(i, j)] if i != j else 1.0) * scales[i] * scales[j]
                         for j in range(d)] for i in range(d)]
            if kind == "real_vector":
                return [draw(st.floats(-1e100, 1e100)) for _ in range(d)]
            if kind == "positive_vector":
                return [draw(st.floats(1e-300, 1e300)) for _ in range(k)]
            return draw(float_strategy(param))

        p = {param.name: one(param) for param in rec.params}
        if draw(st.booleans()):
            return p, {param.name: p[param.name] if param.fixed else one(param) for param in rec.params}, "drawn"
        delta = draw(st.floats(-1e-3, 1e-3))
        near = {param.name: p[param.name] if param.fixed or param.integer or param.kind.name in _KEPT
                else _scaled(p[param.name], 1 + delta) for param in rec.params}
        return p, near, f"drawn near-equal (delta {delta:.3g})"

    return pairs()


#: kinds a near-equal draw keeps as they are (a probability vector scaled would not sum to 1)
_KEPT = ("category_sizes", "probability_vector")


def _scaled(value: Any, factor: float) -> Any:
    if isinstance(value, list):
        return [_scaled(v, factor) for v in value]
    return value * factor
