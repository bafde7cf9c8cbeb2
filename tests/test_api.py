"""Public API: exact values, symbolic forms, bad input, support mismatch, edges."""

from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp

import klsym
from klsym import dist, kl, reverse_kl
from klsym.oracle import numeric_kl


def test_families_lists_the_catalogue():
    from klsym.records.catalogue import ALL

    names = klsym.families()
    assert names == [r.name for r in ALL] and len(set(names)) == len(names)
    assert {"normal", "gamma", "beta", "poisson", "categorical", "multivariate_normal", "wishart"} <= set(names)


def test_normal_example_is_exact():
    value = kl(dist("normal", mu=0, sigma=1), dist("normal", mu=1, sigma=2))
    assert sp.simplify(value - (sp.log(2) - sp.Rational(1, 4))) == 0
    # 40 correct digits, against log(2) - 1/4 computed by mpmath directly
    with mpmath.workdps(60):
        ref = mpmath.log(2) - mpmath.mpf(1) / 4
        assert abs(mpmath.mpf(str(value.evalf(40))) - ref) < mpmath.mpf(10) ** -39


def test_symbolic_form_tells_p_and_q_apart():
    form = kl("gamma", "gamma")
    assert {s.name for s in form.free_symbols} == {"alpha_p", "beta_p", "alpha_q", "beta_q"}
    assert {s.name for s in kl("binomial", "binomial").free_symbols} == {"n", "p_p", "p_q"}


def test_parameter_types_agree():
    ref = kl(dist("gamma", alpha=sp.Rational(3, 2), beta=2), dist("gamma", alpha=5, beta=sp.Rational(1, 3)))
    for a, b in [(Fraction(3, 2), Fraction(1, 3)), ("3/2", "1/3"), (sp.Rational(3, 2), sp.Rational(1, 3)),
                 (Decimal("1.5"), "1/3"), ("1.5", "3^-1"), (np.float64(1.5), Fraction(1, 3))]:
        assert kl(dist("gamma", alpha=a, beta=2), dist("gamma", alpha=5, beta=b)) == ref
    # a float means its exact binary value
    assert dist("bernoulli", p=0.1).params["p"] == sp.Rational(3602879701896397, 2**55)


def test_distribution_exposes_family_and_params():
    d = dist("gamma", alpha=2, beta=3)
    assert d.family == "gamma" and d.params == {"alpha": 2, "beta": 3}


def test_reverse_is_kl_with_arguments_swapped():
    p, q = dist("gamma", alpha=2, beta=3), dist("gamma", alpha=5, beta=1)
    assert reverse_kl(p, q) == kl(q, p)
    assert sp.simplify(reverse_kl("normal") - kl("normal").subs(
        {sp.Symbol("mu_p", real=True): sp.Symbol("mu_q", real=True),
         sp.Symbol("mu_q", real=True): sp.Symbol("mu_p", real=True),
         sp.Symbol("sigma_p", positive=True): sp.Symbol("sigma_q", positive=True),
         sp.Symbol("sigma_q", positive=True): sp.Symbol("sigma_p", positive=True)},
        simultaneous=True)) == 0


def test_symbolic_parameters_are_accepted():
    m, s = sp.symbols("m s", positive=True)
    value = kl(dist("normal", mu=m, sigma=s), dist("normal", mu=0, sigma=1))
    assert sp.simplify(value - (m**2 / 2 + s**2 / 2 - sp.log(s) - sp.Rational(1, 2))) == 0


@pytest.mark.parametrize(
    "family, params, words",
    [
        ("normal", {"mu": 0, "sigma": 0}, ["sigma", "sigma > 0"]),
        ("normal", {"mu": 0, "sigma": -1.5}, ["sigma", "sigma > 0"]),
        ("bernoulli", {"p": 1.5}, ["p", "0 <= p <= 1"]),
        ("bernoulli", {"p": -0.1}, ["p", "0 <= p <= 1"]),
        ("binomial", {"n": 2.5, "p": 0.5}, ["n", "integer"]),
        ("binomial", {"n": -1, "p": 0.5}, ["n", "integer"]),
        ("geometric", {"p": 0}, ["p", "0 < p <= 1"]),
        ("categorical", {"p": [0.5, 0.6]}, ["p", "sum"]),
        ("categorical", {"p": [1]}, ["p", "length"]),
        ("categorical", {"p": [1.5, -0.5]}, ["p[0]", "1"]),
        ("gamma", {"alpha": 1, "rate": 2}, ["rate", "alpha, beta"]),
        ("gamma", {"alpha": 1}, ["beta"]),
        ("gamma", {"alpha": float("nan"), "beta": 1}, ["alpha", "finite"]),
        ("gama", {"alpha": 1}, ["unknown family", "gamma"]),
    ],
)
def test_bad_input_names_the_parameter_and_rule(family, params, words):
    with pytest.raises(ValueError) as info:
        dist(family, **params)
    for w in words:
        assert w in str(info.value)


def test_symbol_contradicting_the_rule_is_rejected():
    with pytest.raises(ValueError, match="sigma > 0"):
        dist("normal", mu=0, sigma=sp.Symbol("s", negative=True))


def test_mismatched_categorical_lengths():
    with pytest.raises(ValueError, match="length"):
        kl(dist("categorical", p=["1/2", "1/2"]), dist("categorical", p=["1/3", "1/3", "1/3"]))


def test_different_families_of_different_dimension_are_refused_clearly():
    with pytest.raises(ValueError, match="multivariate"):
        kl(dist("normal", mu=0, sigma=1), dist("multivariate_normal", mu=[0], Sigma=[[1]]))


