"""kl_float against a second route: the exact KL from klsym.kl, evaluated by SymPy term by
term and rounded to float64 exactly. kl_float uses interval arithmetic on the closed
form; this route uses sympy's own adaptive evalf of the substituted expression."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import klsym
from klsym import dist, kl_float
from klsym.derive import derive_kl
from klsym.exact.divergence import kl_answer
from klsym.verification.floats import kl_float_array, round_to_float
from klsym.verification.grid import PINNED, hard_grid
from klsym.verification.intervals import enclosure, settle, tails, value


class _Digamma(sp.Function):
    """ψ(x) evaluated numerically only: SymPy would expand ψ(10^6) into a harmonic number."""

    def _eval_evalf(self, prec):
        x = self.args[0]
        with mpmath.workprec(prec + 20):
            value = mpmath.psi(0, mpmath.mpf(int(x.p)) / int(x.q))
        return sp.Float._new(value._mpf_, prec)


class _LogGamma(sp.Function):
    """log Γ(x) evaluated numerically only (SymPy would try Γ(10^15) exactly)."""

    def _eval_evalf(self, prec):
        x = self.args[0]
        with mpmath.workprec(prec + 20):
            value = mpmath.loggamma(mpmath.mpf(int(x.p)) / int(x.q))
        return sp.Float._new(value._mpf_, prec)


def dps50_float(p, q) -> float:
    """KL by SymPy's adaptive evalf, rounded to float64 exactly (inf for +oo).

    Interior parameters: the closed form with the exact parameter values
    substituted; otherwise the exact value of klsym.divergence.kl_answer. Each
    term of the sum is evaluated to 400 digits and the terms are added by mpmath:
    SymPy's evalf of the whole sum can lose a tiny difference from 1 inside a log
    of a log (log(-log(1 - p)) for p = 1e-300) and return a wrong number.
    """
    rec = p.record
    interior = p.is_interior() and q.is_interior() and not any(par.vector for par in rec.params)
    if interior and all(p.params[f.name] == q.params[f.name] for f in rec.fixed_params):
        form = derive_kl(p.family).kl
        form = form.replace(lambda e: isinstance(e, sp.polygamma) and e.args[0] == 0, lambda e: _Digamma(e.args[1]))
        form = form.replace(lambda e: isinstance(e, sp.loggamma), lambda e: _LogGamma(e.args[0]))
        value = form.xreplace({**p.substitution("p"), **q.substitution("q")})
    else:
        value = kl_answer(p, q).value
    if value == sp.oo:
        return math.inf
    if value == 0:
        return 0.0
    with mpmath.workdps(420):
        total = mpmath.fsum(mpmath.mpf(sp.N(t, 400, maxn=4000)) for t in sp.Add.make_args(value))
    return round_to_float(total) + 0.0


def _subset(family: str, stride: int) -> list:
    """The pinned pairs and every stride-th grid pair (the CLI runs the full grid)."""
    grid = hard_grid(family)
    pinned = [c for c in grid if c[2] in {label for *_, label in PINNED.get(family, [])}]
    return pinned + grid[::stride]


def _slow_exact(family: str, p: dict, q: dict) -> bool:
    """Pairs the reference route would sum term by term over a huge support, or cannot do."""
    if family == "negative_binomial" and p["r"] != q["r"]:
        return True
    return family == "binomial" and (p["n"] > 1000 and (p["p"] in (0.0, 1.0) or q["p"] in (0.0, 1.0)))


CASES = [
    pytest.param(f, p, q, id=f"{f}-{label}-{i}")
    for f in klsym.families()
    if f in {"normal", "lognormal", "exponential", "gamma", "inverse_gamma", "beta", "chi_squared", "rayleigh",
             "half_normal", "inverse_gaussian", "bernoulli", "binomial", "poisson", "geometric",
             "negative_binomial", "categorical",
             # special functions (klsym.records.special) through their monotone interval rule
             "von_mises", "continuous_bernoulli", "zeta", "logarithmic"}
    for i, (p, q, label) in enumerate(_subset(f, 2))
    if not _slow_exact(f, p, q)
]


@pytest.mark.parametrize("family, p, q", CASES)
def test_kl_float_is_the_dps50_value_rounded(family, p, q):
    P, Q = dist(family, **p), dist(family, **q)
    expected = dps50_float(P, Q)
    got = kl_float(P, Q)
    assert got == expected, (
        f"kl_float({P}, {Q}) = {got!r}, SymPy at 50 digits rounds to {expected!r}"
    )
    assert math.copysign(1.0, got) > 0


@pytest.mark.parametrize(
    "family, p, q, expected",
    [
        ("bernoulli", {"p": 0.5}, {"p": 1e-20}, 22.33270374938051),
        ("geometric", {"p": 1e-20}, {"p": 2e-20}, 0.3068528194400547),
        ("poisson", {"lam": 0.0}, {"lam": 1.0}, 1.0),
        ("binomial", {"n": 50, "p": 1.0}, {"n": 50, "p": 0.5}, 34.657359027997266),
        ("poisson", {"lam": 1e12}, {"lam": 1e12 + 1}, 4.999999999996667e-13),
        ("normal", {"mu": 0.0, "sigma": 1.0}, {"mu": 1e-8, "sigma": 1.0}, 5.0000000000000005e-17),
    ],
)
def test_values_quoted_in_the_issue(family, p, q, expected):
    assert kl_float(dist(family, **p), dist(family, **q)) == expected


def test_absorbed_terms_are_not_lost():
    # log(1 - p) for p = 1e-300 is 0 at any precision below ~1000 bits; the interval must not settle early
    P, Q = dist("bernoulli", p=1e-300), dist("bernoulli", p=2e-300)
    assert kl_float(P, Q) == dps50_float(P, Q) == 3.068528194400547e-301
    G, H = dist("gamma", alpha=1e-300, beta=1e300), dist("gamma", alpha=1e-300, beta=1e-300)
    assert kl_float(G, H) == dps50_float(G, H)


def test_support_mismatch_is_inf_and_identical_is_plus_zero():
    assert kl_float(dist("bernoulli", p=0.5), dist("bernoulli", p=1.0)) == math.inf
    assert kl_float(dist("binomial", n=5, p=0.5), dist("binomial", n=3, p=0.5)) == math.inf
    zero = kl_float(dist("gamma", alpha=2.5, beta=1e-300), dist("gamma", alpha=2.5, beta=1e-300))
    assert zero == 0.0 and math.copysign(1.0, zero) == 1.0


def test_overflowing_kl_rounds_to_inf_not_nan():
    assert kl_float(dist("normal", mu=0.0, sigma=1e-300), dist("normal", mu=1e300, sigma=1.0)) == math.inf


@pytest.mark.parametrize("family, p, q", [
    ("von_mises", {"mu": 0.5, "kappa": 2.0}, {"mu": -1.0, "kappa": 30.0}),
    ("continuous_bernoulli", {"lam": 1e-300}, {"lam": 0.7}),
    ("zeta", {"s": 1.01}, {"s": 3.5}),
    ("logarithmic", {"p": 1e-300}, {"p": 0.9}),
])
def test_special_functions_are_enclosed_and_agree_with_the_numeric_oracle(family, p, q):
    from klsym.verification.floats import kl_enclosure

    P, Q = dist(family, **p), dist(family, **q)
    assert kl_enclosure(P, Q)[0] == "interval"
    assert kl_float(P, Q) == round_to_float(klsym.numeric_kl(P, Q, dps=40).value)


def test_no_closed_form_falls_back_to_the_numeric_oracle():
    P, Q = dist("negative_binomial", r=2.0, p=0.3), dist("negative_binomial", r=3.0, p=0.4)
    value = kl_float(P, Q)
    ref = klsym.numeric_kl(P, Q, dps=40)
    assert value == round_to_float(ref.value)


@pytest.mark.parametrize(
    "family, params, rule",
    [
        ("normal", {"mu": 0.0, "sigma": -1.0}, "sigma"),
        ("normal", {"mu": math.nan, "sigma": 1.0}, "mu"),
        ("bernoulli", {"p": 1.5}, "p"),
        ("poisson", {"lam": math.inf}, "lam"),
    ],
)
def test_invalid_parameters_raise_value_error_naming_the_parameter(family, params, rule):
    with pytest.raises(ValueError, match=rule):
        kl_float(dist(family, **params), dist(family, **params))


def test_symbolic_parameters_are_refused():
    mu = sp.Symbol("m", real=True)
    with pytest.raises(ValueError, match="must be a number"):
        kl_float(dist("normal", mu=mu, sigma=1), dist("normal", mu=0, sigma=1))


@pytest.mark.parametrize(
    "value, expected",
    [
        (Fraction(3, 2) * Fraction(1, 2**1074), 2 * 5e-324),  # a tie among subnormals: to even
        (Fraction(1, 2**1075), 0.0),  # half the smallest subnormal: tie to even (zero)
        (Fraction(1) + Fraction(1, 2**53), 1.0),  # tie to even
        (Fraction(1) + Fraction(3, 2**54), 1.0 + 2**-52),
        (Fraction(2) ** 1024, math.inf),
    ],
)
def test_round_to_float_is_exact(value, expected):
    assert round_to_float(sp.Rational(value.numerator, value.denominator)) == expected
    with mpmath.mp.workprec(2000):
        assert round_to_float(mpmath.mpf(value.numerator) / value.denominator) == expected


def test_array_convenience_broadcasts():
    out = kl_float_array("normal", {"mu": [[0.0], [1.0]], "sigma": 1.0}, {"mu": [0.0, 2.0, 3.0], "sigma": 1.0})
    assert out.shape == (2, 3)
    assert out[1, 2] == 2.0 and out[0, 0] == 0.0


@settings(deadline=None)
@given(
    st.floats(1e-12, 1e12),
    st.floats(1e-12, 1e12),
    st.floats(-1e-6, 1e-6),
)
def test_drawn_gamma_pairs_agree_with_dps50(alpha, beta, delta):
    P = dist("gamma", alpha=alpha, beta=beta)
    Q = dist("gamma", alpha=alpha * (1 + delta), beta=beta)
    assert kl_float(P, Q) == dps50_float(P, Q)


@settings(max_examples=30)
@given(st.fractions(-30, 30, max_denominator=50), st.fractions(-30, 30, max_denominator=50),
       st.fractions(-3, 3, max_denominator=7))
def test_erf_through_erfc_keeps_the_value(a, b, c):
    """klsym.verification.intervals.tails rewrites erf beyond ±1 through erfc, so that a
    difference of erf values far in one tail does not cancel; the value is the same, checked
    by mpmath at a precision above the cancellation."""
    a, b, c = (sp.Rational(x.numerator, x.denominator) for x in (a, b, c))
    expr = sp.erf(a * sp.sqrt(2)) - sp.erf(b * sp.sqrt(2)) + c * sp.erf(c)
    rewritten = tails(expr)
    assert not any(abs(float(x.args[0])) > 1 for x in rewritten.atoms(sp.erf))
    with mpmath.workdps(1500):
        exact = sp.lambdify([], expr, "mpmath")()
        assert mpmath.almosteq(sp.lambdify([], rewritten, "mpmath")(), exact, mpmath.mpf(10) ** -1400, mpmath.mpf(10) ** -1400)
    if a == b:
        return
    with mpmath.workdps(40):
        assert mpmath.almosteq(value(sp.log(abs(expr)) if expr != 0 else sp.Integer(0), 30),
                               mpmath.log(abs(exact)) if expr != 0 else 0, 10 ** -28)


def test_a_truncated_normals_far_tail_settles_at_the_first_precision():
    """The log of a difference of two erf values 10^−127 apart (the truncated normals of
    expr_value's example) is enclosed from erfc values at the first rung of the precision
    ladder: a difference of erf values would need about 450 bits more before it separates."""
    expr = sp.log(sp.erf(14 * sp.sqrt(2)) - sp.erf(12 * sp.sqrt(2)))
    rungs = []

    def count(ctx):
        rungs.append(ctx.prec)
        return enclosure(tails(expr), {}, ctx)

    with mpmath.workdps(60):
        got = settle(count, 30, lambda: "")
        truth = mpmath.log(mpmath.erfc(12 * mpmath.sqrt(2)) - mpmath.erfc(14 * mpmath.sqrt(2)))
    assert len(rungs) == 1 and abs(got - truth) < 10 ** -30 * abs(truth)
