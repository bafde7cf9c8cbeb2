"""Rényi, Bhattacharyya, Hellinger, chi-square and Jeffreys: closed forms (from the
log-partition) against the oracle (from the log-densities), limits and inequalities."""

import math
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given, reject, strategies as st

import klsym
from klsym import dist
from klsym.crosscheck import cases_for
from klsym.derive.renyi import KNOWN_UNSOLVED_AFFINITIES, ORDER, affinity_integral, derive_renyi
from klsym.exact.renyi import divergence_answer, read_order
from klsym.oracle.divergences import numeric_divergence
from klsym.oracle.limits import DivergentIntegralError, OracleLimitError
from klsym.records import registry
from klsym.strategies import kl_pairs
from klsym.verification.intervals import expr_value

#: univariate exponential families with scalar natural parameters (the Rényi forms of this engine)
SCALAR_EF = [n for n in registry.names() if registry.get(n).ef is not None and not registry.get(n).multivariate
             and registry.get(n).ef.index is None and registry.get(n).ef.mean_T is None]
DIGITS = 25


def _evaluate(value: sp.Expr) -> mpmath.mpf:
    """The exact value to 60 digits by SymPy's evalf, each log (and log1p) of a rational number
    first put in at 400 digits by mpmath (evalf takes log(1 - 10^-300) for log(1) = 0)."""
    from sympy.codegen.cfunctions import log1p

    def exact_log(e):
        r = e.args[0]
        with mpmath.workdps(400):
            v = mpmath.log(mpmath.mpf(r.p) / r.q) if isinstance(e, sp.log) else mpmath.log1p(mpmath.mpf(r.p) / r.q)
            return sp.Float(v, 400)

    value = value.replace(lambda e: isinstance(e, (sp.log, log1p)) and e.args[0].is_Rational, exact_log)
    with mpmath.workdps(60):
        return mpmath.mpf(str(sp.N(value, 60, maxn=2000)))


def _close(value: sp.Expr, r) -> None:
    exact = _evaluate(value)
    with mpmath.workdps(60):
        assert abs(exact - r.value) <= max(abs(exact), mpmath.mpf(10) ** -300) * mpmath.mpf(10) ** -DIGITS, (exact, r)
    assert r.digits >= DIGITS


# Closed form against the oracle at every check case, for every family and divergence: the
# divergence store (tests/test_check.py, `klsym check --divergence all`; recomputed in the live lane).


def test_families_covered():
    assert len(SCALAR_EF) >= 25
    for name in ("categorical", "dirichlet", "multivariate_normal", "cauchy"):
        assert name not in SCALAR_EF


@pytest.mark.parametrize("family", ["normal", "exponential", "poisson", "gamma"])
def test_alpha_to_one_is_kl(family):
    d = derive_renyi(family)
    limit = sp.limit(d.log_affinity / (ORDER - 1), ORDER, 1)
    kl = klsym.kl(family, family)
    # log Γ(a) for Γ(a) > 0 (a > 0): SymPy's limit writes log(gamma(a)) where the form has loggamma(a)
    diff = sp.expand_log(sp.expand_func(limit - kl), force=True).replace(
        lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.gamma), lambda e: sp.loggamma(e.args[0].args[0]))
    assert sp.simplify(diff) == 0
    assert d.condition.xreplace({ORDER: 1}) is sp.true


def test_normal_condition_for_alpha_above_one():
    # alpha sigma_q^2 + (1 - alpha) sigma_p^2 = 3 - 8 < 0: the integral of p^3 q^-2 is infinite
    p, q = dist("normal", mu=0, sigma=2), dist("normal", mu=1, sigma=1)
    a = divergence_answer(p, q, "renyi", 3)
    assert a.value == sp.oo and "natural parameter space" in a.reason
    with pytest.raises(DivergentIntegralError, match="alpha = 3 > 1"):
        numeric_divergence(p, q, "renyi", 3)
    # on the boundary (= 0) it is infinite too; just inside, finite
    assert klsym.renyi(dist("normal", mu=0, sigma=2), dist("normal", mu=0, sigma=1), "4/3") == sp.oo
    assert klsym.renyi(dist("normal", mu=0, sigma=2), dist("normal", mu=0, sigma=1), "5/4").is_finite
    form = klsym.renyi("normal", "normal")
    assert isinstance(form, sp.Piecewise) and form.args[-1] == (sp.oo, True)


