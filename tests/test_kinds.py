"""Parameter kinds (klsym.records.kinds): rules, reading, draws and transforms, for
every parameter of the catalogue."""

import math
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import klsym
from klsym.records import registry
from klsym.records.kinds import (
    D, DEGREES_OF_FREEDOM, KINDS, POSITIVE_VECTOR, PROBABILITY_VECTOR, REAL_VECTOR, SCALAR, SPD_MATRIX, Kind,
    SPDMatrix,
)
from klsym.records.catalogue.rectangular_kinds import REAL_MATRIX, SPD_COLUMNS
from klsym.records.catalogue.subprobability import SUB_PROBABILITY_VECTOR
from klsym.records.catalogue.sphere import UNIT_VECTOR
from klsym.records.matrices import positive_definite

PARAMS = [(f, p) for f in registry.names() for p in registry.get(f).params]
IDS = [f"{f}.{p.name}" for f, p in PARAMS]
#: a known defect, kept visible: records/scalars.draw_scalar starts an integer draw at the domain's
#: lower end, so integers on the whole line (the discrete uniform's ends) cannot be drawn by a kind;
#: klsym.strategies draws them itself. The fix changes a file the stored oracle values are
#: fingerprinted by, so it waits for the next recompute of the stores (strict: the fix turns this red).
WHOLE_LINE_INTEGERS = pytest.mark.xfail(
    strict=True, raises=TypeError, reason="draw_scalar cannot draw integers on the whole line yet")
DRAWN = [pytest.param(f, p, id=f"{f}.{p.name}",
                      marks=[WHOLE_LINE_INTEGERS] if p.integer and p.domain.inf == -sp.oo else [])
         for f, p in PARAMS]


def test_every_parameter_has_a_kind_object():
    assert set(KINDS) == {"scalar", "degrees_of_freedom", "probability_vector", "positive_vector",
                          "real_vector", "spd_matrix", "sub_probability_vector", "category_sizes",
                          "real_matrix", "spd_columns", "unit_vector"}
    for _, p in PARAMS:
        assert isinstance(p.kind, Kind) and KINDS[p.kind.name] is p.kind
        assert str(p.kind) == p.kind.name


@pytest.mark.parametrize("family, name, kind, rule", [
    ("normal", "sigma", SCALAR, "sigma > 0"),
    ("normal", "mu", SCALAR, "mu is real"),
    ("bernoulli", "p", SCALAR, "0 <= p <= 1"),
    ("geometric", "p", SCALAR, "0 < p <= 1"),
    ("binomial", "n", SCALAR, "n is an integer >= 0"),
    ("categorical", "p", PROBABILITY_VECTOR, "every entry of p in [0, 1], entries summing to 1, length >= 2"),
    ("dirichlet", "alpha", POSITIVE_VECTOR, "every entry of alpha > 0, length >= 2"),
    ("negative_multinomial", "p", SUB_PROBABILITY_VECTOR,
     "every entry of p in (0, 1), entries summing to less than 1, length >= 2"),
    ("multivariate_normal", "mu", REAL_VECTOR, "mu is a real vector of length d >= 1"),
    ("multivariate_normal", "Sigma", SPD_MATRIX, "Sigma is a symmetric positive definite d x d matrix"),
    ("wishart", "nu", DEGREES_OF_FREEDOM, "nu > d - 1 (d the size of the matrix parameter)"),
    ("matrix_normal", "M", REAL_MATRIX, "M is a real d x k matrix (d, k >= 1)"),
    ("matrix_normal", "U", SPD_MATRIX, "U is a symmetric positive definite d x d matrix"),
    ("matrix_normal", "V", SPD_COLUMNS, "V is a symmetric positive definite k x k matrix"),
])
def test_kinds_state_their_rules(family, name, kind, rule):
    param = registry.get(family).param(name)
    assert param.kind is kind and param.rule == rule


