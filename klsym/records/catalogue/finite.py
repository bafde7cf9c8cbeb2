"""Discrete families on a finite support with no log-partition (data only): their KL is
the defining sum over P's support, exact at numbers (:mod:`klsym.exact.resolve`), and the
symbolic forms are those sums.

* ``hypergeometric``: draws without replacement; its support depends on K.
* ``beta_binomial``: a binomial count whose success probability is beta-distributed.

Log-probabilities are in ``x`` = :data:`klsym.records.record.X`, an integer in the support,
written with :class:`log_binomial` and :class:`log_rising`, which are exact logs of
rationals at numbers (no factorial of a large N is ever formed).

Each record block defines its own parameter symbols (a test reads this file and refuses a
symbol used outside the block that defines it).
"""

from __future__ import annotations

import sympy as sp

from ..record import X as x, Family, Param, Support
from .domains import NONNEGATIVE, POSITIVE, at_most
from .functions import log_binomial, log_rising

# --------------------------------------------------------------------------- hypergeometric
_hg_N = Param("N", POSITIVE, "population size (fixed; an integer N >= 1)", integer=True, fixed=True)
_hg_K = Param("K", NONNEGATIVE, "number of successes in the population (an integer, K <= N)", integer=True)
_hg_n = Param("n", NONNEGATIVE, "number of draws without replacement (fixed; an integer, n <= N)", integer=True,
              fixed=True)
hg_N, hg_K, hg_n = _hg_N.symbol(), _hg_K.symbol(), _hg_n.symbol()
hypergeometric = Family(
    name="hypergeometric",
    title="Hypergeometric",
    params=(_hg_N, _hg_K, _hg_n),
    support=Support(sp.Max(0, hg_n + hg_K - hg_N), sp.Min(hg_n, hg_K), discrete=True),
    # log C(K, x) + log C(N - K, n - x) - log C(N, n): exact rationals at numbers (C(10^9, 20) is a 160-digit
    # integer), never a factorial of N (see log_binomial)
    logpdf=log_binomial(hg_K, x) + log_binomial(hg_N - hg_K, hg_n - x) - log_binomial(hg_N, hg_n),
    parameterization=(
        "P(X = k) = C(K, k) C(N - K, n - k) / C(N, n) for k = max(0, n + K - N), ..., min(n, K): the number of "
        "successes in n draws without replacement from a population of N holding K successes; C(a, b) = "
        "a!/(b! (a - b)!). Integers N >= 1, 0 <= K <= N, 0 <= n <= N; N and n fixed (shared by P and Q in "
        "the symbolic forms), K free. The support depends on K, n and N, so KL(P‖Q) is +oo when P's support "
        "is not inside Q's. n = 1 is Bernoulli(K/N)."
    ),
    mean=hg_n * hg_K / hg_N,
    variance=hg_n * hg_K * (hg_N - hg_K) * (hg_N - hg_n) / (hg_N**2 * (hg_N - 1)),
    extra_check=at_most("N", "K", "n"),
    example={"N": 50, "K": 20, "n": 10},
    cases=(
        ({"N": 50, "K": 20, "n": 10}, {"N": 50, "K": 25, "n": 10}, "moderate"),
        ({"N": 10**6, "K": 200000, "n": 50}, {"N": 10**6, "K": 500000, "n": 50}, "large N, moderate n"),
        ({"N": 10**9, "K": 5 * 10**8, "n": 20}, {"N": 10**9, "K": 5 * 10**8 + 1, "n": 20},
         "huge N, near-equal K"),
        ({"N": 1000, "K": 1, "n": 100}, {"N": 1000, "K": 3, "n": 100}, "K near 0"),
        ({"N": 1000, "K": 999, "n": 100}, {"N": 1000, "K": 997, "n": 100}, "K near N"),
        ({"N": 100, "K": 10, "n": 5}, {"N": 100, "K": 2, "n": 5}, "supports not nested: +oo (finite the other way)"),
        ({"N": 10, "K": 3, "n": 8}, {"N": 10, "K": 5, "n": 8}, "overlapping supports, not nested: +oo"),
        ({"N": 10, "K": 3, "n": 1}, {"N": 10, "K": 7, "n": 1}, "n = 1: Bernoulli(3/10) against Bernoulli(7/10)"),
        ({"N": 20, "K": 8, "n": 5}, {"N": 30, "K": 10, "n": 6}, "different N and n (exact sum)"),
    ),
    wide=(({"N": 10**15, "K": 3 * 10**14, "n": 30}, {"N": 10**15, "K": 4 * 10**14, "n": 30}),),
)

