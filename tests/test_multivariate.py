"""Multivariate families: validation, the general-dimension forms against
element-wise derivations and the univariate families they reduce to, and the
oracle's routes."""

import mpmath
import pytest
import sympy as sp

import klsym
from klsym import dist, kl
from klsym.records import registry
from klsym.crosscheck import agreed_digits, cases_for
from klsym.derive import derive_kl
from klsym.records.values import substitute_matrices
from klsym.records.record import D
from klsym.oracle import numeric_cross_entropy, numeric_kl
from klsym.oracle import coordinates as coords_module
from klsym.oracle.coordinates import Coordinates
from klsym.oracle.limits import OracleLimitError
from klsym.oracle.multivariate import check_premise, log_density_point, route
from klsym.references import lookup
from klsym.references.rows import entropy_defined

MULTIVARIATE = [n for n in registry.names() if registry.get(n).multivariate]
#: those with a derived entropy (not the logistic normal: tests/test_transformed.py checks that it says so)
WITH_ENTROPY = [n for n in MULTIVARIATE if entropy_defined(n)]


def _digits(closed, oracle):
    with mpmath.workdps(50):
        return agreed_digits(mpmath.mpf(str(sp.N(closed, 50, maxn=400))), oracle)


def _stored(p, q=None):
    """The oracle's stored value of KL(p‖q), or of H(p) without q (klsym/references/data/;
    tests/test_check.py keeps it current, the live lane recomputes it)."""
    ref = lookup(p, q)
    assert ref is not None, f"{'KL' if q is not None else 'H'} of {p}, {q} is not among the stored oracle values"
    return ref.mp_value()


# ----------------------------------------------------------------- validation
@pytest.mark.parametrize("params, message", [
    ({"mu": [0, 0], "Sigma": [[1, 2], [2, 1]]}, "Sigma is not positive definite"),
    ({"mu": [0, 0], "Sigma": [[1, 0], ["1/2", 1]]}, "Sigma is not symmetric"),
    ({"mu": [0], "Sigma": [[1, 0], [0, 1]]}, "mu has length 1 but Sigma is 2 x 2"),
    ({"mu": [0, 0], "Sigma": [[1, 0]]}, "not a square matrix"),
    ({"mu": [0, 0], "Sigma": [[0, 0], [0, 1]]}, "not positive definite"),
    ({"mu": [], "Sigma": [[1]]}, "length d >= 1"),
    ({"mu": 0, "Sigma": [[1]]}, "parameter mu: expected a list or tuple of numbers"),
])
def test_multivariate_normal_rejects_bad_parameters(params, message):
    with pytest.raises(ValueError, match=message):
        dist("multivariate_normal", **params)


def test_spd_check_is_exact():
    # [[1, 1], [1, 1 + 2^-60]] is SPD (determinant 2^-60 > 0) although float64 Cholesky is marginal
    tiny = sp.Rational(1, 2**60)
    dist("multivariate_normal", mu=[0, 0], Sigma=[[1, 1], [1, 1 + tiny]])
    with pytest.raises(ValueError, match="not positive definite"):
        dist("multivariate_normal", mu=[0, 0], Sigma=[[1, 1], [1, 1 - tiny]])


def test_inputs_lists_tuples_sympy_and_numpy_agree():
    ref = dist("multivariate_normal", mu=[sp.Rational(1, 2), 1], Sigma=[[2, 1], [1, 2]])
    assert dist("multivariate_normal", mu=(0.5, 1.0), Sigma=((2.0, 1.0), (1.0, 2.0))) == ref
    assert dist("multivariate_normal", mu=sp.Matrix([sp.Rational(1, 2), 1]), Sigma=sp.Matrix([[2, 1], [1, 2]])) == ref
    np = pytest.importorskip("numpy")
    assert dist("multivariate_normal", mu=np.array([0.5, 1.0]), Sigma=np.array([[2.0, 1.0], [1.0, 2.0]])) == ref
    # a float means its exact binary value
    assert dist("multivariate_normal", mu=[0.1], Sigma=[[1]]).params["mu"][0] == sp.Rational(*(0.1).as_integer_ratio())


