"""The check that P and Q are one family of matching sizes, with the sizes of matrix parameters
named by their shapes.

:func:`klsym.records.distribution.check_pair` compares each parameter's size, the dimension d of a
matrix parameter; a d x k matrix (the matrix normal's mean) and a k x k matrix (its column scale)
have a size other than d, so for such a family the exact side compares the whole shapes first and
names them.

>>> from klsym import dist
>>> p = dist("matrix_normal", M=[[0, 0]], U=[[1]], V=[[1, 0], [0, 1]])
>>> q = dist("matrix_normal", M=[[0, 0, 0]], U=[[1]], V=[[1, 0, 0], [0, 1, 0], [0, 0, 1]])
>>> check_same_shapes(p, q)
Traceback (most recent call last):
...
ValueError: parameter M: P's is 1 x 2, Q's is 1 x 3; P and Q must have parameters of the same shapes
"""

from __future__ import annotations

import sympy as sp

from ..records.distribution import Distribution, check_pair
from ..records.record import D

__all__ = ["check_same_shapes"]


def _two_sizes(p: Distribution) -> bool:
    """True when the family's matrix parameters have a size other than d (a d x k matrix's k)."""
    shapes = [s.shape for s in p.record.symbols().values() if isinstance(s, sp.MatrixSymbol)]
    return any(sp.sympify(n, strict=True).free_symbols - {D} for shape in shapes for n in shape)


def check_same_shapes(p: Distribution, q: Distribution) -> None:
    """Raise unless P and Q are of one family with matrix parameters of the same shapes (then
    :func:`~klsym.records.distribution.check_pair`'s checks, which name a dimension d: where every
    matrix parameter's size is d, those come first)."""
    if (isinstance(p, Distribution) and isinstance(q, Distribution) and p.family == q.family
            and _two_sizes(p)):
        for param in p.record.params:
            a, b = p.params[param.name], q.params[param.name]
            if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase) and a.shape != b.shape:
                raise ValueError(f"parameter {param.name}: P's is {a.shape[0]} x {a.shape[1]}, Q's is "
                                 f"{b.shape[0]} x {b.shape[1]}; P and Q must have parameters of the same shapes")
    check_pair(p, q)
