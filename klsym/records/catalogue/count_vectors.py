"""Laws of count vectors (data only). Each record states its parameterization.

* ``multinomial``: n draws, K categories;
* ``negative_multinomial``: failures of K kinds before the r-th success;
* ``dirichlet_multinomial``: a multinomial count vector whose probability vector is Dirichlet;
* ``multivariate_hypergeometric``: n draws without replacement from an urn of c colours.

Vector parameters are index-sum vectors ``p[1], ..., p[K]``; the inner product that pairs
η with E[T] in the Bregman divergence is a sum over the index.
"""

from __future__ import annotations

import sympy as sp
from sympy import Rational, log, loggamma

from ..kinds import POSITIVE_VECTOR, PROBABILITY_VECTOR
from ..record import X, ExpFamily, Family, Param, Support
from .domains import INDEX_I as _i, INDEX_J as _j, K, POSITIVE, UNIT_CLOSED, affinity_term
from .category_sizes import CATEGORY_SIZES
from .finite import beta_binomial, hypergeometric
from .functions import log_binomial, log_rising
from .subprobability import SUB_PROBABILITY_VECTOR


# --------------------------------------------------------------------------- multinomial
_n = Param("n", sp.Interval(0, sp.oo), "number of trials", integer=True, fixed=True)
_mp = Param("p", UNIT_CLOSED, "probability vector p[1..K], summing to 1", kind=PROBABILITY_VECTOR)
n_, p_v = _n.symbol(), _mp.symbol()
x_count = sp.IndexedBase("x", integer=True, nonnegative=True)
#: the part of log h that depends on the counts
_LOG_H_COUNTS = -sp.Sum(loggamma(x_count[_i] + 1), (_i, 1, K))
_k = sp.Symbol("k", integer=True, nonnegative=True)

multinomial = Family(
    name="multinomial",
    title="Multinomial",
    params=(_n, _mp),
    support=Support(0, n_, discrete=True),
    logpdf=loggamma(n_ + 1) + _LOG_H_COUNTS + sp.Sum(x_count[_i] * log(p_v[_i]), (_i, 1, K)),
    parameterization=(
        "counts x[1..K] of n independent trials with category probabilities p: P(x) = n! / prod x[i]! * "
        "prod p[i]^x[i] for count vectors with x[1] + ... + x[K] = n; n >= 0 an integer, FIXED (it sets the "
        "support: P and Q with different n have disjoint supports), p a probability vector of length K >= 2 "
        "(as for categorical). Written as the over-parameterised exponential family eta_i = log p[i], "
        "T_i = x[i], A = 0 on the simplex, so E[T_i] = n p[i] (stated, not a gradient)."
    ),
    ef=ExpFamily(
        eta_symbols=(sp.Symbol("eta_i", real=True),),
        eta=(log(p_v[_i]),),
        T=(x_count[_i],),
        A=sp.Integer(0),
        log_h=loggamma(n_ + 1) + _LOG_H_COUNTS,
        mean_T=(n_ * p_v[_i],),
        index=(_i, 1, K),
    ),
    expectations=((
        _LOG_H_COUNTS,
        -sp.Sum(sp.Sum(sp.binomial(n_, _k) * p_v[_i] ** _k * (1 - p_v[_i]) ** (n_ - _k) * loggamma(_k + 1),
                       (_k, 0, n_)), (_i, 1, K)),
        "each count x[i] is Binomial(n, p[i]) (the marginal of a multinomial), so "
        "E[log x[i]!] is the finite binomial sum",
    ),),
    # A = 0 holds on the simplex only, so A(eta_alpha) is not the affinity
    affinity=(
        n_ * log(sp.Sum(affinity_term(_mp.symbol("_p")[_i], _mp.symbol("_q")[_i]), (_i, 1, K))),
        "the count vector is sufficient for n independent categorical draws under P and under Q (p/q depends "
        "on the draws through the counts only), so the affinity of the multinomials is that of the n-fold "
        "products of the categorical laws, (sum over i of p[i]^alpha q[i]^(1 - alpha))^n",
    ),
    example={"n": 5, "p": [Rational(1, 2), Rational(1, 3), Rational(1, 6)]},
    variable=x_count,
    support_text="count vectors x[i] in {0, 1, ..., n} with x[1] + ... + x[K] = n",
    # exact sums over every count vector
    cases=(
        ({"n": 5, "p": ["1/2", "1/3", "1/6"]}, {"n": 5, "p": ["1/3", "1/3", "1/3"]}, "K = 3 moderate"),
        ({"n": 10, "p": ["1/4", "3/4"]}, {"n": 10, "p": ["1/2", "1/2"]}, "K = 2 (binomial)"),
        ({"n": 4, "p": ["1/4", "1/4", "1/2"]}, {"n": 4, "p": ["1/4+1/10^9", "1/4-1/10^9", "1/2"]}, "near-equal"),
        ({"n": 6, "p": ["1/10^12", "1/2", "1/2-1/10^12"]}, {"n": 6, "p": ["1/3", "1/3", "1/3"]}, "p near 0"),
        ({"n": 8, "p": ["1/10", "2/10", "3/10", "4/10"]}, {"n": 8, "p": ["1/4", "1/4", "1/4", "1/4"]}, "K = 4"),
        ({"n": 3, "p": ["1/2", "1/2"]}, {"n": 5, "p": ["1/2", "1/2"]}, "different n: disjoint supports"),
        ({"n": 4, "p": ["1/3", "0", "2/3"]}, {"n": 4, "p": ["1/6", "1/6", "2/3"]}, "a zero in p"),
    ),
)


