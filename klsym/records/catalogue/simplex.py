"""Laws on the simplex, with index-sum parameters (data only). Each record states its parameterization.

* ``dirichlet``: Dir(alpha) on the simplex with K parts;
* ``generalized_dirichlet``: Connor and Mosimann's, independent Beta(alpha_i, beta_i) sticks.

Vector parameters are index-sum vectors ``alpha[1], ..., alpha[K]``; the inner product
that pairs η with E[T] in the Bregman divergence is a sum over the index.
"""

from __future__ import annotations

import sympy as sp
from sympy import log, loggamma

from ..kinds import POSITIVE_VECTOR
from ..record import ExpFamily, Family, Param, Support
from .domains import INDEX_I as _i, INDEX_J as _j, K, POSITIVE


# --------------------------------------------------------------------------- dirichlet
_alpha = Param("alpha", POSITIVE, "concentration vector alpha[1..K], entries > 0", kind=POSITIVE_VECTOR)
alpha_v = _alpha.symbol()
x_pos = sp.IndexedBase("x", positive=True)
eta_v = sp.IndexedBase("eta", real=True)

dirichlet = Family(
    name="dirichlet",
    title="Dirichlet",
    params=(_alpha,),
    support=Support(0, 1, discrete=False),
    logpdf=(sp.Sum((alpha_v[_i] - 1) * log(x_pos[_i]), (_i, 1, K)) - sp.Sum(loggamma(alpha_v[_i]), (_i, 1, K))
            + loggamma(sp.Sum(alpha_v[_i], (_i, 1, K)))),
    parameterization=(
        "Dir(alpha) on the simplex x[i] > 0, x[1] + ... + x[K] = 1, K = len(alpha) >= 2: density "
        "Gamma(alpha_0) / prod Gamma(alpha[i]) * prod x[i]^(alpha[i]-1), alpha_0 = sum alpha[i], with respect to "
        "Lebesgue measure on (x[1], ..., x[K-1]); every alpha[i] > 0. Natural parameters eta_i = alpha[i] - 1, "
        "T_i = log x[i], summed over i."
    ),
    ef=ExpFamily(
        eta_symbols=(eta_v[_i],),
        eta=(alpha_v[_i] - 1,),
        T=(log(x_pos[_i]),),
        A=sp.Sum(loggamma(eta_v[_j] + 1), (_j, 1, K)) - loggamma(sp.Sum(eta_v[_j] + 1, (_j, 1, K))),
        log_h=sp.Integer(0),
        index=(_i, 1, K),
    ),
    example={"alpha": [1, 2, 3]},
    variable=x_pos,
    support_text="the open simplex x[i] > 0, x[1] + ... + x[K] = 1 (density in x[1], ..., x[K-1])",
    cases=(
        ({"alpha": [2, 3]}, {"alpha": [4, 1]}, "K = 2 moderate"),
        ({"alpha": ["1/10", "1/5"]}, {"alpha": ["1/2", 3]}, "K = 2 small alpha: both ends singular"),
        ({"alpha": ["1/2", "1/2"]}, {"alpha": ["1/2", "1/2+1/10^8"]}, "K = 2 near-equal"),
        ({"alpha": [1000, 2000]}, {"alpha": [1100, 2000]}, "K = 2 large alpha"),
        ({"alpha": [1, 2, 3]}, {"alpha": [2, 2, 2]}, "K = 3 moderate"),
        ({"alpha": [1, 1, 1]}, {"alpha": [1, "3/2", 8]}, "K = 3 uniform vs concentrated"),
        ({"alpha": [3, 4, 5]}, {"alpha": [3, 4, "5+1/10^6"]}, "K = 3 near-equal"),
        ({"alpha": ["1/10", "1/5", "1/2"]}, {"alpha": [1, 1, 1]},
         "K = 3 small alpha: singular at every edge"),
        ({"alpha": [1, 2, 3, 4]}, {"alpha": [4, 3, 2, 1]},
         "K = 4 reversed"),
        ({"alpha": ["1/10", "1/2", 2, "1/3", 5]}, {"alpha": [1, 1, 1, 1, 1]},
         "K = 5 mixed"),
        ({"alpha": [1] * 10}, {"alpha": [1] * 9 + ["1+1/10^6"]},
         "K = 10 near-equal"),
    ),
)


# --------------------------------------------------------------------------- generalized dirichlet
_gd_alpha = Param("alpha", POSITIVE, "first shapes alpha[1..K] of the stick-breaking betas, entries > 0",
                  kind=POSITIVE_VECTOR)
_gd_beta = Param("beta", POSITIVE, "second shapes beta[1..K] of the stick-breaking betas, entries > 0",
                 kind=POSITIVE_VECTOR)
gd_alpha, gd_beta = _gd_alpha.symbol(), _gd_beta.symbol()
x_gd = sp.IndexedBase("x", positive=True)
gd_eta1, gd_eta2 = sp.IndexedBase("eta1", real=True), sp.IndexedBase("eta2", real=True)


def _gd_log_rest(upto: sp.Expr) -> sp.Expr:
    """log(1 − x[1] − ... − x[upto]), the log of the stick left after ``upto`` breaks (0 for upto = 0)."""
    return log(1 - sp.Sum(x_gd[_j], (_j, 1, upto)))


_gd_log_h = -sp.Sum(_gd_log_rest(_i - 1), (_i, 1, K))


