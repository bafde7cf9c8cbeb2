"""Bounded work on the exact side: every public call finishes (closed form, limit,
closed part + series) or raises a ValueError naming the limit it hit and what to
use instead. The limits are lowered here (monkeypatch) so that each route is
checked against another one on small inputs; the large inputs run once each."""

import dataclasses

import mpmath
import pytest
import sympy as sp

import klsym
from klsym import dist, entropy, kl, kl_float
from klsym.exact import resolve as resolve_module
from klsym.exact.divergence import kl_answer
from klsym.exact.resolve import Route, WorkLimitError, resolve
from klsym.exact.series import InfiniteSum
from klsym.oracle import numeric_kl
from klsym.records import registry
from klsym.records.distribution import Distribution
from klsym.records.values import HeldNumber, substitute
from klsym.verification.intervals import value as interval_value


def _digits(a, b) -> float:
    with mpmath.workdps(60):
        a, b = mpmath.mpf(str(sp.N(a, 50))), mpmath.mpf(str(sp.N(b, 50)))
        return float("inf") if a == b else float(-mpmath.log10(abs(a - b) / max(abs(a), abs(b))))


# ------------------------------------------------------------------ binomial, large n
def test_binomial_with_a_million_trials_and_equal_n_is_the_closed_form():
    n = 10**6
    p, q = dist("binomial", n=n, p="1/3"), dist("binomial", n=n, p="1/2")
    assert resolve(p, q).route is Route.BREGMAN
    # n KL(Bernoulli(1/3) ‖ Bernoulli(1/2))
    assert sp.simplify(kl(p, q) - n * kl(dist("bernoulli", p="1/3"), dist("bernoulli", p="1/2"))) == 0


@pytest.mark.parametrize("a, b, expected", [(0, "1/2", 10**6 * sp.log(2)), (1, "1/2", 10**6 * sp.log(2)),
                                            ("1/2", 0, sp.oo), ("1/2", 1, sp.oo), (0, 0, 0), (1, 1, 0), (0, 1, sp.oo)])
def test_binomial_with_a_million_trials_on_the_boundary_is_a_limit(a, b, expected):
    p, q = dist("binomial", n=10**6, p=a), dist("binomial", n=10**6, p=b)
    answer = kl_answer(p, q)
    assert answer.value == expected
    assert answer.method in (Route.LIMIT, Route.IDENTICAL)


def test_the_boundary_limit_equals_the_exact_sum(monkeypatch):
    """Below the limit the boundary case is an exact sum; above it a one-sided limit: both agree."""
    cases = [(0, "1/3"), (1, "2/7"), ("1/5", 0), ("3/4", 1), (0, 1)]
    exact = {c: kl_answer(dist("binomial", n=30, p=c[0]), dist("binomial", n=30, p=c[1])) for c in cases}
    assert all(a.method in (Route.EXACT_SUM,) for a in exact.values())
    monkeypatch.setattr(resolve_module, "MAX_SUM_TERMS", 10)
    for c, a in exact.items():
        b = kl_answer(dist("binomial", n=30, p=c[0]), dist("binomial", n=30, p=c[1]))
        assert b.method is Route.LIMIT
        assert sp.simplify(a.value - b.value) == 0 if a.value != sp.oo else b.value == sp.oo


def test_binomial_with_different_n_beyond_the_limit_is_closed_part_plus_series(monkeypatch):
    """Different n: an exact sum up to MAX_SUM_TERMS terms, beyond it c + b·E[X] + a finite
    series kept exact (its digits from the series evaluator); the two routes agree."""
    p, q = dist("binomial", n=30, p="1/3"), dist("binomial", n=45, p="1/2")
    exact = kl_answer(p, q)
    assert exact.method is Route.EXACT_SUM and not exact.value.has(sp.Sum)
    monkeypatch.setattr(resolve_module, "MAX_SUM_TERMS", 10)
    series = kl_answer(p, q)
    assert series.method is Route.SERIES and len(series.value.atoms(InfiniteSum)) == 1
    assert _digits(exact.value, series.value) >= 40


def test_binomial_with_a_million_trials_and_different_n_keeps_its_series_exact():
    p, q = dist("binomial", n=10**6, p="1/3"), dist("binomial", n=2 * 10**6, p="1/2")
    answer = kl_answer(p, q)
    assert answer.method is Route.SERIES
    (s,) = answer.value.atoms(InfiniteSum)
    assert s.limits[0][1:] == (0, 10**6)