# --------------------------------------------------------------------------- negative multinomial
_nm_r = Param("r", sp.Interval.open(0, sp.oo), "number of successes (fixed; any real r > 0)", fixed=True)
_nm_p = Param("p", sp.Interval.open(0, 1), "failure probabilities p[1..K], summing to less than 1",
              kind=SUB_PROBABILITY_VECTOR)
nm_r, nm_p = _nm_r.symbol(), _nm_p.symbol()
_nm_k = sp.Symbol("k", integer=True, nonnegative=True)
x_fail = sp.IndexedBase("x", integer=True, nonnegative=True)
nm_eta = sp.IndexedBase("eta", negative=True)
#: the success probability 1 - (p[1] + ... + p[K]), the outcome p leaves out
_nm_p0 = 1 - sp.Sum(nm_p[_j], (_j, 1, K))
_nm_total = sp.Sum(x_fail[_i], (_i, 1, K))
_nm_log_h = loggamma(nm_r + _nm_total) - loggamma(nm_r) - sp.Sum(loggamma(x_fail[_i] + 1), (_i, 1, K))


def _nb_mean_of(g: sp.Expr, success: sp.Expr) -> sp.Expr:
    """E[g(k)] for k negative binomial: r successes, success probability ``success`` (the defining sum)."""
    return sp.Sum(sp.exp(loggamma(nm_r + _nm_k) - loggamma(nm_r) - loggamma(_nm_k + 1) + nm_r * log(success)
                         + _nm_k * log(1 - success)) * g, (_nm_k, 0, sp.oo))


