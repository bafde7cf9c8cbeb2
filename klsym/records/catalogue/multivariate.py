"""Multivariate families (data only). Each record states its parameterization.

Vector and matrix parameters are SymPy matrix symbols of the symbolic size
``d`` = :data:`klsym.records.record.D` (multivariate normal, Wishart, inverse Wishart),
or index-sum vectors ``alpha[1], ..., alpha[K]`` (Dirichlet, multinomial). The
inner product that pairs η with E[T] in the Bregman divergence follows the
parameter: ``aᵀb`` for vectors, ``trace(aᵀB)`` for matrices, a sum over the
index for index-sum vectors. Quadratic forms are written as the (0, 0) entry of
a 1 x 1 matrix product; the multivariate gamma function is the sum
log Γ_d(a) = d(d−1)/4 log π + Σ_{j=1}^{d} log Γ(a + (1 − j)/2)
(its definition, e.g. DLMF 35.3.1).

These records write their log-density (it is not derived from the parts as for
the univariate exponential families): the index-sum and matrix forms of
η·T − A(η(θ)) do not reduce by themselves (Σ_i with KroneckerDelta, inverses of
inverses inside determinants), and the multivariate oracle compiles the written
form, whose completed squares ((x − mu)ᵀ Sigma⁻¹ (x − mu), lam tau (x − mu)²)
lose no digits far from the origin. The tests check each written log-density
against its exponential-family parts.

Each record block defines its own parameter symbols (a test reads this file
and refuses a symbol used outside the block that defines it); the index
symbols ``K``, ``i``, ``j`` are shared, defined above the first block.
"""

from __future__ import annotations

import sympy as sp
from sympy import Determinant, Rational, Trace, log, loggamma, pi
from sympy.matrices.expressions.matexpr import MatrixElement

from ..kinds import DEGREES_OF_FREEDOM, POSITIVE_VECTOR, PROBABILITY_VECTOR, REAL_VECTOR, SPD_MATRIX
from ..record import D, ExpFamily, Family, Param, Support
from .subprobability import SUB_PROBABILITY_VECTOR
from .domains import POSITIVE, REAL, UNIT_CLOSED, affinity_term, eta

half = Rational(1, 2)
#: number of components of an index-sum vector (the length of the vector parameter)
K = sp.Symbol("K", integer=True, positive=True)
_i = sp.Symbol("i", integer=True, positive=True)
_j = sp.Symbol("j", integer=True, positive=True)


def log_multivariate_gamma(a: sp.Expr, d: sp.Expr = D) -> sp.Expr:
    """log Γ_d(a) = d(d−1)/4 log π + Σ_{j=1}^{d} log Γ(a + (1 − j)/2) (DLMF 35.3.1)."""
    return d * (d - 1) / 4 * log(pi) + sp.Sum(loggamma(a + (1 - _j) / 2), (_j, 1, d))


def _quadratic(u: sp.MatrixExpr, m: sp.MatrixExpr, v: sp.MatrixExpr) -> sp.Expr:
    """uᵀ M v as a scalar (the entry of the 1 x 1 product)."""
    return MatrixElement(u.T * m * v, 0, 0)


def _normal_log_density(y: sp.MatrixExpr, mu: sp.MatrixExpr, sigma: sp.MatrixExpr) -> sp.Expr:
    """log N_d(y; mu, Sigma), written with the completed square (y − mu)ᵀ Sigma⁻¹ (y − mu)."""
    return -_quadratic(y - mu, sigma.I, y - mu) / 2 - log(Determinant(sigma)) / 2 - D * log(2 * pi) / 2


def _normal_parts(y: sp.MatrixExpr, mu: sp.MatrixExpr, sigma: sp.MatrixExpr, e1: sp.MatrixSymbol,
                  e2: sp.MatrixSymbol, log_h: sp.Expr) -> ExpFamily:
    """The exponential-family parts of a law whose y(x) is N_d(mu, Sigma): eta = (Sigma⁻¹ mu, −Sigma⁻¹/2)
    with T = (y, y yᵀ) and the normal's log-partition in (e1, e2); ``log_h`` holds the Jacobian of x -> y."""
    return ExpFamily(eta_symbols=(e1, e2), eta=(sigma.I * mu, -sigma.I / 2), T=(y, y * y.T),
                     A=-_quadratic(e1, e2.I, e1) / 4 - log(Determinant(-2 * e2)) / 2, log_h=log_h)