def test_stated_natural_space_is_used():
    # nakagami: m_alpha = 3/2 - 1 = 1/2 ... m >= 1/2 is a convention, the integral is finite for m_alpha > 0
    p, q = dist("nakagami", m=1, omega=1), dist("nakagami", m="3/2", omega=1)
    a = divergence_answer(p, q, "renyi", "3/2")
    assert a.value.is_finite  # m_alpha = 3/4
    a = divergence_answer(p, q, "renyi", "5/2")  # m_alpha = 5/2 - 9/4 = 1/4 < 1/2, still finite
    assert a.value.is_finite
    _close(a.value, numeric_divergence(p, q, "renyi", "5/2"))


def test_boundary_and_finite_supports():
    assert klsym.hellinger(dist("bernoulli", p=0), dist("bernoulli", p=1)) == 1
    assert klsym.renyi(dist("bernoulli", p=0), dist("bernoulli", p=1), "1/2") == sp.oo
    a = divergence_answer(dist("bernoulli", p="1/3"), dist("bernoulli", p=0), "renyi", 2)
    assert a.value == sp.oo and "q^(1 - alpha) = +oo" in a.reason
    # M = sqrt(2/3) * 1 (x = 1 has q = 0: no term for alpha < 1), D = log M / (1/2 - 1) = log(3/2)
    assert klsym.renyi(dist("bernoulli", p="1/3"), dist("bernoulli", p=0), "1/2") == sp.log(sp.Rational(3, 2))
    # categorical with a zero: the defining sum
    p, q = dist("categorical", p=["1/2", "1/2", 0]), dist("categorical", p=["1/4", "1/4", "1/2"])
    assert klsym.renyi(p, q, 2) == sp.log(2)


def test_cauchy_affinity_stated():
    """Two Cauchy laws: chi-square is Nielsen and Okamura's invariant chi itself, D_2 = log(1 + chi),
    and the stated Legendre function against the oracle at orders the store does not hold."""
    p, q = dist("cauchy", x0=0, gamma=1), dist("cauchy", x0=3, gamma=2)
    chi = sp.Rational((0 - 3) ** 2 + (1 - 2) ** 2, 2 * 1 * 2)
    assert klsym.chi_square(p, q) == chi
    assert klsym.renyi(p, q, 2) == sp.log(1 + chi)
    for a, b, order in ((p, q, "7/3"), (q, dist("cauchy", x0="-1/3", gamma="1/10"), "3/10")):
        _close(klsym.renyi(a, b, order), numeric_divergence(a, b, "renyi", order))
    form = klsym.renyi("cauchy", "cauchy")
    assert form.free_symbols == {ORDER, *sp.symbols("x0_p x0_q", real=True),
                                 *sp.symbols("gamma_p gamma_q", positive=True)}


def test_refusals():
    with pytest.raises(NotImplementedError, match="poisson ‖ negative_binomial.*long support"):
        klsym.renyi(dist("poisson", lam=1), dist("negative_binomial", r=2, p="1/2"), 2)
    with pytest.raises(NotImplementedError, match="fixed parameter"):
        klsym.renyi(dist("weibull", k=1, lam=1), dist("weibull", k=2, lam=1), 2)
    with pytest.raises(NotImplementedError, match="gumbel"):
        klsym.renyi(dist("gumbel", mu=0, beta=1), dist("gumbel", mu=1, beta=2), "1/2")
    for bad in (1, 0, -1, "1", "x"):
        with pytest.raises(ValueError, match="alpha"):
            read_order(bad)
    with pytest.raises(ValueError, match="alpha"):
        divergence_answer(dist("normal", mu=0, sigma=1), dist("normal", mu=0, sigma=2), "bhattacharyya", 2)
    with pytest.raises(ValueError, match="alpha"):
        klsym.renyi(dist("normal", mu=0, sigma=1), dist("normal", mu=0, sigma=2))