def test_different_dimensions_are_refused_naming_them():
    p = dist("multivariate_normal", mu=[0], Sigma=[[1]])
    q = dist("multivariate_normal", mu=[0, 0], Sigma=[[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="P has dimension d = 1, Q has dimension d = 2"):
        kl(p, q)


# ----------------------------------------------------------------- the general form
def test_general_form_is_symbolic_in_d():
    form = kl("multivariate_normal", "multivariate_normal")
    assert D in form.free_symbols
    assert form.has(sp.Trace) and form.has(sp.Determinant)


def _elementwise_mvn_kl(n):
    """KL by the Bregman divergence written entry by entry for an explicit n x n case:
    η = (Σ⁻¹μ, −Σ⁻¹/2) with independent entries, ∇A by sp.diff on each entry."""
    e1 = sp.Matrix(n, 1, lambda i, j: sp.Symbol(f"a{i}", real=True))
    e2 = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"b{i}{j}", real=True))
    A = (-(e1.T * e2.inv() * e1)[0, 0] / 4 - sp.log((-2 * e2).det()) / 2)
    grad1 = sp.Matrix(n, 1, lambda i, j: sp.diff(A, e1[i]))
    grad2 = sp.Matrix(n, n, lambda i, j: sp.diff(A, e2[i, j]))

    def theta(side):
        mu = sp.Matrix(n, 1, lambda i, j: sp.Symbol(f"m{side}{i}", real=True))
        s = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"s{side}{min(i, j)}{max(i, j)}", real=True))
        return mu, s

    (mp_, sp_), (mq, sq) = theta("p"), theta("q")
    eta = lambda mu, s: (s.inv() * mu, -s.inv() / 2)
    (p1, p2), (q1, q2) = eta(mp_, sp_), eta(mq, sq)
    at_p = {**{e1[i]: p1[i] for i in range(n)}, **{e2[i, j]: p2[i, j] for i in range(n) for j in range(n)}}
    at_q = {**{e1[i]: q1[i] for i in range(n)}, **{e2[i, j]: q2[i, j] for i in range(n) for j in range(n)}}
    mean1, mean2 = grad1.subs(at_p), grad2.subs(at_p)
    value = sum((p1[i] - q1[i]) * mean1[i] for i in range(n))
    value += sum((p2[i, j] - q2[i, j]) * mean2[i, j] for i in range(n) for j in range(n))
    value += -A.subs(at_p) + A.subs(at_q)
    general, _ = substitute_matrices(
        derive_kl("multivariate_normal").kl,
        {registry.get("multivariate_normal").symbols_for("p")["mu"]: mp_,
         registry.get("multivariate_normal").symbols_for("p")["Sigma"]: sp_,
         registry.get("multivariate_normal").symbols_for("q")["mu"]: mq,
         registry.get("multivariate_normal").symbols_for("q")["Sigma"]: sq, D: n}, D)
    return value, general, (sp_, sq)


@pytest.mark.parametrize("n", [1, pytest.param(2, marks=pytest.mark.live)])  # d = 2 takes minutes: the live lane
def test_general_form_equals_the_elementwise_derivation(n):
    value, general, (sp_, sq) = _elementwise_mvn_kl(n)
    # every log written as a sum of logs of its factored argument: the log-determinants
    # become logs of the same polynomials, and what remains must cancel exactly
    def split_logs(e):
        return e.replace(lambda t: isinstance(t, sp.log),
                         lambda t: sp.expand_log(sp.log(sp.factor(sp.cancel(t.args[0]))), force=True))

    diff = split_logs(value) - split_logs(general)
    assert sp.cancel(sp.together(sp.expand(diff))) == 0
    # and numerically at an SPD point, logs included
    point = {s: v for s, v in zip(sorted(value.free_symbols, key=str), [sp.Rational(k + 3, 7) for k in range(50)])}
    sym = {**{sp.Symbol(f"sp{i}{j}", real=True): (2 if i == j else sp.Rational(1, 3)) for i in range(n) for j in range(n)},
           **{sp.Symbol(f"sq{i}{j}", real=True): (3 if i == j else -sp.Rational(1, 2)) for i in range(n) for j in range(n)}}
    point.update(sym)
    assert abs(sp.N((value - general).subs(point), 40)) < 1e-35


