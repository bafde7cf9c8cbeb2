"""Parameter pairs a record does not write, generated from its parameter domains.

:func:`generated_cases` gives exact check cases (values as strings such as
``"1/1000"``) in the hard regimes of the cross-check: moderate, near-equal,
values below one, far apart, small and large. :func:`float_extremes` gives
float64 pairs near the ends of the domains, where a closed form must still
evaluate without overflow. Both read only the record: its parameters' domains,
its example point and its validation rules (pairs that break them are skipped).

Each free scalar parameter is moved along a coordinate that suits its domain:

* on the real line, additively (``v + 1``, ``v + 1/10^8``, ...);
* on ``(lo, oo)``, multiplicatively in ``v − lo`` (a scale, a rate, a shape);
* on a bounded ``(lo, hi)``, multiplicatively in the odds ``(v − lo)/(hi − v)``
  (a probability moves towards 0 and 1 without leaving its interval).

Fixed parameters keep the example's value on both sides; a vector or matrix
parameter (a probability or positive vector, a real vector, an SPD matrix) is
moved entry by entry, a probability vector towards and away from the uniform one.

>>> from klsym.records import registry
>>> [label for _, _, label in generated_cases(registry.get("exponential"))]
['generated: moderate', 'generated: near-equal', 'generated: values below one', 'generated: far apart', 'generated: small values', 'generated: large values']
>>> generated_cases(registry.get("exponential"))[1][:2]
({'lam': '1'}, {'lam': '100000001/100000000'})
"""

from __future__ import annotations

import math
from typing import Any, Callable

import sympy as sp

from .convert import to_exact
from .distribution import dist
from .record import Family, Param

__all__ = ["MIN_CASES", "REGIMES", "generated_cases", "float_extremes"]

#: the cross-check compares at least this many cases per family
MIN_CASES = 6

#: regime → (P's coordinate, Q's coordinate) as functions of the example's
#: coordinate c0 for multiplicative coordinates, and (P's shift, Q's shift)
#: for parameters on the real line
REGIMES: tuple[tuple[str, Callable, Callable, sp.Expr, sp.Expr], ...] = (
    ("moderate", lambda c: c, lambda c: 2 * c, 0, 1),
    ("near-equal", lambda c: c, lambda c: c * (1 + sp.Rational(1, 10**8)), 0, sp.Rational(1, 10**8)),
    ("values below one", lambda c: sp.Rational(1, 3), lambda c: sp.Rational(3, 4), sp.Rational(-1, 3),
     sp.Rational(3, 4)),
    ("far apart", lambda c: c / 10, lambda c: 10 * c, -10, 10),
    ("small values", lambda c: c / 1000, lambda c: c / 250, 0, sp.Rational(1, 1000)),
    ("large values", lambda c: 1000 * c, lambda c: 4000 * c, 1000, 1010),
)


def _kind(param: Param, example: Any) -> str:
    """How the parameter is moved: real, offset, odds, or a vector/matrix kind."""
    if isinstance(example, (list, tuple)):
        if example and isinstance(example[0], (list, tuple)):
            return "matrix"
        lo, hi = param.domain.inf, param.domain.sup
        if lo == 0 and hi == 1:
            return "probability_vector"
        return "positive_vector" if lo.is_finite else "real_vector"
    lo, hi = param.domain.inf, param.domain.sup
    if not lo.is_finite and not hi.is_finite:
        return "real"
    if lo.is_finite and not hi.is_finite:
        return "offset"
    if lo.is_finite and hi.is_finite:
        return "odds"
    return "real"  # bounded above only: moved additively (none in the catalogue)


def _coordinate(param: Param, value: sp.Expr) -> sp.Expr:
    lo, hi = param.domain.inf, param.domain.sup
    if hi.is_finite:
        c = (value - lo) / (hi - value) if value != hi else sp.Integer(1)
    else:
        c = value - lo
    return c if c > 0 else sp.Integer(1)  # an example on a closed end: start inside


def _from_coordinate(param: Param, c: sp.Expr) -> sp.Expr:
    lo, hi = param.domain.inf, param.domain.sup
    return lo + (hi - lo) * c / (1 + c) if hi.is_finite else lo + c


