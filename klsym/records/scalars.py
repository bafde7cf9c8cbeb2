"""One number against a SymPy interval: the rule as text, membership, draws and the
float64 map to the unconstrained line. The parameter kinds (:mod:`klsym.records.kinds`)
use these for numbers and for the entries of vectors."""

from __future__ import annotations

import math
from typing import Any

import sympy as sp

__all__ = ["domain_text", "inside_domain", "check_entry", "draw_scalar", "to_line", "from_line"]


def domain_text(name: str, domain: sp.Set, integer: bool = False) -> str:
    """The domain as a readable rule.

    >>> domain_text("sigma", sp.Interval.open(0, sp.oo)), domain_text("p", sp.Interval(0, 1))
    ('sigma > 0', '0 <= p <= 1')
    >>> domain_text("n", sp.Interval(0, sp.oo), integer=True), domain_text("mu", sp.Reals)
    ('n is an integer >= 0', 'mu is real')
    """
    lo, hi = domain.inf, domain.sup
    if integer:
        return f"{name} is an integer {'>' if domain.left_open else '>='} {lo}"
    lower = f"{lo} {'<' if domain.left_open else '<='} " if lo.is_finite else ""
    upper = f" {'<' if domain.right_open else '<='} {hi}" if hi.is_finite else ""
    if not lower and not upper:
        return f"{name} is real"
    if lower and not upper:  # read "sigma > 0" rather than "0 < sigma"
        return f"{name} {'>' if domain.left_open else '>='} {lo}"
    return f"{lower}{name}{upper}"


def _below(value: sp.Expr, bound: sp.Expr, strict: bool) -> bool:
    """``value < bound`` (``strict``) or ``value <= bound``, False when undecided.

    Rationals are compared by their integers: SymPy's comparisons cost tens of
    microseconds, which a vector of 10 000 entries cannot afford."""
    if value.is_Rational and bound.is_Rational:
        left, right = int(value.p) * int(bound.q), int(bound.p) * int(value.q)
        return left < right if strict else left <= right
    return ((value < bound) if strict else (value <= bound)) is sp.true


def inside_domain(value: sp.Expr, domain: sp.Set) -> bool:
    """False only when ``value`` is provably outside ``domain`` (a symbol may be inside).

    >>> inside_domain(sp.Rational(1, 2), sp.Interval(0, 1)), inside_domain(sp.Integer(0), sp.Interval.open(0, 1))
    (True, False)
    >>> inside_domain(sp.Rational(22, 7), sp.Interval.Lopen(-sp.pi, sp.pi))
    False
    """
    if value.is_real is False or value.is_finite is False:
        return False
    if not value.is_number:
        return domain.contains(value) is not sp.false
    lo, hi = domain.inf, domain.sup
    if lo.is_finite and _below(value, lo, strict=not domain.left_open):
        return False
    if hi.is_finite and _below(hi, value, strict=not domain.right_open):
        return False
    return True


def check_entry(name: str, value: sp.Expr, domain: sp.Set, integer: bool, rule: str) -> None:
    """Refuse ``value`` (``ValueError`` naming ``name`` and ``rule``) unless it may lie in ``domain``."""
    if not inside_domain(value, domain):
        raise ValueError(f"parameter {name} = {value} breaks the rule {rule}")
    if integer and value.is_integer is False:
        raise ValueError(f"parameter {name} = {value} breaks the rule {rule} (not an integer)")


def draw_scalar(domain: sp.Set, integer: bool, m: int) -> Any:
    """A hypothesis strategy of exact rationals inside ``domain``, of moderate size ``m``."""
    from hypothesis import strategies as st

    lo, hi = domain.inf, domain.sup
    if integer:
        start = int(lo) + (1 if domain.left_open else 0)
        return st.integers(max(start, 1), m).map(sp.Integer)
    if lo.is_finite and hi.is_finite:  # an interval such as [0, 1]: interior rationals
        width = hi - lo
        return st.integers(1, m * m - 1).map(lambda k: lo + width * sp.Rational(k, m * m))
    if lo.is_finite:  # (lo, oo): from lo + 1/m to lo + m, log-spread
        return st.tuples(st.integers(1, m), st.integers(1, m)).map(lambda t: lo + sp.Rational(t[0], t[1]))
    if hi.is_finite:  # (-oo, hi): mirrored
        return st.tuples(st.integers(1, m), st.integers(1, m)).map(lambda t: hi - sp.Rational(t[0], t[1]))
    return st.tuples(st.integers(-m * m, m * m), st.integers(1, m)).map(lambda t: sp.Rational(t[0], t[1]))


def from_line(domain: sp.Set, u: float) -> float:
    """The float64 point of ``domain`` for ``u`` on the real line (exp onto a half-line,
    the logistic function onto an interval).

    >>> from_line(sp.Interval.open(0, sp.oo), 0.0), from_line(sp.Interval(0, 1), 0.0)
    (1.0, 0.5)
    """
    lo, hi = domain.inf, domain.sup
    if not lo.is_finite and not hi.is_finite:
        return u
    if not hi.is_finite:
        return float(lo) + math.exp(min(u, 700))
    if not lo.is_finite:
        return float(hi) - math.exp(min(u, 700))
    return float(lo) + float(hi - lo) / (1 + math.exp(-max(min(u, 700), -700)))


def to_line(domain: sp.Set, v: float) -> float:
    """The inverse of :func:`from_line`.

    >>> to_line(sp.Interval.open(0, sp.oo), 1.0), to_line(sp.Interval(0, 1), 0.5)
    (0.0, 0.0)
    """
    lo, hi = domain.inf, domain.sup
    if not lo.is_finite and not hi.is_finite:
        return v
    if not hi.is_finite:
        return math.log(v - float(lo))
    if not lo.is_finite:
        return math.log(float(hi) - v)
    r = (v - float(lo)) / float(hi - lo)
    return math.log(r / (1 - r))