@pytest.mark.parametrize("p, q", [
    (dist("uniform", a=0, b=1), dist("uniform", a="-1/2", b=2)),      # P inside Q
    (dist("uniform", a="-1/2", b=2), dist("uniform", a=0, b=1)),      # Q inside P: finite only for alpha < 1
    (dist("pareto", xm=2, alpha=3), dist("pareto", xm=1, alpha=2)),
    (dist("pareto", xm=1, alpha=3), dist("pareto", xm=2, alpha=2)),
    (dist("laplace", mu=0, b=1), dist("laplace", mu=1, b=2)),          # two kinks
    (dist("laplace", mu="-3", b="1/2"), dist("laplace", mu=2, b=3)),
])
def test_moving_supports_and_kinks_by_sympys_integral(p, q):
    """The affinity as SymPy's integral over the common support, split at the kinks, against the
    oracle (P or Q as the measure, whichever support lies in the other); +oo for alpha > 1 when
    P has mass outside Q's support, on both routes."""
    for kind, alpha in (("renyi", "1/2"), ("renyi", 2), ("renyi", "7/3"), ("hellinger", None), ("chi_square", None)):
        a = divergence_answer(p, q, kind, alpha)
        assert a.method.startswith("closed form (SymPy's integral")
        if a.value == sp.oo:
            assert "outside Q's support" in a.reason
            with pytest.raises(DivergentIntegralError, match="outside Q's support"):
                numeric_divergence(p, q, kind, alpha)
        else:
            _close(a.value, numeric_divergence(p, q, kind, alpha, dps=30))


def test_disjoint_and_unnested_supports():
    p, q = dist("uniform", a=0, b=1), dist("uniform", a=2, b=3)
    assert klsym.renyi(p, q, "1/2") == sp.oo and klsym.hellinger(p, q) == 1
    p, q = dist("uniform", a=0, b=2), dist("uniform", a=1, b=3)  # overlapping, not nested
    assert klsym.renyi(p, q, "1/2") == 2 * sp.log(2) and klsym.renyi(p, q, 2) == sp.oo  # M = 1/2 on [1, 2]
    with pytest.raises(NotImplementedError, match="overlap without nesting"):
        numeric_divergence(p, q, "renyi", "1/2")


def test_exact_inputs_for_alpha():
    p, q = dist("exponential", lam=1), dist("exponential", lam=3)
    values = {klsym.renyi(p, q, a) for a in (Fraction(1, 3), "1/3", sp.Rational(1, 3))}
    assert len(values) == 1
    a = sp.Symbol("a", positive=True)
    assert sp.simplify(klsym.renyi(p, q, a).subs(a, sp.Rational(1, 3)) - values.pop()) == 0
    # a float, Python's or SymPy's, is the exact binary number it holds: no Float in the result
    assert klsym.renyi(p, q, sp.Float(0.5)) == klsym.renyi(p, q, 0.5) == klsym.renyi(p, q, "1/2")
    assert not klsym.renyi(p, q, sp.Float(0.1)).has(sp.Float)


def test_a_stated_affinity_for_shared_parameters_only():
    """The Moyal record states its affinity for P and Q sharing sigma (written without a suffix):
    with different sigma the pair is refused with that reason, at alpha > 1 the stated condition
    decides +oo, and the symbolic form keeps sigma shared."""
    form = klsym.renyi("moyal", "moyal")
    names = {s.name for s in form.free_symbols}
    assert "sigma" in names and not {"sigma_p", "sigma_q"} & names
    with pytest.raises(NotImplementedError, match="sharing sigma only"):
        klsym.renyi(dist("moyal", mu=0, sigma=1), dist("moyal", mu=0, sigma=2), "1/2")
    p, q = dist("moyal", mu=0, sigma=1), dist("moyal", mu=1, sigma=1)
    assert klsym.renyi(p, q, 2) == sp.oo  # 2 e^0 - e^1 < 0
    assert "the stated affinity is +oo at alpha = 2" in klsym.divergence_reason(p, q, "renyi", 2)
    assert klsym.renyi(q, p, 2) != sp.oo  # 2 e^1 - e^0 > 0
    _close(klsym.renyi(q, p, 2), numeric_divergence(q, p, "renyi", 2))


def test_divergence_reason():
    p, q = dist("uniform", a=0, b=2), dist("uniform", a=0, b=1)
    assert klsym.divergence_reason(q, p, "renyi", 2) is None
    assert "outside Q's support" in klsym.divergence_reason(p, q, "renyi", 2)
    assert klsym.divergence_reason(p, q, "hellinger") is None  # finite, though KL(P‖Q) is +oo
    assert klsym.divergence_reason(p, q, "kl") == klsym.infinite_reason(p, q)
    assert klsym.divergence_reason(p, q, "jeffreys").startswith("KL(P ‖ Q) is +oo: ")
    assert klsym.divergence_reason(q, p, "jeffreys").startswith("KL(Q ‖ P) is +oo: ")


