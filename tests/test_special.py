"""Special functions of klsym.records.special: exact values, derivatives, evalf against
direct mpmath definitions at high precision, float64 evaluation over wide ranges;
and what they give the continuous Bernoulli, von Mises and zeta families."""

import math

import mpmath
import pytest
import sympy as sp

from klsym import dist, entropy, kl, kl_float
from klsym.records.special import besseli_ratio, langevin, log_besseli0, log_zeta, logsinhc, zeta_logderiv

z = sp.Symbol("z", real=True)


def _reference(name, v):
    """The defining formula at 300 digits (cancellation near 0 is then harmless)."""
    with mpmath.workdps(300):
        v = mpmath.mpf(v)
        return {
            "logsinhc": lambda: mpmath.log(mpmath.sinh(v) / v),
            "langevin": lambda: mpmath.coth(v) - 1 / v,
            "log_besseli0": lambda: mpmath.log(mpmath.besseli(0, v)),
            "besseli_ratio": lambda: mpmath.besseli(1, v) / mpmath.besseli(0, v),
            "log_zeta": lambda: mpmath.log(mpmath.zeta(v)),
            "zeta_logderiv": lambda: mpmath.zeta(v, 1, 1) / mpmath.zeta(v),
        }[name]()


FUNCS = {f.__name__: f for f in (logsinhc, langevin, log_besseli0, besseli_ratio, log_zeta, zeta_logderiv)}
POINTS = {
    "logsinhc": ["1e-12", "-1e-3", "0.7", "5", "-40", "1000"],
    "langevin": ["1e-12", "-1e-3", "0.7", "5", "-40", "1000"],
    "log_besseli0": ["1e-8", "0.5", "3", "700", "1e5"],
    "besseli_ratio": ["1e-8", "0.5", "3", "700", "1e5"],
    "log_zeta": ["1.00000001", "1.05", "2", "20", "150"],
    "zeta_logderiv": ["1.00000001", "1.05", "2", "20", "150"],
}


@pytest.mark.parametrize("name", sorted(FUNCS))
def test_evalf_matches_the_definition_to_40_digits(name):
    for v in POINTS[name]:
        got = sp.N(FUNCS[name](sp.Rational(v)), 45)
        ref = _reference(name, sp.Rational(v))
        with mpmath.workdps(60):
            assert abs(mpmath.mpf(str(got)) - ref) <= mpmath.mpf(10) ** -40 * abs(ref), (name, v, got, ref)


@pytest.mark.parametrize("name", sorted(FUNCS))
def test_monotonicity_the_interval_rule_relies_on(name):
    """kl_float encloses f over an interval by its values at the ends (klsym.verification.floats)."""
    f = FUNCS[name]
    if f._parity is None:  # on the domain s > 1
        points = [1 + sp.Rational(1, 10**k) for k in range(8, 0, -1)] + [sp.Rational(k, 4) for k in range(5, 400)]
    else:  # on z > 0 (the parity gives the rest)
        points = [sp.Rational(1, 10**k) for k in range(12, 0, -1)] + [sp.Rational(k, 4) for k in range(1, 400)]
    values = [_reference(name, v) for v in points]
    steps = [b - a for a, b in zip(values, values[1:])]
    assert all((s > 0) if f._increasing else (s < 0) for s in steps), name


@pytest.mark.parametrize("name", sorted(FUNCS))
def test_float64_evaluation_is_accurate_and_finite(name):
    f = sp.lambdify(z, FUNCS[name](z), modules=["math"])
    for v in POINTS[name]:
        x = float(v)
        ref = float(_reference(name, sp.Rational(*x.as_integer_ratio())))  # at the float's exact value
        assert math.isclose(f(x), ref, rel_tol=1e-14), (name, v)
    if name in ("logsinhc", "langevin", "log_besseli0", "besseli_ratio"):
        for v in (1e-300, 1e300, -1e300):
            assert math.isfinite(f(v)), (name, v)


def test_exact_values_and_symmetry():
    for f in (logsinhc, langevin, log_besseli0, besseli_ratio):
        assert f(0) == 0
    assert logsinhc(-z) == logsinhc(z) and log_besseli0(-z) == log_besseli0(z)
    assert langevin(-z) == -langevin(z) and besseli_ratio(-z) == -besseli_ratio(z)
    # SymPy reports atanh(r).is_zero as True for r near 1: the value must not collapse to 0
    assert sp.N(logsinhc(sp.atanh(sp.Rational(4999999999, 5000000000))), 10) > 8