def test_d1_equals_the_normal_family():
    for a, b in [((0, 1), (1, 2)), ((3, "1/3"), (-2, 5)), (("1/7", 10), ("1/7", "10+1/10^6"))]:
        pn, qn = dist("normal", mu=a[0], sigma=a[1]), dist("normal", mu=b[0], sigma=b[1])
        pm = dist("multivariate_normal", mu=[a[0]], Sigma=[[sp.sympify(a[1]) ** 2]])
        qm = dist("multivariate_normal", mu=[b[0]], Sigma=[[sp.sympify(b[1]) ** 2]])
        assert sp.simplify(kl(pm, qm) - kl(pn, qn)) == 0
        assert sp.simplify(klsym.entropy(pm) - klsym.entropy(pn)) == 0


def test_independent_blocks_add_up():
    p1, q1 = dist("multivariate_normal", mu=[1], Sigma=[[2]]), dist("multivariate_normal", mu=[0], Sigma=[[5]])
    p2 = dist("multivariate_normal", mu=[0, 1], Sigma=[[2, 1], [1, 3]])
    q2 = dist("multivariate_normal", mu=[1, -1], Sigma=[[1, "1/2"], ["1/2", 4]])
    p = dist("multivariate_normal", mu=[1, 0, 1], Sigma=[[2, 0, 0], [0, 2, 1], [0, 1, 3]])
    q = dist("multivariate_normal", mu=[0, 1, -1], Sigma=[[5, 0, 0], [0, 1, "1/2"], [0, "1/2", 4]])
    assert sp.simplify(kl(p, q) - kl(p1, q1) - kl(p2, q2)) == 0
    assert sp.simplify(klsym.entropy(p) - klsym.entropy(p1) - klsym.entropy(p2)) == 0


def test_parts_give_the_log_density():
    fam = registry.get("multivariate_normal")
    ef = fam.ef
    for p, _, _ in cases_for("multivariate_normal"):
        n = p.params["mu"].shape[0]
        x = sp.ImmutableMatrix(n, 1, [sp.Rational(k + 1, 3) for k in range(n)])
        values = {**p.substitution(), fam.variable: x}
        lhs, _ = substitute_matrices(fam.logpdf, values, D)
        dot = sp.Add(*[(e.T * t)[0, 0] if e.shape[1] == 1 else sp.Trace(e.T * t) for e, t in zip(ef.eta, ef.T)])
        rhs, _ = substitute_matrices(dot - ef.A.subs(dict(zip(ef.eta_symbols, ef.eta))) + ef.log_h, values, D)
        assert abs(sp.N(lhs - rhs, 50)) < 1e-45, p


def test_kl_is_cross_entropy_minus_entropy():
    for p, q, _ in cases_for("multivariate_normal"):
        assert sp.simplify(klsym.cross_entropy(p, q) - klsym.entropy(p) - kl(p, q)) == 0
    form = klsym.cross_entropy("multivariate_normal", "multivariate_normal")
    assert form.has(sp.Trace)


@pytest.mark.parametrize("index", [0, 4])  # d = 1 (univariate oracle) and d = 3 (Gauss-Hermite)
def test_entropy_and_cross_entropy_match_the_stored_oracle(index):
    p, q, _ = cases_for("multivariate_normal")[index]
    with mpmath.workdps(50):
        cross = _stored(p) + _stored(p, q)  # −E_P[log q] = H(P) + KL(P‖Q), each from the oracle
    for closed, oracle in ((klsym.entropy(p), _stored(p)), (klsym.cross_entropy(p, q), cross)):
        assert _digits(closed, oracle) >= 25


