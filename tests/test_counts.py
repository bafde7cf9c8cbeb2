"""The negative multinomial law: its closed forms and the oracle's route through the total
(klsym.oracle.counts), each against the plain sum over count vectors of the probabilities
written from the parameterization here (not from the record)."""

import functools

import mpmath
import pytest
import sympy as sp
from mpmath import mpf

import klsym
from klsym import dist
from klsym.exact.counts import count_vectors
from klsym.exact.series import infinite_sums
from klsym.oracle import numeric_cross_entropy, numeric_kl
from klsym.oracle.counts import check_affine_given_total

DPS = 40


def _log_pmf(r, p, x):
    """log P(x) = log Gamma(r + N) - log Gamma(r) - sum log x[i]! + r log p0 + sum x[i] log p[i]."""
    p0 = 1 - mpmath.fsum(p)
    return (mpmath.loggamma(r + sum(x)) - mpmath.loggamma(r) - mpmath.fsum(mpmath.loggamma(v + 1) for v in x)
            + r * mpmath.log(p0) + mpmath.fsum(v * mpmath.log(pi) for v, pi in zip(x, p)))


def _plain_sums(P, Q, max_total):
    """Sums over every count vector with total <= max_total: KL(P‖Q), -E_P[log q], H(P) and the
    affinity sums of sqrt(p q) and p^2/q."""
    with mpmath.workdps(DPS):
        r_p, r_q = (mpf(sp.Rational(d.params["r"]).p) / sp.Rational(d.params["r"]).q for d in (P, Q))
        p, q = ([mpf(v.p) / v.q for v in d.params["p"]] for d in (P, Q))
        kl = cross = entropy = half = square = mpf(0)
        for n in range(max_total + 1):
            for x in count_vectors(n, len(p)):
                a, b = _log_pmf(r_p, p, x), _log_pmf(r_q, q, x)
                w = mpmath.exp(a)
                kl += w * (a - b)
                cross -= w * b
                entropy -= w * a
                half += mpmath.exp((a + b) / 2)
                square += mpmath.exp(2 * a - b)
        return {"kl": kl, "cross": cross, "entropy": entropy, "half": half, "square": square}


@functools.lru_cache(maxsize=None)
def _reference(case: int) -> tuple:
    P, Q, top = CASES[case]
    P, Q = dist("negative_multinomial", **P), dist("negative_multinomial", **Q)
    return P, Q, _plain_sums(P, Q, top)


# (P, Q, the largest total summed: P's mass beyond it, times the weights, is below 10^-35)
CASES = [
    ({"r": 3, "p": ["1/4", "1/4"]}, {"r": 3, "p": ["1/3", "1/6"]}, 200),
    ({"r": "1/2", "p": ["1/10", "1/20", "1/20"]}, {"r": "1/2", "p": ["1/8", "1/8", "1/8"]}, 60),
]


def _close(value, ref, digits=28):
    with mpmath.workdps(DPS):
        value = value if isinstance(value, mpf) else mpf(sp.N(infinite_sums(value), DPS))
        assert abs(value - ref) <= mpf(10) ** -digits * max(abs(ref), 1), (value, ref)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_closed_forms_are_the_plain_sum_over_count_vectors(case):
    P, Q, ref = _reference(case)
    _close(klsym.kl(P, Q), ref["kl"])
    _close(klsym.entropy(P), ref["entropy"])
    with mpmath.workdps(DPS):
        log_half = mpmath.log(ref["half"])
        _close(klsym.bhattacharyya(P, Q), -log_half)
        _close(klsym.renyi(P, Q, alpha=sp.Rational(1, 2)), -2 * log_half)
        _close(klsym.renyi(P, Q, alpha=2), mpmath.log(ref["square"]))
        _close(klsym.chi_square(P, Q), ref["square"] - 1)


