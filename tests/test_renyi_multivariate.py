"""Rényi divergences of the multivariate families: the forms from the log-partition
(klsym.derive.renyi_vector) against the factorised oracle (klsym.oracle.factorised), the
textbook multivariate normal form, the limit alpha -> 1, monotonicity in alpha and the
natural-space conditions. The full check cases, orders 1/2 and 2 both ways, are in the
divergence store (tests/test_check.py); here a few fast ones at order 7/3 and 1/2."""

import math
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

import klsym
from klsym import dist
from klsym.crosscheck import cases_for
from klsym.records import registry
from klsym.derive.renyi import ORDER, derive_renyi
from klsym.derive.renyi_vector import ForEvery
from klsym.exact.renyi import divergence_answer
from klsym.oracle.coordinates import coordinates
from klsym.oracle.divergences import numeric_divergence
from klsym.oracle.factorised import check_separable
from klsym.oracle.limits import DivergentIntegralError, OracleLimitError
from klsym.oracle.multivariate import log_density_point

DIGITS = 25


def _value(expr: sp.Expr) -> mpmath.mpf:
    with mpmath.workdps(60):
        return mpmath.mpf(str(sp.N(expr, 60, maxn=2000)))


def _agree(p, q, kind, alpha):
    exact = divergence_answer(p, q, kind, alpha).value
    if exact == sp.oo:
        with pytest.raises(DivergentIntegralError):
            numeric_divergence(p, q, kind, alpha)
        return
    r = numeric_divergence(p, q, kind, alpha, dps=30)
    v = _value(exact)
    with mpmath.workdps(60):
        assert abs(v - r.value) <= abs(v) * mpmath.mpf(10) ** -DIGITS, (p, q, kind, alpha, v, r)
    assert r.digits >= DIGITS


#: (family, case label, kind, order): fast cases, the store holds the rest
FAST = [
    ("multivariate_normal", "d = 1 textbook", "renyi", "7/3"),
    ("multivariate_normal", "d = 2 correlated", "renyi", "7/3"),
    ("multivariate_normal", "d = 3 correlated", "renyi", "7/3"),  # +oo: Sigma_alpha not positive definite
    ("dirichlet", "K = 2 moderate", "hellinger", None),
    ("dirichlet", "K = 2 large alpha", "renyi", "7/3"),
    ("dirichlet", "K = 3 moderate", "renyi", "7/3"),  # +oo
    ("dirichlet", "K = 2 small alpha: both ends singular", "chi_square", None),  # +oo
    ("wishart", "d = 1 moderate", "renyi", "7/3"),
    ("wishart", "d = 1 huge scale, nu < 1", "renyi", "1/2"),
    ("inverse_wishart", "d = 1 moderate", "renyi", "7/3"),
    ("inverse_wishart", "d = 1 tiny scale", "bhattacharyya", None),
    ("normal_gamma", "moderate", "renyi", "1/2"),
    ("normal_gamma", "large shapes", "renyi", "7/3"),
    ("normal_gamma", "far apart", "chi_square", None),  # +oo
    ("normal_inverse_gamma", "moderate", "renyi", "7/3"),
    ("normal_inverse_gamma", "small shape: sigma2 heavy-tailed, no mean", "hellinger", None),
]


@pytest.mark.parametrize("family, label, kind, alpha", FAST)
def test_closed_form_against_the_factorised_oracle(family, label, kind, alpha):
    p, q = next((p, q) for p, q, l in cases_for(family) if l == label)
    _agree(p, q, kind, alpha)


