"""The matrix normal law MN(M, U, V) of d x k matrices: its forms against those of the normal law of
vec X, N(vec M, V ⊗ U); the identities of the Kronecker product that write the forms out in d x d
and k x k matrices; its parameter rules; the oracle's coordinates."""

import random

import mpmath
import pytest
import sympy as sp
from mpmath import mp
from sympy.matrices.expressions.kronecker import KroneckerProduct
from sympy.matrices.expressions.matexpr import MatrixElement

import klsym
from klsym import dist
from klsym.derive.kronecker import unfold_kronecker
from klsym.derive.route import derive_entropy, derive_kl
from klsym.oracle.coordinates import coordinates
from klsym.oracle.multivariate import log_density_point
from klsym.records import registry
from klsym.records.catalogue.rectangular_kinds import K, Vec
from klsym.records.record import D

CASES = registry.get("matrix_normal").cases


def _vec(m) -> list:
    """The columns of m stacked."""
    m = sp.Matrix(m)
    return [m[i, j] for j in range(m.cols) for i in range(m.rows)]


def _as_normal(d):
    """The normal law of vec X: N(vec M, V ⊗ U)."""
    M, U, V = (sp.Matrix(d.params[k]) for k in "MUV")
    return dist("multivariate_normal", mu=_vec(M), Sigma=sp.kronecker_product(V, U).tolist())


def _close(a, b, digits=45):
    if a == b:
        return True
    return abs(sp.N(a - b, digits + 15)) <= 10 ** -digits * max(1, abs(sp.N(b, 20)))


def test_the_derived_forms_are_the_textbook_ones():
    """KL and entropy as the engine derives them from the normal's log-partition in vec X."""
    Mp, Mq = sp.MatrixSymbol("M_p", D, K), sp.MatrixSymbol("M_q", D, K)
    Up, Uq, Vp, Vq = (sp.MatrixSymbol(n, *s) for n, s in (("U_p", (D, D)), ("U_q", (D, D)),
                                                           ("V_p", (K, K)), ("V_q", (K, K))))
    det = lambda m: sp.log(sp.Determinant(m))  # noqa: E731
    kl = derive_kl("matrix_normal").kl
    expected = (sp.Trace(Up * Uq.I) * sp.Trace(Vp * Vq.I) + sp.Trace((Mp - Mq) * Vq.I * (Mp - Mq).T * Uq.I) - D * K
                + K * (det(Uq) - det(Up)) + D * (det(Vq) - det(Vp))) / 2
    assert sp.expand(kl - expected) == 0
    U, V = sp.MatrixSymbol("U", D, D), sp.MatrixSymbol("V", K, K)
    entropy = derive_entropy("matrix_normal").entropy
    assert sp.expand(entropy - (D * K * (1 + sp.log(2 * sp.pi)) + K * det(U) + D * det(V)) / 2) == 0


@pytest.mark.parametrize("case", CASES, ids=[c[2] for c in CASES])
def test_kl_and_entropy_equal_those_of_the_normal_law_of_vec_x(case):
    p, q = dist("matrix_normal", **case[0]), dist("matrix_normal", **case[1])
    for a, b in ((p, q), (q, p)):
        assert _close(klsym.kl(a, b), klsym.kl(_as_normal(a), _as_normal(b)))
    assert _close(klsym.entropy(p), klsym.entropy(_as_normal(p)))


@pytest.mark.parametrize("order", [sp.Rational(1, 3), sp.Rational(1, 2), sp.Rational(3, 2), 3])
@pytest.mark.parametrize("case", CASES[:4], ids=[c[2] for c in CASES[:4]])
def test_renyi_equals_that_of_the_normal_law_of_vec_x(case, order):
    p, q = dist("matrix_normal", **case[0]), dist("matrix_normal", **case[1])
    assert _close(klsym.renyi(p, q, order), klsym.renyi(_as_normal(p), _as_normal(q), order))


def test_only_v_kron_u_is_identified():
    """(M, c U, V/c) is the same law for every c > 0: KL 0 both ways, the same entropy."""
    p = dist("matrix_normal", M=[[1, 2, 3], [4, 5, 6]], U=[[2, 1], [1, 2]], V=[[3, 1, 0], [1, 3, 1], [0, 1, 3]])
    c = sp.Rational(7, 3)
    q = dist("matrix_normal", M=p.params["M"], U=(c * p.params["U"]).tolist(), V=(p.params["V"] / c).tolist())
    assert _close(klsym.kl(p, q), 0) and _close(klsym.kl(q, p), 0)
    assert _close(klsym.entropy(p), klsym.entropy(q))


def _explicit(expr, values: dict, d: int, k: int):
    """expr with the sizes and matrix symbols given values, computed exactly."""
    expr = expr.subs({D: d, K: k})
    mats = {sp.MatrixSymbol(s.name, *(int(sp.sympify(n).subs({D: d, K: k})) for n in s.shape)): sp.ImmutableMatrix(v)
            for s, v in values.items()}
    expr = expr.xreplace(mats)
    for _ in range(3):
        expr = expr.replace(lambda e: isinstance(e, (sp.Trace, sp.Determinant, KroneckerProduct, Vec, sp.MatrixExpr))
                            and not isinstance(e, sp.MatrixSymbol), lambda e: e.doit())
        expr = expr.doit()
    return expr


