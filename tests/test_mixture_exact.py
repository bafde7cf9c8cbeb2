"""A mixture on either side of kl, reverse_kl, infinite_reason, cross_entropy, entropy, kl_float, verify."""

import math
import re

import mpmath
import pytest
import sympy as sp

import klsym
from klsym import dist, mixture
from klsym.exact import NoClosedForm

N = lambda mu, sigma: dist("normal", mu=mu, sigma=sigma)  # noqa: E731
BIMODAL = mixture(["1/2", "1/2"], [N(-1, 1), N(1, 1)])


def agrees(r, exact) -> bool:
    """The oracle's result r holds the exact value within its error (and 30 digits of rounding)."""
    with mpmath.workdps(50):
        return abs(r.value - mpmath.mpf(str(sp.N(exact, 50)))) <= r.error + mpmath.mpf(10) ** -30 * (1 + abs(r.value))


def test_kl_of_a_continuous_mixture_has_no_closed_form_and_says_where_to_go():
    for call in (lambda: klsym.kl(BIMODAL, N(0, 2)), lambda: klsym.kl(N(0, 2), BIMODAL),
                 lambda: klsym.reverse_kl(BIMODAL, N(0, 2)), lambda: klsym.entropy(BIMODAL),
                 lambda: klsym.cross_entropy(N(0, 2), BIMODAL)):
        with pytest.raises(NoClosedForm) as info:
            call()
        message = str(info.value)
        assert "no closed form" in message
        for route in ("klsym.numeric_kl", "klsym.kl_float", "klsym.kl_bounds"):
            assert route in message
    assert issubclass(NoClosedForm, ValueError) and issubclass(NoClosedForm, NotImplementedError)


def test_cross_entropy_of_a_mixture_is_linear_and_agrees_with_the_oracle():
    q = N(0, 2)
    h = klsym.cross_entropy(BIMODAL, q)
    # each component: log(2 sqrt(2 pi)) + (1 + 1)/8
    assert sp.simplify(h - (sp.log(2 * sp.sqrt(2 * sp.pi)) + sp.Rational(1, 4))) == 0
    from klsym.oracle import numeric_cross_entropy

    r = numeric_cross_entropy(BIMODAL, q, dps=30)
    assert agrees(r, h)


def test_identical_and_one_component_mixtures_are_exact():
    reordered = mixture(["1/4", "1/2", "1/4"], [N(1, 1), N(-1, 1), N(1, 1)])
    assert klsym.kl(BIMODAL, reordered) == 0 and klsym.infinite_reason(BIMODAL, reordered) is None
    p, q = dist("gamma", alpha=3, beta=2), dist("gamma", alpha="1/2", beta=1)
    assert klsym.kl(mixture([1], [p]), q) == klsym.kl(p, q)
    assert klsym.kl(p, mixture(["1/2", "1/2"], [q, q])) == klsym.kl(p, q)


def test_discrete_mixture_on_a_short_support_is_the_exact_sum():
    m = mixture(["1/3", "2/3"], [dist("binomial", n=3, p="1/4"), dist("binomial", n=2, p="1/2")])
    q = dist("poisson", lam=1)
    want = sp.Integer(0)
    for x in range(4):
        px = sum(w * sp.exp(c.logpdf(x)) for w, c in zip(m.weights, m.components) if x <= c.params["n"])
        want += px * (sp.log(px) - q.logpdf(x))
    got = klsym.kl(m, q)
    assert abs(sp.N(got - want, 40)) < 1e-35
    r = klsym.numeric_kl(m, q, dps=30)
    assert agrees(r, got)
    # and Q a mixture: the sum uses q(x) = sum of v_j q_j(x)
    back = klsym.kl(dist("binomial", n=3, p="1/2"), m)
    assert agrees(klsym.numeric_kl(dist("binomial", n=3, p="1/2"), m, dps=30), back)


def test_support_mismatch_is_infinite_with_a_reason():
    m = mixture(["1/2", "1/2"], [dist("binomial", n=5, p="1/2"), dist("binomial", n=1, p="1/2")])
    q = dist("binomial", n=3, p="1/2")
    assert klsym.kl(m, q) == sp.oo
    assert "probability 0" in klsym.infinite_reason(m, q)
    assert klsym.kl_float(m, q) == math.inf
    u = mixture(["1/2", "1/2"], [dist("uniform", a=0, b=1), dist("uniform", a=2, b=3)])
    reason = klsym.infinite_reason(dist("uniform", a=0, b=3), u)
    assert klsym.kl(dist("uniform", a=0, b=3), u) == sp.oo and re.search(r"Interval\.open\(1, 2\)", reason)
    assert klsym.infinite_reason(u, dist("uniform", a=0, b=3)) is None


def test_infinite_reason_is_none_when_a_component_bound_is_finite():
    assert klsym.infinite_reason(BIMODAL, N(0, 2)) is None
    assert klsym.infinite_reason(N(0, 2), BIMODAL) is None


def test_kl_float_of_a_mixture_is_the_rounded_oracle_value():
    got = klsym.kl_float(BIMODAL, N(0, 2))
    r = klsym.numeric_kl(BIMODAL, N(0, 2), dps=30)
    assert got == float(r.value)
    m = mixture(["1/3", "2/3"], [dist("bernoulli", p="1/4"), dist("bernoulli", p="1/2")])
    # a short discrete support: the exact sum, rounded by interval arithmetic
    exact = klsym.kl(m, dist("bernoulli", p="1/3"))
    assert klsym.kl_float(m, dist("bernoulli", p="1/3")) == float(sp.N(exact, 40))


@pytest.mark.parametrize("call", [
    lambda: klsym.kl(BIMODAL, "normal"),
    lambda: klsym.kl_float(BIMODAL, "normal"),
    lambda: klsym.cross_entropy(BIMODAL, 3),
    lambda: klsym.verify(lambda a, b: 0.0, BIMODAL),
    lambda: klsym.kl(BIMODAL, dist("poisson", lam=1)),
])
def test_bad_partners_raise_value_errors(call):
    with pytest.raises(ValueError):
        call()