def test_multivariate_normal_against_the_textbook_form():
    """Gil, Alajaji & Linder (2013), Table 1 / Pardo (2006): D_alpha = alpha/2 dmu^T Sigma_a^-1 dmu
    - log(det Sigma_a / (det Sigma_P^(1 - alpha) det Sigma_Q^alpha)) / (2 (alpha - 1)),
    Sigma_a = alpha Sigma_Q + (1 - alpha) Sigma_P (a test only: the library's form is from A)."""
    for p, q, _ in cases_for("multivariate_normal")[:5]:
        sp_, sq = sp.Matrix(p.params["Sigma"]), sp.Matrix(q.params["Sigma"])
        dmu = sp.Matrix(p.params["mu"]) - sp.Matrix(q.params["mu"])
        for a in (sp.Rational(1, 2), sp.Rational(3, 4), sp.Integer(2), sp.Rational(7, 3)):
            s_a = a * sq + (1 - a) * sp_
            ours = klsym.renyi(p, q, a)
            if not s_a.is_positive_definite:
                assert ours == sp.oo
                continue
            book = (a / 2 * (dmu.T * s_a.inv() * dmu)[0, 0]
                    - sp.log(s_a.det() / (sp_.det() ** (1 - a) * sq.det() ** a)) / (2 * (a - 1)))
            with mpmath.workdps(60):
                assert abs(_value(ours) - _value(book)) <= abs(_value(book)) * mpmath.mpf(10) ** -50


def test_alpha_to_one_is_kl_for_a_symbolic_bivariate_normal():
    """d = 2 with symbolic entries: L(1) = 0, so the limit of L/(alpha - 1) is L'(1), which must be KL."""
    a, b, c, e, f, g = sp.symbols("a b c e f g", positive=True)
    m1, m2, n1, n2 = sp.symbols("m1 m2 n1 n2", real=True)
    from klsym.records import registry
    from klsym.records.record import D
    from klsym.records.values import substitute_matrices

    fam = registry.get("multivariate_normal")
    sp_sym, sq_sym = fam.symbols_for("p"), fam.symbols_for("q")
    values = {D: 2, sp_sym["Sigma"]: sp.Matrix([[a, b], [b, c]]), sq_sym["Sigma"]: sp.Matrix([[e, f], [f, g]]),
              sp_sym["mu"]: sp.Matrix([m1, m2]), sq_sym["mu"]: sp.Matrix([n1, n2])}
    L, _ = substitute_matrices(derive_renyi("multivariate_normal").log_affinity, values, D)
    kl, _ = substitute_matrices(klsym.kl("multivariate_normal", "multivariate_normal"), values, D)
    def zero(e):  # each log's argument factored, then split: log((eg - f^2)/((ac - b^2)(eg - f^2))) = -log(ac - b^2)
        e = e.replace(lambda t: isinstance(t, sp.log), lambda t: sp.log(sp.factor(t.args[0])))
        return sp.simplify(sp.expand_log(e, force=True)) == 0

    assert zero(L.subs(ORDER, 1))
    assert zero(sp.diff(L, ORDER).subs(ORDER, 1) - kl)


@pytest.mark.parametrize("case", [0, 2, 3])
def test_renyi_is_non_decreasing_in_alpha(case):
    p, q, _ = cases_for("multivariate_normal")[case]
    orders = [sp.Rational(k, 8) for k in (1, 2, 4, 6, 7)] + [sp.Rational(k, 4) for k in (5, 6, 8, 9, 12)]
    values = [klsym.renyi(p, q, a) for a in orders]
    finite = [_value(v) for v in values if v != sp.oo]
    assert finite == sorted(finite) and len(finite) >= 5
    kl = _value(klsym.kl(p, q))
    assert _value(values[4]) <= kl <= _value(values[5])  # alpha = 7/8 < 1 < 5/4
    # once infinite, infinite for every larger order
    first = next((k for k, v in enumerate(values) if v == sp.oo), len(values))
    assert all(v == sp.oo for v in values[first:])


def test_symbolic_forms_state_the_natural_space():
    form = klsym.renyi("multivariate_normal", "multivariate_normal")
    assert isinstance(form, sp.Piecewise) and form.args[-1] == (sp.oo, True)
    assert form.args[0][1].function == sp.Q.positive_definite
    cond = klsym.renyi("dirichlet", "dirichlet").args[0][1]
    assert isinstance(cond, ForEvery)
    cond = derive_renyi("wishart").condition
    assert any(isinstance(c, sp.core.relational.Relational) for c in sp.And.make_args(cond))