negative_multinomial = Family(
    name="negative_multinomial",
    title="Negative multinomial",
    params=(_nm_r, _nm_p),
    support=Support(0, sp.oo, discrete=True),
    logpdf=_nm_log_h + nm_r * log(_nm_p0) + sp.Sum(x_fail[_i] * log(nm_p[_i]), (_i, 1, K)),
    parameterization=(
        "counts x[1..K] of failures of K kinds before the r-th success, in independent trials that end in "
        "failure of kind i with probability p[i] and in success with probability p0 = 1 - (p[1] + ... + p[K]): "
        "P(x) = Gamma(r + x[1] + ... + x[K]) / (Gamma(r) prod x[i]!) * p0^r * prod p[i]^x[i] for count "
        "vectors with every x[i] >= 0. r > 0 real, FIXED (shared by P and Q in the symbolic forms); p a "
        "vector of K >= 2 FAILURE probabilities, each in (0, 1), summing to less than 1 (the success "
        "probability p0 is not listed). One kind of failure (K = 1) is negative_binomial(r, p0). Natural "
        "parameters eta_i = log p[i] with T_i = x[i] and A = -r log(1 - sum exp(eta_i)), summed over i."
    ),
    ef=ExpFamily(
        eta_symbols=(nm_eta[_i],),
        eta=(log(nm_p[_i]),),
        T=(x_fail[_i],),
        A=-nm_r * log(1 - sp.Sum(sp.exp(nm_eta[_j]), (_j, 1, K))),
        log_h=_nm_log_h,
        index=(_i, 1, K),
        natural_space=(sp.Lt(sp.Sum(sp.exp(nm_eta[_j]), (_j, 1, K)), 1, evaluate=False),
                       "the sum of h(x) prod exp(eta_i x[i]) over count vectors is the negative binomial "
                       "series of (1 - sum exp(eta_i))^(-r), finite exactly when sum exp(eta_i) < 1"),
    ),
    # the discrete engine takes log h's atoms together (klsym.derive.entropy), so the two facts are stated as one
    expectations=((
        _nm_log_h + loggamma(nm_r),
        _nb_mean_of(loggamma(nm_r + _nm_k), _nm_p0)
        - sp.Sum(_nb_mean_of(loggamma(_nm_k + 1), _nm_p0 / (_nm_p0 + nm_p[_i])), (_i, 1, K)),
        "the total x[1] + ... + x[K] counts the failures of any kind before the r-th success, so it is "
        "negative binomial with r successes and success probability p0; each x[i] alone counts the failures of "
        "kind i before the r-th success when the other kinds are ignored, so it is negative binomial with r "
        "successes and success probability p0/(p0 + p[i]) (Johnson, Kotz and Balakrishnan, Discrete "
        "Multivariate Distributions, 1997, ch. 36)",
    ),),
    example={"r": 3, "p": [Rational(1, 4), Rational(1, 4)]},
    variable=x_fail,
    support_text="count vectors x[i] in {0, 1, 2, ...}, any total",
    cases=(
        ({"r": 3, "p": ["1/4", "1/4"]}, {"r": 3, "p": ["1/3", "1/6"]}, "K = 2 moderate"),
        ({"r": "1/2", "p": ["1/10", "1/5", "3/10"]}, {"r": "1/2", "p": ["1/5", "1/5", "1/5"]}, "K = 3, r < 1"),
        ({"r": 2, "p": ["19/40", "19/40"]}, {"r": 2, "p": ["1/4", "1/4"]},
         "success probability 1/20: a geometric tail of ratio 19/20"),
        ({"r": 1000, "p": ["1/4", "1/4"]}, {"r": 1000, "p": ["1/5", "3/10"]}, "large r"),
        ({"r": 5, "p": ["1/3", "1/3"]}, {"r": 5, "p": ["1/3+1/10^9", "1/3-1/10^9"]}, "near-equal"),
        ({"r": 2, "p": ["1/10^12", "1/2"]}, {"r": 2, "p": ["1/4", "1/4"]}, "an entry near 0"),
        ({"r": 4, "p": ["1/10", "1/10", "1/10", "1/10"]}, {"r": 4, "p": ["1/20", "1/10", "3/20", "1/5"]}, "K = 4"),
    ),
)


# --------------------------------------------------------------------------- dirichlet_multinomial
_dm_n = Param("n", sp.Interval(0, sp.oo), "number of trials (fixed; an integer n >= 0)", integer=True, fixed=True)
_dm_alpha = Param("alpha", POSITIVE, "concentration vector alpha[1..K] of the Dirichlet law of the probabilities, "
                  "entries > 0", kind=POSITIVE_VECTOR)
dm_n, dm_alpha = _dm_n.symbol(), _dm_alpha.symbol()
x_dm = sp.IndexedBase("x", integer=True, nonnegative=True)
_dm_total = sp.Sum(dm_alpha[_j], (_j, 1, K))
_dm_log_factorials = sp.Sum(loggamma(x_dm[_i] + 1), (_i, 1, K))
_dm_a = sp.Wild("a")
_DM_MARGINAL = (
    "each count x[i] alone is beta-binomial(n, alpha[i], alpha_0 - alpha[i]): given pi it is binomial(n, pi[i]), and "
    "pi[i] of a Dirichlet(alpha) vector is Beta(alpha[i], alpha_0 - alpha[i]) (merging the other parts; Mosimann, "
    "Biometrika 49, 1962), so E[sum_i g(x[i])] is the sum over i of beta-binomial means")


def _dm_marginal_mean(g: sp.Expr) -> sp.Expr:
    """E[g(x[i])] summed over i, each x[i] beta-binomial(n, alpha[i], alpha_0 - alpha[i]): the defining sum of
    the beta_binomial record's probabilities (in X) times g(X)."""
    own = {s.name: s for s in beta_binomial.symbols().values()}
    law = beta_binomial.logpdf.xreplace({own["n"]: dm_n, own["alpha"]: dm_alpha[_i],
                                         own["beta"]: _dm_total - dm_alpha[_i]})
    return sp.Sum(sp.Sum(sp.exp(law) * g, (X, 0, dm_n)), (_i, 1, K))


