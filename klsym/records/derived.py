"""What a record's exponential-family parts imply, derived once when the record is built.

A univariate exponential-family record states η(θ), T(x), A(η) and log h(x);
from them :class:`~klsym.records.record.Family` derives

* the log-density ``η(θ)·T(x) − A(η(θ)) + log h(x)`` (:func:`log_density`), with
  A(η(θ)) written back in θ so that no digits are lost: logs of products and
  quotients of the parameters are split (``log(1 + p/(1 − p))`` becomes
  ``−log(1 − p)``), and the arguments of roots are simplified
  (``sqrt(κ² cos² μ + κ² sin² μ)`` becomes ``κ``);
* the mean and variance of X (:func:`moments`) where x is an affine function
  a·T_i + b of one statistic: E[X] = (∂A/∂η_i − b)/a and Var X = (∂²A/∂η_i²)/a².

These functions take the parts as arguments (they do not import the record
types), so :mod:`.record` can call them while a record is built.

>>> import sympy as sp
>>> x, p, e = sp.Symbol("x", real=True), sp.Symbol("p", nonnegative=True), sp.Symbol("eta1", real=True)
>>> log_density((e,), (sp.log(p) - sp.log(1 - p),), (x,), sp.log(1 + sp.exp(e)), sp.Integer(0))
x*(log(p) - log(1 - p)) + log(1 - p)
>>> moments((e,), (sp.log(p) - sp.log(1 - p),), (x,), sp.log(1 + sp.exp(e)), x)
(p, -p*(p - 1))
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

from .special import SpecialFunction

__all__ = ["log_density", "in_theta", "moments", "affine_statistic"]


def _split_log(arg: sp.Expr) -> sp.Expr:
    """log(arg) for a positive parameter expression, split into logs of its factors.

    ``arg`` is positive wherever A is finite (A is real), so when every factor
    but one is provably positive the remaining one is positive too (after
    taking a negative number out of it when its power is odd).
    """
    if not arg.free_symbols:
        return sp.log(arg)  # log(2 pi) stays as it is
    arg = sp.factor(sp.together(arg))
    coeff, rest = arg.as_coeff_Mul()
    factors = [f.as_base_exp() for f in sp.Mul.make_args(rest)]
    unknown = [i for i, (b, _) in enumerate(factors) if not b.is_positive]
    if len(unknown) > 1:
        return sp.log(arg)
    if unknown:
        i = unknown[0]
        b, e = factors[i]
        if not (e.is_integer and e.is_odd) and not (e.is_rational and not e.is_integer):
            return sp.log(arg)  # b^2 does not make b positive
        if coeff.is_negative:
            if not (e.is_integer and e.is_odd):
                return sp.log(arg)
            coeff, factors[i] = -coeff, (sp.expand(-b), e)
    if not coeff.is_positive:
        return sp.log(arg)
    return sp.log(coeff) + sp.Add(*[e * sp.log(b) for b, e in factors])


def in_theta(expr: sp.Expr) -> sp.Expr:
    """A parameter expression (A(η(θ)), a moment) tidied: logs split, roots simplified.

    >>> s = sp.Symbol("sigma", positive=True)
    >>> in_theta(-sp.log(s**-2) / 2)
    log(sigma)
    """
    expr = expr.replace(
        lambda e: e.is_Pow and e.exp.is_Rational and not e.exp.is_Integer,
        lambda e: sp.Pow(sp.trigsimp(sp.factor(e.base)), e.exp),
    )
    return expr.replace(lambda e: isinstance(e, sp.log), lambda e: _split_log(e.args[0]))


def log_density(
    eta_symbols: Sequence[sp.Symbol],
    eta: Sequence[sp.Expr],
    T: Sequence[sp.Expr],
    A: sp.Expr,
    log_h: sp.Expr,
) -> sp.Expr:
    """η(θ)·T(x) − A(η(θ)) + log h(x), with A(η(θ)) tidied by :func:`in_theta`."""
    A_theta = in_theta(A.subs(dict(zip(eta_symbols, eta)), simultaneous=True))
    return sp.Add(*[e * t for e, t in zip(eta, T)]) - A_theta + log_h


def affine_statistic(T: Sequence[sp.Expr], x: sp.Symbol) -> tuple[int, sp.Expr, sp.Expr] | None:
    """(i, a, b) with T_i = a·x + b (a, b free of x), or None."""
    for i, t in enumerate(T):
        if t.has(x) and sp.diff(t, x, 2) == 0:
            a = sp.diff(t, x)
            if not a.has(x):
                return i, a, sp.expand(t - a * x)
    return None


def moments(
    eta_symbols: Sequence[sp.Symbol],
    eta: Sequence[sp.Expr],
    T: Sequence[sp.Expr],
    A: sp.Expr,
    x: sp.Symbol,
) -> tuple[sp.Expr | None, sp.Expr | None]:
    """(E[X], Var X) from ∇A and ∇²A when x is affine in one statistic, else (None, None).

    Not derived when A holds one of the special functions of :mod:`.special`
    (their derivatives have removable singularities, e.g. at η = 0 for the
    continuous Bernoulli, that a derived form would not keep).
    """
    found = affine_statistic(T, x)
    if found is None or any(isinstance(f, SpecialFunction) for f in A.atoms(sp.Function)):
        return None, None
    i, a, b = found
    theta = dict(zip(eta_symbols, eta))
    e = eta_symbols[i]
    mean = (sp.diff(A, e) - b) / a
    variance = sp.diff(A, e, 2) / a**2
    return tuple(sp.factor(sp.cancel(in_theta(m.subs(theta, simultaneous=True)))) for m in (mean, variance))