def test_a_discrete_family_without_a_mean_beyond_the_limit_is_refused_with_the_limit(monkeypatch):
    monkeypatch.setattr(resolve_module, "MAX_SUM_TERMS", 10)
    p, q = dist("binomial", n=30, p="1/3"), dist("binomial", n=45, p="1/2")
    without_mean = dataclasses.replace(p.record)  # no closed part + series without E[X]
    object.__setattr__(without_mean, "mean", None)  # (a record derives its mean when it is not given)
    p, q = Distribution(without_mean, p.params), Distribution(without_mean, q.params)
    with pytest.raises(WorkLimitError, match="MAX_SUM_TERMS = 10.*numeric_kl"):
        kl(p, q)


def test_long_finite_sums_in_an_entropy_stay_a_series(monkeypatch):
    p = dist("binomial", n=30, p="2/7")
    exact = entropy(p)
    assert not exact.has(sp.Sum)
    monkeypatch.setattr(resolve_module, "MAX_SUM_TERMS", 10)
    series = entropy(p)
    assert series.has(InfiniteSum)
    assert _digits(exact, series) >= 40


def test_multinomial_and_binomial_entropies_beyond_the_limit_agree():
    """Two routes to one number: the multinomial's stated binomial sums and the binomial's
    defining sum, both over 2001 terms, kept as series (binomial(2000, k) evaluated by mpmath)."""
    n = 2 * resolve_module.MAX_SUM_TERMS
    multi, single = entropy(dist("multinomial", n=n, p=["1/3", "2/3"])), entropy(dist("binomial", n=n, p="1/3"))
    assert multi.has(InfiniteSum) and single.has(InfiniteSum)
    assert _digits(multi, single) >= 40


def test_entropy_on_the_boundary_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(resolve_module, "MAX_SUM_TERMS", 10)
    with pytest.raises(WorkLimitError, match="MAX_SUM_TERMS"):
        entropy(dist("binomial", n=30, p=0))


# ------------------------------------------------------------------ index sums
def test_index_sums_beyond_the_limit_are_refused_and_kl_float_still_answers(monkeypatch):
    p = dist("categorical", p=["1/6"] * 6)
    q = dist("categorical", p=["1/12"] * 3 + ["1/4"] * 3)
    value, rounded = kl(p, q), kl_float(p, q)
    monkeypatch.setattr(resolve_module, "MAX_INDEX_TERMS", 5)
    with pytest.raises(WorkLimitError, match=r"6 entries.*MAX_INDEX_TERMS = 5.*kl_float"):
        kl(p, q)
    with pytest.raises(ValueError):  # a WorkLimitError is a ValueError
        klsym.entropy(p)
    assert kl_float(p, q) == rounded == float(sp.N(value, 30))


def test_dirichlet_with_a_thousand_entries():
    """Index sums written out term by term with the entries put in (Sum.doit searched for
    closed forms first: minutes); the value against the oracle's."""
    k = 1000
    p = dist("dirichlet", alpha=[sp.Rational(j % 7 + 1, 3) for j in range(k)])
    q = dist("dirichlet", alpha=[sp.Rational(j % 5 + 2, 5) for j in range(k)])
    value = kl(p, q)
    assert value.has(sp.loggamma)  # loggamma(800): left unevaluated, not log(799!)
    small_p, small_q = dist("dirichlet", alpha=["1/3", 2, "7/2"]), dist("dirichlet", alpha=[1, "1/5", 3])
    assert _digits(kl(small_p, small_q), numeric_kl(small_p, small_q, dps=30).value) >= 25


# ------------------------------------------------------------------ powers of float values
WEIBULL = ({"k": 2.244676983067704, "lam": 1.0066775703314834}, {"k": 2.244676983067704, "lam": 0.7332451681162534})