@pytest.mark.live
@pytest.mark.parametrize("index", [0, 4])
def test_entropy_and_cross_entropy_match_the_oracle(index):
    p, q, _ = cases_for("multivariate_normal")[index]
    for closed, oracle in ((klsym.entropy(p), numeric_cross_entropy(p)),
                           (klsym.cross_entropy(p, q), numeric_cross_entropy(p, q))):
        assert _digits(closed, oracle.value) >= 25


def test_every_continuous_family_uses_the_coordinates_route():
    p = dist("multivariate_normal", mu=[0, 0], Sigma=sp.eye(2))
    r = numeric_kl(p, dist("multivariate_normal", mu=[1, 0], Sigma=[[2, 1], [1, 2]]))
    assert route(p) == "coordinates" and r.method == "coordinates" and "L L^T = Sigma" in r.representation
    assert route(dist("multinomial", n=3, p=["1/2", "1/2"])) == "count-sum"
    continuous = [n for n in registry.names() if registry.get(n).multivariate and not registry.get(n).discrete]
    assert len(continuous) >= 7
    for name in continuous:
        assert route(cases_for(name)[0][0]) == "coordinates", name


def test_the_logistic_normal_point_carries_the_digits_its_last_part_loses():
    """x[d+1] = 1 - sum x[i] is about exp(-max y[i]): with mu = 200 it is near 10^-87 and the record's log-density
    computes it by that difference. The oracle adds the digits it loses (at the anchor and along each variable)
    and agrees with the closed form; where they would pass MAX_WORK_DIGITS it refuses, naming the limit."""
    p = dist("logistic_normal", mu=[200, -10], Sigma=[[4, 1], [1, 4]])
    q = dist("logistic_normal", mu=[190, 0], Sigma=[[1, 0], [0, 1]])
    assert _digits(kl(p, q), numeric_kl(p, q, 30).value) >= 29
    wide = dist("logistic_normal", mu=[0, 0], Sigma=[[10**6, 0], [0, 1]])
    with pytest.raises(OracleLimitError, match="MAX_WORK_DIGITS"):
        numeric_kl(wide, q, 30)


def _normal_and_chi():
    return (dist("normal", mu=0, sigma=1), dist("normal", mu=0, sigma=1), dist("chi", k=3))


@pytest.mark.parametrize("f, fails", [
    (lambda u: u[0] ** 2 + u[0] * u[1] + u[1] * u[2] + mpmath.log(u[2]), False),  # pairs odd in a normal
    (lambda u: u[0] * u[1] * u[2], True),                                  # three variables interact
    (lambda u: u[0] ** 2 * u[2], True),                                    # even in the normal
    (lambda u: u[0] ** 2 * u[1] ** 2, True),                               # even in both normals
])
def test_the_premise_check_can_fail(f, fails):
    c = Coordinates(_normal_and_chi(), (True, True, False), lambda u: u,
                    ((0, 0, mpmath.sqrt(3)), (0, 0, mpmath.sqrt(3) + 1)), "test", (False,) * 3)
    with mpmath.workdps(30):
        if fails:
            with pytest.raises(ArithmeticError, match="interact"):
                check_premise(c, f, 30)
        else:
            assert check_premise(c, f, 30) < mpmath.mpf(10) ** -25


def test_the_route_sees_the_law_of_p(monkeypatch):
    """The oracle integrates over P's representation: a wrong one is caught."""
    p = dist("wishart", nu=4, V=[[2, 1], [1, 2]])
    q = dist("wishart", nu=5, V=[[1, 0], [0, 3]])
    assert _digits(kl(p, q), _stored(p, q)) >= 30  # with the right representation (a check row)
    real = coords_module.coordinates

    def shifted(d, wp, toward=None):  # the first Bartlett entry ~ chi(nu + 1/10^6) instead of chi(nu)
        c = real(d, wp)
        wrong = (dist("chi", k=d.params["nu"] + sp.Rational(1, 10**6)),) + c.marginals[1:]
        return Coordinates(wrong, c.symmetric, c.point, c.anchors, c.source, c.cancels)

    monkeypatch.setattr("klsym.oracle.multivariate.coordinates", shifted)
    assert _digits(kl(p, q), numeric_kl(p, q).value) < 8