def test_derivatives_are_the_stated_functions_and_agree_numerically():
    assert logsinhc(z).diff(z) == langevin(z)
    assert log_besseli0(z).diff(z) == besseli_ratio(z)
    assert log_zeta(z).diff(z) == zeta_logderiv(z)
    with mpmath.workdps(40):
        for f, df, x in ((logsinhc, langevin, "0.3"), (langevin, None, "2.5"), (log_besseli0, besseli_ratio, "4"),
                         (besseli_ratio, None, "4"), (log_zeta, zeta_logderiv, "2.5")):
            numeric = mpmath.diff(lambda t: f._mp(t), mpmath.mpf(x))
            symbolic = f(z).diff(z).subs(z, sp.Rational(x))
            assert abs(numeric - mpmath.mpf(str(sp.N(symbolic, 40)))) < mpmath.mpf(10) ** -30, f


def test_continuous_bernoulli_at_one_half_is_exact():
    half = dist("continuous_bernoulli", lam="1/2")
    assert kl(half, half) == 0
    assert entropy(half) == 0  # the uniform density on [0, 1]
    near = dist("continuous_bernoulli", lam="1/2+1/10^9")
    value = sp.N(kl(half, near), 30)
    assert 6.66e-19 < value < 6.67e-19  # (eta/2)^2 / 6 to leading order, eta = 4e-9 + ...


def test_continuous_bernoulli_form_is_finite_in_float64_everywhere():
    form = kl("continuous_bernoulli", "continuous_bernoulli")
    syms = sorted(form.free_symbols, key=str)
    f = sp.lambdify(syms, form, modules=["math"])
    grid = [1e-300, 1e-10, 0.25, 0.5 - 1e-12, 0.5, 0.5 + 1e-12, 0.75, 1 - 1e-10, 1 - 2**-53]
    for a in grid:
        for b in grid:
            assert math.isfinite(f(a, b)), (a, b)


def test_von_mises_form_is_tidy():
    form = kl("von_mises", "von_mises")
    assert not any(isinstance(e, sp.Pow) and e.exp == sp.S.Half for e in sp.preorder_traversal(form))
    assert form.has(besseli_ratio) and form.has(log_besseli0)
    kp, kq, mp_, mq = (sp.Symbol(n, **a) for n, a in (("kappa_p", {"positive": True}), ("kappa_q", {"positive": True}),
                                                        ("mu_p", {"real": True}), ("mu_q", {"real": True})))
    expected = (kp - kq * sp.cos(mp_ - mq)) * besseli_ratio(kp) - log_besseli0(kp) + log_besseli0(kq)
    assert sp.simplify(form - expected) == 0


def test_zeta_entropy_is_closed():
    assert not entropy("zeta").has(sp.Sum)
    with mpmath.workdps(50):
        s = mpmath.mpf(3)
        ref = mpmath.log(mpmath.zeta(s)) - s * mpmath.zeta(s, 1, 1) / mpmath.zeta(s)
        assert abs(mpmath.mpf(str(sp.N(entropy(dist("zeta", s=3)), 45))) - ref) < mpmath.mpf(10) ** -40


@pytest.mark.parametrize(
    "family, p, q",
    [
        ("continuous_bernoulli", {"lam": 0.5}, {"lam": 0.25}),
        ("von_mises", {"mu": 3.0, "kappa": 1e5}, {"mu": -3.0, "kappa": 2e5}),
        ("zeta", {"s": 1.05}, {"s": 3.0}),
        ("logarithmic", {"p": 1e-300}, {"p": 0.5}),
    ],
)
def test_kl_float_is_enclosed_and_finite(family, p, q):
    from klsym.verification.floats import kl_enclosure

    P, Q = dist(family, **p), dist(family, **q)
    assert kl_enclosure(P, Q)[0] == "interval"
    value = kl_float(P, Q)
    assert math.isfinite(value) and value > 0


def test_strategies_draw_inside_the_new_domains():
    from hypothesis import given

    from klsym import strategies

    @given(strategies.parameters("von_mises"), strategies.parameters("zeta"), strategies.parameters("continuous_bernoulli"))
    def prop(vm, z_, cb):
        assert -sp.pi < vm["mu"] <= sp.pi and vm["kappa"] > 0
        assert z_["s"] > 1
        assert 0 < cb["lam"] < 1

    prop()


@pytest.mark.parametrize("f, x", [(logsinhc, "1/10^7"), (langevin, "-1/10^7"), (log_besseli0, 10**6), (log_zeta, "1+1/10^8")])
def test_precision_ladder(f, x):
    # the same value at 15, 30 and 60 digits: each agrees with the next to its own digits
    with mpmath.workdps(70):
        values = [mpmath.mpf(str(sp.N(f(sp.sympify(x)), d))) for d in (15, 30, 60)]
        for (d, a), b in zip(((15, values[0]), (30, values[1])), values[1:]):
            assert abs(a - b) <= mpmath.mpf(10) ** (1 - d) * abs(b), (f, d, a, b)