def test_natural_space_decided_exactly_on_its_edge():
    # d = 1: alpha Sigma_P^-1 + (1 - alpha) Sigma_Q^-1 = 2/2 - 1 = 0 at alpha = 2: not positive definite
    p, q = dist("multivariate_normal", mu=[0], Sigma=[[2]]), dist("multivariate_normal", mu=[0], Sigma=[[1]])
    a = divergence_answer(p, q, "renyi", 2)
    assert a.value == sp.oo and "positive_definite" in a.reason
    assert klsym.renyi(p, q, "19/10").is_finite
    # d = 2: 2 Sigma_P^-1 - Sigma_Q^-1 singular (one zero eigenvalue) at exact rational entries
    p = dist("multivariate_normal", mu=[0, 0], Sigma=[[2, 0], [0, 1]])
    q = dist("multivariate_normal", mu=[1, 0], Sigma=[[1, 0], [0, "1/3"]])
    assert klsym.renyi(p, q, 2) == sp.oo
    with pytest.raises(DivergentIntegralError):
        numeric_divergence(p, q, "renyi", 2)
    # Dirichlet: 2 a_P[1] - a_Q[1] = 0
    a = divergence_answer(dist("dirichlet", alpha=[1, 2]), dist("dirichlet", alpha=[2, 2]), "renyi", 2)
    assert a.value == sp.oo and "ForEvery" in a.reason
    # Wishart: nu_alpha = 2*2 - 4 = 0 is not > d - 1 = 0
    assert klsym.renyi(dist("wishart", nu=2, V=[[1]]), dist("wishart", nu=4, V=[[1]]), 2) == sp.oo


def test_the_oracle_refuses_coordinates_that_do_not_separate():
    """P's Cholesky coordinates (the KL oracle's) do not separate log p - log q for a correlated Q."""
    p = dist("multivariate_normal", mu=[0, 0], Sigma=[[1, 0], [0, 1]])
    q = dist("multivariate_normal", mu=[1, 2], Sigma=[[2, 1], [1, 3]])
    with mpmath.workdps(45):
        c = coordinates(p, 45)

        def F(u):
            x = c.point(u)
            return log_density_point(p, x) - log_density_point(q, x)

        with pytest.raises(OracleLimitError, match="interact"):
            check_separable(c, F, 45)


def test_the_divergence_oracle_names_what_it_does_not_factorise():
    with pytest.raises(NotImplementedError, match="factorised"):
        numeric_divergence(dist("multinomial", n=3, p=["1/2", "1/2"]), dist("multinomial", n=3, p=["1/3", "2/3"]),
                           "renyi", "1/2")


def test_a_log_gamma_near_zero_is_kept_in_e_to_the_l():
    """SymPy's loggamma(1000001/1000000).is_zero is True (its 2-digit evalf is 0) and exp() drops such a
    term as it builds e^L: chi-square of the K = 10 near-equal Dirichlet pair came out 5.8e-7, not 1.5e-12."""
    p, q, _ = next(c for c in cases_for("dirichlet") if c[2] == "K = 10 near-equal")
    d2 = _value(klsym.renyi(p, q, 2))
    with mpmath.workdps(60):
        assert abs(_value(klsym.chi_square(p, q)) - mpmath.expm1(d2)) <= d2 * mpmath.mpf(10) ** -40



# ----------------------------------------------------------------------------- the multinomial
# The record states its affinity (A = 0 holds on the simplex only): n log sum_i p_i^alpha q_i^(1 - alpha).
# The second route is the definition: every count vector summed, its probabilities from factorials here
# (nothing of klsym's record or oracle), at 60 digits.