def _dimension_rule(vector: str, matrix: str):
    def check(values: dict) -> str | None:
        a, b = values[vector], values[matrix]
        if a.shape[0] != b.shape[0]:
            return (f"parameters {vector} and {matrix}: {vector} has length {a.shape[0]} but {matrix} is "
                    f"{b.shape[0]} x {b.shape[1]}; the rule is len({vector}) = size of {matrix}")
        return None

    return check


def _degrees_rule(nu: str, matrix: str):
    def check(values: dict) -> str | None:
        n, m = values[nu], values[matrix]
        dim = m.shape[0]
        if not (n > dim - 1) is sp.true:
            return f"parameter {nu} = {n} breaks the rule {nu} > d - 1 = {dim - 1} (d = {dim}, the size of {matrix})"
        return None

    return check


# --------------------------------------------------------------------------- multivariate normal
_mu = Param("mu", REAL, "mean vector (length d)", kind=REAL_VECTOR)
_Sigma = Param("Sigma", REAL, "covariance matrix (d x d, symmetric positive definite)", kind=SPD_MATRIX)
mu, Sigma = _mu.symbol(), _Sigma.symbol()
x_vec = sp.MatrixSymbol("x", D, 1)
E1v, E2m = sp.MatrixSymbol("eta1", D, 1), sp.MatrixSymbol("eta2", D, D)