def test_renyi_2_is_infinite_where_the_sum_of_p_squared_over_q_diverges():
    """sum p[i]^2/q[i] = 5/4 >= 1: the sum over count vectors grows without bound."""
    P = dist("negative_multinomial", r=3, p=["1/4", "1/4"])
    Q = dist("negative_multinomial", r=3, p=["1/10", "1/10"])
    assert klsym.renyi(P, Q, alpha=2) == sp.oo and klsym.chi_square(P, Q) == sp.oo
    assert "leaves the natural parameter space" in klsym.divergence_reason(P, Q, "renyi", alpha=2)
    assert klsym.renyi(P, Q, alpha=sp.Rational(1, 2)).is_finite
    short, longer = (_plain_sums(P, Q, top)["square"] for top in (40, 80))
    assert longer > 1000 * short


@pytest.mark.parametrize("case", range(len(CASES)))
def test_oracle_route_through_the_total_is_the_plain_sum_over_count_vectors(case):
    P, Q, ref = _reference(case)
    kl = numeric_kl(P, Q, dps=32)
    assert kl.method == "count-sum" and "total" in kl.representation
    _close(kl.value, ref["kl"])
    _close(numeric_cross_entropy(P, Q, dps=32).value, ref["cross"])
    _close(numeric_cross_entropy(P, dps=32).value, ref["entropy"])


def test_different_r_has_no_closed_form_and_the_oracle_sums_it():
    P = dist("negative_multinomial", r=3, p=["1/4", "1/4"])
    Q = dist("negative_multinomial", r=2, p=["1/3", "1/6"])
    with pytest.raises(NotImplementedError, match="different fixed parameter.*r.*numeric_kl"):
        klsym.kl(P, Q)
    _close(numeric_kl(P, Q, dps=32).value, _plain_sums(P, Q, 200)["kl"])


@pytest.mark.parametrize("scale", [sp.Rational(1, 2), sp.Rational(3, 2), sp.Rational(1, 10**6)])
def test_failure_probabilities_in_proportion_give_the_negative_binomial_kl_of_the_totals(scale):
    """With q = c p the split of the total among the kinds is the same under P and Q, so KL(P‖Q) is the
    KL of the totals: negative binomial, success probability 1 - sum p (two derivations, one relation)."""
    p = [sp.Rational(1, 10), sp.Rational(1, 5), sp.Rational(3, 10)]
    q = [v * scale for v in p]
    for r in (sp.Rational(1, 2), 7):
        P, Q = dist("negative_multinomial", r=r, p=p), dist("negative_multinomial", r=r, p=q)
        nb = klsym.kl(dist("negative_binomial", r=r, p=1 - sum(p)), dist("negative_binomial", r=r, p=1 - sum(q)))
        assert abs(sp.N(klsym.kl(P, Q) - nb, 50)) < sp.Float(10) ** -40


@pytest.mark.parametrize("p, rule", [
    (["1/2", "1/2"], "entries sum to 1, not less than 1"),
    (["3/4", "1/2"], "entries sum to 5/4, not less than 1"),
    (["0", "1/2"], r"p\[0\] = 0 breaks the rule"),
    (["-1/4", "1/2"], r"p\[0\] = -1/4 breaks the rule"),
    (["1/4"], "needs length >= 2"),
])
def test_bad_failure_probabilities_are_refused_naming_the_rule(p, rule):
    with pytest.raises(ValueError, match=rule):
        dist("negative_multinomial", r=2, p=p)


def test_r_must_be_positive():
    with pytest.raises(ValueError, match="r = 0 breaks the rule r > 0"):
        dist("negative_multinomial", r=0, p=["1/4", "1/4"])


def test_the_premise_check_refuses_a_function_not_affine_given_the_total():
    with mpmath.workdps(30):
        assert check_affine_given_total(lambda x: 3 * sum(x) ** 2 + 2 * x[0] - x[1], 2, 30) < mpf(10) ** -20
        with pytest.raises(ArithmeticError, match="not affine given their total"):
            check_affine_given_total(lambda x: mpmath.loggamma(x[0] + 1) + x[1], 2, 30)
