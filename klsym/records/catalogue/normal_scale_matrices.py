"""Normal vectors whose precision or covariance is a random SPD matrix (data only). Each record
states its parameterization.

* ``normal_wishart``: Lambda ~ Wishart(nu, W), x | Lambda ~ N(mu, (lam Lambda)^-1);
* ``normal_inverse_wishart``: Sigma ~ inverse Wishart(nu, Psi), x | Sigma ~ N(mu, Sigma/lam).

They are the conjugate priors of a multivariate normal with unknown mean and precision (covariance),
the d-dimensional normal_gamma and normal_inverse_gamma. The variable is the pair (x, Lambda) (or
(x, Sigma)): a d x 1 and a d x d matrix symbol of the symbolic size d = :data:`klsym.records.record.D`.
Both are exponential families with four natural parameters, a matrix, a vector and two numbers,
paired with E[T] by trace(aᵀB), aᵀb and products. Their log-partitions hold the log-determinant
of −2 η₁ + η₂η₂ᵀ/(2 η₃), the scale matrix's inverse (W⁻¹) or the scale matrix itself (Psi)
written in η.
"""

from __future__ import annotations

import sympy as sp
from sympy import Determinant, Trace, log, pi

from ..kinds import DEGREES_OF_FREEDOM, REAL_VECTOR, SPD_MATRIX
from ..record import D, ExpFamily, Family, Param, Support
from .domains import POSITIVE, REAL, eta, first_broken
from .matrices import degrees_rule, log_multivariate_gamma
from .normal_laws import dimension_rule, quadratic


#: check cases shared by the two laws (each has the same hard regimes); the scale matrix is named by each record
def _cases(scale: str) -> tuple:
    def c(mu, lam, s, nu):
        return {"mu": mu, "lam": lam, scale: s, "nu": nu}

    return (
        (c([0], 1, [[1]], 3), c([1], 2, [["1/2"]], 5), "d = 1 moderate"),
        (c([0, 0], 1, [[2, 1], [1, 2]], 4), c([1, -1], 2, [[1, 0], [0, 3]], 5), "d = 2 correlated"),
        (c([0, 0], 1, [[1, 0], [0, 1]], "11/10"), c([0, 0], 1, [[2, "1/2"], ["1/2", 1]], 3), "d = 2 nu near d - 1 = 1"),
        (c([0, 0], 2, [[1, "1/2"], ["1/2", 1]], 4), c(["1/10^8", 0], 2, [[1, "1/2"], ["1/2", 1]], 4),
         "d = 2 near-equal means"),
        (c([3, -3], "1/100", [[1, 0], [0, 1]], 3), c([-3, 3], "1/10", [[1, 0], [0, 1]], 3),
         "d = 2 small lam: wide in x"),
        (c([0, 0], 1, [[1, 0], [0, 1]], 1000), c([0, 0], 1, [[1, 0], [0, 1]], 1010), "d = 2 large nu"),
        (c([0, 0], 1, [["1/1000", 0], [0, 1000]], 3), c([1, 1], 1, [[1, 0], [0, 1]], 4), "d = 2 scales 10^6 apart"),
        (c([0, 0, 1], 1, [[2, 1, 0], [1, 2, 1], [0, 1, 2]], 5),
         c([1, 0, 0], 3, [[1, 0, 0], [0, 3, 0], [0, 0, 1]], "7/2"), "d = 3 correlated"),
    )


# --------------------------------------------------------------------------- normal-wishart
_nw_mu = Param("mu", REAL, "location of x (length d)", kind=REAL_VECTOR)
_nw_lam = Param("lam", POSITIVE, "scales the precision of x given Lambda")
_nw_W = Param("W", REAL, "scale matrix of Lambda (d x d, symmetric positive definite)", kind=SPD_MATRIX)
_nw_nu = Param("nu", POSITIVE, "degrees of freedom of Lambda", kind=DEGREES_OF_FREEDOM)
nw_mu, nw_lam, nw_W, nw_nu = (p.symbol() for p in (_nw_mu, _nw_lam, _nw_W, _nw_nu))
nw_x, nw_Lam = sp.MatrixSymbol("x", D, 1), sp.MatrixSymbol("Lambda", D, D)
nw_e1, nw_e2 = sp.MatrixSymbol("eta1", D, D), sp.MatrixSymbol("eta2", D, 1)
nw_e3, nw_e4 = eta("eta3", negative=True), eta("eta4")