def test_jeffreys():
    p, q = dist("gamma", alpha=2, beta=1), dist("gamma", alpha=3, beta=2)
    assert sp.simplify(klsym.jeffreys(p, q) - klsym.kl(p, q) - klsym.kl(q, p)) == 0
    _close(klsym.jeffreys(p, q), numeric_divergence(p, q, "jeffreys"))


def _num(x) -> float:
    """An exact value as a float, by interval arithmetic where it has rules: SymPy's evalf gives
    22.7 for a truncated normal's Rényi ½ of 3.03 (:func:`klsym.verification.intervals.expr_value`)."""
    return float(expr_value(x, 20))


def test_a_difference_of_erf_next_to_1_is_valued_by_intervals():
    """The Bhattacharyya distance of two truncated normals on [−1, 0] with Q's mean 24 of its sigmas
    to the right: the form holds log(erf(14√2) − erf(12√2)), and SymPy's evalf gives 4.08 where the
    oracle and the interval value agree on 1.5139 to 28 digits (the draw that found it)."""
    p = dist("truncated_normal", mu=0, sigma=1, a=-1, b=0)
    q = dist("truncated_normal", mu=6, sigma="1/4", a=-1, b=0)
    bh = klsym.bhattacharyya(p, q)
    with mpmath.workdps(40):
        closed = expr_value(bh, 30)
        oracle = numeric_divergence(p, q, "bhattacharyya", None, dps=30).value
        assert abs(closed - oracle) <= mpmath.mpf(10) ** -28 * closed
        assert abs(expr_value(klsym.renyi(p, q, "1/2"), 30) - 2 * closed) <= mpmath.mpf(10) ** -28 * closed


#: families with no divergence form across parameters (every draw would be rejected)
NO_DIVERGENCES = tuple(sorted(KNOWN_UNSOLVED_AFFINITIES))
#: families with no Rényi form at all: outside the exponential class, no stated affinity, and no integral to
#: try (the Dirichlet-multinomial's affinity is a sum over count vectors)
NO_RENYI_FORM = ("dirichlet_multinomial", "multivariate_hypergeometric", "triangular")
#: every other family (the property test needs no oracle)
INEQUALITY_FAMILIES = [n for n in registry.names() if n not in NO_DIVERGENCES + NO_RENYI_FORM]


@pytest.mark.parametrize("family", NO_RENYI_FORM)
def test_the_families_without_a_renyi_form_say_so(family):
    p, q, _ = cases_for(family)[0]
    with pytest.raises(NotImplementedError, match="no Rényi form is derived"):
        klsym.renyi(p, q, sp.Rational(1, 2))


@pytest.mark.parametrize("family", NO_DIVERGENCES)
def test_the_families_left_out_of_the_inequalities_have_no_divergence_form(family):
    p, q, _ = cases_for(family)[0]
    with pytest.raises(NotImplementedError, match="no closed form"):
        klsym.renyi(p, q, Fraction(1, 2))


@pytest.mark.live
@pytest.mark.parametrize("family", NO_DIVERGENCES)
def test_known_unsolved_affinities_are_still_unsolved(family):
    """The families refused at once are tried in full here, at two check cases and both orders."""
    for p, q, _ in cases_for(family)[:2]:
        for order in (sp.Rational(1, 2), sp.Integer(2)):
            value, why = affinity_integral(p, q, order, known=False)
            assert value is None, f"{family}: SymPy now finds the affinity at {p}, {q}, {order}: {value}"


def _shared(family: str) -> tuple[str, ...]:
    """The free parameters P and Q must share for the record's stated affinity (the Moyal laws' sigma)."""
    return derive_renyi(family).shared if registry.get(family).affinity is not None else ()


@pytest.mark.rotating(4)  # four families a day; every family in the live lane
@pytest.mark.parametrize("family", INEQUALITY_FAMILIES)
@given(data=st.data(), a=st.sampled_from([Fraction(1, 3), Fraction(1, 2), Fraction(3, 2), 2]),
       b=st.sampled_from([Fraction(1, 4), Fraction(2, 3), Fraction(5, 4), 3]))
