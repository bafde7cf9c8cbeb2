"""Infinite series: the evaluator of klsym.exact.series against known sums, the
Euler-Maclaurin tail of the oracle, and the closed part + series answers
(negative binomial with different r, entropies with E[log X!] or E[log X])."""

import mpmath
import pytest
import sympy as sp

from klsym import dist, entropy, kl
from klsym.records import registry
from klsym.cli import main
from klsym.derive import derive_kl
from klsym.exact.divergence import kl_answer
from klsym.exact.resolve import Route
from klsym.records.record import X
from klsym.oracle import expectation, numeric_cross_entropy, numeric_kl
from klsym.exact.series import InfiniteSum, series_value
from klsym.exact.series_kl import kl_series_answer

k = sp.Symbol("k", integer=True)


def _close(value, ref, digits=30):
    with mpmath.workdps(digits + 20):
        value, ref = mpmath.mpf(str(value)), mpmath.mpf(ref)
        assert abs(value - ref) <= mpmath.mpf(10) ** -digits * abs(ref), (value, ref)


@pytest.mark.parametrize(
    "summand, lo, ref",
    [
        (1 / k**2, 1, lambda: mpmath.pi**2 / 6),
        (k ** sp.Rational(-101, 100), 1, lambda: mpmath.zeta(mpmath.mpf(101) / 100)),  # algebraic: Euler-Maclaurin
        (-sp.log(k) * k ** sp.Rational(-3, 2), 1, lambda: mpmath.zeta(mpmath.mpf(3) / 2, 1, 1)),
        ((1 - sp.Rational(1, 10**6)) ** k / k, 1, lambda: -mpmath.log(mpmath.mpf(10) ** -6)),  # ratio near 1
        (k * sp.exp(k * sp.log(10**5) - 10**5 - sp.loggamma(k + 1)), 0, lambda: mpmath.mpf(10) ** 5),  # peak far from 0
        (sp.Rational(1, 2) ** k, 0, lambda: mpmath.mpf(2)),
        # peak near k = 2 10^6, a pole at k = -1 next to the start of the sum below the peak (the
        # Euler-Maclaurin formula from k = 0 reached only an error of 4e-3 before the first terms were summed)
        (k**2 / (k + 1) * (1 - sp.Rational(1, 10**6)) ** k, 0,
         lambda: (lambda r: r / (1 - r) ** 2 - 1 / (1 - r) - mpmath.log(1 - r) / r)(1 - mpmath.mpf(10) ** -6)),
        # alternating, terms ~ 1/k (term by term: 10^30 terms): the Cohen-Villegas-Zagier acceleration
        ((-1) ** k / (2 * k + 1), 0, lambda: mpmath.pi / 4),
        ((-1) ** (k + 1) / k**2, 1, lambda: mpmath.pi**2 / 12),
        ((-1) ** k / (k + 1) - (-1) ** k / (k + 2), 0, lambda: 2 * mpmath.log(2) - 1),
        ((-1) ** k * (sp.polygamma(0, k / 4 + sp.Rational(5, 4)) - sp.polygamma(0, k / 4 + sp.Rational(3, 4))), 0,
         lambda: mpmath.nsum(lambda j: (-1) ** j * (mpmath.psi(0, j / 4 + mpmath.mpf(5) / 4)
                                                    - mpmath.psi(0, j / 4 + mpmath.mpf(3) / 4)), [0, mpmath.inf],
                             method="alternating")),
    ],
)
def test_known_series_to_30_digits(summand, lo, ref):
    s = InfiniteSum(summand, (k, lo, sp.oo))
    with mpmath.workdps(50):
        expected = ref()
    _close(series_value(s, 35), expected)
    _close(sp.N(s, 35), expected)  # evalf goes through the same evaluator


def test_infinite_sums_stay_unevaluated_and_refuse_symbols():
    s = InfiniteSum(1 / k**2, (k, 1, sp.oo))
    assert s.doit() is s
    a = sp.Symbol("a", positive=True)
    with pytest.raises(ValueError, match="free symbols"):
        series_value(InfiniteSum(a**-k, (k, 1, sp.oo)))


