"""The multivariate hypergeometric law against other records and against its own definition.

* With c = 2 colours it is hypergeometric(N, K[1], n) in its first count (a record with its own
  derivation: the defining sum over its support).
* Each stated atom (a sum over the colours of a function of one count, its mean by that count's
  hypergeometric law) equals the defining sum over every count vector, exactly.
* The support moves with K: KL(P‖Q) is +oo exactly when some count can exceed Q's K[i], on the
  closed-form side (colour by colour) and on the oracle's (a count vector P allows and Q does not).

Each relation is checked at several points, hard regimes included, to 40 digits.
"""

import mpmath
import pytest
import sympy as sp

from klsym import dist, entropy, kl, kl_float, numeric_kl
from klsym.crosscheck import agreed_digits
from klsym.derive.expectation import derive_by_expectation
from klsym.exact.resolve import WorkLimitError, resolve

from agreement import agree, atoms_agree_with_the_sums_over_count_vectors

DIGITS = 40
NAME = "multivariate_hypergeometric"




def _law(K, n):
    return dist(NAME, K=K, n=n)


#: (n, K_P, K_Q) with two colours: moderate, a huge urn near-equal, few of one colour, P a point mass,
#: supports not nested (+oo one way)
TWO_COLOURS = [
    (10, [20, 30], [25, 25]),
    (20, [5 * 10**8, 5 * 10**8], [5 * 10**8 + 1, 5 * 10**8 - 1]),
    (100, [1, 999], [3, 997]),
    (7, [3, 4], [5, 4]),
    (5, [10, 90], [2, 98]),
    (1, [3, 7], [7, 3]),
]


@pytest.mark.parametrize("n, a, b", TWO_COLOURS)
def test_two_colours_are_the_hypergeometric_law(n, a, b):
    p, q = _law(a, n), _law(b, n)
    hp, hq = (dist("hypergeometric", N=sum(v), K=v[0], n=n) for v in (a, b))
    agree(kl(p, q), kl(hp, hq))
    agree(kl(q, p), kl(hq, hp))
    agree(entropy(p), entropy(hp))


@pytest.mark.parametrize("n, K, other", [(4, [5, 3, 2], [4, 4, 2]), (6, [0, 4, 9], [2, 6, 7]),
                                          (5, [1, 2, 3, 4], [4, 3, 3, 5])])
def test_atoms_are_the_sums_over_count_vectors(n, K, other):
    """Each stated atom against the defining sum over every count vector of P's probabilities, exactly."""
    atoms_agree_with_the_sums_over_count_vectors(_law(K, n), _law(other, n))


def test_kl_is_by_the_marginals():
    """Each index sum's mean comes from one count's hypergeometric law (stated, with its source)."""
    d = derive_by_expectation(NAME)
    assert d.atoms and all(a.how.startswith("stated: each count x[i] alone is hypergeometric") for a in d.atoms)


@pytest.mark.parametrize("n, a, b, colour", [
    (4, [5, 5, 2], [2, 8, 2], 1),   # x[1] reaches 4 under P, at most 2 under Q
    (4, [1, 5, 5], [0, 5, 6], 1),   # an empty colour in Q only
    (3, [4, 4, 4], [4, 4, 2], 3),
])
def test_support_not_inside_is_infinite_on_both_routes(n, a, b, colour):
    p, q = _law(a, n), _law(b, n)
    r = resolve(p, q)
    assert kl(p, q) == sp.oo and f"x[{colour}] ranges over" in r.reason
    assert numeric_kl(p, q).value == mpmath.inf


@pytest.mark.parametrize("n, a, b", [(4, [9, 1, 1], [4, 1, 1]), (2, [5, 5, 5], [2, 2, 2]), (6, [3, 2, 1], [3, 3, 1])])
def test_support_inside_by_the_counts_not_the_sizes(n, a, b):
    """K_Q[i] < K_P[i] is allowed when n (or P's own total) keeps the count below K_Q[i]: finite, and
    the oracle agrees."""
    p, q = _law(a, n), _law(b, n)
    value = kl(p, q)
    assert value.is_finite and value >= 0
    with mpmath.workdps(DIGITS + 10):
        closed = mpmath.mpf(str(sp.N(value, DIGITS + 10)))
        assert agreed_digits(closed, numeric_kl(p, q, dps=DIGITS).value) >= DIGITS - 5


def test_rules():
    p = _law([5, 3, 2], 4)
    with pytest.raises(ValueError, match="x has length 2; .* count vectors of length 3"):
        p.logpdf([2, 2])
    assert p.logpdf([0, 0, 4]) == -sp.oo  # more balls of colour 3 than the urn holds
    for K, rule in (([3, "1/2"], "K\\[1\\] = 1/2 .* integer"), ([3, -1], "K\\[1\\] = -1"), ([3], "length >= 2")):
        with pytest.raises(ValueError, match=rule):
            _law(K, 2)
    with pytest.raises(ValueError, match="n = 9 breaks the rule n <= K\\[1\\] \\+ ... \\+ K\\[c\\] = 8"):
        _law([5, 3], 9)
    with pytest.raises(ValueError, match="vectors of the same length"):
        kl(p, _law([5, 3], 4))
    assert kl(p, _law([5, 3, 2], 3)) == sp.oo


def test_work_is_bounded():
    """The forms' sums have one term per value of each count: past MAX_SUM_TERMS the exact value and the
    entropy are refused, naming the limit."""
    p, q = _law([10**9, 10**9, 10**9], 10**6), _law([10**9, 2 * 10**9, 10**9], 10**6)
    with pytest.raises(WorkLimitError, match="3000003 terms .* MAX_SUM_TERMS"):
        kl(p, q)
    with pytest.raises(WorkLimitError, match="MAX_SUM_TERMS"):
        entropy(p)


@pytest.mark.parametrize("p, q", [
    (dist("multivariate_hypergeometric", K=[2, 3], n=0), dist("multivariate_hypergeometric", K=[7, 0], n=0)),
    (dist("dirichlet_multinomial", n=0, alpha=[1, 2]), dist("dirichlet_multinomial", n=0, alpha=[3, "1/2"])),
])
def test_no_draws_is_the_point_mass_at_the_zero_vector(p, q):
    """n = 0: every such law is the point mass at the zero vector, whatever K or alpha (a boundary
    case, once refused): KL 0 both ways, entropy 0, as the oracle's sum over the one count vector."""
    assert kl(p, q) == 0 and kl(q, p) == 0 and entropy(p) == 0 and entropy(q) == 0
    assert kl_float(p, q) == 0.0 and numeric_kl(p, q).value == 0