def test_inequalities(family, data, a, b):
    """D_alpha >= 0 and non-decreasing in alpha (van Erven & Harremoës 2014, Theorems 3 and 8);
    D_1/2 symmetric (their Proposition 2, skew symmetry: D_alpha(P‖Q) = alpha/(1 - alpha)
    D_(1-alpha)(Q‖P)); the Hellinger distance a real number in [0, 1]; Bhattacharyya <= KL/2,
    since D_1/2 <= D_1 = KL by the same monotonicity (Theorem 3); chi-square = exp(D_2) - 1 >=
    exp(KL) - 1 (D_2 >= D_1, the same theorem). (Bhattacharyya = D_1/2 / 2 and the Hellinger
    distance from the same log-affinity hold by construction, klsym.exact.affinity.from_affinity:
    not tested here.) A draw with no exact divergence (SymPy's integral finds no form) is
    rejected; a family whose every draw is refused fails hypothesis's health check."""
    p, q = data.draw(kl_pairs(family, max_magnitude=6))
    if _shared(family):
        q = dist(family, **{**q.params, **{n: p.params[n] for n in _shared(family)}})
    lo, hi = sorted((a, b))
    try:
        d_lo, d_hi = klsym.renyi(p, q, lo), klsym.renyi(p, q, hi)
        half, half_back = klsym.renyi(p, q, Fraction(1, 2)), klsym.renyi(q, p, Fraction(1, 2))
        h, bh, chi2 = klsym.hellinger(p, q), klsym.bhattacharyya(p, q), klsym.chi_square(p, q)
    except NotImplementedError:
        reject()
    slack = 1e-12
    assert _num(d_lo) >= -slack
    if d_hi != sp.oo:
        assert _num(d_lo) <= _num(d_hi) * (1 + slack) + slack
    if half != sp.oo:
        assert abs(_num(half) - _num(half_back)) <= slack * (1 + abs(_num(half)))
    else:
        assert half_back == sp.oo
    assert -slack <= _num(h) <= 1 + slack
    kl = _num(klsym.kl(p, q))
    assert _num(bh) <= kl / 2 * (1 + slack) + slack
    if chi2 != sp.oo:
        assert _num(chi2) >= math.expm1(min(kl, 700.0)) * (1 - slack) - slack


# ------------------------------------------------------------------ correctly rounded float64
@pytest.mark.parametrize("p, q, kind, alpha", [
    (dist("normal", mu=0.0, sigma=1.0), dist("normal", mu=1.0, sigma=1.0), "chi_square", None),     # e - 1
    (dist("normal", mu=0.0, sigma=1.0), dist("normal", mu=0.1, sigma=1.5), "renyi", "1/3"),
    (dist("gamma", alpha=2.5, beta=1.0), dist("gamma", alpha=3.0, beta=0.5), "hellinger", None),
    (dist("poisson", lam=3.0), dist("poisson", lam=4.0), "bhattacharyya", None),
    (dist("exponential", lam=1.0), dist("exponential", lam=1.0 + 2**-40), "renyi", 2),              # tiny: cancellation
    (dist("beta", alpha=2.0, beta=3.0), dist("beta", alpha=0.5, beta=0.5), "jeffreys", None),
    (dist("normal", mu=0.0, sigma=1.0), dist("laplace", mu=0.0, b=1.0), "hellinger", None),          # two families
])
def test_divergence_float_is_the_oracles_rounding_too(p, q, kind, alpha):
    """The float64 from the closed form (interval arithmetic) and the one from the oracle (its error
    bound deciding the rounding) are each correctly rounded, so they are the same number."""
    from klsym.verification.floats import oracle_float

    closed = klsym.divergence_float(p, q, kind, alpha)
    oracle = oracle_float(p, q, kind, alpha)
    assert closed == oracle and closed > 0, (closed, oracle)


def test_divergence_float_refuses_and_infinities():
    p, q = dist("normal", mu=0, sigma=2), dist("normal", mu=0, sigma=1)
    assert klsym.divergence_float(p, q, "renyi", 5) == float("inf")
    assert klsym.divergence_float(p, p, "hellinger") == 0.0
    assert klsym.divergence_float(p, q, "kl") == klsym.kl_float(p, q)
    with pytest.raises(ValueError, match="kind"):
        klsym.divergence_float(p, q, "total_variation")
    with pytest.raises(ValueError, match="alpha"):
        klsym.divergence_float(p, q, "renyi", 1)