def test_divergent_series_is_an_error_not_a_number():
    with pytest.raises(ArithmeticError):
        series_value(InfiniteSum(1 / k, (k, 1, sp.oo)), 20)
    # alternating and divergent: the acceleration alone would give Abel's values 1/4 and 1/2
    for terms in ((-1) ** k * (k + 1), (-1) ** k, (-1) ** k * (1 + 1 / (k + 1))):
        with pytest.raises(ArithmeticError, match="decrease to 0"):
            series_value(InfiniteSum(terms, (k, 0, sp.oo)), 20)


def test_series_answer_with_equal_r_is_the_bregman_form():
    # the closed part + series route, given equal r, leaves no series and must equal the engine's form
    p, q = dist("negative_binomial", r=3, p="1/3"), dist("negative_binomial", r=3, p="3/4")
    answer = kl_series_answer(p, q)
    assert answer.method is Route.EXPECTATION and not answer.value.has(sp.Sum)
    assert abs(sp.N(answer.value - kl(p, q), 50)) < 1e-45


def test_negative_binomial_with_different_r_is_closed_part_plus_series():
    p, q = dist("negative_binomial", r=3, p="1/2"), dist("negative_binomial", r="7/2", p="1/3")
    answer = kl_answer(p, q)
    assert answer.method is Route.SERIES
    assert len(answer.value.atoms(InfiniteSum)) == 1
    with mpmath.workdps(50):
        _close(sp.N(answer.value, 40), numeric_kl(p, q, dps=30).value, 27)


def test_cli_value_evaluates_the_series(capsys):
    assert main(["value", "negative_binomial(r=3, p=1/2)", "negative_binomial(r=5, p=1/2)", "--dps", "25"]) == 0
    out = capsys.readouterr().out.strip()
    _close(out, numeric_kl(dist("negative_binomial", r=3, p="1/2"), dist("negative_binomial", r=5, p="1/2")).value, 23)


@pytest.mark.rotating(2)  # the oracle's sums take up to a minute: two a day by default, all in the live lane
@pytest.mark.parametrize(
    "family, params",
    [
        ("poisson", {"lam": 10**6}),  # Euler-Maclaurin on both sides of the peak
        ("poisson", {"lam": "1/10^3"}),
        ("negative_binomial", {"r": "1/2", "p": "1/1000"}),
        ("logarithmic", {"p": "1-1/10^6"}),
        ("logarithmic", {"p": "1/10^8"}),
    ],
)
def test_entropy_with_a_series_matches_the_oracle_to_25_digits(family, params):
    d = dist(family, **params)
    value = entropy(d)
    assert value.has(InfiniteSum)
    _close(sp.N(value, 40), numeric_cross_entropy(d, dps=30).value, 25)


def test_oracle_euler_maclaurin_tail_on_algebraic_and_slow_geometric_tails():
    # E[log X] under zeta(s) is -zeta'(s)/zeta(s): the oracle sums k^(-s) log k with its tail formula
    for s in ("21/20", "3/2"):
        d = dist("zeta", s=s)
        with mpmath.workdps(50):
            sv = mpmath.mpf(sp.Rational(s).p) / sp.Rational(s).q
            ref = -mpmath.zeta(sv, 1, 1) / mpmath.zeta(sv)
        _close(expectation(d, sp.log(X), dps=30).value, ref, 28)
    # geometric with p = 1e-6: mean 10^6, far beyond direct summation
    d = dist("geometric", p="1/10^6")
    _close(expectation(d, X, dps=30).value, 10**6, 28)
    _close(expectation(d, None, dps=30).value, 1, 28)


def test_new_families_are_listed_with_their_parameterizations():
    for name in ("continuous_bernoulli", "von_mises", "logarithmic", "zeta"):
        rec = registry.get(name)
        assert rec.parameterization and derive_kl(name).kl != 0


def test_series_precision_ladder():
    d = dist("logarithmic", p="999/1000")
    s = next(iter(entropy(d).atoms(InfiniteSum)))
    values = [series_value(s, dps) for dps in (15, 30, 60)]
    with mpmath.workdps(70):
        assert abs(values[0] - values[2]) <= mpmath.mpf(10) ** -14 * abs(values[2])
        assert abs(values[1] - values[2]) <= mpmath.mpf(10) ** -29 * abs(values[2])