@pytest.mark.parametrize("family, name, shape", [
    ("categorical", "p", sp.IndexedBase), ("multivariate_normal", "mu", (D, 1)),
    ("wishart", "V", (D, D)), ("normal", "sigma", sp.Symbol),
])
def test_kinds_build_their_symbols(family, name, shape):
    s = registry.get(family).param(name).symbol("_p")
    assert str(s).endswith("_p")
    if isinstance(shape, tuple):
        assert isinstance(s, sp.MatrixSymbol) and s.shape == shape
    else:
        assert isinstance(s, shape)


def test_kinds_stay_the_same_objects_through_pickling():
    import pickle

    V = registry.get("wishart").param("V")
    back = pickle.loads(pickle.dumps(V))
    assert back == V and back.kind is SPD_MATRIX and pickle.loads(pickle.dumps(SCALAR)) is SCALAR


def test_the_substitution_of_a_value_follows_its_kind():
    d = klsym.dist("multivariate_normal", mu=[1, 2], Sigma=[[2, 0], [0, 3]])
    s = d.substitution("p")
    assert s[D] == 2 and s[sp.MatrixSymbol("mu_p", D, 1)] == sp.ImmutableMatrix([1, 2])
    c = klsym.dist("categorical", p=["1/2", "1/4", "1/4"]).substitution()
    assert c[registry.get("categorical").length_symbol] == 3
    assert sorted(v for k, v in c.items() if isinstance(k, sp.Indexed)) == [sp.Rational(1, 4)] * 2 + [sp.Rational(1, 2)]


@pytest.mark.parametrize("family, param", DRAWN)
def test_drawn_values_are_read_back_unchanged(family, param):
    size = 3 if (param.vector or param.is_matrix or param.kind is DEGREES_OF_FREEDOM) else None

    @given(param.kind.strategy(param, 20, size))
    def check(value):
        read = param.read(value)
        if param.is_matrix:
            assert read == sp.ImmutableMatrix(value) if isinstance(param.kind, SPDMatrix) else list(read) == list(value)
        elif param.vector:
            assert list(read) == list(value)
        else:
            assert read == value and param.kind.is_interior(param, read)

    check()


def _float_domain_point(param, size):
    """Floats of a valid value (the flat form the transforms use)."""
    if param.kind is PROBABILITY_VECTOR:
        return [0.2, 0.3, 0.5]
    if param.kind is SUB_PROBABILITY_VECTOR:
        return [0.2, 0.3, 0.1]
    if param.kind is POSITIVE_VECTOR or param.kind is REAL_VECTOR:
        return [0.5, 1.5, 2.0]
    if isinstance(param.kind, SPDMatrix):
        return [2.0, 0.5, 0.0, 0.5, 1.0, 0.25, 0.0, 0.25, 3.0]
    lo, hi = param.domain.inf, param.domain.sup
    if param.kind is DEGREES_OF_FREEDOM:
        lo = sp.Integer(size - 1)
    if lo.is_finite and hi.is_finite:
        return [float(lo + (hi - lo) / 3)]
    return [float(lo) + 0.75 if lo.is_finite else float(hi) - 0.75 if hi.is_finite else -1.25]


#: the parameters with a float64 search: numbers, vectors and square matrices (a d x k matrix has none, nor
#: has a unit vector, whose rule floats do not meet exactly)
SEARCHED = [(i, f, p) for i, (f, p) in zip(IDS, PARAMS)
            if not p.integer and p.kind is not REAL_MATRIX and p.kind is not UNIT_VECTOR]


def test_a_unit_vector_has_no_float_search():
    mu = registry.get("von_mises_fisher").param("mu")
    with pytest.raises(NotImplementedError, match="a unit vector has no float64 search"):
        UNIT_VECTOR.to_unconstrained(mu, [1.0, 0.0])