def _compositions(n: int, k: int):
    if k == 1:
        yield (n,)
        return
    for first in range(n + 1):
        for rest in _compositions(n - first, k - 1):
            yield (first, *rest)


def _pmf(n: int, p: list[Fraction], x: tuple[int, ...]) -> Fraction:
    out = Fraction(math.factorial(n))
    for xi, pi in zip(x, p):
        out = out / math.factorial(xi) * pi ** xi
    return out


def _by_enumeration(n_p, p, n_q, q, kind, alpha):
    """The divergence from sum over every count vector of p(x)^alpha q(x)^(1 - alpha) (0^a = 0 for a > 0)."""
    a = Fraction(alpha) if alpha is not None else Fraction(1, 2) if kind in ("bhattacharyya", "hellinger") else Fraction(2)
    with mpmath.workdps(60):
        total = mpmath.mpf(0)
        if n_p == n_q:
            for x in _compositions(n_p, len(p)):
                px, qx = _pmf(n_p, p, x), _pmf(n_q, q, x)
                if px == 0:
                    continue
                if qx == 0:
                    if a > 1:
                        return mpmath.inf
                    continue
                total += mpmath.mpf(px.numerator) / px.denominator * (
                    mpmath.mpf(qx.numerator * px.denominator) / (qx.denominator * px.numerator)) ** (1 - mpmath.mpf(a.numerator) / a.denominator)
        elif a > 1:
            return mpmath.inf
        am = mpmath.mpf(a.numerator) / a.denominator
        if kind == "hellinger":
            return mpmath.sqrt(1 - total)
        if total == 0:
            return mpmath.inf
        if kind == "renyi":
            return mpmath.log(total) / (am - 1)
        if kind == "bhattacharyya":
            return -mpmath.log(total)
        return total - 1  # chi_square


MULTINOMIAL_ROWS = [("renyi", "1/2"), ("renyi", 2), ("renyi", "7/3"), ("bhattacharyya", None), ("hellinger", None),
                    ("chi_square", None)]


@pytest.mark.parametrize("label", [label for _, _, label in cases_for("multinomial")])
def test_multinomial_affinity_against_every_count_vector(label):
    (p, q), = [(p, q) for p, q, lab in cases_for("multinomial") if lab == label]
    for a, b in ((p, q), (q, p)):
        for kind, alpha in MULTINOMIAL_ROWS:
            expected = _by_enumeration(int(a.params["n"]), [Fraction(str(v)) for v in a.params["p"]],
                                       int(b.params["n"]), [Fraction(str(v)) for v in b.params["p"]], kind,
                                       None if alpha is None else Fraction(str(alpha)))
            answer = divergence_answer(a, b, kind, alpha)
            if expected == mpmath.inf:
                assert answer.value == sp.oo and answer.reason, (a, b, kind, alpha, answer)
                continue
            v = _value(answer.value)
            with mpmath.workdps(60):
                assert abs(v - expected) <= max(abs(expected), mpmath.mpf(10) ** -30) * mpmath.mpf(10) ** -40, (
                    a, b, kind, alpha, v, expected)


def test_multinomial_and_categorical_forms_state_their_affinity():
    form = klsym.renyi("multinomial", "multinomial")
    assert form.has(sp.Sum) and {"n", "alpha"} <= {s.name for s in form.free_symbols}
    assert "n-fold" in registry.get("multinomial").affinity[1]
    one = dist("multinomial", n=1, p=["1/2", "1/3", "1/6"]), dist("multinomial", n=1, p=["1/4", "1/4", "1/2"])
    cat = dist("categorical", p=["1/2", "1/3", "1/6"]), dist("categorical", p=["1/4", "1/4", "1/2"])
    for alpha in ("1/2", 2, "7/3"):  # n = 1: the categorical law, whose value comes from its own exact sum
        assert abs(_value(klsym.renyi(*one, alpha)) - _value(klsym.renyi(*cat, alpha))) < mpmath.mpf(10) ** -50