def _move(param: Param, example: Any, regime: tuple, side: int) -> Any:
    """The parameter's value for one side (0: P, 1: Q) of a regime."""
    _, p_of, q_of, p_shift, q_shift = regime
    move, shift = (p_of, q_of)[side], (p_shift, q_shift)[side]
    kind = _kind(param, example)
    if kind == "real":
        return to_exact(example, param.name) + shift
    if kind in ("offset", "odds"):
        return _from_coordinate(param, move(_coordinate(param, to_exact(example, param.name))))
    if kind == "real_vector":
        return [to_exact(v, param.name) + shift for v in example]
    if kind == "positive_vector":
        return [_from_coordinate(param, move(_coordinate(param, to_exact(v, param.name)))) for v in example]
    if kind == "matrix":  # an SPD matrix scaled by the moved coordinate of 1
        factor = move(sp.Integer(1))
        return [[to_exact(v, param.name) * factor for v in row] for row in example]
    # a probability vector: P the example, Q a mixture with the uniform vector
    values = [to_exact(v, param.name) for v in example]
    if side == 0:
        return values
    t = sp.Rational(1, 2) if regime[0] != "near-equal" else sp.Rational(1, 10**8)
    return [(1 - t) * v + t / len(values) for v in values]


def _text(value: Any) -> Any:
    """Exact values as the strings the cases are written in (``"1/1000"``)."""
    if isinstance(value, list):
        return [_text(v) for v in value]
    return str(to_exact(value, "value"))


def _valid(fam: Family, params: dict) -> bool:
    try:
        dist(fam.name, **params)
    except (ValueError, TypeError, NotImplementedError):
        return False
    return True


def generated_cases(fam: Family, count: int = MIN_CASES) -> list[tuple[dict, dict, str]]:
    """Up to ``count`` valid (P, Q, label) cases of ``fam`` from its domains, one per regime
    (labelled ``"generated: <regime>"``)."""
    example = fam.example
    out: list[tuple[dict, dict, str]] = []
    for regime in REGIMES:
        sides = []
        for side in (0, 1):
            params = {}
            for param in fam.params:
                value = example[param.name]
                params[param.name] = _text(value if param.fixed else _move(param, value, regime, side))
            sides.append(params)
        if sides[0] != sides[1] and _valid(fam, sides[0]) and _valid(fam, sides[1]):
            out.append((sides[0], sides[1], f"generated: {regime[0]}"))
        if len(out) == count:
            break
    return out


def _inside(v: float, lo: float, hi: float) -> float:
    """v moved one float inside (lo, hi) when rounding put it on an end (1 - 1e-100 is 1.0)."""
    if v <= lo:
        return math.nextafter(lo, math.inf)
    if v >= hi:
        return math.nextafter(hi, -math.inf)
    return v


def float_extremes(fam: Family) -> list[tuple[dict, dict]]:
    """float64 (P, Q) pairs near the ends of the domains: tiny and huge coordinates.

    Parameters on the real line stay at the example's value with the tiny
    coordinates and go to ±1e100 with the huge ones (so that a location is
    never 1e200 scales away from the other side); a value that rounds onto an
    end of its domain is moved one float inside (p = 1 − 2^−53, m = 1/2 + 2^−53).
    Fixed parameters keep the example's value; locations stay there too when no free
    parameter scales with them. Families with vector or matrix
    parameters get none.

    >>> from klsym.records import registry
    >>> float_extremes(registry.get("poisson"))
    [({'lam': 1e-100}, {'lam': 1e-99}), ({'lam': 1e+100}, {'lam': 1e+99})]
    """
    if any(isinstance(v, (list, tuple)) for v in fam.example.values()):
        return []
    # locations go to ±1e100 only along with a free scale: with every scale fixed (Gumbel's
    # beta) they would be 1e100 scales apart, a KL past float64's range
    free_scale = any(not param.fixed and _kind(param, fam.example[param.name]) not in ("real", "odds")
                     for param in fam.params)
    out = []
    for p_c, q_c, p_x, q_x in ((1e-100, 1e-99, 0.0, 0.0), (1e100, 1e99, 1e100, -1e100)):
        if not free_scale:
            p_x = q_x = 0.0
        sides = []
        for c, shift in ((p_c, p_x), (q_c, q_x)):
            params = {}
            for param in fam.params:
                value = fam.example[param.name]
                if param.fixed:
                    params[param.name] = int(value) if param.integer else float(value)
                elif _kind(param, value) == "real":
                    params[param.name] = float(value) + shift
                elif _kind(param, value) == "odds":
                    lo, hi = float(param.domain.inf), float(param.domain.sup)
                    params[param.name] = _inside(lo + (hi - lo) * (c / (1 + c) if c < 1 else 1 / (1 + 1 / c)), lo, hi)
                else:
                    lo = float(param.domain.inf)
                    params[param.name] = _inside(lo + c, lo, math.inf)
            sides.append(params)
        if _valid(fam, sides[0]) and _valid(fam, sides[1]):
            out.append((sides[0], sides[1]))
    return out