# ------------------------------------------------------------------ support and edges
def test_binomial_support_not_inside_is_infinite_with_reason():
    p, q = dist("binomial", n=5, p="1/2"), dist("binomial", n=3, p="1/2")
    assert kl(p, q) == sp.oo
    assert "not inside" in klsym.infinite_reason(p, q)
    assert numeric_kl(p, q).value == mpmath.inf


def test_binomial_smaller_n_is_an_exact_sum_matching_the_oracle():
    p, q = dist("binomial", n=3, p="1/2"), dist("binomial", n=5, p="1/3")
    value = kl(p, q)
    assert value.is_number and value.free_symbols == set()
    with mpmath.workdps(50):
        assert abs(mpmath.mpf(str(sp.N(value, 45))) - numeric_kl(p, q, dps=35).value) < mpmath.mpf(10) ** -33


def test_negative_binomial_different_r_is_closed_part_plus_a_series():
    from klsym.exact.series import InfiniteSum

    p, q = dist("negative_binomial", r=2, p="1/2"), dist("negative_binomial", r=3, p="1/2")
    value = kl(p, q)
    assert value.has(InfiniteSum) and value.free_symbols == set()
    with mpmath.workdps(50):
        assert abs(mpmath.mpf(str(sp.N(value, 45))) - numeric_kl(p, q, dps=35).value) < mpmath.mpf(10) ** -33


@pytest.mark.parametrize(
    "p, q, expected",
    [
        (("bernoulli", {"p": 1}), ("bernoulli", {"p": "1/2"}), sp.log(2)),
        (("bernoulli", {"p": 0}), ("bernoulli", {"p": "1/4"}), sp.log(sp.Rational(4, 3))),
        (("bernoulli", {"p": 1}), ("bernoulli", {"p": 1}), sp.Integer(0)),
        (("poisson", {"lam": 0}), ("poisson", {"lam": 1}), sp.Integer(1)),
        (("poisson", {"lam": 0}), ("poisson", {"lam": 0}), sp.Integer(0)),
        (("binomial", {"n": 50, "p": 1}), ("binomial", {"n": 50, "p": "1/2"}), 50 * sp.log(2)),
        (("geometric", {"p": 1}), ("geometric", {"p": "1/2"}), sp.log(2)),
        (("negative_binomial", {"r": 3, "p": 1}), ("negative_binomial", {"r": 3, "p": "1/2"}), 3 * sp.log(2)),
        (("categorical", {"p": ["1/2", 0, "1/2"]}), ("categorical", {"p": ["1/3"] * 3}), sp.log(sp.Rational(3, 2))),
    ],
)
def test_parameters_on_the_edge_of_their_domain(p, q, expected):
    value = kl(dist(p[0], **p[1]), dist(q[0], **q[1]))
    assert sp.simplify(value - expected) == 0


@pytest.mark.parametrize(
    "p, q",
    [
        (("bernoulli", {"p": "1/2"}), ("bernoulli", {"p": 1})),
        (("poisson", {"lam": 1}), ("poisson", {"lam": 0})),
        (("geometric", {"p": "1/2"}), ("geometric", {"p": 1})),
        (("categorical", {"p": ["1/2", "1/2"]}), ("categorical", {"p": [1, 0]})),
    ],
)
def test_q_without_mass_where_p_has_some_gives_infinity_and_a_reason(p, q):
    P, Q = dist(p[0], **p[1]), dist(q[0], **q[1])
    assert kl(P, Q) == sp.oo
    assert klsym.infinite_reason(P, Q)
    assert numeric_kl(P, Q).value == mpmath.inf


def test_edge_values_agree_with_the_oracle():
    for p, q in [
        (dist("poisson", lam=0), dist("poisson", lam=3)),
        (dist("binomial", n=10, p=1), dist("binomial", n=10, p="1/3")),
        (dist("geometric", p=1), dist("geometric", p="1/5")),
    ]:
        with mpmath.workdps(40):
            closed = mpmath.mpf(str(sp.N(kl(p, q), 40)))
            assert abs(closed - numeric_kl(p, q, dps=30).value) < mpmath.mpf(10) ** -28


def test_oracle_refuses_symbolic_parameters():
    with pytest.raises(ValueError, match="numeric parameters"):
        numeric_kl(dist("normal", mu=sp.Symbol("m"), sigma=1), dist("normal", mu=0, sigma=1))


def test_large_shapes_leave_special_functions_unevaluated():
    """loggamma(10**15) must not become log((10**15 - 1)!): the value stays exact and evalf is fast."""
    alpha = 10**15
    value = kl(dist("gamma", alpha=alpha, beta=1), dist("gamma", alpha=alpha + 1, beta=1))
    assert value.has(sp.loggamma)
    # KL(Gamma(a, 1) ‖ Gamma(a + 1, 1)) = 1/(2a) + 1/(12a²) + O(a⁻³)
    approx = sp.Rational(1, 2 * alpha) + sp.Rational(1, 12 * alpha**2)
    assert abs(sp.N(value, 40) / approx - 1) < 1e-25


@pytest.mark.live  # the oracle takes half a minute for shapes of 10^6
def test_large_shapes_agree_with_the_oracle():
    p, q = dist("gamma", alpha=10**6, beta=1), dist("gamma", alpha=10**6 + 1, beta=1)
    with mpmath.workdps(40):
        closed = mpmath.mpf(str(sp.N(kl(p, q), 40)))
        assert abs(closed / numeric_kl(p, q, dps=30).value - 1) < mpmath.mpf(10) ** -25