@pytest.mark.parametrize("name, params_p, params_q", [
    ("wishart", {"nu": 5, "V": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]}, {"nu": "7/2", "V": [[1, 0, 0], [0, 3, 0], [0, 0, 1]]}),
    ("inverse_wishart", {"nu": "21/10", "Psi": [[1, "1/2"], ["1/2", 1]]}, {"nu": 6, "Psi": [[3, 0], [0, "1/3"]]}),
    ("dirichlet", {"alpha": ["1/10", "1/2", 2, "1/3", 5]}, {"alpha": [1, 1, 1, 1, 1]}),
    ("multivariate_normal", {"mu": [0, 0, 0, 0], "Sigma": sp.diag(1, 2, 3, 4)},
     {"mu": [1, 0, -1, 0], "Sigma": sp.Matrix(4, 4, lambda i, j: sp.Rational(1, 1 + abs(i - j)))}),
])
def test_higher_dimensions_agree_with_the_oracle_to_30_digits(name, params_p, params_q):
    """Check rows: against the oracle's stored values (recomputed by the live lane)."""
    p, q = dist(name, **params_p), dist(name, **params_q)
    assert _digits(kl(p, q), _stored(p, q)) >= 30
    assert _digits(kl(q, p), _stored(q, p)) >= 30


# ----------------------------------------------------------------- Dirichlet
@pytest.mark.parametrize("alpha, message", [
    ([1, 0], r"alpha\[1\] = 0 breaks the rule alpha\[i\] > 0"),
    ([1, -2, 3], r"alpha\[1\] = -2 breaks the rule"),
    ([2], "needs length >= 2"),
    (3, "parameter alpha: expected a list or tuple of numbers"),
])
def test_dirichlet_rejects_bad_parameters(alpha, message):
    with pytest.raises(ValueError, match=message):
        dist("dirichlet", alpha=alpha)


def test_dirichlet_k2_equals_beta():
    for a, b in [((2, 3), (4, 1)), (("1/10", "1/5"), ("1/2", 3)), ((1000, 2000), (1100, 2000))]:
        pd, qd = dist("dirichlet", alpha=list(a)), dist("dirichlet", alpha=list(b))
        pb, qb = dist("beta", alpha=a[0], beta=a[1]), dist("beta", alpha=b[0], beta=b[1])
        assert abs(sp.N(kl(pd, qd) - kl(pb, qb), 50)) < 1e-45
        assert abs(sp.N(klsym.entropy(pd) - klsym.entropy(pb), 50)) < 1e-45


def test_dirichlet_mean_of_t_is_the_gradient_of_a():
    mean = derive_kl("dirichlet").mean_T_p[0]
    assert mean.has(sp.polygamma) and not mean.has(sp.Piecewise)
    assert "Sum" in sp.srepr(derive_kl("dirichlet").kl)


def test_dirichlet_different_lengths_are_refused():
    with pytest.raises(ValueError, match="P has length 2, Q has length 3"):
        kl(dist("dirichlet", alpha=[1, 2]), dist("dirichlet", alpha=[1, 2, 3]))


# ----------------------------------------------------------------- multinomial
def test_multinomial_k2_equals_binomial():
    for n, a, b in [(10, "1/4", "1/2"), (3, "1/3", "9/10"), (50, "1/10^6", "1/10^3")]:
        pm = dist("multinomial", n=n, p=[a, 1 - sp.sympify(a)])
        qm = dist("multinomial", n=n, p=[b, 1 - sp.sympify(b)])
        pb, qb = dist("binomial", n=n, p=a), dist("binomial", n=n, p=b)
        assert abs(sp.N(kl(pm, qm) - kl(pb, qb), 50)) < 1e-45
        if n <= 10:
            assert abs(sp.N(klsym.entropy(pm) - klsym.entropy(pb), 50)) < 1e-45