def test_powers_of_exact_float_values_stay_unevaluated():
    k, lam = (sp.Rational(v) for v in WEIBULL[0].values())
    a, b = sp.symbols("a b", positive=True)
    expr = substitute(a**b, {a: lam, b: k})
    assert expr.atoms(HeldNumber)  # SymPy would extract perfect powers with exponents ~10^15
    with mpmath.workdps(50):
        exact = mpmath.mpf(lam.p) / lam.q
        exact = exact ** (mpmath.mpf(k.p) / k.q)
        assert abs(interval_value(expr, 40) / exact - 1) < mpmath.mpf(10) ** -38
        assert abs(mpmath.mpf(str(sp.N(expr, 40))) / exact - 1) < mpmath.mpf(10) ** -38
    assert sp.sstr(expr).startswith("(4533672730627105/4503599627370496)**")


def test_weibull_with_float_parameters():
    p, q = dist("weibull", **WEIBULL[0]), dist("weibull", **WEIBULL[1])
    value = kl(p, q)
    oracle = numeric_kl(p, q, dps=30).value
    assert _digits(value, oracle) >= 28
    assert kl_float(p, q) == float(mpmath.mpf(str(sp.N(value, 40))))
    different_k = dist("weibull", k=1.7, lam=0.7332451681162534)  # the expectation route, evaluated
    assert _digits(kl(p, different_k), numeric_kl(p, different_k, dps=30).value) >= 28


# ------------------------------------------------------------------ huge exact values
def test_huge_exact_values_print_compare_and_evaluate():
    """Python refuses int -> str beyond 4300 digits; repr (hence ==) and kl must not. Built
    directly: dist() may refuse such values at its door, results of arithmetic need not."""
    normal, exponential = registry.get("normal"), registry.get("exponential")
    big = Distribution(normal, {"mu": sp.Integer(10**5000), "sigma": sp.Integer(1)})
    assert repr(big) == "normal(mu=10^5000, sigma=1)"
    just_above = Distribution(normal, {"mu": sp.Integer(10**5000 + 1), "sigma": sp.Integer(1)})
    assert len(repr(just_above)) == len("normal(mu=, sigma=1)") + 5001
    assert big != just_above and big == Distribution(normal, {"mu": sp.Integer(10**5000), "sigma": sp.Integer(1)})
    assert kl(big, just_above) == sp.Rational(1, 2)
    assert kl(big, big) == 0
    tiny = Distribution(exponential, {"lam": sp.Rational(1, 10**5000)})
    assert repr(tiny) == "exponential(lam=1/10^5000)"


@pytest.mark.parametrize("r", ["1e300", 10**12])
def test_a_series_with_a_huge_parameter_is_refused_with_its_limit(r):
    p, q = dist("negative_binomial", r=r, p="1/2"), dist("negative_binomial", r=1, p="1/3")
    with pytest.raises(WorkLimitError, match="MAX_SERIES_PARAMETER = 10\\^9"):
        kl(p, q)  # (kl_float takes the oracle's route then)


def test_an_entropy_series_with_a_huge_parameter_is_refused_with_its_limit():
    with pytest.raises(WorkLimitError, match="MAX_SERIES_PARAMETER = 10\\^9"):
        entropy(dist("poisson", lam="1e300"))


def test_huge_powers_inside_an_entropy_stay_held():
    """exp(n log(1 - p)) with n = 10^6 is not written out as an exact rational of 176 000 digits."""
    text = str(entropy(dist("binomial", n=10**6, p="1/3")))
    assert len(text) < 1000 and "(2/3)**1000000" in text


@pytest.mark.parametrize("options, limit", [({"dps": 2000}, "MAX_PROJECT_DPS"), ({"dps": 0}, "MAX_PROJECT_DPS"),
                                            ({"points": 10**6}, "MAX_POINTS"), ({"dps": True}, "MAX_PROJECT_DPS")])
def test_project_refuses_work_beyond_its_limits(options, limit):
    with pytest.raises(ValueError, match=limit):
        klsym.project(dist("gamma", alpha=3, beta=2), "exponential", **options)


def test_verify_refuses_more_random_points_than_its_limit():
    with pytest.raises(ValueError, match="MAX_RANDOM"):
        klsym.verify(lambda *a: 0.0, "normal", n_random=10**9)


def test_a_long_categorical_projects_in_seconds_not_minutes():
    """Distribution.logpdf replaces vector entries exactly (K = 1000 took minutes through subs)."""
    k = 400
    target = dist("categorical", p=[sp.Rational(j + 1, k * (k + 1) // 2) for j in range(k)])
    assert klsym.project(target, "categorical").q == target