normal_wishart = Family(
    name="normal_wishart",
    title="Normal-Wishart",
    params=(_nw_mu, _nw_lam, _nw_W, _nw_nu),
    support=Support(-sp.oo, sp.oo, discrete=False),
    logpdf=(D / 2 * log(nw_lam) - D / 2 * log(2 * pi) + (nw_nu - D) / 2 * log(Determinant(nw_Lam))
            - nw_lam / 2 * quadratic(nw_x - nw_mu, nw_Lam, nw_x - nw_mu) - Trace(nw_W.I * nw_Lam) / 2
            - nw_nu * D / 2 * log(2) - nw_nu / 2 * log(Determinant(nw_W)) - log_multivariate_gamma(nw_nu / 2)),
    parameterization=(
        "NW(mu, lam, W, nu), the conjugate prior of a d-dimensional normal with unknown mean and precision: "
        "Lambda ~ Wishart(nu, W) (the wishart record: E[Lambda] = nu W) and x | Lambda ~ N(mu, (lam Lambda)^-1); "
        "joint density on (x, Lambda), x in R^d, Lambda symmetric positive definite d x d, with respect to Lebesgue "
        "measure on x and the entries Lambda[i][j], i <= j; mu a real vector of length d, lam > 0 (scales the "
        "precision of x), W the SPD scale matrix (not its inverse), nu > d - 1 (real nu allowed). d = 1 is "
        "normal_gamma(mu, lam, alpha = nu/2, beta = 1/(2 W)). Natural parameters (-(W^-1 + lam mu mu^T)/2, lam mu, "
        "-lam/2, (nu - d)/2) with T = (Lambda, Lambda x, x^T Lambda x, log det Lambda)."
    ),
    ef=ExpFamily(
        eta_symbols=(nw_e1, nw_e2, nw_e3, nw_e4),
        eta=(-(nw_W.I + nw_lam * nw_mu * nw_mu.T) / 2, nw_lam * nw_mu, -nw_lam / 2, (nw_nu - D) / 2),
        T=(nw_Lam, nw_Lam * nw_x, quadratic(nw_x, nw_Lam, nw_x), log(Determinant(nw_Lam))),
        A=(-D / 2 * log(-2 * nw_e3) + (nw_e4 + D / 2) * D * log(2)
           - (nw_e4 + D / 2) * log(Determinant(-2 * nw_e1 + nw_e2 * nw_e2.T / (2 * nw_e3)))
           + log_multivariate_gamma(nw_e4 + D / 2)),
        log_h=-D / 2 * log(2 * pi),
    ),
    extra_check=first_broken(dimension_rule("mu", "W"), degrees_rule("nu", "W")),
    example={"mu": [0, 0], "lam": 1, "W": [[1, 0], [0, 1]], "nu": 3},
    variable=(nw_x, nw_Lam),
    support_text="pairs (x, Lambda): x in R^d, Lambda a symmetric positive definite d x d matrix",
    cases=_cases("W"),
)