def test_multinomial_with_different_n_is_infinite_with_the_reason():
    p = dist("multinomial", n=3, p=["1/2", "1/2"])
    q = dist("multinomial", n=5, p=["1/2", "1/2"])
    for a, b in ((p, q), (q, p)):
        assert kl(a, b) == sp.oo
        assert "disjoint" in klsym.infinite_reason(a, b)
        assert numeric_kl(a, b).value == mpmath.inf
        assert klsym.cross_entropy(a, b) == sp.oo


def test_multinomial_zero_probabilities():
    p = dist("multinomial", n=4, p=["1/3", 0, "2/3"])
    q = dist("multinomial", n=4, p=["1/6", "1/6", "2/3"])
    cat = kl(dist("categorical", p=["1/3", 0, "2/3"]), dist("categorical", p=["1/6", "1/6", "2/3"]))
    assert abs(sp.N(kl(p, q) - 4 * cat, 50)) < 1e-45
    assert kl(q, p) == sp.oo and "Q gives them 0" in klsym.infinite_reason(q, p)
    assert sp.simplify(klsym.entropy(dist("multinomial", n=1, p=["1/2", 0, "1/2"])) - sp.log(2)) == 0


def test_multinomial_bad_parameters():
    with pytest.raises(ValueError, match="sum to"):
        dist("multinomial", n=3, p=["1/2", "1/3"])
    with pytest.raises(ValueError, match="n is an integer"):
        dist("multinomial", n="5/2", p=["1/2", "1/2"])


# ----------------------------------------------------------------- every multivariate family
@pytest.mark.parametrize("name", WITH_ENTROPY)
def test_kl_is_cross_entropy_minus_entropy_on_the_check_cases(name):
    for p, q, _ in cases_for(name):
        if kl(p, q) == sp.oo:
            continue
        assert abs(sp.N(klsym.cross_entropy(p, q) - klsym.entropy(p) - kl(p, q), 50)) < 1e-40


@pytest.mark.parametrize("name", WITH_ENTROPY)
def test_entropy_matches_the_stored_oracle(name):
    checked = 0
    for p, q, _ in cases_for(name):
        if not (p.is_interior() and q.is_interior()) or kl(p, q) == sp.oo:
            continue
        assert _digits(klsym.entropy(p), _stored(p)) >= 25, p
        with mpmath.workdps(50):
            cross = _stored(p) + _stored(p, q)  # −E_P[log q] = H(P) + KL(P‖Q), each from the oracle
        assert _digits(klsym.cross_entropy(p, q), cross) >= 25, (p, q)
        checked += 1
    assert checked


@pytest.mark.live
@pytest.mark.parametrize("name", WITH_ENTROPY)
def test_entropy_matches_the_oracle(name):
    checked = 0
    for p, q, _ in cases_for(name):
        if not (p.is_interior() and q.is_interior()) or kl(p, q) == sp.oo:
            continue
        assert _digits(klsym.entropy(p), numeric_cross_entropy(p).value) >= 25, p
        assert _digits(klsym.cross_entropy(p, q), numeric_cross_entropy(p, q).value) >= 25, (p, q)
        checked += 1
    assert checked


# ----------------------------------------------------------------- Wishart and inverse Wishart
@pytest.mark.parametrize("name, matrix", [("wishart", "V"), ("inverse_wishart", "Psi")])
def test_wishart_rejects_bad_parameters(name, matrix):
    with pytest.raises(ValueError, match=r"nu = 1 breaks the rule nu > d - 1 = 1 \(d = 2"):
        dist(name, nu=1, **{matrix: [[1, 0], [0, 1]]})
    with pytest.raises(ValueError, match="nu = 0 breaks the rule"):
        dist(name, nu=0, **{matrix: [[1]]})
    with pytest.raises(ValueError, match="not positive definite"):
        dist(name, nu=3, **{matrix: [[1, 2], [2, 1]]})
    dist(name, nu="1+1/10^9", **{matrix: [[1, 0], [0, 1]]})  # nu just above d - 1 is allowed