def _gd_lengths(values: dict) -> str | None:
    a, b = values["alpha"], values["beta"]
    if len(a) != len(b):
        return (f"parameters alpha and beta: alpha has length {len(a)} but beta has length {len(b)}; the rule is "
                "len(alpha) = len(beta)")
    return None


generalized_dirichlet = Family(
    name="generalized_dirichlet",
    title="Generalized Dirichlet",
    params=(_gd_alpha, _gd_beta),
    support=Support(0, 1, discrete=False),
    logpdf=sp.Sum((gd_alpha[_i] - 1) * log(x_gd[_i]) + (gd_beta[_i] - 1) * _gd_log_rest(_i)
                  - (gd_alpha[_i] + gd_beta[_i] - 1) * _gd_log_rest(_i - 1)
                  - loggamma(gd_alpha[_i]) - loggamma(gd_beta[_i]) + loggamma(gd_alpha[_i] + gd_beta[_i]), (_i, 1, K)),
    parameterization=(
        "Connor-Mosimann GD(alpha, beta) (JASA 64, 1969) of x[1..K], x[i] > 0, x[1] + ... + x[K] < 1 (the K "
        "free coordinates of a point of the simplex with K + 1 parts, x[K+1] = 1 - sum x[i] not listed): "
        "z[i] = x[i] / (1 - x[1] - ... - x[i-1]) are independent, z[i] ~ Beta(alpha[i], beta[i]). Density "
        "prod_i x[i]^(alpha[i]-1) (1 - x[1] - ... - x[i])^(gamma[i]) / B(alpha[i], beta[i]) with gamma[i] = "
        "beta[i] - alpha[i+1] - beta[i+1] for i < K and gamma[K] = beta[K] - 1, with respect to Lebesgue measure "
        "on (x[1], ..., x[K]); alpha, beta of one length K >= 2, every entry > 0 (K = 1 is beta(alpha, beta)). "
        "With beta[i] = alpha[i+1] + beta[i+1] for every i < K it is dirichlet(alpha[1], ..., alpha[K], beta[K]). "
        "Natural parameters eta1_i = alpha[i] - 1, eta2_i = beta[i] - 1 with T_i = (log z[i], log(1 - z[i])), "
        "summed over i, and log h = -sum_i log(1 - x[1] - ... - x[i-1]) (the Jacobian of x -> z)."
    ),
    ef=ExpFamily(
        eta_symbols=(gd_eta1[_i], gd_eta2[_i]),
        eta=(gd_alpha[_i] - 1, gd_beta[_i] - 1),
        T=(log(x_gd[_i]) - _gd_log_rest(_i - 1), _gd_log_rest(_i) - _gd_log_rest(_i - 1)),
        A=sp.Sum(loggamma(gd_eta1[_j] + 1) + loggamma(gd_eta2[_j] + 1) - loggamma(gd_eta1[_j] + gd_eta2[_j] + 2),
                 (_j, 1, K)),
        log_h=_gd_log_h,
        index=(_i, 1, K),
    ),
    expectations=((
        -_gd_log_h,
        sp.Sum((K - _i) * (sp.digamma(gd_beta[_i]) - sp.digamma(gd_alpha[_i] + gd_beta[_i])), (_i, 1, K)),
        "1 - x[1] - ... - x[i] = (1 - z[1]) ... (1 - z[i]) with z[j] ~ Beta(alpha[j], beta[j]) independent "
        "(Connor and Mosimann, JASA 64, 1969), and E[log(1 - z[j])] = psi(beta[j]) - psi(alpha[j] + beta[j]); "
        "log(1 - z[j]) enters the sum over i once for each i > j, K - j times",
    ),),
    extra_check=_gd_lengths,
    example={"alpha": [1, 2], "beta": [3, 4]},
    variable=x_gd,
    support_text="x[i] > 0 with x[1] + ... + x[K] < 1 (K free coordinates of a simplex with K + 1 parts)",
    cases=(
        ({"alpha": [1, 2], "beta": [3, 4]}, {"alpha": [2, 2], "beta": [2, 5]}, "K = 2 moderate"),
        ({"alpha": ["1/10", "1/5"], "beta": ["1/2", "1/3"]}, {"alpha": [1, 1], "beta": [1, 1]},
         "K = 2 small shapes: singular at every edge"),
        ({"alpha": [2, 3], "beta": [5, 4]}, {"alpha": [2, 3], "beta": [5, "4+1/10^8"]}, "K = 2 near-equal"),
        ({"alpha": [1000, 2000], "beta": [3000, 1000]}, {"alpha": [1100, 2000], "beta": [3000, 1100]},
         "K = 2 large shapes"),
        ({"alpha": [1, 2, 3], "beta": [5, 3, 1]}, {"alpha": [3, 2, 1], "beta": [1, 2, 3]}, "K = 3"),
        ({"alpha": [1, 2, 3], "beta": [9, 7, 4]}, {"alpha": [2, 2, 2], "beta": [6, 4, 2]},
         "K = 3, both Dirichlet laws (beta[i] = alpha[i+1] + beta[i+1])"),
        ({"alpha": ["1/2", 1, 2, 5], "beta": [2, "1/3", 4, "1/10"]}, {"alpha": [1, 1, 1, 1], "beta": [4, 3, 2, 1]},
         "K = 4 mixed"),
    ),
)


RECORDS = (dirichlet, generalized_dirichlet)