# --------------------------------------------------------------------------- normal-inverse-wishart
_niw_mu = Param("mu", REAL, "location of x (length d)", kind=REAL_VECTOR)
_niw_lam = Param("lam", POSITIVE, "divides the covariance of x given Sigma")
_niw_Psi = Param("Psi", REAL, "scale matrix of Sigma (d x d, symmetric positive definite)", kind=SPD_MATRIX)
_niw_nu = Param("nu", POSITIVE, "degrees of freedom of Sigma", kind=DEGREES_OF_FREEDOM)
niw_mu, niw_lam, niw_Psi, niw_nu = (p.symbol() for p in (_niw_mu, _niw_lam, _niw_Psi, _niw_nu))
niw_x, niw_Sig = sp.MatrixSymbol("x", D, 1), sp.MatrixSymbol("Sigma", D, D)
niw_e1, niw_e2 = sp.MatrixSymbol("eta1", D, D), sp.MatrixSymbol("eta2", D, 1)
niw_e3, niw_e4 = eta("eta3", negative=True), eta("eta4", negative=True)
#: nu/2 written in eta4 = -(nu + d + 2)/2
_niw_half_nu = -niw_e4 - D / 2 - 1

normal_inverse_wishart = Family(
    name="normal_inverse_wishart",
    title="Normal-inverse-Wishart",
    params=(_niw_mu, _niw_lam, _niw_Psi, _niw_nu),
    support=Support(-sp.oo, sp.oo, discrete=False),
    logpdf=(niw_nu / 2 * log(Determinant(niw_Psi)) - niw_nu * D / 2 * log(2) - log_multivariate_gamma(niw_nu / 2)
            - (niw_nu + D + 2) / 2 * log(Determinant(niw_Sig)) - Trace(niw_Psi * niw_Sig.I) / 2
            + D / 2 * log(niw_lam) - D / 2 * log(2 * pi)
            - niw_lam / 2 * quadratic(niw_x - niw_mu, niw_Sig.I, niw_x - niw_mu)),
    parameterization=(
        "NIW(mu, lam, Psi, nu), the conjugate prior of a d-dimensional normal with unknown mean and covariance: "
        "Sigma ~ inverse Wishart(nu, Psi) (the inverse_wishart record) and x | Sigma ~ N(mu, Sigma/lam); joint "
        "density on (x, Sigma), x in R^d, Sigma symmetric positive definite d x d, with respect to Lebesgue measure "
        "on x and the entries Sigma[i][j], i <= j; mu a real vector of length d, lam > 0 (divides the covariance "
        "of x), Psi the SPD scale matrix, nu > d - 1. The law of (x, Sigma^-1) is normal_wishart(mu, lam, Psi^-1, "
        "nu), so the two give equal divergences; d = 1 is normal_inverse_gamma(mu, lam, alpha = nu/2, beta = "
        "Psi/2). Natural parameters (-(Psi + lam mu mu^T)/2, lam mu, -lam/2, -(nu + d + 2)/2) with T = (Sigma^-1, "
        "Sigma^-1 x, x^T Sigma^-1 x, log det Sigma)."
    ),
    ef=ExpFamily(
        eta_symbols=(niw_e1, niw_e2, niw_e3, niw_e4),
        eta=(-(niw_Psi + niw_lam * niw_mu * niw_mu.T) / 2, niw_lam * niw_mu, -niw_lam / 2, -(niw_nu + D + 2) / 2),
        T=(niw_Sig.I, niw_Sig.I * niw_x, quadratic(niw_x, niw_Sig.I, niw_x), log(Determinant(niw_Sig))),
        A=(-_niw_half_nu * log(Determinant(-2 * niw_e1 + niw_e2 * niw_e2.T / (2 * niw_e3)))
           + _niw_half_nu * D * log(2) + log_multivariate_gamma(_niw_half_nu) - D / 2 * log(-2 * niw_e3)),
        log_h=-D / 2 * log(2 * pi),
    ),
    extra_check=first_broken(dimension_rule("mu", "Psi"), degrees_rule("nu", "Psi")),
    example={"mu": [0, 0], "lam": 1, "Psi": [[1, 0], [0, 1]], "nu": 3},
    variable=(niw_x, niw_Sig),
    support_text="pairs (x, Sigma): x in R^d, Sigma a symmetric positive definite d x d matrix",
    cases=_cases("Psi"),
)


RECORDS = (normal_wishart, normal_inverse_wishart)
