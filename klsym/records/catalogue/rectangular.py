"""Laws of d x k matrices (data only). Each record states its parameterization.

* ``matrix_normal``: X ~ MN_(d,k)(M, U, V), i.e. vec X ~ N_(dk)(vec M, V ⊗ U).

The variable and the mean are d x k matrix symbols (d = :data:`klsym.records.record.D` rows,
k = :data:`klsym.records.catalogue.rectangular_kinds.K` columns), the row scale U is d x d and
the column scale V is k x k. The record's exponential-family parts are those of the normal law of
vec X, of dimension d k: η₁ = (V ⊗ U)⁻¹ vec M = vec(U⁻¹ M V⁻¹) and η₂ = −(V ⊗ U)⁻¹/2 with
T = (vec X, vec X vec Xᵀ), so its forms come from the normal's log-partition by the matrix
Bregman engine, written out in d x d and k x k matrices by the identities of the Kronecker
product (:mod:`klsym.derive.kronecker`).
"""

from __future__ import annotations

import sympy as sp
from sympy import Determinant, Trace, log, pi
from sympy.matrices.expressions.kronecker import KroneckerProduct

from ..kinds import SPD_MATRIX
from ..record import D, ExpFamily, Family, Param, Support
from .domains import REAL
from .normal_laws import quadratic
from .rectangular_kinds import K, REAL_MATRIX, SPD_COLUMNS, Vec


def shapes_rule(mean: str, rows: str, columns: str):
    """The rule that the mean is (size of ``rows``) x (size of ``columns``)."""
    def check(values: dict) -> str | None:
        m, u, v = values[mean], values[rows], values[columns]
        if m.shape != (u.shape[0], v.shape[0]):
            return (f"parameters {mean}, {rows} and {columns}: {mean} is {m.shape[0]} x {m.shape[1]} but {rows} is "
                    f"{u.shape[0]} x {u.shape[0]} and {columns} is {v.shape[0]} x {v.shape[0]}; the rule is "
                    f"{mean} d x k, {rows} d x d, {columns} k x k")
        return None

    return check


# --------------------------------------------------------------------------- matrix normal
_M = Param("M", REAL, "mean matrix (d x k)", kind=REAL_MATRIX)
_U = Param("U", REAL, "row scale matrix (d x d, symmetric positive definite): the covariance of each column "
           "is V[j][j] U", kind=SPD_MATRIX)
_V = Param("V", REAL, "column scale matrix (k x k, symmetric positive definite): the covariance of each row "
           "is U[i][i] V", kind=SPD_COLUMNS)
M, U, V = _M.symbol(), _U.symbol(), _V.symbol()
X = sp.MatrixSymbol("X", D, K)
E1, E2 = sp.MatrixSymbol("eta1", D * K, 1), sp.MatrixSymbol("eta2", D * K, D * K)
_precision = KroneckerProduct(V.I, U.I)  # (V ⊗ U)⁻¹