def test_unit_vectors_are_exact_and_drawn_exactly():
    """The rule mu^T mu = 1 is checked exactly (floats near a unit vector are refused with the way out);
    the drawn directions are exact points of the sphere (inverse stereographic projection)."""
    mu = registry.get("von_mises_fisher").param("mu")
    assert list(UNIT_VECTOR.read(mu, ["sqrt(2)/2", "-sqrt(2)/2"])) == [sp.sqrt(2) / 2, -sp.sqrt(2) / 2]
    for bad, what in (([1], "length d >= 2"), ([1, 1], "mu\\^T mu = 1 \\+ 1"), ([0.6, 0.8], "write exact entries")):
        with pytest.raises(ValueError, match=what):
            UNIT_VECTOR.read(mu, bad)

    @given(UNIT_VECTOR.strategy(mu))
    def exact(v):
        assert len(v) >= 2 and sum(e * e for e in v) == 1

    exact()


def test_a_d_by_k_matrix_has_no_float_search():
    with pytest.raises(NotImplementedError, match="its size d alone does not give k"):
        REAL_MATRIX.float_size(2)


@pytest.mark.parametrize("family, param", [(f, p) for _, f, p in SEARCHED], ids=[i for i, _, _ in SEARCHED])
def test_transforms_to_the_line_and_back(family, param):
    size = 3
    x = _float_domain_point(param, size)
    u = param.kind.to_unconstrained(param, x, size)
    assert len(u) == param.kind.free_size(size) and len(x) == param.kind.float_size(size)
    back = param.kind.from_unconstrained(param, u, size)
    assert all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12) for a, b in zip(back, x))

    reach = 5 if isinstance(param.kind, SPDMatrix) else 30  # an SPD matrix of cond 1e14 is singular in float64

    @given(st.lists(st.floats(-reach, reach), min_size=len(u), max_size=len(u)))
    def lands_inside(v):
        value = param.kind.from_unconstrained(param, v, size)
        if isinstance(param.kind, SPDMatrix):
            value = [value[i * size:(i + 1) * size] for i in range(size)]
            assert positive_definite(value, cholesky=True) is not None
        elif param.kind is DEGREES_OF_FREEDOM:
            assert value[0] > size - 1
        else:
            param.read(value if param.vector or param.is_matrix else value[0])  # inside the domain

    lands_inside()


def test_the_float_search_keeps_its_bijections():
    """FloatFamily.theta / u are the kinds' transforms: a round trip, and the values of before."""
    from klsym.fit.float64 import FloatFamily

    target = klsym.mixture([1], [klsym.dist("gamma", alpha=2, beta=3)])
    ff = FloatFamily(registry.get("beta_prime"), {}, target)
    assert ff.theta([0.0, math.log(2)]) == [1.0, 2.0]
    cat = FloatFamily(registry.get("categorical"), {"K": 3}, klsym.mixture([1], [klsym.dist("categorical", p=[0.5, 0.25, 0.25])]))
    assert cat.theta([0.0, 0.0]) == [1 / 3] * 3
    assert [round(v, 12) for v in cat.u([0.5, 0.25, 0.25])] == [round(math.log(2), 12), 0.0]


@given(st.integers(1, 5).flatmap(lambda n: st.lists(st.lists(st.integers(-4, 4), min_size=n, max_size=n),
                                                    min_size=n, max_size=n)))
def test_exact_elimination_agrees_with_sylvesters_minors(rows):
    n = len(rows)
    sym = [[rows[i][j] + rows[j][i] for j in range(n)] for i in range(n)]
    m = sp.Matrix(sym)
    minors_positive = all(m[:k, :k].det() > 0 for k in range(1, n + 1))
    found = positive_definite([[Fraction(v) for v in r] for r in sym])
    assert isinstance(found, list) == minors_positive
    if not minors_positive:
        k, minor = found
        assert minor == m[:k, :k].det() and all(m[:j, :j].det() > 0 for j in range(1, k))
        with pytest.raises(ValueError, match=f"leading {k}x{k} minor = {minor}"):
            klsym.dist("wishart", nu=n + 1, V=sym)
    else:
        assert klsym.dist("wishart", nu=n + 1, V=sym).params["V"] == sp.ImmutableMatrix(sym)