def test_wishart_d1_is_gamma_with_shape_nu_over_2_and_rate_1_over_2v():
    for (n1, v1), (n2, v2) in [((3, 1), (5, "1/3")), (("1/2", 10**6), (8, 1000)), ((2000, 1), (2020, 1))]:
        pw, qw = dist("wishart", nu=n1, V=[[v1]]), dist("wishart", nu=n2, V=[[v2]])
        g = lambda n, v: dist("gamma", alpha=sp.sympify(n) / 2, beta=1 / (2 * sp.sympify(v)))
        assert abs(sp.N(kl(pw, qw) - kl(g(n1, v1), g(n2, v2)), 50)) < 1e-40
        assert abs(sp.N(klsym.entropy(pw) - klsym.entropy(g(n1, v1)), 50)) < 1e-40


def test_inverse_wishart_d1_is_inverse_gamma_with_shape_nu_over_2_and_scale_psi_over_2():
    for (n1, s1), (n2, s2) in [((6, 2), (4, 4)), (("1/10", 1), ("1/5", 2)), ((1000, 2000), (800, 1800))]:
        pw, qw = dist("inverse_wishart", nu=n1, Psi=[[s1]]), dist("inverse_wishart", nu=n2, Psi=[[s2]])
        g = lambda n, s: dist("inverse_gamma", alpha=sp.sympify(n) / 2, beta=sp.sympify(s) / 2)
        assert abs(sp.N(kl(pw, qw) - kl(g(n1, s1), g(n2, s2)), 50)) < 1e-40
        assert abs(sp.N(klsym.entropy(pw) - klsym.entropy(g(n1, s1)), 50)) < 1e-40


def test_wishart_general_form_uses_the_multivariate_gamma():
    form = kl("wishart", "wishart")
    assert form.has(sp.Sum) and form.has(sp.Trace) and D in form.free_symbols
    # E[W] = nu V and E[log det W] = d log 2 + log det V + psi_d(nu/2), derived as the gradient of A
    mean_W, mean_logdet = derive_kl("wishart").mean_T_p
    nu_p, V_p = registry.get("wishart").symbols_for("p")["nu"], registry.get("wishart").symbols_for("p")["V"]
    assert sp.simplify(mean_W - nu_p * V_p) == sp.ZeroMatrix(D, D) or mean_W == nu_p * V_p
    assert mean_logdet.has(sp.polygamma)


@pytest.mark.parametrize("name, params", [
    ("inverse_wishart", {"nu": "24/11", "Psi": [[2, 1, 0], [1, 2, "1/2"], [0, "1/2", 1]]}),
    ("normal_inverse_wishart", {"mu": [1, -1, "1/2"], "lam": "1/5", "Psi": [[2, 1, 0], [1, 2, "1/2"], [0, "1/2", 1]],
                                "nu": 3}),
])
def test_the_oracle_writes_an_inverse_wishart_in_its_inverse(name, params):
    """The oracle's point for these laws is Sigma^-1 = L A A^T L^T, and the record's log-density is
    rewritten in it symbolically (no matrix inverted in numbers: near-singular Sigma^-1, far in a chi
    tail of the Bartlett decomposition, made the record's own inversion divide by 0). The rewritten
    log-density equals the record's at Sigma; the point of the coordinates is Sigma^-1."""
    d, n = dist(name, **params), 3
    with mpmath.workdps(40):
        c = coords_module.coordinates(d, 40)
        assert c.inverted
        point = c.point([mpmath.mpf(v) / 3 + 1 for v in range(len(c.marginals))])
        head, upper = point[:-6], iter(point[-6:])
        Y = mpmath.matrix(n, n)
        for i, j in ((i, j) for i in range(n) for j in range(i, n)):
            Y[i, j] = Y[j, i] = next(upper)
        X = Y**-1
        direct = head + [X[i, j] for i in range(n) for j in range(i, n)]
        assert abs(log_density_point(d, point, inverted=True) - log_density_point(d, direct)) < mpmath.mpf(10) ** -30