matrix_normal = Family(
    name="matrix_normal",
    title="Matrix normal",
    params=(_M, _U, _V),
    support=Support(-sp.oo, sp.oo, discrete=False),
    logpdf=(-Trace(V.I * (X - M).T * U.I * (X - M)) / 2 - D * K / 2 * log(2 * pi)
            - K / 2 * log(Determinant(U)) - D / 2 * log(Determinant(V))),
    parameterization=(
        "MN_(d,k)(M, U, V) on real d x k matrices X, any d, k >= 1: vec X ~ N_(dk)(vec M, V kron U), vec stacking "
        "the columns. Density exp(-trace(V^-1 (X - M)^T U^-1 (X - M))/2) / ((2 pi)^(dk/2) det(U)^(k/2) "
        "det(V)^(d/2)). M the mean (d x k); U the row scale (d x d, SPD): the covariance between rows; V the "
        "column scale (k x k, SPD): the covariance between columns (scipy.stats.matrix_normal's rowcov and "
        "colcov; neither is a precision or a Cholesky factor). Only V kron U is identified: (M, c U, V/c) is the "
        "same law for every c > 0. k = 1 is multivariate_normal(M, V[1][1] U). Natural parameters "
        "eta1 = vec(U^-1 M V^-1), eta2 = -(V kron U)^-1/2 with T(X) = (vec X, vec X vec X^T)."
    ),
    ef=ExpFamily(
        eta_symbols=(E1, E2),
        eta=(_precision * Vec(M), -_precision / 2),
        T=(Vec(X), Vec(X) * Vec(X).T),
        A=-quadratic(E1, E2.I, E1) / 4 - log(Determinant(-2 * E2)) / 2,
        log_h=-D * K * log(2 * pi) / 2,
    ),
    extra_check=shapes_rule("M", "U", "V"),
    example={"M": [[0, 0, 0], [0, 0, 0]], "U": [[1, 0], [0, 1]], "V": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
    variable=X,
    support_text="R^(d x k) (real d x k matrices X)",
    cases=(
        ({"M": [[0]], "U": [[1]], "V": [[1]]}, {"M": [[1]], "U": [[2]], "V": [[2]]}, "1 x 1: normal(0, 1) against "
         "normal(1, 2)"),
        ({"M": [[0, 1, 2], [1, 0, -1]], "U": [[2, 1], [1, 2]], "V": [[1, 0, 0], [0, 2, 0], [0, 0, 3]]},
         {"M": [[1, 1, 1], [0, 0, 0]], "U": [[1, 0], [0, 1]], "V": [[2, "1/2", 0], ["1/2", 1, 0], [0, 0, 1]]},
         "2 x 3 correlated rows and columns"),
        ({"M": [[0, 0], [0, 0]], "U": [[1, "1-1/10^6"], ["1-1/10^6", 1]], "V": [[1, 0], [0, 1]]},
         {"M": [["1/2", 0], [0, 0]], "U": [[1, 0], [0, 1]], "V": [[1, 0], [0, 1]]},
         "2 x 2 near-singular row scale"),
        ({"M": [[1, 2], [3, 4], [5, 6]], "U": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "V": [[2, 1], [1, 2]]},
         {"M": [["1+1/10^8", 2], [3, 4], [5, 6]], "U": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "V": [[2, 1], [1, 2]]},
         "3 x 2 near-equal means"),
        ({"M": [[0, 0], [0, 0]], "U": [["1/1000", 0], [0, 1000]], "V": [["1/1000", 0], [0, 1000]]},
         {"M": [[1, 1], [1, 1]], "U": [[1, "1/2"], ["1/2", 1]], "V": [[1, 0], [0, 1]]},
         "2 x 2 scales 10^6 apart on both sides"),
        ({"M": [[0, 0, 0], [0, 0, 0], [0, 0, 0]], "U": [[1, "1/2", "1/3"], ["1/2", 1, "1/2"], ["1/3", "1/2", 1]],
          "V": [[4, 0, 0], [0, 2, 0], [0, 0, 1]]},
         {"M": [[1, 0, -1], [0, 1, 0], [-1, 0, 1]], "U": [[1, 0, 0], [0, 2, 0], [0, 0, 3]],
          "V": [[1, "1/2", "1/3"], ["1/2", 1, "1/2"], ["1/3", "1/2", 1]]},
         "3 x 3 correlations 1/(1 + |i - j|)"),
        ({"M": [[0, 0, 0, 0]], "U": [[3]], "V": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]},
         {"M": [[0, 0, 0, 0]], "U": [[1]],
          "V": [["3+1/10^9", 0, 0, 0], [0, "3+1/10^9", 0, 0], [0, 0, "3+1/10^9", 0], [0, 0, 0, "3+1/10^9"]]},
         "1 x 4 scales traded between U and V: V kron U equal up to 1/10^9"),
    ),
)


RECORDS = (matrix_normal,)
