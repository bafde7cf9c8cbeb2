"""Multivariate laws built on a normal vector (data only). Each record states its parameterization.

* ``multivariate_normal``: x ~ N_d(mu, Sigma);
* ``multivariate_lognormal`` and ``logistic_normal``: a bijection of x is N_d(mu, Sigma)
  (log x componentwise; Aitchison's additive log-ratios), so the normal's η and A with
  T of the transformed vector, and the Jacobian in log h;
* ``normal_gamma`` and ``normal_inverse_gamma``: x normal given a gamma (inverse gamma) scale.

Vector and matrix parameters are SymPy matrix symbols of the symbolic size ``d`` =
:data:`klsym.records.record.D`. The inner product that pairs η with E[T] in the Bregman
divergence follows the parameter: ``aᵀb`` for vectors, ``trace(aᵀB)`` for matrices.
Quadratic forms are written as the (0, 0) entry of a 1 x 1 matrix product.
"""

from __future__ import annotations

import sympy as sp
from sympy import Determinant, Rational, log, loggamma, pi
from sympy.matrices.expressions.matexpr import MatrixElement

from ..kinds import REAL_VECTOR, SPD_MATRIX
from ..record import D, ExpFamily, Family, Param, Support
from .domains import POSITIVE, REAL, eta

half = Rational(1, 2)


def quadratic(u: sp.MatrixExpr, m: sp.MatrixExpr, v: sp.MatrixExpr) -> sp.Expr:
    """uᵀ M v as a scalar (the entry of the 1 x 1 product)."""
    return MatrixElement(u.T * m * v, 0, 0)


def _normal_log_density(y: sp.MatrixExpr, mu: sp.MatrixExpr, sigma: sp.MatrixExpr) -> sp.Expr:
    """log N_d(y; mu, Sigma), written with the completed square (y − mu)ᵀ Sigma⁻¹ (y − mu)."""
    return -quadratic(y - mu, sigma.I, y - mu) / 2 - log(Determinant(sigma)) / 2 - D * log(2 * pi) / 2


def _normal_parts(y: sp.MatrixExpr, mu: sp.MatrixExpr, sigma: sp.MatrixExpr, e1: sp.MatrixSymbol,
                  e2: sp.MatrixSymbol, log_h: sp.Expr) -> ExpFamily:
    """The exponential-family parts of a law whose y(x) is N_d(mu, Sigma): eta = (Sigma⁻¹ mu, −Sigma⁻¹/2)
    with T = (y, y yᵀ) and the normal's log-partition in (e1, e2); ``log_h`` holds the Jacobian of x -> y."""
    return ExpFamily(eta_symbols=(e1, e2), eta=(sigma.I * mu, -sigma.I / 2), T=(y, y * y.T),
                     A=-quadratic(e1, e2.I, e1) / 4 - log(Determinant(-2 * e2)) / 2, log_h=log_h)


