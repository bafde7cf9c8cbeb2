"""Parameter domains shared by the catalogue (SymPy sets), rules between parameters, and the
index symbols of the index-sum vectors of the multivariate records."""

from __future__ import annotations

from typing import Callable

import sympy as sp

from ..record import ORDER

POSITIVE = sp.Interval.open(0, sp.oo)
NONNEGATIVE = sp.Interval(0, sp.oo)
REAL = sp.Interval(-sp.oo, sp.oo)
UNIT_CLOSED = sp.Interval(0, 1)
UNIT_LEFT_OPEN = sp.Interval.Lopen(0, 1)

#: number of components of an index-sum vector (the length of the vector parameter)
K = sp.Symbol("K", integer=True, positive=True)
#: the index symbols of sums over the components
INDEX_I = sp.Symbol("i", integer=True, positive=True)
INDEX_J = sp.Symbol("j", integer=True, positive=True)


def eta(name: str, **assumptions: bool) -> sp.Symbol:
    """A natural-parameter symbol (real, with the given sign assumptions)."""
    return sp.Symbol(name, real=True, **assumptions)


def ordered(low: str, high: str, strict: bool = True) -> Callable[[dict], str | None]:
    """The rule ``low < high`` (``low <= high`` when not ``strict``) between two parameters,
    as a record's ``extra_check``: the message naming both, or None. The values are numbers
    already read (:meth:`klsym.records.record.Param.read`) or drawn; text is refused.

    >>> rule = ordered("a", "b")
    >>> rule({"a": 2, "b": 1})
    'parameters a = 2, b = 1 break the rule a < b'
    >>> rule({"a": 1, "b": 2}) is None
    True
    """
    sign = "<" if strict else "<="
    compare = sp.Lt if strict else sp.Le

    def rule(values: dict) -> str | None:
        lo, hi = sp.sympify(values[low], strict=True), sp.sympify(values[high], strict=True)
        if compare(lo, hi) is sp.false:
            return f"parameters {low} = {lo}, {high} = {hi} break the rule {low} {sign} {high}"
        return None

    return rule


def affinity_term(p_i: sp.Expr, q_i: sp.Expr) -> sp.Expr:
    """One outcome's term p^alpha q^(1 - alpha) of an affinity sum (alpha the order symbol
    :data:`klsym.records.record.ORDER`), with the conventions for zero probabilities written
    out: 0 where P puts no mass (0^alpha = 0 for alpha > 0), 0 where Q puts none and
    alpha < 1 (0^(1 - alpha) = 0), +oo where Q puts none, P some, and alpha > 1."""
    return sp.Piecewise((0, sp.Eq(p_i, 0)), (0, sp.Eq(q_i, 0) & (ORDER < 1)), (sp.oo, sp.Eq(q_i, 0)),
                        (p_i ** ORDER * q_i ** (1 - ORDER), True))


def logistic_log_affinity(d: sp.Expr) -> sp.Expr:
    """log of the integral of f(z)^alpha f(z - d)^(1 - alpha) for the standard logistic density f
    (alpha the order symbol :data:`klsym.records.record.ORDER`): e^((1 - alpha) d) 2F1(2 - 2 alpha, 1; 2;
    1 - e^d) for d >= 0 and its Pfaff transform e^(-alpha d) 2F1(2 alpha, 1; 2; 1 - e^(-d)) for d < 0, so
    that the argument of 2F1 is never near 1 (the derivation is in the logistic record's affinity).

    >>> half = sp.exp(logistic_log_affinity(sp.Integer(-2))).subs(ORDER, sp.Rational(1, 2))  # d/(2 sinh(d/2))
    >>> round(float(half), 12), round(float(1 / sp.sinh(1)), 12)
    (0.850918128239, 0.850918128239)
    """
    a = ORDER
    return sp.Piecewise((((1 - a) * d + sp.log(sp.hyper((2 - 2 * a, 1), (2,), 1 - sp.exp(d)))), d >= 0),
                        (-a * d + sp.log(sp.hyper((2 * a, 1), (2,), 1 - sp.exp(-d))), True))


def at_most(bound: str, *names: str) -> Callable[[dict], str | None]:
    """The rules ``name <= bound`` for each of ``names`` (a hypergeometric law's K <= N and
    n <= N), as a record's ``extra_check``: the message of the first rule broken, or None.

    >>> rule = at_most("N", "K", "n")
    >>> rule({"N": 5, "K": 7, "n": 2})
    'parameters K = 7, N = 5 break the rule K <= N'
    >>> rule({"N": 5, "K": 5, "n": 6})
    'parameters n = 6, N = 5 break the rule n <= N'
    >>> rule({"N": 5, "K": 0, "n": 5}) is None
    True
    """
    return first_broken(*[ordered(name, bound, strict=False) for name in names])


def first_broken(*rules: Callable[[dict], str | None]) -> Callable[[dict], str | None]:
    """Several rules as one ``extra_check``: the message of the first rule broken, or None.

    >>> rule = first_broken(ordered("a", "c"), ordered("c", "b"))
    >>> rule({"a": 0, "c": 2, "b": 1})
    'parameters c = 2, b = 1 break the rule c < b'
    """

    def rule(values: dict) -> str | None:
        return next((problem for r in rules if (problem := r(values)) is not None), None)

    return rule