def _random_matrix(rng, rows, cols, spd=False):
    m = sp.Matrix(rows, cols, lambda i, j: sp.Rational(rng.randint(-9, 9), rng.randint(1, 5)))
    return m * m.T + sp.eye(rows) if spd else m


@pytest.mark.parametrize("d, k", [(1, 2), (2, 3), (3, 2)])
def test_the_kronecker_identities_hold_on_explicit_matrices(d, k):
    """Each identity the engine applies (klsym.derive.kronecker), on random rational matrices of the
    sizes given, against the Kronecker products and vec's computed entry by entry."""
    rng = random.Random(20261205 + 10 * d + k)
    A, E = sp.MatrixSymbol("A", D, K), sp.MatrixSymbol("E", D, K)
    B, C = sp.MatrixSymbol("B", K, K), sp.MatrixSymbol("C", D, D)
    values = {A: _random_matrix(rng, d, k), E: _random_matrix(rng, d, k),
              B: _random_matrix(rng, k, k, spd=True), C: _random_matrix(rng, d, d, spd=True)}
    sym = {B, C}
    kron = KroneckerProduct(B, C)
    forms = [
        MatrixElement(Vec(A).T * kron * Vec(E), 0, 0),
        MatrixElement(Vec(A).T * sp.Inverse(2 * kron).T * Vec(E), 0, 0),
        MatrixElement(Vec(A).T * Vec(E), 0, 0),
        sp.Trace(KroneckerProduct(B.I, C.I) * KroneckerProduct(B, C) * Vec(E) * Vec(A).T),
        sp.Trace(kron) + sp.Trace(KroneckerProduct(B.I, C) * kron),
        sp.log(sp.Determinant(3 * kron)) + sp.log(sp.Determinant(sp.Inverse(kron))) * 2,
    ]
    for form in forms:
        unfolded = unfold_kronecker(form, sym)
        assert not unfolded.atoms(KroneckerProduct) and not unfolded.atoms(Vec), unfolded
        assert _close(_explicit(unfolded, values, d, k), _explicit(form, values, d, k)), form


def test_the_record_density_is_that_of_vec_x_at_the_oracles_points():
    """The record's log-density at points X the oracle's coordinates give (X = M + A Z Bᵀ) equals the
    normal log-density of vec X under N(vec M, V ⊗ U), and the map's covariance J Jᵀ is V ⊗ U."""
    p = dist("matrix_normal", **CASES[1][0])
    n = _as_normal(p)
    rows, cols = p.params["M"].shape
    with mp.workdps(40):
        c = coordinates(p, 40)
        origin = c.point([mpmath.mpf(0)] * (rows * cols))
        J = mpmath.matrix(rows * cols, rows * cols)
        for m in range(rows * cols):
            z = [mpmath.mpf(0)] * (rows * cols)
            z[m] = mpmath.mpf(1)
            x = c.point(z)
            for i in range(rows):  # X's entries come row by row; vec X stacks columns
                for j in range(cols):
                    J[j * rows + i, m] = x[i * cols + j] - origin[i * cols + j]
        cov = sp.kronecker_product(p.params["V"], p.params["U"])
        assert mpmath.mnorm(J * J.T - mpmath.matrix(cov.tolist()), 1) < mpmath.mpf(10) ** -35
        rng = random.Random(5)
        for _ in range(3):
            z = [mpmath.mpf(rng.gauss(0, 1)) for _ in range(rows * cols)]
            x = c.point(z)
            vec_x = [x[i * cols + j] for j in range(cols) for i in range(rows)]
            assert mpmath.almosteq(log_density_point(p, x), log_density_point(n, vec_x), 10 ** -35)


@pytest.mark.parametrize("params, message", [
    ({"M": [[0, 0]], "U": [[1, 0], [0, 1]], "V": [[1, 0], [0, 1]]}, "parameters M, U and V: M is 1 x 2 but U is 2 x 2"),
    ({"M": [[0, 0], [0]], "U": [[1, 0], [0, 1]], "V": [[1, 0], [0, 1]]}, "parameter M: rows of unequal length"),
    ({"M": [[0, 0]], "U": [[1]], "V": [[1, 2], [2, 1]]}, "V"),
    ({"M": [[0, 0]], "U": [[-1]], "V": [[1, 0], [0, 1]]}, "U"),
    ({"M": [["nan", 0]], "U": [[1]], "V": [[1, 0], [0, 1]]}, "M[0][0]"),
])
def test_bad_parameters_are_refused_naming_them(params, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        dist("matrix_normal", **params)


def test_p_and_q_of_other_shapes_are_refused_naming_the_shapes():
    p = dist("matrix_normal", M=[[0, 0]], U=[[1]], V=[[1, 0], [0, 1]])
    q = dist("matrix_normal", M=[[0], [0]], U=[[1, 0], [0, 1]], V=[[1]])
    for f in (klsym.kl, klsym.hellinger):
        with pytest.raises(ValueError, match="parameter M: P's is 1 x 2, Q's is 2 x 1"):
            f(p, q)