def test_inverse_wishart_and_wishart_of_the_inverse_agree_in_d2():
    """X ~ W^-1(nu, Psi) iff X^-1 ~ W(nu, Psi^-1); KL is invariant under the bijection X -> X^-1."""
    a, b = sp.Matrix([[2, 1], [1, 3]]), sp.Matrix([[1, "1/2"], ["1/2", 2]])
    iw = kl(dist("inverse_wishart", nu=5, Psi=a), dist("inverse_wishart", nu="7/2", Psi=b))
    w = kl(dist("wishart", nu=5, V=a.inv()), dist("wishart", nu="7/2", V=b.inv()))
    assert abs(sp.N(iw - w, 50)) < 1e-45


# ----------------------------------------------------------------- normal-gamma
@pytest.mark.parametrize("name", ["normal_gamma", "normal_inverse_gamma"])
def test_normal_gamma_rejects_bad_parameters(name):
    for bad, rule in [({"lam": 0}, "lam > 0"), ({"alpha": -1}, "alpha > 0"), ({"beta": 0}, "beta > 0")]:
        params = {"mu": 0, "lam": 1, "alpha": 2, "beta": 1, **bad}
        with pytest.raises(ValueError, match=rule):
            dist(name, **params)


def test_normal_inverse_gamma_oracle_is_the_normal_gamma_one():
    """Two independent oracle routes (sigma2 ~ inverse gamma with x = mu + z sqrt(sigma2/lam); tau ~ gamma with
    x = mu + z/sqrt(lam tau)) for the same KL, (x, sigma2) -> (x, 1/sigma2) being a bijection."""
    p, q = {"mu": 1, "lam": "1/2", "alpha": "1/2", "beta": 2}, {"mu": 0, "lam": 1, "alpha": 1, "beta": 1}
    a = numeric_kl(dist("normal_inverse_gamma", **p), dist("normal_inverse_gamma", **q), 30)
    b = numeric_kl(dist("normal_gamma", **p), dist("normal_gamma", **q), 30)
    assert "InvGamma" in a.representation and "InvGamma" not in b.representation
    assert abs(a.value - b.value) < a.error + b.error + mpmath.mpf(10) ** -28


def test_normal_gamma_obeys_the_chain_rule():
    """KL(joint) = KL(tau marginals, gamma) + E_P[KL(x | tau)], the inner KL being that of
    two normals with variances 1/(lam tau); it is affine in tau, so E_P takes tau -> alpha/beta."""
    tau = sp.Symbol("tau", positive=True)
    cases = [((0, 1, 2, 1), (1, 2, 3, 2)), (("1/3", "1/2", "1/2", 2), (0, 1, 1, 1)), ((3, "1/100", 3, 1), (-3, "1/10", 3, 2))]
    for a, b in cases:
        a, b = [sp.sympify(v) for v in a], [sp.sympify(v) for v in b]
        joint = kl(dist("normal_gamma", mu=a[0], lam=a[1], alpha=a[2], beta=a[3]),
                   dist("normal_gamma", mu=b[0], lam=b[1], alpha=b[2], beta=b[3]))
        marginal = kl(dist("gamma", alpha=a[2], beta=a[3]), dist("gamma", alpha=b[2], beta=b[3]))
        mu_p, mu_q, s_p, s_q = sp.symbols("mu_p mu_q sigma_p sigma_q", positive=True)
        inner = kl("normal", "normal")
        inner = inner.subs({sp.Symbol("mu_p", real=True): a[0], sp.Symbol("mu_q", real=True): b[0],
                            sp.Symbol("sigma_p", positive=True): 1 / sp.sqrt(a[1] * tau),
                            sp.Symbol("sigma_q", positive=True): 1 / sp.sqrt(b[1] * tau)})
        inner = sp.expand(sp.expand_log(inner, force=True))
        assert sp.diff(inner, tau, 2) == 0  # affine in tau
        expected = marginal + inner.subs(tau, a[2] / a[3])
        assert abs(sp.N(joint - expected, 50)) < 1e-45