multivariate_normal = Family(
    name="multivariate_normal",
    title="Multivariate normal",
    params=(_mu, _Sigma),
    support=Support(-sp.oo, sp.oo, discrete=False),
    logpdf=_normal_log_density(x_vec, mu, Sigma),
    parameterization=(
        "N_d(mu, Sigma) on R^d, any d >= 1: mu the mean vector (length d), Sigma the covariance matrix "
        "(d x d, symmetric positive definite; not its inverse, not a Cholesky factor). "
        "Natural parameters eta1 = Sigma^-1 mu, eta2 = -Sigma^-1/2 with T(x) = (x, x x^T), "
        "paired by eta1^T x + trace(eta2^T x x^T)."
    ),
    ef=_normal_parts(x_vec, mu, Sigma, E1v, E2m, -D * log(2 * pi) / 2),
    extra_check=_dimension_rule("mu", "Sigma"),
    example={"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]},
    variable=x_vec,
    support_text="R^d (column vectors x of length d)",
    # multivariate rows: the oracle integrates over P's independent variables
    # (klsym.oracle.coordinates), one at a time, in any dimension
    cases=(
        ({"mu": [0], "Sigma": [[1]]}, {"mu": [1], "Sigma": [[4]]}, "d = 1 textbook"),
        ({"mu": [3], "Sigma": [[2]]}, {"mu": [3], "Sigma": [["2+1/10^8"]]}, "d = 1 near-equal"),
        ({"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]}, {"mu": [1, 2], "Sigma": [[2, 1], [1, 3]]}, "d = 2 correlated"),
        ({"mu": [0, 0], "Sigma": [[1, "1-1/10^6"], ["1-1/10^6", 1]]}, {"mu": ["1/2", 0], "Sigma": [[1, 0], [0, 1]]},
         "d = 2 near-singular covariance"),
        ({"mu": [0, 0, 1], "Sigma": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]},
         {"mu": [1, 2, 0], "Sigma": [[3, 0, 0], [0, 1, 0], [0, 0, 2]]}, "d = 3 correlated"),
        ({"mu": [0, 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
         {"mu": ["1/10^8", 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}, "d = 3 near-equal means"),
        ({"mu": [0, 0, 0], "Sigma": [["1/10^6", 0, 0], [0, 1, 0], [0, 0, "10^6"]]},
         {"mu": [1, 1, 1], "Sigma": [[1, "1/2", 0], ["1/2", 1, 0], [0, 0, 1]]}, "d = 3 scales 10^12 apart"),
        ({"mu": [0, 0, 0, 0], "Sigma": [[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]]},
         {"mu": [1, 0, -1, 0],
          "Sigma": [[1, "1/2", "1/3", "1/4"], ["1/2", 1, "1/2", "1/3"], ["1/3", "1/2", 1, "1/2"], ["1/4", "1/3", "1/2", 1]]},
         "d = 4, Q's correlations 1/(1 + |i - j|)"),
    ),
)

# --------------------------------------------------------------------------- multivariate lognormal
_ln_mu = Param("mu", REAL, "mean vector of log x (length d)", kind=REAL_VECTOR)
_ln_Sigma = Param("Sigma", REAL, "covariance matrix of log x (d x d, symmetric positive definite)", kind=SPD_MATRIX)
ln_mu, ln_Sigma = _ln_mu.symbol(), _ln_Sigma.symbol()
x_pos_vec = sp.MatrixSymbol("x", D, 1)
#: the elementwise log of the variable, (log x[1], ..., log x[d])
log_x = x_pos_vec.applyfunc(log)
#: log x[1] + ... + log x[d], as the entry of a 1 x 1 product
_sum_log_x = MatrixElement(sp.OneMatrix(D, 1).T * log_x, 0, 0)
LE1v, LE2m = sp.MatrixSymbol("eta1", D, 1), sp.MatrixSymbol("eta2", D, D)

multivariate_lognormal = Family(
    name="multivariate_lognormal",
    title="Multivariate lognormal",
    params=(_ln_mu, _ln_Sigma),
    support=Support(0, sp.oo, discrete=False),
    logpdf=_normal_log_density(log_x, ln_mu, ln_Sigma) - _sum_log_x,
    parameterization=(
        "the law of x = (exp y[1], ..., exp y[d]) for y ~ N_d(mu, Sigma), on (0, oo)^d, any d >= 1: mu and "
        "Sigma are the mean vector and covariance matrix of log x (componentwise), NOT of x; Sigma symmetric "
        "positive definite. Density N_d(log x; mu, Sigma) / (x[1] ... x[d]). x -> log x is a bijection onto "
        "R^d, so every divergence equals that of multivariate_normal(mu, Sigma). Natural parameters "
        "eta1 = Sigma^-1 mu, eta2 = -Sigma^-1/2 with T(x) = (log x, (log x)(log x)^T) and "
        "log h(x) = -d log(2 pi)/2 - (log x[1] + ... + log x[d])."
    ),
    ef=_normal_parts(log_x, ln_mu, ln_Sigma, LE1v, LE2m, -D * log(2 * pi) / 2 - _sum_log_x),
    extra_check=_dimension_rule("mu", "Sigma"),
    example={"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]},
    variable=x_pos_vec,
    support_text="(0, oo)^d (column vectors x of length d with every x[i] > 0)",
    cases=(
        ({"mu": [0], "Sigma": [[1]]}, {"mu": [1], "Sigma": [[4]]}, "d = 1 textbook"),
        ({"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]}, {"mu": [1, 2], "Sigma": [[2, 1], [1, 3]]}, "d = 2 correlated"),
        ({"mu": [30, -20], "Sigma": [["1/4", 0], [0, "1/4"]]}, {"mu": [29, -21], "Sigma": [[1, "1/2"], ["1/2", 1]]},
         "d = 2 x[1] near 10^13, x[2] near 10^-9"),
        ({"mu": [0, 0], "Sigma": [[1, "1-1/10^6"], ["1-1/10^6", 1]]}, {"mu": ["1/2", 0], "Sigma": [[1, 0], [0, 1]]},
         "d = 2 near-singular covariance"),
        ({"mu": [0, 0, 1], "Sigma": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]},
         {"mu": [1, 2, 0], "Sigma": [[3, 0, 0], [0, 1, 0], [0, 0, 2]]}, "d = 3 correlated"),
        ({"mu": [0, 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
         {"mu": ["1/10^8", 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}, "d = 3 near-equal means"),
        ({"mu": [0, 0, 0], "Sigma": [["1/10^6", 0, 0], [0, 1, 0], [0, 0, 100]]},
         {"mu": [1, 1, 1], "Sigma": [[1, "1/2", 0], ["1/2", 1, 0], [0, 0, 1]]},
         "d = 3 variances 10^-6 to 100: x[3] spans 10^-40 to 10^40"),
    ),
)

# --------------------------------------------------------------------------- logistic normal
_lg_mu = Param("mu", REAL, "mean vector of the log-ratios (length d)", kind=REAL_VECTOR)
_lg_Sigma = Param("Sigma", REAL, "covariance matrix of the log-ratios (d x d, symmetric positive definite)",
                  kind=SPD_MATRIX)
lg_mu, lg_Sigma = _lg_mu.symbol(), _lg_Sigma.symbol()
x_simplex = sp.MatrixSymbol("x", D, 1)
#: log x[d+1] = log(1 - x[1] - ... - x[d]), the part of the simplex x does not list
_lg_log_last = log(1 - MatrixElement(sp.OneMatrix(D, 1).T * x_simplex, 0, 0))
#: the additive log-ratios (log(x[1]/x[d+1]), ..., log(x[d]/x[d+1]))
alr_x = x_simplex.applyfunc(log) - _lg_log_last * sp.OneMatrix(D, 1)
#: log of the Jacobian of x -> alr x, -(log x[1] + ... + log x[d] + log x[d+1])
_lg_log_jacobian = -MatrixElement(sp.OneMatrix(D, 1).T * x_simplex.applyfunc(log), 0, 0) - _lg_log_last
GE1v, GE2m = sp.MatrixSymbol("eta1", D, 1), sp.MatrixSymbol("eta2", D, D)

logistic_normal = Family(
    name="logistic_normal",
    title="Logistic normal",
    params=(_lg_mu, _lg_Sigma),
    support=Support(0, 1, discrete=False),
    logpdf=_normal_log_density(alr_x, lg_mu, lg_Sigma) + _lg_log_jacobian,
    parameterization=(
        "Aitchison's additive logistic normal L_d(mu, Sigma) on the open simplex with d + 1 parts, any d >= 1: "
        "x = (x[1], ..., x[d]) with every x[i] > 0 and x[d+1] = 1 - x[1] - ... - x[d] > 0 (the last part is "
        "not listed), and the additive log-ratios y[i] = log(x[i]/x[d+1]) are N_d(mu, Sigma): mu and Sigma are "
        "the mean and covariance of y, NOT of x. Density N_d(y; mu, Sigma) / (x[1] ... x[d] x[d+1]) with "
        "respect to Lebesgue measure on (x[1], ..., x[d]). x -> y is a bijection onto R^d, so every divergence "
        "equals that of multivariate_normal(mu, Sigma). The entropy has no closed form: it needs "
        "E[log(1 + exp(y[1]) + ... + exp(y[d]))] under the normal. Natural parameters eta1 = Sigma^-1 mu, "
        "eta2 = -Sigma^-1/2 with T(x) = (y, y y^T)."
    ),
    ef=_normal_parts(alr_x, lg_mu, lg_Sigma, GE1v, GE2m, -D * log(2 * pi) / 2 + _lg_log_jacobian),
    extra_check=_dimension_rule("mu", "Sigma"),
    example={"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]},
    variable=x_simplex,
    support_text="the open simplex: x[i] > 0 with x[1] + ... + x[d] < 1 (d free coordinates of d + 1 parts)",
    cases=(
        ({"mu": [0], "Sigma": [[1]]}, {"mu": [1], "Sigma": [[4]]}, "d = 1 (a logit-normal law)"),
        ({"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]}, {"mu": [1, 2], "Sigma": [[2, 1], [1, 3]]}, "d = 2 correlated"),
        ({"mu": [20, -10], "Sigma": [["1/4", 0], [0, "1/4"]]}, {"mu": [19, -11], "Sigma": [[1, "1/2"], ["1/2", 1]]},
         "d = 2 x[3] near 10^-9, x[2] near 10^-13"),
        ({"mu": [-20, -25], "Sigma": [["1/4", 0], [0, "1/4"]]}, {"mu": [-19, -26], "Sigma": [[1, "1/2"], ["1/2", 1]]},
         "d = 2 x[1] near 10^-9, x[2] near 10^-11"),
        ({"mu": [0, 0], "Sigma": [[1, "1-1/10^6"], ["1-1/10^6", 1]]}, {"mu": ["1/2", 0], "Sigma": [[1, 0], [0, 1]]},
         "d = 2 near-singular covariance"),
        ({"mu": [0, 0, 1], "Sigma": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]},
         {"mu": [1, 2, 0], "Sigma": [[3, 0, 0], [0, 1, 0], [0, 0, 2]]}, "d = 3 correlated"),
        ({"mu": [0, 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
         {"mu": ["1/10^8", 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}, "d = 3 near-equal means"),
        ({"mu": [0, 0, 0], "Sigma": [["1/10^6", 0, 0], [0, 1, 0], [0, 0, 9]]},
         {"mu": [1, 1, 1], "Sigma": [[1, "1/2", 0], ["1/2", 1, 0], [0, 0, 1]]}, "d = 3 variances 10^-6 to 9"),
    ),
)

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

# --------------------------------------------------------------------------- wishart
_nu = Param("nu", POSITIVE, "degrees of freedom", kind=DEGREES_OF_FREEDOM)
_V = Param("V", REAL, "scale matrix (d x d, symmetric positive definite)", kind=SPD_MATRIX)
nu, V = _nu.symbol(), _V.symbol()
W = sp.MatrixSymbol("W", D, D)
E1m = sp.MatrixSymbol("eta1", D, D)
e2 = eta("eta2")

wishart = Family(
    name="wishart",
    title="Wishart",
    params=(_nu, _V),
    support=Support(0, sp.oo, discrete=False),
    logpdf=((nu - D - 1) / 2 * log(Determinant(W)) - Trace(V.I * W) / 2 - nu * D / 2 * log(2)
            - nu / 2 * log(Determinant(V)) - log_multivariate_gamma(nu / 2)),
    parameterization=(
        "W_d(nu, V) on symmetric positive definite d x d matrices W: density "
        "|W|^((nu-d-1)/2) exp(-trace(V^-1 W)/2) / (2^(nu d/2) |V|^(nu/2) Gamma_d(nu/2)) with respect to "
        "Lebesgue measure on the d(d+1)/2 entries W[i][j], i <= j; nu > d - 1 degrees of freedom (real nu "
        "allowed), V the SPD scale matrix, E[W] = nu V (not the precision, not scale/nu). d = 1: "
        "Gamma(shape nu/2, rate 1/(2V)). Gamma_d is the multivariate gamma function."
    ),
    ef=ExpFamily(
        eta_symbols=(E1m, e2),
        eta=(-V.I / 2, (nu - D - 1) / 2),
        T=(W, log(Determinant(W))),
        A=-(e2 + (D + 1) / 2) * log(Determinant(-E1m)) + log_multivariate_gamma(e2 + (D + 1) / 2),
        log_h=sp.Integer(0),
    ),
    extra_check=_degrees_rule("nu", "V"),
    example={"nu": 3, "V": [[1, 0], [0, 1]]},
    variable=W,
    support_text="symmetric positive definite d x d matrices W",
    cases=(
        ({"nu": 3, "V": [[1]]}, {"nu": 5, "V": [["1/3"]]}, "d = 1 moderate"),
        ({"nu": "1/10", "V": [[2]]}, {"nu": "1/3", "V": [[2]]}, "d = 1 nu near d - 1 = 0"),
        ({"nu": 4, "V": [[1]]}, {"nu": 4, "V": [["1+1/10^8"]]}, "d = 1 near-equal"),
        ({"nu": 2000, "V": [[1]]}, {"nu": 2020, "V": [[1]]}, "d = 1 large nu"),
        ({"nu": 4, "V": [["1/10^6"]]}, {"nu": 6, "V": [["1/10^5"]]}, "d = 1 tiny scale"),
        ({"nu": "1/2", "V": [[10**6]]}, {"nu": 8, "V": [[1000]]}, "d = 1 huge scale, nu < 1"),
        ({"nu": 4, "V": [[2, 1], [1, 2]]}, {"nu": 5, "V": [[1, 0], [0, 3]]},
         "d = 2 correlated"),
        ({"nu": "11/10", "V": [[1, 0], [0, 1]]}, {"nu": 3, "V": [[2, "1/2"], ["1/2", 1]]},
         "d = 2 nu near d - 1 = 1"),
        ({"nu": 6, "V": [[1, "1/2"], ["1/2", 1]]}, {"nu": 6, "V": [[1, "1/2+1/10^8"], ["1/2+1/10^8", 1]]},
         "d = 2 near-equal"),
        ({"nu": 5, "V": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]}, {"nu": "7/2", "V": [[1, 0, 0], [0, 3, 0], [0, 0, 1]]},
         "d = 3 correlated"),
        ({"nu": 4, "V": [["1/1000", 0, 0], [0, 1, 0], [0, 0, 1000]]}, {"nu": 4, "V": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
         "d = 3 scales 10^6 apart"),
    ),
)

# --------------------------------------------------------------------------- inverse wishart
_inu = Param("nu", POSITIVE, "degrees of freedom", kind=DEGREES_OF_FREEDOM)
_Psi = Param("Psi", REAL, "scale matrix (d x d, symmetric positive definite)", kind=SPD_MATRIX)
inu, Psi = _inu.symbol(), _Psi.symbol()
Xm = sp.MatrixSymbol("X", D, D)
IE1m = sp.MatrixSymbol("eta1", D, D)
ie2 = eta("eta2")

inverse_wishart = Family(
    name="inverse_wishart",
    title="Inverse Wishart",
    params=(_inu, _Psi),
    support=Support(0, sp.oo, discrete=False),
    logpdf=(inu / 2 * log(Determinant(Psi)) - inu * D / 2 * log(2) - log_multivariate_gamma(inu / 2)
            - (inu + D + 1) / 2 * log(Determinant(Xm)) - Trace(Psi * Xm.I) / 2),
    parameterization=(
        "W_d^-1(nu, Psi) on symmetric positive definite d x d matrices X (X^-1 ~ Wishart(nu, Psi^-1)): density "
        "|Psi|^(nu/2) |X|^(-(nu+d+1)/2) exp(-trace(Psi X^-1)/2) / (2^(nu d/2) Gamma_d(nu/2)) with respect to "
        "Lebesgue measure on the entries X[i][j], i <= j; nu > d - 1 degrees of freedom, Psi the SPD scale "
        "matrix (mean Psi/(nu-d-1) for nu > d+1). d = 1: inverse gamma with shape nu/2 and scale Psi/2."
    ),
    ef=ExpFamily(
        eta_symbols=(IE1m, ie2),
        eta=(-Psi / 2, -(inu + D + 1) / 2),
        T=(Xm.I, log(Determinant(Xm))),
        A=((ie2 + (D + 1) / 2) * log(Determinant(-2 * IE1m)) - (ie2 + (D + 1) / 2) * D * log(2)
           + log_multivariate_gamma(-ie2 - (D + 1) / 2)),
        log_h=sp.Integer(0),
    ),
    extra_check=_degrees_rule("nu", "Psi"),
    example={"nu": 5, "Psi": [[1, 0], [0, 1]]},
    variable=Xm,
    support_text="symmetric positive definite d x d matrices X",
    cases=(
        ({"nu": 6, "Psi": [[2]]}, {"nu": 4, "Psi": [[4]]}, "d = 1 moderate"),
        ({"nu": "1/10", "Psi": [[1]]}, {"nu": "1/5", "Psi": [[2]]}, "d = 1 nu near d - 1 = 0: very heavy tail"),
        ({"nu": 10, "Psi": [[10]]}, {"nu": "10+1/10^8", "Psi": [[10]]}, "d = 1 near-equal"),
        ({"nu": 1000, "Psi": [[2000]]}, {"nu": 800, "Psi": [[1800]]}, "d = 1 large nu"),
        ({"nu": 4, "Psi": [["2/10^6"]]}, {"nu": 4, "Psi": [["2/10^5"]]}, "d = 1 tiny scale"),
        ({"nu": 3, "Psi": [[10**6]]}, {"nu": "1/2", "Psi": [[1]]}, "d = 1 huge scale"),
        ({"nu": 4, "Psi": [[2, 1], [1, 2]]}, {"nu": 5, "Psi": [[1, 0], [0, 3]]},
         "d = 2 correlated"),
        ({"nu": "21/10", "Psi": [[1, "1/2"], ["1/2", 1]]}, {"nu": 6, "Psi": [[3, 0], [0, "1/3"]]},
         "d = 2 nu near d - 1: heavy tail"),
        ({"nu": 6, "Psi": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]}, {"nu": "9/2", "Psi": [[1, 0, 0], [0, 2, 0], [0, 0, 3]]},
         "d = 3 correlated"),
    ),
)


def _conjugate_prior_cases(small_shape: str) -> tuple:
    """The cases normal_gamma and normal_inverse_gamma share: equal parameters give equal divergences."""
    return (
        ({"mu": 0, "lam": 1, "alpha": 2, "beta": 1}, {"mu": 1, "lam": 2, "alpha": 3, "beta": 2}, "moderate"),
        ({"mu": 0, "lam": 1, "alpha": 2, "beta": 1}, {"mu": "1/10^6", "lam": 1, "alpha": 2, "beta": 1},
         "near-equal means"),
        ({"mu": 1, "lam": "1/2", "alpha": "1/2", "beta": 2}, {"mu": 0, "lam": 1, "alpha": 1, "beta": 1},
         f"small shape: {small_shape}"),
        ({"mu": 0, "lam": 1, "alpha": 50, "beta": 50}, {"mu": 0, "lam": 1, "alpha": 60, "beta": 50}, "large shapes"),
        ({"mu": 3, "lam": "1/100", "alpha": 3, "beta": 1}, {"mu": -3, "lam": "1/10", "alpha": 3, "beta": 2},
         "small lam: wide in x"),
        ({"mu": 0, "lam": 10, "alpha": 5, "beta": "1/10"}, {"mu": 2, "lam": 1, "alpha": 2, "beta": 10}, "far apart"),
    )


# --------------------------------------------------------------------------- normal-gamma
_ng_mu = Param("mu", REAL, "location of x")
_ng_lam = Param("lam", POSITIVE, "precision scaling of x given tau")
_ng_alpha = Param("alpha", POSITIVE, "shape of tau")
_ng_beta = Param("beta", POSITIVE, "rate of tau")
ng_mu, ng_lam, ng_alpha, ng_beta = (p.symbol() for p in (_ng_mu, _ng_lam, _ng_alpha, _ng_beta))
x_real = sp.Symbol("x", real=True)
tau = sp.Symbol("tau", positive=True)
g1, g2, g3, g4 = eta("eta1", negative=True), eta("eta2"), eta("eta3"), eta("eta4", negative=True)

normal_gamma = Family(
    name="normal_gamma",
    title="Normal-gamma",
    params=(_ng_mu, _ng_lam, _ng_alpha, _ng_beta),
    support=Support(-sp.oo, sp.oo, discrete=False),
    logpdf=(ng_alpha * log(ng_beta) - loggamma(ng_alpha) + (ng_alpha - half) * log(tau) - ng_beta * tau
            + log(ng_lam) / 2 - log(2 * pi) / 2 - ng_lam * tau * (x_real - ng_mu) ** 2 / 2),
    parameterization=(
        "NG(mu, lam, alpha, beta), the conjugate prior of a normal with unknown mean and precision: "
        "tau ~ Gamma(shape alpha, RATE beta) and x | tau ~ N(mu, 1/(lam tau)); joint density on "
        "(x, tau) in R x (0, oo); mu real, lam > 0 (scales the precision of x), alpha > 0, beta > 0. "
        "Natural parameters (-beta - lam mu^2/2, alpha - 1/2, lam mu, -lam/2) with T = (tau, log tau, tau x, tau x^2)."
    ),
    ef=ExpFamily(
        eta_symbols=(g1, g2, g3, g4),
        eta=(-ng_beta - ng_lam * ng_mu**2 / 2, ng_alpha - half, ng_lam * ng_mu, -ng_lam / 2),
        T=(tau, log(tau), tau * x_real, tau * x_real**2),
        A=loggamma(g2 + half) - (g2 + half) * log(-g1 + g3**2 / (4 * g4)) - log(-2 * g4) / 2,
        log_h=-log(2 * pi) / 2,
    ),
    example={"mu": 0, "lam": 1, "alpha": 2, "beta": 1},
    variable=(x_real, tau),
    support_text="pairs (x, tau) with x real and tau > 0",
    cases=_conjugate_prior_cases("tau singular at 0"),
)

# --------------------------------------------------------------------------- normal-inverse-gamma
_nig_mu = Param("mu", REAL, "location of x")
_nig_lam = Param("lam", POSITIVE, "divides the variance of x given sigma2")
_nig_alpha = Param("alpha", POSITIVE, "shape of sigma2")
_nig_beta = Param("beta", POSITIVE, "scale of sigma2")
nig_mu, nig_lam, nig_alpha, nig_beta = (p.symbol() for p in (_nig_mu, _nig_lam, _nig_alpha, _nig_beta))
x_nig = sp.Symbol("x", real=True)
sigma2 = sp.Symbol("sigma2", positive=True)
h1, h2, h3, h4 = eta("eta1", negative=True), eta("eta2", negative=True), eta("eta3"), eta("eta4", negative=True)

normal_inverse_gamma = Family(
    name="normal_inverse_gamma",
    title="Normal-inverse-gamma",
    params=(_nig_mu, _nig_lam, _nig_alpha, _nig_beta),
    support=Support(-sp.oo, sp.oo, discrete=False),
    logpdf=(nig_alpha * log(nig_beta) - loggamma(nig_alpha) - (nig_alpha + Rational(3, 2)) * log(sigma2)
            - nig_beta / sigma2 + log(nig_lam) / 2 - log(2 * pi) / 2 - nig_lam * (x_nig - nig_mu) ** 2 / (2 * sigma2)),
    parameterization=(
        "NIG(mu, lam, alpha, beta), the conjugate prior of a normal with unknown mean and variance: "
        "sigma2 ~ inverse gamma(shape alpha, SCALE beta) and x | sigma2 ~ N(mu, sigma2/lam); joint density on "
        "(x, sigma2) in R x (0, oo); mu real, lam > 0, alpha > 0, beta > 0. The law of (x, 1/sigma2) is "
        "normal_gamma(mu, lam, alpha, beta) (rate beta), so the two give equal divergences. Natural parameters "
        "(-beta - lam mu^2/2, -alpha - 3/2, lam mu, -lam/2) with T = (1/sigma2, log sigma2, x/sigma2, x^2/sigma2)."
    ),
    ef=ExpFamily(
        eta_symbols=(h1, h2, h3, h4),
        eta=(-nig_beta - nig_lam * nig_mu**2 / 2, -nig_alpha - Rational(3, 2), nig_lam * nig_mu, -nig_lam / 2),
        T=(1 / sigma2, log(sigma2), x_nig / sigma2, x_nig**2 / sigma2),
        A=(loggamma(-h2 - Rational(3, 2)) + (h2 + Rational(3, 2)) * log(-h1 + h3**2 / (4 * h4))
           - log(-2 * h4) / 2),
        log_h=-log(2 * pi) / 2,
    ),
    example={"mu": 0, "lam": 1, "alpha": 2, "beta": 1},
    variable=(x_nig, sigma2),
    support_text="pairs (x, sigma2) with x real and sigma2 > 0",
    cases=_conjugate_prior_cases("sigma2 heavy-tailed, no mean") + (
        ({"mu": 0, "lam": 1, "alpha": 2, "beta": "1/10^6"}, {"mu": 0, "lam": "1/10^6", "alpha": 2, "beta": 1},
         "scales 10^6 apart"),
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

RECORDS = (multivariate_normal, multivariate_lognormal, logistic_normal, dirichlet, generalized_dirichlet, multinomial, negative_multinomial, wishart, inverse_wishart,
           normal_gamma,
           normal_inverse_gamma)
