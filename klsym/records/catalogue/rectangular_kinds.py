"""The parameter kinds of a law of d x k matrices, and vec.

A matrix variable with d rows and k columns (the matrix normal's X) has a mean of that shape and
two scale matrices, one per side: :data:`REAL_MATRIX` (a real d x k matrix, a ``MatrixSymbol`` of
the symbolic sizes :data:`klsym.records.kinds.D` and :data:`K`) and :data:`SPD_COLUMNS` (a
symmetric positive definite k x k matrix; the d x d one is :data:`klsym.records.kinds.SPD_MATRIX`).
:class:`Vec` is vec A, the columns of A stacked, with which a law of d x k matrices is written as a
law of vectors of length d k. Like :mod:`klsym.records.catalogue.category_sizes` the kinds sit with
the catalogue and are registered in :data:`klsym.records.kinds.KINDS` (a kind pickles by name): the
stored oracle values' fingerprints take the catalogue record by record, and new kinds should not
make every stored value stale.

Drawn values (``strategy``) share one size, the number of rows d (1 to 3 unless given); the number
of columns is then k = 4 − d (at least 1), so that draws cover 1 x 3, 2 x 2 and 3 x 1 means with
matching scale matrices on both sides.

>>> from klsym.records import registry
>>> M, V = registry.get("matrix_normal").param("M"), registry.get("matrix_normal").param("V")
>>> M.kind.rule(M), V.kind.rule(V)
('M is a real d x k matrix (d, k >= 1)', 'V is a symmetric positive definite k x k matrix')
>>> M.kind.read(M, [[1, 2, 3]]).shape
(1, 3)
>>> M.kind.read(M, [[1, 2], [3]])
Traceback (most recent call last):
...
ValueError: parameter M: rows of unequal length [2, 1]; the rule is M is a real d x k matrix (d, k >= 1)
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..convert import as_rows, to_exact
from ..kinds import D, KINDS, ParamLike, RealVector, SPDMatrix, spd_strategy
from ..scalars import inside_domain

__all__ = ["K", "Vec", "RealMatrix", "SPDColumns", "REAL_MATRIX", "SPD_COLUMNS", "columns_drawn"]

#: the number of columns k of a d x k matrix variable (its rows are d = :data:`klsym.records.kinds.D`)
K = sp.Symbol("k", integer=True, positive=True)


def columns_drawn(rows: int) -> int:
    """The number of columns drawn with ``rows`` rows: 4 − rows, at least 1."""
    return max(1, 4 - rows)


class Vec(sp.MatrixExpr):
    """vec A: the columns of the matrix A stacked into one column of length rows x columns.

    >>> Vec(sp.Matrix([[1, 2], [3, 4]])).doit().T
    Matrix([[1, 3, 2, 4]])
    """

    def __new__(cls, arg: Any) -> "Vec":
        return sp.Basic.__new__(cls, sp.sympify(arg, strict=True))

    @property
    def arg(self) -> Any:
        return self.args[0]

    @property
    def shape(self) -> tuple:
        rows, cols = self.arg.shape
        return (rows * cols, 1)

    def _eval_transpose(self) -> None:
        return None  # vec(A)ᵀ stays a Transpose

    def _sympystr(self, printer: Any) -> str:
        return f"vec({printer._print(self.arg)})"

    def _latex(self, printer: Any) -> str:
        return rf"\operatorname{{vec}}\left({printer._print(self.arg)}\right)"

    def doit(self, **hints: Any) -> Any:
        arg = self.arg.doit(**hints) if hints.get("deep", True) else self.arg
        if isinstance(arg, sp.MatrixBase):
            rows, cols = arg.shape
            return sp.ImmutableMatrix(rows * cols, 1, [arg[i, j] for j in range(cols) for i in range(rows)])
        return Vec(arg)


class RealMatrix(RealVector):
    """A real d x k matrix (d, k >= 1); its entries are drawn as a real vector's."""

    name = "real_matrix"

    def rule(self, param: ParamLike) -> str:
        return f"{param.name} is a real d x k matrix (d, k >= 1)"

    def symbol(self, param: ParamLike, suffix: str = "") -> sp.MatrixSymbol:
        return sp.MatrixSymbol(param.name + suffix, D, K)

    def read(self, param: ParamLike, raw: Any) -> sp.ImmutableMatrix:
        n = param.name
        rows = as_rows(raw, n)
        if not rows or not rows[0]:
            raise ValueError(f"parameter {n}: an empty matrix; the rule is {self.rule(param)}")
        if len({len(r) for r in rows}) != 1:
            raise ValueError(f"parameter {n}: rows of unequal length {[len(r) for r in rows]}; "
                             f"the rule is {self.rule(param)}")
        values = [[to_exact(v, f"{n}[{i}][{j}]") for j, v in enumerate(r)] for i, r in enumerate(rows)]
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if not inside_domain(v, sp.Reals):
                    raise ValueError(f"parameter {n}[{i}][{j}] = {v} breaks the rule {self.rule(param)}")
        return sp.ImmutableMatrix(values)

    def substitution(self, symbol: Any, value: Any) -> dict:
        return {symbol: value, D: value.shape[0], K: value.shape[1]}

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        dims = st.just(size) if size is not None else st.integers(1, 3)

        def of(n: int) -> Any:
            k = columns_drawn(n)
            return super(RealMatrix, self).strategy(param, max_magnitude, n * k).map(
                lambda v: sp.ImmutableMatrix(n, k, v))

        return dims.flatmap(of)

    def float_size(self, size: int | None) -> int:
        raise NotImplementedError(f"a {self.name} value has d x k floats: its size d alone does not give k")

    def free_size(self, size: int | None) -> int:
        return self.float_size(size)


class SPDColumns(SPDMatrix):
    """A symmetric positive definite k x k matrix: the column scale of a d x k matrix variable."""

    name = "spd_columns"

    def rule(self, param: ParamLike) -> str:
        return f"{param.name} is a symmetric positive definite k x k matrix"

    def symbol(self, param: ParamLike, suffix: str = "") -> sp.MatrixSymbol:
        return sp.MatrixSymbol(param.name + suffix, K, K)

    def substitution(self, symbol: Any, value: Any) -> dict:
        return {symbol: value, K: value.shape[0]}

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        dims = st.just(size) if size is not None else st.integers(1, 3)
        return dims.flatmap(lambda n: spd_strategy(columns_drawn(n), max_magnitude))


REAL_MATRIX = RealMatrix()
SPD_COLUMNS = SPDColumns()
KINDS.setdefault(REAL_MATRIX.name, REAL_MATRIX)
KINDS.setdefault(SPD_COLUMNS.name, SPD_COLUMNS)