dirichlet_multinomial = Family(
    name="dirichlet_multinomial",
    title="Dirichlet-multinomial",
    params=(_dm_n, _dm_alpha),
    support=Support(0, dm_n, discrete=True),
    logpdf=(loggamma(dm_n + 1) - _dm_log_factorials + sp.Sum(log_rising(dm_alpha[_i], x_dm[_i]), (_i, 1, K))
            - log_rising(_dm_total, dm_n)),
    parameterization=(
        "counts x[1..K] of n trials that fall in category i with probability pi[i], where pi is drawn once from "
        "Dirichlet(alpha): P(x) = n! / prod x[i]! * prod (alpha[i])_x[i] / (alpha_0)_n for count vectors with "
        "x[1] + ... + x[K] = n, alpha_0 = alpha[1] + ... + alpha[K], (a)_k = a (a + 1) ... (a + k - 1) the "
        "rising factorial. n >= 0 an integer, FIXED (it sets the support: P and Q with different n have "
        "disjoint supports); alpha a vector of K >= 2 entries > 0 (scipy: dirichlet_multinomial(alpha, n)). "
        "K = 2 is beta_binomial(n, alpha[1], alpha[2]); alpha = a p with a -> oo gives multinomial(n, p). Not an "
        "exponential family: KL is the sum over each count's marginal law (below), not a Bregman divergence."
    ),
    # log p - log q is a sum over i of functions of x[i] alone, so its mean needs each count's law only
    expectations=tuple((pattern, _dm_marginal_mean(g), _DM_MARGINAL) for pattern, g in (
        (_dm_log_factorials, loggamma(X + 1)),
        (sp.Sum(log_rising(_dm_a, x_dm[_i]), (_i, 1, K)), log_rising(_dm_a, X)),
    )),
    example={"n": 5, "alpha": [1, 2, 3]},
    variable=x_dm,
    support_text="count vectors x[i] in {0, 1, ..., n} with x[1] + ... + x[K] = n",
    cases=(
        ({"n": 5, "alpha": [1, 2, 3]}, {"n": 5, "alpha": [2, 2, 2]}, "K = 3 moderate"),
        ({"n": 10, "alpha": [2, 3]}, {"n": 10, "alpha": [3, 2]}, "K = 2 (beta-binomial)"),
        ({"n": 6, "alpha": ["1/10^6", 1, 1]}, {"n": 6, "alpha": ["1/10^3", 1, 1]},
         "a tiny alpha: category 1 nearly never seen"),
        ({"n": 8, "alpha": [10**8, 2 * 10**8, 10**8]}, {"n": 8, "alpha": [1, 1, 1]},
         "huge alpha (nearly multinomial(8, (1/4, 1/2, 1/4))) against uniform pi"),
        ({"n": 7, "alpha": ["5/2", "7/3", 1]}, {"n": 7, "alpha": ["5/2+1/10^9", "7/3", 1]}, "near-equal"),
        ({"n": 40, "alpha": ["1/2", "1/2", "1/2"]}, {"n": 40, "alpha": [3, 4, 5]}, "n = 40: 861 count vectors"),
        ({"n": 200, "alpha": [1, 2, 3]}, {"n": 200, "alpha": [2, 2, 2]},
         "n = 200: 603 terms in the form's sums, 20301 count vectors"),
        ({"n": 6, "alpha": [1, 2, 3, 4]}, {"n": 6, "alpha": [4, 3, 2, 1]}, "K = 4 reversed"),
        ({"n": 3, "alpha": [1, 1]}, {"n": 5, "alpha": [1, 1]}, "different n: disjoint supports"),
    ),
)


# --------------------------------------------------------------------------- multivariate_hypergeometric
_mh_K = Param("K", sp.Interval(0, sp.oo), "numbers of balls of each colour K[1..c], integers >= 0", integer=True,
              kind=CATEGORY_SIZES)
_mh_n = Param("n", sp.Interval(0, sp.oo), "number of draws without replacement (fixed; an integer, "
              "n <= K[1] + ... + K[c])", integer=True, fixed=True)
mh_K, mh_n = _mh_K.symbol(), _mh_n.symbol()
#: the number of colours (the length of K)
mh_c = sp.Symbol("c", integer=True, positive=True)
x_mh = sp.IndexedBase("x", integer=True, nonnegative=True)
_mh_total = sp.Sum(mh_K[_j], (_j, 1, mh_c))
_mh_a = sp.Wild("a")
_MH_MARGINAL = (
    "each count x[i] alone is hypergeometric(N, K[i], n), N = K[1] + ... + K[c]: the balls of the other colours, "
    "merged, are the failures of n draws without replacement (Johnson, Kotz and Balakrishnan, Discrete "
    "Multivariate Distributions, 1997, ch. 39), so E[sum_i g(x[i])] is the sum over i of hypergeometric means; "
    "each mean runs over that law's support, max(0, n - N + K[i]) <= x[i] <= min(n, K[i])")