# ----------------------------------------------------------------------------- two different families
#: (P, Q) of two different univariate families: SymPy's integral of p^alpha q^(1 - alpha) (continuous) or
#: the exact sum over a short support (discrete), against the oracle; the live lane takes more of them
TWO_FAMILIES = [
    (("beta", {"alpha": 2, "beta": 3}), ("uniform", {"a": 0, "b": 1})),
    (("binomial", {"n": 6, "p": "1/3"}), ("discrete_uniform", {"a": 0, "b": 8})),
]
TWO_FAMILIES_LIVE = [
    (("normal", {"mu": 0, "sigma": 1}), ("laplace", {"mu": 1, "b": 2})),
    (("half_normal", {"sigma": 1}), ("exponential", {"lam": 1})),
    (("normal", {"mu": 0, "sigma": 1}), ("cauchy", {"x0": 0, "gamma": 1})),
    (("exponential", {"lam": 2}), ("gamma", {"alpha": 3, "beta": 1})),
    (("exponential", {"lam": 1}), ("lomax", {"alpha": 3, "lam": 2})),
    (("uniform", {"a": 0, "b": 1}), ("beta", {"alpha": 2, "beta": 3})),
    (("binomial", {"n": 10, "p": "1/2"}), ("poisson", {"lam": 5})),
    (("laplace", {"mu": "1/3", "b": "1/2"}), ("normal", {"mu": 0, "sigma": 2})),
]


def _two_family_rows(p, q, rows=(("renyi", "1/2"), ("renyi", 2), ("hellinger", None), ("chi_square", None))):
    a, b = dist(p[0], **p[1]), dist(q[0], **q[1])
    for kind, alpha in rows:
        try:
            exact = divergence_answer(a, b, kind, alpha)
        except NotImplementedError as e:  # SymPy finds no closed form: the oracle must still answer
            assert "SymPy" in str(e) or "long support" in str(e), e
            continue
        if exact.value == sp.oo:
            with pytest.raises(DivergentIntegralError):
                numeric_divergence(a, b, kind, alpha)
            assert exact.reason
            continue
        r = numeric_divergence(a, b, kind, alpha, dps=30)
        v = _evaluate(exact.value)
        with mpmath.workdps(60):
            assert abs(v - r.value) <= abs(v) * mpmath.mpf(10) ** -DIGITS, (a, b, kind, alpha, v, r)


@pytest.mark.parametrize("p, q", TWO_FAMILIES, ids=[f"{p[0]}-{q[0]}" for p, q in TWO_FAMILIES])
def test_two_families_against_the_oracle(p, q):
    _two_family_rows(p, q, (("renyi", "1/2"), ("renyi", 2)))
    _two_family_rows(q, p, (("renyi", "1/2"), ("renyi", 2)))


@pytest.mark.live
@pytest.mark.parametrize("p, q", TWO_FAMILIES_LIVE, ids=[f"{p[0]}-{q[0]}" for p, q in TWO_FAMILIES_LIVE])
def test_more_pairs_of_two_families_against_the_oracle(p, q):
    _two_family_rows(p, q)
    _two_family_rows(q, p)


def test_a_discrete_and_a_continuous_law_are_mutually_singular():
    p, q = dist("poisson", lam=2), dist("normal", mu=0, sigma=1)
    for a, b in ((p, q), (q, p)):
        for kind, alpha in (("renyi", "1/2"), ("renyi", 3), ("bhattacharyya", None), ("chi_square", None)):
            answer = divergence_answer(a, b, kind, alpha)
            assert answer.value == sp.oo and "mutually" in answer.method and "0 everywhere" in answer.reason
        assert klsym.hellinger(a, b) == 1


def test_two_families_refuse_a_symbolic_order_and_what_sympy_cannot_integrate():
    p, q = dist("exponential", lam=2), dist("gamma", alpha=3, beta=1)
    with pytest.raises(NotImplementedError, match="numeric order"):
        divergence_answer(p, q, "renyi", ORDER)
    # p^2/q ~ x^-2 e^(-3 x) at 0: SymPy finds the integral infinite, and so +oo, with the reason
    answer = divergence_answer(p, q, "renyi", 2)
    assert answer.value == sp.oo and "is +oo at alpha = 2 > 1" in answer.reason
    with pytest.raises(NotImplementedError, match="no closed form for the integral"):  # SymPy leaves an integral
        divergence_answer(dist("normal", mu=0, sigma=1), dist("logistic", mu=0, s=1), "renyi", "1/2")