# --------------------------------------------------------------------------- beta_binomial
_bb_n = Param("n", NONNEGATIVE, "number of trials (fixed; an integer n >= 0)", integer=True, fixed=True)
_bb_alpha = Param("alpha", POSITIVE, "first shape of the beta law of the success probability")
_bb_beta = Param("beta", POSITIVE, "second shape of the beta law of the success probability")
bb_n, bb_alpha, bb_beta = _bb_n.symbol(), _bb_alpha.symbol(), _bb_beta.symbol()
beta_binomial = Family(
    name="beta_binomial",
    title="Beta-binomial",
    params=(_bb_n, _bb_alpha, _bb_beta),
    support=Support(0, bb_n, discrete=True),
    # log C(n, x) + log(rf(alpha, x) rf(beta, n - x) / rf(alpha + beta, n)): exact rationals at rational
    # shapes, where the loggamma form would leave Gamma(alpha + x)/Gamma(alpha) unevaluated
    logpdf=log_binomial(bb_n, x) + log_rising(bb_alpha, x) + log_rising(bb_beta, bb_n - x)
    - log_rising(bb_alpha + bb_beta, bb_n),
    parameterization=(
        "P(X = k) = C(n, k) B(k + alpha, n - k + beta) / B(alpha, beta) for k = 0, ..., n: the number of "
        "successes in n trials whose success probability is drawn once from Beta(alpha, beta); C(n, k) = "
        "n!/(k! (n - k)!), B the beta function. n >= 0 an integer, FIXED (shared by P and Q in the "
        "symbolic forms); alpha > 0, beta > 0 free (scipy: betabinom(n, a=alpha, b=beta)). n = 1 is "
        "Bernoulli(alpha/(alpha + beta)); alpha, beta -> oo with alpha/(alpha + beta) = p fixed gives "
        "binomial(n, p)."
    ),
    mean=bb_n * bb_alpha / (bb_alpha + bb_beta),
    variance=bb_n * bb_alpha * bb_beta * (bb_alpha + bb_beta + bb_n)
    / ((bb_alpha + bb_beta) ** 2 * (bb_alpha + bb_beta + 1)),
    example={"n": 10, "alpha": 2, "beta": 3},
    cases=(
        ({"n": 10, "alpha": 2, "beta": 3}, {"n": 10, "alpha": 3, "beta": 2}, "moderate"),
        ({"n": 20, "alpha": "1/2", "beta": "1/2"}, {"n": 20, "alpha": 1, "beta": 1}, "U-shaped against uniform"),
        ({"n": 30, "alpha": "1/10^6", "beta": 1}, {"n": 30, "alpha": "1/10^3", "beta": 1},
         "tiny alpha: nearly all mass at 0"),
        ({"n": 15, "alpha": 10**8, "beta": 2 * 10**8}, {"n": 15, "alpha": 10**8, "beta": 3 * 10**8},
         "huge shapes: nearly binomial(15, 1/3) against binomial(15, 1/4)"),
        ({"n": 12, "alpha": "5/2", "beta": "7/3"}, {"n": 12, "alpha": "5/2+1/10^9", "beta": "7/3"},
         "near-equal alpha"),
        ({"n": 200, "alpha": 3, "beta": "9/2"}, {"n": 200, "alpha": 4, "beta": 4}, "long sum: n = 200"),
        ({"n": 1, "alpha": 2, "beta": 5}, {"n": 1, "alpha": 3, "beta": 1}, "n = 1: Bernoulli(2/7) against Bernoulli(3/4)"),
        ({"n": 8, "alpha": 2, "beta": 3}, {"n": 6, "alpha": 2, "beta": 3}, "different n: P's support not inside Q's, +oo"),
        ({"n": 6, "alpha": 2, "beta": 3}, {"n": 8, "alpha": 1, "beta": 1}, "different n: P's support inside Q's (exact sum)"),
    ),
    wide=(({"n": 40, "alpha": 1e-200, "beta": 1e150}, {"n": 40, "alpha": 1e-100, "beta": 1e100}),),
)

RECORDS = (hypergeometric, beta_binomial)