def _mh_marginal_mean(g: sp.Expr) -> sp.Expr:
    """E[g(x[i])] summed over i, each x[i] hypergeometric(N, K[i], n): the defining sum of the hypergeometric
    record's probabilities (in X) times g(X), over that record's support."""
    own = {s.name: s for s in hypergeometric.symbols().values()}
    to = {own["N"]: _mh_total, own["K"]: mh_K[_i], own["n"]: mh_n}
    law = hypergeometric.logpdf.xreplace(to)
    ends = (hypergeometric.support.lower, hypergeometric.support.upper)
    lo, hi = (sp.sympify(e, strict=True).xreplace(to) for e in ends)
    return sp.Sum(sp.Sum(sp.exp(law) * g, (X, lo, hi)), (_i, 1, mh_c))


def _draws_rule(values: dict) -> str | None:
    n, total = values["n"], sp.Add(*values["K"])
    if not (n <= total) is sp.true:
        return f"parameter n = {n} breaks the rule n <= K[1] + ... + K[c] = {total} (draws without replacement)"
    return None


multivariate_hypergeometric = Family(
    name="multivariate_hypergeometric",
    title="Multivariate hypergeometric",
    params=(_mh_K, _mh_n),
    # per colour: x[i] <= min(n, K[i]); P's support is inside Q's when that holds for each colour
    support=Support(0, sp.Min(mh_n, mh_K[_i]), discrete=True),
    logpdf=sp.Sum(log_binomial(mh_K[_i], x_mh[_i]), (_i, 1, mh_c)) - log_binomial(_mh_total, mh_n),
    parameterization=(
        "counts x[1..c] of each colour in n draws without replacement from an urn holding K[i] balls of colour i: "
        "P(x) = prod C(K[i], x[i]) / C(N, n) for count vectors with x[1] + ... + x[c] = n and 0 <= x[i] <= K[i], "
        "N = K[1] + ... + K[c], C(a, b) = a!/(b! (a - b)!). K a vector of c >= 2 integers >= 0 (an empty colour "
        "allowed); n an integer, 0 <= n <= N, FIXED (it sets the total: P and Q with different n have disjoint "
        "supports). K sets the support too: KL(P‖Q) is +oo unless min(n, K_P[i]) <= K_Q[i] for every colour i. "
        "c = 2 is hypergeometric(N, K[1], n); K = N p with N -> oo gives multinomial(n, p) (scipy: "
        "multivariate_hypergeom(m=K, n=n)). Not an exponential family (its support moves with K): KL is the sum "
        "over each count's marginal law (below)."
    ),
    extra_check=_draws_rule,
    expectations=((
        sp.Sum(log_binomial(_mh_a, x_mh[_i]), (_i, 1, mh_c)),
        _mh_marginal_mean(log_binomial(_mh_a, X)),
        _MH_MARGINAL,
    ),),
    example={"K": [5, 3, 2], "n": 4},
    variable=x_mh,
    support_text="count vectors x[i] in {0, 1, ..., min(n, K[i])} with x[1] + ... + x[c] = n",
    cases=(
        ({"K": [5, 3, 2], "n": 4}, {"K": [4, 4, 2], "n": 4}, "c = 3 moderate"),
        ({"K": [20, 30], "n": 10}, {"K": [25, 25], "n": 10}, "c = 2 (hypergeometric)"),
        ({"K": [10**6, 2 * 10**6, 3 * 10**6], "n": 20}, {"K": [2 * 10**6, 2 * 10**6, 2 * 10**6], "n": 20},
         "large urn: nearly multinomial(20, (1/6, 1/3, 1/2)) against uniform"),
        ({"K": [10**9, 10**9, 10**9], "n": 12}, {"K": [10**9 + 1, 10**9, 10**9 - 1], "n": 12},
         "huge urn, near-equal"),
        ({"K": [0, 5, 5], "n": 4}, {"K": [1, 5, 5], "n": 4}, "an empty colour"),
        ({"K": [3, 2, 1], "n": 6}, {"K": [3, 3, 1], "n": 6}, "every ball drawn: P a point mass"),
        ({"K": [10, 20, 30, 40], "n": 30}, {"K": [30, 30, 30, 30], "n": 30}, "c = 4, n = 30: 5456 count vectors"),
        ({"K": [5, 5, 2], "n": 4}, {"K": [2, 8, 2], "n": 4}, "supports not nested: +oo (finite the other way)"),
        ({"K": [4, 4], "n": 3}, {"K": [4, 4], "n": 5}, "different n: disjoint supports"),
    ),
)


RECORDS = (multinomial, negative_multinomial, dirichlet_multinomial, multivariate_hypergeometric)
