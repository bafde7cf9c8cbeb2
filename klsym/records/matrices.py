"""Symmetric positive definite matrices, checked exactly.

Positive definiteness is decided by elimination (an LDLᵀ factorisation without
square roots): the k-th pivot is the k-th leading principal minor divided by the
one before, so every pivot is positive exactly when every leading minor is
(Sylvester's criterion). With rational entries the elimination runs on Python
fractions, O(d³) operations for a d x d matrix; other entries (roots, symbols)
go through SymPy's determinants.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import sympy as sp

from .scalars import inside_domain

__all__ = ["positive_definite", "read_spd"]


def positive_definite(rows: Sequence[Sequence[Any]], cholesky: bool = False) -> Any:
    """Elimination on a symmetric matrix of Fractions (or floats).

    Returns the pivots (all positive) or, with ``cholesky``, the lower triangular
    Cholesky factor (floats); ``(k, minor)`` as soon as the k-th leading minor is not
    positive (``None`` with ``cholesky``).

    >>> positive_definite([[Fraction(2), Fraction(1)], [Fraction(1), Fraction(2)]])
    [Fraction(2, 1), Fraction(3, 2)]
    >>> positive_definite([[Fraction(1), Fraction(2)], [Fraction(2), Fraction(1)]])
    (2, Fraction(-3, 1))
    >>> positive_definite([[4.0, 2.0], [2.0, 5.0]], cholesky=True)
    [[2.0, 0.0], [1.0, 2.0]]
    """
    a = [list(r) for r in rows]
    n = len(a)
    pivots: list = []
    for k in range(n):
        pivot = a[k][k]
        if not pivot > 0:
            if cholesky:
                return None
            minor = pivot
            for p in pivots:
                minor *= p
            return k + 1, minor
        pivots.append(pivot)
        for i in range(k + 1, n):
            f = a[i][k] / pivot
            if f:
                for j in range(k + 1, n):
                    a[i][j] -= f * a[k][j]
    if not cholesky:
        return pivots
    L = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = rows[i][j] - sum(L[i][k] * L[j][k] for k in range(j))
            L[i][j] = s ** 0.5 if i == j else s / L[j][j]
    return L


def read_spd(name: str, values: list[list[sp.Expr]], rule: str) -> sp.ImmutableMatrix:
    """The square, symmetric, positive definite matrix of exact ``values``; ``ValueError``
    naming the parameter ``name`` and ``rule`` otherwise."""
    d = len(values)
    if not d or any(len(r) != d for r in values):
        raise ValueError(f"parameter {name}: not a square matrix (row lengths {[len(r) for r in values]}); "
                         f"the rule is {rule}")
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if not inside_domain(v, sp.Reals):
                raise ValueError(f"parameter {name}[{i}][{j}] = {v} is not a finite real number")
    exact = all(v.is_Rational for row in values for v in row)
    for i in range(d):
        for j in range(i + 1, d):
            a, b = values[i][j], values[j][i]
            if (a != b) if exact else (sp.simplify(a - b) != 0):
                raise ValueError(f"parameter {name} is not symmetric ({name}[{i}][{j}] = {a}, "
                                 f"{name}[{j}][{i}] = {b}); the rule is {rule}")
    m = sp.ImmutableMatrix(values)
    if exact:
        found = positive_definite([[Fraction(int(v.p), int(v.q)) for v in row] for row in values])
        if isinstance(found, tuple):
            k, minor = found
            raise ValueError(f"parameter {name} is not positive definite (leading {k}x{k} minor = "
                             f"{sp.Rational(minor.numerator, minor.denominator)}); the rule is {rule}")
        return m
    for k in range(1, d + 1):
        minor = m[:k, :k].det(method="bareiss")
        if not (minor > 0) is sp.true:
            raise ValueError(f"parameter {name} is not positive definite (leading {k}x{k} minor = {minor}); "
                             f"the rule is {rule}")
    return m