#: check cases shared by the laws of a normal vector (the normal's own hard ones: near-singular,
#: near-equal, correlated in d = 2 and 3), by label; each record adds its own
_NORMAL_CASES = (
    ({"mu": [0], "Sigma": [[1]]}, {"mu": [1], "Sigma": [[4]]}, "d = 1 textbook"),
    ({"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]}, {"mu": [1, 2], "Sigma": [[2, 1], [1, 3]]}, "d = 2 correlated"),
    ({"mu": [0, 0], "Sigma": [[1, "1-1/10^6"], ["1-1/10^6", 1]]}, {"mu": ["1/2", 0], "Sigma": [[1, 0], [0, 1]]},
     "d = 2 near-singular covariance"),
    ({"mu": [0, 0, 1], "Sigma": [[2, 1, 0], [1, 2, 1], [0, 1, 2]]},
     {"mu": [1, 2, 0], "Sigma": [[3, 0, 0], [0, 1, 0], [0, 0, 2]]}, "d = 3 correlated"),
    ({"mu": [0, 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
     {"mu": ["1/10^8", 0, 0], "Sigma": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}, "d = 3 near-equal means"),
)


def _normal_case(label: str) -> tuple:
    """The shared check case with this label."""
    (case,) = [c for c in _NORMAL_CASES if c[2] == label]
    return case


def dimension_rule(vector: str, matrix: str):
    def check(values: dict) -> str | None:
        a, b = values[vector], values[matrix]
        if a.shape[0] != b.shape[0]:
            return (f"parameters {vector} and {matrix}: {vector} has length {a.shape[0]} but {matrix} is "
                    f"{b.shape[0]} x {b.shape[1]}; the rule is len({vector}) = size of {matrix}")
        return None

    return check


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
    extra_check=dimension_rule("mu", "Sigma"),
    example={"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]},
    variable=x_vec,
    support_text="R^d (column vectors x of length d)",
    # multivariate rows: the oracle integrates over P's independent variables
    # (klsym.oracle.coordinates), one at a time, in any dimension
    cases=(
        _normal_case("d = 1 textbook"),
        ({"mu": [3], "Sigma": [[2]]}, {"mu": [3], "Sigma": [["2+1/10^8"]]}, "d = 1 near-equal"),
        _normal_case("d = 2 correlated"),
        _normal_case("d = 2 near-singular covariance"),
        _normal_case("d = 3 correlated"),
        _normal_case("d = 3 near-equal means"),
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
    extra_check=dimension_rule("mu", "Sigma"),
    example={"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]},
    variable=x_pos_vec,
    support_text="(0, oo)^d (column vectors x of length d with every x[i] > 0)",
    cases=(
        _normal_case("d = 1 textbook"),
        _normal_case("d = 2 correlated"),
        ({"mu": [30, -20], "Sigma": [["1/4", 0], [0, "1/4"]]}, {"mu": [29, -21], "Sigma": [[1, "1/2"], ["1/2", 1]]},
         "d = 2 x[1] near 10^13, x[2] near 10^-9"),
        _normal_case("d = 2 near-singular covariance"),
        _normal_case("d = 3 correlated"),
        _normal_case("d = 3 near-equal means"),
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
    extra_check=dimension_rule("mu", "Sigma"),
    example={"mu": [0, 0], "Sigma": [[1, 0], [0, 1]]},
    variable=x_simplex,
    support_text="the open simplex: x[i] > 0 with x[1] + ... + x[d] < 1 (d free coordinates of d + 1 parts)",
    cases=(
        ({"mu": [0], "Sigma": [[1]]}, {"mu": [1], "Sigma": [[4]]}, "d = 1 (a logit-normal law)"),
        _normal_case("d = 2 correlated"),
        ({"mu": [200, -10], "Sigma": [["1/4", 0], [0, "1/4"]]}, {"mu": [199, -11], "Sigma": [[1, "1/2"], ["1/2", 1]]},
         "d = 2 x[3] near 10^-87, x[2] near 10^-91"),
        ({"mu": [-20, -25], "Sigma": [["1/4", 0], [0, "1/4"]]}, {"mu": [-19, -26], "Sigma": [[1, "1/2"], ["1/2", 1]]},
         "d = 2 x[1] near 10^-9, x[2] near 10^-11"),
        _normal_case("d = 2 near-singular covariance"),
        _normal_case("d = 3 correlated"),
        _normal_case("d = 3 near-equal means"),
        ({"mu": [0, 0, 0], "Sigma": [["1/10^6", 0, 0], [0, 1, 0], [0, 0, 100]]},
         {"mu": [1, 1, 1], "Sigma": [[1, "1/2", 0], ["1/2", 1, 0], [0, 0, 1]]}, "d = 3 variances 10^-6 to 100"),
    ),
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


RECORDS = (multivariate_normal, multivariate_lognormal, logistic_normal, normal_gamma, normal_inverse_gamma)
