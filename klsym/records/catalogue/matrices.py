"""Laws on symmetric positive definite matrices (data only). Each record states its parameterization.

* ``wishart`` and ``inverse_wishart``, d x d, any d;
* ``lkj``: Lewandowski-Kurowicka-Joe laws on d x d correlation matrices (d a fixed parameter).

Matrix parameters are SymPy matrix symbols of the symbolic size ``d`` =
:data:`klsym.records.record.D`; the inner product that pairs η with E[T] in the Bregman
divergence is ``trace(aᵀB)`` for matrices. The multivariate gamma function is the sum
log Γ_d(a) = d(d−1)/4 log π + Σ_{j=1}^{d} log Γ(a + (1 − j)/2) (its definition, e.g. DLMF 35.3.1).
"""

from __future__ import annotations

import sympy as sp
from sympy import Determinant, Trace, log, loggamma, pi

from ..kinds import DEGREES_OF_FREEDOM, SPD_MATRIX
from ..record import D, ExpFamily, Family, Param, Support
from .domains import INDEX_J as _j, POSITIVE, REAL, eta

def log_multivariate_gamma(a: sp.Expr, d: sp.Expr = D) -> sp.Expr:
    """log Γ_d(a) = d(d−1)/4 log π + Σ_{j=1}^{d} log Γ(a + (1 − j)/2) (DLMF 35.3.1)."""
    return d * (d - 1) / 4 * log(pi) + sp.Sum(loggamma(a + (1 - _j) / 2), (_j, 1, d))


def degrees_rule(nu: str, matrix: str):
    def check(values: dict) -> str | None:
        n, m = values[nu], values[matrix]
        dim = m.shape[0]
        if not (n > dim - 1) is sp.true:
            return f"parameter {nu} = {n} breaks the rule {nu} > d - 1 = {dim - 1} (d = {dim}, the size of {matrix})"
        return None

    return check


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
    extra_check=degrees_rule("nu", "V"),
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
    extra_check=degrees_rule("nu", "Psi"),
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
        ({"nu": "24/11", "Psi": [["16/9", 0, "-16/9"], [0, "1/16", "-1/7"], ["-16/9", "-1/7", "57073/1764"]]},
         {"nu": 3, "Psi": [["9/4", "-15/4", "-15/4"], ["-15/4", "229/36", "215/36"], ["-15/4", "215/36", "143/18"]]},
         "d = 3 nu near d - 1 = 2: a chi(2/11) Bartlett entry, X^-1 near singular in its tail"),
    ),
)


# --------------------------------------------------------------------------- lkj
_lkj_eta = Param("eta", POSITIVE, "shape: 1 uniform over correlation matrices, above 1 toward the identity, "
                 "below 1 toward singular matrices")
_lkj_d = Param("d", sp.Interval.open(1, sp.oo), "dimension (fixed; an integer d >= 2)", integer=True, fixed=True)
lkj_eta, lkj_d = _lkj_eta.symbol(), _lkj_d.symbol()  # lkj_d is D, the size of the matrix variable
R = sp.MatrixSymbol("R", D, D)
lkj_theta = eta("theta")
#: log of the normalising constant, integral of det(R)^theta over d x d correlation matrices (Lewandowski,
#: Kurowicka & Joe, J. Multivariate Anal. 100, 2009, section 3.2: a product over m = d - k of
#: (2^(2b-1) B(b, b))^m, b = theta + (m + 1)/2), each factor written by Legendre's duplication formula as
#: sqrt(pi) Gamma(b)/Gamma(b + 1/2)
_lkj_A = sp.Sum(_j * (log(pi) / 2 + loggamma(lkj_theta + (_j + 1) / 2) - loggamma(lkj_theta + (_j + 2) / 2)),
                (_j, 1, lkj_d - 1))

lkj = Family(
    name="lkj",
    title="LKJ (correlation matrices)",
    params=(_lkj_eta, _lkj_d),
    support=Support(-1, 1, discrete=False),
    logpdf=(lkj_eta - 1) * log(Determinant(R)) - _lkj_A.subs(lkj_theta, lkj_eta - 1),
    parameterization=(
        "LKJ(eta) on d x d correlation matrices R (symmetric positive definite, unit diagonal): density "
        "det(R)^(eta-1) / c_d(eta) with respect to Lebesgue measure on the d(d-1)/2 entries R[i][j], i < j, where "
        "c_d(eta) = prod_(m=1)^(d-1) (sqrt(pi) Gamma(eta + (m-1)/2) / Gamma(eta + m/2))^m is the integral of "
        "det(R)^(eta-1) (Lewandowski, Kurowicka and Joe 2009). eta > 0; d >= 2 an integer, FIXED (shared by P and "
        "Q). eta = 1 is uniform over correlation matrices; d = 2 is R[1][2] = 2 B - 1 with B ~ Beta(eta, eta). "
        "Natural parameter theta = eta - 1 with T = log det R and A = log c_d."
    ),
    ef=ExpFamily(
        eta_symbols=(lkj_theta,),
        eta=(lkj_eta - 1,),
        T=(log(Determinant(R)),),
        A=_lkj_A,
        log_h=sp.Integer(0),
    ),
    example={"eta": 2, "d": 3},
    variable=R,
    support_text="d x d correlation matrices R: symmetric positive definite with unit diagonal",
    cases=(
        ({"eta": 1, "d": 2}, {"eta": 2, "d": 2}, "d = 2: uniform against Beta(2, 2) on (-1, 1)"),
        ({"eta": 2, "d": 3}, {"eta": 1, "d": 3}, "d = 3 moderate"),
        ({"eta": "1/10", "d": 3}, {"eta": 1, "d": 3}, "d = 3 eta 1/10: mass toward singular matrices"),
        ({"eta": 1000, "d": 3}, {"eta": 1100, "d": 3}, "d = 3 large eta: near the identity"),
        ({"eta": "5/2", "d": 4}, {"eta": "5/2+1/10^9", "d": 4}, "d = 4 near-equal"),
        ({"eta": "1/2", "d": 4}, {"eta": 3, "d": 4}, "d = 4 eta 1/2"),
        ({"eta": 2, "d": 5}, {"eta": "1/2", "d": 5}, "d = 5: 10 entries"),
    ),
)


RECORDS = (wishart, inverse_wishart, lkj)
